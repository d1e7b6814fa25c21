"""The offline explorer: one HTML file with the timeline, the network and the map, and controls
that work with no kernel and no network (opened from a USB stick in a meeting room).

Everything is computed here, in Python, and written into the page as JSON: a figure per view,
language and date step. A small script shows the one the controls ask for with
``Plotly.react``: the date steps (the end of each year, then everything), the actor types of
the network, the map's layer and the language (English or Arabic, right to left on the page's
container). plotly.js is inlined; the page asks no host for anything.

The page is kept small (issue 20: 14.8 MB before, for the record of 2023; 8.6 MB with
the plain JSON below for the record through 2026; about 3 MB packed): a list or object that is
the same as one before it in the data (the timeline's events at every date step, the nodes'
positions and ids in both languages, ...) is written once and referred to by its path
(``{"gcm:same": path}``, see :func:`dedupe`); the data (UTF-8 JSON) and plotly.js are each
gzip-compressed and base64-encoded, and the page inflates them with the browser's own
``DecompressionStream`` (Chromium 80, Firefox 113, Safari 16.4 or later); an older browser says
so instead of drawing. Base64 has no ``<`` or ``&``: nothing in the data can end its
``<script>`` element. :func:`page_data` reads the data back from a page.

>>> import gcm_explore as gx
>>> page = offline_page(gx.load_dataset(), lang="ar")
>>> page.count("<script"), '<html lang="ar">' in page, "<script src=" in page, "<link " in page
(3, True, False, False)
"""

from __future__ import annotations

import base64
import gzip
import json
from functools import cache
from pathlib import Path

import networkx as nx
import pandas as pd

from ..model.analysis import drop_voters
from ..model.dataset import Dataset
from ..model.i18n import direction, esc, format_date, t
from ..model.layout import layout
from ..model.network import build_network
from ..model.timeline import timeline_frame
from ..model.vocab import ACTOR_TYPES, LANGS, check_lang, label
from ..views.html import KEY_MARKS
from ..views.map import LAYERS, boundaries, map_spec
from ..views.network import edge_key, network_spec, network_title, node_key
from ..views.style import FONT, NETWORK_AREA, NETWORK_MARGIN, TIMELINE_AREA, TIMELINE_MARGIN, node_categories, plot_only
from ..views.timeline import family_key, timeline_hovers, timeline_spec

__all__ = ["offline_page", "page_payload", "page_data", "date_steps", "dedupe", "expand"]

#: The map's layers in the page, each as it stands at the end of the record.
MAP_LAYERS = ("vote", "region", "champion", "withdrawal", "events")
SHARED = "gcm:geojson"
#: The key of a reference to an earlier value in the page's data (see :func:`dedupe`).
SAME = "gcm:same"
#: What the page says in a browser without DecompressionStream (before 2020-2023, by browser).
TOO_OLD = {
    "en": "This page needs a more recent browser to draw its views: Chrome or Edge 80, Firefox 113, "
          "Safari 16.4 or later.",
    "ar": "تحتاج هذه الصفحة إلى متصفح أحدث لعرض رسومها: كروم أو إيدج 80، أو فايرفوكس 113، أو سفاري 16.4 أو أحدث.",
}


def date_steps(ds: Dataset) -> list[pd.Timestamp | None]:
    """The dates the page's slider stops at: the end of each year with events, then None (everything)."""
    years = sorted({d.year for d in ds.events["start"].dropna()})
    return [pd.Timestamp(f"{y}-12-31") for y in years[:-1]] + [None]


