"""Render a CompareReport (progress between two sessions) as a rich view, Markdown or JSON."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from careergap.compare import CompareReport, SkillChange, SkillLevel
from careergap.render._text import md_escape
from careergap.render.report import VERDICT_STYLE

SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("closed", "Gaps closed", "green"),
    ("narrowed", "Gaps narrowed", "cyan"),
    ("widened", "Gaps widened", "red"),
    ("new_gaps", "New gaps", "red"),
    ("still_open", "Gaps still open", "yellow"),
)


def _level(value: int | None, status: str) -> str:
    if status == "not_applicable":
        return "n/a"
    return "unrated" if value is None else str(value)


def _sign(value: float) -> str:
    return f"{value:+.1f}" if value else "±0.0"


def _side_line(label: str, on: str | None) -> str:
    return f"{label}" + (f" ({on})" if on else "")


def render_compare_json(report: CompareReport) -> str:
    return report.model_dump_json(indent=2)


def _changes(report: CompareReport, name: str) -> list[SkillChange]:
    changes: list[SkillChange] = getattr(report, name)
    return changes


# ----------------------------------------------------------------------------- table
def render_compare_table(report: CompareReport) -> RenderableType:
    b, a = report.before, report.after
    head = Text()
    head.append(report.person, style="bold")
    head.append(" against ")
    head.append(f"{report.role_title} ({report.role_id})", style="bold cyan")
    scores = Text()
    scores.append(f"before {b.score:.1f} ")
    scores.append(b.verdict.upper(), style=VERDICT_STYLE[b.verdict])
    scores.append(f"  →  after {a.score:.1f} ")
    scores.append(a.verdict.upper(), style=VERDICT_STYLE[a.verdict])
    scores.append(f"   ({_sign(report.score_change)} points)", style="bold")
    sides = Text(
        f"before: {_side_line(b.label, b.assessed_on)} · after: {_side_line(a.label, a.assessed_on)} · "
        f"essential gaps {b.essential_gaps} → {a.essential_gaps} · unrated {b.unrated} → {a.unrated} · "
        f"rated on {report.rater} ratings",
        style="dim",
    )
    parts: list[RenderableType] = [Panel(Group(head, scores, sides), box=box.ROUNDED)]
    for name, title, style in SECTIONS:
        changes = _changes(report, name)
        if not changes:
            continue
        table = Table(
            title=f"{title} ({len(changes)})", title_justify="left", title_style=style, box=box.SIMPLE_HEAD
        )
        table.add_column("skill")
        table.add_column("importance")
        table.add_column("before → after", justify="center")
        table.add_column("need", justify="center")
        for c in changes:
            table.add_row(
                c.skill_name,
                c.importance,
                f"{_level(c.before, c.before_status)} → {_level(c.after, c.after_status)}",
                str(c.required),
            )
        parts.append(table)
    if not any(_changes(report, name) for name, _, _ in SECTIONS):
        parts.append(Text("No gaps before or after: every requirement is met.", style="green"))
    for title, items in (
        ("Skills added", report.skills_added),
        ("Skills no longer rated", report.skills_removed),
    ):
        if items:
            table = Table(title=f"{title} ({len(items)})", title_justify="left", box=box.SIMPLE_HEAD)
            table.add_column("skill")
            table.add_column("level", justify="center")
            table.add_column("asked for by this role")
            for s in items:
                table.add_row(s.skill_name, str(s.level), "yes" if s.in_role else "no")
            parts.append(table)
    for line in _other_lines(report):
        parts.append(Text(line))
    if report.actions_before:
        parts.append(Text("Actions agreed last time: " + "; ".join(report.actions_before)))
    if report.actions_after:
        parts.append(Text("Actions agreed now: " + "; ".join(report.actions_after)))
    for note in report.notes:
        parts.append(Text(f"note: {note}", style="dim"))
    return Group(*parts)


def _other_lines(report: CompareReport) -> list[str]:
    out = []
    if report.qualifications_gained:
        out.append("Qualifications gained: " + ", ".join(report.qualifications_gained))
    if report.qualifications_lost:
        out.append("Qualifications no longer listed: " + ", ".join(report.qualifications_lost))
    if report.experience_before != report.experience_after:

        def years(v: float | None) -> str:
            return "not given" if v is None else f"{v:g}"

        out.append(
            f"Experience (years): {years(report.experience_before)} → {years(report.experience_after)}"
        )
    return out


# ----------------------------------------------------------------------------- markdown
def _md_changes(changes: list[SkillChange]) -> list[str]:
    out = ["| skill | importance | before | after | need |", "|---|---|---|---|---|"]
    for c in changes:
        out.append(
            f"| {md_escape(c.skill_name)} | {c.importance} | {_level(c.before, c.before_status)} | "
            f"{_level(c.after, c.after_status)} | {c.required} |"
        )
    return [*out, ""]


def _md_levels(items: list[SkillLevel]) -> list[str]:
    out = ["| skill | level | asked for by this role |", "|---|---|---|"]
    out += [f"| {md_escape(s.skill_name)} | {s.level} | {'yes' if s.in_role else 'no'} |" for s in items]
    return [*out, ""]


def render_compare_markdown(report: CompareReport) -> str:
    b, a = report.before, report.after
    out = [
        f"# Progress: {md_escape(report.person)}, {md_escape(report.role_title)} (`{report.role_id}`)",
        "",
        "| | before | after | change |",
        "|---|---|---|---|",
        f"| profile | {md_escape(b.label)} | {md_escape(a.label)} | |",
        f"| assessed on | {b.assessed_on or '-'} | {a.assessed_on or '-'} | |",
        f"| score | {b.score:.1f} | {a.score:.1f} | {_sign(report.score_change)} |",
        f"| verdict | {b.verdict} | {a.verdict} | {report.direction} |",
        f"| gates | {'passed' if b.gates_passed else 'not passed'} | {'passed' if a.gates_passed else 'not passed'} | |",
        f"| essential gaps | {b.essential_gaps} | {a.essential_gaps} | {a.essential_gaps - b.essential_gaps:+d} |",
        f"| unrated | {b.unrated} | {a.unrated} | {a.unrated - b.unrated:+d} |",
        "",
        f"Generated {report.generated_on} · rated on {report.rater} ratings",
        "",
    ]
    for name, title, _ in SECTIONS:
        changes = _changes(report, name)
        if changes:
            out += [f"## {title} ({len(changes)})", "", *_md_changes(changes)]
    if not any(_changes(report, name) for name, _, _ in SECTIONS):
        out += ["No gaps before or after: every requirement is met.", ""]
    if report.skills_added:
        out += [f"## Skills added ({len(report.skills_added)})", "", *_md_levels(report.skills_added)]
    if report.skills_removed:
        out += [
            f"## Skills no longer rated ({len(report.skills_removed)})",
            "",
            *_md_levels(report.skills_removed),
        ]
    other = _other_lines(report)
    if other:
        out += ["## Qualifications and experience", "", *[f"- {md_escape(line)}" for line in other], ""]
    if report.actions_before:
        out += ["## Actions agreed last time", "", *[f"- {md_escape(x)}" for x in report.actions_before], ""]
    if report.actions_after:
        out += ["## Actions agreed now", "", *[f"- [ ] {md_escape(x)}" for x in report.actions_after], ""]
    if report.notes:
        out += ["## Notes", "", *[f"- {md_escape(n)}" for n in report.notes], ""]
    return "\n".join(out).rstrip() + "\n"
