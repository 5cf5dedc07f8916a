"""`roles validate` reports every kind of breakage with file:line: field, exit code 1, and no traceback."""

from __future__ import annotations

import json
import re

import pytest

GOOD_ROLE = """
roles:
  - id: acme-pm
    title: Acme project manager
    framework: acme
    summary: Runs Acme projects.
    source: {inferred: "our own framework"}
    requirements:
      - skill: budget-management
        level: 3
        importance: essential
        note: Owns the project budget.
        source: {inferred: "Acme competency matrix"}
        level_source: {inferred: "manage read as 3"}
    next:
      - role: council-pro12
        source: {inferred: "Acme maps to the council ladder"}
"""


def test_builtin_library_validates(cli) -> None:
    result = cli("roles", "validate")
    assert result.exit_code == 0, result.stderr
    match = re.search(r"ok: (\d+) roles, (\d+) skills", result.stdout)
    assert match and int(match.group(1)) == 11 and int(match.group(2)) > 50


def test_an_organisations_own_file_validates_and_can_link_to_builtin_roles(cli, write) -> None:
    path = write("acme.yaml", GOOD_ROLE)
    result = cli("roles", "validate", path)
    assert result.exit_code == 0, result.stderr
    assert "12 roles" in result.stdout


def test_roles_dir_adds_roles_to_every_command(cli, write) -> None:
    path = write("org/acme.yaml", GOOD_ROLE)
    result = cli("roles", "list", "--format", "json", "--roles-dir", path.parent)
    assert result.exit_code == 0, result.stderr
    assert "acme-pm" in [r["id"] for r in json.loads(result.stdout)["roles"]]


BREAKAGES = {
    "malformed yaml": ("roles:\n  - id: x\n    title: [unclosed\n", r":\d+:\d+: invalid YAML"),
    "tab indentation": ("roles:\n\t- id: x\n", r"bad\.yaml:2:1: invalid YAML.*tabs"),
    "unknown key": (
        GOOD_ROLE.replace("    framework: acme", "    framework: acme\n    salary: 50000"),
        r"bad\.yaml:5:5: roles\[0\]\.salary: unknown key",
    ),
    "bad level word": (
        GOOD_ROLE.replace("level: 3", "level: expertt"),
        r"bad\.yaml:9:9: roles\[0\]\.requirements\[0\]\.level: 'expertt' is not a level \(valid: 0-4",
    ),
    "level out of range": (
        GOOD_ROLE.replace("level: 3", "level: 7"),
        r"bad\.yaml:9:9: .*level: 7 is out of range",
    ),
    "level zero": (GOOD_ROLE.replace("level: 3", "level: 0"), r"level: a role cannot ask for level 0"),
    "bad importance": (
        GOOD_ROLE.replace("importance: essential", "importance: vital"),
        r"importance: 'vital' is not valid.*essential.*desirable",
    ),
    "link to missing role": (
        GOOD_ROLE.replace("role: council-pro12", "role: council-pro99"),
        r"bad\.yaml:15:9: roles\[0\]\.next\[0\]\.role: unknown role id 'council-pro99' \(did you mean",
    ),
    "unknown skill": (
        GOOD_ROLE.replace("skill: budget-management", "skill: budget-managment"),
        r"bad\.yaml:8:9: roles\[0\]\.requirements\[0\]\.skill: unknown skill id 'budget-managment' \(did you mean budget-management",
    ),
    "empty file": ("", r"bad\.yaml:1: file is empty"),
    "wrong type": (
        GOOD_ROLE.replace("    requirements:\n", "    requirements: lots\n", 1).split("      - skill")[0],
        r"roles\[0\]\.requirements: 'lots' is the wrong type",
    ),
    "duplicate id with builtin": (
        GOOD_ROLE.replace("id: acme-pm", "id: council-pro10"),
        r"bad\.yaml:2:5: roles\[0\]\.id: duplicate role id 'council-pro10' \(already defined in careergap:data/roles/council-pro10\.yaml",
    ),
    "missing source": (
        GOOD_ROLE.replace('    source: {inferred: "our own framework"}\n', ""),
        r"roles\[0\]\.source: required field is missing",
    ),
    "source without quote": (
        GOOD_ROLE.replace('{inferred: "our own framework"}', "{file: x.txt}"),
        r"roles\[0\]\.source: a source needs file and quote",
    ),
    "a date as an id": (
        GOOD_ROLE.replace("id: acme-pm", "id: 2024-01-01"),
        r"roles\[0\]\.id: 2024-01-01 \(read as a date\) is the wrong type: expected text .*put it in quotes",
    ),
    "a role linked twice": (
        GOOD_ROLE + '    related:\n      - role: council-pro12\n        source: {inferred: "again"}\n',
        r"bad\.yaml:18:9: roles\[0\]\.related\[0\]\.role: 'council-pro12' is already linked at next\[0\]",
    ),
    "an award without a source": (
        "qualifications:\n  - {id: acme-cert, name: Acme certificate, kind: vocational, description: Ours.}\n",
        r"bad\.yaml:2:5: qualifications\[0\]\.source: required field is missing",
    ),
    "bad id": (
        GOOD_ROLE.replace("id: acme-pm", "id: Acme PM"),
        r"roles\[0\]\.id: 'Acme PM' is not a valid id",
    ),
    "not a mapping": ("- just\n- a list\n", r"bad\.yaml:1:1: expected a mapping"),
    "duplicate key": (
        GOOD_ROLE.replace("    framework: acme", "    framework: acme\n    framework: other"),
        r"bad\.yaml:5:5: roles\[0\]\.framework: duplicate key",
    ),
    "alias bomb": (
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 30)}]\n" for p, n in zip("abcd", "bcde", strict=True))
        + "roles: []\n",
        r"bad\.yaml:\d+: more than 100 YAML alias references",
    ),
}


