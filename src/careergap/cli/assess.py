"""`careergap assess`: the interactive self-assessment. Terminal I/O only; the walk-through is careergap.session."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shlex
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from careergap.cli._console import stderr_console
from careergap.cli._errors import handle_errors
from careergap.cli._options import (
    AnswersFromStdinOption,
    RolesDirOption,
    complete_role_id,
    get_library,
    not_blank,
    refuse_library_output,
    require_answerer,
    write_private,
)
from careergap.cli.analyse import RaterChoice
from careergap.errors import CareergapError, InputFileError
from careergap.words import clean_text

if TYPE_CHECKING:
    from rich.console import Console

    from careergap.models.profile import Rater
    from careergap.session import LibraryMatcher, Question, SavedProgress, Session, SourceFile

EXIT_INTERRUPTED = 130
_RATERS: dict[RaterChoice, Rater] = {
    RaterChoice.self_: "self",
    RaterChoice.coach: "coach",
    RaterChoice.manager: "manager",
}


class NotUtf8Error(Exception):
    """A line of input that is not UTF-8 text (``Bob\\xff`` typed or piped); nothing of it is used."""

    def __init__(self, byte: int) -> None:
        super().__init__(f"is not valid UTF-8 (byte 0x{byte:02x})")


_UNDECODED = re.compile("[\udc80-\udcff]")  # the bytes that were not UTF-8, as surrogateescape keeps them
_lines_read = [0]  # lines of standard input read so far, to name the line of an answer that is refused


def _read_line(prompt: str) -> str:
    """Show a prompt on stderr and read one line from stdin; EOFError when input has ended, NotUtf8Error for a line
    that is not UTF-8 text."""
    sys.stderr.write(prompt)
    sys.stderr.flush()
    with contextlib.suppress(
        AttributeError, ValueError
    ):  # bad bytes are kept to be named, not raised mid-line
        sys.stdin.reconfigure(errors="surrogateescape")  # type: ignore[union-attr]
    line = sys.stdin.readline()
    if line == "":
        sys.stderr.write("\n")
        raise EOFError
    _lines_read[0] += 1
    line = line.rstrip("\r\n")
    bad = _UNDECODED.search(line)
    if bad is not None:
        if not sys.stdin.isatty():
            sys.stderr.write("\n")
        raise NotUtf8Error(ord(bad.group()) - 0xDC00)
    if not sys.stdin.isatty():
        sys.stderr.write(
            line + "\n"
        )  # piped answers are not echoed by a terminal; keep the transcript readable
    return line


# The one place input comes from; tests replace it (for example to raise KeyboardInterrupt mid-session).
read_line = _read_line


@contextlib.contextmanager
def _profile_lock(target: Path) -> Iterator[None]:
    """Hold an exclusive lock on the profile being written, so a second session on it stops at once.

    Why: two ``assess --resume`` on one file would each save their own answers over the other's, silently.
    The lock is a hidden file beside the profile (the profile itself is replaced by rename on every save).
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no advisory locks, run unlocked
        yield
        return
    lock_path = target.expanduser().resolve().parent / f".{target.name}.lock"
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:  # a folder we cannot write: the first save reports it clearly
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise CareergapError(
                f"{target} is being assessed in another careergap session",
                "finish or quit that session first (its answers are saved after each one), then --resume",
            ) from None
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                lock_path.unlink()
    finally:
        os.close(fd)


def _slug(text: str) -> str:
    # Cut to 60 characters: a 300-character --name must not become a file name the system refuses.
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-") or "profile"


def _resume_command(
    path: Path, rating: RaterChoice, roles_dir: list[Path] | None, role: str | None = None
) -> str:
    """The command that continues this session; ``role`` when the file may not say it (nothing saved yet)."""
    parts = ["careergap", "assess", "--resume", str(path)]
    if role is not None:
        parts += ["--role", role]
    if rating is not RaterChoice.self_:
        parts += ["--rating", rating.value]
    for folder in roles_dir or []:
        parts += ["--roles-dir", str(folder)]
    return shlex.join(parts)


