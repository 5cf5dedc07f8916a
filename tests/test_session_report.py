"""The session report (`analyse --format markdown|html`), two views of one person, and the documented session."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

PROFILE = """
name: Alex Morgan
current_role: council-pro10
target_role: council-pro11
years_experience: 4
skills:
  - {name: budget mgmt, level: 2, coach_level: 4, evidence: "Tracked spend on a £400k refurbishment"}
  - {name: stakeholder engagement, level: 3, coach_level: 1}
  - {name: risk management, level: 3, coach_level: 2}
  - {name: project planning, level: 2}
  - {name: data analysis, level: 3}
actions: [Shadow the PRO11 on the depot project]
"""

SECTIONS = [
    "Strengths",
    "Gaps in priority order",
    "Talking points: ratings that differ by two levels or more",
    "Agreed actions",
    "Next steps",
    "Development actions",
    "Appendix: how the score was worked out",
]


@pytest.fixture
def profile(write) -> Path:
    return write("alex.yaml", PROFILE)


def headings(markdown: str) -> list[str]:
    return [line.lstrip("#").strip() for line in markdown.splitlines() if line.startswith("## ")]


def test_markdown_session_report_reads_top_down(cli, profile, tmp_path) -> None:
    out = tmp_path / "alex.md"
    result = cli(
        "analyse", profile, "--format", "markdown", "--output", out, "--actions", "Book a PRINCE2 course"
    )
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    text = out.read_text()
    assert text.startswith("# Alex Morgan: Project manager (PRO11) (`council-pro11`)")
    for field in (
        "**Date:**",
        "**Person:** Alex Morgan (now `council-pro10`)",
        "**Score:**",
        "**Verdict:**",
        "**Gates:**",
        "**Rated on:** the person's own ratings (self)",
    ):
        assert field in text, field
    order = [h for h in headings(text) if h in SECTIONS]
    assert order == SECTIONS  # the appendix comes last, after everything a coach talks about
    assert "- [ ] Shadow the PRO11 on the depot project\n- [ ] Book a PRINCE2 course" in text
    assert "**Budget and financial management**" not in text.split("## Strengths")[1].split("## Gaps")[0]
    assert "**Risk management**: 3 proficient (this role asks for 3)" in text


def test_gaps_are_listed_in_priority_order(cli, profile) -> None:
    text = cli("analyse", profile, "--format", "markdown").stdout
    gap_rows = text.split("## Gaps in priority order")[1].split("\n\n")[1].splitlines()[2:]
    rated = [float(row.split("|")[6]) for row in gap_rows if "not rated" not in row]
    unrated = [float(row.split("|")[6]) for row in gap_rows if "not rated" in row]
    assert len(rated) > 1 and rated == sorted(rated, reverse=True)  # known shortfalls first, by priority
    assert len(unrated) > 5 and unrated == sorted(unrated, reverse=True)  # then what is still to be rated
    assert "not rated" not in "".join(gap_rows[: len(rated)])
    report = json.loads(cli("analyse", profile, "--format", "json").stdout)
    assert [r.split("|")[2].strip() for r in gap_rows] == [
        g["skill_name"] for g in report["assessments"][0]["gaps"]
    ]


def test_talking_points_list_two_level_differences_only(cli, profile) -> None:
    text = cli("analyse", profile, "--format", "markdown").stdout
    points = text.split("## Talking points")[1].split("\n## ")[0]
    assert "**Budget and financial management** (budget mgmt): self 2, coach 4" in points
    assert "**Stakeholder management** (stakeholder engagement): self 3, coach 1" in points
    assert "Risk management" not in points  # 3 against 2 is one level: not a talking point


def test_the_rating_scored_on_is_stated_and_switchable(cli, profile) -> None:
    self_view = json.loads(cli("analyse", profile, "--format", "json").stdout)
    coach_view = json.loads(cli("analyse", profile, "--rating", "coach", "--format", "json").stdout)
    assert self_view["rater"] == "self" and coach_view["rater"] == "coach"
    rows = {r["skill"]: r["have"] for r in coach_view["assessments"][0]["requirements"]}
    assert rows["budget-management"] == 4 and rows["project-planning"] is None  # no coach rating: unrated
    assert any("no coach rating" in n for n in coach_view["notes"])
    text = cli("analyse", profile, "--rating", "coach", "--format", "markdown").stdout
    assert "**Rated on:** the coach's ratings" in text


def test_html_is_self_contained_escaped_and_says_the_same_as_markdown(cli, write, tmp_path) -> None:
    path = write("p.yaml", PROFILE.replace("Alex Morgan", "Alex <b>Morgan</b> & co"))
    out = tmp_path / "r.html"
    result = cli("analyse", path, "--format", "html", "--output", out, "--actions", "Read <the> guide")
    assert result.exit_code == 0, result.stderr
    page = out.read_text()
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    for forbidden in ("http", "<script", "<link", " src=", "@import", "url("):
        assert forbidden not in page, forbidden
    assert "Alex &lt;b&gt;Morgan&lt;/b&gt; &amp; co" in page and "<b>Morgan</b>" not in page
    assert "Read &lt;the&gt; guide" in page
    markdown = cli("analyse", path, "--format", "markdown").stdout
    assert re.findall(r"<h2[^>]*>(.*?)</h2>", page) == headings(markdown)
    assert "@media print" in page and 'class="page-break"' in page


def test_next_grade_sits_beside_the_current_role_in_one_table(cli, profile) -> None:
    # the role analysed is the target (PRO11), not the one the person holds: "this role", not "now"
    text = cli("analyse", profile, "--format", "markdown", "--with-next").stdout
    assert "## Next:" not in text and text.count("## This role and the next, side by side") == 1
    beside = text.split("## This role and the next, side by side")[1].split("\n## ")[0]
    assert "| next | `council-pro12` | Senior project manager (PRO12) |" in beside
    assert beside.count("| skill | have | need this role | need next |") == 1
    assert text.count("### Every requirement") == 2  # the appendix still shows how each score was worked out


# ----------------------------------------------------------------------------- the documented session
def _docs() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def _script() -> str:
    after = _docs().split("<!-- coach-session-script -->", 1)[1]
    match = re.search(r"```sh\n(.*?)```", after, re.DOTALL)
    assert match, "the coach-session script block is missing"
    return match.group(1)


def test_documented_session_script_runs_end_to_end(tmp_path) -> None:
    """Assess, save, analyse to Markdown, change two answers, compare: exactly the commands in the docs."""
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "careergap").exists() or shutil.which("bash") is None:
        pytest.skip("needs the installed careergap command and bash")
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "COLUMNS": "120",
        "TERM": "dumb",
    }
    env.pop("CAREERGAP_ROLES_DIR", None)
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", _script()],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for name in ("alex-1.yaml", "alex-1.md", "alex-2.yaml"):
        assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) == 0o600, name
    assert (tmp_path / "alex-1.md").read_text().startswith("# Alex Morgan: Project manager (PRO11)")
    progress = result.stdout
    assert progress.startswith("# Progress: Alex Morgan")
    closed = progress.split("## Gaps closed (2)")[1].split("\n## ")[0]
    assert "Project management" in closed and "Budget and financial management" in closed
    assert "Gaps narrowed" not in progress and "New gaps" not in progress
    # --save-actions put the agreed action into alex-1.yaml, so the next session (a copy) and compare carry it
    assert "Shadow the PRO11 on the depot project" in progress.split("## Actions agreed last time")[1]


@pytest.mark.parametrize("command", ["assess", "analyse", "compare"])
def test_every_option_in_the_coaching_docs_exists(cli, command: str) -> None:
    help_text = cli(command, "--help").stdout
    used: set[str] = set()
    for block in re.findall(r"```sh\n(.*?)```", _docs(), re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            if f"careergap {command}" in line:
                used.update(re.findall(r"(--[a-z][a-z-]+)", line.split(f"careergap {command}", 1)[1]))
    assert used, f"the docs show no careergap {command} command"
    missing = sorted(option for option in used if option not in help_text)
    assert not missing, missing
