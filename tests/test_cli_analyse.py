"""`analyse`, `match` and `skills search` end to end, in every format."""

from __future__ import annotations

import json
import os
import stat

import pytest
from conftest import EXAMPLES

ALEX = EXAMPLES / "alex-pro10.yaml"
SAM = EXAMPLES / "sam-short.yaml"


@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "csv", "html"])
def test_analyse_every_format(cli, fmt: str) -> None:
    result = cli("analyse", ALEX, "--role", "council-pro11", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert "Alex Morgan" in result.stdout or fmt == "csv"
    if fmt == "json":
        report = json.loads(result.stdout)
        a = report["assessments"][0]
        assert a["role_id"] == "council-pro11"
        points = sum(r["contribution"] for r in a["requirements"]) + sum(
            q["contribution"] for q in a["qualifications"]
        )
        points += a["experience"]["contribution"] if a["experience"] else 0
        assert round(points, 1) == a["score"]
    if fmt == "html":
        assert result.stdout.startswith("<!DOCTYPE html>") and "http" not in result.stdout.split("<body>")[1][
            :2000
        ].replace("https://json", "")


def test_analyse_uses_target_role_then_current_role_then_best_fit(cli, write) -> None:
    result = cli("analyse", ALEX, "--format", "json")
    report = json.loads(result.stdout)
    assert (report["assessments"][0]["role_id"], report["role_basis"]) == ("council-pro11", "target_role")
    current = write("c.yaml", "name: Kim\ncurrent_role: council-pro14\nskills:\n  budget management: 3\n")
    report = json.loads(cli("analyse", current, "--format", "json").stdout)
    assert (report["assessments"][0]["role_id"], report["role_basis"]) == ("council-pro14", "current_role")
    no_target = write("p.yaml", "name: Kim\nskills:\n  budget management: 3\n  stakeholder engagement: 3\n")
    result = cli("analyse", no_target, "--format", "json")
    report = json.loads(result.stdout)
    assert report["role_basis"] == "best_fit" and any("best fit" in n for n in report["notes"])


def test_analyse_table_is_a_report_a_person_would_read(cli) -> None:
    result = cli("analyse", ALEX, "--role", "council-pro11")
    out = result.stdout
    for needle in (
        "Alex Morgan",
        "council-pro11",
        "score",
        "Top gaps to close",
        "matched nothing",
        "Java programming",
    ):
        assert needle in out, needle


def test_unmatched_phrases_are_listed_not_counted(cli) -> None:
    report = json.loads(cli("analyse", ALEX, "--role", "council-pro11", "--format", "json").stdout)
    assert "Java programming" in [m["phrase"] for m in report["unmatched"]]


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_a_phrase_understood_as_a_skill_the_role_does_not_ask_for_is_still_shown(
    cli, write, fmt: str
) -> None:
    """A phrase matched to a skill outside the role appeared nowhere in the report a person reads: twelve phrases
    written, ten found. It is listed, with the skill it was read as; a profile with none has no such section."""
    profile = write(
        "k.yaml",
        """
        name: Kim
        skills:
          - {name: Chairing project team meetings, level: 3, skill: meeting-facilitation}
          - {name: budget mgmt, level: 3}
        """,
    )
    text = " ".join(cli("analyse", profile, "--role", "council-pro11", "--format", fmt).stdout.split())
    assert "Understood, but not asked for by this role (1)" in text
    assert "Chairing project team meetings → " in text and "meeting-facilitation" in text
    assert "budget mgmt → " not in text  # asked for: scored in the tables, not listed again
    asked = write("a.yaml", "name: Kim\nskills:\n  budget mgmt: 3\n")
    assert (
        "not asked for by this role" not in cli("analyse", asked, "--role", "council-pro11", "-f", fmt).stdout
    )
    # a ranking has no one role to measure against (its best fit does not ask for document management)
    filing = write(
        "f.yaml",
        "name: Kim\nskills:\n  - {name: Filing project papers, level: 3, skill: document-management}\n"
        "  - {name: budget mgmt, level: 3}\n",
    )
    assert "not asked for by this role" not in cli("match", filing, "-f", fmt).stdout


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_a_listed_qualification_that_is_not_recognised_is_said_so(cli, write, fmt: str) -> None:
    """Scored as not listed, but never silently: "Vocational qualification: not held" beside a listed award that
    careergap could not read is explained in every format a person reads."""
    profile = write(
        "q.yaml",
        "name: Kim\nqualifications: [Mental Health First Aider, PRINCE2 Foundation]\nskills:\n  budget mgmt: 3\n",
    )
    out = cli("analyse", profile, "--role", "council-pro11", "--format", fmt).stdout
    text = " ".join(out.split())
    assert "Qualifications not recognised" in text
    assert "Mental Health First Aider:" in text and "PRINCE2 Foundation:" not in text
    assert "count as not listed" in text
    report = json.loads(cli("analyse", profile, "--role", "council-pro11", "--format", "json").stdout)
    assert [(m["phrase"], m["status"]) for m in report["qualifications"]] == [
        ("Mental Health First Aider", "refused"),
        ("PRINCE2 Foundation", "matched"),
    ]
    twice = write(
        "t.yaml", "name: Kim\nqualifications: [Foo Cert, foo  cert, Foo Cert]\nskills:\n  budget mgmt: 3\n"
    )
    listed = " ".join(cli("analyse", twice, "--role", "council-pro11", "--format", fmt).stdout.split())
    assert listed.count("Foo Cert:") + listed.count("foo cert:") == 1  # each award once
    clean = write("c.yaml", "name: Kim\nqualifications: [PRINCE2 Foundation]\nskills:\n  budget mgmt: 3\n")
    assert "not recognised" not in cli("analyse", clean, "--role", "council-pro11", "--format", fmt).stdout


def test_with_next_rates_the_next_grade_side_by_side(cli) -> None:
    report = json.loads(
        cli("analyse", ALEX, "--role", "council-pro10", "--with-next", "--format", "json").stdout
    )
    assert [a["role_id"] for a in report["assessments"]] == ["council-pro10", "council-pro11"]
    assert report["assessments"][0]["score"] > report["assessments"][1]["score"]


def test_with_next_is_one_table_beside_the_current_role_in_every_format(cli) -> None:
    args = ("analyse", ALEX, "--role", "council-pro10", "--with-next")
    row = {"skill": "Budget and financial management", "have": "2", "now": "2* met", "next": "3* 1 short"}
    only_next = "Governance and assurance"  # asked by PRO11 only: "-" under need now
    markdown = cli(*args, "-f", "markdown").stdout
    assert markdown.count("| skill | have | need now | need next |") == 1
    assert f"| {row['skill']} | {row['have']} | {row['now']} | {row['next']} |" in markdown
    assert f"| {only_next} | not rated | - | 2* not rated |" in markdown
    assert "## Next:" not in markdown  # no second report for the next grade
    html = cli(*args, "-f", "html").stdout
    assert html.count("<th>need next</th>") == 1
    assert (
        f'<tr><td>{row["skill"]}</td><td>{row["have"]}</td><td class="tone-good">{row["now"]}</td>'
        f'<td class="tone-bad">{row["next"]}</td></tr>' in html
    )
    table = cli(*args).stdout
    assert table.count("need next") == 1 and table.count("Now and next, side by side") == 1
    beside = table.split("Now and next, side by side")[1]
    line = next(x for x in beside.splitlines() if x.strip().startswith(row["skill"]))
    assert line.split()[-6:] == ["2", "2*", "met", "3*", "1", "short"]
    assert "against Project manager (PRO11)" not in table  # the next grade is not a second report
    # JSON and CSV keep their structure: one assessment per role, rows per role.
    report = json.loads(cli(*args, "-f", "json").stdout)
    assert [a["role_id"] for a in report["assessments"]] == ["council-pro10", "council-pro11"]
    csv_text = cli(*args, "-f", "csv").stdout
    assert ",council-pro11," in csv_text and ",council-pro10," in csv_text


def test_not_applicable_is_reported(cli) -> None:
    report = json.loads(cli("analyse", SAM, "--role", "it-project-manager", "--format", "json").stdout)
    a = report["assessments"][0]
    na = [r for r in a["requirements"] if r["status"] == "not_applicable"]
    assert [r["skill"] for r in na] == ["procurement"] and na[0]["weight"] == 0


def test_output_file_is_private(cli, tmp_path) -> None:
    out = tmp_path / "report.md"
    result = cli("analyse", ALEX, "--format", "markdown", "--output", out)
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text().startswith("# Alex Morgan")
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


def test_match_ranks_every_role(cli) -> None:
    report = json.loads(cli("match", ALEX, "--format", "json").stdout)
    matches = [a["match"] for a in report["assessments"]]
    assert len(matches) == 11 and matches == sorted(matches, reverse=True)
    assert (
        json.loads(cli("match", ALEX, "--top", "3", "--format", "json").stdout)["assessments"].__len__() == 3
    )


def test_match_markdown_and_table(cli) -> None:
    assert "| 1 |" in cli("match", ALEX, "--format", "markdown").stdout
    assert "best fit first" in cli("match", ALEX).stdout


def test_empty_profile_gets_no_score(cli, write) -> None:
    result = cli("analyse", write("empty.yaml", "name: Nobody\n"))
    assert result.exit_code == 1
    assert "nothing to score" in result.stderr
    coach_only = write("c.yaml", "name: C\nskills:\n  - {name: budget mgmt, coach_level: 3}\n")
    result = cli("analyse", coach_only)  # the skill matched: it is the self rating that is missing
    assert result.exit_code == 1 and "none has a self rating (they have coach ratings)" in result.stderr
    assert (
        "--rating coach" in result.stderr and cli("analyse", coach_only, "--rating", "coach").exit_code == 0
    )
    nothing_matches = write("odd.yaml", "name: Odd\nskills:\n  java: 3\n  football coaching: 4\n")
    result = cli("match", nothing_matches)
    assert result.exit_code == 1 and "none of the profile's skills" in result.stderr


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("name: X\nskills:\n  budget: expertt\n", r"\.yaml:3:3: skills\.budget: 'expertt' is not a level"),
        (
            "name: X\nskills:\n  - name: budget\n    levle: 3\n",
            r"\.yaml:4:5: skills\[0\]\.levle: unknown key",
        ),
        ("name: X\ntarget_role: council-pro99\nskills: {budget: 2}\n", r"unknown role id 'council-pro99'"),
        (
            "name: X\nskills:\n  - {name: Keeping the books, level: 3, skill: budget-managment}\n",
            r"\.yaml:3:41: skills\[0\]\.skill: 'budget-managment' is not a skill id in the library; did you mean",
        ),
        (
            "name: X\nskills: {budget: 2}\nqualifications:\n  - PRINCE2\n  - {name: An MBA, qualification: mbaa}\n",
            r"\.yaml:5:20: qualifications\[1\]\.qualification: 'mbaa' is not a qualification id .*did you mean mba",
        ),
        ("skills: {budget: 2}\n", r"\.yaml:1:1: name: required field is missing"),
        ("name: [unclosed\n", r"\.yaml:2:1: invalid YAML"),
        ("- a\n- b\n", r"expected a mapping"),
        (
            "name: X\nskills:\n  budget: 2\n  yes: 3\n",
            r"\.yaml:4:3: skills: the phrase 'yes' is read as true \(yes/no words are true or false\), not text; put it in quotes",
        ),
    ],
)
def test_bad_profiles_are_clear_errors(cli, write, text: str, pattern: str) -> None:
    import re

    result = cli("analyse", write("bad.yaml", text))
    assert result.exit_code == 1, result.stdout
    assert re.search(pattern, result.stderr), result.stderr
    assert "Traceback" not in result.stderr


