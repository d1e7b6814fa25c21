"""A class opens the explorer at once: one Voila server, N Chromium sessions on loopback.

Starts ONE Voila server on a free loopback port with the flags of ``gcm-explore serve`` (and,
with ``--pool-size K``, Voila's preheated kernels), opens N pages in one Chromium (one browser
context per student), all at once (``--stagger 0``) or a few seconds apart, and records for
each session the time until its first plot is drawn (a ``.js-plotly-plot .main-svg`` visible)
and until both plots are drawn (``data-revision`` on both views, as ``bench/dashboard.py``),
then how long one slider move takes to redraw both, and whether it failed (a step not done in
time: ``--timeout`` for the plots, 60 s for the redraw; or an error in the page). While the pages
stay open it samples the memory of the server and of each kernel (its children). Everything
is bounded (N <= 60, a hard time limit per round) and every process started is ended.

Each combination of ``--stagger`` and ``--pool-size`` is one round with a fresh server.
Results: ``bench/classroom.json`` and ``bench/classroom.md``.

    .venv/bin/python bench/classroom.py --sessions 30 --timeout 600 --stagger 0,2 --pool-size 0,10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psutil
from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1, serialize_msg_to_ws_v1

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from gcm_explore.apps.plotwidget import unpacked  # noqa: E402
from gcm_explore.cli import VOILA_OPTIONS  # noqa: E402
from tests.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

MAX_SESSIONS = 60
NOTEBOOK = ROOT / "dashboards" / "explorer.ipynb"
FIRST_PLOT = ".js-plotly-plot .main-svg"
BOTH_DRAWN = """n => { const els = [...document.querySelectorAll('.gcm-view [data-revision]')];
  return els.length === 2 && els.every(e => Number(e.dataset.revision) >= n); }"""
REVISION = "els => Math.max(...els.map(e => Number(e.dataset.revision)))"
SLIDER = ".gcm-date-slider input"
UPDATE_TIMEOUT = 60  # seconds a session waits for its plots to follow one slider move
#: The kernel websocket protocol of the pages (JupyterLab 4, Voila 0.5): the server passes messages through unparsed
WS_PROTOCOL = "v1.kernel.websocket.jupyter.org"
# One browser for N pages: keep pages that are not in front running at full speed.
BROWSER_ARGS = CHROMIUM_ARGS + ["--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                                "--disable-backgrounding-occluded-windows"]
MB = 1024 * 1024
ROUND_KEYS = ("browsers", "browser_first_plot_median_s", "browser_update_median_s", "first_plot_median_s", "first_plot_p90_s", "first_plot_max_s", "both_plots_median_s", "both_plots_max_s",
              "update_median_s", "update_max_s", "kernel_rss_median_mb", "kernel_rss_max_mb", "kernel_pss_median_mb",
              "kernel_cpu_median_s", "server_cpu_s", "browser_cpu_s", "server_idle_rss_mb", "server_rss_mb", "peak_machine_used_mb")


def voila_command(notebook: Path, port: int, pool_size: int) -> list[str]:
    """The command of ``gcm-explore serve`` (gcm_explore/cli.py ``_serve``), plus preheating."""
    cmd = [sys.executable, "-m", "voila", str(notebook), f"--port={port}", "--Voila.ip=127.0.0.1",
           "--no-browser", "--theme=light", *VOILA_OPTIONS,
           "--MappingKernelManager.cull_idle_timeout=1800", "--MappingKernelManager.cull_interval=300"]
    if pool_size:
        cmd += ["--preheat_kernel=True", f"--pool_size={pool_size}"]
    return cmd


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0-100) of ``values``; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def _round(x, digits=2):
    return None if x is None else round(x, digits)


class Server:
    """A Voila server in its own process group; ``stop`` ends it and every kernel it started."""

    def __init__(self, notebook: Path, pool_size: int, log: Path):
        self.port = free_port()
        self.log = log.with_name(f"{log.stem}-{self.port}.log")
        self.cmd = voila_command(notebook, self.port, pool_size)
        self._out = self.log.open("w")
        self.proc = subprocess.Popen(self.cmd, stdout=self._out, stderr=subprocess.STDOUT, cwd=ROOT,
                                     start_new_session=True)
        self.ps = psutil.Process(self.proc.pid)
        self.seen: dict[int, psutil.Process] = {}  # every child seen, to end the ones left at the end

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def wait_listening(self, timeout: float) -> None:
        import socket

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"voila exited with {self.proc.returncode}: see {self.log}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"voila did not listen within {timeout} s: see {self.log}")

    def wait_pool(self, size: int, timeout: float) -> float | None:
        """Seconds until ``size`` preheated kernels have run the notebook (None: not in time).

        Voila logs "is filled with" once the kernels are started, before they run the notebook:
        wait then until the kernels stop using the CPU (under 0.2 s of CPU in 2 s)."""
        t0 = time.monotonic()
        last = None
        while time.monotonic() - t0 < timeout:
            kernels = self.kernels()
            if len(kernels) >= size and "is filled with" in self.log.read_text(errors="replace"):
                try:
                    cpu = sum(sum(k.cpu_times()[:2]) for k in kernels)
                except psutil.NoSuchProcess:
                    cpu = None
                if cpu is not None and last is not None and cpu - last < 0.2:
                    return time.monotonic() - t0
                last = cpu
            time.sleep(2)
        return None

    def kernels(self) -> list[psutil.Process]:
        try:
            children = self.ps.children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        self.seen.update((c.pid, c) for c in children)
        out = []
        for c in children:
            try:
                if "ipykernel" in " ".join(c.cmdline()):
                    out.append(c)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        return out

    def stop(self) -> None:
        self.kernels()
        for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
            if self.proc.poll() is None:
                self.proc.send_signal(sig)
                try:
                    self.proc.wait(timeout=wait)
                except subprocess.TimeoutExpired:
                    pass
        for child in self.seen.values():  # kernels that outlived their server (psutil checks it is the same one)
            try:
                if child.is_running():
                    child.kill()
            except psutil.NoSuchProcess:
                pass
        self._out.close()


def rss(p: psutil.Process) -> float | None:
    try:
        return p.memory_info().rss / MB
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return None


async def sample_memory(server: Server, peaks: dict, stop: asyncio.Event) -> None:
    """Every second: the server's RSS, the kernels' RSS, the machine's memory in use; keep the peaks."""
    while not stop.is_set():
        kernels = [x for x in (rss(k) for k in server.kernels()) if x is not None]
        vm = psutil.virtual_memory()
        peaks["server_rss_mb"] = max(peaks.get("server_rss_mb", 0), rss(server.ps) or 0)
        peaks["kernels_rss_mb"] = max(peaks.get("kernels_rss_mb", 0), sum(kernels))
        peaks["kernels"] = max(peaks.get("kernels", 0), len(kernels))
        peaks["machine_used_mb"] = max(peaks.get("machine_used_mb", 0), (vm.total - vm.available) / MB)
        try:
            await asyncio.wait_for(stop.wait(), timeout=1.0)
        except TimeoutError:
            pass


