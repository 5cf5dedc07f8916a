"""The typer application: every command registered, with its options and help.

Why the imports are arranged as they are: `careergap --version`, `--help` and shell completion must answer at
once, so importing this package loads typer and the command signatures only. Each command imports the library
(pydantic models, rapidfuzz, the role files) inside its own body, when it runs. `batch` and `team` are declared
here by name and short help and imported only when they are run (or asked for their own help), because their
module still imports the team pipeline at the top; `tests/test_startup.py` checks both stay in step.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from careergap import __version__
from careergap.cli import profile as profile_cli
from careergap.cli import roles as roles_cli
from careergap.cli._help import plain_help
from careergap.cli.analyse import analyse, match, skills_app
from careergap.cli.assess import assess
from careergap.cli.compare import compare
from careergap.cli.progression import next_command, path_command
from careergap.cli.schema import schema

# pydantic looks for plugins the first time a model is built: a scan of every installed package's entry points
# (about 55 ms, a seventh of the import floor, on every analyse or match). The command line has no use for them; a
# user who wants one names it in PYDANTIC_DISABLE_PLUGINS's place (an explicit value, even empty, is kept). The
# Python API (careergap.api) does not import this module, so it keeps pydantic's default.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

EPILOG = (
    "Exit codes: 0 success; 1 bad input, validation error or unknown id; 2 usage error; "
    "3 batch finished but rejected some values; 130 interrupted (Ctrl-C); 143 / 129 stopped by SIGTERM / SIGHUP; "
    "70 internal error (a bug)."
)

# name -> (module, function, first paragraph of its help); a test checks it against the real command's help.
DEFERRED: dict[str, tuple[str, str, str]] = {
    "batch": (
        "careergap.cli.batch",
        "batch",
        "Score a whole team from a CSV export, streamed: one output row per person (per role with --all-roles).",
    ),
    "team": (
        "careergap.cli.batch",
        "team",
        "Team summary from a CSV export: readiness, the most common gaps, and a heat map of people by skills.",
    ),
}
# The order commands are listed in `careergap --help`.
ORDER = [
    "analyse",
    "analyze",
    "match",
    "assess",
    "batch",
    "team",
    "compare",
    "next",
    "path",
    "schema",
    "roles",
    "skills",
    "profile",
]


class DeferredCommand(TyperCommand):
    """Stands in for a command in listings (help, completion of command names) until it is run."""

    def __init__(self, name: str, module: str, function: str, summary: str) -> None:
        super().__init__(name, help=summary)
        self.target = (module, function)

    def load(self) -> Any:
        """The real command, built by typer from the function exactly as if it had been registered directly."""
        module, function = self.target
        single = typer.Typer(add_completion=False, rich_markup_mode=None)
        single.command(self.name)(getattr(importlib.import_module(module), function))
        return plain_help(typer.main.get_command(single))


class CommandGroup(TyperGroup):
    """The root group: lists deferred commands by name and loads one when it is resolved to run."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, (module, function, summary) in DEFERRED.items():
            self.commands[name] = DeferredCommand(name, module, function, summary)
        rank = {name: i for i, name in enumerate(ORDER)}
        ordered = sorted(self.commands.items(), key=lambda item: rank.get(item[0], len(rank)))
        self.commands.clear()
        self.commands.update(ordered)
        plain_help(self)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        if isinstance(command, DeferredCommand) and name is not None:
            command = self.commands[name] = command.load()
        return name, command, rest


app = typer.Typer(
    name="careergap",
    cls=CommandGroup,
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
    from careergap.matching.layer import switch_off

    switch_off(no_semantic)


app.command("analyse")(analyse)
app.command("analyze", hidden=True)(analyse)
app.command("match")(match)
app.command("assess")(assess)
app.command("compare")(compare)
app.command("next")(next_command)
app.command("path")(path_command)
app.add_typer(roles_cli.app, name="roles")
app.add_typer(skills_app, name="skills")
app.add_typer(profile_cli.app, name="profile")
app.command("schema")(schema)
