"""careergap: an offline career gap analyser for project-management roles."""

from __future__ import annotations

from careergap.api import score_profile

__version__ = "0.1.0"

__all__ = ["__version__", "score_profile"]
