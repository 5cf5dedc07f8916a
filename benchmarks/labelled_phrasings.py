"""Write data/roles/phrasings-labelled.yaml: the skill phrases of the labelled TUNING sets as example phrasings, and
their near misses as unrelated phrases.

Usage: python benchmarks/labelled_phrasings.py [--check]

The tuning sets (benchmarks/decision_fit.py's TUNING) hold phrases written in people's own words, each labelled with
the skill a careful coach would map it to. Their positives are the closest thing the project has to what people type,
so the meaning layer learns from them as example phrasings (the skill classifier and the nearest wordings). Their near
misses (a skill's word in another sense: "Contract cleaning", "Stakeholder pension") are the hardest "none of these"
examples the project has, so the skill classifier learns from them as unrelated phrases (never neighbours). Left out:
qualifications (matched by words alone), a phrase already written as a phrasing or an unrelated phrase, and any
phrase within rapidfuzz ratio 85 of a phrase in the example own-words profiles (examples/own-words/), which the
README measures, or of any kept-aside set's phrase (counted, never named: the tuning sets and their kept-aside
siblings were written side by side and share some short lines). With the tuning sets learnt from, their own figures are no longer held out:
decision_fit.py asks each tuning phrase with itself left out of the nearest wordings and its fold left out of the
classifier, and its cross-validated figures are the ones to quote for the tuning sets.

--check exits 1 when the file is not what this script would write (the tuning sets or phrasings changed).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from careergap.normalize import clean

sys.path.insert(0, str(Path(__file__).parent))
from decision_fit import TUNING

OUT = Path("data/roles/phrasings-labelled.yaml")
OWN_WORDS = Path("examples/own-words")
KEPT_ASIDE = Path("tests/data")
NEAR_COPY = 85
# an unrelated line keeps further from the kept-aside phrases, by the thresholds tests/test_unrelated.py holds every
# unrelated line to (a near-miss figure measured on near copies or paraphrases of what "none of these" was learnt from
# is flattered): rapidfuzz ratio, and the cosine of the meaning model (all-MiniLM-L6-v2)
NEAR_COPY_UNRELATED = 75
PARAPHRASE_UNRELATED = 0.80

HEADER = """\
# Example phrasings from the labelled TUNING sets (benchmarks/decision_fit.py's TUNING: tests/data/phrases.yaml and
# the phrases-people*.yaml sets not kept aside): their skill phrases, in people's own words, under the skill each is
# labelled with.
# Written by `python benchmarks/labelled_phrasings.py` (do not edit by hand: edit the tuning set and rerun; a test
# checks the two agree). Their near misses (no skill) are under `unrelated:`, what the skill classifier learns "none of
# these" from. Left out: qualifications, phrases already written as phrasings or unrelated phrases, and phrases
# within a small edit of the example own-words profiles (examples/own-words/, measured in the README) or of a
# kept-aside set's phrase.
# The tuning sets' own figures are therefore quoted cross-validated (benchmarks/decision_fit.py), not as held out.
"""


def own_words_phrases(folder: Path) -> list[str]:
    """The skill phrases of the own-words profiles in a folder, cleaned."""
    found = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for skill in data.get("skills") or []:
            phrase = (skill.get("name") or skill.get("phrase")) if isinstance(skill, dict) else skill
            if isinstance(phrase, str):
                found.append(clean(phrase))
    return found


def kept_aside_raw() -> list[str]:
    """The kept-aside and holdout sets' phrases as written (the meaning model reads them uncleaned)."""
    return [
        item["phrase"]
        for path in sorted(KEPT_ASIDE.glob("*.yaml"))
        if "kept-aside" in path.name or "holdout" in path.name
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["phrases"]
    ]


def kept_aside_phrases() -> list[str]:
    """Every kept-aside set's phrases and the kept-aside own-words profiles' skill phrases, cleaned: only to leave
    their near copies out (never printed)."""
    return [clean(phrase) for phrase in kept_aside_raw()] + [
        phrase
        for folder in ("own-words-kept-aside", "own-words-kept-aside-2")
        for phrase in own_words_phrases(KEPT_ASIDE / folder)
    ]


