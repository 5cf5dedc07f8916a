"""Pure text normalisation for matching: case, punctuation, UK/US spelling, abbreviations, light stemming."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

from careergap.lexicon import lexicon

_LEXICON = lexicon()  # data/roles/lexicon.yaml: the word lists below are data, checked by `roles validate`
# Abbreviations people write on CVs and in spreadsheets, expanded before anything else.
ABBREVIATIONS: dict[str, str] = _LEXICON.abbreviations
# US -> UK spellings at word level; the library is written in British English.
SPELLINGS: dict[str, str] = _LEXICON.spellings

# Phrases joined into one token so that "PRINCE 2" and "ITIL v4" match their aliases.
_JOINS = re.compile(r"\b(prince|itil|mor|mop|msp|p3o|iso)\s*(?:v|version\s*)?(\d+)\b")
_IZE = re.compile(r"(\w{3,})iz(e|es|ed|ing|ation|ations|er|ers)\b")
_YZE = re.compile(r"(\w{2,})yz(e|es|ed|ing|er|ers)\b")

# Words that say nothing about which skill is meant; dropped before matching.
FILLER: frozenset[str] = _LEXICON.filler

_SUFFIXES = (
    "ements",
    "ement",
    "ments",
    "ment",
    "ations",
    "ation",
    "ators",
    "ator",
    "ions",
    "ion",
    "ness",
    "ings",
    "ing",
    "ers",
    "er",
    "ed",
    "ly",
    "es",
    "s",
)
_KEEP_S = ("ss", "us", "is", "ys")


def stem(word: str) -> str:
    """A deliberately light stemmer: management/managing/manager -> manag, budgets -> budget."""
    if any(ch.isdigit() for ch in word) or len(word) <= 4:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            if suffix in ("s", "es") and word.endswith(_KEEP_S):
                continue
            if suffix == "es" and not word.endswith(("ches", "shes", "sses", "xes")):
                continue
            if suffix == "ness" and len(word) - 4 < 5:
                continue
            word = word[: -len(suffix)] + ("at" if suffix.startswith("ator") else "")
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    return word


def clean(text: str) -> str:
    """Lowercase, strip accents and punctuation, expand abbreviations and fix US spellings; keeps word order."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("&", " and ").replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"\bco[\s-]+(?=ordinat|operat)", "co", text)
    text = _JOINS.sub(lambda m: f"{m.group(1)}{m.group(2)}", text)
    text = re.sub(r"\ba[\s-]+levels?\b", "alevel", text)
    text = re.sub(r"[^a-z0-9+#]+", " ", text)
    text = _JOINS.sub(lambda m: f"{m.group(1)}{m.group(2)}", text)
    text = _IZE.sub(lambda m: f"{m.group(1)}is{m.group(2)}", text)
    text = _YZE.sub(lambda m: f"{m.group(1)}ys{m.group(2)}", text)
    words: list[str] = []
    for word in text.split():
        word = SPELLINGS.get(word, word)
        words.extend(ABBREVIATIONS.get(word, word).split())
    return " ".join(words)


@lru_cache(maxsize=65536)
def tokens(text: str, keep_digits: bool = False) -> tuple[str, ...]:
    """The stemmed content tokens of a phrase, filler removed, in order (numbers kept only if asked)."""
    return tuple(
        stem(word)
        for word in clean(text).split()
        if word not in FILLER and (keep_digits or not word[0].isdigit())
    )


@lru_cache(maxsize=65536)
def key(text: str, keep_digits: bool = False) -> str:
    """A canonical key for exact matching: the sorted content tokens."""
    return " ".join(sorted(tokens(text, keep_digits)))


def phrase_key(phrase: str) -> str:
    """How a phrase map entry is looked up: the exact-match key, so case, punctuation, word order and filler words
    do not matter.

    >>> phrase_key("Managing a team of 8") == phrase_key("managing team 8")
    True
    """
    return key(phrase, keep_digits=True) or " ".join(phrase.casefold().split())


