"""Shared fixtures: the built-in library, an analyser, a CLI runner and a YAML-writing helper."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from careergap.analysis import Analyser
from careergap.cli import app
from careergap.library import Library, load_library

os.environ.setdefault("COLUMNS", "120")
os.environ["TERM"] = "dumb"
os.environ.pop("CAREERGAP_ROLES_DIR", None)
# The library and phrase caches of a test run live in a folder of their own, created empty for each session: the
# suite neither reads nor fills the developer's ~/.cache/careergap, and a run here starts as cold as on a fresh CI
# machine (a test once passed only because a warm cache skipped a write it counted). Tests of the caches set their own.
os.environ["CAREERGAP_CACHE_DIR"] = tempfile.mkdtemp(prefix="careergap-test-cache-")
atexit.register(shutil.rmtree, os.environ["CAREERGAP_CACHE_DIR"], ignore_errors=True)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "data" / "seeds"
EXAMPLES = ROOT / "examples"

ROLE_IDS = [
    "apprenticeship-project-manager-l6",
    "council-pro8",
    "council-pro9",
    "council-pro10",
    "council-pro11",
    "council-pro12",
    "council-pro13",
    "council-pro14",
    "it-project-manager",
    "esco-ict-project-manager",
    "senior-digital-portfolio-manager",
]


def phrase_set(name: str) -> list[dict[str, Any]]:
    """A labelled phrase set of tests/data by file name: its list of phrases (the one loader for every test)."""
    return yaml.safe_load((Path(__file__).parent / "data" / name).read_text(encoding="utf-8"))["phrases"]


def assert_labels(
    items: list[dict[str, str]], library: Library, at_least: int, near_misses: int, plain: bool = True
) -> None:
    """A labelled phrase set's labels, never its scores: at least `at_least` entries, known kinds, expected ids that
    exist in the library, a reason for every near miss (of which at least `near_misses`), no repeated phrase; with
    `plain`, only the keys phrase, kind, expect, why and register (where it was written), and a phrase that is text."""
    assert len(items) >= at_least
    for item in items:
        if plain:
            assert set(item) <= {"phrase", "kind", "expect", "why", "register"}, item
            assert isinstance(item["phrase"], str) and item["phrase"].strip(), item
        assert item["kind"] in ("skill", "qualification"), item
        pool = library.qualifications if item["kind"] == "qualification" else library.skills
        assert item["expect"] is None or item["expect"] in pool, item
        assert item["expect"] is not None or item.get("why"), item
    phrases = [p["phrase"].lower() for p in items]
    assert len(set(phrases)) == len(phrases)
    assert sum(p["expect"] is None for p in items) >= near_misses


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library()


@pytest.fixture(scope="session")
def analyser(library: Library) -> Analyser:
    return Analyser(library)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner: CliRunner) -> Callable[..., object]:
    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input, env={"COLUMNS": "120", "TERM": "dumb"})

    return invoke


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


@pytest.fixture(autouse=True)
def _meaning_layer_back_on() -> Iterator[None]:
    """`--no-semantic` switches the meaning layer off for the rest of the process (a CLI run is one process); in the
    test process the switch is put back after each test, so a test that checks the layer directly does not depend on
    whether the test before it ran a command with --no-semantic."""
    yield
    from careergap.matching import layer

    layer.switch_off(False)
