"""The document model every report is built from, and its three back ends: rich (terminal), Markdown and HTML.

A view turns a report into a list of blocks; a back end renders any list of blocks, so a section is written once
and reads the same in every format. Text in blocks may carry the report's own **bold** and `code` (ids); anything
else the person wrote is shown literally. A cell or paragraph may carry a tone (good, warn, bad, unknown, muted) that
each back end shows its own way, always together with words, never by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from careergap.render._text import inline_parts, lit, md_inline, strip_controls
from careergap.scoring import one_decimal

Tone = str  # "good", "warn", "bad", "unknown", "muted" or ""


def escape_html(text: str, quote: bool = True) -> str:
    """``html.escape``, imported when an HTML or SVG output is made: the terminal table never needs it."""
    from html import escape

    return escape(text, quote)


@dataclass(frozen=True)
class Cell:
    text: str
    tone: Tone = ""


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    page_break: bool = False


@dataclass(frozen=True)
class Para:
    text: str
    muted: bool = False
    tone: Tone = ""


@dataclass(frozen=True)
class Facts:
    rows: tuple[tuple[str, str | Cell], ...]


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    checklist: bool = False


@dataclass(frozen=True)
class Grid:
    """A table. ``keep`` columns never wrap (ids a person types next); ``total`` marks the last row as a total
    that stays on the page of the rows above it."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str | Cell, ...], ...]
    numeric: tuple[int, ...] = ()
    keep: tuple[int, ...] = ()
    total: bool = False
    caption: str = ""
    detail: tuple[int, ...] = ()  # columns a terminal leaves out for room (Markdown and HTML show them)


@dataclass(frozen=True)
class Figure:
    """A picture for HTML (inline SVG, drawn by the view) with its ``caption``; the other back ends show ``alt``
    instead, or nothing when the same facts are in a table next to it (``alt`` empty)."""

    svg: str
    caption: str = ""
    alt: str = ""


@dataclass(frozen=True)
class HeatMap:
    """Levels missing per person (rows) and skill (columns). A cell: None (not asked), 0 (met), n levels missing,
    or unrated (shown apart from every gap colour, with '?'). ``means`` rows hold averages instead of counts.
    ``skills`` are the library's names as written (no **bold** or `code` of the report's own)."""

    title: str
    row_header: str
    extra_header: str
    skills: tuple[str, ...]
    rows: tuple[tuple[str, str, tuple[float | None, ...], tuple[bool, ...]], ...]
    means: bool = False
    tones: tuple[Tone, ...] = field(default_factory=tuple)
    key: bool = True


Block = Heading | Para | Facts | Bullets | Grid | Figure | HeatMap


def _text(cell: str | Cell) -> str:
    return cell.text if isinstance(cell, Cell) else cell


def _tone(cell: str | Cell) -> Tone:
    return cell.tone if isinstance(cell, Cell) else ""


def shortfall_label(value: float | None, unrated: bool, *, mean: bool = False) -> str:
    """The text of a heat-map cell: '·' met, the levels missing, '?' for not rated, '' when not asked."""
    if value is None:
        return ""
    if unrated:
        return "?"
    if mean:
        return "·" if value < 0.05 else one_decimal(value).removeprefix("0")
    return "·" if value == 0 else f"{value:g}"


def shortfall_class(value: float | None, unrated: bool) -> str:
    """heat-na, heat-unrated, heat-0 (met) .. heat-4 (4 levels or more missing)."""
    if value is None:
        return "heat-na"
    if unrated:
        return "heat-unrated"
    if value < 0.5:
        return "heat-0"
    return f"heat-{min(round(value), 4)}"


# ----------------------------------------------------------------------------- rich
TONE_STYLE = {
    "good": "green",
    "warn": "yellow",
    "bad": "red",
    "unknown": "blue",
    "muted": "dim",
    "": "",
}
HEAT_STYLE = {
    "heat-na": "",
    "heat-0": "dim",
    "heat-unrated": "black on grey70",
    "heat-1": "black on light_goldenrod2",
    "heat-2": "black on orange1",
    "heat-3": "white on dark_orange3",
    "heat-4": "bold white on orange4",
}


