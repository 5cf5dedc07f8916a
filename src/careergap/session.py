"""The interactive self-assessment as a pure state machine: questions from a role, answers applied to a profile.

No I/O here: the CLI reads lines, hands them to :meth:`Session.submit`, prints what comes back and writes
:meth:`Session.file_text` to disk after every change. That split keeps the whole walk-through testable without a
terminal, and it is why progress lives in the profile itself (plus one comment line) rather than in memory.

Why the progress line is a YAML comment: a profile is strict (unknown keys are errors), and a file written by
``assess`` must stay an ordinary profile that every other command accepts. What was *answered* is read back from
the profile's own data (a rating for the skill, a qualification held, years given); only what cannot be seen
in the data (questions skipped, qualifications answered "no") is kept in the ``# careergap-assess:`` comment.
If that comment is lost, skipped questions are simply asked again.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal, Protocol

import yaml

from careergap.analysis import Analyser
from careergap.dates import report_date
from careergap.errors import ProfileDataError
from careergap.library import Library, natural_key
from careergap.models.base import MAX_YEARS
from careergap.models.profile import Profile, Rater
from careergap.models.roles import Importance, Role
from careergap.models.scale import (
    LEVEL_DESCRIPTIONS,
    LEVEL_LABELS,
    VALID_LEVELS_TEXT,
    LevelError,
    parse_level,
)
from careergap.profiles import (
    EVIDENCE_NOTE,
    NOT_APPLICABLE_REASON,
    QUALIFICATION_NAME,
    check_limits,
)
from careergap.words import clean_text, plural, shown, years

QuestionKind = Literal["skill", "qualification", "experience"]

RATING_FIELDS: Mapping[str, str] = {"self": "level", "coach": "coach_level", "manager": "manager_level"}
PROGRESS_MARK = "# careergap-assess:"
HEADER_PREFIX = "# careergap assess"
_KIND_PLURAL = {"knowledge": "knowledge", "skill": "skills", "behaviour": "behaviours"}
_KIND_ORDER = {"knowledge": 0, "skill": 1, "behaviour": 2}
_PROFILE_KEYS = (
    "name",
    "current_role",
    "target_role",
    "years_experience",
    "qualifications",
    "assessed_on",
    "skills",
    "not_applicable",
    "actions",
)
_SKILL_KEYS = ("name", "level", "coach_level", "manager_level", "evidence")
QUALIFICATIONS_GROUP = "Qualifications and experience"

KEYS_HELP = (
    "Keys: type a level (0-4, or a word: none, aware, familiar, proficient, expert);\n"
    "  Enter  keep the current answer (when there is one)\n"
    "  s      skip this question for now (asked again when you resume)\n"
    "  b      back to the previous question\n"
    "  na     not applicable to this person (you will be asked why)\n"
    "  q      save and quit (continue later with --resume)\n"
    "  ?      this help\n"
    "Your answers are saved after every answer."
)


# ----------------------------------------------------------------------------- questions
@dataclass(frozen=True)
class LevelGuide:
    """What one level of the scale looks like for one skill: the scale's words plus an example from the library."""

    level: int
    label: str
    description: str
    is_required: bool = False
    example: str | None = None
    example_role: str | None = None


@dataclass(frozen=True)
class Question:
    """One step of the walk-through: a skill requirement, a qualification requirement or the experience asked for."""

    key: str
    kind: QuestionKind
    group: str
    title: str
    plain: str
    importance: Importance
    expects: str
    required: int | None = None
    required_years: float | None = None
    level_guide: tuple[LevelGuide, ...] = ()
    phrase: str | None = None
    accepted: tuple[str, ...] = ()
    level_inferred: bool = False


class Matcher(Protocol):
    """How the session recognises what a profile already says (phrases -> library ids)."""

    def skill_of(self, phrase: str) -> str | None: ...

    def others_of(self, phrase: str, skill: str, said: tuple[str, ...] | None) -> tuple[str, ...]: ...

    def qualification_of(self, phrase: str) -> str | None: ...

    def implied(self, qualification_ids: Iterable[str]) -> set[str]: ...


