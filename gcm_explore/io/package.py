"""Data packages in and out: write a dataset as a package, read a workbook, merge two datasets.

- :func:`write_package` writes a :class:`~gcm_explore.model.dataset.Dataset` as a Frictionless data
  package (``datapackage.json`` and one UTF-8 CSV per table);
- :func:`from_spreadsheet` reads a workbook with one sheet per table (what
  :func:`~gcm_explore.io.tables.export_xlsx` writes, or what a teacher keeps), alone or added to a
  ``base`` dataset; problems name the workbook, sheet, row and column;
- :func:`merge` adds the rows of one dataset to another: a row in both is kept once, a key in
  both with other content is a clash, reported and never overwritten.

Every result passes through :func:`~gcm_explore.io.load.load_dataset`, so every check applies.
Nothing is lost: ``write_package`` and ``export_xlsx`` → ``from_spreadsheet`` give back identical
tables (``tests/test_package.py``: the bundled data, and generated data with Arabic and formulas).

>>> import tempfile
>>> import gcm_explore as gx
>>> ds = gx.load_dataset()
>>> again = gx.load_dataset(write_package(ds, tempfile.mkdtemp()))
>>> again.events.equals(ds.events) and again.processes.equals(ds.processes)
True
"""

from __future__ import annotations

import copy
import csv
import json
import re
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError, DateError, Problem, shorten
from ..model.dataset import DATE_COLUMNS, TABLES, Dataset, bundled_path
from ..model.dates import parse_date, period_end
from .files import missing, writing
from .load import load_dataset
from .reading import table_path

__all__ = ["write_package", "merge", "DERIVED_COLUMNS", "Part", "cell_precision", "cell_text", "combine", "frame_part",
           "load_parts", "package_descriptor", "schema_columns", "unescape"]

#: Columns ``load_dataset`` adds that are not in the schema. ``write_package`` leaves them out;
#: ``from_spreadsheet`` reads them (``export_xlsx`` writes them) only as the precision of a date cell.
DERIVED_COLUMNS = {"processes": ("start_precision",), "relations": ("start_precision",)}
_FORMS = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


@dataclass
class Part:
    """Rows of a table from one origin, as CSV text in schema order, with the row numbers it shows."""

    file: str  # how problems name the origin: "mine.xlsx, sheet 'events'", "events.csv of b"
    rows: list[tuple[int, list[str]]]


# --- values as CSV text -------------------------------------------------------------------


def _date_text(ts: pd.Timestamp, precision: str, end: bool) -> str:
    """``ts`` at ``precision`` if load_dataset reads that back as ``ts`` (the first day of the period
    for a start, the last for an end), else YYYY-MM-DD (with its time if any: the schema refuses it)."""
    if ts != ts.normalize():
        return ts.isoformat()
    text = ts.strftime(_FORMS.get(precision, "%Y-%m-%d"))
    try:
        first, p = parse_date(text)
    except DateError:  # a year the schema refuses: written in full, then reported by load_dataset
        return ts.strftime("%Y-%m-%d")
    return text if (period_end(first, p) if end else first) == ts else ts.strftime("%Y-%m-%d")


def cell_text(value, table: str, column: str, precision: str = "day") -> str:
    """A cell of a frame or a sheet as the CSV text that load_dataset reads back as that value."""
    if missing(value):
        return ""
    if isinstance(value, datetime | date):
        ts = pd.Timestamp(value)
        if column in DATE_COLUMNS.get(table, ()):
            return _date_text(ts, precision, end=column == "end")
        return ts.strftime("%Y-%m-%d") if ts == ts.normalize() else ts.isoformat()
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    return str(value)


def cell_precision(value) -> str:
    value = unescape(value).strip() if isinstance(value, str) else value
    return value if value in _FORMS else "day"


def unescape(text: str) -> str:
    """Undo export_xlsx: the ``_xHHHH_`` escapes of Office Open XML, then one leading ``'``."""
    text = _ESCAPE.sub(lambda m: m.group() if 0xD800 <= int(m.group(1), 16) <= 0xDFFF else chr(int(m.group(1), 16)),
                       text)
    return text[1:] if text.startswith("'") else text


# --- descriptor and files -----------------------------------------------------------------

def package_descriptor(descriptor: dict | None) -> dict:
    """A copy of ``descriptor`` (the bundled one if empty) with one resource per table, in its order.
    ``hash``, ``bytes`` and ``dialect`` go: the files are written again, UTF-8 and comma-separated."""
    bundled = json.loads((bundled_path() / "datapackage.json").read_text(encoding="utf-8"))
    out = copy.deepcopy(descriptor if descriptor and descriptor.get("resources") else bundled)
    have = {r.get("name") for r in out["resources"]}
    out["resources"] = [r for r in out["resources"] if r.get("name") in TABLES]  # the tables a Dataset holds
    out["resources"] += [r for r in bundled["resources"] if r["name"] in TABLES and r["name"] not in have]
    for resource in out["resources"]:
        for prop in ("hash", "bytes", "dialect"):
            resource.pop(prop, None)
        if "encoding" in resource:
            resource["encoding"] = "utf-8"
    return out


