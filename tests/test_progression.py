"""The progression graph, next steps, paths and role diffs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES

from careergap import progression
from careergap.errors import CareergapError
from careergap.library import load_library
from careergap.models.profile import Profile

PAT = EXAMPLES / "pat-pro8.yaml"
ALEX = EXAMPLES / "alex-pro10.yaml"


def test_council_ladder_is_the_longest_ladder(library) -> None:
    g = progression.graph(library)
    assert g.ladders[0] == [f"council-pro{n}" for n in range(8, 15)]
    assert any(e.inferred and e.kind == "related" for e in g.edges)


def test_ladders_past_the_cap_are_said_to_be_cut_short(library, monkeypatch: pytest.MonkeyPatch) -> None:
    from careergap.render.document import to_markdown
    from careergap.render.progression import graph_blocks

    whole = progression.graph(library)
    assert whole.ladders_complete and len(whole.ladders) > 1
    assert "Only the first" not in to_markdown(graph_blocks(whole))
    monkeypatch.setattr(progression, "MAX_LADDERS", 1)
    cut = progression.graph(library)
    assert not cut.ladders_complete and len(cut.ladders) == 1 and cut.edges == whole.edges
    assert "Only the first 1 ladders are listed (`MAX_LADDERS`)" in to_markdown(graph_blocks(cut))
    monkeypatch.setattr(
        progression, "MAX_LADDERS", len(whole.ladders)
    )  # exactly all of them: nothing was cut
    assert progression.graph(library).ladders_complete


def test_promotion_route_pro8_to_pro14_is_six_steps(library) -> None:
    route = progression.promotion_route(library, "council-pro8", "council-pro14")
    assert route is not None and len(route) - 1 == 6


def test_top_of_ladder_has_no_next_step(analyser) -> None:
    report = analyser.next_steps(Profile(name="T", skills={"budget management": 4}), "council-pro14")
    assert all(o.kind == "related" for o in report.options)
    assert any("top of its ladder" in n for n in report.notes)


def test_cycles_are_rejected(write) -> None:
    role = """
roles:
  - id: {id}
    title: T
    framework: f
    summary: s
    source: {{inferred: x}}
    requirements:
      - {{skill: budget-management, level: 2, importance: essential, note: n, source: {{inferred: x}}, level_source: {{inferred: x}}}}
    next:
      - {{role: {nxt}, source: {{inferred: x}}}}
