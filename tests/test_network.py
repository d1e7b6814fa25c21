"""The network as an analyst uses it: time filters, node filters, neighbourhoods, paths, metrics,
layouts and the figure, on the bundled data and on small graphs whose answers are known."""

from __future__ import annotations

import gc
import itertools

import networkx as nx
import pandas as pd
import plotly.graph_objects as go
import pytest

import gcm_explore as gx
from gcm_explore.model import analysis
from gcm_explore.model.analysis import add_metrics, ego, filter_nodes, metrics_frame, node_metrics, paths, paths_frame
from gcm_explore.model.anygraph import GraphColumns, edge_list, node_label
from gcm_explore.model.dated import DatedNetwork
from gcm_explore.model.layout import SPRING_MAX_NODES, layout
from gcm_explore.model.network import EDGE_KINDS, build_network
from gcm_explore.views.network import GL_THRESHOLD, network_figure

# --- building: as_of, window, kinds, events -----------------------------------------------------


def test_as_of_keeps_nothing_that_began_later(ds):
    cutoff = pd.Timestamp("2017-12-31")
    G = build_network(ds, as_of=cutoff, include_events=True)
    for n, d in G.nodes(data=True):
        if d["kind"] in ("process", "event"):
            assert d["first_active"] <= cutoff, n
    for u, v, d in G.edges(data=True):
        assert d["start"] is None or d["start"] <= cutoff, (u, v, d)
        assert d.get("end") is None or d["end"] >= cutoff or d["kind"] == "took_part", (u, v, d)
    assert "marrakech_igc" not in G and "puerto_vallarta" in G
    assert "marrakech_igc" in build_network(ds, include_events=True)


def _dump(G) -> tuple[list, list]:
    return ([(n, sorted(d.items())) for n, d in G.nodes(data=True)],
            [(u, v, k, sorted(d.items())) for u, v, k, d in G.edges(keys=True, data=True)])


def test_one_dated_network_gives_every_date_the_graph_of_build_network(ds):
    """The Explorer keeps one DatedNetwork for its slider: whatever dates it was asked before, each
    graph has the nodes, edges and attributes, in the same order, of a network built afresh."""
    net = DatedNetwork(ds)
    dates = ["2026-05-31", "2016-09-30", "2018-12-10", "2018-12-09", None, "2017-06-30", "2022-05-31", "2026-05-31"]
    part = ds.participation.merge(ds.events[["start", "process_id"]], left_on="event_id", right_index=True)
    for as_of in dates:
        G = net.at(as_of)
        assert _dump(G) == _dump(build_network(ds, as_of=as_of)), as_of
        # and each actor's participation in each process is what the tables say at that date
        rows = part[part["process_id"].notna() & (part["start"] <= pd.Timestamp(as_of or "2100-01-01"))]
        rows = rows[rows["process_id"].isin(list(G))]
        edges = {(u, v): d for u, v, d in G.edges(data=True) if d["kind"] == "participated"}
        assert set(edges) == set(zip(rows["actor_id"], rows["process_id"])), as_of
        for (actor, process), r in rows.groupby(["actor_id", "process_id"]):
            d = edges[actor, process]
            assert d["events"] == list(dict.fromkeys(r["event_id"])) and d["weight"] == len(d["events"]), (as_of, actor)
            assert (d["start"], d["last"], d["roles"]) == (r["start"].min(), r["start"].max(), sorted(set(r["role"])))
    assert _dump(net.at("2018-06-30", include_events=True)) == _dump(build_network(ds, as_of="2018-06-30", include_events=True))


def test_dates_with_the_same_epoch_have_the_same_network(ds):
    """A view of many dates makes the network once for the dates of one epoch (DatedNetwork.epoch):
    at each month's end, and on each side of each relation's end (it counts on its last day), two
    next dates with the same epoch have the same nodes, edges and attributes, in the same order."""
    from gcm_explore.apps.state import months_of

    net = DatedNetwork(ds)
    ends = sorted({e for e in ds.relations["end"].dropna()})
    dates = sorted({*(m + pd.offsets.MonthEnd(0) for m in months_of(ds)),
                    *(e + pd.Timedelta(days=d) for e in ends for d in (-1, 0, 1))})
    assert len(ends) > 5
    shared = 0
    for a, b in itertools.pairwise(dates):
        if net.epoch(a) == net.epoch(b):
            shared += 1
            assert _dump(net.at(a)) == _dump(net.at(b)), (a, b)
        else:
            assert net.epoch(a) < net.epoch(b)
    assert shared > 20
    for e in ends:  # a relation ends: the next day's epoch is another
        assert net.epoch(e) != net.epoch(e + pd.Timedelta(days=1)), e