def _show_question(console: Console, session: Session, question: Question) -> None:
    from rich.table import Table
    from rich.text import Text

    console.print()
    console.rule(
        Text(f"{session.position + 1} of {len(session.questions)} · {question.group}", style="bold"),
        align="left",
    )
    title = Text(question.title, style="bold cyan")
    if question.kind == "skill" and question.required is not None:
        label = question.level_guide[question.required].label
        title.append(
            f"   {question.importance}; this role asks for {question.required} {label}", style="bold"
        )
    elif question.kind == "qualification":
        title.append(f"   {question.importance} qualification", style="bold")
    console.print(title)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    grid.add_row("In plain words:", question.plain)
    grid.add_row("This role:", question.expects)
    if question.required_years is not None:
        grid.add_row("Asked for:", f"{question.required_years:g}+ years")
    console.print(grid)
    if question.kind == "skill":
        # Why: on a short terminal (80x24) the examples push the question's own name off the screen, so they are
        # left out there, and the skill and the level asked are repeated just above the prompt in any case.
        roomy = console.height >= 36
        console.print(Text("What each level looks like:", style="bold"))
        levels = Table.grid(padding=(0, 1))
        levels.add_column(no_wrap=True)
        levels.add_column(no_wrap=True)
        levels.add_column()
        for guide in question.level_guide:
            text = Text(guide.description, style="bold" if guide.is_required else "")
            if guide.is_required:
                text.append("  ← this role", style="bold")
            elif guide.example and roomy:
                text.append(f"\ne.g. {guide.example_role}: {guide.example}", style="dim")
            levels.add_row(
                " ▸" if guide.is_required else "  ", str(guide.level), Text(guide.label, style="bold"), text
            )
        console.print(levels)
        if question.required is not None:
            label = question.level_guide[question.required].label
            console.print(
                Text(f"{question.title}: this role asks for {question.required} {label}", style="bold cyan")
            )
    answer = session.answer(question)
    if answer.given:
        console.print(Text(f"Current answer: {answer.describe()} (Enter keeps it)", style="green"))
    elif question.key in session.skipped:
        console.print(Text("Skipped earlier.", style="yellow"))


# Each prompt's last line fits 79 columns, so on an 80-column terminal the answer is typed on the prompt's line.
PROMPT_WIDTH = 79


def _prompt_for(session: Session, question: Question) -> str:
    from careergap.session import Step

    if session.step is Step.EVIDENCE:
        current = session.answer(question).evidence
        keep = "Enter keeps it, - clears it" if current else "Enter for none"
        return f"Evidence: a project or outcome that shows this level (optional).\n{keep}; b back: "
    if session.step is Step.REASON:
        return "Why does it not apply? (b back): "
    if session.step is Step.AWARD:
        return f"Record {session.pending_award!r} as {question.title}, as you said? (y/n): "
    if question.kind == "qualification":
        return "Held? (y/n or the qualification's name; s skip, b back, q quit, ? help): "
    if question.kind == "experience":
        return "Years (e.g. 4 or 2.5; s skip, b back, q save and quit, ? help): "
    return "Level (0-4 or a word; s skip, b back, na not applicable, q quit, ? help): "


