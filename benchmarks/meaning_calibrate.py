"""Choose the meaning layer's thresholds on the TUNING sets and print the curve they were chosen from.

Usage: python benchmarks/meaning_calibrate.py [TUNING_FILE ...]   (default: tests/data/phrases.yaml and
tests/data/phrases-people.yaml). Runs the real resolver with careergap.resolve's SEMANTIC_* constants swept over a
grid, and reports, for each setting, precision, recall and near misses refused on each file; then a 2-fold
cross-validation (choose on one half of each file, score on the other, three shuffles) of the rule "highest
recall with every file at precision >= 0.95 and near misses refused >= 0.95, else the best penalised score".
Never pass a kept-aside file: choosing on it would make it a tuning set.
"""

from __future__ import annotations

import itertools
import random
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))

from phrases_eval import evaluate

from careergap import resolve
from careergap.analysis import Analyser
from careergap.library import load_library

GRID = {
    "SEMANTIC_ACCEPT": [0.66, 0.68, 0.70, 0.72],
    "SEMANTIC_NEAR_MISS": [0.72, 0.76, 0.85],
    "SEMANTIC_VETO": [0.0, 0.06],
    "SEMANTIC_CREDIBLE": [0.0, 0.65],
}
FIXED = {"SEMANTIC_OVERRULE": 0.0}


def objective(scores: list[dict[str, float]]) -> float:
    """Mean recall, less four times every shortfall from precision 0.95 and refusal 0.95 on any file."""
    penalty = sum(max(0.0, 0.95 - s["precision"]) + max(0.0, 0.95 - s["refused"]) for s in scores)
    return sum(s["recall"] for s in scores) / len(scores) - 4 * penalty


def main() -> None:
    files = [Path(a) for a in sys.argv[1:]] or [
        Path("tests/data/phrases.yaml"),
        Path("tests/data/phrases-people.yaml"),
    ]
    sets = [yaml.safe_load(f.read_text(encoding="utf-8"))["phrases"] for f in files]
    library = load_library()
    resolver = resolve.build_resolver(library)
    analyser = Analyser(library, resolver)
    for name, value in FIXED.items():
        setattr(resolve, name, value)
    results = []
    for values in itertools.product(*GRID.values()):
        setting = dict(zip(GRID, values, strict=True))
        for name, value in setting.items():
            setattr(resolve, name, value)
        for index in (resolver.skills, resolver.qualifications):
            index._cache.clear()
        # the whole sets, and each half of each set for the cross-validation
        results.append(
            (setting, [[evaluate(analyser, part)[0] for part in _halves(items)] for items in sets])
        )
        whole = [evaluate(analyser, items)[0] for items in sets]
        print(
            " ".join(f"{k[9:].lower()}={v:.2f}" for k, v in setting.items()),
            " | ".join(
                f"{f.name}: P {s['precision']:.3f} R {s['recall']:.3f} refused {s['refused']:.3f}"
                for f, s in zip(files, whole, strict=True)
            ),
            flush=True,
        )
    tested = []
    for fold in range(6):
        train = [[halves[fold] for halves in per_file] for _, per_file in results]
        test = [[halves[fold ^ 1] for halves in per_file] for _, per_file in results]
        best = max(range(len(results)), key=lambda i: objective(train[i]))
        tested.append(test[best])
        print("fold", fold, "chose", results[best][0], flush=True)
    for i, f in enumerate(files):
        mean = {k: sum(t[i][k] for t in tested) / len(tested) for k in ("precision", "recall", "refused")}
        print(
            f"cross-validated on {f.name}: P {mean['precision']:.3f} R {mean['recall']:.3f} refused {mean['refused']:.3f}"
        )


def _halves(items: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """Three shuffles, each cut in two: [a0, b0, a1, b1, a2, b2] (fold k is tested on k ^ 1)."""
    out = []
    for seed in range(3):
        order = items[:]
        random.Random(seed).shuffle(order)
        out += [order[::2], order[1::2]]
    return out


if __name__ == "__main__":
    main()
