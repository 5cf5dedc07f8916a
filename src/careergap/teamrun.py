"""The team pipeline, read -> group -> resolve -> score -> write, shared by `careergap batch`/`team` and the Python API.

The command line keeps only its options and messages; everything a run does to the data is here.

- **Read and group**: ``careergap.batch.TeamReader`` (its guarantees: nothing swallowed, every problem located).
- **Resolve**: every distinct phrase once per run, in this (the main) process, in file order, so a phrases report
  counts exactly what a one-process run counts.
- **Score and format**: one process for a small team; for a big one (``POOL_MIN_BYTES`` of file, or
  ``POOL_MIN_PEOPLE`` people read from a stream of unknown size) the people go in chunks of ``CHUNK_PEOPLE`` to a
  pool of worker processes while this process goes on reading. The scorer is pure, so a worker scores a chunk
  exactly as this process would; the chunk's phrases arrive with it already resolved, and the results come back in
  the order the people were read (at most ``IN_FLIGHT`` chunks per worker at a time, so memory stays bounded).
  Problems are reported here, as the rows are read, in exactly the order and with exactly the lines of a
  one-process run. The pool needs the ``fork`` start method (workers inherit the compiled roles through the fork,
  never sent) and a process with no other thread running (forking beside threads can deadlock); otherwise, or with
  ``CAREERGAP_PROCESSES=1``, everything runs in this process.
- **Stopping**: a worker that dies raises WorkerDiedError at once (no result is waited for forever); SIGINT, SIGTERM
  and SIGHUP are the main process's to handle, whether they reach it alone or the whole process group, and the
  workers end with it (see ``_Pool``).
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import multiprocessing.connection
import os
import pickle
import queue
import signal
import stat
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

from careergap.batch import PersonRecord, ReadStats, RowError, TeamReader, check_encoding
from careergap.errors import CareergapError, InputFileError, Problem
from careergap.signals import STOP_SIGNALS, signals_held

if TYPE_CHECKING:
    from careergap.api import PersonResult, Scorer, SkillKey
    from careergap.team import TeamSummary

PROCESSES_ENV = "CAREERGAP_PROCESSES"
PENDING_LIMIT = 1000  # rows that belong to nobody held back to be reported in line order
CHUNK_PEOPLE = 400  # people sent to a worker at a time
IN_FLIGHT = 3  # chunks per worker queued or being scored
POOL_MIN_BYTES = (
    4 << 20
)  # a file smaller than this (about 2,500 people x 25 skills) is scored in this process
POOL_MIN_PEOPLE = 2_500  # the same, counted in people, for a stream whose size is unknown
PROGRESS_EVERY = 128  # people between two progress reports

# Turns scored people into output text: (scorer, [(record, result), ...]) -> text. Called in a worker for a big
# team, so it must not touch files itself; the text is written here, in order.
Formatter = Callable[["Scorer", Sequence[tuple[PersonRecord, "PersonResult"]]], str]
# A scored chunk: (its output text, how many people were scored, their results for a team summary, if wanted).
ChunkResult = tuple[str, int, list[tuple[str, tuple[Any, ...], bool]] | None]


# ------------------------------------------------------------------------------------------------ the team file
class CountingReader(io.RawIOBase):
    """A raw binary stream that counts the bytes read through it, for a progress bar."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n


@dataclass
class TeamSource:
    """An open team file: its text, a byte counter, its size (None for a stream), its display name, and a way to
    read it again (None for standard input, pipes and FIFOs, which can be read once only)."""

    text: IO[str]
    counter: CountingReader
    size: int | None
    name: str
    reopen: Callable[[], contextlib.AbstractContextManager[IO[str]]] | None


def text_encoding(encoding: str) -> str:
    return "utf-8-sig" if encoding.replace("_", "-").lower() in ("utf-8", "utf8") else encoding


def _stream(binary: IO[bytes], encoding: str, name: str) -> TeamSource:
    """A stream read once (standard input, a pipe): only its first bytes can be checked before rows are read, so a
    bad byte stops the run when it is reached."""
    peek = getattr(binary, "peek", None)
    if peek is not None:
        check_encoding(io.BytesIO(peek(8)[:8]), encoding, name)
    counter = CountingReader(binary)
    text = io.TextIOWrapper(io.BufferedReader(counter), encoding=text_encoding(encoding), newline="")
    return TeamSource(text, counter, None, name, None)


