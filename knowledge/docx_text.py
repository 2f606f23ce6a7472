"""A Word (.docx) file's bytes → plain text: paragraphs and table rows in document order, one per line.

Paragraphs are separated by blank lines so the legal and training parsers see the same shape as in the
markdown sources; a table row becomes one line with its cells joined by " | ".
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from knowledge.errors import SourceError

# A real Word file of a long law unpacks to a few MB; far beyond that is damage or a decompression bomb.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
_W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_to_text(data: bytes, path: str) -> str:
    """Extract the text of a .docx file, paragraphs and tables in the order they appear.

    Raises SourceError naming `path` when the bytes are not a zip, a zip that is not a Word document
    (an old binary .doc renamed, a spreadsheet, a damaged download), or one whose parts unpack to more
    than MAX_UNPACKED_BYTES.
    """
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SourceError(path, "không phải tệp Word .docx (tệp .docx thật là một gói nén zip, tệp này thì không). "
                          "Nếu đây là tệp .doc cũ, hãy mở bằng Word, chọn Lưu thành (Save As) dạng .docx; "
                          "hoặc chép chữ của văn bản vào một tệp .txt")
    _check_unpacked_size(data, path)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        problem = (f"tệp nén này không đọc được như văn bản Word .docx ({exc.__class__.__name__}: {exc}); "
                   "hãy mở tệp bằng Word, Lưu thành (Save As) dạng .docx rồi gửi lại")
        raise SourceError(path, problem) from None
    except Exception as exc:  # lxml raises its own errors on a damaged document part
        raise SourceError(path, f"văn bản Word bị hỏng, không đọc được ({exc.__class__.__name__}); hãy mở tệp bằng "
                          "Word, Lưu thành (Save As) dạng .docx rồi gửi lại") from None
    blocks: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag == f"{_W_NS}p":
            text = Paragraph(element, document).text.strip()
            if text:
                blocks.append(text)
        elif element.tag == f"{_W_NS}tbl":
            blocks.extend(_table_rows(Table(element, document)))
    return "\n\n".join(blocks)


def _check_unpacked_size(data: bytes, path: str) -> None:
    """Refuse a zip whose members unpack to more than MAX_UNPACKED_BYTES (a "zip bomb") before opening it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SourceError(path, f"tệp nén này không đọc được như văn bản Word .docx ({exc.__class__.__name__}); "
                          "có thể tệp chưa tải về trọn vẹn, hãy gửi lại") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise SourceError(path, f"tệp Word khi giải nén lên tới {unpacked / 1e6:.0f} MB, vượt giới hạn "
                          f"{MAX_UNPACKED_BYTES / 1e6:.0f} MB; tệp có thể bị hỏng hoặc bị làm cho quá lớn. Hãy lưu "
                          "lại văn bản thành tệp .docx mới (bỏ bớt hình ảnh), hoặc gửi bản .txt")


def _table_rows(table: Table) -> list[str]:
    """One line per row, merged cells counted once, empty rows skipped."""
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column it spans
                continue
            seen.add(id(cell._tc))
            text = " ".join(cell.text.split())
            if text:
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return rows
