"""Warm in-process latency of conversation turns: each dialogue answered in order, with context, as the bot does.

    python benchmarks/dialogue_latency.py [--config config.yaml] [--rounds 3] [--dialogues FILE]

Loads the serving index, answers every dialogue of the file (default: the development dialogues) once as a
warm-up, then `--rounds` more times, timing each turn. Turns after the first that have a context are the
ones answered in context; first turns are single-turn answers, given for comparison. Prints p50/p95/max of
both and writes them to benchmarks/results/dialogue_latency.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from answers.dialogue import Turn  # noqa: E402
from answers.dialogue_eval import Dialogue, load_dialogues  # noqa: E402
from answers.service import AnswerService, load_service  # noqa: E402
from benchmarks.ask_latency import percentile  # noqa: E402
from settings import load_settings  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "dialogue_latency.md"


def time_dialogues(service: AnswerService, dialogues: list[Dialogue]) -> tuple[list[float], list[float]]:
    """Milliseconds of every first turn and of every turn answered with a context, in one pass."""
    first: list[float] = []
    in_context: list[float] = []
    for dialogue in dialogues:
        context: Turn | None = None
        for turn in dialogue.turns:
            started = time.perf_counter()
            reply = service.answer(turn.question, context)
            (in_context if context is not None else first).append((time.perf_counter() - started) * 1000)
            if reply.turn is not None:
                context = reply.turn
    return first, in_context


def line(name: str, values: list[float]) -> str:
    """One figure line: count, p50, p95, max."""
    return (f"- {name} (n={len(values)}): p50 {statistics.median(values):.1f} ms, "
            f"p95 {percentile(values, 95):.1f} ms, max {max(values):.1f} ms")


def main() -> int:
    """Time the dialogues and write the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", default=None)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dialogues", default=str(REPO / "benchmarks" / "data" / "dialogues_dev.yaml"))
    args = parser.parse_args()
    service = load_service(load_settings(args.config))
    dialogues = load_dialogues(Path(args.dialogues))
    time_dialogues(service, dialogues)  # warm-up: lazy tables and caches
    load = os.getloadavg()[0]
    first: list[float] = []
    in_context: list[float] = []
    for _ in range(args.rounds):
        f, c = time_dialogues(service, dialogues)
        first += f
        in_context += c
    report = "\n".join([
        f"# Conversation turns, warm, in-process ({dt.date.today()}, {os.cpu_count()} cores)",
        "",
        f"Command: `python benchmarks/dialogue_latency.py --rounds {args.rounds}`; "
        f"{Path(args.dialogues).name}, {len(dialogues)} dialogues × {args.rounds} rounds after a warm-up round; "
        f"load average at start {load:.2f}.",
        "",
        line("turns answered in context", in_context),
        line("first turns (single-turn)", first),
        "",
    ])
    print(report)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
