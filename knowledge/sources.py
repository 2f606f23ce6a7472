"""Knowledge source files → Documents, and the configured sources → one KnowledgeBase.

`parse_file` / `parse_upload` read one file (.md, .txt, .docx, .pdf) and choose its parser from the content:
Bộ pháp điển ids ("Điều 44.13.LQ.1.") → codified; plain "Điều 1." headings → a legal document in its own
layout; otherwise training material. `load_knowledge` walks the configured sources in order and also reads
the team's YAML materials (FAQ, glossary). Every refusal is a `SourceError` naming the file (and line).
"""

from __future__ import annotations

import hashlib
import logging
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.codified import looks_codified, parse_codified
from knowledge.docx_text import docx_to_text
from knowledge.errors import SourceError
from knowledge.legal_document import looks_legal, parse_legal
from knowledge.model import Document, DocumentKind, FaqEntry, GlossaryEntry, KnowledgeBase
from knowledge.pdf_text import pdf_to_text
from knowledge.text import decode, split_front_matter
from knowledge.training import parse_training
from settings import SourceSpec

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_READ_BLOCK = 1024 * 1024
TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt"})
DOCX_SUFFIXES = frozenset({".docx"})
PDF_SUFFIXES = frozenset({".pdf"})
MATERIAL_SUFFIXES = frozenset({".yaml", ".yml"})
# Signs that a file presents itself as a legal text, so finding no article in it is an error.
_LAW_MARKERS_RE = re.compile(r"^##\s+(?:THÔNG TIN )?VĂN BẢN\s*$", re.MULTILINE)
_INDEX_RE = re.compile(r"^##\s+Danh sách điều khoản", re.MULTILINE)
_LAW_META_KEYS = ("so_hieu", "loai_van_ban", "ngay_hieu_luc")
_DOCUMENT_SUFFIXES = TEXT_SUFFIXES | DOCX_SUFFIXES | PDF_SUFFIXES


@dataclass(frozen=True)
class SourceFile:
    """A file that went into the knowledge base: where, its content hash and its size in bytes."""

    path: str
    sha256: str
    size: int


@dataclass(frozen=True)
class LoadResult:
    """The knowledge base built from the configured sources, what was worked around, and which files."""

    kb: KnowledgeBase
    warnings: list[str]
    files: list[SourceFile]
    skipped: list[str] = field(default_factory=list)  # files left out because they did not parse (skip_bad)


def parse_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read and parse one document file (.md, .markdown, .txt, .docx, .pdf with a text layer).

    Raises SourceError for a file that is too large (refused from its size before it is read, and never
    read past `max_bytes`), not a regular file, of an unsupported type, binary, empty, a PDF that is damaged,
    locked with a password, too long or a scan without a text layer (see `knowledge.pdf_text`), that presents
    itself as a legal text without any article heading, or that defines one article id twice.
    """
    where = str(path)
    _check_supported(where, path.suffix.lower())
    return parse_bytes(where, _read(path, max_bytes), max_bytes=max_bytes)


def parse_upload(name: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Parse a document received as bytes (an admin's upload); `name` gives the type and the document id."""
    return parse_bytes(name, data, max_bytes=max_bytes)


