"""Example phrasings (`phrasings:` files): loaded and merged, validated, cached, and used by the meaning layer only.

The phrasings used here are the small fixture tests/data/phrasings-fixture/phrasings.yaml, not the shipped file,
so these tests hold whatever the shipped phrasings say.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from careergap import libcache
from careergap.errors import ValidationFailed
from careergap.library import Library, load_library
from careergap.matching import model, store
from careergap.resolve import build_resolver, meaning_wordings

needs_model = pytest.mark.skipif(model.availability() is not None, reason="careergap[semantic] not installed")
DATA = Path(__file__).parent / "data"
FIXTURE = DATA / "phrasings-fixture"
Write = Callable[[str, str], Path]
Cli = Callable[..., Any]


@pytest.fixture(scope="module")
def with_fixture() -> Library:
    return load_library([FIXTURE], cache=False)


def test_phrasings_of_an_organisation_are_merged_with_the_built_in_ones(
    library: Library, with_fixture: Library
) -> None:
    ours = with_fixture.phrasings["coaching-and-mentoring"]
    assert "showing newcomers the ropes" in ours
    # the built-in phrasings (if any ship) are kept, the organisation's are added after them
    builtin = library.phrasings.get("coaching-and-mentoring", [])
    assert ours[: len(builtin)] == builtin and len(ours) == len(builtin) + 2
    assert "kept spending within budget" in meaning_wordings(with_fixture)["budget-management"]


def test_a_phrasings_file_is_only_phrasings_not_roles(with_fixture: Library, library: Library) -> None:
    assert with_fixture.skills.keys() == library.skills.keys()
    assert with_fixture.roles.keys() == library.roles.keys()


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        (
            "phrasings:\n  budget-mangement:\n    - kept spending within budget\n",
            "phrasings.budget-mangement",
            "unknown skill id 'budget-mangement' (did you mean budget-management",
        ),
        ("phrasings:\n  budget-management:\n    - 42\n", "phrasings.budget-management[0]", "got 42 (int)"),
        ("phrasings:\n  budget-management: []\n", "phrasings.budget-management", "got an empty list"),
        ("phrasings:\n  budget-management: kept costs down\n", "phrasings.budget-management", "got str"),
        ("phrasings: [kept costs down]\n", "phrasings", "expected a mapping of skill id"),
        (
            "phrasings:\n  budget-management:\n    - " + "kept costs down " * 30 + "\n",
            "phrasings.budget-management[0]",
            "over the limit of 300 (MAX_PHRASING_CHARS)",
        ),
        (
            "phrasings:\n  budget-management:\n    - Kept costs down\n  procurement:\n    - kept costs  down!\n",
            "phrasings.procurement[0]",
            "reads the same as 'Kept costs down'",
        ),
    ],
)
def test_a_bad_phrasings_file_names_the_file_line_and_field(
    write: Write, cli: Cli, text: str, field: str, message: str
) -> None:
    path = write("org/phrasings.yaml", text)
    with pytest.raises(ValidationFailed) as caught:
        load_library([path.parent], cache=False)
    (problem,) = [p for p in caught.value.problems if p.file == str(path)]
    assert problem.field == field and message in problem.message and problem.line
    result = cli("roles", "validate", "--roles-dir", path.parent)
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert f"phrasings.yaml:{problem.line}" in result.output and field in result.output


def test_a_phrasing_shared_with_a_built_in_skill_s_phrasing_is_caught_across_files(
    write: Write, with_fixture: Library
) -> None:
    write("org/a.yaml", "phrasings:\n  budget-management:\n    - minding the pennies\n")
    path = write("org/b.yaml", "phrasings:\n  procurement:\n    - Minding the pennies\n")
    with pytest.raises(ValidationFailed) as caught:
        load_library([path.parent], cache=False)
    (problem,) = caught.value.problems
    assert problem.file == str(path) and problem.line == 3 and "a.yaml:3" in problem.message


def test_the_cache_keeps_phrasings_and_an_edit_invalidates_it(
    write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(libcache.CACHE_DIR_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(libcache.NO_CACHE_ENV, raising=False)
    path = write("org/phrasings.yaml", "phrasings:\n  budget-management:\n    - minding the pennies\n")
    first = load_library([path.parent])
    second = load_library([path.parent])  # from the cache
    assert isinstance(second.origins, libcache._LazyOrigins)
    assert (
        "minding the pennies" in second.phrasings["budget-management"] == first.phrasings["budget-management"]
    )
    path.write_text("phrasings:\n  budget-management:\n    - counting the cost\n", encoding="utf-8")
    third = load_library([path.parent])
    assert "counting the cost" in third.phrasings["budget-management"]
    assert "minding the pennies" not in third.phrasings["budget-management"]
    assert len(list((tmp_path / "cache").glob("library-*.pickle"))) == 2


def test_phrasings_never_change_the_lexical_answer(library: Library, with_fixture: Library) -> None:
    """Never an exact or alias match, and their words are not "words the library uses" for the near-miss rule."""
    plain = build_resolver(library, semantic=False)
    extended = build_resolver(with_fixture, semantic=False)
    items = yaml.safe_load((DATA / "phrases-people.yaml").read_text(encoding="utf-8"))["phrases"]
    phrases = [i["phrase"] for i in items if i["kind"] == "skill"]
    phrases += [t for texts in with_fixture.phrasings.values() for t in texts]
    for phrase in phrases:
        assert extended.skill(phrase) == plain.skill(phrase), phrase
    assert extended.skill("showing newcomers the ropes").status == "refused"


@needs_model
def test_a_paraphrase_of_a_phrasing_is_matched_by_meaning_and_names_it(
    library: Library, with_fixture: Library
) -> None:
    phrase = "showed the newcomers the ropes"
    # without the organisation's phrasing it is not coaching (matcher 10 reads it as employee training)
    before = build_resolver(library).skill(phrase)
    assert (before.status, before.target) != ("matched", "coaching-and-mentoring") or not library.phrasings
    match = build_resolver(with_fixture).skill(phrase)
    assert (match.status, match.target, match.method) == ("matched", "coaching-and-mentoring", "semantic")
    assert match.via == "showing newcomers the ropes"
    assert (
        "closest library wording 'showing newcomers the ropes' (Coaching and mentoring, an example phrasing)"
        in match.reason
    )


@needs_model
@pytest.mark.parametrize("phrase", ["football coaching", "budget airline", "chess strategy"])
def test_phrasings_do_not_rescue_near_misses(with_fixture: Library, phrase: str) -> None:
    assert build_resolver(with_fixture).skill(phrase).status != "matched"


@needs_model
def test_an_organisation_s_phrasings_are_embedded_on_first_use_and_cached(
    with_fixture: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREERGAP_CACHE_DIR", str(tmp_path / "careergap"))  # the one cache folder
    monkeypatch.delenv("CAREERGAP_NO_CACHE", raising=False)
    build_resolver(with_fixture).skill("watched every penny we spent")
    cached = sorted((tmp_path / "careergap").glob("vectors-*.npz"))
    assert len(cached) == 2  # one per model
    for path in cached:
        with store._open_npz(path, store.CACHE_FORMAT) as data:
            assert "watching every penny of the spend" in set(map(str, data["texts"]))

    def no_model() -> object:
        raise AssertionError("the cached vectors were not used")

    monkeypatch.setattr(store, "load_model", no_model)
    monkeypatch.setattr(store, "load_second_model", no_model)
    texts = [t for texts in meaning_wordings(with_fixture).values() for t in texts]
    assert len(store.vectors_for(texts)) == len(store.vectors_for(texts, "second")) == len(texts)


@needs_model
@pytest.mark.parametrize("which", ["minilm", "second"])
def test_the_shipped_vectors_cover_the_built_in_phrasings(library: Library, which: store.Model) -> None:
    """`python -m careergap.matching.store` embeds the phrasings beside the other wordings, with both models; rerun
    it after editing data/roles/phrasings.yaml (or this fails)."""
    shipped = store.builtin_vectors(which)
    phrasings = sorted({t for texts in library.phrasings.values() for t in texts})
    assert set(phrasings) <= set(shipped)
    sample = phrasings[::25]
    embed = (model.load_model if which == "minilm" else model.load_second_model)().embed
    for text, vector in zip(sample, embed(sample), strict=True):
        assert float(vector @ shipped[text]) > 0.999, text


@needs_model
def test_editing_an_organisation_s_phrasings_gives_fresh_answers_not_cached_ones(
    write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library cache and the persistent phrase cache are both keyed on the phrasings file's bytes."""
    import gc

    monkeypatch.setenv(libcache.CACHE_DIR_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(libcache.NO_CACHE_ENV, raising=False)
    phrase = "showed the newcomers the ropes"
    path = write(
        "org/phrasings.yaml", "phrasings:\n  coaching-and-mentoring:\n    - showing newcomers the ropes\n"
    )
    resolver = build_resolver(load_library([path.parent]))
    assert resolver.skill(phrase).target == "coaching-and-mentoring"
    del resolver
    gc.collect()  # the phrase cache is written when the resolver goes
    assert list((tmp_path / "cache").glob("phrases-*.pickle"))
    path.write_text("phrasings:\n  procurement:\n    - showing newcomers the ropes\n", encoding="utf-8")
    assert build_resolver(load_library([path.parent])).skill(phrase).target == "procurement"


def test_too_many_phrasings_are_refused_with_the_limit(write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    from careergap import library as library_module

    monkeypatch.setattr(library_module, "MAX_PHRASINGS", 3)
    lines = "".join(f"    - kept costs down in way {i}\n" for i in range(4))
    path = write("org/phrasings.yaml", "phrasings:\n  budget-management:\n" + lines)
    with pytest.raises(ValidationFailed) as caught:
        load_library([path.parent], include_builtin=False, cache=False)
    messages = [p.message for p in caught.value.problems]
    assert any("over the limit of 3 (MAX_PHRASINGS)" in m for m in messages), messages


@needs_model
def test_reports_record_how_many_example_phrasings_the_meaning_layer_used(
    library: Library, with_fixture: Library
) -> None:
    builtin = sum(map(len, library.phrasings.values()))
    unrelated = len(library.unrelated)
    assert build_resolver(library).matcher.endswith(
        f"; {builtin} example phrasings, {unrelated} unrelated phrases)"
    )
    assert build_resolver(with_fixture).matcher.endswith(
        f"; {builtin + 4} example phrasings, {unrelated} unrelated phrases)"
    )


@needs_model
def test_skills_search_says_which_closest_wording_is_an_example_phrasing(cli) -> None:
    """A wording from phrasings.yaml is not the library's own name for a skill: the table says so."""
    result = cli("skills", "search", "kept spending within budget")
    assert result.exit_code == 0, result.stderr
    assert "(example phrasing)" in result.stdout
    assert "budgeting (example phrasing)" not in result.stdout  # an alias keeps its plain wording


@needs_model  # the script reads the near misses with the meaning model, to leave out paraphrases of kept-aside phrases
def test_the_labelled_phrasings_are_the_tuning_sets_skill_phrases() -> None:
    """data/roles/phrasings-labelled.yaml is what benchmarks/labelled_phrasings.py writes from the tuning sets (their
    skill phrases as phrasings, their near misses as unrelated phrases): a tuning set edited without rerunning it (or
    a hand edit of the file) fails here."""
    import subprocess
    import sys

    root = Path(__file__).parents[1]
    done = subprocess.run(
        [sys.executable, "benchmarks/labelled_phrasings.py", "--check"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def _kept_aside_phrases() -> list[str]:
    """Every kept-aside and holdout phrase, cleaned: what the matcher is measured on and must never learn from."""
    from careergap.normalize import clean

    return [
        clean(item["phrase"])
        for path in DATA.glob("*.yaml")
        if "kept-aside" in path.name or "holdout" in path.name
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["phrases"]
    ]


def _profile_skill_lines(*folders: Path) -> list[str]:
    """The skill lines of the own-words profiles in these folders, cleaned (a folder's labels.yaml is not one)."""
    from careergap.normalize import clean

    return [
        clean(skill["name"])
        for folder in folders
        for path in folder.glob("*.yaml")
        if path.name != "labels.yaml"
        for skill in yaml.safe_load(path.read_text(encoding="utf-8"))["skills"]
    ]


def test_no_labelled_phrasing_comes_from_a_kept_aside_set_or_an_example_profile(library: Library) -> None:
    """Only TUNING phrases are learnt from: none of the kept-aside sets' phrases, and nothing within a small edit of
    the example own-words profiles the README measures."""
    from rapidfuzz import fuzz, process

    from careergap.normalize import clean

    labelled = yaml.safe_load((Path(__file__).parents[1] / "data/roles/phrasings-labelled.yaml").read_text())
    lines = [clean(t) for texts in labelled["phrasings"].values() for t in texts]
    assert len(lines) > 500
    kept_aside = _kept_aside_phrases()
    assert len(kept_aside) > 800
    profiles = _profile_skill_lines(Path(__file__).parents[1] / "examples/own-words")
    assert len(profiles) >= 30
    for line in lines:
        assert process.extractOne(line, kept_aside, scorer=fuzz.ratio, score_cutoff=85) is None, line
        assert process.extractOne(line, profiles, scorer=fuzz.ratio, score_cutoff=85) is None, line


def test_no_example_phrasing_is_a_near_copy_of_what_the_matcher_is_measured_on() -> None:
    """The meaning layer compares a phrase with every example phrasing (data/roles/phrasings.yaml), so a line there
    within a small edit (rapidfuzz ratio 80, the threshold used when merging) of a kept-aside or holdout phrase, or of
    a skill line of an own-words profile the README measures, would be matched as its own wording and flatter the
    figure measured on it. Checked since 2026-11-30, when the 50 lines that did so were removed (4 were word-for-word copies)."""
    from rapidfuzz import fuzz, process

    from careergap.normalize import clean

    root = Path(__file__).parents[1]
    phrasings = yaml.safe_load((root / "data/roles/phrasings.yaml").read_text(encoding="utf-8"))["phrasings"]
    lines = [clean(t) for texts in phrasings.values() for t in texts]
    assert len(lines) > 3000
    measured = _kept_aside_phrases()
    assert len(measured) > 800
    measured += _profile_skill_lines(
        root / "examples/own-words", DATA / "own-words-kept-aside", DATA / "own-words-kept-aside-2"
    )
    close = [line for line in lines if process.extractOne(line, measured, scorer=fuzz.ratio, score_cutoff=80)]
    assert not close, f"{len(close)} example phrasings are near copies of phrases the matcher is measured on"
