"""Digital PDF uploads: the text layer read into the same shape as a .txt, and every unusable PDF refused with
a Vietnamese SourceError naming the file.

The fixtures in tests/fixtures/uploads were made once with fpdf2 and the DejaVu Sans font from
huong-dan-05.txt (the same guidance as text, written by the team): huong-dan-05.pdf is the guidance,
han-che-in.pdf the same with printing and copying forbidden (it opens without a password), co-mat-khau.pdf
the same locked with a password, ban-quet.pdf a "scan" (one page holding only a picture). Smaller PDFs
are drawn here by hand.
"""

from __future__ import annotations

import io
import random
import unicodedata
from pathlib import Path

import docx
import pypdf
import pytest

from knowledge import pdf_text
from knowledge.errors import SourceError
from knowledge.model import Document, DocumentKind
from knowledge.pdf_text import MAX_PAGES, pdf_to_text
from knowledge.sources import load_knowledge, parse_bytes, parse_file, parse_upload
from settings import SourceSpec

UPLOADS = Path(__file__).resolve().parent.parent / "fixtures" / "uploads"
GUIDANCE_TEXT = (UPLOADS / "huong-dan-05.txt").read_text(encoding="utf-8")
GUIDANCE_PDF = (UPLOADS / "huong-dan-05.pdf").read_bytes()
_VIETNAMESE_LETTERS = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


def summary(doc: Document) -> list[tuple[str, str, str, tuple[tuple[str, str], ...]]]:
    """What must not depend on the file format: ids, titles, texts, clauses."""
    return [(a.id, a.title, a.text, tuple((c.number, c.text) for c in a.clauses)) for a in doc.articles]


