"""Confirm once, remember: `skill:` beside a phrase, and `careergap profile confirm` writing it, file kept as written."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careergap.analysis import Analyser
from careergap.cli import app
from careergap.matching.layer import why_off
from careergap.profiles import load_profile

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "own-words"
PIPE = "--answers-from-stdin"  # the tests type their answers through a pipe, on purpose


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


def test_a_phrase_said_to_name_no_skill_is_set_aside_and_not_asked_again(
    analyser: Analyser, tmp_path: Path
) -> None:
    """`n` at a phrase writes `skill: none` (a blind coach: "Keeping calm under pressure" could only be skipped, and
    was asked again on every run): the phrase is set aside with a note, in analyse and in the Python API, confirm
    no longer asks about it, and the organisation's phrase map does not learn it."""
    from careergap.api import Scorer

    path, phrase_map = tmp_path / "p.yaml", tmp_path / "map.yaml"
    path.write_text(
        "name: Kim\nskills:\n  Keeping calm under pressure: 3\n  budget mgmt: 2\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        app, ["profile", "confirm", str(path), "--phrase-map", str(phrase_map), PIPE], input="n\n"
    )
    assert result.exit_code == 0, result.stdout
    assert "Keeping calm under pressure: {level: 3, skill: none}" in path.read_text(encoding="utf-8")
    assert "Keeping calm" not in (phrase_map.read_text(encoding="utf-8") if phrase_map.exists() else "")
    person = load_profile(path)
    resolution = analyser.resolve(person)
    assert [m.phrase for m in resolution.unmatched] == []
    assert any("set aside as naming no library skill" in n and "Keeping calm" in n for n in resolution.notes)
    assert Scorer(analyser=analyser).score_profile(person, "council-pro10").unmatched == ()
    assert "nothing to confirm" in _confirm_all(path)


def test_all_walks_the_phrases_matched_by_their_words_too(tmp_path: Path) -> None:
    """A reading by the words can be wrong with nothing to flag it ("Coaching PMs on methodology" read as methods and
    tools, a blind coach): --all asks about every phrase, Enter keeping careergap's reading, so a session can
    correct any of them."""
    path = tmp_path / "p.yaml"
    path.write_text("name: Olu\nskills:\n  budget mgmt: 2\n  risk management: 3\n", encoding="utf-8")
    plain = CliRunner().invoke(app, ["profile", "confirm", str(path), PIPE], input="")
    assert plain.exit_code == 0 and "nothing to confirm" in plain.stdout
    every = CliRunner().invoke(
        app, ["profile", "confirm", str(path), "--all", PIPE], input="\nstakeholder-management\n"
    )
    assert every.exit_code == 0, every.stdout
    assert "[1/2] 'budget mgmt': matched" in every.stdout
    text = path.read_text(encoding="utf-8")
    assert "budget mgmt: {level: 2, skill: budget-management}" in text
    assert "risk management: {level: 3, skill: stakeholder-management}" in text


def test_the_skill_id_none_is_reserved(tmp_path: Path) -> None:
    from careergap.errors import ValidationFailed
    from careergap.library import load_library

    (tmp_path / "s.yaml").write_text(
        "skills:\n  - id: none\n    name: Nothing\n    kind: skill\n    description: A skill named none.\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as failed:
        load_library([tmp_path])
    assert any("the skill id 'none' is reserved" in p.message for p in failed.value.problems)


def _confirm_all(path: Path) -> str:
    result = CliRunner().invoke(app, ["profile", "confirm", str(path), PIPE], input="1\n" * 40)
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
        "name: Kim\n# my skills\nskills:\n  Helping juniors grow: 2   # recent\n  budget mgmt: 3\n",
        encoding="utf-8",
    )
    _confirm_all(path)
    text = path.read_text(encoding="utf-8")
    assert "# my skills" in text and "# recent" in text and "  budget mgmt: 3\n" in text
    assert "Helping juniors grow: {level: 2, skill: coaching-and-mentoring}" in text or (
        "Helping juniors grow: {level: 2, skill:" in text
    )


def test_confirm_keeps_a_profile_saved_with_windows_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "kim.yaml"
    path.write_bytes(b"name: Kim\r\nskills:\r\n  zzqx wibble: 1   # hm\r\n")
    result = CliRunner().invoke(
        app, ["--no-semantic", "profile", "confirm", str(path), PIPE], input="communication\n"
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
    result = CliRunner().invoke(app, ["profile", "confirm", str(path), PIPE], input="s\n")
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
        app,
        ["--no-semantic", "profile", "confirm", str(path), PIPE],
        input="project-support\nCommunication\n",
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
        "name: Kim\nskills:\n  Sorting cover when people phone in sick: 2\n  Risk management: 3\n",
        encoding="utf-8",
    )
    report = analyser.analyse(load_profile(path), "council-pro10")
    (unmatched,) = report.unmatched
    assert unmatched.phrase == "Sorting cover when people phone in sick" and unmatched.status != "matched"
    assert {"resource-planning", "people-management"} <= set(unmatched.suggestions[:3])
    assert unmatched.suggestions == analyser.resolver.skills.suggestions(unmatched)
    assert all(m.suggestions == [] for m in report.matches if m.status == "matched")
    text = render_markdown(report)
    assert f"(likeliest: {', '.join(f'`{t}`' for t in unmatched.suggestions[:3])})" in text
    assert "careergap profile confirm PROFILE offers the likeliest skills" in text