def _rich_inline(text: str, style: str = "") -> Text:
    """**bold** and `code` as styles; everything else literal (markup off, controls stripped)."""
    out = Text(style=style)
    for kind, part in inline_parts(strip_controls(text)):
        out.append(part, style={"bold": "bold", "code": "cyan"}.get(kind, ""))
    return out


def to_rich(blocks: Sequence[Block]) -> RenderableType:
    parts: list[RenderableType] = []
    for block in blocks:
        if isinstance(block, Heading):
            if block.level == 1:
                parts.append(Panel(_rich_inline(block.text, "bold"), box=box.ROUNDED))
            else:
                if parts:
                    parts.append(Text(""))  # a blank line before a section, as on paper
                # its own line, wrapped to the terminal: as a table's title it was wrapped to the table's width
                # and cut where the table was wider than a narrow terminal ("says nothing abou")
                parts.append(_rich_inline(block.text, "bold"))
        elif isinstance(block, Para):
            parts.append(_rich_inline(block.text, "dim" if block.muted else TONE_STYLE.get(block.tone, "")))
        elif isinstance(block, Facts):
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="bold", no_wrap=True)
            grid.add_column()
            for label, value in block.rows:
                grid.add_row(label, _rich_inline(_text(value), TONE_STYLE.get(_tone(value), "")))
            parts.append(grid)
        elif isinstance(block, Bullets):
            mark = "[ ] " if block.checklist else "• "
            parts.extend(_rich_inline(mark + item) for item in block.items)
        elif isinstance(block, Grid):
            parts.append(_FittedGrid(block) if block.detail else _rich_grid(block))
        elif isinstance(block, HeatMap):
            parts += _rich_heat(block)
        elif block.alt:
            parts.append(Text(block.alt, style="dim"))
    return Group(*parts)


class _FittedGrid:
    """A Grid on screen with its detail columns when the terminal is wide enough to show every column unwrapped, and
    without them otherwise (Markdown and HTML always show them)."""

    def __init__(self, block: Grid) -> None:
        self.block = block

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        whole = _rich_grid(self.block, details=True)
        if Measurement.get(console, options.update(max_width=100_000), whole).maximum <= options.max_width:
            yield whole
        else:
            yield _rich_grid(self.block)


def _rich_grid(block: Grid, *, details: bool = False) -> Table:
    table = Table(box=box.SIMPLE_HEAD, caption=block.caption or None, pad_edge=False)
    shown = [i for i in range(len(block.headers)) if details or i not in block.detail]
    for i in shown:
        header = block.headers[i]
        keep, numeric = i in block.keep, i in block.numeric
        widest = max((len(_text(row[i]).strip("`*")) for row in block.rows), default=0)
        # An id keeps its whole width (a person types it next) and a number its digits; text wraps, never to nothing.
        floor = max(widest, len(header)) if keep else widest if numeric else min(widest, 8)
        # A figure under a one-word header never wraps ("90.5 on 63%" is one figure), so a narrow terminal takes
        # the room from text and from headers of several words ("essential gaps" over two lines), not from figures.
        whole = keep or (numeric and " " not in header)
        table.add_column(header, justify="right" if numeric else "left", no_wrap=whole, min_width=floor)
    for n, row in enumerate(block.rows):
        if block.total and n == len(block.rows) - 1:
            table.add_section()
        table.add_row(*(_rich_inline(_text(row[i]), TONE_STYLE.get(_tone(row[i]), "")) for i in shown))
    return table


