"""A person's profile: who they are, what they hold, and their skills in their own words."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from careergap.models.base import NonEmpty, Years
from careergap.models.scale import Level, level_input_schema

Rater = Literal["self", "coach", "manager"]


def _iso_date(value: str) -> str:
    """An assessment date as YYYY-MM-DD (a date and time keeps its date), so compare orders two profiles rightly;
    "1/2/2025" (which day?), "tomorrow" or a day that does not exist is refused."""
    import datetime as dt

    for parse in (dt.date.fromisoformat, lambda text: dt.datetime.fromisoformat(text).date()):
        try:
            return parse(value).isoformat()
        except ValueError:
            continue
    raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD (e.g. 2025-03-07)")


class _ProfileModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)


# `skill: none` beside a phrase: the person said it names no library skill; it is set aside, neither matched nor asked
NOT_A_SKILL = "none"


class ProfileSkill(_ProfileModel):
    """One skill as the person wrote it, with a level and optional evidence."""

    name: NonEmpty = Field(description="The skill in the person's own words, e.g. 'budget mgmt'")
    level: Level | None = Field(default=None, description="Self-rating 0-4 or a level word")
    coach_level: Level | None = Field(default=None, description="A coach's rating of the same skill")
    manager_level: Level | None = Field(default=None, description="A manager's rating of the same skill")
    evidence: str | None = Field(default=None, description="What shows this level: a project, an outcome")
    skill: NonEmpty | None = Field(
        default=None,
        description="The library skill id this phrase means (written by `careergap profile confirm`); "
        "when given, the phrase is not matched. `none`: the phrase names no library skill, so it is set aside "
        "and not asked about again",
    )
    also: tuple[NonEmpty, ...] | None = Field(
        default=None,
        description="The other library skill ids this line names, beside its own (written by `careergap profile "
        "confirm`); when given, exactly these count at the line's level and its items are not read. `[]`: the line "
        "names only its own skill",
    )

    @model_validator(mode="after")
    def _some_rating(self) -> ProfileSkill:
        if self.level is None and self.coach_level is None and self.manager_level is None:
            raise ValueError("give a level (0-4, none, aware, familiar, proficient, expert)")
        if self.also and NOT_A_SKILL in self.also:
            raise ValueError(
                f"also: {NOT_A_SKILL!r} is not a skill id; write `also: []` for a line naming no other"
            )
        if self.also and len(set(self.also)) < len(self.also):
            raise ValueError("also: names a skill id twice")
        return self

    def rating(self, rater: Rater) -> int | None:
        """The level from the chosen rater (None when that rater gave none)."""
        return {"self": self.level, "coach": self.coach_level, "manager": self.manager_level}[rater]


class HeldQualification(_ProfileModel):
    """A qualification as the person wrote it and, once confirmed, the library award it is."""

    name: NonEmpty = Field(
        description="The qualification as the person wrote it, e.g. 'Prince 2 practitioner'"
    )
    qualification: NonEmpty | None = Field(
        default=None,
        description="The library qualification id this is (written by `careergap profile confirm`); when given, "
        "the words are not matched",
    )


def qualification_entry(value: Any) -> Any:
    """A qualification written as plain text is ``{name: text}``; a mapping is kept as written (anything else is
    checked as the name, so ``- 2019`` is refused as not text)."""
    return value if isinstance(value, dict | HeldQualification) else {"name": value}


class NotApplicable(_ProfileModel):
    """A requirement the person says does not apply to them, with the reason."""

    skill: NonEmpty
    reason: NonEmpty


def _short_forms_schema(schema: dict[str, Any]) -> None:
    """The input schema (`careergap schema profile`, for editors) admits the short forms a profile file may use, as
    ``Profile._short_forms`` reads them: skills as ``phrase: level`` (or ``phrase: {level: ..., skill: ...,
    also: [...]}``), not_applicable as ``phrase: reason``, and qualifications as plain text or one comma-separated
    line."""
    props = schema["properties"]
    level = level_input_schema()
    props["skills"] = {
        "anyOf": [
            props["skills"],
            {
                "type": "object",
                "description": "phrase: level, or phrase: {level: ..., evidence: ..., skill: ..., also: [...]}",
                "additionalProperties": {"anyOf": [level, {"type": "object"}]},
            },
        ],
        "default": [],
        "title": "Skills",
    }
    props["not_applicable"] = {
        "anyOf": [
            props["not_applicable"],
            {"type": "object", "description": "skill: reason", "additionalProperties": {"type": "string"}},
        ],
        "default": [],
        "title": "Not Applicable",
    }
    held = props["qualifications"]
    held["items"] = {"anyOf": [{"type": "string", "minLength": 1}, held["items"]]}
    props["qualifications"] = {
        "anyOf": [held, {"type": "string", "description": "qualifications separated by commas"}],
        "default": [],
        "title": "Qualifications",
        "description": held.pop("description"),
    }


class Profile(_ProfileModel):
    """A person's profile. Skills may be a list of mappings or a short ``phrase: level`` mapping."""

    model_config = ConfigDict(**_ProfileModel.model_config, json_schema_extra=_short_forms_schema)

    name: NonEmpty
    current_role: str | None = Field(default=None, description="Role id the person holds now")
    target_role: str | None = Field(default=None, description="Role id the person is aiming for")
    years_experience: Years | None = None
    qualifications: tuple[HeldQualification, ...] = Field(
        default=(),
        description="Qualifications held: each in free text, or `{name: text, qualification: id}` once confirmed",
    )
    skills: tuple[ProfileSkill, ...] = ()
    not_applicable: tuple[NotApplicable, ...] = ()
    actions: tuple[NonEmpty, ...] = Field(default=(), description="Actions agreed in a coaching session")
    assessed_on: Annotated[str, AfterValidator(_iso_date)] | None = Field(
        default=None, description="Date of the assessment (YYYY-MM-DD)"
    )

    @model_validator(mode="before")
    @classmethod
    def _short_forms(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        skills = data.get("skills")
        if isinstance(skills, dict):
            data["skills"] = [skill_entry(name, value) for name, value in skills.items()]
        na = data.get("not_applicable")
        if isinstance(na, dict):
            data["not_applicable"] = [{"skill": k, "reason": v} for k, v in na.items()]
        quals = data.get("qualifications")
        if isinstance(quals, str):
            quals = [q.strip() for q in quals.split(",") if q.strip()]
        if isinstance(quals, list | tuple):
            data["qualifications"] = [qualification_entry(q) for q in quals]
        return data

    @property
    def qualification_names(self) -> tuple[str, ...]:
        """The qualifications as the person wrote them."""
        return tuple(q.name for q in self.qualifications)


def skill_entry(name: Any, value: Any) -> Any:
    """One ``phrase: level`` or ``phrase: {level: ..., evidence: ...}`` entry as the list form."""
    if isinstance(value, dict):
        return {"name": name, **value}
    return {"name": name, "level": value}