_LEADING = re.compile(
    r"^(?:(?:experience|experienced|skilled|expert|expertise|knowledge|understanding|proficient|proficiency|"
    r"competent|ability|able|background|track record)\s+(?:in|of|with|at|to)\s+)+"
)
_TRAILING = re.compile(
    r"\s+(?:for|with|across|in|on|at|within|including|inc|incl|using|via|e g|eg|such as)\s+.*$"
)
_BRACKETS = re.compile(r"\s*[\(\[][^\)\]]*[\)\]]")


def variants(text: str) -> list[tuple[str, float]]:
    """The phrase and its shorter readings (context stripped), each with a small penalty for the loss.

    Why: people qualify skills ("budget management for capital projects", "risk management (RAID)");
    the qualifier should not block a match, but a bare phrase that needs no stripping should win a tie.
    """
    base = text.strip()
    out: list[tuple[str, float]] = [(base, 0.0)]
    lowered = base.lower()
    no_brackets = _BRACKETS.sub("", base).strip()
    if no_brackets and no_brackets != base:
        out.append((no_brackets, 2.0))
    lead = _LEADING.sub("", clean(no_brackets or base))
    if lead and lead != clean(base):
        out.append((lead, 1.0))
    trimmed = _TRAILING.sub("", " " + lead).strip()
    if trimmed and trimmed != lead and tokens(trimmed):
        out.append((trimmed, 4.0))
    _ = lowered
    return out


# Words that join the parts of a CV phrase; a phrase is read in chunks split at these and at punctuation.
FUNCTION_WORDS: frozenset[str] = _LEXICON.function_words
PART_SPLIT = re.compile(r"[,;:()\[\]/|+]|\s[-\u2013\u2014]+\s|\s&\s")
IRREGULAR_VERBS = _LEXICON.irregular_verbs


@lru_cache(maxsize=65536)
def chunks(text: str, keep_digits: bool = False) -> tuple[tuple[tuple[str, ...], bool], ...]:
    """The phrase split into chunks of content tokens, each with a flag: does it open with a verb?

    Why: CV phrases pack a skill with its context ("Led stakeholder engagement for a £2m programme").
    The chunk holding the skill is matched; the rest is context. A leading past-tense or -ing verb
    ("Led", "Writing") says what the person did and is not part of the skill's name.
    """
    out: list[tuple[tuple[str, ...], bool]] = []
    for part in PART_SPLIT.split(text):
        words = clean(part).split()
        segment: list[str] = []
        for word in [*words, "and"]:
            if word in FUNCTION_WORDS:
                content = [w for w in segment if w not in FILLER and (keep_digits or not w[0].isdigit())]
                if content:
                    first = content[0]
                    # At least two words must remain: in "Hired a team" the verb is the skill, not context.
                    verb = len(content) >= 3 and verb_form(first) != "other"
                    out.append((tuple(stem(w) for w in content), verb))
                segment = []
            else:
                segment.append(word)
    return tuple(out)


def marker_pattern(markers: Iterable[str]) -> re.Pattern[str] | None:
    """A lexicon marker list as one pattern: any of the words with a space on each side, any case; None when the
    list is empty (the purpose, setting and topic splits below).

    >>> marker_pattern(["for"]).search("Options appraisals for the strategy").start()
    18
    """
    words = sorted(map(re.escape, markers))
    return re.compile(r"\s(?:" + "|".join(words) + r")\s", re.IGNORECASE) if words else None


# -- what the work was for (careergap.resolve, the word step) -----------------------------------------------------
PURPOSE_MARKERS = _LEXICON.purpose_markers
_PURPOSE = marker_pattern(PURPOSE_MARKERS)


def purpose_split(phrase: str) -> tuple[str, str] | None:
    """(what was done, what it was for): the line split at its first purpose marker (lexicon `purpose_markers`), or
    None when it has none or either side is empty.

    In English the words before "for" are the head of the line: "Options appraisals for the digital strategy" are
    options appraisals, whatever strategy they served.

    >>> purpose_split("Options appraisals for the digital strategy")
    ('Options appraisals', 'the digital strategy')
    >>> purpose_split("Responsible for budgets"), purpose_split("Budgets for"), purpose_split("Forecasting")
    (('Responsible', 'budgets'), None, None)
    """
    found = _PURPOSE.search(phrase) if _PURPOSE is not None else None
    if found is None:
        return None
    head, rest = phrase[: found.start()].strip(), phrase[found.end() :].strip()
    return (head, rest) if head and rest else None


