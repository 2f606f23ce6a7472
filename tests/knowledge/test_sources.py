"""Dispatch, refusals and loading of source files, on files written into tmp_path."""

import hashlib
import io
import zipfile

import docx
import pytest

from knowledge.docx_text import docx_to_text
from knowledge.errors import SourceError
from knowledge.model import DocumentKind
from knowledge.sources import load_knowledge, parse_file, parse_upload
from settings import SourceSpec
from tests.support import encode_cp1258

CODIFIED = (
    "## VĂN BẢN\n\nChương I\n\nCHUNG\n\nĐiều 7.7.LQ.1. Họp thôn\n\n(Điều 1 Luật số 3/2090/QH20 Luật họp"
    " thôn ngày 01/01/2090 của Quốc hội, có hiệu lực thi hành kể từ ngày 01/07/2090)\n\n"
    "Thôn họp mỗi năm hai lần.\n"
)
LEGAL = "NGHỊ ĐỊNH\nVề trồng cây ven đường\n\nĐiều 1. Cây ven đường\nMỗi hộ trồng một cây.\n"
TRAINING = "Bản tin tập huấn\n\nHôm nay cán bộ xã học cách tổ chức họp dân.\n"


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def make_docx(*paragraphs, table=None):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("a.md", CODIFIED, DocumentKind.CODIFIED), ("b.txt", LEGAL, DocumentKind.LEGAL),
     ("c.md", TRAINING, DocumentKind.TRAINING), ("d.txt", CODIFIED, DocumentKind.CODIFIED)],
)
def test_dispatch_by_content(tmp_path, name, content, kind):
    doc = parse_file(write(tmp_path, name, content))
    assert doc.kind is kind
    assert doc.articles
    assert doc.sha256 == hashlib.sha256(content.encode()).hexdigest()


def test_utf16_and_windows_1258_files(tmp_path):
    utf16 = parse_file(write(tmp_path, "u16.txt", LEGAL.encode("utf-16")))
    legacy = parse_file(write(tmp_path, "old.txt", encode_cp1258(LEGAL)))
    for doc in (utf16, legacy):
        assert doc.articles[0].title == "Cây ven đường"
        assert doc.articles[0].text == "Mỗi hộ trồng một cây."


