"""The Explorer's interactions in Debian's Chromium, served by Voila with preheated kernels.

One server and one page for the module (each test starts from Reset, in English); every step
waits for what the page shows (DOM text, the views' ``data-revision``), never a fixed time.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

import gcm_explore as gx
from gcm_explore.apps.state import months_of

from .browser import (
    NETWORK_LABELS,
    NODE_COUNT,
    OUTLINED,
    PLOT_READABILITY,
    ROOT,
    axe_violations,
    chromium_page,
    require_browser,
    screenshot,
    voila,
)

pytestmark = pytest.mark.browser

FIRST_DRAW = 120_000  # ms: a preheated kernel on a loaded 2-core machine
STEP = 90_000  # ms: one kernel round trip and redraw, with other jobs running
STATUS, DETAILS, PATH, DATE, LINK = ".gcm-status", ".gcm-details-box", ".gcm-path-box", ".gcm-date-label", ".gcm-link"
LAST = months_of(gx.load_dataset())[-1]  # the Explorer's default month: the record's last
HINT = "Click a node or an event to see its details and links."
#: the centre of a map shape (ISO3), found inside its fill, in page coordinates
MAP_SHAPE = """(iso) => {
    const p = [...document.querySelectorAll('.gcm-map .choroplethlocation')].find(p => p.__data__ && p.__data__.loc === iso);
    if (!p) return null;
    const r = p.getBoundingClientRect(), toShape = p.getScreenCTM().inverse();
    for (let fy = 0.5; fy < 0.95; fy += 0.05) for (let fx = 0.5; fx < 0.95; fx += 0.05) {
        const x = r.x + r.width * fx, y = r.y + r.height * fy;
        if (p.isPointInFill(new DOMPoint(x, y).matrixTransform(toShape)))
            return {x, y, stroke: getComputedStyle(p).stroke.replace(/\\s/g, ''), width: parseFloat(getComputedStyle(p).strokeWidth)};
    }
    return null; }"""
#: the centre of an event's marker on the timeline, in page coordinates
EVENT_POINT = """(id) => {
    for (const t of document.querySelectorAll('.gcm-timeline .scatterlayer .trace')) {
        const trace = t.__data__ && t.__data__[0] && t.__data__[0].trace;
        for (const p of t.querySelectorAll('.point')) {
            if (trace && trace.customdata && trace.customdata[p.__data__.i] === id) {
                const r = p.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; } } }
    return null; }"""


# --- helpers ----------------------------------------------------------------------------------

def _wait_text(page, selector: str, text: str, timeout: int = STEP) -> str:
    """Wait until ``selector``'s text contains ``text``; return that text."""
    page.wait_for_function("([s, t]) => (document.querySelector(s)?.innerText || '').includes(t)",
                           arg=[selector, text], timeout=timeout)
    return page.locator(selector).inner_text()


def _wait_outlined(page, ids: list[str], exact: bool = True) -> list[str]:
    """Wait until the network outlines ``ids`` (exactly these, or at least these); return what it outlines."""
    page.wait_for_function(f"([ids, exact]) => {{ const o = ({OUTLINED})(); return ids.every(i => o.includes(i)) "
                           "&& (!exact || o.length === ids.length); }", arg=[ids, exact], timeout=STEP)
    return page.evaluate(OUTLINED)


def _revision(page, view: str) -> int:
    return int(page.evaluate("v => document.querySelector('.' + v + ' .gcm-plot').parentElement.dataset.revision || 0",
                             view))


def _wait_drawn(page, view: str, before: int) -> None:
    """Wait until ``view`` (gcm-network, gcm-timeline, gcm-map) has drawn a figure newer than ``before``."""
    page.wait_for_function(
        "([v, b]) => +(document.querySelector('.' + v + ' .gcm-plot').parentElement.dataset.revision || 0) > b",
        arg=[view, before], timeout=STEP)


def _points(page, view: str) -> int:
    if view == "gcm-network":
        return page.evaluate(NODE_COUNT)
    return page.locator(f".{view} .scatterlayer .point").count()


