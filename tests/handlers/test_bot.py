"""Handlers through the real Application: a real Bot with its network layer replaced, Updates from factories,
the real engine over the team's small test law (tests/fixtures/bot)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3

import pytest
from telegram import Update

from answers import messages as m
from handlers.app import build_application
from handlers.state import bot_state
from serving.reload import SERVICE_KEY
from settings import load_settings
from tests.support import (
    OFFLINE_BOT_ID,
    OFFLINE_BOT_USER,
    REPO,
    OfflineRequest,
    callback_update,
    message_update,
    started,
    write_bot_config,
)

ADMIN = 42


@pytest.fixture
async def app(tmp_path, request_layer, bot_service):
    settings = load_settings(write_bot_config(tmp_path, tmp_path / "state", admin_ids=[ADMIN],
                                              rate_limit_per_minute=5), environ={"TELEGRAM_BOT_TOKEN": "123:ABC"})
    application = build_application(settings, request=request_layer, load=lambda _s: bot_service,
                                    gate_metric=lambda _s: None, rate_limiter=False)
    async with started(application, request_layer):
        yield application


def db(app) -> sqlite3.Connection:
    return sqlite3.connect(bot_state(app.bot_data).settings.database_path)


async def ask(app, text: str, **kwargs) -> None:
    await app.process_update(message_update(app.bot, text, **kwargs))


async def test_private_question_is_answered_with_citation_buttons_and_journal(app, request_layer):
    await ask(app, "thu tiền sửa cầu trong xóm cần bao nhiêu hộ đồng ý?", user_id=7)
    [sent] = request_layer.sent(7)
    assert sent["parse_mode"] == "HTML"
    assert "Điều 2" in sent["text"] and "10/2022/QH15" in sent["text"] and "01/01/2024" in sent["text"]
    buttons = [b for row in sent["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons[0]["text"] == m.BOT_FULL_ARTICLE_BUTTON.format("2")
    assert buttons[0]["callback_data"] == "a:44.13.LQ.2"
    assert [b["text"] for b in buttons[-2:]] == ["👍", "👎"]
    # the test bank has two questions on Điều 2: practising them is offered under the answer
    assert (buttons[1]["text"], buttons[1]["callback_data"]) == (m.QUIZ_ARTICLE_BUTTON.format(2), "q:a:44.13.LQ.2")
    related = buttons[2:-2]
    assert related, "the next-ranked articles are offered as buttons"
    for button in related:  # labelled by the article's own number, opening that article
        article_id = button["callback_data"].removeprefix("a:")
        assert button["text"] == m.BOT_RELATED_BUTTON.format(article_id.rsplit(".", 1)[-1])
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons)
    row = db(app).execute(
        "SELECT user_id, chat_type, refused, article_ids, reply_message_ids FROM questions").fetchone()
    assert row[:3] == (7, "private", 0)
    assert row[3].startswith('["44.13.LQ.2"') and row[4] != "[]"


async def test_full_article_button_sends_the_whole_article_split_within_4096(app, request_layer):
    await app.process_update(callback_update(app.bot, "a:44.13.LQ.6", user_id=7))
    assert request_layer.called("answerCallbackQuery")
    pages = request_layer.sent(7)
    assert len(pages) == 2  # article 6 of the test law is longer than one message
    assert all(len(p["text"]) <= 4096 for p in pages)
    joined = "".join(p["text"] for p in pages)
    assert "1. Mỗi buổi họp xóm" in joined and "17. Người giữ sổ" in joined


async def test_votes_are_stored_once_per_user_and_can_change(app, request_layer):
    await ask(app, "bảng kê thu chi phải dán bao lâu", user_id=7)
    markup = request_layer.sent(7)[0]["reply_markup"]
    down = next(b["callback_data"] for row in markup["inline_keyboard"] for b in row if b["text"] == "👎")
    up = down.replace(":down", ":up")
    message = {"message_id": 5, "date": 0, "chat": {"id": 7, "type": "private"}, "from": OFFLINE_BOT_USER, "text": "x",
               "reply_markup": markup}
    await app.process_update(callback_update(app.bot, up, user_id=7, message=message))
    await app.process_update(callback_update(app.bot, down, user_id=7, message=message))
    assert db(app).execute("SELECT user_id, vote FROM feedback").fetchall() == [(7, -1)]
    edited = request_layer.called("editMessageReplyMarkup")[-1]["reply_markup"]
    assert "✅ 👎" in [b["text"] for row in edited["inline_keyboard"] for b in row]
    assert request_layer.called("answerCallbackQuery")[-1]["text"] == m.BOT_VOTE_THANKS


async def test_groups_answer_hoi_mentions_and_replies_only(app, request_layer):
    group = {"chat_id": -100, "chat_type": "supergroup", "user_id": 7}
    await ask(app, "thu tiền sửa cầu cần bao nhiêu hộ đồng ý", **group)
    assert request_layer.sent(-100) == []
    await ask(app, "/hoi thu tiền sửa cầu cần bao nhiêu hộ đồng ý", **group)
    await ask(app, "@dancoso_test_bot người đứng đầu xóm làm mấy năm?", **group)
    bot_message = {"message_id": 3, "date": 0, "chat": {"id": -100, "type": "supergroup"}, "from": OFFLINE_BOT_USER,
                   "text": "..."}
    await ask(app, "bảng kê thu chi dán bao lâu", reply_to=bot_message, **group)
    other = {**bot_message, "from": {"id": 8, "is_bot": False, "first_name": "A"}}
    await ask(app, "bảng kê thu chi dán bao lâu", reply_to=other, **group)
    sent = request_layer.sent(-100)
    assert len(sent) == 3
    assert all(s["reply_parameters"]["message_id"] for s in sent)  # answers quote the question in groups


async def test_dieu_command_and_typed_article_number_show_the_article(app, request_layer):
    await ask(app, "/dieu 4", user_id=7)
    await ask(app, "điều 4", user_id=8)
    for user_id in (7, 8):
        text = request_layer.sent(user_id)[0]["text"]
        assert "Chọn người đứng đầu xóm" in text and "hai năm rưỡi" in text
    await ask(app, "/dieu", user_id=9)
    assert request_layer.sent(9)[0]["text"] == m.BOT_DIEU_USAGE


async def test_non_admin_reload_is_refused_and_logged(app, request_layer, caplog):
    with caplog.at_level(logging.WARNING, logger="handlers.admin"):
        await ask(app, "/reload", user_id=7)
    assert request_layer.sent(7)[0]["text"] == m.BOT_NOT_ADMIN
    assert "refused reload for non-admin user 7" in caplog.text
    assert db(app).execute("SELECT user_id, action, allowed FROM admin_actions").fetchall() == [(7, "reload", 0)]
    assert not bot_state(app.bot_data).reloader.running


async def test_rate_limit_answers_politely_once_then_stays_quiet(app, request_layer):
    for _ in range(7):
        await ask(app, "bảng kê thu chi phải dán bao lâu", user_id=7)
    texts = [s["text"] for s in request_layer.sent(7)]
    assert len(texts) == 6  # five answers, one polite refusal, then silence
    assert texts[5] == m.BOT_RATE_LIMITED.format(limit=5)
    assert db(app).execute("SELECT COUNT(*) FROM questions").fetchone()[0] == 5
    await ask(app, "bảng kê thu chi phải dán bao lâu", user_id=8)  # other users are not affected
    assert len(request_layer.sent(8)) == 1


async def test_markup_typed_by_a_user_is_escaped(app, request_layer):
    await ask(app, "<b>thời tiết</b> hôm nay & ngày mai?", user_id=7)
    assert "<b>thời" not in request_layer.sent(7)[0]["text"]
    await app.process_update(callback_update(app.bot, "f:1:down", user_id=7))  # so /unanswered lists it
    await ask(app, "/unanswered", user_id=ADMIN)
    listed = request_layer.sent(ADMIN)[0]["text"]
    assert "&lt;b&gt;thời tiết&lt;/b&gt; hôm nay &amp; ngày mai?" in listed
    assert "<b>thời" not in listed


async def test_plain_text_fallback_when_telegram_rejects_the_html(app, request_layer):
    request_layer.refuse_html = 1
    await ask(app, "người đứng đầu xóm làm mấy năm", user_id=7)
    first, second = request_layer.sent(7)
    assert first["parse_mode"] == "HTML"
    assert "parse_mode" not in second and "<" not in second["text"]
    assert "hai năm rưỡi" in second["text"] and second["reply_markup"]


async def test_typing_is_shown_while_the_engine_works(app, request_layer):
    bot_state(app.bot_data).typing_after = 0.0
    await ask(app, "người đứng đầu xóm làm mấy năm", user_id=7)
    assert request_layer.called("sendChatAction")[0]["action"] == "typing"


async def test_an_engine_error_is_logged_and_the_bot_keeps_answering(app, request_layer, caplog):
    real = app.bot_data[SERVICE_KEY]

    class Broken:
        def answer(self, question, context=None):
            raise RuntimeError("index file vanished")

    app.bot_data[SERVICE_KEY] = Broken()
    with caplog.at_level(logging.ERROR, logger="handlers.app"):
        await ask(app, "người đứng đầu xóm làm mấy năm", user_id=7)
    assert request_layer.sent(7)[-1]["text"] == m.BOT_ERROR
    assert "index file vanished" in caplog.text
    app.bot_data[SERVICE_KEY] = real
    await ask(app, "người đứng đầu xóm làm mấy năm", user_id=7)
    assert "hai năm rưỡi" in request_layer.sent(7)[-1]["text"]


async def test_admin_upload_is_parsed_and_stored_under_a_generated_name(app, request_layer):
    law = (tmp_law := "# Quy chế thử\n\nĐiều 1. Việc thử\n\nMột câu thử nghiệm về họp xóm.\n\n"
           "Điều 2. Việc thử hai\n\nHai câu thử nghiệm về thu chi.\n")
    request_layer.files["F1"] = law.encode()
    document = {"file_id": "F1", "file_unique_id": "u1", "file_name": "../../etc/quy-che.md",
                "file_size": len(tmp_law.encode())}
    await app.process_update(message_update(app.bot, "", user_id=ADMIN, document=document))
    reply = request_layer.sent(ADMIN)[-1]["text"]
    uploads = bot_state(app.bot_data).settings.uploads_dir
    stored = sorted(p.name for p in uploads.iterdir())
    assert len(stored) == 2 and all(n.startswith("upload-") for n in stored), (reply, stored)
    assert "quy-che.md" in reply and "2 điều" in reply
    assert '"original_name": "quy-che.md"' in (uploads / next(n for n in stored if n.endswith(".json"))).read_text()


async def test_non_admin_upload_is_refused(app, request_layer):
    request_layer.files["F2"] = b"x"
    document = {"file_id": "F2", "file_unique_id": "u2", "file_name": "a.md", "file_size": 1}
    await app.process_update(message_update(app.bot, "", user_id=7, document=document))
    assert request_layer.sent(7)[-1]["text"] == m.BOT_NOT_ADMIN
    assert not request_layer.called("getFile")


async def test_help_lists_documents_examples_and_disclaimer(app, request_layer):
    await ask(app, "/start", user_id=7)
    text = request_layer.sent(7)[0]["text"]
    assert "Luật thử nghiệm cho bot" in text and "7 điều" in text
    assert all(q in text for q in m.BOT_HELP_EXAMPLES)
    assert m.DISCLAIMER in text and "/reload" not in text
    await ask(app, "/help", user_id=ADMIN)
    assert "/reload" in request_layer.sent(ADMIN)[0]["text"]


async def test_admin_stats(app, request_layer):
    await ask(app, "người đứng đầu xóm làm mấy năm", user_id=7)
    await ask(app, "xin chào", user_id=7)
    await ask(app, "/stats", user_id=ADMIN)
    assert request_layer.sent(ADMIN)[0]["text"].startswith("Hôm nay: 1 câu hỏi")
    (photo,) = request_layer.called("sendPhoto")
    assert "1 câu hỏi về pháp luật, 0 câu từ chối" in photo["caption"] and "Điều 4" in photo["caption"]
    (_, _, _, image), = [d for d in request_layer.documents if d[1] == "photo"]
    assert image.startswith(b"\x89PNG")


def test_bot_id_is_not_a_user():
    assert OFFLINE_BOT_ID != ADMIN


# --- one delivery policy for every message (handlers/replying.py) -------------------------------------------

LOST = "the request reached Telegram, the answer did not come back"


@pytest.mark.parametrize("text,user_id", [
    ("/dieu", 7),            # usage message
    ("/hoi", 7),             # usage message
    ("/reload", 7),          # refusal of a non-admin
    ("/remove", ADMIN),      # admin usage reply
    ("/stats", ADMIN),       # admin reply
    ("/start", 7),           # help
])
async def test_a_short_reply_lost_in_transit_is_neither_resent_nor_followed_by_an_error(app, request_layer, text,
                                                                                        user_id):
    from telegram.error import TimedOut

    request_layer.fail("sendMessage", TimedOut(LOST))
    await ask(app, text, user_id=user_id)
    [sent] = request_layer.sent(user_id)  # the one that may have arrived; no resend, no BOT_ERROR after it
    assert sent["text"] != m.BOT_ERROR


async def test_a_rate_limit_message_lost_in_transit_is_not_followed_by_an_error(app, request_layer):
    from telegram.error import TimedOut

    for _ in range(5):
        await ask(app, "bảng kê thu chi phải dán bao lâu", user_id=7)
    request_layer.fail("sendMessage", TimedOut(LOST))
    await ask(app, "bảng kê thu chi phải dán bao lâu", user_id=7)
    texts = [s["text"] for s in request_layer.sent(7)]
    assert len(texts) == 6 and texts[5] == m.BOT_RATE_LIMITED.format(limit=5)


async def test_a_short_reply_refused_with_5xx_is_resent_once_it_goes_through(app, request_layer):
    from emulator.botapi import BotApiError

    request_layer.fail("sendMessage", BotApiError(500, "Internal Server Error"))
    await ask(app, "/reload", user_id=7)
    texts = [s["text"] for s in request_layer.sent(7)]
    assert texts == [m.BOT_NOT_ADMIN, m.BOT_NOT_ADMIN]  # the first was refused by the Bot API, the second arrived


async def test_short_replies_are_escaped_html_and_quote_the_message_in_groups(app, request_layer):
    await ask(app, "/hoi", user_id=7, chat_id=-100, chat_type="supergroup")
    [sent] = request_layer.sent(-100)
    assert sent["parse_mode"] == "HTML" and sent["reply_parameters"]["message_id"]
    await ask(app, "/remove <b>&", user_id=ADMIN)
    assert "&lt;b&gt;&amp;" in request_layer.sent(ADMIN)[-1]["text"]


async def test_an_answer_lost_in_transit_is_journaled_as_uncertain_and_counted_in_stats(app, request_layer):
    from telegram.error import TimedOut

    await ask(app, "người đứng đầu xóm làm mấy năm", user_id=7)
    request_layer.fail("sendMessage", TimedOut(LOST))
    await ask(app, "bảng kê thu chi phải dán bao lâu", user_id=8)
    rows = db(app).execute("SELECT user_id, delivery_uncertain, reply_message_ids FROM questions ORDER BY id")
    (_, certain, delivered), uncertain = rows.fetchall()
    assert certain == 0 and delivered != "[]"
    assert uncertain == (8, 1, "[]")  # nothing confirmed
    assert len(request_layer.sent(8)) == 1  # not resent, and no error message after it
    await ask(app, "/stats", user_id=ADMIN)
    stats = request_layer.sent(ADMIN)[0]["text"]
    uncertain_line = m.BOT_STATS.split("\n")[1].format(uncertain=1)
    assert uncertain_line in stats and "Hôm nay: 2 câu hỏi" in stats


# --- start-up and typing ------------------------------------------------------------------------------------

async def test_a_failing_set_my_commands_does_not_stop_the_start(tmp_path, bot_service, monkeypatch, caplog):
    from emulator.botapi import BotApiError
    from handlers import app as app_module

    monkeypatch.setattr(app_module, "COMMANDS_BACKOFF_SECONDS", 0.0)
    request_layer = OfflineRequest()
    request_layer.fail("setMyCommands", *[BotApiError(500, "Internal Server Error")] * app_module.COMMANDS_ATTEMPTS)
    settings = load_settings(write_bot_config(tmp_path, tmp_path / "state"), environ={"TELEGRAM_BOT_TOKEN": "1:A"})
    application = build_application(settings, request=request_layer, load=lambda _s: bot_service,
                                    gate_metric=lambda _s: None, rate_limiter=False)
    await application.initialize()
    with caplog.at_level(logging.WARNING, logger="handlers.app"):
        await application.post_init(application)  # raised before: post_init failing stops run_polling
    try:
        assert len(request_layer.called("setMyCommands")) == app_module.COMMANDS_ATTEMPTS
        assert "could not set the command menu" in caplog.text
        await ask(application, "người đứng đầu xóm làm mấy năm", user_id=7)
        assert "hai năm rưỡi" in request_layer.sent(7)[0]["text"]
    finally:
        await application.post_shutdown(application)
        await application.shutdown()


@pytest.mark.parametrize("busy_limit,typing_shown", [(0, False), (1, True)])
async def test_typing_is_skipped_while_more_answers_than_the_limit_are_in_flight(app, request_layer, busy_limit,
                                                                                typing_shown):
    state = bot_state(app.bot_data)
    state.typing_after = 0.0
    state.typing_busy_limit = busy_limit  # this question itself is one answer in flight
    await ask(app, "người đứng đầu xóm làm mấy năm", user_id=7)
    assert bool(request_layer.called("sendChatAction")) is typing_shown
    assert "hai năm rưỡi" in request_layer.sent(7)[0]["text"]
    assert state.answers_in_flight == 0


async def test_a_journal_that_cannot_write_never_stops_an_answer(app, request_layer):
    journal = bot_state(app.bot_data).journal
    # every write now fails, as on a full disk
    await journal._run(lambda: journal._conn.execute("PRAGMA query_only=ON"))
    await ask(app, "người đứng đầu xóm làm mấy năm", user_id=7)
    [sent] = request_layer.sent(7)
    assert "hai năm rưỡi" in sent["text"]
    assert journal.failed_writes >= 1  # the question (and the turn kept for follow-ups) could not be stored
    await ask(app, "/stats", user_id=ADMIN)  # the refused admin action is not stored either: counted too
    stats = request_layer.sent(ADMIN)[-1]["text"]
    assert m.BOT_STATS.split("\n")[-1].format(failed=journal.failed_writes) in stats and journal.failed_writes >= 1


async def test_a_follow_up_is_answered_in_its_chat_only_and_moi_forgets(app, request_layer):
    follow = "điều đó ở văn bản nào?"
    await ask(app, "người đứng đầu xóm làm mấy năm", user_id=7)
    await ask(app, follow, user_id=7)
    assert _understood(request_layer.sent(7)[-1])  # understood from the chat's last turn
    await ask(app, follow, user_id=8)  # another user, the same words: nothing of user 7's context
    assert not _understood(request_layer.sent(8)[-1])
    row = db(app).execute("SELECT question, article_id FROM dialogue_turns WHERE conversation = 'p:7'").fetchone()
    assert row[1] == "44.13.LQ.4"  # kept in SQLite: a restart keeps it
    await ask(app, "/moi", user_id=7)
    assert request_layer.sent(7)[-1]["text"] == m.BOT_NEW_TOPIC
    await ask(app, follow, user_id=7)
    assert not _understood(request_layer.sent(7)[-1])


async def test_in_a_group_a_reply_to_the_bots_answer_continues_that_answer(app, request_layer):
    await ask(app, "/hoi người đứng đầu xóm làm mấy năm", user_id=9, chat_id=-100, chat_type="supergroup")
    assert len(request_layer.sent(-100)) == 1
    [(replies,)] = db(app).execute("SELECT reply_message_ids FROM questions WHERE chat_id = -100").fetchall()
    bot_message = {"message_id": json.loads(replies)[0], "date": 0, "chat": {"id": -100, "type": "supergroup"},
                   "from": OFFLINE_BOT_USER, "text": "x"}
    await ask(app, "điều đó ở văn bản nào?", user_id=10, chat_id=-100, chat_type="supergroup", reply_to=bot_message)
    reply = request_layer.sent(-100)[-1]
    assert _understood(reply) and "Điều 4" in reply["text"]  # user 10 continues the answer replied to


def _understood(sent: dict) -> bool:
    return m.UNDERSTOOD_AS.split("«")[0] in sent["text"].split("\n")[0]


async def test_stats_count_questions_about_the_law_only_and_greetings_get_no_vote_buttons(app, request_layer):
    await ask(app, "xin chào", user_id=7)
    greeting = request_layer.sent(7)[-1]
    assert not [b for row in (greeting.get("reply_markup") or {}).get("inline_keyboard", []) for b in row
                if b["callback_data"].startswith("f:")]
    await ask(app, "điều 4", user_id=7)
    await ask(app, "người đứng đầu xóm làm mấy năm", user_id=7)
    answered = request_layer.sent(7)[-1]
    assert any(b["text"] == "👍" for row in answered["reply_markup"]["inline_keyboard"] for b in row)
    kinds = [r[0] for r in db(app).execute("SELECT kind FROM questions ORDER BY id")]
    assert kinds == ["small_talk", "article", "answer"]
    await ask(app, "/stats", user_id=ADMIN)
    stats = request_layer.sent(ADMIN)[-1]["text"]
    assert "Hôm nay: 1 câu hỏi" in stats and "ngoài ra 2 lượt tra điều" in stats and "từ chối 0" in stats
    await ask(app, "/unanswered", user_id=ADMIN)
    assert request_layer.sent(ADMIN)[-1]["text"] == m.BOT_UNANSWERED_NONE  # the greeting is not a refused question


async def test_export_sends_the_journal_as_csv_that_round_trips(app, request_layer):
    import csv
    import io

    await ask(app, "người đứng đầu xóm làm mấy năm", user_id=7)
    await ask(app, "xin chào", user_id=7)
    await ask(app, "/export", user_id=7)  # not an admin
    assert request_layer.sent(7)[-1]["text"] == m.BOT_NOT_ADMIN and not request_layer.documents
    await ask(app, "/export 32/13/2026", user_id=ADMIN)
    assert request_layer.sent(ADMIN)[-1]["text"] == m.BOT_EXPORT_USAGE
    await ask(app, "/export", user_id=ADMIN)
    [(chat, _field, name, content)] = request_layer.documents
    assert chat == ADMIN and name.startswith("nhat-ky-") and name.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    stored = db(app).execute("SELECT id, text, kind, refused FROM questions ORDER BY id").fetchall()
    assert [(int(r["id"]), r["cau_hoi"], r["loai_tra_loi"], int(r["tu_choi"])) for r in rows] == stored
    assert rows[0]["dieu_trich_dan"].split()[0] == "44.13.LQ.4"


def test_export_range_reads_vietnamese_dates_and_includes_the_last_day():
    from handlers.admin import export_range
    from serving.journal import VIETNAM_TZ

    now = dt.datetime(2026, 12, 2, 15, 30, tzinfo=VIETNAM_TZ)
    start, end = export_range([], now)
    assert (start.day, start.month, end.day) == (3, 11, 3)  # the last 30 days, today included
    start, end = export_range(["01/11/2026", "30/11/2026"], now)
    assert (start.date().isoformat(), end.date().isoformat()) == ("2026-11-01", "2026-12-01")
    for bad in (["30/11/2026", "01/11/2026"], ["2026-11-01"], ["1/1/2026", "2/1/2026", "3/1/2026"]):
        with pytest.raises(ValueError):
            export_range(bad, now)


@pytest.mark.parametrize(("file_name", "data", "expected"), [
    ("huong-dan.doc", b"\xd0\xcf\x11\xe0 old word", m.BOT_UPLOAD_DOC_HINT),
    ("huong-dan.PDF", b"%PDF-1.7 ...", "tệp PDF bị hỏng"),
    ("ban-quet.pdf", (REPO / "tests" / "fixtures" / "uploads" / "ban-quet.pdf").read_bytes(), "bản quét"),
    ("anh.jpg", b"\xff\xd8\xff", m.BOT_UPLOAD_BAD_TYPE),
    ("passwd.md", b"root:x:0:0:root:/root:/bin/bash\n" * 5,
     m.BOT_UPLOAD_NOT_VIETNAMESE.format(name="passwd.md")),
])
async def test_uploads_the_bot_cannot_use_get_a_reason_in_vietnamese(app, request_layer, file_name, data, expected):
    request_layer.files["F9"] = data
    document = {"file_id": "F9", "file_unique_id": "u9", "file_name": file_name, "file_size": len(data)}
    await app.process_update(message_update(app.bot, "", user_id=ADMIN, document=document))
    assert expected in request_layer.sent(ADMIN)[-1]["text"]
    uploads = bot_state(app.bot_data).settings.uploads_dir
    assert not uploads.exists() or not list(uploads.iterdir())  # nothing kept


@pytest.mark.parametrize("content", [
    {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 10, "height": 10}]},
    {"voice": {"file_id": "v", "file_unique_id": "v", "duration": 3}},
    {"sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1,
                 "is_animated": False, "is_video": False}},
])
async def test_a_photo_voice_or_sticker_gets_told_what_the_bot_reads(app, request_layer, content):
    update = Update.de_json({"update_id": 900, "message": {
        "message_id": 90, "date": 0, "from": {"id": 7, "is_bot": False, "first_name": "A"},
        "chat": {"id": 7, "type": "private"}, **content}}, app.bot)
    await app.process_update(update)
    assert request_layer.sent(7)[-1]["text"] == m.BOT_NOT_TEXT


async def test_unanswered_groups_refused_and_disliked_questions_under_their_nearest_article(app, request_layer):
    await ask(app, "người đứng đầu xóm làm mấy năm", user_id=7)  # question 1, answered
    await app.process_update(callback_update(app.bot, "f:1:down", user_id=7))
    await ask(app, "giá vàng hôm nay bao nhiêu", user_id=8)  # refused
    await ask(app, "/unanswered", user_id=ADMIN)
    listed = request_layer.sent(ADMIN)[0]["text"]
    assert listed.startswith(m.BOT_UNANSWERED_HEADER)
    assert "Gần Điều 4" in listed and "👎×1 người đứng đầu xóm làm mấy năm" in listed
    assert "🚫 giá vàng hôm nay bao nhiêu" in listed
    topics = [line for line in listed.split("\n") if line.startswith("Gần ")]
    assert all(line.endswith("câu):") for line in topics) and len(topics) >= 1
    journal = bot_state(app.bot_data).journal
    answered, refused = await journal.question(1), await journal.question(2)
    assert 0.0 < answered["evidence"] <= 1.0 and refused["evidence"] is None  # how well the texts backed it
