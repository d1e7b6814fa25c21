"""The Explorer: the network, the timeline and the map, linked, with filters, search and a detail panel.

The only module that builds the Explorer's widgets. Each view is a
:class:`~gcm_explore.apps.plotwidget.PlotlyView` updated in place (one message per update, redrawn
with ``Plotly.react``; see that module for why not ``go.FigureWidget``). The layout of the full
network is computed once, so nodes keep their place whatever is filtered.

Clicking an event highlights its actors and process in the network and its place on the map;
clicking an actor or a process highlights its events on the timeline; clicking a state on the
map selects it, clicking a place selects its events; each opens the detail panel. "Connect to"
shows how the selection is linked to a second actor or process. The filters (date or dates,
actor types, region, process, objective, neighbourhood) act on all views. The state reads and
writes a URL query, so a link opens the same view.

>>> import gcm_explore as gx
>>> app = gx.Explorer(gx.load_dataset(), lang="ar")
>>> app.set_as_of("2017-12-31")
>>> app.select("iom")
>>> "المنظمة الدولية للهجرة" in app.details.value
True
>>> app.query()
'lang=ar&date=2017-12&select=iom'
"""

from __future__ import annotations

import logging

import ipywidgets as widgets
import numpy as np
import pandas as pd
from plotly.io.json import to_json_plotly

from ..io.load import load_dataset
from ..model.analysis import ego, filter_nodes, node_metrics, paths
from ..model.dataset import Dataset
from ..model.i18n import LANGUAGE_CHOICES, direction, esc, format_date, t
from ..model.layout import layout
from ..model.network import build_network
from ..model.timeline import timeline_frame
from ..model.vocab import ACTOR_TYPES, REGIONS, label
from ..views.html import (
    actors_of,
    details,
    events_of,
    find,
    kind_of,
    parse_state,
    path_details,
    path_nodes,
    query_state,
)
from ..views.map import LAYERS, VOTE_EVENT, map_spec, place_key
from ..views.network import edge_key, network_spec
from ..views.style import FONT, node_categories
from ..views.timeline import mark_as_of, timeline_hovers, timeline_spec
from .plotwidget import PlotlyView

__all__ = ["Explorer", "error_panel"]

log = logging.getLogger(__name__)

#: Height of the network and timeline views in pixels.
HEIGHT = 600
#: Height of the map view in pixels.
MAP_HEIGHT = 520
#: The timeline's plot area at half the page (pixels): its milestone labels are placed for it.
LABEL_AREA = (450, HEIGHT - 180)
#: Label the highlighted events on the timeline only when there are this few of them.
MAX_LABELLED = 6
#: The most an uploaded zip may unzip to (bytes).
MAX_UNZIPPED = 100 * 2**20
#: Map layers that change with the date.
DATED_LAYERS = ("withdrawal", "champion", "events")

CSS = f"""
<style>
.gcm-explorer {{ font-family: {FONT}; }}
.gcm-explorer .gcm-title h1 {{ font-size: 1.6em; margin: 0.2em 0; }}
.gcm-explorer .gcm-title p {{ margin: 0 0 0.4em 0; color: #444; }}
.gcm-explorer.gcm-rtl {{ direction: rtl; text-align: right; }}
.gcm-explorer.gcm-rtl .widget-label {{ text-align: left; }}
.gcm-explorer .js-plotly-plot, .gcm-explorer .plot-container {{ direction: ltr; }}
.gcm-explorer .gcm-views {{ flex-wrap: wrap; gap: 8px; }}
.gcm-explorer .gcm-view {{ flex: 1 1 520px; min-width: 360px; }}
.gcm-explorer .gcm-view > * {{ flex: 1 1 auto; width: 100%; min-width: 0; }}
.gcm-explorer .gcm-map-view {{ flex: 2 1 560px; min-width: 360px; }}
.gcm-explorer .gcm-side {{ flex: 1 1 360px; min-width: 300px; }}
.gcm-explorer .gcm-details {{ max-height: 480px; overflow-y: auto; padding: 0 8px; border-inline-start: 3px solid #0072B2; }}
.gcm-explorer .gcm-details h3 {{ margin: 0.2em 0; }}
.gcm-explorer .gcm-path {{ padding: 0 8px; border-inline-start: 3px solid #D55E00; }}
.gcm-explorer .gcm-busy {{ color: #D55E00; font-weight: bold; }}
.gcm-explorer .gcm-error {{ color: #B00020; font-weight: bold; }}
.gcm-explorer .gcm-edge-key {{ font-size: 12px; color: #333; line-height: 1.5; padding: 0 12px; white-space: normal; }}
.gcm-explorer .gcm-edge-key span {{ display: inline-block; white-space: nowrap; margin-inline-end: 12px; }}
.gcm-explorer .gcm-edge-key i {{ font-style: normal; }}
</style>
"""


