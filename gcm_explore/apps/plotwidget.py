"""A Plotly figure as a widget that keeps updating in Voila on a busy machine.

Why not ``go.FigureWidget``: it is an anywidget whose front-end module is plotly's 5 MB
bundle. anywidget (0.9-0.11) gives a model 2 s to load and bind its module (``Runtime.ready``,
an ``AbortSignal.timeout(2000)``); when that takes longer, as on a loaded 2-core machine, the
promise is rejected and every later message from the kernel to that model is dropped: the
figure draws once and never updates (seen in Voila: the kernel sent the update, the browser
received it, the plot did not change). Here the module is a few lines, so it binds at once,
and plotly.js (from the installed plotly package: nothing is fetched online) travels once per
kernel, gzip-compressed, in one library widget every view refers to, and is evaluated once per page.

The synced state is the figure in two parts, its data and its layout, each as UTF-8 JSON bytes:
ipywidgets sends bytes as a binary buffer beside the message, so the kernel does not write the
figure again inside the message's JSON (7 ms for ten times the bundled network), the page parses
it once, and a figure kept for a later move takes half the memory of the same text as a Python
string (2 bytes per character once it has an Arabic letter). A part that did not change is not
sent: a date move on the timeline sends its layout only (its events stay, 1.2 MB at ten times
the bundled record). A part of 8 KB or more travels gzip-compressed (:func:`packed_json`: the
network of a month 7 times smaller), which a class on a school's link to Binder or a hub feels
at every move; the page inflates it with ``DecompressionStream``, and a page without it asks
for the figure as it is. The browser redraws it with ``Plotly.react``, reading the latest state
each time, so at worst an intermediate state is skipped, never the last one. Before that it
keeps the arrays that did not change from the figure drawn: ``Plotly.react`` takes an array it
has not seen for new data and recomputes the whole trace, so a date move that changes only the
layout redraws only the layout. A view's ``data-revision`` in the page names the figure drawn:
its draw sets it, once the figure that came with it is drawn.

>>> import plotly.graph_objects as go
>>> view = PlotlyView(go.Figure(go.Scatter(x=[1, 2], y=[3, 4])))
>>> view.update(go.Figure(go.Bar(x=["a"], y=[1])))
>>> view.data[0].type, view.revision
('bar', 2)
"""

from __future__ import annotations

import gzip
import json
import os
from functools import cache
from pathlib import Path

import anywidget
import ipywidgets as widgets
import numpy as np
import orjson
import plotly
import plotly.graph_objects as go
import traitlets
from isal import igzip
from plotly.utils import PlotlyJSONEncoder

from ..model.dataset import cache_dir

__all__ = ["PlotlyView", "plotly_json", "packed_json", "unpacked", "PACK_FROM"]

_PLOTLY_VALUES = PlotlyJSONEncoder()


def _value(obj):
    """What Plotly's encoder gives for a value orjson does not write: for a plain numpy array of
    numbers, booleans or objects, its list at once (Plotly's encoder tries five other kinds of
    value first, each by raising an exception; a network has some 200 arrays)."""
    if type(obj) is np.ndarray and obj.dtype.kind in "fiubO":
        return obj.tolist()
    return _PLOTLY_VALUES.default(obj)


