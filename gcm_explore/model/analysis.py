"""What an analyst asks of the network: filters, neighbourhoods, paths, centralities and communities.

Pure functions over any networkx graph (directed or not, with parallel edges or not): they
return new graphs, plain lists and pandas frames, or set node attributes. Metrics treat the
graph as undirected and simple; parallel edges are merged and their ``weight`` (1 if absent)
added up. They are computed once per graph and cached.

>>> import networkx as nx
>>> G = nx.star_graph(4)              # node 0 in the middle of 4 leaves
>>> frame = metrics_frame(G)
>>> int(frame.loc[0, "degree"]), float(frame.loc[0, "betweenness"])
(4, 1.0)
>>> [[hop["source"], hop["target"]] for hop in paths(G, 1, 2)[0]]
[[1, 0], [0, 2]]
"""

from __future__ import annotations

import itertools
import random

import networkx as nx
import numpy as np
import pandas as pd

from .anygraph import cached, node_label, simple_graph
from .vocab import ACTOR_TYPES, DERIVED_KINDS, REGIONS, VOTE_ROLES, check_lang

__all__ = ["filter_nodes", "only_voted", "drop_voters", "ego", "paths", "paths_frame", "node_metrics", "add_metrics", "metrics_frame", "METRICS", "EXACT_MAX_NODES"]

#: The UN M49 regions the data uses.
#: The node metrics :func:`add_metrics` sets, in the order of :func:`metrics_frame`.
METRICS = ("degree", "weighted_degree", "betweenness", "pagerank", "community")
#: Up to this many nodes betweenness is exact and communities come from networkx's Louvain;
#: larger graphs get a betweenness estimated from sampled sources and igraph's Louvain.
EXACT_MAX_NODES = 2000


def _check_node(G: nx.Graph, node, name: str = "node") -> None:
    if node not in G:
        raise nx.NodeNotFound(f"{name} {node!r} is not in G")


def filter_nodes(G: nx.Graph, types=None, regions=None, objectives=None, processes=None,
                 drop_isolated: bool = False) -> nx.Graph:
    """The subgraph of the nodes that pass every filter given (None lets everything through).

    Parameters
    ----------
    G : a graph from :func:`build_network` (or any graph with the attributes filtered on).
    types : node ``type`` values to keep ('state', 'igo', …, 'process', 'event').
    regions : UN M49 regions of the actors to keep; processes and events have no region and
        are kept.
    objectives : GCM objective numbers: keep the nodes linked to at least one of them.
    processes : process ids: keep these processes, their sub-processes, and the actors and
        events that belong to or took part in them.
    drop_isolated : also drop the nodes left without an edge.

    Returns
    -------
    A new graph of the same class, with the attributes of ``G``. Positions computed on ``G``
    with :func:`layout` still fit it, so nodes keep their place.

    Examples
    --------
    >>> import gcm_explore as gx
    >>> G = gx.build_network(gx.load_dataset())
    >>> H = filter_nodes(G, types=["state", "process"], regions=["Africa"])
    >>> {d["type"] for _, d in H.nodes(data=True)} == {"state", "process"}
    True
    """
    present = {d.get("type", "") for _, d in G.nodes(data=True)}
    types = _choices("types", types, present | set(ACTOR_TYPES) | {"process", "event"})
    regions = _choices("regions", regions, {d.get("region", "") for _, d in G.nodes(data=True)} | set(REGIONS))
    if objectives is not None:
        objectives = {objectives} if isinstance(objectives, int) else set(objectives)
        bad = [o for o in objectives if not isinstance(o, (int, np.integer)) or not 1 <= o <= 23]
        if bad:
            raise ValueError(f"{bad[0]!r} is not a GCM objective (in `objectives`): give numbers from 1 to 23.")
    processes = {processes} if isinstance(processes, str) else set(processes) if processes is not None else None

    def keep(n, d) -> bool:
        if types is not None and d.get("type", "") not in types:
            return False
        if regions is not None and d.get("kind", "actor") == "actor" and d.get("region", "") not in regions:
            return False
        if objectives is not None and not objectives & set(d.get("objectives", ())):
            return False
        if processes is not None and n not in processes and not processes & set(d.get("processes", ())):
            return False
        return True

    H = G.subgraph([n for n, d in G.nodes(data=True) if keep(n, d)]).copy()
    if drop_isolated:
        H.remove_nodes_from([n for n in list(H) if H.degree(n) == 0])
    return H


