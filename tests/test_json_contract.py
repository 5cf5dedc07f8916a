"""The JSON contract: every JSON output is an object with schema_version, valid against `careergap schema NAME`,
and its date honours SOURCE_DATE_EPOCH."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLES

jsonschema = pytest.importorskip(
    "jsonschema", reason="jsonschema is in the test extra: pip install -e '.[test]'"
)

from careergap.cli.schema import INPUTS, SchemaName, schema_for
from careergap.models.report import SCHEMA_VERSION

ALEX = EXAMPLES / "alex-pro10.yaml"
PAT = EXAMPLES / "pat-pro8.yaml"
SAM = EXAMPLES / "sam-short.yaml"
LONG = EXAMPLES / "team-long.csv"
MESSY = EXAMPLES / "team-messy.csv"


def check(name: SchemaName, data: Any) -> None:
    """Valid against the schema, an object, and stamped with the contract's version."""
    schema = schema_for(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, f"{name.value}: " + "; ".join(
        f"{'/'.join(map(str, e.path))}: {e.message[:200]}" for e in errors[:5]
    )
    assert isinstance(data, dict) and data["schema_version"] == SCHEMA_VERSION


def run_json(cli, *args: object) -> Any:
    result = cli(*args)
    assert result.exit_code in (0, 3), result.stderr
    return json.loads(result.stdout)


# One entry per JSON output reachable through a command: the schema name and the command line.
COMMANDS: list[tuple[SchemaName, tuple[object, ...]]] = [
    (SchemaName.report, ("analyse", ALEX, "-f", "json")),
    (SchemaName.report, ("analyse", ALEX, "--role", "council-pro10", "--with-next", "-f", "json")),
    (SchemaName.report, ("analyse", SAM, "-f", "json")),
    (SchemaName.report, ("match", PAT, "-f", "json")),
    (SchemaName.next, ("next", ALEX, "-f", "json")),
    (SchemaName.path, ("path", PAT, "--to", "council-pro11", "-f", "json")),
    (SchemaName.team, ("team", LONG, "-f", "json")),
    (SchemaName.team, ("team", MESSY, "-f", "json")),
    (SchemaName.role_detail, ("roles", "show", "council-pro10", "-f", "json")),
    (SchemaName.role_detail, ("roles", "show", "apprenticeship-project-manager-l6", "-f", "json")),
    (SchemaName.graph, ("roles", "graph", "-f", "json")),
    (SchemaName.diff, ("roles", "diff", "council-pro10", "council-pro11", "-f", "json")),
    (SchemaName.qualifications, ("skills", "list", "--qualifications", "-f", "json")),
]


@pytest.mark.parametrize(("name", "args"), COMMANDS, ids=[" ".join(map(str, a[:2])) for _, a in COMMANDS])
def test_command_json_matches_its_schema(cli, name: SchemaName, args: tuple[object, ...]) -> None:
    check(name, run_json(cli, *args))


def test_compare_json_matches_its_schema(cli, write) -> None:
    before = write("before.yaml", "name: Kim\ntarget_role: council-pro11\nskills:\n  budget management: 1\n")
    after = write("after.yaml", "name: Kim\ntarget_role: council-pro11\nskills:\n  budget management: 3\n")
    check(SchemaName.compare, run_json(cli, "compare", before, after, "-f", "json"))


def test_every_jsonl_row_matches_the_row_schema(cli) -> None:
    for text in (cli("batch", LONG, "-f", "jsonl").stdout, cli("batch", MESSY, "-f", "jsonl", "-q").stdout):
        rows = [json.loads(line) for line in text.splitlines()]
        assert rows
        for row in rows:
            check(SchemaName.batch_row, row)


def test_all_roles_rows_match_the_row_schema(cli) -> None:
    rows = [json.loads(line) for line in cli("batch", LONG, "--all-roles", "-f", "jsonl").stdout.splitlines()]
    assert {r["rank"] for r in rows} >= {1, 2}
    for row in rows[:200]:
        check(SchemaName.batch_row, row)


def test_batch_document_wraps_the_rows(cli) -> None:
    """`batch -f json` is one object: the head, the JSONL rows joined by commas, the tail."""
    from careergap.render.team import BATCH_JSON_TAIL, batch_json_head

    lines = cli("batch", MESSY, "-f", "jsonl", "-q").stdout.splitlines()
    document = json.loads(batch_json_head('lexical "quoted"') + ",".join(lines) + BATCH_JSON_TAIL)
    check(SchemaName.batch, document)
    assert len(document["rows"]) == len(lines) and document["matcher"] == 'lexical "quoted"'
    whole = json.loads(cli("batch", MESSY, "-f", "json", "-q").stdout)
    check(SchemaName.batch, whole)
    assert whole["rows"] == document["rows"] and whole["matcher"].startswith("lexical")


def test_roles_and_skills_lists_are_versioned_objects(library) -> None:
    from careergap.render.roles import roles_list_json, skills_list_json

    roles = json.loads(roles_list_json(library))
    check(SchemaName.roles, roles)
    assert len(roles["roles"]) == len(library.roles)
    skills = json.loads(skills_list_json(library))
    check(SchemaName.skills, skills)
    assert len(skills["skills"]) == len(library.skills)


def test_skill_search_is_a_versioned_object(analyser) -> None:
    from careergap.render.roles import skill_search_json

    resolver = analyser.resolver
    for phrase in ("budget mgmt", "herding cats"):
        index = resolver.skills
        nearest = index.nearest_by_meaning(phrase)[:5]
        text = skill_search_json(resolver.skill(phrase), index.lexical(phrase), nearest, resolver.matcher)
        check(SchemaName.skill_search, json.loads(text))
    text = skill_search_json(
        resolver.qualification("PRINCE2"), resolver.qualifications.lexical("PRINCE2"), [], resolver.matcher
    )
    check(SchemaName.skill_search, json.loads(text))


def test_every_output_schema_is_exercised() -> None:
    """A new output needs a schema name and an entry above (or a test of its own)."""
    tested = {name for name, _ in COMMANDS} | {
        SchemaName.compare,
        SchemaName.batch_row,
        SchemaName.batch,
        SchemaName.roles,
        SchemaName.skills,
        SchemaName.skill_search,
    }
    assert set(SchemaName) - INPUTS == tested


@pytest.mark.parametrize("name", [n.value for n in SchemaName])
def test_schema_command_prints_a_valid_schema(cli, name: str) -> None:
    result = cli("schema", name)
    assert result.exit_code == 0, result.stderr
    jsonschema.Draft202012Validator.check_schema(json.loads(result.stdout))


def test_every_output_schema_refuses_fields_it_does_not_name() -> None:
    """An output writes its fields and no others: the dataclass outputs (team) said so too late (found in review)."""
    from careergap.cli.schema import INPUTS, schema_for

    for name in SchemaName:
        if name in INPUTS:
            continue
        schema = schema_for(name)
        objects = [schema, *schema.get("$defs", {}).values()]
        loose = [
            o.get("title")
            for o in objects
            if "properties" in o and o.get("additionalProperties") is not False
        ]
        assert loose == [], (name, loose)


# ------------------------------------------------------------------------------------------------ dates
def test_source_date_epoch_fixes_generated_on(runner, tmp_path: Path) -> None:
    from careergap.cli import app

    env = {"COLUMNS": "120", "TERM": "dumb", "SOURCE_DATE_EPOCH": "1700000000"}
    outputs = []
    for args in (["analyse", ALEX], ["match", PAT], ["next", ALEX], ["path", PAT, "--to", "council-pro11"]):
        result = runner.invoke(app, [*map(str, args), "-f", "json"], env=env)
        assert result.exit_code == 0, result.stderr
        outputs.append(result.stdout)
        assert json.loads(result.stdout)["generated_on"] == "2023-11-14"
    again = runner.invoke(app, ["analyse", str(ALEX), "-f", "json"], env=env)
    assert again.stdout == outputs[0]  # byte for byte: reproducible


def test_a_malformed_source_date_epoch_is_a_clear_error(runner) -> None:
    from careergap.cli import app

    result = runner.invoke(
        app, ["analyse", str(ALEX), "-f", "json"], env={"TERM": "dumb", "SOURCE_DATE_EPOCH": "yesterday"}
    )
    assert result.exit_code == 1
    assert "SOURCE_DATE_EPOCH='yesterday' is not a date" in result.stderr
    assert "Traceback" not in result.stderr


ROOT = Path(__file__).resolve().parents[1]


def _plain(data: object) -> object:
    """YAML data as JSON would hold it (dates as text), for a JSON Schema validator."""
    return json.loads(json.dumps(data, default=str))


def test_every_profile_we_ship_or_test_with_is_valid_against_the_profile_schema() -> None:
    """`careergap schema profile` is for editors: a profile careergap reads must not be flagged by it (short forms,
    level words, awards as text or confirmed)."""
    validator = jsonschema.Draft202012Validator(schema_for(SchemaName.profile))
    files = [
        *ROOT.glob("examples/**/*.yaml"),
        *ROOT.glob("tests/data/profiles/**/*.yaml"),
        *(p for p in ROOT.glob("tests/data/own-words-kept-aside*/*.yaml") if p.name != "labels.yaml"),
    ]
    assert len(files) > 20
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data.pop("written_for", None)  # a test label, not a profile field (tests/data/profiles/README.md)
        errors = [e.message for e in validator.iter_errors(_plain(data))]
        assert errors == [], (path.name, errors[:3])
    confirmed = {
        "name": "K",
        "qualifications": [{"name": "L5 Dip", "qualification": "mba"}, "PMP"],
        "skills": [],
    }
    assert not list(validator.iter_errors(confirmed))
    assert list(validator.iter_errors({"name": "K", "qualifications": [{"nam": "L5 Dip"}]}))
    assert list(validator.iter_errors({"name": "K", "skills": {"budgets": 7}}))


def test_every_built_in_role_library_file_is_valid_against_the_role_schema() -> None:
    validator = jsonschema.Draft202012Validator(schema_for(SchemaName.role))
    files = [
        p for p in ROOT.glob("data/roles/*.yaml") if p.name != "lexicon.yaml"
    ]  # the lexicon has its own check
    assert len(files) > 15
    for path in files:
        errors = [
            e.message for e in validator.iter_errors(_plain(yaml.safe_load(path.read_text(encoding="utf-8"))))
        ]
        assert errors == [], (path.name, errors[:3])
