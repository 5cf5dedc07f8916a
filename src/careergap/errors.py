"""User-facing errors: what went wrong, where, and how to fix it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, located as precisely as we know."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    hint: str | None = None

    def format(self) -> str:
        """Render as yamllint's parsable form: ``file:line:col: field: message``."""
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f"{self.field}: " if self.field else ""
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{where}: {field}{self.message}{hint}"


class CareergapError(Exception):
    """An error caused by the user's input or request, not by a bug. Exit code 1."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def lines(self) -> list[str]:
        out = [self.message]
        if self.hint:
            out.append(f"hint: {self.hint}")
        return out


class InputFileError(CareergapError):
    """A file could not be read or parsed at all."""

    def __init__(self, problem: Problem, hint: str | None = None) -> None:
        super().__init__(problem.format(), hint)
        self.problem = problem if hint is None else replace(problem, hint=hint)


class ValidationFailed(CareergapError):
    """One or more problems found in user files; every problem is kept, none is dropped."""

    def __init__(self, problems: Sequence[Problem], what: str = "input") -> None:
        self.problems = list(problems)
        n = len(self.problems)
        super().__init__(f"{n} problem{'s' if n != 1 else ''} found in {what}")

    def lines(self) -> list[str]:
        return [p.format() for p in self.problems] + [self.message]


class UnknownIdError(CareergapError):
    """A role, skill or qualification id that is not in the library."""

    def __init__(self, kind: str, value: str, suggestions: Iterable[str] = ()) -> None:
        self.kind = kind
        self.value = value
        self.suggestions = list(suggestions)
        hint = None
        if self.suggestions:
            hint = "did you mean " + " or ".join(self.suggestions) + "?"
        # an id is short: a pasted paragraph is not echoed whole
        shown = value if len(value) <= 80 else value[:77] + "..."
        super().__init__(f"unknown {kind} id {shown!r}", hint or f"list them with: careergap {kind}s list")

    def __str__(self) -> str:
        """The message and the closest ids, for a script that prints the exception (the CLI prints both lines)."""
        return f"{self.message}; {self.hint}" if self.hint else self.message


class InternalError(Exception):
    """A bug in careergap: never the user's fault."""


class ProfileDataError(ValidationFailed, ValueError):
    """A profile given as data (the Python API) that a profile file with the same content would fail on: every
    problem is kept (``problems``) and named in the text, field first. A ValueError, as pydantic's errors are."""

    def __str__(self) -> str:
        return "; ".join(p.format() for p in self.problems)