def _rich_heat(block: HeatMap) -> list[RenderableType]:
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 0), pad_edge=False)
    table.add_column(block.row_header, max_width=22, no_wrap=True, overflow="ellipsis")
    table.add_column(" " + block.extra_header, justify="right", min_width=len(block.extra_header) + 1)
    table.add_column(" ", width=1)
    for n in range(1, len(block.skills) + 1):
        table.add_column(str(n), justify="center", width=3, no_wrap=True)
    for i, (name, extra, cells, unrated) in enumerate(block.rows):
        tone = block.tones[i] if i < len(block.tones) else ""
        row: list[RenderableType] = [_rich_inline(name, TONE_STYLE.get(tone, "")), extra, ""]
        for value, not_rated in zip(cells, unrated, strict=True):
            label = shortfall_label(value, not_rated, mean=block.means)
            row.append(Text(label, style=HEAT_STYLE[shortfall_class(value, not_rated)]))
        table.add_row(*row)
    legend = Text("key: ", style="dim")
    for css, label, words in HEAT_KEY:
        if css != "heat-na":
            legend.append(f" {label} ", style=HEAT_STYLE[css])
            legend.append(f" {words}  ", style="dim")
    legend.append("blank: not asked by their role", style="dim")
    key = Table.grid(padding=(0, 2))
    per_column = 2 if len(block.skills) > 8 else 1
    for _ in range(per_column):
        key.add_column(justify="right", style="bold")
        key.add_column()
    half = (len(block.skills) + per_column - 1) // per_column
    for i in range(half):
        entries: list[str] = []
        for col in range(per_column):
            j = i + col * half
            entries += [str(j + 1), strip_controls(block.skills[j])] if j < len(block.skills) else ["", ""]
        key.add_row(*entries)
    out: list[RenderableType] = [Text(block.title, style="bold"), table]
    if block.key:
        out += [legend, key]
    return out


# ----------------------------------------------------------------------------- markdown
def to_markdown(blocks: Sequence[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out += [f"{'#' * block.level} {md_inline(block.text)}", ""]
        elif isinstance(block, Para):
            out += [f"_{md_inline(block.text)}_" if block.muted else md_inline(block.text), ""]
        elif isinstance(block, Facts):
            out += [f"- **{label}:** {md_inline(_text(value))}" for label, value in block.rows] + [""]
        elif isinstance(block, Bullets):
            mark = "- [ ] " if block.checklist else "- "
            out += [mark + md_inline(item) for item in block.items] + [""]
        elif isinstance(block, Grid):
            out += _md_table(block.headers, [[_text(c) for c in row] for row in block.rows], block.numeric)
            if block.caption:
                out += [f"_{md_inline(block.caption)}_", ""]
        elif isinstance(block, HeatMap):
            out += [f"**{md_inline(block.title)}**", ""]
            headers = (
                block.row_header,
                block.extra_header,
                *(str(n) for n in range(1, len(block.skills) + 1)),
            )
            rows = [
                [
                    name,
                    extra,
                    *(shortfall_label(v, u, mean=block.means) for v, u in zip(cells, unrated, strict=True)),
                ]
                for name, extra, cells, unrated in block.rows
            ]
            out += _md_table(headers, rows, tuple(range(1, len(headers))))
            out += [", ".join(f"{n}: {md_inline(lit(s))}" for n, s in enumerate(block.skills, 1)), ""]
        elif block.alt:
            out += [f"_{md_inline(block.alt)}_", ""]
    return "\n".join(out).rstrip() + "\n"


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int]) -> list[str]:
    out = ["| " + " | ".join(md_inline(h) for h in headers) + " |"]
    out.append("|" + "|".join("---:" if i in numeric else "---" for i in range(len(headers))) + "|")
    out += ["| " + " | ".join(md_inline(cell) for cell in row) + " |" for row in rows]
    return [*out, ""]


# ----------------------------------------------------------------------------- html
def inline_html(text: str) -> str:
    tags = {"bold": ("<strong>", "</strong>"), "code": ("<code>", "</code>"), "": ("", "")}
    return "".join(
        tags[kind][0] + escape_html(part, quote=False) + tags[kind][1]
        for kind, part in inline_parts(strip_controls(text))
    )


def _css_string(text: str) -> str:
    """Text as a CSS string literal that cannot end the string, the rule or the style element."""
    out = []
    for ch in strip_controls(text).replace("\n", " "):
        out.append(ch if ch.isalnum() or ch in " .,:;()-_/'@" else f"\\{ord(ch):x} ")
    return '"' + "".join(out) + '"'


