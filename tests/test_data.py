"""Loading and validating data packages: the bundled one loads; each kind of bad input is
reported with file, row, column, value and fix, and all problems at once."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import gcm_explore as gx
from gcm_explore import cli
from gcm_explore.model import vocab
from gcm_explore.model.dataset import bundled_path

from .conftest import edit_row, read_rows, write_rows


def test_bundled_dataset_has_every_table_with_rows(ds):
    for name in ("events", "actors", "processes", "participation", "relations", "objectives", "sources"):
        assert len(getattr(ds, name)) > 0, name
    assert len(ds.objectives) == 23
    assert len(ds.principles) == 10


def test_dates_are_datetimes_with_precision(ds):
    assert pd.api.types.is_datetime64_any_dtype(ds.events["start"])
    assert ds.events.loc["marrakech_igc", "start"] == pd.Timestamp("2018-12-10")
    assert ds.events.loc["marrakech_igc", "end"] == pd.Timestamp("2018-12-11")
    assert set(ds.events["date_precision"]) <= {"day", "month", "year"}
    # a phase known to the month ends on the last day of its last month
    assert ds.processes.loc["phase3_negotiations", "end"] == pd.Timestamp("2018-07-31")


def test_every_row_cites_existing_sources(ds):
    known = set(ds.sources.index)
    for table in (ds.events, ds.actors, ds.processes, ds.objectives):
        for ids in table["source_ids"]:
            cited = gx.model.dataset.split_ids(ids)
            assert cited and set(cited) <= known
    assert set(ds.participation["source_id"]) <= known
    assert set(ds.relations["source_id"]) <= known


def test_schema_enums_are_the_code_vocabularies():
    descriptor = json.loads((bundled_path() / "datapackage.json").read_text(encoding="utf-8"))
    fields = {(r["name"], f["name"]): f for r in descriptor["resources"] for f in r["schema"]["fields"]}
    for (table, column), terms in vocab.VOCABULARIES.items():
        assert fields[(table, column)]["constraints"]["enum"] == list(terms), (table, column)
        assert all(en and ar for en, ar in terms.values())


def test_missing_column_names_file_column_and_fix(package):
    header, rows = read_rows(package / "events.csv")
    header.remove("kind")
    write_rows(package / "events.csv", header, rows)
    with pytest.raises(gx.SchemaError, match=r"events\.csv, row 1, column 'kind': is missing from the header\. Fix: add a column 'kind'"):
        gx.load_dataset(package)


def test_impossible_date_is_a_date_error(package):
    row = edit_row(package, "events", ("id", "zero_draft"), start="2018-02-30")
    with pytest.raises(gx.DateError, match=rf"events\.csv, row {row}, column 'start': '2018-02-30' is not a date in the calendar"):
        gx.load_dataset(package)


def test_ambiguous_date_form_is_rejected_with_the_forms_allowed(package):
    row = edit_row(package, "events", ("id", "zero_draft"), start="05/02/2018")
    with pytest.raises(gx.DateError, match=rf"row {row}, column 'start': '05/02/2018' is not a date in the form YYYY-MM-DD, YYYY-MM or YYYY.*ambiguous"):
        gx.load_dataset(package)


def test_end_before_start(package):
    row = edit_row(package, "events", ("id", "marrakech_igc"), start="2018-12-10", end="2018-12-01")
    with pytest.raises(gx.DateError, match=rf"events\.csv, row {row}, column 'end': '2018-12-01' is before the start 2018-12-10\. Fix: swap"):
        gx.load_dataset(package)


def test_precision_must_match_the_date(package):
    row = edit_row(package, "events", ("id", "zero_draft"), date_precision="month")
    with pytest.raises(gx.DateError, match=rf"row {row}, column 'date_precision': 'month' does not match the start"):
        gx.load_dataset(package)


def test_unknown_foreign_key(package):
    header, rows = read_rows(package / "participation.csv")
    rows[0]["actor_id"] = "nobody_at_all"
    write_rows(package / "participation.csv", header, rows)
    with pytest.raises(gx.IntegrityError, match=r"participation\.csv, row 2, column 'actor_id': 'nobody_at_all' is not an id in actors\.csv\. Fix: use an existing id"):
        gx.load_dataset(package)


def test_unknown_source_id(package):
    row = edit_row(package, "actors", ("id", "iom"), source_ids="no_such_source")
    with pytest.raises(gx.IntegrityError, match=rf"actors\.csv, row {row}, column 'source_ids': 'no_such_source' is not an id in sources\.csv"):
        gx.load_dataset(package)


def test_duplicate_id(package):
    header, rows = read_rows(package / "actors.csv")
    rows.append(dict(rows[0]))
    write_rows(package / "actors.csv", header, rows)
    with pytest.raises(gx.IntegrityError, match=rf"actors\.csv, row {len(rows) + 1}, column 'id': '{rows[0]['id']}' repeats the key of an earlier row"):
        gx.load_dataset(package)


def test_bad_vocabulary_value_lists_the_choices(package):
    row = edit_row(package, "events", ("id", "zero_draft"), kind="party")
    with pytest.raises(gx.SchemaError, match=rf"row {row}, column 'kind': 'party' is not an allowed value\. Fix: use one of: summit, conference"):
        gx.load_dataset(package)


def test_missing_file(package):
    (package / "relations.csv").unlink()
    with pytest.raises(gx.PackageFileError, match=r"relations\.csv: is missing\. Fix: add relations\.csv"):
        gx.load_dataset(package)


def test_not_a_package(tmp_path):
    with pytest.raises(gx.PackageFileError, match="datapackage.json: does not exist"):
        gx.load_dataset(tmp_path)


def test_several_problems_are_all_listed(package):
    edit_row(package, "events", ("id", "zero_draft"), start="2018-02-30")
    edit_row(package, "actors", ("id", "iom"), type="wizard")
    with pytest.raises(gx.DataError) as info:
        gx.load_dataset(package)
    assert type(info.value) is gx.DataError  # problems of different kinds
    text = str(info.value)
    assert text.startswith("2 problems in the data package:")
    assert "'2018-02-30' is not a date in the calendar" in text and "'wizard' is not an allowed value" in text
    assert len(info.value.problems) == 2


def test_byte_order_mark_is_accepted(package):
    path = package / "events.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert "zero_draft" in gx.load_dataset(package).events.index


def test_cli_validate_ok_and_problems(package, capsys):
    assert cli.main(["validate"]) == 0
    assert capsys.readouterr().out.startswith("OK: ")
    edit_row(package, "events", ("id", "zero_draft"), start="2018-13")
    assert cli.main(["validate", str(package)]) == 1
    err = capsys.readouterr().err
    assert "events.csv" in err and "'2018-13' has month 13, which does not exist" in err


def test_frictionless_checks_a_content_once(package, monkeypatch, tmp_path):
    """Frictionless (2 s in a new kernel) runs once per exact content; our own checks every time."""
    from gcm_explore.io import load

    monkeypatch.setenv("GCM_EXPLORE_CACHE", str(tmp_path / "cache"))
    calls = []
    check = load.frictionless_problems
    monkeypatch.setattr(load, "frictionless_problems", lambda *a: calls.append(1) or check(*a))
    gx.load_dataset(package)
    gx.load_dataset(package)
    assert len(calls) == 1 and list((tmp_path / "cache" / "valid").iterdir())
    edit_row(package, "events", ("id", "zero_draft"), title_en="Zero draft, edited")
    assert gx.load_dataset(package).events.at["zero_draft", "title_en"] == "Zero draft, edited"
    assert len(calls) == 2, "a changed file is checked again"
    edit_row(package, "events", ("id", "zero_draft"), start="2018-02-30")
    for _ in range(2):  # a package with problems is never remembered as valid
        with pytest.raises(gx.DataError, match="2018-02-30"):
            gx.load_dataset(package)
    assert len(calls) == 4
