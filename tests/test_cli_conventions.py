"""Conventions people bring from other tools: '-' for standard input, one reading of level words in YAML and CSV,
plain help pages, and counts in words ('1 row', not '1 rows')."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import typer
from conftest import EXAMPLES

from careergap.cli._app import DeferredCommand, app
from careergap.models.scale import LevelError, parse_level

ALEX = EXAMPLES / "alex-pro10.yaml"


# ------------------------------------------------------------------------------------------------ standard input
@pytest.mark.parametrize(
    "args",
    [
        ["analyse", "-", "--role", "council-pro11"],
        ["match", "-"],
        ["next", "-"],
        ["path", "-", "--to", "council-pro12"],
        ["compare", "-", str(ALEX)],
    ],
)
def test_a_profile_is_read_from_standard_input(cli, args: list[str]) -> None:
    from_file = cli(*[str(ALEX) if a == "-" else a for a in args], "--format", "json")
    from_stdin = cli(*args, "--format", "json", input=ALEX.read_text(encoding="utf-8"))
    assert from_stdin.exit_code == 0, from_stdin.stderr
    assert from_stdin.stdout.replace("<stdin>", str(ALEX)) == from_file.stdout


def test_standard_input_may_be_json(cli) -> None:
    profile = {
        "name": "Jo",
        "target_role": "council-pro10",
        "skills": {"budget management": "3 - Proficient"},
    }
    result = cli("analyse", "-", "-f", "json", input=json.dumps(profile))
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    row = next(r for r in report["assessments"][0]["requirements"] if r["skill"] == "budget-management")
    assert row["have"] == 3


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("name: Jo\nskills:\n  budget management: lots\n", "<stdin>:3:"),
        ("name: Jo\nskills: [\n", "<stdin>:"),
        ('{"name": "Jo", "skills": {"budget": 9}}', "<stdin>:1:"),
    ],
)
def test_errors_in_standard_input_are_named_stdin(cli, text: str, where: str) -> None:
    result = cli("analyse", "-", input=text)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {where}"), result.stderr
    assert "Traceback" not in result.stderr


def test_compare_takes_one_profile_from_standard_input_not_two(cli) -> None:
    result = cli("compare", "-", "-", input="name: Jo\n")
    assert result.exit_code == 2 and "only one of BEFORE and AFTER" in result.stderr


# ------------------------------------------------------------------------------------------------ level words
SPELLINGS = [
    ("3 - Proficient", 3),
    ("3 (proficient)", 3),
    ("3: proficient", 3),
    ("working knowledge", 2),
    ("Working_Knowledge", 2),
    ("3.0", 3),
    ("Level 4", 4),
    ("level 2 - familiar", 2),
    ("1", 1),
]


@pytest.mark.parametrize(("text", "level"), SPELLINGS)
def test_level_words_read_the_same_in_a_profile_and_a_team_csv(cli, write, text: str, level: int) -> None:
    assert parse_level(text) == level
    profile = write(
        "p.yaml", f'name: Jo\ntarget_role: council-pro10\nskills:\n  budget management: "{text}"\n'
    )
    report = json.loads(cli("analyse", profile, "-f", "json").stdout)
    have = next(
        r["have"] for r in report["assessments"][0]["requirements"] if r["skill"] == "budget-management"
    )
    team = write("t.csv", f'person,skill,level\nJo,budget management,"{text}"\n')
    result = cli("batch", team, "--role", "council-pro10", "-f", "jsonl", "--quiet")
    assert result.exit_code == 0, result.stderr
    assert have == level
    assert "budget" not in json.loads(result.stdout.splitlines()[0]).get("unmatched", "")


@pytest.mark.parametrize("text", ["3 - expert", "5", "-1", "2.5", "lots", "3 - wizard"])
def test_a_bad_level_is_refused_the_same_way_in_both(cli, write, text: str) -> None:
    with pytest.raises(LevelError) as caught:
        parse_level(text)
    message = str(caught.value)
    profile = write("p.yaml", f'name: Jo\nskills:\n  budget management: "{text}"\n')
    result = cli("analyse", profile)
    assert result.exit_code == 1 and message in result.stderr and ":3:" in result.stderr
    team = write("t.csv", f'person,skill,level\nJo,budget management,"{text}"\nJo,risk management,3\n')
    result = cli("batch", team, "--role", "council-pro10")
    assert result.exit_code == 3
    assert f"t.csv:2: level: {message[:-1]}" in result.stderr or f"t.csv:2: level: {message}" in result.stderr


def test_a_number_and_a_word_that_disagree_name_both() -> None:
    with pytest.raises(LevelError, match=r"says 3 but 'expert' is level 4"):
        parse_level("3 - Expert")


# ------------------------------------------------------------------------------------------------ help
def _all_commands(command, prefix=""):
    for name, sub in getattr(command, "commands", {}).items():
        if isinstance(sub, DeferredCommand):
            sub = sub.load()
        if getattr(sub, "hidden", False):
            continue
        yield f"{prefix}{name}".split(), sub
        yield from _all_commands(sub, f"{prefix}{name} ")


ROOT = typer.main.get_command(app)
ALL = list(_all_commands(ROOT))


@pytest.mark.parametrize("path", [p for p, _ in ALL], ids=" ".join)
def test_help_shows_plain_metavars(cli, path: list[str]) -> None:
    text = cli(*path, "--help").stdout
    assert text.startswith("Usage: careergap"), text
    usage = text.splitlines()[0]
    # the first column of each option and argument row: '-r, --role ROLE_ID', 'FILE'
    names = [
        re.split(r"\s{2,}", line.strip())[0] for line in text.splitlines() if re.match(r"  (-|[A-Z])", line)
    ]
    for shown in [usage, *names]:
        assert not re.search(r"<|>|\{|list\[|\bPATH\b|INT RANGE|\bINTEGER\b", shown), shown


def test_top_level_help_shows_whole_summaries(cli) -> None:
    text = " ".join(cli("--help").stdout.split())
    assert "..." not in text.split("Commands:")[1]
    for name, command in ROOT.commands.items():
        if command.hidden:
            continue
        summary = " ".join(command.help.strip().split("\n\n")[0].split())
        assert f"{name} {summary}" in text, name


def test_group_help_shows_whole_summaries(cli) -> None:
    text = " ".join(cli("roles", "--help").stdout.split())
    assert "promotion cycles, and how each level was read" in text and "..." not in text.split("Commands:")[1]


def _leaf_commands() -> dict[str, object]:
    def walk(command: object, prefix: str) -> dict[str, object]:
        found: dict[str, object] = {}
        for name, sub in getattr(command, "commands", {}).items():
            if isinstance(sub, DeferredCommand):
                sub = sub.load()
            if getattr(sub, "commands", None):
                found.update(walk(sub, f"{prefix}{name} "))
            else:
                found[f"{prefix}{name}"] = sub
        return found

    return walk(typer.main.get_command(app), "")


def test_every_command_line_the_program_suggests_uses_real_options() -> None:
    """Hints, report text and help that say `careergap CMD ... --option` name an option CMD really has (a stale
    `--only-unrated` once told people to run an option that did not exist)."""
    import careergap

    commands = _leaf_commands()
    names = sorted(commands, key=len, reverse=True)
    stale = []
    for path in sorted(Path(careergap.__file__).parent.rglob("*.py")):
        for line, text in _message_strings(path):
            for found in re.finditer(r"careergap ((?:[a-z]+ )?[a-z]+)\b([^;()\n]*)", text):
                name = next((n for n in names if f"{found.group(1)} ".startswith(f"{n} ")), None)
                if name is None:
                    continue
                known = {o for p in commands[name].params for o in p.opts + p.secondary_opts}  # type: ignore[attr-defined]
                for flag in re.findall(r"(?<![\w-])--[a-z][a-z-]*", found.group(2)):
                    if flag not in known | {"--help"}:
                        stale.append(f"{path.name}:{line}: careergap {name} {flag}")
    assert stale == []


@pytest.mark.parametrize("command", ["match", "batch", "team"])
def test_help_pages_show_no_click_range_notation(cli, command: str) -> None:
    """Plain help: 'N' and words, not click's '[x>=1]' (match --top, batch --top-gaps, --heatmap-people)."""
    assert "x>=" not in cli(command, "--help").stdout


