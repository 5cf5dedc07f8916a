"""Vectors for the library's wordings, per model, and the skill classifier fitted on them: shipped precomputed for
the built-in vocabulary, cached for others.

The built-in vectors live in data/builtin-vectors.npz (all-MiniLM-L6-v2) and data/builtin-vectors-e5.npz (the second
opinion, multilingual-e5-small): texts and float16 vectors, made by `python -m careergap.matching.store`, checked by
tests/test_semantic.py against the models. Wordings that are not built in (an organisation's own skill files) are
embedded on first use and cached under the user's cache directory (XDG_CACHE_HOME or ~/.cache, careergap/), keyed by
the model version and the text. The skill classifier (careergap.matching.classifier) ships fitted on the built-in
wordings in data/classifier.npz; a library with other wordings gets one fitted on first use (a few seconds) and
cached beside the vectors, keyed by every (skill, wording) pair, the models and the fitting settings. Cached files
are written like the library cache (careergap.libcache.save_private: owner-only, atomic, the newest few of each
kind kept), behind a format line of their own.
"""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from careergap.matching.classifier import SkillClassifier, fit, training_key
from careergap.matching.model import MINILM_VERSION, SECOND_VERSION, load_model, load_second_model
from careergap.matching.semantic import MeaningIndex

Model = Literal["minilm", "second"]
DATA = Path(__file__).parent / "data"
BUILTIN = DATA / "builtin-vectors.npz"
BUILTIN_SECOND = DATA / "builtin-vectors-e5.npz"
BUILTIN_CLASSIFIER = DATA / "classifier.npz"


def _shipped(model: Model) -> tuple[Path, str]:
    """The shipped file and the model version it must record."""
    return (BUILTIN, MINILM_VERSION) if model == "minilm" else (BUILTIN_SECOND, SECOND_VERSION)


def _embed(model: Model, texts: list[str]) -> Any:
    return (load_model() if model == "minilm" else load_second_model()).embed(texts)


@lru_cache(maxsize=2)
def builtin_vectors(model: Model = "minilm") -> dict[str, Any]:
    """Text -> unit vector for the built-in vocabulary (empty when the file or numpy is missing)."""
    try:
        import numpy as np
    except ImportError:
        return {}
    path, version = _shipped(model)
    if not path.is_file():
        return {}
    with np.load(path, allow_pickle=False) as data:
        if str(data["version"]) != version:
            return {}
        return {str(t): v.astype(np.float32) for t, v in zip(data["texts"], data["vectors"], strict=True)}


def _cache_file(model: Model, texts: list[str]) -> Path | None:
    """Where an organisation's own wordings' vectors are cached (careergap.libcache's folder), or None: no cache."""
    from careergap import libcache

    where = libcache.folder()
    if where is None:
        return None
    version = _shipped(model)[1]
    digest = hashlib.sha256("\n".join([version, *sorted(texts)]).encode("utf-8")).hexdigest()[:16]
    return where / f"vectors-{digest}.npz"


# What reading a damaged cache file can raise (truncated, emptied, another format, bad compressed data): the file is
# then ignored and rebuilt, never an error of the run.
_UNREADABLE = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, zlib.error)


# A cached npz file starts with this line, then the npz bytes: libcache.prune removes only files that start with
# libcache.CACHE_MARK, so the line is what lets the cache keep the newest files and drop the rest.
CACHE_FORMAT = b"careergap-vectors 1\n"


def _save(path: Path, pattern: str, **arrays: Any) -> None:
    """Cache an npz file: written atomically (a reader never sees half a file), owner-only, and only the newest few
    files matching ``pattern`` kept (careergap.libcache.save_private); a cache that cannot be written costs a redo."""
    import io

    import numpy as np

    from careergap import libcache

    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    libcache.save_private(path, CACHE_FORMAT, buffer.getvalue(), pattern)


def _open_npz(path: Path, header: bytes = b"") -> Any:
    """The arrays of an npz file that starts with ``header`` (CACHE_FORMAT for a cached one, nothing for a shipped
    one); raises one of _UNREADABLE when the file is missing, damaged or of another kind."""
    import io

    import numpy as np

    blob = path.read_bytes()
    if not blob.startswith(header):
        raise ValueError(f"{path} does not start with {header!r}")
    return np.load(io.BytesIO(blob[len(header) :]), allow_pickle=False)


def vectors_for(texts: list[str], model: Model = "minilm") -> Any:
    """Unit vectors for the texts, in order: built-in ones from the shipped file, the rest embedded and cached."""
    import numpy as np

    known = builtin_vectors(model)
    missing = sorted({t for t in texts if t not in known})
    extra: dict[str, Any] = {}
    if missing:
        cache = _cache_file(model, missing)
        try:
            if cache is not None:
                with _open_npz(cache, CACHE_FORMAT) as data:
                    extra = {str(t): v for t, v in zip(data["texts"], data["vectors"], strict=True)}
        except _UNREADABLE:
            extra = {}
        if set(missing) - set(extra):
            made = _embed(model, missing)
            extra = dict(zip(missing, made, strict=True))
            if cache is not None:
                _save(cache, "vectors-*.npz", texts=np.array(missing), vectors=made.astype(np.float32))
    rows = [known[t] if t in known else extra[t] for t in texts]
    return np.stack(rows).astype(np.float32) if rows else np.zeros((0, 384), dtype=np.float32)


