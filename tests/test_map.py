"""The map: each layer's values for known states, Arabic, escaping, all 193 states, and no CDN."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

import gcm_explore as gx
from gcm_explore.views.map import DISCLAIMER, EVENT_BINS, LAYERS, boundaries, places

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(1)>"
LIVE = re.compile(r"<\s*(script|img)|<[^>]*\bon\w+\s*=", re.IGNORECASE)


def states_of(fig) -> dict[str, tuple[str, str, str]]:
    """``{iso3: (legend entry, colour, hover)}`` from the figure's category choropleths."""
    out = {}
    for tr in fig.data:
        if tr.type == "choropleth" and tr.hovertext is not None:
            for iso, hover in zip(tr.locations, tr.hovertext):
                out[iso] = (tr.name, tr.colorscale[0][1], hover)
    return out


@pytest.fixture(scope="module")
def members(ds) -> set[str]:
    return set(ds.actors[ds.actors.type == "state"].iso3)


def test_every_member_state_has_a_shape(members):
    ids = {f["id"] for f in boundaries()["features"]}
    assert len(members) == 193
    assert members <= ids, sorted(members - ids)
    # France and Norway: Natural Earth's ISO_A3 spells them -99; we key by ISO numeric, so they are there
    assert {"FRA", "NOR", "SOM", "CYP", "TUV"} <= ids
    small = {f["id"] for f in boundaries()["features"] if f["properties"]["scale"] != "1:110m"}
    assert small == {"AND", "ATG", "BHR", "BRB", "COM", "CPV", "DMA", "FSM", "GRD", "KIR", "KNA", "LCA", "LIE",
                     "MCO", "MDV", "MHL", "MLT", "MUS", "NRU", "PLW", "SGP", "SMR", "STP", "SYC", "TON", "TUV",
                     "VCT", "WSM"}


@pytest.mark.parametrize("layer", LAYERS)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_all_193_states_drawn_once_and_offline(ds, members, layer, lang):
    fig = gx.map_figure(ds, layer=layer, lang=lang)
    drawn = states_of(fig)
    assert set(drawn) == members
    located = [iso for tr in fig.data if tr.type == "choropleth" and tr.hovertext is not None for iso in tr.locations]
    assert len(located) == len(set(located)) == 193
    # trace 0: an empty Scattergeo without locations, so plotly.js does not fetch its base map
    assert fig.data[0].type == "scattergeo" and fig.data[0].locations is None and not fig.data[0].lat
    geo = fig.layout.geo
    assert not any(geo[f"show{k}"] for k in ("land", "ocean", "coastlines", "countries", "lakes", "rivers",
                                             "subunits", "frame"))
    text = fig.to_json()
    assert "cdn.plot.ly" not in text and "jsdelivr" not in text and "topojson" not in text.lower()
    assert not re.search(r"https?://", json.dumps(fig.layout.to_plotly_json()))
    assert fig.layout.annotations[-1].text == DISCLAIMER[1 if lang == "ar" else 0]
    # each choropleth carries the shapes it draws, so every shape travels once (the figure is redrawn whole)
    for tr in fig.data:
        if tr.type == "choropleth":
            assert [f["id"] for f in tr.geojson["features"]] == list(tr.locations)
    assert len(text) < 400_000


def test_vote_layer(ds):
    drawn = states_of(gx.map_figure(ds, layer="vote"))
    assert drawn["USA"][0] == drawn["HUN"][0] == "Voted against"
    assert drawn["AUT"][0] == "Abstained"
    assert drawn["MEX"][0] == drawn["MAR"][0] == "Voted in favour"
    assert drawn["USA"][1] == gx.views.style.PALETTE[5] and drawn["MEX"][1] == gx.views.style.PALETTE[0]
    assert "Sources: un_press_ga12113" in drawn["USA"][2] and "<b>United States" in drawn["USA"][2]
    before = states_of(gx.map_figure(ds, layer="vote", as_of="2018-12-01"))
    assert {name for name, _, _ in before.values()} == {"Vote not yet held"}


