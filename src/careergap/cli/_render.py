"""Send a report to stdout or a file in the chosen format, its notes to stderr first."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from careergap.cli._console import stdout_console
from careergap.cli._options import emit

if TYPE_CHECKING:
    from rich.console import RenderableType

    from careergap.models.report import Report


def print_renderable(renderable: RenderableType, output: Path | None) -> None:
    console = stdout_console()
    if output is None or str(output) == "-":
        console.print(renderable)
        return
    plain = type(console)(
        width=console.width, no_color=True, color_system=None, force_terminal=False, markup=False
    )
    with plain.capture() as capture:
        plain.print(renderable)
    emit(capture.get(), output)


def show_notes(notes: Iterable[str]) -> None:
    """Notes about how a report was made (role basis, merged phrases, different people) as ``note:`` lines on stderr.

    Why stderr: they are messages to the person at the terminal, not part of the data; printed before the report,
    they are seen first and never end up in a file or a pipe (as pip and csvkit do with their warnings).
    """
    from careergap.render._text import strip_controls

    for note in notes:
        print(f"note: {strip_controls(note)}", file=sys.stderr)


# Formats that are documents a person keeps (a coach's saved report): they carry their notes, as JSON does. The
# terminal table shows them on stderr only; CSV is data rows.
KEEPS_NOTES = frozenset({"json", "markdown", "html"})


def without_notes(report: Any, fmt: Enum) -> Any:
    """Show the report's notes on stderr; the report to render: JSON, Markdown and HTML keep them (a saved report
    must say it compares two different people), the terminal table and CSV drop them."""
    notes = list(getattr(report, "notes", ()) or ())
    show_notes(notes)
    if not notes or fmt.value in KEEPS_NOTES:
        return report
    if hasattr(report, "model_copy"):
        return report.model_copy(update={"notes": []})
    import dataclasses

    return dataclasses.replace(report, notes=())


def output_report(report: Report, fmt: Enum, output: Path | None, profile: Path | None = None) -> None:
    """An analysis or match report (render/report.py) in ``fmt``; its advice lines name the ``profile`` file."""
    from careergap.render._text import naming_profile
    from careergap.render.report import RENDERERS, render_table

    report = without_notes(report, fmt)
    renderers: dict[str, Callable[[], str | RenderableType]] = {"table": lambda: render_table(report)}
    renderers.update({name: functools.partial(render, report) for name, render in RENDERERS.items()})
    with naming_profile(None if profile is None else str(profile)):
        dispatch(fmt, output, renderers)


def dispatch(
    fmt: Enum, output: Path | None, renderers: Mapping[str, Callable[[], str | RenderableType]]
) -> None:
    """Render with the function registered for ``fmt``: strings are emitted as they are, rich renderables printed.

    Each command declares its formats once as a str-Enum (typer refuses any other); a declared format without a
    renderer is a bug, caught by tests/test_cli_formats.py.
    """
    render = renderers.get(str(fmt.value))
    if render is None:
        raise AssertionError(f"no renderer for declared format {fmt.value!r}")
    result = render()
    if isinstance(result, str):
        emit(result, output)
    else:
        print_renderable(result, output)
