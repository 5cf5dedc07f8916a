"""Load the role library (built-in files plus an organisation's own) and check it as a whole."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError
from rapidfuzz import process

from careergap.errors import InputFileError, Problem, UnknownIdError, ValidationFailed
from careergap.lexicon import LEXICON_FILE, check_lexicon, data_root, lexicon_text
from careergap.models.profile import NOT_A_SKILL
from careergap.models.roles import LibraryFile, Role, role_key
from careergap.models.vocabulary import Action, Qualification, Skill
from careergap.normalize import phrase_key
from careergap.words import yaml_read_as
from careergap.yamlio import LineIndex, Loaded, Path_, load_text, problems_from_validation, read_text

if TYPE_CHECKING:  # importlib.resources.abc is 3.11+; the name is only needed for typing
    import sys

    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

ROLES_DIR_ENV = "CAREERGAP_ROLES_DIR"
BUILTIN_PREFIX = "careergap:data/roles/"
YAML_SUFFIXES = (".yaml", ".yml")
# An organisation's phrase map lives beside its role files under one of these names (see docs/adding-vocabulary.md).
PHRASE_MAP_NAMES = ("phrase-map.yaml", "phrase-map.yml", "phrase-map.csv")
PHRASE_MAP_KEY = "phrase_map"
# A file whose top-level mapping has this key gives example phrasings of skills (data/roles/phrasings.yaml).
PHRASINGS_KEY = "phrasings"
# ... and this one, phrases that mean none of the library's skills (data/roles/unrelated.yaml): the skill
# classifier's "none of these" examples, so that "Budget airline cabin crew" is not forced onto a skill.
UNRELATED_KEY = "unrelated"


def natural_key(text: str) -> list[Any]:
    """Sort key that puts council-pro8 before council-pro10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


@dataclass(frozen=True)
class Origin:
    """Where an entity was defined, for error messages."""

    file: str
    path: Path_
    index: LineIndex

    def problem(self, message: str, *sub: str | int) -> Problem:
        full = (*self.path, *sub)
        line, column = self.index.locate(full)
        from careergap.yamlio import dotted

        return Problem(self.file, message, line, column, dotted(full))


@dataclass(frozen=True)
class MappedPhrase:
    """One entry of an organisation's phrase map: a phrase its people write, and the skill (or, for an award they
    list, the qualification) it always means."""

    phrase: str
    target: str  # a skill id ("none": the phrase names no library skill), or a qualification id for "qualification"
    where: str  # "file:line", for the report's explanation
    kind: Literal["skill", "qualification"] = "skill"


@dataclass
class Library:
    """Every skill, qualification, action and role that was loaded, by id, plus where each came from."""

    skills: dict[str, Skill] = field(default_factory=dict)
    qualifications: dict[str, Qualification] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    phrase_map: dict[str, MappedPhrase] = field(
        default_factory=dict
    )  # from phrase-map files beside role files
    # skill id -> example phrasings in people's own words (`phrasings:` files), built-in first, then the
    # organisation's; the meaning layer compares phrases with them (never an exact or alias match)
    phrasings: dict[str, list[str]] = field(default_factory=dict)
    # (skill id, phrasing, where) for every phrasing as written, for the cross-file checks (not cached)
    phrasing_sources: list[tuple[str, object, Origin]] = field(default_factory=list)
    # phrases in people's own words that mean none of the skills (`unrelated:` files): the meaning layer's
    # "none of these" examples (careergap.matching.classifier), never compared with a phrase as a wording
    unrelated: list[str] = field(default_factory=list)
    # (phrase, where) for every unrelated phrase as written, for the cross-file checks (not cached)
    unrelated_sources: list[tuple[str, Origin]] = field(default_factory=list)

    def role(self, role_id: str) -> Role:
        """The role with this id, or an UnknownIdError naming the closest ids. Ids are matched as people type
        them: case, spaces and underscores do not matter (``COUNCIL-PRO11``, ``council pro11``)."""
        found = self.roles.get(role_id)
        if found is None:
            wanted = role_key(role_id)
            found = next((role for rid, role in self.roles.items() if role_key(rid) == wanted), None)
        if found is None:
            raise UnknownIdError("role", role_id, closest(role_key(role_id), self.roles))
        return found

    def skill(self, skill_id: str) -> Skill:
        try:
            return self.skills[skill_id]
        except KeyError:
            raise UnknownIdError("skill", skill_id, closest(skill_id, self.skills)) from None

    def qualification(self, qualification_id: str) -> Qualification:
        try:
            return self.qualifications[qualification_id]
        except KeyError:
            raise UnknownIdError(
                "qualification", qualification_id, closest(qualification_id, self.qualifications)
            ) from None

    def implied_qualifications(self, held: Iterable[str]) -> set[str]:
        """Everything the held qualifications satisfy, following ``implies`` transitively."""
        out: set[str] = set()
        stack = list(held)
        while stack:
            current = stack.pop()
            if current in out:
                continue
            out.add(current)
            qualification = self.qualifications.get(current)
            if qualification is not None:
                stack.extend(qualification.implies)
        return out

    def narrower(self, skill_id: str) -> list[str]:
        """The skills that name this one as ``broader``."""
        return [sid for sid, skill in self.skills.items() if skill_id in skill.broader]

    def actions_for_skill(self, skill_id: str) -> list[Action]:
        return [action for action in self.actions.values() if skill_id in action.skills]

    def actions_for_qualification(self, qualification_id: str) -> list[Action]:
        return [a for a in self.actions.values() if a.qualification == qualification_id]


