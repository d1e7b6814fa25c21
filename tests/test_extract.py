"""`gcm-explore extract-dates`: the dated mentions of a text, and the seeds' dates all in the data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from gcm_explore.cli import main
from gcm_explore.io.extract import extract_dates

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# Dated mentions in the seeds that are not events, and why.
NOT_EVENTS = {
    ("003_ac90e8012657dbe2.txt", "تشرين الأول/أكتوبر 2017"): "the date of the document itself (IOM's complementary submission)",
}


@pytest.mark.parametrize(("text", "expected"), [
    ("- 15-12 آذار/مارس، 2018", [("2018-03-12", "2018-03-15", "day")]),          # right-to-left range
    ("بين 4 و6 ديسمبر، 2017", [("2017-12-04", "2017-12-06", "day")]),
    ("من 17 إلى 20 ماي 2022.", [("2022-05-17", "2022-05-20", "day")]),             # Maghreb month name
    ("صدر في 11 كانون الثاني/يناير، 2018", [("2018-01-11", "2018-01-11", "day")]),  # Levantine/Egyptian pair
    ("في 19-18 تمّوز/يوليو، 2017", [("2017-07-18", "2017-07-19", "day")]),          # shadda ignored
    ("بين أبريل ونوفمبر 2017", [("2017-04-01", "2017-11-30", "month")]),
    ("بين نوفمبر، 2017 وفبراير، 2018", [("2017-11-01", "2018-02-28", "month")]),
    ("on 12-15 March 2018 and 5 February 2018", [("2018-03-12", "2018-03-15", "day"), ("2018-02-05", "2018-02-05", "day")]),
    ("in Marrakech on December 10, 2018", [("2018-12-10", "2018-12-10", "day")]),    # "Mar" inside a word is no month
    ("في ٥ شباط/فبراير ٢٠١٨", [("2018-02-05", "2018-02-05", "day")]),             # Arabic-Indic digits
    ("you may come; 31 February 2018", []),                                          # not a month, not a date
])
def test_extract_dates(text, expected):
    got = [(str(m.start), str(m.end), m.precision) for m in extract_dates(text)]
    assert got == expected


def test_offsets_point_into_the_original_text():
    text = "- 15-12 آذار/مارس، 2018\n- 6-3 نيسان/أبريل، 2018"
    for m in extract_dates(text):
        assert text[m.offset:m.offset_end] == m.text


def test_a_mention_without_a_year_keeps_what_it_says():
    (m,) = extract_dates("- 16 شباط/فبراير، استعراضُ المسودة")
    assert (m.year, m.months, m.days, m.start) == (None, (2, 2), (16, 16), None)


def test_cli_lists_mentions_with_offsets(tmp_path, capsys):
    f = tmp_path / "note.txt"
    f.write_text("الاجتماع في 10-11 كانون الأوّل/ديسمبر، 2018، في مراكش", encoding="utf-8")
    assert main(["extract-dates", str(f)]) == 0
    out = capsys.readouterr().out
    assert "2018-12-10..2018-12-11" in out and "12-" in out and "10-11 كانون الأوّل/ديسمبر، 2018" in out


def test_cli_names_a_missing_file(tmp_path, capsys):
    assert main(["extract-dates", str(tmp_path / "nope.txt")]) == 2
    assert "nope.txt" in capsys.readouterr().err


def _spans(ds) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    spans = []
    for frame in (ds.events, ds.processes, ds.relations):
        for start, end in zip(frame["start"], frame["end"]):
            if pd.notna(start):
                spans.append((start, end if pd.notna(end) else start))
    return spans


def _matched(m, spans) -> bool:
    for start, end in spans:
        if m.start is not None:
            lo, hi = pd.Timestamp(m.start), pd.Timestamp(m.end)
            if m.precision == "day" and (lo <= start <= hi or (start <= lo and hi <= end)):
                return True
            if m.precision == "month" and start <= hi and end >= lo:
                return True
        elif m.days is not None:    # a day and month without a year: any year of the record
            if any((s.month, s.day) == (m.months[0], m.days[0]) for s in (start,)):
                return True
        elif start.month in range(m.months[0], m.months[1] + 1):
            return True
    return False


needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed documents are not next to the project ({SEEDS})")


@needs_seeds
def test_every_dated_mention_in_the_seeds_is_in_the_data(ds):
    spans = _spans(ds)
    missing = []
    for path in sorted(SEEDS.glob("*.txt")):
        for m in extract_dates(path.read_text(encoding="utf-8")):
            if (path.name, m.text) in NOT_EVENTS:
                continue
            if not _matched(m, spans):
                missing.append(f"{path.name}:{m.offset}: {m.text!r}")
    assert not missing, "dated mentions with no event in data/:\n" + "\n".join(missing)


@needs_seeds
def test_the_allow_list_is_still_needed():
    texts = {p.name: [m.text for m in extract_dates(p.read_text(encoding="utf-8"))] for p in SEEDS.glob("*.txt")}
    for name, text in NOT_EVENTS:
        assert text in texts.get(name, []), f"{name}: {text!r} is no longer a mention: drop it from NOT_EVENTS"
