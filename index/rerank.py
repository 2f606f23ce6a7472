"""Second-stage reranking: a small linear model over features of (query, article) pairs.

The first stage (`index.fusion.rank`) fuses BM25 and dense scores of passages; it cannot see how much of the
question an article actually covers, whether a number the user typed ("30 ngày", "10%") is in it, or how the
article's title alone matches. The reranker re-orders the first stage's top `depth` articles by
`w · standardise(features)`; everything below keeps its first-stage order.

The model is a JSON file (`index/rerank_model.json`: version, feature names, means, scales, weights, depth
and a note on how it was trained) so it can be read and diffed; no pickle. It is trained by
`benchmarks/tune_ranking.py --rerank --write-model` on the team's booklet only, with a listwise
softmax loss (the gold articles' share of the softmax over the candidates), L2-regularised.

Features are computed from the passage scores the first stage already has and from per-article term sets
built once when the index is opened (~0.3 s for ~900 articles), so reranking costs well under a millisecond
per question. Term matching is diacritic-folded so a wrong restoration of a bare question costs little.

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
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.passages import Passage
from index.results import SearchResult
from index.tokenize import VIETNAMESE_STOPWORDS, fold_diacritics, syllables
from knowledge.model import PRIMARY_LAW, STATUTE_KINDS, Article
from settings import RetrievalSettings

MODEL_PATH = Path(__file__).resolve().parent / "rerank_model.json"
MODEL_VERSION = 1

FEATURES: tuple[str, ...] = (
    "fused_gap",  # first-stage fused score minus the query's best (≤ 0)
    "log_rank",  # log of the first-stage rank
    "lexical",  # best BM25 of the article's own passages / the query's best BM25
    "dense",  # best cosine of the article's own passages minus the query's best cosine
    "faq_dense",  # best cosine of a booklet entry citing the article, minus the query's best cosine
    "faq_lexical",  # best BM25 of a booklet entry citing the article / the query's best BM25
    "cover_text",  # IDF-weighted share of the query's syllables found in the article (title, headings, text)
    "cover_bigram",  # the same for adjacent-syllable pairs ("truong_thon"): word-level evidence
    "cover_clause",  # the best single clause's share (syllables and pairs together)
    "cover_title",  # the article title's share (syllables and pairs)
    "cover_heading",  # the chapter and section titles' share
    "number_match",  # share of the numbers in the query that occur in the article
    "primary",  # article of Law 10/2022/QH15
    "statute",  # article of a law or decree (not a circular)
    "log_clauses",  # log(1 + number of clauses): long articles match anything a little
    "faq_agree_dense",  # how many of the query's AGREE_TOP closest booklet entries (cosine) cite the article
    "faq_agree_lexical",  # the same among the AGREE_TOP best booklet entries by BM25
)
AGREE_TOP = 8  # booklet entries per retriever the agreement features count
SECONDARY_VOTE = 0.5  # an entry counts fully for its first (main) article, half for the ones it cites after

_NUMBER = re.compile(r"\d+(?:[.,/]\d+)*")
_FOLDED_STOPS = frozenset(fold_diacritics(w) for w in VIETNAMESE_STOPWORDS)


def folded_terms(text: str) -> tuple[set[str], set[str]]:
    """(syllables, adjacent pairs) of `text`, lowercased and diacritic-folded; stopwords out of the syllables."""
    sylls = [fold_diacritics(s) for s in syllables(text)]
    uni = {s for s in sylls if s not in _FOLDED_STOPS}
    bi = {f"{a}_{b}" for a, b in itertools.pairwise(sylls)
          if not (a in _FOLDED_STOPS and b in _FOLDED_STOPS)}
    return uni, bi


@dataclass(frozen=True)
class ArticleTerms:
    """The folded term sets of one article that coverage features are computed against."""

    text: frozenset[str]  # syllables and pairs of title, headings and every clause
    title: frozenset[str]
    heading: frozenset[str]
    clauses: tuple[frozenset[str], ...]
    numbers: frozenset[str]
    primary: bool
    statute: bool
    clause_count: int


def _terms(text: str) -> frozenset[str]:
    uni, bi = folded_terms(text)
    return frozenset(uni | bi)


def article_terms(article: Article) -> ArticleTerms:
    """Term sets of `article` (computed once per index)."""
    heading = f"{article.chapter} {article.section}"
    clauses = tuple(_terms(c.text) for c in article.clauses) or (frozenset(),)
    text = frozenset().union(_terms(article.title), _terms(heading), *clauses)
    c = article.citation
    return ArticleTerms(text, _terms(article.title), _terms(heading), clauses,
                        frozenset(_NUMBER.findall(article.text)), c.document_number == PRIMARY_LAW,
                        c.document_kind in STATUTE_KINDS, len(article.clauses))


@dataclass(frozen=True)
class RerankModel:
    """A linear scorer over standardised features, as stored in `rerank_model.json`."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    depth: int = 20
    version: int = MODEL_VERSION
    note: str = ""

    def __post_init__(self) -> None:
        n = len(self.features)
        if not (len(self.mean) == len(self.scale) == len(self.weights) == n):
            raise ValueError(f"rerank model: {n} features but {len(self.mean)} means, {len(self.scale)} scales, "
                             f"{len(self.weights)} weights")
        unknown = [f for f in self.features if f not in FEATURES]
        if unknown:
            raise ValueError(f"rerank model: unknown feature(s) {unknown}; this code knows {list(FEATURES)}")

    def score(self, x: np.ndarray) -> np.ndarray:
        """Scores of rows of `x` (columns in `FEATURES` order); higher is better."""
        cols = [FEATURES.index(f) for f in self.features]
        z = (x[:, cols] - np.asarray(self.mean)) / np.asarray(self.scale)
        return z @ np.asarray(self.weights)

    def to_json(self) -> str:
        """The model as indented JSON (one key per line, weights rounded for a readable diff)."""
        payload = {"version": self.version, "note": self.note, "depth": self.depth,
                   "features": list(self.features), "mean": [round(v, 6) for v in self.mean],
                   "scale": [round(v, 6) for v in self.scale], "weights": [round(v, 6) for v in self.weights]}
        return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> RerankModel:
        """Read what `to_json` wrote; a wrong version or shape raises ValueError."""
        raw = json.loads(text)
        if raw.get("version") != MODEL_VERSION:
            raise ValueError(f"rerank model version {raw.get('version')!r}, this code reads {MODEL_VERSION}")
        return cls(tuple(raw["features"]), tuple(map(float, raw["mean"])), tuple(map(float, raw["scale"])),
                   tuple(map(float, raw["weights"])), int(raw.get("depth", 20)), MODEL_VERSION,
                   str(raw.get("note", "")))

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> RerankModel:
        """Read a model file."""
        return cls.from_json(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Candidate:
    """What the reranker reads of one first-stage hit."""

    article_id: str
    fused: float


class FeatureExtractor:
    """Computes the `FEATURES` matrix for a query's candidates; holds per-article term sets and IDF."""

    def __init__(self, articles: Mapping[str, Article], passages: Sequence[Passage]) -> None:
        self.passages = passages
        self.terms = {aid: article_terms(a) for aid, a in articles.items()}
        df: Counter[str] = Counter()
        for t in self.terms.values():
            df.update(t.text)
        n = max(1, len(self.terms))
        # Smoothed IDF; a term no article has is as rare as a term one article has (it still counts as a
        # part of the question nothing covers).
        self._idf = {term: math.log((n + 1) / (count + 1)) + 1.0 for term, count in df.items()}
        self._idf_unseen = math.log((n + 1) / 2) + 1.0

    def idf(self, term: str) -> float:
        """Smoothed inverse article frequency of a folded term."""
        return self._idf.get(term, self._idf_unseen)

    def query_terms(self, texts: Sequence[str]) -> tuple[dict[str, float], dict[str, float], set[str]]:
        """(syllable → IDF, pair → IDF, numbers) of the query forms `texts` together."""
        uni: set[str] = set()
        bi: set[str] = set()
        numbers: set[str] = set()
        for t in texts:
            u, b = folded_terms(t)
            uni |= u
            bi |= b
            numbers.update(_NUMBER.findall(t))
        return {u: self.idf(u) for u in uni}, {b: self.idf(b) for b in bi}, numbers

    def matrix(self, texts: Sequence[str], candidates: Sequence[Candidate], lexical: Mapping[int, float],
               dense: Mapping[int, float]) -> np.ndarray:
        """One row of `FEATURES` per candidate (first-stage order); `lexical`/`dense` are passage scores."""
        uni, bi, numbers = self.query_terms(texts)
        both = {**uni, **bi}
        uni_total = sum(uni.values()) or 1.0
        bi_total = sum(bi.values()) or 1.0
        both_total = sum(both.values()) or 1.0
        own_lex, own_den, faq_lex, faq_den = self._passage_maxima(lexical, dense)
        agree_den, agree_lex = self.agreement(dense), self.agreement(lexical)
        lex_top = max(lexical.values(), default=0.0) or 1.0
        den_top = max(dense.values(), default=0.0)
        den_floor = min(dense.values(), default=0.0) - den_top
        fused_top = candidates[0].fused if candidates else 0.0
        rows = []
        for rank, cand in enumerate(candidates, 1):
            t = self.terms.get(cand.article_id)
            if t is None:
                rows.append([0.0] * len(FEATURES))
                continue
            clause_cover = max(sum(w for term, w in both.items() if term in c) for c in t.clauses) / both_total
            rows.append([
                cand.fused - fused_top,
                math.log(rank),
                own_lex.get(cand.article_id, 0.0) / lex_top,
                own_den[cand.article_id] - den_top if cand.article_id in own_den else den_floor,
                faq_den[cand.article_id] - den_top if cand.article_id in faq_den else den_floor,
                faq_lex.get(cand.article_id, 0.0) / lex_top,
                sum(w for term, w in uni.items() if term in t.text) / uni_total,
                sum(w for term, w in bi.items() if term in t.text) / bi_total,
                clause_cover,
                sum(w for term, w in both.items() if term in t.title) / both_total,
                sum(w for term, w in both.items() if term in t.heading) / both_total,
                sum(1 for x in numbers if x in t.numbers) / len(numbers) if numbers else 0.0,
                float(t.primary),
                float(t.statute),
                math.log1p(t.clause_count),
                agree_den.get(cand.article_id, 0.0),
                agree_lex.get(cand.article_id, 0.0),
            ])
        return np.asarray(rows, dtype=np.float64).reshape(len(candidates), len(FEATURES))

    def agreement(self, scores: Mapping[int, float]) -> dict[str, float]:
        """Article → votes of the `AGREE_TOP` best-scored booklet passages in `scores` that cite it.

        An entry gives 1 to its first (main) article and `SECONDARY_VOTE` to each one it cites after: several
        close entries pointing at one article is evidence a single best match (`faq_dense`) does not carry.
        """
        faq = [(s, pid) for pid, s in scores.items() if self.passages[pid].kind == "faq"]
        votes: dict[str, float] = {}
        for _, pid in sorted(faq, key=lambda sp: (-sp[0], sp[1]))[:AGREE_TOP]:
            for i, aid in enumerate(self.passages[pid].article_ids):
                votes[aid] = votes.get(aid, 0.0) + (1.0 if i == 0 else SECONDARY_VOTE)
        return votes

    def _passage_maxima(self, lexical: Mapping[int, float], dense: Mapping[int, float],
                        ) -> tuple[dict[str, float], dict[str, float], dict[str, float], dict[str, float]]:
        """Best own-passage and best booklet-entry score per article, for each retriever."""
        out: tuple[dict[str, float], ...] = ({}, {}, {}, {})
        for scores, own, faq in ((lexical, out[0], out[2]), (dense, out[1], out[3])):
            for pid, s in scores.items():
                p = self.passages[pid]
                if p.kind == "faq":
                    for aid in p.article_ids:
                        if s > faq.get(aid, float("-inf")):
                            faq[aid] = s
                elif s > own.get(p.article_id, float("-inf")):
                    own[p.article_id] = s
        return out  # type: ignore[return-value]


def rerank_order(scores: np.ndarray, *, keep_first: int = 0, within: int = 0) -> list[int]:
    """Positions 0..len(scores)-1 ordered by score, best first; ties keep the first-stage order.

    With `keep_first` > 0 the first stage's top `keep_first` positions (0..keep_first-1) are all among the
    first `within` of the result (`within` ≥ `keep_first`): the model still orders everything, but a
    candidate both retrievers put at the top cannot be pushed off what the reply shows. Every other
    position keeps its place relative to the rest; the result is a permutation of the positions.
    """
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    keep = set(range(min(keep_first, len(order))))
    if not keep:
        return order
    within = max(within, len(keep))
    top: list[int] = []
    for i in order:
        if len(top) == within:
            break
        waiting = len(keep - set(top))  # kept positions not placed yet, each needing a slot of its own
        if i in keep or within - len(top) > waiting:
            top.append(i)
    top += sorted(keep - set(top), key=order.index)  # only when `within` was reached before they came
    placed = set(top)
    return top + [i for i in order if i not in placed]


def rerank(first: SearchResult, texts: Sequence[str], lexical: Mapping[int, float], dense: Mapping[int, float],
           k: int, *, params: RetrievalSettings, model: RerankModel, features: FeatureExtractor) -> SearchResult:
    """The first stage's hits (its top max(k, model.depth)) re-ordered by `model`; the k best.

    `texts` are the query forms coverage is measured on (`index.rewrite.feature_texts`), `lexical`/`dense`
    the passage scores `first` was ranked from. Each returned hit's `score` is the reranker's softmax share
    among the reranked candidates (in (0, 1)). The first stage's top `params.rerank_keep_first` stay within
    the top `params.rerank_keep_within` (`rerank_order`), so a kept article may sit above one with a higher
    share.
    """
    if not first.hits:
        return first
    x = features.matrix(texts, [Candidate(h.article.id, h.score) for h in first.hits], lexical, dense)
    scores = model.score(x)
    # Reported as the softmax share among the candidates (what the model was trained to output): positive,
    # and readable in a log ("0.62" = the model's belief this is the one among the top 20).
    share = np.exp(scores - scores.max())
    share /= share.sum()
    order = rerank_order(scores, keep_first=params.rerank_keep_first, within=params.rerank_keep_within)
    hits = [dataclasses.replace(first.hits[i], score=float(share[i])) for i in order]
    return SearchResult(hits[:k], first.evidence)
