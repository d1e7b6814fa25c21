"""The timeline: its tidy frame, its swimlanes, dates at their precision, highlights and Arabic."""

from __future__ import annotations

import pandas as pd
import pytest

import gcm_explore as gx
from gcm_explore.model.timeline import LANE_MODES, MILESTONES, main_actors
from gcm_explore.model.vocab import EVENT_FAMILIES, EVENT_KINDS, KIND_FAMILY, label


def _marker(fig, event_id):
    """(trace, index) of the marker of ``event_id``."""
    for tr in fig.data[1:]:
        if event_id in (tr.ids or ()):
            return tr, list(tr.ids).index(event_id)
    raise KeyError(event_id)


def test_frame_has_a_lane_column_per_mode(ds):
    tl = gx.timeline_frame(ds)
    for mode in LANE_MODES:
        col = "lane" if mode == "process" else f"lane_{mode}"
        assert tl[col].notna().all() and f"lane_{mode}_order" in tl
    assert (tl["lane"] == tl["lane_process"]).all()
    assert tl.loc["marrakech_igc", "lane_kind"] == "Conference"
    assert tl["lane_actor"].nunique() <= 13  # 12 actors and "Other"


def test_main_actor_follows_the_roles(ds):
    lead = main_actors(ds)
    assert lead["res_71_280"] == "unga"  # the General Assembly convenes; the states only vote
    assert lead["marrakech_igc"] == "mar"  # the host
    assert set(lead.dropna()) <= set(ds.actors.index)


@pytest.mark.parametrize("lanes", LANE_MODES)
def test_lanes_modes(ds, lanes):
    fig = gx.timeline_figure(ds, lanes=lanes)
    tl = gx.timeline_frame(ds)
    col = "lane" if lanes == "process" else f"lane_{lanes}"
    assert set(fig.layout.yaxis.categoryarray) == set(tl[col])
    assert len(fig.data) == 1 + len(EVENT_KINDS)
    assert {i for tr in fig.data[1:] for i in tr.ids} == set(ds.events.index)
    for tr in fig.data[1:]:
        for event_id, y in zip(tr.ids, tr.y):
            assert y == tl.loc[event_id, col]
    assert fig.layout.meta["lanes"] == lanes


def test_kind_lanes_follow_the_vocabulary(ds):
    lanes = list(gx.timeline_figure(ds, lanes="kind").layout.yaxis.categoryarray)[::-1]
    order = [label for key, (label, _) in EVENT_KINDS.items() if label in lanes]
    assert lanes == order


def test_bad_lanes_names_the_choices(ds):
    with pytest.raises(ValueError, match="'region' is not a valid value for `lanes`. Valid values are: 'process'"):
        gx.timeline_figure(ds, lanes="region")


def test_month_precision_drawn_across_its_month(ds):
    fig = gx.timeline_figure(ds)
    bars = fig.data[0]
    assert bars.type == "bar" and bars.orientation == "h"
    i = list(bars.customdata).index("iom_complementary_submission")  # known to the month: October 2017
    start = pd.Timestamp(bars.base[i])
    end = start + pd.Timedelta(milliseconds=bars.x[i])
    assert (start, end) == (pd.Timestamp("2017-10-01"), pd.Timestamp("2017-11-01"))
    assert bars.marker.pattern.shape[i] == "/"  # hatched: an imprecise date
    assert "October 2017" in bars.hovertext[i]
    tr, j = _marker(fig, "iom_complementary_submission")
    assert pd.Timestamp(tr.x[j]) == pd.Timestamp("2017-10-16"), "the marker stands mid-month, not on the 1st"
    assert tr.marker.symbol[j] == "diamond-open"
    assert "October 2017" in tr.hovertext[j] and "1 October" not in tr.hovertext[j]
    # a single day is a filled marker on its day, with no bar
    tr, j = _marker(fig, "res_71_280")
    assert tr.x[j] == "2017-04-06" and tr.marker.symbol[j] == "circle"
    assert "res_71_280" not in bars.customdata
    # a year-precision event spans its year
    k = list(bars.customdata).index("apmr_2024")  # Asia-Pacific Migration Report 2024
    assert pd.Timestamp(bars.base[k]) == pd.Timestamp("2024-01-01")
    assert bars.x[k] == pytest.approx(366 * 24 * 3600 * 1000)


def test_intervals_are_bars(ds):
    bars = gx.timeline_figure(ds).data[0]
    i = list(bars.customdata).index("marrakech_igc")  # 10-11 December 2018
    assert bars.base[i] == "2018-12-10" and bars.x[i] == 2 * 24 * 3600 * 1000


def test_highlight(ds):
    ids = ["ts1", "marrakech_igc"]
    fig = gx.timeline_figure(ds, highlight=ids)
    for event_id in ids:
        tr, j = _marker(fig, event_id)
        assert tr.marker.size[j] > 11 and tr.marker.line.color[j] == "#000000" and tr.marker.opacity[j] == 1.0
    tr, j = _marker(fig, "zero_draft")
    assert tr.marker.opacity[j] < 1 and tr.marker.line.color[j] != "#000000"
    labels = [a.text for a in fig.layout.annotations if a.showarrow]
    assert len(labels) == 2 and labels[0] == "First informal thematic session"
    default = gx.timeline_figure(ds)
    assert len([a for a in default.layout.annotations if a.showarrow]) == len(MILESTONES)
    kept = gx.timeline_figure(ds, highlight=ids, label_highlighted=False)
    assert len([a for a in kept.layout.annotations if a.showarrow]) == len(MILESTONES)


