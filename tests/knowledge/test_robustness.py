"""Bad documents: every one is refused with a SourceError (or MaterialError) naming the file and the
problem (and the line where there is one), never any other exception; files that only look odd (other
encodings, odd front matter) parse to the same articles as a clean UTF-8 file.

All texts are written here, in the team's own words, with invented ids, numbers and dates.
"""

from __future__ import annotations

import io
import os
import time
import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest

from knowledge import docx_text
from knowledge.errors import KnowledgeError, MaterialError, SourceError
from knowledge.materials import load_material
from knowledge.model import Document, DocumentKind
from knowledge.sources import load_knowledge, parse_bytes, parse_file, parse_upload
from settings import SourceSpec
from tests.support import encode_cp1258

MB = 1024 * 1024


def codified_text(first: int = 1, count: int = 3, *, prefix: str = "9.9.LQ") -> str:
    """A small codified file: front matter, the text marker, one chapter, `count` articles."""
    out = ["---", "title: Sân chơi của thôn", "---", "", "## VĂN BẢN", "", "Chương I", "", "SÂN CHƠI", ""]
    for n in range(first, first + count):
        out += [
            f"Điều {prefix}.{n}. Việc số {n} ở sân chơi", "",
            f"(Điều {n} Luật số 4/2091/QH21 Luật sân chơi ngày 03/03/2091 của Quốc hội, có hiệu lực thi hành"
            " kể từ ngày 01/09/2091)", "",
            f"1. Tổ trưởng mở cửa sân chơi lúc {n} giờ chiều.", "",
            "2. Trẻ nhỏ đi cùng người lớn; người lớn trông giữ đồ chơi chung.", "",
        ]
    return "\n".join(out) + "\n"


def legal_text(count: int = 3) -> str:
    """A decree-like text in its own layout with `count` articles."""
    out = ["CHÍNH PHỦ", "Số: 8/2092/NĐ-CP", "", "NGHỊ ĐỊNH", "Về giờ mở cửa nhà văn hóa thôn", ""]
    for n in range(1, count + 1):
        out += [f"Điều {n}. Khung giờ thứ {n}", "", f"1. Nhà văn hóa mở từ {n + 5} giờ sáng.", "",
                "2. Trưởng thôn giữ chìa khóa và ghi sổ mượn.", ""]
    return "\n".join(out)


TRAINING = "Bản tin tập huấn\n\nSáng nay cán bộ thôn học cách ghi biên bản họp.\n\nBuổi chiều thực hành.\n"


def summary(doc: Document) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """What must not change with the encoding: ids, titles, texts, clause numbers."""
    return [(a.id, a.title, a.text, tuple(c.number for c in a.clauses)) for a in doc.articles]


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def refused(call, *args, **kwargs) -> SourceError:
    """Run a parse call that must be refused; return its SourceError (any other exception fails)."""
    with pytest.raises(SourceError) as err:
        call(*args, **kwargs)
    assert err.value.problem
    return err.value


# --- empty, whitespace and binary -----------------------------------------------------------------------------

EMPTY_LIKE = {
    "empty": b"",
    "spaces and newlines": b"  \n\n\t \r\n",
    "unicode spaces": "\u00a0\u3000\u2003\n\u202f".encode(),
    "BOM only": b"\xef\xbb\xbf",
    "UTF-16 BOM and spaces": "\ufeff   \n".encode("utf-16-le"),
    "zero-width only": "\u200b\u200d\u2060\n".encode(),
}


@pytest.mark.parametrize("content", EMPTY_LIKE.values(), ids=EMPTY_LIKE.keys())
@pytest.mark.parametrize("name", ["rong.md", "rong.txt"])
def test_empty_or_whitespace_file_is_refused(tmp_path, name, content):
    path = write(tmp_path, name, content)
    for err in (refused(parse_file, path), refused(parse_upload, name, content)):
        assert name in str(err)
        assert "tệp rỗng" in err.problem


BINARY = {
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 5 >>\nstream\n\x00\x01\x02\x03\nendstream\n",
    "elf": b"\x7fELF\x02\x01\x01" + bytes(9) + b"\x03\x00>\x00" * 50,
    "old word .doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
    "control bytes": bytes(range(1, 32)) * 40,
    "zip": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)),
}


