"""Read a person's profile file (YAML or JSON) into a Profile, with every problem located."""

from __future__ import annotations

import datetime as dt
import logging
import math
import shlex
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from careergap.errors import InputFileError, Problem, ProfileDataError, UnknownIdError, ValidationFailed
from careergap.models.profile import NOT_A_SKILL, Profile
from careergap.words import yaml_read_as
from careergap.yamlio import (
    MAX_FILE_BYTES,
    LineIndex,
    Loaded,
    Path_,
    _decode,
    dotted,
    load_json_text,
    load_path,
    load_text,
    problems_from_validation,
)

if TYPE_CHECKING:
    from careergap.library import Library

# Limits on one profile (documented in the README, "Limits"): a person has dozens of skills, not thousands, and a
# skill is a phrase, not a paragraph. Past them matching would run for minutes, so the file is refused at once.
MAX_PROFILE_SKILLS = 1_000
MAX_PHRASE_CHARS = 300
# A person's name and a qualification as written: a name, not a document (a team CSV's cells have the same bound,
# careergap.batch.MAX_FIELD_CHARS).
MAX_NAME_CHARS = 500
# A note beside an answer (a skill's evidence, why a requirement does not apply): a few sentences, not a document.
MAX_NOTE_CHARS = 2_000


@dataclass(frozen=True)
class TextLimit:
    """The bound on one kind of text a profile holds: the reader refuses a file past it, and ``assess`` checks each
    answer with the same object, so it never writes a profile no command can read."""

    what: str
    limit: int
    limit_name: str
    hint: str

    def problem(self, text: object) -> str | None:
        """What is wrong with ``text`` as this kind of text (None when it is within the bound)."""
        if isinstance(text, str) and len(text) > self.limit:
            return f"{self.what} is {len(text):,} characters, over the limit of {self.limit:,} ({self.limit_name})"
        return None

    def refusal(self, text: object) -> str | None:
        """``problem`` with what to do instead, for an answer refused as it is typed (None when it is within)."""
        problem = self.problem(text)
        return None if problem is None else f"{problem}; {self.hint}"


PERSON_NAME = TextLimit("the name", MAX_NAME_CHARS, "MAX_NAME_CHARS", "give the person's name only")
SKILL_PHRASE = TextLimit(
    "skill name",
    MAX_PHRASE_CHARS,
    "MAX_PHRASE_CHARS",
    "write the skill as a short phrase and put the detail in evidence:",
)
QUALIFICATION_NAME = TextLimit(
    "qualification", MAX_NAME_CHARS, "MAX_NAME_CHARS", "name the award as its awarding body does"
)
EVIDENCE_NOTE = TextLimit(
    "evidence", MAX_NOTE_CHARS, "MAX_NOTE_CHARS", "give the project or outcome in a few sentences"
)
NOT_APPLICABLE_PHRASE = TextLimit(
    "the skill that does not apply",
    MAX_PHRASE_CHARS,
    "MAX_PHRASE_CHARS",
    "name the skill as a short phrase and put why in its reason",
)
NOT_APPLICABLE_REASON = TextLimit(
    "the reason", MAX_NOTE_CHARS, "MAX_NOTE_CHARS", "say why it does not apply in a sentence or two"
)

log = logging.getLogger("careergap.profiles")


STDIN_NAME = "<stdin>"


def profile_from_data(
    data: Mapping[str, Any], library: Library | None = None, name: str = "profile"
) -> Profile:
    """A profile given as data, in the file's shape (the Python API and the engines), read as a file with the same
    content is: the limits (a 50,000-character phrase took minutes to match), unquoted dates, repeated skills (the
    last stands, with a warning) and, given the library, unknown skill and award ids (ProfileDataError, naming each
    field) and role ids (UnknownIdError, with the closest)."""
    loaded = Loaded(dict(data), LineIndex(), name)
    try:
        profile = profile_from_loaded(loaded)
    except ValidationFailed as failed:
        raise ProfileDataError(failed.problems, name) from None
    if library is None:
        return profile
    for field in ("current_role", "target_role"):
        role_id = getattr(profile, field)
        try:
            if role_id:
                library.role(role_id)
        except (
            UnknownIdError
        ) as unknown:  # with the closest ids, as for role_id itself, and where it was given
            unknown.message = f"{field}: {unknown.message}"
            raise
    problems = _unknown_stated_ids(loaded, library)
    if problems:
        raise ProfileDataError(problems, name)
    return profile


