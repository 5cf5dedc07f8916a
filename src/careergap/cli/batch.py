"""`careergap batch` and `careergap team`: score a whole team from a CSV, streamed, with every problem reported."""

from __future__ import annotations

import contextlib
import csv
import functools
import sys
from collections.abc import Callable, Iterator, Sequence
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from careergap.api import PHRASES_REPORT_COLUMNS, PersonResult, Scorer, jsonl_text
from careergap.batch import ERROR_COLUMNS, PersonRecord, ReadStats, RowError
from careergap.cli._console import stderr_console
from careergap.cli._errors import EXIT_OK, EXIT_ROWS_REJECTED, handle_errors
from careergap.cli._options import (
    ForceOption,
    OutputOption,
    RolesDirOption,
    choose_format,
    claim_output,
    complete_role_id,
    format_help,
    get_library,
    not_blank,
    open_output,
)
from careergap.cli._render import print_renderable, without_notes
from careergap.cli._words import plural
from careergap.render.report import safe_cell
from careergap.render.team import (
    BATCH_COLUMNS,
    BATCH_JSON_TAIL,
    batch_csv_text,
    batch_json_head,
    batch_json_lines,
    render_team_csv,
    render_team_html,
    render_team_json,
    render_team_markdown,
    render_team_svg,
    render_team_table,
)
from careergap.team import TeamReport, TeamSummary
from careergap.teamrun import Formatter, TeamRun, open_team, team_summary

SHOWN_WHEN_SAVED = 20  # problems echoed on stderr when --errors FILE holds them all


class BatchFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    json = "json"


class TeamFormat(str, Enum):
    table = "table"
    markdown = "markdown"
    html = "html"
    svg = "svg"
    csv = "csv"
    json = "json"


class LayoutChoice(str, Enum):
    long = "long"
    wide = "wide"


TeamArg = Annotated[
    Path,
    typer.Argument(
        help="Team CSV: long (person,skill,level) or wide (one column per skill); '-' reads stdin.",
        show_default=False,
        readable=False,  # an unreadable file is careergap's to report (exit 1, with its name), not a usage error
    ),
]
RoleOpt = Annotated[
    str | None,
    typer.Option(
        "--role",
        "-r",
        metavar="ROLE_ID",
        autocompletion=complete_role_id,
        callback=not_blank,
        help="Score everyone against this role (default: each person's target_role column, "
        "else their best match).",
    ),
]
AllRolesOpt = Annotated[
    bool, typer.Option("--all-roles", help="Score everyone against every role, best first.")
]
ErrorsOpt = Annotated[
    Path | None,
    typer.Option(
        "--errors",
        help="Write every rejected value or row to this CSV (line, column, person, value, reason) "
        "to fix and re-run.",
    ),
]
LayoutOpt = Annotated[
    LayoutChoice | None,
    typer.Option("--layout", help="Force the layout (default: detected from the header)."),
]


def _text_encoding(value: str) -> str:
    """--encoding names a text encoding Python knows: a usage error (exit 2) otherwise, like a bad --format; the
    reader checks again what it can decode (careergap.batch.check_encoding)."""
    import codecs

    try:
        info = codecs.lookup(value)
    except LookupError:
        raise typer.BadParameter(
            f"unknown encoding {value!r}; use utf-8 (the default), cp1252 or latin-1"
        ) from None
    if not getattr(info, "_is_text_encoding", True):  # rot13, base64, zlib: codecs, but not text encodings
        raise typer.BadParameter(
            f"{value!r} is not a text encoding; use utf-8 (the default), cp1252 or latin-1"
        )
    return value


EncodingOpt = Annotated[
    str,
    typer.Option(
        "--encoding",
        metavar="ENCODING",
        help="Text encoding of the file, e.g. cp1252 for an older Excel export.",
        callback=_text_encoding,
    ),
]
IgnoreOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--ignore-column",
        metavar="COLUMN",
        help="A column that is not a skill (wide layout; repeatable; it must be in the header). id, email, "
        "department, team, manager, notes ... are ignored anyway.",
    ),
]
QuietOpt = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help="No progress bar and no counts; problems still go to stderr unless --errors FILE is given.",
    ),
]
ProgressOpt = Annotated[
    bool | None,
    typer.Option(
        "--progress/--no-progress",
        help="Show a progress bar on stderr (default: when stderr is a terminal).",
        show_default=False,
    ),
]


