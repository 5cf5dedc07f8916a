"""Counts in words ('1 requirement', '3 requirements', '1 person', '2 people'): the one rule for every message,
note and report, so no text says "skill(s)". Pure, so core modules, renderers and the CLI share it."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 problem', '1,204 problems'; ``many`` for an irregular plural ('person', 'people').

    >>> plural(1, "skill"), plural(2, "question"), plural(3, "person", "people")
    ('1 skill', '2 questions', '3 people')
    """
    return f"{count:,} {word if count == 1 else (many or word + 's')}"
