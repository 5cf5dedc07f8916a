"""Matching people's phrases by meaning: the optional sentence model and what it is compared against.

The lexical matcher (careergap.resolve) stays first; this package adds the "semantic" method on top of it
when the `careergap[semantic]` extra is installed, and reports plainly when it is not.
"""