def blank_pages(count: int) -> bytes:
    writer = pypdf.PdfWriter()
    for _ in range(count):
        writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def drawn_pdf(*pages: list[tuple[float, float, str]]) -> bytes:
    """A PDF whose pages show the given (x, y, text) lines in Helvetica 12 pt, each line drawn on its own."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
                            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for lines in pages:
        shown = [(x, y, text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")) for x, y, text in lines]
        stream = "".join(f"BT /F1 12 Tf {x} {y} Td ({text}) Tj ET\n" for x, y, text in shown).encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> "
                       b">> /Contents %d 0 R >>" % len(objects))
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# --- a digital PDF reads like the same text ------------------------------------------------------------------------


def test_the_text_layer_comes_out_in_the_shape_of_the_txt():
    text = pdf_to_text(GUIDANCE_PDF, "huong-dan-05.pdf")
    assert text == GUIDANCE_TEXT.strip()  # wrapped lines joined again, a blank line between paragraphs
    assert unicodedata.is_normalized("NFC", text)


def test_a_pdf_upload_is_the_legal_document_with_its_articles_and_diacritics():
    doc = parse_bytes("huong-dan-05.pdf", GUIDANCE_PDF)
    assert doc.kind is DocumentKind.LEGAL
    assert doc.id == "huong-dan-05"
    assert doc.number == "05/HD-UBND"
    assert [(a.id, a.title) for a in doc.articles] == [
        ("huong-dan-05.1", "Phạm vi áp dụng"), ("huong-dan-05.2", "Tổ chức hội nghị thôn")]
    assert [[c.number for c in a.clauses] for a in doc.articles] == [["1", "2"], ["1", "2"]]
    assert doc.articles[0].clauses[1].text == (
        "2. Ủy ban nhân dân xã, phường theo dõi và nhắc nhở các thôn, tổ dân phố làm đúng hướng dẫn này.")
    assert "Về việc tổ chức hội nghị thôn" in doc.title
    assert doc.articles[1].citation.document_kind == "Hướng dẫn"
    assert "Bắc Ninh" in doc.articles[1].citation.issuer


def test_pdf_docx_and_txt_of_one_guidance_give_the_same_articles():
    word = docx.Document()
    for paragraph in GUIDANCE_TEXT.strip().split("\n\n"):
        word.add_paragraph(paragraph)
    buffer = io.BytesIO()
    word.save(buffer)
    as_text = parse_bytes("huong-dan-05.txt", GUIDANCE_TEXT.encode("utf-8"))
    for other in (parse_bytes("huong-dan-05.pdf", GUIDANCE_PDF), parse_bytes("huong-dan-05.docx", buffer.getvalue())):
        assert summary(other) == summary(as_text)
        assert (other.title, other.number) == (as_text.title, as_text.number)
        assert [a.citation for a in other.articles] == [a.citation for a in as_text.articles]


def test_a_pdf_file_and_a_folder_of_sources_are_read_too(tmp_path):
    assert len(parse_file(UPLOADS / "huong-dan-05.pdf").articles) == 2
    (tmp_path / "huong-dan-05.pdf").write_bytes(GUIDANCE_PDF)
    result = load_knowledge([SourceSpec(tmp_path)])  # the default patterns take .pdf
    assert [a.id for a in result.kb.articles()] == ["huong-dan-05.1", "huong-dan-05.2"]


def test_a_pdf_that_only_forbids_printing_opens_without_a_password():
    restricted = (UPLOADS / "han-che-in.pdf").read_bytes()
    assert pypdf.PdfReader(io.BytesIO(restricted)).is_encrypted
    assert pdf_to_text(restricted, "han-che-in.pdf") == GUIDANCE_TEXT.strip()


# --- lines back into paragraphs ------------------------------------------------------------------------------------


def test_wrapped_lines_join_and_gaps_clauses_and_capitals_start_lines():
    text = pdf_to_text(drawn_pdf([
        (72, 700, "1. The first clause of this made up rule runs on and"),
        (72, 686, "goes on in lower case on the next line."),
        (72, 672, "2. A second clause starts on its own line."),
        (72, 640, "After a wider gap comes a new paragraph"),
        (72, 626, "And a line in capitals stays a line of its own."),
        (72, 612, "a) a point starts a paragraph even in lower case;"),
    ]), "ve-tay.pdf")
    assert text == ("1. The first clause of this made up rule runs on and goes on in lower case on the next line.\n\n"
                    "2. A second clause starts on its own line.\n\n"
                    "After a wider gap comes a new paragraph\nAnd a line in capitals stays a line of its own.\n\n"
                    "a) a point starts a paragraph even in lower case;")


def test_page_numbers_are_dropped_and_a_sentence_goes_on_over_the_page():
    text = pdf_to_text(drawn_pdf(
        [(72, 700, "1. Every household sends one person to the meeting, and"),
         (72, 686, "the village head writes down who came and"), (297, 40, "1")],
        [(297, 800, "- 2 -"), (72, 760, "what was decided, then signs the record at the end.")],
    ), "hai-trang.pdf")
    assert text == ("1. Every household sends one person to the meeting, and the village head writes down who came "
                    "and what was decided, then signs the record at the end.")


def test_two_table_cells_side_by_side_do_not_run_into_one_line():
    text = pdf_to_text(drawn_pdf([
        (72, 780, "PEOPLES COMMITTEE"), (300, 780, "SOCIALIST REPUBLIC OF THE LAND"),
        (300, 766, "Independence - Freedom - Happiness"), (72, 762, "Number: 05/HD-UBND"),
        (72, 700, "The text of the guidance follows here, long enough to be a page."),
    ]), "bang.pdf")
    assert "Happiness\n\nNumber: 05/HD-UBND" in text


# --- unusable PDFs -------------------------------------------------------------------------------------------------

BAD_PDFS = {
    "scan": ((UPLOADS / "ban-quet.pdf").read_bytes(), "bản quét"),
    "blank page": (blank_pages(1), "bản quét"),
    "scanner stamp only": (drawn_pdf([(72, 40, "Scanned with a phone")]), "bản quét"),
    "password": ((UPLOADS / "co-mat-khau.pdf").read_bytes(), "mật khẩu"),
    "png renamed": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "không phải tệp PDF"),
    "text renamed": (GUIDANCE_TEXT.encode("utf-8"), "không phải tệp PDF"),
    "only a header": (b"%PDF-1.7 ...", "bị hỏng"),
    "cut in half": (GUIDANCE_PDF[: len(GUIDANCE_PDF) // 2], "bị hỏng"),
    "too many pages": (blank_pages(MAX_PAGES + 1), f"có {MAX_PAGES + 1} trang, vượt giới hạn {MAX_PAGES} trang"),
    "empty": (b"", "tệp rỗng"),
}


@pytest.mark.parametrize(("data", "words"), BAD_PDFS.values(), ids=BAD_PDFS.keys())
def test_unusable_pdfs_are_refused_in_vietnamese_naming_the_file(data, words):
    with pytest.raises(SourceError) as err:
        parse_upload("van-ban.pdf", data)
    assert err.value.path == "van-ban.pdf"
    assert str(err.value).startswith("van-ban.pdf: ")
    assert words in err.value.problem
    assert _VIETNAMESE_LETTERS & set(err.value.problem)


def test_a_scan_is_told_to_come_as_docx_or_txt():
    with pytest.raises(SourceError) as err:
        pdf_to_text((UPLOADS / "ban-quet.pdf").read_bytes(), "ban-quet.pdf")
    assert "không có lớp chữ" in err.value.problem
    assert ".docx" in err.value.problem and ".txt" in err.value.problem


def test_the_page_limit_is_checked_before_any_page_is_read(monkeypatch):
    monkeypatch.setattr(pdf_text, "MAX_PAGES", 1)
    with pytest.raises(SourceError, match="vượt giới hạn 1 trang"):
        pdf_to_text(blank_pages(2), "dai.pdf")


def test_a_pdf_over_the_size_limit_is_refused_by_its_size():
    with pytest.raises(SourceError, match="vượt giới hạn") as err:
        parse_upload("huong-dan-05.pdf", GUIDANCE_PDF, max_bytes=1000)
    assert err.value.path == "huong-dan-05.pdf"


def test_damaged_copies_raise_only_source_errors():
    rng = random.Random(5)
    copies = [GUIDANCE_PDF[:cut] for cut in range(0, len(GUIDANCE_PDF), len(GUIDANCE_PDF) // 12)]
    for _ in range(24):
        spoilt = bytearray(GUIDANCE_PDF)
        for _ in range(rng.randint(1, 40)):
            spoilt[rng.randrange(len(spoilt))] = rng.randrange(256)
        copies.append(bytes(spoilt))
    for data in copies:
        try:
            doc = parse_bytes("hong.pdf", data)
        except SourceError as exc:
            assert exc.path == "hong.pdf" and exc.problem
        else:
            assert doc.articles
