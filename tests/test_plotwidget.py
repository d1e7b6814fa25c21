"""PlotlyView: the figure is the synced state, and the front-end module is small enough to bind at once."""

from __future__ import annotations

import gzip
import json

import plotly.graph_objects as go

from gcm_explore.apps.plotwidget import PlotlyView, packed_json, plotly_json


def test_update_replaces_the_figure_and_counts_revisions():
    view = PlotlyView(go.Figure(go.Scatter(x=[1, 2], y=[3, 4], name="<b>a</b>")))
    assert view.figure["data"][0]["type"] == "scatter" and view.revision == 1
    view.update(go.Figure(go.Bar(x=["a"], y=[1])).update_layout(height=300))
    assert view.figure["data"][0]["type"] == "bar"
    assert view.figure["layout"]["height"] == 300
    assert view.revision == 2


def test_module_is_small_and_plotly_js_is_local_and_sent_once():
    first, second = PlotlyView(), PlotlyView()
    # anywidget gives the module 2 s to bind; plotly's 5 MB bundle travels in a library widget instead
    assert len(first._esm) < 10_000
    library = first._library
    assert "plotly.js v" in gzip.decompress(library.packed)[:200].decode("utf-8")
    assert len(library.packed) < 2_000_000 and library.source == ""  # compressed, not sent as text
    assert "cdn" not in first._esm.lower()
    # every view of the kernel refers to the same library model: the page gets plotly.js once
    assert first._library is second._library
    assert first.get_state()["_library"] == second.get_state()["_library"] == f"IPY_MODEL_{first._library.model_id}"
    assert all(len(str(v)) < 100_000 for v in first.get_state().values())


def test_a_browser_that_cannot_inflate_plotly_js_gets_it_as_it_is():
    """A page without DecompressionStream sends the library a message; the kernel answers with
    plotly.js uncompressed, the same text as the compressed copy."""
    library = PlotlyView()._library
    try:
        library._handle_custom_msg({"want": "source"}, [])
        assert library.source.encode("utf-8") == gzip.decompress(library.packed)
        assert "plotly.js v" in library.source[:200]
    finally:
        library.source = ""  # the kernel's one library, as the other tests expect it


def test_a_figure_dict_is_sent_as_it_is():
    view = PlotlyView({"data": [{"type": "bar", "x": ["a"], "y": [1]}], "layout": {"height": 300}})
    assert view.figure == {"data": [{"type": "bar", "x": ["a"], "y": [1]}], "layout": {"height": 300}}
    assert view.data[0].type == "bar"  # and read back as a go.Figure


def test_figure_state_is_plain_json():
    import json

    import pandas as pd

    fig = go.Figure(go.Scatter(x=[pd.Timestamp("2018-12-10")], y=[1]))
    view = PlotlyView(fig)
    assert json.loads(json.dumps(view.figure))["data"][0]["x"] == ["2018-12-10T00:00:00"]


def test_the_figure_travels_as_bytes_beside_the_message():
    """Bytes are a binary buffer of the widget's message: the kernel does not write the figure's JSON
    again inside the message's own JSON, and the page parses it once."""
    view = PlotlyView({"data": [{"type": "bar", "x": ["مراكش"], "y": [1]}]})
    state = view.get_state()
    assert all(isinstance(state[part], (bytes, memoryview)) for part in ("data_json", "layout_json"))
    assert json.loads(bytes(state["data_json"]).decode("utf-8"))[0]["x"] == ["مراكش"]


def test_a_large_part_travels_compressed_and_reads_back_the_same():
    """A part of 8 KB or more is sent gzip-compressed (the page inflates it): the state holds the
    compressed bytes, several times smaller, and the figure reads back as it was given."""
    names = [f"<b>مراكش {i}</b>" for i in range(2000)]
    fig = {"data": [{"type": "scatter", "x": list(range(2000)), "hovertext": names}], "layout": {"height": 300}}
    view = PlotlyView(fig)
    state = view.get_state()
    data, layout = bytes(state["data_json"]), bytes(state["layout_json"])
    assert data[:2] == b"\x1f\x8b" and len(data) * 4 < len(plotly_json(fig["data"]))
    assert json.loads(gzip.decompress(data)) == fig["data"]
    assert layout == b'{"height":300}'  # small: as it is
    assert view.figure == fig and view.data[0].hovertext[-1] == names[-1]


