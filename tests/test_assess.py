"""`careergap assess` end to end (typer's runner feeding stdin) and the session state machine behind it."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from conftest import EXAMPLES

import careergap.cli._options as options_module
from careergap.analysis import Analyser
from careergap.library import Library
from careergap.profiles import load_profile
from careergap.session import LibraryMatcher, Session, Step, build_questions, read_saved_progress

ROLE = "council-pro11"  # 27 skills, then 2 qualifications and the experience question: 30 questions
PIPE = "--answers-from-stdin"
# `careergap.cli` re-exports the command function under the module's name, so fetch the module itself.
assess_cli = importlib.import_module("careergap.cli.assess")


def lines(*answers: str) -> str:
    return "".join(a + "\n" for a in answers)


def skills_by_name(path: Path) -> dict[str, dict[str, object]]:
    profile = load_profile(path)
    return {s.name: s.model_dump(exclude_none=True) for s in profile.skills}


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


# ----------------------------------------------------------------------------- terminal check
def test_refuses_when_stdin_is_not_a_terminal_without_the_flag(cli, tmp_path) -> None:
    out = tmp_path / "p.yaml"
    result = cli("assess", "--role", ROLE, "--name", "Alex", "--output", out, input="3\n")
    assert result.exit_code == 2
    assert "not a terminal" in result.stderr and "--answers-from-stdin" in result.stderr
    assert not out.exists()


def test_missing_role_is_a_usage_error_and_unknown_role_suggests(cli, tmp_path) -> None:
    result = cli("assess", "--name", "Alex", "--output", tmp_path / "p.yaml", PIPE, input="")
    assert result.exit_code == 2 and "--role" in result.stderr
    result = cli(
        "assess", "--role", "council-pro111", "--name", "A", "--output", tmp_path / "p.yaml", PIPE, input=""
    )
    assert result.exit_code == 1 and "council-pro11" in result.stderr
    assert not (tmp_path / "p.yaml").exists()


# ----------------------------------------------------------------------------- the walk-through
def test_bad_answer_back_skip_not_applicable_help_and_save_and_quit(cli, tmp_path) -> None:
    out = tmp_path / "alex.yaml"
    answers = lines(
        "",  # empty name: asked again
        "Alex Morgan",
        "expertt",  # Q1: not a level -> re-prompt
        "3",
        "Tailored PRINCE2 for the depot project",  # Q1 level + evidence
        "s",  # Q2 skipped
        "familiar",
        "",  # Q3 level, no evidence
        "b",  # Q4: back to Q3
        "",  # Q3: Enter keeps 2
        "proficient",
        "",  # Q4
        "na",
        "",
        "No programmes in this service",  # Q5: not applicable, a reason is required
        "?",  # Q6: help
        "q",  # save and quit
    )
    result = cli("assess", "--role", ROLE, "--output", out, PIPE, input=answers)
    assert result.exit_code == 0, result.stderr
    err = result.stderr
    assert "a name is needed" in err
    assert "'expertt' is not a level (valid: 0-4, none, aware, familiar, proficient, expert)" in err
    assert err.count("3 of 30") == 2  # shown, then shown again after going back from question 4
    assert "Current answer: 2 familiar (Enter keeps it)" in err
    assert "say briefly why it does not apply" in err
    assert "save and quit (continue later with --resume)" in err  # the help text
    assert f"Continue with: careergap assess --resume {out}" in err
    assert result.stdout == ""

    assert mode(out) == 0o600
    profile = load_profile(out)
    assert profile.name == "Alex Morgan" and profile.target_role == ROLE
    assert profile.assessed_on == dt.date.today().isoformat()
    skills = skills_by_name(out)
    assert skills == {
        "Project and programme management methods and tools": {
            "name": "Project and programme management methods and tools",
            "level": 3,
            "evidence": "Tailored PRINCE2 for the depot project",
        },
        "Legal and regulatory compliance": {"name": "Legal and regulatory compliance", "level": 2},
        "Project management": {"name": "Project management", "level": 3},
    }
    assert [(n.skill, n.reason) for n in profile.not_applicable] == [
        ("Programme management", "No programmes in this service")
    ]
    saved = read_saved_progress(out.read_text())
    assert saved.role == ROLE and saved.rater == "self" and saved.skipped == ("specialist-area-knowledge",)


def test_resume_continues_at_the_first_unanswered_question_and_asks_skipped_ones_last(cli, tmp_path) -> None:
    out = tmp_path / "alex.yaml"
    first = lines("3", "s", "2", "3", "q")
    assert (
        cli(
            "assess", "--role", ROLE, "--name", "Alex", "--output", out, "--no-evidence", PIPE, input=first
        ).exit_code
        == 0
    )

    result = cli("assess", "--resume", out, "--no-evidence", PIPE, input=lines("2", "q"))
    assert result.exit_code == 0, result.stderr
    assert "5 of 30" in result.stderr and "1 of 30" not in result.stderr and "2 of 30" not in result.stderr
    assert skills_by_name(out)["Programme management"]["level"] == 2

    # Answer everything left (22 skills, 2 qualifications, years); then the skipped question comes back once...
    rest = ["3"] * 22 + ["y", "n", "4", "s"]
    result = cli("assess", "--resume", out, "--no-evidence", PIPE, input=lines(*rest))
    assert result.exit_code == 0, result.stderr
    assert "1 skipped question to go back to" in result.stderr
    assert "Done: 29 of 30 answered, 1 skipped" in result.stderr
    profile = load_profile(out)
    assert profile.years_experience == 4 and profile.qualification_names == ("Bachelor's degree",)
    # ...and it is the one (and only) question the next resume asks.
    result = cli("assess", "--resume", out, "--no-evidence", PIPE, input=lines("1"))
    assert result.stderr.index("1 skipped question to go back to") < result.stderr.index("2 of 30")
    assert "Skipped earlier." in result.stderr
    assert "Done: 30 of 30 answered" in result.stderr
    assert "3 of 30" not in result.stderr
    result = cli("assess", "--resume", out, PIPE, input="")
    assert result.exit_code == 0 and "Nothing left to ask" in result.stderr


def test_input_running_out_saves_and_says_how_to_continue(cli, tmp_path) -> None:
    out = tmp_path / "p.yaml"
    result = cli(
        "assess", "--role", ROLE, "--name", "Kim", "--output", out, PIPE, input=lines("2", "Ran the audit")
    )
    assert result.exit_code == 0
    assert "Input ended at question 2 of 30" in result.stderr and "--resume" in result.stderr
    assert (
        skills_by_name(out)["Project and programme management methods and tools"]["evidence"]
        == "Ran the audit"
    )


def test_default_output_file_is_named_after_the_person_and_date_and_private(
    cli, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("assess", "--role", ROLE, PIPE, input=lines("Alex Morgan", "3", "", "q"))
    assert result.exit_code == 0, result.stderr
    path = tmp_path / f"alex-morgan-{dt.date.today().isoformat()}.yaml"
    assert path.exists() and mode(path) == 0o600
    assert f"--resume {path.name}" in result.stderr


def test_an_existing_file_is_never_overwritten_without_force(cli, tmp_path) -> None:
    out = tmp_path / "p.yaml"
    out.write_text("name: Someone else\n")
    result = cli("assess", "--role", ROLE, "--name", "Kim", "--output", out, PIPE, input=lines("3"))
    assert result.exit_code == 1 and "already exists" in result.stderr and "--resume" in result.stderr
    assert out.read_text() == "name: Someone else\n"
    result = cli(
        "assess", "--role", ROLE, "--name", "Kim", "--output", out, "--force", PIPE, input=lines("3", "q")
    )
    assert result.exit_code == 0 and load_profile(out).name == "Kim"


# ----------------------------------------------------------------------------- interruptions
def test_ctrl_c_mid_session_leaves_a_valid_file_with_every_answer_so_far(cli, tmp_path, monkeypatch) -> None:
    out = tmp_path / "p.yaml"
    script = iter(["3", "Led the audit", "s", "1", ""])

    def fake_read_line(prompt: str) -> str:
        try:
            return next(script)
        except StopIteration:
            raise KeyboardInterrupt from None

    monkeypatch.setattr(assess_cli, "read_line", fake_read_line)
    result = cli("assess", "--role", ROLE, "--name", "Kim", "--output", out, PIPE)
    assert result.exit_code == 130
    assert "Interrupted" in result.stderr and str(out) in result.stderr
    assert f"careergap assess --resume {out}" in result.stderr
    profile = load_profile(out)
    assert {s.name: s.level for s in profile.skills} == {
        "Project and programme management methods and tools": 3,
        "Legal and regulatory compliance": 1,
    }
    assert read_saved_progress(out.read_text()).skipped == ("specialist-area-knowledge",)
    assert mode(out) == 0o600


def test_an_interrupted_write_leaves_the_last_good_file_and_no_temporary_file(
    cli, tmp_path, monkeypatch
) -> None:
    out = tmp_path / "p.yaml"
    real_replace = os.replace
    calls = {"n": 0}

    def flaky_replace(src: str, dst: str) -> None:
        # os.replace is the os module's own: the library and phrase caches write through it too, so count only the
        # profile's writes (the test failed when a cold cache was saved during the run)
        if os.fspath(dst) == os.fspath(out):
            calls["n"] += 1
            if calls["n"] == 3:  # 1: the new file, 2: the first answer, 3: the second answer
                raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(options_module.os, "replace", flaky_replace)
    result = cli(
        "assess",
        "--role",
        ROLE,
        "--name",
        "Kim",
        "--output",
        out,
        "--no-evidence",
        PIPE,
        input=lines("3", "2", "1"),
    )
    monkeypatch.undo()
    assert result.exit_code == 130
    assert [p.name for p in tmp_path.iterdir()] == ["p.yaml"]
    assert {s.name: s.level for s in load_profile(out).skills} == {
        "Project and programme management methods and tools": 3
    }


# ----------------------------------------------------------------------------- existing profiles, second opinions
def test_resuming_a_hand_written_profile_recognises_its_phrases_and_keeps_its_comments(cli, tmp_path) -> None:
    path = tmp_path / "alex.yaml"
    shutil.copy(EXAMPLES / "alex-pro10.yaml", path)
    result = cli("assess", "--resume", path, "--no-evidence", PIPE, input=lines("3", "q"))
    assert result.exit_code == 0, result.stderr
    # "project methodologies: 2" already answers question 1, so the walk starts at question 2.
    assert "2 of 30" in result.stderr and "1 of 30" not in result.stderr
    text = path.read_text()
    assert text.startswith("# An example profile: a project officer at council grade PRO10 aiming for PRO11.")
    profile = load_profile(path)
    assert profile.current_role == "council-pro10" and "PRINCE2 Foundation" in profile.qualification_names
    skills = {s.name: s for s in profile.skills}
    assert skills["Specialist and service-area knowledge"].level == 3
    assert skills["budget mgmt"].evidence and skills["budget mgmt"].level == 2  # untouched


HAND_WRITTEN = """\
# Sam's profile, typed up after our first coaching session.
# Levels are as Sam said them.

