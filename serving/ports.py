"""What the Telegram layer needs from the engine, as protocols (the real one is answers.service)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from answers.dialogue import Turn
from answers.reply import Reply
from knowledge.model import Article
from settings import Settings


class DocumentSummary(Protocol):
    """A loaded document as /help and /sources list it."""

    id: str
    title: str
    number: str
    effective: str  # dd/mm/yyyy or ""
    articles: int


class AnswerPort(Protocol):
    """The answer path: everything the bot and the console chat call on the serving engine.

    Implementations are immutable and thread-safe: calls run in worker threads, several at once.
    """

    def answer(self, question: str, context: Turn | None = None) -> Reply:
        """The reply to one question (a direct "điều 21" request included); never raises on bad input.

        `context` is the conversation's previous turn: a follow-up is answered in its light.
        """
        ...

    def article(self, article_id: str) -> Article | None:
        """The article with this id, or None."""
        ...

    def article_pages(self, article_id: str) -> list[str]:
        """The whole article as Telegram-HTML messages of at most 4096 characters; [] if unknown."""
        ...

    def documents(self) -> Sequence[DocumentSummary]:
        """The loaded documents."""
        ...


ServiceLoader = Callable[[Settings], AnswerPort]
"""Loads the serving index from the state directory into a service."""

Progress = Callable[[str], None]
IndexBuilder = Callable[[Settings, Progress], object]
"""Builds the index from the configured sources (and uploads); returns a report with an optional
`passages` count and a `summary()`."""

GateMetricFactory = Callable[[Settings], "Callable[[AnswerPort], tuple[float, int]] | None"]
"""Makes the reload gate's metric (hit@5 and question count of a service), or None when there is no gate."""