def _counts(status: str) -> tuple[int, int, int]:
    """(events, actors and processes, links) from the English status line."""
    found = re.search(r"(\d+) events .* · (\d+) actors and processes, (\d+) links", status)
    assert found, status
    return tuple(int(x) for x in found.groups())


def _wait_counts_change(page, before: str) -> tuple[int, int, int]:
    page.wait_for_function("b => { const s = document.querySelector('.gcm-status').innerText; "
                           "return s !== b && /\\d+ links/.test(s); }", arg=before, timeout=STEP)
    return _counts(page.locator(STATUS).inner_text())


def _search(page, text: str, box: str = ".gcm-search") -> None:
    field = page.locator(f"{box} input")
    field.fill(text)
    field.press("Enter")


def _direction(page, selector: str = ".gcm-explorer") -> str:
    return page.evaluate("s => getComputedStyle(document.querySelector(s)).direction", selector)


def _selected_option(page, selector: str) -> str:
    text = page.evaluate("s => { const e = document.querySelector(s + ' select'); return e.options[e.selectedIndex].text; }",
                         selector)
    return text.replace("\xa0", " ")  # ipywidgets shows the options' spaces as no-break spaces


def _active_mode(page) -> str:
    return page.locator(".gcm-mode button.mod-active").inner_text()


# --- one server, one browser, one page --------------------------------------------------------

@pytest.fixture(scope="module")
def served():
    """The explorer dashboard, served with preheated kernels like ``gcm-explore serve``, opened once."""
    require_browser()
    with voila(ROOT / "dashboards" / "explorer.ipynb", args=("--preheat_kernel=True", "--pool_size=1")) as url, \
            chromium_page() as page:
        page.goto(url, timeout=FIRST_DRAW)
        page.wait_for_function(f"() => ({NODE_COUNT})() > 0", timeout=FIRST_DRAW)
        page.wait_for_selector(".gcm-timeline .scatterlayer .point", timeout=FIRST_DRAW)
        page.wait_for_selector(".gcm-map .choroplethlocation", timeout=FIRST_DRAW)
        status = _wait_text(page, STATUS, "events up to", timeout=FIRST_DRAW)
        yield {"url": url, "page": page, "status": status, "points": _points(page, "gcm-network")}


@pytest.fixture
def page(served):
    """The page in its first state: English, nothing selected, no filter (pressed Reset)."""
    page = served["page"]
    page.mouse.move(5, 5)  # no hover label left over
    if page.locator(".gcm-explorer.gcm-rtl").count():
        page.get_by_role("button", name="English").click()
        _wait_text(page, STATUS, "events")
    page.locator(".gcm-reset").click()
    page.wait_for_function(
        "([s, h, q]) => document.querySelector('.gcm-status').innerText === s "
        "&& document.querySelector('.gcm-details-box').innerText.includes(h) "
        "&& document.querySelector('.gcm-link').innerText.endsWith(q)",
        arg=[served["status"], HINT, f"?lang=en&date={LAST:%Y-%m}"], timeout=STEP)
    page.wait_for_function(f"n => ({NODE_COUNT})() === n",
                           arg=served["points"], timeout=STEP)
    yield page
    assert not page.js_errors, page.js_errors


# --- the interactions ---------------------------------------------------------------------------