def test_a_dated_network_has_the_activity_and_annotations_read_back_from_its_own_edges(ds):
    """A DatedNetwork sets each actor's dates and each node's objectives, processes and roles while
    it builds the graph; they are those that the generic code reads back from the graph's edges
    (``build_network`` with edge kinds: every kind kept, then the graph's edges read again)."""
    net = DatedNetwork(ds)
    for as_of in ["2016-09-30", "2018-07-13", "2018-12-10", "2022-05-31", None]:
        G, again = net.at(as_of), build_network(ds, as_of=as_of, kinds=list(EDGE_KINDS))
        assert list(G.edges(keys=True, data=True)) == list(again.edges(keys=True, data=True)), as_of
        shared = [n for n in G if n in again]
        assert len(shared) == len(again) and len(shared) >= len(G) - 10, as_of  # kinds drop the processes without an edge
        for n in shared:
            assert G.nodes[n] == again.nodes[n], (as_of, n)
        assert any(G.nodes[n]["roles"] for n in shared) and any(G.nodes[n]["first_active"] for n in shared)


def test_the_active_network_is_the_network_without_the_member_states_that_only_voted(ds):
    """What the Explorer draws by default, made without the Member States that only voted, is the
    month's network with them removed (but a selected one): the same nodes, edges, attributes and order."""
    from gcm_explore.apps.state import months_of
    from gcm_explore.model.analysis import only_voted

    net = DatedNetwork(ds)
    dates = [None, "2018-12-10", "2018-12-09", *(m + pd.offsets.MonthEnd(0) for m in months_of(ds)[::4])]
    seen = set()
    for as_of in dates:
        voters = only_voted(net.at(as_of))
        seen |= voters
        for keep in ((), sorted(voters)[:2]):
            G, found = net.active(as_of, keep)
            expected = net.at(as_of)
            expected.remove_nodes_from(voters - set(keep))
            assert found == voters and _dump(G) == _dump(expected), (as_of, keep)
    assert len(seen) > 100  # the vote on the Compact: most Member States only voted


def test_columns_are_the_graph_networkx_makes_of_the_same_nodes_and_edges():
    """GraphColumns.made gives what networkx makes of nodes then edges added one by one: the same
    edges (in the order added), an edge added again with the same key updating the first's
    attributes where the first was, an edge's missing ends added with no attributes; to_graph
    builds that graph, the same nodes and edges in the same order."""
    nodes = {"a": {"x": 1}, "b": {}, "c": {"x": 3}}
    edges = [("b", "a", "k", {"w": 1}), ("a", "c", "k", {"w": 2}), ("b", "c", "k", {"w": 3}), ("b", "a", "j", {"w": 4}),
             ("a", "c", "k", {"w": 5, "y": 0}), ("d", "a", "k", {"w": 6}), ("c", "e", 0, {})]
    G = nx.MultiDiGraph(as_of="then")
    G.add_nodes_from((n, dict(d)) for n, d in nodes.items())
    for u, v, k, d in edges:
        G.add_edge(u, v, k, **d)
    cols = GraphColumns.made({n: dict(d) for n, d in nodes.items()}, edges, {"as_of": "then"})
    assert [(u, v, k) for (u, v, _), k in zip(edge_list(cols), cols.keys)] == [
        ("b", "a", "k"), ("a", "c", "k"), ("b", "c", "k"), ("b", "a", "j"), ("d", "a", "k"), ("c", "e", 0)]
    assert {(u, v, k): d for (u, v, d), k in zip(edge_list(cols), cols.keys)} == {(u, v, k): d for u, v, k, d in G.edges(keys=True, data=True)}
    assert list(cols.nodes.items()) == list(G.nodes(data=True)) and cols.graph == G.graph
    H = cols.to_graph()
    assert list(H.edges(keys=True, data=True)) == list(G.edges(keys=True, data=True)) and list(H.nodes(data=True)) == list(G.nodes(data=True))
    assert H.graph == G.graph and node_label(cols, "a") == "a" and edge_list(GraphColumns.of(G)) == edge_list(G)


