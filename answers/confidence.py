"""When to answer and when to say "chưa tìm thấy": a wrong confident answer is worse than none."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from answers.evidence import EvidenceLike, HitLike


@dataclass(frozen=True)
class CosineThreshold:
    """Answer when some passage (or booklet question) is at least `min_cosine` close to the question.

    The fused score only orders hits within one question; the best embedding cosine is comparable across
    questions. On the development set, questions outside the knowledge base reach at most about 0.86 with
    the bundled multilingual-e5-small, questions inside it at least about 0.88: the default threshold sits
    between (benchmarks/results/ranking.md).
    """

    min_cosine: float

    def __call__(self, question: str, hits: Sequence[HitLike], evidence: EvidenceLike) -> bool:
        """True when the evidence is strong enough to quote the best hit as the answer."""
        return bool(hits) and evidence.dense_top >= self.min_cosine
