"""Render a CompareReport (progress between two sessions): one view as blocks, shown by every back end, and JSON."""

from __future__ import annotations

from rich.console import RenderableType

from careergap.compare import CompareReport, Side, SkillChange
from careergap.render._text import lit, verdict_text
from careergap.render.document import Block, Bullets, Cell, Grid, Heading, Para, to_html, to_markdown, to_rich
from careergap.render.report import SCORE_ON, VERDICT_TONE, matcher_blocks, notes_blocks, score_cell
from careergap.scoring import one_decimal, percent

SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("closed", "Gaps closed", "green"),
    ("narrowed", "Gaps narrowed", "cyan"),
    ("widened", "Gaps widened", "red"),
    ("new_gaps", "New gaps", "red"),
    ("still_open", "Gaps still open", "yellow"),
    ("rated_now", "Rated for the first time", "cyan"),
    ("no_longer_rated", "Rated before, not now", "yellow"),
    ("still_unrated", "Still not rated (not known, so not counted as gaps)", "yellow"),
)
KNOWN_GAP_SECTIONS = ("closed", "narrowed", "widened", "new_gaps", "still_open")


def _level(value: int | None, status: str) -> str:
    if status == "not_applicable":
        return "n/a"
    return "unrated" if value is None else str(value)


def _sign(value: float) -> str:
    text = one_decimal(value)
    return "±0.0" if text == "0.0" else text if text.startswith("-") else f"+{text}"


def _side_line(label: str, on: str | None) -> str:
    return f"{label}" + (f" ({on})" if on else "")


def render_compare_json(report: CompareReport) -> str:
    return report.model_dump_json(indent=2)


def _changes(report: CompareReport, name: str) -> list[SkillChange]:
    changes: list[SkillChange] = getattr(report, name)
    return changes


def readiness_sentence(report: CompareReport) -> str:
    """How readiness moved, in words that claim progress only when both verdicts are known: with an unknown verdict
    (not enough information) on either side it says so and gives the scores on the rated lines, without "up"."""
    b, a = report.before, report.after
    covered = (
        percent(a.coverage)
        if percent(a.coverage) == percent(b.coverage)
        else f"{percent(b.coverage)} → {percent(a.coverage)}"
    )
    scores = (
        f"score on rated lines {one_decimal(b.score)} → {one_decimal(a.score)} (on {covered} of the role)"
    )
    if report.direction == "unknown":
        when = (
            "before and after"
            if b.verdict == a.verdict == "unknown"
            else f"before (now {verdict_text(a.verdict)})"
            if b.verdict == "unknown"
            else f"after (before: {verdict_text(b.verdict)})"
        )
        return f"Readiness: not enough information {when}; {scores}."
    if report.direction == "same":
        return f"Readiness: the same ({verdict_text(a.verdict)}); {scores}."
    return f"Readiness: {report.direction}, from {verdict_text(b.verdict)} to {verdict_text(a.verdict)}; {scores}."


