"""Counts in words ('1 requirement', '3 requirements', '1 person', '2 people'): the one rule for every message,
note and report, so no text says "skill(s)"; and when two writings are the same words. Pure, so core modules,
renderers and the CLI share them."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 problem', '1,204 problems'; ``many`` for an irregular plural ('person', 'people').

    >>> plural(1, "skill"), plural(2, "question"), plural(3, "person", "people")
    ('1 skill', '2 questions', '3 people')
    """
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def same_words(text: str) -> str:
    """A writing as its words, case and spacing aside: two writings with the same result are one phrase or award.

    >>> same_words("  Level 3  Diploma ") == same_words("level 3 diploma")
    True
    """
    return " ".join(text.casefold().split())
