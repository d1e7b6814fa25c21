"""The dataset: the tables of a GCM data package as pandas DataFrames, and where things live.

:class:`Dataset` is what every other part takes; :func:`gcm_explore.io.load.load_dataset` makes
one from a package on disk, after checking it.

>>> split_ids("a; b;c")
['a', 'b', 'c']
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import DataError, Problem

__all__ = ["Dataset", "TABLES", "DATE_COLUMNS", "bundled_path", "split_ids", "cell_text", "cell_date",
           "cache_dir"]

#: The tables of a package and the key each frame is indexed by.
TABLES = {
    "sources": "id",
    "actors": "id",
    "processes": "id",
    "events": "id",
    "participation": None,
    "relations": None,
    "objectives": "number",
    "objective_links": None,
    "principles": "number",
}
DATE_COLUMNS = {"events": ("start", "end"), "processes": ("start", "end"), "relations": ("start", "end")}

def bundled_path() -> Path:
    """Folder of the data package that ships with gcm_explore."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_data", package.parent / "data"):
        if (candidate / "datapackage.json").exists():
            return candidate
    raise DataError([Problem("datapackage.json", None, None, None, "the bundled data package is not installed",
                             "reinstall gcm_explore, or pass the path of a package to load_dataset(path)", "file")])


def cell_text(value: object) -> str:
    """A cell as text: empty or missing → ``""``."""
    return "" if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) else str(value)


def cell_date(value: object) -> pd.Timestamp | None:
    """A cell as a date: empty or missing → None."""
    if value is None or value is pd.NaT or (not isinstance(value, pd.Timestamp) and pd.isna(value)):
        return None
    return pd.Timestamp(value)


def split_ids(text: object) -> list[str]:
    """``'a; b;c'`` → ``['a', 'b', 'c']``; empty or missing → ``[]``."""
    if text is None or (isinstance(text, float) and pd.isna(text)) or text is pd.NA:
        return []
    return [part.strip() for part in str(text).split(";") if part.strip()]


@dataclass
class Dataset:
    """The tables of a GCM data package as pandas DataFrames.

    ``events``, ``actors``, ``processes`` and ``sources`` are indexed by ``id``, ``objectives``
    and ``principles`` by ``number``; ``participation``, ``relations`` and ``objective_links`` have a plain index.
    Date columns (``start``, ``end``) are pandas datetimes (an ``end`` given as a month or a
    year is its last day); ``events.date_precision`` tells how precise ``start`` is.
    """

    sources: pd.DataFrame
    actors: pd.DataFrame
    processes: pd.DataFrame
    events: pd.DataFrame
    participation: pd.DataFrame
    relations: pd.DataFrame
    objectives: pd.DataFrame
    objective_links: pd.DataFrame
    principles: pd.DataFrame = field(default_factory=pd.DataFrame)
    path: Path | None = None
    descriptor: dict = field(default_factory=dict, repr=False)

    def summary(self) -> dict[str, int]:
        """Row counts per table."""
        return {name: len(getattr(self, name)) for name in TABLES}

    def __repr__(self) -> str:
        counts = ", ".join(f"{n} {name}" for name, n in self.summary().items())
        return f"<Dataset {self.path}: {counts}>"

    def label(self, node_id: str, lang: str = "en") -> str:
        """The name of an actor, process or event in ``lang`` ('en' or 'ar')."""
        for table, col in (("actors", "name"), ("processes", "name"), ("events", "title")):
            frame = getattr(self, table)
            if node_id in frame.index:
                return str(frame.at[node_id, f"{col}_{lang}"])
        raise KeyError(node_id)


def cache_dir() -> Path:
    """Where gcm-explore keeps what it can compute again: ``GCM_EXPLORE_CACHE``, else
    ``$XDG_CACHE_HOME/gcm-explore`` (``~/.cache/gcm-explore``)."""
    if os.environ.get("GCM_EXPLORE_CACHE"):
        return Path(os.environ["GCM_EXPLORE_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gcm-explore"