def test_vote_layer_in_arabic(ds):
    fig = gx.map_figure(ds, layer="vote", lang="ar")
    drawn = states_of(fig)
    assert drawn["USA"][0] == "صوّتت معارضة" and "<b>الولايات المتحدة" in drawn["USA"][2]
    assert "المصادر" in drawn["USA"][2]
    assert fig.layout.title.xanchor == "right" and "التصويت" in fig.layout.title.text
    assert fig.layout.legend.title.text == "<b>التصويت المسجل</b>"


def test_withdrawal_layer(ds):
    drawn = states_of(gx.map_figure(ds, layer="withdrawal"))
    assert drawn["USA"][0] == "Withdrew or dissociated in 2017"
    assert drawn["HUN"][0] == drawn["AUT"][0] == "Withdrew or dissociated in 2018"
    assert drawn["BRA"][0] == "Withdrew or dissociated in 2019"
    assert drawn["MEX"][0] == "No withdrawal recorded"
    assert "18 July 2018" in drawn["HUN"][2] and "reuters_hungary" in drawn["HUN"][2]
    early = states_of(gx.map_figure(ds, layer="withdrawal", as_of="2018-01-01"))
    assert early["USA"][0].endswith("2017") and early["HUN"][0] == "No withdrawal recorded"


def test_champion_layer(ds):
    drawn = states_of(gx.map_figure(ds, layer="champion"))
    assert drawn["PRT"][0] == drawn["LUX"][0] == drawn["AZE"][0] == "Champion country"
    assert "Champion country since 1 February 2022" in drawn["PRT"][2] and "unece_100days" in drawn["PRT"][2]
    # Morocco and El Salvador are both Champions and co-chairs of the initiative
    assert drawn["MAR"][0] == drawn["SLV"][0] == "Champion country and co-chair"
    assert "Champion country since 26 April 2023" in drawn["MAR"][2]
    assert "since February 2020" in drawn["SLV"][2]
    assert drawn["USA"][0] == "Not a Champion country"
    # Luxembourg and El Salvador are too small to see on a world map: a dot in their colour too
    dots = next(tr for tr in gx.map_figure(ds, layer="champion").data if tr.name == "small states")
    colour = dict(zip(dots.customdata, dots.marker.color))
    assert colour["LUX"] == drawn["LUX"][1] and colour["SLV"] == drawn["SLV"][1] and "TUV" in colour
    assert "BEL" not in colour and "BEL" not in next(tr for tr in gx.map_figure(ds, layer="vote").data
                                                     if tr.name == "small states").customdata
    early = states_of(gx.map_figure(ds, layer="champion", as_of="2021-01-01"))
    assert early["SLV"][0] == "Champion country" and early["PRT"][0] == early["MAR"][0] == "Not a Champion country"
    # a co-chair not (yet) recorded as a Champion has a colour of its own
    rel = ds.relations
    only_chair = dataclasses.replace(ds, relations=rel[~((rel.source == "mar") & (rel.kind == "champion_of"))])
    assert states_of(gx.map_figure(only_chair, layer="champion"))["MAR"][0] == "Co-chair of the Champion countries"


def test_region_layer(ds):
    drawn = states_of(gx.map_figure(ds, layer="region"))
    assert drawn["MAR"][0] == "Africa" and drawn["MEX"][0] == "Americas" and drawn["FJI"][0] == "Oceania"
    assert "Northern Africa" in drawn["MAR"][2] and "unsd_m49" in drawn["MAR"][2]
    ar = states_of(gx.map_figure(ds, layer="region", lang="ar"))
    assert ar["MAR"][0] == "أفريقيا" and "<b>المغرب</b>" in ar["MAR"][2]