class Explorer(widgets.VBox):
    """Linked network, timeline and map of a :class:`~gcm_explore.model.dataset.Dataset`, as one widget.

    Parameters
    ----------
    ds : the dataset (the bundled one if None).
    lang : 'en' or 'ar'; the switch at the top changes it, keeping everything else.
    as_of : the date shown first (the last month with events if None).
    as_range : ``(start, end)``: show the events between two dates, and who took part together
        then, instead of everything up to one date.
    select : an actor, process, event id (or a map place key) to select first.
    connect : an actor or process: show how the selection is linked to it.
    types, region, process, objective, hops : the first filters (actor types, UN M49 region,
        a process id, a GCM objective number, neighbourhood hops around the selection).
    layer : the map's layer (see :data:`gcm_explore.views.map.LAYERS`).
    """

    def __init__(self, ds: Dataset | None = None, lang: str = "en", **state):
        self.lang = lang
        self.selected = None
        self._busy = False
        self._use(ds if ds is not None else load_dataset())

        self.language = widgets.ToggleButtons(options=LANGUAGE_CHOICES, value=lang, style={"button_width": "90px"})
        self.mode = widgets.ToggleButtons(options=[(t("mode_as_of", lang), "as_of"), (t("mode_range", lang), "range")],
                                          value="as_of",
                                          style={"button_width": "150px"})
        self.mode.add_class("gcm-mode")
        last_month = len(self.months) - 1
        self.slider = widgets.IntSlider(min=0, max=last_month, value=last_month, readout=False,
                                        continuous_update=False, layout=widgets.Layout(width="min(520px, 90vw)"))
        self.slider.add_class("gcm-date-slider")
        self.range = widgets.IntRangeSlider(min=0, max=last_month, value=(0, last_month), readout=False,
                                            continuous_update=False,
                                            layout=widgets.Layout(width="min(520px, 90vw)", display="none"))
        self.range.add_class("gcm-range-slider")
        self.date_label = widgets.HTML()
        self.date_label.add_class("gcm-date-label")
        self.search = widgets.Combobox(ensure_option=False, continuous_update=False,
                                       layout=widgets.Layout(width="320px"))
        self.search.add_class("gcm-search")
        self.connect = widgets.Combobox(ensure_option=False, continuous_update=False,
                                        layout=widgets.Layout(width="320px"))
        self.connect.add_class("gcm-connect")
        self.types = widgets.SelectMultiple(rows=4, layout=widgets.Layout(width="260px"))
        self.types.add_class("gcm-types")
        self.region = widgets.Dropdown(layout=widgets.Layout(width="200px"))
        self.region.add_class("gcm-region")
        self.process = widgets.Dropdown(layout=widgets.Layout(width="280px"))
        self.process.add_class("gcm-process")
        self.objective = widgets.Dropdown(layout=widgets.Layout(width="280px"))
        self.objective.add_class("gcm-objective")
        self.hops = widgets.IntSlider(min=0, max=3, value=0, continuous_update=False,
                                      layout=widgets.Layout(width="200px"))
        self.hops.add_class("gcm-hops")
        self.layer = widgets.Dropdown(layout=widgets.Layout(width="340px"))
        self.layer.add_class("gcm-layer")
        self.reset_button = widgets.Button(icon="undo", layout=widgets.Layout(width="auto"))
        self.reset_button.add_class("gcm-reset")
        self.upload = widgets.FileUpload(accept=".xlsx,.zip", multiple=False, layout=widgets.Layout(width="auto"))
        self.upload.add_class("gcm-upload")
        self.add_to_record = widgets.Checkbox(value=True, indent=False, layout=widgets.Layout(width="auto"))
        self.add_to_record.add_class("gcm-add-to-record")
        self.title, self.status, self.footer, self.link = (widgets.HTML() for _ in range(4))
        self.title.add_class("gcm-title")
        self.status.add_class("gcm-status")
        self.link.add_class("gcm-link")
        self.details = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.details.add_class("gcm-details-box")
        self.path = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.path.add_class("gcm-path-box")
        self.edge_key = widgets.HTML(layout=widgets.Layout(width="100%"))  # the colours of the network's links
        self.edge_key.add_class("gcm-edge-key-box")
        # drawn by _update(); the map, below the others, is redrawn after them (when the page is idle)
        self.network, self.timeline, self.map = PlotlyView(), PlotlyView(), PlotlyView(defer=True)

        def view(plot, name, height, css="gcm-view", above=(), below=()):
            box = widgets.VBox([*above, plot, *below], layout=widgets.Layout(min_height=f"{height}px"))
            box.add_class(css)
            box.add_class(name)
            return box

        views = widgets.HBox([view(self.network, "gcm-network", HEIGHT, below=[self.edge_key]),
                              view(self.timeline, "gcm-timeline", HEIGHT)],
                             layout=widgets.Layout(width="100%"))
        views.add_class("gcm-views")
        side = widgets.VBox([self.path, self.details])
        side.add_class("gcm-side")
        lower = widgets.HBox([view(self.map, "gcm-map", MAP_HEIGHT + 40, "gcm-map-view", [self.layer]), side],
                             layout=widgets.Layout(width="100%"))
        lower.add_class("gcm-views")
        row = dict(align_items="center", flex_flow="row wrap", grid_gap="6px")
        controls = widgets.VBox([
            widgets.HBox([self.language, self.mode, self.slider, self.range, self.date_label],
                         layout=widgets.Layout(**row)),
            widgets.HBox([self.search, self.connect, self.reset_button, self.upload, self.add_to_record],
                         layout=widgets.Layout(**row)),
            widgets.HBox([self.types, self.region, self.process, self.objective, self.hops],
                         layout=widgets.Layout(**row)),
        ])
        super().__init__([widgets.HTML(CSS), self.title, controls, self.status, views, lower, self.link, self.footer])
        self.add_class("gcm-explorer")

        self._relabel()
        for w in (self.slider, self.range, self.types, self.region, self.process, self.objective, self.hops,
                  self.layer):
            w.observe(self._on_change, names="value")
        self.mode.observe(self._on_mode, names="value")
        self.language.observe(self._on_language, names="value")
        self.search.observe(self._on_search, names="value")
        self.connect.observe(self._on_connect, names="value")
        self.reset_button.on_click(lambda _: self.reset())
        self.upload.observe(self._on_upload, names="value")
        for plot in (self.network, self.timeline, self.map):
            plot.observe(self._on_click, names="clicked")
        self.apply_state(lang=lang, **state)

    @classmethod
    def from_query(cls, query: str | None, ds: Dataset | None = None) -> Explorer:
        """An Explorer in the state a URL query describes (see :meth:`query`); Voila gives the
        page's query to the kernel as the ``QUERY_STRING`` environment variable."""
        return cls(ds, **parse_state(query))

    # --- public -----------------------------------------------------------------------------

    @property
    def as_of(self) -> pd.Timestamp:
        """The date shown: the last day of the month the slider stands on (in range mode, of the range's end)."""
        month = self.slider.value if self.mode.value == "as_of" else self.range.value[1]
        return self.months[month] + pd.offsets.MonthEnd(0)

    @property
    def window(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """In range mode, the first and last day shown; None in "as of" mode."""
        if self.mode.value != "range":
            return None
        first, last = self.range.value
        return self.months[first], self.months[last] + pd.offsets.MonthEnd(0)

    def set_as_of(self, date) -> None:
        """Show everything up to the month of ``date``."""
        self.apply_state(as_of=date)

    def set_range(self, start, end) -> None:
        """Show the events from the month of ``start`` to that of ``end``."""
        self.apply_state(as_range=(start, end))

    def select(self, node: str | None) -> None:
        """Select an actor, process, event (or map place) by id; None clears the selection."""
        self.selected = node
        self._update()

    def reset(self) -> None:
        """Back to the whole record: no selection, no filter, everything up to the last month."""
        self.selected = None

        def clear():
            self.types.value, self.region.value, self.process.value, self.objective.value = (), "", "", 0
            self.hops.value, self.search.value, self.connect.value = 0, "", ""
            self.mode.value, self.slider.value = "as_of", len(self.months) - 1
            self.range.value = (0, len(self.months) - 1)
            self._show_mode()

        self._quiet(clear)
        self._update()

    def apply_state(self, lang=None, as_of=None, as_range=None, select=None, connect=None, types=None,
                    region=None, process=None, objective=None, hops=None, layer=None) -> None:
        """Set any part of the state (what :func:`~gcm_explore.views.html.parse_state` reads from a
        query) at once, then redraw once. Unknown ids and values are ignored."""

        def apply():
            if lang in ("en", "ar") and lang != self.lang:
                self.language.value = lang
                self.lang = lang
                self._relabel()
            if types is not None:
                self.types.value = tuple(x for x in types if x in self._type_keys)
            if region is not None:
                self.region.value = region if region in REGIONS else ""
            if process is not None:
                self.process.value = process if process in self.ds.processes.index else ""
            if objective is not None:
                self.objective.value = objective if objective in set(self.ds.objectives["number"]) else 0
            if hops is not None:
                self.hops.value = max(0, min(int(hops or 0), 3))
            if layer in LAYERS:
                self.layer.value = layer
            if as_range is not None:
                self.mode.value = "range"
                self.range.value = tuple(sorted(self._month_index(x) for x in as_range))
            elif as_of is not None:
                self.mode.value = "as_of"
                self.slider.value = self._month_index(as_of)
            self._show_mode()
            if select is not None:
                self.selected = select if kind_of(self.ds, select) else None
            if connect is not None:
                self.connect.value = self.ds.label(connect, self.lang) if kind_of(self.ds, connect) in (
                    "actor", "process") else ""

        self._quiet(apply)
        self._update()

    def apply_query(self, query: str | None) -> None:
        """Show the state a URL query describes (see :meth:`query`)."""
        self.apply_state(**parse_state(query))

    def query(self) -> str:
        """The URL query of the current state, e.g. ``lang=ar&date=2018-12&select=iom``."""
        window = self.window
        return query_state(lang=self.lang, date=None if window else self.as_of.strftime("%Y-%m"),
                           range=[d.strftime("%Y-%m") for d in window] if window else None,
                           select=self.selected, connect=self._target(), types=list(self.types.value),
                           region=self.region.value, process=self.process.value, objective=self.objective.value,
                           hops=self.hops.value, layer=self.layer.value if self.layer.value != LAYERS[0] else None)

    def warm(self) -> None:
        """Build now what the first moves of the slider would build (the network of every month,
        drawn; the timeline in both languages; the events' processes and objectives): call it where
        start-up time is free, as in a preheated Voila kernel, so that later updates only draw."""
        for month in range(len(self.months)):
            self._network_json(self._month_graph(month), self.lang, set(), when=month)
        for lang in ("en", "ar"):
            self._frame(lang)
        self._event_attrs  # noqa: B018 - built now, for the process and objective filters

    def open_data(self, ds: Dataset) -> None:
        """Explore ``ds`` instead (:func:`gcm_explore.io.package.merge` adds rows to the current record
        first), keeping the language; the filters and the selection start again."""
        self._use(ds)
        self._quiet(self._relabel)
        last = len(self.months) - 1
        self._quiet(lambda: (setattr(self.slider, "max", last), setattr(self.range, "max", last)))
        self.reset()

    def _use(self, ds: Dataset) -> None:
        """Take ``ds`` as the record: the months, the full network and its layout, the caches."""
        self.ds = ds
        ev = ds.events
        last = ev["end"].fillna(ev["start"]).max()
        self.months = list(pd.date_range(ev["start"].min().to_period("M").start_time,
                                         last.to_period("M").start_time, freq="MS"))
        self._full = build_network(ds)
        self._pos = layout(self._full)  # computed once: stable positions for every filtered view
        self._categories = node_categories(self._full)
        self._events_annotated = None  # built on first use by _event_attrs
        self._type_keys = sorted({d.get("type") for _, d in self._full.nodes(data=True)} & set(ACTOR_TYPES))
        self._graphs: dict = {}  # the network per month (or pair of months), built once
        self._frames: dict[str, pd.DataFrame] = {}  # the timeline's events with their hovers, per language
        self._timelines: dict = {}  # the timeline per language, filters and selection (any date)
        self._networks: dict = {}  # the network view's JSON per graph, language and highlight
        self._map_key = None  # what the map shows: it is redrawn only when that changes
        self._found: tuple = ("", None)  # the "connect to" text and the id it names

    @property
    def _event_attrs(self) -> dict:
        """Each event's processes (with their parents) and objectives, for filtering the timeline:
        built when a process or objective filter is first used, not at start-up."""
        if self._events_annotated is None:
            self._events_annotated = {n: d for n, d in build_network(self.ds, include_events=True).nodes(data=True)
                                      if d.get("kind") == "event"}
        return self._events_annotated

    def _on_upload(self, change) -> None:
        files = change["new"]
        if self._busy or not files:
            return
        upload = files[0]
        lang = self.lang
        self.status.value = f"<span class='gcm-busy'>{esc(t('working', lang))}</span>"
        try:
            ds = read_upload(upload["name"], bytes(upload["content"]), base=self.ds if self.add_to_record.value else None)
            self.open_data(ds)
        except Exception as exc:  # a bad file: say what is wrong and keep exploring what was there
            self.status.value = (f"<span class='gcm-error' dir='{direction(lang)}'>"
                                 f"{esc(t('open_failed', lang, name=upload['name']))}</span>")
            self.details.value = f"<pre class='gcm-details' dir='ltr' style='white-space: pre-wrap'>{esc(exc)}</pre>"
            return
        self.status.value = (f"<span dir='{direction(lang)}'>{esc(t('opened', lang, name=upload['name']))} · "
                             f"{self.status.value}</span>")

    # --- updates ------------------------------------------------------------------------------

    def _month_index(self, date) -> int:
        month = pd.Timestamp(date).to_period("M").start_time
        return max((i for i, m in enumerate(self.months) if m <= month), default=0)

    def _quiet(self, fn) -> None:
        self._busy = True
        try:
            fn()
        finally:
            self._busy = False

    def _on_change(self, change) -> None:
        if not self._busy:
            self._update()

    def _on_mode(self, change) -> None:
        if self._busy:
            return
        self._show_mode()
        self._update()

    def _show_mode(self) -> None:
        ranged = self.mode.value == "range"
        self.slider.layout.display = "none" if ranged else None
        self.range.layout.display = None if ranged else "none"

    def _on_language(self, change) -> None:
        if self._busy:
            return
        self.lang = change["new"]
        self._quiet(self._relabel)
        self._update()

    def _on_search(self, change) -> None:
        if self._busy or not change["new"]:
            return
        node = find(self.ds, change["new"])
        if node is None:
            self.status.value = f"<span dir='{direction(self.lang)}'>{esc(t('not_found', self.lang, q=change['new']))}</span>"
            return
        self.select(node)

    def _on_connect(self, change) -> None:
        if not self._busy:
            self._update()

    def _target(self) -> str | None:
        """The id the "connect to" box names, if any (looked up once per text: each update asks twice)."""
        text = self.connect.value
        if self._found[0] != text:
            self._found = (text, find(self.ds, text) if text else None)
        return self._found[1]

    def _on_click(self, change) -> None:
        point = change["new"] or {}
        node = point.get("customdata")
        if not isinstance(node, str):
            return
        if len(node) == 3 and node.isupper():  # a state on the map: its ISO3 code
            states = self.ds.actors[(self.ds.actors["type"] == "state") & (self.ds.actors["iso3"] == node)]
            node = states.index[0] if len(states) else None
        if node is not None and kind_of(self.ds, node):
            self.select(node)

    def _relabel(self) -> None:
        lang = self.lang
        chosen = self.mode.value  # new options reset the value to the first: keep it
        self.mode.options = [(t("mode_as_of", lang), "as_of"), (t("mode_range", lang), "range")]
        self.mode.value = chosen or "as_of"
        self.search.placeholder = t("search_hint", lang)
        self.search.description = t("search", lang)
        self.connect.placeholder = t("connect_hint", lang)
        self.connect.description = t("connect", lang)
        names = self.ds.actors[f"name_{lang}"].tolist() + self.ds.processes[f"name_{lang}"].tolist()
        options = sorted({n for n in names if isinstance(n, str)})
        self.search.options = options
        self.connect.options = options
        target = self._target()
        self.connect.value = self.ds.label(target, lang) if target else ""
        chosen = self.types.value
        self.types.options = [(label(ACTOR_TYPES, k, lang), k) for k in self._type_keys]
        self.types.value = chosen
        self.types.description = t("types", lang)
        chosen = self.region.value
        self.region.options = [(t("all_regions", lang), "")] + [(t(f"region_{r}", lang), r) for r in REGIONS]
        self.region.value = chosen or ""
        self.region.description = t("region", lang)
        chosen = self.process.value
        procs = self.ds.processes.sort_values("start")
        short = procs[f"short_{lang}"].fillna(procs[f"name_{lang}"]) if f"short_{lang}" in procs else procs[f"name_{lang}"]
        self.process.options = [(t("all_processes", lang), "")] + list(zip(short, procs.index))
        self.process.value = chosen or ""
        self.process.description = t("process", lang)
        chosen = self.objective.value
        self.objective.options = [(t("all_objectives", lang), 0)] + [
            (f"{n}. {title}", int(n)) for n, title in zip(self.ds.objectives["number"], self.ds.objectives[f"title_{lang}"])]
        self.objective.value = chosen or 0
        self.objective.description = t("objective", lang)
        chosen = self.layer.value
        self.layer.options = [(t(f"layer_{k}", lang), k) for k in LAYERS]
        self.layer.value = chosen or LAYERS[0]
        self.layer.description = t("layer", lang)
        self.hops.description = t("hops", lang)
        self.reset_button.description = t("reset", lang)
        self.upload.description = t("open_data", lang)
        self.upload.tooltip = t("open_data_hint", lang)
        self.add_to_record.description = t("add_to_record", lang)
        self.title.value = (f"<div dir='{direction(lang)}'><h1>{esc(t('app_title', lang))}</h1>"
                            f"<p>{esc(t('app_subtitle', lang))}</p></div>")
        self.footer.value = f"<p dir='{direction(lang)}' style='color:#555'>{esc(t('footer', lang))}</p>"
        if lang == "ar":
            self.add_class("gcm-rtl")
        else:
            self.remove_class("gcm-rtl")

    def _month_graph(self, month: int):
        if month not in self._graphs:
            self._graphs[month] = build_network(self.ds, as_of=self.months[month] + pd.offsets.MonthEnd(0))
        return self._graphs[month]

    def _frame(self, lang: str) -> pd.DataFrame:
        if lang not in self._frames:
            self._frames[lang] = timeline_hovers(timeline_frame(self.ds, lang=lang), lang)
        return self._frames[lang]

    def _graph(self):
        window = self.window
        if window is None:
            G = self._month_graph(self.slider.value)
        else:
            key = tuple(self.range.value)
            if key not in self._graphs:
                self._graphs[key] = build_network(self.ds, window=window)
            G = self._graphs[key]
        if any(self._filters()):
            types = set(self.types.value) | {"process"} if self.types.value else None
            G = filter_nodes(G, types=types, regions=[self.region.value] if self.region.value else None,
                             processes=self.process.value or None, objectives=self.objective.value or None)
        if self.hops.value and self.selected in G:
            G = ego(G, self.selected, hops=self.hops.value)
        return G

    def _filters(self) -> tuple:
        """The filter menus' values: actor types, region, process, objective (empty when unset)."""
        return self.types.value, self.region.value, self.process.value, self.objective.value

    def _network_json(self, G, lang: str, highlight: set, when=None) -> str:
        """The network view's figure as JSON text, kept for the graph, the language and the
        highlight: moving back to a date, or through the months warmed by :meth:`warm`, sends it at once."""
        if when is None:  # the month of the slider, or the range's pair of months
            when = tuple(self.range.value) if self.window else self.slider.value
        key = (when, *self._filters(), self.hops.value, self.hops.value and self.selected, lang, frozenset(highlight))
        if key not in self._networks:
            if len(self._networks) > 2 * len(self.months):
                self._networks.clear()
            # WebGL: the browser redraws it several times faster than SVG; the edge kinds in an
            # HTML key below it (self.edge_key): Plotly's legend is redrawn with every update
            spec = network_spec(G, lang=lang, pos=self._pos, categories=self._categories, highlight=highlight,
                                webgl=True, edge_legend=False)
            spec["layout"]["height"] = HEIGHT
            self._networks[key] = to_json_plotly(spec)
        return self._networks[key]

    def _edge_key(self, G, lang: str) -> str:
        """The key to the colours of the links in the network (the kinds of link it shows)."""
        items = "".join(f"<span><i style='color:{colour}'>■</i> {esc(name)}</span>" for name, colour in edge_key(G, lang))
        return (f"<div class='gcm-edge-key' dir='{direction(lang)}'><b>{esc(t('edge_legend', lang))}:</b> {items}</div>"
                if items else "")

    def _shown_events(self) -> pd.DataFrame:
        """The timeline's events that pass the filters (each event's participants for types and region)."""
        frame = self._frame(self.lang)
        keep = np.ones(len(frame), dtype=bool)
        for value, attr in ((self.process.value, "processes"), (self.objective.value, "objectives")):
            if value:
                keep &= np.array([value in self._event_attrs.get(e, {}).get(attr, ()) for e in frame.index], dtype=bool)
        if self.types.value or self.region.value:
            actors = self.ds.actors
            ok = pd.Series(True, index=actors.index)
            if self.types.value:
                ok &= actors["type"].isin(self.types.value)
            if self.region.value:
                ok &= actors["region"] == self.region.value
            part = self.ds.participation
            keep &= frame.index.isin(part.loc[part["actor_id"].isin(actors.index[ok]), "event_id"])
        return frame[keep]

    def _update(self) -> None:
        try:
            self._draw()
        except Exception as exc:  # a view must never go blank without a word: say it, keep what is shown
            log.exception("GCM Explorer: could not update the views")
            self.status.value = (f"<span class='gcm-error' dir='{direction(self.lang)}'>"
                                 f"{esc(t('error', self.lang, error=f'{type(exc).__name__}: {exc}'))}</span>")

    def _draw(self) -> None:
        lang, as_of, window, node = self.lang, self.as_of, self.window, self.selected
        self.status.value = f"<span class='gcm-busy'>{esc(t('working', lang))}</span>"
        G = self._graph()
        kind = kind_of(self.ds, node) if node is not None else None
        if kind == "event":
            net_hi, tl_hi = actors_of(self.ds, node), {node}
        elif kind is not None:
            net_hi, tl_hi = ({node} if kind != "place" else set()), events_of(self.ds, node)
            if kind == "place":
                net_hi = set().union(*(actors_of(self.ds, e) for e in tl_hi))
        else:
            net_hi, tl_hi = set(), set()
        target = self._target()
        self.path.value = ""
        if target is not None:
            if kind in ("actor", "process"):
                found = paths(G, node, target, max_paths=3) if node in G and target in G else []
                net_hi |= path_nodes(found) | {target}
                self.path.value = path_details(self.ds, found, node, target, lang)
            else:
                self.path.value = (f"<div class='gcm-path' dir='{direction(lang)}'>"
                                   f"<p>{esc(t('path_needs_selection', lang))}</p></div>")
        events = self._shown_events()
        if window is not None:
            events = events[(events["finish"] >= window[0]) & (events["start"] <= window[1])]
        # the events drawn depend on the filters, not on the date "as of" (a veil in the layout):
        # drawn once, then marked with each date
        key = (lang, window, frozenset(tl_hi), *self._filters())
        if key not in self._timelines:
            if len(self._timelines) > 64:
                self._timelines.clear()
            # figure dicts, not go.Figures: Plotly's checks would take most of the update's time
            spec = timeline_spec(
                self.ds, lang=lang, highlight=tl_hi, label_area=LABEL_AREA,
                label_highlighted=len(tl_hi) <= MAX_LABELLED, rangeslider=False, frame=events,
                x_range=(window[0] - pd.Timedelta(days=15), window[1] + pd.Timedelta(days=15)) if window else None)
            self._timelines[key] = spec, to_json_plotly(spec["data"])  # the events' JSON, written once
        spec, data = self._timelines[key]
        layout = (spec if window else mark_as_of(spec, as_of, lang))["layout"]
        # the timeline first: it is sent and drawn while the network is being built
        self.timeline.update(f'{{"data": {data}, "layout": {to_json_plotly(dict(layout, height=HEIGHT))}}}')
        self.network.update(self._network_json(G, lang, net_hi & set(G)))
        self.edge_key.value = self._edge_key(G, lang)
        self._draw_map(lang, as_of, net_hi, tl_hi)
        # computed on the first selection, not at start-up; node_metrics caches them per graph
        metrics = ({k: v[node] for k, v in node_metrics(self._full).items() if node in v}
                   if kind in ("actor", "process") else None)
        self.details.value = details(self.ds, node, lang, metrics=metrics) if kind else (
            f"<p dir='{direction(lang)}' style='color:#555'>{esc(t('select_hint', lang))}</p>")
        if window is None:
            date = format_date(as_of, "day", lang)
            self.date_label.value = f"<b>{esc(t('as_of', lang))}: {esc(date)}</b>"
            shown = esc(t("events_shown", lang, n=len(events[events["start"] <= as_of]), date=date))
        else:
            start, end = (format_date(d, "month", lang) for d in window)
            self.date_label.value = f"<b>{esc(t('between', lang))}: {esc(start)} – {esc(end)}</b>"
            shown = esc(t("events_between", lang, n=len(events), start=start, end=end))
        counts = esc(t("network_counts", lang, nodes=G.number_of_nodes(), edges=G.number_of_edges()))
        self.status.value = f"<span dir='{direction(lang)}'>{shown} · {counts}</span>"
        query = self.query()
        self.link.value = (f"<p dir='{direction(lang)}'>{esc(t('link', lang))}: "
                           f"<a href='?{esc(query)}' target='_top' dir='ltr'><bdi>?{esc(query)}</bdi></a></p>")

    def _draw_map(self, lang: str, as_of, net_hi: set, tl_hi: set) -> None:
        """Redraw the map if what it shows changed: states of the highlighted actors, places of the highlighted events."""
        layer = self.layer.value
        states = self.ds.actors.loc[[a for a in net_hi if a in self.ds.actors.index]]
        marked = set(states.loc[states["type"] == "state", "iso3"].dropna())
        if layer == "events":
            ev = self.ds.events.loc[sorted(tl_hi)].fillna({"city": ""})
            marked |= {place_key(c, i) for c, i in zip(ev["city"], ev["country_iso3"]) if isinstance(i, str)}
        if layer == "vote" and VOTE_EVENT in self.ds.events.index:  # it changes once: on the day of the vote
            vote_day = self.ds.events.at[VOTE_EVENT, "start"]
            when = None if as_of >= vote_day else vote_day - pd.Timedelta(days=1)
        else:
            when = as_of if layer in DATED_LAYERS else None
        key = (layer, lang, when, frozenset(marked))
        if key == self._map_key:
            return
        spec = map_spec(self.ds, layer=layer, lang=lang, as_of=when, highlight=marked)
        spec["layout"]["height"] = MAP_HEIGHT
        self.map.update(spec)
        self._map_key = key


def error_panel(error: BaseException) -> widgets.HTML:
    """What a dashboard shows instead of a blank page when it cannot start: the error (for a
    :class:`~gcm_explore.errors.DataError`, every problem with its file, row, column and fix),
    in English and Arabic, escaped."""
    message = str(error) if str(error) else type(error).__name__
    parts = [f"<div dir='{direction(lang)}'><h2>{esc(t('load_failed', lang))}</h2><p>{esc(t('load_failed_fix', lang))}</p></div>"
             for lang in ("en", "ar")]
    panel = widgets.HTML(f"<div class='gcm-load-error' style='font-family: {FONT}; border-inline-start: 4px solid #B00020; "
                         f"padding: 0 12px'>{''.join(parts)}<pre dir='ltr' style='white-space: pre-wrap'>"
                         f"{esc(type(error).__name__)}: {esc(message)}</pre></div>")
    panel.add_class("gcm-load-error")
    return panel


def read_upload(name: str, content: bytes, base: Dataset | None = None) -> Dataset:
    """The dataset in an uploaded file: a workbook (``.xlsx``, a sheet per table) or a zipped data
    package (``.zip`` with a ``datapackage.json``); with ``base``, its rows added to ``base``
    (a workbook then needs only the sheets it adds rows to). Raises ``DataError`` (its problems
    name the file, sheet or table, row and column) or ``ValueError`` for another kind of file."""
    import tempfile
    import zipfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="gcm-upload-"))
    path = folder / Path(name).name
    path.write_bytes(content)
    if path.suffix.lower() == ".xlsx":
        from ..io.package import from_spreadsheet

        return from_spreadsheet(path, base=base)
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():  # nothing may land outside the folder
                    if member.startswith("/") or ".." in Path(member).parts:
                        raise ValueError(f"{name}: {member!r} would be written outside the folder; zip the package's own files")
                size = sum(info.file_size for info in archive.infolist())
                if size > MAX_UNZIPPED:
                    raise ValueError(f"{name}: unzips to {size / 2**20:.0f} MB, more than the {MAX_UNZIPPED // 2**20} MB "
                                     "a package may have; check that it is the right file")
                archive.extractall(folder / "package")
        except zipfile.BadZipFile:
            raise ValueError(f"{name}: not a zip archive. Give a .zip of a data package folder, or a .xlsx workbook") from None
        found = sorted((folder / "package").rglob("datapackage.json"), key=lambda p: len(p.parts))
        if not found:
            raise ValueError(f"{name}: has no datapackage.json. Zip the folder that holds datapackage.json and the CSV tables")
        ds = load_dataset(found[0].parent)
        if base is not None:
            from ..io.package import merge

            ds = merge(base, ds)
        return ds
    raise ValueError(f"{name}: open a workbook (.xlsx, a sheet per table) or a zipped data package (.zip)")
