"""Qualifications people actually hold (issue 11, section 4): each is recognised, satisfies what it should (and not
more), and the report names the held award that satisfied each requirement, as the person wrote it."""

from __future__ import annotations

import pytest

from careergap.analysis import Analyser
from careergap.library import Library
from careergap.models.profile import Profile
from careergap.render.report import held_text


@pytest.mark.parametrize(
    ("phrase", "award"),
    [
        ("Level 3 apprenticeship", "vocational-qualification"),
        ("Level 2 Apprenticeship in Business Administration", "vocational-qualification"),
        ("Advanced Apprenticeship", "vocational-qualification"),
        ("Higher apprenticeship", "vocational-qualification"),  # not "high school"
        ("Intermediate apprenticeship", "vocational-qualification"),
        ("Level 7 Senior Leader apprenticeship", "vocational-qualification"),
        ("Level 4 Associate Project Manager apprenticeship", "vocational-qualification"),
        ("Level 3 NVQ in Business Administration", "vocational-qualification"),  # not the MBA
        ("NVQ Level 4", "vocational-qualification"),
        ("MBA", "mba"),
        ("Executive MBA (Warwick)", "mba"),
        ("Master of Business Administration", "mba"),
        ("AgilePM", "agilepm-foundation"),
        ("AgilePM Foundation", "agilepm-foundation"),
        ("AgilePM Practitioner", "agilepm-practitioner"),
        ("Agile PM Practitioner", "agilepm-practitioner"),
        ("CAPM", "capm"),
        ("Certified Associate in Project Management", "capm"),
        ("PMP", "pmp"),
        ("Project Management Professional", "pmp"),
        ("Project Management Professional (PMP)", "pmp"),
        ("PMP certified", "pmp"),
        ("ChPP", "chpp"),
        ("Chartered Project Professional", "chpp"),
        ("APM ChPP", "chpp"),
        ("MSP", "msp-practitioner"),
        ("Managing Successful Programmes", "msp-practitioner"),
        ("MSP Foundation", "msp-foundation"),
        ("MoP", "mop-practitioner"),
        ("Management of Portfolios", "mop-practitioner"),
        ("MoP Foundation", "mop-foundation"),
        ("Chartered Manager (CMgr)", "management-qualification"),  # chartered, but not ChPP
    ],
)
def test_awards_people_hold_are_recognised(analyser: Analyser, phrase: str, award: str) -> None:
    match = analyser.resolver.qualification(phrase)
    assert (match.status, match.target) == ("matched", award), match.reason


@pytest.mark.parametrize(
    ("award", "satisfies", "not_satisfies"),
    [
        (
            "mba",
            {"postgraduate-degree", "bachelors-degree", "management-qualification"},
            {"professional-pm-qualification"},
        ),
        ("capm", {"professional-pm-qualification"}, {"pmp"}),
        ("chpp", {"professional-pm-qualification"}, {"pmp"}),
        ("agilepm-practitioner", {"agilepm-foundation", "professional-pm-qualification"}, set()),
        ("agilepm-foundation", {"professional-pm-qualification"}, {"agilepm-practitioner"}),
        ("msp-practitioner", {"msp-foundation", "professional-pm-qualification"}, set()),
        ("msp-foundation", {"professional-pm-qualification"}, {"msp-practitioner"}),
        ("mop-foundation", {"professional-pm-qualification"}, {"mop-practitioner"}),
        (
            "postgraduate-degree",
            {"bachelors-degree"},
            {"management-qualification"},
        ),  # a PhD is not management
    ],
)
def test_an_award_satisfies_what_it_implies_and_no_more(
    library: Library, award: str, satisfies: set[str], not_satisfies: set[str]
) -> None:
    implied = library.implied_qualifications([award])
    assert satisfies <= implied
    assert not (not_satisfies & implied)


@pytest.mark.parametrize(
    "phrase", ["PRINCE2 Foundation", "MSP Foundation", "AgilePM Foundation", "Foundation apprenticeship"]
)
def test_a_lower_tier_never_satisfies_a_practitioner_requirement(analyser: Analyser, phrase: str) -> None:
    match = analyser.resolver.qualification(phrase)
    assert match.target not in {"prince2-practitioner", "msp-practitioner", "agilepm-practitioner"}


@pytest.mark.parametrize(
    "phrase", ["Chartered accountant", "football coaching certificate", "Level 2 food hygiene"]
)
def test_awards_outside_the_library_are_not_forced_onto_one(analyser: Analyser, phrase: str) -> None:
    assert analyser.resolver.qualification(phrase).status != "matched"


def _held(analyser: Analyser, role_id: str, *qualifications: str) -> dict[str, str]:
    profile = Profile.model_validate(
        {"name": "Q", "qualifications": list(qualifications), "skills": {"budget management": 2}}
    )
    report = analyser.analyse(profile, role_id)
    return {q.qualification: held_text(q) for q in report.assessments[0].qualifications}


def test_the_report_says_which_award_satisfied_which_requirement(analyser: Analyser) -> None:
    held = _held(analyser, "council-pro13", "MBA (Warwick Business School)", "Chartered Project Professional")
    assert held["management-qualification"] == (
        'yes: MBA (Master of Business Administration) (you wrote "MBA (Warwick Business School)")'
    )
    assert held["professional-pm-qualification"] == (
        'yes: Chartered Project Professional (ChPP) (you wrote "Chartered Project Professional")'
    )


def test_an_apprenticeship_satisfies_a_vocational_requirement_in_the_report(analyser: Analyser) -> None:
    held = _held(analyser, "council-pro10", "Level 3 apprenticeship (business administration)")
    assert held["vocational-qualification"] == (
        'yes: Vocational qualification (you wrote "Level 3 apprenticeship (business administration)")'
    )


def test_without_a_matching_award_the_requirement_is_not_held(analyser: Analyser) -> None:
    held = _held(analyser, "council-pro13", "PhD in Chemistry")
    assert held["management-qualification"] == "no"