def test_arabic_search_with_and_without_diacritics_and_the_language_switch(page):
    page.get_by_role("button", name="العربية").click()
    _wait_text(page, STATUS, "حدثًا")
    assert _direction(page) == "rtl" and _direction(page, "body") == "ltr"
    assert "مستكشف الاتفاق العالمي من أجل الهجرة" in page.locator(".gcm-title").inner_text()
    assert page.locator(".gcm-reset").inner_text().strip() == "إعادة الضبط"

    _search(page, "المنظمةُ الدوليةُ للهجرةِ")  # with short vowels
    _wait_text(page, f"{DETAILS} h3", "المنظمة الدولية للهجرة")
    details = page.locator(DETAILS).inner_text()
    assert "International Organization for Migration" in details and "منظمة حكومية دولية" in details
    assert "العلاقات" in details and "الأحداث" in details and "المصادر" in details
    assert _direction(page, f"{DETAILS} .gcm-details") == "rtl"
    assert _wait_outlined(page, ["iom"]) == ["iom"], "IOM is outlined in the network"
    assert page.locator(f"{DETAILS} a[href^='https://nigeria.iom.int/']").count() == 1, "sources are links"

    _search(page, "ايمي بوب")  # a bare alef for إ
    _wait_text(page, f"{DETAILS} h3", "إيمي بوب")
    assert "Amy Pope" in page.locator(DETAILS).inner_text()
    _wait_outlined(page, ["amy_pope"])
    _wait_text(page, LINK, "select=amy_pope")
    screenshot(page, "explorer-ar-search")

    # back to English: the selection is kept, the layout is left-to-right again
    page.get_by_role("button", name="English").click()
    _wait_text(page, f"{DETAILS} h3", "Amy Pope")
    assert _direction(page) == "ltr" and "GCM Explorer" in page.locator(".gcm-title").inner_text()
    assert "إيمي بوب" in page.locator(DETAILS).inner_text()
    assert page.evaluate(OUTLINED) == ["amy_pope"]


def test_clicking_a_timeline_event_highlights_its_actors_in_the_network(page):
    # events far from the others of their lane, and their participants and process (data/participation.csv)
    candidates = {
        "forum_migration_statistics_2018": ("International Forum on Migration Statistics", [
            "ece", "gcm", "ilo", "iom", "liu_zhenmin", "oecd", "un_desa", "unhcr", "unodc", "william_lacy_swing"]),
        "mptf_established": ("establish the Migration MPTF", [
            "achim_steiner", "antonio_vitorino", "filippo_grandi", "guy_ryder", "henrietta_fore", "liu_zhenmin",
            "michelle_bachelet", "migration_mptf", "unnm_excom", "yury_fedotov"]),
        "msh2": ("Second informal interactive multi-stakeholder hearing", [
            "iom", "louise_arbour", "made_icmc", "michele_levoy", "miroslav_lajcak", "msh_hearings", "picum"])}
    assert page.evaluate(OUTLINED) == [], "nothing is outlined yet"
    # hover first: click only where Plotly's hover names the event (the nearest point is the one clicked)
    for event, (title, _) in candidates.items():
        at = page.evaluate(EVENT_POINT, event)
        assert at, f"{event} is drawn on the timeline"
        page.mouse.move(5, 5)
        page.mouse.move(at["x"], at["y"], steps=3)
        page.wait_for_selector(".gcm-timeline .hoverlayer .hovertext", timeout=30_000)
        hover = page.locator(".gcm-timeline .hoverlayer .hovertext").first.text_content()
        if title in hover:
            break
    else:
        pytest.fail(f"none of {list(candidates)} could be hovered alone on the timeline")
    participants = candidates[event][1]
    revision = _revision(page, "gcm-network")
    page.mouse.click(at["x"], at["y"])
    _wait_text(page, f"{DETAILS} h3", title)
    _wait_drawn(page, "gcm-network", revision)
    assert _wait_outlined(page, participants) == participants, "its actors and process are outlined"
    assert "Participants" in page.locator(DETAILS).inner_text()
    _wait_text(page, LINK, f"select={event}")
    screenshot(page, "explorer-en-event-clicked")


def test_range_mode_shows_the_events_between_two_months(page):
    page.get_by_role("button", name="Between two dates").click()
    _wait_text(page, DATE, f"Between: September 2016 – {LAST:%B %Y}")
    assert page.locator(".gcm-range-slider").is_visible() and not page.locator(".gcm-date-slider").is_visible()
    assert _active_mode(page) == "Between two dates"
    # the range's end to its start: September 2016 only
    handle = page.locator(".gcm-range-slider input").nth(1)
    handle.focus()
    handle.press("Home")
    _wait_text(page, DATE, "Between: September 2016 – September 2016")
    status = _wait_text(page, STATUS, "from September 2016 to September 2016")
    events = int(status.split(" events from")[0])
    assert 0 < events < 160
    page.wait_for_function("n => document.querySelectorAll('.gcm-timeline .scatterlayer .point').length === n",
                           arg=events, timeout=STEP)
    _wait_text(page, LINK, "range=2016-09%2C2016-09")
    screenshot(page, "explorer-en-range")


