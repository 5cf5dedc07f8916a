"""Render progression reports (next steps, paths, role diffs, the role graph) as rich views, Markdown and Mermaid."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from careergap.models.report import NextReport, PathReport, RoleDiff, RoleGraph
from careergap.render._text import md_escape
from careergap.render.report import VERDICT_STYLE


def _have(value: int | None) -> str:
    return "unrated" if value is None else str(value)


# ----------------------------------------------------------------------------- next
def next_table(report: NextReport) -> RenderableType:
    c = report.current
    head = Text()
    head.append(f"{report.person}", style="bold")
    head.append(f" now: {report.from_title} ({report.from_role})  score {c.score:.1f} ")
    head.append(c.verdict.upper(), style=VERDICT_STYLE[c.verdict])
    parts: list[RenderableType] = [Panel(head, box=box.ROUNDED)]
    for option in report.options:
        a = option.assessment
        title = Text()
        title.append(
            "PROMOTION " if option.kind == "next" else "LATERAL   ",
            style="bold cyan" if option.kind == "next" else "bold blue",
        )
        title.append(f"{a.role_title} ({a.role_id})  score {a.score:.1f} ")
        title.append(a.verdict.upper(), style=VERDICT_STYLE[a.verdict])
        title.append(f"  {a.essential_gaps} essential gap(s)", style="dim")
        table = Table(box=box.SIMPLE_HEAD)
        table.add_column("gap")
        table.add_column("have → need")
        table.add_column("actions", style="dim")
        for gap in a.gaps:
            table.add_row(
                f"{gap.skill_name} ({gap.importance})",
                f"{_have(gap.have)} → {gap.required}",
                "; ".join(gap.action_titles[:3]),
            )
        parts += [
            title,
            Text(("inferred link: " if option.inferred_link else "link: ") + option.basis, style="dim"),
            table,
        ]
    for note in report.notes:
        parts.append(Text(f"note: {note}", style="dim"))
    return Group(*parts)


def next_markdown(report: NextReport) -> str:
    c = report.current
    out = [
        f"# Next steps for {md_escape(report.person)}",
        "",
        f"Now: **{md_escape(report.from_title)}** (`{report.from_role}`), score {c.score:.1f}, {c.verdict}.",
        "",
    ]
    for option in report.options:
        a = option.assessment
        kind = "Promotion" if option.kind == "next" else "Lateral move"
        out += [
            f"## {kind}: {md_escape(a.role_title)} (`{a.role_id}`)",
            "",
            f"Score {a.score:.1f}, **{a.verdict}**, {a.essential_gaps} essential gap(s). Link: {md_escape(option.basis)}",
            "",
        ]
        if a.gaps:
            out += ["| gap | have | need | actions |", "|---|---|---|---|"]
            out += [
                f"| {md_escape(g.skill_name)} ({g.importance}) | {_have(g.have)} | {g.required} | {'; '.join(g.action_titles[:3])} |"
                for g in a.gaps
            ]
            out.append("")
        if option.actions:
            out += [
                f"- **{md_escape(x.title)}** ({x.kind}): {md_escape(x.description)}" for x in option.actions
            ] + [""]
    out += [f"- note: {md_escape(n)}" for n in report.notes]
    return "\n".join(out).rstrip() + "\n"


# ----------------------------------------------------------------------------- path
def path_table(report: PathReport) -> RenderableType:
    tree = Tree(
        Text(
            f"{report.person}: {report.from_role} → {report.to_role} ({len(report.steps) - 1} step(s))",
            style="bold",
        )
    )
    for n, step in enumerate(report.steps):
        label = Text()
        label.append(f"{n}. " if n else "now ", style="bold")
        label.append(f"{step.role_title} ({step.role_id})  ")
        label.append(f"score {step.score:.1f} ")
        label.append(step.verdict.upper(), style=VERDICT_STYLE[step.verdict])
        if step.via == "related":
            label.append("  [lateral move]", style="blue")
        if step.inferred_link:
            label.append("  (inferred link)", style="dim")
        branch = tree.add(label)
        for gap in step.new_gaps:
            branch.add(
                Text(
                    f"{gap.skill_name}: have {_have(gap.have)}, need {gap.required} ({gap.importance})",
                    style="yellow" if gap.have else "red",
                )
            )
    table = Table(title="Growth needed per skill along the route", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("skill")
    table.add_column("have", justify="center")
    for step in report.steps[1:] or report.steps:
        table.add_column(step.grade or step.role_id, justify="center")
    table.add_column("to gain", justify="right")
    for g in report.growth:
        if g.to_gain == 0:
            continue
        cells = [g.skill_name, _have(g.have)]
        cells += [str(g.need.get(step.role_id, "")) for step in (report.steps[1:] or report.steps)]
        cells.append(str(g.to_gain))
        table.add_row(*cells)
    parts: list[RenderableType] = [tree, table]
    if report.actions:
        actions = Table(
            title="Actions that close the most gaps on this route", title_justify="left", box=box.SIMPLE_HEAD
        )
        actions.add_column("action")
        actions.add_column("kind")
        actions.add_column("closes")
        for a in report.actions:
            actions.add_row(
                a.title + (" *" if a.inferred else ""), a.kind, ", ".join(a.closes) or a.qualification or ""
            )
        parts.append(actions)
    for note in report.notes:
        parts.append(Text(f"note: {note}", style="dim"))
    return Group(*parts)


def path_markdown(report: PathReport) -> str:
    out = [f"# Path for {md_escape(report.person)}: `{report.from_role}` → `{report.to_role}`", ""]
    for n, step in enumerate(report.steps):
        via = " (lateral move)" if step.via == "related" else ""
        out.append(
            f"{n}. **{md_escape(step.role_title)}** (`{step.role_id}`){via}: score {step.score:.1f}, {step.verdict}, {step.essential_gaps} essential gap(s)"
        )
        for gap in step.new_gaps:
            out.append(f"   - {md_escape(gap.skill_name)}: have {_have(gap.have)}, need {gap.required}")
    steps = report.steps[1:] or report.steps
    out += [
        "",
        "## Growth per skill",
        "",
        "| skill | have | " + " | ".join(s.grade or s.role_id for s in steps) + " | to gain |",
        "|---|---|" + "---|" * len(steps) + "---|",
    ]
    for g in report.growth:
        if g.to_gain:
            out.append(
                f"| {md_escape(g.skill_name)} | {_have(g.have)} | "
                + " | ".join(str(g.need.get(s.role_id, "")) for s in steps)
                + f" | {g.to_gain} |"
            )
    if report.actions:
        out += ["", "## Actions", ""] + [
            f"- **{md_escape(a.title)}** ({a.kind}): closes {', '.join(a.closes) or a.qualification}"
            for a in report.actions
        ]
    if report.notes:
        out += ["", "## Notes", ""] + [f"- {md_escape(n)}" for n in report.notes]
    return "\n".join(out).rstrip() + "\n"


# ----------------------------------------------------------------------------- diff
def diff_table(d: RoleDiff) -> RenderableType:
    parts: list[RenderableType] = [
        Text(f"{d.from_title} ({d.from_role}) → {d.to_title} ({d.to_role})", style="bold")
    ]
    for title, rows, style in (
        ("Rising", d.rising, "yellow"),
        ("New at this role", d.new, "red"),
        ("Asked for less", d.lower, "dim"),
        ("No longer asked for", d.dropped, "dim"),
        ("Unchanged", d.same, "green"),
    ):
        if not rows:
            continue
        table = Table(
            title=f"{title} ({len(rows)})", title_justify="left", title_style=style, box=box.SIMPLE_HEAD
        )
        table.add_column("skill")
        table.add_column(d.from_role, justify="center")
        table.add_column(d.to_role, justify="center")
        table.add_column("importance")
        for c in rows:
            table.add_row(
                c.skill_name,
                "-" if c.from_level is None else str(c.from_level),
                "-" if c.to_level is None else str(c.to_level),
                c.to_importance or c.from_importance or "",
            )
        parts.append(table)
    if d.new_qualifications:
        parts.append(Text("New qualifications: " + "; ".join(d.new_qualifications)))
    if d.experience_from is not None or d.experience_to is not None:
        parts.append(
            Text(
                f"Experience: {d.experience_from if d.experience_from is not None else '-'} → {d.experience_to if d.experience_to is not None else '-'} years"
            )
        )
    return Group(*parts)


def diff_markdown(d: RoleDiff) -> str:
    out = [
        f"# `{d.from_role}` → `{d.to_role}`",
        "",
        f"{md_escape(d.from_title)} → {md_escape(d.to_title)}",
        "",
    ]
    for title, rows in (
        ("Rising", d.rising),
        ("New", d.new),
        ("Asked for less", d.lower),
        ("No longer asked for", d.dropped),
        ("Unchanged", d.same),
    ):
        if rows:
            out += [
                f"## {title} ({len(rows)})",
                "",
                f"| skill | {d.from_role} | {d.to_role} |",
                "|---|---|---|",
            ]
            out += [
                f"| {md_escape(c.skill_name)} | {c.from_level or '-'} | {c.to_level or '-'} |" for c in rows
            ] + [""]
    if d.new_qualifications:
        out += ["## New qualifications", ""] + [f"- {md_escape(q)}" for q in d.new_qualifications]
    return "\n".join(out).rstrip() + "\n"


# ----------------------------------------------------------------------------- graph
def graph_table(g: RoleGraph) -> RenderableType:
    parts: list[RenderableType] = []
    tree = Tree(Text("Promotion ladders", style="bold"))
    for ladder in g.ladders:
        tree.add(" → ".join(ladder))
    parts.append(tree)
    table = Table(title="Links", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("from")
    table.add_column("kind")
    table.add_column("to")
    table.add_column("basis", style="dim")
    for e in g.edges:
        table.add_row(
            e.source,
            e.kind,
            e.target,
            ("inferred: " if e.inferred else "") + e.basis.removeprefix("inferred: ")[:70],
        )
    parts.append(table)
    return Group(*parts)


def graph_mermaid(g: RoleGraph) -> str:
    out = ["flowchart BT"]
    for role in g.roles:
        label = str(role["title"]).replace('"', "'")
        out.append(f'  {str(role["id"]).replace("-", "_")}["{label}"]')
    for e in g.edges:
        a, b = e.source.replace("-", "_"), e.target.replace("-", "_")
        if e.kind == "next":
            out.append(f"  {a} -->{'|inferred|' if e.inferred else ''} {b}")
        else:
            out.append(f"  {a} -.-{'|inferred|' if e.inferred else ''} {b}")
    return "\n".join(out) + "\n"


def graph_markdown(g: RoleGraph) -> str:
    out = ["# Role graph", "", "## Ladders", ""] + [
        f"- {' → '.join(f'`{r}`' for r in ladder)}" for ladder in g.ladders
    ]
    out += ["", "## Links", "", "| from | kind | to | inferred | basis |", "|---|---|---|---|---|"]
    out += [
        f"| `{e.source}` | {e.kind} | `{e.target}` | {'yes' if e.inferred else 'no'} | {md_escape(e.basis)} |"
        for e in g.edges
    ]
    return "\n".join(out) + "\n"
