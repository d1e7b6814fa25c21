"""The map: Member States coloured by their vote, withdrawal, Champion status or region, and event places.

Works offline: country boundaries ship with the package (``_geo/countries.geojson``, Natural
Earth via world-atlas, see ``_geo/README.md``) and every base layer that plotly.js would fetch
from its CDN is off. plotly.js also fetches its base map when the *first* geo trace has a
``locationmode`` (a choropleth always has one), so trace 0 is an empty ``Scattergeo``.

>>> import gcm_explore as gx
>>> fig = gx.map_figure(gx.load_dataset(), layer="vote", lang="ar")
>>> fig.data[0].type, [tr.name for tr in fig.data[1:5]]
('scattergeo', ['صوّتت مؤيدة', 'صوّتت معارضة', 'امتنعت عن التصويت', 'لم تشارك في التصويت'])
"""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from ..model.dataset import Dataset, split_ids
from ..model.i18n import esc, format_date, t
from ..model.selection import place_key
from ..model.vocab import REGIONS, VOTE_ROLES, check_lang
from .style import FONT, PALETTE, base_layout

__all__ = ["map_figure", "map_spec", "LAYERS", "boundaries", "places", "DISCLAIMER"]

GEO = Path(__file__).resolve().parent / "_geo"
LAYERS = ("vote", "withdrawal", "champion", "region", "events")
VOTE_EVENT = "res_73_195"
VOTES = VOTE_ROLES
NO_DATA, OTHER_AREA = "#EEEEEE", "#F7F7F7"
#: In the sparse layers, states whose bounding box is under this many square degrees also get a dot.
SMALL_AREA = 10
SPARSE = ("withdrawal", "champion")
#: Events held in a state: bins of the ``events`` layer, light to dark (sequential, colour-blind safe).
EVENT_BINS = ((1, 1, "#C6DBEF"), (2, 4, "#6BAED6"), (5, 19, "#2171B5"), (20, None, "#08306B"))
DISCLAIMER = (
    "The boundaries and names shown and the designations used on this map do not imply official "
    "endorsement or acceptance by the United Nations.",
    "الحدود والأسماء المبينة والتسميات المستخدمة في هذه الخريطة لا تعني إقرارها أو قبولها رسميًا من جانب الأمم المتحدة.",
)
@cache
def boundaries() -> dict:
    """The bundled GeoJSON: one feature per country, ``id`` its ISO 3166-1 alpha-3 code."""
    return json.loads((GEO / "countries.geojson").read_text(encoding="utf-8"))


@cache
def places() -> dict[tuple[str, str], tuple[float, float]]:
    """``{(city, iso3): (lat, lon)}`` of the event cities (GeoNames, see ``_geo/README.md``)."""
    with (GEO / "places.csv").open(encoding="utf-8", newline="") as fh:
        return {(r["city"], r["country_iso3"]): (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)}


@cache
def _small_states() -> tuple[frozenset, frozenset]:
    """States taken from a finer scale than 1:110m (too small to see), and states smaller than 10 square degrees."""
    tiny, small = set(), set()
    for f in boundaries()["features"]:
        polys = [f["geometry"]["coordinates"]] if f["geometry"]["type"] == "Polygon" else f["geometry"]["coordinates"]
        xs, ys = zip(*(p for poly in polys for p in poly[0]))
        if f["properties"]["scale"] != "1:110m":
            tiny.add(f["id"])
        elif (max(xs) - min(xs)) * (max(ys) - min(ys)) < SMALL_AREA:
            small.add(f["id"])
    return frozenset(tiny), frozenset(small)


def _sources(ids, lang: str, limit: int = 6) -> str:
    ids = list(dict.fromkeys(i for i in ids if i))
    if not ids:
        return ""
    more = f" {t('more', lang, n=len(ids) - limit)}" if len(ids) > limit else ""
    return f"<br>{t('sources', lang)}: {esc(', '.join(ids[:limit]))}{more}"


