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
