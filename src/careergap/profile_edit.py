"""Write into a person's profile file, as written: confirmed choices (`skill: <id>` beside a phrase) and agreed
actions.

YAML is edited with ruamel.yaml's round-trip mode, so comments, key order, quoting and flow style survive; only the
chosen phrases gain a `skill:` key (a short `phrase: level` entry becomes `phrase: {level: 3, skill: id}`), and new
actions are added at the end of `actions:`. JSON profiles are rewritten with two-space indentation. The new text
replaces the file only once it is complete.
"""

from __future__ import annotations

import io
import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from careergap.errors import InputFileError, Problem


def _set_choices_in(data: Any, choices: dict[str, str], mapping_type: type) -> int:
    skills = data.get("skills") if isinstance(data, dict) else None
    changed = 0
    if isinstance(skills, dict):
        for phrase in list(skills):
            if phrase not in choices:
                continue
            value = skills[phrase]
            if isinstance(value, dict):
                value["skill"] = choices[phrase]
            else:
                entry = mapping_type()
                entry["level"] = value
                entry["skill"] = choices[phrase]
                if hasattr(entry, "fa"):
                    entry.fa.set_flow_style()
                skills[phrase] = entry
            changed += 1
    elif isinstance(skills, list):
        for item in skills:
            if isinstance(item, dict) and item.get("name") in choices:
                item["skill"] = choices[item["name"]]
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


def write_choices(path: Path, choices: dict[str, str]) -> int:
    """Add `skill: id` to each chosen phrase of the profile at `path`; returns how many entries changed."""
    return _edit(path, lambda data, mapping, sequence: _set_choices_in(data, choices, mapping))


def save_actions(path: Path, actions: list[str]) -> int:
    """Add the agreed actions to the profile at `path` (those it does not hold yet); returns how many were added."""
    return _edit(path, lambda data, mapping, sequence: _set_actions_in(data, actions, sequence))


def _edit(path: Path, change: Callable[[Any, type, type], int]) -> int:
    """Load the profile at `path` round-trip, apply `change` (data, mapping type, sequence type) -> entries changed,
    and replace the file when something changed."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputFileError(Problem(str(path), f"cannot read the profile ({error.strerror})")) from error
    if path.suffix.lower() == ".json":
        data = json.loads(text)
        changed = change(data, dict, list)
        new_text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        from ruamel.yaml import YAML
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True
        yaml.width = 4096
        dash = re.search(r"^( *)- ", text, re.MULTILINE)
        offset = len(dash.group(1)) if dash else 0
        yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
        data = yaml.load(text)
        changed = change(data, CommentedMap, CommentedSeq)
        out = io.StringIO()
        yaml.dump(data, out)
        new_text = out.getvalue()
    if not changed:
        return 0
    mode = path.stat().st_mode & 0o777
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(new_text)
        Path(tmp).chmod(mode)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return changed
