"""The 0-4 scale accepts numbers and words and rejects everything else with the valid values listed."""

from __future__ import annotations

import pytest

from careergap.models.scale import LevelError, parse_level


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 0),
        (4, 4),
        ("3", 3),
        ("Proficient", 3),
        ("proficient in", 3),
        ("Familiar with", 2),
        ("FAMILIAR", 2),
        ("working knowledge", 2),
        ("practitioner", 3),
        ("Expert", 4),
        ("aware", 1),
        ("none", 0),
        ("level 2", 2),
        (2.0, 2),
    ],
)
def test_levels_accept_numbers_and_words(value: object, expected: int) -> None:
    assert parse_level(value) == expected


@pytest.mark.parametrize("value", [5, -1, "expertt", "", True, None, 2.5, "six", [3]])
def test_bad_levels_are_rejected_with_the_valid_values(value: object) -> None:
    with pytest.raises(LevelError) as info:
        parse_level(value)
    assert "valid: 0-4" in str(info.value)