"""
    write("c/a.yaml", role.format(id="aa", nxt="bb"))
    write("c/b.yaml", role.format(id="bb", nxt="cc"))
    path = write("c/c.yaml", role.format(id="cc", nxt="aa"))
    with pytest.raises(CareergapError) as info:
        load_library([path.parent])
    assert "cycle: aa -> bb -> cc -> aa" in "\n".join(info.value.lines())


def test_unreachable_target_falls_back_to_a_lateral_route(analyser) -> None:
    report = analyser.path(
        Profile(name="U", skills={"budget management": 2}), "it-project-manager", "council-pro8"
    )
    assert not report.reachable_by_promotion
    assert report.steps[-1].role_id == "it-project-manager"
    assert any(s.via == "related" for s in report.steps)
    assert any("not on a promotion ladder" in n for n in report.notes)


def test_path_cli_pro8_to_pro14(cli) -> None:
    result = cli("path", PAT, "--to", "council-pro14")
    assert result.exit_code == 0, result.stderr
    assert "6 steps" in result.stdout
    data = json.loads(cli("path", PAT, "--to", "council-pro14", "--format", "json").stdout)
    assert [s["role_id"] for s in data["steps"]] == [f"council-pro{n}" for n in range(8, 15)]
    budget = next(g for g in data["growth"] if g["skill"] == "budget-management")
    assert budget["have"] == 1 and budget["need"]["council-pro14"] == 4 and budget["to_gain"] == 3
    assert all("score" in s and "verdict" in s for s in data["steps"])
    md = cli("path", PAT, "--to", "council-pro14", "--format", "markdown").stdout
    assert "## Growth per skill" in md
    # each step lists the gaps first met there; a step with none says where its gaps are instead of vanishing
    listed = [g["skill"] for s in data["steps"] for g in s["new_gaps"]]
    assert len(listed) == len(set(listed))
    last = data["steps"][-1]
    assert (last["new_gaps"], last["essential_gaps"] > 0) == ([], True)
    assert "### Step 6: no gap new at Senior programme manager (PRO14)" in md
    assert "the most important gaps for" not in md
    # known gains first; an unrated skill's gain is not known, so "up to" its peak, after them
    known = [g["have"] is not None for g in data["growth"]]
    assert known == sorted(known, reverse=True) and not all(known)
    unrated = next(g for g in data["growth"] if g["have"] is None and g["to_gain"])
    assert f"| {unrated['skill_name']} | unrated |" in md and f"| up to {unrated['to_gain']} |" in md


def test_next_from_pro10_offers_pro11_with_gaps_and_actions(cli) -> None:
    data = json.loads(cli("next", ALEX, "--format", "json").stdout)
    assert data["from_role"] == "council-pro10"
    promotions = [o for o in data["options"] if o["kind"] == "next"]
    assert [o["assessment"]["role_id"] for o in promotions] == ["council-pro11"]
    assert promotions[0]["assessment"]["gaps"] and promotions[0]["actions"]
    assert all(g["actions"] for g in promotions[0]["assessment"]["gaps"])
    # issue 15 dropped PRO10's "lateral" move to the apprenticeship: it was a move up on an unsupported claim
    assert all(o["assessment"]["role_id"] != "apprenticeship-project-manager-l6" for o in data["options"])
    assert "Promotion: Project manager (PRO11) (council-pro11)" in cli("next", ALEX).stdout


def test_roles_diff_pro10_pro11(cli) -> None:
    data = json.loads(cli("roles", "diff", "council-pro10", "council-pro11", "--format", "json").stdout)
    budget = next(c for c in data["rising"] if c["skill"] == "budget-management")
    assert budget["from_level"] == 2 and budget["to_level"] == 3
    assert data["same"] and (data["new"] or data["rising"])
    for fmt in ("table", "markdown"):
        assert (
            "council-pro11" in cli("roles", "diff", "council-pro10", "council-pro11", "--format", fmt).stdout
        )


@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "mermaid"])
def test_roles_graph_formats(cli, fmt: str) -> None:
    result = cli("roles", "graph", "--format", fmt)
    assert result.exit_code == 0
    if fmt == "mermaid":
        assert result.stdout.startswith("flowchart") and "council_pro8 --> council_pro9" in result.stdout
    if fmt == "json":
        assert json.loads(result.stdout)["ladders"]


def test_mermaid_draws_each_lateral_link_once(cli) -> None:
    """Both ESCO and IT project manager list each other as related (sourced), and the apprenticeship and PRO11 link
    each other by inference: an undirected dotted line per pair, labelled inferred only when neither side cites."""
    out = cli("roles", "graph", "--format", "mermaid").stdout
    dotted = [line.split() for line in out.splitlines() if " -.-" in line]
    pairs = [frozenset((words[0], words[-1])) for words in dotted]
    assert len(pairs) == len(set(pairs)) and pairs
    assert "  esco_ict_project_manager -.- it_project_manager" in out.splitlines()
    assert "it_project_manager -.- esco_ict_project_manager" not in out
    assert "  apprenticeship_project_manager_l6 -.-|inferred| council_pro11" in out.splitlines()
    assert "council_pro11 -.-" not in out


def test_path_to_unknown_role(cli) -> None:
    result = cli("path", PAT, "--to", "council-pro15")
    assert result.exit_code == 1 and "did you mean" in result.stderr


def test_path_to_a_role_nothing_links_to_is_a_clear_error(cli, write) -> None:
    island = write(
        "org/island.yaml",
        """
roles:
  - id: acme-island
    title: Island role
    framework: acme
    summary: Linked to nothing.
    source: {inferred: "test"}
    requirements:
      - {skill: budget-management, level: 2, importance: essential, note: n, source: {inferred: x}, level_source: {inferred: x}}
