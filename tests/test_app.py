"""The Explorer widget in the kernel: the slider and the language switch update both views in place."""

from __future__ import annotations

import dataclasses
import gc
import itertools
import re

import networkx as nx
import pandas as pd

import gcm_explore as gx
from gcm_explore.model.i18n import format_date
from gcm_explore.model.vocab import VOTE_ROLES
from gcm_explore.views.labels import text_width
from gcm_explore.views.style import NETWORK_AREA


def _last(ds) -> pd.Timestamp:
    """The last day of the month of the record's last event: the Explorer's default date."""
    return ds.events["end"].fillna(ds.events["start"]).max() + pd.offsets.MonthEnd(0)


def _day(d: pd.Timestamp) -> str:
    return f"{d.day} {d:%B %Y}"


def _nodes(app) -> int:
    return len(_shown(app.network))


def test_slider_filters_both_views_in_place(ds):
    app = gx.Explorer(ds)
    network, timeline = app.network, app.timeline
    full = _nodes(app)
    app.set_as_of("2017-06-30")
    assert app.network is network and app.timeline is timeline  # updated, not replaced
    assert _nodes(app) < full
    assert "30 June 2017" in app.status.value
    veil = [s for s in app.timeline.figure["layout"]["shapes"] if s.get("name") == "later"]
    assert [s["x0"][:10] for s in veil] == ["2017-06-30"], "the dates after the slider's are veiled"


def test_language_switch_keeps_the_date(ds):
    app = gx.Explorer(ds)
    app.set_as_of("2018-07-15")
    before = _nodes(app)
    app.language.value = "ar"
    assert "gcm-rtl" in app._dom_classes
    assert "حتى 31 يوليو 2018" in app.status.value
    assert _nodes(app) == before
    assert app.timeline.layout.yaxis.side == "right"
    app.language.value = "en"
    assert "gcm-rtl" not in app._dom_classes


def test_language_choices_read_english_and_arabic(ds):
    app = gx.Explorer(ds)
    assert [label for label, _ in app.language.options] == ["English", "العربية"]


def test_clicking_an_event_highlights_its_actors_and_opens_its_details(ds):
    app = gx.Explorer(ds)
    app.timeline.clicked = {"curve": 3, "index": 0, "customdata": "marrakech_igc", "n": 1}
    assert app.selected == "marrakech_igc"
    assert "Marrakech" in app.details.value and "Sources" in app.details.value
    assert "mar" in _outlined(app.network), "Morocco, the host, is highlighted in the network"


def test_clicking_an_actor_highlights_its_events(ds):
    app = gx.Explorer(ds)
    app.network.clicked = {"curve": 4, "index": 0, "customdata": "iom", "n": 1}
    big = {cd for tr in app.timeline.data[1:] if tr.customdata is not None
           for cd, size in zip(tr.customdata, tr.marker.size) if size > 11}
    assert "accra_champions" in big
    assert "International Organization for Migration" in app.details.value


def test_search_in_arabic_without_diacritics_finds_the_actor(ds):
    app = gx.Explorer(ds)
    app.search.value = "المنظمه الدوليه للهجره"
    assert app.selected == "iom"
    app.search.value = "no such thing at all"
    assert app.selected == "iom" and "Nothing matches" in app.status.value


def test_filters_ego_and_reset(ds):
    app = gx.Explorer(ds)
    everyone = app.network.fig.layout.title.text
    app.region.value = "Africa"
    kept = _shown(app.network)
    assert "gha" in kept and "mex" not in kept
    africa = kept
    app.select("gha")
    app.hops.value = 1
    kept = _shown(app.network)
    assert "gha" in kept and len(kept) < len(africa), "the neighbourhood of Ghana, in Africa"
    app.reset()
    assert app.selected is None and app.region.value == "" and app.hops.value == 0
    assert app.network.fig.layout.title.text == everyone


def test_state_goes_to_a_url_query_and_back(ds):
    app = gx.Explorer(ds, lang="ar", as_of="2018-07-15", select="iom", region="Asia", hops=2)
    query = app.query()
    assert query == "lang=ar&date=2018-07&select=iom&region=Asia&hops=2"
    again = gx.Explorer.from_query("?" + query, ds)
    assert (again.lang, again.as_of, again.selected, again.region.value, again.hops.value) == (
        "ar", app.as_of, "iom", "Asia", 2)
    assert "gcm-rtl" in again._dom_classes


def test_hostile_query_is_ignored(ds):
    app = gx.Explorer.from_query("lang=xx&date=notadate&select=<script>&hops=9", ds)
    assert app.lang == "en" and app.selected is None and app.hops.value == 3
    assert "<script>" not in app.link.value


# --- what each interaction sends to the browser (the views' figure dicts) and shows in the panels ------------------

def _shown(view) -> set[str]:
    """The node ids of the network view (its node traces)."""
    return {c for tr in view.figure["data"] if tr.get("legendgroup") == "nodes" for c in tr.get("customdata") or ()}


def _outlined(view) -> set[str]:
    """What a view draws with the thick dark outline of the selection (network nodes, map states and places)."""
    out = set()
    for tr in view.figure["data"]:
        line = (tr.get("marker") or {}).get("line") or {}
        if isinstance(line.get("width"), list):
            out |= {c for c, w, colour in zip(tr.get("customdata") or (), line["width"], line["color"])
                    if w >= 2.5 and colour == "#000000"}
    return out


def _events(view) -> set[str]:
    """The event ids of the timeline's markers."""
    return {c for tr in view.figure["data"] if tr.get("type") == "scatter" for c in tr.get("customdata") or ()}


