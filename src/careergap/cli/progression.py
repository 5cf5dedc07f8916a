"""`careergap next`, `path`, `roles graph` and `roles diff`."""

from __future__ import annotations

from typing import Annotated

import typer

from careergap.cli._errors import handle_errors
from careergap.cli._options import (
    ForceOption,
    Format,
    OutputOption,
    RolesDirOption,
    claim_output,
    get_library,
)
from careergap.cli._render import dispatch
from careergap.cli.analyse import ProfileArg, RaterChoice, RaterOpt
from careergap.cli.roles import app as roles_app

FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table, json or markdown.")]


@handle_errors
def next_command(
    profile: ProfileArg,
    from_role: Annotated[
        str | None, typer.Option("--from", help="Start here (default: current_role, else best match).")
    ] = None,
    fmt: FormatOpt = Format.table,
    output: OutputOption = None,
    force: ForceOption = False,
    rating: RaterOpt = RaterChoice.self_,
    roles_dir: RolesDirOption = None,
) -> None:
    """Every next role from where the person is, with readiness, top gaps and actions, plus lateral moves."""
    from careergap.analysis import Analyser
    from careergap.profiles import load_profile
    from careergap.render import progression as render

    claim_output(output, force=force, inputs=[profile])
    report = Analyser(get_library(roles_dir)).next_steps(load_profile(profile), from_role, rater=rating.value)
    dispatch(
        fmt,
        output,
        {
            Format.table: lambda: render.next_table(report),
            Format.json: lambda: report.model_dump_json(indent=2),
            Format.markdown: lambda: render.next_markdown(report),
        },
    )


@handle_errors
def path_command(
    profile: ProfileArg,
    to_role: Annotated[str, typer.Option("--to", help="The role to reach.")],
    from_role: Annotated[
        str | None, typer.Option("--from", help="Start here (default: current_role, else best match).")
    ] = None,
    fmt: FormatOpt = Format.table,
    output: OutputOption = None,
    force: ForceOption = False,
    rating: RaterOpt = RaterChoice.self_,
    roles_dir: RolesDirOption = None,
) -> None:
    """The route up the ladder step by step, readiness at each step, and the growth needed per skill."""
    from careergap.analysis import Analyser
    from careergap.profiles import load_profile
    from careergap.render import progression as render

    claim_output(output, force=force, inputs=[profile])
    report = Analyser(get_library(roles_dir)).path(
        load_profile(profile), to_role, from_role, rater=rating.value
    )
    dispatch(
        fmt,
        output,
        {
            Format.table: lambda: render.path_table(report),
            Format.json: lambda: report.model_dump_json(indent=2),
            Format.markdown: lambda: render.path_markdown(report),
        },
    )


@roles_app.command("graph")
@handle_errors
def graph_command(
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="table, json, markdown or mermaid.")
    ] = Format.table,
    output: OutputOption = None,
    force: ForceOption = False,
    roles_dir: RolesDirOption = None,
) -> None:
    """The progression graph: promotion ladders and lateral links, inferred ones marked."""
    from careergap import progression
    from careergap.render import progression as render

    claim_output(output, force=force)
    g = progression.graph(get_library(roles_dir))
    dispatch(
        fmt,
        output,
        {
            Format.table: lambda: render.graph_table(g),
            Format.json: lambda: g.model_dump_json(indent=2),
            Format.markdown: lambda: render.graph_markdown(g),
            Format.mermaid: lambda: render.graph_mermaid(g),
        },
    )


@roles_app.command("diff")
@handle_errors
def diff_command(
    from_role: Annotated[str, typer.Argument(help="The role you are in, e.g. council-pro10.")],
    to_role: Annotated[str, typer.Argument(help="The role you are looking at, e.g. council-pro11.")],
    fmt: FormatOpt = Format.table,
    output: OutputOption = None,
    force: ForceOption = False,
    roles_dir: RolesDirOption = None,
) -> None:
    """What separates two roles: skills that rise, new skills and qualifications, and what stays the same."""
    from careergap import progression
    from careergap.render import progression as render

    claim_output(output, force=force)
    library = get_library(roles_dir)
    d = progression.diff(library, library.role(from_role), library.role(to_role))
    dispatch(
        fmt,
        output,
        {
            Format.table: lambda: render.diff_table(d),
            Format.json: lambda: d.model_dump_json(indent=2),
            Format.markdown: lambda: render.diff_markdown(d),
        },
    )
