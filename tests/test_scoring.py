"""Scoring: hand-worked examples, the explanation adds up for every role, and properties that must always hold."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careergap.library import Library
from careergap.models.base import LevelSource, Source
from careergap.models.report import Report
from careergap.models.roles import QualificationRequirement, Requirement, Role
from careergap.scoring import ResolvedProfile, ResolvedSkill, apportion, assess, verdict_for

SRC = Source(inferred="test")
LVL = LevelSource(inferred="test")


def _role(*reqs: tuple[str, int, str], quals: tuple[tuple[str, str], ...] = ()) -> Role:
    return Role(
        id="r",
        title="R",
        framework="t",
        summary="s",
        source=SRC,
        requirements=tuple(
            Requirement(skill=s, level=lv, importance=imp, note="n", source=SRC, level_source=LVL)  # type: ignore[arg-type]
            for s, lv, imp in reqs
        ),
        qualifications=tuple(
            QualificationRequirement(qualification=q, importance=imp, source=SRC)  # type: ignore[arg-type]
            for q, imp in quals
        ),
    )


def _profile(**levels: int) -> ResolvedProfile:
    return ResolvedProfile(skills={k.replace("_", "-"): ResolvedSkill(level=v) for k, v in levels.items()})


def _assess(profile: ResolvedProfile, role: Role):
    return assess(profile, role, {}, {})


def test_hand_worked_example() -> None:
    """Essential 3/3 (weight 3) + essential 1/2 (weight 3 x 1/2) + desirable unrated (weight 1): 4.5 / 7 = 64.3."""
    role = _role(("a", 3, "essential"), ("b", 2, "essential"), ("c", 2, "desirable"))
    result = _assess(_profile(a=3, b=1), role)
    assert result.score == pytest.approx(64.3)
    assert result.verdict == "stretch"
    assert not result.gates_passed
    assert [r.status for r in result.requirements] == ["met", "partial", "unrated"]
    assert [g.skill for g in result.gaps] == ["b", "c"]  # priority 3x1 = 3 before 1x2 = 2


def test_credit_is_capped_so_strength_cannot_hide_a_gap() -> None:
    role = _role(("a", 2, "essential"), ("b", 2, "essential"))
    capped = _assess(_profile(a=4, b=0), role)
    assert capped.score == pytest.approx(50.0)
    assert capped.requirements[1].status == "missing"


def test_unrated_is_not_level_zero_in_the_report_but_earns_nothing() -> None:
    role = _role(("a", 2, "essential"), ("b", 2, "essential"))
    zero = _assess(_profile(a=2, b=0), role)
    unrated = _assess(_profile(a=2), role)
    assert zero.score == unrated.score == 50.0
    assert zero.requirements[1].status == "missing" and unrated.requirements[1].status == "unrated"
    assert unrated.unrated == 1 and zero.unrated == 0
    assert unrated.coverage == pytest.approx(0.5)


def test_not_applicable_leaves_the_denominator() -> None:
    role = _role(("a", 2, "essential"), ("b", 2, "essential"))
    profile = ResolvedProfile(
        skills={"a": ResolvedSkill(level=2)}, not_applicable={"b": "no purchasing here"}
    )
    result = _assess(profile, role)
    assert result.score == 100.0
    assert result.gates_passed and result.verdict == "ready"
    assert result.requirements[1].status == "not_applicable"
    assert result.requirements[1].reason == "no purchasing here"


def test_gates_block_ready_even_at_a_high_score() -> None:
    reqs = [(f"s{i}", 2, "essential") for i in range(10)]
    role = _role(*reqs)
    levels = {f"s{i}": 2 for i in range(9)} | {"s9": 1}
    result = _assess(ResolvedProfile(skills={k: ResolvedSkill(level=v) for k, v in levels.items()}), role)
    assert result.score == pytest.approx(95.0)
    assert result.verdict == "nearly"
    assert result.gate_failures == ["s9: have 1, need 2"]


def test_essential_qualification_is_a_gate() -> None:
    role = _role(("a", 2, "essential"), quals=(("prince2-practitioner", "essential"),))
    without = _assess(_profile(a=2), role)
    with_it = _assess(
        ResolvedProfile(
            skills={"a": ResolvedSkill(level=2)}, qualifications=frozenset({"prince2-practitioner"})
        ),
        role,
    )
    assert not without.gates_passed and with_it.gates_passed
    assert without.score == 50.0 and with_it.score == 100.0


@pytest.mark.parametrize(
    ("score", "gates", "verdict"),
    [
        (80, True, "ready"),
        (79.9, True, "nearly"),
        (90, False, "nearly"),
        (65, False, "nearly"),
        (64.9, True, "stretch"),
        (40, True, "stretch"),
        (39.9, True, "not yet"),
    ],
)
def test_verdict_bands(score: float, gates: bool, verdict: str) -> None:
    assert verdict_for(score, gates) == verdict


@given(st.lists(st.floats(min_value=0, max_value=40), min_size=1, max_size=40))
def test_apportion_adds_up_exactly(values: list[float]) -> None:
    total = round(sum(values), 1)
    parts = apportion(values, total)
    assert round(sum(parts), 1) == total
    assert all(abs(p - v) < 0.1 + 1e-9 for p, v in zip(parts, values, strict=True))


# --- properties over the real library ----------------------------------------------------------


def _skills(library: Library) -> list[str]:
    return sorted({r.skill for role in library.roles.values() for r in role.requirements})


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_properties_on_every_role(library: Library, data: st.DataObject) -> None:
    skills = _skills(library)
    chosen = data.draw(st.dictionaries(st.sampled_from(skills), st.integers(0, 4), max_size=25))
    profile = ResolvedProfile(skills={k: ResolvedSkill(level=v) for k, v in chosen.items()})
    for role in library.roles.values():
        result = _assess(profile, role)
        assert 0.0 <= result.score <= 100.0
        # the explanation adds up: the points shown sum to the score shown
        points = [r.contribution for r in result.requirements] + [
            q.contribution for q in result.qualifications
        ]
        if result.experience:
            points.append(result.experience.contribution)
        assert round(sum(points), 1) == result.score
        # raising one skill never lowers the score
        if chosen:
            skill = data.draw(st.sampled_from(sorted(chosen)))
            if chosen[skill] < 4:
                better = dict(chosen, **{skill: chosen[skill] + 1})
                higher = _assess(
                    ResolvedProfile(skills={k: ResolvedSkill(level=v) for k, v in better.items()}), role
                )
                assert higher.score >= result.score


def test_every_role_scores_100_and_ready_for_a_perfect_profile(library: Library) -> None:
    for role in library.roles.values():
        profile = ResolvedProfile(
            skills={r.skill: ResolvedSkill(level=r.level) for r in role.requirements},
            qualifications=frozenset(q.qualification for q in role.qualifications),
            years_experience=float(role.experience.years)
            if role.experience and role.experience.years
            else None,
        )
        result = _assess(profile, role)
        assert result.score == 100.0, role.id
        assert result.verdict == "ready" and result.gaps == []


def test_reordering_the_profile_changes_nothing(analyser, library) -> None:
    from careergap.models.profile import Profile

    skills = [
        {"name": "budget mgmt", "level": 2},
        {"name": "stakeholder engagement", "level": 3},
        {"name": "risk management", "level": 1},
    ]
    a = analyser.analyse(Profile(name="x", skills=skills), "council-pro11")
    b = analyser.analyse(Profile(name="x", skills=list(reversed(skills))), "council-pro11")
    assert a.assessments[0].score == b.assessments[0].score
    assert Report.model_validate_json(a.model_dump_json()) == a
