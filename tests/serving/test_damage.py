"""Damage the serving engine routes around: a damaged, locked or full journal; a full disk during an upload."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from serving import journal as journal_module
from serving.journal import Journal
from tests.support import REPO


async def _ask(journal: Journal, text: str = "họp thôn cần bao nhiêu hộ") -> int | None:
    return await journal.record_question(user_id=7, chat_id=7, chat_type="private", text=text, refused=False,
                                         article_ids=["44.13.LQ.2"], scores=[0.9], latency_ms=5.0)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "overwritten page"])
async def test_a_damaged_journal_is_moved_aside_and_a_new_one_started(tmp_path, damage):
    path = tmp_path / "bot.sqlite3"
    if damage == "garbage":
        path.write_bytes(b"\x00garbage, not a database\xff" * 3)
    else:
        first = Journal(path)
        await first.open()
        for n in range(300):
            await _ask(first, f"câu hỏi số {n} " + "chữ " * 40)
        await first.close()
        data = bytearray(path.read_bytes())
        if damage == "truncated":
            data = data[: len(data) // 2 + 100]
        else:  # a page in the middle of the b-tree filled with noise
            data[4096 * 3: 4096 * 4] = b"\xa5" * 4096
        path.write_bytes(bytes(data))
    before = path.read_bytes()
    journal = Journal(path)
    await journal.open()
    try:
        assert journal.quarantined is not None and journal.quarantined.read_bytes() == before  # kept, not lost
        assert journal.quarantined.name.startswith("bot.sqlite3.damaged-") and journal.damage
        assert await _ask(journal) == 1
        assert (await journal.stats()).questions_week == 1
    finally:
        await journal.close()


async def test_an_intact_journal_is_not_touched(tmp_path):
    journal = Journal(tmp_path / "bot.sqlite3")
    await journal.open()
    await _ask(journal)
    await journal.close()
    again = Journal(tmp_path / "bot.sqlite3")
    await again.open()
    try:
        assert again.quarantined is None and (await again.stats()).questions_week == 1
        assert sorted(p.name for p in tmp_path.iterdir() if "damaged" in p.name) == []
    finally:
        await again.close()


async def test_a_locked_journal_is_waited_for(tmp_path, monkeypatch):
    monkeypatch.setattr(journal_module, "OPEN_BACKOFF_SECONDS", 0.2)
    monkeypatch.setattr(journal_module, "BUSY_TIMEOUT_MS", 100)  # each try gives up on the lock quickly
    path = tmp_path / "bot.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("PRAGMA journal_mode=DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("CREATE TABLE held (x)")
    release = threading.Timer(1.0, lambda: holder.execute("COMMIT"))
    release.start()
    journal = Journal(path)
    started = time.monotonic()
    await journal.open()
    try:
        assert journal.quarantined is None and time.monotonic() - started >= 0.5
        assert await _ask(journal) == 1
    finally:
        await journal.close()
        release.join()
        holder.close()


FULL_DISK_SCRIPT = """
import asyncio, json, resource, sys
from pathlib import Path
from serving.journal import Journal

async def main():
    journal = Journal(Path(sys.argv[1]))
    await journal.open()
    await journal.record_question(user_id=1, chat_id=1, chat_type="private", text="first", refused=False,
                                  article_ids=[], scores=[], latency_ms=1.0)
    size = sum(p.stat().st_size for p in Path(sys.argv[1]).parent.iterdir())
    resource.setrlimit(resource.RLIMIT_FSIZE, (size + 64 * 1024, resource.RLIM_INFINITY))  # the disk fills up
    ids = []
    for n in range(400):
        ids.append(await journal.record_question(user_id=1, chat_id=1, chat_type="private", text="x" * 2000,
                                                 refused=False, article_ids=[], scores=[], latency_ms=1.0))
    stats = await journal.stats()
    print(json.dumps({"stored": sum(i is not None for i in ids), "failed": journal.failed_writes,
                      "shown": stats.failed_writes}))
    await journal.close()

asyncio.run(main())
"""


def test_a_full_disk_makes_writes_fail_quietly_and_counted(tmp_path):
    done = subprocess.run([sys.executable, "-c", FULL_DISK_SCRIPT, str(tmp_path / "bot.sqlite3")], cwd=REPO,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["stored"] > 0 and figures["failed"] > 0  # some fitted, the rest failed without raising
    assert figures["stored"] + figures["failed"] == 400 and figures["shown"] == figures["failed"]
    assert "a journal write failed" in done.stderr


FULL_DISK_UPLOAD = """
import resource, sys
from pathlib import Path
from serving.uploads import DISK_FULL, UploadError, list_uploads, store_upload

folder = Path(sys.argv[1])
text = "# Quy chế giếng nước\\n\\nĐiều 1. Lịch thau giếng\\n\\n" + "Giếng được thau rửa vào tháng ba. " * 2000
resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, resource.RLIM_INFINITY))  # larger files cannot be written
try:
    store_upload(folder, "gieng.md", text.encode(), 42)
except UploadError as exc:
    print("refused" if str(exc) == DISK_FULL else f"other: {exc}")
print(sorted(p.name for p in folder.iterdir()) if folder.exists() else [], len(list_uploads(folder)))
"""


def test_a_full_disk_during_an_upload_keeps_nothing_half_written(tmp_path):
    done = subprocess.run([sys.executable, "-c", FULL_DISK_UPLOAD, str(tmp_path / "uploads")], cwd=REPO,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    outcome, left = done.stdout.splitlines()
    assert outcome == "refused" and left == "[] 0"  # no sidecar, no partial file, nothing listed
