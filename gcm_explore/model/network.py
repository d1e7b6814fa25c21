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

Filters, neighbourhoods, paths and metrics are in :mod:`gcm_explore.model.analysis`.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

import networkx as nx
import pandas as pd

from .annotate import Lookups, annotate
from .anygraph import collector_paused, frozen_cached
from .dataset import Dataset, cell_text, split_ids
from .i18n import t
from .vocab import RELATION_KINDS, VOTE_ROLES, label

__all__ = ["build_network", "DatedNetwork", "edge_kinds", "edge_label",
           "DERIVED_KINDS", "EDGE_KINDS"]

#: Edge kinds made by :func:`build_network` from participation, beside the relation kinds of the data.
DERIVED_KINDS = ("participated", "took_part", "event_of", "co_participated")
#: Every edge kind :func:`build_network` can make, in the order of the legend.
EDGE_KINDS = (*DERIVED_KINDS, *RELATION_KINDS)


def _ts(value) -> pd.Timestamp | None:
    if value is None or value is pd.NaT or (not isinstance(value, pd.Timestamp) and pd.isna(value)):
        return None
    return pd.Timestamp(value)


def _ns(value) -> int | None:
    """A date (a Timestamp: every start is required by the package's schema) as an integer, its
    nanoseconds since 1970, to compare dates many times faster; None stays None."""
    return None if value is None else value.value


def _records(frame: pd.DataFrame):
    """``(index, {column: value})`` for each row: what ``iterrows`` gives, many times faster."""
    return frame.to_dict("index").items()


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
    cutoff = _ts(pd.Timestamp(as_of)) if as_of is not None else None
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
    start, end = (_ts(pd.Timestamp(x)) if x is not None else None for x in (start, end))
    if start is not None and end is not None and end < start:
        raise ValueError(f"`window` ends ({end.date()}) before it starts ({start.date()}): swap the two dates.")
    if cutoff is not None:
        end = cutoff if end is None else min(end, cutoff)
    return start, end


def _columns(frame: pd.DataFrame, *names: str):
    """The index of ``frame`` and its columns ``names``, zipped row by row: many times faster than
    a dict per row when a few columns are read."""
    return zip(frame.index, *(frame[n].tolist() for n in names))


def _actor_attrs(ds: Dataset) -> dict[str, dict]:
    """Each actor's node attributes (its activity not yet set)."""
    return {aid: dict(kind="actor", type=type_, label_en=en, label_ar=ar, short_en=cell_text(short_en) or en,
                      short_ar=cell_text(short_ar) or ar, region=cell_text(region), iso3=cell_text(iso3), sources=split_ids(sources),
                      first_active=None, last_active=None)
            for aid, type_, en, ar, short_en, short_ar, region, iso3, sources in _columns(
                ds.actors, "type", "name_en", "name_ar", "short_en", "short_ar", "region", "iso3", "source_ids")}


def _add_events(G: nx.Graph, events: pd.DataFrame) -> None:
    for eid, e in _records(events):
        G.add_node(eid, kind="event", type="event", event_kind=e["kind"], label_en=e["title_en"],
                   label_ar=e["title_ar"], short_en=e["title_en"], short_ar=e["title_ar"], region="",
                   sources=split_ids(e["source_ids"]), first_active=e["start"],
                   last_active=_ts(e["end"]) or e["start"], process=cell_text(e["process_id"]))


