"""Stories: a sequence of steps through the data, each a few events with a bilingual caption.

A story is a CSV file anyone can write in a spreadsheet, one row per step (bundled:
``data/stories/gcm_2016_2022.csv``)::

    step,event_ids,caption_en,caption_ar,source_ids
    new_york,nyd_summit,"The 193 Member States adopt …","اعتمدت الدول الأعضاء …",a_res_71_1;nyd_press_release

``event_ids`` and ``source_ids`` are ids of ``events.csv`` and ``sources.csv``, separated by
``;``; captions tell what the data says about those events and cite its sources.
:func:`read_story` checks the file and names the file, row, column and fix of every problem.
Used by the :class:`~gcm_explore.apps.presenter.Presenter` and by :func:`~gcm_explore.io.deck.export_deck`.

>>> import gcm_explore as gx
>>> ds = gx.load_dataset()
>>> story = read_story(default_story(ds), ds)
>>> list(story["step"][:3])
['new_york', 'modalities', 'consultations']
>>> step_actors(ds, ["marrakech_igc"])[:2]
['Morocco', 'UNGA']
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from ..errors import DataError, Problem
from .dataset import Dataset, bundled_path, split_ids
from .i18n import format_date, format_span
from .timeline import MILESTONES, ROLE_RANK

__all__ = ["read_story", "default_story", "step_window", "step_actors", "step_title", "step_date", "STORY_COLUMNS"]

#: The columns of a story file, in order.
STORY_COLUMNS = ("step", "event_ids", "caption_en", "caption_ar", "source_ids")


def default_story(ds: Dataset | None = None) -> Path:
    """The story of a data package (``stories/gcm_2016_2022.csv`` next to its tables), else the bundled one."""
    if ds is not None and ds.path is not None:
        folder = Path(ds.path)
        folder = folder.parent if folder.suffix == ".json" else folder
        if (folder / "stories" / "gcm_2016_2022.csv").exists():
            return folder / "stories" / "gcm_2016_2022.csv"
    return bundled_path() / "stories" / "gcm_2016_2022.csv"


def read_story(path, ds: Dataset) -> pd.DataFrame:
    """Read and check a story file against ``ds``: one row per step, ids split into lists.

    Raises :class:`~gcm_explore.errors.DataError` listing every problem (file, row, column, fix).

    >>> import gcm_explore as gx
    >>> ds = gx.load_dataset()
    >>> story = read_story(default_story(ds), ds)
    >>> story.loc[0, "event_ids"]
    ['nyd_summit']
    """
    path = Path(path)
    name = path.name
    if not path.exists():
        raise DataError.from_problems([Problem(name, None, None, str(path), "the story file does not exist",
                                               "check the path, or pass story=None for the bundled story", "file")])
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    except UnicodeDecodeError:
        raise DataError.from_problems([Problem(name, None, None, None, "is not UTF-8 text",
                                               "save the file as 'CSV UTF-8' from your spreadsheet", "file")]) from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise DataError.from_problems([Problem(name, None, None, None, "is empty",
                                               f"write a header row: {','.join(STORY_COLUMNS)}", "file")])
    header = [h.strip() for h in rows[0]]
    problems = [Problem(name, 1, c, None, "this column is missing", f"add a column named {c!r} to the header row",
                        "schema") for c in STORY_COLUMNS if c not in header]
    problems += [Problem(name, 1, c, None, "is not a column of a story",
                         f"remove it or rename it; the columns are {', '.join(STORY_COLUMNS)}", "schema")
                 for c in header if c not in STORY_COLUMNS]
    if problems:
        raise DataError.from_problems(problems)
    steps, seen = [], {}
    for n, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(Problem(name, n, None, None, f"has {len(cells)} cells, the header has {len(header)}",
                                    "quote a caption that contains a comma, or remove the extra cells", "schema"))
            continue
        row = {h: c.strip() for h, c in zip(header, cells)}
        for col in STORY_COLUMNS:
            if not row[col]:
                problems.append(Problem(name, n, col, None, "is empty", f"write the {col} of this step", "schema"))
        if row["step"] in seen:
            problems.append(Problem(name, n, "step", row["step"], f"is already the name of row {seen[row['step']]}",
                                    "give every step its own name", "integrity"))
        seen.setdefault(row["step"], n)
        for col, table, ids in (("event_ids", ds.events, split_ids(row["event_ids"])),
                                ("source_ids", ds.sources, split_ids(row["source_ids"]))):
            for i in ids:
                if i not in table.index:
                    file = "events.csv" if col == "event_ids" else "sources.csv"
                    problems.append(Problem(name, n, col, i, f"is not an id in {file}",
                                            f"use an id of {file} (separate ids with ';')", "integrity"))
            row[col] = ids
        steps.append(row)
    if not steps and not problems:
        problems.append(Problem(name, None, None, None, "has no steps", "add one row per step under the header",
                                "schema"))
    if problems:
        raise DataError.from_problems(problems)
    return pd.DataFrame(steps, columns=list(STORY_COLUMNS))


def step_window(ds: Dataset, event_ids, months: int = 5, min_months: int = 16) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Dates to show around a step's events: ``months`` either side, at least ``min_months`` wide,
    moved (not shrunk) to stay within a month of the first and last events of ``ds``.

    >>> import gcm_explore as gx
    >>> [str(d.date()) for d in step_window(gx.load_dataset(), ["nyd_summit"])]
    ['2016-08-12', '2017-12-13']
    """
    ev = ds.events.loc[list(event_ids)]
    lo, hi = ev["start"].min(), ev["end"].fillna(ev["start"]).max()
    mid = lo + (hi - lo) / 2
    half = max((hi - lo) / 2 + pd.Timedelta(days=30.5 * months), pd.Timedelta(days=30.5 * min_months / 2))
    first = ds.events["start"].min() - pd.Timedelta(days=38)
    last = ds.events["end"].fillna(ds.events["start"]).max() + pd.Timedelta(days=31)
    left, right = mid - half, mid + half
    if left < first:
        left, right = first, first + 2 * half
    elif right > last:
        left, right = last - 2 * half, last
    return left.normalize(), right.normalize()


