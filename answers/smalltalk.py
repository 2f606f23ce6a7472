"""Recognising messages that are not questions about the law: greetings, thanks, questions about the bot.

They get a short friendly reply and count as refused (no article answers them). Matching is on the
diacritic-folded text and only on short messages, so a real question that starts with "chào anh" still
goes to search.
"""

from __future__ import annotations

import re
from enum import StrEnum

from answers import messages
from knowledge.text import fold_diacritics

_MAX_WORDS = 8
# Words that carry no content in a greeting: pronouns, particles, the bot's name.
_FILLER = frozenset(
    [
        "ban",
        "bot",
        "em",
        "anh",
        "chi",
        "a",
        "ah",
        "nhe",
        "nha",
        "oi",
        "vay",
        "the",
        "ad",
        "admin",
        "moi",
        "nguoi",
        "ca",
        "minh",
        "toi",
        "co",
        "day",
        "o",
        "ak",
    ]
)
_GREETING_WORDS = frozenset(["xin", "chao", "hello", "hi", "alo", "lo", "khoe", "khong", "do", "ai"])
_GREETING_CORE = frozenset(["chao", "hello", "hi", "alo"])
_THANKS_START = ("cam on", "cam ta", "thank", "thanks", "tks", "ok", "oke", "duoc roi", "tam biet", "bye")
_ABOUT = re.compile(
    r"\b(?:bot|ban|em|may) (?:la ai|ten (?:la )?gi|lam duoc gi|biet gi)\b"
    r"|\bai (?:lam|tao|viet) ra (?:bot|ban|em)\b"
)


class SmallTalk(StrEnum):
    """Kinds of message that need a friendly word rather than a search."""

    GREETING = "greeting"
    THANKS = "thanks"
    ABOUT = "about"


_REPLIES = {
    SmallTalk.GREETING: messages.GREETING_REPLY,
    SmallTalk.THANKS: messages.THANKS_REPLY,
    SmallTalk.ABOUT: messages.ABOUT_REPLY,
}


def _simplified(text: str) -> str:
    folded = fold_diacritics(text.lower())
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", folded)).strip()


def classify(text: str) -> SmallTalk | None:
    """The kind of small talk `text` is, or None when it may be a question about the law."""
    simple = _simplified(text)
    words = simple.split()
    if not words or len(words) > _MAX_WORDS:
        return None
    if _ABOUT.search(simple):
        return SmallTalk.ABOUT
    if simple.startswith(_THANKS_START) or "ngu ngon" in simple:
        return SmallTalk.THANKS
    content = [w for w in words if w not in _FILLER]
    if all(w in _GREETING_WORDS for w in content) and (
        any(w in _GREETING_CORE for w in content) or simple.endswith(("co do khong", "co o day khong"))
    ):
        return SmallTalk.GREETING
    return None


def reply_for(kind: SmallTalk) -> str:
    """The friendly reply to a kind of small talk."""
    return _REPLIES[kind]