def test_milestone_labels_do_not_collide(ds):
    from gcm_explore.views.labels import LABEL_AREA, place_labels

    for lanes in LANE_MODES:
        tl = gx.timeline_frame(ds)
        key = tl[tl["key"]]
        col = "lane" if lanes == "process" else f"lane_{lanes}"
        order = list(gx.timeline_figure(ds, lanes=lanes).layout.yaxis.categoryarray)[::-1]
        texts = [str(x)[:38] for x in key["title"]]
        rows = [order.index(v) for v in key[col]]
        offsets = place_labels(list(key["start"]), rows, texts, len(order), ("2016-08-01", "2022-07-31"))
        lo = pd.Timestamp("2016-08-01")
        per_day = LABEL_AREA[0] / (pd.Timestamp("2022-07-31") - lo).days
        boxes = []
        for (dx, dy), x, row, text in zip(offsets, key["start"], rows, texts):
            cx = (x - lo).days * per_day + dx
            cy = (row + 0.5) * LABEL_AREA[1] / len(order) + dy
            half = (len(text) * 5.5 + 8) / 2
            boxes.append((cx - half, cy - 8, cx + half, cy + 8))
        for i, a in enumerate(boxes):
            assert 0 <= a[0] and a[2] <= LABEL_AREA[0] + 1, "inside the plot"
            for b in boxes[:i]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (lanes, a, b)


def test_arabic(ds):
    fig = gx.timeline_figure(ds, lang="ar", lanes="kind", highlight=["iom_complementary_submission"])
    assert fig.layout.yaxis.side == "right"
    assert fig.layout.title.text == "الخط الزمني لعملية الاتفاق العالمي"
    assert "مؤتمر" in fig.layout.yaxis.categoryarray
    assert "2026" in fig.layout.xaxis.ticktext, "the whole record at first: a tick a year"
    two_years = gx.timeline_figure(ds, lang="ar", x_range=("2017-01-01", "2018-12-31"))
    assert any("يناير" in t for t in two_years.layout.xaxis.ticktext) and "يوليو<br>2018" in two_years.layout.xaxis.ticktext
    tr, j = _marker(fig, "iom_complementary_submission")
    assert "أكتوبر 2017" in tr.hovertext[j]
    assert ds.events.loc["iom_complementary_submission", "title_ar"][:20] in tr.hovertext[j]
    labels = [a.text for a in fig.layout.annotations if a.showarrow]
    assert labels and all(any("\u0600" <= c <= "\u06ff" for c in text) for text in labels)
    actor_lanes = gx.timeline_figure(ds, lang="ar", lanes="actor").layout.yaxis.categoryarray
    assert "أخرى" in actor_lanes


def test_x_range_and_filters(ds):
    fig = gx.timeline_figure(ds, window=("2018-01-01", "2018-12-31"), x_range=("2018-01-01", "2018-12-31"))
    assert fig.layout.xaxis.range == ("2018-01-01", "2018-12-31")
    shown = {i for tr in fig.data[1:] for i in tr.ids}
    assert "marrakech_igc" in shown and "nyd_summit" not in shown


def test_default_range_shows_every_event_of_the_record(ds):
    fig = gx.timeline_figure(ds)
    lo, hi = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    finish = ds.events["end"].fillna(ds.events["start"])
    assert lo < ds.events["start"].min() and hi > finish.max()
    assert hi >= pd.Timestamp("2026-05-08"), "the record reaches the 2026 IMRF"
    early = gx.timeline_figure(ds, window=("2016-09", "2017-12"))
    assert pd.Timestamp(early.layout.xaxis.range[1]) < pd.Timestamp("2018-03-01"), "a window narrows it"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_legend_names_each_family_once_in_a_colour_of_its_own(ds, lang):
    fig = gx.timeline_figure(ds, lang=lang)
    shown = sorted((tr for tr in fig.data if tr.showlegend), key=lambda tr: tr.legendrank)
    present = [f for f in EVENT_FAMILIES if f in {KIND_FAMILY[k] for k in ds.events["kind"]}]
    assert [tr.name for tr in shown] == [label(EVENT_FAMILIES, f, lang) for f in present]
    colours = [tr.marker.color for tr in shown]
    assert len(set(colours)) == len(colours), "no two legend entries share a colour"
    for tr in fig.data[1:]:  # every kind in its family's colour, and its kind still on the hover
        family = KIND_FAMILY[tr.meta]
        assert tr.legendgroup == family and tr.marker.color == colours[present.index(family)] if len(tr.ids) else True
        assert all(label(EVENT_KINDS, tr.meta, lang) in h for h in tr.hovertext)
    assert set(KIND_FAMILY) == set(EVENT_KINDS) and set(KIND_FAMILY.values()) == set(EVENT_FAMILIES)
