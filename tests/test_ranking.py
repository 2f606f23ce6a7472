"""Ranking mechanisms on small team-written data: query rewriting, FAQ and document signals, fusion."""

from __future__ import annotations

import pytest

from index.abbreviations import expand_abbreviations
from index.diacritics import DiacriticRestorer
from index.search import DefaultRewriter
from knowledge.model import GlossaryEntry

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
