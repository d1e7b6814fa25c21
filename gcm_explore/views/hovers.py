"""What a network's hovers say: a node's names, type, region, dates, metrics and sources; a
link's ends, kind, date, events and sources. Text from the data is escaped.

>>> import networkx as nx
>>> G = nx.Graph([("a", "b")]); G.nodes["a"].update(label_en="A & B", type="state")
>>> node_hover(G, "a", degree=1)
'<b>A &amp; B</b><br>Type: Member State<br>Links to others: 1'
"""

from __future__ import annotations

import functools

import networkx as nx

from ..model.anygraph import node_label
from ..model.i18n import esc, format_date, format_span, t
from ..model.network import edge_label
from .style import type_label

__all__ = ["node_hover", "edge_hovers"]

#: How many node hovers, and how many edge hovers, are kept between drawings: a month of the
#: Explorer shares most of its nodes and edges, and what their hovers show, with the months around it.
HOVERS_KEPT = 1 << 15


def edge_hovers(G: nx.Graph, edges: list, lang: str = "en", attr: str | None = None) -> list[str]:
    """The hover of each edge of ``edges`` (``(u, v, data)`` of ``G``): its ends' names, its kind,
    date, events (their number and the first five) and sources."""
    labels = {n: node_label(G, n, lang, attr) for n in G}
    # what each hover shows, in list comprehensions (not a loop): a month's 7,000 edges at K=10
    parts = [(labels[u], labels[v], d.get("kind", ""), d.get("start"), _events_shown(d.get("events")),
              _hashable(d.get("sources")), lang) for u, v, d in edges]
    try:
        return [_edge_text(*p) for p in parts]
    except TypeError:  # a value a foreign graph has that cannot be a key: those hovers written each time
        return [_edge_text(*p) if _hashable_parts(p) else _edge_text.__wrapped__(*p) for p in parts]


def _events_shown(events) -> tuple | None:
    """Of an edge's events, what its hover shows: their number and the first five."""
    if not events:
        return None
    if not isinstance(events, (list, tuple)):
        events = tuple(events)
    return (len(events), *events[:5])


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


def _hashable_parts(parts: tuple) -> bool:
    try:
        hash(parts)
    except TypeError:
        return False
    return True


@functools.lru_cache(maxsize=HOVERS_KEPT, typed=True)
def _edge_text(u: str, v: str, kind, start, events: tuple | None, sources, lang: str) -> str:
    """An edge's hover from what it shows (each month of the Explorer writes most of them again);
    ``events``: their number, then the first five."""
    line = f"{esc(u)} <i>{esc(edge_label(kind, lang))}</i> {esc(v)}" if kind else f"{esc(u)} – {esc(v)}"
    if start is not None:
        line += f"<br>{t('date', lang)}: {esc(format_date(start, 'day', lang))}"
    if events:
        count, *first = events
        line += f"<br>{t('events', lang)}: {count} × " + esc(", ".join(map(str, first)))
        if count > 5:
            line += " " + esc(t("more", lang, n=count - 5))
    if sources:
        line += f"<br>{t('sources', lang)}: {esc('; '.join(map(str, sources if isinstance(sources, tuple) else [sources])))}"
    return line


def node_hover(G: nx.Graph, n, lang: str = "en", attr: str | None = None, metrics=(), degree=None) -> str:
    """The hover of node ``n``: its name (``attr``, or both languages), type, region, dates of
    activity, ``degree``, the values of ``metrics`` (node attributes) and sources."""
    d = G.nodes[n]
    other = "en" if lang == "ar" else "ar"
    shown = []
    for m in metrics:
        value = d.get(m)
        if isinstance(value, float):
            value = f"{value:.3f}" if m == "betweenness" else f"{value:.4f}" if m == "pagerank" else f"{value:g}"
        shown.append((m, esc(value)))
    sources = d.get("sources")
    if isinstance(sources, list):
        sources = tuple(sources)
    parts = (node_label(G, n, lang, attr), d.get(f"label_{other}") if attr is None else None, d.get("type"),
             d.get("region"), d.get("first_active"), d.get("last_active"), degree, tuple(shown), sources, lang)
    try:
        return _node_text(*parts)
    except TypeError:  # a value a foreign graph has that cannot be a key: written each time
        return _node_text.__wrapped__(*parts)


@functools.lru_cache(maxsize=HOVERS_KEPT, typed=True)
def _node_text(label, other, type_, region, first, last, degree, metrics: tuple, sources, lang) -> str:
    """A node's hover from what it shows (each month of the Explorer writes most of them again)."""
    lines = [f"<b>{esc(label)}</b>"]
    if other:
        lines.append(esc(other))
    if type_ is not None:
        lines.append(f"{t('type', lang)}: {esc(type_label(type_, lang))}")
    if region:
        lines.append(esc(region))
    if first is not None:
        lines.append(f"{t('active', lang)}: {esc(format_span(first, last, 'day', lang))}")
    if degree is not None:
        lines.append(f"{t('degree', lang)}: {degree:g}")
    lines += [f"{t(m, lang)}: {value}" for m, value in metrics]
    if sources:
        cited = "; ".join(map(str, sources if isinstance(sources, tuple) else [sources]))
        lines.append(f"{t('sources', lang)}: {esc(cited)}")
    return "<br>".join(lines)