@pytest.mark.parametrize(
    ("command", "option"),
    [("batch", "--top-gaps"), ("batch", "--heatmap-people"), ("team", "--heatmap-people")],
)
def test_a_negative_count_is_a_usage_error(cli, write, command: str, option: str) -> None:
    team = write("t.csv", "person,skill,level\nJo,budget management,3\n")
    result = cli(command, team, "--role", "council-pro10", option, "-1")
    assert result.exit_code == 2
    assert "-1 is not a count; give 0 or more" in result.stderr and option in result.stderr


# ------------------------------------------------------------------------------------------------ wording
def test_counts_are_in_words(cli, write) -> None:
    team = write("t.csv", "person,skill,level\nJo,budget management,lots\n")
    result = cli("batch", team, "--role", "council-pro10")
    assert result.exit_code == 3
    assert "1 row read" in result.stderr and "1 person (" in result.stderr and "1 value (" in result.stderr
    assert "1 problem listed above" in result.stderr
    assert "(s)" not in result.stderr and "1 rows" not in result.stderr


def _message_strings(path: Path) -> list[tuple[int, str]]:
    """Every string literal (and literal part of an f-string) in a module, with its line, docstrings left out."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


@pytest.mark.parametrize("module", ["api.py", "session.py", "analysis.py", "compare.py", "progression.py"])
def test_no_plural_in_brackets_in_user_facing_text(module: str) -> None:
    import careergap

    path = Path(careergap.__file__).parent / module
    found = [(line, text) for line, text in _message_strings(path) if "(s)" in text]
    assert found == [], f"{module}: say '1 skill' / '2 skills' with careergap.words.plural"


def test_counts_in_notes_agree_with_their_number(analyser) -> None:
    from careergap.models.profile import Profile

    one = Profile.model_validate({"name": "Jo", "skills": [{"name": "budget mgmt", "coach_level": 2}]})
    notes = analyser.resolve(one, "self").notes
    assert "1 skill has no self rating and was left unrated" in notes


# ------------------------------------------------------------------------------------------------ saving actions
HAND_WRITTEN = """\
# Jo's profile, written by hand
name: Jo
target_role: council-pro10   # the next grade
skills:
  budget management: proficient    # since the depot project
  risk management: 2.0
