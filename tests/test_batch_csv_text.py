"""The batch CSV is built as text for speed (careergap.render.team.batch_csv_text): it must be byte for byte what
csv.writer makes of the same rows (batch_csv_rows), whatever the cells hold."""

from __future__ import annotations

import csv
import io

import pytest

from careergap.api import Scorer
from careergap.batch import PersonRecord
from careergap.render.team import batch_csv_rows, batch_csv_text, csv_field

NASTY = [
    "",
    "plain",
    "a, b",
    'say "hi"',
    '"',
    ",",
    "line\nbreak",
    "carriage\rreturn",
    "crlf\r\n",
    "=SUM(A1)",
    "+1",
    "-1",
    "@me",
    "\ttab",
    " leading and trailing ",
    "Zoë Ünïcode, 名前",
    "semi; colon",
    "'quoted'",
    "back\\slash",
]


def _writer_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


@pytest.mark.parametrize("text", NASTY)
def test_a_field_is_encoded_as_csv_writer_encodes_it(text: str) -> None:
    assert csv_field(text) + ",x\n" == _writer_text([[text, "x"]])


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


def _people() -> list[PersonRecord]:
    people = []
    for i, name in enumerate(NASTY):
        skills = (
            ("stakeholder management", 3),
            ("budgeting", 2),
            (name or "nothing like a skill", 1),
            ("risk management", 4),
            (f"made up {name}, skill", 2),
        )
        people.append(
            PersonRecord(
                name or f"person {i}", 2 + 5 * i, 6 + 5 * i, skills, qualifications=("PRINCE2 Practitioner",)
            )
        )
    people.append(PersonRecord("nobody, really", 200, 200, (("zzz qqq", 3),)))  # nothing scored
    people.append(PersonRecord('=cmd|"x"', 201, 202, ()))
    return people


@pytest.mark.parametrize("all_roles", [True, False])
@pytest.mark.parametrize("top_gaps", [0, 3, 50])
def test_team_text_equals_the_csv_writer_rows(scorer: Scorer, all_roles: bool, top_gaps: int) -> None:
    pairs = [(r, scorer.score_record(r, all_roles=all_roles)) for r in _people()]
    assert any(result.unmatched for _, result in pairs)
    assert any(not result.results for _, result in pairs)
    expected = _writer_text(
        [row for record, result in pairs for row in batch_csv_rows(record, result, top_gaps)]
    )
    assert batch_csv_text(pairs, top_gaps) == expected
