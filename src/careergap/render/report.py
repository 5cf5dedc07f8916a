"""Render a Report as a rich table view, Markdown, CSV or self-contained HTML. JSON is the model itself."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from careergap import scoring
from careergap.models.report import (
    Assessment,
    ExperienceResult,
    Gap,
    QualificationResult,
    Report,
    RequirementResult,
    SkillMatch,
)
from careergap.models.roles import role_key
from careergap.models.scale import LEVEL_LABELS
from careergap.render._text import lit, plural, profile_name, unrated_essentials_text, verdict_text
from careergap.render.document import (
    TONE_STYLE,
    Block,
    Bullets,
    Cell,
    Facts,
    Figure,
    Grid,
    Heading,
    Para,
    escape_html,
    to_html,
    to_markdown,
    to_rich,
)
from careergap.scoring import one_decimal, percent
from careergap.words import clean_text, same_words, spreadsheet_safe, years

if TYPE_CHECKING:
    from careergap.compare import CompareReport
    from careergap.models.report import NextReport, PathReport
    from careergap.team import TeamReport

VERDICT_TONE = {"ready": "good", "nearly": "warn", "stretch": "warn", "not yet": "bad", "unknown": "unknown"}
STATUS_ORDER = ["missing", "partial", "unrated", "met", "not_applicable"]
STATUS_TITLE = {
    "missing": "Missing (rated 0)",
    "partial": "Partly there",
    "unrated": "Not rated yet (the profile says nothing about these)",
    "met": "Met",
    "not_applicable": "Marked not applicable",
}


def gap_tries(gap: Gap, limit: int) -> str:
    """The actions to try for a gap; for an unrated one with none, ask for the rating first: an action made for
    certain levels is not offered on a level nobody gave (careergap.analysis.Analyser.actions_for)."""
    if gap.action_titles:
        return "; ".join(map(lit, gap.action_titles[:limit]))
    return "rate it first" if gap.have is None else ""


def render_json(report: Report) -> str:
    return report.model_dump_json(indent=2)


def score_line(score: float, coverage: float, rated: str = "what was rated") -> str:
    """A person's score against a role as a headline, with the share of the role it rests on: "100.0 / 100" alone,
    on one skill of a role of twenty rated, read as perfect. ``coverage`` is the Assessment's, the figure the report
    gives as "coverage N% of the role's weight".

    >>> score_line(100.0, 0.08, "what you rated")
    '100.0 / 100 on what you rated (8% of the role)'
    """
    return f"{one_decimal(score)} / 100 on {rated} ({percent(coverage)} of the role)"


def score_cell(score: float, coverage: float) -> str:
    """``score_line`` in a table cell, under a column headed ``SCORE_ON``.

    >>> score_cell(90.5, 0.453)
    '90.5 on 45%'
    """
    return f"{one_decimal(score)} on {percent(coverage)}"


SCORE_ON = "score on N%: out of 100 on what was rated, which is N% of the role's weight"


def held_text(q: QualificationResult) -> str:
    """What the person holds that satisfies a qualification requirement, as they wrote it."""
    if not q.held:
        return "not stated" if q.status == "unrated" else "no"
    phrase = f' (you wrote "{lit(q.held_phrase)}")' if q.held_phrase and q.held_phrase != q.held_as else ""
    return f"yes: {q.held_as}{phrase}"


def experience_importance(e: ExperienceResult) -> str:
    """The importance cell of the experience line: a display-only estimate must not read as if it were weighed."""
    return "weighted 1" if e.scored else "shown, not scored"


def _have_need(r: RequirementResult) -> str:
    return f"{'-' if r.have is None else r.have}/{r.required}"


def _matched_by(r: RequirementResult) -> str:
    return "; ".join(
        f"{lit(repr(u.phrase))} ("
        + (f"its item {lit(repr(u.item))}: " if u.item else "")
        + f"{u.method} {u.score:.0f})"
        for u in r.matched_by
    )


# ----------------------------------------------------------------------------- table (rich)
def render_table(report: Report) -> RenderableType:
    if report.kind == "match":
        return _match_table(report)
    return to_rich(screen_blocks(report))


def screen_blocks(report: Report) -> list[Block]:
    """The analysis on screen: for each role the score, verdict and gates, every requirement grouped by status
    (the first role with the phrases that matched each), qualifications, and the top gaps; then the sections the
    paper report shares (next steps, actions, talking points, phrases that matched nothing, notes)."""
    blocks = _screen_assessment(report, report.assessments[0], detailed=True)
    return blocks + now_and_next_blocks(report) + _closing_blocks(report)


def _screen_assessment(report: Report, a: Assessment, *, detailed: bool) -> list[Block]:
    facts: list[tuple[str, str | Cell]] = [
        ("Score", score_line(a.score, a.coverage, "what you rated")),
        ("Verdict", _verdict_cell(a)),
        (
            "Gates",
            Cell(_gates_text(a), "good" if a.gates_passed else "bad" if a.gate_failures else "unknown"),
        ),
    ]
    if a.unrated_essentials:
        facts.append(
            (
                "Not rated yet",
                Cell(
                    f"essential: {unrated_essentials_text(a.unrated_essentials)} "
                    f"(careergap assess --resume {lit(profile_name())} --role {a.role_id} asks for them)",
                    "unknown",
                ),
            )
        )
    facts.append(
        (
            "Rated on",
            (
                f"{report.rater} ratings · coverage {percent(a.coverage)} of the role's weight · "
                f"{plural(a.unrated, 'requirement')} unrated · {report.generated_on}"
            ),
        )
    )
    blocks: list[Block] = [
        Heading(1, f"{lit(report.person)} against {lit(a.role_title)} (`{a.role_id}`)"),
        Facts(tuple(facts)),
    ]
    for status in STATUS_ORDER:
        rows = [r for r in a.requirements if r.status == status]
        if not rows:
            continue
        last = "reason" if status == "not_applicable" else "matched from"
        cells = tuple(
            (
                Cell(lit(r.skill_name), "muted" if status == "not_applicable" else ""),
                r.importance,
                _have_need(r),
                one_decimal(r.contribution),
                (r.reason or "") if status == "not_applicable" else _matched_by(r),
            )
            for r in sorted(rows, key=lambda r: (r.importance != "essential", -r.priority, r.skill_name))
        )
        blocks += [
            Heading(2, f"{STATUS_TITLE[status]} ({len(rows)})"),
            Grid(
                ("skill", "importance", "have/need", "points", last),
                cells,
                numeric=(3,),
                detail=() if detailed else (4,),
            ),
        ]
    if a.qualifications or a.experience:
        quals: list[tuple[str | Cell, ...]] = [
            (
                " or ".join(map(lit, [q.name, *q.alternatives])),
                q.importance,
                Cell(held_text(q), "" if q.held else "bad" if q.importance == "essential" else "warn"),
                one_decimal(q.contribution),
            )
            for q in a.qualifications
        ]
        if a.experience:
            have = "not given" if a.experience.have_years is None else years(a.experience.have_years)
            quals.append(
                (
                    f"{a.experience.required_years:g}+ years' experience",
                    experience_importance(a.experience),
                    have,
                    one_decimal(a.experience.contribution),
                )
            )
        blocks += [
            Heading(2, "Qualifications and experience"),
            Grid(("asked for", "importance", "held", "points"), tuple(quals), numeric=(3,)),
        ]
    if a.gaps:
        gaps = tuple(
            (
                str(n),
                f"{lit(g.skill_name)} ({g.importance})",
                f"{'unrated' if g.have is None else g.have} → {g.required}",
                f"{g.priority:g}",
                gap_tries(g, 2),
            )
            for n, g in enumerate(a.gaps[: 8 if detailed else 5], 1)
        )
        blocks += [
            Heading(2, "Top gaps to close"),
            Grid(("#", "skill", "have → need", "priority", "try"), gaps, numeric=(0, 3)),
        ]
    return blocks


def _closing_blocks(report: Report) -> list[Block]:
    """The sections after the tables on screen, the same blocks the Markdown and HTML reports use."""
    agreed: list[Block] = (
        [Heading(2, "Agreed actions"), Bullets(tuple(map(lit, report.agreed_actions)), checklist=True)]
        if report.agreed_actions
        else []
    )
    return [
        *next_steps_blocks(report),
        *actions_blocks(report),
        *agreed,
        *talking_points_blocks(report),
        *(not_asked_blocks(report, report.assessments[0]) if report.kind == "analysis" else []),  # one role
        *also_blocks(report),
        *by_meaning_blocks(report),
        *unmatched_blocks(report),
        *notes_blocks(report.notes),
        *matcher_blocks(report),
    ]


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
    """The sentence above a ranking; first, when no role is half covered, that its order says little."""
    widest = max((a.coverage for a in report.assessments), default=0.0)
    thin = (
        f"What you rated covers at most {percent(widest)} of any role, so this order rests on a few lines and is not a "
        "recommendation: rate a role's requirements (careergap assess --role ROLE_ID) before choosing by it. "
        if report.assessments and widest < scoring.THIN_COVERAGE
        else ""
    )
    if report.most_senior_ready:
        title = next(lit(a.role_title) for a in report.assessments if a.role_id == report.most_senior_ready)
        return thin + f"The most senior role you are ready for: {title} ({report.most_senior_ready})."
    return thin + "No role is 'ready' yet on what you rated; rate the unrated essentials to find out more."


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
            one_decimal(a.match),
            percent(a.coverage),
            Text(SHORT_VERDICT.get(a.verdict, a.verdict), style=TONE_STYLE[VERDICT_TONE[a.verdict]]),
        )
    legend = Text(
        "fit: how well the role fits your levels over its whole weight (what you did not rate counts 0); "
        f"covered: how much of the role you rated; score and gaps per role: careergap analyse {profile_name()} "
        "--role ID",
        style="dim",
    )
    return Group(to_rich([Para(match_intro(report))]), table, legend, to_rich(_closing_blocks(report)))


SHORT_VERDICT = {"unknown": "not enough info"}


# ----------------------------------------------------------------------------- markdown
def render_markdown(report: Report) -> str:
    blocks = match_blocks(report) if report.kind == "match" else session_blocks(report)
    return to_markdown(blocks)


# ----------------------------------------------------------------------------- sections shared by the views
def _move(kind: str) -> str:
    return "promotion" if kind == "next" else "lateral"


def _verdict_cell(a: Assessment, *, short: bool = False) -> Cell:
    words = SHORT_VERDICT.get(a.verdict, a.verdict) if short else verdict_text(a.verdict, a.verdict_range)
    return Cell(words, VERDICT_TONE[a.verdict])


def next_steps_blocks(report: Report) -> list[Block]:
    if not report.next_steps:
        return []
    rows = []
    for option in report.next_steps:
        a = option.assessment
        gaps = "; ".join(
            f"{lit(g.skill_name)} ({'unrated' if g.have is None else g.have}→{g.required})"
            for g in a.gaps[:3]
        )
        rows.append(
            (
                _move(option.kind),
                f"`{a.role_id}`",
                lit(a.role_title),
                # no room for the coverage at 80 columns beside a long id; `next` gives it with each score
                one_decimal(a.score),
                _verdict_cell(a),
                gaps,
            )
        )
    return [
        Heading(2, "Next steps"),
        Grid(
            ("move", "role", "title", "score", "verdict", "top gaps"),
            tuple(rows),
            numeric=(3,),
            keep=(0, 1),
            detail=(2,),  # a terminal too narrow for the title keeps the id, and room for the gaps
        ),
    ]


def actions_blocks(report: Report) -> list[Block]:
    if not report.actions:
        return []
    items = []
    skill_names = {r.skill: lit(r.skill_name) for a in report.assessments for r in a.requirements}
    for action in report.actions:
        helps = ", ".join(skill_names.get(x, x) for x in action.closes) or (
            "an award this role asks for" if action.qualification else ""
        )  # not the award's id ("Helps with: itil4-foundation")
        suggested = ", suggested by careergap" if action.inferred else ""
        items.append(
            f"**{lit(action.title)}** ({action.kind}{suggested}): {lit(action.description)} Helps with: {helps}."
        )
    return [Heading(2, "Development actions"), Bullets(tuple(items))]


def talking_points_blocks(report: Report) -> list[Block]:
    if not report.rating_differences:
        return []
    items = []
    for d in report.rating_differences:
        ratings = ", ".join(f"{k} {v}" for k, v in d.ratings.items())
        items.append(f"**{lit(d.skill_name)}** ({lit(d.phrase)}): {ratings}")
    return [Heading(2, "Talking points: ratings that differ by two levels or more"), Bullets(tuple(items))]


def unmatched_blocks(report: Report) -> list[Block]:
    return _unmatched_skill_blocks(report) + unrecognised_qualification_blocks(report)


def unrecognised_qualification_blocks(report: Report) -> list[Block]:
    """Qualifications the person listed that careergap could not name: scored as if not listed, and said so, so
    "Vocational qualification: not held" beside a listed "Level 3 Early Years Educator" is never left unexplained."""
    unknown = {
        same_words(m.phrase): m for m in report.qualifications if m.status != "matched" or m.target is None
    }  # each award once, however often it was listed
    return _phrase_list(
        "Qualifications not recognised",
        list(unknown.values()),
        lambda m: [c.target for c in m.candidates[:3]],
        "closest",
        f"These count as not listed. careergap profile confirm {lit(profile_name())} names the award each one is, "
        "once; or write "
        'it as its awarding body names it ("NVQ Level 3 in Health and Social Care", "PRINCE2 Foundation"): '
        "careergap skills search -q TEXT shows how careergap reads one.",
    )


def _unmatched_skill_blocks(report: Report) -> list[Block]:
    return _phrase_list(
        "Phrases that matched nothing",
        report.unmatched,
        lambda m: m.likeliest(3),
        "likeliest",
        f"careergap profile confirm {lit(profile_name())} offers the likeliest skills for each and writes your choice "
        "into the profile.",
    )


def _phrase_list(
    title: str,
    matches: Sequence[SkillMatch],
    offered: Callable[[SkillMatch], list[str]],
    label: str,
    note: str,
) -> list[Block]:
    """Phrases careergap could not place, each with its reason and the ids it would offer, then what to do."""
    if not matches:
        return []
    items = []
    for m in matches:
        near = ", ".join(f"`{t}`" for t in offered(m))
        items.append(f"{lit(m.phrase)}: {lit(m.reason)}" + (f" ({label}: {near})" if near else ""))
    return [Heading(2, title), Bullets(tuple(items)), Para(note, muted=True)]


def not_asked_blocks(report: Report, a: Assessment) -> list[Block]:
    """Phrases understood as a skill the role does not ask for. Without this list they appeared nowhere in the
    report: a person who wrote twelve phrases found ten, and could not tell the other two from phrases careergap
    had failed to read. Now every phrase is accounted for: scored, here, to confirm, or matched nothing."""
    asked = {r.skill for r in a.requirements}
    extra = [
        f"{lit(m.phrase)} → `{m.target}`"
        if item is None
        else f"{lit(m.phrase)} (its item {lit(repr(item.phrase))}) → `{item.target}`"
        for m in report.matches
        if m.kind == "skill" and m.status == "matched"
        for item in (None, *m.also)
        if (m.target if item is None else item.target) not in asked
    ]
    if not extra:
        return []
    return [
        Heading(2, f"Understood, but not asked for by this role ({len(extra)})"),
        Bullets(tuple(extra)),
        Para(
            f"They do not change this role's score; careergap match {lit(profile_name())} ranks every role, "
            "including those that ask for them.",
            muted=True,
        ),
    ]


def also_blocks(report: Report) -> list[Block]:
    """Lines read as more than one skill: the items each other skill was read from, so the person can see why a
    line counts twice (careergap.resolve.Resolver.also_skills)."""
    lines = [m for m in report.matches if m.also]
    if not lines:
        return []
    items = tuple(
        f"{lit(m.phrase)} → `{m.target}`, and "
        + ", ".join(
            f"`{o.target}` (as you said)"
            if o.method == "stated"
            else f"`{o.target}` from {lit(repr(o.phrase))} ({'by meaning' if o.method == 'semantic' else o.method})"
            for o in m.also
        )
        for m in lines
    )
    return [
        Heading(2, "Lines that name more than one skill"),
        Bullets(items),
        Para(
            "Each skill counts at the line's level, as if the line were written once for each. If one is not what "
            f"you meant, careergap profile confirm --all {lit(profile_name())} asks about each and writes your "
            "answer beside the line (also:); or write the line as separate lines, each with its own level.",
            muted=True,
        ),
    ]


def by_meaning_blocks(report: Report) -> list[Block]:
    """Phrases matched by meaning rather than by words, and the other skills lines name that were read by meaning
    from one of their items: the person should confirm each."""
    if not report.by_meaning and not report.also_by_meaning:
        return []
    items = tuple(f"{lit(m.phrase)} → {m.target}: {lit(m.reason)}" for m in report.by_meaning) + tuple(
        f"{lit(line.phrase)} also → {other.target}, from its item {lit(repr(other.phrase))}: {lit(other.reason)}"
        for line, other in report.also_by_meaning
    )
    return [
        Heading(2, "Matched by meaning: please confirm"),
        Bullets(items),
        Para(
            f"careergap profile confirm {lit(profile_name())} walks through them and writes each choice into the "
            "profile.",
            muted=True,
        ),
    ]


def matcher_blocks(report: Report | PathReport | NextReport | CompareReport | TeamReport) -> list[Block]:
    """Which matcher read the person's phrases: every report that rests on them records it."""
    return [Para(f"Phrases matched by: {report.matcher}", muted=True)] if report.matcher else []


