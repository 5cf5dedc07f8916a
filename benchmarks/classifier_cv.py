"""How often the skill classifier's first choice is right, against the closest wording's, on phrasings it has not seen.

Usage: python benchmarks/classifier_cv.py [--folds 5]   (about two minutes on two cores)

The library's example phrasings (data/roles/phrasings.yaml) are cut into folds; for each fold the classifier
(careergap.matching.classifier) is fitted on every other wording and phrasing, and each held-out phrasing is placed by
it and by the closest remaining wording of the first model (the nearest-wording comparison of
careergap.matching.semantic, on the whole phrase). Prints both first-choice accuracies and, for the classifier, the
share answered and its precision at a few probability levels, and how often it wrongly said "none of these" (the
library's unrelated phrases train that class in every fold). No labelled phrase set is read.
"""

from __future__ import annotations

import argparse
import os
import random

import numpy as np

from careergap.library import load_library
from careergap.matching import classifier
from careergap.resolve import build_resolver


def main() -> None:
    os.environ["CAREERGAP_NO_CACHE"] = "1"
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    library = load_library()
    index = build_resolver(library).skills.meaning
    assert index is not None, "the meaning layer is not installed (pip install -e '.[semantic]')"
    texts, owners, targets, vectors, second = index.table()
    both = np.hstack([vectors, second])
    phrasings = sorted({t for texts_ in library.phrasings.values() for t in texts_})
    random.Random(0).shuffle(phrasings)
    fold_of = {text: k % args.folds for k, text in enumerate(phrasings)}
    column = {t: i for i, t in enumerate(targets)}
    owner_column = np.array([column[o] for o in owners])
    # the library's unrelated phrases train the classifier's "none of these" class, but are no wording to be close to
    wording = np.array([o != classifier.UNRELATED for o in owners])
    right_classifier, right_nearest, said_none, top, truth = 0, 0, 0, [], []
    for fold in range(args.folds):
        held = np.array([fold_of.get(t, -1) == fold for t in texts])
        fitted = classifier.fit(
            both[~held],
            [o for o, h in zip(owners, held, strict=True) if not h],
            targets,
            [t for t, h in zip(texts, held, strict=True) if not h],
        )
        chances = fitted.probabilities(both[held], [t for t, h in zip(texts, held, strict=True) if h])
        closest = vectors[held] @ vectors[~held & wording].T
        kept_owner = owner_column[~held & wording]
        for row, owner in enumerate(owner_column[held]):
            right_classifier += int(chances[row].argmax() == owner)
            said_none += int(fitted.targets[int(chances[row].argmax())] == classifier.UNRELATED)
            right_nearest += int(kept_owner[int(closest[row].argmax())] == owner)
            top.append(float(chances[row].max()))
            truth.append(bool(chances[row].argmax() == owner))
        print(f"  fold {fold}: {int(held.sum())} phrasings held out", flush=True)
    n = len(top)
    print(
        f"{n} phrasings, {args.folds} folds: first choice right, classifier {right_classifier / n:.3f}, "
        f"closest wording {right_nearest / n:.3f}; the classifier said none of these for {said_none / n:.3f}"
    )
    for level in (0.5, 0.7, 0.9):
        answered = [ok for p, ok in zip(top, truth, strict=True) if p >= level]
        print(
            f"  classifier at probability >= {level}: answers {len(answered) / n:.3f}, "
            f"precision {sum(answered) / max(1, len(answered)):.3f}"
        )


if __name__ == "__main__":
    main()
