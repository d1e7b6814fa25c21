"""Plotly figures: one function per view, taking data and returning a ``go.Figure``.

The only module that imports Plotly. Text from the data is escaped before it reaches a
hover or a label.

>>> import gcm_explore as gx
>>> ds = gx.load_dataset()
>>> fig = gx.timeline_figure(ds, lang="ar")
>>> fig.layout.yaxis.side
'right'
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .i18n import MONTHS, direction, esc, format_date, format_span, t
from .network import DERIVED_KINDS, EDGE_KINDS, layout
from .network import edge_kinds as kinds_in
from .timeline import LANE_MODES, timeline_frame
from .vocab import ACTOR_TYPES, EVENT_KINDS, RELATION_KINDS, label

__all__ = ["network_figure", "timeline_figure", "node_categories", "PALETTE", "FONT"]

#: Colour-blind-safe qualitative palette (Okabe & Ito, then Paul Tol's muted scheme).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#332288", "#882255", "#44AA99", "#999933", "#AA4499", "#117733", "#88CCEE"]
#: Fonts with Arabic glyphs first, so Arabic is shaped the same way everywhere.
FONT = "Noto Sans, Noto Sans Arabic, Noto Naskh Arabic, DejaVu Sans, Arial, sans-serif"
DEFAULT_RANGE = ("2016-08-01", "2022-07-31")


def _base_layout(lang: str, title: str) -> dict:
    return dict(
        title=dict(text=esc(title), x=0.99 if lang == "ar" else 0.01, xanchor="right" if lang == "ar" else "left"),
        font=dict(family=FONT, size=13),
        template="plotly_white",
        margin=dict(l=20, r=20, t=60, b=20),
        hoverlabel=dict(font=dict(family=FONT), align="right" if lang == "ar" else "left"),
        legend=dict(x=0 if lang == "ar" else 1, xanchor="left" if lang == "ar" else "right", y=1,
                    bgcolor="rgba(255,255,255,0.8)"),
    )


def _type_label(kind: str, lang: str) -> str:
    if kind == "process":
        return t("process_node", lang)
    if kind == "event":
        return t("event_node", lang)
    return label(ACTOR_TYPES, kind, lang)


def node_categories(G: nx.Graph, color: str = "type") -> list:
    """The values of node attribute ``color`` in ``G``: processes and events first, then vocabulary order.

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_nodes_from([(1, {"type": "state"}), (2, {"type": "process"}), (3, {"type": "band"})])
    >>> node_categories(G)
    ['process', 'state', 'band']
    """
    present = {d.get(color, "") for _, d in G.nodes(data=True)}
    order = ["process", "event", *ACTOR_TYPES] if color == "type" else []
    rest = [c for c in present if c not in order]
    try:
        rest.sort()
    except TypeError:
        rest.sort(key=str)
    return [c for c in order if c in present] + rest


#: Above this many nodes (or five times as many edges) a network is drawn with WebGL (``scattergl``).
GL_THRESHOLD = 1000
#: the veil over the dates after ``as_of`` on the timeline: the events behind it show at about a quarter
VEIL = "rgba(255,255,255,0.72)"
#: Node metrics ``size`` can name without the graph carrying them (computed, cached).
SIZE_METRICS = ("degree", "weighted_degree", "betweenness", "pagerank")
#: The network's edges: thin grey lines (their colours are those of their midpoints, by kind).
EDGE_LINE = dict(width=0.8, color="rgba(120,120,120,0.45)")
#: Colours of the edge kinds, in the order of :data:`gcm_explore.network.EDGE_KINDS`.
EDGE_PALETTE = ["#999999", "#117733", "#882255", "#332288", "#D55E00", "#0072B2", "#AA4499", "#999933",
                "#44AA99", "#CC79A7", "#E69F00", "#009E73", "#56B4E9", "#88CCEE",
                # one colour per kind: with 14, 'funds' had the grey of 'took part in' in the key
                "#DDCC77", "#661100", "#EE3377", "#000000", "#6A3D9A"]


def network_spec(G: nx.Graph, lang: str = "en", pos: dict | None = None, color: str = "type",
                   categories: list | None = None, highlight=(), n_labels: int = 12,
                   title: str | None = None, size: str | None = "degree", label: str | None = None,
                 edge_kinds: list | None = None, webgl: bool | None = None, edge_legend: bool = True) -> dict:
    """Draw a network: any networkx graph, ours (actors, processes, events) or another, as a
    Plotly figure dict (``{"data": [...], "layout": {...}}``); :func:`network_figure` gives it as
    a ``go.Figure``.

    Parameters
    ----------
    G : networkx graph. Node labels come from ``label_en`` / ``label_ar`` (then ``label``,
        ``name``, the node id), edge kinds from the edge attribute ``kind``.
    lang : 'en' or 'ar': language of the legend, labels, hovers and title.
    pos : ``{node: (x, y)}``; computed with :func:`gcm_explore.network.layout` (cached) if None.
        Pass the positions of the full graph to keep nodes in place across filtered views.
    color : node attribute that picks the colour and the legend entry.
    categories : the legend entries, in order, one trace each (also those with no node), so
        that a filtered view has the same traces as the full one and can update it in place.
    highlight : node ids drawn larger with a dark outline, and labelled.
    n_labels : how many nodes (the largest) get a text label.
    title : the title; by default the date of an ``as_of`` graph or the ``window``.
    size : what sets the marker size: 'degree' (distinct neighbours), 'weighted_degree',
        'betweenness', 'pagerank' (computed if the nodes do not carry them), another numeric
        node attribute, or None for one size.
    label : node attribute for labels and hovers instead of ``label_<lang>``.
    edge_kinds : the edge legend entries, in order (by default every kind of
        :data:`~gcm_explore.network.EDGE_KINDS` for our graphs, so traces stay the same
        across views, and the kinds present for another graph).
    edge_legend : the edge kinds in the legend (below the categories). Without them the legend
        redraws faster; :func:`edge_key` gives them to show elsewhere.
    webgl : draw with ``scattergl``; by default when ``G`` has more than :data:`GL_THRESHOLD`
        nodes or five times as many edges. The browser redraws a WebGL network two to four
        times faster (measured on the explorer's network). Its labels are then annotations:
        SVG text, shaped by the browser like the rest of the page and drawn above the WebGL
        canvas (an SVG text trace would be drawn under it). They do not follow the legend:
        hiding a category keeps its few labels. The edges are then one SVG path, a layout shape
        named "edges" under the canvas, and trace 0 is empty: Plotly draws the path without
        computing a trace, and WebGL has no lines to render. A jump across the explorer's dates
        redraws about twice as fast (measured in Chromium with software WebGL).

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
    if lang not in ("en", "ar"):
        raise ValueError(f"{lang!r} is not a valid value for `lang`. Valid values are: 'en', 'ar'.")
    attrs = {k for _, d in G.nodes(data=True) for k in d}
    for name, value, fallback in (("color", color, "type"), ("size", size, None), ("label", label, None)):
        if value is not None and value != fallback and value not in attrs and not (name == "size" and value in SIZE_METRICS):
            choices = sorted(attrs) + (list(SIZE_METRICS) if name == "size" else [])
            raise ValueError(f"{value!r} is not a node attribute of G (in `{name}`). "
                             f"Expected one of {choices} but received: {value!r}")
    n_nodes, n_edges = G.number_of_nodes(), G.number_of_edges()
    webgl = n_nodes > GL_THRESHOLD or n_edges > 5 * GL_THRESHOLD if webgl is None else webgl
    Scatter = "scattergl" if webgl else "scatter"
    pos = pos if pos is not None else layout(G)
    categories = categories if categories is not None else node_categories(G, color)
    values = _node_sizes(G, size)
    vmax = max(values.values(), default=0)
    px = {n: 7 + 17 * (v / vmax) ** 0.5 if vmax > 0 else 10 for n, v in values.items()}
    highlight = {n for n in highlight if n in G}
    metrics = [m for m in ("degree", "weighted_degree", "betweenness", "pagerank", "community") if m in attrs]
    degrees = None if "degree" in metrics else values if size == "degree" else _node_sizes(G, "degree")
    rank = values if size is not None else degrees if degrees is not None else _node_sizes(G, "degree")
    labelled = {n for n, _ in sorted(rank.items(), key=lambda nv: (-nv[1], str(nv[0])))[:n_labels]}

    traces: list[dict] = []
    if edge_kinds is None:
        edge_kinds = _edge_kinds(G)
    else:
        present = set(kinds_in(G))
        edge_kinds = [(k, k in present) if isinstance(k, str) else tuple(k) for k in edge_kinds]
    traces += _edge_traces(G, pos, lang, label, Scatter, edge_kinds)
    labels: list[dict] = []
    groups: dict = {c: [] for c in categories}
    for n, d in G.nodes(data=True):
        if n in pos and d.get(color, "") in groups:
            groups[d.get(color, "")].append(n)
    for i, cat in enumerate(categories):
        nodes = groups[cat]
        xy = np.array([pos[n] for n in nodes], dtype=float).reshape(-1, 2)
        special = {"process": ("#222222", "diamond"), "event": ("#777777", "triangle-up")}
        colour, symbol = special.get(cat, (PALETTE[i % len(PALETTE)], "circle")) if color == "type" else \
            (PALETTE[i % len(PALETTE)], "circle")
        sizes = np.array([px.get(n, 10) * (1.6 if n in highlight else 1) for n in nodes], dtype=float)
        if webgl:
            text = {}
            labels += [dict(x=float(x), y=float(y), xref="x", yref="y", text=esc(_node_short(G, n, lang, label)),
                            showarrow=False, yanchor="bottom", yshift=float(size) / 2, font=dict(size=11), name=str(n))
                       for n, (x, y), size in zip(nodes, xy, sizes) if n in labelled or n in highlight]
        else:
            # " ", not "": plotly.js drops the text element of an empty label, and Plotly.react then
            # puts the next labels on the wrong points (a selected node showed its outline, not its name)
            text = dict(text=[esc(_node_short(G, n, lang, label)) if n in labelled or n in highlight else " "
                              for n in nodes], textposition="top center", textfont=dict(size=11))
        traces.append(dict(
            type=Scatter, x=xy[:, 0] if webgl else xy[:, 0].tolist(), y=xy[:, 1] if webgl else xy[:, 1].tolist(),
            mode="markers" if webgl else "markers+text",
            name=esc(_type_label(cat, lang)) if color == "type" else esc(cat) if cat != "" else t("lane_other", lang),
            ids=_strings([str(n) for n in nodes], Scatter), customdata=_strings([str(n) for n in nodes], Scatter),
            **text,
            hovertext=_strings([_node_hover(G, n, lang, label, metrics, None if degrees is None else degrees.get(n, 0))
                                for n in nodes], Scatter),
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
        traces.append(dict(type=Scatter, x=[None], y=[None], mode="markers", name=esc(_edge_kind_label(kind, lang)),
                              marker=dict(size=8, symbol="square", color=_edge_colour(kind)), hoverinfo="skip", ids=[], hovertext=[],
                              showlegend=shown, legendgroup="edges", legendrank=2,
                              legendgrouptitle=dict(text=esc(t("edge_legend", lang)))))
    spec = dict(data=traces, layout=_network_layout(G, pos, lang, title))
    spec["layout"]["annotations"] += labels
    if webgl:
        spec["layout"]["shapes"] = [_edge_path(G, pos)]
    return spec


def network_figure(G: nx.Graph, lang: str = "en", **kwargs) -> go.Figure:
    """The network of :func:`network_spec` (see it for the parameters) as a ``go.Figure``, checked by Plotly.

    >>> import networkx as nx
    >>> fig = network_figure(nx.karate_club_graph(), color="club")
    >>> [tr.name for tr in fig.data[2:]]
    ['Mr. Hi', 'Officer']
    """
    return go.Figure(network_spec(G, lang, **kwargs))


def _network_layout(G: nx.Graph, pos: dict, lang: str, title: str | None) -> dict:
    as_of, window = G.graph.get("as_of"), G.graph.get("window")
    default_title = ""
    if window is not None:
        start, end = (format_date(x, "day", lang) if x is not None else "…" for x in window)
        default_title = t("network_window_title", lang, start=start, end=end)
    elif as_of is not None:
        default_title = t("network_title", lang, date=format_date(as_of, "day", lang))
    # the axes span every position given (for the Explorer, the full graph's), whatever is drawn:
    # a node keeps its place on the screen across dates and filters, and the graph fills the plot
    xy = np.array(list(pos.values()), dtype=float).reshape(-1, 2)
    lo, hi = (xy.min(axis=0), xy.max(axis=0)) if len(xy) else (np.full(2, -1.0), np.full(2, 1.0))
    pad = np.maximum((hi - lo) * 0.06, 0.05)
    return _merged(_base_layout(lang, title if title is not None else default_title), dict(
        xaxis=dict(visible=False, range=[float(lo[0] - pad[0]), float(hi[0] + pad[0])]),
        yaxis=dict(visible=False, range=[float(lo[1] - pad[1]), float(hi[1] + 2 * pad[1])]),  # room for labels
        dragmode="pan", hovermode="closest", uirevision="network",
        legend=dict(x=-0.02 if lang == "ar" else 1.02, xanchor="right" if lang == "ar" else "left", y=1,
                    font=dict(size=11), tracegroupgap=12, groupclick="toggleitem"),
        margin=dict(l=20 if lang == "en" else 170, r=170 if lang == "en" else 20, t=60, b=20),
        annotations=[dict(text=esc(t("network_counts", lang, nodes=G.number_of_nodes(), edges=G.number_of_edges())),
                          xref="paper", yref="paper", x=1 if lang == "ar" else 0, y=0, showarrow=False,
                          xanchor="right" if lang == "ar" else "left", font=dict(size=11, color="#555"))],
    ))


def _merged(base: dict, extra: dict) -> dict:
    """``base`` updated by ``extra``, nested dicts merged (as ``fig.update_layout`` does)."""
    out = dict(base)
    for k, v in extra.items():
        out[k] = _merged(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def edge_key(G: nx.Graph, lang: str = "en") -> list[tuple[str, str]]:
    """(label, colour) of each kind of edge in ``G``, in the legend's order: the key to the colours
    of the edges' midpoints in :func:`network_spec`.

    >>> import gcm_explore as gx
    >>> edge_key(gx.build_network(gx.load_dataset()))[0]
    ('took part in', '#999999')
    """
    return [(_edge_kind_label(k, lang), _edge_colour(k)) for k, shown in _edge_kinds(G) if shown]


def _edge_kinds(G: nx.Graph) -> list[tuple[str, bool]]:
    """(kind, present) for each edge legend entry: all of ours (a graph of actors, processes or
    events), or those present in a foreign graph."""
    present = set(kinds_in(G)) - {""}
    if any(d.get("kind") in ("actor", "process", "event") for _, d in G.nodes(data=True)):
        return [(k, k in present) for k in EDGE_KINDS] + [(k, True) for k in sorted(present - set(EDGE_KINDS))]
    return [(k, True) for k in sorted(present, key=str)]


def _edge_kind_label(kind: str, lang: str) -> str:
    return t(kind, lang) if kind in DERIVED_KINDS else label(RELATION_KINDS, kind, lang)


def _edge_colour(kind: str) -> str:
    i = EDGE_KINDS.index(kind) if kind in EDGE_KINDS else len(EDGE_KINDS) + sum(map(ord, str(kind)))
    return EDGE_PALETTE[i % len(EDGE_PALETTE)]


def _edge_traces(G: nx.Graph, pos: dict, lang: str, attr, Scatter: str, kinds) -> list[dict]:
    """Trace 0: every edge as one line trace (gaps between edges); trace 1: their midpoints, with hovers."""
    ends = [(u, v, d) for u, v, d in G.edges(data=True) if u in pos and v in pos]
    xy = np.full((len(ends), 3, 2), np.nan)
    if ends:
        xy[:, 0] = [pos[u] for u, _, _ in ends]
        xy[:, 1] = [pos[v] for _, v, _ in ends]
    mid = (xy[:, 0] + xy[:, 1]) / 2
    if Scatter == "scatter":  # SVG: plain lists, None between edges
        ex, ey = ([None if c != c else c for c in xy[:, :, i].ravel().tolist()] for i in (0, 1))
    else:  # WebGL: the edges are a path in the layout (see network_spec); trace 0 stays, empty
        ex, ey = [], []
    labels: dict = {}

    def name(n):
        if n not in labels:
            labels[n] = esc(_node_label(G, n, lang, attr))
        return labels[n]

    kind_labels: dict = {}
    text = []
    for u, v, d in ends:
        kind = d.get("kind", "")
        if kind not in kind_labels:
            kind_labels[kind] = esc(_edge_kind_label(kind, lang))
        line = f"{name(u)} <i>{kind_labels[kind]}</i> {name(v)}" if kind else f"{name(u)} – {name(v)}"
        if d.get("start") is not None:
            line += f"<br>{t('date', lang)}: {esc(format_date(d.get('start'), 'day', lang))}"
        if d.get("events"):
            line += f"<br>{t('events', lang)}: {len(d['events'])} × " + esc(", ".join(map(str, d["events"][:5])))
            if len(d["events"]) > 5:
                line += " " + esc(t("more", lang, n=len(d["events"]) - 5))
        if d.get("sources"):
            line += f"<br>{t('sources', lang)}: {esc('; '.join(map(str, d['sources'])))}"
        text.append(line)
    lines = dict(type=Scatter, x=ex, y=ey, mode="lines", line=EDGE_LINE, hoverinfo="skip", showlegend=False,
                 name=t("edge_legend", lang))
    # One number per edge, its kind, mapped to the kind's colour by a stepped colour scale:
    # numbers are checked and sent far faster than one colour string per edge.
    palette = ["rgba(0,0,0,0)", *(_edge_colour(k) for k, _ in kinds)]
    code = {k: i + 1 for i, (k, _) in enumerate(kinds)}
    colours = np.array([code.get(d.get("kind", ""), 0) for _, _, d in ends], dtype=float)
    scale = [[j / len(palette), c] for i, c in enumerate(palette) for j in (i, i + 1)]
    mx, my = (mid[:, 0], mid[:, 1]) if Scatter == "scattergl" else (mid[:, 0].tolist(), mid[:, 1].tolist())
    return [lines, dict(type=Scatter, x=mx, y=my, mode="markers", hovertext=_strings(text, Scatter), hoverinfo="text",
                          marker=dict(size=4, color=colours, colorscale=scale, cmin=-0.5, cmax=len(palette) - 0.5,
                                      opacity=0.6, symbol="square", showscale=False),
                          showlegend=False, name=t("links", lang))]


def _edge_path(G: nx.Graph, pos: dict) -> dict:
    """Every edge of ``G`` as one SVG path: a layout shape named "edges", under the WebGL canvas."""
    segments = {(u, v) if str(u) <= str(v) else (v, u) for u, v in G.edges() if u in pos and v in pos and u != v}
    path = "".join(f"M{pos[u][0]:.4f},{pos[u][1]:.4f}L{pos[v][0]:.4f},{pos[v][1]:.4f}" for u, v in sorted(segments, key=str))
    return dict(type="path", path=path or "M0,0", xref="x", yref="y", layer="below", line=EDGE_LINE, name="edges")


def _strings(values: list, Scatter: str) -> list | np.ndarray:
    """Text for a trace: for WebGL (large) figures a numpy object array, which Plotly checks at once."""
    return np.array(values, dtype=object) if Scatter == "scattergl" else values


def _node_sizes(G: nx.Graph, size) -> dict:
    """The number behind each node's marker size (see ``size`` in :func:`network_figure`)."""
    if size is None:
        return dict.fromkeys(G.nodes, 0)
    if all(isinstance(d.get(size), (int, float, np.number)) for _, d in G.nodes(data=True)):
        return {n: float(d[size]) for n, d in G.nodes(data=True)}
    if size == "degree":
        if not G.is_multigraph() and not G.is_directed():
            return {n: float(len(G.adj[n]) - (n in G.adj[n])) for n in G}
        if G.is_directed():
            return {n: float(len((G.succ[n].keys() | G.pred[n].keys()) - {n})) for n in G}
        return {n: float(len(G.adj[n].keys() - {n})) for n in G}
    if size == "weighted_degree":
        return {n: float(w) for n, w in G.degree(weight="weight")}
    if size in SIZE_METRICS:
        from .analysis import node_metrics

        return {n: float(v) for n, v in node_metrics(G)[size].items()}
    return {n: float(d[size]) if isinstance(d.get(size), (int, float, np.number)) else 0.0
            for n, d in G.nodes(data=True)}


def _node_label(G, n, lang, attr=None) -> str:
    d = G.nodes[n]
    if attr is not None:
        return str(d.get(attr) or n)
    return str(d.get(f"label_{lang}") or d.get("label_en") or d.get("label") or d.get("name") or n)


def _node_short(G, n, lang, attr=None) -> str:
    d = G.nodes[n]
    return str((d.get(f"short_{lang}") if attr is None else None) or _node_label(G, n, lang, attr))


def _node_hover(G, n, lang, attr=None, metrics=(), degree=None) -> str:
    d = G.nodes[n]
    other = "en" if lang == "ar" else "ar"
    lines = [f"<b>{esc(_node_label(G, n, lang, attr))}</b>"]
    if attr is None and d.get(f"label_{other}"):
        lines.append(esc(d[f"label_{other}"]))
    if d.get("type") is not None:
        lines.append(f"{t('type', lang)}: {esc(_type_label(d.get('type', ''), lang))}")
    if d.get("region"):
        lines.append(esc(d["region"]))
    if d.get("first_active") is not None:
        span = format_span(d["first_active"], d.get("last_active"), "day", lang)
        lines.append(f"{t('active', lang)}: {esc(span)}")
    if degree is not None:
        lines.append(f"{t('degree', lang)}: {degree:g}")
    for m in metrics:
        value = d.get(m)
        if isinstance(value, float):
            value = f"{value:.3f}" if m == "betweenness" else f"{value:.4f}" if m == "pagerank" else f"{value:g}"
        lines.append(f"{t(m, lang)}: {esc(value)}")
    if d.get("sources"):
        sources = d["sources"] if isinstance(d["sources"], (list, tuple)) else [d["sources"]]
        lines.append(f"{t('sources', lang)}: {esc('; '.join(map(str, sources)))}")
    return "<br>".join(lines)


def _month_ticks(lo: pd.Timestamp, hi: pd.Timestamp, lang: str, step: int = 6) -> tuple[list, list]:
    months = MONTHS["ar" if lang == "ar" else "en"]
    ticks = pd.date_range(lo.to_period("Y").start_time, hi, freq=f"{step}MS")
    return list(ticks), [f"{months[d.month - 1][:3] if lang == 'en' else months[d.month - 1]}<br>{d.year}"
                         for d in ticks]


def _milestone_levels(frame: pd.DataFrame, min_days: int = 150, levels: int = 4) -> list[int]:
    """Stack milestone labels on ``levels`` rows so that labels on one row are ``min_days`` apart."""
    last: list[pd.Timestamp | None] = [None] * levels
    out = []
    for start in frame["start"]:
        level = next((i for i in range(levels) if last[i] is None or (start - last[i]).days >= min_days), None)
        if level is None:
            level = min(range(levels), key=lambda i: last[i])
        last[level] = start
        out.append(level)
    return out


#: The size the label placement assumes (pixels): the plot area of a figure about 1400 × 600.
LABEL_AREA = (1250, 420)
#: Vertical offsets (pixels, negative = up) tried in turn for a milestone label.
LABEL_OFFSETS = (-22, 22, -40, 40, -58, 58, -76, 76, -94, 94)


def _place_labels(xs: list, rows: list[int], texts: list[str], n_rows: int, x_range=DEFAULT_RANGE,
                  area=LABEL_AREA, font_px: float = 10) -> list[tuple[int, int]]:
    """Offsets ``(ax, ay)`` (pixels) for each label so that no two label boxes overlap.

    Labels stand at date ``xs[i]`` on lane ``rows[i]`` (0 = top lane) and are moved up or down
    by the first offset of :data:`LABEL_OFFSETS` that keeps them clear of the labels already
    placed and inside the plot, at the default zoom (``x_range``) in a plot area of ``area`` pixels;
    a label near the left or right edge is moved sideways (``ax``) to stay inside.

    >>> import pandas as pd
    >>> day = pd.Timestamp("2018-01-01")
    >>> _place_labels([day, day, pd.Timestamp("2016-08-02")], [3, 3, 0], ["first", "second", "third"], 8)
    [(0, -22), (0, 22), (27, -22)]
    """
    lo, hi = (pd.Timestamp(x) for x in x_range)
    per_day = area[0] / max((hi - lo).days, 1)
    lane_px = area[1] / max(n_rows, 1)
    height = font_px + 6
    placed: list[tuple[float, float, float, float]] = []
    out = []
    for x, row, text in zip(xs, rows, texts):
        cx = (pd.Timestamp(x) - lo).days * per_day
        cy = (row + 0.5) * lane_px
        half = (len(text) * font_px * 0.55 + 8) / 2
        ax = round(max(0.0, half + 10 - cx) - max(0.0, cx + half + 10 - area[0]))
        cx += ax
        best, best_hits = LABEL_OFFSETS[0], None
        for dy in LABEL_OFFSETS:
            box = (cx - half, cy + dy - height / 2, cx + half, cy + dy + height / 2)
            hits = sum(1 for b in placed if box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3])
            hits += 0.5 if box[1] < -8 or box[3] > area[1] + 8 else 0
            if best_hits is None or hits < best_hits:
                best, best_hits = dy, hits
            if hits == 0:
                break
        placed.append((cx - half, cy + best - height / 2, cx + half, cy + best + height / 2))
        out.append((ax, best))
    return out


def _lanes(tl: pd.DataFrame, lanes: str) -> list[str]:
    col = "lane" if lanes == "process" else f"lane_{lanes}"
    return (tl[[col, f"lane_{lanes}_order"]].drop_duplicates(col).sort_values(f"lane_{lanes}_order")[col].tolist())


def _ms(delta: pd.Timedelta) -> float:
    return delta.total_seconds() * 1000


def timeline_spec(ds, lang: str = "en", as_of=None, start=None, end=None, highlight=(),
                  lanes: str = "process", title: str | None = None, x_range=None,
                  label_highlighted: bool = True, label_area: tuple[int, int] = LABEL_AREA,
                  rangeslider: bool = True, frame: pd.DataFrame | None = None) -> dict:
    """Draw the events of ``ds`` in swimlanes, with the phases of the process as shaded bands, as a
    Plotly figure dict; :func:`timeline_figure` gives it as a ``go.Figure``.

    Single days are markers; intervals, and events known only to the month or the year, are
    bars across their span (a month-precision event covers its month and its hover says
    "May 2017", not a made-up day; its marker, hatched and hollow, stands mid-span).

    Parameters
    ----------
    ds : a :class:`~gcm_explore.data.Dataset`
    lang : 'en' or 'ar'. In Arabic the titles, month names and lane labels are Arabic and
        the lane labels stand on the right.
    as_of : date-like or None: a line marks it and a light veil over the later dates fades their
        events (a veil, not each point's opacity: moving the date then changes only the layout,
        which the browser redraws in a few milliseconds instead of every trace).
    start, end : keep only the events in this date range (None: all).
    highlight : event ids drawn larger with a dark outline and labelled; the other events fade.
    lanes : 'process' (one lane per process), 'kind' (per event kind) or 'actor' (per main
        actor: see :func:`gcm_explore.timeline.main_actors`).
    title : the title (default: "Timeline of the GCM process").
    x_range : the dates shown at first (default 2016-08 → 2022-07, the range slider shows all).
    label_highlighted : label the highlighted events instead of the milestones.
    label_area : the size (pixels) of the plot area the labels are placed for, so that they do
        not overlap at the first zoom: about the figure's width - 150 and height - 180.
    rangeslider : show the range slider under the dates (it draws every event a second time).
    frame : ``timeline_frame(ds, lang=lang)`` with a ``hover`` column (see :func:`timeline_hovers`),
        computed once by a caller that draws many figures of one dataset; None computes it.

    Returns
    -------
    dict: trace 0 the spans (horizontal bars: intervals and imprecise
    dates), then one marker trace per event kind (in the order of the vocabulary), each point's
    ``ids`` and ``customdata`` the event id.

    Examples
    --------
    >>> import gcm_explore as gx
    >>> spec = timeline_spec(gx.load_dataset(), lanes="kind", highlight=["marrakech_igc"])
    >>> "Conference" in spec["layout"]["yaxis"]["categoryarray"]
    True
    >>> [a["text"] for a in spec["layout"]["annotations"] if a["showarrow"]]
    ['Intergovernmental Conference to Adopt…']
    """
    if lang not in ("en", "ar"):
        raise ValueError(f"{lang!r} is not a valid value for `lang`. Valid values are: 'en', 'ar'.")
    if lanes not in LANE_MODES:
        raise ValueError(f"{lanes!r} is not a valid value for `lanes`. Valid values are: "
                         f"{', '.join(repr(m) for m in LANE_MODES)}.")
    tl = timeline_hovers(timeline_frame(ds, lang=lang), lang) if frame is None else frame
    if start is not None:
        tl = tl[tl["finish"] >= pd.Timestamp(start)]
    if end is not None:
        tl = tl[tl["start"] <= pd.Timestamp(end)]
    tl = tl.copy()
    col = "lane" if lanes == "process" else f"lane_{lanes}"
    tl[col] = tl[col].map(esc)  # lane names from the data are y values, shown as tick labels that render HTML
    highlight = {h for h in highlight if h in tl.index}
    lane_list = _lanes(tl, lanes)
    x_range = tuple(str(pd.Timestamp(x).date()) for x in x_range) if x_range is not None else DEFAULT_RANGE

    def opacity(eid) -> float:
        return 0.3 if highlight and eid not in highlight else 1.0

    colour = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(EVENT_KINDS)}
    spans = tl[(tl["finish"] > tl["start"]) | (tl["date_precision"] != "day")]
    traces = [dict(
        type="bar", orientation="h", base=[d.strftime("%Y-%m-%d") for d in spans["start"]],
        x=[_ms(f + pd.Timedelta(days=1) - s) for s, f in zip(spans["start"], spans["finish"])],
        y=list(spans[col]), width=0.45, ids=[f"span:{e}" for e in spans.index], customdata=list(spans.index),
        hovertext=list(spans["hover"]), hoverinfo="text",
        marker=dict(color=(colours := [colour.get(k, "#777777") for k in spans["kind"]]),
                    opacity=[0.45 * opacity(e) for e in spans.index],
                    # white hatching on each bar's colour; "replace" with the colours given, not
                    # "overlay": with one colour per bar, plotly.js warned (in the console, twice a draw)
                    pattern=dict(shape=["" if p == "day" else "/" for p in spans["date_precision"]], fgcolor="#ffffff",
                                 bgcolor=colours, fillmode="replace", solidity=0.4),
                    line=dict(width=[2 if e in highlight else 0 for e in spans.index], color="#000000")),
        showlegend=False, name="intervals",
    )]
    for kind in EVENT_KINDS:
        sub = tl[tl["kind"] == kind]
        precise = sub["date_precision"] == "day"
        # an imprecise date stands mid-span, not on a made-up first day of its month or year
        where = [s if p else s + (f + pd.Timedelta(days=1) - s) / 2
                 for s, f, p in zip(sub["start"], sub["finish"], precise)]
        traces.append(dict(
            type="scatter",
            # ISO strings, not datetime64 arrays: a widget would send those as raw numbers
            x=[d.strftime("%Y-%m-%d") for d in where], y=list(sub[col]), mode="markers",
            name=esc(label(EVENT_KINDS, kind, lang)),
            ids=list(sub.index), customdata=list(sub.index),
            hovertext=list(sub["hover"]), hoverinfo="text",
            showlegend=bool(len(sub)),
            marker=dict(
                size=[18 if e in highlight else 11 for e in sub.index],
                color=colour[kind],
                symbol=["circle" if p else "diamond-open" for p in precise],
                opacity=[opacity(e) for e in sub.index],
                line=dict(width=[3 if e in highlight else 1 if p else 2 for e, p in zip(sub.index, precise)],
                          color=["#000000" if e in highlight else "#ffffff" if p else colour[kind]
                                 for e, p in zip(sub.index, precise)]),
            ),
        ))

    shapes, annotations = _phase_bands(ds, lang)
    labelled = tl[tl.index.isin(highlight)] if highlight and label_highlighted else tl[tl["key"]]
    rows = [lane_list.index(lane) for lane in labelled[col]]
    texts = [_clip(x) for x in labelled["title"]]
    offsets = _place_labels(list(labelled["start"]), rows, texts, len(lane_list), x_range, label_area)
    for (dx, dy), text, (eid, r) in zip(offsets, texts, labelled.iterrows()):
        annotations.append(dict(x=r["start"], y=r[col], xref="x", yref="y", text=esc(text),
                                showarrow=True, arrowhead=0, arrowwidth=1, arrowcolor="#888", ax=dx, ay=dy,
                                font=dict(size=12 if eid in highlight else 10), bgcolor="rgba(255,255,255,0.85)"))
    lo = min(tl["start"].min(), pd.Timestamp(x_range[0])) if len(tl) else pd.Timestamp(x_range[0])
    hi = max(tl["finish"].max(), pd.Timestamp(x_range[1])) if len(tl) else pd.Timestamp(x_range[1])
    tickvals, ticktext = _month_ticks(lo, hi, lang)
    spec = dict(data=traces, layout=_merged(_base_layout(lang, title if title is not None else t("timeline_title", lang)), dict(
        shapes=shapes, annotations=annotations, hovermode="closest", uirevision="timeline", barmode="overlay",
        xaxis=dict(type="date", range=list(x_range), tickvals=tickvals, ticktext=ticktext,
                   rangeslider=dict(visible=rangeslider, thickness=0.06), showgrid=True),
        yaxis=dict(type="category", categoryorder="array", categoryarray=lane_list[::-1],
                   side="right" if lang == "ar" else "left", automargin=True, title=None, tickfont=dict(size=12)),
        legend=dict(orientation="h", yanchor="top", y=-0.32, x=1 if lang == "ar" else 0,
                    xanchor="right" if lang == "ar" else "left", font=dict(size=11)),
        margin=dict(l=20, r=20, t=90, b=30),
        meta={"dir": direction(lang), "lanes": lanes, "last": hi.strftime("%Y-%m-%d")},
    )))
    return mark_as_of(spec, as_of, lang) if as_of is not None else spec


def mark_as_of(spec: dict, as_of, lang: str = "en") -> dict:
    """``spec`` (a :func:`timeline_spec` drawn without ``as_of``) with the date ``as_of`` marked: a
    line, its label, and a light veil over the later dates. Only the layout changes: a caller that
    moves through dates draws the events once and marks each date.

    >>> import gcm_explore as gx
    >>> spec = timeline_spec(gx.load_dataset())
    >>> marked = mark_as_of(spec, "2018-07-13")
    >>> marked["data"] is spec["data"], len(marked["layout"]["shapes"]) - len(spec["layout"]["shapes"])
    (True, 2)
    """
    cutoff = pd.Timestamp(as_of)
    layout = spec["layout"]
    last = max(pd.Timestamp(layout["meta"]["last"]), cutoff) + pd.Timedelta(days=1)
    # the veil ends at the last date drawn: a shape counts when Plotly fits the axis to the figure
    shapes = [*layout["shapes"],
              dict(type="rect", xref="x", yref="paper", x0=cutoff, x1=last, y0=0, y1=1, fillcolor=VEIL,
                   line=dict(width=0), layer="above", name="later"),
              dict(type="line", xref="x", yref="paper", x0=cutoff, x1=cutoff, y0=0, y1=1,
                   line=dict(color="#D55E00", width=2, dash="dot"))]
    start, end = (pd.Timestamp(x) for x in layout["xaxis"]["range"])
    before = cutoff - start > (end - start) / 4  # room on the left of the line (the axis runs left to right)
    annotations = [*layout["annotations"],
                   # inside the plot, at the foot of the line (under the axis it hid the month labels)
                   dict(x=cutoff, y=0, xref="x", yref="paper", yanchor="bottom", showarrow=False,
                        xanchor="right" if before else "left", xshift=-3 if before else 3,
                        bgcolor="rgba(255,255,255,0.85)",
                        text=esc(t("as_of", lang) + " " + format_date(cutoff, "day", lang)),
                        font=dict(color="#D55E00", size=11))]
    return dict(spec, layout=dict(layout, shapes=shapes, annotations=annotations))


def timeline_figure(ds, lang: str = "en", **kwargs) -> go.Figure:
    """The timeline of :func:`timeline_spec` (see it for the parameters) as a ``go.Figure``, checked by Plotly.

    >>> import gcm_explore as gx
    >>> fig = gx.timeline_figure(gx.load_dataset(), lang="ar")
    >>> fig.layout.yaxis.side, fig.layout.xaxis.rangeslider.visible
    ('right', True)
    """
    return go.Figure(timeline_spec(ds, lang, **kwargs))


def timeline_hovers(tl: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``tl`` (a :func:`~gcm_explore.timeline.timeline_frame` in ``lang``) with a ``hover`` column:
    each event's hover text, escaped."""
    return tl.assign(hover=[_event_hover(r, lang) for _, r in tl.iterrows()])


def _phase_bands(ds, lang: str) -> tuple[list, list]:
    """The phases of the process as shaded bands, with their names above the plot."""
    shapes, annotations = [], []
    phases = ds.processes[ds.processes["kind"] == "phase"].sort_values("start")
    for j, (_, p) in enumerate(phases.iterrows()):
        p_end = p["end"] if pd.notna(p["end"]) else p["start"]
        shapes.append(dict(type="rect", xref="x", yref="paper", x0=p["start"], x1=p_end + pd.Timedelta(days=1),
                           y0=0, y1=1, fillcolor=PALETTE[(j + 3) % len(PALETTE)], opacity=0.10, line=dict(width=0),
                           layer="below"))
        name = p.get(f"short_{lang}") if isinstance(p.get(f"short_{lang}"), str) else p[f"name_{lang}"]
        annotations.append(dict(x=p["start"] + (p_end - p["start"]) / 2, y=1.0 + 0.045 * (j % 2), xref="x",
                                yref="paper", text=esc(name), showarrow=False, yanchor="bottom",
                                font=dict(size=10, color="#444")))
    return shapes, annotations


def _clip(text: str, n: int = 38) -> str:
    text = str(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def _event_hover(r: pd.Series, lang: str) -> str:
    lines = [f"<b>{esc(r['title'])}</b>", esc(r["date_label"]), esc(r["kind_label"])]
    if r["place"]:
        lines.append(f"{t('place', lang)}: {esc(r['place'])}")
    if r["doc_symbol"]:
        lines.append(f"{t('document', lang)}: {esc(r['doc_symbol'])}")
    if r["participants"]:
        shown = r["participants"][:6]
        more = len(r["participants"]) - len(shown)
        text = ", ".join(shown) + (" " + t("more", lang, n=more) if more > 0 else "")
        lines.append(f"{t('participants', lang)}: {esc(text)}")
    lines.append(f"{t('sources', lang)}: {esc('; '.join(r['sources']))}")
    return "<br>".join(lines)
