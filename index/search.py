"""Hybrid search over articles: BM25 and dense passage retrieval, aggregated to articles and fused.

Query rewriting (`DefaultRewriter`): chat abbreviations are expanded ("ko dc" → "không được", "ubnd" → "ủy
ban nhân dân"; index.abbreviations), typos are corrected and diacritics restored in one decoding pass
(`DiacriticRestorer.normalize`, or `correct` when the text is accented); the typed text stays a BM25-only
variant. Glossary terms are matched with their diacritics on the fixed text ("bản" the village is not "Ban"
the board) and appended as a BM25-only variant of weight `glossary_weight` (0.4).

For each query variant, BM25 and the dense index each return their top `RetrievalSettings.candidates` passages.
Cosines are min-max scaled over the candidates first (`RetrievalSettings.dense_minmax`): e5 cosines of a question's
candidates all lie within a few hundredths (0.85-0.93), so `faq_weight` × a raw cosine fell below every own
passage and a close booklet question could never lift its articles in the dense channel; on the 0-1 scale it can
(first stage, dev / booklet-LOO: hit@5 0.947 → 0.973 / 0.857 → 0.870, MRR 0.887 → 0.905 / 0.717 → 0.745). Per
retriever, passages are aggregated to articles (best passage score plus `clause_bonus` of each further matching
clause), FAQ passages raise every article they cite at `faq_weight` × their score (the articles an entry cites
after its main one at `faq_secondary_share` 0.85 of that: dev MRR 0.929 → 0.936 after reranking, booklet sets
flat; ranking.md), and the per-retriever article scores are fused: min-max normalised weighted sum
(`fusion="score"`) or weighted reciprocal rank fusion (`fusion="rrf"`). A mild document prior is added:
`primary_prior` for Law 10/2022/QH15, `statute_prior` for laws and decrees (circulars are asked about less).
Training-material articles are discounted so they only appear below law articles of similar score. The users are
commune cadres: when no query form names a workplace (cơ quan, đơn vị, doanh nghiệp, người lao động, công chức
..., folded; "trường" only accented), articles whose chapter/section heading is about workplaces lose
`workplace_penalty` (0.3), so "ban thanh tra nhân dân" finds the commune-level article before its twin ở cơ
quan, đơn vị. Penalty measured (first stage, dev / booklet-LOO): MRR 0.886 → 0.887 / 0.713 → 0.720, hit@5 0.933
→ 0.947 / 0.857 → 0.865; with the shipped reranker dev unchanged (0.893 / 0.960 / 0.919), booklet (in-sample)
MRR 0.724 → 0.726. The reranker was trained without it and not retrained (a retrain on the penalised lists chose
a model with lower dev hit@1). When a query form names a document ("theo Luật Thực hiện dân chủ ở cơ sở", "nđ
59/2023"; index.mentions), that document's articles gain `named_document_boost` (0.3): few questions name a text
(3 of 75 dev, a handful of booklet ones; dev and booklet-LOO unchanged), but those that do mean it.

Defaults (settings.RetrievalSettings) were chosen by benchmarks/tune_ranking.py with a coordinate search
on equal parts of the dev set and the booklet leave-one-out set (benchmarks/results/ranking.md): lexical 0.7,
dense 0.6, faq 0.75, clause bonus 0.02, title 1.0, primary prior 0.05, statute prior 0.1. Tried and not
kept: RRF, separate FAQ channels, FAQ question-only passages (dev +, booklet-LOO −, out-of-scope refusal −).

Second stage (`RetrievalSettings.rerank`, on by default): the first stage's top 20 articles are re-ordered
by a linear model (index.rerank, weights in index/rerank_model.json) over the features `index.rerank.FEATURES`
lists: fused score gap and log rank, the article's own best BM25 and cosine, its best booklet-entry cosine
and BM25, the IDF-weighted, diacritic-folded share of the query's syllables / syllable pairs covered by the
article's text, best clause, title and headings, and how many of the closest booklet entries cite the
article. Trained on the booklet only: leave-one-out questions (topic not in the booklet) and
the written variants asked with their own entry present (topic in the booklet, new words), the two halves
weighted equally; features and L2 chosen by grouped 5-fold on the booklet. Measured (dev / booklet-LOO
5-fold): hit@1 0.840 → 0.893 / 0.609 → 0.620, hit@5 0.933 → 0.960 / 0.857 → 0.868, MRR 0.886 → 0.919 /
0.713 → 0.724 for the first, ten-feature model on the 238-entry booklet; the model shipped now was trained
on 670 entries ("Booklet agreement features", ranking.md); about 1 ms per question. Tried and not kept: a
model trained on leave-one-out alone (it learns to distrust booklet matches: booklet-LOO h@1 0.72 but dev
h@1 0.63).

The reranker may not push the first stage's best article out of the top 3 (what a reply shows): a safety net
that costs nothing measurable (ranking.md, "Fourth round" and "The rerank guard with the retrained model").

`Hit.score` is, when reranking, the reranker's softmax share among the query's top 20 (in (0, 1)), else the
fused score (higher is better; comparable only within one query). `dense_score` is the best cosine of the
article's passages; `Evidence.dense_top` is the absolute signal to calibrate a refusal threshold on (the
reranker does not change it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from index import store
from index.abbreviations import expand_abbreviations
from index.dense import DenseIndex
from index.encoder import Encoder
from index.lexical import LexicalIndex
from index.mentions import DocumentNames, expand_kind_abbreviations, named_text
from index.passages import Passage
from index.rerank import MODEL_PATH, Candidate, FeatureExtractor, RerankModel, rerank_order
from index.tokenize import fold_diacritics
from knowledge.model import Article, Document, DocumentKind, FaqEntry, GlossaryEntry
from settings import RetrievalSettings

logger = logging.getLogger(__name__)

DEFAULT_LAW = "10/2022/QH15"
RRF_K = 60  # the usual constant: flattens the difference between ranks 1 and 2 less than ranks 1 and 50
MAX_BONUS_CLAUSES = 3
STATUTE_KINDS = frozenset({"Luật", "Nghị định"})  # asked about far more often than circulars
# Chapter/section headings (folded) of the Law's workplace chapters: "ở cơ quan, đơn vị", "tổ chức có sử dụng
# lao động", "doanh nghiệp nhà nước", "cán bộ, công chức, viên chức, người lao động ...".
_WORKPLACE_HEADING = re.compile(r"co quan, don vi|su dung lao dong|doanh nghiep|nguoi lao dong")
# Words by which a question names a workplace (folded, whole words); "trường" (school) only accented, since
# folded it is also "trưởng" (trưởng thôn).
_WORKPLACE_QUERY = re.compile(r"\b(?:co quan|don vi|doanh nghiep|cong ty|xi nghiep|nha may|nha truong|truong hoc"
                              r"|benh vien|nguoi lao dong|cong chuc|vien chuc|hoi nghi can bo|cong doan)\b")
_SCHOOL = re.compile(r"(?<!\w)trường(?!\w)")


def names_workplace(texts: Sequence[str]) -> bool:
    """Whether any query form names a workplace (agency, unit, enterprise, employees, civil servants ...)."""
    for t in texts:
        low = unicodedata.normalize("NFC", t).lower()
        if _SCHOOL.search(low) or _WORKPLACE_QUERY.search(fold_diacritics(low)):
            return True
    return False


def is_workplace_article(article: Article) -> bool:
    """Whether the article's chapter or section heading is about workplaces (not the commune level)."""
    return bool(_WORKPLACE_HEADING.search(fold_diacritics(f"{article.chapter} {article.section}".lower())))


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
    """A loaded document as listings show it."""

    id: str
    title: str
    number: str
    effective: dt.date | None
    article_count: int
    kind: str = ""


