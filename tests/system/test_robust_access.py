"""Issue 5 item 5: abuse and access — admin commands and uploads refused for others and logged, the
per-user rate limit, the token kept out of every log line and reply, and uploads stored under made-up names.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import sys
import urllib.parse
from pathlib import Path

import pytest

from answers import messages as m
from emulator.botapi import BotApiEmulator
from handlers.app import build_application
from handlers.state import bot_state
from settings import TelegramSettings, load_settings
from tests.support import (
    ADMIN,
    BOT_ID,
    REPO,
    SECRET,
    TOKEN,
    OfflineRequest,
    answers,
    bot_env,
    message_update,
    robust_config,
    running_bot,
    started,
    write_bot_config,
)

LAW = ("# Quy chế thử\n\nĐiều 1. Việc thử\n\nMột câu thử nghiệm về họp xóm.\n\n"
       "Điều 2. Việc thử hai\n\nHai câu thử nghiệm về thu chi.\n").encode()


def make_app(tmp_path: Path, request_layer: OfflineRequest, service, **telegram):
    settings = load_settings(write_bot_config(tmp_path, tmp_path / "state", admin_ids=[ADMIN], **telegram),
                             environ={"TELEGRAM_BOT_TOKEN": TOKEN})
    return build_application(settings, request=request_layer, load=lambda _s: service,
                             gate_metric=lambda _s: None, rate_limiter=False)


@pytest.fixture
async def app(tmp_path, request_layer, bot_service):
    application = make_app(tmp_path, request_layer, bot_service)
    async with started(application, request_layer):
        yield application


def admin_actions(app) -> list[tuple]:
    with sqlite3.connect(bot_state(app.bot_data).settings.database_path) as conn:
        return conn.execute("SELECT user_id, action, allowed FROM admin_actions ORDER BY id").fetchall()


async def upload(app, request_layer: OfflineRequest, user_id: int, file_name: str, data: bytes = LAW) -> str:
    file_id = f"F{len(request_layer.files)}"
    request_layer.files[file_id] = data
    document = {"file_id": file_id, "file_unique_id": file_id, "file_name": file_name, "file_size": len(data)}
    await app.process_update(message_update(app.bot, "", user_id=user_id, document=document))
    return request_layer.sent(user_id)[-1]["text"]


async def test_every_admin_command_and_upload_is_refused_and_logged_for_others(app, request_layer, caplog):
    with caplog.at_level(logging.WARNING, logger="handlers.admin"):
        for command in ("/reload", "/stats", "/unanswered", "/remove upload-x", "/remove"):
            await app.process_update(message_update(app.bot, command, user_id=7))
        assert await upload(app, request_layer, 7, "luat.md") == m.BOT_NOT_ADMIN
    assert [s["text"] for s in request_layer.sent(7)] == [m.BOT_NOT_ADMIN] * 6
    assert admin_actions(app) == [(7, a, 0) for a in ("reload", "stats", "unanswered", "remove", "remove", "upload")]
    for action in ("reload", "stats", "unanswered", "remove", "upload"):
        assert f"refused {action} for non-admin user 7" in caplog.text
    assert not request_layer.called("getFile")  # the refused file is never downloaded
    assert not bot_state(app.bot_data).settings.uploads_dir.exists()
    assert not bot_state(app.bot_data).reloader.running


async def test_sources_shows_pending_uploads_to_admins_only(app, request_layer):
    reply = await upload(app, request_layer, ADMIN, "quy-che.md")
    upload_id = reply.split("Mã văn bản: ")[1].split(".")[0]
    await app.process_update(message_update(app.bot, "/sources", user_id=7))
    await app.process_update(message_update(app.bot, "/sources", user_id=ADMIN))
    [public] = request_layer.sent(7)
    admin_view = request_layer.sent(ADMIN)[-1]["text"]
    assert upload_id in admin_view and m.BOT_SOURCES_PENDING in admin_view
    assert upload_id not in public["text"] and m.BOT_SOURCES_PENDING not in public["text"]
    assert "quy-che.md" not in public["text"]


async def test_rate_limit_defaults_to_20_a_minute_with_one_polite_message(tmp_path, request_layer, bot_service):
    assert TelegramSettings().rate_limit_per_minute == 20
    application = make_app(tmp_path, request_layer, bot_service)  # no rate_limit_per_minute in the config
    await application.initialize()
    await application.post_init(application)
    try:
        assert bot_state(application.bot_data).limiter.per_minute == 20
        for i in range(23):
            await application.process_update(message_update(application.bot, f"bảng kê dán bao lâu {i}", user_id=7))
        texts = [s["text"] for s in request_layer.sent(7)]
        assert len(texts) == 21 and texts[20] == m.BOT_RATE_LIMITED.format(limit=20)
        with sqlite3.connect(bot_state(application.bot_data).settings.database_path) as conn:
            assert conn.execute("SELECT COUNT(*) FROM questions").fetchone()[0] == 20
    finally:
        await application.post_shutdown(application)
        await application.shutdown()


@pytest.mark.parametrize("file_name", [
    "../../x.md",
    "..\\..\\windows\\x.md",
    "/etc/cron.d/x.md",
    "a\x00b.md",
    "x\x00.md",
    "quy-che-" + "rất-dài-" * 60 + ".md",
    "..",
    ".md",
])
async def test_uploads_are_stored_under_generated_names_whatever_the_file_name(app, request_layer, tmp_path,
                                                                                file_name):
    before = {p for p in tmp_path.rglob("*")}
    reply = await upload(app, request_layer, ADMIN, file_name)
    uploads = bot_state(app.bot_data).settings.uploads_dir
    created = {p for p in tmp_path.rglob("*")} - before
    # only the uploads folder and files in it, under names the bot made
    assert all(uploads in (p, p.parent) for p in created), created
    stored = sorted(p.name for p in created if p.parent == uploads)
    if file_name.endswith(".md") and file_name != ".md":
        assert len(stored) == 2 and all(n.startswith("upload-") for n in stored), (reply, stored)
        assert "2 điều" in reply and "\x00" not in reply and "/" not in reply.split("»")[0]
    else:  # no usable suffix: refused, nothing written
        assert stored == [] and reply == m.BOT_UPLOAD_BAD_TYPE


# --- the token: never in logs (including errors forced by faults), replies or /stats --------------------------

def leaks(text: str) -> list[str]:
    forms = {TOKEN, SECRET, urllib.parse.quote(TOKEN), urllib.parse.quote(TOKEN, safe="")}
    return [f for f in forms if f in text]


async def test_the_token_never_appears_in_logs_replies_or_stats(tmp_path, bot_built_state):
    config = robust_config(tmp_path, bot_built_state)
    log = tmp_path / "bot.log"
    async with BotApiEmulator(token=TOKEN, bot_id=BOT_ID) as emulator:
        async with running_bot(emulator, config, log):
            for method, kind in (("sendMessage", "500"), ("sendMessage", "drop"), ("sendMessage", "lost"),
                                 ("getUpdates", "500"), ("getUpdates", "drop"), ("getUpdates", "409"),
                                 ("getFile", "drop")):
                emulator.inject_fault(method, kind)
            for i in range(4):
                emulator.push_message(7 + i, f"bảng kê thu chi phải dán bao lâu {i}")
            emulator.push_document(ADMIN, "a.md", LAW)  # getFile dropped: an error inside a handler
            emulator.push_message(ADMIN, "/sources")
            await emulator.wait_for(lambda: len(emulator.faults_applied) == 7
                                    and sum(len(answers(emulator, 7 + i)) for i in range(4)) >= 2, 60)
            emulator.push_message(ADMIN, "/stats")
            await emulator.wait_for(lambda: any(s.text.startswith("Hôm nay") for s in emulator.sent_to(ADMIN)), 30)
        # Telegram rejects the token (401): PTB's own error message quotes it
        env = bot_env(emulator)
        emulator.token = "0:another-bot"
        process = await asyncio.create_subprocess_exec(
            sys.executable, str(REPO / "bot.py"), "run", "--config", str(config), cwd=str(REPO), env=env,
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(process.communicate(), 90)
    logged = log.read_text(encoding="utf-8", errors="replace")
    assert "error while handling an update" in logged or "may not have arrived" in logged  # faults did fire
    assert leaks(logged) == []
    assert process.returncode == 2 and b"rejected" in err
    assert leaks((out + err).decode("utf-8", "replace")) == []
    assert leaks("\n".join(s.text for s in emulator.sent)) == []