class LibraryMatcher:
    """A :class:`Matcher` over an Analyser's resolver, with the same rules ``analyse`` uses (ids match exactly)."""

    def __init__(self, analyser: Analyser) -> None:
        self.analyser = analyser
        self._skills: dict[str, str | None] = {}
        self._others: dict[tuple[str, str, tuple[str, ...] | None], tuple[str, ...]] = {}
        self._qualifications: dict[str, str | None] = {}

    def skill_of(self, phrase: str) -> str | None:
        if phrase not in self._skills:
            if phrase in self.analyser.library.skills:
                self._skills[phrase] = phrase
            else:
                match = self.analyser.resolver.skill(phrase)
                self._skills[phrase] = match.target if match.status == "matched" else None
        return self._skills[phrase]

    def others_of(self, phrase: str, skill: str, said: tuple[str, ...] | None) -> tuple[str, ...]:
        """The other skills a line read as `skill` counts for, as analyse counts them: `said` (its `also:`), else
        those its items name (Analyser.also_ids)."""
        key = (phrase, skill, said)
        if key not in self._others:
            line = self.analyser.skill_match(phrase, stated=skill)
            self._others[key] = self.analyser.also_ids(phrase, line, said)
        return self._others[key]

    def qualification_of(self, phrase: str) -> str | None:
        if phrase not in self._qualifications:
            if phrase in self.analyser.library.qualifications:
                self._qualifications[phrase] = phrase
            else:
                match = self.analyser.resolver.qualification(phrase)
                self._qualifications[phrase] = match.target if match.status == "matched" else None
        return self._qualifications[phrase]

    def implied(self, qualification_ids: Iterable[str]) -> set[str]:
        return self.analyser.library.implied_qualifications(qualification_ids)


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.;])(\s|$)", text)
    return match.group(1) if match else text


def _role_label(role: Role) -> str:
    return role.title if not role.grade or role.grade in role.title else f"{role.title} ({role.grade})"


def level_guide(
    library: Library, role: Role, skill_id: str, required: int, note: str
) -> tuple[LevelGuide, ...]:
    """Levels 0-4 for one skill: the scale's words (LEVELS.md), the role's own note at its level, and, for the
    other levels, the first sentence of another role's note for the same skill at that level when the library has
    one (same framework first), so that a person sees what each level means for *this* skill."""
    by_level: dict[int, tuple[str, Role]] = {}
    others = sorted(
        (r for r in library.roles.values() if r.id != role.id),
        key=lambda r: (r.framework != role.framework, natural_key(r.id)),
    )
    for other in others:
        requirement = other.requirement_for(skill_id)
        if requirement is not None and requirement.level not in by_level:
            by_level[requirement.level] = (_first_sentence(requirement.note), other)
    guides = []
    for level in range(5):
        if level == required:
            guides.append(
                LevelGuide(
                    level, LEVEL_LABELS[level], LEVEL_DESCRIPTIONS[level], True, note, _role_label(role)
                )
            )
        elif level in by_level:
            example, other = by_level[level]
            guides.append(
                LevelGuide(
                    level, LEVEL_LABELS[level], LEVEL_DESCRIPTIONS[level], False, example, _role_label(other)
                )
            )
        else:
            guides.append(LevelGuide(level, LEVEL_LABELS[level], LEVEL_DESCRIPTIONS[level]))
    return tuple(guides)


def build_questions(role: Role, library: Library, matcher: Matcher) -> list[Question]:
    """The walk-through for a role: skill requirements grouped (essential before desirable; knowledge, skills,
    behaviours), in the role's own order within a group; then its qualifications and the experience it asks for."""
    questions: list[Question] = []
    ordered = sorted(
        enumerate(role.requirements),
        key=lambda item: (
            item[1].importance != "essential",
            _KIND_ORDER.get(library.skills[item[1].skill].kind, 9),
            item[0],
        ),
    )
    for _, requirement in ordered:
        skill = library.skills[requirement.skill]
        # The library's name resolves exactly to the skill, so the profile reads naturally; fall back to the id.
        phrase = skill.name if matcher.skill_of(skill.name) == skill.id else skill.id
        questions.append(
            Question(
                key=skill.id,
                kind="skill",
                group=f"{requirement.importance.capitalize()} {_KIND_PLURAL.get(skill.kind, skill.kind)}",
                title=skill.name,
                plain=skill.description,
                importance=requirement.importance,
                expects=requirement.note,
                required=requirement.level,
                level_guide=level_guide(library, role, skill.id, requirement.level, requirement.note),
                phrase=phrase,
                level_inferred=requirement.level_source.is_inferred,
            )
        )
    for qreq in role.qualifications:
        names = [library.qualifications[q].name if q in library.qualifications else q for q in qreq.accepted]
        main = library.qualifications.get(qreq.qualification)
        held_phrase: str | None = None
        if main is not None:
            held_phrase = next(
                (p for p in (main.name, *main.aliases) if matcher.qualification_of(p) == main.id), None
            )
        questions.append(
            Question(
                key=f"qualification:{qreq.qualification}",
                kind="qualification",
                group=QUALIFICATIONS_GROUP,
                title=" or ".join(names),
                plain=main.description if main is not None else names[0],
                importance=qreq.importance,
                expects=qreq.note or f"{_role_label(role)} asks for {' or '.join(names)} ({qreq.importance})",
                phrase=held_phrase,
                accepted=qreq.accepted,
            )
        )
    if role.experience is not None and role.experience.years:
        questions.append(
            Question(
                key="experience",
                kind="experience",
                group=QUALIFICATIONS_GROUP,
                title="Years of related experience",
                plain="How long the person has done this kind of work, in years.",
                importance="desirable",
                expects=role.experience.description,
                required_years=float(role.experience.years),
            )
        )
    return questions


