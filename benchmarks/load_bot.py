"""Load test of the Telegram bot through the local Bot API emulator.

    python benchmarks/load_bot.py [--users 50] [--seconds 60] [--config config.yaml] [--out FILE]

Starts the emulator and the real `python bot.py run` process over a copy of the configured state directory
(the index must be built; default the repository's config.yaml and its real corpus index; the copy leaves out
bot.lock, the journal and the embedding cache, so nothing is re-embedded and the real state is not touched),
then lets N simulated users each ask a question, wait for the answer, wait a think time, and ask the next
one, for the given time; one round per think time. Reports answered questions per second, end-to-end latency
(from the update being queued to the last page of the answer — the one with the 👍/👎 buttons — arriving)
p50/p95, typing actions sent, and errors (questions not answered within 30 s, error or rate-limit replies).
Writes a Markdown table to benchmarks/results/bot_load.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from answers import messages as m  # noqa: E402
from emulator.botapi import BotApiEmulator  # noqa: E402
from emulator.session import RUNTIME_FILES, answers, copy_state, percentile, rehome_config, running_bot  # noqa: E402

QUESTIONS = [
    "thôn muốn thu tiền làm đường thì cần bao nhiêu hộ đồng ý?",
    "xã phải công khai những thông tin gì",
    "trưởng thôn do ai bầu",
    "ban thanh tra nhân dân nhiệm kỳ mấy năm",
    "hop thon can bao nhieu ho du",
    "điều 11",
]
TOKEN = "123:ABC"


async def user_loop(emulator: BotApiEmulator, user_id: int, deadline: float, *, think: float,
                    latencies: list[float], errors: list[str]) -> None:
    asked = 0
    # stagger the first questions over one think time, as real users do not all type at the same instant
    await asyncio.sleep(think * (user_id % 50) / 50)
    while time.monotonic() < deadline:
        question = QUESTIONS[(user_id + asked) % len(QUESTIONS)]
        started = time.monotonic()
        emulator.push_message(user_id, question)
        asked += 1
        try:
            # an answer may take several pages; its last one carries the vote buttons
            await emulator.wait_for(lambda n=asked: len(answers(emulator, user_id)) >= n, 30)
        except TimeoutError:
            errors.append(f"user {user_id}: question {asked} not answered within 30 s")
            return
        latencies.append((time.monotonic() - started) * 1000)
        await asyncio.sleep(think)
    wrong = [s.text for s in emulator.sent_to(user_id)
             if s.text in (m.BOT_ERROR, m.BOT_NOT_READY) or s.text.startswith(m.BOT_RATE_LIMITED[:20])]
    errors.extend(f"user {user_id}: {text[:60]}" for text in wrong)


async def run(args: argparse.Namespace) -> list[dict[str, float | int | str]]:
    work = Path(tempfile.mkdtemp(prefix="bot-load-"))
    from settings import load_settings

    settings = load_settings(args.config, environ={})
    # the bot gets a copy of the built state so the benchmark neither locks nor writes the real one
    state = copy_state(settings.state_dir, work / "state",
                       leave_out=(*RUNTIME_FILES, "embedding-cache", "uploads"))
    config = rehome_config(settings, work / "config.yaml", state, rate_limit_per_minute=100_000)
    async with BotApiEmulator(token=TOKEN) as emulator, \
            running_bot(emulator, config, work / "bot.log", startup_timeout=300):
        results = []
        for round_number, think in enumerate(args.think):
            first_user = 1000 + 1000 * round_number
            results.append(await measure(emulator, args, think, first_user))
    return results


async def measure(emulator: BotApiEmulator, args: argparse.Namespace, think: float,
                  first_user: int) -> dict[str, float | int | str]:
    """One round: args.users users asking for args.seconds with `think` seconds between questions."""
    latencies: list[float] = []
    errors: list[str] = []
    actions_before = len(emulator.chat_actions)
    started = time.monotonic()
    deadline = started + args.seconds
    await asyncio.gather(*(user_loop(emulator, first_user + i, deadline, think=think, latencies=latencies,
                                     errors=errors) for i in range(args.users)))
    elapsed = time.monotonic() - started
    return {
        "users": args.users, "think_s": think, "seconds": round(elapsed, 1), "answered": len(latencies),
        "qps": round(len(latencies) / elapsed, 1), "p50_ms": round(percentile(latencies, 0.5), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1), "max_ms": round(max(latencies, default=0), 1),
        "mean_ms": round(statistics.fmean(latencies), 1) if latencies else 0, "errors": len(errors),
        "first_error": errors[0] if errors else "", "typing": len(emulator.chat_actions) - actions_before,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, nargs="+", default=[0.0, 5.0],
                        help="seconds a user waits after an answer before asking again; one round per value")
    parser.add_argument("--config", default=str(REPO / "config.yaml"))
    parser.add_argument("--out", default=str(REPO / "benchmarks" / "results" / "bot_load.md"))
    args = parser.parse_args()
    results = asyncio.run(run(args))
    print(results, file=sys.stderr)
    lines = [
        "# Bot load: simulated users through the local Bot API emulator",
        "",
        f"`python benchmarks/load_bot.py --users {args.users} --seconds {args.seconds:g} --config "
        f"{Path(args.config).name}` on {platform.machine()} with {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}. Each user asks, waits for the answer, waits the think time, asks again "
        "(think 0 = closed loop: measures capacity). Latency is end to end: update queued in the emulator → "
        "the bot's sendMessage received. "
        "AIORateLimiter is on (Telegram's 30 messages/s overall limit applies to the bot's sends).",
        "",
        "| users | think s | seconds | answered | answered/s | p50 ms | p95 ms | max ms | typing actions | errors |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [f"| {r['users']} | {r['think_s']:g} | {r['seconds']} | {r['answered']} | {r['qps']} | {r['p50_ms']} | "
              f"{r['p95_ms']} | {r['max_ms']} | {r['typing']} | {r['errors']} |" for r in results]
    lines += [f"\nFirst error (think {r['think_s']:g}): {r['first_error']}" for r in results if r["first_error"]]
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0 if not any(r["errors"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