def _drawn(spec: dict) -> dict:
    """A network figure as what it shows: its edges' midpoints (place, hover, colour) and the path's
    segments as sets, whatever the order the edges were drawn in."""
    import json

    from gcm_explore.apps.plotwidget import plotly_json

    spec = json.loads(plotly_json(spec))
    mids = spec["data"][1]
    points = sorted(zip(mids.pop("x"), mids.pop("y"), mids.pop("hovertext"), mids["marker"].pop("color")))
    segments = sorted(spec["layout"]["shapes"][0].pop("path").split("M"))
    return dict(spec=spec, points=points, segments=segments)


def test_a_month_drawn_from_its_columns_is_the_month_drawn_from_its_graph(ds):
    """The Explorer draws a month from its columns (no networkx graph): what its graph's figure
    shows, in both languages, and the same when drawn again (hovers kept by their edges)."""
    from gcm_explore.views.network import network_spec

    net = DatedNetwork(ds)
    for as_of in ("2018-12-31", "2023-06-30"):
        cols, voters = net.active_columns(as_of)
        G, same_voters = net.active(as_of, annotated=False)
        assert voters == same_voters and len(edge_list(cols)) == G.number_of_edges() > 100
        for lang in ("ar", "en", "ar"):
            drawn = _drawn(network_spec(cols, lang, webgl=True, pos=layout(G), highlight={"iom"}))
            assert drawn == _drawn(network_spec(G, lang, webgl=True, pos=layout(G), highlight={"iom"})), (as_of, lang)
            assert len(drawn["points"]) == G.number_of_edges()


def test_an_edge_hover_kept_by_its_attributes_follows_the_names_of_its_ends():
    """A hover kept for a read-only edge's attributes is written again when its ends' names are not the same."""
    from gcm_explore.views.hovers import edge_hovers

    d = {"kind": "participated", "start": pd.Timestamp("2018-12-10"), "sources": ["s1"], "events": ["e1"]}
    cols = GraphColumns.made({"a": {"label_en": "Alpha"}, "p": {"label_en": "Pi"}}, [("a", "p", "participated", d)], {})
    first = edge_hovers(cols, cols.edges, "en")
    cols.nodes["a"]["label_en"] = "Aleph"
    again = edge_hovers(cols, cols.edges, "en")
    assert first[0].startswith("Alpha") and again[0].startswith("Aleph") and again[0].replace("Aleph", "Alpha") == first[0]
    assert edge_hovers(cols, cols.edges, "ar")[0] != first[0]


def test_building_leaves_the_garbage_collector_as_it_was(ds):
    """build_network pauses the collector while it builds (see anygraph.collector_paused)."""
    with pytest.raises(ValueError, match="'nope' is not an edge kind"):
        build_network(ds, kinds=["nope"])
    assert gc.isenabled()
    gc.disable()
    try:
        build_network(ds, as_of="2018-12-31")
        assert not gc.isenabled(), "a notebook that turned it off keeps it off"
    finally:
        gc.enable()


def test_window_builds_the_co_participation_network(ds):
    start, end = pd.Timestamp("2018-01-01"), pd.Timestamp("2018-07-31")
    C = build_network(ds, window=(start, end))
    assert isinstance(C, nx.MultiGraph) and not C.is_directed()
    assert {d["kind"] for *_, d in C.edges(data=True)} == {"co_participated"}
    ev = ds.events
    for *_, d in C.edges(data=True):
        assert d["weight"] == len(d["events"]) >= 1
        for e in d["events"]:
            assert ev.at[e, "start"] <= end and (ev.at[e, "end"] if pd.notna(ev.at[e, "end"]) else ev.at[e, "start"]) >= start
    # the edge between the two co-facilitators counts exactly the events both took part in
    part = ds.participation.merge(ev[["start"]], left_on="event_id", right_index=True)
    part = part[(part["start"] >= start) & (part["start"] <= end)]
    shared = (set(part.loc[part["actor_id"] == "jurg_lauber", "event_id"])
              & set(part.loc[part["actor_id"] == "juan_jose_gomez_camacho", "event_id"]))
    edge = C.edges["jurg_lauber", "juan_jose_gomez_camacho", "co_participated"]
    assert set(edge["events"]) == shared and edge["weight"] == len(shared) > 5
    # an actor active only before the window is not in it
    assert "peter_sutherland" not in C or C.degree("peter_sutherland") > 0
    earlier = build_network(ds, window=("2016-01-01", "2016-12-31"))
    assert set(earlier.nodes) != set(C.nodes)


