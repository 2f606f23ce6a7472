"""The reply to one question as a structured value, and as every surface (CLI, console chat, Telegram) shows it.

A reply is a sequence of `Block`s: a notice, the answer line, the basis, the quoted clauses, notes, lists of
articles, plain text. `answers.render` turns that one value into Telegram HTML and into plain text.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Part(StrEnum):
    """What a block of a reply is."""

    NOTICE = "notice"  # about the reply itself: question cut, preview index
    ANSWER = "answer"  # the plain answer, first: a booklet answer or the law's own sentence with its clause
    BASIS = "basis"  # "Căn cứ: Khoản 2 Điều 21 …, hiệu lực từ …", with the article's title as `detail`
    QUOTE = "quote"  # law text, quoted exactly
    NOTE = "note"  # a one-line remark: two-level local government, clauses not shown, the disclaimer
    LIST = "list"  # a heading (`text`) and its entries (`items`): related articles, nearest topics
    TEXT = "text"  # a message of the bot's own (refusal, help, "no such article")


class ReplyKind(StrEnum):
    """What a reply is, for counting: only answers and refusals are questions about the law."""

    ANSWER = "answer"  # the law's answer to a question
    REFUSAL = "refusal"  # the texts do not answer it (nearest topics listed)
    ARTICLE = "article"  # an article looked up by number ("điều 21"), or the previous one in a conversation
    SMALL_TALK = "small_talk"  # greetings, thanks
    NOTE = "note"  # empty or unreadable input, an article that does not exist


@dataclass(frozen=True)
class Block:
    """One block of a reply; `detail` and `items` are used by BASIS and LIST only."""

    part: Part
    text: str
    detail: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class CitedArticle:
    """One ranked article behind a reply: its id, the label users read, and its fused score."""

    id: str
    label: str  # "Điều 21 Luật Thực hiện dân chủ ở cơ sở (10/2022/QH15)"
    title: str  # the article's own title
    score: float
    number: str = ""  # how a button names the article: "21" in the Law, "6 NĐ 59/2023" in another document


@dataclass(frozen=True)
class Reply:
    """What the bot answers to one question.

    `blocks` is the reply itself; `html` (Telegram HTML with every user or corpus string escaped, possibly
    longer than one message: the Telegram layer splits it at blank lines between paragraphs) and `text`
    (plain, for the console and the CLI) are its two renderings by `answers.render`. `citations` are the
    ranked articles, best first, up to 10: the reply quotes the first and names at most two more. A refused
    reply still lists the nearest articles. `related` are the articles the reply offers as buttons (at most
    two).
    """

    question: str
    html: str
    text: str
    refused: bool
    citations: tuple[CitedArticle, ...]
    related: tuple[CitedArticle, ...]
    latency_ms: float
    notice: str = ""  # e.g. "câu hỏi dài, chỉ đọc 1000 ký tự đầu" shown above the answer
    blocks: tuple[Block, ...] = ()
    understood: str = ""  # the standalone question a follow-up was answered as ("" when taken as asked)
    turn: Any = None  # answers.dialogue.Turn: what the next message of this chat may lean on (None: keep the old)
    kind: ReplyKind = ReplyKind.ANSWER
    subject: str = ""  # the đề mục a refusal names as where the answer lives (answers.edge); "" otherwise
    evidence: float | None = None  # an answer's best passage cosine to the question; None: not a searched answer

    @property
    def answer_line(self) -> str:
        """The plain answer the reply leads with, or "" when it has none."""
        return next((b.text for b in self.blocks if b.part is Part.ANSWER), "")

    @property
    def best(self) -> CitedArticle | None:
        """The quoted article, or None when nothing was found at all."""
        return self.citations[0] if self.citations else None
