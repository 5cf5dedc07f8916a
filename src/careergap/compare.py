"""Progress between two sessions: the same person's two profiles scored against one role, and what moved. Pure."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from careergap.analysis import Analyser, phrase_note
from careergap.dates import report_date
from careergap.errors import CareergapError
from careergap.models.profile import Profile, Rater
from careergap.models.report import Assessment, Document, Report, RequirementResult, Status, Verdict
from careergap.scoring import half_up
from careergap.words import same_words

# Known gaps: an unrated requirement is not a gap (said nothing is not "cannot"); it has lists of its own.
GAP_STATUSES: frozenset[str] = frozenset({"missing", "partial"})
VERDICT_RANK: dict[str, int] = {"not yet": 0, "stretch": 1, "nearly": 2, "ready": 3}


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SkillChange(_Out):
    """One requirement of the role, before and after."""

    skill: str
    skill_name: str
    importance: Literal["essential", "desirable"]
    required: int
    before: int | None = Field(description="Level before (None: unrated)")
    after: int | None = Field(description="Level after (None: unrated)")
    before_status: Status
    after_status: Status
    before_gap: int = Field(
        description="Levels missing before (an unrated requirement counts its whole level, as in the analysis; "
        "such a line is in rated_now, no_longer_rated or still_unrated, never among the gaps)"
    )
    after_gap: int
    priority: float = Field(description="Priority after (weight x levels still missing)")


class SkillLevel(_Out):
    """A skill the profile rates, whether or not the role asks for it."""

    skill: str
    skill_name: str
    level: int
    in_role: bool


class Side(_Out):
    """One of the two profiles against the role."""

    label: str = Field(description="Where the profile came from, e.g. its file name")
    person: str
    assessed_on: str | None = None
    score: float
    verdict: Verdict
    gates_passed: bool
    essential_gaps: int
    unrated: int
    coverage: float


class CompareReport(Document):
    """What moved between two sessions, against one role."""

    kind: Literal["compare"] = "compare"
    generated_on: str
    person: str
    role_id: str
    role_title: str
    rater: str
    before: Side
    after: Side
    score_change: float = Field(description="after.score - before.score, to one decimal")
    direction: Literal["up", "down", "same", "unknown"] = Field(
        description='How the verdict moved; "unknown" when either verdict is "unknown" (not enough information), '
        "since the score alone does not say the person is readier"
    )
    closed: list[SkillChange] = Field(
        default_factory=list, description="Gaps before, met (or not applicable) after"
    )
    narrowed: list[SkillChange] = Field(
        default_factory=list, description="Still gaps, but fewer levels missing"
    )
    widened: list[SkillChange] = Field(
        default_factory=list, description="Still gaps, with more levels missing"
    )
    new_gaps: list[SkillChange] = Field(default_factory=list, description="Met before, gaps after")
    still_open: list[SkillChange] = Field(
        default_factory=list, description="Gaps before and after, the same size"
    )
    rated_now: list[SkillChange] = Field(
        default_factory=list,
        description="Unrated before, rated after (met or not): not a gap closed or opened, since nothing was known "
        "before (schema 1.5)",
    )
    no_longer_rated: list[SkillChange] = Field(
        default_factory=list, description="Rated before, unrated after (schema 1.5)"
    )
    still_unrated: list[SkillChange] = Field(
        default_factory=list, description="Unrated before and after: not known, so not a gap (schema 1.5)"
    )
    skills_added: list[SkillLevel] = Field(
        default_factory=list,
        description="Skills rated after and not before (in words the earlier profile lacked)",
    )
    skills_now_read: list[SkillLevel] = Field(
        default_factory=list,
        description="Skills rated after from words the earlier profile already had but careergap could not read "
        "then, or read as another skill (confirmed since, or matched by a newer library): not new, so not progress "
        "(schema 1.3)",
    )
    skills_removed: list[SkillLevel] = Field(
        default_factory=list, description="Skills rated before and not after"
    )
    skills_read_differently: list[SkillLevel] = Field(
        default_factory=list,
        description="Skills rated before only from words confirmed as another skill since (that one is in "
        "skills_now_read): careergap's reading changed, not the person (schema 1.4)",
    )
    qualifications_gained: list[str] = Field(
        default_factory=list, description="Qualifications held after, not before"
    )
    qualifications_lost: list[str] = Field(default_factory=list)
    qualifications_now_read: list[str] = Field(
        default_factory=list,
        description="Awards held after that the earlier profile already listed in the same words, unread then "
        "(confirmed since): not gained (schema 1.3)",
    )
    experience_before: float | None = None
    experience_after: float | None = None
    actions_before: list[str] = Field(
        default_factory=list, description="Actions agreed at the earlier session"
    )
    actions_after: list[str] = Field(default_factory=list, description="Actions agreed at the later session")
    notes: list[str] = Field(default_factory=list)
    matcher: str | None = Field(
        default=None, description="Which phrase matcher ran (as in an analysis report; schema 1.5)"
    )


def choose_role(
    analyser: Analyser, before: Profile, after: Profile, role_id: str | None, rater: Rater
) -> tuple[str, str | None]:
    """The role to compare on and a note saying where it came from (None when given): the one rule of
    careergap.choice, reading AFTER's target and current role first, then BEFORE's, and AFTER's best fit."""
    both = after.model_copy(
        update={
            "target_role": after.target_role or before.target_role,
            "current_role": after.current_role or before.current_role,
        }
    )
    resolved = analyser.resolve(after, rater).profile
    choice = analyser.choose(both, resolved, role_id, who="the later profile")
    if choice.basis in ("target_role", "current_role") and not getattr(after, choice.basis):
        choice = analyser.choose(before, resolved, None, who="the earlier profile")  # only the note differs
    return choice.role_id, None if choice.basis == "given" else choice.note


