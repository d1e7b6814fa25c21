"""The explorer's first page over a slower link than this machine's own: a class on a school's
connection to Binder or a JupyterHub.

The dashboard is served as ``gcm-explore serve`` serves it (a preheated kernel, the run waits
until the pool is idle) and opened in a new Chromium page whose network Chromium slows down to
``--mbit`` Mbit/s down, 5 Mbit/s up, 20 ms latency (DevTools' throttling, which also slows the
kernel's websocket). It times the first page as ``bench/dashboard.py`` does (until the first view's
traces are drawn) and counts what the kernel's websocket brought in the meantime.

Each call measures the code checked out and adds its results under ``--label``, so that two
versions can be compared in one table (check out the other, run again with another label, in
turns: before, after, after, before). Results: ``bench/first_page_link.json`` and ``.md``.

    .venv/bin/python bench/first_page_link.py --label after [--mbit 20] [--runs 3]

Nothing here asserts a time; compare runs made on the same machine only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.dashboard import FIRST_PLOT, PREHEAT  # noqa: E402
from tests.browser import chromium_page, voila, wait_until_idle  # noqa: E402

#: Counts the bytes of every message the page's websockets receive.
COUNT_SOCKETS = """(() => { const WS = window.WebSocket; window.gcmReceived = 0;
  window.WebSocket = function (...args) {
    const ws = new WS(...args);
    ws.addEventListener("message", (e) => { window.gcmReceived += typeof e.data === "string"
      ? new TextEncoder().encode(e.data).length : (e.data.byteLength ?? e.data.size ?? 0); });
    return ws;
  };
  window.WebSocket.prototype = WS.prototype; Object.assign(window.WebSocket, WS); })();"""


def first_page(mbit: float) -> dict:
    with voila(ROOT / "dashboards" / "explorer.ipynb", args=PREHEAT) as url, chromium_page() as page:
        wait_until_idle(url)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 20,
                                                      "downloadThroughput": mbit * 1e6 / 8,
                                                      "uploadThroughput": 5e6 / 8})
        page.add_init_script(COUNT_SOCKETS)
        t0 = time.perf_counter()
        page.goto(url, timeout=300_000)
        page.wait_for_selector(FIRST_PLOT, timeout=300_000)
        seconds = time.perf_counter() - t0
        return {"first_plot_s": round(seconds, 2), "socket_mb": round(page.evaluate("window.gcmReceived") / 1e6, 2)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--label", required=True, help="the name of this code's column, e.g. before or after")
    ap.add_argument("--mbit", type=float, default=20.0, help="the link's download speed (default 20 Mbit/s)")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    runs = [first_page(args.mbit) for _ in range(args.runs)]
    print(args.label, json.dumps(runs), flush=True)
    path = HERE / "first_page_link.json"
    record = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"columns": []}
    record.update(measured=time.strftime("%Y-%m-%d"), machine=f"{platform.machine()}, {platform.system()}, "
                  f"{os.cpu_count()} CPUs", mbit=args.mbit)
    record["columns"].append({"label": args.label, "load_average": round(os.getloadavg()[0], 1), "runs": runs,
                              "first_plot_s": statistics.median(r["first_plot_s"] for r in runs),
                              "socket_mb": statistics.median(r["socket_mb"] for r in runs)})
    path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    cols = record["columns"]
    md = ["# The explorer's first page over a slower link", "",
          f"Measured {record['measured']} on {record['machine']} by `bench/first_page_link.py`: the explorer served "
          f"with a preheated kernel, opened in Chromium with its network slowed to {record['mbit']:g} Mbit/s down, "
          "5 Mbit/s up, 20 ms latency; median of each column's runs, the columns in the order they were run.", "",
          "| measure | " + " | ".join(c["label"] for c in cols) + " |", "|---|" + "---:|" * len(cols),
          "| first page: until the first view's traces are drawn (s) | " + " | ".join(f"{c['first_plot_s']:.2f}" for c in cols) + " |",
          "| received on the kernel's websocket until then (MB) | " + " | ".join(f"{c['socket_mb']:.2f}" for c in cols) + " |",
          "| load average after the runs | " + " | ".join(f"{c['load_average']}" for c in cols) + " |"]
    (HERE / "first_page_link.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    print("\n".join(md))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
