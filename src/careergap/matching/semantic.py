"""Nearest library skills by meaning: compare a phrase's sentence vector with every wording of every skill.

Pure (numpy only, no I/O): the vectors are handed in by careergap.matching.store. A skill's score is its best
wording's cosine similarity with the phrase, or with the best of the phrase's readings (careergap.normalize.
meaning_parts: the phrase without its quantities, and its clauses), and its vote is how many of the VOTERS wordings
nearest the phrase are its own (a kNN vote over every wording of every skill). An index may carry a second opinion:
another model's index over the same wordings, whose score and vote for each skill ride along on the first's
neighbours (`Neighbour.second`, `Neighbour.second_votes`); the decision rules (the fitted
scorer of careergap.matching.decision, the near-miss guard) live in careergap.resolve beside the lexical ones, so one
place decides what a phrase means.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from careergap.matching.classifier import UNRELATED, SkillClassifier

VOTERS = 5  # the kNN vote: the nearest wordings over all skills, each voting for its own skill


class ModelUnavailable(Exception):
    """The meaning layer cannot run here; the message says why and how to fix it."""


@dataclass(frozen=True)
class Neighbour:
    """One library skill and how close its nearest wording is to the phrase."""

    target: str
    score: float
    via: str
    part: str = ""  # the reading of the phrase that came closest, when it is not the whole phrase
    votes: int = 0  # how many of the VOTERS wordings nearest the phrase (over all skills) are this skill's
    second: float = 0.0  # the second opinion's score for this skill (0 without one)
    second_votes: int = 0  # ... and its vote
    classified: float = 0.0  # the skill classifier's probability for this skill (0 without a second opinion)
    # ... and its probability that the phrase means none of the skills (classifier.UNRELATED; the same on every
    # neighbour of a phrase; 0 when the library gives no unrelated phrases)
    unrelated: float = 0.0


# Builds the skill classifier from the wordings' vectors: (texts, owners, targets, vectors, second vectors) -> it
ClassifierSource = Callable[[list[str], list[str], list[str], Any, Any], SkillClassifier]


@dataclass
class MeaningIndex:
    """Every wording (name, aliases, description) of every target, with its unit vector.

    `embed` turns phrases into unit vectors; it is only called when a phrase is looked up, so an index that is
    never consulted never loads the model. With a second opinion (another model's index over the same wordings) and
    a classifier source, each neighbour also carries the second model's score and vote and the skill classifier's
    probability (careergap.matching.classifier, over both models' vectors).
    """

    wordings: Mapping[str, Sequence[str]]
    vectors: Callable[[list[str]], Any]
    embed: Callable[[list[str]], Any]
    version: str
    second: MeaningIndex | None = None  # another model's index over the same wordings (the second opinion)
    classifier_source: ClassifierSource | None = None
    # phrases that mean none of the targets: the classifier's "none of these" examples (classifier.UNRELATED),
    # never neighbours of a phrase
    unrelated: Sequence[str] = ()
    _matrix: Any = field(default=None, init=False, repr=False)
    _owners: list[str] = field(default_factory=list, init=False, repr=False)
    _texts: list[str] = field(default_factory=list, init=False, repr=False)
    _targets: list[str] = field(default_factory=list, init=False, repr=False)
    _starts: Any = field(default=None, init=False, repr=False)
    _classifier: SkillClassifier | None = field(default=None, init=False, repr=False)
    _cache: dict[str, list[Neighbour]] = field(default_factory=dict, init=False, repr=False)
    _classified: dict[str, dict[str, float]] = field(default_factory=dict, init=False, repr=False)
    failed: str | None = field(default=None, init=False)
    # Leave-one-out fitting only (benchmarks/decision_fit.py): a wording the index ignores, so that an example
    # phrasing can be asked as a phrase without finding itself, and a classifier fitted without it.
    held_out: str | None = field(default=None, init=False)
    held_out_classifier: SkillClassifier | None = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def _build(self) -> None:
        with self._lock:
            if self._matrix is None:
                self._build_unlocked()

    def _build_unlocked(self) -> None:
        """Index the wordings, the second opinion's first. Readers test `_matrix` without the lock, so it is set
        last, once everything it stands for (this index's lists and the second opinion's matrix) is ready: set
        first, a thread could rank with the second index still unbuilt (seen in CI: `None @ queries`)."""
        import numpy as np

        starts: list[int] = []
        targets: list[str] = []
        owners: list[str] = []
        every: list[str] = []
        for target, texts in self.wordings.items():
            unique = list(dict.fromkeys(texts))
            if not unique:
                continue
            starts.append(len(every))
            targets.append(target)
            owners.extend([target] * len(unique))
            every.extend(unique)
        if self.second is not None:
            self.second._build()
        matrix = self.vectors(every)
        self._targets, self._owners, self._texts = targets, owners, every
        self._starts = np.array(starts, dtype=np.intp)
        self._matrix = matrix

    def table(self) -> tuple[list[str], list[str], list[str], Any, Any]:
        """What the classifier is fitted on: the wordings, their skills, the skills, and both models' vectors of the
        wordings (None for the second's without a second opinion). The unrelated phrases come last, owned by
        classifier.UNRELATED, which is then the last of the targets."""
        import numpy as np

        if self._matrix is None:
            self._build()
        second = self.second._matrix if self.second is not None else None
        wordings = set(self._texts)
        unrelated = list(dict.fromkeys(t for t in self.unrelated if t not in wordings))
        if not unrelated:
            return self._texts, self._owners, self._targets, self._matrix, second
        vectors = np.vstack([self._matrix, self.vectors(unrelated)])
        if self.second is not None:
            second = np.vstack([self.second._matrix, self.second.vectors(unrelated)])
        return (
            [*self._texts, *unrelated],
            [*self._owners, *[UNRELATED] * len(unrelated)],
            [*self._targets, UNRELATED],
            vectors,
            second,
        )

    def classifier(self) -> SkillClassifier | None:
        """The skill classifier over both models' vectors of the wordings (built once; None without a source)."""
        if self.held_out is not None and self.held_out_classifier is not None:
            return self.held_out_classifier
        if self._classifier is None and self.second is not None and self.classifier_source is not None:
            self._classifier = self.classifier_source(*self.table())
        return self._classifier

    def nearest(self, phrase: str, parts: Sequence[str] = ()) -> list[Neighbour]:
        """Every target, closest first, each with its closest wording; [] when the model cannot run.

        With `parts` (readings of the phrase), a target's score is its best over the phrase and every part, and
        `Neighbour.part` names the part that gave it when that is not the whole phrase. With a second opinion, each
        neighbour also carries the second model's score and vote and the classifier's probability (its best over
        the readings); when the second model cannot run, neither does this index (one decision rests on both).
        """
        texts = list(dict.fromkeys([phrase, *parts]))
        cache_key = "\n".join(texts) + ("\0" + self.held_out if self.held_out is not None else "")
        cached = self._cache.get(cache_key)
        if cached is None:
            if self.failed is not None:
                return []
            try:
                if self._matrix is None:
                    self._build()
                queries = self.embed(texts)
                cached = self._rank(texts, queries)
                if self.second is not None:
                    self.second.held_out = self.held_out
                    second_queries = self.second.embed(texts)
                    cached = self._with_second_opinion(texts, cached, queries, second_queries)
            except ModelUnavailable as error:
                self.failed = str(error)
                return []
            self._cache[cache_key] = cached
        return cached

    def classify(self, text: str) -> dict[str, float]:
        """The skill classifier's probabilities for one text read alone (with classifier.UNRELATED, "none of
        these"); {} without a classifier or when the models cannot run. Memoised like `nearest`."""
        import numpy as np

        classifier = self.classifier()
        if classifier is None or self.second is None or self.failed is not None:
            return {}
        cache_key = "\x01" + text + ("\0" + self.held_out if self.held_out is not None else "")
        cached = self._classified.get(cache_key)
        if cached is None:
            try:
                if self._matrix is None:
                    self._build()
                both = np.hstack([self.embed([text]), self.second.embed([text])])
            except ModelUnavailable as error:
                self.failed = str(error)
                return {}
            every = classifier.probabilities(both, [text])[0]
            cached = {t: round(float(p), 4) for t, p in zip(classifier.targets, every, strict=True)}
            self._classified[cache_key] = cached
        return cached

    def _with_second_opinion(
        self, texts: list[str], ranked: list[Neighbour], queries: Any, second_queries: Any
    ) -> list[Neighbour]:
        import numpy as np

        assert self.second is not None
        opinion = {n.target: n for n in self.second._rank(texts, second_queries)}
        classifier = self.classifier()
        chances: dict[str, float] = {}
        unrelated = 0.0
        if classifier is not None:
            # readings x targets
            every = classifier.probabilities(np.hstack([queries, second_queries]), texts)
            best = every.max(axis=0)  # a skill's best over the readings
            chances = {t: round(float(p), 4) for t, p in zip(classifier.targets, best, strict=True)}
            if classifier.targets[-1] == UNRELATED:  # none of these: what the whole phrase says
                unrelated = round(float(every[0, -1]), 4)
        return [
            replace(
                n,
                second=opinion[n.target].score,
                second_votes=opinion[n.target].votes,
                classified=chances.get(n.target, 0.0),
                unrelated=unrelated,
            )
            for n in ranked
        ]

    def _rank(self, texts: list[str], queries: Any) -> list[Neighbour]:
        """Every target, closest first, from the readings' unit vectors (`texts[0]` is the whole phrase)."""
        import numpy as np

        phrase = texts[0]
        similarities = self._matrix @ queries.T  # wordings x readings
        if self.held_out is not None:
            similarities = similarities.copy()
            similarities[[i for i, t in enumerate(self._texts) if t == self.held_out]] = -2.0
        reading = np.argmax(similarities, axis=1)
        closest = similarities[np.arange(len(reading)), reading]
        best = np.maximum.reduceat(closest, self._starts)
        votes: dict[str, int] = {}
        for at in np.argsort(-closest, kind="stable")[:VOTERS]:
            votes[self._owners[int(at)]] = votes.get(self._owners[int(at)], 0) + 1
        ends = [*self._starts[1:], len(closest)]
        ranked = []
        for k in np.argsort(-best, kind="stable"):
            start = int(self._starts[k])
            at = start + int(np.argmax(closest[start : ends[k]]))
            part = texts[int(reading[at])]
            ranked.append(
                Neighbour(
                    self._targets[k],
                    round(float(best[k]), 3),
                    self._texts[at],
                    "" if part == phrase else part,
                    votes=votes.get(self._targets[k], 0),
                )
            )
        return ranked
