"""Which sentence of an article answers the question: the law's own words to put first.

An article is cut into sentences (a point "a) …" of a list is one unit, a line is never joined to the next).
Each sentence gets a few features of the question and of itself — how much of the question's wording it
holds (weighted by how rare each word is within the article), whether it holds what the question asks
for (a number for "bao nhiêu", a time for "bao lâu", a body for "ai"), how well retrieval matched its
clause, and its shape — and a linear model learned from the booklet scores them. The booklet's labels:
for each entry, the sentence of its main article closest to the team's plain answer
(`benchmarks/tune_answers.py` trains and measures it on entries it did not see).
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from answers.intent import AnswerKind, Intent, sentence_answers
from index.abbreviations import expand_abbreviations
from index.tokenize import VIETNAMESE_STOPWORDS, syllables
from knowledge.model import Article
from knowledge.text import fold_key

MODEL_PATH = Path(__file__).with_name("sentence_model.json")
FEATURES = ("cover", "cover_idf", "bigram_cover", "clause_match", "kind_match", "kind_miss", "lead_in",
            "first_in_clause", "article_lead", "length", "point", "best_clause")
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ\"“(])")
_POINT = re.compile(r"^\s*[a-zđ]\)\s")
_FOLDED_STOPWORDS = frozenset(fold_key(w) for w in VIETNAMESE_STOPWORDS)
_QUESTION_WORDS = frozenset({
    "bao", "nhieu", "may", "sao", "the", "nao", "gi", "ai", "dau", "khong", "ko", "co", "duoc", "dc",
    "phai", "can", "em", "anh", "chi", "minh", "toi", "cho", "hoi", "xin", "oi", "a", "ah", "nhe", "nha",
    "vay", "roi", "chua", "hay", "nhu", "lau", "khi", "luc", "ban", "bot",
})


@dataclass(frozen=True)
class Sentence:
    """One sentence (or one point) of an article, with where it stands."""

    clause_number: str  # "" for an article's lead-in or an article without numbered clauses
    clause_index: int  # position of its clause in the article
    index: int  # position within its clause
    text: str
    point: str = ""  # the point's letter when the sentence is (the start of) a point


def _sentences_of(line: str) -> list[str]:
    """The sentences of one line: cut after ". ; ! ?" where a capital letter (or a quote) starts the next.

    `_SENTENCE_END`'s class À-Ỹ also holds small letters ("; đi công tác nước ngoài"), so a piece that starts
    with a small letter goes back onto the one before it: a list's items joined by ";" stay one sentence.
    """
    out: list[str] = []
    for piece in (p.strip() for p in _SENTENCE_END.split(line)):
        if out and piece[:1].islower():
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def split_sentences(article: Article) -> list[Sentence]:
    """Every sentence of `article` in order; a clause's number heading ("3.") stays with its first sentence."""
    out: list[Sentence] = []
    for ci, clause in enumerate(article.clauses):
        n = 0
        lines = (raw.strip() for raw in clause.text.replace("\u00ad", "").split("\n"))
        for line in filter(None, lines):
            point = line[0] if _POINT.match(line) else ""
            for piece in _sentences_of(line):
                if len(piece) < 3:
                    continue
                out.append(Sentence(clause.number, ci, n, piece, point))
                point = ""
                n += 1
    return out


def content_words(text: str) -> list[str]:
    """Folded syllables of `text` that carry topic (function and question words left out), in order."""
    return [w for w in (fold_key(s) for s in syllables(expand_abbreviations(text)))
            if w not in _FOLDED_STOPWORDS and w not in _QUESTION_WORDS and not w.isdigit()]


def _bigrams(words: Sequence[str]) -> set[tuple[str, str]]:
    return set(itertools.pairwise(words))


@dataclass(frozen=True)
class ArticleWords:
    """An article's sentences with their folded words and each word's rarity among them."""

    sentences: tuple[Sentence, ...]
    words: tuple[tuple[str, ...], ...]
    idf: Mapping[str, float]


def article_words(article: Article) -> ArticleWords:
    """Cut `article` into sentences and weigh its words (cached per article)."""
    return _article_words(article)


@lru_cache(maxsize=4096)
def _article_words(article: Article) -> ArticleWords:
    sentences = tuple(split_sentences(article))
    words = tuple(tuple(content_words(s.text)) for s in sentences)
    df: dict[str, int] = {}
    for ws in words:
        for w in set(ws):
            df[w] = df.get(w, 0) + 1
    n = max(len(sentences), 1)
    idf = {w: math.log(1 + n / c) for w, c in df.items()}
    return ArticleWords(sentences, words, idf)