def _analyse(
    analyser: Analyser, profile: Profile, label: str, role_id: str, rater: Rater, today: dt.date
) -> Report:
    try:
        return analyser.analyse(profile, role_id, rater=rater, today=today)
    except CareergapError as exc:
        raise CareergapError(f"{label}: {exc.message}", exc.hint) from None


def _side(label: str, profile: Profile, a: Assessment) -> Side:
    return Side(
        label=label,
        person=profile.name,
        assessed_on=profile.assessed_on,
        score=a.score,
        verdict=a.verdict,
        gates_passed=a.gates_passed,
        essential_gaps=a.essential_gaps,
        unrated=a.unrated,
        coverage=a.coverage,
    )


def _change(b: RequirementResult, a: RequirementResult) -> SkillChange:
    return SkillChange(
        skill=a.skill,
        skill_name=a.skill_name,
        importance=a.importance,
        required=a.required,
        before=b.have,
        after=a.have,
        before_status=b.status,
        after_status=a.status,
        before_gap=b.gap,
        after_gap=a.gap,
        priority=a.priority,
    )


def compare_profiles(
    analyser: Analyser,
    before: Profile,
    after: Profile,
    *,
    role_id: str | None = None,
    rater: Rater = "self",
    before_label: str = "before",
    after_label: str = "after",
    today: dt.date | None = None,
) -> CompareReport:
    """Score both profiles against one role (see :func:`choose_role`) and sort every requirement into closed,
    narrowed, widened, new or still-open gaps; list the skills and qualifications added or dropped."""
    day = today or report_date()
    notes: list[str] = []
    chosen, note = choose_role(analyser, before, after, role_id, rater)
    if note:
        notes.append(note)
    role = analyser.library.role(chosen)
    report_before = _analyse(analyser, before, before_label, role.id, rater, day)
    report_after = _analyse(analyser, after, after_label, role.id, rater, day)
    a_before, a_after = report_before.assessments[0], report_after.assessments[0]

    closed: list[SkillChange] = []
    narrowed: list[SkillChange] = []
    widened: list[SkillChange] = []
    new_gaps: list[SkillChange] = []
    still_open: list[SkillChange] = []
    rated_now: list[SkillChange] = []
    no_longer_rated: list[SkillChange] = []
    still_unrated: list[SkillChange] = []
    rows_before = {r.skill: r for r in a_before.requirements}
    for row in a_after.requirements:
        change = _change(rows_before[row.skill], row)
        unrated_before, unrated_after = change.before_status == "unrated", change.after_status == "unrated"
        was_gap = change.before_status in GAP_STATUSES
        is_gap = change.after_status in GAP_STATUSES
        if unrated_before and unrated_after:
            still_unrated.append(change)
        elif unrated_before:
            rated_now.append(change)
        elif unrated_after:
            no_longer_rated.append(change)
        elif was_gap and not is_gap:
            closed.append(change)
        elif not was_gap and is_gap:
            new_gaps.append(change)
        elif was_gap and is_gap:
            if change.after_gap < change.before_gap:
                narrowed.append(change)
            elif change.after_gap > change.before_gap:
                widened.append(change)
            else:
                still_open.append(change)

    def by_priority(changes: list[SkillChange]) -> list[SkillChange]:
        return sorted(changes, key=lambda c: (-c.priority, c.importance != "essential", c.skill_name))

    def by_weight(changes: list[SkillChange]) -> list[SkillChange]:
        return sorted(changes, key=lambda c: (c.importance != "essential", -c.before_gap, c.skill_name))

    asked = {r.skill for r in role.requirements}
    resolved_before = analyser.resolve(before, rater)
    skills_before = resolved_before.profile.skills
    skills_after = analyser.resolve(after, rater).profile.skills
    names = analyser.skill_names
    # The same words, unread before and read now (a phrase confirmed between the sessions), are not progress; nor are
    # words read as one skill before and confirmed as another since (the earlier skill is read differently, not lost).
    unread_before = {same_words(m.phrase) for m in resolved_before.unmatched}
    read_before = {same_words(u.phrase): s for s, resolved in skills_before.items() for u in resolved.phrases}
    read_after = {same_words(u.phrase): s for s, resolved in skills_after.items() for u in resolved.phrases}
    moved_words = {w for w in read_before.keys() & read_after.keys() if read_before[w] != read_after[w]}
    now_read = {
        skill
        for skill, resolved in skills_after.items()
        if skill not in skills_before
        and any(same_words(use.phrase) in unread_before | moved_words for use in resolved.phrases)
    }
    read_differently = {
        skill
        for skill, resolved in skills_before.items()
        if skill not in skills_after
        and all(same_words(use.phrase) in moved_words for use in resolved.phrases)
    }

    def levels(ids: set[str], source: dict[str, int]) -> list[SkillLevel]:
        return sorted(
            (SkillLevel(skill=s, skill_name=names[s], level=source[s], in_role=s in asked) for s in ids),
            key=lambda x: (not x.in_role, x.skill_name),
        )

    after_levels = {k: v.level for k, v in skills_after.items()}
    before_levels = {k: v.level for k, v in skills_before.items()}
    held_before = {m.target for m in report_before.qualifications if m.status == "matched" and m.target}
    held_after = {m.target for m in report_after.qualifications if m.status == "matched" and m.target}
    qnames = analyser.qualification_names
    unread_awards = {same_words(m.phrase) for m in report_before.qualifications if m.status != "matched"}
    awards_now_read = {
        m.target
        for m in report_after.qualifications
        if m.status == "matched" and m.target and same_words(m.phrase) in unread_awards
    } - held_before

    if before.name.strip().casefold() != after.name.strip().casefold():
        notes.append(f"the two profiles name different people ({before.name!r} and {after.name!r})")
    if before.assessed_on and after.assessed_on and after.assessed_on < before.assessed_on:
        notes.append(
            f"the later profile is dated {after.assessed_on}, before the earlier one ({before.assessed_on}): "
            "are they the right way round?"
        )
    # a skill now read was unrated before (its words unread, or read as another skill), so it is rated for the first time
    moved = sorted({c.skill_name for c in rated_now if c.skill in now_read})
    if moved:
        notes.append(
            f"{', '.join(moved)}: the earlier profile had the same words, which careergap could not read then; "
            "the change there is careergap reading them now (confirmed since), not progress"
        )
    notes += [f"{before_label}: {n}" for n in report_before.notes if not n.startswith("role taken")]
    notes += [f"{after_label}: {n}" for n in report_after.notes if not n.startswith("role taken")]
    notes += [
        f"{label}: {n}"
        for label, report in ((before_label, report_before), (after_label, report_after))
        for n in phrase_note(report.unmatched, report.matches)
    ]
    score_change = float(half_up(a_after.score - a_before.score, 1))
    # An unknown verdict has no place in the order: a higher score on fewer rated lines is not progress.
    unknown = "unknown" in (a_after.verdict, a_before.verdict)
    rank_change = 0 if unknown else VERDICT_RANK[a_after.verdict] - VERDICT_RANK[a_before.verdict]
    return CompareReport(
        generated_on=day.isoformat(),
        person=after.name,
        role_id=role.id,
        role_title=role.title,
        rater=rater,
        before=_side(before_label, before, a_before),
        after=_side(after_label, after, a_after),
        score_change=score_change,
        direction="unknown"
        if unknown
        else "up"
        if rank_change > 0
        else "down"
        if rank_change < 0
        else "same",
        closed=by_weight(closed),
        narrowed=by_priority(narrowed),
        widened=by_priority(widened),
        new_gaps=by_priority(new_gaps),
        still_open=by_priority(still_open),
        rated_now=by_priority(rated_now),
        no_longer_rated=by_priority(no_longer_rated),
        still_unrated=by_priority(still_unrated),
        skills_added=levels(set(after_levels) - set(before_levels) - now_read, after_levels),
        skills_now_read=levels(now_read, after_levels),
        skills_removed=levels(set(before_levels) - set(after_levels) - read_differently, before_levels),
        skills_read_differently=levels(read_differently, before_levels),
        qualifications_gained=sorted(qnames.get(q, q) for q in held_after - held_before - awards_now_read),
        qualifications_now_read=sorted(qnames.get(q, q) for q in awards_now_read),
        # an award the later profile's awards imply is not lost (Foundation, once Practitioner is listed)
        qualifications_lost=sorted(
            qnames.get(q, q) for q in held_before - analyser.library.implied_qualifications(held_after)
        ),
        experience_before=before.years_experience,
        experience_after=after.years_experience,
        actions_before=list(before.actions),
        actions_after=list(after.actions),
        notes=notes,
        matcher=report_after.matcher,
    )
