"""The streaming team reader: layouts, messy exports, every bad value located, counts that add up, bounded memory."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from careergap.batch import (
    MAX_RECORD_LINES,
    BatchFileError,
    PersonRecord,
    RowError,
    TeamReader,
    check_encoding,
    parse_cell_level,
)
from careergap.models.scale import LevelError

ROLES = ["council-pro10", "council-pro11", "it-project-manager"]


def read(text: str, **kwargs: object) -> tuple[TeamReader, list[PersonRecord], list[RowError]]:
    """Read a whole file; return the reader, the people and the row errors that belong to nobody."""
    reader = TeamReader(io.StringIO(text, newline=""), role_ids=ROLES, **kwargs)  # type: ignore[arg-type]
    people: list[PersonRecord] = []
    orphans: list[RowError] = []
    for item in reader:
        (people if isinstance(item, PersonRecord) else orphans).append(item)  # type: ignore[arg-type]
    return reader, people, orphans


def all_problems(people: list[PersonRecord], orphans: list[RowError]) -> list[RowError]:
    return sorted([*orphans, *(p for person in people for p in person.problems)], key=lambda e: e.line)


def assert_counts_add_up(reader: TeamReader, people: list[PersonRecord], orphans: list[RowError]) -> None:
    stats = reader.stats
    assert stats.rows_used + stats.rows_rejected == stats.rows_read
    assert stats.values_used + stats.values_rejected == stats.values_read
    problems = all_problems(people, orphans)
    assert stats.problems == len(problems)
    assert stats.rows_rejected == sum(1 for p in problems if p.whole_row)
    assert stats.values_rejected == sum(1 for p in problems if not p.whole_row)
    assert stats.people == len(people)
    used_skills = sum(len(p.skills) for p in people)
    assert used_skills <= stats.values_used


# ------------------------------------------------------------------------------------------------ layouts
def test_long_layout_is_detected_and_people_are_grouped() -> None:
    reader, people, orphans = read(
        "person,skill,level,target_role,years_experience,qualification\n"
        "Alex Morgan,budget mgmt,3,council-pro11,4,PRINCE2 Foundation\n"
        "Alex Morgan,stakeholder engagement,proficient,council-pro11,4,\n"
        "Kim Lee,risk management,familiar,,,\n"
    )
    assert reader.layout == "long" and reader.delimiter == ","
    assert [p.name for p in people] == ["Alex Morgan", "Kim Lee"]
    alex = people[0]
    assert alex.skills == (("budget mgmt", 3), ("stakeholder engagement", 3))
    assert (alex.first_line, alex.last_line) == (2, 3)
    assert alex.target_role == "council-pro11" and alex.years_experience == 4.0
    assert alex.qualifications == ("PRINCE2 Foundation",)
    assert alex.complete and not orphans
    assert_counts_add_up(reader, people, orphans)


def test_wide_layout_is_detected_and_each_column_is_a_skill() -> None:
    reader, people, _ = read(
        "Person,Target Role,Budget mgmt,Stakeholder engagement,Risk & issue management\n"
        "Alex,council-pro11,3,proficient,\n"
        "Kim,,aware,2,n/a\n"
    )
    assert reader.layout == "wide"
    assert [h for _, h in reader.skill_columns] == [
        "Budget mgmt",
        "Stakeholder engagement",
        "Risk & issue management",
    ]
    assert people[0].skills == (("Budget mgmt", 3), ("Stakeholder engagement", 3))
    assert people[1].skills == (
        ("Budget mgmt", 1),
        ("Stakeholder engagement", 2),
    )  # n/a: deliberately unrated
    assert people[0].target_role == "council-pro11" and people[1].target_role is None


def test_layout_can_be_forced() -> None:
    with pytest.raises(BatchFileError) as caught:
        read("person,budget,risk\nAlex,3,2\n", layout="long")
    assert "'skill' and 'level' missing for the long layout" in caught.value.message
    assert "person,skill,level" in (caught.value.hint or "")


def test_column_names_are_matched_case_insensitively_with_common_aliases() -> None:
    reader, people, _ = read("  NAME ;Competency;RATING;Target-Role\nAlex;budgeting;Expert;COUNCIL-PRO11\n")
    assert reader.layout == "long"
    assert people[0].skills == (("budgeting", 4),)
    assert people[0].target_role == "council-pro11"


# ------------------------------------------------------------------------------------------------ messy exports
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_is_sniffed(delimiter: str) -> None:
    text = (
        delimiter.join(["person", "skill", "level"])
        + "\n"
        + delimiter.join(["Alex", "budget, forecasting", "2"])
    )
    if delimiter == ",":
        text = 'person,skill,level\nAlex,"budget, forecasting",2\n'
    reader, people, orphans = read(text)
    assert reader.delimiter == delimiter
    assert people[0].skills == (("budget, forecasting", 2),) and not orphans


def test_bom_crlf_blank_lines_and_whitespace_are_accepted_and_line_numbers_stay_true() -> None:
    text = "\ufeffperson;skill;level\r\n\r\n  Alex ;  budget mgmt ; 3 \r\n;;\r\n\r\nAlex;risk;expertt\r\n"
    reader, people, orphans = read(text)
    assert reader.header == ["person", "skill", "level"]
    assert people[0].skills == (("budget mgmt", 3),)
    (error,) = people[0].problems
    assert (error.line, error.column, error.value) == (6, "level", "expertt")
    assert "'expertt' is not a level" in error.reason and "proficient" in error.reason
    assert reader.stats.blank_lines == 3 and reader.stats.rows_read == 2
    assert_counts_add_up(reader, people, orphans)


@pytest.mark.parametrize(
    ("cell", "level"),
    [
        ("3", 3),
        ("3.0", 3),
        (" Proficient ", 3),
        ("working knowledge", 2),
        ("3 - Proficient", 3),
        ("2 (familiar)", 2),
        ("Level 4", 4),
        ("none", 0),
        ("0", 0),
    ],
)
def test_level_words_and_numbers(cell: str, level: int) -> None:
    assert parse_cell_level(cell) == level


@pytest.mark.parametrize("cell", ["5", "-1", "2.5", "expertt", "3 - expert", "yes"])
def test_bad_levels_are_refused_with_the_valid_values(cell: str) -> None:
    with pytest.raises(LevelError) as caught:
        parse_cell_level(cell)
    assert "0-4" in str(caught.value) or "level 4" in str(caught.value)


# ------------------------------------------------------------------------------------------------ file-level problems
@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("skill,level\nbudget,3\n", "required column 'person' is missing (found: 'skill', 'level')"),
        ("person,skill\nAlex,budget\n", "required column 'level' missing for the long layout"),
        ("person\nAlex\n", "no comma, semicolon or tab"),
        ("", "the file is empty"),
        ("\n\n", "the file is empty"),
        ("person,email\nAlex,a@b.c\n", "no skill columns found for the wide layout"),
        ("person,name,skill,level\n", "both mean person"),
    ],
)
def test_file_level_problems_are_raised_before_any_row_is_read(text: str, needle: str) -> None:
    consumed: list[str] = []

    def lines() -> Iterator[str]:
        rows = "Zed,budget,2\n" * 3 if text.strip() else ""
        for line in io.StringIO(text + rows, newline=""):
            consumed.append(line)
            yield line

    with pytest.raises(BatchFileError) as caught:
        TeamReader(lines())
    message = caught.value.message + " " + (caught.value.hint or "")
    assert needle in message
    assert "person,skill,level" in message or "person[" in message  # the expected header is spelled out
    assert len(consumed) <= text.count("\n") + 1  # nothing past the header was read


def test_check_encoding_reports_the_line_of_the_first_bad_byte() -> None:
    data = b"person,skill,level\nAlex,budget,3\n" + "Zoë,risk,2\nJosé,risk,1\n".encode("latin-1")
    with pytest.raises(BatchFileError) as caught:
        check_encoding(io.BytesIO(data), "utf-8", "team.csv", chunk_size=7)
    assert caught.value.message.startswith("team.csv:3: the file is not valid utf-8")
    assert "--encoding" in (caught.value.hint or "")
    check_encoding(io.BytesIO(data), "cp1252", "team.csv")  # the right encoding passes


@pytest.mark.parametrize(
    ("data", "needle"),
    [(b"PK\x03\x04rest-of-a-zip", r"spreadsheet workbook \(xlsx"), (b"person,skill\x00\x01", "binary data")],
)
def test_check_encoding_refuses_workbooks_and_binary_files(data: bytes, needle: str) -> None:
    with pytest.raises(BatchFileError, match=needle):
        check_encoding(io.BytesIO(data), "utf-8", "team.xlsx")


def test_a_file_that_is_not_utf8_midway_names_the_line_when_read_as_a_stream() -> None:
    raw = io.BytesIO(b"person,skill,level\n" + b"Alex,budget,3\n" * 5000 + "Zoë,risk,2\n".encode("latin-1"))
    reader = TeamReader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
    with pytest.raises(BatchFileError, match="not valid utf-8"):
        list(reader)


# ------------------------------------------------------------------------------------------------ bad values and rows
def test_every_kind_of_bad_value_is_reported_and_the_person_keeps_the_rest() -> None:
    reader, people, orphans = read(
        "person,skill,level,target_role,years_experience\n"
        "Alex,budget mgmt,3,council-pro99,four\n"  # 2: unknown role id, bad years
        "Alex,,2,council-pro99,four\n"  # 3: empty skill name
        "Alex,risk,,council-pro99,four\n"  # 4: empty level
        "Alex,comms,expertt,council-pro99,four\n"  # 5: unknown level
        "Alex,teamwork,2,council-pro99,four,extra\n"  # 6: wrong number of fields
        ",leadership,3,,\n"  # 7: no person
        "Alex,leadership,proficient,council-pro99,four\n"  # 8: fine
    )
    (alex,) = people
    assert alex.skills == (("budget mgmt", 3), ("leadership", 3))
    assert not alex.complete and alex.rejected == 6
    found = {(e.line, e.column): e for e in alex.problems}
    assert "unknown role id 'council-pro99'" in found[(2, "target_role")].reason
    assert "did you mean" in found[(2, "target_role")].reason
    assert "'four' is not a number of years" in found[(2, "years_experience")].reason
    assert "empty skill name" in found[(3, "skill")].reason
    assert "empty level for skill 'risk'" in found[(4, "level")].reason
    assert "'expertt' is not a level" in found[(5, "level")].reason
    assert "expected 5 fields as in the header, found 6" in found[(6, "")].reason and found[(6, "")].whole_row
    assert alex.target_role is None and alex.target_rejected
    assert alex.years_experience is None
    (nobody,) = orphans
    assert nobody.line == 7 and "no person name" in nobody.reason and nobody.whole_row
    assert_counts_add_up(reader, people, orphans)
    assert reader.stats.rows_read == 7 and reader.stats.rows_rejected == 2


def test_a_row_without_a_person_does_not_split_the_person_around_it() -> None:
    _, people, orphans = read("person,skill,level\nAlex,budget,3\n,risk,2\nAlex,comms,2\n")
    assert [p.name for p in people] == ["Alex"] and len(people[0].skills) == 2
    assert [e.line for e in orphans] == [3]


def test_a_repeated_detail_is_one_value_and_a_conflicting_one_is_rejected() -> None:
    reader, people, _ = read(
        "person,skill,level,target_role\n"
        "Alex,budget,3,council-pro11\nAlex,risk,2,council-pro11\nAlex,comms,2,council-pro10\n"
    )
    (alex,) = people
    assert alex.target_role == "council-pro11"
    (conflict,) = alex.problems
    assert conflict.line == 4 and "conflicts with 'council-pro11' given at line 2" in conflict.reason
    assert reader.stats.values_read == 3 + 2  # three levels, two distinct target roles


def test_a_persons_rows_need_not_be_consecutive() -> None:
    """Issue 12: a stray row between two of a person's rows used to make every later row 'already appeared'."""
    reader, people, orphans = read(
        "person,skill,level\nAlex,budget,3\nAlex,risk,2\nKim,comms,2\nalex ,teamwork,2\nALEX,leadership,3\nKim,x,1\n"
    )
    assert [p.name for p in people] == ["Alex", "Kim"] and orphans == []
    alex, kim = people
    assert alex.skills == (("budget", 3), ("risk", 2), ("teamwork", 2), ("leadership", 3)) and alex.complete
    assert (alex.first_line, alex.last_line) == (2, 6)
    assert kim.skills == (("comms", 2), ("x", 1)) and (kim.first_line, kim.last_line) == (4, 7)
    assert_counts_add_up(reader, people, orphans)


