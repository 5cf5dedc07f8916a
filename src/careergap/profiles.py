"""Read a person's profile file (YAML or JSON) into a Profile, with every problem located."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from careergap.errors import Problem, ValidationFailed
from careergap.models.profile import Profile
from careergap.yamlio import Loaded, load_path, problems_from_validation


def load_profile(path: Path) -> Profile:
    """Load and validate a profile; raises InputFileError or ValidationFailed naming file, line and field."""
    loaded = load_path(path)
    return profile_from_loaded(loaded)


def profile_from_loaded(loaded: Loaded) -> Profile:
    if loaded.duplicate_keys:
        raise ValidationFailed(loaded.duplicate_keys, loaded.name)
    data = loaded.data
    if data is None:
        raise ValidationFailed(
            [Problem(loaded.name, "profile is empty; it needs at least a name and some skills", 1)],
            loaded.name,
        )
    if not isinstance(data, dict):
        raise ValidationFailed(
            [Problem(loaded.name, f"expected a mapping (name:, skills: ...), got {type(data).__name__}", 1)],
            loaded.name,
        )
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        problems = list(problems_from_validation(exc, loaded))
        # The short mapping form (skills: {phrase: level}) is validated as a list; point back at the phrase's line.
        skills = data.get("skills")
        if isinstance(skills, dict):
            names = list(skills)
            fixed = []
            for problem in problems:
                fixed.append(_remap(problem, loaded, names))
            problems = fixed
        raise ValidationFailed(problems, loaded.name) from None


def _remap(problem: Problem, loaded: Loaded, names: list[str]) -> Problem:
    field = problem.field or ""
    if not field.startswith("skills["):
        return problem
    index_text, _, rest = field[len("skills[") :].partition("]")
    if not index_text.isdigit() or int(index_text) >= len(names):
        return problem
    phrase = names[int(index_text)]
    sub = rest.lstrip(".")
    path: tuple[str | int, ...] = ("skills", phrase) if sub in ("", "level") else ("skills", phrase, sub)
    line, column = loaded.index.locate(path)
    field_name = f"skills.{phrase}" if sub in ("", "level") else f"skills.{phrase}.{sub}"
    return Problem(problem.file, problem.message, line, column, field_name)
