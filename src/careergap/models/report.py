"""The output contract: matches, assessments and the report that every output format renders."""

from __future__ import annotations

import sys
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from careergap.models.roles import QualificationRequirement, Requirement, Role
from careergap.models.vocabulary import Qualification, Skill

Status = Literal["met", "partial", "missing", "unrated", "not_applicable"]
Verdict = Literal["ready", "nearly", "stretch", "not yet", "unknown"]
""""unknown" means not enough information: essential requirements are unrated and the answer depends on them."""
RoleBasis = Literal["given", "target_role", "current_role", "best_fit", "all_roles"]


SchemaVersion = Literal["1.6"]
SCHEMA_VERSION: SchemaVersion = "1.6"
"""The version of every JSON output (``careergap schema`` describes each). A new field raises the minor number;
a renamed, removed or retyped field raises the major number, so a reader can refuse what it does not know."""


class _Out(BaseModel):
    # In the schema of an output every field is required: the writer always writes it, even at its default.
    model_config = ConfigDict(
        frozen=True, extra="forbid", defer_build=True, json_schema_serialization_defaults_required=True
    )


class Document(_Out):
    """A top-level JSON output: an object (so it can grow) that says which version of the contract it follows."""

    schema_version: SchemaVersion = Field(
        default=SCHEMA_VERSION, description="Version of this JSON contract (major.minor)"
    )


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
    method: Literal["exact", "alias", "fuzzy", "semantic", "stated", "none"]
    score: float
    via: str | None = None
    candidates: list[Candidate] = Field(default_factory=list)
    reason: str
    suggestions: list[str] = Field(
        default_factory=list,
        description="For a phrase left unmatched (ambiguous or refused): the skill ids `careergap profile confirm` "
        "would offer, likeliest first (schema 1.2)",
    )

    also: list[SkillMatch] = Field(
        default_factory=list,
        description="For a skill line read as a skill: the other skills the same line names, each read from one "
        "item it lists (`phrase`), and counted at the line's level (schema 1.6)",
    )

    def likeliest(self, limit: int) -> list[str]:
        """The skills to offer for an unmatched phrase, likeliest first: its suggestions, else its candidates."""
        return self.suggestions[:limit] or [c.target for c in self.candidates[:limit]]


class PhraseUse(_Out):
    phrase: str
    level: int
    score: float
    method: str
    item: str | None = Field(
        default=None,
        description="When the line names several skills: the item of it read as this one (schema 1.6)",
    )


class RequirementResult(_Out):
    """One requirement of a role against one person."""

    skill: str
    skill_name: str
    importance: Literal["essential", "desirable"]
    required: int
    have: int | None
    status: Status
    gap: int = Field(
        description="Levels still to gain (0 when met, not applicable or above); for an unrated line its whole "
        "level, which orders it among the gaps to confirm (status says it is not known; CSV leaves it blank)"
    )
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
    status: Literal["held", "not held", "unrated"] = Field(
        description="unrated when the profile lists no qualification at all"
    )
    held_as: str | None = Field(
        default=None, description="The award the person holds that satisfies this requirement"
    )
    held_phrase: str | None = Field(default=None, description="That award as the person wrote it")
    weight: float
    credit: float
    contribution: float
    note: str | None = None


class ExperienceResult(_Out):
    required_years: float
    have_years: float | None
    status: Status
    scored: bool = Field(
        default=True, description="False when the role's years are for display only (inferred, not stated)"
    )
    weight: float
    credit: float
    contribution: float
    description: str


class Action(_Out):
    id: str
    title: str
    kind: str
    description: str
    closes: list[str] = Field(
        default_factory=list, description="Skill ids among the gaps this action helps close"
    )
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
    action_titles: list[str] = Field(
        default_factory=list, description="Titles of those actions, in the same order"
    )