CLASSIFIER_VERSION = f"{MINILM_VERSION} | {SECOND_VERSION}"


def classifier_key(texts: list[str], owners: list[str]) -> str:
    """The key of the classifier fitted on these wordings: the wordings, both models and the lexicon (which stems
    the words the classifier reads: data/roles/lexicon.yaml). Hashing the lexicon costs a file read where stemming
    every wording would cost a fifth of a second on every run."""
    import hashlib

    from careergap.lexicon import lexicon_text

    lexicon = hashlib.sha256(lexicon_text().encode()).hexdigest()[:16]
    return training_key(texts, owners, f"{CLASSIFIER_VERSION} | lexicon {lexicon}")


def _classifier_arrays(key: str, made: SkillClassifier) -> dict[str, Any]:
    """What a classifier file holds (`_load_classifier` reads it back): its key, skills, weights and vocabulary."""
    import numpy as np

    return {
        "key": np.array(key),
        "targets": np.array(made.targets),
        "weights": made.weights,
        "bias": made.bias,
        "vocabulary": np.array(made.vocabulary, dtype=str),
    }


def _load_classifier(path: Path, key: str, header: bytes = b"") -> SkillClassifier | None:
    try:
        with _open_npz(path, header) as data:
            if str(data["key"]) != key:
                return None
            return SkillClassifier(
                tuple(map(str, data["targets"])),
                data["weights"],
                data["bias"],
                tuple(map(str, data["vocabulary"])),
            )
    except _UNREADABLE:
        return None


def classifier_for(
    texts: list[str], owners: list[str], targets: list[str], vectors: Any, second_vectors: Any
) -> SkillClassifier:
    """The skill classifier for these wordings: the shipped one when they are the built-in ones, else a cached one,
    else fitted now (and cached)."""
    import numpy as np

    from careergap import libcache

    key = classifier_key(texts, owners)
    where = libcache.folder()
    cache = None if where is None else where / f"classifier-{key[:16]}.npz"
    for path, header in ((BUILTIN_CLASSIFIER, b""), (cache, CACHE_FORMAT)):
        found = None if path is None else _load_classifier(path, key, header)
        if found is not None and list(found.targets) == list(targets):
            return found
    made = fit(np.hstack([vectors, second_vectors]), owners, targets, texts)
    if cache is not None:
        _save(cache, "classifier-*.npz", **_classifier_arrays(key, made))
    return made


def write_builtin_classifier(index: MeaningIndex) -> None:
    """Fit the skill classifier on the built-in wordings, as the matcher's index holds them (`MeaningIndex.table`),
    and write its shipped file (run at build time, after the vectors)."""
    import numpy as np

    texts, owners, targets, vectors, second_vectors = index.table()
    made = fit(np.hstack([vectors, second_vectors]), owners, targets, texts)
    np.savez_compressed(BUILTIN_CLASSIFIER, **_classifier_arrays(classifier_key(texts, owners), made))


def write_builtin(texts: list[str], model: Model = "minilm", *, fresh: bool = False) -> int:
    """Embed the built-in vocabulary's wordings with one model and write its shipped file (run at build time); the
    number of wordings embedded now.

    A wording already in the shipped file (same model version) keeps its vector unless `fresh`: adding an alias
    embeds that alias only, and every other wording's vector stays byte for byte what the matcher was measured with
    (embedding in other batches moves vectors in their third decimal place)."""
    import numpy as np

    path, version = _shipped(model)
    unique = sorted(set(texts))
    kept = {} if fresh else builtin_vectors(model)
    missing = [t for t in unique if t not in kept]
    made = dict(zip(missing, _embed(model, missing), strict=True)) if missing else {}
    vectors = np.stack([kept[t] if t in kept else made[t] for t in unique])
    np.savez_compressed(
        path, version=np.array(version), texts=np.array(unique), vectors=vectors.astype(np.float16)
    )
    builtin_vectors.cache_clear()
    return len(missing)


if __name__ == "__main__":
    import sys

    from careergap.library import load_library
    from careergap.resolve import meaning_wordings

    library = load_library()
    all_texts = [t for texts in meaning_wordings(library).values() for t in texts] + library.unrelated
    # `python -m careergap.matching.store` writes every file, embedding only the wordings the shipped files lack
    # (`--fresh`: all of them again); `... store second` only the second model's vectors and the classifier,
    # `... store classifier` only the classifier
    fresh = "--fresh" in sys.argv[1:]
    args = [a for a in sys.argv[1:] if a != "--fresh"]
    choices: dict[str, tuple[Model, ...]] = {"second": ("second",), "classifier": ()}
    models = choices.get(" ".join(args), ("minilm", "second"))
    for which in models:
        embedded = write_builtin(all_texts, which, fresh=fresh)
        print(f"wrote {len(set(all_texts))} wordings ({embedded} embedded now) to {_shipped(which)[0]}")
    from careergap.matching.layer import meaning_for

    index, off = meaning_for(meaning_wordings(library), library.unrelated)
    if index is None:
        raise SystemExit(f"cannot fit the skill classifier: {off}")
    write_builtin_classifier(index)
    print(f"wrote the skill classifier to {BUILTIN_CLASSIFIER}")