# ------------------------------------------------------------------ remembered for the organisation: --phrase-map
def _confirm(path: Path, answers: str, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["--no-semantic", "profile", "confirm", str(path), PIPE, *extra], input=answers
    )
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_confirm_remembers_choices_in_the_organisations_phrase_map(tmp_path: Path) -> None:
    """A phrase one person settled is not asked of the next: the map every command reads holds it."""
    from careergap.library import load_library, load_phrase_maps

    first = tmp_path / "kim.yaml"
    first.write_text(
        "name: Kim\nskills:\n  zzqx wibble: 1\n  Rota wrangling: {level: 2, skill: resource-planning}\n",
        encoding="utf-8",
    )
    org = tmp_path / "org"
    org.mkdir()
    mapped = org / "phrase-map.yaml"
    code, out = _confirm(first, "communication\n", "--phrase-map", str(mapped))
    assert code == 0, out
    assert "added 2 phrases to the phrase map" in out
    # the choice made now and the `skill:` the profile already had; a new file is owner-only
    entries = load_phrase_maps([mapped], load_library())
    assert {e.phrase: e.target for e in entries.values()} == {
        "zzqx wibble": "communication",
        "Rota wrangling": "resource-planning",
    }
    assert mapped.stat().st_mode & 0o777 == 0o600
    # the next person writes the same words (in another case): not asked, and scored through the map
    second = tmp_path / "lee.yaml"
    second.write_text("name: Lee\nskills:\n  ZZQX Wibble: 3\n", encoding="utf-8")
    code, out = _confirm(second, "", "--phrase-map", str(mapped))
    assert code == 0 and "nothing to confirm" in out and "no phrase to add" in out, out
    assert "skill:" not in second.read_text(encoding="utf-8")
    result = CliRunner().invoke(
        app, ["--no-semantic", "analyse", str(second), "--roles-dir", str(org), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["unmatched"] == []
    (match,) = [m for m in report["matches"] if m["phrase"] == "ZZQX Wibble"]
    assert (match["target"], match["reason"]) == (
        "communication",
        f"your organisation's phrase map says so ({mapped}:4)",
    )


def test_a_phrase_map_is_extended_as_written(tmp_path: Path) -> None:
    """YAML keeps its comments and entries; CSV keeps its lines, columns and line endings, and gains rows."""
    profile = tmp_path / "kim.yaml"
    profile.write_text("name: Kim\nskills:\n  zzqx wibble: 1\n  qqvv wobble: 2\n", encoding="utf-8")
    yaml_map = tmp_path / "map.yml"
    yaml_map.write_text(
        "# our words\nphrase_map:\n  'Qqvv wobble': teamwork   # agreed in March\n", encoding="utf-8"
    )
    code, out = _confirm(profile, "presenting\n", "--phrase-map", str(yaml_map))
    assert code == 0, out
    # the mapped phrase was not asked; only the new one was added, below what was there
    assert "1/1" in out and "added 1 phrase " in out
    assert yaml_map.read_text(encoding="utf-8") == (
        "# our words\nphrase_map:\n  'Qqvv wobble': teamwork   # agreed in March\n  zzqx wibble: presenting\n"
    )
    profile.write_text("name: Kim\nskills:\n  zzqx wibble: 1\n  zzqx, wobbly: 2\n", encoding="utf-8")
    csv_map = tmp_path / "phrases.csv"
    before = "phrase,kind,count,skill\r\nqqvv wobble,skill,4,teamwork\r\nunsettled,skill,2,\r\n"
    csv_map.write_bytes(before.encode())
    code, out = _confirm(profile, "presenting\ncoaching-and-mentoring\n", "--phrase-map", str(csv_map))
    assert code == 0, out
    assert csv_map.read_bytes().decode() == (
        before + "zzqx wibble,,,presenting\r\n" + '"zzqx, wobbly",,,coaching-and-mentoring\r\n'
    )


def test_a_phrase_that_reads_as_a_formula_is_written_to_a_csv_map_as_text(tmp_path: Path) -> None:
    """A spreadsheet opens the map: "=SUM(A1) ..." gets the apostrophe batch's CSV outputs use, and still maps."""
    from careergap.library import load_library, load_phrase_maps

    profile = tmp_path / "kim.yaml"
    profile.write_text('name: Kim\nskills:\n  "=SUM(A1) zzqx wibble": 1\n', encoding="utf-8")
    csv_map = tmp_path / "phrases.csv"
    csv_map.write_text("phrase,skill\n", encoding="utf-8")
    code, out = _confirm(profile, "presenting\n", "--phrase-map", str(csv_map))
    assert code == 0, out
    assert csv_map.read_text(encoding="utf-8") == "phrase,skill\n'=SUM(A1) zzqx wibble,presenting\n"
    (entry,) = load_phrase_maps([csv_map], load_library()).values()
    assert entry.target == "presenting"
    other = tmp_path / "lee.yaml"
    other.write_text('name: Lee\nskills:\n  "=SUM(A1) zzqx wibble": 3\n', encoding="utf-8")
    code, out = _confirm(other, "", "--phrase-map", str(csv_map))
    assert code == 0 and "nothing to confirm" in out, out


def test_confirm_refuses_a_phrase_map_it_cannot_use_before_asking_anything(tmp_path: Path) -> None:
    profile = tmp_path / "kim.yaml"
    original = "name: Kim\nskills:\n  zzqx wibble: 1\n"
    profile.write_text(original, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("phrase_map:\n  wibble: no-such-skill\n", encoding="utf-8")
    code, out = _confirm(profile, "communication\n", "--phrase-map", str(bad))
    assert code == 1 and "bad.yaml:2" in out and "unknown skill or qualification id 'no-such-skill'" in out, (
        out
    )
    for wrong, message in (
        (tmp_path / "map.txt", "YAML (.yaml, .yml) or CSV (.csv)"),
        (tmp_path, "is a folder"),
        (tmp_path / "missing" / "map.yaml", "does not exist"),
        (Path("/dev/null"), "is not a regular file"),
    ):
        code, out = _confirm(profile, "communication\n", "--phrase-map", str(wrong))
        assert code == 1 and message in out, out
    latin = tmp_path / "latin.csv"  # saved by an older spreadsheet: named, as careergap would write it back
    latin.write_bytes("phrase,skill\nCaf\u00e9 rota,people-management\n".encode("cp1252"))
    code, out = _confirm(profile, "communication\n", "--phrase-map", str(latin))
    assert code == 1 and "latin.csv: is not UTF-8 text" in out, out
    code, out = _confirm(profile, "communication\n", "--phrase-map", str(profile))
    assert code == 2 and "is the profile itself" in out, out
    assert profile.read_text(encoding="utf-8") == original
    assert not (tmp_path / "map.txt").exists()


def test_confirm_says_which_listed_qualifications_it_still_cannot_read(tmp_path: Path) -> None:
    profile = tmp_path / "kim.yaml"
    profile.write_text(
        "name: Kim\nqualifications: [Mental Health First Aider, PRINCE2 Foundation]\nskills:\n  budget mgmt: 3\n",
        encoding="utf-8",
    )
    code, out = _confirm(profile, "s\n")
    assert code == 0, out
    assert "[1/1] qualification 'Mental Health First Aider'" in out
    assert "counted as not held: 1 qualification - 'Mental Health First Aider'" in out
    assert "PRINCE2 Foundation" not in out and "skills search -q" in out
    profile.write_text(
        "name: Kim\nqualifications: [PRINCE2 Foundation]\nskills:\n  budget mgmt: 3\n", encoding="utf-8"
    )
    code, out = _confirm(profile, "")
    assert "not held" not in out and "every qualification was read" in out


def test_a_confirmed_qualification_is_held_as_you_said(analyser: Analyser, tmp_path: Path) -> None:
    """An award the words cannot read is confirmed once: written beside it, held from then on, never asked again."""
    profile = tmp_path / "hana.yaml"
    original = (
        "name: Hana\n"
        "# awards\n"
        "qualifications:\n"
        "  - PRINCE2 Foundation\n"
        "  - Level 5 Diploma in Leadership for H&SC   # registered manager award\n"
        "skills:\n"
        "  budget mgmt: 3\n"
    )
    profile.write_text(original, encoding="utf-8")
    before = analyser.resolve(load_profile(profile))
    assert "management-qualification" not in before.profile.qualifications
    code, out = _confirm(profile, "management-qualification\n")
    assert code == 0, out
    assert "qualification 'Level 5 Diploma in Leadership for H&SC': refused" in out
    assert "-> management-qualification" in out and "not held" not in out
    text = profile.read_text(encoding="utf-8")
    assert text == original.replace(
        "  - Level 5 Diploma in Leadership for H&SC   # registered manager award",
        "  - {name: Level 5 Diploma in Leadership for H&SC, qualification: management-qualification} "
        "# registered manager award",
    ), text
    after = analyser.resolve(load_profile(profile))
    match = after.qualifications[1]
    assert (match.status, match.target, match.method) == ("matched", "management-qualification", "stated")
    assert match.reason == "as you said: Management qualification"
    assert "management-qualification" in after.profile.qualifications
    assert "every qualification was read" in _confirm(profile, "")[1]


def test_a_qualification_is_chosen_by_number_name_or_id_and_a_comma_list_becomes_a_list(
    tmp_path: Path,
) -> None:
    profile = tmp_path / "p.json"
    profile.write_text(
        json.dumps(
            {
                "name": "Kim",
                "qualifications": "Chartered FCIPD, Prince two prac",
                "skills": {"budget mgmt": 3},
            }
        ),
        encoding="utf-8",
    )
    code, out = _confirm(profile, "Postgraduate degree\nprince2-practitioner\n")
    assert code == 0, out
    data = json.loads(profile.read_text(encoding="utf-8"))
    assert (
        data["qualifications"]
        == [
            {"name": "Chartered FCIPD", "qualification": "postgraduate-degree"},
            {"name": "Prince two prac", "qualification": "prince2-practitioner"},
        ]
        or data["qualifications"][1] == "Prince two prac"
    ), data
    yaml_profile = tmp_path / "p.yaml"
    yaml_profile.write_text(
        "name: Kim\nqualifications: Chartered FCIPD, PRINCE2 Foundation  # both\nskills:\n  budget mgmt: 3\n",
        encoding="utf-8",
    )
    code, out = _confirm(yaml_profile, "nonsense\nmanagement-qualification\n")
    assert code == 0 and "type an id or name" in out, out
    assert load_profile(yaml_profile).qualifications[0].qualification == "management-qualification"
    assert load_profile(yaml_profile).qualification_names == ("Chartered FCIPD", "PRINCE2 Foundation")


def test_a_stated_qualification_that_is_not_an_id_is_refused_with_suggestions(
    analyser: Analyser, tmp_path: Path
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: Kim\nqualifications:\n  - {name: Prince two, qualification: prince2-practitioners}\n"
        "skills:\n  budget mgmt: 3\n",
        encoding="utf-8",
    )
    resolution = analyser.resolve(load_profile(path))
    assert resolution.qualifications[0].status == "refused"
    assert resolution.qualifications[0].reason.startswith(
        "qualification: 'prince2-practitioners' is not a qualification id in the library; did you mean "
        "prince2-practitioner"
    )
    code, out = _confirm(path, "1\n")  # a bad id beside it is asked again
    assert code == 0 and "prince2-practitioner" in path.read_text(encoding="utf-8"), out
    assert load_profile(path).qualifications[0].qualification == "prince2-practitioner"


def test_the_api_and_assess_honour_what_a_profile_names_beside_its_words(
    analyser: Analyser, tmp_path: Path
) -> None:
    """One rule everywhere: `skill:` and `qualification:` beside the words decide, in the API and in assess too."""
    from careergap.api import Scorer
    from careergap.session import LibraryMatcher, profile_data, qualification_of_entry, skill_of_entry

    path = tmp_path / "p.yaml"
    path.write_text(
        "name: Kim\nqualifications:\n  - {name: Level 5 Diploma in Leadership for H&SC, qualification: mba}\n"
        "skills:\n  zzqx wibble: {level: 3, skill: budget-management}\n  communication: 2\n",
        encoding="utf-8",
    )
    person = load_profile(path)
    scorer = Scorer(analyser=analyser)
    pinned = scorer.score_profile(person, "council-pro14")
    unpinned = scorer.score_profile(
        person.model_copy(
            update={
                "skills": tuple(s.model_copy(update={"skill": None}) for s in person.skills),
                "qualifications": tuple(
                    q.model_copy(update={"qualification": None}) for q in person.qualifications
                ),
            }
        ),
        "council-pro14",
    )
    assert pinned.unmatched == ()
    assert unpinned.unmatched == ("zzqx wibble", "Level 5 Diploma in Leadership for H&SC (qualification)")
    assert pinned.primary is not None and unpinned.primary is not None
    assert "Management qualification" in unpinned.primary.missing_qualifications
    assert "Management qualification" not in pinned.primary.missing_qualifications
    budget = [g for g in pinned.primary.gaps if g.skill == "budget-management"]
    assert budget == [] or budget[0].have == 3
    assert [g.have for g in unpinned.primary.gaps if g.skill == "budget-management"] in ([None], [])
    matcher = LibraryMatcher(analyser)
    data = profile_data(person)
    assert data["qualifications"] == [
        {"name": "Level 5 Diploma in Leadership for H&SC", "qualification": "mba"}
    ]
    assert qualification_of_entry(matcher, data["qualifications"][0]) == "mba"
    assert skill_of_entry(matcher, data["skills"][0]) == "budget-management"
    # a mistyped id beside the words is no id, as analyse refuses it (not read by its own words as a phrase)
    assert skill_of_entry(matcher, {"name": "budgets", "skill": "budget-managment"}) is None
    assert (
        qualification_of_entry(matcher, {"name": "Prince two", "qualification": "prince2-practitioners"})
        is None
    )
    assert profile_data(load_profile_text(tmp_path, "name: K\nqualifications: [MBA]\nskills: {a: 1}\n"))[
        "qualifications"
    ] == ["MBA"]


def load_profile_text(folder: Path, text: str):  # type: ignore[no-untyped-def]
    path = folder / "other.yaml"
    path.write_text(text, encoding="utf-8")
    return load_profile(path)


def test_phrases_yaml_would_read_as_something_else_are_quoted_in_the_map(tmp_path: Path) -> None:
    from careergap.library import load_library, load_phrase_maps

    profile = tmp_path / "n.yaml"
    profile.write_text(
        'name: N\nskills:\n  - {name: "yes", level: 2}\n  - {name: "12:30", level: 2}\n', encoding="utf-8"
    )
    mapped = tmp_path / "m.yaml"
    code, out = _confirm(profile, "teamwork\nprocurement\n", "--phrase-map", str(mapped))
    assert code == 0, out
    entries = load_phrase_maps([mapped], load_library())
    assert {e.phrase: e.target for e in entries.values()} == {"yes": "teamwork", "12:30": "procurement"}
    # a map emptied by hand (`phrase_map:` alone) is an empty map, not an error
    mapped.write_text("phrase_map:\n", encoding="utf-8")
    assert load_phrase_maps([mapped], load_library()) == {}


def test_a_map_that_cannot_be_written_leaves_the_profile_as_it_was(tmp_path: Path, monkeypatch) -> None:
    from careergap import phrase_map_edit
    from careergap.errors import InputFileError, Problem

    def fail(path: Path, text: str) -> None:
        raise InputFileError(Problem(str(path), "cannot be written: No space left on device"))

    monkeypatch.setattr(phrase_map_edit, "replace_file", fail)
    profile = tmp_path / "p.yaml"
    original = "name: Kim\nskills:\n  zzqx wibble: 1\n"
    profile.write_text(original, encoding="utf-8")
    code, out = _confirm(profile, "communication\n", "--phrase-map", str(tmp_path / "m.csv"))
    assert code == 1 and "m.csv: cannot be written" in out, out
    assert profile.read_text(encoding="utf-8") == original


def test_a_read_only_profile_is_refused_before_any_question(tmp_path: Path, monkeypatch) -> None:
    from careergap import profile_edit

    profile = tmp_path / "p.yaml"
    profile.write_text("name: Kim\nskills:\n  zzqx wibble: 1\n", encoding="utf-8")
    real_access = os.access
    monkeypatch.setattr(
        profile_edit.os,
        "access",
        lambda path, mode: (
            not (mode & os.W_OK and Path(path) == profile.resolve()) and real_access(path, mode)
        ),
    )
    code, out = _confirm(profile, "communication\n")
    assert code == 1 and "is read-only" in out and "[1/1]" not in out, out


def test_a_linked_profile_is_edited_through_its_link(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "p.yaml"
    real.write_text("name: Kim\nskills:\n  zzqx wibble: 1\n", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    code, out = _confirm(link, "communication\n")
    assert code == 0, out
    assert link.is_symlink() and "skill: communication" in real.read_text(encoding="utf-8")


def test_byte_order_marks_are_kept_in_csv_maps_and_json_profiles(tmp_path: Path) -> None:
    mapped = tmp_path / "m.csv"
    mapped.write_bytes("\ufeffphrase,skill\nKeeping the books,budget-management\n".encode())
    profile = tmp_path / "b.json"
    profile.write_bytes('\ufeff{"name": "B", "skills": [{"name": "zzqx wibble", "level": 3}]}'.encode())
    code, out = _confirm(profile, "communication\n", "--phrase-map", str(mapped))
    assert code == 0, out
    assert mapped.read_bytes().decode() == (
        "\ufeffphrase,skill\nKeeping the books,budget-management\nzzqx wibble,communication\n"
    )
    text = profile.read_bytes().decode()
    assert text.startswith("\ufeff{") and json.loads(text[1:])["skills"][0]["skill"] == "communication"


def test_a_profile_that_gives_a_phrase_twice_is_refused_before_any_question(tmp_path: Path) -> None:
    profile = tmp_path / "d.yaml"
    original = "name: D\nskills:\n  zzqx wibble: 2\n  zzqx wibble: 3\n"
    profile.write_text(original, encoding="utf-8")
    code, out = _confirm(profile, "communication\n")
    assert code == 1 and "d.yaml:4" in out and "duplicate key" in out and "[1/1]" not in out, out
    result = CliRunner().invoke(
        app, ["--no-semantic", "analyse", str(profile), "--actions", "X", "--save-actions"]
    )
    assert result.exit_code == 1 and "d.yaml:4" in result.output, result.output
    profile.write_text(
        "name: D\ntarget_role: council-pro9\n" + original.removeprefix("name: D\n"), encoding="utf-8"
    )
    original = profile.read_text(encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["--no-semantic", "assess", "--resume", str(profile), "--no-evidence", "--answers-from-stdin"],
        input="2\nq\n",
    )
    assert result.exit_code == 1 and "d.yaml:5" in result.output and "fix it by hand" in result.output
    assert profile.read_text(encoding="utf-8") == original


def test_answers_given_before_input_ends_are_kept(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "name: Kim\nskills:\n  zzqx wibble: 1\n  '  qqvv   wobble ': 2\n  xxkk wabble: 1\n", encoding="utf-8"
    )
    code, out = _confirm(profile, "\u00b2\ncommunication\npresenting\n")  # "²" is asked again, not a crash
    assert code == 0 and "input ended: stopped at 3 of 3" in out, out
    assert "wrote 2 choices" in out
    stated = {s.name: s.skill for s in load_profile(profile).skills}
    assert stated == {"zzqx wibble": "communication", "qqvv   wobble": "presenting", "xxkk wabble": None}


def test_piped_input_is_not_read_as_answers_unless_asked(tmp_path: Path) -> None:
    """As assess: a stray `yes |` or a script's stdin would otherwise accept every reading unseen."""
    path = tmp_path / "kim.yaml"
    original = "name: Kim\nskills:\n  - {name: zzqx wibble, level: 2}\n"
    path.write_text(original, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["--no-semantic", "profile", "confirm", str(path)], input="communication\n"
    )
    assert result.exit_code == 2
    assert "not a terminal" in result.stderr and PIPE in result.stderr
    assert path.read_text(encoding="utf-8") == original


def test_confirm_needs_a_profile_file_not_standard_input() -> None:
    result = CliRunner().invoke(app, ["--no-semantic", "profile", "confirm", "-"], input="name: Kim\n")
    assert result.exit_code == 2 and "not '-'" in result.output


def test_an_award_confirmed_once_is_remembered_in_the_phrase_map(analyser: Analyser, tmp_path: Path) -> None:
    from careergap.library import load_library, load_phrase_maps

    first, second = tmp_path / "kim.yaml", tmp_path / "lee.yaml"
    first.write_text(
        "name: Kim\nqualifications: [L5 Dip LMHSC]\nskills:\n  budget mgmt: 3\n", encoding="utf-8"
    )
    second.write_text(
        "name: Lee\nqualifications: [l5 dip  LMHSC]\nskills:\n  budget mgmt: 2\n", encoding="utf-8"
    )
    themap = tmp_path / "org" / "phrase-map.yaml"
    themap.parent.mkdir()
    code, out = _confirm(first, "management-qualification\n", "--phrase-map", str(themap))
    assert code == 0 and "added 1 phrase to the phrase map" in out, out
    library = load_library()
    assert {m.phrase: (m.target, m.kind) for m in load_phrase_maps([themap], library).values()} == {
        "L5 Dip LMHSC": ("management-qualification", "qualification")
    }
    code, out = _confirm(second, "", "--phrase-map", str(themap))
    assert code == 0 and "nothing to confirm" in out, out
    result = CliRunner().invoke(
        app, ["--no-semantic", "analyse", str(second), "--roles-dir", str(themap.parent), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    held = [m for m in report["qualifications"] if m["phrase"] == "l5 dip  LMHSC"]
    assert held[0]["target"] == "management-qualification" and "phrase map says so" in held[0]["reason"]


def test_skills_search_says_what_an_award_satisfies_and_how_to_have_one_counted() -> None:
    runner = CliRunner()
    held = runner.invoke(app, ["skills", "search", "-q", "MBA (Warwick)"])
    assert held.exit_code == 0, held.output
    assert "also satisfies: Bachelor's degree, Management qualification, Postgraduate degree" in held.stdout
    assert "to have it counted" not in held.stdout
    unread = runner.invoke(app, ["skills", "search", "-q", "Level 5 Diploma in Leadership for H&SC"])
    assert "careergap profile confirm PROFILE asks and writes qualification: ID" in unread.stdout
    assert "skills list --qualifications" in unread.stdout
    refused = runner.invoke(app, ["--no-semantic", "skills", "search", "herding cats"])
    assert "careergap profile confirm PROFILE asks and writes skill: ID" in refused.stdout


def test_an_award_close_to_nothing_is_offered_the_awards_the_persons_role_asks_for(tmp_path: Path) -> None:
    text = "name: Kim\ntarget_role: council-pro11\nqualifications: [Mental Health First Aider]\nskills: {budgets: 3}\n"
    (profile := tmp_path / "kim.yaml").write_text(text, encoding="utf-8")
    code, out = _confirm(profile, "2\n")
    assert code == 0, out
    assert "  2. vocational-qualification - Vocational qualification  (your role asks for it)" in out
    assert load_profile(profile).qualifications[0].qualification == "vocational-qualification"


def test_a_not_applicable_entry_that_names_no_skill_is_settled_not_ignored(tmp_path: Path) -> None:
    """`not_applicable` words that match no skill are ignored (with a note), so the person's 'does not apply' was
    lost; confirm asks which skill they mean and writes its id in their place, the reason and comments kept."""
    short = tmp_path / "kim.yaml"
    short.write_text(
        "name: Kim\nskills:\n  budget mgmt: 3\nnot_applicable:\n  # bought centrally\n"
        "  zzqx purchasing wibble: Purchasing is done by a central team.\n  risk management: Not mine.\n",
        encoding="utf-8",
    )
    code, out = _confirm(short, "procurement\n")
    assert code == 0 and "[1/1] not_applicable 'zzqx purchasing wibble'" in out, out
    assert short.read_text(encoding="utf-8").endswith(
        "not_applicable:\n  # bought centrally\n  procurement: Purchasing is done by a central team.\n"
        "  risk management: Not mine.\n"
    )
    listed = tmp_path / "lee.json"
    listed.write_text(
        json.dumps(
            {
                "name": "Lee",
                "skills": {"budget mgmt": 3},
                "not_applicable": [{"skill": "zzqx purchasing wibble", "reason": "Central team."}],
            }
        ),
        encoding="utf-8",
    )
    code, out = _confirm(listed, "procurement\n")
    assert code == 0, out
    person = load_profile(listed)
    assert [(e.skill, e.reason) for e in person.not_applicable] == [("procurement", "Central team.")]
    assert "nothing to confirm" in _confirm(listed, "")[1]


# -- the other skills a line names (`also:`) -------------------------------------------------------------------


def _gaps(analyser: Analyser, path: Path, role: str) -> tuple[list[str], list[str]]:
    """The gaps analyse and the Python API find for the profile at `path`: they must agree."""
    from careergap.api import Scorer

    person = load_profile(path)
    slow = analyser.assess(analyser.resolve(person).profile, analyser.library.role(role))
    (fast,) = Scorer(analyser=analyser).score_profile(person, role).results
    return [g.skill for g in slow.gaps], [g.skill for g in fast.gaps]


def test_the_other_skills_said_beside_a_line_are_exactly_those_counted(
    analyser: Analyser, tmp_path: Path
) -> None:
    """`also: []` takes away what the line's items name; `also: [id]` counts a skill its items do not name, "as you
    said"; analyse and the Python API agree on both."""
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: Kim\nskills:\n"
        "  - {name: Budget management and procurement, level: 3, also: []}\n"
        "  - {name: Risk management, level: 3, also: [stakeholder-management]}\n",
        encoding="utf-8",
    )
    slow, fast = _gaps(analyser, path, "council-pro9")
    assert slow == fast
    assert "procurement" in slow and "stakeholder-management" not in slow  # council-pro9 asks for both
    resolution = analyser.resolve(load_profile(path))
    assert set(resolution.profile.skills) == {
        "budget-management",
        "risk-management",
        "stakeholder-management",
    }
    (use,) = resolution.profile.skills["stakeholder-management"].phrases
    assert (use.phrase, use.method, use.item) == ("Risk management", "stated", None)


def test_an_unknown_id_among_the_other_skills_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: Kim\nskills:\n  - {name: Budgets and procurement, level: 3, also: [procurment]}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["analyse", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "p.yaml:3" in result.output and "skills[0].also[0]" in result.output
    assert "did you mean procurement" in result.output
    # confirm does not ask about an `also:` already written, so the hint does not send the person there
    assert "leave the id out" in result.output and "profile confirm" not in result.output
    path.write_text(
        "name: Kim\nskills:\n  - {name: Budgets and procurement, level: 3, also: [none]}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["analyse", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output and "also" in result.output


def test_confirm_asks_about_each_other_skill_and_writes_the_answer_beside_the_line(
    analyser: Analyser, tmp_path: Path
) -> None:
    """--all walks the other skills a line's items name too: n takes one away (`also: []`), Enter or y keeps it
    (`also: [procurement]`), comments and the short form survive, and nothing is asked again."""
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: Kim\nskills:\n  # kept\n  Budget management and procurement: 3  # mine\n  Budgets and procurement: 2\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["profile", "confirm", str(path), "--all", PIPE], input="\nn\n\ny\n")
    assert result.exit_code == 0, result.stdout
    assert "also names procurement - Procurement? Read by its words (exact) from its item 'procurement'" in (
        result.stdout
    )
    text = path.read_text(encoding="utf-8")
    assert "  # kept\n" in text and "# mine" in text
    assert "Budget management and procurement: {level: 3, skill: budget-management, also: []}" in text
    assert "Budgets and procurement: {level: 2, skill: budget-management, also: [procurement]}" in text
    skills = analyser.resolve(load_profile(path)).profile.skills
    assert {s: r.level for s, r in skills.items()} == {"budget-management": 3, "procurement": 2}
    again = CliRunner().invoke(app, ["profile", "confirm", str(path), "--all", PIPE], input="")
    assert again.exit_code == 0 and "nothing to confirm" in again.stdout


def test_a_skipped_other_skill_leaves_the_line_to_be_asked_again(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(
        json.dumps({"name": "Kim", "skills": [{"name": "Budget management and procurement", "level": 3}]}),
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["profile", "confirm", str(path), "--all", PIPE], input="\ns\n")
    assert result.exit_code == 0, result.stdout
    (entry,) = json.loads(path.read_text(encoding="utf-8"))["skills"]
    assert entry == {"name": "Budget management and procurement", "level": 3, "skill": "budget-management"}
    result = CliRunner().invoke(app, ["profile", "confirm", str(path), "--all", PIPE], input="n\n")
    (entry,) = json.loads(path.read_text(encoding="utf-8"))["skills"]
    assert entry["also"] == []


@pytest.mark.skipif(why_off() is not None, reason="the other skill is read by meaning (careergap[semantic])")
def test_another_skill_read_by_meaning_is_to_confirm_and_confirm_asks_about_it(tmp_path: Path) -> None:
    """An item read by meaning is as unsure as a line read by meaning: the report lists it under "please confirm"
    and confirm asks about it without --all."""
    line = "Covering for colleagues on leave and helping new starters find their feet"
    path = tmp_path / "p.yaml"
    path.write_text(f"name: Kim\ntarget_role: council-pro9\nskills:\n  {line}: 3\n", encoding="utf-8")
    report = CliRunner().invoke(app, ["analyse", str(path), "-f", "markdown"])
    assert report.exit_code == 0, report.output
    confirm_part = report.stdout.split("Matched by meaning: please confirm", 1)[1]
    assert f"{line} also → teamwork, from its item 'Covering for colleagues on leave'" in confirm_part
    result = CliRunner().invoke(app, ["profile", "confirm", str(path), PIPE], input="\nn\n")
    assert result.exit_code == 0, result.stdout
    assert "also names teamwork - Teamwork? Read by meaning" in result.stdout
    assert f"{line}: {{level: 3, skill: coaching-and-mentoring, also: []}}" in path.read_text(
        encoding="utf-8"
    )
    report = CliRunner().invoke(app, ["analyse", str(path), "-f", "json"])
    (assessment,) = json.loads(report.stdout)["assessments"]
    have = {r["skill"]: r["have"] for r in assessment["requirements"]}
    assert have["coaching-and-mentoring"] == 3 and have["teamwork"] is None  # the role asks for both


def test_a_line_settled_now_is_asked_about_its_other_skills_in_the_same_run(tmp_path: Path) -> None:
    """A line no reading settled had no items to ask about; once the person names its skill, its items are read and
    asked about next, not left to the next run."""
    path = tmp_path / "p.yaml"
    path.write_text("name: Kim\nskills:\n  Office moves and procurement: 2\n", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["--no-semantic", "profile", "confirm", str(path), "--all", PIPE],
        input="project-support\nn\n",
    )
    assert result.exit_code == 0, result.stdout
    assert "[2/2] 'Office moves and procurement' also names procurement - Procurement?" in result.stdout
    text = path.read_text(encoding="utf-8")
    assert "Office moves and procurement: {level: 2, skill: project-support, also: []}" in text


def test_the_example_profiles_labels_name_real_skills_for_exactly_their_lines(analyser: Analyser) -> None:
    """tests/data/own-words-labels.yaml (written blind, `benchmarks/personas_eval.py --labels`) labels every skill
    line of each example profile, and only those, with a library skill id or null: a profile edited without its
    labels, or a label with a misspelt id, would measure nothing."""
    import yaml

    labels = yaml.safe_load(
        (Path(__file__).parent / "data" / "own-words-labels.yaml").read_text(encoding="utf-8")
    )
    assert sorted(labels) == sorted(p.name for p in EXAMPLES.glob("*.yaml"))
    for name, by_line in labels.items():
        lines = [skill.name for skill in load_profile(EXAMPLES / name).skills]
        assert sorted(by_line) == sorted(lines), name
        unknown = {s for s in by_line.values() if s is not None and s not in analyser.library.skills}
        assert not unknown, (name, unknown)
