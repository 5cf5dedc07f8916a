"""Options shared by several commands, and the helpers that turn them into a library or an output file."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from enum import Enum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, TypeVar

import typer

from careergap.errors import CareergapError, InputFileError, Problem
from careergap.signals import signals_held

if TYPE_CHECKING:
    from careergap.library import Library


def a_folder(value: str) -> Path:
    """--roles-dir: '' (an empty shell variable) is a usage error; Path('') would be the current folder, walked."""
    if not value.strip():
        raise typer.BadParameter("is empty; give a folder or file of role files")
    return Path(value)


RolesDirOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--roles-dir",
        metavar="DIR",
        help="Add an organisation's role files (a folder or file; repeatable). "
        "Also read from CAREERGAP_ROLES_DIR (paths separated by ':').",
        show_default=False,
        parser=a_folder,  # read by careergap (an unreadable file is exit 1, with its name), not click's Path
    ),
]

OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file instead of standard output ('-': standard output; created readable by you only; "
        "an existing file needs --force).",
    ),
]


# Each command declares the formats it writes as one of these str-Enums: typer lists exactly those in --help and
# refuses any other with a usage error (exit 2); tests/test_cli_formats.py runs every command in every format.
class ReportFormat(str, Enum):
    """analyse and match."""

    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"
    html = "html"


class ProgressFormat(str, Enum):
    """next, path and compare: reports a person keeps, so HTML too (an A4 document, as the analysis)."""

    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


class ViewFormat(str, Enum):
    """roles list, show and diff."""

    table = "table"
    json = "json"
    markdown = "markdown"


class GraphFormat(str, Enum):
    """roles graph."""

    table = "table"
    json = "json"
    markdown = "markdown"
    mermaid = "mermaid"


class LookupFormat(str, Enum):
    """skills search and skills list."""

    table = "table"
    json = "json"


# The format a file name asks for (as pandoc, csvkit and rendercv read it); '.txt' is the plain table.
SUFFIX_FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".svg": "svg",
    ".txt": "table",
    ".mmd": "mermaid",
}

E = TypeVar("E", bound=Enum)


def choose_format(fmt: E | None, output: Path | None, default: E, *, option: str = "--output") -> E:
    """--format when given; else the format the output file's suffix names; else ``default``.

    A suffix the command cannot write (``-o report.html`` for a command without HTML) is a usage error naming the
    formats it can write; a suffix that names no format (``.out``, none) keeps the default.
    """
    if fmt is not None:
        return fmt
    if _is_stdout(output):
        return default
    assert output is not None
    wanted = SUFFIX_FORMATS.get(output.suffix.lower())
    if wanted is None:
        return default
    choices = type(default)
    try:
        return choices(wanted)
    except ValueError:
        names = ", ".join(str(c.value) for c in choices)
        suffixes = ", ".join(s for s, f in SUFFIX_FORMATS.items() if f in {str(c.value) for c in choices})
        raise typer.BadParameter(
            f"{output} asks for {wanted} by its suffix, which this command does not write "
            f"(formats: {names}; suffixes: {suffixes}); give another name or --format",
            param_hint=option,
        ) from None


def format_help(default: str = "table") -> str:
    """The --format help: the default and the rule for -o (typer lists the choices themselves)."""
    return f"Output format (default: from the --output suffix, else {default})."


def not_blank(value: str | None) -> str | None:
    """An id or name option given as '' (an empty shell variable) is a usage error, not the option left out."""
    if value is not None and not value.strip():
        raise typer.BadParameter("is empty; give an id (careergap roles list shows them)")
    return value


def complete_role_id(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for a role id (``--role``, ``--from``, ``--to``, ``roles show``): the ids that start with what
    is typed, in any case, each with its title; the command line's own --roles-dir counts too."""
    try:
        library = get_library(ctx.params.get("roles_dir"))
    except (
        CareergapError,
        OSError,
    ):  # a broken --roles-dir: complete nothing rather than print an error mid-line
        return []
    typed = incomplete.casefold()
    # Ids match in any case, so "COUNCIL-PRO1" completes to "COUNCIL-PRO10": what was typed, then the rest of the id
    # (the shell and typer keep only the completions that start with the typed text).
    return [
        (incomplete + r.id[len(incomplete) :], r.title)
        for r in library.roles.values()
        if r.id.casefold().startswith(typed)
    ]


def get_library(roles_dir: list[Path] | None) -> Library:
    """The built-in library plus any --roles-dir and CAREERGAP_ROLES_DIR folders."""
    from careergap.library import load_library, roles_dirs_from_env

    return load_library([*roles_dirs_from_env(), *(roles_dir or [])])


ViewFormatOption = Annotated[
    ViewFormat | None, typer.Option("--format", "-f", help=format_help(), show_default=False)
]
"""--format for the views that write table, json or markdown (roles show, list and diff)."""

ProgressFormatOption = Annotated[
    ProgressFormat | None, typer.Option("--format", "-f", help=format_help(), show_default=False)
]
"""--format for next, path and compare (table, json, markdown, html)."""

