"""The quiz bank the bot serves: the team's banks plus the banks admins upload, and taking a new upload.

The team's banks (settings.quiz_banks) are part of the release and must be sound: a bad one stops the start
with its file and line. An uploaded bank was checked when it arrived; if one became unreadable since, it is
left out with a warning rather than taking practice away from everyone.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from knowledge.errors import MaterialError, disk_full
from knowledge.quiz import QuizBank, load_bank, load_banks, merge_banks, parse_bank
from serving.uploads import DISK_FULL, UploadError, safe_display_name
from settings import Settings

logger = logging.getLogger(__name__)

BANK_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class BankRefusal:
    """Why an uploaded bank was not taken: `kind` is "unknown-articles" or "duplicate-ids", with examples."""

    kind: str
    count: int
    examples: tuple[str, ...]


def is_bank_file(name: str) -> bool:
    """Whether an uploaded file's name says it is a quiz bank (YAML)."""
    return Path(name).suffix.lower() in BANK_SUFFIXES


def load_quiz_bank(settings: Settings) -> QuizBank:
    """The team's banks, then every uploaded bank that still reads, merged (ids already taken are skipped)."""
    bank = load_banks(list(settings.quiz_banks))
    folder = settings.uploaded_quiz_dir
    if folder.is_dir():
        for path in sorted(folder.glob("bank-*.yaml")):
            try:
                bank = merge_banks([bank, load_bank(path)])
            except MaterialError as exc:
                logger.warning("uploaded quiz bank left out: %s", exc)
    logger.info("quiz bank: %d questions in %d topics", len(bank.questions), len(bank.topics))
    return bank


def take_bank_upload(settings: Settings, original_name: str, data: bytes, current: QuizBank,
                     article_exists: Callable[[str], bool]) -> tuple[QuizBank, QuizBank] | BankRefusal:
    """Check an uploaded bank and keep it; returns (the upload, the bank now served) or why it was refused.

    Raises MaterialError (file name, line, problem in Vietnamese) for a malformed file and UploadError
    (DISK_FULL) when it cannot be stored; nothing is written unless every check passed.
    """
    name = safe_display_name(original_name)
    upload = parse_bank(data, name)
    unknown = [q for q in upload.questions if not article_exists(q.article)]
    if unknown:
        return BankRefusal("unknown-articles", len(unknown), tuple(f"{q.id} → {q.article}" for q in unknown[:3]))
    taken = [q.id for q in upload.questions if current.question(q.id) is not None]
    if taken:
        return BankRefusal("duplicate-ids", len(taken), tuple(taken[:3]))
    folder = settings.uploaded_quiz_dir
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"bank-{secrets.token_hex(6)}.yaml"
    part = target.with_name(f".{target.name}.part")
    try:
        with open(part, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(part, target)
    except OSError as exc:
        part.unlink(missing_ok=True)
        if disk_full(exc):
            raise UploadError(DISK_FULL) from exc
        raise
    logger.info("quiz bank %s stored as %s (%d questions)", name, target.name, len(upload.questions))
    return upload, merge_banks([current, upload])
