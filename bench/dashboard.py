"""The explorer dashboard in Voila, as a user waits for it: cold start until its plots are
drawn, and the time from a slider move until the network and the timeline show the new date;
beside a bare Voila notebook that imports the same libraries and shows one FigureWidget.

Each run starts a new Voila server and a new Chromium page (Playwright, Debian's Chromium).
"Served" is how ``gcm-explore serve`` runs it: a preheated kernel (``--preheat_kernel``, pool of
1) that has run the dashboard before the page is opened (the run waits until the pool is idle);
"not preheated" is plain ``voila notebook.ipynb``: the page waits for the kernel to start and run.
A plot counts as drawn when its PlotlyView has finished ``Plotly.react`` for the latest state
(``data-revision`` on its element). Results: ``bench/dashboard.json`` and ``dashboard.md``.

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


def explorer_run(preheat: bool = True) -> dict:
    with voila(ROOT / "dashboards" / "explorer.ipynb", args=PREHEAT if preheat else ()) as url, chromium_page() as page:
        if preheat:
            wait_until_idle(url)
        t0 = time.perf_counter()
        page.goto(url, timeout=180_000)
        page.wait_for_function(ALL_DRAWN, timeout=180_000, polling=50)
        cold = time.perf_counter() - t0
        if not preheat:
            return {"cold_s": cold}
        def move(key: str) -> float:
            rev = max(int(x) for x in page.eval_on_selector_all(
                ".gcm-view [data-revision]", "els => els.map(e => e.dataset.revision)"))
            handle = page.locator(".gcm-date-slider .noUi-handle")
            handle.focus()
            t1 = time.perf_counter()
            handle.press(key)
            page.wait_for_function(DRAWN, arg=rev + 1, timeout=60_000, polling=20)
            return time.perf_counter() - t1

        jumps = [move(key) for key in ("Home", "End") * 3]  # first month <-> last month
        steps = [move(key) for key in ["PageDown"] + ["ArrowLeft"] * 6 + ["ArrowRight"] * 6]  # month by month
        return {"cold_s": cold, "update_s": statistics.median(jumps), "to_last_s": statistics.median(jumps[1::2]),
                "step_s": statistics.median(steps[1:]), "jumps_s": jumps, "steps_s": steps[1:]}


def bare_run(path: Path) -> dict:
    with voila(path, args=PREHEAT) as url, chromium_page() as page:
        wait_until_idle(url)
        t0 = time.perf_counter()
        page.goto(url, timeout=180_000)
        page.wait_for_selector(".js-plotly-plot .scatterlayer .trace", timeout=180_000)
        return {"cold_s": time.perf_counter() - t0}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.ipynb"
        bare.write_text(json.dumps(BARE), encoding="utf-8")
        runs = {"explorer": [], "bare": [], "explorer_not_preheated": []}
        for i in range(args.runs):
            runs["explorer"].append(explorer_run())
            runs["bare"].append(bare_run(bare))
            runs["explorer_not_preheated"].append(explorer_run(preheat=False))
            print(i, {k: v[-1] for k, v in runs.items()}, flush=True)
    med = {k: statistics.median(r[k] for r in runs["explorer"]) for k in ("cold_s", "update_s", "to_last_s", "step_s")}
    bare_cold = statistics.median(r["cold_s"] for r in runs["bare"])
    plain_cold = statistics.median(r["cold_s"] for r in runs["explorer_not_preheated"])
    record = {
        "measured": time.strftime("%Y-%m-%d"), "python": platform.python_version(),
        "machine": f"{platform.machine()}, {platform.system()}, {os.cpu_count()} CPUs",
        "load_average": round(os.getloadavg()[0], 1),
        "explorer_cold_s": round(med["cold_s"], 2), "explorer_update_s": round(med["update_s"], 3),
        "explorer_to_last_s": round(med["to_last_s"], 3),
        "explorer_step_s": round(med["step_s"], 3),
        "bare_cold_s": round(bare_cold, 2), "cold_ratio": round(med["cold_s"] / bare_cold, 2),
        "explorer_not_preheated_cold_s": round(plain_cold, 2),
        "runs": runs,
    }
    (HERE / "dashboard.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    md = [
        "# Explorer dashboard in Voila", "",
        f"Measured {record['measured']} on {record['machine']} (load average {record['load_average']} at the end), "
        f"by `bench/dashboard.py`, median of {args.runs} runs, each with a new Voila server and Chromium page, "
        "served as `gcm-explore serve` does (a preheated kernel; the run waits until the pool is idle).", "",
        "| measure | explorer | bare notebook (one FigureWidget) | target |", "|---|---:|---:|---|",
        f"| cold start until the network, timeline and map are drawn (s) | {record['explorer_cold_s']} | "
        f"{record['bare_cold_s']} | ≤ 5 s and ≤ 1.5× bare (now {record['cold_ratio']}×) |",
        f"| slider jump, first month ↔ last month, until the network and timeline are redrawn (s) | "
        f"{record['explorer_update_s']} | – | ≤ 0.15 s |",
        f"| … of which the jumps to the last month (the whole network drawn) (s) | {record['explorer_to_last_s']} | – | – |",
        f"| slider step, one month, until both are redrawn (s) | {record['explorer_step_s']} | – | ≤ 0.15 s |",
        f"| cold start without a preheated kernel (plain `voila explorer.ipynb`) (s) | "
        f"{record['explorer_not_preheated_cold_s']} | – | – |",
    ]
    (HERE / "dashboard.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    print("\n".join(md))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
