"""What the Explorer's detail panel says about a selected actor, process or event, and search.

Pure functions of the dataset: each returns escaped HTML (ipywidgets' HTML widget does not
sanitise) or plain ids, so they are tested without a browser.

>>> import gcm_explore as gx
>>> ds = gx.load_dataset()
>>> find(ds, "المنظمة الدولية للهجرة")
'iom'
>>> "accra_champions" in events_of(ds, "iom")
True
"""

from __future__ import annotations

import unicodedata

import pandas as pd

from ..model.dataset import Dataset, split_ids
from ..model.i18n import ARABIC_MARKS, direction, esc, format_span, t
from ..model.timeline import country_name
from ..model.vocab import ACTOR_TYPES, EVENT_KINDS, PROCESS_KINDS, REGIONS, RELATION_KINDS, ROLES, label
from .map import events_at

__all__ = ["fold", "find", "kind_of", "events_of", "actors_of", "details", "path_details", "path_nodes", "query_state",
           "parse_state"]

_ALEF = str.maketrans("أإآٱ", "اااا")


def fold(text: object) -> str:
    """Text for matching: no case, no accents (é → e), no Arabic short vowels, one form of alef."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = ARABIC_MARKS.sub("", text).translate(_ALEF).replace("ة", "ه").replace("ى", "ي")
    return " ".join(text.casefold().split())


def _names(ds: Dataset) -> list[tuple[str, str]]:
    """(id, name) for every actor, process and event, in both languages and short forms."""
    out = []
    for table, cols in (("actors", ("name_en", "name_ar", "short_en", "short_ar")),
                        ("processes", ("name_en", "name_ar", "short_en", "short_ar")),
                        ("events", ("title_en", "title_ar"))):
        frame = getattr(ds, table)
        for col in cols:
            if col in frame:
                out += [(i, v) for i, v in frame[col].items() if isinstance(v, str) and v]
    return out


def find(ds: Dataset, query: str) -> str | None:
    """The id whose name best matches ``query`` (accent- and diacritic-tolerant), or None.

    An exact name wins, then a name that starts with the query, then the shortest name that
    contains it; actors before processes before events.
    """
    q = fold(query)
    if not q:
        return None
    if q in {fold(i) for i in ds.actors.index} | {fold(i) for i in ds.processes.index}:
        return next(i for i in [*ds.actors.index, *ds.processes.index] if fold(i) == q)
    best = None
    for rank, (node, name) in enumerate(_names(ds)):
        f = fold(name)
        if q not in f:
            continue
        score = (0 if f == q else 1 if f.startswith(q) else 2, len(f), rank)
        if best is None or score < best[0]:
            best = (score, node)
    return best[1] if best else None


def kind_of(ds: Dataset, node: str) -> str | None:
    """'actor', 'process', 'event' or 'place' (a place key of the map, see
    :func:`gcm_explore.views.map.place_key`); None for an unknown id."""
    for kind, frame in (("actor", ds.actors), ("process", ds.processes), ("event", ds.events)):
        if node in frame.index:
            return kind
    if isinstance(node, str) and node.startswith("place:") and events_at(ds, node):
        return "place"
    return None


def events_of(ds: Dataset, node: str) -> set[str]:
    """The events an actor took part in, that belong to a process (and its sub-processes), or
    that were held at a place."""
    if isinstance(node, str) and node.startswith("place:"):
        return set(events_at(ds, node))
    if node in ds.actors.index:
        return set(ds.participation.loc[ds.participation["actor_id"] == node, "event_id"])
    if node in ds.processes.index:
        family = {node} | set(ds.processes.index[ds.processes["parent_id"] == node])
        return set(ds.events.index[ds.events["process_id"].isin(family)])
    return set()


def actors_of(ds: Dataset, event: str) -> set[str]:
    """The actors that took part in an event, and its process."""
    out = set(ds.participation.loc[ds.participation["event_id"] == event, "actor_id"])
    if event in ds.events.index and isinstance(ds.events.at[event, "process_id"], str):
        out.add(ds.events.at[event, "process_id"])
    return out


def _sources(ds: Dataset, ids: list[str], lang: str) -> str:
    items = []
    for sid in ids:
        if sid not in ds.sources.index:
            items.append(f"<li>{esc(sid)}</li>")
            continue
        s = ds.sources.loc[sid]
        bits = [f"<b>{esc(s['title'])}</b>"]
        bits += [esc(s[c]) for c in ("publisher", "doc_symbol") if isinstance(s.get(c), str)]
        if isinstance(s.get("file"), str):
            bits.append(f"{esc(s['file'])}: «{esc(s.get('quote', ''))}»")
        url = s.get("url")
        if isinstance(url, str) and url.startswith(("https://", "http://")):
            bits.append(f"<a href='{esc(url)}' target='_blank' rel='noopener noreferrer'>{esc(url)}</a>")
        items.append("<li>" + " · ".join(bits) + "</li>")
    return f"<h4>{esc(t('sources', lang))}</h4><ul class='gcm-sources'>{''.join(items)}</ul>"


def _list(title: str, rows: list[str]) -> str:
    if not rows:
        return ""
    more = f"<li>… +{len(rows) - 12}</li>" if len(rows) > 12 else ""
    return f"<h4>{esc(title)}</h4><ul>{''.join(f'<li>{r}</li>' for r in rows[:12])}{more}</ul>"


def details(ds: Dataset, node: str, lang: str = "en", metrics: dict | None = None) -> str:
    """The detail panel of an actor, process or event as HTML (everything from data escaped)."""
    other = "ar" if lang == "en" else "en"
    kind = kind_of(ds, node)
    if kind is None:
        return f"<p>{esc(t('select_hint', lang))}</p>"
    parts = []
    if kind == "place":
        evs = ds.events.loc[events_at(ds, node)]
        city, _, iso = node.removeprefix("place:").partition("|")
        parts.append(f"<h3>{esc(', '.join(x for x in (city, country_name(iso, lang)) if x))}</h3>")
        parts.append(_list(t("place_events", lang), [
            f"{esc(format_span(e['start'], e['end'], e['date_precision'], lang))}: {esc(e[f'title_{lang}'])}"
            for _, e in evs.iterrows()]))
        sources = list(dict.fromkeys(s for v in evs["source_ids"] for s in split_ids(v)))
    elif kind == "event":
        e = ds.events.loc[node]
        parts.append(f"<h3>{esc(e[f'title_{lang}'])}</h3><p dir='{direction(other)}'>{esc(e[f'title_{other}'])}</p>")
        parts.append(f"<p>{esc(format_span(e['start'], e['end'], e['date_precision'], lang))} · "
                     f"{esc(label(EVENT_KINDS, e['kind'], lang))}"
                     + (f" · {esc(e['city'])}" if isinstance(e['city'], str) else "") + "</p>")
        if isinstance(e.get(f"description_{lang}"), str):
            parts.append(f"<p>{esc(e[f'description_{lang}'])}</p>")
        part = ds.participation[ds.participation["event_id"] == node]
        parts.append(_list(t("participants", lang), [
            f"{esc(_name(ds, a, lang))} ({esc(label(ROLES, r, lang))})" for a, r in zip(part["actor_id"], part["role"])]))
        sources = split_ids(e["source_ids"])
    else:
        frame = ds.actors if kind == "actor" else ds.processes
        r = frame.loc[node]
        parts.append(f"<h3>{esc(r[f'name_{lang}'])}</h3><p dir='{direction(other)}'>{esc(r[f'name_{other}'])}</p>")
        kind_label = label(ACTOR_TYPES, r["type"], lang) if kind == "actor" else label(PROCESS_KINDS, r["kind"], lang)
        facts = [kind_label]
        if kind == "actor" and isinstance(r.get("region"), str):
            facts.append(t(f"region_{r['region']}", lang) if r["region"] in REGIONS else r["region"])
        if kind == "process":
            facts.append(format_span(r["start"], r["end"], "day", lang))
        parts.append("<p>" + " · ".join(esc(f) for f in facts if f) + "</p>")
        rel = ds.relations[(ds.relations["source"] == node) | (ds.relations["target"] == node)]
        parts.append(_list(t("relations", lang), [
            f"{esc(_name(ds, a, lang))} — {esc(label(RELATION_KINDS, k, lang))} — {esc(_name(ds, b, lang))}"
            for a, k, b in zip(rel["source"], rel["kind"], rel["target"])]))
        evs = ds.events.loc[sorted(events_of(ds, node))].sort_values("start")
        parts.append(_list(t("events", lang), [
            f"{esc(format_span(e['start'], e['end'], e['date_precision'], lang))}: {esc(e[f'title_{lang}'])}"
            for _, e in evs.iterrows()]))
        sources = split_ids(r["source_ids"])
    if metrics:
        parts.append(_list(t("metrics", lang), [
            f"{esc(t(k, lang))}: {esc(round(v, 3) if isinstance(v, float) else v)}" for k, v in metrics.items()]))
    parts.append(_sources(ds, sources, lang))
    return f"<div class='gcm-details' dir='{direction(lang)}'>{''.join(parts)}</div>"


def path_details(ds: Dataset, found: list, a: str, b: str, lang: str = "en") -> str:
    """How ``a`` is linked to ``b``, as HTML: ``found`` is what
    :func:`gcm_explore.model.analysis.paths` gives (the shortest paths, hop by hop; empty if none)."""
    names = {"a": _name(ds, a, lang), "b": _name(ds, b, lang)}
    if not found:
        return f"<div class='gcm-path' dir='{direction(lang)}'><p>{esc(t('no_path', lang, **names))}</p></div>"
    rows = []
    for path in found:
        hops = [f"<b>{esc(_name(ds, path[0]['source'], lang))}</b>"]
        for hop in path:
            kinds = sorted({t(k, lang) if k in ("participated", "took_part", "co_participated", "event_of")
                            else label(RELATION_KINDS, k, lang) for k in (x.get("kind", "") for x in hop["links"]) if k})
            kinds = esc(", ".join(kinds))
            # the link may point the other way: "A ←took part in— B" reads B took part in A
            # (arrows are not mirrored in right-to-left text: in Arabic "forward" points left)
            forward = any(x.get("forward", True) for x in hop["links"]) != (lang == "ar")
            arrow = f"—<i>{kinds}</i>→" if forward else f"←<i>{kinds}</i>—"
            hops.append(f"<bdi>{arrow}</bdi> <b>{esc(_name(ds, hop['target'], lang))}</b>")
        rows.append(" ".join(hops))
    return (f"<div class='gcm-path' dir='{direction(lang)}'><h4>{esc(t('path_title', lang, **names))}</h4>"
            f"<ol>{''.join(f'<li>{r}</li>' for r in rows)}</ol></div>")


def path_nodes(found: list) -> set[str]:
    """The nodes on the paths ``found`` by :func:`gcm_explore.model.analysis.paths`."""
    return {n for path in found for hop in path for n in (hop["source"], hop["target"])}


def _name(ds: Dataset, node: str, lang: str) -> str:
    try:
        return ds.label(node, lang)
    except KeyError:
        return node


def query_state(**state) -> str:
    """A URL query for the Explorer's state (empty values left out)."""
    from urllib.parse import urlencode

    return urlencode({k: (",".join(map(str, v)) if isinstance(v, (list, tuple, set)) else v)
                      for k, v in state.items() if v not in (None, "", (), [], set(), 0)})


