"""The persistent phrase cache gives exactly the answers a fresh run gives, and forgets them when what they depend on
(a library file, the matcher, the model) changes."""

from __future__ import annotations

import gc
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from careergap import libcache, phrasecache
from careergap.library import load_library
from careergap.matching import layer
from careergap.resolve import build_resolver

DATA = Path(__file__).parent / "data"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(libcache.CACHE_DIR_ENV, str(folder))
    monkeypatch.delenv(libcache.NO_CACHE_ENV, raising=False)
    return folder


def phrases() -> list[tuple[str, str]]:
    rows = yaml.safe_load((DATA / "phrases-people.yaml").read_text(encoding="utf-8"))["phrases"]
    return [(row["phrase"], row.get("kind", "skill")) for row in rows]


def answers(resolver, wanted: list[tuple[str, str]]) -> list[object]:  # type: ignore[no-untyped-def]
    return [resolver.skill(p) if kind == "skill" else resolver.qualification(p) for p, kind in wanted]


def phrase_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("phrases-*.pickle"))


def run_and_drop(library, semantic: bool, wanted) -> list[object]:  # type: ignore[no-untyped-def]
    resolver = build_resolver(library, semantic=semantic)
    found = answers(resolver, wanted)
    del resolver
    gc.collect()  # the cache is written when the resolver goes
    return found


