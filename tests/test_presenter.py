"""The presenter in the kernel: its story file, its steps, the language switch, and the deck."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

import gcm_explore as gx
from gcm_explore.model.dataset import split_ids
from gcm_explore.model.story import STORY_COLUMNS, default_story, read_story

STORY = default_story()


def _write(path: Path, rows: list[list[str]], header=STORY_COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


GOOD = ["first", "nyd_summit", "The New York Declaration.", "إعلان نيويورك.", "a_res_71_1"]


def test_bundled_story_is_sourced_from_the_data(ds):
    story = read_story(STORY, ds)
    assert len(story) >= 8 and story["step"].is_unique
    for _, row in story.iterrows():
        assert row["event_ids"] and row["source_ids"]
        cited = {s for e in row["event_ids"] for s in split_ids(ds.events.loc[e, "source_ids"])}
        assert set(row["source_ids"]) <= cited, f"{row['step']}: cite the sources of its own events"
        assert any("\u0600" <= c <= "\u06ff" for c in row["caption_ar"])
    milestones = {e for ids in story["event_ids"] for e in ids}
    assert {"nyd_summit", "marrakech_igc", "imrf2022"} <= milestones


def test_story_problems_name_file_row_column_and_fix(ds, tmp_path):
    path = _write(tmp_path / "mine.csv", [
        GOOD,
        ["second", "nyd_summit;no_such_event", "", "نص", "a_res_71_1;nowhere"],
        ["first", "zero_draft", "Zero draft.", "المسودة.", "iisd_zero_draft"],
    ])
    with pytest.raises(gx.DataError) as info:
        read_story(path, ds)
    text = str(info.value)
    assert "mine.csv, row 3, column 'event_ids': 'no_such_event' is not an id in events.csv" in text
    assert "mine.csv, row 3, column 'caption_en': is empty. Fix: write the caption_en of this step" in text
    assert "mine.csv, row 3, column 'source_ids': 'nowhere' is not an id in sources.csv" in text
    assert "mine.csv, row 4, column 'step': 'first' is already the name of row 2" in text
    assert len(info.value.problems) == 4


def test_story_missing_column_and_file(ds, tmp_path):
    path = _write(tmp_path / "cols.csv", [GOOD[:4]], header=STORY_COLUMNS[:4])
    with pytest.raises(gx.SchemaError, match=r"cols.csv, row 1, column 'source_ids': this column is missing. "
                                             r"Fix: add a column named 'source_ids'"):
        read_story(path, ds)
    with pytest.raises(gx.PackageFileError, match="the story file does not exist"):
        read_story(tmp_path / "nowhere.csv", ds)
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    with pytest.raises(gx.PackageFileError, match="empty.csv: is empty. Fix: write a header row"):
        read_story(tmp_path / "empty.csv", ds)
    (tmp_path / "latin.csv").write_bytes(",".join(STORY_COLUMNS).encode() + "\nx,nyd_summit,é,é,a\n".encode("latin-1"))
    with pytest.raises(gx.PackageFileError, match="is not UTF-8 text. Fix: save the file as 'CSV UTF-8'"):
        read_story(tmp_path / "latin.csv", ds)


def test_presenter_steps_update_in_place(ds):
    p = gx.Presenter(ds)
    view = p.timeline
    first = p.caption.value
    assert "New York Declaration" in first and p.counter.value.startswith("<bdi dir='ltr'>1 /")
    assert p.prev_button.disabled
    p.next()
    assert p.timeline is view and p.step == 1  # the same widget, updated
    assert "71/280" in p.caption.value and "Lauber" in p.meta.value
    highlighted = {i for tr in view.data[1:] for i, w in zip(tr.ids, tr.marker.line.width) if w == 3}
    assert highlighted == {"gcm_cofacilitators_appointed", "arbour_appointed", "res_71_280"}
    assert "civsoc_cofacilitators" not in p.meta.value  # sources are shown by title
    assert "<a href='http" in p.meta.value
    p.go(99)
    assert p.step == len(p.story) - 1 and p.next_button.disabled
    p.previous()
    assert p.step == len(p.story) - 2


def test_keys_move_the_steps(ds):
    p = gx.Presenter(ds)
    for action, step in (("next", 1), ("next", 2), ("previous", 1), ("last", len(p.story) - 1), ("first", 0)):
        p.keyboard.pressed = {"action": action, "n": step + 10 * len(action)}
        assert p.step == step, action


def test_language_switch_keeps_the_step(ds):
    p = gx.Presenter(ds)
    p.go(7)
    p.language.value = "ar"
    assert p.step == 7 and "gcm-rtl" in p._dom_classes
    assert "مراكش" in p.caption.value and "dir='rtl'" in p.caption.value
    assert p.timeline.layout.yaxis.side == "right"
    assert p.next_button.description == "◀"
    p.language.value = "en"
    assert "gcm-rtl" not in p._dom_classes and "Marrakech" in p.caption.value


def test_escapes_captions(ds, tmp_path):
    path = _write(tmp_path / "x.csv", [["x", "nyd_summit", "<script>alert(1)</script>", "نص", "a_res_71_1"]])
    p = gx.Presenter(ds, story=path)
    assert "<script>" not in p.caption.value and "&lt;script&gt;" in p.caption.value


def _deck_tools():
    from tests.browser import require_browser

    require_browser()  # with CI=true a missing Chromium fails instead of skipping
    missing = [tool for tool in ("/usr/bin/chromium", shutil.which("pdftoppm")) if not tool or not Path(tool).exists()]
    if missing:
        pytest.skip("the deck needs Chromium and poppler-utils (pdftoppm)")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_deck_pdf_has_one_page_per_step(ds, tmp_path, lang):
    _deck_tools()
    story = _write(tmp_path / "short.csv", [
        GOOD, ["marrakech", "network_launch;marrakech_igc", "Marrakech.", "مراكش.", "un_press_dev3373"]])
    files = gx.export_deck(ds, tmp_path / "deck", lang=lang, story=story)
    pdf = tmp_path / "deck" / f"short-{lang}.pdf"
    assert files[-1] == pdf and pdf.read_bytes().startswith(b"%PDF")
    pngs = [f for f in files if f.suffix == ".png"]
    assert [f.name for f in pngs] == [f"short-{lang}-01-first.png", f"short-{lang}-02-marrakech.png"]
    assert all(f.read_bytes().startswith(b"\x89PNG") for f in pngs)
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    assert len(list(tmp_path.glob("page*.png"))) == 2


def test_cli_writes_the_deck_of_the_bundled_story(ds, tmp_path, capsys):
    from gcm_explore.cli import main

    _deck_tools()
    out = tmp_path / "deck"
    assert main(["export", "deck", "--out", str(out), "--lang", "ar"]) == 0
    steps = len(read_story(default_story(ds), ds))
    pdf = next(out.glob("*-ar.pdf"))
    assert len(list(out.glob("*-ar-*.png"))) == steps and pdf.read_bytes().startswith(b"%PDF")
    assert f"wrote {out}" in capsys.readouterr().out
