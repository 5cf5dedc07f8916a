"""The shared vocabulary: skills, qualifications and development actions that roles refer to by id."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from careergap.models.base import Id, NonEmpty, Source, Strict
from careergap.models.scale import Level

SkillKind = Literal["knowledge", "skill", "behaviour"]
QualificationKind = Literal["certification", "degree", "vocational", "education", "membership"]
ActionKind = Literal["training", "activity", "qualification", "practice"]


class Skill(Strict):
    """A canonical competence. Roles ask for it at a level; people say they have it in their own words."""

    id: Id
    name: NonEmpty
    kind: SkillKind
    description: NonEmpty = Field(description="One line, in our own words")
    aliases: tuple[NonEmpty, ...] = Field(default=(), description="Other ways people write this skill")
    broader: tuple[Id, ...] = Field(
        default=(),
        description="Skills this one is a narrower part of (agile delivery is part of project methods), so roles "
        "from different frameworks can be compared at either grain",
    )


class Qualification(Strict):
    """A qualification a role can ask for; matched by name and aliases, never by a lower tier."""

    id: Id
    name: NonEmpty
    kind: QualificationKind
    description: NonEmpty
    aliases: tuple[NonEmpty, ...] = ()
    implies: tuple[Id, ...] = Field(
        default=(), description="Qualifications that holding this one also satisfies"
    )
    source: Source = Field(description="Where the award is described, or `inferred` with a reason")


class Action(Strict):
    """Something a person can do to close a gap: a course, an activity, a qualification, a practice."""

    id: Id
    title: NonEmpty
    kind: ActionKind
    description: NonEmpty
    skills: tuple[Id, ...] = Field(default=(), description="Skill ids this action helps develop")
    qualification: Id | None = Field(default=None, description="The qualification this action leads to")
    levels: tuple[Level, ...] | None = Field(
        default=None,
        min_length=1,  # [] would suit no one; leave it out for any level
        description="The levels (0-4) a person is at for whom this is the right next step (default: any level); "
        "e.g. [0, 1, 2] for a first-hand task, [2, 3] for a stretch towards expert. Our own reading of what the "
        "action involves.",
    )
    frameworks: tuple[NonEmpty, ...] = Field(
        default=(),
        description="The role frameworks (a role's `framework`) this action suits, for a sector's own course or "
        "award: ITIL, which is about running IT services, is offered for IT roles only. Default: any role.",
    )
    source: Source
