"""Safe YAML/JSON loading with size and alias limits, a line index, and pydantic errors turned into Problems."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from careergap.errors import InputFileError, Problem
from careergap.words import clean_text, shown, yaml_read_as

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ALIAS_REFERENCES = 100
MAX_DEPTH = 50
MAX_EXPANDED_NODES = 1_000_000
# A number as written in a file: every number careergap reads is a level, years or a weight of a few digits. Past
# this a plain number is refused where it is written, whatever the field: Python cannot read an integer of over
# 4,300 digits at all (int() raised, exit 70), and a long one would be echoed whole in the field's message.
MAX_NUMBER_CHARS = 100
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")

try:  # the C loader is several times faster; fall back to pure Python where libyaml is missing
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

Path_ = tuple[str | int, ...]

# YAML 1.1 reads more than people mean as numbers and dates: "0x3" (hex), "017" (octal), "1_0", "12:30" (base 60,
# 750) and "2024-13-01" (a date that does not exist, which made PyYAML raise). Only plain decimal numbers are
# numbers here; anything else is kept as the text that was written, and the field that receives it says what is
# valid ("'0x3' is not a level", "'12:30' is not a number of years").
_PLAIN_INT = re.compile(r"[-+]?[0-9]+\Z")
_PLAIN_FLOAT = re.compile(
    r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z|[-+]?\.(?:inf|Inf|INF)\Z|\.(?:nan|NaN|NAN)\Z"
)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The safe loader, with numbers and dates read only as people write them (see _PLAIN_INT)."""