def closest(value: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """The ids nearest to a mistyped one; among equally close ids, the nearest grade number first
    ("council-pro15" suggests council-pro14 before council-pro10)."""
    found = process.extract(value, list(choices), limit=limit + 8, score_cutoff=60)
    wanted = _number(value)

    def order(item: tuple[str, float, int]) -> tuple[float, float]:
        number = _number(item[0])
        distance = abs(number - wanted) if number is not None and wanted is not None else 0.0
        return (-round(item[1]), distance)

    return [str(choice) for choice, _score, _ in sorted(found, key=order)[:limit]]


def _number(text: str) -> float | None:
    digits = re.findall(r"\d+", text)
    return float(digits[-1]) if digits else None


def builtin_root() -> Traversable | Path:
    """The built-in data folder (data/roles), found as careergap.lexicon finds it."""
    return data_root()


def _builtin_files() -> list[tuple[str, str]]:
    root = builtin_root()
    if not root.is_dir():
        raise InputFileError(
            Problem(BUILTIN_PREFIX, "the built-in role library is missing from the installed package"),
            "reinstall careergap with: pip install .",
        )
    out = [
        (BUILTIN_PREFIX + entry.name, entry.read_text(encoding="utf-8"))
        for entry in root.iterdir()
        if entry.name.endswith(YAML_SUFFIXES) and entry.name != LEXICON_FILE  # the matcher's words, not roles
    ]
    return sorted(out, key=lambda item: natural_key(item[0]))


# Limits on what a --roles-dir or CAREERGAP_ROLES_DIR may hold (documented in the README, "Limits"): a role library
# is a few dozen files; a folder with far more is the wrong folder (CAREERGAP_ROLES_DIR=/ would walk the disk).
MAX_FOLDER_ENTRIES = 20_000
MAX_ROLE_FILES = 2_000
MAX_ROLES = 5_000
MAX_REQUIREMENTS_PER_ROLE = 500
MAX_PHRASINGS = 20_000  # example phrasings and unrelated phrases in all: each is embedded once (about 10 ms)
MAX_PHRASING_CHARS = 300  # one example phrasing (as MAX_PHRASE_CHARS for a profile's phrase)


def _expand(paths: Iterable[Path], problems: list[Problem] | None = None) -> Iterator[Path]:
    """Role files in the given files and folders, each once (the same folder twice is read once).

    A folder is walked without following links, and refused past MAX_FOLDER_ENTRIES entries or MAX_ROLE_FILES
    role files; a sub-folder that cannot be read is a problem, not a silently missing role.
    """
    seen: set[Path] = set()
    for path in paths:
        try:
            key = path.expanduser().resolve()
        except (OSError, RuntimeError):  # a loop of symbolic links: reading it says so, with the name
            yield path
            continue
        if key in seen:
            continue
        seen.add(key)
        if not path.is_dir():
            yield path
            continue
        found: list[Path] = []
        entries = 0
        walk_errors: list[OSError] = []
        too_many = InputFileError(
            Problem(
                str(path),
                f"holds more than {MAX_FOLDER_ENTRIES:,} entries or {MAX_ROLE_FILES:,} role files "
                "(MAX_FOLDER_ENTRIES, MAX_ROLE_FILES); is it really a folder of role files?",
            ),
            "point --roles-dir or CAREERGAP_ROLES_DIR at the folder that holds your role files",
        )
        for folder, dirs, files in os.walk(path, onerror=walk_errors.append):
            dirs.sort()
            entries += len(dirs) + len(files)
            if entries > MAX_FOLDER_ENTRIES:
                raise too_many
            for file in files:
                candidate = Path(folder) / file
                # ".YAML" too: a role file is never left out for the case of its suffix
                if candidate.suffix.lower() not in YAML_SUFFIXES or file in PHRASE_MAP_NAMES:
                    continue
                if (
                    not candidate.is_file()
                ):  # a broken link, a link loop, a FIFO: said, never silently skipped
                    unread = Problem(
                        str(candidate),
                        "is not a file careergap can read (a broken or looping link, or a special file); "
                        "its roles are missing",
                    )
                    if problems is None:
                        raise InputFileError(unread)
                    problems.append(unread)
                    continue
                if candidate.resolve() not in seen:
                    seen.add(candidate.resolve())
                    found.append(candidate)
            if len(found) > MAX_ROLE_FILES:
                raise too_many
        for error in walk_errors:
            problem = Problem(
                str(error.filename or path),
                f"cannot read this folder: {error.strerror}; its role files are missing",
            )
            if problems is None:
                raise InputFileError(problem)
            problems.append(problem)
        yield from sorted(found, key=lambda p: natural_key(str(p)))


def _size_problems(library: Library) -> list[Problem]:
    """Refuse a library past MAX_ROLES roles, or a role past MAX_REQUIREMENTS_PER_ROLE requirements."""
    problems: list[Problem] = []
    if len(library.roles) > MAX_ROLES:
        problems.append(
            Problem(
                "the role library",
                f"{len(library.roles):,} roles, over the limit of {MAX_ROLES:,} (MAX_ROLES)",
            )
        )
    origins = [o for _, _, o in library.phrasing_sources] + [o for _, o in library.unrelated_sources]
    if len(origins) > MAX_PHRASINGS:
        origin = origins[MAX_PHRASINGS]
        problems.append(
            Problem(
                origin.file,
                f"{len(origins):,} example phrasings and unrelated phrases, over the limit of {MAX_PHRASINGS:,} "
                "(MAX_PHRASINGS); a few per skill is plenty",
                origin.index.locate(origin.path)[0],
                None,
                ".".join(map(str, origin.path[:2])),
            )
        )
    for rid, role in library.roles.items():
        if len(role.requirements) > MAX_REQUIREMENTS_PER_ROLE:
            problems.append(
                library.origins[("role", rid)].problem(
                    f"{len(role.requirements):,} requirements, over the limit of {MAX_REQUIREMENTS_PER_ROLE} "
                    "(MAX_REQUIREMENTS_PER_ROLE)",
                    "requirements",
                )
            )
    return problems


def roles_dirs_from_env() -> list[Path]:
    raw = os.environ.get(ROLES_DIR_ENV, "")
    return [Path(part) for part in raw.split(os.pathsep) if part.strip()]


def load_library(
    extra: Sequence[Path] = (),
    *,
    include_builtin: bool = True,
    check_levels: bool = False,
    cache: bool = True,
) -> Library:
    """Load and check the library. Raises ValidationFailed listing *every* problem found, in all files.

    ``check_levels`` adds the reading checks of ``check_level_readings`` (what `roles validate` runs): they judge
    how a level was read out of a document, which matters to an author, not to someone scoring a profile.
    With ``cache`` (the default) a library that passed every check before, from exactly the same files, is read
    back from the compiled cache (see ``careergap.libcache``); ``cache=False`` always parses and checks."""
    extra = tuple(extra)
    if cache and not check_levels:
        from careergap.libcache import load_cached

        library = load_cached(extra, include_builtin, lambda: _load_checked(extra, include_builtin, False))
    else:
        library = _load_checked(extra, include_builtin, check_levels)
    maps = [p / name for p in extra if p.is_dir() for name in PHRASE_MAP_NAMES if (p / name).is_file()]
    folders = [m.parent for m in maps]
    twice = sorted({str(f) for f in folders if folders.count(f) > 1})
    if twice:  # which one would win is not the organisation's to guess
        raise ValidationFailed(
            [
                Problem(folder, f"holds more than one phrase map ({', '.join(PHRASE_MAP_NAMES)}); keep one")
                for folder in twice
            ],
            "the phrase map",
        )
    if maps:  # read on every run (never cached): small, and an organisation edits it often
        library.phrase_map = load_phrase_maps(maps, library)
    return library


def _load_checked(extra: Sequence[Path], include_builtin: bool, check_levels: bool) -> Library:
    problems: list[Problem] = []
    library = Library()
    sources: list[tuple[str, str | None, InputFileError | None]] = []
    if include_builtin:
        sources.extend((name, text, None) for name, text in _builtin_files())
    for path in _expand(extra, problems):
        if not path.exists():
            problems.append(Problem(str(path), "no such file or directory"))
            continue
        try:
            sources.append((str(path), read_text(path), None))
        except InputFileError as exc:
            problems.append(exc.problem)
    for name, text, _ in sources:
        assert text is not None
        try:
            loaded = load_text(text, name)
        except InputFileError as exc:
            problems.append(exc.problem)
            continue
        if isinstance(loaded.data, dict) and LEXICON_KEY in loaded.data:
            problems.extend(_lexicon_file_problems(loaded, text))
            continue
        _add_file(library, loaded, problems)
    problems.extend(_size_problems(library))
    problems.extend(check_library(library))
    if check_levels:
        problems.extend(check_level_readings(library))
        if include_builtin:
            problems.extend(check_lexicon(skills=library.skills))
    if problems:
        raise ValidationFailed(problems, "the role library")
    return library


def load_phrase_maps(paths: Sequence[Path], library: Library) -> dict[str, MappedPhrase]:
    """Read phrase maps (phrase -> skill id or qualification id), later files overriding earlier ones, checked
    against the library. A phrase mapped to a skill id is that skill wherever it is written as a skill; one mapped
    to a qualification id is that award wherever it is listed as a qualification (the library's ids are unique
    across both, which `load_library` checks); one mapped to ``none`` names no library skill, and a skill line
    written so is set aside with a note, as a profile's ``skill: none`` is (a qualification is never set aside).

    YAML: ``phrase_map: {"Managing a team of 8": people-management, ...}``. CSV: a header with ``phrase`` and
    ``skill`` columns (other columns are ignored; a row with an empty skill is skipped, so a `--phrases-report`
    file can be filled in and used as it is; the ``skill`` column takes a qualification id too). Raises
    ValidationFailed naming the file, line and field of every bad entry: an id that is neither a skill nor a
    qualification (with the closest ids), an empty phrase, or one phrase mapped to two ids.
    """
    problems: list[Problem] = []
    out: dict[str, MappedPhrase] = {}
    for path in paths:
        entries = _phrase_map_entries(path, problems)
        mine: dict[str, tuple[MappedPhrase, str]] = {}
        for phrase, skill, line, field_name in entries:
            where = f"{path}:{line}" if line else str(path)
            if not phrase.strip():
                problems.append(Problem(str(path), "empty phrase", line, None, field_name))
                continue
            if skill not in library.skills and skill not in library.qualifications and skill != NOT_A_SKILL:
                near = closest(skill, [*library.skills, *library.qualifications, NOT_A_SKILL])
                problems.append(
                    Problem(
                        str(path),
                        f"unknown skill or qualification id {skill!r} for {phrase!r}"
                        + (f"; did you mean {', '.join(near)}?" if near else "")
                        + " (`careergap skills list` shows every skill id, `careergap skills list --qualifications`"
                        f" every qualification id; {NOT_A_SKILL!r} says the phrase names no library skill)",
                        line,
                        None,
                        field_name if field_name == "skill" else f"phrase_map.{phrase}",
                    )
                )
                continue
            k = phrase_key(phrase)
            earlier = mine.get(k)
            if earlier is not None and earlier[0].target != skill:
                problems.append(
                    Problem(
                        str(path),
                        f"{phrase!r} reads the same as {earlier[0].phrase!r} ({earlier[1]}), which is mapped to "
                        f"{earlier[0].target!r}, not {skill!r}; keep one",
                        line,
                        None,
                        field_name if field_name == "skill" else f"phrase_map.{phrase}",
                    )
                )
                continue
            kind: Literal["skill", "qualification"] = (
                "qualification" if skill in library.qualifications else "skill"
            )
            entry = MappedPhrase(phrase.strip(), skill, where, kind)
            mine[k] = (entry, where)
            out[k] = entry
    if problems:
        raise ValidationFailed(problems, "the phrase map")
    return out


def _phrase_map_entries(path: Path, problems: list[Problem]) -> list[tuple[str, str, int | None, str]]:
    """(phrase, skill id, line, field) for every entry of one phrase map file."""
    text = read_text(path)
    if path.suffix.lower() == ".csv":
        import csv
        import io

        reader = csv.reader(io.StringIO(text))
        header = [h.strip().casefold() for h in next(reader, [])]
        if "phrase" not in header or "skill" not in header:
            problems.append(
                Problem(str(path), "a phrase map CSV needs a header with 'phrase' and 'skill' columns", 1)
            )
            return []
        twice = [name for name in ("phrase", "skill") if header.count(name) > 1]
        if twice:
            problems.append(
                Problem(str(path), f"the header names the {twice[0]!r} column twice; keep one", 1)
            )
            return []
        at_phrase, at_skill = header.index("phrase"), header.index("skill")
        rows: list[tuple[str, str, int | None, str]] = []
        last = reader.line_num
        for row in reader:
            first, last = last + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            raw_phrase = row[at_phrase] if at_phrase < len(row) else ""
            raw_skill = row[at_skill] if at_skill < len(row) else ""
            phrase, skill = raw_phrase.strip(), raw_skill.strip()
            if "\n" in raw_phrase or "\n" in raw_skill:
                # an unclosed quote reads every line after it into one cell: say so rather than lose those rows
                problems.append(
                    Problem(
                        str(path),
                        "a quoted cell starts on this line and "
                        + (f"runs on to line {last}" if last > first else "is never closed")
                        + ": an unclosed quote? (a phrase or skill id is one line)",
                        first,
                        None,
                        "phrase" if "\n" in raw_phrase else "skill",
                    )
                )
                continue
            beyond = row[len(header) :]  # empty trailing cells are only a spreadsheet's way of saving
            if any(cell.strip() for cell in beyond):
                problems.append(
                    Problem(
                        str(path),
                        f"the row has {len(row)} cells but the header {len(header)}: a comma in a phrase? put "
                        'the phrase in double quotes ("Budgets, forecasts")',
                        first,
                    )
                )
                continue
            if skill:
                rows.append((phrase, skill, last, "skill" if phrase else "phrase"))
        return rows
    loaded = load_text(text, str(path))
    problems.extend(loaded.duplicate_keys)
    data = loaded.data
    if isinstance(data, dict) and PHRASE_MAP_KEY in data and data[PHRASE_MAP_KEY] is None:
        return []  # `phrase_map:` with nothing under it yet: an empty map
    if not isinstance(data, dict) or not isinstance(data.get(PHRASE_MAP_KEY), dict):
        line, column = loaded.index.locate(())
        problems.append(
            Problem(
                str(path),
                "expected `phrase_map:` holding a mapping of phrase -> skill id, "
                'e.g. phrase_map: {"Managing a team of 8": people-management}',
                line,
                column,
                "phrase_map",
            )
        )
        return []
    # a typo'd or misplaced key is said, as in role files and profiles
    for other in (k for k in data if k != PHRASE_MAP_KEY):
        line, column = loaded.index.locate((other,))
        problems.append(
            Problem(
                str(path),
                f"unknown key {other!r}: a phrase map holds only `phrase_map:`",
                line,
                column,
                other,
            )
        )
    rows = []
    for phrase, skill in data[PHRASE_MAP_KEY].items():
        line, _ = loaded.index.locate((PHRASE_MAP_KEY, phrase))
        if not isinstance(phrase, str):
            problems.append(
                Problem(
                    str(path),
                    f"the phrase {phrase!r} is read as {yaml_read_as(phrase)}, not text; put it in quotes "
                    '(e.g. "yes": teamwork, "12:30": ...)',
                    line,
                    None,
                    "phrase_map",
                )
            )
            continue
        if not isinstance(skill, str):
            problems.append(
                Problem(
                    str(path),
                    f"expected a skill id (text) for {phrase!r}, got {type(skill).__name__}",
                    line,
                    None,
                    f"phrase_map.{phrase}",
                )
            )
            continue
        rows.append((phrase, skill.strip(), line, f"phrase_map.{phrase}"))
    return rows


LEXICON_KEY = "lexicon"


def _lexicon_file_problems(loaded: Loaded, text: str) -> list[Problem]:
    """A file holding ``lexicon:`` among role files (``roles validate data/roles/lexicon.yaml``, or a copy of the
    built-in folder): the matcher's word lists are checked as such, and a copy is said to be unused, since careergap
    reads them from its own data/roles/lexicon.yaml only (an organisation adds words as aliases and phrasings)."""
    problems = check_lexicon(text, loaded.name)
    if text != lexicon_text():
        line, column = loaded.index.locate((LEXICON_KEY,))
        problems.append(
            Problem(
                loaded.name,
                "the matcher's word lists are read from careergap's own data/roles/lexicon.yaml only; this copy "
                "would not be used",
                line,
                column,
                LEXICON_KEY,
                "an organisation adds its words as skill aliases and phrasings (docs/adding-vocabulary.md); "
                "to change the lexicon itself, edit data/roles/lexicon.yaml in a checkout of careergap",
            )
        )
    return problems


def _add_file(library: Library, loaded: Loaded, problems: list[Problem]) -> None:
    library.files.append(loaded.name)
    problems.extend(loaded.duplicate_keys)
    if loaded.data is None:
        problems.append(Problem(loaded.name, "file is empty", 1, None, None))
        return
    if not isinstance(loaded.data, dict):
        line, column = loaded.index.locate(())
        problems.append(
            Problem(
                loaded.name,
                f"expected a mapping with any of skills, qualifications, actions, roles, phrasings, unrelated; got {type(loaded.data).__name__}",
                line,
                column,
            )
        )
        return
    if PHRASINGS_KEY in loaded.data:
        _add_phrasings(library, loaded, problems)
    if UNRELATED_KEY in loaded.data:
        _add_unrelated(library, loaded, problems)
    if PHRASE_MAP_KEY in loaded.data:  # a phrase map under another name would be read as roles and ignored
        line, column = loaded.index.locate((PHRASE_MAP_KEY,))
        problems.append(
            Problem(
                loaded.name,
                f"a phrase map is read from a file named {' or '.join(PHRASE_MAP_NAMES)} in the role folder, "
                "not from a role file",
                line,
                column,
                PHRASE_MAP_KEY,
                "rename the file, or give it with --phrase-map FILE",
            )
        )
    # Validate item by item so one bad role does not hide the rest of the file.
    try:
        LibraryFile.model_validate(
            {
                k: v
                for k, v in loaded.data.items()
                if k not in LibraryFile.model_fields
                and k not in (PHRASINGS_KEY, UNRELATED_KEY, PHRASE_MAP_KEY)
            }
        )
    except ValidationError as exc:
        problems.extend(problems_from_validation(exc, loaded))
    stores: dict[str, tuple[dict[str, Any], type[Any]]] = {
        "skills": (library.skills, Skill),
        "qualifications": (library.qualifications, Qualification),
        "actions": (library.actions, Action),
        "roles": (library.roles, Role),
    }
    for key, (store, model) in stores.items():
        items = loaded.data.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            line, column = loaded.index.locate((key,))
            problems.append(Problem(loaded.name, f"must be a list of {key}", line, column, key))
            continue
        for i, raw in enumerate(items):
            try:
                item = model.model_validate(raw)
            except ValidationError as exc:
                problems.extend(problems_from_validation(exc, loaded, (key, i)))
                continue
            origin = Origin(loaded.name, (key, i), loaded.index)
            kind = key.rstrip("s")
            # an id is defined once; and, since a phrase map names a skill or an award by its id alone, a skill and
            # a qualification never share one
            other = {"skill": "qualification", "qualification": "skill"}.get(kind)
            clash = (kind, item.id) if item.id in store else (other, item.id) if other else None
            if clash in library.origins:
                first = library.origins[clash]
                first_line, _ = first.index.locate(first.path)
                where = first.file + (f":{first_line}" if first_line else "")
                problems.append(
                    origin.problem(
                        f"duplicate {kind} id {item.id!r} (already defined in {where})"
                        if clash[0] == kind
                        else f"{kind} id {item.id!r} is already a {other} id ({where}); give one of them another id",
                        "id",
                    )
                )
                continue
            store[item.id] = item
            library.origins[(kind, item.id)] = origin


def _add_phrasings(library: Library, loaded: Loaded, problems: list[Problem]) -> None:
    """Read a `phrasings:` mapping (skill id -> list of example phrasings); the shape is checked here, the skill
    ids and phrasings shared between skills once every file is read (``_phrasing_problems``)."""
    body = loaded.data[PHRASINGS_KEY]
    if not isinstance(body, dict):
        line, column = loaded.index.locate((PHRASINGS_KEY,))
        problems.append(
            Problem(
                loaded.name,
                "expected a mapping of skill id -> list of example phrasings, "
                'e.g. phrasings: {budget-management: ["kept spending within budget"]}',
                line,
                column,
                PHRASINGS_KEY,
            )
        )
        return
    for skill_id, texts in body.items():
        origin = Origin(loaded.name, (PHRASINGS_KEY, str(skill_id)), loaded.index)
        if not isinstance(texts, list) or not texts:
            problems.append(
                origin.problem(
                    "expected a non-empty list of example phrasings (text), "
                    f"got {'an empty list' if texts == [] else type(texts).__name__}"
                )
            )
            continue
        for i, text in enumerate(texts):
            wrong = _phrasing_text_problem(text)
            if wrong is not None:
                problems.append(origin.problem(wrong, i))
                continue
            assert isinstance(text, str)
            library.phrasing_sources.append(
                (str(skill_id), text, Origin(loaded.name, (*origin.path, i), loaded.index))
            )
            mine = library.phrasings.setdefault(str(skill_id), [])
            if text.strip() not in mine:
                mine.append(text.strip())


def _phrasing_text_problem(text: object, what: str = "phrasing") -> str | None:
    """What is wrong with one example phrasing (or unrelated phrase: `what`) as written, or None: it must be one line
    of words, no longer than MAX_PHRASING_CHARS."""
    if not isinstance(text, str) or not text.strip():
        return f"expected a {what} in words (text), got {text!r} ({type(text).__name__})"
    if len(text) > MAX_PHRASING_CHARS:
        return (
            f"{len(text):,} characters, over the limit of {MAX_PHRASING_CHARS} (MAX_PHRASING_CHARS); "
            f"write a {what} as a person would write one line"
        )
    return None


def _add_unrelated(library: Library, loaded: Loaded, problems: list[Problem]) -> None:
    """Read an `unrelated:` list (phrases that mean none of the skills); the phrases shared with a skill's
    phrasings are found once every file is read (``_phrasing_problems``)."""
    body = loaded.data[UNRELATED_KEY]
    if not isinstance(body, list) or not body:
        line, column = loaded.index.locate((UNRELATED_KEY,))
        problems.append(
            Problem(
                loaded.name,
                "expected a non-empty list of phrases that mean none of the library's skills, "
                'e.g. unrelated: ["budget airline cabin crew", "football coaching at weekends"]',
                line,
                column,
                UNRELATED_KEY,
            )
        )
        return
    seen = set(library.unrelated)  # a set: a list's `in` made reading a thousand lines quadratic
    for i, text in enumerate(body):
        origin = Origin(loaded.name, (UNRELATED_KEY, i), loaded.index)
        wrong = _phrasing_text_problem(text, "phrase")
        if wrong is not None:
            problems.append(origin.problem(wrong))
            continue
        assert isinstance(text, str)
        library.unrelated_sources.append((text, origin))
        if text.strip() not in seen:
            seen.add(text.strip())
            library.unrelated.append(text.strip())


def _phrasing_problems(library: Library) -> list[Problem]:
    """Phrasings for a skill that does not exist, or one phrasing given for two skills (which would it mean?)."""
    problems: list[Problem] = []
    first: dict[str, tuple[str, object, Origin]] = {}
    for skill_id, text, origin in library.phrasing_sources:
        if skill_id not in library.skills:
            near = closest(skill_id, library.skills)
            hint = f" (did you mean {' or '.join(near)}?)" if near else ""
            problems.append(
                Origin(origin.file, origin.path[:2], origin.index).problem(
                    f"unknown skill id {skill_id!r}{hint}; phrasings belong to a skill of the library"
                )
            )
            continue
        k = phrase_key(str(text))
        earlier = first.setdefault(k, (skill_id, text, origin))
        if earlier[0] != skill_id:
            where = f"{earlier[2].file}:{earlier[2].index.locate(earlier[2].path)[0]}"
            problems.append(
                origin.problem(
                    f"the phrasing {text!r} reads the same as {earlier[1]!r} ({where}), a phrasing of "
                    f"{earlier[0]!r}; a phrasing must belong to one skill, keep one"
                )
            )
    for text, origin in library.unrelated_sources:
        shared = first.get(phrase_key(text))
        if shared is not None:
            where = f"{shared[2].file}:{shared[2].index.locate(shared[2].path)[0]}"
            problems.append(
                origin.problem(
                    f"the phrase {text!r} is given as meaning none of the skills, but it reads the same as "
                    f"{shared[1]!r} ({where}), a phrasing of {shared[0]!r}; keep one"
                )
            )
    # an unknown id is reported once per skill key, not once per phrasing
    return list(dict.fromkeys(problems))


def check_library(library: Library) -> list[Problem]:
    """Cross-file checks: every id referred to exists, no skill twice in a role, no promotion cycles."""
    problems: list[Problem] = []

    def unknown(kind: str, value: str, choices: Iterable[str]) -> str:
        near = closest(value, choices)
        hint = f" (did you mean {' or '.join(near)}?)" if near else ""
        return f"unknown {kind} id {value!r}{hint}"

    for qid, qualification in library.qualifications.items():
        origin = library.origins[("qualification", qid)]
        for j, implied in enumerate(qualification.implies):
            if implied == qid:
                problems.append(origin.problem("a qualification cannot imply itself", "implies", j))
            elif implied not in library.qualifications:
                problems.append(
                    origin.problem(unknown("qualification", implied, library.qualifications), "implies", j)
                )
    for sid, skill in library.skills.items():
        origin = library.origins[("skill", sid)]
        if sid == NOT_A_SKILL:
            problems.append(
                origin.problem(
                    f"the skill id {NOT_A_SKILL!r} is reserved: a profile's `skill: {NOT_A_SKILL}` says a phrase "
                    "names no library skill; choose another id",
                    "id",
                )
            )
        for j, wider in enumerate(skill.broader):
            if wider == sid:
                problems.append(origin.problem("a skill cannot be broader than itself", "broader", j))
            elif wider not in library.skills:
                problems.append(origin.problem(unknown("skill", wider, library.skills), "broader", j))
    problems.extend(_link_cycles(library, "skill", "broader", "a skill cannot contain itself"))
    problems.extend(
        _link_cycles(library, "qualification", "implies", "two awards cannot each satisfy the other")
    )
    frameworks = {role.framework for role in library.roles.values()}  # what an action's `frameworks` may name
    for aid, action in library.actions.items():
        origin = library.origins[("action", aid)]
        for j, skill_id in enumerate(action.skills):
            if skill_id not in library.skills:
                problems.append(origin.problem(unknown("skill", skill_id, library.skills), "skills", j))
        if action.qualification and action.qualification not in library.qualifications:
            problems.append(
                origin.problem(
                    unknown("qualification", action.qualification, library.qualifications), "qualification"
                )
            )
        for j, framework in enumerate(action.frameworks):
            if framework not in frameworks:
                near = closest(framework, frameworks)
                hint = (
                    f"did you mean {' or '.join(near)}?"
                    if near
                    else f"known: {', '.join(sorted(frameworks))}"
                )
                problems.append(
                    origin.problem(f"no loaded role has framework {framework!r} ({hint})", "frameworks", j)
                )
    for rid, role in library.roles.items():
        origin = library.origins[("role", rid)]
        seen: dict[str, int] = {}
        for j, requirement in enumerate(role.requirements):
            if requirement.skill not in library.skills:
                problems.append(
                    origin.problem(
                        unknown("skill", requirement.skill, library.skills), "requirements", j, "skill"
                    )
                )
            if requirement.skill in seen:
                problems.append(
                    origin.problem(
                        f"skill {requirement.skill!r} is already required by requirements[{seen[requirement.skill]}]; "
                        "merge them into one requirement",
                        "requirements",
                        j,
                        "skill",
                    )
                )
            seen.setdefault(requirement.skill, j)
        for j, qreq in enumerate(role.qualifications):
            for k, qid in enumerate(qreq.accepted):
                if qid not in library.qualifications:
                    sub: tuple[str | int, ...] = ("qualification",) if k == 0 else ("alternatives", k - 1)
                    problems.append(
                        origin.problem(
                            unknown("qualification", qid, library.qualifications), "qualifications", j, *sub
                        )
                    )
        linked: dict[str, str] = {}  # role id -> where it is linked first ("next[0]")
        for kind in ("next", "related"):
            for j, link in enumerate(getattr(role, kind)):
                if link.role in linked:  # twice, or both a promotion and a lateral move: which is it?
                    problems.append(
                        origin.problem(
                            f"{link.role!r} is already linked at {linked[link.role]}; link a role once",
                            kind,
                            j,
                            "role",
                        )
                    )
                    continue
                linked[link.role] = f"{kind}[{j}]"
                if link.role == rid:
                    problems.append(origin.problem("a role cannot link to itself", kind, j, "role"))
                elif link.role not in library.roles:
                    problems.append(
                        origin.problem(unknown("role", link.role, library.roles), kind, j, "role")
                    )
    problems.extend(_promotion_cycles(library))
    problems.extend(_alias_problems(library))
    problems.extend(_phrasing_problems(library))
    return problems


def _alias_problems(library: Library) -> list[Problem]:
    """Aliases that can never match (only filler words) or that name two different skills or qualifications."""
    from careergap.normalize import key

    problems: list[Problem] = []
    for kind, store in (("skill", library.skills), ("qualification", library.qualifications)):
        keep_digits = kind == "qualification"
        owners: dict[str, tuple[str, str]] = {}
        for item_id, item in store.items():
            origin = library.origins[(kind, item_id)]
            texts = [
                ("id", item_id.replace("-", " ")),
                ("name", item.name),
                *(("aliases", a) for a in item.aliases),
            ]
            for j, (where, text) in enumerate(texts):
                sub: tuple[str | int, ...] = ("aliases", j - 2) if where == "aliases" else (where,)
                k = key(text, keep_digits)
                if not k:
                    problems.append(
                        origin.problem(f"{text!r} has no words careergap can match (only filler words)", *sub)
                    )
                    continue
                other = owners.get(k)
                if where == "id":
                    continue  # ids are slugs, not phrases people write; an overlap there is harmless
                if other is not None and other[0] != item_id:
                    problems.append(
                        origin.problem(
                            f"{text!r} reads the same as {other[1]!r} of {kind} {other[0]!r}; a phrase could not tell them apart",
                            *sub,
                        )
                    )
                owners.setdefault(k, (item_id, text))
    return problems


def _link_cycles(
    library: Library, kind: Literal["skill", "qualification"], field: str, why: str
) -> list[Problem]:
    """A skill may not end up broader than itself, nor a qualification imply itself, through a chain of links."""
    items: Mapping[str, Any] = library.skills if kind == "skill" else library.qualifications
    problems: list[Problem] = []
    for start in items:
        seen: set[str] = set()
        stack = [w for w in getattr(items[start], field) if w != start]
        while stack:
            current = stack.pop()
            if current == start:
                problems.append(
                    library.origins[(kind, start)].problem(
                        f"{field} links lead back to {start!r}; {why}", field
                    )
                )
                break
            if current in seen or current not in items:
                continue
            seen.add(current)
            stack.extend(getattr(items[current], field))
    return problems


def _promotion_cycles(library: Library) -> list[Problem]:
    """Report each cycle in the ``next`` links once, at the link that closes it."""
    problems: list[Problem] = []
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    stack: list[str] = []

    # Iterative depth-first search (a 1,000-role chain must not hit the recursion limit).
    for root in library.roles:
        if root in state:
            continue
        state[root] = 1
        stack.append(root)
        pending: list[Iterator[tuple[int, Any]]] = [iter(enumerate(library.roles[root].next))]
        while pending:
            rid = stack[-1]
            step = next(pending[-1], None)
            if step is None:
                pending.pop()
                stack.pop()
                state[rid] = 2
                continue
            j, link = step
            target = link.role
            if target not in library.roles:
                continue
            if state.get(target) == 1:
                cycle = [*stack[stack.index(target) :], target]
                problems.append(
                    library.origins[("role", rid)].problem(
                        "promotion links form a cycle: " + " -> ".join(cycle), "next", j, "role"
                    )
                )
            elif target not in state:
                state[target] = 1
                stack.append(target)
                pending.append(iter(enumerate(library.roles[target].next)))
    return problems


# The rubric of LEVELS (docs/role-format.md): the words in a document that point to each level. A reading
# (`level_source.inferred`) must name a word of its own level, or say why it departs ("departs from the
# rubric: ..."). Framework notes count as rubric words: SFIA level 6 work activities are 4; ESCO's ISCO skill
# level 4 is 3 for core skills and 2 for optional methods knowledge.
RUBRIC: dict[int, tuple[str, ...]] = {
    1: (
        "awareness of",
        "understanding of",
        "appreciation of",
        "aware of",
        "knows",
        "may support",
        "under direction",
    ),
    2: (
        "familiar with",
        "apply",
        "use",
        "carry out routine",
        "contribute to",
        "support",
        "prepare",
        "assist",
        "isco skill level 4",
    ),
    3: (
        "proficient in",
        "manage",
        "lead delivery of",
        "plan and carry out",
        "monitor and control",
        "resolve",
        "adapt",
        "guide colleagues",
        "isco skill level 4",
    ),
    4: (
        "lead the overall",
        "establish",
        "design",
        "set direction",
        "influence senior",
        "advise senior",
        "advice to senior",
        "provide professional recommendations across the organisation",
        "highly developed knowledge",
        "sfia level 6",
        "improve the practice",
    ),
}
DEPARTS = "departs from the rubric"
HOLDS = "a level never falls"  # LEVELS: a level carried up a ladder with no stronger wording keeps its value
_SUFFIXES = ("ing", "ies", "es", "ed", "ly", "s", "e")


def _stem(word: str) -> str:
    """A crude stem, enough to let "manages", "managing" and "managed" read as "manage" (not "management")."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            return word[: -len(suffix)]
    return word


def _stems(text: str) -> list[str]:
    return [_stem(word) for word in re.findall(r"[a-z0-9]+", text.lower())]


_RUBRIC_STEMS = {level: [_stems(phrase) for phrase in phrases] for level, phrases in RUBRIC.items()}


def rubric_words_in(reading: str, level: int) -> list[str]:
    """The rubric phrases of ``level`` that a reading uses; one extra word may sit between a phrase's words
    ("lead on delivery of" is "lead delivery of").

    >>> rubric_words_in("read 'manages allocated budgets' as 3", 3)
    ['manage']
    """
    stems = _stems(reading)
    return [
        phrase
        for phrase, phrase_stems in zip(RUBRIC.get(level, ()), _RUBRIC_STEMS.get(level, []), strict=True)
        if any(_follows(stems, start, phrase_stems) for start in range(len(stems)))
    ]


def _follows(stems: list[str], start: int, phrase: list[str]) -> bool:
    """Whether ``phrase`` starts at ``start``, each next word at most one word further on."""
    if not phrase or stems[start] != phrase[0]:
        return False
    position = start
    for word in phrase[1:]:
        window = stems[position + 1 : position + 3]
        if word not in window:
            return False
        position += 1 + window.index(word)
    return True


def _reads_by_rubric(reading: str, level: int) -> bool:
    lowered = reading.lower()
    return DEPARTS in lowered or HOLDS in lowered or bool(rubric_words_in(reading, level))


def check_level_readings(library: Library) -> list[Problem]:
    """Author checks on every requirement's level: a depth the document states is the level (a stated
    "Proficient in" is 3, never 4), and a level read out of wording names a rubric word of that level, says
    why it departs from the rubric, or holds a lower grade's level ("a level never falls")."""
    from careergap.models.scale import LevelError, parse_level

    problems: list[Problem] = []
    for rid, role in library.roles.items():
        origin = library.origins[("role", rid)]
        for j, requirement in enumerate(role.requirements):
            stated, reading = requirement.level_source.stated, requirement.level_source.inferred
            if stated is not None:
                try:
                    depth = parse_level(stated)
                except LevelError:
                    continue  # a depth word careergap does not know: nothing to compare
                if depth != requirement.level:
                    problems.append(
                        origin.problem(
                            f"level {requirement.level} overrides the stated depth {stated!r} ({depth}); "
                            f"a stated depth is the level: use {depth}",
                            "requirements",
                            j,
                            "level",
                        )
                    )
            elif reading is not None and not _reads_by_rubric(reading, requirement.level):
                words = ", ".join(repr(w) for w in RUBRIC.get(requirement.level, ()))
                problems.append(
                    origin.problem(
                        f"the reading {reading!r} names no rubric word of level {requirement.level} "
                        f"(level {requirement.level} words: {words}); quote the wording that supports "
                        f"the level, or say why it '{DEPARTS}: ...'",
                        "requirements",
                        j,
                        "level_source",
                    )
                )
    return problems
