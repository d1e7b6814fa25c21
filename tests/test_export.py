"""Exports, each read back by a real consumer: networkx, csv, openpyxl, a browser, image decoders."""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import struct
import xml.etree.ElementTree as ET
from datetime import datetime

import networkx as nx
import pytest

import gcm_explore as gx
from gcm_explore.cli import main
from gcm_explore.io.export import FORMATS
from gcm_explore.io.files import neutralise
from gcm_explore.io.offline import expand, page_data
from gcm_explore.model.dataset import TABLES
from gcm_explore.model.i18n import t
from gcm_explore.model.vocab import ACTOR_TYPES, label

HOSTILE = '=HYPERLINK("http://x","y")'


@pytest.fixture(scope="module")
def G(ds):
    return gx.build_network(ds)


@pytest.fixture(scope="module")
def hostile(ds):
    """The dataset with a formula for an actor's name and a negative number column."""
    actors = ds.actors.copy()
    actors.loc["iom", "name_en"] = HOSTILE
    actors["score"] = -3
    return dataclasses.replace(ds, actors=actors)


def test_gexf_round_trip_is_dynamic(ds, G, tmp_path):
    path = gx.export(ds, "gexf", tmp_path / "gcm.gexf", lang="ar", G=G)
    H = nx.read_gexf(path)
    assert H.number_of_nodes() == G.number_of_nodes()
    assert H.number_of_edges() == G.number_of_edges()
    assert H.graph["mode"] == "dynamic"
    assert H.nodes["iom"]["label"] == ds.actors.loc["iom", "name_ar"]
    assert H.nodes["gcm"]["start"] == ds.processes.loc["gcm", "start"].strftime("%Y-%m-%d")
    assert H.nodes["iom"]["start"] == G.nodes["iom"]["first_active"].strftime("%Y-%m-%d")
    starts = sorted(d["start"] for *_, d in H.edges(data=True) if "start" in d)
    assert starts and re.fullmatch(r"\d{4}-\d{2}-\d{2}", starts[0])
    assert any("end" in d for *_, d in H.edges(data=True))  # relations that ended
    # Gephi's timeline at a date shows at least the graph built as of that date.
    for day in ("2017-06-30", "2018-12-10", "2021-01-01"):
        alive = {n for n, d in H.nodes(data=True) if d.get("start", "") <= day <= d.get("end", "9999")}
        assert set(gx.build_network(ds, as_of=day)) <= alive


def test_graphml_round_trip(ds, G, tmp_path):
    path = gx.export(ds, "graphml", tmp_path / "gcm.graphml", G=G)
    H = nx.read_graphml(path)
    assert H.number_of_nodes() == G.number_of_nodes()
    assert H.number_of_edges() == G.number_of_edges()
    assert H.nodes["iom"]["label"] == ds.actors.loc["iom", "name_en"]
    assert H.nodes["iom"]["label_ar"] == ds.actors.loc["iom", "name_ar"]
    assert H.nodes["iom"]["sources"] == "; ".join(G.nodes["iom"]["sources"])
    assert H.nodes["gcm"]["first_active"] == ds.processes.loc["gcm", "start"].strftime("%Y-%m-%d")


def test_csv_tables_neutralised_and_arabic(hostile, G, tmp_path):
    folder = gx.export(hostile, "csv", tmp_path / "tables", G=G)
    assert {p.name for p in folder.iterdir()} == {f"{n}.csv" for n in (*TABLES, "nodes", "edges")}
    with (folder / "actors.csv").open(encoding="utf-8", newline="") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh)}
    assert rows["iom"]["name_en"] == "'" + HOSTILE
    assert rows["iom"]["name_ar"] == hostile.actors.loc["iom", "name_ar"]
    assert rows["iom"]["score"] == "-3"  # a number is not text: left as it is
    with (folder / "events.csv").open(encoding="utf-8", newline="") as fh:
        event = next(r for r in csv.DictReader(fh) if r["id"] == "marrakech_igc")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", event["start"])
    assert event["title_ar"] == hostile.events.loc["marrakech_igc", "title_ar"]
    with (folder / "nodes.csv").open(encoding="utf-8", newline="") as fh:
        nodes = list(csv.DictReader(fh))
    assert len(nodes) == G.number_of_nodes()
    with (folder / "edges.csv").open(encoding="utf-8", newline="") as fh:
        assert sum(1 for _ in csv.DictReader(fh)) == G.number_of_edges()