def _classify(ds: Dataset, states: pd.DataFrame, layer: str, lang: str, as_of) -> tuple[list, dict, dict, str]:
    """Categories ``[(key, label, colour)]``, ``{iso3: key}``, ``{iso3: hover text}`` and the legend title."""
    cats, value, text = [], {}, {}
    by_actor = dict(zip(states["id"], states["iso3"]))
    if layer == "vote":
        # a package without the vote (another record) shows every state as "no record"
        held = as_of is None or VOTE_EVENT not in ds.events.index or ds.events.at[VOTE_EVENT, "start"] <= as_of
        colours = dict(zip(VOTES, (PALETTE[0], PALETTE[5], PALETTE[1], "#AAAAAA")))
        cats = [(k, t(k, lang), colours[k]) for k in VOTES] + [("none", t("no_record" if held else "not_yet", lang), NO_DATA)]
        votes = ds.participation[(ds.participation.event_id == VOTE_EVENT) & ds.participation.role.isin(VOTES)]
        for row in votes.itertuples() if held else ():
            if row.actor_id in by_actor:
                iso = by_actor[row.actor_id]
                value[iso] = row.role
                text[iso] = t(row.role, lang) + _sources([row.source_id], lang)
        return cats, value, text, t("vote_legend", lang)
    if layer == "withdrawal":
        events = ds.events[(ds.events.kind == "withdrawal") & (ds.events.start <= as_of if as_of is not None else True)]
        events = events.sort_values("start")
        p = ds.participation
        who = p[p.event_id.isin(events.id) & p.actor_id.isin(by_actor) & (p.role == "withdrew")]
        first = {}
        for row in who.itertuples():
            first.setdefault(row.actor_id, []).append(row)
        ev = events.set_index("id")
        years = []
        for actor, rows in first.items():
            rows.sort(key=lambda r: ev.loc[r.event_id, "start"])
            iso, e = by_actor[actor], ev.loc[rows[0].event_id]
            years.append(e["start"].year)
            value[iso] = f"y{e['start'].year}"
            lines = [f"{format_date(ev.loc[r.event_id, 'start'], ev.loc[r.event_id, 'date_precision'], lang)}: "
                     f"{esc(ev.loc[r.event_id, f'title_{lang}'])}" for r in rows]
            text[iso] = "<br>".join(lines) + _sources(
                [r.source_id for r in rows] + [s for r in rows for s in split_ids(ev.loc[r.event_id, "source_ids"])], lang)
        shades = [PALETTE[5], PALETTE[1], PALETTE[3], PALETTE[8], PALETTE[7]]
        cats = [(f"y{y}", t("withdrew", lang, year=y), shades[i % len(shades)]) for i, y in enumerate(sorted(set(years)))]
        return cats + [("none", t("no_withdrawal", lang), NO_DATA)], value, text, t("withdrawal_legend", lang)
    if layer == "champion":
        rel = ds.relations
        champ = rel[rel.kind == "champion_of"]
        targets = set(champ.target)
        co = rel[(rel.kind == "co_chairs") & rel.target.isin(targets)]
        if as_of is not None:
            champ, co = champ[champ.start <= as_of], co[co.start <= as_of]
        roles = {}
        for frame, key, since in ((champ, "champion", "champion_since"), (co, "co_chair", "co_chair_since")):
            for row in frame[frame.source.isin(by_actor)].itertuples():
                iso = by_actor[row.source]
                roles.setdefault(iso, []).append((key, t(since, lang, date=format_date(
                    row.start, getattr(row, "start_precision", "day") or "day", lang)), row.source_id))
        for iso, items in roles.items():
            keys = {k for k, _, _ in items}
            value[iso] = "champion_co_chair" if len(keys) == 2 else keys.pop()
            text[iso] = "<br>".join(s for _, s, _ in items) + _sources([s for _, _, s in items], lang)
        cats = [("champion", t("champion", lang), PALETTE[2]), ("champion_co_chair", t("champion_co_chair", lang), PALETTE[7]),
                ("co_chair", t("co_chair", lang), PALETTE[3]), ("none", t("not_champion", lang), NO_DATA)]
        proc = ds.processes.set_index("id")
        title = esc(proc.loc[sorted(targets)[0], f"name_{lang}"]) if targets and sorted(targets)[0] in proc.index else ""
        return cats, value, text, title
    if layer == "region":
        for row in states.itertuples():
            value[row.iso3] = row.region if row.region in REGIONS else "none"  # another package's own regions
            sub = f" ({esc(row.subregion)})" if lang == "en" and isinstance(row.subregion, str) else ""
            text[row.iso3] = esc(t(f"region_{row.region}", lang) if row.region in REGIONS else row.region) + sub + \
                _sources([s for s in split_ids(row.source_ids) if "m49" in s], lang)
        cats = [(r, t(f"region_{r}", lang), PALETTE[i]) for i, r in enumerate(REGIONS)]
        return cats + [("none", t("no_data", lang), NO_DATA)], value, text, t("region_legend", lang)
    # events: how many events each state hosted (country_iso3 of the event)
    events = _events(ds, as_of)
    for iso, group in events.groupby("country_iso3"):
        n = len(group)
        for low, high, _ in EVENT_BINS:
            if n >= low and (high is None or n <= high):
                value[iso] = f"bin_{low}"
        text[iso] = t("n_events", lang, n=n)
    cats = [(f"bin_{low}", t(f"bin_{low}", lang), colour) for low, _, colour in EVENT_BINS]
    return cats + [("none", t("no_event", lang), NO_DATA)], value, text, t("events_legend", lang)


