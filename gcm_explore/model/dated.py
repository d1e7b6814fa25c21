"""The network at any date, read from the tables once: :class:`DatedNetwork`, what the Explorer's
slider asks for month after month; and the nodes' attributes read from the tables, which
:func:`~gcm_explore.model.network.build_network` shares.

>>> import gcm_explore as gx
>>> actor_attrs(gx.load_dataset())["iom"]["type"]
'igo'
"""

from __future__ import annotations

import bisect

import networkx as nx
import numpy as np
import pandas as pd

from .annotate import Lookups, annotate
from .anygraph import GraphColumns, collector_paused, edge_list
from .dataset import Dataset, cell_date, cell_text, split_ids
from .vocab import DERIVED_KINDS, VOTE_ROLES

__all__ = ["DatedNetwork", "actor_attrs", "event_attrs", "add_events"]

#: Never and ever, as integer dates: when an edge whose end is not in the record is drawn from, and
#: when one with no start (or between actors only) is.
_NEVER, _EVER = np.iinfo(np.int64).max, np.iinfo(np.int64).min


def _ns(value) -> int | None:
    """A date (a Timestamp: every start is required by the package's schema) as an integer, its
    nanoseconds since 1970, to compare dates many times faster; None stays None."""
    return None if value is None else value.value


def _records(frame: pd.DataFrame):
    """``(index, {column: value})`` for each row: what ``iterrows`` gives, many times faster."""
    return frame.to_dict("index").items()


def _columns(frame: pd.DataFrame, *names: str):
    """The index of ``frame`` and its columns ``names``, zipped row by row: many times faster than
    a dict per row when a few columns are read."""
    return zip(frame.index, *(frame[n].tolist() for n in names))


def actor_attrs(ds: Dataset) -> dict[str, dict]:
    """Each actor's node attributes (its activity not yet set)."""
    return {aid: dict(kind="actor", type=type_, label_en=en, label_ar=ar, short_en=cell_text(short_en) or en,
                      short_ar=cell_text(short_ar) or ar, region=cell_text(region), iso3=cell_text(iso3), sources=split_ids(sources),
                      first_active=None, last_active=None)
            for aid, type_, en, ar, short_en, short_ar, region, iso3, sources in _columns(
                ds.actors, "type", "name_en", "name_ar", "short_en", "short_ar", "region", "iso3", "source_ids")}


def event_attrs(events: pd.DataFrame) -> dict[str, dict]:
    """The node attributes of each event of ``events``, active from its start to its end."""
    return {eid: dict(kind="event", type="event", event_kind=e["kind"], label_en=e["title_en"], label_ar=e["title_ar"],
                      short_en=e["title_en"], short_ar=e["title_ar"], region="", sources=split_ids(e["source_ids"]),
                      first_active=e["start"], last_active=cell_date(e["end"]) or e["start"], process=cell_text(e["process_id"]))
            for eid, e in _records(events)}


def add_events(G: nx.Graph, events: pd.DataFrame) -> None:
    """Add each event of ``events`` to ``G`` as a node (see event_attrs)."""
    G.add_nodes_from(event_attrs(events).items())