""",
    )
    result = cli("path", PAT, "--to", "acme-island", "--roles-dir", island.parent)
    assert result.exit_code == 1
    assert "acme-island cannot be reached from council-pro8" in result.stderr
    assert "council-pro14" in result.stderr  # names the roles that can be reached


def test_a_role_title_cannot_inject_into_a_mermaid_graph(cli, tmp_path) -> None:
    import doctest

    from careergap.render import progression as render_progression

    assert doctest.testmod(render_progression).failed == 0
    role = (Path(__file__).resolve().parents[1] / "data" / "roles" / "council-pro10.yaml").read_text(
        encoding="utf-8"
    )
    evil = 'Evil "] \\n click x "javascript:alert(1)" <script>'
    (tmp_path / "r.yaml").write_text(
        role.replace("council-pro10", "acme-evil").replace(
            'title: "Project officer (PRO10)"', f"title: '{evil}'"
        ),
        encoding="utf-8",
    )
    out = cli("roles", "graph", "--format", "mermaid", "--roles-dir", tmp_path).stdout
    (line,) = [line for line in out.splitlines() if line.strip().startswith("acme_evil[")]
    assert '"]' not in line[:-2] and "<" not in line and line.endswith('"]')


def test_next_says_now_only_for_the_role_the_person_holds(cli, write) -> None:
    """A graduate with a target role and no job was told 'Now Project support officer'; and a promotion with every
    essential unrated read 'Essential gaps 0'."""
    held = cli("next", ALEX, "-f", "markdown").stdout
    assert "- **Now:** Project officer (PRO10)" in held
    aiming = write("g.yaml", "name: Ellie\ntarget_role: council-pro8\nskills:\n  communication: 3\n")
    data = json.loads(cli("next", aiming, "-f", "json").stdout)
    assert data["from_basis"] == "target_role"
    md = cli("next", aiming, "-f", "markdown").stdout
    assert "- **From:** Project support officer (PRO8) (`council-pro8`): your target role" in md
    assert "**Now:**" not in md
    promotion = data["options"][0]["assessment"]
    unrated = len(promotion["unrated_essentials"])
    assert unrated and f"- **Essential gaps:** {promotion['essential_gaps']} known, {unrated} not rated" in md


def test_path_from_a_target_is_a_start_not_now_and_lists_how_many_more_gaps(cli, write) -> None:
    """A business analyst with only a target was shown 'council-pro11 -> council-pro11, 0 steps' with the target on a
    row labelled 'now'; and each step listed at most 4 gaps with nothing to say more were first met there."""
    aiming = write("s.yaml", "name: Sam\ntarget_role: council-pro11\nskills:\n  budget mgmt: 1\n  risk: 1\n")
    result = cli("path", aiming, "--to", "council-pro11", "-f", "markdown")
    assert "the route starts at council-pro11 itself (target role), so it has no steps" in result.stderr
    assert "| start | `council-pro11` |" in result.stdout and "| now |" not in result.stdout
    data = json.loads(cli("path", aiming, "--to", "council-pro12", "-f", "json").stdout)
    assert data["from_basis"] == "target_role"
    first = data["steps"][0]
    assert len(first["new_gaps"]) == 4 and first["more_new_gaps"] > 0
    md = " ".join(cli("path", aiming, "--to", "council-pro12", "-f", "markdown").stdout.split())
    assert (
        f"and {first['more_new_gaps']} more: careergap analyse" in md
        and "--role council-pro11 lists them all" in md
    )
    held = cli("path", PAT, "--to", "council-pro10", "-f", "markdown").stdout
    assert "| now | `council-pro8` |" in held


def test_a_path_step_counts_the_unrated_essentials_beside_its_known_gaps(cli, write) -> None:
    """A coach's client rated three skills: path showed 'essential gaps 0' at PRO8, PRO9 and PRO10 over 11 to 19
    essentials nobody had rated, which read as three steps with nothing missing."""
    profile = write("k.yaml", "name: Kerry\ncurrent_role: council-pro8\nskills:\n  budget mgmt: 2\n")
    data = json.loads(cli("path", profile, "--to", "council-pro10", "-f", "json").stdout)
    start = data["steps"][0]
    assert start["unrated_essentials"] > 0
    table = cli("path", profile, "--to", "council-pro10", "-f", "markdown").stdout
    row = next(line for line in table.splitlines() if line.startswith("| now |"))
    assert row.rstrip().endswith(f"| {start['essential_gaps']} (+{start['unrated_essentials']}) |"), row
    assert "essential lines not rated" in table
    # the caption's key is read off the table, not a fixed example (a blind coach saw "0 (+11)" under other rows)
    legend = f"essential gaps {start['essential_gaps']} (+{start['unrated_essentials']}): {start['essential_gaps']} known"
    assert legend in " ".join(table.split()), table
