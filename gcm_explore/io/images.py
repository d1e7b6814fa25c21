"""Figures as PNG, SVG or PDF, drawn by kaleido in the system's Chromium, and the one place that
finds that Chromium (gcm_explore never downloads a browser).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..compat import legacy
from .files import writing

__all__ = ["export_image", "chromium", "IMAGE_FORMATS", "IMAGE_SIZE"]

#: The formats figures are drawn to by kaleido (needs Chromium).
IMAGE_FORMATS = ("png", "svg", "pdf")
#: The size of an exported picture, in pixels (16:9, a slide).
IMAGE_SIZE = (1600, 900)


def chromium() -> str:
    """The path of the system's Chromium: ``$BROWSER_PATH`` if set, else the first of Debian's
    ``/usr/bin/chromium``, ``chromium``, ``chromium-browser`` and ``google-chrome`` on the PATH."""
    for candidate in (os.environ.get("BROWSER_PATH"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if candidate and Path(candidate).exists():
            return candidate
    raise RuntimeError("Drawing images needs Chromium: apt-get install chromium (or set BROWSER_PATH to a "
                       "Chrome or Chromium executable). gcm_explore never downloads a browser.")


@legacy(positional=("fmt", "width", "height", "scale"))
def export_image(fig, path, *, fmt: str | None = None, width: int = IMAGE_SIZE[0], height: int = IMAGE_SIZE[1],
                 scale: float = 1) -> Path:
    """Draw the Plotly figure ``fig`` as PNG, SVG or PDF (``fmt``, else the suffix of ``path``)
    with kaleido in the system's Chromium, with no request to any host (no MathJax).

    Skipped in the doctests, as it starts Chromium (``tests/test_export.py`` runs it):

    >>> import plotly.graph_objects as go
    >>> export_image(go.Figure(go.Bar(y=[2, 1])), "bars.svg")  # doctest: +SKIP
    PosixPath('bars.svg')
    """
    fmt = (fmt or Path(path).suffix.lstrip(".")).lower()
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"{fmt!r} is not an image format. Valid formats are: {', '.join(IMAGE_FORMATS)}.")
    try:
        import kaleido
    except ImportError:  # pragma: no cover - kaleido is a dependency
        raise ImportError("Image export needs kaleido: pip install 'kaleido>=1.0,<2'") from None
    browser = chromium()
    with writing(path, f".{fmt}") as tmp:
        kaleido.write_fig_sync(fig, path=str(tmp), opts={"format": fmt, "width": width, "height": height,
                                                          "scale": scale},
                               kopts={"path": browser, "mathjax": False})
    return Path(path)
