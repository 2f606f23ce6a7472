"""Issue 5 item 4: Telegram faults through the emulator, against the real `python bot.py run` process.

Start-up faults (getMe, deleteWebhook, setMyCommands failing or timing out) are retried, and the bot comes up.

Delivery policy under test (handlers/replying.py): 429 → wait and resend; 5xx → resend with backoff;
ambiguous failures (connection lost after the request went out, read timeout) → never resend. So every
question gets its answer at most once, and exactly once whenever Telegram said clearly what happened.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys

import aiohttp
import httpx
import pytest
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from answers import messages as m
from emulator.botapi import BotApiEmulator
from handlers.app import COMMANDS_ATTEMPTS
from handlers.replying import SEND_ATTEMPTS, DeliveryUncertainError, send_at_most_once
from tests.support import (
    REPO,
    TOKEN,
    answers,
    bot_env,
    duplicate_answers,
    journal_rows,
    question_id,
    robust_config,
    running_bot,
)

QUESTION = "bảng kê thu chi phải dán bao lâu"


async def ask_and_wait(emulator: BotApiEmulator, chat_id: int, text: str, timeout: float = 40) -> None:
    """Push a question and wait for the chat's answer count to grow by one."""
    before = len(answers(emulator, chat_id))
    emulator.push_message(chat_id, text)
    await emulator.wait_for(lambda: len(answers(emulator, chat_id)) > before, timeout)


async def test_send_message_faults_never_duplicate_and_the_bot_keeps_answering(tmp_path, emulator, bot_built_state):
    config = robust_config(tmp_path, bot_built_state)
    log = tmp_path / "bot.log"
    async with running_bot(emulator, config, log) as process:
        # 429 twice: the rate limiter waits retry_after and resends; one answer
        emulator.inject_fault("sendMessage", "429", count=2, retry_after=1)
        await ask_and_wait(emulator, 1, f"{QUESTION} (1)")
        # 500 twice: the Bot API said it failed; resent after a backoff; one answer
        emulator.inject_fault("sendMessage", "500", count=2)
        await ask_and_wait(emulator, 2, f"{QUESTION} (2)")
        # the answer is taken but the connection dies before Telegram's reply: not resent
        emulator.inject_fault("sendMessage", "lost")
        await ask_and_wait(emulator, 3, f"{QUESTION} (3)")
        # the connection dies before the call is done: the bot cannot tell this from "lost", so no resend
        emulator.inject_fault("sendMessage", "drop")
        emulator.push_message(4, f"{QUESTION} (4)")
        await emulator.wait_for(lambda: ("sendMessage", "drop") in emulator.faults_applied)
        await ask_and_wait(emulator, 5, f"{QUESTION} (5)")  # the bot is still answering
        # Telegram slower than the bot's read timeout (5 s): the message arrives late; no second copy
        emulator.inject_fault("sendMessage", "slow", delay=7)
        await ask_and_wait(emulator, 6, f"{QUESTION} (6)", timeout=60)
        await ask_and_wait(emulator, 7, f"{QUESTION} (7)")
        assert process.returncode is None
    assert [len(answers(emulator, chat)) for chat in range(1, 8)] == [1, 1, 1, 0, 1, 1, 1]
    assert duplicate_answers(emulator) == {}
    assert len(emulator.sent) == 6  # nothing else was sent either (no error message after an ambiguous failure)
    # every question is in the journal, and each delivered answer is the one recorded for its chat
    rows = journal_rows(tmp_path / "state" / "bot.sqlite3")
    assert sorted(r[1] for r in rows.values()) == sorted(f"{QUESTION} ({i})" for i in range(1, 8))
    for chat in (1, 2, 3, 5, 6, 7):
        [answer] = answers(emulator, chat)
        assert rows[question_id(answer)][:2] == (chat, f"{QUESTION} ({chat})")
    logged = log.read_text(encoding="utf-8", errors="replace")
    assert "not resent" in logged and "resending" in logged


async def test_get_updates_faults_and_a_competing_poller_do_not_stop_the_bot(tmp_path, emulator, bot_built_state):
    config = robust_config(tmp_path, bot_built_state)
    log = tmp_path / "bot.log"
    async with running_bot(emulator, config, log) as process:
        kinds = ["500", "drop", "429", "409", "slow"]
        for kind in kinds:
            emulator.inject_fault("getUpdates", kind, retry_after=1, delay=0.5)
        emulator.push_message(1, "/start")  # ends the poll in flight, so the next ones meet the faults
        await emulator.wait_for(lambda: [k for m, k in emulator.faults_applied if m == "getUpdates"] == kinds, 60)
        await ask_and_wait(emulator, 1, f"{QUESTION} (1)", timeout=60)

        # another process polling with the same token: Telegram ends the bot's long poll with 409 Conflict
        url = f"{emulator.base_url}{TOKEN}/getUpdates"
        async with aiohttp.ClientSession() as session:
            for _ in range(3):
                async with session.post(url, json={"timeout": 1, "allowed_updates": ["poll"]}) as response:
                    await response.read()
        await emulator.wait_for(lambda: any(name == "getUpdates" for name, _ in emulator.calls[-3:]), 30)
        for chat in (2, 3):
            await ask_and_wait(emulator, chat, f"{QUESTION} ({chat})", timeout=60)
        assert process.returncode is None
    assert duplicate_answers(emulator) == {}
    assert [len(answers(emulator, chat)) for chat in (1, 2, 3)] == [1, 1, 1]
    logged = log.read_text(encoding="utf-8", errors="replace")
    assert "Conflict" in logged