def test_process_and_objective_menus_drop_the_counts(page):
    events, nodes, links = _counts(page.locator(STATUS).inner_text())
    before = page.locator(STATUS).inner_text()
    page.locator(".gcm-process select").select_option(label="III · Negotiations")
    p_events, p_nodes, p_links = _wait_counts_change(page, before)
    assert p_events < events and p_nodes < nodes and p_links < links
    page.wait_for_function("n => document.querySelectorAll('.gcm-timeline .scatterlayer .point').length === n",
                           arg=p_events, timeout=STEP)
    _wait_text(page, LINK, "process=phase3_negotiations")

    before = page.locator(STATUS).inner_text()
    page.locator(".gcm-process select").select_option(index=0)
    assert _wait_counts_change(page, before) == (events, nodes, links)
    before = page.locator(STATUS).inner_text()
    page.locator(".gcm-objective select").select_option(index=5)
    assert _selected_option(page, ".gcm-objective").startswith("5. ")
    o_events, o_nodes, _ = _wait_counts_change(page, before)
    assert 0 < o_events < events and o_nodes < nodes
    page.wait_for_function("n => document.querySelectorAll('.gcm-timeline .scatterlayer .point').length === n",
                           arg=o_events, timeout=STEP)
    _wait_text(page, LINK, "objective=5")


def test_hops_narrow_the_network_and_connect_shows_a_path(page, served):
    _search(page, "IOM")
    _wait_text(page, f"{DETAILS} h3", "International Organization for Migration")
    before = page.locator(STATUS).inner_text()
    _, nodes, _ = _counts(before)
    handle = page.locator(".gcm-hops input")
    handle.focus()
    handle.press("ArrowRight")  # one hop
    _, one_hop, _ = _wait_counts_change(page, before)
    assert one_hop < nodes
    page.wait_for_function(f"n => ({NODE_COUNT})() < n",
                           arg=served["points"], timeout=STEP)
    assert page.evaluate(OUTLINED) == ["iom"]
    before = page.locator(STATUS).inner_text()
    handle.press("ArrowRight")  # two hops: more
    _, two_hops, _ = _wait_counts_change(page, before)
    assert one_hop < two_hops < nodes
    _wait_text(page, LINK, "hops=2")
    screenshot(page, "explorer-en-hops")

    handle.press("Home")
    _wait_text(page, LINK, "select=iom")
    page.wait_for_function("() => !document.querySelector('.gcm-link').innerText.includes('hops=')", timeout=STEP)
    _search(page, "Ghana", box=".gcm-connect")
    text = _wait_text(page, PATH, "How International Organization for Migration is linked to Ghana")
    assert "Ghana" in text.split("\n", 1)[1], "the path ends at Ghana"
    assert len(_wait_outlined(page, ["gha", "iom"], exact=False)) > 2, "IOM, Ghana and the nodes between"
    _wait_text(page, LINK, "connect=gha")
    screenshot(page, "explorer-en-connect")


def test_reset_clears_selection_and_filters(page, served):
    page.locator(".gcm-region select").select_option(label="Africa")
    _wait_text(page, LINK, "region=Africa")
    _search(page, "Ghana")
    _wait_text(page, f"{DETAILS} h3", "Ghana")
    assert page.locator(STATUS).inner_text() != served["status"]
    page.locator(".gcm-reset").click()
    _wait_text(page, DETAILS, HINT)
    page.wait_for_function("s => document.querySelector('.gcm-status').innerText === s", arg=served["status"],
                           timeout=STEP)
    assert page.locator(LINK).inner_text().endswith(f"?lang=en&date={LAST:%Y-%m}")
    assert _selected_option(page, ".gcm-region") == "All regions"
    assert page.locator(".gcm-search input").input_value() == ""
    page.wait_for_function(f"n => ({NODE_COUNT})() === n",
                           arg=served["points"], timeout=STEP)


