"""Cleaning what a user typed before it is searched: invisible characters, Unicode forms, length."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from knowledge.text import INVISIBLE_RE

_SPACES = re.compile(r"\s+")
_ARTICLE_REQUEST = re.compile(
    r"^\s*(?:/dieu(?:@\w+)?|điều|dieu|đ\.)\s*(?P<number>\d{1,3}[a-z]?)\b[\s.,:;-]*(?P<document>.*?)\s*[?.!]*\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CleanQuestion:
    """A question ready to search: NFC, no control or invisible characters, single spaces, capped."""

    text: str
    truncated: bool
    has_words: bool  # False for empty input, emoji, punctuation only


def clean_question(raw: str, max_chars: int) -> CleanQuestion:
    """Normalise what the user typed; never raises.

    NFC and NFD forms of the same words give the same text; control and zero-width characters are
    removed; text past `max_chars` is dropped (at a word boundary where one is near) and flagged.
    """
    text = unicodedata.normalize("NFC", raw or "")
    text = INVISIBLE_RE.sub("", text)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = _SPACES.sub(" ", text).strip()
    truncated = len(text) > max_chars
    if truncated:
        cut = text.rfind(" ", 0, max_chars)
        text = text[: cut if cut > max_chars * 0.8 else max_chars].rstrip()
    has_words = any(ch.isalnum() for ch in text)
    return CleanQuestion(text=text, truncated=truncated, has_words=has_words)


@dataclass(frozen=True)
class ArticleRequest:
    """ "điều 21" or "/dieu 5 nghị định 59": the user wants one article read out, not a search."""

    number: str
    document_hint: str


def parse_article_request(text: str) -> ArticleRequest | None:
    """Recognise a direct request for an article by number; None for an ordinary question.

    Only short requests count ("điều 21", "dieu 5 nd 59"): a sentence that merely mentions an article
    ("điều 21 nói gì về họp thôn?") with more than a few words after the number is a question.
    """
    match = _ARTICLE_REQUEST.match(text)
    if not match:
        return None
    document = match.group("document").strip()
    if len(document.split()) > 6:
        return None
    return ArticleRequest(number=match.group("number").lower(), document_hint=document)
