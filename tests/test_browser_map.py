"""The map dashboard served by Voila in Debian's Chromium, every request to another host refused."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from .browser import ROOT, chromium_page, require_browser, screenshot, voila

pytestmark = pytest.mark.browser

PLOT = ".gcm-map-plot .js-plotly-plot"
#: fill colours of the drawn countries (choropleth paths), most common first
FILLS = f"""() => {{
    const n = {{}};
    document.querySelectorAll('{PLOT} .choroplethlocation').forEach(p => {{
        const f = (getComputedStyle(p).fill || '').replace(/\\s/g, ''); n[f] = (n[f] || 0) + 1; }});
    return n; }}"""
LEGEND = f"() => [...document.querySelectorAll('{PLOT} .legendtext')].map(t => t.textContent)"


def _hover(page, iso3: str) -> str:
    """Move the mouse into ``iso3``'s shape (a point of its bounding box); return the hover label's text."""
    box = page.evaluate(f"""(iso) => {{
        const p = [...document.querySelectorAll('{PLOT} .choroplethlocation')].find(p => p.__data__ && p.__data__.loc === iso);
        const r = p.getBoundingClientRect(); return [r.x + r.width * 0.6, r.y + r.height * 0.6]; }}""", iso3)
    page.mouse.move(box[0] - 50, box[1] - 50)
    page.mouse.move(box[0], box[1], steps=5)  # for the USA: Kansas, within its box with Alaska and Hawaii
    page.wait_for_selector(f"{PLOT} .hoverlayer .hovertext", timeout=10_000)
    return page.locator(f"{PLOT} .hoverlayer .hovertext").first.text_content()


def _revision(page) -> str:
    return page.evaluate("() => document.querySelector('.gcm-map-plot').dataset.revision || ''")


def _wait_redraw(page, before: str) -> None:
    page.wait_for_function("(b) => (document.querySelector('.gcm-map-plot').dataset.revision || '') !== b",
                           arg=before, timeout=60_000)
    page.wait_for_timeout(500)


def test_map_draws_offline_switches_layer_and_language():
    require_browser()
    refused = []

    def route(r):
        host = urlparse(r.request.url).hostname or ""
        if host in ("127.0.0.1", "localhost", "::1") or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    with voila(ROOT / "dashboards" / "map.ipynb") as url, chromium_page(width=1400, height=900) as page:
        page.route("**/*", route)
        page.goto(url, timeout=120_000)
        page.wait_for_selector(f"{PLOT} .choroplethlocation", timeout=120_000)
        page.wait_for_timeout(800)
        # the plot is as wide as the view, even though the (refused) CDN stylesheet made the page lay out late
        page.wait_for_function(f"() => document.querySelector('{PLOT}')._fullLayout.width > "
                               "0.9 * document.querySelector('.gcm-map').getBoundingClientRect().width", timeout=30_000)
        paths = page.locator(f"{PLOT} .choroplethlocation").count()
        assert paths >= 193 + 9  # Member States and the other areas
        vote = page.evaluate(FILLS)
        assert "rgb(0,114,178)" in vote and "rgb(213,94,0)" in vote  # in favour (blue), against (vermillion)
        assert "Voted against" in page.evaluate(LEGEND)
        assert page.locator(".gcm-map .annotation-text").last.text_content().startswith("The boundaries and names")
        text = _hover(page, "USA")
        assert "United States" in text and "Voted against" in text and "un_press_ga12113" in text, text
        screenshot(page, "map-en-vote")

        before = _revision(page)
        page.locator(".gcm-map select").select_option(label="Champion countries")
        _wait_redraw(page, before)
        champion = page.evaluate(FILLS)
        assert champion != vote and "rgb(0,158,115)" in champion and "rgb(213,94,0)" not in champion
        assert "Champion country" in page.evaluate(LEGEND)
        screenshot(page, "map-en-champion")

        before = _revision(page)
        page.locator(".gcm-map select").select_option(label="Event places")
        _wait_redraw(page, before)
        assert page.locator(f"{PLOT} .scattergeo .point").count() > 20  # event places and small states
        screenshot(page, "map-en-events")

        before = _revision(page)
        page.get_by_role("button", name="العربية").click()
        _wait_redraw(page, before)
        assert page.evaluate("() => getComputedStyle(document.querySelector('.gcm-map')).direction") == "rtl"
        legend = page.evaluate(LEGEND)
        assert "أماكن الأحداث (الحجم: عدد الأحداث)" in legend, legend
        assert page.locator(f"{PLOT} .gtitle").text_content().startswith("أماكن انعقاد الأحداث")
        screenshot(page, "map-ar-events")

        before = _revision(page)
        page.locator(".gcm-map select").select_option(label="التصويت على القرار A/RES/73/195")
        _wait_redraw(page, before)
        assert "صوّتت معارضة" in page.evaluate(LEGEND)
        assert page.locator(".gcm-map .annotation-text").last.text_content().startswith("الحدود والأسماء")
        text = _hover(page, "USA")
        assert "الولايات المتحدة" in text and "صوّتت معارضة" in text and "المصادر" in text, text
        screenshot(page, "map-ar-vote")

        assert not page.js_errors, page.js_errors
    # Voila's own page template asks a CDN for Font Awesome's CSS (icons only: the page works without it);
    # nothing else, in particular no base map (topojson) for plotly.js, may leave the machine
    assert not [u for u in refused if "fontawesome" not in u], refused
    assert not [u for u in refused if "topojson" in u or "plot.ly" in u or "world" in u]