def test_window_with_events_and_as_of(ds):
    C = build_network(ds, window=("2018-01-01", None), as_of="2018-03-31", include_events=True)
    assert C.graph["window"] == (pd.Timestamp("2018-01-01"), pd.Timestamp("2018-03-31"))
    events = [n for n, d in C.nodes(data=True) if d["kind"] == "event"]
    assert events and all(C.nodes[e]["first_active"] <= pd.Timestamp("2018-03-31") for e in events)
    assert "zero_draft" in events and "text_agreed" not in C


def test_window_and_kinds_reject_bad_values(ds):
    with pytest.raises(ValueError, match="before it starts"):
        build_network(ds, window=("2018-12-31", "2018-01-01"))
    with pytest.raises(ValueError, match="pair"):
        build_network(ds, window="2018")
    with pytest.raises(ValueError, match="'friends' is not an edge kind.*Valid kinds are: participated"):
        build_network(ds, kinds=["friends"])


def test_kinds_keep_only_those_edges(ds):
    G = build_network(ds, kinds=["participated", "co_facilitates"])
    assert {d["kind"] for *_, d in G.edges(data=True)} == {"participated", "co_facilitates"}
    assert all(G.degree(n) > 0 for n in G)


def test_include_events_replaces_participated_by_event_edges(ds):
    E = build_network(ds, include_events=True)
    kinds = {d["kind"] for *_, d in E.edges(data=True)}
    assert {"took_part", "event_of"} <= kinds and "participated" not in kinds
    assert E.nodes["ts1"]["kind"] == "event" and E.nodes["ts1"]["objectives"] == [16, 17]
    assert E.has_edge("jurg_lauber", "ts1") and E.has_edge("ts1", "phase1_consultations")


def test_as_of_with_events_keeps_who_took_part_in_events_that_ended(ds):
    # the negotiation rounds lasted days: on 13 July 2018 their participants are still on record
    G = build_network(ds, include_events=True, as_of="2018-07-13")
    ended = ds.events[(ds.events["end"] < pd.Timestamp("2018-07-13")) & ds.events.index.isin(ds.participation["event_id"])]
    assert len(ended) > 5
    for event in ended.index:
        expected = set(ds.participation.loc[ds.participation["event_id"] == event, "actor_id"]) & set(G)
        assert expected and expected == {u for u, _, d in G.in_edges(event, data=True) if d["kind"] == "took_part"}


def test_nodes_carry_objectives_processes_and_activity(ds):
    G = build_network(ds)
    lauber = G.nodes["jurg_lauber"]
    assert {16, 17} <= set(lauber["objectives"])            # he co-facilitated ts1 (objectives 16, 17)
    assert {"gcm", "phase1_consultations"} <= set(lauber["processes"])
    assert lauber["first_active"] <= pd.Timestamp("2016-10-24") <= lauber["last_active"]
    for _, d in G.nodes(data=True):
        assert {"kind", "type", "region", "label_en", "label_ar", "first_active", "last_active",
                "objectives", "sources"} <= set(d)


# --- filters -------------------------------------------------------------------------------------


def test_filter_nodes(ds):
    G = build_network(ds)
    africa = filter_nodes(G, regions=["Africa"])
    assert all(d["region"] == "Africa" for _, d in africa.nodes(data=True) if d["kind"] == "actor")
    assert "gcm" in africa  # processes have no region and stay
    states = filter_nodes(G, types="state")
    assert states.number_of_nodes() > 0 and {d["type"] for _, d in states.nodes(data=True)} == {"state"}
    obj16 = filter_nodes(G, objectives=[16])
    assert "jurg_lauber" in obj16 and all(16 in d["objectives"] for _, d in obj16.nodes(data=True))
    phase1 = filter_nodes(G, processes=["phase1_consultations"], drop_isolated=True)
    assert "phase1_consultations" in phase1 and "regional_consultations_2017" in phase1  # a sub-process
    assert "phase3_negotiations" not in phase1 and all(phase1.degree(n) > 0 for n in phase1)
    assert isinstance(phase1, nx.MultiDiGraph) and phase1.graph == G.graph


def test_filter_nodes_names_the_bad_value(ds):
    G = build_network(ds)
    with pytest.raises(ValueError, match="'State' is not a valid value for `types`. Valid values are: .*state"):
        filter_nodes(G, types=["State"])
    with pytest.raises(ValueError, match="24 is not a GCM objective"):
        filter_nodes(G, objectives=[24])


# --- ego and paths -------------------------------------------------------------------------------