_JS = """
// one library model per kernel holds plotly.js, gzip-compressed: the page receives, inflates
// and evaluates it once for all its views
function plotly(model) {
  if (globalThis.Plotly) return Promise.resolve(globalThis.Plotly);
  globalThis.gcmPlotly ??= (async () => {
    const ref = model.get("_library");
    const library = await model.widget_manager.get_model(ref.slice("IPY_MODEL_".length));
    (0, eval)(await librarySource(library));
    return globalThis.Plotly;
  })().catch((err) => { globalThis.gcmPlotly = null; throw err; });
  return globalThis.gcmPlotly;
}

async function librarySource(library) {
  if (globalThis.DecompressionStream) return inflate(library.get("packed"));
  // a browser without DecompressionStream (before 2020-2023): the kernel sends plotly.js as it is
  if (!library.get("source")) {
    const sent = new Promise((done) => library.once("change:source", done));
    library.send({ want: "source" });
    await sent;
  }
  return library.get("source");
}

// ``b`` with every part that equals the same part of ``a`` replaced by a's own object
function share(a, b) {
  if (a === b || b === null || typeof b !== "object" || a === null || typeof a !== "object") return b;
  if (Array.isArray(b) !== Array.isArray(a)) return b;
  const keys = Object.keys(b);
  let same = keys.length === Object.keys(a).length;
  const out = Array.isArray(b) ? new Array(b.length) : {};
  for (const k of keys) {
    out[k] = share(a[k], b[k]);
    if (out[k] !== a[k]) same = false;
  }
  return same ? a : out;
}

const utf8 = new TextDecoder();

// gzip-compressed bytes (a DataView or a typed array) as text: written to the stream and read
// back in chunks, with no Blob between (a Blob's stream is read through the browser's process:
// 2 to 10 times as long)
async function inflate(value) {
  const stream = new DecompressionStream("gzip");
  const writer = stream.writable.getWriter();
  writer.write(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)).catch(() => {});
  writer.close().catch(() => {});  // an error reaches the reader below
  const reader = stream.readable.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value: chunk } = await reader.read();
    if (done) break;
    chunks.push(chunk);
    size += chunk.length;
  }
  const whole = new Uint8Array(size);
  chunks.reduce((at, chunk) => (whole.set(chunk, at), at + chunk.length), 0);
  return utf8.decode(whole);
}

// the figure's JSON: bytes from the kernel (a DataView), gzip-compressed if they start with its
// magic number (JSON text never does), or text
const isPacked = (value) => value && typeof value !== "string" && value.byteLength > 2
  && value.getUint8(0) === 0x1f && value.getUint8(1) === 0x8b;
const text = async (value, empty) => !value ? empty : typeof value === "string" ? value
  : isPacked(value) ? inflate(value) : utf8.decode(value);

// whether plot ``div``, shown, is no longer the size it was drawn at (the test of Plotly's own autosize)
function resized(div) {
  const style = getComputedStyle(div), drawn = div._fullLayout, asked = div.layout || {};
  const off = (key, now = parseFloat(style[key])) => !asked[key] && now > 0 && Math.abs(drawn[key] - now) > 1;
  return off("width") || off("height");
}

async function render({ model, el }) {
  const Plotly = await plotly(model);
  const div = document.createElement("div");
  div.className = "gcm-plot";
  // fill the box given to the widget: a plot sized by its own content collapses to 0 px in a flex row
  el.style.width = "100%";
  el.style.minWidth = "0";
  div.style.width = "100%";
  // its own compositor layer: each frame of the page (a slider's thumb moving...) sorts every paint
  // chunk of the page into layers, and each SVG marker of a large timeline is one (10 times the
  // bundled record: 20 ms a frame, 4 with this)
  div.style.willChange = "transform";
  el.appendChild(div);
  let queue = Promise.resolve();
  let listening = false;
  let shown = { data: [], layout: {} };
  const seen = {};  // the bytes each part of the figure shown was read from
  let pending = false;
  // a deferred view waits until the page is idle: the other views are drawn and painted first
  const idle = () => model.get("defer") && new Promise((done) => globalThis.requestIdleCallback
    ? requestIdleCallback(done, { timeout: 400 }) : setTimeout(done, 50));
  const draw = () => {
    if (pending) return;  // both parts changed in one message: one draw reads both
    pending = true;
    queue = queue.then(idle).then(async () => {
      pending = false;
      const revision = model.get("revision");
      const parts = [["data_json", "data", "[]"], ["layout_json", "layout", "{}"]];
      const values = parts.map(([name]) => model.get(name));
      if (!globalThis.DecompressionStream && values.some(isPacked)) {
        // a browser that cannot inflate (before 2020-2023): the kernel sends the figure as it is
        // from now on, and this view draws when it comes
        model.send({ want: "plain" });
        return;
      }
      const texts = await Promise.all(values.map((value, i) => value === seen[parts[i][0]] ? null : text(value, parts[i][2])));
      const fig = {};
      parts.forEach(([name, key], i) => {
        fig[key] = texts[i] === null ? shown[key] : share(shown[key], JSON.parse(texts[i]));
        seen[name] = values[i];
      });
      shown = fig;
      // WebGL at the screen's own resolution: plotly.js draws its canvases at twice it by default
      // (plotGlPixelRatio 2), four times the pixels on an ordinary screen
      const config = { plotGlPixelRatio: Math.min(4, Math.max(1, window.devicePixelRatio || 1)),
                       ...(model.get("config") || {}) };
      return Plotly.react(div, fig.data || [], fig.layout || {}, config).then(() => {
        el.dataset.revision = String(revision);
        if (!listening) {
          listening = true;
          div.on("plotly_click", (event) => {
            const p = event.points[0];
            model.set("clicked", { curve: p.curveNumber, index: p.pointNumber ?? p.pointIndex ?? null,
                                   customdata: p.customdata ?? null, n: (model.get("clicked")?.n ?? 0) + 1 });
            model.save_changes();
          });
        }
      });
    }).catch((err) => console.error("gcm-explore: could not draw the figure", err));
  };
  model.on("change:data_json", draw);
  model.on("change:layout_json", draw);
  // a new revision of the same figure: nothing to redraw, but the page has it (after any draw
  // queued). A revision that came with a new part is marked by its draw, once it is drawn.
  const mark = () => { queue = queue.then(() => {
    if (model.get("data_json") === seen.data_json && model.get("layout_json") === seen.layout_json) {
      el.dataset.revision = String(model.get("revision"));
    }
  }); };
  model.on("change:revision", mark);
  draw();
  // A view is often drawn before it is on the page (0 px wide: Plotly falls back to 700 px): follow
  // the size of the element, when it is no longer the size drawn (the element also grows and shrinks
  // by a few pixels with what is drawn, and each resize lays the whole figure out again).
  const resize = new ResizeObserver(() => { if (div._fullLayout && resized(div)) Plotly.Plots.resize(div); });
  resize.observe(el);
  return () => { resize.disconnect(); model.off("change:data_json", draw); model.off("change:layout_json", draw); model.off("change:revision", mark); Plotly.purge(div); };
}

export default { render };
"""


