"""Quiz state in a real SQLite journal, practice choice, contest ranking and results, /thi's words."""

from __future__ import annotations

import csv
import io
import random

import pytest

from knowledge.quiz import QuizQuestion, parse_bank
from serving.contest import find_topic, read_request, results_csv, standings
from serving.journal import Journal
from serving.practice import choose_questions, poll_content, round_result
from serving.quizrecords import CONTEST, FINISHED, PRACTICE, RUNNING, STOPPED, Answer, QuizRecords, RoundRunningError

BANK = parse_bank("""\
topics:
  hop: "Họp thôn"
  hoa-giai: "Luật Hòa giải ở cơ sở"
quiz:
""".encode() + "".join(f"""\
  - id: q-{i}
    topic: {"hop" if i < 4 else "hoa-giai"}
    question: "Câu hỏi số {i} theo Luật?"
    options: ["Đúng {i}", "Sai {i}", "Khác {i}"]
    answer: 1
    article: 44.13.LQ.{20 + i % 2}
    explanation: "Giải thích {i}."
""" for i in range(6)).encode(), "bank.yaml")


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def records(tmp_path):
    clock = Clock()
    journal = Journal(tmp_path / "bot.sqlite3", clock=clock)
    await journal.open()
    yield QuizRecords(journal), clock
    await journal.close()


async def test_a_round_its_polls_and_answers_survive_reopening_the_file(records, tmp_path):
    quiz, clock = records
    practice = await quiz.start_round(PRACTICE, 7, 7, topic="hop", question_ids=["q-0", "q-1"])
    await quiz.record_poll(practice.id, 0, question_id="q-0", poll_id="P1", correct_option=0, message_id=11)
    clock.now += 4
    poll = await quiz.poll("P1")
    assert await quiz.record_answer(poll, 7, "Lan", 1) is True
    assert await quiz.record_answer(poll, 7, "Lan", 0) is False  # one answer per poll: the first counts
    await quiz.advance(practice.id, 1)
    await quiz.journal.close()

    again = Journal(tmp_path / "bot.sqlite3", clock=clock)
    await again.open()
    reopened = QuizRecords(again)
    saved = await reopened.running_round(7)
    assert saved is not None and (saved.position, saved.state, saved.question_ids) == (1, RUNNING, ("q-0", "q-1"))
    [answer] = await reopened.answers(practice.id)
    assert (answer.option, answer.correct, answer.seconds) == (1, False, 4.0)
    assert await reopened.progress(7) == {"q-0": (0, 1, False, clock.now)}
    await again.close()
    quiz.journal = again  # the fixture closes its own journal; this one is closed already


async def test_a_group_cannot_hold_two_contests_and_a_new_practice_round_replaces_the_old(records):
    quiz, _ = records
    contest = await quiz.start_round(CONTEST, -5, 1, topic="", question_ids=["q-0"], seconds=30)
    with pytest.raises(RoundRunningError):
        await quiz.start_round(CONTEST, -5, 2, topic="", question_ids=["q-1"], seconds=30)
    assert await quiz.end_round(contest.id) is True and await quiz.end_round(contest.id) is False
    assert (await quiz.round(contest.id)).state == FINISHED
    await quiz.start_round(CONTEST, -5, 2, topic="", question_ids=["q-1"], seconds=30)

    first = await quiz.start_round(PRACTICE, 7, 7, topic="hop", question_ids=["q-0"])
    second = await quiz.start_round(PRACTICE, 7, 7, topic="hop", question_ids=["q-1"], replace=True)
    assert (await quiz.round(first.id)).state == STOPPED and (await quiz.running_round(7)).id == second.id
    assert [r.chat_id for r in await quiz.running_rounds(CONTEST)] == [-5]


async def test_trainers_are_granted_listed_and_revoked(records):
    quiz, _ = records
    await quiz.grant_trainer(21, 1)
    assert await quiz.is_trainer(21) and await quiz.trainers() == [21]
    assert await quiz.revoke_trainer(21) is True and await quiz.revoke_trainer(21) is False
    assert not await quiz.is_trainer(21)