def test_xlsx_sheets_neutralised_typed_and_arabic(hostile, tmp_path):
    from openpyxl import load_workbook

    path = gx.export(hostile, "xlsx", tmp_path / "gcm.xlsx", lang="ar")
    wb = load_workbook(path)
    assert set(wb.sheetnames) == {*TABLES, "nodes", "edges"}
    ws = wb["actors"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[header.index("id")].value == "iom")
    name = row[header.index("name_en")]
    assert name.value == "'" + HOSTILE and name.data_type == "s"
    assert row[header.index("name_ar")].value == hostile.actors.loc["iom", "name_ar"]
    assert row[header.index("score")].value == -3
    events = wb["events"]
    start = events.cell(2, [c.value for c in events[1]].index("start") + 1)
    assert isinstance(start.value, datetime)  # a real date cell
    assert not any(c.data_type == "f" for sheet in wb for r in sheet.iter_rows() for c in r)
    nodes = wb["nodes"]
    labels = {r[0].value: r[1].value for r in nodes.iter_rows(min_row=2)}
    assert labels["iom"] == hostile.actors.loc["iom", "name_ar"]


def test_neutralise_only_text():
    assert neutralise("+1 555") == "'+1 555"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("\tx") == "'\tx" and neutralise("\rx") == "'\rx"
    assert neutralise(-3.5) == -3.5 and neutralise(None) is None
    assert neutralise("Marrakech – 10 December") == "Marrakech – 10 December"


def test_html_is_self_contained(ds, G, tmp_path):
    path = gx.export(ds, "html", tmp_path / "gcm.html", lang="ar", G=G)
    page = path.read_text(encoding="utf-8")
    assert "<script src=" not in page
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*[\"']?(https?:)?//", page, re.I)
    assert all(f'id="{name}-plot"' in page for name in ("timeline", "network", "map"))
    assert '<html lang="ar">' in page and t("app_title", "ar") in page
    data = expand(page_data(page))
    assert [s["titles"]["timeline"] for s in data["steps"]["ar"]][-1] == t("timeline_title", "ar")
    assert not any(s["timeline"]["layout"]["title"]["text"] or s["network"]["layout"]["showlegend"] for s in data["steps"]["ar"]), \
        "the titles and keys are in the page, beside the plots"
    assert [s["label"] for s in data["steps"]["en"]][:2] == ["2016", "2017"]
    names = [tr["name"] for s in data["steps"]["ar"] for tr in s["network"]["data"]]
    assert label(ACTOR_TYPES, "state", "ar") in names  # the network's legend, in Arabic
    assert set(data["maps"]["en"]) == {"vote", "region", "champion", "withdrawal", "events"}


def test_overwrite_files_not_folders(ds, G, tmp_path):
    target = tmp_path / "g.graphml"
    target.write_text("old")
    gx.export_graphml(G, target)
    assert nx.read_graphml(target).number_of_nodes() == G.number_of_nodes()
    with pytest.raises(IsADirectoryError, match="is a folder"):
        gx.export_gexf(G, tmp_path)
    with pytest.raises(NotADirectoryError, match="is a file"):
        gx.export_csv(ds, target)
    assert [p.name for p in tmp_path.iterdir()] == ["g.graphml"]  # no temporary file left


def test_unknown_format_and_language(ds):
    with pytest.raises(ValueError, match="Valid formats are: " + ", ".join(FORMATS)):
        gx.export(ds, "docx", "x.docx")
    with pytest.raises(ValueError, match="'en', 'ar'"):
        gx.export(ds, "html", "x.html", lang="fr")


def test_cli_export(package, tmp_path, capsys):
    out = tmp_path / "gcm.gexf"
    assert main(["export", "gexf", "--out", str(out), "--lang", "ar", "--data", str(package)]) == 0
    assert nx.read_gexf(out).number_of_nodes() > 0
    assert f"wrote {out}" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        main(["export", "docx", "--out", str(tmp_path / "x")])
    assert exc.value.code == 2
    assert "gexf" in capsys.readouterr().err
    assert main(["export", "csv", "--out", str(out)]) == 1  # a file where a folder is needed
    assert "is a file" in capsys.readouterr().err


# --- in Chromium --------------------------------------------------------------------------

