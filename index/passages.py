"""Passages: the pieces of the knowledge base that are tokenized, embedded and retrieved.

One passage per clause (the lead-in clause too), an extra passage per article holding only its title (short
keyword questions match titles best), one per FAQ entry and chunks of training documents. A clause longer
than `MAX_PASSAGE_CHARS` is split at point (điểm) boundaries, else at sentence ends; later pieces carry the
clause's lead-in in their `context` so "a) ..." still says what it is a point of.

`text` is what gets quoted; `context` (document, chapter/section, article title) is prepended for embedding
and BM25 via `Passage.indexed_text`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Literal

from knowledge.model import Article, Clause, Document, DocumentKind, KnowledgeBase
from knowledge.naming import short_document_label
from knowledge.text import cut_at_sentence_ends, pack_units

logger = logging.getLogger(__name__)

PassageKind = Literal["clause", "title", "faq", "training"]

MAX_PASSAGE_CHARS = 900
TRAINING_CHUNK_CHARS = 600
LEAD_IN_CONTEXT_CHARS = 300  # a lead-in is context, not the point: keep it short so it does not dominate



@dataclass(frozen=True)
class Passage:
    """One retrievable unit.

    `article_id` is the article the passage belongs to (for a FAQ entry: its first cited article);
    `article_ids` lists every article a hit on it should raise (a FAQ entry's citations; otherwise just
    `article_id`). `clause_number` is "" for an article's lead-in or title; `ref` is the FAQ id for FAQ
    passages, else "".
    """

    id: int
    article_id: str
    clause_number: str
    text: str
    context: str
    kind: PassageKind
    article_ids: tuple[str, ...] = ()
    ref: str = ""

    @property
    def indexed_text(self) -> str:
        """The text tokenized and embedded: context then text."""
        return f"{self.context}\n{self.text}" if self.context else self.text


def article_context(article: Article, document: Document | None = None) -> str:
    """Document, chapter, section and article title, joined for prepending to the article's passages."""
    parts = [short_document_label(article, document), article.chapter, article.section, article.title]
    return " · ".join(p.strip() for p in parts if p and p.strip())


def _split_sentences(text: str, limit: int) -> list[str]:
    """Greedily pack sentences into pieces of at most `limit` chars (a single longer sentence stays whole)."""
    return pack_units(((" ", s) for s in cut_at_sentence_ends(text)), limit)


def split_clause(clause: Clause, limit: int = MAX_PASSAGE_CHARS) -> list[tuple[str, str]]:
    """Split a clause into (text, lead-in) pieces of at most ~`limit` chars.

    A clause that fits is one piece with an empty lead-in. Otherwise, when the clause has points, the text
    before its first point is the lead-in: the first piece starts with it, later pieces carry it as lead-in.
    Without points, sentences are packed and later pieces carry the first sentence as lead-in.
    """
    text = clause.text.strip()
    if len(text) <= limit:
        return [(text, "")]
    units: list[str] = []
    lead = ""
    if clause.points:
        first = clause.points[0]
        marker = re.search(rf"(?m)^\s*{re.escape(first.letter)}\)", text)
        lead = text[: marker.start()].strip() if marker else ""
        for p in clause.points:
            body = p.text.strip()
            unit = body if re.match(rf"{re.escape(p.letter)}\)", body) else f"{p.letter}) {body}"
            units.extend(_split_sentences(unit, limit) if len(unit) > limit else [unit])
    if not units:
        sentences = _split_sentences(text, limit)
        lead = cut_at_sentence_ends(text)[0]
        return [(piece, "" if i == 0 else lead) for i, piece in enumerate(sentences)]
    pieces = pack_units((("\n", u) for u in ([lead, *units] if lead else units)), limit)
    return [(piece, "" if i == 0 else lead) for i, piece in enumerate(pieces)]


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def make_passages(kb: KnowledgeBase) -> list[Passage]:
    """All passages of a knowledge base, ids 0..n-1 in a stable order (documents, then FAQ)."""
    out: list[Passage] = []

    def add(article_id: str, clause_number: str, text: str, context: str, kind: PassageKind,  # noqa: PLR0917
            article_ids: tuple[str, ...] = (), ref: str = "") -> None:
        if text.strip():
            out.append(Passage(len(out), article_id, clause_number, text.strip(), context, kind,
                               article_ids or (article_id,), ref))

    for document in kb.documents:
        training = document.kind == DocumentKind.TRAINING
        for article in document.articles:
            context = article_context(article, document)
            if training:
                body = article.text or "\n\n".join(c.text for c in article.clauses)
                for piece in _split_sentences(body, TRAINING_CHUNK_CHARS):
                    add(article.id, "", piece, context, "training")
                continue
            if article.title.strip():
                # The title alone, so a two-word question can match it without the body diluting it.
                add(article.id, "", article.title, short_document_label(article, document), "title")
            clauses = article.clauses or (Clause("", article.text),)
            for clause in clauses:
                for piece, lead in split_clause(clause):
                    ctx = f"{context}\n{_shorten(lead, LEAD_IN_CONTEXT_CHARS)}" if lead else context
                    add(article.id, clause.number, piece, ctx, "clause")
    for entry in kb.faq:
        if not entry.articles:
            logger.warning("FAQ entry %s cites no article; it is not indexed", entry.id)
            continue
        add(entry.articles[0], "", f"{entry.question}\n{entry.answer}", entry.topic, "faq",
            tuple(entry.articles), entry.id)
    return out
