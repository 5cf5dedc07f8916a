"""Score people as plain data: the Python API for scripts and data engines, and the fast path behind `careergap batch`.

``score_profile`` is a pure per-person function (a profile in, a JSON-ready dict out), so it runs unchanged inside
Dask, Spark or a process pool. Nothing is loaded when this module is imported: the built-in library and its phrase
index are built on the first call (about half a second) and then reused.

Why a second implementation of the scoring arithmetic: ``scoring.assess`` builds a fully explained, validated
``Assessment`` (every requirement, contribution and note as pydantic models), which costs about 0.6 ms per role.
A team run against every role needs only the score, verdict, gates and gaps, so ``Scorer`` compiles each role once
into plain tuples and repeats the same arithmetic in the same order (the same ``sum`` over the same rows, the same
``verdict_for``). ``tests/test_api.py`` checks, over hundreds of random profiles and every role, that both give the
same score, verdict, gates, coverage and gap order.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:
    from careergap.analysis import Analyser
    from careergap.batch import PersonRecord
    from careergap.library import Library
    from careergap.models.profile import Profile, Rater

RoleBasis = Literal["given", "target_role", "best_match", "all_roles"]

__all__ = ["Gap", "PersonResult", "RoleResult", "Scorer", "default_scorer", "score_profile"]

LEVELS = range(5)


class Gap(NamedTuple):
    """A requirement not met. Built once per role, skill and level when the library is compiled, then shared."""

    order: int  # sorts gaps as scoring.assess does: priority, essential first, rated first, skill name
    skill: str
    have: int | None  # None: the person did not rate it
    need: int
    priority: float
    essential: bool
    skill_name: str
    label: str  # "Budget and financial management (1/3)"; "-" for have when unrated


class _Requirement(NamedTuple):
    skill: str
    essential: bool
    weight: float
    credit: tuple[float, ...]  # by level held, 0-4
    gap: tuple[Gap | None, ...]  # by level held, 0-4 (None when met)
    unrated: Gap


@dataclass(frozen=True, slots=True)
class _Qualification:
    accepted: tuple[str, ...]
    name: str
    essential: bool
    weight: float


@dataclass(frozen=True, slots=True)
class _Role:
    id: str
    title: str
    requirements: tuple[_Requirement, ...]
    qualifications: tuple[_Qualification, ...]
    experience_years: float | None
    total_weight: float
    integral: bool  # every weight is a whole number, so priorities are too and gap keys can be plain ints


@dataclass(
    slots=True
)  # not frozen: a frozen dataclass's __init__ costs 3x, and 110,000 are built per 10k-person run
class RoleResult:
    """One person against one role: what a team run reports (the full explanation is ``Analyser.analyse``)."""

    role_id: str
    role_title: str
    score: float
    verdict: str
    gates_passed: bool
    essential_gaps: int
    unrated: int
    coverage: float
    gaps: tuple[Gap, ...]
    missing_qualifications: tuple[str, ...]


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
        """The role the person is judged against: the given role, their target role, or their best match."""
        return self.results[0] if self.results else None


class Scorer:
    """A library compiled for fast scoring of many people. Phrases are resolved once per distinct phrase."""

    def __init__(self, library: Library | None = None, analyser: Analyser | None = None) -> None:
        from careergap.analysis import Analyser
        from careergap.library import load_library, roles_dirs_from_env

        if analyser is None:
            # Like every command: the built-in roles plus any folders named in CAREERGAP_ROLES_DIR.
            analyser = Analyser(library if library is not None else load_library(roles_dirs_from_env()))
        self.analyser = analyser
        self.library = analyser.library
        self.skill_names: Mapping[str, str] = analyser.skill_names
        self._roles = {
            role.id: _compile(role, analyser.skill_names, analyser.qualification_names)
            for role in self.library.roles.values()
        }
        self._order = list(self._roles.values())
        self._skill_targets: dict[str, tuple[str | None, str]] = {}
        self._qualification_targets: dict[str, str | None] = {}
        self._implied: dict[frozenset[str], frozenset[str]] = {}
        self._gap_json: dict[int, str] = {}
        self._gap_refs: list[Gap] = []

    @property
    def role_ids(self) -> list[str]:
        return list(self._roles)

    def role_title(self, role_id: str) -> str:
        return self._roles[role_id].title

    def check_role(self, role_id: str) -> str:
        """The role id, or UnknownIdError with the closest ids."""
        return self.library.role(role_id).id

    # -- resolution -----------------------------------------------------------------------------
    def _skill(self, phrase: str) -> tuple[str | None, str]:
        found = self._skill_targets.get(phrase)
        if found is None:
            if phrase in self.library.skills:
                found = (phrase, "matched")
            else:
                match = self.analyser.resolver.skill(phrase)
                found = (match.target if match.status == "matched" else None, match.status)
            self._skill_targets[phrase] = found
        return found

    def _held(self, phrases: Iterable[str]) -> frozenset[str]:
        held: set[str] = set()
        for phrase in phrases:
            if phrase not in self._qualification_targets:
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

    # -- scoring --------------------------------------------------------------------------------
    def score(
        self,
        name: str,
        skills: Iterable[tuple[str, int | None]],
        *,
        qualifications: Iterable[str] = (),
        years_experience: float | None = None,
        target_role: str | None = None,
        not_applicable: Iterable[str] = (),
        role_id: str | None = None,
        all_roles: bool = False,
        notes: Sequence[str] = (),
    ) -> PersonResult:
        """Score one person given as plain values. ``skills`` are (phrase, level) pairs; a None level is unrated.

        The role is ``role_id`` when given (it must exist), else ``target_role`` when it is a known role id, else the
        best match; with ``all_roles`` every role is returned, best first.
        """
        levels: dict[str, int] = {}
        unmatched: list[str] = []
        phrases = 0
        for phrase, level in skills:
            phrases += 1
            target, status = self._skill(phrase)
            if target is None:
                label = f"{phrase} (ambiguous)" if status == "ambiguous" else phrase
                if label not in unmatched:
                    unmatched.append(label)
                continue
            if level is None:
                continue
            if level not in LEVELS:
                raise ValueError(f"level {level!r} of {phrase!r} is not 0-4")
            if level > levels.get(target, -1):
                levels[target] = level
        held = self._held(qualifications)
        excluded = {t for t, _ in map(self._skill, not_applicable) if t is not None}
        messages = list(notes)
        if not levels and not held and years_experience is None:
            messages.append(
                f"not scored: none of the {phrases} skill(s) matched the library, and no qualification or experience "
                "was given"
                if phrases
                else "not scored: no skill levels, qualifications or experience were given"
            )
            basis: RoleBasis = "given" if role_id else "all_roles" if all_roles else "best_match"
            return PersonResult(name, basis, (), tuple(unmatched), tuple(messages))
        if role_id is not None:
            role = self._roles.get(role_id)
            if role is None:
                self.check_role(role_id)
                raise AssertionError("unreachable")  # pragma: no cover
            result = _assess(role, levels, held, years_experience, excluded)
            return PersonResult(name, "given", (result,), tuple(unmatched), tuple(messages))
        if target_role is not None and not all_roles:
            role = self._roles.get(target_role)
            if role is not None:
                result = _assess(role, levels, held, years_experience, excluded)
                return PersonResult(name, "target_role", (result,), tuple(unmatched), tuple(messages))
            messages.append(
                f"target_role {target_role!r} is not a role id; scored against the best match instead"
            )
        ranked = sorted(
            (_assess(role, levels, held, years_experience, excluded) for role in self._order),
            key=lambda r: (-r.score, r.essential_gaps, r.role_id),
        )
        if all_roles:
            return PersonResult(name, "all_roles", tuple(ranked), tuple(unmatched), tuple(messages))
        return PersonResult(name, "best_match", (ranked[0],), tuple(unmatched), tuple(messages))

    def score_profile(
        self, profile: Profile, role_id: str | None = None, *, all_roles: bool = False, rater: Rater = "self"
    ) -> PersonResult:
        """Score a Profile (its not_applicable entries and the chosen rater's levels are honoured)."""
        return self.score(
            profile.name,
            [(item.name, item.rating(rater)) for item in profile.skills],
            qualifications=profile.qualifications,
            years_experience=profile.years_experience,
            target_role=profile.target_role,
            not_applicable=[entry.skill for entry in profile.not_applicable],
            role_id=role_id,
            all_roles=all_roles,
        )

    def score_record(
        self, record: PersonRecord, role_id: str | None = None, *, all_roles: bool = False
    ) -> PersonResult:
        """Score a person read from a team file (see careergap.batch)."""
        notes = (
            ("target_role was rejected (see the errors); scored against the best match",)
            if (role_id is None and not all_roles and record.target_role is None and record.target_rejected)
            else ()
        )
        return self.score(
            record.name,
            record.skills,
            qualifications=record.qualifications,
            years_experience=record.years_experience,
            target_role=record.target_role,
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
                    "gates_passed": None,
                    "essential_gaps": None,
                    "unrated": None,
                    "coverage": None,
                    **({"gaps": []} if gaps else {}),
                    "missing_qualifications": [],
                    "unmatched": list(result.unmatched),
                    "notes": list(result.notes),
                }
            ]
        ranked = result.role_basis in ("all_roles", "best_match")
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
                "gates_passed": r.gates_passed,
                "essential_gaps": r.essential_gaps,
                "unrated": r.unrated,
                "coverage": r.coverage,
                **({"gaps": [self.gap_dict(g) for g in r.gaps]} if gaps else {}),
                "missing_qualifications": list(r.missing_qualifications),
                "unmatched": list(result.unmatched),
                "notes": list(result.notes),
            }
            for i, r in enumerate(result.results, 1)
        ]


