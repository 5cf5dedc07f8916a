"""Every HTML output in headless Chromium: nothing cut off at A4 (portrait and landscape, on screen and in print
layout), a screenshot and a PDF made, no script and nothing fetched; and the pages' print furniture (footer with
person, date and page number; a total row that never starts a page alone)."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import EXAMPLES

ALEX = EXAMPLES / "alex-pro10.yaml"
PAT = EXAMPLES / "pat-pro8.yaml"
SAM = EXAMPLES / "sam-short.yaml"

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (apt-get install chromium); .ci/run installs it so CI always runs this check",
)

# Every command and option that writes HTML.
OUTPUTS: dict[str, tuple[object, ...]] = {
    "analysis": ("analyse", ALEX, "-f", "html"),
    "analysis-with-next": ("analyse", ALEX, "--role", "council-pro10", "--with-next", "-f", "html"),
    "analysis-unknown": ("analyse", SAM, "-f", "html"),
    "match": ("match", PAT, "-f", "html"),
    "next": ("next", PAT, "-f", "html"),
    "path": ("path", PAT, "--to", "council-pro12", "-f", "html"),
    "compare": ("compare", PAT, ALEX, "--role", "council-pro11", "-f", "html"),
    "team": ("team", EXAMPLES / "team-long.csv", "-f", "html"),
    "team-messy": ("team", EXAMPLES / "team-messy.csv", "-f", "html"),
}
# A4 at 96 px per inch, less the page margins of render/document.py (14 mm each side): the width print lays out.
WIDTHS = {"portrait": 794, "landscape": 1123, "portrait-print": 688, "landscape-print": 1017}

PROBE = """
<script>
addEventListener("load", () => {
  const out = {};
  for (const frame of document.querySelectorAll("iframe")) {
    const doc = frame.contentDocument, view = frame.contentWindow;
    let widest = 0, clipped = [];
    for (const el of doc.body.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      if (box.width && box.right > widest) widest = box.right;
      const style = view.getComputedStyle(el);
      if (el.scrollWidth > el.clientWidth + 1 && style.overflowX !== "visible" && el.clientWidth)
        clipped.push(el.tagName + ": " + el.textContent.slice(0, 40));
    }
    out[frame.id] = {viewport: view.innerWidth, scroll: doc.documentElement.scrollWidth,
                     widest: Math.ceil(widest), clipped: clipped, scripts: doc.scripts.length};
  }
  const pre = document.createElement("pre"); pre.id = "result"; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


def _chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from typer.testing import CliRunner

    from careergap.cli import app

    folder = tmp_path_factory.mktemp("html")
    runner = CliRunner()
    out = {}
    for name, args in OUTPUTS.items():
        result = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "120", "TERM": "dumb"})
        assert result.exit_code in (0, 3), result.stderr
        path = folder / f"{name}.html"
        path.write_text(result.stdout, encoding="utf-8")
        out[name] = path
    return out


def test_html_is_self_contained(pages: dict[str, Path]) -> None:
    for name, path in pages.items():
        text = path.read_text(encoding="utf-8")
        assert text.startswith("<!DOCTYPE html>"), name
        assert "<script" not in text.lower(), name
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text), name
        assert "url(http" not in text and "@import" not in text, name
        assert "<table" in text and "<pre" not in text, f"{name}: a document, not a terminal dump"


def test_pages_have_a_print_footer(pages: dict[str, Path]) -> None:
    text = pages["analysis"].read_text(encoding="utf-8")
    style = text[text.index("<style>") : text.index("</style>")]
    assert "@page{size:A4" in style and "counter(page)" in style and "counter(pages)" in style
    footer = re.search(r"@bottom-left\{content:(\"[^\"]*\")", style)
    assert footer is not None
    assert "Alex" in footer.group(1) and re.search(r"\d{4}-\d\d-\d\d", footer.group(1))


def test_total_row_is_kept_with_the_rows_above(pages: dict[str, Path]) -> None:
    text = pages["analysis"].read_text(encoding="utf-8")
    totals = re.findall(r'<tbody class="total">(.*?)</tbody>', text)
    assert totals, "the appendix's total row sits in an unbreakable group"
    assert all(t.count("<tr>") == 2 and "total" in t for t in totals)


def test_analysis_shows_have_and_need_as_a_chart(pages: dict[str, Path]) -> None:
    text = pages["analysis"].read_text(encoding="utf-8")
    svg = text[text.index("<svg") : text.index("</svg>")]
    assert "Have against need" in svg and "not rated / 3" in svg and "3 / 3 met" in svg
    with_next = pages["analysis-with-next"].read_text(encoding="utf-8")
    assert with_next.count("<svg") == 1  # the current role's; the next one is beside it in one table
    assert with_next.count("<th>need next</th>") == 1
    assert "url(" not in with_next


def test_match_ids_are_whole(pages: dict[str, Path]) -> None:
    text = pages["match"].read_text(encoding="utf-8")
    for role_id in ("apprenticeship-project-manager-l6", "senior-digital-portfolio-manager", "council-pro8"):
        assert f'<td class="keep"><code>{role_id}</code></td>' in text
    assert "…" not in text
    assert "you are here" in text


