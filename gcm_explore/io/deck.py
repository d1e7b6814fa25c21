"""A story as slides: one PNG per step and a PDF deck, one page per step, for use offline.

Each slide is the presenter's view of a step (its events highlighted on the timeline, the
caption, the actors and the sources) laid out as a 1600 × 900 HTML page. kaleido draws the
timeline as SVG and the system's Chromium (``/usr/bin/chromium`` or ``$BROWSER_PATH``; never a
downloaded browser) prints the pages to PDF and takes the PNGs, so Arabic is shaped and laid out
right to left by the browser.

>>> import gcm_explore as gx
>>> from gcm_explore.model.story import default_story, read_story
>>> ds = gx.load_dataset()
>>> step = read_story(default_story(ds), ds).iloc[7]
>>> html = slide_html(ds, step, 8, 11, "ar", svg="<svg></svg>")
>>> 'dir="rtl"' in html and "مراكش" in html
True
>>> import tempfile  # export_deck needs Chromium and takes ~40 s: not run here
>>> files = gx.export_deck(ds, tempfile.mkdtemp(), lang="ar")  # doctest: +SKIP
>>> files[-1].name  # doctest: +SKIP
'gcm_2016_2022-ar.pdf'
"""

from __future__ import annotations

import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..compat import legacy
from ..model.dataset import Dataset
from ..model.i18n import direction, esc, t
from ..model.story import default_story, read_story, step_window
from ..model.vocab import check_lang
from ..views.html import story_step
from ..views.style import FONT
from ..views.timeline import timeline_figure
from .images import chromium

__all__ = ["export_deck", "slide_html", "slide_figure"]

#: Size of a slide in CSS pixels (16:9).
SLIDE = (1600, 900)
#: Height of the timeline on a slide.
PLOT_HEIGHT = 500

_PAGE = """<!DOCTYPE html>
<html lang="{lang}" dir="{dir}"><head><meta charset="utf-8"><title>{title}</title>
<style>
@page {{ size: {w}px {h}px; margin: 0; }}
html, body {{ margin: 0; padding: 0; background: #fff; }}
.slide {{ box-sizing: border-box; width: {w}px; height: {h}px; padding: 28px 40px; overflow: hidden;
          font-family: {font}; color: #222; page-break-after: always; break-after: page; position: relative; }}
.slide:last-child {{ page-break-after: auto; break-after: auto; }}
.head {{ display: flex; justify-content: space-between; align-items: baseline; gap: 24px; }}
h1 {{ font-size: 34px; margin: 0; }}
.date {{ color: #555; font-size: 20px; }}
.count {{ color: #595959; font-size: 20px; white-space: nowrap; }}
.plot {{ direction: ltr; margin: 6px 0; height: {plot}px; }}
.plot svg {{ width: 100%; height: 100%; }}
.caption {{ font-size: 25px; line-height: 1.4; margin: 4px 0 10px 0; }}
.meta {{ font-size: 15px; color: #444; margin: 3px 0; }}
.meta a {{ color: #0b62a4; text-decoration: none; }}
</style></head><body>
{slides}
</body></html>
"""

_SLIDE = """<section class="slide" dir="{dir}">
<div class="head"><div><h1>{title}</h1><div class="date">{date}</div></div>
<div class="count"><bdi dir="ltr">{n} / {total}</bdi></div></div>
<div class="plot">{svg}</div>
<p class="caption">{caption}</p>
<p class="meta"><b>{actors_label}:</b> {actors}</p>
<p class="meta"><b>{sources_label}:</b> {sources}</p>
</section>"""


def slide_figure(ds: Dataset, event_ids, lang: str):
    """The timeline of a slide: the step's events highlighted, in its window, labels placed for the slide."""
    return timeline_figure(ds, lang=lang, highlight=event_ids, x_range=step_window(ds, event_ids), title="",
                           label_area=(SLIDE[0] - 260, PLOT_HEIGHT - 80))\
        .update_layout(height=PLOT_HEIGHT, width=SLIDE[0] - 80, showlegend=False, margin=dict(t=40, b=10),
                       xaxis_rangeslider_visible=False)


def slide_html(ds: Dataset, row, n: int, total: int, lang: str, svg: str) -> str:
    """One slide (a ``<section>``) for a step of a story (a row of :func:`~gcm_explore.model.story.read_story`)."""
    parts = story_step(ds, row, lang, new_tab=False)
    return _SLIDE.format(dir=direction(lang), n=n, total=total, svg=svg, actors_label=esc(t("actors", lang)),
                         sources_label=esc(t("sources", lang)), **{**parts, "actors": parts["actors"] or "–"})


def _svgs(figs: list, folder: Path, browser: str) -> list[str]:
    import kaleido

    paths = [folder / f"plot-{i:02d}.svg" for i in range(len(figs))]
    kaleido.write_fig_from_object_sync(
        [{"fig": fig, "path": str(path), "opts": {"format": "svg", "width": fig.layout.width,
                                                   "height": fig.layout.height}} for fig, path in zip(figs, paths)],
        kopts={"path": browser, "mathjax": False})
    texts = [path.read_text(encoding="utf-8") for path in paths]
    return [text[text.index("<svg"):] if "<svg" in text else text for text in texts]


def _chromium_run(browser: str, *args: str) -> None:
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
           "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--force-device-scale-factor=1", *args]
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([*cmd, f"--user-data-dir={profile}"], capture_output=True, text=True, timeout=180)
    if done.returncode != 0:
        raise RuntimeError(f"Chromium failed ({done.returncode}): {done.stderr[-800:]}")


@legacy(positional=("lang", "story", "png"))
def export_deck(ds: Dataset, out, *, lang: str = "en", story=None, png: bool = True) -> list[Path]:
    """Write a story as slides into the folder ``out``: ``<story>-<lang>-NN-<step>.png`` per step
    (if ``png``) and ``<story>-<lang>.pdf``, one page per step. Returns the paths written.

    ``story`` is the path of a story CSV (the data package's own story if None); ``lang`` 'en' or 'ar'.
    """
    check_lang(lang)
    path = Path(story) if story is not None else default_story(ds)
    steps = read_story(path, ds)
    browser = chromium()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{path.stem}-{lang}"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        svgs = _svgs([slide_figure(ds, row["event_ids"], lang) for _, row in steps.iterrows()], tmp, browser)
        slides = [slide_html(ds, row, i + 1, len(steps), lang, svg)
                  for i, ((_, row), svg) in enumerate(zip(steps.iterrows(), svgs))]
        page = dict(lang=lang, dir=direction(lang), title=esc(t("timeline_title", lang)), w=SLIDE[0], h=SLIDE[1],
                    plot=PLOT_HEIGHT, font=FONT)
        deck = tmp / "deck.html"
        deck.write_text(_PAGE.format(slides="\n".join(slides), **page), encoding="utf-8")
        pdf = out / f"{stem}.pdf"
        written = []
        jobs = [("--no-pdf-header-footer", f"--print-to-pdf={pdf}", deck.as_uri())]
        if png:
            for i, (slide, step) in enumerate(zip(slides, steps["step"])):
                one = tmp / f"slide-{i:02d}.html"
                one.write_text(_PAGE.format(slides=slide, **page), encoding="utf-8")
                target = out / f"{stem}-{i + 1:02d}-{step}.png"
                written.append(target)
                jobs.append((f"--window-size={SLIDE[0]},{SLIDE[1]}", f"--screenshot={target}", one.as_uri()))
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda args: _chromium_run(browser, *args), jobs))
    return [*written, pdf]