def step_actors(ds: Dataset, event_ids, lang: str = "en", n: int = 8) -> list[str]:
    """Names of the actors of a step's events with a leading role (host, chair, …), most roles first."""
    part = ds.participation[ds.participation["event_id"].isin(list(event_ids))
                            & ds.participation["role"].isin(ROLE_RANK[:-3])]
    rank = {r: i for i, r in enumerate(ROLE_RANK)}
    order = part.assign(r=part["role"].map(rank)).groupby("actor_id")["r"].agg(["min", "size"])
    order = order.sort_values(["min", "size"], ascending=[True, False]).index[:n]
    names = ds.actors[f"short_{lang}"].fillna(ds.actors[f"name_{lang}"])
    return [str(names.get(a, a)) for a in order]


def step_title(ds: Dataset, event_ids, lang: str = "en") -> str:
    """A step's heading: its milestone's title (the last if several), else the name of the process
    all its events belong to, else the title of its first event.

    >>> import gcm_explore as gx
    >>> ds = gx.load_dataset()
    >>> step_title(ds, ["ts1", "ts2"]), step_title(ds, ["us_withdrawal", "puerto_vallarta"], "ar")
    ('Phase I: consultations', 'اجتماع التقييم التحضيري في بويرتو فايارتا')
    """
    ev = ds.events.loc[list(event_ids)]
    key = [e for e in ev.index if e in MILESTONES]
    if key:
        return str(ev.loc[key[-1], f"title_{lang}"])
    processes = ev["process_id"].dropna().unique()
    if len(processes) == 1 and len(ev) > 1 and processes[0] in ds.processes.index:
        return str(ds.processes.loc[processes[0], f"name_{lang}"])
    return str(ev.iloc[0][f"title_{lang}"])


def step_date(ds: Dataset, event_ids, lang: str = "en") -> str:
    """The dates a step covers, each at its precision: '4–6 December 2017', 'July – November 2018'.

    >>> import gcm_explore as gx
    >>> ds = gx.load_dataset()
    >>> step_date(ds, ["hungary_withdrawal", "poland_withdrawal"]), step_date(ds, ["ts1", "ts2"], "ar")
    ('18 July – 20 November 2018', '8–23 مايو 2017')
    """
    ev = ds.events.loc[list(event_ids)]
    lo, hi = ev["start"].min(), ev["end"].fillna(ev["start"]).max()
    if (ev["date_precision"] == "day").all():
        return format_span(lo, hi, "day", lang)
    precision = "year" if (ev["date_precision"] == "year").all() else "month"
    first, last = format_date(lo, precision, lang), format_date(hi, precision, lang)
    if first == last:
        return first
    if precision == "month" and lo.year == hi.year:
        first = first.rsplit(" ", 1)[0]
    return f"{first} – {last}"
