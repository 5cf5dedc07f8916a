"""The two rich consoles: data to stdout, messages and progress to stderr.

Markup is off in both: skill names, person names and notes are data, so `Reporting [/dashboards]` prints as
written instead of being read as a rich closing tag.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def _width() -> int | None:
    value = os.environ.get("COLUMNS")
    return int(value) if value and value.isdigit() else None


def stdout_console() -> Console:
    """A console for the report itself. Plain (no colour codes) when stdout is not a terminal."""
    from rich.console import Console

    return Console(
        file=sys.stdout,
        width=_width() or (None if sys.stdout.isatty() else 120),
        soft_wrap=False,
        markup=False,
    )


def stderr_console() -> Console:
    from rich.console import Console

    return Console(
        file=sys.stderr, stderr=True, width=_width() or (None if sys.stderr.isatty() else 120), markup=False
    )
