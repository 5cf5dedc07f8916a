"""Counts in words for CLI messages ('1 row', '3 rows', '1 person'), without importing the renderers."""

from __future__ import annotations

from careergap.words import plural

__all__ = ["plural"]
