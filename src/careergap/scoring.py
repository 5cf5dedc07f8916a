"""The one scoring core: compile a role once, score a person against it, explain the score. Pure: no I/O.

The formula (also in the README, "How a score is worked out", with a worked example a coach can redo by hand):

* Every line of a role has a weight: an essential requirement 3, a desirable one 1; qualification requirements
  weigh the same way; an experience expectation with a stated number of years weighs 1.
* A line is **known** when the profile says something about it: the skill is rated (0 counts: "cannot do it"), a
  qualification list is given (then an award not on it is not held), or years of experience are given. A line the
  profile says nothing about is **unrated**: "not told" is never read as "cannot". A requirement marked not
  applicable (with a reason) leaves the role.
* Credit on a known line: a skill earns weight x min(have, required) / required (being better than asked earns
  nothing extra, so strength in one skill never hides a gap in another); a qualification earns its weight when the
  person holds it, an accepted alternative or an award that implies it; experience earns weight x min(years /
  required years, 1).
* **score** = 100 x (sum of credit) / (sum of the weights of the known lines), to one decimal (a half up: half_up):
  how well the person fits the role on everything they told us. **coverage** = known weight / all weight: how much
  they told us.
* **Gates**: every essential requirement met and every essential qualification held.
* **Verdict** from the score: ready >= 80 with the gates passed; nearly >= 65 (or >= 80 with a gate failed);
  stretch >= 40; not yet below. While essential lines are unrated, the verdict is worked out twice, once as if
  every unrated essential were at 0 and once as if every one were met (unrated desirable lines stay out of both):
  when the two agree, that is the verdict; when they differ it is **unknown** ("not enough information"), the
  report names the unrated essentials and gives the range.
* **Match** (for ranking roles, not a readiness figure): like the score, but over the role's whole weight (unrated
  lines earn 0) and a rated skill loses a quarter of its weight for each level the person is above what the role
  asks, so a role that fits a person's levels ranks above one they have outgrown. A role the person is ready for
  (nothing essential unrated) whose every rated requirement is met with, on average, a level or more to spare is
  flagged **exceeds**.
* **Seniority** (from the data): a role's weighted mean required level, raised where needed so that a promotion
  always leads to a more senior role. Equal matches rank the more senior role first.
* Gap priority = weight x levels missing (unrated counts the whole required level). Gaps are listed known
  shortfalls first, by priority, then the unrated requirements (to confirm), by priority.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from operator import itemgetter
from typing import NamedTuple

from careergap.models.report import (
    Assessment,
    ExperienceResult,
    PhraseUse,
    QualificationResult,
    RequirementResult,
    Verdict,
)
from careergap.models.report import Gap as GapModel
from careergap.models.roles import Role

WEIGHTS = {"essential": 3.0, "desirable": 1.0}
EXPERIENCE_WEIGHT = 1.0
READY = 80.0
NEARLY = 65.0
STRETCH = 40.0
OVER_PENALTY = 0.25  # share of a line's weight the match loses per level the person is above the requirement
EXCEEDS_BY = 1.0  # mean levels above the role (over rated requirements) that flag "exceeds"
THIN_COVERAGE = 0.5  # below this share of a role's weight rated, a ranking or a best fit rests on a few lines
LEVELS = range(5)
_UNRATED_OFFSET = 10**9  # Gap.order: see compile_role


# ----------------------------------------------------------------------------------------------- inputs
@dataclass(frozen=True)
class ResolvedSkill:
    """What the profile says about one library skill: the level used for scoring and the phrases behind it."""

    level: int
    phrases: tuple[PhraseUse, ...] = ()
    evidence: str | None = None


@dataclass(frozen=True)
class ResolvedProfile:
    """A profile after its phrases were mapped onto the library. Input to scoring; built by analysis.resolve.

    ``qualifications`` is every award held, including those implied by a held one; ``qualification_sources`` says,
    for each, which award the person actually listed that gives it, and ``qualification_phrases`` how they wrote
    it. ``qualifications_stated`` is False when the profile lists no qualification at all (then qualification
    requirements are unrated rather than "not held").
    """

    skills: Mapping[str, ResolvedSkill] = field(default_factory=dict)
    qualifications: frozenset[str] = frozenset()
    qualification_phrases: Mapping[str, str] = field(default_factory=dict)
    qualification_sources: Mapping[str, str] = field(default_factory=dict)
    qualifications_stated: bool | None = None  # None: stated when any qualification is held
    years_experience: float | None = None
    not_applicable: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        """No skill rated: a score is the credit of rated skill lines, so there is none. Qualifications and
        experience alone are lines of a role too, but scored alone they gave "100 / 100" on 2% of a role (two awards
        held) or "0.0" on 0% (years only), read as a verdict on the person."""
        return not self.skills

    @property
    def has_qualification_list(self) -> bool:
        return bool(self.qualifications) if self.qualifications_stated is None else self.qualifications_stated

    @property
    def levels(self) -> dict[str, int]:
        return {skill: resolved.level for skill, resolved in self.skills.items()}


# ---------------------------------------------------------------------------------------- compiled role
class Gap(NamedTuple):
    """A requirement not met. Built once per role, skill and level when a role is compiled, then shared."""

    order: int  # sorts gaps: rated first, then priority, essential first, skill name
    skill: str
    have: int | None  # None: the person did not rate it
    need: int
    priority: float
    essential: bool
    skill_name: str
    label: str  # "Budget and financial management (1/3)"; "-" for have when unrated


_ORDER = itemgetter(0)  # Gap.order


class Line(NamedTuple):
    """One requirement, with everything that depends only on the level held worked out in advance."""

    skill: str
    essential: bool
    weight: float
    need: int
    credit: tuple[float, ...]  # by level held 0-4: weight x min(have, need) / need
    fit: tuple[float, ...]  # by level held: the credit less OVER_PENALTY x weight per level above need
    surplus: tuple[int, ...]  # by level held: levels above need
    gap: tuple[Gap | None, ...]  # by level held (None when met)
    unrated: Gap


class QualificationLine(NamedTuple):
    qualification: str
    accepted: tuple[str, ...]
    name: str
    essential: bool
    weight: float


@dataclass(frozen=True, slots=True)
class CompiledRole:
    """Everything about a role that does not depend on the person, worked out once."""

    role: Role
    lines: tuple[Line, ...]
    qualifications: tuple[QualificationLine, ...]
    experience_years: float | None  # None: no scored experience line
    total_weight: float
    skill_names: Mapping[str, str]
    qualification_names: Mapping[str, str]
    # What ``score`` visits for each line, in role order: (skill, the skill's name if the line is essential else ""
    # (what an unrated essential line is listed as), weight, by level held 0-4 (credit, fit, weight x levels above
    # need, gap or None), the gap when unrated). One tuple lookup per rated line.
    steps: tuple[tuple[str, str, float, tuple[tuple[float, float, float, Gap | None], ...], Gap], ...]
    essential_weight: float  # of the essential lines (qualifications not included)

    @property
    def id(self) -> str:
        return self.role.id

    @property
    def title(self) -> str:
        return self.role.title


def _scored_years(role: Role) -> float | None:
    """Years that weigh in the score: stated, and not marked as display-only by the role file."""
    experience = role.experience
    if experience is None or not experience.years:
        return None
    if not experience.scored:
        return None
    return float(experience.years)


def compile_role(
    role: Role, skill_names: Mapping[str, str], qualification_names: Mapping[str, str]
) -> CompiledRole:
    """Compile one role: weights, credit and gap of every requirement at every level, in advance."""
    names = {r.skill: skill_names.get(r.skill, r.skill) for r in role.requirements}
    rank = {skill: i for i, skill in enumerate(sorted(names, key=lambda s: (names[s], s)))}
    # Gap.order is one int that sorts gaps as listed: rated before unrated, then by priority (highest first), essential
    # before desirable, then by skill name; each part has room for the next, so no two gaps of a role share an order.
    slot = len(rank) + 1
    if round(max(WEIGHTS.values()) * max(LEVELS) * 2) * 2 * slot >= _UNRATED_OFFSET:
        raise ValueError(f"role {role.id!r} has too many requirements to score ({len(rank)})")

    def gap(skill: str, have: int | None, need: int, weight: float, essential: bool) -> Gap:
        priority = weight * (need - (have or 0))
        order = (
            (_UNRATED_OFFSET if have is None else 0)
            - round(priority * 2) * 2 * slot
            + (0 if essential else slot)
            + rank[skill]
        )
        label = f"{names[skill]} ({'-' if have is None else have}/{need})"
        return Gap(order, skill, have, need, priority, essential, names[skill], label)

    lines = []
    for r in role.requirements:
        weight, need, essential = WEIGHTS[r.importance], int(r.level), r.importance == "essential"
        credit = tuple(weight * min(have, need) / need for have in LEVELS)
        surplus = tuple(max(have - need, 0) for have in LEVELS)
        lines.append(
            Line(
                skill=r.skill,
                essential=essential,
                weight=weight,
                need=need,
                credit=credit,
                fit=tuple(
                    max(c - OVER_PENALTY * weight * s, 0.0) for c, s in zip(credit, surplus, strict=True)
                ),
                surplus=surplus,
                gap=tuple(
                    gap(r.skill, have, need, weight, essential) if have < need else None for have in LEVELS
                ),
                unrated=gap(r.skill, None, need, weight, essential),
            )
        )
    qualifications = tuple(
        QualificationLine(
            q.qualification,
            tuple(q.accepted),
            qualification_names.get(q.qualification, q.qualification),
            q.importance == "essential",
            WEIGHTS[q.importance],
        )
        for q in role.qualifications
    )
    years = _scored_years(role)
    total = sum(line.weight for line in lines) + sum(q.weight for q in qualifications)
    return CompiledRole(
        role=role,
        lines=tuple(lines),
        qualifications=qualifications,
        experience_years=years,
        total_weight=total + (EXPERIENCE_WEIGHT if years is not None else 0.0),
        skill_names=skill_names,
        qualification_names=qualification_names,
        steps=tuple(
            (
                line.skill,
                line.unrated.skill_name if line.essential else "",
                line.weight,
                tuple(
                    (line.credit[have], line.fit[have], line.weight * line.surplus[have], line.gap[have])
                    for have in LEVELS
                ),
                line.unrated,
            )
            for line in lines
        ),
        essential_weight=sum(line.weight for line in lines if line.essential),
    )


# --------------------------------------------------------------------------------------------- score
@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs 3x, and a team run builds many
class RoleScore:
    """One person against one role: the numbers every output shares (``explain`` adds the line-by-line detail)."""

    role_id: str
    role_title: str
    score: float
    verdict: Verdict
    verdict_range: tuple[Verdict, Verdict] | None  # (as if unrated essentials were 0, as if they were met)
    gates_passed: bool
    essential_gaps: int  # rated essential requirements below the level asked
    unrated: int  # requirements the profile says nothing about
    unrated_essentials: tuple[str, ...]  # names of essential requirements and qualifications not stated
    coverage: float
    essential_coverage: float
    match: float
    exceeds: bool
    known_weight: float
    credit: float
    gaps: tuple[Gap, ...]
    missing_qualifications: tuple[str, ...]  # names of qualification requirements known not to be held


_STEPS = tuple(Decimal(1).scaleb(-digits) for digits in range(4))  # 1, 0.1, 0.01, 0.001


def half_up(value: float, digits: int = 1) -> Decimal:
    """``value`` to ``digits`` decimals (0 to 3), a half rounded up, as a person rounds the decimal they read: the
    one rounding rule for every score, point, fit, coverage and contribution careergap stores or shows.

    Python's round() and format() round the binary float half to even: 86.25 gave 86.2 and 11.25 gave 11.2, where a
    coach redoing the sum by hand writes 86.3 and 11.3; 2.675 (2.67499... in binary) gave 2.67. So the value is read
    first as the decimal it stands for, to 9 places, which also absorbs float noise such as 86.24999999999999 for a
    sum that is 86.25 by hand; then a half rounds away from zero. A zero is never shown as -0.0.

    >>> half_up(86.25), half_up(11.25), half_up(0.05), half_up(2.675, 2), half_up(12.5, 0), half_up(-0.04)
    (Decimal('86.3'), Decimal('11.3'), Decimal('0.1'), Decimal('2.68'), Decimal('13'), Decimal('0.0'))
    """
    found = Decimal(f"{value:.9f}").quantize(_STEPS[digits], ROUND_HALF_UP)
    return abs(found) if found.is_zero() else found


def one_decimal(value: float) -> str:
    """A score, points, fit or change in score as every report shows it: one decimal, a half rounded up.

    >>> one_decimal(86.25), one_decimal(100.0), one_decimal(0.0)
    ('86.3', '100.0', '0.0')
    """
    return str(half_up(value, 1))


def percent(share: float) -> str:
    """A share (coverage: 0.125 of a role's weight) as every report shows it: a whole percent, a half rounded up.

    >>> percent(0.125), percent(0.075), percent(1.0)
    ('13%', '8%', '100%')
    """
    return f"{half_up(share * 100, 0)}%"


# by digits: value -> float(half_up(value, digits))
_ROUNDED: tuple[dict[float, float], ...] = ({}, {}, {}, {})
_ROUNDED_KEPT = 1 << 16  # values remembered per number of digits (each a few dozen bytes)


def rounded(value: float, digits: int) -> float:
    """``half_up(value, digits)`` as a float, remembered: a lookup for a value seen before. The figures a report
    carries (score, match, coverage, a team's means) are rounded here, so the JSON holds the very decimal the
    table shows.

    Why remembered: the decimal rounding costs about twenty dict lookups; a team run rounds six figures per person
    and role, and they take few distinct values (whole weights, credits in twelfths), so almost every one has been
    seen. 0.0 and -0.0 are one key, and both round to 0.0.

    >>> rounded(86.25, 1), rounded(1 / 16, 3)
    (86.3, 0.063)
    """
    cache = _ROUNDED[digits]
    found = cache.get(value)
    if found is None:
        found = float(half_up(value, digits))
        if len(cache) < _ROUNDED_KEPT:
            cache[value] = found
    return found


def verdict_for(score: float, gates_passed: bool) -> Verdict:
    """The verdict for a score, when everything essential is known."""
    if score >= READY and gates_passed:
        return "ready"
    if score >= NEARLY:
        return "nearly"
    if score >= STRETCH:
        return "stretch"
    return "not yet"


def score(
    role: CompiledRole,
    levels: Mapping[str, int],
    held: frozenset[str] | set[str],
    years: float | None,
    *,
    excluded: frozenset[str] | set[str] = frozenset(),
    qualifications_stated: bool = True,
) -> RoleScore:
    """Score one person, given as plain values, against a compiled role: the arithmetic of the module docstring.

    ``levels`` maps skill id to the level held (0-4); ``held`` is every award held (implied ones included);
    ``excluded`` are skills marked not applicable.
    """
    known_weight = credit = fit = 0.0
    unknown_essential = 0.0
    essential_known = 0.0
    surplus_weighted = 0.0
    essential_gaps = unrated = shortfalls = 0
    gaps: list[Gap] = []
    unrated_essentials: list[str] = []
    total = role.total_weight
    essential_weight = role.essential_weight
    steps = role.steps
    if excluded:  # lines marked not applicable leave the role
        left = [step for step in steps if step[0] in excluded]
        steps = tuple(step for step in steps if step[0] not in excluded)
        for _, essential, weight, _at, _gap in left:
            total -= weight
            if essential:
                essential_weight -= weight
    get = levels.get
    # Tuple unpacking, not attribute access: this loop runs once per requirement per person in a team run.
    for skill, essential, weight, at, unrated_gap in steps:
        have = get(skill)
        if have is None:
            unrated += 1
            gaps.append(unrated_gap)
            if essential:
                unknown_essential += weight
                unrated_essentials.append(essential)
            continue
        line_credit, line_fit, line_surplus, gap = at[have]
        known_weight += weight
        credit += line_credit
        fit += line_fit
        surplus_weighted += line_surplus
        if essential:
            essential_known += weight
        if gap is not None:
            gaps.append(gap)
            shortfalls += 1
            if essential:
                essential_gaps += 1
    gates = not essential_gaps
    rated_weight = known_weight  # before qualifications and experience join the known weight
    missing: list[str] = []
    for q in role.qualifications:
        if q.essential:
            essential_weight += q.weight
        has = not held.isdisjoint(q.accepted)  # the award or an accepted alternative is held
        if not qualifications_stated and not has:
            if q.essential:
                unknown_essential += q.weight
                unrated_essentials.append(q.name)
            continue
        known_weight += q.weight
        if q.essential:
            essential_known += q.weight
        if has:
            credit += q.weight
            fit += q.weight
        else:
            missing.append(q.name)
            if q.essential:
                gates = False
    if role.experience_years is not None and years is not None:
        earned = EXPERIENCE_WEIGHT * min(years / role.experience_years, 1.0)
        known_weight += EXPERIENCE_WEIGHT
        credit += earned
        fit += earned

    value = rounded(100.0 * credit / known_weight, 1) if known_weight else 0.0
    verdict_range: tuple[Verdict, Verdict] | None = None
    if unknown_essential:
        whole = known_weight + unknown_essential
        low = verdict_for(rounded(100.0 * credit / whole, 1), False)
        high = verdict_for(rounded(100.0 * (credit + unknown_essential) / whole, 1), gates)
        verdict: Verdict = low if low == high else "unknown"
        if verdict == "unknown":
            verdict_range = (low, high)
        gates = False
    else:
        verdict = verdict_for(value, gates)
    gaps.sort(key=_ORDER)  # orders are distinct: the same order as sorting the tuples, about 1.6x faster
    base = role.role
    # Positional, in the order of RoleScore's fields: cheaper than 17 keywords, once per person per role.
    return RoleScore(
        base.id,  # role_id
        base.title,  # role_title
        value,  # score
        verdict,
        verdict_range,
        gates,  # gates_passed
        essential_gaps,
        unrated,
        tuple(unrated_essentials),
        rounded(known_weight / total, 3) if total else 0.0,  # coverage
        rounded(essential_known / essential_weight, 3) if essential_weight else 1.0,  # essential_coverage
        rounded(100.0 * fit / total, 1) if total else 0.0,  # match
        # exceeds: ready for it (nothing essential unrated, every gate passed) with a level or more to spare on average;
        # on 16% of a role rated, "exceeds" read as over-qualified for what was never said
        verdict == "ready"
        and bool(rated_weight)
        and not shortfalls  # every rated requirement met, as before this rule also asked for readiness
        and surplus_weighted / rated_weight >= EXCEEDS_BY,
        known_weight,
        credit,
        tuple(gaps),
        tuple(missing),  # missing_qualifications
    )


# ------------------------------------------------------------------------------------------- ranking
def seniority(roles: Iterable[Role]) -> dict[str, float]:
    """How demanding each role is, from the data alone: the weighted mean of its required levels, raised where
    needed so that every promotion (``next`` link) leads to a strictly more senior role. Works for any
    organisation's ladders; iterative, so a long chain cannot exhaust the stack."""
    by_id = {role.id: role for role in roles}
    demand = {
        rid: sum(WEIGHTS[r.importance] * r.level for r in role.requirements)
        / sum(WEIGHTS[r.importance] for r in role.requirements)
        for rid, role in by_id.items()
    }
    below: dict[str, list[str]] = {rid: [] for rid in by_id}
    waiting = dict.fromkeys(by_id, 0)
    for rid, role in by_id.items():
        for link in role.next:
            if link.role in by_id and link.role != rid:
                below[link.role].append(rid)
                waiting[link.role] += 1
    ready = sorted(rid for rid, n in waiting.items() if n == 0)
    out: dict[str, float] = {}
    while ready:
        rid = ready.pop()
        out[rid] = max([demand[rid], *(out[p] + 0.01 for p in below[rid] if p in out)])
        for link in by_id[rid].next:
            if link.role in waiting and link.role != rid:
                waiting[link.role] -= 1
                if waiting[link.role] == 0:
                    ready.append(link.role)
    for rid in by_id:  # roles on a promotion cycle (refused by validation) keep their own demand
        out.setdefault(rid, demand[rid])
    return out


def rank_key(result: RoleScore, seniority_of: Mapping[str, float]) -> tuple[float, float, str]:
    """Best fit first; among equal matches, the more senior role."""
    return (-result.match, -seniority_of.get(result.role_id, 0.0), result.role_id)


# ------------------------------------------------------------------------------------------- explain
def apportion(values: Sequence[float], total: float, step: float = 0.1) -> list[float]:
    """Round values to `step` so that they add up exactly to `total` (largest remainder method)."""
    units = round(total / step)
    floors = [math.floor(v / step + 1e-9) for v in values]
    remainder = units - sum(floors)
    order = sorted(range(len(values)), key=lambda i: -(values[i] / step - floors[i]))
    for i in order[: max(remainder, 0)]:
        floors[i] += 1
    return [round(f * step, 1) for f in floors]


def _credit(row: Mapping[str, object]) -> float:
    value = row["credit"]
    assert isinstance(value, float | int)
    return float(value)


def explain(role: CompiledRole, profile: ResolvedProfile) -> Assessment:
    """The fully explained assessment: ``score``'s numbers, with every line, its credit and contribution."""
    levels = profile.levels
    excluded = frozenset(profile.not_applicable)
    result = score(
        role,
        levels,
        profile.qualifications,
        profile.years_experience,
        excluded=excluded,
        qualifications_stated=profile.has_qualification_list,
    )
    known = result.known_weight
    requirement_rows: list[dict[str, object]] = []
    for line, requirement in zip(role.lines, role.role.requirements, strict=True):
        resolved = profile.skills.get(line.skill)
        reason = profile.not_applicable.get(line.skill)
        have = resolved.level if resolved else None
        row: dict[str, object] = {
            "skill": line.skill,
            "skill_name": line.unrated.skill_name,
            "importance": requirement.importance,
            "required": line.need,
            "have": have,
            "matched_by": list(resolved.phrases) if resolved else [],
            "note": requirement.note,
            "evidence": resolved.evidence if resolved else None,
            "reason": reason,
            "level_inferred": requirement.level_source.is_inferred,
        }
        if reason is not None:
            row.update(status="not_applicable", gap=0, weight=0.0, credit=0.0, priority=0.0)
        elif have is None:
            row.update(
                status="unrated",
                gap=line.need,
                weight=line.weight,
                credit=0.0,
                priority=line.unrated.priority,
            )
        else:
            gap = line.gap[have]
            row.update(
                status="met" if gap is None else ("missing" if have == 0 else "partial"),
                gap=0 if gap is None else line.need - have,
                weight=line.weight,
                credit=line.credit[have],
                priority=0.0 if gap is None else gap.priority,
            )
        requirement_rows.append(row)
    qualification_rows: list[dict[str, object]] = []
    for q in role.qualifications:
        held_as = next((a for a in q.accepted if a in profile.qualifications), None)
        source = profile.qualification_sources.get(held_as, held_as) if held_as else None
        status = "held" if held_as else ("not held" if profile.has_qualification_list else "unrated")
        qualification_rows.append(
            {
                "qualification": q.qualification,
                "name": q.name,
                "alternatives": [role.qualification_names.get(a, a) for a in q.accepted[1:]],
                "importance": "essential" if q.essential else "desirable",
                "held": held_as is not None,
                "status": status,
                "held_as": role.qualification_names.get(source, source) if source else None,
                "held_phrase": profile.qualification_phrases.get(source) if source else None,
                "weight": q.weight,
                "credit": q.weight if held_as else 0.0,
                "note": next(
                    (r.note for r in role.role.qualifications if r.qualification == q.qualification), None
                ),
            }
        )
    experience_row: dict[str, object] | None = None
    experience = role.role.experience
    if experience is not None and experience.years:
        needed = float(experience.years)
        have_years = profile.years_experience
        scored = role.experience_years is not None
        earned = 0.0
        if have_years is None:
            exp_status = "unrated"
        else:
            earned = EXPERIENCE_WEIGHT * min(have_years / needed, 1.0) if scored else 0.0
            exp_status = "met" if have_years >= needed else ("missing" if have_years == 0 else "partial")
        experience_row = {
            "required_years": needed,
            "have_years": have_years,
            "status": exp_status,
            "scored": scored,
            "weight": EXPERIENCE_WEIGHT if scored else 0.0,
            "credit": earned,
            "description": experience.description,
        }
    # Contributions: each known line's share of the score, rounded so that they add up to it exactly.
    known_rows = [
        *(r for r in requirement_rows if r["status"] not in ("unrated", "not_applicable")),
        *(r for r in qualification_rows if r["status"] != "unrated"),
        *(
            [experience_row]
            if experience_row is not None
            and experience_row["scored"]
            and experience_row["status"] != "unrated"
            else []
        ),
    ]
    shares = apportion([100.0 * _credit(r) / known if known else 0.0 for r in known_rows], result.score)
    for row in (*requirement_rows, *qualification_rows, *([experience_row] if experience_row else [])):
        row["contribution"] = 0.0
    for row, share in zip(known_rows, shares, strict=True):
        row["contribution"] = share

    failures: list[str] = []
    for row in requirement_rows:
        if row["importance"] == "essential" and row["status"] in ("partial", "missing"):
            failures.append(f"{row['skill_name']}: have {row['have']}, need {row['required']}")
    for row in qualification_rows:
        if row["importance"] == "essential" and row["status"] == "not held":
            failures.append(f"qualification {row['name']} not held")
    gap_models = [
        GapModel(
            skill=g.skill,
            skill_name=g.skill_name,
            importance="essential" if g.essential else "desirable",
            have=g.have,
            required=g.need,
            status="unrated" if g.have is None else ("missing" if g.have == 0 else "partial"),
            priority=g.priority,
        )
        for g in result.gaps
    ]
    return Assessment(
        role_id=role.id,
        role_title=role.title,
        framework=role.role.framework,
        grade=role.role.grade,
        score=result.score,
        verdict=result.verdict,
        verdict_range=list(result.verdict_range) if result.verdict_range else None,
        gates_passed=result.gates_passed,
        gate_failures=failures,
        unrated_essentials=list(result.unrated_essentials),
        essential_gaps=result.essential_gaps,
        unrated=result.unrated,
        coverage=result.coverage,
        essential_coverage=result.essential_coverage,
        match=result.match,
        exceeds=result.exceeds,
        known_weight=result.known_weight,
        credit=rounded(result.credit, 3),
        requirements=[RequirementResult.model_validate(r) for r in requirement_rows],
        qualifications=[QualificationResult.model_validate(r) for r in qualification_rows],
        experience=ExperienceResult.model_validate(experience_row) if experience_row else None,
        gaps=gap_models,
        not_applicable=[str(r["skill"]) for r in requirement_rows if r["status"] == "not_applicable"],
    )
