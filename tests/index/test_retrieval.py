"""Lexical and dense indexes against exact brute-force references on tiny data."""

import math
from collections import Counter

import numpy as np
import pytest

from index.dense import DenseIndex
from index.lexical import LexicalIndex
from index.tokenize import VietnameseTokenizer

DOCS = [
    "Trưởng thôn do hộ gia đình bầu.",
    "Góp tiền làm đường cần quá nửa số hộ đồng ý.",
    "Hòa giải tranh chấp giữa hàng xóm trong thôn.",
    "Niêm yết công khai kết quả đóng góp làm đường.",
    "Họp thôn để bàn và quyết định việc làm đường.",
]


def _same(a, b):
    return [i for i, _ in a] == [i for i, _ in b] and np.allclose([s for _, s in a], [s for _, s in b])


def bm25_reference(docs, query, tok, k1=1.2, b=0.75):
    """Lucene (8+) BM25, written out directly: no (k1 + 1) factor in the numerator."""
    tokenized = [tok(d) for d in docs]
    n = len(docs)
    avgdl = sum(len(t) for t in tokenized) / n
    df = Counter(term for t in tokenized for term in set(t))
    scores = np.zeros(n)
    for term in dict.fromkeys(tok(query)):
        if term not in df:
            continue
        idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
        for i, t in enumerate(tokenized):
            tf = t.count(term)
            scores[i] += idf * tf / (tf + k1 * (1 - b + b * len(t) / avgdl))
    return scores


@pytest.mark.parametrize("query", ["làm đường", "lam duong", "trưởng thôn bầu", "xyz không có", ""])
@pytest.mark.parametrize("k", [1, 3, 50])
def test_bm25_matches_reference(query, k, tmp_path):
    tok = VietnameseTokenizer()
    lexical = LexicalIndex(tok).index(DOCS)
    expected = bm25_reference(DOCS, query, tok)
    np.testing.assert_allclose(lexical.scores(query), expected, rtol=1e-4, atol=1e-5)
    hits = lexical.search(query, k)
    order = sorted((i for i in range(len(DOCS)) if expected[i] > 0), key=lambda i: (-expected[i], i))[:k]
    assert [i for i, _ in hits] == order
    lexical.save(tmp_path / "bm25")
    again = LexicalIndex.load(tmp_path / "bm25", tok)
    assert _same(again.search(query, k), hits)


def test_bm25_empty_corpus(tmp_path):
    lexical = LexicalIndex().index([])
    assert lexical.search("làm đường", 5) == []
    lexical.save(tmp_path / "bm25")
    assert LexicalIndex.load(tmp_path / "bm25").search("làm đường", 5) == []


def test_folded_query_finds_accented_passage():
    lexical = LexicalIndex().index(DOCS)
    assert lexical.search("truong thon", 1)[0][0] == 0


def _unit(rows):
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.mark.parametrize("k", [1, 3, 7, 100])
def test_dense_matches_brute_force(k, tmp_path):
    rng = np.random.default_rng(0)
    vectors = _unit(rng.normal(size=(7, 16))).astype(np.float32)
    query = _unit(rng.normal(size=(1, 16))).astype(np.float32)[0]
    dense = DenseIndex(16).add(vectors[:4]).add(vectors[4:])
    expected = vectors @ query
    order = np.argsort(-expected)[:k]
    hits = dense.search(query, k)
    assert [i for i, _ in hits] == order.tolist()
    np.testing.assert_allclose([s for _, s in hits], expected[order], rtol=1e-5)
    dense.save(tmp_path / "dense.faiss")
    assert _same(DenseIndex.load(tmp_path / "dense.faiss").search(query, k), hits)


def test_dense_empty(tmp_path):
    dense = DenseIndex(8)
    assert dense.search(np.ones(8, dtype=np.float32) / math.sqrt(8), 5) == []
    dense.save(tmp_path / "d.faiss")
    loaded = DenseIndex.load(tmp_path / "d.faiss")
    assert loaded.dim == 8 and loaded.size == 0
