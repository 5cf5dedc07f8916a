"""The one proficiency scale, 0-4, and parsing of the words people use for it."""

from __future__ import annotations

import re
from enum import IntEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from careergap.words import shown


class Proficiency(IntEnum):
    """0 none, 1 aware, 2 familiar/working, 3 proficient/practitioner, 4 expert."""

    NONE = 0
    AWARE = 1
    FAMILIAR = 2
    PROFICIENT = 3
    EXPERT = 4

    @property
    def label(self) -> str:
        return LEVEL_LABELS[int(self)]


LEVEL_LABELS = {0: "none", 1: "aware", 2: "familiar", 3: "proficient", 4: "expert"}

LEVEL_DESCRIPTIONS = {
    0: "has not done it and does not know it",
    1: "knows what it is and why it matters; can follow it under direction",
    2: "does it on routine work with some guidance; uses the standard tools and templates",
    3: "does it independently on real work, adapts it to the situation, guides others in it",
    4: "sets the standard: designs it, leads others in it across an organisation, advises seniors",
}

# Words follow the depth vocabulary of the source documents ("Familiar with", "Proficient in")
# plus the variants people write in self-assessments and spreadsheets.
_WORDS: dict[str, int] = {}
for _level, _words in {
    0: ["none", "no", "nil", "not at all", "no knowledge", "no experience", "never"],
    1: ["aware", "awareness", "aware of", "basic", "understanding", "novice", "beginner", "limited"],
    2: [
        "familiar",
        "familiar with",
        "working",
        "working knowledge",
        "competent",
        "intermediate",
        "practising",
        "practicing",
        "developing",
        "some experience",
    ],
    3: [
        "proficient",
        "proficient in",
        "practitioner",
        "advanced",
        "skilled",
        "independent",
        "experienced",
        "strong",
    ],
    4: ["expert", "expertise", "mastery", "master", "authority", "specialist", "leading", "exemplary"],
}.items():
    for _word in _words:
        _WORDS[_word] = _level

VALID_LEVELS_TEXT = "0-4, none, aware, familiar, proficient, expert"


class LevelError(ValueError):
    """A value that is not a level."""


# '3 - Proficient', '3 (proficient)', '3: proficient', '3.0 proficient': a number with its word, as exports write it.
_NUMBER_AND_WORD = re.compile(r"^([0-4])(?:\.0+)?\s*(?:[-–:(/]\s*)?([a-z][a-z \-_]*?)\s*\)?$")
_DECIMAL = re.compile(r"^([0-4])\.0+$")


def _normal(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text).strip()


def parse_level(value: Any, *, also_valid: str = "") -> int:
    """Turn 0-4 or a level word into an int, or raise LevelError saying what is valid.

    The one reading of a level for profiles (YAML, JSON) and team CSVs alike: any case and spacing, common variants
    ('working knowledge'), 'level 3', '3.0', and a number with its word ('3 - Proficient', '3 (proficient)') when
    the two agree. ``also_valid`` adds to the list of valid values in the message (a CSV also accepts n/a).
    """
    valid = f"{VALID_LEVELS_TEXT}, or {also_valid}" if also_valid else VALID_LEVELS_TEXT
    not_a_level = LevelError(f"{shown(value)} is not a level (valid: {valid})")
    if isinstance(value, bool):
        raise not_a_level
    if isinstance(value, Proficiency):
        return int(value)
    if isinstance(value, int):
        if 0 <= value <= 4:
            return value
        raise LevelError(f"{value} is out of range (valid: {valid})")
    if isinstance(value, float) and value.is_integer():
        return parse_level(int(value), also_valid=also_valid)
    if not isinstance(value, str):
        raise not_a_level
    lowered = re.sub(r"^level\s+", "", value.strip().casefold())
    decimal = _DECIMAL.match(lowered)
    if decimal:
        return int(decimal.group(1))
    if lowered.isascii() and lowered.isdigit():  # "²" is a digit to str.isdigit, not to int()
        if len(lowered.lstrip("0")) > 1:  # 10 or 5,000 digits: out of range, never converted (int() cannot)
            raise LevelError(
                f"{lowered[:12]}{'…' if len(lowered) > 12 else ''} is out of range (valid: {valid})"
            )
        return parse_level(int(lowered), also_valid=also_valid)
    text = _normal(lowered)
    if text in _WORDS:
        return _WORDS[text]
    both = _NUMBER_AND_WORD.match(lowered)
    if both is None or _normal(both.group(2)) not in _WORDS:
        raise not_a_level
    number, word = int(both.group(1)), _normal(both.group(2))
    if _WORDS[word] != number:
        raise LevelError(f"{value!r} says {number} but {word!r} is level {_WORDS[word]}; write one of them")
    return number


def _validate(value: Any) -> int:
    return parse_level(value)


def level_input_schema(lowest: int = 0) -> dict[str, Any]:
    """What a file may hold for a level (the input schemas, `careergap schema profile` and `role`): a number or a
    word."""
    return {
        "anyOf": [
            {"type": "integer", "minimum": lowest, "maximum": 4},
            {
                "type": "string",
                "minLength": 1,
                "description": "a level word (none, aware, familiar, proficient, expert; also '3 - Proficient')",
            },
        ]
    }


def _level_schema(lowest: int) -> WithJsonSchema:
    return WithJsonSchema(level_input_schema(lowest), mode="validation")


Level = Annotated[int, BeforeValidator(_validate), PlainSerializer(int, return_type=int), _level_schema(0)]
"""A 0-4 level field: accepts ints or words, stores and serialises an int."""


def _validate_required(value: Any) -> int:
    level = parse_level(value)
    if level == 0:
        raise LevelError("a role cannot ask for level 0 (valid: 1-4, aware, familiar, proficient, expert)")
    return level


RequiredLevel = Annotated[
    int, BeforeValidator(_validate_required), PlainSerializer(int, return_type=int), _level_schema(1)
]
"""A 1-4 level asked for by a role."""