name: Sam Patel          # as on the HR record
current_role: council-pro10
target_role: council-pro11
years_experience: 4.50   # four and a half years
qualifications: [PRINCE2 Foundation]
skills:
    budget mgmt: familiar
    stakeholder engagement: proficient   # ran the resident briefings
    risk and issue management: {level: 3, evidence: "Kept the risk log for the depot move."}
    # progress reporting is weekly
    progress reporting: 3
actions:
    - Shadow the finance lead for a month
"""


def _diff(before: str, after: str) -> list[str]:
    import difflib

    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_resume_keeps_a_hand_written_profile_as_written_changing_only_the_answers(cli, tmp_path) -> None:
    path = tmp_path / "sam.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    # Review two skills: budget mgmt kept at its level (2 = familiar), stakeholder engagement raised to 4.
    result = cli(
        "assess", "--resume", path, "--only", "budget mgmt", "--only", "stakeholder engagement",
        "--no-evidence", PIPE, input=lines("2", "4"),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    today = dt.date.today().isoformat()
    assert _diff(HAND_WRITTEN, path.read_text(encoding="utf-8")) == [
        "+# careergap assess: self ratings against council-pro11 (Project manager (PRO11)); 6 of 30 answered.",
        f"+# continue with: careergap assess --resume {path}",
        "+# careergap-assess: role=council-pro11 rater=self",
        f"+assessed_on: {today}",
        "-    stakeholder engagement: proficient   # ran the resident briefings",
        "+    stakeholder engagement: expert       # ran the resident briefings",
    ]
    # A new answer joins the short form; resuming again rewrites only the header and the date.
    once = path.read_text(encoding="utf-8")
    result = cli(
        "assess", "--resume", path, "--evidence", PIPE, input=lines("3", "Led the depot move plan", "q")
    )
    assert result.exit_code == 0, result.stderr
    assert _diff(once, path.read_text(encoding="utf-8")) == [
        "-# careergap assess: self ratings against council-pro11 (Project manager (PRO11)); 6 of 30 answered.",
        "+# careergap assess: self ratings against council-pro11 (Project manager (PRO11)); 7 of 30 answered.",
        "+    Project and programme management methods and tools: {level: 3, evidence: Led the depot move plan}",
    ]
    profile = load_profile(path)
    assert profile.years_experience == 4.5 and profile.actions == ("Shadow the finance lead for a month",)


def test_resume_keeps_windows_line_endings(cli, tmp_path) -> None:
    path = tmp_path / "sam.yaml"
    path.write_bytes(HAND_WRITTEN.replace("\n", "\r\n").encode())
    result = cli(
        "assess",
        "--resume",
        path,
        "--only",
        "stakeholder engagement",
        "--no-evidence",
        PIPE,
        input=lines("4"),
    )
    assert result.exit_code == 0, result.stderr
    data = path.read_bytes()
    assert (
        data.count(b"\n") == data.count(b"\r\n") == HAND_WRITTEN.count("\n") + 4
    )  # 3 header lines, the date
    assert b"    stakeholder engagement: expert       # ran the resident briefings\r\n" in data


def test_resume_keeps_list_form_indentation_and_level_words(cli, tmp_path) -> None:
    text = (
        "name: Kim\n"
        "target_role: council-pro11\n"
        "assessed_on: 2024-01-05\n"
        "skills:\n"
        "- name: project methodologies   # PRINCE2 mostly\n"
        "  level: Familiar\n"
        "  evidence: 'Ran two small projects'\n"
    )
    path = tmp_path / "kim.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli(
        "assess", "--resume", path, "--only", "project methodologies", "--no-evidence", PIPE, input=lines("3")
    )
    assert result.exit_code == 0, result.stderr
    changed = _diff(text, path.read_text(encoding="utf-8"))
    assert changed[3:] == [
        "-assessed_on: 2024-01-05",
        f"+assessed_on: {dt.date.today().isoformat()}",
        "-  level: Familiar",
        "+  level: Proficient",
    ]


def test_coach_ratings_go_into_coach_level_and_become_talking_points(cli, tmp_path) -> None:
    path = tmp_path / "alex.yaml"
    shutil.copy(EXAMPLES / "alex-pro10.yaml", path)
    result = cli(
        "assess", "--resume", path, "--rating", "coach", "--no-evidence", PIPE, input=lines("4", "q")
    )
    assert result.exit_code == 0, result.stderr
    assert "--rating coach" in result.stderr  # the resume command keeps the rater
    entry = next(s for s in load_profile(path).skills if s.name == "project methodologies")
    assert (entry.level, entry.coach_level) == (2, 4)
    report = json.loads(cli("analyse", path, "--role", ROLE, "--format", "json").stdout)
    assert [d["skill"] for d in report["rating_differences"]] == ["pm-methods-and-tools"]
    assert report["rating_differences"][0]["ratings"] == {"self": 2, "coach": 4}


def test_review_into_a_new_file_changes_only_what_is_typed(cli, tmp_path) -> None:
    before = tmp_path / "before.yaml"
    cli(
        "assess",
        "--role",
        ROLE,
        "--name",
        "Kim",
        "--output",
        before,
        "--no-evidence",
        PIPE,
        input=lines("2", "2", "2", "q"),
    )
    original = before.read_bytes()
    after = tmp_path / "after.yaml"
    result = cli(
        "assess",
        "--resume",
        before,
        "--output",
        after,
        "--review",
        "--no-evidence",
        PIPE,
        input=lines("3", "", "1"),
    )
    assert result.exit_code == 0, result.stderr
    assert before.read_bytes() == original
    levels = {s.name: s.level for s in load_profile(after).skills}
    assert list(levels.values()) == [3, 2, 1]
    assert mode(after) == 0o600


def test_the_written_profile_is_an_ordinary_profile_that_analyse_scores(cli, tmp_path) -> None:
    out = tmp_path / "p.yaml"
    cli(
        "assess",
        "--role",
        ROLE,
        "--name",
        "Kim",
        "--output",
        out,
        "--no-evidence",
        PIPE,
        input=lines("3", "3", "q"),
    )
    report = json.loads(cli("analyse", out, "--format", "json").stdout)
    a = report["assessments"][0]
    assert a["role_id"] == ROLE  # from the target_role that assess recorded
    rows = {r["skill"]: r for r in a["requirements"]}
    assert (
        rows["pm-methods-and-tools"]["have"] == 3
        and rows["pm-methods-and-tools"]["matched_by"][0]["method"] == "exact"
    )
    assert rows["specialist-area-knowledge"]["status"] == "met"
    assert report["unmatched"] == []


# ----------------------------------------------------------------------------- the state machine
@pytest.fixture
def session(library: Library, analyser: Analyser) -> Session:
    s = Session.create(
        library.role(ROLE), library, LibraryMatcher(analyser), {"name": "Kim"}, today=dt.date(2025, 3, 1)
    )
    s.start()
    return s


def test_questions_are_grouped_essential_first_then_qualifications_and_experience(library, analyser) -> None:
    questions = build_questions(library.role(ROLE), library, LibraryMatcher(analyser))
    groups = list(dict.fromkeys(q.group for q in questions))
    assert groups == [
        "Essential knowledge",
        "Essential skills",
        "Essential behaviours",
        "Desirable skills",
        "Qualifications and experience",
    ]
    assert [q.kind for q in questions[-3:]] == ["qualification", "qualification", "experience"]


def test_each_level_is_described_with_the_role_note_and_examples_from_the_ladder(library, analyser) -> None:
    questions = build_questions(library.role(ROLE), library, LibraryMatcher(analyser))
    planning = next(q for q in questions if q.key == "project-planning")
    role_note = library.role(ROLE).requirement_for("project-planning").note
    guide = {g.level: g for g in planning.level_guide}
    assert planning.required == 3 and guide[3].is_required and guide[3].example == role_note
    assert [g.label for g in planning.level_guide] == ["none", "aware", "familiar", "proficient", "expert"]
    assert guide[2].example_role == "Project officer (PRO10)"  # the same ladder is preferred for examples
    assert (
        guide[2].example
        and guide[2].example in library.role("council-pro10").requirement_for("project-planning").note
    )


def test_qualification_and_experience_answers(session: Session) -> None:
    for _ in range(27):
        session.submit("s")
    assert session.question is not None and session.question.kind == "qualification"
    assert session.submit("maybe").kind == "prompt"  # not an award careergap reads: record it as this one?
    assert session.submit("n").kind == "back" and "qualifications" not in session.data
    assert session.submit("BSc Economics").changed  # a recognised qualification, as written
    assert session.data["qualifications"] == ["BSc Economics"]
    assert session.submit("n").changed
    assert session.submit("four").kind == "invalid"
    outcome = session.submit("4.5 years")
    assert outcome.changed and session.data["years_experience"] == 4.5
    # The skipped questions come back once, in order; skipping them again ends the walk.
    assert outcome.message == "27 skipped questions to go back to; s leaves one for another session"
    assert session.revisiting and session.position == 0
    for _ in range(27):
        session.submit("s")
    assert session.finished
    saved = read_saved_progress(session.file_text("careergap assess --resume x.yaml"))
    assert saved.not_held == ("qualification:professional-pm-qualification",)
    assert len(saved.skipped) == 27


def test_back_at_the_first_question_and_enter_without_an_answer_are_refused(session: Session) -> None:
    assert session.submit("b").kind == "invalid" and session.position == 0
    assert session.submit("").kind == "invalid"
    assert session.submit("2").kind == "answered" and session.step is Step.EVIDENCE
    assert session.submit("b").kind == "back" and session.step is Step.LEVEL
    assert session.submit("").kind == "kept" and session.position == 1


def test_file_text_round_trips_through_load_profile(session: Session, tmp_path) -> None:
    session.submit("3")
    session.submit("Ran: the 'depot' project # not a comment")
    path = tmp_path / "p.yaml"
    path.write_text(session.file_text("careergap assess --resume p.yaml"))
    profile = load_profile(path)
    assert profile.skills[0].evidence == "Ran: the 'depot' project # not a comment"
    assert profile.assessed_on == "2025-03-01"


def test_a_json_profile_stays_json(cli, tmp_path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"name": "Kim", "target_role": ROLE, "skills": {"budget mgmt": 2}}))
    path.chmod(0o640)
    result = cli("assess", "--resume", path, "--no-evidence", PIPE, input=lines("3", "q"))
    assert result.exit_code == 0, result.stderr
    data = json.loads(path.read_text())
    # The short `phrase: level` form the person wrote stays short; the answer joins it.
    assert data["skills"] == {"budget mgmt": 2, "Project and programme management methods and tools": 3}
    assert list(data) == ["name", "target_role", "skills", "assessed_on"]
    assert load_profile(path).target_role == ROLE and mode(path) == 0o640  # the file keeps its permissions


def test_a_role_title_with_a_line_break_stays_inside_the_header_comment(tmp_path: Path) -> None:
    """A line break in a role title (or the output's name) would start a live YAML line in the saved profile."""
    from typer.testing import CliRunner

    from careergap.cli import app
    from careergap.profiles import load_profile

    roles = tmp_path / "roles"
    roles.mkdir()
    (roles / "nl.yaml").write_text(
        'roles:\n  - id: acme-nl\n    title: "Line one\\nname: Hijacked"\n    framework: acme\n    grade: B0\n'
        "    summary: s\n    source: {inferred: x}\n    requirements:\n      - {skill: budget-management, level: 3, "
        'importance: essential, note: n, source: {inferred: x}, level_source: {stated: "Proficient in"}}\n',
        encoding="utf-8",
    )
    out = tmp_path / "nl.yaml"
    result = CliRunner().invoke(
        app,
        ["--no-semantic", "assess", "--roles-dir", str(roles), "--role", "acme-nl", "-o", str(out),
         "--answers-from-stdin", "--no-evidence"],
        input="Zed\n2\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert load_profile(out).name == "Zed"
    assert "(Line one name: Hijacked)" in out.read_text(encoding="utf-8")
    # the "Next:" command works as printed: the organisation's role needs its --roles-dir
    (next_line,) = [line for line in result.stderr.splitlines() if line.startswith("Next: ")]
    import shlex

    argv = shlex.split(next_line.removeprefix("Next: careergap "))
    assert argv[argv.index("--roles-dir") + 1] == str(roles)
    assert CliRunner().invoke(app, ["--no-semantic", *argv]).exit_code == 0


def test_resuming_against_another_role_says_so(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from careergap.cli import app

    out = tmp_path / "r.yaml"
    runner = CliRunner()
    first = [
        "--no-semantic",
        "assess",
        "--role",
        "council-pro11",
        "--name",
        "X",
        "-o",
        str(out),
        "--answers-from-stdin",
    ]
    assert runner.invoke(app, first, input="3\n").exit_code == 0
    again = [
        "--no-semantic",
        "assess",
        "--resume",
        str(out),
        "--role",
        "council-pro12",
        "--answers-from-stdin",
    ]
    result = runner.invoke(app, [*again, "--no-evidence"], input="2\n")
    assert result.exit_code == 0, result.output
    assert "was being rated against council-pro11; this session rates against council-pro12" in result.stderr


def test_an_award_named_beside_its_words_is_held_and_kept_as_written(
    library: Library, analyser: Analyser
) -> None:
    """`qualification: <id>` beside an award's words (written by `profile confirm`) counts in assess as everywhere."""
    pinned = {"name": "Chartered thingummy award", "qualification": "prince2-foundation"}
    s = Session.create(
        library.role(ROLE),
        library,
        LibraryMatcher(analyser),
        {"name": "Kim", "qualifications": [pinned, "BSc Economics"]},
        today=dt.date(2025, 3, 1),
    )
    s.start()
    kinds = [q.kind for q in s.questions]
    first = kinds.index("qualification") + 1  # degree first, then the PM qualification
    question = s.questions[first]
    assert question.accepted == ("professional-pm-qualification",)
    assert s.answer(question).held_as == "Chartered thingummy award"
    for _ in range(kinds.index("qualification")):
        s.submit("s")
    assert s.question is not None and s.question.kind == "experience"  # both awards held: neither is asked
    assert s.data["qualifications"] == [pinned, "BSc Economics"]


def test_an_award_careergap_cannot_read_is_recorded_as_the_one_asked_about_once_confirmed(
    session: Session,
) -> None:
    """In a coaching session the person answers the question with an award's name careergap cannot read: asked
    whether it is the award this question is about, y records it beside its words, as `profile confirm` would."""
    for _ in range(27):
        session.submit("s")
    session.submit("s")  # the degree question; the next asks for a PM qualification
    question = session.question
    assert question is not None and question.accepted == ("professional-pm-qualification",)
    outcome = session.submit("Chartered thingummy award")
    assert outcome.kind == "prompt" and session.step is Step.AWARD and not outcome.changed
    assert session.submit("perhaps").kind == "invalid" and session.step is Step.AWARD
    outcome = session.submit("y")
    assert outcome.changed and "as you said" in (outcome.message or "")
    assert session.data["qualifications"] == [
        {"name": "Chartered thingummy award", "qualification": "professional-pm-qualification"}
    ]
    assert session.answer(question).held_as == "Chartered thingummy award"
    assert session.question is not None and session.question.kind == "experience"


def test_resuming_records_a_confirmed_award_beside_its_words_on_one_line(cli, tmp_path: Path) -> None:
    profile = tmp_path / "kim.yaml"
    profile.write_text(
        "name: Kim\n# awards\nqualifications: BSc Economics\nskills:\n  budget mgmt: 3\n", encoding="utf-8"
    )
    answers = "s\n" * 26 + "Chartered thingummy award\ny\n" + "s\n" * 40  # budget mgmt is rated already
    result = cli("assess", "--resume", profile, "--role", ROLE, "--answers-from-stdin", input=answers)
    assert result.exit_code == 0, result.stderr
    text = profile.read_text(encoding="utf-8")
    assert "- {name: Chartered thingummy award, qualification: professional-pm-qualification}\n" in text, text
    assert "# awards\n" in text and "- BSc Economics\n" in text
    report = cli("analyse", profile, "--role", ROLE, "-f", "json")
    assert report.exit_code == 0, report.stderr
    held = {m["target"]: m["method"] for m in json.loads(report.stdout)["qualifications"]}
    assert held.get("professional-pm-qualification") == "stated", held


def test_resuming_keeps_edits_another_program_made_meanwhile_and_the_byte_order_mark(
    cli, tmp_path, monkeypatch
) -> None:
    """Answers are carried into the file as it stands at each save: a line added in an editor during the session
    stays, and so does the file's BOM."""
    from careergap.cli import assess

    path = tmp_path / "jo.yaml"
    path.write_bytes("\ufeff# my notes\nname: Jo\nskills:\n  budget mgmt: 2\n".encode())
    asked = []
    original = assess.read_line

    def editing_meanwhile(prompt: str) -> str:
        asked.append(prompt)
        if len(asked) == 2:  # after the first answer was saved
            text = path.read_text(encoding="utf-8-sig").replace("# my notes", "# my notes EDITED")
            path.write_text("\ufeff" + text + "  risk mgmt: 3\n", encoding="utf-8")
        return original(prompt)

    monkeypatch.setattr(assess, "read_line", editing_meanwhile)
    result = cli(
        "assess", "--resume", path, "--role", ROLE, "--no-evidence", PIPE, input=lines("3", "1", "q")
    )
    assert result.exit_code == 0, result.stderr
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf# my notes EDITED\n"), raw[:60]
    data = load_profile(path)
    levels = {s.name: s.level for s in data.skills}
    assert levels["risk mgmt"] == 3 and levels["budget mgmt"] == 2, levels
    assert len(levels) == 4, levels  # the two answers and both lines the person wrote


def test_a_profile_broken_by_another_program_meanwhile_stops_the_session_without_writing(
    cli, tmp_path, monkeypatch
) -> None:
    from careergap.cli import assess

    path = tmp_path / "jo.yaml"
    path.write_text("name: Jo\nskills:\n  budget mgmt: 2\n", encoding="utf-8")
    asked = []
    original = assess.read_line

    def breaking_meanwhile(prompt: str) -> str:
        asked.append(prompt)
        if len(asked) == 2:
            path.write_text("name: Jo\nskills: [unclosed\n", encoding="utf-8")
        return original(prompt)

    monkeypatch.setattr(assess, "read_line", breaking_meanwhile)
    result = cli(
        "assess", "--resume", path, "--role", ROLE, "--no-evidence", PIPE, input=lines("3", "1", "q")
    )
    assert result.exit_code == 1, result.stderr
    assert "was changed by another program and can no longer be edited" in result.stderr
    assert "Traceback" not in result.stderr
    assert (
        path.read_text(encoding="utf-8") == "name: Jo\nskills: [unclosed\n"
    )  # the other program's text stands


def _answer_one(cli, path: Path, skill: str, answer: str) -> str:
    """Resume `path` against council-pro9, answer the one question on `skill`, and return what the session said
    (its stderr, white space collapsed)."""
    result = cli(
        "assess",
        "--resume",
        path,
        "--role",
        "council-pro9",
        "--only",
        skill,
        "--no-evidence",
        PIPE,
        input=lines(answer),
    )
    assert result.exit_code == 0, result.stderr
    return " ".join(result.stderr.split())


def test_an_answer_set_on_several_phrases_of_one_skill_names_them(cli, tmp_path) -> None:
    """Both lines mean budget management, and the highest level counts: each takes the answer, and the session says
    which lines it changed."""
    path = tmp_path / "jo.yaml"
    path.write_text(
        "name: Jo\nskills:\n  - name: budget mgmt\n    level: 2\n  - name: Setting the annual budget\n"
        "    level: familiar\n",
        encoding="utf-8",
    )
    said = _answer_one(cli, path, "budget management", "4")
    assert (
        "set on the 2 phrases that mean Budget and financial management: 'budget mgmt', 'Setting the annual "
        in (said)
    ), said
    assert [s.level for s in load_profile(path).skills] == [4, 4]


def test_an_answer_for_a_skill_a_line_names_beside_its_own_is_its_level(cli, analyser, tmp_path) -> None:
    """ "Budget management and procurement" counts for both skills at 3. A coach asked about procurement answers 1:
    before, the session set nothing on that line, so procurement stayed at 3 (the highest level counts) and the
    answer was lost. Now the line says it no longer names procurement (`also: []`), procurement gets its own line
    at 1, and budget management keeps 3."""
    path = tmp_path / "jo.yaml"
    path.write_text("name: Jo\nskills:\n  # mine\n  Budget management and procurement: 3\n", encoding="utf-8")
    said = _answer_one(cli, path, "procurement", "1")
    assert "'Budget management and procurement' no longer counts for Procurement (also: beside it)" in said, (
        said
    )
    text = path.read_text(encoding="utf-8")
    assert "  # mine\n  Budget management and procurement: {level: 3, also: []}\n" in text, text
    skills = analyser.resolve(load_profile(path)).profile.skills
    assert {s: r.level for s, r in skills.items()} == {"budget-management": 3, "procurement": 1}


def test_the_command_to_continue_works_when_the_session_is_left_before_any_answer(cli, tmp_path) -> None:
    """Nothing saved means no progress line in the file: the printed command carries --role, and it runs."""
    path = tmp_path / "pat.yaml"
    path.write_text("name: Pat\nskills:\n  budget mgmt: 2\n", encoding="utf-8")
    result = cli("assess", "--resume", path, "--role", ROLE, PIPE, input=lines("q"))
    assert result.exit_code == 0, result.stderr
    assert f"Continue with: careergap assess --resume {path} --role {ROLE}" in result.stderr
    again = cli("assess", "--resume", path, "--role", ROLE, PIPE, input=lines("q"))
    assert again.exit_code == 0, again.stderr


# ----------------------------------------------------------------------------- answers the reader could not read
def _run(runner, *args: object, stdin: bytes):
    from careergap.cli import app

    return runner.invoke(app, [str(a) for a in args], input=stdin, env={"COLUMNS": "120", "TERM": "dumb"})


def test_piped_answers_that_are_not_utf8_stop_at_their_line_and_keep_what_was_saved(runner, tmp_path) -> None:
    """`Bob\\xff` as the name or an evidence note exited 70 with pydantic's traceback text."""
    out = tmp_path / "b.yaml"
    result = _run(
        runner, "assess", "--role", ROLE, "-o", out, "--no-evidence", PIPE, stdin=b"Bob\xff\n2\nq\n"
    )
    assert result.exit_code == 1, result.stderr
    assert "answer on line 1 of standard input is not valid UTF-8 (byte 0xff)" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()
    out = tmp_path / "d.yaml"
    result = _run(runner, "assess", "--role", ROLE, "-o", out, PIPE, stdin=b"Dan\n2\n\xff\xfe\nq\n")
    assert result.exit_code == 1, result.stderr
    assert "answer on line 3 of standard input is not valid UTF-8 (byte 0xff)" in result.stderr
    assert f"continue with: careergap assess --resume {out}" in result.stderr
    assert skills_by_name(out) == {
        "Project and programme management methods and tools": {
            "name": "Project and programme management methods and tools",
            "level": 2,
        }
    }


def test_at_a_terminal_an_answer_that_cannot_be_used_is_asked_again(runner, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(assess_cli, "_at_terminal", lambda: True)
    out = tmp_path / "t.yaml"
    stdin = b"N" * 600 + b"\nTam\xff\nTam\n2\n" + b"did it " * 400 + b"\n\xff\nLed the audit\nq\n"
    result = _run(runner, "assess", "--role", ROLE, "-o", out, PIPE, stdin=stdin)
    assert result.exit_code == 0, result.stderr
    said = " ".join(result.stderr.split())
    assert "the answer: the name is 600 characters, over the limit of 500 (MAX_NAME_CHARS)" in said
    assert "the answer is not valid UTF-8 (byte 0xff); type it again" in said
    assert "the answer: evidence is 2,799 characters, over the limit of 2,000 (MAX_NOTE_CHARS)" in said
    profile = load_profile(out)
    assert profile.name == "Tam" and profile.skills[0].evidence == "Led the audit"


@pytest.mark.parametrize(
    ("answers", "said"),
    [
        ([b"A" * 600], "answer on line 1 of standard input: the name is 600 characters"),
        ([b"Al", b"2", b"did it " * 400], "answer on line 3 of standard input: evidence is 2,799 characters"),
        ([b"Al", b"na", b"why " * 600], "answer on line 3 of standard input: the reason is 2,399 characters"),
        (
            [b"Al", *[b"s"] * 27, b"PRINCE2 " * 70],
            "answer on line 29 of standard input: qualification is 559",
        ),
    ],
    ids=["name", "evidence", "not-applicable-reason", "qualification"],
)
def test_a_piped_answer_past_the_readers_limit_is_refused_and_the_file_stays_readable(
    runner, tmp_path, answers: list[bytes], said: str
) -> None:
    """assess wrote a 600-character name (the reader refuses over 500): no command, not even --resume, read it."""
    out = tmp_path / "p.yaml"
    result = _run(runner, "assess", "--role", ROLE, "-o", out, PIPE, stdin=b"\n".join([*answers, b"q", b""]))
    assert result.exit_code == 1, result.stderr
    assert said in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr
    if out.exists():
        assert len(out.read_text(encoding="utf-8")) < 5_000
        again = _run(runner, "assess", "--resume", out, PIPE, stdin=b"q\n")
        assert again.exit_code == 0, again.stderr


def test_a_name_option_past_the_limit_is_a_usage_error_and_escape_codes_are_dropped(runner, tmp_path) -> None:
    out = tmp_path / "p.yaml"
    result = _run(runner, "assess", "--role", ROLE, "--name", "N" * 600, "-o", out, PIPE, stdin=b"q\n")
    assert result.exit_code == 2 and "MAX_NAME_CHARS" in result.stderr and not out.exists()
    result = _run(runner, "assess", "--role", ROLE, "--name", "\x1b\x07", "-o", out, PIPE, stdin=b"q\n")
    assert result.exit_code == 2 and "the name is empty" in result.stderr and not out.exists()
    stdin = b"Eve\x1b[31m Red\x07\n2\nLed \x1b]0;x\x07it\nq\n"
    result = _run(runner, "assess", "--role", ROLE, "-o", out, PIPE, stdin=stdin)
    assert result.exit_code == 0, result.stderr
    assert "Assessing Eve[31m Red against" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert "\x1b" not in text and "\x07" not in text
    profile = load_profile(out)
    assert profile.name == "Eve[31m Red" and profile.skills[0].evidence == "Led ]0;xit"


def test_years_past_80_are_asked_again(session: Session) -> None:
    """1000000 years was stored, and the next save exited 70 on the profile's own check."""
    for _ in range(29):
        session.submit("s")
    assert session.question is not None and session.question.kind == "experience"
    outcome = session.submit("1000000")
    assert outcome.kind == "invalid" and "more than 80 years" in (outcome.message or "")
    assert "years_experience" not in session.data
    assert session.submit("12").changed and session.data["years_experience"] == 12


def test_the_session_never_hands_over_a_profile_past_the_readers_limits(session: Session) -> None:
    from careergap.errors import ProfileDataError

    session.data["name"] = "N" * 501
    with pytest.raises(ProfileDataError, match="MAX_NAME_CHARS"):
        session.file_text("careergap assess --resume p.yaml")


@pytest.mark.parametrize("how", ["roles-dir", "env", "default-name"])
def test_assess_never_writes_a_profile_into_a_role_folder(runner, tmp_path, monkeypatch, how: str) -> None:
    """Every later command would read it as a role file (and fail); -o and --errors are refused there already."""
    org = tmp_path / "org"
    org.mkdir()
    (org / "phrase-map.yaml").write_text(
        'phrase_map:\n  "Stakeholder wrangling": stakeholder-management\n', encoding="utf-8"
    )
    args: list[object] = ["assess", "--role", ROLE, "--no-evidence", PIPE]
    env = {"COLUMNS": "120", "TERM": "dumb"}
    if how == "env":
        env["CAREERGAP_ROLES_DIR"] = str(org)
        args += ["-o", org / "eve.yaml"]
    elif how == "roles-dir":
        args += ["--roles-dir", org, "-o", org / "eve.yaml"]
    else:
        monkeypatch.chdir(org)
        args += ["--roles-dir", "."]
    from careergap.cli import app

    result = runner.invoke(app, [str(a) for a in args], input="Eve\n2\nq\n", env=env)
    assert result.exit_code == 2, result.stderr
    assert "is in the role folder" in result.stderr and "choose another folder" in result.stderr
    assert sorted(p.name for p in org.iterdir()) == ["phrase-map.yaml"]