async def one_session(browser, url: str, index: int, delay: float, timeout: float) -> dict:
    from playwright.async_api import Error as PlaywrightError

    await asyncio.sleep(delay)
    context = await browser.new_context(viewport={"width": 1500, "height": 1100})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)[:300]))
    rec = {"session": index, "client": "browser", "started_s": round(delay, 2), "first_plot_s": None,
           "both_plots_s": None, "update_s": None, "error": None}
    t0 = time.perf_counter()

    def left_ms() -> float:
        return max(1.0, (timeout - (time.perf_counter() - t0)) * 1000)

    try:
        await page.goto(url, timeout=left_ms(), wait_until="commit")
        await page.wait_for_selector(FIRST_PLOT, state="visible", timeout=left_ms())
        rec["first_plot_s"] = round(time.perf_counter() - t0, 2)
        await page.wait_for_function(BOTH_DRAWN, arg=1, timeout=left_ms(), polling=100)
        rec["both_plots_s"] = round(time.perf_counter() - t0, 2)
        # a working session also follows the student: one slider move redraws both plots
        revision = await page.eval_on_selector_all(".gcm-view [data-revision]", REVISION)
        handle = page.locator(SLIDER)
        await handle.focus(timeout=UPDATE_TIMEOUT * 1000)
        t1 = time.perf_counter()
        await handle.press("Home", timeout=UPDATE_TIMEOUT * 1000)
        await page.wait_for_function(BOTH_DRAWN, arg=revision + 1, timeout=UPDATE_TIMEOUT * 1000, polling=50)
        rec["update_s"] = round(time.perf_counter() - t1, 2)
    except PlaywrightError as exc:
        what = ("no plot" if rec["first_plot_s"] is None else "one plot only" if rec["both_plots_s"] is None
                else "no redraw after a slider move")
        within = f"{timeout:g} s" if rec["both_plots_s"] is None else f"{UPDATE_TIMEOUT} s"
        rec["error"] = f"{what} within {within}: {str(exc).splitlines()[0][:200]}"
    if errors:
        rec["page_errors"] = errors
        rec["error"] = rec["error"] or f"page error: {errors[0]}"
    rec["failed"] = rec["error"] is not None
    rec["_context"] = context  # kept open until the memory is measured
    return rec


