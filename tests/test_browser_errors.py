"""A dashboard that cannot start says why, in the page, in English and Arabic: never a blank page."""

from __future__ import annotations

import pytest

from gcm_explore.model.i18n import t
from tests.browser import ROOT, chromium_page, require_browser, screenshot, voila


@pytest.mark.browser
def test_a_broken_package_is_explained_in_the_page():
    require_browser()
    bad = ROOT / "tests" / "bad_inputs" / "impossible_date"
    with voila(ROOT / "dashboards" / "explorer.ipynb", env={"GCM_EXPLORE_DATA": str(bad)}) as url, \
            chromium_page() as page:
        page.goto(url)
        page.wait_for_selector(".gcm-load-error", timeout=120_000)
        text = page.inner_text(".gcm-load-error")
        screenshot(page, "explorer-load-error")
        assert t("load_failed", "en") in text and t("load_failed", "ar") in text
        assert "events.csv, row 3, column 'start': '2018-02-30' is not a date in the calendar" in text
        assert "Fix: write a real date" in text
        assert page.evaluate("document.querySelectorAll('.js-plotly-plot').length") == 0
        assert page.js_errors == []
