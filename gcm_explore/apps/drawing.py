"""What the Explorer draws for an :class:`~gcm_explore.apps.state.ExplorerState`, and the caches
that make a move of the date slider cheap: the network of every month, the layout of the full
network (computed once, so a node keeps its place whatever is filtered), the timeline's events
per language and filters, and the network view's JSON per graph, language and highlight.

No widgets: :class:`Drawing` takes a state and gives figure specs (or their JSON) and HTML.

>>> import gcm_explore as gx
>>> from gcm_explore.apps.state import ExplorerState
>>> ds = gx.load_dataset()
>>> drawing = Drawing(ds)
>>> s = ExplorerState.start(ds).changed(ds, as_of="2017-06-30", select="iom")
>>> kind, on_network, on_timeline = drawing.highlights(s)
>>> kind, "iom" in on_network, len(on_timeline) > 5
('actor', True, True)
"""

from __future__ import annotations

import dataclasses
import weakref

import networkx as nx
import numpy as np
import pandas as pd

from ..model.analysis import drop_voters, ego, filter_nodes, node_metrics, only_voted, paths
from ..model.anygraph import GraphColumns, edge_list, node_label
from ..model.dataset import Dataset
from ..model.dated import DatedNetwork
from ..model.i18n import direction, esc, format_date, t
from ..model.layout import group_blocks, layout
from ..model.network import build_network
from ..model.selection import actors_of, events_of, kind_of, place_key
from ..model.timeline import timeline_frame
from ..model.vocab import ACTOR_TYPES, REGIONS
from ..views.map import VOTE_EVENT, map_spec
from ..views.network import network_spec
from ..views.style import (
    NETWORK_AREA,
    NETWORK_MARGIN,
    TIMELINE_AREA,
    TIMELINE_MARGIN,
    VIEW_HEIGHT,
    node_categories,
    plot_only,
)
from ..views.timeline import mark_as_of, timeline_hovers, timeline_spec
from .plotwidget import packed_json
from .state import ExplorerState, months_of

__all__ = ["Drawing", "HEIGHT", "MAP_HEIGHT"]

#: Height of the network and timeline views in pixels.
HEIGHT = VIEW_HEIGHT
#: Height of the map view in pixels.
MAP_HEIGHT = 520
#: The network labels the highlighted nodes and, of these many largest nodes, those with room.
N_LABELS = 24
#: Label the highlighted events on the timeline only when there are this few of them.
MAX_LABELLED = 6
#: How many maps (layer, language, date and marks) are kept for a later move.
MAPS_KEPT = 16
#: Map layers that change with the date.
DATED_LAYERS = ("withdrawal", "champion", "events")


