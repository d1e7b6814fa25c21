"""Writing files safely: a file is written beside its target and replaces it only when complete;
cells are made inert for spreadsheets; values become what GEXF, GraphML and CSV can hold.

>>> neutralise("=1+1"), plain([3, "a"]), iso("2018-12-10")
("'=1+1", '3; a', '2018-12-10')
"""

from __future__ import annotations

import json
import os
import secrets
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["writing", "neutralise", "plain", "missing", "iso", "FORMULA_START"]

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def missing(value) -> bool:
    """True for None and for a missing scalar (NaN, NaT, pd.NA); False for text, lists and the rest."""
    return value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and bool(pd.isna(value)))



def plain(value):
    """A value as str, int, float or bool (what GEXF and GraphML hold); None for a missing one."""
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return "; ".join(str(plain(v)) for v in items if not missing(v))
    if missing(value):
        return None
    if isinstance(value, pd.Timestamp | datetime | date):
        return iso(value)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value if isinstance(value, str | int | float | bool) else str(value)



def iso(value) -> str:
    ts = pd.Timestamp(value)
    return ts.strftime("%Y-%m-%d") if ts == ts.normalize() else ts.isoformat()



def neutralise(value):
    """A text cell made inert for spreadsheets: a leading ``'`` if it starts like a formula.

    Text that already starts with ``'`` gets one more, so that removing exactly one leading
    ``'`` (what :func:`gcm_explore.io.spreadsheet.from_spreadsheet` does) always gives back the original.
    Numbers, dates and missing values are returned unchanged.

    >>> neutralise('=HYPERLINK("http://x","y")')
    '\\'=HYPERLINK("http://x","y")'
    >>> neutralise(-3), neutralise("Marrakech"), neutralise("-3"), neutralise("'quoted'")
    (-3, 'Marrakech', "'-3", "''quoted'")
    """
    return "'" + value if isinstance(value, str) and value.startswith((*FORMULA_START, "'")) else value



@contextmanager
def writing(path, suffix: str):
    """Yield a temporary file beside ``path``; on success it replaces ``path``."""
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder: give the name of a file to write, e.g. {path / ('gcm' + suffix)}")
    if not path.parent.is_dir():
        raise FileNotFoundError(f"{path.parent} does not exist: create the folder first, or write elsewhere")
    tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}{suffix}"  # created with the umask's mode
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