def schema_columns(resource: dict) -> list[str]:
    return [f["name"] for f in resource["schema"]["fields"]]


def _target(folder: Path, resource: dict) -> Path:
    rel = table_path(resource)
    if not isinstance(rel, str) or not (folder / rel).resolve().is_relative_to(folder.resolve()):
        raise DataError([Problem("datapackage.json", None, None, rel, f"is the path of table {resource['name']!r}, "
                                 "outside the package's folder", f"give a path inside it, e.g. {resource['name']}.csv",
                                 "file")])
    (folder / rel).parent.mkdir(parents=True, exist_ok=True)
    return folder / rel


def _write_csv(path: Path, columns: list[str], rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        plain = csv.writer(fh, lineterminator="\n")
        quoted = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_ALL)  # "\n" alone leaves a "\r" unquoted
        plain.writerow(columns)
        for row in rows:
            (quoted if any("\r" in cell for cell in row) else plain).writerow(row)


def frame_part(ds: Dataset, resource: dict, file: str) -> Part:
    """A table of ``ds`` as CSV text, rows numbered as write_package writes them; DataError if a column
    is neither in the schema nor derived (it would be lost)."""
    name, columns = resource["name"], schema_columns(resource)
    frame = getattr(ds, name)
    extra = [str(c) for c in frame.columns if c not in columns and c not in DERIVED_COLUMNS.get(name, ())]
    if extra:
        raise DataError([Problem(file, None, c, None, "is a column of the table but not of its schema, so it "
                                 "would be lost", f"add it to the schema of {name!r} in the descriptor, or drop it "
                                 f"(ds.{name}.drop(columns=[{c!r}]))") for c in extra])
    hint = "date_precision" if name == "events" else "start_precision"
    return Part(file, [(i, [cell_text(record.get(c), name, c, cell_precision(record.get(hint))) for c in columns])
                        for i, record in enumerate(frame.to_dict("records"), start=2)])


