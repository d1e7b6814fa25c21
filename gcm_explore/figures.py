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
import pandas as pd
import plotly.graph_objects as go

from .i18n import MONTHS, direction, esc, format_date, t
from .network import layout
from .timeline import timeline_frame
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
    return t("process_node", lang) if kind == "process" else label(ACTOR_TYPES, kind, lang)


def node_categories(G: nx.Graph, color: str = "type") -> list[str]:
    """The values of node attribute ``color`` in ``G``, processes first, then vocabulary order."""
    present = {d.get(color, "") for _, d in G.nodes(data=True)}
    order = ["process", *ACTOR_TYPES]
    return [c for c in order if c in present] + sorted(c for c in present if c not in order)


def network_figure(G: nx.Graph, lang: str = "en", pos: dict | None = None, color: str = "type",
                   categories: list[str] | None = None, highlight=(), n_labels: int = 12,
                   title: str | None = None) -> go.Figure:
    """Draw a network of actors and processes.

    Parameters
    ----------
    G : networkx graph whose nodes have ``label_en`` / ``label_ar`` and the ``color`` attribute
        (missing attributes fall back to the node id).
    lang : 'en' or 'ar': language of the legend, labels and title.
    pos : ``{node: (x, y)}``; computed with :func:`gcm_explore.network.layout` if None. Pass the
        positions of the full graph to keep nodes in place across filtered views.
    color : node attribute that picks the colour and the legend entry.
    categories : the legend entries, in order, one trace each (also those with no node), so
        that a filtered view has the same traces as the full one and can update it in place.
    highlight : node ids drawn larger with a dark outline.
    n_labels : how many nodes (the most connected) get a text label.

    Returns
    -------
    plotly.graph_objects.Figure: trace 0 the edges, trace 1 the edge hover points, then one
    trace per category.
    """
    pos = pos if pos is not None else layout(G)
    categories = categories if categories is not None else node_categories(G, color)
    degree = dict(G.degree())
    labelled = set(sorted(G.nodes, key=lambda n: (-degree.get(n, 0), str(n)))[:n_labels])
    highlight = set(highlight)

    ex, ey, mx, my, mtext = [], [], [], [], []
    for u, v, d in G.edges(data=True):
        if u not in pos or v not in pos:
            continue
        (x0, y0), (x1, y1) = pos[u], pos[v]
        ex += [x0, x1, None]
        ey += [y0, y1, None]
        mx.append((x0 + x1) / 2)
        my.append((y0 + y1) / 2)
        kind = d.get("kind", "")
        kind_label = t("participated", lang) if kind == "participated" else label(RELATION_KINDS, kind, lang)
        text = (f"{esc(_node_label(G, u, lang))} <i>{esc(kind_label)}</i> {esc(_node_label(G, v, lang))}"
                f"<br>{t('date', lang)}: {esc(format_date(d.get('start'), 'day', lang)) or '–'}")
        if d.get("events"):
            text += f"<br>{len(d['events'])} × " + esc(", ".join(d["events"][:5]))
        text += f"<br>{t('sources', lang)}: {esc('; '.join(d.get('sources', [])))}"
        mtext.append(text)

    fig = go.Figure()
    fig.add_trace(go.Scatter(x=ex, y=ey, mode="lines", line=dict(width=0.8, color="rgba(120,120,120,0.45)"),
                             hoverinfo="skip", showlegend=False, name=t("edge_legend", lang)))
    fig.add_trace(go.Scatter(x=mx, y=my, mode="markers", marker=dict(size=6, color="rgba(0,0,0,0)"),
                             hovertext=mtext, hoverinfo="text", showlegend=False, name=t("links", lang)))
    for i, cat in enumerate(categories):
        nodes = [n for n, d in G.nodes(data=True) if d.get(color, "") == cat and n in pos]
        sizes = [8 + 3 * min(degree.get(n, 0), 12) ** 0.9 for n in nodes]
        fig.add_trace(go.Scatter(
            x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes],
            mode="markers+text",
            name=esc(_type_label(cat, lang)) if color == "type" else esc(cat),
            ids=[str(n) for n in nodes],
            customdata=[str(n) for n in nodes],
            text=[esc(_node_short(G, n, lang)) if n in labelled or n in highlight else "" for n in nodes],
            textposition="top center",
            textfont=dict(size=11),
            hovertext=[_node_hover(G, n, lang, degree) for n in nodes],
            hoverinfo="text",
            marker=dict(
                size=[s * (1.6 if n in highlight else 1) for s, n in zip(sizes, nodes)],
                color="#222222" if cat == "process" else PALETTE[i % len(PALETTE)],
                symbol="diamond" if cat == "process" else "circle",
                line=dict(width=[3 if n in highlight else 0.8 for n in nodes],
                          color=["#000000" if n in highlight else "#ffffff" for n in nodes]),
            ),
        ))
    as_of = G.graph.get("as_of")
    default_title = t("network_title", lang, date=format_date(as_of, "day", lang)) if as_of is not None else ""
    fig.update_layout(**_base_layout(lang, title if title is not None else default_title))
    fig.update_layout(
        xaxis=dict(visible=False, range=[-1.15, 1.15]), yaxis=dict(visible=False, range=[-1.15, 1.15]),
        dragmode="pan", hovermode="closest", uirevision="network",
        legend=dict(x=-0.02 if lang == "ar" else 1.02, xanchor="right" if lang == "ar" else "left", y=1,
                    font=dict(size=11)),
        margin=dict(l=20 if lang == "en" else 170, r=170 if lang == "en" else 20, t=60, b=20),
        annotations=[dict(text=esc(t("network_counts", lang, nodes=G.number_of_nodes(), edges=G.number_of_edges())),
                          xref="paper", yref="paper", x=1 if lang == "ar" else 0, y=0, showarrow=False,
                          xanchor="right" if lang == "ar" else "left", font=dict(size=11, color="#555"))],
    )
    return fig


