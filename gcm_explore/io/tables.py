"""The record as tables: a folder of UTF-8 CSV files or one workbook, a sheet per table, plus the
network's nodes and edges; text cells made inert for spreadsheets.
"""

from __future__ import annotations

import csv
import re
from datetime import date, datetime
from pathlib import Path

import networkx as nx
import pandas as pd

from ..compat import legacy
from ..model.dataset import TABLES, Dataset
from ..model.vocab import check_lang
from .files import missing, neutralise, plain, writing
from .graphs import network_tables

__all__ = ["export_csv", "export_xlsx"]

def _tables(ds: Dataset, G: nx.Graph | None, lang: str) -> dict[str, pd.DataFrame]:
    tables = {name: getattr(ds, name) for name in TABLES}
    if G is not None:
        tables["nodes"], tables["edges"] = network_tables(G, lang)
    return tables



def _csv_cell(value) -> str:
    value = neutralise(plain(value))
    return "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)



@legacy(positional=("G", "lang"))
def export_csv(ds: Dataset, folder, *, lang: str = "en", G: nx.Graph | None = None) -> Path:
    """Write each table of ``ds`` as ``folder/<table>.csv`` (UTF-8), and ``G`` as ``nodes.csv`` and
    ``edges.csv`` if given. The folder is created if missing; files of the same names are
    replaced. Dates are written YYYY-MM-DD, lists joined with ``'; '``, formulas neutralised.

    >>> import pathlib, tempfile, pandas as pd
    >>> tiny = Dataset(**{name: pd.DataFrame() for name in TABLES})
    >>> tiny.actors = pd.DataFrame({"id": ["a"], "name_en": ["=1+1"], "name_ar": ["الأمم المتحدة"]})
    >>> folder = export_csv(tiny, pathlib.Path(tempfile.mkdtemp()) / "tables")
    >>> (folder / "actors.csv").read_text(encoding="utf-8").splitlines()
    ['id,name_en,name_ar', "a,'=1+1,الأمم المتحدة"]
    """
    check_lang(lang)
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(f"{folder} is a file: CSV export writes a folder of tables; give a folder name")
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in _tables(ds, G, lang).items():
        with writing(folder / f"{name}.csv", ".csv") as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([_csv_cell(c) for c in frame.columns])
            for row in frame.itertuples(index=False, name=None):
                writer.writerow([_csv_cell(v) for v in row])
    return folder



def _xlsx_cell(value):
    """A value as an XLSX cell: dates as dates, numbers as numbers, text neutralised and escaped.

    XML cannot hold most control characters, and reading it turns a carriage return into a line
    feed; those are written with the escape of Office Open XML, ``_xHHHH_`` (``_x000D_`` for a
    carriage return), which Excel and LibreOffice show as the character, and a ``_`` that would
    start such an escape is written ``_x005F_``. :func:`gcm_explore.io.spreadsheet.from_spreadsheet`
    undoes both, so no text is lost.

    >>> _xlsx_cell("a\\rb_x0041_"), _xlsx_cell("@x"), _xlsx_cell(3)
    ('a_x000D_b_x005F_x0041_', "'@x", 3)
    """
    if isinstance(value, pd.Timestamp | datetime | date) and not missing(value):
        return pd.Timestamp(value).to_pydatetime()
    value = plain(value)
    if not isinstance(value, str):
        return value
    return re.sub(r"_(?=x[0-9A-Fa-f]{4}_)|[\x00-\x08\x0b-\x1f\ufffe\uffff]",
                  lambda m: f"_x{ord(m.group()):04X}_", neutralise(value))



@legacy(positional=("G", "lang"))
def export_xlsx(ds: Dataset, path, *, lang: str = "en", G: nx.Graph | None = None) -> Path:
    """Write the tables of ``ds`` (and ``nodes`` and ``edges`` of ``G`` if given) as the sheets of
    one Excel workbook. Dates are real date cells, numbers real numbers, formulas neutralised;
    in Arabic the sheets read right to left.

    >>> import pathlib, tempfile, openpyxl, pandas as pd
    >>> tiny = Dataset(**{name: pd.DataFrame() for name in TABLES})
    >>> tiny.events = pd.DataFrame({"id": ["x"], "title_en": ["@x"], "start": [pd.Timestamp("2018-12-10")]})
    >>> path = export_xlsx(tiny, pathlib.Path(tempfile.mkdtemp()) / "gcm.xlsx")
    >>> [c.value for c in openpyxl.load_workbook(path)["events"][2]]
    ['x', "'@x", datetime.datetime(2018, 12, 10, 0, 0)]
    """
    check_lang(lang)
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for name, frame in _tables(ds, G, lang).items():
        ws = wb.create_sheet(name[:31])
        ws.append([_xlsx_cell(str(c)) for c in frame.columns])
        for row in frame.itertuples(index=False, name=None):
            ws.append([_xlsx_cell(v) for v in row])
        for row in ws.iter_rows():
            for cell in row:
                if cell.row == 1:
                    cell.font = Font(bold=True)
                elif isinstance(cell.value, datetime):
                    cell.number_format = "yyyy-mm-dd"
        for i, col in enumerate(frame.columns, start=1):
            width = max([len(str(col))] + [len(str(v)) for v in frame[col].head(200) if not missing(v)])
            ws.column_dimensions[ws.cell(1, i).column_letter].width = min(60, max(8, width + 2))
        ws.freeze_panes = "A2"
        ws.sheet_view.rightToLeft = lang == "ar"
    with writing(path, ".xlsx") as tmp:
        wb.save(tmp)
    return Path(path)
