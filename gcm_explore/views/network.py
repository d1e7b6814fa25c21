"""The network view: any networkx graph (ours: actors, processes, events) as a Plotly figure.
Text from the data is escaped before it reaches a hover or a label.

>>> import networkx as nx
>>> fig = network_figure(nx.karate_club_graph(), color="club")
>>> [tr.name for tr in fig.data[2:]]
['Mr. Hi', 'Officer']
"""

from __future__ import annotations

import heapq

import networkx as nx
import numpy as np
import plotly.graph_objects as go

from ..compat import legacy
from ..model.anygraph import as_graph, edge_list, node_label, node_short
from ..model.i18n import esc, format_date, t
from ..model.layout import layout
from ..model.network import EDGE_KINDS, edge_label
from ..model.network import edge_kinds as kinds_in
from ..model.vocab import check_lang
from .docs import NETWORK, documented
from .hovers import edge_hovers, node_hovers
from .labels import pick_labels
from .style import EDGE_PALETTE, PALETTE, base_layout, merged, node_categories, type_label

__all__ = ["network_spec", "network_figure", "network_title", "edge_key", "node_key", "category_style", "GL_THRESHOLD"]

#: Above this many nodes (or five times as many edges) a network is drawn with WebGL (``scattergl``).
GL_THRESHOLD = 1000
#: Node metrics ``size`` can name without the graph carrying them (computed, cached).
SIZE_METRICS = ("degree", "weighted_degree", "betweenness", "pagerank")
#: The network's edges: thin grey lines (their colours are those of their midpoints, by kind).
EDGE_LINE = dict(width=0.8, color="rgba(120,120,120,0.45)")


@legacy(positional=("pos", "color", "categories", "highlight", "n_labels", "title", "size", "label",
                    "edge_kinds", "webgl", "edge_legend"))
