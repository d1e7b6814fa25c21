"""A record opened from an uploaded file: a workbook or a zipped data package, alone or added to
the record already open. The file is unpacked in a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from ..model.dataset import Dataset
from .load import load_dataset
from .package import merge
from .spreadsheet import from_spreadsheet

__all__ = ["read_upload", "MAX_UNZIPPED"]

#: The most an uploaded zip may unzip to (bytes).
MAX_UNZIPPED = 100 * 2**20


def read_upload(name: str, content: bytes, base: Dataset | None = None) -> Dataset:
    """The dataset in an uploaded file: a workbook (``.xlsx``, a sheet per table) or a zipped data
    package (``.zip`` with a ``datapackage.json``); with ``base``, its rows added to ``base``
    (a workbook then needs only the sheets it adds rows to). Raises ``DataError`` (its problems
    name the file, sheet or table, row and column) or ``ValueError`` for another kind of file.

    >>> read_upload("notes.docx", b"")
    Traceback (most recent call last):
    ...
    ValueError: notes.docx: open a workbook (.xlsx, a sheet per table) or a zipped data package (.zip)
    """
    suffix = Path(name).suffix.lower()
    if suffix not in (".xlsx", ".zip"):
        raise ValueError(f"{name}: open a workbook (.xlsx, a sheet per table) or a zipped data package (.zip)")
    with tempfile.TemporaryDirectory(prefix="gcm-upload-") as tmp:
        folder = Path(tmp)
        path = folder / Path(name).name
        path.write_bytes(content)
        if suffix == ".xlsx":
            return from_spreadsheet(path, base=base)
        try:
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():  # nothing may land outside the folder
                    if member.startswith("/") or ".." in Path(member).parts:
                        raise ValueError(f"{name}: {member!r} would be written outside the folder; zip the package's own files")
                size = sum(info.file_size for info in archive.infolist())
                if size > MAX_UNZIPPED:
                    raise ValueError(f"{name}: unzips to {size / 2**20:.0f} MB, more than the {MAX_UNZIPPED // 2**20} MB "
                                     "a package may have; check that it is the right file")
                archive.extractall(folder / "package")
        except zipfile.BadZipFile:
            raise ValueError(f"{name}: not a zip archive. Give a .zip of a data package folder, or a .xlsx workbook") from None
        found = sorted((folder / "package").rglob("datapackage.json"), key=lambda p: len(p.parts))
        if not found:
            raise ValueError(f"{name}: has no datapackage.json. Zip the folder that holds datapackage.json and the CSV tables")
        ds = load_dataset(found[0].parent)
        return merge(base, ds) if base is not None else ds
