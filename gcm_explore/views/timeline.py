"""The timeline view: the events in swimlanes, with the phases as shaded bands, as a Plotly figure.
Text from the data is escaped before it reaches a hover or a label.

>>> import gcm_explore as gx
>>> fig = gx.timeline_figure(gx.load_dataset(), lang="ar")
>>> fig.layout.yaxis.side
'right'
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..compat import legacy
from ..model.i18n import MONTHS, direction, esc, format_date, t
from ..model.timeline import LANE_MODES, timeline_frame
from ..model.vocab import EVENT_FAMILIES, EVENT_KINDS, check_lang, event_family, label
from .docs import TIMELINE, documented
from .labels import LABEL_AREA, place_labels, text_width, two_lines
from .style import FAMILY_COLOURS, PALETTE, base_layout, merged

__all__ = ["timeline_spec", "timeline_figure", "timeline_hovers", "mark_as_of", "family_key"]

#: Lane names go on two lines where a lane is at least this tall (pixels, at ``label_area``).
TWO_LINE_LANE = 26
#: the margin left before the first and after the last event when no ``x_range`` is given
MARGIN = pd.Timedelta(days=31)
#: the veil over the dates after ``as_of`` on the timeline: the events behind it show at about a quarter
VEIL = "rgba(255,255,255,0.72)"


def _month_ticks(lo: pd.Timestamp, hi: pd.Timestamp, lang: str, step: int = 6) -> tuple[list, list]:
    """A tick every ``step`` months from January of ``lo``'s year to ``hi``: "Jan<br>2017", or the
    year alone when ``step`` is 12 or more."""
    months = MONTHS["ar" if lang == "ar" else "en"]
    ticks = pd.date_range(lo.to_period("Y").start_time, hi, freq=f"{step}MS")
    if step >= 12:
        return list(ticks), [str(d.year) for d in ticks]
    return list(ticks), [f"{months[d.month - 1][:3] if lang == 'en' else months[d.month - 1]}<br>{d.year}"
                         for d in ticks]


def _tick_step(x_range) -> int:
    """Months between ticks for the dates shown at first: about ten ticks or fewer."""
    lo, hi = (pd.Timestamp(x) for x in x_range)
    span = (hi.year - lo.year) * 12 + hi.month - lo.month
    return next((s for s in (1, 3, 6) if span / s <= 12), 12)



def _lanes(tl: pd.DataFrame, lanes: str) -> list[str]:
    col = "lane" if lanes == "process" else f"lane_{lanes}"
    return (tl[[col, f"lane_{lanes}_order"]].drop_duplicates(col).sort_values(f"lane_{lanes}_order")[col].tolist())



def _ms(delta: pd.Timedelta) -> float:
    return delta.total_seconds() * 1000



@legacy(positional=("as_of", "start", "end", "highlight", "lanes", "title", "x_range", "label_highlighted",
                    "label_area", "rangeslider", "frame"), window=("start", "end"))
@documented(TIMELINE)
def timeline_spec(ds, lang: str = "en", *, as_of=None, window=None, highlight=(), lanes: str = "process",
                  title: str | None = None, x_range=None, label_highlighted: bool = True,
                  label_area: tuple[int, int] = LABEL_AREA, rangeslider: bool = True,
                  frame: pd.DataFrame | None = None) -> dict:
    """Draw the events of ``ds`` in swimlanes, with the phases of the process as shaded bands, as a
    Plotly figure dict; :func:`timeline_figure` gives it as a ``go.Figure``.

    Single days are markers; intervals, and events known only to the month or the year, are
    bars across their span (a month-precision event covers its month and its hover says
    "May 2017", not a made-up day; its marker, hatched and hollow, stands mid-span).

    Parameters
    ----------
    {parameters}

    Returns
    -------
    dict: trace 0 the spans (horizontal bars: intervals and imprecise
    dates), then one marker trace per event kind (in the order of the vocabulary; its ``meta``
    the kind), each point's ``ids`` and ``customdata`` the event id. Kinds are coloured by their
    family (:data:`~gcm_explore.model.vocab.EVENT_FAMILIES`): the legend has one entry per
    family, in a colour of its own, and the hover names the kind.

    Examples
    --------
    >>> import gcm_explore as gx
    >>> spec = timeline_spec(gx.load_dataset(), lanes="kind", highlight=["marrakech_igc"])
    >>> "Conference" in spec["layout"]["yaxis"]["categoryarray"]
    True
    >>> [a["text"] for a in spec["layout"]["annotations"] if a["showarrow"]]
    ['Intergovernmental Conference to Adopt…']
    """
    check_lang(lang)
    if lanes not in LANE_MODES:
        raise ValueError(f"{lanes!r} is not a valid value for `lanes`. Valid values are: "
                         f"{', '.join(repr(m) for m in LANE_MODES)}.")
    tl = timeline_hovers(timeline_frame(ds, lang=lang), lang) if frame is None else frame
    start, end = window if window is not None else (None, None)
    if start is not None:
        tl = tl[tl["finish"] >= pd.Timestamp(start)]
    if end is not None:
        tl = tl[tl["start"] <= pd.Timestamp(end)]
    tl = tl.copy()
    col = "lane" if lanes == "process" else f"lane_{lanes}"
    tl[col] = tl[col].map(esc)  # lane names from the data are y values, shown as tick labels that render HTML
    highlight = {h for h in highlight if h in tl.index}
    lane_list = _lanes(tl, lanes)
    if x_range is None:  # the whole record (or window), a month either side
        x_range = ((tl["start"].min() - MARGIN, tl["finish"].max() + MARGIN) if len(tl)
                   else (pd.Timestamp(start or "2016-08-01"), pd.Timestamp(end or "2016-08-31")))
    x_range = tuple(str(pd.Timestamp(x).date()) for x in x_range)

    def opacity(eid) -> float:
        return 0.3 if highlight and eid not in highlight else 1.0

    # colour by family: eight colours that no two families share (22 kinds would repeat 8 of 14)
    colour = {k: FAMILY_COLOURS[event_family(k)] for k in EVENT_KINDS}
    in_legend: set[str] = set()  # each family once in the legend: its first kind with events
    spans = tl[(tl["finish"] > tl["start"]) | (tl["date_precision"] != "day")]
    traces = [dict(
        type="bar", orientation="h", base=[d.strftime("%Y-%m-%d") for d in spans["start"]],
        x=[_ms(f + pd.Timedelta(days=1) - s) for s, f in zip(spans["start"], spans["finish"])],
        y=list(spans[col]), width=0.45, ids=[f"span:{e}" for e in spans.index], customdata=list(spans.index),
        hovertext=list(spans["hover"]), hoverinfo="text",
        marker=dict(color=(colours := [colour.get(k, "#777777") for k in spans["kind"]]),
                    opacity=[0.45 * opacity(e) for e in spans.index],
                    # white hatching on each bar's colour; "replace" with the colours given, not
                    # "overlay": with one colour per bar, plotly.js warned (in the console, twice a draw)
                    pattern=dict(shape=["" if p == "day" else "/" for p in spans["date_precision"]], fgcolor="#ffffff",
                                 bgcolor=colours, fillmode="replace", solidity=0.4),
                    line=dict(width=[2 if e in highlight else 0 for e in spans.index], color="#000000")),
        showlegend=False, name="intervals",
    )]
    for kind in EVENT_KINDS:
        sub = tl[tl["kind"] == kind]
        family = event_family(kind)
        first = bool(len(sub)) and family not in in_legend
        if first:
            in_legend.add(family)
        precise = sub["date_precision"] == "day"
        # an imprecise date stands mid-span, not on a made-up first day of its month or year
        where = [s if p else s + (f + pd.Timedelta(days=1) - s) / 2
                 for s, f, p in zip(sub["start"], sub["finish"], precise)]
        traces.append(dict(
            type="scatter",
            # ISO strings, not datetime64 arrays: a widget would send those as raw numbers
            x=[d.strftime("%Y-%m-%d") for d in where], y=list(sub[col]), mode="markers",
            name=esc(label(EVENT_FAMILIES, family, lang)), meta=kind,
            legendgroup=family, legendrank=list(EVENT_FAMILIES).index(family), showlegend=first,
            ids=list(sub.index), customdata=list(sub.index),
            hovertext=list(sub["hover"]), hoverinfo="text",
            marker=dict(
                size=[18 if e in highlight else 11 for e in sub.index],
                color=colour[kind],
                symbol=["circle" if p else "diamond-open" for p in precise],
                opacity=[opacity(e) for e in sub.index],
                line=dict(width=[3 if e in highlight else 1 if p else 2 for e, p in zip(sub.index, precise)],
                          color=["#000000" if e in highlight else "#ffffff" if p else colour[kind]
                                 for e, p in zip(sub.index, precise)]),
            ),
        ))

    shapes, annotations = _phase_bands(ds, lang, x_range, label_area)
    labelled = tl[tl.index.isin(highlight)] if highlight and label_highlighted else tl[tl["key"]]
    rows = [lane_list.index(lane) for lane in labelled[col]]
    texts = [_clip(x) for x in labelled["title"]]
    offsets = place_labels(list(labelled["start"]), rows, texts, len(lane_list), x_range, label_area)
    for (dx, dy), text, (eid, r) in zip(offsets, texts, labelled.iterrows()):
        annotations.append(dict(x=r["start"], y=r[col], xref="x", yref="y", text=esc(text),
                                showarrow=True, arrowhead=0, arrowwidth=1, arrowcolor="#888", ax=dx, ay=dy,
                                font=dict(size=12 if eid in highlight else 10), bgcolor="rgba(255,255,255,0.85)"))
    lo = min(tl["start"].min(), pd.Timestamp(x_range[0])) if len(tl) else pd.Timestamp(x_range[0])
    hi = max(tl["finish"].max(), pd.Timestamp(x_range[1])) if len(tl) else pd.Timestamp(x_range[1])
    tickvals, ticktext = _month_ticks(lo, hi, lang, _tick_step(x_range))
    tall = label_area[1] / max(len(lane_list), 1) >= TWO_LINE_LANE
    spec = dict(data=traces, layout=merged(base_layout(lang, title if title is not None else t("timeline_title", lang)), dict(
        shapes=shapes, annotations=annotations, hovermode="closest", uirevision="timeline", barmode="overlay",
        xaxis=dict(type="date", range=list(x_range), tickvals=tickvals, ticktext=ticktext,
                   rangeslider=dict(visible=rangeslider, thickness=0.06), showgrid=True),
        # long lane names on two lines where the lanes are tall enough: the names take half the room beside the plot
        yaxis=dict(type="category", categoryorder="array", categoryarray=lane_list[::-1],
                   tickvals=lane_list, ticktext=[two_lines(lane) if tall else lane for lane in lane_list],
                   side="right" if lang == "ar" else "left", automargin=True, title=None, tickfont=dict(size=11)),
        legend=dict(orientation="h", yanchor="top", y=-0.1, x=1 if lang == "ar" else 0,
                    xanchor="right" if lang == "ar" else "left", font=dict(size=11)),
        margin=dict(l=20, r=20, t=90, b=30),
        meta={"dir": direction(lang), "lanes": lanes, "last": hi.strftime("%Y-%m-%d")},
    )))
    return mark_as_of(spec, as_of, lang) if as_of is not None else spec



def family_key(kinds, lang: str = "en") -> list[tuple[str, str]]:
    """(label, colour) of each event family that ``kinds`` (event kinds) has, in the legend's order:
    the key to the colours of :func:`timeline_spec`.

    >>> family_key(["withdrawal", "summit", "conference"])
    [('Summits and conferences', '#E69F00'), ('Withdrawals', '#D55E00')]
    """
    present = {event_family(k) for k in set(kinds)}  # each kind once: the Explorer's events, at every move
    return [(label(EVENT_FAMILIES, f, lang), c) for f, c in FAMILY_COLOURS.items() if f in present]


def mark_as_of(spec: dict, as_of, lang: str = "en") -> dict:
    """``spec`` (a :func:`timeline_spec` drawn without ``as_of``) with the date ``as_of`` marked: a
    line, its label, and a light veil over the later dates. Only the layout changes: a caller that
    moves through dates draws the events once and marks each date.

    >>> import gcm_explore as gx
    >>> spec = timeline_spec(gx.load_dataset())
    >>> marked = mark_as_of(spec, "2018-07-13")
    >>> marked["data"] is spec["data"], len(marked["layout"]["shapes"]) - len(spec["layout"]["shapes"])
    (True, 2)
    """
    cutoff = pd.Timestamp(as_of)
    layout = spec["layout"]
    last = max(pd.Timestamp(layout["meta"]["last"]), cutoff) + pd.Timedelta(days=1)
    # the veil ends at the last date drawn: a shape counts when Plotly fits the axis to the figure
    shapes = [*layout["shapes"],
              dict(type="rect", xref="x", yref="paper", x0=cutoff, x1=last, y0=0, y1=1, fillcolor=VEIL,
                   line=dict(width=0), layer="above", name="later"),
              dict(type="line", xref="x", yref="paper", x0=cutoff, x1=cutoff, y0=0, y1=1,
                   line=dict(color="#D55E00", width=2, dash="dot"))]
    start, end = (pd.Timestamp(x) for x in layout["xaxis"]["range"])
    before = cutoff - start > (end - start) / 4  # room on the left of the line (the axis runs left to right)
    annotations = [*layout["annotations"],
                   # inside the plot, at the foot of the line (under the axis it hid the month labels)
                   dict(x=cutoff, y=0, xref="x", yref="paper", yanchor="bottom", showarrow=False,
                        xanchor="right" if before else "left", xshift=-3 if before else 3,
                        bgcolor="rgba(255,255,255,0.85)",
                        text=esc(t("as_of", lang) + " " + format_date(cutoff, "day", lang)),
                        font=dict(color="#A13F00", size=11))]  # the line's vermilion, darker: 6.5:1 on white (WCAG AA)
    return dict(spec, layout=dict(layout, shapes=shapes, annotations=annotations))



@legacy(window=("start", "end"))
@documented(TIMELINE)
def timeline_figure(ds, lang: str = "en", *, as_of=None, window=None, highlight=(), lanes: str = "process",
                    title: str | None = None, x_range=None, label_highlighted: bool = True,
                    label_area: tuple[int, int] = LABEL_AREA, rangeslider: bool = True,
                    frame: pd.DataFrame | None = None) -> go.Figure:
    """The timeline of :func:`timeline_spec` as a ``go.Figure``, checked by Plotly.

    Parameters
    ----------
    {parameters}

    >>> import gcm_explore as gx
    >>> fig = gx.timeline_figure(gx.load_dataset(), lang="ar")
    >>> fig.layout.yaxis.side, fig.layout.xaxis.rangeslider.visible
    ('right', True)
    """
    return go.Figure(timeline_spec(ds, lang, as_of=as_of, window=window, highlight=highlight, lanes=lanes, title=title,
                                   x_range=x_range, label_highlighted=label_highlighted, label_area=label_area,
                                   rangeslider=rangeslider, frame=frame))



def timeline_hovers(tl: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``tl`` (a :func:`~gcm_explore.model.timeline.timeline_frame` in ``lang``) with a ``hover`` column:
    each event's hover text, escaped."""
    return tl.assign(hover=[_event_hover(r, lang) for _, r in tl.iterrows()])



