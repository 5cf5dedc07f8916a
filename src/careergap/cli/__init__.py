"""The command-line interface: thin typer commands over the library API (the app itself is in ``_app``)."""

from __future__ import annotations

import os
import sys
from typing import Any

__all__ = ["app", "main"]


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        # Why: the version needs nothing else, so it does not wait for typer to build every command; any other
        # spelling (`careergap --version --help`, ...) goes through typer's own --version, which prints the same.
        from careergap import __version__

        print(f"careergap {__version__}")
        return
    if os.environ.get("_CAREERGAP_COMPLETE"):
        # Shell completion (`eval "$(_CAREERGAP_COMPLETE=source_bash careergap)"`): add_completion=False keeps the
        # --install-completion options out of every help page, so the shells are registered here, when asked.
        from typer.completion import completion_init  # type: ignore[attr-defined]

        completion_init()
    from careergap.cli._app import app

    app(prog_name="careergap")


def __getattr__(name: str) -> Any:
    if name == "app":
        from careergap.cli._app import app

        return app
    raise AttributeError(f"module 'careergap.cli' has no attribute {name!r}")
