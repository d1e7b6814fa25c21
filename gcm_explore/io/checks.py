"""What can be wrong with a data package, as :class:`~gcm_explore.errors.Problem` rows that name
the file, row, column, value and fix: what Frictionless finds (types, constraints, keys),
translated into plain words, and what a schema cannot say (dates and their precision, ends
before starts, source ids, links to actors or processes, digits that are not ASCII, ISO codes).
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pandas as pd

from ..errors import DateError, Problem
from ..model.dataset import DATE_COLUMNS, split_ids
from ..model.dates import DATE_FORMS, parse_date, period_end
from .reading import table_path

__all__ = ["frictionless_problems", "content_problems"]

_NOTE_CONSTRAINT = re.compile(r'constraint "(\w+)" is "(.*)"')
_NOTE_FK = re.compile(r'for "([^"]+)": values "([^"]*)" not found in the lookup table "([^"]+)" as "([^"]+)"')


def frictionless_problems(descriptor: dict, base: Path) -> list[Problem]:
    from frictionless import FrictionlessException, Package

    copy = json.loads(json.dumps(descriptor))
    for resource in copy.get("resources", []):
        # match columns by name; missing, extra and repeated columns, and rows with too many or
        # too few cells, are reported by reading.parse_table. The files are known to be UTF-8.
        resource.get("schema", {})["fieldsMatch"] = "partial"
        resource["encoding"] = "utf-8-sig"
    try:
        report = Package.from_descriptor(copy, basepath=str(base)).validate()
    except FrictionlessException as exc:
        return [Problem("datapackage.json", None, None, None, f"cannot be checked ({exc.error.message})",
                        "repair the descriptor", "file")]
    resources = {r["name"]: r for r in descriptor["resources"]}
    problems = []
    for task in report.tasks:
        resource = resources.get(task.name, {"name": task.name, "schema": {"fields": []}})
        for error in task.errors:
            if error.type in ("missing-label", "extra-label", "duplicate-label", "blank-label",
                              "extra-cell", "missing-cell"):
                continue
            if error.type == "primary-key" and 'are all "None"' in error.note:
                continue  # a key cell that is empty or of the wrong type, reported as such
            problems.append(_translate(error, resource))
    for error in report.errors:
        problems.append(Problem("datapackage.json", None, None, None, error.message, "repair the descriptor", "file"))
    return problems



def _fields(resource: dict) -> list[dict]:
    return resource["schema"]["fields"]



def _translate(error, resource: dict) -> Problem:
    rel = table_path(resource)
    d = error.to_descriptor()
    row, column, cell, note = d.get("rowNumber"), d.get("fieldName") or None, d.get("cell"), d.get("note", "")
    spec = next((f for f in _fields(resource) if f["name"] == column), {})
    is_date = column in DATE_COLUMNS.get(resource["name"], ()) or (resource["name"] == "sources" and column == "date")
    kind = error.type
    if kind == "constraint-error" and _other_digits(cell):
        note = note.replace('constraint "pattern"', 'constraint "digits"')
    if kind == "type-error":
        return Problem(rel, row, column, cell, f"is not of type {spec.get('type', '?')}",
                       "write a whole number" if spec.get("type") == "integer" else "correct the value")
    if kind == "constraint-error":
        m = _NOTE_CONSTRAINT.search(note)
        name, arg = (m.group(1), m.group(2)) if m else ("", "")
        if name == "required":
            return Problem(rel, row, column, cell, "is empty, but this column is required", "fill it in")
        if name == "enum":
            return Problem(rel, row, column, cell, "is not an allowed value",
                           f"use one of: {', '.join(spec.get('constraints', {}).get('enum', []))}")
        if name == "pattern" and is_date:
            return Problem(rel, row, column, cell, f"is not a date in the form {DATE_FORMS}",
                           "write it as e.g. 2018-12-10, 2018-12 or 2018 (a form like 10/12/2018 is ambiguous)",
                           "date")
        if name == "pattern":
            return Problem(rel, row, column, cell, "does not have the expected form",
                           f"{spec.get('description', 'see the schema')} (pattern {arg})")
        if name == "digits":  # a pattern of 0-9 that other digits fail
            return Problem(rel, row, column, cell, f"is written with {_other_digits(cell)} digits",
                           f"write it with the digits 0-9: {_ascii_digits(cell)}", "date" if is_date else "schema")
        if name in ("minimum", "maximum"):
            return Problem(rel, row, column, cell, f"is out of range ({name} {arg})", "correct the value")
        return Problem(rel, row, column, cell, note or error.message, "correct the value")
    if kind == "primary-key":
        key = resource["schema"].get("primaryKey", [])
        return Problem(rel, row, ", ".join(key) if isinstance(key, list) else key, _cells(d, resource, key),
                       f"repeats the key of an earlier row ({note})", "give each row a unique key, or delete the repeated row",
                       "integrity")
    if kind == "foreign-key":
        m = _NOTE_FK.search(note)
        if m:
            col, value, table, ref = m.groups()
            return Problem(rel, row, col, value, f"is not an {ref} in {table}.csv",
                           f"use an existing {ref} of {table}.csv, or add a row with that {ref} there", "integrity")
    if kind in ("blank-row",):
        return Problem(rel, row, None, None, "is empty", "delete the empty row")
    return Problem(rel, row, column, cell, error.message.rstrip("."), "correct the value" if row else "correct the file",
                   "file" if row is None else "schema")



def _cells(d: dict, resource: dict, key) -> str | None:
    cells = d.get("cells")
    names = [f["name"] for f in _fields(resource)]
    if not cells or not isinstance(key, list):
        return None
    values = dict(zip(names, cells))
    return " / ".join(str(values.get(k, "")) for k in key)



def content_problems(frames: dict[str, pd.DataFrame], resources: dict) -> list[Problem]:
    problems: list[Problem] = []
    rel = {name: resources[name].get("path", f"{name}.csv") for name in frames}

    for table, cols in DATE_COLUMNS.items():
        frame = frames[table]
        for row, record in frame.iterrows():
            parsed = {}
            for col in cols:
                text = record.get(col, "")
                if not text:
                    continue
                try:
                    parsed[col] = parse_date(text)
                except DateError as exc:
                    reason = exc.problems[0].message
                    if "form" not in reason:  # the schema's pattern already reported the form
                        problems.append(Problem(rel[table], row, col, text, reason,
                                                f"write a real date as {DATE_FORMS}", "date"))
            if "start" in parsed and "end" in parsed:
                (s, _), (e, ep) = parsed["start"], parsed["end"]
                if period_end(e, ep) < s:
                    problems.append(Problem(rel[table], row, "end", record["end"],
                                            f"is before the start {record['start']}",
                                            "swap start and end, or correct the one that is wrong", "date"))
            if table == "events" and "start" in parsed and record.get("date_precision"):
                if record["date_precision"] != parsed["start"][1]:
                    problems.append(Problem(rel[table], row, "date_precision", record["date_precision"],
                                            f"does not match the start {record['start']!r}, which is precise to the "
                                            f"{parsed['start'][1]}", f"write {parsed['start'][1]!r}, or give the start "
                                            "at that precision", "date"))

    source_ids = set(frames["sources"]["id"])
    for table in ("actors", "processes", "events", "objectives", "principles"):
        for row, text in frames[table]["source_ids"].items():
            for sid in split_ids(text):
                if sid not in source_ids:
                    problems.append(Problem(rel[table], row, "source_ids", sid, "is not an id in sources.csv",
                                            "use an existing id of sources.csv, or add the source there", "integrity"))

    nodes = set(frames["actors"]["id"]) | set(frames["processes"]["id"])
    for row, record in frames["relations"].iterrows():
        for col in ("source", "target"):
            if record[col] and record[col] not in nodes:
                problems.append(Problem(rel["relations"], row, col, record[col],
                                        "is not an id in actors.csv or processes.csv",
                                        "use an existing actor or process id, or add it there", "integrity"))
    targets = nodes | set(frames["events"]["id"])
    for row, value in frames["objective_links"]["target_id"].items():
        if value and value not in targets:
            problems.append(Problem(rel["objective_links"], row, "target_id", value,
                                    "is not an id in events.csv or processes.csv",
                                    "use an existing event or process id", "integrity"))

    problems += _check_digits(frames, resources)
    problems += _check_iso3(frames["actors"], "iso3", rel["actors"])
    problems += _check_iso3(frames["events"], "country_iso3", rel["events"])
    for row, record in frames["sources"].iterrows():
        if record.get("file") and not record.get("quote"):
            problems.append(Problem(rel["sources"], row, "quote", None,
                                    "is empty, but a source that names a seed file must quote it",
                                    "copy a short passage of the file that supports the rows citing it"))
    return problems



def _other_digits(value: object) -> str | None:
    """The name of the digits in ``value`` that are not 0-9 ('Arabic-Indic', ...), or None."""
    for ch in str(value or ""):
        if not ch.isascii() and unicodedata.decimal(ch, None) is not None:
            return unicodedata.name(ch, "OTHER DIGIT").rsplit(" DIGIT", 1)[0].title()
    return None



def _ascii_digits(value: object) -> str:
    return "".join(str(unicodedata.decimal(ch)) if not ch.isascii() and unicodedata.decimal(ch, None) is not None
                   else ch for ch in str(value))



def _check_digits(frames: dict[str, pd.DataFrame], resources: dict) -> list[Problem]:
    """Numbers written with other digits than 0-9: Frictionless reads them as numbers, other tools do not."""
    problems = []
    for name, frame in frames.items():
        for spec in _fields(resources[name]):
            if spec.get("type") in ("integer", "number") and spec["name"] in frame:
                for row, value in frame[spec["name"]].items():
                    if digits := _other_digits(value):
                        problems.append(Problem(table_path(resources[name]), row, spec["name"], value,
                                                f"is written with {digits} digits", "write it with the digits 0-9: "
                                                f"{_ascii_digits(value)}"))
    return problems



def _check_iso3(frame: pd.DataFrame, column: str, rel: str) -> list[Problem]:
    import pycountry

    problems = []
    for row, code in frame[column].items():
        if code and pycountry.countries.get(alpha_3=code) is None:
            problems.append(Problem(rel, row, column, code, "is not an ISO 3166-1 alpha-3 country code",
                                    "use the three-letter code, e.g. MAR for Morocco, CHE for Switzerland"))
    return problems
