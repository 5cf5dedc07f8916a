"""careergap: an offline career gap analyser for project-management roles."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
