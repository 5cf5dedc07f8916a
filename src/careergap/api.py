"""Score people as plain data: the Python API for scripts and data engines, and the path behind `careergap batch`.

``score_profile`` is a pure per-person function (a profile in, a JSON-ready dict out), so it runs unchanged inside
Dask, Spark or a process pool. Nothing is loaded when this module is imported: the built-in library and its phrase
index are built on the first call and then reused.

The arithmetic is ``careergap.scoring``'s, the only copy: ``Scorer`` compiles each role once
(``scoring.compile_role``) and calls ``scoring.score`` per person; the fully explained report
(``scoring.explain``) is built from the same call. The role is chosen by ``careergap.choice.choose_role``.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from careergap.words import same_words

if TYPE_CHECKING:
    from pathlib import Path

    from careergap.analysis import Analyser
    from careergap.batch import PersonRecord, ReadStats, RowError
    from careergap.library import Library, MappedPhrase
    from careergap.models.profile import Profile, Rater
    from careergap.models.report import RoleBasis, SkillMatch


PHRASES_REPORT_SUGGESTIONS = 3  # skills suggested for each phrase, likeliest first
PHRASES_REPORT_COLUMNS = ("phrase", "kind", "count", "status", "skill", "suggestions", "reason")

__all__ = [
    "Gap",
    "PersonResult",
    "RoleResult",
    "Scorer",
    "TeamResult",
    "default_scorer",
    "score_profile",
    "score_team",
]

LEVELS = range(5)
RATERS = ("self", "coach", "manager")


def _check_arguments(
    library: object, rater: object = "self", role_id: object = None, all_roles: bool = False
) -> None:
    """The API's arguments of the wrong kind are named here, not met deep inside as a KeyError or AssertionError."""
    from careergap.library import Library

    if library is not None and not isinstance(library, Library):
        raise TypeError(
            f"library must be a careergap.library.Library (load_library([folder])), not {type(library).__name__}"
        )
    if rater not in RATERS:
        raise ValueError(f"rater must be one of {', '.join(RATERS)}, not {rater!r}")
    if role_id is not None and not isinstance(role_id, str):
        raise TypeError(f"role_id must be a role id (text), not {type(role_id).__name__}")
    if role_id is not None and all_roles:
        raise ValueError("give role_id (score one role) or all_roles=True (rank every role), not both")


if TYPE_CHECKING:
    from careergap.scoring import Gap, RoleScore

    RoleResult = RoleScore


def __getattr__(name: str) -> Any:
    """Gap and RoleResult (scoring's RoleScore) are re-exported lazily, so importing this module stays light."""
    if name in ("Gap", "RoleResult", "RoleScore"):
        from careergap import scoring

        return scoring.Gap if name == "Gap" else scoring.RoleScore
    raise AttributeError(name)


@dataclass(slots=True)
class PersonResult:
    """One person's results: one role, or every role best first. ``results`` is empty when nothing could be scored."""

    person: str
    role_basis: RoleBasis
    results: tuple[RoleResult, ...]
    unmatched: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def scored(self) -> bool:
        return bool(self.results)

    @property
    def primary(self) -> RoleResult | None:
        """The role the person is judged against (given, target, current or best fit), or the best fit of all."""
        return self.results[0] if self.results else None


# a skill line as the scorer caches it: its words, the skill id and the other ids named beside it
SkillKey = tuple[str, str | None, tuple[str, ...] | None]
# how a line that names no library skill is read (Analyser.sets_aside): set aside, neither matched nor unmatched
SET_ASIDE = "set aside"