def _reopener(team: Path, encoding: str) -> Callable[[], contextlib.AbstractContextManager[IO[str]]]:
    def reopen() -> contextlib.AbstractContextManager[IO[str]]:
        return team.open(encoding=text_encoding(encoding), errors="surrogateescape", newline="")

    return reopen


@contextlib.contextmanager
def open_team(team: Path, encoding: str = "utf-8") -> Iterator[TeamSource]:
    """The team file ('-' for standard input) as text, BOM dropped and newlines untouched. A file that cannot be
    read, or is not text in ``encoding``, raises InputFileError or BatchFileError before any row is read."""
    if str(team) == "-":
        yield _stream(sys.stdin.buffer, encoding, "<stdin>")
        return
    if team.exists() and not team.is_dir() and not stat.S_ISREG(team.stat().st_mode):
        # A FIFO or a pipe (batch <(cat team.csv)): opened without blocking, so a FIFO with no writer reads as empty
        # instead of hanging, then streamed like standard input (it cannot be read twice).
        fd = os.open(team, os.O_RDONLY | os.O_NONBLOCK)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as pipe:
            yield _stream(io.BufferedReader(pipe), encoding, str(team))
        return
    name = str(team)
    if not team.exists():
        linked = team.is_symlink()  # a link to nothing, or a loop of links
        raise InputFileError(
            Problem(name, "is a symbolic link that leads to no file" if linked else "no such file"),
            "check the path, or pass '-' to read standard input",
        )
    if team.is_dir():
        raise InputFileError(Problem(name, "is a folder, not a CSV file"))
    try:
        binary = team.open("rb")
    except OSError as exc:
        raise InputFileError(Problem(name, f"cannot be read: {exc.strerror}")) from None
    with binary:
        check_encoding(binary, encoding, name)  # file-level problems are reported before any row is read
        binary.seek(0)
        counter = CountingReader(binary)
        text = io.TextIOWrapper(
            io.BufferedReader(counter),
            encoding=text_encoding(encoding),
            errors="surrogateescape",
            newline="",
        )
        yield TeamSource(text, counter, team.stat().st_size, name, _reopener(team, encoding))


def team_summary(scorer: Scorer, heatmap_people: int = 50) -> TeamSummary:
    """An empty team summary for the scorer's roles (``TeamRun.run`` fills it)."""
    from careergap.team import TeamSummary

    asked = {rid: frozenset(r.skill for r in role.requirements) for rid, role in scorer.library.roles.items()}
    return TeamSummary(asked, heatmap_people=heatmap_people)