def write_package(ds: Dataset, folder) -> Path:
    """Write ``ds`` as a data package in ``folder`` (created if missing); return the folder.

    ``datapackage.json`` is ``ds.descriptor`` (the bundled one for a dataset built by hand);
    each table is a UTF-8 CSV at the path its resource gives, with exactly the schema's columns
    in schema order. Columns ``load_dataset`` derives (``start_precision``) are left out; a
    column neither in the schema nor derived is an error, as it would be lost. A start is
    written at its precision (``2018-05``, ``2018``), an end at the start's precision when it is
    the last day of such a period, else as YYYY-MM-DD: ``load_dataset`` gives back identical
    frames. Each file is replaced atomically; other files in the folder are left alone.

    Text is written as it is, with no neutralising of formulas (unlike the CSV and XLSX
    exports): a data package is data for programs, and a leading ``'`` would change the data.

    >>> import tempfile, gcm_explore as gx
    >>> folder = write_package(gx.load_dataset(), tempfile.mkdtemp())
    >>> text = (folder / "processes.csv").read_text(encoding="utf-8")
    >>> next(line for line in text.splitlines() if line.startswith("phase1_")).split(",")[6:8]
    ['2017-04', '2017-11']
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(f"{folder} is a file: a data package is written to a folder; give a folder name")
    descriptor = package_descriptor(ds.descriptor)
    parts = [(r, frame_part(ds, r, table_path(r))) for r in descriptor["resources"]]  # every check before writing
    folder.mkdir(parents=True, exist_ok=True)
    for resource, part in parts:
        with writing(_target(folder, resource), ".csv") as tmp:
            _write_csv(tmp, schema_columns(resource), [cells for _, cells in part.rows])
    with writing(folder / "datapackage.json", ".json") as tmp:
        tmp.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return folder


# --- rows from several origins, validated as one package -------------------------------------

def _canonical(resource: dict, column: str, text: str) -> str:
    """``text`` as load_dataset reads it, to compare rows: an end as its last day, an integer as a number."""
    spec = next((f for f in resource["schema"]["fields"] if f["name"] == column), {})
    try:
        if column == "end" and resource["name"] in DATE_COLUMNS and text:
            return period_end(*parse_date(text)).strftime("%Y-%m-%d")
        if spec.get("type") == "integer" and text:
            return str(int(text))
    except (DateError, ValueError):
        pass
    return text


def combine(resource: dict, first: Part, second: Part, names: tuple[str, str],
             unread: frozenset = frozenset()) -> tuple[Part, list[Problem]]:
    """``second`` less the rows ``first`` has too, and a problem for each key in both with other
    content (the columns in ``unread``, missing from a sheet and reported there, are not compared)."""
    columns = schema_columns(resource)
    key = resource["schema"].get("primaryKey") or columns
    at = [columns.index(k) for k in ([key] if isinstance(key, str) else key) if k in columns]
    one, two = names
    fix = (f"give the row another {columns[at[0]]} in {two}, or drop it from {one} or {two}" if len(at) == 1 else
           f"keep one of the two rows (drop it from {one} or {two}), or make them the same")

    def canon(cells):
        return [_canonical(resource, c, x) for c, x in zip(columns, cells)]

    seen = {tuple(canon(cells)[i] for i in at): cells for _, cells in first.rows}
    kept, problems = [], []
    for number, cells in second.rows:
        mine = canon(cells)
        other = seen.get(tuple(mine[i] for i in at))
        if other is None:
            kept.append((number, cells))
            continue
        differ = [(c, x, y) for c, x, y, z in zip(columns, other, cells, mine)
                  if c not in unread and _canonical(resource, c, x) != z]
        if differ:  # else the same row: kept once
            shown = "; ".join(f"{c}: {shorten(x, 40)!r} in {one}, {shorten(y, 40)!r} in {two}" for c, x, y in differ)
            problems.append(Problem(second.file, number, ", ".join(c for c, *_ in differ),
                                    " / ".join(cells[i] for i in at),
                                    f"is also a key of {one}, with other content ({shown})", fix, "integrity"))
    return Part(second.file, kept), problems


def load_parts(descriptor: dict, parts: dict[str, list[Part]], shown: dict[str, str], problems: list[Problem],
          unread: frozenset = frozenset()) -> Dataset:
    """Write the parts of each table, in order, as one temporary package and load it. Raise every
    problem, of ``problems`` and of loading, each naming its part and row; ``shown`` maps a table's
    file (``events.csv``) to how messages name it."""
    origins = {}
    with tempfile.TemporaryDirectory(prefix="gcm-explore-") as tmp:
        for resource in descriptor["resources"]:
            rows, origin = [], {}
            for part in parts[resource["name"]]:
                for number, cells in part.rows:
                    origin[len(rows) + 2] = (part.file, number)
                    rows.append(cells)
            _write_csv(_target(Path(tmp), resource), schema_columns(resource), rows)
            origins[table_path(resource)] = (origin, parts[resource["name"]][-1].file)
        (Path(tmp) / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
        try:
            ds = load_dataset(tmp)
        except DataError as exc:
            ds = None
            found = [_relocate(p, origins, shown) for p in exc.problems]
            problems = problems + [p for p in found if (p.file, p.column) not in unread]
    if problems:
        order = sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or ""))
        raise DataError.from_problems(list(dict.fromkeys(order)))
    return ds


def _relocate(p: Problem, origins: dict, shown: dict[str, str]) -> Problem:
    file, row, message, fix = p.file, p.row, p.message, p.fix
    if p.file in origins:
        origin, whole = origins[p.file]
        file, row = origin.get(p.row, (whole, p.row))

        def earlier(m):  # a repeated key names the earlier row by its position in the temporary file
            where, number = origin.get(int(m.group(1)), (file, None))
            return (f"row {number}" + ("" if where == file else f" of {where}")) if number else m.group()

        message = re.sub(r"the row at position (\d+)", earlier, message)
    for rel, name in shown.items():
        message, fix = message.replace(rel, name), fix.replace(rel, name)
    return Problem(file, row, p.column, p.value, message, fix, p.kind)


# --- workbooks -----------------------------------------------------------------------------


# --- merging -------------------------------------------------------------------------------

def merge(a: Dataset, b: Dataset) -> Dataset:
    """``a`` with the rows of ``b`` added, validated as one package; ``a`` and ``b`` are not changed.

    A row of ``b`` with the key of a row of ``a`` (``id``, ``number``, or the primary key of the
    schema, e.g. event, actor and role in ``participation``) and the same content is kept once;
    with other content it is a clash: nothing is overwritten, and an
    :class:`~gcm_explore.errors.IntegrityError` lists every clash (table, key, the columns that
    differ, their two values). The union is checked by ``load_dataset`` with the schemas of
    ``a``, so rows of ``b`` may cite ids of ``a``. Problems name ``events.csv of a`` or ``of b``,
    and the row as :func:`write_package` would write it.

    Returns the merged dataset; its ``path`` is ``a.path`` (the record ``b`` was added to).

    >>> import dataclasses, gcm_explore as gx
    >>> ds = gx.load_dataset()
    >>> len(merge(ds, ds).events) == len(ds.events)  # the rows in both are kept once
    True
    >>> mine = dataclasses.replace(ds, events=ds.events.assign(city="Rabat"))
    >>> merge(ds, mine)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gcm_explore.errors.IntegrityError: ... problems in the data package:
      events.csv of b, row 2, column 'city': ... Fix: give the row another id in b, or drop it from a or b.
    ...
    """
    descriptor = package_descriptor(a.descriptor)
    parts, problems = {}, []
    for resource in descriptor["resources"]:
        first, second = (frame_part(ds, resource, f"{table_path(resource)} of {who}")
                         for ds, who in ((a, "a"), (b, "b")))
        second, clashes = combine(resource, first, second, ("a", "b"))
        problems += clashes
        parts[resource["name"]] = [first, second]
    merged = load_parts(descriptor, parts, {}, problems)
    merged.path = a.path
    return merged