@pytest.mark.parametrize("kind", sorted(BREAKAGES))
def test_breakage_is_reported_with_location_and_exit_1(cli, write, kind: str) -> None:
    text, pattern = BREAKAGES[kind]
    path = write("bad.yaml", text) if text else write("bad.yaml", "")
    result = cli("roles", "validate", path)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert re.search(pattern, result.stderr), result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_non_utf8_file_is_reported(cli, tmp_path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("roles:\n  - id: caf\xe9\n".encode("latin-1"))
    result = cli("roles", "validate", path)
    assert result.exit_code == 1
    assert re.search(r"latin1\.yaml:2: not valid UTF-8", result.stderr), result.stderr


def test_promotion_cycle_is_reported(cli, write) -> None:
    a = GOOD_ROLE.replace("role: council-pro12", "role: acme-senior")
    b = GOOD_ROLE.replace("id: acme-pm", "id: acme-senior").replace("role: council-pro12", "role: acme-pm")
    write("cycle/a.yaml", a)
    path = write("cycle/b.yaml", b)
    result = cli("roles", "validate", path.parent)
    assert result.exit_code == 1
    assert "promotion links form a cycle: acme-pm -> acme-senior -> acme-pm" in result.stderr


def test_every_problem_in_every_file_is_reported_in_one_run(cli, write) -> None:
    write("many/one.yaml", GOOD_ROLE.replace("level: 3", "level: 9").replace("id: acme-pm", "id: one"))
    path = write(
        "many/two.yaml",
        GOOD_ROLE.replace("id: acme-pm", "id: two").replace("skill: budget-management", "skill: nope"),
    )
    result = cli("roles", "validate", path.parent)
    assert result.exit_code == 1
    assert "one.yaml:9:9" in result.stderr and "two.yaml:8:9" in result.stderr
    assert "2 problems found" in result.stderr


def test_missing_path_is_reported(cli, tmp_path) -> None:
    result = cli("roles", "validate", tmp_path / "nope.yaml")
    assert result.exit_code == 1
    assert "nope.yaml: no such file or directory" in result.stderr


def test_aliases_that_cannot_match_or_clash_are_reported(cli, write) -> None:
    path = write(
        "aliases.yaml",
        """
skills:
  - id: acme-safety
    name: Safety case management
    kind: skill
    description: Building the safety case.
    aliases: [safety cases, "the of and", budgeting]
""",
    )
    result = cli("roles", "validate", path)
    assert result.exit_code == 1
    assert "'the of and' has no words careergap can match" in result.stderr
    assert "'budgeting' reads the same as 'budgeting' of skill 'budget-management'" in result.stderr


def test_a_stated_depth_overridden_by_the_level_is_reported(cli, write) -> None:
    """A document's own depth is the level: 'Proficient in' read as 4 is an error."""
    text = GOOD_ROLE.replace("level: 3", "level: 4").replace(
        'level_source: {inferred: "manage read as 3"}', 'level_source: {stated: "Proficient in"}'
    )
    result = cli("roles", "validate", write("stated.yaml", text))
    assert result.exit_code == 1
    assert re.search(
        r"stated\.yaml:9:9: roles\[0\]\.requirements\[0\]\.level: level 4 overrides the stated depth 'Proficient in' \(3\)",
        result.stderr,
    ), result.stderr


def test_a_stated_depth_kept_as_the_level_validates(cli, write) -> None:
    text = GOOD_ROLE.replace(
        'level_source: {inferred: "manage read as 3"}', 'level_source: {stated: "Proficient in"}'
    )
    result = cli("roles", "validate", write("stated.yaml", text))
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("reading", "ok"),
    [
        ("read 'owns the budget' as 3", False),  # no rubric word at all
        ("read 'supports budget holders' as 3", False),  # a word of level 2, not 3
        ("read 'manages the project budget' as 3", True),
        ("read 'monitors and controls spend' as 3", True),
        ("departs from the rubric: 'owns' is not in it; read as 3 because the role signs off spend", True),
    ],
)
def test_a_level_reading_must_name_a_rubric_word_of_its_level(cli, write, reading: str, ok: bool) -> None:
    text = GOOD_ROLE.replace('"manage read as 3"', f'"{reading}"')
    result = cli("roles", "validate", write("reading.yaml", text))
    assert (result.exit_code == 0) is ok, result.stderr
    if not ok:
        assert re.search(
            r"reading\.yaml:13:9: roles\[0\]\.requirements\[0\]\.level_source: the reading .* names no rubric word of level 3",
            result.stderr,
        ), result.stderr
        assert "departs from the rubric" in result.stderr  # the message says how to record a departure