def load_profile(path: Path, library: Library | None = None) -> Profile:
    """Load and validate a profile ('-': standard input); raises InputFileError or ValidationFailed naming file,
    line and field. Given the library, its role ids (current_role, target_role) are checked against it too."""
    loaded = load_stdin() if str(path) == "-" else load_path(path)
    profile = profile_from_loaded(loaded)
    if library is not None:
        problems = _unknown_roles(profile, loaded, library) + _unknown_stated_ids(loaded, library)
        if problems:
            raise ValidationFailed(problems, loaded.name)
    return profile


def _unknown_roles(profile: Profile, loaded: Loaded, library: Library) -> list[Problem]:
    """A role id the library does not hold, at its line, with the closest ids (as `--role` is answered)."""
    problems = []
    for field in ("current_role", "target_role"):
        role_id = getattr(profile, field)
        if role_id is None:
            continue
        try:
            library.role(role_id)
        except UnknownIdError as exc:
            line, column = loaded.index.locate((field,))
            problems.append(
                Problem(
                    loaded.name,
                    f"unknown role id {role_id!r}"
                    + (f"; did you mean {', '.join(exc.suggestions)}?" if exc.suggestions else "")
                    + " (`careergap roles list` shows every id)",
                    line,
                    column,
                    field,
                )
            )
    return problems


def _unknown_stated_ids(loaded: Loaded, library: Library) -> list[Problem]:
    """A skill or award named beside the words (`skill: budget-managment`, `qualification: mba`) that the library
    does not hold, at its line, with the closest ids: a typo or an id of another library is an error, as an unknown
    role id is, not a phrase silently left unmatched."""
    from careergap.library import closest

    data = loaded.data if isinstance(loaded.data, dict) else {}
    skills = [(path, entry) for path, entry in _entries(data, "skills") if isinstance(entry, dict)]
    # (where, which kind of id, the value written there)
    named: list[tuple[Path_, str, object]] = (
        [((*path, "skill"), "skill", entry.get("skill")) for path, entry in skills]
        + [
            ((*path, "also", i), "skill", other)  # `also: [procurement]`: the other skills the line names
            for path, entry in skills
            if isinstance(entry.get("also"), list)
            for i, other in enumerate(entry["also"])
        ]
        + [
            ((*path, "qualification"), "qualification", entry.get("qualification"))
            for path, entry in _entries(data, "qualifications")
            if isinstance(entry, dict)
        ]
    )
    problems = []
    for path, kind, stated in named:
        pool = library.skills if kind == "skill" else library.qualifications
        if not isinstance(stated, str) or not stated.strip() or stated.strip() in pool:
            continue
        if path[-1] == "skill" and stated.strip() == NOT_A_SKILL:  # said to name no skill: set aside
            continue
        near = closest(stated.strip(), pool)
        listing = "careergap skills list" + ("" if kind == "skill" else " --qualifications")
        line, column = loaded.index.locate(path)
        problems.append(
            Problem(
                loaded.name,
                f"{stated.strip()!r} is not a {kind} id in the library"
                + (f"; did you mean {' or '.join(near)}?" if near else ""),
                line,
                column,
                dotted(path),
                hint=f"`{listing}` shows every id; "
                + (
                    "write one of them there, or leave the id out (`also: []` when the line names no other skill)"
                    if path[-2] == "also"  # `also: [id]`, which confirm does not ask about again
                    else f"`careergap profile confirm {shlex.quote(loaded.name)}` offers the likeliest and writes "
                    "your choice"
                ),
            )
        )
    return problems


def _entries(data: dict[str, Any], section: str) -> list[tuple[Path_, Any]]:
    """(data path, entry) for each entry of a profile section written as a list or as a mapping of name to entry."""
    value = data.get(section)
    if isinstance(value, dict):
        return [((section, name), entry) for name, entry in value.items()]
    if isinstance(value, list):
        return [((section, i), entry) for i, entry in enumerate(value)]
    return []


