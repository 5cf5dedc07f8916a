"""Team summary: readiness, the gaps most common across a team and a heat map, aggregated one person at a time.

Pure and memory-bounded: ``TeamSummary.add`` keeps counts per verdict and per skill, and at most ``heatmap_people``
people for the heat map (every person when the team is small enough; otherwise the ones with the largest total
shortfall, plus a grouped heat map with one row per verdict that covers everyone).
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from careergap.models.report import SCHEMA_VERSION, SchemaVersion
from careergap.scoring import RoleScore as RoleResult
from careergap.scoring import rounded

VERDICTS = ("ready", "nearly", "stretch", "not yet", "unknown")
SCORE_BANDS = tuple((low, low + 10) for low in range(0, 100, 10))


@dataclass(frozen=True)
class CommonGap:
    """One skill that people lack: how many, how far on average, and how many of them did not rate it at all."""

    skill: str
    skill_name: str
    people: int
    share: float
    mean_shortfall: float
    unrated: int
    essential: int


@dataclass(frozen=True)
class RoleReadiness:
    role_id: str
    role_title: str
    people: int
    verdicts: dict[str, int]
    median_score: float | None


@dataclass(frozen=True)
class HeatRow:
    """One person: the shortfall per heat-map skill (None: their role does not ask for it) and which were unrated."""

    person: str
    role_id: str
    score: float
    verdict: str
    cells: tuple[int | None, ...]
    unrated: tuple[bool, ...]
    total_shortfall: int


@dataclass(frozen=True)
class GroupRow:
    """Everyone with one verdict: the mean shortfall per heat-map skill over those whose role asks for it."""

    verdict: str
    people: int
    cells: tuple[float | None, ...]


@dataclass(frozen=True)
class HeatMap:
    skills: tuple[str, ...]
    skill_names: tuple[str, ...]
    rows: tuple[HeatRow, ...]
    selection: Literal["everyone", "largest gaps"]
    people: int
    groups: tuple[GroupRow, ...]
    more_skills: int


@dataclass(frozen=True)
class TeamReport:
    """Everything the team summary shows, in every format."""

    people: int
    scored: int
    not_scored: int
    incomplete: int
    readiness: dict[str, int]
    by_role: tuple[RoleReadiness, ...]
    median_score: float | None
    mean_score: float | None
    score_bands: tuple[tuple[str, int], ...]
    gaps: tuple[CommonGap, ...]
    heatmap: HeatMap
    notes: tuple[str, ...] = ()
    matcher: str | None = None  # which phrase matcher read the team's phrases (schema 1.5)
    schema_version: SchemaVersion = SCHEMA_VERSION
    kind: Literal["team"] = "team"


@dataclass
class _SkillTally:
    name: str
    people: int = 0
    shortfall: int = 0
    unrated: int = 0
    essential: int = 0


@dataclass
class _RoleTally:
    title: str
    verdicts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(VERDICTS, 0))
    histogram: dict[int, int] = field(default_factory=dict)


def _median(histogram: Mapping[int, int]) -> float | None:
    """Median of scores kept as counts per tenth of a point (exact, in bounded memory)."""
    total = sum(histogram.values())
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]
    found: list[int] = []
    seen = 0
    for tenth in sorted(histogram):
        count = histogram[tenth]
        while wanted and wanted[0] < seen + count:
            found.append(tenth)
            wanted.pop(0)
        seen += count
    return rounded((found[0] + found[1]) / 20, 2)


class TeamSummary:
    """Collects people's results one at a time; ``report()`` gives the TeamReport.

    ``asked`` maps each role id to the skills it asks for, so a met requirement (shortfall 0) can be told apart
    from a skill the role does not ask for.
    """

    def __init__(
        self, asked: Mapping[str, frozenset[str]], *, heatmap_people: int = 50, heatmap_skills: int = 20
    ) -> None:
        self.asked = asked
        self.heatmap_people = max(heatmap_people, 0)
        self.heatmap_skills = max(heatmap_skills, 1)
        self.people = 0
        self.scored = 0
        self.incomplete = 0
        self._skills: dict[str, _SkillTally] = {}
        self._roles: dict[str, _RoleTally] = {}
        self._primary = dict.fromkeys(VERDICTS, 0)
        self._histogram: dict[int, int] = {}
        self._score_sum = 0.0
        self._groups = dict.fromkeys(VERDICTS, 0)
        self._group_shortfall: dict[tuple[str, str], int] = {}
        self._group_asked: dict[tuple[str, str], int] = {}
        self._kept: list[tuple[int, int, str, RoleResult]] = []  # a min-heap on (total shortfall, -order)

    def add(self, person: str, results: Sequence[RoleResult], *, complete: bool = True) -> None:
        """One person. ``results[0]`` is the role they are judged against; further results (an all-roles run)
        count towards the readiness for each role only."""
        self.people += 1
        if not complete:
            self.incomplete += 1
        if not results:
            return
        self.scored += 1
        for result in results:
            tally = self._roles.get(result.role_id)
            if tally is None:
                tally = self._roles[result.role_id] = _RoleTally(result.role_title)
            tally.verdicts[result.verdict] += 1
            tenth = round(result.score * 10)
            tally.histogram[tenth] = tally.histogram.get(tenth, 0) + 1
        primary = results[0]
        self._primary[primary.verdict] += 1
        tenth = round(primary.score * 10)
        self._histogram[tenth] = self._histogram.get(tenth, 0) + 1
        self._score_sum += primary.score
        self._groups[primary.verdict] += 1
        total = 0
        for gap in primary.gaps:
            shortfall = gap.need - (gap.have or 0)
            total += shortfall
            tally_ = self._skills.get(gap.skill)
            if tally_ is None:
                tally_ = self._skills[gap.skill] = _SkillTally(gap.skill_name)
            tally_.people += 1
            tally_.shortfall += shortfall
            tally_.unrated += gap.have is None
            tally_.essential += gap.essential
            key = (primary.verdict, gap.skill)
            self._group_shortfall[key] = self._group_shortfall.get(key, 0) + shortfall
        for skill in self.asked.get(primary.role_id, ()):
            key = (primary.verdict, skill)
            self._group_asked[key] = self._group_asked.get(key, 0) + 1
        if self.heatmap_people:
            item = (total, -self.people, person, primary)
            if len(self._kept) < self.heatmap_people:
                heapq.heappush(self._kept, item)
            else:
                heapq.heappushpop(self._kept, item)

    def report(self, notes: Sequence[str] = (), matcher: str | None = None) -> TeamReport:
        scored = self.scored
        gaps = sorted(
            (
                CommonGap(
                    skill=skill,
                    skill_name=t.name,
                    people=t.people,
                    share=rounded(t.people / scored, 3) if scored else 0.0,
                    mean_shortfall=rounded(t.shortfall / t.people, 2),
                    unrated=t.unrated,
                    essential=t.essential,
                )
                for skill, t in self._skills.items()
            ),
            key=lambda g: (-g.people, -g.mean_shortfall, g.skill_name),
        )
        shown = gaps[: self.heatmap_skills]
        skills = tuple(g.skill for g in shown)
        everyone = self.scored <= self.heatmap_people
        kept = sorted(self._kept, key=lambda item: -item[1]) if everyone else sorted(self._kept, reverse=True)
        rows = tuple(self._heat_row(person, result, skills) for _total, _order, person, result in kept)
        groups = tuple(
            GroupRow(
                verdict,
                self._groups[verdict],
                tuple(
                    rounded(self._group_shortfall.get((verdict, s), 0) / asked, 2)
                    if (asked := self._group_asked.get((verdict, s), 0))
                    else None
                    for s in skills
                ),
            )
            for verdict in VERDICTS
            if self._groups[verdict]
        )
        return TeamReport(
            people=self.people,
            scored=scored,
            not_scored=self.people - scored,
            incomplete=self.incomplete,
            readiness=dict(self._primary),
            by_role=tuple(
                RoleReadiness(
                    role_id, t.title, sum(t.verdicts.values()), dict(t.verdicts), _median(t.histogram)
                )
                for role_id, t in sorted(
                    self._roles.items(), key=lambda item: (-sum(item[1].verdicts.values()), item[0])
                )
            ),
            median_score=_median(self._histogram),
            mean_score=rounded(self._score_sum / scored, 2) if scored else None,
            score_bands=tuple(
                (
                    f"{low}-{high if high == 100 else high - 0.1:g}",
                    sum(
                        c
                        for t, c in self._histogram.items()
                        if low * 10 <= t < high * 10 or (high == 100 and t == 1000)
                    ),
                )
                for low, high in SCORE_BANDS
            ),
            gaps=tuple(gaps),
            heatmap=HeatMap(
                skills=skills,
                skill_names=tuple(g.skill_name for g in shown),
                rows=rows,
                selection="everyone" if everyone else "largest gaps",
                people=scored,
                groups=groups,
                more_skills=max(len(gaps) - len(shown), 0),
            ),
            notes=tuple(notes),
            matcher=matcher,
        )

    def _heat_row(self, person: str, result: RoleResult, skills: tuple[str, ...]) -> HeatRow:
        asked = self.asked.get(result.role_id, frozenset())
        gaps = {g.skill: g for g in result.gaps}
        cells: list[int | None] = []
        unrated: list[bool] = []
        for skill in skills:
            gap = gaps.get(skill)
            if gap is not None:
                cells.append(gap.need - (gap.have or 0))
                unrated.append(gap.have is None)
            else:
                cells.append(0 if skill in asked else None)
                unrated.append(False)
        total = sum(g.need - (g.have or 0) for g in result.gaps)
        return HeatRow(
            person, result.role_id, result.score, result.verdict, tuple(cells), tuple(unrated), total
        )
