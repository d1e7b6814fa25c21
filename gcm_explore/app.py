"""The Explorer: the network and the timeline, linked, with filters, search and a detail panel.

The only module that builds the Explorer's widgets. Each figure is a
:class:`~gcm_explore.plotwidget.PlotlyView` updated in place (one message per update, redrawn
with ``Plotly.react``; see that module for why not ``go.FigureWidget``). The layout of the full
network is computed once, so nodes keep their place whatever is filtered.

Clicking an event highlights its actors and process in the network; clicking an actor or a
process highlights its events on the timeline; either opens the detail panel. The state
(date, language, selection, filters) reads and writes a URL query, so a link opens the same view.

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

import ipywidgets as widgets
import pandas as pd

from .analysis import ego, filter_nodes, node_metrics
from .data import Dataset, load_dataset
from .details import actors_of, details, events_of, find, kind_of, parse_state, query_state
from .figures import FONT, network_spec, node_categories, timeline_hovers, timeline_spec
from .i18n import LANGUAGE_CHOICES, direction, esc, format_date, t
from .network import build_network, layout
from .plotwidget import PlotlyView
from .timeline import timeline_frame
from .vocab import ACTOR_TYPES, REGIONS, label

__all__ = ["Explorer"]

#: Height of each view in pixels.
HEIGHT = 600
#: The timeline's plot area at half the page (pixels): its milestone labels are placed for it.
LABEL_AREA = (450, HEIGHT - 180)
#: Label the highlighted events on the timeline only when there are this few of them.
MAX_LABELLED = 6

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
.gcm-explorer .gcm-details {{ max-height: 420px; overflow-y: auto; padding: 0 8px; border-inline-start: 3px solid #0072B2; }}
.gcm-explorer .gcm-details h3 {{ margin: 0.2em 0; }}
.gcm-explorer .gcm-busy {{ color: #D55E00; font-weight: bold; }}
</style>
"""


