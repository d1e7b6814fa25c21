"""Reading the CSV files of a data package: size, encoding, CSV structure and header.

Used by :func:`gcm_explore.io.load.load_dataset`; every problem is a
:class:`~gcm_explore.errors.Problem` naming the file, row, column, value and fix. Row numbers
are those a spreadsheet shows (the header is row 1; a cell with a line break stays one row).

>>> frame, problems = parse_table({"name": "t", "path": "t.csv", "schema": {"fields": [{"name": "a"}, {"name": "b"}]}},
...                               "a,b\\n1,2\\n3\\n")
>>> frame.loc[3].tolist()
['3', '']
>>> print(problems[0])
t.csv, row 3, column 'b': has 1 cell, but the header has 2 columns ('b' is missing). Fix: add the missing cells (an empty cell is nothing between two commas).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from ..errors import Problem

__all__ = ["read_text", "parse_table", "check_header", "table_path"]

#: Encodings a file that is not UTF-8 was most likely saved in, by the script its bytes read as.
GUESSES = (("cp1256", "Windows Arabic (cp1256)", "\u0600", "\u06ff"),
           ("cp1252", "Windows Western / Latin-1 (cp1252)", "\u00c0", "\u024f"))


def table_path(resource: dict) -> str:
    """The path of a resource's file, relative to the package, as the descriptor gives it."""
    return resource.get("path", f"{resource['name']}.csv")


def _fields(resource: dict) -> list[str]:
    return [f["name"] for f in resource["schema"]["fields"]]


def read_text(base: Path, resource: dict, max_bytes: int) -> tuple[str | None, list[Problem]]:
    """The text of a resource's file, or None and the problems that stop it being read."""
    rel = table_path(resource)
    path = base / rel
    if not path.is_file():
        return None, [Problem(rel, None, None, None, "is missing",
                              f"add {rel} (the datapackage.json names it for table {resource['name']!r})", "file")]
    size = path.stat().st_size
    if size > max_bytes:  # fail fast, before reading it
        return None, [Problem(rel, None, None, None,
                              f"is {size / 2**20:.1f} MB, more than the {max_bytes / 2**20:g} MB a table may have",
                              "check that it is the right file (the tables of the GCM package are well under 1 MB), "
                              "or raise gcm_explore.io.load.MAX_TABLE_BYTES to load a larger one", "file")]
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), []  # a byte-order mark is fine
    except UnicodeDecodeError:
        return None, [_not_utf8(rel, raw, _fields(resource))]


def _not_utf8(rel: str, raw: bytes, columns: list[str]) -> Problem:
    """Where the first cell that is not UTF-8 is, what it reads as, and which encoding it is likely in."""
    text = raw.decode("utf-8", errors="surrogateescape")
    records = list(csv.reader(io.StringIO(text, newline="")))
    header = [h.strip() for h in records[0]] if records else []
    bad = [(i + 1, header[j] if j < len(header) else None, cell.encode("utf-8", "surrogateescape"))
           for i, record in enumerate(records) for j, cell in enumerate(record)
           if any("\udc80" <= ch <= "\udcff" for ch in cell)]
    undecodable = bytes(ord(ch) - 0xDC00 for ch in text if "\udc80" <= ch <= "\udcff")
    encoding, name = GUESSES[-1][:2]
    for enc, label, lo, hi in GUESSES:
        decoded = undecodable.decode(enc, errors="replace")
        if sum(lo <= ch <= hi for ch in decoded) * 2 > len(decoded):
            encoding, name = enc, label
            break
    row, column, cell = bad[0] if bad else (None, None, undecodable)
    more = f"; {len(bad) - 1} more cells are not UTF-8 either" if len(bad) > 1 else ""
    return Problem(rel, row, column, cell.decode(encoding, errors="replace"),
                   f"is not UTF-8 text: its bytes read as {name}{more}",
                   f"save the file as UTF-8 (in a spreadsheet: 'CSV UTF-8'), or convert it, e.g. "
                   f"iconv -f {encoding.upper()} -t UTF-8 {Path(rel).name}", "file")