def test_wide_layout_problems() -> None:
    reader, people, orphans = read(
        "person,email,budget,,risk\n"
        "Alex,alex@example.org,3,,2\n"
        "Kim,kim@example.org,expertt,3,\n"  # bad level; a value under a column with no name
        "alex,dup@example.org,1,,1\n"  # the same person again
        ",x@example.org,1,,1\n"  # nobody
        "Lee,lee@example.org,1\n",  # too few fields
    )
    assert reader.ignored_columns == ["email"]
    alex, kim, lee = people
    assert alex.skills == (("budget", 3), ("risk", 2)) and alex.complete
    assert {(e.line, e.column) for e in kim.problems} == {(3, "budget"), (3, "column 4")}
    assert "empty skill name" in next(e.reason for e in kim.problems if e.column == "column 4")
    assert [(e.line, e.whole_row) for e in orphans] == [(4, True), (5, True)]
    assert "already has a row at line 2" in orphans[0].reason
    assert lee.skills == () and lee.rejected == 1 and "found 3" in lee.problems[0].reason
    assert_counts_add_up(reader, people, orphans)


def test_extra_ignored_columns_and_trailing_empty_fields() -> None:
    reader, people, orphans = read(
        "person,dept code,budget,risk\nAlex,D12,3,2,,\n", ignore_columns=["Dept Code"]
    )
    assert reader.ignored_columns == ["dept code"]
    assert people[0].skills == (("budget", 3), ("risk", 2)) and not orphans


