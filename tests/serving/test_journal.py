"""The SQLite journal: schema migration, questions, votes, admin actions, /stats and /unanswered figures."""

from __future__ import annotations

import sqlite3

import pytest

from serving.journal import MIGRATIONS, Journal, JournalError, migrate


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def journal(tmp_path):
    clock = Clock(1_700_000_000.0)  # 2023-11-14 22:13 UTC = 05:13 on the 15th in Vietnam
    j = Journal(tmp_path / "bot.sqlite3", clock=clock)
    await j.open()
    j.clock = clock  # type: ignore[attr-defined]
    yield j
    await j.close()


async def ask(journal: Journal, text: str, *, refused: bool = False, latency: float = 10.0, user: int = 1) -> int:
    return await journal.record_question(
        user_id=user, chat_id=user, chat_type="private", text=text, refused=refused,
        article_ids=["44.13.LQ.11", "44.13.LQ.12"], scores=[0.9, 0.5], latency_ms=latency,
    )


async def test_fresh_file_is_created_in_wal_mode_at_the_latest_version(journal, tmp_path):
    conn = sqlite3.connect(tmp_path / "bot.sqlite3")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_migrate_applies_missing_migrations_once_and_refuses_newer_files(tmp_path):
    conn = sqlite3.connect(tmp_path / "x.sqlite3", isolation_level=None)
    assert migrate(conn) == len(MIGRATIONS)
    assert migrate(conn) == len(MIGRATIONS)  # idempotent
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(JournalError, match="newer"):
        migrate(conn)


async def test_question_is_committed_and_readable_from_another_connection(journal, tmp_path):
    qid = await ask(journal, "thu tiền làm đường cần bao nhiêu hộ đồng ý?")
    await journal.record_reply(qid, [41, 42])
    other = sqlite3.connect(tmp_path / "bot.sqlite3")
    row = other.execute("SELECT text, article_ids, reply_message_ids FROM questions WHERE id = ?", (qid,)).fetchone()
    assert row == ("thu tiền làm đường cần bao nhiêu hộ đồng ý?", '["44.13.LQ.11", "44.13.LQ.12"]', "[41, 42]")


async def test_one_vote_per_user_per_question_and_it_can_change(journal):
    qid = await ask(journal, "q")
    assert await journal.record_vote(qid, 7, 1)
    assert await journal.record_vote(qid, 7, -1)
    assert await journal.record_vote(qid, 8, 1)
    stats = await journal.stats()
    assert (stats.thumbs_up, stats.thumbs_down) == (1, 1)
    assert not await journal.record_vote(9999, 7, 1)
    with pytest.raises(ValueError):
        await journal.record_vote(qid, 7, 0)


async def test_stats_count_today_in_vietnam_time_and_the_week(journal):
    clock = journal.clock
    clock.now -= 6 * 3600  # 23:13 the day before, Vietnam time
    await ask(journal, "yesterday", refused=True, latency=30)
    clock.now -= 8 * 86400
    await ask(journal, "long ago", latency=1000)
    clock.now += 8 * 86400 + 6 * 3600
    await ask(journal, "today 1", latency=10)
    await ask(journal, "today 2", latency=20)
    stats = await journal.stats()
    assert stats.questions_today == 2
    assert stats.questions_week == 3
    assert stats.refused_week == 1
    assert stats.refusal_rate == pytest.approx(1 / 3)
    assert stats.median_latency_ms == 20


async def test_unanswered_lists_refused_and_thumbs_down_newest_first(journal):
    a = await ask(journal, "refused", refused=True)
    journal.clock.now += 1
    b = await ask(journal, "answered, liked")
    journal.clock.now += 1
    c = await ask(journal, "answered, disliked")
    await journal.record_vote(b, 1, 1)
    await journal.record_vote(c, 1, -1)
    listed = await journal.unanswered()
    assert [q.id for q in listed] == [c, a]
    assert listed[0].thumbs_down == 1 and not listed[0].refused
    assert listed[1].refused


async def test_admin_actions_are_stored_with_whether_they_were_allowed(journal, tmp_path):
    await journal.record_admin_action(5, "reload", allowed=False)
    await journal.record_admin_action(1, "upload", allowed=True, detail="upload-x.md")
    rows = sqlite3.connect(tmp_path / "bot.sqlite3").execute(
        "SELECT user_id, action, allowed, detail FROM admin_actions ORDER BY id").fetchall()
    assert rows == [(5, "reload", 0, ""), (1, "upload", 1, "upload-x.md")]


# --- migrations from earlier schema versions ------------------------------------------------------------------

