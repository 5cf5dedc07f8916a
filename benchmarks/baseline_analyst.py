"""The bar `careergap batch` is compared against: the quick script a data analyst would write instead.

pandas reads the long-layout team file and groups it by person; rapidfuzz's ``extractOne`` maps each distinct
phrase to the nearest skill name or alias (no near-miss refusal, no ambiguity check, no qualification rules); the
README's weighted formula scores each person against their target role, else current role, else every role (the
best kept). No validation, no error report, no line numbers: what careergap does on top of this is the point.

Run: python benchmarks/baseline_analyst.py TEAM.csv [-o OUT.csv]   (needs pandas: pip install pandas)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd
import yaml
from rapidfuzz import fuzz, process

ROLES = Path(__file__).resolve().parents[1] / "data" / "roles"
WEIGHT = {"essential": 3.0, "desirable": 1.0}


def load_roles() -> tuple[dict[str, str], dict[str, list[tuple[str, int, float]]]]:
    """(phrase -> skill id for every name and alias, role id -> [(skill, level, weight)])."""
    choices: dict[str, str] = {}
    roles: dict[str, list[tuple[str, int, float]]] = {}
    for path in sorted(ROLES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for skill in data.get("skills", []):
            for text in (skill["id"], skill["name"], *skill.get("aliases", [])):
                choices.setdefault(str(text).lower(), skill["id"])
        for role in data.get("roles", []):
            roles[role["id"]] = [
                (r["skill"], int(r["level"]), WEIGHT[r["importance"]]) for r in role["requirements"]
            ]
    return choices, roles


LEVEL_WORDS = {"none": 0, "aware": 1, "familiar": 2, "working": 2, "proficient": 3, "expert": 4}


def level(value: object) -> int | None:
    text = str(value).strip().lower()
    if text.isdigit():
        return int(text)
    return LEVEL_WORDS.get(text.split(" ")[-1])


def score(levels: dict[str, int], requirements: list[tuple[str, int, float]]) -> float:
    known = credit = 0.0
    for skill, need, weight in requirements:
        have = levels.get(skill)
        if have is not None:
            known += weight
            credit += weight * min(have, need) / need
    return round(100 * credit / known, 1) if known else 0.0


def run(team: Path, out: Path | None) -> int:
    choices, roles = load_roles()
    keys = list(choices)
    frame = pd.read_csv(team, dtype=str, keep_default_na=False)
    mapped = {
        phrase: (
            choices[found[0]]
            if (found := process.extractOne(phrase.lower(), keys, scorer=fuzz.WRatio, score_cutoff=80))
            else None
        )
        for phrase in frame["skill"].unique()
    }
    frame["skill_id"] = frame["skill"].map(mapped)
    frame["lvl"] = frame["level"].map(level)
    frame = frame.dropna(subset=["skill_id", "lvl"])
    rows = []
    for person, group in frame.groupby("person", sort=False):
        levels = group.groupby("skill_id")["lvl"].max().astype(int).to_dict()
        first = group.iloc[0]
        wanted = first.get("target_role") or first.get("current_role")
        if wanted in roles:
            rows.append((person, wanted, score(levels, roles[wanted])))
        else:
            best = max(roles, key=lambda rid: score(levels, roles[rid]))
            rows.append((person, best, score(levels, roles[best])))
    result = pd.DataFrame(rows, columns=["person", "role_id", "score"])
    if out is not None:
        result.to_csv(out, index=False)
    return len(result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("team", type=Path)
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args()
    start = time.perf_counter()
    people = run(args.team, args.output)
    print(f"{people:,} people in {time.perf_counter() - start:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