@documented(NETWORK)
def network_spec(G: nx.Graph, lang: str = "en", *, pos: dict | None = None, color: str = "type",
                 categories: list | None = None, highlight=(), n_labels: int = 12, title: str | None = None,
                 size: str | None = "degree", label: str | None = None, edge_kinds: list | None = None,
                 webgl: bool | None = None, edge_legend: bool = True, label_area: tuple | None = None) -> dict:
    """Draw a network: any networkx graph, ours (actors, processes, events) or another, as a
    Plotly figure dict (``{"data": [...], "layout": {...}}``); :func:`network_figure` gives it as
    a ``go.Figure``.

    Parameters
    ----------
    {parameters}

    Returns
    -------
    dict: trace 0 all the edges (one trace; a path in ``layout.shapes`` with ``webgl``), trace 1 a point in the
    middle of each edge (its colour the edge kind, its hover the kind, dates, events and
    sources), then one trace per category, then one legend entry per edge kind (if ``edge_legend``).

    Examples
    --------
    >>> import networkx as nx
    >>> spec = network_spec(nx.karate_club_graph(), color="club", size="betweenness")
    >>> [tr["name"] for tr in spec["data"][2:]]
    ['Mr. Hi', 'Officer']
    """
    check_lang(lang)
    attrs = {k for d in G.nodes.values() for k in d}
    for name, value, fallback in (("color", color, "type"), ("size", size, None), ("label", label, None)):
        if value is not None and value != fallback and value not in attrs and not (name == "size" and value in SIZE_METRICS):
            choices = sorted(attrs) + (list(SIZE_METRICS) if name == "size" else [])
            raise ValueError(f"{value!r} is not a node attribute of G (in `{name}`). "
                             f"Expected one of {choices} but received: {value!r}")
    edges = edge_list(G)  # read once: the count, the sizes, the edge traces, the key and the path
    webgl = len(G.nodes) > GL_THRESHOLD or len(edges) > 5 * GL_THRESHOLD if webgl is None else webgl
    Scatter = "scattergl" if webgl else "scatter"
    pos = pos if pos is not None else layout(as_graph(G))
    categories = categories if categories is not None else node_categories(G, color)
    ends = _Ends(G, edges, pos)
    values = _node_sizes(G, size, ends)
    vmax = max(values.values(), default=0)
    px = {n: 7 + 17 * (v / vmax) ** 0.5 if vmax > 0 else 10 for n, v in values.items()}
    highlight = {n for n in highlight if n in G.nodes}
    metrics = [m for m in ("degree", "weighted_degree", "betweenness", "pagerank", "community") if m in attrs]
    degrees = None if "degree" in metrics else values if size == "degree" else _node_sizes(G, "degree", ends)
    rank = values if size is not None else degrees if degrees is not None else _node_sizes(G, "degree", ends)
    ranked = [n for n, _ in heapq.nsmallest(n_labels, rank.items(), key=lambda nv: (-nv[1], str(nv[0])))]
    layout_ = _network_layout(G, pos, lang, title, len(edges))
    labelled = _labelled(G, pos, lang, label, sorted(highlight, key=str) + [n for n in ranked if n not in highlight],
                         {n: px.get(n, 10) * (1.6 if n in highlight else 1) / 2 for n in highlight | set(ranked)},
                         layout_, label_area)

    traces: list[dict] = []
    present = set(kinds_in(G, edges))
    if edge_kinds is None:
        edge_kinds = _edge_kinds(G, present)
    else:
        edge_kinds = [(k, k in present) if isinstance(k, str) else tuple(k) for k in edge_kinds]
    names = {n: node_label(G, n, lang, label) for n in G.nodes}  # for the edges' hovers and the nodes'
    traces += _edge_traces(G, ends, lang, Scatter, edge_kinds, names)
    labels: list[dict] = []
    groups: dict = {c: [] for c in categories}
    for n, d in G.nodes.items():
        if n in pos and d.get(color, "") in groups:
            groups[d.get(color, "")].append(n)
    for i, cat in enumerate(categories):
        nodes = groups[cat]
        xy = np.array([pos[n] for n in nodes], dtype=float).reshape(-1, 2)
        colour, symbol = category_style(cat, i, color)
        sizes = np.array([px.get(n, 10) * (1.6 if n in highlight else 1) for n in nodes], dtype=float)
        if webgl:
            text = {}
            labels += [dict(x=float(xy[i, 0]), y=float(xy[i, 1]), xref="x", yref="y", text=esc(node_short(G, n, lang, label)),
                            showarrow=False, yanchor="bottom", yshift=float(sizes[i]) / 2, font=dict(size=11, color="#111"),
                            bgcolor="rgba(255,255,255,0.8)", borderpad=1, name=str(n))
                       for i, n in enumerate(nodes) if n in labelled]  # not each row of xy: numpy's rows are slow to walk
        else:
            # " ", not "": plotly.js drops the text element of an empty label, and Plotly.react then
            # puts the next labels on the wrong points (a selected node showed its outline, not its name)
            text = dict(text=[esc(node_short(G, n, lang, label)) if n in labelled else " "
                              for n in nodes], textposition="top center", textfont=dict(size=11))
        traces.append(dict(
            type=Scatter, x=xy[:, 0] if webgl else xy[:, 0].tolist(), y=xy[:, 1] if webgl else xy[:, 1].tolist(),
            mode="markers" if webgl else "markers+text",
            name=esc(type_label(cat, lang)) if color == "type" else esc(cat) if cat != "" else t("lane_other", lang),
            ids=_strings([str(n) for n in nodes], Scatter), customdata=_strings([str(n) for n in nodes], Scatter),
            **text,
            hovertext=_strings(node_hovers(G, nodes, lang, label, metrics, degrees, names), Scatter),
            hoverinfo="text",
            marker=dict(
                size=sizes,
                color=colour, symbol=symbol,
                line=dict(width=[3 if n in highlight else 0.8 for n in nodes],
                          color=["#000000" if n in highlight else "#ffffff" for n in nodes])
                if highlight & set(nodes) else dict(width=0.8, color="#ffffff"),
            ),
            legendgroup="nodes", legendrank=1,
        ))
    for kind, shown in edge_kinds if edge_legend else ():
        traces.append(dict(type=Scatter, x=[None], y=[None], mode="markers", name=esc(edge_label(kind, lang)),
                              marker=dict(size=8, symbol="square", color=_edge_colour(kind)), hoverinfo="skip", ids=[], hovertext=[],
                              showlegend=shown, legendgroup="edges", legendrank=2,
                              legendgrouptitle=dict(text=esc(t("edge_legend", lang)))))
    spec = dict(data=traces, layout=layout_)
    spec["layout"]["annotations"] += labels
    if webgl:
        spec["layout"]["shapes"] = [_edge_path(ends)]
    return spec



