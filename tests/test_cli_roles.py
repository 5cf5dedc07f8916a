"""`roles list`, `roles show`, `schema` and unknown ids, end to end."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROLE_IDS


def test_roles_list_json_has_the_eleven_ids(cli) -> None:
    result = cli("roles", "list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["roles"]
    assert sorted(r["id"] for r in rows) == sorted(ROLE_IDS)
    assert all(r["requirements"] > 0 for r in rows)


def test_roles_list_table_shows_grades(cli) -> None:
    result = cli("roles", "list")
    assert result.exit_code == 0
    for grade in ("PRO8", "PRO14"):
        assert grade in result.stdout


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
def test_roles_show_every_format(cli, fmt: str) -> None:
    result = cli("roles", "show", "council-pro10", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["id"] == "council-pro10"
        assert data["next"][0]["role"] == "council-pro11"
        assert all("skill_name" in r for r in data["requirements"])
    else:
        assert "council-pro11" in result.stdout
        assert "Essential" in result.stdout


def test_unknown_role_suggests_the_closest(cli) -> None:
    result = cli("roles", "show", "council-pro1O")
    assert result.exit_code == 1
    assert "unknown role id 'council-pro1O'" in result.stderr
    assert "did you mean council-pro10" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["role", "profile", "report"])
def test_schema_is_valid_json_schema(cli, name: str) -> None:
    result = cli("schema", name)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["type"] == "object" and schema["properties"]


def test_python_dash_m_works_from_another_directory(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "careergap", "roles", "list", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["roles"]) == 11


def test_bad_format_is_a_usage_error(cli) -> None:
    result = cli("roles", "list", "--format", "mermaid")
    assert result.exit_code == 2


def test_unknown_grade_suggests_the_nearest_grade_first(cli) -> None:
    result = cli("roles", "show", "council-pro15")
    assert result.exit_code == 1
    assert "did you mean council-pro14" in result.stderr
