"""Webhook mode end to end: `python bot.py run` with telegram.webhook_url set, the emulator POSTing updates.

The bot listens on 127.0.0.1 (a free port), calls setWebhook with a secret token, and answers a question that
reaches it only through its webhook server; it never polls.
"""

from __future__ import annotations

import socket

import aiohttp

from tests.support import TOKEN, answers, robust_config, running_bot


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (the bot binds it a moment later)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_webhook_mode_answers_a_question_pushed_to_the_bots_webhook(tmp_path, emulator, bot_built_state):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram-hook"
    config = robust_config(tmp_path, bot_built_state, webhook_url=url, webhook_listen="127.0.0.1",
                           webhook_port=port)
    log = tmp_path / "bot.log"
    async with running_bot(emulator, config, log, ready=lambda: emulator.webhook is not None) as process:
        assert not [name for name, _ in emulator.calls if name == "deleteWebhook"]
        assert process.returncode is None, log.read_text(encoding="utf-8", errors="replace")[-3000:]
        assert emulator.webhook is not None and emulator.webhook["url"] == url
        secret = emulator.webhook.get("secret_token")
        assert secret and TOKEN not in secret and sorted(emulator.webhook["allowed_updates"]) == [
            "callback_query", "message", "poll_answer"]

        emulator.push_message(7, "người đứng đầu xóm làm mấy năm")
        [answer] = await emulator.wait_for(lambda: answers(emulator, 7), 60)
        assert "hai năm rưỡi" in answer.text and answer.parse_mode == "HTML"

        # the secret token is what keeps strangers out of the webhook
        update = {"update_id": 999, "message": {"message_id": 1, "date": 0, "chat": {"id": 8, "type": "private"},
                                                "from": {"id": 8, "is_bot": False, "first_name": "X"}, "text": "hi"}}
        async with aiohttp.ClientSession() as session, session.post(url, json=update) as response:
            assert response.status == 403
        assert process.returncode is None
    # PTB calls setWebhook just before its server listens, so a first POST may find the port closed (status 0);
    # the emulator retries as Telegram does, and the update is delivered once
    delivered = [update_id for update_id, status in emulator.webhook_deliveries if status == 200]
    assert len(delivered) == 1 and {s for _, s in emulator.webhook_deliveries} <= {0, 200}
    assert not [name for name, _ in emulator.calls if name == "getUpdates"]  # nothing came by polling
    assert emulator.sent_to(8) == []
