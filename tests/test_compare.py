"""`careergap compare`: progress between two sessions, in every format, and the logic behind it."""

from __future__ import annotations

import json
import os
import stat

import pytest

from careergap.compare import compare_profiles
from careergap.profiles import load_profile

BEFORE = """
name: Kim Lee
target_role: council-pro11
assessed_on: "2025-01-10"
years_experience: 3
skills:
  budget management: 1
  project planning: 1
  risk management: 3
  stakeholder management: 3
  data analysis: 1
  communication: 2
  teamwork: 3
  procurement: 1
actions: [Shadow the PRO11 on the depot project]
"""

AFTER = """
name: Kim Lee
target_role: council-pro11
assessed_on: "2025-03-07"
years_experience: 4
qualifications: [BSc Economics]
skills:
  budget management: 3
  project planning: 2
  risk management: 1
  stakeholder management: 3
  data analysis: 1
  communication: 1
  procurement: 1
  progress reporting: 3
not_applicable:
  procurement: Purchasing is done by a central team.
actions: [Run the Q2 budget forecast]
"""


@pytest.fixture
def pair(write):
    return write("before.yaml", BEFORE), write("after.yaml", AFTER)


def ids(changes: list[dict]) -> list[str]:
    return sorted(c["skill"] for c in changes)


