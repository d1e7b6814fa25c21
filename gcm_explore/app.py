"""The Explorer: the network and the timeline, linked by a date slider and a language switch.

The only module that builds ipywidgets. Each figure is a :class:`~gcm_explore.plotwidget.PlotlyView`
updated in place (one message per update, redrawn with ``Plotly.react``; see that module for
why not ``go.FigureWidget``); the layout of the full network is computed once, so nodes keep
their place as the date moves.

>>> import gcm_explore as gx
>>> app = gx.Explorer(gx.load_dataset(), lang="ar")
>>> app.set_as_of("2017-12-31")
>>> app.status.value.startswith("<span")
True
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from .data import Dataset, load_dataset
from .figures import FONT, network_figure, node_categories, timeline_figure
from .i18n import LANGUAGE_CHOICES, direction, esc, format_date, t
from .network import build_network, layout
from .plotwidget import PlotlyView

__all__ = ["Explorer"]

#: Height of each view in pixels.
HEIGHT = 600

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
</style>
"""


class Explorer(widgets.VBox):
    """Linked network and timeline of a :class:`~gcm_explore.data.Dataset`, as one widget.

    Parameters
    ----------
    ds : the dataset (the bundled one if None).
    lang : 'en' or 'ar'; the switch at the top changes it, keeping the date.
    as_of : the date shown first (the last month with events if None).
    """

    def __init__(self, ds: Dataset | None = None, lang: str = "en", as_of=None):
        self.ds = ds if ds is not None else load_dataset()
        self.lang = lang
        ev = self.ds.events
        last = ev["end"].fillna(ev["start"]).max()
        self.months = list(pd.date_range(ev["start"].min().to_period("M").start_time,
                                         last.to_period("M").start_time, freq="MS"))
        full = build_network(self.ds)
        self._pos = layout(full)  # computed once: stable positions for every filtered view
        self._categories = node_categories(full)

        self.language = widgets.ToggleButtons(options=LANGUAGE_CHOICES, value=lang,
                                              style={"button_width": "90px"})
        self.slider = widgets.IntSlider(min=0, max=len(self.months) - 1, value=len(self.months) - 1,
                                        readout=False, continuous_update=False,
                                        layout=widgets.Layout(width="min(640px, 90vw)"))
        self.slider.add_class("gcm-date-slider")
        self.date_label = widgets.HTML()
        self.date_label.add_class("gcm-date-label")
        self.title = widgets.HTML()
        self.title.add_class("gcm-title")
        self.status = widgets.HTML()
        self.status.add_class("gcm-status")
        self.footer = widgets.HTML()
        self.network = PlotlyView(network_figure(full, lang=lang, pos=self._pos, categories=self._categories)
                                  .update_layout(height=HEIGHT))
        self.timeline = PlotlyView(timeline_figure(self.ds, lang=lang).update_layout(height=HEIGHT))
        net_box = widgets.Box([self.network], layout=widgets.Layout(flex="1 1 520px", height=f"{HEIGHT}px"))
        net_box.add_class("gcm-view")
        net_box.add_class("gcm-network")
        tl_box = widgets.Box([self.timeline], layout=widgets.Layout(flex="1 1 520px", height=f"{HEIGHT}px"))
        tl_box.add_class("gcm-view")
        tl_box.add_class("gcm-timeline")
        views = widgets.HBox([net_box, tl_box], layout=widgets.Layout(width="100%"))
        views.add_class("gcm-views")
        controls = widgets.HBox([self.language, self.slider, self.date_label],
                                layout=widgets.Layout(align_items="center", flex_flow="row wrap"))
        super().__init__([widgets.HTML(CSS), self.title, controls, self.status, views, self.footer])
        self.add_class("gcm-explorer")

        self.language.observe(self._on_language, names="value")
        self.slider.observe(self._on_date, names="value")
        if as_of is not None:
            self.set_as_of(as_of)
        else:
            self._update()

    # --- public -----------------------------------------------------------------------------

    @property
    def as_of(self) -> pd.Timestamp:
        """The date shown: the last day of the month the slider stands on."""
        return self.months[self.slider.value] + pd.offsets.MonthEnd(0)

    def set_as_of(self, date) -> None:
        """Move the slider to the month of ``date``."""
        month = pd.Timestamp(date).to_period("M").start_time
        index = max((i for i, m in enumerate(self.months) if m <= month), default=0)
        if index == self.slider.value:
            self._update()
        self.slider.value = index

    # --- updates ------------------------------------------------------------------------------

    def _on_language(self, change) -> None:
        self.lang = change["new"]
        self._update()

    def _on_date(self, change) -> None:
        self._update()

    def _update(self) -> None:
        lang, as_of = self.lang, self.as_of
        G = build_network(self.ds, as_of=as_of)
        self.network.update(network_figure(G, lang=lang, pos=self._pos, categories=self._categories)
                            .update_layout(height=HEIGHT))
        self.timeline.update(timeline_figure(self.ds, lang=lang, as_of=as_of).update_layout(height=HEIGHT))
        shown = int((self.ds.events["start"] <= as_of).sum())
        date = format_date(as_of, "day", lang)
        self.date_label.value = f"<b>{esc(t('as_of', lang))}: {esc(date)}</b>"
        self.status.value = (f"<span dir='{direction(lang)}'>{esc(t('events_shown', lang, n=shown, date=date))} · "
                             f"{esc(t('network_counts', lang, nodes=G.number_of_nodes(), edges=G.number_of_edges()))}"
                             "</span>")
        self.title.value = (f"<div dir='{direction(lang)}'><h1>{esc(t('app_title', lang))}</h1>"
                            f"<p>{esc(t('app_subtitle', lang))}</p></div>")
        self.footer.value = f"<p dir='{direction(lang)}' style='color:#555'>{esc(t('footer', lang))}</p>"
        if lang == "ar":
            self.add_class("gcm-rtl")
        else:
            self.remove_class("gcm-rtl")

