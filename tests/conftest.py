"""Shared fixtures: the built-in library, an analyser, a CLI runner and a YAML-writing helper."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careergap.analysis import Analyser
from careergap.cli import app
from careergap.library import Library, load_library

os.environ.setdefault("COLUMNS", "120")
os.environ["TERM"] = "dumb"
os.environ.pop("CAREERGAP_ROLES_DIR", None)

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
