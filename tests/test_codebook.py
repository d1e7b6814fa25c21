"""The codebook (data/README.md) is up to date, and the record is as complete as issue 4 asks."""

from __future__ import annotations

from pathlib import Path

from gcm_explore.cli import main
from gcm_explore.io.codebook import codebook, coverage

DATA = Path(__file__).resolve().parent.parent / "data"


def test_committed_codebook_is_up_to_date(ds):
    committed = (DATA / "README.md").read_text(encoding="utf-8")
    assert committed == codebook(ds), "data/README.md is stale: run `gcm-explore codebook`"


def test_codebook_describes_every_table_and_field(ds):
    text = codebook(ds)
    for resource in ds.descriptor["resources"]:
        assert f"`{resource['path']}`" in text
        for field in resource["schema"]["fields"]:
            assert f"| `{field['name']}` |" in text, (resource["name"], field["name"])


def test_coverage_of_the_record(ds):
    cov = coverage(ds)
    assert cov["events"] >= 220
    assert cov["events_in_second_cycle"] >= 50
    assert cov["regions_reviewed_in_second_cycle"] == ["ece", "escwa", "eca", "escap", "eclac"]
    assert cov["rows_sourced_pct"] == 100.0
    assert cov["actors_other_than_states"] >= 120
    assert cov["member_states"] == cov["member_states_with_region"] == 193
    assert cov["objectives"] == 23 and cov["principles"] == 10
    assert cov["bilingual_complete_pct"] == 100.0
    assert cov["vote_73_195"] == {"voted_yes": 152, "voted_no": 5, "abstained": 12, "not_voting": 24}


def test_coverage_sees_a_missing_arabic_description(ds):
    import dataclasses

    events = ds.events.copy()
    events.iloc[0, events.columns.get_loc("description_ar")] = None
    assert coverage(dataclasses.replace(ds, events=events))["bilingual_complete_pct"] < 100.0


def test_coverage_sees_an_unsourced_row_and_a_missing_review(ds):
    import dataclasses

    relations = ds.relations.copy()
    relations.iloc[0, relations.columns.get_loc("source_id")] = ""
    events = ds.events[~ds.events["id"].eq("lac_review_2025")]
    cov = coverage(dataclasses.replace(ds, relations=relations, events=events))
    assert cov["rows_sourced_pct"] < 100.0
    assert "eclac" not in cov["regions_reviewed_in_second_cycle"]


def test_cli_writes_the_codebook(tmp_path, capsys):
    out = tmp_path / "README.md"
    assert main(["codebook", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# The Global Compact for Migration")
