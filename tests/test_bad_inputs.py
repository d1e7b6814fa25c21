"""The corpus of bad data packages (tests/bad_inputs/, made by make_corpus.py): each is loaded, or
rejected with one problem that names the file, the row, the column, the bad value and the fix;
``gcm-explore validate`` exits 0 or 1 accordingly."""

from __future__ import annotations

import csv
import functools
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import gcm_explore as gx
from gcm_explore import cli
from gcm_explore.io import load as data
from gcm_explore.io.load import MAX_TABLE_BYTES

CORPUS = Path(__file__).resolve().parent / "bad_inputs"


def cell(package: str, table: str, row: int, column: str) -> str:
    """The cell of ``table`` at spreadsheet ``row`` of the corpus package ``package`` (read as UTF-8)."""
    with (CORPUS / package / f"{table}.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))[row - 2][column]


def validate(path: Path, monkeypatch) -> tuple[int, object]:
    """``gcm-explore validate path``: its exit code, and what load_dataset returned or raised (one load)."""
    seen = {}
    real = data.load_dataset

    def spy(p=None):
        try:
            seen["result"] = real(p)
        except Exception as exc:
            seen["result"] = exc
            raise
        return seen["result"]

    monkeypatch.setattr(data, "load_dataset", spy)
    return cli.main(["validate", str(path)]), seen["result"]


@functools.cache
def ok_summary() -> tuple:
    ds = gx.load_dataset(CORPUS / "ok")
    return ds.summary(), list(ds.events.index), list(ds.events.columns)


#: Packages that must load: a byte-order mark, CRLF and LF mixed, a cell a spreadsheet would take for a formula.
ACCEPTED = ["ok", "bom", "mixed_line_endings", "formula_cell"]

#: package → (exception, file, row, column, bad value (None: nothing to show), words of the fix)
REJECTED = {
    "missing_file": (gx.PackageFileError, "relations.csv", None, None, None, "add relations.csv"),
    "missing_column": (gx.SchemaError, "events.csv", 1, "kind", None, "add a column 'kind'"),
    "extra_column": (gx.SchemaError, "actors.csv", 1, "notes", None, "remove it or rename it"),
    "wrong_type": (gx.SchemaError, "objectives.csv", 3, "number", "five", "write a whole number"),
    "impossible_date": (gx.DateError, "events.csv", 3, "start", "2018-02-30", "write a real date"),
    "ambiguous_date": (gx.DateError, "events.csv", 3, "start", "10/12/2018", "2018-12-10"),
    "end_before_start": (gx.DateError, "events.csv", 4, "end", "2017-11-06", "swap start and end"),
    "unknown_foreign_key": (gx.IntegrityError, "participation.csv", 3, "actor_id", "nobody_at_all",
                            "use an existing id of actors.csv"),
    "duplicate_key": (gx.IntegrityError, "actors.csv", 4, "id", cell("duplicate_key", "actors", 3, "id"),
                      "give each row a unique key"),
    "empty_required_field": (gx.SchemaError, "events.csv", 3, "title_en", None, "fill it in"),
    "bad_enum_value": (gx.SchemaError, "actors.csv", 3, "type", "wizard", "use one of: state, un_body"),
    "wrong_encoding_latin1": (gx.PackageFileError, "events.csv", 4, "city", "Genève", "save the file as UTF-8"),
    "wrong_encoding_cp1256": (gx.PackageFileError, "actors.csv", 2, "name_ar", cell("ok", "actors", 2, "name_ar"),
                              "iconv -f CP1256 -t UTF-8 actors.csv"),
    "arabic_indic_digits": (gx.SchemaError, "objectives.csv", 3, "number", "٢", "write it with the digits 0-9: 2"),
    "arabic_indic_date": (gx.DateError, "events.csv", 3, "start", cell("arabic_indic_date", "events", 3, "start"),
                          "write it with the digits 0-9: " + cell("ok", "events", 3, "start")),
    "duplicate_column": (gx.PackageFileError, "objectives.csv", 1, "number", None, "keep one column of that name"),
    "empty_file": (gx.PackageFileError, "principles.csv", 1, None, None, "write the header row: number,title_en"),
    "ragged_row": (gx.SchemaError, "principles.csv", 3, None, "surplus", "remove the extra cells"),
    "unclosed_quote": (gx.PackageFileError, "principles.csv", 3, "title_en", "International cooperation",
                       "close the quote"),
    "broken_descriptor": (gx.PackageFileError, "datapackage.json", 14, None, None, "repair the JSON"),
    "descriptor_without_resource": (gx.PackageFileError, "datapackage.json", None, None, "principles",
                                    "add a resource named 'principles'"),
    "descriptor_without_fields": (gx.PackageFileError, "datapackage.json", None, None, "relations",
                                  "give resource 'relations' a \"schema\" with \"fields\""),
}


def test_the_corpus_is_what_make_corpus_makes():
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("__")}
    assert folders == set(ACCEPTED) | set(REJECTED)