def parse_table(resource: dict, text: str) -> tuple[pd.DataFrame, list[Problem]]:
    """The cells of a table as strings, indexed by spreadsheet row number, and the problems of its structure.

    Problems of kind ``file`` (an empty file, a quote never closed, a column twice) leave nothing
    sound to check further; the frame is then as good as can be read.
    """
    rel = table_path(resource)
    expected = _fields(resource)
    if not text.strip():
        return pd.DataFrame(columns=expected, dtype=str), [
            Problem(rel, 1, None, None, "is empty: it has not even a header row",
                    f"write the header row: {','.join(expected)}", "file")]
    problems: list[Problem] = []
    records: list[list[str]] = []
    broken = None  # the row whose quote is never closed: its cells are not to be counted
    try:
        records.extend(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        broken = len(records) + 1
        records = list(csv.reader(io.StringIO(text, newline="")))
        cells = records[broken - 1] if broken <= len(records) else []
        header = [h.strip() for h in records[0]]
        column = header[len(cells) - 1] if 0 < len(cells) <= len(header) else None
        opened = text.count('"') % 2 == 1 or "end of data" in str(exc)
        problems.append(Problem(rel, broken, column, cells[-1] if cells else None,
                                "opens a quote (\") that is never closed" if opened else f"is not valid CSV ({exc})",
                                'close the quote; a quote inside a quoted cell is written twice ("")', "file"))
    header = [h.strip() for h in records[0]]
    problems += check_header(resource, header)
    width = len(header)
    rows, numbers = [], []
    for number, record in enumerate(records[1:], start=2):
        if not record:  # a blank line: frictionless reports it
            continue
        if number == broken:
            pass
        elif len(record) > width:
            problems.append(Problem(rel, number, None, ",".join(record[width:]),
                                    f"{'is a cell' if len(record) == width + 1 else 'are cells'} too many: the row "
                                    f"has {len(record)} cells, but the header has {width} columns",
                                    "remove the extra cells (a cell that contains a comma must be in double quotes)"))
        elif len(record) < width:
            missing = header[len(record):]
            problems.append(Problem(rel, number, missing[0], None,
                                    f"has {len(record)} cell{'s' if len(record) != 1 else ''}, but the header has "
                                    f"{width} columns ({', '.join(map(repr, missing))} "
                                    f"{'is' if len(missing) == 1 else 'are'} missing)",
                                    "add the missing cells (an empty cell is nothing between two commas)"))
        rows.append([c.strip() for c in (record + [""] * width)[:width]])
        numbers.append(number)
    keep = [i for i, h in enumerate(header) if h not in header[:i]]  # a repeated column: the first one counts
    frame = pd.DataFrame([[r[i] for i in keep] for r in rows], columns=[header[i] for i in keep],
                         index=pd.Index(numbers, dtype=int), dtype=object)
    for name in expected:
        if name not in frame.columns:
            frame[name] = ""
    return frame.astype(object), problems


def check_header(resource: dict, header: list[str]) -> list[Problem]:
    """Missing, extra and repeated columns."""
    rel = table_path(resource)
    expected = _fields(resource)
    problems = [Problem(rel, 1, col, None, "is missing from the header",
                        f"add a column {col!r} (the columns are: {', '.join(expected)})")
                for col in expected if col not in header]
    problems += [Problem(rel, 1, col or None, None if col else f"column {i + 1}",
                         "is not a column of this table" if col else "has no name in the header",
                         f"remove it or rename it to one of: {', '.join(expected)}")
                 for i, col in enumerate(header) if col not in expected]
    problems += [Problem(rel, 1, col, None, "appears more than once in the header",
                         "keep one column of that name, and remove or rename the others", "file")
                 for i, col in enumerate(header) if col and col in header[:i] and col not in header[i + 1:]]
    return problems
