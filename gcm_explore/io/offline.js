// The offline page's script (see gcm_explore/io/offline.py): it draws the figures the page carries.
(async function () {
  const $ = (id) => document.getElementById(id);
  if (typeof DecompressionStream === "undefined") {  // plotly.js is compressed: say why nothing is drawn
    $("gcm-views").replaceChildren(...["en", "ar"].map((lang) => {
      const p = document.createElement("p");
      p.dir = lang === "ar" ? "rtl" : "ltr";
      p.textContent = TOO_OLD[lang];
      return p;
    }));
    return;
  }
  // plotly.js and the data: base64 of their gzip, inflated by the browser itself
  async function inflate(id) {
    const packed = atob($(id).textContent.trim());
    const bytes = new Uint8Array(packed.length);
    for (let i = 0; i < packed.length; i++) bytes[i] = packed.charCodeAt(i);
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
  }
  (0, eval)(await inflate("gcm-plotly"));
  const data = expand(JSON.parse(await inflate("gcm-data")));
  const state = { lang: document.documentElement.lang, step: data.steps.en.length - 1, layer: "vote",
                  hidden: new Set() };
  const config = { displaylogo: false, responsive: true };
  const copy = (x) => JSON.parse(JSON.stringify(x));  // a layout: small, and plain JSON
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
  // Values are shared between figures (see expand): each draw gets its own traces and layout,
  // which Plotly may change (a legend click, a zoom), and the same arrays, which it only reads
  function drawNetwork() {
    const fig = data.steps[state.lang][state.step].network;
    const shown = fig.data.map((tr, i) => {
      const category = data.categories[i - 2];
      return i >= 2 && i < 2 + data.categories.length && state.hidden.has(category) ? false : (tr.visible ?? true);
    });
    const traces = fig.data.map((tr, i) => Object.assign({}, tr, { visible: shown[i] }));
    return Plotly.react("network-plot", traces, copy(fig.layout), config);
  }
  function draw() {
    drawControls();
    const step = data.steps[state.lang][state.step];
    for (const view of ["network", "timeline"]) {  // each view's title above it and its key below it, as text
      const heading = document.createElement("h2");
      text(heading, step.titles[view]);
      $(view + "-title").replaceChildren(heading);
      $(view + "-key").replaceChildren(...step.keys[view].filter((k) => k.entries.length).map((k) => {
        const line = document.createElement("div");
        const name = document.createElement("b");
        text(name, k.title + ": ");
        line.append(name, ...k.entries.map(([label, colour, mark]) => {
          const entry = document.createElement("span"), sign = document.createElement("i");
          sign.style.color = colour;
          text(sign, mark);
          entry.append(sign, document.createTextNode(" " + label));
          return entry;
        }));
        return line;
      }));
    }
    Plotly.react("timeline-plot", step.timeline.data.map((tr) => Object.assign({}, tr)),
                 copy(step.timeline.layout), config);
    drawNetwork();
    const map = data.maps[state.lang][state.layer];
    const traces = map.data.map((tr) => Object.assign({}, tr, tr.geojson === "gcm:geojson" ? { geojson: data.geojson } : {}));
    Plotly.react("map-plot", traces, copy(map.layout), config);
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

// every {"gcm:same": path} of the data (see gcm_explore.io.offline.dedupe) replaced by the value at
// that path, its first occurrence, which is never inside a reference: one object for both
function expand(root) {
  const at = (path) => path.reduce((x, k) => x[k], root);
  const done = new Set();
  const walk = (x) => {
    if (x === null || typeof x !== "object") return x;
    if (!Array.isArray(x) && x["gcm:same"] !== undefined) return walk(at(x["gcm:same"]));
    if (done.has(x)) return x;
    done.add(x);
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) if (x[i] !== null && typeof x[i] === "object") x[i] = walk(x[i]);
    } else {
      for (const k of Object.keys(x)) x[k] = walk(x[k]);
    }
    return x;
  };
  return walk(root);
}
