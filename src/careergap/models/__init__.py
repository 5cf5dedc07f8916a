"""Pydantic models: the scale, the vocabulary, roles, profiles and reports."""
