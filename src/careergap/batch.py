"""Read a team export (CSV, long or wide layout) as a stream of people and row problems. No printing, no files.

Why a hand-rolled record splitter instead of ``csv.reader`` over the whole file: Python's csv module silently swallows
the rest of a file after an unclosed quote, turning thousands of rows into one field. Here each physical line is read
on its own; a line that ends inside a quoted field may borrow at most ``MAX_RECORD_LINES`` further lines, and a
record whose person, skill, level or role field spans lines is rejected (only its first line) while the borrowed
lines are read again as rows of their own. Nothing is swallowed, and memory stays bounded.

Long layout grouping rule: a person's rows need not be consecutive. The rows are first grouped by person (in the
order each person first appears, rows in line order), so a shuffled export gives exactly the sorted file's results.
Up to ``SPILL_RECORDS`` records are grouped in memory; past that they go to a temporary SQLite database on disk
(deleted when the read ends), so memory stays bounded whatever the file size. People are yielded once the whole
file has been read.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import pickle
import re
import sqlite3
from array import array
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, BinaryIO, Literal

from careergap.errors import CareergapError
from careergap.models.roles import role_key
from careergap.models.scale import VALID_LEVELS_TEXT, LevelError, parse_level
from careergap.words import INVISIBLE, clean_text

if TYPE_CHECKING:
    from careergap.models.profile import Profile

Layout = Literal["long", "wide"]

PERSON = "person"
SKILL = "skill"
LEVEL = "level"
CURRENT_ROLE = "current_role"
TARGET_ROLE = "target_role"
YEARS = "years_experience"
QUALIFICATION = "qualification"
OPTIONAL_COLUMNS = (CURRENT_ROLE, TARGET_ROLE, YEARS, QUALIFICATION)
ROLE_COLUMNS = (CURRENT_ROLE, TARGET_ROLE)

# Header names are matched after lower-casing and turning spaces and punctuation into "_".
ALIASES: dict[str, str] = {
    **dict.fromkeys(
        ("person", "name", "employee", "employee_name", "person_name", "full_name", "staff_name"), PERSON
    ),
    **dict.fromkeys(("skill", "skill_name", "competency", "competence"), SKILL),
    **dict.fromkeys(("level", "rating", "proficiency", "skill_level"), LEVEL),
    **dict.fromkeys(("current_role", "current_role_id", "role"), CURRENT_ROLE),
    **dict.fromkeys(("target_role", "target_role_id", "target"), TARGET_ROLE),
    **dict.fromkeys(("years_experience", "years", "years_of_experience", "experience_years"), YEARS),
    **dict.fromkeys(("qualification", "qualifications"), QUALIFICATION),
}
# Columns that HR exports often carry and that are never skills. Listed as ignored, never scored.
IGNORED_BY_DEFAULT = frozenset(
    {
        "id",
        "employee_id",
        "staff_id",
        "person_id",
        "email",
        "e_mail",
        "department",
        "team",
        "manager",
        "location",
        "notes",
        "note",
        "comments",
        "comment",
        "evidence",
        "date",
        "assessed_on",
    }
)
# Cells that say "not rated" on purpose: they are not values, so they are neither used nor rejected.
NOT_RATED = frozenset({"-", "n/a", "na", "not rated", "unrated", "not applicable"})
DELIMITERS = (",", ";", "\t")
QUOTE = '"'
MAX_FIELD_CHARS = 500
MAX_RECORD_LINES = 20
MAX_COLUMNS = 2_000  # header width; past it the file is refused (documented under Limits)
MAX_HEADER_CHARS = 100_000
MAX_LINE_CHARS = 1_000_000  # one physical line; a longer one is rejected without being held whole
SPILL_RECORDS = 50_000  # long-layout records grouped in memory before spilling to SQLite
SPILL_BATCH = 10_000  # records written to SQLite at a time
MAX_BAD_BYTE_LINES = 100  # lines with bytes that are not valid text before the whole file is refused
LEVEL_CACHE_SIZE = 10_000
NOT_RATED_LEVEL = -1

LONG_HEADER = "person,skill,level[,current_role,target_role,years_experience,qualification]"
WIDE_HEADER = "person[,current_role,target_role,years_experience,qualification],<one column per skill>"
NEAR_COLUMN_SIMILARITY = 75.0
EXPECTED = f"expected a header like  {LONG_HEADER}  (long layout) or  {WIDE_HEADER}  (wide layout)"

ERROR_COLUMNS = ("line", "column", "person", "value", "reason")


class BatchFileError(CareergapError):
    """The team file as a whole cannot be read: no header, a required column missing, not text, not UTF-8."""


@dataclass(frozen=True, slots=True)
class RowError:
    """One rejected value or row, located by physical line and column name, with a reason a person can act on."""

    line: int
    column: str
    reason: str
    person: str = ""
    value: str = ""
    whole_row: bool = False
    column_key: str = ""

    def format(self, file: str) -> str:
        """``file:line: column: reason (person 'X')``, as the other commands print problems."""
        column = f" {self.column}:" if self.column else ""
        who = f" (person {self.person!r})" if self.person else ""
        return f"{file}:{self.line}:{column} {self.reason}{who}"

    def as_row(self) -> tuple[str, str, str, str, str]:
        return (str(self.line), self.column, self.person, self.value, self.reason)


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """One person, complete: what every good value said, plus the problems found on their rows."""

    name: str
    first_line: int
    last_line: int
    skills: tuple[tuple[str, int], ...] = ()
    current_role: str | None = None
    target_role: str | None = None
    years_experience: float | None = None
    qualifications: tuple[str, ...] = ()
    problems: tuple[RowError, ...] = ()

    @property
    def rejected(self) -> int:
        """How many values (or whole rows) of this person were rejected."""
        return len(self.problems)

    @property
    def complete(self) -> bool:
        return not self.problems

    @property
    def target_rejected(self) -> bool:
        """Whether a target_role value was given but rejected (so the best match stands in for it)."""
        return any(p.column_key == TARGET_ROLE for p in self.problems)

    def to_profile(self) -> Profile:
        """The person as a Profile (for the Analyser's full reports)."""
        from careergap.models.profile import Profile

        return Profile.model_validate(
            {
                "name": self.name,
                "current_role": self.current_role,
                "target_role": self.target_role,
                "years_experience": self.years_experience,
                "qualifications": list(self.qualifications),
                "skills": [{"name": phrase, "level": level} for phrase, level in self.skills],
            }
        )


@dataclass
class ReadStats:
    """Counts that add up: rows read = used + rejected; values read = used + rejected (values in used rows)."""

    rows_read: int = 0
    rows_rejected: int = 0
    values_read: int = 0
    values_rejected: int = 0
    blank_lines: int = 0
    people: int = 0

    @property
    def rows_used(self) -> int:
        return self.rows_read - self.rows_rejected

    @property
    def values_used(self) -> int:
        return self.values_read - self.values_rejected

    @property
    def problems(self) -> int:
        """Every problem record: one per rejected row and one per rejected value."""
        return self.rows_rejected + self.values_rejected


def column_key(name: str) -> str:
    """A header name as matched: lower case, spaces and punctuation as ``_``."""
    return re.sub(r"[^0-9a-z]+", "_", name.strip().casefold()).strip("_")


def _visible(fields: list[str], line: str) -> list[str]:
    """The cells without the invisible characters careergap drops from all it reads (careergap.words.clean_text):
    a terminal escape in a name must not reach the reports, nor a zero-width space make two phrases differ. The
    line is searched once; most lines hold none."""
    return [clean_text(f) for f in fields] if INVISIBLE.search(line) else fields


def person_key(name: str) -> str:
    """Names are the same person whatever their case or spacing."""
    return " ".join(name.casefold().split())


_UNDECODABLE = re.compile("[\udc80-\udcff]")  # bytes kept by the surrogateescape error handler
_YEARS = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(?:years?|yrs?|y)?$")


def parse_cell_level(text: str) -> int:
    """A level cell, read exactly as a profile's level is (models/scale.py); n/a is handled by the reader."""
    return parse_level(text, also_valid="n/a to leave it unrated")


def parse_years(text: str) -> float:
    """'4', '4.5', '4,5', '4 years'; at most MAX_YEARS, as in a profile.

    >>> parse_years("4,5 yrs"), parse_years("40")
    (4.5, 40.0)
    """
    from careergap.models.base import MAX_YEARS

    found = _YEARS.match(text.strip().casefold())
    if not found:
        raise ValueError(f"{text!r} is not a number of years (write e.g. 4 or 4.5)")
    years = float(found.group(1).replace(",", "."))
    if years > MAX_YEARS:
        raise ValueError(f"{text!r} is out of range: at most {MAX_YEARS} years")
    return years


def _ends_inside_quotes(text: str, delimiter: str) -> bool:
    """Whether csv (excel dialect) would still be inside a quoted field at the end of ``text``."""
    inside = False
    at_start = True
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if inside:
            if ch == QUOTE:
                if i + 1 < n and text[i + 1] == QUOTE:
                    i += 2
                    continue
                inside = False
        elif ch == QUOTE and at_start:
            inside = True
            at_start = False
        else:
            at_start = ch == delimiter or ch in "\r\n"
        i += 1
    return inside


def _clip(text: str, limit: int = 80) -> str:
    text = text.rstrip("\r\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


_EXCEL_SEP = re.compile(r"sep=([,;\t])\Z", re.IGNORECASE)


def sniff_delimiter(header_line: str) -> str:
    """The delimiter the header uses most: comma, semicolon or tab (comma wins a tie)."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    if counts[best] == 0:
        raise BatchFileError(
            f"the first line has no comma, semicolon or tab, so it is not a CSV header: {_clip(header_line)!r}",
            EXPECTED,
        )
    return best


class _Lines:
    """Physical lines with their numbers, and a way to read some of them again."""

    def __init__(self, lines: Iterable[str], name: str) -> None:
        self._it = iter(lines)
        readline = getattr(lines, "readline", None)
        self._readline: Callable[[int], str] | None = readline if callable(readline) else None
        self.overlong: set[int] = set()  # lines cut at MAX_LINE_CHARS
        self._again: deque[tuple[int, str]] = deque()
        self._number = 0
        self._name = name

    def next(self) -> tuple[int, str] | None:
        if self._again:
            return self._again.popleft()
        try:
            if self._readline is not None:
                text = self._readline(MAX_LINE_CHARS + 1)
                if not text:
                    return None
                if len(text) > MAX_LINE_CHARS and not text.endswith("\n"):
                    while (rest := self._readline(MAX_LINE_CHARS)) and not rest.endswith("\n"):
                        pass  # skip the rest of an overlong line without holding it
                    self.overlong.add(self._number + 1)
                    text = text[:MAX_LINE_CHARS] + "\n"
            else:
                text = next(self._it)
        except StopIteration:
            return None
        except UnicodeDecodeError as exc:
            raise BatchFileError(
                f"{self._name}: at or after line {self._number + 1} (the input is decoded in blocks): it is not valid "
                f"{exc.encoding} ({exc.reason}, byte 0x{exc.object[exc.start]:02x}); reading stopped there",
                "save it as 'CSV UTF-8' or pass --encoding (e.g. --encoding cp1252 for an older Excel export)",
            ) from None
        self._number += 1
        return self._number, text

    def again(self, items: list[tuple[int, str]]) -> None:
        self._again.extendleft(reversed(items))


class SeenPeople:
    """Every finished person's name (as a 64-bit fingerprint) with their first and last line, in two flat arrays.

    Why not a dict of names: that costs about 230 bytes a person (name, tuple, two ints, the entry), which is what
    made a 100,000-person file use 20 MB more than a 10,000-person one. Open addressing over ``array('q')`` costs
    16-32 bytes a person. The fingerprint is Python's 64-bit string hash, so two different names share one with odds
    of about 1 in 10^10 for a million people; the only effect would be a reported (never a silent) "reappeared" row.
    """

    def __init__(self, capacity: int = 1024) -> None:
        self._keys = array("q", bytes(8 * capacity))
        self._lines = array("q", bytes(8 * capacity))
        self._mask = capacity - 1
        self._count = 0

    def __len__(self) -> int:
        return self._count

    @staticmethod
    def _fingerprint(key: str) -> int:
        return hash(key) or 1  # 0 marks an empty slot

    def _slot(self, fingerprint: int) -> int:
        keys, mask = self._keys, self._mask
        i = fingerprint & mask
        while keys[i] and keys[i] != fingerprint:
            i = (i + 1) & mask
        return i

    def get(self, key: str) -> tuple[int, int] | None:
        i = self._slot(self._fingerprint(key))
        if not self._keys[i]:
            return None
        packed = self._lines[i]
        return packed >> 31, packed & 0x7FFFFFFF

    def add(self, key: str, first: int, last: int) -> None:
        fingerprint = self._fingerprint(key)
        i = self._slot(fingerprint)
        if not self._keys[i]:
            self._count += 1
        self._keys[i] = fingerprint
        self._lines[i] = (min(first, 0x7FFFFFFF) << 31) | min(last, 0x7FFFFFFF)  # lines past 2^31 are clamped
        if self._count * 2 > self._mask:
            self._grow()

    def _grow(self) -> None:
        keys, lines = self._keys, self._lines
        capacity = 2 * (self._mask + 1)
        self._keys = array("q", bytes(8 * capacity))
        self._lines = array("q", bytes(8 * capacity))
        self._mask = capacity - 1
        for fingerprint, packed in zip(keys, lines, strict=True):
            if fingerprint:
                i = self._slot(fingerprint)
                self._keys[i] = fingerprint
                self._lines[i] = packed


@dataclass
class _Group:
    """The rows of one person (long layout) while they are being read."""

    key: str
    name: str
    first: int
    last: int
    skills: list[tuple[str, int]] = field(default_factory=list)
    attributes: dict[str, tuple[str, int, str | float | None]] = field(default_factory=dict)
    qualifications: list[str] = field(default_factory=list)
    problems: list[RowError] = field(default_factory=list)
    raw_name: str = ""
    repeat_of: tuple[int, int] | None = None
    repeat_lines: list[tuple[int, str]] = field(default_factory=list)
    attribute_cells: object = None
    rated: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # skill key -> (level, line, column)


class TeamReader:
    """Stream a team CSV: iterate to get each PersonRecord as soon as it is complete, and RowErrors for rows that
    belong to nobody. The header is read (and every file-level problem raised) when the reader is created.

    ``role_ids``, when given, are the valid ids for the current_role and target_role columns.
    """

    def __init__(
        self,
        lines: Iterable[str],
        *,
        layout: Layout | None = None,
        role_ids: Collection[str] | None = None,
        ignore_columns: Iterable[str] = (),
        name: str = "<stdin>",
        reopen: Callable[[], contextlib.AbstractContextManager[Iterable[str]]] | None = None,
    ) -> None:
        self.name = name
        self._reopen = reopen
        self.stats = ReadStats()
        self._lines = _Lines(lines, name)
        self._role_ids = {role_key(r): r for r in role_ids} if role_ids is not None else None
        self._seen = SeenPeople()
        self._levels: dict[str, int | str] = {}
        self._skill_keys: dict[str, str] = {}  # skill cell -> skill_key
        header_at, header_text = self._header_line()
        said = _EXCEL_SEP.match(header_text.rstrip("\r\n").strip(" "))
        if said:  # Excel's "sep=;" line names the delimiter; the header is the line after it
            header_at, header_text = self._header_line()
        self.header_line = header_at
        self.delimiter = said.group(1) if said else sniff_delimiter(header_text)
        fields = self._header_fields(header_at, header_text)
        self.header = [f.strip() for f in fields]
        self._ignore_given = {column_key(c): c for c in ignore_columns}  # as typed, for messages
        self.layout, self._columns, self.skill_columns, self.ignored_columns = self._plan(
            layout, set(self._ignore_given)
        )
        self._width = len(self.header)
        self._used = frozenset(self._columns.values()) | frozenset(i for i, _ in self.skill_columns)

    # -- header -----------------------------------------------------------------------------------
    def _header_line(self) -> tuple[int, str]:
        while True:
            item = self._lines.next()
            if item is None:
                raise BatchFileError(f"{self.name}: the file is empty (no header line)", EXPECTED)
            number, text = item
            text = text.lstrip("\ufeff")
            if "\x00" in text:
                raise BatchFileError(
                    f"{self.name}: this is not a CSV file (it holds binary data)", "export the sheet as CSV"
                )
            if text.strip(" \t\r\n,;"):
                return number, text
            self.stats.blank_lines += 1

    def _header_fields(self, number: int, text: str) -> list[str]:
        if len(text) > MAX_HEADER_CHARS or number in self._lines.overlong:
            raise BatchFileError(
                f"{self.name}:{number}: the header line is over {MAX_HEADER_CHARS:,} characters (MAX_HEADER_CHARS)",
                EXPECTED,
            )
        if text.count(self.delimiter) >= MAX_COLUMNS:
            raise BatchFileError(
                f"{self.name}:{number}: the header has {text.count(self.delimiter) + 1:,} columns, over the limit "
                f"of {MAX_COLUMNS:,} (MAX_COLUMNS)",
                "keep the person, role and skill columns; drop the others or pass them to careergap separately",
            )
        if _ends_inside_quotes(text, self.delimiter):
            raise BatchFileError(f"{self.name}:{number}: the header line has an unclosed quote", EXPECTED)
        return _visible(next(csv.reader([text], delimiter=self.delimiter)), text)

    def _plan(
        self, forced: Layout | None, extra_ignored: set[str]
    ) -> tuple[Layout, dict[str, int], list[tuple[int, str]], list[str]]:
        canonical: dict[str, int] = {}
        found = ", ".join(repr(h) for h in self.header)
        for index, heading in enumerate(self.header):
            name = ALIASES.get(column_key(heading))
            if name is None:
                continue
            if name in canonical:
                first = self.header[canonical[name]]
                raise BatchFileError(
                    f"{self.name}:{self.header_line}: columns {first!r} (column {canonical[name] + 1}) and {heading!r} "
                    f"(column {index + 1}) both mean {name}; keep one",
                    EXPECTED,
                )
            canonical[name] = index
        has_long = SKILL in canonical or LEVEL in canonical
        layout: Layout = forced or ("long" if has_long else "wide")
        if PERSON not in canonical:
            raise BatchFileError(
                f"{self.name}:{self.header_line}: required column 'person' is missing (found: {found})",
                f"expected header for the {layout} layout: {LONG_HEADER if layout == 'long' else WIDE_HEADER}",
            )
        if layout == "long":
            missing = [c for c in (SKILL, LEVEL) if c not in canonical]
            if missing:
                raise BatchFileError(
                    f"{self.name}:{self.header_line}: required column{'s' if len(missing) > 1 else ''} "
                    f"{' and '.join(repr(m) for m in missing)} missing for the long layout (found: {found})",
                    f"expected header for the long layout: {LONG_HEADER}; or one column per skill: {WIDE_HEADER}",
                )
        reserved = {PERSON, *OPTIONAL_COLUMNS} | ({SKILL, LEVEL} if layout == "long" else set())
        columns = {name: index for name, index in canonical.items() if name in reserved}
        keys = {column_key(h): h for h in self.header}
        unknown = sorted(self._ignore_given.get(k, k) for k in extra_ignored if k not in keys)
        used = sorted(
            keys[k] for k in extra_ignored if k in keys and self.header.index(keys[k]) in columns.values()
        )
        if unknown or used:  # a typo would leave the column scored, without a word
            raise BatchFileError(
                f"{self.name}:{self.header_line}: --ignore-column "
                + (f"{', '.join(map(repr, unknown))}: no such column (found: {found})" if unknown else "")
                + ("; " if unknown and used else "")
                + (
                    f"{', '.join(map(repr, used))}: careergap reads this column, it cannot be ignored"
                    if used
                    else ""
                ),
                "name a column of the header exactly as it is written (case and spacing do not matter)",
            )
        skills: list[tuple[int, str]] = []
        ignored: list[str] = []
        for index, heading in enumerate(self.header):
            if index in columns.values():
                continue
            key = column_key(heading)
            if layout == "long" or key in IGNORED_BY_DEFAULT or key in extra_ignored:
                if heading:
                    ignored.append(heading)
                continue
            skills.append((index, heading))
        if layout == "wide" and not forced:
            near = _near_long_columns([heading for _, heading in skills])
            if near:
                raise BatchFileError(
                    f"{self.name}:{self.header_line}: "
                    + " and ".join(f"{heading!r} looks like {name!r}" for heading, name in near)
                    + f", so this may be the long layout with a misspelt header (found: {found})",
                    f"expected header for the long layout: {LONG_HEADER}; if those really are skills, add --layout wide",
                )
        if layout == "wide" and not any(heading for _, heading in skills):
            raise BatchFileError(
                f"{self.name}:{self.header_line}: no skill columns found for the wide layout (found: {found})",
                f"expected header for the wide layout: {WIDE_HEADER}",
            )
        return layout, columns, skills, ignored

    # -- records ------------------------------------------------------------------------------------
    def _records(self) -> Iterator[tuple[int, list[str], bool] | RowError]:
        """(line, fields, whether the record is long enough to hold an absurd field) for each non-blank record,
        or a RowError for a line whose quote is never closed."""
        delimiter = self.delimiter
        blank = " \t\r\n" + delimiter
        lines = self._lines
        tails: dict[int, int] = {}  # line -> the line its quoted cell started on (see below)
        while (item := lines.next()) is not None:
            number, text = item
            if number in tails:
                # The closing part of a quoted cell of a read column that ran over lines ("Ann\nLee",...): its
                # own quotes do not pair, so read alone it would make a person 'Lee"' out of half a name.
                yield RowError(
                    number,
                    "",
                    f"the end of the quoted cell that starts on line {tails.pop(number)} (rejected there); "
                    "not read as a row of its own",
                    value=_clip(text),
                    whole_row=True,
                )
                continue
            if not text.isascii() or "\x00" in text or number in lines.overlong:  # else nothing to find
                unreadable = self._unreadable(number, text)
                if unreadable is not None:
                    yield unreadable
                    continue
            if QUOTE not in text:
                if not text.strip(blank):
                    self.stats.blank_lines += 1
                    continue
                line = text.rstrip("\r\n")
                yield number, _visible(line.split(delimiter), line), len(text) > MAX_FIELD_CHARS
                continue
            buffer = [item]
            closed = True
            while _ends_inside_quotes("".join(t for _, t in buffer), delimiter):
                following = lines.next() if len(buffer) < MAX_RECORD_LINES else None
                if following is None:
                    closed = False
                    break
                buffer.append(following)
            fields = next(csv.reader([t for _, t in buffer], delimiter=delimiter), []) if closed else []
            spanning = (
                [
                    i
                    for i in sorted(self._used)
                    if i < len(fields) and ("\n" in fields[i] or "\r" in fields[i])
                ]
                if closed and len(buffer) > 1
                else []
            )
            if not closed or spanning:
                # A quote that is never closed, or a quoted cell of a column careergap reads (person, skill, level,
                # roles, years, qualification) running over several lines: reject this line only, and read the
                # borrowed lines again as rows of their own (the one that closes a read cell's quote excepted).
                lines.again(buffer[1:])
                if closed and buffer[-1][1].count(QUOTE) % 2:
                    tails[buffer[-1][0]] = number
                headings = {i: h for h, i in self._columns.items()} | dict(self.skill_columns)
                what = (
                    f"unclosed quote? a quoted {headings.get(spanning[0], 'skill')!r} cell starts on this line and "
                    f"runs on to line {buffer[-1][0]}, and careergap reads that column one line per cell (only "
                    "columns it does not read, such as notes, may run over lines)"
                    if closed
                    else "unclosed quote: a quoted field starts on this line and is never closed"
                )
                before = text[: text.index(QUOTE)].split(delimiter)  # the fields before the quote are whole
                person_at = self._columns[PERSON]
                yield RowError(
                    number,
                    "",
                    f"{what}; only this line was rejected and the lines after it were read as rows of their own",
                    person=before[person_at].strip()[:MAX_FIELD_CHARS] if person_at < len(before) - 1 else "",
                    value=_clip(text),
                    whole_row=True,
                )
                continue
            if not any(f.strip() for f in fields):
                self.stats.blank_lines += 1
                continue
            yield number, _visible(fields, "".join(fields)), sum(len(t) for _, t in buffer) > MAX_FIELD_CHARS

    def _unreadable(self, number: int, text: str) -> RowError | None:
        """A line with a NUL byte, bytes that are not valid text, or over MAX_LINE_CHARS: rejected on its own."""
        if number in self._lines.overlong:
            reason = f"the line is over {MAX_LINE_CHARS:,} characters (MAX_LINE_CHARS); none of it was used"
        elif "\x00" in text:
            reason = "the line holds a NUL byte (binary data); none of it was used"
        elif _UNDECODABLE.search(text):
            reason = (
                "the line holds bytes that are not valid text in the file's encoding; none of it was used (if the "
                "file was saved in another encoding, pass it, e.g. --encoding cp1252)"
            )
        else:
            return None
        at = self._columns[PERSON]
        cells = text.split(self.delimiter)
        person = (
            _UNDECODABLE.sub("?", cells[at].replace("\x00", "")).strip()[:MAX_FIELD_CHARS]
            if at < len(cells) - 1
            else ""
        )
        return RowError(
            number,
            "",
            reason,
            person=person,
            value=_clip(_UNDECODABLE.sub("?", text.replace("\x00", "?"))),
            whole_row=True,
        )

    def _grouped_on_disk(self) -> bool:
        """Whether every person's rows in the file are consecutive, found by a quick first pass (csv.reader over the
        person column only). Any doubt (a row without a person, a parse error) answers False: the safe path regroups.

        Why: grouping a whole file costs a sort through temporary storage; a sorted export does not need it, and
        checking costs about as much as a bare csv.reader pass. Should the two passes ever disagree, a reappearing
        person's rows are still reported, never silently merged or lost (SeenPeople).
        """
        assert self._reopen is not None
        at = self._columns[PERSON]
        done: set[str] = set()
        current: str | None = None
        current_cell: str | None = None  # the person cell as written: the same text is the same person
        try:
            with self._reopen() as text:
                rows = csv.reader(text, delimiter=self.delimiter)
                header = False
                for row in rows:
                    if at < len(row) and row[at] == current_cell:
                        continue  # the usual case, checked first: one more row of the same person
                    if not row or not "".join(row).strip():
                        continue  # blank lines
                    if not header:
                        header = True  # the first line with anything on it is the header, already read
                        continue
                    key = person_key(row[at]) if at < len(row) else ""
                    current_cell = row[at] if key else None
                    if key == current:
                        continue
                    if not key or key in done:
                        return False
                    if current is not None:
                        done.add(current)
                    current = key
        except (csv.Error, OSError, UnicodeError, ValueError):
            return False
        return True

    def _record_person(self, record: tuple[int, list[str], bool] | RowError) -> str:
        """The grouping key of a record: its person (case and spacing ignored), or a key of its own if it has none."""
        if isinstance(record, RowError):
            name, number = record.person, record.line
        else:
            number, fields, _ = record
            at = self._columns[PERSON]
            name = fields[at] if at < len(fields) else ""
        key = person_key(name)
        return key if key else f"\x00{number}"

    def _grouped(
        self, records: Iterator[tuple[int, list[str], bool] | RowError]
    ) -> Iterator[tuple[int, list[str], bool] | RowError]:
        """Every record, regrouped so that one person's rows come together, people in order of first appearance.

        Why: HR exports are often sorted by skill or date, not by person; reading only consecutive rows as one person
        lost every later row of a person. Past SPILL_RECORDS the records go to a temporary on-disk SQLite database
        (sqlite3.connect("") is private and deleted on close), which sorts them without holding them in memory.
        """
        first_line: dict[str, int] = {}
        held: list[tuple[int, int, tuple[int, list[str], bool] | RowError]] = []
        database: sqlite3.Connection | None = None
        pending: list[tuple[str, int, bytes]] = []
        try:
            for record in records:
                key = self._record_person(record)
                number = record.line if isinstance(record, RowError) else record[0]
                if database is None:
                    first = first_line.setdefault(key, number)
                    held.append((first, number, record))
                    if len(held) > SPILL_RECORDS:
                        database = _spill(held, first_line)
                        held, first_line = [], {}
                    continue
                pending.append((key, number, pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)))
                if len(pending) >= SPILL_BATCH:
                    database.executemany("INSERT INTO records VALUES (?, ?, ?)", pending)
                    pending.clear()
            if database is None:
                held.sort(key=itemgetter(0, 1))
                for _, _, record in held:
                    yield record
                return
            database.executemany("INSERT INTO records VALUES (?, ?, ?)", pending)
            database.execute("CREATE INDEX by_person ON records (person, line)")
            rows = database.execute(
                "SELECT r.data FROM records r JOIN "
                "(SELECT person, MIN(line) AS first FROM records GROUP BY person) f ON r.person = f.person "
                "ORDER BY f.first, r.line"
            )
            for (data,) in rows:
                yield pickle.loads(data)  # our own records, written a moment ago
        except sqlite3.Error as exc:
            raise BatchFileError(
                f"{self.name}: the rows could not be grouped by person in temporary storage ({exc})",
                "free some disk space in the temporary folder (TMPDIR), or sort the file by person",
            ) from None
        finally:
            if database is not None:
                database.close()

    def _shape_problem(self, number: int, fields: list[str]) -> RowError | None:
        while len(fields) > self._width and not fields[-1].strip():
            fields.pop()
        if len(fields) != self._width:
            person = fields[self._columns[PERSON]].strip() if self._columns[PERSON] < len(fields) else ""
            return RowError(
                number,
                "",
                f"expected {self._width} fields as in the header, found {len(fields)} "
                f"(a stray {'tab' if self.delimiter == chr(9) else repr(self.delimiter)} or a missing value?)",
                person=person[:MAX_FIELD_CHARS],
                value=_clip(self.delimiter.join(fields)),
                whole_row=True,
            )
        for index in self._used:
            if len(fields[index]) > MAX_FIELD_CHARS:
                person = fields[self._columns[PERSON]].strip()
                return RowError(
                    number,
                    self.header[index],
                    f"field is {len(fields[index]):,} characters long (a quote that is never closed?)",
                    person=person[:80],
                    value=_clip(fields[index]),
                    whole_row=True,
                )
        return None

    # -- values -------------------------------------------------------------------------------------
    def _level(self, raw: str) -> int | str:
        """A level cell (already stripped) as an int, NOT_RATED_LEVEL, or the reason it is not a level.

        Memoised per distinct cell text: an export uses a handful of level spellings over millions of cells.
        """
        found = self._levels.get(raw)
        if found is None:
            if raw.casefold() in NOT_RATED:
                found = NOT_RATED_LEVEL
            else:
                try:
                    found = parse_cell_level(raw)
                except LevelError as exc:
                    found = str(exc)
            if len(self._levels) < LEVEL_CACHE_SIZE:
                self._levels[raw] = found
        return found

    def _skill_key(self, skill: str) -> str:
        """``skill_key``, memoised per distinct cell text like ``_level``: a team writes a few hundred skills."""
        key = self._skill_keys.get(skill)
        if key is None:
            key = skill_key(skill)
            if len(self._skill_keys) < LEVEL_CACHE_SIZE:
                self._skill_keys[skill] = key
        return key

    def _attribute(self, column: str, raw: str) -> str | float | None:
        """A parsed optional value, or raise ValueError with the reason."""
        value = raw.strip()
        if column in ROLE_COLUMNS:
            if self._role_ids is None:
                return value
            known = self._role_ids.get(role_key(value))
            if known is None:
                from careergap.library import closest

                near = closest(role_key(value), self._role_ids.values())
                hint = (
                    f"; did you mean {' or '.join(near)}?"
                    if near
                    else "; list them with: careergap roles list"
                )
                raise ValueError(f"unknown role id {value!r}{hint}")
            return known
        if column == YEARS:
            return parse_years(value)
        return value

    # -- iteration ----------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[PersonRecord | RowError]:
        if self.layout == "long":
            return self._iter_long()
        return self._iter_wide()

    def _no_person(self, number: int, fields: list[str]) -> RowError:
        return RowError(
            number,
            self.header[self._columns[PERSON]],
            "no person name: the row cannot be tied to anyone, so none of it was used",
            value=_clip(self.delimiter.join(fields)),
            whole_row=True,
        )

    def _unpack(
        self, record: tuple[int, list[str], bool] | RowError, width: int
    ) -> tuple[int, list[str], RowError | None]:
        """(line, fields, the row's shape problem if any) for one record."""
        if isinstance(record, RowError):  # an unclosed quote: rejected whole, like a row of the wrong shape
            return record.line, [], record
        number, fields, long_record = record
        shape = self._shape_problem(number, fields) if long_record or len(fields) != width else None
        if shape is None and self._repeats_header(fields):
            # two exports joined: the second header was read as a person called "person" with unknown role ids
            shape = RowError(
                number,
                "",
                "the header line again (two exports joined?); the line is skipped",
                value=_clip(self.delimiter.join(fields)),
                whole_row=True,
            )
        return number, fields, shape

    def _repeats_header(self, fields: list[str]) -> bool:
        """The header's names again (ignoring case and spaces); the person cell is compared first, as it is cheap."""
        heading = self.header[self._columns[PERSON]]
        return fields[self._columns[PERSON]].strip().casefold() == heading.casefold() and [
            f.strip().casefold() for f in fields
        ] == [h.casefold() for h in self.header]

    def _iter_wide(self) -> Iterator[PersonRecord | RowError]:
        stats = self.stats
        person_at = self._columns[PERSON]
        attributes = [(c, self._columns[c]) for c in OPTIONAL_COLUMNS if c in self._columns]
        width = self._width
        for record in self._records():
            stats.rows_read += 1
            number, fields, shape = self._unpack(record, width)
            name = (shape.person if shape else fields[person_at]).strip()
            if not name:
                stats.rows_rejected += 1
                yield shape or self._no_person(number, fields)
                continue
            key = person_key(name)
            earlier = self._seen.get(key)
            if earlier is not None:
                stats.rows_rejected += 1
                yield RowError(
                    number,
                    self.header[person_at],
                    f"person {name!r} already has a row at line {earlier[0]}; "
                    "this row was not used (one row per person in the wide layout)",
                    person=name,
                    value=name,
                    whole_row=True,
                )
                continue
            self._seen.add(key, number, number)
            stats.people += 1
            if shape:
                stats.rows_rejected += 1
                yield PersonRecord(name, number, number, problems=(shape,))
                continue
            problems: list[RowError] = []
            values: dict[str, str | float | None] = {}
            for column, index in attributes:
                raw = fields[index].strip()
                if not raw or raw.casefold() in NOT_RATED:
                    continue
                stats.values_read += 1
                try:
                    values[column] = self._attribute(column, raw)
                except ValueError as exc:
                    stats.values_rejected += 1
                    problems.append(
                        RowError(number, self.header[index], str(exc), name, raw, column_key=column)
                    )
            skills: list[tuple[str, int]] = []
            rated: dict[str, tuple[int, int, str]] = {}
            for index, heading in self.skill_columns:
                raw = fields[index].strip()
                if not raw:
                    continue
                level = self._level(raw)
                if level == NOT_RATED_LEVEL:
                    continue
                stats.values_read += 1
                if not heading:
                    stats.values_rejected += 1
                    problems.append(
                        RowError(
                            number,
                            f"column {index + 1}",
                            "empty skill name: this column has no "
                            "name in the header, so its value cannot be tied to a skill",
                            name,
                            raw,
                        )
                    )
                elif isinstance(level, str):
                    stats.values_rejected += 1
                    problems.append(RowError(number, heading, level, name, raw))
                else:
                    conflict = _rate_once(rated, self._skill_key(heading), heading, level, number, heading)
                    if conflict is None:
                        skills.append((heading, level))
                    elif conflict:
                        stats.values_rejected += 1
                        problems.append(RowError(number, heading, conflict, name, raw))
            yield PersonRecord(
                name,
                number,
                number,
                tuple(skills),
                current_role=_text(values.get(CURRENT_ROLE)),
                target_role=_text(values.get(TARGET_ROLE)),
                years_experience=_number(values.get(YEARS)),
                qualifications=tuple(_split_qualifications(_text(values.get(QUALIFICATION)) or "")),
                problems=tuple(problems),
            )

    def _iter_long(self) -> Iterator[PersonRecord | RowError]:
        stats = self.stats
        person_at, skill_at, level_at = self._columns[PERSON], self._columns[SKILL], self._columns[LEVEL]
        attribute_at = [self._columns[c] for c in OPTIONAL_COLUMNS if c in self._columns]
        attribute_cells = itemgetter(*attribute_at) if attribute_at else None
        width = self._width
        group: _Group | None = None
        records = self._records()
        # A file that can be read twice and is already grouped by person (the usual export) is streamed as it is:
        # no regrouping, memory flat. Anything else goes through _grouped.
        ordered = records if self._reopen is not None and self._grouped_on_disk() else self._grouped(records)
        skill_keys, known_levels = self._skill_keys, self._levels
        for record in ordered:
            stats.rows_read += 1
            number, fields, shape = self._unpack(record, width)
            raw_person = shape.person if shape else fields[person_at]
            if group is None or raw_person != group.raw_name:
                name = raw_person.strip()
                if not name:
                    # Rows without a person are rejected whole; they do not end the current person's group.
                    stats.rows_rejected += 1
                    yield shape or self._no_person(number, fields)
                    continue
                key = person_key(name)
                if group is None or key != group.key:
                    if group is not None:
                        yield from self._finish(group)
                    group = _Group(
                        key, name, number, number, raw_name=raw_person, repeat_of=self._seen.get(key)
                    )
            group.last = number
            if group.repeat_of is not None:
                stats.rows_rejected += 1
                group.repeat_lines.append(
                    (number, shape.value if shape else _clip(self.delimiter.join(fields)))
                )
                continue
            if shape:
                stats.rows_rejected += 1
                group.problems.append(shape)
                continue
            if attribute_cells is not None:
                cells = attribute_cells(fields)
                if cells != group.attribute_cells:  # the person's details, usually repeated on every row
                    group.attribute_cells = cells
                    self._long_attributes(group, number, fields)
            skill, level = fields[skill_at].strip(), fields[level_at].strip()
            if not level:
                if not skill:
                    continue  # a row that only carries the person's details
                stats.values_read += 1
                stats.values_rejected += 1
                group.problems.append(
                    RowError(
                        number,
                        self.header[level_at],
                        f"empty level for skill {skill!r} "
                        f"(valid: {VALID_LEVELS_TEXT}, or n/a to leave it unrated)",
                        group.name,
                        "",
                    )
                )
                continue
            parsed = known_levels.get(level)
            if parsed is None:
                parsed = self._level(level)
            if parsed == NOT_RATED_LEVEL:
                continue
            stats.values_read += 1
            if not skill:
                stats.values_rejected += 1
                group.problems.append(
                    RowError(
                        number,
                        self.header[skill_at],
                        f"empty skill name for level {level!r}",
                        group.name,
                        level,
                    )
                )
            elif isinstance(parsed, str):
                stats.values_rejected += 1
                group.problems.append(
                    RowError(number, self.header[level_at], f"{parsed} (skill {skill!r})", group.name, level)
                )
            else:
                key = skill_keys.get(skill) or self._skill_key(skill)
                conflict = _rate_once(group.rated, key, skill, parsed, number)
                if conflict is None:
                    group.skills.append((skill, parsed))
                elif conflict:
                    stats.values_rejected += 1
                    group.problems.append(
                        RowError(number, self.header[level_at], conflict, group.name, level)
                    )
        if group is not None:
            yield from self._finish(group)

    def _long_attributes(self, group: _Group, number: int, fields: list[str]) -> None:
        stats = self.stats
        for column in OPTIONAL_COLUMNS:
            index = self._columns.get(column)
            if index is None:
                continue
            raw = fields[index].strip()
            if not raw or raw.casefold() in NOT_RATED:
                continue
            if column == QUALIFICATION:
                if raw not in group.qualifications:
                    stats.values_read += 1
                    group.qualifications.append(raw)
                continue
            earlier = group.attributes.get(column)
            if earlier is not None and _same_value(column, earlier[0], raw):
                continue  # the same value repeated on each of the person's rows is one value ("5" and "5.0" too)
            stats.values_read += 1
            if earlier is not None:
                stats.values_rejected += 1
                group.problems.append(
                    RowError(
                        number,
                        self.header[index],
                        f"{raw!r} conflicts with {earlier[0]!r} given at line "
                        f"{earlier[1]} for the same person; the first value stands",
                        group.name,
                        raw,
                        column_key=column,
                    )
                )
                continue
            try:
                parsed = self._attribute(column, raw)
            except ValueError as exc:
                stats.values_rejected += 1
                group.problems.append(
                    RowError(number, self.header[index], str(exc), group.name, raw, column_key=column)
                )
                parsed = None
            group.attributes[column] = (raw, number, parsed)

    def _finish(self, group: _Group) -> Iterator[PersonRecord | RowError]:
        if group.repeat_of is not None:
            first, last = group.repeat_of
            span = f"lines {first}-{last}" if last != first else f"line {first}"
            here = f"lines {group.first}-{group.last}" if group.last != group.first else f"line {group.first}"
            for number, text in group.repeat_lines:
                yield RowError(
                    number,
                    self.header[self._columns[PERSON]],
                    f"person {group.name!r} already appeared at {span}; their rows here ({here}) were not used. "
                    "Keep each person's rows together (sort the file by person) and re-run",
                    person=group.name,
                    value=text,
                    whole_row=True,
                )
            return
        self._seen.add(group.key, group.first, group.last)
        self.stats.people += 1
        values = {column: parsed for column, (_raw, _line, parsed) in group.attributes.items()}
        yield PersonRecord(
            group.name,
            group.first,
            group.last,
            tuple(group.skills),
            current_role=_text(values.get(CURRENT_ROLE)),
            target_role=_text(values.get(TARGET_ROLE)),
            years_experience=_number(values.get(YEARS)),
            qualifications=tuple(q for cell in group.qualifications for q in _split_qualifications(cell)),
            problems=tuple(group.problems),
        )


def skill_key(skill: str) -> str:
    """How two spellings of one skill cell are recognised as the same skill: case and spacing ignored.

    >>> skill_key("  Risk   Management")
    'risk management'
    """
    return " ".join(skill.casefold().split())


def _rate_once(
    rated: dict[str, tuple[int, int, str]], key: str, skill: str, level: int, line: int, column: str = ""
) -> str | None:
    """None when this is the person's first rating of ``skill`` (``key`` is its ``skill_key``); '' for the same
    level again (one value, nothing to report); else the problem: two different levels for one skill, both places
    named, the first standing.

    Why not keep the highest: a contradiction in the data is the person's to resolve, and choosing silently hides it.
    """
    earlier = rated.get(key)
    if earlier is None:
        rated[key] = (level, line, column)
        return None
    if earlier[0] == level:
        return ""
    where = f"at line {earlier[1]}" if not column else f"in column {earlier[2]!r} (the same skill)"
    return (
        f"skill {skill!r} is rated {level} here but {earlier[0]} {where}; "
        f"the first rating ({earlier[0]}) is used and this one is not"
    )


def _spill(
    held: list[tuple[int, int, tuple[int, list[str], bool] | RowError]], first_line: dict[str, int]
) -> sqlite3.Connection:
    """Move the records grouped so far into a temporary on-disk SQLite database."""
    person_of = {first: key for key, first in first_line.items()}
    database = sqlite3.connect("")
    database.execute("PRAGMA journal_mode = OFF")
    database.execute("PRAGMA synchronous = OFF")
    database.execute("CREATE TABLE records (person TEXT, line INTEGER, data BLOB)")
    database.executemany(
        "INSERT INTO records VALUES (?, ?, ?)",
        (
            (person_of[first], number, pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
            for first, number, record in held
        ),
    )
    return database


def _text(value: str | float | None) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: str | float | None) -> float | None:
    return float(value) if isinstance(value, float) else None


def _split_qualifications(cell: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;|,]", cell) if part.strip()]


def check_encoding(stream: BinaryIO, encoding: str, name: str, chunk_size: int = 1 << 20) -> None:
    """Read a binary stream once (in chunks, memory-bounded) and raise BatchFileError if it is not text in ``encoding``.

    Why: a file in the wrong encoding would otherwise surface as thousands of rejected rows after rows were already
    scored and written, so it is refused once, up front. A few bad lines (up to MAX_BAD_BYTE_LINES, e.g. one
    corrupted cell) are not the file's fault: those rows alone are rejected when read.
    """
    head = stream.read(8)
    if head.startswith(b"PK\x03\x04"):
        raise BatchFileError(
            f"{name}: this is a spreadsheet workbook (xlsx or zip), not a CSV file",
            "in your spreadsheet, use File > Save As > 'CSV UTF-8 (comma delimited)' and pass that file",
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise BatchFileError(
            f"{name}: this is an old Excel workbook (xls), not a CSV file", "save it as 'CSV UTF-8'"
        )
    if encoding.replace("_", "-").lower() in ("utf-8", "utf8") and (
        head.startswith((b"\xff\xfe", b"\xfe\xff"))
        or (len(head) >= 4 and head[1::2] == b"\x00" * (len(head) // 2) and b"\x00" not in head[0::2])
    ):
        # without a byte-order mark the codec must be told the byte order (ASCII text has its NULs second)
        marked = head.startswith((b"\xff\xfe", b"\xfe\xff"))
        raise BatchFileError(
            f"{name}: this file is UTF-16 text, not UTF-8",
            f"pass --encoding {'utf-16' if marked else 'utf-16-le'}, or save it as 'CSV UTF-8'",
        )
    bad_lines: set[int] = set()  # lines with bytes the encoding cannot read
    nul_lines: set[int] = set()  # lines with a NUL byte: binary data
    first_bad = ""

    def count(exc: UnicodeError) -> tuple[str, int]:
        nonlocal first_bad
        assert isinstance(exc, UnicodeDecodeError)
        bad_line = line + exc.object[: exc.start].count(b"\n")
        bad_lines.add(bad_line)
        if not first_bad:
            first_bad = f"{name}:{bad_line}|byte 0x{exc.object[exc.start]:02x}"
        return "", exc.end

    codecs.register_error("careergap-count", count)
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise BatchFileError(
            f"unknown encoding {encoding!r}", "use utf-8 (the default), cp1252 or latin-1"
        ) from None
    if not getattr(info, "_is_text_encoding", True):  # rot13, base64, zlib: codecs, but not text encodings
        raise BatchFileError(
            f"{encoding!r} is not a text encoding", "use utf-8 (the default), cp1252 or latin-1"
        )
    if info.name.startswith(("utf-16", "utf-32")):  # two or four bytes a character: NUL bytes are normal
        # strict: a file that is not in this encoding at all is refused whole (_decode_or_refuse)
        _check_wide_text(stream, head, info.incrementaldecoder(errors="strict"), encoding, name, chunk_size)
        return
    # a codec that cannot take a custom error handler ("idna") cannot count the lines with bad bytes
    codec_errors = (LookupError, AssertionError, TypeError, ValueError)
    try:
        decoder = info.incrementaldecoder(errors="careergap-count")
        decoder.decode(b"", final=False)
    except codec_errors:
        raise BatchFileError(
            f"{encoding!r} cannot be used to read a CSV file", "use utf-8 (the default), cp1252 or latin-1"
        ) from None
    line = 1
    data = head + stream.read(chunk_size)
    first_line = data.split(b"\n", 1)[0]
    if b"\x00" in first_line:
        raise BatchFileError(
            f"{name}:1: this is not a CSV file (it holds binary data)", "export the sheet as CSV"
        )
    while True:
        _decode_or_refuse(decoder, data, encoding, name)
        at = data.find(b"\x00")
        while at >= 0 and len(bad_lines | nul_lines) <= MAX_BAD_BYTE_LINES:
            nul_lines.add(line + data.count(b"\n", 0, at))
            at = data.find(b"\x00", at + 1)
        line += data.count(b"\n")
        # A tenth of the file in bad bytes says the encoding is wrong, once there are two such lines or more: one
        # odd byte in a five-person file is that line's fault, and the other four are used. A NUL byte is binary
        # data in one line, never the encoding's fault (MAX_BAD_BYTE_LINES bounds those).
        wrong_encoding = not data and len(bad_lines) >= 2 and len(bad_lines) * 10 > line
        if not bad_lines and len(nul_lines) > MAX_BAD_BYTE_LINES:
            raise BatchFileError(
                f"{name}:{min(nul_lines)}: the file holds binary data (NUL bytes on {len(nul_lines):,} lines; up to "
                f"{MAX_BAD_BYTE_LINES} such lines are rejected one by one)",
                "export the sheet as CSV",
            )
        if len(bad_lines | nul_lines) > MAX_BAD_BYTE_LINES or wrong_encoding:
            raise BatchFileError(
                "{0}: the file is not valid {2} ({1}; {3:,} of its lines hold bytes that are not text; up to {4} such "
                "lines, and no more than a tenth of the file once there are two, are rejected one by one)".format(
                    *first_bad.split("|"), encoding, len(bad_lines | nul_lines), MAX_BAD_BYTE_LINES
                ),
                "save it as 'CSV UTF-8', or pass the encoding it was saved in, e.g. --encoding cp1252",
            )
        if not data:
            return
        data = stream.read(chunk_size)


def _same_value(column: str, a: str, b: str) -> bool:
    """Whether two cells of a person's detail column say the same: "5" and "5.0" years, "Council-PRO11" and
    "council-pro11"."""
    if a == b:
        return True
    if column == YEARS:
        try:
            return float(a) == float(b)
        except ValueError:
            return False
    if column in (CURRENT_ROLE, TARGET_ROLE):
        return role_key(a) == role_key(b)
    return False


def _decode_or_refuse(decoder: codecs.IncrementalDecoder, data: bytes, encoding: str, name: str) -> str:
    """Decode one chunk; a file the codec cannot even start on ("UTF-16 stream does not start with BOM") is refused
    as not being in that encoding, never an internal error."""
    try:
        return decoder.decode(data, final=not data)
    except (UnicodeError, TypeError) as error:
        raise BatchFileError(
            f"{name}: the file is not {encoding} text ({error})",
            "pass the encoding it was saved in (utf-8, utf-16, cp1252 ...), or save it as 'CSV UTF-8'",
        ) from None


def _check_wide_text(
    stream: BinaryIO,
    head: bytes,
    decoder: codecs.IncrementalDecoder,
    encoding: str,
    name: str,
    chunk_size: int,
) -> None:
    """check_encoding for UTF-16 and UTF-32, where NUL bytes are part of every character: the decoded text must
    decode, and must not hold NUL characters, which would mean binary data."""
    data = head + stream.read(chunk_size)
    line = 1
    while True:
        text = _decode_or_refuse(decoder, data, encoding, name)
        if "\x00" in text:
            raise BatchFileError(
                f"{name}:{line + text.count(chr(10), 0, text.index(chr(0)))}: this is not a CSV file (it holds binary "
                "data)",
                "export the sheet as CSV",
            )
        line += text.count("\n")
        if not data:
            return
        data = stream.read(chunk_size)


def _near_long_columns(headings: list[str]) -> list[tuple[str, str]]:
    """Headings that are one slip away from both 'skill' and 'level' (e.g. 'skil' and 'lvl'): a long-layout header
    with typos, which would otherwise be read as two skill columns and every cell rejected."""
    from rapidfuzz import fuzz

    out: list[tuple[str, str]] = []
    for name in (SKILL, LEVEL):
        for heading in headings:
            key = column_key(heading)
            if fuzz.ratio(key, name) >= NEAR_COLUMN_SIMILARITY or (name == LEVEL and key in ("lvl", "lev")):
                out.append((heading, name))
                break
    return out if len(out) == 2 else []
