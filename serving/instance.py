"""One bot per state directory: an exclusive lock file, held for the life of the process.

Two bots with the same token would steal each other's updates (Telegram answers 409 Conflict) and write
the same journal; the lock makes the second one refuse to start with a clear message instead.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from knowledge.errors import LawBotError


class AlreadyRunningError(LawBotError):
    """Another bot process holds the lock of this state directory."""


class InstanceLock:
    """`with InstanceLock(state_dir):` holds `state_dir/bot.lock` (released when the process dies)."""

    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / "bot.lock"
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock or raise AlreadyRunningError naming the holder's pid."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            handle.close()
            raise AlreadyRunningError(
                f"another bot (pid {holder}) is already running with state directory {self.path.parent}; "
                "stop it first, or give this one another state_dir"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._file = handle

    def release(self) -> None:
        """Let go of the lock."""
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
