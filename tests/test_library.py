"""The built-in library: it ships in the package, holds the eleven roles, and is internally consistent."""

from __future__ import annotations

import itertools
import re

import pytest
from conftest import ROLE_IDS, SEEDS

from careergap.library import Library, builtin_root
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
