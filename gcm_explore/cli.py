"""The ``gcm-explore`` command: validate a data package, serve the explorer.

    gcm-explore validate [PATH]       check a data package or a workbook (the bundled package by default)
    gcm-explore serve [--port 8866]   serve the explorer dashboard with Voila on 127.0.0.1
    gcm-explore extract-dates FILE    list the dated mentions of an English or Arabic text
    gcm-explore codebook [--out F]    write the codebook (README) of a data package
    gcm-explore export FORMAT --out PATH [--lang en|ar] [--data PACKAGE]
                                      write gexf, graphml, csv (a folder), xlsx, package (a folder),
                                      html, timelinejs, deck (a folder), png, svg, pdf
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

__all__ = ["main"]

DASHBOARDS = Path(__file__).resolve().parent.parent / "dashboards"


def _load(path, base=None):
    """The data package or workbook (.xlsx) at ``path`` (None: the bundled package), or None after
    printing its problems. ``base``: add a workbook's rows to this package ('' for the bundled one)."""
    from .errors import DataError
    from .io.load import load_dataset

    try:
        if path is not None and Path(path).suffix.lower() == ".xlsx":
            from .io.spreadsheet import from_spreadsheet

            return from_spreadsheet(path, base=None if base is None else load_dataset(base or None))
        return load_dataset(path)
    except DataError as exc:
        print(exc, file=sys.stderr)
        return None


def _validate(args) -> int:
    ds = _load(args.path, base=args.base)
    if ds is None:
        return 1
    counts = ds.summary()
    print("OK: " + ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items()) + f" ({ds.path})")
    return 0


#: How the dashboards are served (``gcm-explore serve``, and the browser tests): without their code
#: cells, and without plotly's JupyterLab extension, which renders ``fig.show()`` output in
#: JupyterLab and which no dashboard uses (the views are PlotlyViews): a Voila page loads every
#: installed extension, and that one is 4.8 MB of JavaScript (0.4 s of a first page here).
VOILA_OPTIONS = ("--strip_sources=True", '--VoilaConfiguration.extension_denylist=["jupyterlab-plotly"]')


def _serve(args) -> int:
    notebook = Path(args.notebook) if args.notebook else DASHBOARDS / "explorer.ipynb"
    if not notebook.exists():
        print(f"{notebook}: not found. Give the dashboard notebook with --notebook PATH.", file=sys.stderr)
        return 1
    env = dict(os.environ)
    if args.data:
        env["GCM_EXPLORE_DATA"] = str(Path(args.data).resolve())
    cmd = [sys.executable, "-m", "voila", str(notebook), f"--port={args.port}", f"--Voila.ip={args.ip}",
           "--no-browser", f"--theme={args.theme}", *VOILA_OPTIONS,
           "--MappingKernelManager.cull_idle_timeout=1800", "--MappingKernelManager.cull_interval=300"]
    if args.pool_size > 0:  # kernels that have run the dashboard before anyone opens it
        cmd += ["--preheat_kernel=True", f"--pool_size={args.pool_size}"]
    print(f"GCM Explorer: http://{args.ip}:{args.port}/  (Ctrl+C to stop)", flush=True)
    return subprocess.call(cmd, env=env)


def _extract_dates(args) -> int:
    from .io.extract import extract_dates

    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{path}: cannot read it as UTF-8 text ({exc}). Give a plain-text file.", file=sys.stderr)
        return 2
    mentions = extract_dates(text)
    if args.json:
        import json

        rows = [{"offset": m.offset, "end_offset": m.offset_end, "text": m.text, "precision": m.precision,
                 "start": m.start and m.start.isoformat(), "end": m.end and m.end.isoformat(), "year": m.year,
                 "months": list(m.months), "days": list(m.days) if m.days else None} for m in mentions]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for m in mentions:
        if m.start is not None:
            when = m.start.isoformat() if m.start == m.end else f"{m.start.isoformat()}..{m.end.isoformat()}"
        else:  # no year in the text
            days = "" if m.days is None else (f"-{m.days[0]:02d}" if m.days[0] == m.days[1]
                                             else f"-{m.days[0]:02d}..{m.days[1]:02d}")
            months = f"{m.months[0]:02d}" if m.months[0] == m.months[1] else f"{m.months[0]:02d}..{m.months[1]:02d}"
            when = f"????-{months}{days}"
        print(f"{m.offset:>7}-{m.offset_end:<7} {when:<24} {m.precision:<5}  {m.text}")
    print(f"{len(mentions)} dated mentions in {path}", file=sys.stderr)
    return 0


def _codebook(args) -> int:
    from .io.codebook import codebook

    ds = _load(args.data)
    if ds is None:
        return 1
    text = codebook(ds)
    if args.out == "-":
        sys.stdout.write(text)
    else:
        out = Path(args.out) if args.out else ds.path / "README.md"
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out}")
    return 0


def _export(args) -> int:
    from .io.export import export

    ds = _load(args.data)
    if ds is None:
        return 1
    try:
        path = export(ds, args.format, args.out, lang=args.lang, figure=args.figure)
    except (ValueError, OSError, RuntimeError, ImportError) as exc:
        print(f"gcm-explore export: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gcm-explore", description="Explore the Global Compact for Migration.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check a data package and print its counts or its problems")
    p.add_argument("path", nargs="?", default=None,
                   help="folder of a data package, its datapackage.json, or a workbook (.xlsx) with a sheet per table")
    p.add_argument("--base", nargs="?", const="", default=None, metavar="PACKAGE",
                   help="with a workbook: add its rows to PACKAGE (the bundled record if no PACKAGE is given)")
    p.set_defaults(func=_validate)
    p = sub.add_parser("serve", help="serve the explorer dashboard with Voila")
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--ip", default="127.0.0.1", help="address to bind (default: loopback only)")
    p.add_argument("--theme", choices=["light", "dark"], default="light")
    p.add_argument("--data", default=None, help="another data package to explore")
    p.add_argument("--notebook", default=None, help="dashboard notebook (default: the explorer)")
    p.add_argument("--pool-size", type=int, default=2, metavar="N",
                   help="kernels kept preheated, each with the dashboard already run (default 2; 0: none). "
                        "Each takes memory (see bench/classroom.md): raise it for a class")
    p.set_defaults(func=_serve)
    p = sub.add_parser("extract-dates", help="list the dated mentions of a text (English or Arabic) with offsets")
    p.add_argument("file", help="a UTF-8 text file")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=_extract_dates)
    p = sub.add_parser("codebook", help="write the codebook (README.md) of a data package from its descriptor")
    p.add_argument("--data", default=None, help="the data package (default: the bundled one)")
    p.add_argument("--out", default=None, help="where to write (default: README.md in the package; - for stdout)")
    p.set_defaults(func=_codebook)
    from .io.export import FORMATS

    p = sub.add_parser("export", help="write the network, the tables or the figures to a file")
    p.add_argument("format", choices=FORMATS, metavar="FORMAT", help=f"one of: {', '.join(FORMATS)}")
    p.add_argument("--out", required=True, help="file to write (a folder for csv, package and deck)")
    p.add_argument("--lang", choices=["en", "ar"], default="en", help="language of labels and figures")
    p.add_argument("--data", default=None, help="another data package to export (default: the bundled one)")
    p.add_argument("--figure", choices=["timeline", "network"], default="timeline",
                   help="the figure drawn by png, svg and pdf")
    p.set_defaults(func=_export)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
