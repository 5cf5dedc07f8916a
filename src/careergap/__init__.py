"""careergap: an offline career gap analyser for project-management roles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "score_profile", "score_team"]

if TYPE_CHECKING:
    from careergap.api import score_profile, score_team


def __getattr__(name: str) -> Any:
    # Why: `careergap --version`, `--help` and shell completion import this package; loading the scoring API
    # (pydantic models, rapidfuzz) only when it is asked for keeps them instant.
    if name in ("score_profile", "score_team"):
        from careergap import api

        return getattr(api, name)
    raise AttributeError(f"module 'careergap' has no attribute {name!r}")