class DatedNetwork:
    """The network of :func:`~gcm_explore.model.network.build_network` at any date, for a view that shows many (the
    Explorer's slider): what does not depend on the date (the nodes' names and sources, the
    relations' dates, the participation grouped by actor and process, the processes' lineages) is
    read from the tables once, and each date then costs only its own graph.

    ``at(as_of)`` is ``build_network(ds, as_of=as_of)``, the same nodes, edges and attributes in the
    same order. The graphs of one ``DatedNetwork`` share the lists of their edges that did not
    change between them (``events``, ``roles``, ``sources``): copy one before changing it. Its
    columns (:meth:`active_columns`, what the Explorer draws) share the edges' and nodes'
    attribute dicts themselves.

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
                  region="", sources=split_ids(p["source_ids"]), first_active=p["start"], last_active=cell_date(p["end"])))
            for pid, p in _records(ds.processes)]
        self._actors = actor_attrs(ds)
        self._members = [(aid, cell_text(parent), split_ids(sources))
                         for aid, parent, sources in _columns(ds.actors, "parent_id", "source_ids") if cell_text(parent)]
        # each relation with its dates, and the same as integers (nanoseconds) to compare them: many
        # times faster than pandas' Timestamps
        self._relations = [(u, v, kind, start, end, [source], _ns(start), _ns(end))
                           for _, u, v, kind, start, end, source in _columns(
                               ds.relations, "source", "target", "kind", "start", "end", "source_id")
                           for start, end in [(cell_date(start), cell_date(end))]]
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
        # as arrays, so that what counts at a date is found at once: each actor by its index (_names),
        # each relation's edge (made once) with the dates it is drawn from (its start, and its ends'
        # own: a process's start) and until (its end), and the dates it gives its actors
        opens = {pid: _ns(start) for pid, start, *_ in self._processes}
        self._index = {a: i for i, a in enumerate(self._actors)}
        self._names = np.array(list(self._actors), dtype=object)
        self._is_state = np.array([d["type"] == "state" for d in self._actors.values()], dtype=bool)

        def opening(n) -> int:  # the date node n is in the graph from
            return _EVER if n in self._actors else opens.get(n, _NEVER)

        self._rel_edges = np.empty(len(self._relations), dtype=object)
        dated: list[tuple] = []  # (relation, actor, date in ns)
        for i, (u, v, kind, start, end, sources, s_ns, e_ns) in enumerate(self._relations):
            self._rel_edges[i] = (u, v, kind if kind in DERIVED_KINDS else f"{kind}@{start}",
                                  dict(kind=kind, start=start, end=end, sources=sources))
            dated += [(i, self._index[n], x) for n in (u, v) if n in self._actors for x in (s_ns, e_ns) if x is not None]
        self._rel_known = np.array([max(opening(r[0]), opening(r[1])) < _NEVER for r in self._relations], dtype=bool)
        self._rel_from = np.array([max(opening(r[0]), opening(r[1]), _EVER if r[6] is None else r[6])
                                   for r in self._relations], dtype=np.int64)
        self._rel_until = np.array([_NEVER if r[7] is None else r[7] for r in self._relations], dtype=np.int64)
        self._rel_dated = tuple(np.array(c, dtype=np.int64).reshape(-1) for c in (zip(*dated) if dated else ((), (), ())))
        # the actor-process pairs: their first and last dates (ns), their whole edges, the positions
        # of their first rows, their actors, whether any of their roles is not a vote, and the dates
        # their edges are drawn from (their processes' starts; never if an end is not in the record)
        self._earliest = np.array([g[2] for g in self._groups], dtype=np.int64)
        self._latest = np.array([g[3] for g in self._groups], dtype=np.int64)
        self._edges = np.empty(len(self._groups), dtype=object)
        for i, ((u, v), _, _, _, whole, _) in enumerate(self._groups):
            self._edges[i] = (u, v, "participated", whole)
        self._positions = np.array([g[1] for g in self._groups], dtype=np.int64)
        self._who = np.array([self._index.get(u, 0) for (u, _), *_ in self._groups], dtype=np.int64)
        self._other_roles = np.array([not set(g[4]["roles"]) <= set(VOTE_ROLES) for g in self._groups], dtype=bool)
        self._opens = np.array([opens.get(v, _NEVER) if u in self._actors else _NEVER for (u, v), *_ in self._groups],
                               dtype=np.int64)
        # each date as the Timestamp it is in the tables, by its integer
        self._stamps = dict(zip(part["start"].to_numpy().astype("int64").tolist(), part["start"]))
        self._stamps.update((r[6 + j], r[3 + j]) for r in self._relations for j in (0, 1) if r[6 + j] is not None)
        # the dates the network can change on (see epoch): every start (a participation's is its
        # event's) and every relation's end, as integers
        self._dates = sorted({_ns(d) for d in (*(p[1] for p in self._processes), *ds.events["start"],
                                               *(r[3] for r in self._relations), *(r[4] for r in self._relations))
                              if d is not None})
        self._ends = sorted({r[7] for r in self._relations if r[7] is not None})
        # what is made for some dates, kept for the others: a process's edge to its parent, a
        # member's edge by its start, a pair's partial edge by its rows that count, an actor's
        # attributes by its dates. The months share them (and so the hovers drawn of them)
        self._kept: dict = {}

    def _keep(self, key: tuple, make, *args):
        """``make(*args)``, kept by ``key`` (see _kept)."""
        if (kept := self._kept.get(key)) is None:
            kept = self._kept[key] = make(*args)
        return kept

    def at(self, as_of=None, include_events: bool = False) -> nx.MultiDiGraph:
        """The network as it stood on ``as_of`` (None: everything), annotated as :func:`~gcm_explore.model.network.build_network` does."""
        with collector_paused():
            made = self._made(cell_date(pd.Timestamp(as_of)) if as_of is not None else None, include_events)
            G = made.to_graph()
            annotate(G, self.ds, self.lookups, made.edges)
        return G

    def epoch(self, as_of) -> tuple[int, int]:
        """The network's key on ``as_of``: how many of the record's dates are not after it, and how
        many relations ended before it. Two dates with the same key have the same network (the
        same nodes, edges and attributes; only the graph's ``as_of`` differs), so a view of many
        dates makes and draws it once: in the bundled record, 31 of the slider's 117 months show
        the network of the month before.

        >>> import gcm_explore as gx
        >>> net = DatedNetwork(gx.load_dataset())
        >>> net.epoch("2016-09-19") == net.epoch("2016-09-18")
        False
        """
        at = _ns(cell_date(pd.Timestamp(as_of)))
        return bisect.bisect_right(self._dates, at), bisect.bisect_left(self._ends, at)

    def active(self, as_of=None, keep=(), annotated: bool = True) -> tuple[nx.MultiDiGraph, frozenset]:
        """``at(as_of)`` without the Member States that only voted (``analysis.only_voted``) but those
        of ``keep``, and those Member States: what the Explorer draws, made without them, not cut.
        With ``annotated=False``, the nodes' ``objectives``, ``processes`` and ``roles`` are not set
        yet (:meth:`annotate` sets them): what drawing the graph reads is all there, faster."""
        with collector_paused():
            made, voters = self.active_columns(as_of, keep)
            G = made.to_graph()
            if annotated:
                annotate(G, self.ds, self.lookups, made.edges)
        return G, voters

    def active_columns(self, as_of=None, keep=()) -> tuple[GraphColumns, frozenset]:
        """:meth:`active`'s graph, not annotated, as :class:`~gcm_explore.model.anygraph.GraphColumns`
        (the networkx graph is not built: what the Explorer draws a month from), and the Member
        States left out. Read it only: its edges' attributes are those of every date's."""
        voters: set = set()
        with collector_paused():
            made = self._made(cell_date(pd.Timestamp(as_of)) if as_of is not None else None, False, voters, set(keep))
        return made, frozenset(voters)

    def annotate(self, G: nx.MultiDiGraph) -> None:
        """Set the ``objectives``, ``processes`` and ``roles`` of a graph :meth:`active` made without them."""
        with collector_paused():
            annotate(G, self.ds, self.lookups, edge_list(G))

    def graph(self, cutoff: pd.Timestamp | None, include_events: bool) -> nx.MultiDiGraph:
        """The nodes and edges on ``cutoff`` with their activity (not yet annotated)."""
        return self._made(cutoff, include_events).to_graph()

    def _made(self, cutoff: pd.Timestamp | None, include_events: bool, voters: set | None = None,
              keep: set = frozenset()) -> GraphColumns:
        """:meth:`graph` as columns. With a set ``voters`` (no events),
        the Member States that only voted are put in it and left out, but those of ``keep`` (their
        participation, their only edges, gives no other node anything)."""
        processes = [p for p in self._processes if cutoff is None or not p[1] > cutoff]
        nodes = {p[0] for p in processes} | self._actors.keys()
        events = None
        if include_events:
            events = self.ds.events if cutoff is None else self.ds.events[self.ds.events["start"] <= cutoff]
            nodes |= set(events.index)
        at = _ns(cutoff)
        alive = self._rel_known if at is None else (self._rel_from <= at) & (self._rel_until >= at)
        edges: list[tuple] = self._rel_edges[alive].tolist()
        n_relations = len(edges)

        def add(u, v, kind, start, end, sources, **extra):
            if u in nodes and v in nodes:
                edges.append(_edge(u, v, kind, start, end, sources, **extra))

        for pid, start, parent, sources, _ in processes:
            if parent in nodes:
                edges.append(self._keep(("part_of", pid), _edge, pid, parent, "part_of", start, None, sources))
        if include_events:
            for eid, process, start, sources in _columns(events, "process_id", "start", "source_ids"):
                if cell_text(process):
                    add(eid, process, "event_of", start, None, split_ids(sources))
            part = self._part if cutoff is None else self._part[self._part["start"] <= cutoff]
            for (actor, event), rows in part.groupby(["actor_id", "event_id"], sort=False):
                # a participation stays part of the record after the event ends (the event keeps its dates)
                add(actor, event, "took_part", rows["start"].iloc[0], None, sorted(set(rows["source_id"])),
                    events=[event], roles=sorted(set(rows["role"])), weight=1)
        # an actor is active from its first dated edge to its last, either way: the relations' dates
        # (found at once: _rel_dated), those of the edges just added, and below the participation's
        _, who, when = (c[alive[self._rel_dated[0]]] for c in self._rel_dated)
        added = [(self._index[n], x) for u, v, _, d in edges[n_relations:]
                 for n, xs in ((u, (d["start"], d.get("last"), d["end"])), (v, (d["start"], d["end"])))
                 if n in self._actors for x in xs if x is not None]
        self._stamps.update((_ns(x), x) for _, x in added)
        whos = [who, np.array([a for a, _ in added], dtype=np.int64)]
        whens = [when, np.array([_ns(x) for _, x in added], dtype=np.int64)]
        # the many participation edges: an actor to a process, from "start" to "last" (their attributes
        # made once for every date the whole pair counts); the members' edges come after them
        others, voting = list(edges), set()
        if not include_events:
            participated, pairs, earliest, latest, other_roles = self._participated(at)
            whos += [pairs, pairs]
            whens += [earliest, latest]
            # the Member States with a participation, all of whose roles in it are votes
            with_other, with_any = np.zeros(len(self._names), dtype=bool), np.zeros(len(self._names), dtype=bool)
            np.logical_or.at(with_other, pairs, other_roles)
            with_any[pairs] = True
            voting = set(self._names[with_any & ~with_other & self._is_state].tolist())
            edges += participated
        whos, whens = np.concatenate(whos), np.concatenate(whens)
        lo, hi = np.full(len(self._names), _NEVER, dtype=np.int64), np.full(len(self._names), _EVER, dtype=np.int64)
        np.minimum.at(lo, whos, whens)
        np.maximum.at(hi, whos, whens)
        stamps, seen = self._stamps, np.flatnonzero(lo != _NEVER)
        first = dict(zip(self._names[seen].tolist(), [stamps[x] for x in lo[seen].tolist()]))
        last = dict(zip(self._names[seen].tolist(), [stamps[x] for x in hi[seen].tolist()]))

        def active(n, date):
            if date is not None and n in self._actors:
                first[n] = date if n not in first else min(first[n], date)
                last[n] = date if n not in last else max(last[n], date)

        for aid, parent, sources in self._members:  # a member from its first activity on
            if aid in nodes and parent in nodes:
                start = first.get(aid)
                if cutoff is None or (start is not None and start <= cutoff):
                    member = self._keep(("member_of", aid, start), _member, aid, parent, start, sources)
                    edges.append(member)
                    others.append(member)
                    active(parent, start)  # active when its member is

        if voters is not None and not include_events:
            # the Member States whose roles are all votes and that no relation of the data links
            # (nesting is one): ``only_voted`` of the annotated graph
            voters |= voting - {n for u, v, _, d in others if d["kind"] not in DERIVED_KINDS for n in (u, v)}
            if out := voters - set(keep):
                edges = [e for e in edges if e[0] not in out and e[1] not in out]
                nodes -= out
        linked = None if cutoff is None else {e[0] for e in edges}.union([e[1] for e in edges])
        attrs = {pid: d for pid, *_, d in processes}
        keep = self._keep
        attrs.update((aid, keep(("actor", aid, f, la), _active, d, f, la))
                     for aid, d in self._actors.items() if aid in nodes and (linked is None or aid in linked)
                     for f, la in ((first.get(aid), last.get(aid)),))
        if include_events:
            attrs.update(event_attrs(events if linked is None else events[events.index.isin(linked)]))
        return GraphColumns.made(attrs, edges, {"as_of": cutoff}, linked)

    def _participated(self, at: int | None) -> tuple:
        """The edges ``(actor, process, "participated", attributes)`` of each actor's participation in
        each process's events up to ``at`` (ns; None: all), in the order of their positions (an edge's
        is that of its first row that counts); and of these pairs, as arrays in another order: their
        actors (indices into _names), first and last dates (ns), and whether any role is not a vote."""
        if at is None:
            chosen, partial = np.flatnonzero(self._opens < _NEVER), []
        else:
            opened = self._opens <= at
            chosen = np.flatnonzero(opened & (self._latest <= at))
            partial = np.flatnonzero(opened & (self._earliest <= at) & (self._latest > at)).tolist()
        edges, latest, other_roles = self._edges[chosen], self._latest[chosen], self._other_roles[chosen]
        if partial:  # some of their rows count: their edges are made for this date
            made = []
            for i in partial:
                rows = [r for r in self._groups[i][5] if r[5] <= at]  # the later a date, the more: their number names them
                made.append(self._keep(("participated", i, len(rows)), _partial, self._groups[i][0], rows))
            extra = np.empty(len(made), dtype=object)
            for j, m in enumerate(made):
                extra[j] = m[0]
            order = np.argsort(np.concatenate([self._positions[chosen], [m[1] for m in made]]), kind="stable")
            edges = np.concatenate([edges, extra])[order]
            latest = np.concatenate([latest, np.array([m[2] for m in made], dtype=np.int64)])
            other_roles = np.concatenate([other_roles, np.array([m[3] for m in made], dtype=bool)])
            chosen = np.concatenate([chosen, partial])
        # a pair's first date is its earliest: its first row always counts if any does
        return edges.tolist(), self._who[chosen], self._earliest[chosen], latest, other_roles


def _edge(u, v, kind, start, end, sources, **extra) -> tuple:
    """An edge ``(u, v, key, attributes)``: its key its kind (a kind derived from the
    participation), or its kind and start."""
    return u, v, kind if kind in DERIVED_KINDS else f"{kind}@{start}", dict(kind=kind, start=start, end=end, sources=sources, **extra)


def _member(aid, parent, start, sources) -> tuple:
    """The edge of a member to its parent, from its first activity ``start`` on."""
    return aid, parent, "member_of@parent", dict(kind="member_of", start=start, end=None, sources=sources)


def _active(d: dict, first, last) -> dict:
    """An actor's attributes ``d`` with its dates of activity."""
    return dict(d, first_active=first, last_active=last)


def _partial(pair: tuple, rows: list) -> tuple:
    """A pair's edge from its ``rows`` that count, the position of the first, their last date (ns),
    and whether any role is not a vote."""
    attrs = _participation(rows)
    return (*pair, "participated", attrs), rows[0][0], max(r[5] for r in rows), not set(attrs["roles"]) <= set(VOTE_ROLES)


def _participation(rows: list) -> dict:
    """The attributes of the edge of an actor's rows ``(position, start, event, source, role)`` in a
    process's events."""
    events = list(dict.fromkeys(r[2] for r in rows))
    starts = [r[1] for r in rows]
    return dict(kind="participated", start=min(starts), end=None, sources=sorted({r[3] for r in rows}), events=events,
                roles=sorted({r[4] for r in rows}), weight=len(events), last=max(starts))
