"""Errors raised while reading knowledge sources.

KnowledgeError
 └── SourceError      a file that cannot be read or parsed; names the file and, where it has one, the line
      └── MaterialError  a team-written YAML material that does not match its schema
"""

from __future__ import annotations


class KnowledgeError(Exception):
    """Base class of every error this package raises on purpose."""


class SourceError(KnowledgeError):
    """A source file is unusable. The message names the file, the line (0 = whole file) and the problem."""

    def __init__(self, path: str, problem: str, line: int = 0) -> None:
        self.path = path
        self.problem = problem
        self.line = line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {problem}")


class MaterialError(SourceError):
    """A FAQ or glossary YAML entry is missing a field or has one of the wrong kind."""
