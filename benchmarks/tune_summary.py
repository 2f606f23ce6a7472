"""How much of a user's wording a booklet question must share before its plain answer leads the reply.

    python benchmarks/tune_summary.py

Measured on the booklet alone, leaving one phrasing out at a time: each variant of an entry is asked as if a
user had typed it, against the other phrasings of every entry about the same article (the entries
`AnswerService._faq_summary` would weigh). At each threshold of `SUMMARY_MIN_COVER`: the share of variants
whose own entry lends its answer, and the shares where another entry's answer would lead instead, saying
much the same (the booklet repeats itself across entries) or something else. Figures go
to benchmarks/results/summary_cover.md. Also: how much the lending entry must lead the next one
(`SUMMARY_MARGIN`), since two entries that cover the user's words alike cannot be told apart.
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
from answers.service import SUMMARY_MARGIN, SUMMARY_MIN_COVER, fits_intent, summary_cover  # noqa: E402
from knowledge.materials import load_material  # noqa: E402
from knowledge.model import FaqEntry  # noqa: E402

BOOKLET = REPO / "knowledge" / "materials" / "faq.yaml"
RESULTS = REPO / "benchmarks" / "results" / "summary_cover.md"
THRESHOLDS = (0.6, 0.5, 0.4)
MARGINS = (0.0, 0.1, 0.2, 0.3)
ALIKE = 0.5  # another entry whose answer shares this much of the own entry's answer says much the same


def _covers(variant: str, entries: list[FaqEntry]) -> list[tuple[float, str]]:
    """Each entry's cover of `variant` (its own phrasing left out), best first; only entries fitting its intent."""
    asked = set(content_words(variant))
    intent = read_intent(variant)
    return sorted(((summary_cover(asked, e, leave_out=variant), e.id) for e in entries if fits_intent(e, intent)),
                  reverse=True)


def _outcome(own: str, covers: list[tuple[float, str]], threshold: float, margin: float) -> str:
    """"own", "other" (another entry's answer would lead) or "none" (the law's sentence leads)."""
    if not covers or covers[0][0] < threshold:
        return "none"
    rival = covers[1][0] if len(covers) > 1 else 0.0
    if covers[0][0] - rival < margin:
        return "none"
    return "own" if covers[0][1] == own else covers[0][1]


def _alike(a: FaqEntry, b: FaqEntry) -> bool:
    """Whether `b`'s answer holds at least half of `a`'s answer's topic words (the booklet repeats itself)."""
    words = set(content_words(a.answer))
    return len(words & set(content_words(b.answer))) / max(len(words), 1) >= ALIKE


def main() -> int:
    """Print and write the table."""
    faq, _ = load_material(BOOKLET)
    by_article: dict[str, list[FaqEntry]] = defaultdict(list)
    for entry in faq:
        if entry.articles:
            by_article[entry.articles[0]].append(entry)
    trials = [(entry.id, _covers(v, by_article[entry.articles[0]])) for entry in faq if entry.articles
              for v in entry.variants if content_words(v)]
    lines = [f"# Booklet answers that lead the reply ({dt.date.today().isoformat()})", "",
             "`python benchmarks/tune_summary.py` — each of the booklet's "
             f"{len(trials)} variants asked against the other phrasings of the entries about the same article.",
             f"Shipped: `SUMMARY_MIN_COVER = {SUMMARY_MIN_COVER}`, `SUMMARY_MARGIN = {SUMMARY_MARGIN}`.", "",
             "| cover at least | lead over the next entry | own entry's answer leads | another entry's, saying much "
             "the same | another entry's, saying something else |", "|---|---|---|---|---|"]
    entries = {e.id: e for e in faq}
    for t in THRESHOLDS:
        for m in MARGINS:
            outcomes = [(own, _outcome(own, covers, t, m)) for own, covers in trials]
            mine = sum(1 for _, o in outcomes if o == "own")
            alike = sum(1 for own, o in outcomes if o not in ("own", "none") and _alike(entries[own], entries[o]))
            other = sum(1 for _, o in outcomes if o not in ("own", "none")) - alike
            n = len(trials)
            lines.append(f"| {t} | {m} | {mine / n:.3f} | {alike / n:.3f} | {other / n:.3f} |")
    print("\n".join(lines))
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
