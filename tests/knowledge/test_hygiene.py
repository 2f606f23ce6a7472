"""Corpus hygiene: small invented strings for each rule, then the real files in ../shared/corpus.

The real-file tests check with their own simple patterns, not with `knowledge.hygiene`, so they say "no
article of the real corpus carries this defect" rather than "the cleaner agrees with itself".
"""

import re
import tarfile
import unicodedata

import pytest

from knowledge import hygiene
from knowledge.codified import parse_codified
from knowledge.collection import read_collection
from knowledge.sources import parse_file
from tests.support import SHARED_CORPUS

CORPUS = SHARED_CORPUS
MAT_TRAN = CORPUS / "mat-tran-to-quoc-viet-nam.md"
MAIN = CORPUS / "thuc-hien-dan-chu-o-co-so.md"
COLLECTION = CORPUS / "phap-dien-toan-bo.tar.xz"
CODIFIED_FILES = sorted(p for p in CORPUS.glob("*.md") if "## Danh sách điều khoản" in p.read_text(encoding="utf-8"))

# --- characters --------------------------------------------------------------------------------------------


def test_soft_hyphens_and_zero_width_characters_are_removed_inside_words():
    assert hygiene.remove_invisible("ph\u00adương án, Chủ trư\u00adơng") == "phương án, Chủ trương"
    assert hygiene.remove_invisible("đăng k\u200eý\u200b thuế\ufeff") == "đăng ký thuế"


def test_removing_invisible_characters_keeps_the_lines():
    text = "Chư\u00adơng VI\n\nĐIỀU KHOẢN THI HÀNH\n"
    assert hygiene.clean_characters(text).split("\n") == ["Chương VI", "", "ĐIỀU KHOẢN THI HÀNH", ""]


def test_plain_text_and_real_bold_are_left_alone():
    text = "**Điều 5.** Hiệu lực — 50% kinh phí; (xem mẫu)"
    assert hygiene.clean_characters(text) == text


def test_empty_bold_markers_become_one_space():
    assert hygiene.drop_empty_bold("5.** **Việc sử dụng tiền") == "5. Việc sử dụng tiền"
    assert hygiene.drop_empty_bold("nguồn cứu trợ** **bằng tiền") == "nguồn cứu trợ bằng tiền"
    assert hygiene.drop_empty_bold("3.** **Chậm nhất sau** **30 ngày") == "3. Chậm nhất sau 30 ngày"


# --- attached files' names ---------------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "Phu luc_ban hanh kem theo NĐ so 59_2023_ND-CP.doc",
    "Phụ lục_Quy chế phối hợp công tác của Chính phủ với ỦY ban Trung ương_19.2008.NQLT-CP-UBTUMTTQVN.docx",
    "Phu luc Chi phi in an_kem theo Thong tu so 46.2018.TT-BTC.docx",
    "Mau so 01a kem theo Nghi dinh so 13_2018_NĐ-CP.doc",
    "Mau so 01 - XLĐ. Thụ lý đơn.docx",
    "Mau so 06 - XLĐ. Chuyen don Kien nghị",  # its extension cut off
    "Biểu mẫu 04 (kèm Phụ lục 1)_Báo cáo tình hình thu phí.xls",
    "3. 07-3.HĐTV.xls",
    "PL4_BC thong tin cap CC.XLSX",
])
def test_attached_files_names_are_recognised(line):
    assert hygiene.is_attachment_name(line)


@pytest.mark.parametrize("line", [
    "Mẫu văn bản chấp thuận được thực hiện theo Mẫu số 06 tại Phụ lục ban hành kèm theo Nghị định này.",
    "Phụ lục ban hành kèm theo Thông tư số 22/2017/TT-BTTTT ngày 29/9/2017 của Bộ Thông tin và truyền thông",
    "c) Mẫu Phiếu giải quyết yêu cầu cung cấp thông tin: Mẫu số 03;",
    "Chương trình phục vụ nhiệm vụ chính trị, đối ngoại cấp quốc gia bao gồm các hoạt động biểu diễn",
    # a sentence glued before a file's name: the line holds legal text and is kept whole
    "6. Cấp kỹ thuật đường thủy nội địa quốc gia quy định tại Phụ lục 2 Thông tư này.Phu luc 1_kich thuoc.docx",
    "Tải mẫu tại www.moj.gov.vn/mau.doc",
    "Hồ sơ gửi qua thư điện tử dưới dạng tệp .pdf",
    "Mau",
    "",
])
def test_text_that_mentions_an_attachment_is_not_a_name(line):
    assert not hygiene.is_attachment_name(line)