def _enlarged(view) -> set[str]:
    """The timeline's highlighted events (drawn larger than the others)."""
    return {c for tr in view.figure["data"] if tr.get("type") == "scatter"
            for c, size in zip(tr.get("customdata") or (), tr["marker"]["size"]) if size > 11}


def _labels(view) -> set[str]:
    """The text labels shown next to the network's nodes (annotations named by their node: the network is WebGL)."""
    return {a["text"] for a in view.figure["layout"]["annotations"] if a.get("name")}


def _names(ds, ids) -> list[str]:
    return [ds.label(n) for n in ids] + [ds.actors.at[n, "short_en"] for n in ids
                                         if n in ds.actors.index and isinstance(ds.actors.at[n, "short_en"], str)]


def _crossing_labels(view, area=NETWORK_AREA) -> list[tuple[str, str]]:
    """The pairs of network labels whose boxes cross, drawn in a plot ``area`` (pixels) at the
    figure's axis ranges: each box centred above its point, as wide as its text is estimated."""
    layout_ = view.figure["layout"]
    (x0, x1), (y0, y1) = layout_["xaxis"]["range"], layout_["yaxis"]["range"]
    boxes = []
    for a in layout_["annotations"]:
        if a.get("name"):
            x, y = (a["x"] - x0) / (x1 - x0) * area[0], (y1 - a["y"]) / (y1 - y0) * area[1] - a.get("yshift", 0)
            half = text_width(a["text"], 11) / 2
            boxes.append((a["text"], (x - half, y - 14, x + half, y)))
    return [(p, q) for (p, b), (q, c) in itertools.combinations(boxes, 2)
            if b[0] < c[2] and c[0] < b[2] and b[1] < c[3] and c[1] < b[3]]


def _family(ds, process: str) -> set[str]:
    """A process and all its sub-processes, at any depth."""
    family, parents = {process}, ds.processes["parent_id"]
    while True:
        more = set(parents.index[parents.isin(family)]) - family
        if not more:
            return family
        family |= more


def test_timeline_click_in_both_languages_links_network_map_and_details(ds):
    app = gx.Explorer(ds)
    revision = app.network.revision
    app.timeline.clicked = {"curve": 3, "index": 0, "customdata": "marrakech_igc", "n": 1}
    assert app.network.revision > revision, "the network was sent again"
    # its participants (host, convener, chair, organiser, speakers) and its process are outlined and labelled
    assert _outlined(app.network) == {"mar", "unga", "nasser_bourita", "louise_arbour", "antonio_guterres",
                                      "maria_fernanda_espinosa", "adoption"}
    # labelled where there is room for the name: the host first (the highlighted nodes in id order), none crossing
    assert "Morocco" in _labels(app.network) and len(_labels(app.network) & set(_names(ds, _outlined(app.network)))) >= 4
    assert not _crossing_labels(app.network)
    assert _enlarged(app.timeline) == {"marrakech_igc"}
    assert _outlined(app.map) == {"MAR"}, "Morocco, the host, is outlined on the map"
    html = app.details.value
    assert "<h3>Intergovernmental Conference to Adopt the Global Compact" in html
    assert "المؤتمر الحكومي الدولي لاعتماد الاتفاق العالمي" in html, "the other language's title too"
    assert "10–11 December 2018" in html and "Participants" in html and "Morocco (Host)" in html
    assert "select=marrakech_igc" in app.link.value

    app.language.value = "ar"
    assert app.selected == "marrakech_igc"
    assert _outlined(app.network) >= {"mar", "nasser_bourita"} and _enlarged(app.timeline) == {"marrakech_igc"}
    assert "المغرب" in _labels(app.network) and "Morocco" not in _labels(app.network)
    html = app.details.value
    assert "dir='rtl'" in html and "10–11 ديسمبر 2018" in html and "المشاركون" in html and "المغرب (مضيف)" in html
    assert "<h3>المؤتمر الحكومي الدولي" in html


def test_network_click_on_an_actor_shows_its_events_and_full_details(ds):
    from gcm_explore.model.selection import events_of

    app = gx.Explorer(ds)
    app.network.clicked = {"curve": 6, "index": 0, "customdata": "iom", "n": 1}
    assert _outlined(app.network) == {"iom"}
    assert _enlarged(app.timeline) == events_of(ds, "iom") & _events(app.timeline)
    assert {"accra_champions", "iom_joins_un", "msh2"} <= _enlarged(app.timeline)
    html = app.details.value
    for text in ("<h3>International Organization for Migration</h3>", "المنظمة الدولية للهجرة",  # names EN and AR
                 "Intergovernmental organisation",  # type
                 "<h4>Relations</h4>", "International Organization for Migration — coordinates — United Nations Network on Migration",
                 "<h4>Events</h4>", "19 September 2016: IOM joins the United Nations as a related organization",
                 "<h4>Network metrics</h4>", f"Links to others: {len(set(nx.all_neighbors(app.drawing.full, 'iom')))}",
                 "<h4>Sources</h4>", "<a href='https://nigeria.iom.int/news/world-move-iom-joins-un-summit-refugees-and-migrants'"):
        assert text in html, text
    assert "target='_blank' rel='noopener noreferrer'" in html, "sources open in a new tab, without an opener"

    app.network.clicked = {"curve": 3, "index": 0, "customdata": "mex", "n": 2}
    assert app.selected == "mex" and _outlined(app.network) == {"mex"}
    assert "<p>Member State · Americas</p>" in app.details.value, "type and region"
    assert _outlined(app.map) == {"MEX"}
    app.language.value = "ar"
    html = app.details.value
    assert "<h3>المكسيك</h3>" in html and "Mexico" in html and "<p>دولة عضو · الأمريكتان</p>" in html
    assert "<h4>الأحداث</h4>" in html and "<h4>مقاييس الشبكة</h4>" in html and "<h4>المصادر</h4>" in html