class Scorer:
    """A library compiled for fast scoring of many people. Phrases are resolved once per distinct phrase."""

    def __init__(
        self,
        library: Library | None = None,
        analyser: Analyser | None = None,
        *,
        phrase_map: Mapping[str, MappedPhrase] | None = None,
        count_phrases: bool = False,
    ) -> None:
        """``phrase_map`` (from ``library.load_phrase_maps``) is applied before matching, over any map found beside
        the role files; ``count_phrases`` keeps a count of every distinct phrase for ``phrases_report``."""
        from careergap.analysis import Analyser
        from careergap.library import load_library, roles_dirs_from_env
        from careergap.resolve import build_resolver

        if analyser is None:
            # Like every command: the built-in roles plus any folders named in CAREERGAP_ROLES_DIR.
            library = library if library is not None else load_library(roles_dirs_from_env())
            analyser = Analyser(
                library, build_resolver(library, phrase_map=phrase_map) if phrase_map else None
            )
        self.analyser = analyser
        self._counts: Counter[tuple[str, str]] | None = Counter() if count_phrases else None
        self.library = analyser.library
        self.skill_names: Mapping[str, str] = analyser.skill_names
        self._roles = {role.id: analyser.compiled(role) for role in self.library.roles.values()}
        self._order = list(self._roles.values())
        self.seniority = analyser.seniority
        # (line, skill id beside it, other ids beside it) -> (skill, how it was read, the other skills it names)
        self._skill_targets: dict[SkillKey, tuple[str | None, str, tuple[str, ...]]] = {}
        self._qualification_targets: dict[str, str | None] = {}
        # skill line -> the award it names, or None (Resolver.award_in_skill_line, as Analyser.resolve reads it)
        self._awards_in_skills: dict[str, str | None] = {}
        self._implied: dict[frozenset[str], frozenset[str]] = {}
        self._gap_json: dict[int, str] = {}
        self._gap_refs: list[Gap] = []

    @property
    def role_ids(self) -> list[str]:
        return list(self._roles)

    def role_title(self, role_id: str) -> str:
        """The role's title; UnknownIdError with the closest ids for an id that is not a role."""
        return self._roles[self.check_role(role_id)].title

    def check_role(self, role_id: str) -> str:
        """The role id, or UnknownIdError with the closest ids."""
        return self.library.role(role_id).id

    # -- resolution -----------------------------------------------------------------------------
    def _skill(
        self, phrase: str, stated: str | None = None, said: tuple[str, ...] | None = None
    ) -> tuple[str | None, str, tuple[str, ...]]:
        """The skill a line is read as (or None), how it was read, and the other skills it names, as analyse
        reads them (Analyser.skill_match, Analyser.also_ids): `stated` is the id named beside the line
        (`skill:`), which settles the line's own skill but not the others its items name; `said`, the other ids
        named beside it (`also:`), settles those. A line that names no library skill is read as SET_ASIDE."""
        if self._counts is not None and stated is None:
            self._counts["skill", phrase] += 1
        key = (phrase, stated, said)
        found = self._skill_targets.get(key)
        if found is None:
            if self.analyser.sets_aside(phrase, stated):
                found = (None, SET_ASIDE, ())
            else:
                match = self.analyser.skill_match(phrase, stated=stated)
                also = self.analyser.also_ids(phrase, match, said)
                found = (match.target if match.status == "matched" else None, match.status, also)
            self._skill_targets[key] = found
        return found

    def _award_in_skills(self, phrase: str) -> str | None:
        if phrase not in self._awards_in_skills:
            award = (
                None if phrase in self.library.skills else self.analyser.resolver.award_in_skill_line(phrase)
            )
            self._awards_in_skills[phrase] = award.target if award is not None else None
        return self._awards_in_skills[phrase]

    def _held(self, phrases: Iterable[str]) -> frozenset[str]:
        held: set[str] = set()
        for phrase in phrases:
            if self._counts is not None:
                self._counts["qualification", phrase] += 1
            if phrase not in self._qualification_targets:
                if phrase in self.library.qualifications:  # an award's id is that award
                    self._qualification_targets[phrase] = phrase
                else:
                    match = self.analyser.resolver.qualification(phrase)
                    self._qualification_targets[phrase] = match.target if match.status == "matched" else None
            target = self._qualification_targets[phrase]
            if target:
                held.add(target)
        key = frozenset(held)
        implied = self._implied.get(key)
        if implied is None:
            implied = frozenset(self.library.implied_qualifications(key))
            if len(self._implied) < 4096:
                self._implied[key] = implied
        return implied

    def phrases_report(self) -> list[dict[str, str | int]]:
        """Each distinct phrase that was refused, ambiguous or matched only by meaning, once, most used first: the
        list to review and turn into a phrase map (needs ``count_phrases=True``). Phrases that are skill ids or
        matched by their words are left out; a qualification row's ``skill`` column takes the award's qualification id.
        An item of a line read by meaning as another skill the line names (Analyser.also_matches) is listed too, under
        its own words, which a phrase map can settle as it settles a line; its reason names the line."""
        from careergap.normalize import phrase_key

        rows: list[dict[str, str | int]] = []
        resolver = self.analyser.resolver
        # item -> (lines that hold it, how it was read, the first such line)
        items: dict[str, tuple[int, SkillMatch, str]] = {}
        for (kind, phrase), count in (self._counts or Counter()).items():
            if kind == "skill" and phrase in self.library.skills:
                continue
            match = resolver.skill(phrase) if kind == "skill" else resolver.qualification(phrase)
            if match.method == "stated":  # settled by the phrase map, as a skill, an award or none
                continue
            for other in self.analyser.also_matches(phrase, match) if kind == "skill" else ():
                if other.method == "semantic":
                    seen, first, line = items.get(other.phrase, (0, other, phrase))
                    items[other.phrase] = (seen + count, first, line)
            if match.status == "matched" and match.method != "semantic":
                continue
            names = self.skill_names if kind == "skill" else self.analyser.qualification_names
            index = resolver.skills if kind == "skill" else resolver.qualifications
            suggested = index.suggestions(match, PHRASES_REPORT_SUGGESTIONS)
            rows.append(
                {
                    "phrase": phrase,
                    "kind": kind,
                    "count": count,
                    "status": "matched by meaning" if match.status == "matched" else match.status,
                    # filled in for a meaning match (confirm it, or change it); empty otherwise: write the skill
                    # id the phrase means (the qualification id, for an award) and pass the file as --phrase-map
                    "skill": (match.target or "") if kind == "skill" and match.status == "matched" else "",
                    "suggestions": "; ".join(f"{t} ({names.get(t, t)})" for t in suggested),
                    "reason": match.reason,
                }
            )
        listed = {phrase_key(str(row["phrase"])): row for row in rows if row["kind"] == "skill"}
        for item, (count, other, line) in items.items():
            row = listed.get(phrase_key(item))
            if row is not None:  # also written as a line of its own: one row, the line's, counting both
                row["count"] = int(row["count"]) + count
                continue
            suggested = resolver.skills.suggestions(other, PHRASES_REPORT_SUGGESTIONS)
            rows.append(
                {
                    "phrase": item,
                    "kind": "skill",
                    "count": count,
                    "status": "matched by meaning",
                    "skill": other.target or "",
                    "suggestions": "; ".join(f"{t} ({self.skill_names.get(t, t)})" for t in suggested),
                    "reason": f"an item of the line {line!r}, counted beside the line's own skill: {other.reason}",
                }
            )
        rows.sort(key=lambda r: (-int(r["count"]), str(r["kind"]), str(r["phrase"]).casefold()))
        return rows

    # -- scoring --------------------------------------------------------------------------------
    def score(
        self,
        name: str,
        skills: Iterable[
            tuple[str, int | None]
            | tuple[str, int | None, str | None]
            | tuple[str, int | None, str | None, Sequence[str] | None]
        ],
        *,
        qualifications: Iterable[str] = (),
        years_experience: float | None = None,
        target_role: str | None = None,
        current_role: str | None = None,
        not_applicable: Iterable[str] = (),
        role_id: str | None = None,
        all_roles: bool = False,
        notes: Sequence[str] = (),
        rater: str | None = None,
    ) -> PersonResult:
        """Score one person given as plain values. ``skills`` are (phrase, level) pairs, or (phrase, level, skill id)
        for a line whose library skill the person named (a profile's ``skill:``; the other skills its items name
        still count, as in analyse), or (phrase, level, skill id or None, other skill ids) when they also named the
        others (``also:``); a None level is unrated (``rater``, when given, names whose rating was missing in the
        note that says so).

        The role is chosen by the one rule (``careergap.choice.choose_role``): ``role_id``, else ``target_role``,
        else ``current_role``, else the best fit; an unknown id raises UnknownIdError. With ``all_roles`` every
        role is returned, best fit first.
        """
        from careergap.analysis import (
            award_in_skills_note,
            excluded_nothing_note,
            mapped_aside_note,
            merged_note,
            set_aside_note,
            unrated_by_rater_note,
        )
        from careergap.choice import choose_role
        from careergap.scoring import rank_key, score

        for argument, given in (("qualifications", qualifications), ("not_applicable", not_applicable)):
            if isinstance(given, str):  # a str is an iterable of letters: each was read as an award
                raise TypeError(f"{argument} must be a list of texts, not one text: [{given!r}]")
        if years_experience is not None and not (
            isinstance(years_experience, (int, float)) and 0 <= years_experience < float("inf")
        ):
            raise ValueError(
                f"years_experience must be a number of years, 0 or more, not {years_experience!r}"
            )
        levels: dict[str, int] = {}
        merged: Counter[str] = Counter()  # rated phrases per skill: several say so in a note, as analyse does
        unmatched: list[str] = []
        phrases = read = unrated_by_rater = 0
        awards: list[str] = []  # skill lines that name an award count as that award, as in analyse
        # lines naming no library skill (Analyser.sets_aside): as said beside them, as the phrase map says
        said_aside: list[str] = []
        mapped_aside: list[str] = []
        for phrase, level, *beside in skills:
            stated = cast("str | None", beside[0]) if beside else None
            others = beside[1] if len(beside) > 1 else None
            named = tuple(others) if others is not None else None
            target, status, also = self._skill(phrase, stated, named)
            if status == SET_ASIDE:
                (said_aside if stated is not None else mapped_aside).append(phrase)
                continue
            phrases += 1
            read += target is not None
            award = None if stated is not None else self._award_in_skills(phrase)
            if award is not None:
                awards.append(phrase)
            if target is None and award is not None:
                continue
            if target is None:
                label = (
                    stated
                    if stated is not None
                    else f"{phrase} (ambiguous)"
                    if status == "ambiguous"
                    else phrase
                )
                if label not in unmatched:
                    unmatched.append(label)
                continue
            if level is None:
                unrated_by_rater += 1
                continue
            if type(level) is not int or level not in LEVELS:  # True is 1 and 3.0 is 3 to `in`
                raise ValueError(
                    f"level {level!r} of {phrase!r} is not a whole number 0-4 (or None: unrated)"
                )
            for each in (target, *also):
                merged[each] += 1
                if level > levels.get(each, -1):
                    levels[each] = level
        quals = tuple(qualifications)
        held = self._held((*quals, *awards))
        said: set[str] = set()
        for phrase in quals:  # an award it could not read is said, as a phrase is: never silently left out
            seen = same_words(phrase)
            if self._qualification_targets.get(phrase) is None and seen not in said:
                said.add(seen)
                unmatched.append(f"{phrase} (qualification)")
        readings = [(entry, self._skill(entry)[0]) for entry in not_applicable]
        excluded = frozenset(t for _, t in readings if t is not None)
        messages = list(notes)
        if said_aside:
            messages.append(set_aside_note(said_aside))
        if mapped_aside:
            messages.append(mapped_aside_note(mapped_aside))
        if rater is not None and unrated_by_rater:
            messages.append(unrated_by_rater_note(unrated_by_rater, rater))
        messages += [merged_note(n, self.skill_names[t], levels[t]) for t, n in merged.items() if n > 1]
        listed = {self._qualification_targets.get(phrase) for phrase in quals}
        for phrase in dict.fromkeys(awards):  # said once per award, as analyse says it
            award = self._awards_in_skills[phrase]
            if award is not None and award not in listed:
                listed.add(award)
                messages.append(award_in_skills_note(phrase, self.library.qualifications[award].name))
        messages += [excluded_nothing_note(entry) for entry, t in readings if t is None]
        if not levels:  # a score is on rated skill lines (ResolvedProfile.is_empty, the same rule)
            why = (
                "no skill levels were given"
                if not phrases
                else "the skills given have no level"
                if read
                else "the one skill given matched nothing in the library"
                if phrases == 1
                else f"none of the {phrases} skills given matched the library"
            )
            alone = bool(quals) or years_experience is not None
            messages.append(
                f"not scored: {why}"
                + (" (qualifications and experience alone are not scored)" if alone else "")
            )
            # where the role would have come from (the one rule's order); no best fit is worked out for no score
            basis: RoleBasis = (
                "all_roles"
                if all_roles
                else choose_role(
                    given=role_id,
                    target_role=target_role,
                    current_role=current_role,
                    known=str,
                    best_fit=lambda: "",
                ).basis
            )
            return PersonResult(name, basis, (), tuple(unmatched), tuple(messages))

        def against(role: Any) -> RoleResult:
            return score(
                role, levels, held, years_experience, excluded=excluded, qualifications_stated=bool(quals)
            )

        if all_roles:
            ranked = sorted(map(against, self._order), key=lambda r: rank_key(r, self.seniority))
            return PersonResult(name, "all_roles", tuple(ranked), tuple(unmatched), tuple(messages))
        choice = choose_role(
            given=role_id,
            target_role=target_role,
            current_role=current_role,
            known=self.check_role,
            best_fit=lambda: (
                min(map(against, self._order), key=lambda r: rank_key(r, self.seniority)).role_id
            ),
        )
        if choice.basis == "best_fit":
            messages.append(choice.note)
        result = against(self._roles[choice.role_id])
        return PersonResult(name, choice.basis, (result,), tuple(unmatched), tuple(messages))

    def score_profile(
        self, profile: Profile, role_id: str | None = None, *, all_roles: bool = False, rater: Rater = "self"
    ) -> PersonResult:
        """Score a Profile (its not_applicable entries and the chosen rater's levels are honoured)."""
        return self.score(
            profile.name,
            # a confirmed entry is scored as the library id named beside it (`skill:`, `qualification:`), as in
            # every report, with the other skills its items name; an id that is not in the library is listed
            # unmatched under that id; `skill: none` is set aside with analyse's note
            [(item.name, item.rating(rater), item.skill, item.also) for item in profile.skills],
            qualifications=[q.qualification or q.name for q in profile.qualifications],
            years_experience=profile.years_experience,
            target_role=profile.target_role,
            current_role=profile.current_role,
            not_applicable=[entry.skill for entry in profile.not_applicable],
            role_id=role_id,
            all_roles=all_roles,
            rater=rater,
        )

    def score_record(
        self, record: PersonRecord, role_id: str | None = None, *, all_roles: bool = False
    ) -> PersonResult:
        """Score a person read from a team file (see careergap.batch)."""
        notes = (
            ("target_role was rejected (see the errors); the role was chosen without it",)
            if (role_id is None and not all_roles and record.target_role is None and record.target_rejected)
            else ()
        )
        return self.score(
            record.name,
            record.skills,
            qualifications=record.qualifications,
            years_experience=record.years_experience,
            target_role=record.target_role,
            current_role=record.current_role,
            role_id=role_id,
            all_roles=all_roles,
            notes=notes,
        )

    # -- plain data -----------------------------------------------------------------------------
    @staticmethod
    def gap_dict(gap: Gap) -> dict[str, Any]:
        return {
            "skill": gap.skill,
            "skill_name": gap.skill_name,
            "importance": "essential" if gap.essential else "desirable",
            "have": gap.have,
            "need": gap.need,
            "status": "unrated" if gap.have is None else "missing" if gap.have == 0 else "partial",
            "priority": gap.priority,
        }

    def gap_json(self, gap: Gap) -> str:
        """``gap_dict`` as JSON text, worked out once per gap: gaps are shared, precomputed objects, so a run that
        writes 2 million of them serialises a few hundred (this made `batch --all-roles -f jsonl` 3x faster)."""
        text = self._gap_json.get(id(gap))
        if text is None:
            text = self._gap_json[id(gap)] = json.dumps(self.gap_dict(gap), ensure_ascii=False)
            self._gap_refs.append(gap)  # keeps id(gap) unique for as long as the cache holds it
        return text

    def rows(self, result: PersonResult, *, gaps: bool = True) -> list[dict[str, Any]]:
        """JSON-ready rows: one per role scored (one row with ``scored: false`` when nothing could be scored).
        ``gaps=False`` leaves out the gap lists (``result.results[i].gaps`` holds them)."""
        common = {"person": result.person}
        if not result.results:
            return [
                {
                    **common,
                    "role_id": None,
                    "role_title": None,
                    "role_basis": result.role_basis,
                    "rank": None,
                    "scored": False,
                    "score": None,
                    "verdict": None,
                    "verdict_range": None,
                    "gates_passed": None,
                    "essential_gaps": None,
                    "unrated": None,
                    "unrated_essentials": [],
                    "coverage": None,
                    "essential_coverage": None,
                    "match": None,
                    "exceeds": None,
                    **({"gaps": []} if gaps else {}),
                    "missing_qualifications": [],
                    "unmatched": list(result.unmatched),
                    "notes": list(result.notes),
                }
            ]
        ranked = result.role_basis in ("all_roles", "best_fit")
        return [
            {
                **common,
                "role_id": r.role_id,
                "role_title": r.role_title,
                "role_basis": result.role_basis,
                "rank": i if ranked else None,
                "scored": True,
                "score": r.score,
                "verdict": r.verdict,
                "verdict_range": list(r.verdict_range) if r.verdict_range else None,
                "gates_passed": r.gates_passed,
                "essential_gaps": r.essential_gaps,
                "unrated": r.unrated,
                "unrated_essentials": list(r.unrated_essentials),
                "coverage": r.coverage,
                "essential_coverage": r.essential_coverage,
                "match": r.match,
                "exceeds": r.exceeds,
                **({"gaps": [self.gap_dict(g) for g in r.gaps]} if gaps else {}),
                "missing_qualifications": list(r.missing_qualifications),
                "unmatched": list(result.unmatched),
                "notes": list(result.notes),
            }
            for i, r in enumerate(result.results, 1)
        ]


