"""One error handler for every command: user errors become clear messages and exit codes, never tracebacks."""

from __future__ import annotations

import contextlib
import errno
import functools
import logging
import os
import shlex
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import typer

from careergap.cli._options import remove_temp_files
from careergap.errors import CareergapError

EXIT_OK = 0
EXIT_INPUT_ERROR = 1
EXIT_USAGE = 2
EXIT_ROWS_REJECTED = 3
EXIT_INTERNAL = 70

F = TypeVar("F", bound=Callable[..., Any])

# Usage errors raised inside a command (typer.BadParameter) must reach typer's own handler (exit 2).
# Typer has shipped click as a dependency and, lately, vendored; find the base class either way.
_USAGE_ERRORS: tuple[type[Exception], ...] = tuple(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException" and issubclass(c, Exception)
)
_PASS_THROUGH: tuple[type[BaseException], ...] = (typer.Exit, typer.Abort, SystemExit, *_USAGE_ERRORS)


@contextlib.contextmanager
def about_file(path: object) -> Iterator[None]:
    """A profile with nothing to score is named by its file (as compare names each side): "me.yaml: profile of
    'Kim' lists no skills ..."."""
    from careergap.analysis import EmptyProfileError

    try:
        yield
    except EmptyProfileError as exc:
        name = "<stdin>" if str(path) == "-" else str(path)
        hint = exc.hint
        if exc.confirm and str(path) != "-":
            hint = (
                f"careergap profile confirm {shlex.quote(name)} offers the likeliest skills for each phrase and "
                f"writes your choice into the profile; {hint}"
            )
        raise EmptyProfileError(f"{name}: {exc.message}", hint, confirm=exc.confirm) from None


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwind (removing temp files) and exit with 128 + the signal number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated(signum)


def install_signal_handlers() -> None:
    """Turn SIGTERM and SIGHUP into an exception, so every ``finally`` runs and no temp file is left behind."""
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None:
            signal.signal(sig, _raise_terminated)


def configure_streams() -> None:
    """Never crash on printing: characters the terminal cannot show (or undecodable bytes from the command line)
    are replaced rather than raising UnicodeEncodeError."""
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors=errors)


def silence_stdout() -> None:
    """After a closed pipe (``| head -1``), point stdout at /dev/null so the exit flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _os_error_line(exc: OSError) -> str:
    """One line for an environment error: which file, what the system said."""
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        reason = "no space left on the device"
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{reason}"


class _StderrWarnings(logging.Handler):
    """Library warnings (a duplicated skill, ...) as ``warning: ...`` lines on the current stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        from careergap.render._text import strip_controls

        print(f"warning: {strip_controls(record.getMessage())}", file=sys.stderr)


def _show_library_warnings() -> None:
    logger = logging.getLogger("careergap")
    if not any(isinstance(h, _StderrWarnings) for h in logger.handlers):
        logger.addHandler(_StderrWarnings(logging.WARNING))
        logger.propagate = False


def debug_enabled() -> bool:
    return os.environ.get("CAREERGAP_DEBUG", "") not in ("", "0")


def print_error_lines(lines: list[str]) -> None:
    from careergap.render._text import strip_controls  # imports the level scale (pydantic): only on an error

    for line in lines:
        line = strip_controls(line)
        prefix = "" if line.startswith("hint:") else "error: "
        print(f"{prefix}{line}", file=sys.stderr)


def handle_errors(func: F) -> F:
    """Wrap a command: CareergapError -> message on stderr + its exit code; anything else -> one line, exit 70."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _show_library_warnings()
        try:
            return func(*args, **kwargs)
        except _PASS_THROUGH:
            raise
        except CareergapError as exc:
            print_error_lines(exc.lines())
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            remove_temp_files()
            print("interrupted", file=sys.stderr)
            raise typer.Exit(130) from None
        except Terminated as exc:
            remove_temp_files()
            print(
                f"terminated by {signal.Signals(exc.signum).name}; no partial output was kept",
                file=sys.stderr,
            )
            raise typer.Exit(128 + exc.signum) from None
        except BrokenPipeError:
            silence_stdout()
            raise typer.Exit(0) from None
        except OSError as exc:
            print(f"error: {_os_error_line(exc)}", file=sys.stderr)
            raise typer.Exit(EXIT_INPUT_ERROR) from None
        except UnicodeDecodeError as exc:
            print(
                f"error: input is not valid UTF-8 (byte 0x{exc.object[exc.start]:02x} at position {exc.start})\n"
                "hint: save or type the text as UTF-8",
                file=sys.stderr,
            )
            raise typer.Exit(EXIT_INPUT_ERROR) from None
        except MemoryError:
            print("error: not enough memory to finish; try a smaller input", file=sys.stderr)
            raise typer.Exit(EXIT_INPUT_ERROR) from None
        except Exception as exc:  # noqa: BLE001 - the one place a bug becomes a one-line message
            if debug_enabled():
                traceback.print_exc()
            else:
                print(
                    f"internal error: {type(exc).__name__}: {exc}\n"
                    "This is a bug in careergap. Re-run with CAREERGAP_DEBUG=1 to see the traceback and report it.",
                    file=sys.stderr,
                )
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]
