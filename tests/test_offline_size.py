"""The offline page's weight (issue 20): at most 8 MB for the bundled record, with nothing lost
on the way (the shared values put back, plotly.js inflated) in Python and in Chromium."""

from __future__ import annotations

import base64
import gzip
import json
import re

import pytest
from plotly.io.json import to_json_plotly
from plotly.offline import get_plotlyjs

import gcm_explore as gx
from gcm_explore.io import offline

MAX_BYTES = 8_000_000


@pytest.fixture(scope="module")
def page(ds) -> str:
    return offline.offline_page(ds, lang="en")


def _raw(page: str, element: str) -> str:
    """The text an element of the page carries, inflated as the page's script does."""
    packed = re.search(rf'<script type="application/gzip;base64" id="{element}">(.*?)</script>', page, re.S).group(1)
    return gzip.decompress(base64.b64decode(packed)).decode("utf-8")


def _data(page: str):
    return json.loads(_raw(page, "gcm-data"))


def test_the_page_is_at_most_8_mb(ds, tmp_path):
    for lang in ("en", "ar"):
        path = gx.export_html(ds, tmp_path / f"gcm-{lang}.html", lang=lang)
        assert path.stat().st_size <= MAX_BYTES, f"{lang}: {path.stat().st_size / 1e6:.2f} MB"


def test_the_data_loses_nothing(ds, page):
    assert offline.expand(_data(page)) == json.loads(to_json_plotly(offline.page_payload(ds)))


def test_repeated_values_are_written_once(page):
    data = _data(page)
    steps = data["steps"]["en"]
    # the timeline's events are the same at every date step: written for the first only
    assert isinstance(steps[0]["timeline"]["data"], list)
    assert all(s["timeline"]["data"] == {offline.SAME: ["steps", "en", 0, "timeline", "data"]} for s in steps[1:])
    raw = _raw(page, "gcm-data")
    assert '"gcm:same"' in raw and "\\u0627" not in raw and "ا" in raw  # Arabic as UTF-8, not escaped
    assert offline.page_data(page) == data


def test_plotly_js_is_in_the_page_whole(page):
    assert _raw(page, "gcm-plotly") == get_plotlyjs() == offline.page_data(page, "plotly")


@pytest.mark.browser
def test_the_page_draws_the_figures_as_computed_offline(ds, tmp_path):
    from tests.browser import chromium_page, require_browser

    require_browser()
    path = gx.export_html(ds, tmp_path / "gcm.html", lang="ar")
    payload = json.loads(to_json_plotly(offline.page_payload(ds)))
    keys = ("name", "x", "y", "hovertext", "customdata")
    with chromium_page() as page:
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto(path.as_uri())
        page.wait_for_function("['network-plot', 'timeline-plot', 'map-plot'].every("
                               "id => document.getElementById(id)._fullData?.length > 0)", timeout=60000)
        for plot, view in (("network-plot", "network"), ("timeline-plot", "timeline")):
            drawn = page.evaluate(f"k => document.getElementById('{plot}').data.map("
                                  "tr => Object.fromEntries(k.filter(x => x in tr).map(x => [x, tr[x]])))", list(keys))
            expected = [{k: tr[k] for k in keys if k in tr} for tr in payload["steps"]["ar"][-1][view]["data"]]
            assert drawn == expected, view
        layout = page.evaluate("document.getElementById('map-plot').layout.meta")
        assert layout == payload["maps"]["ar"]["vote"]["layout"]["meta"]
        assert page.js_errors == []


@pytest.mark.browser
def test_a_browser_without_decompression_says_so(ds, tmp_path):
    from tests.browser import chromium_page, require_browser

    require_browser()
    path = gx.export_html(ds, tmp_path / "gcm.html", lang="en")
    with chromium_page() as page:
        page.add_init_script("delete window.DecompressionStream")
        page.goto(path.as_uri())
        page.wait_for_selector("#gcm-views p")
        assert page.inner_text("#gcm-views").split("\n")[0] == offline.TOO_OLD["en"]
        assert page.js_errors == []
