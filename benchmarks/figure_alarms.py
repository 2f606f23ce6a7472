"""False alarms of the 'texts do not fix this figure' line, and write benchmarks/results/figure_alarms.md.

    python benchmarks/figure_alarms.py [--config PATH] [--no-write]

The line (answers.messages.NOT_FIXED_LINES) must never stand above a reply whose texts do give the figure
asked for: that would tell a cadre the law is silent where it is not. Three sets of questions whose answer
holds a figure (a number, a share, a period) are run through the bot as `bot.py ask` would:

- the booklet's questions and variants (knowledge/materials/faq.yaml) whose plain answer holds a figure;
- the dev set's in-scope questions whose reference answer holds one;
- benchmarks/data/figures_fixed_tune.yaml: questions written for this check, each asking for a figure the
  loaded texts do fix (its `answer` names it), and the fixed-figure half of figures_tune_2.yaml ("fixed-2");
- the quiz bank's questions (knowledge/quiz) whose right option holds a figure, asked without the options.

A question of these sets whose reply shows the line is a false alarm; each is listed. Booklet questions
whose answer holds no figure are counted apart (the line there may be right: "luật không quy định …").
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from answers.evaluation import load_questions, says_not_fixed  # noqa: E402
from answers.figures import without_references  # noqa: E402
from answers.service import load_service  # noqa: E402
from knowledge.materials import load_material  # noqa: E402
from knowledge.quiz import load_banks  # noqa: E402
from settings import load_settings  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "figure_alarms.md"
BOOKLET = REPO / "knowledge" / "materials" / "faq.yaml"
FIXED = REPO / "benchmarks" / "data" / "figures_fixed_tune.yaml"
FIXED_2 = REPO / "benchmarks" / "data" / "figures_tune_2.yaml"  # its questions not marked figure_not_fixed
DEV = REPO / ".." / "shared" / "eval" / "questions.yaml"
QUIZ = REPO / "knowledge" / "quiz"
# a figure in a (folded) answer: digits, a share in words, a number word before a unit (numbers of documents,
# provisions and dates left out: "do HĐND tỉnh quyết định (Điều 6, Thông tư 56/2023/TT-BTC)" fixes nothing)
_FIGURE = re.compile(r"\d|(?<!\w)(?:phan ba|phan tu|phan tram|mot nua|qua nua|qua ban|da so|"
                     r"(?:mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi) (?:ngay|thang|nam|lan|nguoi|ho))(?!\w)")


@dataclass(frozen=True)
class Asked:
    """One question of the check: its set, its id, its text, and whether its answer holds a figure."""

    group: str
    id: str
    text: str
    figure: bool


def has_figure(answer: str) -> bool:
    """Whether a reference answer states a figure (a number, a share, a count or period in words)."""
    return bool(_FIGURE.search(without_references(answer)))


def questions() -> list[Asked]:
    """The booklet's, dev set's, negatives file's and quiz bank's questions, each with its answer's figure flag."""
    out: list[Asked] = []
    faq, _ = load_material(BOOKLET)
    for entry in faq:
        figure = has_figure(entry.answer)
        for i, text in enumerate((entry.question, *entry.variants)):
            out.append(Asked("booklet", f"{entry.id}/{i}", text, figure))
    for q in load_questions(DEV):
        if q.in_scope and q.answer:
            out.append(Asked("dev", q.id, q.question, has_figure(q.answer)))
    for q in load_questions(FIXED):
        out.append(Asked("fixed", q.id, q.question, True))
    for q in load_questions(FIXED_2):
        if q.in_scope and not q.figure_not_fixed:
            out.append(Asked("fixed-2", q.id, q.question, True))
    for item in load_banks([QUIZ]).questions:
        out.append(Asked("quiz", item.id, item.question, has_figure(item.options[item.answer])))
    return out


def main() -> int:
    """Run every question, count the line where the answer holds a figure, print and write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=REPO / "config.yaml")
    parser.add_argument("--no-write", action="store_true", help="print only; do not write the results file")
    args = parser.parse_args()
    service = load_service(load_settings(args.config))
    asked = questions()
    alarms: dict[tuple[str, bool], list[Asked]] = {}
    counts: dict[tuple[str, bool], int] = {}
    for item in asked:
        key = (item.group, item.figure)
        counts[key] = counts.get(key, 0) + 1
        if says_not_fixed(service.answer(item.text)):
            alarms.setdefault(key, []).append(item)
    lines = [f"# Figure-not-fixed line: false alarms ({dt.date.today().isoformat()})", "",
             "`python benchmarks/figure_alarms.py`: questions whose answer holds a figure must not get the line.",
             "", "| set | answer holds a figure | questions | line shown |", "|---|---|---|---|"]
    for key in sorted(counts):
        lines.append(f"| {key[0]} | {'yes' if key[1] else 'no'} | {counts[key]} | {len(alarms.get(key, []))} |")
    for key in sorted(alarms):
        title = "False alarms" if key[1] else "Line shown where the answer holds no figure (check by hand)"
        lines += ["", f"## {title}: {key[0]}", ""]
        lines += [f"- {a.id}: {a.text}" for a in alarms[key]]
    report = "\n".join(lines) + "\n"
    print(report)
    if not args.no_write:
        RESULTS.write_text(report, encoding="utf-8")
    return 1 if any(figure for (_, figure) in alarms) else 0


if __name__ == "__main__":
    raise SystemExit(main())