def load_stdin() -> Loaded:
    """A profile piped in (``careergap analyse - < me.yaml``), named <stdin> in messages: JSON when it starts like
    JSON, else YAML; the size limit and the encoding checks of a file apply."""
    raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise InputFileError(
            Problem(STDIN_NAME, f"is over the {MAX_FILE_BYTES:,}-byte limit (MAX_FILE_BYTES)"),
            "a profile is one person's skills; split a team into a CSV for careergap batch",
        )
    text = _decode(raw, STDIN_NAME)  # refuses binary data and bad encodings, as for a file
    if text.lstrip("\ufeff \t\r\n").startswith(("{", "[")):
        return load_json_text(text, STDIN_NAME)
    return load_text(text, STDIN_NAME)


def profile_from_loaded(loaded: Loaded) -> Profile:
    """Validate loaded data as a Profile: limits first, then the model; duplicated skills are warned about."""
    skill_dupes = [p for p in loaded.duplicate_keys if (p.field or "").startswith("skills.")]
    errors = [p for p in loaded.duplicate_keys if p not in skill_dupes]
    if errors:
        raise ValidationFailed(errors, loaded.name)
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
    data = _dates_as_text(data)
    problems = check_limits(data, loaded)
    if problems:
        raise ValidationFailed(problems, loaded.name)
    try:
        profile = Profile.model_validate(data)
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
    return _without_duplicates(profile, loaded, skill_dupes)


def _line(loaded: Loaded, path: Path_) -> int | None:
    return loaded.index.locate(path)[0]


def _skill_items(data: dict[str, Any]) -> list[tuple[Path_, Any]]:
    """(data path, phrase) for each skill, in either form: the short form's phrase is its key."""
    short = isinstance(data.get("skills"), dict)
    return [
        (path, path[-1] if short else entry.get("name") if isinstance(entry, dict) else None)
        for path, entry in _entries(data, "skills")
    ]


def check_limits(data: dict[str, Any], loaded: Loaded | None = None) -> list[Problem]:
    """Refuse what would make matching slow or a value meaningless: too many skills or not_applicable entries, a
    huge phrase, name or note, infinite years. ``loaded`` locates each problem (without it: the data of ``assess``)."""
    loaded = loaded if loaded is not None else Loaded(data, LineIndex(), "profile")
    problems: list[Problem] = []
    items = _skill_items(data)
    excluded = _entries(data, "not_applicable")
    for section, count in (("skills", len(items)), ("not_applicable", len(excluded))):
        if count > MAX_PROFILE_SKILLS:
            what = "skills" if section == "skills" else "not_applicable entries"
            problems.append(
                Problem(
                    loaded.name,
                    f"{count:,} {what}, over the limit of {MAX_PROFILE_SKILLS:,} (MAX_PROFILE_SKILLS)",
                    _line(loaded, (section,)),
                    field=section,
                    hint="a profile lists one person's skills; split a team into a CSV for careergap batch",
                )
            )
    if problems:
        return problems
    texts: list[tuple[Path_, str, TextLimit, object]] = [
        (path, "skills", SKILL_PHRASE, phrase) for path, phrase in items
    ]
    texts.append((("name",), "name", PERSON_NAME, data.get("name")))
    texts += [
        (path, dotted(path), QUALIFICATION_NAME, entry.get("name") if isinstance(entry, dict) else entry)
        for path, entry in _entries(data, "qualifications")
    ]
    texts += [
        ((*path, "evidence"), dotted((*path, "evidence")), EVIDENCE_NOTE, entry.get("evidence"))
        for path, entry in _entries(data, "skills")
        if isinstance(entry, dict)
    ]
    for path, entry in excluded:
        if isinstance(entry, dict):  # the list form: {skill: ..., reason: ...}
            texts.append(
                ((*path, "skill"), dotted((*path, "skill")), NOT_APPLICABLE_PHRASE, entry.get("skill"))
            )
            texts.append(
                ((*path, "reason"), dotted((*path, "reason")), NOT_APPLICABLE_REASON, entry.get("reason"))
            )
        else:  # the short form: skill: reason
            texts.append((path, "not_applicable", NOT_APPLICABLE_PHRASE, path[-1]))
            field = dotted(path) if NOT_APPLICABLE_PHRASE.problem(path[-1]) is None else "not_applicable"
            texts.append((path, field, NOT_APPLICABLE_REASON, entry))
    for path, field, limit, text in texts:
        message = limit.problem(text)
        if message is not None:
            problems.append(Problem(loaded.name, message, _line(loaded, path), field=field, hint=limit.hint))
    years = data.get("years_experience")
    if isinstance(years, float) and not math.isfinite(years):
        problems.append(
            Problem(
                loaded.name,
                f"{years!r} is not a number of years (write e.g. 4 or 4.5)",
                _line(loaded, ("years_experience",)),
                field="years_experience",
            )
        )
    return problems