# -- where the people were (careergap.resolve, the frame step) ----------------------------------------------------
SETTING_MARKERS = _LEXICON.setting_markers
_SETTING = marker_pattern(SETTING_MARKERS)
# What ends a setting: a clause break, another clause ("and"), or a word that says what the people went through
# ("Led staff through the move to hybrid working" is leading change, not only a team)
_SETTING_BREAK = re.compile(
    PART_SPLIT.pattern + r"|\b(?:and|through|to|into|by|while|whilst)\b", re.IGNORECASE
)
SETTING_WORDS = 4  # at most this many content words: "on the night shift", "in a busy contact centre"


def setting_split(phrase: str) -> tuple[str, str] | None:
    """(the line's head, a short setting after it): the line split at its first setting marker (lexicon
    `setting_markers`) when what follows is one short phrase of at most SETTING_WORDS content words with no clause
    break; None otherwise.

    >>> setting_split("Managing a team of 6 on the night shift")
    ('Managing a team of 6', 'the night shift')
    >>> setting_split("Led staff across the trust through the move to e-rostering") is None  # another clause
    True
    >>> setting_split("Managing a team of 8 (football)") is None  # no marker: a bracket is not a setting
    True
    """
    found = _SETTING.search(phrase) if _SETTING is not None else None
    if found is None:
        return None
    head, rest = phrase[: found.start()].strip(), phrase[found.end() :].strip()
    words = tokens(rest)
    if not head or not words or len(words) > SETTING_WORDS or _SETTING_BREAK.search(rest):
        return None
    return head, rest


# -- what the work was about (careergap.resolve, the frame step) ---------------------------------------------------
TOPIC_MARKERS = _LEXICON.topic_markers
_TOPIC = marker_pattern(TOPIC_MARKERS)


def topic_splits(phrase: str) -> list[tuple[str, str]]:
    """(the line's head, what it was about) for each topic marker of the line (lexicon `topic_markers`), first
    marker first; a frame marked `topic: true` reads the head, and the topic may be of any length.

    >>> topic_splits("Consulted residents on proposals for the park")
    [('Consulted residents', 'proposals for the park')]
    >>> topic_splits("Kept councillors on side through the closure")
    [('Kept councillors', 'side through the closure'), ('Kept councillors on side', 'the closure')]
    >>> topic_splits("Stakeholder mapping")
    []
    """
    if _TOPIC is None:
        return []
    out = []
    for found in _TOPIC.finditer(phrase):
        head, rest = phrase[: found.start()].strip(), phrase[found.end() :].strip()
        if head and rest:
            out.append((head, rest))
    return out


# -- what the meaning layer reads (careergap.resolve step 5) ------------------------------------------------------
_AMOUNT = re.compile(
    r"(?:\b(?:up to|over|around|about|approx|approximately|worth|of|a|an|some|circa|c)\s+)?"
    r"[£$€]\s?\d[\d.,]*\s?(?:k|m|bn|million|billion|thousand)?\b",
    re.IGNORECASE,
)
# Words that count (people, years): "two graduate engineers", "a team of twelve"
COUNT_WORDS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "twenty",
    "dozen", "dozens", "hundred", "hundreds",
)  # fmt: skip
_COUNT = re.compile(
    r"(?:\b(?:of|for|to|with|up to|over|around|about)\s+)?"
    r"\b(?:\d[\d.,]*\+?|" + "|".join(COUNT_WORDS) + r")\b"
    r"(?:\s*(?:-|\s)\s*(?:years?|months?|weeks?|days?)\b)?",
    re.IGNORECASE,
)
_CV_LEAD = re.compile(
    r"^(?:responsible for|accountable for|involved in|tasked with|in charge of|experience (?:of|in|with)|"
    r"experienced in|knowledge of|skilled (?:in|at)|ability to|able to)\s+",
    re.IGNORECASE,
)
# Software a person did the work in (lexicon `tool_words`), for `without_medium`
TOOL_WORDS: frozenset[str] = _LEXICON.tool_words
# ... and the words that put such a name after the work, at the end of a line (lexicon `medium_markers`)
MEDIUM_MARKERS: frozenset[str] = _LEXICON.medium_markers
_NOT_CONTENT = FUNCTION_WORDS | FILLER  # words that cannot be the thing a tool's name stands in front of
# Clauses end at these; brackets do not split, since what they hold qualifies the words before them ("(rugby)").
_MEANING_SPLIT = re.compile(r"[,;:/|+]|\s[-\u2013\u2014]+\s|\s&\s|\b(?:and|including|as well as|plus)\b")


