"""The look shared by every view: the palettes, the fonts, the base layout of a figure.

>>> base_layout("ar", "عنوان")["title"]["xanchor"]
'right'
"""

from __future__ import annotations

import networkx as nx

from ..model.i18n import esc, t
from ..model.vocab import ACTOR_TYPES, EVENT_FAMILIES, label

__all__ = ["PALETTE", "FAMILY_COLOURS", "FONT", "EDGE_PALETTE", "base_layout", "merged", "type_label", "node_categories",
           "plot_only", "VIEW_HEIGHT", "NETWORK_AREA", "TIMELINE_AREA", "NETWORK_MARGIN", "TIMELINE_MARGIN"]

#: Colour-blind-safe qualitative palette (Okabe & Ito, then Paul Tol's muted scheme).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#332288", "#882255", "#44AA99", "#999933", "#AA4499", "#117733", "#88CCEE"]
#: The colour of each of the timeline's event families (:data:`gcm_explore.model.vocab.EVENT_FAMILIES`):
#: Okabe & Ito's, black for people, grey for "other"; no two alike.
FAMILY_COLOURS = dict(zip(EVENT_FAMILIES, ["#0072B2", "#E69F00", "#009E73", "#56B4E9", "#CC79A7", "#000000",
                                           "#D55E00", "#999999"]))
#: Fonts with Arabic glyphs first, so Arabic is shaped the same way everywhere.
FONT = "Noto Sans, Noto Sans Arabic, Noto Naskh Arabic, DejaVu Sans, Arial, sans-serif"
#: Colours of the edge kinds, in the order of :data:`gcm_explore.model.network.EDGE_KINDS`.
EDGE_PALETTE = ["#999999", "#117733", "#882255", "#332288", "#D55E00", "#0072B2", "#AA4499", "#999933",
                "#44AA99", "#CC79A7", "#E69F00", "#009E73", "#56B4E9", "#88CCEE",
                # one colour per kind: with 14, 'funds' had the grey of 'took part in' in the key
                "#DDCC77", "#661100", "#EE3377", "#000000", "#6A3D9A"]


def base_layout(lang: str, title: str) -> dict:
    return dict(
        title=dict(text=esc(title), x=0.99 if lang == "ar" else 0.01, xanchor="right" if lang == "ar" else "left"),
        font=dict(family=FONT, size=13),
        template="plotly_white",
        margin=dict(l=20, r=20, t=60, b=20),
        hoverlabel=dict(font=dict(family=FONT), align="right" if lang == "ar" else "left"),
        legend=dict(x=0 if lang == "ar" else 1, xanchor="left" if lang == "ar" else "right", y=1,
                    bgcolor="rgba(255,255,255,0.8)"),
    )



#: Height of the network and the timeline in a page (the Explorer, the offline page), in pixels.
VIEW_HEIGHT = 600
#: Their margins there: the network's room for nothing but the plot, the timeline's for its phase names and dates.
NETWORK_MARGIN = dict(l=10, r=10, t=10, b=20)
TIMELINE_MARGIN = dict(l=8, r=8, t=42, b=28)
#: The network's plot area at its narrowest in a page (pixels): its labels are chosen for it.
NETWORK_AREA = (540, VIEW_HEIGHT - 80)
#: The timeline's plot area at half a page (pixels): its milestone labels are placed for it.
TIMELINE_AREA = (450, VIEW_HEIGHT - 70)


def plot_only(layout: dict, margin: dict) -> dict:
    """``layout`` with no legend and no title inside the figure, and ``margin``: for a page that shows
    the title as a heading above the figure and the legend as a key beside it, so that the plot takes
    the figure.

    >>> plot_only({"title": {"text": "T"}, "showlegend": True}, NETWORK_MARGIN)["title"]
    {'text': ''}
    """
    return dict(layout, showlegend=False, title=dict(text=""), margin=dict(margin))


def merged(base: dict, extra: dict) -> dict:
    """``base`` updated by ``extra``, nested dicts merged (as ``fig.update_layout`` does)."""
    out = dict(base)
    for k, v in extra.items():
        out[k] = merged(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out



def type_label(kind: str, lang: str) -> str:
    if kind == "process":
        return t("process_node", lang)
    if kind == "event":
        return t("event_node", lang)
    return label(ACTOR_TYPES, kind, lang)



def node_categories(G: nx.Graph, color: str = "type") -> list:
    """The values of node attribute ``color`` in ``G``: processes and events first, then vocabulary order.

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_nodes_from([(1, {"type": "state"}), (2, {"type": "process"}), (3, {"type": "band"})])
    >>> node_categories(G)
    ['process', 'state', 'band']
    """
    present = {d.get(color, "") for d in G.nodes.values()}
    order = ["process", "event", *ACTOR_TYPES] if color == "type" else []
    rest = [c for c in present if c not in order]
    try:
        rest.sort()
    except TypeError:
        rest.sort(key=str)
    return [c for c in order if c in present] + rest
