"""The event timeline as a tidy pandas frame: one row per event, ready for plotting.

>>> import gcm_explore as gx
>>> tl = gx.timeline_frame(gx.load_dataset(), lang="en")
>>> tl.loc["puerto_vallarta", "date_label"]
'4–6 December 2017'
>>> tl.loc["iom_complementary_submission", ["date_label", "finish"]].tolist()
['October 2017', Timestamp('2017-10-31 00:00:00')]
>>> tl.loc["marrakech_igc", "lane_kind"], tl.loc["marrakech_igc", "main_actor"]
('Conference', 'mar')
"""

from __future__ import annotations

import gettext

import pandas as pd

from ..compat import legacy
from .dataset import Dataset, split_ids
from .dates import period_end
from .i18n import format_span, t
from .vocab import EVENT_KINDS, check_lang, label

__all__ = ["timeline_frame", "main_actors", "country_name", "KEY_KINDS", "MILESTONES", "LANE_MODES", "ROLE_RANK"]

#: The milestones of the story, labelled on the timeline: New York, the modalities, the
#: stocktaking, the zero draft, the agreed text, Marrakech, the endorsement, the IMRF format,
#: the first IMRF and its Progress Declaration.
MILESTONES = ("nyd_summit", "res_71_280", "puerto_vallarta", "zero_draft", "text_agreed", "marrakech_igc",
              "res_73_195", "res_73_326", "imrf2022", "progress_declaration_ga")
#: For another data package without those ids: the event kinds that are milestones.
KEY_KINDS = ("summit", "conference", "agreement", "declaration")
#: How the timeline can be split into swimlanes: by process, by event kind, by main actor.
LANE_MODES = ("process", "kind", "actor")
#: Roles in the order that makes an actor an event's main actor (the host before the chair, …);
#: the roles of a vote (voted_yes, …) never do.
ROLE_RANK = ("host", "convener", "chair", "organiser", "co_facilitator", "author", "presenter", "elected",
             "appointee", "withdrew", "funder", "speaker", "supporter", "participant")


def country_name(iso3: str, lang: str = "en") -> str:
    """Country name for an ISO alpha-3 code, in English or Arabic (pycountry's translations)."""
    import pycountry

    if not iso3 or not isinstance(iso3, str):
        return ""
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return iso3
    name = getattr(country, "common_name", None) or country.name
    if lang == "ar":
        return _arabic().gettext(country.name)
    return name


_AR = None


def _arabic():
    global _AR
    if _AR is None:
        import pycountry

        _AR = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"], fallback=True)
    return _AR


def main_actors(ds: Dataset) -> pd.Series:
    """The main actor of each event (actor id; missing if none): the one whose role comes first in
    :data:`ROLE_RANK`, ties broken by the actor with more events, then by id.

    >>> import gcm_explore as gx
    >>> main_actors(gx.load_dataset())["res_71_280"]
    'unga'
    """
    part = ds.participation[ds.participation["role"].isin(ROLE_RANK)]
    busy = part.groupby("actor_id")["event_id"].nunique()
    rank = {r: i for i, r in enumerate(ROLE_RANK)}
    best: dict = {}
    for event_id, actor_id, role in zip(part["event_id"], part["actor_id"], part["role"]):
        score = (rank[role], -busy.get(actor_id, 0), actor_id)
        if event_id not in best or score < best[event_id][0]:
            best[event_id] = (score, actor_id)
    return pd.Series({e: best[e][1] if e in best else None for e in ds.events.index}, dtype=object)


