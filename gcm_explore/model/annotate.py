"""What :func:`~gcm_explore.model.network.build_network` sets on every node beside its names and
dates: the GCM ``objectives`` it is linked to, the ``processes`` it belongs to or took part in
(with their parents), and an actor's ``roles`` in the events the graph counts. The filters of
:mod:`gcm_explore.model.analysis` read them, and so does the Explorer's choice of the Member States
that only voted.

>>> import gcm_explore as gx
>>> G = gx.build_network(gx.load_dataset(), as_of="2018-12-31")
>>> "gcm" in G.nodes["iom"]["processes"], G.nodes["iom"]["objectives"][:3]
(True, [1, 6, 14])
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from .dataset import Dataset, cell_text
from .vocab import RELATION_KINDS

__all__ = ["Lookups", "annotate"]


class Lookups:
    """What :func:`annotate` reads of a dataset, whatever the graph: each process's lineage (itself,
    its parent, and up), each event's process, the GCM objectives linked to each id, and those
    each process and event has from the events under it."""

    def __init__(self, ds: Dataset):
        parent = {pid: cell_text(p) for pid, p in ds.processes["parent_id"].items()}
        self.lineage: dict[str, tuple] = {"": ()}
        for pid in parent:
            out, q = [], pid
            while q and q not in out:
                out.append(q)
                q = parent.get(q, "")
            self.lineage[pid] = tuple(out)
        self.direct: dict[str, set[int]] = defaultdict(set)
        for number, target in zip(ds.objective_links["objective"], ds.objective_links["target_id"]):
            self.direct[target].add(int(number))
        self.event_process = {e: cell_text(p) for e, p in ds.events["process_id"].items()}
        self.objectives: dict[str, set[int]] = defaultdict(set)
        self.processes: dict[str, set[str]] = defaultdict(set)
        for e, p in self.event_process.items():
            self.processes[e].update(self.of(p))
            for q in self.of(p):
                self.objectives[q] |= self.direct[e]
        for pid in ds.processes.index:
            self.processes[pid].update(self.of(pid))
        # what the data give each id whatever the graph: its objectives and processes, sorted
        self.own_objectives = {n: sorted(self.direct.get(n, set()) | self.objectives.get(n, set()))
                               for n in self.direct.keys() | self.objectives.keys()}
        self.own_processes = {n: sorted(p) for n, p in self.processes.items()}
        # what each (actor, event) of the participation gives the actor: its roles (a row each), the
        # event's objectives and processes
        roles: dict[tuple, set] = defaultdict(set)
        for actor, event, role in zip(ds.participation["actor_id"].tolist(), ds.participation["event_id"].tolist(),
                                      ds.participation["role"].tolist()):
            roles[actor, event].add(role)
        none = frozenset()
        self.gives = {(actor, event): (frozenset(r), frozenset(self.direct.get(event, none)), self.of(self.event_process.get(event, "")))
                      for (actor, event), r in roles.items()}

    def of(self, pid: str) -> tuple:
        """The lineage of ``pid`` (a process id, or an id no process has: itself alone)."""
        return self.lineage.get(pid, (pid,) if pid else ())


def annotate(G: nx.Graph, ds: Dataset, lookups: Lookups | None = None, edges=None) -> None:
    """Set ``objectives``, ``processes`` and ``roles`` on every node. ``edges``: the edges of ``G``
    as ``(u, v, data)``, if the caller has them (the graph just built), else they are read from ``G``."""
    look = lookups or Lookups(ds)
    # what a node has from the graph's edges, beside what the lookups give every id
    objectives: dict[str, set[int]] = defaultdict(set)
    processes: dict[str, set[str]] = defaultdict(set)
    roles: dict[str, set[str]] = defaultdict(set)
    kind = dict(G.nodes(data="kind"))
    gives = look.gives

    def gain(actor, event) -> None:  # the participation of ``actor`` in ``event`` counts, if there is one
        if (given := gives.get((actor, event))) is not None:
            roles[actor] |= given[0]
            objectives[actor] |= given[1]
            processes[actor].update(given[2])

    both = not G.is_directed()
    for u, v, d in G.edges(data=True) if edges is None else edges:
        for event in d.get("events") or ():  # an edge of the actor's names the event (its out-edges if directed)
            gain(u, event)
            if both:
                gain(v, event)
        if d["kind"] in RELATION_KINDS and kind[v] == "process" and kind[u] == "actor":
            processes[u].update(look.of(v))
    if not kind.keys().isdisjoint(look.event_process):  # or the event is a node, linked to the actor
        for actor, event in gives:
            if event in kind and G.has_edge(actor, event):
                gain(actor, event)
    own_objectives, own_processes = look.own_objectives, look.own_processes
    for n, d in G.nodes(data=True):
        # a new list for each node: a caller may change one graph's without touching another's
        d["objectives"] = (sorted(objectives[n].union(own_objectives.get(n, ()))) if n in objectives
                           else list(own_objectives.get(n, ())))
        d["processes"] = (sorted(processes[n].union(own_processes.get(n, ()))) if n in processes
                          else list(own_processes.get(n, ())))
        d["roles"] = sorted(roles[n]) if n in roles else []
