"""BM25 over passages with bm25s, using the Vietnamese tokenizer.

One bm25s index holds both token fields (accented and folded, see `index.tokenize`): a query typed with
diacritics matches both fields, so the exact spelling outranks a folded coincidence, and a bare query still
finds accented text. Saved in bm25s's own folder format (npy arrays + JSON vocab/params, no pickle).

Scores are computed for every passage and the top n taken with argpartition, which is exact for any n
(including n larger than the corpus) and fast at this corpus size (~10⁴ passages).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np

from index.tokenize import Tokenizer, VietnameseTokenizer, tokenizer_id

logger = logging.getLogger(__name__)

PARAMS_FILE = "lexical.json"


def top_n(scores: np.ndarray, n: int, keep_zero: bool = False) -> list[tuple[int, float]]:
    """(index, score) of the n highest scores, best first; ties broken by lower index.

    Zero scores (no query term matched) are dropped unless `keep_zero`.
    """
    if n <= 0 or scores.size == 0:
        return []
    n = min(n, scores.size)
    part = np.argpartition(-scores, n - 1)[:n] if n < scores.size else np.arange(scores.size)
    order = part[np.lexsort((part, -scores[part]))]
    return [(int(i), float(scores[i])) for i in order if keep_zero or scores[i] > 0]


class LexicalIndex:
    """BM25 over a list of texts whose positions are passage ids."""

    def __init__(self, tokenizer: Tokenizer | None = None, k1: float = 1.2, b: float = 0.75) -> None:
        self.tokenizer: Tokenizer = tokenizer or VietnameseTokenizer()
        self.k1 = k1
        self.b = b
        self._bm25: bm25s.BM25 | None = None
        self.size = 0

    def index(self, texts: Sequence[str]) -> LexicalIndex:
        """Tokenize and index `texts`; position i is passage id i. An empty list gives an empty index."""
        self.size = len(texts)
        if not texts:
            self._bm25 = None
            return self
        corpus_tokens = [self.tokenizer(t) for t in texts]
        bm25 = bm25s.BM25(k1=self.k1, b=self.b, method="lucene")
        bm25.index(corpus_tokens, show_progress=False)
        self._bm25 = bm25
        return self

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every passage for `query` (zeros where nothing matched)."""
        if self._bm25 is None:
            return np.zeros(self.size, dtype=np.float32)
        # A repeated query term counts once, as in the brute-force reference the tests hold it to.
        ids = self._bm25.get_tokens_ids(list(dict.fromkeys(self.tokenizer(query))))
        if not ids:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(ids), dtype=np.float32)

    def search(self, query: str, n: int) -> list[tuple[int, float]]:
        """The n best (passage id, BM25 score), best first; passages matching no query token are left out."""
        return top_n(self.scores(query), n)

    def save(self, folder: Path) -> None:
        """Write the index as a bm25s folder plus `lexical.json` (tokenizer description, size)."""
        folder.mkdir(parents=True, exist_ok=True)
        if self._bm25 is not None:
            self._bm25.save(str(folder), show_progress=False)
        params = {"size": self.size, "tokenizer": tokenizer_id(self.tokenizer), "k1": self.k1, "b": self.b,
                  "bm25s_version": bm25s.__version__}
        (folder / PARAMS_FILE).write_text(json.dumps(params, ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, tokenizer: Tokenizer | None = None) -> LexicalIndex:
        """Read a folder written by `save`; `tokenizer` must be the one the index was built with."""
        params = json.loads((folder / PARAMS_FILE).read_text(encoding="utf-8"))
        lexical = cls(tokenizer, k1=params["k1"], b=params["b"])
        if tokenizer_id(lexical.tokenizer) != params["tokenizer"]:
            logger.warning("lexical index built with tokenizer %s, loading with %s", params["tokenizer"],
                           tokenizer_id(lexical.tokenizer))
        lexical.size = int(params["size"])
        if lexical.size:
            lexical._bm25 = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
        return lexical
