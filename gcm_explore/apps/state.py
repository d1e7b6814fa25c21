"""What the Explorer shows, as a plain value: the language, the date or the window of dates, the
selection, the "connect to" target and the filters; to and from a URL query.

No widgets here: :class:`ExplorerState` is what the Explorer's controls say at one moment, and
the Explorer draws one. It is tested, copied and compared like any value.

>>> import gcm_explore as gx
>>> ds = gx.load_dataset()
>>> s = ExplorerState.start(ds).changed(ds, lang="ar", as_of="2017-12-31", select="iom")
>>> s.query()
'lang=ar&date=2017-12&select=iom'
>>> ExplorerState.start(ds).changed(ds, **parse_state(s.query())) == s
True
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

import pandas as pd

from ..compat import legacy
from ..model.dataset import Dataset
from ..model.selection import kind_of
from ..model.vocab import ACTOR_TYPES, LANGS, REGIONS
from ..views.map import LAYERS

__all__ = ["ExplorerState", "months_of", "parse_state", "query_state", "STATE_MODES"]

#: How the network shows the Member States: those that did more than vote (the default), or all, by region.
STATE_MODES = ("active", "all")


def months_of(ds: Dataset) -> tuple[pd.Timestamp, ...]:
    """The first day of every month from the first event to the end of the last."""
    ev = ds.events
    last = ev["end"].fillna(ev["start"]).max()
    return tuple(pd.date_range(ev["start"].min().to_period("M").start_time, last.to_period("M").start_time, freq="MS"))


@dataclass(frozen=True)
class ExplorerState:
    """The Explorer's state. ``month`` and ``span`` are indexes into ``months`` (see :func:`months_of`);
    ``mode`` is 'as_of' (everything up to ``month``) or 'range' (the events of ``span``)."""

    months: tuple
    lang: str = "en"
    mode: str = "as_of"
    month: int = 0
    span: tuple[int, int] = (0, 0)
    selected: str | None = None
    target: str | None = None
    types: tuple = ()
    region: str = ""
    process: str = ""
    objective: int = 0
    hops: int = 0
    layer: str = LAYERS[0]
    states: str = STATE_MODES[0]

    @classmethod
    def start(cls, ds: Dataset, lang: str = "en") -> ExplorerState:
        """The whole record up to its last month, nothing selected or filtered."""
        months = months_of(ds)
        return cls(months=months, lang=lang, month=len(months) - 1, span=(0, len(months) - 1))

    @property
    def as_of(self) -> pd.Timestamp:
        """The date shown: the last day of the month shown (in range mode, of the range's end)."""
        month = self.month if self.mode == "as_of" else self.span[1]
        return self.months[month] + pd.offsets.MonthEnd(0)

    @property
    def window(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """In range mode, the first and the last day shown; None in "as of" mode."""
        if self.mode != "range":
            return None
        return self.months[self.span[0]], self.months[self.span[1]] + pd.offsets.MonthEnd(0)

    @property
    def filters(self) -> tuple:
        """The filters' values: actor types, region, process, objective (empty when unset)."""
        return self.types, self.region, self.process, self.objective

    def month_index(self, date) -> int:
        """The index of the month of ``date`` (the first month for a date before the record)."""
        month = pd.Timestamp(date).to_period("M").start_time
        return max((i for i, m in enumerate(self.months) if m <= month), default=0)

    @legacy(renamed={"as_range": "window"})
    def changed(self, ds: Dataset, lang=None, as_of=None, window=None, select=None, connect=None, types=None,
                region=None, process=None, objective=None, hops=None, layer=None,
                states=None) -> ExplorerState:
        """This state with the parts given changed (what :func:`parse_state` reads from a query);
        unknown ids and values are ignored. ``window=(start, end)`` shows a range of months
        (``as_range`` is its old name)."""
        new: dict = {}
        if lang in LANGS:
            new["lang"] = lang
        if types is not None:
            new["types"] = tuple(x for x in types if x in ACTOR_TYPES)
        if region is not None:
            new["region"] = region if region in REGIONS else ""
        if process is not None:
            new["process"] = process if process in ds.processes.index else ""
        if objective is not None:
            new["objective"] = objective if objective in set(ds.objectives["number"]) else 0
        if hops is not None:
            new["hops"] = max(0, min(int(hops or 0), 3))
        if layer in LAYERS:
            new["layer"] = layer
        if states in STATE_MODES:
            new["states"] = states
        if window is not None:
            new["mode"], new["span"] = "range", tuple(sorted(self.month_index(x) for x in window))
        elif as_of is not None:
            new["mode"], new["month"] = "as_of", self.month_index(as_of)
        if select is not None:
            new["selected"] = select if kind_of(ds, select) else None
        if connect is not None:
            new["target"] = connect if kind_of(ds, connect) in ("actor", "process") else None
        return dataclasses.replace(self, **new)

    def query(self) -> str:
        """The URL query of this state, e.g. ``lang=ar&date=2018-12&select=iom``."""
        window = self.window
        return query_state(lang=self.lang, date=None if window else self.as_of.strftime("%Y-%m"),
                           range=[d.strftime("%Y-%m") for d in window] if window else None,
                           select=self.selected, connect=self.target, types=list(self.types),
                           region=self.region, process=self.process, objective=self.objective,
                           hops=self.hops, layer=self.layer if self.layer != LAYERS[0] else None,
                           states=self.states if self.states != STATE_MODES[0] else None)


def query_state(**state) -> str:
    """A URL query for the Explorer's state (empty values left out)."""
    return urlencode({k: (",".join(map(str, v)) if isinstance(v, (list, tuple, set)) else v)
                      for k, v in state.items() if v not in (None, "", (), [], set(), 0)})


def parse_state(query: str | None) -> dict:
    """The Explorer's state from a URL query (unknown keys and bad values ignored): the keyword
    arguments of :meth:`ExplorerState.changed` and of the Explorer.

    >>> parse_state("lang=ar&range=2017-04,2018-07&objective=5&layer=champion&connect=iom&select=gcm")
    ... # doctest: +NORMALIZE_WHITESPACE
    {'lang': 'ar', 'window': (Timestamp('2017-04-01 00:00:00'), Timestamp('2018-07-01 00:00:00')),
     'select': 'gcm', 'connect': 'iom', 'objective': 5, 'layer': 'champion'}
    """
    raw = {k: v[-1] for k, v in parse_qs((query or "").lstrip("?")).items()}
    state = {}
    if raw.get("lang") in LANGS:
        state["lang"] = raw["lang"]
    if "date" in raw:
        try:
            state["as_of"] = pd.Timestamp(raw["date"])
        except (ValueError, TypeError):
            pass
    if "range" in raw:
        try:
            start, end = (pd.Timestamp(x) for x in raw["range"].split(","))
            state["window"] = (min(start, end), max(start, end))
        except (ValueError, TypeError):
            pass
    for key in ("select", "region", "connect", "process"):
        if raw.get(key):
            state[key] = raw[key]
    if raw.get("types"):
        state["types"] = [x for x in raw["types"].split(",") if x in ACTOR_TYPES or x == "process"]
    if raw.get("hops", "").isdigit():
        state["hops"] = min(int(raw["hops"]), 3)
    if raw.get("objective", "").isdigit():
        state["objective"] = int(raw["objective"])
    if raw.get("layer") in LAYERS:
        state["layer"] = raw["layer"]
    if raw.get("states") in STATE_MODES:
        state["states"] = raw["states"]
    return state