def test_ego_on_a_path_graph():
    G = nx.path_graph(7)
    assert set(ego(G, 3, hops=1)) == {2, 3, 4}
    H = ego(G, 3, hops=3)
    assert set(H) == set(G) and H.nodes[0]["hops"] == 3 and H.nodes[3]["hops"] == 0
    assert "hops" not in G.nodes[0]  # G is untouched
    with pytest.raises(ValueError, match="`hops` must be 1, 2 or 3"):
        ego(G, 3, hops=4)
    with pytest.raises(nx.NodeNotFound, match="node 'x' is not in G"):
        ego(G, "x")


def test_ego_follows_links_both_ways(ds):
    G = build_network(ds)
    H = ego(G, "jurg_lauber", hops=1)
    assert "gcm" in H            # he co-facilitates the GCM process (edge from him)
    assert "peter_thomson" in H  # who appointed him (edge to him)
    assert isinstance(H, nx.MultiDiGraph) and H.nodes["gcm"]["label_en"] == G.nodes["gcm"]["label_en"]


def test_paths_through_the_bridge_of_two_cliques():
    G = nx.barbell_graph(4, 0)   # cliques {0..3} and {4..7}, bridge 3-4
    found = paths(G, 0, 7)
    assert [[h["source"] for h in p] + [p[-1]["target"]] for p in found] == [[0, 3, 4, 7]]
    assert paths(G, 0, 0) == []
    G.add_node("alone")
    assert paths(G, 0, "alone") == []
    with pytest.raises(nx.NodeNotFound, match="Target 'nobody' is not in G"):
        paths(G, 0, "nobody")


def test_paths_list_every_shortest_path():
    G = nx.cycle_graph(6)  # 0 and 3 are opposite: two shortest paths
    assert sorted(tuple(h["target"] for h in p) for p in paths(G, 0, 3)) == [(1, 2, 3), (5, 4, 3)]
    assert len(paths(G, 0, 3, max_paths=1)) == 1


def test_paths_say_what_makes_each_hop(ds):
    C = build_network(ds, window=("2018-01-01", "2018-07-31"))
    (path,) = paths(C, "jurg_lauber", "juan_jose_gomez_camacho")
    (hop,) = path
    (link,) = hop["links"]
    assert link["kind"] == "co_participated" and "ir1" in link["events"] and link["sources"]
    G = build_network(ds)
    found = paths(G, "jurg_lauber", "antonio_vitorino")
    assert found and all(h["links"] for p in found for h in p)
    for p in found:
        for h in p:
            for link in h["links"]:
                assert link["kind"] and link["sources"]
                ends = (h["source"], h["target"]) if link["forward"] else (h["target"], h["source"])
                assert G.has_edge(*ends)
    frame = paths_frame(G, "jurg_lauber", "antonio_vitorino", lang="ar")
    assert set(frame["path"]) == set(range(len(found)))
    assert (frame["source_label"] == G.nodes["jurg_lauber"]["label_ar"]).any()


# --- metrics -------------------------------------------------------------------------------------


def test_metrics_of_a_star():
    G = nx.star_graph(5)  # centre 0, leaves 1..5
    m = node_metrics(G)
    assert m["degree"][0] == 5 and m["degree"][1] == 1
    assert m["betweenness"][0] == pytest.approx(1.0) and m["betweenness"][1] == 0
    n, d = 6, 0.85  # PageRank, solved by hand: c = (1-d)/n + d*5*l, l = (1-d)/n + d*c/5
    centre = ((1 - d) / n * (1 + 5 * d)) / (1 - d * d)
    assert m["pagerank"][0] == pytest.approx(centre, abs=1e-6)
    assert sum(m["pagerank"].values()) == pytest.approx(1.0)


def test_betweenness_matches_networkx_on_a_path_and_a_barbell():
    for G in (nx.path_graph(5), nx.barbell_graph(5, 2), nx.karate_club_graph()):
        expected = nx.betweenness_centrality(G)
        got = node_metrics(G)["betweenness"]
        assert got == pytest.approx(expected, abs=1e-9)
    P = node_metrics(nx.path_graph(5))
    assert P["pagerank"][0] == pytest.approx(P["pagerank"][4])
    assert P["pagerank"][2] > P["pagerank"][0]


def test_two_cliques_joined_by_a_bridge():
    G = nx.barbell_graph(5, 0)  # cliques {0..4} and {5..9}, bridge 4-5
    frame = metrics_frame(G)
    communities = frame.groupby("community").groups
    assert sorted(sorted(v) for v in communities.values()) == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
    top = frame.sort_values("betweenness", ascending=False).index[:2]
    assert set(top) == {4, 5}
    assert list(frame.columns) == ["label", "type", "region", "degree", "weighted_degree", "betweenness",
                                   "pagerank", "community"]
    assert frame.index.name == "node" and frame["pagerank"].is_monotonic_decreasing


