"""Small text helpers shared by the renderers."""

from __future__ import annotations

from careergap.models.scale import LEVEL_LABELS


def level_text(level: int | None) -> str:
    if level is None:
        return "-"
    return f"{level} {LEVEL_LABELS[level]}"


def md_escape(text: str) -> str:
    """Escape the characters that break a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
