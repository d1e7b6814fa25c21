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

from ..model.anygraph import GraphColumns, node_label
from ..model.i18n import esc, format_date, format_span, t
from ..model.network import edge_label
from .style import type_label

__all__ = ["node_hover", "node_hovers", "edge_hovers"]

#: How many node hovers, and how many edge hovers, are kept between drawings: a month of the
#: Explorer shares most of its nodes and edges, and what their hovers show, with the months around it.
HOVERS_KEPT = 1 << 15


def edge_hovers(G: nx.Graph, edges: list, lang: str = "en", attr: str | None = None, names: dict | None = None) -> list[str]:
    """The hover of each edge of ``edges`` (``(u, v, data)`` of ``G``): its ends' names, its kind,
    date, events (their number and the first five) and sources. ``names``: each node's
    :func:`node_label`, if the caller has them."""
    labels = names if names is not None else {n: node_label(G, n, lang, attr) for n in G.nodes}
    if isinstance(G, GraphColumns):  # read-only: each edge's hover is kept by its attributes themselves
        return _by_attrs(lang, [d for _, _, d in edges], [(labels[u], labels[v]) for u, v, _ in edges],
                         lambda missed: edge_hovers(None, [edges[i] for i in missed], lang, names=labels))
    # what each hover shows, in one list comprehension (ten times the bundled record: up to 7,660 edges); of the
    # events, their number and the first five
    parts = [(labels[u], labels[v], d.get("kind", ""), d.get("start"),
              ((len(ev), *ev[:5]) if isinstance(ev, (list, tuple)) else _first_events(ev)) if (ev := d.get("events")) else None,
              tuple(cited) if isinstance(cited := d.get("sources"), list) else cited, lang) for u, v, d in edges]
    return _texts(_edge_text, parts)


def _by_attrs(key, attrs: list, shown: list, write) -> list[str]:
    """The hovers of items (edges or nodes) whose attributes nothing changes (those of
    :class:`~gcm_explore.model.anygraph.GraphColumns`): each item's attributes' dict ``attrs[i]``,
    what it shows beside them ``shown[i]`` (an edge's ends' names, a node's name and degree), and
    ``write(missed)``, the hovers of the items at the indices ``missed``. A hover is kept (per
    ``key``: the language...) by the identity of its attributes' dict, kept with it so that no other
    takes its place, and checked against what it shows beside them. The Explorer's months share
    the attributes of their edges and nodes (see DatedNetwork._kept): each hover is written once,
    then found several times as fast as by everything it shows."""
    kept = _BY_ATTRS.setdefault(key, {})
    if len(kept) > HOVERS_KEPT:
        kept.clear()
    get = kept.get
    texts = [k[2] if (k := get(id(d))) is not None and k[0] is d and k[1] == x else None for d, x in zip(attrs, shown)]
    if missed := [i for i, text in enumerate(texts) if text is None]:
        for i, text in zip(missed, write(missed)):
            texts[i] = text
            kept[id(attrs[i])] = (attrs[i], shown[i], text)
    return texts


#: The hovers of _by_attrs: per language (for nodes, with the name attribute and the metrics
#: shown), id of an edge's or node's attributes → (the attributes, what it shows beside them, its hover).
_BY_ATTRS: dict = {}


def _first_events(events) -> tuple:
    events = tuple(events)
    return (len(events), *events[:5])


def _texts(write, parts: list) -> list[str]:
    """``write(*p)`` for each ``p`` of ``parts``: a hover kept between drawings (``write`` is cached),
    or written each time if ``p`` has a value a foreign graph gives that cannot be a key."""
    try:
        return [write(*p) for p in parts]
    except TypeError:
        return [write(*p) if _hashable(p) else write.__wrapped__(*p) for p in parts]


def _hashable(parts: tuple) -> bool:
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
    return node_hovers(G, [n], lang, attr, metrics, None if degree is None else {n: degree})[0]


def node_hovers(G: nx.Graph, nodes: list, lang: str = "en", attr: str | None = None, metrics=(),
                degrees: dict | None = None, names: dict | None = None) -> list[str]:
    """:func:`node_hover` of each of ``nodes``, with its degree in ``degrees`` (0 if not there), or
    none if ``degrees`` is None; in one list comprehension (ten times the bundled record: up to 3,810
    nodes). ``names``: each node's :func:`node_label`, if the caller has them."""
    name = names.__getitem__ if names is not None else (lambda n: node_label(G, n, lang, attr))
    if not isinstance(G, GraphColumns):
        return _node_texts(G, nodes, lang, attr, metrics, degrees, name)
    # read-only: a node's hover is kept by its attributes themselves, checked against its name and degree
    data = G.nodes
    return _by_attrs((lang, attr, tuple(metrics)), [data[n] for n in nodes],
                     [(name(n), None if degrees is None else degrees.get(n, 0)) for n in nodes],
                     lambda missed: _node_texts(G, [nodes[i] for i in missed], lang, attr, metrics, degrees, name))


def _node_texts(G, nodes: list, lang: str, attr, metrics, degrees: dict | None, name) -> list[str]:
    """:func:`node_hovers`, each written or found by what it shows."""
    data, other = G.nodes, ("en" if lang == "ar" else "ar") if attr is None else None
    parts = [(name(n), d.get(f"label_{other}") if other else None, d.get("type"), d.get("region"),
              d.get("first_active"), d.get("last_active"), None if degrees is None else degrees.get(n, 0),
              _metrics(d, metrics) if metrics else (),
              tuple(cited) if isinstance(cited := d.get("sources"), list) else cited, lang)
             for n in nodes for d in (data[n],)]
    return _texts(_node_text, parts)


def _metrics(d: dict, metrics) -> tuple:
    """(metric, its value as the hover writes it) of each of ``metrics``, from a node's attributes ``d``."""
    shown = []
    for m in metrics:
        value = d.get(m)
        if isinstance(value, float):
            value = f"{value:.3f}" if m == "betweenness" else f"{value:.4f}" if m == "pagerank" else f"{value:g}"
        shown.append((m, esc(value)))
    return tuple(shown)


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
