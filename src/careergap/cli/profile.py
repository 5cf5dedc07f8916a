"""`careergap profile confirm`: walk the phrases careergap was unsure of and remember the person's choices."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from careergap.cli._errors import handle_errors
from careergap.cli._options import AnswersFromStdinOption, RolesDirOption, get_library, require_answerer
from careergap.cli._words import plural

if TYPE_CHECKING:
    from careergap.analysis import Analyser
    from careergap.library import Library
    from careergap.models.profile import Profile
    from careergap.models.report import SkillMatch

app = typer.Typer(help="Work on a profile file.", no_args_is_help=True)


@dataclass(frozen=True)
class _Unsure:
    """One profile entry careergap was unsure of: a skill phrase or a qualification, how it was read, what to
    offer (likeliest first) and the names of everything that may be chosen."""

    kind: Literal["skill", "also", "qualification", "not_applicable"]
    phrase: str
    match: SkillMatch  # for "also": the other skill one item of the line was read as
    options: list[str]
    names: Mapping[str, str]
    # the options offered because the person's role asks for them, not because they are close
    asked: frozenset[str] = frozenset()
    # for "also": every other skill the line names as read now, those not asked about included
    line_also: tuple[str, ...] = ()


def _unsure(analyser: Analyser, person: Profile, every: bool = False) -> list[_Unsure]:
    """The skill phrases matched by meaning, ambiguous or refused (with `every`, also those its words matched), each
    followed by the other skills the line names that were read by meaning from one of its items (with `every`, all
    of them), then the qualifications careergap cannot read; an entry that already names a library id beside it
    is settled (`skill:` for the line, `also:` for its other skills)."""
    library = analyser.library
    found = []
    for item in person.skills:
        if analyser.sets_aside(item.name, item.skill):  # said, or the phrase map says, to name no skill
            continue
        match = analyser.skill_match(item.name, stated=item.skill)  # an id beside it that is not one is asked
        settled = item.skill in library.skills
        if not settled and (every or match.status != "matched" or match.method == "semantic"):
            options = [t for t in analyser.resolver.skills.suggestions(match) if t in library.skills]
            found.append(_Unsure("skill", item.name, match, options, analyser.skill_names))
        if item.also is None:
            found += _others_unsure(analyser, item.name, match, every)
    for excluded in person.not_applicable:  # "does not apply to me": ignored while its words match no skill
        match = analyser.skill_match(excluded.skill)
        if match.status != "matched":
            options = [t for t in analyser.resolver.skills.suggestions(match) if t in library.skills]
            found.append(_Unsure("not_applicable", excluded.skill, match, options, analyser.skill_names))
    asked = _awards_asked(library, person)
    for held in person.qualifications:
        if held.qualification in library.qualifications:
            continue
        match = analyser.qualification_match(held.name, held.qualification)
        if match.status != "matched":
            close = [
                t for t in analyser.resolver.qualifications.suggestions(match) if t in library.qualifications
            ]
            options = list(dict.fromkeys([*close, *asked]))[: max(len(close), 6)]
            found.append(
                _Unsure(
                    "qualification",
                    held.name,
                    match,
                    options,
                    analyser.qualification_names,
                    frozenset(options) - set(close),
                )
            )
    return found


def _others_unsure(analyser: Analyser, phrase: str, line: SkillMatch, every: bool) -> list[_Unsure]:
    """The other skills a line read as `line` names that were read by meaning from one of its items (with `every`,
    all of them), to ask about."""
    others = [o for o in analyser.also_matches(phrase, line) if o.target]
    line_also = tuple(o.target or "" for o in others)
    return [
        _Unsure("also", phrase, other, [other.target or ""], analyser.skill_names, line_also=line_also)
        for other in others
        if every or other.method == "semantic"
    ]


def _awards_asked(library: Library, person: Profile) -> list[str]:
    """The awards the person's target and current roles ask for, in the roles' order: when an award's words are close
    to nothing, these are what it might count as (the person says whether it does, or skips)."""
    found: list[str] = []
    for role_id in (person.target_role, person.current_role):
        role = library.roles.get(role_id or "")
        for requirement in role.qualifications if role else ():
            found += [q for q in requirement.accepted if q in library.qualifications]
    return list(dict.fromkeys(found))


def _chosen(entry: _Unsure, answer: str) -> str | None:
    """The id an answer names: a number from the list, an id, or an exact name."""
    if answer.isascii() and answer.isdigit():  # "²" is a digit to str.isdigit, not to int()
        return entry.options[int(answer) - 1] if 1 <= int(answer) <= len(entry.options) else None
    wanted = answer.strip().casefold()
    for target, name in entry.names.items():
        if wanted in (target.casefold(), name.casefold()):
            return target
    return None


def _analyser(library: Library, phrase_map: Path | None, profile: Path) -> Analyser:
    """The analyser confirm asks with: the organisation's phrase map, when given, applied before matching."""
    from careergap.analysis import Analyser

    if phrase_map is None:
        return Analyser(library)
    from careergap.library import load_phrase_maps
    from careergap.phrase_map_edit import check_writable, is_blank
    from careergap.resolve import build_resolver

    if profile.expanduser().exists() and phrase_map.expanduser().exists() and profile.samefile(phrase_map):
        raise typer.BadParameter(
            f"{phrase_map} is the profile itself; name the phrase map file", param_hint="--phrase-map"
        )
    check_writable(phrase_map)
    mapped = {} if is_blank(phrase_map) else load_phrase_maps([phrase_map], library)
    return Analyser(library, build_resolver(library, phrase_map=mapped))


