"""Helpers for browser tests: Voila on a free loopback port, Debian's Chromium via Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from gcm_explore.cli import VOILA_OPTIONS

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


def require_browser():
    """Skip (saying how to install) when Chromium or Playwright is missing; with CI=true, fail."""
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append("Debian's Chromium: apt-get install chromium fonts-noto-core")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("Playwright for Python: pip install -e '.[test]'")
    if missing:
        message = "browser test needs " + " and ".join(missing)
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message + " (CI=true: browser tests must run)")
        pytest.skip(message)


#: The process id of each Voila server :func:`voila` runs, by its address.
SERVERS: dict[str, int] = {}


def wait_until_idle(url: str, seconds: float = 2.0, timeout: float = 300) -> float:
    """Wait until the kernels of the Voila server at ``url`` have used almost no CPU for ``seconds``
    (with preheated kernels: the pool has run the dashboard and waits for a page); return the wait."""
    import psutil

    server, t0 = psutil.Process(SERVERS[url]), time.monotonic()
    while time.monotonic() - t0 < timeout:
        kernels = server.children(recursive=True)
        before = sum(k.cpu_times().user + k.cpu_times().system for k in kernels)
        time.sleep(seconds)
        after = sum(k.cpu_times().user + k.cpu_times().system for k in kernels if k.is_running())
        if kernels and after - before < 0.05 * seconds:
            return time.monotonic() - t0
    raise RuntimeError(f"the kernels of {url} were still busy after {timeout} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def voila(notebook: Path, env: dict | None = None, timeout: float = 90, args: tuple = (), plain: bool = False):
    """Serve ``notebook`` with Voila on 127.0.0.1 as ``gcm-explore serve`` does (its
    ``VOILA_OPTIONS``; ``plain``: with Voila's defaults instead), ``args``: more Voila options;
    yield its address."""
    port = free_port()
    cmd = [sys.executable, "-m", "voila", str(notebook), f"--port={port}", "--Voila.ip=127.0.0.1", "--no-browser",
           *(() if plain else VOILA_OPTIONS), *args]
    with _serve(cmd, port, f"voila-{notebook.stem}-{port}", env, timeout) as url:
        yield url


@contextmanager
def jupyter_server(timeout: float = 90):
    """A Jupyter server on 127.0.0.1 with the repository as its root and no token, as Binder or a
    student's server on a hub runs it; Voila answers there as a server extension (``voila/render/``)."""
    port = free_port()
    cmd = [sys.executable, "-m", "jupyter", "server", f"--port={port}", "--ServerApp.ip=127.0.0.1", "--no-browser",
           "--IdentityProvider.token=", f"--ServerApp.root_dir={ROOT}", "--allow-root"]  # CI containers run as root
    with _serve(cmd, port, f"jupyter-server-{port}", None, timeout) as url:
        yield url


@contextmanager
def _serve(cmd: list[str], port: int, name: str, env: dict | None, timeout: float):
    log = ARTIFACTS / f"{name}.log"
    ARTIFACTS.mkdir(exist_ok=True)
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env={**os.environ, **(env or {})})
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    raise RuntimeError(f"{cmd[2]} exited with {proc.returncode}: see {log}")
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                        break
                except OSError:
                    time.sleep(0.3)
            else:
                raise RuntimeError(f"{cmd[2]} did not listen on port {port} within {timeout} s: see {log}")
            url = f"http://127.0.0.1:{port}/"
            SERVERS[url] = proc.pid
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


@contextmanager
def chromium_page(width: int = 1500, height: int = 1100):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            errors = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.js_errors = errors
            yield page
        finally:
            browser.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))  # full_page resizes the page, which races with widget updates
    return path


#: The nodes of the explorer's network as Plotly draws them: ``[{id, x, y, outlined}]``, x and y in
#: page coordinates (to hover or click there), ``outlined`` when drawn with the selection's thick
#: black outline. The network is WebGL: its points are pixels of a canvas, not elements, so this
#: reads the trace data Plotly drew (``_fullData``) and places it with Plotly's own axes.
NETWORK_NODES = """() => {
    const gd = document.querySelector('.gcm-network .js-plotly-plot');
    if (!gd || !gd._fullData || !gd._fullLayout.xaxis) return [];
    const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
    const box = gd.querySelector('.nsewdrag').getBoundingClientRect();
    const at = (v, i) => Array.isArray(v) || ArrayBuffer.isView(v) ? v[i] : v;
    return gd._fullData.filter(t => t.legendgroup === 'nodes' && t.visible === true).flatMap(t =>
        Array.from(t.x, (x, i) => ({id: t.customdata[i], x: box.x + xa.l2p(x), y: box.y + ya.l2p(t.y[i]),
            outlined: at(t.marker.line.width, i) >= 2.5 && String(at(t.marker.line.color, i)).toLowerCase() === '#000000'})));
}"""
#: how many nodes the network shows
NODE_COUNT = f"() => ({NETWORK_NODES})().length"
#: the ids of the network's nodes drawn with the selection's outline, sorted
OUTLINED = f"() => ({NETWORK_NODES})().filter(n => n.outlined).map(n => n.id).sort()"
#: the labels next to the network's nodes (SVG annotations above the WebGL canvas), as shown
NETWORK_LABELS = ("() => [...document.querySelectorAll('.gcm-network .annotation-text')]"
                  ".map(t => t.textContent).filter(Boolean)")


#: What a reader sees of a Plotly figure (the element of a CSS selector), measured on the drawn page:
#: the plot's share of the figure (the area inside the axes over the figure's), and the pairs of text
#: labels (annotations, ticks, legend, title) whose boxes intersect by more than 20% of the smaller one.
PLOT_READABILITY = """selector => {
  const gd = document.querySelector(selector), L = gd._fullLayout;
  const boxes = [...gd.querySelectorAll('.annotation-text, .textpoint text, .xtick text, .ytick text, .legendtext, .gtitle')]
    .filter(t => t.textContent.trim()).map(t => [t.textContent, t.getBoundingClientRect()]).filter(([, r]) => r.width > 0);
  const crossing = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [p, a] = boxes[i], [q, b] = boxes[j];
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (w > 0 && h > 0 && w * h > 0.2 * Math.min(a.width * a.height, b.width * b.height)) crossing.push([p, q]);
  }
  return {share: L._size.w * L._size.h / (L.width * L.height), crossing, labels: boxes.length}; }"""

#: axe-core from npm (version in tests/axe/VERSION, fetched by ``make axe``): the accessibility rules run on our pages.
AXE_VERSION = (ROOT / "tests" / "axe" / "VERSION").read_text().strip()
AXE = ROOT / "test-artifacts" / "axe" / AXE_VERSION / "package" / "axe.min.js"
#: the rules of WCAG 2.1, levels A and AA
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:
    """What axe-core finds against WCAG 2.1 A and AA on the page as it stands: one line per rule
    broken, with the rule, its help text and the first elements that break it."""
    if not AXE.exists():
        message = f"axe-core {AXE_VERSION} is not fetched: run `make axe` (needs npm)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message + " (CI=true: this test must run)")
        pytest.skip(message)
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate("""async tags => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations
        .map(v => `${v.id} (${v.impact}): ${v.help}: ` + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))""",
                          AXE_TAGS)
    return found


__all__ = ["PLOT_READABILITY", "axe_violations", "jupyter_server", "NETWORK_NODES", "NODE_COUNT", "OUTLINED", "NETWORK_LABELS", "require_browser", "voila", "wait_until_idle", "chromium_page", "screenshot", "ROOT", "ARTIFACTS"]