@handle_errors
def assess(
    role: Annotated[
        str | None,
        typer.Option(
            "--role",
            "-r",
            metavar="ROLE_ID",
            help="Role id to assess against (when resuming: the role saved in the file).",
            autocompletion=complete_role_id,
            callback=not_blank,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Profile file to write (default: the --resume file, else NAME-DATE.yaml here). "
            "Written after every answer, readable by you only.",
        ),
    ] = None,
    resume: Annotated[
        Path | None,
        typer.Option(
            "--resume",
            help="Continue a profile: asks only what is not answered yet (skipped questions last); the file "
            "is kept as written (comments, level words, order), only the answers change.",
            readable=False,
        ),
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="The person's name (asked for when missing).")
    ] = None,
    rating: Annotated[
        RaterChoice,
        typer.Option(
            "--rating",
            help="Whose ratings to record: self (level), coach (coach_level) or manager (manager_level).",
        ),
    ] = RaterChoice.self_,
    review: Annotated[
        bool,
        typer.Option(
            "--review", help="Go through every question again, showing the current answers (Enter keeps)."
        ),
    ] = False,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            metavar="SKILL",
            help="Ask only about this skill (a name, phrase or id; repeatable). Implies --review.",
        ),
    ] = None,
    evidence: Annotated[
        bool, typer.Option("--evidence/--no-evidence", help="Ask for an evidence note after each level.")
    ] = True,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing --output file.")] = False,
    answers_from_stdin: AnswersFromStdinOption = False,
    roles_dir: RolesDirOption = None,
) -> None:
    """Interactive self-assessment: walk through a role's requirements and record a level for each.

    The profile is saved after every answer (atomically), so nothing is lost; continue later with --resume.
    Keys at each question: s skip, b back, na not applicable, q save and quit, ? help. Ctrl-C also keeps every
    answer given so far (exit code 130).
    """
    require_answerer("assess", answers_from_stdin)
    _lines_read[0] = 0
    from rich.text import Text

    from careergap.analysis import Analyser
    from careergap.profiles import load_profile
    from careergap.session import (
        KEYS_HELP,
        LibraryMatcher,
        Session,
        SourceFile,
        profile_data,
        read_saved_progress,
    )
    from careergap.yamlio import read_text

    console = stderr_console()
    # before anything is asked (the default file name is checked once the name is known)
    if output is not None:
        refuse_library_output(output, roles_dir or [])
    library = get_library(roles_dir)
    analyser = Analyser(library)
    matcher = LibraryMatcher(analyser)

    saved: SavedProgress | None = None
    source: SourceFile | None = None
    data: dict[str, object]
    if resume is not None:
        text = read_text(resume)
        person = load_profile(resume, library)
        saved = read_saved_progress(text)
        data = profile_data(person)
        # Resumed files are edited as written (comments, level words, order); only this session's answers change.
        source = SourceFile(text, profile_data(person), as_json=resume.suffix.lower() == ".json")
        # a file the round-trip editor cannot edit safely (a key given twice) is refused now, not at the first save
        from careergap.profile_edit import edit_text

        edit_text(text, lambda *_: 0, as_json=resume.suffix.lower() == ".json", name=str(resume))
        role_id = role or saved.role or person.target_role
        from careergap.models.roles import role_key

        if role and saved.role and role_key(role) != role_key(saved.role):
            print(
                f"note: {resume} was being rated against {saved.role}; this session rates against {role}"
                + (f" (its target_role stays {person.target_role})" if person.target_role else ""),
                file=sys.stderr,
            )
        if role_id is None:
            raise CareergapError(
                f"{resume} does not say which role it was assessed against",
                "give the role with --role ROLE_ID",
            )
        target = output or resume
    else:
        if role is None:
            raise typer.BadParameter(
                "give the role to assess against, e.g. --role council-pro11 "
                "(list them with: careergap roles list)",
                param_hint="--role",
            )
        role_id = role
        data = {}
        target = output if output is not None else Path()
    chosen_role = library.role(role_id)
    if (
        output is not None
        and output.exists()
        and not force
        and (resume is None or output.resolve() != resume.resolve())
    ):
        raise CareergapError(
            f"{output} already exists", f"continue it with: --resume {output}; or overwrite it with --force"
        )
    from careergap.profiles import PERSON_NAME

    if name is not None:
        name = clean_text(name).strip()  # as the file reader cleans it: no terminal escapes echoed or stored
        too_long = PERSON_NAME.refusal(name)
        if too_long is not None:
            raise typer.BadParameter(too_long, param_hint="--name")
        if not name:
            raise typer.BadParameter("the name is empty; give the person's name", param_hint="--name")
    if name is None and "name" not in data:
        name = _ask_name()
    if name is not None:
        data["name"] = name
    if resume is None and output is None:
        target = Path(f"{_slug(str(data['name']))}-{dt.date.today().isoformat()}.yaml")
        refuse_library_output(target, roles_dir or [])  # run from inside the role folder
        if target.exists() and not force:
            raise CareergapError(
                f"{target} already exists",
                f"continue it with: --resume {target}; or choose a file with --output",
            )

    # The resumed file itself is written: refused now if it could not be (read-only), and written with its own
    # permissions and byte-order mark, carrying the answers into its text as it stands at each save.
    in_place = _keep_of(resume) if resume is not None and target.resolve() == resume.resolve() else None
    with _profile_lock(target):
        session = Session.create(
            chosen_role,
            library,
            matcher,
            data,
            rater=_RATERS[rating],
            saved=saved,
            ask_evidence=evidence,
            source=source,
        )
        notice = session.start(review=review, only=_focus(session, matcher, only or []))
        # The role is in the file once an answer is saved (its progress line) or when it is the target_role; a
        # session quit before any answer on a file that says neither needs --role to continue.
        from careergap.models.roles import role_key

        said = (saved is not None and saved.role) or data.get("target_role")
        known = bool(said) and role_key(str(said)) == role_key(chosen_role.id)
        resume_cmd = _resume_command(target, rating, roles_dir, None if known else chosen_role.id)

        def save() -> None:
            as_json = target.suffix.lower() == ".json"
            if in_place is None:
                write_private(target, session.file_text(resume_cmd, as_json=as_json))
                return
            try:
                text = session.file_text(resume_cmd, as_json=as_json, now=_now(target))
            except InputFileError as error:
                raise CareergapError(
                    f"{target} was changed by another program and can no longer be edited "
                    f"({error.problem.message}); the last answer was not saved",
                    f"fix the file, then continue with: {resume_cmd}",
                ) from None
            _save_in_place(target, in_place, text)

        if resume is None or target.resolve() != resume.resolve() or name is not None:
            save()
        total = len(session.questions)
        whose = {
            "self": "",
            "coach": " (recording the coach's ratings)",
            "manager": " (recording the manager's ratings)",
        }
        console.print(
            Text(
                f"Assessing {data['name']} against {chosen_role.title} ({chosen_role.id}){whose[rating.value]}: "
                f"{total} questions. Answers are saved to {target} after every answer.",
                style="bold",
            )
        )
        if session.finished:
            print(
                f"Nothing left to ask: every question is answered in {target}. "
                "Go through them again with --review, or analyse it with:\n"
                f"  careergap analyse {shlex.quote(str(target))} --role {chosen_role.id}",
                file=sys.stderr,
            )
            return
        console.print(
            "Keys: s skip · b back · na not applicable · q save and quit · ? help · Ctrl-C stops (answers are kept)"
        )
        if notice:
            console.print(Text(notice, style="yellow"))
        shown: int | None = None
        try:
            while not session.finished:
                question = session.question
                assert question is not None
                if shown != session.position:
                    _show_question(console, session, question)
                    shown = session.position
                try:
                    line = read_line(_prompt_for(session, question))
                except NotUtf8Error as error:
                    _ask_again(console, f" {error}", "type it again", resume_cmd)
                    continue
                except EOFError:
                    answered, _, _ = session.counts()
                    print(
                        f"Input ended at question {session.position + 1} of {total}; {answered} answered, saved in {target}.\n"
                        f"Continue with: {resume_cmd}",
                        file=sys.stderr,
                    )
                    return
                outcome = session.submit(line)
                if outcome.changed:
                    save()
                if outcome.kind == "help":
                    console.print(KEYS_HELP, highlight=False)
                elif outcome.kind == "quit":
                    answered, skipped, _ = session.counts()
                    print(
                        f"Saved {target}: {answered} of {total} answered"
                        + (f", {skipped} skipped" if skipped else "")
                        + f".\nContinue with: {resume_cmd}",
                        file=sys.stderr,
                    )
                    return
                elif outcome.kind == "invalid":
                    console.print(Text(f"  {outcome.message}", style="red"), highlight=False)
                elif outcome.kind == "refused":
                    _ask_again(console, f": {outcome.message}", "", resume_cmd)
                elif outcome.message:
                    console.print(Text(f"  {outcome.message}", style="yellow"), highlight=False)
        except KeyboardInterrupt:
            print(
                f"\nInterrupted. Every answer given so far is saved in {target}.\nContinue with: {resume_cmd}",
                file=sys.stderr,
            )
            raise typer.Exit(EXIT_INTERRUPTED) from None
        answered, skipped, _ = session.counts()
        summary = (
            f"Done: {answered} of {total} answered"
            + (f", {skipped} skipped" if skipped else "")
            + f". Saved {target}."
        )
        print(summary, file=sys.stderr)
        if skipped:
            print(f"Answer the skipped ones with: {resume_cmd}", file=sys.stderr)
        analyse = ["careergap", "analyse", str(target), "--role", chosen_role.id]
        for folder in roles_dir or []:  # the role may be the organisation's own
            analyse += ["--roles-dir", str(folder)]
        analyse += ["--format", "markdown", "--output", str(target.with_suffix(".md"))]
        print(f"Next: {shlex.join(analyse)}", file=sys.stderr)


