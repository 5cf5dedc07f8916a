"""Render a Report as a rich table view, Markdown, CSV or self-contained HTML. JSON is the model itself."""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from careergap.models.report import Assessment, QualificationResult, Report, RequirementResult
from careergap.models.scale import LEVEL_LABELS
from careergap.render._text import md_escape, md_inline, plural, unrated_essentials_text, verdict_text

VERDICT_STYLE = {
    "ready": "bold green",
    "nearly": "bold yellow",
    "stretch": "bold dark_orange",
    "not yet": "bold red",
    "unknown": "bold blue",
}
STATUS_STYLE = {
    "met": "green",
    "partial": "yellow",
    "missing": "red",
    "unrated": "magenta",
    "not_applicable": "dim",
}
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


def held_text(q: QualificationResult) -> str:
    """What the person holds that satisfies a qualification requirement, as they wrote it."""
    if not q.held:
        return "not stated" if q.status == "unrated" else "no"
    phrase = f' (you wrote "{q.held_phrase}")' if q.held_phrase and q.held_phrase != q.held_as else ""
    return f"yes: {q.held_as}{phrase}"


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
    line.append(f"score {a.score:.1f}/100 on what you rated  ", style="bold")
    line.append(verdict_text(a.verdict, a.verdict_range).upper(), style=VERDICT_STYLE[a.verdict])
    if a.gates_passed:
        line.append("   gates: all essential requirements met", style="green")
    elif a.gate_failures:
        line.append(f"   gates: {plural(len(a.gate_failures), 'essential gate')} not passed", style="red")
    parts: list[RenderableType] = [title, line]
    if a.unrated_essentials:
        parts.append(
            Text(
                f"not rated yet, and essential: {unrated_essentials_text(a.unrated_essentials)} "
                f"(careergap assess --resume PROFILE --role {a.role_id} asks only for what is not rated)",
                style="magenta",
            )
        )
    parts.append(
        Text(
            f"rated on: {report.rater} ratings · coverage {a.coverage:.0%} of the role's weight · "
            f"{plural(a.unrated, 'requirement')} unrated · {report.generated_on}",
            style="dim",
        )
    )
    return Panel(Group(*parts), box=box.ROUNDED)


