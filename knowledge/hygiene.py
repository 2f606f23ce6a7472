"""Corpus hygiene for Bộ pháp điển files: what the real files carry that is not legal text, taken out.

Each function does one job and is pure; `knowledge.codified` calls them. Defects met in the real files:
- invisible characters inside words: soft hyphens (U+00AD in "ph-ương", "Chư-ơng VI") and zero-width or
  direction marks; they split words for search, and a heading with one is not read as a heading;
- empty bold markers left by the site's HTML conversion ("5.** **Việc sử dụng", "cứu trợ** **bằng");
- lines naming an attached Word or Excel file ("Phu luc_ban hanh kem theo NĐ so 59_2023_ND-CP.doc",
  "Mau so 01 - XLĐ. Thụ lý đơn.docx"), or the start of one with its extension cut off
  ("Mau so 06 - XLĐ. Chuyen don Kien nghị"); they are names, not text;
- headings of a source document's own chapters and sections left between the đề mục's articles
  ("Mục 2. BIỆN PHÁP THỰC HIỆN DÂN CHỦ" of a circular, inside a chapter that has no such section): the
  trailing index ("## Danh sách điều khoản") lists the headings the đề mục really has;
- heading lines the structure reader does not take as headings ("Phần hai" with its title,
  "**Mục 2. TRỞ LẠI QUỐC TỊCH VIỆT NAM**", "Chương 2."), left as the last lines of the article before;
- articles without a title in the source (a directive's "Điều 35.4.CT.1.1." stands alone, in the text
  and in its index alike): they are named after the document their provenance line names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from knowledge.text import INVISIBLE_RE

# Bold markers around nothing but spaces: "5.** **Việc" → "5. Việc".
_EMPTY_BOLD_RE = re.compile(r"\*{2,}[ \t]+\*{2,}")

_ATTACHMENT_EXTENSIONS = r"(?:docx?|xlsx?|pdf|rtf|zip|rar|odt|ods|pptx?)"
# A file extension glued to the name it ends ("...ND-CP.doc"), at the end of the line.
_FILE_END_RE = re.compile(rf"(?<=\S)\.{_ATTACHMENT_EXTENSIONS}$", re.IGNORECASE)
# An attachment's name as the site writes it, without diacritics ("Mau so 06 - ...", "Phu luc_..."); text
# of a law always writes "Mẫu số", "Phụ lục", "Biểu mẫu".
_ASCII_ATTACHMENT_RE = re.compile(r"^(?:Mau(?: so)?|Phu luc|Bieu mau|Bieu so)(?:[\s_\-]+|(?=\d))\S")
# A stop with a letter or digit right after it: where a sentence may end glued to what follows.
_GLUED_STOP_RE = re.compile(r"(?<=\w\w)[.;:!?](?=[^\W_])")
_MAX_ATTACHMENT_CHARS = 300

_ORDINALS = "nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười"
# The label of a part, chapter or section heading, with what follows it on the line.
_HEADING_LABEL_RE = re.compile(
    rf"^(?:(?:Phần|PHẦN)(?: (?:thứ|THỨ))? (?:{_ORDINALS}|{_ORDINALS.upper()}|[IVXLC]+|\d+)"
    r"|(?:Chương|CHƯƠNG|Tiểu mục|TIỂU MỤC|Mục|MỤC) (?:[IVXLC]+|\d+))(?![\w/])(?P<rest>.*)$"
)
# How many lines a heading left at the end of an article may take (label, then its title lines).
_MAX_HEADING_LINES = 5
# An article's note on related articles, and how many lines one may run over (as `knowledge.clauses` reads it).
_NOTE_OPEN_RE = re.compile(r"^\((?:Điều|Khoản|Điểm|Chương|Mục|Tiểu mục|Phần) này (?:có nội dung|được|bị)")
_MAX_NOTE_LINES = 8
_INDEX_HEADING_RE = re.compile(r"^(?:Phần|Chương|Tiểu mục|Mục)\b")
_KEY_DROP_RE = re.compile(r"[.:*]")


def remove_invisible(text: str) -> str:
    """`text` without soft hyphens, zero-width characters and direction marks; lines are kept as they are."""
    return INVISIBLE_RE.sub("", text)


def drop_empty_bold(text: str) -> str:
    """`text` with every pair of bold markers around only spaces ("** **") replaced by one space."""
    return _EMPTY_BOLD_RE.sub(" ", text)


def clean_characters(text: str) -> str:
    """A Bộ pháp điển file's text without invisible characters and empty bold markers.

    Only characters inside lines change: the text keeps its line count, so line numbers stay right.
    """
    return drop_empty_bold(remove_invisible(text))


def is_attachment_name(line: str) -> bool:
    """Whether a whole line is the name of an attached file rather than text.

    True for a short line ending in a file extension glued to the name ("Mau so 02 kem theo ... .doc",
    "Phụ lục_Quy chế ... .docx") unless a sentence is glued before the name, and for a short line starting
    with an attachment word written without diacritics ("Mau so 06 - XLĐ. Chuyen don Kien nghị"). A
    sentence that mentions a phụ lục or a mẫu is never one.
    """
    line = line.strip().strip("*").strip()
    if not line or len(line) > _MAX_ATTACHMENT_CHARS:
        return False
    end = _FILE_END_RE.search(line)
    if end:
        return not _has_glued_sentence(line[: end.start()])
    return _ASCII_ATTACHMENT_RE.match(line) is not None and not line.endswith((".", ";", ":"))


def _has_glued_sentence(text: str) -> bool:
    """Whether a sentence ends glued to more text: two lower-case letters, a stop, then a letter or digit.

    "...Thông tư này.Phu luc 1_..." is one; "46.2018.TT-BTC" and "XLĐ. Thụ lý" are not.
    """
    return any(text[m.start() - 2 : m.start()].isalpha() and text[m.start() - 2 : m.start()].islower()
               for m in _GLUED_STOP_RE.finditer(text))


def drop_attachment_names(lines: Iterable[str]) -> list[str]:
    """The lines without those that are attached files' names (see `is_attachment_name`)."""
    return [line for line in lines if not is_attachment_name(line)]