@lru_cache(maxsize=65536)
def meaning_parts(phrase: str) -> tuple[str, ...]:
    """The readings of a phrase that the meaning layer compares with the library: the phrase itself, the phrase
    (always second, the phrase again when nothing was stripped) without quantities, money, counts, CV filler and the
    software the work was done in (`without_medium`, when two content words are left), and each of its clauses
    (`clauses`: split at commas, "and", "including" ...) that keeps two content words or more.

    Why: a long CV line packs a skill with its size and context ("Managing project budgets up to £2m"); the size
    says how much, not what, and one clause of a line can name a skill that the whole line dilutes.

    >>> meaning_parts("Managing project budgets up to £2m")
    ('Managing project budgets up to £2m', 'Managing project budgets')
    >>> meaning_parts("Recruiting new staff and managing a training budget of £50k")[1:]
    ('Recruiting new staff and managing a training budget', 'Recruiting new staff', 'managing a training budget')
    >>> meaning_parts("Planning and running user acceptance testing")[1:]  # "Planning" alone is no clause
    ('Planning and running user acceptance testing',)
    >>> meaning_parts("Building Excel trackers")
    ('Building Excel trackers', 'Building trackers')
    """
    whole = " ".join(phrase.split())
    plain = _COUNT.sub(" ", _AMOUNT.sub(" ", whole))
    plain = _CV_LEAD.sub("", " ".join(plain.split())).strip(" ,;:-")
    unaided = without_medium(plain)
    if len([t for t in tokens(unaided) if t not in FILLER]) >= 2:
        plain = unaided
    if not tokens(plain):
        plain = whole
    parts = [c for c in clauses(plain) if len(tokens(c)) >= 2]
    return (whole, plain, *(parts if len(parts) > 1 else ()))


def without_medium(text: str) -> str:
    """The line without the software the work was done in: a tool's name (lexicon `tool_words`) in front of another
    content word, or after "in", "on", "using", "with" or "via" (lexicon `medium_markers`) at the end of the line.
    The matcher's words step already weighs such a name as little as a generic word (careergap.resolve.
    extra_word_weight); this is the same rule for the meaning layer, whose vector for "Excel trackers" leans towards
    spreadsheets and data, not trackers.
    A tool in a list, beside punctuation or alone is kept: there it may be the skill.

    >>> without_medium("Building Excel trackers")
    'Building trackers'
    >>> without_medium("Run charts in Excel")
    'Run charts'
    >>> without_medium("Managing the backlog using Jira")
    'Managing the backlog'
    >>> without_medium("Excel and the company dashboards")  # a list: Excel is one of the things named
    'Excel and the company dashboards'
    >>> without_medium("Jira Confluence")  # a tool before another tool is one more tool
    'Jira Confluence'
    >>> without_medium("Advanced Excel (pivot tables)")
    'Advanced Excel (pivot tables)'
    """
    words = text.split()

    def content(word: str) -> bool:
        return word[:1].isalpha() and not _tool(word) and clean(word) not in _NOT_CONTENT

    kept = [w for i, w in enumerate(words) if not (_tool(w) and i + 1 < len(words) and content(words[i + 1]))]
    return " ".join(kept[:-2] if medium_at_end(" ".join(kept)) else kept)