class DatedNetwork:
    """The network of :func:`build_network` at any date, for a view that shows many (the
    Explorer's slider): what does not depend on the date (the nodes' names and sources, the
    relations' dates, the participation grouped by actor and process, the processes' lineages) is
    read from the tables once, and each date then costs only its own graph.

    ``at(as_of)`` is ``build_network(ds, as_of=as_of)``, the same nodes, edges and attributes in the
    same order. The graphs of one ``DatedNetwork`` share the lists of their edges that did not
    change between them (``events``, ``roles``, ``sources``): copy one before changing it.

    >>> import gcm_explore as gx
    >>> net = DatedNetwork(gx.load_dataset())
    >>> G = net.at("2017-06-30")
    >>> "iom" in G, "antonio_vitorino" in G
    (True, False)
    """

    def __init__(self, ds: Dataset):
        self.ds = ds
        self.lookups = Lookups(ds)
        self._processes = [
            (pid, p["start"], cell_text(p["parent_id"]), split_ids(p["source_ids"]),
             dict(kind="process", type="process", process_kind=p["kind"], label_en=p["name_en"], label_ar=p["name_ar"],
                  short_en=cell_text(p.get("short_en")) or p["name_en"], short_ar=cell_text(p.get("short_ar")) or p["name_ar"],
                  region="", sources=split_ids(p["source_ids"]), first_active=p["start"], last_active=_ts(p["end"])))
            for pid, p in _records(ds.processes)]
        self._actors = _actor_attrs(ds)
        self._states = {a for a, d in self._actors.items() if d["type"] == "state"}
        self._members = [(aid, cell_text(parent), split_ids(sources))
                         for aid, parent, sources in _columns(ds.actors, "parent_id", "source_ids") if cell_text(parent)]
        # each relation with its dates, and the same as integers (nanoseconds) to compare them: many
        # times faster than pandas' Timestamps
        self._relations = [(u, v, kind, start, end, [source], _ns(start), _ns(end))
                           for _, u, v, kind, start, end, source in _columns(
                               ds.relations, "source", "target", "kind", "start", "end", "source_id")
                           for start, end in [(_ts(start), _ts(end))]]
        # the participation with its event's dates and process, in the order of the file
        self._part = ds.participation.merge(ds.events[["start", "end", "process_id"]], left_on="event_id", right_index=True)
        part = self._part[self._part["process_id"].notna()]
        rows: dict[tuple, list] = {}  # (actor, process) → its rows: (position, start, event, source, role, start in ns)
        for row in zip(range(len(part)), part["actor_id"], part["process_id"], part["start"], part["event_id"],
                       part["source_id"], part["role"], part["start"].to_numpy().astype("int64").tolist()):
            rows.setdefault(row[1:3], []).append((row[0], *row[3:]))
        # each pair's edge when every row of it counts (at the later dates), made once; its rows are
        # kept only if they have more than one date (else the edge is all there or not at all)
        self._groups = [(pair, g[0][0], min(r[5] for r in g), max(r[5] for r in g), _participation(g),
                         g if len({r[5] for r in g}) > 1 else None) for pair, g in rows.items()]

    def at(self, as_of=None, include_events: bool = False) -> nx.MultiDiGraph:
        """The network as it stood on ``as_of`` (None: everything), annotated as :func:`build_network` does."""
        with collector_paused():
            G, edges = self._made(_ts(pd.Timestamp(as_of)) if as_of is not None else None, include_events)
            annotate(G, self.ds, self.lookups, edges)
        return G

    def active(self, as_of=None, keep=()) -> tuple[nx.MultiDiGraph, frozenset]:
        """``at(as_of)`` without the Member States that only voted (``analysis.only_voted``) but those
        of ``keep``, and those Member States: what the Explorer draws, made without them, not cut."""
        voters: set = set()
        with collector_paused():
            G, edges = self._made(_ts(pd.Timestamp(as_of)) if as_of is not None else None, False, voters, set(keep))
            annotate(G, self.ds, self.lookups, edges)
        return G, frozenset(voters)

    def graph(self, cutoff: pd.Timestamp | None, include_events: bool) -> nx.MultiDiGraph:
        """The nodes and edges on ``cutoff`` with their activity (not yet annotated)."""
        return self._made(cutoff, include_events)[0]

    def _made(self, cutoff: pd.Timestamp | None, include_events: bool, voters: set | None = None,
              keep: set = frozenset()) -> tuple[nx.MultiDiGraph, list]:
        """:meth:`graph`, and its edges ``(u, v, data)`` in its order. With a set ``voters`` (no events),
        the Member States that only voted are put in it and left out, but those of ``keep`` (their
        participation, their only edges, gives no other node anything)."""
        processes = [p for p in self._processes if cutoff is None or not p[1] > cutoff]
        nodes = {p[0] for p in processes} | self._actors.keys()
        events = self.ds.events if cutoff is None else self.ds.events[self.ds.events["start"] <= cutoff]
        if include_events:
            nodes |= set(events.index)
        edges: list[tuple] = []
        at = _ns(cutoff)

        def alive(start, end) -> bool:  # in ns
            return at is None or ((start is None or start <= at) and (end is None or end >= at))

        def add(u, v, kind, start, end, sources, **extra):
            if u in nodes and v in nodes:
                edges.append((u, v, kind if kind in DERIVED_KINDS else f"{kind}@{start}",
                              dict(kind=kind, start=start, end=end, sources=sources, **extra)))

        for u, v, kind, start, end, sources, *span in self._relations:
            if alive(*span):
                add(u, v, kind, start, end, sources)
        for pid, start, parent, sources, _ in processes:
            if parent and alive(_ns(start), None):
                add(pid, parent, "part_of", start, None, sources)
        if include_events:
            for eid, process, start, sources in _columns(events, "process_id", "start", "source_ids"):
                if cell_text(process):
                    add(eid, process, "event_of", start, None, split_ids(sources))
            part = self._part if cutoff is None else self._part[self._part["start"] <= cutoff]
            for (actor, event), rows in part.groupby(["actor_id", "event_id"], sort=False):
                # a participation stays part of the record after the event ends (the event keeps its dates)
                add(actor, event, "took_part", rows["start"].iloc[0], None, sorted(set(rows["source_id"])),
                    events=[event], roles=sorted(set(rows["role"])), weight=1)
        dates: dict = defaultdict(list)
        for u, v, _, d in edges:  # an actor is active from its first dated edge to its last, either way
            if u in self._actors:
                dates[u] += (d["start"], d.get("last"), d["end"])
            if v in self._actors:
                dates[v] += (d["start"], d["end"])
        first, last = {}, {}
        for n, values in dates.items():
            if values := [x for x in values if x is not None]:
                first[n], last[n] = min(values), max(values)
        if not include_events:  # the many participation edges: an actor to a process, from "start" to "last"
            for _, (u, v), attrs in sorted(self._participated(cutoff), key=lambda x: x[0]):
                if u in nodes and v in nodes:  # attrs made once for every date the whole pair counts
                    edges.append((u, v, "participated", attrs))
                    start, end = attrs["start"], attrs["last"]
                    first[u] = start if u not in first else min(first[u], start)
                    last[u] = end if u not in last else max(last[u], end)

        def active(n, date):
            if date is not None and n in self._actors:
                first[n] = date if n not in first else min(first[n], date)
                last[n] = date if n not in last else max(last[n], date)

        for aid, parent, sources in self._members:  # a member from its first activity on
            if aid in nodes and parent in nodes:
                start = first.get(aid)
                if cutoff is None or (start is not None and start <= cutoff):
                    edges.append((aid, parent, "member_of@parent", dict(kind="member_of", start=start, end=None,
                                                                        sources=sources)))
                    active(parent, start)  # active when its member is

        if voters is not None and not include_events:
            voters |= self._voters(edges)
            if out := voters - set(keep):
                edges = [e for e in edges if e[0] not in out and e[1] not in out]
                nodes -= out
        linked = None if cutoff is None else {e[0] for e in edges}.union([e[1] for e in edges])
        G = nx.MultiDiGraph(as_of=cutoff)
        G.add_nodes_from((pid, dict(d)) for pid, *_, d in processes)
        G.add_nodes_from((aid, dict(d, first_active=first.get(aid), last_active=last.get(aid)))
                         for aid, d in self._actors.items() if aid in nodes and (linked is None or aid in linked))
        if include_events:
            _add_events(G, events if linked is None else events[events.index.isin(linked)])
        add_edge = G.add_edge  # what add_edges_from does for each edge, without its views of the graph
        for u, v, key, d in edges:
            add_edge(u, v, key, **d)
        return G, [(u, v, d) for u, v, _, d in edges]  # each data a copy of the graph's: the same values

    def _voters(self, edges: list) -> set:
        """The Member States of ``edges`` (``(u, v, key, data)``) whose roles in their participation are
        all votes and that no relation of the data links: ``only_voted`` of the annotated graph."""
        votes, roles, linked = set(VOTE_ROLES), defaultdict(set), set()
        for u, v, _, d in edges:
            if d["kind"] not in DERIVED_KINDS:
                linked.update((u, v))
            elif d["kind"] == "participated" and u in self._states:
                roles[u].update(d["roles"])
        return {a for a, r in roles.items() if r and r <= votes and a not in linked}

    def _participated(self, cutoff):
        """``(position, (actor, process), attributes)`` of each actor's participation in each process's
        events up to ``cutoff``: the edge's position is that of its first row that counts."""
        at = _ns(cutoff)
        for pair, first, earliest, latest, whole, rows in self._groups:
            if at is None or latest <= at:
                yield first, pair, whole
            elif earliest <= at and (rows := [r for r in rows if r[5] <= at]):
                yield rows[0][0], pair, _participation(rows)


