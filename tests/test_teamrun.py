"""The team pipeline (careergap.teamrun): a pool of worker processes gives byte for byte what one process gives,
problems included, and every distinct phrase is resolved once per run."""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import json
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
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


# ---- stopping a pooled run: a signal, or a worker that dies ------------------------------------------------------
# Real processes: the run starts in a session of its own (its own process group), as under `timeout` or a
# supervisor, with a pool of two workers even on a one-CPU machine. Every wait is bounded, and whatever is left is
# killed, so a run that hangs fails the test instead of hanging it.
needs_signals = pytest.mark.skipif(
    os.name != "posix" or "fork" not in multiprocessing.get_all_start_methods() or not shutil.which("pgrep"),
    reason="process groups and signals are POSIX, the pool needs fork, and the test finds workers with pgrep",
)
POOLED = """
from careergap import teamrun
teamrun._cpus = lambda: 2
from careergap.cli import main
main()
"""
SKILLS = (
    "budget mgmt|risk management|stakeholder engagement|project planning|progress reporting|data analysis|"
    "quality reviews|contract mgmt|team working|problem solving"
).split("|")
PREVIOUS = "the previous output, which a stopped run must leave as it was\n"


def team_rows(first: int, last: int) -> str:
    """People ``first`` to ``last - 1`` in the long layout (a team file, read whole before its people are scored)."""
    rnd = random.Random(first)
    return "".join(
        f"Person {p},council-pro11,{skill},{rnd.randint(0, 4)}\n"
        for p in range(first, last)
        for skill in SKILLS
    )


def wide_rows(first: int, last: int) -> str:
    """The same in the wide layout, which standard input streams: a run reading it goes on while input is open."""
    rnd = random.Random(first)
    return "".join(
        f"Person {p},council-pro11," + ",".join(str(rnd.randint(0, 4)) for _ in SKILLS) + "\n"
        for p in range(first, last)
    )


class PooledRun:
    """``careergap batch`` over a team file (or standard input, kept open until ``feed(close=True)``)."""

    def __init__(self, folder: Path, team: Path | None) -> None:
        self.folder = folder
        self.out = folder / "out.csv"
        self.out.write_text(PREVIOUS, encoding="utf-8")
        source = str(team) if team is not None else "-"
        self.process = subprocess.Popen(
            [sys.executable, "-c", POOLED, "batch", source, "--no-progress", "-o", str(self.out), "--force"],
            stdin=subprocess.PIPE if team is None else subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, teamrun.PROCESSES_ENV: "2", "TERM": "dumb"},
            start_new_session=True,
        )
        self.workers: list[int] = []
        self.feeding: list[threading.Thread] = []
        self.err: str | None = None
        if team is None:
            self.feed(
                f"person,target_role,{','.join(SKILLS)}\n" + wide_rows(0, 6_000)
            )  # past POOL_MIN_PEOPLE

    def feed(self, text: str = "", *, close: bool = False) -> None:
        def write() -> None:
            stdin = self.process.stdin
            assert stdin is not None
            with contextlib.suppress(OSError, ValueError):  # the run may have stopped reading
                stdin.write(text.encode())
                stdin.flush()
                if close:
                    stdin.close()

        self.feeding.append(threading.Thread(target=write, daemon=True))  # a pipe takes 64 KiB at a time
        self.feeding[-1].start()

    def wait_for_output(self) -> None:
        """Until the pool has two workers and scored people reach the temp file beside the output."""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and self.process.poll() is None:
            found = subprocess.run(
                ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
            )
            self.workers = [int(pid) for pid in found.stdout.split()]
            temp = [p for p in self.folder.glob(".out.csv.*.tmp") if p.stat().st_size > 0]
            if len(self.workers) == 2 and temp:
                return
            time.sleep(0.02)
        self.stop()
        pytest.fail(f"the run never wrote scored people (exit {self.process.returncode}): {self.stderr()}")

    def end(self) -> tuple[int, str]:
        """The exit code and stderr, within 10 seconds of a signal (the test fails if the run hangs)."""
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.stop()
            pytest.fail(f"the run was still going 10 seconds later: {self.stderr()}")
        return self.process.returncode, self.stderr()

    def stderr(self) -> str:
        """What the run wrote on stderr, once it has ended."""
        stream = self.process.stderr
        if self.err is None and stream is not None and self.process.poll() is not None:
            self.err = stream.read().decode(errors="replace")
        return self.err or ""

    def stop(self) -> None:
        """Kill whatever is left of the run's process group; close the pipes."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.stderr()
        for thread in self.feeding:
            thread.join(timeout=10)
        for stream in (self.process.stdin, self.process.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def assert_left_nothing(self) -> None:
        """The previous output untouched, no temp file, no worker left running."""
        assert self.out.read_text(encoding="utf-8") == PREVIOUS
        assert list(self.folder.glob(".*.tmp")) == []
        deadline = time.monotonic() + 5
        while (alive := [pid for pid in self.workers if running(pid)]) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert alive == [], "workers outlived the run"


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    with contextlib.suppress(OSError):  # a zombie is no longer running (Linux says so here)
        return stat.read_text().rpartition(")")[2].split()[0] != "Z"
    return True


@pytest.fixture(scope="module")
def big_team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20,000 people x 10 skills (9 MB): a pool's run lasts a second or two after its first people are written."""
    team = tmp_path_factory.mktemp("big") / "team.csv"
    team.write_text("person,target_role,skill,level\n" + team_rows(0, 20_000), encoding="utf-8")
    return team


