"""Sliders that screen readers can name: the date, the range of dates and the neighbourhood.

Why not ``ipywidgets.IntSlider``: its handle (noUiSlider) has no accessible name, and it announces
the month's index ("86") instead of the month; ipywidgets 8 has no option for either. These are
the browser's own ``<input type="range">``, one per handle, each with an ``aria-label`` (its
name) and an ``aria-valuetext`` (the text of its value, e.g. "December 2018"), keyboard-operable
(arrows, Page Up/Down, Home, End) as every native range is. Like ``continuous_update=False``, the
value is sent to the kernel when a handle is released or a key pressed, not while dragging; the
text follows the handle at once.

>>> s = Slider(max=2, texts=["2016", "2017", "2018"], names=["Year"], value=5)
>>> s.value, s.text()
(2, '2018')
>>> r = RangeSlider(max=9, value=(7, 3))
>>> r.value
(3, 7)
"""

from __future__ import annotations

import anywidget
import traitlets

__all__ = ["Slider", "RangeSlider"]

_JS = """
function render({ model, el }) {
  const two = Array.isArray(model.get("value"));
  const box = document.createElement("div");
  box.className = "gcm-slider-box";
  const caption = document.createElement("span");
  caption.className = "gcm-slider-caption";
  box.appendChild(caption);
  const inputs = [];
  const values = () => inputs.map((x) => Number(x.value));
  const text = (v) => model.get("texts")[v - model.get("min")] ?? String(v);
  for (let i = 0; i < (two ? 2 : 1); i++) {
    const input = document.createElement("input");
    input.type = "range";
    input.step = 1;
    input.dir = "ltr";  // time runs left to right, as on the timeline, in Arabic too
    input.addEventListener("input", () => show(false));
    input.addEventListener("change", () => {  // released, or a key pressed
      const v = values();
      model.set("value", two ? [Math.min(...v), Math.max(...v)] : v[0]);
      model.save_changes();
    });
    inputs.push(input);
    box.appendChild(input);
  }
  const readout = document.createElement("output");
  box.appendChild(readout);
  function show(fromModel = true) {
    const value = two ? model.get("value") : [model.get("value")];
    const names = model.get("names");
    caption.textContent = model.get("description");
    caption.style.display = model.get("description") ? "" : "none";
    inputs.forEach((input, i) => {
      input.min = model.get("min");
      input.max = model.get("max");
      if (fromModel) input.value = value[i];
      input.setAttribute("aria-label", names[i] || model.get("description"));
      input.setAttribute("aria-valuetext", text(Number(input.value)));
    });
    readout.textContent = model.get("readout") ? values().map(text).join(" – ") : "";
    readout.style.display = model.get("readout") ? "" : "none";
  }
  for (const name of ["value", "min", "max", "texts", "names", "description", "readout"]) {
    model.on(`change:${name}`, () => show());
  }
  show();
  el.appendChild(box);
}
export default { render };
"""

_CSS = """
.gcm-slider-box { display: flex; align-items: center; gap: 8px; width: 100%; }
.gcm-slider-box input[type=range] { flex: 1 1 auto; min-width: 60px; accent-color: #0072B2; }
.gcm-slider-caption, .gcm-slider-box output { white-space: nowrap; font-size: 13px; color: #333; }
"""


class Slider(anywidget.AnyWidget):
    """An integer slider from ``min`` to ``max``, named ``names[0]`` (else its ``description``, which
    is also shown before it) for screen readers, announcing ``texts[value - min]`` (else the number)."""

    _esm = _JS
    _css = _CSS
    value = traitlets.Int(0).tag(sync=True)
    min = traitlets.Int(0).tag(sync=True)
    max = traitlets.Int(0).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    names = traitlets.List(traitlets.Unicode()).tag(sync=True)
    texts = traitlets.List(traitlets.Unicode()).tag(sync=True)
    readout = traitlets.Bool(True).tag(sync=True)

    def __init__(self, **kwargs):
        value = kwargs.pop("value", None)
        super().__init__(**kwargs)  # min and max first: the value is kept inside them
        if value is not None:
            self.value = value

    def _clip(self, v: int) -> int:
        return max(self.min, min(int(v), self.max))

    @traitlets.validate("value")
    def _valid_value(self, proposal):
        return self._clip(proposal["value"])

    @traitlets.observe("min", "max")
    def _bounds(self, change):
        self.value = self._valid_value({"value": self.value})

    def text(self, value: int | None = None) -> str:
        """What the slider announces for ``value`` (its own by default)."""
        v = self.value if value is None else value
        i = v - self.min
        return self.texts[i] if 0 <= i < len(self.texts) else str(v)


class RangeSlider(Slider):
    """Two handles, ``value = (start, end)`` (kept in order), named ``names[0]`` and ``names[1]``."""

    value = traitlets.Tuple(traitlets.Int(), traitlets.Int(), default_value=(0, 0)).tag(sync=True)

    @traitlets.validate("value")
    def _valid_value(self, proposal):
        start, end = sorted(self._clip(v) for v in proposal["value"])
        return start, end