def test_attachment_lines_are_dropped_and_text_around_them_kept():
    lines = ["2. Người yêu cầu không phải trả chi phí.", "Phu luc_ban hanh kem theo NĐ so 59_2023_ND-CP.doc",
             "(Điều này có nội dung liên quan đến Điều 44.13.LQ.15. Những nội dung)"]
    assert hygiene.drop_attachment_names(lines) == [lines[0], lines[2]]


# --- headings left at an article's end ---------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "Phần hai", "Phần thứ hai", "PHẦN I", "Chương III", "Chương 2.", "Chư\u00adơng VI".replace("\u00ad", ""),
    "Mục 2", "**Mục 2. TRỞ LẠI QUỐC TỊCH VIỆT NAM**", "**Mục 2. Thời giờ nghỉ ngơi**", "MỤC 2. XE Ô TÔ PHỤC VỤ",
    "Tiểu mục 7", "Mục 3. BẢO ĐẢM QUYỀN, NGHĨA VỤ", "**Chương ****II**",
])
def test_heading_labels(line):
    assert hygiene.is_heading_label(line)


@pytest.mark.parametrize("line", [
    "Chương trình phục vụ nhiệm vụ chính trị, đối ngoại cấp quốc gia theo quy định tại Thông tư này bao gồm",
    "Mục 1 khoản 1 Phụ lục IV ban hành kèm theo Nghị định số 43/2017/NĐ-CP không áp dụng",
    "Mục đích của giao dịch dân sự là lợi ích mà chủ thể mong muốn đạt được.",
    "Mục 1. Bảng mã số HS đối với danh mục động vật, sản phẩm động vật trên cạn thuộc diện phải kiểm dịch.",
    "Phần lớn kinh phí do ngân sách nhà nước bảo đảm.",
    "Phần hai của biên bản ghi rõ ý kiến.",
    "Chương II Thông tư này quy định việc tiếp công dân.",
    "Chương 2/2020",
])
def test_sentences_that_start_like_headings_are_not_headings(line):
    assert not hygiene.is_heading_label(line)


def test_a_part_heading_with_its_title_is_taken_off_the_end():
    lines = ["c) Các bên đã tự hoà giải với nhau.", "Phần hai", "QUYỀN SỞ HỮU VÀ QUYỀN KHÁC ĐỐI VỚI TÀI SẢN"]
    assert hygiene.strip_trailing_heading(lines) == lines[:1]


def test_a_bold_section_heading_is_taken_off_the_end():
    lines = ["1. Nội dung.", "2. Nội dung khác.", "**Mục 2. TRỞ LẠI QUỐC TỊCH VIỆT NAM**"]
    assert hygiene.strip_trailing_heading(lines) == lines[:2]


@pytest.mark.parametrize("lines", [
    ["1. Nội dung.", "Chương trình phục vụ nhiệm vụ chính trị, đối ngoại cấp quốc gia bao gồm các hoạt động."],
    ["Ban hành kèm theo Thông tư này Quy chuẩn.", "PHỤ LỤC VIII"],  # an upper-case line with no label
    ["1. Nội dung.", "Mục 2", "Một câu viết thường sau nhãn."],  # not only title lines after the label
    ["Chương 2", "CÔNG TÁC Y TẾ TRƯỜNG HỌC"],  # nothing of the article's own before it
    ["1. Nội dung.", "TP/QT-2024-SCGXNGVN"],
])
def test_text_is_never_taken_for_a_trailing_heading(lines):
    assert hygiene.strip_trailing_heading(lines) == lines