def test_network_click_on_a_process_highlights_the_events_of_its_family(ds):
    app = gx.Explorer(ds)
    app.network.clicked = {"curve": 2, "index": 0, "customdata": "phase3_negotiations", "n": 1}
    family = _family(ds, "phase3_negotiations")
    expected = set(ds.events.index[ds.events["process_id"].isin(family)])
    assert _enlarged(app.timeline) == expected and {"zero_draft", "ir1", "text_agreed"} <= expected
    assert "Phase III: intergovernmental negotiations" in app.details.value
    assert "1 February – 31 July 2018" in app.details.value
    # a click on something that is no node (an edge midpoint has no id) changes nothing
    app.network.clicked = {"curve": 1, "index": 5, "customdata": None, "n": 2}
    assert app.selected == "phase3_negotiations"


def test_as_of_slider_fades_later_events_and_drops_later_actors(ds):
    app = gx.Explorer(ds)
    everyone = _shown(app.network)
    app.slider.value = app.state.month_index("2017-06")
    assert app.as_of == gx.Explorer(ds, as_of="2017-06-10").as_of
    assert "<b>As of: 30 June 2017</b>" == app.date_label.value
    later = set(ds.events.index[ds.events["start"] > "2017-06-30"])
    fig = app.timeline.figure
    (veil,) = [s for s in fig["layout"]["shapes"] if s.get("name") == "later"]
    faded = {c for tr in fig["data"] if tr.get("type") == "scatter"
             for c, x in zip(tr["customdata"], tr["x"]) if x > veil["x0"]}
    assert faded and faded <= later, "only events after the date are behind the veil"
    assert veil["layer"] == "above" and veil["fillcolor"].startswith("rgba(255,255,255,0.")
    assert len(_shown(app.network)) < len(everyone)
    assert "amy_pope" in everyone and "amy_pope" not in _shown(app.network), "not yet head of IOM in 2017"
    assert app.query() == "lang=en&date=2017-06"


def test_node_key_beside_the_network_replaces_its_legend(ds):
    app = gx.Explorer(ds)
    fig = app.network.figure
    assert fig["layout"]["showlegend"] is False, "no legend inside the figure: the plot takes its width"
    assert max(fig["layout"]["margin"].values()) <= 20 and not fig["layout"]["title"]["text"], "nor a title"
    assert f">Actors and processes as of {_day(_last(ds))}</h2>" in app.network_title.value, "the title is above it, in the page"
    drawn = [(tr["name"], tr["marker"]["color"]) for tr in fig["data"] if tr.get("legendgroup") == "nodes" and len(tr["x"])]
    key = re.findall(r"<span><i style='color:(#[0-9A-Fa-f]{6})'>.</i> ([^<]+)</span>", app.node_key.value)
    assert [(name, colour) for colour, name in key] == drawn, "the key names every type drawn, in its colour"
    assert "<b>Nodes:</b>" in app.node_key.value and "◆</i> GCM process" in app.node_key.value
    app.set_as_of("2016-10-31")  # fewer types early on
    assert 0 < app.node_key.value.count("<span>") < len(key)
    app.language.value = "ar"
    value = app.node_key.value
    assert "dir='rtl'" in value and "العُقد" in value and "◆</i> عملية الاتفاق العالمي" in value and "process" not in value


def test_event_key_beside_the_timeline_replaces_its_legend(ds):
    app = gx.Explorer(ds)
    fig = app.timeline.figure
    assert fig["layout"]["showlegend"] is False, "no legend inside the figure: the plot takes its height"
    drawn = {(tr["name"], tr["marker"]["color"]) for tr in fig["data"][1:] if len(tr["x"])}
    key = re.findall(r"<span><i style='color:(#[0-9A-Fa-f]{6})'>●</i> ([^<]+)</span>", app.event_key.value)
    assert {(name, colour) for colour, name in key} == drawn and len(key) == len(drawn), "each family once"
    assert len({colour for colour, _ in key}) == len(key) and "<b>Events:</b>" in app.event_key.value
    app.mode.value = "range"
    app.range.value = (app.state.month_index("2016-09"), app.state.month_index("2016-09"))  # the summit's month
    assert 0 < app.event_key.value.count("<span>") < len(key), "only the families of the events shown"
    app.language.value = "ar"
    assert "dir='rtl'" in app.event_key.value and "الأحداث" in app.event_key.value and "Events" not in app.event_key.value


def test_link_key_under_the_network_follows_the_date_and_the_language(ds):
    app = gx.Explorer(ds)
    assert "gcm-edge-key" in app.edge_key.value and "took part in" in app.edge_key.value
    assert not [tr for tr in app.network.figure["data"] if tr.get("legendgroup") == "edges"]  # not in the legend
    everything = app.edge_key.value.count("<span>")
    app.set_as_of("2016-10-31")
    assert 0 < app.edge_key.value.count("<span>") < everything
    app.language.value = "ar"
    assert "dir='rtl'" in app.edge_key.value and "شارك في" in app.edge_key.value and "took part" not in app.edge_key.value


