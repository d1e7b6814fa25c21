"""The presenter dashboard served by Voila and driven with the keyboard in Debian's Chromium."""

from __future__ import annotations

import pytest

from .browser import PLOT_READABILITY, ROOT, axe_violations, chromium_page, require_browser, screenshot, voila

pytestmark = pytest.mark.browser

CAPTION = ".gcm-caption"
COUNTER = ".gcm-counter"
# the events drawn highlighted: markers with a thick black outline
HIGHLIGHTED = """() => [...document.querySelectorAll('.gcm-presenter-timeline .scatterlayer .point')]
    .filter(p => !p.closest('.rangeslider-container'))
    .filter(p => (p.style.stroke || '').replace(/\\s/g, '') === 'rgb(0,0,0)'
                 && parseFloat(p.style.strokeWidth) >= 3).length"""


def _wait_change(page, selector: str, before: str) -> str:
    page.wait_for_function("([s, b]) => document.querySelector(s).innerText !== b", arg=[selector, before],
                           timeout=60_000)
    return page.locator(selector).inner_text()


def _press(page, key: str) -> str:
    before = page.locator(CAPTION).inner_text()
    page.keyboard.press(key)
    text = _wait_change(page, CAPTION, before)
    page.wait_for_timeout(600)  # let Plotly.react redraw
    return text


def _readable(page, where: str) -> None:
    """The timeline's plot takes at least 70% of its figure, and no two of its labels cross."""
    m = page.evaluate(PLOT_READABILITY, ".gcm-presenter-timeline .js-plotly-plot")
    assert m["share"] >= 0.70, f"plot share {m['share']:.3f} ({where})"
    assert m["crossing"] == [], f"labels cross ({where})"


def test_presenter_keys_language_and_screenshots():
    require_browser()
    with voila(ROOT / "dashboards" / "presenter.ipynb") as url, chromium_page(width=1600, height=1000) as page:
        page.goto(url, timeout=120_000)
        page.wait_for_selector(".gcm-presenter-timeline .js-plotly-plot .scatterlayer .point", timeout=120_000)
        page.wait_for_function(f"{HIGHLIGHTED} > 0", timeout=60_000)
        # the figure fills its box (Plotly draws a figure not yet on the page 700 px wide)
        page.wait_for_function("() => document.querySelector('.gcm-presenter-timeline .main-svg')"
                               ".getBoundingClientRect().width > 1200", timeout=30_000)
        first = page.locator(CAPTION).inner_text()
        assert "New York Declaration" in first
        assert page.locator(COUNTER).inner_text().startswith("1 /")
        screenshot(page, "presenter-en-1")
        _readable(page, "English, step 1")
        assert axe_violations(page) == [], "WCAG 2.1 A and AA (axe-core), in English"

        page.locator("body").click(position={"x": 5, "y": 5})  # focus the page, not a widget
        second = _press(page, "ArrowRight")
        assert "71/280" in second
        assert page.locator(COUNTER).inner_text().startswith("2 /")
        third = _press(page, "Space")
        assert "thematic sessions" in third
        page.wait_for_function(f"{HIGHLIGHTED} >= 6", timeout=60_000)  # the six thematic sessions
        screenshot(page, "presenter-en-3")
        back = _press(page, "ArrowLeft")
        assert back == second
        page.wait_for_function(f"{HIGHLIGHTED} == 3", timeout=60_000)  # its three events
        for _ in range(6):
            _press(page, "ArrowRight")
        assert page.locator(COUNTER).inner_text().startswith("8 /")
        assert "Marrakech" in page.locator(CAPTION).inner_text()
        screenshot(page, "presenter-en-8")
        _readable(page, "English, step 8")

        # Arabic: right-to-left, Arabic caption, the step kept
        before = page.locator(CAPTION).inner_text()
        page.get_by_role("button", name="العربية").click()
        arabic = _wait_change(page, CAPTION, before)
        page.wait_for_timeout(800)
        assert "مراكش" in arabic
        assert page.evaluate("() => getComputedStyle(document.querySelector('.gcm-presenter')).direction") == "rtl"
        assert page.locator(COUNTER).inner_text().startswith("8 /")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.gcm-presenter-timeline .xtick')].some(t => /[\\u0600-\\u06FF]/.test(t.textContent))",
            timeout=60_000)
        screenshot(page, "presenter-ar-8")
        _readable(page, "Arabic, step 8")
        assert axe_violations(page) == [], "WCAG 2.1 A and AA (axe-core), in Arabic"
        page.locator("body").click(position={"x": 5, "y": 5})
        _press(page, "ArrowRight")
        assert page.locator(COUNTER).inner_text().startswith("9 /")
        screenshot(page, "presenter-ar-9")
        _press(page, "Home")
        assert "إعلان نيويورك" in page.locator(CAPTION).inner_text()
        screenshot(page, "presenter-ar-1")
        assert not page.js_errors, page.js_errors
