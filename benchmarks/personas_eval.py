"""How many phrases of each own-words profile are matched, and (with a labels.yaml beside them) rightly.

Usage: python benchmarks/personas_eval.py [--show] [--labels FILE] FOLDER [FOLDER ...]

For issue 11's people (examples/own-words/, tests/data/blind-personas/): per profile, the skill lines matched and
unmatched, and, when the folder has a labels.yaml (profile file -> {line: skill id or null}), how many got the
labelled skill (right), another skill (wrong), nothing though a skill was labelled (unmatched) or nothing where no
skill fits (none fits). --labels reads the labels from another file of that shape instead (the example profiles'
labels live in tests/data/own-words-labels.yaml, so that examples/own-words/ holds profiles only). --show prints every
line's answer: never pass it for a kept-aside folder.
"""

from __future__ import annotations

import argparse
import collections
import os
from pathlib import Path

import yaml

from careergap.analysis import Analyser
from careergap.library import load_library
from careergap.resolve import build_resolver


def outcome(got: str | None, expect: object) -> str:
    """right / wrong / unmatched / none fits, against a label; matched / unmatched without one (`expect` "?")."""
    if expect == "?":
        return "matched" if got else "unmatched"
    if got is None:
        return "none fits" if expect is None else "unmatched"
    return "right" if got == expect else "wrong"


def main() -> None:
    os.environ["CAREERGAP_NO_CACHE"] = "1"  # fresh answers, not the phrase cache's
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--show", action="store_true")
    parser.add_argument(
        "--labels", type=Path, help="labels for every folder, instead of each folder's labels.yaml"
    )
    args = parser.parse_args()
    library = load_library()
    analyser = Analyser(library, build_resolver(library))
    print(f"matcher: {analyser.resolver.matcher}")
    for folder in args.folders:
        labels_file = args.labels or folder / "labels.yaml"
        labels = yaml.safe_load(labels_file.read_text(encoding="utf-8")) if labels_file.is_file() else {}
        for path in sorted(folder.glob("*.yaml")):
            if path.name == "labels.yaml":
                continue
            profile = yaml.safe_load(path.read_text(encoding="utf-8"))
            counts: collections.Counter[str] = collections.Counter()
            for line in profile["skills"]:
                match = analyser.skill_match(line["name"])
                got = match.target if match.status == "matched" else None
                said = outcome(got, labels.get(path.name, {}).get(line["name"], "?"))
                counts[said] += 1
                if args.show:
                    print(f"  {said:9} {line['name']!r} -> {got} ({match.method})")
            print(f"{folder.name}/{path.name}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
