"""The parameters of the figure functions, described once (as plotly.express does in its
``_doc.py``): :func:`documented` writes a function's "Parameters" section from its signature.
"""

from __future__ import annotations

import inspect
import textwrap

__all__ = ["documented", "SHARED", "NETWORK", "TIMELINE"]

#: Parameters that mean the same in every view.
SHARED = {
    'lang': (
        "'en' or 'ar': the language of every text drawn (titles, legend, labels, hovers); Arabic reads right "
        'to left.'
    ),
}

#: Parameters of the network view.
NETWORK = {
    'G': (
        'networkx graph (or :class:`~gcm_explore.model.anygraph.GraphColumns`, one read once). Node labels come '
        'from ``label_en`` / ``label_ar`` (then ``label``, ``name``, the node id), edge kinds from the edge '
        'attribute ``kind``.'
    ),
    'pos': (
        '``{node: (x, y)}``; computed with :func:`gcm_explore.model.layout.layout` (cached) if None. Pass the'
        ' positions of the full graph to keep nodes in place across filtered views.'
    ),
    'color': (
        'node attribute that picks the colour and the legend entry.'
    ),
    'categories': (
        'the legend entries, in order, one trace each (also those with no node), so that a filtered view has '
        'the same traces as the full one and can update it in place.'
    ),
    'highlight': (
        'node ids drawn larger with a dark outline, and labelled.'
    ),
    'n_labels': (
        'how many nodes (the largest) get a text label.'
    ),
    'label_area': (
        '``(width, height)`` in pixels of the plot area the figure will be drawn in, or None. With a size, the '
        'labels are chosen in screen space for it: a label that would cross one already kept (the highlighted '
        'nodes first, then the largest) is left out, its name still in the hover.'
    ),
    'title': (
        'the title; by default the date of an ``as_of`` graph or the ``window``.'
    ),
    'size': (
        "what sets the marker size: 'degree' (distinct neighbours), 'weighted_degree', 'betweenness', "
        "'pagerank' (computed if the nodes do not carry them), another numeric node attribute, or None for "
        'one size.'
    ),
    'label': (
        'node attribute for labels and hovers instead of ``label_<lang>``.'
    ),
    'edge_kinds': (
        'the edge legend entries, in order (by default every kind of '
        ':data:`~gcm_explore.model.network.EDGE_KINDS` for our graphs, so traces stay the same across views, '
        'and the kinds present for another graph).'
    ),
    'edge_legend': (
        'the edge kinds in the legend (below the categories). Without them the legend redraws faster; '
        ':func:`edge_key` gives them to show elsewhere.'
    ),
    'webgl': (
        'draw with ``scattergl``; by default when ``G`` has more than :data:`GL_THRESHOLD` nodes or five '
        'times as many edges. The browser redraws a WebGL network two to four times faster (measured on the '
        "explorer's network). Its labels are then annotations: SVG text, shaped by the browser like the rest "
        'of the page and drawn above the WebGL canvas (an SVG text trace would be drawn under it). They do '
        'not follow the legend: hiding a category keeps its few labels. The edges are then one SVG path, a '
        'layout shape named "edges" under the canvas, and trace 0 is empty: Plotly draws the path without '
        "computing a trace, and WebGL has no lines to render. A jump across the explorer's dates redraws "
        'about twice as fast (measured in Chromium with software WebGL).'
    ),
}

#: Parameters of the timeline view.
TIMELINE = {
    'ds': (
        'a :class:`~gcm_explore.model.dataset.Dataset`'
    ),
    'lang': (
        "'en' or 'ar'. In Arabic the titles, month names and lane labels are Arabic and the lane labels stand"
        ' on the right.'
    ),
    'as_of': (
        'date-like or None: a line marks it and a light veil over the later dates fades their events (a veil,'
        " not each point's opacity: moving the date then changes only the layout, which the browser redraws "
        'in a few milliseconds instead of every trace).'
    ),
    'highlight': (
        'event ids drawn larger with a dark outline and labelled; the other events fade.'
    ),
    'lanes': (
        "'process' (one lane per process), 'kind' (per event kind) or 'actor' (per main actor: see "
        ':func:`gcm_explore.model.timeline.main_actors`).'
    ),
    'title': (
        'the title (default: "Timeline of the GCM process").'
    ),
    'x_range': (
        'the dates shown at first (default: every event drawn, a month either side; the range slider shows all).'
    ),
    'label_highlighted': (
        'label the highlighted events instead of the milestones.'
    ),
    'label_area': (
        'the size (pixels) of the plot area the labels are placed for, so that they do not overlap at the '
        "first zoom: about the figure's width - 150 and height - 180."
    ),
    'rangeslider': (
        'show the range slider under the dates (it draws every event a second time).'
    ),
    'frame': (
        '``timeline_frame(ds, lang=lang)`` with a ``hover`` column (see :func:`timeline_hovers`), computed '
        'once by a caller that draws many figures of one dataset; None computes it.'
    ),
    'window': (
        '``(start, end)``: keep only the events in this date range (either None: no limit; None: all). '
        '``start=``/``end=`` are the old names, deprecated.'
    ),
}


def documented(*docs: dict):
    """Fill ``{parameters}`` in the docstring of the function decorated with a description of each
    of its parameters, looked up in ``docs`` (first match wins), then in :data:`SHARED`."""

    def wrap(fn):
        lines = []
        for name in inspect.signature(fn).parameters:
            text = next((d[name] for d in (*docs, SHARED) if name in d), None)
            if text is None:
                raise KeyError(f"{fn.__name__}: no description of the parameter {name!r}")
            lines.append(textwrap.fill(f"{name} : {text}", 96, subsequent_indent="    "))
        fn.__doc__ = fn.__doc__.replace("{parameters}", "\n    ".join(
            line.replace("\n", "\n    ") for line in lines))
        return fn

    return wrap
