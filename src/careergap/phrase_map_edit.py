"""Add confirmed phrases to an organisation's phrase map, keeping the file as written.

`careergap profile confirm PROFILE --phrase-map FILE` settles a phrase for one person; this module also writes it
into the map every command reads (`--phrase-map`, or a `phrase-map.yaml` beside `--roles-dir` files), so the next
person who writes the same words is not asked. Reading and checking a map stays in ``careergap.library``
(``load_phrase_maps``); this is the one writer.

- YAML (``.yaml``, ``.yml``): ``phrase_map:`` gains one ``phrase: id`` entry (a skill or a qualification id) per
  new phrase at its end,
  through the same round-trip edit as a profile (``careergap.profile_edit.edit_text``), so comments, order and
  quoting survive.
- CSV (``.csv``): one row per new phrase is appended under the file's own header (``phrase`` and ``skill``
  columns; other columns are left empty), in the file's own line endings; the lines above are not rewritten.

A missing or empty file is created with a short header. A phrase the map already holds (looked up as the matcher
looks it up: ``careergap.normalize.phrase_key``) is never added twice. The file is replaced atomically and keeps its
permissions; a new one is readable by its owner only, as every file careergap creates.
"""

from __future__ import annotations

import csv
import io
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from careergap.errors import InputFileError, Problem
from careergap.normalize import phrase_key
from careergap.profile_edit import check_rewritable, edit_text, replace_file
from careergap.words import spreadsheet_safe

SUFFIXES = (".yaml", ".yml", ".csv")
YAML_HEADER = (
    "# careergap phrase map: phrase -> skill id (or qualification id), applied before any matching\n"
    "# (careergap profile confirm --phrase-map adds to it; `careergap skills list [--qualifications]` shows the ids)\n"
    "phrase_map:\n"
)
CSV_HEADER = "phrase,skill\r\n"


def check_writable(path: Path) -> None:
    """Refuse, before any question is asked, a map that could not be written: a suffix that names no map format, a
    folder, a device or FIFO (a map is read and replaced, never written through), or a missing folder."""
    name = str(path)
    target = path.expanduser()
    if target.is_dir():
        raise InputFileError(Problem(name, "is a folder; --phrase-map needs a file name"))
    if target.exists() and not stat.S_ISREG(target.stat().st_mode):
        raise InputFileError(Problem(name, "is not a regular file; a phrase map is read and rewritten"))
    if path.suffix.lower() not in SUFFIXES:
        given = f"not {path.suffix!r}" if path.suffix else "and this name has no suffix"
        raise InputFileError(
            Problem(name, f"a phrase map is a YAML (.yaml, .yml) or CSV (.csv) file, {given}")
        )
    if not target.resolve().parent.is_dir():
        raise InputFileError(Problem(name, f"folder {target.resolve().parent} does not exist"))
    check_rewritable(path)


def is_blank(path: Path) -> bool:
    """True when there is no map yet at ``path``: no file, or one holding nothing but white space."""
    target = path.expanduser()
    return not target.exists() or not _read(target).strip()


def add_phrases(path: Path, choices: Mapping[str, str]) -> list[str]:
    """Add each ``phrase -> skill id`` of ``choices`` the map at ``path`` does not hold yet; returns the phrases
    added, in order. The caller has checked the skill ids (``profile confirm`` offers library skills only)."""
    target = path.expanduser()
    text = "" if is_blank(path) else _read(target)
    if path.suffix.lower() == ".csv":
        new_text, added = _add_to_csv(text, choices)
    else:
        new_text, added = _add_to_yaml(text or YAML_HEADER, choices, str(path))
    if added:
        replace_file(path, new_text)
    return added


def _read(target: Path) -> str:
    """The file's text with its own line endings (``Path.read_text`` would turn CRLF into LF); a file that is not
    UTF-8 is named, as careergap writes the map back in UTF-8."""
    try:
        with target.open(encoding="utf-8", newline="") as stream:
            return stream.read()
    except UnicodeDecodeError as error:
        raise InputFileError(
            Problem(
                str(target),
                f"is not UTF-8 text (byte 0x{error.object[error.start]:02x}), which careergap writes back; save it "
                "as UTF-8 first",
            )
        ) from None


def _add_to_csv(text: str, choices: Mapping[str, str]) -> tuple[str, list[str]]:
    bom = "\ufeff" if text.startswith("\ufeff") else ""  # a spreadsheet's byte-order mark stays where it is
    new_text, added = _add_rows(text[len(bom) :] or CSV_HEADER, choices)
    return bom + new_text, added


def _add_rows(text: str, choices: Mapping[str, str]) -> tuple[str, list[str]]:
    rows = list(csv.reader(io.StringIO(text)))
    header = [h.strip().casefold() for h in rows[0]] if rows else []
    at_phrase, at_skill = header.index("phrase"), header.index("skill")  # checked by load_phrase_maps
    held = {
        phrase_key(row[at_phrase])
        for row in rows[1:]
        if at_phrase < len(row) and at_skill < len(row) and row[at_skill].strip()
    }
    ending = "\r\n" if "\r\n" in text else "\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=ending)
    added = []
    for phrase, skill in choices.items():
        if phrase_key(phrase) in held:
            continue
        held.add(phrase_key(phrase))
        row = [""] * len(header)
        row[at_phrase], row[at_skill] = spreadsheet_safe(phrase), skill  # a spreadsheet opens this file
        writer.writerow(row)
        added.append(phrase)
    if not added:
        return text, []
    if not text.endswith(("\n", "\r")):
        text += ending
    return text + out.getvalue(), added


def _add_to_yaml(text: str, choices: Mapping[str, str], name: str) -> tuple[str, list[str]]:
    added: list[str] = []

    def change(data: Any, mapping_type: type, sequence_type: type) -> int:
        entries = data.get("phrase_map")
        if entries is None:  # `phrase_map:` with nothing under it yet (a new file)
            entries = mapping_type()
            data["phrase_map"] = entries
        held = {phrase_key(str(p)) for p in entries}
        for phrase, skill in choices.items():
            if phrase_key(phrase) not in held:
                held.add(phrase_key(phrase))
                entries[_as_text(phrase)] = _as_text(skill)
                added.append(phrase)
        return len(added)

    new_text, _ = edit_text(text, change, as_json=False, name=name)
    return new_text, added


def _as_text(value: str) -> str:
    """``value``, double-quoted when YAML would read it bare as something else ("yes" as true, "12:30" as a number
    of minutes, "~" as nothing), so the map reads back exactly what was written."""
    from careergap.yamlio import load_text

    try:
        bare = load_text(f"{value}\n", "phrase").data if value.strip() == value else None
    except InputFileError:
        bare = None
    if bare == value:
        return value
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    quoted: str = DoubleQuotedScalarString(value)
    return quoted
