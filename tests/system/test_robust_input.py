"""Issue 5 item 2: bad questions through the real handler path and the real engine (small test law).

PTB-style: a real Application whose Bot has its network layer replaced (tests/botapi_offline.py, which
refuses HTML Telegram could not parse and text over 4096 characters), Updates from factories. Every
question must get a sensible reply (never the error message), well-formed and within Telegram's limits.
"""

from __future__ import annotations

import html
import sqlite3
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from answers import messages as m
from answers.paging import split_html, utf16_len
from emulator.botapi import parse_html
from handlers.app import build_application
from handlers.state import bot_state
from settings import load_settings
from tests.support import OfflineRequest, message_update, started, write_bot_config

TELEGRAM_LIMIT = 4096


@pytest.fixture
async def app(tmp_path, request_layer, bot_service):
    settings = load_settings(write_bot_config(tmp_path, tmp_path / "state", rate_limit_per_minute=1000),
                             environ={"TELEGRAM_BOT_TOKEN": "123:ABC"})
    application = build_application(settings, request=request_layer, load=lambda _s: bot_service,
                                    gate_metric=lambda _s: None, rate_limiter=False)
    async with started(application, request_layer):
        yield application


async def ask(app, request_layer: OfflineRequest, text: str, user_id: int) -> list[dict]:
    """Push one private message; return what the bot sent to that chat (checked like Telegram would)."""
    await app.process_update(message_update(app.bot, text, user_id=user_id))
    sent = request_layer.sent(user_id)
    for page in sent:
        assert utf16_len(page["text"]) <= TELEGRAM_LIMIT
        if page.get("parse_mode") == "HTML":
            parse_html(page["text"])  # raises where Telegram would refuse the markup
    return sent


def visible(sent: list[dict]) -> str:
    return "\n".join(html.unescape(parse_html(p["text"])) if p.get("parse_mode") else p["text"] for p in sent)


def journal_texts(app) -> list[str]:
    with sqlite3.connect(bot_state(app.bot_data).settings.database_path) as conn:
        return [r[0] for r in conn.execute("SELECT text FROM questions ORDER BY id")]


@pytest.mark.parametrize(("text", "expected"), [
    ("   ", m.EMPTY_QUESTION),
    ("\u200b\u200b\u2060", m.EMPTY_QUESTION),  # only zero-width characters
    ("\x00\x07\x1b", m.EMPTY_QUESTION),  # only control characters
    ("🙏🙏🙏 😀", m.NOT_A_QUESTION),
    ("???!!! ... ,,, --", m.NOT_A_QUESTION),
    ("<><>&&&\"'`*_~[]()", m.NOT_A_QUESTION),
])
async def test_empty_and_wordless_questions_get_a_hint(app, request_layer, text, expected):
    [reply] = await ask(app, request_layer, text, user_id=7)
    assert visible([reply]) == expected
    assert journal_texts(app) == [text]  # asked, refused, and on record for /unanswered


async def test_hoi_without_a_question_explains_usage(app, request_layer):
    for user_id, text in ((7, "/hoi"), (8, "/hoi     ")):
        [reply] = await ask(app, request_layer, text, user_id=user_id)
        assert reply["text"] == m.BOT_HOI_USAGE


async def test_a_10000_character_question_is_capped_and_the_reply_says_so(app, request_layer):
    limit = bot_state(app.bot_data).settings.telegram.max_question_chars
    question = ("thu tiền sửa cầu trong xóm cần bao nhiêu hộ đồng ý " * 250)[:10_000]
    sent = await ask(app, request_layer, question, user_id=7)
    shown = visible(sent)
    assert m.TRUNCATED.format(limit=limit) in shown
    assert "Điều 2" in shown  # and it still answers from what it read
    assert journal_texts(app) == [question]


