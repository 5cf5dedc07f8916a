"""Unrelated phrases (`unrelated:` files): what the skill classifier learns "none of these" from.

Loaded and merged like example phrasings, validated with the file, line and field, never a wording a phrase is
compared with, and kept clear of every labelled phrase set (they are learnt from).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from careergap.errors import ValidationFailed
from careergap.library import Library, load_library
from careergap.matching import classifier, model
from careergap.matching.semantic import MeaningIndex
from careergap.resolve import build_resolver, meaning_wordings

needs_model = pytest.mark.skipif(model.availability() is not None, reason="careergap[semantic] not installed")
ROOT = Path(__file__).parents[1]
Write = Callable[[str, str], Path]
Cli = Callable[..., Any]


def test_the_built_in_library_gives_unrelated_phrases_that_are_no_skill_s_wording(library: Library) -> None:
    assert len(library.unrelated) > 500
    wordings = {t.casefold() for texts in meaning_wordings(library).values() for t in texts}
    assert not [t for t in library.unrelated if t.casefold() in wordings]


def test_an_organisation_s_unrelated_phrases_are_added_to_the_built_in_ones(
    write: Write, library: Library
) -> None:
    already = library.unrelated[0]
    path = write("org/unrelated.yaml", f"unrelated:\n  - Grooming show ponies\n  - {already}\n")
    merged = load_library([path.parent], cache=False)
    assert merged.unrelated[: len(library.unrelated)] == library.unrelated
    assert merged.unrelated[-1] == "Grooming show ponies"  # a phrase already there is kept once
    assert merged.skills.keys() == library.skills.keys()


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ("unrelated: []\n", "unrelated", "expected a non-empty list of phrases"),
        ("unrelated:\n  budget: airline\n", "unrelated", "expected a non-empty list of phrases"),
        (
            "unrelated:\n  - show ponies\n  - 42\n",
            "unrelated[1]",
            "expected a phrase in words (text), got 42",
        ),
        ("unrelated:\n  - " + "show ponies " * 30 + "\n", "unrelated[0]", "(MAX_PHRASING_CHARS)"),
        (
            "phrasings:\n  budget-management:\n    - Minding the pennies\nunrelated:\n  - minding the pennies!\n",
            "unrelated[0]",
            "reads the same as 'Minding the pennies'",
        ),
    ],
)
def test_a_bad_unrelated_list_names_the_file_line_and_field(
    write: Write, cli: Cli, text: str, field: str, message: str
) -> None:
    path = write("org/unrelated.yaml", text)
    with pytest.raises(ValidationFailed) as caught:
        load_library([path.parent], cache=False)
    (problem,) = [p for p in caught.value.problems if p.file == str(path)]
    assert problem.field == field and message in problem.message and problem.line, problem
    result = cli("roles", "validate", "--roles-dir", path.parent)
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert f"unrelated.yaml:{problem.line}" in result.output


def test_unrelated_phrases_train_the_classifier_but_are_never_neighbours() -> None:
    import numpy as np

    axes = {"plan budgets": [1.0, 0.0, 0.0], "coach staff": [0.0, 1.0, 0.0], "walk dogs": [0.0, 0.0, 1.0]}

    def vectors(texts: list[str]) -> Any:
        return np.array([axes[t] for t in texts], dtype=np.float32)

    second = MeaningIndex({"budget": ["plan budgets"], "coaching": ["coach staff"]}, vectors, vectors, "m2")
    index = MeaningIndex(
        {"budget": ["plan budgets"], "coaching": ["coach staff"]},
        vectors,
        vectors,
        "m",
        second,
        lambda texts, owners, targets, x, y: classifier.fit(np.hstack([x, y]), owners, targets, texts),
        ["walk dogs"],
    )
    texts, owners, targets, x, y = index.table()
    assert texts[-1] == "walk dogs" and owners[-1] == classifier.UNRELATED == targets[-1]
    assert x.shape == y.shape == (3, 3)
    near = index.nearest("walk dogs")
    assert [n.target for n in near] == ["budget", "coaching"]  # "none of these" is no neighbour
    assert near[0].unrelated > 0.5 and all(n.classified < 0.5 for n in near)
    assert index.nearest("plan budgets")[0].unrelated < 0.5


@needs_model
@pytest.mark.parametrize(
    ("phrase", "skill"),
    [
        ("Cabin crew for a low-cost airline, flying out of Manchester", "budget-management"),
        ("Gel nails and acrylic extensions", "quality-management"),
    ],
)
def test_a_phrase_about_other_work_gives_its_probability_to_none_of_these(
    library: Library, phrase: str, skill: str
) -> None:
    """Neither phrase is in data/roles/unrelated.yaml: the class generalises, and a refusal says so."""
    assert phrase not in library.unrelated
    resolver = build_resolver(library)
    meaning = resolver.skills.meaning
    assert meaning is not None
    near = meaning.nearest(phrase)
    assert near[0].unrelated >= 0.5
    found = resolver.skill(phrase)
    assert found.status != "matched"
    assert "none of the library's skills" in (found.reason or "")


def test_no_unrelated_phrase_is_a_near_copy_of_a_labelled_phrase() -> None:
    """The classifier learns from these lines, so none may stand within a small edit of any labelled phrase, tuning
    or kept aside, or of the example own-words profiles (rapidfuzz ratio 75, the threshold used when merging)."""
    from rapidfuzz import fuzz, process

    from careergap.normalize import clean

    unrelated = yaml.safe_load((ROOT / "data/roles/unrelated.yaml").read_text(encoding="utf-8"))["unrelated"]
    labelled = [clean(item["phrase"]) for item, _ in _labelled_items()]
    assert len(labelled) > 1900
    labelled += _profile_lines()
    close = [
        line
        for line in unrelated
        if process.extractOne(clean(line), labelled, scorer=fuzz.ratio, score_cutoff=75)
    ]
    assert not close, f"{len(close)} unrelated phrases are near copies of labelled ones"


@needs_model
def test_no_unrelated_phrase_is_a_paraphrase_of_a_labelled_phrase(library: Library) -> None:
    """... nor close in meaning to one (MiniLM cosine 0.80, the threshold used when merging): a set measured on
    paraphrases of what "none of these" was learnt from would flatter its near-miss figure."""
    from careergap.matching.store import vectors_for

    items = _labelled_items()
    labelled = [item["phrase"] for item, _ in items]
    kept_aside = [i for i, (_, aside) in enumerate(items) if aside]
    # the tuning sets' own near misses are unrelated phrases by design (benchmarks/labelled_phrasings.py): they are
    # held to the kept-aside phrases only
    tuning = set(_labelled_unrelated())
    assert len(tuning) > 150 and tuning <= set(library.unrelated)
    ours = vectors_for(library.unrelated)  # shipped vectors: embedding the labelled phrases is the cost here
    theirs = model.load_model().embed(labelled)
    closest = (ours @ theirs.T).max(axis=1)
    closest_kept_aside = (ours @ theirs[kept_aside].T).max(axis=1)
    close = [
        t
        for t, c, k in zip(library.unrelated, closest, closest_kept_aside, strict=True)
        if (k if t in tuning else c) >= 0.80
    ]
    assert not close, f"{len(close)} unrelated phrases are paraphrases of labelled ones"


def _labelled_items() -> list[tuple[dict[str, Any], bool]]:
    """Every labelled phrase (tests/data/phrases*.yaml and qualifications*.yaml) and whether its set is kept aside (a
    kept-aside or holdout set)."""
    return [
        (item, "kept-aside" in path.name or "holdout" in path.name)
        for path in sorted((ROOT / "tests/data").glob("*.yaml"))
        if path.name.startswith(("phrases", "qualifications"))
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["phrases"]
    ]


def _profile_lines() -> list[str]:
    """The example own-words profiles' skill lines, cleaned."""
    from careergap.normalize import clean

    return [
        clean(skill["name"])
        for path in (ROOT / "examples/own-words").glob("*.yaml")
        for skill in yaml.safe_load(path.read_text(encoding="utf-8"))["skills"]
    ]


