"""The network and timeline builders: what a user reads off them."""

from __future__ import annotations

import networkx as nx
import pandas as pd

import gcm_explore as gx


def test_network_nodes_and_edges_carry_labels_and_sources(ds):
    G = gx.build_network(ds)
    assert isinstance(G, nx.MultiDiGraph)
    iom = G.nodes["iom"]
    assert iom["kind"] == "actor" and iom["label_en"] == "International Organization for Migration"
    assert iom["label_ar"] == "المنظمة الدولية للهجرة"
    assert G.nodes["gcm"]["kind"] == "process"
    for u, v, d in G.edges(data=True):
        assert d["kind"] and d["sources"], (u, v, d)


def test_as_of_keeps_only_what_existed(ds):
    before = gx.build_network(ds, as_of="2017-06-30")
    after = gx.build_network(ds, as_of="2019-01-31")
    assert "antonio_vitorino" not in before and "antonio_vitorino" in after
    assert "phase3_negotiations" not in before and "phase3_negotiations" in after
    heads_iom = {u for u, v, d in after.edges(data=True) if v == "iom" and d["kind"] == "heads"}
    assert heads_iom == {"antonio_vitorino"}  # Swing's term ended on 30 September 2018
    assert before.number_of_edges() < after.number_of_edges()


def test_participation_edges_keep_their_events(ds):
    G = gx.build_network(ds)
    edges = [d for u, v, d in G.edges(data=True) if u == "juan_jose_gomez_camacho" and d["kind"] == "participated"]
    events = {e for d in edges for e in d["events"]}
    assert {"ts1", "ir1"} <= events
    assert all(d["weight"] == len(d["events"]) for d in edges)


def test_layout_is_stable(ds):
    G = gx.build_network(ds)
    assert gx.layout(G) == gx.layout(G)
    assert set(gx.layout(G)) == set(G.nodes)


def test_timeline_frame_writes_dates_at_their_precision(ds):
    tl = gx.timeline_frame(ds)
    assert tl.loc["puerto_vallarta", "date_label"] == "4–6 December 2017"
    assert tl.loc["puerto_vallarta", "place"] == "Puerto Vallarta, Mexico"
    assert tl["start"].is_monotonic_increasing
    month = tl[tl["date_precision"] == "month"]
    for _, r in month.iterrows():  # drawn as the whole month, labelled as the month
        assert r["finish"] == r["start"] + pd.offsets.MonthEnd(0) or pd.notna(ds.events.loc[r.name, "end"])
        assert str(r["start"].day) not in r["date_label"].split()[0]
    ar = gx.timeline_frame(ds, lang="ar")
    assert ar.loc["puerto_vallarta", "date_label"] == "4–6 ديسمبر 2017"
    assert ar.loc["puerto_vallarta", "title"] == ds.events.loc["puerto_vallarta", "title_ar"]
    assert "المكسيك" in ar.loc["puerto_vallarta", "place"]


def test_timeline_frame_date_window(ds):
    tl = gx.timeline_frame(ds, window=("2018-01-01", "2018-12-31"))
    assert tl["finish"].min() >= pd.Timestamp("2018-01-01") and tl["start"].max() <= pd.Timestamp("2018-12-31")
    assert "marrakech_igc" in tl.index and "nyd_summit" not in tl.index
