"""How the explorer's costs grow with the record: the bundled package copied K times (K = 1, 3, 10).

A K× package has K copies of every actor, process, event, participation, relation and objective
link: copy 0 keeps the bundled ids (so the ids the code names, such as the vote on the Compact,
are still there), copy c >= 1 has ``-k<c>`` after every id and every foreign key (parents,
processes of events, the ends of participation and relations, the targets of objective links)
and ``(c + 1)`` after every name and title. The sources, objectives and principles are kept as
they are (each copy cites the same sources). The dates are the same, so the slider has the same
months and each month shows K disjoint copies of the bundled network. The package is written
with ``gx.write_package`` and validated by loading it back with ``gx.load_dataset(path)``
(frictionless and our own checks); its row counts and the K× nodes and edges of its network are
checked before anything is timed.

For each K, in a fresh interpreter with an empty cache (``GCM_EXPLORE_CACHE``), after the same
steps once on the bundled package (imports, frictionless' first run: not timed), it times:

- ``load_validate``: ``gx.load_dataset(path)`` of content never validated (frictionless runs);
- ``load``: the same again (frictionless skipped: its result is cached, as in every later kernel);
- ``build_network``: ``gx.build_network(ds)``, the full network;
- ``start_first``: ``gx.Explorer(ds)`` until constructed (it draws every view once), the layout
  not yet stored on disk; ``start``: the same with the layout stored (every later kernel);
- the Python side of a date move: ``app.slider.value = month`` returns when the widget's update
  has run (the figure JSON of every view computed and handed to its widget, and each widget's
  message written and signed as a kernel does before sending it; no kernel here, so nothing is sent). ``jump_new``: from the last month to a month not shown before (its network
  built and drawn); ``step_new``: one month back, to a month not shown before, at once;
  ``step_own``: one month on, at once, to a month not shown before whose network is not that of
  the month before (a month with no date of the record since the one before shows the same network:
  the steps of ``step_new`` are two such months and one other);
  ``step_paused``: the same as ``step_new`` after a pause (``PAUSE``) of the event loop, as a kernel between two
  messages (the Explorer prepares the months beside the one shown); ``jump_back``:
  back to the last month (network cached, the timeline re-marked); ``moves_own``: on an
  Explorer started again, a move to every month with a network of its own, once each, in one
  shuffled order (the same each run), none shown before: the median of about 85 moves, where
  the others are medians of three; on an Explorer started again in a running event loop (as
  in a kernel) and left idle (see ``apps/ahead.py``): ``idle_built``, the seconds until it has
  built every month's network, ``moves_built``, then moves to half of those months (each month
  whose figure it has not drawn yet), ``idle_prepared``, the seconds until it has drawn every
  month's figure too, ``moves_prepared``, then moves to the other half (for a record large
  enough to have every month prepared: ``apps.ahead.every_month``); with ``--warm``,
  ``jump_warmed``: between two months after ``app.warm()`` (as a preheated Voila kernel), and
  ``warm`` itself.

With ``--browser``, the in-page time of a slider jump in Voila as ``bench/dashboard.py`` measures
it (preheated kernel, from a still page, from the key press until the page shows both views
redrawn), with ``GCM_EXPLORE_DATA`` naming the K× package.

Runs are interleaved (run 1 of every K, then run 2, ...) so that other work on the machine
spreads over every K; the tables give medians. Results: ``bench/scale.json`` and ``scale.md``
(the "Offline page" section of ``scale.md`` comes from ``--offline``, kept across runs).

    .venv/bin/python bench/scale.py [--k 1,3,10] [--runs 3] [--warm] [--browser] [--offline]

Nothing here asserts a time; compare runs made on the same machine only.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
KS = (1, 3, 10)
#: the tables copied K times; the others (sources, objectives, principles) are kept as they are
COPIED = ("actors", "processes", "events", "participation", "relations", "objective_links")
#: columns that hold ids of the copied tables, by table
ID_COLUMNS = {
    "actors": ("id", "parent_id"),
    "processes": ("id", "parent_id"),
    "events": ("id", "process_id"),
    "participation": ("event_id", "actor_id"),
    "relations": ("source", "target"),
    "objective_links": ("target_id",),
}
NAME_COLUMNS = ("name_en", "name_ar", "short_en", "short_ar", "title_en", "title_ar")
MEASURES = ("load_validate_s", "load_s", "build_network_s", "start_first_s", "start_s",
            "jump_new_s", "step_new_s", "step_own_s", "jump_back_s", "step_paused_s", "moves_own_s", "idle_built_s", "moves_built_s", "idle_prepared_s", "moves_prepared_s", "warm_s", "jump_warmed_s", "page_jump_shown_s")


def suffix(copy: int) -> str:
    return f"-k{copy}" if copy else ""


def grow(ds, k: int):
    """``ds`` with every actor, process, event and link ``k`` times (see the module's docstring)."""
    import pandas as pd

    tables = {}
    for name in COPIED:
        frame = getattr(ds, name)
        copies = []
        for c in range(k):
            part, end = frame.copy(), suffix(c)
            for col in ID_COLUMNS[name]:
                part[col] = part[col].map(lambda v, s=end: v + s if isinstance(v, str) and v else v)
            for col in NAME_COLUMNS:
                if c and col in part:
                    part[col] = part[col].map(lambda v, n=c + 1: f"{v} ({n})" if isinstance(v, str) and v else v)
            copies.append(part)
        out = pd.concat(copies, ignore_index=True)
        if "id" in out:
            out = out.set_index("id", drop=False)
            out.index.name = None
        tables[name] = out
    return dataclasses.replace(ds, **tables)


def make_package(k: int, folder: Path) -> dict:
    """Write the K× package in ``folder``, load it back (validated) and check it; return its counts."""
    import gcm_explore as gx

    bundled = gx.load_dataset()
    gx.write_package(grow(bundled, k), folder)
    ds = gx.load_dataset(folder)  # frictionless and our checks: a package that loads is a valid one
    for name, n in bundled.summary().items():
        expected = n * k if name in COPIED else n
        if ds.summary()[name] != expected:
            raise RuntimeError(f"K={k}: {name} has {ds.summary()[name]} rows, not {expected}")
    G0, G = gx.build_network(bundled), gx.build_network(ds)
    if (G.number_of_nodes(), G.number_of_edges()) != (k * G0.number_of_nodes(), k * G0.number_of_edges()):
        raise RuntimeError(f"K={k}: the network has {G.number_of_nodes()} nodes and {G.number_of_edges()} edges, "
                           f"not {k} times {G0.number_of_nodes()} and {G0.number_of_edges()}")
    return {"rows": ds.summary(), "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
            "csv_mb": round(sum(p.stat().st_size for p in folder.glob("*.csv")) / 2**20, 2)}


# --- one run of one K, in a fresh interpreter ---------------------------------------------------

def _clock(fn) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


#: Seconds the kernel is left idle between the steps of ``step_paused``: long enough for the
#: Explorer to prepare the months beside the one shown at K=10 (about 0.9 s); a presenter stays longer on a month.
PAUSE = 1.5


def _paused_steps(app, months) -> list[float]:
    """Seconds of each step to ``months`` after the first, each after ``PAUSE`` s of an idle event
    loop (as a kernel between two messages): what the Explorer prepared meanwhile is used."""
    import asyncio

    async def steps():
        out = []
        for i, month in enumerate(months):
            seconds = _move(app, month)
            if i:
                out.append(seconds)
            await asyncio.sleep(PAUSE)
        return out

    return asyncio.run(steps())


def _moves_after_idle(ds, months) -> dict:
    """On an Explorer made in a running event loop, left idle (see ``apps/ahead.py``): the seconds
    until it has built every month's network, the median of the moves then to half of ``months``
    (those whose figure is not drawn yet), the seconds until it has drawn every month's figure too,
    and the median of the moves then to the other half."""
    import asyncio

    import gcm_explore as gx
    from gcm_explore.apps.ahead import every_month

    async def idle(app, done, start) -> float:
        states = [dataclasses.replace(app.state, month=m) for m in range(len(app.months))]
        while not all(done(s) for s in states):
            if time.perf_counter() - start > 300:
                raise RuntimeError("the Explorer did not prepare every month in 300 s of idle time")
            await asyncio.sleep(0.05)
        return time.perf_counter() - start

    async def run():
        app, start, out = gx.Explorer(ds), time.perf_counter(), {}
        if not every_month(app.drawing):  # only the months beside the one shown are prepared
            return out
        out["idle_built_s"] = await idle(app, app.drawing.is_built, start)
        out["moves_built_s"] = statistics.median(
            _move(app, m) for m in months[::2] if not app.drawing.is_prepared(dataclasses.replace(app.state, month=m)))
        out["idle_prepared_s"] = await idle(app, app.drawing.is_prepared, start)
        out["moves_prepared_s"] = statistics.median(_move(app, m) for m in months[1::2])
        return out

    return asyncio.run(run())


def _own_months(ds) -> list[bool]:
    """For each month of the slider, whether its network (``build_network`` at its end) is not that
    of the month before; the same at every K (the copies have the same dates)."""
    import pandas as pd

    import gcm_explore as gx
    from gcm_explore.apps.state import months_of

    def dump(month):
        G = gx.build_network(ds, as_of=month + pd.offsets.MonthEnd(0))
        return list(G.nodes(data=True)), list(G.edges(keys=True, data=True))

    dumps = [dump(m) for m in months_of(ds)]
    return [True] + [a != b for a, b in zip(dumps, dumps[1:])]


def _move(app, month: int) -> float:
    """Seconds of the Python side of moving the date slider to ``month``."""
    before = app.network.revision
    seconds, _ = _clock(lambda: setattr(app.slider, "value", month))
    if app.network.revision != before + 1 or "gcm-error" in app.status.value:
        raise RuntimeError(f"the move to month {month} did not redraw the network: {app.status.value}")
    return seconds


def kernel_messages() -> None:
    """Make every widget's messages as a kernel does before its socket: ipykernel's ``Comm`` hands
    them to a signed ``jupyter_client.Session``, which writes and signs their JSON (the figures'
    bytes travel beside it, unsigned). Without a kernel, ipywidgets' comms would drop them unwritten."""
    import comm
    from comm.base_comm import BaseComm
    from jupyter_client.session import Session

    session = Session(key=b"a kernel's key")

    class KernelComm(BaseComm):
        def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
            content = dict(data={} if data is None else data, comm_id=self.comm_id, **keys)
            session.serialize(session.msg(msg_type, content=content, metadata=metadata or {}))

    comm.create_comm = KernelComm


def run_once(folder: Path, warm: bool) -> dict:
    """Every Python-side measure of the package in ``folder`` (the cache: GCM_EXPLORE_CACHE, empty),
    each widget's messages written as a kernel writes them (:func:`kernel_messages`)."""
    import gcm_explore as gx

    kernel_messages()
    cache = os.environ["GCM_EXPLORE_CACHE"]
    with tempfile.TemporaryDirectory(prefix="gcm-warmup-") as other:  # not in the measured cache
        os.environ["GCM_EXPLORE_CACHE"] = other
        gx.Explorer(gx.load_dataset())  # imports, frictionless' first run, igraph: once, not timed
        own = _own_months(gx.load_dataset())
    os.environ["GCM_EXPLORE_CACHE"] = cache
    out = {}
    out["load_validate_s"], _ = _clock(lambda: gx.load_dataset(folder))
    out["load_s"], ds = _clock(lambda: gx.load_dataset(folder))
    out["build_network_s"], _ = _clock(lambda: gx.build_network(ds))
    out["start_first_s"], _ = _clock(lambda: gx.Explorer(ds))
    out["start_s"], app = _clock(lambda: gx.Explorer(ds))
    last = len(app.months) - 1
    jumps, backs, steps = [], [], []
    for month in (last // 2, last // 4, 3 * last // 4):
        jumps.append(_move(app, month))
        backs.append(_move(app, last))
    for month in (last - 1, last - 2, last - 3):
        steps.append(_move(app, month))
    # three steps on from a month, at once, to months with a network of their own, none shown before
    paused = [2 * last // 3 - i for i in range(4)]
    shown = {last, last // 2, last // 4, 3 * last // 4, last - 1, last - 2, last - 3, *paused}
    first = max(m for m in range(last - 3) if all(own[m + j] and m + j not in shown for j in range(1, 4)) and m not in shown)
    _move(app, first)
    owns = [_move(app, month) for month in range(first + 1, first + 4)]
    out.update(jump_new_s=statistics.median(jumps), jump_back_s=statistics.median(backs),
               step_new_s=statistics.median(steps), step_own_s=statistics.median(owns), months=last + 1)
    # months not shown before, the first reached by a jump, each next one a step after a pause
    out["step_paused_s"] = statistics.median(_paused_steps(app, paused))
    # every month with a network of its own, on an Explorer started again: many moves, a steadier median
    fresh, order = gx.Explorer(ds), [m for m in range(last + 1) if own[m] and m != last]
    random.Random(7).shuffle(order)
    out["moves_own_s"] = statistics.median(_move(fresh, m) for m in order)
    out.update(_moves_after_idle(ds, order))
    if warm:
        out["warm_s"], _ = _clock(app.warm)
        out["jump_warmed_s"] = statistics.median(_move(app, m) for m in (0, last, last // 3, last, 2 * last // 3, last))
    return out


def measure(folder: Path, warm: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="gcm-cache-") as cache:
        env = {**os.environ, "GCM_EXPLORE_CACHE": cache, "PYTHONPATH": os.pathsep.join(
            [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
        proc = subprocess.run([sys.executable, __file__, "--worker", str(folder), *(["--warm"] if warm else [])],
                              capture_output=True, text=True, env=env, timeout=1800)
    lines = [x for x in proc.stdout.splitlines() if x.startswith("RESULT ")]
    if proc.returncode or not lines:
        raise RuntimeError(f"worker for {folder} failed:\n{proc.stderr[-3000:]}")
    return json.loads(lines[-1][len("RESULT "):])


# --- in the page (Voila), as bench/dashboard.py ---------------------------------------------------

def page_run(folder: Path) -> dict:
    """One Voila server on the K× package, preheated; the in-page time of slider jumps (see dashboard.py)."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(HERE))
    from dashboard import ALL_DRAWN, PREHEAT, WATCH, slider_move

    from tests.browser import chromium_page, voila, wait_until_idle

    with tempfile.TemporaryDirectory(prefix="gcm-cache-") as cache, \
            voila(ROOT / "dashboards" / "explorer.ipynb", args=PREHEAT,
                  env={"GCM_EXPLORE_DATA": str(folder), "GCM_EXPLORE_CACHE": cache}, timeout=180) as url, \
            chromium_page() as page:
        wait_until_idle(url)
        t0 = time.perf_counter()
        page.goto(url, timeout=300_000)
        page.wait_for_function(ALL_DRAWN, timeout=300_000, polling=50)
        cold = time.perf_counter() - t0
        page.evaluate(WATCH)
        shown = [slider_move(page, key, timeout=120_000)[1] for key in ("Home", "End") * 3]
        return {"page_cold_s": cold, "page_jump_shown_s": statistics.median(shown), "page_jumps_s": shown}


# --- the offline page -----------------------------------------------------------------------------

#: In the page: from navigation start until the three plots are drawn (Plotly has set _fullData)
OFFLINE_DRAWN = ("() => ['network-plot', 'timeline-plot', 'map-plot'].every("
                 "id => document.getElementById(id)._fullData?.length > 0)")


def offline_run(path: Path) -> float:
    """Seconds from the navigation start to the three plots of the offline page drawn (in the page's clock)."""
    sys.path.insert(0, str(ROOT))
    from tests.browser import chromium_page

    with chromium_page() as page:
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto(path.as_uri(), timeout=120_000)
        page.wait_for_function(OFFLINE_DRAWN, timeout=120_000, polling=10)
        if page.js_errors:
            raise RuntimeError(f"{path.name}: {page.js_errors}")
        return page.evaluate("() => performance.now()") / 1000


def offline_pages(folder: Path, k: int, before: str | None) -> dict:
    """The offline page of the K× package: its size, and with ``before`` (a git revision) the page of
    gcm_explore/io/offline.py at that revision too, both drawn in Chromium in turn."""
    import gcm_explore as gx
    from gcm_explore.io import offline

    ds = gx.load_dataset(folder)
    pages = {"after": offline.offline_page(ds)}
    if before:
        source = subprocess.run(["git", "show", f"{before}:gcm_explore/io/offline.py"], cwd=ROOT, capture_output=True,
                                text=True, check=True).stdout
        old = type(offline)("gcm_explore.io._offline_before")
        old.__package__ = "gcm_explore.io"
        exec(compile(source, "offline.py (before)", "exec"), old.__dict__)  # noqa: S102 - our own file at a revision
        pages["before"] = old.offline_page(ds)
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, html in pages.items():
            path = Path(tmp) / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            out[name] = {"mb": round(path.stat().st_size / 2**20, 2), "drawn_s": []}
        for _ in range(3):  # interleaved
            for name in pages:
                out[name]["drawn_s"].append(round(offline_run(Path(tmp) / f"{name}.html"), 3))
    for r in out.values():
        r["drawn_median_s"] = statistics.median(r["drawn_s"])
    return out


# --- report ---------------------------------------------------------------------------------------

LABELS = {
    "load_validate_s": "load, first time (validated)", "load_s": "load (validation cached)",
    "build_network_s": "build_network (full)", "start_first_s": "Explorer start, layout not stored",
    "start_s": "Explorer start (layout stored)", "jump_new_s": "date jump to a new month (kernel)",
    "step_new_s": "date step to a new month, at once (kernel)",
    "step_own_s": "date step to a new month with a network of its own, at once (kernel)", "jump_back_s": "date jump back to a month shown (kernel)",
    "step_paused_s": f"date step after a {PAUSE} s pause (kernel)",
    "moves_own_s": "date move to each month with a network of its own, none shown before (kernel)",
    "idle_built_s": "an Explorer left idle: until every month's network is built",
    "moves_built_s": "then a move to a month with a network of its own, not drawn yet (kernel)",
    "idle_prepared_s": "left idle: until every month's figure is drawn too",
    "moves_prepared_s": "then a move to a month with a network of its own (kernel)",
    "warm_s": "warm() (every month's network)", "jump_warmed_s": "date jump after warm() (kernel)",
    "page_jump_shown_s": "date jump in Voila, shown in the page",
}


def _f(x) -> str:
    return "–" if x is None else f"{x:.3f}" if x < 1 else f"{x:.2f}"


def kept_sections(path: Path) -> list[str]:
    """The sections of ``path`` (``## ...``) written by hand, the before-and-after measures of each
    change: a new run rewrites the tables above them and the offline page's section, not these."""
    if not path.exists():
        return []
    parts = path.read_text(encoding="utf-8").split("\n## ")[1:]
    return ["## " + part.rstrip("\n") + "\n" for part in parts if not part.startswith("Offline page")]


def markdown(record: dict, offline_md: str, kept: list[str] = ()) -> str:
    ks = [str(k) for k in record["ks"]]
    med = record["medians"]
    present = [m for m in MEASURES if any(med[k].get(m) is not None for k in ks)]
    lines = [
        "# The explorer as the record grows", "",
        f"Measured {record['measured']} on {record['machine']} (load average {record['load_average'][0]} at the "
        f"start, {record['load_average'][1]} at the end), Python {record['python']}, "
        f"by `bench/scale.py`, median of {record['runs']} runs, interleaved. A K× package is the bundled one "
        "copied K times with new ids (see the script's docstring). Seconds.", "",
        "| K | events | actors | participation | relations | nodes | edges | CSV MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for k in ks:
        p = record["packages"][k]
        r = p["rows"]
        lines.append(f"| {k} | {r['events']:,} | {r['actors']:,} | {r['participation']:,} | {r['relations']:,} | "
                     f"{p['nodes']:,} | {p['edges']:,} | {p['csv_mb']} |")
    lines += ["", "| measure | " + " | ".join(f"K={k}" for k in ks) + " | " +
              " | ".join(f"K={k} / K=1" for k in ks[1:]) + " |",
              "|---|" + "---:|" * (2 * len(ks) - 1)]
    for m in present:
        values = [med[k].get(m) for k in ks]
        base = values[0]
        ratios = [f"{v / base:.1f}×" if v is not None and base else "–" for v in values[1:]]
        lines.append(f"| {LABELS[m]} | " + " | ".join(_f(v) for v in values) + " | " + " | ".join(ratios) + " |")
    lines += ["", "Notes:", ""] + [f"- {x}" for x in record["notes"]]
    return "\n".join(lines) + "\n" + "".join("\n" + x for x in kept) + (("\n" + offline_md) if offline_md else "")


def offline_markdown(rec: dict) -> str:
    lines = ["## Offline page", "",
             f"Measured {rec['measured']} (load average {rec['load_average']}), `gx.export_html` of each package "
             "(`gcm_explore.io.offline.offline_page`, opening in English), drawn in Chromium (Debian's, headless, "
             "software WebGL) from file:// with every other request refused. **Drawn**: from the navigation "
             "start until the network, the timeline and the map have been drawn by Plotly, in the page's clock, "
             f"median of 3 loads interleaved with the other page. \"Before\" is `offline.py` at {rec['before']}; "
             "\"after\" is the code measured.", "",
             "| K | before MB | after MB | before drawn (s) | after drawn (s) |", "|---:|---:|---:|---:|---:|"]
    for k, r in rec["pages"].items():
        b, a = r.get("before"), r["after"]
        lines.append(f"| {k} | {b['mb'] if b else '–'} | {a['mb']} | {_f(b['drawn_median_s']) if b else '–'} | "
                     f"{_f(a['drawn_median_s'])} |")
    lines += ["", "Notes:", ""] + [f"- {x}" for x in rec["notes"]]
    return "\n".join(lines) + "\n"


OFFLINE_NOTES = [
    "Before: plotly.js (4.8 MB) inlined as it is, then the JSON of a figure per view, language and date "
    "step, written with \\u escapes for every Arabic letter (6 bytes each).",
    "After: a value (list or object) that is the same as one earlier in the data is written once and "
    "referred to by its path (the timeline's events are the same at every date step, the positions, ids and "
    "names of the nodes the same in both languages...); the data (UTF-8 JSON, an Arabic letter in 2 bytes) and "
    "plotly.js are each gzip-compressed and base64-encoded, and inflated in the page by the browser's own "
    "DecompressionStream (Chromium 80, Firefox 113, Safari 16.4); an older browser says so.",
]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--worker", metavar="PACKAGE", help=argparse.SUPPRESS)
    ap.add_argument("--k", default=",".join(map(str, KS)), help="the K to measure, comma-separated (default 1,3,10)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each K (default 3)")
    ap.add_argument("--warm", action="store_true", help="also time app.warm() and a date jump after it")
    ap.add_argument("--browser", action="store_true", help="also the in-page date jump in Voila (one run per K)")
    ap.add_argument("--offline", metavar="BEFORE", nargs="?", const="", default=None,
                    help="measure the offline page of each K (with a git revision: beside offline.py there)")
    ap.add_argument("--print", action="store_true", help="print the results, write nothing")
    args = ap.parse_args(argv)
    if args.worker:
        print("RESULT " + json.dumps(run_once(Path(args.worker), args.warm)), flush=True)
        return 0
    ks = [int(x) for x in args.k.split(",")]
    load_start = round(os.getloadavg()[0], 2)
    with tempfile.TemporaryDirectory(prefix="gcm-scale-") as tmp:
        os.environ["GCM_EXPLORE_CACHE"] = str(Path(tmp) / "cache")  # the packages' validation: not in the home cache
        folders = {k: Path(tmp) / f"k{k}" for k in ks}
        packages = {str(k): make_package(k, folders[k]) for k in ks}
        print("packages", json.dumps(packages), flush=True)
        runs: dict[str, list] = {str(k): [] for k in ks}
        for i in range(args.runs):
            for k in ks:
                runs[str(k)].append(measure(folders[k], args.warm))
                print(f"run {i} K={k}", json.dumps(runs[str(k)][-1]), flush=True)
        if args.browser:
            for k in ks:
                runs[str(k)][0].update(page_run(folders[k]))
                print(f"page K={k}", json.dumps({m: runs[str(k)][0][m] for m in ("page_cold_s", "page_jump_shown_s")}),
                      flush=True)
        offline = None
        if args.offline is not None:
            load = round(os.getloadavg()[0], 2)
            offline = {"measured": time.strftime("%Y-%m-%d"), "load_average": load, "before": args.offline or None,
                       "pages": {str(k): offline_pages(folders[k], k, args.offline or None) for k in ks},
                       "notes": OFFLINE_NOTES}
            print("offline", json.dumps(offline["pages"]), flush=True)
    medians = {k: {m: statistics.median(v) if (v := [r[m] for r in rs if r.get(m) is not None]) else None
                   for m in MEASURES} for k, rs in runs.items()}
    record = {
        "measured": time.strftime("%Y-%m-%d"), "python": platform.python_version(),
        "machine": f"{platform.machine()}, {platform.system()}, {os.cpu_count()} CPUs",
        "load_average": [load_start, round(os.getloadavg()[0], 2)], "ks": ks, "runs": args.runs,
        "packages": packages, "medians": medians, "runs_detail": runs,
        "notes": [
            f"The slider has the same {runs[str(ks[0])][0]['months']} months at every K (the copies have the same "
            "dates); a month's network is K disjoint copies of the bundled one's.",
            "Date moves are the kernel's side: the update, and each widget's message written and signed as a "
            "kernel writes it (no kernel here, so nothing is sent); see bench/dashboard.py for what the page adds." + (" The in-page row is one Voila server per K, median of 6 jumps from a "
            "still page." if args.browser else ""),
            "Each K runs in a fresh interpreter with an empty cache, after the same steps on the bundled package "
            "(imports and frictionless' first run are not counted).",
        ],
    }
    path = HERE / "scale.json"
    before = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if offline is None and "offline" in before:
        offline = before["offline"]
    if offline is not None:
        record["offline"] = offline
    md = markdown(record, offline_markdown(offline) if offline else "", kept_sections(HERE / "scale.md"))
    if args.print:
        print(md)
        return 0
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    (HERE / "scale.md").write_text(md, encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
