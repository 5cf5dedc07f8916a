"""`careergap schema`: the JSON Schema of the input files (for editor completion) and of every JSON output."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated, Any

import typer

from careergap.cli._errors import handle_errors
from careergap.cli._options import ForceOption, OutputOption, claim_output, emit


class SchemaName(str, Enum):
    role = "role"
    profile = "profile"
    report = "report"
    batch_row = "batch-row"
    batch = "batch"
    team = "team"
    next = "next"
    path = "path"
    compare = "compare"
    roles = "roles"
    role_detail = "role-detail"
    skills = "skills"
    qualifications = "qualifications"
    skill_search = "skill-search"
    diff = "diff"
    graph = "graph"


# name -> (module, class, title); imported only when asked for, so `careergap --help` stays quick.
_SCHEMAS: dict[SchemaName, tuple[str, str, str]] = {
    SchemaName.role: ("careergap.models.roles", "LibraryFile", "careergap role-library file"),
    SchemaName.profile: ("careergap.models.profile", "Profile", "careergap profile"),
    SchemaName.report: (
        "careergap.models.report",
        "Report",
        "careergap analysis or match report (analyse, match -f json)",
    ),
    SchemaName.batch_row: (
        "careergap.models.report",
        "BatchRow",
        "careergap batch row (one line of -f jsonl)",
    ),
    SchemaName.batch: ("careergap.models.report", "BatchDocument", "careergap batch -f json"),
    SchemaName.team: ("careergap.team", "TeamReport", "careergap team summary (team -f json)"),
    SchemaName.next: ("careergap.models.report", "NextReport", "careergap next -f json"),
    SchemaName.path: ("careergap.models.report", "PathReport", "careergap path -f json"),
    SchemaName.compare: ("careergap.compare", "CompareReport", "careergap compare -f json"),
    SchemaName.roles: ("careergap.models.report", "RolesList", "careergap roles list -f json"),
    SchemaName.role_detail: ("careergap.models.report", "RoleDetail", "careergap roles show -f json"),
    SchemaName.skills: ("careergap.models.report", "SkillsList", "careergap skills list -f json"),
    SchemaName.qualifications: (
        "careergap.models.report",
        "QualificationsList",
        "careergap skills list --qualifications -f json",
    ),
    SchemaName.skill_search: ("careergap.models.report", "SkillSearch", "careergap skills search -f json"),
    SchemaName.diff: ("careergap.models.report", "RoleDiff", "careergap roles diff -f json"),
    SchemaName.graph: ("careergap.models.report", "RoleGraph", "careergap roles graph -f json"),
}
INPUTS = {SchemaName.role, SchemaName.profile}


def _all_required(node: Any) -> None:
    """Mark every property required and no other allowed: an output always writes every field and nothing else, as
    the pydantic outputs' schemas say (dataclasses cannot say so themselves)."""
    if isinstance(node, dict):
        if node.get("type") == "object" and isinstance(node.get("properties"), dict):
            node["required"] = list(node["properties"])
            node["additionalProperties"] = False
        for value in node.values():
            _all_required(value)
    elif isinstance(node, list):
        for value in node:
            _all_required(value)


def schema_for(name: SchemaName) -> dict[str, Any]:
    import importlib

    from pydantic import BaseModel, TypeAdapter

    module, attr, title = _SCHEMAS[name]
    cls = getattr(importlib.import_module(module), attr)
    schema: dict[str, Any]
    if name in INPUTS:
        schema = cls.model_json_schema()
    elif isinstance(cls, type) and issubclass(cls, BaseModel):
        schema = cls.model_json_schema(mode="serialization")
    else:
        schema = TypeAdapter(cls).json_schema(mode="serialization")
        _all_required(schema)
    schema["title"] = title
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


@handle_errors
def schema(
    name: Annotated[SchemaName, typer.Argument(help="Which file format or JSON output.")],
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Print the JSON Schema of a file format (role, profile) or of a command's JSON output (report, batch-row,
    batch, team, next, path, compare, roles, role-detail, skills, qualifications, skill-search, diff, graph).

    Every JSON output carries schema_version (major.minor): a new field raises the minor number, a renamed or
    removed one the major.
    """
    claim_output(output, force=force)
    emit(json.dumps(schema_for(name), indent=2), output)
