"""The Explorer's controls: the language switch, the date slider and the range slider, search and
"connect to", the filters and the map's layer, as ipywidgets; read into an
:class:`~gcm_explore.apps.state.ExplorerState` and set from one.
"""

from __future__ import annotations

import ipywidgets as widgets

from ..model.dataset import Dataset
from ..model.i18n import LANGUAGE_CHOICES, format_date, t
from ..model.vocab import ACTOR_TYPES, REGIONS, label
from ..views.map import LAYERS
from .slider import RangeSlider, Slider
from .state import STATE_MODES, ExplorerState, months_of

__all__ = ["Controls"]

SLIDER_WIDTH = "min(520px, 90vw)"


def _widget(cls, css: str, **kwargs):
    w = cls(**kwargs)
    w.add_class(css)
    return w


class Controls:
    """The controls of an Explorer of ``n_months`` months, labelled in ``lang``."""

    def __init__(self, lang: str, n_months: int):
        last = n_months - 1
        self.language = widgets.ToggleButtons(options=LANGUAGE_CHOICES, value=lang, style={"button_width": "90px"})
        self.mode = _widget(widgets.ToggleButtons, "gcm-mode", value="as_of", style={"button_width": "150px"},
                            options=[(t("mode_as_of", lang), "as_of"), (t("mode_range", lang), "range")])
        # sliders of the browser's own, named for screen readers and announcing the month (see .slider)
        self.slider = _widget(Slider, "gcm-date-slider", min=0, max=last, value=last, readout=False,
                              layout=widgets.Layout(width=SLIDER_WIDTH))
        self.range = _widget(RangeSlider, "gcm-range-slider", min=0, max=last, value=(0, last), readout=False,
                             layout=widgets.Layout(width=SLIDER_WIDTH, display="none"))
        self.date_label = _widget(widgets.HTML, "gcm-date-label")
        self.search = _widget(widgets.Combobox, "gcm-search", ensure_option=False, continuous_update=False,
                              layout=widgets.Layout(width="320px"))
        self.connect = _widget(widgets.Combobox, "gcm-connect", ensure_option=False, continuous_update=False,
                               layout=widgets.Layout(width="320px"))
        self.types = _widget(widgets.SelectMultiple, "gcm-types", rows=4, layout=widgets.Layout(width="260px"))
        self.region = _widget(widgets.Dropdown, "gcm-region", layout=widgets.Layout(width="200px"))
        self.process = _widget(widgets.Dropdown, "gcm-process", layout=widgets.Layout(width="280px"))
        self.objective = _widget(widgets.Dropdown, "gcm-objective", layout=widgets.Layout(width="280px"))
        self.hops = _widget(Slider, "gcm-hops", min=0, max=3, value=0, layout=widgets.Layout(width="330px"))
        self.states = _widget(widgets.Dropdown, "gcm-states", layout=widgets.Layout(width="auto"),
                              style={"description_width": "initial"})
        self.layer = _widget(widgets.Dropdown, "gcm-layer", layout=widgets.Layout(width="340px"))
        self.reset_button = _widget(widgets.Button, "gcm-reset", icon="undo", layout=widgets.Layout(width="auto"))
        self.upload = _widget(widgets.FileUpload, "gcm-upload", accept=".xlsx,.zip", multiple=False,
                              layout=widgets.Layout(width="auto"))
        self.add_to_record = _widget(widgets.Checkbox, "gcm-add-to-record", value=True, indent=False,
                                     layout=widgets.Layout(width="auto"))
        #: the controls whose change redraws the views
        self.filters = (self.slider, self.range, self.types, self.region, self.process, self.objective, self.hops,
                        self.states, self.layer)

    def rows(self) -> widgets.VBox:
        """The controls laid out in three rows that wrap on a narrow page."""
        row = dict(align_items="center", flex_flow="row wrap", grid_gap="6px")
        return widgets.VBox([
            widgets.HBox([self.language, self.mode, self.slider, self.range, self.date_label],
                         layout=widgets.Layout(**row)),
            widgets.HBox([self.search, self.connect, self.reset_button, self.upload, self.add_to_record],
                         layout=widgets.Layout(**row)),
            widgets.HBox([self.types, self.region, self.process, self.objective, self.states, self.hops],
                         layout=widgets.Layout(**row)),
        ])

    def state(self, months: tuple, lang: str, selected: str | None, target: str | None) -> ExplorerState:
        """What the controls say now (the selection and the "connect to" id are the Explorer's)."""
        return ExplorerState(months=months, lang=lang, mode=self.mode.value or "as_of", month=self.slider.value,
                             span=tuple(self.range.value), selected=selected, target=target,
                             types=tuple(self.types.value), region=self.region.value or "",
                             process=self.process.value or "", objective=self.objective.value or 0,
                             hops=self.hops.value, layer=self.layer.value or LAYERS[0],
                             states=self.states.value or STATE_MODES[0])

    def show(self, s: ExplorerState, type_keys: list[str]) -> None:
        """Set every control to the state ``s`` (without its language: see :meth:`relabel`)."""
        self.types.value = tuple(x for x in s.types if x in type_keys)
        self.region.value, self.process.value, self.objective.value = s.region, s.process, s.objective
        self.hops.value, self.layer.value, self.states.value = s.hops, s.layer, s.states
        self.mode.value, self.slider.value, self.range.value = s.mode, s.month, s.span
        self.show_mode()

    def show_mode(self) -> None:
        """The date slider in "as of" mode, the range slider in range mode."""
        ranged = self.mode.value == "range"
        self.slider.layout.display = "none" if ranged else None
        self.range.layout.display = None if ranged else "none"

    def relabel(self, ds: Dataset, lang: str, type_keys: list[str], target: str | None) -> None:
        """Every label, option and hint in ``lang``, keeping the values chosen."""
        chosen = self.mode.value  # new options reset the value to the first: keep it
        self.mode.options = [(t("mode_as_of", lang), "as_of"), (t("mode_range", lang), "range")]
        self.mode.value = chosen or "as_of"
        self.search.placeholder, self.search.description = t("search_hint", lang), t("search", lang)
        self.connect.placeholder, self.connect.description = t("connect_hint", lang), t("connect", lang)
        names = ds.actors[f"name_{lang}"].tolist() + ds.processes[f"name_{lang}"].tolist()
        self.search.options = self.connect.options = sorted({n for n in names if isinstance(n, str)})
        self.connect.value = ds.label(target, lang) if target else ""
        procs = ds.processes.sort_values("start")
        short = procs[f"short_{lang}"].fillna(procs[f"name_{lang}"]) if f"short_{lang}" in procs else procs[f"name_{lang}"]
        menus = (
            (self.types, "types", [(label(ACTOR_TYPES, k, lang), k) for k in type_keys], ()),
            (self.region, "region", [(t("all_regions", lang), "")] + [(t(f"region_{r}", lang), r) for r in REGIONS], ""),
            (self.process, "process", [(t("all_processes", lang), "")] + list(zip(short, procs.index)), ""),
            (self.objective, "objective", [(t("all_objectives", lang), 0)] + [
                (f"{n}. {title}", int(n)) for n, title in zip(ds.objectives["number"], ds.objectives[f"title_{lang}"])], 0),
            (self.layer, "layer", [(t(f"layer_{k}", lang), k) for k in LAYERS], LAYERS[0]),
            (self.states, "states", [(t(f"states_{k}", lang), k) for k in STATE_MODES], STATE_MODES[0]),
        )
        for menu, key, options, empty in menus:
            chosen = menu.value
            menu.options = options
            menu.value = chosen or empty
            menu.description = t(key, lang)
        self.hops.description = t("hops", lang)
        self.hops.texts = [t("hops_off", lang), "1", "2", "3"]
        months = [format_date(m, "month", lang) for m in months_of(ds)]
        self.slider.texts = self.range.texts = months
        self.slider.names, self.range.names = [t("date_slider", lang)], [t("range_from", lang), t("range_to", lang)]
        self.reset_button.description = t("reset", lang)
        self.upload.description, self.upload.tooltip = t("open_data", lang), t("open_data_hint", lang)
        self.add_to_record.description = t("add_to_record", lang)
