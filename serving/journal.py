"""The bot's journal: every question, answer, rating and admin action, in one SQLite file.

The bot creates and migrates the schema itself (`PRAGMA user_version` counts the migrations applied, in order).
All SQL runs on one writer thread that owns the only connection, so the event loop never waits on disk and
writes never contend; callers `await` each write, which returns only after its transaction has committed.

Durability: WAL with `synchronous=FULL`. In WAL mode NORMAL already survives the bot being killed, but it
can lose the last commits on a power cut; FULL fsyncs the log on every commit. At this bot's volume (a few
questions a second at most) that costs a millisecond or two per question, and the journal is the only
record of what the bot told people, so it is worth keeping.

Damage: a file that is not a database or fails SQLite's quick check at open is moved aside under a timestamped
name (never deleted, with its -wal and -shm files) and a new journal is started; `quarantined` names where it
went so the admins can be told. A locked file is retried. A write that fails (a full disk, an I/O error) is
logged and counted in `failed_writes` and returns None: the journal never stops an answer from being sent.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
import logging
import os
import sqlite3
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from answers.dialogue import Turn
from knowledge.errors import LawBotError

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Vietnam keeps UTC+7 all year (no daylight saving), so "today" for /stats is a fixed offset.
VIETNAM_TZ = dt.timezone(dt.timedelta(hours=7))

# Ordered migrations: MIGRATIONS[i] takes the schema from version i to version i + 1. Append, never edit.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        asked_at REAL NOT NULL,            -- unix seconds
        user_id INTEGER,
        chat_id INTEGER,
        chat_type TEXT NOT NULL,           -- private, group, supergroup, console
        text TEXT NOT NULL,
        refused INTEGER NOT NULL,
        article_ids TEXT NOT NULL,         -- JSON list, best first
        scores TEXT NOT NULL,              -- JSON list, same order
        latency_ms REAL NOT NULL,          -- the engine's time for the answer
        reply_message_ids TEXT NOT NULL DEFAULT '[]'  -- JSON list, filled once the reply is sent
    );
    CREATE INDEX questions_by_time ON questions(asked_at);
    CREATE TABLE feedback (
        question_id INTEGER NOT NULL REFERENCES questions(id),
        user_id INTEGER NOT NULL,
        vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
        voted_at REAL NOT NULL,
        PRIMARY KEY (question_id, user_id)
    );
    CREATE TABLE admin_actions (
        id INTEGER PRIMARY KEY,
        at REAL NOT NULL,
        user_id INTEGER,
        action TEXT NOT NULL,              -- reload, upload, remove, ...
        allowed INTEGER NOT NULL,          -- 0 = a non-admin was refused
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX admin_actions_by_time ON admin_actions(at);
    """,
    # 2: answers whose delivery is uncertain (a send failed ambiguously and was not resent, see
    # handlers/replying.py). Rows from before it count as delivered: the old bot did not know either.
    """
    ALTER TABLE questions ADD COLUMN delivery_uncertain INTEGER NOT NULL DEFAULT 0;
    """,
    # 3: the last answered turn of each conversation (private chat, or one user in a group), for follow-ups.
    """
    CREATE TABLE dialogue_turns (
        conversation TEXT PRIMARY KEY,     -- "p:<chat id>" or "g:<chat id>:<user id>"
        question TEXT NOT NULL,            -- as understood (a follow-up made standalone)
        article_id TEXT NOT NULL,
        at REAL NOT NULL                   -- unix seconds
    );
    """,
    # 4: what each reply was (answers.reply.ReplyKind), so /stats counts questions about the law only. Rows
    # from before it count as answers, as they were counted then.
    """
    ALTER TABLE questions ADD COLUMN kind TEXT NOT NULL DEFAULT 'answer';
    """,
    # 5: quizzes (serving/quizrecords.py): practice rounds and group contests, the polls they sent, the answers
    # that came back, each user's record per question, and who may run contests besides the admins.
    """
    CREATE TABLE quiz_rounds (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('practice', 'contest')),
        chat_id INTEGER NOT NULL,
        started_by INTEGER,
        topic TEXT NOT NULL DEFAULT '',    -- topic key or "a:<article id>"; '' = every topic
        question_ids TEXT NOT NULL,        -- JSON list, in the order asked
        position INTEGER NOT NULL DEFAULT 0,  -- the question being asked (0-based)
        state TEXT NOT NULL CHECK (state IN ('running', 'finished', 'stopped')),
        seconds INTEGER NOT NULL DEFAULT 0,   -- a contest's time per question
        started_at REAL NOT NULL,
        ended_at REAL
    );
    CREATE UNIQUE INDEX quiz_one_running_round_per_chat ON quiz_rounds(chat_id) WHERE state = 'running';
    CREATE TABLE quiz_polls (
        poll_id TEXT PRIMARY KEY,          -- Telegram's poll id: what a poll_answer names
        round_id INTEGER NOT NULL REFERENCES quiz_rounds(id),
        position INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        correct_option INTEGER NOT NULL,
        message_id INTEGER,
        sent_at REAL NOT NULL,
        closes_at REAL,                    -- contests: when the poll's open period ends
        UNIQUE (round_id, position)
    );
    CREATE TABLE quiz_answers (
        poll_id TEXT NOT NULL REFERENCES quiz_polls(poll_id),
        user_id INTEGER NOT NULL,
        user_name TEXT NOT NULL DEFAULT '',
        option INTEGER,                    -- NULL: the vote was retracted
        correct INTEGER NOT NULL,
        answered_at REAL NOT NULL,
        PRIMARY KEY (poll_id, user_id)
    );
    CREATE TABLE quiz_progress (
        user_id INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        right INTEGER NOT NULL DEFAULT 0,
        wrong INTEGER NOT NULL DEFAULT 0,
        last_correct INTEGER NOT NULL,
        last_at REAL NOT NULL,
        PRIMARY KEY (user_id, question_id)
    );
    CREATE TABLE quiz_trainers (
        user_id INTEGER PRIMARY KEY,
        granted_by INTEGER,
        granted_at REAL NOT NULL
    );
    """,
    # 6: how well the texts backed an answer (its best passage cosine), so /unanswered can list answers given
    # on thin evidence. NULL for refusals, look-ups, chat, and rows from before.
    """
    ALTER TABLE questions ADD COLUMN evidence REAL;
    """,
)

