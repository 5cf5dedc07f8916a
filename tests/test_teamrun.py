"""The team pipeline (careergap.teamrun): a pool of worker processes gives byte for byte what one process gives,
problems included, and every distinct phrase is resolved once per run."""

from __future__ import annotations

import csv
import dataclasses
import json
import multiprocessing
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from careergap import teamrun
from careergap.api import Scorer, score_team
from careergap.batch import PersonRecord

needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="the pool needs the fork start method"
)

PHRASES = [
    "budget mgmt",
    "Stakeholder engagement",
    "risk mgmt",
    "scheduling",
    "Java",
    "coaching",
    "QA",
    "lean",
]
LEVELS = ["0", "1", "2", "3", "4", "proficient", "expertt", "", "n/a"]
ROLES = ["council-pro10", "council-pro11", "it-project-manager", "no-such-role", ""]


def messy_team(path: Path, people: int = 300, seed: int = 4, *, regroup: bool = True) -> Path:
    """A long-layout team with bad levels, unknown roles, rows without a person, a stray quote and a person whose
    rows come back later: every kind of problem a pool must report exactly as one process does."""
    rnd = random.Random(seed)
    lines = ["person,skill,level,target_role,qualification"]
    for i in range(people):
        target = rnd.choice(ROLES)
        for n, phrase in enumerate(rnd.sample(PHRASES, 5)):
            qual = "PRINCE2 Foundation" if n == 0 and i % 3 == 0 else ""
            lines.append(f"Person {i},{phrase},{rnd.choice(LEVELS)},{target},{qual}")
        if i % 97 == 5 and regroup:  # a row without a person: the reader regroups rather than guess
            lines.append(",budget mgmt,3,,")
        if i % 131 == 7:
            lines.append(f'Person {i},"unclosed,3,,')
    if regroup:
        lines.append("Person 3,QA,2,,")  # back again, far from their other rows: the file is regrouped
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# The pool is tested in a fresh interpreter: forking is refused (rightly) in a process where other threads run, and
# earlier tests in this session may have left some (dask's thread pool does). The probe makes the pool start on any
# file, with chunks of 7 people, and says on its last stderr line how many chunks went to the pool.
PROBE = """
import json, sys
from careergap import teamrun
teamrun.POOL_MIN_BYTES = 0
teamrun.CHUNK_PEOPLE = 7
teamrun._cpus = lambda: 2
sent = []
submit = teamrun._Pool.submit
def counting(self, people):
    sent.append(len(people))
    return submit(self, people)
teamrun._Pool.submit = counting
code = 0
try:
    exec(sys.argv[1])
except SystemExit as exc:
    code = exc.code or 0
print("CHUNKS " + json.dumps(sent), file=sys.stderr)
sys.exit(code)
"""
CLI = "from careergap.cli import app; app(args=sys.argv[2:], prog_name='careergap')"


