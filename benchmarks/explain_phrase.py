"""What the meaning layer's decision saw for each phrase: every candidate's features, the near-miss guard and P.

Usage: python benchmarks/explain_phrase.py [--roles-dir DIR ...] PHRASE [PHRASE ...]

For a developer or a framework author asking why a phrase was accepted, held back or refused: `careergap skills
search` shows the candidates by words and by meaning; this prints what the fitted scorer (careergap.matching.decision)
weighed for each candidate (careergap.resolve.Index.decision_features, the code the matcher runs), whether the
near-miss guard let it through, its probability and each feature's share of the log-odds, largest first, with the
accept and keep levels. Needs the meaning layer (pip install -e ".[semantic]"). Example:

    python benchmarks/explain_phrase.py "Managing a team of 8" "Negotiating contracts"
"""

from __future__ import annotations

import argparse
from pathlib import Path

from careergap.library import load_library
from careergap.matching.decision import FEATURES, Decision, shipped_decision
from careergap.resolve import Index, build_resolver, guarded, sure_by_meaning


def contributions(decision: Decision, features: dict[str, float]) -> list[tuple[str, float]]:
    """Each feature's share of the log-odds (Decision.shares), largest in size first."""
    return sorted(decision.shares(features).items(), key=lambda item: -abs(item[1]))


def explain(index: Index, decision: Decision, phrase: str, top: int = 5) -> list[str]:
    """The lines printed for one phrase."""
    found = index.resolve(phrase)
    lexical = index.lexical(phrase)
    lines = [
        f"{phrase!r} -> {found.status} {found.target or ''} (method {found.method})",
        f"  words alone: {lexical.status} {lexical.target or ''} {lexical.score:.0f}",
        f"  unknown words read alone: {index.foreign_words(phrase)!r}",
    ]
    if index.decided_by_words(phrase, lexical):
        return [*lines, "  settled by the words (exact, alias, typo-corrected or generic): no scorer"]
    near = index.nearest_by_meaning(phrase)
    by_target = {n.target: n for n in near}
    features = index.decision_features(phrase, lexical, near)
    chances = {t: decision.probability(f) for t, f in features.items()}
    for target in sorted(features, key=lambda t: -chances[t]):
        values = features[target]
        rule = index.near_miss_rule(phrase, by_target[target], values)
        sure = " (sure by meaning: accepted whatever P)" if sure_by_meaning(values) else ""
        held = ""
        if rule is not None:
            stands = guarded(chances[target], values, rule) > 0
            held = f", {'let through' if stands else 'refused'} by the near-miss guard ({rule})"
        lines.append(f"  {target}: P {chances[target]:.3f}{held}{sure}")
        lines.append("    " + " ".join(f"{name}={values[name]:.2f}" for name in FEATURES))
        lines.append(
            "    largest shares of the log-odds: "
            + ", ".join(f"{name} {share:+.2f}" for name, share in contributions(decision, values)[:top])
        )
    lines.append(
        f"  log-odds before any feature {decision.intercept:+.2f}; levels: accept {decision.accept}, "
        f"keep {decision.keep}; reason: {found.reason}"
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("phrases", nargs="+", metavar="PHRASE")
    parser.add_argument(
        "--roles-dir", action="append", type=Path, default=[], help="an organisation's role files"
    )
    args = parser.parse_args()
    library = load_library(args.roles_dir)
    resolver = build_resolver(library)
    if resolver.skills.meaning is None:
        raise SystemExit(f"the meaning layer is not in use: {resolver.unavailable}")
    decision = shipped_decision()
    for phrase in args.phrases:
        print("\n".join(explain(resolver.skills, decision, phrase)))


if __name__ == "__main__":
    main()