def _unbold(line: str) -> tuple[str, bool]:
    """The line without bold or italic markers, and whether it was wrapped in bold as a whole."""
    stripped = line.strip()
    wrapped = stripped.startswith("**") and stripped.endswith("**") and len(stripped) > 4
    return " ".join(stripped.replace("*", " ").split()), wrapped


def is_heading_title(line: str) -> bool:
    """Whether a line reads as a heading's title: letters, all of them upper case ("THỪA KẾ")."""
    text, _wrapped = _unbold(line)
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and text == text.upper() and not text.startswith("(")


def is_heading_label(line: str) -> bool:
    """Whether a line is a part, chapter or section heading ("Phần hai", "Chương 2.", "**Mục 2. LÃI SUẤT**").

    The label may carry its title on the same line; the title must be in upper case unless the whole line
    is in bold. "Chương trình ...", "Mục 1 khoản 1 Phụ lục IV ..." and other sentences are not headings.
    """
    text, wrapped = _unbold(line)
    m = _HEADING_LABEL_RE.match(text)
    if not m:
        return False
    rest = m.group("rest").lstrip(".: ").strip()
    return not rest or wrapped or is_heading_title(rest)


def trailing_heading_start(lines: Sequence[str]) -> int:
    """Where a heading left at the end of an article's lines starts, or len(lines) if there is none.

    Such a heading is a label line (`is_heading_label`) followed only by title lines, at most
    `_MAX_HEADING_LINES` lines in all, after at least one line of the article's own text.
    """
    for start in range(len(lines) - 1, max(0, len(lines) - _MAX_HEADING_LINES) - 1, -1):
        if start > 0 and is_heading_label(lines[start]):
            return start
        if not is_heading_title(lines[start]):
            break
    return len(lines)


def trailing_note_start(lines: Sequence[str]) -> int:
    """Where a note ("(Điều này có nội dung liên quan đến ...)") that closes the lines starts, else len(lines).

    The note may run over several lines; it must open a line and its parenthesis close at the last line.
    """
    for start in range(len(lines) - 1, max(0, len(lines) - _MAX_NOTE_LINES) - 1, -1):
        if _NOTE_OPEN_RE.match(lines[start]):
            note = " ".join(lines[start:])
            return start if note.rstrip().endswith(")") and note.count("(") == note.count(")") else len(lines)
    return len(lines)


def strip_trailing_heading(lines: Sequence[str]) -> list[str]:
    """The lines without a heading left at their end (see `trailing_heading_start`).

    A note closing the article after the heading stays: it is the article's own.
    """
    end = trailing_note_start(lines)
    return [*lines[: trailing_heading_start(lines[:end])], *lines[end:]]


def clean_body(lines: Sequence[str]) -> list[str]:
    """An article's body lines without attached files' names and without a heading left at the end."""
    return strip_trailing_heading(drop_attachment_names(lines))


def heading_key(heading: str) -> str:
    """A heading as compared with the index: "Mục 2. NHÂN DÂN BÀN" and "Mục 2 NHÂN DÂN BÀN" are one key."""
    return " ".join(_KEY_DROP_RE.sub(" ", heading).split()).casefold()


def index_headings(index_text: str) -> frozenset[str]:
    """The keys (`heading_key`) of the part, chapter and section headings a file's trailing index lists."""
    return frozenset(
        heading_key(line) for line in (raw.strip() for raw in index_text.split("\n")) if _INDEX_HEADING_RE.match(line)
    )


def is_listed_heading(label: str, title: str, listed: frozenset[str]) -> bool:
    """Whether the heading `label` + `title` is one of the đề mục's own; any heading is when none are listed.

    A heading the index does not list belongs to a source document's own structure (a circular's
    "Mục 2. BIỆN PHÁP THỰC HIỆN DÂN CHỦ") and says nothing of where the articles sit in the đề mục.
    """
    return not listed or heading_key(f"{label} {title}") in listed


def title_from_document(kind: str, document_title: str) -> str:
    """A title for an article the source gives none: its document's name without the kind word.

    "Chỉ thị về tăng cường sự phối hợp ..." of kind "Chỉ thị" → "Về tăng cường sự phối hợp ...";
    "" when the document's name is not known.
    """
    name = " ".join(document_title.split())
    if kind and name.lower().startswith(kind.lower() + " "):
        name = name[len(kind) :].strip()
    return name[:1].upper() + name[1:]
