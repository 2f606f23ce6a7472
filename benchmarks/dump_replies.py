"""Write every reply of an eval file, exactly as the bot would send it, for grading by a reader.

    python benchmarks/dump_replies.py ../shared/eval/questions.yaml /tmp/replies_dev.jsonl

One JSON line per question: id, style, question, reference answer, gold ids, the gold article's rank among
the reply's citations (0 when not cited), whether the bot refused, and the reply's plain text. Graders read
these with the law open (rubric: ../shared/docs/grading.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from answers.evaluation import load_questions
from answers.service import load_service
from settings import load_settings


def main() -> int:
    """Dump the replies of one eval file to a JSON-lines file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("questions")
    parser.add_argument("out")
    parser.add_argument("--config", default=str(Path(__file__).resolve().parent.parent / "config.yaml"))
    args = parser.parse_args()
    service = load_service(load_settings(Path(args.config)))
    with Path(args.out).open("w", encoding="utf-8") as out:
        for q in load_questions(Path(args.questions)):
            reply = service.answer(q.question)
            cited = [c.id for c in reply.citations]
            rank = next((i + 1 for i, c in enumerate(cited) if c in q.gold), 0)
            out.write(json.dumps({"id": q.id, "style": q.style, "question": q.question, "reference": q.answer,
                                  "gold": list(q.gold), "gold_rank": rank, "refused": reply.refused,
                                  "reply": reply.text}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