@pytest.mark.browser
def test_html_draws_offline_and_its_controls_work(ds, G, tmp_path):
    from tests.browser import PLOT_READABILITY, chromium_page, require_browser, screenshot

    require_browser()
    path = gx.export(ds, "html", tmp_path / "gcm.html", lang="ar", G=G)
    remote = []

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            remote.append(r.request.url)
            r.abort()

    def title(plot):  # the heading above the plot
        return page.inner_text(f"#{plot.replace('-plot', '-title')} h2")

    with chromium_page() as page:
        page.route("**/*", route)
        page.goto(path.as_uri())
        page.wait_for_function("['network-plot', 'timeline-plot', 'map-plot'].every("
                               "id => document.getElementById(id)._fullData?.length > 0)", timeout=60000)
        points = page.evaluate("document.querySelectorAll('#network-plot .scatterlayer .point').length")
        assert page.evaluate("getComputedStyle(document.getElementById('gcm-page')).direction") == "rtl"
        assert page.inner_text("#gcm-title") == t("app_title", "ar")
        assert page.evaluate("document.querySelectorAll('#map-plot .choroplethlocation').length") > 150
        screenshot(page, "export-html-ar")
        for plot in ("network-plot", "timeline-plot"):  # issue 18: the plot takes the figure, no labels cross
            m = page.evaluate(PLOT_READABILITY, f"#{plot}")
            assert m["share"] >= 0.70 and m["crossing"] == [], (plot, m["share"], m["crossing"])
        # the date slider: back to 2017, the network shows fewer nodes and says so in its title
        page.eval_on_selector("#gcm-date", "el => { el.value = 1; el.dispatchEvent(new Event('input')); }")
        page.wait_for_function("document.getElementById('gcm-date-label').textContent.includes('2017')")
        assert "2017" in title("network-plot")
        assert page.evaluate("document.querySelectorAll('#network-plot .scatterlayer .point').length") < points
        # the keys below the plots, in Arabic: the node types and link kinds drawn, the event families
        assert label(ACTOR_TYPES, "state", "ar") in page.inner_text("#network-key")
        assert t("event_legend", "ar") in page.inner_text("#timeline-key")
        # the type filter hides the Member States' trace
        state = label(ACTOR_TYPES, "state", "ar")
        page.locator("#gcm-types label", has_text=state).locator("input").uncheck()
        hidden = page.evaluate("document.getElementById('network-plot').data"
                               ".filter(tr => tr.visible === false).map(tr => tr.name)")
        assert hidden == [state]
        # the language: English, left to right, the slider and filter kept
        page.click("#gcm-lang button[value=en]")
        page.wait_for_function("document.getElementById('gcm-title').textContent === 'GCM Explorer'")
        assert page.evaluate("getComputedStyle(document.getElementById('gcm-page')).direction") == "ltr"
        assert "2017" in title("network-plot") and "Actors and processes" in title("network-plot")
        assert page.evaluate("document.getElementById('network-plot').data"
                             ".filter(tr => tr.visible === false).map(tr => tr.name)") == ["Member State"]
        # the map's layer
        page.select_option("#gcm-layer", "region")
        page.wait_for_function("document.getElementById('map-plot')._fullLayout.meta.layer === 'region'")
        screenshot(page, "export-html-en")
        assert page.js_errors == []
    assert remote == []



@pytest.mark.browser
@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_images_with_system_chromium(ds, fmt, tmp_path):
    from tests.browser import require_browser

    require_browser()
    pytest.importorskip("kaleido")
    path = gx.export(ds, fmt, tmp_path / f"timeline.{fmt}", lang="ar")
    data = path.read_bytes()
    if fmt == "png":
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == (1600, 900)
    elif fmt == "svg":
        root = ET.fromstring(data)
        assert root.tag.endswith("svg") and root.get("width") == "1600"
        assert t("timeline_title", "ar") in data.decode("utf-8")
    else:
        assert data[:5] == b"%PDF-" and len(data) > 5000


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_pictures_and_slides_give_the_plot_its_room_and_no_labels_cross(ds, lang):
    """Issue 18 for what is exported: the PNG/SVG/PDF pictures and the deck's slides, drawn by
    plotly.js in Chromium at their size: the plot takes at least 70% of the figure, no labels cross,
    and the network's picture leaves out the Member States that only voted."""
    from plotly.io.json import to_json_plotly
    from plotly.offline import get_plotlyjs

    from gcm_explore.io.deck import slide_figure
    from gcm_explore.io.export import image_figure
    from gcm_explore.io.images import IMAGE_SIZE
    from gcm_explore.model.analysis import only_voted
    from gcm_explore.model.story import default_story, read_story
    from tests.browser import PLOT_READABILITY, chromium_page, require_browser

    require_browser()
    story = read_story(default_story(ds), ds)
    network = image_figure(ds, "network", lang=lang)
    drawn = {c for tr in network.data if tr.customdata is not None for c in tr.customdata}
    assert drawn and not drawn & only_voted(gx.build_network(ds))
    figures = {"timeline picture": (image_figure(ds, "timeline", lang=lang), *IMAGE_SIZE),
               "network picture": (network, *IMAGE_SIZE)}
    for i in (0, 7, len(story) - 1):
        fig = slide_figure(ds, story.iloc[i]["event_ids"], lang)
        figures[f"slide {i + 1}"] = (fig, fig.layout.width, fig.layout.height)
    with chromium_page(1700, 1000) as page:
        page.set_content("<html><body style='margin:0'><div id='plot'></div></body></html>")
        page.add_script_tag(content=get_plotlyjs())
        for name, (fig, width, height) in figures.items():
            spec = json.loads(to_json_plotly(fig))
            spec["layout"].update(width=width, height=height)
            page.evaluate("s => Plotly.newPlot('plot', s.data, s.layout)", spec)
            m = page.evaluate(PLOT_READABILITY, "#plot")
            assert m["share"] >= 0.70, f"{name}: plot share {m['share']:.3f}"
            assert m["crossing"] == [], f"{name}: labels cross"
