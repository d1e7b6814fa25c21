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
import weakref
from collections import defaultdict

import networkx as nx
import pandas as pd

from .dataset import Dataset, split_ids
from .i18n import t
from .vocab import RELATION_KINDS, label

__all__ = ["build_network", "edge_kinds", "node_label", "node_short", "edge_label", "cached", "simple_graph",
           "DERIVED_KINDS", "EDGE_KINDS"]

#: Edge kinds made by :func:`build_network` from participation, beside the relation kinds of the data.
DERIVED_KINDS = ("participated", "took_part", "event_of", "co_participated")
#: Every edge kind :func:`build_network` can make, in the order of the legend.
EDGE_KINDS = (*DERIVED_KINDS, *RELATION_KINDS)


def _ts(value) -> pd.Timestamp | None:
    if value is None or value is pd.NaT or (not isinstance(value, pd.Timestamp) and pd.isna(value)):
        return None
    return pd.Timestamp(value)


def _records(frame: pd.DataFrame):
    """``(index, {column: value})`` for each row: what ``iterrows`` gives, many times faster."""
    return frame.to_dict("index").items()


def _text(value) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) else str(value)


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
    cutoff = _ts(pd.Timestamp(as_of)) if as_of is not None else None
    if kinds is not None:
        kinds = _check_kinds(kinds)
    if window is not None:
        G = _co_participation(ds, _window(window, cutoff), cutoff, include_events)
    else:
        G = _stakeholders(ds, cutoff, include_events)
    if kinds is not None:
        G.remove_edges_from([(u, v, k) for u, v, k, d in G.edges(keys=True, data=True) if d["kind"] not in kinds])
    if kinds is not None or cutoff is not None or window is not None:
        G.remove_nodes_from([n for n, d in G.nodes(data=True)
                             if G.degree(n) == 0 and (kinds is not None or d["kind"] != "process")])
    if kinds is not None or window is not None:  # else the activity _stakeholders set still holds
        _activity(G)
    _annotate(G, ds)
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


def _add_actors(G: nx.Graph, ds: Dataset) -> None:
    for aid, type_, en, ar, short_en, short_ar, region, iso3, sources in _columns(
            ds.actors, "type", "name_en", "name_ar", "short_en", "short_ar", "region", "iso3", "source_ids"):
        G.add_node(aid, kind="actor", type=type_, label_en=en, label_ar=ar, short_en=_text(short_en) or en,
                   short_ar=_text(short_ar) or ar, region=_text(region), iso3=_text(iso3), sources=split_ids(sources),
                   first_active=None, last_active=None)


def _add_events(G: nx.Graph, events: pd.DataFrame) -> None:
    for eid, e in _records(events):
        G.add_node(eid, kind="event", type="event", event_kind=e["kind"], label_en=e["title_en"],
                   label_ar=e["title_ar"], short_en=e["title_en"], short_ar=e["title_ar"], region="",
                   sources=split_ids(e["source_ids"]), first_active=e["start"],
                   last_active=_ts(e["end"]) or e["start"], process=_text(e["process_id"]))


