"""The edge of the knowledge base through `bot.py`: a question of another subject is refused naming it, an
in-scope one is answered as without the map, eval counts the subjects named, figures not fixed are said so."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.support import pack_collection, run_cli, write_bot_config

OUTSIDE = "đăng ký khai sinh cho con ở xã thì nộp những giấy tờ gì"
INSIDE = "người đứng đầu xóm làm mấy năm"


def _config(tmp_path: Path, built: Path, name: str, collection: Path | str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    return write_bot_config(folder, folder / "state", copy_from=built, subject_map={"collection": str(collection)})


def _ask(config: Path, question: str) -> dict:
    done = run_cli(config, "ask", question, "--json")
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_a_question_of_a_subject_the_bot_lacks_is_refused_naming_it_with_unchecked_pointers(
        tmp_path, bot_built_state):
    config = _config(tmp_path, bot_built_state, "with-map", pack_collection(tmp_path / "phap-dien.tar.xz"))
    reply = _ask(config, OUTSIDE)
    assert reply["refused"] is True
    text = reply["answer"]
    assert text.startswith("Câu hỏi này thuộc lĩnh vực Hộ tịch thử nghiệm (Luật Hộ tịch thử nghiệm, số 90/2090/QH99)")
    assert "chưa kiểm tra, không phải câu trả lời" in text and "Điều 15.3.LQ.1 — Đăng ký khai sinh cho trẻ em" in text
    assert "/nap Hộ tịch thử nghiệm" in text
    assert "sáu mươi ngày" not in text  # a pointer, never the outside law's text as an answer
    assert (tmp_path / "with-map" / "state" / "subject-map" / "subject-map.sqlite3").is_file()

    plain = _config(tmp_path, bot_built_state, "no-map", "")
    assert _ask(config, INSIDE)["answer"] == _ask(plain, INSIDE)["answer"]
    assert "Hộ tịch" not in _ask(plain, OUTSIDE)["answer"]


def test_eval_reports_the_share_of_refusals_that_name_the_labelled_subject(tmp_path, bot_built_state):
    config = _config(tmp_path, bot_built_state, "eval", pack_collection(tmp_path / "phap-dien.tar.xz"))
    questions = tmp_path / "near.yaml"
    questions.write_text(yaml.safe_dump([
        {"id": "n1", "question": OUTSIDE, "gold": [], "subject": "Hộ tịch thử nghiệm", "style": "near_domain"},
        {"id": "n2", "question": "muon tach ho ra o rieng thi can nhung gi", "gold": [],
         "subject": "Hộ tịch thử nghiệm", "style": "near_domain"},
    ], allow_unicode=True), encoding="utf-8")
    done = run_cli(config, "eval", str(questions), "--json")
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert result["oos_refused"] == 1.0
    assert result["oos_subject_named"] == 0.5  # the second belongs to Cư trú: its label is wrong on purpose
    assert result["by_style"]["near_domain"]["out_of_scope"]["subject_named"] == 0.5


def test_a_missing_collection_costs_only_a_warning(tmp_path, bot_built_state):
    config = _config(tmp_path, bot_built_state, "missing", tmp_path / "nowhere.tar.xz")
    done = run_cli(config, "ask", INSIDE, "--json")
    assert done.returncode == 0 and "missing" in done.stderr
    assert "hai năm rưỡi" in json.loads(done.stdout)["answer"]


def test_a_figure_the_texts_do_not_fix_is_said_so_before_the_related_clause(tmp_path, bot_built_state):
    config = _config(tmp_path, bot_built_state, "figures", "")
    reply = _ask(config, "moi buoi hop xom duoc moi bao nhieu khach tu xa den du")
    assert reply["answer"].startswith("Văn bản hiện có không quy định con số cụ thể")
    assert "6. Nếu buổi họp có khách mời từ xã" in reply["answer"]  # what the texts do say about guests
    answered = _ask(config, INSIDE)["answer"]
    assert "không quy định" not in answered and "hai năm rưỡi" in answered


def test_an_amount_of_money_not_fixed_is_said_so_but_not_to_a_question_that_asks_only_whether(
        tmp_path, bot_built_state):
    config = _config(tmp_path, bot_built_state, "money", "")
    how_much = _ask(config, "người giữ sổ được xóm hỗ trợ bao nhiêu tiền đi lại mỗi năm")["answer"]
    assert how_much.startswith("Văn bản hiện có không quy định mức tiền cụ thể"), how_much[:300]
    whether = _ask(config, "người giữ sổ có được trả thù lao không")["answer"]
    assert "không quy định mức tiền" not in whether, whether[:300]