STYLE = """
:root{--ink:#111;--muted:#555;--rule:#bbb;--head:#eee}
body{font:10.5pt/1.45 Georgia,'Times New Roman',serif;color:var(--ink);background:#fff;max-width:50em;margin:2em auto;
padding:0 1em}
h1{font-size:17pt;margin:0 0 .4em}h2{font-size:13pt;margin:1.3em 0 .4em;border-bottom:1px solid #999}
h3{font-size:11.5pt;margin:1.1em 0 .3em}h1,h2,h3{font-family:Helvetica,Arial,sans-serif;break-after:avoid}
table{border-collapse:collapse;width:auto;max-width:100%;margin:.3em 0 .8em;font-size:9pt}
th,td{border:1px solid var(--rule);padding:.2em .4em;text-align:left;vertical-align:top;overflow-wrap:break-word}
p,li,dd,figcaption{overflow-wrap:anywhere}
th{background:var(--head);font-family:Helvetica,Arial,sans-serif;overflow-wrap:normal}
td.num,th.num{text-align:right}td.num{white-space:nowrap}td.keep{white-space:nowrap;overflow-wrap:normal}
tr{break-inside:avoid}tbody.total{break-inside:avoid}tbody.total tr:last-child td{border-top:2px solid #333}
caption{caption-side:bottom;text-align:left;color:var(--muted);font-size:8.5pt;padding-top:.2em}
dl.facts{display:grid;grid-template-columns:max-content auto;gap:.1em 1em}
dl.facts dt{font-weight:bold}dl.facts dd{margin:0}.muted{color:var(--muted);font-size:9pt}
ul.check{list-style:none;padding-left:1em}ul.check li:before{content:"\\2610\\00a0\\00a0"}
code{font-family:Menlo,Consolas,monospace;font-size:.92em}
.tone-good{color:#176f2c}.tone-warn{color:#7a5d00}.tone-bad{color:#a31515}.tone-unknown{color:#1f4e9c}
.tone-muted{color:var(--muted)}
figure{margin:.4em 0 1em;break-inside:avoid}figure svg{max-width:100%;height:auto;display:block}
figcaption{color:var(--muted);font-size:8.5pt}
table.heat{width:auto;font-size:8pt;font-family:Helvetica,Arial,sans-serif}
table.heat td,table.heat th{padding:.1em .25em;text-align:center;min-width:1.7em}
table.heat td.name{text-align:left;max-width:13em;overflow-wrap:anywhere}
.heat-na{background:#fff}.heat-0{background:#fff;color:#767676}
.heat-1{background:#fee391}.heat-2{background:#fec44f}.heat-3{background:#ec7014;color:#000}
.heat-4{background:#8c2d04;color:#fff;font-weight:bold}
.heat-unrated{background:repeating-linear-gradient(45deg,#e0e0e0 0 3px,#fff 3px 6px);color:#222;font-weight:bold}
.key{display:flex;flex-wrap:wrap;gap:.2em .9em;font-size:8pt;font-family:Helvetica,Arial,sans-serif;margin:.3em 0}
.key span.sw{display:inline-block;min-width:1.9em;text-align:center;border:1px solid var(--rule);margin-right:.3em}
ol.skills{columns:2;font-size:8.5pt;margin:.2em 0 1em;padding-left:2em}
@media screen and (max-width:40em){table:not(.heat){display:block;overflow-x:auto}}
@media print{body{margin:0;max-width:none;padding:0}.page-break{break-before:page}a{color:inherit}
td.keep{white-space:normal}}
"""


def _cell_html(cell: str | Cell, classes: list[str]) -> str:
    tone = _tone(cell)
    if tone:
        classes = [*classes, f"tone-{tone}"]
    css = f' class="{" ".join(classes)}"' if classes else ""
    return f"<td{css}>{inline_html(_text(cell))}</td>"


def _grid_html(block: Grid) -> str:
    head = "".join(
        f'<th class="num">{escape_html(h)}</th>' if i in block.numeric else f"<th>{escape_html(h)}</th>"
        for i, h in enumerate(block.headers)
    )

    def row_html(row: Sequence[str | Cell]) -> str:
        cells = []
        for i, c in enumerate(row):
            classes = (["num"] if i in block.numeric else []) + (["keep"] if i in block.keep else [])
            cells.append(_cell_html(c, classes))
        return "<tr>" + "".join(cells) + "</tr>"

    rows = [row_html(r) for r in block.rows]
    if block.total and len(rows) >= 2:
        # The total and the row above it share a tbody that may not break: a total never starts a page alone.
        body = f'<tbody>{"".join(rows[:-2])}</tbody><tbody class="total">{"".join(rows[-2:])}</tbody>'
    else:
        body = f"<tbody>{''.join(rows)}</tbody>"
    caption = f"<caption>{inline_html(block.caption)}</caption>" if block.caption else ""
    return f"<table>{caption}<thead><tr>{head}</tr></thead>{body}</table>"


