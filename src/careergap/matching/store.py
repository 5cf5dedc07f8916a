"""Vectors for the library's wordings: shipped precomputed for the built-in vocabulary, cached for others.

The built-in vectors live in data/builtin-vectors.npz (texts and float16 vectors, made by
`python -m careergap.matching.store`, checked by tests/test_semantic.py against the model). Wordings that are
not built in (an organisation's own skill files) are embedded on first use and cached under the user's cache
directory (XDG_CACHE_HOME or ~/.cache, careergap/), keyed by the model version and the text.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from careergap.matching.model import MODEL_VERSION, load_model

BUILTIN = Path(__file__).parent / "data" / "builtin-vectors.npz"


@lru_cache(maxsize=1)
def builtin_vectors() -> dict[str, Any]:
    """Text -> unit vector for the built-in vocabulary (empty when the file or numpy is missing)."""
    try:
        import numpy as np
    except ImportError:
        return {}
    if not BUILTIN.is_file():
        return {}
    with np.load(BUILTIN, allow_pickle=False) as data:
        if str(data["version"]) != MODEL_VERSION:
            return {}
        return {str(t): v.astype(np.float32) for t, v in zip(data["texts"], data["vectors"], strict=True)}


def _cache_file(texts: list[str]) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "careergap"
    digest = hashlib.sha256("\n".join([MODEL_VERSION, *sorted(texts)]).encode("utf-8")).hexdigest()[:16]
    return base / f"vectors-{digest}.npz"


def vectors_for(texts: list[str]) -> Any:
    """Unit vectors for the texts, in order: built-in ones from the shipped file, the rest embedded and cached."""
    import numpy as np

    known = builtin_vectors()
    missing = sorted({t for t in texts if t not in known})
    extra: dict[str, Any] = {}
    if missing:
        cache = _cache_file(missing)
        try:
            with np.load(cache, allow_pickle=False) as data:
                extra = {str(t): v for t, v in zip(data["texts"], data["vectors"], strict=True)}
        except (OSError, ValueError, KeyError):
            extra = {}
        if set(missing) - set(extra):
            made = load_model().embed(missing)
            extra = dict(zip(missing, made, strict=True))
            try:
                cache.parent.mkdir(parents=True, exist_ok=True)
                tmp = cache.with_suffix(".tmp.npz")
                np.savez(tmp, texts=np.array(missing), vectors=made.astype(np.float32))
                tmp.replace(cache)
            except OSError:
                pass  # a read-only home only costs the embedding again next time
    rows = [known[t] if t in known else extra[t] for t in texts]
    return np.stack(rows).astype(np.float32) if rows else np.zeros((0, 384), dtype=np.float32)


def write_builtin(texts: list[str]) -> None:
    """Embed the built-in vocabulary's wordings and write the shipped file (run at build time)."""
    import numpy as np

    unique = sorted(set(texts))
    made = load_model().embed(unique)
    np.savez_compressed(
        BUILTIN, version=np.array(MODEL_VERSION), texts=np.array(unique), vectors=made.astype(np.float16)
    )


if __name__ == "__main__":
    from careergap.library import load_library
    from careergap.resolve import meaning_wordings

    library = load_library()
    all_texts = [t for texts in meaning_wordings(library).values() for t in texts]
    write_builtin(all_texts)
    print(f"wrote {len(set(all_texts))} wordings to {BUILTIN}")
