"""Write into a person's profile file, as written: confirmed choices (`skill: <id>` beside a phrase) and agreed
actions.

YAML is edited with ruamel.yaml's round-trip mode, so comments, key order, quoting and flow style survive; only the
chosen phrases gain a `skill:` key (a short `phrase: level` entry becomes `phrase: {level: 3, skill: id}`), and new
actions are added at the end of `actions:`. JSON profiles are rewritten with two-space indentation. The new text
replaces the file only once it is complete.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from careergap.errors import InputFileError, Problem
from careergap.signals import signals_held


def _as_read(phrase: Any) -> str:
    """A phrase as the profile model reads it (white space collapsed), so "  Building   Excel trackers " in the file
    is the phrase confirm was asked about."""
    return " ".join(str(phrase).split())


def _one_line(values: dict[str, Any], mapping_type: type) -> Any:
    """A short entry grown into a mapping, kept on one line in YAML: ``{level: 3, skill: budget-management}``."""
    entry = mapping_type()
    entry.update(values)
    if hasattr(entry, "fa"):
        entry.fa.set_flow_style()
    return entry


def _set_on_lines(data: Any, field: str, values: dict[str, Any], mapping_type: type) -> int:
    """Set ``field`` to the value given for each chosen skill line (phrase -> value): ``skill: budget-management``,
    ``also: [procurement]``. A short ``phrase: level`` entry grows into ``phrase: {level: 3, skill: ...}``; returns
    how many lines changed."""
    skills = data.get("skills") if isinstance(data, dict) else None
    wanted = {_as_read(phrase): value for phrase, value in values.items()}
    changed = 0
    if isinstance(skills, dict):
        for phrase in list(skills):
            chosen = wanted.get(_as_read(phrase))
            if chosen is None:
                continue
            value = skills[phrase]
            if isinstance(value, dict):
                value[field] = chosen
            else:
                skills[phrase] = _one_line({"level": value, field: chosen}, mapping_type)
            changed += 1
    elif isinstance(skills, list):
        changed += _set_in_list(skills, wanted, "name", field)
    return changed


def _flow(sequence_type: type, values: list[Any]) -> Any:
    """A list written on one line in YAML: ``also: [procurement]``."""
    found = sequence_type(values)
    if hasattr(found, "fa"):
        found.fa.set_flow_style()
    return found


def _set_in_list(items: list[Any], wanted: dict[str, Any], words: str, field: str = "skill") -> int:
    """Set ``field`` to the chosen value in each mapping of a list whose ``words`` key holds a chosen phrase."""
    changed = 0
    for item in items:
        chosen = wanted.get(_as_read(item.get(words))) if isinstance(item, dict) else None
        if chosen is not None:
            item[field] = chosen
            changed += 1
    return changed


def _set_actions_in(data: Any, actions: list[str], sequence_type: type) -> int:
    """Append each action not already in the profile's ``actions`` list (creating the list at the end)."""
    if not isinstance(data, dict):
        return 0
    current = data.get("actions")
    if current is None:
        current = sequence_type()
    elif isinstance(current, str):
        one = sequence_type()
        one.append(current)
        current = one
    elif not isinstance(current, list):
        return 0
    added = 0
    for action in actions:
        if action.strip() and action not in current:
            current.append(action)
            added += 1
    if added:
        data["actions"] = current
    return added


def _set_qualification_choices_in(
    data: Any, choices: dict[str, str], mapping_type: type, sequence_type: type
) -> int:
    """Name the award beside each chosen qualification: ``- PRINCE 2 prac`` becomes
    ``- {name: PRINCE 2 prac, qualification: prince2-practitioner}`` (a comma list becomes a list first)."""
    quals = data.get("qualifications") if isinstance(data, dict) and choices else None
    wanted = {_as_read(phrase): award for phrase, award in choices.items()}
    if isinstance(quals, str):
        items = [q.strip() for q in quals.split(",") if q.strip()]
        if not any(_as_read(q) in wanted for q in items):
            return 0
        quals = sequence_type()
        quals.extend(items)
        data["qualifications"] = quals
    if not isinstance(quals, list):
        return 0
    changed = 0
    for i, entry in enumerate(quals):
        chosen = wanted.get(_entry_key(entry))
        if chosen is None:
            continue
        if isinstance(entry, dict):
            entry["qualification"] = chosen
        else:
            quals[i] = _one_line({"name": entry, "qualification": chosen}, mapping_type)
        changed += 1
    return changed