def _zero_or_more(value: int) -> int:
    """A count option that takes 0 or more, checked here so that help shows a plain N, not click's [x>=0]."""
    if value < 0:
        raise typer.BadParameter(f"{value} is not a count; give 0 or more")
    return value


HeatmapOpt = Annotated[
    int,
    typer.Option(
        "--heatmap-people",
        metavar="N",
        callback=_zero_or_more,
        help="People shown one by one in the heat map; a bigger team shows "
        "those with the largest gaps, plus a map grouped by verdict.",
    ),
]

PhraseMapOpt = Annotated[
    Path | None,
    typer.Option(
        "--phrase-map",
        help="Your organisation's phrase map (YAML `phrase_map: {phrase: skill-id}`, or CSV with phrase and "
        "skill columns), applied before matching; a phrase-map.yaml beside --roles-dir files is read anyway.",
        readable=False,
    ),
]
PhrasesReportOpt = Annotated[
    Path | None,
    typer.Option(
        "--phrases-report",
        help="Also write each distinct refused, ambiguous or meaning-matched phrase once (CSV: count, "
        "suggestions); fill in its skill column and pass it back as --phrase-map.",
    ),
]


# ------------------------------------------------------------------------------------------------ output rows
# Formatters for the pipeline (careergap.teamrun): they may run in a worker process, so they only make text.
def csv_text(scorer: Scorer, pairs: Sequence[tuple[PersonRecord, PersonResult]], top_gaps: int) -> str:
    return batch_csv_text(pairs, top_gaps)


def json_rows_text(scorer: Scorer, pairs: Sequence[tuple[PersonRecord, PersonResult]]) -> str:
    return ",\n  ".join(line for record, result in pairs for line in batch_json_lines(scorer, record, result))