@pytest.mark.parametrize("header", ["person,skill,level", "Person;Skill;Level", "person,budget mgmt,risk"])
def test_a_repeated_header_line_is_rejected_not_read_as_a_person(header: str) -> None:
    """Two exports joined: the second header became a person called "person" with unknown role ids."""
    sep = ";" if ";" in header else ","
    rows = ["Alex,budget mgmt,3", "Kim,comms,2"] if "level" in header.casefold() else ["Alex,3,2", "Kim,1,2"]
    rows = [r.replace(",", sep) for r in rows]
    reader, people, orphans = read("\n".join([header, rows[0], f" {header.upper()} ", rows[1]]) + "\n")
    assert [p.name for p in people] == ["Alex", "Kim"]
    (error,) = orphans
    assert error.line == 3 and error.whole_row and "the header line again" in error.reason
    assert_counts_add_up(reader, people, orphans)


# ------------------------------------------------------------------------------------------------ quotes
def test_an_unclosed_quote_rejects_one_line_and_the_rest_of_the_file_is_still_read() -> None:
    reader, people, orphans = read(
        'person,skill,level\nAlex,"budget mgmt,3\nAlex,risk,2\nKim,comms,2\nKim,"stakeholder, engagement",3\n'
    )
    assert [p.name for p in people] == ["Alex", "Kim"]
    assert people[0].skills == (("risk", 2),)
    assert people[1].skills == (("comms", 2), ("stakeholder, engagement", 3))
    assert not orphans
    (error,) = people[0].problems  # the person field came before the quote, so the loss is charged to Alex
    assert error.line == 2 and error.whole_row and "unclosed quote" in error.reason and error.person == "Alex"
    assert all(
        "\n" not in phrase for p in people for phrase, _ in p.skills
    )  # no skill made of swallowed rows
    assert_counts_add_up(reader, people, orphans)