class Assessment(_Out):
    """A person against one role: score, gates, verdict and every line of the explanation."""

    role_id: str
    role_title: str
    framework: str
    grade: str | None = None
    score: float = Field(
        description="0-100, one decimal: 100 x credit / known_weight, how well the person fits the role on "
        "everything they rated; equals the sum of the contributions"
    )
    verdict: Verdict
    verdict_range: list[Verdict] | None = Field(
        default=None,
        description="When the verdict is unknown: the verdict if every unrated essential were at 0, and if "
        "every one were met",
    )
    gates_passed: bool = Field(
        description="Every essential requirement known to be met, every essential award held"
    )
    gate_failures: list[str] = Field(default_factory=list, description="Essential lines known not to be met")
    unrated_essentials: list[str] = Field(
        default_factory=list,
        description="Essential requirements and qualifications the profile says nothing about",
    )
    essential_gaps: int = Field(description="Essential requirements rated below the level asked")
    unrated: int = Field(description="Requirements the profile says nothing about")
    coverage: float = Field(
        description="Share of the role's weight that the profile says anything about (0-1)"
    )
    essential_coverage: float = Field(
        default=1.0,
        description="Share of the role's essential weight that the profile says anything about (0-1)",
    )
    match: float = Field(
        default=0.0,
        description="Ranking value, 0-100: credit over the role's whole weight, less a quarter of a line's "
        "weight per level the person is above it",
    )
    exceeds: bool = Field(
        default=False,
        description="Ready for the role (nothing essential unrated), every rated requirement met with, on average, a "
        "level or more to spare",
    )
    known_weight: float = Field(default=0.0, description="Sum of the weights of the lines the profile rates")
    credit: float = Field(default=0.0, description="Sum of the credit earned on those lines")
    requirements: list[RequirementResult]
    qualifications: list[QualificationResult] = Field(default_factory=list)
    experience: ExperienceResult | None = None
    gaps: list[Gap] = Field(
        default_factory=list, description="Gaps ordered by priority, most important first"
    )
    not_applicable: list[str] = Field(default_factory=list)


class RatingDifference(_Out):
    skill: str
    skill_name: str
    phrase: str
    ratings: dict[str, int]


class Report(Document):
    """One report object; table, JSON, Markdown, CSV and HTML all render from it."""

    kind: Literal["analysis", "match"]
    generated_on: str
    person: str
    current_role: str | None = None
    target_role: str | None = None
    rater: str = "self"
    assessments: list[Assessment]
    matches: list[SkillMatch] = Field(default_factory=list, description="How each profile phrase resolved")
    unmatched: list[SkillMatch] = Field(
        default_factory=list, description="Phrases that matched nothing, with suggestions"
    )
    qualifications: list[SkillMatch] = Field(default_factory=list)
    actions: list[Action] = Field(
        default_factory=list, description="Development actions for the gaps, best first"
    )
    agreed_actions: list[str] = Field(default_factory=list)
    role_basis: RoleBasis | None = Field(
        default=None,
        description="How the analysed role was chosen: given, target_role, current_role or best_fit",
    )
    most_senior_ready: str | None = Field(
        default=None, description="The most demanding role the person is ready for (match reports)"
    )
    rating_differences: list[RatingDifference] = Field(default_factory=list)
    next_steps: list[NextOption] = Field(
        default_factory=list,
        description="Promotions and lateral moves from the analysed role, with their top gaps",
    )
    notes: list[str] = Field(default_factory=list)
    matcher: str | None = Field(
        default=None,
        description="Which phrase matcher ran: lexical, or lexical + meaning with the model version",
    )

    @property
    def by_meaning(self) -> list[SkillMatch]:
        """Phrases matched by meaning rather than by their words: shown for the person to confirm."""
        return [m for m in self.matches if m.status == "matched" and m.method == "semantic"]

    @property
    def also_by_meaning(self) -> list[tuple[SkillMatch, SkillMatch]]:
        """(line, other skill) for each other skill a line names that was read by meaning from one of its items:
        shown for the person to confirm, as a phrase matched by meaning is."""
        return [(m, o) for m in self.matches for o in m.also if o.method == "semantic"]


# --------------------------------------------------------------------------- progression
class LevelChange(_Out):
    skill: str
    skill_name: str
    from_level: int | None
    to_level: int | None
    from_importance: str | None = None
    to_importance: str | None = None


