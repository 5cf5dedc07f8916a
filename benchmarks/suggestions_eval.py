"""How well the skills careergap offers for a phrase it left unmatched close the gap: totals only.

Usage: python benchmarks/suggestions_eval.py FILE [FILE ...]   (labelled phrase sets, tests/data/phrases-*.yaml)

For every labelled skill phrase with a skill (not a near miss) that the matcher leaves unmatched (ambiguous or
refused), is the right skill among the first 1, 3 and 6 that `careergap profile confirm` offers (`Index.suggestions`,
whose first 3 are also the phrases report's suggestions)? Beside it, the same with the meaning's skills in the closest
wording's order, as offered before 2026-11-30, as the baseline. Prints totals per file and pooled; never a phrase, so
it can be run on the kept-aside sets.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import yaml

from careergap.analysis import Analyser
from careergap.library import load_library
from careergap.resolve import SUGGESTIONS_BY_MEANING

FIRST = (1, 3, 6)


def main() -> None:
    os.environ["CAREERGAP_NO_CACHE"] = "1"  # fresh matches, as benchmarks/phrases_eval.py
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    library = load_library()
    analyser = Analyser(library)
    index = analyser.resolver.skills

    def by_closest_wording(phrase: str, target: str | None, candidates: list[str]) -> list[str]:
        near = [n.target for n in index.nearest_by_meaning(phrase)[:SUGGESTIONS_BY_MEANING]]
        found = [target] if target else []
        return list(dict.fromkeys([*found, *near, *candidates]))

    pooled = {"shipped": [0] * len(FIRST), "closest wording": [0] * len(FIRST)}
    pooled_n = 0
    print(f"matcher: {analyser.resolver.matcher}")
    for path in args.files:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))["phrases"]
        hits = {name: [0] * len(FIRST) for name in pooled}
        n = 0
        for item in items:
            if item["kind"] != "skill" or not item["expect"]:
                continue
            match = analyser.resolver.skill(item["phrase"])
            if match.status == "matched":
                continue
            n += 1
            words = [c.target for c in match.candidates] + [
                c.target for c in index.lexical(match.phrase).candidates
            ]
            offered = {
                "shipped": index.suggestions(match),
                "closest wording": by_closest_wording(match.phrase, match.target, words),
            }
            for name, skills in offered.items():
                for k, first in enumerate(FIRST):
                    hits[name][k] += item["expect"] in skills[:first]
        pooled_n += n
        pooled = {
            name: [a + b for a, b in zip(found, hits[name], strict=True)] for name, found in pooled.items()
        }
        print(_line(path.name, n, hits))
    if len(args.files) > 1:
        print(_line("pooled", pooled_n, pooled))


def _line(name: str, n: int, hits: dict[str, list[int]]) -> str:
    shares = "; ".join(
        f"{order} {' / '.join(f'{h / max(1, n):.2f}' for h in found)}" for order, found in hits.items()
    )
    return f"{name}: {n} unmatched skill phrases; right skill among the first {'/'.join(map(str, FIRST))}: {shares}"


if __name__ == "__main__":
    main()
