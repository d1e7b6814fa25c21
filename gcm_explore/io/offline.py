"""The offline explorer: one HTML file with the timeline, the network and the map, and controls
that work with no kernel and no network (opened from a USB stick in a meeting room).

Everything is computed here, in Python, and written into the page as JSON: a figure per view,
language and date step. A small script shows the one the controls ask for with
``Plotly.react``: the date steps (the end of each year, then everything), the actor types of
the network, the map's layer and the language (English or Arabic, right to left on the page's
container). plotly.js is inlined; the page asks no host for anything.

>>> import gcm_explore as gx
>>> page = offline_page(gx.load_dataset(), lang="ar")
>>> page.count("<script"), '<html lang="ar">' in page, "<script src=" in page, "<link " in page
(3, True, False, False)
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from ..model.dataset import Dataset
from ..model.i18n import direction, esc, format_date, t
from ..model.layout import layout
from ..model.network import build_network
from ..model.timeline import timeline_frame
from ..model.vocab import ACTOR_TYPES, label
from ..views.map import LAYERS, boundaries, map_spec
from ..views.network import network_spec
from ..views.style import FONT, node_categories
from ..views.timeline import timeline_hovers, timeline_spec

__all__ = ["offline_page", "date_steps"]

LANGS = ("en", "ar")
#: The map's layers in the page, each as it stands at the end of the record.
MAP_LAYERS = ("vote", "region", "champion", "withdrawal", "events")
SHARED = "gcm:geojson"


def date_steps(ds: Dataset) -> list[pd.Timestamp | None]:
    """The dates the page's slider stops at: the end of each year with events, then None (everything)."""
    years = sorted({d.year for d in ds.events["start"].dropna()})
    return [pd.Timestamp(f"{y}-12-31") for y in years[:-1]] + [None]


