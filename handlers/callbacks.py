"""callback_data of the inline buttons: short strings within Telegram's 64 bytes.

- `a:<article id>`: show the whole article;
- `a#<16 hex>`: the same for an id too long for 64 bytes (looked up in this process's table);
- `f:<question id>:up` / `:down`: rate an answer;
- `q:t:<topic>`: practice, topic chosen (`*` = every topic); `q:n:<topic>:<count>`: start a round;
- `q:a:<article id>` / `q#<16 hex>`: practice the bank's questions on one article.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass

MAX_CALLBACK_BYTES = 64
_TABLE_SIZE = 10_000


@dataclass(frozen=True)
class ShowArticle:
    """The user pressed a "Toàn văn" or related-article button."""

    article_id: str


@dataclass(frozen=True)
class Vote:
    """The user pressed 👍 (+1) or 👎 (-1) under an answer."""

    question_id: int
    vote: int


@dataclass(frozen=True)
class QuizTopicChosen:
    """The user chose a practice topic; next they choose the round's length."""

    topic: str


@dataclass(frozen=True)
class QuizRoundChosen:
    """The user chose topic and length: start a practice round."""

    topic: str
    count: int


@dataclass(frozen=True)
class QuizArticle:
    """"Ôn 3 câu về điều này" under an answer."""

    article_id: str


class CallbackCodec:
    """Encodes button actions into callback_data and back; remembers the ids it had to shorten."""

    def __init__(self) -> None:
        self._long_ids: OrderedDict[str, str] = OrderedDict()

    def article(self, article_id: str) -> str:
        """callback_data for showing an article; always at most 64 bytes of UTF-8."""
        data = f"a:{article_id}"
        if len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES:
            return data
        return f"a#{self._remember(article_id)}"

    def _remember(self, article_id: str) -> str:
        """A 16-hex key for an id too long for a button, kept in this process's table."""
        key = hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:16]
        self._long_ids[key] = article_id
        self._long_ids.move_to_end(key)
        while len(self._long_ids) > _TABLE_SIZE:
            self._long_ids.popitem(last=False)
        return key

    def quiz_article(self, article_id: str) -> str:
        """callback_data for practising one article's questions; at most 64 bytes."""
        data = f"q:a:{article_id}"
        if len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES:
            return data
        return f"q#{self._remember(article_id)}"

    @staticmethod
    def quiz_topic(topic: str) -> str:
        """callback_data for choosing a practice topic (keys are short: see knowledge.quiz.TOPIC_KEY_RE)."""
        return f"q:t:{topic}"[:MAX_CALLBACK_BYTES]

    @staticmethod
    def quiz_round(topic: str, count: int) -> str:
        """callback_data for starting a practice round."""
        return f"q:n:{topic}:{count}"[:MAX_CALLBACK_BYTES]

    @staticmethod
    def vote(question_id: int, vote: int) -> str:
        """callback_data for rating the answer to a question."""
        return f"f:{question_id}:{'up' if vote > 0 else 'down'}"

    def decode(self, data: str) -> ShowArticle | Vote | QuizTopicChosen | QuizRoundChosen | QuizArticle | None:
        """The action a button stands for; None for data this bot did not make (or a forgotten long id)."""
        if data.startswith("q"):
            return self._decode_quiz(data)
        if data.startswith("a:") and len(data) > 2:
            return ShowArticle(data[2:])
        if data.startswith("a#"):
            article_id = self._long_ids.get(data[2:])
            return ShowArticle(article_id) if article_id else None
        parts = data.split(":")
        if len(parts) == 3 and parts[0] == "f" and parts[1].isdigit() and parts[2] in ("up", "down"):
            return Vote(int(parts[1]), 1 if parts[2] == "up" else -1)
        return None

    def _decode_quiz(self, data: str) -> QuizTopicChosen | QuizRoundChosen | QuizArticle | None:
        if data.startswith("q#"):
            article_id = self._long_ids.get(data[2:])
            return QuizArticle(article_id) if article_id else None
        kind, _, rest = data[2:].partition(":")
        if not data.startswith("q:") or not rest:
            return None
        if kind == "a":
            return QuizArticle(rest)
        if kind == "t":
            return QuizTopicChosen(rest)
        topic, _, count = rest.rpartition(":")
        if kind == "n" and topic and count.isdigit():
            return QuizRoundChosen(topic, int(count))
        return None
