"""The compiled scorer (``scoring.score``, what a team run calls per person and role) equals the explained path.

``score`` adds up a role's plan (``CompiledRole.steps``) without building any per-line object. Here every total it
returns is worked out again, line by line, from the rows of ``scoring.explain`` (one row per requirement,
qualification and experience line, each with its own status, weight and credit), on random profiles against every
built-in role and against small made-up roles, with skills marked not applicable, qualification lists given or not,
and years of experience.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careergap.library import Library
from careergap.models.base import LevelSource, Source
from careergap.models.report import RequirementResult
from careergap.models.roles import Experience, QualificationRequirement, Requirement, Role
from careergap.scoring import (
    EXPERIENCE_WEIGHT,
    OVER_PENALTY,
    CompiledRole,
    ResolvedProfile,
    ResolvedSkill,
    RoleScore,
    compile_role,
    explain,
    half_up,
    score,
    verdict_for,
)

SRC = Source(inferred="test")
LVL = LevelSource(inferred="test")


def _half_up(value: float, digits: int) -> float:
    """The report's rounding (a half up on the decimal value): the line-by-line reference rounds as the scorer must."""
    return float(half_up(value, digits))


def _role(requirements: tuple[Requirement, ...], role_id: str = "r", **more: object) -> Role:
    """A test role: only its requirements (and any qualifications or experience in ``more``) matter."""
    return Role(
        id=role_id,
        title=role_id.title(),
        framework="t",
        summary="s",
        source=SRC,
        requirements=requirements,
        **more,
    )


def _line_by_line(role: CompiledRole, profile: ResolvedProfile) -> dict[str, object]:
    """The numbers of the module docstring, recomputed from the explained rows (in role order)."""
    report = explain(role, profile)
    rows = [r for r in report.requirements if r.status != "not_applicable"]
    known = [r for r in rows if r.status != "unrated"]
    quals = [q for q in report.qualifications if q.status != "unrated"]
    credit = 0.0
    for r in known:
        credit += r.credit
    for q in quals:
        credit += q.credit
    known_weight = sum(r.weight for r in known) + sum(q.weight for q in quals)
    if report.experience is not None and report.experience.scored and report.experience.status != "unrated":
        credit += report.experience.credit
        known_weight += EXPERIENCE_WEIGHT
    total = sum(r.weight for r in rows) + sum(q.weight for q in report.qualifications)
    if report.experience is not None and report.experience.scored:
        total += EXPERIENCE_WEIGHT
    unrated_essentials = [r.skill_name for r in rows if r.status == "unrated" and r.importance == "essential"]
    unrated_essentials += [
        q.name for q in report.qualifications if q.status == "unrated" and q.importance == "essential"
    ]
    short = [r for r in known if r.status in ("partial", "missing")]
    gates = not any(r.importance == "essential" for r in short) and not any(
        q.importance == "essential" and q.status == "not held" for q in report.qualifications
    )
    # match: over the whole weight, a rated line losing OVER_PENALTY of its weight per level above the need
    fit = 0.0
    for r in known:
        assert r.have is not None
        fit += max(r.credit - OVER_PENALTY * r.weight * max(r.have - r.required, 0), 0.0)
    for q in quals:
        fit += q.credit
    if report.experience is not None and report.experience.scored and report.experience.status != "unrated":
        fit += report.experience.credit
    essential = [r for r in rows if r.importance == "essential"]
    essential += [q for q in report.qualifications if q.importance == "essential"]  # type: ignore[misc]
    essential_weight = sum(r.weight for r in essential)
    essential_known = sum(r.weight for r in essential if r.status != "unrated")
    value = _half_up(100.0 * credit / known_weight, 1) if known_weight else 0.0
    verdict = verdict_for(value, gates)
    unknown = sum(r.weight for r in essential if r.status == "unrated")
    if unknown:  # worked out as if every unrated essential were 0, and as if every one were met
        whole = known_weight + unknown
        low = verdict_for(_half_up(100.0 * credit / whole, 1), False)
        high = verdict_for(_half_up(100.0 * (credit + unknown) / whole, 1), gates)
        verdict = low if low == high else "unknown"

    def order(r: RequirementResult) -> tuple[float, bool, str, str]:  # priority, essential first, name
        return (-r.priority, r.importance != "essential", r.skill_name, r.skill)

    rated_gaps = sorted(short, key=order)
    unrated_gaps = sorted((r for r in rows if r.status == "unrated"), key=order)
    return {
        "score": value,
        "verdict": verdict,
        "known_weight": known_weight,
        "credit": credit,
        "coverage": _half_up(known_weight / total, 3) if total else 0.0,
        "essential_coverage": _half_up(essential_known / essential_weight, 3) if essential_weight else 1.0,
        "match": _half_up(100.0 * fit / total, 1) if total else 0.0,
        "unrated": sum(1 for r in rows if r.status == "unrated"),
        "essential_gaps": sum(1 for r in short if r.importance == "essential"),
        "unrated_essentials": tuple(unrated_essentials),
        "gates_passed": gates and not unrated_essentials,
        "missing_qualifications": tuple(q.name for q in report.qualifications if q.status == "not held"),
        # gaps: the rated shortfalls first, then the unrated lines, each by priority, essential first, then name
        "gap_skills": [r.skill for r in rated_gaps] + [r.skill for r in unrated_gaps],
        "gap_priorities": [r.priority for r in rated_gaps] + [r.priority for r in unrated_gaps],
    }