@legacy(positional=("start", "end", "lang", "n_actor_lanes"), window=("start", "end"))
def timeline_frame(ds: Dataset, window=None, *, lang: str = "en", n_actor_lanes: int = 12) -> pd.DataFrame:
    """One row per event of ``ds`` within ``window``: ``(start, end)``, dates, either None for no
    limit; None: every event. (``start=``/``end=`` are the old names, deprecated.)

    Columns: ``title`` (in ``lang``), ``title_en``, ``title_ar``, ``start``, ``finish`` (the
    last day drawn: the end, or the end of the month or year for an event known only to that
    precision), ``date_precision``, ``date_label`` (the date as written at its precision),
    ``kind``, ``kind_label``, ``process_id``, ``lane`` (short process name in ``lang``),
    ``lane_start``, ``place``, ``doc_symbol``, ``participants`` (actor names in ``lang``),
    ``sources`` (list of source ids), ``key`` (True for the milestones of the story: :data:`MILESTONES`),
    and the swimlanes of each :data:`LANE_MODES`: ``lane_process`` (= ``lane``), ``lane_kind``
    (the kind label), ``main_actor`` (actor id, see :func:`main_actors`) and ``lane_actor`` (its
    short name, for the ``n_actor_lanes`` actors that lead most events; "Other" for the rest),
    each with its ``*_order`` (an int: lanes sort by it). Sorted by start date.
    """
    check_lang(lang)
    start, end = window if window is not None else (None, None)
    ev = ds.events
    finish = [
        e if pd.notna(e) else period_end(s, p)
        for s, e, p in zip(ev["start"], ev["end"], ev["date_precision"])
    ]
    frame = pd.DataFrame({
        "id": ev.index,
        "title": ev[f"title_{'ar' if lang == 'ar' else 'en'}"],
        "title_en": ev["title_en"],
        "title_ar": ev["title_ar"],
        "start": ev["start"],
        "finish": pd.to_datetime(pd.Series(finish, index=ev.index)),
        "date_precision": ev["date_precision"],
        "kind": ev["kind"],
        "process_id": ev["process_id"],
        "doc_symbol": ev["doc_symbol"].fillna(""),
    }, index=ev.index)
    frame["date_label"] = [format_span(s, e, p, lang) for s, e, p in zip(ev["start"], ev["end"], ev["date_precision"])]
    frame["kind_label"] = [label(EVENT_KINDS, k, lang) for k in ev["kind"]]
    short = ds.processes.get(f"short_{'ar' if lang == 'ar' else 'en'}")
    names = ds.processes[f"name_{'ar' if lang == 'ar' else 'en'}"]
    names = short.fillna(names) if short is not None else names
    frame["lane"] = [names.get(p, t("lane_other", lang)) if isinstance(p, str) else t("lane_other", lang)
                     for p in ev["process_id"]]
    frame["lane_start"] = [ds.processes["start"].get(p, pd.NaT) if isinstance(p, str) else pd.NaT
                           for p in ev["process_id"]]
    frame["lane_process"] = frame["lane"]
    first = frame.groupby("lane")["start"].min()
    order = sorted(first.index, key=lambda lane: (frame.loc[frame["lane"] == lane, "lane_start"].min(), first[lane]))
    frame["lane_process_order"] = frame["lane"].map({lane: i for i, lane in enumerate(order)})
    frame["lane_kind"] = frame["kind_label"]
    frame["lane_kind_order"] = [list(EVENT_KINDS).index(k) if k in EVENT_KINDS else len(EVENT_KINDS) for k in ev["kind"]]
    lead = main_actors(ds)
    frame["main_actor"] = lead.reindex(ev.index)
    top = lead.value_counts().head(n_actor_lanes).index.tolist()
    short_col = ds.actors.get(f"short_{'ar' if lang == 'ar' else 'en'}")
    full = ds.actors[f"name_{'ar' if lang == 'ar' else 'en'}"]
    short_names = short_col.fillna(full) if short_col is not None else full
    frame["lane_actor"] = [short_names.get(a, a) if a in top else t("lane_other", lang) for a in frame["main_actor"]]
    frame["lane_actor_order"] = [top.index(a) if a in top else len(top) for a in frame["main_actor"]]
    frame["place"] = [
        ", ".join(x for x in (city if isinstance(city, str) else "", country_name(iso, lang)) if x)
        for city, iso in zip(ev["city"], ev["country_iso3"])
    ]
    actor_names = ds.actors[f"short_{'ar' if lang == 'ar' else 'en'}"].fillna(ds.actors[f"name_{lang}"])
    people = ds.participation.groupby("event_id")["actor_id"].apply(lambda s: list(dict.fromkeys(s)))
    frame["participants"] = [[actor_names.get(a, a) for a in people.get(eid, [])] for eid in ev.index]
    frame["sources"] = [split_ids(s) for s in ev["source_ids"]]
    named = frame.index.isin(MILESTONES)
    frame["key"] = named if named.any() else frame["kind"].isin(KEY_KINDS)
    if start is not None:
        frame = frame[frame["finish"] >= pd.Timestamp(start)]
    if end is not None:
        frame = frame[frame["start"] <= pd.Timestamp(end)]
    frame.index.name = None
    return frame.sort_values(["start", "finish", "id"])
