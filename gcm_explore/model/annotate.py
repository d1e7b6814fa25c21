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
        # each participation row with what it gives its actor: (actor, event, role, objectives, processes)
        none = frozenset()
        self.rows = [(actor, event, role, frozenset(self.direct.get(event, none)), self.of(self.event_process.get(event, "")))
                     for actor, event, role in zip(ds.participation["actor_id"].tolist(), ds.participation["event_id"].tolist(),
                                                   ds.participation["role"].tolist())]

    def of(self, pid: str) -> tuple:
        """The lineage of ``pid`` (a process id, or an id no process has: itself alone)."""
        return self.lineage.get(pid, (pid,) if pid else ())


def annotate(G: nx.Graph, ds: Dataset, lookups: Lookups | None = None) -> None:
    """Set ``objectives``, ``processes`` and ``roles`` on every node."""
    look = lookups or Lookups(ds)
    # what a node has from the graph's edges, beside what the lookups give every id
    objectives: dict[str, set[int]] = defaultdict(set)
    processes: dict[str, set[str]] = defaultdict(set)
    roles: dict[str, set[str]] = defaultdict(set)
    kind = dict(G.nodes(data="kind"))
    on_edges = set()  # the (actor, event) pairs on an edge of the actor's (its out-edges if directed)
    both = not G.is_directed()
    for u, v, d in G.edges(data=True):
        if events := d.get("events"):
            on_edges.update((u, event) for event in events)
            if both:
                on_edges.update((v, event) for event in events)
        if d["kind"] in RELATION_KINDS and kind[v] == "process" and kind[u] == "actor":
            processes[u].update(look.of(v))
    for actor, event, role, event_objectives, event_processes in look.rows:
        if (actor, event) in on_edges or (event in kind and G.has_edge(actor, event)):
            roles[actor].add(role)
            objectives[actor] |= event_objectives
            processes[actor].update(event_processes)
    own_objectives, own_processes = look.own_objectives, look.own_processes
    for n, d in G.nodes(data=True):
        # a new list for each node: a caller may change one graph's without touching another's
        d["objectives"] = (sorted(objectives[n].union(own_objectives.get(n, ()))) if n in objectives
                           else list(own_objectives.get(n, ())))
        d["processes"] = (sorted(processes[n].union(own_processes.get(n, ()))) if n in processes
                          else list(own_processes.get(n, ())))
        d["roles"] = sorted(roles[n]) if n in roles else []
