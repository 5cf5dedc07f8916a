"""Score a long-layout team CSV with Dask: python examples/dask_team.py TEAM.csv OUT_DIR [ROLE_ID]."""

import csv
import json
import re
import sys

import dask
import dask.bag as db
import fsspec

from careergap import score_profile


def to_profile(rows):
    """A person's rows (dicts, in file order) -> a profile dict; the first value given for a detail wins."""
    profile = {"name": rows[0]["person"].strip(), "qualifications": [], "skills": {}}
    for row in rows:
        for key in ("current_role", "target_role", "years_experience"):
            if row.get(key, "").strip() and key not in profile:
                profile[key] = row[key].strip()
        for qualification in re.split(r"[;,|]", row.get("qualification", "")):
            if qualification.strip() and qualification.strip() not in profile["qualifications"]:
                profile["qualifications"].append(qualification.strip())
        if row.get("skill", "").strip():
            profile["skills"].setdefault(row["skill"].strip(), row["level"].strip())
    return profile


def score(person, role_id=None):
    """One result per person; a person careergap cannot read comes back as an error, never stops the job."""
    try:
        return score_profile(person, role_id)
    except Exception as exc:  # noqa: BLE001 - reported in the output, next to the person
        return {"person": person["name"], "scored": False, "error": f"{type(exc).__name__}: {exc}"}


def score_team(path, role_id=None, blocksize="16MiB"):
    """A bag of results, one per person, whatever the order of the rows in the file."""
    with fsspec.open(path, "rt", encoding="utf-8-sig") as handle:
        header_line = handle.readline()
    header = [name.strip().lower().replace(" ", "_") for name in next(csv.reader([header_line]))]

    def read(lines, part):  # (partition, line in it, row): a person's rows may span two partitions
        for number, line in enumerate(lines):
            if line.strip() and line != header_line:
                yield part, number, dict(zip(header, next(csv.reader([line])), strict=False))

    parts = db.read_text(path, blocksize=blocksize, encoding="utf-8-sig").to_delayed()
    rows = db.from_delayed([dask.delayed(read)(lines, part) for part, lines in enumerate(parts)])
    people = rows.groupby(lambda row: " ".join(row[2]["person"].split()).casefold())
    return people.map(
        lambda group: score(to_profile([row for *_, row in sorted(group[1], key=lambda r: r[:2])]), role_id)
    )


if __name__ == "__main__":
    team, out = sys.argv[1], sys.argv[2]
    role = sys.argv[3] if len(sys.argv) > 3 else None
    score_team(team, role).map(json.dumps).to_textfiles(f"{out}/scored-*.jsonl")