def test_an_unclosed_quote_at_the_end_is_bounded_and_reported() -> None:
    body = "".join(f"P{i},skill {i},2\n" for i in range(3 * MAX_RECORD_LINES))
    _, people, orphans = read(f'person,skill,level\n"Alex,budget,3\n{body}')
    assert len(people) == 3 * MAX_RECORD_LINES
    assert [e.line for e in orphans] == [2] and "never closed" in orphans[0].reason
    assert orphans[0].person == ""  # the quote opens the person field itself: nobody to charge it to


def test_a_quoted_multi_line_note_in_an_ignored_column_is_fine() -> None:
    _, people, orphans = read('person,skill,level,notes\nAlex,budget,3,"line one\nline two"\nAlex,risk,2,\n')
    assert not orphans and people[0].skills == (("budget", 3), ("risk", 2))
    assert (people[0].first_line, people[0].last_line) == (2, 4)


def test_an_absurdly_long_field_is_rejected_not_used() -> None:
    _, people, _ = read(f"person,skill,level\nAlex,{'x' * 600},3\nAlex,risk,2\n")
    assert people[0].skills == (("risk", 2),)
    assert "600 characters long" in people[0].problems[0].reason


# ------------------------------------------------------------------------------------------------ streaming
@pytest.mark.parametrize("spill_at", [100_000, 50])
def test_a_shuffled_file_gives_exactly_the_sorted_files_people(monkeypatch, spill_at: int) -> None:
    """In memory and past the spill threshold (grouped in a temporary SQLite database), order does not matter."""
    import random

    from careergap import batch as batch_module

    monkeypatch.setattr(batch_module, "SPILL_RECORDS", spill_at)
    rows = [
        f"Person {i},{skill},{(i + n) % 5}"
        for i in range(300)
        for n, skill in enumerate(("budget", "risk", "comms"))
    ]
    shuffled = rows[:]
    random.Random(12).shuffle(shuffled)

    def people_of(lines: list[str]) -> dict[str, tuple[tuple[str, int], ...]]:
        reader, people, orphans = read("person,skill,level\n" + "\n".join(lines) + "\n")
        assert orphans == [] and reader.stats.rows_rejected == 0
        return {p.name: tuple(sorted(p.skills)) for p in people}

    ordered, mixed = people_of(rows), people_of(shuffled)
    assert len(ordered) == 300 and mixed == ordered


