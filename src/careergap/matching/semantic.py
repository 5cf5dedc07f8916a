"""Nearest library skills by meaning: compare a phrase's sentence vector with every wording of every skill.

Pure (numpy only, no I/O): the vectors are handed in by careergap.matching.store. A skill's score is its best
wording's cosine similarity with the phrase, or with the best of the phrase's readings (careergap.normalize.
meaning_parts: the phrase without its quantities, and its clauses), and its vote is how many of the VOTERS wordings
nearest the phrase are its own (a kNN vote over every wording of every skill); the decision rules (the fitted
scorer of careergap.matching.decision, the near-miss guard) live in careergap.resolve beside the lexical ones, so one
place decides what a phrase means.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

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


@dataclass
class MeaningIndex:
    """Every wording (name, aliases, description) of every target, with its unit vector.

    `embed` turns phrases into unit vectors; it is only called when a phrase is looked up, so an index that is
    never consulted never loads the model.
    """

    wordings: Mapping[str, Sequence[str]]
    vectors: Callable[[list[str]], Any]
    embed: Callable[[list[str]], Any]
    version: str
    _matrix: Any = field(default=None, init=False, repr=False)
    _owners: list[str] = field(default_factory=list, init=False, repr=False)
    _texts: list[str] = field(default_factory=list, init=False, repr=False)
    _targets: list[str] = field(default_factory=list, init=False, repr=False)
    _starts: Any = field(default=None, init=False, repr=False)
    _cache: dict[str, list[Neighbour]] = field(default_factory=dict, init=False, repr=False)
    failed: str | None = field(default=None, init=False)
    # Leave-one-out fitting only (benchmarks/decision_fit.py): a wording the index ignores, so that an example
    # phrasing can be asked as a phrase without finding itself.
    held_out: str | None = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def _build(self) -> None:
        with self._lock:
            if self._matrix is None:
                self._build_unlocked()

    def _build_unlocked(self) -> None:
        import numpy as np

        starts = []
        for target, texts in self.wordings.items():
            unique = list(dict.fromkeys(texts))
            if not unique:
                continue
            starts.append(len(self._texts))
            self._targets.append(target)
            self._owners.extend([target] * len(unique))
            self._texts.extend(unique)
        self._starts = np.array(starts, dtype=np.intp)
        self._matrix = self.vectors(self._texts)

    def nearest(self, phrase: str, parts: Sequence[str] = ()) -> list[Neighbour]:
        """Every target, closest first, each with its closest wording; [] when the model cannot run.

        With `parts` (readings of the phrase), a target's score is its best over the phrase and every part, and
        `Neighbour.part` names the part that gave it when that is not the whole phrase.
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
                similarities = self._matrix @ self.embed(texts).T  # wordings x readings
            except ModelUnavailable as error:
                self.failed = str(error)
                return []
            import numpy as np

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
            cached = []
            for k in np.argsort(-best, kind="stable"):
                start = int(self._starts[k])
                at = start + int(np.argmax(closest[start : ends[k]]))
                part = texts[int(reading[at])]
                cached.append(
                    Neighbour(
                        self._targets[k],
                        round(float(best[k]), 3),
                        self._texts[at],
                        "" if part == phrase else part,
                        votes=votes.get(self._targets[k], 0),
                    )
                )
            self._cache[cache_key] = cached
        return cached
