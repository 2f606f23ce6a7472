"""Calibrate the edge of the knowledge base (answers.edge.EdgeRule) and write benchmarks/results/edge.md.

    python benchmarks/tune_edge.py [--config PATH]

Tuned on the dev set, the team's booklet questions (all in scope: none may be refused) and the tuning set
of near-domain out-of-scope questions (benchmarks/data/oos_near_domain_tune.yaml); never on the held-out sets.
For each question it records once what the knowledge index says (answer or refuse, best dense cosine) and
where the subject map puts it (best outside subject and its lead over the best inside), then tries every
rule of a grid: the chosen one adds at most MAX_EXTRA_REFUSALS in-scope refusals to the bot without the map
and, within that, refuses and names the right subject for as many tuning questions as it can. The chosen
rule goes into settings.py's SubjectMapSettings defaults by hand.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from answers.confidence import CosineThreshold  # noqa: E402
from answers.edge import EdgeRule, Placement, names_subject, place, withdraws  # noqa: E402
from answers.evaluation import load_questions  # noqa: E402
from index.store import load_index  # noqa: E402
from index.subject_map import shared_holder  # noqa: E402
from knowledge.model import is_training  # noqa: E402
from knowledge.text import fold_key  # noqa: E402
from serving.subjectmap import refresh_map  # noqa: E402
from settings import load_settings  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "edge.md"
TUNE_OOS = REPO / "benchmarks" / "data" / "oos_near_domain_tune.yaml"
TRUST = (0.88, 0.89, 0.9, 0.91, 0.92, 0.93, 0.95, 0.97)
WITHDRAW = (1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, float("inf"))
NAME = (1.0, 1.1, 1.25, 1.5, 2.0, 3.0)
# in-scope refusals a rule may add over the bot without the map: one dev question in 150, half a point of
# the booklet's 1,300 questions and variants
MAX_EXTRA_REFUSALS = {"dev": 0.007, "booklet": 0.005}


@dataclass(frozen=True)
class Row:
    """What one question gives the rule: its kind, the index's verdict, the map's placement."""

    group: str  # "dev", "booklet", "tune-oos"
    in_scope: bool
    subject: str
    confident: bool
    dense_top: float
    placement: Placement


def collect(settings_path: str | None) -> list[Row]:
    """Run every tuning question once through the knowledge index and the subject map."""
    settings = load_settings(settings_path)
    refresh_map(settings, progress=lambda line: print(line, file=sys.stderr))
    index = load_index(settings)
    holder = shared_holder(settings.state_dir, settings.collection is not None)
    if holder.current is None:
        raise SystemExit("no subject map: set subject_map.collection in the configuration")
    confident = CosineThreshold(settings.retrieval.refusal_min_cosine)
    held = holder.current.subjects_holding(index.articles)
    asked: list[tuple[str, bool, str, str]] = []
    for q in load_questions(settings.gate_questions or REPO / "../shared/eval/questions.yaml"):
        asked.append(("dev", q.in_scope, q.subject, q.question))
    for entry in index.faq:
        for text in (entry.question, *entry.variants):
            asked.append(("booklet", True, "", text))
    for q in load_questions(TUNE_OOS):
        asked.append(("tune-oos", False, q.subject, q.question))
    rows = []
    for group, in_scope, subject, text in asked:
        result = index.search_with_evidence(text, k=10)
        hits = [h for h in result.hits if not is_training(h.article)]
        sure = bool(hits) and confident(text, hits, result.evidence)
        rows.append(Row(group, in_scope, subject, sure, float(result.evidence.dense_top),
                        place(holder.current.rank(text, held=held), held)))
    return rows


def outcome(rule: EdgeRule | None, row: Row) -> tuple[bool, str]:
    """(refused, subject named) for one row under `rule` (None: the bot without the map)."""
    if rule is None:
        return not row.confident, ""
    refused = not row.confident or withdraws(rule, row.placement, row.dense_top)
    named = row.placement.outside.title if refused and row.placement.outside and names_subject(
        rule, row.placement) else ""
    return refused, named


def score(rule: EdgeRule | None, rows: list[Row]) -> dict[str, float]:
    """Refusal and naming shares per group under `rule`."""
    out: dict[str, float] = {}
    for group in ("dev", "booklet", "tune-oos"):
        part = [r for r in rows if r.group == group]
        inside = [r for r in part if r.in_scope]
        outside = [r for r in part if not r.in_scope]
        if inside:
            out[f"{group} in-scope refused"] = sum(outcome(rule, r)[0] for r in inside) / len(inside)
        if outside:
            results = [outcome(rule, r) for r in outside]
            out[f"{group} oos refused"] = sum(ref for ref, _ in results) / len(outside)
            labelled = [(r, res) for r, res in zip(outside, results, strict=True) if r.subject]
            if labelled:
                out[f"{group} subject named"] = sum(
                    fold_key(named) == fold_key(r.subject) for r, (_, named) in labelled) / len(labelled)
    return out


def main(argv: list[str] | None = None) -> int:
    """Collect, search the grid, print and write the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", default=None, help="configuration file (default: config.yaml)")
    args = parser.parse_args(argv)
    rows = collect(args.config)
    base = score(None, rows)
    limit = {g: base[f"{g} in-scope refused"] + extra for g, extra in MAX_EXTRA_REFUSALS.items()}
    best: tuple[tuple[float, float], EdgeRule, dict[str, float]] | None = None
    for trust, withdraw, name in itertools.product(TRUST, WITHDRAW, NAME):
        rule = EdgeRule(trust, withdraw, name)
        got = score(rule, rows)
        if any(got[f"{g} in-scope refused"] > limit[g] + 1e-9 for g in limit):
            continue
        key = (got["tune-oos subject named"] + got["tune-oos oos refused"], got["tune-oos subject named"])
        if best is None or key > best[0]:
            best = (key, rule, got)
    assert best is not None
    _, rule, got = best
    lines = ["# The edge of the knowledge base: calibration", "",
             "`python benchmarks/tune_edge.py`: the dev set, the booklet's questions and variants (in scope) and "
             "the near-domain tuning set (out of scope, each with its subject). Held-out sets are not read here.",
             "", f"Rows: {len(rows)}. Chosen rule: trust_cosine={rule.trust_cosine}, "
             f"withdraw_ratio={rule.withdraw_ratio}, name_ratio={rule.name_ratio} (in-scope refusals at most "
             f"{MAX_EXTRA_REFUSALS} above the bot without the map, then the most tuning questions refused and "
             "named). 'subject named' counts the right subject named over all the labelled questions.", "",
             "| figure | without the map | with the chosen rule |", "|---|---|---|"]
    lines += [f"| {k} | {base.get(k, float('nan')):.3f} | {v:.3f} |" for k, v in got.items()]
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
