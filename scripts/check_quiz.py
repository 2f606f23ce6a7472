"""Check quiz bank files against the configured knowledge base, for the team's writers and for admins.

`python scripts/check_quiz.py [FILE.yaml ...]` (default: every bank in knowledge/quiz/) prints each problem
with its file and line — schema, unknown article, missing khoản, a right option the clause does not
support — then the number of questions per topic. Exit code 1 when anything is wrong.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.errors import MaterialError  # noqa: E402
from knowledge.quiz import check_against_articles, load_banks  # noqa: E402
from knowledge.sources import load_knowledge  # noqa: E402
from settings import load_settings  # noqa: E402


def main(argv: list[str]) -> int:
    """Check the named bank files (or the team's banks); print problems and per-topic counts."""
    paths = [Path(a) for a in argv] or [ROOT / "knowledge" / "quiz"]
    try:
        bank = load_banks(paths)
    except MaterialError as exc:
        print(exc)
        return 1
    articles = {a.id: a for a in load_knowledge(load_settings().sources).kb.articles()}
    problems = check_against_articles(bank, articles)
    problems += [f"{q.where}: {q.id}: the team's banks use 3 or 4 options, not {len(q.options)}"
                 for q in bank.questions if not 3 <= len(q.options) <= 4]
    for problem in problems:
        print(problem)
    for key, count in bank.counts().items():
        topic = bank.topic(key)
        print(f"{count:4d}  {key}  {topic.title if topic else ''}")
    print(f"{len(bank.questions)} questions, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
