"""A compiled cache of the checked role library, so that a run loads it in milliseconds instead of re-checking it.

Why: parsing the 18 built-in YAML files, validating every item and running the cross-file checks takes a few
hundred milliseconds, on every run of every command, for files that do not change between runs. The first
successful load of a given set of files is pickled into the user's cache folder
(``$CAREERGAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/careergap``, else ``~/.cache/careergap``); later loads of the same
files read it back.

- **Keyed by content.** The key is a SHA-256 of the cache format, the careergap and pydantic versions, the
  Python version, a fingerprint of careergap's own source files (their names, sizes and modification times, so a
  changed check or model invalidates the cache even at the same version) and every library file's name and bytes
  (built-in and ``--roles-dir`` alike). Editing, adding or removing a role file gives a new key.
- **Only libraries that passed every check are cached.** A load that finds problems raises as before and writes
  nothing, so the errors are reported in full on every run. ``careergap roles validate`` bypasses the cache.
- **Never trusted blindly.** The folder is created 0700 and files 0600, and a file is read only when it belongs to
  the current user and is writable by nobody else (a pickle from someone else could run code). A file that is
  truncated, corrupt, from another version or for other content is ignored and rebuilt.
- **Never in the way.** Any problem with the cache itself (a read-only or missing home, a full disk, a file that
  cannot be read) silently falls back to loading the files; ``CAREERGAP_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import sys
import tempfile
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from careergap.errors import Problem
from careergap.library import BUILTIN_PREFIX, YAML_SUFFIXES, Library, Origin, _expand, builtin_root
from careergap.signals import signals_held

CACHE_DIR_ENV = "CAREERGAP_CACHE_DIR"
NO_CACHE_ENV = "CAREERGAP_NO_CACHE"
FORMAT = b"careergap-library-cache 2\n"  # 2: Library.unrelated
KEEP = 16  # cache files kept: one per distinct set of library files; the least recently written go first
_PACKAGE = Path(__file__).resolve().parent
T = TypeVar("T")


def cache_dir() -> Path | None:
    """The folder every careergap cache lives in (it may not exist yet); None when it has nowhere to go (no HOME
    and no user entry for the process, as in a container run under an arbitrary user id)."""
    explicit = os.environ.get(CACHE_DIR_ENV, "")
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        if explicit:
            return Path(explicit).expanduser()
        return Path(base or Path("~").expanduser() / ".cache") / "careergap"
    except RuntimeError:  # Path.expanduser: "Could not determine home directory"
        return None


def enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def folder() -> Path | None:
    """Where the caches go, or None when caching is off (CAREERGAP_NO_CACHE=1) or has nowhere to go."""
    return cache_dir() if enabled() else None


def load_cached(extra: Sequence[Path], include_builtin: bool, build: Callable[[], Library]) -> Library:
    """The library for these files: from the cache when it holds this exact content, else ``build()`` (cached
    when it succeeds). ``build`` raises on invalid files; nothing is cached then."""
    where = folder()
    if where is None:
        return build()
    try:
        sources = list(_sources(extra, include_builtin))
    except Exception:  # noqa: BLE001 - a missing or unreadable file: the loader reports it properly
        return build()
    digest = _key(sources, include_builtin)
    path = where / f"library-{digest[:24]}.pickle"
    library = _read(path, digest)
    if library is None:
        library = build()
        _write(path, digest, library)
    _keys[id(library)] = (weakref.ref(library), digest)
    return library


# id(library) -> (the library, its key): which loaded libraries are exactly the cached content (the phrase cache,
# careergap.phrasecache, keys its answers on it).
_keys: dict[int, tuple[weakref.ref[Library], str]] = {}


def key_of(library: object) -> str | None:
    """The cache key of a library this module loaded or built, else None (loaded some other way)."""
    found = _keys.get(id(library))
    if found is None or found[0]() is not library:
        return None
    return found[1]


DERIVED_FORMAT = b"careergap-derived-cache 1\n"


def derived(
    library: object, name: str, parts: Sequence[str], build: Callable[[], T], valid: Callable[[object], bool]
) -> T:
    """Something computed from a library alone, such as the matcher's phrase index: read back from the cache folder
    when it was built before for this exact library (its cache key) and these ``parts`` (what else the computation
    depends on, e.g. the matcher's version and word lists), else ``build()`` and saved. A library this module did
    not load (cache off, ``roles validate``, built some other way) is always built. A file whose content fails
    ``valid`` (the caller's check of its type) is rebuilt and replaced."""
    library_key, where = key_of(library), folder()
    if library_key is None or where is None:
        return build()
    digest = hashlib.sha256(DERIVED_FORMAT)
    for part in (name, library_key, *parts):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    key = digest.hexdigest()
    path = where / f"{name}-{key[:24]}.pickle"
    header = DERIVED_FORMAT + key.encode() + b"\n"
    found = load_private(path, header)
    if found is not None and valid(found):
        return found  # type: ignore[return-value]
    value = build()
    try:  # saved before anyone can change it: the file holds exactly what build() returned
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return value
    save_private(path, header, payload, f"{name}-*.pickle")
    return value


class _Unreadable(Exception):
    """A library path that the cache cannot account for; the loader reports it."""


def _sources(extra: Sequence[Path], include_builtin: bool) -> Iterator[tuple[str, bytes]]:
    if include_builtin:
        root = builtin_root()
        if not root.is_dir():
            raise _Unreadable
        entries = sorted((e for e in root.iterdir() if e.name.endswith(YAML_SUFFIXES)), key=lambda e: e.name)
        for entry in entries:
            yield BUILTIN_PREFIX + entry.name, entry.read_bytes()
    problems: list[Problem] = []
    for path in _expand(extra, problems):
        if problems or not path.is_file():
            raise _Unreadable
        yield str(path), path.read_bytes()
    if problems:  # a folder that could not be walked (reported after the walk): the loader says which
        raise _Unreadable


def _key(sources: Iterable[tuple[str, bytes]], include_builtin: bool) -> str:
    from careergap import __version__

    digest = hashlib.sha256(FORMAT)
    for part in (__version__, _pydantic_version(), sys.version, str(include_builtin), _code_fingerprint()):
        digest.update(part.encode() + b"\0")
    for name, data in sources:
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def _pydantic_version() -> str:
    from pydantic.version import VERSION

    return VERSION


def _code_fingerprint() -> str:
    """Names, sizes and modification times of careergap's own modules: a changed model or check is a new key."""
    parts: list[str] = []
    for folder, _dirs, files in sorted(os.walk(_PACKAGE)):
        for name in sorted(files):
            if name.endswith(".py"):
                stat = Path(folder, name).stat()
                parts.append(f"{Path(folder, name).relative_to(_PACKAGE)}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts)


def private(stat: os.stat_result) -> bool:
    """Owned by us and writable by no one else: safe to unpickle."""
    getuid = getattr(os, "getuid", None)
    return (getuid is None or stat.st_uid == getuid()) and not stat.st_mode & 0o022


def load_private(path: Path, header: bytes) -> object | None:
    """The pickled object a cache file holds after ``header`` (its format line and key); None when the file or its
    folder is not the user's own and private, the file starts with another header, or the bytes do not unpickle.

    Shared by the library cache and the phrase cache (careergap.phrasecache): one rule for what a cache may trust.
    """
    try:
        with path.open("rb") as handle:
            if not (private(os.fstat(handle.fileno())) and private(path.parent.stat())):
                return None
            blob = handle.read()
    except OSError:
        return None
    if not blob.startswith(header):
        return None
    collecting = gc.isenabled()
    gc.disable()  # unpickling creates thousands of objects and none is garbage: collections would be wasted
    try:
        loaded: object = pickle.loads(blob[len(header) :])
        return loaded
    except Exception:  # noqa: BLE001 - any corrupt or foreign file is simply rebuilt
        return None
    finally:
        if collecting:
            gc.enable()


def save_private(path: Path, header: bytes, payload: bytes, pattern: str) -> None:
    """Write ``header`` and ``payload`` atomically (temp file + rename), owner-only, then keep the KEEP newest
    files matching ``pattern``; give up silently when the folder is not writable or not private."""
    folder = path.parent
    tmp = ""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not private(folder.stat()):
            return
        with signals_held():  # tmp is set before a signal can stop the write (the finally removes it)
            fd, tmp = tempfile.mkstemp(prefix=".cache-", suffix=".tmp", dir=folder)  # created 0600
        with os.fdopen(fd, "wb") as handle:
            handle.write(header)
            handle.write(payload)
        Path(tmp).replace(path)
        tmp = ""
        prune(folder, pattern)
    except OSError:
        pass
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()


def _read(path: Path, digest: str) -> Library | None:
    loaded = load_private(path, _header(digest))
    if not isinstance(loaded, tuple) or len(loaded) != 2:
        return None
    library, origins = loaded
    if not isinstance(library, Library) or not isinstance(origins, bytes):
        return None
    library.origins = _LazyOrigins(origins)
    return library


def _write(path: Path, digest: str, library: Library) -> None:
    """Save a checked library; give up silently when it cannot be pickled or the folder is not writable."""
    try:
        # Origins (file and line of every item, for error messages) are most of the bytes and almost never read
        # from a checked library: keep them as one opaque blob, decoded on first use.
        origins = pickle.dumps(dict(library.origins), protocol=pickle.HIGHEST_PROTOCOL)
        shell = Library(
            skills=library.skills,
            qualifications=library.qualifications,
            actions=library.actions,
            roles=library.roles,
            files=library.files,
            phrasings=library.phrasings,
            unrelated=library.unrelated,
        )
        payload = pickle.dumps((shell, origins), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return
    save_private(path, _header(digest), payload, "library-*.pickle")


def _header(digest: str) -> bytes:
    return FORMAT + digest.encode() + b"\n"


def prune(folder: Path, pattern: str) -> None:
    """Keep the KEEP most recently written files matching ``pattern`` that careergap wrote (they start with
    CACHE_MARK) and that are the user's own: a file of the user's that happens to match the pattern in a folder
    given as CAREERGAP_CACHE_DIR is never deleted (a hostile-input check lost five of twenty)."""
    entries = sorted(
        (p for p in folder.glob(pattern) if _ours(p)), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for stale in entries[KEEP:]:
        with contextlib.suppress(OSError):
            stale.unlink()


CACHE_MARK = (
    b"careergap-"  # the start of every cache file's format line (FORMAT, DERIVED_FORMAT, the phrase cache)
)


def _ours(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return private(os.fstat(handle.fileno())) and handle.read(len(CACHE_MARK)) == CACHE_MARK
    except OSError:
        return False


class _LazyOrigins(dict[tuple[str, str], Origin]):
    """A cached library's origins, unpickled only when something asks for one (an error message does)."""

    def __init__(self, blob: bytes) -> None:
        super().__init__()
        self._blob: bytes | None = blob

    def _fill(self) -> None:
        if self._blob is not None:
            blob, self._blob = self._blob, None
            super().update(pickle.loads(blob))

    def __getitem__(self, key: tuple[str, str]) -> Origin:
        self._fill()
        return super().__getitem__(key)

    def __setitem__(self, key: tuple[str, str], value: Origin) -> None:
        self._fill()
        super().__setitem__(key, value)

    def __contains__(self, key: object) -> bool:
        self._fill()
        return super().__contains__(key)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        self._fill()
        return super().__iter__()

    def __len__(self) -> int:
        self._fill()
        return super().__len__()

    def __eq__(self, other: object) -> bool:
        self._fill()
        return super().__eq__(other)

    __hash__ = None

    def __repr__(self) -> str:
        self._fill()
        return super().__repr__()

    def get(self, key: tuple[str, str], default: Any = None) -> Any:
        self._fill()
        return super().get(key, default)

    def keys(self) -> Any:
        self._fill()
        return super().keys()

    def values(self) -> Any:
        self._fill()
        return super().values()

    def items(self) -> Any:
        self._fill()
        return super().items()

    def __reduce__(self) -> Any:
        self._fill()
        return (dict, (dict(super().items()),))
