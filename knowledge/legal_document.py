"""One legal document in its own layout ("Điều 1. ...", "Chương I ...") → a LEGAL Document.

Serves both the markdown pages with front matter (`so_hieu`, `loai_van_ban`, `ngay_hieu_luc`, ... as in the
Decree 185/2026 page; headings `# Chương I: ...` and `**Điều 1. ...**`) and plain text or Word uploads of
an official text, where the number, kind, title and dates are looked for in the text itself ("Số:
12/2024/NĐ-CP", a line "NGHỊ ĐỊNH" followed by the subject, "có hiệu lực thi hành từ ngày ...").

Article ids are "<document id>.<article number>", the document id being the file stem as a slug.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.clauses import ArticleDraft, split_body
from knowledge.codified import display_title
from knowledge.model import Article, Citation, Document, DocumentKind
from knowledge.naming import issuer_name, issuer_shown
from knowledge.text import collapse_spaces, parse_date, slug, split_front_matter

_MD_PREFIX = r"^(?:#{1,6}\s*)?[*_]*\s*"
# "Điều 1. Tên", "ĐIỀU 1. TÊN", "**Điều 1. Tên**", and with only the label emphasised: "**Điều 1.** Tên",
# "**Điều 1**. Tên" (Word files converted to markdown write it so).
ARTICLE_RE = re.compile(
    _MD_PREFIX + r"(?:Điều|ĐIỀU)\s+(\d+[a-zđ]?)\s*[*_]*\s*[.:](?!\d)\s*[*_]*\s*(.*?)\s*[*_]*\s*$"
)
_CHAPTER_RE = re.compile(_MD_PREFIX + r"(Chương|Mục)\s+([IVXLC]+|\d+)\b\s*[.:]?\s*(.*?)\s*[*_]*\s*$")
_ANCHOR_RE = re.compile(r"\s*\{#[^}]*\}\s*$")
_MD_HEADING_RE = re.compile(r"^#{1,6}\s")
# Where the operative text ends in an official document: the recipients list and the signature block.
_END_RE = re.compile(r"^[*_]*(?:Nơi nhận\s*:|TM\.\s|KT\.\s|TL\.\s)")
# "Số: 59/2023/NĐ-CP", and a provincial document's number without a year: "Số: 05/HD-UBND", "123/UBND-VP"
_NUMBER_RE = re.compile(r"\bSố\s*(?:hiệu)?\s*[:.]?\s*(\d+(?:/\d{4})?/[A-ZĐa-zđ][A-ZĐa-zđ0-9\-]*)")
_EFFECTIVE_RE = re.compile(
    r"có hiệu lực(?: thi hành)?(?: kể)? từ ngày\s+(\d{1,2}\s*(?:/|-|tháng)\s*\d{1,2}\s*(?:/|-|năm)\s*\d{4})"
)
_FROM_SIGNING_RE = re.compile(r"có hiệu lực(?: thi hành)?(?: kể)? từ ngày ký")
_ISSUED_RE = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}")
_KINDS = ("Thông tư liên tịch", "Nghị quyết liên tịch", "Nghị định", "Thông tư", "Nghị quyết", "Quyết định",
          "Chỉ thị", "Pháp lệnh", "Bộ luật", "Luật", "Hiến pháp", "Hướng dẫn", "Kế hoạch", "Công văn", "Quy chế",
          "Quy định", "Thông báo", "Chương trình", "Báo cáo")
_KIND_BY_SUFFIX = (("TTLT", "Thông tư liên tịch"), ("NQLT", "Nghị quyết liên tịch"), ("NĐ", "Nghị định"),
                   ("TT", "Thông tư"), ("NQ", "Nghị quyết"), ("QĐ", "Quyết định"), ("CTR", "Chương trình"),
                   ("CT", "Chỉ thị"), ("QH", "Luật"), ("HD", "Hướng dẫn"), ("KH", "Kế hoạch"), ("TB", "Thông báo"),
                   ("BC", "Báo cáo"), ("QC", "Quy chế"))
_ABOUT_RE = re.compile(r"^\s*[*_]*V/v\b", re.MULTILINE)  # "V/v tổ chức hội nghị": the subject line of a công văn
# The national motto beside the issuer in an official header; never part of the issuer's name.
_MOTTO = ("CỘNG HÒA XÃ HỘI", "CỘNG HOÀ XÃ HỘI", "ĐỘC LẬP", "ĐẢNG CỘNG SẢN")
_ISSUER_PARTS = 3  # an issuer is written on at most this many header lines ("ỦY BAN NHÂN DÂN" / "TỈNH BẮC NINH")




@dataclass(frozen=True)
class _Meta:
    """What the document says about itself."""

    title: str
    number: str
    kind: str
    subject: str
    issued: dt.date | None
    effective: dt.date | None
    issuer: str = ""  # as written in the header: "ỦY BAN NHÂN DÂN TỈNH BẮC NINH"


def looks_legal(text: str) -> bool:
    """Whether a text has at least one "Điều N." heading at a line start (upper case, markdown emphasis allowed)."""
    return any(ARTICLE_RE.match(line) for line in text.split("\n") if "Điều" in line[:12] or "ĐIỀU" in line[:12])


def parse_legal(text: str, path: str, sha256: str = "") -> Document:
    """Parse one legal document in its own layout into a LEGAL Document.

    Metadata comes from the front matter where there is one, else from the text before the first
    article; whatever cannot be found stays blank. Every article carries the document's citation with
    its own article number. A repeated article number (a quoted article in an amending text, say) is kept
    as text of the article before it, with a warning, so ids stay unique.
    """
    meta, body, offset, problem = split_front_matter(text)
    warnings = [problem] if problem else []
    doc_id = slug(Path(path).stem) or "document"
    drafts, head = _read_articles(body, offset + 1, warnings)
    info = _metadata(meta, head, body)
    articles = []
    for draft in drafts:
        parsed = split_body(draft.lines)
        if not parsed.text:
            warnings.append(f"line {draft.line}: Điều {draft.key} has no text")
        elif len(parsed.text) < 120 and "đang cập nhật" in parsed.text.lower():
            warnings.append(f"line {draft.line}: Điều {draft.key} is a placeholder, not the article text")
        citation = Citation(draft.key, info.number, info.kind, _citation_title(info), info.issued,
                            info.effective, issuer_name(info.issuer))
        articles.append(Article(
            id=f"{doc_id}.{draft.key}", title=draft.title, citation=citation, text=parsed.text,
            clauses=parsed.clauses, document_id=doc_id, chapter=draft.chapter, section=draft.section,
            related=parsed.related, source_path=path, line=draft.line,
        ))
    incomplete, missing = _gaps(body, {d.chapter.split(".")[0].removeprefix("Chương ") for d in drafts if d.chapter})
    if incomplete:
        warnings.append("the source says its text is incomplete" + (
            f" (missing Chương {', '.join(missing)})" if missing else ""))
    return Document(doc_id, info.title or doc_id, DocumentKind.LEGAL, path, sha256, tuple(articles),
                    number=info.number, effective=info.effective, warnings=tuple(warnings),
                    incomplete=incomplete, missing_chapters=missing)


_NOTES_RE = re.compile(r"^#{1,6}\s*Ghi chú\s*$(.*?)(?=^#{1,6}\s|\Z)", re.MULTILINE | re.DOTALL)
_NOT_WHOLE_RE = re.compile(r"sẽ được bổ sung|đang cập nhật|chưa đầy đủ|chưa có toàn văn", re.IGNORECASE)


def _gaps(body: str, chapters_held: set[str]) -> tuple[bool, tuple[str, ...]]:
    """Whether the source's own notes ("## Ghi chú") say the text is not whole, and the chapters it lacks.

    The chapters are those the notes name that the parsed text does not hold (a publisher's page that stops
    after Chương III, say).
    """
    notes = " ".join(m.group(1) for m in _NOTES_RE.finditer(body))
    if not _NOT_WHOLE_RE.search(notes):
        return False, ()
    named = dict.fromkeys(re.findall(r"Chương\s+([IVXLC]+)\b", notes))
    return True, tuple(c for c in named if c not in chapters_held)


def _clean_line(line: str) -> str:
    """A body line without surrounding whitespace and markdown emphasis markers."""
    line = line.strip()
    if line.startswith(("*", "_")) and line.endswith(("*", "_")):
        line = line.strip("*_ ")
    return line


def _read_articles(body: str, first_line: int, warnings: list[str]) -> tuple[list[ArticleDraft], str]:
    """Walk the lines: open an article at each "Điều N.", track chapters, stop at other markdown headings.

    Returns the drafts and the text before the first article (where an upload names itself).
    """
    drafts: list[ArticleDraft] = []
    seen: set[str] = set()
    current: ArticleDraft | None = None
    chapter = section = ""
    head: list[str] = []
    lines = body.split("\n")
    i = 0
    while i < len(lines):
        number, raw = first_line + i, lines[i]
        line = raw.strip()
        i += 1
        article = ARTICLE_RE.match(line)
        if article and article.group(1) not in seen:
            seen.add(article.group(1))
            current = ArticleDraft(article.group(1), collapse_spaces(article.group(2)), number, chapter, section)
            drafts.append(current)
            continue
        if article:
            warnings.append(f"line {number}: Điều {article.group(1)} repeats an earlier number; kept as text")
        structure = _CHAPTER_RE.match(line)
        if structure and not article:
            title = _ANCHOR_RE.sub("", structure.group(3)).strip(" *_")
            if title and title != title.upper() and not line.startswith(("#", "*")):
                structure = None  # "Mục 2 của ..." inside a sentence, not a heading
        if structure and not article:
            if not title:
                title, i = _title_below(lines, i)
            full = f"{structure.group(1)} {structure.group(2)}. {title}" if title else (
                f"{structure.group(1)} {structure.group(2)}")
            chapter, section = (full, "") if structure.group(1) == "Chương" else (chapter, full)
            current = None
            continue
        if _MD_HEADING_RE.match(line) or _END_RE.match(line):
            current = None  # "## Ghi chú", a signature block: not part of any article
            if not drafts:
                head.append(line)  # "# Quy chế …" before the first article: where the document names itself
            continue
        if current is not None:
            cleaned = _clean_line(line)
            if cleaned and cleaned != "---":
                current.lines.append(cleaned)
        elif not drafts:
            head.append(line)
    return drafts, "\n".join(head)


def _title_below(lines: list[str], i: int) -> tuple[str, int]:
    """An upper-case title on the line(s) after a bare "Chương II", and the index after it."""
    j = i
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j < len(lines):
        candidate = lines[j].strip().strip("*_ ")
        if candidate and candidate == candidate.upper() and not ARTICLE_RE.match(candidate):
            return collapse_spaces(candidate), j + 1
    return "", i


def _metadata(meta: dict[str, Any], head: str, body: str) -> _Meta:
    """Number, kind, title, subject and dates from the front matter, falling back to the text."""
    number = str(meta.get("so_hieu") or "").strip()
    if not number:
        m = _NUMBER_RE.search(head) or _NUMBER_RE.search(str(meta.get("title") or ""))
        number = m.group(1) if m else ""
    kind = (str(meta.get("loai_van_ban") or "").strip() or _kind_from_head(head) or _kind_from_number(number)
            or ("Công văn" if _ABOUT_RE.search(head) else ""))
    title = str(meta.get("title") or "").strip()
    subject = _subject(meta, head, kind)
    issuer = str(meta.get("co_quan_ban_hanh") or "").strip() or _issuer_from_head(head, kind)
    if not title:
        heading = re.search(r"^#\s+(.+)$", head, re.MULTILINE)
        title = heading.group(1).strip() if heading else ""
    if not title and kind:
        title = " ".join(part for part in (kind, number) if part)
        if issuer and issuer_shown(kind, issuer):
            title += f" của {issuer_name(issuer)}"
        if subject:
            title += f" — {subject}"
    issued = parse_date(meta.get("ngay_ban_hanh"))
    if issued is None:
        m = _ISSUED_RE.search(head)
        issued = parse_date(m.group(0)) if m else None
    effective = parse_date(meta.get("ngay_hieu_luc"))
    if effective is None:
        m = _EFFECTIVE_RE.search(body)
        effective = parse_date(m.group(1)) if m else (issued if _FROM_SIGNING_RE.search(body) else None)
    return _Meta(title, number, kind, subject, issued, effective, issuer)


def _issuer_from_head(head: str, kind: str) -> str:
    """The issuing body from an official header ("ỦY BAN NHÂN DÂN" over "TỈNH BẮC NINH"), or "".

    Reads the upper-case header lines before the number line and the kind line, whether written one per line
    (a .txt) or as the left cells of a header table (a .docx row "ỦY BAN NHÂN DÂN | CỘNG HÒA …"); the
    national motto and decorative rules are passed over.
    """
    parts: list[str] = []
    for line in head.split("\n"):
        for cell in line.split(" | "):
            words = collapse_spaces(cell.strip("#*_-– "))
            if not words:
                continue
            if words.startswith(("Số", "SỐ")) or (kind and words == kind.upper()):
                return " ".join(parts[:_ISSUER_PARTS])
            if words.startswith(_MOTTO) or "Tự do" in words or "TỰ DO" in words:
                continue
            if words == words.upper() and any(ch.isalpha() for ch in words) and len(words) <= 80:
                parts.append(words)
            elif parts:
                return " ".join(parts[:_ISSUER_PARTS])
    return ""


def _kind_from_head(head: str) -> str:
    """The kind named on a line of its own in capitals ("NGHỊ ĐỊNH") before the first article."""
    for line in head.split("\n"):
        words = collapse_spaces(line.strip("#*_ "))
        for kind in _KINDS:
            if words == kind.upper():
                return kind
    return ""


def _kind_from_number(number: str) -> str:
    """The kind implied by a number's suffix: ".../NĐ-CP" → "Nghị định", ".../QH15" → "Luật"."""
    suffix = number.rsplit("/", 1)[-1] if "/" in number else ""
    for code, kind in _KIND_BY_SUFFIX:
        if suffix.upper().startswith(code):
            return kind
    return ""


def _subject(meta: dict[str, Any], head: str, kind: str) -> str:
    """What the document is about ("Quy định về ..."), for its name in citations."""
    title = str(meta.get("title") or "")
    if " — " in title:
        return title.split(" — ", 1)[1].strip()
    summary = str(meta.get("trich_yeu") or "")
    if summary:
        return summary.split(" — ", 1)[0].strip()
    if kind:
        lines = [collapse_spaces(line.strip("#*_ ")) for line in head.split("\n")]
        for i, line in enumerate(lines):
            if line == kind.upper():
                rest = next((nxt for nxt in lines[i + 1 :] if nxt), "")
                return rest if not rest.startswith(("Căn cứ", "Số")) else ""
    return ""


def _citation_title(info: _Meta) -> str:
    """The document's name in a citation: "Nghị định quy định về tổ chức ..." or the bare kind."""
    if info.subject:
        return display_title(info.kind, info.subject) if info.kind else info.subject
    return info.kind
