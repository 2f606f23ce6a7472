"""The knowledge base's data: documents made of articles (Điều) made of clauses (khoản) and points (điểm).

Everything here is a frozen value. Parsers in this package produce these; `index/` turns them into passages
and searches them; nothing here knows about indexes or Telegram.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum

PRIMARY_LAW = "10/2022/QH15"  # the Law on Implementation of Grassroots Democracy: what the bot is about
STATUTE_KINDS = frozenset({"Luật", "Nghị định"})  # laws and decrees, asked about far more often than circulars


class DocumentKind(StrEnum):
    """Where a document came from, which decides how it is parsed and how its hits are shown."""

    CODIFIED = "codified"  # a Bộ pháp điển chapter (đề mục): many source documents, codified ids
    LEGAL = "legal"  # one legal document in its own layout ("Điều 1. ..."), e.g. Decree 185/2026
    TRAINING = "training"  # training material / news report: passages, not articles


@dataclass(frozen=True)
class Point:
    """One điểm (a), b), c)...) of a clause."""

    letter: str
    text: str


@dataclass(frozen=True)
class Clause:
    """One khoản of an article.

    `number` is "1", "2", ...; an article's lead-in text before its first numbered clause (or the whole
    body of an article without numbered clauses) is a clause with number "". `text` is the clause's full
    text as written, including its points.
    """

    number: str
    text: str
    points: tuple[Point, ...] = ()


@dataclass(frozen=True)
class Citation:
    """Where an article was originally written: "Điều 11 Luật số 10/2022/QH15 ..., hiệu lực từ 01/07/2023".

    For a codified article this comes from its provenance line; for a legal document in its own layout,
    from the document's metadata.
    """

    article_number: str  # the original article number, "11" (may be "" where unknown)
    document_number: str  # "10/2022/QH15", "59/2023/NĐ-CP"; "" where unknown
    document_kind: str  # "Luật", "Nghị định", "Thông tư", "Nghị quyết", ... ; "" where unknown
    document_title: str  # "Luật Thực hiện dân chủ ở cơ sở"
    issued: dt.date | None = None
    effective: dt.date | None = None
    issuer: str = ""  # the issuing body as people name it ("UBND tỉnh Bắc Ninh"); "" where the text names none


@dataclass(frozen=True)
class Article:
    """One Điều: the unit the bot cites.

    `id` is the Bộ pháp điển id exactly as written after "Điều " ("44.13.LQ.11"), or for documents
    without codified ids a stable id "<document id>.<article number>".
    """

    id: str
    title: str
    citation: Citation
    text: str  # the body as written (clauses joined by blank lines), without heading and provenance line
    clauses: tuple[Clause, ...]
    document_id: str
    chapter: str = ""  # "Chương II. CÔNG KHAI THÔNG TIN" where known
    section: str = ""  # "Mục 1. ..." / "Tiểu mục 1. ..." where known
    related: tuple[str, ...] = ()  # ids named in "(Điều này có nội dung liên quan đến Điều ...)"
    source_path: str = ""
    line: int = 0  # 1-based line of the heading in the source file


_PLACEHOLDER = re.compile(r"^\W*đang cập nhật\b", re.IGNORECASE)


def is_placeholder(article: Article) -> bool:
    """Whether the article's text is only a publisher's placeholder ("(Đang cập nhật - xem toàn văn …)").

    Such an article has a heading but no law in it: it is never quoted as the rule.
    """
    pieces = [p.strip() for p in (article.text, *(c.text for c in article.clauses)) if p.strip()]
    return bool(pieces) and all(_PLACEHOLDER.match(p) and len(p) < 200 for p in pieces)


def is_training(article: Article, kind: str | None = None) -> bool:
    """Whether `article` is training material: background, searched but never quoted as the rule.

    By its document's `kind` where the caller knows it (`DocumentKind.TRAINING`); otherwise by its citation,
    since training material cites nothing (no document kind, number or original article number).
    """
    if kind is not None:
        return kind == DocumentKind.TRAINING
    c = article.citation
    return not (c.document_kind or c.document_number or c.article_number)


@dataclass(frozen=True)
class Document:
    """One knowledge source file, parsed.

    `id` is stable across rebuilds (the file stem unless the parser knows better). `sha256` is the hash of
    the file's bytes, so a rebuild can tell changed files from unchanged ones.
    """

    id: str
    title: str
    kind: DocumentKind
    path: str
    sha256: str
    articles: tuple[Article, ...]
    number: str = ""  # the document's own number where it has one ("185/2026/NĐ-CP")
    effective: dt.date | None = None
    warnings: tuple[str, ...] = field(default=())  # defects met and worked around, for the build log
    # The source says it is not the whole document (its notes: "… sẽ được bổ sung"): flagged where it is listed.
    incomplete: bool = False
    missing_chapters: tuple[str, ...] = ()  # chapters the source names but does not hold ("IV")


@dataclass(frozen=True)
class FaqEntry:
    """A team-written question and answer from the booklet, resting on cited articles."""

    id: str
    question: str
    answer: str
    articles: tuple[str, ...]
    topic: str = ""
    variants: tuple[str, ...] = ()  # other phrasings of the same question (casual, without diacritics)


@dataclass(frozen=True)
class GlossaryEntry:
    """An everyday or regional word and the law's terms it stands for."""

    term: str
    legal_terms: tuple[str, ...]
    note: str = ""

    @property
    def alternatives(self) -> tuple[str, ...]:
        """The wordings the term stands for: "loa xã, đài xã" is two (a comma separates them), stripped."""
        return tuple(a.strip() for a in self.term.split(",") if a.strip())


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the index is built from."""

    documents: tuple[Document, ...]
    faq: tuple[FaqEntry, ...] = ()
    glossary: tuple[GlossaryEntry, ...] = ()

    def articles(self) -> list[Article]:
        """All articles of all documents, in document order."""
        return [a for d in self.documents for a in d.articles]
