"""The command-line interface: thin typer commands over the library API (the app itself is in ``_app``)."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any

__all__ = ["app", "main"]


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        # Why: the version needs nothing else, so it does not wait for typer to build every command; any other
        # spelling (`careergap --version --help`, ...) goes through typer's own --version, which prints the same.
        from careergap import __version__

        with contextlib.suppress(BrokenPipeError):
            print(f"careergap {__version__}", flush=True)
        return
    from careergap.cli._app import app
    from careergap.cli._errors import Terminated, configure_streams, install_signal_handlers, silence_stdout
    from careergap.cli._options import remove_temp_files

    install_signal_handlers()
    configure_streams()
    sys.argv[1:] = [_as_text(arg) for arg in sys.argv[1:]]
    if os.environ.get("_CAREERGAP_COMPLETE"):
        # Shell completion (`eval "$(_CAREERGAP_COMPLETE=source_bash careergap)"`): add_completion=False keeps the
        # --install-completion options out of every help page, so the shells are registered here, when asked.
        from typer.completion import completion_init  # type: ignore[attr-defined]

        completion_init()
    try:
        app(prog_name="careergap")
    except Terminated as exc:  # a signal outside a command (while parsing options)
        remove_temp_files()
        raise SystemExit(128 + exc.signum) from None
    finally:
        remove_temp_files()
        try:
            sys.stdout.flush()
        except (BrokenPipeError, ValueError):
            silence_stdout()


def _as_text(arg: str) -> str:
    r"""A command-line argument as text. Bytes that are not UTF-8 reach Python as lone surrogates, which no report,
    JSON or terminal can carry (a phrase or an action typed as "budget\xff"); they become U+FFFD, the replacement
    character. An argument naming a file or folder that exists keeps its bytes, so such a file can still be read.

    >>> _as_text("budget\udcff") == "budget\N{REPLACEMENT CHARACTER}", _as_text("budget")
    (True, 'budget')
    """
    if not any("\udc80" <= c <= "\udcff" for c in arg) or os.path.lexists(os.fsencode(arg)):
        return arg
    return "".join("\ufffd" if "\udc80" <= c <= "\udcff" else c for c in arg)


def __getattr__(name: str) -> Any:
    if name == "app":
        from careergap.cli._app import app

        return app
    raise AttributeError(f"module 'careergap.cli' has no attribute {name!r}")
