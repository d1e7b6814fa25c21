"""The Explorer opens a user's data: a workbook or a zipped data package, added to the record or instead of it."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

import gcm_explore as gx
from gcm_explore.io.upload import read_upload
from gcm_explore.model.dataset import bundled_path
from gcm_explore.model.i18n import t


def upload(app: gx.Explorer, name: str, content: bytes) -> None:
    """What the browser's file picker does: set the FileUpload's value."""
    app.upload.value = ({"name": name, "type": "", "size": len(content), "content": memoryview(content),
                         "last_modified": datetime(2026, 11, 23)},)


def teacher_workbook() -> bytes:
    """One new event, its source and one participant, under the package's headers: the rest
    refers to the bundled record."""
    rows = {
        "sources": {"id": "class_notes", "title": "Class notes <b>2026</b>", "publisher": "A teacher",
                    "url": "https://example.org/notes", "language": "en"},
        "events": {"id": "class_visit", "title_en": "Class visit to the regional review",
                   "title_ar": "زيارة الصف إلى الاستعراض الإقليمي", "start": "2021-03", "date_precision": "month",
                   "kind": "meeting", "process_id": "gcm", "city": "Bangkok", "country_iso3": "THA",
                   "source_ids": "class_notes"},
        "participation": {"event_id": "class_visit", "actor_id": "iom", "role": "participant", "source_id": "class_notes"},
    }
    resources = {r["name"]: r for r in json.loads((bundled_path() / "datapackage.json").read_text())["resources"]}
    wb = Workbook()
    wb.remove(wb.active)
    for name, row in rows.items():
        ws = wb.create_sheet(name)
        header = [f["name"] for f in resources[name]["schema"]["fields"]]
        ws.append(header)
        ws.append([row.get(h) for h in header])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.fixture(scope="module")
def app(ds):
    return gx.Explorer(ds)


def test_a_teachers_rows_are_added_to_the_record(ds):
    app = gx.Explorer(ds, lang="ar")
    upload(app, "class.xlsx", teacher_workbook())
    assert "class_visit" in app.ds.events.index and len(app.ds.events) == len(ds.events) + 1
    assert t("opened", "ar", name="class.xlsx") in app.status.value
    timeline = [e for tr in app.timeline.figure["data"] for e in tr.get("customdata") or []]
    assert "class_visit" in timeline
    app.select("class_visit")  # its participant is highlighted in the network, the text escaped in the panel
    assert "زيارة الصف إلى الاستعراض الإقليمي" in app.details.value
    assert "Class notes &lt;b&gt;2026&lt;/b&gt;" in app.details.value


def test_a_bad_file_is_reported_and_the_record_kept(app, ds):
    before = app.ds
    upload(app, "notes.xlsx", b"not a workbook")
    assert app.ds is before
    assert t("open_failed", "en", name="notes.xlsx") in app.status.value
    assert "notes.xlsx: cannot be read as an Excel workbook" in app.details.value
    upload(app, "notes.pdf", b"%PDF")
    assert "open a workbook (.xlsx, a sheet per table) or a zipped data package (.zip)" in app.details.value
    assert app.ds is before


def test_a_zipped_package_replaces_the_record(ds):
    app = gx.Explorer(ds)
    app.add_to_record.value = False
    files = {f"pkg/{p.name}": p.read_bytes() for p in bundled_path().iterdir() if p.suffix in (".csv", ".json")}
    rows = files["pkg/events.csv"].decode("utf-8").splitlines(keepends=True)
    files["pkg/events.csv"] = "".join(rows[:1] + [r for r in rows[1:] if not r.startswith("marrakech_igc,")]).encode()
    upload(app, "pkg.zip", zipped(files))
    # the participation rows of the removed event now point nowhere: rejected, named, nothing lost
    assert app.ds is ds and "participation.csv" in app.details.value and "marrakech_igc" in app.details.value
    files["pkg/events.csv"] = "".join(rows).encode()
    upload(app, "pkg.zip", zipped(files))
    assert app.ds is not ds and len(app.ds.events) == len(ds.events)


def test_a_zip_cannot_write_outside_its_folder(tmp_path):
    with pytest.raises(ValueError, match="would be written outside the folder"):
        read_upload("evil.zip", zipped({"../../evil.csv": b"x"}))
    with pytest.raises(ValueError, match="has no datapackage.json"):
        read_upload("empty.zip", zipped({"readme.txt": b"x"}))
    with pytest.raises(ValueError, match="not a zip archive"):
        read_upload("broken.zip", b"PK nope")
    assert not list(Path(tmp_path).iterdir())
