"""A PDF file's bytes → plain text: the text layer, page by page, with blank lines between paragraphs.

Only a "digital" PDF (exported or printed to PDF from Word and the like) has a text layer; a scan is a
picture of each page and would need OCR, which the bot does not do, so it is refused with a message
saying so. pypdf gives the text line by line as the page shows it; the lines are put back into
paragraphs here, so the legal and training parsers see the same shape as in a .txt:

* a line that goes on in lower case, at the page's usual line spacing, continues the line before (a
  wrapped sentence, or an article title running over two lines) and is joined to it with a space;
* a line that starts an article, a chapter or section, a clause ("2."), a point ("b)") or a list item,
  or that follows a wider gap than the usual line spacing, starts a new paragraph (after a blank line);
* any other line stays a line of its own, in the same paragraph.

A lone page number at the top or bottom of a page is dropped.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import pypdf

from knowledge.errors import SourceError
from knowledge.text import clean

# Far longer than any law or guidance the bot serves; a longer PDF is a book or a mistake, and costs minutes.
MAX_PAGES = 500
# A page of text has well over a thousand letters; a scan has none, or only a scanner app's stamp.
MIN_LETTERS_PER_PAGE = 50
_HEADER_WITHIN = 1024  # the PDF header may follow a little junk; readers look this far for it
# A gap between lines this much wider than the usual line spacing is the space between two paragraphs.
_PARAGRAPH_GAP = 1.3
_STARTS_BLOCK_RE = re.compile(
    r"^(?:(?:Điều|ĐIỀU)\s+\d|(?:Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)\s+(?:[IVXLC]+|\d+)\b|\d{1,3}\.(?!\d)"
    r"|[a-zđ]\)|[-–—•+]\s)"
)
_PAGE_NUMBER_RE = re.compile(r"^[-–—\s]*(?:Trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$")


@dataclass(frozen=True)
class _Line:
    """One line of a page: its text (spaces collapsed), baseline height (None = unknown) and font size."""

    text: str
    page: int
    y: float | None
    size: float


def pdf_to_text(data: bytes, path: str) -> str:
    """Extract the text layer of a PDF file as clean NFC text, paragraphs separated by blank lines.

    Pages come in order, their lines rejoined into paragraphs as the module docstring says. Raises
    SourceError naming `path`, with the problem in Vietnamese, for empty bytes, bytes that are not a PDF,
    a damaged PDF, one locked with a password (one that only restricts printing or copying opens without
    one and is read), one of more than MAX_PAGES pages, and one without a text layer (a scan: fewer than
    MIN_LETTERS_PER_PAGE letters a page).
    """
    if not data.strip():
        raise SourceError(path, "tệp rỗng, không có chữ nào; hãy kiểm tra lại rồi gửi tệp có nội dung văn bản")
    if b"%PDF-" not in data[:_HEADER_WITHIN]:
        raise SourceError(path, "tệp có đuôi .pdf nhưng không phải tệp PDF (có thể là tệp khác bị đổi đuôi); hãy "
                          "gửi đúng tệp PDF, hoặc bản .docx hay tệp .txt của văn bản")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        _unlock(reader, path)
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise SourceError(path, f"tệp PDF có {count} trang, vượt giới hạn {MAX_PAGES} trang; hãy tách thành "
                              "nhiều tệp nhỏ hơn")
        lines = [line for number, page in enumerate(reader.pages) for line in _page_lines(page, number)]
    except (SourceError, MemoryError):
        raise
    except Exception as exc:  # pypdf raises its own errors, and plain ones (KeyError, ValueError, ...) on damage
        raise SourceError(path, "tệp PDF bị hỏng hoặc chưa tải về trọn vẹn, không đọc được "
                          f"({exc.__class__.__name__}); hãy gửi lại, hoặc xuất lại tệp PDF từ bản gốc, hoặc gửi bản "
                          ".docx hay tệp .txt của văn bản") from None
    if count == 0:
        raise SourceError(path, "tệp PDF không có trang nào; hãy kiểm tra lại rồi gửi tệp có nội dung văn bản")
    text, _dropped = clean(_paragraphs(lines))
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS_PER_PAGE * count:
        raise SourceError(path, "tệp PDF này là bản quét (ảnh chụp các trang), không có lớp chữ nên không đọc "
                          "được; hãy gửi bản .docx hoặc tệp .txt chứa chữ của văn bản")
    return text.strip()


def _unlock(reader: pypdf.PdfReader, path: str) -> None:
    """Open an encrypted PDF with the empty password; SourceError if it needs a real one."""
    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("")
    except MemoryError:
        raise
    except Exception:  # an encryption pypdf cannot undo here (AES needs the optional cryptography package)
        opened = pypdf.PasswordType.NOT_DECRYPTED
    if opened == pypdf.PasswordType.NOT_DECRYPTED:
        raise SourceError(path, "tệp PDF có đặt mật khẩu (bị mã hóa) nên không đọc được chữ; hãy gửi bản PDF "
                          "không đặt mật khẩu, hoặc bản .docx hay tệp .txt của văn bản")


def _page_lines(page: pypdf.PageObject, number: int) -> list[_Line]:
    """The page's text lines in pypdf's order, each with the baseline and font size of its first words."""
    pieces: list[tuple[str, float, float, float]] = []

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], _font: object, size: float) -> None:
        if text:
            pieces.append((text, *_placement(cm, tm, size)))

    page.extract_text(visitor_text=visit)  # the visited pieces add up to exactly the text it returns
    lines: list[_Line] = []
    text, y, size, last_x = "", None, 0.0, 0.0
    for piece, piece_x, piece_y, piece_size in pieces:
        segments = piece.split("\n")
        if y is not None and piece.strip() and _elsewhere(piece_x - last_x, piece_y - y, max(size, piece_size)):
            segments.insert(0, "")  # pypdf ran two table cells, side by side at other heights, into one line
        for k, segment in enumerate(segments):
            if k:
                lines.append(_Line(" ".join(text.split()), number, y, size))
                text, y, size = "", None, 0.0
            if segment.strip():
                if not text.strip():
                    y, size = piece_y, piece_size
                last_x = piece_x
            text += segment
    lines.append(_Line(" ".join(text.split()), number, y, size))
    lines = [line for line in lines if line.text]
    for end in (-1, 0):  # a page number printed above or below the text
        if lines and _PAGE_NUMBER_RE.match(lines[end].text):
            lines.pop(end)
    return lines


def _placement(cm: Sequence[float], tm: Sequence[float], size: float) -> tuple[float, float, float]:
    """Where on the page text drawn with matrices `tm` and `cm` starts (x, baseline y), and its font size."""
    a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
    c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
    x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
    return x, y, abs(size) * abs(a * d - b * c) ** 0.5


def _elsewhere(dx: float, dy: float, size: float) -> bool:
    """Whether text moved by (dx, dy) from the line's words is on another line (a superscript is not)."""
    return abs(dy) > 0.5 * size or (abs(dy) > 0.2 * size and dx < 0)


