"""Render a TeamReport: rich tables with a coloured heat map, self-contained HTML or SVG, tidy CSV, or JSON."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from careergap.render.report import VERDICT_STYLE, safe_cell
from careergap.team import VERDICTS, TeamReport

if TYPE_CHECKING:
    from careergap.api import PersonResult, Scorer
    from careergap.batch import PersonRecord

# Heat map colours by levels missing: 0 met, 1, 2, 3, 4.
SHORTFALL_STYLE = {
    0: "green",
    1: "black on yellow",
    2: "black on dark_orange",
    3: "white on red",
    4: "bold white on dark_red",
}
NAME_WIDTH = 22
GAPS_SHOWN = 15

CSV_COLUMNS = (
    "section",
    "role_id",
    "verdict",
    "person",
    "skill",
    "skill_name",
    "people",
    "share",
    "mean_shortfall",
    "shortfall",
    "unrated",
)


def _bar(count: int, total: int, width: int = 24) -> str:
    filled = round(width * count / total) if total else 0
    return "█" * filled + "·" * (width - filled)


def _cell(shortfall: int | None, unrated: bool) -> Text:
    if shortfall is None:
        return Text("")
    style = SHORTFALL_STYLE[min(shortfall, 4)]
    if shortfall == 0:
        return Text("·", style=style)
    return Text(f"{'?' if unrated else shortfall}", style=style)


def _mean_cell(value: float | None) -> Text:
    if value is None:
        return Text("")
    return Text(f"{value:.1f}", style=SHORTFALL_STYLE[min(round(value), 4)] if value >= 0.5 else "green")


def render_team_table(report: TeamReport) -> RenderableType:
    """The whole summary as rich renderables: headline, readiness, common gaps, heat map(s)."""
    parts: list[RenderableType] = [_headline(report)]
    if report.scored:
        parts.append(_readiness(report))
        if len(report.by_role) > 1:
            parts.append(_by_role(report))
        parts.append(_gaps(report))
        if report.heatmap.skills:
            parts.extend(_heatmap(report))
    return Group(*parts)


def _headline(report: TeamReport) -> Panel:
    line = Text()
    line.append(f"{report.people:,} people", style="bold")
    line.append(f" · {report.scored:,} scored")
    if report.not_scored:
        line.append(f" · {report.not_scored:,} not scored", style="red")
    if report.incomplete:
        line.append(f" · {report.incomplete:,} incomplete (values rejected)", style="yellow")
    if report.median_score is not None:
        line.append(f" · median score {report.median_score:g}, mean {report.mean_score:g}")
    lines: list[RenderableType] = [line]
    roles = ", ".join(r.role_id for r in report.by_role[:4]) + (" …" if len(report.by_role) > 4 else "")
    if roles:
        lines.append(Text(f"judged against: {roles}", style="dim"))
    lines.extend(Text(note, style="dim") for note in report.notes)
    return Panel(Group(*lines), title="Team summary", title_align="left", box=box.ROUNDED)


def _readiness(report: TeamReport) -> Table:
    table = Table(title="Readiness", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("verdict")
    table.add_column("people", justify="right")
    table.add_column("share", justify="right")
    table.add_column("")
    for verdict in VERDICTS:
        count = report.readiness.get(verdict, 0)
        table.add_row(
            Text(verdict, style=VERDICT_STYLE[verdict]),
            f"{count:,}",
            f"{count / report.scored:.0%}",
            Text(_bar(count, report.scored), style=VERDICT_STYLE[verdict]),
        )
    table.add_section()
    for band, count in report.score_bands:
        if count:
            table.add_row(
                Text(f"score {band}", style="dim"),
                f"{count:,}",
                f"{count / report.scored:.0%}",
                Text(_bar(count, report.scored), style="dim"),
            )
    return table


def _by_role(report: TeamReport) -> Table:
    table = Table(title="Readiness by role", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("role")
    for verdict in VERDICTS:
        table.add_column(verdict, justify="right", header_style=VERDICT_STYLE[verdict])
    table.add_column("median score", justify="right")
    for role in report.by_role:
        table.add_row(
            f"{role.role_title} ({role.role_id})",
            *(f"{role.verdicts.get(v, 0):,}" for v in VERDICTS),
            "" if role.median_score is None else f"{role.median_score:g}",
        )
    return table


def _gaps(report: TeamReport) -> RenderableType:
    if not report.gaps:
        return Text("No gaps: everyone meets every requirement of their role.", style="green")
    table = Table(title="Most common gaps", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("#", justify="right")
    table.add_column("skill")
    table.add_column("people", justify="right")
    table.add_column("of team", justify="right")
    table.add_column("mean shortfall", justify="right")
    table.add_column("not rated", justify="right")
    table.add_column("essential for", justify="right")
    for n, gap in enumerate(report.gaps[:GAPS_SHOWN], 1):
        table.add_row(
            str(n),
            gap.skill_name,
            f"{gap.people:,}",
            f"{gap.share:.0%}",
            f"{gap.mean_shortfall:.1f}",
            f"{gap.unrated:,}",
            f"{gap.essential:,}",
        )
    if len(report.gaps) > GAPS_SHOWN:
        table.caption = f"{len(report.gaps) - GAPS_SHOWN} more skills with gaps in the CSV and JSON exports"
    return table


def _heatmap(report: TeamReport) -> list[RenderableType]:
    heat = report.heatmap
    numbers = [str(i) for i in range(1, len(heat.skills) + 1)]
    parts: list[RenderableType] = []
    if heat.rows:
        if heat.selection == "everyone":
            title = f"Heat map: levels missing, {len(heat.rows)} people × {len(heat.skills)} skills"
        else:
            title = (
                f"Heat map: the {len(heat.rows)} people with the largest total shortfall, of {heat.people:,} "
                "scored (everyone is in the grouped map below)"
            )
        table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, padding=(0, 0), pad_edge=False)
        table.add_column("person", max_width=NAME_WIDTH, no_wrap=True, overflow="ellipsis")
        table.add_column(" score", justify="right", width=6)
        table.add_column(" ", width=1)
        for number in numbers:
            table.add_column(number, justify="center", width=3, no_wrap=True)
        for row in heat.rows:
            table.add_row(
                row.person,
                f"{row.score:.0f}",
                "",
                *(_cell(c, u) for c, u in zip(row.cells, row.unrated, strict=True)),
            )
        parts.append(table)
    if heat.groups and (heat.selection != "everyone" or heat.people > 1):
        grouped = Table(
            title="Grouped by verdict: mean levels missing (over those whose role asks for the skill)",
            title_justify="left",
            box=box.SIMPLE_HEAD,
            padding=(0, 0),
            pad_edge=False,
        )
        grouped.add_column("verdict", max_width=NAME_WIDTH, no_wrap=True)
        grouped.add_column(" people", justify="right", width=8)
        grouped.add_column(" ", width=1)
        for number in numbers:
            grouped.add_column(number, justify="center", width=4, no_wrap=True)
        for group in heat.groups:
            grouped.add_row(
                Text(group.verdict, style=VERDICT_STYLE[group.verdict]),
                f"{group.people:,}",
                "",
                *(_mean_cell(v) for v in group.cells),
            )
        parts.append(grouped)
    legend = Text("key: ", style="dim")
    legend.append("·", style=SHORTFALL_STYLE[0])
    legend.append(" met  ", style="dim")
    for level in (1, 2, 3, 4):
        legend.append(f" {level} ", style=SHORTFALL_STYLE[level])
        legend.append(" ")
    legend.append(
        " levels missing;  ? not rated (coloured by the level asked);  blank: not asked by their role",
        style="dim",
    )
    parts.append(legend)
    key = Table.grid(padding=(0, 2))
    per_column = 2 if len(heat.skills) > 8 else 1
    for _ in range(per_column):
        key.add_column(justify="right", style="bold")
        key.add_column()
    cells = [(n, name) for n, name in zip(numbers, heat.skill_names, strict=True)]
    half = (len(cells) + per_column - 1) // per_column
    for i in range(half):
        key_cells: list[str] = []
        for col in range(per_column):
            j = i + col * half
            key_cells.extend(cells[j] if j < len(cells) else ("", ""))
        key.add_row(*key_cells)
    parts.append(key)
    if heat.more_skills:
        parts.append(
            Text(
                f"{heat.more_skills} more skills with gaps are not shown (see the common gaps export)",
                style="dim",
            )
        )
    return parts


# ------------------------------------------------------------------------------------------------ exports
def _recorded(report: TeamReport, width: int) -> Console:
    console = Console(
        record=True,
        width=width,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        markup=False,
    )
    console.print(render_team_table(report))
    return console


def _export_width(report: TeamReport) -> int:
    return max(110, NAME_WIDTH + 16 + 4 * len(report.heatmap.skills))


def render_team_html(report: TeamReport) -> str:
    """Self-contained HTML (inline styles, no external resources)."""
    html = _recorded(report, _export_width(report)).export_html(inline_styles=True)
    return html.replace("<head>", "<head>\n<title>careergap team summary</title>", 1)


def render_team_svg(report: TeamReport) -> str:
    """SVG as rich draws it, minus the web-font links: opening the file must not fetch anything."""
    from rich._export_format import CONSOLE_SVG_FORMAT

    offline = re.sub(r",?\s*url\(\"https?://[^\"]*\"\) format\(\"[^\"]*\"\)", "", CONSOLE_SVG_FORMAT)
    offline = re.sub(r"<!--.*?-->", "", offline, flags=re.DOTALL)
    return _recorded(report, _export_width(report)).export_svg(
        title="careergap team summary", code_format=offline
    )


def render_team_json(report: TeamReport) -> str:
    return json.dumps(dataclasses.asdict(report), indent=2, ensure_ascii=False)


def render_team_csv(report: TeamReport) -> str:
    """One tidy table (filter on ``section``): readiness, role, gap, heatmap and group rows. Formula-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)

    def row(**values: object) -> None:
        writer.writerow([safe_cell(values.get(c, "")) for c in CSV_COLUMNS])

    for verdict in VERDICTS:
        count = report.readiness.get(verdict, 0)
        row(
            section="readiness",
            verdict=verdict,
            people=count,
            share=round(count / report.scored, 3) if report.scored else 0,
        )
    if report.not_scored:
        row(section="readiness", verdict="not scored", people=report.not_scored)
    for role in report.by_role:
        for verdict in VERDICTS:
            row(section="role", role_id=role.role_id, verdict=verdict, people=role.verdicts.get(verdict, 0))
    for gap in report.gaps:
        row(
            section="gap",
            skill=gap.skill,
            skill_name=gap.skill_name,
            people=gap.people,
            share=gap.share,
            mean_shortfall=gap.mean_shortfall,
            unrated=gap.unrated,
        )
    heat = report.heatmap
    for person in heat.rows:
        for skill, name, shortfall, unrated in zip(
            heat.skills, heat.skill_names, person.cells, person.unrated, strict=True
        ):
            if shortfall is not None:
                row(
                    section="heatmap",
                    role_id=person.role_id,
                    verdict=person.verdict,
                    person=person.person,
                    skill=skill,
                    skill_name=name,
                    shortfall=shortfall,
                    unrated="yes" if unrated else "",
                )
    for group in heat.groups:
        for skill, name, mean in zip(heat.skills, heat.skill_names, group.cells, strict=True):
            if mean is not None:
                row(
                    section="group",
                    verdict=group.verdict,
                    people=group.people,
                    skill=skill,
                    skill_name=name,
                    mean_shortfall=mean,
                )
    return buffer.getvalue()


