"""Export the model to files other tools read: Gephi, yEd, spreadsheets, a browser, slides.

Every export reads a :class:`~gcm_explore.model.dataset.Dataset` or a graph from
:func:`~gcm_explore.model.network.build_network`, never a widget.

- ``gexf``: the network as *dynamic* GEXF (node and edge start/end, so Gephi's timeline plays
  it), labels in ``lang``, positions and colours as in the Plotly figure;
- ``graphml``: the network as GraphML (lists joined with ``'; '``, dates as YYYY-MM-DD);
- ``csv``: a folder with one UTF-8 CSV per table, plus ``nodes.csv`` and ``edges.csv``;
- ``xlsx``: one workbook, a sheet per table, plus ``nodes`` and ``edges``;
- ``package``: a data package (datapackage.json + one CSV per table), read back by ``load_dataset``;
- ``html``: the offline explorer: one self-contained page (plotly.js inlined) with the network, the
  timeline and the map, and controls that work with no kernel (:mod:`gcm_explore.io.offline`);
- ``timelinejs``: the timeline as a TimelineJS3 JSON file (:mod:`gcm_explore.io.timelinejs`);
- ``deck``: the presenter's story as slides, a PNG per step and one PDF (:func:`gcm_explore.io.deck.export_deck`);
- ``png``, ``svg``, ``pdf``: one figure drawn by kaleido in the system's Chromium.

In CSV and XLSX a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab, a carriage
return or ``'`` gets a leading ``'``, so that a spreadsheet shows it instead of running it
(:func:`~gcm_explore.io.package.from_spreadsheet` removes exactly one, so nothing is lost).

>>> import pathlib, tempfile
>>> import gcm_explore as gx
>>> ds = gx.load_dataset()
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> gx.export(ds, "gexf", out / "gcm.gexf", lang="ar").name
'gcm.gexf'
>>> sorted(p.name for p in gx.export(ds, "csv", out / "tables").iterdir())[:3]
['actors.csv', 'edges.csv', 'events.csv']
>>> page = gx.export_html(ds, out / "gcm.html", lang="ar").read_text(encoding="utf-8")
>>> '<html lang="ar">' in page, "<script src=" in page
(True, False)
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import secrets
import shutil
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from ..model.dataset import TABLES, Dataset
from ..model.layout import layout
from ..model.network import build_network, edge_label, node_label

__all__ = ["export", "export_gexf", "export_graphml", "export_csv", "export_xlsx", "export_html", "export_image",
           "network_tables", "neutralise", "FORMATS", "IMAGE_FORMATS"]

#: The formats figures are drawn to by kaleido (needs Chromium).
IMAGE_FORMATS = ("png", "svg", "pdf")
#: Every format :func:`export` writes.
FORMATS = ("gexf", "graphml", "csv", "xlsx", "package", "html", "timelinejs", "deck", *IMAGE_FORMATS)
#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export(ds: Dataset, fmt: str, out, lang: str = "en", G: nx.Graph | None = None,
           figure: str = "timeline") -> Path:
    """Write ``ds`` (and its network ``G``, built with :func:`build_network` if None) as ``fmt`` to ``out``.

    ``out`` is a file, overwritten if it exists, except for ``csv``, ``package`` and ``deck``, where it is a folder
    (created if missing). ``figure`` picks the figure of an image format: 'timeline' or
    'network'. Returns the path written.

    >>> export(None, "docx", "x.docx")
    Traceback (most recent call last):
    ...
    ValueError: 'docx' is not an export format. Valid formats are: gexf, graphml, csv, xlsx, package, html, timelinejs, deck, png, svg, pdf.
    """
    if (fmt := str(fmt).lower()) not in FORMATS:
        raise ValueError(f"{fmt!r} is not an export format. Valid formats are: {', '.join(FORMATS)}.")
    _check_lang(lang)
    if figure not in ("timeline", "network"):
        raise ValueError(f"{figure!r} is not a figure. Valid figures are: timeline, network.")
    if fmt == "package":
        from .package import write_package  # imported here: it uses this module's helpers

        return write_package(ds, out)
    if fmt == "deck":
        from .deck import export_deck

        export_deck(ds, out, lang=lang)
        return Path(out)
    if fmt == "timelinejs":
        from .timelinejs import export_timelinejs  # imported here: it uses this module's helpers

        return export_timelinejs(ds, out, lang=lang)
    need_graph = fmt in ("gexf", "graphml", "csv", "xlsx", "html") or figure == "network"
    G = build_network(ds) if G is None and need_graph else G
    if fmt in ("gexf", "graphml"):
        return (export_gexf if fmt == "gexf" else export_graphml)(G, out, lang)
    if fmt in ("csv", "xlsx", "html"):
        return {"csv": export_csv, "xlsx": export_xlsx, "html": export_html}[fmt](ds, out, G=G, lang=lang)
    from ..views.network import network_figure
    from ..views.timeline import timeline_figure

    fig = timeline_figure(ds, lang=lang) if figure == "timeline" else network_figure(G, lang=lang)
    return export_image(fig, out, fmt)


# --- helpers ------------------------------------------------------------------------------

def _check_lang(lang: str) -> None:
    if lang not in ("en", "ar"):
        raise ValueError(f"{lang!r} is not a valid value for `lang`. Valid values are: 'en', 'ar'.")


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float | np.floating)
                                                                   and math.isnan(value))


def _plain(value):
    """A value as str, int, float or bool (what GEXF and GraphML hold); None for a missing one."""
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return "; ".join(str(_plain(v)) for v in items if not _missing(v))
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp | datetime | date):
        return _iso(value)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value if isinstance(value, str | int | float | bool) else str(value)


def _iso(value) -> str:
    ts = pd.Timestamp(value)
    return ts.strftime("%Y-%m-%d") if ts == ts.normalize() else ts.isoformat()


def neutralise(value):
    """A text cell made inert for spreadsheets: a leading ``'`` if it starts like a formula.

    Text that already starts with ``'`` gets one more, so that removing exactly one leading
    ``'`` (what :func:`gcm_explore.io.package.from_spreadsheet` does) always gives back the original.
    Numbers, dates and missing values are returned unchanged.

    >>> neutralise('=HYPERLINK("http://x","y")')
    '\\'=HYPERLINK("http://x","y")'
    >>> neutralise(-3), neutralise("Marrakech"), neutralise("-3"), neutralise("'quoted'")
    (-3, 'Marrakech', "'-3", "''quoted'")
    """
    return "'" + value if isinstance(value, str) and value.startswith((*FORMULA_START, "'")) else value


@contextmanager
def _writing(path, suffix: str):
    """Yield a temporary file beside ``path``; on success it replaces ``path``."""
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder: give the name of a file to write, e.g. {path / ('gcm' + suffix)}")
    if not path.parent.is_dir():
        raise FileNotFoundError(f"{path.parent} does not exist: create the folder first, or write elsewhere")
    tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}{suffix}"  # created with the umask's mode
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


# --- graphs -------------------------------------------------------------------------------

def _portable(G: nx.Graph, lang: str, dynamic: bool) -> nx.Graph:
    """A copy of ``G`` whose attributes GEXF and GraphML can hold; with ``dynamic``, start/end spells."""
    H = G.__class__()
    H.graph.update({k: v for k, v in ((k, _plain(v)) for k, v in G.graph.items()) if v is not None})
    for n, d in G.nodes(data=True):
        attrs = {k: v for k, v in ((k, _plain(v)) for k, v in d.items()) if v is not None}
        attrs.pop("label", None)
        attrs["label"] = node_label(G, n, lang)
        H.add_node(n, **attrs)
    for u, v, *key, d in (G.edges(keys=True, data=True) if G.is_multigraph() else G.edges(data=True)):
        attrs = {k: x for k, x in ((k, _plain(x)) for k, x in d.items()) if x is not None}
        if "kind" in d:
            attrs.setdefault("label", edge_label(d["kind"], lang))
        if G.is_multigraph():
            attrs["id"] = f"{u}|{v}|{key[0]}"
        H.add_edge(u, v, *key, **attrs)
    if dynamic:
        _spells(G, H)
    return H


def _spells(G: nx.Graph, H: nx.Graph) -> None:
    """Set ``start``/``end`` on the nodes of ``H`` that have a ``first_active`` date: a node lives from
    then on, and ends only when every link it has ended (as in ``build_network(ds, as_of=...)``)."""
    for n, d in G.nodes(data=True):
        first, out = d.get("first_active"), H.nodes[n]
        if first is None or _missing(first):
            continue
        out.pop("end", None)
        out["start"] = _iso(first)
        links = [*G.edges(n, data=True), *(G.in_edges(n, data=True) if G.is_directed() else ())]
        ends = [e.get("end") for *_, e in links]
        if d.get("kind") == "actor" and ends and all(x is not None and not _missing(x) for x in ends):
            out["end"] = _iso(max(ends))


def _viz(G: nx.Graph, H: nx.Graph) -> None:
    """Positions and colours for Gephi, the same as the Plotly network's."""
    from ..views.style import PALETTE, node_categories

    pos = layout(G)
    colours = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(node_categories(G))}
    colours.update({"process": "#222222", "event": "#777777"})
    for n, d in H.nodes(data=True):
        x, y = pos.get(n, (0.0, 0.0))
        rgb = colours.get(G.nodes[n].get("type", ""), "#999999").lstrip("#")
        d["viz"] = {"position": {"x": round(x * 500, 2), "y": round(y * 500, 2), "z": 0.0},
                    "color": {"r": int(rgb[0:2], 16), "g": int(rgb[2:4], 16), "b": int(rgb[4:6], 16), "a": 1.0}}


