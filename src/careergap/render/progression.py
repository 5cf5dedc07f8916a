"""Render progression reports (next steps, paths, role diffs, the role graph) as rich views, Markdown and Mermaid."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType

from careergap.models.report import Assessment, Gap, NextReport, PathReport, PathStep, RoleDiff, RoleGraph
from careergap.render._text import lit, plural, profile_name, verdict_text
from careergap.render.document import (
    Block,
    Bullets,
    Cell,
    Facts,
    Grid,
    Heading,
    Para,
    to_html,
    to_markdown,
    to_rich,
)
from careergap.render.report import (
    SCORE_ON,
    SHORT_VERDICT,
    VERDICT_TONE,
    gap_tries,
    matcher_blocks,
    notes_blocks,
    score_cell,
    score_line,
)


def _have(value: int | None) -> str:
    return "unrated" if value is None else str(value)


# ----------------------------------------------------------------------------- next
def _verdict(a: Assessment) -> Cell:
    return Cell(verdict_text(a.verdict, a.verdict_range), VERDICT_TONE[a.verdict])


def _gap_grid(gaps: Sequence[Gap], actions: int = 3) -> Grid:
    rows = tuple(
        (
            lit(g.skill_name),
            g.importance,
            _have(g.have),
            str(g.required),
            gap_tries(g, actions),
        )
        for g in gaps
    )
    return Grid(("gap", "importance", "have", "need", "try"), rows, numeric=(3,))


def _essential_gaps(a: Assessment) -> str:
    """Known essential gaps, and the essentials not rated beside them: '0' alone read as nothing missing."""
    unrated = len(a.unrated_essentials)
    return f"{a.essential_gaps} known, {unrated} not rated" if unrated else str(a.essential_gaps)


def _step_gaps_legend(steps: Sequence[PathStep]) -> str:
    """The caption's key to "0 (+11)", read off the first step with essentials not rated (a fixed example read as
    one of the table's rows); "" when every essential is rated."""
    step = next((s for s in steps if s.unrated_essentials), None)
    if step is None:
        return ""
    return (
        f"; essential gaps {_step_gaps(step)}: {step.essential_gaps} known, "
        f"{plural(step.unrated_essentials, 'essential line')} not rated"
    )


def _step_gaps(step: PathStep) -> str:
    """A path step's known essential gaps, with the essentials not rated beside them ("0 (+11)", as next's
    `_essential_gaps`): "0" alone over eleven unrated essentials read as a step with nothing missing."""
    unrated = step.unrated_essentials
    return f"{step.essential_gaps} (+{unrated})" if unrated else str(step.essential_gaps)


def _starts_where_they_are(basis: str | None) -> bool:
    """'Now' only for the role the person holds (current_role) or names with --from (given); a target role or a best
    fit is where a next or path report starts, not where the person is."""
    return basis in (None, "current_role", "given")


def next_blocks(report: NextReport) -> list[Block]:
    """Every next role from where the person is: readiness, the gaps and what to try, promotions before lateral
    moves."""
    c = report.current
    why = {
        "target_role": ": your target role (no current_role given)",
        "best_fit": ": your best fit (no role given)",
    }
    because = "" if _starts_where_they_are(report.from_basis) else why.get(report.from_basis or "", "")
    blocks: list[Block] = [
        Heading(1, f"Next steps for {lit(report.person)}"),
        Facts(
            (
                ("From" if because else "Now", f"{lit(report.from_title)} (`{report.from_role}`){because}"),
                ("Score", score_line(c.score, c.coverage)),
                ("Verdict", _verdict(c)),
                ("Date", report.generated_on),
            )
        ),
    ]
    if not report.options:
        blocks.append(Para("No promotion or lateral move is linked to this role in the library."))
    elif not any(option.kind == "next" for option in report.options):
        blocks.append(
            Para(
                f"No promotion leads on from {lit(report.from_title)}: it is the top of its ladder in the library."
            )
        )
    for option in report.options:
        a = option.assessment
        kind = "Promotion" if option.kind == "next" else "Lateral move"
        basis = option.basis.removeprefix("inferred: ") if option.inferred_link else option.basis
        link = ("inferred link: " if option.inferred_link else "link: ") + lit(basis)
        blocks += [
            Heading(2, f"{kind}: {lit(a.role_title)} (`{a.role_id}`)"),
            Facts(
                (
                    ("Score", score_line(a.score, a.coverage)),
                    ("Verdict", _verdict(a)),
                    ("Essential gaps", _essential_gaps(a)),
                )
            ),
            Para(link, muted=True),
        ]
        if a.gaps:
            blocks.append(_gap_grid(a.gaps))
        else:
            blocks.append(Para("No gaps: every requirement is met or not applicable.", tone="good"))
        if option.actions:
            blocks.append(
                Bullets(tuple(f"**{lit(x.title)}** ({x.kind}): {lit(x.description)}" for x in option.actions))
            )
    blocks += notes_blocks(report.notes) + matcher_blocks(report)
    return blocks


