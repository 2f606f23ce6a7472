"""What the answer path reads of a search: hits, their matched clauses and the evidence behind them.

Protocols, so `answers/` depends on the shape of `index.results`' values, not on the index package's classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from knowledge.model import Article


class ClauseMatchLike(Protocol):
    """What the answer path reads of a matched clause."""

    clause_number: str
    score: float


class HitLike(Protocol):
    """What the answer path reads of a search hit."""

    article: Article
    score: float
    clauses: Sequence[ClauseMatchLike]
    faq_ids: Sequence[str]


class EvidenceLike(Protocol):
    """The absolute match strength behind a search (see index.search.Evidence)."""

    dense_top: float
    lexical_top: float


class Confidence(Protocol):
    """Decides whether the best hit is good enough to answer with (calibrated on out-of-scope questions)."""

    def __call__(self, question: str, hits: Sequence[HitLike], evidence: EvidenceLike) -> bool:
        """True when the best hit is strong enough to be quoted as the answer."""
        ...
