"""A persistent cache of phrase resolutions, so that a coach's twentieth run over a profile loads no sentence model.

Why: a phrase that is not written exactly as a skill goes to the meaning layer, which loads a sentence model
(about a second and 300 MB) on every run, only to give the same answer as last time. The answers a run worked out
are kept on disk and the next run starts from them; a phrase it has not seen is matched as before.

- **Keyed like the library cache** (``careergap.libcache``, same folder, same rules): the key is a SHA-256 of the
  compiled library's key (every library file's bytes, the careergap, pydantic and Python versions and a
  fingerprint of careergap's own source files), the matcher's version (``careergap.resolve.MATCHER_VERSION``,
  bumped by whoever changes how phrases are matched), the rapidfuzz version and the meaning layer's state (off, or
  on with the model's version). Editing a library file, changing the matcher or the model gives a new key.
- **Only libraries the library cache knows** get a phrase cache: a library loaded with the cache off
  (``CAREERGAP_NO_CACHE=1``, ``roles validate``, the API given a Library object built some other way) has no key,
  and its phrases are matched from scratch.
- **Answers are equal to a fresh run's**: an index's own memo is filled before any phrase is asked, so a cached
  phrase is answered exactly as it was first answered; an organisation's phrase map is applied before the index
  (``Resolver.skill``) and so is never cached. A run whose meaning layer failed writes nothing (its answers are
  lexical ones under a meaning key).
- **Written once, when the resolver is dropped or the process ends**, only when the run worked out something new; atomically, owner-only,
  read back only when private (``libcache``'s checks). Any problem with the cache is silently ignored.
"""

from __future__ import annotations

import hashlib
import pickle
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from careergap import libcache

if TYPE_CHECKING:
    from careergap.resolve import Index, Resolver

FORMAT = b"careergap-phrase-cache 2\n"
# Per kind: past this the answers used least recently are dropped. A coach's profiles are a few dozen phrases; a
# team file of 200,000 distinct phrases must not leave a cache that every later run reads whole (at 50,000 a file
# of 20 MB doubled a plain analyse's memory), nor fill it so that no later phrase is kept.
MAX_PHRASES = 10_000


def key(resolver: Resolver, library_key: str) -> str:
    """The cache key for this resolver over the library whose compiled-cache key is ``library_key``."""
    from rapidfuzz import __version__ as rapidfuzz_version

    from careergap.resolve import MATCHER_VERSION

    meaning = resolver.skills.meaning
    if meaning is None:
        state = "meaning off"
    else:
        from careergap.matching.decision import shipped_fingerprint

        # the fitted decision (matching/data/decision.yaml) decides meaning matches: a refit changes answers
        state = f"meaning on: {meaning.version}; decision {shipped_fingerprint()}"
    digest = hashlib.sha256(FORMAT)
    for part in (library_key, str(MATCHER_VERSION), rapidfuzz_version, state):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def attach(resolver: Resolver, library: object) -> None:
    """Let the resolver's indexes answer from the cache for this library, and save what they add when they are
    dropped or the process ends. Does nothing when the cache is off or the library did not come through the
    library cache."""
    library_key, where = libcache.key_of(library), libcache.folder()
    if library_key is None or where is None:
        return
    digest = key(resolver, library_key)
    path = where / f"phrases-{digest[:24]}.pickle"
    known = _read(path, digest) or {}
    memos = {}
    for kind, index in (("skill", resolver.skills), ("qualification", resolver.qualifications)):
        memo = _Memo(index, known.get(kind, {}))
        memo.update(index._cache)
        index._cache = memo
        memos[kind] = memo
    weakref.finalize(resolver.skills, _save, path, digest, memos)


class _Memo(dict[str, Any]):
    """An index's memo that also answers from the cache, as long as the index's meaning layer is still the one the
    cache was keyed on (a caller that swaps it, as tests do, gets fresh answers)."""

    def __init__(self, index: Index, known: dict[str, Any]) -> None:
        super().__init__()
        self.known = known
        self.fresh: dict[str, Any] = {}  # answers worked out in this run, under the cache's key
        self.used: dict[str, None] = {}  # cached answers this run asked for, in order (kept as recently used)
        self._index = weakref.ref(index)
        self.meaning = index.meaning

    def valid(self) -> bool:
        index = self._index()
        return index is not None and index.meaning is self.meaning

    def get(self, phrase: str, default: Any = None) -> Any:
        found = super().get(phrase)
        if found is None and self.valid():
            raw = self.known.get(phrase)
            if raw is not None:
                found = _answer(raw)
                if found is not None:
                    super().__setitem__(phrase, found)
                    self.used[phrase] = None
        return default if found is None else found

    def __setitem__(self, phrase: str, answer: Any) -> None:
        if self.valid():
            self.fresh[phrase] = answer
        super().__setitem__(phrase, answer)


def _save(path: Path, digest: str, memos: dict[str, _Memo]) -> None:
    """Write the known answers plus this run's new ones, when there are new ones and they are valid for the key."""
    if not any(memo.fresh for memo in memos.values()):
        return
    meaning = memos["skill"].meaning
    if meaning is not None and meaning.failed is not None:
        return  # answers given without the model, under a key that says it ran
    payload: dict[str, dict[str, Any]] = {}
    for kind, memo in memos.items():
        answers = dict(memo.known)  # oldest first
        for phrase in memo.used:  # asked again: now among the most recent
            answers[phrase] = answers.pop(phrase)
        try:
            for phrase, answer in list(memo.fresh.items())[-MAX_PHRASES:]:
                answers.pop(phrase, None)
                answers[phrase] = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
            payload[kind] = dict(list(answers.items())[-MAX_PHRASES:])
            blob = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return
    libcache.save_private(path, FORMAT + digest.encode() + b"\n", blob, "phrases-*.pickle")


def _read(path: Path, digest: str) -> dict[str, dict[str, Any]] | None:
    known = libcache.load_private(path, FORMAT + digest.encode() + b"\n")
    if not isinstance(known, dict) or not all(
        isinstance(answers, dict) and all(isinstance(a, bytes) for a in answers.values())
        for answers in known.values()
    ):
        return None
    return known


def _answer(raw: bytes) -> Any:
    """One cached answer, unpickled when its phrase is first asked (a file holds thousands, a profile needs a
    few dozen: reading the file stays a few milliseconds however much a batch run added to it)."""
    from careergap.models.report import SkillMatch

    try:
        answer = pickle.loads(raw)
    except Exception:  # noqa: BLE001 - a damaged entry is worked out again
        return None
    return answer if isinstance(answer, SkillMatch) else None
