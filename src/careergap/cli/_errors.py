"""One error handler for every command: user errors become clear messages and exit codes, never tracebacks."""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import typer

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


def debug_enabled() -> bool:
    return os.environ.get("CAREERGAP_DEBUG", "") not in ("", "0")


def print_error_lines(lines: list[str]) -> None:
    for line in lines:
        prefix = "" if line.startswith("hint:") else "error: "
        print(f"{prefix}{line}", file=sys.stderr)


def handle_errors(func: F) -> F:
    """Wrap a command: CareergapError -> message on stderr + its exit code; anything else -> one line, exit 70."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except _PASS_THROUGH:
            raise
        except CareergapError as exc:
            print_error_lines(exc.lines())
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None
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