class RoleDiff(Document):
    """What separates two roles."""

    kind: Literal["diff"] = "diff"
    from_role: str
    from_title: str
    to_role: str
    to_title: str
    rising: list[LevelChange] = Field(default_factory=list, description="Skills asked for at a higher level")
    new: list[LevelChange] = Field(default_factory=list, description="Skills only the second role asks for")
    dropped: list[LevelChange] = Field(
        default_factory=list, description="Skills only the first role asks for"
    )
    lower: list[LevelChange] = Field(default_factory=list, description="Skills asked for at a lower level")
    same: list[LevelChange] = Field(default_factory=list)
    new_qualifications: list[str] = Field(default_factory=list)
    dropped_qualifications: list[str] = Field(default_factory=list)
    experience_from: float | None = None
    experience_to: float | None = None


class GraphEdge(_Out):
    source: str
    target: str
    kind: Literal["next", "related"]
    inferred: bool
    basis: str


class RoleGraph(Document):
    kind: Literal["graph"] = "graph"
    roles: list[dict[str, str | None]]
    edges: list[GraphEdge]
    ladders: list[list[str]] = Field(description="Maximal promotion chains")
    ladders_complete: bool = Field(
        default=True,
        description="False when there were more chains than MAX_LADDERS and only that many are listed (schema 1.3)",
    )


class SkillGrowth(_Out):
    skill: str
    skill_name: str
    have: int | None
    need: dict[str, int] = Field(
        description="Required level at each step where the skill is asked for, by role id"
    )
    peak: int
    to_gain: int


class PathStep(_Out):
    role_id: str
    role_title: str
    grade: str | None = None
    via: Literal["start", "next", "related"]
    inferred_link: bool = False
    score: float
    coverage: float = Field(
        description="Share of this role's weight the profile rates, which the score rests on, as the step's "
        "assessment gives it (schema 1.5)"
    )
    verdict: Verdict
    essential_gaps: int = Field(description="Known essential gaps at this step (rated short of the role)")
    unrated_essentials: int = Field(
        default=0,
        description="Essential lines the profile does not rate at this step: not gaps, not met (schema 1.5)",
    )
    new_gaps: list[Gap] = Field(
        default_factory=list,
        description="The most important gaps first met at this step: skills no earlier step of the route falls short "
        "on (up to 4); a skill asked for at a higher level later is in growth",
    )
    more_new_gaps: int = Field(
        default=0,
        description="How many more gaps are first met at this step than new_gaps lists (schema 1.5)",
    )


class PathReport(Document):
    kind: Literal["path"] = "path"
    generated_on: str
    person: str
    from_role: str
    from_basis: RoleBasis | None = Field(
        default=None,
        description="Where the start came from, as in next: only current_role (or --from) is 'now' (schema 1.5)",
    )
    to_role: str
    reachable_by_promotion: bool
    steps: list[PathStep]
    growth: list[SkillGrowth]
    actions: list[Action] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    matcher: str | None = Field(
        default=None, description="Which phrase matcher ran (as in an analysis report; schema 1.5)"
    )


class NextOption(_Out):
    kind: Literal["next", "related"]
    basis: str
    inferred_link: bool
    assessment: Assessment
    actions: list[Action] = Field(default_factory=list)


class NextReport(Document):
    kind: Literal["next"] = "next"
    generated_on: str
    person: str
    from_role: str
    from_title: str
    from_basis: RoleBasis | None = Field(
        default=None,
        description="Where the start role came from: given (--from), current_role, target_role or best_fit; only "
        "current_role (or --from) is where the person is now (schema 1.5)",
    )
    current: Assessment
    options: list[NextOption]
    notes: list[str] = Field(default_factory=list)
    matcher: str | None = Field(
        default=None, description="Which phrase matcher ran (as in an analysis report; schema 1.5)"
    )