ForceOption = Annotated[
    bool,
    typer.Option("--force", help="Overwrite an existing output file (never one of this command's inputs)."),
]

_TEMP_FILES: set[str] = set()  # temp files being written; removed on any exit, including SIGTERM and SIGHUP
_CLEARED: set[str] = set()  # output paths checked by claim_output in this run


AnswersFromStdinOption = Annotated[
    bool,
    typer.Option(
        "--answers-from-stdin",
        help="Read answers from standard input even when it is not a terminal (one answer per line, as typed).",
    ),
]


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def require_answerer(command: str, answers_from_stdin: bool) -> None:
    """An interactive command asks a person: piped or redirected input (a script, a stray `yes |`, a heredoc) is
    read as answers only when --answers-from-stdin says so; otherwise a usage error before anything is asked."""
    if answers_from_stdin or _stdin_is_terminal():
        return
    from careergap.cli._errors import EXIT_USAGE  # _errors imports this module

    print(
        f"error: {command} is interactive, but standard input is not a terminal.\n"
        "hint: to pipe answers in on purpose, add --answers-from-stdin (one answer per line, as you would type them)",
        file=sys.stderr,
    )
    raise typer.Exit(EXIT_USAGE)


def remove_temp_files() -> None:
    """Remove every temp file still being written (called on SIGTERM/SIGHUP and at exit)."""
    for tmp in list(_TEMP_FILES):
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        _TEMP_FILES.discard(tmp)


def _is_stdout(path: Path | None) -> bool:
    return path is None or str(path) == "-"