# ----------------------------------------------------------------------------- saved progress
@dataclass(frozen=True)
class SavedProgress:
    """What the ``# careergap-assess:`` comment of a profile file says, plus the file's own leading comments."""

    role: str | None = None
    rater: str | None = None
    skipped: tuple[str, ...] = ()
    not_held: tuple[str, ...] = ()
    preamble: tuple[str, ...] = ()


def _is_header_line(stripped: str) -> bool:
    """True for the lines ``assess`` writes at the top of a profile (rewritten on every save)."""
    return stripped.startswith((HEADER_PREFIX, PROGRESS_MARK, "# continue with: careergap assess"))


@dataclass(frozen=True)
class SourceFile:
    """A resumed profile file as written (its text) and as the session first read it (:func:`profile_data`).

    Why both: the session answers into the plain data, and only the difference between the two is carried into the
    text (comments, level words, number formats, key order and indentation stay as the person wrote them).
    """

    text: str
    data: Mapping[str, Any]
    as_json: bool = False


def read_saved_progress(text: str) -> SavedProgress:
    """Read the progress comment (if any) and keep the file's other leading comment lines to write them back."""
    values: dict[str, str] = {}
    preamble: list[str] = []
    for line in text.lstrip("\ufeff").splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        if stripped.startswith(PROGRESS_MARK):
            for token in stripped[len(PROGRESS_MARK) :].split():
                key, _, value = token.partition("=")
                values[key] = value
        elif not _is_header_line(stripped):
            preamble.append(stripped)

    def ids(name: str) -> tuple[str, ...]:
        return tuple(v for v in values.get(name, "").split(",") if v)

    return SavedProgress(
        role=values.get("role") or None,
        rater=values.get("rater") or None,
        skipped=ids("skipped"),
        not_held=ids("not-held"),
        preamble=tuple(preamble),
    )


def profile_data(profile: Profile) -> dict[str, Any]:
    """A validated profile as the plain list-form dict the session edits (ints for levels, no empty fields); a
    qualification is its text, or ``{name, qualification}`` when the profile names the award beside it."""
    data: dict[str, Any] = profile.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    if "qualifications" in data:
        data["qualifications"] = [q if "qualification" in q else q["name"] for q in data["qualifications"]]
    return data


def entry_name(entry: Any) -> str:
    """A profile entry's words: a plain text, or the ``name`` of a mapping."""
    return str(entry.get("name", "")) if isinstance(entry, dict) else str(entry)


def skill_of_entry(matcher: Matcher, entry: dict[str, Any]) -> str | None:
    """The library skill a profile's skill entry is: the one named beside it (`skill:`; an id the library does not
    hold is none, as analyse refuses it), else read from its words."""
    stated = entry.get("skill")
    if stated:
        return str(stated) if matcher.skill_of(str(stated)) == stated else None
    return matcher.skill_of(entry_name(entry))


def others_of_entry(matcher: Matcher, entry: dict[str, Any]) -> tuple[str, ...]:
    """The other library skills a profile's skill entry names beside its own, as analyse counts them: those said
    beside it (`also:`), else those its items name; none while the entry is no skill."""
    skill = skill_of_entry(matcher, entry)
    if skill is None:
        return ()
    said = entry.get("also")
    return matcher.others_of(
        entry_name(entry), skill, tuple(map(str, said)) if isinstance(said, list | tuple) else None
    )


def qualification_of_entry(matcher: Matcher, entry: Any) -> str | None:
    """The award a profile's qualification entry is: the one named beside it (`qualification:`; an id the library
    does not hold is none), else read from its words."""
    stated = entry.get("qualification") if isinstance(entry, dict) else None
    if stated:
        return str(stated) if matcher.qualification_of(str(stated)) == stated else None
    return matcher.qualification_of(entry_name(entry))


# ----------------------------------------------------------------------------- the state machine
class Step(str, Enum):
    LEVEL = "level"
    EVIDENCE = "evidence"
    REASON = "reason"
    AWARD = "award"  # an award careergap cannot read was typed: record it as the one asked about?
    DONE = "done"


