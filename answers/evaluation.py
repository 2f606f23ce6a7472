"""Retrieval metrics over an eval file (design.md's format): hit@k, MRR@10, refusal rates, latency.

A hit is any gold id among the top-k cited article ids of the reply the bot would send. Questions with
`gold: []` are out of scope: the bot should refuse them.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from answers.reply import Reply
from knowledge.errors import LawBotError

KS = (1, 3, 5)


class EvalFileError(LawBotError):
    """The eval file cannot be used; the message names the file, the entry and the problem."""


@dataclass(frozen=True)
class EvalQuestion:
    """One question of an eval file."""

    id: str
    question: str
    gold: tuple[str, ...]
    style: str = ""

    @property
    def in_scope(self) -> bool:
        """True when some article answers it."""
        return bool(self.gold)


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read and check an eval file: a YAML list of {id, question, gold, style}."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise EvalFileError(f"{path}: cannot read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise EvalFileError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, list):
        raise EvalFileError(f"{path}: expected a list of questions at the top level")
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("question"), str) or not item["question"].strip():
            raise EvalFileError(f"{path}: entry {i + 1} needs a non-empty 'question'")
        gold = item.get("gold", [])
        if not isinstance(gold, list) or not all(isinstance(g, str) for g in gold):
            raise EvalFileError(f"{path}: entry {i + 1} ({item.get('id', '?')}): 'gold' must be a list of article ids")
        out.append(EvalQuestion(id=str(item.get("id", i + 1)), question=item["question"], gold=tuple(gold),
                                style=str(item.get("style", ""))))
    return out


def rank_of_gold(reply: Reply, gold: Sequence[str]) -> int | None:
    """1-based rank of the first gold article among the reply's citations, or None."""
    for rank, cited in enumerate(reply.citations, start=1):
        if cited.id in gold:
            return rank
    return None


def _metrics(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks)
    if not n:
        return {f"hit@{k}": 0.0 for k in KS} | {"mrr@10": 0.0, "n": 0}
    out: dict[str, float] = {f"hit@{k}": round(sum(1 for r in ranks if r and r <= k) / n, 4) for k in KS}
    out["mrr@10"] = round(sum(1 / r for r in ranks if r and r <= 10) / n, 4)
    out["n"] = n
    return out


def _percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    idx = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return round(ordered[idx], 2)


def evaluate(answer: Callable[[str], Reply], questions: Sequence[EvalQuestion],
             details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Run every question through `answer` and compute design.md's metrics.

    Returns {hit@1, hit@3, hit@5, mrr@10, n (in-scope questions), oos_refused, in_scope_refused, by_style,
    p50_ms, p95_ms}. When `details` is a list, one record per question is appended to it.
    """
    ranks: list[int | None] = []
    by_style: dict[str, list[int | None]] = defaultdict(list)
    refused_in = refused_oos = n_oos = 0
    oos_by_style: dict[str, list[bool]] = defaultdict(list)
    latencies = []
    for q in questions:
        reply = answer(q.question)
        latencies.append(reply.latency_ms)
        rank = rank_of_gold(reply, q.gold) if q.in_scope else None
        if q.in_scope:
            ranks.append(rank)
            by_style[q.style].append(rank)
            refused_in += reply.refused
        else:
            n_oos += 1
            refused_oos += reply.refused
            oos_by_style[q.style].append(reply.refused)
        if details is not None:
            details.append({"id": q.id, "style": q.style, "gold": list(q.gold), "rank": rank,
                            "refused": reply.refused, "top": [c.id for c in reply.citations[:5]],
                            "scores": [c.score for c in reply.citations[:5]]})
    result: dict[str, Any] = _metrics(ranks)
    n_in = len(ranks)
    result["oos_refused"] = round(refused_oos / n_oos, 4) if n_oos else None
    result["in_scope_refused"] = round(refused_in / n_in, 4) if n_in else None
    styles: dict[str, Any] = {s: _metrics(r) for s, r in sorted(by_style.items())}
    for s, flags in oos_by_style.items():
        styles[s] = {"n": len(flags), "refused": round(sum(flags) / len(flags), 4)}
    result["by_style"] = styles
    result["p50_ms"] = _percentile(latencies, 50)
    result["p95_ms"] = _percentile(latencies, 95)
    result["latency_mean_ms"] = round(statistics.fmean(latencies), 2) if latencies else 0.0
    return result