# ------------------------------------------------------------------------------------------------ the run
class _Run:
    """The command's side of a team run (careergap.teamrun does the work): progress, problems, counts."""

    def __init__(
        self,
        *,
        roles_dir: list[Path] | None,
        role: str | None,
        all_roles: bool,
        quiet: bool,
        progress: bool | None,
        phrase_map: Path | None = None,
        count_phrases: bool = False,
    ) -> None:
        from careergap.library import load_phrase_maps

        library = get_library(roles_dir)
        mapped = load_phrase_maps([phrase_map], library) if phrase_map else None
        self.scorer = Scorer(library, phrase_map=mapped, count_phrases=count_phrases)
        self.pipeline = TeamRun(self.scorer, role=role, all_roles=all_roles)
        self.quiet = quiet
        self.show_progress = (not quiet and sys.stderr.isatty()) if progress is None else progress
        self._progress: Progress | None = None
        self.shown = 0

    @property
    def scored(self) -> int:
        return self.pipeline.scored

    def say(self, line: str) -> None:
        if self._progress is not None:
            self._progress.console.print(Text(line), soft_wrap=True)
        else:
            print(line, file=sys.stderr)

    def summary(self, heatmap_people: int) -> TeamSummary:
        return team_summary(self.scorer, heatmap_people)

    def execute(
        self,
        team: Path,
        *,
        layout: LayoutChoice | None,
        encoding: str,
        ignore: list[str],
        errors_path: Path | None,
        outputs: Callable[
            [], contextlib.AbstractContextManager[tuple[Formatter, Callable[[str], object]] | None]
        ],
        summary: TeamSummary | None,
    ) -> ReadStats:
        with open_team(team, encoding) as source:
            reader = self.pipeline.reader(
                source, layout=layout.value if layout else None, ignore_columns=ignore
            )
            name = source.name
            if not self.quiet:
                tab = "tab" if reader.delimiter == "\t" else repr(reader.delimiter)
                message = f"{name}: {reader.layout} layout, delimiter {tab}, {len(reader.header)} columns"
                if reader.ignored_columns:
                    message += "; ignoring columns " + ", ".join(repr(c) for c in reader.ignored_columns)
                print(message, file=sys.stderr)
            with (
                open_output(errors_path) if errors_path else contextlib.nullcontext() as errors_file,
                outputs() as sink,
            ):
                errors_writer = csv.writer(errors_file, lineterminator="\n") if errors_file else None
                if errors_writer:
                    errors_writer.writerow(ERROR_COLUMNS)

                def problem(error: RowError) -> None:
                    if errors_writer:
                        errors_writer.writerow([safe_cell(v) for v in error.as_row()])
                        if self.quiet or self.shown >= SHOWN_WHEN_SAVED:
                            return
                    self.shown += 1
                    self.say("error: " + error.format(name))

                formatter, write = sink if sink is not None else (None, None)
                bar = self._start_progress(source.size)
                task = bar.add_task("scoring", total=source.size, people=0) if bar else None

                def advance(people: int) -> None:
                    if bar is not None and task is not None:
                        bar.update(task, completed=source.counter.count, people=people)
                        bar.refresh()

                try:
                    stats = self.pipeline.run(
                        reader,
                        problem=problem,
                        formatter=formatter,
                        write=write,
                        summary=summary,
                        size=source.size,
                        progress=advance if bar is not None else None,
                    )
                finally:
                    if bar is not None:
                        bar.stop()
                        self._progress = None
        if errors_path and stats.problems > self.shown and not self.quiet:
            self.say(f"... {plural(stats.problems - self.shown, 'more problem')} in {errors_path}")
        return stats

    def _start_progress(self, size: int | None) -> Progress | None:
        if not self.show_progress:
            return None
        progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TextColumn("{task.fields[people]:,} people"),
            TimeElapsedColumn(),
            console=stderr_console(),
            transient=True,
            # Refreshed by the run itself, every few people: no refresh thread, so a big team can still fork its
            # worker processes (forking beside a running thread is not safe; careergap.teamrun declines to).
            auto_refresh=False,
        )
        progress.start()
        self._progress = progress
        return progress

    @property
    def matcher(self) -> str:
        """Which phrase matcher read the team, asked when a report is written (a model that failed says so)."""
        return self.scorer.analyser.resolver.matcher

    def counts(self, name: str, stats: ReadStats, errors_path: Path | None) -> None:
        if self.quiet:
            return
        not_scored = stats.people - self.scored
        lines = [
            (
                f"{name}: {plural(stats.rows_read, 'row')} read ({stats.rows_used:,} used, "
                f"{stats.rows_rejected:,} rejected); {plural(stats.people, 'person', 'people')} "
                f"({self.scored:,} scored, {not_scored:,} not scored); {plural(stats.values_read, 'value')} "
                f"({stats.values_used:,} used, {stats.values_rejected:,} rejected)"
            )
        ]
        if stats.problems:
            where = f"in {errors_path}" if errors_path else "listed above"
            lines.append(
                f"{plural(stats.problems, 'problem')} {where}; exit code {EXIT_ROWS_REJECTED} (some values rejected)"
            )
        for line in lines:
            print(line, file=sys.stderr)


def _check_paths(team: Path, force: bool, reads: list[Path | None], **paths: Path | None) -> None:
    """Refuse an output onto the team file, a role file or phrase map it reads (``reads``) or another output, and
    an existing file without --force."""
    given = {option: p for option, p in paths.items() if p is not None and str(p) != "-"}
    for option, path in given.items():  # first: a path that cannot be resolved (a loop of links) is named
        claim_output(path, force=force, inputs=[team], option=option, input_name="the team file", reads=reads)
    resolved = [p.expanduser().resolve() for p in given.values()]
    if len(set(resolved)) != len(resolved):
        raise typer.BadParameter(
            "--output, --errors, --summary-file and --phrases-report must be different files"
        )