def export_gexf(G: nx.Graph, path, lang: str = "en") -> Path:
    """Write ``G`` as dynamic GEXF 1.2 for Gephi (its timeline plays the dates).

    Nodes and edges get ``start`` (and ``end`` when known) as YYYY-MM-DD, labels in ``lang``,
    every other attribute as text or number (lists joined with ``'; '``).

    >>> import pathlib, tempfile, networkx as nx, pandas as pd
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", kind="leads", start=pd.Timestamp("2018-01-01"), end=None)
    >>> path = export_gexf(G, pathlib.Path(tempfile.mkdtemp()) / "g.gexf")
    >>> nx.read_gexf(path).edges["a", "b"]["start"]
    '2018-01-01'
    """
    _check_lang(lang)
    H = _portable(G, lang, dynamic=True)
    _viz(G, H)
    H.graph["mode"] = "dynamic"
    with _writing(path, ".gexf") as tmp:
        nx.write_gexf(H, tmp, version="1.2draft")
    return Path(path)


def export_graphml(G: nx.Graph, path, lang: str = "en") -> Path:
    """Write ``G`` as GraphML (yEd, Cytoscape, igraph): ``label`` in ``lang``, dates as YYYY-MM-DD.

    >>> import pathlib, tempfile, networkx as nx
    >>> G = nx.Graph([(1, 2)]); G.nodes[1]["sources"] = ["s1", "s2"]
    >>> path = export_graphml(G, pathlib.Path(tempfile.mkdtemp()) / "g.graphml")
    >>> nx.read_graphml(path).nodes["1"]["sources"]
    's1; s2'
    """
    _check_lang(lang)
    H = _portable(G, lang, dynamic=False)
    kw = {"edge_id_from_attribute": "id"} if H.is_multigraph() else {}
    with _writing(path, ".graphml") as tmp:
        nx.write_graphml(H, tmp, **kw)
    return Path(path)