def test_two_skills_with_the_same_name_are_reported(cli, write) -> None:
    path = write(
        "names.yaml",
        """
skills:
  - id: acme-budgets
    name: Budget and financial management
    kind: skill
    description: Our own budgeting skill.
""",
    )
    result = cli("roles", "validate", path)
    assert result.exit_code == 1
    assert re.search(
        r"names\.yaml:3:5: skills\[0\]\.name: 'Budget and financial management' reads the same as .* of skill 'budget-management'",
        result.stderr,
    ), result.stderr


def test_reading_checks_do_not_block_other_commands(cli, write) -> None:
    """An organisation's file with a loose reading still loads for analysis; only `roles validate` judges it."""
    path = write("org/loose.yaml", GOOD_ROLE.replace('"manage read as 3"', '"our judgement"'))
    result = cli("roles", "show", "acme-pm", "--roles-dir", path.parent)
    assert result.exit_code == 0, result.stderr


def test_broader_skills_must_exist_and_not_loop(cli, write) -> None:
    path = write(
        "broader.yaml",
        """
skills:
  - id: acme-one
    name: Acme widget planning
    kind: skill
    description: One.
    broader: [acme-two, project-planing]
  - id: acme-two
    name: Acme gadget planning
    kind: skill
    description: Two.
    broader: [acme-one]
""",
    )
    result = cli("roles", "validate", path)
    assert result.exit_code == 1
    assert (
        "skills[0].broader[1]: unknown skill id 'project-planing' (did you mean project-planning"
        in result.stderr
    )
    assert "broader links lead back to 'acme-one'" in result.stderr


def test_a_qualification_cannot_imply_itself_directly_or_through_others(cli, write) -> None:
    award = "  - {{id: {id}, name: {name}, kind: certification, description: d, implies: [{to}], source: {{inferred: t}}}}\n"
    path = write(
        "q.yaml",
        "qualifications:\n"
        + award.format(id="acme-a", name="Acme A", to="acme-b")
        + award.format(id="acme-b", name="Acme B", to="acme-a")
        + award.format(id="acme-c", name="Acme C", to="acme-c"),
    )
    result = cli("roles", "validate", path)
    assert result.exit_code == 1
    assert "q.yaml:4" in result.stderr and "a qualification cannot imply itself" in result.stderr
    assert "implies links lead back to 'acme-a'; two awards cannot each satisfy the other" in result.stderr


def test_no_builtin_with_nothing_to_check_is_a_usage_error(cli) -> None:
    """'ok: 0 roles ... in 0 files' would pass a check that checked nothing."""
    result = cli("roles", "validate", "--no-builtin")
    assert result.exit_code == 2 and "give the files or folders to check on their own" in result.stderr


def test_validate_says_it_read_a_folders_phrase_map(cli, write) -> None:
    path = write("org/phrase-map.yaml", "phrase_map:\n  rota wrangling: resource-planning\n")
    result = cli("roles", "validate", path.parent)
    assert result.exit_code == 0 and "and a phrase map of 1 phrase" in result.stdout, result.stdout
