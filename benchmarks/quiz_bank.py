"""The quiz bank against the knowledge base: coverage per chapter, and whether the bot finds what it asks.

    python benchmarks/quiz_bank.py            # writes benchmarks/results/quiz_bank.md

Coverage: for each topic, its questions, and for the Law 10/2022/QH15 each chapter's articles with at least
one question. Consistency: every question's stem is asked through the bot's own answer path (no options
shown), and it counts whether the article the question rests on is among the first 1 / 3 cited. The bank is
the team's own writing from the law; a miss means the question is worded unlike the clause, or the
retrieval misses a real question — either is worth a look, and the list of misses is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from answers.service import load_service
from knowledge.model import PRIMARY_LAW
from knowledge.quiz import load_banks
from settings import load_settings

RESULTS = Path(__file__).resolve().parent / "results" / "quiz_bank.md"


def main() -> int:
    """Measure coverage and consistency of the configured banks; print and write the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", default=str(Path(__file__).resolve().parent.parent / "config.yaml"))
    parser.add_argument("--out", default=str(RESULTS))
    args = parser.parse_args()
    settings = load_settings(Path(args.config))
    bank = load_banks(list(settings.quiz_banks))
    service = load_service(settings)
    started = time.perf_counter()
    ranks: dict[str, int] = {}
    for q in bank.questions:
        cited = [c.id for c in service.answer(q.question).citations]
        ranks[q.id] = cited.index(q.article) + 1 if q.article in cited else 0
    seconds = time.perf_counter() - started
    n = len(bank.questions)
    top1 = sum(1 for r in ranks.values() if r == 1) / n
    top3 = sum(1 for r in ranks.values() if 1 <= r <= 3) / n

    law = [a for a in service.index.articles.values() if a.citation.document_number == PRIMARY_LAW]  # type: ignore[attr-defined]
    chapters: dict[str, list[str]] = defaultdict(list)
    for article in law:
        chapters[article.chapter.split(" / ")[0]].append(article.id)
    asked = {q.article for q in bank.questions}
    by_topic = Counter(q.topic for q in bank.questions)
    per_topic_top3 = defaultdict(list)
    for q in bank.questions:
        per_topic_top3[q.topic].append(1 <= ranks[q.id] <= 3)

    lines = [
        "# Quiz bank: coverage and consistency with the knowledge base",
        "",
        f"Measured {dt.date.today().isoformat()} with `python benchmarks/quiz_bank.py` on the default config "
        f"({n} questions, {seconds:.0f} s for all answers).",
        "",
        f"- Cited article of the question among the bot's first 3 citations: **{top3:.3f}** "
        f"(first: {top1:.3f}).",
        "",
        "| topic | title | questions | article in top 3 |",
        "|---|---|---:|---:|",
    ]
    for topic in bank.topics:
        hits = per_topic_top3.get(topic.key, [])
        if hits:
            lines.append(f"| `{topic.key}` | {topic.title} | {by_topic[topic.key]} | {sum(hits) / len(hits):.2f} |")
    lines += ["", "Law 10/2022/QH15, articles with at least one question, by chapter:", "",
              "| chapter | articles | with a question |", "|---|---:|---:|"]
    for chapter, ids in chapters.items():
        lines.append(f"| {chapter} | {len(ids)} | {sum(1 for i in ids if i in asked)} |")
    misses = [q for q in bank.questions if not 1 <= ranks[q.id] <= 3]
    lines += ["", f"Questions whose article is not in the top 3 ({len(misses)}):", ""]
    lines += [f"- `{q.id}` ({q.article}, rank {ranks[q.id] or '—'}): {q.question}" for q in misses]
    report = "\n".join(lines) + "\n"
    Path(args.out).write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
