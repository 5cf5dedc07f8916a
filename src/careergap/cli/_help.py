"""Help pages as people know them from pip and click: plain metavars (FILE, ROLE_ID, N, [a|b]), whole summaries.

Why: typer writes a parameter's Python type into the help (``--roles-dir <list[Path]>``, ``FILE <path>``,
``{FILE}``) and cuts each command's summary at the terminal width (``analyse  One role in depth: score,...``).
`plain_help` turns every parameter of a built command tree into the plain form and gives every command its whole
first paragraph as its summary, which the help formatter wraps instead of cutting.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperOption

_PLAIN_TYPES = {"int": "N", "float": "NUMBER", "str": "TEXT", "bool": "BOOLEAN"}


def plain_metavar(param: Any, ctx: Any) -> str:
    """'[table|json]' for a choice, FILE for a path, N for a number, TEXT for text."""
    label = str(param.display_type(ctx)).strip("<>")
    if label.startswith("list[") and label.endswith("]"):
        label = label[len("list[") : -1]
    label = label.removesuffix(" range")  # 'int range' (an option with min=) is still a number
    if param.type_descriptor.is_choice:
        return f"[{label}]"
    if label.lower() in ("path", "file", "directory", "dir"):
        return "FILE"
    return _PLAIN_TYPES.get(label, label.upper())


class PlainArgument(TyperArgument):
    """An argument shown by its name alone (FILE, ROLE_ID), optional ones in brackets, as click does."""

    @property
    def display_name_raw(self) -> str:
        return self.metavar or (self.name or "").upper()

    def display_type_rich(self, ctx: Any) -> str | None:
        return plain_metavar(self, ctx) if self.type_descriptor.is_choice else None

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        if not self.required:
            name = f"[{name}]"
        if self.nargs != 1 and not name.endswith("..."):
            name += "..."
        return name


class PlainOption(TyperOption):
    """An option shown with its metavar, or a plain one made from its type."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return self.metavar if self.metavar is not None else plain_metavar(self, ctx)


def _summary(help_text: str) -> str:
    first = help_text.strip().split("\n\n", 1)[0]
    return " ".join(first.split())


def plain_help(command: Any) -> Any:
    """Make ``command`` and every command below it show plain metavars and whole summaries; returns it."""
    for param in getattr(command, "params", ()):
        if type(param) is TyperArgument:
            param.__class__ = PlainArgument
        elif type(param) is TyperOption:
            param.__class__ = PlainOption
    if getattr(command, "short_help", None) is None and getattr(command, "help", None):
        command.short_help = _summary(command.help)
    for sub in getattr(command, "commands", {}).values():
        plain_help(sub)
    return command
