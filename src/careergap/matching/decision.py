"""The fitted accept / ask / refuse scorer: P(this skill is what the phrase means) from a handful of plain features.

A logistic model, small enough to read: each term (TERMS: the features, FEATURES, computed in careergap.resolve
from the lexical answer and the meaning layer's neighbours, and the squares of three of them) is standardised,
weighed and summed; the probability is the logistic of that sum. Its coefficients and the acceptance level are
data, in ``matching/data/decision.yaml``, written by ``python benchmarks/decision_fit.py`` (which records the
command, the date, the training sets and the cross-validated curve the level was chosen from), so refitting after
the example phrasings change is one command. ``fit`` is the fitting itself (Newton's method on the L2-penalised
log-likelihood; deterministic), kept here beside the scorer so a test can check that the two agree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.abc import Traversable  # importlib.resources.abc from Python 3.11

# What the scorer looks at, for one candidate skill of one phrase (careergap.resolve.Index.decision_features):
FEATURES = (
    "meaning",  # the model's cosine similarity of the phrase (or its best reading) to the skill's closest wording
    "clear",  # 1 when the similarity is 0.74 or more with a lead of 0.12 (the hand-set rule of matcher 4), else 0
    "lead",  # that similarity less the best other skill's (negative when another skill is closer)
    "votes",  # share of the 5 wordings nearest the phrase, over all skills, that are this skill's (a kNN vote)
    "second",  # the second model's (multilingual-e5-small) similarity of the phrase to the skill's closest wording
    "second_lead",  # that less the second model's best other skill's (negative when it prefers another)
    "second_votes",  # the second model's kNN vote for the skill
    "classified",  # the skill classifier's probability for the skill (careergap.matching.classifier)
    "shared",  # share of the phrase's specific words (idf-weighted) that the skill's own wordings hold
    "words",  # the lexical (fuzzy) score of the skill, 0-1 (0 when the words did not reach it)
    "words_first",  # 1 when the skill is the words' own first choice
    "near_miss",  # 1 when a word the library never uses sits beside the skill's whole wording ("football coaching")
    "unknown",  # share of the phrase's words that the library never uses
    "length",  # the phrase's content words, up to 12, over 12
    # the skill classifier on the phrase's words that the library never uses, read alone (both 0 when there are none):
    "foreign_none",  # its probability that they mean none of the skills ("football" in "football coaching")
    "foreign_same",  # its probability for this skill ("vetting volunteers" in "Recruiting and vetting volunteers")
)
# ... and the squares of three that do not act in a straight line, so the fit can give each a curve (as shipped, in
# log-odds a rise in the classifier's probability counts most at the low end and little near 1, and longer phrases
# are likelier to be right up to about ten words). With them the people's-words recall, cross-validated on the tuning sets, rose 2-3
# points at the same precision in each of three fold draws (squaring every feature did no better; matcher 9).
SQUARED = ("meaning", "classified", "length")
TERMS = (*FEATURES, *(f"{name}^2" for name in SQUARED))
DATA_FILE = "decision.yaml"


def terms(values: Mapping[str, float]) -> list[float]:
    """The scorer's terms for one candidate's features, in the order of TERMS.

    >>> row = terms({**{f: 0.0 for f in FEATURES}, "classified": 0.5, "length": 0.25})
    >>> dict(zip(TERMS, row))["classified^2"], dict(zip(TERMS, row))["length^2"]
    (0.25, 0.0625)
    """
    return [*(values[f] for f in FEATURES), *(values[f] ** 2 for f in SQUARED)]


class DecisionDataError(ValueError):
    """The decision data file is not usable; the message names the file and the field."""


@dataclass(frozen=True)
class Decision:
    """A fitted scorer: standardisation, weights, intercept and the acceptance level chosen for it."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    accept: float  # accept a skill at this probability or more
    keep: float  # the words' own fuzzy match stands at this probability or more (no higher than accept)
    fitted: Mapping[str, Any] = field(
        default_factory=dict
    )  # where it came from: command, date, training sets

    def probability(self, values: Mapping[str, float]) -> float:
        """P(right) for one candidate's features.

        >>> n = len(TERMS)
        >>> d = Decision((0.0,) * n, (1.0,) * n, (4.0,) + (0.0,) * (n - 1), -2.0, 0.8, 0.5)
        >>> round(d.probability({**{f: 0.0 for f in FEATURES}, "meaning": 0.75}), 3)
        0.731
        """
        z = self.intercept + sum(self.shares(values).values())
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    def shares(self, values: Mapping[str, float]) -> dict[str, float]:
        """Each term's share of the log-odds (its coefficient times its standardised value), in the order of TERMS:
        with the intercept they sum to the log-odds of `probability`, so a reader sees which terms moved it."""
        return {
            name: c * (v - m) / s
            for name, v, m, s, c in zip(TERMS, terms(values), self.mean, self.scale, self.coef, strict=True)
        }

    def to_data(self) -> dict[str, Any]:
        return {
            "features": list(TERMS),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "coef": list(self.coef),
            "intercept": self.intercept,
            "accept": self.accept,
            "keep": self.keep,
            "fitted": dict(self.fitted),
        }