def test_clicking_a_state_on_the_map_selects_it(page):
    page.locator(".gcm-map").scroll_into_view_if_needed()
    at = page.evaluate(MAP_SHAPE, "BRA")
    assert at and at["width"] < 1, "Brazil is drawn, not outlined yet"
    revision = _revision(page, "gcm-map")
    page.mouse.move(at["x"] - 20, at["y"] - 20)
    page.mouse.move(at["x"], at["y"], steps=3)
    page.mouse.click(at["x"], at["y"])
    _wait_text(page, f"{DETAILS} h3", "Brazil")
    assert "Member State · Americas" in page.locator(DETAILS).inner_text()
    _wait_drawn(page, "gcm-map", revision)
    page.wait_for_function(f"() => ({MAP_SHAPE})('BRA').width >= 2", timeout=STEP)
    outlined = page.evaluate(MAP_SHAPE, "BRA")
    assert outlined["stroke"] == "rgb(0,0,0)", "the selected state is outlined in black"
    assert _wait_outlined(page, ["bra"]) == ["bra"]
    _wait_text(page, LINK, "select=bra")
    screenshot(page, "explorer-en-map-state")


def test_a_link_with_a_query_opens_that_view(served):
    # a second page, in the same browser: a second (preheated) kernel
    page = served["page"].context.browser.new_page(viewport={"width": 1500, "height": 1100})
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(served["url"] + "?lang=ar&range=2017-04,2018-07&select=iom&connect=mex&process=gcm",
                  timeout=FIRST_DRAW)
        page.wait_for_function(f"() => ({NODE_COUNT})() > 0", timeout=FIRST_DRAW)
        _wait_text(page, f"{DETAILS} h3", "المنظمة الدولية للهجرة", timeout=FIRST_DRAW)
        assert _direction(page) == "rtl"
        assert "بين: أبريل 2017 – يوليو 2018" in _wait_text(page, DATE, "بين")
        assert _active_mode(page) == "بين تاريخين"
        assert page.locator(".gcm-range-slider").is_visible() and not page.locator(".gcm-date-slider").is_visible()
        assert "كيف يرتبط المنظمة الدولية للهجرة بـالمكسيك" in _wait_text(page, PATH, "المكسيك")
        assert _selected_option(page, ".gcm-process") == "عملية الاتفاق العالمي"
        assert page.locator(".gcm-connect input").input_value() == "المكسيك"
        link = page.locator(LINK).inner_text()
        assert "range=2017-04%2C2018-07" in link and "select=iom" in link and "connect=mex" in link
        assert "process=gcm" in link
        _wait_outlined(page, ["iom", "mex"], exact=False)
        screenshot(page, "explorer-ar-query")
        assert not errors, errors
    finally:
        page.close()


def test_a_browser_without_decompression_stream_gets_plotly_js_and_the_figures_as_they_are(served):
    """plotly.js and the views' large figures come to the page gzip-compressed; a browser that
    cannot inflate them (before 2020-2023) asks the kernel for them as they are, and draws every
    view the same, at first and after a move."""
    page = served["page"].context.browser.new_page(viewport={"width": 1500, "height": 1100})
    page.add_init_script("delete globalThis.DecompressionStream")
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(served["url"], timeout=FIRST_DRAW)
        assert page.evaluate("typeof DecompressionStream") == "undefined"
        page.wait_for_function(f"() => ({NODE_COUNT})() > 0", timeout=FIRST_DRAW)
        page.wait_for_selector(".gcm-timeline .scatterlayer .point", timeout=FIRST_DRAW)
        page.wait_for_selector(".gcm-map .choroplethlocation", timeout=FIRST_DRAW)
        assert _wait_text(page, STATUS, "events up to", timeout=FIRST_DRAW) == served["status"]
        assert page.evaluate("() => Plotly.version") == served["page"].evaluate("() => Plotly.version")
        # the views' figures too come as they are, now and after a move
        before = _revision(page, "gcm-network")
        handle = page.locator(".gcm-date-slider input")
        handle.focus()
        handle.press("Home")
        _wait_drawn(page, "gcm-network", before)
        assert 0 < page.evaluate(NODE_COUNT) < served["points"]
        assert not errors, errors
    finally:
        page.close()


