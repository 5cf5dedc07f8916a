"""Layering rules: only cli/ imports typer; only cli/ and render/ import rich; the pure core touches no files."""

from __future__ import annotations

import ast
from pathlib import Path

import careergap

PACKAGE = Path(careergap.__file__).parent
PURE = {
    "scoring.py",
    "resolve.py",
    "normalize.py",
    "progression.py",
    "analysis.py",
    "team.py",
    "session.py",
    "compare.py",
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def test_only_cli_imports_typer() -> None:
    offenders = [
        p.relative_to(PACKAGE) for p in _modules() if "typer" in _imports(p) and p.parent.name != "cli"
    ]
    assert offenders == []


def test_only_cli_and_render_import_rich() -> None:
    offenders = [
        p.relative_to(PACKAGE)
        for p in _modules()
        if "rich" in _imports(p) and p.parent.name not in ("cli", "render")
    ]
    assert offenders == []


def test_pure_core_does_no_io() -> None:
    for path in _modules():
        if path.name not in PURE or path.parent != PACKAGE:
            continue
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        calls = {
            n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
        }
        assert not calls & {"open", "print", "input"}, path.name
        assert not _imports(path) & {"os", "sys", "subprocess", "pathlib", "typer", "rich"}, path.name
