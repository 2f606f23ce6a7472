"""Legal documents in their own layout and training material, on small invented texts."""

import datetime as dt

from knowledge.legal_document import looks_legal, parse_legal
from knowledge.model import DocumentKind
from knowledge.training import MAX_CHARS, parse_training

MARKDOWN = """---
title: "Nghị định 7/2099/NĐ-CP — Quy định về việc nuôi ong trong khu dân cư"
so_hieu: 7/2099/NĐ-CP
loai_van_ban: Nghị định
ngay_ban_hanh: "02/01/2099"
ngay_hieu_luc: "15/02/2099"
---

# Nghị định 7/2099/NĐ-CP

## MỤC LỤC

1. [Chương I: CHUNG](#chương-i)

---

# Chương I: CHUNG {#chương-i}

**Điều 1. Phạm vi**

Văn bản thử này nói về ong mật nuôi gần nhà dân.

**Điều 2. Điều kiện nuôi**

1. Thùng ong đặt cách nhà bên cạnh ít nhất mười mét.

2. Người nuôi phải:

   a) Báo cho trưởng thôn;

   đ) Giữ vệ sinh quanh thùng.

---

# Chương II: XỬ LÝ {#chương-ii}

**Điều 3. Thu hồi**

*(Đang cập nhật)*

---

## Ghi chú

- Dòng ghi chú này không thuộc điều nào.
"""

PLAIN = """CHÍNH PHỦ
Số: 12/2098/NĐ-CP
Hà Nội, ngày 3 tháng 4 năm 2098

NGHỊ ĐỊNH
Quy định về giữ gìn giếng nước chung

Căn cứ một luật tưởng tượng;

Chương I
QUY ĐỊNH CHUNG

Điều 1. Giếng chung
Giếng chung do thôn quản lý.
Điều 2: Hiệu lực
Nghị định này có hiệu lực thi hành từ ngày 01 tháng 6 năm 2098.
Điều 1. Một điều được trích lại
Nơi nhận:
- Các bộ;
TM. CHÍNH PHỦ
"""


def test_markdown_layout():
    doc = parse_legal(MARKDOWN, "docs/Nuoi Ong.md", sha256="h")
    assert doc.kind is DocumentKind.LEGAL
    assert doc.id == "nuoi-ong"
    assert doc.number == "7/2099/NĐ-CP"
    assert doc.effective == dt.date(2099, 2, 15)
    assert [a.id for a in doc.articles] == ["nuoi-ong.1", "nuoi-ong.2", "nuoi-ong.3"]
    first, second, third = doc.articles
    assert first.title == "Phạm vi"
    assert first.chapter == "Chương I. CHUNG"
    assert third.chapter == "Chương II. XỬ LÝ"
    assert [c.number for c in second.clauses] == ["1", "2"]
    assert [p.letter for p in second.clauses[1].points] == ["a", "đ"]
    assert "ghi chú" not in third.text.lower()
    assert any("placeholder" in w for w in doc.warnings)


def test_markdown_citation():
    citation = parse_legal(MARKDOWN, "nuoi-ong.md").articles[1].citation
    assert citation.article_number == "2"
    assert citation.document_number == "7/2099/NĐ-CP"
    assert citation.document_kind == "Nghị định"
    assert citation.document_title == "Nghị định quy định về việc nuôi ong trong khu dân cư"
    assert citation.issued == dt.date(2099, 1, 2)
    assert citation.effective == dt.date(2099, 2, 15)


def test_plain_text_finds_metadata_in_the_text():
    doc = parse_legal(PLAIN, "upload.txt")
    assert doc.number == "12/2098/NĐ-CP"
    assert doc.effective == dt.date(2098, 6, 1)
    assert doc.title == "Nghị định 12/2098/NĐ-CP — Quy định về giữ gìn giếng nước chung"
    assert [a.id for a in doc.articles] == ["upload.1", "upload.2"]
    c = doc.articles[0].citation
    assert (c.document_kind, c.issued) == ("Nghị định", dt.date(2098, 4, 3))
    assert c.document_title == "Nghị định quy định về giữ gìn giếng nước chung"
    assert doc.articles[0].chapter == "Chương I. QUY ĐỊNH CHUNG"
    assert doc.articles[1].title == "Hiệu lực"


def test_repeated_number_and_signature_block_stay_out():
    doc = parse_legal(PLAIN, "upload.txt")
    last = doc.articles[-1]
    assert "Một điều được trích lại" in last.text
    assert "Nơi nhận" not in last.text
    assert "CHÍNH PHỦ" not in last.text
    assert any("repeats" in w for w in doc.warnings)


def test_unknown_metadata_stays_blank():
    doc = parse_legal("Điều 1. Tên\nNội dung.\n", "x.txt")
    c = doc.articles[0].citation
    assert (c.document_number, c.document_kind, c.document_title, c.effective) == ("", "", "", None)
    assert doc.title == "x"


def test_looks_legal():
    assert looks_legal("abc\n**Điều 3. Tên**\n")
    assert looks_legal("Điều 12a. Bổ sung\n")
    assert not looks_legal("theo Điều 3. Tên ở giữa câu\n")
    assert not looks_legal("Điều 44.13.LQ.1. Một id pháp điển\n")


TRAINING = (
    "Tin ngắn: xã tập huấn về họp thôn\n\n"
    "Đoạn một kể về buổi sáng.\n\n"
    "Đoạn hai kể về buổi chiều.\n\n"
    "Đoạn ba nói về kết quả.\n\n"
    "Đoạn bốn là lời cảm ơn.\n\n"
    + ("Một câu dài về việc dân bàn và dân làm. " * 60)
    + "\n\nNgười viết: Ai đó\n"
)


def test_training_passages():
    doc = parse_training(TRAINING, "/x/tin-xa.txt")
    assert doc.kind is DocumentKind.TRAINING
    assert doc.title == "Tin ngắn: xã tập huấn về họp thôn"
    ids = [a.id for a in doc.articles]
    assert ids[0] == "tin-xa.1"
    assert ids == [f"tin-xa.{n}" for n in range(1, len(ids) + 1)]
    assert doc.articles[0].text.split("\n\n") == [
        "Đoạn một kể về buổi sáng.", "Đoạn hai kể về buổi chiều.", "Đoạn ba nói về kết quả."
    ]
    assert all(len(a.text) <= MAX_CHARS for a in doc.articles)
    assert all(a.citation.document_title == doc.title for a in doc.articles)
    assert all(a.citation.document_number == "" for a in doc.articles)
    joined = " ".join(a.text for a in doc.articles)
    assert joined.count("dân bàn và dân làm") == 60
    assert doc.articles[-1].text.endswith("Người viết: Ai đó")


def test_training_lines_without_blank_lines_are_paragraphs():
    doc = parse_training("Tiêu đề\nDòng một.\nDòng hai.\n", "a.txt")
    assert doc.title == "Tiêu đề"
    assert doc.articles[0].text == "Dòng một.\n\nDòng hai."
    assert doc.articles[0].line == 2


def test_training_single_line_is_its_own_passage():
    doc = parse_training("Chỉ một dòng", "a.txt")
    assert [a.text for a in doc.articles] == ["Chỉ một dòng"]