def test_one_skill_rated_twice_with_different_levels_is_a_problem_naming_both_lines() -> None:
    reader, people, orphans = read(
        "person,skill,level\nAlex,budget,3\nAlex,risk,2\nAlex,Budget ,1\nAlex,risk,2\n"
    )
    (alex,) = people
    assert alex.skills == (("budget", 3), ("risk", 2))  # the same level twice is one value, not a problem
    (problem,) = alex.problems
    assert problem.line == 4 and "rated 1 here but 3 at line 2" in problem.reason
    assert "the first rating (3) is used" in problem.reason
    assert_counts_add_up(reader, people, orphans)


def test_two_wide_columns_for_one_skill_with_different_levels_is_a_problem_naming_both_columns() -> None:
    _, people, _ = read("person,Budget,risk,budget \nAlex,3,2,1\nKim,2,2,2\n")
    alex, kim = people
    assert alex.skills == (("Budget", 3), ("risk", 2))
    assert "in column 'Budget'" in alex.problems[0].reason and alex.problems[0].column == "budget"
    assert kim.complete and kim.skills == (("Budget", 2), ("risk", 2))


def test_to_profile_gives_a_valid_profile() -> None:
    _, people, _ = read("person,skill,level,years_experience,qualification\nAlex,budget,3,4.5,PRINCE2; MSP\n")
    profile = people[0].to_profile()
    assert profile.name == "Alex" and profile.years_experience == 4.5
    assert profile.qualification_names == ("PRINCE2", "MSP") and profile.skills[0].level == 3


