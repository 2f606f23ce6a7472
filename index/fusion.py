"""Fusion and priors: both retrievers' article scores combined into one ranking of hits.

Cosines are min-max scaled over the candidates first (`RetrievalSettings.dense_minmax`): e5 cosines of a
question's candidates all lie within a few hundredths (0.85-0.93), so `faq_weight` × a raw cosine fell below
every own passage and a close booklet question could never lift its articles in the dense channel; on the 0-1
scale it can (first stage, dev / booklet-LOO: hit@5 0.947 → 0.973 / 0.857 → 0.870, MRR 0.887 → 0.905 / 0.717
→ 0.745). The per-retriever article scores (index.candidates) are fused: min-max normalised weighted sum
(`fusion="score"`) or weighted reciprocal rank fusion (`fusion="rrf"`).

Priors: `primary_prior` for Law 10/2022/QH15, `statute_prior` for laws and decrees (circulars are asked about
less). Training-material articles are discounted so they only appear below law articles of similar score.
The users are commune cadres: when no query form names a workplace (cơ quan, đơn vị, doanh nghiệp, người lao
động, công chức ..., folded; "trường" only accented), articles whose chapter/section heading is about
workplaces lose `workplace_penalty` (0.3), so "ban thanh tra nhân dân" finds the commune-level article before
its twin ở cơ quan, đơn vị. Penalty measured (first stage, dev / booklet-LOO): MRR 0.886 → 0.887 / 0.713 →
0.720, hit@5 0.933 → 0.947 / 0.857 → 0.865; with the shipped reranker dev unchanged (0.893 / 0.960 / 0.919),
booklet (in-sample) MRR 0.724 → 0.726. The reranker was trained without it and not retrained (a retrain on
the penalised lists chose a model with lower dev hit@1). When a query form names a document ("theo Luật Thực
hiện dân chủ ở cơ sở", "nđ 59/2023"; index.mentions), that document's articles gain `named_document_boost`
(0.3): few questions name a text (3 of 75 dev, a handful of booklet ones; dev and booklet-LOO unchanged), but
those that do mean it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from index.candidates import aggregate
from index.mentions import DocumentNames, named_text
from index.passages import Passage
from index.results import ClauseMatch, DocumentInfo, Evidence, Hit, SearchResult
from index.tokenize import fold_diacritics
from knowledge.model import PRIMARY_LAW, STATUTE_KINDS, Article, is_training
from settings import RetrievalSettings

RRF_K = 60  # the usual constant: flattens the difference between ranks 1 and 2 less than ranks 1 and 50
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


def document_prior(article: Article, params: RetrievalSettings) -> float:
    """A mild document prior: the bot is about Law 10/2022/QH15; laws and decrees over circulars."""
    c = article.citation
    prior = params.primary_prior if c.document_number == PRIMARY_LAW else 0.0
    if c.document_kind in STATUTE_KINDS:
        prior += params.statute_prior
    return prior


def minmax(scores: Mapping[str, float]) -> dict[str, float]:
    """Scores scaled to 0-1 over their own range (all 1.0 when they are equal)."""
    if not scores:
        return {}
    hi, lo = max(scores.values()), min(scores.values())
    span = hi - lo
    return {aid: (s - lo) / span if span > 0 else 1.0 for aid, s in scores.items()}


def ranks(scores: Mapping[str, float]) -> dict[str, int]:
    """1-based ranks, best first; ties broken by key."""
    return {aid: r for r, (aid, _) in enumerate(sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])), 1)}


@dataclass(frozen=True)
class Corpus:
    """What ranking reads of an index: its passages and articles, and facts about them computed once."""

    passages: Sequence[Passage]
    articles: Mapping[str, Article]
    training: frozenset[str]  # ids of training-material articles
    workplace: frozenset[str]  # ids of articles of the workplace chapters
    document_names: DocumentNames  # how questions may name the documents

    @classmethod
    def of(cls, passages: Sequence[Passage], articles: Mapping[str, Article],
           documents: Sequence[DocumentInfo]) -> Corpus:
        """The ranking view of an index's passages, articles and documents."""
        kinds = {d.id: d.kind for d in documents}
        titles = {d.id: d.title for d in documents}  # codified laws may cite no title of their own
        names = DocumentNames(
            t for a in articles.values()
            if (t := named_text(a.citation.document_kind, a.citation.document_number,
                                a.citation.document_title or titles.get(a.document_id, ""))) is not None)
        return cls(passages, articles, frozenset(aid for aid, a in articles.items()
                                                 if is_training(a, kinds.get(a.document_id, ""))),
                   frozenset(aid for aid, a in articles.items() if is_workplace_article(a)), names)


