"""Dialogue evaluation: conversations answered turn by turn with context, measured on their later turns.

A dialogue file is a YAML list of `{id, turns: [{question, gold, answer?, new_topic?}, …]}`. Turns are answered
in order, each with the context the previous replies left (as a chat keeps it); later turns that continue the
conversation give `followup_hit@k`, `followup_mrr@10`, `followup_refused` (in-scope follow-ups refused: a
refusal still lists the nearest articles, which hit@k counts) and, for `gold: []`, `followup_oos_refused` (refused
outright) and `followup_oos_handled` (refused, or saying the texts fix no such figure, as single-turn eval counts
a figure-not-fixed question handled: answers.evaluation.says_not_fixed); turns marked `new_topic: true` give
`new_topic_hit@1`, beside `new_topic_alone_hit@1` for the same questions asked alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from answers.dialogue import Turn
from answers.evaluation import EvalFileError, rank_of_gold, read_eval_file, says_not_fixed, share
from answers.reply import Reply

Answer = Callable[[str, Turn | None], Reply]


@dataclass(frozen=True)
class DialogueTurn:
    """One turn of a dialogue file."""

    question: str
    gold: tuple[str, ...]
    answer: str = ""
    new_topic: bool = False


@dataclass(frozen=True)
class Dialogue:
    """One conversation of a dialogue file."""

    id: str
    turns: tuple[DialogueTurn, ...]


def is_dialogue_file(raw: Any) -> bool:
    """True for a parsed YAML list whose entries carry `turns` (rather than a single `question`)."""
    return isinstance(raw, list) and bool(raw) and isinstance(raw[0], dict) and "turns" in raw[0]


def load_dialogues(path: Path) -> list[Dialogue]:
    """Read and check a dialogue file; EvalFileError names the file, the dialogue and the turn."""
    return parse_dialogues(read_eval_file(path), path)


def parse_dialogues(raw: Any, path: Path) -> list[Dialogue]:
    """Check a parsed dialogue file (`path` names it in errors) and return its dialogues."""
    if not is_dialogue_file(raw):
        raise EvalFileError(f"{path}: expected a list of dialogues, each with 'turns'")
    out = []
    for i, item in enumerate(raw, start=1):
        name = str(item.get("id", i)) if isinstance(item, dict) else str(i)
        turns = item.get("turns") if isinstance(item, dict) else None
        if not isinstance(turns, list) or not turns:
            raise EvalFileError(f"{path}: dialogue {i} ({name}) needs a non-empty list of 'turns'")
        parsed = []
        for j, turn in enumerate(turns, start=1):
            where = f"{path}: dialogue {i} ({name}), turn {j}"
            if not isinstance(turn, dict) or not isinstance(turn.get("question"), str) or not turn["question"].strip():
                raise EvalFileError(f"{where} needs a non-empty 'question'")
            gold = turn.get("gold", [])
            if not isinstance(gold, list) or not all(isinstance(g, str) for g in gold):
                raise EvalFileError(f"{where}: 'gold' must be a list of article ids")
            parsed.append(DialogueTurn(turn["question"], tuple(gold), str(turn.get("answer") or ""),
                                       bool(turn.get("new_topic", False))))
        out.append(Dialogue(name, tuple(parsed)))
    return out


def evaluate_dialogues(answer: Answer, dialogues: Sequence[Dialogue],
                       details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Answer every dialogue in order with context; the follow-up and new-topic figures (design: issue 13)."""
    follow_ranks: list[int | None] = []
    follow_refused: list[bool] = []  # in-scope follow-ups: refused although an article answers them?
    follow_oos: list[bool] = []  # out-of-scope follow-ups: refused?
    follow_oos_handled: list[bool] = []  # ... refused, or told the texts fix no such figure?
    new_ranks: list[int | None] = []
    alone_ranks: list[int | None] = []
    first_ranks: list[int | None] = []
    for dialogue in dialogues:
        context: Turn | None = None
        for index, turn in enumerate(dialogue.turns):
            reply = answer(turn.question, context)
            rank = rank_of_gold(reply, turn.gold) if turn.gold else None
            if index == 0:
                first_ranks.append(rank)
            elif turn.new_topic:
                new_ranks.append(rank)
                alone_ranks.append(rank_of_gold(answer(turn.question, None), turn.gold) if turn.gold else None)
            elif turn.gold:
                follow_ranks.append(rank)
                follow_refused.append(reply.refused)
            else:
                follow_oos.append(reply.refused)
                follow_oos_handled.append(reply.refused or says_not_fixed(reply))
            if details is not None:
                details.append({"dialogue": dialogue.id, "turn": index + 1, "question": turn.question,
                                "understood": reply.understood, "gold": list(turn.gold), "rank": rank,
                                "refused": reply.refused, "not_fixed": says_not_fixed(reply),
                                "cited": [c.id for c in reply.citations[:3]]})
            if reply.turn is not None:
                context = reply.turn

    def hit(ranks: list[int | None], k: int) -> float | None:
        return round(sum(1 for r in ranks if r and r <= k) / len(ranks), 4) if ranks else None

    return {
        "dialogues": len(dialogues),
        "first_hit@1": hit(first_ranks, 1),
        "followup_n": len(follow_ranks), "followup_hit@1": hit(follow_ranks, 1),
        "followup_hit@5": hit(follow_ranks, 5),
        "followup_mrr@10": round(sum(1 / r for r in follow_ranks if r and r <= 10) / len(follow_ranks), 4)
        if follow_ranks else None,
        "followup_refused": share(follow_refused),
        "followup_oos_n": len(follow_oos),
        "followup_oos_refused": share(follow_oos),
        "followup_oos_handled": share(follow_oos_handled),
        "new_topic_n": len(new_ranks), "new_topic_hit@1": hit(new_ranks, 1),
        "new_topic_alone_hit@1": hit(alone_ranks, 1),
    }
