"""Packing HTML blocks into Telegram-sized messages without ever cutting inside a tag or an entity."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

TELEGRAM_LIMIT = 4096
BLOCK_LIMIT = 3500  # one block must fit a message with room for a "(tiếp)" line and markup

_SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+")


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units: an emoji outside the BMP counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def escaped_len(text: str) -> int:
    """Length of `text` once HTML-escaped, in UTF-16 units (what counts against Telegram's limit)."""
    return utf16_len(text) + 3 * (text.count("<") + text.count(">")) + 4 * text.count("&")


def split_text(text: str, limit: int, measure: Callable[[str], int] = len) -> list[str]:
    """Cut plain text into pieces whose `measure` is at most `limit`.

    Cuts fall at line breaks first, then sentence ends, then spaces; a word longer than `limit` is cut
    hard. Line breaks inside a piece are kept, so points a), b), c) stay on their own lines.
    """
    text = text.strip()
    if not text:
        return []
    pieces: list[str] = []
    for sep, unit in _units(text, limit, measure):
        if pieces and measure(pieces[-1]) + 1 + measure(unit) <= limit:
            pieces[-1] = f"{pieces[-1]}{sep}{unit}"
        else:
            pieces.append(unit)
    return pieces


def _hard_cut(text: str, limit: int, measure: Callable[[str], int]) -> int:
    """The longest prefix length of `text` within `limit`, preferring to end before a space."""
    size = 0
    cut = len(text)
    for i, ch in enumerate(text):
        size += measure(ch)
        if size > limit:
            cut = i
            break
    space = text.rfind(" ", 0, cut)
    return space if space > cut // 2 else max(cut, 1)


def _units(text: str, limit: int, measure: Callable[[str], int]) -> list[tuple[str, str]]:
    """Smallest cut units of `text`, each within `limit`, with the separator that precedes each."""
    units: list[tuple[str, str]] = []
    for line in text.split("\n"):
        sep = "\n"
        for sentence in _SENTENCE_END.split(line.strip()):
            rest = sentence
            while measure(rest) > limit:
                cut = _hard_cut(rest, limit, measure)
                units.append((sep, rest[:cut].rstrip()))
                sep, rest = " ", rest[cut:].lstrip()
            if rest:
                units.append((sep, rest))
            sep = " "
    return units


def quote_blocks(text: str, limit: int = BLOCK_LIMIT) -> list[str]:
    """Plain text → escaped `<blockquote>` blocks, each at most `limit` characters of HTML."""
    return [f"<blockquote>{piece}</blockquote>" for piece in escaped_pieces(text, limit - 25)]


def escaped_pieces(text: str, limit: int) -> list[str]:
    """Plain text → HTML-escaped pieces, each at most `limit` characters after escaping."""
    return [html.escape(piece, quote=False) for piece in split_text(text, limit, escaped_len)]


def pack(blocks: list[str], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Join complete HTML blocks with blank lines into as few messages as fit within `limit` UTF-16 units.

    Every block must already be self-contained HTML no longer than `limit`; a longer one is an error in the
    caller, reported rather than cut (cutting could break an entity).
    """
    messages: list[str] = []
    for block in blocks:
        if utf16_len(block) > limit:
            raise ValueError(f"an HTML block of {utf16_len(block)} UTF-16 units exceeds the {limit} limit")
        if messages and utf16_len(messages[-1]) + 2 + utf16_len(block) <= limit:
            messages[-1] = f"{messages[-1]}\n\n{block}"
        else:
            messages.append(block)
    return messages
