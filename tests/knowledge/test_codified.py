"""Codified (Bộ pháp điển) layout on small invented texts that mimic the real files' defects."""

import datetime as dt

from knowledge.codified import display_title, looks_codified, parse_codified, read_provenance
from knowledge.model import DocumentKind

SAMPLE = """---
layout: page
title: Làng xóm mẫu
---

## THÔNG TIN VĂN BẢN

| Thuộc tính | Nội dung |
|---|---|
| **Số hiệu** | Đang cập nhật |

## VĂN BẢN
# Làng xóm mẫu


Chương I

QUY ĐỊNH CHUNG

Điều 9.9.LQ.1. Phạm vi áp dụng

(Điều 1 Luật số 99/2030/QH99 Luật làng xóm mẫu ngày 02/03/2030 của Quốc hội, có hiệu lực thi hành \
kể từ ngày 01/01/2031)

Văn bản mẫu này nói về việc họp xóm để thử bộ đọc.

Điều 9.9.NĐ.1.1. Đối tượng

(Điều 1 Nghị định số 88/2031/NĐ-CP Nghị định hướng dẫn làng xóm mẫu ngày 05/05/2031 của Chính phủ, có \
hiệu lực thi hành kể từ ngày 20/05/2031)

Nghị định này dùng cho các trường hợp sau:

1. Người sống trong xóm:

a) Người lớn;

đ) Trẻ nhỏ đi cùng.

2. Khách ghé thăm, kể cả người ở xa tới.Điều 9.9.NĐ.1.2. Nguyên tắc chung

(Điều 2 Nghị định số 88/2031/NĐ-CP, có hiệu lực thi hành kể từ ngày 20/05/2031)

1. Làm theo số đông.

2. Ghi biên bản đầy đủ.

(Điều này có nội dung liên quan đến Điều 9.9.LQ.1. Phạm vi áp dụng; Điều 9.9.LQ.7. Một điều khác
nằm ở tệp khác)

Chương II

HỌP XÓM

Mục 1

CHUẨN BỊ

Tiểu mục 1

GỬI GIẤY MỜI

Điều 9.9.LQ.2. Giấy mời

(Điều 2 Luật số 99/2030/QH99, có hiệu lực thi hành kể từ ngày 01/01/2031)

 Giấy mời gửi trước ba ngày.(Điều này có nội dung liên quan đến Điều 9.9.NĐ.1.2. Nguyên tắc chung)

Mục 2. BIỂU QUYẾT Ở XÓMĐiều 9.9.LQ.3. Biểu quyết

(Điều 3 Luật số 99/2030/QH99, có hiệu lực thi hành kể từ ngày 01/01/2031)

Biểu quyết bằng giơ tay, xem Điều 9.9.LQ.2. Giấy mời để biết thêm.

## Danh sách điều khoản

### 1

Điều 9.9.LQ.1. Phạm vi áp dụng

### 2

Điều 9.9.LQ.99. Không được tạo
"""


def parse(text=SAMPLE):
    return parse_codified(text, "/data/lang-xom-mau.md", sha256="abc")


def by_id(doc):
    return {a.id: a for a in doc.articles}


def test_document_fields():
    doc = parse()
    assert doc.id == "lang-xom-mau"
    assert doc.title == "Làng xóm mẫu"
    assert doc.kind is DocumentKind.CODIFIED
    assert doc.sha256 == "abc"
    assert [a.id for a in doc.articles] == ["9.9.LQ.1", "9.9.NĐ.1.1", "9.9.NĐ.1.2", "9.9.LQ.2", "9.9.LQ.3"]


def test_trailing_index_is_ignored():
    assert "9.9.LQ.99" not in by_id(parse())


def test_long_citation():
    c = by_id(parse())["9.9.LQ.1"].citation
    assert c.article_number == "1"
    assert c.document_number == "99/2030/QH99"
    assert c.document_kind == "Luật"
    assert c.document_title == "Luật Làng xóm mẫu"
    assert c.issued == dt.date(2030, 3, 2)
    assert c.effective == dt.date(2031, 1, 1)


def test_short_citation_reuses_title_of_same_number():
    c = by_id(parse())["9.9.NĐ.1.2"].citation
    assert c.article_number == "2"
    assert c.document_kind == "Nghị định"
    assert c.document_title == "Nghị định hướng dẫn làng xóm mẫu"
    assert c.issued == dt.date(2031, 5, 5)
    assert c.effective == dt.date(2031, 5, 20)


def test_clauses_points_and_lead_in():
    art = by_id(parse())["9.9.NĐ.1.1"]
    assert [c.number for c in art.clauses] == ["", "1", "2"]
    assert art.clauses[0].text == "Nghị định này dùng cho các trường hợp sau:"
    assert [p.letter for p in art.clauses[1].points] == ["a", "đ"]
    assert art.clauses[1].points[1].text == "đ) Trẻ nhỏ đi cùng."
    assert "a) Người lớn;" in art.clauses[1].text
    assert art.text.startswith("Nghị định này dùng")