def test_events_layer_and_places(ds):
    fig = gx.map_figure(ds, layer="events")
    drawn = states_of(fig)
    assert drawn["USA"][0] == "20 events or more" and drawn["MAR"][0] == "5–19 events"
    assert [b[2] for b in EVENT_BINS] == [tr.colorscale[0][1] for tr in fig.data[1:5]]
    marks = fig.data[-1]
    assert marks.type == "scattergeo" and marks.name == "Event places (size: number of events)"
    known = places()
    for city, iso in {(c, i) for c, i in zip(ds.events.city, ds.events.country_iso3) if isinstance(c, str) and c}:
        assert (city, iso) in known, f"no coordinates for {city}, {iso}: run gcm_explore/views/_geo/build_boundaries.py"
    at = {h.split("</b>")[0][3:]: (lat, lon, n) for h, lat, lon, n in zip(marks.hovertext, marks.lat, marks.lon, marks.meta)}
    assert at["Marrakech"][:2] == known[("Marrakech", "MAR")] and at["New York"][2] == (
        (ds.events.city == "New York") & (ds.events.country_iso3 == "USA")).sum() > 50
    assert max(marks.marker.size) == marks.marker.size[list(marks.meta).index(at["New York"][2])]
    # an event with a country and no city sits at the country's centroid, and says so
    assert any(h.startswith("<b>CZE (no city recorded") for h in marks.hovertext)
    early = gx.map_figure(ds, layer="events", as_of="2017-01-01").data[-1]
    assert sum(early.meta) < sum(marks.meta)
    assert gx.map_figure(ds, layer="events", as_of="2000-01-01").data[-1].lat == ()


def test_highlight_and_bad_arguments(ds):
    fig = gx.map_figure(ds, layer="region", highlight=["mar", "USA"])
    for tr in fig.data:
        if tr.type == "choropleth" and tr.hovertext is not None:
            for iso, width in zip(tr.locations, tr.marker.line.width):
                assert (width > 2) == (iso in ("MAR", "USA"))
    with pytest.raises(ValueError, match="'votes' is not a valid value for `layer`"):
        gx.map_figure(ds, layer="votes")
    with pytest.raises(ValueError, match="`lang`"):
        gx.map_figure(ds, lang="fr")


def test_hostile_names_are_escaped(ds):
    actors = ds.actors.copy()
    states = actors.type == "state"
    actors.loc[states, "name_en"] = HOSTILE
    actors.loc[states, "name_ar"] = HOSTILE
    events = ds.events.copy()
    events["title_en"] = HOSTILE
    events["source_ids"] = HOSTILE
    part = ds.participation.copy()
    part["source_id"] = HOSTILE
    bad = dataclasses.replace(ds, actors=actors, events=events, participation=part)
    for layer in LAYERS:
        for lang in ("en", "ar"):
            fig = gx.map_figure(bad, layer=layer, lang=lang)
            texts = [h for tr in fig.data if getattr(tr, "hovertext", None) is not None for h in tr.hovertext]
            assert texts and not any(LIVE.search(h) for h in texts), layer
            assert any("&lt;script&gt;" in h for h in texts)


def test_map_view_switches_layer_and_language(ds):
    view = gx.MapView(ds)
    assert view.plot.fig.layout.meta["layer"] == "vote"
    revision = view.plot.revision
    view.layer.value = "withdrawal"
    assert view.plot.revision == revision + 1 and states_of(view.plot.fig)["HUN"][0].startswith("Withdrew")
    view.as_of.value = "2017-12-31"
    assert states_of(view.plot.fig)["HUN"][0] == "No withdrawal recorded"
    view.language.value = "ar"
    assert "gcm-rtl" in view._dom_classes and view.layer.value == "withdrawal" and view.as_of.value == "2017-12-31"
    assert view.plot.fig.layout.meta["lang"] == "ar" and view.plot.revision == revision + 3
    view.language.value = "en"
    assert "gcm-rtl" not in view._dom_classes
    # the view's plot follows its box's size (PlotlyView's front-end module observes it)
    assert "new ResizeObserver" in view.plot._esm and "resize.disconnect()" in view.plot._esm
