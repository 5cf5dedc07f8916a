"""Render a TeamReport: rich tables with a coloured heat map, self-contained HTML or SVG, tidy CSV, or JSON."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections.abc import Callable, Sequence
from html import escape
from typing import TYPE_CHECKING

from rich.console import RenderableType

from careergap.models.report import SCHEMA_VERSION
from careergap.render._text import VERDICT_WORDS, lit, plural, strip_controls
from careergap.render.document import (
    Block,
    Cell,
    Facts,
    Figure,
    Grid,
    Heading,
    HeatMap,
    Para,
    to_html,
    to_markdown,
    to_rich,
)
from careergap.render.report import SHORT_VERDICT, VERDICT_TONE, matcher_blocks, safe_cell
from careergap.scoring import half_up, one_decimal, percent, rounded
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
    "score",  # a person's (heatmap), a role's median (role), the team's median or mean (score_median, score_mean)
    "band",  # score_band rows: the band, with its people
)


def _bar(count: int, total: int, width: int = 24) -> str:
    filled = round(width * count / total) if total else 0
    return "█" * filled + "·" * (width - filled)


def render_team_table(report: TeamReport) -> RenderableType:
    """The whole summary for a terminal: headline, readiness, common gaps, the heat maps."""
    return to_rich(team_blocks(report, figures=False))


# ------------------------------------------------------------------------------------------------ documents
def team_blocks(report: TeamReport, *, figures: bool = True) -> list[Block]:
    """The team summary as blocks: headline facts, readiness, readiness by role, common gaps and the heat maps."""
    facts: list[tuple[str, str | Cell]] = [
        ("People", f"{report.people:,}"),
        ("Scored", f"{report.scored:,}"),
    ]
    if report.not_scored:
        facts.append(("Not scored", Cell(f"{report.not_scored:,}", "bad")))
    if report.incomplete:
        facts.append(("Incomplete", Cell(f"{report.incomplete:,} (some values rejected)", "warn")))
    if report.median_score is not None and report.mean_score is not None:  # both, once anyone is scored
        facts.append(
            ("Score", f"median {one_decimal(report.median_score)}, mean {one_decimal(report.mean_score)}")
        )
    if report.by_role:
        roles = ", ".join(f"`{r.role_id}`" for r in report.by_role[:6])
        more = len(report.by_role) - 6
        facts.append(("Judged against", roles + (f" and {more} more" if more > 0 else "")))
    blocks: list[Block] = [Heading(1, "Team summary"), Facts(tuple(facts))]
    blocks += [Para(lit(note), muted=True) for note in report.notes]
    if not report.scored:
        return blocks + matcher_blocks(report)
    rows = []
    for verdict in VERDICTS:
        count = report.readiness.get(verdict, 0)
        # Text bars where no chart can be drawn (terminal, Markdown); HTML draws the chart below the table.
        bar = () if figures else (Cell(_bar(count, report.scored), VERDICT_TONE[verdict]),)
        rows.append(
            (
                Cell(VERDICT_WORDS[verdict], VERDICT_TONE[verdict]),
                f"{count:,}",
                percent(count / report.scored),
                *bar,
            )
        )
    headers = ("verdict", "people", "share", *(() if figures else ("",)))
    blocks += [Heading(2, "Readiness"), Grid(headers, tuple(rows), numeric=(1, 2))]
    if figures:
        blocks.append(Figure(_readiness_svg(report)))
    bands = [
        (f"{band}", f"{count:,}", percent(count / report.scored))
        for band, count in report.score_bands
        if count
    ]
    if bands:
        blocks += [Heading(3, "Scores"), Grid(("score", "people", "share"), tuple(bands), numeric=(1, 2))]
    if len(report.by_role) > 1:
        # The terminal has no room for the titles beside six counts; the ids are what a person types anyway.
        titled = figures
        role_rows = [
            (
                f"`{role.role_id}`",
                *((lit(role.role_title),) if titled else ()),
                *(f"{role.verdicts.get(v, 0):,}" for v in VERDICTS),
                "" if role.median_score is None else f"{role.median_score:g}",
            )
            for role in report.by_role
        ]
        first = 2 if titled else 1
        blocks += [
            Heading(2, "Readiness by role"),
            Grid(
                (
                    "role",
                    *(("title",) if titled else ()),
                    *(SHORT_VERDICT.get(v, v) for v in VERDICTS),
                    "median score",
                ),
                tuple(role_rows),
                numeric=tuple(range(first, first + len(VERDICTS) + 1)),
                keep=(0,),
            ),
        ]
    blocks.append(Heading(2, "Most common gaps"))
    if not report.gaps:
        blocks.append(Para("No gaps: everyone meets every requirement of their role.", tone="good"))
    else:
        gap_rows = [
            (
                str(n),
                lit(gap.skill_name),
                f"{gap.people:,}",
                percent(gap.share),
                one_decimal(gap.mean_shortfall),
                f"{gap.unrated:,}",
                f"{gap.essential:,}",
            )
            for n, gap in enumerate(report.gaps[:GAPS_SHOWN], 1)
        ]
        more = len(report.gaps) - GAPS_SHOWN
        blocks.append(
            Grid(
                ("#", "skill", "people", "of team", "mean levels missing", "not rated", "essential for"),
                tuple(gap_rows),
                numeric=(0, 2, 3, 4, 5, 6),
                caption=f"{plural(more, 'more skill')} with gaps in the CSV and JSON exports"
                if more > 0
                else "",
            )
        )
    blocks += _heat_blocks(report)
    return blocks + matcher_blocks(report)


def _heat_blocks(report: TeamReport) -> list[Block]:
    heat = report.heatmap
    if not heat.skills:
        return []
    blocks: list[Block] = [Heading(2, "Heat map: levels missing per person and skill")]
    if heat.rows:
        if heat.selection == "everyone":
            title = f"{plural(len(heat.rows), 'person', 'people')} × {plural(len(heat.skills), 'skill')}"
        else:
            title = (
                f"Showing the {len(heat.rows)} people with the largest total shortfall, of {heat.people:,} "
                "scored (everyone is in the grouped map below)"
            )
        blocks.append(
            HeatMap(
                title=title,
                row_header="person",
                extra_header="score, verdict",
                skills=heat.skill_names,
                # the verdict in words, not only the colour of the name (Markdown has no colour at all)
                rows=tuple(
                    (
                        lit(r.person),
                        f"{half_up(r.score, 0)} {SHORT_VERDICT.get(r.verdict, r.verdict)}",
                        r.cells,
                        r.unrated,
                    )
                    for r in heat.rows
                ),
                tones=tuple(VERDICT_TONE.get(r.verdict, "") for r in heat.rows),
            )
        )
    if heat.groups and (heat.selection != "everyone" or heat.people > 1):
        blocks.append(
            HeatMap(
                title="Grouped by verdict: mean levels missing, over those whose role asks for the skill",
                row_header="verdict",
                extra_header="people",
                skills=heat.skill_names,
                rows=tuple(
                    (VERDICT_WORDS[g.verdict], f"{g.people:,}", g.cells, (False,) * len(g.cells))
                    for g in heat.groups
                ),
                means=True,
                tones=tuple(VERDICT_TONE.get(g.verdict, "") for g in heat.groups),
                key=not heat.rows,
            )
        )
    if heat.more_skills:
        blocks.append(
            Para(
                f"{plural(heat.more_skills, 'more skill')} with gaps not shown (see the common gaps export)",
                muted=True,
            )
        )
    return blocks


def render_team_markdown(report: TeamReport) -> str:
    return to_markdown(team_blocks(report, figures=False))


def render_team_html(report: TeamReport) -> str:
    """A self-contained A4 document: tables, a readiness chart and the heat map, print CSS, nothing fetched."""
    return to_html(
        team_blocks(report),
        title=f"careergap team summary ({report.people:,} people)",
        footer=f"careergap team summary · {report.people:,} people",
    )


# ------------------------------------------------------------------------------------------------ SVG chart
SVG_VERDICT_FILL = {  # Okabe-Ito: distinguishable with every common colour-vision deficiency
    "ready": "#009e73",
    "nearly": "#56b4e9",
    "stretch": "#e69f00",
    "not yet": "#d55e00",
    "unknown": "#999999",
}


def _svg_text(x: float, y: float, text: str, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<text x="{x:g}" y="{y:g}"{extra}>{escape(strip_controls(text))}</text>'


def _readiness_svg(report: TeamReport, width: int = 640) -> str:
    label_w, bar_w, line = 170, width - 170 - 90, 22
    height = 14 + line * len(VERDICTS)
    out = [
        (
            f'<svg viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-label="Readiness of the team" '
            'font-family="Helvetica,Arial,sans-serif" font-size="12">'
        ),
        '<rect width="100%" height="100%" fill="#fff"/>',
    ]
    for i, verdict in enumerate(VERDICTS):
        count = report.readiness.get(verdict, 0)
        y = 6 + i * line
        share = count / report.scored if report.scored else 0
        out.append(_svg_text(label_w - 8, y + 13, VERDICT_WORDS[verdict], text_anchor="end"))
        out.append(f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="16" fill="#f2f2f2"/>')
        out.append(
            f'<rect x="{label_w}" y="{y}" width="{bar_w * share:.1f}" height="16" fill="{SVG_VERDICT_FILL[verdict]}"/>'
        )
        out.append(_svg_text(label_w + bar_w + 8, y + 13, f"{count:,} ({percent(share)})"))
    out.append("</svg>")
    return "".join(out)


def render_team_svg(report: TeamReport) -> str:
    """A chart for documents (light background, nothing fetched): readiness, then the most common gaps as the share
    of the team lacking each skill, split into rated below the level and not rated."""
    width, label_w, line = 820, 310, 22
    bar_w = width - label_w - 150
    gaps = list(report.gaps[:GAPS_SHOWN])
    title_h = 56
    ready_h = 30 + line * len(VERDICTS) if report.scored else 0
    gaps_h = (40 + line * len(gaps)) if gaps else 30
    height = title_h + ready_h + gaps_h + 24
    out = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-label="careergap team summary" '
            'font-family="Helvetica,Arial,sans-serif" font-size="12" fill="#111">'
        ),
        "<title>careergap team summary</title>",
        '<rect width="100%" height="100%" fill="#fff"/>',
        _svg_text(16, 26, "Team summary", font_size="18", font_weight="bold"),
    ]
    headline = f"{plural(report.people, 'person', 'people')}, {report.scored:,} scored"
    if report.by_role:
        headline += " against " + ", ".join(r.role_id for r in report.by_role[:4])
        headline += f" and {len(report.by_role) - 4} more" if len(report.by_role) > 4 else ""
    if report.not_scored:
        headline += f", {report.not_scored:,} not scored"
    if report.median_score is not None:
        headline += f"; median score {report.median_score:g}"
    out.append(_svg_text(16, 46, headline, fill="#444"))
    y0 = title_h
    if report.scored:
        out.append(_svg_text(16, y0 + 16, "Readiness", font_weight="bold", font_size="14"))
        for i, verdict in enumerate(VERDICTS):
            count = report.readiness.get(verdict, 0)
            share = count / report.scored
            y = y0 + 26 + i * line
            out.append(_svg_text(label_w - 8, y + 13, VERDICT_WORDS[verdict], text_anchor="end"))
            out.append(f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="16" fill="#f2f2f2"/>')
            out.append(
                f'<rect x="{label_w}" y="{y}" width="{bar_w * share:.1f}" height="16" '
                f'fill="{SVG_VERDICT_FILL[verdict]}"/>'
            )
            out.append(_svg_text(label_w + bar_w + 8, y + 13, f"{count:,} ({percent(share)})"))
        y0 += ready_h
    if gaps:
        out.append(
            _svg_text(16, y0 + 16, "Most common gaps (share of the team)", font_weight="bold", font_size="14")
        )
        out.append(
            '<pattern id="notrated" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
            '<rect width="3" height="6" fill="#b0b0b0"/></pattern>'
        )
        total = report.scored or 1
        for i, gap in enumerate(gaps):
            y = y0 + 26 + i * line
            name = gap.skill_name if len(gap.skill_name) <= 44 else gap.skill_name[:43] + "…"
            out.append(_svg_text(label_w - 8, y + 13, name, text_anchor="end"))
            rated = max(gap.people - gap.unrated, 0)
            out.append(f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="16" fill="#f2f2f2"/>')
            out.append(
                f'<rect x="{label_w}" y="{y}" width="{bar_w * rated / total:.1f}" height="16" fill="#e69f00"/>'
            )
            out.append(
                f'<rect x="{label_w + bar_w * rated / total:.1f}" y="{y}" width="{bar_w * gap.unrated / total:.1f}" '
                'height="16" fill="url(#notrated)" stroke="#888" stroke-width="0.5"/>'
            )
            out.append(
                _svg_text(
                    label_w + bar_w + 8,
                    y + 13,
                    f"{percent(gap.share)} · mean {one_decimal(gap.mean_shortfall)} short",
                    font_size="11",
                )
            )
        ky = y0 + 26 + len(gaps) * line + 8
        out.append(f'<rect x="{label_w}" y="{ky}" width="12" height="10" fill="#e69f00"/>')
        out.append(_svg_text(label_w + 16, ky + 9, "rated below the level asked", font_size="10"))
        out.append(
            f'<rect x="{label_w + 190}" y="{ky}" width="12" height="10" fill="url(#notrated)" stroke="#888"/>'
        )
        out.append(_svg_text(label_w + 206, ky + 9, "not rated", font_size="10"))
    elif report.scored:
        out.append(_svg_text(16, y0 + 16, "No gaps: everyone meets every requirement of their role."))
    out.append("</svg>")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------------------------------ exports
def render_team_json(report: TeamReport) -> str:
    data = dataclasses.asdict(report)
    head = {"schema_version": data.pop("schema_version"), "kind": data.pop("kind")}
    return json.dumps({**head, **data}, indent=2, ensure_ascii=False)


def render_team_csv(report: TeamReport) -> str:
    """One tidy table (filter on ``section``): readiness, score_median, score_mean, score_band, role, gap, heatmap and
    group rows, with the scores the other formats show. Formula-safe."""
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
            share=rounded(count / report.scored, 3) if report.scored else 0,
        )
    if report.not_scored:
        row(section="readiness", verdict="not scored", people=report.not_scored)
    if report.median_score is not None:
        row(section="score_median", people=report.scored, score=report.median_score)
        row(section="score_mean", people=report.scored, score=report.mean_score)
    for band, people in report.score_bands:
        row(section="score_band", band=band, people=people)
    for role in report.by_role:
        median = "" if role.median_score is None else role.median_score
        for verdict in VERDICTS:
            people = role.verdicts.get(verdict, 0)
            row(section="role", role_id=role.role_id, verdict=verdict, people=people, score=median)
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
                    score=person.score,
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
            one_decimal(r.score),
            r.verdict,
            f"{r.coverage:.3f}",
            one_decimal(r.match),
            str(r.essential_gaps),
            safe_cell("; ".join(r.unrated_essentials)),
            safe_cell("; ".join([g.label for g in r.gaps[:top_gaps]])),
            safe_cell("; ".join(r.missing_qualifications)),
            *tail,
        ]
        for rank, r in enumerate(result.results, 1)
    ]


_NEEDS_QUOTING = re.compile(r'[,"\r\n]')


def csv_field(text: str) -> str:
    """One CSV field exactly as ``csv.writer`` (default dialect) writes it in a row of two or more fields: text with
    no comma, quote or line break is written as it is (no Python version quotes it); any other text is quoted by
    ``csv.writer`` itself, so the two paths cannot disagree."""
    if _NEEDS_QUOTING.search(text) is None:
        return text
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([text, ""])
    return buffer.getvalue()[:-2]  # the field, without the empty second field's comma and the line end


_FORMULA_START = "=+-@\t\r"  # what safe_cell neutralises at the start of a cell
_CSV_SPECIAL = (",", '"', "\r", "\n")  # what makes csv.writer quote a field


class _Formatted(dict[float, str]):
    """A number's text in one format, worked out once per distinct number (a run writes few distinct figures)."""

    def __init__(self, text: Callable[[float], str]) -> None:
        super().__init__()
        self.text = text

    def __missing__(self, value: float) -> str:
        text = self[value] = self.text(value)
        return text


