"""The Presenter: the timeline full-screen, one step of a story at a time, in English or Arabic.

The steps come from a story file (see :mod:`gcm_explore.model.story`): ``Presenter(ds, story="my.csv")``
shows your own without any code. Keys: → , space or Page Down for the next step, ← or Page Up
for the previous one, Home / End for the first / last, F for full screen (a tiny anywidget listens
on the page: ipywidgets has no key events).

>>> import gcm_explore as gx
>>> p = gx.Presenter(gx.load_dataset())
>>> p.next(); p.step, p.current["step"]
(1, 'modalities')
>>> p.language.value = "ar"; p.step
1
>>> "gcm-rtl" in p._dom_classes
True
"""

from __future__ import annotations

import anywidget
import ipywidgets as widgets
import pandas as pd
import traitlets

from ..io.load import load_dataset
from ..model.dataset import Dataset
from ..model.i18n import LANGUAGE_CHOICES, direction, esc, t
from ..model.story import default_story, read_story, step_window
from ..views.html import story_step
from ..views.style import FONT
from ..views.timeline import timeline_figure
from .plotwidget import PlotlyView

__all__ = ["Presenter", "KeyListener"]

CSS = f"""
<style>
.gcm-presenter {{ font-family: {FONT}; font-size: 20px; min-height: 96vh; box-sizing: border-box;
                  padding: 8px 16px; background: #fff; }}
.gcm-presenter.gcm-rtl {{ direction: rtl; text-align: right; }}
.gcm-presenter .js-plotly-plot, .gcm-presenter .plot-container {{ direction: ltr; }}
.gcm-presenter .gcm-presenter-timeline > * {{ flex: 1 1 auto; width: 100%; min-width: 0; }}
.gcm-presenter .gcm-step-title h1 {{ font-size: 1.7em; margin: 0.1em 0; }}
.gcm-presenter .gcm-step-title .gcm-step-date {{ color: #555; font-size: 1.05em; }}
.gcm-presenter .gcm-caption {{ font-size: 1.3em; line-height: 1.45; max-width: 72em; }}
.gcm-presenter .gcm-caption p {{ margin: 0.2em 0 0.4em 0; }}
.gcm-presenter .gcm-meta {{ font-size: 0.85em; color: #444; }}
.gcm-presenter .gcm-meta a {{ color: #0b62a4; }}
.gcm-presenter .gcm-counter {{ font-size: 1.1em; color: #555; padding: 0 0.6em; }}
.gcm-presenter .widget-button {{ font-size: 1em; height: 2.2em; }}
.gcm-presenter .gcm-bar {{ gap: 8px; }}
.gcm-presenter .gcm-hint {{ color: #595959; font-size: 0.75em; }}
</style>
"""

_KEYS_JS = """
const ACTIONS = { ArrowRight: "next", " ": "next", PageDown: "next", ArrowLeft: "previous", PageUp: "previous",
                  Home: "first", End: "last" };
function initialize({ model }) {
  const onKey = (event) => {
    const target = event.target;
    const tag = (target && target.tagName) || "";
    if (event.altKey || event.ctrlKey || event.metaKey || ["INPUT", "TEXTAREA", "SELECT"].includes(tag)
        || (target && target.isContentEditable)) return;
    if (!(target === document.body || target === document.documentElement
          || (target.closest && target.closest(".gcm-presenter")))) return;
    if (event.key === "f" || event.key === "F") {
      if (document.fullscreenElement) document.exitFullscreen(); else document.documentElement.requestFullscreen?.();
      return;
    }
    const action = ACTIONS[event.key];
    if (!action) return;
    event.preventDefault();
    model.set("pressed", { action, n: (model.get("pressed")?.n ?? 0) + 1 });
    model.save_changes();
  };
  document.addEventListener("keydown", onKey);
  return () => document.removeEventListener("keydown", onKey);
}
function render({ el }) {
  // Plotly sizes a figure drawn before it is on the page at 700 px; once the presenter is laid out,
  // a resize event makes every responsive figure fit its box again (and whenever the box changes).
  el.style.display = "none";
  let box = null, timer = null;
  const fit = () => { clearTimeout(timer); timer = setTimeout(() => window.dispatchEvent(new Event("resize")), 150); };
  const observer = new ResizeObserver(fit);
  const attach = () => {
    box = el.closest(".gcm-presenter");
    if (box) { observer.observe(box); fit(); } else setTimeout(attach, 200);
  };
  attach();
  return () => { observer.disconnect(); clearTimeout(timer); };
}
export default { initialize, render };
"""


class KeyListener(anywidget.AnyWidget):
    """Listens to the keys of the page; ``pressed`` is ``{"action": "next"|…, "n": count}``."""

    _esm = _KEYS_JS
    pressed = traitlets.Dict(allow_none=True, default_value=None).tag(sync=True)