@app.command("confirm")
@handle_errors
def confirm(
    profile: Annotated[
        Path, typer.Argument(help="Profile file (YAML or JSON) to confirm and update.", readable=False)
    ],
    roles_dir: RolesDirOption = None,
    phrase_map: Annotated[
        Path | None,
        typer.Option(
            "--phrase-map",
            metavar="FILE",
            help="Your organisation's phrase map (YAML or CSV; created if missing): the phrases and awards it "
            "settles are not asked, and every id the profile names (each choice made now, and each `skill:` or "
            "`qualification:` it already had) is added to it, so the next person who writes the same words is not "
            "asked either.",
            readable=False,
        ),
    ] = None,
    answers_from_stdin: AnswersFromStdinOption = False,
    every: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Also walk the phrases careergap matched by their words (Enter keeps its reading), to check or "
            "correct every reading in a session.",
        ),
    ] = False,
) -> None:
    """Walk the phrases matched by meaning, ambiguous or refused, the other skills a line's items were read as by
    meaning, the qualifications careergap cannot read and the not_applicable entries that name no skill; write each
    choice into the profile.

    For each, type the number of the skill (or award) you mean, Enter to keep careergap's reading (when it has
    one), n when a phrase names no library skill (written as `skill: none`: set aside, not asked again), s to skip,
    or q to stop. For another skill of a line, y (or Enter) when the line names it too, n when not (written
    beside the line as `also: [ids]`, the other skills it names). A choice is written beside the phrase as
    `skill: <id>` (a qualification becomes `{name: ..., qualification: <id>}`; a not_applicable entry names the
    skill id instead of its words), keeping the file as written, so the next run needs no guessing and reports it
    "as you said". With --phrase-map the choices also go into the organisation's phrase map, which
    batch, team (--phrase-map) and every command (a phrase-map.yaml beside --roles-dir files) read.
    """
    from careergap.models.profile import NOT_A_SKILL
    from careergap.profile_edit import check_editable
    from careergap.profiles import load_profile

    if str(profile) == "-":
        raise typer.BadParameter(
            "confirm writes the choices into the profile file; give its name, not '-'", param_hint="PROFILE"
        )
    person = load_profile(profile)
    check_editable(profile)  # refused now, not after every question has been answered
    library = get_library(roles_dir)
    analyser = _analyser(library, phrase_map, profile)
    stated = {item.name: item.skill for item in person.skills if item.skill in library.skills} | {
        q.name: q.qualification for q in person.qualifications if q.qualification in library.qualifications
    }
    unsure = _unsure(analyser, person, every)
    if not unsure:
        print(
            f"{profile}: nothing to confirm; every phrase matched by its words"
            + (", was settled by the phrase map" if phrase_map else "")
            + " or was confirmed before, and every qualification was read."
        )
        _remember(phrase_map, stated)
        return
    require_answerer("profile confirm", answers_from_stdin)  # only now: nothing to ask needs no one to answer
    words = {
        "skill": "phrase",
        "also": "other skill of a line",
        "qualification": "qualification",
        "not_applicable": "not_applicable entry",
    }
    counts = Counter(words[entry.kind] for entry in unsure)
    what = " and ".join(
        plural(n, word) for word, n in counts.items()
    )  # phrases come first, as they are asked
    print(f"{what} to confirm in {profile} (matcher: {analyser.resolver.matcher})")
    choices: dict[str, dict[str, str]] = {"skill": {}, "qualification": {}, "not_applicable": {}}
    # line -> {other skill id: does the line name it}, for the other skills read from the line's items
    others: dict[str, dict[str, bool]] = {}
    number = 0
    said_also = {item.name for item in person.skills if item.also is not None}
    try:
        while number < len(unsure):
            entry = unsure[number]
            number += 1
            if entry.kind == "also":
                # a line said to name no skill is set aside, its items with it
                if choices["skill"].get(entry.phrase) == NOT_A_SKILL:
                    continue
                answer = _ask_also(entry, number, len(unsure))
                if answer == "q":
                    break
                if answer in ("y", "n"):
                    others.setdefault(entry.phrase, {})[entry.options[0]] = answer == "y"
                continue
            answer, chosen = _ask(entry, number, len(unsure))
            if answer.lower() == "q":
                break
            if chosen is not None:
                choices[entry.kind][entry.phrase] = chosen
            if (
                entry.kind == "skill"
                and chosen not in (None, NOT_A_SKILL)
                and entry.phrase not in said_also
                and not any(e.kind == "also" and e.phrase == entry.phrase for e in unsure)
            ):
                # a line that was not read has items only now: ask about them next, in this run
                line = analyser.skill_match(entry.phrase, stated=chosen)
                unsure[number:number] = _others_unsure(analyser, entry.phrase, line, every)
    except typer.Abort as stop:  # input ended (EOF) or Ctrl-C: keep the answers given so far
        interrupted = isinstance(stop.__context__, KeyboardInterrupt)
        print(f"\n{'interrupted' if interrupted else 'input ended'}: stopped at {number} of {len(unsure)}")
        _save(profile, phrase_map, person, stated, choices, unsure, others)
        if interrupted:
            raise typer.Exit(130) from None
        return
    _save(profile, phrase_map, person, stated, choices, unsure, others)