def _tool(word: str) -> bool:
    return word.isalpha() and word.lower() in TOOL_WORDS


def medium_at_end(text: str) -> bool:
    """Whether the line ends with the software the work was done in: a tool's name (lexicon `tool_words`) after
    "in", "on", "using", "with" or "via" (lexicon `medium_markers`), with more before them. One rule for the meaning
    layer's reading (`without_medium`) and the words step, which then does not read the tool's name as a skill of
    its own (careergap.resolve, `Index._readings`).

    >>> medium_at_end("Building trackers in Excel"), medium_at_end("in Excel"), medium_at_end("Excel skills")
    (True, False, False)
    """
    words = text.split()
    return len(words) > 2 and _tool(words[-1]) and words[-2].lower() in MEDIUM_MARKERS


def clauses(text: str) -> list[str]:
    """The clauses of a line, split at commas, semicolons, colons, slashes, "and", "&", "including", spaced dashes
    and the like (a bracket is no separator); spaces tidied, empty ones dropped. One rule for the meaning layer's
    readings (`meaning_parts`) and the matcher's reading of a list (careergap.resolve, `Index._or_listed`).

    >>> clauses("Risk registers, issue logs and RAID reviews")
    ['Risk registers', 'issue logs', 'RAID reviews']
    >>> clauses("Stakeholder engagement - board and committee reports")
    ['Stakeholder engagement', 'board', 'committee reports']
    """
    return [c for c in (" ".join(part.split()) for part in _MEANING_SPLIT.split(text)) if c]


# -- the things a line lists (careergap.resolve.Resolver.also_skills) ----------------------------------------------
# The same separators as `clauses`, kept, so a list can be told from an elaboration
_ITEM_SPLIT = re.compile("(" + _MEANING_SPLIT.pattern + ")", re.IGNORECASE)
# What follows these only says more about what came before: "Got it off the ground: scope, plan", "Risk management -
# RAID logs", "contract negotiation, including re-procuring the service desk"
_ELABORATION = re.compile(r"^(?::|\s[-\u2013\u2014]+\s|\s*including\s*)$", re.IGNORECASE)
_JOINING = frozenset({"and", "&", "plus"})


def verb_form(text: str) -> Literal["ing", "past", "other"]:
    """How a clause opens: with an -ing verb ("Raising ..."), a verb in the past ("Wrote ...", "Led ...") or
    anything else (a noun: "Budgets", "Stakeholder engagement"). One test for `listed_items` and `chunks`.

    >>> verb_form("Raising change requests"), verb_form("Wrote the PID"), verb_form("Budgets")
    ('ing', 'past', 'other')
    >>> verb_form("Used Kanban"), verb_form("Ring-fenced budgets"), verb_form("Red flags")
    ('past', 'other', 'other')
    """
    words = clean(text).split()[:1]
    word = words[0] if words else ""
    if word.endswith("ing") and len(word) > 4:
        return "ing"
    if (word.endswith("ed") and len(word) > 3) or word in IRREGULAR_VERBS:
        return "past"
    return "other"


