"""`careergap analyse`, `match` and `skills search`: a person against the library."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from careergap.cli._errors import about_file, handle_errors
from careergap.cli._options import (
    ForceOption,
    LookupFormat,
    OutputOption,
    ReportFormat,
    RolesDirOption,
    choose_format,
    claim_output,
    complete_role_id,
    emit,
    format_help,
    get_library,
    not_blank,
)
from careergap.cli._render import output_report, print_renderable
from careergap.cli._words import plural


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
        readable=False,  # an unreadable file is careergap's to report (exit 1, with its name), not a usage error
    ),
]
FormatOpt = Annotated[
    ReportFormat | None, typer.Option("--format", "-f", help=format_help(), show_default=False)
]
LookupFormatOpt = Annotated[LookupFormat, typer.Option("--format", "-f", help="Output format.")]
RoleOpt = Annotated[
    str | None,
    typer.Option(
        "--role",
        "-r",
        metavar="ROLE_ID",
        help="Role id (default: target_role, else current_role, else the best match).",
        autocompletion=complete_role_id,
        callback=not_blank,
    ),
]
RaterOpt = Annotated[
    RaterChoice,
    typer.Option(
        "--rating",
        help="Which rating to score on: self (level), coach (coach_level) or manager (manager_level).",
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
        bool,
        typer.Option(
            "--with-next",
            help="Also rate against the role's next grades: one table, skill | have | need now | need next.",
        ),
    ] = False,
    rating: RaterOpt = RaterChoice.self_,
    actions: Annotated[
        list[str] | None,
        typer.Option("--actions", metavar="TEXT", help="An agreed action to record (repeatable)."),
    ] = None,
    save_actions: Annotated[
        bool,
        typer.Option(
            "--save-actions",
            help="Also add the --actions to the profile's actions (kept as written), so the next compare "
            "shows them.",
        ),
    ] = False,
    roles_dir: RolesDirOption = None,
) -> None:
    """One role in depth: score, verdict, gates, every requirement, the gaps to close and actions."""
    from careergap.analysis import Analyser
    from careergap.profiles import load_profile

    if save_actions and not actions:
        raise typer.BadParameter("give the actions to save with --actions TEXT", param_hint="--save-actions")
    if save_actions and str(profile) == "-":
        raise typer.BadParameter(
            "actions can only be saved into a profile file, not standard input", param_hint="--save-actions"
        )
    chosen = choose_format(fmt, output, ReportFormat.table)
    claim_output(output, force=force, inputs=[profile], reads=roles_dir or [])
    library = get_library(roles_dir)
    person = load_profile(profile, library)
    analyser = Analyser(library)
    with about_file(profile):
        report = analyser.analyse(
            person, role, rater=rating.value, with_next=with_next, extra_actions=actions or []
        )
    output_report(report, chosen, output, profile)
    if save_actions and actions:
        from careergap.profile_edit import save_actions as save

        added = save(profile, actions)
        print(f"saved {plural(added, 'new action')} into {profile}", file=sys.stderr)


@handle_errors
def match(
    profile: ProfileArg,
    top: Annotated[
        int | None, typer.Option("--top", "-n", metavar="N", help="Show only the best N roles (1 or more).")
    ] = None,
    fmt: FormatOpt = None,
    output: OutputOption = None,
    force: ForceOption = False,
    rating: RaterOpt = RaterChoice.self_,
    framework: Annotated[
        str | None,
        typer.Option(
            "--framework",
            metavar="NAME",
            help="Only roles of this framework (see: careergap roles list).",
            callback=not_blank,
        ),
    ] = None,
    roles_dir: RolesDirOption = None,
) -> None:
    """Which roles fit you, best fit first; the most senior role you are ready for; your own roles marked.

    Roles are ranked by fit (how well your levels match the role over its whole weight; being far above a role
    lowers its fit and marks it "exceeds"); equal fits put the more senior role first."""
    from careergap.analysis import Analyser
    from careergap.profiles import load_profile

    if top is not None and top < 1:
        raise typer.BadParameter(f"{top} is not a number of roles; give 1 or more", param_hint="--top")
    chosen = choose_format(fmt, output, ReportFormat.table)
    claim_output(output, force=force, inputs=[profile], reads=roles_dir or [])
    library = get_library(roles_dir)
    person = load_profile(profile, library)
    analyser = Analyser(library)
    with about_file(profile):
        report = analyser.match(person, rater=rating.value, top=top, framework=framework)
    output_report(report, chosen, output, profile)


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
    """Show how a phrase resolves: the chosen skill, its score, the runners-up, and why.

    Beside the words' candidates it lists the skills nearest in meaning (when the meaning layer is installed).
    """
    from rich import box
    from rich.table import Table

    from careergap.analysis import Analyser
    from careergap.profiles import MAX_PHRASE_CHARS

    if len(text) > MAX_PHRASE_CHARS:  # as in a profile: a 20,000-character phrase took 17 s to match
        raise typer.BadParameter(
            f"the phrase is {len(text):,} characters, over the limit of {MAX_PHRASE_CHARS} (MAX_PHRASE_CHARS) that "
            "profiles have too",
            param_hint="TEXT",
        )
    analyser = Analyser(get_library(roles_dir))
    resolver = analyser.resolver
    result = resolver.qualification(text) if qualification else resolver.skill(text)
    also = [] if qualification else resolver.also_skills(text, result)
    if also:
        result = result.model_copy(update={"also": also})
    index = resolver.qualifications if qualification else resolver.skills
    lexical = index.lexical(text)
    nearest = [] if qualification else index.nearest_by_meaning(text)[:5]
    if fmt is LookupFormat.json:
        from careergap.render.roles import skill_search_json

        emit(skill_search_json(result, lexical, nearest, resolver.matcher), None)
        return
    table = Table(box=box.SIMPLE_HEAD, title=f"{text!r} -> {result.status.upper()}", title_justify="left")
    table.add_column("by the words")
    table.add_column("score", justify="right")
    table.add_column("compared with")
    if nearest:
        table.add_column("by meaning")
        table.add_column("similarity", justify="right")
        table.add_column("closest wording")
    chosen = result.target
    words = [(c.target, f"{c.score:.0f}", c.via) for c in lexical.candidates]
    if lexical.target and not any(c.target == lexical.target for c in lexical.candidates):
        words.insert(0, (lexical.target, f"{lexical.score:.0f}", lexical.via or ""))
    # A skill's example phrasings count by meaning only: say which closest wording is one.
    examples = index.phrasings
    meaning = [
        (
            n.target,
            f"{n.score:.2f}",
            f"{n.via} (example phrasing)" if n.via in examples.get(n.target, ()) else n.via,
        )
        for n in nearest
    ]
    for i in range(max(len(words), len(meaning), 1)):
        row: list[str] = []
        for column in (words, meaning) if nearest else (words,):
            if i < len(column):
                target, score, via = column[i]
                mark = "* " if target == chosen else "  "
                row += [f"{mark}{target}", score, via]
            else:
                row += ["-" if i == 0 else "", "", ""]
        table.add_row(*row)
    print_renderable(table, None)
    print(f"method: {result.method}; why: {result.reason}")
    for other in also:  # the other skills the line's items name (Resolver.also_skills)
        print(f"also: {other.target}, from the item {other.phrase!r} ({other.method}; {other.reason})")
    if not qualification:
        print(f"matcher: {resolver.matcher}")
    elif result.status == "matched" and result.target:
        implied = sorted(analyser.library.implied_qualifications([result.target]) - {result.target})
        if implied:
            print("also satisfies: " + ", ".join(analyser.qualification_names[q] for q in implied))
    if result.status != "matched":
        kind = "qualification" if qualification else "skill"
        print(
            f"to have it counted, say which {kind} you mean: careergap profile confirm PROFILE asks and writes "
            f"{kind}: ID beside the words (ids: careergap skills list{' --qualifications' if qualification else ''})"
        )


@skills_app.command("list")
@handle_errors
def list_skills(
    fmt: LookupFormatOpt = LookupFormat.table,
    roles_dir: RolesDirOption = None,
    qualifications: Annotated[
        bool,
        typer.Option(
            "--qualifications",
            "-q",
            help="List the qualifications instead: the ids a profile can name beside an award "
            "(`qualification: <id>`), with the awards each one implies.",
        ),
    ] = False,
) -> None:
    """List the skill vocabulary with kinds and aliases (with --qualifications, the qualifications)."""
    from rich import box
    from rich.table import Table

    library = get_library(roles_dir)
    if qualifications:
        if fmt is LookupFormat.json:
            from careergap.render.roles import qualifications_list_json

            emit(qualifications_list_json(library), None)
            return
        table = Table(
            box=box.SIMPLE_HEAD, title=f"{len(library.qualifications)} qualifications", title_justify="left"
        )
        for column in ("id", "name", "kind", "implies", "aliases"):
            table.add_column(column)
        for q in library.qualifications.values():
            table.add_row(
                q.id,
                q.name,
                q.kind,
                ", ".join(q.implies),
                ", ".join(q.aliases[:6]) + (" …" if len(q.aliases) > 6 else ""),
            )
        print_renderable(table, None)
        return
    if fmt is LookupFormat.json:
        from careergap.render.roles import skills_list_json

        emit(skills_list_json(library), None)
        return
    table = Table(box=box.SIMPLE_HEAD, title=f"{len(library.skills)} skills", title_justify="left")
    for column in ("id", "name", "kind", "aliases"):
        table.add_column(column)
    for s in library.skills.values():
        table.add_row(s.id, s.name, s.kind, ", ".join(s.aliases[:6]) + (" …" if len(s.aliases) > 6 else ""))
    print_renderable(table, None)
