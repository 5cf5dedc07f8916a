"""The README's Dask and Spark examples are real: each scores a generated team and agrees with `careergap batch`.

The examples live in examples/*.py and the README includes them verbatim (checked here). The Dask example runs in
the normal suite on dask's local scheduler; the Spark one needs Java and pyspark and runs in `nox -s spark`
(this file's Spark test is skipped where pyspark is not installed).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = ["dask_team.py", "spark_team.py"]

# Phrases people write (most resolve to a skill; the last few deliberately do not) and levels as a profile accepts them.
PHRASES = [
    "budget mgmt", "stakeholder engagement", "risk & issue management", "project planning", "highlight reports",
    "comms", "presentations", "team leadership", "line management", "coaching", "procurement",
    "contract management", "quality assurance", "benefits realisation", "business cases", "change control",
    "governance", "data analysis", "negotiation", "relationship building", "continuous improvement", "GDPR",
    "programme management", "project admin", "requirements gathering", "underwater basket weaving", "origami",
]  # fmt: skip
LEVELS = [
    "0",
    "1",
    "2",
    "3",
    "3",
    "4",
    "4",
    "aware",
    "Familiar",
    "proficient",
    "proficient",
    "Expert",
    "none",
]
ROLES = ["", "", "council-pro9", "council-pro10", "council-pro11", "council-pro12", "it-project-manager"]
QUALIFICATIONS = ["", "", "PRINCE2 Foundation", "MoP Practitioner", "APM PMQ", "PRINCE2 Practitioner"]
COMPARED = (
    "person role_id role_title role_basis rank scored score verdict gates_passed essential_gaps unrated coverage "
    "gaps missing_qualifications unmatched notes"
).split()


def generate_team(path: Path, people: int, seed: int = 13, shuffled: bool = False) -> None:
    """A long-layout team, details on every row or only the first, as exports do; each person's rows together,
    or (``shuffled``) spread anywhere in the file, a person's own rows still in their order."""
    rng = random.Random(seed)
    rows: list[list[str]] = []
    for number in range(people):
        name = f"Person {number:04d} {rng.choice(['Khan', 'Okoro', 'Price', 'Li', 'Evans'])}"
        details = [rng.choice(ROLES), rng.choice(ROLES), rng.choice(["", "2", "4.5", "7", "12"])]
        every_row = rng.random() < 0.5
        for i, phrase in enumerate(rng.sample(PHRASES, rng.randint(1, 24))):
            shown = details if (every_row or i == 0) else ["", "", ""]
            rows.append([name, *shown, rng.choice(QUALIFICATIONS), phrase, rng.choice(LEVELS)])
    if shuffled:  # deal each person's rows, in order, into a random set of positions
        positions = list(range(len(rows)))
        rng.shuffle(positions)
        placed: list[list[str]] = [[] for _ in rows]
        for slot, row in zip(_sorted_per_person(rows, positions), rows, strict=True):
            placed[slot] = row
        rows = placed
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(
            ["person", "current_role", "target_role", "years_experience", "qualification", "skill", "level"]
        )
        out.writerows(rows)


def _sorted_per_person(rows: list[list[str]], positions: list[int]) -> list[int]:
    """The shuffled positions, sorted within each person's block of rows (rows are grouped by person)."""
    out: list[int] = []
    start = 0
    while start < len(rows):
        end = start
        while end < len(rows) and rows[end][0] == rows[start][0]:
            end += 1
        out += sorted(positions[start:end])
        start = end
    return out