def _stakeholders(ds: Dataset, cutoff, include_events: bool) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(as_of=cutoff)
    processes = list(_records(ds.processes))
    for pid, p in processes:
        if cutoff is not None and p["start"] > cutoff:
            continue
        G.add_node(pid, kind="process", type="process", process_kind=p["kind"],
                   label_en=p["name_en"], label_ar=p["name_ar"],
                   short_en=_text(p.get("short_en")) or p["name_en"], short_ar=_text(p.get("short_ar")) or p["name_ar"],
                   region="", sources=split_ids(p["source_ids"]), first_active=p["start"], last_active=_ts(p["end"]))
    _add_actors(G, ds)

    def alive(start, end) -> bool:
        if cutoff is None:
            return True
        return (start is None or start <= cutoff) and (end is None or end >= cutoff)

    def add(u, v, kind, start, end, sources, **extra):
        if u in G and v in G and alive(start, end):
            G.add_edge(u, v, key=kind if kind in DERIVED_KINDS else f"{kind}@{start}", kind=kind,
                       start=start, end=end, sources=sources, **extra)

    for _, u, v, kind, start, end, source in _columns(ds.relations, "source", "target", "kind", "start", "end", "source_id"):
        add(u, v, kind, _ts(start), _ts(end), [source])
    for pid, p in processes:
        if _text(p["parent_id"]):
            add(pid, p["parent_id"], "part_of", p["start"], None, split_ids(p["source_ids"]))

    events = ds.events if cutoff is None else ds.events[ds.events["start"] <= cutoff]
    part = ds.participation.merge(events[["start", "end", "process_id"]], left_on="event_id", right_index=True)
    if include_events:
        _add_events(G, events)
        for eid, e in _records(events):
            if _text(e["process_id"]):
                add(eid, e["process_id"], "event_of", e["start"], None, split_ids(e["source_ids"]))
        for (actor, event), rows in part.groupby(["actor_id", "event_id"], sort=False):
            first = rows.iloc[0]
            # a participation stays part of the record after the event ends (the event keeps its dates)
            add(actor, event, "took_part", first["start"], None, sorted(set(rows["source_id"])),
                events=[event], roles=sorted(set(rows["role"])), weight=1)
    else:
        part = part[part["process_id"].notna()]
        groups: dict[tuple, dict] = {}  # (actor, process) → its participation, in order of first appearance
        for actor, process, event, start, source, role in zip(part["actor_id"], part["process_id"], part["event_id"],
                                                              part["start"], part["source_id"], part["role"]):
            g = groups.setdefault((actor, process), {"events": {}, "sources": set(), "roles": set(),
                                                     "start": start, "last": start})
            g["events"][event] = None
            g["sources"].add(source)
            g["roles"].add(role)
            g["start"], g["last"] = min(g["start"], start), max(g["last"], start)
        for (actor, process), g in groups.items():
            add(actor, process, "participated", g["start"], None, sorted(g["sources"]), events=list(g["events"]),
                roles=sorted(g["roles"]), weight=len(g["events"]), last=g["last"])

    _activity(G)
    for aid, parent, sources in _columns(ds.actors, "parent_id", "source_ids"):  # a member from its first activity on
        parent = _text(parent)
        if parent and aid in G and parent in G:
            start = G.nodes[aid]["first_active"]
            if cutoff is None or (start is not None and start <= cutoff):
                G.add_edge(aid, parent, key="member_of@parent", kind="member_of", start=start, end=None,
                           sources=split_ids(sources))
                if start is not None and G.nodes[parent]["kind"] == "actor":  # active when its member is (as _activity finds)
                    d = G.nodes[parent]
                    d["first_active"] = start if d["first_active"] is None else min(d["first_active"], start)
                    d["last_active"] = start if d["last_active"] is None else max(d["last_active"], start)
    return G


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
    _add_actors(G, ds)
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


