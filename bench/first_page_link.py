"""The explorer's first page and its date moves over a slower link than this machine's own: a
class on a school's connection to Binder or a JupyterHub.

The dashboard is served as ``gcm-explore serve`` serves it (a preheated kernel, the run waits
until the pool is idle) and opened in a new Chromium page whose network Chromium slows down to
``--mbit`` Mbit/s down, 5 Mbit/s up, 20 ms latency (DevTools' throttling, which also slows the
kernel's websocket). It times the first page as ``bench/dashboard.py`` does (until the first view's
traces are drawn) and counts what the kernel's websocket brought in the meantime; then it moves the
date slider to the first month and back to the last, three times, and times each move as
``bench/dashboard.py`` does (from the key press to the frame that shows both views redrawn), with
what the websocket brought for it.

Each call measures the code checked out and adds its results under ``--label``, so that two
versions can be compared in one table (check out the other, run again with another label, in
turns: before, after, after, before). Results: ``bench/first_page_link.json`` and ``.md``.

    .venv/bin/python bench/first_page_link.py --label after [--fresh] [--mbit 20] [--runs 3]

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

from bench.dashboard import ALL_DRAWN, FIRST_PLOT, PREHEAT, WATCH, slider_move  # noqa: E402
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
        received = page.evaluate("window.gcmReceived")
        page.wait_for_function(ALL_DRAWN, timeout=300_000, polling=50)
        page.evaluate(WATCH)
        moves, move_kb = [], []
        for key in ("Home", "End") * 3:
            before = page.evaluate("window.gcmReceived")
            moves.append(round(slider_move(page, key, timeout=120_000)[1], 3))
            page.wait_for_timeout(500)  # what the move brought after the views were drawn (the map) counts too
            move_kb.append(round((page.evaluate("window.gcmReceived") - before) / 1e3))
        return {"first_plot_s": round(seconds, 2), "socket_mb": round(received / 1e6, 2), "moves_s": moves,
                "move_kb": move_kb}


def _median(column: dict, measure: str, moves: slice | None = None):
    """The median of ``measure`` over the column's runs (of a move measure: over its ``moves``)."""
    return statistics.median(x for r in column["runs"] for x in ([r[measure]] if moves is None else r[measure][moves]))


def markdown(record: dict) -> str:
    """The table of ``record`` (``first_page_link.json``): one column per call, in order."""
    cols = record["columns"]

    def row(name: str, measure: str, moves: slice | None = None, fmt: str = "{:.2f}") -> str:
        return f"| {name} | " + " | ".join(fmt.format(_median(c, measure, moves)) for c in cols) + " |"

    return "\n".join([
        "# The explorer's first page and its date moves over a slower link", "",
        f"Measured {record['measured']} on {record['machine']} by `bench/first_page_link.py`: the explorer served "
        f"with a preheated kernel, opened in Chromium with its network slowed to {record['mbit']:g} Mbit/s down, "
        "5 Mbit/s up, 20 ms latency; median of each column's runs (of the moves: of its runs' three moves to the "
        "first month, and three back to the last), the columns in the order they were run.", "",
        "| measure | " + " | ".join(c["label"] for c in cols) + " |", "|---|" + "---:|" * len(cols),
        row("first page: until the first view's traces are drawn (s)", "first_plot_s"),
        row("received on the kernel's websocket until then (MB)", "socket_mb"),
        row("a date move to the last month (its full network): until both views are redrawn (s)", "moves_s",
            slice(1, None, 2), "{:.3f}"),
        row("received on the websocket for it (KB)", "move_kb", slice(1, None, 2), "{:.0f}"),
        row("a date move to the first month (s)", "moves_s", slice(0, None, 2), "{:.3f}"),
        row("received on the websocket for it (KB)", "move_kb", slice(0, None, 2), "{:.0f}"),
        "| load average after the runs | " + " | ".join(f"{c['load_average']}" for c in cols) + " |",
    ]) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--label", required=True, help="the name of this code's column, e.g. before or after")
    ap.add_argument("--mbit", type=float, default=20.0, help="the link's download speed (default 20 Mbit/s)")
    ap.add_argument("--runs", type=int, default=3, help="runs (default 3; 0: write the table again, measure nothing)")
    ap.add_argument("--fresh", action="store_true", help="start a new table (else add a column to the last)")
    args = ap.parse_args(argv)
    runs = [first_page(args.mbit) for _ in range(args.runs)]
    print(args.label, json.dumps(runs), flush=True)
    path = HERE / "first_page_link.json"
    record = json.loads(path.read_text(encoding="utf-8")) if path.exists() and not args.fresh else {"columns": []}
    if runs:
        record.update(measured=time.strftime("%Y-%m-%d"), machine=f"{platform.machine()}, {platform.system()}, "
                      f"{os.cpu_count()} CPUs", mbit=args.mbit)
        record["columns"].append({"label": args.label, "load_average": round(os.getloadavg()[0], 1), "runs": runs})
        path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    md = markdown(record)
    (HERE / "first_page_link.md").write_text(md, encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