def _compiled(result: RoleScore) -> dict[str, object]:
    return {
        "score": result.score,
        "verdict": result.verdict,
        "known_weight": result.known_weight,
        "credit": result.credit,
        "coverage": result.coverage,
        "essential_coverage": result.essential_coverage,
        "match": result.match,
        "unrated": result.unrated,
        "essential_gaps": result.essential_gaps,
        "unrated_essentials": result.unrated_essentials,
        "gates_passed": result.gates_passed,
        "missing_qualifications": result.missing_qualifications,
        "gap_skills": [g.skill for g in result.gaps],
        "gap_priorities": [g.priority for g in result.gaps],
    }


def _check(role: CompiledRole, profile: ResolvedProfile) -> None:
    result = score(
        role,
        profile.levels,
        profile.qualifications,
        profile.years_experience,
        excluded=frozenset(profile.not_applicable),
        qualifications_stated=profile.has_qualification_list,
    )
    compiled, explained = _compiled(result), _line_by_line(role, profile)
    # the same additions in the same order: equal to the last bit, not merely close
    assert compiled == explained, role.id
    # the gaps' own order (priority ties broken by importance and name) sorts them exactly as listed
    assert list(result.gaps) == sorted(result.gaps)


def _random_profile(rnd: random.Random, skills: list[str], quals: list[str]) -> ResolvedProfile:
    levels = {s: rnd.randint(0, 4) for s in rnd.sample(skills, rnd.randint(0, len(skills)))}
    excluded = rnd.sample(skills, rnd.randint(1, 3)) if rnd.random() < 0.3 else []
    held = frozenset(rnd.sample(quals, rnd.randint(0, min(3, len(quals)))))
    return ResolvedProfile(
        skills={s: ResolvedSkill(level=v) for s, v in levels.items()},
        qualifications=held,
        qualifications_stated=bool(held) or rnd.random() < 0.5,
        years_experience=rnd.choice([None, 0.0, 1.5, 4.0, 12.0]),
        not_applicable=dict.fromkeys(excluded, "not in this post"),
    )


