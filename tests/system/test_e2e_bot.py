"""End to end: the real `python bot.py run` process talking HTTP to the local Bot API emulator.

The bot serves the team's small test law (tests/fixtures/bot) from a state directory copied from an index
built once per session, so each process starts in a few seconds.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from pathlib import Path

from answers import messages as m
from emulator.botapi import BotApiEmulator
from tests.support import ADMIN, REPO, SECRET, TOKEN, bot_env, running_bot, write_bot_config


def make_config(tmp_path: Path, built_state: Path) -> Path:
    """The test law over a copy of the built state, admin ADMIN (the build adds state/uploads by itself)."""
    return write_bot_config(tmp_path, tmp_path / "state", copy_from=built_state, admin_ids=[ADMIN],
                            rate_limit_per_minute=1000)


async def answer_to(emulator: BotApiEmulator, chat_id: int, count: int, timeout: float = 30):
    """Wait until the chat has received `count` messages; return the last one."""
    return (await emulator.wait_for(lambda: emulator.sent_to(chat_id)[count - 1:] or None, timeout))[0]


async def reload_until_switched(emulator: BotApiEmulator, after: int) -> None:
    """Send /reload as the admin, who has had `after` replies so far; wait for the switch to the new index."""
    emulator.push_message(ADMIN, "/reload")
    for count in range(after + 1, after + 4):  # "started", perhaps a progress line, then the outcome
        report = await answer_to(emulator, ADMIN, count, timeout=120)
        if report.text.startswith(m.BOT_RELOAD_SWITCHED):
            return
    raise AssertionError(f"no switch to the new index: {report.text}")


async def test_e2e_question_article_feedback_group_and_admin_refusal(tmp_path, emulator, bot_built_state):
    config = make_config(tmp_path, bot_built_state)
    log = tmp_path / "bot.log"
    async with running_bot(emulator, config, log):
        # a question answered with a citation, with buttons
        emulator.push_message(7, "thu tiền sửa cầu trong xóm cần bao nhiêu hộ đồng ý?")
        answer = await answer_to(emulator, 7, 1)
        assert "Điều 2" in answer.text and "10/2022/QH15" in answer.text and answer.parse_mode == "HTML"
        buttons = {b["text"]: b["callback_data"] for b in answer.buttons()}
        assert buttons[m.BOT_FULL_ARTICLE_BUTTON.format("2")] == "a:44.13.LQ.2"

        # the full-article button
        emulator.push_callback(7, answer, "a:44.13.LQ.2")
        article = await answer_to(emulator, 7, 2)
        assert "Hộ khó khăn được xin giảm" in article.text

        # 👎 recorded in SQLite, and the keyboard shows it
        emulator.push_callback(7, answer, buttons["👎"])
        await emulator.wait_for(lambda: any("✅ 👎" in b["text"] for b in emulator.sent_to(7)[0].buttons()))
        votes = sqlite3.connect(tmp_path / "state" / "bot.sqlite3").execute(
            "SELECT q.text, f.user_id, f.vote FROM feedback f JOIN questions q ON q.id = f.question_id").fetchall()
        assert votes == [("thu tiền sửa cầu trong xóm cần bao nhiêu hộ đồng ý?", 7, -1)]

        # a group message not addressed to the bot is ignored; /hoi is answered
        emulator.push_message(8, "bảng kê thu chi dán bao lâu", chat_id=-100, chat_type="supergroup")
        emulator.push_message(8, "/hoi bảng kê thu chi dán bao lâu", chat_id=-100, chat_type="supergroup")
        await answer_to(emulator, -100, 1)
        # a non-admin /reload is refused; after it is answered, the group still has only the /hoi answer
        emulator.push_message(9, "/reload")
        assert (await answer_to(emulator, 9, 1)).text == m.BOT_NOT_ADMIN
        assert len(emulator.sent_to(-100)) == 1

        # a second instance on the same state directory refuses to start
        second = await asyncio.create_subprocess_exec(
            sys.executable, str(REPO / "bot.py"), "run", "--config", str(config), cwd=str(REPO),
            env=bot_env(emulator),
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        _, err = await asyncio.wait_for(second.communicate(), 60)
        assert second.returncode == 2 and b"already running" in err
    logged = log.read_text(encoding="utf-8", errors="replace")
    assert "refused reload for non-admin user 9" in logged
    assert TOKEN not in logged and SECRET not in logged


async def test_e2e_upload_and_reload_while_another_user_keeps_asking(tmp_path, emulator, bot_built_state):
    config = make_config(tmp_path, bot_built_state)
    log = tmp_path / "bot.log"
    upload = ("# Quy chế giữ gìn giếng nước chung\n\nĐiều 1. Lịch thau giếng\n\nGiếng nước chung của xóm "
              "được thau rửa mỗi năm hai lần vào tháng ba và tháng chín.\n\nĐiều 2. Người trông giếng\n\n"
              "Xóm cử một người trông giếng, khóa nắp giếng ban đêm.\n").encode()
    async with running_bot(emulator, config, log):
        emulator.push_document(ADMIN, "quy-che-gieng.md", upload)
        stored = await answer_to(emulator, ADMIN, 1)
        assert "quy-che-gieng.md" in stored.text and "2 điều" in stored.text, stored.text

        emulator.push_message(ADMIN, "/reload")
        await answer_to(emulator, ADMIN, 2)
        emulator.push_message(ADMIN, "/reload")  # while the first one runs
        assert (await answer_to(emulator, ADMIN, 3)).text in (m.BOT_RELOAD_RUNNING, m.BOT_RELOAD_SWITCHED)

        asked = 0
        reloaded = False
        while not reloaded or asked < 3:
            emulator.push_message(7, "người đứng đầu xóm làm mấy năm")
            asked += 1
            reply = await answer_to(emulator, 7, asked, timeout=60)
            assert "hai năm rưỡi" in reply.text, reply.text
            reloaded = any(s.text.startswith(m.BOT_RELOAD_SWITCHED) for s in emulator.sent_to(ADMIN))
            assert asked < 500
        report = next(s.text for s in emulator.sent_to(ADMIN) if s.text.startswith(m.BOT_RELOAD_SWITCHED))
        assert "upload-" in report and "hit@5" in report

        upload_id = stored.text.split("Mã văn bản: ")[1].split(".")[0]
        emulator.push_message(7, "/sources")  # the uploaded document now serves
        assert upload_id in (await answer_to(emulator, 7, asked + 1)).text
    rows = sqlite3.connect(tmp_path / "state" / "bot.sqlite3").execute(
        "SELECT action, allowed FROM admin_actions ORDER BY id").fetchall()
    assert ("upload", 1) in rows and ("reload", 1) in rows


async def test_e2e_first_start_without_an_index_answers_and_ends_on_the_full_index(tmp_path, emulator):
    state = tmp_path / "state"
    path = write_bot_config(tmp_path, state, admin_ids=[ADMIN], rate_limit_per_minute=1000)
    log = tmp_path / "bot.log"
    question = "góp tiền sửa cầu và đường trong xóm thế nào"
    async with running_bot(emulator, path, log):
        emulator.push_message(7, question)  # asked at once: "not ready", or the preview's answer
        first = await answer_to(emulator, 7, 1, timeout=60)
        assert first.text == m.BOT_NOT_READY or m.PREVIEW_NOTICE in first.text
        await emulator.wait_for(lambda: (state / "CURRENT").is_file() or None, timeout=120)
        for count in range(2, 40):  # the switch follows publishing by the gate's few questions
            emulator.push_message(7, question)
            reply = await answer_to(emulator, 7, count, timeout=60)
            if m.PREVIEW_NOTICE not in reply.text and reply.text != m.BOT_NOT_READY:
                break
            await asyncio.sleep(0.5)
        assert "Điều 2" in reply.text and m.PREVIEW_NOTICE not in reply.text
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "building a preview" in text and "answering from the preview index" in text


async def test_e2e_one_users_follow_up_is_answered_in_context_anothers_is_not(tmp_path, emulator, bot_built_state):
    config = make_config(tmp_path, bot_built_state)
    async with running_bot(emulator, config, tmp_path / "bot.log"):
        emulator.push_message(7, "người đứng đầu xóm làm mấy năm")
        await answer_to(emulator, 7, 1)
        emulator.push_message(7, "điều đó ở văn bản nào?")
        emulator.push_message(8, "điều đó ở văn bản nào?")
        in_context = await answer_to(emulator, 7, 2)
        alone = await answer_to(emulator, 8, 1)
    assert "Hiểu câu hỏi là" in in_context.text.split("\n")[0] and "Điều 4" in in_context.text
    assert "Hiểu câu hỏi là" not in alone.text


async def test_e2e_the_subject_map_is_built_behind_the_running_bot_and_names_the_subject(
        tmp_path, emulator, bot_built_state):
    from tests.support import pack_collection

    tarball = pack_collection(tmp_path / "phap-dien.tar.xz")
    config = write_bot_config(tmp_path, tmp_path / "state", copy_from=bot_built_state, admin_ids=[ADMIN],
                              rate_limit_per_minute=1000, subject_map={"collection": str(tarball)})
    log = tmp_path / "bot.log"
    async with running_bot(emulator, config, log):
        for _ in range(300):  # built in the background once the knowledge index serves, then logged
            if "subject map: 4 subjects" in log.read_text(encoding="utf-8", errors="replace"):
                break
            await asyncio.sleep(0.1)
        assert (tmp_path / "state" / "subject-map" / "subject-map.sqlite3").is_file()
        emulator.push_message(7, "dang ky khai tu cho ong o xa can giay gi")
        reply = await answer_to(emulator, 7, 1)
        assert "thuộc lĩnh vực Hộ tịch thử nghiệm" in reply.text and "chưa kiểm tra" in reply.text
        emulator.push_message(7, "thu tiền sửa cầu trong xóm cần bao nhiêu hộ đồng ý?")
        answer = await answer_to(emulator, 7, 2)
        assert "Điều 2" in answer.text and "Hộ tịch" not in answer.text


async def test_e2e_an_admin_adds_a_subject_from_the_collection_with_nap(tmp_path, emulator, bot_built_state):
    from tests.support import pack_collection

    tarball = pack_collection(tmp_path / "phap-dien.tar.xz")
    config = write_bot_config(tmp_path, tmp_path / "state", copy_from=bot_built_state, admin_ids=[ADMIN],
                              rate_limit_per_minute=1000, subject_map={"collection": str(tarball)})
    async with running_bot(emulator, config, tmp_path / "bot.log"):
        emulator.push_message(7, "/nap Hộ tịch thử nghiệm")  # not an admin
        assert "quản trị" in (await answer_to(emulator, 7, 1)).text.lower()
        emulator.push_message(ADMIN, "/nap ho tich")
        unknown = await answer_to(emulator, ADMIN, 1)
        assert "không có đề mục «ho tich»" in unknown.text and "Hộ tịch thử nghiệm" in unknown.text

        emulator.push_message(ADMIN, "/nap ho tich thu nghiem")
        stored = await answer_to(emulator, ADMIN, 2)
        assert "Đã lấy đề mục «Hộ tịch thử nghiệm» (3 điều)" in stored.text, stored.text
        report = await answer_to(emulator, ADMIN, 4, timeout=120)  # "started", then the outcome
        assert report.text.startswith(m.BOT_RELOAD_SWITCHED), report.text

        emulator.push_message(7, "trong bao lâu phải đi đăng ký khai sinh cho con")
        answer = await answer_to(emulator, 7, 2)
        assert "sáu mươi ngày" in answer.text and "Hộ tịch thử nghiệm" in answer.text, answer.text
        emulator.push_message(ADMIN, "/nap Hộ tịch thử nghiệm")
        assert "đã được nạp trước đây" in (await answer_to(emulator, ADMIN, 5)).text
    rows = sqlite3.connect(tmp_path / "state" / "bot.sqlite3").execute(
        "SELECT action, allowed FROM admin_actions ORDER BY id").fetchall()
    assert ("nap", 0) in rows and ("nap", 1) in rows


async def test_e2e_a_provincial_guidance_from_word_is_cited_by_its_own_number(tmp_path, emulator, bot_built_state):
    from tests.support import guidance_docx

    config = make_config(tmp_path, bot_built_state)
    data = guidance_docx()
    async with running_bot(emulator, config, tmp_path / "bot.log"):
        emulator.push_document(ADMIN, "HD 05 lam duong.docx", data)
        stored = await answer_to(emulator, ADMIN, 1)
        assert "số 05/HD-UBND" in stored.text and "cơ quan ban hành UBND tỉnh Bắc Ninh" in stored.text, stored.text
        assert "Chưa tìm thấy" not in stored.text
        emulator.push_document(ADMIN, "ban-sao.docx", data + b"")  # the same bytes under another name
        assert "trùng với văn bản đã gửi trước" in (await answer_to(emulator, ADMIN, 2)).text

        await reload_until_switched(emulator, after=2)

        emulator.push_message(7, "giấy mời họp bàn làm đường nội đồng phải gửi tới các hộ trước mấy ngày")
        answer = await answer_to(emulator, 7, 1)
        assert "Điều 2 Hướng dẫn 05/HD-UBND của UBND tỉnh Bắc Ninh" in answer.text, answer.text
        assert "upload-" not in answer.text
        emulator.push_message(7, "/dieu 2 05/HD-UBND")
        article = await answer_to(emulator, 7, 2)
        assert "chậm nhất bảy ngày" in article.text, article.text


async def test_e2e_stats_sends_a_chart_whose_figures_match_the_journal(tmp_path, emulator, bot_built_state):
    config = make_config(tmp_path, bot_built_state)
    async with running_bot(emulator, config, tmp_path / "bot.log"):
        for count, text in enumerate(("người đứng đầu xóm làm mấy năm", "xin chào",
                                      "thu tiền sửa cầu trong xóm cần bao nhiêu hộ đồng ý?"), start=1):
            emulator.push_message(7, text)
            await answer_to(emulator, 7, count)
        emulator.push_message(ADMIN, "/stats")
        await answer_to(emulator, ADMIN, 1)
        photo = await emulator.wait_for(lambda: emulator.photos[0] if emulator.photos else None, timeout=30)
    db = sqlite3.connect(tmp_path / "state" / "bot.sqlite3")
    asked, refused = db.execute(
        "SELECT COUNT(*), SUM(refused) FROM questions WHERE kind IN ('answer', 'refusal')").fetchone()
    assert asked == 2
    assert f"{asked} câu hỏi về pháp luật, {refused} câu từ chối" in photo["caption"], photo["caption"]
    assert photo["chat_id"] == ADMIN and photo["data"].startswith(b"\x89PNG")


async def test_e2e_a_guidance_sent_as_pdf_is_read_reloaded_and_cited(tmp_path, emulator, bot_built_state):
    pdf = (REPO / "tests" / "fixtures" / "uploads" / "huong-dan-05.pdf").read_bytes()
    config = make_config(tmp_path, bot_built_state)
    async with running_bot(emulator, config, tmp_path / "bot.log"):
        emulator.push_document(ADMIN, "huong-dan-05.pdf", pdf)
        stored = await answer_to(emulator, ADMIN, 1)
        assert "số 05/HD-UBND" in stored.text, stored.text
        emulator.push_document(ADMIN, "rac.md", b"root:x:0:0:root:/root:/bin/bash\n" * 5)
        assert "không giống văn bản pháp luật" in (await answer_to(emulator, ADMIN, 2)).text
        await reload_until_switched(emulator, after=2)
        emulator.push_message(7, "/sources")
        listed = (await answer_to(emulator, 7, 1)).text
        assert "05/HD-UBND" in listed, listed
        emulator.push_message(7, "cuộc họp bàn việc chung thì biên bản gửi lên ủy ban xã trong mấy ngày làm việc")
        answer = (await answer_to(emulator, 7, 2)).text
        assert "Hướng dẫn 05/HD-UBND của UBND tỉnh Bắc Ninh" in answer and "ba ngày làm việc" in answer, answer