# ------------------------------------------------------------------------------------------------ the run
class TeamRun:
    """One pass over a team file: every person scored against ``role`` (else their own role, or every role with
    ``all_roles``), their output text written in file order, every problem reported in line order.

    ``processes``: None decides from the team's size and the machine (see the module docstring); 1 never starts a
    pool; N > 1 allows up to N - 1 workers besides this process."""

    def __init__(
        self,
        scorer: Scorer,
        *,
        role: str | None = None,
        all_roles: bool = False,
        processes: int | None = None,
    ) -> None:
        self.scorer = scorer
        self.role = scorer.check_role(role) if role else None  # an unknown role fails before anything is read
        self.all_roles = all_roles
        self.processes = processes
        self.scored = 0
        self.workers = 0  # worker processes the last run used (0: it ran in this process)

    def reader(
        self, source: TeamSource, *, layout: str | None = None, ignore_columns: Sequence[str] = ()
    ) -> TeamReader:
        """The team file's reader; its header is read (and every file-level problem raised) here."""
        return TeamReader(
            source.text,
            reopen=source.reopen,
            layout=layout,  # type: ignore[arg-type]
            role_ids=self.scorer.role_ids,
            ignore_columns=ignore_columns,
            name=source.name,
        )

    def run(
        self,
        reader: TeamReader,
        *,
        problem: Callable[[RowError], None],
        formatter: Formatter | None = None,
        write: Callable[[str], object] | None = None,
        summary: TeamSummary | None = None,
        size: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> ReadStats:
        """Read every row, report each problem through ``problem`` (in line order), and write each person's
        ``formatter`` text through ``write`` (in file order). ``size`` (the file's bytes, None for a stream) decides
        whether a pool pays; ``progress`` is called every few people with the number read so far."""
        self.scored = 0
        self.workers = 0
        pending: list[RowError] = []
        chunk: list[PersonRecord] = []
        pool = _Pool(self, formatter, summary is not None) if self._pool_pays(size) else None
        waiting: deque[Any] = deque()

        def finish(done: ChunkResult) -> None:
            text, scored, results = done
            self.scored += scored
            if write is not None and text:
                write(text)
            if summary is not None and results is not None:
                for name, scores, complete in results:
                    summary.add(name, scores, complete=complete)

        def send(people: list[PersonRecord]) -> None:
            nonlocal pool
            if pool is None and self._pool_pays(None, reader.stats.people):
                pool = _Pool(self, formatter, summary is not None)
            if pool is not None and pool.start():
                self.workers = pool.workers
                while len(waiting) >= pool.workers * IN_FLIGHT:
                    finish(waiting.popleft().get())
                for record in people:
                    self._resolve(record)
                waiting.append(pool.submit(people))
                return
            finish(
                _score_here(self.scorer, self.role, self.all_roles, formatter, summary is not None, people)
            )

        try:
            for item in reader:
                if isinstance(item, RowError):
                    pending.append(item)
                    if len(pending) >= PENDING_LIMIT:
                        _flush(pending, (), problem)
                    continue
                _flush(pending, item.problems, problem)
                chunk.append(item)
                if len(chunk) >= CHUNK_PEOPLE:
                    send(chunk)
                    chunk = []
                if progress is not None and reader.stats.people % PROGRESS_EVERY == 0:
                    progress(reader.stats.people)
            _flush(pending, (), problem)
            if chunk:
                send(chunk)
            while waiting:
                finish(waiting.popleft().get())
        finally:
            if pool is not None:
                pool.close()
        return reader.stats

    def _resolve(self, record: PersonRecord) -> None:
        """Resolve (and count, for a phrases report) the phrases of a record a worker will score, here, once per
        distinct phrase, exactly as scoring it here would."""
        scorer = self.scorer
        skill, known = scorer._skill, scorer._skill_targets
        counting = scorer._counts is not None
        for phrase, _level in record.skills:
            if (
                counting or (phrase, None, None) not in known
            ):  # a team file's lines name no skill id beside them
                skill(phrase)
        scorer._held(record.qualifications)

    def _pool_pays(self, size: int | None, people: int = 0) -> bool:
        wanted = self.processes if self.processes is not None else _processes_wanted()
        if wanted == 1 or _cpus() < 2:
            return False
        if "fork" not in multiprocessing.get_all_start_methods():
            return False
        return (size is not None and size >= POOL_MIN_BYTES) or people >= POOL_MIN_PEOPLE


def _processes_wanted() -> int | None:
    raw = os.environ.get(PROCESSES_ENV, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else None


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not on every platform
        return os.cpu_count() or 1


def _flush(pending: list[RowError], more: Sequence[RowError], problem: Callable[[RowError], None]) -> None:
    if not pending and not more:
        return
    for error in sorted([*pending, *more], key=lambda e: e.line):
        problem(error)
    pending.clear()


# ------------------------------------------------------------------------------------------------ scoring
def _score_here(
    scorer: Scorer,
    role: str | None,
    all_roles: bool,
    formatter: Formatter | None,
    keep: bool,
    people: Sequence[PersonRecord],
) -> ChunkResult:
    """Score a chunk of people: (their output text, how many were scored, their results when ``keep``)."""
    pairs = [(record, scorer.score_record(record, role, all_roles=all_roles)) for record in people]
    text = formatter(scorer, pairs) if formatter is not None else ""
    scored = sum(1 for _, result in pairs if result.results)
    kept = [(r.name, result.results, r.complete) for r, result in pairs] if keep else None
    return text, scored, kept


_worker: tuple[Scorer, str | None, bool, Formatter | None, bool] | None = None

WAIT_SECONDS = 1.0  # the longest a wait for a worker goes without checking for a signal


class WorkerDiedError(CareergapError):
    """A worker process of a team run died (the system's out-of-memory killer, a signal): the run cannot finish, and
    it stops rather than wait for results that will never come. Not a bug in careergap: exit code 1."""

    def __init__(self, exitcode: int | None) -> None:
        self.exitcode = exitcode
        if exitcode is None:
            how = "its exit status is unknown"
        elif exitcode < 0:
            how = f"killed by signal {-exitcode}"
            if -exitcode == getattr(signal, "SIGKILL", None):
                how += ", perhaps out of memory"
        else:
            how = f"exit code {exitcode}"
        super().__init__(
            f"a worker process died ({how}); no partial output was kept",
            f"try {PROCESSES_ENV}=1 (everything in one process) or a smaller file",
        )


def _start_worker(
    scorer: Scorer, role: str | None, all_roles: bool, formatter: Formatter | None, keep: bool
) -> None:
    """Set up a worker: it received the compiled roles once, through fork (they are not re-sent per chunk)."""
    global _worker
    scorer._counts = None  # phrases are counted once, in the main process
    _worker = (scorer, role, all_roles, formatter, keep)


def _pack(record: PersonRecord) -> tuple[Any, ...]:
    """A record as a plain tuple of its fields, in order: pickled about 3x faster than the dataclass."""
    return (
        record.name,
        record.first_line,
        record.last_line,
        record.skills,
        record.current_role,
        record.target_role,
        record.years_experience,
        record.qualifications,
        record.problems,
    )


def _score_chunk(
    task: tuple[
        list[tuple[Any, ...]],
        dict[SkillKey, tuple[str | None, str, tuple[str, ...]]],
        dict[str, str | None],
    ],
) -> ChunkResult:
    assert _worker is not None
    scorer, role, all_roles, formatter, keep = _worker
    packed, skills, qualifications = task
    people = [PersonRecord(*fields) for fields in packed]
    scorer._skill_targets.update(skills)  # resolved in the main process: the worker never matches a phrase
    scorer._qualification_targets.update(qualifications)
    return _score_here(scorer, role, all_roles, formatter, keep, people)


def _work(
    tasks: Connection,
    results: Connection,
    inherited: Sequence[Connection],
    setup: tuple[Scorer, str | None, bool, Formatter | None, bool],
) -> None:
    """A worker process: score each chunk that arrives on ``tasks`` and send its result back on ``results``, until
    ``tasks`` ends (the main process closed it, or died).

    Why: signals are the main process's to handle. A worker is forked with them held; it then ignores SIGINT (the
    main process stops the pool on Ctrl-C) and dies at once on SIGTERM and SIGHUP (the default), whether they come
    from the main process stopping the pool or from a signal sent to the whole process group (``timeout``, a
    container stop). Either way the main process sees the worker end and nothing waits for it. Chunks are read by a
    thread into a queue, so the main process can always send (a worker busy sending a result must not leave the
    main process stuck sending it a chunk)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    for connection in inherited:  # the other workers' pipes: holding them would keep them open after they end
        connection.close()
    _start_worker(*setup)
    inbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    threading.Thread(target=_receive, args=(tasks, inbox), daemon=True).start()
    while (task := inbox.get()) is not None:
        try:
            reply: tuple[bool, Any, str] = (True, _score_chunk(pickle.loads(task)), "")
        except Exception as exc:  # noqa: BLE001 - sent back, raised in the main process
            reply = (False, _picklable(exc), traceback.format_exc())
        try:
            results.send(reply)
        except OSError:  # the main process is gone: nobody wants the rest
            return


def _receive(tasks: Connection, inbox: queue.SimpleQueue[bytes | None]) -> None:
    try:
        while True:
            inbox.put(tasks.recv_bytes())
    except (EOFError, OSError):
        inbox.put(None)


def _picklable(exc: Exception) -> Exception:
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - any exception can fail to pickle, in any way
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


class _WorkerTraceback(Exception):
    """Where an error was raised in a worker (the cause of the error raised again here, shown with --debug)."""

    def __str__(self) -> str:
        return str(self.args[0])


class _Worker:
    """One worker process, the pipe its chunks go down and the pipe their results come back on, in the order sent."""

    def __init__(self, process: Any, tasks: Connection, results: Connection) -> None:
        self.process = process
        self.tasks = tasks
        self.results = results
        self.queued = 0  # chunks sent whose result has not been taken
        self.done: deque[tuple[bool, Any, str]] = deque()  # results read from the pipe, not yet taken


class _Chunk:
    """A chunk sent to a worker: ``get()`` waits for its result."""

    def __init__(self, pool: _Pool, worker: _Worker) -> None:
        self.pool = pool
        self.worker = worker

    def get(self) -> ChunkResult:
        return self.pool.result(self.worker)


class _Pool:
    """Worker processes over chunks of people, started on the first chunk that needs them.

    Why not multiprocessing.Pool: when one of its workers dies (the out-of-memory killer, SIGKILL, a SIGTERM sent to
    the whole process group) it starts another and the dead worker's chunk is never answered, so the run waited
    forever; and stopping it could wait forever too, on a lock the dead worker held. Here each worker has its own
    two pipes, shares no lock, and the main process, which runs no thread of its own, waits on the result and on
    every worker's end at once: a death is seen at once, and a signal interrupts the wait."""

    def __init__(self, run: TeamRun, formatter: Formatter | None, keep: bool) -> None:
        self.run = run
        self.formatter = formatter
        self.keep = keep
        wanted = run.processes or _processes_wanted() or _cpus()
        self.workers = max(1, min(wanted, _cpus()))
        self._workers: list[_Worker] = []
        self._next = 0  # where the search for the least busy worker starts: ties go round in turn
        self._failed = False

    def start(self) -> bool:
        """Whether the pool runs (started now if needed); False when forking is not safe here."""
        if self._workers:
            return True
        if self._failed or threading.active_count() > 1:
            self._failed = True
            return False
        run = self.run
        setup = (run.scorer, run.role, run.all_roles, self.formatter, self.keep)
        context = multiprocessing.get_context("fork")
        try:
            with signals_held():  # a worker never runs the main process's handler (which raises Terminated)
                for _ in range(self.workers):
                    tasks_out, tasks_in = context.Pipe(duplex=False)
                    results_in, results_out = context.Pipe(duplex=False)
                    inherited = [c for w in self._workers for c in (w.tasks, w.results)]
                    process = context.Process(
                        target=_work, args=(tasks_out, results_out, inherited, setup), daemon=True
                    )
                    try:
                        process.start()
                    finally:  # the worker's ends: only the worker may hold them, so its death breaks its pipes
                        tasks_out.close()
                        results_out.close()
                    self._workers.append(_Worker(process, tasks_in, results_in))
        except (OSError, ValueError):
            self.close()
            self._failed = True
            return False
        return True

    def submit(self, people: list[PersonRecord]) -> _Chunk:
        self._collect(None)
        scorer = self.run.scorer
        skills = {
            (p, None, None): scorer._skill_targets[p, None, None]
            for record in people
            for p, _ in record.skills
        }
        quals = {q: scorer._qualification_targets[q] for record in people for q in record.qualifications}
        count = len(self._workers)
        turn = [self._workers[(self._next + i) % count] for i in range(count)]
        worker = min(turn, key=lambda w: w.queued)
        self._next = (self._workers.index(worker) + 1) % count
        try:
            worker.tasks.send(([_pack(r) for r in people], skills, quals))
        except OSError:  # the worker's end is closed: it died
            self._died()
        worker.queued += 1
        return _Chunk(self, worker)

    def result(self, worker: _Worker) -> ChunkResult:
        """The result of the oldest chunk sent to ``worker`` (the error it raised, if it raised one);
        WorkerDiedError as soon as any worker dies."""
        self._collect(worker)
        done, value, where = worker.done.popleft()
        worker.queued -= 1
        if not done:
            raise value from _WorkerTraceback(where)
        result: ChunkResult = value
        return result

    def _collect(self, wanted: _Worker | None) -> None:
        """Read every result that is ready and, with ``wanted``, wait until that worker has one.

        Why: a worker writes a result (the output text of 400 people, often bigger than a pipe holds) before it
        scores its next chunk, so results are read as soon as they are ready, not only when their turn comes."""
        results = [w.results for w in self._workers]
        watched = [*results, *(w.process.sentinel for w in self._workers)]
        while True:
            waiting = wanted is not None and not wanted.done
            ready = multiprocessing.connection.wait(watched, timeout=WAIT_SECONDS if waiting else 0)
            for worker in self._workers:
                if worker.results in ready:
                    try:
                        worker.done.append(worker.results.recv())
                    except (EOFError, OSError):  # it died (while sending, perhaps)
                        self._died()
            if any(item not in results for item in ready):  # a worker ended
                self._died()
            if wanted is None or wanted.done:
                return

    def _died(self) -> NoReturn:
        """Raise WorkerDiedError with the exit code of the worker that died."""
        # A pipe can break a moment before its process can be reaped: give it a moment.
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            for worker in self._workers:
                if worker.process.exitcode is not None:
                    raise WorkerDiedError(worker.process.exitcode)
            if time.monotonic() > deadline:
                raise WorkerDiedError(None)
            time.sleep(0.01)

    def close(self) -> None:
        """Stop every worker and wait for it to end: every result was read, or the run failed."""
        workers, self._workers = self._workers, []
        with signals_held():  # a second signal cannot cut the stopping short and leave a worker behind
            for worker in workers:
                worker.tasks.close()
                worker.process.terminate()
            for worker in workers:
                worker.process.join(WAIT_SECONDS)
                if worker.process.exitcode is None:  # pragma: no cover - SIGTERM kills a worker at once
                    worker.process.kill()
                    worker.process.join()
                worker.results.close()