def test_missing_profile_file(cli, tmp_path) -> None:
    result = cli("analyse", tmp_path / "nope.yaml")
    assert result.exit_code == 1 and "no such file" in result.stderr


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [("budget mgmt", "budget-management"), ("stakeholder engagement", "stakeholder-management")],
)
def test_skills_search_json(cli, phrase: str, expected: str) -> None:
    data = json.loads(cli("skills", "search", phrase, "--format", "json").stdout)["result"]
    assert data["status"] == "matched" and data["target"] == expected


def test_skills_search_explains_a_refusal(cli) -> None:
    result = cli("skills", "search", "budget airline experience")
    assert result.exit_code == 0
    assert "REFUSED" in result.stdout and "airlin" in result.stdout


def test_skills_search_qualification_tiers(cli) -> None:
    yes = json.loads(cli("skills", "search", "-q", "Prince 2 practitioner", "--format", "json").stdout)[
        "result"
    ]
    no = json.loads(cli("skills", "search", "-q", "PRINCE2 Foundation", "--format", "json").stdout)["result"]
    assert yes["target"] == "prince2-practitioner" and no["target"] == "prince2-foundation"


def test_each_gap_lists_actions_made_for_that_skill_first(analyser) -> None:
    from careergap.profiles import load_profile

    report = analyser.analyse(load_profile(ALEX), "council-pro11")
    library = analyser.library
    for gap in report.assessments[0].gaps:
        assert len(gap.actions) == len(gap.action_titles)

        def suits(levels: tuple[int, ...] | None, have: int | None = gap.have) -> bool:
            return levels is None or have in levels  # an unrated skill: actions made for any level only

        dedicated = [
            a for a in library.actions_for_skill(gap.skill) if a.skills[0] == gap.skill and suits(a.levels)
        ]
        if dedicated and gap.actions:
            assert library.actions[gap.actions[0]].skills[0] == gap.skill, gap.skill
            assert gap.action_titles[0] == library.actions[gap.actions[0]].title