# --------------------------------------------------------------------------------- the default scorer
_lock = threading.Lock()
_default: tuple[Library | None, Scorer] | None = None


def default_scorer(library: Library | None = None) -> Scorer:
    """A Scorer for ``library``, built once and reused while later calls pass the same library object.

    None means the built-in roles plus the folders in CAREERGAP_ROLES_DIR, as for the command line.
    """
    global _default
    cached = _default
    if cached is not None and cached[0] is library:
        return cached[1]
    with _lock:
        cached = _default
        if cached is not None and cached[0] is library:
            return cached[1]
        scorer = Scorer(library)
        _default = (library, scorer)
        return scorer


def score_profile(
    profile: Profile | Mapping[str, Any],
    role_id: str | None = None,
    library: Library | None = None,
    *,
    all_roles: bool = False,
    rater: Rater = "self",
) -> dict[str, Any]:
    """Score one person and return plain, JSON-ready data.

    ``profile`` is a ``Profile`` or a mapping in the profile file's shape, e.g.
    ``{"name": "Alex", "target_role": "council-pro11", "skills": {"budget mgmt": 3, "risk": "proficient"}}``.
    The role is ``role_id`` when given, else the profile's ``target_role``, else its ``current_role``, else the best
    match. The result holds
    ``person, role_id, role_title, role_basis, rank, scored, score, verdict, gates_passed, essential_gaps, unrated,
    coverage, gaps, missing_qualifications, unmatched, notes``; with ``all_roles=True`` it is the best match plus
    ``ranking``, every role best first in the same shape. A person with nothing to score comes back with
    ``scored: False`` and a note saying why (no exception), so one empty record never stops a whole job.

    ``library`` defaults to the built-in roles plus CAREERGAP_ROLES_DIR, compiled on the first call in each process
    and reused; a given library is compiled once for as long as later calls pass the same object.

    A mapping is read as a profile file with the same content is (careergap.profiles.profile_from_data): its limits,
    dates, repeated skills and ids. Raises ProfileDataError (a ValueError naming each field, with every problem in
    ``problems``) for a malformed profile or an id the library does not hold, UnknownIdError for an unknown ``role_id``, TypeError
    for a profile or role id of the wrong kind (a file name: read it with ``careergap.profiles.load_profile``), and
    ValueError for ``role_id`` with ``all_roles`` (one role, or every role: not both).
    """
    import os

    from careergap.models.profile import Profile
    from careergap.profiles import profile_from_data

    if not isinstance(profile, (Profile, Mapping)):
        raise TypeError(
            f"profile must be a Profile or a mapping in the profile file's shape, not {type(profile).__name__}"
            + (
                "; to score a file, load it with careergap.profiles.load_profile(path)"
                if isinstance(profile, (str, os.PathLike))
                else ""
            )
        )
    _check_arguments(library, rater, role_id, all_roles)
    scorer = default_scorer(library)
    person = profile if isinstance(profile, Profile) else profile_from_data(profile, scorer.library)
    if role_id is not None:
        scorer.check_role(role_id)
    result = scorer.score_profile(person, role_id, all_roles=all_roles, rater=rater)
    rows = scorer.rows(result)
    out = dict(rows[0])
    if all_roles:
        out["ranking"] = rows if result.results else []
    return out


