"""The network of actors and processes, as a plain networkx graph; filters and layouts.

Nodes are actors (``kind='actor'``) and processes (``kind='process'``), and events
(``kind='event'``) when asked for. Edges are the time-bounded relations of the data, the
nesting of processes and actors (``part_of`` and ``member_of``), and ``participated`` edges
from an actor to the process of the events it took part in (with the event ids and roles kept
on the edge). With a date ``window`` the graph is instead the co-participation network of the
events in that window: actor–actor edges weighted by the events they shared.

>>> import gcm_explore as gx
>>> G = gx.build_network(gx.load_dataset(), as_of="2017-06-30")
>>> G.nodes["iom"]["label_en"]
'International Organization for Migration'
>>> "antonio_vitorino" in G        # Director General of IOM only from October 2018
False

The network at any date, read from the tables once for a view that shows many dates, is
:class:`~gcm_explore.model.dated.DatedNetwork`; filters, neighbourhoods, paths and metrics are in
:mod:`gcm_explore.model.analysis`.
"""

from __future__ import annotations

import itertools

import networkx as nx
import pandas as pd

from .annotate import annotate
from .anygraph import collector_paused, frozen_cached
from .dataset import Dataset, cell_date
from .dated import DatedNetwork, actor_attrs, add_events
from .i18n import t
from .vocab import DERIVED_KINDS, RELATION_KINDS, label

__all__ = ["build_network", "edge_kinds", "edge_label", "EDGE_KINDS"]

#: Every edge kind :func:`build_network` can make, in the order of the legend.
EDGE_KINDS = (*DERIVED_KINDS, *RELATION_KINDS)


def build_network(ds: Dataset, as_of=None, window=None, kinds=None, include_events: bool = False) -> nx.Graph:
    """Graph of the actors and processes of ``ds``, as they stood on ``as_of``.

    Parameters
    ----------
    ds : a :class:`~gcm_explore.model.dataset.Dataset`
    as_of : date-like or None. With a date, keep only the edges that had begun and not ended
        by then (participation counts the events that had begun), the processes that had
        begun, and the actors with at least one such edge. None keeps everything.
    window : ``(start, end)`` date-likes (either may be None for an open end), or None. With a
        window, build the *co-participation* network of the events that overlap it instead:
        one ``co_participated`` edge between two actors who took part in the same events,
        ``weight`` the number of those events and ``events`` their ids.
    kinds : edge kinds to keep (see :data:`EDGE_KINDS`), or None for all. Nodes left without
        an edge are dropped.
    include_events : add the events as nodes (``kind='event'``). The actor → process
        ``participated`` edges are then replaced by ``took_part`` (actor → event, with the
        roles) and ``event_of`` (event → process) edges.

    Returns
    -------
    networkx.MultiDiGraph, edges keyed by their kind (a ``networkx.MultiGraph`` with a
    ``window``). Node attributes: ``kind`` ('actor', 'process' or 'event'), ``type``,
    ``label_en``, ``label_ar``, ``short_en``, ``short_ar``, ``region``, ``sources`` (source
    ids), ``first_active``, ``last_active``, ``objectives`` (GCM objective numbers),
    ``processes`` (the processes a node belongs to or took part in, with their parents) and
    ``roles`` (an actor's roles in the events the graph counts).
    Edge attributes: ``kind``, ``start``, ``end``, ``sources``, and for edges made from
    participation ``events``, ``roles`` and ``weight`` (number of events).

    Examples
    --------
    >>> import gcm_explore as gx
    >>> ds = gx.load_dataset()
    >>> C = gx.build_network(ds, window=("2018-01-01", "2018-07-31"))
    >>> d = C.edges["jurg_lauber", "juan_jose_gomez_camacho", "co_participated"]
    >>> d["weight"] == len(d["events"]) > 0
    True
    >>> E = gx.build_network(ds, include_events=True, kinds=["took_part"])
    >>> sorted({d["kind"] for _, d in E.nodes(data=True)})
    ['actor', 'event']
    """
    with collector_paused():  # a graph of many objects that all live on: see collector_paused
        return _build(ds, as_of, window, kinds, include_events)


def _build(ds: Dataset, as_of, window, kinds, include_events: bool) -> nx.Graph:
    cutoff = cell_date(pd.Timestamp(as_of)) if as_of is not None else None
    if kinds is not None:
        kinds = _check_kinds(kinds)
    if window is not None:
        G = _co_participation(ds, _window(window, cutoff), cutoff, include_events)
    elif kinds is None:
        return DatedNetwork(ds).at(cutoff, include_events)
    else:
        G = DatedNetwork(ds).graph(cutoff, include_events)
    if kinds is not None:
        G.remove_edges_from([(u, v, k) for u, v, k, d in G.edges(keys=True, data=True) if d["kind"] not in kinds])
    if kinds is not None or cutoff is not None or window is not None:
        G.remove_nodes_from([n for n, d in G.nodes(data=True)
                             if G.degree(n) == 0 and (kinds is not None or d["kind"] != "process")])
    _activity(G)  # from the edges left (a window's, or those of the kinds asked for)
    annotate(G, ds)
    return G