def _receive(frame: bytes) -> dict:
    """A Jupyter message from the kernel's websocket in the protocol the pages use (jupyter_server's
    v1: the message's parts and its binary buffers, such as the figures, side by side)."""
    _, parts = deserialize_msg_from_ws_v1(frame)
    header, _, _, content = (json.loads(bytes(p)) for p in parts[:4])
    return {"header": header, "msg_type": header.get("msg_type"), "content": content, "buffers": parts[4:]}


def _message(msg_type: str, content: dict, session: str, metadata: dict | None = None) -> bytes:
    """A Jupyter message on the shell channel, as the page's kernel connection sends it (v1)."""
    import datetime
    import uuid

    header = {"msg_id": uuid.uuid4().hex, "username": "student", "session": session, "msg_type": msg_type,
              "version": "5.3", "date": datetime.datetime.now(datetime.UTC).isoformat()}
    msg = {"header": header, "parent_header": {}, "metadata": metadata or {}, "content": content}
    return serialize_msg_to_ws_v1(msg, "shell", pack=lambda part: json.dumps(part).encode())


async def protocol_session(url: str, index: int, delay: float, timeout: float) -> dict:
    """A student whose browser runs on their own machine: what the page asks of the server, without
    drawing. It loads the page (Voila starts a kernel and runs the notebook), opens the kernel's
    websocket, asks for every widget's state as the page does (ipywidgets' control comm), then moves
    the date slider to its first month and waits until the kernel has sent the network's and the
    timeline's new figures. "First plot" is when the states have arrived: all a browser needs to draw."""
    import re
    import urllib.request
    import uuid

    import websockets

    await asyncio.sleep(delay)
    rec = {"session": index, "client": "protocol", "started_s": round(delay, 2), "first_plot_s": None,
           "both_plots_s": None, "update_s": None, "error": None}
    t0 = time.perf_counter()
    session = uuid.uuid4().hex
    step = "no page"
    try:
        async with asyncio.timeout(timeout):
            html = await asyncio.to_thread(lambda: urllib.request.urlopen(url, timeout=timeout).read().decode())
            kernel = re.search(r'"kernelId": "([0-9a-f-]+)"', html).group(1)
            ws_url = url.replace("http://", "ws://") + f"api/kernels/{kernel}/channels?session_id={session}"
            step = "no widget state"
            async with websockets.connect(ws_url, max_size=2**27, open_timeout=timeout, subprotocols=[WS_PROTOCOL]) as ws:
                control = uuid.uuid4().hex
                await ws.send(_message("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control",
                                                     "data": {}}, session, {"version": "1.0.0"}))
                await ws.send(_message("comm_msg", {"comm_id": control, "data": {"method": "request_states"}},
                                       session, {"version": "1.0.0"}))
                while True:
                    msg = _receive(await ws.recv())
                    data = msg.get("content", {}).get("data", {})
                    if msg.get("msg_type") == "comm_msg" and data.get("method") == "update_states":
                        states = data["states"]
                        # each figure is a binary buffer of the message, compressed if large (see gcm_explore.apps.plotwidget)
                        buffers: dict = {}
                        for path, b in zip(data.get("buffer_paths", ()), msg["buffers"]):
                            if path[-1] in ("data_json", "layout_json"):
                                buffers.setdefault(path[0], {})[path[-1][:-5]] = json.loads(unpacked(bytes(b)))
                        break
                rec["first_plot_s"] = rec["both_plots_s"] = round(time.perf_counter() - t0, 2)
                step = "no redraw after a slider move"
                slider = next(k for k, v in states.items() if "gcm-date-slider" in v["state"].get("_dom_classes", ()))
                figures = buffers  # each view's figure: {"data": ..., "layout": ...}
                views = {k: states[k]["state"]["revision"] for k, f in figures.items()  # the network and the timeline
                         if any(tr.get("legendgroup") == "nodes" for tr in f.get("data", ()))
                         or (f.get("layout", {}).get("meta") or {}).get("lanes")}
                assert len(views) == 2, f"network and timeline views not found among {len(states)} widgets"
                t1 = time.perf_counter()
                await ws.send(_message("comm_msg", {"comm_id": slider, "data": {
                    "method": "update", "state": {"value": 0}, "buffer_paths": []}}, session, {"version": "2.1.0"}))
                async with asyncio.timeout(UPDATE_TIMEOUT):
                    while views:
                        msg = _receive(await ws.recv())
                        content = msg.get("content", {})
                        state = content.get("data", {}).get("state", {})
                        if content.get("comm_id") in views and state.get("revision", 0) > views[content["comm_id"]]:
                            del views[content["comm_id"]]
                rec["update_s"] = round(time.perf_counter() - t1, 2)
    except (TimeoutError, OSError, AssertionError, AttributeError, StopIteration,
            websockets.exceptions.WebSocketException) as exc:
        within = f"{UPDATE_TIMEOUT} s" if rec["both_plots_s"] is not None else f"{timeout:g} s"
        rec["error"] = f"{step} within {within}: {type(exc).__name__} {str(exc)[:200]}"
    rec["failed"] = rec["error"] is not None
    return rec


