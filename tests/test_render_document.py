"""The document model and its back ends: one view per report, the same facts in rich, Markdown and HTML."""

from __future__ import annotations

import io
import re

import pytest
from conftest import EXAMPLES
from rich.console import Console

from careergap.render.document import (
    Bullets,
    Cell,
    Grid,
    Heading,
    HeatMap,
    Para,
    shortfall_class,
    shortfall_label,
    to_html,
    to_markdown,
    to_rich,
)

ALEX = EXAMPLES / "alex-pro10.yaml"
PAT = EXAMPLES / "pat-pro8.yaml"


def plain(renderable: object, width: int = 80) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None, markup=False)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


BLOCKS = [
    Heading(1, "Report for **Eve**"),
    Para("A `council-pro10` line"),
    Heading(2, "Totals"),
    Grid(
        ("skill", "points"), (("a", "1.0"), ("b", "2.0"), ("**total**", "**3.0**")), numeric=(1,), total=True
    ),
    Bullets(("one", "two"), checklist=True),
]


def test_every_back_end_says_the_same() -> None:
    md, page, text = to_markdown(BLOCKS), to_html(BLOCKS, title="t", footer="f"), plain(to_rich(BLOCKS))
    for needle in ("Report for", "council-pro10", "Totals", "total", "3.0", "one", "two"):
        assert needle in md and needle in page and needle in text, needle
    assert "| **total** | **3.0** |" in md
    assert "- [ ] one" in md
    assert '<tbody class="total"><tr><td>b</td><td class="num">2.0</td></tr><tr><td><strong>total' in page


def test_footer_text_cannot_break_out_of_the_style_sheet() -> None:
    page = to_html([], title="x", footer='Eve"}</style><script>alert(1)</script>')
    style = page[page.index("<style>") : page.index("</style>")]
    assert "<script" not in page and "</style><" not in style
    assert re.search(r'@bottom-left\{content:"Eve\\22 \\7d \\3c /style\\3e ', style)


def test_user_text_is_literal_in_html() -> None:
    page = to_html([Para("<b>x</b> & y"), Grid(("a",), (("<i>",),))], title="<t>", footer="f")
    assert (
        "&lt;b&gt;x&lt;/b&gt; &amp; y" in page and "<td>&lt;i&gt;</td>" in page and "<title>&lt;t&gt;" in page
    )


@pytest.mark.parametrize(
    ("value", "unrated", "label", "css"),
    [
        (None, False, "", "heat-na"),
        (0, False, "·", "heat-0"),
        (1, False, "1", "heat-1"),
        (3, True, "?", "heat-unrated"),
        (4, True, "?", "heat-unrated"),
        (6, False, "6", "heat-4"),
    ],
)
def test_heat_cells_say_the_level_and_never_colour_unrated_as_a_gap(value, unrated, label, css) -> None:
    assert shortfall_label(value, unrated) == label
    assert shortfall_class(value, unrated) == css


def test_a_mean_under_half_a_level_is_not_a_gap_colour() -> None:
    assert shortfall_class(0.3, False) == "heat-0" and shortfall_label(0.04, False, mean=True) == "·"
    assert shortfall_class(0.6, False) == "heat-1" and shortfall_label(0.6, False, mean=True) == ".6"


def test_heat_map_renders_in_every_back_end() -> None:
    heat = HeatMap(
        title="Map",
        row_header="person",
        extra_header="score",
        skills=("Budget", "Risk"),
        rows=(("Eve", "80", (1, 3), (False, True)), ("Bo", "90", (0, None), (False, False))),
    )
    md, page, text = to_markdown([heat]), to_html([heat], title="t", footer="f"), plain(to_rich([heat]))
    assert "| Eve | 80 | 1 | ? |" in md and "1: Budget, 2: Risk" in md
    assert '<td class="heat-unrated">?</td>' in page and '<td class="heat-1">1</td>' in page
    assert "not rated" in text and "1 level missing" in text and "Budget" in text


def test_tones_come_with_words() -> None:
    page = to_html([Grid(("verdict",), ((Cell("not yet", "bad"),),))], title="t", footer="f")
    assert '<td class="tone-bad">not yet</td>' in page


def test_ids_are_never_cut_at_80_columns(runner) -> None:
    """The id is what a person types next: `roles list` and `match` keep it whole and wrap the title instead."""
    from careergap.cli import app

    env = {"COLUMNS": "80", "TERM": "dumb"}
    listing = runner.invoke(app, ["roles", "list"], env=env).stdout
    match = runner.invoke(app, ["match", str(PAT)], env=env).stdout
    graph = runner.invoke(app, ["roles", "graph"], env=env).stdout
    assert max(len(line) for line in listing.splitlines()) <= 80
    for role_id in ("apprenticeship-project-manager-l6", "senior-digital-portfolio-manager", "council-pro13"):
        assert role_id in listing and role_id in match, role_id
    links = graph.split("Links")[1]
    assert "apprenticeship-project-manager-l6   next*     senior-digital-portfolio-manager" in links


def test_ids_are_whole_at_80_columns_in_the_library_views(library) -> None:
    from careergap.render.roles import roles_list_table, skills_list_table

    text = plain(roles_list_table(library), width=80)
    for role_id in library.roles:
        assert role_id in text
    skills = plain(skills_list_table(library), width=80)
    assert all(skill_id in skills for skill_id in library.skills)


@pytest.mark.parametrize(
    "args",
    [
        ("analyse", ALEX),
        ("analyse", ALEX, "-f", "markdown"),
        ("analyse", ALEX, "--with-next", "-f", "markdown"),
        ("match", PAT),
        ("next", ALEX),
        ("next", ALEX, "-f", "markdown"),
        ("path", PAT, "--to", "council-pro14"),
        ("path", PAT, "--to", "council-pro14", "-f", "markdown"),
        ("roles", "diff", "council-pro10", "council-pro11"),
        ("roles", "show", "council-pro10", "-f", "markdown"),
        ("team", EXAMPLES / "team-long.csv"),
    ],
)
def test_wording_has_real_plurals(cli, args) -> None:
    out = cli(*args).stdout
    assert out
    assert "(s)" not in out
    assert not re.search(r"\b1 (rows|steps|gates|gaps|skills|roles|people|requirements)\b", out)


@pytest.mark.parametrize("width", [30, 40, 44])
def test_a_section_heading_keeps_every_word_above_a_table_wider_than_the_terminal(width: int) -> None:
    """A table's columns have floors (an id keeps its width), so on a narrow terminal it can be wider than the
    screen; the heading above it is wrapped to the screen, not cut at its edge ("says nothing abou")."""
    heading = "Not rated yet (the profile says nothing about these) (3)"
    wide = Grid(
        ("skill", "importance", "have/need", "points", "matched from"),
        (("council-pro10-identifier-kept", "essential", "-/2", "0.0", "'a phrase'"),),
        keep=(0,),
        numeric=(3,),
    )
    text = plain(to_rich([Heading(2, heading), wide]), width=width)
    assert " ".join(text.split()).startswith(heading)
