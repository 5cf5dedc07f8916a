"""The Python API (`careergap.score_profile`) and the fast Scorer behind batch runs, checked against the Analyser."""

from __future__ import annotations

import json
import pickle
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import EXAMPLES

import careergap
from careergap.analysis import Analyser
from careergap.api import Scorer, default_scorer, score_profile
from careergap.errors import UnknownIdError
from careergap.library import Library
from careergap.models.profile import Profile

TEAM = EXAMPLES / "team-long.csv"

ALEX = {
    "name": "Alex Morgan",
    "target_role": "council-pro11",
    "years_experience": 4,
    "qualifications": ["PRINCE2 Foundation"],
    "skills": {
        "budget mgmt": 3,
        "stakeholder engagement": "proficient",
        "risk management": 2,
        "Java programming": 3,
    },
}


@pytest.fixture(scope="module")
def scorer(analyser: Analyser) -> Scorer:
    return Scorer(analyser=analyser)


def test_score_profile_is_exported_from_the_package() -> None:
    assert careergap.score_profile is score_profile
    assert "score_profile" in careergap.__all__


def test_importing_careergap_loads_nothing_heavy() -> None:
    code = "import sys, careergap; print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'rapidfuzz', 'yaml')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_score_profile_uses_the_target_role_and_returns_plain_json(library: Library) -> None:
    result = score_profile(ALEX, library=library)
    assert result["person"] == "Alex Morgan"
    assert (result["role_id"], result["role_basis"], result["rank"]) == ("council-pro11", "target_role", None)
    assert result["scored"] is True and 0 < result["score"] < 100
    assert result["verdict"] in ("ready", "nearly", "stretch", "not yet", "unknown")
    assert 0 < result["coverage"] < 1 and result["unrated_essentials"]
    assert result["unmatched"] == ["Java programming"]
    gap = result["gaps"][0]
    assert set(gap) == {"skill", "skill_name", "importance", "have", "need", "status", "priority"}
    rated = [g["priority"] for g in result["gaps"] if g["have"] is not None]
    unrated = [g["priority"] for g in result["gaps"] if g["have"] is None]
    assert rated == sorted(rated, reverse=True) and unrated == sorted(unrated, reverse=True)
    assert [g["have"] is None for g in result["gaps"]] == [False] * len(rated) + [True] * len(unrated)
    assert json.loads(json.dumps(result)) == result


@pytest.mark.parametrize(
    ("extra", "why"),
    [
        ({"qualifications": ["PRINCE2 Practitioner", "BSc Maths"]}, "no skill levels were given"),
        ({"years_experience": 3, "skills": {"zzqx frobnication": 2}}, "the one skill given matched nothing"),
    ],
)
def test_no_rated_skill_is_not_scored_whatever_else_is_given(library: Library, extra: dict, why: str) -> None:
    """Two awards scored alone gave 100 on 2% of a role and years alone 0.0 on 0%, both read as a verdict."""
    result = score_profile({"name": "Tom", "target_role": "council-pro11", **extra}, library=library)
    assert result["scored"] is False and result["score"] is None
    assert result["role_basis"] == "target_role"  # where the role comes from, though no score is given
    assert any(why in n for n in result["notes"]), result["notes"]
    if len(extra) > 1 or "qualifications" in extra:
        assert any("qualifications and experience alone are not scored" in n for n in result["notes"])


def test_skills_read_but_not_rated_are_not_called_unmatched(library: Library) -> None:
    result = default_scorer(library).score("Tom", [("budget management", None)], target_role="council-pro11")
    assert not result.scored and result.unmatched == ()
    assert result.notes == ("not scored: the skills given have no level",)


def test_score_profile_with_a_role_and_with_every_role(library: Library) -> None:
    given = score_profile(ALEX, "council-pro10", library)
    assert (given["role_id"], given["role_basis"]) == ("council-pro10", "given")
    ranked = score_profile(Profile.model_validate(ALEX), library=library, all_roles=True)
    ranking = ranked["ranking"]
    assert len(ranking) == len(library.roles) and [r["rank"] for r in ranking] == list(
        range(1, len(ranking) + 1)
    )
    keys = [-r["match"] for r in ranking]
    assert keys == sorted(keys)
    assert ranked["role_id"] == ranking[0]["role_id"] and ranked["role_basis"] == "all_roles"
    assert next(r for r in ranking if r["role_id"] == "council-pro10")["score"] == given["score"]
    json.dumps(ranked)  # no cycles, plain data