def rank(corpus: Corpus, lexical: Mapping[int, float], dense: Mapping[int, float], k: int,
         params: RetrievalSettings, *, texts: Sequence[str] = ()) -> SearchResult:
    """Articles ranked from passage scores of both retrievers (pure: the tuning benchmark calls it).

    `texts` are the query forms (`index.rewrite.feature_texts`); when given and none names a workplace,
    articles of the workplace chapters lose `params.workplace_penalty` (the users are commune cadres).
    """
    penalise = bool(params.workplace_penalty and texts) and not names_workplace(texts)
    named = corpus.document_names.named(texts) if params.named_document_boost else frozenset()
    lex = aggregate(lexical, corpus.passages, params)
    raw_dense = dense
    if params.dense_minmax:
        dense = minmax(dense)
    den = aggregate(dense, corpus.passages, params)
    fused: dict[str, float] = defaultdict(float)
    for scores, weight in ((lex.articles, params.lexical_weight), (den.articles, params.dense_weight)):
        if params.fusion == "rrf":
            for aid, r in ranks(scores).items():
                fused[aid] += weight / (RRF_K + r)
        else:
            for aid, s in minmax(scores).items():
                fused[aid] += weight * s
    for aid in list(fused):
        article = corpus.articles.get(aid)
        if article is None:  # a FAQ entry citing an article no source has
            del fused[aid]
        elif aid in corpus.training:
            fused[aid] *= params.training_discount
        else:
            fused[aid] += document_prior(article, params)
            if penalise and aid in corpus.workplace:
                fused[aid] -= params.workplace_penalty
            if article.citation.document_number in named:
                fused[aid] += params.named_document_boost
    best = sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
    den_own: dict[str, list[int]] = defaultdict(list)
    for pid in raw_dense:
        if corpus.passages[pid].kind != "faq":
            den_own[corpus.passages[pid].article_id].append(pid)
    lex_top = max(lexical.values(), default=0.0) or 1.0
    dense_lo = min(dense.values(), default=0.0)
    dense_span = (max(dense.values(), default=0.0) - dense_lo) or 1.0
    hits = []
    for aid, score in best:
        article = corpus.articles[aid]
        clause_score: dict[str, float] = defaultdict(float)
        for number, s in lex.clauses.get(aid, {}).items():
            clause_score[number] += params.lexical_weight * s / lex_top
        for number, s in den.clauses.get(aid, {}).items():
            clause_score[number] += params.dense_weight * (s - dense_lo) / dense_span
        clause_score.pop("#title", None)
        clause_texts = {c.number: c.text for c in article.clauses}
        matches = tuple(ClauseMatch(num, clause_texts.get(num, ""), round(s, 4))
                        for num, s in sorted(clause_score.items(), key=lambda kv: (-kv[1], kv[0])))
        own_cosine = max((raw_dense[pid] for pid in den_own.get(aid, ())), default=0.0)
        hits.append(Hit(article, float(score), matches, float(lex.articles.get(aid, 0.0)), float(own_cosine),
                        tuple(sorted(lex.faq_ids.get(aid, set()) | den.faq_ids.get(aid, set())))))
    evidence = Evidence(dense_top=float(max(raw_dense.values(), default=0.0)),
                        lexical_top=float(max(lexical.values(), default=0.0)))
    return SearchResult(hits, evidence)