def test_weighted_degree_adds_up_parallel_edges():
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", weight=3)
    G.add_edge("b", "a", weight=2)
    G.add_edge("a", "c")
    m = node_metrics(G)
    assert m["degree"] == {"a": 2, "b": 1, "c": 1}
    assert m["weighted_degree"] == {"a": 6, "b": 5, "c": 1}


def test_large_graph_metrics_use_sampling_and_igraph(monkeypatch):
    monkeypatch.setattr(analysis, "EXACT_MAX_NODES", 20)
    G = nx.barbell_graph(30, 2)
    exact = nx.betweenness_centrality(G)
    every = node_metrics(G, samples=G.number_of_nodes())   # every node a source: the exact value
    assert every["betweenness"] == pytest.approx(exact, abs=1e-9)
    sampled = node_metrics(G, samples=20, seed=1)["betweenness"]
    assert max(sampled, key=sampled.get) in {29, 30, 31, 32}  # on the way between the cliques
    parts = {frozenset(n for n, c in every["community"].items() if c == k) for k in set(every["community"].values())}
    assert frozenset(range(30)) in parts or any(set(range(25)) <= p for p in parts)
    assert node_metrics(G, samples=20, seed=1) == node_metrics(G.copy(), samples=20, seed=1)  # seeded


def test_metrics_are_cached_and_follow_changes():
    G = nx.path_graph(4)
    first = node_metrics(G)
    assert node_metrics(G) is first
    G.add_edge(0, 3)
    assert node_metrics(G) is not first and node_metrics(G)["degree"][0] == 2
    add_metrics(G)
    assert G.nodes[0]["degree"] == 2 and "community" in G.nodes[0]


def test_metrics_on_the_bundled_network(ds):
    G = build_network(ds)
    frame = metrics_frame(G)
    assert len(frame) == G.number_of_nodes()
    assert frame["pagerank"].sum() == pytest.approx(1.0)
    assert frame.loc["gcm", "degree"] > frame["degree"].median()
    assert frame.loc["iom", "label"] == "International Organization for Migration"


# --- layout --------------------------------------------------------------------------------------


def test_layout_is_cached_stable_and_fits():
    G = nx.barbell_graph(6, 3)
    G.add_nodes_from(["lone", "other"])
    pos = layout(G)
    assert layout(G) == pos == layout(G.copy())
    assert all(-1 <= x <= 1 and -1 <= y <= 1 for n, (x, y) in pos.items() if n not in ("lone", "other"))
    assert pos["lone"][1] < -1 and pos["other"][1] < -1  # unlinked nodes stand in a row below


def test_large_layout_uses_igraph_and_is_stable():
    G = nx.gnm_random_graph(SPRING_MAX_NODES + 100, 3 * SPRING_MAX_NODES, seed=3)
    pos = layout(G, seed=1)
    assert pos == layout(G.copy(), seed=1) and pos != layout(G, seed=2)
    main = max(nx.connected_components(G), key=len)
    assert max(max(abs(x), abs(y)) for n, (x, y) in pos.items() if n in main) == pytest.approx(0.95)


def test_filtered_views_keep_their_positions(ds):
    G = build_network(ds)
    pos = layout(G)
    H = filter_nodes(G, types=["state", "process"])
    fig = network_figure(H, pos=pos)
    for tr in fig.data[2:]:
        for node, x, y in zip(tr.ids, tr.x, tr.y):
            assert (x, y) == pos[node]


# --- figure ----------------------------------------------------------------------------------------


def _karate() -> nx.Graph:
    G = nx.karate_club_graph()
    for n, d in G.nodes(data=True):
        d["type"] = d["club"]
        if n < 10:
            d["label_en"], d["label_ar"] = f"Member {n}", f"العضو {n}"
    return G


