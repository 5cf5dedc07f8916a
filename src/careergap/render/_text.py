"""Small text helpers shared by the renderers."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from careergap.models.scale import LEVEL_LABELS
from careergap.words import clean_text, plural

__all__ = ["plural"]  # re-exported: the one counting rule lives in careergap.words

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")
# The report's own inline markup is **bold** and `code`. Text a person wrote goes into it through `lit`, which
# escapes those characters and the backslash, so "**Bob** `x`" as a name is shown as written in every format.
_LITERAL = re.compile(r"([\\*`])")
_INLINE = re.compile(r"\\([\\*`])|\*\*((?:\\.|[^\\*]|\*(?!\*))+?)\*\*|`((?:\\.|[^\\`])+)`")
_UNESCAPE = re.compile(r"\\([\\*`])")


def level_text(level: int | None) -> str:
    if level is None:
        return "-"
    return f"{level} {LEVEL_LABELS[level]}"


def strip_controls(text: str) -> str:
    r"""Drop terminal control characters (ESC, BEL, ...), bidi overrides and zero-width characters; keep tab and
    newline (careergap.words.clean_text, the rule for all input, applied again to whatever reaches a report).

    >>> strip_controls("Eve\x1b[2J\x07")
    'Eve[2J'
    """
    return clean_text(text)


def lit(text: str) -> str:
    r"""Text a person wrote, to be shown as written inside report text that may carry **bold** and `code`.

    >>> lit("**Bob** `x`")
    '\\*\\*Bob\\*\\* \\`x\\`'
    """
    return _LITERAL.sub(r"\\\1", text)


# The profile a report was made from, as advice lines name it ("careergap profile confirm alex.yaml ..."): set by the
# command that renders the report (it knows the file; the report does not), else the placeholder PROFILE.
_PROFILE: ContextVar[str] = ContextVar("profile", default="PROFILE")


@contextmanager
def naming_profile(path: str | None) -> Iterator[None]:
    """While a report is rendered, its advice lines name ``path`` (shell-quoted); standard input stays PROFILE."""
    token = _PROFILE.set(shlex.quote(path) if path and path != "-" else "PROFILE")
    try:
        yield
    finally:
        _PROFILE.reset(token)


def profile_name() -> str:
    """The profile as advice lines name it, as plain text (see `naming_profile`)."""
    return _PROFILE.get()


def inline_parts(text: str) -> list[tuple[str, str]]:
    r"""Report text as (style, text) pieces: "" plain, "bold" or "code"; what `lit` escaped is plain, as written.

    >>> inline_parts("**6.3** for " + lit("**Bob**") + " in `pro-10`")
    [('bold', '6.3'), ('', ' for **Bob** in '), ('code', 'pro-10')]
    """
    parts: list[tuple[str, str]] = []

    def add(style: str, piece: str) -> None:
        if not style and parts and not parts[-1][0]:
            parts[-1] = ("", parts[-1][1] + piece)
        else:
            parts.append((style, piece))

    at = 0
    for found in _INLINE.finditer(text):
        add("", text[at : found.start()])
        escaped, bold, code = found.groups()
        if escaped is not None:
            add("", escaped)
        elif bold is not None:
            add("bold", _UNESCAPE.sub(r"\1", bold))
        else:
            add("code", _UNESCAPE.sub(r"\1", code))
        at = found.end()
    add("", text[at:])
    return [part for part in parts if part[1]]


def md_escape(text: str) -> str:
    r"""User text as literal Markdown: no table break, emphasis, link, heading or raw HTML can come through.

    >>> md_escape("<script>x</script> [a](b) *c* | d")
    '&lt;script&gt;x&lt;/script&gt; \\[a\\](b) \\*c\\* \\| d'
    """
    text = strip_controls(text).replace("\r", " ").replace("\n", " ")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


# Markdown's own characters that would make a link, a table cell break, a heading or a strike-through, and a
# backslash that is not one of `lit`'s escapes (which Markdown reads as `lit` meant them)
_MARKDOWN_STRUCTURE = re.compile(r"(\\[\\*`])|\\|[\[\]|#~]")


def md_inline(text: str) -> str:
    r"""Report text that may carry the report's own **bold** and `code` but must not carry links, tables or HTML.

    >>> md_inline("**6.3** for <b>Eve</b> [x](y) " + lit("**Bob** a\\b") + " c\\d")
    '**6.3** for &lt;b&gt;Eve&lt;/b&gt; \\[x\\](y) \\*\\*Bob\\*\\* a\\\\b c\\\\d'
    >>> md_inline("_u_ and `target_role`")
    '\\_u\\_ and `target_role`'
    """
    text = strip_controls(text).replace("\r", " ").replace("\n", " ")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_STRUCTURE.sub(lambda found: found.group(1) or "\\" + found.group(0), text)
    # '_' is emphasis in Markdown ("_u_" in a name); escaped outside the report's own `code`, where a backslash
    # would show (`target_role`)
    return "".join(
        part if n % 2 else _UNDERSCORE.sub(r"\\_", part) for n, part in enumerate(_CODE_SPAN.split(text))
    )


_CODE_SPAN = re.compile(r"((?<!\\)`[^`]*(?<!\\)`)")
_UNDERSCORE = re.compile(r"(?<!\\)_")


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
    shown = [lit(name) for name in names[:limit]]
    more = len(names) - len(names[:limit])
    return ", ".join(shown) + (f" and {more} more" if more else "")