def test_range_mode_shows_only_the_events_between_two_dates(ds):
    app = gx.Explorer(ds)
    app.mode.value = "range"
    assert app.slider.layout.display == "none" and app.range.layout.display is None
    assert app.date_label.value == f"<b>Between: September 2016 – {_last(ds):%B %Y}</b>"
    app.range.value = (app.state.month_index("2017-04"), app.state.month_index("2018-07"))
    assert app.date_label.value == "<b>Between: April 2017 – July 2018</b>"
    shown = ds.events.loc[sorted(_events(app.timeline))]
    assert len(shown) and (shown["start"] <= "2018-07-31").all()
    assert (shown["end"].fillna(shown["start"]) >= "2017-04-01").all()
    assert "zero_draft" in shown.index and "marrakech_igc" not in shown.index
    assert f"{len(shown)} events from April 2017 to July 2018" in app.status.value
    assert ">Who took part together, 1 April 2017 – 31 July 2018</h2>" in app.network_title.value
    assert app.query() == "lang=en&range=2017-04%2C2018-07"
    app.mode.value = "as_of"  # back to where the date slider stands
    assert app.date_label.value == f"<b>As of: {_day(_last(ds))}</b>" and app.range.layout.display == "none"
    assert "marrakech_igc" in _events(app.timeline)

    ar = gx.Explorer(ds, lang="ar", window=("2017-04", "2018-07"))
    assert ar.date_label.value == "<b>بين: أبريل 2017 – يوليو 2018</b>"
    assert _events(ar.timeline) == set(shown.index)
    assert f"{len(shown)} حدثًا من أبريل 2017 إلى يوليو 2018" in ar.status.value


def test_language_switch_keeps_range_mode(ds):
    app = gx.Explorer(ds, window=("2017-04", "2018-07"))
    app.language.value = "ar"
    assert app.mode.value == "range" and app.date_label.value == "<b>بين: أبريل 2017 – يوليو 2018</b>"
    assert app.query() == "lang=ar&range=2017-04%2C2018-07"


def test_actor_type_and_region_filters_act_on_network_and_timeline(ds):
    app = gx.Explorer(ds)
    events = _events(app.timeline)
    app.types.value = ("state",)
    kinds = {ds.actors["type"].get(n, "process") for n in _shown(app.network)}
    assert kinds == {"state", "process"}, "Member States, with the processes they took part in"
    part = ds.participation
    with_states = set(part.loc[part["actor_id"].isin(ds.actors.index[ds.actors["type"] == "state"]), "event_id"])
    assert _events(app.timeline) == events & with_states and len(_events(app.timeline)) < len(events)
    app.types.value = ()
    app.region.value = "Europe"
    states = {n for n in _shown(app.network) if ds.actors["type"].get(n) == "state"}
    assert "deu" in states and not states & {"mex", "gha", "ind"}
    assert (ds.actors.loc[sorted(states), "region"] == "Europe").all()
    european = set(part.loc[part["actor_id"].isin(ds.actors.index[ds.actors["region"] == "Europe"]), "event_id"])
    assert _events(app.timeline) == events & european
    app.language.value = "ar"
    assert app.region.value == "Europe" and dict(app.region.options)["أوروبا"] == "Europe"


def test_process_and_objective_filters_drop_the_counts(ds):
    app = gx.Explorer(ds)
    nodes, events = len(_shown(app.network)), _events(app.timeline)
    assert f"{len(ds.events)} events up to {_day(_last(ds))} · {nodes} actors and processes" in app.status.value
    app.process.value = "phase3_negotiations"
    kept = ds.events.loc[sorted(_events(app.timeline))]
    assert set(kept["process_id"]) <= _family(ds, "phase3_negotiations") and "zero_draft" in kept.index
    assert f"{len(kept)} events up to" in app.status.value and len(kept) < len(events)
    assert len(_shown(app.network)) < nodes and "phase3_negotiations" in _shown(app.network)
    app.process.value = ""
    app.objective.value = 5
    links = ds.objective_links
    linked = set(links.loc[links["objective"] == 5, "target_id"])
    assert _events(app.timeline) and _events(app.timeline) <= linked
    assert len(_shown(app.network)) < nodes
    assert app.query() == f"lang=en&date={_last(ds):%Y-%m}&objective=5"
    app.language.value = "ar"
    assert app.objective.value == 5 and app.objective.label.startswith("5. ")
    assert app.objective.label[3:] == ds.objectives.set_index("number").at[5, "title_ar"]


def test_filters_on_a_month_drawn_before_read_what_each_node_took_part_in(ds):
    """The month is drawn unfiltered first (its graph built for drawing only), then filtered by
    process and by objective: the nodes shown are those build_network's graph of that month keeps."""
    app = gx.Explorer(ds)
    month = (_last(ds) + pd.offsets.MonthEnd(0)).normalize()
    G = gx.drop_voters(gx.build_network(ds, as_of=month))
    for box, value, keyword in ((app.process, "gcm", "processes"), (app.objective, 5, "objectives")):
        box.value = value
        expected = set(gx.filter_nodes(G, **{keyword: value}))
        assert _shown(app.network) == expected and 5 < len(expected) < len(G), keyword
        box.value = box.options[0][1] if keyword == "objectives" else ""


def test_search_by_name_in_english_and_arabic_tolerates_diacritics(ds):
    app = gx.Explorer(ds, lang="ar")
    app.search.value = "المنظمةُ الدوليةُ للهجرةِ"  # with short vowels
    assert app.selected == "iom" and "<h3>المنظمة الدولية للهجرة</h3>" in app.details.value
    app.search.value = "ايمي بوب"  # a plain alef for إ
    assert app.selected == "amy_pope" and "<h3>إيمي بوب</h3>" in app.details.value
    app.search.value = "لا شيء بهذا الاسم"
    assert app.selected == "amy_pope" and "لا نتيجة لـ«لا شيء بهذا الاسم»" in app.status.value
    app.language.value = "en"
    app.search.value = "jurg lauber"  # no accent, no capitals
    assert app.selected == "jurg_lauber" and "<h3>Jürg Lauber</h3>" in app.details.value
    assert _outlined(app.network) == {"jurg_lauber"}