def _dates_as_text(value: Any) -> Any:
    """An unquoted date (``assessed_on: 2024-03-01``) is read by YAML as a date; use its ISO text."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {_dates_as_text(k): _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    return value


def _skill_key(name: str) -> str:
    return " ".join(name.casefold().split())


def _without_duplicates(profile: Profile, loaded: Loaded, exact: list[Problem]) -> Profile:
    """One entry per skill name (ignoring case and spacing); the last one written stands, as a repeated YAML key does.

    Why a warning and not an error: the file is still usable, but silently keeping one level would hide a
    contradiction from the person who wrote it; every line is named, with the level kept.
    """
    data = loaded.data if isinstance(loaded.data, dict) else {}
    paths = [path for path, _ in _skill_items(data)]
    by_key: dict[str, list[int]] = {}
    for i, skill in enumerate(profile.skills):
        by_key.setdefault(_skill_key(skill.name), []).append(i)
    keep = set(range(len(profile.skills)))
    for indexes in by_key.values():
        if len(indexes) < 2:
            continue
        kept = profile.skills[indexes[-1]]
        lines = [_line(loaded, paths[i]) if i < len(paths) else None for i in indexes]
        where = ", ".join(f"line {n}" for n in lines if n is not None)
        log.warning(
            Problem(
                loaded.name,
                f"skill {kept.name!r} is given {len(indexes)} times{f' ({where})' if where else ''}; the last one "
                f"(level {kept.level}) "
                "is used",
                lines[-1],
                field="skills",
            ).format()
        )
        keep -= set(indexes[:-1])
    for problem in exact:
        line = problem.line
        kept_name = (problem.field or "").removeprefix("skills.")
        level = next((s.level for s in profile.skills if s.name == kept_name.strip()), None)
        log.warning(
            Problem(
                loaded.name,
                f"skill {kept_name!r} is given twice ({problem.message}); the last one (level {level}) is used",
                line,
                field="skills",
            ).format()
        )
    if len(keep) == len(profile.skills):
        return profile
    return profile.model_copy(update={"skills": tuple(s for i, s in enumerate(profile.skills) if i in keep)})


def _written_key(loaded: Loaded, value: object) -> str | None:
    """How a skills key that YAML did not read as text (``True``, ``2024``) was written in the file ("yes")."""
    import yaml

    for path in loaded.index.positions:
        if len(path) == 2 and path[0] == "skills" and isinstance(path[1], str):
            try:
                read = yaml.safe_load(path[1])
            except yaml.YAMLError:
                continue
            if read == value and type(read) is type(value):
                return path[1]
    return None


def _remap(problem: Problem, loaded: Loaded, names: list[str]) -> Problem:
    field = problem.field or ""
    if not field.startswith("skills["):
        return problem
    index_text, _, rest = field[len("skills[") :].partition("]")
    if not index_text.isdigit() or int(index_text) >= len(names):
        return problem
    phrase = names[int(index_text)]
    sub = rest.lstrip(".")
    if not isinstance(phrase, str):  # `yes: 3`, `2024: 2`: YAML read the phrase as true/false or a number
        written = _written_key(loaded, phrase)
        line, column = loaded.index.locate(("skills", written)) if written is not None else (None, None)
        return Problem(
            problem.file,
            f"the phrase {written or phrase!r} is read as {yaml_read_as(phrase)}, not text; put it in quotes "
            f'("{written or phrase}": ...)',
            line,
            column,
            "skills",
        )
    path: tuple[str | int, ...] = ("skills", phrase) if sub in ("", "level") else ("skills", phrase, sub)
    line, column = loaded.index.locate(path)
    field_name = f"skills.{phrase}" if sub in ("", "level") else f"skills.{phrase}.{sub}"
    return Problem(problem.file, problem.message, line, column, field_name)