OutcomeKind = Literal["answered", "kept", "skipped", "back", "invalid", "refused", "help", "quit", "prompt"]


@dataclass(frozen=True)
class Outcome:
    """What one submitted line did. ``changed`` means the profile changed and should be written now.

    ``refused``: an answer past the bound the profile reader sets on that text (profiles.TextLimit), so a file
    holding it could never be read back; nothing changed. At a terminal it is asked again; piped answers stop there
    (the next line was meant for the next question).
    """

    kind: OutcomeKind
    message: str | None = None
    changed: bool = False


@dataclass(frozen=True)
class Answer:
    """What the profile says now about one question."""

    level: int | None = None
    evidence: str | None = None
    not_applicable: str | None = None
    held_as: str | None = None
    not_held: bool = False
    years: float | None = None

    @property
    def given(self) -> bool:
        return (
            self.level is not None
            or self.not_applicable is not None
            or self.held_as is not None
            or self.not_held
            or self.years is not None
        )

    def describe(self) -> str:
        if self.not_applicable is not None:
            return f"not applicable ({self.not_applicable})"
        if self.level is not None:
            text = f"{self.level} {LEVEL_LABELS[self.level]}"
            return text + (f"; evidence: {self.evidence}" if self.evidence else "")
        if self.held_as is not None:
            return f"yes (held as {self.held_as!r})"
        if self.not_held:
            return "no"
        if self.years is not None:
            return years(self.years)
        return "not answered"


_YES = {"y", "yes"}
_NO = {"n", "no"}
_YEARS = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:y|yr|yrs|year|years)?$")