EXPORT_COLUMNS = ("id", "thoi_gian", "loai_chat", "loai_tra_loi", "cau_hoi", "tu_choi", "dieu_trich_dan",
                  "thoi_gian_tra_loi_ms", "chua_chac_da_gui", "so_like", "so_dislike")
QUESTION_KINDS = ("answer", "refusal")  # replies that were questions about the law (the rest: look-ups, chat)
_QUESTION_KINDS_SQL = f"({', '.join(repr(k) for k in QUESTION_KINDS)})"  # for "kind IN …" in the queries


OPEN_ATTEMPTS = 5  # a journal locked by another process is tried this many times, 1 s, 2 s, … apart
OPEN_BACKOFF_SECONDS = 1.0
BUSY_TIMEOUT_MS = 5000  # how long one statement waits for another process's lock


class JournalError(LawBotError):
    """The journal file cannot be used (e.g. it was written by a newer version of the bot)."""


@dataclass(frozen=True)
class Stats:
    """The figures /stats shows."""

    questions_today: int
    questions_week: int
    refused_week: int
    uncertain_week: int  # answers of the last 7 days that may not have reached the user
    thumbs_up: int
    thumbs_down: int
    median_latency_ms: float | None
    failed_writes: int = 0  # writes that failed since the bot started (full disk, I/O error)
    other_week: int = 0  # article look-ups, greetings and empty messages of the last 7 days (not questions)

    @property
    def refusal_rate(self) -> float:
        """Share of this week's questions that were refused (0 when there were none)."""
        return self.refused_week / self.questions_week if self.questions_week else 0.0


@dataclass(frozen=True)
class UnansweredQuestion:
    """A question that was refused, rated 👎 or answered on thin evidence, for admins to improve the materials."""

    id: int
    asked_at: float
    text: str
    refused: bool
    thumbs_down: int
    article_ids: tuple[str, ...]
    evidence: float | None = None  # the answer's best passage cosine, where recorded
    thin: bool = False  # answered, but on evidence below the threshold asked for