def test_every_requirement_is_sorted_into_what_moved(cli, pair) -> None:
    before, after = pair
    result = cli("compare", before, after, "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["role_id"] == "council-pro11" and report["person"] == "Kim Lee"
    assert ids(report["closed"]) == ["budget-management", "procurement"]
    assert ids(report["narrowed"]) == ["project-planning"]
    assert ids(report["widened"]) == ["communication"]
    assert ids(report["new_gaps"]) == ["risk-management"]
    assert "data-analysis" in ids(report["still_open"]) and "stakeholder-management" not in ids(
        report["still_open"]
    )
    closed = {c["skill"]: c for c in report["closed"]}
    assert closed["procurement"]["after_status"] == "not_applicable"
    # said nothing is not "cannot": a line unrated on either side is neither a gap closed nor a gap opened
    (first,) = report["rated_now"]
    assert (first["skill"], first["before"], first["after"]) == ("project-reporting", None, 3)
    (dropped,) = report["no_longer_rated"]
    assert (dropped["skill"], dropped["before"], dropped["after_status"]) == ("teamwork", 3, "unrated")
    unknown = ids(report["still_unrated"])
    assert "people-management" in unknown
    assert all(c["before_status"] == c["after_status"] == "unrated" for c in report["still_unrated"])
    for name in ("closed", "narrowed", "widened", "new_gaps", "still_open"):
        assert not {c["skill"] for c in report[name]} & {"project-reporting", "teamwork", *unknown}
    assert [(s["skill"], s["level"], s["in_role"]) for s in report["skills_added"]] == [
        ("project-reporting", 3, True)
    ]
    assert [s["skill"] for s in report["skills_removed"]] == ["teamwork"]
    assert report["qualifications_gained"] == ["Bachelor's degree"]
    assert (report["experience_before"], report["experience_after"]) == (3, 4)
    assert report["actions_before"] == ["Shadow the PRO11 on the depot project"]
    assert report["actions_after"] == ["Run the Q2 budget forecast"]


def test_scores_and_verdicts_match_analyse_on_each_profile(cli, pair) -> None:
    before, after = pair
    report = json.loads(cli("compare", before, after, "--format", "json").stdout)
    score_before = json.loads(cli("analyse", before, "--format", "json").stdout)["assessments"][0]
    score_after = json.loads(cli("analyse", after, "--format", "json").stdout)["assessments"][0]
    assert (
        report["before"]["score"] == score_before["score"]
        and report["after"]["score"] == score_after["score"]
    )
    assert report["before"]["verdict"] == score_before["verdict"]
    assert report["score_change"] == round(score_after["score"] - score_before["score"], 1)
    assert report["before"]["label"] == str(before) and report["after"]["assessed_on"] == "2025-03-07"


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_readable_formats_show_each_section(cli, pair, fmt: str) -> None:
    before, after = pair
    result = cli("compare", before, after, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for needle in (
        "Kim Lee",
        "council-pro11",
        "Gaps closed (2)",
        "Gaps narrowed (1)",
        "Gaps widened (1)",
        "New gaps (1)",
        "Gaps still open",
        "Rated for the first time (1)",
        "Rated before, not now (1)",
        "Still not rated",
        "Skills added (1)",
        "Progress reporting and project information",
        "Run the Q2 budget forecast",
        "Bachelor's degree",
    ):
        assert needle in out, needle
    if fmt == "markdown":
        assert out.startswith("# Progress: Kim Lee")
        assert "| budget management" not in out  # names come from the library, not the phrases
        assert "| Budget and financial management | essential | 1 | 3 | 3 |" in out


def test_role_comes_from_option_then_after_then_before_then_best_fit(analyser, write) -> None:
    before = load_profile(write("b.yaml", BEFORE))
    after = load_profile(write("a.yaml", AFTER))
    assert compare_profiles(analyser, before, after, role_id="council-pro10").role_id == "council-pro10"
    after_pro12 = after.model_copy(update={"target_role": "council-pro12"})
    assert compare_profiles(analyser, before, after_pro12).role_id == "council-pro12"
    no_target = after.model_copy(update={"target_role": None})
    report = compare_profiles(analyser, before, no_target)
    assert report.role_id == "council-pro11" and "earlier profile's target_role" in report.notes[0]
    neither = compare_profiles(analyser, before.model_copy(update={"target_role": None}), no_target)
    best = analyser.rank(analyser.resolve(no_target).profile)[0].role_id
    assert neither.role_id == best and "best fit" in neither.notes[0]


def test_warns_when_the_profiles_look_like_different_people_or_the_wrong_way_round(cli, pair) -> None:
    before, after = pair
    report = json.loads(cli("compare", after, before, "--format", "json").stdout)
    assert any("right way round" in n for n in report["notes"])
    other = before.with_name("other.yaml")
    other.write_text(BEFORE.replace("Kim Lee", "Sam Patel"))
    report = json.loads(cli("compare", other, after, "--format", "json").stdout)
    assert any("different people" in n for n in report["notes"])


def test_coach_ratings_can_be_compared(cli, write) -> None:
    before = write(
        "b.yaml",
        "name: Kim\ntarget_role: council-pro11\nskills:\n  - {name: budget management, level: 3, coach_level: 1}\n",
    )
    after = write(
        "a.yaml",
        "name: Kim\ntarget_role: council-pro11\nskills:\n  - {name: budget management, level: 3, coach_level: 3}\n",
    )
    self_view = json.loads(cli("compare", before, after, "--format", "json").stdout)
    coach_view = json.loads(cli("compare", before, after, "--rating", "coach", "--format", "json").stdout)
    assert self_view["closed"] == [] and self_view["score_change"] == 0
    assert ids(coach_view["closed"]) == ["budget-management"] and coach_view["rater"] == "coach"


def test_output_file_is_private(cli, pair, tmp_path) -> None:
    before, after = pair
    out = tmp_path / "progress.md"
    result = cli("compare", before, after, "--format", "markdown", "--output", out)
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text().startswith("# Progress: Kim Lee")
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


def test_errors_name_the_file_and_formats_are_checked(cli, pair, write) -> None:
    before, after = pair
    empty = write("empty.yaml", "name: Kim\n")
    result = cli("compare", empty, after)
    assert result.exit_code == 1 and str(empty) in result.stderr and "nothing to score" in result.stderr
    assert cli("compare", before, after, "--format", "csv").exit_code == 2
    result = cli("compare", before, after, "--role", "council-pro1l")
    assert result.exit_code == 1 and "council-pro11" in result.stderr


UNRATED_BEFORE = (
    "name: Kim Lee\ntarget_role: council-pro11\nskills:\n  budget management: 1\n  project planning: 1\n"
)
UNRATED_AFTER = (
    "name: Kim Lee\ntarget_role: council-pro11\nskills:\n  budget management: 3\n  project planning: 2\n"
)


def test_an_unknown_verdict_is_not_called_progress(cli, write) -> None:
    """Most essentials unrated on both sides: the verdicts are unknown, so a higher score on two rated lines is
    reported as what it is, not as readiness going up."""
    before, after = write("b.yaml", UNRATED_BEFORE), write("a.yaml", UNRATED_AFTER)
    report = json.loads(cli("compare", before, after, "-f", "json").stdout)
    assert (report["before"]["verdict"], report["after"]["verdict"]) == ("unknown", "unknown")
    assert report["score_change"] > 0 and report["direction"] == "unknown"
    covered = f"{report['after']['coverage']:.0%}"  # the same two lines rated on each side (7%)
    assert report["before"]["coverage"] == report["after"]["coverage"]
    sentence = (
        "Readiness: not enough information before and after; score on rated lines 33.3 → 83.3 "
        f"(on {covered} of the role)."
    )
    for fmt in ("table", "markdown", "html"):
        out = cli("compare", before, after, "-f", fmt).stdout
        assert sentence in " ".join(out.split()), fmt
        assert "| up |" not in out and "from not enough information" not in out
    markdown = cli("compare", before, after, "-f", "markdown").stdout
    assert "| verdict | not enough information | not enough information | not known |" in markdown


def test_a_known_verdict_on_both_sides_says_which_way_it_moved(cli, write, library) -> None:
    """Every requirement of PRO8 rated (a level short before, met after): both verdicts known, and it went up."""
    role = library.role("council-pro8")

    def profile(name: str, short: int) -> object:
        skills = "".join(f"  {r.skill}: {max(r.level - short, 0)}\n" for r in role.requirements)
        return write(name, f"name: Kim Lee\nqualifications: [GCSEs]\nskills:\n{skills}")

    before, after = profile("b.yaml", 1), profile("a.yaml", 0)
    report = json.loads(cli("compare", before, after, "--role", "council-pro8", "-f", "json").stdout)
    assert "unknown" not in (report["before"]["verdict"], report["after"]["verdict"])
    assert report["direction"] == "up"
    markdown = " ".join(
        cli("compare", before, after, "--role", "council-pro8", "-f", "markdown").stdout.split()
    )
    b, a = report["before"], report["after"]
    assert (
        f"Readiness: up, from {b['verdict']} to {a['verdict']}; score on rated lines {b['score']:.1f} → "
        f"{a['score']:.1f} (on 100% of the role)." in markdown
    )


def test_words_confirmed_between_sessions_are_not_reported_as_progress(cli, tmp_path) -> None:
    """A phrase careergap could not read at the first session and confirmed since is the same claim, read now: it
    is listed as now read, not as a skill added, and a gap it closes is said not to be progress."""
    report = _compared(
        cli,
        tmp_path,
        "name: Kim\nskills:\n  budget mgmt: 2\n  zzqx rota wrangling: 3\n  Presenting to the board: 2\n",
        "name: Kim\nskills:\n  budget mgmt: 2\n  zzqx rota wrangling: {level: 3, skill: resource-planning}\n"
        "  Presenting to the board: 2\n  coaching and mentoring: 2\n",
        "council-pro11",
    )
    assert [s["skill"] for s in report["skills_now_read"]] == ["resource-planning"]
    assert "resource-planning" not in [s["skill"] for s in report["skills_added"]]
    assert "coaching-and-mentoring" in [s["skill"] for s in report["skills_added"]]
    # unread before, so not a gap then
    assert "resource-planning" in [c["skill"] for c in report["rated_now"]]
    assert any(
        "Resource planning and allocation: the earlier profile had the same words" in n
        for n in report["notes"]
    )


def test_an_award_confirmed_between_sessions_is_now_read_not_gained(cli, tmp_path) -> None:
    report = _compared(
        cli,
        tmp_path,
        "name: Kim\nqualifications: [L5 Dip LMHSC]\nskills:\n  budget mgmt: 2\n",
        "name: Kim\nqualifications:\n  - {name: L5 Dip LMHSC, qualification: management-qualification}\n"
        "  - PRINCE2 Foundation\nskills:\n  budget mgmt: 2\n",
        "council-pro13",
    )
    assert report["qualifications_now_read"] == ["Management qualification"]
    assert report["qualifications_gained"] == ["PRINCE2 Foundation"]
    markdown = _compared_markdown(cli, tmp_path, "council-pro13")
    assert (
        "Now read (listed before in the same words, confirmed since; not gained): Management qualification"
        in markdown
    )


def _compared(cli, folder, before_text: str, after_text: str, role: str) -> dict:  # type: ignore[no-untyped-def]
    """`compare -f json` of two profiles written into folder (before.yaml, after.yaml), lexical matching."""
    before, after = folder / "before.yaml", folder / "after.yaml"
    before.write_text(before_text, encoding="utf-8")
    after.write_text(after_text, encoding="utf-8")
    result = cli("--no-semantic", "compare", before, after, "--role", role, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_words_confirmed_as_another_skill_since_are_read_differently_not_progress(cli, tmp_path) -> None:
    """The same words read as one skill before and confirmed as another since: the new skill is now read (its gap
    row says so in every format), the old one is read as another skill now, not "no longer rated"."""
    report = _compared(
        cli,
        tmp_path,
        "name: Kim\nskills:\n  budget mgmt: 2\n  Presenting to the board: 3\n",
        "name: Kim\nskills:\n  budget mgmt: 2\n  Presenting to the board: {level: 3, skill: project-reporting}\n",
        "council-pro11",
    )
    assert [s["skill"] for s in report["skills_now_read"]] == ["project-reporting"]
    assert [s["skill"] for s in report["skills_read_differently"]] == ["presenting"]
    assert report["skills_removed"] == [] and report["skills_added"] == []
    markdown = _compared_markdown(cli, tmp_path, "council-pro11")
    assert (
        "Progress reporting and project information (careergap reads the same words now; not progress)"
        in markdown
    )
    assert "## Read as another skill now: the same words, confirmed since (1)" in markdown


def _compared_markdown(cli, tmp_path, role: str) -> str:
    """The Markdown report of the pair `_compared` wrote."""
    args = ("--no-semantic", "compare", tmp_path / "before.yaml", tmp_path / "after.yaml", "--role", role)
    return cli(*args, "-f", "markdown").stdout


def test_an_award_replaced_by_one_that_implies_it_is_not_lost(cli, tmp_path) -> None:
    """Foundation, then Practitioner (which includes it): 'Qualifications no longer listed: PRINCE2 Foundation'."""
    foundation = "name: Tom\nqualifications: [PRINCE2 Foundation]\nskills:\n  budget mgmt: 2\n"
    practitioner = foundation.replace("Foundation", "Practitioner")
    report = _compared(cli, tmp_path, foundation, practitioner, "council-pro11")
    assert report["qualifications_gained"] == ["PRINCE2 Practitioner"] and report["qualifications_lost"] == []
    dropped = _compared(cli, tmp_path, practitioner, foundation, "council-pro11")
    assert dropped["qualifications_lost"] == ["PRINCE2 Practitioner"]