@dataclass
class Session:
    """A walk through one role's questions for one person, answering into a profile dict.

    Drive it with :meth:`submit` (one line of input at a time) until :attr:`step` is ``Step.DONE`` or an outcome of
    kind ``quit``; write :meth:`file_text` whenever an outcome says ``changed``.
    """

    role: Role
    questions: list[Question]
    data: dict[str, Any]
    matcher: Matcher
    rater: Rater = "self"
    ask_evidence: bool = True
    today: dt.date = field(default_factory=report_date)
    skipped: set[str] = field(default_factory=set)
    not_held: set[str] = field(default_factory=set)
    preamble: tuple[str, ...] = ()
    source: SourceFile | None = None
    position: int = 0
    step: Step = Step.LEVEL
    review: bool = False
    revisiting: bool = False
    focus: frozenset[str] = frozenset()
    _notice: str | None = field(default=None, init=False, repr=False)
    pending_award: str | None = field(default=None, init=False)  # the words typed, while step is AWARD

    # -- set-up -------------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        role: Role,
        library: Library,
        matcher: Matcher,
        data: Mapping[str, Any],
        *,
        rater: Rater = "self",
        saved: SavedProgress | None = None,
        ask_evidence: bool = True,
        today: dt.date | None = None,
        source: SourceFile | None = None,
    ) -> Session:
        """A session over a copy of ``data`` (a new profile's ``{"name": ...}`` or :func:`profile_data` of one
        being resumed). ``saved`` restores skipped questions (only when recorded for the same role and rater);
        ``source`` is the resumed file, which :meth:`file_text` then edits in place rather than rewriting."""
        questions = build_questions(role, library, matcher)
        keys = {q.key for q in questions}
        skipped: set[str] = set()
        not_held: set[str] = set()
        if saved is not None and saved.role in (None, role.id):
            not_held = {k for k in saved.not_held if k in keys}
            if saved.rater in (None, rater):
                skipped = {k for k in saved.skipped if k in keys}
        copy = _deep_copy(dict(data))
        if not copy.get("target_role"):
            copy["target_role"] = role.id
        session = cls(
            role=role,
            questions=questions,
            data=copy,
            matcher=matcher,
            rater=rater,
            ask_evidence=ask_evidence,
            today=today or report_date(),
            skipped=skipped,
            not_held=not_held,
            preamble=saved.preamble if saved else (),
            source=source,
        )
        return session

    def start(self, *, review: bool = False, only: Iterable[str] = ()) -> str | None:
        """Go to the first question to ask.

        Reviewing walks every question in order (or only the questions whose keys are in ``only``, which implies
        reviewing). Otherwise the walk asks only what is not answered yet: first the questions neither answered
        nor skipped, then, once, the skipped ones still unanswered ("asked again at the end"); an interrupted or
        resumed session picks up with the same rule. Returns a notice to show first, if there is one.
        """
        self.focus = frozenset(only)
        self.review = review or bool(self.focus)
        self.revisiting = False
        self.position = -1
        self._advance()
        notice, self._notice = self._notice, None
        return notice

    def _in_scope(self, index: int) -> bool:
        return not self.focus or self.questions[index].key in self.focus

    def _is_fresh(self, index: int) -> bool:
        question = self.questions[index]
        return not self.answer(question).given and question.key not in self.skipped

    def _is_skipped(self, index: int) -> bool:
        question = self.questions[index]
        return question.key in self.skipped and not self.answer(question).given

    def _advance(self) -> None:
        total = len(self.questions)
        if self.review:
            following = [i for i in range(self.position + 1, total) if self._in_scope(i)]
            self.position = following[0] if following else total
        else:
            wanted = self._is_skipped if self.revisiting else self._is_fresh
            following = [i for i in range(self.position + 1, total) if wanted(i)]
            if following:
                self.position = following[0]
            elif not self.revisiting and any(self._is_skipped(i) for i in range(total)):
                self.revisiting = True
                skipped = [i for i in range(total) if self._is_skipped(i)]
                self.position = skipped[0]
                self._notice = f"{plural(len(skipped), 'skipped question')} to go back to; s leaves one for another session"
            else:
                self.position = total
        self.step = Step.LEVEL if self.position < total else Step.DONE

    # -- reading the profile ----------------------------------------------------------------
    @property
    def question(self) -> Question | None:
        return self.questions[self.position] if self.position < len(self.questions) else None

    @property
    def finished(self) -> bool:
        """True once every question has been passed (answered, kept or skipped)."""
        return self.step is Step.DONE

    @property
    def rating_field(self) -> str:
        return RATING_FIELDS[self.rater]

    def _skill_entries(self, skill_id: str) -> list[dict[str, Any]]:
        return [e for e in self.data.get("skills", []) if skill_of_entry(self.matcher, e) == skill_id]

    def _item_entries(self, skill_id: str) -> list[dict[str, Any]]:
        """The lines that name the skill beside their own ("Budgets and procurement", for procurement)."""
        return [e for e in self.data.get("skills", []) if skill_id in others_of_entry(self.matcher, e)]

    def _na_entries(self, skill_id: str) -> list[dict[str, Any]]:
        return [
            e
            for e in self.data.get("not_applicable", [])
            if self.matcher.skill_of(str(e.get("skill", ""))) == skill_id
        ]

    def _held_phrase(self, accepted: Sequence[str]) -> str | None:
        for entry in self.data.get("qualifications", []):
            target = qualification_of_entry(self.matcher, entry)
            if target is not None and self.matcher.implied([target]) & set(accepted):
                return entry_name(entry)
        return None

    def answer(self, question: Question) -> Answer:
        """What the profile says now about a question (for the rater of this session)."""
        if question.kind == "skill":
            na = self._na_entries(question.key)
            if na:
                return Answer(not_applicable=str(na[0].get("reason", "")))
            rated = [
                e
                for e in self._skill_entries(question.key) + self._item_entries(question.key)
                if e.get(self.rating_field) is not None
            ]
            if not rated:
                return Answer()
            best = max(rated, key=lambda e: int(e[self.rating_field]))
            return Answer(level=int(best[self.rating_field]), evidence=best.get("evidence"))
        if question.kind == "qualification":
            held = self._held_phrase(question.accepted)
            return Answer(held_as=held, not_held=held is None and question.key in self.not_held)
        years = self.data.get("years_experience")
        return Answer(years=float(years) if years is not None else None)

    def counts(self) -> tuple[int, int, int]:
        """(answered, skipped and still unanswered, total)."""
        answered = sum(1 for q in self.questions if self.answer(q).given)
        skipped = sum(1 for q in self.questions if q.key in self.skipped and not self.answer(q).given)
        return answered, skipped, len(self.questions)

    @property
    def complete(self) -> bool:
        answered, _, total = self.counts()
        return answered == total

    # -- input ----------------------------------------------------------------------------------
    def submit(self, line: str) -> Outcome:
        """Apply one line of input to the current question and step."""
        question = self.question
        if question is None or self.step is Step.DONE:
            return Outcome("invalid", "the walk-through is finished")
        text = clean_text(line).strip()  # as the file reader cleans every string: no terminal escapes stored
        key = text.lower()
        if key in ("?", "h", "help"):
            return Outcome("help", KEYS_HELP)
        if key in ("q", "quit"):
            return Outcome("quit")
        if self.step is Step.LEVEL:
            outcome = self._submit_answer(question, text, key)
        elif self.step is Step.EVIDENCE:
            outcome = self._submit_evidence(question, text, key)
        elif self.step is Step.AWARD:
            outcome = self._submit_award(question, key)
        else:
            outcome = self._submit_reason(question, text, key)
        if self._notice is not None:
            message = "; ".join(m for m in (outcome.message, self._notice) if m)
            outcome = Outcome(outcome.kind, message, outcome.changed)
            self._notice = None
        return outcome

    def _submit_answer(self, question: Question, text: str, key: str) -> Outcome:
        if key in ("b", "back"):
            earlier = [i for i in range(self.position) if self._in_scope(i)]
            if not earlier:
                return Outcome("invalid", "this is the first question; there is nothing before it")
            self.position = earlier[-1]
            return Outcome("back")
        if key in ("s", "skip"):
            if not self.answer(question).given:
                self.skipped.add(question.key)
            self._advance()
            return Outcome("skipped", changed=True)
        if key == "":
            if self.answer(question).given:
                self._advance()
                return Outcome("kept")
            return Outcome("invalid", self._what_to_type(question))
        if question.kind == "skill":
            return self._answer_skill(question, text, key)
        if question.kind == "qualification":
            return self._answer_qualification(question, text, key)
        return self._answer_experience(text, key)

    def _what_to_type(self, question: Question) -> str:
        if question.kind == "skill":
            return f"type a level ({VALID_LEVELS_TEXT}), or s to skip, na if it does not apply, ? for help"
        if question.kind == "qualification":
            return "type y or n (or the name of the qualification held), or s to skip, ? for help"
        return "type a number of years (e.g. 4 or 2.5), or s to skip, ? for help"

    def _answer_skill(self, question: Question, text: str, key: str) -> Outcome:
        if key in ("na", "n/a", "not applicable"):
            self.step = Step.REASON
            return Outcome("prompt")
        try:
            level = parse_level(text)
        except LevelError as exc:
            return Outcome("invalid", f"{exc}; or s to skip, b back, q save and quit, ? help")
        split = self._set_level(question, level)
        shared = [entry_name(e) for e in self._skill_entries(question.key)]
        if self.ask_evidence:
            self.step = Step.EVIDENCE
        else:
            self._advance()
        said = []
        if len(shared) > 1:  # said, since it changes lines the person wrote apart
            said.append(
                f"set on the {len(shared)} phrases that mean {question.title}: "
                + ", ".join(repr(name) for name in shared)
                + " (the highest level of a skill counts, so each takes the answer)"
            )
        if split:  # said, since it changes what those lines count for
            said.append(
                f"{', '.join(map(repr, split))} no longer {'counts' if len(split) == 1 else 'count'} for "
                f"{question.title} (also: beside {'it' if len(split) == 1 else 'them'}), so its level is this answer"
            )
        return (
            Outcome("answered", "; ".join(said), changed=True) if said else Outcome("answered", changed=True)
        )

    def _set_level(self, question: Question, level: int) -> list[str]:
        """Set the answer on every line that means the skill (or add one), and take the skill out of the lines that
        name it beside their own ("Budgets and procurement", answering procurement): `also:` beside each lists the
        other skills it still names, so its level stays its own skill's and the answer is the skill's level.
        Returns the words of the lines it was taken out of."""
        assert question.phrase is not None
        self.skipped.discard(question.key)
        split = self._item_entries(question.key)
        for entry in split:
            entry["also"] = [s for s in others_of_entry(self.matcher, entry) if s != question.key]
        remaining = [
            e for e in self.data.get("not_applicable", []) if e not in self._na_entries(question.key)
        ]
        if remaining:
            self.data["not_applicable"] = remaining
        else:
            self.data.pop("not_applicable", None)
        entries = self._skill_entries(question.key)
        if entries:
            # Every phrase that maps to this skill takes the answer, so an old higher level cannot outvote it.
            for entry in entries:
                entry[self.rating_field] = level
        else:
            self.data.setdefault("skills", []).append({"name": question.phrase, self.rating_field: level})
        self._touch()
        return [entry_name(e) for e in split]

    def _submit_evidence(self, question: Question, text: str, key: str) -> Outcome:
        if key in ("b", "back"):
            self.step = Step.LEVEL
            return Outcome("back")
        if key in ("", "s", "skip"):
            self._advance()
            return Outcome("kept")
        entries = [e for e in self._skill_entries(question.key) if e.get(self.rating_field) is not None]
        if not entries:  # pragma: no cover - the level was just set
            self._advance()
            return Outcome("kept")
        target = entries[0]
        too_long = EVIDENCE_NOTE.refusal(text)
        if too_long is not None:
            return Outcome("refused", too_long)
        if key == "-":
            for entry in entries:
                entry.pop("evidence", None)
        else:
            target["evidence"] = text
        self._touch()
        self._advance()
        return Outcome("answered", changed=True)

    def _submit_reason(self, question: Question, text: str, key: str) -> Outcome:
        if key in ("b", "back"):
            self.step = Step.LEVEL
            return Outcome("back")
        if key in ("", "s", "skip"):
            return Outcome("invalid", "say briefly why it does not apply (b to go back)")
        too_long = NOT_APPLICABLE_REASON.refusal(text)
        if too_long is not None:
            return Outcome("refused", too_long)
        assert question.phrase is not None
        na = self._na_entries(question.key)
        if na:
            na[0]["reason"] = text
        else:
            self.data.setdefault("not_applicable", []).append({"skill": question.phrase, "reason": text})
        self.skipped.discard(question.key)
        self._touch()
        self._advance()
        return Outcome("answered", changed=True)

    def _answer_qualification(self, question: Question, text: str, key: str) -> Outcome:
        quals: list[Any] = list(self.data.get("qualifications", []))
        if key in _NO:
            kept = [q for q in quals if qualification_of_entry(self.matcher, q) not in question.accepted]
            self._set_qualifications(kept)
            self.not_held.add(question.key)
            self.skipped.discard(question.key)
            self._touch()
            self._advance()
            still = self._held_phrase(question.accepted)
            message = f"note: {still!r} already satisfies this requirement" if still else None
            return Outcome("answered", message, changed=True)
        if key in _YES:
            if self._held_phrase(question.accepted) is None:
                if question.phrase is None:
                    return Outcome(
                        "invalid", "type the name of the qualification held, as on the certificate"
                    )
                quals.append(question.phrase)
            phrase_held = None
        else:
            too_long = QUALIFICATION_NAME.refusal(text)
            if too_long is not None:  # refused before it is matched or asked about
                return Outcome("refused", too_long)
            target = self.matcher.qualification_of(text)
            if (
                target is None
            ):  # the person may still hold it as the award asked about: ask, then record it so
                self.pending_award = text
                self.step = Step.AWARD
                return Outcome("prompt", f"careergap does not recognise {text!r} as an award")
            if text not in map(entry_name, quals):
                quals.append(text)
            phrase_held = target
        self._set_qualifications(quals)
        self.not_held.discard(question.key)
        self.skipped.discard(question.key)
        self._touch()
        self._advance()
        if phrase_held is not None and not self.matcher.implied([phrase_held]) & set(question.accepted):
            return Outcome(
                "answered", f"recorded {text!r}, but it does not satisfy this requirement", changed=True
            )
        return Outcome("answered", changed=True)

    def _submit_award(self, question: Question, key: str) -> Outcome:
        """y: record the words typed as the award this question asks about, ``{name: words, qualification: id}``
        (as `profile confirm` writes it), so it is held "as you said" from then on; n or b: back to the question."""
        words, award = self.pending_award or "", question.key.removeprefix("qualification:")
        if key in _NO or key in ("b", "back", ""):
            self.step = Step.LEVEL
            self.pending_award = None
            return Outcome("back", "not recorded; answer y or n, or type the award's usual name")
        if key not in _YES:
            return Outcome("invalid", f"type y to record {words!r} as {question.title}, or n")
        quals: list[Any] = [
            q
            for q in self.data.get("qualifications", [])
            if " ".join(entry_name(q).split()) != " ".join(words.split())
        ]
        quals.append({"name": words, "qualification": award})
        self.pending_award = None
        self._set_qualifications(quals)
        self.not_held.discard(question.key)
        self.skipped.discard(question.key)
        self._touch()
        self._advance()
        return Outcome("answered", f"recorded {words!r} as {question.title} (as you said)", changed=True)

    def _set_qualifications(self, quals: list[Any]) -> None:
        if quals:
            self.data["qualifications"] = quals
        else:
            self.data.pop("qualifications", None)

    def _answer_experience(self, text: str, key: str) -> Outcome:
        match = _YEARS.match(key)
        if match is None:
            return Outcome(
                "invalid", f"{shown(text)} is not a number of years; type e.g. 4 or 2.5, or s to skip"
            )
        years = float(match.group(1))
        if years > MAX_YEARS:  # a profile holds 0-80 years: past it no command could read the file back
            return Outcome(
                "invalid", f"{shown(text)} is more than {MAX_YEARS} years; type e.g. 4 or 2.5, or s to skip"
            )
        self.data["years_experience"] = int(years) if years.is_integer() else years
        self.skipped.discard("experience")
        self._touch()
        self._advance()
        return Outcome("answered", changed=True)

    def _touch(self) -> None:
        self.data["assessed_on"] = self.today.isoformat()

    # -- output ---------------------------------------------------------------------------------
    def profile(self) -> Profile:
        """The profile as it stands, checked as the reader checks a file (its limits, then the model): raises
        ProfileDataError or pydantic's ValidationError if the session ever built a profile no command would read."""
        problems = check_limits(self.data)
        if problems:
            raise ProfileDataError(problems, "the profile")
        return Profile.model_validate(self.data)

    def file_text(self, resume_command: str, *, as_json: bool = False, now: str | None = None) -> str:
        """The profile file: the original leading comments, a progress header, then ordinary profile YAML.

        A resumed file (:attr:`source`, same format) is edited rather than rewritten: only the answers given in
        this session change, through the one round-trip editor (:mod:`careergap.profile_edit`). JSON has no
        comments, so a JSON profile keeps only what its data shows: skipped questions are asked again when it is
        resumed. ``now`` is the file's text as it stands (another program may have edited it since the session
        read it): the session's answers are carried into that text, so the other edits stay.
        """
        self.profile()  # never write a file that other commands would reject
        source = self.source if self.source is not None and self.source.as_json == as_json else None
        if source is not None and now is not None:
            source = SourceFile(now, source.data, source.as_json)
        if as_json:
            if source is not None:
                return self._edited(source.text, source, as_json=True)
            return json.dumps(_ordered(self.data), indent=2, ensure_ascii=False) + "\n"
        answered, skipped, total = self.counts()
        rating = {"self": "self ratings", "coach": "coach's ratings", "manager": "manager's ratings"}[
            self.rater
        ]
        status = (
            "all answered"
            if answered == total
            else f"{answered} of {total} answered" + (f", {skipped} skipped" if skipped else "")
        )
        header = [
            _one_line(line)
            for line in (
                f"{HEADER_PREFIX}: {rating} against {self.role.id} ({self.role.title}); {status}.",
                f"# continue with: {resume_command}",
                f"{PROGRESS_MARK} role={self.role.id} rater={self.rater}"
                + (f" skipped={','.join(sorted(self.skipped))}" if self.skipped else "")
                + (f" not-held={','.join(sorted(self.not_held))}" if self.not_held else ""),
            )
        ]
        if source is not None:
            edited = _with_header(self._edited(_without_header(source.text), source, as_json=False), header)
            return edited.replace("\r\n", "\n").replace("\n", "\r\n") if "\r\n" in source.text else edited
        return "\n".join([*self.preamble, *header]) + "\n" + dump_profile(self.data)

    def _edited(self, text: str, source: SourceFile, *, as_json: bool) -> str:
        from careergap.profile_edit import apply_answers, edit_text

        before = dict(source.data)
        new_text, _ = edit_text(
            text,
            lambda doc, mapping, sequence: apply_answers(doc, before, self.data, mapping, sequence),
            as_json=as_json,
        )
        return new_text