def _set_not_applicable_choices_in(data: Any, choices: dict[str, str]) -> int:
    """Name the library skill a `not_applicable` entry means, in place of the words that matched none: the entry
    points at a requirement, so its id is what it should say (the reason stays as written)."""
    entries = data.get("not_applicable") if isinstance(data, dict) and choices else None
    wanted = {_as_read(phrase): skill for phrase, skill in choices.items()}
    changed = 0
    if isinstance(entries, dict):
        for position, phrase in enumerate(list(entries)):
            chosen = wanted.get(_as_read(phrase))
            if chosen is None or chosen in entries:
                continue
            reason = entries.pop(phrase)
            if hasattr(entries, "insert"):
                entries.insert(position, chosen, reason)
            else:
                entries[chosen] = reason
            changed += 1
    elif isinstance(entries, list):
        changed += _set_in_list(entries, wanted, "skill")
    return changed


def write_choices(
    path: Path,
    choices: dict[str, str],
    qualifications: dict[str, str] | None = None,
    not_applicable: dict[str, str] | None = None,
    also: dict[str, list[str]] | None = None,
) -> int:
    """Add `skill: id` to each chosen phrase of the profile at `path`, `qualification: id` to each chosen
    qualification, put the chosen skill id in each chosen not_applicable entry, and `also: [ids]` on each line
    whose other skills were confirmed; returns how many choices were written."""
    return _edit(
        path,
        lambda data, mapping, sequence: (
            _set_on_lines(data, "skill", choices, mapping)
            + _set_qualification_choices_in(data, qualifications or {}, mapping, sequence)
            + _set_not_applicable_choices_in(data, not_applicable or {})
            + _set_on_lines(
                data, "also", {p: _flow(sequence, ids) for p, ids in (also or {}).items()}, mapping
            )
        ),
    )


def save_actions(path: Path, actions: list[str]) -> int:
    """Add the agreed actions to the profile at `path` (those it does not hold yet); returns how many were added."""
    return _edit(path, lambda data, mapping, sequence: _set_actions_in(data, actions, sequence))


def _edit(path: Path, change: Callable[[Any, type, type], int]) -> int:
    """Load the profile at `path` round-trip, apply `change` (data, mapping type, sequence type) -> entries changed,
    and replace the file when something changed."""
    check_rewritable(path)
    text = _read_for_edit(path)
    new_text, changed = edit_text(text, change, as_json=path.suffix.lower() == ".json", name=str(path))
    if not changed:
        return 0
    replace_file(path, new_text)
    return changed


def check_editable(path: Path) -> None:
    """Everything ``_edit`` needs, checked before any question is asked: the file can be replaced, is UTF-8 and
    parses for the round-trip editor (a key given twice does not)."""
    check_rewritable(path)
    edit_text(_read_for_edit(path), lambda *_: 0, as_json=path.suffix.lower() == ".json", name=str(path))