@documented(NETWORK)
def network_figure(G: nx.Graph, lang: str = "en", *, pos: dict | None = None, color: str = "type",
                   categories: list | None = None, highlight=(), n_labels: int = 12, title: str | None = None,
                   size: str | None = "degree", label: str | None = None, edge_kinds: list | None = None,
                   webgl: bool | None = None, edge_legend: bool = True, label_area: tuple | None = None) -> go.Figure:
    """The network of :func:`network_spec` as a ``go.Figure``, checked by Plotly.

    Parameters
    ----------
    {parameters}

    >>> import networkx as nx
    >>> fig = network_figure(nx.karate_club_graph(), color="club")
    >>> [tr.name for tr in fig.data[2:]]
    ['Mr. Hi', 'Officer']
    """
    return go.Figure(network_spec(G, lang, pos=pos, color=color, categories=categories, highlight=highlight,
                                  n_labels=n_labels, title=title, size=size, label=label, edge_kinds=edge_kinds,
                                  webgl=webgl, edge_legend=edge_legend, label_area=label_area))



def _labelled(G: nx.Graph, pos: dict, lang: str, attr, wanted: list, gaps: dict, layout_: dict, area) -> set:
    """The nodes of ``wanted`` (the most wanted first) to label: all of them, or with a plot ``area``
    (pixels) those whose labels do not cross, at the axes' ranges of ``layout_``."""
    wanted = [n for n in wanted if n in pos]
    if area is None:
        return set(wanted)
    (x0, x1), (y0, y1) = layout_["xaxis"]["range"], layout_["yaxis"]["range"]
    width, height = area
    points = [((pos[n][0] - x0) / (x1 - x0) * width, (y1 - pos[n][1]) / (y1 - y0) * height) for n in wanted]
    keep = pick_labels(points, [node_short(G, n, lang, attr) for n in wanted], [gaps[n] for n in wanted])
    return {n for n, k in zip(wanted, keep) if k}


def network_title(G: nx.Graph, lang: str = "en") -> str:
    """The default title of a network: the date of an ``as_of`` graph, or its ``window`` (plain text).

    >>> import gcm_explore as gx
    >>> network_title(gx.build_network(gx.load_dataset(), as_of="2018-12-31"))
    'Actors and processes as of 31 December 2018'
    """
    as_of, window = G.graph.get("as_of"), G.graph.get("window")
    if window is not None:
        start, end = (format_date(x, "day", lang) if x is not None else "…" for x in window)
        return t("network_window_title", lang, start=start, end=end)
    if as_of is not None:
        return t("network_title", lang, date=format_date(as_of, "day", lang))
    return ""


def _network_layout(G: nx.Graph, pos: dict, lang: str, title: str | None, n_edges: int) -> dict:
    # the axes span every position given (for the Explorer, the full graph's), whatever is drawn:
    # a node keeps its place on the screen across dates and filters, and the graph fills the plot
    xy = np.array(list(pos.values()), dtype=float).reshape(-1, 2)
    lo, hi = (xy.min(axis=0), xy.max(axis=0)) if len(xy) else (np.full(2, -1.0), np.full(2, 1.0))
    pad = np.maximum((hi - lo) * 0.06, 0.02)
    return merged(base_layout(lang, title if title is not None else network_title(G, lang)), dict(
        xaxis=dict(visible=False, range=[float(lo[0] - pad[0]), float(hi[0] + pad[0])]),
        yaxis=dict(visible=False, range=[float(lo[1] - pad[1]), float(hi[1] + 2 * pad[1])]),  # room for labels
        dragmode="pan", hovermode="closest", uirevision="network",
        legend=dict(x=-0.02 if lang == "ar" else 1.02, xanchor="right" if lang == "ar" else "left", y=1,
                    font=dict(size=11), tracegroupgap=12, groupclick="toggleitem"),
        margin=dict(l=20 if lang == "en" else 170, r=170 if lang == "en" else 20, t=60, b=20),
        annotations=[dict(text=esc(t("network_counts", lang, nodes=len(G.nodes), edges=n_edges)),
                          xref="paper", yref="paper", x=1 if lang == "ar" else 0, y=0, showarrow=False,
                          xanchor="right" if lang == "ar" else "left", font=dict(size=11, color="#555"))],
    ))



