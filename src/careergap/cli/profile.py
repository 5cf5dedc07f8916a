"""`careergap profile confirm`: walk the phrases careergap was unsure of and remember the person's choices."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from careergap.cli._errors import handle_errors
from careergap.cli._options import RolesDirOption, get_library
from careergap.cli._words import plural

if TYPE_CHECKING:
    from careergap.analysis import Analyser
    from careergap.library import Library
    from careergap.models.profile import Profile
    from careergap.models.report import SkillMatch

app = typer.Typer(help="Work on a profile file.", no_args_is_help=True)


def _options(analyser: Analyser, match: SkillMatch) -> list[str]:
    """Candidate skill ids for one phrase, likeliest first (careergap.resolve.Index.suggestions)."""
    return [t for t in analyser.resolver.skills.suggestions(match) if t in analyser.library.skills]


def _chosen(analyser: Analyser, answer: str, options: list[str]) -> str | None:
    """The skill id an answer names: a number from the list, a skill id, or a skill's exact name."""
    if answer.isascii() and answer.isdigit():  # "²" is a digit to str.isdigit, not to int()
        return options[int(answer) - 1] if 1 <= int(answer) <= len(options) else None
    wanted = answer.strip().casefold()
    for skill_id, name in analyser.skill_names.items():
        if wanted in (skill_id.casefold(), name.casefold()):
            return skill_id
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
    profile: Annotated[Path, typer.Argument(help="Profile file (YAML or JSON) to confirm and update.")],
    roles_dir: RolesDirOption = None,
    phrase_map: Annotated[
        Path | None,
        typer.Option(
            "--phrase-map",
            metavar="FILE",
            help="Your organisation's phrase map (YAML or CSV; created if missing): the phrases it settles are not "
            "asked, and every skill the profile names (each choice made now, and each `skill:` it already had) is "
            "added to it, so the next person who writes the same words is not asked either.",
        ),
    ] = None,
) -> None:
    """Walk the phrases matched by meaning, ambiguous or refused; write each choice into the profile.

    For each phrase, type the number of the skill you mean, Enter to keep careergap's reading (when it has one),
    s to skip, or q to stop. A choice is written as `skill: <id>` beside the phrase, keeping the file as written,
    so the next run needs no guessing and reports it "as you said". With --phrase-map the choices also go into
    the organisation's phrase map, which batch, team (--phrase-map) and every command (a phrase-map.yaml beside
    --roles-dir files) read.
    """
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
    stated = {item.name: item.skill for item in person.skills if item.skill in library.skills}
    unsure = [
        (item, match)
        for item in person.skills
        if item.skill is None
        for match in [analyser.resolver.skill(item.name)]
        if match.status != "matched" or match.method == "semantic"
    ]
    if not unsure:
        print(
            f"{profile}: nothing to confirm; every phrase matched by its words"
            + (", was settled by the phrase map" if phrase_map else "")
            + " or was confirmed before."
        )
        _remember(phrase_map, stated)
        _unread_qualifications(analyser, person.qualifications)
        return
    print(f"{plural(len(unsure), 'phrase')} to confirm in {profile} (matcher: {analyser.resolver.matcher})")
    choices: dict[str, str] = {}
    for number, (item, match) in enumerate(unsure, 1):
        options = _options(analyser, match)
        print(f"\n[{number}/{len(unsure)}] {item.name!r}: {match.status} - {match.reason}")
        for i, target in enumerate(options, 1):
            mark = "  (careergap's reading)" if target == match.target else ""
            print(f"  {i}. {target} - {analyser.skill_names[target]}{mark}")
        if not options:
            print("  (no skill is close; type a skill id or name from: careergap skills list)")
        default = "1" if match.target else "s"
        while True:
            try:
                answer = typer.prompt(
                    "skill number, skill id or name, s to skip, q to stop", default=default
                ).strip()
            except typer.Abort as stop:  # input ended (EOF) or Ctrl-C: keep the answers given so far
                interrupted = isinstance(stop.__context__, KeyboardInterrupt)
                print(
                    f"\n{'interrupted' if interrupted else 'input ended'}: stopped at phrase {number} of {len(unsure)}"
                )
                _save(profile, phrase_map, person, stated, choices)
                if interrupted:
                    raise typer.Exit(130) from None
                return
            chosen = _chosen(analyser, answer, options)
            if answer.lower() in ("s", "q") or chosen is not None:
                break
            print(
                f"  type a number from 1 to {len(options)}, a skill id or name, s or q"
                if options
                else "  type a skill id or name (careergap skills list), s or q"
            )
        if answer.lower() == "q":
            break
        if chosen is not None:
            choices[item.name] = chosen
    _save(profile, phrase_map, person, stated, choices)
    _unread_qualifications(analyser, person.qualifications)


def _save(
    profile: Path, phrase_map: Path | None, person: Profile, stated: dict[str, str], choices: dict[str, str]
) -> None:
    """The phrase map first, then the profile: a map that cannot be written leaves the profile as it was."""
    from careergap.profile_edit import write_choices

    settled = {**stated, **choices}
    _remember(phrase_map, {item.name: settled[item.name] for item in person.skills if item.name in settled})
    if not choices:
        print("nothing written")
        return
    changed = write_choices(profile, choices)
    print(
        f"wrote {plural(changed, 'choice')} into {profile}: "
        + ", ".join(f"{p!r} -> {s}" for p, s in choices.items())
    )


def _unread_qualifications(analyser: Analyser, qualifications: Sequence[str]) -> None:
    """Qualifications are not confirmed (a profile names them in words only), but one careergap cannot read counts
    as not held: say which, and how to write it so that it is read."""
    unread = [m for m in map(analyser.resolver.qualification, qualifications) if m.status != "matched"]
    if not unread:
        return
    print(
        f"\nnot read, so counted as not held: {plural(len(unread), 'qualification')} - "
        + "; ".join(f"{m.phrase!r} ({m.reason})" for m in unread)
        + ". Write each as its awarding body names it; `careergap skills search -q TEXT` shows how one is read."
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
