"""Small text helpers shared by the renderers."""

from __future__ import annotations

import re
from collections.abc import Sequence

from careergap.models.scale import LEVEL_LABELS
from careergap.words import plural

__all__ = ["plural"]  # re-exported: the one counting rule lives in careergap.words

# Characters with no business in a report: C0 controls but tab and newline (ESC starts terminal sequences, BEL
# rings), DEL, C1 controls, and bidirectional overrides that make text read differently from what it is.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def level_text(level: int | None) -> str:
    if level is None:
        return "-"
    return f"{level} {LEVEL_LABELS[level]}"


def strip_controls(text: str) -> str:
    r"""Drop terminal control characters (ESC, BEL, ...) and bidi overrides; keep tab and newline.

    >>> strip_controls("Eve\x1b[2J\x07")
    'Eve[2J'
    """
    return _CONTROL.sub("", text)


def md_escape(text: str) -> str:
    r"""User text as literal Markdown: no table break, emphasis, link, heading or raw HTML can come through.

    >>> md_escape("<script>x</script> [a](b) *c* | d")
    '&lt;script&gt;x&lt;/script&gt; \\[a\\](b) \\*c\\* \\| d'
    """
    text = strip_controls(text).replace("\r", " ").replace("\n", " ")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


_MARKDOWN_STRUCTURE = re.compile(r"([\\\[\]|#~])")


def md_inline(text: str) -> str:
    r"""Report text that may carry the report's own **bold** and `code` but must not carry links, tables or HTML.

    >>> md_inline("**6.3** for <b>Eve</b> [x](y)")
    '**6.3** for &lt;b&gt;Eve&lt;/b&gt; \\[x\\](y)'
    """
    text = strip_controls(text).replace("\r", " ").replace("\n", " ")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_STRUCTURE.sub(r"\\\1", text)


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
