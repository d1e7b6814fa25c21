"""Load and validate a GCM data package into pandas tables.

The package is plain CSV described by a Frictionless ``datapackage.json``. Frictionless checks
types, constraints, primary and foreign keys; this module adds the checks a schema cannot
say (dates and their precision, ends before starts, source ids, links to actors or processes)
and turns every problem into a :class:`~gcm_explore.errors.Problem` that names the file, row,
column, value and fix. All problems are reported at once.

>>> import gcm_explore as gx
>>> ds = gx.load_dataset()
>>> ds.events.loc["marrakech_igc", "city"]
'Marrakech'
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from pathlib import Path

import pandas as pd

from ..errors import DataError, DateError, Problem
from ..model.dataset import DATE_COLUMNS, TABLES, Dataset, bundled_path, cache_dir, split_ids
from ..model.dates import DATE_FORMS, parse_date, period_end
from .reading import parse_table, read_text, table_path

__all__ = ["load_dataset", "MAX_TABLE_BYTES"]

#: The largest table file load_dataset reads (bytes): a bigger one is refused before it is read.
MAX_TABLE_BYTES = 10 * 2**20


def load_dataset(path: str | Path | None = None) -> Dataset:
    """Load, validate and return a GCM data package.

    Parameters
    ----------
    path : folder of a data package or its ``datapackage.json``. If None: the package named by
        the environment variable ``GCM_EXPLORE_DATA`` if set, else the bundled one.

    Raises
    ------
    DataError (or a subclass) listing every problem found, each with file, row, column,
    value and fix.
    """
    if path is None:
        path = os.environ.get("GCM_EXPLORE_DATA") or None
    root = Path(path) if path is not None else bundled_path()
    descriptor_path = root if root.suffix == ".json" else root / "datapackage.json"
    descriptor = _read_descriptor(descriptor_path)
    base = descriptor_path.parent
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list) or not all(
            isinstance(r, dict) and isinstance(r.get("name"), str) for r in descriptor["resources"]):
        raise DataError.from_problems([Problem("datapackage.json", None, "resources", None,
                                               "has no list of named resources",
                                               "write \"resources\": [{\"name\": \"events\", \"path\": \"events.csv\", "
                                               "\"schema\": ...}, ...] (copy the bundled datapackage.json)", "file")])
    resources = {r["name"]: r for r in descriptor["resources"]}

    problems: list[Problem] = []
    for name in TABLES:
        if name not in resources:
            problems.append(Problem("datapackage.json", None, None, name, "is not one of its resources",
                                    f"add a resource named {name!r} with its schema", "file"))
        elif not isinstance(resources[name].get("schema"), dict) or not isinstance(
                resources[name]["schema"].get("fields"), list) or not all(
                isinstance(f, dict) and isinstance(f.get("name"), str) for f in resources[name]["schema"]["fields"]):
            problems.append(Problem("datapackage.json", None, None, name, "has no list of named fields in its schema",
                                    f"give resource {name!r} a \"schema\" with \"fields\": [{{\"name\": ...}}, ...] "
                                    "(copy it from the bundled datapackage.json)", "file"))
    if problems:
        raise DataError.from_problems(problems)

    texts: dict[str, str] = {}
    for name in TABLES:
        text, file_problems = read_text(base, resources[name], MAX_TABLE_BYTES)
        problems += file_problems
        if text is not None:
            texts[name] = text
    if problems:  # without every table there is nothing sound to check further
        raise DataError.from_problems(problems)

    frames = {}
    for name in TABLES:
        frames[name], table_problems = parse_table(resources[name], texts[name])
        problems += table_problems
    if any(p.kind == "file" for p in problems):  # an empty file, a quote never closed, a column twice
        raise DataError.from_problems(_dedupe(problems))
    key = _content_key(descriptor, base, texts)
    if not _validated_before(key):
        problems += _frictionless_problems(descriptor, base)
    problems += _check_content(frames, resources)
    if problems:
        raise DataError.from_problems(_dedupe(problems))
    _remember_valid(key)
    return _build(frames, base, descriptor)


# --- what frictionless found valid before ------------------------------------------------
# Frictionless validation takes about 2 s in a new process, most of it jsonschema importing a
# grammar-compiling IRI checker (python-jsonschema/jsonschema#1428). Every Voila kernel loads the
# data: a package whose exact content (descriptor, every resource file, the library versions)
# passed before is not checked by frictionless again. Our own checks always run.

def _content_key(descriptor: dict, base: Path, texts: dict[str, str]) -> str | None:
    """A hash of all that frictionless validates, or None (inline data, a file that cannot be read).
    ``texts``: the tables already read, by resource name; other resources are read here."""
    from importlib.metadata import version

    from .. import __version__

    digest = hashlib.sha256(f"{__version__} {version('frictionless')}".encode())
    digest.update(json.dumps(descriptor, sort_keys=True).encode())
    for resource in descriptor["resources"]:
        if not isinstance(resource.get("path"), str):
            return None
        try:
            content = (texts[resource["name"]].encode() if resource["name"] in texts
                       else (base / resource["path"]).read_bytes())
        except (OSError, ValueError):
            return None
        digest.update(b"\0" + resource["path"].encode() + b"\0" + content)
    return digest.hexdigest()


def _validated_before(key: str | None) -> bool:
    return key is not None and (cache_dir() / "valid" / key).exists()


def _remember_valid(key: str | None) -> None:
    if key is None:
        return
    try:
        (cache_dir() / "valid").mkdir(parents=True, exist_ok=True)
        (cache_dir() / "valid" / key).touch()
    except OSError:  # a read-only home: validate each time
        pass


# --- reading -----------------------------------------------------------------------------

def _read_descriptor(path: Path) -> dict:
    if not path.exists():
        raise DataError.from_problems([Problem(str(path), None, None, None, "does not exist",
                                               "give the folder of a data package (with datapackage.json) "
                                               "or the path of its datapackage.json", "file")])
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError.from_problems([Problem(path.name, getattr(exc, "lineno", None), None, None,
                                               f"is not valid UTF-8 JSON ({exc})",
                                               "repair the JSON (a validator or editor will show where)", "file")]) from None


# --- frictionless ------------------------------------------------------------------------

_NOTE_CONSTRAINT = re.compile(r'constraint "(\w+)" is "(.*)"')
_NOTE_FK = re.compile(r'for "([^"]+)": values "([^"]*)" not found in the lookup table "([^"]+)" as "([^"]+)"')


def _frictionless_problems(descriptor: dict, base: Path) -> list[Problem]:
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


# --- checks a schema cannot express -------------------------------------------------------

def _check_content(frames: dict[str, pd.DataFrame], resources: dict) -> list[Problem]:
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


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        key = (p.file, p.row, p.column, str(p.value), p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return sorted(out, key=lambda p: (p.file, p.row or 0, p.column or ""))


# --- building the typed frames ------------------------------------------------------------

def _build(frames: dict[str, pd.DataFrame], base: Path, descriptor: dict) -> Dataset:
    out = {}
    for name, key in TABLES.items():
        frame = frames[name].reset_index(drop=True).replace("", None)
        if name in DATE_COLUMNS:
            frame = _with_dates(frame, name)
        if name in ("objectives", "objective_links", "principles"):
            frame["objective" if name == "objective_links" else "number"] = (
                frame["objective" if name == "objective_links" else "number"].astype(int))
        if key:
            frame = frame.set_index(key, drop=False)
            frame.index.name = None
        out[name] = frame
    return Dataset(**out, path=base, descriptor=descriptor)


def _with_dates(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    starts, ends, precisions = [], [], []
    for s_text, e_text in zip(frame["start"], frame["end"]):
        s, sp = parse_date(s_text)
        starts.append(s)
        precisions.append(sp)
        if not isinstance(e_text, str):  # missing
            ends.append(pd.NaT)
        else:
            ends.append(period_end(*parse_date(e_text)))
    frame["start"] = pd.to_datetime(pd.Series(starts, index=frame.index, dtype="datetime64[ns]"))
    frame["end"] = pd.to_datetime(pd.Series(ends, index=frame.index, dtype="datetime64[ns]"))
    column = "date_precision" if table == "events" else "start_precision"
    frame[column] = frame[column].fillna(pd.Series(precisions, index=frame.index)) if column in frame else precisions
    return frame