@pytest.mark.parametrize("level", [None, 1, 3])
def test_a_foundation_award_comes_before_the_award_that_requires_it(analyser, level: int | None) -> None:
    """A nurse with no project experience was offered PRINCE2 Practitioner before Foundation; someone proficient in
    the methods is not offered a Foundation course at all, nor is someone who did not say (an award made for
    certain levels waits for the rating)."""
    from careergap.models.profile import Profile

    skills = {"communication": 3} | (
        {} if level is None else {"project methodologies": level, "project management": level}
    )
    report = analyser.analyse(Profile(name="Kim", skills=skills), "council-pro11")
    ids = [a.id for a in report.actions]
    offered = [action for g in report.assessments[0].gaps for action in g.actions]
    if level != 1:
        assert "qualification-prince2-foundation" not in ids + offered
        return
    gap = next(g for g in report.assessments[0].gaps if g.skill == "pm-methods-and-tools")
    for order in (ids, gap.actions):
        assert "qualification-prince2-foundation" in order, order
        if "qualification-prince2-practitioner" in order:
            assert order.index("qualification-prince2-foundation") < order.index(
                "qualification-prince2-practitioner"
            )


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_an_experience_estimate_that_is_not_scored_does_not_read_as_weighed(cli, fmt: str) -> None:
    """PRO8's years are inferred (scored: false): the line shows them but must not say "weighted 1" beside 0 points."""
    shown = cli("analyse", EXAMPLES / "pat-pro8.yaml", "--role", "council-pro8", "--format", fmt)
    assert shown.exit_code == 0, shown.stderr
    assert "shown, not scored" in shown.stdout and "weighted 1" not in shown.stdout


