"""The exceptions of gcm_explore: one family, each message naming file, row, column and fix.

::

    GCMExploreError                  base of everything this library raises on purpose
     └── DataError                   a data package has problems; ``.problems`` lists them all
          ├── PackageFileError       a file is missing or unreadable (descriptor, table, encoding)
          ├── SchemaError            a column is missing or extra, or a value has the wrong type,
          │                          pattern or vocabulary, or a required value is empty
          ├── IntegrityError         a duplicate key or an id that points nowhere
          └── DateError              an impossible date, a precision that does not match, an end
                                     before its start

When a package has several problems they are all listed in one exception; its class is the
most specific one that covers them all (``DataError`` when they are of different kinds).

>>> p = Problem("events.csv", 4, "start", "2018-02-30", "is not a date in the calendar",
...             "write a real date as YYYY-MM-DD, YYYY-MM or YYYY", kind="date")
>>> str(DataError.from_problems([p]))
"1 problem in the data package:\\n  events.csv, row 4, column 'start': '2018-02-30' is not a date in the calendar. Fix: write a real date as YYYY-MM-DD, YYYY-MM or YYYY."
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "GCMExploreError",
    "DataError",
    "PackageFileError",
    "SchemaError",
    "IntegrityError",
    "DateError",
    "Problem",
]

#: How many problems a message shows before it says "and N more".
MAX_SHOWN = 25


class GCMExploreError(Exception):
    """Base class of the exceptions gcm_explore raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem in a data package: where it is, what is wrong, and how to fix it.

    ``row`` is the row number as a spreadsheet shows it (the header is row 1), or None when
    the problem is about a whole file or column.
    """

    file: str
    row: int | None
    column: str | None
    value: object
    message: str
    fix: str
    kind: str = "schema"  # one of: file, schema, integrity, date

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        text = ", ".join(w for w in where if w) + ": " if any(where) else ""
        if self.value is not None and self.value != "":
            text += f"{shorten(self.value)!r} "
        text += f"{self.message}."
        if self.fix:
            text += f" Fix: {self.fix}."
        return text


def shorten(value: object, limit: int = 80) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class DataError(GCMExploreError, ValueError):
    """A data package has one or more problems; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem("", None, None, None, problems, "")]
        self.problems = list(problems)
        super().__init__(self._message())

    def _message(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the data package:"
        lines = [f"  {p}" for p in self.problems[:MAX_SHOWN]]
        if n > MAX_SHOWN:
            lines.append(f"  … and {n - MAX_SHOWN} more (see the .problems attribute)")
        return "\n".join([head, *lines])

    @staticmethod
    def from_problems(problems: list[Problem]) -> DataError:
        """The most specific exception class that covers all ``problems``, instantiated."""
        kinds = {p.kind for p in problems}
        cls = _BY_KIND.get(kinds.pop(), DataError) if len(kinds) == 1 else DataError
        return cls(problems)


class PackageFileError(DataError):
    """A file of the package is missing, unreadable or not UTF-8."""


class SchemaError(DataError):
    """A column is missing or extra, or a value breaks its field's type or constraints."""


class IntegrityError(DataError):
    """A duplicate primary key, or an id that refers to no row."""


class DateError(DataError):
    """An impossible or ambiguous date, a precision that does not match, an end before its start."""


_BY_KIND = {
    "file": PackageFileError,
    "schema": SchemaError,
    "integrity": IntegrityError,
    "date": DateError,
}
