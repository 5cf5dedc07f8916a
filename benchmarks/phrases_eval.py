"""Precision, recall and near-miss refusal of the phrase matcher on the labelled sets in tests/data/.

Usage: python benchmarks/phrases_eval.py [--no-semantic] [--no-phrasings] [--by-kind] [--show-misses] FILE...
Prints one line per file. Do not pass --show-misses for a kept-aside file: its misses must stay unseen.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import yaml

from careergap.analysis import Analyser
from careergap.library import load_library


def outcome(analyser: Analyser, item: dict[str, str]) -> tuple[str, str | None]:
    """("tp" | "fp" | "fn" | "fn+fp" | "tn", a line describing the miss or None) for one labelled phrase."""
    resolve = analyser.resolver.qualification if item["kind"] == "qualification" else analyser.skill_match
    match = resolve(item["phrase"])
    got = match.target if match.status == "matched" else None
    expect = item["expect"]
    if expect is None:
        if got is None:
            return "tn", None
        return "fp", f"FALSE {item['phrase']!r} -> {got} [{match.method} {match.score}] {match.reason}"
    if got == expect:
        return "tp", None
    return (
        "fn+fp" if got is not None else "fn",
        (
            f"MISS  {item['phrase']!r} -> {got} ({match.status} {match.method} {match.score}: {match.reason}),"
            f" expected {expect}"
        ),
    )


def totals(outcomes: list[str]) -> dict[str, float]:
    """Precision, recall and near misses refused from a list of outcomes (see ``outcome``)."""
    tp = outcomes.count("tp")
    fp = outcomes.count("fp") + outcomes.count("fn+fp")
    positives = tp + outcomes.count("fn") + outcomes.count("fn+fp")
    negatives = outcomes.count("tn") + outcomes.count("fp")
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / positives if positives else 1.0,
        "refused": outcomes.count("tn") / negatives if negatives else 1.0,
        "n": len(outcomes),
        "positives": positives,
    }


def evaluate(analyser: Analyser, items: list[dict[str, str]]) -> tuple[dict[str, float], list[str]]:
    found = [outcome(analyser, item) for item in items]
    return totals([o for o, _ in found]), [m for _, m in found if m is not None]


def main() -> None:
    # Every figure from a fresh match: no answers from the persistent phrase cache (careergap.phrasecache), which
    # knows neither --no-phrasings nor the settings a calibration sweeps.
    os.environ["CAREERGAP_NO_CACHE"] = "1"
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--no-semantic", action="store_true")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--no-phrasings", action="store_true", help="leave out the skills' example phrasings")
    parser.add_argument(
        "--by-kind", action="store_true", help="also print totals for skills and qualifications apart"
    )
    args = parser.parse_args()
    library = load_library()
    if args.no_phrasings:
        library.phrasings = {}
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
            f" near-misses refused {scores['refused']:.3f}  ({took:.2f} s, {1000 * took / scores['n']:.1f} ms a phrase)"
        )
        if args.by_kind:
            for kind in ("skill", "qualification"):
                part = [item for item in items if item["kind"] == kind]
                if part:
                    sub, _ = evaluate(analyser, part)
                    print(
                        f"  {kind}s: n={sub['n']:.0f} precision {sub['precision']:.3f} recall {sub['recall']:.3f}"
                        f" near-misses refused {sub['refused']:.3f}"
                    )
        if args.show_misses:
            print("\n".join(misses))


if __name__ == "__main__":
    main()
