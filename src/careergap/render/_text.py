"""Small text helpers shared by the renderers."""

from __future__ import annotations

from collections.abc import Sequence

from careergap.models.scale import LEVEL_LABELS


def level_text(level: int | None) -> str:
    if level is None:
        return "-"
    return f"{level} {LEVEL_LABELS[level]}"


def md_escape(text: str) -> str:
    """Escape the characters that break a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


VERDICT_WORDS = {
    "ready": "ready",
    "nearly": "nearly",
    "stretch": "stretch",
    "not yet": "not yet",
    "unknown": "not enough information",
}


def verdict_text(verdict: str, verdict_range: Sequence[str] | None = None) -> str:
    """The verdict in words; an unknown one says between which verdicts the answer lies."""
    words = VERDICT_WORDS.get(verdict, verdict)
    if verdict == "unknown" and verdict_range:
        words += f" (between {verdict_range[0]} and {verdict_range[1]})"
    return words


def unrated_essentials_text(names: Sequence[str], limit: int = 6) -> str:
    """'A, B and 3 more' for the essentials a profile says nothing about."""
    shown = list(names[:limit])
    more = len(names) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 requirement', '3 requirements'."""
    return f"{count} {word if count == 1 else (many or word + 's')}"
