"""Build the real corpus into a temporary state dir and measure retrieval quality, build time and latency.

    python benchmarks/build_and_search.py [--config config.yaml] [--questions ../shared/eval/questions.yaml]

Prints, and writes to benchmarks/results/index.md: hit@1/3/5 and MRR@10 per style for BM25 only, dense only
and hybrid variants; cold build, first-start preview build, warm-cache build and one-changed-file rebuild
times; search latency p50/p95; peak RSS; index size on disk. The dev questions are only read here, never fed
into anything built.
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index import store
from index.build import build_index
from index.search import SearchIndex
from settings import SourceSpec, load_settings

RESULTS = Path(__file__).resolve().parent / "results" / "index.md"


def loader():
    """knowledge.sources.load_knowledge once it exists; until then the parsers called directly."""
    try:
        from knowledge.sources import load_knowledge

        return load_knowledge
    except ImportError:
        pass
    import hashlib

    from knowledge.codified import looks_codified, parse_codified
    from knowledge.legal_document import parse_legal
    from knowledge.materials import load_material
    from knowledge.model import KnowledgeBase
    from knowledge.text import decode
    from knowledge.training import parse_training

    def load(specs):
        docs, faq, glossary = [], [], []
        for spec in specs:
            for pattern in spec.patterns:
                for path in sorted(spec.path.glob(pattern)):
                    if path.suffix == ".yaml":
                        f, g = load_material(path)
                        faq += f
                        glossary += g
                        continue
                    data = path.read_bytes()
                    text = decode(data, str(path)).text
                    sha = hashlib.sha256(data).hexdigest()
                    if path.suffix == ".txt":
                        docs.append(parse_training(text, str(path), sha))
                    elif looks_codified(text):
                        docs.append(parse_codified(text, str(path), sha))
                    else:
                        docs.append(parse_legal(text, str(path), sha))
        return KnowledgeBase(tuple(docs), tuple(faq), tuple(glossary))

    return load


def metrics(index: SearchIndex, questions: list[dict]) -> tuple[dict, list[float]]:
    by_style: dict[str, list[int | None]] = defaultdict(list)
    latencies = []
    for q in questions:
        if not q["gold"]:
            continue
        t = time.perf_counter()
        hits = index.search(q["question"], k=10)
        latencies.append((time.perf_counter() - t) * 1000)
        ids = [h.article.id for h in hits]
        rank = next((i + 1 for i, a in enumerate(ids) if a in set(q["gold"])), None)
        by_style[q["style"]].append(rank)
        by_style["all"].append(rank)

    def summary(ranks):
        n = len(ranks)
        return {"n": n, **{f"hit@{k}": sum(1 for r in ranks if r and r <= k) / n for k in (1, 3, 5)},
                "mrr@10": sum(1 / r for r in ranks if r and r <= 10) / n}

    return {s: summary(r) for s, r in by_style.items()}, latencies


def fmt_table(rows: list[tuple[str, dict]]) -> str:
    styles = sorted({s for _, m in rows for s in m if s != "all"})
    out = ["| variant | hit@1 | hit@3 | hit@5 | MRR@10 | " + " | ".join(f"{s} h@3" for s in styles) + " |",
           "|---" * (5 + len(styles)) + "|"]
    for name, m in rows:
        a = m["all"]
        out.append(f"| {name} | {a['hit@1']:.3f} | {a['hit@3']:.3f} | {a['hit@5']:.3f} | {a['mrr@10']:.3f} | "
                   + " | ".join(f"{m[s]['hit@3']:.2f} (n={m[s]['n']})" for s in styles) + " |")
    return "\n".join(out)


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--config")
    ap.add_argument("--questions", default=str(Path(__file__).resolve().parents[2] / "shared/eval/questions.yaml"))
    ap.add_argument("--keep", help="state dir to use and keep (default: a temp dir, removed)")
    args = ap.parse_args()
    base = load_settings(args.config)
    questions = yaml.safe_load(Path(args.questions).read_text(encoding="utf-8"))
    tmp = Path(args.keep or tempfile.mkdtemp(prefix="index-bench-"))
    # Copy the sources so one file can be changed for the incremental-rebuild measurement.
    specs = []
    for i, spec in enumerate(base.sources):
        dst = tmp / f"src{i}"
        dst.mkdir(parents=True, exist_ok=True)
        for pattern in spec.patterns:
            for path in spec.path.glob(pattern):
                shutil.copy2(path, dst / path.name)
        specs.append(SourceSpec(dst, spec.patterns))
    settings = dataclasses.replace(base, state_dir=tmp / "state", sources=tuple(specs))
    load = loader()
    lines = [f"# Index benchmark ({time.strftime('%Y-%m-%d %H:%M')}, {settings.encoder.backend}:"
             f"{settings.encoder.model})", ""]

    def progress(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    # A first start's preview (serving.firststart), cold, in a state dir of its own so the full build
    # below is cold too.
    preview = build_index(dataclasses.replace(settings, state_dir=tmp / "preview-state"), kb_loader=load,
                          progress=progress, switch=False, preview=True)
    cold = build_index(settings, kb_loader=load, progress=progress)
    warm = build_index(settings, kb_loader=load, progress=progress)
    target = next(p for s in specs for p in sorted(s.path.glob("*.md")) if p.name.startswith("trung-cau"))
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("công dân", "công dân Việt Nam", 1), encoding="utf-8")
    touched = build_index(settings, kb_loader=load, progress=progress)
    lines += ["## Build", "",
              f"- corpus: {cold.documents} documents, {cold.articles} articles, {cold.passages} passages "
              f"{cold.passages_by_kind}, {cold.faq} FAQ, {cold.glossary} glossary terms",
              f"- cold build: {cold.seconds:.1f} s ({cold.embedded} passages embedded)",
              f"- first-start preview build, cold: {preview.seconds:.1f} s ({preview.embedded} titles and booklet "
              f"entries embedded; the bot answers from it while the full build runs)",
              f"- warm-cache rebuild: {warm.seconds:.1f} s ({warm.embedded} embedded)",
              f"- rebuild after changing one file ({target.name}): {touched.seconds:.1f} s "
              f"({touched.embedded} embedded, changed={touched.changed})",
              f"- index folder size: {dir_size(touched.folder) / 1e6:.1f} MB; embedding cache "
              f"{dir_size(settings.state_dir / 'embedding-cache') / 1e6:.1f} MB", ""]

    index = store.load_index(settings)
    for q in questions[:5]:
        index.search(q["question"])  # warm-up
    rows = []
    configured = index.params
    variants = [
        ("BM25 only", dict(use_dense=False), replace(configured, fusion="rrf")),
        ("dense only", dict(use_lexical=False), replace(configured, fusion="rrf")),
        ("hybrid RRF, weights 1/1", {}, replace(configured, fusion="rrf", dense_weight=1.0)),
        ("hybrid score fusion, weights 1/1", {}, replace(configured, fusion="score", dense_weight=1.0)),
        ("hybrid RRF, dense_weight 0.3", {}, replace(configured, fusion="rrf", dense_weight=0.3)),
        ("hybrid, configured (default)", {}, configured),
    ]
    latency = []
    for name, switches, params in variants:
        index.use_lexical = switches.get("use_lexical", True)
        index.use_dense = switches.get("use_dense", True)
        index.params = params
        m, lat = metrics(index, questions)
        rows.append((name, m))
        if name.endswith("(default)"):
            latency = lat
        print(name, m["all"], file=sys.stderr)
    index.use_lexical = index.use_dense = True
    index.params = configured
    rewriter = index.rewriter
    index.rewriter = lambda q: [(q, 1.0)]
    m, _ = metrics(index, questions)
    rows.append(("hybrid, configured, no query rewriting", m))
    index.rewriter = rewriter
    lines += ["## Retrieval on the dev set (in-scope questions)", "", fmt_table(rows), ""]
    lat = sorted(latency)
    p50 = statistics.median(lat)
    p95 = lat[int(0.95 * (len(lat) - 1))]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines += ["## Latency and memory", "",
              f"- search latency (hybrid, warm, {len(lat)} queries): p50 {p50:.1f} ms, p95 {p95:.1f} ms",
              f"- peak RSS of this process (build + search): {rss:.0f} MB", ""]
    report = "\n".join(lines)
    print(report)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report + "\n", encoding="utf-8")
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