def test_no_target_or_current_role_means_the_best_fit(library: Library) -> None:
    person = {"name": "Kim", "skills": {"budget management": 3, "stakeholder engagement": 3}}
    result = score_profile(person, library=library)
    best = score_profile(person, library=library, all_roles=True)["ranking"][0]
    assert (result["role_basis"], result["rank"], result["role_id"]) == ("best_fit", 1, best["role_id"])
    assert any("best fit" in note for note in result["notes"])


def test_the_current_role_is_used_when_there_is_no_target(library: Library) -> None:
    person = {"name": "Kim", "current_role": "council-pro13", "skills": {"budget management": 3}}
    result = score_profile(person, library=library)
    assert (result["role_id"], result["role_basis"]) == ("council-pro13", "current_role")
    with_target = score_profile({**person, "target_role": "council-pro14"}, library=library)
    assert (with_target["role_id"], with_target["role_basis"]) == ("council-pro14", "target_role")


def test_an_unknown_target_role_is_an_error_with_suggestions(library: Library) -> None:
    """The same rule as `analyse`: an id that is not a role is never silently replaced by another role."""
    with pytest.raises(UnknownIdError) as caught:
        score_profile({**ALEX, "target_role": "council-pro99"}, library=library)
    assert "council-pro9" in (caught.value.hint or "")
    with pytest.raises(UnknownIdError) as caught:  # was silently ignored beside a valid target_role
        score_profile({**ALEX, "current_role": "council-pro1O"}, library=library)
    assert "council-pro10" in (caught.value.hint or "")
    # printed by a script (as the engine examples do), it says where the id was and the closest ids
    assert str(caught.value).startswith(
        "current_role: unknown role id 'council-pro1O'; did you mean council-pro10"
    )


def test_bad_input_raises_and_an_empty_person_comes_back_unscored(library: Library) -> None:
    with pytest.raises(UnknownIdError) as caught:
        score_profile(ALEX, "council-pro99", library)
    assert "council-pro9" in (caught.value.hint or "")
    with pytest.raises(ValueError, match=r"skills\.budget: 'expertt' is not a level"):
        score_profile({"name": "X", "skills": {"budget": "expertt"}}, library=library)
    empty = score_profile({"name": "Nobody", "skills": {"Java": 3, "football coaching": 2}}, library=library)
    assert empty["scored"] is False and empty["score"] is None and empty["verdict"] is None
    assert empty["unmatched"] == ["Java", "football coaching"]
    assert "none of the 2 skills given matched" in empty["notes"][0]


def test_the_rating_can_be_chosen(library: Library) -> None:
    person = {"name": "Sam", "skills": [{"name": "budgeting", "level": 1, "manager_level": 3}]}
    self_rated = score_profile(person, "council-pro11", library)
    by_manager = score_profile(person, "council-pro11", library, rater="manager")
    assert by_manager["score"] > self_rated["score"]


def test_the_default_scorer_is_built_once_and_is_safe_across_threads() -> None:
    first = default_scorer()
    assert default_scorer() is first
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda i: score_profile({**ALEX, "name": f"p{i}"})["score"], range(40)))
    assert len(set(results)) == 1
    pickle.dumps(score_profile)  # a plain function: ships to Dask/Spark workers as is


