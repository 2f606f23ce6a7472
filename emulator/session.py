"""Running the real `python bot.py run` against a local Bot API emulator, and reading what users received.

Used by the end-to-end tests and the load benchmarks: a config over a state directory (`write_config`,
`copy_state`), the bot process (`running_bot`, stopped with SIGTERM and, if need be, SIGKILL), simulated users
(`user_session`), and what reached them (`answers`, `exactly_once_problems`, the journal's rows).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3
import sys
from collections import Counter
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any

import yaml

from emulator.botapi import BotApiEmulator, SentMessage
from settings import Settings

REPO = Path(__file__).resolve().parent.parent
RUNTIME_FILES = ("bot.lock", "bot.sqlite3*")  # what a running bot adds to a state directory


def copy_state(built_state: Path, state: Path, *, leave_out: Sequence[str] = RUNTIME_FILES) -> Path:
    """A copy of a built state directory without what a running bot added (lock, journal), at `state`."""
    shutil.copytree(built_state, state, ignore=shutil.ignore_patterns(*leave_out))
    return state


def write_config(path: Path, state_dir: Path, sources: Sequence[tuple[Path, Sequence[str]]], *,
                 telegram: Mapping[str, Any] | None = None, **settings: Any) -> Path:
    """Write a config.yaml at `path` and return it.

    It holds `state_dir`, `sources` as (folder, patterns), the telegram section and any other top-level
    settings given (None values are left out).
    """
    config: dict[str, Any] = {"state_dir": str(state_dir),
                              "sources": [{"path": str(folder), "patterns": list(patterns)}
                                          for folder, patterns in sources]}
    config.update({key: str(value) if isinstance(value, Path) else value
                   for key, value in settings.items() if value is not None})
    config["telegram"] = dict(telegram or {})
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def rehome_config(settings: Settings, path: Path, state_dir: Path, **telegram: Any) -> Path:
    """Write at `path` the configuration `settings` was read from, with another state directory; returns it.

    Sources and gate questions become absolute paths; `telegram` overrides the telegram section.
    """
    raw = yaml.safe_load(Path(settings.config_path).read_text(encoding="utf-8")) or {}
    raw["state_dir"] = str(state_dir)
    raw["sources"] = [{"path": str(s.path), "patterns": list(s.patterns)} for s in settings.sources]
    raw["gate_questions"] = str(settings.gate_questions) if settings.gate_questions else None
    raw["telegram"] = {**(raw.get("telegram") or {}), **telegram}
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def bot_env(emulator: BotApiEmulator) -> dict[str, str]:
    """The environment of a bot process talking to `emulator` (no ADMIN_IDS from the caller's shell)."""
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": emulator.token, "TELEGRAM_API_BASE_URL": emulator.base_url,
           "PYTHONUNBUFFERED": "1"}
    env.pop("ADMIN_IDS", None)
    return env


@asynccontextmanager
async def running_bot(emulator: BotApiEmulator, config: Path, log: Path, startup_timeout: float = 90,
                      ready: Callable[[], bool] | None = None) -> AsyncIterator[asyncio.subprocess.Process]:
    """`python bot.py run` with stdout+stderr in `log`; SIGTERM (then kill) at exit.

    Ready once it polls (or once `ready()` is true, e.g. for a webhook) or has exited.
    """
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable, str(REPO / "bot.py"), "run", "--config", str(config), cwd=str(REPO),
            env=bot_env(emulator), stdin=asyncio.subprocess.DEVNULL, stdout=out, stderr=out)
        try:
            polls = sum(1 for name, _ in emulator.calls if name == "getUpdates")
            started = ready or (lambda: sum(1 for name, _ in emulator.calls if name == "getUpdates") > polls)
            await emulator.wait_for(lambda: process.returncode is not None or started(), startup_timeout)
            yield process
        finally:
            await stop(process)


async def stop(process: asyncio.subprocess.Process, timeout: float = 30) -> None:
    """SIGTERM, and SIGKILL if it has not exited within `timeout` seconds."""
    if process.returncode is None:
        with suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), timeout)
        except TimeoutError:
            process.kill()
            await process.wait()


def question_id(message: SentMessage) -> int | None:
    """The journal's question id behind an answer: its 👍/👎 buttons carry `f:<id>:up|down`."""
    for button in message.buttons():
        data = button.get("callback_data") or ""
        if data.startswith("f:"):
            return int(data.split(":")[1])
    return None


def answers(emulator: BotApiEmulator, chat_id: int) -> list[SentMessage]:
    """The answers (last page of each, the one with the vote buttons) a chat received."""
    return [s for s in emulator.sent_to(chat_id) if question_id(s) is not None]


def duplicate_answers(emulator: BotApiEmulator) -> dict[int, int]:
    """Question ids whose answer reached the user more than once, with the count."""
    counts = Counter(question_id(s) for s in emulator.sent if question_id(s) is not None)
    return {q: n for q, n in counts.items() if n > 1}


def journal_rows(database: Path) -> dict[int, tuple[Any, ...]]:
    """Question id → (chat_id, text, reply_message_ids) from the bot's SQLite journal (read-only)."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT id, chat_id, text, reply_message_ids FROM questions").fetchall()
    return {r[0]: r[1:] for r in rows}


def peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident set (VmHWM) in MB, or None where /proc is not available."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


LOAD_QUESTIONS = (
    "thu tiền sửa cầu trong xóm cần bao nhiêu hộ đồng ý",
    "người đứng đầu xóm do ai chọn, làm mấy năm",
    "bảng kê thu chi phải dán bao lâu",
    "hop xom can bao nhieu ho",
    "điều 4",
    "hôm nay trời có mưa không",
)


async def user_session(emulator: BotApiEmulator, user_id: int, questions: int,
                       latencies: list[float], missing: list[str], *, timeout: float = 120) -> None:
    """One simulated user: ask, wait for the answer, ask the next; latencies in ms, unanswered noted."""
    loop = asyncio.get_running_loop()
    for n in range(questions):
        question = LOAD_QUESTIONS[(user_id + n) % len(LOAD_QUESTIONS)]
        # a numbered question stays unique in the journal; an article look-up must stay one ("điều 4 #2" is not)
        text = question if question.startswith("điều") else f"{question} #{n}"
        started = loop.time()
        emulator.push_message(user_id, text)
        try:
            await emulator.wait_for(lambda n=n: len(answers(emulator, user_id)) > n, timeout)
        except TimeoutError:
            missing.append(f"user {user_id} question {n}")
            return
        latencies.append((loop.time() - started) * 1000)


def exactly_once_problems(emulator: BotApiEmulator, user_ids: range, questions: int,
                          database: Path) -> list[str]:
    """Users whose chats did not receive exactly one answer per question, each matching the journal."""
    rows = journal_rows(database)
    problems = []
    for user_id in user_ids:
        got = answers(emulator, user_id)
        ids = [question_id(a) for a in got]
        if len(got) != questions or len(set(ids)) != questions:
            problems.append(f"user {user_id}: {len(got)} answers for {questions} questions (ids {ids})")
        elif any(rows.get(q, (None,))[0] != user_id for q in ids):
            problems.append(f"user {user_id}: an answer is not in the journal for this chat")
    duplicates = duplicate_answers(emulator)
    if duplicates:
        problems.append(f"answers delivered more than once: {duplicates}")
    return problems


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by nearest rank; NaN for no values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")
