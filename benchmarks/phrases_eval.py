"""Precision, recall and near-miss refusal of the phrase matcher on the labelled sets in tests/data/.

Usage: python benchmarks/phrases_eval.py [--no-semantic] [--show-misses] FILE...
Prints one line per file. Do not pass --show-misses for a kept-aside file: its misses must stay unseen.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import yaml

from careergap.analysis import Analyser
from careergap.library import load_library


def evaluate(analyser: Analyser, items: list[dict[str, str]]) -> tuple[dict[str, float], list[str]]:
    tp = fp = fn = tn = 0
    misses: list[str] = []
    for item in items:
        resolve = (
            analyser.resolver.qualification if item["kind"] == "qualification" else analyser._skill_match
        )
        match = resolve(item["phrase"])
        got = match.target if match.status == "matched" else None
        expect = item["expect"]
        if expect is None:
            if got is None:
                tn += 1
            else:
                fp += 1
                misses.append(
                    f"FALSE {item['phrase']!r} -> {got} [{match.method} {match.score}] {match.reason}"
                )
        elif got == expect:
            tp += 1
        else:
            fn += 1
            if got is not None:
                fp += 1
            misses.append(
                f"MISS  {item['phrase']!r} -> {got} ({match.status} {match.method} {match.score}: {match.reason}),"
                f" expected {expect}"
            )
    positives = tp + fn
    negatives = sum(1 for i in items if i["expect"] is None)
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / positives if positives else 1.0,
        "refused": tn / negatives if negatives else 1.0,
        "n": len(items),
        "positives": positives,
    }, misses


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--no-semantic", action="store_true")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    library = load_library()
    from careergap.resolve import build_resolver

    resolver = build_resolver(library, semantic=not args.no_semantic)
    analyser = Analyser(library, resolver)
    print(f"matcher: {resolver.matcher}")
    for path in args.files:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))["phrases"]
        start = time.perf_counter()
        scores, misses = evaluate(analyser, items)
        took = time.perf_counter() - start
        print(
            f"{path.name}: n={scores['n']:.0f} precision {scores['precision']:.3f} recall {scores['recall']:.3f}"
            f" near-misses refused {scores['refused']:.3f}  ({took:.2f} s)"
        )
        if args.show_misses:
            print("\n".join(misses))


if __name__ == "__main__":
    main()
