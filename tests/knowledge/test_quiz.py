"""Quiz banks: the schema and its messages, the support check, and the team's bank against the corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from knowledge.errors import MaterialError
from knowledge.model import Article, Citation, Clause
from knowledge.quiz import (
    check_against_articles,
    load_bank,
    load_banks,
    merge_banks,
    parse_bank,
    unsupported_words,
)
from tests.support import REPO, SHARED_CORPUS, fold_plain, too_close

TEAM_BANKS = REPO / "knowledge" / "quiz"
DEV_QUESTIONS = REPO.parent / "shared" / "eval" / "questions.yaml"
HELD_OUT = REPO / "benchmarks" / "data" / "heldout_team.yaml"
needs_corpus = pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="the shared corpus is not next to the repo")

GOOD = """\
version: 1
topics:
  hop: "Họp xóm"
quiz:
  - id: hop-001
    topic: hop
    question: "Theo luật, họp xóm cần bao nhiêu hộ dự?"
    options: ["Hơn một nửa số hộ", "Một phần ba số hộ", "Tất cả các đáp án trên"]
    answer: 1
    article: 44.13.LQ.21
    clause: "2"
    explanation: "Khoản 2: hơn một nửa số hộ."
"""


def _problem(text: str) -> MaterialError:
    with pytest.raises(MaterialError) as caught:
        parse_bank(text.encode("utf-8"), "nop.yaml")
    return caught.value


def test_a_good_bank_reads_with_its_topics_and_zero_based_answer():
    bank = parse_bank(GOOD.encode(), "nop.yaml")
    [question] = bank.questions
    assert (question.answer, question.right_option, question.clause) == (0, "Hơn một nửa số hộ", "2")
    assert bank.topic("hop").title == "Họp xóm" and bank.counts() == {"hop": 1}
    assert question.where == "nop.yaml:5" and not question.all_of_the_above


@pytest.mark.parametrize(("change", "line", "words"), [
    (("    answer: 1\n", "    answer: 4\n"), 9, "'answer' là số thứ tự phương án đúng, từ 1 đến 3"),
    (("    topic: hop\n", "    topic: thu-chi\n"), 6, "chủ đề 'thu-chi' chưa khai báo"),
    (("    article: 44.13.LQ.21\n", "    article: Điều 21\n") , 10, "mã điều 'Điều 21' không đúng dạng"),
    (("    clause: \"2\"\n", "    clause: \"khoản 2\"\n") , 11, "'clause' là số khoản"),
    (("    explanation: \"Khoản 2: hơn một nửa số hộ.\"\n", ""), 5, "thiếu trường 'explanation'"),
    (("    clause: \"2\"\n", "    clause: \"2\"\n    hint: x\n"), 12, "trường 'hint' không dùng được"),
    (('["Hơn một nửa số hộ", "Một phần ba số hộ", "Tất cả các đáp án trên"]',
      '["Tất cả các đáp án trên", "Hơn một nửa số hộ"]'), 8, "phải là phương án cuối"),
    (('["Hơn một nửa số hộ", "Một phần ba số hộ", "Tất cả các đáp án trên"]', '["Có"]'), 8, "cần từ 2 đến 6"),
    (('"Một phần ba số hộ"', '"hơn một nửa số hộ"'), 8, "phương án 2 trùng"),
    (("question: \"Theo luật, họp xóm cần bao nhiêu hộ dự?\"", "question: \"" + "dài " * 70 + "\""), 7,
     "tối đa 250"),
    (("  - id: hop-001\n", "  - id: Họp 1\n"), 5, "phải có dạng 'luat1-001'"),
    (("topics:\n  hop: \"Họp xóm\"\n", ""), 1, "thiếu mục 'topics'"),
    (("    topic: hop\n", "    topic: hop\n    topic: hop\n"), 7, "viết hai lần"),
    (("    answer: 1\n", "    answer: [1\n"), 0, "YAML sai cú pháp"),
])
def test_each_problem_is_named_in_vietnamese_with_its_line(change, line, words):
    error = _problem(GOOD.replace(*change))
    assert words in error.problem
    if line:
        assert error.line == line
    assert str(error).startswith(f"nop.yaml, dòng {error.line}: " if error.line else "nop.yaml: ")


def test_a_repeated_id_names_both_places_in_one_file_and_across_files(tmp_path: Path):
    twice = GOOD + GOOD[GOOD.index("  - id:"):]
    assert "trùng với câu ở dòng 5" in _problem(twice).problem
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(MaterialError) as caught:
        load_banks([tmp_path])
    assert "đã có ở" in caught.value.problem and "a.yaml, dòng 5" in caught.value.problem


def test_not_utf8_and_not_a_mapping_are_refused():
    with pytest.raises(MaterialError) as caught:
        parse_bank(GOOD.encode("utf-16"), "nop.yaml")
    assert "UTF-8" in caught.value.problem
    assert "đầu tệp phải là bảng" in _problem("- a\n- b\n").problem


def test_merging_keeps_the_first_title_of_a_topic():
    other = GOOD.replace("hop-001", "hop-002").replace('hop: "Họp xóm"', 'hop: "Tên khác"')
    merged = merge_banks([parse_bank(GOOD.encode(), "a.yaml"), parse_bank(other.encode(), "b.yaml")])
    assert [q.id for q in merged.questions] == ["hop-001", "hop-002"] and merged.topic("hop").title == "Họp xóm"


def _article(*clauses: tuple[str, str]) -> Article:
    return Article(id="44.13.LQ.21", title="Tổ chức cuộc họp", citation=Citation("21", "10/2022/QH15", "Luật", ""),
                   text="\n\n".join(t for _, t in clauses), clauses=tuple(Clause(n, t) for n, t in clauses),
                   document_id="law")


def test_the_support_check_wants_the_numbers_and_most_words_of_the_right_option():
    clause = "2. Cuộc họp được tiến hành khi có trên 50% số hộ gia đình tham dự trong 05 ngày làm việc."
    assert unsupported_words("Trên 50% số hộ gia đình tham dự", clause) == []
    assert unsupported_words("Trong 5 ngày làm việc", clause) == []  # "05" and "5" are one number
    assert unsupported_words("Trên 30% số hộ gia đình", clause) == ["30"]
    assert unsupported_words("Chủ tịch Ủy ban nhân dân xã quyết định", clause) != []


def test_the_check_names_unknown_articles_missing_clauses_and_unsupported_answers():
    bank = parse_bank(GOOD.encode(), "nop.yaml")
    assert check_against_articles(bank, {}) == ["nop.yaml:5: hop-001: điều 44.13.LQ.21 không có trong cơ sở dữ liệu"]
    only_one = {"44.13.LQ.21": _article(("1", "1. Trưởng thôn triệu tập."))}
    assert "không có khoản 2" in check_against_articles(bank, only_one)[0]
    wrong = {"44.13.LQ.21": _article(("2", "2. Cuộc họp do Trưởng thôn chủ trì."))}
    assert "đáp án «Hơn một nửa số hộ»" in check_against_articles(bank, wrong)[0]
    right = {"44.13.LQ.21": _article(("2", "2. Cuộc họp được tiến hành khi có hơn một nửa số hộ tham dự."))}
    assert check_against_articles(bank, right) == []


def test_all_of_the_above_is_checked_on_every_other_option():
    text = GOOD.replace("    answer: 1\n", "    answer: 3\n")
    bank = parse_bank(text.encode(), "nop.yaml")
    half = {"44.13.LQ.21": _article(("2", "2. Cần hơn một nửa số hộ."))}
    assert ["Một phần ba số hộ" in p for p in check_against_articles(bank, half)] == [True]


# --- the team's bank ----------------------------------------------------------------------------------

TEAM = load_banks([TEAM_BANKS]) if TEAM_BANKS.is_dir() else None
LAW_CHAPTERS = ("luat-1", "luat-2", "luat-3", "luat-4", "luat-5", "luat-6")
DOCUMENT_TOPICS = ("nd-59", "nd-61", "nd-185", "hoa-giai", "tiep-cong-dan", "tiep-can-thong-tin", "trung-cau",
                   "mat-tran")


def test_the_team_bank_has_300_questions_over_every_chapter_and_document():
    assert TEAM is not None
    counts = TEAM.counts()
    assert len(TEAM.questions) >= 300
    assert all(counts.get(t, 0) >= 3 for t in LAW_CHAPTERS), counts
    assert all(counts.get(t, 0) >= 15 for t in DOCUMENT_TOPICS), counts
    assert all(3 <= len(q.options) <= 4 for q in TEAM.questions)
    share = sum(q.all_of_the_above for q in TEAM.questions) / len(TEAM.questions)
    assert share <= 0.2, "'Tất cả các đáp án trên' is for list clauses, not a habit"


def test_team_questions_name_their_document():
    assert TEAM is not None
    nameless = [q.id for q in TEAM.questions
                if not re.search(r"\b(Luật|Nghị định|luật|nghị định|Pháp lệnh|Hiến pháp)\b", q.question)]
    assert nameless == []


@needs_corpus
def test_every_team_question_rests_on_a_clause_of_the_corpus_that_holds_its_answer():
    from knowledge.sources import load_knowledge
    from settings import load_settings

    assert TEAM is not None
    articles = {a.id: a for a in load_knowledge(load_settings().sources).kb.articles()}
    assert check_against_articles(TEAM, articles) == []


@pytest.mark.parametrize("question_set", [DEV_QUESTIONS, HELD_OUT], ids=["dev", "held-out"])
def test_no_bank_question_copies_an_evaluation_question(question_set: Path):
    """Written from the law, not from the dev or held-out questions (which this test alone reads)."""
    if not question_set.is_file():
        pytest.skip(f"no {question_set.name}")
    assert TEAM is not None
    raw = yaml.safe_load(question_set.read_text(encoding="utf-8")) or []
    asked = [fold_plain(str(item.get("question", ""))) for item in raw if isinstance(item, dict)]
    assert asked
    offenders = []
    for q in TEAM.questions:
        stem = fold_plain(q.question.split(",", 1)[-1]) if q.question.startswith("Theo ") else fold_plain(q.question)
        if any(too_close(stem, d, 0.8) or too_close(fold_plain(q.question), d, 0.8) for d in asked if d):
            offenders.append(q.id)
    assert offenders == []


def test_the_test_bank_loads():
    bank = load_bank(REPO / "tests" / "fixtures" / "bot" / "quiz" / "thu-nghiem.yaml")
    assert len(bank.questions) == 5
