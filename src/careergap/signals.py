"""The signals that stop a run, and a way to hold them for a moment.

A stop signal (SIGINT, SIGTERM, SIGHUP) becomes an exception in the main thread, raised between any two bytecodes.
Some steps must not be cut in half by it: creating a temp file and recording it for removal, forking the workers of
a team run, stopping them. Such a step runs inside :func:`signals_held`; a signal that arrives meanwhile is
delivered as soon as the step is over, when there is nothing half done left behind.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

STOP_SIGNALS = frozenset(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold the stop signals until the block ends; one that arrives meanwhile is delivered then, to the handler
    that was in place before.

    Two holds, as each alone leaves a gap. The stop signals are blocked in this thread, so a process forked inside
    the block starts with them blocked and runs no handler of ours before it sets its own. And, in the main thread,
    each Python-level handler is swapped for one that only notes the signal: blocking reaches this thread alone, and
    a signal the system hands to another thread (a helper thread of careergap or of a library) still runs the Python
    handler in the main thread, at once. CI once kept a temp file that way.
    """
    caught: list[int] = []

    def note(signum: int, frame: object) -> None:
        caught.append(signum)

    try:
        with contextlib.ExitStack() as undo:  # undone in reverse: the handlers first, then the block
            if hasattr(signal, "pthread_sigmask"):
                before = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
                undo.callback(signal.pthread_sigmask, signal.SIG_SETMASK, before)
            if threading.current_thread() is threading.main_thread():
                # only Python handlers: SIG_DFL ends the process in any thread, SIG_IGN does nothing
                for sig in sorted(s for s in STOP_SIGNALS if callable(signal.getsignal(s))):
                    undo.callback(signal.signal, sig, signal.signal(sig, note))
            yield
    finally:
        # each signal once, in the order it came, to the handler back in place
        for sig in dict.fromkeys(caught):
            signal.raise_signal(sig)