def _ask(entry: _Unsure, number: int, total: int) -> tuple[str, str | None]:
    """Ask about one phrase, qualification or not_applicable entry until the answer is usable: (the answer, the id
    it names, `none` for n at a phrase, or None). typer.Abort when input ends."""
    from careergap.models.profile import NOT_A_SKILL

    label = {"skill": "", "qualification": "qualification ", "not_applicable": "not_applicable "}[entry.kind]
    print(f"\n[{number}/{total}] {label}{entry.phrase!r}: {entry.match.status} - {entry.match.reason}")
    for i, target in enumerate(entry.options, 1):
        mark = (
            "  (careergap's reading)"
            if target == entry.match.target
            else "  (your role asks for it)"
            if target in entry.asked
            else ""
        )
        print(f"  {i}. {target} - {entry.names[target]}{mark}")
    listing = "careergap skills list" + (" --qualifications" if entry.kind == "qualification" else "")
    kind = "qualification" if entry.kind == "qualification" else "skill"
    if not entry.options:
        print(f"  (nothing is close; type an id or name from: {listing})")
    default = "1" if entry.match.target else "s"
    while True:
        answer = typer.prompt(
            f"{kind} number, id or name, {'n if it names none, ' if entry.kind == 'skill' else ''}"
            "s to skip, q to stop",
            default=default,
        ).strip()
        chosen = _chosen(entry, answer)
        if entry.kind == "skill" and answer.lower() == "n":
            chosen = NOT_A_SKILL
        if answer.lower() in ("s", "q") or chosen is not None:
            return answer, chosen
        also = ", n, s or q" if entry.kind == "skill" else ", s or q"
        print(
            f"  type a number from 1 to {len(entry.options)}, an id or name{also}"
            if entry.options
            else f"  type an id or name ({listing}){also}"
        )