def test_compiled_equals_explained_on_random_profiles_against_every_built_in_role(library: Library) -> None:
    names = {sid: skill.name for sid, skill in library.skills.items()}
    roles = [compile_role(role, names, {}) for role in library.roles.values()]
    skills = sorted({line.skill for role in roles for line in role.lines} | {"not-a-library-skill"})
    quals = sorted({a for role in roles for q in role.qualifications for a in q.accepted} | {"other-award"})
    rnd = random.Random(20261129)
    for _ in range(150):
        profile = _random_profile(rnd, skills, quals)
        for role in roles:
            _check(role, profile)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_compiled_equals_explained_on_made_up_roles(data: st.DataObject) -> None:
    skills = [f"s{i}" for i in range(8)]
    chosen = data.draw(st.lists(st.sampled_from(skills), min_size=1, max_size=8, unique=True))
    requirements = tuple(
        Requirement(
            skill=s,
            level=data.draw(st.integers(1, 4)),
            importance=data.draw(st.sampled_from(["essential", "desirable"])),
            note="n",
            source=SRC,
            level_source=LVL,
        )
        for s in chosen
    )
    qualifications = tuple(
        QualificationRequirement(
            qualification=q,
            importance=data.draw(st.sampled_from(["essential", "desirable"])),
            source=SRC,
        )
        for q in data.draw(st.lists(st.sampled_from(["q1", "q2", "q3"]), max_size=2, unique=True))
    )
    years = data.draw(st.sampled_from([None, 2, 5]))
    role = _role(
        requirements,
        qualifications=qualifications,
        experience=Experience(years=years, scored=data.draw(st.booleans()), description="d", source=SRC)
        if years
        else None,
    )
    levels = data.draw(st.dictionaries(st.sampled_from(skills), st.integers(0, 4)))
    excluded = data.draw(st.lists(st.sampled_from(skills), max_size=3, unique=True))
    held = frozenset(data.draw(st.lists(st.sampled_from(["q1", "q2", "q3", "q4"]), max_size=3, unique=True)))
    profile = ResolvedProfile(
        skills={s: ResolvedSkill(level=v) for s, v in levels.items()},
        qualifications=held,
        qualifications_stated=bool(held) or data.draw(st.booleans()),
        years_experience=data.draw(st.sampled_from([None, 0.0, 1.0, 3.5, 10.0])),
        not_applicable=dict.fromkeys(excluded, "n/a"),
    )
    _check(compile_role(role, {}, {}), profile)


def test_a_skill_marked_not_applicable_leaves_the_role_even_when_rated() -> None:
    role = _role(
        tuple(
            Requirement(skill=s, level=2, importance="essential", note="n", source=SRC, level_source=LVL)
            for s in ("a", "b")
        )
    )
    compiled = compile_role(role, {}, {})
    result = score(compiled, {"a": 2, "b": 0}, frozenset(), None, excluded=frozenset({"b"}))
    assert (result.score, result.unrated, result.essential_gaps, result.coverage) == (100.0, 0, 0, 1.0)
    assert result.verdict == "ready" and result.gaps == ()
    with pytest.raises((IndexError, TypeError)):
        score(compiled, {"a": 7}, frozenset(), None)  # a level out of 0-4 is refused, never scored


def test_gaps_keep_their_listed_order_in_a_role_of_thousands_of_requirements() -> None:
    """Gaps are sorted by their order number alone, so it must be distinct for every requirement of any role: with
    2,500 requirements (past the 2,000 the old fixed offsets allowed) the gaps still come rated first, then by
    priority, essential before desirable, then by name, exactly as the explained rows list them."""
    skills = [f"s{i:04d}" for i in range(2_500)]
    role = _role(
        tuple(
            Requirement(
                skill=s,
                level=1 + i % 4,
                importance="essential" if i % 3 else "desirable",
                note="n",
                source=SRC,
                level_source=LVL,
            )
            for i, s in enumerate(skills)
        ),
        "big",
    )
    rnd = random.Random(4)
    levels = {s: rnd.randint(0, 4) for s in rnd.sample(skills, 1_200)}
    _check(
        compile_role(role, {}, {}),
        ResolvedProfile(skills={s: ResolvedSkill(level=v) for s, v in levels.items()}),
    )