def kernel_memory(server: Server) -> list[dict]:
    out = []
    for k in server.kernels():
        try:
            full, cpu = k.memory_full_info(), k.cpu_times()
            out.append({"pid": k.pid, "rss_mb": round(full.rss / MB, 1), "pss_mb": round(full.pss / MB, 1),
                        "uss_mb": round(full.uss / MB, 1), "cpu_s": round(cpu.user + cpu.system, 1)})
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return out


def browser_usage() -> dict:
    """CPU and memory of this run's Chromium (the browser processes under this Python process):
    in a class each student's browser does this work on their own machine."""
    cpu = mem = 0.0
    for p in psutil.Process().children(recursive=True):
        try:
            if "chrom" in p.name():
                t = p.cpu_times()
                cpu += t.user + t.system
                mem += p.memory_full_info().pss / MB
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return {"browser_cpu_s": round(cpu, 1), "browser_pss_mb": round(mem, 1)}


async def run_round(n: int, stagger: float, pool_size: int, timeout: float, notebook: Path,
                    browsers: int | None = None) -> dict:
    from playwright.async_api import async_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    load_before = os.getloadavg()[0]
    server = Server(notebook, pool_size, ARTIFACTS / f"classroom-voila-n{n}-s{stagger:g}-p{pool_size}")
    peaks: dict = {}
    stop = asyncio.Event()
    browsers = n if browsers is None else browsers
    summary = {"sessions": n, "browsers": browsers, "stagger_s": stagger, "pool_size": pool_size, "timeout_s": timeout,
               "load_average_before": round(load_before, 1)}
    try:
        server.wait_listening(60)
        summary["server_idle_rss_mb"] = _round(rss(server.ps), 1)
        if pool_size:
            summary["pool_ready_s"] = _round(server.wait_pool(pool_size, timeout))
        sampler = asyncio.create_task(sample_memory(server, peaks, stop))
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS, headless=True)
            try:
                summary["chromium"] = browser.version
                t0 = time.perf_counter()
                # sessions 0, k, 2k, ... are real pages; the others students whose browser is elsewhere
                every = n / browsers if browsers else None
                real = {round(j * every) for j in range(browsers)} if browsers else set()
                records = await asyncio.gather(*(
                    one_session(browser, server.url, i, i * stagger, timeout) if i in real
                    else protocol_session(server.url, i, i * stagger, timeout) for i in range(n)))
                summary["wall_s"] = round(time.perf_counter() - t0, 1)
                await asyncio.sleep(2)  # kernels settle after the last plot
                kernels = kernel_memory(server)
                summary["server_rss_mb"] = _round(rss(server.ps), 1)
                cpu = server.ps.cpu_times()
                summary["server_cpu_s"] = round(cpu.user + cpu.system, 1)
                summary.update(browser_usage())
                for r in records:
                    if "_context" in r:
                        await r.pop("_context").close()
            finally:
                await browser.close()
        stop.set()
        await sampler
    finally:
        stop.set()
        server.stop()
    first = [r["first_plot_s"] for r in records if r["first_plot_s"] is not None]
    both = [r["both_plots_s"] for r in records if r["both_plots_s"] is not None]
    upd = [r["update_s"] for r in records if r["update_s"] is not None]
    pss = [k["pss_mb"] for k in kernels]
    summary.update({
        "failures": sum(r["failed"] for r in records),
        "browser_first_plot_median_s": _round(statistics.median(
            [r["first_plot_s"] for r in records if r["client"] == "browser" and r["first_plot_s"] is not None] or [None])),
        "browser_update_median_s": _round(statistics.median(
            [r["update_s"] for r in records if r["client"] == "browser" and r["update_s"] is not None] or [None])),
        "first_plot_median_s": _round(statistics.median(first) if first else None),
        "first_plot_p90_s": percentile(first, 90), "first_plot_max_s": max(first, default=None),
        "both_plots_median_s": _round(statistics.median(both) if both else None),
        "both_plots_max_s": max(both, default=None),
        "update_median_s": _round(statistics.median(upd) if upd else None),
        "update_max_s": max(upd, default=None),
        "failures_page_error": sum(bool(r.get("page_errors")) for r in records),
        "kernels_measured": len(kernels),
        "kernel_rss_median_mb": _round(statistics.median(k["rss_mb"] for k in kernels) if kernels else None, 1),
        "kernel_rss_max_mb": max((k["rss_mb"] for k in kernels), default=None),
        "kernel_pss_median_mb": _round(statistics.median(pss) if pss else None, 1),
        "kernel_pss_total_mb": _round(sum(pss), 1),
        # CPU a kernel used to start, run the notebook and serve its page: what limits a class on few cores
        "kernel_cpu_median_s": _round(statistics.median(k["cpu_s"] for k in kernels) if kernels else None, 1),
        "peak_server_rss_mb": _round(peaks.get("server_rss_mb"), 1),
        "peak_kernels_rss_mb": _round(peaks.get("kernels_rss_mb"), 1),
        "peak_machine_used_mb": _round(peaks.get("machine_used_mb"), 1),
        "load_average_after": round(os.getloadavg()[0], 1),
        "voila_log": str(server.log.relative_to(ROOT)),
        "kernels": kernels, "per_session": records,
    })
    return summary


