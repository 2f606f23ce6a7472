"""callback_data of the inline buttons: short strings within Telegram's 64 bytes.

- `a:<article id>`: show the whole article;
- `a#<16 hex>`: the same for an id too long for 64 bytes (looked up in this process's table);
- `f:<question id>:up` / `:down`: rate an answer.
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


class CallbackCodec:
    """Encodes button actions into callback_data and back; remembers the ids it had to shorten."""

    def __init__(self) -> None:
        self._long_ids: OrderedDict[str, str] = OrderedDict()

    def article(self, article_id: str) -> str:
        """callback_data for showing an article; always at most 64 bytes of UTF-8."""
        data = f"a:{article_id}"
        if len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES:
            return data
        key = hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:16]
        self._long_ids[key] = article_id
        self._long_ids.move_to_end(key)
        while len(self._long_ids) > _TABLE_SIZE:
            self._long_ids.popitem(last=False)
        return f"a#{key}"

    @staticmethod
    def vote(question_id: int, vote: int) -> str:
        """callback_data for rating the answer to a question."""
        return f"f:{question_id}:{'up' if vote > 0 else 'down'}"

    def decode(self, data: str) -> ShowArticle | Vote | None:
        """The action a button stands for; None for data this bot did not make (or a forgotten long id)."""
        if data.startswith("a:") and len(data) > 2:
            return ShowArticle(data[2:])
        if data.startswith("a#"):
            article_id = self._long_ids.get(data[2:])
            return ShowArticle(article_id) if article_id else None
        parts = data.split(":")
        if len(parts) == 3 and parts[0] == "f" and parts[1].isdigit() and parts[2] in ("up", "down"):
            return Vote(int(parts[1]), 1 if parts[2] == "up" else -1)
        return None