def parse_state(query: str | None) -> dict:
    """The Explorer's state from a URL query (unknown keys and bad values ignored).

    >>> parse_state("lang=ar&range=2017-04,2018-07&objective=5&layer=champion&connect=iom&select=gcm")
    ... # doctest: +NORMALIZE_WHITESPACE
    {'lang': 'ar', 'as_range': (Timestamp('2017-04-01 00:00:00'), Timestamp('2018-07-01 00:00:00')),
     'select': 'gcm', 'connect': 'iom', 'objective': 5, 'layer': 'champion'}
    """
    from urllib.parse import parse_qs

    from .map import LAYERS

    raw = {k: v[-1] for k, v in parse_qs((query or "").lstrip("?")).items()}
    state = {}
    if raw.get("lang") in ("en", "ar"):
        state["lang"] = raw["lang"]
    if "date" in raw:
        try:
            state["as_of"] = pd.Timestamp(raw["date"])
        except (ValueError, TypeError):
            pass
    if "range" in raw:
        try:
            start, end = (pd.Timestamp(x) for x in raw["range"].split(","))
            state["as_range"] = (min(start, end), max(start, end))
        except (ValueError, TypeError):
            pass
    for key in ("select", "region", "connect", "process"):
        if raw.get(key):
            state[key] = raw[key]
    if raw.get("types"):
        state["types"] = [x for x in raw["types"].split(",") if x in ACTOR_TYPES or x == "process"]
    if raw.get("hops", "").isdigit():
        state["hops"] = min(int(raw["hops"]), 3)
    if raw.get("objective", "").isdigit():
        state["objective"] = int(raw["objective"])
    if raw.get("layer") in LAYERS:
        state["layer"] = raw["layer"]
    return state