def test_ego_network_grows_with_the_hops(ds):
    app = gx.Explorer(ds, select="iom")
    everyone = _shown(app.network)
    sizes = []
    for hops in (1, 2, 3):
        app.hops.value = hops
        sizes.append(len(_shown(app.network)))
        assert "iom" in _shown(app.network) and _outlined(app.network) == {"iom"}
        assert f"{sizes[-1]} actors and processes" in app.status.value
    assert sizes[0] < sizes[1] < sizes[2] <= len(everyone)
    app.hops.value = 1
    G = app.drawing.month_graph(app.slider.value)
    assert _shown(app.network) == set(nx.ego_graph(G, "iom", radius=1, undirected=True)), "IOM and its neighbours"
    assert app.query() == f"lang=en&date={_last(ds):%Y-%m}&select=iom&hops=1"
    app.hops.value = 0
    assert _shown(app.network) == everyone


def test_connect_to_shows_the_path_in_both_languages(ds):
    app = gx.Explorer(ds)
    app.connect.value = "Ghana"
    assert "Select a node first, then choose what to connect it to." in app.path.value
    app.select("iom")
    assert "<h4>How International Organization for Migration is linked to Ghana</h4>" in app.path.value
    assert "<b>Ghana</b>" in app.path.value and app.path.value.count("<li>") >= 1
    assert {"iom", "gha"} <= _outlined(app.network) and len(_outlined(app.network)) > 2, "the path's nodes too"
    assert app.query() == f"lang=en&date={_last(ds):%Y-%m}&select=iom&connect=gha"
    app.language.value = "ar"
    assert app.connect.value == "غانا", "the box names the target in the new language"
    assert "<h4>كيف يرتبط المنظمة الدولية للهجرة بـغانا</h4>" in app.path.value and "dir='rtl'" in app.path.value
    app.connect.value = ""
    assert app.path.value == "" and _outlined(app.network) == {"iom"}


def test_language_switch_keeps_selection_filters_and_date(ds):
    app = gx.Explorer(ds, as_of="2018-12-31", select="iom", region="Africa", hops=2, process="gcm")
    shown, enlarged = _shown(app.network), _enlarged(app.timeline)
    app.language.value = "ar"
    assert "gcm-rtl" in app._dom_classes and app.title.value.startswith("<div dir='rtl'><h1>مستكشف الاتفاق العالمي")
    assert (app.selected, app.region.value, app.hops.value, app.process.value) == ("iom", "Africa", 2, "gcm")
    assert _shown(app.network) == shown and _enlarged(app.timeline) == enlarged
    assert (app.reset_button.description, app.search.description, app.mode.options[0][0]) == (
        "إعادة الضبط", "بحث", "حتى تاريخ")
    assert "<h3>المنظمة الدولية للهجرة</h3>" in app.details.value
    assert app.query() == "lang=ar&date=2018-12&select=iom&region=Africa&process=gcm&hops=2"
    app.language.value = "en"
    assert "gcm-rtl" not in app._dom_classes and app.title.value.startswith("<div dir='ltr'><h1>GCM Explorer</h1>")


def test_reset_clears_every_filter_and_the_selection(ds):
    app = gx.Explorer(ds)
    first = (app.network.figure, app.timeline.figure, app.status.value, app.details.value)
    app.apply_state(lang="ar", window=("2017-04", "2018-07"), select="iom", connect="gha", types=["igo"],
                    region="Africa", process="gcm", objective=5, hops=2, layer="champion")
    app.reset()
    assert app.selected is None and app.query() == f"lang=ar&date={_last(ds):%Y-%m}&layer=champion", \
        "reset keeps the language and the map layer"
    assert (app.types.value, app.region.value, app.process.value, app.objective.value, app.hops.value) == (
        (), "", "", 0, 0)
    assert (app.search.value, app.connect.value, app.path.value, app.mode.value) == ("", "", "", "as_of")
    assert app.slider.layout.display is None and app.range.layout.display == "none"
    app.language.value = "en"
    assert (app.network.figure, app.timeline.figure, app.status.value, app.details.value) == first


def test_full_state_goes_to_a_query_and_back(ds):
    app = gx.Explorer(ds, lang="ar", window=("2017-04-15", "2018-07-02"), select="iom", connect="gha",
                      types=["igo", "state"], region="Africa", process="gcm", objective=5, hops=3, layer="champion")
    query = app.query()
    assert query == ("lang=ar&range=2017-04%2C2018-07&select=iom&connect=gha&types=igo%2Cstate&region=Africa"
                     "&process=gcm&objective=5&hops=3&layer=champion")
    assert f"href='?{query.replace('&', '&amp;')}'" in app.link.value
    again = gx.Explorer.from_query("?" + query, ds)
    assert again.query() == query
    assert (again.lang, again.mode.value, again.window, again.selected, again.connect.value, again.types.value,
            again.region.value, again.process.value, again.objective.value, again.hops.value, again.layer.value) == (
        "ar", "range", app.window, "iom", "غانا", ("igo", "state"), "Africa", "gcm", 5, 3, "champion")
    for view in ("network", "timeline", "map"):
        assert getattr(again, view).figure == getattr(app, view).figure, view
    assert (again.details.value, again.path.value, again.status.value) == (app.details.value, app.path.value,
                                                                          app.status.value)


