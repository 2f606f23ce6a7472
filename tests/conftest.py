"""Shared pytest fixtures (the helpers they use are in tests/support.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from emulator.botapi import BotApiEmulator
from tests.support import BOT_ID, TOKEN, OfflineRequest, write_bot_config


@pytest.fixture
def request_layer() -> OfflineRequest:
    """A fresh offline Bot API request layer that records what the bot sends."""
    return OfflineRequest()


@pytest.fixture
async def emulator():
    """The local Bot API emulator on 127.0.0.1, for the test token (shaped like a real one)."""
    async with BotApiEmulator(token=TOKEN, bot_id=BOT_ID) as emu:
        yield emu


@pytest.fixture(scope="session")
def bot_built_state(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A state directory with the real index built once from tests/fixtures/bot (a few seconds)."""
    from index.build import build_index
    from settings import load_settings

    folder = tmp_path_factory.mktemp("bot-kb")
    settings = load_settings(write_bot_config(folder, folder / "state"), environ={})
    build_index(settings)
    return folder / "state"


@pytest.fixture(scope="session")
def bot_service(bot_built_state: Path):
    """The real AnswerService over the test law, loaded once for the handler tests."""
    from answers.service import load_service
    from settings import load_settings

    return load_service(load_settings(write_bot_config(bot_built_state.parent, bot_built_state), environ={}))