# --------------------------------------------------------------------------------------------- a whole team
@dataclass
class TeamResult:
    """A team file scored: one JSON-ready row per person (per role with ``all_roles``; the rows of
    ``careergap batch -f jsonl``), every problem found (line, column, person, value, reason) and the counts."""

    rows: list[dict[str, Any]]
    problems: list[RowError]
    stats: ReadStats


def score_team(
    team: str | Path,
    role_id: str | None = None,
    library: Library | None = None,
    *,
    all_roles: bool = False,
    encoding: str = "utf-8",
    processes: int | None = None,
) -> TeamResult:
    """Score a team CSV (long or wide layout, as ``careergap batch`` reads it) through the same pipeline as the
    command (``careergap.teamrun``): bad rows and values are reported in ``problems`` with their line, and the good
    ones are used. ``processes=1`` keeps everything in this process (by default a big file is scored by a pool of
    worker processes). Raises InputFileError or BatchFileError when the file itself cannot be read.

    Every row is held in memory: for a file of millions of people use ``careergap batch``, which streams."""
    from pathlib import Path

    from careergap.teamrun import TeamRun, open_team

    _check_arguments(library, role_id=role_id, all_roles=all_roles)
    if processes is not None and (not isinstance(processes, int) or processes < 1):
        raise ValueError(f"processes must be 1 or more (or None for the default), not {processes!r}")
    scorer = default_scorer(library)
    run = TeamRun(scorer, role=role_id, all_roles=all_roles, processes=processes)
    rows: list[dict[str, Any]] = []
    problems: list[RowError] = []

    def keep(text: str) -> object:
        rows.extend(json.loads(line) for line in text.splitlines())
        return None

    with open_team(Path(team), encoding) as source:
        stats = run.run(
            run.reader(source), problem=problems.append, formatter=jsonl_text, write=keep, size=source.size
        )
    return TeamResult(rows, problems, stats)


def jsonl_text(scorer: Scorer, pairs: Sequence[tuple[PersonRecord, PersonResult]]) -> str:
    """The lines of ``batch -f jsonl`` for scored people (a ``careergap.teamrun`` formatter)."""
    from careergap.render.team import batch_json_lines

    return "".join(
        line + "\n" for record, result in pairs for line in batch_json_lines(scorer, record, result)
    )
