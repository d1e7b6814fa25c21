"""The explorer dashboard in Voila, as a user waits for it: cold start until its plots are
drawn, and the time from a slider move until the network and the timeline show the new date;
beside a bare Voila notebook that imports the same libraries and shows one FigureWidget, served
the same way and by plain Voila (issue 20 compares the explorer's first page, served, with the
plain bare notebook).

Each run starts a new Voila server and a new Chromium page (Playwright, Debian's Chromium).
"Served" is how ``gcm-explore serve`` runs it: a preheated kernel (``--preheat_kernel``, pool of
1) that has run the dashboard before the page is opened (the run waits until the pool is idle);
"not preheated" is plain ``voila notebook.ipynb``: the page waits for the kernel to start and run.
A plot counts as drawn when its PlotlyView has finished ``Plotly.react`` for the latest state
(``data-revision`` on its element). A slider move is timed until the page shows both views
redrawn (see :data:`WATCH`) and until the test driver sees them drawn; from a still page (0.5 s
after the previous move, as when a user moves the slider and looks) and back to back (each key
pressed as soon as the previous move is drawn, while the map may still be redrawing).
Results: ``bench/dashboard.json`` and ``dashboard.md``.

    .venv/bin/python bench/dashboard.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from tests.browser import chromium_page, voila, wait_until_idle  # noqa: E402

PREHEAT = ("--preheat_kernel=True", "--pool_size=1")
PAUSE = 0.5  # seconds of stillness before a timed slider move
#: A plot's traces drawn: the bare notebook's whole page, the explorer's first view
FIRST_PLOT = ".js-plotly-plot .scatterlayer .trace"

BARE = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "bare-0", "metadata": {}, "outputs": [],
               "source": "import gcm_explore, ipywidgets, networkx, pandas, plotly.graph_objects as go\n"
                         "go.FigureWidget(go.Scatter(x=[1, 2, 3], y=[1, 3, 2]))"}],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}
DRAWN = """n => { const els = [...document.querySelectorAll('.gcm-view [data-revision]')];
  return els.length === 2 && els.every(e => Number(e.dataset.revision) >= n); }"""
ALL_DRAWN = """() => document.querySelectorAll('.gcm-explorer [data-revision]').length === 3"""


#: In the page: from the key press to the first frame that shows both views redrawn (the
#: requestAnimationFrame after both have set their new ``data-revision``): what the user sees,
#: without the test driver's polling and its round trip to the page.
WATCH = """() => { const m = window.__moves = {};
  document.addEventListener('keydown', () => { m.t0 = performance.now(); m.shown = null; }, true);
  new MutationObserver(() => {
    const els = [...document.querySelectorAll('.gcm-view [data-revision]')];
    if (m.target && m.shown === null && els.length === 2 && els.every(e => +e.dataset.revision >= m.target)) {
      m.shown = -1; requestAnimationFrame(() => { m.shown = performance.now() - m.t0; }); } })
  .observe(document.querySelector('.gcm-explorer'), {attributes: true, subtree: true, attributeFilter: ['data-revision']}); }"""


def slider_move(page, key: str, pause: float = PAUSE, timeout: int = 60_000) -> tuple[float, float]:
    """Press ``key`` on the date slider of a page where :data:`WATCH` runs, ``pause`` seconds after
    the last move: (seconds until the driver sees both views drawn, seconds until the page shows them)."""
    page.wait_for_timeout(pause * 1000)
    rev = max(int(x) for x in page.eval_on_selector_all(
        ".gcm-view [data-revision]", "els => els.map(e => e.dataset.revision)"))
    page.evaluate("n => { window.__moves.target = n; }", rev + 1)
    handle = page.locator(".gcm-date-slider input")
    handle.focus()
    t1 = time.perf_counter()
    handle.press(key)
    page.wait_for_function(DRAWN, arg=rev + 1, timeout=timeout, polling=20)
    driver = time.perf_counter() - t1
    page.wait_for_function("() => window.__moves.shown > 0", timeout=timeout)
    return driver, page.evaluate("() => window.__moves.shown") / 1000


def explorer_run(preheat: bool = True) -> dict:
    with voila(ROOT / "dashboards" / "explorer.ipynb", args=PREHEAT if preheat else ()) as url, chromium_page() as page:
        if preheat:
            wait_until_idle(url)
        t0 = time.perf_counter()
        page.goto(url, timeout=180_000)
        page.wait_for_selector(FIRST_PLOT, timeout=180_000)  # the first view's traces, as in the bare notebook
        first = time.perf_counter() - t0
        page.wait_for_function(ALL_DRAWN, timeout=180_000, polling=50)
        cold = time.perf_counter() - t0
        if not preheat:
            return {"cold_s": cold, "first_plot_s": first}
        page.evaluate(WATCH)

        def series(keys, pause=PAUSE) -> dict:
            driver, shown = zip(*(slider_move(page, key, pause) for key in keys))
            return {"driver_s": list(driver), "shown_s": list(shown)}

        return {"cold_s": cold, "first_plot_s": first,
                "jumps": series(("Home", "End") * 3),  # first month <-> last month
                "steps": series(["PageDown"] + ["ArrowLeft"] * 6 + ["ArrowRight"] * 6),  # month by month
                "rapid_jumps": series(("Home", "End") * 3, 0), "rapid_steps": series(["ArrowLeft"] * 6 + ["ArrowRight"] * 6, 0)}


def bare_run(path: Path, preheat: bool = True) -> dict:
    with voila(path, args=PREHEAT if preheat else (), plain=True) as url, chromium_page() as page:  # Voila as it comes
        if preheat:
            wait_until_idle(url)
        t0 = time.perf_counter()
        page.goto(url, timeout=180_000)
        page.wait_for_selector(FIRST_PLOT, timeout=180_000)
        return {"cold_s": time.perf_counter() - t0}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.ipynb"
        bare.write_text(json.dumps(BARE), encoding="utf-8")
        runs = {"explorer": [], "bare": [], "bare_not_preheated": [], "explorer_not_preheated": []}
        for i in range(args.runs):
            runs["explorer"].append(explorer_run())
            runs["bare"].append(bare_run(bare))
            runs["bare_not_preheated"].append(bare_run(bare, preheat=False))
            runs["explorer_not_preheated"].append(explorer_run(preheat=False))
            print(i, {k: v[-1] for k, v in runs.items()}, flush=True)
    explorer = runs["explorer"]

    def med(series: str, measure: str, part=slice(None)) -> float:  # median over runs of each run's median
        return round(statistics.median(statistics.median(r[series][measure][part]) for r in explorer), 3)

    cold = statistics.median(r["cold_s"] for r in explorer)
    first = statistics.median(r["first_plot_s"] for r in explorer)
    bare_cold = statistics.median(r["cold_s"] for r in runs["bare"])
    plain_cold = statistics.median(r["cold_s"] for r in runs["explorer_not_preheated"])
    bare_plain = statistics.median(r["cold_s"] for r in runs["bare_not_preheated"])
    record = {
        "measured": time.strftime("%Y-%m-%d"), "python": platform.python_version(),
        "machine": f"{platform.machine()}, {platform.system()}, {os.cpu_count()} CPUs",
        "load_average": round(os.getloadavg()[0], 1),
        "explorer_cold_s": round(cold, 2), "bare_cold_s": round(bare_cold, 2), "cold_ratio": round(cold / bare_cold, 2),
        "explorer_first_plot_s": round(first, 2), "first_plot_ratio": round(first / bare_cold, 2),
        "bare_not_preheated_s": round(bare_plain, 2), "first_plot_plain_ratio": round(first / bare_plain, 2),
        "jump_shown_s": med("jumps", "shown_s"), "jump_driver_s": med("jumps", "driver_s"),
        "to_last_shown_s": med("jumps", "shown_s", slice(1, None, 2)),
        "step_shown_s": med("steps", "shown_s", slice(1, None)), "step_driver_s": med("steps", "driver_s", slice(1, None)),
        "rapid_jump_shown_s": med("rapid_jumps", "shown_s"), "rapid_jump_driver_s": med("rapid_jumps", "driver_s"),
        "rapid_step_shown_s": med("rapid_steps", "shown_s"), "rapid_step_driver_s": med("rapid_steps", "driver_s"),
        "explorer_not_preheated_cold_s": round(plain_cold, 2),
        "runs": runs,
    }
    (HERE / "dashboard.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    r = record
    md = [
        "# Explorer dashboard in Voila", "",
        f"Measured {r['measured']} on {r['machine']} (load average {r['load_average']} at the end), "
        f"by `bench/dashboard.py`, median of {args.runs} runs, each with a new Voila server and Chromium page "
        "(software WebGL: no GPU here), served as `gcm-explore serve` does (a preheated kernel; the run waits "
        "until the pool is idle).", "",
        "A slider move is timed two ways: **shown**, in the page, from the key press to the first frame that "
        "shows the network and the timeline both redrawn (what the user sees); **driver**, until the test "
        "driver (Playwright, polling every 20 ms) sees both drawn, which adds its polling and its round trip "
        "to the page. Moves \"from a still page\" start "
        f"{PAUSE} s after the previous one; \"back to back\" as soon as the previous one is drawn, while the "
        "map may still be redrawing. A jump goes from the first month to the last (the whole network) or back.", "",
        "| measure | explorer | bare notebook (one FigureWidget) | target |", "|---|---:|---:|---|",
        f"| cold start until the network, timeline and map are drawn (s) | {r['explorer_cold_s']} | "
        f"{r['bare_cold_s']} | ≤ 5 s and ≤ 1.5× bare (now {r['cold_ratio']}×) |",
        f"| first page: until the first view's traces are drawn (the bare notebook: its one plot) (s) | "
        f"{r['explorer_first_plot_s']} | {r['bare_cold_s']} | – (now {r['first_plot_ratio']}×) |",
        f"| … against the bare notebook served by plain `voila bare.ipynb` (no preheated kernel: issue 20's "
        f"comparison) (s) | {r['explorer_first_plot_s']} | {r['bare_not_preheated_s']} | ≤ 0.6× "
        f"(now {r['first_plot_plain_ratio']}×) |",
        f"| slider jump from a still page, shown (s) | {r['jump_shown_s']} | – | ≤ 0.15 s |",
        f"| … the jumps to the last month only, shown (s) | {r['to_last_shown_s']} | – | – |",
        f"| slider jump from a still page, driver (s) | {r['jump_driver_s']} | – | – |",
        f"| slider step of one month from a still page, shown (s) | {r['step_shown_s']} | – | ≤ 0.15 s |",
        f"| slider step of one month from a still page, driver (s) | {r['step_driver_s']} | – | – |",
        f"| slider jumps back to back, shown / driver (s) | {r['rapid_jump_shown_s']} / {r['rapid_jump_driver_s']} | – | – |",
        f"| slider steps back to back, shown / driver (s) | {r['rapid_step_shown_s']} / {r['rapid_step_driver_s']} | – | – |",
        f"| cold start without a preheated kernel (plain `voila explorer.ipynb`) (s) | "
        f"{r['explorer_not_preheated_cold_s']} | – | – |",
    ]
    (HERE / "dashboard.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    print("\n".join(md))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