@dataclass(frozen=True)
class _Keep:
    """What a resumed profile keeps when it is saved over: its permissions and whether it starts with a BOM."""

    mode: int
    bom: bool


def _keep_of(path: Path) -> _Keep:
    from careergap.profile_edit import check_rewritable

    # read-only, or in a folder careergap cannot write beside: refused before any question is asked
    check_rewritable(path)
    real = path.expanduser().resolve()
    with real.open("rb") as stream:
        bom = stream.read(3) == b"\xef\xbb\xbf"
    return _Keep(real.stat().st_mode & 0o777, bom)


def _now(path: Path) -> str | None:
    """The resumed file's text as it stands (None when it is gone: the session's own text is written again)."""
    from careergap.yamlio import read_text

    try:
        return read_text(path)
    except CareergapError:
        return None


def _save_in_place(path: Path, keep: _Keep, text: str) -> None:
    write_private(path, ("\ufeff" if keep.bom else "") + text)
    with contextlib.suppress(OSError):
        path.expanduser().resolve().chmod(keep.mode)


def _focus(session: Session, matcher: LibraryMatcher, phrases: list[str]) -> list[str]:
    """The question keys for --only phrases; each must name a skill this role asks about."""
    asked = {q.key for q in session.questions if q.kind == "skill"}
    keys = []
    for phrase in phrases:
        skill = matcher.skill_of(phrase)
        if skill is None or skill not in asked:
            what = (
                "matches no skill"
                if skill is None
                else f"is {skill}, which {session.role.id} does not ask for"
            )
            raise CareergapError(
                f"--only {phrase!r} {what}",
                "the skills asked about: " + ", ".join(q.key for q in session.questions if q.kind == "skill"),
            )
        keys.append(skill)
    return keys