def test_a_heading_before_the_articles_closing_note_goes_and_the_note_stays():
    note = ["(Điều này có nội dung liên quan đến Điều 23.8.QĐ.1.3.;", "Điều 23.8.QĐ.5.1. Vị trí và chức năng)"]
    lines = ["Nếu không có cơ sở thì trả lời bằng văn bản.", "**Mục 2. CẤP GIẤY XÁC NHẬN CÓ QUỐC TỊCH**", *note]
    assert hygiene.strip_trailing_heading(lines) == [lines[0], *note]


def test_clean_body_does_both():
    lines = ["1. Nội dung.", "Mau so 02 kem theo Nghi dinh so 13_2018_NĐ-CP.doc", "Chương 3.", "TỔ CHỨC THỰC HIỆN"]
    assert hygiene.clean_body(lines) == ["1. Nội dung."]


# --- headings the index lists, titles of untitled articles -------------------------------------------------


def test_index_headings_match_the_body_headings_however_punctuated():
    listed = hygiene.index_headings("### 1\n\nChương III THỰC HIỆN DÂN CHỦ\n\nMục 2 CÁN BỘ BÀN\n\nĐiều 1.1.LQ.1. X\n")
    assert hygiene.is_listed_heading("Mục 2", "CÁN BỘ BÀN", listed)
    assert hygiene.is_listed_heading("Chương III", "THỰC HIỆN  DÂN CHỦ", listed)
    assert not hygiene.is_listed_heading("Mục 2", "BIỆN PHÁP THỰC HIỆN DÂN CHỦ", listed)
    assert hygiene.is_listed_heading("Mục 9", "BẤT KỲ", frozenset())  # no index: every heading counts


def test_untitled_article_is_named_after_its_document():
    assert hygiene.title_from_document("Chỉ thị", "Chỉ thị về tăng cường sự phối hợp") == "Về tăng cường sự phối hợp"
    assert hygiene.title_from_document("Nghị quyết liên tịch", "Nghị quyết liên tịch về việc ban hành Quy chế") == (
        "Về việc ban hành Quy chế")
    assert hygiene.title_from_document("Chỉ thị", "") == ""


# --- through the parser, on an invented file ---------------------------------------------------------------

SAMPLE = """---
title: Mẫu vệ sinh văn bản
---

## VĂN BẢN

Chương I

QUY ĐỊNH CHUNG

Điều 9.9.LQ.1. Công khai

(Điều 1 Luật số 99/2030/QH99 Luật mẫu ngày 02/03/2030 của Quốc hội, có hiệu lực thi hành kể từ ngày 01/01/2031)

1. Ph\u00adương án, chủ trư\u00adơng của xã.

2. Mẫu văn bản thực hiện theo Mẫu số 06 tại Phụ lục ban hành kèm theo Luật này.

Phu luc_ban hanh kem theo Luat so 99_2030_QH99.doc

 Mục 2. BIỆN PHÁP CỦA THÔNG TƯĐiều 9.9.TT.1.1. Biện pháp

(Điều 1 Thông tư số 7/2031/TT-BNV, có hiệu lực thi hành kể từ ngày 01/06/2031)

a) Chương trình họp được gửi trước;

b) Mẫu số 02.** **Biên bản họp.

Mau so 02 - BB. Bien ban hop.docx

Phần hai

NHỮNG QUY ĐỊNH KHÁC

Chương II

HỌP XÓM

Điều 9.9.CT.1.1.

(Điều 1 Chỉ thị số 5/2032/CT-TTg Về tăng cường họp xóm ngày 01/02/2032 của Thủ tướng Chính phủ, có hiệu \
lực thi hành kể từ ngày 01/03/2032)

Các bộ chủ động phối hợp.

## Danh sách điều khoản

Chương I QUY ĐỊNH CHUNG

Điều 9.9.LQ.1. Công khai

Điều 9.9.TT.1.1. Biện pháp

Chương II HỌP XÓM

Điều 9.9.CT.1.1.
"""


@pytest.fixture(scope="module")
def sample():
    return {a.id: a for a in parse_codified(SAMPLE, "/data/mau.md").articles}