def test_a_view_says_it_shows_a_new_figure_once_it_is_drawn(page, served):
    """A view's data-revision (what tests and benchmarks wait for) names the figure drawn: it is
    set when the new month is drawn, not when its figure arrives (to be inflated first)."""
    page.evaluate(f"""() => {{ window.gcmCounts = [];
      const el = document.querySelector('.gcm-network .gcm-plot').parentElement;
      new MutationObserver(() => window.gcmCounts.push(({NODE_COUNT})()))
        .observe(el, {{attributes: true, attributeFilter: ['data-revision']}}); }}""")
    before = _revision(page, "gcm-network")
    handle = page.locator(".gcm-date-slider input")
    handle.focus()
    handle.press("Home")
    _wait_drawn(page, "gcm-network", before)
    shown = page.evaluate(NODE_COUNT)
    assert 0 < shown < served["points"]
    assert page.evaluate("() => window.gcmCounts") == [shown]


def test_the_plots_follow_their_boxes_but_a_date_move_lays_each_out_once(page):
    """A narrower window: each plot is drawn again at its box's width. A date move: each view is
    drawn once (its box growing by a few pixels as it draws is no reason to lay it out again)."""
    plots = "() => [...document.querySelectorAll('.gcm-plot')].map(p => [p._fullLayout.width, p.getBoundingClientRect().width])"
    wide = [box for _, box in page.evaluate(plots)]
    page.set_viewport_size({"width": 1100, "height": 900})
    page.wait_for_function(f"wide => ({plots})().every(([drawn, box], i) => box < wide[i] && Math.abs(drawn - box) <= 1)",
                           arg=wide, timeout=STEP)
    page.evaluate("() => { window.gcmResized = 0; const resize = Plotly.Plots.resize;"
                  " Plotly.Plots.resize = function () { window.gcmResized++; return resize.apply(this, arguments); }; }")
    before = [_revision(page, v) for v in ("gcm-network", "gcm-timeline")]
    handle = page.locator(".gcm-date-slider input")
    handle.focus()
    handle.press("Home")
    for view, revision in zip(("gcm-network", "gcm-timeline"), before):
        _wait_drawn(page, view, revision)
    page.wait_for_timeout(500)  # a resize would come within Plotly's 100 ms
    assert page.evaluate("() => window.gcmResized") == 0
    assert all(abs(drawn - box) <= 1 for drawn, box in page.evaluate(plots))


def test_highlighted_nodes_are_labelled_in_the_network(page):
    for query, node, label in (("Ghana", "gha", "Ghana"), ("Mexico", "mex", "Mexico"), ("Amy Pope", "amy_pope", "Amy Pope"),
                               ("Ghana", "gha", "Ghana")):
        revision = _revision(page, "gcm-network")
        _search(page, query)
        _wait_text(page, f"{DETAILS} h3", label)
        _wait_drawn(page, "gcm-network", revision)
        assert _wait_outlined(page, [node]) == [node]
        assert label in page.evaluate(NETWORK_LABELS), f"{label} is outlined but not labelled"


#: The timeline as drawn: its x range, the dates of its event markers, the colour and text of each
#: entry of its key (HTML, under it), and how many legends Plotly drew inside it.
TIMELINE_DRAWN = """() => {
  const gd = document.querySelector('.gcm-timeline .js-plotly-plot');
  const range = gd._fullLayout.xaxis.range.map(x => new Date(x).getTime());
  const dates = gd._fullData.filter(t => t.type === 'scatter' && t.mode === 'markers')
    .flatMap(t => Array.from(t.x, x => new Date(x).getTime()));
  const legend = [...document.querySelectorAll('.gcm-event-key span')].map(s => ({
    text: s.textContent, fill: s.querySelector('i').style.color}));
  return {range, dates, legend, inside: gd.querySelectorAll('.legend').length};
}"""