def _events(ds: Dataset, as_of) -> pd.DataFrame:
    ev = ds.events[ds.events.country_iso3.notna() & (ds.events.country_iso3 != "")]
    return ev[ev.start <= as_of] if as_of is not None else ev


def _place_trace(ds: Dataset, lang: str, as_of, centroids: dict, highlight=()) -> dict:
    known, rows, groups = places(), [], {}
    ev = _events(ds, as_of).sort_values("start", kind="stable")
    for city, iso, start, precision, title, source_ids in zip(ev["city"].fillna(""), ev["country_iso3"], ev["start"],
                                                              ev["date_precision"], ev[f"title_{lang}"], ev["source_ids"]):
        groups.setdefault((city, iso), []).append((start, precision, title, source_ids))
    for (city, iso), group in sorted(groups.items()):
        at = known.get((city, iso)) or (tuple(reversed(centroids[iso])) if iso in centroids else None)
        if at is None:
            continue
        lines = [f"{format_date(start, precision, lang)}: {esc(title)}" for start, precision, title, _ in group[:8]]
        if len(group) > 8:
            lines.append(t("more", lang, n=len(group) - 8))
        name = esc(city) if (city, iso) in known else f"{esc(iso)} ({t('centroid', lang)})"
        hover = f"<b>{name}</b><br>{t('n_events', lang, n=len(group))}<br>" + "<br>".join(lines) + \
            _sources([s for *_, v in group for s in split_ids(v)], lang)
        rows.append((at[0], at[1], len(group), hover, place_key(city, iso)))
    lat, lon, n, hover, keys = (list(c) for c in zip(*rows)) if rows else ([], [], [], [], [])
    marked = set(highlight)
    return dict(type="scattergeo", lat=lat, lon=lon, mode="markers", name=t("places", lang), hovertext=hover,
                hoverinfo="text", customdata=keys, meta=n,
                marker=dict(size=[6 + 4 * k ** 0.5 for k in n], color=PALETTE[5], opacity=0.85,
                            line=dict(color=["#000000" if k in marked else "white" for k in keys],
                                      width=[3 if k in marked else 1 for k in keys])), legendrank=2000)


def _collection(features: dict, ids: list) -> dict:
    # each trace carries the shapes it draws only: the figure holds every shape once
    return {"type": "FeatureCollection", "features": [features[i] for i in ids]}


