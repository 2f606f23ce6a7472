"""The console chat: `python bot.py run` without a token answers on stdin/stdout, and ends cleanly at EOF."""

from __future__ import annotations

import io
from pathlib import Path

from answers import messages as m
from console.chat import run_console
from settings import load_settings
from tests.support import run_cli, write_bot_config


def config_with_index(tmp_path: Path, built_state: Path) -> Path:
    return write_bot_config(tmp_path, tmp_path / "state", copy_from=built_state)


def test_console_answers_questions_and_dieu_until_quit(tmp_path, bot_built_state):
    settings = load_settings(config_with_index(tmp_path, bot_built_state), environ={})
    out = io.StringIO()
    stdin = io.StringIO("/dieu 4\n\nthu tiền sửa cầu cần bao nhiêu hộ đồng ý\n/quit\nnever read\n")
    assert run_console(settings, stdin, out) == 0
    text = out.getvalue()
    assert "BotFather" in text
    assert "hai năm rưỡi" in text and "Điều 2" in text and "10/2022/QH15" in text
    assert "<b>" not in text and text.rstrip().endswith(m.BOT_CONSOLE_BYE)


def test_bot_run_without_token_and_without_stdin_exits_cleanly(tmp_path, bot_built_state):
    config = config_with_index(tmp_path, bot_built_state)
    done = run_cli(config, "run", timeout=120)
    assert done.returncode == 0, done.stderr
    assert "BotFather" in done.stdout and m.BOT_CONSOLE_BYE in done.stdout
    piped = run_cli(config, "run", input="điều 4\n", timeout=120)
    assert piped.returncode == 0 and "hai năm rưỡi" in piped.stdout


class _WaitForFullBuild(io.StringIO):
    """Console input whose second line comes only after the first start's background build has ended."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.lines_read = 0

    def readline(self, *args: object) -> str:  # type: ignore[override]
        self.lines_read += 1
        if self.lines_read == 2:
            import threading

            for thread in threading.enumerate():
                if thread.name == "full-build":
                    thread.join(timeout=300)
        return super().readline(*args)


def test_first_start_answers_from_a_preview_then_switches_to_the_full_index(tmp_path):
    settings = load_settings(write_bot_config(tmp_path, tmp_path / "state"), environ={})
    out = io.StringIO()
    question = "góp tiền sửa cầu và đường trong xóm thế nào"
    stdin = _WaitForFullBuild(f"{question}\n{question}\n")
    assert run_console(settings, stdin, out) == 0
    text = out.getvalue()
    assert m.FIRST_BUILD_PREVIEW in text and m.PREVIEW_READY in text and m.FULL_INDEX_READY in text
    before, after = text.split(m.FULL_INDEX_READY)
    # the preview answers, marked as such; after the switch the same question is answered without the mark
    assert m.PREVIEW_NOTICE in before and "Điều 2" in before and m.DISCLAIMER in before  # answered, not refused
    assert m.PREVIEW_NOTICE not in after and "Điều 2" in after and m.DISCLAIMER in after
    assert (tmp_path / "state" / "CURRENT").is_file()  # the full index is the one served from now on