# --------------------------------------------------------------------------- the library, as listed
class RoleSummary(_Out):
    id: str
    title: str
    framework: str
    grade: str | None
    requirements: int = Field(description="Number of skill requirements")
    essential: int = Field(description="How many of them are essential")
    qualifications: int
    next: list[str] = Field(description="Role ids one promotion up")
    related: list[str] = Field(description="Role ids of lateral moves")


class RolesList(Document):
    """`roles list -f json`."""

    kind: Literal["roles"] = "roles"
    roles: list[RoleSummary]


class RequirementDetail(Requirement):
    skill_name: str


class QualificationRequirementDetail(QualificationRequirement):
    names: list[str] = Field(description="Names of the qualification and its alternatives, in that order")


class RoleDetail(Role):
    """`roles show -f json`: the role as its file states it, with skill and qualification names resolved."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    schema_version: SchemaVersion = Field(
        default=SCHEMA_VERSION, description="Version of this JSON contract (major.minor)"
    )
    kind: Literal["role"] = "role"
    requirements: tuple[RequirementDetail, ...] = Field(min_length=1)
    qualifications: tuple[QualificationRequirementDetail, ...] = ()


class SkillsList(Document):
    """`skills list -f json`."""

    kind: Literal["skills"] = "skills"
    skills: list[Skill]


class QualificationsList(Document):
    """`skills list --qualifications -f json` (schema 1.3)."""

    kind: Literal["qualifications"] = "qualifications"
    qualifications: list[Qualification]


class WordsMatch(_Out):
    """How the phrase resolves on its words alone (the lexical matcher)."""

    status: Literal["matched", "ambiguous", "refused"]
    target: str | None
    score: float
    candidates: list[Candidate]
    reason: str


class SkillSearch(Document):
    """`skills search -f json`: how one phrase resolved, on its words and by meaning."""

    kind: Literal["skill_search"] = "skill_search"
    result: SkillMatch = Field(description="What careergap chose, and why")
    by_words: WordsMatch
    by_meaning: list[Candidate] = Field(
        description="The skills nearest in meaning (empty without the meaning layer)"
    )
    matcher: str | None = Field(description="Which phrase matcher ran")


# --------------------------------------------------------------------------- batch rows
class BatchGap(_Out):
    skill: str
    skill_name: str
    importance: Literal["essential", "desirable"]
    have: int | None
    need: int
    status: Literal["missing", "partial", "unrated"]
    priority: float


class BatchRow(_Out):
    """One line of `batch -f jsonl` (one per person and role scored; one with scored false when none could be)."""

    schema_version: SchemaVersion = Field(
        default=SCHEMA_VERSION, description="Version of this JSON contract (major.minor)"
    )
    person: str
    role_id: str | None
    role_title: str | None
    role_basis: str
    rank: int | None = Field(description="Place in the person's ranking (best_fit and all_roles only)")
    scored: bool
    score: float | None
    verdict: Verdict | None
    verdict_range: list[Verdict] | None
    gates_passed: bool | None
    essential_gaps: int | None
    unrated: int | None
    unrated_essentials: list[str]
    coverage: float | None
    essential_coverage: float | None
    match: float | None
    exceeds: bool | None
    missing_qualifications: list[str]
    unmatched: list[str]
    notes: list[str]
    first_line: int = Field(description="First line of the person's rows in the team file")
    last_line: int
    complete: bool = Field(description="False when some of the person's values were rejected")
    rejected: int = Field(description="How many of the person's values were rejected")
    gaps: list[BatchGap]


class BatchDocument(Document):
    """`batch -f json`: every row of the run in one object."""

    kind: Literal["batch"] = "batch"
    matcher: str | None = Field(default=None, description="Which phrase matcher read the team (schema 1.5)")
    rows: list[BatchRow]


def _build_now(base: type[BaseModel]) -> None:
    """Build every deferred output model at import time.

    Why: on Python 3.13.0, pydantic building a deferred model on first use from inside resolve's matcher (it reads the
    caller's frame locals) crashes the interpreter with a segmentation fault; building them here avoids that frame.
    """
    for model in base.__subclasses__():
        model.model_rebuild()
        _build_now(model)


if sys.version_info >= (3, 13):
    _build_now(_Out)
