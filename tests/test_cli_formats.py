"""Every command writes every format it declares, and only those; `-o NAME.SUFFIX` picks the format; notes go to
stderr before the report (pip-audit's exhaustive format test is the model)."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import EXAMPLES

from careergap.cli._app import DeferredCommand, app
from careergap.cli._options import SUFFIX_FORMATS

ALEX = EXAMPLES / "alex-pro10.yaml"
TEAM = EXAMPLES / "team-long.csv"

# The arguments each command with --format is run with. A new command with --format must be added here: the test
# below compares this table with the commands the app really has.
SAMPLES: dict[str, list[str]] = {
    "analyse": ["analyse", str(ALEX), "--role", "council-pro11"],
    "match": ["match", str(ALEX), "--top", "3"],
    "compare": ["compare", str(EXAMPLES / "pat-pro8.yaml"), str(ALEX)],
    "next": ["next", str(ALEX)],
    "path": ["path", str(ALEX), "--to", "council-pro12"],
    "batch": ["batch", str(TEAM), "--quiet"],
    "team": ["team", str(TEAM), "--quiet"],
    "roles list": ["roles", "list"],
    "roles show": ["roles", "show", "council-pro10"],
    "roles graph": ["roles", "graph"],
    "roles diff": ["roles", "diff", "council-pro10", "council-pro11"],
    "skills list": ["skills", "list"],
    "skills search": ["skills", "search", "budget mgmt"],
}
EVERY_FORMAT = {"table", "json", "jsonl", "markdown", "csv", "html", "svg", "mermaid"}


def _commands(command: Any, prefix: str = "") -> dict[str, Any]:
    """Every leaf command of the app by its full name ('roles list'), deferred ones loaded."""
    found: dict[str, Any] = {}
    for name, sub in getattr(command, "commands", {}).items():
        if isinstance(sub, DeferredCommand):
            sub = sub.load()
        if getattr(sub, "hidden", False):
            continue
        full = f"{prefix}{name}"
        if getattr(sub, "commands", None):
            found.update(_commands(sub, full + " "))
        else:
            found[full] = sub
    return found


COMMANDS = _commands(typer.main.get_command(app))


def declared(name: str) -> list[str]:
    """The formats a command declares: the choices of its --format option."""
    option = next(p for p in COMMANDS[name].params if "--format" in p.opts)
    return [str(c.value) if hasattr(c, "value") else str(c) for c in option.type_descriptor.choices]


CASES = [(name, fmt) for name in SAMPLES for fmt in declared(name)]


def test_every_command_with_a_format_is_exercised() -> None:
    with_format = {name for name, c in COMMANDS.items() if any("--format" in p.opts for p in c.params)}
    assert with_format == set(SAMPLES)


def check_output(fmt: str, text: str) -> None:
    """The text is a real document of that format, not a terminal table in disguise."""
    assert text.strip(), "empty output"
    if fmt == "json":
        json.loads(text)
    elif fmt == "jsonl":
        lines = text.splitlines()
        assert lines and all(isinstance(json.loads(line), dict) for line in lines)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) >= 2 and len(rows[0]) >= 2
    elif fmt == "html":
        assert text.lstrip().lower().startswith("<!doctype html") and "</html>" in text
    elif fmt == "svg":
        assert "<svg" in text and "</svg>" in text
    elif fmt == "markdown":
        assert re.search(r"^(#|\|)", text, re.MULTILINE) and "╭" not in text and "━" not in text
    elif fmt == "mermaid":
        assert re.match(r"\s*(graph|flowchart)\b", text)
    else:
        assert fmt == "table"


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_every_command_writes_every_format_it_declares(cli, name: str, fmt: str) -> None:
    result = cli(*SAMPLES[name], "--format", fmt)
    assert result.exit_code == 0, result.stderr
    check_output(fmt, result.stdout)


@pytest.mark.parametrize("name", SAMPLES)
def test_help_lists_exactly_the_declared_formats(cli, name: str) -> None:
    text = cli(*name.split(), "--help").stdout
    shown = re.search(r"--format \[([a-z|]+)\]", text)
    assert shown, text
    assert shown.group(1).split("|") == declared(name)


@pytest.mark.parametrize("name", SAMPLES)
def test_a_format_not_declared_is_a_usage_error(cli, name: str) -> None:
    for fmt in sorted(EVERY_FORMAT - set(declared(name))):
        result = cli(*SAMPLES[name], "--format", fmt)
        assert result.exit_code == 2, (fmt, result.stdout)
        assert not result.stdout


def test_skills_list_refuses_markdown(cli) -> None:
    result = cli("skills", "list", "-f", "markdown")
    assert result.exit_code == 2 and "'markdown' is not one of 'table', 'json'" in result.stderr


def _writes_files(name: str) -> bool:
    return any("--output" in p.opts for p in COMMANDS[name].params)


@pytest.mark.parametrize(("name", "fmt"), [(n, f) for n, f in CASES if f != "table" and _writes_files(n)])
def test_the_output_suffix_chooses_the_format(cli, tmp_path: Path, name: str, fmt: str) -> None:
    suffix = next(s for s, f in SUFFIX_FORMATS.items() if f == fmt)
    target = tmp_path / f"report{suffix}"
    result = cli(*SAMPLES[name], "-o", target)
    assert result.exit_code == 0, result.stderr
    written = target.read_text(encoding="utf-8")
    check_output(fmt, written)
    assert written == cli(*SAMPLES[name], "--format", fmt).stdout


def test_format_beats_the_suffix_and_an_unknown_suffix_keeps_the_default(cli, tmp_path: Path) -> None:
    forced = tmp_path / "report.html"
    assert cli("analyse", ALEX, "-f", "json", "-o", forced).exit_code == 0
    json.loads(forced.read_text(encoding="utf-8"))
    plain = tmp_path / "report.out"
    assert cli("roles", "list", "-o", plain).exit_code == 0
    assert "council-pro10" in plain.read_text(encoding="utf-8")
    assert not plain.read_text(encoding="utf-8").lstrip().startswith(("{", "<"))


@pytest.mark.parametrize(
    ("args", "suffix"),
    [(["roles", "list"], ".html"), (["next", str(ALEX)], ".csv"), (["batch", str(TEAM)], ".html")],
)
def test_a_suffix_the_command_cannot_write_is_a_usage_error(cli, tmp_path: Path, args, suffix: str) -> None:
    target = tmp_path / f"report{suffix}"
    result = cli(*args, "-o", target)
    assert result.exit_code == 2
    assert "does not write" in result.stderr and "formats:" in result.stderr
    assert not target.exists()


# ------------------------------------------------------------------------------------------------ notes
NO_TARGET = "name: Kim\nskills:\n  budget management: 3\n  stakeholder engagement: 3\n"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["analyse", "{p}"], "best fit"),
        (["match", "{p}"], None),
        (["next", "{p}"], None),
        (["path", "{p}", "--to", "council-pro14"], None),
        (["compare", str(EXAMPLES / "pat-pro8.yaml"), str(ALEX)], "different people"),
    ],
)
@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_notes_go_to_stderr_and_json_keeps_them(cli, write, args, needle, fmt: str) -> None:
    profile = write("p.yaml", NO_TARGET)
    result = cli(*[a.replace("{p}", str(profile)) for a in args], "--format", fmt)
    assert result.exit_code == 0, result.stderr
    notes = [line[len("note: ") :] for line in result.stderr.splitlines() if line.startswith("note: ")]
    if needle:
        assert any(needle in n for n in notes), result.stderr
    if fmt == "json":
        assert json.loads(result.stdout)["notes"] == notes
    elif fmt == "markdown":  # a document a person keeps: the notes are in it, as well as on stderr
        assert notes or args[0] == "match"
        if notes:
            text = " ".join(result.stdout.replace("\\", "").split())  # Markdown escapes, e.g. target\_role
            assert "## Notes" in result.stdout and all(" ".join(n.split())[:40] in text for n in notes)
    else:
        assert notes or args[0] == "match", "a profile without roles gets the note on which role was used"
        for note in notes:
            assert note not in result.stdout
        assert "note:" not in result.stdout.casefold() and "## Notes" not in result.stdout


def test_team_notes_go_to_stderr(cli) -> None:
    result = cli("team", EXAMPLES / "team-messy.csv", "--quiet")
    assert result.exit_code == 3
    assert re.search(r"^note: [\d,]+ values or rows were rejected", result.stderr, re.MULTILINE)
    assert "rejected; see the errors" not in result.stdout


def test_notes_come_before_the_report(write) -> None:
    """In a terminal both streams interleave: the notes are read first, not lost above a long table."""
    profile = write("p.yaml", NO_TARGET)
    merged = subprocess.run(
        [sys.executable, "-m", "careergap", "analyse", str(profile)],
        capture_output=False,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={"COLUMNS": "100", "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"},
        check=True,
    ).stdout
    assert merged.index("note: ") < merged.index("Kim")


def test_an_80_column_terminal_shows_every_figure_and_readable_gaps(runner) -> None:
    """The role title gives way (a detail column) before the figures and the gaps do: at 80 columns the next steps'
    gaps were squeezed to one letter per line and path's essential-gap counts vanished."""
    env = {"COLUMNS": "80", "TERM": "dumb"}
    analysed = runner.invoke(app, ["analyse", str(ALEX)], env=env).stdout
    steps = analysed.split("Next steps")[1]
    assert "Contract" in steps and "council-pro12" in steps and "79.6" in steps
    path = runner.invoke(
        app, ["path", str(EXAMPLES / "pat-pro8.yaml"), "--to", "council-pro14"], env=env
    ).stdout
    rows = [line.split() for line in path.splitlines() if line.startswith((" now ", " 1 ", " 6 "))]
    gaps = [row[-1] if row[-1].isdigit() else f"{row[-2]} {row[-1]}" for row in rows]  # "0 (+11)": 11 unrated
    assert len(rows) == 3 and all(re.fullmatch(r"\d+( \(\+\d+\))?", g) for g in gaps), path
    assert all(len(line) <= 80 for line in analysed.splitlines() + path.splitlines())
