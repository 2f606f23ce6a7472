"""End to end: practice rounds and group contests of the real bot process through the local Bot API emulator.

The bot runs on the test law with the test bank (tests/fixtures/bot/quiz, five questions in two topics);
answers come back as `poll_answer` updates, as Telegram sends them for non-anonymous quiz polls.
"""

from __future__ import annotations

import asyncio
import csv
import io
import sqlite3
from pathlib import Path

from answers import messages as m
from emulator.botapi import BotApiEmulator, SentMessage
from knowledge.quiz import load_bank
from tests.support import ADMIN, BOT_FIXTURE_SOURCES, running_bot, write_bot_config

BANK = load_bank(BOT_FIXTURE_SOURCES / "quiz" / "thu-nghiem.yaml")
GROUP = -1001


def make_config(tmp_path: Path, built_state: Path) -> Path:
    return write_bot_config(tmp_path, tmp_path / "state", copy_from=built_state, admin_ids=[ADMIN],
                            rate_limit_per_minute=1000)


def question_of(poll: dict) -> str:
    """The bank id of the question a poll asks (its text after "Câu i/n · ")."""
    text = poll["question"].split(" · ", 1)[1]
    return next(q.id for q in BANK.questions if q.question == text)


async def message_with(emulator: BotApiEmulator, chat_id: int, needle: str, timeout: float = 30) -> SentMessage:
    return await emulator.wait_for(lambda: next((s for s in emulator.sent_to(chat_id) if needle in s.text), None),
                                   timeout)


async def polls(emulator: BotApiEmulator, chat_id: int, count: int, timeout: float = 30) -> list[dict]:
    return await emulator.wait_for(lambda: emulator.polls_in(chat_id)[:count]
                                   if len(emulator.polls_in(chat_id)) >= count else None, timeout)


async def test_practice_round_scores_answers_and_brings_wrong_ones_back_first(tmp_path, emulator, bot_built_state):
    config = make_config(tmp_path, bot_built_state)
    async with running_bot(emulator, config, tmp_path / "bot.log"):
        emulator.push_message(7, "/onthi")
        topics = await message_with(emulator, 7, m.QUIZ_CHOOSE_TOPIC)
        buttons = {b["text"]: b["callback_data"] for b in topics.buttons()}
        assert buttons["Góp tiền và thu chi của xóm (3)"] == "q:t:gop-tien"
        emulator.push_callback(7, topics, "q:t:gop-tien")
        lengths = await message_with(emulator, 7, "Mỗi lượt ôn bao nhiêu câu")
        assert [b["text"] for b in lengths.buttons()] == ["3 câu"]
        emulator.push_callback(7, lengths, lengths.buttons()[0]["callback_data"])

        wrong: list[str] = []
        for number in range(1, 4):
            poll = (await polls(emulator, 7, number))[-1]
            assert poll["type"] == "quiz" and not poll["is_anonymous"]
            assert poll["question"].startswith(f"Câu {number}/3 · ")
            assert "📖 Khoản" in poll["explanation"] and len(poll["explanation"]) <= 200
            question = BANK.question(question_of(poll))
            assert question is not None and question.topic == "gop-tien"
            assert poll["correct_option_ids"] == [question.answer]
            choice = question.answer if number != 2 else (question.answer + 1) % len(question.options)
            if number == 2:
                wrong.append(question.id)
            emulator.push_poll_answer(7, poll["id"], choice)
        result = await message_with(emulator, 7, m.QUIZ_ROUND_DONE.format(right=2, total=3))
        review = [b for b in result.buttons() if b["callback_data"].startswith("a:")]
        assert [b["callback_data"] for b in review] == [f"a:{BANK.question(wrong[0]).article}"]

        # the next round on the topic starts with the question answered wrongly
        again = next(b for b in result.buttons() if b["text"] == m.QUIZ_ROUND_AGAIN)
        emulator.push_callback(7, result, again["callback_data"])
        poll = (await polls(emulator, 7, 4))[-1]
        assert question_of(poll) == wrong[0]

    progress = sqlite3.connect(tmp_path / "state" / "bot.sqlite3").execute(
        "SELECT question_id, right, wrong FROM quiz_progress WHERE user_id = 7 ORDER BY question_id").fetchall()
    assert len(progress) == 3 and sum(r[1] for r in progress) == 2 and [r[0] for r in progress if r[2]] == wrong