def test_a_scored_experience_line_says_it_is_weighed() -> None:
    from careergap.models.report import ExperienceResult
    from careergap.render.report import experience_importance

    line = {
        "required_years": 3,
        "have_years": 2,
        "status": "partial",
        "weight": 1,
        "credit": 0.5,
        "contribution": 3.0,
        "description": "",
    }
    assert experience_importance(ExperienceResult(**line)) == "weighted 1"
    assert experience_importance(ExperienceResult(**line, scored=False)) == "shown, not scored"


@pytest.mark.parametrize(
    "args",
    [
        ["roles", "list", "--roles-dir", ""],
        ["roles", "validate", ""],
        ["roles", "show", ""],
        ["analyse", "{p}", "--role", " "],
        ["match", "{p}", "--framework", ""],
        ["next", "{p}", "--from", ""],
        ["path", "{p}", "--to", ""],
        ["compare", "{p}", "{p}", "--role", ""],
    ],
)
def test_an_empty_id_or_folder_is_a_usage_error_not_the_option_left_out(cli, write, args) -> None:
    """An empty shell variable ("--roles-dir $ORG_ROLES") would otherwise walk the current folder, or silently
    score against the profile's own target role."""
    profile = write("p.yaml", "name: X\ntarget_role: council-pro9\nskills:\n  budget mgmt: 2\n")
    result = cli(*(str(profile) if a == "{p}" else a for a in args))
    assert result.exit_code == 2, result.stdout
    assert "is empty; give" in result.stderr, result.stderr