def test_parsed_text_has_no_soft_hyphen_and_keeps_sentences_about_forms(sample):
    law = sample["9.9.LQ.1"]
    assert law.clauses[0].text == "1. Phương án, chủ trương của xã."
    assert law.clauses[1].text == "2. Mẫu văn bản thực hiện theo Mẫu số 06 tại Phụ lục ban hành kèm theo Luật này."
    assert ".doc" not in law.text


def test_a_source_documents_own_section_does_not_move_the_article(sample):
    circular = sample["9.9.TT.1.1"]
    assert circular.title == "Biện pháp"
    assert circular.chapter == "Chương I. QUY ĐỊNH CHUNG"
    # its own heading says what it is about: kept in brackets, never as a section of the đề mục
    assert circular.section.startswith("(Mục") and circular.section.endswith("BIỆN PHÁP CỦA THÔNG TƯ)")
    assert "(" not in sample["9.9.LQ.1"].section
    assert "BIỆN PHÁP CỦA THÔNG TƯ" not in sample["9.9.LQ.1"].text


def test_points_keep_their_text_and_lose_the_junk(sample):
    circular = sample["9.9.TT.1.1"]
    points = circular.clauses[0].points
    assert [p.text for p in points] == ["a) Chương trình họp được gửi trước;", "b) Mẫu số 02. Biên bản họp."]
    assert circular.text.split("\n")[-1] == "b) Mẫu số 02. Biên bản họp."  # no file name, no "Phần hai"


def test_the_untitled_directive_article_is_named_after_the_directive(sample):
    directive = sample["9.9.CT.1.1"]
    assert directive.title == "Về tăng cường họp xóm"
    assert directive.chapter == "Chương II. HỌP XÓM"
    assert directive.text == "Các bộ chủ động phối hợp."


# --- the real corpus ---------------------------------------------------------------------------------------

needs_corpus = pytest.mark.skipif(not MAIN.is_file(), reason="shared corpus not present")

