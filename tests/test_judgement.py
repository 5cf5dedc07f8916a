"""Answers that make sense for real people: ranking by fit and seniority, unrated is not zero, defaults follow
the profile. Checked on every built-in role, so an organisation's ladders get the same treatment."""

from __future__ import annotations

import pytest

from careergap.analysis import Analyser
from careergap.library import Library
from careergap.models.profile import Profile
from careergap.progression import reachable


def _profile(library: Library, role_id: str, level: int | None = None, **extra: object) -> Profile:
    """A profile made of the role's own requirements (library names, so matching is exact), its qualifications
    and years, at the required levels or at ``level`` everywhere."""
    role = library.roles[role_id]
    data: dict[str, object] = {
        "name": "x",
        "skills": [
            {"name": library.skills[r.skill].name, "level": level or r.level} for r in role.requirements
        ],
        "qualifications": [library.qualifications[q.qualification].name for q in role.qualifications],
        "years_experience": role.experience.years if role.experience and role.experience.years else None,
    }
    data.update(extra)
    return Profile.model_validate(data)


def _ladder_above(library: Library, role_id: str) -> set[str]:
    """Every role reachable from role_id by promotion links."""
    return set(reachable(library, role_id))


def test_an_exact_fit_ranks_its_own_role_first(analyser: Analyser, library: Library) -> None:
    for role_id in library.roles:
        ranked = analyser.match(_profile(library, role_id)).assessments
        assert ranked[0].role_id == role_id, [(a.role_id, a.match) for a in ranked[:3]]
        assert ranked[0].verdict == "ready" and ranked[0].score == 100.0


def test_an_expert_everywhere_is_never_sent_to_a_junior_role(analyser: Analyser, library: Library) -> None:
    for role_id in library.roles:
        report = analyser.match(_profile(library, role_id, level=4))
        top = report.assessments[0].role_id
        assert top == role_id or top in _ladder_above(library, role_id), (role_id, top)
        junior = [a for a in report.assessments if role_id in _ladder_above(library, a.role_id)]
        assert all(a.exceeds or a.match < report.assessments[0].match for a in junior)


def test_among_roles_fully_met_the_more_senior_comes_first(analyser: Analyser, library: Library) -> None:
    """The exact PRO13 profile meets PRO12 and below as well: of those, the most senior ranks highest, and
    'the most senior role you are ready for' is PRO13 itself."""
    report = analyser.match(_profile(library, "council-pro13"))
    ready = [a.role_id for a in report.assessments if a.verdict == "ready"]
    order = [r for r in ("council-pro13", "council-pro12", "council-pro11", "council-pro10") if r in ready]
    assert order == [r for r in ready if r in order]
    assert report.most_senior_ready == "council-pro13"


def test_half_met_and_the_rest_unrated_is_not_the_same_as_the_rest_rated_zero(
    analyser: Analyser, library: Library
) -> None:
    for role_id, role in library.roles.items():
        essentials = [r for r in role.requirements if r.importance == "essential"]
        met, rest = essentials[: len(essentials) // 2], essentials[len(essentials) // 2 :]
        names = library.skills
        half = [{"name": names[r.skill].name, "level": r.level} for r in met]
        unrated = Profile.model_validate({"name": "x", "skills": half})
        zero = Profile.model_validate(
            {"name": "x", "skills": half + [{"name": names[r.skill].name, "level": 0} for r in rest]}
        )
        a = analyser.analyse(unrated, role_id).assessments[0]
        b = analyser.analyse(zero, role_id).assessments[0]
        assert a.verdict != b.verdict, role_id
        assert a.verdict == "unknown" and b.verdict in ("stretch", "not yet"), (role_id, a.verdict, b.verdict)
        assert {names[r.skill].name for r in rest} <= set(a.unrated_essentials)
        assert a.score == 100.0 and a.coverage < 1.0


def test_a_profile_that_meets_everything_it_rates_is_not_called_a_failure(analyser: Analyser) -> None:
    profile = Profile.model_validate(
        {"name": "Kim", "skills": {"budget management": 3, "stakeholder management": 3, "risk management": 3}}
    )
    a = analyser.analyse(profile, "council-pro11").assessments[0]
    assert a.score == 100.0 and a.verdict == "unknown" and a.verdict_range is not None
    assert a.verdict_range[1] == "ready" and a.gate_failures == []


@pytest.mark.parametrize("basis", ["target_role", "current_role"])
def test_defaults_follow_the_profile(analyser: Analyser, library: Library, basis: str) -> None:
    profile = _profile(library, "council-pro9", **{basis: "council-pro14"})
    report = analyser.analyse(profile)
    assert (report.assessments[0].role_id, report.role_basis) == ("council-pro14", basis)


def test_seniority_rises_up_every_promotion_link(analyser: Analyser, library: Library) -> None:
    for role in library.roles.values():
        for link in role.next:
            assert analyser.seniority[link.role] > analyser.seniority[role.id], (role.id, link.role)


def test_role_ids_are_matched_as_people_type_them(library: Library) -> None:
    assert library.role("COUNCIL-PRO11").id == library.role(" council_pro11 ").id == "council-pro11"
