"""Scoring: hand-worked examples, the explanation adds up for every role, and properties that must always hold."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careergap.library import Library
from careergap.models.base import LevelSource, Source
from careergap.models.report import Report
from careergap.models.roles import Link, QualificationRequirement, Requirement, Role
from careergap.scoring import (
    ResolvedProfile,
    ResolvedSkill,
    apportion,
    compile_role,
    explain,
    seniority,
    verdict_for,
)

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
    return explain(compile_role(role, {}, {}), profile)


def test_hand_worked_example() -> None:
    """The README's example. Known lines: essential a 3/3 (credit 3 of 3) and essential b 1/2 (credit 1.5 of 3);
    the desirable c is unrated, so it stays out: score = 100 x 4.5 / 6 = 75.0, coverage 6 / 7 = 0.857. Nothing
    essential is unrated, so the verdict is known: 75 is "nearly" (b's gate fails anyway)."""
    role = _role(("a", 3, "essential"), ("b", 2, "essential"), ("c", 2, "desirable"))
    result = _assess(_profile(a=3, b=1), role)
    assert (result.score, result.coverage, result.known_weight, result.credit) == (75.0, 0.857, 6.0, 4.5)
    assert result.verdict == "nearly" and result.verdict_range is None
    assert not result.gates_passed and result.gate_failures == ["b: have 1, need 2"]
    assert [r.status for r in result.requirements] == ["met", "partial", "unrated"]
    assert [r.contribution for r in result.requirements] == [50.0, 25.0, 0.0]
    assert [g.skill for g in result.gaps] == ["b", "c"]  # priority 3x1 = 3 before 1x2 = 2
    # match: over the whole weight (7), unrated earns 0, no level above what is asked: 100 x 4.5 / 7
    assert result.match == 64.3 and not result.exceeds


def test_credit_is_capped_so_strength_cannot_hide_a_gap() -> None:
    role = _role(("a", 2, "essential"), ("b", 2, "essential"))
    capped = _assess(_profile(a=4, b=0), role)
    assert capped.score == pytest.approx(50.0)
    assert capped.requirements[1].status == "missing"


def test_unrated_is_not_zero_rated_zero_is() -> None:
    """Saying nothing about an essential skill is not the same as saying "cannot do it"."""
    role = _role(("a", 2, "essential"), ("b", 2, "essential"))
    zero = _assess(_profile(a=2, b=0), role)
    unrated = _assess(_profile(a=2), role)
    assert zero.score == 50.0 and zero.verdict == "stretch" and zero.gate_failures == ["b: have 0, need 2"]
    assert unrated.score == 100.0 and unrated.coverage == pytest.approx(0.5)
    assert unrated.verdict == "unknown" and unrated.verdict_range == ["stretch", "ready"]
    assert unrated.unrated_essentials == ["b"] and unrated.gate_failures == []
    assert zero.requirements[1].status == "missing" and unrated.requirements[1].status == "unrated"
    assert unrated.unrated == 1 and zero.unrated == 0


def test_an_unrated_essential_does_not_hide_a_verdict_that_cannot_change() -> None:
    """If even a met essential could not lift the verdict, the verdict is known and said."""
    role = _role(*[(f"s{i}", 3, "essential") for i in range(9)], ("u", 3, "essential"))
    result = _assess(ResolvedProfile(skills={f"s{i}": ResolvedSkill(level=0) for i in range(9)}), role)
    assert result.verdict == "not yet" and result.unrated_essentials == [
        "u"
    ]  # 0/30 .. 3/30: not yet either way


def test_unrated_desirables_leave_a_known_verdict_alone() -> None:
    role = _role(("a", 2, "essential"), *[(f"d{i}", 2, "desirable") for i in range(8)])
    result = _assess(_profile(a=2), role)
    assert (result.score, result.verdict) == (100.0, "ready")
    assert result.coverage == pytest.approx(3 / 11, abs=0.001)


def test_a_listed_qualification_list_makes_the_others_not_held_and_no_list_leaves_them_unrated() -> None:
    role = _role(("a", 2, "essential"), quals=(("prince2-practitioner", "essential"),))
    silent = _assess(_profile(a=2), role)
    assert silent.qualifications[0].status == "unrated" and silent.verdict == "unknown"
    assert silent.unrated_essentials == ["prince2-practitioner"]
    other = _assess(
        ResolvedProfile(skills={"a": ResolvedSkill(level=2)}, qualifications=frozenset({"msp"})), role
    )
    assert other.qualifications[0].status == "not held" and (other.score, other.verdict) == (50.0, "stretch")


def test_the_report_names_the_award_the_person_holds() -> None:
    role = _role(("a", 2, "essential"), quals=(("prince2-foundation", "essential"),))
    profile = ResolvedProfile(
        skills={"a": ResolvedSkill(level=2)},
        qualifications=frozenset({"prince2-foundation", "prince2-practitioner"}),
        qualification_sources={
            "prince2-practitioner": "prince2-practitioner",
            "prince2-foundation": "prince2-practitioner",
        },
        qualification_phrases={"prince2-practitioner": "Prince 2 practitioner (2019)"},
    )
    q = _assess(profile, role).qualifications[0]
    assert (q.held, q.held_as, q.held_phrase) == (
        True,
        "prince2-practitioner",
        "Prince 2 practitioner (2019)",
    )


def test_being_far_above_a_role_lowers_its_match_and_is_flagged() -> None:
    role = _role(("a", 1, "essential"), ("b", 2, "essential"))
    exact = _assess(_profile(a=1, b=2), role)
    above = _assess(_profile(a=3, b=4), role)
    assert exact.match == 100.0 and not exact.exceeds
    # a: 3 x (1 - 0.25 x 2) = 1.5; b: 3 x (1 - 0.25 x 2) = 1.5; 3 / 6
    assert above.match == 50.0 and above.exceeds and above.verdict == "ready"


def test_exceeds_needs_the_role_ready_not_only_the_lines_rated() -> None:
    """Rated above on a quarter of a role, the rest unrated: 'exceeds' read as over-qualified for what was never
    said (a nurse on PRO8 at 25% covered)."""
    role = _role(("a", 1, "essential"), ("b", 2, "essential"), ("c", 2, "essential"))
    partly = _assess(_profile(a=3), role)
    assert partly.verdict == "unknown" and not partly.exceeds
    assert _assess(_profile(a=3, b=4, c=4), role).exceeds
    # ready, but a desirable line short: not every rated requirement is met, so not "exceeds" (the rule before)
    with_desirable = _role(("a", 1, "essential"), ("b", 2, "essential"), ("d", 4, "desirable"))
    short = _assess(_profile(a=4, b=4, d=3), with_desirable)
    assert short.verdict == "ready" and not short.exceeds


def test_seniority_follows_required_levels_and_promotions() -> None:
    low = _role(("a", 3, "essential")).model_copy(update={"id": "low"})
    high = _role(("a", 1, "essential")).model_copy(update={"id": "high"})
    linked = low.model_copy(update={"next": (Link(role="high", source=SRC),)})
    assert seniority([low, high]) == {"low": 3.0, "high": 1.0}
    ranked = seniority([linked, high])
    assert ranked["high"] > ranked["low"]  # a promotion always leads to a more senior role


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
    assert without.verdict == "unknown" and with_it.verdict == "ready"


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
        assert result.match == 100.0 and result.coverage == 1.0


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


def test_the_readme_worked_example_is_what_the_code_computes() -> None:
    """The README's "How a score is worked out" example, checked against the code and the README's own text."""
    from pathlib import Path

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How a score is worked out")[1].split("\n## ")[0]
    role = _role(("a", 3, "essential"), ("b", 2, "essential"), ("c", 2, "desirable"))
    result = _assess(_profile(a=3, b=1), role)
    assert f"**score {result.score:.1f}**" in section and result.verdict in section
    assert f"fit = 100 × 4.5 / 7 =\n{result.match:.1f}" in section or f"{result.match:.1f}" in section
    assert "100 × 3.0 / 6 = 50.0" in section and [r.contribution for r in result.requirements] == [
        50.0,
        25.0,
        0.0,
    ]
    silent = _assess(_profile(a=3), role)
    assert silent.score == 100.0 and silent.verdict_range == ["stretch", "ready"]
    assert "between stretch and ready" in section
