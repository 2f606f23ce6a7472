"""The project's exception root, and the errors raised while reading knowledge sources.

LawBotError            root of every error the project raises on purpose (this is the lowest layer, so every
 │                     package can import it); bot.py turns any of them into one line and exit code 2
 ├── settings.ConfigError, index.errors.SearchIndexError, answers.evaluation.EvalFileError, serving errors
 └── KnowledgeError
 └── SourceError      a file that cannot be read or parsed; names the file and, where it has one, the line
      └── MaterialError  a team-written YAML material that does not match its schema
"""

from __future__ import annotations

import errno


class LawBotError(Exception):
    """Root of every error the project raises on purpose; its message is fit to show the user as it is."""


class KnowledgeError(LawBotError):
    """Base class of every error this package raises on purpose."""


class SourceError(KnowledgeError):
    """A source file is unusable. The message names the file, the line (0 = whole file) and the problem.

    Admins read the message as it is (a Telegram reply, the build log), so it is Vietnamese:
    "<path>, dòng <line>: <problem>", or "<path>: <problem>" when the problem is the whole file's.
    """

    def __init__(self, path: str, problem: str, line: int = 0) -> None:
        self.path = path
        self.problem = problem
        self.line = line
        where = f"{path}, dòng {line}" if line else path
        super().__init__(f"{where}: {problem}")


class MaterialError(SourceError):
    """A FAQ or glossary YAML entry is missing a field or has one of the wrong kind."""


def disk_full(exc: BaseException) -> bool:
    """True for what a full disk (or a file-size limit) raises on write: ENOSPC, EDQUOT, EFBIG."""
    return isinstance(exc, OSError) and exc.errno in {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