def notes_blocks(notes: Sequence[str]) -> list[Block]:
    # notes are careergap's own sentences, but they quote the person's phrases and the library's names
    return [Heading(2, "Notes"), Bullets(tuple(map(lit, notes)))] if notes else []


def match_blocks(report: Report) -> list[Block]:
    """The ranking of roles: ids whole (a person types them next), the person's own roles and outgrown ones marked."""
    rows = []
    for n, a in enumerate(report.assessments, 1):
        rows.append(
            (
                str(n),
                f"`{a.role_id}`",
                lit(a.role_title),
                one_decimal(a.match),
                one_decimal(a.score),
                percent(a.coverage),
                _verdict_cell(a, short=True),
                str(a.essential_gaps),
                str(a.unrated),
                match_remark(report, a),
            )
        )
    return [
        Heading(1, f"Roles for {lit(report.person)}, best fit first"),
        Para(
            f"Generated {report.generated_on} · rated on {RATER_TEXT.get(report.rater, report.rater)}",
            muted=True,
        ),
        Para(match_intro(report)),
        Grid(
            ("#", "role", "title", "fit", "score", "covered", "verdict", "essential gaps", "unrated", ""),
            tuple(rows),
            numeric=(0, 3, 4, 5, 7, 8),
            keep=(1, 6),
        ),
        Para(match_legend(), muted=True),
        *next_steps_blocks(report),
        *actions_blocks(report),
        *talking_points_blocks(report),
        *also_blocks(report),
        *by_meaning_blocks(report),
        *unmatched_blocks(report),
        *notes_blocks(report.notes),
        *matcher_blocks(report),
    ]