def _ask_also(entry: _Unsure, number: int, total: int) -> str:
    """Ask whether a line also names the skill one of its items was read as: y (or 1, as at the other questions),
    n, s or q (Enter: y, careergap's reading). typer.Abort when input ends."""
    other = entry.match
    how = "by meaning" if other.method == "semantic" else f"by its words ({other.method})"
    target = entry.options[0]
    print(
        f"\n[{number}/{total}] {entry.phrase!r} also names {target} - {entry.names[target]}? "
        f"Read {how} from its item {other.phrase!r}: {other.reason}"
    )
    while True:
        answer = str(
            typer.prompt("y (or 1) if the line names it too, n if not, s to skip, q to stop", default="y")
        )
        answer = answer.strip().lower()
        if answer in ("y", "1", "n", "s", "q"):
            return "y" if answer == "1" else answer
        print("  type y (or 1), n, s or q")


def _also_written(
    others: dict[str, dict[str, bool]], unsure: list[_Unsure], chosen: dict[str, str]
) -> dict[str, list[str]]:
    """The `also:` list to write on each line whose other skills were all answered: every other skill it names as
    read now, less those said not to be named (and the line's own skill, when it was chosen as one of them). A line
    with one left unanswered (s, or q before it) is not written, so the next run asks again."""
    written = {}
    for line, answers in others.items():
        entries = [e for e in unsure if e.kind == "also" and e.phrase == line]
        if any(e.options[0] not in answers for e in entries):
            continue
        written[line] = [t for t in entries[0].line_also if answers.get(t, True) and t != chosen.get(line)]
    return written


def _save(
    profile: Path,
    phrase_map: Path | None,
    person: Profile,
    stated: dict[str, str],
    choices: dict[str, dict[str, str]],
    unsure: list[_Unsure],
    others: dict[str, dict[str, bool]],
) -> None:
    """The phrase map first, then the profile: a map that cannot be written leaves the profile as it was. Then the
    qualifications still unread, which count as not held. The other skills of a line are the person's own answer,
    not a reading for the organisation's map (it maps a phrase to one skill)."""
    from careergap.models.profile import NOT_A_SKILL
    from careergap.profile_edit import write_choices

    skills, awards, excluded = choices["skill"], choices["qualification"], choices["not_applicable"]
    also = _also_written(others, unsure, skills)
    settled = {**stated, **skills, **awards, **excluded}
    written = [
        *(item.name for item in person.skills),
        *person.qualification_names,
        *(entry.skill for entry in person.not_applicable),
    ]
    # a phrase said to name no skill is this person's answer, not a reading for the organisation's map
    _remember(
        phrase_map,
        {name: settled[name] for name in written if name in settled and settled[name] != NOT_A_SKILL},
    )
    if skills or awards or excluded or also:
        changed = write_choices(profile, skills, awards, excluded, also)
        print(
            f"wrote {plural(changed, 'choice')} into {profile}: "
            + ", ".join(
                [f"{p!r} -> {s}" for p, s in {**skills, **awards, **excluded}.items()]
                + [f"{p!r} also -> [{', '.join(ids)}]" for p, ids in also.items()]
            )
        )
    else:
        print("nothing written")
    unread = [e.phrase for e in unsure if e.kind == "qualification" and e.phrase not in awards]
    if unread:
        print(
            f"not read, so counted as not held: {plural(len(unread), 'qualification')} - "
            + "; ".join(map(repr, unread))
            + ". Confirm each (run this again), or write it as its awarding body names it "
            "(`careergap skills search -q TEXT` shows how one is read)."
        )


def _remember(phrase_map: Path | None, choices: dict[str, str]) -> None:
    """Add the profile's settled phrases to the organisation's phrase map (those it does not hold yet)."""
    if phrase_map is None:
        return
    from careergap.phrase_map_edit import add_phrases

    added = add_phrases(phrase_map, choices)
    if added:
        print(
            f"added {plural(len(added), 'phrase')} to the phrase map {phrase_map}: "
            + ", ".join(map(repr, added))
        )
    elif not choices:
        print(
            f"no phrase to add to the phrase map {phrase_map}"
            + ("" if phrase_map.exists() else "; not created")
        )
    else:
        print(f"the phrase map {phrase_map} already holds every phrase this profile settles")
