"""Data packages in and out: write_package, from_spreadsheet, merge. Nothing lost, nothing overwritten."""

from __future__ import annotations

import csv
import dataclasses
import json
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from pandas.testing import assert_frame_equal

import gcm_explore as gx
from gcm_explore.io.files import neutralise
from gcm_explore.io.package import merge, write_package
from gcm_explore.io.spreadsheet import from_spreadsheet
from gcm_explore.model.dataset import TABLES
from gcm_explore.model.dates import parse_date, period_end
from tests.test_properties import BASE, CORPUS


def assert_same(a: gx.Dataset, b: gx.Dataset) -> None:
    for name in TABLES:
        assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)


@pytest.fixture(scope="module")
def book(ds, tmp_path_factory) -> Path:
    """The bundled data exported as a workbook (with the nodes and edges sheets)."""
    return gx.export(ds, "xlsx", tmp_path_factory.mktemp("book") / "gcm.xlsx")


def edited(book: Path, target: Path, edit) -> Path:
    """A copy of ``book`` at ``target`` after ``edit(workbook)``."""
    wb = load_workbook(book)
    edit(wb)
    wb.save(target)
    return target


def set_cell(ws, row: int, column: str, value) -> None:
    header = [c.value for c in ws[1]]
    ws.cell(row, header.index(column) + 1).value = value


def workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


# --- the bundled data: nothing lost -------------------------------------------------------------

def test_write_package_gives_back_the_bundled_tables(ds, tmp_path):
    folder = write_package(ds, tmp_path / "pkg")
    assert_same(gx.load_dataset(folder), ds)
    with (folder / "processes.csv").open(encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    assert header == [f["name"] for f in next(r for r in ds.descriptor["resources"]
                                              if r["name"] == "processes")["schema"]["fields"]]
    assert "start_precision" not in header  # derived by load_dataset, not data
    phase1 = next(r for r in rows if r[0] == "phase1_consultations")
    assert phase1[header.index("start")] == "2017-04"  # at its precision, as in data/processes.csv
    assert json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["name"] == ds.descriptor["name"]


def test_write_package_keeps_every_column_or_says_why_not(ds, tmp_path):
    actors = ds.actors.assign(score=-3)
    with pytest.raises(gx.DataError, match=r"actors.csv, column 'score': is a column of the table but not of its "
                                           r"schema, so it would be lost. Fix: add it to the schema"):
        write_package(dataclasses.replace(ds, actors=actors), tmp_path / "pkg")
    (tmp_path / "file").write_text("x")
    with pytest.raises(NotADirectoryError, match="is a file"):
        write_package(ds, tmp_path / "file")


def test_spreadsheet_gives_back_the_bundled_tables(ds, book):
    back = from_spreadsheet(book)  # the nodes and edges sheets are ignored
    assert_same(back, ds)
    assert back.path == book.resolve()


def test_text_that_starts_with_a_quote_is_neutralised_too():
    assert neutralise("'x") == "''x" and neutralise("''") == "'''"
    assert neutralise("x'") == "x'" and neutralise("=1") == "'=1"


# --- property: generated datasets, both round trips ---------------------------------------------

HOSTILE = ["=1+1", "'x", "'", "''", "@a", "-3", "+1", "3", "1e3", "0012", "2018-12-10", "TRUE", "#N/A",
           "a\nb", "a\r\nb", "a\rb", 'say "hi"', "a,b", "a;b", "\t=x", "_x000D_", "_x005F_x0041_", "x005F_",
           "\x00\x0b", "\ufeffx", "\u200fرح", "الهجرة الآمنة والمنظمة والنظامية", "مراكش، ١٠ كانون الأول ٢٠١٨",
           "<b>x</b>", "ﷺ", "a\u2028b"]
#: Columns with no pattern, vocabulary or check beyond being filled in (when required).
FREE_TEXT = {"events": ("title_en", "title_ar", "city", "doc_symbol", "description_en", "description_ar"),
             "actors": ("name_en", "name_ar", "short_en", "short_ar", "subregion"),
             "processes": ("name_en", "name_ar", "short_en", "short_ar", "description_en", "description_ar"),
             "sources": ("title", "publisher", "quote"),
             "objectives": ("title_en", "title_ar"), "principles": ("title_en", "title_ar")}
#: Columns that hold ids, for renaming an id everywhere (hostile but valid ids such as "-3").
ID_COLUMNS = ("id", "parent_id", "process_id", "event_id", "actor_id", "source_id", "target_id", "source", "target",
              "source_ids")
DATED = ("events", "processes", "relations")
FORMS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}

