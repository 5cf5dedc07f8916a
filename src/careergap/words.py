"""Counts in words ('1 requirement', '3 requirements', '1 person', '2 people'): the one rule for every message,
note and report, so no text says "skill(s)"; when two writings are the same words; and the characters dropped from
whatever a user hands over. Pure, so core modules, renderers and the CLI share them."""

from __future__ import annotations

import re

# Invisible characters dropped from every string a user hands over (profiles, team files): terminal controls (ESC,
# BEL), DEL, C1 controls, bidi overrides, and zero-width space / word joiner / BOM, which make two identical-looking
# phrases differ. Tab and newline are kept.
INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    r"""A user string without control, bidi-override or zero-width characters (tab and newline kept).

    >>> clean_text("\x1b[31mRed\x07 Kim\u200b"), clean_text("a\tb")
    ('[31mRed Kim', 'a\tb')
    """
    return INVISIBLE.sub("", text)


def shown(value: object) -> str:
    """A value as a message quotes it (its repr): a pasted paragraph or a 5,000-digit number is cut, with its length.

    >>> shown("expertt"), shown("x" * 500)[-22:]
    ("'expertt'", 'xxxx… (500 characters)')
    """
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:60]}… ({len(str(value)):,} characters)"


def yaml_read_as(value: object) -> str:
    """What YAML read an unquoted value as, in YAML's own words: a message about `name: null` or a skill `yes: 3`
    says "null", not Python's "None" or "NoneType".

    >>> yaml_read_as(None), yaml_read_as(True), yaml_read_as(12), yaml_read_as("x")
    ('null (an empty value)', 'true (yes/no words are true or false)', 'a number', 'text')
    """
    if value is None:
        return "null (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no words are true or false)"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return f"a {type(value).__name__}"


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet will not run: one starting with = + - @ (or a tab or carriage return) gets a leading
    apostrophe, which spreadsheets hide and careergap's phrase reading ignores (it is punctuation).

    >>> spreadsheet_safe("=SUM(A1) budgets"), spreadsheet_safe("budgets")
    ("'=SUM(A1) budgets", 'budgets')
    """
    return "'" + text if text and text[0] in "=+-@\t\r" else text


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 problem', '1,204 problems'; ``many`` for an irregular plural ('person', 'people').

    >>> plural(1, "skill"), plural(2, "question"), plural(3, "person", "people")
    ('1 skill', '2 questions', '3 people')
    """
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def years(count: float, possessive: bool = False) -> str:
    """'1 year', '2.5 years'; possessive: "1 year's", "4 years'" (as in "4 years' experience").

    >>> years(1), years(2.5), years(1, possessive=True), years(4, possessive=True)
    ('1 year', '2.5 years', "1 year's", "4 years'")
    """
    if count == 1:
        return "1 year's" if possessive else "1 year"
    return f"{count:g} years'" if possessive else f"{count:g} years"


def same_words(text: str) -> str:
    """A writing as its words, case and spacing aside: two writings with the same result are one phrase or award.

    >>> same_words("  Level 3  Diploma ") == same_words("level 3 diploma")
    True
    """
    return " ".join(text.casefold().split())