def _annotate(G: nx.Graph, ds: Dataset) -> None:
    """Set ``objectives``, ``processes`` and ``roles`` on every node."""
    parent = {pid: _text(p) for pid, p in ds.processes["parent_id"].items()}

    def lineage(pid: str) -> list[str]:
        out = []
        while pid and pid not in out:
            out.append(pid)
            pid = parent.get(pid, "")
        return out

    links = ds.objective_links
    direct: dict[str, set[int]] = defaultdict(set)
    for number, target in zip(links["objective"], links["target_id"]):
        direct[target].add(int(number))
    event_process = {e: _text(p) for e, p in ds.events["process_id"].items()}
    objectives: dict[str, set[int]] = defaultdict(set)
    processes: dict[str, set[str]] = defaultdict(set)
    roles: dict[str, set[str]] = defaultdict(set)
    for e, p in event_process.items():
        processes[e].update(lineage(p))
        for q in lineage(p):
            objectives[q] |= direct[e]
    for pid in ds.processes.index:
        processes[pid].update(lineage(pid))
    on_edges = _participations_on_edges(G)
    part = ds.participation
    for actor, event, role in zip(part["actor_id"], part["event_id"], part["role"]):
        if G.has_edge(actor, event) or (actor, event) in on_edges:
            roles[actor].add(role)
            objectives[actor] |= direct[event]
            processes[actor].update(lineage(event_process.get(event, "")))
    for u, v, d in G.edges(data=True):
        if d["kind"] not in DERIVED_KINDS and G.nodes[v]["kind"] == "process" and G.nodes[u]["kind"] == "actor":
            processes[u].update(lineage(v))
    for n, d in G.nodes(data=True):
        d["objectives"] = sorted(direct[n] | objectives[n])
        d["processes"] = sorted(processes[n])
        d["roles"] = sorted(roles[n])


def _participations_on_edges(G: nx.Graph) -> set[tuple]:
    """The ``(actor, event)`` pairs on an edge of the actor's in ``G`` (its out-edges if directed)."""
    pairs = set()
    for u, v, d in G.edges(data=True):
        for event in d.get("events", ()):
            pairs.add((u, event))
            if not G.is_directed():
                pairs.add((v, event))
    return pairs


def edge_kinds(G: nx.Graph) -> list[str]:
    """The edge kinds present in ``G``, in order of first appearance."""
    return list(dict.fromkeys(d.get("kind", "") for *_, d in G.edges(data=True)))


# --- caching and graph helpers -----------------------------------------------------------------

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def cached(G: nx.Graph, key: tuple, compute):
    """``compute()``, remembered for ``G`` and ``key`` while ``G`` lives and keeps its size."""
    store = _CACHE.setdefault(G, {})
    key = (*key, G.number_of_nodes(), G.number_of_edges())
    if key not in store:
        store[key] = compute()
    return store[key]


def simple_graph(G: nx.Graph) -> nx.Graph:
    """``G`` as a simple undirected graph; parallel edges merged, their ``weight`` (default 1) added up."""
    H = nx.Graph()
    H.add_nodes_from(G.nodes)
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        w = d.get("weight", 1)
        w = 1 if w is None else w
        if H.has_edge(u, v):
            H[u][v]["weight"] += w
        else:
            H.add_edge(u, v, weight=w)
    return H


# --- labels ---------------------------------------------------------------------------------------

def node_label(G: nx.Graph, n, lang: str = "en", attr: str | None = None) -> str:
    """The name of node ``n`` in ``lang``: its ``label_<lang>``, else ``label_en``, ``label``,
    ``name``, the node id; with ``attr``, that attribute (else the id). The one rule for every
    view and export.

    >>> G = nx.Graph([("a", "b")]); G.nodes["a"]["label_en"] = "Alpha"
    >>> node_label(G, "a", "ar"), node_label(G, "b")
    ('Alpha', 'b')
    """
    d = G.nodes[n]
    if attr is not None:
        return str(d.get(attr) or n)
    return str(d.get(f"label_{lang}") or d.get("label_en") or d.get("label") or d.get("name") or n)


def node_short(G: nx.Graph, n, lang: str = "en", attr: str | None = None) -> str:
    """A short name for a label on a drawing: ``short_<lang>`` if the node has one, else :func:`node_label`."""
    d = G.nodes[n]
    return str((d.get(f"short_{lang}") if attr is None else None) or node_label(G, n, lang, attr))


def edge_label(kind, lang: str = "en") -> str:
    """The words for an edge kind in ``lang``: ``edge_label("co_chairs", "en")`` → 'co-chairs'."""
    return t(kind, lang) if kind in DERIVED_KINDS else label(RELATION_KINDS, kind, lang)
