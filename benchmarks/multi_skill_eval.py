"""How the matcher reads lines that name more than one skill (or one skill beside something that is none).

Usage: python benchmarks/multi_skill_eval.py [--no-semantic] [--half even|odd] [FILE]
       (default tests/data/multi-skill-lines/lines.yaml)

Each line of the file is labelled with every skill it evidences, the main one first (`skills:`), by a helper who saw
only the skill ids, names and descriptions. A line is read as one skill, plus the other skills the items it lists
name (Resolver.also_skills, matcher 52). Per group this counts the lines read as their main skill, as another of
their labelled skills, as a skill they do not name (wrong) or as nothing; the other skills read from their items,
right (labelled) or wrong; and how many labelled skills went uncounted. The rule for items was designed on the
even half (by position, from 0) and checked on the odd half: `--half` scores one. Totals only: never print the
lines of the odd half.
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

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "data" / "multi-skill-lines" / "lines.yaml"


def main() -> None:
    os.environ["CAREERGAP_NO_CACHE"] = "1"
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--no-semantic", action="store_true")
    parser.add_argument("--half", choices=("even", "odd"))
    args = parser.parse_args()
    library = load_library()
    analyser = Analyser(library, build_resolver(library, semantic=not args.no_semantic))
    print(f"matcher: {analyser.resolver.matcher}")
    lines = yaml.safe_load(args.file.read_text(encoding="utf-8"))["lines"]
    counts: dict[int, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for n, line in enumerate(lines):
        if args.half is not None and n % 2 != (args.half == "odd"):
            continue
        match = analyser.skill_match(line["phrase"])
        got = match.target if match.status == "matched" else None
        skills = line["skills"]
        also = [m.target for m in analyser.resolver.also_skills(line["phrase"], match)]
        said = (
            "unmatched"
            if got is None
            else "main"
            if got == skills[0]
            else "another"
            if got in skills
            else "wrong"
        )
        group = counts[line["group"]]
        group[said] += 1
        group["lines"] += 1
        group["labelled skills"] += len(skills)
        group["also right"] += sum(t in skills for t in also)
        group["also wrong"] += sum(t not in skills for t in also)
        group["uncounted skills"] += len(set(skills) - {got, *also})
    for number, group in sorted(counts.items()):
        print(
            f"group {number}: {group['lines']} lines: main skill {group['main']}, another labelled skill "
            f"{group['another']}, wrong {group['wrong']}, unmatched {group['unmatched']}; other skills read from its "
            f"items: {group['also right']} labelled, {group['also wrong']} not; "
            f"{group['uncounted skills']} of {group['labelled skills']} labelled skills uncounted"
        )


if __name__ == "__main__":
    main()
