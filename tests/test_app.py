"""The Explorer widget in the kernel: the slider and the language switch update both views in place."""

from __future__ import annotations

import gcm_explore as gx


def _nodes(app) -> int:
    return sum(len(tr.x or ()) for tr in app.network.data[2:])


def test_slider_filters_both_views_in_place(ds):
    app = gx.Explorer(ds)
    network, timeline = app.network, app.timeline
    full = _nodes(app)
    app.set_as_of("2017-06-30")
    assert app.network is network and app.timeline is timeline  # updated, not replaced
    assert _nodes(app) < full
    assert "30 June 2017" in app.status.value
    opacities = [o for tr in app.timeline.data[1:] for o in (tr.marker.opacity or ())]
    assert 0.25 in opacities and 1.0 in opacities


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
    outlined = {cd for tr in app.network.data[2:] if tr.customdata is not None and isinstance(tr.marker.line.width, tuple)
                for cd, w in zip(tr.customdata, tr.marker.line.width) if w == 3}
    assert "mar" in outlined, "Morocco, the host, is highlighted in the network"


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
    kept = {cd for tr in app.network.data[2:] if tr.customdata for cd in tr.customdata}
    assert "gha" in kept and "mex" not in kept
    africa = kept
    app.select("gha")
    app.hops.value = 1
    kept = {cd for tr in app.network.data[2:] if tr.customdata for cd in tr.customdata}
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