INVISIBLE = re.compile("[\u00ad\u034f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
FILE_NAME_LINE = re.compile(r"^\S.*\S\.(?:docx?|xlsx?|pdf|rtf|zip|rar)$|^(?:Mau so|Phu luc)\b", re.IGNORECASE)
HEADING_LINE = re.compile(r"^\**\s*(?:Phần|Chương|CHƯƠNG|Mục|MỤC|Tiểu mục) (?:[IVXLC]+|\d+|hai|ba|tư|năm|sáu)\b")


def texts_of(article):
    """Everything of an article that a reply may quote: title, text, clauses and points."""
    yield article.title
    yield article.text
    for clause in article.clauses:
        yield clause.text
        yield from (point.text for point in clause.points)


def is_heading(line):
    """A chapter, section or part label, or a line whose letters are all upper case."""
    letters = [ch for ch in line if ch.isalpha()]
    return bool(HEADING_LINE.match(line)) or (len(letters) >= 4 and line == line.upper())


@pytest.fixture(scope="module")
def real_articles():
    return [(path.name, a) for path in sorted(CORPUS.glob("*.md")) for a in parse_file(path).articles]


@needs_corpus
def test_no_real_article_carries_an_invisible_character(real_articles):
    found = [(name, a.id) for name, a in real_articles for text in texts_of(a) if INVISIBLE.search(text)]
    assert not found


@needs_corpus
def test_no_real_article_carries_a_file_name_line(real_articles):
    found = [(name, a.id, line) for name, a in real_articles for text in texts_of(a)
             for line in text.split("\n") if FILE_NAME_LINE.search(line.strip())]
    assert not found


@needs_corpus
def test_no_real_article_ends_with_a_heading(real_articles):
    found = [(name, a.id, a.text.split("\n")[-1]) for name, a in real_articles
             if a.text and is_heading(a.text.split("\n")[-1])]
    assert not found


@needs_corpus
def test_the_mat_tran_directive_article_has_a_title():
    article = next(a for a in parse_file(MAT_TRAN).articles if a.id == "35.4.CT.1.1")
    assert article.title.startswith("Về tăng cường sự phối hợp với Uỷ ban Mặt trận Tổ quốc Việt Nam")
    assert article.citation.document_number == "23/1998/CT-TTg"
    assert article.text.startswith("Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ")


def index_places(text):
    """Each article id → (chapter, section, subsection) labels as the file's trailing index lists it."""
    places, chapter, section, subsection = {}, "", "", ""
    for raw in text.split("## Danh sách điều khoản", 1)[1].split("\n"):
        line = raw.strip()
        label = " ".join(line.split()[:2])
        if line.startswith("Chương"):
            chapter, section, subsection = label, "", ""
        elif line.startswith("Mục"):
            section, subsection = label, ""
        elif line.startswith("Tiểu mục"):
            subsection = " ".join(line.split()[:3])
        elif m := re.match(r"Điều (\S+?)\.(?:\s|$)", line):
            places.setdefault(m.group(1), (chapter, section, subsection))
    return places


def parsed_place(article):
    parts = [p.split(".")[0] for p in article.section.split(" / ")] if article.section else []
    return (article.chapter.split(".")[0], next((p for p in parts if p.startswith("Mục")), ""),
            next((p for p in parts if p.startswith("Tiểu mục")), ""))


@needs_corpus
@pytest.mark.parametrize("path", CODIFIED_FILES, ids=lambda p: p.name)
def test_every_real_article_sits_where_the_index_puts_it(path):
    """A source document's own "Mục 2. BIỆN PHÁP ..." between articles does not move the articles after it."""
    places = index_places(path.read_text(encoding="utf-8"))
    misplaced = [(a.id, parsed_place(a), places[a.id]) for a in parse_file(path).articles
                 if a.id in places and parsed_place(a) != places[a.id]]
    assert not misplaced


@needs_corpus
def test_real_sentences_about_forms_and_annexes_are_kept(real_articles):
    """Lines of the raw files that mention a phụ lục or a mẫu, or start with "Chương trình", are all still text."""
    kept = {" ".join(line.split()) for _, a in real_articles for line in a.text.split("\n")}
    wanted = set()
    for path in sorted(CORPUS.glob("*.md")):
        body = path.read_text(encoding="utf-8").split("## VĂN BẢN")[-1].split("## Danh sách điều khoản")[0]
        for raw in body.split("\n"):
            line = " ".join(INVISIBLE.sub("", unicodedata.normalize("NFC", raw)).split())
            if "có hiệu lực thi hành" in line:  # the end of a provenance line, the article's text glued after it
                line = line.rsplit(")", 1)[-1].strip()
            if re.search(r"Phụ lục|phụ lục|Mẫu số|^(?:\d+\. |[a-zđ]\) )?Chương trình", line) and line.endswith(
                    (".", ";", ":")) and not line.startswith(("(", "Điều ", "#")) and "Điều " not in line[1:]:
                wanted.add(line)
    assert len(wanted) > 20
    assert not sorted(wanted - kept)


SLICE = {"van-ban/hanh-chinh-tu-phap/quoc-tich-viet-nam.md", "van-ban/y-te-duoc/phong-chong-benh-truyen-nhiem.md"}


@pytest.mark.skipif(not COLLECTION.is_file(), reason="the shared collection is not here")
def test_collection_articles_lose_headings_left_at_their_end(tmp_path):
    """Two real subject files of the whole collection whose articles ended with the next heading
    ("**Mục 2. TRỞ LẠI QUỐC TỊCH VIỆT NAM**", "Chương 2." and its title)."""
    piece = tmp_path / "slice.tar.xz"
    with tarfile.open(COLLECTION, "r|*") as source, tarfile.open(piece, "w:xz") as out:
        for info in source:
            if info.name in SLICE:
                handle = source.extractfile(info)
                assert handle is not None
                out.addfile(info, handle)
    subjects = list(read_collection(piece))
    assert len(subjects) == len(SLICE)
    found = [(a.id, line) for s in subjects for a in s.articles for line in a.text.split("\n")[-3:]
             if HEADING_LINE.match(line)]
    assert not found
