"""The output contract: matches, assessments and the report that every output format renders."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["met", "partial", "missing", "unrated", "not_applicable"]
Verdict = Literal["ready", "nearly", "stretch", "not yet"]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Candidate(_Out):
    target: str
    score: float
    via: str = Field(description="The id, name or alias that was compared")


class SkillMatch(_Out):
    """How one phrase resolved onto the library."""

    phrase: str
    kind: Literal["skill", "qualification"]
    status: Literal["matched", "ambiguous", "refused"]
    target: str | None = None
    method: Literal["exact", "alias", "fuzzy", "none"]
    score: float
    via: str | None = None
    candidates: list[Candidate] = Field(default_factory=list)
    reason: str


class PhraseUse(_Out):
    phrase: str
    level: int
    score: float
    method: str


class RequirementResult(_Out):
    """One requirement of a role against one person."""

    skill: str
    skill_name: str
    importance: Literal["essential", "desirable"]
    required: int
    have: int | None
    status: Status
    gap: int = Field(description="Levels still to gain (0 when met, not applicable or above)")
    weight: float
    credit: float = Field(description="weight x min(have, required) / required")
    contribution: float = Field(description="Points of the score this requirement contributes")
    priority: float = Field(description="weight x gap: how much closing this gap matters")
    matched_by: list[PhraseUse] = Field(default_factory=list)
    note: str
    evidence: str | None = None
    reason: str | None = Field(default=None, description="Why it is not applicable, when it is not")
    level_inferred: bool = False


class QualificationResult(_Out):
    qualification: str
    name: str
    alternatives: list[str] = Field(default_factory=list)
    importance: Literal["essential", "desirable"]
    held: bool
    held_as: str | None = None
    weight: float
    credit: float
    contribution: float
    note: str | None = None


class ExperienceResult(_Out):
    required_years: float
    have_years: float | None
    status: Status
    weight: float
    credit: float
    contribution: float
    description: str


class Action(_Out):
    id: str
    title: str
    kind: str
    description: str
    closes: list[str] = Field(default_factory=list, description="Skill ids among the gaps this action helps close")
    qualification: str | None = None
    inferred: bool = False
    source: str


class Gap(_Out):
    skill: str
    skill_name: str
    importance: Literal["essential", "desirable"]
    have: int | None
    required: int
    status: Status
    priority: float
    actions: list[str] = Field(default_factory=list, description="Ids of actions that help")


class Assessment(_Out):
    """A person against one role: score, gates, verdict and every line of the explanation."""

    role_id: str
    role_title: str
    framework: str
    grade: str | None = None
    score: float = Field(description="0-100, one decimal; equals the sum of the contributions")
    verdict: Verdict
    gates_passed: bool
    gate_failures: list[str] = Field(default_factory=list)
    essential_gaps: int
    unrated: int
    coverage: float = Field(description="Share of the role's weight that the profile says anything about (0-1)")
    requirements: list[RequirementResult]
    qualifications: list[QualificationResult] = Field(default_factory=list)
    experience: ExperienceResult | None = None
    gaps: list[Gap] = Field(default_factory=list, description="Gaps ordered by priority, most important first")
    not_applicable: list[str] = Field(default_factory=list)


class RatingDifference(_Out):
    skill: str
    skill_name: str
    phrase: str
    ratings: dict[str, int]


class Report(_Out):
    """One report object; table, JSON, Markdown, CSV and HTML all render from it."""

    kind: Literal["analysis", "match"]
    generated_on: str
    person: str
    current_role: str | None = None
    target_role: str | None = None
    rater: str = "self"
    assessments: list[Assessment]
    matches: list[SkillMatch] = Field(default_factory=list, description="How each profile phrase resolved")
    unmatched: list[SkillMatch] = Field(default_factory=list, description="Phrases that matched nothing, with suggestions")
    qualifications: list[SkillMatch] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list, description="Development actions for the gaps, best first")
    agreed_actions: list[str] = Field(default_factory=list)
    rating_differences: list[RatingDifference] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