class Explorer(widgets.VBox):
    """Linked network and timeline of a :class:`~gcm_explore.data.Dataset`, as one widget.

    Parameters
    ----------
    ds : the dataset (the bundled one if None).
    lang : 'en' or 'ar'; the switch at the top changes it, keeping everything else.
    as_of : the date shown first (the last month with events if None).
    select : an actor, process or event id to select first.
    types, region, hops : the first filters (actor types, UN M49 region, neighbourhood hops).
    """

    def __init__(self, ds: Dataset | None = None, lang: str = "en", as_of=None, select: str | None = None,
                 types=None, region: str | None = None, hops: int = 0):
        self.ds = ds if ds is not None else load_dataset()
        self.lang = lang
        self.selected = None
        ev = self.ds.events
        last = ev["end"].fillna(ev["start"]).max()
        self.months = list(pd.date_range(ev["start"].min().to_period("M").start_time,
                                         last.to_period("M").start_time, freq="MS"))
        self._full = build_network(self.ds)
        self._pos = layout(self._full)  # computed once: stable positions for every filtered view
        self._categories = node_categories(self._full)
        self._busy = False
        self._graphs: dict[int, object] = {}  # the network as of each month, built once
        self._frames: dict[str, pd.DataFrame] = {}  # the timeline's events with their hovers, per language

        self.language = widgets.ToggleButtons(options=LANGUAGE_CHOICES, value=lang, style={"button_width": "90px"})
        self.slider = widgets.IntSlider(min=0, max=len(self.months) - 1, value=len(self.months) - 1,
                                        readout=False, continuous_update=False,
                                        layout=widgets.Layout(width="min(520px, 90vw)"))
        self.slider.add_class("gcm-date-slider")
        self.date_label = widgets.HTML()
        self.date_label.add_class("gcm-date-label")
        self.search = widgets.Combobox(ensure_option=False, continuous_update=False,
                                       layout=widgets.Layout(width="320px"))
        self.search.add_class("gcm-search")
        present = sorted({d.get("type") for _, d in self._full.nodes(data=True)} & set(ACTOR_TYPES))
        self.types = widgets.SelectMultiple(rows=4, layout=widgets.Layout(width="260px"))
        self.types.add_class("gcm-types")
        self._type_keys = present
        self.region = widgets.Dropdown(layout=widgets.Layout(width="180px"))
        self.region.add_class("gcm-region")
        self.hops = widgets.IntSlider(min=0, max=3, value=0, continuous_update=False,
                                      layout=widgets.Layout(width="200px"))
        self.hops.add_class("gcm-hops")
        self.reset_button = widgets.Button(icon="undo", layout=widgets.Layout(width="auto"))
        self.reset_button.add_class("gcm-reset")
        self.title, self.status, self.footer, self.link = (widgets.HTML() for _ in range(4))
        self.title.add_class("gcm-title")
        self.status.add_class("gcm-status")
        self.link.add_class("gcm-link")
        self.details = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.details.add_class("gcm-details-box")
        self.network, self.timeline = PlotlyView(), PlotlyView()  # drawn by _update() below
        boxes = []
        for view, name in ((self.network, "gcm-network"), (self.timeline, "gcm-timeline")):
            box = widgets.Box([view], layout=widgets.Layout(flex="1 1 520px", height=f"{HEIGHT}px"))
            box.add_class("gcm-view")
            box.add_class(name)
            boxes.append(box)
        views = widgets.HBox(boxes, layout=widgets.Layout(width="100%"))
        views.add_class("gcm-views")
        row = dict(align_items="center", flex_flow="row wrap", grid_gap="6px")
        controls = widgets.VBox([
            widgets.HBox([self.language, self.slider, self.date_label], layout=widgets.Layout(**row)),
            widgets.HBox([self.search, self.types, self.region, self.hops, self.reset_button],
                         layout=widgets.Layout(**row)),
        ])
        super().__init__([widgets.HTML(CSS), self.title, controls, self.status, views, self.details, self.link,
                          self.footer])
        self.add_class("gcm-explorer")

        self._relabel()
        if types:
            self.types.value = tuple(x for x in types if x in self._type_keys)
        if region in REGIONS:
            self.region.value = region
        self.hops.value = max(0, min(int(hops or 0), 3))
        if as_of is not None:
            self.slider.value = self._month_index(as_of)
        if select:
            self.selected = select if kind_of(self.ds, select) else None
        for w in (self.slider, self.types, self.region, self.hops):
            w.observe(self._on_change, names="value")
        self.language.observe(self._on_language, names="value")
        self.search.observe(self._on_search, names="value")
        self.reset_button.on_click(lambda _: self.reset())
        self.network.observe(self._on_click, names="clicked")
        self.timeline.observe(self._on_click, names="clicked")
        self._update()

    @classmethod
    def from_query(cls, query: str | None, ds: Dataset | None = None) -> Explorer:
        """An Explorer in the state a URL query describes (see :meth:`query`); Voila gives the
        page's query to the kernel as the ``QUERY_STRING`` environment variable."""
        return cls(ds, **parse_state(query))

    # --- public -----------------------------------------------------------------------------

    @property
    def as_of(self) -> pd.Timestamp:
        """The date shown: the last day of the month the slider stands on."""
        return self.months[self.slider.value] + pd.offsets.MonthEnd(0)

    def set_as_of(self, date) -> None:
        """Move the slider to the month of ``date``."""
        index = self._month_index(date)
        if index == self.slider.value:
            self._update()
        self.slider.value = index

    def select(self, node: str | None) -> None:
        """Select an actor, process or event by id (None clears the selection)."""
        self.selected = node
        self._update()

    def reset(self) -> None:
        """Back to the whole record: no selection, no filter, the last month."""
        self.selected = None

        def clear():
            self.types.value, self.region.value, self.hops.value = (), "", 0
            self.search.value, self.slider.value = "", len(self.months) - 1

        self._quiet(clear)
        self._update()

    def query(self) -> str:
        """The URL query of the current state, e.g. ``lang=ar&date=2018-12&select=iom``."""
        return query_state(lang=self.lang, date=self.as_of.strftime("%Y-%m"), select=self.selected,
                           types=list(self.types.value), region=self.region.value, hops=self.hops.value)

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

    def _on_language(self, change) -> None:
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

    def _on_click(self, change) -> None:
        point = change["new"] or {}
        node = point.get("customdata")
        if isinstance(node, str) and (node in self._full or node in self.ds.events.index):
            self.select(node)

    def _relabel(self) -> None:
        lang = self.lang
        self.search.placeholder = t("search_hint", lang)
        self.search.description = t("search", lang)
        names = self.ds.actors[f"name_{lang}"].tolist() + self.ds.processes[f"name_{lang}"].tolist()
        self.search.options = sorted({n for n in names if isinstance(n, str)})
        chosen = self.types.value
        self.types.options = [(label(ACTOR_TYPES, k, lang), k) for k in self._type_keys]
        self.types.value = chosen
        self.types.description = t("types", lang)
        chosen = self.region.value
        self.region.options = [(t("all_regions", lang), "")] + [(t(f"region_{r}", lang), r) for r in REGIONS]
        self.region.value = chosen or ""
        self.region.description = t("region", lang)
        self.hops.description = t("hops", lang)
        self.reset_button.description = t("reset", lang)
        self.title.value = (f"<div dir='{direction(lang)}'><h1>{esc(t('app_title', lang))}</h1>"
                            f"<p>{esc(t('app_subtitle', lang))}</p></div>")
        self.footer.value = f"<p dir='{direction(lang)}' style='color:#555'>{esc(t('footer', lang))}</p>"
        if lang == "ar":
            self.add_class("gcm-rtl")
        else:
            self.remove_class("gcm-rtl")

    def _graph(self):
        month = self.slider.value
        if month not in self._graphs:
            self._graphs[month] = build_network(self.ds, as_of=self.as_of)
        G = self._graphs[month]
        if self.types.value or self.region.value:
            types = set(self.types.value) | {"process"} if self.types.value else None
            G = filter_nodes(G, types=types, regions=[self.region.value] if self.region.value else None)
        if self.hops.value and self.selected in G:
            G = ego(G, self.selected, hops=self.hops.value)
        return G

    def _update(self) -> None:
        lang, as_of, node = self.lang, self.as_of, self.selected
        self.status.value = f"<span class='gcm-busy'>{esc(t('working', lang))}</span>"
        G = self._graph()
        if node in self.ds.events.index:
            net_hi, tl_hi = actors_of(self.ds, node), {node}
        elif node is not None:
            net_hi, tl_hi = {node}, events_of(self.ds, node)
        else:
            net_hi, tl_hi = set(), set()
        if lang not in self._frames:
            self._frames[lang] = timeline_hovers(timeline_frame(self.ds, lang=lang), lang)
        # figure dicts, not go.Figures: Plotly's checks would take most of the update's time
        network = network_spec(G, lang=lang, pos=self._pos, categories=self._categories, highlight=net_hi & set(G))
        timeline = timeline_spec(self.ds, lang=lang, as_of=as_of, highlight=tl_hi, label_area=LABEL_AREA,
                                 label_highlighted=len(tl_hi) <= MAX_LABELLED, rangeslider=False,
                                 frame=self._frames[lang])
        for view, spec in ((self.network, network), (self.timeline, timeline)):
            spec["layout"]["height"] = HEIGHT
            view.update(spec)
        # computed on the first selection, not at start-up; node_metrics caches them per graph
        metrics = {k: v[node] for k, v in node_metrics(self._full).items() if node in v} if node else None
        self.details.value = details(self.ds, node, lang, metrics=metrics) if node else (
            f"<p dir='{direction(lang)}' style='color:#555'>{esc(t('select_hint', lang))}</p>")
        shown = int((self.ds.events["start"] <= as_of).sum())
        date = format_date(as_of, "day", lang)
        self.date_label.value = f"<b>{esc(t('as_of', lang))}: {esc(date)}</b>"
        self.status.value = (f"<span dir='{direction(lang)}'>{esc(t('events_shown', lang, n=shown, date=date))} · "
                             f"{esc(t('network_counts', lang, nodes=G.number_of_nodes(), edges=G.number_of_edges()))}"
                             "</span>")
        query = self.query()
        self.link.value = (f"<p dir='{direction(lang)}'>{esc(t('link', lang))}: "
                           f"<a href='?{esc(query)}' target='_top' dir='ltr'><bdi>?{esc(query)}</bdi></a></p>")
