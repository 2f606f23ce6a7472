"""Metrics over an eval file (design.md's format): hit@k, MRR@10, answer figures, refusal rates, latency.

A hit is any gold id among the top-k cited article ids of the reply the bot would send. Questions with
`gold: []` are out of scope: the bot should refuse them. Where a question has an `answer` reference, the
reply's plain text is checked for it: `answer@top` when its first `TOP_CHARS` characters hold every number
of the reference and at least half of its content words, `answer@reply` when the whole reply does.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from answers.messages import NOT_FIXED_LINES
from answers.reply import Reply
from index.tokenize import VIETNAMESE_STOPWORDS, fold_diacritics, syllables
from knowledge.errors import LawBotError

KS = (1, 3, 5)
TOP_CHARS = 500  # what a cadre reads on a phone before deciding (design.md's answer@top)
CONTENT_SHARE = 0.5  # share of the reference's content words the text must hold
_NUMBER = re.compile(r"\d+(?:[.,/]\d+)*")


class EvalFileError(LawBotError):
    """The eval file cannot be used; the message names the file, the entry and the problem."""


@dataclass(frozen=True)
class EvalQuestion:
    """One question of an eval file."""

    id: str
    question: str
    gold: tuple[str, ...]
    style: str = ""
    answer: str = ""  # a short reference answer, where the file gives one
    subject: str = ""  # for an out-of-scope question: the đề mục it belongs to, where the file says
    figure_not_fixed: bool = False  # asks for a figure the texts do not fix: the reply must say so

    @property
    def in_scope(self) -> bool:
        """True when some article answers it."""
        return bool(self.gold)


def read_eval_file(path: Path) -> Any:
    """The parsed YAML of an eval file (questions or dialogues); EvalFileError when it cannot be read."""
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise EvalFileError(f"{path}: cannot read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise EvalFileError(f"{path}: not valid YAML: {exc}") from None


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read and check an eval file: a YAML list of {id, question, gold, style}."""
    return parse_questions(read_eval_file(path), path)


def parse_questions(raw: Any, path: Path) -> list[EvalQuestion]:
    """Check a parsed eval file (`path` names it in errors) and return its questions."""
    if not isinstance(raw, list):
        raise EvalFileError(f"{path}: expected a list of questions at the top level")
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("question"), str) or not item["question"].strip():
            raise EvalFileError(f"{path}: entry {i + 1} needs a non-empty 'question'")
        gold = item.get("gold", [])
        if not isinstance(gold, list) or not all(isinstance(g, str) for g in gold):
            raise EvalFileError(f"{path}: entry {i + 1} ({item.get('id', '?')}): 'gold' must be a list of article ids")
        answer = item.get("answer") or ""
        if not isinstance(answer, str):
            raise EvalFileError(f"{path}: entry {i + 1} ({item.get('id', '?')}): 'answer' must be a text")
        subject = item.get("subject") or ""
        if not isinstance(subject, str) or (subject and gold):
            raise EvalFileError(f"{path}: entry {i + 1} ({item.get('id', '?')}): 'subject' is the đề mục name of "
                                "an out-of-scope question (gold: [])")
        out.append(EvalQuestion(id=str(item.get("id", i + 1)), question=item["question"], gold=tuple(gold),
                                style=str(item.get("style", "")), answer=answer.strip(), subject=subject.strip(),
                                figure_not_fixed=bool(item.get("figure_not_fixed", False))))
    return out


def rank_of_gold(reply: Reply, gold: Sequence[str]) -> int | None:
    """1-based rank of the first gold article among the reply's citations, or None."""
    for rank, cited in enumerate(reply.citations, start=1):
        if cited.id in gold:
            return rank
    return None


def _numbers(text: str) -> set[tuple[int, ...]]:
    """Numbers in `text` as tuples of their parts, so "01/7/2023" and "01/07/2023", "05" and "5" agree."""
    return {tuple(int(p) for p in re.split(r"[.,/]", n)) for n in _NUMBER.findall(text)}


def _content(text: str) -> set[str]:
    """Diacritic-folded syllables of `text` that carry topic (numbers and function words left out)."""
    return {fold_diacritics(w) for w in syllables(text) if w not in VIETNAMESE_STOPWORDS and not w[0].isdigit()}


def answer_found(reference: str, text: str) -> bool:
    """True when `text` holds every number of `reference` and at least half of its content words."""
    if not _numbers(reference) <= _numbers(text):
        return False
    wanted = _content(reference)
    if not wanted:
        return True
    return len(wanted & _content(text)) / len(wanted) >= CONTENT_SHARE


def says_not_fixed(reply: Reply) -> bool:
    """Whether the reply's first lines say the texts fix no such figure (answers.messages.NOT_FIXED_LINES)."""
    top = reply.text[:TOP_CHARS]
    return any(line in top for line in NOT_FIXED_LINES)


def figure_handled(q: EvalQuestion, reply: Reply, rank: int | None) -> bool:
    """Whether a figure-not-fixed question was handled.

    Handled: the reply says the texts fix no such figure and quotes what they do say (a gold article among
    the first three); where no article says anything of it, saying so or refusing.
    """
    if not q.gold:
        return reply.refused or says_not_fixed(reply)
    return not reply.refused and says_not_fixed(reply) and rank is not None and rank <= 3


