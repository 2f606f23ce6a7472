"""The quizzes' saved state, in the journal's SQLite file: rounds, their polls, answers, progress, trainers.

Everything a round needs to go on after a restart is here: which questions it asks in which order, which one
it is on, which Telegram poll carries each (a `poll_answer` names only the poll), and who answered what when.
Each change is one committed transaction, so a crash leaves the state before or after it, never between.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.errors import LawBotError
from serving.journal import Journal

PRACTICE, CONTEST = "practice", "contest"
RUNNING, FINISHED, STOPPED = "running", "finished", "stopped"


class RoundRunningError(LawBotError):
    """A chat already has a round running (a group cannot hold two contests at once)."""


@dataclass(frozen=True)
class Round:
    """A practice round (private chat) or a contest (group), as saved."""

    id: int
    kind: str
    chat_id: int
    started_by: int | None
    topic: str
    question_ids: tuple[str, ...]
    position: int
    state: str
    seconds: int
    started_at: float
    ended_at: float | None

    @property
    def total(self) -> int:
        """How many questions the round asks."""
        return len(self.question_ids)


@dataclass(frozen=True)
class SentPoll:
    """A quiz poll the bot sent for a round."""

    poll_id: str
    round_id: int
    position: int
    question_id: str
    correct_option: int
    message_id: int | None
    sent_at: float
    closes_at: float | None


@dataclass(frozen=True)
class Answer:
    """One user's answer to one poll of a round; `seconds` from the poll being sent to the answer."""

    user_id: int
    user_name: str
    position: int
    question_id: str
    option: int | None
    correct: bool
    seconds: float


_ROUND_COLUMNS = ("id, kind, chat_id, started_by, topic, question_ids, position, state, seconds, started_at, "
                  "ended_at")


def _round(row: Sequence[object]) -> Round:
    return Round(int(row[0]), str(row[1]), int(row[2]), None if row[3] is None else int(row[3]), str(row[4]),
                 tuple(json.loads(str(row[5]))), int(row[6]), str(row[7]), int(row[8]), float(row[9]),
                 None if row[10] is None else float(row[10]))