def category_style(cat, i: int, color: str = "type") -> tuple[str, str]:
    """(colour, marker symbol) of the ``i``-th node category: processes are dark diamonds and events
    grey triangles when nodes are coloured by type, every other category a circle of the palette."""
    special = {"process": ("#222222", "diamond"), "event": ("#777777", "triangle-up")}
    if color == "type" and cat in special:
        return special[cat]
    return PALETTE[i % len(PALETTE)], "circle"


def node_key(G: nx.Graph, categories: list, lang: str = "en") -> list[tuple[str, str, str]]:
    """(label, colour, symbol) of each node type of ``categories`` that ``G`` has, in their order:
    the key to the node colours of :func:`network_spec` drawn with these ``categories``.

    >>> import gcm_explore as gx
    >>> G = gx.build_network(gx.load_dataset())
    >>> node_key(G, node_categories(G))[:2]
    [('GCM process', '#222222', 'diamond'), ('Member State', '#E69F00', 'circle')]
    """
    present = {d.get("type", "") for d in G.nodes.values()}
    return [(type_label(cat, lang), *category_style(cat, i)) for i, cat in enumerate(categories) if cat in present]


def edge_key(G: nx.Graph, lang: str = "en") -> list[tuple[str, str]]:
    """(label, colour) of each kind of edge in ``G``, in the legend's order: the key to the colours
    of the edges' midpoints in :func:`network_spec`.

    >>> import gcm_explore as gx
    >>> edge_key(gx.build_network(gx.load_dataset()))[0]
    ('took part in', '#999999')
    """
    return [(edge_label(k, lang), _edge_colour(k)) for k, shown in _edge_kinds(G) if shown]



def _edge_kinds(G: nx.Graph, present: set | None = None) -> list[tuple[str, bool]]:
    """(kind, present) for each edge legend entry: all of ours (a graph of actors, processes or
    events), or those present in a foreign graph (``present``: the kinds of its edges, if known)."""
    present = (set(kinds_in(G, edge_list(G))) if present is None else set(present)) - {""}
    if any(d.get("kind") in ("actor", "process", "event") for d in G.nodes.values()):
        return [(k, k in present) for k in EDGE_KINDS] + [(k, True) for k in sorted(present - set(EDGE_KINDS))]
    return [(k, True) for k in sorted(present, key=str)]



def _edge_colour(kind: str) -> str:
    i = EDGE_KINDS.index(kind) if kind in EDGE_KINDS else len(EDGE_KINDS) + sum(map(ord, str(kind)))
    return EDGE_PALETTE[i % len(EDGE_PALETTE)]



