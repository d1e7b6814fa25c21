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
from pathlib import Path

import pandas as pd

from ..errors import DataError, Problem
from ..model.dataset import DATE_COLUMNS, TABLES, Dataset, bundled_path, cache_dir
from ..model.dates import parse_date, period_end
from .checks import content_problems, frictionless_problems
from .reading import parse_table, read_text

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
        problems += frictionless_problems(descriptor, base)
    problems += content_problems(frames, resources)
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




# --- checks a schema cannot express -------------------------------------------------------


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