async def test_markup_in_a_question_is_escaped_where_the_reply_repeats_it(app, request_layer):
    # "điều 99 <document>" names the document back in the reply ("Không tìm thấy Điều 99 trong văn bản «…»")
    hint = "<b>nđ</b>&<a_href=\"javascript:x\">*_`[x](y)`_*</a><tg-spoiler>"
    [reply] = await ask(app, request_layer, f"điều 99 {hint}", user_id=7)
    assert reply["parse_mode"] == "HTML"
    assert "<b>nđ" not in reply["text"] and "<a" not in reply["text"] and "<tg-spoiler>" not in reply["text"]
    assert "&lt;b&gt;nđ&lt;/b&gt;&amp;" in reply["text"]
    assert hint in visible([reply])  # the user sees exactly what they typed


async def test_telegram_markup_characters_do_not_break_an_answer(app, request_layer):
    sent = await ask(app, request_layer, "*bảng kê* _thu chi_ `phải` dán <b>bao lâu</b> & [x](y)", user_id=7)
    assert "Điều 3" in visible(sent)  # the answer is found through the markup, and its HTML parsed above


async def test_nfc_and_nfd_forms_get_the_same_answer(app, request_layer):
    question = "người đứng đầu xóm do ai chọn, làm mấy năm"
    nfd = unicodedata.normalize("NFD", question)
    assert nfd != question
    first = await ask(app, request_layer, question, user_id=7)
    second = await ask(app, request_layer, nfd, user_id=8)
    assert [strip_ids(p) for p in first] == [strip_ids(p) for p in second]
    assert "hai năm rưỡi" in visible(first)


def strip_ids(page: dict) -> tuple:
    """A sent page without what differs between two questions (the question id in the vote buttons)."""
    buttons = [b["text"] for row in (page.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]
    return page["text"], page.get("parse_mode"), tuple(buttons)


@pytest.mark.parametrize("noisy", [
    "người\u200b đứng\u200c đầu\u200d xóm\ufeff làm mấy năm",
    "người đứng đầu\u00ad xóm\u2060 làm mấy năm",
    "người\x00 đứng\x07 đầu\t xóm\r\n làm\x1b mấy năm",
    "\u202engười đứng đầu xóm làm mấy năm\u202c",
])
async def test_zero_width_and_control_characters_do_not_change_the_answer(app, request_layer, noisy):
    clean = await ask(app, request_layer, "người đứng đầu xóm làm mấy năm", user_id=7)
    dirty = await ask(app, request_layer, noisy, user_id=8)
    assert [strip_ids(p) for p in dirty] == [strip_ids(p) for p in clean]


@pytest.mark.parametrize("text", [
    "trưởng thôn 村长 староста مختار ผู้ใหญ่บ้าน do ai bầu",
    "Ｔｈｕ ｔｉềｎ ｓửａ ｃầｕ",  # full-width Latin
    "𝐭𝐡𝐮 𝐭𝐢ề𝐧 sửa cầu 🏗️👨‍👩‍👧",  # mathematical bold letters, emoji sequences outside the BMP
    "שאלה על הכפר? 질문 있어요",
])
async def test_mixed_scripts_get_a_sensible_reply(app, request_layer, text):
    sent = await ask(app, request_layer, text, user_id=7)
    assert sent and m.BOT_ERROR not in visible(sent)
    assert journal_texts(app) == [text]


# --- property: any text through the engine and the splitter stays within Telegram's rules ---------------

_LAW_WORDS = st.sampled_from(["thu tiền", "sửa cầu", "hộ", "đồng ý", "trưởng thôn", "xóm", "điều 2", "điều",
                              "bảng kê", "<b>", "</i>", "&amp;", "&", "<", ">", "\n\n", "🙏", "\u200b",
                              "\u0301", "\x00"])
_QUESTIONS = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(_LAW_WORDS, st.text(max_size=8)), max_size=60).map(" ".join),
    st.builds(lambda w, n: (w + " ") * n, _LAW_WORDS, st.integers(200, 1500)),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=_QUESTIONS)
def test_any_question_gives_well_formed_messages_within_4096(bot_service, question):
    reply = bot_service.answer(question)
    pages = split_html(reply.html)
    assert pages
    for page in pages:
        assert utf16_len(page) <= TELEGRAM_LIMIT
        parse_html(page)
    assert reply.text.strip()
