"""Confirm once, remember: `skill:` beside a phrase, and `careergap profile confirm` writing it, file kept as written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careergap.analysis import Analyser
from careergap.cli import app
from careergap.matching.layer import why_off
from careergap.profiles import load_profile

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "own-words"


def test_a_stated_skill_needs_no_matching_and_says_as_you_said(analyser: Analyser, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: Kim\nskills:\n  - {name: Setting the annual budget, level: 2, skill: budget-management}\n",
        encoding="utf-8",
    )
    match = analyser.resolve(load_profile(path)).matches[0]
    assert (match.status, match.target, match.method) == ("matched", "budget-management", "stated")
    assert match.reason == "as you said: Budget and financial management"


def test_a_stated_skill_that_is_not_an_id_is_refused_with_suggestions(
    analyser: Analyser, tmp_path: Path
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: Kim\nskills:\n  annual budget: {level: 2, skill: budget-managment}\n", encoding="utf-8"
    )
    resolution = analyser.resolve(load_profile(path))
    assert resolution.unmatched[0].reason.startswith(
        "skill: 'budget-managment' is not a skill id in the library; did you mean budget-management"
    )


def _confirm_all(path: Path) -> str:
    result = CliRunner().invoke(app, ["profile", "confirm", str(path)], input="1\n" * 40)
    assert result.exit_code == 0, result.stdout
    return result.stdout


@pytest.mark.skipif(
    why_off() is not None, reason="the examples' candidates come from the meaning layer (careergap[semantic])"
)
def test_confirm_end_to_end_leaves_no_unmatched_phrase(analyser: Analyser, tmp_path: Path) -> None:
    for example in sorted(EXAMPLES.glob("*.yaml")):
        path = tmp_path / example.name
        shutil.copy(example, path)
        before = analyser.resolve(load_profile(path))
        out = _confirm_all(path)
        after = analyser.resolve(load_profile(path))
        assert after.unmatched == [], (example.name, [m.phrase for m in after.unmatched])
        asked = [m for m in before.matches if m.status != "matched" or m.method == "semantic"]
        assert f"wrote {len(asked)} choice" in out
        assert sum(m.method == "stated" for m in after.matches) == len(asked)
        # the file is kept as written: its comment line and every other line are unchanged
        old, new = (
            example.read_text(encoding="utf-8").splitlines(),
            path.read_text(encoding="utf-8").splitlines(),
        )
        assert len(old) == len(new) and old[0] == new[0]
        changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
        assert len(changed) == len(asked)
        assert all(b.startswith(a.rstrip("}")) and "skill: " in b for a, b in changed)
        assert "nothing to confirm" in _confirm_all(path)


def test_confirm_keeps_comments_and_the_short_form(tmp_path: Path) -> None:
    path = tmp_path / "kim.yaml"
    path.write_text(
        "name: Kim\n# my skills\nskills:\n  Mentoring new starters: 2   # recent\n  budget mgmt: 3\n",
        encoding="utf-8",
    )
    _confirm_all(path)
    text = path.read_text(encoding="utf-8")
    assert "# my skills" in text and "# recent" in text and "  budget mgmt: 3\n" in text
    assert "Mentoring new starters: {level: 2, skill: coaching-and-mentoring}" in text or (
        "Mentoring new starters: {level: 2, skill:" in text
    )


def test_confirm_keeps_a_profile_saved_with_windows_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "kim.yaml"
    path.write_bytes(b"name: Kim\r\nskills:\r\n  zzqx wibble: 1   # hm\r\n")
    result = CliRunner().invoke(
        app, ["--no-semantic", "profile", "confirm", str(path)], input="communication\n"
    )
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == (
        b"name: Kim\r\nskills:\r\n  zzqx wibble: {level: 1, skill: communication} # hm\r\n"
    )


def test_confirm_skip_writes_nothing_and_json_profiles_work(tmp_path: Path) -> None:
    path = tmp_path / "kim.json"
    original = json.dumps(
        {"name": "Kim", "skills": [{"name": "Keeping within the overtime budget", "level": 2}]}
    )
    path.write_text(original, encoding="utf-8")
    result = CliRunner().invoke(app, ["profile", "confirm", str(path)], input="s\n")
    assert result.exit_code == 0 and "nothing written" in result.stdout
    assert path.read_text(encoding="utf-8") == original
    _confirm_all(path)
    assert "skill" in json.loads(path.read_text(encoding="utf-8"))["skills"][0]


def test_confirm_reports_a_bad_profile_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: Kim\nskills:\n  budget: {level: 9}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["profile", "confirm", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_a_phrase_with_no_candidate_is_settled_by_typing_a_skill_id_or_name(tmp_path: Path) -> None:
    """Without the meaning layer some phrases have no close skill at all: the person names it."""
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: Kim\nskills:\n  Booking rooms and sending out meeting papers: 2\n  zzqx wibble: 1\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["--no-semantic", "profile", "confirm", str(path)], input="project-support\nCommunication\n"
    )
    assert result.exit_code == 0, result.stdout
    stated = {s.name: s.skill for s in load_profile(path).skills}
    assert stated == {
        "Booking rooms and sending out meeting papers": "project-support",
        "zzqx wibble": "communication",
    }


def test_suggestions_offer_the_classifiers_choice_before_the_closest_wordings(
    analyser: Analyser, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`profile confirm` and the phrases report offer skills in one order (Index.suggestions): careergap's own
    reading, then the meaning's skills by the skill classifier's probability, which places unseen phrasings right
    far more often than the closest wording does; with no classifier (every probability 0) the closest wording's
    order stands."""
    from careergap.matching.semantic import Neighbour
    from careergap.models.report import SkillMatch

    index = analyser.resolver.skills
    by_wording = [
        Neighbour("team-leadership", 0.77, "team leadership", classified=0.07),
        Neighbour("teamwork", 0.75, "team working", classified=0.02),
        Neighbour("people-management", 0.73, "managing people", classified=0.85),
    ]
    monkeypatch.setattr(index, "nearest_by_meaning", lambda phrase: by_wording)
    refused = SkillMatch(
        phrase="Managing a team of 8", kind="skill", status="refused", method="none", score=0.0, reason="-"
    )
    assert index.suggestions(refused)[:3] == ["people-management", "team-leadership", "teamwork"]
    held_back = refused.model_copy(update={"status": "ambiguous", "target": "teamwork"})
    assert index.suggestions(held_back)[:2] == ["teamwork", "people-management"]
    assert len(index.suggestions(refused, 2)) == 2
    unclassified = [Neighbour(n.target, n.score, n.via) for n in by_wording]
    monkeypatch.setattr(index, "nearest_by_meaning", lambda phrase: unclassified)
    assert index.suggestions(refused)[:3] == ["team-leadership", "teamwork", "people-management"]


def test_a_report_offers_the_likeliest_skills_for_each_unmatched_phrase(
    analyser: Analyser, tmp_path: Path
) -> None:
    """An unmatched phrase carries the skills `profile confirm` would offer (SkillMatch.suggestions, worked out once
    when it is resolved), and every report format shows the first three with a pointer to `profile confirm`."""
    from careergap.render.report import render_markdown

    path = tmp_path / "p.yaml"
    path.write_text(
        "name: Kim\nskills:\n  Negotiating contracts: 2\n  Risk management: 3\n", encoding="utf-8"
    )
    report = analyser.analyse(load_profile(path), "council-pro10")
    (unmatched,) = report.unmatched
    assert unmatched.phrase == "Negotiating contracts" and unmatched.status != "matched"
    assert {"contract-management", "influencing-and-negotiation"} <= set(unmatched.suggestions[:3])
    assert unmatched.suggestions == analyser.resolver.skills.suggestions(unmatched)
    assert all(m.suggestions == [] for m in report.matches if m.status == "matched")
    text = render_markdown(report)
    assert f"(likeliest: {', '.join(f'`{t}`' for t in unmatched.suggestions[:3])})" in text
    assert "careergap profile confirm PROFILE offers the likeliest skills" in text