def _timeline_readable(page, lang: str) -> None:
    drawn = page.evaluate(TIMELINE_DRAWN)
    lo, hi = drawn["range"]
    assert drawn["dates"] and all(lo <= d <= hi for d in drawn["dates"]), "every event inside the x range"
    fills = [e["fill"] for e in drawn["legend"]]
    assert 0 < len(fills) == len(set(fills)) <= 8, f"no two key entries share a colour: {drawn['legend']}"
    assert drawn["inside"] == 0, "the key is beside the plot, not a legend inside it"
    arabic = [any("\u0600" <= c <= "\u06ff" for c in e["text"]) for e in drawn["legend"]]
    assert all(arabic) if lang == "ar" else not any(arabic)


def test_the_timeline_shows_every_event_and_a_key_of_distinct_colours(page):
    _timeline_readable(page, "en")  # at the last month
    handle = page.locator(".gcm-date-slider input")
    handle.focus()
    handle.press("Home")
    _wait_text(page, DATE, "As of: 30 September 2016")
    _timeline_readable(page, "en")  # at the first month: the same range, later events faded
    page.get_by_role("button", name="العربية").click()
    _wait_text(page, DATE, "حتى تاريخ: 30 سبتمبر 2016")
    page.wait_for_function("() => /[\\u0600-\\u06ff]/.test(document.querySelector('.gcm-event-key').textContent)",
                           timeout=STEP)
    _timeline_readable(page, "ar")


def _slider(page, selector: str) -> list[dict]:
    return page.evaluate("s => [...document.querySelectorAll(s + ' input[type=range]')].map(i => ({name: i.getAttribute('aria-label'), "
                         "text: i.getAttribute('aria-valuetext'), visible: i.offsetParent !== null}))", selector)


def test_no_accessibility_violation_and_the_sliders_say_the_date(page):
    """axe-core (WCAG 2.1 A and AA) on the explorer in English and Arabic, as a date and as a range
    of dates; the sliders are named and announce the month, not its index."""
    assert axe_violations(page) == []
    assert _slider(page, ".gcm-date-slider") == [{"name": "Date shown", "text": f"{LAST:%B %Y}", "visible": True}]
    assert _slider(page, ".gcm-hops") == [{"name": "Neighbourhood", "text": "whole network", "visible": True}]
    handle = page.locator(".gcm-date-slider input")
    handle.focus()
    handle.press("Home")
    _wait_text(page, DATE, "As of: 30 September 2016")
    assert _slider(page, ".gcm-date-slider")[0]["text"] == "September 2016"
    page.get_by_role("button", name="Between two dates").click()
    _wait_text(page, DATE, "Between:")
    assert [(s["name"], s["visible"]) for s in _slider(page, ".gcm-range-slider")] == [("From", True), ("To", True)]
    assert axe_violations(page) == []
    page.get_by_role("button", name="العربية").click()
    _wait_text(page, DATE, "بين")
    assert [s["name"] for s in _slider(page, ".gcm-range-slider")] == ["من", "إلى"]
    assert _slider(page, ".gcm-range-slider")[1]["text"] == f"{gx.model.i18n.format_date(LAST, 'month', 'ar')}"
    assert axe_violations(page) == []
    page.get_by_role("button", name="حتى تاريخ").click()
    _wait_text(page, DATE, "حتى تاريخ")
    assert _slider(page, ".gcm-date-slider")[0]["name"] == "التاريخ المعروض"
    assert axe_violations(page) == []
    screenshot(page, "explorer-ar-accessible")


