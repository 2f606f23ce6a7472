"""Tables of graded replies: verdicts overall, by style and by the gold article's rank, misleading, patterns.

    python benchmarks/dump_replies.py QUESTIONS.yaml replies.jsonl     # what the graders read
    python benchmarks/grade_report.py replies.jsonl grades.jsonl      # Markdown on stdout
    python benchmarks/grade_report.py --paired paired.jsonl           # a before/after grading of changed replies

Grades are one JSON line per reply (id, verdict, misleading, reason, pattern), written by readers who did not
write the code (rubric: ../shared/docs/grading.md); the replies file gives each id's style and gold rank.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

IN_SCOPE = ("direct", "quoted", "partial", "wrong", "refused-bad")
OUT_OF_SCOPE = ("refused-ok", "answered-oos")


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _rank_bucket(rank: int) -> str:
    return "1" if rank == 1 else ("2+" if rank else "not cited")


def report(replies: list[dict], grades: list[dict], worst: int = 10) -> str:
    """The Markdown tables for one set of graded replies."""
    by_id = {r["id"]: r for r in replies}
    graded = [{**by_id[g["id"]], **g} for g in grades if g["id"] in by_id]
    inside = [g for g in graded if g["gold"]]
    n = len(inside)
    counts = Counter(g["verdict"] for g in inside)
    out = [f"In scope n={n}: " + ", ".join(f"{v} {counts[v]} ({counts[v] / n:.2f})" for v in IN_SCOPE)
           + f"; misleading {sum(g['misleading'] for g in inside)} ({sum(g['misleading'] for g in inside) / n:.3f})"]
    outside = [g for g in graded if not g["gold"]]
    if outside:
        oos = Counter(g["verdict"] for g in outside)
        out[0] += "; out of scope n=" + str(len(outside)) + ": " + ", ".join(f"{v} {oos[v]}" for v in OUT_OF_SCOPE)
    header = "| style | n | " + " | ".join(IN_SCOPE) + " | misleading |"
    out += ["", header, "|---|---:|" + "---:|" * (len(IN_SCOPE) + 1)]
    for style in sorted({g["style"] for g in inside}):
        rows = [g for g in inside if g["style"] == style]
        c = Counter(g["verdict"] for g in rows)
        out.append(f"| {style} | {len(rows)} | " + " | ".join(str(c[v]) for v in IN_SCOPE)
                   + f" | {sum(g['misleading'] for g in rows)} |")
    out += ["", "| gold rank | n | " + " | ".join(IN_SCOPE) + " |", "|---|---:|" + "---:|" * len(IN_SCOPE)]
    for bucket in ("1", "2+", "not cited"):
        rows = [g for g in inside if _rank_bucket(g["gold_rank"]) == bucket]
        c = Counter(g["verdict"] for g in rows)
        out.append(f"| {bucket} | {len(rows)} | " + " | ".join(str(c[v]) for v in IN_SCOPE) + " |")
    patterns = Counter(g.get("pattern") or "?" for g in inside if g["verdict"] != "direct")
    out += ["", "Commonest failure patterns: " + "; ".join(f"{p} ({k})" for p, k in patterns.most_common(6))]
    severity = {"wrong": 0, "refused-bad": 1, "partial": 2, "quoted": 3}
    bad = sorted((g for g in inside if g["verdict"] != "direct" or g["misleading"]),
                 key=lambda g: (not g["misleading"], severity.get(g["verdict"], 4)))
    out += ["", "Worst cases:"] + [f"- {g['id']} ({g['verdict']}{', misleading' if g['misleading'] else ''}): "
                                    f"{g.get('reason', '')}" for g in bad[:worst]]
    return "\n".join(out)


def paired(grades: list[dict]) -> str:
    """The Markdown table of a paired, blind grading: each changed reply graded before and after a change.

    Rows are JSON lines {round, id, version: before|after, verdict, misleading, reason}; graders saw both
    versions shuffled and unlabelled, each reply on its own. A reply graded by several graders counts each
    grade for its share; a pair is better or worse by its graders' mean verdict.
    """
    pairs: dict[tuple[int, str], dict[str, list[dict]]] = {}
    for g in grades:  # several graders of one reply: every grade counts, each grader's share equal
        pairs.setdefault((g["round"], g["id"]), {}).setdefault(g["version"], []).append(g)
    whole = {k: p for k, p in pairs.items() if "before" in p and "after" in p}
    rank = {v: i for i, v in enumerate(IN_SCOPE)}

    def share(gs: list[dict], test) -> float:
        return sum(1 for g in gs if test(g)) / len(gs)

    def mean_rank(gs: list[dict]) -> float:
        return sum(rank[g["verdict"]] for g in gs) / len(gs)

    def cell(x: float) -> str:
        return f"{x:g}" if x == int(x) else f"{x:.1f}"

    out = ["| round | pairs | version | " + " | ".join(IN_SCOPE) + " | misleading |",
           "|---|---:|---|" + "---:|" * (len(IN_SCOPE) + 1)]
    for r in sorted({k[0] for k in pairs}):
        these = [p for k, p in whole.items() if k[0] == r]
        for version in ("before", "after"):
            counts = [sum(share(p[version], lambda g, v=v: g["verdict"] == v) for p in these) for v in IN_SCOPE]
            misleading = sum(share(p[version], lambda g: bool(g["misleading"])) for p in these)
            out.append(f"| {r} | {len(these)} | {version} | " + " | ".join(cell(c) for c in counts)
                       + f" | {cell(misleading)} |")
    better = sorted(k[1] for k, p in whole.items() if mean_rank(p["after"]) < mean_rank(p["before"]))
    worse = sorted(k[1] for k, p in whole.items() if mean_rank(p["after"]) > mean_rank(p["before"]))
    out += ["", f"Counts are each reply's share of its graders (two graders: halves). Better {len(better)} "
            f"({', '.join(better)}); worse {len(worse)} ({', '.join(worse)}); "
            f"the same {len(whole) - len(better) - len(worse)}."]
    return "\n".join(out)


def main() -> int:
    """Print the report for one replies file and its grades, or (--paired) for a paired grading."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("replies", help="the replies file, or with --paired the paired grades file")
    parser.add_argument("grades", nargs="?")
    parser.add_argument("--worst", type=int, default=10)
    parser.add_argument("--paired", action="store_true", help="one file of paired before/after grades")
    args = parser.parse_args()
    if args.paired:
        print(paired(_lines(Path(args.replies))))
    elif args.grades:
        print(report(_lines(Path(args.replies)), _lines(Path(args.grades)), args.worst))
    else:
        parser.error("give the replies file and its grades, or --paired with one paired grades file")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
