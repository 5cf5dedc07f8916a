"""The matcher's word lists are data (data/roles/lexicon.yaml, issue 11 section 3): checked, and what the matcher uses."""

from __future__ import annotations

import doctest

import pytest

from careergap import normalize, resolve
from careergap.lexicon import check_lexicon, lexicon, lexicon_text


def test_the_built_in_lexicon_is_clean_and_is_what_the_matcher_uses() -> None:
    assert check_lexicon() == []
    words = lexicon()
    assert words.abbreviations == normalize.ABBREVIATIONS and normalize.ABBREVIATIONS["mgmt"] == "management"
    assert words.filler == normalize.FILLER and "strong" in normalize.FILLER
    assert words.generic_stems == resolve.GENERIC_TOKENS and "manag" in resolve.GENERIC_TOKENS
    assert words.tier_stems == resolve.TIER_TOKENS and "practition" in resolve.TIER_TOKENS
    assert normalize.key("Strong stakeholder mgmt") == normalize.key("stakeholder management")


def test_a_broken_lexicon_is_reported_with_line_and_field() -> None:
    text = lexicon_text()
    broken = text.replace("    mgmt: management\n", "    Mgmt: management\n").replace(
        "  filler: [\n", "  filler: [\n    two words, strong,\n"
    )
    broken += "  colours: [red]\n"
    problems = {(p.field, p.message) for p in check_lexicon(broken, "lexicon.yaml")}
    assert ("lexicon.abbreviations.Mgmt", "'Mgmt' must be one lowercase word") in problems
    assert ("lexicon.filler[0]", "'two words' must be one lowercase word") in problems
    assert any(f.startswith("lexicon.filler[") and m == "'strong' is listed twice" for f, m in problems)
    assert any(f == "lexicon.colours" and "unknown list 'colours'" in m for f, m in problems)
    assert all(p.line for p in check_lexicon(broken, "lexicon.yaml"))


def test_a_lexicon_missing_a_list_says_which() -> None:
    problems = check_lexicon("lexicon:\n  abbreviations: {}\n", "lexicon.yaml")
    assert any("missing 'filler'" in p.message for p in problems)


@pytest.mark.parametrize("module", [resolve, normalize])
def test_each_matching_rule_s_docstring_example_holds(module: object) -> None:
    """The scoring rules (resolve.align_words, only_generic_in_common, names_open_ended_award, tier_or_version_words,
    follows_whole_name, extra_word_weight) and phrase_key each carry a worked example; they must stay true."""
    failed, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert tried >= (13 if module is resolve else 1) and failed == 0


def test_a_count_spelt_out_reads_like_the_digits() -> None:
    """Digits are dropped from a skill phrase, so their spelt-out forms must be too: a number of people or budgets
    says nothing about which skill is meant ('two' used to count as a word that changes the meaning)."""
    assert normalize.tokens("Managed a team of eight") == normalize.tokens("Managed a team of 8")
    assert normalize.tokens("Managing two budgets") == normalize.tokens("Managing budgets")
    assert "one" not in lexicon().filler  # 'one-to-ones' keeps its words


def test_plural_pms_is_the_job_title_not_the_discipline() -> None:
    """'PMs' are project managers (people someone line-manages); 'PM' alone stays project management."""
    assert normalize.tokens("Line managing PMs") == normalize.tokens("Line managing project managers")
    assert normalize.tokens("PM") == normalize.tokens("project management")


def test_a_broken_frame_is_reported_with_line_and_field() -> None:
    """A frame (issue 11 section 3: the matcher's verb-object readings as data) must be a skill id with both lists of
    lowercase words, no word both a verb and an object; against the built-in library, the skill must exist."""
    text = lexicon_text()
    broken = text.replace("      verbs: [\n        lead,", "      verbs: [\n        Lead, team,", 1)
    broken = broken.replace("  frames:\n", "  frames:\n    no-such-skill:\n      verbs: [manage]\n", 1)
    from careergap.library import load_library

    skills = load_library().skills
    problems = {(p.field, p.message) for p in check_lexicon(broken, "lexicon.yaml", skills=skills)}
    assert (
        "lexicon.frames.team-leadership.verbs[0]",
        "'Lead' must be one or more lowercase words",
    ) in problems
    assert ("lexicon.frames.team-leadership", "'team' is both a verb and an object") in problems
    assert any(
        f == "lexicon.frames.no-such-skill" and "expected `verbs:` and `objects:`" in m for f, m in problems
    )
    assert any(f == "lexicon.frames.no-such-skill" and "no skill 'no-such-skill'" in m for f, m in problems)
    assert all(p.line for p in check_lexicon(broken, "lexicon.yaml", skills=skills))
    assert check_lexicon(skills=skills) == []


def test_a_described_frames_switches_are_checked() -> None:
    """`described:` is true or false and `unless:` a list of lowercase words (matcher 33's project frame)."""
    text = lexicon_text()
    assert "      described: true\n" in text
    broken = text.replace("      described: true\n", "      described: often\n", 1)
    broken = broken.replace("      unless: [related,", "      unless: [Related,", 1)
    problems = {(p.field, p.message) for p in check_lexicon(broken, "lexicon.yaml")}
    assert ("lexicon.frames.project-management.described", "expected true or false") in problems
    assert ("lexicon.frames.project-management.unless", "expected a list of lowercase words") in problems


def test_a_topic_and_a_state_frames_switches_are_checked() -> None:
    """`topic:` is true or false, and `state_verbs:` and `states:` go together, each a list of lowercase words
    (matcher 47's stakeholder frame)."""
    text = lexicon_text()
    assert "      topic: true\n      state_verbs: [keep," in text
    broken = text.replace("      topic: true\n", "      topic: yes please\n", 1)
    problems = {(p.field, p.message) for p in check_lexicon(broken, "lexicon.yaml")}
    assert ("lexicon.frames.stakeholder-management.topic", "expected true or false") in problems
    broken = text.replace("      state_verbs: [keep, keeps, kept, keeping]\n", "", 1)
    problems = {(p.field, p.message) for p in check_lexicon(broken, "lexicon.yaml")}
    assert ("lexicon.frames.stakeholder-management", "`state_verbs:` and `states:` go together") in problems
    broken = text.replace("      states: [informed,", "      states: [Informed,", 1)
    problems = {(p.field, p.message) for p in check_lexicon(broken, "lexicon.yaml")}
    assert (
        "lexicon.frames.stakeholder-management.states[0]",
        "'Informed' must be one or more lowercase words",
    ) in problems
    assert all(p.line for p in check_lexicon(broken, "lexicon.yaml"))


def test_roles_validate_checks_a_lexicon_file_named_on_its_own_as_a_lexicon(cli, write) -> None:
    """`roles validate data/roles/lexicon.yaml` (as docs/adding-vocabulary.md says) checks it as word lists, not as a
    role file; a changed copy among role files is checked too and said to be unused."""
    from careergap.lexicon import data_root

    builtin = data_root() / "lexicon.yaml"
    result = cli("roles", "validate", builtin)
    assert result.exit_code == 0, result.stdout + result.stderr
    changed = write(
        "org/lexicon.yaml", lexicon_text().replace("  filler: [\n", "  filler: [\n    Strong,\n", 1)
    )
    result = cli("roles", "validate", changed)
    assert result.exit_code == 1
    assert "lexicon.filler[0]: 'Strong' must be one lowercase word" in result.stderr, result.stderr
    assert "lexicon: the matcher's word lists are read from careergap's own data/roles/lexicon.yaml only" in (
        result.stderr
    )
    assert "unknown key" not in result.stderr