def _json(value) -> str:
    """JSON that is safe inside a <script> element (no '</script>', no '<!--')."""
    from plotly.io.json import to_json_plotly

    return to_json_plotly(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _payload(ds: Dataset, G: nx.Graph | None) -> dict:
    full = G if G is not None else build_network(ds)
    pos, categories = layout(full), node_categories(full)
    steps = date_steps(ds)
    graphs = [build_network(ds, as_of=s) if s is not None else full for s in steps]
    out = {"steps": {}, "types": [c for c in categories if c in ACTOR_TYPES], "categories": categories}
    for lang in LANGS:
        frame = timeline_hovers(timeline_frame(ds, lang=lang), lang)
        out["steps"][lang] = [{
            "label": format_date(s, "year", lang) if s is not None else t("all_dates", lang),
            "timeline": timeline_spec(ds, lang=lang, as_of=s, frame=frame, rangeslider=False),
            "network": network_spec(g, lang=lang, pos=pos, categories=categories),
        } for s, g in zip(steps, graphs)]
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


_SCRIPT = """
(function () {
  const data = JSON.parse(document.getElementById("gcm-data").textContent);
  const state = { lang: document.documentElement.lang, step: data.steps.en.length - 1, layer: "vote",
                  hidden: new Set() };
  const $ = (id) => document.getElementById(id);
  const config = { displaylogo: false, responsive: true };
  function text(el, value) { el.textContent = value; }  // text, never HTML: labels come from data
  function drawControls() {
    const tx = data.text[state.lang];
    $("gcm-page").dir = tx.dir;
    text($("gcm-title"), tx.title); text($("gcm-subtitle"), tx.subtitle); text($("gcm-footer"), tx.footer);
    text($("gcm-date-name"), tx.date); text($("gcm-types-name"), tx.types); text($("gcm-layer-name"), tx.layer);
    text($("gcm-date-label"), data.steps[state.lang][state.step].label);
    const types = $("gcm-types"); types.replaceChildren();
    data.types.forEach((key) => {
      const box = document.createElement("label");
      const input = document.createElement("input");
      input.type = "checkbox"; input.value = key; input.checked = !state.hidden.has(key);
      input.addEventListener("change", () => {
        if (input.checked) state.hidden.delete(key); else state.hidden.add(key);
        drawNetwork();
      });
      box.append(input, document.createTextNode(" " + tx.type_labels[key] + " "));
      types.append(box);
    });
    const layer = $("gcm-layer"); layer.replaceChildren();
    Object.entries(tx.layer_labels).forEach(([key, name]) => {
      const option = document.createElement("option");
      option.value = key; option.textContent = name; option.selected = key === state.layer;
      layer.append(option);
    });
    document.querySelectorAll("#gcm-lang button").forEach((b) => b.setAttribute("aria-pressed", b.value === state.lang));
  }
  function drawNetwork() {
    const fig = data.steps[state.lang][state.step].network;
    const shown = fig.data.map((tr, i) => {
      const category = data.categories[i - 2];
      return i >= 2 && i < 2 + data.categories.length && state.hidden.has(category) ? false : (tr.visible ?? true);
    });
    const traces = fig.data.map((tr, i) => Object.assign({}, tr, { visible: shown[i] }));
    return Plotly.react("network-plot", traces, fig.layout, config);
  }
  function draw() {
    drawControls();
    const step = data.steps[state.lang][state.step];
    Plotly.react("timeline-plot", step.timeline.data, step.timeline.layout, config);
    drawNetwork();
    const map = data.maps[state.lang][state.layer];
    const traces = map.data.map((tr) => tr.geojson === "gcm:geojson" ? Object.assign({}, tr, { geojson: data.geojson }) : tr);
    Plotly.react("map-plot", traces, map.layout, config);
  }
  const slider = $("gcm-date");
  slider.max = data.steps.en.length - 1; slider.value = state.step;
  slider.addEventListener("input", () => { state.step = Number(slider.value); draw(); });
  $("gcm-layer").addEventListener("change", (e) => { state.layer = e.target.value; draw(); });
  document.querySelectorAll("#gcm-lang button").forEach((b) => b.addEventListener("click", () => {
    state.lang = b.value; document.documentElement.lang = b.value; draw();
  }));
  draw();
})();
"""

_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ margin: 0 auto; max-width: 1500px; padding: 1em 2em; font-family: {font}; color: #222; }}
h1 {{ font-size: 1.6em; margin: 0.2em 0; }} footer {{ font-size: 0.85em; color: #555; margin: 1em 0; }}
.gcm-controls {{ display: flex; flex-wrap: wrap; gap: 1em 2em; align-items: center; margin: 0.8em 0; }}
.gcm-controls button[aria-pressed="true"] {{ font-weight: bold; }}
.gcm-views {{ display: flex; flex-wrap: wrap; gap: 8px; }}
.gcm-views > div {{ flex: 1 1 560px; min-width: 340px; height: 640px; }}
#map-plot {{ height: 620px; margin-top: 1em; }}
.js-plotly-plot, .plot-container {{ direction: ltr; }}
</style></head><body>
<div id="gcm-page" dir="{dir}">
<header><h1 id="gcm-title">{title}</h1><p id="gcm-subtitle"></p></header>
<div class="gcm-controls">
  <span id="gcm-lang"><button type="button" value="en">English</button> <button type="button" value="ar">العربية</button></span>
  <label><span id="gcm-date-name"></span>: <input id="gcm-date" type="range" min="0" step="1"> <b id="gcm-date-label"></b></label>
  <span><span id="gcm-types-name"></span>: <span id="gcm-types"></span></span>
  <label><span id="gcm-layer-name"></span>: <select id="gcm-layer"></select></label>
</div>
<div class="gcm-views"><div id="network-plot"></div><div id="timeline-plot"></div></div>
<div id="map-plot"></div>
<footer id="gcm-footer"></footer>
</div>
<script>{plotly}</script>
<script type="application/json" id="gcm-data">{data}</script>
<script>{script}</script>
</body></html>
"""


def offline_page(ds: Dataset, lang: str = "en", G: nx.Graph | None = None) -> str:
    """The offline explorer of ``ds`` as one HTML page, opening in ``lang`` ('en' or 'ar').

    ``G`` is the network shown for "all dates" (built from ``ds`` if None); each earlier date
    step shows ``build_network(ds, as_of=...)``.
    """
    if lang not in LANGS:
        raise ValueError(f"{lang!r} is not a valid value for `lang`. Valid values are: 'en', 'ar'.")
    from plotly.offline import get_plotlyjs

    return _PAGE.format(lang=lang, dir=direction(lang), font=FONT, title=esc(t("app_title", lang)),
                        plotly=get_plotlyjs().replace("</script", "<\\/script"), data=_json(_payload(ds, G)),
                        script=_SCRIPT)
