"""Documents a question names, by kind and number or by a law's name."""

from __future__ import annotations

import pytest

from index.mentions import DocumentNames, expand_kind_abbreviations, named_text


@pytest.fixture(scope="module")
def names() -> DocumentNames:
    texts = [
        named_text("Luật", "10/2022/QH15", "Luật Thực hiện dân chủ ở cơ sở"),
        named_text("Luật", "42/2013/QH13", "Luật Tiếp công dân"),
        named_text("Luật", "104/2016/QH13", "Luật Tiếp cận thông tin"),
        named_text("Luật", "75/2015/QH13", "Mặt trận Tổ quốc Việt Nam"),  # a codified law citing no title
        named_text("Nghị định", "59/2023/NĐ-CP", "Nghị định quy định chi tiết một số điều của Luật Thực hiện ..."),
        named_text("Thông tư", "59/2016/TT-BQP", "Thông tư quy định tiếp công dân trong Bộ Quốc phòng"),
        named_text("Thông tư", "03/2016/TT-TTCP", "Thông tư quy định về trang phục"),
    ]
    return DocumentNames(t for t in texts if t is not None)


@pytest.mark.parametrize(("question", "expected"), [
    ("Theo Luật Thực hiện dân chủ ở cơ sở, thôn được bàn những việc gì?", {"10/2022/QH15"}),
    ("luat dan chu co so co hieu luc tu bao gio", {"10/2022/QH15"}),
    ("luật tiếp dân quy định ai tiếp", {"42/2013/QH13"}),
    ("luật tiếp cận thì xin tài liệu mất bao lâu", {"104/2016/QH13"}),  # the longest run wins
    ("luật về mặt trận nói gì về giám sát", {"75/2015/QH13"}),
    ("nđ 59 quy định họp thôn thế nào", {"59/2023/NĐ-CP"}),
    ("nghị định số 59/2023 nói gì", {"59/2023/NĐ-CP"}),
    ("thông tư 59 về tiếp dân", {"59/2016/TT-BQP"}),  # the kind decides between two 59s
    ("văn bản 59/2023/NĐ-CP", {"59/2023/NĐ-CP"}),
    ("TT 3/2016 về trang phục", {"03/2016/TT-TTCP"}),
])
def test_a_named_document_is_found(names: DocumentNames, question: str, expected: set[str]) -> None:
    assert names.named([question]) == expected


@pytest.mark.parametrize("question", [
    "cán bộ xã vi phạm pháp luật thì xử lý thế nào",  # "pháp luật" is law in general
    "làm vậy có đúng luật không",
    "luật quy định họp thôn mấy lần",  # "luật" + words of no title
    "nghị định 61 về hương ước",  # a number no loaded document has
    "nghị định 59/2020",  # the year must match
    "",
])
def test_no_document_is_named(names: DocumentNames, question: str) -> None:
    assert names.named([question]) == frozenset()


def test_kind_abbreviations_expand_as_whole_words() -> None:
    assert expand_kind_abbreviations("nd 59 va tt 15") == "nghi dinh 59 va thong tu 15"
    assert expand_kind_abbreviations("ndung ttin") == "ndung ttin"


def test_a_document_without_a_dated_number_cannot_be_named() -> None:
    assert named_text("", "", "Tin tập huấn") is None
