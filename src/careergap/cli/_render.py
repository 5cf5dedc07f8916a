"""Send a Report to stdout or a file in the chosen format."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from careergap.cli._console import stdout_console
from careergap.cli._options import Format, emit

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


def output_report(report: Report, fmt: Format, output: Path | None) -> None:
    from careergap.render.report import RENDERERS, render_table

    if fmt is Format.table:
        print_renderable(render_table(report), output)
        return
    renderer = RENDERERS.get(fmt.value)
    if renderer is None:
        raise typer.BadParameter(f"{fmt.value!r} is not available for this command", param_hint="--format")
    emit(renderer(report), output)


def dispatch(
    fmt: Format, output: Path | None, renderers: Mapping[Format, Callable[[], str | RenderableType]]
) -> None:
    """Render with the function registered for ``fmt``: strings are emitted as they are, rich renderables printed.

    Each command lists the formats it supports once; an unsupported ``--format`` is a usage error (exit 2).
    """
    render = renderers.get(fmt)
    if render is None:
        choices = ", ".join(f.value for f in renderers)
        raise typer.BadParameter(
            f"{fmt.value!r} is not available here (choose from {choices})", param_hint="--format"
        )
    result = render()
    if isinstance(result, str):
        emit(result, output)
    else:
        print_renderable(result, output)
