"""The edge of the knowledge base: whether a question belongs to a subject the bot does not hold.

The subject map (index.subject_map) scores every đề mục of the codified collection for the question, the
ones the knowledge base holds among them. Where the map puts a question (`Placement`) is read as four
pieces of evidence, each measured on the tuning sets (benchmarks/results/edge.md):
- how close the knowledge index came: its best dense cosine;
- the lead of the best subject outside the knowledge base over the best inside, as a log ratio of their
  scores;
- the foreign share: how much of the question's rarity (the map's inverse document frequency) lies in
  words the knowledge base's own texts never use ("dân quân", "tạm trú", "thụ lý");
- the title lead: how much more of the outside subject's own name the question says than of the inside
  subject's ("khiếu nại" for Khiếu nại against Tiếp công dân), read from the map's subject titles.
A small logistic model (`Withdrawal`, fitted by benchmarks/tune_edge.py on the dev set, the booklet, the
team's in-scope calibration questions and the near-domain tuning sets, never by keyword lists) weighs them:
- an answer the knowledge index is sure of (cosine at least `withdraw_below`) stands whatever the map says;
- an answer it is less sure of is withdrawn when the model's log-odds that it belongs outside is positive;
- a refusal names the outside subject when it beats every inside one by `name_ratio`.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from index.subject_map import SubjectMatch, map_terms

MIN_SCORE = 1.0  # below this the map found nothing worth naming


@dataclass(frozen=True)
class Withdrawal:
    """Log-odds that a question the knowledge index would answer belongs to a subject it does not hold.

    `bias + dense·cosine + lead·log-ratio + foreign·foreign-share + title·title-lead`; positive means withdraw.
    Weights in raw units, as benchmarks/tune_edge.py fits them.
    """

    bias: float = 0.0
    dense: float = 0.0
    lead: float = 0.0
    foreign: float = 0.0
    title: float = 0.0

    def log_odds(self, dense_top: float, placement: Placement) -> float:
        """The model's log-odds for one question (its dense cosine and where the map puts it)."""
        return (self.bias + self.dense * dense_top + self.lead * placement.lead + self.foreign * placement.foreign
                + self.title * placement.title)


# Fitted by benchmarks/tune_edge.py (benchmarks/results/edge.md); settings.SubjectMapSettings carries the same.
FITTED = Withdrawal(bias=67.88, dense=-82.97, lead=4.370, foreign=14.13, title=3.219)


@dataclass(frozen=True)
class EdgeRule:
    """When the map's evidence outweighs the knowledge index's (see the module docstring)."""

    withdraw_below: float = 0.92
    name_ratio: float = 1.0
    withdrawal: Withdrawal = field(default_factory=lambda: FITTED)


@dataclass(frozen=True)
class Placement:
    """Where the map puts a question: the best subject outside the knowledge base and the evidence for it."""

    outside: SubjectMatch | None
    ratio: float  # best outside score / best inside score (inf when no inside subject matched)
    lead: float = 0.0  # log((outside + 1) / (inside + 1))
    foreign: float = 0.0  # share of the question's rarity in words the knowledge base never uses
    title: float = 0.0  # share of the outside subject's name the question says, less that of the inside one's


@dataclass(frozen=True)
class Asked:
    """What the map read of a question: its terms and its foreign share."""

    terms: frozenset[str] = frozenset()  # every map term of the question (index.subject_map.map_terms)
    foreign: float = 0.0


def foreign_share(counts: Sequence[tuple[str, int]], known: Collection[str], articles: int) -> float:
    """The share of the question's rarity carried by terms the knowledge base's texts never use.

    `counts` are the question's map terms with the number of the map's `articles` holding each; a term no
    article holds says nothing and is left out. Each term weighs its inverse document frequency, so a rare
    word of another field ("dan_quan") counts for more than a common one ("thon").
    """
    total = foreign = 0.0
    for term, holding in counts:
        if holding <= 0 or articles <= 0:
            continue
        weight = math.log(max(articles / holding, 1.0))
        total += weight
        if term not in known:
            foreign += weight
    return foreign / total if total > 0 else 0.0


def title_share(title: str, terms: Collection[str]) -> float:
    """The share of a subject's name the question says: of its syllable pairs ("khieu_nai"), else its syllables."""
    named = map_terms(title)
    pairs = [t for t in named if "_" in t] or named
    return sum(t in terms for t in pairs) / len(pairs) if pairs else 0.0


def place(matches: Sequence[SubjectMatch], held: Collection[str], asked: Asked | None = None) -> Placement:
    """The best subject not in `held` (codes the knowledge base holds) and the evidence that the question is its."""
    asked = asked or Asked()
    outside = next((m for m in matches if m.code not in held), None)
    inside = next((m for m in matches if m.code in held), None)
    if outside is None or outside.score < MIN_SCORE:
        return Placement(None, 0.0)
    inside_score = inside.score if inside is not None and inside.score > 0 else 0.0
    ratio = outside.score / inside_score if inside_score > 0 else float("inf")
    title = title_share(outside.title, asked.terms) - (title_share(inside.title, asked.terms) if inside else 0.0)
    return Placement(outside, ratio, lead=math.log((outside.score + 1) / (inside_score + 1)), foreign=asked.foreign,
                     title=title)


def withdraws(rule: EdgeRule, placement: Placement, dense_top: float) -> bool:
    """Whether an answer the knowledge index would give is withdrawn for a subject it does not hold."""
    return (placement.outside is not None and dense_top < rule.withdraw_below
            and rule.withdrawal.log_odds(dense_top, placement) > 0)


def names_subject(rule: EdgeRule, placement: Placement) -> bool:
    """Whether a refusal may say which subject the question belongs to."""
    return placement.outside is not None and placement.ratio >= rule.name_ratio