def listed_items(phrase: str) -> list[str]:
    """The things a line lists side by side, each of which may be a skill of its own: the line's clauses (split as
    `clauses` splits them) that are items of one list; [] for a line of one clause, and only the first clause when
    the others qualify it.

    People pack several skills into one line ("Budgets and procurement", "Raising change requests and presenting
    them at CAB"), and a line is otherwise read as one skill. Only what is plainly another item counts:

    - a clause in the same form as the first: all -ing verbs, all verbs in the past, or all neither (nouns). One of
      another form qualifies the first: "Led nurses through the move, winning over sceptics" says how, "Tech lead
      for six engineers, setting direction" what the lead did;
    - not in brackets, and not after a colon, a spaced dash or "including", which say more about what came before;
    - not opening with a function word or "up to" ("at all levels", "on time and under budget", "up to exec
      directors": the manner, the outcome, the reach);
    - not a verb alone, which shares the object of the verbs after it ("Planning, prioritising and organising my
      workload"), nor a word that shares the next clause's head ("Risk and issue management": one item).

    >>> listed_items("Budgets and procurement")
    ['Budgets', 'procurement']
    >>> listed_items("Raising change requests and presenting them at CAB")
    ['Raising change requests', 'presenting them at CAB']
    >>> listed_items("Led nurses through the move to e-prescribing, winning over sceptics")
    ['Led nurses through the move to e-prescribing']
    >>> listed_items("Risk and issue management"), listed_items("Planning and running go-lives")
    ([], [])
    >>> listed_items("Supplier management and contract negotiation, including re-procuring the service desk")
    ['Supplier management', 'contract negotiation']
    >>> listed_items("Stakeholder engagement at all levels, up to exec directors")
    ['Stakeholder engagement at all levels']
    >>> listed_items("Scoping the project: terms of reference, scope, plan")
    []
    """
    pieces = _ITEM_SPLIT.split(_BRACKETS.sub(" ", phrase))
    parts: list[str] = []
    joins: list[str] = []  # the separator before each part
    join = ""
    for n, piece in enumerate(pieces):
        if n % 2:  # a separator
            if _ELABORATION.match(piece):
                break
            join = piece.strip().lower()
            continue
        part = " ".join(piece.split())
        if part:
            parts.append(part)
            joins.append(join)
        join = ""
    if len(parts) < 2:
        return []
    words = [clean(part).split() for part in parts]
    shared: set[int] = set()
    for n in range(len(parts) - 1):
        if len(words[n]) == 1 and joins[n + 1] in _JOINING and len(words[n + 1]) > 1:
            shared |= {n, n + 1}
    first = verb_form(parts[0])
    items = [
        part
        for n, part in enumerate(parts)
        if n not in shared
        and words[n]
        and words[n][0] not in FUNCTION_WORDS
        and words[n][:2] != ["up", "to"]
        and verb_form(part) == first
        and (first == "other" or len(words[n]) > 1)
    ]
    return items


def plain_list(phrase: str) -> list[str]:
    """The items of a line that is nothing but a list (every clause an item of `listed_items`, two or more), else
    [].

    >>> plain_list("Budgets, recruitment"), plain_list("Led the move, winning over sceptics")
    (['Budgets', 'recruitment'], [])
    """
    items = listed_items(phrase)
    return items if len(items) > 1 and len(items) == len(clauses(_BRACKETS.sub(" ", phrase))) else []


# -- how well, in the line's own words (careergap.resolve, before any matching) ------------------------------------
SELF_RATINGS = _LEXICON.self_ratings


@lru_cache(maxsize=8)
def _self_rating(ratings: frozenset[str]) -> re.Pattern[str]:
    """A rating word and the word after it (to see whether it names someone)."""
    words = "|".join(map(re.escape, sorted(ratings)))
    return re.compile(r"\b(" + words + r")\b(\W+\w+)?", re.IGNORECASE)


def without_self_rating(phrase: str, ratings: frozenset[str] = SELF_RATINGS) -> str:
    """A skill line without the words it rates itself with (`ratings`, the lexicon's self_ratings), or the line as
    it was when it has none or nothing else. How well is the profile's level; the words left name the skill.

    >>> without_self_rating("Advanced Excel"), without_self_rating("Excel (advanced)")
    ('Excel', 'Excel')
    >>> without_self_rating("Excel - advanced user"), without_self_rating("Basic SQL and VLOOKUPs")
    ('Excel - user', 'SQL and VLOOKUPs')

    A rating word followed by a word naming someone (the lexicon's agent_words) is a verb, and a line of rating
    words alone is left as it is:

    >>> without_self_rating("Advanced the project to gateway 3"), without_self_rating("Advanced")
    ('Advanced the project to gateway 3', 'Advanced')
    """
    if not ratings:
        return phrase

    def drop(found: re.Match[str]) -> str:
        after = found.group(2) or ""
        first = clean(after).split()[:1]
        return found.group(0) if first and first[0] in AGENT_WORDS else after

    text = _self_rating(ratings).sub(drop, phrase)
    if text == phrase:
        return phrase
    text = re.sub(r"[\(\[]\W*[\)\]]", " ", text)  # brackets left empty: "Excel (advanced)"
    text = re.sub(r"^[\s,;:/-]+|[\s,;:/-]+$", "", re.sub(r"\s+", " ", text))
    return text if tokens(text) else phrase


