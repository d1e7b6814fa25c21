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
(:func:`~gcm_explore.io.spreadsheet.from_spreadsheet` removes exactly one, so nothing is lost).

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

from pathlib import Path

import networkx as nx

from ..compat import legacy
from ..model.analysis import drop_voters
from ..model.dataset import Dataset
from ..model.network import build_network
from ..model.vocab import check_lang
from .files import writing
from .graphs import export_gexf, export_graphml
from .images import IMAGE_FORMATS, IMAGE_SIZE, export_image
from .tables import export_csv, export_xlsx

__all__ = ["export", "export_html", "image_figure", "FORMATS"]

#: Every format :func:`export` writes.
FORMATS = ("gexf", "graphml", "csv", "xlsx", "package", "html", "timelinejs", "deck", *IMAGE_FORMATS)


@legacy(positional=("lang", "G", "figure"))
def export(ds: Dataset, fmt: str, out, *, lang: str = "en", G: nx.Graph | None = None,
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
    check_lang(lang)
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
    if fmt in IMAGE_FORMATS:
        return export_image(image_figure(ds, figure, lang=lang, G=G), out, fmt=fmt, width=IMAGE_SIZE[0], height=IMAGE_SIZE[1])
    G = build_network(ds) if G is None else G
    if fmt in ("gexf", "graphml"):
        return (export_gexf if fmt == "gexf" else export_graphml)(G, out, lang=lang)
    return {"csv": export_csv, "xlsx": export_xlsx, "html": export_html}[fmt](ds, out, G=G, lang=lang)


# --- helpers ------------------------------------------------------------------------------


# --- graphs -------------------------------------------------------------------------------


# --- tables -------------------------------------------------------------------------------


# --- figures ------------------------------------------------------------------------------

@legacy(positional=("lang", "G"))
def export_html(ds: Dataset, path, *, lang: str = "en", G: nx.Graph | None = None) -> Path:
    """Write the offline explorer (see :mod:`gcm_explore.io.offline`): one self-contained HTML page
    with the network, the timeline and the map of ``ds``, a date slider, the actor types and the
    map layers, opening in ``lang`` and switching between English and Arabic. plotly.js is
    inlined: the page opens from a file with no network and asks no host for anything.
    """
    check_lang(lang)
    from .offline import offline_page

    page = offline_page(ds, lang=lang, G=G)
    with writing(path, ".html") as tmp:
        tmp.write_text(page, encoding="utf-8")
    return Path(path)




def image_figure(ds: Dataset, figure: str = "timeline", *, lang: str = "en", G: nx.Graph | None = None):
    """The figure :func:`export` draws as a picture (:data:`~gcm_explore.io.images.IMAGE_SIZE`):
    the ``'timeline'`` with no range slider, or the ``'network'`` (``G``; by default the record's,
    with the Member States that did more than vote), their labels placed or chosen for the plot's
    size in the picture.
    """
    from ..views.network import network_figure
    from ..views.timeline import timeline_figure

    w, h = IMAGE_SIZE
    if figure == "timeline":
        return timeline_figure(ds, lang=lang, rangeslider=False, label_area=(w - 200, h - 200))
    return network_figure(G if G is not None else drop_voters(build_network(ds)), lang=lang, label_area=(w - 420, h - 100))
