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

    def of(self, pid: str) -> tuple:
        """The lineage of ``pid`` (a process id, or an id no process has: itself alone)."""
        return self.lineage.get(pid, (pid,) if pid else ())


def annotate(G: nx.Graph, ds: Dataset, lookups: Lookups | None = None) -> None:
    """Set ``objectives``, ``processes`` and ``roles`` on every node."""
    look = lookups or Lookups(ds)
    direct, event_process, none = look.direct, look.event_process, frozenset()
    # what a node has from the graph's edges, beside what the lookups give every id
    objectives: dict[str, set[int]] = defaultdict(set)
    processes: dict[str, set[str]] = defaultdict(set)
    roles: dict[str, set[str]] = defaultdict(set)
    kind = dict(G.nodes(data="kind"))
    on_edges = set()  # the (actor, event) pairs on an edge of the actor's (its out-edges if directed)
    both = not G.is_directed()
    for u, v, d in G.edges(data=True):
        for event in d.get("events", ()):
            on_edges.add((u, event))
            if both:
                on_edges.add((v, event))
        if d["kind"] in RELATION_KINDS and kind[v] == "process" and kind[u] == "actor":
            processes[u].update(look.of(v))
    part = ds.participation
    for actor, event, role in zip(part["actor_id"], part["event_id"], part["role"]):
        if (actor, event) in on_edges or (event in kind and G.has_edge(actor, event)):
            roles[actor].add(role)
            objectives[actor] |= direct.get(event, none)
            processes[actor].update(look.of(event_process.get(event, "")))
    for n, d in G.nodes(data=True):
        d["objectives"] = sorted(direct.get(n, none) | look.objectives.get(n, none) | objectives.get(n, none))
        d["processes"] = sorted(look.processes.get(n, none) | processes.get(n, none))
        d["roles"] = sorted(roles.get(n, none))