def test_network_figure_on_a_foreign_graph():
    G = _karate()
    fig = network_figure(G, color="club", size="betweenness", n_labels=5)
    assert isinstance(fig, go.Figure) and len(fig.data) == 4  # edges, edge hovers, two clubs, no kinds
    assert fig.data[0].mode == "lines" and len(fig.data[0].x) == 3 * G.number_of_edges()
    nodes = fig.data[2:]
    assert {tr.name for tr in nodes} == {"Mr. Hi", "Officer"}
    labelled = [t for tr in nodes for t in tr.text if t.strip()]  # unlabelled nodes get " " (see network_spec)
    assert len(labelled) == 5 and "Member 0" in labelled  # the top nodes only; node 0 is the most between
    sizes = {i: s for tr in nodes for i, s in zip(tr.ids, tr.marker.size)}
    assert max(sizes, key=sizes.get) == "0"
    hover = " ".join(h for tr in nodes for h in tr.hovertext)
    assert "Member 3" in hover and "العضو 3" in hover and "<b>12</b>" in hover  # label, other language, fallback id
    ar = network_figure(G, lang="ar")
    assert "<b>العضو 3</b>" in " ".join(h for tr in ar.data[2:] for h in tr.hovertext)


def test_network_figure_size_label_and_errors():
    G = _karate()
    fig = network_figure(G, color="club", label="club", size=None)
    assert {s for tr in fig.data[2:] for s in tr.marker.size} == {10}
    assert all(t in (" ", "Mr. Hi", "Officer") for tr in fig.data[2:] for t in tr.text)
    with pytest.raises(ValueError, match="'colour' is not a node attribute of G \\(in `color`\\). Expected one of"):
        network_figure(G, color="colour")
    with pytest.raises(ValueError, match="`lang`"):
        network_figure(G, lang="fr")


def test_network_figure_shows_metrics_in_hover():
    G = add_metrics(nx.star_graph(3))
    hover = " ".join(h for tr in network_figure(G).data[2:] for h in tr.hovertext)
    assert "Betweenness: 1.000" in hover and "PageRank: " in hover and "Community: " in hover


def test_scattergl_above_the_threshold():
    small = nx.path_graph(GL_THRESHOLD)
    big = nx.path_graph(GL_THRESHOLD + 1)
    assert {type(tr) for tr in network_figure(small).data} == {go.Scatter}
    fig = network_figure(big)
    assert {type(tr) for tr in fig.data} == {go.Scattergl}
    assert len(fig.data) == 3  # all edges in one trace, their hovers in one, one category
    assert {type(tr) for tr in network_figure(big, webgl=False).data} == {go.Scatter}


def test_webgl_edges_are_one_path_under_the_canvas():
    G = nx.MultiGraph([("a", "b"), ("b", "a"), ("b", "c"), ("c", "c")])
    pos = {"a": (0.0, 0.0), "b": (0.5, -0.25), "c": (1.0, 1.0)}
    spec = gx.views.network.network_spec(G, pos=pos, webgl=True)
    (edges,) = [s for s in spec["layout"]["shapes"] if s["name"] == "edges"]
    # one segment per linked pair: the parallel edge and the loop add no line
    assert edges["path"] == "M0.0000,0.0000L0.5000,-0.2500M0.5000,-0.2500L1.0000,1.0000"
    assert (edges["xref"], edges["yref"], edges["layer"]) == ("x", "y", "below")
    assert spec["data"][0]["mode"] == "lines" and len(spec["data"][0]["x"]) == 0  # trace 0 stays, empty
    assert len(spec["data"][1]["x"]) == 4  # every edge keeps its hover point
    svg = gx.views.network.network_spec(G, pos=pos, webgl=False)
    assert "shapes" not in svg["layout"] and len(svg["data"][0]["x"]) == 3 * 4


def test_the_axes_fit_the_positions_given_whatever_is_drawn(ds):
    G = build_network(ds)
    pos = layout(G)
    early = build_network(ds, as_of="2017-06-30")
    ranges = [(f["layout"]["xaxis"]["range"], f["layout"]["yaxis"]["range"])
              for f in (gx.views.network.network_spec(G, pos=pos), gx.views.network.network_spec(early, pos=pos, webgl=True))]
    assert ranges[0] == ranges[1]  # a node stays at its place on the screen across dates
    (x0, x1), (y0, y1) = ranges[0]
    xs, ys = zip(*pos.values())
    assert x0 < min(xs) and max(xs) < x1 and y0 < min(ys) and max(ys) < y1
    # and the graph fills the plot: no more than a tenth of each axis is margin
    assert (max(xs) - min(xs)) / (x1 - x0) > 0.85 and (max(ys) - min(ys)) / (y1 - y0) > 0.8


