#!/usr/bin/env python3
"""Regenerate the corpus of bad data packages under ``tests/bad_inputs/``: one folder per defect.

    .venv/bin/python tests/bad_inputs/make_corpus.py

Every folder is a small but complete data package: the bundled ``datapackage.json`` and a handful
of rows of each table of the bundled ``data/`` (chosen so that every id a row cites exists), with
one defect put in on purpose. ``ok`` is the small package without a defect. What each package
must give (loaded or rejected, and what the message must name) is in ``tests/test_bad_inputs.py``.

The defects touch fixed rows, so that the row numbers in the test stay right: in each table the
edited row is spreadsheet row 3 (the second data row) unless said otherwise. The 50 MB file is
not here: ``tests/test_bad_inputs.py`` makes it in a temporary folder.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "data"

TABLES = ("sources", "actors", "processes", "events", "participation", "relations",
          "objectives", "objective_links", "principles")

#: The events of the small package (the first is row 2 of events.csv, the second row 3, ...).
EVENTS = ("nyd_summit", "zero_draft", "puerto_vallarta", "marrakech_igc", "ts1")
#: How many participation rows to keep per event, relations and principles to keep.
PARTICIPANTS, RELATIONS, PRINCIPLES, OBJECTIVES = 2, 3, 2, 3


def _read(name: str) -> tuple[list[str], list[dict]]:
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames), list(reader)


def _ids(text: str) -> list[str]:
    return [p.strip() for p in (text or "").split(";") if p.strip()]


def small_package() -> dict[str, tuple[list[str], list[dict]]]:
    """A handful of rows per table of the bundled package, closed under every reference."""
    full = {name: _read(name) for name in TABLES}
    by_id = {name: {r["id"]: r for r in full[name][1]} for name in ("sources", "actors", "processes", "events")}

    events = [by_id["events"][e] for e in EVENTS]
    participation = []
    for e in EVENTS:
        participation += [r for r in full["participation"][1] if r["event_id"] == e][:PARTICIPANTS]
    relations = full["relations"][1][:RELATIONS]
    actor_ids = {r["actor_id"] for r in participation}
    process_ids = {e["process_id"] for e in events if e["process_id"]}
    for r in relations:
        for end in (r["source"], r["target"]):
            (actor_ids if end in by_id["actors"] else process_ids).add(end)
    for table, wanted in (("actors", actor_ids), ("processes", process_ids)):
        todo = list(wanted)
        while todo:  # parents too
            parent = by_id[table][todo.pop()]["parent_id"]
            if parent and parent not in wanted:
                wanted.add(parent)
                todo.append(parent)
    actors = [r for r in full["actors"][1] if r["id"] in actor_ids]
    processes = [r for r in full["processes"][1] if r["id"] in process_ids]
    targets = {e["id"] for e in events} | process_ids
    links = [r for r in full["objective_links"][1] if r["target_id"] in targets][:OBJECTIVES]
    numbers = {r["objective"] for r in links} | {"1", "2"}
    objectives = [r for r in full["objectives"][1] if r["number"] in numbers]
    principles = full["principles"][1][:PRINCIPLES]

    cited = set()
    for rows in (actors, processes, events, objectives, principles):
        for r in rows:
            r["source_ids"] = _ids(r["source_ids"])[0]  # one source each keeps sources.csv short
            cited.add(r["source_ids"])
    for rows in (participation, relations, links):
        cited.update(r["source_id"] for r in rows)
    sources = [r for r in full["sources"][1] if r["id"] in cited]

    rows = dict(sources=sources, actors=actors, processes=processes, events=events, participation=participation,
                relations=relations, objectives=objectives, objective_links=links, principles=principles)
    return {name: (full[name][0], rows[name]) for name in TABLES}


def csv_text(header: list[str], rows: list[dict], newline: str = "\n") -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, extrasaction="ignore", lineterminator=newline)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_package(target: Path, tables: dict, raw: dict[str, bytes] | None = None) -> None:
    """Write ``tables`` as a package in ``target``; ``raw`` gives the bytes of some files instead."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copy(DATA / "datapackage.json", target / "datapackage.json")
    raw = raw or {}
    for name, (header, rows) in tables.items():
        if name in raw:
            continue
        (target / f"{name}.csv").write_bytes(csv_text(header, rows).encode("utf-8"))
    for file, data in raw.items():
        if data is not None:
            (target / (file if "." in file else f"{file}.csv")).write_bytes(data)


def _copy(tables: dict) -> dict:
    return {name: (list(header), [dict(r) for r in rows]) for name, (header, rows) in tables.items()}


def _edit(tables: dict, table: str, index: int = 1, **changes) -> dict:
    """A copy of ``tables`` with data row ``index`` (0-based; 1 = spreadsheet row 3) of ``table`` changed."""
    out = _copy(tables)
    out[table][1][index].update(changes)
    return out


