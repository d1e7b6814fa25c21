"""Dates with an explicit precision: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

>>> parse_date("2018-05")
(Timestamp('2018-05-01 00:00:00'), 'month')
>>> period_end(*parse_date("2018-02"))
Timestamp('2018-02-28 00:00:00')
"""

from __future__ import annotations

import re

import pandas as pd

from ..errors import DateError, Problem

__all__ = ["parse_date", "period_end", "precision_of", "DATE_FORMS"]

_FORM = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")  # ASCII digits only, as in the schema
DATE_FORMS = "YYYY-MM-DD, YYYY-MM or YYYY"


def precision_of(text: str) -> str | None:
    """'day', 'month' or 'year' from the form of ``text``; None if it is not one of the forms."""
    m = _FORM.match(text.strip())
    if not m:
        return None
    return "day" if m.group(3) else "month" if m.group(2) else "year"


def parse_date(text: str) -> tuple[pd.Timestamp, str]:
    """The first day of the period ``text`` names, and its precision.

    Raises :class:`~gcm_explore.errors.DateError` (a ValueError) with one problem whose
    ``message`` is a reason a person can act on.

    >>> parse_date("2018-02-30")
    Traceback (most recent call last):
    ...
    gcm_explore.errors.DateError: 1 problem in the data package:
      '2018-02-30' is not a date in the calendar. Fix: write a real date as YYYY-MM-DD, YYYY-MM or YYYY.
    """
    m = _FORM.match(str(text).strip())
    if not m:
        raise _error(text, f"is not a date in the form {DATE_FORMS}")
    year, month, day = (int(g) if g else None for g in m.groups())
    if month is not None and not 1 <= month <= 12:
        raise _error(text, f"has month {month:02d}, which does not exist")
    if year < 1900 or year > 2100:
        raise _error(text, f"has year {year}, outside 1900–2100")
    try:
        ts = pd.Timestamp(year=year, month=month or 1, day=day or 1)
    except ValueError:
        raise _error(text, "is not a date in the calendar") from None
    return ts, "day" if day else "month" if month else "year"


def _error(text: object, reason: str) -> DateError:
    return DateError([Problem("", None, None, text, reason, f"write a real date as {DATE_FORMS}", "date")])


def period_end(ts: pd.Timestamp, precision: str) -> pd.Timestamp:
    """The last day of the period that starts at ``ts`` with ``precision``."""
    if precision == "month":
        return ts + pd.offsets.MonthEnd(0)
    if precision == "year":
        return ts + pd.offsets.YearEnd(0)
    return ts
