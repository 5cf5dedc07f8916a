"""Decide whether the meaning layer runs, and build it for a library (the model itself loads on first use).

Off when `--no-semantic` is given (or CAREERGAP_SEMANTIC=off), or when the `semantic` extra is not installed;
the reason is kept so that every report can say which matcher ran.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from careergap.matching.model import (
    MODEL_VERSION,
    SECOND_VERSION,
    availability,
    load_model,
    load_second_model,
)
from careergap.matching.semantic import MeaningIndex

_switched_off = False


def switch_off(off: bool = True) -> None:
    """`--no-semantic`: match lexically only, for this process."""
    global _switched_off
    _switched_off = off


def why_off() -> str | None:
    """None when the meaning layer should run; otherwise the reason it does not."""
    if _switched_off or os.environ.get("CAREERGAP_SEMANTIC", "").lower() in ("off", "0", "no", "false"):
        return "switched off with --no-semantic"
    return availability()


def meaning_for(
    wordings: dict[str, list[str]], unrelated: Sequence[str] = ()
) -> tuple[MeaningIndex | None, str | None]:
    """The meaning index over these wordings (MiniLM's, with the second model's as its second opinion and the skill
    classifier over both, which also learns "none of these" from the `unrelated` phrases), or None and why not."""
    reason = why_off()
    if reason is not None:
        return None, reason
    from careergap.matching.store import classifier_for, vectors_for

    second = MeaningIndex(
        wordings,
        lambda texts: vectors_for(texts, "second"),
        lambda texts: load_second_model().embed(texts),
        SECOND_VERSION,
    )
    index = MeaningIndex(
        wordings,
        vectors_for,
        lambda texts: load_model().embed(texts),
        MODEL_VERSION,
        second,
        classifier_for,
        unrelated,
    )
    return index, None