def test_glued_heading_is_split():
    arts = by_id(parse())
    assert arts["9.9.NĐ.1.1"].clauses[-1].text == "2. Khách ghé thăm, kể cả người ở xa tới."
    glued = arts["9.9.NĐ.1.2"]
    assert glued.title == "Nguyên tắc chung"
    assert SAMPLE.split("\n")[glued.line - 1].endswith("xa tới.Điều 9.9.NĐ.1.2. Nguyên tắc chung")


def test_related_note_is_recorded_not_kept_as_text():
    art = by_id(parse())["9.9.NĐ.1.2"]
    assert art.related == ("9.9.LQ.1", "9.9.LQ.7")
    assert "liên quan" not in art.text
    assert [c.number for c in art.clauses] == ["1", "2"]


def test_glued_related_note():
    art = by_id(parse())["9.9.LQ.2"]
    assert art.text == "Giấy mời gửi trước ba ngày."
    assert art.related == ("9.9.NĐ.1.2",)


def test_cross_reference_after_space_is_not_a_heading():
    art = by_id(parse())["9.9.LQ.3"]
    assert "xem Điều 9.9.LQ.2. Giấy mời" in art.text


def test_chapters_and_sections():
    arts = by_id(parse())
    assert arts["9.9.LQ.1"].chapter == "Chương I. QUY ĐỊNH CHUNG"
    assert arts["9.9.LQ.1"].section == ""
    assert arts["9.9.LQ.2"].chapter == "Chương II. HỌP XÓM"
    assert arts["9.9.LQ.2"].section == "Mục 1. CHUẨN BỊ / Tiểu mục 1. GỬI GIẤY MỜI"
    assert arts["9.9.LQ.3"].section == "Mục 2. BIỂU QUYẾT Ở XÓM"


def test_lines_and_source_path():
    doc = parse()
    lines = SAMPLE.split("\n")
    first = by_id(doc)["9.9.LQ.1"]
    assert lines[first.line - 1].startswith("Điều 9.9.LQ.1.")
    assert first.source_path == "/data/lang-xom-mau.md"
    assert first.document_id == "lang-xom-mau"


def test_glued_chapter_heading():
    text = (
        "## VĂN BẢN\n\nChương I\n\nMỘT\n\nĐiều 1.1.LQ.1. Đầu\n\n(Điều 1 Luật số 1/2020/QH14, có hiệu lực"
        " thi hành kể từ ngày 01/01/2021)\n\nNội dung một.Chương II\n\nHAI\n\nĐiều 1.1.LQ.2. Sau\n\n"
        "Nội dung hai.\n"
    )
    doc = parse_codified(text, "t.md")
    first, second = doc.articles
    assert first.text == "Nội dung một."
    assert second.chapter == "Chương II. HAI"
    assert second.citation.document_number == ""
    assert any("no provenance" in w for w in doc.warnings)


def test_provenance_with_amendment_and_odd_spacing():
    prov = read_provenance(
        "(Điều 4 Luật số 5/2016/QH14, có hiệu lực thi hành kể từ ngày 01/03/2017, có nội dung được bổ"
        " sung bởi Điều 1 Luật số 6/2025/QH15 có hiệu lực thi hành kể từ ngày 01/07/2025 )"
    )
    assert (prov.article_number, prov.number, prov.kind) == ("4", "5/2016/QH14", "Luật")
    assert prov.effective == dt.date(2017, 3, 1)
    assert prov.title == ""


def test_provenance_joint_circular():
    prov = read_provenance(
        "(Điều 3 Thông tư số liên tịch 02/2002/TTLT/BTC-ABC, có hiệu lực thi hành kể từ ngày 25/01/2002)"
    )
    assert prov.kind == "Thông tư liên tịch"
    assert prov.number == "02/2002/TTLT/BTC-ABC"


def test_display_title():
    assert display_title("Luật", "Luật thực hiện dân chủ ở cơ sở") == "Luật Thực hiện dân chủ ở cơ sở"
    assert display_title("Luật", "Trưng cầu ý dân") == "Luật Trưng cầu ý dân"
    assert display_title("Thông tư", "Quy định về tiếp dân") == "Thông tư quy định về tiếp dân"
    assert display_title("Nghị định", "") == ""


def test_looks_codified():
    assert looks_codified("x\nĐiều 44.13.LQ.1. Tên\n")
    assert looks_codified("x\n Điều 44.13.NĐ.1.3.\n")
    assert not looks_codified("Điều 1. Tên\nxem Điều 44.13.LQ.1. Tên")
