"""The level rubric (LEVELS) as `roles validate` reads it: which words of a reading count for which level."""

from __future__ import annotations

import pytest

from careergap.library import rubric_words_in


@pytest.mark.parametrize(
    ("reading", "level", "found"),
    [
        ("read 'manages allocated budgets' as 3", 3, ["manage"]),
        ("read 'managing the budget' as 3", 3, ["manage"]),
        ("read 'budget management' as 3", 3, []),  # a noun naming the skill is not the verb
        (
            "read 'will lead on delivery of projects' as 3",
            3,
            ["lead delivery of"],
        ),  # one word between is allowed
        (
            "read 'lead the team, then the delivery of' as 3",
            3,
            [],
        ),  # but not a phrase scattered over a sentence
        ("read 'using understanding of theory' as 2", 2, ["use"]),
        ("read 'using understanding of theory' as 1", 1, ["understanding of"]),
        ("read 'Provide specialist advice to senior management' as 4", 4, ["advice to senior"]),
        ("read 'Establish and manage an effective governance' as 4", 4, ["establish"]),
        ("read 'Establish and manage an effective governance' as 2", 2, []),
        ("read 'Portfolio definition (POMG) (Level 6)' as 4 (SFIA level 6)", 4, ["sfia level 6"]),
    ],
)
def test_rubric_words_of_a_level_are_found_in_any_form(reading: str, level: int, found: list[str]) -> None:
    assert rubric_words_in(reading, level) == found
