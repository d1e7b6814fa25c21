"""Node positions for a graph: the same for the same graph and seed, cached for the graph and
stored on disk for large ones (every Voila kernel lays out the same full graph).

>>> import networkx as nx
>>> sorted(layout(nx.path_graph(3)))
[0, 1, 2]
"""

from __future__ import annotations

import hashlib
import json
import random

import networkx as nx
import numpy as np

from .anygraph import cached
from .dataset import cache_dir

__all__ = ["layout", "group_blocks", "SPRING_MAX_NODES"]

#: Graphs up to this many nodes are laid out with networkx's spring layout, larger ones with igraph.
SPRING_MAX_NODES = 500


def layout(G: nx.Graph, seed: int = 7) -> dict:
    """Node positions ``{node: (x, y)}``, the same for the same graph and seed.

    The largest connected part fills [-1, 1]²; nodes of the other parts (often single,
    unlinked actors) stand in rows along the bottom, so they do not squeeze the picture.
    Up to :data:`SPRING_MAX_NODES` nodes the layout is networkx's spring layout; larger
    graphs use igraph's grid Fruchterman–Reingold (C code: 10,000 nodes in about a second).
    The result is cached for ``G``: compute it once on the full graph and pass it to every
    filtered view, so that nodes keep their place when the filter changes.

    >>> import networkx as nx
    >>> pos = layout(nx.path_graph(4))
    >>> sorted(pos) == [0, 1, 2, 3] and all(-1 <= x <= 1 for x, _ in pos.values())
    True
    """
    return dict(cached(G, ("layout", seed), lambda: _layout(G, seed)))



def group_blocks(groups: dict, top: float, step: float = 0.05) -> tuple[dict, dict]:
    """Positions for nodes in groups (``{group: [node, ...]}``, in the order given): each group a
    compact grid of points ``step`` apart, the grids side by side across [-1, 1] below ``top``, so
    that many nodes of one kind (the Member States that only voted) read as groups, not one disc.

    Returns ``(pos, heads)``: each node's ``(x, y)`` and each group's ``(x, y)`` just above its grid,
    for its name.

    >>> pos, heads = group_blocks({"a": [1, 2, 3], "b": [4]}, top=-1.0)
    >>> heads["a"][0] < heads["b"][0] and all(y < -1.0 for _, y in pos.values())
    True
    """
    groups = {g: list(nodes) for g, nodes in groups.items() if len(nodes)}
    pos: dict = {}
    heads: dict = {}
    width = 2.0 / max(len(groups), 1)
    cols = max(1, int((width - step) / step))
    for i, (group, nodes) in enumerate(groups.items()):
        used = min(cols, len(nodes))
        left = -1.0 + width * (i + 0.5) - step * (used - 1) / 2
        for j, n in enumerate(nodes):
            row, col = divmod(j, cols)
            pos[n] = (left + step * col, top - step * (row + 1))
        heads[group] = (-1.0 + width * (i + 0.5), top)
    return pos, heads


def _layout(G: nx.Graph, seed: int) -> dict:
    if G.number_of_nodes() == 0:
        return {}
    nodes = sorted(G.nodes, key=str)
    index = {n: i for i, n in enumerate(nodes)}
    edges = np.array([(index[u], index[v]) for u, v in G.edges() if u != v], dtype=np.int64).reshape(-1, 2)
    return _stored_layout(nodes, edges, seed, lambda: _compute_layout(nodes, edges, seed))

#: Layouts of graphs this large are kept on disk (in :func:`gcm_explore.model.dataset.cache_dir`): every
#: Voila kernel of the explorer lays out the same full graph, 0.7 s each time.
STORE_MIN_NODES = 200


