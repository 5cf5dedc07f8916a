"""Shared-word evidence for the meaning layer: how much of a phrase's specific vocabulary each skill's own words hold.

Pure (no I/O). The sentence model alone often puts two related skills within a few hundredths of each other
("Negotiating contracts": influencing and negotiation, contract management); a specific word the phrase shares with
one skill's wordings and example phrasings ("contract") is evidence the model blurs. This is the lexical half of
hybrid retrieval (a sparse score added to the dense one, as BM25 + embeddings): each word weighs its inverse
document frequency over the library's skills, so a word many skills use ("plan", "team") counts little and a word
one skill uses counts fully (BM25's idf, log((skills - using + 0.5) / (using + 0.5)), so a word half the skills use
counts nothing). A skill's evidence is the share of the phrase's weight that its words hold, so a
phrase with words no skill uses ("football coaching") gets a smaller share, and a phrase of common words ("team")
a small one.
The share is one feature of the fitted decision (careergap.matching.decision, computed in careergap.resolve).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class SharedWords:
    """Each target's words and each word's weight (idf over the targets)."""

    words: Mapping[str, frozenset[str]]
    weight: Mapping[str, float]
    unknown_weight: float  # a word no target uses weighs as much as the rarest

    @classmethod
    def build(
        cls,
        wordings: Mapping[str, Sequence[str]],
        split: Callable[[str], Iterable[str]],
        ignore: frozenset[str] = frozenset(),
    ) -> SharedWords:
        """Index the targets' wordings; `split` turns a text into its (stemmed) words, `ignore` are never evidence.

        >>> shared = SharedWords.build({"a": ["contract management"], "b": ["negotiation", "influencing"],
        ...                             "c": ["budget management"], "d": ["team management"]}, str.split)
        >>> sorted(shared.words["a"]), round(shared.weight["contract"], 2), shared.weight["management"]
        (['contract', 'management'], 0.85, 0.0)
        """
        words = {
            t: frozenset(w for text in texts for w in split(text)) - ignore for t, texts in wordings.items()
        }
        frequency: dict[str, int] = {}
        for found in words.values():
            for w in found:
                frequency[w] = frequency.get(w, 0) + 1
        n = len(words)
        weight = {w: max(0.0, math.log((n - df + 0.5) / (df + 0.5))) for w, df in frequency.items()}
        return cls(words, weight, math.log((n + 0.5) / 0.5))

    def evidence(self, phrase_words: Iterable[str]) -> dict[str, tuple[float, tuple[str, ...]]]:
        """Target -> (share of the phrase's word weight that the target's words hold, the words shared), for
        the targets sharing at least one word. The phrase weighs at least as much as one word no target uses, so
        sharing only common words is little evidence.

        >>> shared = SharedWords.build({"a": ["contract management"], "b": ["negotiation"], "c": ["budget management"],
        ...                             "d": ["team management"]}, str.split)
        >>> share, words = shared.evidence(["negotiation", "contract", "management"])["a"]  # "management": 0
        >>> round(share, 2), words
        (0.39, ('contract',))
        """
        unique = list(dict.fromkeys(phrase_words))
        # at least one specific word's weight: a phrase of common words ("team") gains little from sharing them
        total = max(self.unknown_weight, sum(self.weight.get(w, self.unknown_weight) for w in unique))
        found: dict[str, tuple[float, tuple[str, ...]]] = {}
        for target, own in self.words.items():
            shared = tuple(w for w in unique if w in own and self.weight[w] > 0)
            if shared:
                found[target] = (sum(self.weight[w] for w in shared) / total, shared)
        return found
