"""The batch CSV is built as text for speed (careergap.render.team.batch_csv_text): it must be byte for byte what
csv.writer makes of the same rows (batch_csv_rows), whatever the cells hold."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careergap.api import PersonResult, Scorer
from careergap.batch import PersonRecord
from careergap.render.team import batch_csv_rows, batch_csv_text, csv_field
from careergap.scoring import Gap, RoleScore

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


# Lists of names and gaps are encoded part by part (a part seen to be plain is not searched again): whatever the
# parts hold, and in whatever order plain and special parts arrive, the text must still be csv.writer's.
_PART = st.one_of(st.sampled_from(NASTY), st.text(alphabet=' ,;"=+-@\t\r\nab(1/3)é', max_size=12))


def _gap(label: str) -> Gap:
    return Gap(1, "s", 1, 3, 6.0, True, label, label)


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.lists(_PART, max_size=4),
            st.lists(_PART, max_size=5),
            st.lists(_PART, max_size=3),
            st.floats(0, 100).map(lambda x: round(x, 1)),
            st.floats(0, 1).map(lambda x: round(x, 3)),
        ),
        min_size=1,
        max_size=6,
    ),
    top_gaps=st.integers(0, 6),
)
def test_lists_of_any_text_are_encoded_as_csv_writer_encodes_them(
    rows: list[tuple[list[str], list[str], list[str], float, float]], top_gaps: int
) -> None:
    results = tuple(
        RoleScore(
            f"role-{i}",
            "Role",
            score,
            "stretch",
            None,
            False,
            1,
            len(essentials),
            tuple(essentials),
            coverage,
            1.0,
            score,
            False,
            1.0,
            1.0,
            tuple(_gap(label) for label in labels),
            tuple(missing),
        )
        for i, (essentials, labels, missing, score, coverage) in enumerate(rows)
    )
    record = PersonRecord("Pat, =x", 2, 9, ())
    pairs = [(record, PersonResult("Pat, =x", "all_roles", results, ("a, b",), ()))] * 2
    expected = _writer_text([row for r, result in pairs for row in batch_csv_rows(r, result, top_gaps)])
    assert batch_csv_text(pairs, top_gaps) == expected
