"""A skill classifier over sentence vectors: P(skill | phrase), learnt from the library's own wordings.

Pure (numpy only, no I/O). The nearest-wording comparison (careergap.matching.semantic) asks "which single wording
is closest?"; a classifier learns from all of a skill's wordings at once (its name, aliases, description and example
phrasings: about 50 per skill) which directions in the two models' vector spaces mark that skill, so a paraphrase
close to none of the wordings can still be placed. It also reads the words themselves (stemmed, as the lexical
matcher reads them): a word such as "rota", "payroll" or "PQQ" that the models place poorly but the library's
wordings use for one skill again and again. Measured on the 3,728 example phrasings (with the tuning sets' labelled
phrases) in 5 folds (each fold's phrasings left out of training), the classifier's first choice was right for 0.848
of them (0.807 from the vectors alone, measured for matcher 11), the closest wording's for 0.697 (`python
benchmarks/classifier_cv.py` prints both; matcher 14); it said "none of these" (below) for 0.064 of them, the price of
learning that class from the tuning sets' near misses too (0.850 and 0.053 without them, matcher 12), which the fitted
scorer wins back.

It is a multinomial logistic regression (softmax) on the two models' unit vectors side by side, times SCALE, and one
input per word found in at least MIN_TEXTS of the training texts (`inputs`), with an L2 penalty, fitted by
full-batch Adam for a fixed number of steps from zero: deterministic, and small enough to read. Besides the skills
it has one more class, UNRELATED, learnt from phrases that mean none of them (the library's `unrelated:` files:
"Budget airline cabin crew", "Carbon fibre fabrication"), so a phrase far from every skill can give its probability
to "none of these" instead of to the least unlikely skill. It never decides alone: its probability is one feature of
the fitted decision (careergap.matching.decision), beside the near-miss guard and the share of unknown words.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

SCALE = 10.0  # unit vectors times this: logits wide enough for confident probabilities
# Beside the vectors, the words: each stemmed word (careergap.normalize.tokens) found in at least MIN_TEXTS of the
# training texts is one more input, WORDS / sqrt(the text's word count) when the text holds it, else 0 (as large as
# a whole vector's inputs, which are unit vectors times SCALE)
WORDS = 10.0
MIN_TEXTS = 2
L2 = 3e-4
STEPS = 400
RATE = 0.02
# the class of phrases that mean none of the skills (no skill id can look like it)
UNRELATED = "(none of these)"


@dataclass(frozen=True)
class SkillClassifier:
    """Weights (dimensions x skills) and biases of a fitted softmax, with the skills in column order."""

    targets: tuple[str, ...]
    weights: Any  # numpy float32 array, (dimensions + len(vocabulary)) x len(targets)
    bias: Any  # numpy float32 array, len(targets)
    # the stemmed words that are inputs beside the vectors (none: the vectors alone)
    vocabulary: tuple[str, ...] = ()

    def probabilities(self, vectors: Any, texts: Sequence[str] = ()) -> Any:
        """P(skill) for each row of `vectors` (the two models' unit vectors side by side) and its text in `texts`:
        rows x skills. The texts are needed when the classifier has a vocabulary."""
        import numpy as np

        logits = inputs(vectors, texts, self.vocabulary) @ self.weights + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        return odds / odds.sum(axis=1, keepdims=True)


def vocabulary_of(texts: Sequence[str]) -> tuple[str, ...]:
    """The stemmed words found in at least MIN_TEXTS of the texts, sorted.

    >>> vocabulary_of(["planning budgets", "budget planning", "coaching staff"])
    ('budget', 'plan')
    """
    from collections import Counter

    from careergap.normalize import tokens

    counts = Counter(word for text in texts for word in set(tokens(text, keep_digits=True)))
    return tuple(sorted(word for word, count in counts.items() if count >= MIN_TEXTS))


def inputs(vectors: Any, texts: Sequence[str], vocabulary: Sequence[str]) -> Any:
    """The classifier's inputs: the vectors times SCALE, then (with a vocabulary) one column per word.

    >>> import numpy as np
    >>> x = inputs(np.zeros((1, 2), dtype=np.float32), ["planning team budgets"], ("budget", "plan"))
    >>> x.astype(float).round(3).tolist()  # 3 words, 2 of them in the vocabulary: 10 / sqrt(3) each
    [[0.0, 0.0, 5.774, 5.774]]
    """
    import numpy as np

    from careergap.normalize import tokens

    scaled = np.asarray(vectors, dtype=np.float32) * SCALE
    if not vocabulary:
        return scaled
    if len(texts) != len(scaled):
        raise ValueError(f"{len(scaled)} vectors but {len(texts)} texts: the classifier reads both")
    column = {word: i for i, word in enumerate(vocabulary)}
    words = np.zeros((len(texts), len(vocabulary)), dtype=np.float32)
    for row, text in enumerate(texts):
        found = set(tokens(text, keep_digits=True))
        known = [column[w] for w in found if w in column]
        if known:
            words[row, known] = WORDS / len(found) ** 0.5
    return np.hstack([scaled, words])


def fit(
    vectors: Any, owners: Sequence[str], targets: Sequence[str], texts: Sequence[str] = ()
) -> SkillClassifier:
    """Fit the classifier on labelled vectors (each row's skill in `owners`, every one of them in `targets`) and,
    with `texts`, on their words too.

    >>> import numpy as np
    >>> x = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]], dtype=np.float32)
    >>> c = fit(x, ["a", "a", "b", "b"], ["a", "b"])
    >>> [c.targets[i] for i in c.probabilities(np.array([[0.8, 0.2], [0.2, 0.8]], dtype=np.float32)).argmax(1)]
    ['a', 'b']
    """
    import numpy as np

    column = {t: i for i, t in enumerate(targets)}
    vocabulary = vocabulary_of(texts) if texts else ()
    x = inputs(vectors, texts, vocabulary)
    y = np.array([column[o] for o in owners])
    rows, dims = x.shape
    onehot = np.eye(len(targets), dtype=np.float32)[y]
    weights = np.zeros((dims, len(targets)), dtype=np.float32)
    bias = np.zeros(len(targets), dtype=np.float32)
    moments: list[tuple[Any, Any]] = [
        (np.zeros_like(weights), np.zeros_like(weights)),
        (np.zeros_like(bias), np.zeros_like(bias)),
    ]
    for step in range(1, STEPS + 1):
        logits = x @ weights + bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        error = (p - onehot) / rows
        gradients = (x.T @ error + L2 * weights, error.sum(axis=0))
        for value, gradient, (first, second) in zip((weights, bias), gradients, moments, strict=True):
            first *= 0.9
            first += 0.1 * gradient
            second *= 0.999
            second += 0.001 * gradient * gradient
            value -= RATE * (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
    return SkillClassifier(tuple(targets), weights, bias, vocabulary)


def training_key(texts: Sequence[str], owners: Sequence[str], version: str) -> str:
    """What a fitted classifier depends on: every (skill, wording) pair, the fitting settings and `version` (the
    models', and the lexicon's that stems the words: careergap.matching.store.classifier_key)."""
    digest = hashlib.sha256(f"{version}\n{SCALE} {L2} {STEPS} {RATE} {WORDS} {MIN_TEXTS}\n".encode())
    for owner, text in sorted(zip(owners, texts, strict=True)):
        digest.update(f"{owner}\t{text}\n".encode())
    return digest.hexdigest()