def _write_through(path: Path) -> bool:
    """True when ``path`` is not a regular file to be replaced: a device, FIFO, socket or /proc/self/fd link.

    Why: replacing such a path with a renamed temp file would destroy it (``-o /dev/null`` as root replaced the
    system's /dev/null); writing into it is what the user asked for.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    if not stat.S_ISREG(mode):
        return True
    real = str(path.resolve())
    return real.startswith(("/proc/", "/dev/")) or str(path).startswith(("/dev/", "/proc/"))


def _standard_stream(path: Path) -> IO[str] | None:
    """sys.stdout or sys.stderr when ``path`` is the very file one of them writes to (``/dev/stdout``, ``/dev/fd/2``).

    Why: opening ``/dev/stdout`` anew truncates the regular file the shell redirected standard output to; ``>>
    log.txt`` lost the log, and ``{ echo HEADER; careergap ... -o /dev/stdout; echo FOOTER; } > out.txt`` lost
    HEADER and wrote FOOTER over the report. Writing through the stream keeps the shell's own position.
    """
    try:
        found = path.stat()
    except OSError:
        return None
    for fd, stream in ((1, sys.stdout), (2, sys.stderr)):
        try:
            standard = os.fstat(fd)
        except OSError:
            continue
        if (found.st_dev, found.st_ino) == (standard.st_dev, standard.st_ino):
            return stream
    return None


def _is_standard_input(path: Path) -> bool:
    """True when standard input is redirected from the file ``path`` names (``analyse - -o p.yaml < p.yaml``)."""
    try:
        stdin, target = os.fstat(sys.stdin.fileno()), path.stat()
    except (
        OSError,
        ValueError,
        AttributeError,
    ):  # no such file yet, or no real standard input (a test runner)
        return False
    return stat.S_ISREG(stdin.st_mode) and (stdin.st_dev, stdin.st_ino) == (target.st_dev, target.st_ino)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except (OSError, ValueError):
        return False


def claim_output(
    path: Path | None,
    *,
    force: bool = False,
    inputs: Sequence[Path | None] = (),
    option: str = "--output",
    input_name: str = "the input file",
    reads: Sequence[Path | None] = (),
) -> None:
    """Check an output path before any work is done, so a refusal costs nothing and destroys nothing.

    Refused: one of the command's inputs (whatever the spelling or link), a role file or phrase map it reads
    (``reads``: its --roles-dir and --phrase-map; CAREERGAP_ROLES_DIR always), a YAML file or phrase map inside a
    role folder (the next run would read it as one), a folder, a missing folder, and an existing regular file unless
    ``force``. Devices, FIFOs and pipes are written through, never replaced.
    """
    if _is_stdout(path):
        return
    assert path is not None
    target = path.expanduser()
    name = str(path)
    try:
        target.stat()
    except OSError as error:  # a missing file is fine (it is created); a loop of links never reaches one
        looped = error.errno == errno.ELOOP
    else:
        looped = False
    if looped:
        raise InputFileError(
            Problem(
                name, f"is a loop of symbolic links (it never reaches a file); {option} needs a file name"
            )
        ) from None
    for source in inputs:
        if source is not None and str(source) != "-" and _same_file(target, source.expanduser()):
            raise typer.BadParameter(
                f"{name} would overwrite {input_name} {source}; choose another name", param_hint=option
            )
        if source is not None and str(source) == "-" and _is_standard_input(target):
            raise typer.BadParameter(
                f"{name} is the file standard input is read from ({input_name}); choose another name",
                param_hint=option,
            )
    _refuse_library_file(target, name, option, reads)
    if target.is_dir():
        raise InputFileError(Problem(name, f"is a folder; {option} needs a file name"))
    if _write_through(target):
        _CLEARED.add(name)
        return
    if target.exists() and not force:
        raise CareergapError(f"{option} {name} already exists", "add --force to overwrite it")
    if target.exists() and not os.access(target, os.W_OK):  # someone locked it: --force does not unlock it
        raise InputFileError(Problem(name, "is read-only; make it writable (chmod u+w) to replace it"))
    directory = target.resolve().parent
    if not directory.is_dir():
        raise InputFileError(Problem(name, f"folder {directory} does not exist"))
    _CLEARED.add(name)


def _library_inputs(reads: Sequence[Path | None]) -> list[Path]:
    """The files and folders a command reads as its library: its --roles-dir and --phrase-map (``reads``) and the
    CAREERGAP_ROLES_DIR folders."""
    from careergap.library import roles_dirs_from_env

    return [p.expanduser() for p in [*roles_dirs_from_env(), *reads] if p is not None and str(p) != "-"]


def _refuse_library_file(target: Path, name: str, option: str, reads: Sequence[Path | None]) -> None:
    """An output never replaces a role file or phrase map the command reads, nor lands in a --roles-dir folder as
    a file the next run would read as one (with --force too: `-o org/phrase-map.csv --roles-dir org`)."""
    from careergap.library import PHRASE_MAP_NAMES, YAML_SUFFIXES

    for source in _library_inputs(reads):
        if source.is_dir():
            try:
                inside = target.resolve().is_relative_to(source.resolve())
            except OSError:
                continue
            if inside and (target.suffix.lower() in YAML_SUFFIXES or target.name in PHRASE_MAP_NAMES):
                raise typer.BadParameter(
                    f"{name} is in the role folder {source}, where every run would read it as a role file or "
                    "phrase map; choose another folder",
                    param_hint=option,
                )
        elif _same_file(target, source):
            raise typer.BadParameter(
                f"{name} would overwrite {source}, which this command reads (a role file or phrase map); "
                "choose another name",
                param_hint=option,
            )


def refuse_library_output(path: Path, reads: Sequence[Path | None], option: str = "--output") -> None:
    """The role-folder check of claim_output alone, for a writer that checks the rest itself (``assess`` continues
    the file it writes): exit 2 for a role file or phrase map the command reads, or a YAML file in a role folder."""
    _refuse_library_file(path.expanduser(), str(path), option, reads)


def _os_problem(name: str, exc: OSError) -> InputFileError:
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        reason = "no space left on the device"
    return InputFileError(Problem(name, f"cannot be written: {reason}"))


@contextlib.contextmanager
def open_output(path: Path | None, *, force: bool = False) -> Iterator[IO[str]]:
    """Stream text into ``path`` or standard output (None or '-').

    A regular file (or a symlink to one) is written to a temp file beside it (owner-only: reports hold personal
    data) and renamed over it at the end, so a failure or a signal never leaves half a file; the temp file is
    removed on any failure. Anything else (device, FIFO, pipe) is written through and never replaced.
    """
    if _is_stdout(path):
        yield sys.stdout
        sys.stdout.flush()
        return
    assert path is not None
    name = str(path)
    if name not in _CLEARED:
        claim_output(path, force=force)
    target = path.expanduser()
    if _write_through(target):
        stream = _standard_stream(target)
        if stream is not None:  # -o /dev/stdout, /dev/fd/1, /proc/self/fd/2: the stream itself
            yield stream
            stream.flush()
            return
        try:
            # appending, never truncating: /dev/fd/3 may stand for a regular file the shell opened for another use
            with open(target, "a", encoding="utf-8", newline="") as handle:  # noqa: PTH123 - a device, not a file
                yield handle
        except OSError as exc:
            raise _os_problem(name, exc) from None
        return
    real = target.resolve()
    try:
        # created and recorded at once: a signal between the two would leave a temp file nobody removes
        with signals_held():
            fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
            _TEMP_FILES.add(tmp)
    except OSError as exc:
        raise _os_problem(name, exc) from None
    try:
        Path(tmp).chmod(0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, real)  # noqa: PTH105 - Path.replace on 3.10 binds os.replace at import
    except OSError as exc:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise _os_problem(name, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise
    finally:
        _TEMP_FILES.discard(tmp)


def write_private(path: Path, text: str) -> None:
    """Write a whole file atomically (temp file + rename) with owner-only permissions; the caller checked ``path``."""
    _CLEARED.add(str(path))
    with open_output(path) as handle:
        handle.write(text)


def emit(text: str, output: Path | None) -> None:
    """Send text to --output (checked with claim_output, else refused if it exists) or stdout."""
    with open_output(output) as handle:
        handle.write(text if text.endswith("\n") else text + "\n")
    if not _is_stdout(output):
        print(f"wrote {output}", file=sys.stderr)
