"""Property tests: parse_date on any text, and the loader on randomly damaged packages, raise
nothing but DateError / DataError (bounded, so that they run in seconds)."""

from __future__ import annotations

import csv
import shutil
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gcm_explore as gx
from gcm_explore.model.dates import parse_date, period_end, precision_of

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
TABLES = ("sources", "actors", "processes", "events", "participation", "relations", "objectives",
          "objective_links", "principles")
FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- parse_date -----------------------------------------------------------------------------

date_like = st.from_regex(r"\A ?[0-9٠-٩]{1,5}([-/.][0-9]{1,3}([-/.][0-9]{1,3})?)? ?\Z")


@FAST
@given(st.one_of(st.text(max_size=30), date_like))
def test_parse_date_returns_a_period_or_raises_date_error(text):
    try:
        ts, precision = parse_date(text)
    except gx.DateError as exc:
        assert len(exc.problems) == 1 and exc.problems[0].message and exc.problems[0].fix
        return
    assert isinstance(ts, pd.Timestamp) and precision in ("day", "month", "year")
    assert precision_of(text) == precision
    assert 1900 <= ts.year <= 2100 and period_end(ts, precision) >= ts
    assert ts.strftime("%Y-%m-%d").startswith(text.strip())  # the first day of the period it names


@FAST
@given(st.dates(min_value=pd.Timestamp("1900-01-01").date(), max_value=pd.Timestamp("2100-12-31").date()))
def test_parse_date_reads_every_real_day(day):
    assert parse_date(day.isoformat()) == (pd.Timestamp(day), "day")


# --- the loader -------------------------------------------------------------------------------

def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


BASE = {name: _read(CORPUS / "ok" / f"{name}.csv") for name in TABLES}
IDS = sorted({row[0] for name in ("sources", "actors", "processes", "events") for row in BASE[name][1:]})

values = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "2018-02-30", "2018-13", "10/12/2018", "٢٠١٨", "٢", "-1", "0", "24", "1e3", "3.5",
                     "=HYPERLINK(\"x\")", '"', ",", "\n", "\r\n", ";", "a;;b", "\x00", "\ufeff", "nobody", "XXX",
                     "day", "state", "<script>", "null", "NaN", "None", "1900", "2101"]),
    st.sampled_from(IDS),
)


@st.composite
def mutations(draw):
    """Up to three cells of the small package changed (the header row too, now and then)."""
    out = []
    for _ in range(draw(st.integers(1, 3))):
        table = draw(st.sampled_from(TABLES))
        rows = BASE[table]
        row = draw(st.integers(0, len(rows) - 1))
        column = draw(st.integers(0, len(rows[0]) - 1))
        out.append((table, row, column, draw(values)))
    return out


# Each example is a whole load through Frictionless (0.2-1 s), hence fewer examples than for parse_date;
# a run of 400 examples (and 5000 for parse_date) found nothing more.
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations(), st.booleans())
def test_damaged_package_loads_or_raises_data_error(changes, raw):
    tables = {name: [list(r) for r in rows] for name, rows in BASE.items()}
    for table, row, column, value in changes:
        tables[table][row][column] = value
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp)
        shutil.copy(CORPUS / "ok" / "datapackage.json", package)
        for name, rows in tables.items():
            with (package / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
                if raw:  # cells written as they are, unquoted: the value may break the CSV itself
                    fh.write("".join(",".join(r) + "\n" for r in rows))
                else:
                    csv.writer(fh, lineterminator="\n").writerows(rows)
        try:
            ds = gx.load_dataset(package)
        except gx.DataError as exc:
            assert exc.problems and all(p.file and p.message for p in exc.problems)
            return
        assert isinstance(ds, gx.Dataset)
