"""Ranking mechanisms on small team-written data: query rewriting, FAQ and document signals, fusion."""

from __future__ import annotations

import pytest

from index.abbreviations import expand_abbreviations
from index.dense import DenseIndex
from index.diacritics import DiacriticRestorer
from index.lexical import LexicalIndex
from index.passages import make_passages
from index.search import DefaultRewriter, RankParams, SearchIndex, documents_from_kb
from knowledge.model import Document, DocumentKind, GlossaryEntry, KnowledgeBase
from settings import RetrievalSettings
from tests.index_kb import article, small_kb

# Team-written sentences for the restorer to learn from (not corpus text).
TEXTS = [
    "Trưởng thôn được bầu tại hội nghị thôn, nhiệm kỳ của trưởng thôn là năm năm.",
    "Ban thanh tra nhân dân giám sát việc thực hiện các khoản đóng góp của thôn.",
    "Thông tin phải được niêm yết tại nhà văn hóa thôn ít nhất ba mươi ngày.",
    "Cán bộ vi phạm thì bị xử lý kỷ luật theo quy định.",
    "Bản làng vùng cao họp dân mỗi năm một lần.",
]


@pytest.fixture(scope="module")
def restorer() -> DiacriticRestorer:
    return DiacriticRestorer.train(TEXTS)


def test_chat_abbreviations_expand_as_whole_words() -> None:
    assert expand_abbreviations("thon em ko dc thu tien a") == "thon em không được thu tien a"
    assert expand_abbreviations("UBND xa vs MTTQ") == "ủy ban nhân dân xa với mặt trận tổ quốc"
    assert expand_abbreviations("Đc ko") == "được không"
    assert expand_abbreviations("bao h thi hop") == "bao giờ thi hop"


def test_abbreviations_leave_words_and_point_letters_alone() -> None:
    # "kon" contains "ko" but is not the token "ko"; "điểm k" is a point of a clause.
    assert expand_abbreviations("kon tum") == "kon tum"
    assert expand_abbreviations("điểm k khoản 2") == "điểm k khoản 2"
    assert expand_abbreviations("") == ""


def test_rewriter_fixes_typos_and_keeps_the_typed_text_for_bm25(restorer: DiacriticRestorer) -> None:
    rewriter = DefaultRewriter((), restorer)
    variants = rewriter("niêm yết thôg tin bao lâu")
    assert variants[0].text == "niêm yết thôg tin bao lâu" and not variants[0].dense
    assert variants[1].text == "niêm yết thông tin bao lâu" and variants[1].dense
    off = DefaultRewriter((), restorer, typos=False)
    assert [v.text for v in off("niêm yết thôg tin bao lâu")] == ["niêm yết thôg tin bao lâu"]


def test_rewriter_restores_diacritics_after_expanding_abbreviations(restorer: DiacriticRestorer) -> None:
    variants = DefaultRewriter((), restorer)("truong thon ko duoc bau a")
    assert "trưởng thôn không được bầu" in variants[-1].text


def test_glossary_terms_match_with_their_diacritics(restorer: DiacriticRestorer) -> None:
    glossary = [GlossaryEntry("bản", ("thôn",)), GlossaryEntry("họp dân", ("hội nghị thôn",))]
    rewriter = DefaultRewriter(glossary, restorer)
    # "Ban" (a board) is not "bản" (a village): no expansion.
    assert all("thôn" not in v.text.split() for v in rewriter("Ban thanh tra nhân dân giám sát gì"))
    expanded = rewriter("bản em họp dân mấy lần")
    assert expanded[-1].text.endswith("thôn hội nghị thôn") and not expanded[-1].dense
    assert expanded[-1].weight == pytest.approx(rewriter.glossary_weight)


# ---- rank(): the pure ranking step over passage scores ----------------------------------------------


def _index(kb: KnowledgeBase) -> SearchIndex:
    """A SearchIndex over `kb` whose retrievers are never called (rank() takes passage scores directly)."""
    passages = make_passages(kb)
    articles = {a.id: a for a in kb.articles()}
    return SearchIndex(passages=passages, articles=articles, documents=documents_from_kb(kb.documents),
                       faq=kb.faq, glossary=kb.glossary, lexical=LexicalIndex(), dense=DenseIndex(4),
                       encoder=None, retrieval=RetrievalSettings())  # type: ignore[arg-type]


def _kb_with_circular() -> KnowledgeBase:
    law = small_kb().documents[0]
    circular = Document(
        id="circular", title="Thông tư thử nghiệm", kind=DocumentKind.CODIFIED, path="tt.md", sha256="d" * 64,
        articles=(article("circular", "4", "Mẫu biên bản họp thôn", ["Biên bản họp thôn ghi số hộ tham dự."],
                          doc_number="01/2024/TT-BNV", kind="Thông tư", codified="44.13.TT.1.4"),),
    )
    return KnowledgeBase(documents=(law, circular), faq=(), glossary=())


def _first_passage(index: SearchIndex, article_id: str) -> int:
    return next(p.id for p in index.passages if p.article_id == article_id and p.kind == "clause")


def test_document_prior_lifts_the_law_over_a_circular_of_nearly_equal_score() -> None:
    index = _index(_kb_with_circular())
    law, circular = _first_passage(index, "44.13.LQ.3"), _first_passage(index, "44.13.TT.1.4")
    weak = _first_passage(index, "44.13.LQ.1")  # a third article, so min-max has a floor below both
    close = {law: 5.0, circular: 5.2, weak: 1.0}
    flat = RankParams(primary_prior=0.0, statute_prior=0.0)
    assert index.rank(close, {}, 3, flat).hits[0].article.id == "44.13.TT.1.4"
    for prior in (RankParams(primary_prior=0.1, statute_prior=0.0), RankParams(primary_prior=0.0, statute_prior=0.1)):
        assert index.rank(close, {}, 3, prior).hits[0].article.id == "44.13.LQ.3"
    # the prior is mild: a clearly better circular still wins with the default parameters
    assert index.rank({law: 2.0, circular: 5.0, weak: 1.0}, {}, 3, RankParams()).hits[0].article.id == "44.13.TT.1.4"


def test_faq_passage_raises_its_cited_articles_by_faq_weight() -> None:
    kb = small_kb()
    index = _index(kb)
    faq_pid = next(p.id for p in index.passages if p.kind == "faq")
    other = _first_passage(index, "44.13.LQ.1")
    params = RankParams(faq_weight=0.75, dense_weight=0.0)
    hits = index.rank({faq_pid: 10.0, other: 8.0}, {}, 5, params).hits
    ids = [h.article.id for h in hits]
    # 0.75 × 10 < 8: the FAQ entry's articles come after the clause that matched better on its own
    assert ids[0] == "44.13.LQ.1" and set(ids[1:3]) == {"44.13.LQ.2", "44.13.NĐ.1.21"}
    assert hits[1].faq_ids == ("faq-1",)
