"""The whole codified collection (Bộ pháp điển, a `.tar.xz` of đề mục files) read one file at a time.

The collection is the map of Vietnamese law the bot uses to say where a question it cannot answer belongs.
`read_collection` streams the tarball: it never holds more than one file (and its parsed articles) in
memory. A subject is one codified đề mục file, or one of the individual documents (recent decrees,
circulars) that sit beside them, named by its own title; the top-level chủ đề pages (headings without text)
and other files are passed over; a file that cannot be read is reported and skipped. `subject_file` takes
one subject's file out of the collection, so an admin can add that subject to the knowledge base.
"""

from __future__ import annotations

import logging
import tarfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from knowledge.codified import looks_codified, parse_codified
from knowledge.errors import LawBotError
from knowledge.legal_document import looks_legal, parse_legal
from knowledge.model import Document, DocumentKind
from knowledge.text import decode, fold_key

log = logging.getLogger(__name__)

MAX_MEMBER_BYTES = 40 * 1024 * 1024  # the collection's largest đề mục file is a few MB
_PRIMARY_KINDS = ("Bộ luật", "Luật", "Pháp lệnh")


class CollectionError(LawBotError):
    """The collection (or a subject asked of it) cannot be used; the message says which and why."""


@dataclass(frozen=True)
class MapArticle:
    """One article as the map knows it: its id, title and text."""

    id: str
    title: str
    text: str


@dataclass(frozen=True)
class Subject:
    """One đề mục: its code ("15.3"), title ("Hộ tịch"), file in the collection and main document."""

    code: str
    title: str
    member: str  # the file's name inside the tarball
    main_document: str  # "Luật Hộ tịch, số 60/2014/QH13"; "" when no article names its document
    articles: tuple[MapArticle, ...] = ()
    codified: bool = True  # a đề mục of the codified collection; False: one individual document
    law: str = ""  # the main document's title alone ("Luật Hộ tịch"), which other documents name


@dataclass
class ReadReport:
    """What a pass over the collection met: subjects read, files passed over, files refused (and why)."""

    subjects: int = 0
    passed_over: int = 0
    refused: list[str] | None = None

    def refuse(self, member: str, why: str) -> None:
        """Note a file that could not be read, with the reason."""
        if self.refused is None:
            self.refused = []
        self.refused.append(why if why.startswith(member) else f"{member}: {why}")


def read_collection(tarball: Path, report: ReadReport | None = None) -> Iterator[Subject]:
    """Every subject of the collection, in the tarball's order, each with its articles.

    A file that does not decode or parse is noted in `report.refused` and skipped; pages without article
    texts and documents outside the codified layout are counted in `report.passed_over`. Raises
    CollectionError when the tarball itself cannot be opened or is cut short.
    """
    report = report if report is not None else ReadReport()
    for member, data in _members(tarball):
        try:
            subject = read_subject(member, data)
        except LawBotError as exc:
            report.refuse(member, str(exc))
            continue
        except (ValueError, UnicodeError) as exc:  # a defect the parsers did not foresee: skip the one file
            report.refuse(member, f"{type(exc).__name__}: {exc}")
            continue
        if subject is None:
            report.passed_over += 1
            continue
        report.subjects += 1
        yield subject


def read_subject(member: str, data: bytes) -> Subject | None:
    """The subject a codified đề mục file holds, or None for a file that is not one.

    Index pages (headings without text) and standalone documents are not subjects. Raises LawBotError
    (SourceError) for a file that does not decode.
    """
    text = decode(data, member).text
    if looks_codified(text):
        document = parse_codified(text, member)
    elif looks_legal(text):
        document = parse_legal(text, member)
    else:
        return None
    articles: dict[str, MapArticle] = {}
    for article in document.articles:  # a file may define an id twice (a real defect): the first counts
        if article.text.strip() and article.id not in articles:
            articles[article.id] = MapArticle(article.id, article.title, article.text)
    if not articles:
        return None
    if document.kind is DocumentKind.CODIFIED:
        code = Counter(subject_code(a) for a in articles).most_common(1)[0][0]
        law, number = main_document(document)
        named = f"{law}, số {number}" if number else ""
        return Subject(code, document.title, member, named, tuple(articles.values()), law=law)
    first = document.articles[0].citation
    title = max((first.document_title, document.title), key=len)
    number = f"số {document.number}" if document.number else ""
    return Subject(document.id, title, member, number, tuple(articles.values()), codified=False)


def subject_code(article_id: str) -> str:
    """The subject an article id belongs to ("" when it has none).

    The đề mục code of a codified id ("15.3.LQ.16" → "15.3"), the document id of another
    ("nghi-dinh-185-2026-nd-cp-thon-to-dan-pho.4" → "nghi-dinh-185-2026-nd-cp-thon-to-dan-pho").
    """
    parts = article_id.split(".")
    if len(parts) >= 4 and parts[0].isdigit() and parts[1].isdigit():
        return ".".join(parts[:2])
    return article_id.rpartition(".")[0]


def main_document(document: Document) -> tuple[str, str]:
    """The document a subject mostly codifies: its title and number ("Luật Hộ tịch", "60/2014/QH13").

    A law (or code, ordinance) when one is codified, else the document most articles come from; ("", "")
    when no article names its document.
    """
    counts: Counter[tuple[str, str, str]] = Counter(
        (a.citation.document_kind, a.citation.document_number, a.citation.document_title)
        for a in document.articles if a.citation.document_number)
    if not counts:
        return "", ""
    primary = [(n, key) for key, n in counts.items() if key[0] in _PRIMARY_KINDS]
    _, (kind, number, title) = max(primary or [(n, key) for key, n in counts.items()])
    return title or kind, number


def subject_file(tarball: Path, wanted: str) -> tuple[Subject, bytes]:
    """The subject whose title (or code) is `wanted`, diacritics and case aside, with its file's bytes.

    Raises CollectionError naming the closest titles when none matches.
    """
    key = fold_key(wanted)
    titles: list[str] = []
    for member, data in _members(tarball):
        try:
            subject = read_subject(member, data)
        except (LawBotError, ValueError, UnicodeError):
            continue
        if subject is None:
            continue
        if key in (fold_key(subject.title), subject.code):
            return subject, data
        titles.append(subject.title)
    near = sorted(titles, key=lambda t: -_overlap(key, fold_key(t)))[:3]
    hint = f" Gần nhất: {'; '.join(near)}." if near else ""
    raise CollectionError(f"không có đề mục «{wanted}» trong bộ pháp điển {tarball.name}.{hint}")


def _overlap(a: str, b: str) -> float:
    words_a, words_b = set(a.split()), set(b.split())
    return len(words_a & words_b) / max(1, len(words_a | words_b))


def _members(tarball: Path) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of each `.md` file, streamed: the archive is read once, front to back."""
    try:
        with tarfile.open(tarball, mode="r|*") as archive:
            for info in archive:
                if not info.isfile() or not info.name.lower().endswith(".md"):
                    continue
                if info.size > MAX_MEMBER_BYTES:
                    log.warning("%s: %s is %d bytes, more than a đề mục file can be; skipped",
                                tarball.name, info.name, info.size)
                    continue
                handle = archive.extractfile(info)
                if handle is not None:
                    yield info.name, handle.read()
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise CollectionError(f"không đọc được bộ pháp điển {tarball}: {exc}") from exc
