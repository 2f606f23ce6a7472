"""Print the configured sources' articles with their ids, chapters and numbered clauses.

For the team's writers of materials (booklet, quiz bank): they cite ids exactly as printed here, and the
clause numbers ("khoản") as listed. `python scripts/print_articles.py [FILTER]` prints only documents
whose file name contains FILTER.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from knowledge.naming import article_label
from knowledge.sources import load_knowledge
from settings import load_settings


def main(argv: list[str]) -> int:
    """Print every article (id, label, chapter, clauses) of the documents whose path contains argv[0]."""
    wanted = argv[0] if argv else ""
    kb = load_knowledge(load_settings().sources).kb
    for document in kb.documents:
        if wanted not in document.path:
            continue
        print(f"######## {document.path} ({document.title})")
        for article in document.articles:
            print(f"\n=== {article.id} | {article_label(article)} | {article.title}")
            if article.chapter:
                print(f"    [{article.chapter}{' / ' + article.section if article.section else ''}]")
            for clause in article.clauses:
                mark = f"khoản {clause.number}" if clause.number else "(mở đầu)"
                print(f"  -- {mark}: {clause.text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