@pytest.mark.parametrize("command", ["analyse", "match"])
def test_a_roles_csv_contributions_add_up_to_its_score(cli, command: str) -> None:
    """Qualification and experience lines are rows too; a match report carries fit, coverage and rank."""
    import csv
    import io
    from collections import defaultdict

    result = cli(command, EXAMPLES / "alex-pro10.yaml", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    points: dict[str, float] = defaultdict(float)
    for row in rows:
        points[row["role_id"]] += float(row["contribution"])
    scores = {row["role_id"]: float(row["score"]) for row in rows}
    assert all(abs(points[r] - scores[r]) < 0.05 for r in scores), (points, scores)
    assert {row["line"] for row in rows} == {"skill", "qualification", "experience"}
    ranks = {row["role_id"]: row["rank"] for row in rows}
    assert all(row["match"] and row["coverage"] for row in rows)  # known for any report, as in its JSON
    if command == "match":
        assert sorted(int(r) for r in ranks.values()) == list(range(1, len(ranks) + 1))
    else:
        assert set(ranks.values()) == {""}
    # said nothing is not "cannot": an unrated line's gap is blank, like its have, so a sum of gaps leaves it out
    unrated = [row for row in rows if row["status"] == "unrated" and row["line"] == "skill"]
    assert unrated and all(row["have"] == row["gap"] == "" for row in unrated)
    assert all(row["gap"] != "" for row in rows if row["line"] == "skill" and row["status"] != "unrated")


def test_with_next_says_now_only_for_the_role_the_person_holds(cli) -> None:
    held = cli(
        "analyse", EXAMPLES / "alex-pro10.yaml", "--role", "council-pro10", "--with-next", "-f", "markdown"
    )
    other = cli(
        "analyse", EXAMPLES / "alex-pro10.yaml", "--role", "council-pro11", "--with-next", "-f", "markdown"
    )
    assert "## Now and next, side by side" in held.stdout and "| need now | need next |" in held.stdout
    assert "## This role and the next, side by side" in other.stdout and "| need this role |" in other.stdout
    assert "Now: council-pro11" not in other.stdout


def test_next_from_the_top_of_a_ladder_says_so_in_the_report(cli) -> None:
    result = cli("next", EXAMPLES / "alex-pro10.yaml", "--from", "council-pro14", "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    assert (
        "No promotion leads on from Senior programme manager (PRO14): it is the top of its ladder"
        in result.stdout
    )
    assert "inferred link: inferred" not in result.stdout


def test_a_tables_detail_columns_show_when_the_terminal_has_room(runner) -> None:
    from careergap.cli import app

    wide = runner.invoke(app, ["roles", "list"], env={"COLUMNS": "220", "TERM": "dumb"})
    narrow = runner.invoke(app, ["roles", "list"], env={"COLUMNS": "80", "TERM": "dumb"})
    assert "framework" in wide.stdout and "council-project-family" in wide.stdout
    assert "framework" not in narrow.stdout and "council-pro10" in narrow.stdout


def test_advice_lines_name_the_profile_file_not_a_placeholder(cli, write) -> None:
    """ "careergap profile confirm PROFILE" made a person find out what PROFILE meant; the command knows the file."""
    profile = write(
        "kim lee.yaml", "name: Kim\ntarget_role: council-pro9\nskills:\n  zzqx wibble: 2\n  budget mgmt: 2\n"
    )
    for fmt in ("table", "markdown"):
        result = cli("--no-semantic", "analyse", profile, "-f", fmt)
        said = " ".join(result.stdout.replace("\\_", "_").split())  # Markdown escapes the path's underscores
        assert f"careergap profile confirm '{profile}' offers the likeliest skills" in said, said
        if fmt == "table":
            assert f"careergap assess --resume '{profile}' --role council-pro9 asks for them" in said
        assert "PROFILE" not in said
    match = " ".join(cli("--no-semantic", "match", profile).stdout.split())
    assert f"careergap analyse '{profile}' --role ID" in match


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "name: Tom\ntarget_role: council-pro11\nqualifications: [PRINCE2 Practitioner]\n",
            "lists no skills",
        ),
        (
            "name: Nomatch\ntarget_role: council-pro11\nyears_experience: 3\nskills:\n  zzqx frobnication: 2\n",
            "none of the profile's skills matched",
        ),
    ],
)
@pytest.mark.parametrize("command", ["analyse", "match", "next"])
def test_a_profile_with_no_rated_skill_gets_no_score(cli, write, text: str, said: str, command: str) -> None:
    """Qualifications or years alone are not a score ("100 / 100" on 2% of a role, "0.0" on 0%)."""
    result = cli(command, write("p.yaml", text))
    assert result.exit_code == 1 and result.stdout == ""
    assert said in result.stderr and "qualifications and experience alone are not scored" in result.stderr


