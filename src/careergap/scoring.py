"""Score a resolved profile against a role. Pure: no I/O, no printing.

The formula (also in the README, "How a score is worked out"):

* Every requirement has a weight: essential 3, desirable 1. Qualification requirements weigh the same way;
  an experience expectation with a stated number of years weighs 1.
* Credit for a skill = weight x min(have, required) / required. Being better than asked earns nothing extra, so
  strength in one skill never hides a gap in another. A skill the profile says nothing about ("unrated") earns 0
  but is reported as unrated, not as level 0. A requirement marked not applicable (with a reason) leaves the
  denominator.
* Credit for a qualification = its weight if the person holds it or an accepted alternative (or one that implies
  it), else 0. Credit for experience = weight x min(years / required years, 1).
* score = 100 x sum(credit) / sum(weight), to one decimal. Each line's contribution = 100 x credit / sum(weight),
  apportioned to one decimal so that the contributions add up exactly to the score.
* Gates, separate from the score: every essential requirement met (or not applicable) and every essential
  qualification held.
* Verdict: ready = gates passed and score >= 80; nearly = score >= 65; stretch = score >= 40; not yet below that.
  A failed gate caps the verdict at nearly.
* Gap priority = weight x levels missing (unrated counts the whole required level); gaps are listed by priority.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from careergap.models.report import (
    Assessment,
    ExperienceResult,
    Gap,
    PhraseUse,
    QualificationResult,
    RequirementResult,
    Status,
    Verdict,
)
from careergap.models.roles import Role

WEIGHTS = {"essential": 3.0, "desirable": 1.0}
EXPERIENCE_WEIGHT = 1.0
READY = 80.0
NEARLY = 65.0
STRETCH = 40.0


@dataclass(frozen=True)
class ResolvedSkill:
    """What the profile says about one library skill: the level used for scoring and the phrases behind it."""

    level: int
    phrases: tuple[PhraseUse, ...] = ()
    evidence: str | None = None


@dataclass(frozen=True)
class ResolvedProfile:
    """A profile after its phrases were mapped onto the library. Input to scoring; built by analysis.resolve_profile."""

    skills: Mapping[str, ResolvedSkill] = field(default_factory=dict)
    qualifications: frozenset[str] = frozenset()
    qualification_phrases: Mapping[str, str] = field(default_factory=dict)
    years_experience: float | None = None
    not_applicable: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.skills and not self.qualifications and self.years_experience is None


def verdict_for(score: float, gates_passed: bool) -> Verdict:
    if score >= READY and gates_passed:
        return "ready"
    if score >= NEARLY or (score >= READY and not gates_passed):
        return "nearly"
    if score >= STRETCH:
        return "stretch"
    return "not yet"


def apportion(values: Sequence[float], total: float, step: float = 0.1) -> list[float]:
    """Round values to `step` so that they add up exactly to `total` (largest remainder method)."""
    units = round(total / step)
    floors = [math.floor(v / step + 1e-9) for v in values]
    remainder = units - sum(floors)
    order = sorted(range(len(values)), key=lambda i: -(values[i] / step - floors[i]))
    for i in order[: max(remainder, 0)]:
        floors[i] += 1
    return [round(f * step, 1) for f in floors]


def _number(row: Mapping[str, object], key: str) -> float:
    value = row[key]
    assert isinstance(value, (int, float))
    return float(value)


def assess(
    profile: ResolvedProfile,
    role: Role,
    skill_names: Mapping[str, str],
    qualification_names: Mapping[str, str],
) -> Assessment:
    """Score one resolved profile against one role, explaining every point."""
    requirement_rows: list[dict[str, object]] = []
    for requirement in role.requirements:
        weight = WEIGHTS[requirement.importance]
        resolved = profile.skills.get(requirement.skill)
        have = resolved.level if resolved else None
        status: Status
        reason = profile.not_applicable.get(requirement.skill)
        if reason is not None:
            status, credit, weight_used, gap = "not_applicable", 0.0, 0.0, 0
        elif have is None:
            status, credit, weight_used, gap = "unrated", 0.0, weight, requirement.level
        else:
            credit = weight * min(have, requirement.level) / requirement.level
            weight_used = weight
            gap = max(requirement.level - have, 0)
            status = "met" if gap == 0 else ("missing" if have == 0 else "partial")
        requirement_rows.append(
            {
                "skill": requirement.skill,
                "skill_name": skill_names.get(requirement.skill, requirement.skill),
                "importance": requirement.importance,
                "required": requirement.level,
                "have": have,
                "status": status,
                "gap": gap,
                "weight": weight_used,
                "credit": credit,
                "priority": weight * gap if status != "not_applicable" else 0.0,
                "matched_by": list(resolved.phrases) if resolved else [],
                "note": requirement.note,
                "evidence": resolved.evidence if resolved else None,
                "reason": reason,
                "level_inferred": requirement.level_source.is_inferred,
            }
        )
    qualification_rows: list[dict[str, object]] = []
    for qreq in role.qualifications:
        weight = WEIGHTS[qreq.importance]
        held_as = next((q for q in qreq.accepted if q in profile.qualifications), None)
        qualification_rows.append(
            {
                "qualification": qreq.qualification,
                "name": qualification_names.get(qreq.qualification, qreq.qualification),
                "alternatives": [qualification_names.get(q, q) for q in qreq.alternatives],
                "importance": qreq.importance,
                "held": held_as is not None,
                "held_as": qualification_names.get(held_as, held_as) if held_as else None,
                "weight": weight,
                "credit": weight if held_as else 0.0,
                "note": qreq.note,
            }
        )
    experience_row: dict[str, object] | None = None
    if role.experience is not None and role.experience.years:
        needed = float(role.experience.years)
        have_years = profile.years_experience
        if have_years is None:
            exp_status: Status = "unrated"
            exp_credit = 0.0
        else:
            exp_credit = EXPERIENCE_WEIGHT * min(have_years / needed, 1.0)
            exp_status = "met" if have_years >= needed else ("missing" if have_years == 0 else "partial")
        experience_row = {
            "required_years": needed,
            "have_years": have_years,
            "status": exp_status,
            "weight": EXPERIENCE_WEIGHT,
            "credit": exp_credit,
            "description": role.experience.description,
        }

    rows: list[dict[str, object]] = [
        *requirement_rows,
        *qualification_rows,
        *([experience_row] if experience_row else []),
    ]
    total_weight = sum(_number(r, "weight") for r in rows)
    total_credit = sum(_number(r, "credit") for r in rows)
    score = round(100.0 * total_credit / total_weight, 1) if total_weight else 0.0
    exact = [100.0 * _number(r, "credit") / total_weight if total_weight else 0.0 for r in rows]
    for row, contribution in zip(rows, apportion(exact, score), strict=True):
        row["contribution"] = contribution

    failures: list[str] = []
    for row in requirement_rows:
        if row["importance"] == "essential" and row["status"] not in ("met", "not_applicable"):
            have_text = "not rated" if row["have"] is None else f"have {row['have']}"
            failures.append(f"{row['skill_name']}: {have_text}, need {row['required']}")
    for row in qualification_rows:
        if row["importance"] == "essential" and not row["held"]:
            failures.append(f"qualification {row['name']} not held")
    gates_passed = not failures

    requirement_results = [RequirementResult.model_validate(r) for r in requirement_rows]
    gaps = [
        Gap(
            skill=r.skill,
            skill_name=r.skill_name,
            importance=r.importance,
            have=r.have,
            required=r.required,
            status=r.status,
            priority=r.priority,
        )
        for r in requirement_results
        if r.status in ("partial", "missing", "unrated")
    ]
    gaps.sort(key=lambda g: (-g.priority, g.importance != "essential", g.status == "unrated", g.skill_name))
    rated_weight = sum(_number(r, "weight") for r in rows if r.get("status", "met") != "unrated")
    return Assessment(
        role_id=role.id,
        role_title=role.title,
        framework=role.framework,
        grade=role.grade,
        score=score,
        verdict=verdict_for(score, gates_passed),
        gates_passed=gates_passed,
        gate_failures=failures,
        essential_gaps=sum(
            1
            for r in requirement_results
            if r.importance == "essential" and r.status in ("partial", "missing", "unrated")
        ),
        unrated=sum(1 for r in requirement_results if r.status == "unrated"),
        coverage=round(rated_weight / total_weight, 3) if total_weight else 0.0,
        requirements=requirement_results,
        qualifications=[QualificationResult.model_validate(r) for r in qualification_rows],
        experience=ExperienceResult.model_validate(experience_row) if experience_row else None,
        gaps=gaps,
        not_applicable=[r.skill for r in requirement_results if r.status == "not_applicable"],
    )
