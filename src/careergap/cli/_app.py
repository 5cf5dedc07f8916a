"""The typer application: every command declared by name and short help, and built only when it runs.

Why: one run invokes one command, but typer builds a click command for every registered function when the app is
built (reading each signature and resolving its types, about 45 commands and sub-commands), and registering them
means importing every command module with its options. So each command is declared here by its module, the name of
its function (or sub-app) and the first paragraph of its help; `careergap --help` and shell completion of command
names list these declarations, and the one command a run resolves is imported and built then, by typer, exactly as
if it had been registered directly. `tests/test_startup.py` checks every declared summary against the real help.
Each command imports the library (pydantic models, rapidfuzz, the role files) inside its own body, when it runs.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from careergap import __version__
from careergap.cli._help import plain_help

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

# Commands, in the order `careergap --help` lists them: name -> (module, function, first paragraph of its help).
DEFERRED: dict[str, tuple[str, str, str]] = {
    "analyse": (
        "careergap.cli.analyse",
        "analyse",
        "One role in depth: score, verdict, gates, every requirement, the gaps to close and actions.",
    ),
    "analyze": (
        "careergap.cli.analyse",
        "analyse",
        "One role in depth: score, verdict, gates, every requirement, the gaps to close and actions.",
    ),
    "match": (
        "careergap.cli.analyse",
        "match",
        "Which roles fit you, best fit first; the most senior role you are ready for; your own roles marked.",
    ),
    "assess": (
        "careergap.cli.assess",
        "assess",
        "Interactive self-assessment: walk through a role's requirements and record a level for each.",
    ),
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
    "compare": (
        "careergap.cli.compare",
        "compare",
        (
            "Progress between two sessions: score and verdict before and after, gaps closed, narrowed, widened and "
            "new, and the skills added."
        ),
    ),
    "next": (
        "careergap.cli.progression",
        "next_command",
        "Every next role from where the person is, with readiness, top gaps and actions, plus lateral moves.",
    ),
    "path": (
        "careergap.cli.progression",
        "path_command",
        "The route up the ladder step by step, readiness at each step, and the growth needed per skill.",
    ),
    "schema": (
        "careergap.cli.schema",
        "schema",
        (
            "Print the JSON Schema of a file format (role, profile) or of a command's JSON output (report, batch-row, "
            "batch, team, next, path, compare, roles, role-detail, skills, qualifications, skill-search, diff, graph)."
        ),
    ),
}
HIDDEN = frozenset({"analyze"})  # the American spelling runs too, but is not listed
# Command groups: name -> (module, its typer sub-app, the sub-app's help), listed after the commands. The roles
# group is taken from cli/progression.py, which adds `roles graph` and `roles diff` to cli/roles.py's app.
DEFERRED_GROUPS: dict[str, tuple[str, str, str]] = {
    "roles": ("careergap.cli.progression", "roles_app", "Browse, compare and validate the role library."),
    "skills": ("careergap.cli.analyse", "skills_app", "Look up the skill vocabulary."),
    "profile": ("careergap.cli.profile", "app", "Work on a profile file."),
}


def _holder() -> typer.Typer:
    """An app with the root's settings, to build one command or group the way the root would."""
    return typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)


class DeferredCommand(TyperCommand):
    """Stands in for a command in listings (help, completion of command names) until it is run."""

    def __init__(self, name: str, module: str, attribute: str, summary: str, hidden: bool = False) -> None:
        super().__init__(name, help=summary, short_help=summary, hidden=hidden)
        self.target = (module, attribute)

    def load(self) -> Any:
        """The real command, built by typer from the function exactly as if it had been registered directly."""
        module, function = self.target
        single = _holder()
        single.command(self.name, hidden=self.hidden)(getattr(importlib.import_module(module), function))
        return plain_help(typer.main.get_command(single))


class DeferredGroup(DeferredCommand):
    """Stands in for a command group (roles, skills, profile); its sub-commands are built when asked for."""

    _group: Any = None

    def load(self) -> Any:
        if self._group is None:
            module, attribute = self.target
            holder = _holder()
            holder.add_typer(getattr(importlib.import_module(module), attribute), name=self.name)
            self._group = plain_help(typer.main.get_command(holder).commands[self.name])  # type: ignore[attr-defined]
        return self._group

    @property
    def commands(self) -> dict[str, Any]:
        """The group's sub-commands, built on first use (what a walk over the command tree sees)."""
        return self.load().commands  # type: ignore[no-any-return]


NO_SEMANTIC = "--no-semantic"


class CommandGroup(TyperGroup):
    """The root group: lists every declared command by name and builds one when it is resolved to run."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_help(self)  # the root's own options; each command is made plain when it is built
        for name, (module, function, summary) in DEFERRED.items():
            self.commands[name] = DeferredCommand(name, module, function, summary, hidden=name in HIDDEN)
        for name, (module, attribute, summary) in DEFERRED_GROUPS.items():
            self.commands[name] = DeferredGroup(name, module, attribute, summary)

    def parse_args(self, ctx: Any, args: list[str]) -> Any:
        """`--no-semantic` is the root's option, and is also taken where people put it, after the command
        ("careergap match me.yaml --no-semantic", "careergap skills search --no-semantic 'budget mgmt'"), up to a
        `--` that ends the options."""
        end = args.index("--") if "--" in args else len(args)
        if NO_SEMANTIC in args[1:end]:
            args = [NO_SEMANTIC, *(a for i, a in enumerate(args) if i >= end or a != NO_SEMANTIC)]
        return super().parse_args(ctx, args)

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
        NO_SEMANTIC,
        help="Match phrases by their words only (no meaning layer), e.g. careergap --no-semantic match me.yaml (also "
        "taken after the command).",
    ),
) -> None:
    """careergap: career gap analysis for project-management roles."""
    from careergap.matching.layer import switch_off

    switch_off(no_semantic)
