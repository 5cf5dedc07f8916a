"""Shell completion: role ids (any case) and formats complete, for every option or argument that takes a role id."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import typer

from careergap.cli._app import DeferredCommand, app
from careergap.cli._options import complete_role_id


def _complete(*words: str) -> list[str]:
    """What the shell is offered for the last word, through the real bash completion protocol."""
    env = {
        **os.environ,
        "_CAREERGAP_COMPLETE": "complete_bash",
        "COMP_WORDS": " ".join(("careergap", *words)),
        "COMP_CWORD": str(len(words)),
    }
    done = subprocess.run(
        [sys.executable, "-c", "from careergap.cli import main; main()"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return [line.split(",", 1)[-1] for line in done.stdout.splitlines()]


def test_the_completion_function_offers_role_ids_with_titles_in_the_case_typed() -> None:
    ctx = SimpleNamespace(params={})
    found = dict(complete_role_id(ctx, "council-pro1"))  # type: ignore[arg-type]
    assert list(found) == [f"council-pro{n}" for n in range(10, 15)]
    assert found["council-pro11"] == "Project manager (PRO11)"
    upper = [value for value, _ in complete_role_id(ctx, "COUNCIL-PRO1")]  # type: ignore[arg-type]
    assert upper == [f"COUNCIL-PRO{n}" for n in range(10, 15)]  # ids match in any case
    assert complete_role_id(ctx, "no-such-role") == []  # type: ignore[arg-type]


def test_a_broken_roles_dir_completes_nothing_rather_than_failing(tmp_path: Path) -> None:
    bad = tmp_path / "roles"
    bad.mkdir()
    (bad / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    assert complete_role_id(SimpleNamespace(params={"roles_dir": [bad]}), "council") == []  # type: ignore[arg-type]


ISLAND = """
roles:
  - id: acme-island
    title: Island role
    framework: acme
    summary: Linked to nothing.
    source: {inferred: "test"}
    requirements:
      - {skill: budget-management, level: 2, importance: essential, note: n, source: {inferred: x}, level_source: {inferred: x}}
"""


def test_an_organisations_roles_complete_too(tmp_path: Path) -> None:
    roles = tmp_path / "org"
    roles.mkdir()
    (roles / "island.yaml").write_text(ISLAND, encoding="utf-8")
    ctx = SimpleNamespace(params={"roles_dir": [roles]})
    assert complete_role_id(ctx, "ACME") == [("ACME-island", "Island role")]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (("analyse", "me.yaml", "--role", "council-pro1"), "council-pro11"),
        (("next", "me.yaml", "--from", "COUNCIL-PRO1"), "COUNCIL-PRO10"),
        (("roles", "diff", "council-pro10", "it-"), "it-project-manager"),
    ],
)
def test_the_shell_is_offered_role_ids(words: tuple[str, ...], expected: str) -> None:
    assert expected in _complete(*words)


def test_the_shell_is_offered_exactly_the_declared_formats() -> None:
    assert _complete("compare", "a.yaml", "b.yaml", "--format", "") == ["table", "json", "markdown", "html"]
    assert _complete("skills", "list", "--format", "") == ["table", "json"]


def _leaves(command: object, prefix: str = "") -> dict[str, object]:
    found: dict[str, object] = {}
    for name, sub in getattr(command, "commands", {}).items():
        if isinstance(sub, DeferredCommand):
            sub = sub.load()
        if getattr(sub, "commands", None):
            found.update(_leaves(sub, f"{prefix}{name} "))
        else:
            found[f"{prefix}{name}"] = sub
    return found


def test_every_role_id_parameter_completes() -> None:
    missing = []
    for name, command in _leaves(typer.main.get_command(app)).items():
        for param in command.params:  # type: ignore[attr-defined]
            if "ROLE_ID" in (param.metavar or "") and getattr(param, "_custom_shell_complete", None) is None:
                missing.append(f"{name} {param.opts[0]}")
    assert missing == []
