"""The one proficiency scale, 0-4, and parsing of the words people use for it."""

from __future__ import annotations

import re
from enum import IntEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer


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


def parse_level(value: Any) -> int:
    """Turn 0-4 or a level word (any case, common variants) into an int, or raise LevelError."""
    if isinstance(value, bool):
        raise LevelError(f"{value!r} is not a level (valid: {VALID_LEVELS_TEXT})")
    if isinstance(value, Proficiency):
        return int(value)
    if isinstance(value, int):
        if 0 <= value <= 4:
            return value
        raise LevelError(f"{value} is out of range (valid: {VALID_LEVELS_TEXT})")
    if isinstance(value, float) and value.is_integer():
        return parse_level(int(value))
    if isinstance(value, str):
        text = re.sub(r"[\s_\-]+", " ", value.strip().lower())
        text = re.sub(r"^level ", "", text)
        if text.isdigit():
            return parse_level(int(text))
        if text in _WORDS:
            return _WORDS[text]
        raise LevelError(f"{value!r} is not a level (valid: {VALID_LEVELS_TEXT})")
    raise LevelError(f"{value!r} is not a level (valid: {VALID_LEVELS_TEXT})")


def _validate(value: Any) -> int:
    return parse_level(value)


Level = Annotated[int, BeforeValidator(_validate), PlainSerializer(int, return_type=int)]
"""A 0-4 level field: accepts ints or words, stores and serialises an int."""


def _validate_required(value: Any) -> int:
    level = parse_level(value)
    if level == 0:
        raise LevelError("a role cannot ask for level 0 (valid: 1-4, aware, familiar, proficient, expert)")
    return level


RequiredLevel = Annotated[int, BeforeValidator(_validate_required), PlainSerializer(int, return_type=int)]
"""A 1-4 level asked for by a role."""
