"""Issue 5 item 6, small: 40 users × 3 questions at once through the emulator against the real bot process,
with an admin /reload in the middle: every question answered exactly once (no timing assertions; the
figures are in benchmarks/load_robust.py)."""

from __future__ import annotations

import asyncio

from answers import messages as m
from emulator.botapi import BotApiEmulator
from tests.support import (
    ADMIN,
    BOT_ID,
    TOKEN,
    exactly_once_problems,
    robust_config,
    running_bot,
    user_session,
)

USERS = range(1000, 1040)
QUESTIONS = 3


async def test_40_users_3_questions_each_answered_exactly_once_during_a_reload(tmp_path, bot_built_state):
    config = robust_config(tmp_path, bot_built_state)
    latencies: list[float] = []
    missing: list[str] = []
    async with BotApiEmulator(token=TOKEN, bot_id=BOT_ID) as emulator:
        async with running_bot(emulator, config, tmp_path / "bot.log") as process:
            emulator.push_message(ADMIN, "/reload")
            await asyncio.gather(*(user_session(emulator, u, QUESTIONS, latencies, missing) for u in USERS))
            await emulator.wait_for(lambda: any(s.text.startswith((m.BOT_RELOAD_SWITCHED, m.BOT_RELOAD_REJECTED))
                                                for s in emulator.sent_to(ADMIN)), 120)
            # let anything late (a resend would be) arrive before counting: one more question round-trip
            await user_session(emulator, 5000, 1, latencies, missing)
            assert process.returncode is None
        assert missing == []
        assert exactly_once_problems(emulator, USERS, QUESTIONS, tmp_path / "state" / "bot.sqlite3") == []
    assert len(latencies) == len(USERS) * QUESTIONS + 1