def test_a_read_column_written_over_two_lines_is_named_in_the_error() -> None:
    """The quote is closed; the cell is simply in a column careergap reads one line per cell (Excel's Alt+Enter)."""
    reader, people, orphans = read(
        'person,qualification,skill,level\nE,"NVQ 3\nBTEC",budget mgmt,2\nF,,risk,2\n'
    )
    (error,) = [p for person in people for p in person.problems if p.line == 2]
    assert "a quoted 'qualification' cell starts on this line and runs on to line 3" in error.reason
    assert people[-1].name == "F" and people[-1].skills == (("risk", 2),)
    assert_counts_add_up(reader, people, orphans)


def test_the_end_of_a_name_written_over_two_lines_is_not_a_person() -> None:
    """'"Ann\\nLee"' is one quoted person cell: line 2 is rejected, and line 3, where its quote closes, is not read
    as a person 'Lee"' of its own; the row after it is read as usual."""
    reader, people, orphans = read('person,skill,level\n"Ann\nLee",budget mgmt,2\nBob,comms,3\n')
    assert [p.name for p in people] == ["Bob"]
    problems = [*orphans, *(p for person in people for p in person.problems)]
    assert any(
        p.line == 3 and "the end of the quoted cell that starts on line 2" in p.reason for p in problems
    )
    assert_counts_add_up(reader, people, orphans)


def test_a_detail_repeated_in_another_spelling_is_one_value() -> None:
    reader, people, orphans = read(
        "person,target_role,years_experience,skill,level\n"
        "Ann,council-pro11,5,comms,2\nAnn,Council-PRO11,5.0,budget mgmt,3\nAnn,council-pro11,6,risk,2\n"
    )
    (ann,) = people
    assert [(p.line, p.column) for p in ann.problems] == [
        (4, "years_experience")
    ]  # 6 conflicts; 5.0 does not
    assert_counts_add_up(reader, people, orphans)


@pytest.mark.parametrize(
    ("ignored", "needle"), [("Nothing", "'Nothing': no such column"), ("Person", "cannot be ignored")]
)
def test_a_column_to_ignore_must_be_one_careergap_could_score(ignored: str, needle: str) -> None:
    """A typo in --ignore-column would leave the column scored without a word."""
    with pytest.raises(BatchFileError, match=needle):
        read("person,email,budget\nAlex,a@example.org,3\n", ignore_columns=[ignored])


@pytest.mark.parametrize("sep", [";", "\t"])
def test_an_excel_sep_line_names_the_delimiter(sep: str) -> None:
    reader, people, orphans = read(
        f"sep={sep}\nperson{sep}skill{sep}level\nAnn{sep}budget mgmt, risk{sep}2\n"
    )
    assert reader.delimiter == sep and reader.header_line == 2
    assert [(p.name, p.skills) for p in people] == [("Ann", (("budget mgmt, risk", 2),))]
    assert_counts_add_up(reader, people, orphans)


def test_years_in_a_team_file_are_held_to_a_working_life() -> None:
    import doctest

    from careergap import batch

    assert doctest.testmod(batch).failed == 0
    reader, people, orphans = read(
        "person,years_experience,skill,level\nAnn,99999999999999999999999,comms,2\n"
    )
    (ann,) = people
    assert "out of range: at most 80 years" in ann.problems[0].reason
    assert_counts_add_up(reader, people, orphans)