class _Ends:
    """The ends of a graph's edges, read once for the sizes, the edge traces and the path: each
    edge's ends as indices into the graph's nodes, and each node's place (NaN where ``pos`` has none)."""

    def __init__(self, G: nx.Graph, edges: list, pos: dict):
        self.edges, self.nodes = edges, list(G.nodes)
        index = dict(zip(self.nodes, range(len(self.nodes))))
        self.u = np.array([index[u] for u, _, _ in edges], dtype=np.intp)
        self.v = np.array([index[v] for _, v, _ in edges], dtype=np.intp)
        self.placed = np.array([n in pos for n in self.nodes], dtype=bool)
        self.xy = np.full((len(self.nodes), 2), np.nan)
        if self.placed.any():
            self.xy[self.placed] = np.array([pos[n] for n in self.nodes if n in pos], dtype=float).reshape(-1, 2)
        self.drawn = self.placed[self.u] & self.placed[self.v]  # the edges both of whose ends are placed

    def pairs(self, ranks: np.ndarray | None = None, drawn: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """The linked pairs of distinct nodes, each once, in the order of their first edges: their
        ends ``(first, second)`` as indices, the first the lower of ``ranks`` (or of the indices)
        and, if the same, the edge's first end; with ``drawn``, only those both of whose ends are placed."""
        keep = (self.u != self.v) & self.drawn if drawn else self.u != self.v
        u, v = self.u[keep], self.v[keep]
        swap = u > v if ranks is None else ranks[u] > ranks[v]
        lo, hi = np.where(swap, v, u), np.where(swap, u, v)
        _, first = np.unique(lo * len(self.nodes) + hi, return_index=True)
        first.sort()
        return lo[first], hi[first]


def _edge_traces(G: nx.Graph, ends: _Ends, lang: str, Scatter: str, kinds, names: dict) -> list[dict]:
    """Trace 0: every edge whose ends are placed as one line trace (gaps between edges); trace 1:
    their midpoints, with hovers (``names``: each node's name)."""
    drawn = ends.edges if ends.drawn.all() else [e for e, ok in zip(ends.edges, ends.drawn.tolist()) if ok]
    xy = np.full((len(drawn), 3, 2), np.nan)
    xy[:, 0], xy[:, 1] = ends.xy[ends.u[ends.drawn]], ends.xy[ends.v[ends.drawn]]
    mid = (xy[:, 0] + xy[:, 1]) / 2
    if Scatter == "scatter":  # SVG: plain lists, None between edges
        ex, ey = ([None if c != c else c for c in xy[:, :, i].ravel().tolist()] for i in (0, 1))
    else:  # WebGL: the edges are a path in the layout (see network_spec); trace 0 stays, empty
        ex, ey = [], []
    text = edge_hovers(G, drawn, lang, names=names)
    lines = dict(type=Scatter, x=ex, y=ey, mode="lines", line=EDGE_LINE, hoverinfo="skip", showlegend=False,
                 name=t("edge_legend", lang))
    # One number per edge, its kind, mapped to the kind's colour by a stepped colour scale:
    # numbers are checked and sent far faster than one colour string per edge.
    palette = ["rgba(0,0,0,0)", *(_edge_colour(k) for k, _ in kinds)]
    code = {k: i + 1 for i, (k, _) in enumerate(kinds)}
    colours = np.array([code.get(d.get("kind", ""), 0) for _, _, d in drawn], dtype=float)
    scale = [[j / len(palette), c] for i, c in enumerate(palette) for j in (i, i + 1)]
    mx, my = (mid[:, 0], mid[:, 1]) if Scatter == "scattergl" else (mid[:, 0].tolist(), mid[:, 1].tolist())
    return [lines, dict(type=Scatter, x=mx, y=my, mode="markers", hovertext=_strings(text, Scatter), hoverinfo="text",
                          marker=dict(size=4, color=colours, colorscale=scale, cmin=-0.5, cmax=len(palette) - 0.5,
                                      opacity=0.6, symbol="square", showscale=False),
                          showlegend=False, name=t("links", lang))]



def _edge_path(ends: _Ends) -> dict:
    """Every edge whose ends are placed as one SVG path: a layout shape named "edges", under the
    WebGL canvas."""
    # one segment per linked pair, in the order of the edges (the graph's: the same each time),
    # from the end whose id comes first as text
    _, ranks = np.unique(np.array([str(n) for n in ends.nodes], dtype=object).astype(str), return_inverse=True)
    lo, hi = ends.pairs(ranks, drawn=True)
    at = np.array([f"{x:.4f},{y:.4f}" for x, y in ends.xy.tolist()], dtype=object)  # once per node
    path = "M" + "M".join(map("L".join, zip(at[lo].tolist(), at[hi].tolist()))) if len(lo) else "M0,0"
    return dict(type="path", path=path, xref="x", yref="y", layer="below", line=EDGE_LINE, name="edges")



def _strings(values: list, Scatter: str) -> list | np.ndarray:
    """Text for a trace: for WebGL (large) figures a numpy object array, which Plotly checks at once."""
    return np.array(values, dtype=object) if Scatter == "scattergl" else values



def _node_sizes(G: nx.Graph, size, ends: _Ends) -> dict:
    """The number behind each node's marker size (see ``size`` in :func:`network_figure`); ``ends``:
    those of ``G``'s edges."""
    if size is None:
        return dict.fromkeys(G.nodes, 0)
    if all(isinstance(d.get(size), (int, float, np.number)) for d in G.nodes.values()):
        return {n: float(d[size]) for n, d in G.nodes.items()}
    if size == "degree":  # the other nodes it is linked to, either way
        lo, hi = ends.pairs()
        return dict(zip(ends.nodes, np.bincount(np.concatenate([lo, hi]), minlength=len(ends.nodes)).astype(float).tolist()))
    if size == "weighted_degree":
        return {n: float(w) for n, w in as_graph(G).degree(weight="weight")}
    if size in SIZE_METRICS:
        from ..model.analysis import node_metrics

        return {n: float(v) for n, v in node_metrics(as_graph(G))[size].items()}
    return {n: float(d[size]) if isinstance(d.get(size), (int, float, np.number)) else 0.0
            for n, d in G.nodes.items()}
