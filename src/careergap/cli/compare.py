"""`careergap compare`: what moved between two sessions (two profiles of the same person)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from careergap.cli._errors import handle_errors
from careergap.cli._options import (
    ForceOption,
    OutputOption,
    ProgressFormat,
    ProgressFormatOption,
    RolesDirOption,
    choose_format,
    claim_output,
    complete_role_id,
    get_library,
    not_blank,
)
from careergap.cli._render import dispatch, without_notes
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
    before: Annotated[
        Path,
        typer.Argument(
            metavar="BEFORE",
            help="The earlier profile (YAML or JSON; '-' reads standard input).",
            show_default=False,
            readable=False,  # an unreadable file is careergap's to report (exit 1, with its name)
        ),
    ],
    after: Annotated[
        Path,
        typer.Argument(
            metavar="AFTER", help="The later profile of the same person.", show_default=False, readable=False
        ),
    ],
    role: Annotated[
        str | None,
        typer.Option(
            "--role",
            "-r",
            metavar="ROLE_ID",
            help="Role id (default: AFTER's target_role, else BEFORE's, else AFTER's best match).",
            autocompletion=complete_role_id,
            callback=not_blank,
        ),
    ] = None,
    fmt: ProgressFormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    rating: RaterOpt = RaterChoice.self_,
    roles_dir: RolesDirOption = None,
) -> None:
    """Progress between two sessions: score and verdict before and after, gaps closed, narrowed, widened and new,
    and the skills added."""
    if str(before) == "-" and str(after) == "-":
        raise typer.BadParameter(
            "only one of BEFORE and AFTER can be '-' (standard input)", param_hint="AFTER"
        )
    chosen = choose_format(fmt, output, ProgressFormat.table)
    claim_output(output, force=force, inputs=[before, after], reads=roles_dir or [])
    from careergap.analysis import Analyser
    from careergap.compare import compare_profiles
    from careergap.profiles import STDIN_NAME, load_profile
    from careergap.render.compare import (
        render_compare_html,
        render_compare_json,
        render_compare_markdown,
        render_compare_table,
    )

    library = get_library(roles_dir)
    earlier, later = load_profile(before, library), load_profile(after, library)
    analyser = Analyser(library)
    report = compare_profiles(
        analyser,
        earlier,
        later,
        role_id=role,
        rater=_RATERS[rating],
        before_label=STDIN_NAME if str(before) == "-" else str(before),
        after_label=STDIN_NAME if str(after) == "-" else str(after),
    )
    report = without_notes(report, chosen)
    dispatch(
        chosen,
        output,
        {
            "table": lambda: render_compare_table(report),
            "json": lambda: render_compare_json(report),
            "markdown": lambda: render_compare_markdown(report),
            "html": lambda: render_compare_html(report),
        },
    )