def _check_kinds(kinds) -> set[str]:
    kinds = {kinds} if isinstance(kinds, str) else set(kinds)
    unknown = sorted(kinds - set(EDGE_KINDS))
    if unknown:
        raise ValueError(f"{unknown[0]!r} is not an edge kind (in `kinds`). Valid kinds are: {', '.join(EDGE_KINDS)}.")
    return kinds


def _window(window, cutoff) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    try:
        start, end = window
    except (TypeError, ValueError):
        raise ValueError(f"`window` must be a pair (start, end) of dates, got {window!r}.") from None
    start, end = (cell_date(pd.Timestamp(x)) if x is not None else None for x in (start, end))
    if start is not None and end is not None and end < start:
        raise ValueError(f"`window` ends ({end.date()}) before it starts ({start.date()}): swap the two dates.")
    if cutoff is not None:
        end = cutoff if end is None else min(end, cutoff)
    return start, end


def _co_participation(ds: Dataset, window, cutoff, include_events: bool) -> nx.MultiGraph:
    start, end = window
    ev = ds.events
    finish = ev["end"].fillna(ev["start"])
    keep = pd.Series(True, index=ev.index)
    if start is not None:
        keep &= finish >= start
    if end is not None:
        keep &= ev["start"] <= end
    events = ev[keep]
    G = nx.MultiGraph(as_of=cutoff, window=window)
    G.add_nodes_from(actor_attrs(ds).items())
    part = ds.participation[ds.participation["event_id"].isin(events.index)]
    pairs: dict[tuple, dict] = {}
    for eid, rows in part.groupby("event_id", sort=False):
        when = events.at[eid, "start"]
        sources = dict(zip(rows["actor_id"], rows["source_id"]))
        for a, b in itertools.combinations(sorted(set(rows["actor_id"])), 2):
            d = pairs.setdefault((a, b), {"events": [], "sources": set(), "start": when, "last": when})
            d["events"].append(eid)
            d["sources"].update((sources[a], sources[b]))
            d["start"], d["last"] = min(d["start"], when), max(d["last"], when)
    for (a, b), d in pairs.items():
        events_ = sorted(set(d["events"]), key=lambda e: (events.at[e, "start"], e))
        G.add_edge(a, b, key="co_participated", kind="co_participated", start=d["start"], end=None, last=d["last"],
                   events=events_, weight=len(events_), sources=sorted(d["sources"]))
    if include_events:
        add_events(G, events)
        for (actor, event), rows in part.groupby(["actor_id", "event_id"], sort=False):
            G.add_edge(actor, event, key="took_part", kind="took_part", start=events.at[event, "start"],
                       end=cell_date(events.at[event, "end"]), events=[event], roles=sorted(set(rows["role"])), weight=1,
                       sources=sorted(set(rows["source_id"])))
    return G


def _activity(G: nx.Graph) -> None:
    """Set each actor's first and last active dates from its dated edges."""
    for n, d in G.nodes(data=True):
        if d["kind"] != "actor":
            continue
        dates = [x for _, _, e in G.edges(n, data=True) for x in (e.get("start"), e.get("last"), e.get("end"))
                 if x is not None]
        if G.is_directed():
            dates += [x for _, _, e in G.in_edges(n, data=True) for x in (e.get("start"), e.get("end")) if x is not None]
        d["first_active"] = min(dates) if dates else None
        d["last_active"] = max(dates) if dates else None


def edge_kinds(G: nx.Graph, edges: list | None = None) -> list[str]:
    """The edge kinds present in ``G``, in order of first appearance (kept for a frozen ``G``);
    ``edges``: those of ``G`` (``(u, v, data)``), if the caller has read them."""
    return list(frozen_cached(G, ("kinds",), lambda: tuple(dict.fromkeys(  # e[-1], not *_, d: three times as fast
        [e[-1].get("kind", "") for e in (G.edges(data=True) if edges is None else edges)]))))


def edge_label(kind, lang: str = "en") -> str:
    """The words for an edge kind in ``lang``: ``edge_label("co_chairs", "en")`` → 'co-chairs'."""
    return t(kind, lang) if kind in DERIVED_KINDS else label(RELATION_KINDS, kind, lang)