@dataclass(frozen=True)
class QueryVariant:
    """One form of the query to search with; `dense=False` variants go to BM25 only (cheap)."""

    text: str
    weight: float = 1.0
    dense: bool = True


QueryRewriter = Callable[[str], Sequence[QueryVariant | tuple[str, float]]]


def _variant(v: QueryVariant | tuple[str, float]) -> QueryVariant:
    return v if isinstance(v, QueryVariant) else QueryVariant(v[0], float(v[1]))


def feature_texts(variants: Sequence[QueryVariant]) -> list[str]:
    """The query forms the reranker's coverage features read: the typed text and the dense (fixed) forms.

    The glossary expansion (a BM25-only variant after the first) is left out: its appended legal terms
    would make every article using them look as if it covered the question.
    """
    return [v.text for i, v in enumerate(variants) if i == 0 or v.dense]


@dataclass
class DefaultRewriter:
    """NFC-normalise; expand chat abbreviations; fix typos and restore diacritics; expand glossary terms.

    The fixed form (abbreviations expanded, typos corrected, diacritics restored) goes to both retrievers
    and replaces the typed text for the dense one (dense models read bare or misspelt Vietnamese poorly);
    the typed text stays a BM25 variant so a wrong correction cannot lose what was typed. The glossary
    expansion goes to BM25 only, at a lower weight, because appending legal terms to an embedding query
    shifts its meaning more than it helps.
    """

    glossary: Sequence[GlossaryEntry] = ()
    restorer: Any = None  # index.diacritics.DiacriticRestorer, when present
    glossary_weight: float = 0.4
    restored_weight: float = 1.0
    abbreviations: bool = True
    typos: bool = True
    glossary_accented: bool = True
    _terms: list[tuple[re.Pattern[str], tuple[str, ...]]] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        for entry in self.glossary:
            for alternative in entry.alternatives:
                term = unicodedata.normalize("NFC", alternative).lower()
                # Terms are matched with their diacritics against the fixed (restored) query: folded, "bản"
                # (a village) would match "ban" of "Ban thanh tra" and "hộ" every "hồ"/"họ".
                key = term if self.glossary_accented else fold_diacritics(term)
                if key:
                    self._terms.append((re.compile(rf"(?<!\w){re.escape(key)}(?!\w)"), entry.legal_terms))

    def fix(self, text: str) -> str:
        """`text` with abbreviations expanded, typos fixed and diacritics restored (as configured)."""
        fixed = expand_abbreviations(text) if self.abbreviations else text
        if self.restorer is None:
            return fixed
        try:
            if self.restorer.needs_restoration(fixed):
                return self.restorer.normalize(fixed) if self.typos else self.restorer.restore(fixed)
            return self.restorer.correct(fixed) if self.typos else fixed
        except Exception:  # a restorer bug must not take search down
            logger.exception("query normalisation failed for %r", text)
            return fixed

    def __call__(self, query: str) -> list[QueryVariant]:
        """The variants of `query` to search with, the typed text first."""
        text = unicodedata.normalize("NFC", query).strip()
        variants = [QueryVariant(text)]
        fixed = self.fix(text)
        if fixed != text:
            # The typed text goes to BM25 only: e5 reads bare Vietnamese poorly (dense-only hit@3 0.0 on
            # the no-diacritics dev questions) and a second query embedding costs ~15-30 ms.
            variants[0] = QueryVariant(text, 1.0, dense=False)
            variants.append(QueryVariant(fixed, self.restored_weight))
        key = fixed.lower() if self.glossary_accented else fold_diacritics(fixed.lower())
        expansions = [t for pattern, terms in self._terms if pattern.search(key) for t in terms]
        if expansions:
            base = variants[-1].text
            variants.append(QueryVariant(f"{base} {' '.join(dict.fromkeys(expansions))}",
                                         self.glossary_weight, dense=False))
        return variants