def test_wrong_answers_come_first_then_unseen_then_the_longest_unseen():
    questions = BANK.in_topic("")
    progress = {"q-0": (1, 0, True, 10.0), "q-1": (0, 1, False, 20.0), "q-2": (0, 2, False, 30.0),
                "q-3": (2, 0, True, 5.0)}
    order = choose_questions(questions, progress, 6, random.Random(1))
    assert order[:2] == ["q-2", "q-1"]  # the latest wrong first
    assert set(order[2:4]) == {"q-4", "q-5"} and order[4:] == ["q-3", "q-0"]
    assert choose_questions(questions, progress, 3, random.Random(1)) == order[:3]


def test_a_poll_fits_telegram_whatever_the_bank_says():
    long = QuizQuestion(id="x", topic="hop", question="Hỏi " * 80, options=("a" * 100, "b"), answer=0,
                        article="44.13.LQ.1", explanation="Vì " * 60)
    content = poll_content(long, 3, 10, "Khoản 2 Điều 21 Luật 10/2022/QH15")
    assert content.question.startswith("Câu 3/10 · ") and len(content.question) <= 300
    assert len(content.explanation) <= 200 and content.explanation.endswith("📖 Khoản 2 Điều 21 Luật 10/2022/QH15")
    assert content.explanation.count("\n") <= 2 and content.correct_option == 0


def test_a_round_result_lists_each_article_to_review_once():
    result = round_result(["q-0", "q-1", "q-2", "q-3"], {"q-0": True, "q-1": False, "q-3": False}, BANK)
    assert (result.right, result.total, result.review) == (1, 4, ("44.13.LQ.21", "44.13.LQ.20"))


def _answer(user: int, name: str, position: int, correct: bool, seconds: float) -> Answer:
    return Answer(user, name, position, f"q-{position}", 0 if correct else 1, correct, seconds)


def test_the_scoreboard_ranks_by_right_answers_then_time_and_shares_exact_ties():
    answers = [_answer(1, "Lan", 0, True, 3), _answer(2, "Minh", 0, True, 2), _answer(3, "Hoa", 0, False, 1),
               _answer(1, "Lan", 1, True, 3), _answer(2, "Minh", 1, True, 5), _answer(3, "Hoa", 1, True, 1),
               _answer(4, "Tú", 0, True, 1), _answer(4, "Tú", 1, False, 1)]
    board = standings(answers)
    assert [(s.rank, s.name, s.right, s.seconds) for s in board] == [
        (1, "Lan", 2, 6.0), (2, "Minh", 2, 7.0), (3, "Hoa", 1, 2.0), (3, "Tú", 1, 2.0)]


async def test_the_results_file_has_the_board_then_every_answer(records):
    quiz, _ = records
    contest = await quiz.start_round(CONTEST, -5, 1, topic="hop", question_ids=["q-0", "q-1"], seconds=30)
    answers = [_answer(1, "Lan", 0, True, 3.25), _answer(2, "Minh, Phó", 0, False, 2)]
    rows = list(csv.reader(io.StringIO(results_csv(contest, answers).decode("utf-8-sig"))))
    assert rows[0][:2] == ["cuoc_thi", str(contest.id)] and rows[1][0] == "hang"
    assert rows[2] == ["1", "Lan", "1", "1", "1", "2", "3.2"] and rows[3][1] == "Minh, Phó"
    assert rows[5][0] == "cau" and rows[6] == ["1", "q-0", "Lan", "1", "A", "1", "3.2"]


@pytest.mark.parametrize(("words", "expected"), [
    ([], (10, "")), (["5"], (5, "")), (["15", "hoa", "giai"], (15, "hoa-giai")), (["hop"], (10, "hop")),
    (["Hòa", "giải"], (10, "hoa-giai")), (["0"], None), (["51"], None), (["5", "trung", "cau"], None),
])
def test_thi_reads_a_count_and_a_topic_by_key_or_title_words(words, expected):
    request = read_request(words, BANK)
    assert (None if request is None else (request.questions, request.topic)) == expected


def test_a_topic_named_by_words_that_fit_two_titles_is_not_guessed():
    assert find_topic("luat", BANK) == "hoa-giai" and find_topic("thon", BANK) == "hop"
    two = parse_bank(b"""\
topics:
  luat-1: "Luat 10/2022 chuong I"
  luat-2: "Luat 10/2022 chuong II"
quiz:
  - {id: a-1, topic: luat-1, question: "Theo Luat?", options: ["x", "y"], answer: 1, article: 44.13.LQ.1,
     explanation: "z"}
""", "two.yaml")
    assert find_topic("luat", two) == "" and find_topic("chuong ii", two) == "luat-2"