def next_table(report: NextReport) -> RenderableType:
    return to_rich(next_blocks(report))


def next_markdown(report: NextReport) -> str:
    return to_markdown(next_blocks(report))


def next_html(report: NextReport) -> str:
    return to_html(
        next_blocks(report),
        title=f"careergap next steps: {report.person} ({report.generated_on})",
        footer=f"{report.person} · careergap next steps · {report.generated_on}",
    )


# ----------------------------------------------------------------------------- path
def _more_gaps(step: PathStep) -> tuple[str, ...]:
    """The line under a step's listed gaps that says how many more are first met there, and where to see them."""
    if not step.more_new_gaps:
        return ()
    command = f"careergap analyse {lit(profile_name())} --role {step.role_id}"
    return (f"and {step.more_new_gaps} more: {command} lists them all",)


def path_blocks(report: PathReport) -> list[Block]:
    """The route up the ladder: each step's readiness and its most important gaps, then the growth per skill."""
    start = "now" if _starts_where_they_are(report.from_basis) else "start"
    moves = len(report.steps) - 1
    blocks: list[Block] = [
        Heading(1, f"Path for {lit(report.person)}: `{report.from_role}` → `{report.to_role}`"),
        Para(
            f"{plural(moves, 'step')}"
            + ("" if report.reachable_by_promotion else ", including a lateral move")
            + f" · {report.generated_on}",
            muted=True,
        ),
    ]
    rows = []
    for n, step in enumerate(report.steps):
        via = {"start": start, "next": "promotion", "related": "lateral move"}[step.via]
        rows.append(
            (
                str(n) if n else start,
                f"`{step.role_id}`",
                lit(step.role_title),
                via + (" (inferred link)" if step.inferred_link else ""),
                score_cell(step.score, step.coverage),
                Cell(SHORT_VERDICT.get(step.verdict, step.verdict), VERDICT_TONE[step.verdict]),
                _step_gaps(step),
            )
        )
    blocks.append(
        Grid(
            ("step", "role", "title", "move", "score", "verdict", "essential gaps"),
            tuple(rows),
            numeric=(4, 6),
            keep=(1, 5),
            detail=(2,),  # a terminal too narrow for the title keeps the id and every figure
            caption=SCORE_ON + _step_gaps_legend(report.steps),
        )
    )
    for n, step in enumerate(report.steps):
        label = f"Step {n}" if n else start.capitalize()
        if step.new_gaps:
            # a skill is listed at the first step that asks for more than the person has; later steps that ask
            # for more of it are in the growth table, not repeated here
            blocks += [
                Heading(3, f"{label}: gaps first met at {lit(step.role_title)}"),
                Bullets(
                    tuple(
                        f"{lit(g.skill_name)}: have {_have(g.have)}, need {g.required} ({g.importance})"
                        for g in step.new_gaps
                    )
                    + _more_gaps(step)
                ),
            ]
        elif n and step.essential_gaps:
            blocks += [
                Heading(3, f"{label}: no gap new at {lit(step.role_title)}"),
                Para(
                    f"Its {plural(step.essential_gaps, 'essential gap')} are in skills an earlier step already "
                    "falls short on, asked for at higher levels here: see the growth per skill below."
                ),
            ]
    steps = report.steps[1:] or report.steps
    growth = [
        (
            lit(g.skill_name),
            _have(g.have),
            *(str(g.need.get(step.role_id, "")) for step in steps),
            f"up to {g.to_gain}" if g.have is None else str(g.to_gain),  # said nothing is not 0
        )
        for g in report.growth
        if g.to_gain
    ]
    if growth:
        blocks += [
            Heading(2, "Growth per skill along the route"),
            Grid(
                ("skill", "have", *(step.grade or step.role_id for step in steps), "to gain"),
                tuple(growth),
                numeric=tuple(range(1, len(steps) + 3)),
            ),
        ]
    if report.actions:
        # the skills of the route, by name as elsewhere
        names = {g.skill: g.skill_name for g in report.growth}
        blocks += [
            Heading(2, "Actions that work on the most gaps of this route"),
            Bullets(
                tuple(
                    f"**{lit(a.title)}** ({a.kind}{', suggested by careergap' if a.inferred else ''}): works on "
                    + (", ".join(lit(names.get(x, x)) for x in a.closes) or a.qualification or "")
                    for a in report.actions
                )
            ),
        ]
    blocks += notes_blocks(report.notes) + matcher_blocks(report)
    return blocks


def path_table(report: PathReport) -> RenderableType:
    return to_rich(path_blocks(report))


def path_markdown(report: PathReport) -> str:
    return to_markdown(path_blocks(report))