async def test_faults_at_start_up_are_retried_and_the_bot_comes_up_and_answers(tmp_path, emulator, bot_built_state):
    # one of each start-up call fails, a getMe answers later than the bot's 5 s read timeout, and the command
    # menu cannot be set at all: before, any one of these ended `python bot.py run` with exit code 1
    emulator.inject_fault("getMe", "500")
    emulator.inject_fault("getMe", "slow", delay=6)
    emulator.inject_fault("deleteWebhook", "500")
    emulator.inject_fault("deleteWebhook", "drop")
    emulator.inject_fault("setMyCommands", "500", count=10)
    config = robust_config(tmp_path, bot_built_state)
    log = tmp_path / "bot.log"
    async with running_bot(emulator, config, log) as process:
        assert process.returncode is None, log.read_text(encoding="utf-8", errors="replace")[-3000:]
        assert sorted(emulator.faults_applied) == sorted([
            ("getMe", "500"), ("getMe", "slow"), ("deleteWebhook", "500"), ("deleteWebhook", "drop"),
            *[("setMyCommands", "500")] * COMMANDS_ATTEMPTS])
        await ask_and_wait(emulator, 1, f"{QUESTION} (1)")

        # a short reply lost on its way back (usage text) is not resent and no error message follows it
        emulator.inject_fault("sendMessage", "lost")
        emulator.push_message(2, "/dieu")
        await emulator.wait_for(lambda: ("sendMessage", "lost") in emulator.faults_applied)
        await ask_and_wait(emulator, 2, f"{QUESTION} (2)")  # handled after the /dieu in the same chat
        assert process.returncode is None
    assert emulator.sent_to(2)[0].text == m.BOT_DIEU_USAGE
    assert len(emulator.sent_to(2)) == 2 and m.BOT_ERROR not in [s.text for s in emulator.sent]
    logged = log.read_text(encoding="utf-8", errors="replace")
    assert "could not set the command menu" in logged and "bot @" in logged


async def test_a_second_instance_refuses_to_start_while_one_runs(tmp_path, emulator, bot_built_state):
    config = robust_config(tmp_path, bot_built_state)
    async with running_bot(emulator, config, tmp_path / "bot.log") as first:
        second = await asyncio.create_subprocess_exec(
            sys.executable, str(REPO / "bot.py"), "run", "--config", str(config), cwd=str(REPO),
            env=bot_env(emulator), stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE)
        _, err = await asyncio.wait_for(second.communicate(), 60)
        assert second.returncode == 2
        assert b"already running" in err and str(first.pid).encode() in err
        await ask_and_wait(emulator, 1, QUESTION)  # the first one is unaffected
        assert first.returncode is None
    assert len(answers(emulator, 1)) == 1


# --- the delivery policy itself, without a network ----------------------------------------------------------

def failing(errors: list[Exception]):
    """A send that raises the given errors in turn, then succeeds; counts its calls."""
    calls = []

    async def send() -> str:
        calls.append(1)
        if len(calls) <= len(errors):
            raise errors[len(calls) - 1]
        return "sent"

    return send, calls


def wrapped(cause: Exception, kind: type[NetworkError] = NetworkError) -> NetworkError:
    try:
        raise kind(f"httpx.{type(cause).__name__}") from cause
    except NetworkError as exc:
        return exc


async def no_sleep(_seconds: float) -> None:
    return None


@pytest.mark.parametrize("make_error", [
    lambda: RetryAfter(dt.timedelta(seconds=1)),
    lambda: NetworkError("Internal Server Error"),  # an HTTP 5xx answer: PTB raises it without a cause
    lambda: NetworkError("Bad Gateway"),
    lambda: wrapped(httpx.ConnectError("refused")),
    lambda: wrapped(httpx.ConnectTimeout("connect"), TimedOut),
    lambda: wrapped(httpx.PoolTimeout("pool"), TimedOut),
])
async def test_clear_failures_are_resent(make_error, monkeypatch):
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # as run_bot sets it; RetryAfter warns without it
    send, calls = failing([make_error(), make_error()])
    assert await send_at_most_once(send, "test", sleep=no_sleep) == "sent"
    assert len(calls) == 3


@pytest.mark.parametrize("error", [
    wrapped(httpx.ReadTimeout("read"), TimedOut),
    wrapped(httpx.RemoteProtocolError("Server disconnected without sending a response.")),
    wrapped(httpx.ReadError("reset")),
    wrapped(httpx.WriteTimeout("write"), TimedOut),
    TimedOut(),
])
async def test_ambiguous_failures_are_never_resent(error):
    send, calls = failing([error])
    with pytest.raises(DeliveryUncertainError):
        await send_at_most_once(send, "test", sleep=no_sleep)
    assert len(calls) == 1


async def test_bad_request_and_exhausted_retries_raise():
    send, calls = failing([BadRequest("message is too long")])
    with pytest.raises(BadRequest):
        await send_at_most_once(send, "test", sleep=no_sleep)
    assert len(calls) == 1
    send, calls = failing([NetworkError("Internal Server Error")] * 10)
    with pytest.raises(NetworkError):
        await send_at_most_once(send, "test", sleep=no_sleep)
    assert len(calls) == SEND_ATTEMPTS
