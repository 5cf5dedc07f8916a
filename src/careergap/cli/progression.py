"""`careergap next`, `path`, `roles graph` and `roles diff`."""

from __future__ import annotations

from typing import Annotated

import typer

from careergap.cli._errors import about_file, handle_errors
from careergap.cli._options import (
    ForceOption,
    GraphFormat,
    OutputOption,
    ProgressFormat,
    ProgressFormatOption,
    RolesDirOption,
    ViewFormat,
    ViewFormatOption,
    choose_format,
    claim_output,
    complete_role_id,
    format_help,
    get_library,
    not_blank,
)
from careergap.cli._render import dispatch, without_notes
from careergap.cli.analyse import ProfileArg, RaterChoice, RaterOpt
from careergap.cli.roles import app as roles_app

FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="ROLE_ID",
        help="Start here (default: current_role, else the best match).",
        autocompletion=complete_role_id,
        callback=not_blank,
    ),
]


@handle_errors
def next_command(
    profile: ProfileArg,
    from_role: FromOpt = None,
    fmt: ProgressFormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    rating: RaterOpt = RaterChoice.self_,
    roles_dir: RolesDirOption = None,
) -> None:
    """Every next role from where the person is, with readiness, top gaps and actions, plus lateral moves."""
    from careergap.analysis import Analyser
    from careergap.profiles import load_profile
    from careergap.render import progression as render

    chosen = choose_format(fmt, output, ProgressFormat.table)
    claim_output(output, force=force, inputs=[profile], reads=roles_dir or [])
    library = get_library(roles_dir)
    person = load_profile(profile, library)
    with about_file(profile):
        report = Analyser(library).next_steps(person, from_role, rater=rating.value)
    report = without_notes(report, chosen)
    dispatch(
        chosen,
        output,
        {
            "table": lambda: render.next_table(report),
            "json": lambda: report.model_dump_json(indent=2),
            "markdown": lambda: render.next_markdown(report),
            "html": lambda: render.next_html(report),
        },
    )


@handle_errors
def path_command(
    profile: ProfileArg,
    to_role: Annotated[
        str,
        typer.Option(
            "--to",
            metavar="ROLE_ID",
            help="The role to reach.",
            autocompletion=complete_role_id,
            callback=not_blank,
        ),
    ],
    from_role: FromOpt = None,
    fmt: ProgressFormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    rating: RaterOpt = RaterChoice.self_,
    roles_dir: RolesDirOption = None,
) -> None:
    """The route up the ladder step by step, readiness at each step, and the growth needed per skill."""
    from careergap.analysis import Analyser
    from careergap.profiles import load_profile
    from careergap.render import progression as render
    from careergap.render._text import naming_profile

    chosen = choose_format(fmt, output, ProgressFormat.table)
    claim_output(output, force=force, inputs=[profile], reads=roles_dir or [])
    library = get_library(roles_dir)
    person = load_profile(profile, library)
    with about_file(profile):
        report = Analyser(library).path(person, to_role, from_role, rater=rating.value)
    report = without_notes(report, chosen)
    with naming_profile(str(profile)):  # advice lines name the file, as analyse's do
        dispatch(
            chosen,
            output,
            {
                "table": lambda: render.path_table(report),
                "json": lambda: report.model_dump_json(indent=2),
                "markdown": lambda: render.path_markdown(report),
                "html": lambda: render.path_html(report),
            },
        )


@roles_app.command("graph")
@handle_errors
def graph_command(
    fmt: Annotated[
        GraphFormat | None, typer.Option("--format", "-f", help=format_help(), show_default=False)
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    roles_dir: RolesDirOption = None,
) -> None:
    """The progression graph: promotion ladders and lateral links, inferred ones marked."""
    from careergap import progression
    from careergap.render import progression as render

    chosen = choose_format(fmt, output, GraphFormat.table)
    claim_output(output, force=force, reads=roles_dir or [])
    g = progression.graph(get_library(roles_dir))
    dispatch(
        chosen,
        output,
        {
            "table": lambda: render.graph_table(g),
            "json": lambda: g.model_dump_json(indent=2),
            "markdown": lambda: render.graph_markdown(g),
            "mermaid": lambda: render.graph_mermaid(g),
        },
    )


@roles_app.command("diff")
@handle_errors
def diff_command(
    from_role: Annotated[
        str,
        typer.Argument(
            metavar="FROM_ROLE_ID",
            help="The role you are in, e.g. council-pro10.",
            autocompletion=complete_role_id,
            callback=not_blank,
        ),
    ],
    to_role: Annotated[
        str,
        typer.Argument(
            metavar="TO_ROLE_ID",
            help="The role you are looking at, e.g. council-pro11.",
            autocompletion=complete_role_id,
            callback=not_blank,
        ),
    ],
    fmt: ViewFormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    roles_dir: RolesDirOption = None,
) -> None:
    """What separates two roles: skills that rise, new skills and qualifications, and what stays the same."""
    from careergap import progression
    from careergap.render import progression as render

    chosen = choose_format(fmt, output, ViewFormat.table)
    claim_output(output, force=force, reads=roles_dir or [])
    library = get_library(roles_dir)
    d = progression.diff(library, library.role(from_role), library.role(to_role))
    dispatch(
        chosen,
        output,
        {
            "table": lambda: render.diff_table(d),
            "json": lambda: d.model_dump_json(indent=2),
            "markdown": lambda: render.diff_markdown(d),
        },
    )