def test_a_profile_whose_every_phrase_is_refused_points_to_confirm_with_the_likeliest_skills(
    cli, write
) -> None:
    """A housing officer's three lines were all refused; the error pointed only at `skills search`, though `profile
    confirm` offers the right skills at once."""
    profile = write("h.yaml", "name: Shona\nskills:\n  tenant liaison: 2\n")
    result = cli("analyse", profile, "--role", "council-pro10")
    assert result.exit_code == 1 and result.stdout == ""
    said = " ".join(result.stderr.split())
    assert "'tenant liaison' (likeliest: stakeholder-management" in said, said
    assert f"careergap profile confirm {profile} offers the likeliest skills" in said, said


def test_a_ranking_and_a_best_fit_on_little_rated_say_so(cli, write) -> None:
    """A call-centre team leader who rated only people skills was ranked into IT project manager and programme
    manager (fits 17-25, every role a quarter covered) and analysed against the first as if it were advice."""
    profile = write(
        "d.yaml", "name: Dean\nskills:\n  team leadership: 3\n  coaching: 3\n  communication: 3\n"
    )
    ranked = " ".join(cli("match", profile, "-f", "markdown").stdout.split())
    assert "covers at most" in ranked and "is not a recommendation" in ranked
    analysed = cli("analyse", profile)
    assert "that best fit rests on" in analysed.stderr and "give a target_role" in analysed.stderr
    alex = " ".join(cli("match", EXAMPLES / "alex-pro10.yaml", "-f", "markdown").stdout.split())
    assert "covers at most" not in alex


