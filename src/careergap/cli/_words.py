"""Counts in words for CLI messages ('1 row', '3 rows', '1 person'), without importing the renderers."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 problem', '1,204 problems'; ``many`` for an irregular plural ('person', 'people')."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"