_EXPERIENCE_WEIGHT = 1.0  # scoring.EXPERIENCE_WEIGHT; _compile checks they agree


def _verdict(score: float, gates_passed: bool) -> str:
    from careergap.scoring import verdict_for

    return verdict_for(score, gates_passed)


_PRIORITY_STEP = (
    4000  # Gap.order = -priority x step + desirable x 2000 + unrated x 1000 + rank of the skill name
)


def _compile(role: Any, skill_names: Mapping[str, str], qualification_names: Mapping[str, str]) -> _Role:
    """Everything about a role that does not depend on the person, worked out once."""
    from careergap.scoring import EXPERIENCE_WEIGHT, WEIGHTS, verdict_for

    global _verdict
    _verdict = verdict_for  # bind once: an import statement per assessment is measurable at 110,000 a run
    if (
        EXPERIENCE_WEIGHT != _EXPERIENCE_WEIGHT
    ):  # pragma: no cover - a guard for a future change of the formula
        raise AssertionError("api._EXPERIENCE_WEIGHT is out of step with scoring.EXPERIENCE_WEIGHT")
    names = {r.skill: skill_names.get(r.skill, r.skill) for r in role.requirements}
    rank = {skill: i for i, skill in enumerate(sorted(names, key=lambda s: (names[s], s)))}
    qualifications = tuple(
        _Qualification(
            tuple(q.accepted),
            qualification_names.get(q.qualification, q.qualification),
            q.importance == "essential",
            WEIGHTS[q.importance],
        )
        for q in role.qualifications
    )
    years = float(role.experience.years) if role.experience is not None and role.experience.years else None
    weights = [WEIGHTS[r.importance] for r in role.requirements] + [q.weight for q in qualifications]
    if years is not None:
        weights.append(EXPERIENCE_WEIGHT)
    integral = all(float(w).is_integer() for w in weights) and len(names) < 1000

    def gap(skill: str, have: int | None, need: int, weight: float, essential: bool) -> Gap:
        priority = weight * (need - (have or 0))
        order = (
            -int(priority) * _PRIORITY_STEP
            + (0 if essential else 2000)
            + (1000 if have is None else 0)
            + rank[skill]
            if integral
            else 0
        )
        label = f"{names[skill]} ({'-' if have is None else have}/{need})"
        return Gap(order, skill, have, need, priority, essential, names[skill], label)

    requirements = []
    for r in role.requirements:
        weight, need, essential = WEIGHTS[r.importance], int(r.level), r.importance == "essential"
        requirements.append(
            _Requirement(
                skill=r.skill,
                essential=essential,
                weight=weight,
                # the same expression as scoring.assess, so the same float
                credit=tuple(weight * min(have, need) / need for have in LEVELS),
                gap=tuple(
                    gap(r.skill, have, need, weight, essential) if have < need else None for have in LEVELS
                ),
                unrated=gap(r.skill, None, need, weight, essential),
            )
        )
    return _Role(
        id=role.id,
        title=role.title,
        requirements=tuple(requirements),
        qualifications=qualifications,
        experience_years=years,
        total_weight=sum(weights),
        integral=integral,
    )