def _participation(rows: list) -> dict:
    """The attributes of the edge of an actor's rows ``(position, start, event, source, role)`` in a
    process's events."""
    events = list(dict.fromkeys(r[2] for r in rows))
    starts = [r[1] for r in rows]
    return dict(kind="participated", start=min(starts), end=None, sources=sorted({r[3] for r in rows}), events=events,
                roles=sorted({r[4] for r in rows}), weight=len(events), last=max(starts))


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
    G.add_nodes_from(_actor_attrs(ds).items())
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
        _add_events(G, events)
        for (actor, event), rows in part.groupby(["actor_id", "event_id"], sort=False):
            G.add_edge(actor, event, key="took_part", kind="took_part", start=events.at[event, "start"],
                       end=_ts(events.at[event, "end"]), events=[event], roles=sorted(set(rows["role"])), weight=1,
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
    return list(frozen_cached(G, ("kinds",), lambda: tuple(dict.fromkeys(
        d.get("kind", "") for *_, d in (G.edges(data=True) if edges is None else edges)))))


def edge_label(kind, lang: str = "en") -> str:
    """The words for an edge kind in ``lang``: ``edge_label("co_chairs", "en")`` → 'co-chairs'."""
    return t(kind, lang) if kind in DERIVED_KINDS else label(RELATION_KINDS, kind, lang)
