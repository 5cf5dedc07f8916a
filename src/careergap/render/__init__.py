"""Renderers: each turns one report object into one output format, without recomputing anything."""
