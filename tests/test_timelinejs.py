"""The TimelineJS3 export: the JSON itself, then the real TimelineJS (npm package ``@knight-lab/timelinejs``,
version in tests/timelinejs/VERSION, fetched by ``make timelinejs``) opening it in Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import gcm_explore as gx
from gcm_explore.io.timelinejs import export_timelinejs, timelinejs
from gcm_explore.model.i18n import esc, t
from gcm_explore.model.timeline import timeline_frame

from .browser import ROOT, chromium_page, require_browser, screenshot
from .test_hostile import IMG, JS, LIVE, SCRIPT, _strings, hostile_package  # noqa: F401 - the fixture

HERE = Path(__file__).resolve().parent / "timelinejs"
VERSION = (HERE / "VERSION").read_text().strip()
DIST = ROOT / "test-artifacts" / "timelinejs" / VERSION / "package" / "dist"


@pytest.fixture(scope="module")
def hostile(hostile_package):  # noqa: F811
    """The hostile package, with a javascript: URL in a source too (the schema refuses one in a
    file, so it is put in after loading: the export must not trust the loader alone)."""
    ds = gx.load_dataset(hostile_package)
    cited = ds.events["source_ids"].iloc[0].split(";")[0].strip()
    ds.sources.loc[cited, "url"] = JS
    return ds


def _slide(tl: dict, eid: str) -> dict:
    return next(e for e in tl["events"] if e["unique_id"] == eid)


# --- the JSON ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ar"])
def test_one_slide_per_event_a_title_slide_and_text_in_the_language(ds, lang):
    tl = timelinejs(ds, lang=lang)
    assert len(tl["events"]) == len(ds.events)
    assert {e["unique_id"] for e in tl["events"]} == set(ds.events.index)
    assert tl["title"]["text"]["headline"] == t("app_title", lang)
    assert _slide(tl, "marrakech_igc")["text"]["headline"] == esc(ds.events.at["marrakech_igc", f"title_{lang}"])
    assert esc(ds.events.at["marrakech_igc", f"description_{lang}"]) in _slide(tl, "marrakech_igc")["text"]["text"]


def test_dates_give_only_what_their_precision_knows(ds):
    tl = timelinejs(ds, lang="en")
    frame = timeline_frame(ds, lang="en")
    by_precision = {p: ds.events.index[ds.events["date_precision"] == p][0] for p in ("day", "month", "year")}
    for precision, keys in (("day", {"year", "month", "day"}), ("month", {"year", "month"}), ("year", {"year"})):
        eid = by_precision[precision]
        slide = _slide(tl, eid)
        assert set(slide["start_date"]) == keys, (eid, slide["start_date"])
        assert slide["display_date"] == frame.loc[eid, "date_label"]
    assert _slide(tl, "iom_complementary_submission")["start_date"] == {"year": 2017, "month": 10}
    span = _slide(tl, "puerto_vallarta")
    assert (span["start_date"], span["end_date"]) == ({"year": 2017, "month": 12, "day": 4},
                                                      {"year": 2017, "month": 12, "day": 6})
    assert all("end_date" not in e for e in tl["events"] if e["unique_id"] in set(ds.events.index[ds.events["end"].isna()]))


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_eras_are_the_phases(ds, lang):
    eras = timelinejs(ds, lang=lang)["eras"]
    phases = ds.processes[ds.processes["kind"] == "phase"].sort_values("start")
    assert [e["text"]["headline"] for e in eras] == [esc(n) for n in phases[f"name_{lang}"]]
    first = phases.iloc[0]
    assert first["start_precision"] == "month"
    assert eras[0]["start_date"] == {"year": first["start"].year, "month": first["start"].month}
    assert eras[0]["end_date"] == {"year": first["end"].year, "month": first["end"].month}


def test_text_has_the_place_and_the_linked_sources_and_group_is_the_process(ds):
    slide = _slide(timelinejs(ds, lang="en"), "marrakech_igc")
    row = ds.events.loc["marrakech_igc"]
    assert "Marrakech" in slide["text"]["text"]
    for sid in row["source_ids"].split(";"):
        source = ds.sources.loc[sid.strip()]
        assert esc(source["title"]) in slide["text"]["text"]
        if isinstance(source["url"], str):
            assert f"href='{esc(source['url'])}'" in slide["text"]["text"]
    assert slide["group"] == timeline_frame(ds, lang="en").loc["marrakech_igc", "lane"]


def test_start_and_end_keep_the_events_and_eras_of_the_window(ds):
    tl = timelinejs(ds, window=("2018-01-01", "2018-12-31"))
    frame = timeline_frame(ds, window=("2018-01-01", "2018-12-31"))
    assert [e["unique_id"] for e in tl["events"]] == list(frame.index)
    assert 0 < len(tl["events"]) < len(ds.events)
    assert [e["text"]["headline"] for e in tl["eras"]] == ["Phase II: stocktaking", "Phase III: intergovernmental negotiations",
                                                          "Adoption and endorsement of the Global Compact"]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_hostile_text_is_escaped_and_only_web_links_are_made(hostile, lang):
    tl = timelinejs(hostile, lang=lang)
    texts = _strings(tl)
    assert not [s for s in texts if LIVE.search(s)]
    joined = "\n".join(texts)
    assert "&lt;img src=x onerror=alert(1)&gt;" in joined and "&lt;script&gt;" in joined
    assert "href=\"javascript" not in joined.lower() and "href='javascript" not in joined.lower()
    assert esc(hostile.sources.loc[hostile.sources["url"] == JS, "title"].iloc[0]) in joined, "the title stays, unlinked"
    # group is made text by TimelineJS, then rendered as HTML: escaped twice
    assert any("&amp;lt;" in e["group"] for e in tl["events"])
    assert [e["text"]["headline"] for e in tl["eras"]][0].startswith("&lt;")


def test_export_writes_the_json_atomically(ds, tmp_path):
    path = export_timelinejs(ds, tmp_path / "gcm-timeline.json", lang="ar")
    assert path == tmp_path / "gcm-timeline.json"
    assert json.loads(path.read_text(encoding="utf-8")) == timelinejs(ds, lang="ar")
    assert [p.name for p in tmp_path.iterdir()] == ["gcm-timeline.json"]
    with pytest.raises(FileNotFoundError, match="does not exist"):
        export_timelinejs(ds, tmp_path / "missing" / "x.json")
    with pytest.raises(ValueError, match="'fr' is not a valid value for `lang`"):
        export_timelinejs(ds, tmp_path / "x.json", lang="fr")


# --- in the real TimelineJS -------------------------------------------------------------------

def _require_timelinejs() -> None:
    if not (DIST / "js" / "timeline.js").exists():
        message = f"TimelineJS {VERSION} is not fetched: run `make timelinejs`"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message + " (CI=true: this test must run)")
        pytest.skip(message)
    assert json.loads((DIST.parent / "package.json").read_text())["version"] == VERSION, "run `make timelinejs`"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A folder served on 127.0.0.1: TimelineJS's dist/, the test page, and the files under test."""
    require_browser()
    _require_timelinejs()
    root = tmp_path_factory.mktemp("timelinejs-site")
    (root / "dist").symlink_to(DIST, target_is_directory=True)
    shutil.copy(HERE / "page.html", root / "index.html")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _expect():
    from playwright.sync_api import expect

    return expect