def _phase_bands(ds, lang: str, x_range, area=LABEL_AREA) -> tuple[list, list]:
    """The phases of the process as shaded bands, with their names above the plot: in full where
    the band is wide enough at the size drawn (``area``, for ``x_range``), else the phase's number
    alone ("I · Consultations" -> "I"), the full name on hover."""
    shapes, annotations = [], []
    lo, hi = (pd.Timestamp(x) for x in x_range)
    per_day = area[0] / max((hi - lo).days, 1)
    phases = ds.processes[ds.processes["kind"] == "phase"].sort_values("start")
    for j, (_, p) in enumerate(phases.iterrows()):
        p_end = p["end"] if pd.notna(p["end"]) else p["start"]
        shapes.append(dict(type="rect", xref="x", yref="paper", x0=p["start"], x1=p_end + pd.Timedelta(days=1),
                           y0=0, y1=1, fillcolor=PALETTE[(j + 3) % len(PALETTE)], opacity=0.10, line=dict(width=0),
                           layer="below"))
        name = p.get(f"short_{lang}") if isinstance(p.get(f"short_{lang}"), str) else p[f"name_{lang}"]
        wide = ((p_end - p["start"]).days + 1) * per_day
        text = name if text_width(name) <= 1.6 * wide else name.split(" · ")[0]
        annotations.append(dict(x=p["start"] + (p_end - p["start"]) / 2, y=1.0 + 0.045 * (j % 2), xref="x",
                                yref="paper", text=esc(text), hovertext=esc(name), showarrow=False, yanchor="bottom",
                                font=dict(size=10, color="#444")))
    return shapes, annotations



def _clip(text: str, n: int = 38) -> str:
    text = str(text)
    return text if len(text) <= n else text[: n - 1] + "…"



def _event_hover(r: pd.Series, lang: str) -> str:
    lines = [f"<b>{esc(r['title'])}</b>", esc(r["date_label"]), esc(r["kind_label"])]
    if r["place"]:
        lines.append(f"{t('place', lang)}: {esc(r['place'])}")
    if r["doc_symbol"]:
        lines.append(f"{t('document', lang)}: {esc(r['doc_symbol'])}")
    if r["participants"]:
        shown = r["participants"][:6]
        more = len(r["participants"]) - len(shown)
        text = ", ".join(shown) + (" " + t("more", lang, n=more) if more > 0 else "")
        lines.append(f"{t('participants', lang)}: {esc(text)}")
    lines.append(f"{t('sources', lang)}: {esc('; '.join(r['sources']))}")
    return "<br>".join(lines)
