"""Where text labels go: placed in screen space, for the size a figure is drawn at, so that no
two overlap."""

from __future__ import annotations

import textwrap

import pandas as pd

__all__ = ["LABEL_AREA", "LABEL_OFFSETS", "place_labels", "pick_labels", "text_width", "two_lines"]

#: The size the label placement assumes (pixels): the plot area of a figure about 1400 × 600.
LABEL_AREA = (1250, 420)
#: Vertical offsets (pixels, negative = up) tried in turn for a milestone label.
LABEL_OFFSETS = (-22, 22, -40, 40, -58, 58, -76, 76, -94, 94)


def text_width(text: str, font_px: float = 10) -> float:
    """The width (pixels) a label of ``text`` takes at ``font_px``, with its padding: an estimate
    from the number of characters, as no font metrics are at hand in the kernel."""
    return len(text) * font_px * 0.55 + 8


def place_labels(xs: list, rows: list[int], texts: list[str], n_rows: int, x_range,
                  area=LABEL_AREA, font_px: float = 10) -> list[tuple[int, int]]:
    """Offsets ``(ax, ay)`` (pixels) for each label so that no two label boxes overlap.

    Labels stand at date ``xs[i]`` on lane ``rows[i]`` (0 = top lane) and are moved up or down
    by the first offset of :data:`LABEL_OFFSETS` that keeps them clear of the labels already
    placed and inside the plot, at the default zoom (``x_range``) in a plot area of ``area`` pixels;
    a label near the left or right edge is moved sideways (``ax``) to stay inside.

    >>> import pandas as pd
    >>> day = pd.Timestamp("2018-01-01")
    >>> place_labels([day, day, pd.Timestamp("2016-08-02")], [3, 3, 0], ["first", "second", "third"], 8,
    ...              ("2016-08-01", "2022-07-31"))
    [(0, -22), (0, 22), (27, -22)]
    """
    lo, hi = (pd.Timestamp(x) for x in x_range)
    per_day = area[0] / max((hi - lo).days, 1)
    lane_px = area[1] / max(n_rows, 1)
    height = font_px + 6
    placed: list[tuple[float, float, float, float]] = []
    out = []
    for x, row, text in zip(xs, rows, texts):
        cx = (pd.Timestamp(x) - lo).days * per_day
        cy = (row + 0.5) * lane_px
        half = text_width(text, font_px) / 2
        ax = round(max(0.0, half + 10 - cx) - max(0.0, cx + half + 10 - area[0]))
        cx += ax
        best, best_hits = LABEL_OFFSETS[0], None
        for dy in LABEL_OFFSETS:
            box = (cx - half, cy + dy - height / 2, cx + half, cy + dy + height / 2)
            hits = sum(1 for b in placed if box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3])
            hits += 0.5 if box[1] < -8 or box[3] > area[1] + 8 else 0
            if best_hits is None or hits < best_hits:
                best, best_hits = dy, hits
            if hits == 0:
                break
        placed.append((cx - half, cy + best - height / 2, cx + half, cy + best + height / 2))
        out.append((ax, best))
    return out


def pick_labels(points: list[tuple[float, float]], texts: list[str], gaps: list[float], font_px: float = 11) -> list[bool]:
    """Which point labels to draw so that no two overlap: each label is centred above its point
    (``points`` in pixels, y down; ``gaps[i]`` pixels between the point and the bottom of its text),
    taken in the order given (the most wanted first) and left out if its box would cross a box
    already kept. The names left out are still in the hovers.

    >>> pick_labels([(100, 100), (110, 102), (300, 100)], ["Adoption", "Hearings", "IOM"], [5, 5, 5])
    [True, False, True]
    """
    height = font_px * 1.3
    kept: list[tuple[float, float, float, float]] = []
    out = []
    for (x, y), text, gap in zip(points, texts, gaps):
        half = text_width(text, font_px) / 2
        box = (x - half, y - gap - height, x + half, y - gap)
        free = not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in kept)
        if free:
            kept.append(box)
        out.append(free)
    return out


def two_lines(text: str, width: int = 18) -> str:
    """``text`` on at most two lines (``<br>`` between them, at a space) when longer than ``width``
    characters: a lane name takes half the room beside the plot.

    >>> two_lines("Regional reviews 2024-25"), two_lines("Hearings")
    ('Regional reviews<br>2024-25', 'Hearings')
    """
    if len(text) <= width or " " not in text:
        return text
    lines = textwrap.wrap(text, max(width, (len(text) + 1) // 2 + 1), break_long_words=False)
    return "<br>".join(lines) if len(lines) <= 2 else "<br>".join([lines[0], " ".join(lines[1:])])