def _leading_comments(lines: Sequence[str]) -> int:
    """How many of the first lines are comments or blank (the file's own header block)."""
    count = 0
    for line in lines:
        if line.strip() and not line.lstrip().startswith("#"):
            break
        count += 1
    return count


def _without_header(text: str) -> str:
    """The file's text without the lines ``assess`` writes at its top (they are written afresh)."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    top = _leading_comments(lines)
    return "".join([line for line in lines[:top] if not _is_header_line(line.strip())] + lines[top:])


_LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")


def _one_line(comment: str) -> str:
    """A header comment on one line, whatever a role title or file name holds: a line break there would start a
    live YAML line in the person's profile ("Line one\\nname: Hijacked").

    >>> _one_line("# against acme (Line one\\nname: Hijacked)")
    '# against acme (Line one name: Hijacked)'
    """
    return _LINE_BREAKS.sub(" ", comment)


def _with_header(text: str, header: Sequence[str]) -> str:
    """``header`` just after the file's own leading comments (before the blank lines that end them)."""
    lines = text.splitlines(keepends=True)
    top = _leading_comments(lines)
    while top and not lines[top - 1].strip():
        top -= 1
    return "".join([*lines[:top], *(f"{h}\n" for h in header), *lines[top:]])


def _ordered(data: Mapping[str, Any]) -> dict[str, Any]:
    ordered: dict[str, Any] = {
        k: data[k] for k in _PROFILE_KEYS if k in data and data[k] not in (None, [], {})
    }
    if "skills" in ordered:
        ordered["skills"] = [
            {k: e[k] for k in _SKILL_KEYS if e.get(k) is not None} for e in ordered["skills"]
        ]
    return ordered


def dump_profile(data: Mapping[str, Any]) -> str:
    """Profile YAML in a stable, readable key order."""
    text: str = yaml.safe_dump(
        _ordered(data), sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    return text


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_deep_copy(v) for v in value]
    return value
