"""Tune ranking on two question sets without re-running retrieval for every setting.

    python benchmarks/tune_ranking.py [--config config.yaml] [--questions ../shared/eval/questions.yaml]
                                      [--steps all|NAME,...] [--write]

Sets:
- **dev**: the development set (`../shared/eval/questions.yaml`), by style. Only measured, never fed into
  anything built.
- **booklet-LOO**: every booklet question (and its written variants) with its cited articles as gold,
  leave-one-out: the entry's own FAQ passages are dropped from the candidates when it is the query. Two
  derived styles stress the text handling: `bare` (the question with its diacritics stripped) and `typo`
  (a deterministic pseudo-random letter dropped from one or two long syllables).

Retrieval is cached per query-variant text (BM25 and dense top-N lists), so a sweep over `RankParams` and
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from answers.evaluation import load_questions
from index.search import DefaultRewriter, QueryVariant, RankParams, SearchIndex, _variant
from index.store import load_index
from index.tokenize import fold_diacritics
from knowledge.materials import load_material
from settings import load_settings

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


def dev_queries(path: Path) -> list[Query]:
    """The dev set's questions (out-of-scope ones with an empty gold)."""
    return [Query(q.id, q.question, frozenset(q.gold), q.style) for q in load_questions(path)]


class Bench:
    """Cached candidates per variant text; evaluates any (rewriter, params) on a list of queries."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self._lex: dict[str, list[tuple[int, float]]] = {}
        self._dense: dict[str, list[tuple[int, float]]] = {}
        self._training = {aid for aid, a in index.articles.items() if a.document_id in index._training_docs}

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
        """What `SearchIndex._candidates` returns, from the cache, minus excluded passages."""
        lexical: dict[int, float] = {}
        dense: dict[int, float] = {}
        for v in variants:
            for pid, s in self._lex[v.text][:n]:
                if pid not in exclude:
                    lexical[pid] = max(lexical.get(pid, 0.0), s * v.weight)
            if v.dense:
                for pid, s in self._dense[v.text][:n]:
                    if pid not in exclude:
                        dense[pid] = max(dense.get(pid, float("-inf")), s * v.weight)
        return lexical, dense

    def run(self, queries: Sequence[Query], rewriter: Callable[[str], Sequence], params: RankParams,
            n: int = 100) -> dict[str, dict[str, float]]:
        """Metrics per style and overall ("all" = in-scope); OOS: dense_top per question in `_oos_tops`."""
        variants = {q.id: [_variant(v) for v in rewriter(q.text)] for q in queries}
        self.warm((v.text for vs in variants.values() for v in vs),
                  (v.text for vs in variants.values() for v in vs if v.dense))
        ranks: dict[str, list[int | None]] = defaultdict(list)
        self.tops_in: list[float] = []
        self.tops_oos: list[float] = []
        for q in queries:
            lex, den = self.candidates(variants[q.id], n, q.exclude)
            result = self.index.rank(lex, den, 10 + 5, params)
            hits = [h.article.id for h in result.hits if h.article.id not in self._training][:10]
            if not q.gold:
                self.tops_oos.append(result.evidence.dense_top)
                continue
            self.tops_in.append(result.evidence.dense_top)
            rank = next((i for i, aid in enumerate(hits, 1) if aid in q.gold), None)
            ranks[q.style].append(rank)
            ranks["all"].append(rank)
        return {style: metrics(r) for style, r in ranks.items()}


def metrics(ranks: list[int | None]) -> dict[str, float]:
    """hit@1, hit@5 and MRR@10 of a list of gold ranks."""
    n = len(ranks) or 1
    return {"h1": sum(1 for r in ranks if r == 1) / n, "h5": sum(1 for r in ranks if r and r <= 5) / n,
            "mrr": sum(1 / r for r in ranks if r) / n, "n": len(ranks)}


DEV_STYLES = ("chat", "formal", "keywords", "no-diacritics", "typo")
BOOK_STYLES = ("question", "variant", "bare", "typo")


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


def refusal_report(bench: Bench, dev: Sequence[Query], rewriter: Callable, params: RankParams,
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
    args = parser.parse_args(argv)
    settings = load_settings(args.config)
    t0 = time.perf_counter()
    index = load_index(settings)
    bench = Bench(index)
    dev = dev_queries(Path(args.questions))
    book = booklet_queries(index, REPO / "knowledge" / "materials" / "faq.yaml")
    base_params = RankParams.from_settings(settings.retrieval)
    base_rw = index.rewriter
    lines = [HEADER]

    def step(name: str, params: RankParams = base_params, rewriter: Callable = base_rw, n: int = 100) -> None:
        dm = bench.run(dev, rewriter, params, n)
        bm = bench.run(book, rewriter, params, n)
        line = row(name, dm, bm)
        lines.append(line)
        print(line, flush=True)

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
                      params: RankParams, lines: list[str], passes: int = 2) -> RankParams:
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


def sweep(base: RankParams) -> list[tuple[str, RankParams]]:
    """One-knob-at-a-time variations around the configured parameters."""
    out: list[tuple[str, RankParams]] = []
    for f in dataclasses.fields(RankParams):
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