def network_tables(G: nx.Graph, lang: str = "en") -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(nodes, edges)`` of ``G`` as frames: one row per node (``id``, ``label`` in ``lang``, then
    its attributes) and per edge (``source``, ``target``, ``key``, ``label``, then its attributes).
    Lists are joined with ``'; '``; dates stay dates.

    >>> import networkx as nx
    >>> nodes, edges = network_tables(nx.Graph([("a", "b")]))
    >>> list(nodes["id"]), list(edges.columns)
    (['a', 'b'], ['source', 'target', 'key', 'label'])
    """
    _check_lang(lang)

    def cell(v):
        return v if isinstance(v, pd.Timestamp) else _plain(v)

    nodes = [{"id": str(n), "label": node_label(G, n, lang), **{k: cell(v) for k, v in d.items() if k != "label"}}
             for n, d in G.nodes(data=True)]
    edges = []
    for u, v, *key, d in (G.edges(keys=True, data=True) if G.is_multigraph() else G.edges(data=True)):
        edges.append({"source": str(u), "target": str(v), "key": str(key[0]) if key else "",
                      "label": edge_label(d["kind"], lang) if "kind" in d else "",
                      **{k: cell(x) for k, x in d.items() if k != "label"}})
    columns = (["id", "label"], ["source", "target", "key", "label"])
    return tuple(pd.DataFrame(rows, columns=list(dict.fromkeys(c + [k for r in rows for k in r])))
                 for rows, c in zip((nodes, edges), columns))


# --- tables -------------------------------------------------------------------------------

def _tables(ds: Dataset, G: nx.Graph | None, lang: str) -> dict[str, pd.DataFrame]:
    tables = {name: getattr(ds, name) for name in TABLES}
    if G is not None:
        tables["nodes"], tables["edges"] = network_tables(G, lang)
    return tables


def _csv_cell(value) -> str:
    value = neutralise(_plain(value))
    return "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


def export_csv(ds: Dataset, folder, G: nx.Graph | None = None, lang: str = "en") -> Path:
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
    _check_lang(lang)
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(f"{folder} is a file: CSV export writes a folder of tables; give a folder name")
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in _tables(ds, G, lang).items():
        with _writing(folder / f"{name}.csv", ".csv") as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
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
    start such an escape is written ``_x005F_``. :func:`gcm_explore.io.package.from_spreadsheet`
    undoes both, so no text is lost.

    >>> _xlsx_cell("a\\rb_x0041_"), _xlsx_cell("@x"), _xlsx_cell(3)
    ('a_x000D_b_x005F_x0041_', "'@x", 3)
    """
    if isinstance(value, pd.Timestamp | datetime | date) and not _missing(value):
        return pd.Timestamp(value).to_pydatetime()
    value = _plain(value)
    if not isinstance(value, str):
        return value
    return re.sub(r"_(?=x[0-9A-Fa-f]{4}_)|[\x00-\x08\x0b-\x1f\ufffe\uffff]",
                  lambda m: f"_x{ord(m.group()):04X}_", neutralise(value))