def _ask_again(console: Console, problem: str, hint: str, resume_cmd: str | None) -> None:
    """An answer that cannot be used (``problem`` follows "the answer": " is not valid UTF-8 ..." or ": evidence is
    ... characters ..."): asked again at a terminal; from piped answers the run stops with exit 1, naming the line
    (the next line was meant for the next question), and every answer before it is kept."""
    if _at_terminal():
        from rich.text import Text

        console.print(
            Text(f"  the answer{problem}" + (f"; {hint}" if hint else ""), style="red"), highlight=False
        )
        return
    kept = (
        f"every answer before it is saved; fix that line, then continue with: {resume_cmd}"
        if resume_cmd
        else "nothing was saved; fix that line, or give the name with --name NAME"
    )
    raise CareergapError(f"answer on line {_lines_read[0]} of standard input{problem}", kept)


def _at_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _ask_name() -> str:
    """The person's name, cleaned and checked as the profile reader does (asked again at a terminal)."""
    from careergap.profiles import PERSON_NAME

    try:
        while True:
            try:
                value = clean_text(read_line("Name of the person being assessed: ")).strip()
            except NotUtf8Error as error:
                _ask_again(stderr_console(), f" {error}", "type it again", None)
                continue
            too_long = PERSON_NAME.refusal(value)
            if too_long is not None:
                _ask_again(stderr_console(), f": {too_long}", "", None)
                continue
            if value:
                return value
            print("  a name is needed (it is written into the profile)", file=sys.stderr)
    except EOFError:
        raise CareergapError("input ended before a name was given", "give it with --name NAME") from None
    except KeyboardInterrupt:
        print("\nInterrupted before anything was saved.", file=sys.stderr)
        raise typer.Exit(EXIT_INTERRUPTED) from None
