"""The network for graph tools: dynamic GEXF for Gephi (its timeline plays the record), GraphML
for yEd and Cytoscape, and the nodes and edges as two tables. Labels in English or Arabic,
positions and colours as in the Plotly network.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

from ..compat import legacy
from ..model.anygraph import node_label
from ..model.layout import layout
from ..model.network import edge_label
from ..model.vocab import check_lang
from .files import iso, missing, plain, writing

__all__ = ["export_gexf", "export_graphml", "network_tables"]

def _portable(G: nx.Graph, lang: str, dynamic: bool) -> nx.Graph:
    """A copy of ``G`` whose attributes GEXF and GraphML can hold; with ``dynamic``, start/end spells."""
    H = G.__class__()
    H.graph.update({k: v for k, v in ((k, plain(v)) for k, v in G.graph.items()) if v is not None})
    for n, d in G.nodes(data=True):
        attrs = {k: v for k, v in ((k, plain(v)) for k, v in d.items()) if v is not None}
        attrs.pop("label", None)
        attrs["label"] = node_label(G, n, lang)
        H.add_node(n, **attrs)
    for u, v, *key, d in (G.edges(keys=True, data=True) if G.is_multigraph() else G.edges(data=True)):
        attrs = {k: x for k, x in ((k, plain(x)) for k, x in d.items()) if x is not None}
        if "kind" in d:
            attrs.setdefault("label", edge_label(d["kind"], lang))
        if G.is_multigraph():
            attrs["id"] = f"{u}|{v}|{key[0]}"
        H.add_edge(u, v, *key, **attrs)
    if dynamic:
        _spells(G, H)
    return H



def _spells(G: nx.Graph, H: nx.Graph) -> None:
    """Set ``start``/``end`` on the nodes of ``H`` that have a ``first_active`` date: a node lives from
    then on, and ends only when every link it has ended (as in ``build_network(ds, as_of=...)``)."""
    for n, d in G.nodes(data=True):
        first, out = d.get("first_active"), H.nodes[n]
        if first is None or missing(first):
            continue
        out.pop("end", None)
        out["start"] = iso(first)
        links = [*G.edges(n, data=True), *(G.in_edges(n, data=True) if G.is_directed() else ())]
        ends = [e.get("end") for *_, e in links]
        if d.get("kind") == "actor" and ends and all(x is not None and not missing(x) for x in ends):
            out["end"] = iso(max(ends))



def _viz(G: nx.Graph, H: nx.Graph) -> None:
    """Positions and colours for Gephi, the same as the Plotly network's."""
    from ..views.style import PALETTE, node_categories

    pos = layout(G)
    colours = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(node_categories(G))}
    colours.update({"process": "#222222", "event": "#777777"})
    for n, d in H.nodes(data=True):
        x, y = pos.get(n, (0.0, 0.0))
        rgb = colours.get(G.nodes[n].get("type", ""), "#999999").lstrip("#")
        d["viz"] = {"position": {"x": round(x * 500, 2), "y": round(y * 500, 2), "z": 0.0},
                    "color": {"r": int(rgb[0:2], 16), "g": int(rgb[2:4], 16), "b": int(rgb[4:6], 16), "a": 1.0}}



@legacy(positional=("lang",))
def export_gexf(G: nx.Graph, path, *, lang: str = "en") -> Path:
    """Write ``G`` as dynamic GEXF 1.2 for Gephi (its timeline plays the dates).

    Nodes and edges get ``start`` (and ``end`` when known) as YYYY-MM-DD, labels in ``lang``,
    every other attribute as text or number (lists joined with ``'; '``).

    >>> import pathlib, tempfile, networkx as nx, pandas as pd
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", kind="leads", start=pd.Timestamp("2018-01-01"), end=None)
    >>> path = export_gexf(G, pathlib.Path(tempfile.mkdtemp()) / "g.gexf")
    >>> nx.read_gexf(path).edges["a", "b"]["start"]
    '2018-01-01'
    """
    check_lang(lang)
    H = _portable(G, lang, dynamic=True)
    _viz(G, H)
    H.graph["mode"] = "dynamic"
    with writing(path, ".gexf") as tmp:
        nx.write_gexf(H, tmp, version="1.2draft")
    return Path(path)



@legacy(positional=("lang",))
def export_graphml(G: nx.Graph, path, *, lang: str = "en") -> Path:
    """Write ``G`` as GraphML (yEd, Cytoscape, igraph): ``label`` in ``lang``, dates as YYYY-MM-DD.

    >>> import pathlib, tempfile, networkx as nx
    >>> G = nx.Graph([(1, 2)]); G.nodes[1]["sources"] = ["s1", "s2"]
    >>> path = export_graphml(G, pathlib.Path(tempfile.mkdtemp()) / "g.graphml")
    >>> nx.read_graphml(path).nodes["1"]["sources"]
    's1; s2'
    """
    check_lang(lang)
    H = _portable(G, lang, dynamic=False)
    kw = {"edge_id_from_attribute": "id"} if H.is_multigraph() else {}
    with writing(path, ".graphml") as tmp:
        nx.write_graphml(H, tmp, **kw)
    return Path(path)



def network_tables(G: nx.Graph, lang: str = "en") -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(nodes, edges)`` of ``G`` as frames: one row per node (``id``, ``label`` in ``lang``, then
    its attributes) and per edge (``source``, ``target``, ``key``, ``label``, then its attributes).
    Lists are joined with ``'; '``; dates stay dates.

    >>> import networkx as nx
    >>> nodes, edges = network_tables(nx.Graph([("a", "b")]))
    >>> list(nodes["id"]), list(edges.columns)
    (['a', 'b'], ['source', 'target', 'key', 'label'])
    """
    check_lang(lang)

    def cell(v):
        return v if isinstance(v, pd.Timestamp) else plain(v)

    nodes = [{"id": str(n), "label": node_label(G, n, lang), **{k: cell(v) for k, v in d.items() if k != "label"}}
             for n, d in G.nodes(data=True)]
    edges = []
    for u, v, *key, d in (G.edges(keys=True, data=True) if G.is_multigraph() else G.edges(data=True)):
        edges.append({"source": str(u), "target": str(v), "key": str(key[0]) if key else "",
                      "label": edge_label(d["kind"], lang) if "kind" in d else "",
                      **{k: cell(x) for k, x in d.items() if k != "label"}})
    columns = (["id", "label"], ["source", "target", "key", "label"])
    return tuple(pd.DataFrame(rows, columns=list(dict.fromkeys(c + [k for r in rows for k in r])))
                 for rows, c in zip((nodes, edges), columns))
