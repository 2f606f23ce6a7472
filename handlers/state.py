"""The bot's long-lived parts, kept in `application.bot_data` (the serving service sits beside them)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from handlers.callbacks import CallbackCodec
from knowledge.quiz import QuizBank
from serving.journal import Journal
from serving.ports import AnswerPort
from serving.quizrecords import QuizRecords
from serving.ratelimit import QuestionRateLimit
from serving.reload import SERVICE_KEY, Reloader
from serving.subjectmap import MapBuild
from settings import Settings

STATE_KEY = "state"


@dataclass
class BotState:
    """Everything a handler needs besides the serving service (which /reload swaps)."""

    settings: Settings
    journal: Journal
    limiter: QuestionRateLimit
    codec: CallbackCodec
    reloader: Reloader
    typing_after: float = 0.3  # seconds of work before "typing…" is shown (fast answers need none)
    # Above this many answers in flight "typing…" is skipped: each chat action is a send that counts against
    # Telegram's 30 messages/s, and under load it would delay the answers themselves (robust_load.md).
    typing_busy_limit: int = 8
    answers_in_flight: int = 0  # questions between arrival and their reply being sent (event loop only)
    quiz_bank: QuizBank = field(default_factory=QuizBank)
    quiz_records: QuizRecords | None = None  # set with the journal in post_init
    contests: dict[int, asyncio.Task[None]] = field(default_factory=dict)  # running contests by round id
    bot_data: dict[str, Any] = field(default_factory=dict)  # the application's, where the serving service sits
    map_build: MapBuild | None = None  # the subject map's background build (serving.subjectmap), from post_init

    @property
    def busy(self) -> bool:
        """True when more answers are in flight than `typing_busy_limit`."""
        return self.answers_in_flight > self.typing_busy_limit

    def is_admin(self, user_id: int | None) -> bool:
        """True for the user ids of the configuration and ADMIN_IDS."""
        return user_id is not None and user_id in self.settings.telegram.admin_ids

    @property
    def records(self) -> QuizRecords:
        """The quiz tables (of the journal opened in post_init)."""
        if self.quiz_records is None:
            self.quiz_records = QuizRecords(self.journal)
        return self.quiz_records


def bot_state(bot_data: dict[str, Any]) -> BotState:
    """The BotState stored by the application's post_init."""
    return bot_data[STATE_KEY]


def serving(bot_data: dict[str, Any]) -> AnswerPort | None:
    """The service answering right now (None until the first index is loaded)."""
    return bot_data.get(SERVICE_KEY)
