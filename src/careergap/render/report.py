"""Render a Report as a rich table view, Markdown, CSV or self-contained HTML. JSON is the model itself."""

from __future__ import annotations

import csv
import html
import io

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from careergap.models.report import Assessment, Report, RequirementResult
from careergap.render._text import md_escape

VERDICT_STYLE = {"ready": "bold green", "nearly": "bold yellow", "stretch": "bold dark_orange", "not yet": "bold red"}
STATUS_STYLE = {"met": "green", "partial": "yellow", "missing": "red", "unrated": "magenta", "not_applicable": "dim"}
STATUS_ORDER = ["missing", "partial", "unrated", "met", "not_applicable"]
STATUS_TITLE = {
    "missing": "Missing (rated 0)",
    "partial": "Partly there",
    "unrated": "Not rated yet (the profile says nothing about these)",
    "met": "Met",
    "not_applicable": "Marked not applicable",
}


def render_json(report: Report) -> str:
    return report.model_dump_json(indent=2)


def _have_need(r: RequirementResult) -> str:
    return f"{'-' if r.have is None else r.have}/{r.required}"


def _matched_by(r: RequirementResult) -> str:
    return "; ".join(f"{u.phrase!r} ({u.method} {u.score:.0f})" for u in r.matched_by)


# ----------------------------------------------------------------------------- table (rich)
def render_table(report: Report) -> RenderableType:
    if report.kind == "match":
        return _match_table(report)
    parts: list[RenderableType] = []
    for i, assessment in enumerate(report.assessments):
        parts.extend(_assessment_view(report, assessment, detailed=i == 0))
    parts.extend(_footer(report))
    return Group(*parts)


def _header(report: Report, a: Assessment) -> Panel:
    title = Text()
    title.append(report.person, style="bold")
    title.append(" against ")
    title.append(f"{a.role_title} ({a.role_id})", style="bold cyan")
    line = Text()
    line.append(f"score {a.score:.1f}/100  ", style="bold")
    line.append(a.verdict.upper(), style=VERDICT_STYLE[a.verdict])
    gate = "all essential requirements met" if a.gates_passed else f"{len(a.gate_failures)} essential gate(s) not passed"
    line.append(f"   gates: {gate}", style="green" if a.gates_passed else "red")
    extra = Text(
        f"rated on: {report.rater} ratings · coverage {a.coverage:.0%} of the role's weight · "
        f"{a.unrated} requirement(s) unrated · {report.generated_on}",
        style="dim",
    )
    return Panel(Group(title, line, extra), box=box.ROUNDED)