def batch_results(team: Path, *role: str) -> dict[str, dict[str, Any]]:
    """`careergap batch -f jsonl` as a user runs it, by person."""
    done = subprocess.run(
        [sys.executable, "-m", "careergap", "batch", str(team), "-f", "jsonl", "--quiet", *role],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    return {row["person"]: row for row in rows}


def assert_same(engine: dict[str, dict[str, Any]], batch: dict[str, dict[str, Any]]) -> None:
    assert sorted(engine) == sorted(batch)
    for person, row in batch.items():
        theirs = engine[person]
        assert "error" not in theirs, theirs
        assert {k: theirs[k] for k in COMPARED} == {k: row[k] for k in COMPARED}, person
    assert (
        sum(row["scored"] for row in batch.values()) > len(batch) * 0.9
    )  # not a comparison of empty results


def load_example(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name.removesuffix(".py"), ROOT / "examples" / name)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", EXAMPLES)
def test_readme_includes_the_example_file_verbatim(name: str) -> None:
    """The README shows exactly the file the tests run, so the two cannot drift apart."""
    marker = f"<!-- example: examples/{name} -->\n```python\n"
    assert marker in README, f"README has no block marked {marker!r}"
    shown = README.split(marker, 1)[1].split("\n```\n", 1)[0] + "\n"
    assert shown == (ROOT / "examples" / name).read_text(encoding="utf-8")


def test_generated_team_exercises_the_awkward_cases(tmp_path: Path) -> None:
    team = tmp_path / "team.csv"
    generate_team(team, 40)
    batch = batch_results(team)
    rows = list(batch.values())
    bases = {r["role_basis"] for r in rows}
    assert "target_role" in bases and len(bases) >= 2  # and the best fit or current role for the others
    assert any(r["unmatched"] for r in rows) and any(r["missing_qualifications"] for r in rows)
    assert len({r["score"] for r in rows}) > 10 and max(r["score"] for r in rows) >= 50


def test_dask_example_equals_careergap_batch_person_by_person(tmp_path: Path) -> None:
    """Run as the README says (a fresh process, dask's default local scheduler for bags: processes), in several
    partitions so that people split across partitions are joined."""
    pytest.importorskip("dask.bag")
    team = tmp_path / "team.csv"
    generate_team(team, 150)
    out = tmp_path / "scored"
    script = ROOT / "examples" / "dask_team.py"
    done = subprocess.run(
        [sys.executable, str(script), str(team), str(out)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    files = sorted(out.glob("scored-*.jsonl"))
    assert files
    results = [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines()]
    assert len(results) == 150
    assert_same({r["person"]: r for r in results}, batch_results(team))


def test_dask_example_with_a_given_role_small_partitions_and_shuffled_rows(tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    example = load_example("dask_team.py")
    team = tmp_path / "team.csv"
    generate_team(team, 60, seed=7, shuffled=True)
    bag = example.score_team(str(team), "council-pro11", blocksize=2048)
    assert bag.npartitions > 3
    results = bag.compute(scheduler="threads")
    assert_same({r["person"]: r for r in results}, batch_results(team, "--role", "council-pro11"))


def test_dask_example_reports_a_bad_person_and_scores_the_rest(tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    example = load_example("dask_team.py")
    team = tmp_path / "team.csv"
    team.write_text(
        "person,target_role,skill,level\nAna,council-pro11,budget mgmt,3\nBo,,risk,expertt\nBo,,comms,2\n",
        encoding="utf-8",
    )
    results = {r["person"]: r for r in example.score_team(str(team)).compute(scheduler="sync")}
    assert results["Ana"]["scored"] and results["Ana"]["role_id"] == "council-pro11"
    assert results["Bo"]["scored"] is False and re.search(r"expertt", results["Bo"]["error"])


# One ordinary bad row stopped the whole job (KeyError 'level' in Dask, None.strip in Spark) and lost everyone after it.
AWKWARD = (
    "person;current_role;target_role;skill;level\n"
    "Ann Lee;council-pro10;council-pro11;budget mgmt;3\n"
    "Bob Roe;council-pro10;council-pro11;budget mgmt\n"
    "Bob Roe;council-pro10;council-pro11;risk management;3\n"
    "Dee Fox;council-pro9;;progress reporting;\n"
    "Eve;council-pro10;council-pro11;budget mgmt;1;3\n"
    ";;;leadership;3\n"
    "Fay;council-pro9;;comms;2\n"
)


def test_dask_example_survives_short_long_and_nameless_rows_in_a_semicolon_file(tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    example = load_example("dask_team.py")
    team = tmp_path / "team.csv"
    team.write_text(AWKWARD, encoding="utf-8")
    results = {r["person"]: r for r in example.score_team(str(team), blocksize=60).compute(scheduler="sync")}
    assert set(results) == {"Ann Lee", "Bob Roe", "Dee Fox", "Eve", "Fay"}  # a row naming no one is left out
    assert results["Ann Lee"]["scored"] and results["Fay"]["scored"]
    assert "a row has 4 fields where the header has 5" in results["Bob Roe"]["error"]
    assert "a row has 6 fields where the header has 5" in results["Eve"]["error"]
    assert results["Dee Fox"]["scored"] is False and "is not a level" in results["Dee Fox"]["error"]


def spark_results(team: Path, *roles: str | None) -> list[list[dict[str, Any]]]:
    """The Spark example's results for ``team``, once per role given (None: the rule's role), in one session.
    Needs pyspark and Java: `nox -s spark` installs both (there a missing pyspark fails instead of skipping)."""
    if not os.environ.get("CAREERGAP_REQUIRE_SPARK"):
        pytest.importorskip("pyspark")
    example = load_example("spark_team.py")
    spark = example.local_session()
    try:
        return [
            [json.loads(text) for text in example.score_team(spark, str(team), role).collect()]
            for role in roles
        ]
    finally:
        spark.stop()


def test_spark_example_survives_short_long_and_nameless_rows_in_a_semicolon_file(tmp_path: Path) -> None:
    team = tmp_path / "team.csv"
    team.write_text(AWKWARD, encoding="utf-8")
    (found,) = spark_results(team, None)
    results = {r["person"]: r for r in found}
    assert set(results) == {"Ann Lee", "Bob Roe", "Dee Fox", "Eve", "Fay"}
    assert results["Ann Lee"]["scored"] and results["Fay"]["scored"]
    assert results["Bob Roe"]["scored"] is False and "is not a level" in results["Bob Roe"]["error"]


def test_spark_example_equals_careergap_batch_person_by_person(tmp_path: Path) -> None:
    team = tmp_path / "team.csv"
    generate_team(team, 120, seed=11, shuffled=True)
    results, given = spark_results(team, None, "council-pro12")
    assert_same({r["person"]: r for r in results}, batch_results(team))
    assert_same({r["person"]: r for r in given}, batch_results(team, "--role", "council-pro12"))
