"""What the Explorer does while the kernel is idle: it prepares the months beside the one shown
(their network and its figure), so the next steps of the slider only send them. For a large
record (:data:`EVERY_MONTH_FROM`) it then builds the network of every other month, nearest
first, so a jump to any month only draws it (each network is built once); then, with nothing
selected or filtered, it draws every month's figure, so any move of the slider only sends it.

One month at a time, each a callback of the kernel's event loop with a gap after it: a message
that arrives meanwhile waits for one month at most, and a new move starts again from its month.
Without a running event loop (a script), nothing is prepared (:meth:`Explorer.warm
<gcm_explore.apps.explorer.Explorer.warm>` prepares every month).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time

from ..model.anygraph import collector_paused
from .drawing import Drawing
from .state import ExplorerState

__all__ = ["MonthsAhead", "AHEAD", "IDLE_DELAY", "EVERY_MONTH_FROM", "every_month"]

log = logging.getLogger(__name__)

#: The months prepared on each side of the one shown (the side the slider moved to first).
AHEAD = 2
#: Seconds after a move before that starts: a hand dragging the slider has moved again by then.
IDLE_DELAY = 0.3
#: Seconds between two months prepared: the kernel handles a message that came meanwhile first.
GAP = 0.02
#: The size of the full network (edges) from which every month is prepared, not only those beside
#: the one shown: about three times the bundled record, where a month not prepared takes 0.05 s
#: here. Below it, a month takes less to draw on the move than a kernel would keep busy (and a
#: class of kernels would keep their server busy) preparing every other.
EVERY_MONTH_FROM = 2000


def every_month(drawing: Drawing) -> bool:
    """Whether the record of ``drawing`` is large enough to have every month prepared while idle."""
    return len(drawing.full.edges) >= EVERY_MONTH_FROM


class MonthsAhead:
    """The months an Explorer prepares after each move (see the module)."""

    def __init__(self):
        self.shown: int | None = None  # the month last drawn
        self.moves = 0  # idle work for an older move stops
        self.sized: tuple = (None, False)  # a drawing, and whether every month of it is prepared (every_month)

    def after(self, drawing: Drawing, s: ExplorerState) -> None:
        """``s`` was just drawn: when the kernel is idle, prepare the months beside it, then build the
        network of every other month, then draw their figures (see the module; not in range mode
        nor with a "connect to", whose drawings depend on more than the month)."""
        moved = s.month - self.shown if self.shown is not None else 1
        self.shown, self.moves = s.month, self.moves + 1
        move = self.moves
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        if s.window is not None or s.target is not None:
            return
        side = 1 if moved >= 0 else -1
        months = [m for d in range(1, AHEAD + 1) for m in (s.month + side * d, s.month - side * d)
                  if 0 <= m < len(drawing.months)]

        if self.sized[0] is not drawing:  # (a new one for data opened)
            self.sized = drawing, every_month(drawing)
        everyone = sorted(range(len(drawing.months)), key=lambda m: (abs(m - s.month), m)) if self.sized[1] else []
        # with nothing selected or filtered (a walk through the dates), every month's figure too:
        # with a selection, each would be drawn again for every node clicked
        last = everyone if s.selected is None and not any(s.filters) else []

        def tasks():  # what is left to do, each month as a task: (whether it is done, do it)
            for m in months:  # beside it: the network and its figure (prepare keeps what it made before)
                yield _never, drawing.prepare, dataclasses.replace(s, month=m)
            for m in everyone:  # every other month: its network
                yield drawing.is_built, drawing.base_graph, dataclasses.replace(s, month=m)
            for m in last:
                yield drawing.is_prepared, drawing.prepare, dataclasses.replace(s, month=m)

        todo = tasks()

        def step() -> None:
            if move != self.moves:
                return
            start = time.perf_counter()
            try:
                for done, do, t in todo:  # those done already are skipped at once: on to one that is not
                    if not done(t):
                        with collector_paused():
                            do(t)
                        loop.call_later(GAP, step)
                        return
                    if time.perf_counter() - start > GAP / 4:  # (asking takes 0.2 ms a month at K=10)
                        loop.call_soon(step)  # a message that came meanwhile first
                        return
            except Exception:  # idle work: the move to that month will say what is wrong
                log.exception("GCM Explorer: could not prepare a month")

        loop.call_later(IDLE_DELAY, step)


def _never(s: ExplorerState) -> bool:
    """Not done yet: the months beside the one shown are prepared again (a filtered month's graph
    is filtered each time, and :meth:`Drawing.is_prepared` would filter it once more)."""
    return False
