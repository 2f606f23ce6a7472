"""Robustness load benchmark (issue 5 item 6): many users at once, every question answered exactly once.

    python benchmarks/load_robust.py [--users 200] [--questions 5] [--out benchmarks/results/robust_load.md]

Builds the team's small test law (tests/fixtures/bot) into a temporary state directory, starts the local
Bot API emulator and the real `python bot.py run` process, then runs two rounds: N users each asking Q
questions one after another (all users at the same time), first on a quiet bot, then with an admin /reload
started as the round begins. Per round: answered, exactly-once check (per chat: one answer per question,
distinct question ids, each in the journal; no answer delivered twice), throughput, end-to-end latency
p50/p95/p99 (update queued in the emulator → the bot's sendMessage received) and the bot process's peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from answers import messages as m  # noqa: E402
from emulator.botapi import BotApiEmulator  # noqa: E402
from emulator.session import (  # noqa: E402
    copy_state,
    exactly_once_problems,
    peak_rss_mb,
    percentile,
    running_bot,
    user_session,
    write_config,
)

TEST_LAW = REPO / "tests" / "fixtures" / "bot"  # the team's small test law (data shared with the tests)
ADMIN = 42

NOTE = [
    "",
    "Reading: 'exactly once' = per chat one answer per question with distinct question ids, each in the journal "
    "for that chat, and no answer delivered twice (checked 2 s after the round). Answers and \"typing…\" actions "
    "share the 30/s budget; the bot skips \"typing…\" while more than BotState.typing_busy_limit (8) answers are "
    "in flight, so under this load (200 users waiting) nearly all of the budget goes to answers. Latency here is "
    "queueing behind Telegram's flood limit, not engine time. Peak RSS is the bot process's "
    "VmHWM after the round (it includes the reload's second index).",
]


async def one_round(emulator: BotApiEmulator, pid: int, database: Path, users: range, *, questions: int,
                    reload: bool) -> dict[str, object]:
    latencies: list[float] = []
    missing: list[str] = []
    admin_before = len(emulator.sent_to(ADMIN))
    actions_before = len(emulator.chat_actions)
    started = time.monotonic()
    reload_done: asyncio.Task[float] | None = None
    if reload:
        ends = (m.BOT_RELOAD_SWITCHED, m.BOT_RELOAD_REJECTED, m.BOT_RELOAD_FAILED.split("{")[0])

        async def wait_reload() -> float:
            await emulator.wait_for(lambda: any(s.text.startswith(ends)
                                                for s in emulator.sent_to(ADMIN)[admin_before:]), 600)
            return time.monotonic() - started

        emulator.push_message(ADMIN, "/reload")
        reload_done = asyncio.create_task(wait_reload())
    await asyncio.gather(*(user_session(emulator, u, questions, latencies, missing) for u in users))
    elapsed = time.monotonic() - started
    reload_seconds = round(await reload_done, 1) if reload_done else None
    await asyncio.sleep(2)  # anything late (a resend would be) arrives before counting
    problems = exactly_once_problems(emulator, users, questions, database) + missing
    return {"round": "during /reload" if reload else "quiet", "users": len(users), "questions": questions,
            "answered": len(latencies), "seconds": round(elapsed, 1), "qps": round(len(latencies) / elapsed, 1),
            "p50": round(percentile(latencies, 0.50)), "p95": round(percentile(latencies, 0.95)),
            "p99": round(percentile(latencies, 0.99)), "max": round(max(latencies, default=0)),
            "rss": peak_rss_mb(pid), "reload_s": reload_seconds, "problems": problems,
            "typing": len(emulator.chat_actions) - actions_before}


async def run(args: argparse.Namespace) -> list[dict[str, object]]:
    from index.build import build_index
    from settings import load_settings

    work = Path(tempfile.mkdtemp(prefix="robust-load-"))
    built = work / "built"
    law = [(TEST_LAW, ("*.md",))]
    build_index(load_settings(write_config(work / "config.yaml", built / "state", law,
                                           gate_questions=TEST_LAW / "gate.yaml"), environ={}))
    run_dir = work / "run"
    run_dir.mkdir()
    state = copy_state(built / "state", run_dir / "state")
    uploads = (state / "uploads", ("*.md", "*.txt", "*.docx", "*.pdf"))
    config = write_config(run_dir / "config.yaml", state, [*law, uploads],
                          gate_questions=TEST_LAW / "gate.yaml",
                          telegram={"admin_ids": [ADMIN], "rate_limit_per_minute": 100_000})
    results = []
    async with BotApiEmulator() as emulator, \
            running_bot(emulator, config, run_dir / "bot.log") as process:
        print(f"bot pid {process.pid} ready; RSS peak so far {peak_rss_mb(process.pid)} MB", file=sys.stderr)
        for number, reload in enumerate((False, True)):
            first = 10_000 * (number + 1)
            result = await one_round(emulator, process.pid, run_dir / "state" / "bot.sqlite3",
                                     range(first, first + args.users), questions=args.questions, reload=reload)
            print(result, file=sys.stderr)
            results.append(result)
    print(f"log: {run_dir / 'bot.log'}", file=sys.stderr)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--out", default=str(REPO / "benchmarks" / "results" / "robust_load.md"))
    args = parser.parse_args()
    results = asyncio.run(run(args))
    lines = [
        "# Robustness load: every question answered exactly once",
        "",
        f"`python benchmarks/load_robust.py --users {args.users} --questions {args.questions}` on "
        f"{platform.machine()} with {os.cpu_count()} CPUs (shared with other work), Python "
        f"{platform.python_version()}; the real `python bot.py run` process against the local Bot API emulator, "
        "serving the team's small test law (tests/fixtures/bot). Every user asks its questions one after "
        "another (the next once the answer arrives); all users at the same time. Latency is end to end: update "
        "queued in the emulator → the bot's sendMessage received. AIORateLimiter is on, so the bot sends at "
        "most 30 messages a second overall, as Telegram requires: that, not the engine, sets the throughput.",
        "",
        "| round | users × questions | answered | exactly once | seconds | answers/s | p50 ms | p95 ms | p99 ms "
        "| max ms | bot peak RSS MB | typing actions | /reload reported after s |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        rss = f"{r['rss']:.0f}" if isinstance(r["rss"], float) else "?"
        once = "yes" if not r["problems"] else f"NO ({len(r['problems'])} problems)"  # type: ignore[arg-type]
        lines.append(f"| {r['round']} | {r['users']} × {r['questions']} | {r['answered']} | {once} | {r['seconds']} | "
                     f"{r['qps']} | {r['p50']} | {r['p95']} | {r['p99']} | {r['max']} | {rss} | {r['typing']} | "
                     f"{r['reload_s'] if r['reload_s'] is not None else '—'} |")
    lines += NOTE
    problems = [p for r in results for p in r["problems"]]  # type: ignore[attr-defined]
    if problems:
        lines += ["", "Problems:", *[f"- {p}" for p in problems[:20]]]
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