actions:
  - Read the risk policy     # agreed in March
"""


def test_save_actions_keeps_the_profile_as_written_and_compare_shows_them(cli, write) -> None:
    before = write("jo-1.yaml", HAND_WRITTEN)
    after = write("jo-2.yaml", HAND_WRITTEN)
    result = cli(
        "analyse",
        after,
        "--actions",
        "Shadow the PRO11",
        "--actions",
        "Read the risk policy",
        "--save-actions",
    )
    assert result.exit_code == 0, result.stderr
    assert f"saved 1 new action into {after}" in result.stderr
    text = after.read_text(encoding="utf-8")
    assert text == HAND_WRITTEN + "  - Shadow the PRO11\n"
    report = json.loads(cli("compare", before, after, "-f", "json").stdout)
    assert report["actions_after"] == ["Read the risk policy", "Shadow the PRO11"]
    again = cli("analyse", after, "--actions", "Shadow the PRO11", "--save-actions")
    assert "saved 0 new actions" in again.stderr and after.read_text(encoding="utf-8") == text


def test_save_actions_into_a_profile_without_actions_and_a_json_one(cli, write) -> None:
    plain = write("p.yaml", "name: Jo  # me\nskills: {budget management: 3}\n")
    assert cli("analyse", plain, "--actions", "Book the course", "--save-actions").exit_code == 0
    assert plain.read_text(encoding="utf-8").startswith("name: Jo  # me\nskills: {budget management: 3}\n")
    assert "Book the course" in plain.read_text(encoding="utf-8")
    as_json = write("p.json", '{"name": "Jo", "skills": {"budget management": 3}}')
    assert cli("analyse", as_json, "--actions", "Book the course", "--save-actions").exit_code == 0
    assert json.loads(as_json.read_text(encoding="utf-8"))["actions"] == ["Book the course"]


@pytest.mark.parametrize("action", ["yes", "no", "on", "off", "12:30", "~", "True"])
def test_a_saved_action_that_yaml_reads_as_something_else_is_quoted(cli, write, action: str) -> None:
    """An action "yes" written plain would be read back as true and the profile would no longer load."""
    profile = write("p.yaml", "name: Jo\nskills: {budget management: 3}\n")
    assert cli("analyse", profile, "--actions", action, "--save-actions").exit_code == 0
    again = cli("analyse", profile, "-f", "json")
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout)["agreed_actions"] == [action]


@pytest.mark.parametrize("module_name", ["profile_edit", "words", "cli"])
def test_the_docstring_examples_of_the_text_rules_hold(module_name: str) -> None:
    """profile_edit's quoting of values YAML 1.1 misreads; words' counts and the characters dropped from input."""
    import doctest
    import importlib

    failed, tried = doctest.testmod(importlib.import_module(f"careergap.{module_name}"))
    assert tried >= 1 and failed == 0


@pytest.mark.parametrize(
    ("args", "stdin", "needle"),
    [
        (["analyse", str(ALEX), "--save-actions"], None, "--actions TEXT"),
        (["analyse", "-", "--actions", "x", "--save-actions"], "name: Jo\n", "not standard input"),
    ],
)
def test_save_actions_needs_actions_and_a_file(cli, args, stdin, needle: str) -> None:
    result = cli(*args, input=stdin)
    assert result.exit_code == 2 and needle in result.stderr


# ------------------------------------------------------------------------------------------------ --no-semantic
@pytest.mark.parametrize(
    "args",
    [
        ["--no-semantic", "skills", "search", "budget mgmt"],
        ["skills", "search", "--no-semantic", "budget mgmt"],
        ["skills", "search", "budget mgmt", "--no-semantic"],
    ],
)
def test_no_semantic_is_taken_before_or_after_the_command(cli, args: list[str]) -> None:
    """The switch is the root's option, but people write it after the command as they do every other option."""
    done = cli(*args)
    assert done.exit_code == 0, done.output
    assert "meaning layer off: switched off with --no-semantic" in done.output, done.output


def test_after_a_double_dash_no_semantic_is_an_argument(cli) -> None:
    done = cli("--no-semantic", "skills", "search", "--", "--no-semantic")
    assert done.exit_code == 0, done.output
    assert "'--no-semantic' -> REFUSED" in done.output, done.output