def _int_as_written(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | str:
    text = loader.construct_scalar(node)
    assert isinstance(text, str)
    return int(text) if _PLAIN_INT.match(text) else text


def _float_as_written(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float | str:
    text = loader.construct_scalar(node)
    assert isinstance(text, str)
    return yaml.SafeLoader.construct_yaml_float(loader, node) if _PLAIN_FLOAT.match(text) else text


def _date_as_written(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:  # 2024-13-01, 2024-02-30: no such date
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:int", _int_as_written)
_Loader.add_constructor("tag:yaml.org,2002:float", _float_as_written)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _date_as_written)


@dataclass
class LineIndex:
    """Maps a data path (``("roles", 0, "requirements", 3, "level")``) to the 1-based line and column."""

    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Path_) -> tuple[int | None, int | None]:
        """Line and column of the deepest known node on ``path``."""
        for end in range(len(path), -1, -1):
            hit = self.positions.get(tuple(path[:end]))
            if hit is not None:
                return hit
        return None, None


@dataclass
class Loaded:
    data: Any
    index: LineIndex
    name: str
    duplicate_keys: list[Problem] = field(default_factory=list)


def _decode(raw: bytes, name: str) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise InputFileError(
            Problem(name, f"file is {len(raw):,} bytes, over the {MAX_FILE_BYTES:,}-byte limit"),
            "split it into smaller files",
        )
    encoding = _sniff_utf16(raw)
    if encoding is not None:
        try:
            text = raw.decode(encoding).lstrip("\ufeff")
        except UnicodeDecodeError:
            raise InputFileError(
                Problem(name, "looks like UTF-16 but is not valid UTF-16"), "save the file as UTF-8"
            ) from None
        return _no_nul(text, name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputFileError(
            Problem(name, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", line=line),
            "save the file as UTF-8",
        ) from None
    return _no_nul(text, name)


def _sniff_utf16(raw: bytes) -> str | None:
    """'utf-16' for a UTF-16 file with a byte-order mark, 'utf-16-le'/'-be' for one without (its ASCII characters
    leave a NUL in every other byte), else None. Windows tools still save text this way."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = raw[:200]
    if len(head) >= 4 and len(head) % 2 == 0:
        if head[1::2].count(0) == len(head) // 2 and head[0::2].count(0) == 0:
            return "utf-16-le"
        if head[0::2].count(0) == len(head) // 2 and head[1::2].count(0) == 0:
            return "utf-16-be"
    return None


def _no_nul(text: str, name: str) -> str:
    at = text.find("\x00")
    if at >= 0:
        raise InputFileError(
            Problem(
                name, "holds a NUL byte, so it is binary data, not a text file", text.count("\n", 0, at) + 1
            ),
            "save the file as plain UTF-8 text",
        )
    return text


def read_limited(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a user file, refusing it as soon as it passes ``limit`` (checked while reading, not after).

    Why: ``/dev/zero`` or a 2 GB file must not be read whole before the size limit applies, and a FIFO with no
    writer must not hang (it is opened without blocking and then reads as empty). Pipes such as ``<(cat p.yaml)``
    are read like files.
    """
    name = str(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputFileError(Problem(name, "no such file")) from None
    except OSError as exc:
        raise InputFileError(Problem(name, f"cannot read: {exc.strerror}")) from None
    if stat.S_ISDIR(mode):
        raise InputFileError(Problem(name, "is a directory, expected a file"))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InputFileError(Problem(name, f"cannot read: {exc.strerror}")) from None
    try:
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise InputFileError(
                    Problem(name, f"file is over the {limit:,}-byte limit (MAX_FILE_BYTES)"),
                    "split it into smaller files",
                )
    except OSError as exc:
        raise InputFileError(Problem(name, f"cannot read: {exc.strerror}")) from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def read_text(path: Path) -> str:
    """Read a user file as UTF-8 text, with clear errors for missing, unreadable, oversized or binary files."""
    return _decode(read_limited(path), str(path))


def load_path(path: Path) -> Loaded:
    """Load a YAML file, or a JSON one (``.json``) with a JSON parser, from disk."""
    text = read_text(path)
    if path.suffix.lower() == ".json":
        return load_json_text(text, str(path))
    return load_text(text, str(path))


_SURROGATE_PAIR = re.compile(r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")
_LONE_SURROGATE = re.compile(r"(?<!\\)\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def load_json_text(text: str, name: str) -> Loaded:
    """Parse JSON with the json module (escapes such as ``\\ud83d\\ude00`` and every JSON rule as the standard
    says), and take line numbers from a YAML composition of the same text where it has one."""
    import json  # only JSON files need it, and most profiles are YAML

    dupes: list[Problem] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                dupes.append(Problem(name, f"duplicate key {key!r}", field=key))
            out[key] = value
        return out

    try:
        data = json.loads(
            text,
            object_pairs_hook=pairs,
            parse_constant=_refuse_constant,
            parse_int=_json_int,
            parse_float=_json_float,
        )
    except _LongNumber as long:
        try:  # located as in a YAML file, through the YAML reading of the same text (JSON is YAML, nearly always)
            load_text(text, name)
        except _LongNumberError:
            raise
        except InputFileError:
            pass
        raise _LongNumberError(long.text, name) from None
    except json.JSONDecodeError as exc:
        raise InputFileError(
            Problem(name, f"invalid JSON: {exc.msg}", exc.lineno, exc.colno),
            "check the quoting and commas there",
        ) from None
    except ValueError as exc:
        raise InputFileError(Problem(name, f"invalid JSON: {exc}")) from None
    except RecursionError:
        raise InputFileError(Problem(name, "JSON is nested too deeply")) from None
    index = LineIndex()
    paired = _SURROGATE_PAIR.sub(
        lambda m: chr(0x10000 + ((int(m.group(1), 16) - 0xD800) << 10) + int(m.group(2), 16) - 0xDC00), text
    )
    half = _LONE_SURROGATE.search(paired)  # json reads it into a string no text can hold: refused where it is
    if half is not None:
        line = paired.count("\n", 0, half.start()) + 1
        raise InputFileError(
            Problem(
                name,
                f"{half.group(0)} is half of a character (a UTF-16 surrogate without its pair), not text",
                line,
                half.start() - paired.rfind("\n", 0, half.start()),
            ),
            "write the character itself, or both halves of its escape",
        )
    try:
        located = load_text(paired, name)
        index = located.index
        dupes = located.duplicate_keys or dupes
    except InputFileError:
        pass  # valid JSON that YAML cannot read: problems are still named by field, without a line
    return Loaded(clean_strings(data), index, name, dupes)


class _LongNumber(ValueError):
    """A JSON number longer than MAX_NUMBER_CHARS (raised by the parser's number hooks, before any conversion)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


class _LongNumberError(InputFileError):
    """A number longer than MAX_NUMBER_CHARS in a YAML or JSON file, where it is written when that is known."""

    def __init__(
        self,
        text: str,
        name: str,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(
            Problem(
                name,
                f"{text[:12]}… is a number {len(text):,} characters long, over the limit of {MAX_NUMBER_CHARS} "
                "(MAX_NUMBER_CHARS); no value careergap reads is that long",
                line,
                column,
                field,
            ),
            "write the number meant in a few digits (a level is 0-4, years 0-80), or put text in quotes",
        )


def _json_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _LongNumber(text)
    return int(text)


def _json_float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _LongNumber(text)
    return float(text)


def _refuse_constant(value: str) -> Any:
    raise ValueError(f"{value} is not a number JSON allows")


def load_text(text: str, name: str) -> Loaded:
    """Parse YAML text safely and record where every node is."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        _decode(text.encode("utf-8"), name)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Loaded(None, LineIndex(), name)
        index = LineIndex()
        dupes: list[Problem] = []
        _index_node(node, (), index, dupes, name, {}, [0], 0)
        data = clean_strings(loader.construct_document(node))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        hint = (
            "YAML indentation must use spaces, not tabs"
            if mark is not None and "\t" in _line_at(text, mark.line)
            else "check the indentation and quoting on that line"
        )
        raise InputFileError(Problem(name, f"invalid YAML: {problem}", line, column), hint) from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids anywhere: located, as the others are
        at = min(exc.position, len(text))
        line = text.count("\n", 0, at) + 1
        character = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        raise InputFileError(
            Problem(
                name,
                f"invalid YAML: the character {character!r} is not allowed in a YAML file",
                line,
                at - text.rfind("\n", 0, at),
            ),
            "delete it (a terminal escape or a pasted control character)",
        ) from None
    except yaml.YAMLError as exc:
        raise InputFileError(Problem(name, f"invalid YAML: {exc}")) from None
    except RecursionError:
        raise InputFileError(Problem(name, "YAML is nested too deeply")) from None
    finally:
        loader.dispose()
    return Loaded(data, index, name, dupes)


def clean_strings(data: Any) -> Any:
    """``data`` with every string (keys included) passed through clean_text; iterative, so depth is no risk."""
    if isinstance(data, str):
        return clean_text(data)
    if not isinstance(data, (dict, list)):
        return data
    root: list[Any] = [data]
    stack: list[tuple[Any, Any, Any]] = [(root, 0, data)]
    while stack:
        parent, key, value = stack.pop()
        if isinstance(value, dict):
            new: dict[Any, Any] = {}
            parent[key] = new
            for k, v in value.items():
                k = clean_text(k) if isinstance(k, str) else k
                new[k] = v
                stack.append((new, k, v))
        elif isinstance(value, list):
            new_list = list(value)
            parent[key] = new_list
            for i, v in enumerate(value):
                stack.append((new_list, i, v))
        elif isinstance(value, str):
            parent[key] = clean_text(value)
    return root[0]


def _line_at(text: str, line: int) -> str:
    lines = text.splitlines()
    return lines[line] if 0 <= line < len(lines) else ""


def _index_node(
    node: yaml.Node,
    path: Path_,
    index: LineIndex,
    dupes: list[Problem],
    name: str,
    sizes: dict[int, int],
    alias_count: list[int],
    depth: int,
) -> int:
    """Walk the composed node graph once, recording positions; return the node's expanded size.

    Refuses alias bombs (too many alias references, or a document that would expand past
    MAX_EXPANDED_NODES once aliases are followed) and deep nesting.
    """
    if depth > MAX_DEPTH:
        raise InputFileError(
            Problem(name, f"nested deeper than {MAX_DEPTH} levels", node.start_mark.line + 1)
        )
    known = sizes.get(id(node))
    if known is not None:
        # A node reached twice is an alias: count it and do not walk it again.
        alias_count[0] += 1
        if alias_count[0] > MAX_ALIAS_REFERENCES:
            raise InputFileError(
                Problem(
                    name, f"more than {MAX_ALIAS_REFERENCES} YAML alias references", node.start_mark.line + 1
                ),
                "expand anchors (&) and aliases (*) by hand",
            )
        return known
    index.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    _refuse_long_number(node, name, path)
    size = 1
    if isinstance(node, yaml.MappingNode):
        keys: dict[Any, int] = {}
        for key_node, value_node in node.value:
            _refuse_long_number(key_node, name, path)
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
            line = key_node.start_mark.line + 1
            if key in keys:
                dupes.append(
                    Problem(
                        name,
                        f"duplicate key {key!r} (first on line {keys[key]})",
                        line,
                        key_node.start_mark.column + 1,
                        _dotted((*path, key)),
                    )
                )
            keys[key] = line
            size += 1 + _index_node(
                value_node, (*path, key), index, dupes, name, sizes, alias_count, depth + 1
            )
            # Point the field at its key line, which is where a person looks.
            child: Path_ = (*path, key)
            index.positions[child] = (line, key_node.start_mark.column + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            size += _index_node(item, (*path, i), index, dupes, name, sizes, alias_count, depth + 1)
    if size > MAX_EXPANDED_NODES:
        raise InputFileError(
            Problem(
                name,
                f"expands to more than {MAX_EXPANDED_NODES:,} values once aliases are followed",
                node.start_mark.line + 1,
            ),
            "expand anchors (&) and aliases (*) by hand",
        )
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        sizes[id(node)] = size
    return size


def _refuse_long_number(node: yaml.Node, name: str, path: Path_) -> None:
    """A plain number longer than MAX_NUMBER_CHARS, refused at its line and field before it is converted."""
    if isinstance(node, yaml.ScalarNode) and node.tag in _NUMBER_TAGS and len(node.value) > MAX_NUMBER_CHARS:
        mark = node.start_mark
        raise _LongNumberError(str(node.value), name, mark.line + 1, mark.column + 1, _dotted(path) or None)


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def dotted(path: Path_) -> str:
    """``("roles", 0, "level")`` -> ``roles[0].level``."""
    return _dotted(path)


def problems_from_validation(exc: ValidationError, loaded: Loaded, prefix: Path_ = ()) -> Iterator[Problem]:
    """Turn a pydantic ValidationError into located Problems, one per error."""
    errors = exc.errors(include_url=False)
    item_locs = [tuple(e["loc"]) for e in errors]
    for err in errors:
        if err["type"] == "too_short" and any(
            len(other) > len(err["loc"]) and other[: len(err["loc"])] == tuple(err["loc"])
            for other in item_locs
        ):
            continue  # "needs at least one item" only because an item failed: the item's own error says it all
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        path = (*prefix, *loc)
        line, column = loaded.index.locate(path)
        yield Problem(loaded.name, _message(err), line, column, _dotted(path) or None)


# What a file author needs to hear instead of pydantic's own words ("input should be a valid tuple", "... or
# instance of profileskill"): what the field holds, in the file's terms.
_A_LIST = "expected a list (one '- item' per line, or [a, b])"
_A_MAPPING = "expected a mapping (key: value lines, or {key: value})"
_WANTED = {
    **dict.fromkeys(("tuple_type", "list_type", "set_type"), _A_LIST),
    **dict.fromkeys(("dict_type", "model_type", "model_attributes_type"), _A_MAPPING),
    "string_type": "expected text",
}


def _message(err: Any) -> str:
    kind = err["type"]
    msg = str(err["msg"])
    value = err.get("input")
    if kind == "extra_forbidden":
        return "unknown key (not part of the format; check the spelling)"
    if kind == "missing":
        return "required field is missing"
    if kind == "too_short" and isinstance(err.get("ctx"), dict) and "min_length" in err["ctx"]:
        # `requirements: []` said pydantic's "list should have at least 1 item after validation, not 0"
        least, found = err["ctx"]["min_length"], err["ctx"].get("actual_length") or 0
        return f"needs at least {least} {'entry' if least == 1 else 'entries'}, " + (
            "and is empty" if not found else f"and has {found}"
        )
    if kind in {"value_error", "assertion_error"}:
        return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "literal_error":
        return f"{shown(value)} is not valid: {msg.lower()}"
    if kind.endswith(("_type", "_parsing")):
        wanted = _WANTED.get(kind, msg.lower())
        if kind == "string_type" and (
            isinstance(value, bool) or value is None or isinstance(value, int | float | dt.date)
        ):
            wanted += " (unquoted, yes, no, on, off, a number, a date or a time are not text in YAML: put it in quotes)"
        quoted = (
            f"{value.isoformat()} (read as a date)"
            if isinstance(value, dt.date)
            else yaml_read_as(value)
            if value is None or isinstance(value, bool)
            else shown(value)
        )
        return f"{quoted} is the wrong type: {wanted}"
    if kind in {"less_than_equal", "greater_than_equal", "less_than", "greater_than", "finite_number"}:
        return f"{shown(value)} is out of range: {msg.lower()}"  # "'1e9' is out of range: input should be ... 80"
    if kind in {"too_short", "too_long"}:
        return msg.lower().replace("tuple", "list")  # "list should have at least 1 item after validation"
    if kind == "string_too_short" and value is not None and not str(value).strip():
        return "is empty; it needs some text"
    return msg