#: The network's nodes as drawn: the share of them whose centre lies on another node, and their
#: extent over the plot's width or height (the larger).
NODE_SPREAD = """() => {
  const gd = document.querySelector('.gcm-network .js-plotly-plot'), L = gd._fullLayout;
  const at = (v, i) => Array.isArray(v) || ArrayBuffer.isView(v) ? v[i] : v;
  const pts = gd._fullData.filter(t => t.legendgroup === 'nodes').flatMap(t =>
    Array.from(t.x, (x, i) => [L.xaxis.l2p(x), L.yaxis.l2p(t.y[i]), at(t.marker.size, i) / 2]));
  const on = pts.filter((p, i) => pts.some((q, j) => i !== j && Math.hypot(p[0] - q[0], p[1] - q[1]) < q[2])).length;
  const xs = pts.map(p => p[0]), ys = pts.map(p => p[1]);
  return {n: pts.length, on: on / Math.max(pts.length, 1),
          extent: Math.max((Math.max(...xs) - Math.min(...xs)) / L._size.w, (Math.max(...ys) - Math.min(...ys)) / L._size.h)}; }"""


def _set_month(page, month: int, text: str) -> None:
    """Move the date slider to ``month`` as a user does (the input's value, then its change event)."""
    before = [_revision(page, v) for v in ("gcm-network", "gcm-timeline")]
    page.evaluate("k => { const i = document.querySelector('.gcm-date-slider input'); i.value = k; "
                  "i.dispatchEvent(new Event('input')); i.dispatchEvent(new Event('change')); }", month)
    _wait_text(page, DATE, text)
    for view, revision in zip(("gcm-network", "gcm-timeline"), before):
        if _revision(page, view) == revision:  # already drawn for this month (a step back): nothing new comes
            continue
        _wait_drawn(page, view, revision)


@pytest.mark.parametrize("size", [(1280, 800), (1400, 1000), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_network_and_the_timeline_are_readable_at_every_date(page, size):
    """Issue 18's measures, EN and AR, at five dates, with and without a selection: plot share >= 0.70,
    no two labels crossing, at most 10% of the nodes on another, the nodes filling 80% of the plot."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    months = months_of(gx.load_dataset())
    stops = sorted({0, *(i for i, m in enumerate(months) if f"{m:%Y-%m}" in ("2017-06", "2018-12", "2022-05")), len(months) - 1})
    assert len(stops) == 5
    seen = []
    for lang, as_of in (("en", "As of"), ("ar", "حتى تاريخ")):
        if lang == "ar":
            page.get_by_role("button", name="العربية").click()
            _wait_text(page, DATE, as_of)
        for selected in (None, "International Organization for Migration"):
            if selected:
                _search(page, selected if lang == "en" else "المنظمة الدولية للهجرة")
                _wait_text(page, LINK, "select=iom")
            for month in stops:
                day = months[month] + pd.offsets.MonthEnd(0)
                _set_month(page, month, gx.model.i18n.format_date(day, "day", lang))
                page.wait_for_timeout(300)  # Plotly lays out the labels after the revision is set
                m = {v: page.evaluate(PLOT_READABILITY, f".{v} .js-plotly-plot") for v in ("gcm-network", "gcm-timeline")}
                m["nodes"] = page.evaluate(NODE_SPREAD)
                where = f"{lang}, {day:%Y-%m}, {'IOM selected' if selected else 'no selection'}, {size}"
                seen.append((where, round(m["gcm-network"]["share"], 3), round(m["gcm-timeline"]["share"], 3),
                             round(m["nodes"]["on"], 3), round(m["nodes"]["extent"], 2)))
                for view in ("gcm-network", "gcm-timeline"):
                    assert m[view]["share"] >= 0.70, f"{view} plot share {m[view]['share']:.3f} ({where})"
                    assert m[view]["crossing"] == [], f"{view} labels cross ({where})"
                assert m["gcm-network"]["labels"] > 3, where
                assert m["nodes"]["on"] <= 0.10, f"{m['nodes']['on']:.1%} of the nodes on another ({where})"
                assert m["nodes"]["extent"] >= 0.80, f"the nodes span {m['nodes']['extent']:.0%} of the plot ({where})"
    screenshot(page, f"explorer-ar-iom-{size[0]}x{size[1]}")
    print("\n".join(map(str, seen)))
