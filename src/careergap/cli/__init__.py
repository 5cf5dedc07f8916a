"""The command-line interface: thin typer commands over the library API."""

from __future__ import annotations

import sys

import typer

from careergap import __version__
from careergap.cli import profile as profile_cli
from careergap.cli import roles as roles_cli
from careergap.cli._errors import Terminated, configure_streams, install_signal_handlers, silence_stdout
from careergap.cli._options import remove_temp_files
from careergap.cli.analyse import analyse, match, skills_app
from careergap.cli.assess import assess
from careergap.cli.batch import batch, team
from careergap.cli.compare import compare
from careergap.cli.progression import next_command, path_command
from careergap.cli.schema import schema
from careergap.matching.layer import switch_off

EPILOG = (
    "Exit codes: 0 success; 1 bad input, validation error or unknown id; 2 usage error; "
    "3 batch finished but rejected some values; 130 interrupted (Ctrl-C); 143 / 129 stopped by SIGTERM / SIGHUP; "
    "70 internal error (a bug)."
)

app = typer.Typer(
    name="careergap",
    help="Offline career gap analyser: which roles you are ready for, what stands between you and the one you want, "
    "and the next steps up the ladder.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    epilog=EPILOG,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        print(f"careergap {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
    no_semantic: bool = typer.Option(
        False,
        "--no-semantic",
        help="Match phrases by their words only (no meaning layer), e.g. careergap --no-semantic match me.yaml.",
    ),
) -> None:
    """careergap: career gap analysis for project-management roles."""
    switch_off(no_semantic)


app.command("analyse")(analyse)
app.command("analyze", hidden=True)(analyse)
app.command("match")(match)
app.command("assess")(assess)
app.command("batch")(batch)
app.command("team")(team)
app.command("compare")(compare)
app.command("next")(next_command)
app.command("path")(path_command)
app.add_typer(roles_cli.app, name="roles")
app.add_typer(skills_app, name="skills")
app.add_typer(profile_cli.app, name="profile")
app.command("schema")(schema)


def main() -> None:
    install_signal_handlers()
    configure_streams()
    try:
        app(prog_name="careergap")
    except Terminated as exc:  # a signal outside a command (while parsing options)
        remove_temp_files()
        raise SystemExit(128 + exc.signum) from None
    finally:
        remove_temp_files()
        try:
            sys.stdout.flush()
        except (BrokenPipeError, ValueError):
            silence_stdout()
