"""Shared model configuration and the id / provenance types used by every authored file."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID_RE = re.compile(ID_PATTERN)


def _check_id(value: str) -> str:
    if not _ID_RE.match(value):
        raise ValueError(
            f"{value!r} is not a valid id (use lowercase letters, digits and single hyphens, e.g. council-pro10)"
        )
    return value


Id = Annotated[str, AfterValidator(_check_id)]
NonEmpty = Annotated[str, Field(min_length=1)]

MAX_YEARS = 80  # a working life; 1e9 or an infinite number of years is a typing slip, not experience


def _years_not_a_flag(value: object) -> object:
    if isinstance(value, bool):  # `years_experience: yes` is not one year
        raise ValueError(f"{value!r} (a yes/no) is not a number of years")  # noqa: TRY004 - a pydantic message
    return value


# Years of experience, a person's or a role's: a finite number from 0 to MAX_YEARS, never a yes/no.
Years = Annotated[float, BeforeValidator(_years_not_a_flag), Field(ge=0, le=MAX_YEARS, allow_inf_nan=False)]
WholeYears = Annotated[int, BeforeValidator(_years_not_a_flag), Field(ge=0, le=MAX_YEARS)]


class Strict(BaseModel):
    """Authored files are strict: unknown keys are errors, and models never change once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)


class Source(Strict):
    """Provenance: a source file and a brief verbatim quote, or ``inferred`` with a one-line reason."""

    file: str | None = Field(
        default=None, description="Source document file name, e.g. 001_e8ce2d04dad34389.txt"
    )
    quote: str | None = Field(default=None, description="A brief verbatim quote from that file")
    inferred: str | None = Field(
        default=None, description="Why this was inferred, when no document states it"
    )

    @model_validator(mode="after")
    def _one_kind(self) -> Source:
        if self.inferred is not None:
            if self.file is not None or self.quote is not None:
                raise ValueError("give either file + quote, or inferred with a reason, not both")
            if not self.inferred:
                raise ValueError("inferred needs a one-line reason")
        elif not (self.file and self.quote):
            raise ValueError("a source needs file and quote, or inferred: <reason>")
        return self

    @property
    def is_inferred(self) -> bool:
        return self.inferred is not None

    def describe(self) -> str:
        if self.inferred is not None:
            return f"inferred: {self.inferred}"
        return f'{self.file}: "{self.quote}"'


class LevelSource(Strict):
    """Where a required level came from: stated by the document, or inferred from its wording."""

    stated: str | None = Field(
        default=None, description="The document's own words for the depth, e.g. 'Proficient in'"
    )
    inferred: str | None = Field(default=None, description="Which words were read as this level, and how")

    @model_validator(mode="after")
    def _one_kind(self) -> LevelSource:
        if (self.stated is None) == (self.inferred is None):
            raise ValueError("give exactly one of stated: <words> or inferred: <reason>")
        return self

    @property
    def is_inferred(self) -> bool:
        return self.inferred is not None

    def describe(self) -> str:
        return f"inferred: {self.inferred}" if self.inferred is not None else f"stated: {self.stated}"