def _paragraphs(lines: list[_Line]) -> str:
    """Lines → text: continued lines joined with a space, paragraphs separated by a blank line."""
    pitch = _line_pitch(lines)
    paragraphs: list[list[str]] = []
    before: _Line | None = None
    for line in lines:
        if before is None or _starts_block(line.text) or _wide_gap(before, line, pitch):
            paragraphs.append([line.text])
        elif _continues(before, line):
            paragraphs[-1][-1] += " " + line.text
        elif line.page != before.page:
            paragraphs.append([line.text])  # a new page starting in capitals: most likely a new paragraph
        else:
            paragraphs[-1].append(line.text)
        before = line
    return "\n\n".join("\n".join(paragraph) for paragraph in paragraphs)


def _line_pitch(lines: list[_Line]) -> dict[int, float]:
    """Each page's usual distance between the baselines of two lines of one paragraph."""
    continued: dict[int, list[float]] = {}
    other: dict[int, list[float]] = {}
    for before, line in itertools.pairwise(lines):
        if line.page != before.page or line.y is None or before.y is None:
            continue
        gap = before.y - line.y
        if gap > 0.5 * max(line.size, 1.0):
            (continued if _continues(before, line) else other).setdefault(line.page, []).append(gap)
    pages = continued.keys() | other.keys()
    return {page: statistics.median(continued[page]) if page in continued else min(other[page]) for page in pages}


def _wide_gap(before: _Line, line: _Line, pitch: dict[int, float]) -> bool:
    """Whether more space than a line's lies between the two lines (or the second is beside or above the first)."""
    if line.page != before.page or line.y is None or before.y is None or line.page not in pitch:
        return False
    gap = before.y - line.y
    return gap < 0.5 * max(line.size, 1.0) or gap > _PARAGRAPH_GAP * pitch[line.page] + 0.5


def _starts_block(text: str) -> bool:
    """Whether a line opens an article, chapter, section, clause, point or list item."""
    return bool(_STARTS_BLOCK_RE.match(text))


def _continues(before: _Line, line: _Line) -> bool:
    """Whether `line` goes on with the sentence of `before`: it starts in lower case after a line not in capitals."""
    return line.text[0].islower() and not _STARTS_BLOCK_RE.match(line.text) and before.text.upper() != before.text
