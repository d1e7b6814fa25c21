"""The map as a small app: a layer menu, a language switch and a date, above :func:`map_figure`.

>>> import gcm_explore as gx
>>> view = gx.MapView(gx.load_dataset())
>>> view.layer.value = "champion"
>>> view.plot.fig.layout.meta["layer"]
'champion'
>>> view.language.value = "ar"
>>> "gcm-rtl" in view._dom_classes, view.layer.options[0][0]
(True, 'التصويت على القرار A/RES/73/195')
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from ..io.load import load_dataset
from ..model.dataset import Dataset
from ..model.i18n import LANGUAGE_CHOICES, format_date, t
from ..views.map import LAYERS, map_spec
from ..views.style import FONT
from .plotwidget import PlotlyView

__all__ = ["MapView"]

ALL = "all"  # the date slider's last stop: everything in the data

CSS = f"""
<style>
.gcm-map {{ font-family: {FONT}; background: #fff; padding: 4px 8px; }}
.gcm-map.gcm-rtl {{ direction: rtl; text-align: right; }}
.gcm-map .js-plotly-plot, .gcm-map .plot-container {{ direction: ltr; }}
.gcm-map .gcm-map-box > * {{ flex: 1 1 auto; width: 100%; min-width: 0; }}
</style>
"""


class MapView(widgets.VBox):
    """Member States on a map (see :func:`gcm_explore.map_figure`), with its controls.

    ``layer``, ``language`` and ``as_of`` are the widgets (set their ``value`` to drive the
    view); ``plot`` is the :class:`~gcm_explore.apps.plotwidget.PlotlyView`, updated in place.
    """

    def __init__(self, ds: Dataset | None = None, layer: str = "vote", lang: str = "en", as_of=None, highlight=()):
        self.ds = ds if ds is not None else load_dataset()
        self.highlight = tuple(highlight)
        years = sorted({d.year for d in self.ds.events.start.dropna()})
        self._dates = [f"{y}-12-31" for y in years] + [ALL]
        self.layer = widgets.Dropdown(options=self._layer_options(lang), value=layer, layout={"width": "360px"})
        self.language = widgets.ToggleButtons(options=LANGUAGE_CHOICES, value=lang, style={"button_width": "90px"})
        self.as_of = widgets.SelectionSlider(options=self._date_options(lang), value=self._snap(as_of),
                                             continuous_update=False, layout={"width": "420px"})
        self.plot = PlotlyView()
        self.plot.add_class("gcm-map-plot")
        bar = widgets.HBox([self.layer, self.as_of, self.language], layout=widgets.Layout(flex_flow="row wrap"))
        # a column: the plot is as wide as the view from its first draw (plotly.js sizes itself then)
        box = widgets.VBox([self.plot], layout=widgets.Layout(width="100%", height="660px"))
        box.add_class("gcm-map-box")
        super().__init__([widgets.HTML(CSS), bar, box], layout=widgets.Layout(width="100%"))
        self.add_class("gcm-map")
        self._quiet = False
        for w in (self.layer, self.as_of):
            w.observe(self._on_change, names="value")
        self.language.observe(self._on_language, names="value")
        self._label(lang)
        self._draw()

    @property
    def lang(self) -> str:
        return self.language.value

    def _layer_options(self, lang: str) -> list:
        return [(t(f"layer_{k}", lang), k) for k in LAYERS]

    def _date_options(self, lang: str) -> list:
        return [(format_date(pd.Timestamp(d), "year", lang) if d != ALL else t("all_dates", lang), d) for d in self._dates]

    def _snap(self, as_of):
        if as_of is None:
            return ALL
        as_of = pd.Timestamp(as_of)
        return next((d for d in self._dates if d != ALL and pd.Timestamp(d) >= as_of), ALL)

    def _label(self, lang: str) -> None:
        self.layer.description = t("layer", lang)
        self.as_of.description = t("as_of", lang)
        self.language.description = ""
        if lang == "ar":
            self.add_class("gcm-rtl")
        else:
            self.remove_class("gcm-rtl")

    def _on_language(self, change) -> None:
        lang = change["new"]
        self._quiet = True
        try:
            layer, as_of = self.layer.value, self.as_of.value
            self.layer.options = self._layer_options(lang)
            self.layer.value = layer
            self.as_of.options = self._date_options(lang)
            self.as_of.value = as_of
        finally:
            self._quiet = False
        self._label(lang)
        self._draw()

    def _on_change(self, change) -> None:
        if not self._quiet:
            self._draw()

    def _draw(self) -> None:
        self.plot.update(map_spec(self.ds, layer=self.layer.value, lang=self.lang, as_of=None if self.as_of.value == ALL else self.as_of.value,
                                    highlight=self.highlight))
