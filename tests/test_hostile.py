"""Hostile text in the data: labels, descriptions and URLs that carry HTML or script reach the
figures and the Explorer only escaped (Plotly renders a subset of HTML in hovers, labels,
annotations and legend names; ipywidgets.HTML renders all of it)."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import plotly.graph_objects as go
import pytest

import gcm_explore as gx

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
SCRIPT, IMG, JS = "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)"
#: Markup that would run if it were rendered: a script or img tag, an event handler or a javascript: link in a tag.
LIVE = re.compile(r"<\s*(script|img)|<[^>]*\bon\w+\s*=|<[^>]*javascript:", re.IGNORECASE)


def _edit(path: Path, change) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = reader.fieldnames, list(reader)
    for i, row in enumerate(rows):
        change(i, row)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def _hostile(i: int) -> str:
    return [SCRIPT, IMG, JS][i % 3]


@pytest.fixture(scope="module")
def hostile_package(tmp_path_factory) -> Path:
    """The small package of the corpus with hostile text in every label, description, place and source."""
    package = tmp_path_factory.mktemp("hostile") / "pkg"
    shutil.copytree(CORPUS / "ok", package)

    def actors(i, r):
        r.update(name_en=f"{_hostile(i)} actor {i}", name_ar=f"{IMG} جهة {i}", short_en=f"{_hostile(i + 1)} {i}",
                 short_ar=f"{SCRIPT} {i}" if r["short_ar"] else "", region=SCRIPT if r["region"] else "")

    def processes(i, r):
        r.update(name_en=f"{_hostile(i)} process {i}", name_ar=f"{SCRIPT} عملية {i}",
                 short_en=f"{_hostile(i + 2)} {i}", short_ar=f"{IMG} {i}", description_en=JS + SCRIPT)

    def events(i, r):
        r.update(title_en=f"{_hostile(i)} event {i}", title_ar=f"{IMG} حدث {i}", description_en=SCRIPT + JS,
                 description_ar=IMG, city=SCRIPT, doc_symbol=IMG)

    def sources(i, r):
        r.update(title=SCRIPT, publisher=IMG, url=f'https://example.org/"><script>alert({i})</script>')

    for table, change in (("actors", actors), ("processes", processes), ("events", events), ("sources", sources)):
        _edit(package / f"{table}.csv", change)
    return package


@pytest.fixture(scope="module")
def hostile(hostile_package):
    return gx.load_dataset(hostile_package)


def _strings(x) -> list[str]:
    """Every string in a figure's dict (not its JSON, which may encode '<' itself)."""
    if isinstance(x, str):
        return [x]
    if isinstance(x, dict):
        return [s for v in x.values() for s in _strings(v)]
    if isinstance(x, (list, tuple)):
        return [s for v in x for s in _strings(v)]
    if hasattr(x, "tolist"):
        return _strings(x.tolist())
    return []


def _assert_escaped(texts: list[str], where: str) -> None:
    live = [t for t in texts if LIVE.search(t)]
    assert not live, f"{where}: markup from the data not escaped: {live[:3]}"
    joined = "\n".join(texts)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in joined or "&lt;img src=x onerror=alert(1)&gt;" in joined, where


def test_hostile_text_loads_as_text(hostile):
    assert hostile.actors["name_en"].str.contains("<script>", regex=False).any()
    assert hostile.events["city"].eq(SCRIPT).all()


def test_a_javascript_url_is_rejected_by_the_schema(hostile_package, tmp_path):
    package = tmp_path / "js"
    shutil.copytree(hostile_package, package)
    _edit(package / "sources.csv", lambda i, r: r.update(url=JS) if i == 0 else None)
    with pytest.raises(gx.SchemaError, match=r"sources\.csv, row 2, column 'url': 'javascript:alert\(1\)' does not have"):
        gx.load_dataset(package)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_network_figure_escapes_labels_hovers_legend_and_annotations(hostile, lang):
    for as_of, events in ((None, False), ("2017-12-31", True)):
        G = gx.build_network(hostile, as_of=as_of, include_events=events)
        for fig in (gx.network_figure(G, lang=lang), gx.network_figure(G, lang=lang, highlight=list(G)[:3], n_labels=99),
                    gx.network_figure(G, lang=lang, color="region", label="label_en")):
            _assert_escaped(_strings(fig.to_dict()), f"network {lang} as_of={as_of} events={events}")
    window = gx.network_figure(gx.build_network(hostile, window=("2016-01-01", "2019-01-01")), lang=lang)
    _assert_escaped(_strings(window.to_dict()), "co-participation network")


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("lanes", ["process", "actor"])
def test_timeline_figure_escapes_lanes_hovers_annotations_and_legend(hostile, lang, lanes):
    events = list(hostile.events.index)
    for fig in (gx.timeline_figure(hostile, lang=lang, lanes=lanes),
                gx.timeline_figure(hostile, lang=lang, lanes=lanes, as_of="2018-01-01", highlight=events[:2])):
        assert isinstance(fig, go.Figure)
        texts = _strings(fig.to_dict())
        _assert_escaped(texts, f"timeline {lang}")
        lanes = fig.layout.yaxis.categoryarray
        assert all("<" not in lane for lane in lanes)
        assert {y for tr in fig.data[1:] for y in (tr.y or ())} <= set(lanes)  # markers still on their lanes


def test_explorer_widgets_carry_no_markup_from_the_data(hostile):
    app = gx.Explorer(hostile, lang="en", as_of="2018-12-31")
    for lang in ("en", "ar"):
        app.language.value = lang
        for widget in (app.title, app.status, app.footer, app.date_label):
            assert not LIVE.search(widget.value) and "alert(1)" not in widget.value, widget.value
        assert "gcm-error" not in app.status.value, app.status.value  # a package without the vote: still drawn
        for view in (app.network, app.timeline):
            _assert_escaped(_strings(view.figure), f"explorer {lang}")  # the JSON the browser gets


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_offline_page_carries_the_data_as_inert_text(hostile, lang):
    from gcm_explore.io.offline import expand, offline_page, page_data

    page = offline_page(hostile, lang=lang)
    data = page.split('<script type="application/gzip;base64" id="gcm-data">', 1)[1].split("</script>", 1)[0]
    assert re.fullmatch(r"[A-Za-z0-9+/=]+", data), "base64 only: nothing in the data can end its <script> element"
    payload = expand(page_data(page))

    def shown(x):  # what Plotly renders: not the ids a click returns (customdata, ids), which stay data
        if isinstance(x, dict):
            return {k: shown(v) for k, v in x.items() if k not in ("customdata", "ids")}
        return [shown(v) for v in x] if isinstance(x, list) else x

    texts = _strings(shown(payload["steps"])) + _strings(shown(payload["maps"]))
    _assert_escaped(texts, f"offline page {lang}")  # the figures' texts, escaped as in the explorer
    script = page.rsplit("<script>", 1)[1]  # the page's own script (plotly.js is the one before)
    assert "textContent" in script and "innerHTML" not in script  # it writes text only
