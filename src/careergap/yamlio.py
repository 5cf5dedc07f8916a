"""Safe YAML/JSON loading with size and alias limits, a line index, and pydantic errors turned into Problems."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from careergap.errors import InputFileError, Problem

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ALIAS_REFERENCES = 100
MAX_DEPTH = 50
MAX_EXPANDED_NODES = 1_000_000

try:  # the C loader is several times faster; fall back to pure Python where libyaml is missing
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

Path_ = tuple[str | int, ...]


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
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputFileError(
            Problem(name, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", line=line),
            "save the file as UTF-8",
        ) from None
    return text


def read_text(path: Path) -> str:
    """Read a user file as UTF-8 text, with clear errors for missing, unreadable or binary files."""
    name = str(path)
    if path.is_dir():
        raise InputFileError(Problem(name, "is a directory, expected a file"))
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(Problem(name, "no such file")) from None
    except OSError as exc:
        raise InputFileError(Problem(name, f"cannot read: {exc.strerror}")) from None
    return _decode(raw, name)


def load_path(path: Path) -> Loaded:
    """Load a YAML (or JSON, which is YAML) file from disk."""
    return load_text(read_text(path), str(path))


def load_text(text: str, name: str) -> Loaded:
    """Parse YAML text safely and record where every node is."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        _decode(text.encode("utf-8"), name)
    loader = _BaseLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Loaded(None, LineIndex(), name)
        index = LineIndex()
        dupes: list[Problem] = []
        _index_node(node, (), index, dupes, name, {}, [0], 0)
        data = loader.construct_document(node)
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
    except yaml.YAMLError as exc:
        raise InputFileError(Problem(name, f"invalid YAML: {exc}")) from None
    except RecursionError:
        raise InputFileError(Problem(name, "YAML is nested too deeply")) from None
    finally:
        loader.dispose()
    return Loaded(data, index, name, dupes)


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
    size = 1
    if isinstance(node, yaml.MappingNode):
        keys: dict[Any, int] = {}
        for key_node, value_node in node.value:
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
            index.positions[(*path, key)] = (line, key_node.start_mark.column + 1)
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


def _message(err: Any) -> str:
    kind = err["type"]
    msg = str(err["msg"])
    value = err.get("input")
    if kind == "extra_forbidden":
        return "unknown key (not part of the format; check the spelling)"
    if kind == "missing":
        return "required field is missing"
    if kind in {"value_error", "assertion_error"}:
        return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "literal_error":
        return f"{value!r} is not valid: {msg.lower()}"
    if kind.endswith(("_type", "_parsing")):
        return f"{value!r} is the wrong type: {msg.lower()}"
    return msg