def labelled() -> tuple[dict[str, list[str]], list[str], list[str]]:
    """skill -> its tuning phrases (in file order, each once), the near misses (in file order, each once), and what
    was left out and why."""
    written: dict[str, str | None] = {}  # phrase -> skill (None: an unrelated phrase)
    for path in sorted(OUT.parent.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path != OUT else None
        if isinstance(data, dict) and isinstance(data.get("phrasings"), dict):
            written.update({text: skill for skill, texts in data["phrasings"].items() for text in texts})
        if isinstance(data, dict) and isinstance(data.get("unrelated"), list):
            written.update({text: None for text in data["unrelated"] if isinstance(text, str)})
    written_clean = {clean(text) for text in written}
    guarded = own_words_phrases(OWN_WORDS)
    hidden = kept_aside_phrases()
    hidden_near = 0
    out: dict[str, list[str]] = {}
    unrelated: list[str] = []
    skipped = []
    seen: set[str] = set()
    for path in TUNING:
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["phrases"]:
            phrase, skill = item["phrase"].strip(), item.get("expect")
            if item.get("kind") != "skill" or phrase in seen:
                continue
            seen.add(phrase)
            if phrase in written:
                if written[phrase] != skill:
                    skipped.append(
                        f"{phrase!r}: already written as {written[phrase] or 'an unrelated phrase'} "
                        f"({path.name} says {skill or 'no skill'})"
                    )
                continue
            if skill is None and clean(phrase) in written_clean:
                # the library refuses an unrelated phrase that reads the same as a phrasing
                skipped.append(f"{phrase!r}: reads the same as a line already written")
                continue
            near = process.extractOne(clean(phrase), guarded, scorer=fuzz.ratio, score_cutoff=NEAR_COPY)
            if near is not None:
                skipped.append(f"{phrase!r}: within a small edit of an own-words example profile's phrase")
                continue
            cutoff = NEAR_COPY if skill is not None else NEAR_COPY_UNRELATED
            if process.extractOne(clean(phrase), hidden, scorer=fuzz.ratio, score_cutoff=cutoff) is not None:
                hidden_near += 1  # not named: the kept-aside sets stay unseen
                continue
            if skill is None:
                unrelated.append(phrase)
            else:
                out.setdefault(skill, []).append(phrase)
    unrelated, paraphrases = _clear_in_meaning(unrelated, kept_aside_raw())
    if hidden_near + paraphrases:
        skipped.append(
            f"{hidden_near + paraphrases} phrase(s) within a small edit, or a paraphrase, of a kept-aside phrase"
        )
    return dict(sorted(out.items())), unrelated, skipped


def _clear_in_meaning(lines: list[str], hidden: list[str]) -> tuple[list[str], int]:
    """The lines whose meaning model cosine to every hidden phrase is below PARAPHRASE_UNRELATED, and how many were
    dropped. Needs the meaning layer (careergap[semantic])."""
    from careergap.matching import model

    if not lines:
        return lines, 0
    embed = model.load_model().embed
    closest = (embed(lines) @ embed(hidden).T).max(axis=1)
    kept = [line for line, c in zip(lines, closest, strict=True) if c < PARAPHRASE_UNRELATED]
    return kept, len(lines) - len(kept)


def render(phrasings: dict[str, list[str]], unrelated: list[str]) -> str:
    return HEADER + yaml.safe_dump(
        {"phrasings": phrasings, "unrelated": unrelated},
        sort_keys=False,
        allow_unicode=True,
        width=1000,
        default_style=None,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = parser.parse_args()
    phrasings, unrelated, skipped = labelled()
    text = render(phrasings, unrelated)
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            sys.exit(f"{OUT} is out of date: run python benchmarks/labelled_phrasings.py")
        return
    for line in skipped:
        print("left out:", line)
    OUT.write_text(text, encoding="utf-8")
    print(
        f"wrote {OUT}: {sum(map(len, phrasings.values()))} phrasings for {len(phrasings)} skills, "
        f"{len(unrelated)} unrelated phrases"
    )


if __name__ == "__main__":
    main()
