"""Shared pytest fixtures; each owner keeps to a marked section."""

from __future__ import annotations

from pathlib import Path

import pytest

# --- Telegram bot (handlers/) ---------------------------------------------------------------------------------

BOT_FIXTURE_SOURCES = Path(__file__).parent / "fixtures" / "bot"


def write_bot_config(folder: Path, state_dir: Path, **telegram: object) -> Path:
    """A config.yaml for the bot over the team's small test law (tests/fixtures/bot), state in `state_dir`."""
    import yaml

    config = {
        "state_dir": str(state_dir),
        "sources": [{"path": str(BOT_FIXTURE_SOURCES), "patterns": ["*.md"]}],
        "gate_questions": str(BOT_FIXTURE_SOURCES / "gate.yaml"),
        "telegram": dict(telegram),
    }
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def request_layer():
    """A fresh offline Bot API request layer that records what the bot sends."""
    from tests.botapi_offline import OfflineRequest

    return OfflineRequest()


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