def _node_label(G, n, lang) -> str:
    d = G.nodes[n]
    return str(d.get(f"label_{lang}") or d.get("label_en") or n)


def _node_short(G, n, lang) -> str:
    d = G.nodes[n]
    return str(d.get(f"short_{lang}") or _node_label(G, n, lang))


def _node_hover(G, n, lang, degree) -> str:
    d = G.nodes[n]
    other = "en" if lang == "ar" else "ar"
    lines = [f"<b>{esc(_node_label(G, n, lang))}</b>"]
    if d.get(f"label_{other}"):
        lines.append(esc(d[f"label_{other}"]))
    lines.append(f"{t('type', lang)}: {esc(_type_label(d.get('type', ''), lang))}")
    lines.append(f"{t('links', lang)}: {degree.get(n, 0)}")
    if d.get("sources"):
        lines.append(f"{t('sources', lang)}: {esc('; '.join(d['sources']))}")
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


def timeline_figure(ds, lang: str = "en", as_of=None, start=None, end=None, highlight=(),
                    title: str | None = None) -> go.Figure:
    """Draw the events of ``ds`` in swimlanes, one lane per process, with the phases as bands.

    Parameters
    ----------
    ds : a :class:`~gcm_explore.data.Dataset`
    lang : 'en' or 'ar'. In Arabic the titles, month names and lane labels are Arabic and
        the lane labels stand on the right.
    as_of : date-like or None: a line marks it and the later events are faded.
    start, end : keep only the events in this date range (None: all).
    highlight : event ids drawn larger with a dark outline.

    Returns
    -------
    plotly.graph_objects.Figure: trace 0 the intervals, then one marker trace per event kind
    (in the order of the vocabulary).
    """
    tl = timeline_frame(ds, start=start, end=end, lang=lang)
    cutoff = pd.Timestamp(as_of) if as_of is not None else None
    highlight = set(highlight)
    lanes = (tl.drop_duplicates("lane").sort_values(["lane_start", "start"])["lane"].tolist())

    fig = go.Figure()
    ix, iy = [], []
    for _, r in tl[tl["finish"] > tl["start"]].iterrows():
        ix += [r["start"], r["finish"], None]
        iy += [r["lane"], r["lane"], None]
    fig.add_trace(go.Scatter(x=ix, y=iy, mode="lines", line=dict(width=10, color="rgba(0,114,178,0.35)"),
                             hoverinfo="skip", showlegend=False, name="intervals"))
    for i, kind in enumerate(EVENT_KINDS):
        sub = tl[tl["kind"] == kind]
        future = (sub["start"] > cutoff) if cutoff is not None else pd.Series(False, index=sub.index)
        fig.add_trace(go.Scatter(
            # ISO strings, not datetime64 arrays: FigureWidget would send those as raw numbers
            x=[d.strftime("%Y-%m-%d") for d in sub["start"]], y=list(sub["lane"]), mode="markers",
            name=esc(label(EVENT_KINDS, kind, lang)),
            ids=list(sub.index), customdata=list(sub.index),
            hovertext=[_event_hover(r, lang) for _, r in sub.iterrows()], hoverinfo="text",
            showlegend=bool(len(sub)),
            marker=dict(
                size=[16 if e in highlight else 11 for e in sub.index],
                color=PALETTE[i % len(PALETTE)],
                symbol=["circle" if p == "day" else "circle-open" for p in sub["date_precision"]],
                opacity=[0.25 if f else 1.0 for f in future],
                line=dict(width=[3 if e in highlight else 1 for e in sub.index],
                          color=["#000000" if e in highlight else "#ffffff" for e in sub.index]),
            ),
        ))

    shapes, annotations = [], []
    phases = ds.processes[ds.processes["kind"] == "phase"].sort_values("start")
    for j, (_, p) in enumerate(phases.iterrows()):
        p_end = p["end"] if pd.notna(p["end"]) else p["start"]
        shapes.append(dict(type="rect", xref="x", yref="paper", x0=p["start"], x1=p_end + pd.Timedelta(days=1),
                           y0=0, y1=1, fillcolor=PALETTE[(j + 3) % len(PALETTE)], opacity=0.10, line_width=0,
                           layer="below"))
        name = p.get(f"short_{lang}") if isinstance(p.get(f"short_{lang}"), str) else p[f"name_{lang}"]
        annotations.append(dict(x=p["start"] + (p_end - p["start"]) / 2, y=1.0 + 0.045 * (j % 2), xref="x",
                                yref="paper", text=esc(name), showarrow=False, yanchor="bottom",
                                font=dict(size=10, color="#444")))
    key = tl[tl["key"]]
    for level, (_, r) in zip(_milestone_levels(key), key.iterrows()):
        annotations.append(dict(x=r["start"], y=r["lane"], xref="x", yref="y", text=esc(_clip(r["title"])),
                                showarrow=True, arrowhead=0, arrowwidth=1, arrowcolor="#888", ax=0,
                                ay=-(22 + 16 * level), font=dict(size=10), bgcolor="rgba(255,255,255,0.85)"))
    if cutoff is not None:
        shapes.append(dict(type="line", xref="x", yref="paper", x0=cutoff, x1=cutoff, y0=0, y1=1,
                           line=dict(color="#D55E00", width=2, dash="dot")))
        annotations.append(dict(x=cutoff, y=0, xref="x", yref="paper", yanchor="top", showarrow=False,
                                text=esc(t("as_of", lang) + " " + format_date(cutoff, "day", lang)),
                                font=dict(color="#D55E00", size=11)))

    lo = min(tl["start"].min(), pd.Timestamp(DEFAULT_RANGE[0])) if len(tl) else pd.Timestamp(DEFAULT_RANGE[0])
    hi = max(tl["finish"].max(), pd.Timestamp(DEFAULT_RANGE[1])) if len(tl) else pd.Timestamp(DEFAULT_RANGE[1])
    tickvals, ticktext = _month_ticks(lo, hi, lang)
    fig.update_layout(**_base_layout(lang, title if title is not None else t("timeline_title", lang)))
    fig.update_layout(
        shapes=shapes, annotations=annotations, hovermode="closest", uirevision="timeline",
        xaxis=dict(type="date", range=list(DEFAULT_RANGE), tickvals=tickvals, ticktext=ticktext,
                   rangeslider=dict(visible=True, thickness=0.06), showgrid=True),
        yaxis=dict(type="category", categoryorder="array", categoryarray=lanes[::-1], side="right" if lang == "ar" else "left",
                   automargin=True, title=None, tickfont=dict(size=12)),
        legend=dict(orientation="h", yanchor="top", y=-0.32, x=1 if lang == "ar" else 0,
                    xanchor="right" if lang == "ar" else "left", font=dict(size=11)),
        margin=dict(l=20, r=20, t=90, b=30),
    )
    fig.layout.meta = {"dir": direction(lang)}
    return fig


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