def only_voted(G: nx.Graph) -> set:
    """The Member States of ``G`` whose only part in it is a vote: every role they had in the
    events ``G`` counts (the ``roles`` of :func:`build_network`'s nodes) is one of
    :data:`~gcm_explore.model.vocab.VOTE_ROLES`, and no relation of the data links them.

    >>> import gcm_explore as gx
    >>> G = gx.build_network(gx.load_dataset(), as_of="2018-12-31")
    >>> voters = only_voted(G)
    >>> "fji" in voters, "mar" in voters   # Fiji voted; Morocco hosted Marrakech
    (True, False)
    """
    votes = set(VOTE_ROLES)

    def voted():
        # the nodes a relation of the data links (an edge of any kind but those made from participation)
        linked = {n for u, v, d in G.edges(data=True) if d.get("kind") not in DERIVED_KINDS for n in (u, v)}
        return frozenset(n for n, d in G.nodes(data=True)
                         if d.get("type") == "state" and d.get("roles") and set(d["roles"]) <= votes and n not in linked)

    # computed once per graph (the Explorer asks for it to draw a month and to count what it leaves out)
    return set(cached(G, ("only_voted",), voted))


def drop_voters(G: nx.Graph, keep=()) -> nx.Graph:
    """``G`` without the Member States whose only part in it is a vote (:func:`only_voted`), but
    with those of ``keep`` (a selection); the vote itself stays in the data, on the map and in
    each state's details. A new graph of the class of ``G``: positions computed on ``G`` still fit.

    >>> import gcm_explore as gx
    >>> G = gx.build_network(gx.load_dataset(), as_of="2018-12-31")
    >>> H = drop_voters(G, keep=["fji"])
    >>> "fji" in H, G.number_of_nodes() - H.number_of_nodes() > 100
    (True, True)
    """
    drop = only_voted(G) - set(keep)
    return G.subgraph([n for n in G if n not in drop]).copy()


def _choices(name: str, values, valid: set) -> set | None:
    if values is None:
        return None
    values = {values} if isinstance(values, str) else set(values)
    unknown = sorted(values - valid, key=str)
    if unknown:
        choices = ", ".join(sorted((str(v) for v in valid if v), key=str))
        raise ValueError(f"{unknown[0]!r} is not a valid value for `{name}`. Valid values are: {choices}.")
    return values


def ego(G: nx.Graph, node, hops: int = 1) -> nx.Graph:
    """The neighbourhood of ``node``: every node at most ``hops`` links away, either direction.

    Parameters
    ----------
    G : any networkx graph.
    node : the node in the middle.
    hops : 1, 2 or 3.

    Returns
    -------
    A new graph of the class of ``G`` with the nodes, edges and attributes of the
    neighbourhood; each node also gets ``hops``, its distance from ``node``.

    Examples
    --------
    >>> import networkx as nx
    >>> H = ego(nx.path_graph(6), 2, hops=2)
    >>> sorted(H.nodes(data="hops"))
    [(0, 2), (1, 1), (2, 0), (3, 1), (4, 2)]
    """
    _check_node(G, node)
    if not isinstance(hops, (int, np.integer)) or isinstance(hops, bool) or not 1 <= hops <= 3:
        raise ValueError(f"`hops` must be 1, 2 or 3, got {hops!r}.")
    view = G.to_undirected(as_view=True) if G.is_directed() else G
    dist = nx.single_source_shortest_path_length(view, node, cutoff=int(hops))
    H = G.subgraph(dist).copy()
    nx.set_node_attributes(H, dist, "hops")
    return H


