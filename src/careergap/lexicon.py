"""The matcher's word lists as data: read data/roles/lexicon.yaml once, and check it for `roles validate`.

Abbreviations, spellings, filler, joining words, irregular verbs, generic words, qualification tiers, the nouns
that end an open-ended award, the words around a held award, the words a CV rates a skill with, the names of the
software work is done in, the verb-object frames, the words of a passive opening and the words that introduce what
something was for live in that file, so a framework author extends the vocabulary without code
(docs/adding-vocabulary.md).
The matcher (careergap.normalize, careergap.resolve) reads them from ``lexicon()``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:  # importlib.resources.abc is 3.11+; the name is only needed for typing
    import sys

    from careergap.errors import Problem

    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

LEXICON_FILE = "lexicon.yaml"
WORD_LISTS = (
    "filler",
    "function_words",
    "irregular_verbs",
    "generic_stems",
    "tier_stems",
    "open_ended_head_stems",
    "stop_topic_stems",
    "award_context",
    "self_ratings",
    "frame_modifiers",
    "passive_markers",
    "agent_words",
    "passive_auxiliaries",
    "passive_subjects",
    "purpose_markers",
    "setting_markers",
    "topic_markers",
    "people_words",
    "tool_words",
    "medium_markers",
    "verb_particles",
)
WORD_MAPS = ("abbreviations", "spellings")
FRAMES = "frames"  # skill id -> {verbs: [...], objects: [...]}, each entry one or more lowercase words
FRAME_PARTS = ("verbs", "objects")
# An optional switch of a frame: `described: true` lets words that say what kind of thing come between its verb and
# its object ("Running infrastructure upgrade projects"), as long as they name no skill (careergap.resolve)
FRAME_DESCRIBED = "described"
# ... and `unless: [...]`: describing words that make the object another skill's ("related projects" are a programme)
FRAME_UNLESS = "unless"
# ... and `topic: true`: after the whole frame, a topic marker (lexicon `topic_markers`) and any words say what the
# work was about ("Consulted 300 residents on proposals to redesign the play areas")
FRAME_TOPIC = "topic"
# ... and `state_verbs: [...]` with `states: [...]`: one of these verbs, the people one of its objects names and one
# of these states read as the frame too ("Kept parents informed", "Keep local councillors and MPs' offices briefed")
FRAME_STATE_VERBS = "state_verbs"
FRAME_STATES = "states"
FRAME_OPTIONAL = (FRAME_DESCRIBED, FRAME_UNLESS, FRAME_TOPIC, FRAME_STATE_VERBS, FRAME_STATES)


def data_root() -> Traversable | Path:
    """The built-in data folder (data/roles): inside the installed package, or, in an editable install (where the
    wheel's force-included data folder does not exist), the repository's own ``data/roles``."""
    packaged = resources.files("careergap") / "data" / "roles"
    if packaged.is_dir():
        return packaged
    source_tree = Path(__file__).resolve().parents[2] / "data" / "roles"
    return source_tree if source_tree.is_dir() else packaged


@dataclass(frozen=True)
class Lexicon:
    abbreviations: dict[str, str]
    spellings: dict[str, str]
    filler: frozenset[str]
    function_words: frozenset[str]
    irregular_verbs: frozenset[str]
    generic_stems: frozenset[str]
    tier_stems: frozenset[str]
    open_ended_head_stems: frozenset[str]
    stop_topic_stems: frozenset[str]
    award_context: frozenset[str]
    self_ratings: frozenset[str]
    frame_modifiers: frozenset[str]
    passive_markers: frozenset[str]
    agent_words: frozenset[str]
    passive_auxiliaries: frozenset[str]
    passive_subjects: frozenset[str]
    purpose_markers: frozenset[str]
    setting_markers: frozenset[str]
    topic_markers: frozenset[str]
    people_words: frozenset[str]
    tool_words: frozenset[str]
    medium_markers: frozenset[str]
    verb_particles: frozenset[str]
    # skill id -> (verbs, objects), each a tuple of lowercase word sequences as written in the file
    frames: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
    # the frames whose object may be described before it (`described: true`), each with the words that may not
    # describe it (`unless:`)
    described_frames: dict[str, frozenset[str]] = field(default_factory=dict)
    # the frames whose line may go on to say what the work was about (`topic: true`)
    topic_frames: frozenset[str] = frozenset()
    # skill id -> (state verbs, states) for the frames read as "keep <its people> <a state>"
    state_frames: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)


def lexicon_text() -> str:
    return (data_root() / LEXICON_FILE).read_text(encoding="utf-8")


def _word_problems(data: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """(path, message) for every entry that is not as the matcher needs it."""
    if not isinstance(data, dict) or not isinstance(data.get("lexicon"), dict):
        return [((), "expected a mapping `lexicon:` holding the word lists")]
    body = data["lexicon"]
    out: list[tuple[tuple[str | int, ...], str]] = []
    for name in [*WORD_MAPS, *WORD_LISTS, FRAMES]:
        if name not in body:
            out.append((("lexicon",), f"missing {name!r}"))
    for name in body:
        if name not in (*WORD_MAPS, *WORD_LISTS, FRAMES):
            valid = ", ".join((*WORD_MAPS, *WORD_LISTS, FRAMES))
            out.append((("lexicon", name), f"unknown list {name!r}; valid: {valid}"))
    out += _frame_problems(body.get(FRAMES, {}))
    for name in WORD_MAPS:
        value = body.get(name)
        if name in body and not isinstance(value, dict):
            out.append((("lexicon", name), "expected a mapping of word -> replacement words"))
            continue
        for word, replacement in (value or {}).items():
            if not _one_word(word):
                out.append((("lexicon", name, str(word)), f"{word!r} must be one lowercase word"))
            if (
                not isinstance(replacement, str)
                or replacement != replacement.lower()
                or not replacement.strip()
            ):
                out.append(
                    (("lexicon", name, str(word)), f"replacement {replacement!r} must be lowercase words")
                )
    for name in WORD_LISTS:
        value = body.get(name)
        if name in body and not isinstance(value, list):
            out.append((("lexicon", name), "expected a list of lowercase words"))
            continue
        seen: set[str] = set()
        for i, word in enumerate(value or []):
            if not _one_word(word):
                out.append((("lexicon", name, i), f"{word!r} must be one lowercase word"))
            elif word in seen:
                out.append((("lexicon", name, i), f"{word!r} is listed twice"))
            seen.add(str(word))
    return out


def _frame_problems(frames: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """(path, message) for every frame entry that is not a skill id with non-empty lists of lowercase words."""
    if not isinstance(frames, dict):
        return [(("lexicon", FRAMES), "expected a mapping of skill id -> {verbs: [...], objects: [...]}")]
    out: list[tuple[tuple[str | int, ...], str]] = []
    for skill, frame in frames.items():
        where: tuple[str | int, ...] = ("lexicon", FRAMES, str(skill))
        if not isinstance(frame, dict) or set(map(str, frame)) - set(FRAME_OPTIONAL) != set(FRAME_PARTS):
            shape = (
                "each a list of lowercase words, and optionally `described: true`, `unless: [...]`, `topic: true`"
                " and `state_verbs: [...]` with `states: [...]`"
            )
            out.append((where, f"expected `verbs:` and `objects:`, {shape}"))
            continue
        for switch in (FRAME_DESCRIBED, FRAME_TOPIC):
            if not isinstance(frame.get(switch, False), bool):
                out.append(((*where, switch), "expected true or false"))
        unless = frame.get(FRAME_UNLESS, [])
        if not isinstance(unless, list) or not all(_one_word(w) for w in unless):
            out.append(((*where, FRAME_UNLESS), "expected a list of lowercase words"))
        if (FRAME_STATE_VERBS in frame) != (FRAME_STATES in frame):
            out.append((where, f"`{FRAME_STATE_VERBS}:` and `{FRAME_STATES}:` go together"))
        for part in (*FRAME_PARTS, FRAME_STATE_VERBS, FRAME_STATES):
            if part not in frame:
                continue
            entries = frame[part]
            if not isinstance(entries, list) or not entries:
                out.append(((*where, part), "expected a non-empty list of lowercase words"))
                continue
            for i, entry in enumerate(entries):
                if not isinstance(entry, str) or entry != entry.lower() or not entry.split():
                    out.append(((*where, part, i), f"{entry!r} must be one or more lowercase words"))
        if isinstance(frame["verbs"], list) and isinstance(frame["objects"], list):
            both = sorted(set(map(str, frame["verbs"])) & set(map(str, frame["objects"])))
            if both:
                out.append((where, f"{', '.join(map(repr, both))} is both a verb and an object"))
    return out


def _one_word(word: object) -> bool:
    return (
        isinstance(word, str) and bool(word) and word == word.lower() and not any(c.isspace() for c in word)
    )


def check_lexicon(
    text: str | None = None,
    name: str = "careergap:data/roles/" + LEXICON_FILE,
    skills: Collection[str] | None = None,
) -> list[Problem]:
    """Every problem in the lexicon file, each with its line and field (what `careergap roles validate` runs); with
    `skills` (the built-in library's skill ids), a frame must name one of them."""
    from careergap.errors import InputFileError, Problem
    from careergap.yamlio import dotted, load_text

    try:
        loaded = load_text(lexicon_text() if text is None else text, name)
    except InputFileError as exc:
        return [exc.problem]
    problems = list(loaded.duplicate_keys)
    found = _word_problems(loaded.data)
    body = loaded.data.get("lexicon") if isinstance(loaded.data, dict) else None
    frames = body.get(FRAMES) if isinstance(body, dict) else None
    if skills is not None and isinstance(frames, dict):
        found += [
            (
                ("lexicon", FRAMES, str(skill)),
                f"no skill {skill!r} in the built-in library; a frame names a skill id",
            )
            for skill in frames
            if skill not in skills
        ]
    for path, message in found:
        line, column = loaded.index.locate(path)
        problems.append(Problem(name, message, line, column, dotted(path) if path else None))
    return problems


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The built-in lexicon, read once. A broken file is a packaging error: it names the first problem.

    Read with libyaml's safe loader when PyYAML has it (about 4 ms instead of 34 ms, on every run of a command
    that matches phrases); the same safe subset of YAML either way. ``check_lexicon`` keeps the line-aware reader.
    """
    data = yaml.load(lexicon_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    problems = _word_problems(data)
    if problems:
        path, message = problems[0]
        raise ValueError(
            f"{LEXICON_FILE}: {'.'.join(map(str, path))}: {message} (run careergap roles validate)"
        )
    body = data["lexicon"]
    return Lexicon(
        abbreviations=dict(body["abbreviations"]),
        spellings=dict(body["spellings"]),
        **{name: frozenset(body[name]) for name in WORD_LISTS},
        frames={
            skill: (tuple(frame["verbs"]), tuple(frame["objects"])) for skill, frame in body[FRAMES].items()
        },
        described_frames={
            skill: frozenset(frame.get(FRAME_UNLESS, []))
            for skill, frame in body[FRAMES].items()
            if frame.get(FRAME_DESCRIBED, False)
        },
        topic_frames=frozenset(
            skill for skill, frame in body[FRAMES].items() if frame.get(FRAME_TOPIC, False)
        ),
        state_frames={
            skill: (tuple(frame[FRAME_STATE_VERBS]), tuple(frame[FRAME_STATES]))
            for skill, frame in body[FRAMES].items()
            if FRAME_STATES in frame
        },
    )
