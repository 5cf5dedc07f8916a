"""Every command is documented in the README and has help text (after sqlite-utils' tests/test_docs.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main

from careergap.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    group = typer.main.get_command(app)
    out = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        if getattr(command, "hidden", False):
            continue
        if hasattr(command, "commands"):
            out += [f"{name} {sub}" for sub, c in command.commands.items() if not getattr(c, "hidden", False)]
        else:
            out.append(name)
    return sorted(out)


@pytest.mark.parametrize("command", _commands())
def test_command_is_in_the_readme(command: str) -> None:
    assert f"careergap {command}" in README


@pytest.mark.parametrize("command", _commands())
def test_command_has_help(cli, command: str) -> None:
    result = cli(*command.split(), "--help")
    assert result.exit_code == 0
    assert "Usage" in result.stdout and len(result.stdout) > 200


def test_readme_has_exactly_two_setup_commands() -> None:
    section = README.split("## Set up on a fresh machine")[1].split("\n## ")[0]
    blocks = section.count("```sh")
    assert blocks == 2
    assert "careergap analyse examples/" in section and "pytest" in section


def test_readme_test_command_is_what_ci_runs() -> None:
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert 'python -m pip install ".[semantic,test]" && python -m pytest' in README
    assert 'python -m pip install ".[semantic,test]" && python -m pytest' in ci