def parse_bytes(path: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Parse a document's bytes; `path` names it in errors and gives its suffix and id (the stem)."""
    suffix = Path(path).suffix.lower()
    _check_supported(path, suffix)
    _check_size(path, len(data), max_bytes)
    sha256 = hashlib.sha256(data).hexdigest()
    if suffix in DOCX_SUFFIXES:
        text = decode(docx_to_text(data, path).encode("utf-8"), path).text
    elif suffix in PDF_SUFFIXES:
        text = pdf_to_text(data, path)  # already clean NFC text; a PDF without a text layer is refused there
    else:
        text = decode(data, path).text
    if not text.strip():
        raise SourceError(path, "tệp rỗng, không có chữ nào; hãy kiểm tra lại rồi gửi tệp có nội dung văn bản")
    document = _parse_text(text, path, sha256)
    _check_unique_ids([document])
    return document


def _parse_text(text: str, path: str, sha256: str) -> Document:
    """Choose the parser from the content and run it; a legal text without articles is an error."""
    if looks_codified(text):
        document = parse_codified(text, path, sha256)
    elif looks_legal(text):
        document = parse_legal(text, path, sha256)
    elif _claims_to_be_law(text):
        raise SourceError(path, "tệp trông như văn bản pháp luật (có thông tin văn bản hoặc mục 'VĂN BẢN') nhưng "
                          "không có tiêu đề điều nào ('Điều 1. ...' hoặc 'Điều 44.13.LQ.1. ...'); hãy kiểm tra mỗi "
                          "điều bắt đầu ở đầu dòng bằng 'Điều <số>.'")
    else:
        document = parse_training(text, path, sha256)
    if document.kind is DocumentKind.CODIFIED and not document.articles and _INDEX_RE.search(text):
        raise SourceError(path, "tiêu đề điều chỉ có trong mục lục 'Danh sách điều khoản' ở cuối tệp (trang tóm "
                          "tắt, không có nội dung điều?) nên không đọc được điều nào; hãy gửi tệp có đủ nội dung "
                          "các điều")
    if document.kind is not DocumentKind.TRAINING and not document.articles:
        raise SourceError(path, "không đọc được điều nào trong văn bản pháp luật này; hãy kiểm tra mỗi điều bắt đầu "
                          "ở đầu dòng bằng 'Điều <số>.'")
    if not document.articles:
        raise SourceError(path, "không đọc được đoạn chữ nào trong tệp này; hãy kiểm tra tệp có nội dung văn bản")
    return document


def _claims_to_be_law(text: str) -> bool:
    """Whether a text presents itself as a legal document (so it must have articles)."""
    meta, _body, _skipped, _problem = split_front_matter(text)
    return bool(_LAW_MARKERS_RE.search(text)) or any(meta.get(key) for key in _LAW_META_KEYS)


def load_knowledge(
    specs: Sequence[SourceSpec], *, max_bytes: int = DEFAULT_MAX_BYTES, strict: bool = True
) -> LoadResult:
    """Parse every file the source specs select, in spec order and sorted by name within a folder.

    A missing source path is a warning. YAML files are the team's materials (FAQ, glossary) and go into
    `kb.faq` / `kb.glossary`. With `strict` (the default, for the bot's build) an unusable file raises
    SourceError naming it (and the line), as does an article id or FAQ id defined twice across everything
    loaded (the message names both places); a spec with `skip_bad` (admins' uploads) skips its bad files
    as `strict=False` does for all, listing them in `skipped`. With `strict=False` (scale work on large
    collections) such a file becomes a warning naming it and the problem and is left out whole: its
    articles, its entry in `files`, and the ids it would have claimed; the files before it keep theirs.
    """
    warnings: list[str] = []
    files: list[SourceFile] = []
    documents: list[Document] = []
    faq: list[FaqEntry] = []
    glossary: list[GlossaryEntry] = []
    article_owners: dict[str, tuple[str, int]] = {}
    faq_owners: dict[str, str] = {}
    seen: set[Path] = set()
    skipped: list[str] = []
    for spec in specs:
        for path in _select(spec, warnings):
            resolved = path.resolve()
            if resolved in seen:
                continue  # two specs naming the same file: read it once
            seen.add(resolved)
            where = str(path)
            try:
                data = _read(path, max_bytes)
                if path.suffix.lower() in MATERIAL_SUFFIXES:
                    entries, terms = _load_material(path, warnings)
                    _claim_faq_ids(where, entries, faq_owners)
                    faq.extend(entries)
                    glossary.extend(terms)
                else:
                    document = parse_bytes(where, data, max_bytes=max_bytes)
                    _claim_article_ids(document, article_owners)
                    warnings.extend(f"{where}: {w}" for w in document.warnings)
                    documents.append(document)
            except SourceError as exc:
                if strict and not spec.skip_bad:
                    raise
                log.warning("skipped %s", exc)
                warnings.append(f"{exc} (file skipped)")
                skipped.append(str(exc))
                continue
            files.append(SourceFile(where, hashlib.sha256(data).hexdigest(), len(data)))
    kb = KnowledgeBase(tuple(documents), tuple(faq), tuple(glossary))
    log.info("loaded %d documents, %d articles, %d FAQ entries, %d glossary terms from %d files",
             len(documents), len(kb.articles()), len(faq), len(glossary), len(files))
    return LoadResult(kb, warnings, files, skipped)


def _select(spec: SourceSpec, warnings: list[str]) -> list[Path]:
    """The files a spec names: the file itself, or the folder's files matching its patterns, by name."""
    path = spec.path
    if path.is_file():
        return [path]
    if not path.is_dir():
        warnings.append(f"{path}: source path does not exist; skipped")
        return []
    chosen = {p for pattern in spec.patterns for p in path.glob(pattern) if p.is_file()}
    unsupported = sorted(p.name for p in chosen if p.suffix.lower() not in _ALL_SUFFIXES)
    if unsupported:
        warnings.append(f"{path}: skipped files of unsupported type: {', '.join(unsupported)}")
    return sorted((p for p in chosen if p.suffix.lower() in _ALL_SUFFIXES), key=lambda p: p.name)


def _load_material(path: Path, warnings: list[str]) -> tuple[list[FaqEntry], list[GlossaryEntry]]:
    """Read one FAQ or glossary YAML file through knowledge.materials, if that module is present."""
    try:
        # Imported here so document parsing works (and is tested) without the materials module.
        from knowledge.materials import load_material
    except ImportError:
        warnings.append(f"{path}: team materials cannot be read (knowledge.materials missing); skipped")
        return [], []
    entries, terms = load_material(path)
    return list(entries), list(terms)


def _check_unique_ids(documents: Sequence[Document]) -> None:
    """Raise SourceError naming both places if an article id occurs twice."""
    owners: dict[str, tuple[str, int]] = {}
    for document in documents:
        _claim_article_ids(document, owners)


def _claim_article_ids(document: Document, owners: dict[str, tuple[str, int]]) -> None:
    """Record where each of the document's article ids is defined in `owners`.

    Raises SourceError at the second place, naming the first, if an id is already owned or occurs twice
    in the document; `owners` is then left as it was, so a skipped document claims nothing.
    """
    claimed: dict[str, tuple[str, int]] = {}
    for article in document.articles:
        place = (article.source_path or document.path, article.line)
        first = owners.get(article.id) or claimed.get(article.id)
        if first is not None:
            where = f"{first[0]}, dòng {first[1]}" if first[1] else first[0]
            raise SourceError(place[0], f"mã điều {article.id} đã có ở {where}; mỗi điều chỉ được có một lần, hãy "
                              "bỏ bản trùng", place[1])
        claimed[article.id] = place
    owners.update(claimed)


def _claim_faq_ids(path: str, entries: Sequence[FaqEntry], owners: dict[str, str]) -> None:
    """Record which material file defines each FAQ id; SourceError if another file already does."""
    for entry in entries:
        if entry.id in owners:
            raise SourceError(path, f"mã hỏi đáp {entry.id} đã có trong {owners[entry.id]}; hãy đổi mã hoặc bỏ câu "
                              "trùng")
    owners.update(dict.fromkeys((e.id for e in entries), path))


def _check_supported(path: str, suffix: str) -> None:
    """Raise SourceError for a file type no parser reads."""
    if suffix == ".doc":
        raise SourceError(path, "tệp Word cũ (.doc) chưa đọc được; hãy mở tệp bằng Word, chọn Lưu thành (Save As) "
                          "dạng .docx, hoặc chép chữ của văn bản vào một tệp .txt")
    if suffix not in _DOCUMENT_SUFFIXES:
        supported = ", ".join(sorted(_DOCUMENT_SUFFIXES))
        raise SourceError(path, f"chưa đọc được loại tệp {suffix or '(không có đuôi)'}; chỉ nhận: {supported}")


def _check_size(path: str, size: int, max_bytes: int) -> None:
    """Raise SourceError for a file over the size limit."""
    if size > max_bytes:
        raise SourceError(path, f"tệp nặng {size / 1e6:.1f} MB, vượt giới hạn {max_bytes / 1e6:.1f} MB; hãy tách "
                          "thành nhiều tệp nhỏ hơn (hoặc nâng giới hạn)")


def _read(path: Path, max_bytes: int) -> bytes:
    """A regular file's bytes, refused by its size before reading and never read past `max_bytes`.

    The size is checked twice: from the file system first, so a large file is refused without being
    read, and again while reading, for a file that grows or whose size the file system does not know.
    """
    where = str(path)
    _check_size(where, _size(path), max_bytes)
    chunks: list[bytes] = []
    total = 0
    try:
        with path.open("rb") as handle:
            # In blocks: one read(max_bytes + 1) would allocate the whole limit for every small file.
            while chunk := handle.read(_READ_BLOCK):
                total += len(chunk)
                if total > max_bytes:
                    raise SourceError(where, f"tệp vượt giới hạn {max_bytes / 1e6:.1f} MB; hãy tách thành nhiều "
                                      "tệp nhỏ hơn (hoặc nâng giới hạn)")
                chunks.append(chunk)
    except OSError as exc:
        raise SourceError(where, f"không đọc được tệp ({exc.strerror or exc}); hãy kiểm tra tệp còn đó và được "
                          "quyền đọc") from None
    return b"".join(chunks)


def _size(path: Path) -> int:
    """A regular file's size in bytes; SourceError if it cannot be read or is not a regular file."""
    try:
        info = path.stat()
    except OSError as exc:
        raise SourceError(str(path), f"không đọc được tệp ({exc.strerror or exc}); hãy kiểm tra tệp còn đó và được "
                          "quyền đọc") from None
    if not stat.S_ISREG(info.st_mode):
        # A folder, a pipe or a device (a link to /dev/zero would never end): nothing to parse.
        raise SourceError(str(path), "không phải một tệp thường (là thư mục, thiết bị hoặc đường ống); hãy chỉ tới "
                          "chính tệp văn bản")
    return info.st_size


_ALL_SUFFIXES = _DOCUMENT_SUFFIXES | MATERIAL_SUFFIXES