def _assessment_view(report: Report, a: Assessment, *, detailed: bool) -> list[RenderableType]:
    parts: list[RenderableType] = [_header(report, a)]
    if a.gate_failures:
        parts.append(Text("Gates not passed: " + "; ".join(a.gate_failures), style="red"))
    for status in STATUS_ORDER:
        rows = [r for r in a.requirements if r.status == status]
        if not rows:
            continue
        table = Table(
            title=f"{STATUS_TITLE[status]} ({len(rows)})",
            title_justify="left",
            box=box.SIMPLE_HEAD,
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
            table.add_row(
                asked,
                q.importance,
                held_text(q),
                f"{q.contribution:.1f}",
                style=None if q.held else "red" if q.importance == "essential" else "yellow",
            )
        if a.experience:
            have = "not given" if a.experience.have_years is None else f"{a.experience.have_years:g} years"
            table.add_row(
                f"{a.experience.required_years:g}+ years' experience",
                "weighted 1",
                have,
                f"{a.experience.contribution:.1f}",
            )
        parts.append(table)
    if a.gaps:
        table = Table(
            title="Top gaps to close", title_justify="left", box=box.SIMPLE_HEAD, title_style="bold"
        )
        table.add_column("#", justify="right")
        table.add_column("skill")
        table.add_column("have → need")
        table.add_column("priority", justify="right")
        table.add_column("try", style="dim")
        for n, gap in enumerate(a.gaps[: 8 if detailed else 5], 1):
            have = "unrated" if gap.have is None else str(gap.have)
            table.add_row(
                str(n),
                f"{gap.skill_name} ({gap.importance})",
                f"{have} → {gap.required}",
                f"{gap.priority:g}",
                "; ".join(gap.action_titles[:2]),
            )
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
            gaps = "; ".join(
                f"{g.skill_name} {'-' if g.have is None else g.have}→{g.required}" for g in a.gaps[:3]
            )
            table.add_row(
                "promotion" if option.kind == "next" else "lateral",
                f"{a.role_title} ({a.role_id})",
                f"{a.score:.1f}",
                Text(a.verdict, style=VERDICT_STYLE[a.verdict]),
                gaps,
            )
        parts.append(table)
    if report.actions:
        table = Table(title="Development actions (best first)", title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column("action")
        table.add_column("kind")
        table.add_column("helps with")
        for action in report.actions:
            table.add_row(
                action.title + (" *" if action.inferred else ""),
                action.kind,
                ", ".join(action.closes) or action.qualification or "",
            )
        parts.append(table)
        parts.append(Text("* suggested by careergap, not named in the source documents", style="dim"))
    if report.agreed_actions:
        parts.append(Text("Agreed actions: " + "; ".join(report.agreed_actions)))
    if report.rating_differences:
        table = Table(
            title="Ratings that differ by 2+ levels (talking points)",
            title_justify="left",
            box=box.SIMPLE_HEAD,
        )
        table.add_column("skill")
        table.add_column("ratings")
        for d in report.rating_differences:
            table.add_row(d.skill_name, ", ".join(f"{k} {v}" for k, v in d.ratings.items()))
        parts.append(table)
    if report.by_meaning:
        table = Table(
            title="Matched by meaning: please confirm (careergap profile confirm PROFILE)",
            title_justify="left",
            box=box.SIMPLE_HEAD,
            title_style="yellow",
        )
        table.add_column("phrase")
        table.add_column("read as")
        table.add_column("why")
        for m in report.by_meaning:
            table.add_row(m.phrase, m.target or "", m.reason)
        parts.append(table)
    if report.unmatched:
        table = Table(
            title="Profile phrases that matched nothing",
            title_justify="left",
            box=box.SIMPLE_HEAD,
            title_style="magenta",
        )
        table.add_column("phrase")
        table.add_column("why")
        table.add_column("did you mean", style="dim")
        for m in report.unmatched:
            table.add_row(
                m.phrase, m.reason, ", ".join(f"{c.target} ({c.score:.0f})" for c in m.candidates[:3])
            )
        parts.append(table)
    for note in report.notes:
        parts.append(Text(f"note: {note}", style="dim"))
    if report.matcher:
        parts.append(Text(f"matcher: {report.matcher}", style="dim"))
    return parts


def you_are_here(report: Report, role_id: str) -> str:
    """'you are here' / 'your target' beside the person's own roles in a ranking."""
    marks = []
    if role_id == report.current_role:
        marks.append("you are here")
    if role_id == report.target_role:
        marks.append("your target")
    return ", ".join(marks)


def match_remark(report: Report, a: Assessment) -> str:
    """What to say beside a ranked role: the person's own roles, and roles they have outgrown."""
    marks = [m for m in (you_are_here(report, a.role_id), "exceeds" if a.exceeds else "") if m]
    if report.most_senior_ready == a.role_id:
        marks.append("most senior role you are ready for")
    return ", ".join(marks)


def match_intro(report: Report) -> str:
    """The sentence above a ranking."""
    if report.most_senior_ready:
        title = next(a.role_title for a in report.assessments if a.role_id == report.most_senior_ready)
        return f"The most senior role you are ready for: {title} ({report.most_senior_ready})."
    return "No role is 'ready' yet on what you rated; rate the unrated essentials to find out more."


def _match_table(report: Report) -> RenderableType:
    table = Table(
        title=f"Roles for {report.person}, best fit first", box=box.SIMPLE_HEAD, title_justify="left"
    )
    table.add_column("#", justify="right", no_wrap=True, min_width=2)
    # The id is what a person types next: never cut; the title and remarks wrap under it.
    table.add_column("role", min_width=max((len(a.role_id) for a in report.assessments), default=4), ratio=1)
    table.add_column("fit", justify="right", no_wrap=True, min_width=5)
    table.add_column("covered", justify="right", no_wrap=True, min_width=7)
    table.add_column("verdict", no_wrap=True, min_width=15)
    for n, a in enumerate(report.assessments, 1):
        cell = Text(a.role_id, style="bold")
        cell.append("\n" + a.role_title, style="dim")
        remark = match_remark(report, a)
        if remark:
            cell.append("\n← " + remark, style="cyan")
        table.add_row(
            str(n),
            cell,
            f"{a.match:.1f}",
            f"{a.coverage:.0%}",
            Text(SHORT_VERDICT.get(a.verdict, a.verdict), style=VERDICT_STYLE[a.verdict]),
        )
    legend = Text(
        "fit: how well the role fits your levels over its whole weight (what you did not rate counts 0); "
        "covered: how much of the role you rated; score and gaps per role: careergap analyse PROFILE --role ID",
        style="dim",
    )
    return Group(Text(match_intro(report)), table, legend, *_footer(report))


SHORT_VERDICT = {"unknown": "not enough info"}


# ----------------------------------------------------------------------------- markdown
def render_markdown(report: Report) -> str:
    out: list[str] = []
    if report.kind == "match":
        out += [
            f"# Role match for {md_escape(report.person)}",
            "",
            f"Generated {report.generated_on} · rated on {report.rater} ratings",
            "",
        ]
        out += [
            md_escape(match_intro(report)),
            "",
            "| # | role | title | fit | score | coverage | verdict | essential gaps | unrated | |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for n, a in enumerate(report.assessments, 1):
            out.append(
                f"| {n} | `{a.role_id}` | {md_escape(a.role_title)} | {a.match:.1f} | {a.score:.1f} | {a.coverage:.0%} "
                f"| {verdict_text(a.verdict)} | {a.essential_gaps} | {a.unrated} | {md_escape(match_remark(report, a))} |"
            )
        out.append("")
        out += _md_footer(report)
        return "\n".join(out).rstrip() + "\n"
    return _blocks_markdown(session_blocks(report))


def _md_footer(report: Report) -> list[str]:
    out: list[str] = []
    if report.next_steps:
        out += ["## Next steps", "", "| move | role | score | verdict | top gaps |", "|---|---|---|---|---|"]
        for option in report.next_steps:
            a = option.assessment
            gaps = "; ".join(
                f"{g.skill_name} {'-' if g.have is None else g.have}→{g.required}" for g in a.gaps[:3]
            )
            move = "promotion" if option.kind == "next" else "lateral"
            out.append(
                f"| {move} | {md_escape(a.role_title)} (`{a.role_id}`) | {a.score:.1f} | {a.verdict} | {md_escape(gaps)} |"
            )
        out.append("")
    if report.actions:
        out += ["## Development actions", ""]
        for action in report.actions:
            helps = ", ".join(action.closes) or action.qualification or ""
            out.append(
                f"- **{md_escape(action.title)}** ({action.kind}{', suggested by careergap' if action.inferred else ''}): {md_escape(action.description)} Helps with: {helps}."
            )
        out.append("")
    if report.agreed_actions:
        out += ["## Agreed actions", ""] + [f"- [ ] {md_escape(a)}" for a in report.agreed_actions] + [""]
    if report.rating_differences:
        out += ["## Talking points: ratings that differ by two levels or more", ""]
        out += [
            f"- {md_escape(d.skill_name)} ({md_escape(d.phrase)}): "
            + ", ".join(f"{k} {v}" for k, v in d.ratings.items())
            for d in report.rating_differences
        ]
        out.append("")
    if report.by_meaning:
        out += ["## Matched by meaning: please confirm", ""]
        out += [f"- {md_escape(m.phrase)} -> {m.target}: {md_escape(m.reason)}" for m in report.by_meaning]
        out.append("")
    if report.unmatched:
        out += ["## Phrases that matched nothing", ""]
        for m in report.unmatched:
            near = ", ".join(c.target for c in m.candidates[:3])
            out.append(
                f"- {md_escape(m.phrase)}: {md_escape(m.reason)}" + (f" (closest: {near})" if near else "")
            )
        out.append("")
    if report.notes:
        out += ["## Notes", ""] + [f"- {md_escape(n)}" for n in report.notes] + [""]
    if report.matcher:
        out += [f"_Phrases matched by: {md_escape(report.matcher)}_", ""]
    return out


# ----------------------------------------------------------------------------- session report (Markdown + HTML)
# One analysis report becomes a list of blocks, and Markdown and HTML both render those blocks, so the paper
# report a coach keeps says the same thing in either format. Text in blocks may use **bold** and `code`.
@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    page_break: bool = False


@dataclass(frozen=True)
class Para:
    text: str
    muted: bool = False


@dataclass(frozen=True)
class Facts:
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    checklist: bool = False


@dataclass(frozen=True)
class Grid:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()


Block = Heading | Para | Facts | Bullets | Grid

RATER_TEXT = {
    "self": "the person's own ratings (self)",
    "coach": "the coach's ratings",
    "manager": "the manager's ratings",
}


def _level_word(level: int | None) -> str:
    return "not rated" if level is None else f"{level} {LEVEL_LABELS.get(level, '')}".strip()


def _summary_sentence(report: Report, a: Assessment) -> str:
    text = (
        f"On the {a.coverage:.0%} of {a.role_title} that the profile rates, {report.person} scores "
        f"**{a.score:.1f} / 100**: **{verdict_text(a.verdict, a.verdict_range)}**."
    )
    if a.unrated_essentials:
        text += (
            f" {plural(len(a.unrated_essentials), 'essential requirement')} not rated yet decide the verdict: "
            f"{unrated_essentials_text(a.unrated_essentials)}."
        )
    if a.gates_passed:
        text += " Every essential requirement is met."
    elif a.essential_gaps:
        text += f" {plural(a.essential_gaps, 'essential requirement')} rated below the level asked."
    top = [g.skill_name for g in a.gaps if g.have is not None][:3]
    if top:
        text += " The biggest gaps: " + ", ".join(top) + "."
    return text


def _gates_text(a: Assessment) -> str:
    if a.gates_passed:
        return "passed"
    if not a.gate_failures:
        return "not known yet: " + plural(len(a.unrated_essentials), "essential line") + " not rated"
    if len(a.gate_failures) <= 3:
        return "not passed: " + "; ".join(a.gate_failures)
    quals = [f for f in a.gate_failures if f.startswith("qualification ")]
    text = f"not passed: {a.essential_gaps} essential requirement(s) below the level asked (see the gaps)"
    return text + ("; " + "; ".join(quals) if quals else "")


def _assessment_blocks(report: Report, a: Assessment, level: int, titles: dict[str, str]) -> list[Block]:
    sub = level + 1
    blocks: list[Block] = []
    strengths = [r for r in a.requirements if r.status == "met"]
    blocks.append(Heading(sub, "Strengths"))
    if strengths:
        items = []
        for r in sorted(strengths, key=lambda r: (r.importance != "essential", r.skill_name)):
            line = f"**{r.skill_name}**: {_level_word(r.have)} (this role asks for {r.required})"
            items.append(line + (f". Evidence: {r.evidence}" if r.evidence else ""))
        blocks.append(Bullets(tuple(items)))
    else:
        blocks.append(Para("None of this role's requirements is fully met yet."))
    blocks.append(Heading(sub, "Gaps in priority order"))
    if a.gaps:
        rows = []
        for n, g in enumerate(a.gaps, 1):
            tries = "; ".join(g.action_titles[:2])
            rows.append(
                (
                    str(n),
                    g.skill_name,
                    g.importance,
                    _level_word(g.have),
                    str(g.required),
                    f"{g.priority:g}",
                    tries,
                )
            )
        blocks.append(
            Grid(
                ("#", "skill", "importance", "have", "need", "priority", "try"),
                tuple(rows),
                numeric=(0, 4, 5),
            )
        )
        blocks.append(
            Para(
                "Priority = weight (essential 3, desirable 1) x levels missing; a requirement not rated counts its "
                "whole level.",
                muted=True,
            )
        )
    else:
        blocks.append(Para("No gaps: every requirement is met or not applicable."))
    return blocks


def _requirement_blocks(a: Assessment, level: int) -> list[Block]:
    rows: list[tuple[str, ...]] = [
        (
            r.skill_name,
            r.importance,
            r.status.replace("_", " "),
            _have_need(r),
            f"{r.contribution:.1f}",
            _matched_by(r) or (r.reason or ""),
        )
        for r in a.requirements
    ]
    for q in a.qualifications:
        rows.append(
            (
                " or ".join([q.name, *q.alternatives]),
                q.importance,
                q.status,
                "-",
                f"{q.contribution:.1f}",
                held_text(q) if q.held else "",
            )
        )
    if a.experience:
        have = "-" if a.experience.have_years is None else f"{a.experience.have_years:g}"
        rows.append(
            (
                "experience (years)",
                "weighted 1",
                a.experience.status,
                f"{have}/{a.experience.required_years:g}",
                f"{a.experience.contribution:.1f}",
                "",
            )
        )
    rows.append(("**total**", "", "", "", f"**{a.score:.1f}**", ""))
    return [
        Heading(level, f"Every requirement: {a.role_title} (`{a.role_id}`)"),
        Grid(
            ("skill", "importance", "status", "have/need", "points", "matched from"),
            tuple(rows),
            numeric=(4,),
        ),
    ]


def session_blocks(report: Report) -> list[Block]:
    """The session report a coach keeps: who, which role, the score, strengths, gaps in priority order, talking
    points, agreed actions and next steps first; every requirement's points in an appendix."""
    main = report.assessments[0]
    titles = {action.id: action.title for action in report.actions}
    facts: list[tuple[str, str]] = [
        ("Date", report.generated_on),
        ("Person", report.person + (f" (now `{report.current_role}`)" if report.current_role else "")),
        ("Role", f"{main.role_title} (`{main.role_id}`)" + (f", {main.framework}" if main.framework else "")),
        ("Score", f"{main.score:.1f} / 100 on what was rated"),
        ("Verdict", verdict_text(main.verdict, main.verdict_range)),
        ("Gates", _gates_text(main)),
        (
            "Rated on",
            (
                f"{RATER_TEXT.get(report.rater, report.rater)}; coverage {main.coverage:.0%}; "
                f"{plural(main.unrated, 'requirement')} unrated"
            ),
        ),
    ]
    blocks: list[Block] = [
        Heading(1, f"{report.person}: {main.role_title} (`{main.role_id}`)"),
        Facts(tuple(facts)),
        Para(_summary_sentence(report, main)),
    ]
    blocks += _assessment_blocks(report, main, 1, titles)
    if report.rating_differences:
        blocks.append(Heading(2, "Talking points: ratings that differ by two levels or more"))
        items = []
        for d in report.rating_differences:
            ratings = ", ".join(f"{k} {v}" for k, v in d.ratings.items())
            items.append(f"**{d.skill_name}** ({d.phrase}): {ratings}")
        blocks.append(Bullets(tuple(items)))
    blocks.append(Heading(2, "Agreed actions"))
    if report.agreed_actions:
        blocks.append(Bullets(tuple(report.agreed_actions), checklist=True))
    else:
        blocks.append(Para("None recorded yet (add them with --actions, or an actions list in the profile)."))
    if report.next_steps:
        blocks.append(Heading(2, "Next steps"))
        rows = []
        for option in report.next_steps:
            a = option.assessment
            gaps = "; ".join(
                f"{g.skill_name} ({'unrated' if g.have is None else g.have}→{g.required})" for g in a.gaps[:3]
            )
            rows.append(
                (
                    "promotion" if option.kind == "next" else "lateral",
                    f"{a.role_title} (`{a.role_id}`)",
                    f"{a.score:.1f}",
                    a.verdict,
                    gaps,
                )
            )
        blocks.append(Grid(("move", "role", "score", "verdict", "top gaps"), tuple(rows), numeric=(2,)))
    if report.actions:
        blocks.append(Heading(2, "Development actions"))
        items = []
        skill_names = {r.skill: r.skill_name for a in report.assessments for r in a.requirements}
        for action in report.actions:
            helps = ", ".join(skill_names.get(x, x) for x in action.closes) or action.qualification or ""
            suggested = ", suggested by careergap" if action.inferred else ""
            items.append(
                f"**{action.title}** ({action.kind}{suggested}): {action.description} Helps with: {helps}."
            )
        blocks.append(Bullets(tuple(items)))
    for a in report.assessments[1:]:
        blocks.append(Heading(2, f"Next: {a.role_title} (`{a.role_id}`)"))
        blocks.append(
            Facts(
                (
                    ("Score", f"{a.score:.1f} / 100 on what was rated"),
                    ("Verdict", verdict_text(a.verdict, a.verdict_range)),
                    ("Gates", _gates_text(a)),
                )
            )
        )
        blocks += _assessment_blocks(report, a, 2, titles)
    blocks.append(Heading(2, "Appendix: how the score was worked out", page_break=True))
    for a in report.assessments:
        blocks += _requirement_blocks(a, 3)
    if report.by_meaning:
        blocks.append(Heading(2, "Matched by meaning: please confirm"))
        blocks.append(Bullets(tuple(f"{m.phrase} -> {m.target}: {m.reason}" for m in report.by_meaning)))
    if report.unmatched:
        blocks.append(Heading(2, "Phrases that matched nothing"))
        items = []
        for m in report.unmatched:
            near = ", ".join(c.target for c in m.candidates[:3])
            items.append(f"{m.phrase}: {m.reason}" + (f" (closest: {near})" if near else ""))
        blocks.append(Bullets(tuple(items)))
    if report.notes:
        blocks.append(Heading(2, "Notes"))
        blocks.append(Bullets(tuple(report.notes)))
    return blocks


def _blocks_markdown(blocks: list[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out += [f"{'#' * block.level} {md_inline(block.text)}", ""]
        elif isinstance(block, Para):
            out += [f"_{md_inline(block.text)}_" if block.muted else md_inline(block.text), ""]
        elif isinstance(block, Facts):
            out += [f"- **{label}:** {md_inline(value)}" for label, value in block.rows] + [""]
        elif isinstance(block, Bullets):
            mark = "- [ ] " if block.checklist else "- "
            out += [mark + md_inline(item) for item in block.items] + [""]
        else:
            out.append("| " + " | ".join(block.headers) + " |")
            out.append(
                "|"
                + "|".join("---:" if i in block.numeric else "---" for i in range(len(block.headers)))
                + "|"
            )
            out += ["| " + " | ".join(md_inline(cell) for cell in row) + " |" for row in block.rows]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _inline_html(text: str) -> str:
    escaped = html.escape(text, quote=False)
    escaped = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped)
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)


_HTML_STYLE = """
body{font:11pt/1.45 Georgia,'Times New Roman',serif;color:#111;background:#fff;max-width:48em;margin:2em auto;padding:0 1em}
h1{font-size:18pt;margin:0 0 .4em}h2{font-size:13.5pt;margin:1.4em 0 .4em;border-bottom:1px solid #999}
h3{font-size:11.5pt;margin:1.2em 0 .3em}h1,h2,h3{font-family:Helvetica,Arial,sans-serif;break-after:avoid}
table{border-collapse:collapse;width:100%;margin:.3em 0 .8em;font-size:9.5pt}
th,td{border:1px solid #bbb;padding:.2em .45em;text-align:left;vertical-align:top}th{background:#eee}
td.num{text-align:right}tr{break-inside:avoid}dl.facts{display:grid;grid-template-columns:max-content auto;gap:.1em 1em}
dl.facts dt{font-weight:bold}dl.facts dd{margin:0}.muted{color:#555;font-size:9.5pt}
ul.check{list-style:none;padding-left:1em}ul.check li:before{content:"\\2610\\00a0\\00a0"}
code{font-family:Menlo,Consolas,monospace;font-size:9pt}
.verdict-ready{color:#176f2c}.verdict-nearly{color:#8a6d00}.verdict-stretch{color:#a85400}.verdict-not-yet{color:#a31515}
@page{size:A4;margin:16mm}@media print{body{margin:0;max-width:none}.page-break{break-before:page}}
"""


def _blocks_html(blocks: list[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            css = ' class="page-break"' if block.page_break else ""
            out.append(f"<h{block.level}{css}>{_inline_html(block.text)}</h{block.level}>")
        elif isinstance(block, Para):
            css = ' class="muted"' if block.muted else ""
            out.append(f"<p{css}>{_inline_html(block.text)}</p>")
        elif isinstance(block, Facts):
            rows = []
            for label, value in block.rows:
                cell = _inline_html(value)
                if label == "Verdict":
                    cell = f'<strong class="verdict-{value.replace(" ", "-")}">{cell}</strong>'
                rows.append(f"<dt>{html.escape(label)}</dt><dd>{cell}</dd>")
            out.append('<dl class="facts">' + "".join(rows) + "</dl>")
        elif isinstance(block, Bullets):
            css = ' class="check"' if block.checklist else ""
            out.append(f"<ul{css}>" + "".join(f"<li>{_inline_html(i)}</li>" for i in block.items) + "</ul>")
        else:
            head = "".join(f"<th>{html.escape(h)}</th>" for h in block.headers)
            body = "".join(
                "<tr>"
                + "".join(
                    f'<td class="num">{_inline_html(c)}</td>'
                    if i in block.numeric
                    else f"<td>{_inline_html(c)}</td>"
                    for i, c in enumerate(row)
                )
                + "</tr>"
                for row in block.rows
            )
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    return "\n".join(out)


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
    writer.writerow(
        [
            "person",
            "role_id",
            "score",
            "verdict",
            "skill",
            "importance",
            "status",
            "have",
            "need",
            "gap",
            "contribution",
        ]
    )
    for a in report.assessments:
        for r in a.requirements:
            writer.writerow(
                [
                    safe_cell(v)
                    for v in (
                        report.person,
                        a.role_id,
                        a.score,
                        a.verdict,
                        r.skill,
                        r.importance,
                        r.status,
                        "" if r.have is None else r.have,
                        r.required,
                        r.gap,
                        r.contribution,
                    )
                ]
            )
    return buffer.getvalue()


# ----------------------------------------------------------------------------- html
def render_html(report: Report) -> str:
    """A self-contained page (inline CSS, no scripts, no network) that prints well on A4 or Letter."""
    title = html.escape(f"careergap: {report.person} ({report.generated_on})")
    if report.kind == "analysis":
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{title}</title><style>{_HTML_STYLE}</style></head>\n<body>\n"
            f"{_blocks_html(session_blocks(report))}\n"
            f'<p class="muted">Made by careergap on {html.escape(report.generated_on)}.</p>\n</body></html>\n'
        )
    console = Console(record=True, width=110, file=io.StringIO(), color_system="truecolor", markup=False)
    console.print(render_table(report))
    body = console.export_html(
        inline_styles=True,
        code_format='<pre style="font-family:Menlo,Consolas,monospace;font-size:12px">{code}</pre>',
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title>"
        "<style>body{margin:2em;background:#fff;color:#000}@media print{body{margin:0}}</style>"
        f'</head><body><h1 style="font-family:sans-serif;font-size:18px">{title}</h1>{body}</body></html>\n'
    )


RENDERERS = {
    "json": render_json,
    "markdown": render_markdown,
    "csv": render_csv,
    "html": render_html,
}
