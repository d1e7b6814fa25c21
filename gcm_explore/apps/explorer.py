"""The Explorer: the network, the timeline and the map, linked, with filters, search and a detail panel.

The Explorer's widgets and their wiring: what it shows is an
:class:`~gcm_explore.apps.state.ExplorerState`, read from its controls (:mod:`~gcm_explore.apps.controls`),
and what it draws for a state comes from :class:`~gcm_explore.apps.drawing.Drawing`. Each view is a
:class:`~gcm_explore.apps.plotwidget.PlotlyView` updated in place (one message per update, redrawn
with ``Plotly.react``; see that module for why not ``go.FigureWidget``). The layout of the full
network is computed once, so nodes keep their place whatever is filtered. While the kernel is idle
the months beside the one shown are prepared, for a large record every month (:mod:`~gcm_explore.apps.ahead`).

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

import dataclasses
import logging

import ipywidgets as widgets
import pandas as pd

from ..io.load import load_dataset
from ..io.upload import read_upload
from ..model.anygraph import collector_paused
from ..model.dataset import Dataset
from ..model.i18n import direction, esc, t
from ..model.selection import find, kind_of, path_nodes
from ..model.vocab import check_lang
from ..views.html import details, edge_key_html, event_key_html, node_key_html, path_details
from ..views.network import edge_key, network_title, node_key
from ..views.style import FONT
from ..views.timeline import family_key
from .ahead import MonthsAhead
from .controls import Controls
from .drawing import HEIGHT, MAP_HEIGHT, Drawing
from .plotwidget import PlotlyView
from .state import ExplorerState, parse_state

__all__ = ["Explorer", "error_panel"]

log = logging.getLogger(__name__)

#: The controls an Explorer shows as its own attributes (``app.slider``, ``app.types``…).
CONTROLS = ("language", "mode", "slider", "range", "date_label", "search", "connect", "types", "region", "process",
            "objective", "hops", "states", "layer", "reset_button", "upload", "add_to_record")

CSS = f"""
<style>
.gcm-explorer {{ font-family: {FONT}; }}
.gcm-explorer .gcm-title h1 {{ font-size: 1.6em; margin: 0.2em 0; }}
.gcm-explorer .gcm-title p {{ margin: 0 0 0.4em 0; color: #444; }}
.gcm-explorer .gcm-view-title h2 {{ font-size: 17px; font-weight: normal; color: #2a3f5f; margin: 4px 12px 0 12px; }}
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
.gcm-explorer .gcm-edge-key, .gcm-explorer .gcm-node-key, .gcm-explorer .gcm-event-key {{ font-size: 12px; color: #333; line-height: 1.5; padding: 0 12px; white-space: normal; }}
.gcm-explorer .gcm-edge-key span, .gcm-explorer .gcm-node-key span, .gcm-explorer .gcm-event-key span {{ display: inline-block; white-space: nowrap; margin-inline-end: 12px; }}
.gcm-explorer .gcm-edge-key i, .gcm-explorer .gcm-node-key i, .gcm-explorer .gcm-event-key i {{ font-style: normal; }}
</style>
"""


class Explorer(widgets.VBox):
    """Linked network, timeline and map of a :class:`~gcm_explore.model.dataset.Dataset`, as one widget.

    Parameters
    ----------
    ds : the dataset (the bundled one if None).
    lang : 'en' or 'ar'; the switch at the top changes it, keeping everything else.
    as_of : the date shown first (the last month with events if None).
    window : ``(start, end)``: show the events between two dates, and who took part together
        then, instead of everything up to one date (``as_range`` is its old name).
    select : an actor, process, event id (or a map place key) to select first.
    connect : an actor or process: show how the selection is linked to it.
    types, region, process, objective, hops : the first filters (actor types, UN M49 region,
        a process id, a GCM objective number, neighbourhood hops around the selection).
    layer : the map's layer (see :data:`gcm_explore.views.map.LAYERS`).
    states : 'active' (the default) draws the Member States that did more than vote; 'all' draws
        every one, those that only voted in a block per region (see :data:`~gcm_explore.apps.state.STATE_MODES`).
    """

    def __init__(self, ds: Dataset | None = None, lang: str = "en", **state):
        self.lang = check_lang(lang)
        self.selected = None
        self._busy = False
        self._found: tuple = ("", None)  # the "connect to" text and the id it names
        self._ahead = MonthsAhead()  # the months beside the one shown (or every month), prepared while the kernel is idle
        self._use(ds if ds is not None else load_dataset())
        self.controls = Controls(lang, len(self.months))
        for name in CONTROLS:
            setattr(self, name, getattr(self.controls, name))
        self.title, self.status, self.footer, self.link = (widgets.HTML() for _ in range(4))
        for w, css in ((self.title, "gcm-title"), (self.status, "gcm-status"), (self.link, "gcm-link")):
            w.add_class(css)
        self.details, self.path, self.node_key, self.edge_key, self.event_key, self.network_title, self.timeline_title = (
            widgets.HTML(layout=widgets.Layout(width="100%")) for _ in range(7))
        for w, css in ((self.details, "gcm-details-box"), (self.path, "gcm-path-box"), (self.node_key, "gcm-node-key-box"),
                       (self.edge_key, "gcm-edge-key-box"), (self.event_key, "gcm-event-key-box"),
                       (self.network_title, "gcm-view-title"), (self.timeline_title, "gcm-view-title")):
            w.add_class(css)
        # drawn by _update(); the map, below the others, is redrawn after them (when the page is idle)
        self.network, self.timeline, self.map = PlotlyView(), PlotlyView(), PlotlyView(defer=True)

        def view(plot, name, height, css="gcm-view", above=(), below=()):
            box = widgets.VBox([*above, plot, *below], layout=widgets.Layout(min_height=f"{height}px"))
            box.add_class(css)
            box.add_class(name)
            return box

        # each view's title is a heading of the page above it, not a margin inside the figure
        views = widgets.HBox([view(self.network, "gcm-network", HEIGHT, above=[self.network_title], below=[self.node_key, self.edge_key]),
                              view(self.timeline, "gcm-timeline", HEIGHT, above=[self.timeline_title], below=[self.event_key])],
                             layout=widgets.Layout(width="100%"))
        views.add_class("gcm-views")
        side = widgets.VBox([self.path, self.details])
        side.add_class("gcm-side")
        lower = widgets.HBox([view(self.map, "gcm-map", MAP_HEIGHT + 40, "gcm-map-view", [self.layer]), side],
                             layout=widgets.Layout(width="100%"))
        lower.add_class("gcm-views")
        super().__init__([widgets.HTML(CSS), self.title, self.controls.rows(), self.status, views, lower, self.link,
                          self.footer])
        self.add_class("gcm-explorer")

        self._relabel()
        for w in self.controls.filters:
            w.observe(self._on_change, names="value")
        self.mode.observe(self._on_mode, names="value")
        self.language.observe(self._on_language, names="value")
        self.search.observe(self._on_search, names="value")
        self.connect.observe(self._on_change, names="value")
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
    def state(self) -> ExplorerState:
        """What the Explorer shows now, as a plain value."""
        return self.controls.state(self.months, self.lang, self.selected, self._target())

    @property
    def as_of(self) -> pd.Timestamp:
        """The date shown: the last day of the month the slider stands on (in range mode, of the range's end)."""
        return self.state.as_of

    @property
    def window(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """In range mode, the first and last day shown; None in "as of" mode."""
        return self.state.window

    def set_as_of(self, date) -> None:
        """Show everything up to the month of ``date``."""
        self.apply_state(as_of=date)

    def set_range(self, start, end) -> None:
        """Show the events from the month of ``start`` to that of ``end``."""
        self.apply_state(window=(start, end))

    def select(self, node: str | None) -> None:
        """Select an actor, process, event (or map place) by id; None clears the selection."""
        self.selected = node
        self._update()

    def reset(self) -> None:
        """Back to the whole record: no selection, no filter, everything up to the last month."""
        self.selected = None

        def clear():
            start = dataclasses.replace(ExplorerState.start(self.ds, self.lang), layer=self.layer.value)
            self.controls.show(start, self.drawing.type_keys)  # the map keeps its layer
            self.search.value = self.connect.value = ""

        self._quiet(clear)
        self._update()

    def apply_state(self, **state) -> None:
        """Set any part of the state at once (the arguments of :meth:`ExplorerState.changed
        <gcm_explore.apps.state.ExplorerState.changed>`, what :func:`~gcm_explore.apps.state.parse_state`
        reads from a query), then redraw once. Unknown ids and values are ignored."""
        new = self.state.changed(self.ds, **state)

        def apply():
            if new.lang != self.lang:
                self.language.value = self.lang = new.lang
                self._relabel()
            self.controls.show(new, self.drawing.type_keys)
            if "select" in state and state["select"] is not None:
                self.selected = new.selected
            if state.get("connect") is not None:
                self.connect.value = self.ds.label(new.target, self.lang) if new.target else ""

        self._quiet(apply)
        self._update()

    def apply_query(self, query: str | None) -> None:
        """Show the state a URL query describes (see :meth:`query`)."""
        self.apply_state(**parse_state(query))

    def query(self) -> str:
        """The URL query of the current state, e.g. ``lang=ar&date=2018-12&select=iom``."""
        return self.state.query()

    def warm(self) -> None:
        """Build now what the first moves of the slider would build (the network of every month,
        drawn; the timeline in both languages; the events' processes and objectives): call it where
        start-up time is free, as in a preheated Voila kernel, so that later updates only draw."""
        self.drawing.warm(self.lang)

    def open_data(self, ds: Dataset) -> None:
        """Explore ``ds`` instead (:func:`gcm_explore.io.package.merge` adds rows to the current record
        first), keeping the language; the filters and the selection start again."""
        self._use(ds)
        self._quiet(self._relabel)
        last = len(self.months) - 1
        self._quiet(lambda: (setattr(self.slider, "max", last), setattr(self.range, "max", last)))
        self.reset()

    def _use(self, ds: Dataset) -> None:
        """Take ``ds`` as the record: its months, and a new drawing (the full network, its layout, the caches)."""
        with collector_paused():  # the tables, the full network and its layout: many objects that all live on
            self.ds, self.drawing = ds, Drawing(ds)
        self.months = self.drawing.months
        self._found = ("", None)

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
        self.controls.show_mode()
        self._update()

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

    def _target(self) -> str | None:
        """The id the "connect to" box names, if any (looked up once per text)."""
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
        self.controls.relabel(self.ds, lang, self.drawing.type_keys, self._target())
        self.title.value = (f"<div dir='{direction(lang)}'><h1>{esc(t('app_title', lang))}</h1>"
                            f"<p>{esc(t('app_subtitle', lang))}</p></div>")
        self.footer.value = f"<p dir='{direction(lang)}' style='color:#555'>{esc(t('footer', lang))}</p>"
        if lang == "ar":
            self.add_class("gcm-rtl")
        else:
            self.remove_class("gcm-rtl")

    def _update(self) -> None:
        # the garbage collector waits until the views are drawn: else the many short-lived objects of
        # an update outlive its collections, and each new month costs a full collection of every object
        # of the kernel (0.1 s at ten times the bundled record); what the update keeps is collected after
        try:
            with collector_paused():
                self._draw()
        except Exception as exc:  # a view must never go blank without a word: say it, keep what is shown
            log.exception("GCM Explorer: could not update the views")
            self.status.value = (f"<span class='gcm-error' dir='{direction(self.lang)}'>"
                                 f"{esc(t('error', self.lang, error=f'{type(exc).__name__}: {exc}'))}</span>")
            return
        self._ahead.after(self.drawing, self.state)

    def _draw(self) -> None:
        s = self.state
        lang, node, d = s.lang, s.selected, direction(s.lang)
        self.status.value = f"<span class='gcm-busy'>{esc(t('working', lang))}</span>"
        G = self.drawing.drawn(s)  # a month's columns (see Drawing.drawn), or a networkx graph
        kind, net_hi, tl_hi = self.drawing.highlights(s)
        self.path.value = ""
        if s.target is not None:
            if kind in ("actor", "process"):
                found = self.drawing.path(self.drawing.graph(s), s)
                net_hi = net_hi | path_nodes(found) | {s.target}
                self.path.value = path_details(self.ds, found, node, s.target, lang)
            else:
                self.path.value = f"<div class='gcm-path' dir='{d}'><p>{esc(t('path_needs_selection', lang))}</p></div>"
        events = self.drawing.shown_events(s)
        # the timeline first: it is sent and drawn while the network is being built
        self.timeline.update(self.drawing.timeline_json(s, tl_hi, events))
        self.event_key.value = event_key_html(family_key(events["kind"], lang), lang)
        self.network.update(self.drawing.network_json(G, s, net_hi & set(G.nodes)))
        self.network_title.value = f"<h2 dir='{d}'>{esc(network_title(G, lang))}</h2>"
        self.timeline_title.value = f"<h2 dir='{d}'>{esc(t('timeline_title', lang))}</h2>"
        self.node_key.value = node_key_html(node_key(G, self.drawing.categories, lang), lang)
        self.edge_key.value = edge_key_html(edge_key(G, lang), lang)
        if (shown := self.drawing.map_json(s, net_hi, tl_hi)) is not None:
            self.map.update(shown)
        metrics = self.drawing.metrics(node) if kind in ("actor", "process") else None
        self.details.value = details(self.ds, node, lang, metrics=metrics) if kind else (
            f"<p dir='{d}' style='color:#555'>{esc(t('select_hint', lang))}</p>")
        self.date_label.value, self.status.value = self.drawing.status(s, G, events)
        query = s.query()
        self.link.value = (f"<p dir='{d}'>{esc(t('link', lang))}: "
                           f"<a href='?{esc(query)}' target='_top' dir='ltr'><bdi>?{esc(query)}</bdi></a></p>")


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