class Presenter(widgets.VBox):
    """Step through a story on the timeline: each step highlights its events, with a caption,
    the actors involved and the sources, in English or Arabic.

    Parameters
    ----------
    ds : the dataset (the bundled one if None).
    story : path of a story CSV (see the module docstring); the data package's own story if None.
    lang : 'en' or 'ar'; the switch at the top changes it and keeps the step.
    height : height of the timeline in pixels.
    """

    def __init__(self, ds: Dataset | None = None, story=None, lang: str = "en", height: int = 520):
        self.ds = ds if ds is not None else load_dataset()
        self.story = read_story(story if story is not None else default_story(self.ds), self.ds)
        self.lang, self.height, self._figs = lang, height, {}
        self.step = 0
        self.language = widgets.ToggleButtons(options=LANGUAGE_CHOICES, value=lang, style={"button_width": "110px"})
        self.prev_button = widgets.Button(description="◀", tooltip="←")
        self.next_button = widgets.Button(description="▶", tooltip="→ / space", button_style="primary")
        for b in (self.prev_button, self.next_button):
            b.add_class("gcm-nav")
        self.counter, self.title, self.caption, self.meta = (widgets.HTML() for _ in range(4))
        for w, cls in ((self.counter, "gcm-counter"), (self.title, "gcm-step-title"), (self.caption, "gcm-caption"),
                       (self.meta, "gcm-meta")):
            w.add_class(cls)
        self.timeline = PlotlyView(self._figure(0, lang))
        self.keyboard = KeyListener()
        plot = widgets.Box([self.timeline], layout=widgets.Layout(height=f"{height}px", width="100%"))
        plot.add_class("gcm-presenter-timeline")
        self.hint = widgets.HTML()
        self.hint.add_class("gcm-hint")
        bar = widgets.HBox([self.prev_button, self.counter, self.next_button, self.language, self.hint],
                           layout=widgets.Layout(align_items="center", flex_flow="row wrap"))
        bar.add_class("gcm-bar")
        super().__init__([widgets.HTML(CSS), bar, self.title, plot, self.caption, self.meta, self.keyboard],
                         layout=widgets.Layout(width="100%"))
        self.add_class("gcm-presenter")
        self.prev_button.on_click(lambda _: self.previous())
        self.next_button.on_click(lambda _: self.next())
        self.language.observe(self._on_language, names="value")
        self.keyboard.observe(self._on_key, names="pressed")
        self._update()

    # --- public -----------------------------------------------------------------------------

    @property
    def current(self) -> pd.Series:
        """The row of the story shown: ``step``, ``event_ids``, ``caption_en``, ``caption_ar``, ``source_ids``."""
        return self.story.iloc[self.step]

    def go(self, step: int) -> None:
        """Show step ``step`` (0-based; clipped to the story)."""
        self.step = max(0, min(int(step), len(self.story) - 1))
        self._update()

    def next(self) -> None:
        self.go(self.step + 1)

    def previous(self) -> None:
        self.go(self.step - 1)

    # --- updates ------------------------------------------------------------------------------

    def _on_key(self, change) -> None:
        action = (change["new"] or {}).get("action")
        moves = {"next": self.step + 1, "previous": self.step - 1, "first": 0, "last": len(self.story) - 1}
        if action in moves:
            self.go(moves[action])

    def _on_language(self, change) -> None:
        self.lang = change["new"]
        self._update()

    def _figure(self, step: int, lang: str):
        if (step, lang) not in self._figs:
            ids = self.story.iloc[step]["event_ids"]
            self._figs[step, lang] = timeline_figure(
                # labels placed for the narrowest plot (a 1280-pixel screen): never off its edges; no range
                # slider under the axis: the plot takes the figure's height, the step counter says where we are
                self.ds, lang=lang, highlight=ids, x_range=step_window(self.ds, ids), label_area=(1000, self.height - 80),
                rangeslider=False, title="").update_layout(height=self.height, margin=dict(t=42, b=10), showlegend=False)
        return self._figs[step, lang]

    def _update(self) -> None:
        lang, row, d = self.lang, self.current, direction(self.lang)
        parts = story_step(self.ds, row, lang)
        self.timeline.update(self._figure(self.step, lang))
        self.counter.value = f"<bdi dir='ltr'>{self.step + 1} / {len(self.story)}</bdi>"
        self.title.value = f"<div dir='{d}'><h1>{parts['title']}</h1><span class='gcm-step-date'>{parts['date']}</span></div>"
        self.caption.value = f"<div dir='{d}'><p>{parts['caption']}</p></div>"
        self.meta.value = (f"<div dir='{d}'><p><b>{esc(t('events', lang))}:</b> {parts['events']}</p>"
                           + (f"<p><b>{esc(t('actors', lang))}:</b> {parts['actors']}</p>" if parts["actors"] else "")
                           + f"<p><b>{esc(t('sources', lang))}:</b> {parts['sources']}</p></div>")
        self.prev_button.disabled = self.step == 0
        self.next_button.disabled = self.step == len(self.story) - 1
        self.prev_button.description = "▶" if lang == "ar" else "◀"
        self.next_button.description = "◀" if lang == "ar" else "▶"
        self.prev_button.tooltip, self.next_button.tooltip = t("previous", lang), t("next", lang)
        self.hint.value = f"<span dir='{d}'>{esc(t('presenter_keys', lang))}</span>"
        if lang == "ar":
            self.add_class("gcm-rtl")
        else:
            self.remove_class("gcm-rtl")