def _stored_layout(nodes: list, edges: np.ndarray, seed: int, compute) -> dict:
    """``compute()``, or the positions stored for the same nodes, edges, seed and library versions."""
    if len(nodes) < STORE_MIN_NODES:
        return compute()
    digest = hashlib.sha256(json.dumps([[str(n) for n in nodes], edges.tolist(), seed, nx.__version__,
                                        np.__version__]).encode()).hexdigest()
    path = cache_dir() / "layout" / f"{digest}.json"
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))  # [[node index, x, y], ...] in the layout's order
        if len(stored) == len(nodes):
            return {nodes[i]: (float(x), float(y)) for i, x, y in stored}
    except (OSError, ValueError, TypeError):
        pass  # not stored yet, or unreadable: compute it
    pos = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{random.getrandbits(32)}.tmp")  # kernels starting together: no half-written file
        index = {n: i for i, n in enumerate(nodes)}
        tmp.write_text(json.dumps([[index[n], x, y] for n, (x, y) in pos.items()]), encoding="utf-8")
        tmp.replace(path)
    except OSError:  # a read-only home: compute it each time
        pass
    return pos



def _compute_layout(nodes: list, edges: np.ndarray, seed: int) -> dict:
    parts = _components(len(nodes), edges)
    main = parts[0]
    keys = [nodes[i] for i in main]
    if len(main) <= SPRING_MAX_NODES:
        simple = nx.Graph()
        simple.add_nodes_from(keys)
        inside = set(main)
        simple.add_edges_from((nodes[u], nodes[v]) for u, v in edges if u in inside)
        raw = nx.spring_layout(simple, k=2.5 / simple.number_of_nodes() ** 0.5, seed=seed, iterations=150)
        xy = np.array([raw[n] for n in keys], dtype=float).reshape(-1, 2)
    else:
        xy = _igraph_layout(main, edges, seed)
    xy = xy - xy.mean(axis=0) if len(xy) else xy
    span = np.abs(xy).max() if len(xy) else 0
    xy = xy * (0.95 / span) if span > 0 else xy
    pos = {n: (float(x), float(y)) for n, (x, y) in zip(keys, xy)}
    rest = [nodes[i] for part in parts[1:] for i in part]
    per_row = max(12, int(len(rest) ** 0.5 * 3))
    for i, n in enumerate(rest):
        row, col = divmod(i, per_row)
        pos[n] = (-1.0 + 2.0 * (col + 0.5) / per_row, -1.05 - 0.07 * row)
    return pos



def _components(n: int, edges: np.ndarray) -> list[list[int]]:
    """Connected components as sorted index lists, largest first (ties: lowest index first)."""
    if n > SPRING_MAX_NODES:
        import igraph as ig

        parts = [sorted(c) for c in ig.Graph(n=n, edges=edges.tolist()).connected_components()]
    else:
        G = nx.Graph()
        G.add_nodes_from(range(n))
        G.add_edges_from(map(tuple, edges.tolist()))
        parts = [sorted(c) for c in nx.connected_components(G)]
    return sorted(parts, key=lambda c: (-len(c), c[0]))



def _igraph_layout(main: list[int], edges: np.ndarray, seed: int) -> np.ndarray:
    try:
        import igraph as ig
    except ImportError:  # pragma: no cover - igraph is a dependency
        raise ImportError("Laying out a graph of more than 500 nodes needs igraph: pip install igraph") from None
    local = np.full(int(edges.max(initial=max(main))) + 1, -1, dtype=np.int64)
    local[main] = np.arange(len(main))
    keep = local[edges] if len(edges) else edges
    keep = keep[(keep >= 0).all(axis=1)]
    g = ig.Graph(n=len(main), edges=keep.tolist())
    g.simplify()
    # Start in igraph's own box (side sqrt(n)): wider starts take longer to settle.
    start = np.random.default_rng(seed).uniform(-0.5, 0.5, size=(len(main), 2)) * len(main) ** 0.5
    niter = 500 if len(main) <= 2000 else 300
    previous = ig.set_random_number_generator(random.Random(seed))  # the layout draws random moves
    try:
        coords = g.layout_fruchterman_reingold(seed=start.tolist(), niter=niter, grid=True)
    finally:
        ig.set_random_number_generator(previous if previous is not None else random)
    return np.asarray(coords.coords, dtype=float)