def features(question_words: Sequence[str], intent: Intent, aw: ArticleWords,
             clause_scores: Mapping[str, float]) -> list[list[float]]:
    """One feature row (in `FEATURES` order) per sentence of the article."""
    asked = set(question_words)
    asked_bigrams = _bigrams(list(question_words))
    top_clause = max(clause_scores.values(), default=0.0)
    wanted = [k for k in intent.kinds if k is not AnswerKind.HOW]
    idf_total = sum(aw.idf.get(w, math.log(1 + len(aw.sentences))) for w in asked) or 1.0
    rows = []
    for s, ws in zip(aw.sentences, aw.words, strict=True):
        have = set(ws)
        shared = asked & have
        kind_hits = [sentence_answers(s.text, k) for k in wanted]
        rows.append([
            len(shared) / len(asked) if asked else 0.0,
            sum(aw.idf.get(w, 0.0) for w in shared) / idf_total,
            len(asked_bigrams & _bigrams(ws)) / len(asked_bigrams) if asked_bigrams else 0.0,
            clause_scores.get(s.clause_number, 0.0) / top_clause if top_clause > 0 else 0.0,
            sum(kind_hits) / len(kind_hits) if kind_hits else 0.0,
            1.0 if kind_hits and not any(kind_hits) else 0.0,
            1.0 if s.text.rstrip().endswith(":") else 0.0,
            1.0 if s.index == 0 else 0.0,
            1.0 if not s.clause_number else 0.0,
            math.log1p(len(ws)) / 5.0,
            1.0 if s.point else 0.0,
            1.0 if top_clause > 0 and clause_scores.get(s.clause_number, 0.0) >= top_clause else 0.0,
        ])
    return rows


@dataclass(frozen=True)
class SentenceModel:
    """Linear weights over `FEATURES`; a sentence's score is their dot product with its row."""

    weights: tuple[float, ...]

    def scores(self, rows: Sequence[Sequence[float]]) -> list[float]:
        """The score of every row."""
        return [sum(w * x for w, x in zip(self.weights, row, strict=True)) for row in rows]


# Used when no trained model is shipped: the question's words first, then what it asks for.
FALLBACK = SentenceModel((1.0, 2.0, 1.0, 0.5, 1.0, -0.5, -0.5, 0.1, -0.3, 0.0, 0.0, 0.0))


def load_model(path: Path = MODEL_PATH) -> SentenceModel:
    """The shipped model, or FALLBACK when the file is missing or was written for other features."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return FALLBACK
    if raw.get("features") != list(FEATURES):
        return FALLBACK
    return SentenceModel(tuple(float(w) for w in raw["weights"]))


@dataclass(frozen=True)
class ScoredSentence:
    """A sentence with its model score."""

    sentence: Sentence
    score: float


def rank_sentences(question: str, intent: Intent, article: Article, clause_scores: Mapping[str, float],
                   model: SentenceModel) -> list[ScoredSentence]:
    """The article's sentences, best answer to `question` first."""
    aw = article_words(article)
    rows = features(content_words(question), intent, aw, clause_scores)
    scored = [ScoredSentence(s, sc) for s, sc in zip(aw.sentences, model.scores(rows), strict=True)]
    return sorted(scored, key=lambda x: -x.score)


# "h) Các nội dung khác theo quy định của pháp luật …", "Thực hiện nhiệm vụ khác do … giao": the last item of a
# list, which says only that there may be more
_CATCH_ALL = re.compile(r"^(?:[a-zđ]\)\s*|\d+\.\s*)?(?:thuc hien |thuc hien cac |cac |nhung )?(?:\w+,? ){0,3}khac"
                        r"(?: co lien quan)?(?: theo| do| ma| thuoc|;|\.|$)")


def is_catch_all(text: str) -> bool:
    """Whether a sentence is a list's catch-all item ("Các nội dung khác theo quy định của pháp luật …")."""
    return bool(_CATCH_ALL.match(fold_key(text).lower()))


def without_catch_all_lead(ranked: Sequence[ScoredSentence], within: int = 3) -> list[ScoredSentence]:
    """`ranked` with a catch-all first sentence moved behind the best of the next `within` that is not one.

    A catch-all answers only "what else": put first, it reads as if the matter were left to discretion (on
    the booklet none of 626 answering sentences is one).
    """
    out = list(ranked)
    if out and is_catch_all(out[0].sentence.text):
        alternative = next((i for i, r in enumerate(out[:within]) if not is_catch_all(r.sentence.text)), None)
        if alternative is not None:
            out.insert(0, out.pop(alternative))
    return out


def top_share(ranked: Sequence[ScoredSentence]) -> float:
    """How sure the model is of its first sentence: its softmax share among all of the article's (1.0 for one).

    Measured on the booklet (benchmarks/tune_answers.py, cross-validated), the first sentence is the label
    about three times in ten when its share is under 0.4 and nearly eight in ten above 0.5; the label is
    among the first two three times in four.
    """
    if not ranked:
        return 0.0
    top = ranked[0].score
    return 1.0 / sum(math.exp(r.score - top) for r in ranked)


def closest_sentence(reference: str, article: Article) -> tuple[Sentence | None, float]:
    """The sentence of `article` that holds most of `reference`'s words (idf-weighted), and that share."""
    aw = article_words(article)
    wanted = set(content_words(reference))
    if not wanted or not aw.sentences:
        return None, 0.0
    total = sum(aw.idf.get(w, 0.0) for w in wanted) or 1.0
    best, best_share = None, 0.0
    for s, ws in zip(aw.sentences, aw.words, strict=True):
        share = sum(aw.idf.get(w, 0.0) for w in wanted & set(ws)) / total
        if share > best_share:
            best, best_share = s, share
    return best, best_share