@needs_signals
@pytest.mark.parametrize(
    ("sig", "code", "source"),
    [(signal.SIGTERM, 143, "file"), (signal.SIGHUP, 129, "file"), (signal.SIGTERM, 143, "stdin")],
)
def test_a_signal_to_the_whole_process_group_ends_a_pooled_run_at_once(
    tmp_path: Path, big_team: Path, sig: int, code: int, source: str
) -> None:
    """`timeout`, `kill -TERM -PGID` and container stops signal every process of the group: the workers died with the
    first signal and the main process waited forever for them."""
    run = PooledRun(tmp_path, big_team if source == "file" else None)
    try:
        run.wait_for_output()
        os.killpg(run.process.pid, sig)
        exit_code, err = run.end()
    finally:
        run.stop()
    assert exit_code == code, err
    assert f"terminated by {signal.Signals(sig).name}; no partial output was kept" in err
    assert "Traceback" not in err
    run.assert_left_nothing()


@needs_signals
def test_a_sigterm_to_the_main_process_alone_ends_its_workers_too(tmp_path: Path) -> None:
    run = PooledRun(tmp_path, None)
    try:
        run.wait_for_output()
        run.process.send_signal(signal.SIGTERM)
        exit_code, err = run.end()
    finally:
        run.stop()
    assert exit_code == 143, err
    assert "terminated by SIGTERM" in err and "Traceback" not in err
    run.assert_left_nothing()


@needs_signals
def test_a_worker_that_dies_ends_the_run_with_a_clear_error(tmp_path: Path) -> None:
    """The out-of-memory killer's SIGKILL: the dead worker's chunk was never answered and the run hung, deaf even to
    SIGTERM. Not a bug in careergap (exit 1, not 70), and the message says what to do."""
    run = PooledRun(tmp_path, None)
    try:
        run.wait_for_output()
        os.kill(run.workers[0], signal.SIGKILL)
        run.feed(wide_rows(6_000, 9_000), close=True)  # more people for the pool
        exit_code, err = run.end()
    finally:
        run.stop()
    assert exit_code == 1, err
    assert (
        "error: a worker process died (killed by signal 9, perhaps out of memory); no partial output was kept"
        in err
    )
    assert f"hint: try {teamrun.PROCESSES_ENV}=1" in err and "Traceback" not in err
    run.assert_left_nothing()
