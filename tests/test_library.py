"""The built-in library: it ships in the package, holds the eleven roles, and is internally consistent."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from conftest import ROLE_IDS, SEEDS

from careergap.errors import ValidationFailed
from careergap.library import (
    DEPARTS,
    HOLDS,
    Library,
    builtin_root,
    check_level_readings,
    load_library,
    rubric_words_in,
)
from careergap.normalize import key


def test_builtin_library_has_exactly_the_eleven_roles(library: Library) -> None:
    assert sorted(library.roles) == sorted(ROLE_IDS)


def test_library_is_loaded_from_the_installed_package() -> None:
    root = builtin_root()
    assert root.is_dir()
    assert any(entry.name == "skills.yaml" for entry in root.iterdir())


def test_council_ladder_is_linked_in_order(library: Library) -> None:
    for lower, higher in itertools.pairwise(ROLE_IDS[1:8]):
        assert [link.role for link in library.roles[lower].next] == [higher]
    assert library.roles["council-pro14"].next == ()


def test_levels_never_fall_up_the_council_ladder(library: Library) -> None:
    ladder = [library.roles[r] for r in ROLE_IDS[1:8]]
    for lower, higher in itertools.pairwise(ladder):
        for requirement in lower.requirements:
            above = higher.requirement_for(requirement.skill)
            if above is not None:
                assert above.level >= requirement.level, (lower.id, higher.id, requirement.skill)


def test_budget_management_rises_up_the_ladder(library: Library) -> None:
    levels = [library.roles[r].requirement_for("budget-management") for r in ROLE_IDS[1:8]]
    present = [r.level for r in levels if r is not None]
    assert present[0] <= 2 and present[-1] == 4


def test_shared_skills_appear_across_documents(library: Library) -> None:
    """The same competence in several documents is one skill id."""
    frameworks_per_skill: dict[str, set[str]] = {}
    for role in library.roles.values():
        for requirement in role.requirements:
            frameworks_per_skill.setdefault(requirement.skill, set()).add(role.framework)
    shared = [s for s, f in frameworks_per_skill.items() if len(f) >= 4]
    assert {"budget-management", "stakeholder-management", "risk-management"} <= set(shared)


def test_every_skill_has_an_action(library: Library) -> None:
    used = {r.skill for role in library.roles.values() for r in role.requirements}
    without = sorted(s for s in used if not library.actions_for_skill(s))
    assert without == []


def test_every_requirement_has_an_action_for_every_level_below_it_in_its_roles_framework(
    library: Library,
) -> None:
    """An action made for some levels only (`levels:`) or some frameworks only (`frameworks:`, ITIL for IT roles) is
    not offered elsewhere, so a person at any level below what a role asks has at least one next step suited to that
    role (found missing: budgets and reporting 3 -> 4 had none)."""
    without = [
        (role.id, r.skill, have)
        for role in library.roles.values()
        for r in role.requirements
        for have in range(r.level)
        if not any(
            (a.levels is None or have in a.levels) and (not a.frameworks or role.framework in a.frameworks)
            for a in library.actions_for_skill(r.skill)
        )
    ]
    assert without == []


def test_an_action_for_a_framework_no_role_has_is_reported(tmp_path: Path) -> None:
    """`frameworks:` names the roles' `framework`; a misspelt one would silently hide the action everywhere."""
    (tmp_path / "a.yaml").write_text(
        "actions:\n  - id: itil-course\n    title: ITIL course\n    kind: training\n"
        "    description: Learn ITIL.\n    skills: [continuous-improvement]\n    frameworks: [it-role-profil]\n"
        "    source: {inferred: a test}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as failed:
        load_library([tmp_path])
    (problem,) = failed.value.problems
    assert problem.file.endswith("a.yaml") and "frameworks" in str(problem)
    assert "did you mean it-role-profile" in problem.message


def test_no_alias_means_two_skills(library: Library) -> None:
    owners: dict[str, set[str]] = {}
    for skill in library.skills.values():
        for text in (skill.name, *skill.aliases, skill.id.replace("-", " ")):
            owners.setdefault(key(text), set()).add(skill.id)
    clashes = {k: v for k, v in owners.items() if len(v) > 1}
    assert clashes == {}


# --- provenance ---------------------------------------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _sources(library: Library):
    for role in library.roles.values():
        yield f"{role.id}", role.source
        if role.experience:
            yield f"{role.id}.experience", role.experience.source
        for r in role.requirements:
            yield f"{role.id}.{r.skill}", r.source
        for q in role.qualifications:
            yield f"{role.id}.{q.qualification}", q.source
        for link in (*role.next, *role.related):
            yield f"{role.id}->{link.role}", link.source
    for action in library.actions.values():
        yield f"action {action.id}", action.source
    for qualification in library.qualifications.values():
        if qualification.source:
            yield f"qualification {qualification.id}", qualification.source


def test_the_source_documents_ship_with_the_tests() -> None:
    """The five documents travel with the repository, so a fresh clone can check every quote."""
    assert sorted(p.name[:3] for p in SEEDS.glob("*.txt")) == ["000", "001", "002", "003", "004"]


def test_every_quote_appears_verbatim_in_its_source_document(library: Library) -> None:
    documents = {p.name: _norm(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")}
    bad = []
    for where, source in _sources(library):
        if source.inferred is not None:
            assert source.inferred.strip(), where
            continue
        assert source.file in documents, f"{where}: unknown source file {source.file}"
        if _norm(source.quote or "") not in documents[source.file]:
            bad.append(f"{where}: {source.quote!r} not in {source.file}")
    assert bad == []


def test_quotes_are_brief(library: Library) -> None:
    long = [w for w, s in _sources(library) if s.quote and len(s.quote.split()) > 25]
    assert long == []


def test_every_role_document_is_used(library: Library) -> None:
    files = {role.source.file for role in library.roles.values() if role.source.file}
    assert files == {
        "000_515f258f94c360ee.txt",
        "001_e8ce2d04dad34389.txt",
        "002_8f8c7e7d32efc862.txt",
        "003_4f5e92d37e523e2f.txt",
        "004_6cddb4adb8a5d6d7.txt",
    }


def test_stated_levels_come_only_from_documents_that_state_depth(library: Library) -> None:
    for role in library.roles.values():
        for r in role.requirements:
            if r.level_source.stated is not None:
                assert role.source.file == "004_6cddb4adb8a5d6d7.txt", (role.id, r.skill)


# --- reading levels -----------------------------------------------------------------------

COUNCIL = ROLE_IDS[1:8]


def test_every_level_reading_names_a_rubric_word_of_its_level(library: Library) -> None:
    """LEVELS' rubric: a reading quotes a verb of its level, holds a lower grade's level, or says why it departs."""
    assert [p.format() for p in check_level_readings(library)] == []


def _stated_depths() -> dict[str, int]:
    """004's technical and other skills with their stated depth, read from the document itself."""
    depths = {"Familiar with": 2, "Proficient in": 3}
    text = (SEEDS / "004_6cddb4adb8a5d6d7.txt").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) >= 3 and cells[2] in depths:
            out[cells[0]] = depths[cells[2]]
    return out


def test_every_stated_depth_of_004_is_the_level_of_its_skill(library: Library) -> None:
    """A stated depth wins over a level read from the work activities ("Proficient in" Budgets is 3, not 4)."""
    depths = _stated_depths()
    assert len(depths) == 9
    by_key = {key(t): s.id for s in library.skills.values() for t in (s.name, *s.aliases)}
    role = library.roles["senior-digital-portfolio-manager"]
    wrong = []
    for title, depth in depths.items():
        skill_id = by_key.get(key(title))
        requirement = role.requirement_for(skill_id) if skill_id else None
        if requirement is None or requirement.level != depth or requirement.level_source.stated is None:
            wrong.append((title, skill_id, requirement and requirement.level))
    assert wrong == []


def test_a_held_level_equals_the_level_of_the_grade_below(library: Library) -> None:
    for lower, higher in itertools.pairwise(library.roles[r] for r in COUNCIL):
        for requirement in higher.requirements:
            if HOLDS in (requirement.level_source.inferred or ""):
                below = lower.requirement_for(requirement.skill)
                assert below is not None and below.level == requirement.level, (higher.id, requirement.skill)


def test_every_rise_up_the_council_ladder_quotes_a_rubric_word_of_its_new_level(library: Library) -> None:
    """A rise needs a stronger verb or a wider scope in the document: the words quoted in the reading (between
    single quotes) hold a rubric word of the new level, or the reading says why it departs from the rubric."""
    unsupported = []
    for lower, higher in itertools.pairwise(library.roles[r] for r in COUNCIL):
        for requirement in higher.requirements:
            below = lower.requirement_for(requirement.skill)
            if below is None or requirement.level <= below.level:
                continue
            reading = requirement.level_source.inferred or ""
            assert HOLDS not in reading, (higher.id, requirement.skill, reading)
            quoted = " ... ".join(re.findall(r"'([^']*)'", reading))
            if DEPARTS not in reading and not rubric_words_in(quoted, requirement.level):
                unsupported.append(
                    f"{higher.id} {requirement.skill} {below.level}->{requirement.level}: {reading}"
                )
    assert unsupported == []


# The one rule for carrying skills up the ladder: once a grade asks for a skill, every grade above does (a level
# never falls), unless 001 redefines the role so that the duty leaves it. Each drop names the words that say so.
DROPPED = {
    (
        "council-pro10",
        "project-support",
    ): "Role holders at this level will be professional/technical project managers",
}


def test_every_skill_is_carried_up_the_council_ladder_unless_the_text_redefines_the_role(
    library: Library,
) -> None:
    text = _norm((SEEDS / "001_e8ce2d04dad34389.txt").read_text(encoding="utf-8"))
    dropped = {
        (lower.id, r.skill)
        for lower, higher in itertools.pairwise(library.roles[r] for r in COUNCIL)
        for r in lower.requirements
        if higher.requirement_for(r.skill) is None
    }
    assert dropped == set(DROPPED)
    assert all(_norm(words) in text for words in DROPPED.values())


# "or technical training": an alternative that is not a qualification, so it cannot be a gate.
HEDGES = ("typically", "where relevant", "if required", "or technical training")


def test_council_qualification_gates_follow_the_wording(library: Library) -> None:
    """001 states PRO8-PRO10 qualifications plainly (a gate) and PRO11-PRO14's as 'Typically ...' or
    '(where relevant)' / '(if required)': hedged wording is desirable, plain wording essential."""
    for rid in COUNCIL:
        for q in library.roles[rid].qualifications:
            hedged = any(h in (q.source.quote or "").lower() for h in HEDGES)
            assert (q.importance == "desirable") == hedged, (rid, q.qualification, q.source.quote)


# --- own words, honest numbers -------------------------------------------------------------

RUN = 8  # words in a row shared with a source document that make a sentence a copy, not a paraphrase


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _descriptive_texts(library: Library):
    """Every field written in our own words (quotes and aliases are meant to match the sources, so not these)."""
    for role in library.roles.values():
        yield role.id, role.title
        yield role.id, role.summary
        if role.experience:
            yield f"{role.id}.experience", role.experience.description
        for r in role.requirements:
            yield f"{role.id}.{r.skill}", r.note
        for q in role.qualifications:
            yield f"{role.id}.{q.qualification}", q.note or ""
        for link in (*role.next, *role.related):
            yield f"{role.id}->{link.role}", link.note or ""
    for store in (library.skills, library.qualifications):
        for item in store.values():
            yield item.id, item.name
            yield item.id, item.description
    for action in library.actions.values():
        yield action.id, action.title
        yield action.id, action.description


def _source_runs() -> set[tuple[str, ...]]:
    runs: set[tuple[str, ...]] = set()
    for document in SEEDS.glob("*.txt"):
        words = _words(document.read_text(encoding="utf-8"))
        runs.update(tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1))
    return runs


def _copies(texts, runs: set[tuple[str, ...]]) -> list[str]:
    copied = []
    for where, text in texts:
        words = _words(text)
        if any(tuple(words[i : i + RUN]) in runs for i in range(len(words) - RUN + 1)):
            copied.append(f"{where}: {text}")
    return copied


def test_no_descriptive_field_copies_a_run_of_eight_words_from_a_source(library: Library) -> None:
    assert _copies(_descriptive_texts(library), _source_runs()) == []


def test_the_eight_word_check_catches_a_lightly_edited_copy() -> None:
    runs = _source_runs()
    lifted = "Manages allocated budgets and other resources (such as equipment or buildings) to deliver the agreed results."
    paraphrase = "Manages the equipment, buildings and other resources it is given so the agreed results are delivered."
    assert _copies([("lifted", lifted), ("own words", paraphrase)], runs) == [f"lifted: {lifted}"]


def test_inferred_years_of_experience_are_never_scored(library: Library) -> None:
    """A number no document states (the council's years by grade) is shown, not scored."""
    for role in library.roles.values():
        experience = role.experience
        if experience is not None and experience.years is not None and experience.source.is_inferred:
            assert experience.scored is False, role.id


def test_grade_labels_are_unambiguous(library: Library) -> None:
    """Two roles from different frameworks never share a grade label ("Level 6" was both RQF and SFIA)."""
    by_label: dict[str, set[str]] = {}
    for role in library.roles.values():
        if role.grade:
            by_label.setdefault(role.grade.lower(), set()).add(role.framework)
    assert {label: f for label, f in by_label.items() if len(f) > 1} == {}


# --- one id per thing -----------------------------------------------------------------------

MERGED = {  # old id -> the skill that now holds it (its name stays an alias, so people's phrases still land)
    "work-estimation": "project-planning",
    "follow-up-and-monitoring": "project-planning",
    "cost-benefit-analysis": "business-case",
    "providing-direction": "people-management",
}


def test_merged_skills_are_gone_and_their_names_land_on_the_survivor(library: Library) -> None:
    names = {
        "work-estimation": "Estimating effort and duration",
        "follow-up-and-monitoring": "Follow-up and monitoring",
        "cost-benefit-analysis": "Cost-benefit analysis",
        "providing-direction": "Providing direction and delegation",
    }
    for old, new in MERGED.items():
        assert old not in library.skills
        assert key(names[old]) in {key(a) for a in library.skills[new].aliases}


def test_esco_and_it_project_managers_compare_on_planning_stakeholders_and_leadership(
    library: Library,
) -> None:
    """003's description schedules, directs people and informs stakeholders: the same ids 002 uses."""
    shared = {"project-planning", "stakeholder-management", "team-leadership"}
    for rid in ("esco-ict-project-manager", "it-project-manager"):
        assert shared <= {r.skill for r in library.roles[rid].requirements}, rid


def test_methods_are_related_to_the_methods_umbrella(library: Library) -> None:
    """ESCO's named models are narrower skills of pm-methods-and-tools, not a second copy of it."""
    narrower = set(library.narrower("pm-methods-and-tools"))
    assert {"agile-delivery", "lean-project-management", "systems-development-life-cycle"} <= narrower
    assert "waterfall-development" in library.narrower("systems-development-life-cycle")