def test_each_distinct_phrase_is_resolved_once(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    scorer = Scorer(library)
    calls: list[str] = []
    original = scorer.analyser.resolver.skill

    def counting(phrase: str):  # type: ignore[no-untyped-def]
        calls.append(phrase)
        return original(phrase)

    monkeypatch.setattr(scorer.analyser.resolver, "skill", counting)
    phrases = ["budget mgmt", "stakeholder engagement", "risk mgmt", "Java"]
    for i in range(300):
        scorer.score(f"p{i}", [(p, i % 5) for p in phrases], all_roles=True)
    assert sorted(calls) == sorted(phrases)


# ------------------------------------------------------------------------------------------------ exactness
def _random_profile(rng: random.Random, library: Library, i: int) -> Profile:
    skill_ids = sorted(library.skills)
    chosen = rng.sample(skill_ids, rng.randint(0, len(skill_ids)))
    phrases = [
        rng.choice([sid, sid.replace("-", " "), library.skills[sid].name, *library.skills[sid].aliases[:2]])
        for sid in chosen
    ]
    if len(phrases) > 3 and rng.random() < 0.5:  # one line naming two skills (Resolver.also_skills)
        phrases[:2] = [f"{phrases[0]} and {phrases[1]}"]
    data: dict[str, object] = {
        "name": f"person {i}",
        "skills": [{"name": p, "level": rng.randint(0, 4)} for p in phrases] + [{"name": "Java", "level": 3}],
        "qualifications": rng.sample([q.name for q in library.qualifications.values()], rng.randint(0, 3)),
        "years_experience": rng.choice([None, 0, 0.5, 2, 3.7, 6, 12]),
    }
    if rng.random() < 0.25:
        data["not_applicable"] = {rng.choice(skill_ids): "done by another team"}
    return Profile.model_validate(data)


def test_the_fast_scorer_agrees_with_the_analyser_on_every_role(
    scorer: Scorer, analyser: Analyser, library: Library
) -> None:
    """Score, verdict, gates, counts, coverage and the gap order match scoring.assess exactly, profile by profile."""
    rng = random.Random(2024)
    compared = 0
    for i in range(250):
        profile = _random_profile(rng, library, i)
        resolution = analyser.resolve(profile)
        fast = scorer.score_profile(profile, all_roles=True)
        if resolution.profile.is_empty:
            assert not fast.scored
            continue
        slow = analyser.rank(resolution.profile)
        assert [a.role_id for a in slow] == [r.role_id for r in fast.results]
        for a, r in zip(slow, fast.results, strict=True):
            assert (r.score, r.verdict, r.gates_passed, r.essential_gaps, r.unrated, r.coverage, r.match) == (
                a.score,
                a.verdict,
                a.gates_passed,
                a.essential_gaps,
                a.unrated,
                a.coverage,
                a.match,
            ), (i, a.role_id)
            assert [(g.skill, g.have, g.need, g.priority, g.essential) for g in r.gaps] == [
                (g.skill, g.have, g.required, g.priority, g.importance == "essential") for g in a.gaps
            ]
            missing = [q.name for q in a.qualifications if q.status == "not held"]
            assert list(r.missing_qualifications) == missing
            compared += 1
    assert compared > 2000


def test_a_level_outside_the_scale_is_refused(scorer: Scorer) -> None:
    with pytest.raises(ValueError, match="not a whole number 0-4"):
        scorer.score("x", [("budget mgmt", 7)])


def test_a_qualification_it_cannot_read_is_listed_as_unmatched(scorer: Scorer) -> None:
    """Counted as not held, but said: a team's CSV never silently loses an award someone listed."""
    result = scorer.score(
        "Kim",
        [("budget mgmt", 3), ("zzqx wibble", 2)],
        qualifications=["Mental Health First Aider", "PRINCE2 Foundation", "mental health  first aider"],
    )
    assert result.unmatched == ("zzqx wibble", "Mental Health First Aider (qualification)")


def test_score_profile_says_what_it_was_given_wrong(library: Library) -> None:
    with pytest.raises(TypeError, match="load_profile"):
        score_profile("alex.yaml", library=library)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not NoneType"):
        score_profile(None, library=library)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="role id"):
        score_profile(ALEX, 5, library=library)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not both"):
        score_profile(ALEX, "council-pro11", library=library, all_roles=True)


@pytest.mark.parametrize(
    ("profile", "said"),
    [
        (
            {"name": "T", "skills": {"budget mgmt " + "x" * 10_000: 3}},
            "over the limit of 300 (MAX_PHRASE_CHARS)",
        ),
        (
            {
                "name": "T",
                "skills": [{"name": "Setting the annual budget", "level": 2, "skill": "budget-mgmt"}],
            },
            "skills[0].skill: 'budget-mgmt' is not a skill id in the library; did you mean budget-management",
        ),
    ],
)
def test_a_mapping_gets_the_checks_a_profile_file_gets(library: Library, profile: dict, said: str) -> None:
    """The API took 18 s over a 10,000-character phrase (minutes for longer: the engines pass untrusted cells),
    scored a mistyped stated id by fuzzy matching and ignored an unknown current_role; a file with the same
    content is refused at once."""
    from careergap.errors import ProfileDataError

    with pytest.raises(ProfileDataError) as caught:
        score_profile(profile, library=library)
    assert said in str(caught.value) and caught.value.problems


