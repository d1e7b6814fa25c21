"""How long Debian's Chromium takes to draw the network figure, from the page's start to Plotly's
``Plotly.newPlot`` has resolved (the figure is drawn), at 1k, 10k and 50k nodes (the synthetic graphs of ``network_scale.py``).

The figure is written as an HTML file with plotly.js inlined (no network) and opened with
Playwright in headless Chromium (software rendering: no GPU here, so WebGL runs on the CPU).
Median of 3 page loads. Results: ``bench/network_draw.json`` and a table in ``network_draw.md``.

    .venv/bin/python bench/network_draw.py
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from network_scale import synthetic  # noqa: E402

from gcm_explore.views.network import network_figure  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

SIZES = (1_000, 10_000, 50_000)
RUNS = 3
# plotly's post_script runs when Plotly.newPlot's promise resolves: the figure is drawn
POST_SCRIPT = "window.drawnAt = performance.now();"


def main() -> int:
    from playwright.sync_api import sync_playwright

    results = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for n in SIZES:
            G = synthetic(n)
            fig = network_figure(G).update_layout(width=1200, height=900)
            path = Path(tmp) / f"net{n}.html"
            html = fig.to_html(include_plotlyjs=True, full_html=True, post_script=POST_SCRIPT)
            path.write_text(html, encoding="utf-8")
            times = []
            for _ in range(RUNS):
                page = browser.new_page(viewport={"width": 1280, "height": 960})
                page.goto(path.as_uri(), timeout=300_000)
                page.wait_for_function("() => window.drawnAt", timeout=300_000, polling=100)
                times.append(page.evaluate("() => window.drawnAt") / 1000)
                page.close()
            results[n] = {"edges": G.number_of_edges(), "trace": type(fig.data[-1]).__name__,
                          "html_mb": round(len(html) / 2**20, 2),
                          "drawn_s_median": round(statistics.median(times), 2), "runs_s": [round(t, 2) for t in times]}
            print(n, results[n], flush=True)
        browser.close()
    record = {"measured": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, {platform.system()}",
              "browser": "Debian Chromium, headless, --disable-gpu", "results": results}
    (HERE / "network_draw.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    load = f"{__import__('os').getloadavg()[0]:.1f}"
    lines = ["# Network figure: time until Chromium has drawn it", "",
             f"Measured {record['measured']} on {record['machine']}, {record['browser']}, by `bench/network_draw.py`: "
             "seconds from the page's start until `Plotly.newPlot` has resolved (median of 3 loads; HTML with "
             "plotly.js inlined, opened from disk). Load average at the end: " + load + " (other work was running: "
             "compare runs made on an idle machine only).", "",
             "| nodes | edges | HTML MB | drawn after (s) | runs (s) |", "|---:|---:|---:|---:|---|"]
    for n, r in results.items():
        lines.append(f"| {n:,} | {r['edges']:,} | {r['html_mb']} | **{r['drawn_s_median']}** | "
                     f"{', '.join(map(str, r['runs_s']))} |")
    (HERE / "network_draw.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