def _read_for_edit(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", newline="") as stream:  # its own line endings: CRLF stays CRLF
            return stream.read()
    except UnicodeDecodeError:
        raise InputFileError(
            Problem(str(path), "is not UTF-8, which careergap writes back; save it as UTF-8 first")
        ) from None
    except OSError as error:
        raise InputFileError(Problem(str(path), f"cannot read the profile ({error.strerror})")) from error


def check_rewritable(path: Path) -> None:
    """Refuse, before any work, a file careergap could not replace: read-only (someone locked it), or in a folder
    where the new text cannot be written beside it."""
    real = path.expanduser().resolve()
    if real.exists() and not os.access(real, os.W_OK):
        raise InputFileError(Problem(str(path), "is read-only; make it writable (chmod u+w) to save into it"))
    folder = real.parent
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        raise InputFileError(
            Problem(
                str(path),
                f"cannot be saved: its folder {folder} is not writable (the new text goes beside it)",
            )
        )


def replace_file(path: Path, text: str) -> None:
    """Write ``text`` to a temp file beside the file ``path`` names (through a link: the link is kept) and rename it
    over it, keeping its permissions (owner-only for a new file); a failure leaves the old file as it was."""
    real = path.expanduser().resolve()
    mode = real.stat().st_mode & 0o777 if real.exists() else 0o600
    tmp = ""
    try:
        with signals_held():  # tmp is set before a signal can stop the write (the handlers below remove it)
            handle, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        Path(tmp).chmod(mode)
        os.replace(tmp, real)  # noqa: PTH105 - Path.replace on 3.10 binds os.replace at import
    except OSError as error:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        raise InputFileError(Problem(str(path), f"cannot be written: {error.strerror}")) from None
    except BaseException:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        raise


def edit_text(
    text: str, change: Callable[[Any, type, type], int], *, as_json: bool, name: str = "the profile"
) -> tuple[str, int]:
    """The one round-trip edit (no I/O): parse ``text``, apply ``change`` (data, mapping type, sequence type) ->
    entries changed, and return the new text with that count. YAML keeps its comments, key order, quoting, scalar
    spellings and indentation; JSON keeps its key order and is written with two-space indentation. Both keep a
    leading byte-order mark and Windows line endings. Text that cannot be edited safely (a key given twice, which
    ruamel refuses to guess about) raises InputFileError naming ``name`` and the line."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    if as_json:
        try:
            data = json.loads(body)
        except json.JSONDecodeError as error:
            raise InputFileError(
                Problem(name, f"is not valid JSON: {error.msg}", error.lineno, error.colno)
            ) from None
        changed = change(data, dict, list)
        new_text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        from ruamel.yaml import YAML
        from ruamel.yaml.comments import CommentedMap, CommentedSeq
        from ruamel.yaml.error import MarkedYAMLError, YAMLError

        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True
        yaml.width = 4096
        mapping, sequence, offset = _indentation(body)
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
        try:
            data = yaml.load(body)
        except MarkedYAMLError as error:
            mark = error.problem_mark
            what = " ".join(str(error.problem or error).split())
            raise InputFileError(
                Problem(
                    name,
                    f"cannot be edited safely: {what}; fix it by hand first",
                    mark.line + 1 if mark else None,
                    mark.column + 1 if mark else None,
                )
            ) from None
        except YAMLError as error:
            raise InputFileError(
                Problem(name, f"cannot be edited safely: {error}; fix it by hand first")
            ) from None
        changed = change(data, CommentedMap, CommentedSeq)
        _quote_misread(data)
        out = io.StringIO()
        yaml.dump(data, out)
        new_text = out.getvalue()
    if "\r\n" in text:  # a file saved on Windows keeps its line endings
        new_text = new_text.replace("\r\n", "\n").replace("\n", "\r\n")
    return bom + new_text, changed


def _quote_misread(node: Any) -> None:
    """Put in double quotes every plain text value that careergap's reader (PyYAML, YAML 1.1) would read as something
    else: ruamel writes YAML 1.2, where an agreed action "yes", "no", "on" or "off" is text, but read back it would be
    true or false and the profile would no longer load. Values the file already quoted keep their own quotes.

    >>> from ruamel.yaml.comments import CommentedSeq
    >>> actions = CommentedSeq(["yes", "Shadow a budget holder", "12:30"])
    >>> _quote_misread(actions)
    >>> [type(a).__name__ for a in actions]
    ['DoubleQuotedScalarString', 'str', 'DoubleQuotedScalarString']
    """
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString
    from yaml import ScalarNode
    from yaml.resolver import Resolver

    resolver = Resolver()

    def fixed(value: Any) -> Any:
        if (
            type(value) is str
            and resolver.resolve(ScalarNode, value, (True, False)) != "tag:yaml.org,2002:str"  # type: ignore[no-untyped-call]
        ):
            return DoubleQuotedScalarString(value)
        _quote_misread(value)
        return value

    if isinstance(node, dict):
        for key in list(node):
            node[key] = fixed(node[key])
    elif isinstance(node, list):
        for i, value in enumerate(node):
            node[i] = fixed(value)


_KEY_ALONE = re.compile(r"^( *)(?!- )[^\s#][^:#]*:\s*(?:#.*)?$")


def _indentation(text: str) -> tuple[int, int, int]:
    """The file's own block indentation as ruamel's (mapping, sequence, offset): the step under a key that opens
    a mapping, and how far a list's dash sits under its key (as the person wrote them; 2 and 0 when not shown)."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    mapping: int | None = None
    offset: int | None = None
    for parent, child in itertools.pairwise(lines):
        opened = _KEY_ALONE.match(parent)
        if opened is None:
            continue
        step = len(child) - len(child.lstrip(" ")) - len(opened.group(1))
        if step <= 0:
            continue
        if child.lstrip(" ").startswith("- "):
            offset = step if offset is None else offset
        elif mapping is None:
            mapping = step
    dash = re.search(r"^( *)- +(\S)", text, re.MULTILINE)
    offset = offset if offset is not None else 0
    # Keys inside a list item line up with the first key after the dash.
    inside = len(dash.group(0)) - 1 - len(dash.group(1)) if dash else 2
    return mapping or 2, offset + inside, offset


# ----------------------------------------------------------------------------- answers from `assess --resume`
_TOP_KEYS = ("name", "current_role", "target_role", "years_experience", "qualifications", "assessed_on")
_RATINGS = ("level", "coach_level", "manager_level")


def apply_answers(
    data: Any, before: dict[str, Any], after: dict[str, Any], mapping_type: type, sequence_type: type
) -> int:
    """Carry what a session changed into a profile document as the person wrote it; returns how many values changed.

    ``before`` and ``after`` are the profile in its plain list form (as the session edits it) when the session
    started and now; only their differences touch ``data``, in the file's own shape: a short ``phrase: level``
    entry stays short while only its level changes, a level written as a word is rewritten as a word, a new key is
    placed where a profile usually has it, and everything else (comments, order, spellings) is left alone.
    """
    if not isinstance(data, dict):
        return 0
    changed = 0
    for key in _TOP_KEYS:
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        changed += 1
        if new in (None, [], ()):
            data.pop(key, None)
        elif key == "qualifications":
            _set_list(data, key, list(new), mapping_type, sequence_type)
        else:
            old_value = data.get(key)
            if key == "assessed_on" and old_value is None and mapping_type is not dict:
                old_value = dt.date.min  # YAML has dates: a new assessed_on is written as one, unquoted
            _set_key(data, key, _like(old_value, new, key))
    changed += _apply_skills(
        data, before.get("skills", []), after.get("skills", []), mapping_type, sequence_type
    )
    changed += _apply_not_applicable(
        data, before.get("not_applicable", []), after.get("not_applicable", []), mapping_type, sequence_type
    )
    return changed


def _set_key(data: Any, key: str, value: Any) -> None:
    """Set a top-level key; a new one goes after the keys that usually come before it (name, roles, ...)."""
    if key in data or not hasattr(data, "insert"):
        data[key] = value
        return
    order = (*_TOP_KEYS, "skills", "not_applicable", "actions")
    earlier = set(order[: order.index(key)]) if key in order else set(order)
    keys = list(data)
    position = max((i + 1 for i, k in enumerate(keys) if k in earlier), default=len(keys))
    data.insert(position, key, value)


def _entry_key(entry: Any) -> str:
    """A list entry by its words: a text, or a mapping's ``name`` (a confirmed qualification)."""
    return _as_read(entry.get("name", "") if isinstance(entry, dict) else entry)


def _set_list(data: Any, key: str, values: list[Any], mapping_type: type, sequence_type: type) -> None:
    current = data.get(key)
    if isinstance(current, str) and all(isinstance(v, str) for v in values):
        data[key] = ", ".join(values)  # "CIPFA, PRINCE2": a comma list stays one
        return
    if not isinstance(current, list):
        items = [] if current is None else [q.strip() for q in str(current).split(",") if q.strip()]
        current = sequence_type()
        current.extend(items)
        _set_key(data, key, current)
    wanted = [_entry_key(v) for v in values]
    for i in reversed(range(len(current))):
        if _entry_key(current[i]) not in wanted:
            del current[i]
    have = [_entry_key(v) for v in current]
    for value in values:
        if _entry_key(value) not in have:  # a confirmed award on one line, as `profile confirm` writes it
            current.append(_one_line(value, mapping_type) if isinstance(value, dict) else value)


def _like(old: Any, new: Any, field: str) -> Any:
    """``new`` written the way ``old`` was: a level word stays a word (in its case), a date stays a date."""
    if field == "assessed_on" and isinstance(new, str) and isinstance(old, dt.date):
        try:
            return dt.date.fromisoformat(new)
        except ValueError:
            return new
    if field in _RATINGS and isinstance(new, int) and isinstance(old, str):
        from careergap.models.scale import LEVEL_LABELS

        word = LEVEL_LABELS[new]
        letters = "".join(c for c in old if c.isalpha())
        if not letters:
            return str(new)
        word = word.upper() if letters.isupper() else word.capitalize() if letters[0].isupper() else word
        return f"{new} - {word}" if any(c.isdigit() for c in old) else word
    if isinstance(new, float) and new.is_integer() and isinstance(old, int | type(None)):
        return int(new)
    return new


def _name_key(name: Any) -> str:
    return " ".join(str(name).casefold().split())


def _apply_skills(
    data: Any, before: list[Any], after: list[Any], mapping_type: type, sequence_type: type
) -> int:
    """Skill entries keep their place; a changed rating or evidence is set on the entry that stands (the last one
    of that name, as the loader reads it); new entries are added at the end of ``skills``."""
    old = {_name_key(e["name"]): e for e in before}
    skills = data.get("skills")
    changed = 0
    for entry in after:
        key = _name_key(entry["name"])
        previous = old.get(key, {})
        fields = [f for f in (*_RATINGS, "evidence", "also") if entry.get(f) != previous.get(f)]
        if not fields:
            continue
        changed += 1
        if not isinstance(skills, dict | list):
            skills = sequence_type()
            _set_key(data, "skills", skills)
        # the other skills the line names (`also:`, as an assess answer writes it): one flow list
        if "also" in fields and entry.get("also") is not None:
            entry = {**entry, "also": _flow(sequence_type, entry["also"])}
        if isinstance(skills, dict):
            name = next((k for k in reversed(list(skills)) if _name_key(k) == key), None)
            _set_short(skills, name if name is not None else entry["name"], entry, fields, mapping_type)
            continue
        target = next(
            (e for e in reversed(skills) if isinstance(e, dict) and _name_key(e.get("name", "")) == key), None
        )
        if target is None:
            target = mapping_type()
            target["name"] = entry["name"]
            skills.append(target)
        for field in fields:
            if entry.get(field) is None:
                target.pop(field, None)
            else:
                target[field] = _like(target.get(field), entry[field], field)
    return changed


def _set_short(skills: Any, name: str, entry: dict[str, Any], fields: list[str], mapping_type: type) -> None:
    """Change one entry of the short ``phrase: level`` form, keeping it short when only the self level is set."""
    value = skills.get(name)
    if not isinstance(value, dict):
        if all(f == "level" for f in fields) and not any(entry.get(f) for f in (*_RATINGS[1:], "evidence")):
            skills[name] = _like(value, entry["level"], "level")
            return
        expanded = mapping_type()
        if value is not None:
            expanded["level"] = value
        if hasattr(expanded, "fa"):
            expanded.fa.set_flow_style()
        skills[name] = value = expanded
    for field in fields:
        if entry.get(field) is None:
            value.pop(field, None)
        else:
            value[field] = _like(value.get(field), entry[field], field)


def _apply_not_applicable(
    data: Any, before: list[Any], after: list[Any], mapping_type: type, sequence_type: type
) -> int:
    """Reasons a requirement does not apply: removed, changed or added by phrase, in the file's own form."""
    old = {_name_key(e["skill"]): e["reason"] for e in before}
    new = {_name_key(e["skill"]): e for e in after}
    if old == {k: e["reason"] for k, e in new.items()}:
        return 0
    current = data.get("not_applicable")
    if not isinstance(current, dict | list):
        current = sequence_type()
        _set_key(data, "not_applicable", current)
    changed = 0
    for key in old.keys() - new.keys():
        changed += 1
        if isinstance(current, dict):
            for phrase in [p for p in current if _name_key(p) == key]:
                del current[phrase]
        else:
            for i in reversed(range(len(current))):
                if isinstance(current[i], dict) and _name_key(current[i].get("skill", "")) == key:
                    del current[i]
    for key, entry in new.items():
        if old.get(key) == entry["reason"]:
            continue
        changed += 1
        if isinstance(current, dict):
            phrase = next((p for p in current if _name_key(p) == key), entry["skill"])
            current[phrase] = entry["reason"]
            continue
        target = next(
            (e for e in current if isinstance(e, dict) and _name_key(e.get("skill", "")) == key), None
        )
        if target is None:
            target = mapping_type()
            target["skill"] = entry["skill"]
            current.append(target)
        target["reason"] = entry["reason"]
    if not current:
        data.pop("not_applicable", None)
    return changed
