"""Per-user question rate limit: at most N questions in any 60-second window."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

WINDOW_SECONDS = 60.0


class QuestionRateLimit:
    """Sliding-window counter per user; also says whether the user was already told to slow down."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._asked: dict[int, deque[float]] = {}
        self._warned_until: dict[int, float] = {}

    def allow(self, user_id: int) -> bool:
        """Count a question and return True, or return False (not counted) if the user is over the limit."""
        now = self._clock()
        asked = self._asked.setdefault(user_id, deque())
        while asked and asked[0] <= now - WINDOW_SECONDS:
            asked.popleft()
        if self.per_minute > 0 and len(asked) >= self.per_minute:
            return False
        asked.append(now)
        if len(self._asked) > 10_000:  # forget idle users so memory stays bounded
            for uid in [u for u, q in self._asked.items() if not q or q[-1] <= now - WINDOW_SECONDS]:
                del self._asked[uid]
        return True

    def should_warn(self, user_id: int) -> bool:
        """True once per window for a limited user, so the polite message is not itself a flood."""
        now = self._clock()
        if self._warned_until.get(user_id, 0.0) > now:
            return False
        asked = self._asked.get(user_id)
        self._warned_until[user_id] = (asked[0] if asked else now) + WINDOW_SECONDS
        return True
