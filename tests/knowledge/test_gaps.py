"""A source that says it is not the whole document is flagged, with the chapters it lacks, where it is listed."""

from __future__ import annotations

import pytest

from answers.service import DocumentInfo
from index.results import documents_from_kb
from index.store import document_from_json, document_to_json
from knowledge.legal_document import parse_legal
from knowledge.sources import parse_bytes
from serving.helptext import document_gaps, document_line
from tests.support import SHARED_CORPUS

PAGE = """---
so_hieu: 7/2026/NĐ-CP
loai_van_ban: Nghị định
---

# Chương I: QUY ĐỊNH CHUNG

**Điều 1. Phạm vi**

Nghị định này quy định việc họp thôn.

# Chương II: TỔ CHỨC

**Điều 2. Họp thôn**

Thôn họp mỗi năm hai lần.

## Ghi chú

- Tổng hợp Điều 1-2 từ Chương I, II.
- Chương III về kinh phí sẽ được bổ sung sau.
"""


def test_a_page_whose_notes_say_it_is_unfinished_is_flagged_with_the_chapter_it_lacks():
    document = parse_legal(PAGE, "nd-7.md")
    assert document.incomplete and document.missing_chapters == ("III",)
    assert any("incomplete" in w for w in document.warnings)


def test_notes_that_do_not_say_so_flag_nothing():
    document = parse_legal(PAGE.replace("sẽ được bổ sung sau", "do Bộ Tài chính hướng dẫn"), "nd-7.md")
    assert not document.incomplete and document.missing_chapters == ()


def test_the_flags_survive_the_index_store():
    (info,) = documents_from_kb([parse_legal(PAGE, "nd-7.md")])
    again = document_from_json(document_to_json(info))
    assert again == info and again.incomplete and again.missing_chapters == ("III",)


def test_listings_say_what_is_missing():
    listed = DocumentInfo(id="nd-7", title="Nghị định 7/2026/NĐ-CP", number="7/2026/NĐ-CP", effective="", articles=2,
                          incomplete=True, missing_chapters=("III",), placeholders=("10",))
    assert document_gaps(listed) == "thiếu Chương III; Điều 10 chỉ có tên, chưa có nội dung"
    assert "⚠️ Bản đang có chưa đầy đủ: thiếu Chương III" in document_line(listed)
    whole = DocumentInfo(id="l", title="Luật", number="10/2022/QH15", effective="", articles=91)
    assert document_gaps(whole) == "" and "⚠️" not in document_line(whole)
    vague = DocumentInfo(id="x", title="X", number="", effective="", articles=1, incomplete=True)
    assert document_gaps(vague) == "nguồn ghi rằng nội dung sẽ được bổ sung"


DECREE_185 = SHARED_CORPUS / "nghi-dinh-185-2026-nd-cp-thon-to-dan-pho.md"


@pytest.mark.skipif(not DECREE_185.is_file(), reason="the shared corpus is not beside this checkout")
def test_decree_185_as_published_lacks_chapter_iv_and_the_law_is_whole():
    decree = parse_bytes(str(DECREE_185), DECREE_185.read_bytes())
    assert decree.incomplete and decree.missing_chapters == ("IV",)
    law = SHARED_CORPUS / "thuc-hien-dan-chu-o-co-so.md"
    assert not parse_bytes(str(law), law.read_bytes()).incomplete
