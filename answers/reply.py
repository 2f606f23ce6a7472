"""The reply to one question, as every surface (CLI, console chat, Telegram) shows it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CitedArticle:
    """One ranked article behind a reply: its id, the label users read, and its fused score."""

    id: str
    label: str  # "Điều 21 Luật Thực hiện dân chủ ở cơ sở (10/2022/QH15)"
    title: str  # the article's own title
    score: float
    number: str = ""  # the article's number in its original document ("21"), for buttons


@dataclass(frozen=True)
class Reply:
    """What the bot answers to one question.

    `html` is Telegram HTML with every user or corpus string escaped; it may be longer than one Telegram
    message (the Telegram layer splits it at blank lines between paragraphs). `text` is the same reply as
    plain text. `citations` are the ranked articles, best first, up to 10: the reply quotes the first and
    names at most two more. A refused reply still lists the nearest articles. `related` are the articles the
    reply offers as buttons (at most two).
    """

    question: str
    html: str
    text: str
    refused: bool
    citations: tuple[CitedArticle, ...]
    related: tuple[CitedArticle, ...]
    latency_ms: float
    notice: str = ""  # e.g. "câu hỏi dài, chỉ đọc 1000 ký tự đầu" shown above the answer

    @property
    def best(self) -> CitedArticle | None:
        """The quoted article, or None when nothing was found at all."""
        return self.citations[0] if self.citations else None