def from_data(data: object, where: str) -> Decision:
    """Validate a decision file's content; a problem names the file and the field and says what is valid."""
    if not isinstance(data, dict):
        raise DecisionDataError(
            f"{where}: expected a mapping with features, mean, scale, coef, intercept, accept"
        )
    if data.get("features") != list(TERMS):
        raise DecisionDataError(
            f"{where}: field 'features' must be {list(TERMS)} (this careergap's terms); refit with "
            "python benchmarks/decision_fit.py"
        )
    vectors = {}
    for name in ("mean", "scale", "coef"):
        value = data.get(name)
        if not isinstance(value, list) or len(value) != len(TERMS) or not all(_number(v) for v in value):
            raise DecisionDataError(f"{where}: field {name!r} must be a list of {len(TERMS)} numbers")
        vectors[name] = tuple(float(v) for v in value)
    if any(s <= 0 for s in vectors["scale"]):
        raise DecisionDataError(f"{where}: field 'scale' must hold positive numbers")
    for name in ("intercept", "accept", "keep"):
        if not _number(data.get(name)):
            raise DecisionDataError(f"{where}: field {name!r} must be a number")
    if not 0.0 < float(data["accept"]) < 1.0:
        raise DecisionDataError(f"{where}: field 'accept' must be a probability between 0 and 1")
    if not 0.0 < float(data["keep"]) <= float(data["accept"]):
        raise DecisionDataError(
            f"{where}: field 'keep' must be a probability above 0 and no higher than 'accept'"
        )
    fitted = data.get("fitted", {})
    if not isinstance(fitted, dict):
        raise DecisionDataError(f"{where}: field 'fitted' must be an object (how the scorer was fitted)")
    return Decision(
        vectors["mean"],
        vectors["scale"],
        vectors["coef"],
        float(data["intercept"]),
        float(data["accept"]),
        float(data["keep"]),
        fitted,
    )


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _shipped_file() -> Traversable:
    """matching/data/decision.yaml inside the installed package."""
    return resources.files("careergap.matching") / "data" / DATA_FILE


@lru_cache(maxsize=1)
def shipped_fingerprint() -> str:
    """A short hash of the shipped decision data: a refit changes answers, so the phrase cache is keyed on it."""
    import hashlib

    try:
        return hashlib.sha256(_shipped_file().read_bytes()).hexdigest()[:16]
    except OSError:
        return "unreadable"


@lru_cache(maxsize=1)
def shipped_decision() -> Decision:
    """The scorer that ships with careergap (matching/data/decision.yaml)."""
    import yaml  # YAML, as the library's own data, not JSON: a table report imports no json (tests/test_startup.py)

    try:
        data = yaml.safe_load(_shipped_file().read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise DecisionDataError(f"{DATA_FILE}: cannot be read as YAML ({error})") from error
    return from_data(data, f"careergap/matching/data/{DATA_FILE}")


def fit(
    rows: Sequence[Sequence[float]],
    labels: Sequence[int],
    weights: Sequence[float] | None = None,
    l2: float = 1.0,
) -> tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...], float]:
    """Fit the logistic model: (mean, scale, coef, intercept) on standardised features, by Newton's method.

    >>> mean, scale, coef, b = fit([[0.2], [0.4], [0.6], [0.8]] * 5, [0, 0, 1, 1] * 5, l2=0.1)
    >>> coef[0] > 0
    True
    """
    import numpy as np

    x = np.asarray(rows, dtype=float)
    y = np.asarray(labels, dtype=float)
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=float)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = np.hstack([np.ones((len(y), 1)), (x - mean) / scale])
    beta = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[0] = 0.0  # the intercept is not shrunk
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ beta, -40, 40)))
        gradient = z.T @ (w * (y - p)) - penalty * beta
        hessian = (z * (w * p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if float(np.max(np.abs(step))) < 1e-10:
            break
    return (
        tuple(round(float(v), 6) for v in mean),
        tuple(round(float(v), 6) for v in scale),
        tuple(round(float(v), 6) for v in beta[1:]),
        round(float(beta[0]), 6),
    )