def _assess(
    role: _Role, levels: Mapping[str, int], held: frozenset[str], years: float | None, excluded: set[str]
) -> RoleResult:
    """scoring.assess, reduced to what a team run reports: the same rows in the same order, the same rounding.

    Why this is exact: weights are small whole numbers, so every sum of weights is exact in any order; credits are
    summed with the same ``sum`` over the same non-zero values in the same order (adding 0.0 changes no float sum).
    """
    if excluded or not role.integral:
        return _assess_general(role, levels, held, years, excluded)
    credits: list[float] = []
    gaps: list[Gap] = []
    unrated_weight = 0.0
    essential_gaps = 0
    unrated = 0
    gates = True
    get = levels.get
    for skill, essential, weight, credit, gap_at, unrated_gap in role.requirements:
        have = get(skill)
        if have is None:
            unrated += 1
            unrated_weight += weight
            gaps.append(unrated_gap)
        else:
            credits.append(credit[have])
            gap = gap_at[have]
            if gap is None:
                continue
            gaps.append(gap)
        if essential:
            essential_gaps += 1
            gates = False
    missing: list[str] = []
    for qualification in role.qualifications:
        for accepted in qualification.accepted:
            if accepted in held:
                credits.append(qualification.weight)
                break
        else:
            missing.append(qualification.name)
            if qualification.essential:
                gates = False
    if role.experience_years is not None:
        if years is None:
            unrated_weight += _EXPERIENCE_WEIGHT
        else:
            credits.append(_EXPERIENCE_WEIGHT * min(years / role.experience_years, 1.0))
    total_weight = role.total_weight
    score = round(100.0 * sum(credits) / total_weight, 1) if total_weight else 0.0
    coverage = round((total_weight - unrated_weight) / total_weight, 3) if total_weight else 0.0
    gaps.sort()
    return RoleResult(
        role.id,
        role.title,
        score,
        _verdict(score, gates),
        gates,
        essential_gaps,
        unrated,
        coverage,
        tuple(gaps),
        tuple(missing),
    )