# The schema as version 1 of the bot created it (MIGRATIONS[0] at that time), kept verbatim: migrations are
# append-only, so this is what files in the field look like.
SCHEMA_V1 = MIGRATIONS[0]


def make_v1_file(path) -> None:
    """A journal file exactly as the bot of schema version 1 left it, with a question, a vote and an action."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.executescript(f"BEGIN;\n{SCHEMA_V1}\nPRAGMA user_version = 1;\nCOMMIT;")
    conn.execute("INSERT INTO questions (asked_at, user_id, chat_id, chat_type, text, refused, article_ids, scores,"
                 " latency_ms, reply_message_ids) VALUES (?, 7, 7, 'private', 'họp xóm', 0, '[\"44.13.LQ.6\"]',"
                 " '[0.9]', 12.5, '[31]')", (1_700_000_000.0 - 60,))
    conn.execute("INSERT INTO feedback VALUES (1, 7, -1, ?)", (1_700_000_000.0,))
    conn.execute("INSERT INTO admin_actions (at, user_id, action, allowed) VALUES (1, 5, 'reload', 0)")
    conn.close()


async def test_a_version_1_file_is_migrated_keeping_its_rows_and_gains_uncertain_delivery(tmp_path):
    path = tmp_path / "bot.sqlite3"
    make_v1_file(path)
    assert "delivery_uncertain" not in [c[1] for c in sqlite3.connect(path).execute("PRAGMA table_info(questions)")]

    journal = Journal(path, clock=Clock(1_700_000_000.0))
    await journal.open()
    try:
        old = await journal.question(1)
        assert old is not None and old["text"] == "họp xóm" and old["reply_message_ids"] == "[31]"
        assert old["delivery_uncertain"] == 0  # the old bot did not know; counted as delivered
        qid = await ask(journal, "bảng kê dán bao lâu")
        await journal.record_reply(qid, [], uncertain=True)
        stats = await journal.stats()
        assert (stats.questions_week, stats.uncertain_week, stats.thumbs_down) == (2, 1, 1)
    finally:
        await journal.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) == 6
    assert conn.execute("SELECT action FROM admin_actions").fetchall() == [("reload",)]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


async def test_activity_counts_each_vietnam_day_its_refusals_votes_and_most_cited_articles(journal):
    clock = journal.clock  # 05:13 on 15/11/2023 in Vietnam
    first = await ask(journal, "today, answered")
    await journal.record_vote(first, 7, 1)
    await journal.record_vote(first, 8, -1)
    await ask(journal, "today, refused", refused=True)
    await journal.record_question(user_id=1, chat_id=1, chat_type="private", text="xin chào", refused=False,
                                  article_ids=[], scores=[], latency_ms=1, kind="greeting")
    clock.now -= 6 * 3600  # 23:13 on the 14th: the day before in Vietnam, the same day in UTC
    await journal.record_question(user_id=1, chat_id=1, chat_type="private", text="yesterday", refused=False,
                                  article_ids=["44.13.LQ.21"], scores=[0.9], latency_ms=5)
    clock.now -= 40 * 86400
    await ask(journal, "outside the 30 days")
    clock.now += 40 * 86400 + 6 * 3600

    activity = await journal.activity(30)
    assert len(activity.days) == 30 and str(activity.days[-1].day) == "2023-11-15"
    today, yesterday = activity.days[-1], activity.days[-2]
    assert (today.questions, today.refused, today.thumbs_up, today.thumbs_down) == (2, 1, 1, 1)
    assert (yesterday.questions, yesterday.refused) == (1, 0)
    assert sum(d.questions for d in activity.days) == 3
    assert activity.top_articles == (("44.13.LQ.11", 1), ("44.13.LQ.21", 1))  # refusals cite nothing


async def test_answers_on_thin_evidence_are_listed_only_when_asked_and_only_below_the_threshold(journal):
    async def answered(text: str, evidence: float | None) -> int:
        journal.clock.now += 1
        return await journal.record_question(user_id=1, chat_id=1, chat_type="private", text=text, refused=False,
                                             article_ids=["44.13.LQ.6"], scores=[0.5], latency_ms=5,
                                             evidence=evidence)

    thin = await answered("thin", 0.884)
    await answered("well backed", 0.93)
    await answered("from before evidence was kept", None)
    refused = await ask(journal, "refused", refused=True)
    assert [q.id for q in await journal.unanswered()] == [refused]
    listed = await journal.unanswered(thin_below=0.9)
    assert [q.id for q in listed] == [refused, thin]
    assert listed[1].thin and listed[1].evidence == pytest.approx(0.884) and not listed[0].thin