class _ListCells:
    """The CSV field of ``"; ".join(parts)``, formula-neutralised: the cells that list names or gaps.

    Why: such a cell is different on almost every row (a person's own mix of gaps), so caching whole cells misses,
    but its parts come from a small set of library texts. A part with no comma, quote or line break that does not
    start like a formula is remembered as plain; a list of plain parts needs neither quoting nor neutralising (the
    separator adds neither), so it is written as it is joined. Any other list goes through safe_cell and csv_field,
    exactly as a single cell does.
    """

    def __init__(self) -> None:
        self.plain: set[str] = set()

    def __call__(self, parts: Sequence[str]) -> str:
        if self.plain.issuperset(parts):
            return "; ".join(parts)
        for part in parts:
            if part[:1] not in _FORMULA_START and not any(c in part for c in _CSV_SPECIAL):
                self.plain.add(part)
        return csv_field(safe_cell("; ".join(parts)))


def batch_csv_text(pairs: Sequence[tuple[PersonRecord, PersonResult]], top_gaps: int) -> str:
    """The CSV lines of ``batch_csv_rows`` for many people, byte for byte what ``csv.writer(...,
    lineterminator="\\n").writerows`` makes of those rows, built as text: the cells a person shares across their
    roles (name, lines, unmatched phrases, notes) are encoded once per person instead of once per role, each figure's
    text is worked out once per distinct figure, lists of names and gaps are checked part by part (``_ListCells``),
    and cells that cannot hold a comma, quote or line break (numbers, verdicts) are not searched. A team run with
    all roles writes eleven rows a person, so this is most of the writing."""
    out: list[str] = []
    append = out.append
    role_cells: dict[str, str] = {}
    listed = _ListCells()
    tenths, three_decimals = _Formatted(one_decimal), _Formatted("{:.3f}".format)

    for record, result in pairs:
        results = result.results
        if not results:
            for row in batch_csv_rows(record, result, top_gaps):
                append(",".join(map(csv_field, row)) + "\n")
            continue
        head = f"{csv_field(safe_cell(record.name))},{record.first_line},{record.last_line},"
        basis = result.role_basis
        tail = (
            f",{csv_field(safe_cell('; '.join(result.unmatched)))},{'yes' if record.complete else 'no'},"
            f"{record.rejected},{csv_field(safe_cell('; '.join(result.notes)))}\n"
        )
        ranked = basis in ("all_roles", "best_fit")
        for rank, r in enumerate(results, 1):
            role_cell = role_cells.get(r.role_id)
            if role_cell is None:
                role_cell = role_cells[r.role_id] = csv_field(safe_cell(r.role_id))
            append(
                f"{head}{role_cell},{basis},{rank if ranked else ''},{tenths[r.score]},"
                f"{r.verdict},{three_decimals[r.coverage]},{tenths[r.match]},{r.essential_gaps},"
                f"{listed(r.unrated_essentials)},{listed([g.label for g in r.gaps[:top_gaps]])},"
                f"{listed(r.missing_qualifications)}{tail}"
            )
    return "".join(out)


def batch_json_head(matcher: str | None) -> str:
    """`batch -f json` is one object (so it can grow): this head, the rows of ``batch_json_lines`` joined by commas,
    then ``BATCH_JSON_TAIL``. ``matcher`` says which phrase matcher read the team (schema 1.5)."""
    return f'{{"schema_version": "{SCHEMA_VERSION}", "kind": "batch", "matcher": {json.dumps(matcher)}, "rows": ['


BATCH_JSON_TAIL = "]}"


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
        text = json.dumps({"schema_version": SCHEMA_VERSION, **row, **where}, ensure_ascii=False)
        lines.append(text[:-1] + ', "gaps": [' + ", ".join([scorer.gap_json(g) for g in gaps]) + "]}")
    return lines
