"""The library as views: roles (list, detail) and skills as blocks for every back end, and as versioned JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import RenderableType

from careergap.library import Library
from careergap.models.report import (
    Candidate,
    QualificationsList,
    RoleDetail,
    RolesList,
    RoleSummary,
    SkillMatch,
    SkillSearch,
    SkillsList,
)
from careergap.models.roles import Role
from careergap.render._text import level_text, lit, plural
from careergap.render.document import Block, Cell, Facts, Grid, Heading, Para, to_markdown, to_rich

if TYPE_CHECKING:
    from careergap.matching.semantic import Neighbour


def role_summary(role: Role) -> dict[str, Any]:
    return _summary(role).model_dump(mode="json")


def _summary(role: Role) -> RoleSummary:
    return RoleSummary(
        id=role.id,
        title=role.title,
        framework=role.framework,
        grade=role.grade,
        requirements=len(role.requirements),
        essential=sum(r.importance == "essential" for r in role.requirements),
        qualifications=len(role.qualifications),
        next=[link.role for link in role.next],
        related=[link.role for link in role.related],
    )


def roles_list_json(library: Library) -> str:
    """`roles list -f json`: an object with the contract version and the roles, so it can grow."""
    return RolesList(roles=[_summary(r) for r in library.roles.values()]).model_dump_json(indent=2)


def skills_list_json(library: Library) -> str:
    """`skills list -f json`: an object with the contract version and the skills."""
    return SkillsList(skills=list(library.skills.values())).model_dump_json(indent=2)


def qualifications_list_json(library: Library) -> str:
    """`skills list --qualifications -f json`: an object with the contract version and the qualifications."""
    return QualificationsList(qualifications=list(library.qualifications.values())).model_dump_json(indent=2)


def skill_search_json(
    result: SkillMatch, by_words: SkillMatch, nearest: Sequence[Neighbour], matcher: str | None
) -> str:
    """`skills search -f json`: how one phrase resolved (the choice, the words' reading, the nearest in meaning)."""
    words = by_words.model_dump(include={"status", "target", "score", "candidates", "reason"})
    return SkillSearch(
        result=result,
        by_words=words,
        by_meaning=[Candidate(target=n.target, score=n.score, via=n.via) for n in nearest],
        matcher=matcher,
    ).model_dump_json(indent=2)


def roles_list_blocks(library: Library) -> list[Block]:
    """Every role, its id whole (the id is what a person types next)."""
    rows = []
    for role in library.roles.values():
        essential = sum(r.importance == "essential" for r in role.requirements)
        rows.append(
            (
                f"`{role.id}`",
                lit(role.title),
                lit(role.framework),
                lit(role.grade or "-"),
                str(len(role.requirements)),
                str(essential),
            )
        )
    return [
        Heading(2, plural(len(rows), "role")),
        Grid(
            ("id", "title", "framework", "grade", "requirements", "essential"),
            tuple(rows),
            numeric=(4, 5),
            keep=(0,),
            detail=(2,),
        ),
    ]


def roles_list_table(library: Library) -> RenderableType:
    return to_rich(roles_list_blocks(library))


def roles_list_markdown(library: Library) -> str:
    return to_markdown(roles_list_blocks(library))


def skills_list_blocks(library: Library) -> list[Block]:
    rows = tuple(
        (
            f"`{s.id}`",
            lit(s.name),
            s.kind,
            lit(", ".join(s.aliases[:6])) + (" …" if len(s.aliases) > 6 else ""),
        )
        for s in library.skills.values()
    )
    return [Heading(2, plural(len(rows), "skill")), Grid(("id", "name", "kind", "aliases"), rows, keep=(0,))]


def skills_list_table(library: Library) -> RenderableType:
    return to_rich(skills_list_blocks(library))


def skills_list_markdown(library: Library) -> str:
    return to_markdown(skills_list_blocks(library))


def role_detail(role: Role, library: Library) -> dict[str, Any]:
    """The role as JSON-ready data, with skill and qualification names resolved."""
    data = role.model_dump()
    data["requirements"] = [
        {**requirement, "skill_name": library.skills[requirement["skill"]].name}
        for requirement in data["requirements"]
    ]
    data["qualifications"] = [
        {
            **qreq,
            "names": [library.qualifications[q].name for q in (qreq["qualification"], *qreq["alternatives"])],
        }
        for qreq in data["qualifications"]
    ]
    detail: dict[str, Any] = RoleDetail.model_validate(data).model_dump(mode="json")
    return {"schema_version": detail.pop("schema_version"), "kind": detail.pop("kind"), **detail}


def _qualification_names(library: Library, ids: tuple[str, ...]) -> str:
    return " or ".join(library.qualifications[q].name for q in ids)


def role_blocks(role: Role, library: Library) -> list[Block]:
    """One role: what it asks for by importance, with levels, notes and sources, and where it leads."""
    facts: list[tuple[str, str | Cell]] = [("Framework", lit(role.framework))]
    if role.grade:
        facts.append(("Grade", lit(role.grade)))
    facts.append(("Source", lit(role.source.describe())))
    if role.experience:
        years = f"{role.experience.years}+ years. " if role.experience.years is not None else ""
        facts.append(("Experience", years + lit(role.experience.description)))
    blocks: list[Block] = [
        Heading(1, f"{lit(role.title)} (`{role.id}`)"),
        Facts(tuple(facts)),
        Para(lit(role.summary)),
    ]
    for importance in ("essential", "desirable"):
        requirements = [r for r in role.requirements if r.importance == importance]
        if not requirements:
            continue
        rows = tuple(
            (
                lit(library.skills[r.skill].name),
                level_text(r.level) + ("*" if r.level_source.is_inferred else ""),
                lit(r.note),
                lit(r.source.describe()),
                lit(r.level_source.describe()),
            )
            for r in sorted(requirements, key=lambda r: (-r.level, library.skills[r.skill].name))
        )
        blocks += [
            Heading(2, f"{importance.capitalize()} requirements ({len(requirements)})"),
            Grid(("skill", "level", "what it looks like here", "source", "level basis"), rows, detail=(3, 4)),
        ]
    if role.qualifications:
        quals = tuple(
            (lit(_qualification_names(library, q.accepted)), q.importance, lit(q.note or ""))
            for q in role.qualifications
        )
        blocks += [Heading(2, "Qualifications"), Grid(("qualification", "importance", "note"), quals)]
    links = [
        (
            kind,
            f"`{link.role}`",
            lit(library.roles[link.role].title) if link.role in library.roles else "",
            lit(link.source.describe()),
        )
        for kind, items in (("promotion", role.next), ("lateral move", role.related))
        for link in items
    ]
    blocks.append(Heading(2, "Progression"))
    if links:
        blocks.append(Grid(("move", "role", "title", "basis"), tuple(links), keep=(1,)))
    else:
        blocks.append(Para("No progression links."))
    blocks.append(
        Para(
            "* level inferred from the source's wording (see README: reading levels). The source of each line and "
            "how its level was read: --format markdown.",
            muted=True,
        )
    )
    return blocks


def role_table(role: Role, library: Library) -> RenderableType:
    return to_rich(role_blocks(role, library))


def role_markdown(role: Role, library: Library) -> str:
    return to_markdown(role_blocks(role, library))