def match_legend() -> str:
    return (
        "fit: how well the role fits your levels over its whole weight (what you did not rate counts 0); "
        "score: the same on what you rated; covered: how much of the role you rated. Score and gaps per role: "
        f"careergap analyse {lit(profile_name())} --role ID"
    )


# ----------------------------------------------------------------------------- session report (blocks)
# One analysis report becomes a list of blocks (render/document.py), and Markdown and HTML both render those blocks,
# so the paper report a coach keeps says the same thing in either format.
RATER_TEXT = {
    "self": "the person's own ratings (self)",
    "coach": "the coach's ratings",
    "manager": "the manager's ratings",
}


def _level_word(level: int | None) -> str:
    return "not rated" if level is None else f"{level} {LEVEL_LABELS.get(level, '')}".strip()


def _summary_sentence(report: Report, a: Assessment) -> str:
    text = (
        f"{lit(report.person)} scores **{one_decimal(a.score)} / 100 on the {percent(a.coverage)} of "
        f"{lit(a.role_title)} that the profile rates**: **{verdict_text(a.verdict, a.verdict_range)}**."
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
    top = [lit(g.skill_name) for g in a.gaps if g.have is not None][:3]
    if top:
        text += " The biggest gaps: " + ", ".join(top) + "."
    return text


def _gates_text(a: Assessment) -> str:
    if a.gates_passed:
        return "passed"
    if not a.gate_failures:
        return "not known yet: " + plural(len(a.unrated_essentials), "essential line") + " not rated"
    if len(a.gate_failures) <= 3:
        return "not passed: " + "; ".join(map(lit, a.gate_failures))
    quals = [f for f in a.gate_failures if f.startswith("qualification ")]
    text = f"not passed: {plural(a.essential_gaps, 'essential requirement')} below the level asked (see the gaps)"
    return text + ("; " + "; ".join(map(lit, quals)) if quals else "")


def _assessment_blocks(report: Report, a: Assessment, level: int, titles: dict[str, str]) -> list[Block]:
    sub = level + 1
    blocks: list[Block] = []
    strengths = [r for r in a.requirements if r.status == "met"]
    blocks.append(Heading(sub, "Strengths"))
    if strengths:
        items = []
        for r in sorted(strengths, key=lambda r: (r.importance != "essential", r.skill_name)):
            line = f"**{lit(r.skill_name)}**: {_level_word(r.have)} (this role asks for {r.required})"
            items.append(line + (f". Evidence: {lit(r.evidence)}" if r.evidence else ""))
        blocks.append(Bullets(tuple(items)))
    else:
        blocks.append(Para("None of this role's requirements is fully met yet."))
    blocks.append(Heading(sub, "Gaps in priority order"))
    if a.gaps:
        # what the person said they did, beside a gap as beside a strength: the start of the coaching conversation
        evidence = {r.skill: r.evidence for r in a.requirements if r.evidence}
        rows = []
        for n, g in enumerate(a.gaps, 1):
            tries = gap_tries(g, 2)
            rows.append(
                (
                    str(n),
                    lit(g.skill_name),
                    g.importance,
                    _level_word(g.have),
                    str(g.required),
                    f"{g.priority:g}",
                    tries,
                    lit(evidence.get(g.skill, "")),
                )
            )
        said = bool(evidence.keys() & {g.skill for g in a.gaps})
        blocks.append(
            Grid(
                ("#", "skill", "importance", "have", "need", "priority", "try", "evidence")[
                    : 8 if said else 7
                ],
                tuple(row[: 8 if said else 7] for row in rows),
                numeric=(0, 4, 5),
                keep=(2, 3),  # "essential", "not rated": never broken inside a word
                detail=(7,) if said else (),  # a terminal too narrow leaves it to the saved report
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
            lit(r.skill_name),
            r.importance,
            r.status.replace("_", " "),
            _have_need(r),
            one_decimal(r.contribution),
            _matched_by(r) or (r.reason or ""),
        )
        for r in a.requirements
    ]
    for q in a.qualifications:
        rows.append(
            (
                " or ".join(map(lit, [q.name, *q.alternatives])),
                q.importance,
                q.status,
                "-",
                one_decimal(q.contribution),
                held_text(q) if q.held else "",
            )
        )
    if a.experience:
        have = "-" if a.experience.have_years is None else f"{a.experience.have_years:g}"
        rows.append(
            (
                "experience (years)",
                experience_importance(a.experience),
                a.experience.status,
                f"{have}/{a.experience.required_years:g}",
                one_decimal(a.experience.contribution),
                "",
            )
        )
    rows.append(("**total**", "", "", "", f"**{one_decimal(a.score)}**", ""))
    return [
        Heading(level, f"Every requirement: {lit(a.role_title)} (`{a.role_id}`)"),
        Grid(
            ("skill", "importance", "status", "have/need", "points", "matched from"),
            tuple(rows),
            numeric=(4,),
            keep=(2, 3),  # one word or "2/3": never broken inside ("unrate-d")
            total=True,
        ),
    ]


def _need_cell(r: RequirementResult | None) -> Cell:
    """What one role asks of one skill, and where the person stands on it, in words (the tone only repeats them)."""
    if r is None:
        return Cell("-", "muted")
    if r.status == "not_applicable":
        return Cell("n/a", "muted")
    asked = f"{r.required}{'*' if r.importance == 'essential' else ''}"
    if r.status == "unrated":
        return Cell(f"{asked} not rated", "unknown")
    if r.gap <= 0:
        return Cell(f"{asked} met", "good")
    return Cell(f"{asked} {r.gap} short", "bad" if r.importance == "essential" else "warn")


def _have_cell(results: Sequence[RequirementResult]) -> Cell:
    rated = [r for r in results if r.status != "not_applicable"]
    if not rated:
        return Cell("n/a", "muted")
    have = rated[0].have
    return Cell("not rated", "unknown") if have is None else Cell(str(have))


def now_and_next_blocks(report: Report) -> list[Block]:
    """--with-next: the current role and the next ones side by side, one table (skill | have | need now | need
    next), after a line per role with its score and verdict. Every skill either role asks for is one row: the
    current role's first (essential first), then those only a next role asks for."""
    if len(report.assessments) < 2:
        return []
    now, later = report.assessments[0], report.assessments[1:]
    roles = [now, *later]
    # "now" only when the role analysed is the one the person holds; --role may name another (their target)
    here = (
        "now"
        if report.current_role and role_key(report.current_role) == role_key(now.role_id)
        else "this role"
    )
    summary = tuple(
        (
            here if a is now else "next",
            f"`{a.role_id}`",
            lit(a.role_title),
            score_cell(a.score, a.coverage),
            _verdict_cell(a, short=True),
            _gates_text(a),
        )
        for a in roles
    )
    by_role = [{r.skill: r for r in a.requirements} for a in roles]
    order: list[str] = []
    names: dict[str, str] = {}
    for a in roles:
        for r in sorted(a.requirements, key=lambda r: (r.importance != "essential", r.skill_name)):
            if r.skill not in names:
                order.append(r.skill)
                names[r.skill] = lit(r.skill_name)
    rows: tuple[tuple[str | Cell, ...], ...] = tuple(
        (
            names[skill],
            _have_cell([found[skill] for found in by_role if skill in found]),
            *(_need_cell(found.get(skill)) for found in by_role),
        )
        for skill in order
    )
    needs = (
        (f"need {here}", "need next")
        if len(later) == 1
        else (f"need {here}", *(f"need {a.role_id}" for a in later))
    )
    return [
        Heading(2, "Now and next, side by side" if here == "now" else "This role and the next, side by side"),
        Grid(
            ("", "role", "title", "score", "verdict", "gates"),
            summary,
            numeric=(3,),
            keep=(0, 1),
            detail=(5,),
            caption=SCORE_ON,
        ),
        Grid(
            ("skill", "have", *needs),
            rows,
            caption=f"{here.capitalize()}: {now.role_id}; next: {', '.join(a.role_id for a in later)}. Each cell is the level "
            "the role asks for (* essential) and whether yours meets it; - where the role does not ask for it.",
        ),
    ]


def _hatch(x: int, y: int, width: int, height: int) -> str:
    """Grey diagonal hatching drawn line by line (no pattern reference, so the page holds no url() at all)."""
    lines = "".join(
        f'<line x1="{x + k}" y1="{y + height}" x2="{x + k + height}" y2="{y}" stroke="#b0b0b0" stroke-width="2"/>'
        for k in range(0, max(width - height, 0) + 1, 5)
    )
    return f'<rect x="{x}" y="{y}" width="{width}" height="{height}" fill="#eee"/>{lines}'


def have_need_chart(a: Assessment) -> Figure:
    """Have against need for every requirement of a role, as an inline SVG bar chart (no script, nothing fetched).

    Each line: the level asked for as an outlined box, the level held as a filled bar inside it (hatched grey and
    'not rated' when the profile says nothing), and 'have/need' in words at the end, so colour is never the only cue.
    """
    rows = [r for r in a.requirements if r.status != "not_applicable"]
    rows.sort(key=lambda r: (r.importance != "essential", -(r.required - (r.have or 0)), r.skill_name))
    label_w, unit, top, line = 320, 60, 34, 22
    width = label_w + unit * 4 + 130
    height = top + line * len(rows) + 10
    out = [
        (
            f'<svg viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-label="{escape_html("Have against need for " + a.role_title)}" '
            'font-family="Helvetica,Arial,sans-serif" font-size="11">'
        ),
        '<rect width="100%" height="100%" fill="#fff"/>',
    ]
    for level in range(5):
        x = label_w + unit * level
        out.append(f'<line x1="{x}" y1="{top - 6}" x2="{x}" y2="{height - 6}" stroke="#ddd"/>')
        out.append(
            f'<text x="{x}" y="{top - 10}" text-anchor="middle" fill="#555" font-size="9">'
            f"{level} {LEVEL_LABELS[level]}</text>"
        )
    for i, r in enumerate(rows):
        y = top + i * line
        name = r.skill_name if len(r.skill_name) <= 46 else r.skill_name[:45] + "…"
        weight = ' font-weight="bold"' if r.importance == "essential" else ""
        out.append(
            f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end"{weight}>{escape_html(name)}'
            f"<title>{escape_html(r.skill_name)} ({r.importance})</title></text>"
        )
        if r.have is None:
            out.append(_hatch(label_w, y + 4, unit * r.required, 13))
        elif r.have:
            fill = "#1b6fa8" if r.have >= r.required else "#e69f00"
            out.append(f'<rect x="{label_w}" y="{y + 4}" width="{unit * r.have}" height="13" fill="{fill}"/>')
        out.append(
            f'<rect x="{label_w}" y="{y + 2}" width="{unit * r.required}" height="17" fill="none" '
            'stroke="#111" stroke-width="1.5"/>'
        )
        have = "not rated" if r.have is None else str(r.have)
        text = f"{have} / {r.required}" + ("" if r.status != "met" else " met")
        out.append(f'<text x="{label_w + unit * 4 + 10}" y="{y + 14}">{escape_html(text)}</text>')
    out.append("</svg>")
    return Figure(
        "".join(out),
        caption="Box: the level this role asks for. Bar: your level (blue when met, orange when short; hatched "
        "grey: not rated). Essential requirements in bold.",
        alt="Drawn as a chart in the HTML report (--format html); every requirement's have and need is in the "
        "appendix.",
    )


def session_blocks(report: Report) -> list[Block]:
    """The session report a coach keeps: who, which role, the score, strengths, gaps in priority order, talking
    points, agreed actions and next steps first; every requirement's points in an appendix."""
    main = report.assessments[0]
    titles = {action.id: lit(action.title) for action in report.actions}
    facts: list[tuple[str, str | Cell]] = [
        ("Date", report.generated_on),
        ("Person", lit(report.person) + (f" (now `{report.current_role}`)" if report.current_role else "")),
        (
            "Role",
            f"{lit(main.role_title)} (`{main.role_id}`)"
            + (f", {lit(main.framework)}" if main.framework else ""),
        ),
        ("Score", score_line(main.score, main.coverage)),
        ("Verdict", _verdict_cell(main)),
        ("Gates", _gates_text(main)),
        (
            "Rated on",
            (
                f"{RATER_TEXT.get(report.rater, report.rater)}; coverage {percent(main.coverage)}; "
                f"{plural(main.unrated, 'requirement')} unrated"
            ),
        ),
    ]
    blocks: list[Block] = [
        Heading(1, f"{lit(report.person)}: {lit(main.role_title)} (`{main.role_id}`)"),
        Facts(tuple(facts)),
        Para(_summary_sentence(report, main)),
        Heading(2, "Have and need"),
        have_need_chart(main),
    ]
    blocks += _assessment_blocks(report, main, 1, titles)
    blocks += talking_points_blocks(report)
    blocks.append(Heading(2, "Agreed actions"))
    if report.agreed_actions:
        blocks.append(Bullets(tuple(map(lit, report.agreed_actions)), checklist=True))
    else:
        blocks.append(Para("None recorded yet (add them with --actions, or an actions list in the profile)."))
    blocks += next_steps_blocks(report)
    blocks += actions_blocks(report)
    blocks += now_and_next_blocks(report)
    blocks.append(Heading(2, "Appendix: how the score was worked out", page_break=True))
    for a in report.assessments:
        blocks += _requirement_blocks(a, 3)
    blocks += not_asked_blocks(report, main)
    blocks += also_blocks(report)
    blocks += by_meaning_blocks(report)
    blocks += unmatched_blocks(report)
    blocks += notes_blocks(report.notes)
    blocks += matcher_blocks(report)
    return blocks


# ----------------------------------------------------------------------------- csv
def safe_cell(value: object) -> str:
    """Neutralise spreadsheet formulas: a cell starting with = + - @ (or tab) gets a leading apostrophe; terminal
    controls and other invisible characters (careergap.words.clean_text) are dropped, so printing the file is safe."""
    return spreadsheet_safe("" if value is None else clean_text(str(value)))


def render_csv(report: Report) -> str:
    """One row per line of each role's score, so a role's ``contribution`` cells add up to its ``score``: every skill
    requirement, then each qualification requirement (``skill`` holds its id; ``have`` the award that satisfies it)
    and the experience line (``skill`` is ``experience``; have and need in years). ``line`` says which. Every row
    carries its role's ``match`` (fit) and ``coverage``; a match report adds the role's ``rank``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    ranked = report.kind == "match"
    for n, a in enumerate(report.assessments, 1):
        lines: list[tuple[object, ...]] = [
            # an unrated line's gap is not known (blank, as its have): a script summing gaps must not count it
            (
                r.skill,
                r.importance,
                r.status,
                r.have,
                r.required,
                None if r.have is None else r.gap,
                r.contribution,
                "skill",
            )
            for r in a.requirements
        ]
        lines += [
            (q.qualification, q.importance, q.status, q.held_as, None, None, q.contribution, "qualification")
            for q in a.qualifications
        ]
        if a.experience is not None:
            e = a.experience
            lines.append(
                (
                    "experience",
                    experience_importance(e),
                    e.status,
                    e.have_years,
                    e.required_years,
                    None,
                    e.contribution,
                    "experience",
                )
            )
        role = (a.match, a.coverage, n if ranked else None)  # fit and coverage are known for any report
        for line in lines:
            writer.writerow(
                [
                    safe_cell("" if v is None else v)
                    for v in (report.person, a.role_id, a.score, a.verdict, *line, *role)
                ]
            )
    return buffer.getvalue()


CSV_COLUMNS = (
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
    "line",
    "match",
    "coverage",
    "rank",
)


# ----------------------------------------------------------------------------- html
def render_html(report: Report) -> str:
    """A self-contained A4 document (inline CSS and SVG, no scripts, nothing fetched): footer with the person, the
    date and the page number on every printed page."""
    blocks = match_blocks(report) if report.kind == "match" else session_blocks(report)
    kind = "role match" if report.kind == "match" else "session report"
    return to_html(
        blocks,
        title=f"careergap {kind}: {report.person} ({report.generated_on})",
        footer=f"{report.person} · careergap {kind} · {report.generated_on}",
    )


RENDERERS = {
    "json": render_json,
    "markdown": render_markdown,
    "csv": render_csv,
    "html": render_html,
}
