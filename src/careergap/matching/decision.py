"""The fitted accept / ask / refuse scorer: P(this skill is what the phrase means) from a handful of plain features.

Gradient-boosted decision trees, small enough to follow by hand for one phrase: each tree asks a few questions of
the features (FEATURES, computed in careergap.resolve from the lexical answer and the meaning layer's neighbours:
"is the classifier's probability above 0.62? is the phrase shorter than three content words?") and ends in a leaf
holding a number; the log-odds are the baseline plus one leaf from each tree, and the probability is their logistic.
`shares` splits that sum by feature (each step down a tree credits the feature it asked about with the change it
made), so a reader sees which features moved a decision. The trees are monotone where the design says they must be
(MONOTONE: a closer match, more shared words or a surer classifier never make a skill less likely).

The trees and the acceptance level are data, in ``matching/data/decision.yaml``, written by ``python
benchmarks/decision_fit.py`` (which records the command, the date, the training sets and the cross-validated curve
the level was chosen from), so refitting after the example phrasings change is one command. The fit itself uses
scikit-learn's HistGradientBoostingClassifier (a test and benchmark dependency only); `export` turns its trees into
this module's data, and a test checks that the two give the same probabilities. Matcher 16 replaced a logistic
model on the same features: cross-validated on the tuning sets, the trees read 1-4 more phrases in a hundred of
people's own words at the same precision (docs/matching-history.md, "Matcher 16").
"""

from __future__ import annotations

import itertools
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
    # share of the phrase's content words in the reading that came closest (1 for the whole phrase): "options
    # appraisal" read out of a fifteen-word line about a strategy is weaker evidence than the line itself
    "reading",
)
# The fit may only let these features push one way, whatever the others say (+1: more makes the skill likelier,
# -1: less likely); the rest may act either way (a high similarity on a two-word phrase is weaker evidence than on
# a sentence, so "meaning" is free). Unconstrained trees read about as many phrases cross-validated but could learn
# that, say, more shared words make a skill less likely somewhere in the middle of the range: a rule no one could
# defend to the person whose phrase it refused.
MONOTONE = {
    "lead": 1,
    "shared": 1,
    "words": 1,
    "second": 1,
    "classified": 1,
    "foreign_same": 1,
    "foreign_none": -1,
    "reading": 1,
}
DATA_FILE = "decision.yaml"

# One node of a tree: a split (feature index, threshold, left child, right child, value) or a leaf (value,). A row
# goes left when its feature is at most the threshold. A split's value is the mean of the leaves below it, weighed
# by the training rows that reached them: what `shares` credits a step with. Children come after their parent.
Node = tuple[float, ...]
Tree = tuple[Node, ...]


class DecisionDataError(ValueError):
    """The decision data file is not usable; the message names the file and the field."""


@dataclass(frozen=True)
class Decision:
    """A fitted scorer: the baseline log-odds, the trees and the acceptance levels chosen for them."""

    baseline: float
    trees: tuple[Tree, ...]
    accept: float  # accept a skill at this probability or more
    keep: float  # the words' own fuzzy match stands at this probability or more (no higher than accept)
    fitted: Mapping[str, Any] = field(
        default_factory=dict
    )  # where it came from: command, date, training sets

    @property
    def intercept(self) -> float:
        """The log-odds before any feature is asked about: the baseline and each tree's root value."""
        return self.baseline + sum(tree[0][-1] for tree in self.trees)

    def probability(self, values: Mapping[str, float]) -> float:
        """P(right) for one candidate's features.

        >>> tree = ((FEATURES.index("classified"), 0.5, 1, 2, 0.0), (-1.0,), (2.0,))
        >>> d = Decision(0.0, (tree,), 0.8, 0.5)
        >>> low, high = ({**dict.fromkeys(FEATURES, 0.0), "classified": c} for c in (0.2, 0.9))
        >>> round(d.probability(low), 3), round(d.probability(high), 3)
        (0.269, 0.881)
        """
        row = [values[f] for f in FEATURES]
        z = self.baseline + sum(tree[_path(tree, row)[-1]][-1] for tree in self.trees)
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    def shares(self, values: Mapping[str, float]) -> dict[str, float]:
        """Each feature's share of the log-odds, in the order of FEATURES: every step down a tree adds the change in
        value it made to the feature the step asked about. With `intercept` they sum to the log-odds of
        `probability`, so a reader sees which features moved it.

        >>> tree = ((FEATURES.index("classified"), 0.5, 1, 2, 0.5), (-1.0,), (2.0,))
        >>> d = Decision(0.0, (tree,), 0.8, 0.5)
        >>> d.intercept, d.shares({**dict.fromkeys(FEATURES, 0.0), "classified": 0.9})["classified"]
        (0.5, 1.5)
        """
        row = [values[f] for f in FEATURES]
        found = dict.fromkeys(FEATURES, 0.0)
        for tree in self.trees:
            for parent, child in itertools.pairwise(_path(tree, row)):
                found[FEATURES[int(tree[parent][0])]] += tree[child][-1] - tree[parent][-1]
        return found

    def to_data(self) -> dict[str, Any]:
        return {
            "model": MODEL,
            "features": list(FEATURES),
            "baseline": self.baseline,
            "accept": self.accept,
            "keep": self.keep,
            "fitted": dict(self.fitted),
            "trees": [[list(node) for node in tree] for tree in self.trees],
        }