def _json(value) -> str:
    """Compact JSON of ``value`` after :func:`dedupe` (numpy arrays, dates and NaN as Plotly writes
    them), Arabic as UTF-8 letters, not ``\\u`` escapes."""
    from plotly.io.json import to_json_plotly

    plain = json.loads(to_json_plotly(value))
    return json.dumps(dedupe(plain), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def dedupe(value):
    """``value`` (plain JSON: dicts, lists, scalars) with every list or dict that equals one met
    before it, in document order, replaced by ``{"gcm:same": path}``, the keys and indices that
    lead from the top to that first one; only where the reference is the shorter. The first one
    is never inside a replaced value, so the page's script puts each back by following its path.

    >>> dedupe({"a": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], "b": {"c": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]}})
    {'a': [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 'b': {'c': {'gcm:same': ['a']}}}
    """
    texts: dict[int, str] = {}  # the JSON text of each list and dict, by id, computed bottom-up

    def text(x) -> str:
        if isinstance(x, dict):
            out = "{" + ",".join(_compact(k) + ":" + text(v) for k, v in x.items()) + "}"
        elif isinstance(x, list):
            flat = not any(isinstance(v, (list, dict)) for v in x)
            out = _compact(x) if flat else "[" + ",".join(text(v) for v in x) + "]"
        else:
            return _compact(x)
        texts[id(x)] = out
        return out

    text(value)
    first: dict[str, list] = {}

    def walk(x, path: list):
        if not isinstance(x, (list, dict)):
            return x
        t = texts[id(x)]
        if t in first:
            ref = {SAME: first[t]}
            if len(_compact(ref)) < len(t):
                return ref
        else:
            first[t] = path
        if isinstance(x, dict):
            return {k: walk(v, [*path, k]) for k, v in x.items()}
        return [walk(v, [*path, i]) for i, v in enumerate(x)]

    return walk(value, [])


def expand(value):
    """What :func:`dedupe` was given: each ``{"gcm:same": path}`` of ``value`` replaced by the value
    at its path (the page's script does the same in the browser).

    >>> data = {"a": list(range(20)), "b": [list(range(20))]}
    >>> expand(dedupe(data)) == data
    True
    """
    done: dict[int, object] = {}

    def at(path: list):
        x = value
        for k in path:
            x = x[k]
        return x

    def walk(x):
        if not isinstance(x, (list, dict)):
            return x
        if isinstance(x, dict) and len(x) == 1 and SAME in x:
            x = at(x[SAME])
        if id(x) not in done:
            done[id(x)] = {k: walk(v) for k, v in x.items()} if isinstance(x, dict) else [walk(v) for v in x]
        return done[id(x)]

    return walk(value)


def _pack(text: str) -> str:
    """``text`` as UTF-8, gzip-compressed (no timestamp: the same page each time), in base64."""
    return base64.b64encode(gzip.compress(text.encode("utf-8"), 9, mtime=0)).decode("ascii")


def _unpack(packed: str) -> str:
    return gzip.decompress(base64.b64decode(packed)).decode("utf-8")


@cache
def _plotly_gzip() -> str:
    from plotly.offline import get_plotlyjs

    return _pack(get_plotlyjs())


def _script_text(page: str, element_id: str) -> str:
    opening = f'id="{element_id}">'
    start = page.index(opening) + len(opening)
    return page[start:page.index("</script>", start)]


def page_data(page: str, what: str = "data"):
    """What an offline page carries: its data (``what="data"``, as written: see :func:`expand`)
    or plotly.js (``what="plotly"``, the source the page runs).

    >>> import gcm_explore as gx
    >>> data = page_data(offline_page(gx.load_dataset()))
    >>> sorted(data)
    ['categories', 'geojson', 'maps', 'steps', 'text', 'types']
    """
    if what not in ("data", "plotly"):
        raise ValueError(f"{what!r} is not a valid value for `what`. Valid values are: 'data', 'plotly'.")
    text = _unpack(_script_text(page, f"gcm-{what}"))
    return json.loads(text) if what == "data" else text


def page_payload(ds: Dataset, G: nx.Graph | None = None) -> dict:
    """The figures and texts an offline page of ``ds`` draws, in both languages, as Python values
    (before :func:`dedupe`): what :func:`page_data` of the page gives back after :func:`expand`."""
    # as in the Explorer: the Member States that did more than vote (the vote is on the map), laid
    # out once, each step's axes fitting its nodes; titles and keys in the page, not in the figures
    full = G if G is not None else build_network(ds)
    pos, categories = layout(drop_voters(full)), node_categories(full)
    steps = date_steps(ds)
    graphs = [drop_voters(build_network(ds, as_of=s) if s is not None else full) for s in steps]
    out = {"steps": {}, "types": [c for c in categories if c in ACTOR_TYPES], "categories": categories}
    for lang in LANGS:
        frame = timeline_hovers(timeline_frame(ds, lang=lang), lang)
        out["steps"][lang] = [_step(ds, lang, s, g, pos, categories, frame) for s, g in zip(steps, graphs)]
    out["maps"] = {lang: {layer: map_spec(ds, layer=layer, lang=lang) for layer in MAP_LAYERS if layer in LAYERS}
                   for lang in LANGS}
    # the country shapes once for all maps (the script puts them back), not once per map
    out["geojson"] = boundaries()
    for maps in out["maps"].values():
        for spec in maps.values():
            for trace in spec["data"]:
                if "geojson" in trace:
                    trace["geojson"] = SHARED
    out["text"] = {lang: {
        "title": t("app_title", lang), "subtitle": t("app_subtitle", lang), "footer": t("footer", lang),
        "date": t("as_of", lang), "types": t("types", lang), "layer": t("layer", lang),
        "type_labels": {c: label(ACTOR_TYPES, c, lang) for c in out["types"]},
        "layer_labels": {k: t(f"layer_{k}", lang) for k in MAP_LAYERS},
        "dir": direction(lang),
    } for lang in LANGS}
    return out


def _step(ds: Dataset, lang: str, step, G: nx.Graph, pos: dict, categories: list, frame: pd.DataFrame) -> dict:
    """What the page shows at one date step: the two figures, their titles and keys (HTML, escaped)."""
    timeline = timeline_spec(ds, lang=lang, as_of=step, frame=frame, rangeslider=False, label_area=TIMELINE_AREA)
    network = network_spec(G, lang=lang, pos={n: pos[n] for n in G if n in pos}, categories=categories,
                           edge_legend=False, n_labels=24, label_area=NETWORK_AREA)
    return {
        "label": format_date(step, "year", lang) if step is not None else t("all_dates", lang),
        "timeline": dict(timeline, layout=plot_only(timeline["layout"], TIMELINE_MARGIN)),
        "network": dict(network, layout=plot_only(network["layout"], NETWORK_MARGIN)),
        "titles": {"network": network_title(G, lang) or t("network_title_all", lang), "timeline": t("timeline_title", lang)},
        "keys": {"network": [_key("node_legend", node_key(G, categories, lang), lang),
                             _key("edge_legend", [(n, c, "square") for n, c in edge_key(G, lang)], lang)],
                 "timeline": [_key("event_legend", [(n, c, "circle") for n, c in family_key(frame["kind"], lang)], lang)]},
    }


def _key(title: str, entries: list[tuple[str, str, str]], lang: str) -> dict:
    """A key beside a plot, as the page's script writes it (as text): its title and, for each entry,
    its label, colour and mark (the labels are the vocabulary's, not the data's)."""
    return {"title": t(title, lang), "entries": [[name, colour, KEY_MARKS.get(symbol, "●")] for name, colour, symbol in entries]}


#: The page's script: it inflates plotly.js and the data, and draws what the controls ask for.
_SCRIPT = (Path(__file__).parent / "offline.js").read_text(encoding="utf-8")

_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ margin: 0 auto; max-width: 1500px; padding: 1em 2em; font-family: {font}; color: #222; }}
h1 {{ font-size: 1.6em; margin: 0.2em 0; }} footer {{ font-size: 0.85em; color: #555; margin: 1em 0; }}
.gcm-controls {{ display: flex; flex-wrap: wrap; gap: 1em 2em; align-items: center; margin: 0.8em 0; }}
.gcm-controls button[aria-pressed="true"] {{ font-weight: bold; }}
.gcm-views {{ display: flex; flex-wrap: wrap; gap: 8px; }}
.gcm-views > section {{ flex: 1 1 560px; min-width: 340px; }}
#network-plot, #timeline-plot {{ height: 600px; }}
.gcm-views h2 {{ font-size: 17px; font-weight: normal; color: #2a3f5f; margin: 4px 12px 0 12px; }}
.gcm-key {{ font-size: 12px; color: #333; line-height: 1.5; padding: 0 12px; }}
.gcm-key span {{ display: inline-block; white-space: nowrap; margin-inline-end: 12px; }} .gcm-key i {{ font-style: normal; }}
#map-plot {{ height: 620px; margin-top: 1em; }}
.js-plotly-plot, .plot-container {{ direction: ltr; }}
#network-plot, #timeline-plot, #map-plot {{ will-change: transform; }} /* each plot its own compositor layer (see plotwidget.py) */
</style></head><body>
<div id="gcm-page" dir="{dir}">
<header><h1 id="gcm-title">{title}</h1><p id="gcm-subtitle"></p></header>
<div class="gcm-controls">
  <span id="gcm-lang"><button type="button" value="en">English</button> <button type="button" value="ar">العربية</button></span>
  <label><span id="gcm-date-name"></span>: <input id="gcm-date" type="range" min="0" step="1"> <b id="gcm-date-label"></b></label>
  <span><span id="gcm-types-name"></span>: <span id="gcm-types"></span></span>
  <label><span id="gcm-layer-name"></span>: <select id="gcm-layer"></select></label>
</div>
<div class="gcm-views" id="gcm-views">
  <section><div id="network-title"></div><div id="network-plot"></div><div id="network-key" class="gcm-key"></div></section>
  <section><div id="timeline-title"></div><div id="timeline-plot"></div><div id="timeline-key" class="gcm-key"></div></section>
</div>
<div id="map-plot"></div>
<footer id="gcm-footer"></footer>
</div>
<script type="application/gzip;base64" id="gcm-plotly">{plotly}</script>
<script type="application/gzip;base64" id="gcm-data">{data}</script>
<script>const TOO_OLD = {too_old};
{script}</script>
</body></html>
"""


def offline_page(ds: Dataset, lang: str = "en", G: nx.Graph | None = None) -> str:
    """The offline explorer of ``ds`` as one HTML page, opening in ``lang`` ('en' or 'ar').

    ``G`` is the network shown for "all dates" (built from ``ds`` if None); each earlier date
    step shows ``build_network(ds, as_of=...)``.
    """
    check_lang(lang)
    return _PAGE.format(lang=lang, dir=direction(lang), font=FONT, title=esc(t("app_title", lang)),
                        plotly=_plotly_gzip(), data=_pack(_json(page_payload(ds, G))), too_old=_compact(TOO_OLD).replace("<", "\\u003c"), script=_SCRIPT)
