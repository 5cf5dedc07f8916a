"""Score a long-layout team CSV with Dask: python examples/dask_team.py TEAM.csv OUT_DIR [ROLE_ID]."""

import csv
import json
import re
import sys

import dask
import dask.bag as db
import fsspec

from careergap import score_profile
from careergap.batch import sniff_delimiter

MISFIT = "\0misfit"  # marks a row whose number of fields is not the header's: its values cannot be placed


def to_profile(rows):
    """A person's rows (dicts, in file order) -> a profile dict; the first value given for a detail wins."""
    for row in rows:
        if MISFIT in row:
            raise ValueError(row[MISFIT])
    profile = {"name": rows[0]["person"].strip(), "qualifications": [], "skills": {}}
    for row in rows:
        for key in ("current_role", "target_role", "years_experience"):
            if (row.get(key) or "").strip() and key not in profile:
                profile[key] = row[key].strip()
        for qualification in re.split(r"[;,|]", row.get("qualification") or ""):
            if qualification.strip() and qualification.strip() not in profile["qualifications"]:
                profile["qualifications"].append(qualification.strip())
        if (row.get("skill") or "").strip():
            profile["skills"].setdefault(row["skill"].strip(), (row.get("level") or "").strip())
    return profile


def score(rows, role_id=None):
    """One result per person; a person careergap cannot read comes back as an error, never stops the job."""
    try:
        return score_profile(to_profile(rows), role_id)
    except Exception as exc:  # noqa: BLE001 - reported in the output, next to the person
        return {"person": rows[0]["person"].strip(), "scored": False, "error": f"{type(exc).__name__}: {exc}"}


def score_team(path, role_id=None, blocksize="16MiB"):
    """A bag of results, one per person, whatever the order of the rows in the file."""
    with fsspec.open(path, "rt", encoding="utf-8-sig", errors="replace") as handle:
        header_line = handle.readline()
    delimiter = sniff_delimiter(header_line)  # comma, semicolon or tab, as careergap batch reads
    header = [
        name.strip().lower().replace(" ", "_")
        for name in next(csv.reader([header_line], delimiter=delimiter))
    ]
    if "person" not in header:
        raise ValueError(f"{path}: the header has no person column: {header_line.strip()!r}")

    def read(lines, part):  # (partition, line in it, row): a person's rows may span two partitions
        for number, line in enumerate(lines):
            if line.strip() and line != header_line:
                fields = next(csv.reader([line], delimiter=delimiter), [])
                row = dict(zip(header, fields, strict=False))
                if len(fields) != len(header):
                    row[MISFIT] = (
                        f"a row has {len(fields)} fields where the header has {len(header)}: {line.strip()[:80]!r}"
                    )
                if (row.get("person") or "").strip():  # a row naming no one is left out (batch reports it)
                    yield part, number, row

    parts = db.read_text(path, blocksize=blocksize, encoding="utf-8-sig", errors="replace").to_delayed()
    rows = db.from_delayed([dask.delayed(read)(lines, part) for part, lines in enumerate(parts)])
    people = rows.groupby(lambda row: " ".join(row[2]["person"].split()).casefold())
    return people.map(
        lambda group: score([row for *_, row in sorted(group[1], key=lambda r: r[:2])], role_id)
    )


if __name__ == "__main__":
    team, out = sys.argv[1], sys.argv[2]
    role = sys.argv[3] if len(sys.argv) > 3 else None
    score_team(team, role).map(json.dumps).to_textfiles(f"{out}/scored-*.jsonl")