def _assess_general(
    role: _Role, levels: Mapping[str, int], held: frozenset[str], years: float | None, excluded: set[str]
) -> RoleResult:
    """The plain version: not-applicable requirements and any weights, row by row as scoring.assess does it."""
    from careergap.scoring import EXPERIENCE_WEIGHT, verdict_for

    weights: list[float] = []
    credits: list[float] = []
    rated: list[float] = []
    gaps: list[Gap] = []
    essential_gaps = 0
    unrated = 0
    gates = True
    for requirement in role.requirements:
        if requirement.skill in excluded:
            weights.append(0.0)
            credits.append(0.0)
            rated.append(0.0)
            continue
        have = levels.get(requirement.skill)
        weights.append(requirement.weight)
        if have is None:
            credits.append(0.0)
            unrated += 1
            gaps.append(requirement.unrated)
        else:
            credits.append(requirement.credit[have])
            rated.append(requirement.weight)
            gap = requirement.gap[have]
            if gap is None:
                continue
            gaps.append(gap)
        if requirement.essential:
            essential_gaps += 1
            gates = False
    missing: list[str] = []
    for qualification in role.qualifications:
        weights.append(qualification.weight)
        rated.append(qualification.weight)
        if any(q in held for q in qualification.accepted):
            credits.append(qualification.weight)
        else:
            credits.append(0.0)
            missing.append(qualification.name)
            if qualification.essential:
                gates = False
    if role.experience_years is not None:
        weights.append(EXPERIENCE_WEIGHT)
        if years is None:
            credits.append(0.0)
        else:
            credits.append(EXPERIENCE_WEIGHT * min(years / role.experience_years, 1.0))
            rated.append(EXPERIENCE_WEIGHT)
    total_weight = sum(weights)
    score = round(100.0 * sum(credits) / total_weight, 1) if total_weight else 0.0
    coverage = round(sum(rated) / total_weight, 3) if total_weight else 0.0
    gaps.sort(key=lambda g: (-g.priority, not g.essential, g.have is None, g.skill_name))
    return RoleResult(
        role.id,
        role.title,
        score,
        verdict_for(score, gates),
        gates,
        essential_gaps,
        unrated,
        coverage,
        tuple(gaps),
        tuple(missing),
    )


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
    The role is ``role_id`` when given, else the profile's ``target_role``, else the best match. The result holds
    ``person, role_id, role_title, role_basis, rank, scored, score, verdict, gates_passed, essential_gaps, unrated,
    coverage, gaps, missing_qualifications, unmatched, notes``; with ``all_roles=True`` it is the best match plus
    ``ranking``, every role best first in the same shape. A person with nothing to score comes back with
    ``scored: False`` and a note saying why (no exception), so one empty record never stops a whole job.

    ``library`` defaults to the built-in roles plus CAREERGAP_ROLES_DIR, compiled on the first call in each process
    and reused; a given library is compiled once for as long as later calls pass the same object.

    Raises pydantic's ValidationError for a malformed profile and UnknownIdError for an unknown ``role_id``.
    """
    from careergap.models.profile import Profile

    scorer = default_scorer(library)
    person = profile if isinstance(profile, Profile) else Profile.model_validate(dict(profile))
    if role_id is not None:
        scorer.check_role(role_id)
    result = scorer.score_profile(person, role_id, all_roles=all_roles, rater=rater)
    rows = scorer.rows(result)
    out = dict(rows[0])
    if all_roles:
        out["ranking"] = rows if result.results else []
    return out