def test_edge_kinds_out_of_the_legend_into_a_key(ds):
    G = build_network(ds, as_of="2016-12-31")
    with_legend = gx.views.network.network_spec(G)
    spec = gx.views.network.network_spec(G, edge_legend=False)
    assert [tr for tr in with_legend["data"] if tr.get("legendgroup") == "edges"]
    assert not [tr for tr in spec["data"] if tr.get("legendgroup") == "edges"]
    colours = [(list(f["data"][1]["marker"]["color"]), f["data"][1]["marker"]["colorscale"]) for f in (spec, with_legend)]
    assert colours[0] == colours[1]  # the same colours on the links
    shown = [tr["name"] for tr in with_legend["data"] if tr.get("legendgroup") == "edges" and tr["showlegend"]]
    key = gx.views.network.edge_key(G)
    assert [name for name, _ in key] == shown and "took part in" in shown
    assert len(key) < len(gx.views.network.edge_key(build_network(ds)))  # only the kinds the graph has
    assert gx.views.network.edge_key(G, "ar")[0][0] == "شارك في"
    every = [colour for _, colour in gx.views.network.edge_key(build_network(ds))]
    assert len(set(every)) == len(every)  # a colour names one kind


def test_one_edge_trace_and_a_legend_by_relation_kind(ds):
    G = build_network(ds)
    fig = network_figure(G)
    assert sum(1 for tr in fig.data if tr.mode == "lines") == 1
    legend = {tr.name: tr.showlegend for tr in fig.data if tr.legendgroup == "edges"}
    assert legend["took part in"] and legend["co-facilitates"] and legend["member of"]
    assert legend["took part together in"] is False  # not in this graph
    early = network_figure(build_network(ds, as_of="2016-12-31"), categories=gx.views.style.node_categories(G))
    assert len(early.data) == len(fig.data) == 2 + len(gx.views.style.node_categories(G)) + len(EDGE_KINDS)


def test_hostile_labels_are_escaped_in_hovers():
    G = nx.MultiDiGraph()
    G.add_node("x", label_en="<script>alert('x')</script>", label_ar="<img src=x onerror=alert(1)>",
               type="<b>bad</b>", sources=["<iframe>"])
    G.add_node("y", label_en="ok")
    G.add_edge("x", "y", kind="<svg onload=alert(1)>", events=["<script>"], sources=["<a href=javascript:x>"])
    fig = network_figure(G, n_labels=2)
    text = "\n".join(str(v) for tr in fig.data for v in (*(tr.hovertext or ()), *(tr.text or ()), tr.name or ""))
    for bad in ("<script>", "<img", "<iframe>", "<svg", "<a href", "<b>bad"):
        assert bad not in text, bad
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text and "&lt;img src=x" in text
    assert "&lt;svg onload=alert(1)&gt;" in text and "&lt;iframe&gt;" in text


def test_window_figure_title(ds):
    fig = network_figure(build_network(ds, window=("2018-01-01", "2018-07-31")), lang="ar")
    assert "1 يناير 2018" in fig.layout.title.text and "31 يوليو 2018" in fig.layout.title.text


def test_large_layouts_are_stored_and_read_back_the_same(ds, monkeypatch, tmp_path):
    """A Voila kernel lays out the full graph at start: the second kernel reads it back."""
    from gcm_explore.model import layout as network

    monkeypatch.setenv("GCM_EXPLORE_CACHE", str(tmp_path))
    G = gx.build_network(ds)
    first = network._layout(G, 7)
    assert len(list((tmp_path / "layout").iterdir())) == 1
    monkeypatch.setattr(network, "_compute_layout", lambda *a: pytest.fail("computed again"))
    again = network._layout(gx.build_network(ds), 7)
    assert list(again.items()) == list(first.items())
    (next((tmp_path / "layout").iterdir())).write_text("not json", encoding="utf-8")
    monkeypatch.undo()
    monkeypatch.setenv("GCM_EXPLORE_CACHE", str(tmp_path))
    assert network._layout(G, 7) == first, "an unreadable file is computed again"


@pytest.mark.parametrize("as_of", [None, "2016-12-31", "2018-12-31", "2026-05-31"])
def test_an_actor_is_active_when_its_members_are(ds, as_of):
    """A state's (or an organisation's) activity covers its members': Ireland's starts when its
    ambassador's does. Each member is linked to its parent from its own first activity on."""
    G = gx.build_network(ds, as_of=as_of)
    links = [(u, v, d) for u, v, k, d in G.edges(keys=True, data=True) if k == "member_of@parent"]  # from parent_id
    assert len(links) >= 5
    for member, parent, d in links:
        start = d["start"]  # the member's first activity when it was linked
        if start is not None:
            assert G.nodes[parent]["first_active"] <= start <= G.nodes[parent]["last_active"], (member, parent)