# ------------------------------------------------------------------------------------------------ batch rows
BATCH_COLUMNS = (
    "person",
    "first_line",
    "last_line",
    "role_id",
    "role_basis",
    "rank",
    "score",
    "verdict",
    "coverage",
    "match",
    "essential_gaps",
    "unrated_essentials",
    "top_gaps",
    "missing_qualifications",
    "unmatched",
    "complete",
    "rejected",
    "notes",
)


def batch_csv_rows(record: PersonRecord, result: PersonResult, top_gaps: int) -> list[list[str]]:
    """The CSV cells for one person (one row per role scored). Every free-text cell is formula-neutralised."""
    head = [safe_cell(record.name), str(record.first_line), str(record.last_line)]
    tail = [
        safe_cell("; ".join(result.unmatched)),
        "yes" if record.complete else "no",
        str(record.rejected),
        safe_cell("; ".join(result.notes)),
    ]
    if not result.results:
        return [[*head, "", result.role_basis, "", "", "not scored", "", "", "", "", "", "", *tail]]
    ranked = result.role_basis in ("all_roles", "best_fit")
    return [
        [
            *head,
            safe_cell(r.role_id),
            result.role_basis,
            str(rank) if ranked else "",
            f"{r.score:.1f}",
            r.verdict,
            f"{r.coverage:.2f}",
            f"{r.match:.1f}",
            str(r.essential_gaps),
            safe_cell("; ".join(r.unrated_essentials)),
            safe_cell("; ".join([g.label for g in r.gaps[:top_gaps]])),
            safe_cell("; ".join(r.missing_qualifications)),
            *tail,
        ]
        for rank, r in enumerate(result.results, 1)
    ]


def batch_json_lines(scorer: Scorer, record: PersonRecord, result: PersonResult) -> list[str]:
    """One JSON object per role scored: Scorer.rows(...) plus where the person was in the file and whether any of
    their values were rejected. The gap lists are spliced in from text cached per gap (the bulk of the output)."""
    where = {
        "first_line": record.first_line,
        "last_line": record.last_line,
        "complete": record.complete,
        "rejected": record.rejected,
    }
    gap_lists = [r.gaps for r in result.results] or [()]
    lines = []
    for row, gaps in zip(scorer.rows(result, gaps=False), gap_lists, strict=True):
        text = json.dumps({**row, **where}, ensure_ascii=False)
        lines.append(text[:-1] + ', "gaps": [' + ", ".join([scorer.gap_json(g) for g in gaps]) + "]}")
    return lines
