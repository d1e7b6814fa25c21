"""Questions about the selection, asked of the dataset: which actor a name means, what kind of
thing an id is, the events of an actor, a process or a place, the actors of an event. Plain ids
in and out (no HTML, no figures), so the Explorer, the views and the lessons share one answer.

>>> import gcm_explore as gx
>>> ds = gx.load_dataset()
>>> find(ds, "المنظمة الدولية للهجرة")
'iom'
>>> "accra_champions" in events_of(ds, "iom")
True
>>> fold("Organisation Internationale pour les Migrations") == fold("ORGANISATION INTERNATIONALE POUR LES MIGRATIONS")
True
"""

from __future__ import annotations

import unicodedata

from .dataset import Dataset
from .i18n import ARABIC_MARKS

__all__ = ["fold", "find", "kind_of", "events_of", "actors_of", "path_nodes", "place_key", "events_at"]

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
    :func:`gcm_explore.model.selection.place_key`); None for an unknown id."""
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



def path_nodes(found: list) -> set[str]:
    """The nodes on the paths ``found`` by :func:`gcm_explore.model.analysis.paths`."""
    return {n for path in found for hop in path for n in (hop["source"], hop["target"])}


def place_key(city: str, iso: str) -> str:
    """The id of an event place on the map (its points' ``customdata``): ``'place:<city>|<ISO3>'``."""
    return f"place:{city}|{iso}"


def events_at(ds: Dataset, key: str) -> list[str]:
    """The ids of the events held at the place ``key`` (see :func:`place_key`), in date order."""
    city, _, iso = key.removeprefix("place:").partition("|")
    ev = ds.events.fillna({"city": ""})
    return ev[(ev["city"] == city) & (ev["country_iso3"] == iso)].sort_values("start").index.tolist()
