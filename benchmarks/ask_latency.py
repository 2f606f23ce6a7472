"""Warm in-process `ask` latency and memory: the whole answer path, as the bot runs it.

    python benchmarks/ask_latency.py [--config config.yaml] [--rounds 3]

Loads the serving index (build it first with `python bot.py build`), answers every development question
`--rounds` times after one warm-up round, and prints p50/p95/p99 latency, throughput on one thread, peak
RSS and the index folder's size. Figures go to benchmarks/results/ask.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from answers.evaluation import load_questions  # noqa: E402
from answers.service import load_service  # noqa: E402
from index import store  # noqa: E402
from settings import load_settings  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "ask.md"


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", default=None)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--questions", default=str(REPO.parent / "shared" / "eval" / "questions.yaml"))
    args = parser.parse_args()
    settings = load_settings(args.config)
    started = time.perf_counter()
    service = load_service(settings)
    load_s = time.perf_counter() - started
    questions = [q.question for q in load_questions(Path(args.questions))]
    for q in questions:  # warm-up: first calls pay for lazy tables and caches
        service.answer(q)
    latencies: list[float] = []
    wall = time.perf_counter()
    for _ in range(args.rounds):
        for q in questions:
            t = time.perf_counter()
            service.answer(q)
            latencies.append((time.perf_counter() - t) * 1000)
    wall = time.perf_counter() - wall
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    folder = store.current_folder(settings.state_dir)
    size_mb = folder_size(folder) / 1e6 if folder else 0.0
    lines = [
        f"# `ask` latency, warm, in-process ({dt.date.today()}, {os.cpu_count()} cores)",
        "",
        f"Command: `python benchmarks/ask_latency.py --rounds {args.rounds}`; {len(questions)} development "
        f"questions × {args.rounds} rounds after a warm-up round; load average at start "
        f"{os.getloadavg()[0]:.2f}.",
        "",
        f"- load the serving index: {load_s:.2f} s",
        f"- latency: p50 {statistics.median(latencies):.1f} ms, p95 {percentile(latencies, 95):.1f} ms, "
        f"p99 {percentile(latencies, 99):.1f} ms, max {max(latencies):.1f} ms",
        f"- one thread: {len(latencies) / wall:.1f} answers/s",
        f"- peak RSS of this process: {rss_mb:.0f} MB",
        f"- index folder on disk: {size_mb:.1f} MB",
        "",
    ]
    report = "\n".join(lines)
    print(report)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