def _aggregate(passage_scores: Mapping[int, float], passages: Sequence[Passage], params: RetrievalSettings,
               ) -> tuple[dict[str, float], dict[str, dict[str, float]], dict[str, set[str]]]:
    """Article scores from passage scores: best clause + bonus for further clauses; FAQ raises cited ones.

    Returns (article score, article → clause number → best passage score, article → FAQ ids). An article
    scores the better of its own passages and `faq_weight` × its best FAQ passage (× `faq_secondary_share`
    when the entry cites it after its main article).
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
    return articles, clause_scores, faq_ids


def _ranks(scores: Mapping[str, float]) -> dict[str, int]:
    return {aid: r for r, (aid, _) in enumerate(sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])), 1)}


def _minmax(scores: Mapping[str, float]) -> dict[str, float]:
    if not scores:
        return {}
    hi, lo = max(scores.values()), min(scores.values())
    span = hi - lo
    return {aid: (s - lo) / span if span > 0 else 1.0 for aid, s in scores.items()}


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
        self._training_docs = {d.id for d in self.documents if d.kind == DocumentKind.TRAINING}
        self._workplace = {aid for aid, a in self.articles.items() if is_workplace_article(a)}
        titles = {d.id: d.title for d in self.documents}  # codified laws may cite no title of their own
        self.document_names = DocumentNames(
            t for a in self.articles.values()
            if (t := named_text(a.citation.document_kind, a.citation.document_number,
                                a.citation.document_title or titles.get(a.document_id, ""))) is not None)
        self._by_number: dict[str, list[Article]] = defaultdict(list)
        for a in self.articles.values():
            if a.citation.article_number:
                self._by_number[a.citation.article_number].append(a)

    @classmethod
    def open(cls, folder: Path, encoder: Encoder, retrieval: RetrievalSettings, *,
             manifest: Mapping[str, Any] | None = None, rewriter: QueryRewriter | None = None) -> SearchIndex:
        """Read a built index folder (see `index.store` for the layout); no encoder check is made here."""
        manifest = manifest or store.read_manifest(folder)
        passages = [store.passage_from_json(r) for r in store.read_jsonl(folder / store.PASSAGES)]
        articles = {a.id: a for a in (store.article_from_json(r) for r in store.read_jsonl(folder / store.ARTICLES))}
        documents = [DocumentInfo(r["id"], r["title"], r.get("number", ""),
                                  dt.date.fromisoformat(r["effective"]) if r.get("effective") else None,
                                  int(r.get("article_count", 0)), r.get("kind", ""))
                     for r in store.read_jsonl(folder / store.DOCUMENTS)]
        faq = [store.faq_from_json(r) for r in store.read_jsonl(folder / store.FAQ)]
        glossary = [store.glossary_from_json(r) for r in store.read_jsonl(folder / store.GLOSSARY)]
        lexical = LexicalIndex.load(folder / store.BM25)
        dense = DenseIndex.load(folder / store.DENSE)
        if dense.size != len(passages) or lexical.size != len(passages):
            raise ValueError(f"{len(passages)} passages but {dense.size} vectors and {lexical.size} BM25 docs")
        restorer = None
        if (folder / store.DIACRITICS).is_file():
            try:
                from index.diacritics import DiacriticRestorer  # optional: absent module = no restorer
                restorer = DiacriticRestorer.load(folder / store.DIACRITICS)
            except (ImportError, ValueError, OSError) as exc:
                logger.warning("diacritic restorer not loaded (%s); searching without it", exc)
        return cls(passages=passages, articles=articles, documents=documents, faq=faq, glossary=glossary,
                   lexical=lexical, dense=dense, encoder=encoder, retrieval=retrieval, manifest=manifest,
                   rewriter=rewriter, restorer=restorer)

    # ---- search -------------------------------------------------------------------------------------

    def _candidates(self, variants: Sequence[QueryVariant]) -> tuple[dict[int, float], dict[int, float]]:
        n = self.retrieval.candidates
        lexical: dict[int, float] = {}
        dense: dict[int, float] = {}
        if self.use_lexical:
            for v in variants:
                for pid, s in self.lexical.search(v.text, n):
                    lexical[pid] = max(lexical.get(pid, 0.0), s * v.weight)
        dense_variants = [v for v in variants if v.dense]
        if self.use_dense and dense_variants and self.dense.size:
            vectors = self.encoder.encode_queries([v.text for v in dense_variants])
            for v, vec in zip(dense_variants, vectors, strict=True):
                for pid, s in self.dense.search(vec, n):
                    if self.preview and s == 0.0:  # a passage a preview did not embed (zero vector)
                        continue
                    dense[pid] = max(dense.get(pid, float("-inf")), s * v.weight)
        return lexical, dense

    def search(self, query: str, k: int = 10) -> list[Hit]:
        """The k best articles for `query`, best first (empty for an empty query or index)."""
        return self.search_with_evidence(query, k).hits

    def search_with_evidence(self, query: str, k: int = 10) -> SearchResult:
        """The k best articles plus the absolute evidence (best cosine, best BM25) behind them."""
        if not query.strip() or not self.passages or k <= 0:
            return SearchResult([], Evidence(0.0, 0.0))
        variants = [_variant(v) for v in self.rewriter(query)]
        lexical, dense = self._candidates(variants)
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
        """`rank`'s top max(k, model.depth) articles re-ordered by `model`; the k best (pure, like `rank`).

        `texts` are the query forms coverage is measured on (`feature_texts`). Each returned hit's `score`
        is the reranker's softmax share among the reranked candidates (in (0, 1)). The first stage's top
        `params.rerank_keep_first` stay within the top `params.rerank_keep_within` (`rerank_order`), so a kept
        article may sit above one with a higher share.
        """
        first = self.rank(lexical, dense, max(k, model.depth), params, texts=texts)
        if not first.hits:
            return first
        x = self.features().matrix(texts, [Candidate(h.article.id, h.score) for h in first.hits], lexical, dense)
        scores = model.score(x)
        # Reported as the softmax share among the candidates (what the model was trained to output): positive,
        # and readable in a log ("0.62" = the model's belief this is the one among the top 20).
        share = np.exp(scores - scores.max())
        share /= share.sum()
        order = rerank_order(scores, keep_first=params.rerank_keep_first, within=params.rerank_keep_within)
        hits = [dataclasses.replace(first.hits[i], score=float(share[i])) for i in order]
        return SearchResult(hits[:k], first.evidence)

    def rank(self, lexical: Mapping[int, float], dense: Mapping[int, float], k: int,
             params: RetrievalSettings, *, texts: Sequence[str] = ()) -> SearchResult:
        """Articles ranked from passage scores of both retrievers (pure: the tuning benchmark calls it).

        `texts` are the query forms (`feature_texts`); when given and none names a workplace, articles of the
        workplace chapters lose `params.workplace_penalty` (the users are commune cadres).
        """
        penalise = bool(params.workplace_penalty and texts) and not names_workplace(texts)
        named = self.document_names.named(texts) if params.named_document_boost else frozenset()
        lex_articles, lex_clauses, lex_faq = _aggregate(lexical, self.passages, params)
        raw_dense = dense
        if params.dense_minmax:
            dense = _minmax(dense)
        den_articles, den_clauses, den_faq = _aggregate(dense, self.passages, params)
        fused: dict[str, float] = defaultdict(float)
        channels = ((lex_articles, params.lexical_weight), (den_articles, params.dense_weight))
        for scores, weight in channels:
            if params.fusion == "rrf":
                for aid, rank in _ranks(scores).items():
                    fused[aid] += weight / (RRF_K + rank)
            else:
                for aid, s in _minmax(scores).items():
                    fused[aid] += weight * s
        for aid in list(fused):
            article = self.articles.get(aid)
            if article is None:  # a FAQ entry citing an article no source has
                del fused[aid]
            elif article.document_id in self._training_docs:
                fused[aid] *= params.training_discount
            else:
                fused[aid] += self._prior(article, params)
                if penalise and aid in self._workplace:
                    fused[aid] -= params.workplace_penalty
                if article.citation.document_number in named:
                    fused[aid] += params.named_document_boost
        best = sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        den_own: dict[str, list[int]] = defaultdict(list)
        for pid in raw_dense:
            if self.passages[pid].kind != "faq":
                den_own[self.passages[pid].article_id].append(pid)
        lex_top = max(lexical.values(), default=0.0) or 1.0
        dense_lo = min(dense.values(), default=0.0)
        dense_span = (max(dense.values(), default=0.0) - dense_lo) or 1.0
        hits = []
        for aid, score in best:
            article = self.articles[aid]
            clause_score: dict[str, float] = defaultdict(float)
            for number, s in lex_clauses.get(aid, {}).items():
                clause_score[number] += params.lexical_weight * s / lex_top
            for number, s in den_clauses.get(aid, {}).items():
                clause_score[number] += params.dense_weight * (s - dense_lo) / dense_span
            clause_score.pop("#title", None)
            texts = {c.number: c.text for c in article.clauses}
            matches = tuple(ClauseMatch(num, texts.get(num, ""), round(s, 4))
                            for num, s in sorted(clause_score.items(), key=lambda kv: (-kv[1], kv[0])))
            own_cosine = max((raw_dense[pid] for pid in den_own.get(aid, ())), default=0.0)
            hits.append(Hit(article, float(score), matches, float(lex_articles.get(aid, 0.0)), float(own_cosine),
                            tuple(sorted(lex_faq.get(aid, set()) | den_faq.get(aid, set())))))
        evidence = Evidence(dense_top=float(max(raw_dense.values(), default=0.0)),
                            lexical_top=float(max(lexical.values(), default=0.0)))
        return SearchResult(hits, evidence)

    def _prior(self, article: Article, params: RetrievalSettings) -> float:
        """A mild document prior: the bot is about Law 10/2022/QH15; laws and decrees over circulars."""
        c = article.citation
        prior = params.primary_prior if c.document_number == DEFAULT_LAW else 0.0
        if c.document_kind in STATUTE_KINDS:
            prior += params.statute_prior
        return prior

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
            chosen = [a for a in candidates if a.citation.document_number == DEFAULT_LAW]
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


def documents_from_kb(documents: Sequence[Document]) -> list[DocumentInfo]:
    """Listing entries for documents (used when building and in tests)."""
    return [DocumentInfo(d.id, d.title, d.number, d.effective, len(d.articles), str(d.kind)) for d in documents]