def test_apply_query_on_an_explorer_built_without_one(ds):
    app = gx.Explorer(ds)
    app.apply_query("lang=ar&date=2018-12&select=marrakech_igc&layer=events")
    assert app.lang == "ar" and app.language.value == "ar" and "gcm-rtl" in app._dom_classes
    assert app.date_label.value == "<b>حتى تاريخ: 31 ديسمبر 2018</b>"
    assert app.selected == "marrakech_igc" and _enlarged(app.timeline) == {"marrakech_igc"}
    assert "place:Marrakech|MAR" in _outlined(app.map)
    assert app.query() == "lang=ar&date=2018-12&select=marrakech_igc&layer=events"
    app.apply_query("")  # an empty query changes nothing
    assert app.query() == "lang=ar&date=2018-12&select=marrakech_igc&layer=events"


def test_map_click_on_a_state_or_a_place_selects_it(ds):
    from gcm_explore.model.selection import events_at

    app = gx.Explorer(ds)
    app.map.clicked = {"curve": 1, "index": 0, "customdata": "GHA", "n": 1}  # a state: its ISO3 code
    assert app.selected == "gha" and "<h3>Ghana</h3>" in app.details.value
    assert _outlined(app.map) == {"GHA"} and _outlined(app.network) == {"gha"}
    assert "accra_champions" in _enlarged(app.timeline)
    app.layer.value = "events"
    places = {p for p in _outlined(app.map) if p.startswith("place:")}
    assert "place:Accra|GHA" in places, "the places of Ghana's events are outlined"
    app.map.clicked = {"curve": 8, "index": 0, "customdata": "place:Marrakech|MAR", "n": 2}
    assert app.selected == "place:Marrakech|MAR"
    assert _enlarged(app.timeline) == set(events_at(ds, "place:Marrakech|MAR")) >= {"marrakech_igc", "gfmd11_marrakesh"}
    assert "place:Marrakech|MAR" in _outlined(app.map) and "MAR" in _outlined(app.map)
    assert {"mar", "nasser_bourita"} <= _outlined(app.network), "the actors of the events held there"
    assert "<h3>Marrakech, Morocco</h3>" in app.details.value and "Events held here" in app.details.value
    app.language.value = "ar"
    assert app.selected == "place:Marrakech|MAR" and "الأحداث التي عُقدت هنا" in app.details.value
    app.map.clicked = {"curve": 1, "index": 0, "customdata": "XXX", "n": 3}  # no such state: nothing changes
    assert app.selected == "place:Marrakech|MAR"


def test_an_error_during_an_update_is_shown_in_the_status_line(ds, monkeypatch, caplog):
    app = gx.Explorer(ds)
    network = app.network.figure

    def broken(*args, **kwargs):
        raise RuntimeError("layout exploded")

    monkeypatch.setattr("gcm_explore.apps.drawing.network_spec", broken)
    app.network.clicked = {"curve": 6, "index": 0, "customdata": "iom", "n": 1}  # raises nothing
    assert app.status.value == ("<span class='gcm-error' dir='ltr'>Something went wrong: RuntimeError: layout "
                                "exploded. The view was left as it was; try Reset.</span>")
    assert app.network.figure == network, "the view was left as it was"
    assert "layout exploded" in caplog.text, "and the traceback is logged"
    app.language.value = "ar"
    assert app.status.value == ("<span class='gcm-error' dir='rtl'>حدث خطأ: RuntimeError: layout exploded. "
                                "بقي العرض على حاله؛ جرّب زر إعادة الضبط.</span>")
    monkeypatch.undo()
    app.reset()
    assert app.status.value.startswith(f"<span dir='rtl'>{len(ds.events)} حدثًا حتى {_last(ds).day} "), "Reset works again"
    assert gc.isenabled(), "the update, failed, left the garbage collector on (it waits only while the views are drawn)"


def test_an_update_leaves_the_garbage_collector_as_it_found_it(ds):
    app = gx.Explorer(ds)
    app.slider.value = 5
    assert gc.isenabled()
    gc.disable()  # a notebook that turned it off keeps it off
    try:
        app.slider.value = 6
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_error_panel_names_file_row_and_column_in_both_languages(package):
    from .conftest import edit_row

    row = edit_row(package, "events", ("id", "zero_draft"), start="2018-02-30")
    try:
        gx.load_dataset(package)
    except gx.DataError as error:
        panel = gx.error_panel(error)
    else:
        raise AssertionError("the broken package loaded")
    html = panel.value
    assert "gcm-load-error" in panel._dom_classes
    assert f"events.csv, row {row}, column &#x27;start&#x27;: &#x27;2018-02-30&#x27; is not a date in the calendar" in html
    assert "The explorer could not start" in html and "تعذّر تشغيل المستكشف" in html
    assert "<pre dir='ltr'" in html and html.count("<div dir='rtl'>") == 1
    hostile = gx.error_panel(ValueError("<img src=x onerror=alert(1)>")).value
    assert "<img" not in hostile and "&lt;img src=x onerror=alert(1)&gt;" in hostile


def _only_voted(ds) -> set[str]:
    """From the tables, not the graph: the Member States whose every role in the record is a vote, that
    no relation names and that no actor belongs to (Ireland's ambassador co-facilitated the talks)."""
    part, rel = ds.participation, ds.relations
    states = set(ds.actors.index[ds.actors["type"] == "state"])
    doers = (set(part.loc[~part["role"].isin(VOTE_ROLES), "actor_id"]) | set(rel["source"]) | set(rel["target"])
             | set(ds.actors["parent_id"].dropna()))
    return (states & set(part.loc[part["role"].isin(VOTE_ROLES), "actor_id"])) - doers