def paths(G: nx.Graph, a, b, max_paths: int = 10) -> list[list[dict]]:
    """How ``a`` is connected to ``b``: the shortest paths between them, hop by hop.

    Links are followed in either direction. Each path is a list of hops; each hop is a dict
    with ``source`` and ``target`` (in the order of the path) and ``links``: every edge between
    the two, as a dict of its attributes plus ``forward`` (False when the edge points from
    ``target`` to ``source``). For a graph from :func:`~gcm_explore.model.network.build_network` a
    link carries its ``kind``, dates, ``events`` and ``sources``: what makes the hop.

    Parameters
    ----------
    G : any networkx graph.
    a, b : the two nodes.
    max_paths : at most this many paths (all of the same, shortest, length).

    Returns
    -------
    A list of paths, empty when ``a`` and ``b`` are not connected.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("ana", "summit", kind="took_part", events=["s1"])
    0
    >>> G.add_edge("ben", "summit", kind="took_part", events=["s1"])
    0
    >>> [(h["source"], h["target"], h["links"][0]["forward"]) for h in paths(G, "ana", "ben")[0]]
    [('ana', 'summit', True), ('summit', 'ben', False)]
    """
    _check_node(G, a, "Source")
    _check_node(G, b, "Target")
    if a == b:
        return []
    view = G.to_undirected(as_view=True) if G.is_directed() else G
    try:
        found = list(itertools.islice(nx.all_shortest_paths(view, a, b), max_paths))
    except nx.NetworkXNoPath:
        return []
    found.sort(key=lambda p: [str(n) for n in p])
    return [[{"source": u, "target": v, "links": _links(G, u, v)} for u, v in zip(p, p[1:])] for p in found]


def _links(G: nx.Graph, u, v) -> list[dict]:
    out = []
    pairs = [(u, v, True), (v, u, False)] if G.is_directed() else [(u, v, True)]
    for x, y, forward in pairs:
        data = G.get_edge_data(x, y)
        if not data:
            continue
        edges = data.values() if G.is_multigraph() else [data]
        out += [{**d, "forward": forward} for d in edges]
    return out


def paths_frame(G: nx.Graph, a, b, max_paths: int = 10, lang: str = "en") -> pd.DataFrame:
    """:func:`paths` as a tidy frame: one row per link of each hop.

    Columns: ``path``, ``step``, ``source``, ``target``, ``source_label``, ``target_label``
    (in ``lang``), ``kind``, ``forward``, ``start``, ``events`` and ``sources`` (lists).

    >>> import networkx as nx
    >>> paths_frame(nx.path_graph(3), 0, 2)[["path", "step", "source", "target"]].values.tolist()
    [[0, 0, 0, 1], [0, 1, 1, 2]]
    """
    check_lang(lang)
    rows = []
    for i, path in enumerate(paths(G, a, b, max_paths)):
        for j, hop in enumerate(path):
            u, v = hop["source"], hop["target"]
            for link in hop["links"] or [{}]:
                rows.append({"path": i, "step": j, "source": u, "target": v,
                             "source_label": node_label(G, u, lang), "target_label": node_label(G, v, lang),
                             "kind": link.get("kind", ""), "forward": link.get("forward", True),
                             "start": link.get("start"), "events": list(link.get("events", [])),
                             "sources": list(link.get("sources", []))})
    columns = ["path", "step", "source", "target", "source_label", "target_label", "kind", "forward", "start",
               "events", "sources"]
    return pd.DataFrame(rows, columns=columns)


# --- metrics --------------------------------------------------------------------------------


def node_metrics(G: nx.Graph, seed: int = 42, samples: int = 500) -> dict[str, dict]:
    """``{metric: {node: value}}`` for the :data:`METRICS`, without touching ``G``; cached.

    See :func:`add_metrics` for what each metric is.

    >>> import networkx as nx
    >>> round(node_metrics(nx.star_graph(3))["pagerank"][0], 3)
    0.48
    """
    return cached(G, ("metrics", seed, samples), lambda: _metrics(G, seed, samples))


