"""The searchable index: hybrid search over articles plus look-ups of articles, documents and the booklet.

A search runs four steps, each in its own module:
1. rewriting (index.rewrite): the question's forms to search with — typed, fixed (abbreviations, typos,
   diacritics) and glossary-expanded;
2. candidates (index.candidates): BM25 and dense top passages per form, aggregated to articles per retriever;
3. fusion and priors (index.fusion): both retrievers' article scores fused, document priors, workplace
   penalty, named-document boost, training discount;
4. reranking (index.rerank): the first stage's top 20 re-ordered by a small linear model.
Result types are in index.results; the built folder is read and written by index.store (`load_index`).

Defaults (settings.RetrievalSettings) were chosen by benchmarks/tune_ranking.py with a coordinate search
on equal parts of the dev set and the booklet leave-one-out set (benchmarks/results/ranking.md): lexical 0.7,
dense 0.6, faq 0.75, clause bonus 0.02, title 1.0, primary prior 0.05, statute prior 0.1. Tried and not
kept: RRF, separate FAQ channels, FAQ question-only passages (dev +, booklet-LOO −, out-of-scope refusal −).
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from index.candidates import gather
from index.dense import DenseIndex
from index.encoder import Encoder
from index.fusion import Corpus, rank
from index.lexical import LexicalIndex
from index.mentions import expand_kind_abbreviations
from index.passages import Passage
from index.rerank import MODEL_PATH, FeatureExtractor, RerankModel, rerank
from index.results import DocumentInfo, Evidence, Hit, SearchResult
from index.rewrite import DefaultRewriter, QueryRewriter, QueryVariant, feature_texts, query_variants
from index.tokenize import fold_diacritics
from knowledge.model import PRIMARY_LAW, Article, FaqEntry, GlossaryEntry
from settings import RetrievalSettings

logger = logging.getLogger(__name__)


class SearchIndex:
    """A loaded index: hybrid search plus look-ups of articles, documents, FAQ and glossary."""

    def __init__(self, *, passages: Sequence[Passage], articles: Mapping[str, Article],
                 documents: Sequence[DocumentInfo], faq: Sequence[FaqEntry], glossary: Sequence[GlossaryEntry],
                 lexical: LexicalIndex, dense: DenseIndex, encoder: Encoder, retrieval: RetrievalSettings,
                 manifest: Mapping[str, Any] | None = None, rewriter: QueryRewriter | None = None,
                 restorer: Any = None) -> None:
        self.passages = list(passages)
        self.articles: Mapping[str, Article] = dict(articles)
        self.documents = list(documents)
        self.faq = list(faq)
        self.glossary = list(glossary)
        self.lexical = lexical
        self.dense = dense
        self.encoder = encoder
        self.retrieval = retrieval
        self.manifest: Mapping[str, Any] = dict(manifest or {})
        self.restorer = restorer
        # a preview build (index.build, preview=True) embedded only titles and booklet entries
        self.preview = bool(self.manifest.get("preview", False))
        self.damage: Any = None  # index.store.IndexDamage when this stands in for a damaged serving folder
        self.rewriter: QueryRewriter = rewriter or DefaultRewriter(self.glossary, restorer,
                                                                   glossary_weight=retrieval.glossary_weight)
        self.params = retrieval  # the ranking knobs searches use (a benchmark may swap in others)
        self.rerank_model: RerankModel | None = None
        self._features: FeatureExtractor | None = None
        if retrieval.rerank:
            try:
                self.rerank_model = RerankModel.load(MODEL_PATH)
                self._features = FeatureExtractor(self.articles, self.passages)
            except (OSError, ValueError, KeyError) as exc:  # a broken model file must not take search down
                logger.warning("reranker not loaded (%s); first-stage ranking only", exc)
                self.rerank_model = None
        self.use_lexical = True
        self.use_dense = True
        self.corpus = Corpus.of(self.passages, self.articles, self.documents)
        self._by_number: dict[str, list[Article]] = defaultdict(list)
        for a in self.articles.values():
            if a.citation.article_number:
                self._by_number[a.citation.article_number].append(a)

    # ---- search -------------------------------------------------------------------------------------

    def is_training(self, article_id: str) -> bool:
        """Whether the article is training material (ranked as background, below law of similar score)."""
        return article_id in self.corpus.training

    def candidates(self, variants: Sequence[QueryVariant], *, exclude: frozenset[int] = frozenset(),
                   vectors: Mapping[str, Any] | None = None) -> tuple[dict[int, float], dict[int, float]]:
        """Passage scores (BM25, cosine) of the query variants' top `retrieval.candidates` passages.

        `vectors` holds query embeddings already made (text → vector); texts it lacks are embedded here.
        """
        n = self.retrieval.candidates
        return gather(
            variants,
            (lambda text: self.lexical.search(text, n)) if self.use_lexical else None,
            (lambda texts: [self.dense.search(vec, n) for vec in self._query_vectors(texts, vectors or {})])
            if self.use_dense and self.dense.size else None,
            exclude=exclude, skip_unembedded=self.preview)

    def _query_vectors(self, texts: Sequence[str], known: Mapping[str, Any]) -> list[Any]:
        """The embedding of each text, taken from `known` where it is there, the rest in one encoder call."""
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        made = dict(zip(missing, self.encoder.encode_queries(missing), strict=True)) if missing else {}
        return [known[t] if t in known else made[t] for t in texts]

    def search(self, query: str, k: int = 10) -> list[Hit]:
        """The k best articles for `query`, best first (empty for an empty query or index)."""
        return self.search_with_evidence(query, k).hits

    def search_with_evidence(self, query: str, k: int = 10) -> SearchResult:
        """The k best articles plus the absolute evidence (best cosine, best BM25) behind them."""
        return self.search_many([query], k)[0]

    def search_many(self, queries: Sequence[str], k: int = 10) -> list[SearchResult]:
        """`search_with_evidence` of each query, in order, with every query's dense forms embedded in one call.

        A conversation's message is searched as typed and as its standalone question: one encoder call for
        both costs less than two (the encoder's per-call overhead), and gives the same vectors, so the same
        results as searching each alone.
        """
        searched = [query_variants(self.rewriter, q) if q.strip() and self.passages and k > 0 else None
                    for q in queries]
        vectors: dict[str, Any] = {}
        if self.use_dense and self.dense.size:
            texts = list(dict.fromkeys(v.text for variants in searched if variants for v in variants if v.dense))
            vectors = dict(zip(texts, self.encoder.encode_queries(texts), strict=True)) if texts else {}
        return [self._search_variants(variants, k, vectors) if variants else SearchResult([], Evidence(0.0, 0.0))
                for variants in searched]

    def _search_variants(self, variants: Sequence[QueryVariant], k: int, vectors: Mapping[str, Any],
                         ) -> SearchResult:
        """The k best articles for one query's variants, with query embeddings from `vectors` where made."""
        lexical, dense = self.candidates(variants, vectors=vectors)
        texts = feature_texts(variants)
        if self.rerank_model is None:
            return self.rank(lexical, dense, k, self.params, texts=texts)
        return self.rerank(texts, lexical, dense, k, self.params, model=self.rerank_model)

    def features(self) -> FeatureExtractor:
        """The reranker's feature extractor (built on first use when reranking is off)."""
        if self._features is None:
            self._features = FeatureExtractor(self.articles, self.passages)
        return self._features

    def rerank(self, texts: Sequence[str], lexical: Mapping[int, float], dense: Mapping[int, float], k: int,
               params: RetrievalSettings, *, model: RerankModel) -> SearchResult:
        """`rank`'s top max(k, model.depth) articles re-ordered by `model`; the k best (`index.rerank.rerank`)."""
        first = self.rank(lexical, dense, max(k, model.depth), params, texts=texts)
        return rerank(first, texts, lexical, dense, k, params=params, model=model, features=self.features())

    def rank(self, lexical: Mapping[int, float], dense: Mapping[int, float], k: int,
             params: RetrievalSettings, *, texts: Sequence[str] = ()) -> SearchResult:
        """Articles ranked from passage scores of both retrievers (`index.fusion.rank`; pure)."""
        return rank(self.corpus, lexical, dense, k, params, texts=texts)

    # ---- look-ups -----------------------------------------------------------------------------------

    def article_by_number(self, number: str, document_hint: str | None = None) -> list[Article]:
        """Articles by original citation number ("21"), in Law 10/2022/QH15 unless a hint names another.

        A hint with digits ("59", "59/2023", "nghị định 59") selects documents whose number starts with
        them; a hint without digits ("hòa giải") selects by words of the document title.
        """
        candidates = self._by_number.get(number.strip().lstrip("0") or "0", []) or \
            self._by_number.get(number.strip(), [])
        hint = (document_hint or "").strip()
        if not hint:
            chosen = [a for a in candidates if a.citation.document_number == PRIMARY_LAW]
        else:
            folded_hint = expand_kind_abbreviations(fold_diacritics(hint.lower()))
            digits = re.search(r"\d+(?:/\d+)?", hint)
            if digits:
                number_re = re.compile(rf"{re.escape(digits.group())}(?:/|$)")
                chosen = [a for a in candidates if number_re.match(a.citation.document_number)]
            else:
                chosen = [a for a in candidates
                          if folded_hint in fold_diacritics(f"{a.citation.document_kind} {a.citation.document_title}"
                                                            .lower())]
            # "nghị định 59": when several documents share the number, the kind named decides
            by_kind = [a for a in chosen if a.citation.document_kind
                       and fold_diacritics(a.citation.document_kind.lower()) in folded_hint]
            chosen = by_kind or chosen
        return sorted(chosen, key=lambda a: a.id)
