"""Shared fixtures: the bundled dataset, and copies of it to break on purpose."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest

import gcm_explore as gx
from gcm_explore.model.dataset import bundled_path


@pytest.fixture(scope="session", autouse=True)
def _cache(tmp_path_factory):
    """A cache of the test session's own (inherited by the Voila servers started)."""
    os.environ["GCM_EXPLORE_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def ds():
    return gx.load_dataset()


@pytest.fixture
def package(tmp_path) -> Path:
    """A writable copy of the bundled data package."""
    target = tmp_path / "pkg"
    shutil.copytree(bundled_path(), target)
    return target


def read_rows(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def edit_row(package: Path, table: str, key: tuple[str, str], **changes) -> int:
    """Change the row of ``table`` whose column key[0] is key[1]; return its spreadsheet row number."""
    path = package / f"{table}.csv"
    header, rows = read_rows(path)
    for i, row in enumerate(rows):
        if row[key[0]] == key[1]:
            row.update(changes)
            write_rows(path, header, rows)
            return i + 2
    raise KeyError(key)