def _write_phrases_report(run: _Run, path: Path | None, quiet: bool) -> None:
    """--phrases-report: the scorer's list of phrases to review, as CSV."""
    if path is None:
        return
    with open_output(path) as handle:
        writer = csv.DictWriter(handle, fieldnames=PHRASES_REPORT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in run.scorer.phrases_report():
            writer.writerow({k: safe_cell(v) for k, v in row.items()})
    if str(path) != "-" and not quiet:
        print(f"wrote {path}", file=sys.stderr)


def _render_summary(report: TeamReport, fmt: TeamFormat) -> str | None:
    """Text for the non-table formats (None for the table, which is a rich renderable)."""
    renderers: dict[TeamFormat, Callable[[TeamReport], str]] = {
        TeamFormat.markdown: render_team_markdown,
        TeamFormat.html: render_team_html,
        TeamFormat.svg: render_team_svg,
        TeamFormat.csv: render_team_csv,
        TeamFormat.json: render_team_json,
    }
    renderer = renderers.get(fmt)
    return renderer(report) if renderer else None


def _write_summary(report: TeamReport, fmt: TeamFormat, path: Path | None) -> None:
    text = _render_summary(report, fmt)
    if text is None:
        print_renderable(render_team_table(report), path)
        return
    with open_output(path) as handle:
        handle.write(text if text.endswith("\n") else text + "\n")
    if path is not None and str(path) != "-":
        print(f"wrote {path}", file=sys.stderr)


# ------------------------------------------------------------------------------------------------ commands
@handle_errors
def batch(
    team: TeamArg,
    role: RoleOpt = None,
    all_roles: AllRolesOpt = False,
    fmt: Annotated[
        BatchFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="jsonl is one JSON object per line (default: from the --output suffix, else csv).",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    errors: ErrorsOpt = None,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary", help="Also print the team summary (readiness, common gaps, heat map) on stderr."
        ),
    ] = False,
    summary_file: Annotated[
        Path | None,
        typer.Option(
            "--summary-file",
            help="Also save the team summary; format from the suffix: .html, .md, .svg, .csv, .json, else "
            "the text table.",
        ),
    ] = None,
    top_gaps: Annotated[
        int,
        typer.Option(
            "--top-gaps",
            metavar="N",
            callback=_zero_or_more,
            help="Gaps listed per row, most important first.",
        ),
    ] = 3,
    heatmap_people: HeatmapOpt = 50,
    layout: LayoutOpt = None,
    encoding: EncodingOpt = "utf-8",
    ignore_column: IgnoreOpt = None,
    quiet: QuietOpt = False,
    progress: ProgressOpt = None,
    roles_dir: RolesDirOption = None,
    phrase_map: PhraseMapOpt = None,
    phrases_report: PhrasesReportOpt = None,
) -> None:
    """Score a whole team from a CSV export, streamed: one output row per person (per role with --all-roles).

    Output columns (csv): person, first_line, last_line, role_id, role_basis, rank, score, verdict, coverage, match,
    essential_gaps, unrated_essentials, top_gaps, missing_qualifications, unmatched, complete, rejected, notes. Rejected values are reported with line,
    column and reason; the person is still scored on the rest and marked complete=no.

    Exit codes: 0 every value used; 3 finished, but some values or rows were rejected; 1 the file cannot be read
    (nothing is processed); 2 usage error.
    """
    if role and all_roles:
        raise typer.BadParameter("give --role or --all-roles, not both", param_hint="--role")
    fmt = choose_format(fmt, output, BatchFormat.csv)
    _check_paths(
        team,
        force,
        [*(roles_dir or []), phrase_map],
        **{
            "--output": output,
            "--errors": errors,
            "--summary-file": summary_file,
            "--phrases-report": phrases_report,
        },
    )
    summary_format = (
        choose_format(None, summary_file, TeamFormat.table, option="--summary-file") if summary_file else None
    )
    run = _Run(
        roles_dir=roles_dir,
        role=role,
        all_roles=all_roles,
        quiet=quiet,
        progress=progress,
        phrase_map=phrase_map,
        count_phrases=phrases_report is not None,
    )
    tally = run.summary(heatmap_people) if summary or summary_file else None

    @contextlib.contextmanager
    def outputs() -> Iterator[tuple[Formatter, Callable[[str], object]]]:
        with open_output(output) as handle:
            if fmt is BatchFormat.csv:
                csv.writer(handle, lineterminator="\n").writerow(BATCH_COLUMNS)
                yield functools.partial(csv_text, top_gaps=top_gaps), handle.write
            elif fmt is BatchFormat.jsonl:
                yield jsonl_text, handle.write
            else:
                # one object, {"schema_version", "kind", "matcher", "rows": [...]}: it can grow
                handle.write(batch_json_head(run.matcher))
                first = [True]

                def write(text: str) -> None:  # a chunk's rows, joined; commas between chunks
                    handle.write(("\n  " if first[0] else ",\n  ") + text)
                    first[0] = False

                yield json_rows_text, write
                handle.write(("\n" if not first[0] else "") + BATCH_JSON_TAIL + "\n")

    stats = run.execute(
        team,
        layout=layout,
        encoding=encoding,
        ignore=ignore_column or [],
        errors_path=errors,
        outputs=outputs,
        summary=tally,
    )
    if output is not None and str(output) != "-" and not quiet:
        print(f"wrote {output}", file=sys.stderr)
    if errors is not None and not quiet:
        print(f"wrote {errors}", file=sys.stderr)
    run.counts(str(team) if str(team) != "-" else "<stdin>", stats, errors)
    _write_phrases_report(run, phrases_report, quiet)
    if tally is not None:
        report = tally.report(matcher=run.matcher)
        if summary:
            stderr_console().print(render_team_table(report))
        if summary_file and summary_format:
            _write_summary(report, summary_format, summary_file)
    raise typer.Exit(EXIT_ROWS_REJECTED if stats.problems else EXIT_OK)


