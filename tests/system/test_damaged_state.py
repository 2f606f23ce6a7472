"""Issue 16: the real `python bot.py run` over damaged state keeps answering and tells the admins."""

from __future__ import annotations

from answers import messages as m
from tests.support import ADMIN, answers, robust_config, running_bot

GARBAGE = b"SQLite format 2\x00 this is not the journal any more \xff\xfe" * 20


async def test_a_garbage_journal_is_moved_aside_the_bot_answers_and_the_admin_is_told(
        tmp_path, emulator, bot_built_state):
    config = robust_config(tmp_path, bot_built_state)
    journal = tmp_path / "state" / "bot.sqlite3"
    journal.write_bytes(GARBAGE)
    log = tmp_path / "bot.log"
    async with running_bot(emulator, config, log) as process:
        assert process.returncode is None, log.read_text(encoding="utf-8", errors="replace")[-3000:]
        told = await emulator.wait_for(lambda: [s for s in emulator.sent_to(ADMIN) if s.text.startswith("⚠️")], 30)
        expected = m.BOT_JOURNAL_QUARANTINED.format(name="bot.sqlite3", damage="file is not a database", moved="X")
        assert told[0].text.split("bot.sqlite3.damaged-")[0] == expected.split("X")[0]
        emulator.push_message(7, "người đứng đầu xóm làm mấy năm")
        [answer] = await emulator.wait_for(lambda: answers(emulator, 7), 60)
        assert "hai năm rưỡi" in answer.text
    moved = [p for p in journal.parent.iterdir() if p.name.startswith("bot.sqlite3.damaged-")]
    assert [p.read_bytes() for p in moved] == [GARBAGE]  # kept as it was, for whoever wants to look
