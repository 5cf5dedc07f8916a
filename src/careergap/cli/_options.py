"""Options shared by several commands, and the helpers that turn them into a library or an output file."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from careergap.library import Library

RolesDirOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--roles-dir",
        help="Add an organisation's role files (a folder or file; repeatable). "
        "Also read from CAREERGAP_ROLES_DIR (paths separated by ':').",
        show_default=False,
    ),
]

OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write to this file instead of standard output (created readable by you only)."
    ),
]


class Format(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"
    csv = "csv"
    mermaid = "mermaid"


def get_library(roles_dir: list[Path] | None) -> Library:
    """The built-in library plus any --roles-dir and CAREERGAP_ROLES_DIR folders."""
    from careergap.library import load_library, roles_dirs_from_env

    return load_library([*roles_dirs_from_env(), *(roles_dir or [])])


def write_private(path: Path, text: str) -> None:
    """Write atomically (temp file + rename) with owner-only permissions: reports hold personal data."""
    path = path.expanduser()
    directory = path.parent if str(path.parent) else Path()
    if not directory.exists():
        from careergap.errors import InputFileError, Problem

        raise InputFileError(Problem(str(path), f"folder {directory} does not exist"))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).chmod(0o600)
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise


def emit(text: str, output: Path | None) -> None:
    """Send text to --output or stdout."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        write_private(output, text if text.endswith("\n") else text + "\n")
        print(f"wrote {output}", file=sys.stderr)
