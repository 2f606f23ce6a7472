"""One exception root: every error the project raises on purpose is a LawBotError, and bot.py maps it by type."""

from __future__ import annotations

import pytest

import bot
from answers.evaluation import EvalFileError
from handlers.replying import DeliveryUncertainError
from index.errors import EncoderError, IndexCorruptError, IndexMismatchError, IndexMissingError, SearchIndexError
from knowledge.errors import KnowledgeError, LawBotError, MaterialError, SourceError
from serving.instance import AlreadyRunningError
from serving.journal import JournalError
from serving.reload import ReloadRunningError
from serving.uploads import UploadError
from settings import ConfigError


@pytest.mark.parametrize("kind", [
    ConfigError, KnowledgeError, SourceError, MaterialError, SearchIndexError, EncoderError, IndexMissingError,
    IndexMismatchError, IndexCorruptError, EvalFileError, AlreadyRunningError, JournalError, ReloadRunningError,
    DeliveryUncertainError, UploadError,
])
def test_every_error_kind_is_under_the_root(kind):
    assert issubclass(kind, LawBotError)


def test_bot_turns_a_project_error_into_one_line(tmp_path, capsys):
    missing = tmp_path / "nope.yaml"
    assert bot.main(["ask", "x", "--config", str(missing)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("error: ") and "nope.yaml" in err[0]