def plotly_json(fig: dict | list) -> bytes:
    """A figure dict (or a part of one) as UTF-8 JSON, with the values ``plotly.io.to_json`` gives
    (NaN and infinity as null, numpy arrays as lists, dates in ISO 8601), twenty times as fast for a
    large network: orjson writes the plain values and asks Plotly's own encoder for every other one.
    Unlike ``to_json``, ``<``, ``>`` and ``/`` are not escaped: the text goes to the page as a
    widget's state, read with ``JSON.parse``, never inside an HTML ``<script>``.

    >>> import numpy as np
    >>> plotly_json({"data": [{"x": np.array([1.0, np.nan]), "text": ["<b>مراكش</b>"]}]}).decode()
    '{"data":[{"x":[1.0,null],"text":["<b>مراكش</b>"]}]}'
    """
    return orjson.dumps(fig, default=_value, option=orjson.OPT_NON_STR_KEYS)


#: The size from which a part of a figure travels compressed (bytes of JSON): below it, the
#: few bytes saved are not worth the kernel's time.
PACK_FROM = 8192

_GZIP_MAGIC = b"\x1f\x8b"


def packed_json(fig: dict | list) -> bytes:
    """:func:`plotly_json`, gzip-compressed if it is :data:`PACK_FROM` bytes or more, as
    :class:`PlotlyView` sends it; the same figure gives the same bytes. ISA-L's level 1 (``isal``)
    compresses as well as zlib's fastest level, four times as fast: 1.5 MB of a month's network
    at ten times the bundled record in 1.3 ms (zlib: 5.2 ms), to 0.2 MB.

    >>> small, large = packed_json({"x": [1]}), packed_json({"x": list(range(5000))})
    >>> small, large[:2], unpacked(large) == plotly_json({"x": list(range(5000))})
    (b'{"x":[1]}', b'\\x1f\\x8b', True)
    """
    part = plotly_json(fig)
    if len(part) < PACK_FROM:
        return part
    return igzip.compress(part, 1, mtime=0)  # no date in its header: the same figure, the same bytes


def unpacked(part: bytes) -> bytes:
    """A part of a figure as JSON, whether :func:`packed_json` compressed it or not."""
    return gzip.decompress(part) if part[:2] == _GZIP_MAGIC else part


