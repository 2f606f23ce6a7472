"""Tune ranking on two question sets without re-running retrieval for every setting.

    python benchmarks/tune_ranking.py [--config config.yaml] [--questions ../shared/eval/questions.yaml]
                                      [--search] [--write] [--rerank [--write-model]]

Sets:
- **dev**: the development set (`../shared/eval/questions.yaml`), by style. Only measured, never fed into
  anything built.
- **booklet-LOO**: every booklet question (and its written variants) with its cited articles as gold,
  leave-one-out: the entry's own FAQ passages are dropped from the candidates when it is the query. Two
  derived styles stress the text handling: `bare` (the question with its diacritics stripped) and `typo`
  (a deterministic pseudo-random letter dropped from one or two long syllables).

- **covered** (reranker training only, plus its own column): each written variant, and a typo form of it,
  asked with its own entry left in the index — a topic the booklet covers, asked in new words.

- **cadre** (reranker training, with `--cadre`, plus its own column): the in-scope questions of the team's tuning
  sets written the way cadres ask (`CADRE_SETS`: standalone questions with a gold article; in a dialogue file
  its first turns and new topics), never a held-out set and never dev. The shipped model's cadre column is
  honest (it never saw them); a trial's is grouped 5-fold.

`Bench.run` measures the first stage (`SearchIndex.rank`). `--rerank` collects the first stage's top 20
articles with their reranker features per query, trains the linear reranker (index.rerank) on booklet-LOO +
covered (halves weighted equally), reports each trial by grouped 5-fold on the booklet and on dev, and picks
the trial with the best booklet objective (dev is never used to choose); `--write-model` writes it to
index/rerank_model.json.

Retrieval is cached per query-variant text (BM25 and dense top-N lists), so a sweep over `RetrievalSettings` and
rewriter weights costs milliseconds per setting; only new variant texts (a rewriter change) are searched.
Results are printed and, with `--write`, written to benchmarks/results/ranking.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from answers.evaluation import load_questions
from benchmarks.tune_answers import standalone_questions
from index.candidates import gather
from index.rerank import FEATURES, Candidate, RerankModel, rerank_order
from index.rewrite import DefaultRewriter, QueryVariant, feature_texts, query_variants
from index.search import SearchIndex
from index.store import load_index
from index.tokenize import fold_diacritics
from knowledge.materials import load_material
from settings import RetrievalSettings, load_settings

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "ranking.md"
MAX_N = 300  # candidates fetched once per variant; sweeps truncate


@dataclass(frozen=True)
class Query:
    """One tuning question: its text, gold articles, style and the passage ids it must not see."""

    id: str
    text: str
    gold: frozenset[str]
    style: str
    exclude: frozenset[int] = frozenset()


def synthetic_typo(text: str, rng: random.Random) -> str:
    """Drop one inner letter from one or two syllables of 4+ letters (the commonest phone typo)."""
    words = text.split(" ")
    long_ones = [i for i, w in enumerate(words) if sum(ch.isalpha() for ch in w) >= 4]
    for i in rng.sample(long_ones, min(len(long_ones), rng.choice((1, 2)))):
        w = words[i]
        letters = [j for j, ch in enumerate(w) if ch.isalpha()][1:]
        j = rng.choice(letters)
        words[i] = w[:j] + w[j + 1:]
    return " ".join(words)


def booklet_queries(index: SearchIndex, faq_path: Path) -> list[Query]:
    """Booklet-LOO queries: question, written variants, a bare form and a typo form of each question."""
    entries, _ = load_material(faq_path)
    own: dict[str, set[int]] = defaultdict(set)
    for p in index.passages:
        if p.kind == "faq":
            own[p.ref].add(p.id)
    rng = random.Random(4)
    out = []
    for e in entries:
        gold = frozenset(a for a in e.articles if a in index.articles)
        if not gold:
            continue
        ex = frozenset(own.get(e.id, ()))
        out.append(Query(e.id, e.question, gold, "question", ex))
        out.extend(Query(f"{e.id}/v{i}", v, gold, "variant", ex) for i, v in enumerate(e.variants))
        out.append(Query(f"{e.id}/bare", fold_diacritics(e.question), gold, "bare", ex))
        out.append(Query(f"{e.id}/typo", synthetic_typo(e.question, rng), gold, "typo", ex))
    return out


def covered_queries(index: SearchIndex, faq_path: Path) -> list[Query]:
    """Booklet variants asked with their own entry left in the index: a new phrasing of a covered topic.

    Leave-one-out alone only shows questions whose topic no booklet entry covers, so a model trained on it
    learns to distrust booklet matches; users more often ask about a topic the booklet does cover. The
    written variants are not indexed (only question and answer are), so asking them with the entry present
    is an honest "same topic, unseen words" case. Each also gets a typo form.
    """
    entries, _ = load_material(faq_path)
    rng = random.Random(5)
    out = []
    for e in entries:
        gold = frozenset(a for a in e.articles if a in index.articles)
        for i, v in enumerate(e.variants if gold else ()):
            out.append(Query(f"{e.id}/covered{i}", v, gold, "covered"))
            out.append(Query(f"{e.id}/covered-typo{i}", synthetic_typo(v, rng), gold, "covered"))
    return out


_DATA = REPO / "benchmarks" / "data"
CADRE_SETS = tuple(_DATA / f for f in (
    "answers_tune.yaml", "figures_tune_2.yaml", "figures_fixed_tune.yaml", "figures_not_fixed_tune.yaml",
    "in_scope_edge_tune.yaml", "dialogues_tune_2.yaml", "dialogues_dev.yaml"))


def cadre_queries(paths: Iterable[Path]) -> list[Query]:
    """The standalone in-scope questions of the tuning sets in `paths` (see the module's docstring)."""
    return [Query(q["key"], q["question"], frozenset(q["gold"]), "cadre")
            for path in paths for q in standalone_questions(Path(path))]


def dev_queries(path: Path) -> list[Query]:
    """The dev set's questions (out-of-scope ones with an empty gold)."""
    return [Query(q.id, q.question, frozenset(q.gold), q.style) for q in load_questions(path)]


class Bench:
    """Cached candidates per variant text; evaluates any (rewriter, params) on a list of queries."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self._lex: dict[str, list[tuple[int, float]]] = {}
        self._dense: dict[str, list[tuple[int, float]]] = {}
        self._training = {aid for aid in index.articles if index.is_training(aid)}

    def warm(self, texts: Iterable[str], dense_texts: Iterable[str]) -> None:
        """Fetch and cache candidates of texts not seen yet (dense encodes in batches)."""
        for t in dict.fromkeys(texts):
            if t not in self._lex:
                self._lex[t] = self.index.lexical.search(t, MAX_N)
        todo = [t for t in dict.fromkeys(dense_texts) if t not in self._dense]
        for i in range(0, len(todo), 32):
            batch = todo[i:i + 32]
            for t, vec in zip(batch, self.index.encoder.encode_queries(batch), strict=True):
                self._dense[t] = self.index.dense.search(vec, MAX_N)

    def candidates(self, variants: Sequence[QueryVariant], n: int, exclude: frozenset[int]
                   ) -> tuple[dict[int, float], dict[int, float]]:
        """What `SearchIndex.candidates` returns (`index.candidates.gather`), from the cache, minus `exclude`."""
        return gather(variants, lambda text: self._lex[text][:n], lambda texts: [self._dense[t][:n] for t in texts],
                      exclude=exclude)

    def run(self, queries: Sequence[Query], rewriter: Callable[[str], Sequence], params: RetrievalSettings,
            n: int = 100) -> dict[str, dict[str, float]]:
        """Metrics per style and overall ("all" = in-scope); OOS: dense_top per question in `_oos_tops`."""
        variants = {q.id: query_variants(rewriter, q.text) for q in queries}
        self.warm((v.text for vs in variants.values() for v in vs),
                  (v.text for vs in variants.values() for v in vs if v.dense))
        ranks: dict[str, list[int | None]] = defaultdict(list)
        self.tops_in: list[float] = []
        self.tops_oos: list[float] = []
        for q in queries:
            lex, den = self.candidates(variants[q.id], n, q.exclude)
            result = self.index.rank(lex, den, 10 + 5, params, texts=feature_texts(variants[q.id]))
            hits = [h.article.id for h in result.hits if h.article.id not in self._training][:10]
            if not q.gold:
                self.tops_oos.append(result.evidence.dense_top)
                continue
            self.tops_in.append(result.evidence.dense_top)
            rank = next((i for i, aid in enumerate(hits, 1) if aid in q.gold), None)
            ranks[q.style].append(rank)
            ranks["all"].append(rank)
        return {style: metrics(r) for style, r in ranks.items()}


DEV_STYLES = ("chat", "formal", "keywords", "no-diacritics", "typo")
BOOK_STYLES = ("question", "variant", "bare", "typo")


@dataclass
class Lists:
    """First-stage candidate lists of a query set, as padded arrays for training and scoring the reranker."""

    queries: list[Query]
    x: np.ndarray  # (queries, depth, features)
    valid: np.ndarray  # (queries, depth): a candidate is there
    gold: np.ndarray  # (queries, depth): the candidate is a gold article
    weight: np.ndarray | None = None  # (queries,): a query's share of the training loss (default 1)

    def subset(self, rows: Sequence[int]) -> Lists:
        """The lists of the queries at `rows`."""
        r = np.asarray(rows, dtype=int)
        return Lists([self.queries[i] for i in r], self.x[r], self.valid[r], self.gold[r],
                     None if self.weight is None else self.weight[r])

    def __add__(self, other: Lists) -> Lists:
        w = np.concatenate([self.weights(), other.weights()])
        return Lists(self.queries + other.queries, np.concatenate([self.x, other.x]),
                     np.concatenate([self.valid, other.valid]), np.concatenate([self.gold, other.gold]), w)

    def weights(self) -> np.ndarray:
        """Per-query training weights (ones unless set)."""
        return np.ones(len(self.queries)) if self.weight is None else self.weight

    def weighted(self, total: float) -> Lists:
        """The same lists with weights scaled so they sum to `total`."""
        w = self.weights()
        return dataclasses.replace(self, weight=w * (total / max(w.sum(), 1e-9)))


def collect(bench: Bench, queries: Sequence[Query], rewriter: Callable[[str], Sequence], params: RetrievalSettings,
            *, depth: int = 20, n: int = 100) -> Lists:
    """Feature matrices of the first stage's top `depth` articles per in-scope query (training articles out)."""
    queries = [q for q in queries if q.gold]
    variants = {q.id: query_variants(rewriter, q.text) for q in queries}
    bench.warm((v.text for vs in variants.values() for v in vs),
               (v.text for vs in variants.values() for v in vs if v.dense))
    extractor = bench.index.features()
    x = np.zeros((len(queries), depth, len(FEATURES)))
    valid = np.zeros((len(queries), depth), dtype=bool)
    gold = np.zeros((len(queries), depth), dtype=bool)
    for qi, q in enumerate(queries):
        lex, den = bench.candidates(variants[q.id], n, q.exclude)
        hits = bench.index.rank(lex, den, depth + 5, params, texts=feature_texts(variants[q.id])).hits
        cands = [Candidate(h.article.id, h.score) for h in hits]
        m = extractor.matrix(feature_texts(variants[q.id]), cands, lex, den)
        keep = [i for i, c in enumerate(cands) if c.article_id not in bench._training][:depth]
        x[qi, :len(keep)] = m[keep]
        valid[qi, :len(keep)] = True
        gold[qi, :len(keep)] = [cands[i].article_id in q.gold for i in keep]
    return Lists(queries, x, valid, gold)


def list_metrics(lists: Lists, model: RerankModel | None, params: RetrievalSettings | None = None,
                 ) -> dict[str, dict[str, float]]:
    """Metrics per style and overall of the lists as ordered by `model` (None = first-stage order).

    The model's order keeps the first stage's top `params.rerank_keep_first` within the top
    `params.rerank_keep_within`, as `SearchIndex.rerank` does.
    """
    params = params or RetrievalSettings()
    ranks: dict[str, list[int | None]] = defaultdict(list)
    for qi, q in enumerate(lists.queries):
        n = int(lists.valid[qi].sum())
        order = list(range(n))
        if model is not None and n:
            order = rerank_order(model.score(lists.x[qi, :n]), keep_first=params.rerank_keep_first,
                                 within=params.rerank_keep_within)
        rank = next((r for r, i in enumerate(order[:10], 1) if lists.gold[qi, i]), None)
        ranks[q.style].append(rank)
        ranks["all"].append(rank)
    return {style: metrics(r) for style, r in ranks.items()}


def train_reranker(lists: Lists, features: Sequence[str] = FEATURES, l2: float = 1.0, *, depth: int = 20,
                   steps: int = 1500, note: str = "") -> RerankModel:
    """Fit a linear listwise model: maximise log Σ_gold softmax(w·z) per query, minus l2/2 · |w|² · queries/1000.

    Only queries with a gold article among their candidates teach anything (the rest have no target). Full-
    batch Adam on standardised features; the problem is small (≤ 1,000 queries × 20 candidates × 15 features).
    """
    cols = [FEATURES.index(f) for f in features]
    teach = lists.gold.any(axis=1)
    x, valid, gold = lists.x[teach][:, :, cols], lists.valid[teach], lists.gold[teach]
    qw = lists.weights()[teach]
    qw = qw * (len(qw) / qw.sum())  # mean 1, so l2 means the same whatever the weighting
    rows = x[valid]
    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = np.where(valid[..., None], (x - mean) / scale, 0.0)
    w = np.zeros(len(cols))
    w[features.index("fused_gap")] = 1.0 if "fused_gap" in features else 0.0  # start from the first stage
    m1, m2 = np.zeros_like(w), np.zeros_like(w)
    lam = l2 * len(z) / 1000
    for t in range(1, steps + 1):
        s = np.where(valid, z @ w, -np.inf)
        s -= s.max(axis=1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(axis=1, keepdims=True)
        pg = np.where(gold, p, 0.0)
        q = pg / pg.sum(axis=1, keepdims=True)
        grad = np.einsum("q,qd,qdf->f", qw, p - q, z) + lam * w  # gradient of the negative log-likelihood
        m1 = 0.9 * m1 + 0.1 * grad
        m2 = 0.999 * m2 + 0.001 * grad**2
        w -= 0.05 * (m1 / (1 - 0.9**t)) / (np.sqrt(m2 / (1 - 0.999**t)) + 1e-8)
    return RerankModel(tuple(features), tuple(map(float, mean)), tuple(map(float, scale)), tuple(map(float, w)),
                       depth, note=note)


def folds(lists: Lists, k: int = 5) -> list[list[int]]:
    """The k folds of query positions, grouped by booklet entry (its variants, bare and typo forms stay together)."""
    groups = sorted({q.id.split("/")[0] for q in lists.queries})
    random.Random(0).shuffle(groups)
    fold_of = {g: i % k for i, g in enumerate(groups)}
    out: list[list[int]] = [[] for _ in range(k)]
    for i, q in enumerate(lists.queries):
        out[fold_of[q.id.split("/")[0]]].append(i)
    return out


_APART = ("covered", "cadre")  # styles reported on their own, never in the leave-one-out "all"


def kfold_metrics(lists: Lists, k: int = 5, **train: object) -> dict[str, dict[str, float]]:
    """Booklet metrics with each fold reranked by a model trained on the other folds (grouped by entry).

    "all" is over the leave-one-out queries only (comparable with the first stage's booklet figures);
    "covered" is reported as its own style.
    """
    parts = folds(lists, k)
    ranks_by_style: dict[str, list[dict[str, float]]] = defaultdict(list)
    for i, test in enumerate(parts):
        train_rows = [r for j, p in enumerate(parts) if j != i for r in p]
        model = train_reranker(lists.subset(train_rows), **train)  # type: ignore[arg-type]
        loo = [r for r in test if lists.queries[r].style not in _APART]
        for style, m in list_metrics(lists.subset(loo), model).items():
            ranks_by_style[style].append(m)
        for apart in _APART:
            rows = [r for r in test if lists.queries[r].style == apart]
            if rows:
                ranks_by_style[apart].append(list_metrics(lists.subset(rows), model)["all"])
    # pool the folds' metrics weighted by their sizes
    out = {}
    for style, ms in ranks_by_style.items():
        n = sum(m["n"] for m in ms) or 1
        out[style] = {key: sum(m[key] * m["n"] for m in ms) / n for key in ("h1", "h5", "mrr")} | {"n": n}
    return out


RERANK_HEADER = ("| model | dev h@1 | dev h@5 | dev MRR | " + " | ".join(f"{s} h@1/h@5" for s in DEV_STYLES)
                 + " | book-LOO h@1 | h@5 | MRR | covered h@1 | h@5 | MRR | cadre h@1 | h@5 | MRR | objective |\n"
                 + "|---" * (4 + len(DEV_STYLES) + 10) + "|")


def booklet_objective(book: dict[str, dict[str, float]]) -> float:
    """Mean of MRR and hit@5 over leave-one-out and covered queries, the two halves equally weighted.

    With cadre queries: that, and the cadre queries' mean of MRR and hit@1, halves equal.
    """
    loo, cov = book["all"], book.get("covered", book["all"])
    booklet = 0.25 * (loo["mrr"] + loo["h5"] + cov["mrr"] + cov["h5"])
    cadre = book.get("cadre")
    return booklet if cadre is None else 0.5 * booklet + 0.25 * (cadre["mrr"] + cadre["h1"])


def rerank_row(name: str, dev: dict, book: dict) -> str:
    """One markdown row of the reranker table."""
    none = {"h1": 0, "h5": 0, "mrr": 0}
    d, b, c, k = dev["all"], book["all"], book.get("covered", none), book.get("cadre", none)
    cells = [name, f"{d['h1']:.3f}", f"{d['h5']:.3f}", f"{d['mrr']:.3f}"]
    cells += [f"{dev.get(s, {}).get('h1', 0):.2f}/{dev.get(s, {}).get('h5', 0):.2f}" for s in DEV_STYLES]
    cells += [f"{b['h1']:.3f}", f"{b['h5']:.3f}", f"{b['mrr']:.3f}", f"{c['h1']:.3f}", f"{c['h5']:.3f}",
              f"{c['mrr']:.3f}", f"{k['h1']:.3f}", f"{k['h5']:.3f}", f"{k['mrr']:.3f}",
              f"{booklet_objective(book):.4f}"]
    return "| " + " | ".join(cells) + " |"


def rerank_report(bench: Bench, dev: Sequence[Query], book: Sequence[Query], covered: Sequence[Query],  # noqa: PLR0917
                  rewriter: Callable, params: RetrievalSettings, lines: list[str], write_model: bool,
                  cadre: Sequence[Query] = (), cadre_share: float = 0.5) -> RerankModel:
    """First stage vs reranker trials, each measured by 5-fold on the booklet (grouped by entry) and on dev.

    Training = booklet leave-one-out + covered queries, the two halves weighted equally. The trial with the
    best booklet objective is chosen (dev is only reported); with `write_model` it is trained on the whole
    booklet and written to index/rerank_model.json.
    """
    dev_lists = collect(bench, dev, rewriter, params)
    book_lists = collect(bench, book, rewriter, params)
    cov_lists = collect(bench, covered, rewriter, params)
    train = book_lists + cov_lists.weighted(len(book_lists.queries))
    cad_lists = collect(bench, cadre, rewriter, params) if cadre else None
    if cad_lists is not None:
        train = train + cad_lists.weighted(cadre_share * len(book_lists.queries))
    recall = lambda ls: float(ls.gold.any(axis=1).mean())  # noqa: E731
    lines.append(f"\nGold among the first stage's top 20 (the reranker's ceiling): dev {recall(dev_lists):.3f}, "
                 f"booklet-LOO {recall(book_lists):.3f}, covered {recall(cov_lists):.3f}"
                 + (f", cadre {recall(cad_lists):.3f}" if cad_lists is not None else "") + "\n")
    lines.append(RERANK_HEADER)
    for name, model in (("first stage (configured)", None), ("shipped model (never saw cadre)", RerankModel.load())):
        book_m = {**list_metrics(book_lists, model, params), "covered": list_metrics(cov_lists, model, params)["all"]}
        if cad_lists is not None:
            book_m["cadre"] = list_metrics(cad_lists, model, params)["all"]
        lines.append(rerank_row(name, list_metrics(dev_lists, model, params), book_m))
        print((RERANK_HEADER + "\n" if model is None else "") + lines[-1], flush=True)
    best: tuple[float, str, tuple[str, ...], float] | None = None
    for name, feats, l2 in RERANK_TRIALS:
        t0 = time.perf_counter()
        booklet = kfold_metrics(train, features=feats, l2=l2)
        model = train_reranker(train, feats, l2)
        score = booklet_objective(booklet)
        lines.append(rerank_row(f"{name}, l2={l2}", list_metrics(dev_lists, model, params), booklet))
        print(lines[-1], f"({time.perf_counter() - t0:.1f} s)", flush=True)
        if best is None or score > best[0] + 1e-4:
            best = (score, name, feats, l2)
    assert best is not None
    _, name, feats, l2 = best
    chosen = train_reranker(train, feats, l2, note=(
        f"{name}, l2={l2}; trained by benchmarks/tune_ranking.py --rerank on booklet leave-one-out "
        f"({len(book_lists.queries)} queries) + covered variants ({len(cov_lists.queries)}), halves equal"
        + (f"; + cadre-style tuning questions ({len(cad_lists.queries)}) weighing {cadre_share} of the booklet"
           if cad_lists is not None else "")))
    lines.append(f"\nChosen by the booklet objective: **{name}, l2={l2}**. Weights (standardised features):\n")
    lines += [f"- {f}: {w:+.3f}" for f, w in zip(chosen.features, chosen.weights, strict=True)]
    if write_model:
        MODEL_FILE.write_text(chosen.to_json(), encoding="utf-8")
    return chosen


MODEL_FILE = REPO / "index" / "rerank_model.json"
_NO_FAQ = tuple(f for f in FEATURES if not f.startswith("faq"))
_SCORES = ("fused_gap", "log_rank", "lexical", "dense", "faq_dense", "faq_lexical")
RERANK_TRIALS: list[tuple[str, tuple[str, ...], float]] = [
    *(("all features", FEATURES, l2) for l2 in (3.0, 10.0, 30.0, 100.0)),
    *(("no booklet features", _NO_FAQ, l2) for l2 in (10.0, 30.0)),
    ("first-stage scores only", _SCORES, 30.0),
    ("scores + coverage", (*_SCORES, "cover_text", "cover_bigram", "cover_clause", "cover_title"), 30.0),
    ("scores + coverage + booklet agreement", (*_SCORES, "cover_text", "cover_bigram", "cover_clause", "cover_title",
                                              "faq_agree_dense", "faq_agree_lexical"), 30.0),
]


def metrics(ranks: list[int | None]) -> dict[str, float]:
    """hit@1, hit@5 and MRR@10 of a list of gold ranks."""
    n = len(ranks) or 1
    return {"h1": sum(1 for r in ranks if r == 1) / n, "h5": sum(1 for r in ranks if r and r <= 5) / n,
            "mrr": sum(1 / r for r in ranks if r) / n, "n": len(ranks)}




def row(name: str, dev: dict, book: dict) -> str:
    """One markdown table row: dev all + by style (h@5), booklet all + by style (h@5)."""
    d, b = dev["all"], book["all"]
    cells = [name, f"{d['h1']:.3f}", f"{d['h5']:.3f}", f"{d['mrr']:.3f}"]
    cells += [f"{dev.get(s, {}).get('h5', 0):.2f}" for s in DEV_STYLES]
    cells += [f"{b['h1']:.3f}", f"{b['h5']:.3f}", f"{b['mrr']:.3f}"]
    cells += [f"{book.get(s, {}).get('h1', 0):.2f}/{book.get(s, {}).get('h5', 0):.2f}" for s in BOOK_STYLES]
    return "| " + " | ".join(cells) + " |"


HEADER = ("| step | dev h@1 | dev h@5 | dev MRR | " + " | ".join(f"{s} h@5" for s in DEV_STYLES)
          + " | book h@1 | book h@5 | book MRR | " + " | ".join(f"b-{s} h@1/h@5" for s in BOOK_STYLES) + " |\n"
          + "|---" * (4 + len(DEV_STYLES) + 3 + len(BOOK_STYLES)) + "|")


def refusal_report(bench: Bench, dev: Sequence[Query], rewriter: Callable, params: RetrievalSettings,
                   thresholds: Iterable[float]) -> list[str]:
    """OOS refused / in-scope refused on dev for a few cosine thresholds."""
    bench.run(dev, rewriter, params)
    lines = []
    for t in thresholds:
        oos = sum(1 for x in bench.tops_oos if x < t) / max(1, len(bench.tops_oos))
        ins = sum(1 for x in bench.tops_in if x < t) / max(1, len(bench.tops_in))
        lines.append(f"- threshold {t:.3f}: OOS refused {oos:.3f}, in-scope refused {ins:.3f}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=None)
    parser.add_argument("--questions", default=str(REPO.parent / "shared" / "eval" / "questions.yaml"))
    parser.add_argument("--write", action="store_true", help="write benchmarks/results/ranking.md")
    parser.add_argument("--rewriters-only", action="store_true")
    parser.add_argument("--search", action="store_true", help="coordinate ascent on dev+booklet MRR")
    parser.add_argument("--rerank", action="store_true", help="train and measure the reranker only")
    parser.add_argument("--write-model", action="store_true", help="write the best booklet trial to the model file")
    parser.add_argument("--cadre", action="store_true", help="with --rerank: also train on the cadre-style tuning sets")
    parser.add_argument("--cadre-share", type=float, default=0.5, help="their weight against the booklet's")
    args = parser.parse_args(argv)
    settings = load_settings(args.config)
    t0 = time.perf_counter()
    index = load_index(settings)
    bench = Bench(index)
    dev = dev_queries(Path(args.questions))
    book = booklet_queries(index, REPO / "knowledge" / "materials" / "faq.yaml")
    base_params = settings.retrieval
    base_rw = index.rewriter
    lines = [HEADER]

    def step(name: str, params: RetrievalSettings = base_params, rewriter: Callable = base_rw, n: int = 100) -> None:
        dm = bench.run(dev, rewriter, params, n)
        bm = bench.run(book, rewriter, params, n)
        line = row(name, dm, bm)
        lines.append(line)
        print(line, flush=True)

    if args.rerank:
        covered = covered_queries(index, REPO / "knowledge" / "materials" / "faq.yaml")
        cadre = cadre_queries(CADRE_SETS) if args.cadre else []
        model = rerank_report(bench, dev, book, covered, base_rw, base_params, lines, args.write_model, cadre,
                              args.cadre_share)
        print("\n".join(lines[-len(model.features) - 2:]))
        return 0
    print(HEADER)
    step("configured defaults")
    for name, rw in rewriters(index):
        step(name, rewriter=rw)
    if args.rewriters_only:
        return 0
    if args.search:
        chosen = coordinate_ascent(bench, dev, book, base_rw, base_params, lines)
        print(chosen)
        return 0
    for name, params in sweep(base_params):
        step(name, params)
    print(f"({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    lines += ["", "Refusal (dev, configured defaults):", *refusal_report(
        bench, dev, base_rw, base_params, (0.85, 0.86, 0.865, 0.87, 0.875, 0.88))]
    print("\n".join(lines[-7:]))
    if args.write:
        RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


def rewriters(index: SearchIndex) -> list[tuple[str, Callable]]:
    """The rewriter with each text-handling step off and on."""
    base = index.rewriter
    if not isinstance(base, DefaultRewriter):
        return []
    out = []
    for abbreviations, typos in ((False, False), (True, False), (False, True), (True, True)):
        rw = DefaultRewriter(index.glossary, index.restorer, base.glossary_weight, base.restored_weight,
                             abbreviations, typos)
        out.append((f"rewriter abbreviations={abbreviations} typos={typos}", rw))
    out.append(("glossary matched folded (old)", replace(base, glossary_accented=False)))
    for gw in (0.0, 0.4, 1.0):
        out.append((f"glossary_weight={gw}", replace(base, glossary_weight=gw)))
    return out


GRID: dict[str, tuple] = {
    "clause_bonus": (0.0, 0.02, 0.05, 0.1),
    "dense_weight": (0.1, 0.2, 0.3, 0.45, 0.6),
    "lexical_weight": (0.7, 1.0, 1.5),
    "title_weight": (0.5, 0.75, 1.0),
    "faq_weight": (0.5, 0.75, 1.0),
    "primary_prior": (0.0, 0.02, 0.05, 0.1, 0.15),
    "statute_prior": (0.0, 0.02, 0.05, 0.1, 0.15),
    "fusion": ("score", "rrf"),
}


def objective(dev: dict, book: dict) -> float:
    """Equal parts dev and booklet-LOO, each the mean of MRR@10 and hit@5: a setting must help both to win."""
    return 0.25 * (dev["all"]["mrr"] + dev["all"]["h5"] + book["all"]["mrr"] + book["all"]["h5"])


def coordinate_ascent(bench: Bench, dev: Sequence[Query], book: Sequence[Query], rewriter: Callable,  # noqa: PLR0917
                      params: RetrievalSettings, lines: list[str], passes: int = 2) -> RetrievalSettings:
    """Greedy one-knob-at-a-time search over `GRID`; every accepted change is a table row."""
    best = objective(bench.run(dev, rewriter, params), bench.run(book, rewriter, params))
    for _ in range(passes):
        improved = False
        for name, values in GRID.items():
            for value in values:
                if getattr(params, name) == value:
                    continue
                trial = replace(params, **{name: value})
                dm, bm = bench.run(dev, rewriter, trial), bench.run(book, rewriter, trial)
                score = objective(dm, bm)
                if score > best + 1e-4:
                    best, params, improved = score, trial, True
                    line = row(f"+ {name}={value}", dm, bm)
                    lines.append(line)
                    print(line, flush=True)
        if not improved:
            break
    return params


NOT_RANKING = frozenset({"glossary_weight", "refusal_min_cosine"})  # rewriter / refusal: not `rank`'s knobs


def sweep(base: RetrievalSettings) -> list[tuple[str, RetrievalSettings]]:
    """One-knob-at-a-time variations around the configured parameters."""
    out: list[tuple[str, RetrievalSettings]] = []
    for f in dataclasses.fields(RetrievalSettings):
        if f.name in NOT_RANKING:
            continue
        if f.name == "fusion":
            out.append(("fusion=rrf", replace(base, fusion="rrf")))
            continue
        value = getattr(base, f.name)
        if not isinstance(value, float):
            continue
        for mult in (0.0, 0.5, 1.5, 2.0):
            out.append((f"{f.name}={value * mult:g}", replace(base, **{f.name: value * mult})))
    return out


if __name__ == "__main__":
    raise SystemExit(main())
