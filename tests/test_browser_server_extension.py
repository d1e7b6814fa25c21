"""The explorer as Binder and a course hub open it: Voila as an extension of a Jupyter server
(``voila/render/...``), with no Voila server of its own and no preheated kernels."""

from __future__ import annotations

import pytest

from .browser import NODE_COUNT, OUTLINED, chromium_page, jupyter_server, require_browser, screenshot

pytestmark = pytest.mark.browser


def test_voila_render_link_opens_the_explorer_with_its_query():
    require_browser()
    with jupyter_server() as url, chromium_page() as page:
        # the README's Binder badge opens this path; a hub's user-redirect link too
        page.goto(url + "voila/render/dashboards/explorer.ipynb?lang=ar&date=2018-12&select=iom", timeout=120_000)
        page.wait_for_function(f"() => ({NODE_COUNT})() > 5", timeout=120_000)
        page.wait_for_function("() => document.querySelector('.gcm-details-box h3')?.innerText === 'المنظمة الدولية للهجرة'",
                               timeout=60_000)
        assert page.evaluate("() => getComputedStyle(document.querySelector('.gcm-explorer')).direction") == "rtl"
        assert "31 ديسمبر 2018" in page.locator(".gcm-date-label").inner_text()
        assert page.evaluate(OUTLINED) == ["iom"]
        # and it follows the student: the slider redraws both views
        status = page.locator(".gcm-status").inner_text()
        handle = page.locator(".gcm-date-slider input")
        handle.focus()
        handle.press("Home")
        page.wait_for_function("([s, d]) => { const t = document.querySelector('.gcm-status').innerText;"
                               " return t !== s && t.includes(d); }", arg=[status, "30 سبتمبر 2016"], timeout=60_000)
        page.wait_for_function(f"() => ({NODE_COUNT})() < 60", timeout=60_000)  # September 2016's network is small
        screenshot(page, "explorer-server-extension-ar")
        assert not page.js_errors, page.js_errors