def map_spec(ds: Dataset, layer: str = "vote", lang: str = "en", as_of=None, highlight=()) -> dict:
    """Member States coloured by ``layer``, with the source of every value in the hover, as a
    Plotly figure dict; :func:`map_figure` gives it as a ``go.Figure``.

    layer : 'vote' (on A/RES/73/195), 'withdrawal' (withdrawals and dissociations, by year),
        'champion' (Champion countries and co-chairs, with since when), 'region' (UN M49) or
        'events' (events held in each state, and the event places as markers sized by count).
    lang : 'en' or 'ar'. as_of : a date; only what happened up to then is shown.
    highlight : ISO3 codes or actor ids of states, or place keys (:func:`place_key`), drawn
        with a thick outline.

    Trace 0 is an empty ``Scattergeo`` (keeps plotly.js from fetching its base map), then one
    choropleth per legend entry (its ``locations`` and ``customdata`` ISO3 codes), then the
    areas that are not Member States, then dots for states too small to see (and, in the sparse
    layers, for small states with a value), then (layer 'events') the event places (their
    ``customdata`` place keys, their ``meta`` the number of events).

    >>> import gcm_explore as gx
    >>> spec = map_spec(gx.load_dataset(), layer="events", as_of="2018-12-31")
    >>> spec["data"][-1]["name"], "place:Marrakech|MAR" in spec["data"][-1]["customdata"]
    ('Event places (size: number of events)', True)
    """
    if layer not in LAYERS:
        raise ValueError(f"{layer!r} is not a valid value for `layer`. Valid values are: {', '.join(map(repr, LAYERS))}.")
    check_lang(lang)
    as_of = pd.Timestamp(as_of) if as_of is not None else None
    geo = boundaries()
    features = {f["id"]: f for f in geo["features"]}
    centroids = {f["id"]: f["properties"]["centroid"] for f in geo["features"]}
    tiny_states, small_states = _small_states()
    states = ds.actors[ds.actors.type == "state"].dropna(subset=["iso3"])
    marked = {states.set_index("id").iso3.get(h, h) for h in highlight}
    cats, value, text, legend_title = _classify(ds, states, layer, lang, as_of)
    names = dict(zip(states.iso3, states[f"name_{lang}"].where(states[f"name_{lang}"].notna(), states.name_en)))
    label = {k: (lab, colour) for k, lab, colour in cats}
    hover = {iso: f"<b>{esc(names[iso])}</b><br>{text.get(iso, label[value.get(iso, 'none')][0])}" for iso in names}

    traces = [dict(type="scattergeo", lat=[], lon=[], mode="markers", showlegend=False, hoverinfo="skip", name="offline")]
    for key, lab, colour in cats:
        locs = sorted(iso for iso in names if value.get(iso, "none") == key)
        traces.append(dict(
            type="choropleth", geojson=_collection(features, locs), featureidkey="id", locations=locs, z=[0] * len(locs),
            name=lab, legendgroup=key, showlegend=bool(locs), colorscale=[[0, colour], [1, colour]], zmin=0, zmax=1,
            showscale=False, hovertext=[hover[i] for i in locs], hoverinfo="text", customdata=locs,
            marker=dict(line=dict(color=["#000000" if i in marked else "#FFFFFF" for i in locs],
                                  width=[2.5 if i in marked else 0.5 for i in locs]))))
    # after the states: Natural Earth's 1:110m Morocco overlaps Western Sahara, drawn on top as elsewhere
    others = [f["id"] for f in geo["features"] if f["id"] not in names]
    traces.append(dict(type="choropleth", geojson=_collection(features, others), featureidkey="id", locations=others,
                       z=[0] * len(others), name=t("other_area", lang), colorscale=[[0, OTHER_AREA], [1, OTHER_AREA]],
                       showscale=False, hoverinfo="skip", marker=dict(line=dict(color="#CCCCCC", width=0.4)),
                       showlegend=False))
    tiny = sorted(iso for iso in names if iso in tiny_states or (
        layer in SPARSE and iso in small_states and value.get(iso, "none") != "none"))
    traces.append(dict(
        type="scattergeo", lat=[centroids[i][1] for i in tiny], lon=[centroids[i][0] for i in tiny], mode="markers",
        showlegend=False, name="small states", hovertext=[hover[i] for i in tiny], hoverinfo="text", customdata=tiny,
        marker=dict(size=6, color=[label[value.get(i, "none")][1] for i in tiny],
                    line=dict(color=["#000000" if i in marked else "#666666" for i in tiny], width=0.6))))
    if layer == "events":
        traces.append(_place_trace(ds, lang, as_of, centroids, highlight))

    when = t("when", lang, date=format_date(as_of, "day", lang)) if as_of is not None else ""
    if layer == "vote" and VOTE_EVENT in ds.events.index:
        ev = ds.events.loc[VOTE_EVENT]
        title = t("vote_title", lang, doc="\u2066" + (split_ids(ev["doc_symbol"]) or [VOTE_EVENT])[0] + "\u2069", date=format_date(ev["start"], ev["date_precision"], lang))
    elif layer == "vote":
        title = t("layer_vote", lang)
    else:
        title = t(f"{layer}_title", lang, when=when) if layer != "region" else t("region_title", lang)
    layout = base_layout(lang, title)
    layout["legend"].update(title=dict(text=f"<b>{legend_title}</b>", side="top center"), orientation="h", y=0,
                            yanchor="top", x=0.5, xanchor="center", bgcolor="rgba(0,0,0,0)")
    layout["title"].update(yref="container", y=1, yanchor="top", pad=dict(t=34))  # below the mode bar
    layout.update(margin=dict(l=10, r=10, t=70, b=120), height=660, dragmode="pan", meta={"layer": layer, "lang": lang})
    layout["geo"] = dict(projection=dict(type="natural earth"), showland=False, showocean=False, showcoastlines=False,
                         showcountries=False, showlakes=False, showrivers=False, showsubunits=False, showframe=False,
                         bgcolor="white", lataxis=dict(range=[-57, 84]))
    layout["annotations"] = [dict(text=DISCLAIMER[1 if lang == "ar" else 0], showarrow=False, xref="paper", yref="paper",
                                  x=1 if lang == "ar" else 0, xanchor="right" if lang == "ar" else "left", y=0,
                                  yanchor="top", yshift=-98, font=dict(size=10, color="#555555", family=FONT))]
    return dict(data=traces, layout=layout)


def map_figure(ds: Dataset, layer: str = "vote", lang: str = "en", as_of=None, highlight=()) -> go.Figure:
    """The map of :func:`map_spec` (see it for the parameters) as a ``go.Figure``, checked by Plotly.

    >>> import gcm_explore as gx
    >>> fig = gx.map_figure(gx.load_dataset(), layer="events", as_of="2018-12-31")
    >>> fig.data[-1].name
    'Event places (size: number of events)'
    """
    return go.Figure(map_spec(ds, layer, lang, as_of, highlight))