def test_a_mapping_reads_dates_and_repeated_skills_as_a_file_does(library: Library, tmp_path) -> None:
    """An unquoted date (as assess writes it) was refused; a skill written twice kept the highest level in the API
    and the last in a file (66.7 against 100.0): the file's rule, the last stands, now holds for both."""
    import datetime as dt

    import yaml

    from careergap.profiles import load_profile

    dated = {"name": "T", "assessed_on": dt.date(2024, 3, 1), "skills": {"budget mgmt": 3}}
    assert score_profile(dated, library=library)["scored"] is True
    skills = [
        {"name": "budget mgmt", "level": 3},
        {"name": "Budget  Mgmt", "level": 1},
        {"name": "risk management", "level": 3},
    ]
    person = {"name": "T", "target_role": "council-pro11", "skills": skills}
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(person), encoding="utf-8")
    from_file = Analyser(library).analyse(load_profile(path), "council-pro11").assessments[0].score
    assert score_profile(person, library=library)["score"] == from_file


@pytest.mark.parametrize(
    ("call", "error", "said"),
    [
        (lambda s: s.score("A", [("budget mgmt", 3.0)]), ValueError, "not a whole number 0-4"),
        (lambda s: s.score("A", [("budget mgmt", True)]), ValueError, "not a whole number 0-4"),
        (lambda s: s.score("A", [("budget mgmt", 3)], qualifications="PRINCE2"), TypeError, "not one text"),
        (
            lambda s: s.score("A", [("budget mgmt", 3)], years_experience=float("nan")),
            ValueError,
            "0 or more",
        ),
        (lambda s: s.score("A", [("budget mgmt", 3)], years_experience=-5), ValueError, "0 or more"),
        (lambda s: s.role_title("nope"), UnknownIdError, "unknown role id 'nope'"),
        (
            lambda s: score_profile({"name": "A", "skills": {"x": 3}}, rater="bogus"),
            ValueError,
            "rater must be",
        ),
        (
            lambda s: score_profile({"name": "A", "skills": {"x": 3}}, library="org"),
            TypeError,
            "load_library",
        ),
        (lambda s: careergap.score_team(TEAM, "council-pro11", all_roles=True), ValueError, "not both"),
        (lambda s: careergap.score_team(TEAM, processes=0), ValueError, "processes must be 1 or more"),
    ],
)
def test_arguments_of_the_wrong_kind_are_named(library: Library, call, error: type, said: str) -> None:
    """They met a KeyError or a bare AssertionError deep inside, or a silent wrong answer: True scored as level 1,
    'PRINCE2' read as seven one-letter awards, a role given with all_roles ignored."""
    with pytest.raises(error, match=said.replace("(", r"\(")):
        call(default_scorer(library))


def test_the_api_gives_the_notes_analyse_gives(library: Library, tmp_path) -> None:
    """Missing coach ratings, several phrases for one skill and a not_applicable entry that names nothing were said
    by analyse and silently passed over by the API (and so by batch and the engines)."""
    import yaml

    from careergap.profiles import load_profile

    person = {
        "name": "Kim",
        "target_role": "council-pro11",
        "skills": [
            {"name": "budget mgmt", "level": 3},
            {"name": "financial management", "level": 2, "coach_level": 2},
            {"name": "risk", "level": 2},
        ],
        "not_applicable": {"flying": "no"},
    }
    path = tmp_path / "k.yaml"
    path.write_text(yaml.safe_dump(person), encoding="utf-8")
    for rater in ("self", "coach"):
        analysed = Analyser(library).analyse(load_profile(path), rater=rater)
        said = [n for n in analysed.notes if not n.startswith("role taken")]
        assert said and score_profile(person, library=library, rater=rater)["notes"] == said
