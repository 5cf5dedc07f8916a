"""An organisation's phrase map (issue 11, section 2): phrase -> skill id, checked, applied before matching by the
batch scorer and by single-profile commands, and the `--phrases-report` that lists the phrases to map."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from careergap.api import Scorer
from careergap.errors import ValidationFailed
from careergap.library import Library, load_library, load_phrase_maps
from careergap.matching.layer import why_off
from careergap.resolve import build_resolver

Write = Callable[[str, str], Path]
Cli = Callable[..., Any]

TEAM = """
person,skill,level
Ana,Stakeholder wrangling,3
Ana,Tendering contracts,2
Ana,Risk management,2
Ben,stakeholder  WRANGLING,2
Ben,Risk management,3
"""


def test_a_mapped_phrase_is_that_skill_before_any_matching(library: Library, write: Write) -> None:
    path = write("map.yaml", 'phrase_map:\n  "Stakeholder wrangling": stakeholder-management\n')
    resolver = build_resolver(library, semantic=False, phrase_map=load_phrase_maps([path], library))
    assert build_resolver(library, semantic=False).skill("Stakeholder wrangling").status != "matched"
    for written in ["Stakeholder wrangling", "stakeholder WRANGLING.", "wrangling stakeholders"]:
        match = resolver.skill(written)
        assert (match.status, match.target, match.method) == ("matched", "stakeholder-management", "stated")
        assert f"{path}:2" in match.reason


def test_the_scorer_applies_the_map_so_nothing_is_unmatched(library: Library, write: Write) -> None:
    path = write("map.csv", "phrase,skill\nStakeholder wrangling,stakeholder-management\n")
    plain = Scorer(library).score("Ana", [("Stakeholder wrangling", 3)], role_id="council-pro10")
    mapped = Scorer(library, phrase_map=load_phrase_maps([path], library)).score(
        "Ana", [("Stakeholder wrangling", 3)], role_id="council-pro10"
    )
    assert plain.unmatched == ("Stakeholder wrangling",)
    assert mapped.unmatched == ()


@pytest.mark.parametrize(
    ("name", "text", "line", "field"),
    [
        ("bad.yaml", 'phrase_map:\n  "Running PMO": project-support\n  "Stakeholder wrangling": stakeholders\n', 3,
         "phrase_map.Stakeholder wrangling"),
        ("bad.csv", "phrase,skill,notes\nRunning the PMO,project-support,ok\nStakeholder wrangling,stakeholders,x\n", 3,
         "skill"),
    ],
)  # fmt: skip
def test_an_unknown_skill_id_names_the_file_line_and_field(
    library: Library, write: Write, name: str, text: str, line: int, field: str
) -> None:
    path = write(name, text)
    with pytest.raises(ValidationFailed) as caught:
        load_phrase_maps([path], library)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.field) == (str(path), line, field)
    assert (
        "unknown skill or qualification id 'stakeholders'" in problem.message
        and "stakeholder-management" in problem.message
    )


def test_a_phrase_mapped_to_two_skills_and_a_wrong_shape_are_errors(library: Library, write: Write) -> None:
    two = write("two.csv", "phrase,skill\nTeam of 8,people-management\nteam of 8,teamwork\n")
    with pytest.raises(ValidationFailed, match="1 problem") as caught:
        load_phrase_maps([two], library)
    assert caught.value.problems[0].line == 3 and "keep one" in caught.value.problems[0].message
    for name, text in [
        ("list.yaml", "- a\n- b\n"),
        ("noheader.csv", "a,b\nc,d\n"),
        ("typo.yaml", "phrase_map:\n  Team of 8: people-management\nphrase_mpa:\n  x: teamwork\n"),
    ]:
        with pytest.raises(ValidationFailed):
            load_phrase_maps([write(name, text)], library)


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        # an unclosed quote would read every later row into one cell: the rows after it must not vanish silently
        ('phrase,skill\n"Stakeholder wrangling,stakeholder-management\nTeam of 8,people-management\n', 2,
         "an unclosed quote?"),
        # an unquoted comma in a phrase would cut the phrase short and map the rest to nothing
        ('phrase,skill\nTeam of 8,people-management\n"Stakeholder wrangling,stake\n', 3, "an unclosed quote?"),
        ("phrase,skill\nBudgets, forecasts,budget-management\n", 2, "a comma in a phrase?"),
        ("phrase,skill,phrase\nTeam of 8,people-management,x\n", 1, "names the 'phrase' column twice"),
    ],
)  # fmt: skip
def test_a_csv_map_that_would_lose_rows_is_refused_with_the_line(
    library: Library, write: Write, text: str, line: int, needle: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        load_phrase_maps([write("map.csv", text)], library)
    [problem] = caught.value.problems
    assert problem.line == line and needle in problem.message


def test_a_csv_map_may_end_rows_with_empty_cells_and_quote_commas(library: Library, write: Write) -> None:
    path = write(
        "map.csv", 'phrase,skill\n"Budgets, forecasts",budget-management,,\nTeam of 8,people-management,\n'
    )
    loaded = load_phrase_maps([path], library)
    assert sorted(m.target for m in loaded.values()) == ["budget-management", "people-management"]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_batch_reports_each_phrase_once_and_the_filled_in_report_is_a_phrase_map(
    cli: Cli, write: Write, tmp_path: Path
) -> None:
    team = write("team.csv", TEAM)
    report = tmp_path / "phrases.csv"
    result = cli("--no-semantic", "batch", team, "--phrases-report", report, "-q", "-o", tmp_path / "out.csv")
    assert result.exit_code == 0, result.output
    rows = {r["phrase"]: r for r in _rows(report)}
    assert "Risk management" not in rows  # matched by its words: nothing to review
    assert rows["Stakeholder wrangling"]["count"] == "1" and rows["stakeholder  WRANGLING"]["count"] == "1"
    assert rows["Tendering contracts"]["status"] == "refused"
    assert "contract-management" in rows["Tendering contracts"]["suggestions"]
    # Fill in the skill column for one phrase and pass the report back as the map.
    filled = [
        {**r, "skill": "stakeholder-management" if r["phrase"] == "Stakeholder wrangling" else r["skill"]}
        for r in _rows(report)
    ]
    with (tmp_path / "map.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(filled[0]))
        writer.writeheader()
        writer.writerows(filled)
    again = tmp_path / "again.csv"
    result = cli(
        "--no-semantic", "batch", team, "--phrase-map", tmp_path / "map.csv", "--phrases-report", again, "-q",
        "-o", tmp_path / "out2.csv",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [r["phrase"] for r in _rows(again)] == ["Tendering contracts"]  # both wranglings are now mapped
    assert "Stakeholder wrangling" not in (tmp_path / "out2.csv").read_text(encoding="utf-8")


def test_team_takes_the_same_options(cli: Cli, write: Write, tmp_path: Path) -> None:
    team = write("team.csv", TEAM)
    themap = write("map.yaml", 'phrase_map:\n  "Tendering contracts": contract-management\n')
    report = tmp_path / "phrases.csv"
    result = cli(
        "--no-semantic", "team", team, "--phrase-map", themap, "--phrases-report", report, "-q", "-f", "json",
        "-o", tmp_path / "team.json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sorted(r["phrase"] for r in _rows(report)) == ["Stakeholder wrangling", "stakeholder  WRANGLING"]


def test_a_bad_phrase_map_stops_batch_with_a_located_error_and_no_traceback(cli: Cli, write: Write) -> None:
    team = write("team.csv", TEAM)
    themap = write("map.yaml", 'phrase_map:\n  "Negotiating contracts": contract-managment\n')
    result = cli("batch", team, "--phrase-map", themap)
    assert result.exit_code not in (0, 3)
    assert f"{themap}:2" in result.output and "contract-management" in result.output
    assert "Traceback" not in result.output


def test_a_phrase_map_beside_role_files_applies_to_single_profiles(
    cli: Cli, write: Write, tmp_path: Path
) -> None:
    result = _analyse_with_org_map(cli, write, tmp_path, '"Negotiating contracts": contract-management')
    library = load_library([tmp_path / "org"], cache=False)
    assert not library.roles.keys() - load_library().roles.keys()  # the map is not read as a role file
    assert library.phrase_map and next(iter(library.phrase_map.values())).target == "contract-management"
    assert '"target": "contract-management"' in result.output and "phrase map" in result.output


def _analyse_with_org_map(cli: Cli, write: Write, tmp_path: Path, entry: str) -> Any:
    """`analyse --roles-dir org -f json`, words alone, of Ana, who writes the phrase of `entry` (one line of a
    phrase map, kept beside the organisation's role files) and "Risk management"."""
    write("org/phrase-map.yaml", f"phrase_map:\n  {entry}\n")
    phrase = entry.split('"')[1]
    profile = write("ana.yaml", f"name: Ana\nskills:\n  {phrase}: 3\n  Risk management: 2\n")
    result = cli(
        "--no-semantic",
        "analyse",
        profile,
        "--role",
        "council-pro10",
        "--roles-dir",
        tmp_path / "org",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.output
    return result


def test_roles_validate_checks_a_phrase_map_beside_the_role_files(
    cli: Cli, write: Write, tmp_path: Path
) -> None:
    write("org/phrase-map.csv", "phrase,skill\nNegotiating contracts,contracts\n")
    result = cli("roles", "validate", "--roles-dir", tmp_path / "org")
    assert result.exit_code != 0
    assert (
        "phrase-map.csv:2" in result.output
        and "unknown skill or qualification id 'contracts'" in result.output
    )


def test_a_folder_with_two_phrase_maps_is_refused(tmp_path: Path) -> None:
    """Which of a YAML and a CSV map would win is not for the organisation to guess."""
    (tmp_path / "phrase-map.yaml").write_text("phrase_map:\n  a b: teamwork\n", encoding="utf-8")
    (tmp_path / "phrase-map.csv").write_text("phrase,skill\na b,presenting\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as refused:
        load_library([tmp_path])
    assert "holds more than one phrase map" in refused.value.problems[0].format()


QUALIFIED_TEAM = """
person,skill,level,qualification
Ana,Risk management,2,L5 Dip LMHSC
Ben,Risk management,3,l5 dip lmhsc; PRINCE2 Foundation
"""


def test_an_award_in_the_map_is_held_by_everyone_who_lists_it(
    library: Library, cli: Cli, write: Write, tmp_path: Path
) -> None:
    """The team side of confirming an award: a qualification id in the map (written in the phrases report's
    `skill` column) settles an award nobody's words could, for every row; the same words as a skill are untouched."""
    team = write("team.csv", QUALIFIED_TEAM)
    report = tmp_path / "phrases.csv"
    result = cli(
        "--no-semantic", "batch", team, "--role", "council-pro13", "--phrases-report", report, "-q",
        "-f", "jsonl", "-o", tmp_path / "before.jsonl",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    before = [
        json.loads(line) for line in (tmp_path / "before.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert all(any("(qualification)" in u for u in row["unmatched"]) for row in before)
    assert all("Management qualification" in row["missing_qualifications"] for row in before)
    rows = {r["phrase"].casefold(): r for r in _rows(report)}
    assert rows["l5 dip lmhsc"]["kind"] == "qualification"
    filled = [{**r, "skill": "management-qualification"} for r in _rows(report)]
    with (tmp_path / "map.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(filled[0]))
        writer.writeheader()
        writer.writerows(filled)
    result = cli(
        "--no-semantic", "batch", team, "--role", "council-pro13", "--phrase-map", tmp_path / "map.csv", "-q",
        "-f", "jsonl", "-o", tmp_path / "after.jsonl",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    after = [json.loads(line) for line in (tmp_path / "after.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [row["unmatched"] for row in after] == [[], []]
    assert all("Management qualification" not in row["missing_qualifications"] for row in after)
    resolver = build_resolver(
        library, semantic=False, phrase_map=load_phrase_maps([tmp_path / "map.csv"], library)
    )
    match = resolver.qualification("L5 Dip LMHSC")
    assert (match.target, match.method) == (
        "management-qualification",
        "stated",
    ) and "map.csv:" in match.reason
    assert resolver.skill("L5 Dip LMHSC").target != "management-qualification"


def test_an_id_that_is_both_a_skill_and_a_qualification_is_refused(tmp_path: Path) -> None:
    (tmp_path / "quals.yaml").write_text(
        "qualifications:\n  - id: budget-management\n    name: Budget certificate\n    kind: certification\n"
        "    description: A certificate in budgeting.\n    source: {inferred: a test}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as raised:
        load_library([tmp_path], cache=False)
    message = "\n".join(raised.value.lines())
    assert (
        "quals.yaml:2" in message and "qualification id 'budget-management' is already a skill id" in message
    )


def test_a_phrase_map_under_another_name_says_how_it_is_found(cli: Cli, write: Write) -> None:
    """Not "unknown key ... check the spelling": the file's name is what is wrong."""
    path = write("org/Our-Phrases.yaml", "phrase_map:\n  rota wrangling: resource-planning\n")
    result = cli("roles", "validate", str(path))
    assert result.exit_code == 1
    assert "Our-Phrases.yaml:1:1: phrase_map: a phrase map is read from a file named phrase-map.yaml" in (
        result.stderr
    ), result.stderr
    assert "unknown key" not in result.stderr


@pytest.mark.skipif(why_off() is not None, reason="the item is read by meaning (careergap[semantic])")
def test_an_item_read_by_meaning_is_reported_and_a_map_of_its_words_settles_it(
    library: Library, write: Write
) -> None:
    """Another skill a line names, read by meaning from one of its items, was counted for everyone who wrote the line
    and listed nowhere a team could review it. The phrases report lists the item under its own words, counted over
    every line that holds it, and a map of those words settles it in every such line."""
    line = "Covering for colleagues on leave and helping new starters find their feet"
    scorer = Scorer(library, count_phrases=True)
    for person, level in (("Ana", 3), ("Ben", 2)):
        scorer.score(person, [(line, level)], role_id="council-pro9")
    rows = {row["phrase"]: row for row in scorer.phrases_report()}
    item = rows["Covering for colleagues on leave"]
    assert (item["count"], item["status"], item["skill"]) == (2, "matched by meaning", "teamwork")
    assert str(item["reason"]).startswith(f"an item of the line {line!r}")
    assert str(rows[line]["reason"]).startswith("matched by meaning")
    scorer.score("Cy", [("Covering for colleagues on leave", 2)], role_id="council-pro9")
    rows = {row["phrase"]: row for row in scorer.phrases_report()}
    item = rows["Covering for colleagues on leave"]  # written as a line too: one row, counting both
    assert item["count"] == 3 and str(item["reason"]).startswith("matched by meaning")
    unmapped = Scorer(library).score("Ana", [(line, 3)], role_id="council-pro9").results[0]
    assert "teamwork" not in {g.skill for g in unmapped.gaps}  # the item counted for it
    themap = write("map.yaml", 'phrase_map:\n  "Covering for colleagues on leave": people-management\n')
    resolver = build_resolver(library, phrase_map=load_phrase_maps([themap], library))
    from careergap.analysis import Analyser

    mapped = Scorer(analyser=Analyser(library, resolver)).score("Ana", [(line, 3)], role_id="council-pro9")
    gaps = {g.skill for g in mapped.results[0].gaps}
    assert "teamwork" in gaps and "people-management" not in gaps
    assert "people-management" in {g.skill for g in unmapped.gaps}  # the role asks for it: the check can fail


CALM_TEAM = """
person,skill,level
Ana,Keeping calm under pressure,3
Ana,Risk management,2
Ben,keeping calm under PRESSURE,2
Ben,Risk management,3
"""


def test_a_phrase_mapped_to_none_is_set_aside_everywhere_not_left_unmatched(
    library: Library, write: Write, cli: Cli, tmp_path: Path
) -> None:
    """`none` in a phrase map says the phrase names no library skill, as a profile's `skill: none` does: the line
    is set aside with a note in analyse, the API and batch, is not unmatched, and the phrases report no longer lists
    it, so HR settles "Keeping calm under pressure" once. The filled-in report's CSV takes `none` too."""
    themap = write("map.csv", "phrase,skill\nKeeping calm under pressure,none\n")
    maps = load_phrase_maps([themap], library)
    resolver = build_resolver(library, semantic=False, phrase_map=maps)
    match = resolver.skill("keeping calm under pressure.")
    assert (match.status, match.target, match.method) == ("refused", None, "stated")
    assert "names no library skill" in match.reason and f"{themap}:2" in match.reason
    # the API (and so batch and the engines)
    plain = Scorer(library).score(
        "Ana", [("Keeping calm under pressure", 3), ("Risk management", 2)], role_id="council-pro10"
    )
    mapped = Scorer(library, phrase_map=maps).score(
        "Ana", [("Keeping calm under pressure", 3), ("Risk management", 2)], role_id="council-pro10"
    )
    assert plain.unmatched == ("Keeping calm under pressure",)
    assert mapped.unmatched == ()
    assert any("phrase map says (none): 'Keeping calm under pressure'" in m for m in mapped.notes)
    assert mapped.results[0].score == plain.results[0].score  # an unmatched line never counted anyway
    # analyse, with the map beside an organisation's role files
    result = _analyse_with_org_map(cli, write, tmp_path, '"Keeping calm under pressure": none')
    report = json.loads(result.stdout)
    assert "Keeping calm under pressure" not in [m["phrase"] for m in report["unmatched"]]
    assert any("phrase map says (none)" in note for note in report["notes"])
    # batch: not in the unmatched column, nor in the phrases report
    team = write("team.csv", CALM_TEAM)
    out, phrases = tmp_path / "out.csv", tmp_path / "phrases.csv"
    result = cli(
        "--no-semantic", "batch", team, "--phrase-map", themap, "--phrases-report", phrases, "-q", "-o", out
    )
    assert result.exit_code == 0, result.output
    assert "calm" not in "".join(r["unmatched"] for r in _rows(out))
    assert _rows(phrases) == []
    # a misspelt none is an unknown id, and none is offered
    with pytest.raises(ValidationFailed) as caught:
        load_phrase_maps([write("typo.csv", "phrase,skill\nKeeping calm under pressure,nonee\n")], library)
    assert "did you mean none" in caught.value.problems[0].message


def test_profile_confirm_does_not_ask_about_a_phrase_the_map_sets_aside(cli: Cli, write: Write) -> None:
    themap = write("map.yaml", 'phrase_map:\n  "Keeping calm under pressure": none\n')
    profile = write(
        "ana.yaml", "name: Ana\nskills:\n  Keeping calm under pressure: 3\n  Risk management: 2\n"
    )
    before = profile.read_text(encoding="utf-8")
    result = cli(
        "--no-semantic",
        "profile",
        "confirm",
        profile,
        "--phrase-map",
        themap,
        "--answers-from-stdin",
        input="",
    )
    assert result.exit_code == 0, result.output
    assert "nothing to confirm" in result.output and "calm" not in result.output.casefold()
    assert profile.read_text(encoding="utf-8") == before