@pytest.mark.parametrize("content", BINARY.values(), ids=BINARY.keys())
def test_binary_renamed_md_is_refused(tmp_path, content):
    path = write(tmp_path, "van-ban.md", content)
    for err in (refused(parse_file, path), refused(parse_upload, "van-ban.md", content)):
        assert "van-ban.md" in str(err)
        assert "dữ liệu nhị phân" in err.problem


# --- size -----------------------------------------------------------------------------------------------------


def test_60_mb_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "qua-lon.md"
    with path.open("wb") as handle:  # sparse: 60 MB on paper, nothing on disk
        handle.truncate(60 * MB)
    tracemalloc.start()
    try:
        err = refused(parse_file, path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(path) in str(err)
    assert "vượt giới hạn" in err.problem and "62.9 MB" in err.problem
    assert peak < MB, f"{peak} bytes allocated while refusing a 60 MB file"


def test_60_mb_file_in_a_source_folder_is_refused_before_it_is_read(tmp_path):
    write(tmp_path, "a.md", codified_text())
    with (tmp_path / "b.md").open("wb") as handle:
        handle.truncate(60 * MB)
    tracemalloc.start()
    try:
        err = refused(load_knowledge, [SourceSpec(tmp_path)])
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert err.path == str(tmp_path / "b.md")
    assert peak < 4 * MB


def test_60_mb_upload_is_refused_by_length_without_copying():
    data = b"a" * (60 * MB)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        err = refused(parse_upload, "qua-lon.txt", data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 0.5
    assert err.path == "qua-lon.txt" and "vượt giới hạn" in err.problem
    assert peak < MB


def test_something_that_is_not_a_regular_file_is_refused(tmp_path):
    folder = tmp_path / "thu-muc.md"
    folder.mkdir()
    assert "không phải một tệp thường" in refused(parse_file, folder).problem
    endless = tmp_path / "vo-tan.md"
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    endless.symlink_to("/dev/zero")
    err = refused(parse_file, endless)
    assert err.path == str(endless) and "không phải một tệp thường" in err.problem


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_is_refused_with_its_name(tmp_path):
    path = write(tmp_path, "khoa.md", codified_text())
    path.chmod(0)
    try:
        assert "không đọc được tệp" in refused(parse_file, path).problem
        assert refused(load_knowledge, [SourceSpec(tmp_path)]).path == str(path)
    finally:
        path.chmod(0o644)


# --- encodings ----------------------------------------------------------------------------------------------------

ENCODINGS = {
    "utf-16-le with BOM": lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
    "utf-16-be with BOM": lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
    "utf-16-le without BOM": lambda t: t.encode("utf-16-le"),
    "utf-16-be without BOM": lambda t: t.encode("utf-16-be"),
    "utf-8 with BOM": lambda t: t.encode("utf-8-sig"),
    "windows-1258": encode_cp1258,
    "utf-8 with CRLF": lambda t: t.replace("\n", "\r\n").encode(),
    "utf-16-le with CRLF": lambda t: t.replace("\n", "\r\n").encode("utf-16-le"),
}


@pytest.mark.parametrize("encode", ENCODINGS.values(), ids=ENCODINGS.keys())
@pytest.mark.parametrize(
    ("text", "kind"),
    [(codified_text(count=4), DocumentKind.CODIFIED), (legal_text(4), DocumentKind.LEGAL),
     (TRAINING, DocumentKind.TRAINING)],
    ids=["codified", "legal", "training"],
)
def test_other_encodings_parse_to_the_same_articles(tmp_path, encode, text, kind):
    expected = parse_upload("van-ban.md", text.encode("utf-8"))
    data = encode(text)
    from_file = parse_file(write(tmp_path, "van-ban.md", data))
    from_upload = parse_upload("van-ban.txt", data)
    assert expected.kind is kind
    for doc in (from_file, from_upload):
        assert doc.kind is kind
        assert summary(doc) == summary(expected)
        assert [a.citation for a in doc.articles] == [a.citation for a in expected.articles]


def test_long_utf16_text_without_bom_is_still_recognised():
    text = codified_text(count=60)
    assert len(text.encode("utf-16-le")) > 8192  # past the part the encoding is sniffed from
    for encoding in ("utf-16-le", "utf-16-be"):
        assert len(parse_upload("dai.md", text.encode(encoding)).articles) == 60


# --- Word files ---------------------------------------------------------------------------------------------------


def zipped(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name.replace("__", "/"), content)
    return buffer.getvalue()


def real_docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


GOOD_DOCX = real_docx("NGHỊ ĐỊNH", "Về giếng nước chung", "Điều 1. Giếng", "Mỗi hộ giữ giếng sạch.")

BAD_DOCX = {
    "plain text": ("không phải tệp Word .docx", b"Day la van ban thuong, khong phai tep Word."),
    "empty": ("không phải tệp Word .docx", b""),
    "old .doc renamed": ("không phải tệp Word .docx", BINARY["old word .doc"]),
    "zip of a text file": ("văn bản Word", zipped(ghi_chu__txt=b"xin chao")),
    "zip that looks like a spreadsheet": ("văn bản Word", zipped(**{"xl__workbook.xml": b"<workbook/>"})),
    "damaged document part": ("văn bản Word", zipped(**{
        "[Content_Types].xml": GOOD_DOCX and zipfile.ZipFile(io.BytesIO(GOOD_DOCX)).read("[Content_Types].xml"),
        "_rels__.rels": zipfile.ZipFile(io.BytesIO(GOOD_DOCX)).read("_rels/.rels"),
        "word__document.xml": b"<w:document><w:body><w:p>unclosed",
    })),
    "truncated download": ("", GOOD_DOCX[: len(GOOD_DOCX) // 2]),
    "word file without text": ("tệp rỗng", real_docx()),
}


@pytest.mark.parametrize(("problem", "data"), BAD_DOCX.values(), ids=BAD_DOCX.keys())
def test_bad_word_files_are_refused(tmp_path, problem, data):
    path = write(tmp_path, "bien-ban.docx", data)
    for err in (refused(parse_file, path), refused(parse_upload, "bien-ban.docx", data)):
        assert "bien-ban.docx" in str(err)
        assert problem in err.problem


def test_word_file_that_unpacks_too_large_is_refused_before_it_is_opened(monkeypatch):
    monkeypatch.setattr(docx_text, "MAX_UNPACKED_BYTES", 100_000)
    data = zipped(**{"word__document.xml": b"<a>" + b" " * 200_000 + b"</a>"})
    assert len(data) < 10_000
    err = refused(parse_upload, "bom.docx", data)
    assert err.path == "bom.docx" and "khi giải nén lên tới" in err.problem and "vượt giới hạn" in err.problem


def test_good_word_file_still_parses():
    doc = parse_upload("gieng.docx", GOOD_DOCX)
    assert [a.id for a in doc.articles] == ["gieng.1"]


# --- law texts without articles ---------------------------------------------------------------------------------

NO_ARTICLES = {
    "codified front matter and text marker": "---\ntitle: Luật thử\n---\n\n## VĂN BẢN\n\nLời nói đầu thôi.\n",
    "document number in front matter": "---\nso_hieu: 9/2093/QH22\n---\n\nChỉ có phần mở đầu.\n",
    "kind in front matter": "---\nloai_van_ban: Luật\ntitle: Luật thử\n---\n\nChỉ có phần mở đầu.\n",
    "chapters but no articles": "---\nso_hieu: 9/2093/QH22\n---\n\nChương I\n\nQUY ĐỊNH CHUNG\n\nKhông có điều.\n",
    "info section only": "## THÔNG TIN VĂN BẢN\n\n| Số hiệu | 9/2093/QH22 |\n",
}


@pytest.mark.parametrize("text", NO_ARTICLES.values(), ids=NO_ARTICLES.keys())
@pytest.mark.parametrize("name", ["luat.md", "luat.txt"])
def test_law_without_article_headings_is_refused(tmp_path, name, text):
    err = refused(parse_file, write(tmp_path, name, text))
    assert name in str(err)
    assert "điều nào" in err.problem


def test_codified_headings_only_in_the_trailing_index_are_refused():
    text = codified_text().split("Chương I")[0] + "Lời nói đầu.\n\n## Danh sách điều khoản\n\nĐiều 9.9.LQ.1. Tên\n"
    err = refused(parse_upload, "chi-muc.md", text.encode())
    assert "không đọc được điều nào" in err.problem and "chỉ có trong mục lục" in err.problem


# --- duplicated article ids -------------------------------------------------------------------------------------


def test_duplicate_codified_id_within_a_file_names_both_lines(tmp_path):
    text = codified_text(1, 2) + codified_text(2, 1).split("SÂN CHƠI\n", 1)[1]
    path = write(tmp_path, "trung.md", text)
    lines = [n for n, line in enumerate(text.split("\n"), start=1) if line.startswith("Điều 9.9.LQ.2.")]
    assert len(lines) == 2
    for err in (refused(parse_file, path), refused(parse_upload, str(path), text.encode())):
        assert err.path == str(path)
        assert err.line == lines[1]
        assert "mã điều 9.9.LQ.2 đã có ở" in err.problem and f"{path}, dòng {lines[0]}" in err.problem
        assert str(err).startswith(f"{path}, dòng {lines[1]}: ")


def test_duplicate_ids_across_files_name_both_files_and_lines(tmp_path):
    write(tmp_path, "a.md", codified_text(1, 3))
    write(tmp_path, "b.md", codified_text(3, 2))
    err = refused(load_knowledge, [SourceSpec(tmp_path)])
    assert err.path == str(tmp_path / "b.md")
    assert err.line == 11
    assert f"{tmp_path / 'a.md'}, dòng " in err.problem and "mã điều 9.9.LQ.3 đã có ở" in err.problem
    assert str(err).startswith(f"{tmp_path / 'b.md'}, dòng 11: ")


def test_duplicate_ids_across_uploaded_legal_and_codified_files_do_not_clash(tmp_path):
    write(tmp_path, "a.md", codified_text())
    write(tmp_path, "b.txt", legal_text())
    write(tmp_path, "c.txt", legal_text())  # same text, other file: ids are per file stem
    result = load_knowledge([SourceSpec(tmp_path)])
    assert len(result.kb.articles()) == 9


def test_repeated_number_in_a_legal_text_is_kept_as_text_with_a_warning():
    text = legal_text(2) + "\nĐiều 2. Lặp lại\nNội dung trích dẫn.\n"
    doc = parse_upload("lap.txt", text.encode())
    assert [a.id for a in doc.articles] == ["lap.1", "lap.2"]
    assert any("repeats" in w for w in doc.warnings)


# --- front matter that is odd but harmless -------------------------------------------------------------------------

ODD_FRONT_MATTER = {
    "not YAML": "title: [không đóng\n",
    "impossible date": "title: Thử\nngay_hieu_luc: 2093-02-30\n",
    "nested too deeply": "title: " + "[" * 3000 + "]" * 3000 + "\n",
    "mapping nested too deeply": "title: " + "{a: " * 2000 + "1" + "}" * 2000 + "\n",
    "alias bomb": "".join(
        f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}" if i else "x"] * 10) + "]\n" for i in range(9)
    ) + "title: *l8\nso_hieu: *l8\n",
    "list title": "title: [một, hai]\n",
    "a YAML list": "- một\n- hai\n",
    "unknown tag": "title: !!python/object:os.system thử\n",
}


@pytest.mark.parametrize("meta", ODD_FRONT_MATTER.values(), ids=ODD_FRONT_MATTER.keys())
def test_odd_front_matter_still_gives_the_articles(meta):
    body = legal_text(2)
    started = time.perf_counter()
    doc = parse_upload("dau-trang.md", f"---\n{meta}---\n{body}".encode())
    assert time.perf_counter() - started < 1
    assert summary(doc) == summary(parse_upload("dau-trang.md", body.encode()))
    assert len(doc.title) < 200


def test_front_matter_that_never_ends_is_a_warning():
    doc = parse_upload("mo.md", ("---\ntitle: Thử\n" + codified_text().split("---\n", 2)[2]).encode())
    assert any("never ends" in w for w in doc.warnings)
    assert len(doc.articles) == 3


# --- YAML materials -------------------------------------------------------------------------------------------

FAQ_OK = ("faq:\n  - id: faq-001\n    question: Họp thôn khi nào?\n    answer: Mỗi năm hai lần.\n"
          "    articles: [9.9.LQ.1]\n")

BAD_MATERIALS = {
    "not YAML": ("faq:\n  - id: faq-001\n  question: thụt lề sai\n    answer: x\n", 3, "YAML sai cú pháp"),
    "tab indentation": ("faq:\n\t- id: faq-001\n", 2, "YAML sai cú pháp"),
    "unknown top key": ("version: 1\nhoi_dap:\n  - id: faq-001\n", 2, "mục 'hoi_dap' ở đầu tệp không dùng được"),
    "both lists": ("faq: []\nglossary: []\n", 1, "đúng một trong hai mục"),
    "list at top": ("- id: faq-001\n", 1, "đầu tệp phải là bảng"),
    "entries not a list": ("faq:\n  id: faq-001\n", 2, "'faq' phải là danh sách"),
    "entry not a mapping": ("faq:\n  - chỉ là chữ\n", 2, "phải là một bảng các trường"),
    "missing answer": ("faq:\n  - id: faq-001\n    question: Hỏi?\n    articles: [9.9.LQ.1]\n", 2,
                       "thiếu trường 'answer'"),
    "unknown field": (FAQ_OK + "    nguon: sổ tay\n", 6, "trường 'nguon' không dùng được"),
    "question is a number": (FAQ_OK.replace("Họp thôn khi nào?", "42"), 3, "'question' phải là chuỗi chữ (đang là số)"),
    "answer is a list": (FAQ_OK.replace("Mỗi năm hai lần.", "[một, hai]"), 4, "'answer' phải là chuỗi chữ"),
    "articles is a string": (FAQ_OK.replace("[9.9.LQ.1]", "9.9.LQ.1"), 5, "'articles' phải là danh sách"),
    "articles empty": (FAQ_OK.replace("[9.9.LQ.1]", "[]"), 5, "danh sách rỗng"),
    "article id malformed": (FAQ_OK.replace("9.9.LQ.1", "Điều 1"), 5, "không đúng dạng"),
    "article id a number": (FAQ_OK.replace("[9.9.LQ.1]", "[12]"), 5, "phải là chuỗi chữ không trống"),
    "duplicate id": (FAQ_OK + FAQ_OK.split("\n", 1)[1], 6, "mã 'faq-001' trùng với mục ở dòng 2"),
    "id malformed": (FAQ_OK.replace("faq-001", "Câu 1"), 2, "phải có dạng 'faq-001'"),
    "too many variants": (FAQ_OK + "    variants: [a, b, c, d]\n", 6, "tối đa 3 cách hỏi"),
    # The line is the entry's: the date constructor's error carries no position.
    "impossible date": (FAQ_OK.replace("Họp thôn khi nào?", "2093-02-30"), 2, "không đọc được giá trị"),
    "nested too deeply": ("faq: " + "[" * 3000 + "]" * 3000 + "\n", 0, "lồng nhau quá sâu"),
    "glossary legal_terms missing": ("glossary:\n  - term: họp xóm\n", 2, "thiếu trường 'legal_terms'"),
    "glossary term repeated": ("glossary:\n  - term: xóm\n    legal_terms: [thôn]\n  - term: Xóm\n"
                               "    legal_terms: [thôn]\n", 4, "từ 'Xóm' trùng với mục ở dòng 2"),
}


@pytest.mark.parametrize(("text", "line", "problem"), BAD_MATERIALS.values(), ids=BAD_MATERIALS.keys())
def test_bad_materials_name_file_line_and_problem(tmp_path, text, line, problem):
    path = write(tmp_path, "hoi-dap.yaml", text)
    with pytest.raises(MaterialError) as err:
        load_material(path)
    assert err.value.path == str(path)
    assert problem in err.value.problem
    if line:
        assert err.value.line == line
        assert str(err.value).startswith(f"{path}, dòng {line}: ")
    with pytest.raises(MaterialError):
        load_knowledge([SourceSpec(tmp_path)])


@pytest.mark.parametrize("data", [FAQ_OK.encode("utf-16"), b"\x89PNG\x00\x00", encode_cp1258(FAQ_OK)],
                         ids=["utf-16", "binary", "windows-1258"])
def test_material_that_is_not_utf8_says_so(tmp_path, data):
    path = write(tmp_path, "hoi-dap.yaml", data)
    with pytest.raises(MaterialError, match="UTF-8") as err:
        load_material(path)
    assert err.value.path == str(path)


def test_faq_id_in_two_material_files_names_both(tmp_path):
    write(tmp_path, "a.yaml", FAQ_OK)
    write(tmp_path, "b.yaml", FAQ_OK)
    err = refused(load_knowledge, [SourceSpec(tmp_path)])
    assert err.path == str(tmp_path / "b.yaml")
    assert str(tmp_path / "a.yaml") in err.problem and "mã hỏi đáp faq-001 đã có trong" in err.problem


# --- load_knowledge(strict=False) ---------------------------------------------------------------------------------


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    """Good files interleaved with one bad file of each kind, in name order."""
    write(tmp_path, "01-luat.md", codified_text(1, 3))
    write(tmp_path, "02-nhi-phan.md", BINARY["png"])
    write(tmp_path, "03-rong.txt", b"   \n")
    write(tmp_path, "04-trung.md", codified_text(3, 2))  # 9.9.LQ.3 again: the whole file is skipped
    write(tmp_path, "05-nghi-dinh.txt", legal_text())
    write(tmp_path, "06-hoi-dap.yaml", "faq:\n  - id: faq-001\n")
    write(tmp_path, "07-word.docx", b"not a zip")
    write(tmp_path, "08-khong-dieu.md", NO_ARTICLES["document number in front matter"])
    write(tmp_path, "09-tu-dien.yaml", "glossary:\n  - term: xóm\n    legal_terms: [thôn]\n")
    write(tmp_path, "10-tin.txt", TRAINING)
    write(tmp_path, "11-luat-tiep.md", codified_text(5, 1))
    return tmp_path


BAD_IN_MIXED = {"02-nhi-phan.md": "nhị phân", "03-rong.txt": "tệp rỗng", "04-trung.md": "mã điều 9.9.LQ.3",
                "06-hoi-dap.yaml": "thiếu trường", "07-word.docx": "không phải tệp Word",
                "08-khong-dieu.md": "điều nào"}


def test_strict_load_stops_at_the_first_bad_file(mixed_folder):
    err = refused(load_knowledge, [SourceSpec(mixed_folder)])
    assert err.path == str(mixed_folder / "02-nhi-phan.md")


def test_lenient_load_skips_bad_files_with_a_warning_naming_each(mixed_folder):
    result = load_knowledge([SourceSpec(mixed_folder)], strict=False)
    assert [d.path for d in result.kb.documents] == [
        str(mixed_folder / name) for name in ("01-luat.md", "05-nghi-dinh.txt", "10-tin.txt", "11-luat-tiep.md")]
    assert [a.id for a in result.kb.articles() if a.id.startswith("9.9")] == [
        "9.9.LQ.1", "9.9.LQ.2", "9.9.LQ.3", "9.9.LQ.5"]
    assert [g.term for g in result.kb.glossary] == ["xóm"]
    assert result.kb.faq == ()
    skipped = [w for w in result.warnings if w.endswith("(file skipped)")]
    assert len(skipped) == len(BAD_IN_MIXED)
    for (name, problem), warning in zip(BAD_IN_MIXED.items(), skipped, strict=True):
        assert warning.startswith(str(mixed_folder / name))
        assert problem in warning
    assert "01-luat.md, dòng 27" in skipped[2]  # the duplicate names where the id was first defined
    assert [Path(f.path).name for f in result.files] == [
        "01-luat.md", "05-nghi-dinh.txt", "09-tu-dien.yaml", "10-tin.txt", "11-luat-tiep.md"]


def test_lenient_load_of_good_files_equals_strict_load(tmp_path):
    write(tmp_path, "a.md", codified_text())
    write(tmp_path, "b.txt", legal_text())
    write(tmp_path, "c.yaml", FAQ_OK)
    strict = load_knowledge([SourceSpec(tmp_path)])
    lenient = load_knowledge([SourceSpec(tmp_path)], strict=False)
    assert strict == lenient


def test_lenient_load_refuses_oversized_file_by_size(tmp_path):
    write(tmp_path, "a.md", codified_text())
    with (tmp_path / "b.md").open("wb") as handle:
        handle.truncate(60 * MB)
    result = load_knowledge([SourceSpec(tmp_path)], strict=False)
    assert len(result.kb.documents) == 1
    assert any(w.startswith(str(tmp_path / "b.md")) and "vượt giới hạn" in w for w in result.warnings)


# --- nothing but KnowledgeError, whatever the name ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["", ".md", "..md", "a.MD", "a.Docx", "tên có dấu.txt", "a/b/../c.md", "x.pdf"])
def test_odd_names_parse_or_raise_source_errors(name):
    try:
        doc = parse_bytes(name, legal_text(1).encode())
    except KnowledgeError as exc:
        assert isinstance(exc, SourceError)
        assert exc.path == name
        return
    assert doc.articles and doc.id