def export_xlsx(ds: Dataset, path, G: nx.Graph | None = None, lang: str = "en") -> Path:
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
    _check_lang(lang)
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
            width = max([len(str(col))] + [len(str(v)) for v in frame[col].head(200) if not _missing(v)])
            ws.column_dimensions[ws.cell(1, i).column_letter].width = min(60, max(8, width + 2))
        ws.freeze_panes = "A2"
        ws.sheet_view.rightToLeft = lang == "ar"
    with _writing(path, ".xlsx") as tmp:
        wb.save(tmp)
    return Path(path)


# --- figures ------------------------------------------------------------------------------

def export_html(ds: Dataset, path, lang: str = "en", G: nx.Graph | None = None) -> Path:
    """Write the offline explorer (see :mod:`gcm_explore.io.offline`): one self-contained HTML page
    with the network, the timeline and the map of ``ds``, a date slider, the actor types and the
    map layers, opening in ``lang`` and switching between English and Arabic. plotly.js is
    inlined: the page opens from a file with no network and asks no host for anything.
    """
    _check_lang(lang)
    from .offline import offline_page

    page = offline_page(ds, lang=lang, G=G)
    with _writing(path, ".html") as tmp:
        tmp.write_text(page, encoding="utf-8")
    return Path(path)


def _chromium() -> str:
    for candidate in (os.environ.get("BROWSER_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    raise RuntimeError("Image export needs Chromium: apt-get install chromium (or set BROWSER_PATH to a "
                       "Chrome or Chromium executable). gcm_explore never downloads a browser.")


def export_image(fig, path, fmt: str | None = None, width: int = 1600, height: int = 900, scale: float = 1) -> Path:
    """Draw the Plotly figure ``fig`` as PNG, SVG or PDF (``fmt``, else the suffix of ``path``)
    with kaleido in the system's Chromium, with no request to any host (no MathJax).

    Skipped in the doctests, as it starts Chromium (``tests/test_export.py`` runs it):

    >>> import plotly.graph_objects as go
    >>> export_image(go.Figure(go.Bar(y=[2, 1])), "bars.svg")  # doctest: +SKIP
    PosixPath('bars.svg')
    """
    fmt = (fmt or Path(path).suffix.lstrip(".")).lower()
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"{fmt!r} is not an image format. Valid formats are: {', '.join(IMAGE_FORMATS)}.")
    try:
        import kaleido
    except ImportError:  # pragma: no cover - kaleido is a dependency
        raise ImportError("Image export needs kaleido: pip install 'kaleido>=1.0,<2'") from None
    browser = _chromium()
    with _writing(path, f".{fmt}") as tmp:
        kaleido.write_fig_sync(fig, path=str(tmp), opts={"format": fmt, "width": width, "height": height,
                                                          "scale": scale},
                               kopts={"path": browser, "mathjax": False})
    return Path(path)