async def test_group_contest_ranks_three_players_and_exports_their_results(tmp_path, emulator, bot_built_state):
    config = make_config(tmp_path, bot_built_state)
    async with running_bot(emulator, config, tmp_path / "bot.log"):
        # a cadre without the role cannot start one; the admin makes user 21 a trainer
        emulator.push_message(21, "/thi 3", chat_id=GROUP, chat_type="supergroup")
        await message_with(emulator, GROUP, m.QUIZ_TRAINERS_ONLY)
        emulator.push_message(ADMIN, "/giangvien 21")
        await message_with(emulator, ADMIN, m.QUIZ_TRAINER_GRANTED.format(user="21"))

        emulator.push_message(21, "/thi 3 nguoi dung dau", chat_id=GROUP, chat_type="supergroup")
        await message_with(emulator, GROUP, "Bắt đầu thi: 2 câu")  # the topic has two questions
        emulator.push_message(21, "/thi 3", chat_id=GROUP, chat_type="supergroup")
        await message_with(emulator, GROUP, m.QUIZ_CONTEST_RUNNING)

        # three players: 31 answers both right, 32 one right, 33 both right but later than 31
        for number in (1, 2):
            poll = (await polls(emulator, GROUP, number))[-1]
            question = BANK.question(question_of(poll))
            assert question is not None and question.topic == "nguoi-dung-dau" and poll["open_period"] == 5
            wrong = (question.answer + 1) % len(question.options)
            emulator.push_poll_answer(31, poll["id"], question.answer, name="Lan")
            emulator.push_poll_answer(32, poll["id"], question.answer if number == 1 else wrong, name="Minh")
            saved = 3 * number - 1
            await _until(lambda saved=saved: _answers_saved(tmp_path) >= saved)
            emulator.push_poll_answer(33, poll["id"], question.answer, name="Hoa")
        board = await message_with(emulator, GROUP, m.QUIZ_SCOREBOARD.format(total=2), timeout=40)
        lines = board.text.splitlines()
        ranked = [line.split(". ", 1)[1].split(" — ")[0] for line in lines if line[:1].isdigit()]
        assert ranked == ["Lan", "Hoa", "Minh"]
        assert "2/2 câu đúng" in lines[1] and "1/2 câu đúng" in lines[3]
        assert all(p["is_closed"] for p in emulator.polls_in(GROUP))

        emulator.push_message(21, "/ketqua", chat_id=GROUP, chat_type="supergroup")
        document = await emulator.wait_for(lambda: next((d for d in emulator.documents if d["chat_id"] == GROUP),
                                                        None), 20)
    rows = list(csv.reader(io.StringIO(document["data"].decode("utf-8-sig"))))
    header = rows.index(["hang", "nguoi_thi", "user_id", "so_cau_dung", "so_cau_da_tra_loi", "tong_so_cau",
                         "tong_thoi_gian_giay"])
    assert [(r[0], r[1], r[3]) for r in rows[header + 1: header + 4]] == [("1", "Lan", "2"), ("2", "Hoa", "2"),
                                                                          ("3", "Minh", "1")]


async def _until(predicate, timeout: float = 10) -> None:
    """Wait for something the bot writes to its SQLite file (no Bot API call tells the emulator)."""
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.05)


def _answers_saved(tmp_path: Path) -> int:
    try:
        return sqlite3.connect(tmp_path / "state" / "bot.sqlite3").execute(
            "SELECT COUNT(*) FROM quiz_answers").fetchone()[0]
    except sqlite3.Error:
        return 0


