"""A skill line that names several skills counts for each (careergap.resolve.Resolver.also_skills, matcher 52).

The lexical cases run on the words alone, so they hold without the `semantic` extra; those that need the meaning
layer say so. The rule for what is an item of a list is careergap.normalize.listed_items (doctests there).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from careergap.analysis import Analyser
from careergap.api import Scorer
from careergap.library import Library
from careergap.matching import model
from careergap.models.profile import Profile
from careergap.models.report import SkillMatch
from careergap.resolve import Resolver, build_resolver

needs_model = pytest.mark.skipif(model.availability() is not None, reason="careergap[semantic] not installed")


@pytest.fixture(scope="module")
def words(library: Library) -> Resolver:
    return build_resolver(library, semantic=False)


def _also(resolver: Resolver, phrase: str) -> list[tuple[str, str | None]]:
    return [(m.phrase, m.target) for m in resolver.also_skills(phrase, resolver.skill(phrase))]


def test_each_item_of_a_list_that_names_another_skill_counts(words: Resolver) -> None:
    line = words.skill("Budget management and procurement")
    assert (line.status, line.target) == ("matched", "budget-management")
    assert _also(words, "Budget management and procurement") == [("procurement", "procurement")]


@pytest.mark.parametrize(
    "phrase",
    [
        "Risk and issue management",  # one skill whose name holds an "and"
        "Planning, prioritising and organising my own workload",  # verbs sharing one object
        "Budget airline cabin crew, football coaching",  # a near miss: refused whole, so nothing from its items
        "Budget management - procurement of the office supplies",  # after a dash: what the budget was for
    ],
)
def test_what_is_not_a_list_of_skills_gives_no_other_skill(words: Resolver, phrase: str) -> None:
    assert _also(words, phrase) == []


def test_an_unmatched_line_gives_no_skill_from_its_items(words: Resolver) -> None:
    phrase = "Budget management and procurement"
    refused = SkillMatch(phrase=phrase, kind="skill", status="refused", method="none", score=0.0, reason="-")
    assert words.also_skills(phrase, refused) == []


def test_a_plain_list_of_skills_is_read_not_left_to_choose(words: Resolver) -> None:
    """By the words alone these were ambiguous between the two skills they name, as if the person had to choose
    (matcher 53, Index._or_skills_listed)."""
    line = words.skill("Budgets, recruitment")
    assert (line.status, line.target) == ("matched", "budget-management")
    assert line.reason.startswith("a list of 2 skills, each read on its own: 'Budgets' (")
    assert _also(words, "Budgets, recruitment") == [("recruitment", "recruitment")]
    both = words.skill("Stakeholder management and risk management")
    assert (both.status, both.target) == ("matched", "stakeholder-management")


@pytest.mark.parametrize(
    "phrase",
    [
        "Budgets, football coaching",  # one item a near miss
        "Budgets, recruitment: seasonal staff and agency cover",  # what follows the colon is no item
    ],
)
def test_a_list_with_any_item_that_is_not_a_skill_is_not_read_as_one(words: Resolver, phrase: str) -> None:
    assert "a list of" not in words.skill(phrase).reason


def test_a_word_read_loosely_is_not_an_item_of_its_own(words: Resolver) -> None:
    """One content word counts only as a skill's own name or alias, word for word: here "capability" is a filler
    word, and "meetings" alone would be a guess."""
    phrase = "Return to work interviews, sickness and capability meetings"
    assert "meeting-facilitation" not in {t for _, t in _also(words, phrase)}


def test_the_skills_a_line_names_each_count_at_its_level(library: Library) -> None:
    analyser = Analyser(library, build_resolver(library, semantic=False))
    profile = Profile.model_validate(
        {"name": "P", "skills": [{"name": "Budget management and procurement", "level": 3}]}
    )
    resolution = analyser.resolve(profile)
    skills = resolution.profile.skills
    assert {s: r.level for s, r in skills.items()} == {"budget-management": 3, "procurement": 3}
    (use,) = skills["procurement"].phrases
    assert (use.phrase, use.item) == ("Budget management and procurement", "procurement")
    (match,) = resolution.matches
    assert [(m.phrase, m.target) for m in match.also] == [("procurement", "procurement")]


def test_a_line_the_person_named_keeps_the_other_skills_it_names(library: Library) -> None:
    """Confirming "Budget management and procurement" as budget management (`skill:`, as profile confirm writes
    it) does not take procurement away."""
    analyser = Analyser(library, build_resolver(library, semantic=False))
    profile = Profile.model_validate(
        {
            "name": "P",
            "skills": [
                {"name": "Budget management and procurement", "level": 2, "skill": "budget-management"}
            ],
        }
    )
    skills = analyser.resolve(profile).profile.skills
    assert {s: r.level for s, r in skills.items()} == {"budget-management": 2, "procurement": 2}


def test_the_fast_scorer_reads_the_other_skills_as_analyse_does(library: Library) -> None:
    resolver = build_resolver(library, semantic=False)
    analyser = Analyser(library, resolver)
    lines = [("Budget management and procurement", 3), ("Stakeholder management", 2)]
    profile = Profile.model_validate(
        {"name": "P", "target_role": "council-pro9", "skills": [{"name": p, "level": n} for p, n in lines]}
    )
    slow = analyser.assess(analyser.resolve(profile).profile, library.role("council-pro9"))
    fast = Scorer(library, analyser=analyser).score("P", lines, target_role="council-pro9")
    (result,) = fast.results
    assert (result.score, result.essential_gaps) == (slow.score, slow.essential_gaps)
    procurement = [r for r in slow.requirements if r.skill == "procurement"]
    assert not procurement or procurement[0].have == 3


def test_the_fast_scorer_keeps_the_other_skills_of_a_line_the_person_named(library: Library) -> None:
    """`score_profile` (the API, and Dask or Spark jobs) scored a confirmed line as its id alone and lost the other
    skills its items name, which analyse counts: procurement was a gap there and not in the report."""
    analyser = Analyser(library, build_resolver(library, semantic=False))
    profile = Profile.model_validate(
        {
            "name": "P",
            "target_role": "council-pro9",
            "skills": [
                {"name": "Budget management and procurement", "level": 3, "skill": "budget-management"},
                {"name": "Stakeholder management", "level": 2},
            ],
        }
    )
    slow = analyser.assess(analyser.resolve(profile).profile, library.role("council-pro9"))
    (fast,) = Scorer(library, analyser=analyser).score_profile(profile).results
    assert "procurement" in {r.skill for r in slow.requirements}  # the role asks for it: the check can fail
    assert [g.skill for g in fast.gaps] == [g.skill for g in slow.gaps]
    assert "procurement" not in {g.skill for g in fast.gaps}
    assert (fast.score, fast.essential_gaps) == (slow.score, slow.essential_gaps)


def test_reports_say_which_item_each_other_skill_came_from(
    cli: Callable[..., object], write: Callable[[str, str], Path]
) -> None:
    profile = write(
        "p.yaml",
        """
        name: P
        target_role: council-pro9
        skills:
          - {name: "Budget management and procurement", level: 3}
        """,
    )
    result = cli("analyse", profile, "--no-semantic", "-f", "markdown")
    assert result.exit_code == 0, result.output
    assert "## Lines that name more than one skill" in result.output
    assert "`procurement` from 'procurement' (exact)" in result.output
    data = json.loads(cli("analyse", profile, "--no-semantic", "-f", "json").stdout)
    (match,) = data["matches"]
    assert [(m["phrase"], m["target"]) for m in match["also"]] == [("procurement", "procurement")]


@needs_model
def test_with_meaning_an_action_and_its_manner_are_one_skill(analyser: Analyser) -> None:
    resolver = analyser.resolver
    assert _also(resolver, "Raising change requests and presenting them at CAB") == [
        ("presenting them at CAB", "presenting")
    ]
    # "winning over sceptical staff" says how the change was led, not a second skill (influencing)
    assert _also(resolver, "Led nurses through the move to e-prescribing, winning over sceptical staff") == []


def test_skills_search_names_the_other_skills_and_their_items(cli: Callable[..., object]) -> None:
    result = cli("skills", "search", "Budget management and procurement", "--no-semantic")
    assert result.exit_code == 0, result.output
    assert "also: procurement, from the item 'procurement' (exact;" in result.output
    data = json.loads(cli("skills", "search", "Budget management and procurement", "-f", "json").stdout)
    assert [m["target"] for m in data["result"]["also"]] == ["procurement"]
