"""A team file that can be read twice and is already grouped by person is streamed without regrouping; anything
else is regrouped, and both give the same people."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator

import pytest

from careergap.batch import PersonRecord, TeamReader

SORTED = "person,skill,level\nAna,budgeting,3\nAna,risk,2\nBo,budgeting,1\n\nBo,planning,2\nCy,risk,4\n"
SPLIT = "person,skill,level\nAna,budgeting,3\nBo,budgeting,1\nAna,risk,2\nBo,planning,2\nCy,risk,4\n"


def _people(
    text: str, reopen: bool, monkeypatch: pytest.MonkeyPatch, *, forbid_regroup: bool
) -> list[PersonRecord]:
    @contextlib.contextmanager
    def again() -> Iterator[io.StringIO]:
        yield io.StringIO(text)

    if forbid_regroup:
        monkeypatch.setattr(TeamReader, "_grouped", lambda self, records: pytest.fail("regrouped"))
    reader = TeamReader(io.StringIO(text), reopen=again if reopen else None)
    return [item for item in reader if isinstance(item, PersonRecord)]


def _summary(people: list[PersonRecord]) -> dict[str, tuple[tuple[str, int], ...]]:
    return {p.name: tuple(sorted(p.skills)) for p in people}


def test_a_grouped_file_is_streamed_without_regrouping(monkeypatch: pytest.MonkeyPatch) -> None:
    people = _people(SORTED, True, monkeypatch, forbid_regroup=True)
    assert [p.name for p in people] == ["Ana", "Bo", "Cy"] and all(p.complete for p in people)


def test_a_file_with_a_person_split_is_regrouped(monkeypatch: pytest.MonkeyPatch) -> None:
    streamed = _people(SPLIT, True, monkeypatch, forbid_regroup=False)
    once = _people(SPLIT, False, monkeypatch, forbid_regroup=False)
    assert (
        _summary(streamed)
        == _summary(once)
        == _summary(_people(SORTED, False, monkeypatch, forbid_regroup=False))
    )
    assert all(p.complete for p in streamed)


def test_a_split_file_never_takes_the_streaming_path(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(pytest.fail.Exception, match="regrouped"):
        _people(SPLIT, True, monkeypatch, forbid_regroup=True)
