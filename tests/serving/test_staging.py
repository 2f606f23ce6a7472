"""/reload publishes a new index only after the gate accepts it; a refused one never serves, even after a restart."""

from __future__ import annotations

import shutil
from pathlib import Path

from answers.service import AnswerService
from index import store
from serving.engine import build_staged, load_built, load_serving, publish_built
from serving.reload import SERVICE_KEY, Reloader
from settings import load_settings
from tests.support import write_bot_config

UPLOAD = """Điều 1. Thử nghiệm tải lên

Nội dung này do nhóm tự viết để kiểm tra việc nạp tài liệu mới qua lệnh tải lên của quản trị viên.
"""


def _settings(tmp_path: Path, built_state: Path):
    state = tmp_path / "state"
    shutil.copytree(built_state, state)
    return load_settings(write_bot_config(tmp_path, state), environ={})


async def _reload(settings, metric) -> tuple[object, Path | None, dict]:
    bot_data: dict = {SERVICE_KEY: load_serving(settings)}
    reloader = Reloader(settings, build_staged, load_serving, metric, load_built=load_built,
                        publish=publish_built)
    try:
        outcome = await reloader.start(bot_data)
    finally:
        reloader.close()
    return outcome, store.current_folder(settings.state_dir), bot_data


async def test_refused_reload_leaves_the_serving_index_on_disk(tmp_path: Path, bot_built_state: Path) -> None:
    settings = _settings(tmp_path, bot_built_state)
    settings.uploads_dir.mkdir(parents=True)
    (settings.uploads_dir / "upload-test.md").write_text(UPLOAD, encoding="utf-8")
    before = store.current_folder(settings.state_dir)
    scores = iter([0.9, 0.5])  # serving, then the new index: a drop far past the allowed 5 points

    outcome, after, serving = await _reload(settings, lambda _service: (next(scores), 10))
    assert not outcome.switched and outcome.gate is not None and not outcome.gate.passed
    assert after == before
    assert "upload-test" not in {d.id for d in serving[SERVICE_KEY].documents()}
    restarted = load_serving(settings)  # what a restart would serve
    assert "upload-test" not in {d.id for d in restarted.documents()}


async def test_accepted_reload_serves_the_upload_and_survives_a_restart(tmp_path: Path,
                                                                          bot_built_state: Path) -> None:
    settings = _settings(tmp_path, bot_built_state)
    settings.uploads_dir.mkdir(parents=True)
    (settings.uploads_dir / "upload-test.md").write_text(UPLOAD, encoding="utf-8")
    before = store.current_folder(settings.state_dir)

    outcome, after, bot_data = await _reload(settings, lambda _service: (0.8, 10))
    assert outcome.switched and "upload-test" in outcome.added
    assert after != before
    assert isinstance(bot_data[SERVICE_KEY], AnswerService)
    assert "upload-test" in {d.id for d in bot_data[SERVICE_KEY].documents()}
    assert "upload-test" in {d.id for d in load_serving(settings).documents()}


async def test_first_start_serves_a_preview_then_the_checked_full_index(tmp_path: Path) -> None:
    import asyncio

    from answers import messages as m
    from serving.firststart import serve_preview_then_full
    from serving.reload import gate_metric_from_file

    settings = load_settings(write_bot_config(tmp_path, tmp_path / "state"), environ={})
    bot_data: dict = {}
    reloader = Reloader(settings, build_staged, load_serving, gate_metric_from_file(settings),
                        load_built=load_built, publish=publish_built)
    question = "góp tiền sửa cầu và đường trong xóm thế nào"
    try:
        await serve_preview_then_full(settings, bot_data, reloader)
        preview = bot_data[SERVICE_KEY]
        assert preview.index.preview
        assert store.current_folder(settings.state_dir) is None  # the preview is served, never published
        reply = preview.answer(question)
        assert not reply.refused and m.PREVIEW_NOTICE in reply.text
        for _ in range(600):  # the full build, its gate and the switch run on the reloader's worker
            if not reloader.running:
                break
            await asyncio.sleep(0.1)
    finally:
        reloader.close()
    full = bot_data[SERVICE_KEY]
    assert full is not preview and not full.index.preview
    assert store.current_folder(settings.state_dir) is not None
    reply = full.answer(question)
    assert not reply.refused and m.PREVIEW_NOTICE not in reply.text


async def test_a_broken_or_vanished_upload_is_reported_and_skipped_the_rest_loads(tmp_path: Path,
                                                                                  bot_built_state: Path) -> None:
    from handlers.admin import reload_report
    from serving.uploads import store_upload

    settings = _settings(tmp_path, bot_built_state)
    good = store_upload(settings.uploads_dir, "tot.md", UPLOAD.encode(), 42)
    broken = store_upload(settings.uploads_dir, "hong.md", UPLOAD.replace("Thử nghiệm", "Khác").encode(), 42)
    gone = store_upload(settings.uploads_dir, "mat.md", UPLOAD.replace("Thử nghiệm", "Mất").encode(), 42)
    (settings.uploads_dir / broken.stored_name).write_bytes(b"\x00\x01\x02 binary now \xff" * 10)
    (settings.uploads_dir / gone.stored_name).unlink()

    outcome, _after, bot_data = await _reload(settings, lambda _service: (0.8, 10))
    assert outcome.switched and outcome.error == ""
    ids = {d.id for d in bot_data[SERVICE_KEY].documents()}
    assert good.id in ids and broken.id not in ids and gone.id not in ids
    assert "44.13" in " ".join(a for a in bot_data[SERVICE_KEY].index.articles)  # the test law still loads
    assert len(outcome.skipped) == 1 and broken.stored_name in outcome.skipped[0]
    assert outcome.missing == (gone.id,)
    report = reload_report(outcome, gate_configured=True)
    assert broken.stored_name in report and gone.id in report