def test_cached_answers_equal_fresh_ones_lexical(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wanted = phrases()
    library = load_library()
    first = run_and_drop(library, False, wanted)
    (written,) = phrase_files(cache)
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    second_resolver = build_resolver(load_library(), semantic=False)
    memo = second_resolver.skills._cache
    assert isinstance(memo, phrasecache._Memo) and len(memo.known) > 50  # answers do come from the file
    assert answers(second_resolver, wanted) == first
    assert not memo.fresh  # ... and nothing had to be worked out again
    monkeypatch.setenv(libcache.NO_CACHE_ENV, "1")
    assert answers(build_resolver(load_library(), semantic=False), wanted) == first


def test_cached_answers_equal_fresh_ones_with_the_meaning_layer(cache: Path) -> None:
    if layer.why_off() is not None:
        pytest.skip(f"meaning layer unavailable: {layer.why_off()}")
    wanted = phrases()[:60]
    first = run_and_drop(load_library(), True, wanted)
    again = build_resolver(load_library(), semantic=True)
    assert answers(again, wanted) == first
    assert again.skills.meaning is not None and again.skills.meaning._matrix is None  # the model never loaded
    assert any(
        getattr(a, "method", None) == "semantic" for a in first
    )  # the model did matter to these phrases


def test_a_new_phrase_is_added_and_kept_with_the_old_ones(cache: Path) -> None:
    run_and_drop(load_library(), False, [("budget mgmt", "skill")])
    run_and_drop(load_library(), False, [("stakholder engagement", "skill")])
    memo = build_resolver(load_library(), semantic=False).skills._cache
    assert {"budget mgmt", "stakholder engagement"} <= set(memo.known)


def test_a_full_cache_keeps_the_answers_used_most_recently(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A huge team file's long tail must not push out the phrases a coach asks for again, nor grow the file without
    end: past MAX_PHRASES the answers used least recently go."""
    monkeypatch.setattr(phrasecache, "MAX_PHRASES", 3)
    run_and_drop(load_library(), False, [("budget mgmt", "skill")])
    run_and_drop(load_library(), False, [(f"phrase number {i}", "skill") for i in range(3)])
    assert set(build_resolver(load_library(), semantic=False).skills._cache.known) == {
        "phrase number 0",
        "phrase number 1",
        "phrase number 2",
    }
    run_and_drop(load_library(), False, [("phrase number 0", "skill"), ("stakholder engagement", "skill")])
    assert set(build_resolver(load_library(), semantic=False).skills._cache.known) == {
        "phrase number 2",
        "phrase number 0",
        "stakholder engagement",
    }


ROLE = """
skills:
  - id: acme-widgets
    name: Widget wrangling
    kind: skill
    description: Keeping the widgets in order.
"""


def test_editing_a_library_file_gives_new_answers(cache: Path, tmp_path: Path) -> None:
    folder = tmp_path / "roles"
    folder.mkdir()
    skill_file = folder / "acme.yaml"
    skill_file.write_text(textwrap.dedent(ROLE), encoding="utf-8")
    wanted = [("widget wrangling", "skill")]
    (before,) = run_and_drop(load_library([folder]), False, wanted)
    assert before.target == "acme-widgets"
    skill_file.write_text(
        textwrap.dedent(ROLE).replace("Widget wrangling", "Gadget taming"), encoding="utf-8"
    )
    resolver = build_resolver(load_library([folder]), semantic=False)
    assert not resolver.skills._cache.known  # another key: nothing from the old file is reused
    assert resolver.skill("widget wrangling").target != "acme-widgets"
    assert resolver.skill("gadget taming").target == "acme-widgets"


def test_a_new_model_or_matcher_version_is_a_new_key(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = load_library()
    run_and_drop(library, False, [("budget mgmt", "skill")])
    lexical = build_resolver(library, semantic=False)
    key = phrasecache.key(lexical, libcache.key_of(library) or "")
    assert lexical.skills._cache.known
    monkeypatch.setattr("careergap.resolve.MATCHER_VERSION", 10_000)
    bumped = build_resolver(library, semantic=False)
    assert phrasecache.key(bumped, libcache.key_of(library) or "") != key and not bumped.skills._cache.known
    monkeypatch.undo()
    if layer.why_off() is None:
        monkeypatch.setenv(libcache.CACHE_DIR_ENV, str(cache))
        meaning = build_resolver(library, semantic=True)
        monkeypatch.setattr(layer, "MODEL_VERSION", "another model")
        other = build_resolver(library, semantic=True)
        assert phrasecache.key(meaning, libcache.key_of(library) or "") != phrasecache.key(
            other, libcache.key_of(library) or ""
        )
        assert key not in (phrasecache.key(meaning, libcache.key_of(library) or ""),)


def test_a_refitted_decision_is_a_new_key_and_the_lexical_key_ignores_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A refit of matching/data/decision.yaml changes meaning answers without a new MATCHER_VERSION: the key must move
    with it (only where the meaning layer is on)."""
    from careergap.matching import decision

    library = load_library()
    lexical = build_resolver(library, semantic=False)
    lexical_key = phrasecache.key(lexical, "lib")
    monkeypatch.setattr(decision, "shipped_fingerprint", lambda: "refitted")
    assert phrasecache.key(lexical, "lib") == lexical_key
    if layer.why_off() is None:
        meaning = build_resolver(library, semantic=True)
        refitted = phrasecache.key(meaning, "lib")
        monkeypatch.setattr(decision, "shipped_fingerprint", lambda: "refitted again")
        assert phrasecache.key(meaning, "lib") != refitted


def test_a_swapped_meaning_layer_gets_fresh_answers_and_writes_none(cache: Path) -> None:
    library = load_library()
    run_and_drop(library, False, [("Helping juniors grow", "skill")])
    resolver = build_resolver(library, semantic=False)
    from careergap.matching.semantic import MeaningIndex, ModelUnavailable
    from careergap.resolve import meaning_wordings

    def unavailable(texts: list[str]) -> object:
        raise ModelUnavailable("no model here")

    resolver.skills.meaning = MeaningIndex(meaning_wordings(library), unavailable, unavailable, "broken")
    resolver.skill("Helping juniors grow")
    assert "meaning layer failed" in resolver.matcher  # worked out again, not taken from the file
    assert not resolver.skills._cache.fresh


def test_no_cache_without_the_library_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(libcache.NO_CACHE_ENV, "1")
    run_and_drop(load_library(), False, [("budget mgmt", "skill")])
    run_and_drop(load_library(cache=False), False, [("budget mgmt", "skill")])
    assert not cache.exists() or not phrase_files(cache)


def test_a_corrupt_file_is_ignored(cache: Path) -> None:
    first = run_and_drop(load_library(), False, [("budget mgmt", "skill")])
    (written,) = phrase_files(cache)
    written.write_bytes(written.read_bytes()[:60] + b"garbage")
    resolver = build_resolver(load_library(), semantic=False)
    assert not resolver.skills._cache.known and answers(resolver, [("budget mgmt", "skill")]) == first


DETERMINISM = """
import sys, yaml
from pathlib import Path
from careergap.library import load_library
from careergap.resolve import build_resolver
resolver = build_resolver(load_library(cache=False), semantic=False)
for name in ("phrases.yaml", "phrases-people.yaml"):
    for item in yaml.safe_load((Path(sys.argv[1]) / name).read_text(encoding="utf-8"))["phrases"]:
        index = resolver.skills if item.get("kind", "skill") == "skill" else resolver.qualifications
        print(repr(index.lexical(item["phrase"])))
"""


def test_answers_do_not_depend_on_the_process(tmp_path: Path) -> None:
    """A cached answer is only as good as the matcher's determinism: two processes with different string hashing
    must give the same answers (equal scores once went to whichever wording a set happened to yield first)."""
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, libcache.NO_CACHE_ENV: "1"}
        done = subprocess.run(
            [sys.executable, "-c", DETERMINISM, str(DATA)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1 and next(iter(outputs)).count("\n") > 500


def test_no_home_folder_means_no_cache_not_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run under a user id with no passwd entry and no HOME (containers), ~ cannot be expanded: every command still
    runs, without a cache."""
    from typer.testing import CliRunner

    from careergap.cli import app

    def no_home(self: Path) -> Path:
        raise RuntimeError("Could not determine home directory.")

    for name in (libcache.CACHE_DIR_ENV, "XDG_CACHE_HOME", "HOME", libcache.NO_CACHE_ENV):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(Path, "expanduser", no_home)
    assert libcache.cache_dir() is None and libcache.folder() is None
    result = CliRunner().invoke(app, ["skills", "search", "budget mgmt"])
    assert result.exit_code == 0, result.output
    assert "budget-management" in result.output