def path_html(report: PathReport) -> str:
    return to_html(
        path_blocks(report),
        title=f"careergap path: {report.person} ({report.generated_on})",
        footer=f"{report.person} · careergap path · {report.generated_on}",
    )


# ----------------------------------------------------------------------------- diff
def diff_blocks(d: RoleDiff) -> list[Block]:
    """What separates two roles: skills that rise, new ones, those asked for less or no longer, and the rest."""

    def level(value: int | None) -> str:
        return "-" if value is None else str(value)

    blocks: list[Block] = [Heading(1, f"{d.from_title} (`{d.from_role}`) → {d.to_title} (`{d.to_role}`)")]
    for title, rows in (
        ("Rising", d.rising),
        ("New at this role", d.new),
        ("Asked for less", d.lower),
        ("No longer asked for", d.dropped),
        ("Unchanged", d.same),
    ):
        if rows:
            cells = tuple(
                (
                    lit(c.skill_name),
                    level(c.from_level),
                    level(c.to_level),
                    c.to_importance or c.from_importance or "",
                )
                for c in rows
            )
            blocks += [
                Heading(2, f"{title} ({len(rows)})"),
                Grid(("skill", d.from_role, d.to_role, "importance"), cells, numeric=(1, 2)),
            ]
    if d.new_qualifications:
        blocks += [Heading(2, "New qualifications"), Bullets(tuple(d.new_qualifications))]
    if d.dropped_qualifications:
        blocks += [Heading(2, "Qualifications no longer asked for"), Bullets(tuple(d.dropped_qualifications))]
    if d.experience_from is not None or d.experience_to is not None:
        years = f"{_years(d.experience_from)} → {_years(d.experience_to)} years"
        blocks.append(Para(f"Experience: {years}"))
    return blocks


def _years(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def diff_table(d: RoleDiff) -> RenderableType:
    return to_rich(diff_blocks(d))


def diff_markdown(d: RoleDiff) -> str:
    return to_markdown(diff_blocks(d))


# ----------------------------------------------------------------------------- graph
def graph_blocks(g: RoleGraph) -> list[Block]:
    """The progression graph: every promotion ladder, then every link with its basis."""
    links = tuple(
        (
            f"`{e.source}`",
            e.kind + ("*" if e.inferred else ""),
            f"`{e.target}`",
            e.basis.removeprefix("inferred: "),
        )
        for e in g.edges
    )
    return [
        Heading(1, "Role graph"),
        Heading(2, "Promotion ladders"),
        Bullets(tuple(" → ".join(f"`{r}`" for r in ladder) for ladder in g.ladders)),
        *(
            []
            if g.ladders_complete
            else [
                Para(
                    f"Only the first {len(g.ladders):,} ladders are listed (`MAX_LADDERS`): the promotion links branch "
                    "into more chains than that. The links below are complete.",
                    muted=True,
                )
            ]
        ),
        Heading(2, "Links"),
        Grid(("from", "link", "to", "basis"), links, keep=(0, 2), detail=(3,)),
        Para("* inferred link. The basis of each link: --format markdown.", muted=True),
    ]


def graph_table(g: RoleGraph) -> RenderableType:
    return to_rich(graph_blocks(g))


def _mermaid_label(text: str) -> str:
    """A title as Mermaid label text: one line, and no character Mermaid or a browser would read as markup
    (quotes, angle brackets, '&' and '#' become Mermaid's #code; entities).

    >>> _mermaid_label('A "B" <script>\\nx')
    'A #quot;B#quot; #lt;script#gt; x'
    """
    codes = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;"}
    return "".join(codes.get(c, c) for c in " ".join(text.split()))


def graph_mermaid(g: RoleGraph) -> str:
    """The graph as a Mermaid flowchart: promotions as arrows, lateral moves as dotted lines. A lateral link that
    both roles declare is drawn once, where it is first met, and marked inferred only when both sides infer it."""
    out = ["flowchart BT"]
    for role in g.roles:
        label = _mermaid_label(str(role["title"]))
        out.append(f'  {str(role["id"]).replace("-", "_")}["{label}"]')
    lateral_inferred: dict[frozenset[str], bool] = {}
    for e in g.edges:
        if e.kind != "next":
            pair = frozenset((e.source, e.target))
            lateral_inferred[pair] = lateral_inferred.get(pair, True) and e.inferred
    for e in g.edges:
        a, b = e.source.replace("-", "_"), e.target.replace("-", "_")
        if e.kind == "next":
            out.append(f"  {a} -->{'|inferred|' if e.inferred else ''} {b}")
            continue
        pair = frozenset((e.source, e.target))
        if pair in lateral_inferred:
            out.append(f"  {a} -.-{'|inferred|' if lateral_inferred.pop(pair) else ''} {b}")
    return "\n".join(out) + "\n"


def graph_markdown(g: RoleGraph) -> str:
    return to_markdown(graph_blocks(g))
