"""The edge of the knowledge base: whether a question belongs to a subject the bot does not hold.

The subject map (index.subject_map) scores every đề mục of the codified collection for the question, the
ones the knowledge base holds among them. The decision compares the best subject outside the knowledge base
with the best inside (their ratio) and weighs how close the knowledge index came (the best dense cosine):
- an answer the knowledge index is sure of (cosine at least `trust_cosine`) stands whatever the map says;
- an answer it is less sure of is withdrawn when the outside subject beats every inside one by `withdraw_ratio`;
- a refusal names the outside subject when it beats every inside one by `name_ratio`.
The three knobs are calibrated (benchmarks/tune_edge.py on the dev set and the team's tuning sets), never
keyword lists.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from index.subject_map import SubjectMatch

MIN_SCORE = 1.0  # below this the map found nothing worth naming


@dataclass(frozen=True)
class EdgeRule:
    """When the map's evidence outweighs the knowledge index's (see the module docstring)."""

    trust_cosine: float = 0.9
    withdraw_ratio: float = 2.0
    name_ratio: float = 1.0


@dataclass(frozen=True)
class Placement:
    """Where the map puts a question: the best subject outside the knowledge base and its lead."""

    outside: SubjectMatch | None
    ratio: float  # best outside score / best inside score (inf when no inside subject matched)


def place(matches: Sequence[SubjectMatch], held: Collection[str]) -> Placement:
    """The best subject not in `held` (codes the knowledge base holds) and how far it leads the best held one."""
    outside = next((m for m in matches if m.code not in held), None)
    inside = next((m for m in matches if m.code in held), None)
    if outside is None or outside.score < MIN_SCORE:
        return Placement(None, 0.0)
    if inside is None or inside.score <= 0:
        return Placement(outside, float("inf"))
    return Placement(outside, outside.score / inside.score)


def withdraws(rule: EdgeRule, placement: Placement, dense_top: float) -> bool:
    """Whether an answer the knowledge index would give is withdrawn for a subject it does not hold."""
    return (placement.outside is not None and dense_top < rule.trust_cosine
            and placement.ratio >= rule.withdraw_ratio)


def names_subject(rule: EdgeRule, placement: Placement) -> bool:
    """Whether a refusal may say which subject the question belongs to."""
    return placement.outside is not None and placement.ratio >= rule.name_ratio