@pytest.mark.parametrize("name", ACCEPTED)
def test_legitimate_package_loads(name, capsys, monkeypatch):
    code, ds = validate(CORPUS / name, monkeypatch)
    assert code == 0 and capsys.readouterr().out.startswith("OK: ")
    assert (ds.summary(), list(ds.events.index), list(ds.events.columns)) == ok_summary()


def test_formula_cell_is_kept_as_text():
    ds = gx.load_dataset(CORPUS / "formula_cell")
    assert ds.actors["name_en"].iloc[1] == '=HYPERLINK("https://example.org/x","click me")'


def test_byte_order_mark_is_not_part_of_the_first_column():
    ds = gx.load_dataset(CORPUS / "bom")
    assert ds.sources.columns[0] == "id" and not any(i.startswith("\ufeff") for i in ds.sources.index)


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_bad_package_is_rejected_naming_file_row_column_value_and_fix(name, capsys, monkeypatch):
    cls, file, row, column, value, fix = REJECTED[name]
    code, exc = validate(CORPUS / name, monkeypatch)
    assert code == 1 and isinstance(exc, gx.DataError)
    assert type(exc) is cls, str(exc)
    assert len(exc.problems) == 1, str(exc)  # one defect, one problem: no noise
    p = exc.problems[0]
    assert (p.file, p.row, p.column) == (file, row, column), str(exc)
    assert fix in p.fix
    if value is None:
        assert p.value in (None, "")
    else:
        assert value in str(p.value)
    text = str(exc)
    where = ", ".join([file] + ([f"row {row}"] if row else []) + ([f"column {column!r}"] if column else []))
    assert f"  {where}: " in text
    if value is not None:
        assert repr(str(p.value) if len(str(p.value)) <= 80 else str(p.value)[:79] + "…") in text
    assert f"Fix: {p.fix}." in text
    assert capsys.readouterr().err.strip() == text


def test_validate_command_exits_1():
    exe = Path(sys.executable).with_name("gcm-explore")  # the console script; in-process runs check exit 0
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "gcm_explore.cli"]
    bad = subprocess.run([*command, "validate", str(CORPUS / "wrong_encoding_cp1256")], capture_output=True,
                         text=True, timeout=120)
    assert bad.returncode == 1 and "actors.csv, row 2, column 'name_ar'" in bad.stderr


def test_a_50_mb_table_is_refused_before_it_is_read(tmp_path):
    package = tmp_path / "big"
    shutil.copytree(CORPUS / "ok", package)
    path = package / "participation.csv"
    lines = path.read_bytes().splitlines(keepends=True)
    body = b"".join(lines[1:])
    with path.open("wb") as fh:
        fh.write(lines[0])
        for _ in range(50 * 2**20 // len(body) + 1):
            fh.write(body)
    assert path.stat().st_size > 50 * 2**20 > MAX_TABLE_BYTES
    started = time.perf_counter()
    with pytest.raises(gx.PackageFileError) as info:
        gx.load_dataset(package)
    assert time.perf_counter() - started < 2
    p = info.value.problems[0]
    assert p.file == "participation.csv" and "MB, more than the 10 MB a table may have" in p.message
    assert "MAX_TABLE_BYTES" in p.fix
    assert cli.main(["validate", str(package)]) == 1