MODEL = "gradient-boosted trees"


def _path(tree: Tree, row: Sequence[float]) -> list[int]:
    """The nodes a row passes through, from the root to its leaf: it goes left when its feature is at most the
    split's threshold (scikit-learn's rule, for the numbers careergap's features are)."""
    path = [0]
    while len(tree[path[-1]]) > 1:
        feature, threshold, left, right = tree[path[-1]][:4]
        path.append(int(left if row[int(feature)] <= threshold else right))
    return path


def from_data(data: object, where: str) -> Decision:
    """Validate a decision file's content; a problem names the file and the field and says what is valid."""
    if not isinstance(data, dict):
        raise DecisionDataError(
            f"{where}: expected a mapping with model, features, baseline, trees, accept, keep"
        )
    if data.get("model") != MODEL:
        raise DecisionDataError(
            f"{where}: field 'model' must be {MODEL!r} (this careergap's scorer); refit with "
            "python benchmarks/decision_fit.py"
        )
    if data.get("features") != list(FEATURES):
        raise DecisionDataError(
            f"{where}: field 'features' must be {list(FEATURES)} (this careergap's features); refit with "
            "python benchmarks/decision_fit.py"
        )
    for name in ("baseline", "accept", "keep"):
        if not _number(data.get(name)):
            raise DecisionDataError(f"{where}: field {name!r} must be a number")
    if not 0.0 < float(data["accept"]) < 1.0:
        raise DecisionDataError(f"{where}: field 'accept' must be a probability between 0 and 1")
    if not 0.0 < float(data["keep"]) <= float(data["accept"]):
        raise DecisionDataError(
            f"{where}: field 'keep' must be a probability above 0 and no higher than 'accept'"
        )
    trees = data.get("trees")
    if not isinstance(trees, list) or not trees:
        raise DecisionDataError(f"{where}: field 'trees' must be a non-empty list of trees")
    checked = tuple(_tree(tree, f"{where}: field 'trees', tree {i + 1}") for i, tree in enumerate(trees))
    fitted = data.get("fitted", {})
    if not isinstance(fitted, dict):
        raise DecisionDataError(f"{where}: field 'fitted' must be an object (how the scorer was fitted)")
    return Decision(float(data["baseline"]), checked, float(data["accept"]), float(data["keep"]), fitted)


def _tree(tree: object, where: str) -> Tree:
    """One tree's nodes, checked: a leaf is [value]; a split is [feature index, threshold, left, right, value] whose
    children come after it and inside the tree (so every walk ends at a leaf)."""
    if not isinstance(tree, list) or not tree:
        raise DecisionDataError(f"{where}: must be a non-empty list of nodes")
    nodes = []
    for i, node in enumerate(tree):
        valid = isinstance(node, list) and len(node) in (1, 5) and all(_number(v) for v in node)
        if valid and len(node) == 5:
            feature, _, left, right, _ = node
            valid = (
                all(isinstance(v, int) for v in (feature, left, right))
                and 0 <= feature < len(FEATURES)
                and i < left < len(tree)
                and i < right < len(tree)
            )
        if not valid:
            raise DecisionDataError(
                f"{where}, node {i + 1}: must be [value] (a leaf) or [feature index 0-{len(FEATURES) - 1}, "
                f"threshold, left, right, value] with both children later in the tree"
            )
        nodes.append(tuple(float(v) if isinstance(v, float) else v for v in node))
    return tuple(nodes)


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

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml reads the trees in a tenth of the time
    try:
        data = yaml.load(_shipped_file().read_text(encoding="utf-8"), Loader=loader)  # a safe loader
    except (OSError, yaml.YAMLError) as error:
        raise DecisionDataError(f"{DATA_FILE}: cannot be read as YAML ({error})") from error
    return from_data(data, f"careergap/matching/data/{DATA_FILE}")


def export(model: Any, accept: float, keep: float, fitted: Mapping[str, Any]) -> Decision:
    """A fitted scikit-learn HistGradientBoostingClassifier (binary, numeric features in the order of FEATURES) as
    a Decision. Each tree's split values are the leaf values below them, weighed by the training rows that reached
    each leaf. The only code that knows scikit-learn's tree layout; tests/test_semantic.py checks that the Decision
    gives the classifier's own probabilities."""
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        values = [float(v) for v in nodes["value"]]
        counts = [float(c) for c in nodes["count"]]
        for i in reversed(range(len(nodes))):  # children come after their parent: fill splits bottom-up
            if not nodes["is_leaf"][i]:
                left, right = int(nodes["left"][i]), int(nodes["right"][i])
                counts[i] = counts[left] + counts[right]
                values[i] = (values[left] * counts[left] + values[right] * counts[right]) / counts[i]
        tree: list[Node] = []
        for i, node in enumerate(nodes):
            if node["is_leaf"]:
                tree.append((_short(values[i]),))
            else:
                tree.append(
                    (
                        int(node["feature_idx"]),
                        float(node["num_threshold"]),
                        int(node["left"]),
                        int(node["right"]),
                        _short(values[i]),
                    )
                )
        trees.append(tuple(tree))
    baseline = float(model._baseline_prediction.ravel()[0])
    return Decision(_short(baseline), tuple(trees), accept, keep, fitted)


def _short(value: float) -> float:
    """A value kept to 9 significant digits: the file stays readable and the probabilities move by < 1e-8."""
    return float(f"{value:.9g}")