@dataclass(frozen=True)
class DayFigures:
    """One day (Vietnam time) of questions about the law: asked, refused, and the votes on them."""

    day: dt.date
    questions: int
    refused: int
    thumbs_up: int
    thumbs_down: int


@dataclass(frozen=True)
class Activity:
    """What the /stats chart draws.

    `days` oldest first (every day of the span, empty ones too); the articles cited first most often in
    that span (id, count), most cited first.
    """

    days: tuple[DayFigures, ...]
    top_articles: tuple[tuple[str, int], ...]


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to date, one migration per transaction; return the version reached.

    Raises JournalError if the file is from a newer bot (more migrations than this code knows).
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise JournalError(
            f"the journal's schema version {version} is newer than this bot knows ({len(MIGRATIONS)}); "
            "update the bot or move the file away"
        )
    for number in range(version, len(MIGRATIONS)):
        # executescript commits first; the migration and the version bump then commit together.
        conn.executescript(f"BEGIN;\n{MIGRATIONS[number]}\nPRAGMA user_version = {number + 1};\nCOMMIT;")
        logger.info("journal schema migrated to version %d", number + 1)
    return len(MIGRATIONS)


class Journal:
    """Async front of the SQLite journal; all work happens on its own single thread."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self._clock = clock
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="journal")
        self._conn: sqlite3.Connection | None = None
        self.quarantined: Path | None = None  # where a damaged journal was moved at open
        self.damage = ""  # what was wrong with it
        self.failed_writes = 0

    # --- lifecycle -------------------------------------------------------------------------------------

    async def open(self) -> None:
        """Open (creating if needed) and migrate the database file."""
        await self._run(self._open_sync)

    def _open_sync(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(1, OPEN_ATTEMPTS + 1):
            try:
                self._conn = self._connect()
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    if _is_damage(exc):
                        break
                    raise
                if attempt == OPEN_ATTEMPTS:
                    raise JournalError(f"{self.path}: the journal stays locked by another process ({exc})") from exc
                logger.warning("the journal is locked (%s); trying again", exc)
                time.sleep(OPEN_BACKOFF_SECONDS * attempt)
            except sqlite3.DatabaseError as exc:  # not a database, malformed, failed the quick check
                self.damage = str(exc)
                break
        self._quarantine()
        self._conn = self._connect()

    def _connect(self) -> sqlite3.Connection:
        """A checked, migrated connection; raises sqlite3.DatabaseError when the file is damaged."""
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
            if problems != ["ok"]:
                raise sqlite3.DatabaseError("integrity check failed: " + "; ".join(problems[:3]))
            migrate(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _quarantine(self) -> None:
        """Move the damaged file (and its -wal/-shm) aside under a timestamped name; never delete it."""
        stamp = dt.datetime.now(VIETNAM_TZ).strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            source = self.path.with_name(self.path.name + suffix)
            if source.exists():
                os.replace(source, target.with_name(target.name + suffix))
        self.damage = self.damage or "damaged"
        self.quarantined = target
        logger.error("the journal %s was damaged (%s); moved to %s and a new journal started", self.path,
                     self.damage, target)

    async def close(self) -> None:
        """Close the connection and stop the writer thread; safe to call twice."""
        if self._conn is not None:
            await self._run(self._close_sync)
        self._executor.shutdown(wait=True)

    def _close_sync(self) -> None:
        assert self._conn is not None
        self._conn.close()
        self._conn = None

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, fn, *args)

    def _write(self, sql: str, params: Sequence[Any]) -> int | None:
        """Run one statement in its own committed transaction; return lastrowid, or None if it failed.

        A failure (full disk, I/O error, a locked file past the busy timeout) is logged and counted, never
        raised: what the bot says matters more than its record of saying it.
        """
        if self._conn is None:
            raise JournalError("the journal is not open")
        try:
            with self._conn:  # autocommit off for the block: BEGIN ... COMMIT
                self._conn.execute("BEGIN IMMEDIATE")
                cur = self._conn.execute(sql, params)
        except sqlite3.Error as exc:
            self.failed_writes += 1
            logger.error("a journal write failed (%s: %s); %d so far", type(exc).__name__, exc, self.failed_writes)
            return None
        return int(cur.lastrowid or 0)

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if self._conn is None:
            raise JournalError("the journal is not open")
        return self._conn.execute(sql, params).fetchall()

    def _transact_sync(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        if self._conn is None:
            raise JournalError("the journal is not open")
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            return fn(self._conn)

    # --- for the other records kept in this file (serving/quizrecords.py) ---------------------------------

    def now(self) -> float:
        """The journal's clock (unix seconds): what it stamps rows with."""
        return self._clock()

    async def transact(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run fn(connection) in one committed transaction on the journal's thread and return its result.

        Unlike the question log's writes, a failure is raised (sqlite3.Error): the caller's state depends on it.
        """
        return await self._run(self._transact_sync, fn)

    async def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows of one read statement."""
        return await self._run(self._read, sql, params)

    # --- writes ------------------------------------------------------------------------------------------

    async def record_question(
        self,
        *,
        user_id: int | None,
        chat_id: int | None,
        chat_type: str,
        text: str,
        refused: bool,
        article_ids: Sequence[str],
        scores: Sequence[float],
        latency_ms: float,
        kind: str = "answer",
        evidence: float | None = None,
    ) -> int | None:
        """Store a question and its answer (committed on return); return its id, or None if the write failed.

        `evidence` is how well the texts backed an answer (answers.reply.Reply.evidence), None when unknown.
        """
        return await self._run(
            self._write,
            "INSERT INTO questions (asked_at, user_id, chat_id, chat_type, text, refused, article_ids, scores,"
            " latency_ms, kind, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (self._clock(), user_id, chat_id, chat_type, text, int(refused), json.dumps(list(article_ids)),
             json.dumps([round(float(s), 6) for s in scores]), float(latency_ms), str(kind),
             None if evidence is None else round(float(evidence), 6)),
        )

    async def record_reply(self, question_id: int, message_ids: Sequence[int], *, uncertain: bool = False) -> None:
        """Remember which Telegram messages carried the answer to a question.

        `uncertain` marks an answer whose delivery is unknown (an ambiguous send failure, not resent);
        `message_ids` then lists only the pages Telegram confirmed.
        """
        await self._run(
            self._write, "UPDATE questions SET reply_message_ids = ?, delivery_uncertain = ? WHERE id = ?",
            (json.dumps(list(message_ids)), int(uncertain), question_id),
        )

    async def record_vote(self, question_id: int, user_id: int, vote: int) -> bool:
        """Store a user's 👍 (+1) or 👎 (-1) on a question, replacing their earlier vote.

        Returns False (and stores nothing) when the question is unknown or the write failed.
        """
        if vote not in (-1, 1):
            raise ValueError(f"vote must be +1 or -1, got {vote!r}")
        return await self._run(self._vote_sync, question_id, user_id, vote)

    def _vote_sync(self, question_id: int, user_id: int, vote: int) -> bool:
        if not self._read("SELECT 1 FROM questions WHERE id = ?", (question_id,)):
            return False
        return self._write(
            "INSERT INTO feedback (question_id, user_id, vote, voted_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (question_id, user_id) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at",
            (question_id, user_id, vote, self._clock()),
        ) is not None

    async def record_admin_action(self, user_id: int | None, action: str, *, allowed: bool, detail: str = "") -> None:
        """Store an admin command or upload, or a refused attempt by someone who is not an admin."""
        await self._run(
            self._write, "INSERT INTO admin_actions (at, user_id, action, allowed, detail) VALUES (?, ?, ?, ?, ?)",
            (self._clock(), user_id, action, int(allowed), detail),
        )

    # --- conversations ------------------------------------------------------------------------------------

    async def remember(self, conversation: str, turn: Turn) -> None:
        """Keep `turn` as the conversation's last answered turn (replacing the one before)."""
        await self._run(
            self._write, "INSERT INTO dialogue_turns (conversation, question, article_id, at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (conversation) DO UPDATE SET question = excluded.question,"
            " article_id = excluded.article_id, at = excluded.at",
            (conversation, turn.question, turn.article_id, self._clock()),
        )

    async def recall(self, conversation: str, max_age_seconds: float) -> Turn | None:
        """The conversation's last turn if it is younger than `max_age_seconds`, else None."""
        rows = await self._run(self._read, "SELECT question, article_id, at FROM dialogue_turns"
                               " WHERE conversation = ? AND at >= ?", (conversation, self._clock() - max_age_seconds))
        return Turn(rows[0][0], rows[0][1], rows[0][2]) if rows else None

    async def forget(self, conversation: str) -> None:
        """Drop the conversation's context (/moi)."""
        await self._run(self._write, "DELETE FROM dialogue_turns WHERE conversation = ?", (conversation,))

    async def turn_of_reply(self, chat_id: int, message_id: int) -> Turn | None:
        """The turn answered by one of the bot's messages in a chat (a user replying to it continues it)."""
        return await self._run(self._turn_of_reply_sync, chat_id, message_id)

    def _turn_of_reply_sync(self, chat_id: int, message_id: int) -> Turn | None:
        rows = self._read("SELECT text, article_ids, asked_at, reply_message_ids FROM questions WHERE chat_id = ?"
                          " AND refused = 0 AND reply_message_ids LIKE ? ORDER BY id DESC LIMIT 20",
                          (chat_id, f"%{message_id}%"))
        for text, article_ids, at, replies in rows:
            if message_id in json.loads(replies) and json.loads(article_ids):
                return Turn(text, json.loads(article_ids)[0], at)
        return None

    # --- reads -------------------------------------------------------------------------------------------

    async def stats(self) -> Stats:
        """Questions today (Vietnam time) and in 7 days, refusals, uncertain deliveries, votes, median latency."""
        return await self._run(self._stats_sync)

    def _stats_sync(self) -> Stats:
        now = self._clock()
        local_now = dt.datetime.fromtimestamp(now, VIETNAM_TZ)
        midnight = local_now.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
        week_ago = now - 7 * 86400
        real = f"kind IN {_QUESTION_KINDS_SQL}"
        today = self._read(f"SELECT COUNT(*) FROM questions WHERE asked_at >= ? AND {real}", (midnight,))[0][0]
        week, refused, uncertain = self._read(
            "SELECT COUNT(*), COALESCE(SUM(refused), 0), COALESCE(SUM(delivery_uncertain), 0) FROM questions"
            f" WHERE asked_at >= ? AND {real}", (week_ago,)
        )[0]
        other = self._read(f"SELECT COUNT(*) FROM questions WHERE asked_at >= ? AND NOT {real}", (week_ago,))[0][0]
        up, down = self._read(
            "SELECT COALESCE(SUM(vote = 1), 0), COALESCE(SUM(vote = -1), 0) FROM feedback"
        )[0]
        latencies = [r[0] for r in self._read(f"SELECT latency_ms FROM questions WHERE asked_at >= ? AND {real}",
                                              (week_ago,))]
        return Stats(
            questions_today=today, questions_week=week, refused_week=refused, uncertain_week=uncertain,
            thumbs_up=up, thumbs_down=down,
            median_latency_ms=statistics.median(latencies) if latencies else None, failed_writes=self.failed_writes,
            other_week=other,
        )

    async def activity(self, days: int = 30, top: int = 5) -> Activity:
        """Questions about the law per day over the last `days` days (today included), and the top articles.

        The `top` articles are those most often cited first in answers; small talk and look-ups are left
        out as in `stats`.
        """
        return await self._run(self._activity_sync, days, top)

    def _activity_sync(self, days: int, top: int) -> Activity:
        today = dt.datetime.fromtimestamp(self._clock(), VIETNAM_TZ).date()
        first = today - dt.timedelta(days=days - 1)
        start = dt.datetime.combine(first, dt.time(), VIETNAM_TZ).timestamp()
        real = f"q.kind IN {_QUESTION_KINDS_SQL}"
        rows = self._read(
            "SELECT q.asked_at, q.refused, q.article_ids,"
            " (SELECT COUNT(*) FROM feedback f WHERE f.question_id = q.id AND f.vote = 1),"
            " (SELECT COUNT(*) FROM feedback f WHERE f.question_id = q.id AND f.vote = -1)"
            f" FROM questions q WHERE q.asked_at >= ? AND {real}", (start,))
        per_day: dict[dt.date, list[int]] = {first + dt.timedelta(days=i): [0, 0, 0, 0] for i in range(days)}
        cited: Counter[str] = Counter()
        for asked_at, refused, article_ids, up, down in rows:
            figures = per_day.get(dt.datetime.fromtimestamp(asked_at, VIETNAM_TZ).date())
            if figures is None:
                continue  # a clock set back: asked "after" today
            figures[0] += 1
            figures[1] += int(refused)
            figures[2] += up
            figures[3] += down
            ids = json.loads(article_ids)
            if ids and not refused:
                cited[ids[0]] += 1
        return Activity(days=tuple(DayFigures(d, *f) for d, f in per_day.items()),
                        top_articles=tuple(sorted(cited.items(), key=lambda kv: (-kv[1], kv[0]))[:top]))

    async def unanswered(self, limit: int = 10, thin_below: float | None = None) -> list[UnansweredQuestion]:
        """The latest questions that were refused, got at least one 👎, or were answered on thin evidence.

        Thin: with `thin_below`, an answer whose recorded evidence (best passage cosine) is below it. Newest first.
        """
        return await self._run(self._unanswered_sync, limit, thin_below)

    def _unanswered_sync(self, limit: int, thin_below: float | None) -> list[UnansweredQuestion]:
        thin = -1.0 if thin_below is None else float(thin_below)
        rows = self._read(
            "SELECT q.id, q.asked_at, q.text, q.refused, q.article_ids,"
            " (SELECT COUNT(*) FROM feedback f WHERE f.question_id = q.id AND f.vote = -1) AS downs, q.evidence"
            f" FROM questions q WHERE q.kind IN {_QUESTION_KINDS_SQL}"
            " AND (q.refused = 1 OR downs > 0 OR (q.refused = 0 AND q.evidence < ?))"
            " ORDER BY q.asked_at DESC, q.id DESC LIMIT ?",
            (thin, limit),
        )
        return [
            UnansweredQuestion(id=r[0], asked_at=r[1], text=r[2], refused=bool(r[3]), thumbs_down=r[5],
                               article_ids=tuple(json.loads(r[4])), evidence=r[6],
                               thin=not r[3] and r[6] is not None and r[6] < thin)
            for r in rows
        ]

    async def export_csv(self, start: float, end: float) -> tuple[bytes, int]:
        """The questions asked in [start, end) as CSV, and how many rows.

        UTF-8 with a BOM so spreadsheet programs read the Vietnamese; columns EXPORT_COLUMNS (time in Vietnam).
        """
        return await self._run(self._export_sync, start, end)

    def _export_sync(self, start: float, end: float) -> tuple[bytes, int]:
        rows = self._read(
            "SELECT q.id, q.asked_at, q.chat_type, q.kind, q.text, q.refused, q.article_ids, q.latency_ms,"
            " q.delivery_uncertain,"
            " (SELECT COUNT(*) FROM feedback f WHERE f.question_id = q.id AND f.vote = 1),"
            " (SELECT COUNT(*) FROM feedback f WHERE f.question_id = q.id AND f.vote = -1)"
            " FROM questions q WHERE q.asked_at >= ? AND q.asked_at < ? ORDER BY q.id", (start, end))
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(EXPORT_COLUMNS)
        for r in rows:
            when = dt.datetime.fromtimestamp(r[1], VIETNAM_TZ).strftime("%Y-%m-%d %H:%M:%S")
            writer.writerow([r[0], when, r[2], r[3], r[4], r[5], " ".join(json.loads(r[6])), round(r[7], 1),
                             r[8], r[9], r[10]])
        return ("\ufeff" + out.getvalue()).encode("utf-8"), len(rows)

    async def question(self, question_id: int) -> dict[str, Any] | None:
        """One stored question as a dict of its columns (for tests and admin tools), or None."""
        return await self._run(self._question_sync, question_id)

    def _question_sync(self, question_id: int) -> dict[str, Any] | None:
        assert self._conn is not None
        cur = self._conn.execute("SELECT * FROM questions WHERE id = ?", (question_id,))
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([c[0] for c in cur.description], row, strict=True))


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    return any(word in str(exc).lower() for word in ("locked", "busy"))


def _is_damage(exc: sqlite3.OperationalError) -> bool:
    return any(word in str(exc).lower() for word in ("malformed", "not a database"))