def probe(code: str, *args: object, processes: str = "2") -> tuple[int, str, list[int]]:
    env = {**os.environ, teamrun.PROCESSES_ENV: processes, "COLUMNS": "120", "TERM": "dumb"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, code, *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    stderr, _, last = done.stderr.rstrip("\n").rpartition("\n")
    if not last.startswith("CHUNKS "):
        stderr, last = done.stderr, "CHUNKS []"
    return done.returncode, stderr, json.loads(last.removeprefix("CHUNKS "))


def run_both(tmp_path: Path, *args: str) -> tuple[dict[str, str], dict[str, str], list[int]]:
    outputs = []
    chunks: list[int] = []
    for processes in ("1", "2"):
        folder = tmp_path / f"p{processes}"
        folder.mkdir()
        paths = {
            "out": folder / "out",
            "errors": folder / "errors.csv",
            "summary": folder / "summary.json",
            "phrases": folder / "phrases.csv",
        }
        code, stderr, chunks = probe(
            CLI,
            *args,
            *("-o", paths["out"], "--errors", paths["errors"], "--summary-file", paths["summary"]),
            *("--phrases-report", paths["phrases"]),
            processes=processes,
        )
        assert code == 3, stderr
        texts = {name: p.read_text(encoding="utf-8") for name, p in paths.items()}
        texts["stderr"] = stderr.replace(str(folder), "<folder>")
        outputs.append(texts)
    return outputs[0], outputs[1], chunks


@needs_fork
@pytest.mark.parametrize(
    ("fmt", "roles"),
    [
        ("csv", []),
        ("csv", ["--all-roles"]),
        ("jsonl", ["--role", "council-pro11"]),
        ("json", ["--all-roles"]),
    ],
)
def test_a_pool_writes_exactly_what_one_process_writes(tmp_path: Path, fmt: str, roles: list[str]) -> None:
    team = messy_team(tmp_path / "team.csv")
    one, pool, chunks = run_both(tmp_path, "batch", team, "-f", fmt, *roles)
    assert chunks and sum(chunks) == 300  # the pool did score everyone, in chunks
    assert one == pool
    assert "unclosed quote" in one["errors"] and "no person name" in one["errors"]
    assert one["errors"].count("\n") > 20 and "error: " in one["stderr"]


@needs_fork
def test_a_file_already_grouped_is_streamed_through_the_pool_too(tmp_path: Path) -> None:
    team = messy_team(tmp_path / "team.csv", regroup=False)
    one, pool, chunks = run_both(tmp_path, "batch", team, "--all-roles")
    assert chunks and one == pool


@needs_fork
def test_a_pool_fills_the_team_summary_as_one_process_does(tmp_path: Path) -> None:
    team = messy_team(tmp_path / "team.csv", people=120)
    reports = []
    for processes in ("1", "2"):
        out = tmp_path / f"team-{processes}.json"
        code, stderr, chunks = probe(CLI, "team", team, "-o", out, "-q", processes=processes)
        assert code == 3, stderr
        reports.append(json.loads(out.read_text(encoding="utf-8")))
    assert chunks and reports[0] == reports[1] and reports[0]["people"] == 120


RESOLVE_ONCE = """
from pathlib import Path
from careergap.api import Scorer
scorer = Scorer()
asked = []
resolve = scorer.analyser.resolver.skill
def spy(phrase):
    asked.append(phrase)
    return resolve(phrase)
scorer.analyser.resolver.skill = spy
run = teamrun.TeamRun(scorer, processes=2)
with teamrun.open_team(Path(sys.argv[2])) as source:
    run.run(run.reader(source), problem=lambda error: None, size=source.size)
print("ASKED " + json.dumps(asked), file=sys.stderr)
"""


@needs_fork
def test_every_distinct_phrase_is_resolved_once_per_run(tmp_path: Path) -> None:
    team = messy_team(tmp_path / "team.csv")
    code, stderr, chunks = probe(RESOLVE_ONCE, team)
    assert code == 0 and chunks, stderr
    asked = json.loads(stderr.rpartition("ASKED ")[2])
    assert sorted(asked) == sorted(set(asked)) and set(asked) <= set(PHRASES) and len(asked) > 3


def test_a_small_team_stays_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(teamrun.PROCESSES_ENV, raising=False)
    team = messy_team(tmp_path / "team.csv", people=50)
    run = teamrun.TeamRun(Scorer())
    with teamrun.open_team(team) as source:
        run.run(run.reader(source), problem=lambda error: None, size=source.size)
    assert run.workers == 0 and run.scored > 0


def test_a_record_is_sent_with_every_field() -> None:
    record = PersonRecord("Ann", 2, 5, (("budget mgmt", 3),), "council-pro10", "council-pro11", 4.0, ("PMP",))
    assert PersonRecord(*teamrun._pack(record)) == record
    assert len(teamrun._pack(record)) == len(dataclasses.fields(PersonRecord))


API = """
from careergap.api import score_team
result = score_team(sys.argv[2], processes=int(sys.argv[3]))
print("ROWS " + json.dumps(result.rows), file=sys.stderr)
print("PROBLEMS " + json.dumps([(p.line, p.column, p.reason) for p in result.problems]), file=sys.stderr)
"""


@needs_fork
def test_the_api_scores_a_team_through_the_same_pipeline(cli, tmp_path: Path) -> None:
    team = messy_team(tmp_path / "team.csv", people=80)
    out = tmp_path / "out.jsonl"
    errors = tmp_path / "errors.csv"
    cli("batch", team, "-f", "jsonl", "-o", out, "--errors", errors, "-q")
    expected = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    with errors.open(encoding="utf-8", newline="") as handle:
        reported = [[int(row[0]), row[1], row[4]] for row in list(csv.reader(handle))[1:]]
    for processes in ("1", "2"):
        code, stderr, chunks = probe(API, team, processes, processes=processes)
        assert code == 0, stderr
        problems = stderr.rpartition("PROBLEMS ")[2]
        rows = stderr.rpartition("ROWS ")[2].partition("\nPROBLEMS ")[0]
        assert json.loads(rows) == expected and json.loads(problems) == reported
        assert bool(chunks) == (processes == "2")
    assert score_team(team, processes=1).rows == expected  # in this process too