def test_the_network_draws_the_member_states_that_did_more_than_vote(ds):
    voters = _only_voted(ds)
    assert len(voters) > 100
    app = gx.Explorer(ds)
    shown = _shown(app.network)
    assert not shown & voters, "by default no state that only voted is drawn"
    assert {"mar", "deu", "mex", "che"} <= shown, "hosts, co-facilitators, champions are"
    assert f"{len(voters)} Member States whose only part was their vote are not drawn" in app.status.value
    assert not _crossing_labels(app.network)
    # the selection is always drawn, with its vote: a state picked on the map
    app.select("fji")
    assert "fji" in _shown(app.network) and not (_shown(app.network) - {"fji"}) & voters
    assert "fji" in _outlined(app.network)
    # before the vote, every state that only voted later is simply not in the record yet
    app.apply_state(select=None, as_of="2018-06-30")
    assert not _shown(app.network) & voters


def test_all_member_states_stand_in_a_block_per_region_and_keep_their_place(ds):
    voters = _only_voted(ds)
    app = gx.Explorer(ds, states="all", lang="ar")
    assert voters <= _shown(app.network) and app.query().endswith("states=all")
    assert "دولة عضوًا" not in app.status.value
    heads = [a["text"] for a in app.network.figure["layout"]["annotations"] if " · " in a["text"] and not a.get("name")]
    assert sum(int(h.split(" · ")[1]) for h in heads) == len(voters)
    assert any(h.startswith("أفريقيا · ") for h in heads), heads
    pos = app.drawing.pos_all
    blocks = {n: pos[n] for n in voters}
    # each region's block apart from the others', and below the actors that did something
    by_region = {}
    for n, (x, _) in blocks.items():
        by_region.setdefault(ds.actors.at[n, "region"], []).append(x)
    spans = sorted((min(xs), max(xs)) for xs in by_region.values())
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:]))
    assert max(y for _, y in blocks.values()) < min(pos[n][1] for n in app.drawing.pos)
    # a node stands where it stood at another date, in both modes
    for states in ("all", "active"):
        app.apply_state(states=states, as_of="2019-06-30")
        before = _positions(app.network)
        app.apply_state(as_of="2024-06-30")
        after = _positions(app.network)
        assert len(before.keys() & after.keys()) > 50
        assert all(before[n] == after[n] for n in before.keys() & after.keys())


def _positions(view) -> dict:
    return {c: (x, y) for tr in view.figure["data"] if tr.get("legendgroup") == "nodes"
            for c, x, y in zip(tr.get("customdata") or (), tr["x"], tr["y"])}


def _drawings(monkeypatch) -> list:
    """The networks the Explorer draws from now on (each call of network_spec)."""
    from gcm_explore.apps import drawing

    drawn, real = [], drawing.network_spec
    monkeypatch.setattr(drawing, "network_spec", lambda *a, **k: drawn.append(1) or real(*a, **k))
    return drawn


def test_after_a_pause_the_next_steps_of_the_slider_are_ready(ds, monkeypatch):
    """While the kernel is idle after a move (its event loop running, nothing else to do), the
    Explorer prepares the months beside the one shown: stepping to them draws nothing new."""
    import asyncio

    from gcm_explore.apps.ahead import AHEAD, IDLE_DELAY

    app = gx.Explorer(ds)
    drawn = _drawings(monkeypatch)

    async def move_and_pause(month):
        app.slider.value = month
        await asyncio.sleep(IDLE_DELAY + 1.5)

    assert all(app.drawing.same[m] == m for m in range(49, 56))  # each of these months has a network of its own
    asyncio.run(move_and_pause(52))
    assert len(drawn) == 1 + 2 * AHEAD  # the month shown, then those beside it
    for month in (53, 54, 51, 50):
        app.slider.value = month
        assert len(drawn) == 1 + 2 * AHEAD
    # what was prepared is what the month shows when drawn on a move
    assert app.network.figure == gx.Explorer(ds, as_of=app.as_of).network.figure
    app.slider.value = 49  # further away: drawn on the move, as before
    assert len(drawn) == 3 + 2 * AHEAD  # (and once by the Explorer just made)


def test_while_the_kernel_stays_idle_every_month_gets_its_network(ds, monkeypatch):
    """After the months beside the one shown, the Explorer builds the network of every other month
    while the kernel is idle (nearest first): a jump to any month then builds no network, and it
    shows what a new Explorer at that date shows. (The bundled record is small enough not to need
    it: the size it starts from is lowered.)"""
    import asyncio

    monkeypatch.setattr("gcm_explore.apps.ahead.EVERY_MONTH_FROM", 0)
    app = gx.Explorer(ds)
    assert not all(app.drawing.is_built(dataclasses.replace(app.state, month=m)) for m in range(len(app.months)))
    built = []
    real = app.drawing.dated.active_columns  # what the Explorer builds a month with
    monkeypatch.setattr(app.drawing.dated, "active_columns", lambda *a, **k: built.append(a[0]) or real(*a, **k))

    async def move_and_wait(month):
        app.slider.value = month
        for _ in range(200):  # the bundled record: about 2 s
            await asyncio.sleep(0.05)
            if all(app.drawing.is_built(dataclasses.replace(app.state, month=m)) for m in range(len(app.months))):
                return

    asyncio.run(move_and_wait(60))
    assert all(app.drawing.is_built(dataclasses.replace(app.state, month=m)) for m in range(len(app.months)))
    months = [pd.Timestamp(a).year * 12 + pd.Timestamp(a).month for a in built]
    assert len(months) == len(set(months)) > 50, "each network built once"
    far = [abs(m - months[0]) for m in months]  # from the month shown
    assert max(far[1:5]) <= 4 and far[-1] > 40, "the months beside it first (or the first month with their network), the farthest last"
    built.clear()
    for month in (3, 100, 30):
        app.slider.value = month
        assert built == [] and app.network.figure == gx.Explorer(ds, as_of=app.as_of).network.figure, month