def _tuning_sets() -> list[Path]:
    """The labelled sets the meaning layer learns from (benchmarks/decision_fit.py's TUNING), not every set that is not
    kept aside: tests/data/phrases-people-7.yaml is neither."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from decision_fit import TUNING
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return [ROOT / path for path in TUNING]


def _labelled_unrelated() -> list[str]:
    """The tuning sets' near misses, written as unrelated phrases by benchmarks/labelled_phrasings.py."""
    data = yaml.safe_load((ROOT / "data/roles/phrasings-labelled.yaml").read_text(encoding="utf-8"))
    return list(data["unrelated"])


def test_the_tuning_sets_near_misses_are_unrelated_phrases_clear_of_every_kept_aside_phrase() -> None:
    """benchmarks/labelled_phrasings.py writes the tuning sets' near misses as unrelated phrases (the hardest "none of
    these" examples there are); none may stand within a small edit (ratio 75) of a kept-aside or holdout phrase, or
    of an example own-words profile's skill line."""
    from rapidfuzz import fuzz, process

    from careergap.normalize import clean

    items = _labelled_items()
    near_misses = [
        item["phrase"].strip()
        for path in _tuning_sets()
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["phrases"]
        if item["kind"] == "skill" and item.get("expect") is None
    ]
    written = _labelled_unrelated()
    assert set(written) <= set(near_misses) and len(written) > 0.7 * len(set(near_misses))
    kept_aside = [clean(item["phrase"]) for item, aside in items if aside] + _profile_lines()
    close = [
        t for t in written if process.extractOne(clean(t), kept_aside, scorer=fuzz.ratio, score_cutoff=75)
    ]
    assert not close, f"{len(close)} of the tuning sets' near misses are near copies of kept-aside phrases"
