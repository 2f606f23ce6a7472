"""Exact dense retrieval: a FAISS inner-product flat index over L2-normalised passage embeddings.

With normalised vectors the inner product is the cosine. Flat search is exact and, at ~10⁴ passages × 384
dimensions, takes about a millisecond, so no approximate index is worth its recall loss. FAISS pads results
with id -1 when k exceeds the number of vectors; those are dropped.
"""

from __future__ import annotations

import logging
from pathlib import Path

import faiss
import numpy as np

logger = logging.getLogger(__name__)


class DenseIndex:
    """Vectors whose row numbers are passage ids."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._faiss = faiss.IndexFlatIP(dim)

    @property
    def size(self) -> int:
        """Number of indexed vectors."""
        return int(self._faiss.ntotal)

    def add(self, vectors: np.ndarray) -> DenseIndex:
        """Append rows (float32, already normalised); row i of the whole index is passage id i."""
        arr = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        if len(arr):
            self._faiss.add(arr)
        return self

    def search(self, query: np.ndarray, n: int) -> list[tuple[int, float]]:
        """The n most similar (passage id, cosine), best first; fewer when the index is smaller."""
        if n <= 0 or self.size == 0:
            return []
        q = np.ascontiguousarray(query, dtype=np.float32).reshape(1, self.dim)
        scores, ids = self._faiss.search(q, min(n, self.size))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def save(self, path: Path) -> None:
        """Write the FAISS index file."""
        faiss.write_index(self._faiss, str(path))

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        """Read a file written by `save`."""
        index = faiss.read_index(str(path))
        dense = cls(index.d)
        dense._faiss = index
        return dense
