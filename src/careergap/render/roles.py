"""Render roles (list, detail) as rich tables, Markdown and JSON-ready dicts."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from careergap.library import Library
from careergap.models.roles import Role
from careergap.render._text import level_text, md_escape


def role_summary(role: Role) -> dict[str, Any]:
    return {
        "id": role.id,
        "title": role.title,
        "framework": role.framework,
        "grade": role.grade,
        "requirements": len(role.requirements),
        "essential": sum(r.importance == "essential" for r in role.requirements),
        "qualifications": len(role.qualifications),
        "next": [link.role for link in role.next],
        "related": [link.role for link in role.related],
    }


def roles_list_table(library: Library) -> Table:
    table = Table(title=f"{len(library.roles)} roles", box=box.SIMPLE_HEAD)
    for column in ("id", "title", "framework", "grade", "requirements"):
        table.add_column(column, justify="right" if column == "requirements" else "left")
    for role in library.roles.values():
        essential = sum(r.importance == "essential" for r in role.requirements)
        table.add_row(
            role.id,
            role.title,
            role.framework,
            role.grade or "-",
            f"{len(role.requirements)} ({essential} essential)",
        )
    return table


def role_detail(role: Role, library: Library) -> dict[str, Any]:
    """The role as JSON-ready data, with skill and qualification names resolved."""
    data = role.model_dump(mode="json", exclude_none=True)
    for requirement in data["requirements"]:
        requirement["skill_name"] = library.skills[requirement["skill"]].name
    for qreq in data.get("qualifications", []):
        qreq["names"] = [
            library.qualifications[q].name for q in (qreq["qualification"], *qreq.get("alternatives", []))
        ]
    return data


def _qualification_names(library: Library, ids: tuple[str, ...]) -> str:
    return " or ".join(library.qualifications[q].name for q in ids)


def role_table(role: Role, library: Library) -> RenderableType:
    header = Text()
    header.append(role.title, style="bold")
    header.append(f"  {role.id}", style="dim")
    meta = f"{role.framework}" + (f" · grade {role.grade}" if role.grade else "")
    parts: list[RenderableType] = [
        Panel(Group(header, Text(meta, style="cyan"), Text(role.summary)), box=box.ROUNDED),
        Text(f"source: {role.source.describe()}", style="dim"),
    ]
    if role.experience:
        years = f"{role.experience.years}+ years. " if role.experience.years is not None else ""
        parts.append(Text(f"Experience: {years}{role.experience.description}"))
    for importance in ("essential", "desirable"):
        requirements = [r for r in role.requirements if r.importance == importance]
        if not requirements:
            continue
        table = Table(
            title=f"{importance.capitalize()} ({len(requirements)})",
            box=box.SIMPLE_HEAD,
            title_justify="left",
        )
        table.add_column("skill")
        table.add_column("level", no_wrap=True)
        table.add_column("what it looks like here")
        table.add_column("source", style="dim")
        for r in sorted(requirements, key=lambda r: (-r.level, library.skills[r.skill].name)):
            level = level_text(r.level) + ("*" if r.level_source.is_inferred else "")
            table.add_row(library.skills[r.skill].name, level, r.note, _short_source(r.source.describe()))
        parts.append(table)
    if role.qualifications:
        table = Table(title="Qualifications", box=box.SIMPLE_HEAD, title_justify="left")
        table.add_column("qualification")
        table.add_column("importance")
        table.add_column("note")
        for q in role.qualifications:
            table.add_row(_qualification_names(library, q.accepted), q.importance, q.note or "")
        parts.append(table)
    links = Table(title="Progression", box=box.SIMPLE_HEAD, title_justify="left")
    links.add_column("kind")
    links.add_column("role")
    links.add_column("basis", style="dim")
    for kind, items in (("next (promotion)", role.next), ("related (lateral)", role.related)):
        for link in items:
            target = library.roles.get(link.role)
            links.add_row(
                kind,
                f"{link.role}" + (f" - {target.title}" if target else ""),
                _short_source(link.source.describe()),
            )
    if not role.next and not role.related:
        links.add_row("-", "no progression links", "")
    parts.append(links)
    parts.append(Text("* level inferred from the source's wording (see README: reading levels)", style="dim"))
    return Group(*parts)


def _short_source(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def role_markdown(role: Role, library: Library) -> str:
    lines = [f"# {role.title} (`{role.id}`)", ""]
    lines.append(
        f"- **Framework:** {role.framework}" + (f"  \n- **Grade:** {role.grade}" if role.grade else "")
    )
    lines.append(f"- **Source:** {role.source.describe()}")
    if role.experience:
        years = f"{role.experience.years}+ years. " if role.experience.years is not None else ""
        lines.append(f"- **Experience:** {years}{role.experience.description}")
    lines += ["", role.summary, ""]
    for importance in ("essential", "desirable"):
        requirements = [r for r in role.requirements if r.importance == importance]
        if not requirements:
            continue
        lines += [f"## {importance.capitalize()} requirements ({len(requirements)})", ""]
        lines += [
            "| skill | level | what it looks like here | source | level basis |",
            "|---|---|---|---|---|",
        ]
        for r in sorted(requirements, key=lambda r: (-r.level, library.skills[r.skill].name)):
            lines.append(
                f"| {md_escape(library.skills[r.skill].name)} | {level_text(r.level)} | {md_escape(r.note)} "
                f"| {md_escape(r.source.describe())} | {md_escape(r.level_source.describe())} |"
            )
        lines.append("")
    if role.qualifications:
        lines += ["## Qualifications", "", "| qualification | importance | note |", "|---|---|---|"]
        for q in role.qualifications:
            lines.append(
                f"| {md_escape(_qualification_names(library, q.accepted))} | {q.importance} | {md_escape(q.note or '')} |"
            )
        lines.append("")
    lines += ["## Progression", ""]
    for kind, items in (("Next", role.next), ("Related", role.related)):
        for link in items:
            lines.append(f"- {kind}: `{link.role}` ({link.source.describe()})")
    if not role.next and not role.related:
        lines.append("- none")
    return "\n".join(lines) + "\n"


def roles_list_markdown(library: Library) -> str:
    lines = ["| id | title | framework | grade | requirements |", "|---|---|---|---|---|"]
    for role in library.roles.values():
        lines.append(
            f"| `{role.id}` | {md_escape(role.title)} | {role.framework} | {role.grade or '-'} | {len(role.requirements)} |"
        )
    return "\n".join(lines) + "\n"
