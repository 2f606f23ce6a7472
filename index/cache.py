"""A persistent embedding cache, so a rebuild embeds only new or changed passages.

Keyed by (encoder id, sha256 of the exact text embedded). One SQLite file per encoder under
`state_dir/embedding-cache/<encoder-slug>.sqlite3`, vectors stored as float32 BLOBs. SQLite gives crash
safety for free: a build killed mid-way loses at most the batch being written, never corrupts the file.
Embedding ~100 ms per passage on two cores is the dominant cost of a build, so this is what makes a
one-file rebuild take seconds.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from index.encoder import Encoder, encoder_slug

logger = logging.getLogger(__name__)

CACHE_DIR = "embedding-cache"
WRITE_BATCH = 64  # passages embedded and committed together: a killed build loses at most one batch


def text_key(text: str) -> str:
    """The cache key of an embedded text (its UTF-8 sha256, hex)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Vectors of passages already embedded by one encoder."""

    def __init__(self, state_dir: Path, encoder_id: str, dim: int) -> None:
        folder = state_dir / CACHE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"{encoder_slug(encoder_id)}.sqlite3"
        self.encoder_id = encoder_id
        self.dim = dim
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and not _damaged(exc):
                raise  # a full disk, an I/O error or a lock is not the file's fault: keep it
            # Only derived data lives here: a damaged file is dropped and the vectors are embedded again.
            logger.warning("embedding cache %s is damaged (%s); starting it afresh", self.path, exc)
            for suffix in ("", "-wal", "-shm"):
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
            self._db = self._open()
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        row = self._db.execute("SELECT value FROM meta WHERE key = 'encoder'").fetchone()
        stamp = f"{encoder_id}|{dim}"
        if row is None:
            with self._db:
                self._db.execute("INSERT INTO meta VALUES ('encoder', ?)", (stamp,))
        elif row[0] != stamp:
            # Two ids slugged to the same file: never serve one encoder's vectors for another.
            logger.warning("embedding cache %s was for %s; clearing it for %s", self.path, row[0], stamp)
            with self._db:
                self._db.execute("DELETE FROM vectors")
                self._db.execute("UPDATE meta SET value = ? WHERE key = 'encoder'", (stamp,))

    def _open(self) -> sqlite3.Connection:
        """A connection to the cache file, checked by SQLite's quick check; raises sqlite3.DatabaseError."""
        db = sqlite3.connect(self.path)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            problems = [row[0] for row in db.execute("PRAGMA quick_check").fetchall()]
            if problems != ["ok"]:
                raise sqlite3.DatabaseError("; ".join(problems[:3]))
        except BaseException:
            db.close()
            raise
        return db

    def close(self) -> None:
        """Close the database file."""
        self._db.close()

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """Vectors found for `keys` (missing keys are simply absent)."""
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):  # stay under SQLite's bound-parameter limit
            chunk = unique[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for key, blob in self._db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk):
                vector = np.frombuffer(blob, dtype=np.float32)
                if vector.size == self.dim:
                    found[key] = vector
        return found

    def put_many(self, items: Sequence[tuple[str, np.ndarray]]) -> None:
        """Store vectors in one transaction."""
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                [(k, np.ascontiguousarray(v, dtype=np.float32).tobytes()) for k, v in items],
            )

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])


def embed_with_cache(
    encoder: Encoder, texts: Sequence[str], cache: EmbeddingCache | None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[np.ndarray, int]:
    """Embeddings of `texts` as passages, taken from the cache where present.

    Returns (vectors (n, dim) float32, number of texts actually embedded). Identical texts are embedded
    once. `progress(done, total)` is called after each embedded batch.
    """
    keys = [text_key(t) for t in texts]
    known = cache.get_many(keys) if cache is not None else {}
    missing: dict[str, str] = {}
    for key, text in zip(keys, texts, strict=True):
        if key not in known and key not in missing:
            missing[key] = text
    todo = list(missing.items())
    for start in range(0, len(todo), WRITE_BATCH):
        batch = todo[start:start + WRITE_BATCH]
        vectors = encoder.encode_passages([t for _, t in batch])
        fresh = [(k, vectors[i]) for i, (k, _) in enumerate(batch)]
        known.update(fresh)
        if cache is not None:
            cache.put_many(fresh)
        if progress:
            progress(min(start + WRITE_BATCH, len(todo)), len(todo))
    out = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    for i, key in enumerate(keys):
        out[i] = known[key]
    return out, len(todo)


def _damaged(exc: sqlite3.OperationalError) -> bool:
    return any(word in str(exc).lower() for word in ("malformed", "not a database", "integrity"))