def test_binary_renamed_md_is_refused(tmp_path):
    path = write(tmp_path, "scan.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    with pytest.raises(SourceError) as err:
        parse_file(path)
    assert err.value.path == str(path)


@pytest.mark.parametrize("content", [b"", b"  \n\n \t\n"])
def test_empty_file_is_refused(tmp_path, content):
    with pytest.raises(SourceError, match="tệp rỗng"):
        parse_file(write(tmp_path, "empty.md", content))


def test_law_without_articles_is_refused(tmp_path):
    text = "---\ntitle: Luật gì đó\n---\n\n## VĂN BẢN\n\nChỉ có lời nói đầu, không có điều nào.\n"
    with pytest.raises(SourceError, match="không có tiêu đề điều nào"):
        parse_file(write(tmp_path, "law.md", text))


def test_too_large_is_refused(tmp_path):
    path = write(tmp_path, "big.txt", TRAINING * 50)
    with pytest.raises(SourceError, match="vượt giới hạn"):
        parse_file(path, max_bytes=1000)
    with pytest.raises(SourceError, match="vượt giới hạn"):
        parse_upload("big.txt", b"x" * 2000, max_bytes=1000)


@pytest.mark.parametrize(("name", "words"), [
    ("old.doc", "Lưu thành (Save As) dạng .docx"), ("noext", "loại tệp (không có đuôi)"),
    ("bang.xlsx", "loại tệp .xlsx"),
])
def test_unsupported_types_are_refused(name, words):
    with pytest.raises(SourceError) as err:
        parse_upload(name, b"whatever")
    assert err.value.path == name
    assert words in err.value.problem


def test_docx_not_a_zip():
    with pytest.raises(SourceError, match="không phải tệp Word") as err:
        parse_upload("van-ban.docx", b"this is plain text, not a zip")
    assert err.value.path == "van-ban.docx"


def test_zip_that_is_not_word():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(SourceError, match="không đọc được như văn bản Word"):
        docx_to_text(buffer.getvalue(), "sheet.docx")


def test_real_docx_upload():
    data = make_docx(
        "NGHỊ ĐỊNH", "Về sân chơi chung", "Điều 1. Sân chơi", "1. Sân chơi mở cửa buổi chiều.",
        "2. Trẻ em dưới sáu tuổi đi cùng người lớn.", "Điều 2. Kinh phí", "Thôn tự lo.",
        table=[["Hạng mục", "Số tiền"], ["Cầu trượt", "5 triệu"]],
    )
    doc = parse_upload("San Choi.docx", data)
    assert doc.kind is DocumentKind.LEGAL
    assert doc.id == "san-choi"
    assert [a.id for a in doc.articles] == ["san-choi.1", "san-choi.2"]
    assert [c.number for c in doc.articles[0].clauses] == ["1", "2"]
    assert doc.articles[1].text == "Thôn tự lo.\nHạng mục | Số tiền\nCầu trượt | 5 triệu"
    assert doc.articles[0].citation.document_kind == "Nghị định"


def test_docx_text_keeps_tables_in_order():
    data = make_docx("Trước bảng", table=[["a", "b"]])
    assert docx_to_text(data, "t.docx") == "Trước bảng\n\na | b"


def test_load_knowledge_walks_specs_in_order(tmp_path):
    first = tmp_path / "one"
    second = tmp_path / "two"
    first.mkdir()
    second.mkdir()
    write(first, "z.md", CODIFIED)
    write(first, "a.txt", TRAINING)
    write(first, "skip.pdf", b"%PDF")
    write(second, "law.txt", LEGAL)
    result = load_knowledge([
        SourceSpec(first, ("*.md", "*.txt")), SourceSpec(tmp_path / "missing"), SourceSpec(second),
    ])
    assert [d.id for d in result.kb.documents] == ["a", "z", "law"]
    expected_files = [first / "a.txt", first / "z.md", second / "law.txt"]
    assert [f.path for f in result.files] == [str(p) for p in expected_files]
    assert result.files[0].size == len(TRAINING.encode())
    assert any("missing" in w and "does not exist" in w for w in result.warnings)
    assert result.kb.articles()[1].id == "7.7.LQ.1"


def test_load_knowledge_duplicate_ids_name_both_files(tmp_path):
    write(tmp_path, "a.md", CODIFIED)
    write(tmp_path, "b.md", CODIFIED)
    with pytest.raises(SourceError) as err:
        load_knowledge([SourceSpec(tmp_path)])
    assert err.value.path == str(tmp_path / "b.md")
    assert str(tmp_path / "a.md") in str(err.value)
    assert "7.7.LQ.1" in str(err.value)
    assert err.value.line == 7


def test_load_knowledge_unparseable_file_raises_with_its_name(tmp_path):
    write(tmp_path, "good.md", TRAINING)
    write(tmp_path, "bad.md", b"\x00\x01\x02binary")
    with pytest.raises(SourceError) as err:
        load_knowledge([SourceSpec(tmp_path)])
    assert err.value.path == str(tmp_path / "bad.md")


def test_load_knowledge_same_file_twice_is_read_once(tmp_path):
    path = write(tmp_path, "law.txt", LEGAL)
    result = load_knowledge([SourceSpec(tmp_path), SourceSpec(path)])
    assert len(result.kb.documents) == 1


def test_load_knowledge_reads_yaml_materials(tmp_path):
    pytest.importorskip("knowledge.materials")
    write(tmp_path, "glossary.yaml", "glossary:\n  - term: họp xóm\n    legal_terms: [hội nghị thôn]\n")
    result = load_knowledge([SourceSpec(tmp_path)])
    assert [g.term for g in result.kb.glossary] == ["họp xóm"]
    assert result.kb.documents == ()
    assert len(result.files) == 1
