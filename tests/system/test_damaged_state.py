"""Issue 16: the real `python bot.py run` over damaged state keeps answering and tells the admins."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys

from answers import messages as m
from index import store
from tests.support import ADMIN, REPO, answers, robust_config, run_cli, running_bot

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


async def test_a_damaged_serving_index_gives_way_to_the_earlier_one_and_the_admin_is_told(
        tmp_path, emulator, bot_built_state):
    config = robust_config(tmp_path, bot_built_state)
    state = tmp_path / "state"
    earlier = store.current_folder(state)
    assert earlier is not None
    damaged = earlier.with_name("99991231T235959000000-0001")  # newer than any real build
    shutil.copytree(earlier, damaged)
    store.switch_current(state, damaged)
    dense = damaged / "dense.faiss"
    dense.write_bytes(dense.read_bytes()[:1000])
    log = tmp_path / "bot.log"
    async with running_bot(emulator, config, log) as process:
        assert process.returncode is None, log.read_text(encoding="utf-8", errors="replace")[-3000:]
        told = await emulator.wait_for(lambda: [s for s in emulator.sent_to(ADMIN) if s.text.startswith("⚠️")], 30)
        assert damaged.name in told[0].text and earlier.name in told[0].text and "/reload" in told[0].text
        emulator.push_message(7, "người đứng đầu xóm làm mấy năm")
        [answer] = await emulator.wait_for(lambda: answers(emulator, 7), 60)
        assert "hai năm rưỡi" in answer.text
    assert "serving the earlier index" in log.read_text(encoding="utf-8", errors="replace")


def _limited_file_size() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (8 * 1024, resource.RLIM_INFINITY))  # as if the disk were full


def test_a_full_disk_during_a_build_stops_it_cleanly_and_the_old_index_serves(tmp_path, bot_built_state):
    config = robust_config(tmp_path, bot_built_state)
    state = tmp_path / "state"
    serving = store.current_folder(state)
    before = sorted(p.name for p in (state / "indexes").iterdir())
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "ADMIN_IDS")}
    built = subprocess.run([sys.executable, str(REPO / "bot.py"), "build", "--config", str(config)], cwd=REPO,
                           env=env, capture_output=True, text=True, timeout=300, check=False,
                           preexec_fn=_limited_file_size)
    assert built.returncode == 2, built.stderr[-2000:]
    assert "Ổ đĩa đã đầy hoặc không ghi được" in built.stderr and "Traceback" not in built.stderr
    assert sorted(p.name for p in (state / "indexes").iterdir()) == before  # the partial folder is gone
    assert store.current_folder(state) == serving
    asked = run_cli(config, "ask", "người đứng đầu xóm làm mấy năm", timeout=120)
    assert asked.returncode == 0 and "hai năm rưỡi" in asked.stdout


async def test_with_no_intact_index_the_bot_rebuilds_tells_the_admin_and_answers(tmp_path, emulator, bot_built_state):
    config = robust_config(tmp_path, bot_built_state)
    dense = store.current_folder(tmp_path / "state") / "dense.faiss"
    dense.write_bytes(dense.read_bytes()[:1000])  # the only folder there is
    log = tmp_path / "bot.log"
    async with running_bot(emulator, config, log) as process:
        assert process.returncode is None, log.read_text(encoding="utf-8", errors="replace")[-3000:]
        told = await emulator.wait_for(lambda: [s for s in emulator.sent_to(ADMIN) if s.text.startswith("⚠️")], 60)
        assert "dựng lại" in told[0].text and "dense.faiss" in told[0].text
        for n in range(60):  # "not ready" while the preview builds, then answers
            emulator.push_message(7, f"người đứng đầu xóm làm mấy năm {n}")
            reply = (await emulator.wait_for(lambda n=n: emulator.sent_to(7)[n:] or None, 60))[0]
            if "hai năm rưỡi" in reply.text:
                break
            await asyncio.sleep(0.5)
        assert "hai năm rưỡi" in reply.text