class Drawing:
    """The Explorer's views of one dataset, computed for a state and kept for the next."""

    def __init__(self, ds: Dataset):
        self.ds = ds
        self.months = months_of(ds)
        self.dated = DatedNetwork(ds)  # the tables read once: each month's network costs only its own graph
        self.full = self.dated.at()
        first: dict = {}
        #: for each month, the first of the months with its network (no date of the record between
        #: them): they share its graph and its drawing
        self.same = [first.setdefault(self.dated.epoch(m + pd.offsets.MonthEnd(0)), i) for i, m in enumerate(self.months)]
        # computed once: stable positions for every filtered view. The Member States that only
        # voted are left out of the layout (by default they are not drawn, and the actors that did
        # something fill the plot); shown, they stand in a block per region under it.
        voters = only_voted(self.full)
        self.pos = layout(drop_voters(self.full))
        top = min((y for _, y in self.pos.values()), default=-1.0) - 0.12
        regions = {r: sorted((n for n in voters if self.full.nodes[n].get("region") == r),
                             key=lambda n: node_label(self.full, n)) for r in (*REGIONS, "")}
        blocks, self.heads = group_blocks(regions, top)
        self.pos_all = {**self.pos, **blocks}
        self.categories = node_categories(self.full)
        self.type_keys = sorted({d.get("type") for _, d in self.full.nodes(data=True)} & set(ACTOR_TYPES))
        self._events_annotated = None  # built on first use by event_attrs
        self._graphs: dict = {}  # the network per month (or pair of months) and Member States shown, built once
        self._voters: dict = {}  # the Member States that only voted, per month (or pair of months)
        self._graphs_of: dict = {}  # the networkx graph of columns of _graphs, built when asked (see graph)
        self._bare = weakref.WeakSet()  # those graphs not yet annotated (see graph)
        self._frames: dict[str, pd.DataFrame] = {}  # the timeline's events with their hovers, per language
        self._timelines: dict = {}  # the timeline per language, filters and selection (any date)
        self._networks: dict = {}  # the network view's JSON per graph, language and highlight
        self._map_key = None  # what the map shows: it is sent only when that changes
        self._maps: dict = {}  # the map view's JSON per layer, language, date shown and marks

    @property
    def event_attrs(self) -> dict:
        """Each event's processes (with their parents) and objectives, for filtering the timeline:
        built when a process or objective filter is first used, not at start-up."""
        if self._events_annotated is None:
            self._events_annotated = {n: d for n, d in self.dated.at(include_events=True).nodes(data=True)
                                      if d.get("kind") == "event"}
        return self._events_annotated

    def warm(self, lang: str) -> None:
        """Build what the first moves of the slider would build (see :meth:`Explorer.warm`)."""
        start = ExplorerState.start(self.ds, lang)
        for month in range(len(self.months)):
            self.prepare(dataclasses.replace(start, month=month))
        for other in ("en", "ar"):
            self.frame(other)
        self.event_attrs  # noqa: B018 - built now, for the process and objective filters

    def prepare(self, s: ExplorerState) -> None:
        """Build now what drawing ``s`` builds first and keeps: its network and the network view's
        JSON. Drawing ``s`` then only sends them (the Explorer prepares the months next to the one
        shown while the kernel is idle)."""
        G = self.drawn(s)
        self.network_json(G, s, self.highlights(s)[1] & set(G.nodes))

    def is_prepared(self, s: ExplorerState) -> bool:
        """Whether drawing ``s`` only sends what :meth:`prepare` built (its network is built, with its
        figure for the state's language, filters and selection)."""
        if not self.is_built(s):
            return False
        G = self.drawn(s)
        return self._network_key(G, s, self.highlights(s)[1] & set(G.nodes))[0] in self._networks

    def month_graph(self, month: int):
        """The network up to the end of month ``month`` (an index into :attr:`months`), every Member
        State in it (shared with the months of :attr:`same`: its ``as_of`` is the first's)."""
        return self._built(self.same[month], None)

    def _when(self, s: ExplorerState):
        """What the state's network is kept by: the range's pair of months, or the first month with its month's network."""
        return s.span if s.window else self.same[s.month]

    def _built(self, when, window, keep: frozenset | None = None):
        """The network of month ``when`` (or of ``window``, its pair of months ``when``): every
        Member State in it, or with ``keep`` none of those that only voted but those of ``keep``.
        Built once; the Member States that only voted are counted on the first."""
        key = _graph_key(when, keep)
        if key not in self._graphs:
            if window is None and keep is not None:  # made without the Member States that only voted, as
                # columns: the view draws them; the networkx graph is built when a filter or path asks (see graph)
                self._graphs[key], self._voters[when] = self.dated.active_columns(self.months[when] + pd.offsets.MonthEnd(0), keep)
            else:
                G = (self.dated.at(self.months[when] + pd.offsets.MonthEnd(0)) if window is None
                     else build_network(self.ds, window=window))
                if when not in self._voters:
                    self._voters[when] = only_voted(G)
                if keep is not None:  # in place: a copy of the window's graph would cost more than building it
                    G.remove_nodes_from(self._voters[when] - keep)
                self._graphs[key] = nx.freeze(G)  # kept and shared: nothing changes it (its edges are read once)
        return self._graphs[key]

    def frame(self, lang: str) -> pd.DataFrame:
        """The timeline's events with their hovers in ``lang``."""
        if lang not in self._frames:
            self._frames[lang] = timeline_hovers(timeline_frame(self.ds, lang=lang), lang)
        return self._frames[lang]

    def dated_graph(self, s: ExplorerState):
        """The network of the state's date or window, every Member State in it."""
        return self._built(self._when(s), s.window)

    def voters(self, s: ExplorerState) -> set:
        """The Member States whose only part up to the state's date (or in its window) is a vote."""
        when = self._when(s)
        if when not in self._voters:
            self._built(when, s.window, keep=frozenset())
        return self._voters[when]

    def base_graph(self, s: ExplorerState):
        """The network of the state's date or window with the Member States it shows, before its filters:
        built once, and kept (see :meth:`is_built`); a month without those that only voted as columns (see :meth:`graph`)."""
        if s.states != "active":
            return self.dated_graph(s)
        when = self._when(s)
        G = self._built(when, s.window, keep=frozenset())
        if keep := frozenset({s.selected, s.target} & self._voters[when]):  # the selection is always drawn
            G = self._built(when, s.window, keep=keep)
        return G

    def is_built(self, s: ExplorerState) -> bool:
        """Whether the network of the state's date or window, with the Member States it shows
        (those that only voted or not), is built: drawing ``s`` then only draws it."""
        return _graph_key(self._when(s), frozenset() if s.states == "active" else None) in self._graphs

    def drawn(self, s: ExplorerState):
        """What the network view draws for the state: :meth:`graph`, or with no filter and no
        neighbourhood, :meth:`base_graph` as it is kept (a month's columns: no networkx graph built)."""
        base = self.base_graph(s)
        if any(s.filters) or (s.hops and s.selected in base.nodes):
            return self.graph(s)
        return base

    def graph(self, s: ExplorerState) -> nx.MultiDiGraph:
        """The network the state shows, as a networkx graph: its date or window, the Member States
        it shows, its filters, the selection's neighbourhood."""
        G = self.base_graph(s)
        if isinstance(G, GraphColumns):  # its graph built once, and annotated only if a filter reads it
            if G not in self._graphs_of:
                self._bare.add(self._graphs_of.setdefault(G, nx.freeze(G.to_graph())))
            G = self._graphs_of[G]
        if any(s.filters):
            if G in self._bare:  # the process and objective filters read what annotate sets
                self.dated.annotate(G)
                self._bare.discard(G)
            types = set(s.types) | {"process"} if s.types else None
            G = filter_nodes(G, types=types, regions=[s.region] if s.region else None,
                             processes=s.process or None, objectives=s.objective or None)
        if s.hops and s.selected in G:
            G = ego(G, s.selected, hops=s.hops)
        return G

    def highlights(self, s: ExplorerState) -> tuple[str | None, set, set]:
        """The selection's kind, the nodes to highlight on the network and the events on the timeline."""
        node = s.selected
        kind = kind_of(self.ds, node) if node is not None else None
        if kind == "event":
            return kind, actors_of(self.ds, node), {node}
        if kind is None:
            return kind, set(), set()
        events = events_of(self.ds, node)
        if kind == "place":
            return kind, set().union(*(actors_of(self.ds, e) for e in events)), events
        return kind, {node}, events

    def path(self, G, s: ExplorerState) -> list:
        """The shortest paths from the selection to the "connect to" target in ``G`` (at most 3)."""
        a, b = s.selected, s.target
        return paths(G, a, b, max_paths=3) if a in G and b in G else []

    def network_json(self, G, s: ExplorerState, highlight: set) -> tuple[bytes, bytes]:
        """The network view's figure as the view sends it (``packed_json``), ``(data, layout)``, kept
        for the graph, the language and the highlight: moving back to a date, or through the months
        prepared, sends it at once."""
        key, pos = self._network_key(G, s, highlight)
        # the axes fit the nodes drawn (each where the full layout puts it): the graph fills the
        # plot at every date and filter, and grows outward, its nodes in the same places, as time passes
        drawn = {n: pos[n] for n in G.nodes if n in pos}
        if key not in self._networks:
            if len(self._networks) > 2 * len(self.months):
                self._networks.clear()
            # WebGL: the browser redraws it several times faster than SVG; the edge kinds in an
            # HTML key below it: Plotly's legend is redrawn with every update
            spec = network_spec(G, lang=s.lang, pos=drawn or pos, categories=self.categories, highlight=highlight,
                                webgl=True, edge_legend=False, n_labels=N_LABELS, label_area=NETWORK_AREA)
            if pos is self.pos_all and drawn:  # the blocks of Member States: each region's name and count above its block
                shown = {r: sum(self.full.nodes[n].get("region", "") == r for n in G.nodes if n in self.pos_all and n not in self.pos)
                         for r in self.heads}
                spec["layout"]["annotations"] += [
                    dict(x=x, y=y, xref="x", yref="y", text=esc(f"{t(f'region_{r}', s.lang) if r else t('lane_other', s.lang)} · {shown[r]}"),
                         showarrow=False, yanchor="bottom", font=dict(size=11, color="#444"))
                    for r, (x, y) in self.heads.items() if shown[r]]
            # the node types in an HTML key below it too, and its title above it, in the page (see
            # Explorer): the plot takes the figure's whole width and height
            spec["layout"] = dict(plot_only(spec["layout"], NETWORK_MARGIN), height=HEIGHT)
            self._networks[key] = packed_json(spec["data"]), packed_json(spec["layout"])
        return self._networks[key]

    def _network_key(self, G, s: ExplorerState, highlight: set) -> tuple[tuple, dict]:
        """What the network view's figure of ``G`` is kept by, and the positions it is drawn with."""
        when = self._when(s)  # the month of the slider (the first with its network), or the range's pair of months
        pos = self.pos if s.states == "active" and all(n in self.pos for n in G.nodes) else self.pos_all
        return (when, *s.filters, s.hops, s.hops and s.selected, s.lang, frozenset(highlight), s.states, len(pos), len(G.nodes)), pos

    def shown_events(self, s: ExplorerState) -> pd.DataFrame:
        """The timeline's events that pass the filters (each event's participants for types and
        region) and, in range mode, lie in the window."""
        frame = self.frame(s.lang)
        keep = np.ones(len(frame), dtype=bool)
        for value, attr in ((s.process, "processes"), (s.objective, "objectives")):
            if value:
                keep &= np.array([value in self.event_attrs.get(e, {}).get(attr, ()) for e in frame.index], dtype=bool)
        if s.types or s.region:
            actors = self.ds.actors
            ok = pd.Series(True, index=actors.index)
            if s.types:
                ok &= actors["type"].isin(s.types)
            if s.region:
                ok &= actors["region"] == s.region
            part = self.ds.participation
            keep &= frame.index.isin(part.loc[part["actor_id"].isin(actors.index[ok]), "event_id"])
        events = frame[keep]
        if s.window is not None:
            events = events[(events["finish"] >= s.window[0]) & (events["start"] <= s.window[1])]
        return events

    def timeline_json(self, s: ExplorerState, highlight: set, events: pd.DataFrame) -> tuple[bytes, bytes]:
        """The timeline view's figure as the view sends it (``packed_json``), ``(data, layout)``: its
        events drawn once per language, window, highlight and filters (the same data bytes at every
        date, so a date move sends the layout only), then marked with the date (a veil in the layout)."""
        window = s.window
        key = (s.lang, window, frozenset(highlight), *s.filters)
        if key not in self._timelines:
            if len(self._timelines) > 64:
                self._timelines.clear()
            # figure dicts, not go.Figures: Plotly's checks would take most of the update's time
            spec = timeline_spec(
                self.ds, lang=s.lang, highlight=highlight, label_area=TIMELINE_AREA,
                label_highlighted=len(highlight) <= MAX_LABELLED, rangeslider=False, frame=events,
                x_range=(window[0] - pd.Timedelta(days=15), window[1] + pd.Timedelta(days=15)) if window else None)
            self._timelines[key] = spec, packed_json(spec["data"])  # the events' JSON, written once
        spec, data = self._timelines[key]
        layout_ = (spec if window else mark_as_of(spec, s.as_of, s.lang))["layout"]
        # the event families in an HTML key below it: the plot takes the figure's height
        # and its title above it, in the page: room in the figure for the phase names only
        layout_ = dict(plot_only(layout_, TIMELINE_MARGIN), height=HEIGHT)
        return data, packed_json(layout_)

    def status(self, s: ExplorerState, G, events: pd.DataFrame) -> tuple[str, str]:
        """HTML of the date beside the slider and of the status line: the events shown, the
        network's size, and how many Member States that only voted it leaves out."""
        lang, window = s.lang, s.window
        if window is None:
            date = format_date(s.as_of, "day", lang)
            label = f"<b>{esc(t('as_of', lang))}: {esc(date)}</b>"
            shown = esc(t("events_shown", lang, n=np.count_nonzero(events["start"].to_numpy() <= s.as_of.to_datetime64()),
                          date=date))
        else:
            start, end = (format_date(x, "month", lang) for x in window)
            label = f"<b>{esc(t('between', lang))}: {esc(start)} – {esc(end)}</b>"
            shown = esc(t("events_between", lang, n=len(events), start=start, end=end))
        counts = esc(t("network_counts", lang, nodes=len(G.nodes), edges=len(edge_list(G))))
        if hidden := len(self.voters(s) - set(G.nodes)) if s.states == "active" else 0:
            counts += " · " + esc(t("voters_hidden", lang, n=hidden))
        return label, f"<span dir='{direction(lang)}'>{shown} · {counts}</span>"

    def map_json(self, s: ExplorerState, net_hi: set, tl_hi: set) -> tuple[bytes, bytes] | None:
        """The map for the state as the view sends it (``packed_json``), ``(data, layout)``, or None
        if it shows the same as last time: the states of the highlighted actors, the places of the
        highlighted events. Kept for what it shows: a move back across the day of the vote on
        the Compact, say, sends it at once."""
        states = self.ds.actors.loc[[a for a in net_hi if a in self.ds.actors.index]]
        marked = set(states.loc[states["type"] == "state", "iso3"].dropna())
        if s.layer == "events":
            ev = self.ds.events.loc[sorted(tl_hi)].fillna({"city": ""})
            marked |= {place_key(c, i) for c, i in zip(ev["city"], ev["country_iso3"]) if isinstance(i, str)}
        if s.layer == "vote" and VOTE_EVENT in self.ds.events.index:  # it changes once: on the day of the vote
            vote_day = self.ds.events.at[VOTE_EVENT, "start"]
            when = None if s.as_of >= vote_day else vote_day - pd.Timedelta(days=1)
        else:
            when = s.as_of if s.layer in DATED_LAYERS else None
        key = (s.layer, s.lang, when, frozenset(marked))
        if key == self._map_key:
            return None
        self._map_key = key
        if key not in self._maps:
            if len(self._maps) >= MAPS_KEPT:
                self._maps.clear()
            spec = map_spec(self.ds, layer=s.layer, lang=s.lang, as_of=when, highlight=marked)
            spec["layout"]["height"] = MAP_HEIGHT
            self._maps[key] = packed_json(spec["data"]), packed_json(spec["layout"])
        return self._maps[key]

    def metrics(self, node: str) -> dict:
        """The selected node's metrics in the full network (computed on the first selection, cached)."""
        return {k: v[node] for k, v in node_metrics(self.full).items() if node in v}


def _graph_key(when, keep: frozenset | None) -> tuple:
    """What :class:`Drawing` keeps a network by: its month (or pair of months), and with ``keep``
    (those that only voted left out) the Member States of ``keep`` it shows anyway."""
    return (when,) if keep is None else (when, "active", *sorted(keep, key=str))
