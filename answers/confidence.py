"""When to answer and when to say "chưa tìm thấy": a wrong confident answer is worse than none."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from answers.service import HitLike


@dataclass(frozen=True)
class ScoreThreshold:
    """Answer when the best hit's fused score reaches `threshold` (calibrated on out-of-scope questions)."""

    threshold: float

    def __call__(self, question: str, hits: Sequence[HitLike]) -> bool:
        """True when the evidence is strong enough to quote the best hit as the answer."""
        return bool(hits) and float(hits[0].score) >= self.threshold
