"""Unit tests of the answer path's text handling: cleaning questions, naming articles, paging HTML."""

import datetime as dt
import html
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from answers.paging import TELEGRAM_LIMIT, escaped_pieces, pack, quote_blocks, split_text
from answers.question import clean_question, parse_article_request
from knowledge.model import Article, Citation, Clause
from knowledge.naming import article_label, clause_label, document_label, effective_text

LAW = Citation("21", "10/2022/QH15", "Luật", "Luật thực hiện dân chủ ở cơ sở", effective=dt.date(2023, 7, 1))
DECREE = Citation("5", "59/2023/NĐ-CP", "Nghị định", "Nghị định quy định chi tiết", effective=dt.date(2023, 8, 15))


def _article(citation: Citation, aid: str = "44.13.LQ.21") -> Article:
    return Article(id=aid, title="Tiêu đề", citation=citation, text="x", clauses=(Clause("1", "x"),),
                   document_id="doc")


def test_law_is_named_by_title_and_number() -> None:
    assert document_label(LAW) == "Luật Thực hiện dân chủ ở cơ sở (10/2022/QH15)"
    assert article_label(_article(LAW)) == "Điều 21 Luật Thực hiện dân chủ ở cơ sở (10/2022/QH15)"
    assert clause_label(_article(LAW), ["2"]) == "Khoản 2 Điều 21 Luật Thực hiện dân chủ ở cơ sở (10/2022/QH15)"
    assert clause_label(_article(LAW), [""]) == article_label(_article(LAW))
    assert effective_text(LAW) == "01/07/2023"


def test_decree_is_named_by_kind_and_number() -> None:
    assert article_label(_article(DECREE, "44.13.NĐ.1.5")) == "Điều 5 Nghị định 59/2023/NĐ-CP"


def test_training_material_is_named_as_material() -> None:
    blank = Citation("", "", "", "Hội nghị tập huấn")
    assert article_label(_article(blank, "tin.1")).startswith("Tài liệu")


def test_nfc_and_nfd_clean_to_the_same_text() -> None:
    text = "Trưởng thôn được bầu thế nào?"
    nfd = unicodedata.normalize("NFD", text)
    assert clean_question(nfd, 1000).text == clean_question(text, 1000).text == text


def test_invisible_and_control_characters_are_removed() -> None:
    cleaned = clean_question("tr\u200bưởng\u0007 thôn\ufeff\n\n  là ai", 1000)
    assert cleaned.text == "trưởng thôn là ai"
    assert cleaned.has_words


@pytest.mark.parametrize("raw", ["", "   ", "\u200b\u200b", "🙂🙂🙂", "?!...", "\x00\x01"])
def test_input_without_words_is_flagged(raw: str) -> None:
    assert not clean_question(raw, 1000).has_words


def test_long_question_is_capped_and_flagged() -> None:
    cleaned = clean_question("họp thôn " * 3000, 1000)
    assert cleaned.truncated
    assert len(cleaned.text) <= 1000


@given(st.text(max_size=300))
def test_cleaning_never_raises_and_respects_the_cap(raw: str) -> None:
    cleaned = clean_question(raw, 100)
    assert len(cleaned.text) <= 100
    assert not re.search(r"\s\s", cleaned.text)


@pytest.mark.parametrize(
    ("text", "number", "hint"),
    [("điều 21", "21", ""), ("Dieu 5 nghị định 59", "5", "nghị định 59"), ("/dieu 12", "12", ""),
     ("ĐIỀU 3?", "3", "")],
)
def test_article_requests_are_recognised(text: str, number: str, hint: str) -> None:
    request = parse_article_request(text)
    assert request is not None
    assert (request.number, request.document_hint) == (number, hint)


@pytest.mark.parametrize("text", ["điều kiện bầu trưởng thôn", "trưởng thôn điều 21",
                                  "điều 21 nói về việc gì khi thôn muốn họp bàn thu tiền làm đường"])
def test_questions_are_not_article_requests(text: str) -> None:
    assert parse_article_request(text) is None


@given(st.text(min_size=1, max_size=3000))
def test_escaped_pieces_fit_and_keep_every_character(text: str) -> None:
    pieces = escaped_pieces(text, 200)
    assert all(len(p) <= 200 for p in pieces)
    joined = "".join(html.unescape(p) for p in pieces)
    assert re.sub(r"\s", "", joined) == re.sub(r"\s", "", text)


def test_split_text_keeps_lines_of_points() -> None:
    text = "Các việc sau:\na) việc một;\nb) việc hai."
    assert split_text(text, 1000) == [text]


def test_pack_never_exceeds_the_limit_and_never_cuts_a_block() -> None:
    blocks = quote_blocks("Câu dài có <thẻ> & ký hiệu. " * 600)
    messages = pack(blocks)
    assert len(messages) > 1
    assert all(len(m) <= TELEGRAM_LIMIT for m in messages)
    assert all(m.count("<blockquote>") == m.count("</blockquote>") for m in messages)


def test_pack_refuses_an_oversized_block() -> None:
    with pytest.raises(ValueError, match="exceeds"):
        pack(["x" * (TELEGRAM_LIMIT + 1)])


def test_pack_counts_utf16_units_as_telegram_does() -> None:
    from answers.paging import pack, utf16_len

    block = "💡" * 1500  # 1,500 characters, 3,000 UTF-16 units
    assert utf16_len(block) == 3000
    pages = pack([block, block])
    assert len(pages) == 2  # two blocks of 3,000 units cannot share one 4,096-unit message
    assert all(utf16_len(p) <= 4096 for p in pages)


def test_buttons_name_an_article_outside_the_law_with_its_document() -> None:
    from knowledge.naming import button_label

    assert button_label(_article(LAW)) == "21"
    assert button_label(_article(DECREE, "44.13.NĐ.1.5")) == "5 NĐ 59/2023"
