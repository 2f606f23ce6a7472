"""Documents named as people name them: kind, number (with or without a year) and issuer read from the text."""

from __future__ import annotations

import pytest

from index.store import article_from_json, article_to_json
from knowledge.legal_document import parse_legal
from knowledge.naming import article_label, button_label, issuer_name
from knowledge.sources import parse_bytes
from serving.uploads import describe_document
from tests.support import guidance_docx

BODY = "\n\nĐiều 1. Phạm vi\n\nVăn bản này áp dụng trong xã.\n\nĐiều 2. Trách nhiệm\n\nThôn báo cáo hằng quý.\n"


def lines(*text: str) -> str:
    return "\n".join(text) + BODY


def test_a_guidance_from_word_is_named_by_kind_number_and_issuer():
    document = parse_bytes("upload-20261203t000000-abcd.docx", guidance_docx())
    citation = document.articles[1].citation
    assert (citation.document_kind, citation.document_number, citation.issuer) == (
        "Hướng dẫn", "05/HD-UBND", "UBND tỉnh Bắc Ninh")
    assert article_label(document.articles[1]) == "Điều 2 Hướng dẫn 05/HD-UBND của UBND tỉnh Bắc Ninh"
    assert document.title.startswith("Hướng dẫn 05/HD-UBND của UBND tỉnh Bắc Ninh — Tổ chức hội nghị thôn")
    assert str(citation.issued) == "2025-03-10" and citation.effective == citation.issued  # "kể từ ngày ký"
    assert "upload-" not in article_label(document.articles[0])


def test_the_same_header_written_line_by_line_gives_the_same_names():
    text = lines("ỦY BAN NHÂN DÂN", "XÃ TÂN LẬP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "-------", "Số: 123/KH-UBND", "Tân Lập, ngày 2 tháng 5 năm 2026",
                 "", "KẾ HOẠCH", "Tổ chức hội nghị cử tri")
    article = parse_legal(text, "k.txt").articles[0]
    assert article_label(article) == "Điều 1 Kế hoạch 123/KH-UBND của UBND xã Tân Lập"
    assert button_label(article) == "1 KH 123/KH-UBND"


@pytest.mark.parametrize(("number", "kind"), [
    ("Số: 12/CTr-UBND", "Chương trình"), ("Số: 7/TB-UBND", "Thông báo"), ("Số: 9/QC-UBND", "Quy chế"),
    ("Số: 59/2023/NĐ-CP", "Nghị định"), ("Số: 3/BC-UBND", "Báo cáo")])
def test_the_kind_follows_from_the_number_when_no_kind_line_says_it(number, kind):
    article = parse_legal(lines("ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH", number), "n.txt").articles[0]
    assert article.citation.document_kind == kind
    assert article.citation.document_number == number.removeprefix("Số: ")


def test_an_official_letter_is_recognised_by_its_subject_line():
    text = lines("ỦY BAN NHÂN DÂN", "PHƯỜNG HÒA BÌNH", "Số: 45/UBND-VP", "V/v tổ chức đối thoại với Nhân dân")
    article = parse_legal(text, "cv.txt").articles[0]
    assert article_label(article) == "Điều 1 Công văn 45/UBND-VP của UBND phường Hòa Bình"


def test_a_government_decree_keeps_its_usual_name_without_the_issuer():
    text = lines("CHÍNH PHỦ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 12/2024/NĐ-CP", "NGHỊ ĐỊNH",
                 "Quy định về tổ dân phố")
    assert article_label(parse_legal(text, "nd.txt").articles[0]) == "Điều 1 Nghị định 12/2024/NĐ-CP"


@pytest.mark.parametrize(("header", "name"), [
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "UBND thành phố Hà Nội"),
    ("HỘI ĐỒNG NHÂN DÂN XÃ ĐÔNG SƠN", "HĐND xã Đông Sơn"),
    ("BỘ NỘI VỤ", "Bộ Nội vụ"),
    ("Ban Chỉ đạo tỉnh", "Ban Chỉ đạo tỉnh")])
def test_issuers_are_written_as_people_write_them(header, name):
    assert issuer_name(header) == name


def test_a_text_without_a_header_names_nothing_it_does_not_have():
    document = parse_legal("# Quy chế giếng nước" + BODY, "q.md")
    found, missing = describe_document(document)
    assert document.articles[0].citation.issuer == ""
    assert set(missing) == {"kind", "number", "issuer", "effective"} and "number" not in found


def test_what_an_upload_says_of_itself_is_reported_and_the_issuer_survives_the_index_store():
    document = parse_bytes("g.docx", guidance_docx())
    found, missing = describe_document(document)
    assert found == {"kind": "Hướng dẫn", "number": "05/HD-UBND", "issuer": "UBND tỉnh Bắc Ninh",
                     "issued": "10/03/2025", "effective": "10/03/2025"} and missing == ()
    article = document.articles[1]
    assert article_from_json(article_to_json(article)) == article
