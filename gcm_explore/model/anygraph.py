"""What works on any networkx graph, ours or another: a node's name in a language, results
cached per graph, its edges as a list, the graph as a simple undirected one, building one with
the garbage collector paused; and a graph read once as plain columns (:class:`GraphColumns`),
which what reads only a graph's nodes, edges and attributes reads as it reads a networkx graph.

>>> import networkx as nx
>>> G = nx.MultiGraph([("a", "b"), ("a", "b")])
>>> simple_graph(G).edges["a", "b"]["weight"]
2
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import weakref

import networkx as nx

__all__ = ["node_label", "node_short", "cached", "frozen_cached", "edge_list", "simple_graph", "collector_paused",
           "GraphColumns", "as_graph"]

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def cached(G: nx.Graph, key: tuple, compute):
    """``compute()``, remembered for ``G`` and ``key`` while ``G`` lives and keeps its size."""
    store = _CACHE.setdefault(G, {})
    # len(G.edges), not G.number_of_edges(): the same count, and a multigraph's number_of_edges
    # sums every node's degree (3x the time, 2 ms for ten times the bundled network)
    key = (*key, len(G), len(G.edges))
    if key not in store:
        store[key] = compute()
    return store[key]


def frozen_cached(G: nx.Graph, key: tuple, compute):
    """:func:`cached` for a frozen ``G`` (``nx.freeze``: the Explorer's months, which nothing
    changes); ``compute()`` each time for any other graph, which may have changed at the same size.

    >>> G = nx.Graph([("a", "b")])
    >>> frozen_cached(G, ("n",), lambda: "first"), frozen_cached(G, ("n",), lambda: "again")
    ('first', 'again')
    >>> G = nx.freeze(G)
    >>> frozen_cached(G, ("n",), lambda: "first"), frozen_cached(G, ("n",), lambda: "again")
    ('first', 'first')
    """
    if not nx.is_frozen(G):
        return compute()
    store = _CACHE.setdefault(G, {})  # its size cannot change: no need to count its edges (see cached)
    if key not in store:
        store[key] = compute()
    return store[key]


@dataclasses.dataclass(eq=False)
class GraphColumns:
    """A directed multigraph read once, without the networkx graph: its ``nodes`` (each node's
    attributes, by node, in order), its ``edges`` (``(u, v, data)``: :meth:`made`'s in the order
    they were added, :meth:`of` a graph's in its order, grouped by their first ends), their
    ``keys``, and the graph's attributes ``graph``.

    As in a networkx graph, ``nodes[n]`` is a node's attributes, ``nodes`` iterates over the
    nodes and ``graph`` holds the graph's attributes: what reads only these and
    :func:`edge_list` (``node_label``, the network view) reads either. :meth:`to_graph` builds
    the graph (``as_graph`` gives it for either). The Explorer draws each month from these:
    building the networkx graph, one ``add_edge`` per edge, took a third of a new month's time at
    ten times the bundled record. Read them only: their edges' attributes are shared.

    >>> cols = GraphColumns.of(nx.MultiDiGraph([("a", "b", {"w": 1})], as_of=None))
    >>> cols.edges, node_label(cols, "a"), nx.utils.graphs_equal(cols.to_graph(), nx.MultiDiGraph([("a", "b", {"w": 1})], as_of=None))
    ([('a', 'b', {'w': 1})], 'a', True)
    """

    nodes: dict
    edges: list
    keys: list
    graph: dict
    #: As ``nx.freeze`` marks a graph: nothing changes them, so what is computed from them is kept (see frozen_cached).
    frozen = True

    @classmethod
    def of(cls, G: nx.MultiDiGraph) -> GraphColumns:
        """The columns of a directed multigraph ``G`` (its attributes, not copies)."""
        edges = [(u, v, k, d) for u, nbrs in G.adjacency() for v, keyed in nbrs.items() for k, d in keyed.items()]
        return cls(dict(G.nodes.items()), [(u, v, d) for u, v, _, d in edges], [k for _, _, k, _ in edges], G.graph)

    @classmethod
    def made(cls, nodes: dict, edges: list, graph: dict, ends: set | None = None) -> GraphColumns:
        """The columns of the graph networkx makes of ``nodes`` (node → attributes, in order) and
        then ``edges`` (``(u, v, key, data)``) added one by one: an edge's ends added (with no
        attributes) if they are not nodes, and an edge added again with the same key updating the
        first's attributes, where the first was added. ``ends``: the edges' ends, if the caller has them."""
        if not nodes.keys() >= (ends if ends is not None else {e[0] for e in edges}.union([e[1] for e in edges])):
            for u, v, *_ in edges:
                nodes.setdefault(u, {})
                nodes.setdefault(v, {})
        if len({e[:3] for e in edges}) < len(edges):  # some added again: each where it was first
            merged: dict = {}
            for u, v, key, d in edges:
                merged[u, v, key] = {**merged[u, v, key], **d} if (u, v, key) in merged else d
            edges = [(u, v, key, d) for (u, v, key), d in merged.items()]
        return cls(nodes, [(u, v, d) for u, v, _, d in edges], [e[2] for e in edges], graph)

    def to_graph(self) -> nx.MultiDiGraph:
        """The networkx graph: the nodes, then the edges, added in their order, each with a copy of its attributes."""
        G = nx.MultiDiGraph(**self.graph)
        G.add_nodes_from(self.nodes.items())
        add_edge = G.add_edge  # what add_edges_from does for each edge, without its views of the graph
        for (u, v, d), key in zip(self.edges, self.keys):
            add_edge(u, v, key, **d)
        return G


def as_graph(G) -> nx.Graph:
    """``G`` as a networkx graph: itself, or the graph of :class:`GraphColumns`."""
    return G.to_graph() if isinstance(G, GraphColumns) else G


def edge_list(G: nx.Graph) -> list[tuple]:
    """``list(G.edges(data=True))``, in its order, read faster: for a directed graph straight from
    its adjacency (``G.edges`` counts every node's edges first, then walks them through views: for
    a month's 4,000 edges at ten times the bundled record, 1.9 ms where this takes 0.6 ms); for
    :class:`GraphColumns`, their edges.

    >>> G = nx.MultiDiGraph([("a", "b", {"w": 1}), ("a", "b", {"w": 2}), ("b", "a")])
    >>> edge_list(G) == list(G.edges(data=True)) == edge_list(GraphColumns.of(G))
    True
    """
    if isinstance(G, GraphColumns):
        return G.edges
    if not G.is_directed():  # each edge is in the adjacency of both its ends
        return list(G.edges(data=True))
    if G.is_multigraph():
        return [(u, v, d) for u, nbrs in G.adjacency() for v, keyed in nbrs.items() for d in keyed.values()]
    return [(u, v, d) for u, nbrs in G.adjacency() for v, d in nbrs.items()]


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


@contextlib.contextmanager
def collector_paused():
    """Run the block with Python's garbage collector paused, and leave it as it was (also if the
    block raises). Building or drawing a large graph makes many objects that all live on; with
    the collector running, they are scanned again and again while they are made, and a full
    scan of every object of the process (0.1 s at ten times the bundled record) falls inside
    the build. What the block leaves behind is collected after it, as usual.

    >>> with collector_paused():
    ...     G = nx.complete_graph(100)
    >>> gc.isenabled(), G.number_of_edges()
    (True, 4950)
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()

