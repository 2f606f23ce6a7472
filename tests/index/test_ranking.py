"""Ranking mechanisms on small team-written data: query rewriting, FAQ and document signals, fusion."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.abbreviations import expand_abbreviations
from index.dense import DenseIndex
from index.diacritics import DiacriticRestorer
from index.fusion import is_workplace_article, names_workplace
from index.lexical import LexicalIndex
from index.passages import make_passages
from index.rerank import (
    AGREE_TOP,
    FEATURES,
    MODEL_PATH,
    Candidate,
    FeatureExtractor,
    RerankModel,
    rerank_order,
)
from index.results import documents_from_kb
from index.rewrite import DefaultRewriter
from index.search import SearchIndex
from knowledge.model import Document, DocumentKind, FaqEntry, GlossaryEntry, KnowledgeBase
from settings import RetrievalSettings
from tests.support import article, small_kb

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
    flat = RetrievalSettings(primary_prior=0.0, statute_prior=0.0)
    assert index.rank(close, {}, 3, flat).hits[0].article.id == "44.13.TT.1.4"
    for prior in (RetrievalSettings(primary_prior=0.1, statute_prior=0.0),
                  RetrievalSettings(primary_prior=0.0, statute_prior=0.1)):
        assert index.rank(close, {}, 3, prior).hits[0].article.id == "44.13.LQ.3"
    # the prior is mild: a clearly better circular still wins with the default parameters
    defaults = RetrievalSettings()
    assert index.rank({law: 2.0, circular: 5.0, weak: 1.0}, {}, 3, defaults).hits[0].article.id == "44.13.TT.1.4"


def test_a_named_document_lifts_its_articles_over_a_better_scored_other_text() -> None:
    index = _index(_kb_with_circular())
    law, circular = _first_passage(index, "44.13.LQ.3"), _first_passage(index, "44.13.TT.1.4")
    scores = {law: 3.0, circular: 5.0, _first_passage(index, "44.13.LQ.1"): 1.0}
    params = RetrievalSettings(named_document_boost=0.3)
    assert index.rank(scores, {}, 3, params, texts=["biên bản họp thôn"]).hits[0].article.id == "44.13.TT.1.4"
    # the law named by number, or by the words of its title: its article comes first
    for text in ("theo luật 10/2022 thì biên bản họp thôn", "luat thu nghiem dan chu noi gi ve bien ban"):
        assert index.rank(scores, {}, 3, params, texts=[text]).hits[0].article.id == "44.13.LQ.3"
    # knob off: no change
    off = RetrievalSettings(named_document_boost=0.0)
    assert index.rank(scores, {}, 3, off, texts=["theo luật 10/2022"]).hits[0].article.id == "44.13.TT.1.4"
    # the circular named: it stays first
    assert index.rank(scores, {}, 3, params, texts=["thông tư 01/2024 về biên bản"]
                      ).hits[0].article.id == "44.13.TT.1.4"


def _kb_with_workplace_twin() -> KnowledgeBase:
    """A commune-level board article and its twin in a workplace chapter (team-written text)."""
    commune = dataclasses.replace(
        article("law", "36", "Ban giám sát ở xã", ["Ban giám sát ở xã có nhiệm kỳ hai năm rưỡi."]),
        chapter="Chương II. Dân chủ ở xã, phường, thị trấn", section="Mục 4. Nhân dân giám sát")
    twin = dataclasses.replace(
        article("law", "60", "Ban giám sát ở cơ quan", ["Ban giám sát ở cơ quan có nhiệm kỳ hai năm."]),
        chapter="Chương III. Dân chủ ở cơ quan, đơn vị", section="Mục 4. Người lao động giám sát")
    other = article("law", "1", "Điều khác", ["Một điều không liên quan."])
    law = Document(id="law", title="Luật thử nghiệm", kind=DocumentKind.CODIFIED, path="law.md",
                   sha256="e" * 64, articles=(commune, twin, other))
    return KnowledgeBase(documents=(law,), faq=(), glossary=())


def test_workplace_chapters_yield_to_the_commune_level_unless_the_question_names_a_workplace() -> None:
    assert is_workplace_article(_kb_with_workplace_twin().documents[0].articles[1])
    assert not is_workplace_article(_kb_with_workplace_twin().documents[0].articles[0])
    assert names_workplace(["ban giam sat o co quan"])  # folded match
    assert names_workplace(["họp người lao động"]) and names_workplace(["hiệu trưởng nhà trường"])
    assert names_workplace(["trường tiểu học của xã"])
    assert not names_workplace(["trưởng thôn nhiệm kỳ mấy năm"])  # "trưởng" is not "trường"
    assert not names_workplace(["truong thon nhiem ky"])
    index = _index(_kb_with_workplace_twin())
    commune, twin = _first_passage(index, "law.36"), _first_passage(index, "law.60")
    scores = {twin: 5.2, commune: 5.0, _first_passage(index, "law.1"): 1.0}
    params = RetrievalSettings(workplace_penalty=0.3)
    # no query forms given, or the knob off: the better-scored twin stays first
    assert index.rank(scores, {}, 3, params).hits[0].article.id == "law.60"
    assert index.rank(scores, {}, 3, RetrievalSettings(workplace_penalty=0.0), texts=["nhiệm kỳ mấy năm"]
                      ).hits[0].article.id == "law.60"
    # a question naming no workplace: the commune-level article first
    assert index.rank(scores, {}, 3, params, texts=["nhiệm kỳ mấy năm"]).hits[0].article.id == "law.36"
    # a question naming a workplace: unchanged
    assert index.rank(scores, {}, 3, params, texts=["ở cơ quan nhiệm kỳ mấy năm"]).hits[0].article.id == "law.60"


def test_faq_passage_raises_its_cited_articles_by_faq_weight() -> None:
    kb = small_kb()
    index = _index(kb)
    faq_pid = next(p.id for p in index.passages if p.kind == "faq")
    other = _first_passage(index, "44.13.LQ.1")
    params = RetrievalSettings(faq_weight=0.75, dense_weight=0.0)
    hits = index.rank({faq_pid: 10.0, other: 8.0}, {}, 5, params).hits
    ids = [h.article.id for h in hits]
    # 0.75 × 10 < 8: the FAQ entry's articles come after the clause that matched better on its own
    assert ids[0] == "44.13.LQ.1" and set(ids[1:3]) == {"44.13.LQ.2", "44.13.NĐ.1.21"}
    assert hits[1].faq_ids == ("faq-1",)


def test_a_booklet_entry_raises_its_main_article_above_the_ones_it_cites_after() -> None:
    index = _index(small_kb())  # faq-1 cites 44.13.LQ.2 first, then 44.13.NĐ.1.21
    faq_pid = next(p.id for p in index.passages if p.kind == "faq")
    floor = _first_passage(index, "44.13.LQ.1")
    scores = {faq_pid: 10.0, floor: 1.0}

    def fused(share: float) -> dict[str, float]:
        params = RetrievalSettings(faq_weight=0.75, dense_weight=0.0, faq_secondary_share=share,
                            primary_prior=0.0, statute_prior=0.0)
        return {h.article.id: h.score for h in index.rank(scores, {}, 5, params).hits}

    equal, lower = fused(1.0), fused(0.5)
    assert equal["44.13.LQ.2"] == pytest.approx(equal["44.13.NĐ.1.21"])
    assert lower["44.13.LQ.2"] == pytest.approx(equal["44.13.LQ.2"])
    assert lower["44.13.NĐ.1.21"] < lower["44.13.LQ.2"]


# ---- the second stage: index.rerank ------------------------------------------------------------------


def test_shipped_rerank_model_loads_and_names_known_features() -> None:
    model = RerankModel.load(MODEL_PATH)
    assert set(model.features) <= set(FEATURES) and model.depth >= 10
    assert RerankModel.from_json(model.to_json()) == model
    assert all(s > 0 for s in model.scale)


def test_rerank_model_file_with_another_version_or_shape_is_refused() -> None:
    good = RerankModel(("cover_text",), (0.0,), (1.0,), (1.0,))
    raw = json.loads(good.to_json())
    with pytest.raises(ValueError, match="version"):
        RerankModel.from_json(json.dumps({**raw, "version": 99}))
    with pytest.raises(ValueError, match="weights"):
        RerankModel.from_json(json.dumps({**raw, "weights": [1.0, 2.0]}))
    with pytest.raises(ValueError, match="unknown feature"):
        RerankModel.from_json(json.dumps({**raw, "features": ["nonsense"]}))


def test_coverage_features_are_folded_idf_weighted_and_count_numbers() -> None:
    index = _index(small_kb())
    extractor = FeatureExtractor(index.articles, index.passages)
    cands = [Candidate("44.13.LQ.1", 1.0), Candidate("44.13.NĐ.1.21", 0.9)]
    # typed without diacritics: matching is folded, so the ballot-form decree covers "phieu ... bay ngay"
    x = extractor.matrix(["phieu lay y kien thu lai trong 7 ngay"], cands, {}, {})
    col = {f: i for i, f in enumerate(FEATURES)}
    assert x.shape == (2, len(FEATURES))
    assert x[1, col["cover_text"]] > x[0, col["cover_text"]]
    assert x[1, col["cover_title"]] > 0 == x[0, col["cover_title"]]
    assert x[0, col["fused_gap"]] == 0 and x[1, col["fused_gap"]] == pytest.approx(-0.1)
    # "hai" is not a number in the text; a number the user typed must appear as written
    assert x[:, col["number_match"]].tolist() == [0.0, 0.0]
    kb = small_kb(extra_sentence=" Phiên họp kéo dài 30 phút.")
    x = FeatureExtractor({a.id: a for a in kb.articles()}, make_passages(kb)).matrix(
        ["họp 30 phút"], cands, {}, {})
    assert x[0, col["number_match"]] == 1.0


def test_booklet_agreement_counts_the_closest_entries_main_article_fully_and_the_others_half() -> None:
    entries = [FaqEntry("faq-a", "Bầu trưởng thôn thế nào?", "Bằng phiếu kín.", ("44.13.LQ.1",)),
               FaqEntry("faq-b", "Ai bầu trưởng thôn?", "Các hộ.", ("44.13.LQ.1", "44.13.LQ.2")),
               FaqEntry("faq-c", "Làm đường cần bao nhiêu hộ?", "Quá nửa.", ("44.13.LQ.2", "44.13.LQ.1"))]
    # then AGREE_TOP entries about mediation outscore all of those, which are no longer counted
    entries += [FaqEntry(f"faq-h{i}", f"Hòa giải lần {i}?", "Tổ hòa giải.", ("44.13.LQ.3",)) for i in range(AGREE_TOP)]
    entries.append(FaqEntry("faq-z", "Phiếu thu lại mấy ngày?", "Bảy ngày.", ("44.13.NĐ.1.21",)))
    kb = dataclasses.replace(small_kb(), faq=tuple(entries))
    passages = make_passages(kb)
    extractor = FeatureExtractor({a.id: a for a in kb.articles()}, passages)
    faq_pid = {p.ref: p.id for p in passages if p.kind == "faq"}
    scores = {faq_pid["faq-a"]: 0.5, faq_pid["faq-b"]: 0.5, faq_pid["faq-c"]: 0.5, faq_pid["faq-z"]: 0.1}
    assert extractor.agreement(scores) == {"44.13.LQ.1": 2.5, "44.13.LQ.2": 1.5, "44.13.NĐ.1.21": 1.0}
    scores |= {faq_pid[f"faq-h{i}"]: 0.9 for i in range(AGREE_TOP)}
    assert extractor.agreement(scores) == {"44.13.LQ.3": float(AGREE_TOP)}
    cands = [Candidate("44.13.LQ.3", 1.0), Candidate("44.13.NĐ.1.21", 0.5)]
    x = extractor.matrix(["hòa giải"], cands, scores, scores)
    col = {f: i for i, f in enumerate(FEATURES)}
    assert x[:, col["faq_agree_dense"]].tolist() == [AGREE_TOP, 0.0]
    assert x[:, col["faq_agree_lexical"]].tolist() == [AGREE_TOP, 0.0]


def test_rerank_reorders_the_first_stage_by_the_model_and_keeps_evidence() -> None:
    index = _index(small_kb())
    fee, elect = _first_passage(index, "44.13.LQ.2"), _first_passage(index, "44.13.LQ.1")
    weak = _first_passage(index, "44.13.LQ.3")
    lexical = {elect: 5.0, fee: 4.8, weak: 1.0}
    first = index.rank(lexical, {}, 3, RetrievalSettings())
    assert first.hits[0].article.id == "44.13.LQ.1"
    # a model that only reads coverage puts the article covering "góp tiền làm đường" first
    coverage = RerankModel(("cover_text",), (0.0,), (1.0,), (1.0,), depth=3)
    reranked = index.rerank(["góp tiền làm đường"], lexical, {}, 2, RetrievalSettings(), model=coverage)
    assert [h.article.id for h in reranked.hits] == ["44.13.LQ.2", "44.13.LQ.1"]
    assert 1 > reranked.hits[0].score > reranked.hits[1].score > 0
    assert reranked.evidence == first.evidence


@given(st.lists(st.floats(-5, 5), max_size=12), st.integers(0, 4), st.integers(0, 6))
def test_rerank_order_keeps_the_first_stage_top_on_screen(scores: list[float], keep: int, within: int) -> None:
    order = rerank_order(np.array(scores), keep_first=keep, within=within)
    plain = rerank_order(np.array(scores))
    assert sorted(order) == list(range(len(scores)))  # a permutation
    kept = set(range(min(keep, len(scores))))
    assert kept <= set(order[:max(within, len(kept))])
    others = [i for i in order if i not in kept]
    assert others == [i for i in plain if i not in kept]  # the rest keep the model's order
    if not kept:
        assert order == plain


def test_the_reranker_cannot_push_the_first_stage_best_off_the_reply() -> None:
    kb = small_kb()
    ids = ["44.13.LQ.1", "44.13.LQ.2", "44.13.LQ.3", "44.13.NĐ.1.21"]
    reverse = RerankModel(("log_rank",), (0.0,), (1.0,), (1.0,), depth=4)  # prefers the first stage's last

    def reranked(retrieval: RetrievalSettings) -> list[str]:
        index = _index(kb)
        lexical = {_first_passage(index, aid): 5.0 - i for i, aid in enumerate(ids)}
        return [h.article.id for h in index.rerank(["x"], lexical, {}, 4, retrieval, model=reverse).hits]

    assert reranked(RetrievalSettings(rerank_keep_first=0)) == ids[::-1]
    guarded = reranked(RetrievalSettings())  # defaults: the first stage's best within the top 3
    assert guarded == ["44.13.NĐ.1.21", "44.13.LQ.3", "44.13.LQ.1", "44.13.LQ.2"]
    two = reranked(RetrievalSettings(rerank_keep_first=2))
    assert two == ["44.13.NĐ.1.21", "44.13.LQ.2", "44.13.LQ.1", "44.13.LQ.3"]


def test_search_index_without_rerank_ranks_by_the_first_stage_only() -> None:
    kb = small_kb()
    passages = make_passages(kb)
    off = SearchIndex(passages=passages, articles={a.id: a for a in kb.articles()},
                      documents=documents_from_kb(kb.documents), faq=kb.faq, glossary=kb.glossary,
                      lexical=LexicalIndex(), dense=DenseIndex(4), encoder=None,  # type: ignore[arg-type]
                      retrieval=RetrievalSettings(rerank=False))
    assert off.rerank_model is None
    assert _index(kb).rerank_model is not None  # the default: on


def test_a_comma_in_a_glossary_term_separates_alternative_wordings() -> None:
    rewriter = DefaultRewriter((GlossaryEntry("loa xã, đài xã", ("hệ thống truyền thanh",)),))
    for question in ("đài xã đọc thông báo", "loa xã đọc thông báo"):
        assert rewriter(question)[-1].text.endswith("hệ thống truyền thanh")
    assert len(rewriter("loa xã, đài xã")) == 1 + 1  # the typed form and one expansion (terms not repeated)
    assert len(rewriter("loa phát thanh")) == 1  # no alternative matches: no expansion


def test_the_restorer_learns_glossary_words_no_law_text_uses() -> None:
    from index.build import train_restorer

    law = [p for p in make_passages(small_kb()) if p.kind == "clause"]
    glossary = (GlossaryEntry("xích mích, cãi cọ", ("mâu thuẫn", "tranh chấp")),)
    restorer = train_restorer(law, glossary, lambda _m: None)
    assert restorer.restore("hai nha xich mich").endswith("xích mích")
    assert not train_restorer(law, (), lambda _m: None).restore("hai nha xich mich").endswith("xích mích")