def test_a_page_that_cannot_inflate_gets_every_part_as_it_is():
    """A page without DecompressionStream asks once; the view sends its figure as JSON at once,
    and every later update too."""
    big = {"data": [{"type": "scatter", "x": list(range(3000))}], "layout": {}}
    view = PlotlyView(big)
    assert view.data_json[:2] == b"\x1f\x8b"
    view._handle_custom_msg({"want": "plain"}, [])
    assert json.loads(view.data_json) == big["data"]
    view.update({"data": [{"type": "scatter", "x": list(range(4000))}], "layout": {}})
    assert json.loads(view.data_json)[0]["x"][-1] == 3999
    view.update((packed_json([{"type": "bar", "y": list(range(5000))}]), plotly_json({})))  # the Explorer's parts
    assert json.loads(view.data_json)[0]["y"][-1] == 4999


def test_json_text_is_sent_as_it_is():
    text = '{"data": [{"type": "bar", "x": ["a"], "y": [1]}], "layout": {"height": 300}}'
    view = PlotlyView()
    view.update(text)
    assert view.figure == json.loads(text) and view.revision == 2
    assert view.data[0].type == "bar" and view.layout.height == 300


def test_the_same_figure_again_sends_only_a_new_revision():
    """A month whose network has no new link gives the same figure: the page is sent its revision
    only (it marks it drawn, redrawing nothing), not the figure again."""
    import plotly.graph_objects as go

    from gcm_explore.apps.plotwidget import PlotlyView

    view = PlotlyView(go.Figure(go.Scatter(x=[1], y=[2])))
    sent = []
    view.observe(lambda change: sent.append(change["name"]), names=["data_json", "layout_json", "revision"])
    view.update(go.Figure(go.Scatter(x=[1], y=[2])))
    assert sent == ["revision"] and view.revision == 2
    view.update(go.Figure(go.Scatter(x=[1], y=[3])))
    assert sent == ["revision", "revision", "data_json"] and view.revision == 3
    # a new layout for the same data (a date move on the timeline): the layout only
    view.update(go.Figure(go.Scatter(x=[1], y=[3])).update_layout(title="2018"))
    assert sent[3:] == ["revision", "layout_json"] and view.figure["layout"]["title"]["text"] == "2018"



def test_the_explorers_figures_reach_the_page_with_the_values_plotly_writes(ds):
    """plotly_json (orjson) gives the page what plotly.io.to_json would, for real figures (their
    hovers in both languages, NaN gaps, numpy arrays, dates) and for the values Plotly converts."""
    import json

    import numpy as np
    import pandas as pd
    from plotly.io.json import to_json_plotly

    import gcm_explore as gx
    from gcm_explore.views.map import map_spec
    from gcm_explore.views.network import network_spec
    from gcm_explore.views.timeline import timeline_spec

    G = gx.build_network(ds, as_of="2018-12-31")
    odd = {"data": [{"x": np.array([1.0, np.nan, np.inf]), "y": np.arange(6).reshape(3, 2)[:, 0],
                     "customdata": np.array(["a", None], dtype=object), "text": ["</b> مراكش"], "n": np.int64(3),
                     "visible": np.array([True, False]), "ids": np.array([7], dtype=np.uint8)}],
           "layout": {"shapes": [{"x0": pd.Timestamp("2018-12-10"), "y0": np.float64(0.5), "x1": pd.NaT}], "meta": {1: "one"}}}
    for lang in ("en", "ar"):
        for spec in (network_spec(G, lang, highlight={"iom"}, webgl=True), network_spec(G, lang, webgl=False),
                     timeline_spec(ds, lang=lang, highlight={"res_71_280"}), map_spec(ds, lang=lang), odd):
            assert json.loads(plotly_json(spec)) == json.loads(to_json_plotly(spec))