async def test_a_contest_goes_on_after_the_bot_restarts(tmp_path, emulator, bot_built_state):
    config = make_config(tmp_path, bot_built_state)
    async with running_bot(emulator, config, tmp_path / "bot.log"):
        emulator.push_message(ADMIN, "/thi 3", chat_id=GROUP, chat_type="supergroup")
        first = (await polls(emulator, GROUP, 1))[0]
        emulator.push_poll_answer(41, first["id"], BANK.question(question_of(first)).answer, name="An")
        await _until(lambda: _answers_saved(tmp_path) >= 1)
    async with running_bot(emulator, config, tmp_path / "bot2.log"):
        await message_with(emulator, GROUP, "cuộc thi tiếp tục từ câu")
        third = (await polls(emulator, GROUP, 3, timeout=40))[2]
        emulator.push_poll_answer(41, third["id"], BANK.question(question_of(third)).answer, name="An")
        board = await message_with(emulator, GROUP, m.QUIZ_SCOREBOARD.format(total=3), timeout=40)
    assert "1. An — 2/3 câu đúng" in board.text


UPLOADED_BANK = """\
topics:
  so-ghi-chep: "Sổ ghi chép họp xóm"
quiz:
  - id: sgc-001
    topic: so-ghi-chep
    question: "Theo luật thử nghiệm, cuốn sổ dùng hết được giữ lại ít nhất bao lâu?"
    options: ["Một năm", "Năm năm", "Mười năm"]
    answer: 3
    article: 44.13.LQ.6
    clause: "8"
    explanation: "Khoản 8: giữ lại ít nhất mười năm ở nhà sinh hoạt cộng đồng."
"""


async def test_an_admin_adds_a_bank_by_upload_and_a_bad_one_is_refused_naming_its_line(
        tmp_path, emulator, bot_built_state):
    config = make_config(tmp_path, bot_built_state)
    async with running_bot(emulator, config, tmp_path / "bot.log"):
        broken = UPLOADED_BANK.replace("    answer: 3\n", "    answer: 7\n")
        emulator.push_document(ADMIN, "ngan-hang.yaml", broken.encode(), mime_type="application/x-yaml")
        refused = await message_with(emulator, ADMIN, "Không dùng được ngân hàng câu hỏi")
        assert "dòng 8: câu #1 (sgc-001)" in refused.text and "từ 1 đến 3" in refused.text
        unknown = UPLOADED_BANK.replace("44.13.LQ.6", "44.13.LQ.99")
        emulator.push_document(ADMIN, "ngan-hang-2.yaml", unknown.encode(), mime_type="application/x-yaml")
        await message_with(emulator, ADMIN, "sgc-001 → 44.13.LQ.99")
        emulator.push_document(ADMIN, "ngan-hang-3.yaml", UPLOADED_BANK.encode(), mime_type="application/x-yaml")
        await message_with(emulator, ADMIN, "Đã thêm ngân hàng câu hỏi «ngan-hang-3.yaml»: 1 câu")

        emulator.push_message(ADMIN, "/onthi so ghi chep")
        lengths = await message_with(emulator, ADMIN, "Chủ đề: Sổ ghi chép họp xóm")
        emulator.push_callback(ADMIN, lengths, lengths.buttons()[0]["callback_data"])
        poll = (await polls(emulator, ADMIN, 1))[0]
        assert "cuốn sổ dùng hết" in poll["question"] and "Khoản 8 Điều 6" in poll["explanation"]

        emulator.push_message(7, "/onthi", chat_id=GROUP, chat_type="supergroup")
        await message_with(emulator, GROUP, m.QUIZ_PRIVATE_ONLY)
    assert len(list((tmp_path / "state" / "quiz-banks").glob("bank-*.yaml"))) == 1
