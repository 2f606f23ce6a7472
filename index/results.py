"""What a search and the index's look-ups return: small frozen values, no behaviour.

`Hit.score` is, when reranking, the reranker's softmax share among the query's top 20 (in (0, 1)), else the
fused score (higher is better; comparable only within one query). `dense_score` is the best cosine of the
article's own passages; `Evidence.dense_top` is the absolute signal a refusal threshold is calibrated on (the
reranker does not change it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.model import Article, Document


@dataclass(frozen=True)
class ClauseMatch:
    """A clause of a hit's article that matched the query; `clause_number` "" is the lead-in/title."""

    clause_number: str
    text: str
    score: float


@dataclass(frozen=True)
class Hit:
    """One article found for a query."""

    article: Article
    score: float
    clauses: tuple[ClauseMatch, ...] = ()
    lexical_score: float = 0.0
    dense_score: float = 0.0
    faq_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """How strongly anything in the index matched: the absolute signals a refusal is calibrated on."""

    dense_top: float  # best cosine between a query form and any passage (FAQ questions included)
    lexical_top: float  # best BM25 score of any passage


@dataclass(frozen=True)
class SearchResult:
    """Ranked hits and the evidence behind them."""

    hits: list[Hit]
    evidence: Evidence


@dataclass(frozen=True)
class DocumentInfo:
    """A loaded document's own fields (its articles are kept apart), as listings show it."""

    id: str
    title: str
    number: str
    effective: dt.date | None
    article_count: int
    kind: str = ""
    path: str = ""
    sha256: str = ""
    warnings: tuple[str, ...] = ()
    incomplete: bool = False  # knowledge.model.Document's flags, kept so listings can say so
    missing_chapters: tuple[str, ...] = ()


def documents_from_kb(documents: Sequence[Document]) -> list[DocumentInfo]:
    """Listing entries for documents (what a built index stores of each)."""
    return [DocumentInfo(d.id, d.title, d.number, d.effective, len(d.articles), str(d.kind), d.path, d.sha256,
                         tuple(d.warnings), d.incomplete, tuple(d.missing_chapters)) for d in documents]