def _fmt(x=None, unit="") -> str:
    return "–" if x is None else f"{x:g}{unit}"


def write_results(record: dict, out: Path) -> str:
    out.with_suffix(".json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md = [
        "# Explorer in a classroom: N students open it at once", "",
        f"Measured {record['measured']} on {record['machine']} by `bench/classroom.py` on `{record['notebook']}` "
        f"(Python {record['python']}, Voila {record['voila']}, {record['chromium']}). One Voila server with the "
        "flags of `gcm-explore serve`. Of the N sessions, some are real pages in one headless Chromium on the "
        "same machine (their times include drawing, on the server's own cores); the others are students whose "
        "browser runs on their own computer: a client that asks the server what the page asks (the page, the "
        "kernel's websocket, every widget's state, one slider move) without drawing. First plot: a "
        "`.js-plotly-plot .main-svg` visible (a page), or the widgets' state received (a client); both plots: "
        "both views drawn; then one slider move to the first month until both views are redrawn (a page) or "
        "their new figures received (a client). A session fails when a step does not happen in time or the "
        "page reports an error. Memory per kernel is measured with every session still open.", "",
        "| N | real pages | start | preheated kernels | load avg before → after | first plot median / p90 / max (s) "
        "| both plots median / max (s) | slider move → redraw median / max (s) | failures (with a page error) "
        "| kernel RSS median / max (MB) | kernel PSS median (MB) | kernel CPU median (s) | server CPU (s) | browsers' CPU (s) "
        "| server RSS idle → end (MB) | machine memory in use, peak (GB) | real pages: first plot, slider move, median (s) |",
        "|---:|---:|---|---:|---|---|---|---|---:|---|---:|---:|---:|---:|---|---:|---|",
    ]
    for r in record["rounds"]:
        start = "all at once" if not r["stagger_s"] else f"{r['stagger_s']:g} s apart"
        r = {**dict.fromkeys(ROUND_KEYS), **r}
        md.append(
            f"| {r['sessions']} | {_fmt(r['browsers'] if r['browsers'] is not None else r['sessions'])} | {start} | {r['pool_size']} | {r['load_average_before']} → {r['load_average_after']} "
            f"| {_fmt(r['first_plot_median_s'])} / {_fmt(r['first_plot_p90_s'])} / {_fmt(r['first_plot_max_s'])} "
            f"| {_fmt(r['both_plots_median_s'])} / {_fmt(r['both_plots_max_s'])} "
            f"| {_fmt(r['update_median_s'])} / {_fmt(r['update_max_s'])} "
            f"| {r['failures']} of {r['sessions']} ({r['failures_page_error']}) "
            f"| {_fmt(r['kernel_rss_median_mb'])} / {_fmt(r['kernel_rss_max_mb'])} | {_fmt(r['kernel_pss_median_mb'])} "
            f"| {_fmt(r['kernel_cpu_median_s'])} | {_fmt(r['server_cpu_s'])} | {_fmt(r['browser_cpu_s'])} "
            f"| {_fmt(r['server_idle_rss_mb'])} → {_fmt(r['server_rss_mb'])} "
            f"| {_fmt(_round(r['peak_machine_used_mb'] / 1024, 1) if r['peak_machine_used_mb'] else None)} "
            f"| {_fmt(r['browser_first_plot_median_s'])}, {_fmt(r['browser_update_median_s'])} |")
    notes = []
    if any(r["pool_size"] for r in record["rounds"]):
        ready = ", ".join(_fmt(r.get("pool_ready_s"), " s") for r in record["rounds"] if r["pool_size"])
        notes.append(f"Preheated rounds open the pages once the pool's kernels have run the notebook ({ready} "
                     "after the server started); a student arriving earlier waits for that.")
        if not record["notebook_waits_for_request"]:
            notes.append("This dashboard reads `QUERY_STRING` in the cell a preheated kernel runs before any "
                         "request: with preheating, a link's `?lang=ar&date=…&select=…` is ignored "
                         "(see docs/classroom.md).")
    md += [""] + notes if notes else []
    failed = [(r["sessions"], s) for r in record["rounds"] for s in r["per_session"] if s["failed"]]
    failed += [(r["sessions"], {"session": "all", "error": f"the round did not end within {r['timed_out']:g} s"})
               for r in record["rounds"] if r.get("timed_out")]
    if failed:
        md += ["", "Failures:", ""] + [
        f"- N={n}, session {s['session']}: {s['error']}"
        + (" (its plots were drawn and followed the slider)" if s.get("update_s") is not None else "")
        for n, s in failed[:20]]
    md += ["", f"Command: `{record['command']}`"]
    text = "\n".join(md) + "\n"
    out.with_suffix(".md").write_text(text, encoding="utf-8")
    return text


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=4, help=f"pages opened at once (1-{MAX_SESSIONS})")
    ap.add_argument("--timeout", type=float, default=300, help="seconds a session may wait for its plots")
    ap.add_argument("--stagger", default="0", help="seconds between two session starts; a comma list runs each")
    ap.add_argument("--pool-size", default="0", help="Voila preheated kernels (0: off); a comma list runs each")
    ap.add_argument("--browsers", type=int, default=None,
                    help="how many sessions are real Chromium pages (default: all); the others are clients "
                         "that ask the server what a page asks, as students' browsers elsewhere would")
    ap.add_argument("--notebook", default=str(NOTEBOOK), help="dashboard notebook (default: the explorer)")
    ap.add_argument("--out", default=str(HERE / "classroom"), help="results file stem (.json and .md)")
    args = ap.parse_args(argv)
    if not 1 <= args.sessions <= MAX_SESSIONS:
        ap.error(f"--sessions must be between 1 and {MAX_SESSIONS}")
    if not 10 <= args.timeout <= 900:
        ap.error("--timeout must be between 10 and 900 seconds")
    staggers = [float(x) for x in args.stagger.split(",")]
    pools = [int(x) for x in args.pool_size.split(",")]
    if any(not 0 <= s <= 10 for s in staggers) or any(not 0 <= k <= MAX_SESSIONS for k in pools):
        ap.error("--stagger is 0-10 s and --pool-size 0-60")
    if args.browsers is not None and not 0 <= args.browsers <= args.sessions:
        ap.error("--browsers is between 0 and --sessions")
    rounds = []
    for stagger in staggers:
        for pool in pools:
            # hard limit: every session's own timeout after the last start, the pool filling, and a margin
            limit = args.timeout * (2 if pool else 1) + stagger * (args.sessions - 1) + 2 * UPDATE_TIMEOUT + 120
            print(f"round: {args.sessions} sessions, stagger {stagger:g} s, pool {pool} (at most {limit:.0f} s)",
                  flush=True)
            load = round(os.getloadavg()[0], 1)
            try:
                summary = asyncio.run(asyncio.wait_for(
                    run_round(args.sessions, stagger, pool, args.timeout, Path(args.notebook), args.browsers),
                    timeout=limit))
            except TimeoutError:  # the server and the browser are ended by run_round's finally blocks
                summary = {"sessions": args.sessions, "browsers": args.browsers, "stagger_s": stagger, "pool_size": pool, "timed_out": limit,
                           "failures": args.sessions, "failures_page_error": 0, "load_average_before": load,
                           "load_average_after": round(os.getloadavg()[0], 1), "per_session": [], "kernels": []}
            print({k: v for k, v in summary.items() if k not in ("kernels", "per_session")}, flush=True)
            rounds.append(summary)
    import voila

    mem = psutil.virtual_memory().total / 1024**3
    notebook = Path(args.notebook).resolve()
    shown = notebook.relative_to(ROOT) if notebook.is_relative_to(ROOT) else notebook.name
    record = {
        "measured": time.strftime("%Y-%m-%d"), "python": platform.python_version(), "voila": voila.__version__,
        "chromium": f"Chromium {rounds[0].get('chromium', '?')}",
        "machine": f"{platform.machine()}, {platform.system()}, {os.cpu_count()} CPUs, {mem:.0f} GB memory",
        "notebook": str(shown),
        # a preheated kernel gets the page's URL query only if the notebook waits for it (voila.utils)
        "notebook_waits_for_request": any(f in "".join(
            "".join(c["source"]) for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"])
            for f in ("wait_for_request", "get_query_string")),
        "command": f"python bench/classroom.py --sessions {args.sessions} --timeout {args.timeout:g} "
                   f"--stagger {args.stagger} --pool-size {args.pool_size}"
                   + (f" --browsers {args.browsers}" if args.browsers is not None else ""),
        "rounds": rounds,
    }
    print(write_results(record, Path(args.out)))
    return 0 if all(r["failures"] == 0 for r in rounds) else 1


if __name__ == "__main__":
    raise SystemExit(main())
