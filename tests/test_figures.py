"""The figures: right structure, right language, escaped text."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

import gcm_explore as gx
from gcm_explore.model.vocab import EVENT_KINDS


def _all_text(fig: go.Figure) -> str:
    """Every string in the figure, joined (not JSON, which may encode '<' itself)."""
    out = []

    def walk(x):
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, (list, tuple)):
            for v in x:
                walk(v)

    walk(fig.to_dict())
    return "\n".join(out)


def test_network_figure_one_edge_trace_and_one_trace_per_type(ds):
    G = gx.build_network(ds)
    fig = gx.network_figure(G)
    assert isinstance(fig, go.Figure)
    assert fig.data[0].mode == "lines" and None in fig.data[0].x  # all edges in one trace
    names = [tr.name for tr in fig.data[2:]]
    assert "Member State" in names and "GCM process" in names
    ids = {i for tr in fig.data[2:] for i in tr.ids}
    assert ids == set(G.nodes)
    hover = " ".join(h for tr in fig.data[2:] for h in tr.hovertext)
    assert "International Organization for Migration" in hover and "المنظمة الدولية للهجرة" in hover


def test_a_node_hover_says_what_the_node_has_now_after_the_same_node_was_drawn(ds):
    # the hovers are kept between drawings (the Explorer's months share most of them): a node
    # whose name, dates, degree or sources changed must not show the hover it had before
    def hover(G, n):
        return next(h for tr in gx.network_figure(G).data[2:] for i, h in zip(tr.ids, tr.hovertext) if i == n)

    def degree(G, n):
        return next(line for line in hover(G, n).split("<br>") if line.startswith("Links to others"))

    early, late = gx.build_network(ds, as_of="2017-03-31"), gx.build_network(ds, as_of="2022-05-31")
    assert degree(early, "iom") != degree(late, "iom")  # the same node, with more links in 2022
    assert degree(early, "iom") == f"Links to others: {len(set(early.succ['iom']) | set(early.pred['iom']))}"
    G = nx.Graph([("a", "b")])
    G.nodes["a"].update(label_en="Alpha", sources=["s1"])
    first = hover(G, "a")
    G.nodes["a"].update(label_en="Alpha & Co", sources=["s1", "s2"])
    G.add_edge("a", "c")
    assert "Alpha" in first and "Alpha &amp; Co" in hover(G, "a") and "s1; s2" in hover(G, "a")
    assert "2" in hover(G, "a").split("<br>")[-2]  # its links to others: now two


def test_an_edge_hover_says_what_the_edge_has_now_after_the_same_edge_was_drawn(ds):
    # edge hovers are kept between drawings too: an edge whose events, sources or ends' names
    # changed must show them, in the language drawn
    def hover(G, lang="en"):
        return list(gx.network_figure(G, lang=lang).data[1].hovertext)

    early, late = gx.build_network(ds, as_of="2017-06-30"), gx.build_network(ds, as_of="2018-12-31")
    pair = next((u, v) for u, v, d in late.edges(data=True) if d["kind"] == "participated" and early.has_edge(u, v)
                and len(late[u][v]["participated"]["events"]) > len(early[u][v]["participated"]["events"]))
    said = {G: next(h for (u, v, d), h in zip(G.edges(data=True), hover(G)) if (u, v) == pair and d["kind"] == "participated")
            for G in (early, late)}
    for G in (early, late):
        assert f"Events: {len(G.edges[(*pair, 'participated')]['events'])} ×" in said[G]
    G = nx.Graph()
    G.add_edge("a", "b", kind="co_chairs", events=["e1"], sources=["s1"])
    G.nodes["a"]["label_en"], G.nodes["a"]["label_ar"] = "Alpha", "ألفا"
    first = hover(G)[0]
    G.edges["a", "b"].update(events=["e1", "e2"], sources=["s1", "s2"])
    G.nodes["a"]["label_en"] = "Alpha & Co"
    now = hover(G)[0]
    assert "1 × e1" in first and "2 × e1, e2" in now and "s1; s2" in now and "Alpha &amp; Co" in now
    assert "ألفا" in hover(G, "ar")[0] and "ألفا" not in now
    # past five events, their number and the first five; one more after them changes the count
    G.edges["a", "b"]["events"] = [f"e{i}" for i in range(1, 8)]
    assert "7 × e1, e2, e3, e4, e5 and 2 more" in hover(G)[0]
    G.edges["a", "b"]["events"].append("e8")
    assert "8 × e1, e2, e3, e4, e5 and 3 more" in hover(G)[0]


def test_a_graph_drawn_again_after_an_edge_moved_shows_the_edge_where_it_is_now():
    # the same number of nodes and edges, one edge moved: the figure must not show the old one
    G = nx.Graph([("a", "b"), ("c", "d")])
    pos = {"a": (0.0, 0.0), "b": (1.0, 0.0), "c": (0.0, 1.0), "d": (1.0, 1.0)}
    first = gx.network_figure(G, pos=pos, webgl=False)
    G.remove_edge("c", "d")
    G.add_edge("a", "d")
    again = gx.network_figure(G, pos=pos, webgl=False)
    assert list(first.data[1].x) == [0.5, 0.5] and sorted(again.data[1].x) == [0.5, 0.5]
    assert sorted(again.data[1].y) == [0.0, 0.5]  # the middle of a–b, and of a–d (no longer c–d's 1.0)


def test_network_figure_in_arabic(ds):
    fig = gx.network_figure(gx.build_network(ds, as_of="2018-12-31"), lang="ar")
    names = [tr.name for tr in fig.data[2:]]
    assert "دولة عضو" in names
    assert "الجهات الفاعلة والعمليات حتى 31 ديسمبر 2018" in fig.layout.title.text


def test_network_figure_accepts_any_graph():
    G = nx_graph = nx.karate_club_graph()
    fig = gx.network_figure(G, color="club")
    assert {tr.name for tr in fig.data[2:]} == {"Mr. Hi", "Officer"}
    assert sum(len(tr.x) for tr in fig.data[2:]) == nx_graph.number_of_nodes()


def test_hovers_of_a_foreign_graph_with_values_that_cannot_be_keys():
    G = nx.MultiGraph()
    G.add_edge("a", "b", kind="knows", sources={"doc": 1}, events={"e1"})  # a dict and a set, as a user may give
    G.add_edge("b", "c", kind="knows", sources=["doc 2"], events=["e2", "e3"])
    G.nodes["a"]["label_en"] = "<Alpha>"
    G.nodes["b"]["sources"] = {"doc 3": "p. 4"}
    fig = gx.network_figure(G, webgl=False)
    hovers = list(fig.data[1].hovertext)
    assert hovers[0].startswith("&lt;Alpha&gt; <i>knows</i> b") and "Events: 1 × e1" in hovers[0] and "doc" in hovers[0]
    assert "Events: 2 × e2, e3" in hovers[1] and "Sources: doc 2" in hovers[1]
    nodes = {n: h for tr in fig.data[2:] if tr.customdata for n, h in zip(tr.customdata, tr.hovertext)}
    assert nodes["a"].startswith("<b>&lt;Alpha&gt;</b>") and nodes["b"].startswith("<b>b</b>") and "doc 3" in nodes["b"]


def test_timeline_figure_traces_and_default_zoom(ds):
    fig = gx.timeline_figure(ds)
    assert len(fig.data) == 1 + len(EVENT_KINDS)
    first, last = ds.events["start"].min(), ds.events["end"].fillna(ds.events["start"]).max()
    lo, hi = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    assert pd.Timedelta(0) < first - lo <= pd.Timedelta(days=31) and pd.Timedelta(0) < hi - last <= pd.Timedelta(days=31)
    assert fig.layout.xaxis.rangeslider.visible
    shown = {i for tr in fig.data[1:] for i in (tr.ids or ())}
    assert shown == set(ds.events.index)
    assert len(fig.layout.shapes) >= 4  # the phases as bands


def test_timeline_figure_in_arabic(ds):
    fig = gx.timeline_figure(ds, lang="ar")
    assert fig.layout.yaxis.side == "right"
    zoomed = gx.timeline_figure(ds, lang="ar", x_range=("2018-01-01", "2019-06-30"))  # months, in Arabic
    assert any("ديسمبر" in t or "يناير" in t or "يوليو" in t for t in zoomed.layout.xaxis.ticktext)
    lanes = fig.layout.yaxis.categoryarray
    assert ds.processes.loc["phase3_negotiations", "short_ar"] in lanes
    hover = " ".join(h for tr in fig.data[1:] for h in (tr.hovertext or ()))
    assert ds.events.loc["marrakech_igc", "title_ar"] in hover


def test_as_of_veils_later_events(ds):
    fig = gx.timeline_figure(ds, as_of="2017-12-31")
    (veil,) = [s for s in fig.layout.shapes if s.name == "later"]
    assert veil.layer == "above" and veil.type == "rect" and (veil.y0, veil.y1) == (0, 1)
    start, end = pd.Timestamp(veil.x0), pd.Timestamp(veil.x1)
    assert start == pd.Timestamp("2017-12-31") and end > ds.events["start"].max()
    for tr in fig.data[1:]:
        assert all(o == 1.0 for o in tr.marker.opacity), "every event is drawn alike: the veil fades the later ones"
        for event_id, x in zip(tr.ids or (), tr.x or ()):
            later = ds.events.loc[event_id, "start"] > pd.Timestamp("2017-12-31")
            assert (pd.Timestamp(x) > start) == later
    # the veil is part of the layout only: the data of two dates are the same
    assert gx.timeline_figure(ds, as_of="2019-01-01").to_dict()["data"] == fig.to_dict()["data"]


def test_text_from_data_is_escaped(package):
    from .conftest import edit_row

    edit_row(package, "events", ("id", "zero_draft"), title_en="<img src=x onerror=alert(1)>")
    edit_row(package, "actors", ("id", "iom"), name_en="<script>alert('x')</script>")
    ds = gx.load_dataset(package)
    for fig in (gx.timeline_figure(ds), gx.network_figure(gx.build_network(ds))):
        text = _all_text(fig)
        assert "<script>" not in text and "<img" not in text
        assert "&lt;script&gt;" in text or "&lt;img" in text


def test_timeline_labels_only_the_milestones(ds):
    from gcm_explore.model.timeline import MILESTONES

    fig = gx.timeline_figure(ds)
    labels = [a.text for a in fig.layout.annotations if a.showarrow]
    assert len(labels) == len(MILESTONES)
    assert any("Intergovernmental Conference" in text for text in labels)
    assert not any("GFMD" in text for text in labels), "forums and meetings are points, not labelled milestones"


def _underscored(value, path=""):
    """Keys with an underscore: go.Figure reads ``line_width`` as ``line.width``, plotly.js does not."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "meta":
                continue
            if "_" in k:
                yield f"{path}.{k}"
            yield from _underscored(v, f"{path}.{k}")
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _underscored(v, f"{path}[{i}]")


def test_figure_dicts_are_what_plotly_js_reads(ds):
    """The Explorer sends the spec dicts as they are: no magic underscore keys that only go.Figure reads."""
    from gcm_explore.views.map import map_spec
    from gcm_explore.views.network import network_spec
    from gcm_explore.views.timeline import mark_as_of, timeline_spec

    G = gx.build_network(ds, as_of="2018-12-31")
    specs = [network_spec(G), network_spec(G, lang="ar", webgl=True, highlight=["iom"]),
             mark_as_of(timeline_spec(ds, highlight=["marrakech_igc"]), "2018-07-13"),
             timeline_spec(ds, lang="ar", as_of="2017-01-01"), map_spec(ds), map_spec(ds, layer="events", lang="ar")]
    for spec in specs:
        assert list(_underscored(spec)) == []


def test_as_of_label_stays_inside_the_plot(ds):
    for date, anchor in (("2016-09-30", "left"), ("2021-06-30", "right")):
        (label,) = [a for a in gx.timeline_figure(ds, as_of=date).layout.annotations if "As of" in (a.text or "")]
        assert label.xanchor == anchor and label.yanchor == "bottom" and label.y == 0, date
