#!/usr/bin/env python3
"""Generate the 193 UN Member States in ``actors.csv`` and their recorded votes on A/RES/73/195.

Nothing here is typed by hand except the vote on resolution 73/195 as reported in the UN press
release GA/12113 (19 December 2018): the 5 "no" votes, the 12 abstentions and the 24 Member
States that did not vote. Everything else comes from a maintained table:

* the list of Member States, their names in English and Arabic and their UN M49 region and
  sub-region come from the OCHA "Countries & Territories Taxonomy" that ships (as a static
  file) with the Python package ``hdx-python-country`` (tested with 4.2.5). A country is a
  Member State when the taxonomy's column "Appears in DGACM list" is "Y" (193 rows);
  names are the columns "M49 English" / "M49 Arabic", regions "Region Name" /
  "Sub-region Name".

Run from the project root (idempotent: running it twice changes nothing)::

    .venv/bin/pip install "hdx-python-country>=4.2"
    .venv/bin/python data/scripts/member_states.py

It updates existing state rows in place (keeping their ids and the sources they already
cite), appends the missing ones, adds the two source rows it relies on, and writes one
participation row per Member State for event ``res_73_195``. It fails loudly if the
taxonomy does not give 193 Member States or if the vote does not come out at exactly
152 yes / 5 no / 12 abstentions / 24 not voting.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent
EVENT = "res_73_195"
VOTE_SOURCE = "un_press_ga12113"
EXPECTED = {"voted_yes": 152, "voted_no": 5, "abstained": 12, "not_voting": 24}

# GA/12113 (press.un.org/en/2018/ga12113.doc.htm), recorded vote on the resolution endorsing the compact:
VOTE_73_195 = {
    # Czech Republic, Hungary, Israel, Poland, United States
    "voted_no": ["CZE", "HUN", "ISR", "POL", "USA"],
    # Algeria, Australia, Austria, Bulgaria, Chile, Italy, Latvia, Libya, Liechtenstein,
    # Romania, Singapore, Switzerland
    "abstained": ["DZA", "AUS", "AUT", "BGR", "CHL", "ITA", "LVA", "LBY", "LIE", "ROU", "SGP", "CHE"],
    # Afghanistan, Antigua and Barbuda, Belize, Benin, Botswana, Brunei Darussalam, Democratic
    # People's Republic of Korea, Dominican Republic, Guinea, Kiribati, Kyrgyzstan, Micronesia
    # (Federated States of), Panama, Paraguay, Sao Tome and Principe, Seychelles, Slovenia,
    # Somalia, Timor-Leste, Tonga, Trinidad and Tobago, Turkmenistan, Ukraine, Vanuatu
    "not_voting": ["AFG", "ATG", "BLZ", "BEN", "BWA", "BRN", "PRK", "DOM", "GIN", "KIR", "KGZ", "FSM",
                   "PAN", "PRY", "STP", "SYC", "SVN", "SOM", "TLS", "TON", "TTO", "TKM", "UKR", "VUT"],
}

SOURCES = [
    {
        "id": "hdx_cnt_taxonomy",
        "title": "Countries & Territories Taxonomy (C&T Taxonomy): UN Member States (DGACM list), "
                 "UN M49 names in English and Arabic and M49 regions; static copy shipped with the "
                 "Python package hdx-python-country 4.2.5",
        "publisher": "UN OCHA, Humanitarian Data Exchange (HDX)",
        "url": "https://github.com/OCHA-DAP/hdx-python-country",
        "language": "en",
    },
    {
        "id": "unsd_m49",
        "title": "Standard country or area codes for statistical use (M49)",
        "publisher": "United Nations Statistics Division",
        "url": "https://unstats.un.org/unsd/methodology/m49/overview/",
        "language": "en",
    },
]
STATE_SOURCES = ["hdx_cnt_taxonomy", "unsd_m49"]


def fail(message: str) -> None:
    print(f"member_states.py: {message}", file=sys.stderr)
    sys.exit(1)


def read(name: str) -> tuple[list[str], list[dict]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames), list(reader)


def write(name: str, header: list[str], rows: list[dict]) -> None:
    with (DATA / name).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def member_states() -> dict[str, dict]:
    try:
        from hdx.location.country import Country
    except ImportError:
        fail("needs the package hdx-python-country: .venv/bin/pip install 'hdx-python-country>=4.2'")
    rows = Country.countriesdata(use_live=False)["countries"].values()
    states = {}
    for r in rows:
        if r.get("Appears in DGACM list") != "Y":
            continue
        iso3 = r["ISO 3166-1 Alpha 3-Codes"]
        # UNTERM/M49 Arabic marks where the base name goes with "-" (e.g. "إيران (جمهورية - الإسلامية)");
        # one entry uses "_" for the same placeholder: write it as "-" like the others.
        name_ar = r["M49 Arabic"].replace("(مملكة _)", "(مملكة -)")
        states[iso3] = {
            "name_en": r["M49 English"], "name_ar": name_ar,
            "region": r["Region Name"], "subregion": r["Sub-region Name"],
        }
        if not all(states[iso3].values()):
            fail(f"{iso3}: the taxonomy lacks a name or region: {states[iso3]}")
    if len(states) != 193:
        fail(f"the taxonomy gives {len(states)} UN Member States, not 193")
    return states


def merge_ids(existing: str, extra: list[str]) -> str:
    ids = [s.strip() for s in existing.split(";") if s.strip()]
    return ";".join(ids + [s for s in extra if s not in ids])


def main() -> None:
    states = member_states()

    header, sources = read("sources.csv")
    known = {s["id"] for s in sources}
    for src in SOURCES:
        if src["id"] not in known:
            sources.append({col: src.get(col, "") for col in header})
    write("sources.csv", header, sources)

    header, actors = read("actors.csv")
    by_iso = {a["iso3"]: a for a in actors if a["type"] == "state"}
    stray = set(by_iso) - set(states)
    if stray:
        fail(f"actors.csv has state rows that are not UN Member States: {sorted(stray)}")
    for iso3, info in states.items():
        row = by_iso.get(iso3)
        if row is None:
            row = {col: "" for col in header} | {"id": iso3.lower(), "type": "state", "iso3": iso3}
            actors.append(row)
            by_iso[iso3] = row
        if row["id"] != iso3.lower():
            fail(f"state row {row['id']!r} has iso3 {iso3}; ids of states are the lower-case ISO3 code")
        row.update(info)
        row["source_ids"] = merge_ids(row["source_ids"], STATE_SOURCES)
    # states after the other actors, ordered by region, sub-region and name
    others = [a for a in actors if a["type"] != "state"]
    ordered = sorted(by_iso.values(), key=lambda a: (a["region"], a["subregion"], a["name_en"]))
    write("actors.csv", header, others + ordered)

    header, part = read("participation.csv")
    roles = {iso3: role for role, codes in VOTE_73_195.items() for iso3 in codes}
    unknown = set(roles) - set(states)
    if unknown:
        fail(f"the vote names codes that are not Member States: {sorted(unknown)}")
    for iso3 in states:
        roles.setdefault(iso3, "voted_yes")
    counts = {role: sum(1 for r in roles.values() if r == role) for role in EXPECTED}
    if counts != EXPECTED:
        fail(f"the vote on A/RES/73/195 comes out at {counts}, not {EXPECTED} (GA/12113)")
    vote_roles = set(EXPECTED)
    kept = [p for p in part if not (p["event_id"] == EVENT and p["role"] in vote_roles)]
    order = {"voted_yes": 0, "voted_no": 1, "abstained": 2, "not_voting": 3}
    votes = [{"event_id": EVENT, "actor_id": iso3.lower(), "role": role, "source_id": VOTE_SOURCE}
             for iso3, role in sorted(roles.items(), key=lambda kv: (order[kv[1]], states[kv[0]]["name_en"]))]
    last_of_event = max((i for i, p in enumerate(kept) if p["event_id"] == EVENT), default=len(kept) - 1)
    part = kept[: last_of_event + 1] + votes + kept[last_of_event + 1:]
    write("participation.csv", header, part)

    print(f"actors: {len(by_iso)} Member States; res_73_195 vote: {counts}")


if __name__ == "__main__":
    main()
