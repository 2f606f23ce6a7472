"""Candidate generation: passages each retriever finds for a query's variants, and their articles' scores.

For each query variant, BM25 and the dense index each return their top `RetrievalSettings.candidates`
passages; a passage keeps its best variant-weighted score per retriever (`gather`). Per retriever, passages
are then aggregated to articles (`aggregate`): an article scores its best passage plus `clause_bonus` of each
further matching clause (up to `MAX_BONUS_CLAUSES`), and FAQ passages raise every article they cite at
`faq_weight` × their score (the articles an entry cites after its main one at `faq_secondary_share` 0.85 of
that: dev MRR 0.929 → 0.936 after reranking, booklet sets flat; benchmarks/results/ranking.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from index.passages import Passage
from index.rewrite import QueryVariant
from settings import RetrievalSettings

MAX_BONUS_CLAUSES = 3

PassageList = Sequence[tuple[int, float]]  # (passage id, score), best first
LexicalSearch = Callable[[str], PassageList]  # a variant's text → its BM25 top passages
DenseSearch = Callable[[Sequence[str]], Sequence[PassageList]]  # texts → each one's dense top passages


def gather(variants: Sequence[QueryVariant], lexical: LexicalSearch | None, dense: DenseSearch | None, *,
           exclude: frozenset[int] = frozenset(), skip_unembedded: bool = False,
           ) -> tuple[dict[int, float], dict[int, float]]:
    """Passage → best variant-weighted score, for BM25 (every variant) and dense (`dense` variants only).

    A retriever given as None is off. `exclude` drops passages (the tuning benchmark's leave-one-out);
    `skip_unembedded` drops cosines of exactly 0, the zero vectors of passages a preview did not embed.
    """
    lexical_scores: dict[int, float] = {}
    dense_scores: dict[int, float] = {}
    if lexical is not None:
        for v in variants:
            for pid, s in lexical(v.text):
                if pid not in exclude:
                    lexical_scores[pid] = max(lexical_scores.get(pid, 0.0), s * v.weight)
    dense_variants = [v for v in variants if v.dense]
    if dense is not None and dense_variants:
        for v, found in zip(dense_variants, dense([v.text for v in dense_variants]), strict=True):
            for pid, s in found:
                if pid in exclude or (skip_unembedded and s == 0.0):
                    continue
                dense_scores[pid] = max(dense_scores.get(pid, float("-inf")), s * v.weight)
    return lexical_scores, dense_scores


@dataclass(frozen=True)
class ArticleScores:
    """One retriever's passage scores aggregated to articles."""

    articles: dict[str, float]  # article → score
    clauses: dict[str, dict[str, float]]  # article → clause number ("#title" for the title) → best passage score
    faq_ids: dict[str, set[str]]  # article → the booklet entries that raised it


def aggregate(passage_scores: Mapping[int, float], passages: Sequence[Passage], params: RetrievalSettings,
              ) -> ArticleScores:
    """Article scores from passage scores: best clause + bonus for further clauses; FAQ raises cited ones.

    An article scores the better of its own passages and `faq_weight` × its best FAQ passage (×
    `faq_secondary_share` when the entry cites it after its main article).
    """
    clause_scores: dict[str, dict[str, float]] = defaultdict(dict)
    faq_scores: dict[str, float] = {}
    faq_ids: dict[str, set[str]] = defaultdict(set)
    for pid, score in passage_scores.items():
        p = passages[pid]
        if p.kind == "faq":
            # the entry's first article is its main basis; the others raise less (`faq_secondary_share`)
            for i, aid in enumerate(p.article_ids):
                weight = params.faq_weight * (1.0 if i == 0 else params.faq_secondary_share)
                faq_scores[aid] = max(faq_scores.get(aid, float("-inf")), score * weight)
                faq_ids[aid].add(p.ref)
            continue
        key = "#title" if p.kind == "title" else p.clause_number
        weighted = score * params.title_weight if p.kind == "title" else score
        clauses = clause_scores[p.article_id]
        clauses[key] = max(clauses.get(key, float("-inf")), weighted)
    articles: dict[str, float] = {}
    for aid, clauses in clause_scores.items():
        ordered = sorted(clauses.values(), reverse=True)
        articles[aid] = ordered[0] + params.clause_bonus * sum(max(s, 0.0) for s in ordered[1:1 + MAX_BONUS_CLAUSES])
    for aid, score in faq_scores.items():
        articles[aid] = max(articles.get(aid, float("-inf")), score)
    return ArticleScores(articles, clause_scores, faq_ids)
