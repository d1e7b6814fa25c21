"""HTML from the data: the detail panel of an actor, process, event or place, the path between
two, the sources with their links, the parts of a story step's slide, the key to the links'
colours. Everything from the data is escaped (ipywidgets' HTML widget does not sanitise), and
only http(s) addresses become links.

>>> import gcm_explore as gx
>>> "المنظمة الدولية للهجرة" in details(gx.load_dataset(), "iom", "ar")
True
"""

from __future__ import annotations

import re

from ..model.dataset import Dataset, split_ids
from ..model.i18n import direction, esc, format_span, t
from ..model.selection import events_at, events_of, kind_of
from ..model.story import step_actors, step_date, step_title
from ..model.timeline import country_name
from ..model.vocab import ACTOR_TYPES, EVENT_KINDS, PROCESS_KINDS, REGIONS, RELATION_KINDS, ROLES, label

__all__ = ["details", "path_details", "external_link", "source_list", "source_links", "story_step", "edge_key_html", "node_key_html", "event_key_html",
           "KEY_MARKS"]

WEB = re.compile(r"^https?://\S+$", re.IGNORECASE)


def external_link(url: object, text: str, new_tab: bool = True) -> str | None:
    """``<a>`` to ``url`` showing ``text`` (already escaped), or None unless ``url`` is an http(s)
    address: the one rule for every link from the data (panels, slides, TimelineJS, the offline page).

    >>> external_link("https://un.org/a?b=1&c=2", "UN")
    "<a href='https://un.org/a?b=1&amp;c=2' target='_blank' rel='noopener noreferrer'>UN</a>"
    >>> external_link("javascript:alert(1)", "x") is None
    True
    """
    if not isinstance(url, str) or not WEB.match(url.strip()):
        return None
    target = " target='_blank' rel='noopener noreferrer'" if new_tab else ""
    return f"<a href='{esc(url.strip())}'{target}>{text}</a>"


def source_links(ds: Dataset, ids, new_tab: bool = True) -> list[str]:
    """Each source as its title (escaped), linked to its address when it has a web one."""
    out = []
    for sid in ids:
        src = ds.sources.loc[sid] if sid in ds.sources.index else None
        title = esc(src["title"] if src is not None and isinstance(src["title"], str) else sid)
        out.append(external_link(src.get("url") if src is not None else None, title, new_tab) or title)
    return out


def source_list(ds: Dataset, ids: list[str], lang: str) -> str:
    """The sources of a detail panel: title, publisher, symbol, a seed's quote and the address, linked."""
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
        link = external_link(s.get("url"), esc(s.get("url")))
        if link:
            bits.append(link)
        items.append("<li>" + " · ".join(bits) + "</li>")
    return f"<h4>{esc(t('sources', lang))}</h4><ul class='gcm-sources'>{''.join(items)}</ul>"


def story_step(ds: Dataset, row, lang: str, new_tab: bool = True) -> dict[str, str]:
    """The parts of the slide of a story step (a row of :func:`~gcm_explore.model.story.read_story`),
    escaped HTML: ``title``, ``date``, ``caption``, ``events``, ``actors``, ``sources``. The Presenter
    and the slide deck lay out the same parts."""
    ids = row["event_ids"]
    sep = "، " if lang == "ar" else ", "
    return dict(
        title=esc(step_title(ds, ids, lang)), date=esc(step_date(ds, ids, lang)),
        caption=esc(row[f"caption_{lang}"]),
        events=" · ".join(f"<bdi>{esc(x)}</bdi>" for x in ds.events.loc[ids, f"title_{lang}"]),
        actors=esc(sep.join(step_actors(ds, ids, lang))),
        sources=" · ".join(f"<bdi>{x}</bdi>" for x in source_links(ds, row["source_ids"], new_tab)),
    )


#: The marks of the keys, for the marker symbols of :func:`~gcm_explore.views.network.category_style`
#: (a link's key is a square).
KEY_MARKS = {"circle": "●", "diamond": "◆", "triangle-up": "▲", "square": "■"}


def _key(css: str, title_key: str, key: list[tuple[str, str, str]], lang: str) -> str:
    """A key beside a plot: (label, colour, marker symbol) for each entry."""
    items = "".join(f"<span><i style='color:{colour}'>{KEY_MARKS.get(symbol, '●')}</i> {esc(name)}</span>"
                    for name, colour, symbol in key)
    return f"<div class='{css}' dir='{direction(lang)}'><b>{esc(t(title_key, lang))}:</b> {items}</div>" if items else ""


def edge_key_html(key: list[tuple[str, str]], lang: str) -> str:
    """The key to the colours of the network's links (``key``: :func:`~gcm_explore.views.network.edge_key`)."""
    return _key("gcm-edge-key", "edge_legend", [(name, colour, "square") for name, colour in key], lang)


def node_key_html(key: list[tuple[str, str, str]], lang: str) -> str:
    """The key to the colours and shapes of the network's nodes (``key``:
    :func:`~gcm_explore.views.network.node_key`), beside the plot instead of a legend inside it."""
    return _key("gcm-node-key", "node_legend", key, lang)


def event_key_html(key: list[tuple[str, str]], lang: str) -> str:
    """The key to the colours of the timeline's event families (``key``:
    :func:`~gcm_explore.views.timeline.family_key`), beside the plot instead of a legend inside it."""
    return _key("gcm-event-key", "event_legend", [(name, colour, "circle") for name, colour in key], lang)


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
    parts.append(source_list(ds, sources, lang))
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


def _name(ds: Dataset, node: str, lang: str) -> str:
    try:
        return ds.label(node, lang)
    except KeyError:
        return node