def test_evidence_is_kept_beside_a_gap_as_beside_a_strength(cli, write) -> None:
    """Alex's budget evidence (a gap, 2 of 3) was in the JSON only; a strength's evidence was read as Markdown."""
    md = cli("analyse", EXAMPLES / "alex-pro10.yaml", "-f", "markdown").stdout
    gaps = md.split("## Gaps in priority order")[1]
    assert "| evidence |" in gaps and "Tracked spend on the library refurbishment project" in gaps
    marked = write(
        "m.yaml", "name: Kim\nskills:\n  - {name: budget mgmt, level: 3, evidence: '**all** of it'}\n"
    )
    strengths = cli("analyse", marked, "--role", "council-pro8", "-f", "markdown").stdout
    assert "Evidence: \\*\\*all\\*\\* of it" in strengths


def test_few_years_against_a_roles_unscored_estimate_are_raised(cli, write) -> None:
    """Self-rated 4 across the board with 2 years: 'ready' for PRO14 (whose 8 years are shown, not scored) with
    nothing to prompt the conversation a coach would have."""
    levels = "\n".join(f"  {s}: 4" for s in ("budget mgmt", "risk management", "stakeholder management"))
    junior = write(
        "j.yaml", f"name: Kim\ntarget_role: council-pro14\nyears_experience: 2\nskills:\n{levels}\n"
    )
    senior = write(
        "s.yaml", f"name: Kim\ntarget_role: council-pro14\nyears_experience: 7\nskills:\n{levels}\n"
    )
    assert "2 years' experience against the 8 or so council-pro14" in cli("analyse", junior).stderr
    assert "years' experience against" not in cli("analyse", senior).stderr


def test_match_says_the_first_roles_years_beside_a_ranking_on_ratings_alone(cli, write) -> None:
    """An over-rater with one year ranks the most senior role first: match says the years as analyse does, in the
    JSON notes too (a blind coach found the note only in analyse), and says nothing for a person with the years."""
    levels = "\n".join(f"  {s}: 4" for s in ("budget mgmt", "risk management", "stakeholder management"))
    junior = write(
        "j.yaml", f"name: Tyler\ncurrent_role: council-pro8\nyears_experience: 1\nskills:\n{levels}\n"
    )
    senior = write(
        "s.yaml", f"name: Kim\ncurrent_role: council-pro13\nyears_experience: 9\nskills:\n{levels}\n"
    )
    notes = json.loads(cli("match", junior, "-f", "json").stdout)["notes"]
    first = json.loads(cli("match", junior, "-f", "json").stdout)["assessments"][0]["role_id"]
    assert any(n.startswith("1 year's experience against the ") and first in n for n in notes), (first, notes)
    assert not any(
        "experience against" in n for n in json.loads(cli("match", senior, "-f", "json").stdout)["notes"]
    )


def test_an_unrated_gap_is_offered_no_action_made_for_certain_levels(analyser) -> None:
    """Not said is not a beginner: a returner with budgets unrated against PRO11 was told to 'lead the budget round
    for several projects' (an action for someone at 3), and senior people whose project phrase went unread were
    told to take PRINCE2 Foundation and 'manage a small project'. An action made for certain levels waits for the
    rating; at a rated level it is offered."""
    from careergap.models.profile import Profile

    def gap(person: Profile, role: str, skill: str):  # type: ignore[no-untyped-def]
        return next(g for g in analyser.analyse(person, role).assessments[0].gaps if g.skill == skill)

    unrated = Profile(name="Kim", skills={"communication": 3})
    budgets = gap(unrated, "council-pro14", "budget-management")
    assert budgets.have is None and budgets.required == 4
    assert not {"practice-lead-a-budget-round", "practice-build-and-monitor-a-budget"} & set(budgets.actions)
    projects = gap(unrated, "council-pro13", "project-management")
    assert not {"qualification-prince2-foundation", "practice-manage-a-small-project-end-to-end"} & set(
        projects.actions
    )
    assert "training-project-leadership" in projects.actions  # made for any level
    rated = Profile(name="Kim", skills={"budget-management": 3, "project-management": 1})
    assert "practice-lead-a-budget-round" in gap(rated, "council-pro14", "budget-management").actions
    assert (
        "practice-manage-a-small-project-end-to-end"
        in gap(rated, "council-pro13", "project-management").actions
    )


