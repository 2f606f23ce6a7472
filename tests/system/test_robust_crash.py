"""Issue 5 item 3: kill -9 the build and the running bot; nothing that serves or was said is lost.

- `python bot.py build` is killed at several points (while reading sources, embedding, writing the index,
  switching, cleaning up, and after random delays); after each kill `python bot.py ask` still serves a
  complete index (the previous one, or the new one if the switch had happened), and the next build succeeds.
- `python bot.py run` is killed while answering a stream of questions: the SQLite journal passes
  `PRAGMA integrity_check`, every answer the emulator received is recorded for its chat, and a new bot
  starts on the same state directory (the instance lock died with the process).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.support import (
    REPO,
    answers,
    journal_rows,
    question_id,
    robust_config,
    run_cli,
    running_bot,
    write_bot_config,
)

KNOWN = "thu tiền sửa cầu trong xóm cần bao nhiêu hộ đồng ý"  # answered by 44.13.LQ.2 of the test law


def extra_document(round_number: int) -> str:
    """A small rule book of the team's own words; each round differs, so the build has passages to embed."""
    articles = []
    for n, (title, body) in enumerate([
        ("Lịch thau giếng", "Giếng nước chung của xóm được thau rửa vào tháng ba và tháng chín."),
        ("Người trông giếng", "Xóm cử một người trông giếng, khóa nắp giếng ban đêm."),
        ("Tiền điện bơm nước", "Tiền điện bơm nước chia đều theo số hộ dùng nước."),
        ("Sửa máy bơm", "Khi máy bơm hỏng, người trông giếng báo trưởng xóm trong ngày."),
        ("Nước mưa", "Bể nước mưa chung được dọn trước mùa mưa."),
        ("Ghi chép", f"Sổ giếng ghi lần kiểm tra thứ {round_number} cùng ngày giờ và người kiểm tra."),
    ], 1):
        articles.append(f"Điều {n}. {title}\n\n{body} Vòng {round_number}, mục {n}.\n")
    return "# Quy chế giữ gìn giếng nước chung\n\n" + "\n".join(articles)


def build_config(tmp_path: Path, built_state: Path) -> tuple[Path, Path]:
    """The test law plus a folder of extra rule books, over a copy of the built state."""
    extra = tmp_path / "extra"
    extra.mkdir()
    config = write_bot_config(tmp_path, tmp_path / "state", copy_from=built_state, extra_sources=((extra, ("*.md",)),))
    return config, extra


def bot_cli(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(config, *args, timeout=120)


def build_and_kill(config: Path, trigger: str | None, delay: float) -> tuple[int, list[str]]:
    """Run a build and SIGKILL it `delay` s after a stderr line containing `trigger` (or after start)."""
    process = subprocess.Popen([sys.executable, str(REPO / "bot.py"), "build", "--config", str(config)],
                               cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    seen: list[str] = []
    if trigger is None:
        time.sleep(delay)
    else:
        for line in process.stderr:
            seen.append(line.rstrip())
            if trigger in line:
                time.sleep(delay)
                break
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    # what it printed between the trigger and the kill ("switched to" when it finished first) counts too
    seen.extend(line.rstrip() for line in process.stderr.read().splitlines())
    process.stderr.close()
    return process.returncode, seen


def current(state: Path) -> str:
    return (state / "CURRENT").read_text(encoding="utf-8").strip()


def test_build_killed_at_any_point_leaves_a_serving_index_and_the_next_build_succeeds(tmp_path, bot_built_state):
    config, extra = build_config(tmp_path, bot_built_state)
    state = tmp_path / "state"
    seed = int(os.environ.get("ROBUST_SEED", time.time_ns() % 10**6))
    rng = random.Random(seed)
    points = [("reading knowledge sources", 0.05), ("passages (", 0.25), ("embedded", 0.02),
              ("diacritic restorer trained", 0.01), ("switched to", 0.0),
              (None, rng.uniform(0.3, 1.5)), (None, rng.uniform(0.3, 1.5))]
    killed = 0
    for round_number, (trigger, max_delay) in enumerate(points, 1):
        (extra / "gieng.md").write_text(extra_document(round_number), encoding="utf-8")
        before = current(state)
        delay = rng.uniform(0, max_delay) if trigger else max_delay
        code, seen = build_and_kill(config, trigger, delay)
        where = f"seed {seed}, kill {round_number} after {trigger!r} + {delay:.2f} s; stderr: {seen[-3:]}"
        killed += code == -signal.SIGKILL
        serving = current(state)
        assert (state / "indexes" / serving / "manifest.json").is_file(), where
        if serving != before:  # only to a complete folder built from this round's sources (the kill may
            # land between the switch and its "switched to" line, so the folder itself is checked)
            passages = (state / "indexes" / serving / "passages.jsonl").read_text(encoding="utf-8")
            assert f"lần kiểm tra thứ {round_number} " in passages, where
        asked = bot_cli(config, "ask", KNOWN, "--json")
        assert asked.returncode == 0, f"{where}: {asked.stderr[-2000:]}"
        reply = json.loads(asked.stdout)
        assert not reply["refused"] and reply["citations"][0]["id"] == "44.13.LQ.2", where
    assert killed >= 5, f"seed {seed}: only {killed} builds were killed before they finished"

    (extra / "gieng.md").write_text(extra_document(99), encoding="utf-8")
    built = bot_cli(config, "build")
    assert built.returncode == 0, built.stderr[-3000:]
    asked = json.loads(bot_cli(config, "ask", "ai trông giếng nước chung của xóm", "--json").stdout)
    assert "trông giếng" in asked["answer"]
    assert json.loads(bot_cli(config, "ask", KNOWN, "--json").stdout)["citations"][0]["id"] == "44.13.LQ.2"


async def test_bot_killed_while_answering_loses_no_journal_entry(tmp_path, emulator, bot_built_state):
    config = robust_config(tmp_path, bot_built_state)
    database = tmp_path / "state" / "bot.sqlite3"
    users = range(100, 120)
    async with running_bot(emulator, config, tmp_path / "bot.log") as process:
        for round_number in range(8):
            for user in users:
                emulator.push_message(user, f"{KNOWN} (lần {round_number})")
        # kill -9 somewhere in the middle of the stream
        await emulator.wait_for(lambda: len([s for s in emulator.sent if question_id(s)]) >= 40, 60)
        process.kill()
        await process.wait()
    delivered = [s for s in emulator.sent if question_id(s) is not None]
    assert 40 <= len(delivered) < 160  # the kill did cut the stream

    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = journal_rows(database)
    for answer in delivered:
        row = rows.get(question_id(answer))
        assert row is not None and row[0] == answer.chat_id and row[1].startswith(KNOWN), answer

    # the lock died with the process: a new bot starts on the same state directory and keeps the journal
    async with running_bot(emulator, config, tmp_path / "bot2.log"):
        emulator.push_message(999, KNOWN)
        await emulator.wait_for(lambda: answers(emulator, 999), 60)
    assert set(rows) <= set(journal_rows(database))
