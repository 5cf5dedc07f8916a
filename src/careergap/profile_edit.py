"""Write a person's confirmed choices (`skill: <id>` beside a phrase) back into their profile file, as written.

YAML is edited with ruamel.yaml's round-trip mode, so comments, key order, quoting and flow style survive; only the
chosen phrases gain a `skill:` key (a short `phrase: level` entry becomes `phrase: {level: 3, skill: id}`). JSON
profiles are rewritten with two-space indentation. The new text replaces the file only once it is complete.
"""

from __future__ import annotations

import io
import json
import os
import re
import tempfile
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


def write_choices(path: Path, choices: dict[str, str]) -> int:
    """Add `skill: id` to each chosen phrase of the profile at `path`; returns how many entries changed."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputFileError(Problem(str(path), f"cannot read the profile ({error.strerror})")) from error
    if path.suffix.lower() == ".json":
        data = json.loads(text)
        changed = _set_choices_in(data, choices, dict)
        new_text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        from ruamel.yaml import YAML
        from ruamel.yaml.comments import CommentedMap

        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True
        yaml.width = 4096
        dash = re.search(r"^( *)- ", text, re.MULTILINE)
        offset = len(dash.group(1)) if dash else 0
        yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
        data = yaml.load(text)
        changed = _set_choices_in(data, choices, CommentedMap)
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
