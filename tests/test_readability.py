"""What the figures give a reader to tell apart (issue 18, item 5): no key repeats a colour, and
every text a figure sets a colour for reads against white at WCAG AA (4.5:1). The drawn page
itself is measured in Chromium (tests/test_browser_explorer.py, axe-core for the HTML)."""

from __future__ import annotations

import json
import re

import pytest
from plotly.io.json import to_json_plotly

import gcm_explore as gx
from gcm_explore.io.export import image_figure
from gcm_explore.io.offline import page_payload
from gcm_explore.views.network import edge_key, node_key
from gcm_explore.views.style import node_categories


def _luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.1) of '#rgb', '#rrggbb' or 'rgb(r, g, b)'."""
    colour = colour.strip().lower()
    if colour.startswith("#"):
        digits = colour[1:]
        digits = "".join(c * 2 for c in digits) if len(digits) == 3 else digits[:6]
        rgb = [int(digits[i:i + 2], 16) for i in (0, 2, 4)]
    else:
        found = re.fullmatch(r"rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*[\d.]+)?\)", colour)
        assert found, f"a text colour this test cannot read: {colour!r}"
        rgb = [int(x) for x in found.groups()]
    lin = [(c / 255) / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(colour: str, background: str = "#ffffff") -> float:
    a, b = sorted((_luminance(colour), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _text_colours(figure: dict) -> set[str]:
    """Every colour a figure gives text: ``font`` and ``textfont`` of its layout, traces and annotations."""
    found = set()

    def walk(x):
        if isinstance(x, dict):
            for k, v in x.items():
                if k in ("font", "textfont", "tickfont") and isinstance(v, dict) and isinstance(v.get("color"), str):
                    found.add(v["color"])
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(figure)
    return found


def test_contrast_is_the_wcag_formula():
    assert round(contrast("#000000"), 1) == 21.0 and round(contrast("#777777"), 2) == 4.48
    assert contrast("#595959") > 7 and contrast("rgb(255,255,255)") == 1


@pytest.fixture(scope="module")
def figures(ds) -> dict:
    """The figures of every output: the Explorer's (at two dates, with a selection), the offline
    page's, the pictures'."""
    app = gx.Explorer(ds)
    out = {"explorer network": app.network.figure, "explorer timeline": app.timeline.figure}
    app.apply_state(as_of="2018-12-31", select="marrakech_igc", lang="ar")
    out |= {"explorer network, ar": app.network.figure, "explorer timeline, ar": app.timeline.figure}
    payload = json.loads(to_json_plotly(page_payload(ds)))
    out |= {f"offline {view} {lang}": payload["steps"][lang][-1][view] for lang in ("en", "ar")
            for view in ("network", "timeline")}
    out |= {f"picture {what} {lang}": json.loads(image_figure(ds, what, lang=lang).to_json())
            for what in ("network", "timeline") for lang in ("en", "ar")}
    return out


def test_every_text_colour_reads_at_wcag_aa(figures):
    for name, figure in figures.items():
        colours = _text_colours(figure)
        assert colours, name
        weak = {c: round(contrast(c), 2) for c in colours if contrast(c) < 4.5}
        assert not weak, f"{name}: text colours under 4.5:1 on white: {weak}"


@pytest.mark.parametrize("as_of", [None, "2017-06-30", "2018-12-31", "2022-05-31"])
def test_no_key_repeats_a_colour(ds, as_of):
    G = gx.build_network(ds, as_of=as_of)
    categories = node_categories(gx.build_network(ds))
    for key in (node_key(G, categories), edge_key(G)):
        colours = [entry[1] for entry in key]
        assert len(key) > 3 and len(colours) == len(set(colours)), key


def test_the_explorer_keys_name_each_colour_once(ds):
    app = gx.Explorer(ds, lang="ar")
    for box in (app.node_key, app.edge_key, app.event_key):
        colours = re.findall(r"color:(#[0-9A-Fa-f]{6})", box.value)
        assert colours and len(colours) == len(set(colours)), box.value