def test_data_opened_is_measured_again_for_every_month_prepared(ds, monkeypatch):
    """Whether every month is prepared is decided for the record shown: after opening data, for it
    (here the size it starts from is changed in between, as if the new record were larger)."""
    import asyncio

    app = gx.Explorer(ds)

    async def move_and_wait(month, tries=200):
        app.slider.value = month
        for _ in range(tries):
            await asyncio.sleep(0.05)
            if all(app.drawing.is_built(dataclasses.replace(app.state, month=m)) for m in range(len(app.months))):
                return

    asyncio.run(move_and_wait(60, tries=30))  # the bundled record: only the months beside are prepared
    assert not all(app.drawing.is_built(dataclasses.replace(app.state, month=m)) for m in range(len(app.months)))
    monkeypatch.setattr("gcm_explore.apps.ahead.EVERY_MONTH_FROM", 0)
    app.open_data(ds)
    asyncio.run(move_and_wait(60))
    assert all(app.drawing.is_built(dataclasses.replace(app.state, month=m)) for m in range(len(app.months)))


def test_with_nothing_selected_every_month_is_drawn_ahead(ds, monkeypatch):
    """With nothing selected or filtered (a walk through the dates), the Explorer left idle draws
    every month's figure too: any move then draws nothing and shows what a new Explorer shows;
    a node clicked then is drawn on the move. (From any size of record, as above.)"""
    import asyncio

    monkeypatch.setattr("gcm_explore.apps.ahead.EVERY_MONTH_FROM", 0)
    app = gx.Explorer(ds)
    states = [dataclasses.replace(app.state, month=m) for m in range(len(app.months))]

    async def wait():
        app.slider.value = 40
        for _ in range(400):  # the bundled record: about 4 s
            await asyncio.sleep(0.05)
            if all(app.drawing.is_prepared(s) for s in states):
                return

    asyncio.run(wait())
    assert all(app.drawing.is_prepared(s) for s in states)
    drawn = _drawings(monkeypatch)
    for month in (0, 116, 7, 90):
        app.slider.value = month
        assert drawn == [], month
        expected = gx.Explorer(ds, as_of=app.as_of).network.figure
        drawn.clear()  # (the new Explorer drew its own)
        assert app.network.figure == expected, month
    app.select("iom")
    assert len(drawn) == 1


def test_a_month_with_the_network_of_the_month_before_shows_it_at_once(ds, monkeypatch):
    """When nothing of the network changed since the month before (no date of the record between
    them), a move to that month draws nothing new: it shows what a new Explorer at its date shows,
    with its own date."""
    app = gx.Explorer(ds)
    quiet = [m for m in range(1, len(app.months)) if app.drawing.same[m] != m]
    assert len(quiet) > 20  # the record's quiet months (31 of 117 when written)
    drawn = _drawings(monkeypatch)
    for month in quiet[::6]:
        app.slider.value = month - 1
        before = (len(drawn), app.status.value)
        app.slider.value = month
        assert len(drawn) == before[0], month
        assert app.network.figure == gx.Explorer(ds, as_of=app.as_of).network.figure, month
        assert app.status.value != before[1] and format_date(app.as_of, "day", "en") in app.status.value


def test_a_new_move_stops_what_was_prepared_for_the_last_one(ds, monkeypatch):
    import asyncio

    from gcm_explore.apps.ahead import IDLE_DELAY

    app = gx.Explorer(ds)
    drawn = _drawings(monkeypatch)

    async def two_moves():
        app.slider.value = 60
        app.slider.value = 20  # before the kernel was idle
        await asyncio.sleep(IDLE_DELAY + 1.5)

    asyncio.run(two_moves())
    before = len(drawn)
    app.slider.value = 21  # prepared for the last move
    assert len(drawn) == before
    app.slider.value = 61  # not prepared: the move to 60 was followed at once by another
    assert len(drawn) == before + 1


def test_without_an_event_loop_nothing_is_prepared(ds, monkeypatch):
    """A script (no event loop) draws only what it shows; Explorer.warm prepares every month."""
    app = gx.Explorer(ds)
    drawn = _drawings(monkeypatch)
    app.slider.value = 60
    app.slider.value = 59
    assert len(drawn) == 2


def test_a_date_move_sends_the_timeline_its_layout_only(ds):
    """The timeline's events are the same at every date (the date is a veil in its layout): a move
    sends the page the layout, not the events again; a new filter sends the events."""
    app = gx.Explorer(ds)
    sent = []
    app.timeline.observe(lambda change: sent.append(change["name"]), names=["data_json", "layout_json"])
    app.slider.value = 30
    app.slider.value = 31
    assert sent == ["layout_json", "layout_json"]
    assert app.timeline.figure["layout"] != {} and len(app.timeline.figure["data"]) > 3
    app.types.value = ("state",)
    assert "data_json" in sent[2:]


def test_the_map_of_the_vote_follows_the_date_back_and_forth(ds):
    """The vote layer changes on the day of the vote on the Compact: a move across it and back
    shows each side's map again (kept from the first time), as an Explorer opened on that date shows it."""
    vote_day = ds.events.at["res_73_195", "start"]
    before, after = (str((vote_day + pd.offsets.MonthEnd(n)).date()) for n in (-1, 1))
    fresh = {date: gx.Explorer(ds, as_of=date).map.figure for date in (before, after)}
    assert fresh[before] != fresh[after], "the vote is on the map only from its day on"
    app = gx.Explorer(ds, as_of=before)
    for date in (after, before, after, before):
        app.set_as_of(date)
        assert app.map.figure == fresh[date], date