def compare_blocks(report: CompareReport) -> list[Block]:
    """What moved between two sessions: the scores side by side, then each kind of change, then actions."""
    b, a = report.before, report.after

    def verdict(side: Side) -> Cell:
        return Cell(verdict_text(side.verdict), VERDICT_TONE[side.verdict])

    head = (
        ("profile", b.label, a.label, ""),
        ("assessed on", b.assessed_on or "-", a.assessed_on or "-", ""),
        (
            "score",
            score_cell(b.score, b.coverage),
            score_cell(a.score, a.coverage),
            _sign(report.score_change),
        ),
        (
            "verdict",
            verdict(b),
            verdict(a),
            "not known" if report.direction == "unknown" else report.direction,
        ),
        (
            "gates",
            "passed" if b.gates_passed else "not passed",
            "passed" if a.gates_passed else "not passed",
            "",
        ),
        (
            "essential gaps",
            str(b.essential_gaps),
            str(a.essential_gaps),
            f"{a.essential_gaps - b.essential_gaps:+d}",
        ),
        ("unrated", str(b.unrated), str(a.unrated), f"{a.unrated - b.unrated:+d}"),
    )
    blocks: list[Block] = [
        Heading(1, f"Progress: {lit(report.person)}, {lit(report.role_title)} (`{report.role_id}`)"),
        Grid(("", "before", "after", "change"), head, caption=SCORE_ON),
        Para(readiness_sentence(report)),
        Para(f"Generated {report.generated_on} · rated on {report.rater} ratings", muted=True),
    ]
    now_read = {s.skill for s in report.skills_now_read}
    for name, title, _ in SECTIONS:
        changes = _changes(report, name)
        if changes:
            rows = tuple(
                (
                    # words careergap reads now that it could not (or read as another skill) before: not progress
                    lit(c.skill_name)
                    + (" (careergap reads the same words now; not progress)" if c.skill in now_read else ""),
                    c.importance,
                    _level(c.before, c.before_status),
                    _level(c.after, c.after_status),
                    str(c.required),
                )
                for c in changes
            )
            blocks += [
                Heading(2, f"{title} ({len(changes)})"),
                Grid(("skill", "importance", "before", "after", "need"), rows, numeric=(4,)),
            ]
    if not any(_changes(report, name) for name, _, _ in SECTIONS):
        blocks.append(Para("No gaps before or after: every requirement is met.", tone="good"))
    elif not any(_changes(report, name) for name in KNOWN_GAP_SECTIONS):
        blocks.append(Para("No known gap before or after: every requirement rated on both sides is met."))
    for title, items in (
        ("Skills added", report.skills_added),
        ("Now read: the same words as before, confirmed since (not new)", report.skills_now_read),
        ("Read as another skill now: the same words, confirmed since", report.skills_read_differently),
        ("Skills no longer rated", report.skills_removed),
    ):
        if items:
            levels = tuple((lit(s.skill_name), str(s.level), "yes" if s.in_role else "no") for s in items)
            blocks += [
                Heading(2, f"{title} ({len(items)})"),
                Grid(("skill", "level", "asked for by this role"), levels, numeric=(1,)),
            ]
    other = _other_lines(report)
    if other:
        blocks += [Heading(2, "Qualifications and experience"), Bullets(tuple(other))]
    if report.actions_before:
        blocks += [Heading(2, "Actions agreed last time"), Bullets(tuple(report.actions_before))]
    if report.actions_after:
        blocks += [Heading(2, "Actions agreed now"), Bullets(tuple(report.actions_after), checklist=True)]
    blocks += notes_blocks(report.notes) + matcher_blocks(report)
    return blocks


def render_compare_table(report: CompareReport) -> RenderableType:
    return to_rich(compare_blocks(report))


def render_compare_markdown(report: CompareReport) -> str:
    return to_markdown(compare_blocks(report))


def render_compare_html(report: CompareReport) -> str:
    return to_html(
        compare_blocks(report),
        title=f"careergap progress: {report.person} ({report.generated_on})",
        footer=f"{report.person} · careergap progress · {report.generated_on}",
    )


def _other_lines(report: CompareReport) -> list[str]:
    out = []
    if report.qualifications_gained:
        out.append("Qualifications gained: " + ", ".join(report.qualifications_gained))
    if report.qualifications_lost:
        out.append("Qualifications no longer listed: " + ", ".join(report.qualifications_lost))
    if report.qualifications_now_read:
        out.append(
            "Now read (listed before in the same words, confirmed since; not gained): "
            + ", ".join(report.qualifications_now_read)
        )
    if report.experience_before != report.experience_after:

        def years(v: float | None) -> str:
            return "not given" if v is None else f"{v:g}"

        out.append(
            f"Experience (years): {years(report.experience_before)} → {years(report.experience_after)}"
        )
    return out