def test_team_heat_map_never_colours_unrated_as_a_gap(pages: dict[str, Path]) -> None:
    text = pages["team"].read_text(encoding="utf-8")
    cells = re.findall(r'<td class="(heat-[^"]+)">([^<]*)</td>', text)
    assert cells
    for css, label in cells:
        if label == "?":
            assert css == "heat-unrated"
        elif label == "·":
            assert css == "heat-0"
        elif label == "":
            assert css == "heat-na"
        elif "." not in label:
            assert css == f"heat-{min(int(label), 4)}", (css, label)
    style = text[text.index("<style>") : text.index("</style>")]
    colours = dict(re.findall(r"\.(heat-[0-4u][a-z]*)\{background:([^;}]+)", style))
    assert len(set(colours.values())) == len(colours), "each level, and not rated, has its own colour"
    assert "1 level missing" in html.unescape(text) and "2 levels missing" in html.unescape(text)


@needs_chromium
def test_nothing_is_cut_off_at_a4(pages: dict[str, Path], tmp_path: Path) -> None:
    """Each page in an iframe as wide as A4 (screen) and as A4's printable width with the print rules applied:
    the document may not be wider than its viewport, and no element may clip its content."""
    frames = []
    for name, path in pages.items():
        text = path.read_text(encoding="utf-8")
        printed = text.replace("@media print{", "@media all{")
        for label, width in WIDTHS.items():
            source = printed if label.endswith("print") else text
            frames.append(
                f'<iframe id="{name}:{label}" style="width:{width}px;height:900px;border:0" '
                f'srcdoc="{html.escape(source, quote=True)}"></iframe>'
            )
    probe = tmp_path / "probe.html"
    probe.write_text(f"<!DOCTYPE html><html><body>{''.join(frames)}{PROBE}</body></html>", encoding="utf-8")
    result = _chromium("--virtual-time-budget=10000", "--dump-dom", probe.as_uri())
    found = re.search(r'<pre id="result">(.*?)</pre>', result.stdout, re.DOTALL)
    assert found, result.stderr[-2000:]
    measured = json.loads(html.unescape(found.group(1)))
    assert len(measured) == len(pages) * len(WIDTHS)
    problems = []
    for frame, m in measured.items():
        if m["scroll"] > m["viewport"] or m["widest"] > m["viewport"]:
            problems.append(f"{frame}: {m['scroll']}/{m['widest']} px wide in a {m['viewport']} px page")
        if m["clipped"]:
            problems.append(f"{frame}: clipped {m['clipped'][:3]}")
        if m["scripts"]:
            problems.append(f"{frame}: has a script")
    assert not problems, "\n".join(problems)


@needs_chromium
@pytest.mark.parametrize("name", ["analysis", "team", "match", "next", "path", "compare"])
def test_screenshot_and_pdf_at_a4(pages: dict[str, Path], tmp_path: Path, name: str) -> None:
    page = pages[name].as_uri()
    png = tmp_path / f"{name}.png"
    _chromium("--window-size=794,1123", f"--screenshot={png}", page)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000, "a screenshot of a blank page is a few kilobytes"
    pdf = tmp_path / f"{name}.pdf"
    _chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pypdf = pytest.importorskip("pypdf", reason="pypdf is in the test extra: pip install -e '.[test]'")
    pages = pypdf.PdfReader(pdf).pages
    assert pages, "the PDF has pages"
    footer = {
        "analysis": "Alex Morgan · careergap session report ·",
        "team": "careergap team summary · 50 people",
        "match": "Pat Okafor · careergap role match ·",
        "next": "Pat Okafor · careergap next steps ·",
        "path": "Pat Okafor · careergap path ·",
        "compare": "Alex Morgan · careergap progress ·",
    }[name]
    for n, page_obj in enumerate(pages, 1):
        box = page_obj.mediabox  # A4 is 595 x 842 points
        assert abs(float(box.width) - 595) < 2 and abs(float(box.height) - 842) < 2
        text = page_obj.extract_text()
        assert f"page {n} of {len(pages)}" in text, f"{name} page {n}: no page number"
        assert footer in text, f"{name} page {n}: no footer"
        body = [
            line for line in text.splitlines() if line.strip() and footer not in line and "page " not in line
        ]
        if body and body[0].startswith("total "):
            pytest.fail(f"{name} page {n} starts with the total row alone")


def test_team_svg_is_a_chart_for_documents(cli, tmp_path: Path) -> None:
    """Well-formed SVG on a white background with real text (not a picture of a terminal), nothing fetched, and
    the gaps split into rated below the level and not rated."""
    import xml.etree.ElementTree as ET

    out = tmp_path / "team.svg"
    assert cli("team", EXAMPLES / "team-long.csv", "-f", "svg", "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    root = ET.fromstring(text)
    ns = "{http://www.w3.org/2000/svg}"
    width = float(root.get("width", "0"))
    assert root.tag == f"{ns}svg" and root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    background = root.find(f"{ns}rect")
    assert background is not None and background.get("fill") == "#fff"
    words = [t.text or "" for t in root.iter(f"{ns}text")]
    assert "Readiness" in words and "Most common gaps (share of the team)" in words and "not rated" in words
    assert all(0 <= float(t.get("x", "0")) < width for t in root.iter(f"{ns}text"))
    for forbidden in ("terminal", "@font-face", "https://", "<script"):
        assert forbidden not in text, forbidden
