"""Roles and what they ask for: requirements, qualifications, experience and progression links."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import ConfigDict, Field

from careergap.models.base import Id, LevelSource, NonEmpty, Source, Strict, WholeYears
from careergap.models.scale import RequiredLevel
from careergap.models.vocabulary import Action, Qualification, Skill

Importance = Literal["essential", "desirable"]


def role_key(value: str) -> str:
    """How a role id is compared wherever a person types one: 'Council PRO11 ' and 'council_pro11' are both
    council-pro11."""
    return re.sub(r"[\s_]+", "-", value.strip().casefold())


class Requirement(Strict):
    """A skill a role asks for, at a level, with why we believe it."""

    skill: Id
    level: RequiredLevel
    importance: Importance
    note: NonEmpty = Field(description="What this skill looks like at this role, in our own words")
    source: Source
    level_source: LevelSource


class QualificationRequirement(Strict):
    """A qualification a role asks for; any of ``qualification`` or its ``alternatives`` satisfies it."""

    qualification: Id
    alternatives: tuple[Id, ...] = ()
    importance: Importance
    note: str | None = None
    source: Source

    @property
    def accepted(self) -> tuple[str, ...]:
        return (self.qualification, *self.alternatives)


class Experience(Strict):
    """How much experience a role expects."""

    years: WholeYears | None = Field(default=None, description="Minimum years of related experience")
    scored: bool = Field(
        default=True,
        description="False when the years are an inferred estimate: shown to people, never part of a score",
    )
    description: NonEmpty
    source: Source


class Link(Strict):
    """A progression link to another role: a promotion (``next``) or a lateral move (``related``)."""

    role: Id
    note: str | None = None
    source: Source


class Role(Strict):
    """A role definition as authored in a role file."""

    id: Id
    title: NonEmpty
    framework: NonEmpty = Field(description="The family of documents the role belongs to")
    grade: str | None = Field(default=None, description="The source's own grade label, e.g. PRO10")
    summary: NonEmpty
    source: Source
    experience: Experience | None = None
    requirements: tuple[Requirement, ...] = Field(min_length=1)
    qualifications: tuple[QualificationRequirement, ...] = ()
    next: tuple[Link, ...] = ()
    related: tuple[Link, ...] = ()

    def requirement_for(self, skill_id: str) -> Requirement | None:
        for requirement in self.requirements:
            if requirement.skill == skill_id:
                return requirement
        return None


def _vocabulary_files_schema(schema: dict[str, Any]) -> None:
    """The input schema (`careergap schema role`, for editors) admits the two vocabulary keys a role-library file
    may hold instead, which `careergap.library` reads apart from the four lists (docs/adding-vocabulary.md)."""
    text = {"type": "string", "minLength": 1}
    schema["properties"]["phrasings"] = {
        "type": "object",
        "title": "Phrasings",
        "description": "Example phrasings in people's own words: skill id -> list of phrasings (meaning layer only)",
        "additionalProperties": {"type": "array", "items": text},
    }
    schema["properties"]["unrelated"] = {
        "type": "array",
        "title": "Unrelated",
        "description": "Phrases in people's own words that mean none of the skills ('none of these' examples)",
        "items": text,
    }


class LibraryFile(Strict):
    """One YAML file of the role library: any of four top-level lists, nothing else (or, read apart, the vocabulary
    keys `phrasings` and `unrelated`)."""

    model_config = ConfigDict(**Strict.model_config, json_schema_extra=_vocabulary_files_schema)

    skills: tuple[Skill, ...] = ()
    qualifications: tuple[Qualification, ...] = ()
    actions: tuple[Action, ...] = ()
    roles: tuple[Role, ...] = ()