def test_an_unrated_gap_without_an_action_asks_for_the_rating(cli, write) -> None:
    profile = write("k.yaml", "name: Kim\nskills:\n  communication: 3\n")
    out = cli("analyse", profile, "--role", "council-pro14", "-f", "markdown").stdout
    row = next(
        line for line in out.splitlines() if line.startswith("| ") and "| Budget and financial" in line
    )
    assert row.rstrip().endswith("| rate it first |")


def test_an_it_service_award_is_offered_for_it_roles_only(analyser) -> None:
    """ITIL 4 was the standard answer to a continuous-improvement gap for a highways engineer, a charity director
    and a supermarket manager; it is about running IT services (`frameworks:` in actions.yaml)."""
    from careergap.models.profile import Profile

    person = Profile(name="Kim", skills={"continuous-improvement": 1, "change-control": 1})
    offered = {
        role: {a.id for a in analyser.analyse(person, role).actions}
        for role in ("council-pro11", "it-project-manager")
    }
    assert "qualification-itil4-foundation" not in offered["council-pro11"]
    assert "qualification-itil4-foundation" in offered["it-project-manager"]


def test_someone_already_managing_people_is_not_told_to_take_on_line_management(analyser) -> None:
    from careergap.models.profile import Profile

    def offered(level: int) -> list[str]:
        person = Profile(name="Kim", skills={"people-management": level})
        assessment = analyser.analyse(person, "council-pro13").assessments[0]
        return next(g for g in assessment.gaps if g.skill == "people-management").actions

    assert "practice-line-manage-someone" in offered(1)
    assert "practice-line-manage-someone" not in offered(2)


def test_an_award_action_says_what_it_helps_with_in_words(cli, write) -> None:
    """A service desk lead aiming at IT project manager: 'ITIL 4 Foundation ... Helps with: itil4-foundation' printed
    the award's id where none of its skills is a gap."""
    lines = [
        "Running the service desk team of 8: 3",
        "ServiceNow ticket queues and SLAs: 4",
        "Major incident management: 3",
        "Rolled out Windows 11 to 600 laptops: 3",
        "Change advisory board (CAB): 3",
        "Training new analysts: 3",
        "Budgets - never held one: 0",
        "Project planning: 1",
    ]
    profile = write(
        "m.yaml",
        "name: M\ntarget_role: it-project-manager\nqualifications: [ITIL v3 Foundation]\nskills:\n"
        + "".join(f"  {line}\n" for line in lines),
    )
    md = " ".join(cli("analyse", profile, "-f", "markdown").stdout.split())
    assert "ITIL 4 Foundation** (qualification" in md
    assert "Helps with: itil4-foundation" not in md and "Helps with: an award this role asks for" in md


def test_skills_search_refuses_a_phrase_over_the_profiles_limit(cli) -> None:
    """A 20,000-character search took 17 s; a profile refuses a phrase over MAX_PHRASE_CHARS, and so does search."""
    result = cli("skills", "search", "budget " * 100)
    assert result.exit_code == 2 and "over the limit of 300 (MAX_PHRASE_CHARS)" in " ".join(
        result.stderr.split()
    )
