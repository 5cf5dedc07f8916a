"""How figures are rounded and headlined: a half up on the decimal a person reads (86.25 is 86.3, as a coach working
the README's arithmetic by hand writes it), the same in the JSON and every view; and a headline score says how much
of the role it rests on ("100.0 / 100" on one skill of a role of twenty read as perfect)."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest

from careergap import scoring
from careergap.scoring import half_up, one_decimal, percent, rounded

SRC = "source: {inferred: x}"


def _req(skill: str, level: int, importance: str) -> str:
    return (
        f"      - {{skill: {skill}, level: {level}, importance: {importance}, note: n, {SRC}, "
        "level_source: {stated: 'Proficient in'}}\n"
    )


# Known weight 20 (six essentials at 3, two desirables at 1), credit 17.25: score 100 x 17.25 / 20 = 86.25 exactly.
# Lines: four essentials met (15 points each), an essential 3 of 4 (3 x 3/4 = 2.25: 11.25 points), an essential 1 of
# 2 (7.5), a desirable met (5.0) and a desirable 1 of 2 (2.5).
LINES = (
    ("acme-a", "Yak wrangling", 2, "essential", 2),
    ("acme-b", "Goat herding", 2, "essential", 2),
    ("acme-c", "Llama shearing", 2, "essential", 2),
    ("acme-d", "Alpaca grooming", 2, "essential", 2),
    ("acme-e", "Camel riding", 4, "essential", 3),
    ("acme-f", "Sheep counting", 2, "essential", 1),
    ("acme-g", "Ox ploughing", 2, "desirable", 2),
    ("acme-h", "Mule packing", 2, "desirable", 1),
)
ROLE = (
    "skills:\n"
    + "".join(f"  - {{id: {sid}, name: {name}, kind: skill, description: d}}\n" for sid, name, *_ in LINES)
    + "roles:\n  - id: acme-tie\n    title: Tie keeper\n    framework: acme\n    grade: B1\n    summary: s\n"
    + f"    {SRC}\n    requirements:\n"
    + "".join(_req(sid, need, importance) for sid, _, need, importance, _ in LINES)
)


def _files(tmp_path: Path, rated: tuple[tuple[str, str, int, str, int], ...]) -> tuple[Path, Path]:
    roles = tmp_path / "org"
    roles.mkdir(exist_ok=True)
    (roles / "tie.yaml").write_text(ROLE, encoding="utf-8")
    skills = "".join(f"  {name}: {have}\n" for _, name, _, _, have in rated)
    profile = tmp_path / "kim.yaml"
    profile.write_text(f"name: Kim\nskills:\n{skills}", encoding="utf-8")
    return roles, profile


def _analyse(cli, roles: Path, profile: Path, *more: str):
    result = cli("--no-semantic", "analyse", profile, "--roles-dir", roles, "--role", "acme-tie", *more)
    assert result.exit_code == 0, result.stderr
    return result.stdout


# ----------------------------------------------------------------------------------------------- the rule
def test_the_docstring_examples_of_the_rounding_rule_hold() -> None:
    failed, tried = doctest.testmod(scoring)
    assert tried >= 4 and failed == 0


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (86.25, 1, "86.3"),  # exact in binary: round() gave 86.2 (half to even)
        (11.25, 1, "11.3"),
        (0.05, 1, "0.1"),  # 0.05000000000000000277 in binary, but 0.05 as written
        (2.675, 2, "2.68"),  # 2.67499999999999982236... in binary: round() gave 2.67
        (86.24999999999999, 1, "86.3"),  # float noise under a sum that is 86.25 by hand
        (86.24, 1, "86.2"),
        (99.95, 1, "100.0"),
        (12.5, 0, "13"),
        (0.0625, 3, "0.063"),
        (-0.25, 1, "-0.3"),  # a fall in score rounds as a rise does, away from zero
        (-0.04, 1, "0.0"),  # never "-0.0"
    ],
)
def test_a_half_rounds_up_on_the_decimal_a_person_reads(value: float, digits: int, expected: str) -> None:
    assert str(half_up(value, digits)) == expected
    if value >= 0:  # rounded() serves the figures a report stores, never negative
        assert rounded(value, digits) == float(expected)


def test_the_display_helpers_use_the_same_rule() -> None:
    assert (one_decimal(86.25), one_decimal(100.0), one_decimal(0.0)) == ("86.3", "100.0", "0.0")
    assert (percent(0.125), percent(0.075), percent(0.08), percent(1.0)) == ("13%", "8%", "8%", "100%")


# ----------------------------------------------------------------------------------------------- a report
def test_a_score_of_exactly_86_25_reads_86_3_in_every_format_and_the_json(cli, tmp_path: Path) -> None:
    """The coach's case: credit 17.25 on known weight 20. The score, the points of the 3-of-4 line (11.25) and the
    total row all round half up, the JSON carries the same 86.3, and the points still add up to the score."""
    roles, profile = _files(tmp_path, LINES)
    data = json.loads(_analyse(cli, roles, profile, "-f", "json"))
    (a,) = data["assessments"]
    assert (a["known_weight"], a["credit"], a["score"]) == (20.0, 17.25, 86.3)
    points = {r["skill"]: r["contribution"] for r in a["requirements"]}
    assert points["acme-e"] == 11.3 and points["acme-f"] == 7.5
    assert round(sum(points.values()), 1) == 86.3

    table = " ".join(_analyse(cli, roles, profile).split())
    assert "86.3 / 100 on what you rated (100% of the role)" in table and "86.2" not in table
    assert "11.3" in table and "11.2" not in table
    markdown = _analyse(cli, roles, profile, "-f", "markdown")
    assert "**86.3 / 100 on the 100% of Tie keeper that the profile rates**" in markdown
    assert "| **total** |  |  |  | **86.3** |  |" in markdown
    assert "| Camel riding | essential | partial | 3/4 | 11.3 |" in markdown
    page = _analyse(cli, roles, profile, "-f", "html")
    assert "86.3 / 100 on what was rated (100% of the role)" in page and "86.2" not in page
    csv_text = _analyse(cli, roles, profile, "-f", "csv")
    assert ",86.3," in csv_text and ",11.3," in csv_text and "86.2" not in csv_text


# ----------------------------------------------------------------------------------------------- the headline
def test_a_full_score_on_one_skill_says_how_little_of_the_role_it_rests_on(cli, tmp_path: Path) -> None:
    """One essential rated (weight 3 of 20): the headline is not a bare "100.0 / 100", in any format, and the share
    is the report's own coverage figure."""
    roles, profile = _files(tmp_path, LINES[:1])
    (a,) = json.loads(_analyse(cli, roles, profile, "-f", "json"))["assessments"]
    assert (a["score"], a["coverage"]) == (100.0, 0.15)
    table = " ".join(_analyse(cli, roles, profile).split())
    assert "Score 100.0 / 100 on what you rated (15% of the role)" in table
    assert "coverage 15% of the role's weight" in table
    markdown = _analyse(cli, roles, profile, "-f", "markdown")
    assert "- **Score:** 100.0 / 100 on what was rated (15% of the role)" in markdown
    assert "scores **100.0 / 100 on the 15% of Tie keeper that the profile rates**" in markdown
    assert "100.0 / 100**" not in markdown
    page = _analyse(cli, roles, profile, "-f", "html")
    assert "<dd>100.0 / 100 on what was rated (15% of the role)</dd>" in page


PAT = Path(__file__).parent.parent / "examples" / "pat-pro8.yaml"


def test_next_and_path_give_each_score_with_its_share_of_the_role(cli) -> None:
    nxt = json.loads(cli("next", PAT, "-f", "json").stdout)
    current = nxt["current"]
    text = " ".join(cli("next", PAT).stdout.split())
    assert (
        f"{current['score']:.1f} / 100 on what was rated ({percent(current['coverage'])} of the role)" in text
    )
    for option in nxt["options"]:
        a = option["assessment"]
        assert (
            f"{one_decimal(a['score'])} / 100 on what was rated ({percent(a['coverage'])} of the role)"
            in text
        )

    path = json.loads(cli("path", PAT, "--to", "council-pro11", "-f", "json").stdout)
    markdown = cli("path", PAT, "--to", "council-pro11", "-f", "markdown").stdout
    for step in path["steps"]:
        assert f"| {one_decimal(step['score'])} on {percent(step['coverage'])} |" in markdown
    assert "score on N%: out of 100 on what was rated" in markdown
