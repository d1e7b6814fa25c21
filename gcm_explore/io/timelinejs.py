"""The timeline as a TimelineJS3 file: one slide per event, the phases as eras, in English or Arabic.

`TimelineJS <https://timeline.knightlab.com/>`_ (Knight Lab, npm package ``@knight-lab/timelinejs``)
reads a JSON object with a ``title`` slide, ``events`` and ``eras``. Each event slide has its
start (and end) date at the precision the data knows (a year, a month or a day, never more),
the date as written in ``lang`` (``display_date``), the title as headline, and as text the description, the place,
the document symbol and the cited sources (linked only when their URL is http or https). Its
``group`` is its process (or its kind when it has none), so TimelineJS draws one row per process.

Everything from the data is HTML-escaped: TimelineJS renders headline and text as HTML. It turns
``group`` and ``display_date`` into plain text first and then renders that as HTML too, so those
two are escaped twice, and show the text as written.

The language of TimelineJS's own interface is an option of the page, not part of the file. To
show the Arabic file right to left, with TimelineJS's Arabic messages and month names::

    new TL.Timeline("timeline-embed", data, {language: "ar"});

(``ar`` is in TimelineJS's ``locale`` folder, with ``"direction": "rtl"``: TimelineJS then adds
its ``tl-rtl`` class. A page that hosts TimelineJS itself also passes ``script_path``, the URL
of the folder of ``timeline.js``, where it looks for ``locale/ar.json``, and ``font: null`` to
fetch no web font from another host.)

>>> import gcm_explore as gx
>>> from gcm_explore.io.timelinejs import timelinejs
>>> ds = gx.load_dataset()
>>> tl = timelinejs(ds, lang="ar")
>>> len(tl["events"]) == len(ds.events), [e["text"]["headline"] for e in tl["eras"]][:1]
(True, ['المرحلة الأولى: مرحلة التشاور'])
>>> slide = next(e for e in tl["events"] if e["unique_id"] == "iom_complementary_submission")
>>> slide["start_date"], slide["display_date"]
({'year': 2017, 'month': 10}, 'أكتوبر 2017')
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from ..compat import legacy
from ..model.dataset import Dataset
from ..model.i18n import esc, t
from ..model.timeline import timeline_frame
from ..model.vocab import check_lang
from ..views.html import source_links
from .files import writing

__all__ = ["timelinejs", "export_timelinejs"]

_WEB = re.compile(r"^https?://", re.IGNORECASE)


def _twice(text: object) -> str:
    """For the fields TimelineJS turns into text and then renders as HTML (group, display_date)."""
    return esc(esc(text))


def _date(ts: pd.Timestamp, precision: str) -> dict:
    """A TimelineJS date with only the parts known at ``precision``."""
    date = {"year": int(ts.year)}
    if precision in ("month", "day"):
        date["month"] = int(ts.month)
    if precision == "day":
        date["day"] = int(ts.day)
    return date


def _text(row: pd.Series, description: object, ds: Dataset, lang: str) -> str:
    parts = [f"<p>{esc(description)}</p>"] if isinstance(description, str) and description.strip() else []
    if row["place"]:
        parts.append(f"<p><strong>{esc(t('place', lang))}:</strong> {esc(row['place'])}</p>")
    if row["doc_symbol"]:
        parts.append(f"<p><strong>{esc(t('document', lang))}:</strong> {esc(row['doc_symbol'])}</p>")
    if row["sources"]:
        items = "".join(f'<li dir="auto">{link}</li>' for link in source_links(ds, row["sources"]))
        parts.append(f"<p><strong>{esc(t('sources', lang))}:</strong></p><ul>{items}</ul>")
    return "".join(parts)


@legacy(positional=("lang", "start", "end"), window=("start", "end"))
def timelinejs(ds: Dataset, *, lang: str = "en", window=None) -> dict:
    """The events of ``ds`` within ``window`` (``(start, end)``, dates, None for no limit) as a TimelineJS3
    object: a title slide, one slide per event and one era per phase (processes of kind
    ``phase`` with a start and an end), with every text in ``lang`` ('en' or 'ar').
    """
    check_lang(lang)
    frame = timeline_frame(ds, window, lang=lang)
    description = ds.events[f"description_{lang}"]
    events = []
    for eid, row in frame.iterrows():
        precision = row["date_precision"]
        slide = {
            "unique_id": eid,
            "start_date": _date(row["start"], precision),
            "display_date": _twice(row["date_label"]),
            "text": {"headline": esc(row["title"]), "text": _text(row, description.get(eid), ds, lang)},
            "group": _twice(row["lane"] if isinstance(row["process_id"], str) else row["kind_label"]),
        }
        stop = ds.events.at[eid, "end"]
        if pd.notna(stop) and stop != row["start"]:
            slide["end_date"] = _date(stop, precision)
        events.append(slide)
    eras = []
    start, end = window if window is not None else (None, None)
    phases = ds.processes[(ds.processes["kind"] == "phase") & ds.processes["start"].notna()
                          & ds.processes["end"].notna()]
    for _, row in phases.sort_values("start").iterrows():
        if (start is not None and row["end"] < pd.Timestamp(start)) or (end is not None and row["start"] > pd.Timestamp(end)):
            continue
        # The end is known at least to the start's precision (a month-precise phase ends in a month).
        precision = row.get("start_precision", "day")
        eras.append({
            "start_date": _date(row["start"], precision),
            "end_date": _date(row["end"], precision),
            "text": {"headline": esc(row[f"name_{lang}"])},
        })
    title = {"text": {"headline": esc(t("app_title", lang)), "text": esc(t("app_subtitle", lang))}}
    return {"title": title, "events": events, "eras": eras, "scale": "human"}


@legacy(positional=("lang",))
def export_timelinejs(ds: Dataset, path, *, lang: str = "en") -> Path:
    """Write :func:`timelinejs` of ``ds`` in ``lang`` as a UTF-8 JSON file at ``path`` (atomically:
    the old file stays whole if writing fails). Returns the path written.
    """
    data = timelinejs(ds, lang=lang)
    with writing(path, ".json") as tmp:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return Path(path)