@cache
def _plotly_js() -> str:
    return (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")


@cache
def _plotly_js_gzip() -> bytes:
    """plotly.js gzip-compressed (1.5 MB, not 4.8), made once for each plotly version and kept in
    the cache folder: compressing it takes 0.2 s, reading it back almost nothing."""
    path = cache_dir() / f"plotly-{plotly.__version__}.min.js.gz"
    try:
        return path.read_bytes()
    except OSError:
        packed = gzip.compress(_plotly_js().encode("utf-8"), 9, mtime=0)
    try:  # written whole or not at all: another kernel may be reading it
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_suffix(f".{os.getpid()}.part")
        part.write_bytes(packed)
        os.replace(part, path)
    except OSError:  # a read-only home: compressed again in the next kernel
        pass
    return packed


class _PlotlyLibrary(widgets.Widget):
    """plotly.js, sent to the page once for all the views of a kernel, gzip-compressed: 1.5 MB on
    the wire instead of 4.8 MB, which a class on a school's connection to Binder or a hub feels.
    The page inflates it with the browser's own ``DecompressionStream``; a browser without it
    (Chromium 80, Firefox 113, Safari 16.4 have it) asks, and gets ``source``, plotly.js as it is.
    A plain model of the widgets' base module: it has no view and no module to load, so nothing
    can time out while the page binds it (anywidget gives each of its models 2 s)."""

    packed = traitlets.Bytes().tag(sync=True)
    source = traitlets.Unicode().tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(packed=_plotly_js_gzip(), **kwargs)
        self.on_msg(self._asked)

    def _asked(self, _, content, buffers) -> None:
        if isinstance(content, dict) and content.get("want") == "source":
            self.source = _plotly_js()


_LIBRARY: list[_PlotlyLibrary] = []


def _library() -> _PlotlyLibrary:
    if not _LIBRARY or _LIBRARY[0].comm is None:  # none yet, or closed (Widget.close_all)
        _LIBRARY[:] = [_PlotlyLibrary()]
    return _LIBRARY[0]


class PlotlyView(anywidget.AnyWidget):
    """Show a ``go.Figure``; :meth:`update` replaces it in place (same widget, one message).

    ``clicked`` holds the last point the user clicked: ``{"curve", "index", "customdata", "n"}``
    (``n`` counts clicks, so clicking the same point twice is seen twice).
    """

    _esm = _JS
    _library = traitlets.Instance(_PlotlyLibrary).tag(sync=True, **widgets.widget_serialization)
    #: The figure shown: its data and its layout, each as UTF-8 JSON (sent as binary buffers, each only when it changed).
    data_json = traitlets.Bytes(b"[]").tag(sync=True)
    layout_json = traitlets.Bytes(b"{}").tag(sync=True)
    config = traitlets.Dict().tag(sync=True)
    revision = traitlets.Int(0).tag(sync=True)
    #: Redraw when the page is idle (at most 0.4 s later): for a view that should not hold up the others.
    defer = traitlets.Bool(False).tag(sync=True)
    clicked = traitlets.Dict(allow_none=True, default_value=None).tag(sync=True)

    def __init__(self, fig: go.Figure | None = None, config: dict | None = None, **kwargs):
        super().__init__(_library=_library(), config=config or {"displaylogo": False, "responsive": True}, **kwargs)
        self._fig = go.Figure()
        self._plain = False  # a page that cannot inflate a part asked for the figure as it is
        self.on_msg(self._asked)
        self.update(fig if fig is not None else go.Figure())

    def _asked(self, _, content, buffers) -> None:
        if isinstance(content, dict) and content.get("want") == "plain" and not self._plain:
            self._plain = True
            with self.hold_sync():
                self.data_json, self.layout_json = unpacked(self.data_json), unpacked(self.layout_json)

    def update(self, fig: go.Figure | dict | str | bytes | tuple[bytes, bytes]) -> None:
        """Show ``fig`` instead of the current figure: a ``go.Figure``, a figure dict
        (``{"data": [...], "layout": {...}}``, sent unchecked), its JSON (text or UTF-8 bytes), or
        its two parts already as UTF-8 JSON, ``(data, layout)``, each as :func:`plotly_json` or
        :func:`packed_json` gives it (the Explorer's views: sent as they are). Only a part that
        changed is sent."""
        if isinstance(fig, bytes):
            fig = unpacked(fig)
        if isinstance(fig, tuple):
            data, layout = fig
        else:
            spec = (json.loads(fig) if isinstance(fig, (str, bytes)) else
                    fig.to_plotly_json() if isinstance(fig, go.Figure) else fig)
            data, layout = packed_json(spec.get("data", [])), packed_json(spec.get("layout", {}))
        if self._plain:
            data, layout = unpacked(data), unpacked(layout)
        self._fig = fig
        with self.hold_sync():
            self.revision += 1  # alone, for the same figure (a month with no new link): the page redraws nothing
            if data != self.data_json:
                self.data_json = data
            if layout != self.layout_json:
                self.layout_json = layout

    @property
    def figure(self) -> dict:
        """The figure as the browser gets it (plain JSON: lists, strings, numbers)."""
        return {"data": json.loads(unpacked(self.data_json)), "layout": json.loads(unpacked(self.layout_json))}

    @property
    def fig(self) -> go.Figure:
        """The figure shown (a ``go.Figure``: read it, or change it and call :meth:`update`)."""
        if isinstance(self._fig, (str, bytes, tuple)):
            self._fig = self.figure
        if not isinstance(self._fig, go.Figure):
            self._fig = go.Figure(self._fig)
        return self._fig

    @property
    def data(self):
        return self.fig.data

    @property
    def layout(self):
        return self.fig.layout
