"""From profile to report: resolve phrases, score roles, pick gaps and actions. Pure: no I/O, no printing."""

from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from careergap import progression, scoring
from careergap.choice import RoleChoice, choose_role
from careergap.dates import report_date
from careergap.errors import CareergapError
from careergap.library import Library
from careergap.models.profile import NOT_A_SKILL, Profile, Rater
from careergap.models.report import (
    Action,
    Assessment,
    Candidate,
    NextOption,
    NextReport,
    PathReport,
    PathStep,
    PhraseUse,
    RatingDifference,
    Report,
    SkillGrowth,
    SkillMatch,
)
from careergap.models.roles import Role
from careergap.resolve import Resolver, build_resolver
from careergap.scoring import (
    CompiledRole,
    ResolvedProfile,
    ResolvedSkill,
    compile_role,
    explain,
    rank_key,
    score,
    seniority,
)
from careergap.words import plural, years

DIFFERENCE_THRESHOLD = 2


class EmptyProfileError(CareergapError):
    """A profile that says nothing we can score; `confirm` when its phrases were only not understood, so that
    `careergap profile confirm FILE` (which offers the likeliest skills for each) is the way on."""

    def __init__(self, message: str, hint: str | None = None, *, confirm: bool = False) -> None:
        super().__init__(message, hint)
        self.confirm = confirm


@dataclass(frozen=True)
class Resolution:
    """A profile mapped onto the library, with the evidence of how each phrase resolved."""

    profile: ResolvedProfile
    matches: list[SkillMatch]
    unmatched: list[SkillMatch]
    qualifications: list[SkillMatch]
    rating_differences: list[RatingDifference]
    notes: list[str]


# The notes a person's phrases give, in every path that reads them (analyse, the API, batch): one wording each.
def merged_note(count: int, skill_name: str, level: int) -> str:
    return f"{count} phrases map to {skill_name}; the highest level ({level}) is used"


def unrated_by_rater_note(count: int, rater: str) -> str:
    has, was = ("has", "was") if count == 1 else ("have", "were")
    return f"{plural(count, 'skill')} {has} no {rater} rating and {was} left unrated"


def set_aside_note(phrases: Sequence[str]) -> str:
    listed = ", ".join(map(repr, phrases))
    return f"{plural(len(phrases), 'phrase')} set aside as naming no library skill, as you said (skill: none): {listed}"


def mapped_aside_note(phrases: Sequence[str]) -> str:
    listed = ", ".join(map(repr, phrases))
    return (
        f"{plural(len(phrases), 'phrase')} set aside as naming no library skill, as your organisation's phrase map "
        f"says (none): {listed}"
    )


def award_in_skills_note(phrase: str, award_name: str) -> str:
    return f"{phrase!r} among the skills names an award ({award_name}): counted among the qualifications"


def excluded_nothing_note(entry: str) -> str:
    return f"not_applicable entry {entry!r} matched no skill and was ignored"


def phrase_note(unmatched: Sequence[SkillMatch], matches: Sequence[SkillMatch]) -> list[str]:
    """For reports that do not list the phrases (next, path, compare): how many were not understood or were matched
    by meaning, so a person knows the answer rests on fewer or on unconfirmed words. Empty when every phrase was read
    by its words or confirmed."""
    unread = [m.phrase for m in unmatched if m.kind == "skill"]
    by_meaning = [m for m in matches if m.status == "matched" and m.method == "semantic"]
    # the other skills lines name that were read by meaning from one of their items
    items = [o for m in matches for o in m.also if o.method == "semantic"]
    if not unread and not by_meaning and not items:
        return []
    parts = []
    if unread:
        shown = ", ".join(repr(p) for p in unread[:3]) + (", ..." if len(unread) > 3 else "")
        parts.append(f"{plural(len(unread), 'phrase')} not understood and not counted ({shown})")
    to_confirm = [f"{plural(len(by_meaning), 'phrase')} matched by meaning"] if by_meaning else []
    if items:
        to_confirm.append(f"{plural(len(items), 'other skill')} read by meaning from an item of a line")
    if to_confirm:
        parts.append(" and ".join(to_confirm) + ", to confirm")
    return [" and ".join(parts) + ": see careergap analyse, settle them with careergap profile confirm"]


