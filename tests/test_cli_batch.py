"""`careergap batch` and `careergap team` end to end: data on stdout, problems on stderr and in --errors, exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
from pathlib import Path

import pytest
from conftest import EXAMPLES

LONG = EXAMPLES / "team-long.csv"
WIDE = EXAMPLES / "team-wide.csv"
MESSY = EXAMPLES / "team-messy.csv"
COLUMNS = [
    "person",
    "first_line",
    "last_line",
    "role_id",
    "role_basis",
    "rank",
    "score",
    "verdict",
    "coverage",
    "match",
    "essential_gaps",
    "unrated_essentials",
    "top_gaps",
    "missing_qualifications",
    "unmatched",
    "complete",
    "rejected",
    "notes",
]
COUNTS = re.compile(
    r"(?P<rows>[\d,]+) rows? read \((?P<rows_used>[\d,]+) used, (?P<rows_rejected>[\d,]+) rejected\); "
    r"(?P<people>[\d,]+) (?:people|person) \((?P<scored>[\d,]+) scored, (?P<not_scored>[\d,]+) not scored\); "
    r"(?P<values>[\d,]+) values? \((?P<values_used>[\d,]+) used, (?P<values_rejected>[\d,]+) rejected\)"
)


def rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == COLUMNS
    return list(reader)


def counts(stderr: str) -> dict[str, int]:
    found = COUNTS.search(stderr)
    assert found, stderr
    return {k: int(v.replace(",", "")) for k, v in found.groupdict().items()}


def assert_counts_add_up(stderr: str, problems: int | None = None) -> dict[str, int]:
    c = counts(stderr)
    assert c["rows_used"] + c["rows_rejected"] == c["rows"]
    assert c["scored"] + c["not_scored"] == c["people"]
    assert c["values_used"] + c["values_rejected"] == c["values"]
    if problems is not None:
        assert c["rows_rejected"] + c["values_rejected"] == problems
    return c


# ------------------------------------------------------------------------------------------------ the examples
@pytest.mark.parametrize("team", [LONG, WIDE])
def test_the_example_team_runs_clean_in_both_layouts(cli, team: Path) -> None:
    result = cli("batch", team)
    assert result.exit_code == 0, result.stderr
    people = rows(result.stdout)
    assert len(people) == 50 and len({p["person"] for p in people}) == 50
    assert {p["verdict"] for p in people} >= {"ready", "nearly", "unknown"}
    assert all(p["role_basis"] in ("target_role", "current_role") for p in people)
    assert all(p["complete"] == "yes" and p["rejected"] == "0" for p in people)
    c = assert_counts_add_up(result.stderr, problems=0)
    assert (c["people"], c["scored"]) == (50, 50)
    assert f"{'long' if team == LONG else 'wide'} layout" in result.stderr


def test_both_layouts_of_the_example_give_the_same_results(cli) -> None:
    long_rows, wide_rows = rows(cli("batch", LONG).stdout), rows(cli("batch", WIDE).stdout)
    keys = ("person", "role_id", "role_basis", "score", "verdict", "essential_gaps", "top_gaps")
    assert [[r[k] for k in keys] for r in long_rows] == [[r[k] for k in keys] for r in wide_rows]


def test_the_messy_example_reports_every_problem_and_still_scores_everyone(cli, tmp_path: Path) -> None:
    errors = tmp_path / "errors.csv"
    result = cli("batch", MESSY, "--errors", errors)
    assert result.exit_code == 3
    people = {p["person"]: p for p in rows(result.stdout)}
    assert set(people) == {"Aisha Khan", "Ben Carter", "Chloe Davies", "Daniel Okoro"}
    assert all(p["complete"] == "no" and p["score"] for p in people.values())
    assert (
        people["Chloe Davies"]["rejected"] == "2"
    )  # a row with a stray ';' and a line with an unclosed quote
    assert people["Daniel Okoro"]["unmatched"] == "'=SUM(B2:B9)"  # formula neutralised
    assert (
        people["Ben Carter"]["role_basis"] == "current_role"
        and "target_role was rejected" in people["Ben Carter"]["notes"]
    )
    with errors.open(newline="", encoding="utf-8") as handle:
        problems = list(csv.DictReader(handle))
    # in line order; line 19 (Aisha Khan again, after other people) is hers, not a problem (issue 12)
    assert [p["line"] for p in problems] == ["4", "8", "11", "12", "13", "16"]
    by_line = {p["line"]: p for p in problems}
    assert by_line["4"]["column"] == "Level" and by_line["4"]["value"] == "expertt"
    assert "unknown role id 'council-pro15'" in by_line["8"]["reason"]
    assert "no person name" in by_line["11"]["reason"]
    assert "expected 7 fields" in by_line["12"]["reason"]
    assert "unclosed quote" in by_line["13"]["reason"]
    assert "empty skill name" in by_line["16"]["reason"]
    for line in ("messy.csv:4: Level:", "messy.csv:8: Target role:"):
        assert line in result.stderr
    assert_counts_add_up(result.stderr, problems=len(problems))
    assert oct(stat.S_IMODE(os.stat(errors).st_mode)) == "0o600"


# ------------------------------------------------------------------------------------------------ formats
def test_jsonl_and_json_carry_the_same_rows(cli) -> None:
    jsonl = [json.loads(line) for line in cli("batch", LONG, "-f", "jsonl").stdout.splitlines()]
    whole = json.loads(cli("batch", LONG, "-f", "json").stdout)
    assert (whole["schema_version"], whole["kind"]) == ("1.6", "batch")
    array = whole["rows"]
    assert jsonl == array and len(array) == 50
    first = array[0]
    assert {
        "person",
        "role_id",
        "score",
        "verdict",
        "gaps",
        "unmatched",
        "complete",
        "rejected",
        "first_line",
    } <= set(first)
    assert first["complete"] is True and isinstance(first["gaps"], list)
    assert json.loads(cli("batch", MESSY, "-f", "json", "-q").stdout)["rows"][0]["complete"] is False


def test_an_empty_team_gives_valid_empty_output(cli, write) -> None:
    team = write("t.csv", "person,skill,level\n\n")
    assert json.loads(cli("batch", team, "-f", "json").stdout)["rows"] == []
    assert cli("batch", team).stdout == ",".join(COLUMNS) + "\n"


def test_all_roles_gives_one_row_per_role_best_first(cli, library) -> None:
    result = cli("batch", LONG, "--all-roles", "-f", "csv")
    assert result.exit_code == 0
    out = rows(result.stdout)
    assert len(out) == 50 * len(library.roles)
    alex = [r for r in out if r["person"] == out[0]["person"]]
    assert [int(r["rank"]) for r in alex] == list(range(1, len(library.roles) + 1))
    assert [float(r["match"]) for r in alex] == sorted((float(r["match"]) for r in alex), reverse=True)
    assert {r["role_basis"] for r in out} == {"all_roles"}


def test_one_role_for_everyone(cli) -> None:
    out = rows(cli("batch", WIDE, "--role", "council-pro11", "--top-gaps", "2").stdout)
    assert {r["role_id"] for r in out} == {"council-pro11"} and {r["role_basis"] for r in out} == {"given"}
    gaps = [r["top_gaps"] for r in out if r["top_gaps"]]
    assert all(len(g.split("; ")) <= 2 for g in gaps)
    assert all(re.fullmatch(r"[^;]+ \((\d|-)/\d\)(; [^;]+ \((\d|-)/\d\))?", g) for g in gaps), gaps[:3]


def test_output_file_is_private_and_stdout_stays_empty(cli, tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    result = cli("batch", LONG, "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    assert len(rows(out.read_text(encoding="utf-8"))) == 50
    assert oct(stat.S_IMODE(os.stat(out).st_mode)) == "0o600"
    assert [p.name for p in tmp_path.iterdir()] == ["scores.csv"]  # no temp files left behind


# ------------------------------------------------------------------------------------------------ messy input
def test_csv_output_neutralises_formulas(cli, write) -> None:
    team = write(
        "t.csv",
        "person,skill,level\n=cmd|' /C calc'!A0,budget mgmt,3\n=cmd|' /C calc'!A0,+SUM(A1),2\n"
        "@evil,-2+3,2\n@evil,budgeting,1\n",
    )
    out = rows(cli("batch", team).stdout)
    assert out[0]["person"] == "'=cmd|' /C calc'!A0" and out[0]["unmatched"] == "'+SUM(A1)"
    assert out[1]["person"] == "'@evil" and out[1]["unmatched"] == "'-2+3"
    for row in out:
        assert not any(cell[:1] in ("=", "+", "-", "@") for cell in row.values())


@pytest.mark.parametrize(
    "text",
    [
        "\ufeffperson;skill;level\r\nAlex;budget mgmt;3\r\n\r\nAlex;stakeholder engagement;Proficient\r\n",
        "person\tskill\tlevel\nAlex\tbudget mgmt\t3\nAlex\tstakeholder engagement\tproficient\n",
        "PERSON , Skill , LEVEL\n Alex , budget mgmt , 3 \n Alex , stakeholder engagement , 3 - Proficient \n",
    ],
)
def test_messy_but_valid_exports_are_read_cleanly(cli, tmp_path: Path, text: str) -> None:
    team = tmp_path / "t.csv"
    team.write_bytes(text.encode("utf-8"))
    result = cli("batch", team, "--role", "council-pro10", "-f", "json")
    assert result.exit_code == 0, result.stderr
    (alex,) = json.loads(result.stdout)["rows"]
    assert alex["person"] == "Alex" and alex["complete"] is True and alex["unmatched"] == []
    have = {g["skill"]: g["have"] for g in alex["gaps"]}
    assert "budget-management" not in have and "stakeholder-management" not in have  # both met at PRO10


def test_a_bad_value_marks_the_person_incomplete_but_keeps_the_rest(cli, write) -> None:
    team = write(
        "t.csv", "person,skill,level\nAlex,budget mgmt,3\nAlex,risk management,expertt\nKim,budgeting,2\n"
    )
    result = cli("batch", team, "--role", "council-pro10", "-f", "json")
    assert result.exit_code == 3
    alex, kim = json.loads(result.stdout)["rows"]
    assert (alex["complete"], alex["rejected"], kim["complete"]) == (False, 1, True)
    assert "budget-management" not in {g["skill"] for g in alex["gaps"]}  # the good value was used
    assert "t.csv:3: level: 'expertt' is not a level" in result.stderr
    assert_counts_add_up(result.stderr, problems=1)


def test_an_unknown_role_id_in_a_row_is_a_rejected_value(cli, write) -> None:
    team = write(
        "t.csv",
        "person,skill,level,target_role\nAlex,budget mgmt,3,council-pro99\nKim,budgeting,2,council-pro10\n",
    )
    result = cli("batch", team)
    assert result.exit_code == 3
    alex, kim = rows(result.stdout)
    assert (alex["role_basis"], alex["complete"]) == ("best_fit", "no")
    assert (kim["role_basis"], kim["role_id"]) == ("target_role", "council-pro10")
    assert "t.csv:2: target_role: unknown role id 'council-pro99'" in result.stderr


def test_an_unclosed_quote_does_not_swallow_the_rest_of_the_file(cli, write) -> None:
    people = "".join(f"P{i},budget mgmt,{i % 5}\n" for i in range(30))
    team = write("t.csv", f'person,skill,level\nAlex,"budget mgmt,3\n{people}')
    result = cli("batch", team, "-f", "json")
    assert result.exit_code == 3
    out = json.loads(result.stdout)["rows"]
    assert [p["person"] for p in out] == ["Alex", *(f"P{i}" for i in range(30))]
    assert out[0]["scored"] is False and out[0]["rejected"] == 1
    assert "t.csv:2: unclosed quote" in result.stderr
    assert_counts_add_up(result.stderr, problems=1)


def test_a_person_with_nothing_to_score_still_gets_a_row(cli, write) -> None:
    team = write("t.csv", "person,skill,level\nAlex,Java,3\nAlex,football coaching,2\nKim,budgeting,2\n")
    result = cli("batch", team)
    assert result.exit_code == 0
    alex, kim = rows(result.stdout)
    assert (alex["verdict"], alex["score"], alex["unmatched"]) == (
        "not scored",
        "",
        "Java; football coaching",
    )
    assert kim["verdict"] != "not scored" and kim["score"]
    assert "none of the 2 skills given matched" in alex["notes"]
    c = assert_counts_add_up(result.stderr)
    assert (c["scored"], c["not_scored"]) == (1, 1)


# ------------------------------------------------------------------------------------------------ file-level problems
def test_a_missing_column_is_reported_up_front_and_nothing_is_written(cli, write, tmp_path: Path) -> None:
    team = write("t.csv", "name,skil,level\nAlex,budget,3\n")
    out, errors = tmp_path / "out.csv", tmp_path / "errors.csv"
    result = cli("batch", team, "-o", out, "--errors", errors)
    assert result.exit_code == 1 and result.stdout == ""
    assert (
        "required column 'skill' missing for the long layout (found: 'name', 'skil', 'level')"
        in result.stderr
    )
    assert "person,skill,level" in result.stderr
    assert not out.exists() and not errors.exists()
    assert "Traceback" not in result.stderr


def test_a_forced_layout_that_does_not_fit_is_a_file_level_error(cli) -> None:
    result = cli("batch", WIDE, "--layout", "long")
    assert result.exit_code == 1 and "'skill' and 'level' missing for the long layout" in result.stderr


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (b"Bob,risk\x00 management,2\n", "NUL byte (binary data)"),
        ("Renée,risk,2\n".encode("latin-1"), "--encoding cp1252"),
    ],
)
def test_one_bad_line_in_a_small_file_is_rejected_alone(cli, tmp_path: Path, bad: bytes, reason: str) -> None:
    """A NUL byte or one odd byte in a five-person file refused the whole file (more than a tenth of its lines),
    so four good rows were lost; a NUL byte was also called 'not valid utf-8'. The tenth now needs two bad lines."""
    team = tmp_path / "t.csv"
    team.write_bytes(
        b"person,skill,level\nAnn,budget,3\nCat,budget,2\nDan,budget,2\n" + bad + b"Eve,budget,1\n"
    )
    result = cli("batch", team, "--no-progress", "-f", "csv")
    assert result.exit_code == 3, result.stderr
    scored = [row["person"] for row in csv.DictReader(io.StringIO(result.stdout)) if row["score"]]
    assert scored == ["Ann", "Cat", "Dan", "Eve"]
    said = " ".join(result.stderr.split())
    assert "t.csv:5:" in said and reason in said and "not valid utf-8" not in said


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (
            "person,skill,level\nAlex,budget,3\nZoë,risk,2\nJosé,risk,1\n".encode("latin-1"),
            "t.csv:3: the file is not valid utf-8",
        ),
        (b"PK\x03\x04\x14\x00\x06\x00", "spreadsheet workbook (xlsx"),
        (b"\x00\x01\x02binary", "not a CSV file"),
    ],
)
def test_files_that_are_not_utf8_csv_are_refused_before_any_row(
    cli, tmp_path: Path, content: bytes, needle: str
) -> None:
    team = tmp_path / "t.csv"
    team.write_bytes(content)
    result = cli("batch", team)
    assert result.exit_code == 1 and result.stdout == ""
    assert needle in result.stderr


def test_an_older_excel_export_reads_with_its_encoding(cli, tmp_path: Path) -> None:
    team = tmp_path / "t.csv"
    team.write_bytes("person;skill;level\nZoë Brontë;budget mgmt;3\n".encode("cp1252"))
    result = cli("batch", team, "--encoding", "cp1252", "-f", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["rows"][0]["person"] == "Zoë Brontë"


def test_a_unicode_text_export_reads_with_its_encoding_and_a_wrong_one_is_said(cli, tmp_path: Path) -> None:
    """Excel's "Unicode text" is UTF-16: every character holds a NUL byte, which is not binary data there."""
    team = tmp_path / "t.csv"
    team.write_bytes("person,skill,level\nZoë Brontë,budget mgmt,3\nKim,risk management,2\n".encode("utf-16"))
    result = cli("batch", team, "--encoding", "utf-16", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert [r["person"] for r in json.loads(result.stdout)["rows"]] == ["Zoë Brontë", "Kim"]
    plain = tmp_path / "p.csv"
    plain.write_text("person,skill,level\nKim,risk management,2\n", encoding="utf-8")
    for encoding, needle in (
        ("utf-16", "the file is not utf-16 text"),
        # the byte order given, or four bytes a character: the file is refused whole, not an internal error
        ("utf-16-le", "the file is not utf-16-le text"),
        ("utf-32", "the file is not utf-32 text"),
        ("idna", "'idna' cannot be used to read a CSV file"),
    ):
        result = cli("batch", plain, "--encoding", encoding)
        assert result.exit_code == 1 and needle in result.stderr, result.stderr
    # an encoding that is no text encoding, or none at all, is a usage error (exit 2), like a bad --format
    for encoding, needle in (
        ("rot13", "'rot13' is not a text encoding"),
        ("zlib", "'zlib' is not a text encoding"),
        ("bogus", "unknown encoding 'bogus'"),
    ):
        for command in ("batch", "team"):
            result = cli(command, plain, "--encoding", encoding)
            assert result.exit_code == 2 and needle in " ".join(result.stderr.split()), result.stderr
    without_mark = tmp_path / "le.csv"  # Excel's export has a byte-order mark; other tools' may not
    without_mark.write_bytes("person,skill,level\nKim,risk management,2\n".encode("utf-16-le"))
    told = cli("batch", without_mark)
    assert told.exit_code == 1 and "pass --encoding utf-16-le" in told.stderr, told.stderr
    assert cli("batch", without_mark, "--encoding", "utf-16-le").exit_code == 0


def test_missing_file_unknown_role_and_conflicting_options(cli, tmp_path: Path) -> None:
    missing = cli("batch", tmp_path / "nope.csv")
    assert missing.exit_code == 1 and "no such file" in missing.stderr
    unknown = cli("batch", LONG, "--role", "council-pro99")
    assert (
        unknown.exit_code == 1
        and "unknown role id 'council-pro99'" in unknown.stderr
        and unknown.stdout == ""
    )
    both = cli("batch", LONG, "--role", "council-pro11", "--all-roles")
    assert both.exit_code == 2
    clobber = cli("batch", LONG, "-o", LONG)
    assert clobber.exit_code == 2 and "overwrite the team file" in clobber.stderr


def test_standard_input(cli) -> None:
    result = cli("batch", "-", "-f", "jsonl", input=LONG.read_text(encoding="utf-8"))
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 50
    data_rows = len(LONG.read_text(encoding="utf-8").splitlines()) - 1
    assert f"<stdin>: {data_rows:,} rows read ({data_rows:,} used, 0 rejected)" in result.stderr


# ------------------------------------------------------------------------------------------------ quiet, progress
def test_quiet_prints_no_counts_but_still_reports_problems(cli, tmp_path: Path) -> None:
    quiet = cli("batch", MESSY, "-q")
    assert quiet.exit_code == 3 and "rows read" not in quiet.stderr and "messy.csv:4:" in quiet.stderr
    saved = cli("batch", MESSY, "-q", "--errors", tmp_path / "e.csv")
    assert saved.stderr == ""


def test_a_forced_progress_bar_leaves_stdout_as_pure_data(cli) -> None:
    result = cli("batch", LONG, "--progress")
    assert result.exit_code == 0 and len(rows(result.stdout)) == 50


# ------------------------------------------------------------------------------------------------ team summary
def test_batch_summary_goes_to_stderr_and_the_summary_file(cli, tmp_path: Path) -> None:
    html, svg = tmp_path / "team.html", tmp_path / "team.svg"
    result = cli("batch", LONG, "--summary", "--summary-file", html)
    assert result.exit_code == 0 and len(rows(result.stdout)) == 50
    for needle in ("Team summary", "Readiness", "Most common gaps", "Heat map"):
        assert needle in result.stderr
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Heat map" in page and "http" not in page
    cli("batch", LONG, "-q", "--summary-file", svg)
    drawing = svg.read_text(encoding="utf-8")
    assert (
        drawing.startswith("<svg") and "https://" not in drawing and "http://www.w3.org/2000/svg" in drawing
    )


def test_team_summary_as_json(cli) -> None:
    result = cli("team", LONG, "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert (report["people"], report["scored"], report["not_scored"]) == (50, 50, 0)
    assert sum(report["readiness"].values()) == 50
    gaps = report["gaps"]
    assert [(-g["people"], -g["mean_shortfall"]) for g in gaps] == sorted(
        (-g["people"], -g["mean_shortfall"]) for g in gaps
    )
    assert all(0 < g["mean_shortfall"] <= 4 and g["people"] <= 50 for g in gaps)
    heat = report["heatmap"]
    assert heat["selection"] == "everyone" and len(heat["rows"]) == 50 and len(heat["skills"]) <= 20
    # the CSV carries the scores the other formats show: the team's median, mean and bands, each person's score
    import csv
    import io

    tidy = list(csv.DictReader(io.StringIO(cli("team", LONG, "-f", "csv").stdout)))
    by_section = {r["section"]: r for r in tidy}
    assert float(by_section["score_median"]["score"]) == report["median_score"]
    assert float(by_section["score_mean"]["score"]) == report["mean_score"]
    bands = [(r["band"], int(r["people"])) for r in tidy if r["section"] == "score_band"]
    assert bands == [tuple(b) for b in report["score_bands"]]
    scores = {r["person"]: float(r["score"]) for r in tidy if r["section"] == "heatmap"}
    assert scores == {h["person"]: h["score"] for h in heat["rows"] if any(c is not None for c in h["cells"])}
    # each person's verdict in words beside the score, not only as the colour of the name (none in Markdown)
    markdown = cli("team", LONG, "-f", "markdown").stdout
    first = heat["rows"][0]
    verdict = "not enough info" if first["verdict"] == "unknown" else first["verdict"]
    assert f"| {first['person']} | {first['score']:.0f} {verdict} |" in markdown


def test_team_for_one_role_matches_the_batch_rows(cli) -> None:
    batch = rows(cli("batch", LONG, "--role", "council-pro11").stdout)
    report = json.loads(cli("team", LONG, "--role", "council-pro11", "-f", "json").stdout)
    verdicts: dict[str, int] = {}
    for r in batch:
        verdicts[r["verdict"]] = verdicts.get(r["verdict"], 0) + 1
    assert {k: v for k, v in report["readiness"].items() if v} == verdicts
    top = report["gaps"][0]
    with_gap = sum(
        1
        for r in json.loads(cli("batch", LONG, "--role", "council-pro11", "-f", "json").stdout)["rows"]
        if top["skill"] in {g["skill"] for g in r["gaps"]}
    )
    assert with_gap == top["people"]


def test_a_big_team_heat_map_shows_the_largest_gaps_and_a_grouped_view(cli) -> None:
    table = cli("team", LONG, "--heatmap-people", "10")
    assert table.exit_code == 0
    assert "the 10 people with the largest total shortfall, of 50" in table.stdout
    assert "Grouped by verdict" in table.stdout
    report = json.loads(cli("team", LONG, "--heatmap-people", "10", "-f", "json").stdout)
    totals = [r["total_shortfall"] for r in report["heatmap"]["rows"]]
    assert len(totals) == 10 and totals == sorted(totals, reverse=True)
    assert sum(g["people"] for g in report["heatmap"]["groups"]) == 50


def test_team_csv_is_tidy_and_safe(cli) -> None:
    result = cli("team", MESSY, "--format", "csv")
    assert result.exit_code == 3
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["section"] for r in table} == {
        "readiness",
        "score_median",
        "score_mean",
        "score_band",
        "role",
        "gap",
        "heatmap",
        "group",
    }
    assert all(not r["person"].startswith(("=", "+", "-", "@")) for r in table)
    assert sum(int(r["people"]) for r in table if r["section"] == "readiness") == 4


def test_team_svg_and_html_are_self_contained(cli, tmp_path: Path) -> None:
    for fmt in ("svg", "html"):
        out = tmp_path / f"team.{fmt}"
        result = cli("team", WIDE, "--role", "council-pro10", "-f", fmt, "-o", out)
        assert result.exit_code == 0 and result.stdout == ""
        text = out.read_text(encoding="utf-8")
        assert "council-pro10" in text and "https://" not in text


def test_the_summary_file_format_follows_its_suffix_as_for_every_output(cli, tmp_path: Path) -> None:
    # The one rule (choose_format): a suffix naming a format the summary cannot take is a usage error naming the
    # ones it can; a suffix that names no format keeps the default, the text table.
    result = cli("batch", LONG, "--summary-file", tmp_path / "team.jsonl")
    assert result.exit_code == 2 and "--summary-file" in result.stderr and ".svg" in result.stderr
    assert not (tmp_path / "team.jsonl").exists()
    result = cli("batch", LONG, "-q", "--summary-file", tmp_path / "team.md")
    assert result.exit_code == 0 and (tmp_path / "team.md").read_text(encoding="utf-8").startswith("# ")
    result = cli("batch", LONG, "-q", "--summary-file", tmp_path / "team.out")
    assert result.exit_code == 0 and "Readiness" in (tmp_path / "team.out").read_text(encoding="utf-8")
    cli("batch", LONG, "-q", "--summary-file", tmp_path / "team.json")
    assert json.loads((tmp_path / "team.json").read_text(encoding="utf-8"))["kind"] == "team"


def test_misspelt_long_header_is_caught_up_front(cli, tmp_path) -> None:
    team = tmp_path / "typo.csv"
    team.write_text("name,skil,lvl\nAnn,budget mgmt,3\n", encoding="utf-8")
    result = cli("batch", team)
    assert result.exit_code == 1
    assert "'skil' looks like 'skill' and 'lvl' looks like 'level'" in result.stderr
    assert result.stdout == ""
    forced = cli("batch", team, "--layout", "wide", "--quiet")
    assert (
        forced.exit_code == 3
    )  # read as two (odd) skill columns on request, and the bad levels are reported


def test_the_team_summary_gives_median_and_mean_in_one_number_format(cli) -> None:
    """Numbers in one format per table: both scores to one decimal (the mean was printed with :g, e.g. 92.58)."""
    import re

    result = cli("team", LONG, "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if "**Score:**" in line)
    assert re.fullmatch(r"- \*\*Score:\*\* median \d+\.\d, mean \d+\.\d", line), line