HEAT_KEY = (
    ("heat-0", "·", "met"),
    ("heat-1", "1", "1 level missing"),
    ("heat-2", "2", "2 levels missing"),
    ("heat-3", "3", "3 levels missing"),
    ("heat-4", "4", "4 or more missing"),
    ("heat-unrated", "?", "not rated"),
    ("heat-na", "", "blank: not asked by their role"),
)


def _heat_html(block: HeatMap) -> str:
    numbers = "".join(f'<th title="{escape_html(s)}">{n}</th>' for n, s in enumerate(block.skills, 1))
    rows = []
    for i, (name, extra, cells, unrated) in enumerate(block.rows):
        tone = block.tones[i] if i < len(block.tones) else ""
        css = f' class="name tone-{tone}"' if tone else ' class="name"'
        tds = "".join(
            f'<td class="{shortfall_class(v, u)}">{shortfall_label(v, u, mean=block.means)}</td>'
            for v, u in zip(cells, unrated, strict=True)
        )
        rows.append(
            f'<tr><td{css}>{inline_html(name)}</td><td class="num">{escape_html(extra)}</td>{tds}</tr>'
        )
    key = "".join(
        f'<span><span class="sw {css}">{label}</span>{escape_html(text)}</span>'
        for css, label, text in HEAT_KEY
    )
    skills = "".join(f"<li>{inline_html(lit(s))}</li>" for s in block.skills)
    return (
        f"<h3>{inline_html(block.title)}</h3>"
        f'<table class="heat"><thead><tr><th>{escape_html(block.row_header)}</th>'
        f'<th class="num">{escape_html(block.extra_header)}</th>{numbers}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        + (f'<div class="key">{key}</div><ol class="skills">{skills}</ol>' if block.key else "")
    )


def to_html_body(blocks: Sequence[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            css = ' class="page-break"' if block.page_break else ""
            out.append(f"<h{block.level}{css}>{inline_html(block.text)}</h{block.level}>")
        elif isinstance(block, Para):
            classes = (["muted"] if block.muted else []) + ([f"tone-{block.tone}"] if block.tone else [])
            css = f' class="{" ".join(classes)}"' if classes else ""
            out.append(f"<p{css}>{inline_html(block.text)}</p>")
        elif isinstance(block, Facts):
            rows = []
            for label, value in block.rows:
                cell = inline_html(_text(value))
                if _tone(value):
                    cell = f'<strong class="tone-{_tone(value)}">{cell}</strong>'
                rows.append(f"<dt>{escape_html(label)}</dt><dd>{cell}</dd>")
            out.append('<dl class="facts">' + "".join(rows) + "</dl>")
        elif isinstance(block, Bullets):
            css = ' class="check"' if block.checklist else ""
            out.append(f"<ul{css}>" + "".join(f"<li>{inline_html(i)}</li>" for i in block.items) + "</ul>")
        elif isinstance(block, Grid):
            out.append(_grid_html(block))
        elif isinstance(block, HeatMap):
            out.append(_heat_html(block))
        else:
            caption = f"<figcaption>{inline_html(block.caption)}</figcaption>" if block.caption else ""
            out.append(f"<figure>{block.svg}{caption}</figure>")
    return "\n".join(out)


def to_html(blocks: Sequence[Block], *, title: str, footer: str, landscape: bool = False) -> str:
    """A whole page: inline CSS, no scripts, nothing fetched; A4 with ``footer`` and 'page n of m' on every page."""
    size = "A4 landscape" if landscape else "A4"
    page = (
        f"@page{{size:{size};margin:15mm 14mm 17mm;"
        f"@bottom-left{{content:{_css_string(footer)};font:8pt Helvetica,Arial,sans-serif;color:#555}}"
        '@bottom-right{content:"page " counter(page) " of " counter(pages);'
        "font:8pt Helvetica,Arial,sans-serif;color:#555}}"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape_html(strip_controls(title))}</title><style>{STYLE}{page}</style></head>\n<body>\n"
        f"{to_html_body(blocks)}\n</body></html>\n"
    )
