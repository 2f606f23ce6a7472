"""The Bot API emulator answers a real python-telegram-bot `Bot` the way Telegram does."""

from __future__ import annotations

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, RetryAfter


@pytest.fixture
async def bot(emulator):
    b = Bot(emulator.token, base_url=emulator.base_url, base_file_url=f"http://127.0.0.1:{emulator.port}/file/bot")
    async with b:
        yield b


async def test_get_me_and_long_polling_delivers_pushed_messages(emulator, bot):
    me = await bot.get_me()
    assert me.is_bot and me.username == "dancoso_test_bot"
    emulator.push_message(5, "/start")
    updates = await bot.get_updates(timeout=5)
    assert [u.message.text for u in updates] == ["/start"]
    assert updates[0].message.entities[0].type == "bot_command"
    assert updates[0].message.date.year >= 2024  # seconds, not milliseconds
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=0) == ()


async def test_send_message_checks_html_length_and_button_bytes(emulator, bot):
    message = await bot.send_message(5, "<b>Điều 11</b> &lt;b&gt;", parse_mode=ParseMode.HTML)
    assert message.text == "Điều 11 <b>"
    with pytest.raises(BadRequest, match="parse entities"):
        await bot.send_message(5, "<b>unclosed", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(5, "x" * 4097)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="Đ" * 33)]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(5, "x", reply_markup=too_long)


async def test_faults_and_file_download(emulator, bot, monkeypatch):
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # PTB 22 warns on RetryAfter unless opted in to timedelta
    emulator.inject_fault("sendMessage", "429", retry_after=3)
    with pytest.raises(RetryAfter, match="Retry in 0:00:03"):
        await bot.send_message(5, "x")
    emulator.push_document(5, "../../etc/luật.md", b"# hello")
    update = (await bot.get_updates(timeout=5))[0]
    file = await bot.get_file(update.message.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"# hello"