def _arabic_indic(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


def defects(base: dict) -> dict[str, tuple[dict, dict]]:
    """name → (tables, raw bytes of some files): every package of the corpus."""
    out: dict[str, tuple[dict, dict]] = {"ok": (base, {})}

    out["missing_file"] = (base, {"relations": None})  # None: the file is not written

    t = _copy(base)
    t["events"][0].remove("kind")
    out["missing_column"] = (t, {})

    t = _copy(base)
    t["actors"][0].append("notes")
    for r in t["actors"][1]:
        r["notes"] = "checked"
    out["extra_column"] = (t, {})

    out["wrong_type"] = (_edit(base, "objectives", number="five"), {})
    out["impossible_date"] = (_edit(base, "events", start="2018-02-30", date_precision="day"), {})
    out["ambiguous_date"] = (_edit(base, "events", start="10/12/2018", date_precision="day"), {})
    out["end_before_start"] = (_edit(base, "events", 2, start="2017-12-04", end="2017-11-06"), {})
    out["unknown_foreign_key"] = (_edit(base, "participation", actor_id="nobody_at_all"), {})

    t = _copy(base)
    t["actors"][1].insert(2, dict(t["actors"][1][1]))  # row 4 repeats row 3
    out["duplicate_key"] = (t, {})

    out["empty_required_field"] = (_edit(base, "events", title_en=""), {})
    out["bad_enum_value"] = (_edit(base, "actors", type="wizard"), {})

    # A spreadsheet that saved as Latin-1 (Windows Western) or Windows Arabic instead of UTF-8.
    t = _edit(base, "events", 2, city="Genève")
    out["wrong_encoding_latin1"] = (t, {"events": csv_text(*t["events"]).encode("latin-1", "replace")})
    out["wrong_encoding_cp1256"] = (base, {"actors": csv_text(*base["actors"]).encode("cp1256", "replace")})

    # Legitimate: a byte-order mark on every CSV and on the descriptor (what Excel's "CSV UTF-8" writes).
    bom = {name: b"\xef\xbb\xbf" + csv_text(*base[name]).encode("utf-8") for name in TABLES}
    bom["datapackage.json"] = b"\xef\xbb\xbf" + (DATA / "datapackage.json").read_bytes()
    out["bom"] = (base, bom)

    # Legitimate: CRLF and LF line endings mixed in one file (a file edited on Windows and elsewhere).
    lines = csv_text(*base["events"], newline="\r\n").split("\r\n")
    mixed = "".join(line + ("\r\n" if i % 2 else "\n") for i, line in enumerate(lines[:-1]))
    out["mixed_line_endings"] = (base, {"events": mixed.encode("utf-8")})

    number = base["objectives"][1][1]["number"]
    out["arabic_indic_digits"] = (_edit(base, "objectives", number=_arabic_indic(number)), {})
    start = base["events"][1][1]["start"]
    out["arabic_indic_date"] = (_edit(base, "events", start=_arabic_indic(start)), {})

    # Legitimate: a label that a spreadsheet would run as a formula is text to us.
    out["formula_cell"] = (_edit(base, "actors", name_en='=HYPERLINK("https://example.org/x","click me")'), {})

    # Broken CSV structure.
    out["empty_file"] = (base, {"principles": b""})
    text = csv_text(*base["principles"]).splitlines(keepends=True)
    text[2] = text[2].rstrip("\n") + ",surplus\n"  # row 3 has one cell more than the header
    out["ragged_row"] = (base, {"principles": "".join(text).encode("utf-8")})
    text = csv_text(*base["principles"]).splitlines(keepends=True)
    text[2] = text[2].replace(",", ',"', 1)  # row 3 opens a quote it never closes
    out["unclosed_quote"] = (base, {"principles": "".join(text).encode("utf-8")})
    rows = [line.split(",") for line in csv_text(*base["objectives"]).splitlines()]
    twice = "".join(",".join([*r, r[0]]) + "\n" for r in rows)  # the column 'number' pasted again at the end
    out["duplicate_column"] = (base, {"objectives": twice.encode("utf-8")})

    # A broken descriptor: a comma too many (invalid JSON), a table it does not name, a table without fields.
    descriptor = (DATA / "datapackage.json").read_text(encoding="utf-8")
    out["broken_descriptor"] = (base, {"datapackage.json": descriptor.replace('"resources": [', '"resources": [,', 1)
                                       .encode("utf-8")})
    parsed = json.loads(descriptor)
    parsed["resources"] = [r for r in parsed["resources"] if r["name"] != "principles"]
    out["descriptor_without_resource"] = (base, {"datapackage.json": json.dumps(parsed, indent=2).encode("utf-8")})
    parsed = json.loads(descriptor)
    next(r for r in parsed["resources"] if r["name"] == "relations")["schema"].pop("fields")
    out["descriptor_without_fields"] = (base, {"datapackage.json": json.dumps(parsed, indent=2).encode("utf-8")})
    return out


def main() -> None:
    base = small_package()
    for name, (tables, raw) in defects(base).items():
        write_package(HERE / name, tables, raw)
    print(f"{len(defects(base))} packages in {HERE}")


if __name__ == "__main__":
    main()
