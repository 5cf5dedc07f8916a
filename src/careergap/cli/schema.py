"""`careergap schema`: JSON Schema of the file formats for editor completion."""

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


def schema_for(name: SchemaName) -> dict[str, Any]:
    if name is SchemaName.role:
        from careergap.models.roles import LibraryFile

        schema = LibraryFile.model_json_schema()
        schema["title"] = "careergap role-library file"
    elif name is SchemaName.profile:
        from careergap.models.profile import Profile

        schema = Profile.model_json_schema()
        schema["title"] = "careergap profile"
    else:
        from careergap.models.report import Report

        schema = Report.model_json_schema()
        schema["title"] = "careergap analysis report"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


@handle_errors
def schema(
    name: Annotated[SchemaName, typer.Argument(help="Which file format.")],
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Print the JSON Schema of a file format (role files, profiles, or the JSON report)."""
    claim_output(output, force=force)
    emit(json.dumps(schema_for(name), indent=2), output)