def _open(page, url: str, name: str, lang: str) -> dict:
    """Open ``name`` in TimelineJS with ``lang``; return what went wrong on the way."""
    trouble = {"console": [], "blocked": [], "dialogs": []}
    page.on("console", lambda m: trouble["console"].append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: (trouble["dialogs"].append(d.message), d.dismiss()))
    page.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1"
               else (trouble["blocked"].append(route.request.url), route.abort()))
    page.goto(f"{url}index.html?data={name}&lang={lang}")
    page.wait_for_function("() => window.tlState.ready || window.tlState.error", timeout=60_000)
    assert page.evaluate("() => window.tlState.error") is None
    assert page.evaluate("() => window.timeline.config.getErrors()") == []
    return trouble


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_timelinejs_opens_the_export_with_a_slide_per_event(ds, site, lang):
    root, url = site
    export_timelinejs(ds, root / f"gcm-{lang}.json", lang=lang)
    with chromium_page(1250, 800) as page:
        trouble = _open(page, url, f"gcm-{lang}.json", lang)
        assert page.locator(".tl-storyslider .tl-slide").count() == len(ds.events) + 1
        assert page.locator(".tl-timeera").count() == (ds.processes["kind"] == "phase").sum()
        first = timeline_frame(ds, lang=lang).iloc[0]
        if lang == "ar":
            assert re.search("[\u0600-\u06ff]", first["title"])
        page.evaluate("() => window.timeline.goTo(1)")
        _expect()(page.locator(".tl-slide .tl-headline", has_text=first["title"])).to_be_in_viewport(timeout=30_000)
        if lang == "ar":
            assert page.locator(".tl-timeline.tl-rtl").count() == 1, "TimelineJS's Arabic locale sets right to left"
        screenshot(page, f"timelinejs-{lang}")
        assert not page.js_errors, page.js_errors
        assert trouble == {"console": [], "blocked": [], "dialogs": []}


@pytest.mark.browser
def test_timelinejs_shows_hostile_text_literally_and_runs_nothing(hostile, site):
    root, url = site
    export_timelinejs(hostile, root / "hostile.json", lang="en")
    with chromium_page(1250, 800) as page:
        trouble = _open(page, url, "hostile.json", "en")
        assert page.locator(".tl-storyslider .tl-slide").count() == len(hostile.events) + 1
        page.evaluate("() => window.timeline.goTo(1)")
        first = timeline_frame(hostile, lang="en").iloc[0]
        _expect()(page.locator(".tl-slide .tl-headline", has_text=first["title"])).to_be_in_viewport(timeout=30_000)
        shown = page.locator(".tl-timeline").inner_text()
        assert IMG in shown and SCRIPT in shown, "the markup from the data is shown as text"
        lanes = timeline_frame(hostile, lang="en")["lane"]
        assert IMG in " ".join(lanes) and SCRIPT in " ".join(lanes)
        assert set(page.locator(".tl-timegroup-message").all_inner_texts()) == set(lanes)
        eras = hostile.processes.loc[hostile.processes["kind"] == "phase", "name_en"]
        assert set(page.locator(".tl-timeera .tl-headline").all_inner_texts()) == set(eras)
        links = page.evaluate("() => [...document.querySelectorAll('.tl-timeline a[href]')].map(a => a.href)")
        assert links and all(h.startswith(("http://", "https://")) for h in links), links
        injected = page.evaluate("() => document.querySelectorAll('.tl-timeline script, .tl-timeline img[src=\"x\"],"
                                 " .tl-timeline [onerror]').length")
        screenshot(page, "timelinejs-hostile")
        assert injected == 0, "no element from the data became markup"
        assert trouble["dialogs"] == [], f"a script from the data ran: {trouble['dialogs']}"
        assert not page.js_errors and trouble["console"] == [], (page.js_errors, trouble["console"])
