"""The network of actors and processes, as a plain networkx graph.

Nodes are actors (``kind='actor'``) and processes (``kind='process'``). Edges are the
time-bounded relations of the data, the nesting of processes and actors (``part_of`` and
``member_of``), and ``participated`` edges from an actor to the process of the events it
took part in (with the event ids and roles kept on the edge).

>>> import gcm_explore as gx
>>> G = gx.build_network(gx.load_dataset(), as_of="2017-06-30")
>>> G.nodes["iom"]["label_en"]
'International Organization for Migration'
>>> "antonio_vitorino" in G        # Director General of IOM only from October 2018
False
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from .data import Dataset, split_ids

__all__ = ["build_network", "edge_kinds", "layout"]


def _ts(value) -> pd.Timestamp | None:
    if value is None or value is pd.NaT or (not isinstance(value, pd.Timestamp) and pd.isna(value)):
        return None
    return pd.Timestamp(value)


def _text(value) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) else str(value)


def build_network(ds: Dataset, as_of=None) -> nx.MultiDiGraph:
    """Graph of the actors and processes of ``ds``, as they stood on ``as_of``.

    Parameters
    ----------
    ds : a :class:`~gcm_explore.data.Dataset`
    as_of : date-like or None. With a date, keep only the edges that had begun and not ended
        by then (participation counts the events that had begun), the processes that had
        begun, and the actors with at least one such edge. None keeps everything.

    Returns
    -------
    networkx.MultiDiGraph, edges keyed by their kind. Node attributes: ``kind`` ('actor' or
    'process'), ``type``, ``label_en``, ``label_ar``, ``short_en``, ``short_ar``, ``region``,
    ``sources`` (list of source ids), ``first_active``, ``last_active``. Edge attributes:
    ``kind``, ``start``, ``end``, ``sources``, and for 'participated' edges ``events``,
    ``roles`` and ``weight`` (number of events).
    """
    cutoff = _ts(pd.Timestamp(as_of)) if as_of is not None else None
    G = nx.MultiDiGraph(as_of=cutoff)

    for pid, p in ds.processes.iterrows():
        if cutoff is not None and p["start"] > cutoff:
            continue
        G.add_node(pid, kind="process", type="process", process_kind=p["kind"],
                   label_en=p["name_en"], label_ar=p["name_ar"],
                   short_en=_text(p.get("short_en")) or p["name_en"], short_ar=_text(p.get("short_ar")) or p["name_ar"],
                   region="", sources=split_ids(p["source_ids"]), first_active=p["start"], last_active=_ts(p["end"]))
    for aid, a in ds.actors.iterrows():
        G.add_node(aid, kind="actor", type=a["type"], label_en=a["name_en"], label_ar=a["name_ar"],
                   short_en=_text(a["short_en"]) or a["name_en"], short_ar=_text(a["short_ar"]) or a["name_ar"],
                   region=_text(a["region"]), iso3=_text(a["iso3"]), sources=split_ids(a["source_ids"]),
                   first_active=None, last_active=None)

    def alive(start, end) -> bool:
        if cutoff is None:
            return True
        return (start is None or start <= cutoff) and (end is None or end >= cutoff)

    def add(u, v, kind, start, end, sources, **extra):
        if u in G and v in G and alive(start, end):
            G.add_edge(u, v, key=kind if kind == "participated" else f"{kind}@{start}", kind=kind,
                       start=start, end=end, sources=sources, **extra)

    for _, r in ds.relations.iterrows():
        add(r["source"], r["target"], r["kind"], _ts(r["start"]), _ts(r["end"]), [r["source_id"]])
    for pid, p in ds.processes.iterrows():
        if _text(p["parent_id"]):
            add(pid, p["parent_id"], "part_of", p["start"], None, split_ids(p["source_ids"]))

    events = ds.events
    if cutoff is not None:
        events = events[events["start"] <= cutoff]
    part = ds.participation.merge(events[["start", "process_id"]], left_on="event_id", right_index=True)
    part = part[part["process_id"].notna()]
    for (actor, process), rows in part.groupby(["actor_id", "process_id"], sort=False):
        events_ = list(dict.fromkeys(rows["event_id"]))
        add(actor, process, "participated", rows["start"].min(), None, sorted(set(rows["source_id"])),
            events=events_, roles=sorted(set(rows["role"])), weight=len(events_), last=rows["start"].max())

    _activity(G)
    for aid, a in ds.actors.iterrows():  # an actor belongs to its parent from its first activity on
        parent = _text(a["parent_id"])
        if parent and aid in G and parent in G:
            start = G.nodes[aid]["first_active"]
            if cutoff is None or (start is not None and start <= cutoff):
                G.add_edge(aid, parent, key="member_of@parent", kind="member_of", start=start, end=None,
                           sources=split_ids(a["source_ids"]))
    if cutoff is not None:
        G.remove_nodes_from([n for n, d in G.nodes(data=True) if d["kind"] == "actor" and G.degree(n) == 0])
    _activity(G)
    return G


def _activity(G: nx.MultiDiGraph) -> None:
    """Set each actor's first and last active dates from its dated edges."""
    for n, d in G.nodes(data=True):
        if d["kind"] != "actor":
            continue
        dates = [x for _, _, e in G.edges(n, data=True) for x in (e.get("start"), e.get("last"), e.get("end"))
                 if x is not None]
        dates += [x for _, _, e in G.in_edges(n, data=True) for x in (e.get("start"), e.get("end")) if x is not None]
        d["first_active"] = min(dates) if dates else None
        d["last_active"] = max(dates) if dates else None


def edge_kinds(G: nx.Graph) -> list[str]:
    """The edge kinds present in ``G``, in order of first appearance."""
    return list(dict.fromkeys(d.get("kind", "") for *_, d in G.edges(data=True)))


def layout(G: nx.Graph, seed: int = 7) -> dict:
    """Node positions ``{node: (x, y)}``, the same for the same graph and seed.

    The largest connected part fills [-1, 1]²; nodes of the other parts (often single,
    unlinked actors) stand in rows along the bottom, so they do not squeeze the picture.
    Compute it once on the full graph and pass it to every filtered view, so that nodes keep
    their place when the filter changes.
    """
    if G.number_of_nodes() == 0:
        return {}
    simple = nx.Graph()
    simple.add_nodes_from(sorted(G.nodes, key=str))
    simple.add_edges_from((u, v) for u, v in G.edges() if u != v)
    parts = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(map(str, c))))
    main = simple.subgraph(parts[0])
    raw = nx.spring_layout(main, k=2.5 / main.number_of_nodes() ** 0.5, seed=seed, iterations=150)
    pos = {n: (float(x), float(y)) for n, (x, y) in nx.rescale_layout_dict(raw, scale=0.95).items()}
    rest = [n for part in parts[1:] for n in sorted(part, key=str)]
    per_row = max(12, int(len(rest) ** 0.5 * 3))
    for i, n in enumerate(rest):
        row, col = divmod(i, per_row)
        pos[n] = (-1.0 + 2.0 * (col + 0.5) / per_row, -1.05 - 0.07 * row)
    return pos