texts = st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=15),
                  st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=3).map("".join)).filter(str.strip)
days = st.dates(min_value=pd.Timestamp("1900-01-01").date(), max_value=pd.Timestamp("2100-12-31").date())


@st.composite
def intervals(draw):
    """(start, end) texts of any precision, the end empty or not before the start."""
    first, second = sorted((draw(days), draw(days)))
    p1, p2 = draw(st.sampled_from(list(FORMS))), draw(st.sampled_from(list(FORMS)))
    end = draw(st.sampled_from(["", first.strftime(FORMS[p2]), second.strftime(FORMS[p2])]))
    start = first.strftime(FORMS[p1])
    if end and period_end(*parse_date(end)) < parse_date(start)[0]:
        end = ""
    return start, end, p1


@st.composite
def packages(draw):
    """The small package of tests/bad_inputs/ok with hostile text, dates of every precision, hostile ids."""
    tables = {name: [list(r) for r in rows] for name, rows in BASE.items()}
    for name, columns in FREE_TEXT.items():
        header = tables[name][0]
        for row in tables[name][1:]:
            for column in draw(st.lists(st.sampled_from(columns), max_size=3, unique=True)):
                row[header.index(column)] = draw(texts)
    for name in DATED:
        header = tables[name][0]
        for row in tables[name][1:]:
            row[header.index("start")], row[header.index("end")], precision = draw(intervals())
            if name == "events":
                row[header.index("date_precision")] = precision
    renames = {draw(st.sampled_from(["mex", "unga", "ts1", "gcm", "a_res_73_195"])):
               draw(st.sampled_from(["-3", "-x.y"]))}
    for rows in tables.values():
        header = rows[0]
        for row in rows[1:]:
            for i, column in enumerate(header):
                if column in ID_COLUMNS:
                    row[i] = ";".join(renames.get(part, part) for part in row[i].split(";"))
    return tables


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(packages())
def test_generated_datasets_survive_both_round_trips(tables):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "pkg").mkdir()
        shutil.copy(CORPUS / "ok" / "datapackage.json", root / "pkg")
        for name, rows in tables.items():
            with (root / "pkg" / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
                csv.writer(fh).writerows(rows)
        ds = gx.load_dataset(root / "pkg")
        assert_same(gx.load_dataset(write_package(ds, root / "again")), ds)
        assert_same(from_spreadsheet(gx.export_xlsx(ds, root / "book.xlsx")), ds)


# --- spreadsheets: problems name the workbook, sheet, row and column ---------------------------

def test_a_wrong_date_names_workbook_sheet_row_column_value_and_fix(book, tmp_path):
    path = edited(book, tmp_path / "teacher.xlsx", lambda wb: set_cell(wb["events"], 7, "start", "2018-02-30"))
    with pytest.raises(gx.DateError) as info:
        from_spreadsheet(path)
    assert str(info.value).splitlines()[1:] == [
        "  teacher.xlsx, sheet 'events', row 7, column 'start': '2018-02-30' is not a date in the calendar. "
        "Fix: write a real date as YYYY-MM-DD, YYYY-MM or YYYY."]


def test_an_unknown_actor_names_the_sheet_it_is_missing_from(book, tmp_path):
    path = edited(book, tmp_path / "teacher.xlsx", lambda wb: set_cell(wb["participation"], 5, "actor_id", "nobody"))
    with pytest.raises(gx.IntegrityError, match=r"teacher.xlsx, sheet 'participation', row 5, column 'actor_id': "
                                                r"'nobody' is not an id in sheet 'actors'. Fix: use an existing id"):
        from_spreadsheet(path)


def test_a_missing_sheet_is_named_unless_there_is_a_base(ds, book, tmp_path):
    path = edited(book, tmp_path / "teacher.xlsx", lambda wb: wb.remove(wb["relations"]))
    with pytest.raises(gx.PackageFileError, match=r"teacher.xlsx: has no sheet named 'relations' \(its sheets are: "
                                                  r"sources, actors, .*\). Fix: add a sheet named like each table.*"
                                                  r"or pass base=gx.load_dataset\(\)"):
        from_spreadsheet(path)
    assert_same(from_spreadsheet(path, base=ds), ds)  # every row is the base's: kept once


def test_a_file_that_is_not_a_workbook(tmp_path):
    (tmp_path / "notes.xlsx").write_text("id,name\n", encoding="utf-8")
    with pytest.raises(gx.PackageFileError, match=r"notes.xlsx: cannot be read as an Excel workbook .*Fix: save it"):
        from_spreadsheet(tmp_path / "notes.xlsx")


# --- a teacher's rows added to the bundled record ----------------------------------------------

EVENT_HEADER = ["id", "title_en", "title_ar", "start", "end", "date_precision", "kind", "process_id", "city",
                "country_iso3", "doc_symbol", "description_en", "description_ar", "source_ids"]
#: A placeholder event of a class exercise (not part of the record), citing bundled ids.
CLASS_EVENT = ["class_simulation", "Classroom simulation", "محاكاة في الصف", "2024-03", None, "month", "other", "gcm",
               None, None, None, None, None, "a_res_73_195"]


def test_a_workbook_adds_rows_to_the_base(ds, tmp_path):
    path = workbook(tmp_path / "mine.xlsx", {
        "events": [EVENT_HEADER, CLASS_EVENT],
        "participation": [["event_id", "actor_id", "role", "source_id"],
                          ["class_simulation", "iom", "participant", "a_res_73_195"]],
        "notes": [["anything"]]})
    mine = from_spreadsheet(path, base=ds)
    assert len(mine.events) == len(ds.events) + 1 and len(mine.actors) == len(ds.actors)
    assert mine.events.loc["class_simulation", "start"] == pd.Timestamp("2024-03-01")
    assert mine.events.loc["class_simulation", "date_precision"] == "month"
    assert_frame_equal(mine.events.drop(index="class_simulation"), ds.events)
    G = gx.build_network(mine, include_events=True)
    assert G.has_edge("iom", "class_simulation")


def test_base_problems_name_the_workbook_rows(ds, tmp_path):
    bad = ["other_class", *CLASS_EVENT[1:3], "2024-13", *CLASS_EVENT[4:7], "no_such_process", *CLASS_EVENT[8:]]
    path = workbook(tmp_path / "mine.xlsx", {"events": [EVENT_HEADER, CLASS_EVENT, [None] * 3, bad]})
    with pytest.raises(gx.DataError) as info:
        from_spreadsheet(path, base=ds)
    lines = str(info.value).splitlines()[1:]
    # row 3 is empty (skipped); the bad row is row 4 of the sheet, after all the rows of the base
    assert lines == [
        "  mine.xlsx, sheet 'events', row 4, column 'process_id': 'no_such_process' is not an id in the base data's "
        "processes.csv. Fix: use an existing id of the base data's processes.csv, or add a row with that id there.",
        "  mine.xlsx, sheet 'events', row 4, column 'start': '2024-13' has month 13, which does not exist. "
        "Fix: write a real date as YYYY-MM-DD, YYYY-MM or YYYY."]


def test_a_base_id_with_other_content_is_a_clash(ds, tmp_path):
    row = list(ds.actors.loc["iom", [f for f in ds.actors.columns if f != "start_precision"]])
    header = list(ds.actors.columns)
    row[header.index("name_en")] = "Another name"
    path = workbook(tmp_path / "mine.xlsx", {"actors": [header, [None if pd.isna(v) else v for v in row]]})
    with pytest.raises(gx.IntegrityError, match=r"mine.xlsx, sheet 'actors', row 2, column 'name_en': 'iom' is also "
                                                r"a key of the base data, with other content \(name_en: 'International "
                                                r"Organization for Migration' in the base data, 'Another name' in the "
                                                r"workbook\). Fix: give the row another id in the workbook"):
        from_spreadsheet(path, base=ds)


# --- merge ----------------------------------------------------------------------------------------

def test_merge_lists_every_clash_and_overwrites_nothing(ds):
    renamed = ds.events.copy()
    renamed.loc[["nyd_summit", "marrakech_igc"], "title_en"] = "Another title"
    renamed.loc["marrakech_igc", "city"] = "Rabat"
    before = ds.events.copy()
    with pytest.raises(gx.IntegrityError) as info:
        merge(ds, dataclasses.replace(ds, events=renamed))
    problems = info.value.problems
    assert {(p.value, p.column) for p in problems} == {("marrakech_igc", "title_en, city"), ("nyd_summit", "title_en")}
    clash = next(p for p in problems if p.value == "marrakech_igc")
    assert str(clash).startswith("events.csv of b, row ")
    assert "column 'title_en, city': 'marrakech_igc' is also a key of a, with other content (title_en: " in str(clash)
    assert str(clash).endswith("'Another title' in b; city: 'Marrakech' in a, 'Rabat' in b). "
                               "Fix: give the row another id in b, or drop it from a or b.")
    assert_frame_equal(ds.events, before)


def test_merge_adds_new_rows_that_cite_the_record(ds):
    event = pd.DataFrame([dict(zip(EVENT_HEADER, CLASS_EVENT))]).assign(start=pd.Timestamp("2024-03-01"),
                                                                         end=pd.NaT)
    b = dataclasses.replace(ds, events=pd.concat([ds.events.iloc[:3], event]),
                            participation=pd.DataFrame([{"event_id": "class_simulation", "actor_id": "iom",
                                                         "role": "participant", "source_id": "a_res_73_195"}]))
    merged = merge(ds, b)  # the three events b shares with ds are kept once
    assert len(merged.events) == len(ds.events) + 1
    assert merged.events.loc["class_simulation", "title_ar"] == "محاكاة في الصف"
    assert merged.path == ds.path
    assert gx.build_network(merged, include_events=True).has_edge("iom", "class_simulation")
    assert_same(merge(ds, ds), ds)


def test_merge_checks_references_of_the_union(ds):
    participation = pd.DataFrame([{"event_id": "nyd_summit", "actor_id": "nobody", "role": "participant",
                                   "source_id": "a_res_71_1"}])
    with pytest.raises(gx.IntegrityError, match=r"participation.csv of b, row 2, column 'actor_id': 'nobody' is not "
                                                r"an id in actors.csv"):
        merge(ds, dataclasses.replace(ds, participation=participation))


def test_a_repeated_new_id_names_both_sheet_rows(ds, tmp_path):
    again = [*CLASS_EVENT[:1], "Another title", *CLASS_EVENT[2:]]
    path = workbook(tmp_path / "mine.xlsx", {"events": [EVENT_HEADER, CLASS_EVENT, [], again]})
    with pytest.raises(gx.IntegrityError) as info:
        from_spreadsheet(path, base=ds)
    assert [str(p) for p in info.value.problems] == [
        "mine.xlsx, sheet 'events', row 4, column 'id': 'class_simulation' repeats the key of an earlier row (the same "
        "as in row 2). Fix: give each row a unique key, or delete the repeated row."]


def test_cli_validates_a_workbook_and_writes_a_package(ds, book, tmp_path, capsys):
    from gcm_explore.cli import main

    assert main(["validate", str(book)]) == 0
    assert capsys.readouterr().out.startswith(f"OK: {len(gx.load_dataset().sources)} sources")
    bad = edited(book, tmp_path / "teacher.xlsx", lambda wb: set_cell(wb["events"], 7, "start", "2018-02-30"))
    assert main(["validate", str(bad)]) == 1
    assert "teacher.xlsx, sheet 'events', row 7, column 'start'" in capsys.readouterr().err
    only_new = edited(book, tmp_path / "mine.xlsx", lambda wb: wb.remove(wb["relations"]))
    assert main(["validate", str(only_new), "--base"]) == 0
    assert main(["export", "package", "--out", str(tmp_path / "pkg"), "--data", str(book)]) == 0
    assert_same(gx.load_dataset(tmp_path / "pkg"), ds)