def _assessment_view(report: Report, a: Assessment, *, detailed: bool) -> list[RenderableType]:
    parts: list[RenderableType] = [_header(report, a)]
    if a.gate_failures:
        parts.append(Text("Gates not passed: " + "; ".join(a.gate_failures), style="red"))
    for status in STATUS_ORDER:
        rows = [r for r in a.requirements if r.status == status]
        if not rows:
            continue
        table = Table(
            title=f"{STATUS_TITLE[status]} ({len(rows)})", title_justify="left", box=box.SIMPLE_HEAD,
            title_style=STATUS_STYLE[status],
        )
        table.add_column("skill")
        table.add_column("importance")
        table.add_column("have/need", justify="center")
        table.add_column("points", justify="right")
        if detailed:
            table.add_column("matched from" if status != "not_applicable" else "reason", style="dim")
        for r in sorted(rows, key=lambda r: (r.importance != "essential", -r.priority, r.skill_name)):
            cells = [r.skill_name, r.importance, _have_need(r), f"{r.contribution:.1f}"]
            if detailed:
                cells.append(r.reason or "" if status == "not_applicable" else _matched_by(r))
            table.add_row(*cells, style=None if status != "not_applicable" else "dim")
        parts.append(table)
    if a.qualifications or a.experience:
        table = Table(title="Qualifications and experience", title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column("asked for")
        table.add_column("importance")
        table.add_column("held")
        table.add_column("points", justify="right")
        for q in a.qualifications:
            asked = " or ".join([q.name, *q.alternatives])
            table.add_row(asked, q.importance, f"yes ({q.held_as})" if q.held else "no", f"{q.contribution:.1f}",
                          style=None if q.held else "red" if q.importance == "essential" else "yellow")
        if a.experience:
            have = "not given" if a.experience.have_years is None else f"{a.experience.have_years:g} years"
            table.add_row(f"{a.experience.required_years:g}+ years' experience", "weighted 1", have, f"{a.experience.contribution:.1f}")
        parts.append(table)
    if a.gaps:
        table = Table(title="Top gaps to close", title_justify="left", box=box.SIMPLE_HEAD, title_style="bold")
        table.add_column("#", justify="right")
        table.add_column("skill")
        table.add_column("have → need")
        table.add_column("priority", justify="right")
        table.add_column("try", style="dim")
        for n, gap in enumerate(a.gaps[: 8 if detailed else 5], 1):
            have = "unrated" if gap.have is None else str(gap.have)
            table.add_row(str(n), f"{gap.skill_name} ({gap.importance})", f"{have} → {gap.required}", f"{gap.priority:g}",
                          ", ".join(gap.actions[:2]))
        parts.append(table)
    return parts


def _footer(report: Report) -> list[RenderableType]:
    parts: list[RenderableType] = []
    if report.next_steps:
        table = Table(title="Next steps from this role", title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column("move")
        table.add_column("role")
        table.add_column("score", justify="right")
        table.add_column("verdict")
        table.add_column("top gaps")
        for option in report.next_steps:
            a = option.assessment
            gaps = "; ".join(f"{g.skill_name} {'-' if g.have is None else g.have}→{g.required}" for g in a.gaps[:3])
            table.add_row("promotion" if option.kind == "next" else "lateral", f"{a.role_title} ({a.role_id})",
                          f"{a.score:.1f}", Text(a.verdict, style=VERDICT_STYLE[a.verdict]), gaps)
        parts.append(table)
    if report.actions:
        table = Table(title="Development actions (best first)", title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column("action")
        table.add_column("kind")
        table.add_column("helps with")
        for action in report.actions:
            table.add_row(action.title + (" *" if action.inferred else ""), action.kind, ", ".join(action.closes) or action.qualification or "")
        parts.append(table)
        parts.append(Text("* suggested by careergap, not named in the source documents", style="dim"))
    if report.agreed_actions:
        parts.append(Text("Agreed actions: " + "; ".join(report.agreed_actions)))
    if report.rating_differences:
        table = Table(title="Ratings that differ by 2+ levels (talking points)", title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column("skill")
        table.add_column("ratings")
        for d in report.rating_differences:
            table.add_row(d.skill_name, ", ".join(f"{k} {v}" for k, v in d.ratings.items()))
        parts.append(table)
    if report.unmatched:
        table = Table(title="Profile phrases that matched nothing", title_justify="left", box=box.SIMPLE_HEAD, title_style="magenta")
        table.add_column("phrase")
        table.add_column("why")
        table.add_column("did you mean", style="dim")
        for m in report.unmatched:
            table.add_row(m.phrase, m.reason, ", ".join(f"{c.target} ({c.score:.0f})" for c in m.candidates[:3]))
        parts.append(table)
    for note in report.notes:
        parts.append(Text(f"note: {note}", style="dim"))
    return parts


def _match_table(report: Report) -> RenderableType:
    table = Table(title=f"Roles for {report.person}, best match first", box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("role")
    table.add_column("title")
    table.add_column("score", justify="right")
    table.add_column("verdict")
    table.add_column("essential gaps", justify="right")
    table.add_column("unrated", justify="right")
    for n, a in enumerate(report.assessments, 1):
        table.add_row(str(n), a.role_id, a.role_title, f"{a.score:.1f}", Text(a.verdict, style=VERDICT_STYLE[a.verdict]),
                      str(a.essential_gaps), str(a.unrated))
    return Group(table, *_footer(report))


# ----------------------------------------------------------------------------- markdown
def render_markdown(report: Report) -> str:
    out: list[str] = []
    if report.kind == "match":
        out += [f"# Role match for {md_escape(report.person)}", "", f"Generated {report.generated_on} · rated on {report.rater} ratings", ""]
        out += ["| # | role | title | score | verdict | essential gaps | unrated |", "|---|---|---|---|---|---|---|"]
        for n, a in enumerate(report.assessments, 1):
            out.append(f"| {n} | `{a.role_id}` | {md_escape(a.role_title)} | {a.score:.1f} | {a.verdict} | {a.essential_gaps} | {a.unrated} |")
        out.append("")
    else:
        for i, a in enumerate(report.assessments):
            out += _md_assessment(report, a, first=i == 0)
    out += _md_footer(report)
    return "\n".join(out).rstrip() + "\n"


def _md_assessment(report: Report, a: Assessment, *, first: bool) -> list[str]:
    out = [f"# {md_escape(report.person)}: {md_escape(a.role_title)} (`{a.role_id}`)" if first else f"## Next: {md_escape(a.role_title)} (`{a.role_id}`)", ""]
    out += [
        f"- **Date:** {report.generated_on}",
        f"- **Score:** {a.score:.1f} / 100",
        f"- **Verdict:** {a.verdict}",
        f"- **Gates:** {'passed' if a.gates_passed else 'not passed: ' + md_escape('; '.join(a.gate_failures))}",
        f"- **Rated on:** {report.rater} ratings; coverage {a.coverage:.0%}; {a.unrated} unrated",
        "",
    ]
    strengths = [r for r in a.requirements if r.status == "met"]
    if strengths:
        out += ["## Strengths", ""] + [f"- {md_escape(r.skill_name)} ({_have_need(r)})" for r in strengths] + [""]
    if a.gaps:
        out += ["## Gaps in priority order", "", "| # | skill | importance | have | need | priority | actions |", "|---|---|---|---|---|---|---|"]
        for n, g in enumerate(a.gaps, 1):
            out.append(f"| {n} | {md_escape(g.skill_name)} | {g.importance} | {'unrated' if g.have is None else g.have} | {g.required} | {g.priority:g} | {', '.join(g.actions)} |")
        out.append("")
    out += ["## Every requirement", "", "| skill | importance | status | have/need | points | matched from |", "|---|---|---|---|---|---|"]
    for r in a.requirements:
        out.append(f"| {md_escape(r.skill_name)} | {r.importance} | {r.status} | {_have_need(r)} | {r.contribution:.1f} | {md_escape(_matched_by(r) or (r.reason or ''))} |")
    for q in a.qualifications:
        out.append(f"| {md_escape(' or '.join([q.name, *q.alternatives]))} | {q.importance} | {'held' if q.held else 'not held'} | - | {q.contribution:.1f} | {md_escape(q.held_as or '')} |")
    if a.experience:
        have = "-" if a.experience.have_years is None else f"{a.experience.have_years:g}"
        out.append(f"| experience (years) | weighted 1 | {a.experience.status} | {have}/{a.experience.required_years:g} | {a.experience.contribution:.1f} | |")
    out += [f"| **total** | | | | **{a.score:.1f}** | |", ""]
    return out


def _md_footer(report: Report) -> list[str]:
    out: list[str] = []
    if report.next_steps:
        out += ["## Next steps", "", "| move | role | score | verdict | top gaps |", "|---|---|---|---|---|"]
        for option in report.next_steps:
            a = option.assessment
            gaps = "; ".join(f"{g.skill_name} {'-' if g.have is None else g.have}→{g.required}" for g in a.gaps[:3])
            move = "promotion" if option.kind == "next" else "lateral"
            out.append(f"| {move} | {md_escape(a.role_title)} (`{a.role_id}`) | {a.score:.1f} | {a.verdict} | {md_escape(gaps)} |")
        out.append("")
    if report.actions:
        out += ["## Development actions", ""]
        for action in report.actions:
            helps = ", ".join(action.closes) or action.qualification or ""
            out.append(f"- **{md_escape(action.title)}** ({action.kind}{', suggested by careergap' if action.inferred else ''}): {md_escape(action.description)} Helps with: {helps}.")
        out.append("")
    if report.agreed_actions:
        out += ["## Agreed actions", ""] + [f"- [ ] {md_escape(a)}" for a in report.agreed_actions] + [""]
    if report.rating_differences:
        out += ["## Talking points: ratings that differ by two levels or more", ""]
        out += [f"- {md_escape(d.skill_name)} ({md_escape(d.phrase)}): " + ", ".join(f"{k} {v}" for k, v in d.ratings.items()) for d in report.rating_differences]
        out.append("")
    if report.unmatched:
        out += ["## Phrases that matched nothing", ""]
        for m in report.unmatched:
            near = ", ".join(c.target for c in m.candidates[:3])
            out.append(f"- {md_escape(m.phrase)}: {md_escape(m.reason)}" + (f" (closest: {near})" if near else ""))
        out.append("")
    if report.notes:
        out += ["## Notes", ""] + [f"- {md_escape(n)}" for n in report.notes] + [""]
    return out


# ----------------------------------------------------------------------------- csv
def safe_cell(value: object) -> str:
    """Neutralise spreadsheet formulas: a cell starting with = + - @ (or tab/CR) gets a leading apostrophe."""
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def render_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["person", "role_id", "score", "verdict", "skill", "importance", "status", "have", "need", "gap", "contribution"])
    for a in report.assessments:
        for r in a.requirements:
            writer.writerow([safe_cell(v) for v in (report.person, a.role_id, a.score, a.verdict, r.skill, r.importance, r.status,
                                                     "" if r.have is None else r.have, r.required, r.gap, r.contribution)])
    return buffer.getvalue()


# ----------------------------------------------------------------------------- html
def render_html(report: Report) -> str:
    """A self-contained page (inline CSS, no scripts, no network) that prints well."""
    console = Console(record=True, width=110, file=io.StringIO(), color_system="truecolor")
    console.print(render_table(report))
    body = console.export_html(inline_styles=True, code_format="<pre style=\"font-family:Menlo,Consolas,monospace;font-size:12px\">{code}</pre>")
    title = html.escape(f"careergap: {report.person} ({report.generated_on})")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{title}</title>"
        "<style>body{margin:2em;background:#fff;color:#000}@media print{body{margin:0}}</style>"
        f"</head><body><h1 style=\"font-family:sans-serif;font-size:18px\">{title}</h1>{body}</body></html>\n"
    )


RENDERERS = {
    "json": render_json,
    "markdown": render_markdown,
    "csv": render_csv,
    "html": render_html,
}