def subject_named(subject: str, reply: Reply) -> bool:
    """Whether a refusal names `subject` as where the answer lives (diacritics and case aside)."""
    return bool(reply.subject) and fold_diacritics(reply.subject.lower()) == fold_diacritics(subject.lower())


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


def share(flags: Sequence[bool]) -> float | None:
    """The share of true flags, to four places; None when there are none to count."""
    return round(sum(flags) / len(flags), 4) if flags else None


@dataclass
class _Tally:
    """What evaluate() counts for one group of questions (all of them, or one style)."""

    ranks: list[int | None] = field(default_factory=list)
    refused_in: int = 0
    at_top: list[bool] = field(default_factory=list)
    in_reply: list[bool] = field(default_factory=list)
    oos: list[bool] = field(default_factory=list)  # out-of-scope questions: refused or not
    named: list[bool] = field(default_factory=list)  # refused out-of-scope questions with a subject: named it?
    figures: list[bool] = field(default_factory=list)  # figure-not-fixed questions: handled?

    def add(self, q: EvalQuestion, reply: Reply, rank: int | None) -> None:
        if q.figure_not_fixed:
            self.figures.append(figure_handled(q, reply, rank))
        if not q.in_scope:
            self.oos.append(reply.refused)
            if q.subject and reply.refused:
                self.named.append(subject_named(q.subject, reply))
            return
        self.ranks.append(rank)
        self.refused_in += reply.refused
        if q.answer:
            self.at_top.append(answer_found(q.answer, reply.text[:TOP_CHARS]))
            self.in_reply.append(answer_found(q.answer, reply.text))

    def in_scope(self) -> dict[str, Any]:
        out: dict[str, Any] = _metrics(self.ranks)
        out["refused"] = round(self.refused_in / len(self.ranks), 4) if self.ranks else None
        out["answer@top"] = share(self.at_top)
        out["answer@reply"] = share(self.in_reply)
        out["answer_n"] = len(self.at_top)
        return out

    def out_of_scope(self) -> dict[str, Any]:
        out: dict[str, Any] = {"n": len(self.oos), "refused": share(self.oos)}
        if self.named:
            out["subject_named"] = share(self.named)
        return out


def evaluate(answer: Callable[[str], Reply], questions: Sequence[EvalQuestion],
             details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Run every question through `answer` and compute design.md's metrics.

    Returns {hit@1, hit@3, hit@5, mrr@10, n (in-scope questions), answer@top, answer@reply, answer_n (in-scope
    questions with a reference answer), oos_refused, in_scope_refused, by_style, p50_ms, p95_ms}. `by_style`
    maps each style to {"in_scope": {...}, "out_of_scope": {...}} (a part only where the style has such
    questions), so a file may use one style name for both kinds. When `details` is a list, one record per
    question is appended to it.
    """
    total = _Tally()
    styles: dict[str, _Tally] = defaultdict(_Tally)
    latencies = []
    for q in questions:
        reply = answer(q.question)
        latencies.append(reply.latency_ms)
        rank = rank_of_gold(reply, q.gold) if q.in_scope else None
        total.add(q, reply, rank)
        styles[q.style].add(q, reply, rank)
        if details is not None:
            record: dict[str, Any] = {
                "id": q.id, "style": q.style, "gold": list(q.gold), "rank": rank, "refused": reply.refused,
                "top": [c.id for c in reply.citations[:5]], "scores": [c.score for c in reply.citations[:5]]}
            if q.subject:
                record["subject"], record["named"] = q.subject, reply.subject
            if q.figure_not_fixed or says_not_fixed(reply):  # the line where asked for, and wherever it shows
                record["says_not_fixed"] = says_not_fixed(reply)
            if q.in_scope and q.answer:
                record["answer@top"] = answer_found(q.answer, reply.text[:TOP_CHARS])
                record["answer@reply"] = answer_found(q.answer, reply.text)
            details.append(record)
    inside = total.in_scope()
    result: dict[str, Any] = {k: inside[k] for k in (*(f"hit@{k}" for k in KS), "mrr@10", "n", "answer@top",
                                                     "answer@reply", "answer_n")}
    result["oos_refused"] = total.out_of_scope()["refused"]
    result["in_scope_refused"] = inside["refused"]
    if total.named or any(q.subject for q in questions):
        result["oos_subject_named"] = share(total.named)
    if total.figures:
        result["figure_not_fixed_handled"] = share(total.figures)
        result["figure_not_fixed_n"] = len(total.figures)
    by_style: dict[str, Any] = {}
    for name, tally in sorted(styles.items()):
        parts: dict[str, Any] = {}
        if tally.ranks:
            parts["in_scope"] = tally.in_scope()
        if tally.oos:
            parts["out_of_scope"] = tally.out_of_scope()
        by_style[name] = parts
    result["by_style"] = by_style
    result["p50_ms"] = _percentile(latencies, 50)
    result["p95_ms"] = _percentile(latencies, 95)
    result["latency_mean_ms"] = round(statistics.fmean(latencies), 2) if latencies else 0.0
    return result
