"""`careergap compare`: what moved between two sessions (two profiles of the same person)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from careergap.cli._errors import handle_errors
from careergap.cli._options import (
    ForceOption,
    Format,
    OutputOption,
    RolesDirOption,
    claim_output,
    emit,
    get_library,
)
from careergap.cli._render import print_renderable
from careergap.cli.analyse import RaterChoice, RaterOpt

if TYPE_CHECKING:
    from careergap.models.profile import Rater

_RATERS: dict[RaterChoice, Rater] = {
    RaterChoice.self_: "self",
    RaterChoice.coach: "coach",
    RaterChoice.manager: "manager",
}


@handle_errors
def compare(
    before: Annotated[Path, typer.Argument(help="The earlier profile (YAML or JSON).", show_default=False)],
    after: Annotated[Path, typer.Argument(help="The later profile of the same person.", show_default=False)],
    role: Annotated[
        str | None,
        typer.Option(
            "--role",
            "-r",
            help="Role id (default: AFTER's target_role, else BEFORE's, else AFTER's best match).",
        ),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table, json or markdown.")] = Format.table,
    output: OutputOption = None,
    force: ForceOption = False,
    rating: RaterOpt = RaterChoice.self_,
    roles_dir: RolesDirOption = None,
) -> None:
    """Progress between two sessions: score and verdict before and after, gaps closed, narrowed, widened and new,
    and the skills added."""
    claim_output(output, force=force, inputs=[before, after])
    if fmt not in (Format.table, Format.json, Format.markdown):
        raise typer.BadParameter(
            f"{fmt.value!r} is not available here (choose from table, json, markdown)", param_hint="--format"
        )
    from careergap.analysis import Analyser
    from careergap.compare import compare_profiles
    from careergap.profiles import load_profile
    from careergap.render.compare import render_compare_json, render_compare_markdown, render_compare_table

    earlier, later = load_profile(before), load_profile(after)
    analyser = Analyser(get_library(roles_dir))
    report = compare_profiles(
        analyser,
        earlier,
        later,
        role_id=role,
        rater=_RATERS[rating],
        before_label=str(before),
        after_label=str(after),
    )
    if fmt is Format.json:
        emit(render_compare_json(report), output)
    elif fmt is Format.markdown:
        emit(render_compare_markdown(report), output)
    else:
        print_renderable(render_compare_table(report), output)
