"""`careergap analyse`, `match` and `skills search`: a person against the library."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from careergap.cli._errors import handle_errors
from careergap.cli._options import (
    ForceOption,
    LookupFormat,
    OutputOption,
    ReportFormat,
    RolesDirOption,
    choose_format,
    claim_output,
    emit,
    format_help,
    get_library,
)
from careergap.cli._render import output_report, print_renderable


class RaterChoice(str, Enum):
    self_ = "self"
    coach = "coach"
    manager = "manager"


ProfileArg = Annotated[
    Path,
    typer.Argument(
        help="Profile file (YAML or JSON); '-' reads it from standard input.",
        metavar="FILE",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    ReportFormat | None, typer.Option("--format", "-f", help=format_help(), show_default=False)
]
LookupFormatOpt = Annotated[LookupFormat, typer.Option("--format", "-f", help="Output format.")]
RoleOpt = Annotated[
    str | None,
    typer.Option(
        "--role", "-r", metavar="ROLE_ID", help="Role id (default: target_role, else the best match)."
    ),
]
RaterOpt = Annotated[
    RaterChoice,
    typer.Option(
        "--rating", help="Which rating to score on when a profile has several: self, coach or manager."
    ),
]


@handle_errors
def analyse(
    profile: ProfileArg,
    role: RoleOpt = None,
    fmt: FormatOpt = None,
    output: OutputOption = None,
    force: ForceOption = False,
    with_next: Annotated[
        bool, typer.Option("--with-next", help="Also rate against the role's next grades.")
    ] = False,
    rating: RaterOpt = RaterChoice.self_,
    actions: Annotated[
        list[str] | None,
        typer.Option("--actions", metavar="TEXT", help="An agreed action to record (repeatable)."),
    ] = None,
    roles_dir: RolesDirOption = None,
) -> None:
    """One role in depth: score, verdict, gates, every requirement, the gaps to close and actions."""
    from careergap.analysis import Analyser
    from careergap.profiles import load_profile

    chosen = choose_format(fmt, output, ReportFormat.table)
    claim_output(output, force=force, inputs=[profile])
    person = load_profile(profile)
    analyser = Analyser(get_library(roles_dir))
    report = analyser.analyse(
        person, role, rater=rating.value, with_next=with_next, extra_actions=actions or []
    )
    output_report(report, chosen, output)


@handle_errors
def match(
    profile: ProfileArg,
    top: Annotated[
        int | None, typer.Option("--top", "-n", min=1, metavar="N", help="Show only the best N roles.")
    ] = None,
    fmt: FormatOpt = None,
    output: OutputOption = None,
    force: ForceOption = False,
    rating: RaterOpt = RaterChoice.self_,
    framework: Annotated[
        str | None,
        typer.Option(
            "--framework", metavar="NAME", help="Only roles of this framework (see: careergap roles list)."
        ),
    ] = None,
    roles_dir: RolesDirOption = None,
) -> None:
    """Which roles fit you, best fit first; the most senior role you are ready for; your own roles marked.

    Roles are ranked by fit (how well your levels match the role over its whole weight; being far above a role
    lowers its fit and marks it "exceeds"); equal fits put the more senior role first."""
    from careergap.analysis import Analyser
    from careergap.profiles import load_profile

    chosen = choose_format(fmt, output, ReportFormat.table)
    claim_output(output, force=force, inputs=[profile])
    person = load_profile(profile)
    analyser = Analyser(get_library(roles_dir))
    output_report(analyser.match(person, rater=rating.value, top=top, framework=framework), chosen, output)


skills_app = typer.Typer(help="Look up the skill vocabulary.", no_args_is_help=True)


@skills_app.command("search")
@handle_errors
def search(
    text: Annotated[str, typer.Argument(help="A phrase as a person would write it, e.g. 'budget mgmt'.")],
    qualification: Annotated[
        bool, typer.Option("--qualification", "-q", help="Resolve as a qualification instead.")
    ] = False,
    fmt: LookupFormatOpt = LookupFormat.table,
    roles_dir: RolesDirOption = None,
) -> None:
    """Show how a phrase resolves: the chosen skill, its score, the runners-up, and why."""
    from rich import box
    from rich.table import Table

    from careergap.analysis import Analyser

    analyser = Analyser(get_library(roles_dir))
    result = analyser.resolver.qualification(text) if qualification else analyser.resolver.skill(text)
    if fmt is LookupFormat.json:
        emit(json.dumps(result.model_dump(), indent=2), None)
        return
    names = {**analyser.skill_names, **analyser.qualification_names}
    table = Table(box=box.SIMPLE_HEAD, title=f"{text!r} -> {result.status.upper()}", title_justify="left")
    table.add_column("candidate")
    table.add_column("name")
    table.add_column("score", justify="right")
    table.add_column("compared with")
    chosen = result.target
    if chosen and not any(c.target == chosen for c in result.candidates):
        table.add_row(f"* {chosen}", names.get(chosen, ""), f"{result.score:.0f}", result.via or "")
    for c in result.candidates:
        table.add_row(
            ("* " if c.target == chosen else "  ") + c.target,
            names.get(c.target, ""),
            f"{c.score:.0f}",
            c.via,
        )
    if not result.candidates and not chosen:
        table.add_row("-", "no candidate", "", "")
    print_renderable(table, None)
    print(f"method: {result.method}; why: {result.reason}")


@skills_app.command("list")
@handle_errors
def list_skills(
    fmt: LookupFormatOpt = LookupFormat.table,
    roles_dir: RolesDirOption = None,
) -> None:
    """List the skill vocabulary with kinds and aliases."""
    from rich import box
    from rich.table import Table

    library = get_library(roles_dir)
    if fmt is LookupFormat.json:
        emit(json.dumps([s.model_dump() for s in library.skills.values()], indent=2), None)
        return
    table = Table(box=box.SIMPLE_HEAD, title=f"{len(library.skills)} skills", title_justify="left")
    for column in ("id", "name", "kind", "aliases"):
        table.add_column(column)
    for s in library.skills.values():
        table.add_row(s.id, s.name, s.kind, ", ".join(s.aliases[:6]) + (" …" if len(s.aliases) > 6 else ""))
    print_renderable(table, None)