class QuizRecords:
    """Async access to the quiz tables of a journal (its thread, its clock)."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    # --- rounds ------------------------------------------------------------------------------------------

    async def start_round(self, kind: str, chat_id: int, started_by: int | None, *, topic: str,
                          question_ids: Sequence[str], seconds: int = 0, replace: bool = False) -> Round:
        """Save a new running round and return it.

        With `replace` a round running in the chat is stopped first (a new practice round replaces the old
        one); otherwise a running round raises RoundRunningError.
        """
        now = self.journal.now()

        def start(conn: sqlite3.Connection) -> int:
            if replace:
                conn.execute("UPDATE quiz_rounds SET state = ?, ended_at = ? WHERE chat_id = ? AND state = ?",
                             (STOPPED, now, chat_id, RUNNING))
            cur = conn.execute(
                "INSERT INTO quiz_rounds (kind, chat_id, started_by, topic, question_ids, position, state, seconds,"
                " started_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)",
                (kind, chat_id, started_by, topic, json.dumps(list(question_ids)), RUNNING, seconds, now))
            return int(cur.lastrowid or 0)

        try:
            round_id = await self.journal.transact(start)
        except sqlite3.IntegrityError as exc:
            raise RoundRunningError(str(chat_id)) from exc
        found = await self.round(round_id)
        assert found is not None
        return found

    async def round(self, round_id: int) -> Round | None:
        """The saved round with this id, or None."""
        rows = await self.journal.query(f"SELECT {_ROUND_COLUMNS} FROM quiz_rounds WHERE id = ?", (round_id,))
        return _round(rows[0]) if rows else None

    async def running_round(self, chat_id: int) -> Round | None:
        """The round running in a chat, or None."""
        rows = await self.journal.query(
            f"SELECT {_ROUND_COLUMNS} FROM quiz_rounds WHERE chat_id = ? AND state = ?", (chat_id, RUNNING))
        return _round(rows[0]) if rows else None

    async def running_rounds(self, kind: str) -> list[Round]:
        """Every round of a kind still running (after a restart: the contests to resume), oldest first."""
        rows = await self.journal.query(
            f"SELECT {_ROUND_COLUMNS} FROM quiz_rounds WHERE kind = ? AND state = ? ORDER BY id", (kind, RUNNING))
        return [_round(r) for r in rows]

    async def last_round(self, chat_id: int, kind: str) -> Round | None:
        """The newest round of a kind in a chat, running or ended, or None."""
        rows = await self.journal.query(
            f"SELECT {_ROUND_COLUMNS} FROM quiz_rounds WHERE chat_id = ? AND kind = ? ORDER BY id DESC LIMIT 1",
            (chat_id, kind))
        return _round(rows[0]) if rows else None

    async def advance(self, round_id: int, position: int) -> None:
        """Move a running round on to the question at `position`."""
        await self.journal.transact(lambda conn: conn.execute(
            "UPDATE quiz_rounds SET position = ? WHERE id = ? AND state = ?", (position, round_id, RUNNING)))

    async def end_round(self, round_id: int, state: str = FINISHED) -> bool:
        """End a running round (finished, or stopped early); False when it had already ended."""
        now = self.journal.now()

        def end(conn: sqlite3.Connection) -> int:
            return conn.execute("UPDATE quiz_rounds SET state = ?, ended_at = ? WHERE id = ? AND state = ?",
                                (state, now, round_id, RUNNING)).rowcount

        return await self.journal.transact(end) > 0

    # --- polls and answers ---------------------------------------------------------------------------------

    async def record_poll(self, round_id: int, position: int, *, question_id: str, poll_id: str,
                          correct_option: int, message_id: int | None, closes_at: float | None = None) -> None:
        """Remember the poll that asks a round's question at `position`."""
        now = self.journal.now()
        await self.journal.transact(lambda conn: conn.execute(
            "INSERT OR REPLACE INTO quiz_polls (poll_id, round_id, position, question_id, correct_option,"
            " message_id, sent_at, closes_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (poll_id, round_id, position, question_id, correct_option, message_id, now, closes_at)))

    async def poll(self, poll_id: str) -> SentPoll | None:
        """The round poll with this Telegram id, or None (a poll this bot did not send for a round)."""
        rows = await self.journal.query(
            "SELECT poll_id, round_id, position, question_id, correct_option, message_id, sent_at, closes_at"
            " FROM quiz_polls WHERE poll_id = ?", (poll_id,))
        if not rows:
            return None
        r = rows[0]
        return SentPoll(str(r[0]), int(r[1]), int(r[2]), str(r[3]), int(r[4]),
                        None if r[5] is None else int(r[5]), float(r[6]), None if r[7] is None else float(r[7]))

    async def poll_at(self, round_id: int, position: int) -> SentPoll | None:
        """The poll a round sent for the question at `position`, or None if not sent yet."""
        rows = await self.journal.query(
            "SELECT poll_id FROM quiz_polls WHERE round_id = ? AND position = ?", (round_id, position))
        return await self.poll(str(rows[0][0])) if rows else None

    async def record_answer(self, poll: SentPoll, user_id: int, user_name: str, option: int | None) -> bool:
        """Keep a user's first answer to a poll and count it in their progress; False for a repeat.

        A retracted vote (`option` None; not possible in a Telegram quiz, but in the Bot API's types) is kept
        as wrong and does not touch progress.
        """
        now = self.journal.now()
        correct = option is not None and option == poll.correct_option

        def record(conn: sqlite3.Connection) -> bool:
            cur = conn.execute(
                "INSERT OR IGNORE INTO quiz_answers (poll_id, user_id, user_name, option, correct, answered_at)"
                " VALUES (?, ?, ?, ?, ?, ?)", (poll.poll_id, user_id, user_name, option, int(correct), now))
            if cur.rowcount == 0:
                return False
            if option is not None:
                conn.execute(
                    "INSERT INTO quiz_progress (user_id, question_id, right, wrong, last_correct, last_at)"
                    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, question_id) DO UPDATE SET"
                    " right = right + excluded.right, wrong = wrong + excluded.wrong,"
                    " last_correct = excluded.last_correct, last_at = excluded.last_at",
                    (user_id, poll.question_id, int(correct), int(not correct), int(correct), now))
            return True

        return await self.journal.transact(record)

    async def answers(self, round_id: int) -> list[Answer]:
        """Every answer given in a round, by question then time."""
        rows = await self.journal.query(
            "SELECT a.user_id, a.user_name, p.position, p.question_id, a.option, a.correct,"
            " a.answered_at - p.sent_at FROM quiz_answers a JOIN quiz_polls p ON p.poll_id = a.poll_id"
            " WHERE p.round_id = ? ORDER BY p.position, a.answered_at", (round_id,))
        return [Answer(int(r[0]), str(r[1]), int(r[2]), str(r[3]), None if r[4] is None else int(r[4]),
                       bool(r[5]), max(0.0, float(r[6]))) for r in rows]

    # --- progress ------------------------------------------------------------------------------------------

    async def progress(self, user_id: int) -> dict[str, tuple[int, int, bool, float]]:
        """A user's record per question id: (times right, times wrong, last answer right, last time)."""
        rows = await self.journal.query(
            "SELECT question_id, right, wrong, last_correct, last_at FROM quiz_progress WHERE user_id = ?",
            (user_id,))
        return {str(r[0]): (int(r[1]), int(r[2]), bool(r[3]), float(r[4])) for r in rows}

    # --- trainers ------------------------------------------------------------------------------------------

    async def grant_trainer(self, user_id: int, granted_by: int | None) -> None:
        """Give a user the trainer role (may run contests and get their results)."""
        now = self.journal.now()
        await self.journal.transact(lambda conn: conn.execute(
            "INSERT OR REPLACE INTO quiz_trainers (user_id, granted_by, granted_at) VALUES (?, ?, ?)",
            (user_id, granted_by, now)))

    async def revoke_trainer(self, user_id: int) -> bool:
        """Take the trainer role away; False when the user did not have it."""
        return await self.journal.transact(lambda conn: conn.execute(
            "DELETE FROM quiz_trainers WHERE user_id = ?", (user_id,)).rowcount > 0)

    async def trainers(self) -> list[int]:
        """The user ids with the trainer role, in the order they got it."""
        rows = await self.journal.query("SELECT user_id FROM quiz_trainers ORDER BY granted_at, user_id")
        return [int(r[0]) for r in rows]

    async def is_trainer(self, user_id: int) -> bool:
        """Whether a user has the trainer role."""
        rows = await self.journal.query("SELECT 1 FROM quiz_trainers WHERE user_id = ?", (user_id,))
        return bool(rows)