def experience_note(assessment: Assessment) -> list[str]:
    """A note when the person's years fall well short of an estimate the role shows but does not score: a verdict of
    'ready' on self-ratings of 4 with 2 years against 8 is worth a conversation, though the years are not counted."""
    e = assessment.experience
    if e is None or e.scored or e.have_years is None or e.have_years >= e.required_years / 2:
        return []
    return [
        (
            f"{years(e.have_years, possessive=True)} experience against the {e.required_years:g} or so "
            f"{assessment.role_id} "
            "usually takes (an estimate, shown, not scored): worth discussing beside the ratings"
        )
    ]


def thin_best_fit(basis: str, assessment: Assessment) -> list[str]:
    """A note when the role was chosen as the best fit on little rated: that choice is close to a guess."""
    if basis != "best_fit" or assessment.coverage >= scoring.THIN_COVERAGE:
        return []
    return [
        (
            f"that best fit rests on {scoring.percent(assessment.coverage)} of {assessment.role_id} rated, so another role may "
            "fit as well: give a target_role, or rate more (careergap assess --role ROLE_ID), before reading it as advice"
        )
    ]


class Analyser:
    """A library and its phrase index, ready to score any number of profiles."""

    def __init__(self, library: Library, resolver: Resolver | None = None) -> None:
        self.library = library
        self.resolver = resolver or build_resolver(library)
        self.skill_names = {sid: s.name for sid, s in library.skills.items()}
        self.qualification_names = {qid: q.name for qid, q in library.qualifications.items()}
        self.seniority = seniority(library.roles.values())
        self._compiled: dict[str, CompiledRole] = {}

    def compiled(self, role: Role) -> CompiledRole:
        """The role compiled for scoring (once per role)."""
        found = self._compiled.get(role.id)
        if found is None or found.role is not role:
            found = self._compiled[role.id] = compile_role(role, self.skill_names, self.qualification_names)
        return found

    # -- resolution ---------------------------------------------------------------------------
    def resolve(self, profile: Profile, rater: Rater = "self") -> Resolution:
        levels: dict[str, list[tuple[int, PhraseUse, str | None]]] = defaultdict(list)
        matches: list[SkillMatch] = []
        unmatched: list[SkillMatch] = []
        differences: list[RatingDifference] = []
        notes: list[str] = []
        unrated_by_rater = 0
        set_aside: list[str] = []
        mapped_aside: list[str] = []
        for item in profile.skills:
            if self.sets_aside(item.name, item.skill):  # as said beside it, or as the phrase map says
                (set_aside if item.skill == NOT_A_SKILL else mapped_aside).append(item.name)
                continue
            match = self.skill_match(item.name, stated=item.skill)
            also = self.also_matches(item.name, match, item.also)
            unmatched += [other for other in also if other.status != "matched"]  # an id the library lacks
            also = [other for other in also if other.status == "matched"]
            if also:
                match = match.model_copy(update={"also": also})
            matches.append(match)
            if match.status != "matched" or match.target is None:
                unmatched.append(match)
                continue
            ratings = {
                name: value
                for name, value in (
                    ("self", item.level),
                    ("coach", item.coach_level),
                    ("manager", item.manager_level),
                )
                if value is not None
            }
            if len(ratings) > 1 and max(ratings.values()) - min(ratings.values()) >= DIFFERENCE_THRESHOLD:
                differences.append(
                    RatingDifference(
                        skill=match.target,
                        skill_name=self.skill_names[match.target],
                        phrase=item.name,
                        ratings=ratings,
                    )
                )
            level = item.rating(rater)
            if level is None:
                unrated_by_rater += 1
                continue
            use = PhraseUse(phrase=item.name, level=level, score=match.score, method=match.method)
            levels[match.target].append((level, use, item.evidence))
            for other in also:  # the line names these too, at the same level (also_matches)
                assert other.target is not None
                use = PhraseUse(
                    phrase=item.name,
                    level=level,
                    score=other.score,
                    method=other.method,
                    item=None if other.method == "stated" else other.phrase,
                )
                levels[other.target].append((level, use, item.evidence))
        if unrated_by_rater:
            notes.append(unrated_by_rater_note(unrated_by_rater, rater))
        if set_aside:
            notes.append(set_aside_note(set_aside))
        if mapped_aside:
            notes.append(mapped_aside_note(mapped_aside))
        skills: dict[str, ResolvedSkill] = {}
        for skill_id, entries in levels.items():
            best = max(entries, key=lambda e: e[0])
            skills[skill_id] = ResolvedSkill(
                level=best[0],
                phrases=tuple(e[1] for e in entries),
                evidence="; ".join(e[2] for e in entries if e[2]) or None,
            )
            if len(entries) > 1:
                notes.append(merged_note(len(entries), self.skill_names[skill_id], best[0]))
        qualification_matches = [
            self.qualification_match(q.name, q.qualification) for q in profile.qualifications
        ]
        held = [m.target for m in qualification_matches if m.status == "matched" and m.target]
        for item in profile.skills:  # a certificate listed among the skills is the award, not lost
            named = None if item.skill is not None else self.resolver.award_in_skill_line(item.name)
            if named is None or named.target is None:
                continue
            unmatched = [m for m in unmatched if m.phrase != item.name]
            if named.target not in held:
                held.append(named.target)
                qualification_matches.append(named)
                notes.append(award_in_skills_note(item.name, self.qualification_names[named.target]))
        sources: dict[str, str] = {}
        for award in held:  # each award the person listed gives itself first, then what it implies
            sources.setdefault(award, award)
        for award in held:
            for implied in self.library.implied_qualifications([award]):
                sources.setdefault(implied, award)
        not_applicable: dict[str, str] = {}
        for entry in profile.not_applicable:
            match = self.skill_match(entry.skill)
            if match.status == "matched" and match.target:
                not_applicable[match.target] = entry.reason
            else:
                unmatched.append(match)
                notes.append(excluded_nothing_note(entry.skill))
        resolved = ResolvedProfile(
            skills=skills,
            qualifications=frozenset(self.library.implied_qualifications(held)),
            qualification_phrases={
                m.target: m.phrase for m in qualification_matches if m.target and m.status == "matched"
            },
            qualification_sources=sources,
            qualifications_stated=bool(profile.qualifications) or bool(held),
            years_experience=profile.years_experience,
            not_applicable=not_applicable,
        )
        return Resolution(resolved, matches, unmatched, qualification_matches, differences, notes)

    def sets_aside(self, phrase: str, stated: str | None = None) -> bool:
        """Whether a skill line names no library skill and is set aside, not matched: said beside it (`skill:
        none`), or, with no id beside it, by the organisation's phrase map (`none`). The one rule for analyse, the
        API and team runs, and `profile confirm`, which does not ask about such a line."""
        return stated == NOT_A_SKILL or (stated is None and self.resolver.names_no_skill(phrase) is not None)

    def skill_match(self, phrase: str, stated: str | None = None) -> SkillMatch:
        if stated is not None:
            return self._stated(phrase, stated)
        # A phrase that is a skill id is always that skill.
        if phrase in self.library.skills:
            return SkillMatch(
                phrase=phrase,
                kind="skill",
                status="matched",
                target=phrase,
                method="exact",
                score=100.0,
                via=phrase,
                reason="the skill's id",
            )
        return self.resolver.skill(phrase)

    def also_matches(
        self, phrase: str, line: SkillMatch, said: Sequence[str] | None = None
    ) -> list[SkillMatch]:
        """The other skills a skill line names beside the one it was read as (`line`): those the person said
        (`also:` beside it, as `profile confirm` writes it; `[]` for none), else those its items name
        (Resolver.also_skills). Either way only beside a line that was read: a line left unmatched counts nothing
        until it is settled."""
        if line.status != "matched" or line.target is None:
            return []
        if said is None:
            return self.resolver.also_skills(phrase, line)
        return [self._stated(phrase, target) for target in dict.fromkeys(said) if target != line.target]

    def also_ids(self, phrase: str, line: SkillMatch, said: Sequence[str] | None = None) -> tuple[str, ...]:
        """The ids of the other skills the line counts for (`also_matches`, less an id the library does not hold)."""
        return tuple(
            m.target for m in self.also_matches(phrase, line, said) if m.target and m.status == "matched"
        )

    def qualification_match(self, phrase: str, stated: str | None = None) -> SkillMatch:
        """The award a profile's qualification is: the one named beside it (`qualification: mba`), else read from
        its words."""
        if stated is None:
            return self.resolver.qualification(phrase)
        return self._stated(phrase, stated, "qualification")

    def _stated(
        self, phrase: str, target: str, kind: Literal["skill", "qualification"] = "skill"
    ) -> SkillMatch:
        """The person named the library skill (or award) beside their words (`skill: budget-management`,
        `qualification: mba`): no matching; an id the library does not hold is refused with the closest ids."""
        pool, names = (
            (self.library.skills, self.skill_names)
            if kind == "skill"
            else (self.library.qualifications, self.qualification_names)
        )
        if target in pool:
            return SkillMatch(
                phrase=phrase,
                kind=kind,
                status="matched",
                target=target,
                method="stated",
                score=100.0,
                via=target,
                reason=f"as you said: {names[target]}",
            )
        close = difflib.get_close_matches(target, list(pool), n=3, cutoff=0.6)
        listing = "careergap skills list" + ("" if kind == "skill" else " --qualifications")
        return SkillMatch(
            phrase=phrase,
            kind=kind,
            status="refused",
            method="none",
            score=0.0,
            candidates=[Candidate(target=c, score=0.0, via=c) for c in close],
            reason=f"{kind}: {target!r} is not a {kind} id in the library"
            + (f"; did you mean {', '.join(close)}?" if close else f"; see {listing}"),
        )

    # -- scoring ----------------------------------------------------------------------------
    def assess(self, resolved: ResolvedProfile, role: Role) -> Assessment:
        return explain(self.compiled(role), resolved)

    def rank(self, resolved: ResolvedProfile, roles: Iterable[Role] | None = None) -> list[Assessment]:
        """Every role, best fit first (scoring.rank_key: match, then the more senior role, then id)."""
        results = [self.assess(resolved, role) for role in (roles or self.library.roles.values())]
        results.sort(key=lambda a: (-a.match, -self.seniority.get(a.role_id, 0.0), a.role_id))
        return results

    def best_fit(self, resolved: ResolvedProfile) -> str:
        """The id of the role that fits best, without building explanations."""
        levels = resolved.levels
        scores = [
            score(
                self.compiled(role),
                levels,
                resolved.qualifications,
                resolved.years_experience,
                excluded=frozenset(resolved.not_applicable),
                qualifications_stated=resolved.has_qualification_list,
            )
            for role in self.library.roles.values()
        ]
        return min(scores, key=lambda r: rank_key(r, self.seniority)).role_id

    def choose(
        self,
        profile: Profile,
        resolved: ResolvedProfile,
        given: str | None,
        *,
        prefer_current: bool = False,
        who: str = "the profile",
    ) -> RoleChoice:
        """The role to judge this person against (careergap.choice.choose_role, the one rule)."""
        return choose_role(
            given=given,
            target_role=profile.target_role,
            current_role=profile.current_role,
            known=lambda reference: self.library.role(reference).id,
            best_fit=lambda: self.best_fit(resolved),
            prefer_current=prefer_current,
            who=who,
        )

    def actions_for(
        self, assessments: Iterable[Assessment], limit: int | None = None, held: Iterable[str] = ()
    ) -> list[Action]:
        """Development actions for the gaps, ordered by how many gaps (weighted by priority) each closes.

        Qualification actions for awards the person already holds (or that a held award implies) are left out, and
        so are actions made for other frameworks' roles (`frameworks`: ITIL for IT roles only).
        """
        assessments = list(assessments)
        already = self.library.implied_qualifications(held)
        frameworks = {self.library.role(a.role_id).framework for a in assessments}
        gap_priority: dict[str, float] = defaultdict(float)
        have: dict[str, int | None] = {}
        missing_qualifications: set[str] = set()
        for assessment in assessments:
            for gap in assessment.gaps:
                gap_priority[gap.skill] += gap.priority
                have[gap.skill] = gap.have
            for q in assessment.qualifications:
                if not q.held:
                    missing_qualifications.add(q.qualification)
        scored: list[tuple[float, int, Action]] = []
        for action in self.library.actions.values():
            if action.qualification and action.qualification in already:
                continue
            if action.frameworks and not frameworks & set(action.frameworks):
                continue
            # An action made for some levels only ("manage a small project" for people not yet proficient) is
            # suggested for a skill rated at one of them, never for an unrated one: "not said" is not "a
            # beginner", and a programme director whose project phrase went unread is not told to take a
            # foundation course. An unrated skill gets the actions made for any level; the report asks for a rating.
            closes = [
                s
                for s in action.skills
                if s in gap_priority and (action.levels is None or have[s] in action.levels)
            ]
            leads_to = action.qualification in missing_qualifications if action.qualification else False
            if not closes and not leads_to:
                continue
            weight = sum(gap_priority[s] for s in closes) + (3.0 if leads_to else 0.0)
            scored.append(
                (
                    weight,
                    len(closes),
                    Action(
                        id=action.id,
                        title=action.title,
                        kind=action.kind,
                        description=action.description,
                        closes=closes,
                        qualification=action.qualification,
                        inferred=action.source.is_inferred,
                        source=action.source.describe(),
                    ),
                )
            )
        scored.sort(key=lambda t: (-t[1], -t[0], t[2].inferred, t[2].id))
        actions = self._prerequisites_first([a for _, _, a in scored])
        return actions[:limit] if limit else actions

    def _prerequisites_first(self, actions: list[Action]) -> list[Action]:
        """An award another suggested award requires comes just before it: PRINCE2 Foundation before PRINCE2
        Practitioner, ITIL 4 Foundation before Direct, Plan and Improve (the library's `implies`), else the order
        is kept."""
        by_award = {a.qualification: a for a in actions if a.qualification}
        ordered: list[Action] = []
        placed: set[str] = set()
        for action in actions:
            if action.id in placed:
                continue
            if action.qualification:
                needs = self.library.implied_qualifications([action.qualification]) - {action.qualification}
                for first in (by_award[q] for q in sorted(needs) if q in by_award):
                    if first.id not in placed:
                        ordered.append(first)
                        placed.add(first.id)
            ordered.append(action)
            placed.add(action.id)
        return ordered

    def with_gap_actions(
        self, assessment: Assessment, per_gap: int = 3, held: Iterable[str] = ()
    ) -> Assessment:
        """The assessment with each gap's best action ids filled in."""
        ranked = self.actions_for([assessment], held=held)
        gaps = []
        for gap in assessment.gaps:
            # Actions made for this very skill (listed first in their skills) come before ones that touch it in passing.
            helpful = sorted(
                (a for a in ranked if gap.skill in a.closes),
                key=lambda a: self.library.actions[a.id].skills[:1] != (gap.skill,),
            )[:per_gap]
            gaps.append(
                gap.model_copy(
                    update={"actions": [a.id for a in helpful], "action_titles": [a.title for a in helpful]}
                )
            )
        return assessment.model_copy(update={"gaps": gaps})

    # -- reports ----------------------------------------------------------------------------
    def analyse(
        self,
        profile: Profile,
        role_id: str | None = None,
        *,
        rater: Rater = "self",
        with_next: bool = False,
        today: dt.date | None = None,
        extra_actions: Iterable[str] = (),
    ) -> Report:
        """One role in depth: the given role, else the profile's target role, else the best match."""
        resolution = self._resolve_non_empty(profile, rater)
        notes = list(resolution.notes)
        choice = self.choose(profile, resolution.profile, role_id)
        if choice.basis != "given":
            notes.append(choice.note)
        role = self.library.role(choice.role_id)
        role_id = role.id
        assessments = [self._assess_with_actions(resolution.profile, role)]
        notes += thin_best_fit(choice.basis, assessments[0]) + experience_note(assessments[0])
        if with_next:
            for link in role.next:
                assessments.append(
                    self._assess_with_actions(resolution.profile, self.library.role(link.role))
                )
            if not role.next:
                notes.append(f"{role_id} has no next role in the library")
        next_steps = self._options_from(resolution.profile, role.id, top_gaps=3)
        return self._report(
            "analysis",
            profile,
            resolution,
            assessments,
            rater=rater,
            today=today,
            actions=self.actions_for(assessments[:1], limit=8, held=resolution.profile.qualifications),
            agreed_actions=[*profile.actions, *extra_actions],
            next_steps=next_steps,
            role_basis=choice.basis,
            notes=notes,
        )

    def match(
        self,
        profile: Profile,
        *,
        rater: Rater = "self",
        top: int | None = None,
        today: dt.date | None = None,
        framework: str | None = None,
    ) -> Report:
        """Every role (of one framework, when given), best fit first, with the most senior role the person is
        ready for."""
        roles: list[Role] | None = None
        if framework is not None:
            frameworks = sorted({r.framework for r in self.library.roles.values()})
            wanted = framework.strip().casefold()
            roles = [r for r in self.library.roles.values() if r.framework.casefold() == wanted]
            if not roles:
                raise CareergapError(
                    f"no role belongs to the framework {framework!r}", "frameworks: " + ", ".join(frameworks)
                )
        resolution = self._resolve_non_empty(profile, rater)
        ranked = self.rank(resolution.profile, roles)
        ready = [a for a in ranked if a.verdict == "ready"]
        senior = max(ready, key=lambda a: (self.seniority.get(a.role_id, 0.0), a.role_id)) if ready else None
        return self._report(
            "match",
            profile,
            resolution,
            ranked[:top] if top else ranked,
            rater=rater,
            today=today,
            # the first role's years, as analyse says them: ratings of 4 after one year rank the most senior role
            # first, and the ranking (on ratings alone) should not be read without it
            notes=resolution.notes + (experience_note(ranked[0]) if ranked else []),
            most_senior_ready=senior.role_id if senior else None,
        )

    def _report(
        self,
        kind: Literal["analysis", "match"],
        profile: Profile,
        resolution: Resolution,
        assessments: list[Assessment],
        *,
        rater: Rater,
        today: dt.date | None,
        notes: list[str],
        **sections: Any,
    ) -> Report:
        """The fields every report shares (who, when, how each phrase resolved), plus the kind's own sections."""
        return Report(
            kind=kind,
            generated_on=(today or report_date()).isoformat(),
            person=profile.name,
            current_role=profile.current_role,
            target_role=profile.target_role,
            rater=rater,
            assessments=assessments,
            matches=resolution.matches,
            unmatched=resolution.unmatched,
            qualifications=resolution.qualifications,
            rating_differences=resolution.rating_differences,
            notes=notes,
            matcher=self.resolver.matcher,
            **sections,
        )

    def _assess_with_actions(self, resolved: ResolvedProfile, role: Role) -> Assessment:
        return self.with_gap_actions(self.assess(resolved, role), held=resolved.qualifications)

    def _resolve_non_empty(self, profile: Profile, rater: Rater) -> Resolution:
        for role_ref in (profile.current_role, profile.target_role):
            if role_ref:
                self.library.role(role_ref)  # unknown ids fail early with suggestions
        resolution = self.resolve(profile, rater)
        if resolution.profile.is_empty:
            if not profile.skills:
                also = (
                    " (qualifications and experience alone are not scored)"
                    if profile.qualifications or profile.years_experience is not None
                    else ", qualifications or experience"
                )
                raise EmptyProfileError(
                    f"profile of {profile.name!r} lists no skills{also}, so there is nothing to score",
                    "add skills with levels, e.g.  skills: {budget management: 2, stakeholder engagement: proficient}, "
                    "or answer a role's questions with: careergap assess --role ROLE_ID",
                )
            if not resolution.unmatched and profile.skills:  # they matched, but this rater rated none of them
                other = sorted(
                    {
                        r
                        for item in profile.skills
                        for r in ("self", "coach", "manager")
                        if item.rating(r) is not None
                    }
                )
                raise EmptyProfileError(
                    f"the profile's skills matched the library, but none has a {rater} rating"
                    + (f" (they have {' and '.join(other)} ratings)" if other else ""),
                    f"score on another rating with --rating {other[0]}, or add a level"
                    if other
                    else "add a level to each skill",
                )
            phrases = "; ".join(
                repr(m.phrase)
                + (f" (likeliest: {', '.join(likeliest)})" if (likeliest := m.likeliest(3)) else "")
                for m in resolution.unmatched[:5]
            )
            more = len(resolution.unmatched) - 5
            raise EmptyProfileError(
                f"none of the profile's skills matched the library ({phrases}"
                + (f"; and {more} more" if more > 0 else "")
                + "), so there is nothing to score"
                + (
                    " (qualifications and experience alone are not scored)"
                    if profile.qualifications or profile.years_experience is not None
                    else ""
                ),
                "see how a phrase resolves with: careergap skills search TEXT",
                confirm=True,
            )
        return resolution

    # -- progression ------------------------------------------------------------------------
    def _start_role(
        self, profile: Profile, resolved: ResolvedProfile, from_role: str | None, notes: list[str]
    ) -> RoleChoice:
        choice = self.choose(profile, resolved, from_role, prefer_current=True)
        if choice.basis != "given":
            notes.append("starting from " + choice.note.removeprefix("role taken from "))
        return choice

    def next_steps(
        self,
        profile: Profile,
        from_role: str | None = None,
        *,
        rater: Rater = "self",
        top_gaps: int = 3,
        today: dt.date | None = None,
    ) -> NextReport:
        """Every promotion from the start role with readiness, top gaps and actions; plus lateral moves."""
        resolution = self._resolve_non_empty(profile, rater)
        notes = list(resolution.notes)
        chosen = self._start_role(profile, resolution.profile, from_role, notes)
        start = chosen.role_id
        role = self.library.role(start)
        current = self.assess(resolution.profile, role)
        notes += thin_best_fit(chosen.basis, current)
        options = self._options_from(resolution.profile, start, top_gaps)
        if not role.next:
            notes.append(f"{start} is the top of its ladder: no promotion link leads on from it")
        return NextReport(
            generated_on=(today or report_date()).isoformat(),
            person=profile.name,
            from_role=start,
            from_title=role.title,
            from_basis=chosen.basis,
            current=current,
            options=options,
            notes=notes + phrase_note(resolution.unmatched, resolution.matches),
            matcher=self.resolver.matcher,
        )

    def _options_from(self, resolved: ResolvedProfile, role_id: str, top_gaps: int) -> list[NextOption]:
        """Promotions from role_id, then lateral moves, the ones the person is closest to first."""
        role = self.library.role(role_id)
        options = [
            self._option(
                resolved, link.role, "next", link.source.describe(), link.source.is_inferred, top_gaps
            )
            for link in role.next
        ]
        options += [
            self._option(resolved, rid, "related", basis, inferred, top_gaps)
            for rid, basis, inferred in progression.lateral_options(self.library, role_id)
        ]
        options.sort(key=lambda o: (o.kind != "next", -o.assessment.score))
        return options

    def _option(
        self, resolved: ResolvedProfile, role_id: str, kind: str, basis: str, inferred: bool, top_gaps: int
    ) -> NextOption:
        assessment = self._assess_with_actions(resolved, self.library.role(role_id))
        trimmed = assessment.model_copy(update={"gaps": assessment.gaps[:top_gaps]})
        return NextOption(
            kind=kind,
            basis=basis,
            inferred_link=inferred,
            assessment=trimmed,
            actions=self.actions_for([trimmed], limit=4, held=resolved.qualifications),
        )

    def path(
        self,
        profile: Profile,
        to_role: str,
        from_role: str | None = None,
        *,
        rater: Rater = "self",
        today: dt.date | None = None,
    ) -> PathReport:
        """The route up the ladder with readiness at each step and the growth needed per skill."""
        resolution = self._resolve_non_empty(profile, rater)
        notes = list(resolution.notes)
        goal = self.library.role(to_role).id
        chosen = self._start_role(profile, resolution.profile, from_role, notes)
        start = chosen.role_id
        if start == goal:
            notes.append(
                f"the route starts at {goal} itself ({chosen.basis.replace('_', ' ')}), so it has no steps: give "
                "--from ROLE_ID (or a current_role in the profile) for the route from where the person is"
            )
        route = progression.promotion_route(self.library, start, goal)
        steps_via: list[tuple[str, str]]
        if route is not None:
            steps_via = [(rid, "start" if i == 0 else "next") for i, rid in enumerate(route)]
        else:
            mixed = progression.mixed_route(self.library, start, goal)
            reach = progression.reachable(self.library, start)
            if mixed is None:
                from careergap.errors import CareergapError

                raise CareergapError(
                    f"{goal} cannot be reached from {start}, by promotion or by lateral moves",
                    "roles reachable by promotion from " + start + ": " + (", ".join(reach) or "none"),
                )
            notes.append(
                f"{goal} is not on a promotion ladder from {start} (reachable by promotion: {', '.join(reach) or 'none'}); "
                "showing the closest route through lateral links"
            )
            steps_via = mixed
        steps: list[PathStep] = []
        seen_gaps: set[str] = set()
        assessments: list[Assessment] = []
        for rid, via in steps_via:
            role = self.library.role(rid)
            assessment = self._assess_with_actions(resolution.profile, role)
            assessments.append(assessment)
            inferred = False
            if via != "start":
                previous = self.library.roles[steps[-1].role_id]
                links = [
                    *previous.next,
                    *previous.related,
                    *(l for l in role.related if l.role == previous.id),
                ]
                inferred = any(l.source.is_inferred for l in links if l.role in (rid, previous.id))
            fresh = [g for g in assessment.gaps if g.skill not in seen_gaps]
            seen_gaps.update(g.skill for g in assessment.gaps)
            steps.append(
                PathStep(
                    role_id=rid,
                    role_title=role.title,
                    grade=role.grade,
                    via=via,
                    inferred_link=inferred,
                    score=assessment.score,
                    coverage=assessment.coverage,
                    verdict=assessment.verdict,
                    essential_gaps=assessment.essential_gaps,
                    unrated_essentials=len(assessment.unrated_essentials),
                    new_gaps=fresh[:4],
                    more_new_gaps=len(fresh[4:]),
                )
            )
        growth: list[SkillGrowth] = []
        skill_ids: list[str] = []
        for rid, _ in steps_via:
            for r in self.library.roles[rid].requirements:
                if r.skill not in skill_ids:
                    skill_ids.append(r.skill)
        for skill in skill_ids:
            need = {}
            for rid, _ in steps_via[1:] or steps_via:
                found = self.library.roles[rid].requirement_for(skill)
                if found is not None:
                    need[rid] = found.level
            if not need:
                continue
            have = resolution.profile.skills[skill].level if skill in resolution.profile.skills else None
            peak = max(need.values())
            to_gain = max(peak - (have or 0), 0)
            growth.append(
                SkillGrowth(
                    skill=skill,
                    skill_name=self.skill_names[skill],
                    have=have,
                    need=need,
                    peak=peak,
                    to_gain=to_gain,
                )
            )
        # known gains first, as gaps are
        growth.sort(key=lambda g: (g.have is None, -g.to_gain, g.skill_name))
        return PathReport(
            generated_on=(today or report_date()).isoformat(),
            person=profile.name,
            from_role=start,
            from_basis=chosen.basis,
            to_role=goal,
            reachable_by_promotion=route is not None,
            steps=steps,
            growth=growth,
            actions=self.actions_for(
                assessments[1:] or assessments, limit=10, held=resolution.profile.qualifications
            ),
            notes=notes + phrase_note(resolution.unmatched, resolution.matches),
            matcher=self.resolver.matcher,
        )