def add_metrics(G: nx.Graph, seed: int = 42, samples: int = 500) -> nx.Graph:
    """Set the node metrics of :data:`METRICS` as node attributes of ``G``; return ``G``.

    ``degree``
        number of distinct neighbours.
    ``weighted_degree``
        sum of the ``weight`` of the node's edges (1 for an edge without one): for a
        co-participation network, the events shared with others.
    ``betweenness``
        share of the shortest paths between other nodes that pass through the node
        (normalised as in :func:`networkx.betweenness_centrality`, hops unweighted). Exact up
        to :data:`EXACT_MAX_NODES` nodes; above, estimated from ``samples`` source nodes
        drawn with ``seed`` (like networkx's ``k``), computed by igraph.
    ``pagerank``
        PageRank of the undirected weighted graph (damping 0.85), computed by igraph.
    ``community``
        Louvain community, numbered from 0 by decreasing size: networkx's
        :func:`~networkx.algorithms.community.louvain_communities` with ``seed`` up to
        :data:`EXACT_MAX_NODES` nodes, igraph's multilevel algorithm (same method, C code)
        with ``seed`` above.

    The results are cached: a second call on the same, unchanged graph is free.

    Examples
    --------
    >>> import networkx as nx
    >>> G = add_metrics(nx.path_graph(3))
    >>> G.nodes[1]["degree"], G.nodes[1]["betweenness"]
    (2, 1.0)
    """
    values = node_metrics(G, seed, samples)
    for name in METRICS:
        nx.set_node_attributes(G, values[name], name)
    return G


def metrics_frame(G: nx.Graph, seed: int = 42, samples: int = 500) -> pd.DataFrame:
    """The node metrics of ``G`` as a tidy frame, one row per node, most central first.

    Index ``node``; columns ``label``, ``type``, ``region`` (from the node attributes, empty
    when missing) and the :data:`METRICS`, sorted by PageRank. See :func:`add_metrics`.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.barbell_graph(4, 0)    # two cliques of 4 joined by one edge
    >>> metrics_frame(G).groupby("community").size().tolist()
    [4, 4]
    """
    values = node_metrics(G, seed, samples)
    nodes = list(G.nodes)
    frame = pd.DataFrame({
        "label": [node_label(G, n, "en") for n in nodes],
        "type": [str(G.nodes[n].get("type", "")) for n in nodes],
        "region": [str(G.nodes[n].get("region", "") or "") for n in nodes],
        **{name: [values[name][n] for n in nodes] for name in METRICS},
    }, index=pd.Index(nodes, name="node"))
    order = np.lexsort((np.arange(len(nodes)), -frame["pagerank"].to_numpy()))
    return frame.iloc[order]


def _metrics(G: nx.Graph, seed: int, samples: int) -> dict[str, dict]:
    import igraph as ig

    S = simple_graph(G)
    nodes = list(S.nodes)
    n = len(nodes)
    out: dict[str, dict] = {"degree": dict(S.degree()), "weighted_degree": dict(S.degree(weight="weight"))}
    if n == 0:
        return {name: {} for name in METRICS}
    index = {v: i for i, v in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in S.edges()]
    weights = [float(d["weight"]) for _, _, d in S.edges(data=True)]
    g = ig.Graph(n=n, edges=edges)

    if n <= EXACT_MAX_NODES:
        raw = np.asarray(g.betweenness(directed=False), dtype=float)
        scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0
    else:
        k = min(samples, n)
        sources = sorted(random.Random(seed).sample(range(n), k))
        raw = np.asarray(g.betweenness(directed=False, sources=sources), dtype=float)
        scale = 2.0 / ((n - 1) * (n - 2)) * n / k
    out["betweenness"] = dict(zip(nodes, (raw * scale).tolist()))

    pr = g.pagerank(directed=False, weights=weights if edges else None, damping=0.85)
    out["pagerank"] = dict(zip(nodes, map(float, pr)))

    if n <= EXACT_MAX_NODES:
        parts = nx.community.louvain_communities(S, weight="weight", seed=seed)
    else:
        previous = ig.set_random_number_generator(random.Random(seed))
        try:
            clusters = g.community_multilevel(weights=weights)
        finally:
            ig.set_random_number_generator(previous if previous is not None else random)
        parts = [{nodes[i] for i in c} for c in clusters]
    parts = sorted(parts, key=lambda c: (-len(c), min(index[v] for v in c)))
    out["community"] = {v: i for i, c in enumerate(parts) for v in c}
    return out
