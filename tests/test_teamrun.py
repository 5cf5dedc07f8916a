"""The team pipeline (careergap.teamrun): a pool of worker processes gives byte for byte what one process gives,
problems included, and every distinct phrase is resolved once per run."""

from __future__ import annotations

import csv
import dataclasses
import json
import multiprocessing
import random
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


def messy_team(path: Path, people: int = 300, seed: int = 4) -> Path:
    """A long-layout team with bad levels, unknown roles, rows without a person, a stray quote and a person whose
    rows come back later: every kind of problem a pool must report exactly as one process does."""
    rnd = random.Random(seed)
    lines = ["person,skill,level,target_role,qualification"]
    for i in range(people):
        target = rnd.choice(ROLES)
        for n, phrase in enumerate(rnd.sample(PHRASES, 5)):
            qual = "PRINCE2 Foundation" if n == 0 and i % 3 == 0 else ""
            lines.append(f"Person {i},{phrase},{rnd.choice(LEVELS)},{target},{qual}")
        if i % 97 == 5:
            lines.append(",budget mgmt,3,,")
        if i % 131 == 7:
            lines.append(f'Person {i},"unclosed,3,,')
    lines.append("Person 3,QA,2,,")  # back again, far from their other rows: regrouped
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small_pool(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pool starts on any file, with small chunks; returns a list that counts the chunks sent to it."""
    monkeypatch.setattr(teamrun, "POOL_MIN_BYTES", 0)
    monkeypatch.setattr(teamrun, "CHUNK_PEOPLE", 7)
    monkeypatch.setattr(teamrun, "_cpus", lambda: 2)
    sent: list[int] = []
    submit = teamrun._Pool.submit

    def counting(self, people):  # type: ignore[no-untyped-def]
        sent.append(len(people))
        return submit(self, people)

    monkeypatch.setattr(teamrun._Pool, "submit", counting)
    return sent


def run_both(cli, monkeypatch, tmp_path: Path, *args: str) -> tuple[dict[str, str], dict[str, str]]:  # type: ignore[no-untyped-def]
    outputs = []
    for processes in ("1", "2"):
        monkeypatch.setenv(teamrun.PROCESSES_ENV, processes)
        folder = tmp_path / f"p{processes}"
        folder.mkdir()
        paths = {
            "out": folder / "out",
            "errors": folder / "errors.csv",
            "summary": folder / "summary.json",
            "phrases": folder / "phrases.csv",
        }
        result = cli(
            *args,
            "-o",
            paths["out"],
            "--errors",
            paths["errors"],
            "--summary-file",
            paths["summary"],
            "--phrases-report",
            paths["phrases"],
        )
        assert result.exit_code == 3, result.stderr
        texts = {name: p.read_text(encoding="utf-8") for name, p in paths.items()}
        texts["stderr"] = result.stderr.replace(str(folder), "<folder>")
        outputs.append(texts)
    return outputs[0], outputs[1]


@needs_fork
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
@pytest.mark.parametrize("roles", [[], ["--all-roles"], ["--role", "council-pro11"]])
def test_a_pool_writes_exactly_what_one_process_writes(
    cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, small_pool: list[int], fmt: str, roles: list[str]
) -> None:
    team = messy_team(tmp_path / "team.csv")
    one, pool = run_both(cli, monkeypatch, tmp_path, "batch", team, "-f", fmt, *roles)
    assert small_pool and sum(small_pool) == 300  # the pool did score everyone, in chunks
    assert one == pool
    assert "unclosed quote" in one["errors"] and "no person name" in one["errors"]
    assert one["errors"].count("\n") > 20 and "error: " in one["stderr"]


@needs_fork
def test_a_pool_fills_the_team_summary_as_one_process_does(
    cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, small_pool: list[int]
) -> None:
    team = messy_team(tmp_path / "team.csv", people=120)
    reports = []
    for processes in ("1", "2"):
        monkeypatch.setenv(teamrun.PROCESSES_ENV, processes)
        out = tmp_path / f"team-{processes}.json"
        assert cli("team", team, "-o", out, "-q").exit_code == 3
        reports.append(json.loads(out.read_text(encoding="utf-8")))
    assert small_pool and reports[0] == reports[1] and reports[0]["people"] == 120


@needs_fork
def test_every_distinct_phrase_is_resolved_once_per_run(tmp_path: Path, small_pool: list[int]) -> None:
    team = messy_team(tmp_path / "team.csv")
    scorer = Scorer()
    asked: list[str] = []
    resolver = scorer.analyser.resolver
    resolve = resolver.skill

    def spy(phrase: str):  # type: ignore[no-untyped-def]
        asked.append(phrase)
        return resolve(phrase)

    resolver.skill = spy  # type: ignore[method-assign]
    run = teamrun.TeamRun(scorer, processes=2)
    with teamrun.open_team(team) as source:
        run.run(run.reader(source), problem=lambda error: None, size=source.size)
    assert run.workers >= 1 and small_pool
    assert sorted(asked) == sorted(set(asked)) and set(asked) <= set(PHRASES)


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


@needs_fork
def test_the_api_scores_a_team_through_the_same_pipeline(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_pool: list[int]
) -> None:
    team = messy_team(tmp_path / "team.csv", people=80)
    monkeypatch.setenv(teamrun.PROCESSES_ENV, "1")
    out = tmp_path / "out.jsonl"
    errors = tmp_path / "errors.csv"
    cli("batch", team, "-f", "jsonl", "-o", out, "--errors", errors, "-q")
    expected = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    with errors.open(encoding="utf-8", newline="") as handle:
        reported = [(int(row[0]), row[1], row[4]) for row in list(csv.reader(handle))[1:]]
    for processes in (1, 2):
        result = score_team(team, processes=processes)
        assert result.rows == expected
        assert [(p.line, p.column, p.reason) for p in result.problems] == reported
        assert result.stats.problems == len(reported)
    assert small_pool
