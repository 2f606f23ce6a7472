"""How much of a user's wording a booklet question must share before its plain answer leads the reply.

    python benchmarks/tune_summary.py

Measured on the booklet alone, leaving one phrasing out at a time: each variant of an entry is asked as if a
user had typed it, against the other phrasings of every entry about the same article (the entries
`AnswerService._faq_summary` would weigh). At each threshold of `SUMMARY_MIN_COVER`: the share of variants
whose own entry lends its answer, and the share where another entry's answer would lead instead. Figures go
to benchmarks/results/summary_cover.md.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from answers.intent import read_intent  # noqa: E402
from answers.sentences import content_words  # noqa: E402
from answers.service import SUMMARY_MIN_COVER, _fits  # noqa: E402
from knowledge.materials import load_material  # noqa: E402
from knowledge.model import FaqEntry  # noqa: E402

BOOKLET = REPO / "knowledge" / "materials" / "faq.yaml"
RESULTS = REPO / "benchmarks" / "results" / "summary_cover.md"
THRESHOLDS = (0.7, 0.6, 0.5, 0.4)


def _cover(asked: set[str], form: str) -> float:
    return len(asked & set(content_words(form))) / len(asked)


def _lender(variant: str, entries: list[FaqEntry]) -> tuple[FaqEntry | None, float]:
    """The entry whose other phrasing covers most of `variant`'s words (among those that fit its intent)."""
    asked = set(content_words(variant))
    intent = read_intent(variant)
    best, best_cover = None, 0.0
    for entry in entries:
        if not _fits(entry, intent):
            continue
        for form in (entry.question, *entry.variants):
            if form != variant and (cover := _cover(asked, form)) > best_cover:
                best, best_cover = entry, cover
    return best, best_cover


def main() -> int:
    """Print and write the table."""
    faq, _ = load_material(BOOKLET)
    by_article: dict[str, list[FaqEntry]] = defaultdict(list)
    for entry in faq:
        if entry.articles:
            by_article[entry.articles[0]].append(entry)
    trials = [(entry, *_lender(v, by_article[entry.articles[0]])) for entry in faq if entry.articles
              for v in entry.variants if content_words(v)]
    lines = [f"# Booklet answers that lead the reply ({dt.date.today().isoformat()})", "",
             "`python benchmarks/tune_summary.py` — each of the booklet's "
             f"{len(trials)} variants asked against the other phrasings of the entries about the same article.",
             f"Shipped: `SUMMARY_MIN_COVER = {SUMMARY_MIN_COVER}`.", "",
             "| threshold | own entry's answer leads | another entry's answer leads | precision |", "|---|---|---|---|"]
    for t in THRESHOLDS:
        own = sum(1 for entry, lender, cover in trials if cover >= t and lender is entry)
        other = sum(1 for entry, lender, cover in trials if cover >= t and lender is not entry)
        lines.append(f"| {t} | {own / len(trials):.3f} | {other / len(trials):.3f} | {own / max(own + other, 1):.3f} |")
    print("\n".join(lines))
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
