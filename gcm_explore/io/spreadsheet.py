"""A workbook as a data package: one sheet per table (as ``export_xlsx`` writes them), read into
rows and checked like any package; with a base record, its rows are added to it. Every problem
names the workbook, the sheet, the row and the column.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import DataError, Problem
from ..model.dataset import TABLES, Dataset
from .files import missing
from .package import (
    DERIVED_COLUMNS,
    Part,
    cell_precision,
    cell_text,
    combine,
    frame_part,
    load_parts,
    package_descriptor,
    schema_columns,
    unescape,
)
from .reading import check_header, table_path

__all__ = ["from_spreadsheet"]

def _open_workbook(path: Path):
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.is_file():
        raise DataError.from_problems([Problem(str(path), None, None, None, "does not exist",
                                               "give the path of an Excel workbook (.xlsx)", "file")])
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DataError.from_problems([Problem(path.name, None, None, None, f"cannot be read as an Excel workbook "
                                               f"({exc})", "save it from the spreadsheet program as 'Excel Workbook "
                                               "(.xlsx)' (.xls and .ods files are not read)", "file")]) from None



def _find_sheet(wb, table: str):
    near = [s for s in wb.sheetnames if s == table] or [s for s in wb.sheetnames if s.strip().casefold() == table]
    return wb[near[0]] if near else None



def _read_sheet(ws, resource: dict, file: str) -> tuple[Part, list[Problem], frozenset]:
    """The rows of a sheet as CSV text, numbered as the spreadsheet shows them (empty rows, which
    hold nothing, are skipped); the problems of its header; the columns missing from it."""
    from openpyxl.utils import get_column_letter

    table, columns = resource["name"], schema_columns(resource)
    ws.reset_dimensions()  # read every stored cell, whatever size the file declares
    records = [list(r) for r in ws.iter_rows(values_only=True)] or [[]]
    width = max((i + 1 for r in records for i, v in enumerate(r) if not blank(v)), default=0)
    records = [(r + [None] * width)[:width] for r in records]
    header = [unescape(cell_text(v, table, "")).strip() for v in records[0]]
    problems = []
    for p in check_header(resource, header):
        if p.column not in DERIVED_COLUMNS.get(table, ()):
            value = p.value
            if isinstance(value, str) and (m := re.fullmatch(r"column (\d+)", value)):
                value = f"column {get_column_letter(int(m.group(1)))}"
            problems.append(Problem(file, p.row, p.column, value, p.message, p.fix, p.kind))
    where = {name: i for i, name in reversed(list(enumerate(header))) if name}  # a repeated column: the first
    hint = where.get("date_precision" if table == "events" else "start_precision")
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if all(blank(v) for v in record):
            continue
        precision = cell_precision(record[hint]) if hint is not None else "day"
        values = [record[where[c]] if c in where else None for c in columns]
        rows.append((number, [(unescape(v) if isinstance(v, str) else cell_text(v, table, c, precision)).strip()
                              for c, v in zip(columns, values)]))
    lacks = frozenset(p.column for p in problems if p.message.startswith("is missing"))
    return Part(file, rows), problems, lacks



def blank(value) -> bool:
    return missing(value) or (isinstance(value, str) and not unescape(value).strip())



def from_spreadsheet(path, base: Dataset | None = None) -> Dataset:
    """Read a workbook with one sheet per table into a validated :class:`~gcm_explore.model.dataset.Dataset`.

    Parameters
    ----------
    path : an Excel workbook (.xlsx). Each table is the sheet named like it (``sources``,
        ``actors``, ``processes``, ``events``, ``participation``, ``relations``, ``objectives``,
        ``objective_links``, ``principles``), its header in row 1; other sheets (such as the
        ``nodes`` and ``edges`` of :func:`~gcm_explore.io.tables.export_xlsx`) are ignored.
    base : a dataset to add the workbook's rows to, e.g. ``gx.load_dataset()``. A missing sheet
        then means no new rows, rows may cite ids of ``base``, a row ``base`` has too is kept
        once, and a key of ``base`` with other content is a problem. Without ``base`` every
        sheet must be there.

    Cells are read as ``load_dataset`` reads CSV text. A date cell of ``start`` or ``end`` is
    taken at the precision of its row (``events.date_precision``, for processes and relations
    the ``start_precision`` column that ``export_xlsx`` writes, else the day), a whole number as
    an integer, and text loses one leading ``'`` (``export_xlsx`` adds one to text that starts
    like a formula or with ``'``). The schemas are those of ``base``, else of the bundled package.

    Returns the dataset; its ``path`` is the workbook.

    Raises
    ------
    DataError (or a subclass) listing every problem, each naming the workbook, sheet, row (as the
    spreadsheet numbers it), column, value and fix, e.g. ``mine.xlsx, sheet 'events', row 7,
    column 'start': '2018-02-30' is not a date in the calendar. Fix: ...``.

    Examples
    --------
    >>> import pathlib, tempfile, gcm_explore as gx
    >>> ds = gx.load_dataset()
    >>> book = gx.export_xlsx(ds, pathlib.Path(tempfile.mkdtemp()) / "gcm.xlsx")
    >>> from_spreadsheet(book).events.equals(ds.events)
    True
    """
    path = Path(path)
    descriptor = package_descriptor(base.descriptor if base is not None else None)
    wb = _open_workbook(path)
    try:
        sheets = {name: _find_sheet(wb, name) for name in TABLES}
        absent = [name for name, ws in sheets.items() if ws is None]
        if len(absent) == len(TABLES) or (absent and base is None):
            raise DataError.from_problems([Problem(
                path.name, None, None, None, f"has no sheet named {name!r} (its sheets are: "
                f"{', '.join(wb.sheetnames) or 'none'})", "add a sheet named like each table, with its header in row 1 "
                "(gx.export_xlsx(gx.load_dataset(), 'example.xlsx') writes an example)" + (
                    "" if base is not None else ", or pass base=gx.load_dataset() to add the workbook's rows to the "
                    "bundled record"), "file") for name in absent])
        parts, problems, shown, unread = {}, [], {}, set()
        for resource in descriptor["resources"]:
            name, ws, rel = resource["name"], sheets[resource["name"]], table_path(resource)
            part, lacks = None, frozenset()
            if ws is not None:
                part, header_problems, lacks = _read_sheet(ws, resource, f"{path.name}, sheet {ws.title!r}")
                problems += header_problems
                unread |= {(part.file, column) for column in lacks}
            if base is None:
                parts[name], shown[rel] = [part], f"sheet {ws.title!r}"
                continue
            own = frame_part(base, resource, f"{rel} of the base data")
            shown[rel] = f"sheet {ws.title!r} or the base data" if ws is not None else f"the base data's {rel}"
            if part is not None:
                part, clashes = combine(resource, own, part, ("the base data", "the workbook"), lacks)
                problems += clashes
            parts[name] = [own] if part is None else [own, part]
    finally:
        wb.close()
    # a column missing from a sheet is reported once, in its header, not again in each row
    ds = load_parts(descriptor, parts, shown, problems, frozenset(unread))
    ds.path = path.resolve()
    return ds
