"""Benchmarks of the work a user waits for: loading the package, building the network, laying
it out, and drawing both figures. Run with ``make bench``; results go to ``bench/results.json``
and are committed, so a change that slows a step down shows in the diff.

Timings are wall-clock medians over several runs (``timeit``); compare runs made on the same
machine only. Nothing here asserts a time: tests assert behaviour, this file measures.
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import time
import timeit
from pathlib import Path

import gcm_explore as gx
from gcm_explore.model.layout import layout
from gcm_explore.model.network import build_network
from gcm_explore.views.network import network_figure
from gcm_explore.views.timeline import timeline_figure

HERE = Path(__file__).parent


def _cold_import() -> float:
    """Seconds to import the package and load the bundled data in a fresh interpreter."""
    import subprocess

    code = "import time; t=time.perf_counter(); import gcm_explore as gx; gx.load_dataset(); print(time.perf_counter()-t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> int:
    ds = gx.load_dataset()
    G = build_network(ds)
    pos = layout(G)
    cases = {
        "load_dataset": lambda: gx.load_dataset(),
        "build_network": lambda: build_network(ds),
        "layout": lambda: layout(G),
        "network_figure_en": lambda: network_figure(G, "en", pos=pos),
        "network_figure_ar": lambda: network_figure(G, "ar", pos=pos),
        "timeline_figure_en": lambda: timeline_figure(ds, "en"),
        "timeline_figure_ar": lambda: timeline_figure(ds, "ar"),
    }
    results = {}
    for name, fn in cases.items():
        runs = timeit.repeat(fn, number=1, repeat=7)
        results[name] = {"median_s": round(statistics.median(runs), 4), "min_s": round(min(runs), 4)}
        print(f"{name:22s} median {results[name]['median_s']:.4f} s   min {results[name]['min_s']:.4f} s")
    cold = [_cold_import() for _ in range(3)]
    results["cold_import_and_load"] = {"median_s": round(statistics.median(cold), 4), "min_s": round(min(cold), 4)}
    print(f"{'cold_import_and_load':22s} median {statistics.median(cold):.4f} s")
    record = {
        "measured": time.strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {platform.system()}",
        "data": ds.summary() if isinstance(ds.summary(), dict) else str(ds.summary()),
        "graph": {"nodes": G.number_of_nodes(), "edges": G.number_of_edges()},
        "results": results,
    }
    (HERE / "results.json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