# -- what was done to the person (careergap.resolve, before any matching) -------------------------------------------
PASSIVE_MARKERS = _LEXICON.passive_markers
AGENT_WORDS = _LEXICON.agent_words
PASSIVE_AUXILIARIES = _LEXICON.passive_auxiliaries
PASSIVE_SUBJECTS = _LEXICON.passive_subjects
# Where a passive opening's clause ends: punctuation, a spaced dash, or a word that starts another clause
_CLAUSE_BREAK = re.compile(
    r"[,;:/|+(\[]|\s[-\u2013\u2014]+\s|\s&\s|\b(?:and|then|but|now|before|after|while|whilst)\b",
    re.IGNORECASE,
)
# ... and the joining words the rest of the line may open with ("then trained 40 staff"), dropped from it
_CLAUSE_OPENER = re.compile(r"^(?:(?:and|then|but|now)\s+)+", re.IGNORECASE)


def _manner(word: str) -> bool:
    """An adverb of manner or frequency beside a passive verb ("closely", "quarterly"): a word ending in -ly."""
    return word.endswith("ly") and len(word) > 5


def received_opening(phrase: str) -> tuple[str, str] | None:
    """A line that opens with what was done to the person: (that clause, the rest of the line after the clause's
    first break, "" when there is none), or None.

    The opening is a verb in the past, a passive marker ("by") and a word that names someone after it ("a", "the",
    "my"), after any of the subject and auxiliary words that may come first ("I was", "we were", "got", or a subject
    naming something of the person's, "My work was"), with an adverb in -ly beside the verb or not: "Mentored by
    a senior partner" says the person was mentored, not that they mentor, and names none of their skills. "Led by
    example" and "Reduced costs by a third" are not passive openings.

    >>> received_opening("Mentored by a senior partner as a trainee")
    ('Mentored by a senior partner as a trainee', '')
    >>> received_opening("Trained by the vendor, then trained 40 staff on the new system")
    ('Trained by the vendor', 'trained 40 staff on the new system')
    >>> received_opening("I was supervised by the ward sister")
    ('I was supervised by the ward sister', '')
    >>> received_opening("My performance was reviewed quarterly by the practice manager")[0]
    'My performance was reviewed quarterly by the practice manager'
    >>> received_opening("Closely supervised by a senior nurse")[0]
    'Closely supervised by a senior nurse'
    >>> received_opening("Led by example"), received_opening("Reduced costs by a third")
    (None, None)
    >>> received_opening("The project was delivered by the team I led")
    """
    whole = " ".join(phrase.split())
    found = _CLAUSE_BREAK.search(whole)
    clause = whole[: found.start()].strip() if found else whole
    words = clean(clause).split()
    if words and words[0] in PASSIVE_SUBJECTS:  # what of theirs was acted on: "My work was checked by ..."
        auxiliary = next((i for i in (2, 3) if i < len(words) and words[i] in PASSIVE_AUXILIARIES), None)
        words = words[auxiliary:] if auxiliary else words
    while len(words) > 3 and words[0] in PASSIVE_AUXILIARIES:
        words = words[1:]
    marker = next((i for i, word in enumerate(words[:4]) if word in PASSIVE_MARKERS), None)
    if marker is None or marker + 1 >= len(words) or words[marker + 1] not in AGENT_WORDS:
        return None
    # the verb, without an adverb beside it: "closely supervised", "reviewed quarterly"
    verbs = [word for word in words[:marker] if not _manner(word)]
    if len(verbs) != 1:
        return None
    if verb_form(verbs[0]) != "past":
        return None
    rest = whole[found.start() :].lstrip(" ,;:/|+([-\u2013\u2014&").strip() if found else ""
    return clause, _CLAUSE_OPENER.sub("", rest)