@handle_errors
def team(
    team: TeamArg,
    role: RoleOpt = None,
    all_roles: AllRolesOpt = False,
    fmt: Annotated[
        TeamFormat | None, typer.Option("--format", "-f", help=format_help(), show_default=False)
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    errors: ErrorsOpt = None,
    heatmap_people: HeatmapOpt = 50,
    layout: LayoutOpt = None,
    encoding: EncodingOpt = "utf-8",
    ignore_column: IgnoreOpt = None,
    quiet: QuietOpt = False,
    progress: ProgressOpt = None,
    roles_dir: RolesDirOption = None,
    phrase_map: PhraseMapOpt = None,
    phrases_report: PhrasesReportOpt = None,
) -> None:
    """Team summary from a CSV export: readiness, the most common gaps, and a heat map of people by skills.

    Exit codes as for batch: 0, or 3 when some values or rows were rejected (the summary is still produced).
    """
    if role and all_roles:
        raise typer.BadParameter("give --role or --all-roles, not both", param_hint="--role")
    chosen = choose_format(fmt, output, TeamFormat.table)
    _check_paths(
        team,
        force,
        [*(roles_dir or []), phrase_map],
        **{"--output": output, "--errors": errors, "--phrases-report": phrases_report},
    )
    run = _Run(
        roles_dir=roles_dir,
        role=role,
        all_roles=all_roles,
        quiet=quiet,
        progress=progress,
        phrase_map=phrase_map,
        count_phrases=phrases_report is not None,
    )
    tally = run.summary(heatmap_people)

    @contextlib.contextmanager
    def outputs() -> Iterator[None]:
        yield None

    stats = run.execute(
        team,
        layout=layout,
        encoding=encoding,
        ignore=ignore_column or [],
        errors_path=errors,
        outputs=outputs,
        summary=tally,
    )
    rejected = "1 value or row was" if stats.problems == 1 else f"{stats.problems:,} values or rows were"
    notes = [f"{rejected} rejected; see the errors"] if stats.problems else []
    _write_summary(without_notes(tally.report(notes, run.matcher), chosen), chosen, output)
    if errors is not None and not quiet:
        print(f"wrote {errors}", file=sys.stderr)
    run.counts(str(team) if str(team) != "-" else "<stdin>", stats, errors)
    _write_phrases_report(run, phrases_report, quiet)
    raise typer.Exit(EXIT_ROWS_REJECTED if stats.problems else EXIT_OK)
