"""A package whose labels carry HTML and script, explored in Chromium: the text shows, nothing runs."""

from __future__ import annotations

import pytest

import gcm_explore as gx

from .browser import NETWORK_NODES, NODE_COUNT, ROOT, chromium_page, require_browser, screenshot, voila
from .test_hostile import SCRIPT, hostile_package  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser


def test_hostile_labels_are_shown_as_text_and_run_nothing(hostile_package):  # noqa: F811
    require_browser()
    ds = gx.load_dataset(hostile_package)
    actor = ds.actors.index[0]
    with voila(ROOT / "dashboards" / "explorer.ipynb", env={"GCM_EXPLORE_DATA": str(hostile_package)}) as url, \
            chromium_page() as page:
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(url + f"?select={actor}", timeout=120_000)
        page.wait_for_function(f"() => ({NODE_COUNT})() > 0", timeout=120_000)
        page.wait_for_function("() => document.querySelector('.gcm-details-box').innerText.includes('actor 0')",
                               timeout=60_000)
        panel = page.locator(".gcm-details-box").inner_text()
        assert SCRIPT in panel, "the label is shown literally"
        # hover nodes: hover labels are escaped too, their markup shown as text
        hovers = set()
        for node in page.evaluate(NETWORK_NODES)[:15]:
            page.mouse.move(node["x"], node["y"])
            label = page.locator(".gcm-network .hoverlayer .hovertext")
            if label.count():
                hovers.add(label.first.text_content())
        assert any(tag in h for h in hovers for tag in ("<script>", "<img")), f"hover labels: {hovers}"
        injected = page.evaluate(
            "() => document.querySelectorAll('.gcm-explorer script, .gcm-explorer img[src=\"x\"], "
            "svg img, .hoverlayer img').length")
        assert injected == 0, "no element from the data became markup"
        assert dialogs == [], f"a script from the data ran: {dialogs}"
        assert not page.js_errors, page.js_errors
        screenshot(page, "explorer-hostile")
