"""The signals that stop a run, and a way to hold them for a moment.

A stop signal (SIGINT, SIGTERM, SIGHUP) becomes an exception in the main thread, raised between any two bytecodes.
Some steps must not be cut in half by it: creating a temp file and recording it for removal, forking the workers of
a team run, stopping them. Such a step runs inside :func:`signals_held`; a signal that arrives meanwhile is
delivered as soon as the step is over, when there is nothing half done left behind.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

STOP_SIGNALS = frozenset(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Block the stop signals in this thread until the block ends; one that arrives meanwhile is delivered then."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows: nothing to hold
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
