"""`careergap roles ...`: browse and validate the role library."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from careergap.cli._errors import handle_errors
from careergap.cli._options import (
    ForceOption,
    OutputOption,
    RolesDirOption,
    ViewFormat,
    ViewFormatOption,
    a_folder,
    choose_format,
    claim_output,
    complete_role_id,
    get_library,
    not_blank,
)
from careergap.cli._render import dispatch

FormatOpt = ViewFormatOption

app = typer.Typer(help="Browse, compare and validate the role library.", no_args_is_help=True)


@app.command("list")
@handle_errors
def list_roles(
    fmt: FormatOpt = None,
    roles_dir: RolesDirOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """List every role: id, title, framework, grade and number of requirements."""
    from careergap.render.roles import roles_list_json, roles_list_markdown, roles_list_table

    chosen = choose_format(fmt, output, ViewFormat.table)
    claim_output(output, force=force, reads=roles_dir or [])
    library = get_library(roles_dir)
    dispatch(
        chosen,
        output,
        {
            "table": lambda: roles_list_table(library),
            "json": lambda: roles_list_json(library),
            "markdown": lambda: roles_list_markdown(library),
        },
    )


@app.command("show")
@handle_errors
def show_role(
    role_id: Annotated[
        str,
        typer.Argument(
            metavar="ROLE_ID",
            help="Role id, e.g. council-pro10.",
            autocompletion=complete_role_id,
            callback=not_blank,
        ),
    ],
    fmt: FormatOpt = None,
    roles_dir: RolesDirOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Show one role: requirements by importance with levels, notes and sources, and its progression links."""
    from careergap.render.roles import role_detail, role_markdown, role_table

    chosen = choose_format(fmt, output, ViewFormat.table)
    claim_output(output, force=force, reads=roles_dir or [])
    library = get_library(roles_dir)
    role = library.role(role_id)
    dispatch(
        chosen,
        output,
        {
            "table": lambda: role_table(role, library),
            "json": lambda: json.dumps(role_detail(role, library), indent=2, ensure_ascii=False),
            "markdown": lambda: role_markdown(role, library),
        },
    )


@app.command("validate")
@handle_errors
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="FILE",
            help="Role files or folders (default: the built-in library).",
            show_default=False,
            parser=a_folder,
        ),
    ] = None,
    no_builtin: Annotated[
        bool,
        typer.Option(
            "--no-builtin", help="Check the files on their own, without the built-in vocabulary and roles."
        ),
    ] = False,
    roles_dir: RolesDirOption = None,
) -> None:
    """Validate role files: schema, unknown ids, links to missing roles, duplicate ids, promotion cycles,
    and how each level was read (a stated depth kept; a reading that names a rubric word of its level).

    Every problem in every file is reported (file:line:col: field: message) and the exit code is 1.
    Your files are checked together with the built-in library, so they may use its skills and link to its roles.
    """
    from careergap.library import load_library, roles_dirs_from_env
    from careergap.words import plural

    extra = [*roles_dirs_from_env(), *(roles_dir or []), *(paths or [])]
    if no_builtin and not extra:  # "ok: 0 roles ... in 0 files" would pass a check that checked nothing
        raise typer.BadParameter("give the files or folders to check on their own", param_hint="--no-builtin")
    library = load_library(
        extra, include_builtin=not no_builtin, check_levels=True, cache=False
    )  # every check
    print(
        f"ok: {len(library.roles)} roles, {len(library.skills)} skills, "
        f"{len(library.qualifications)} qualifications and {len(library.actions)} actions "
        f"checked in {len(library.files)} files"
        + (
            f", and a phrase map of {plural(len(library.phrase_map), 'phrase')}" if library.phrase_map else ""
        ),
        file=sys.stdout,
    )
