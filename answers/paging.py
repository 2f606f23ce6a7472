"""Fitting replies into Telegram-sized messages without ever cutting inside a tag or an entity.

`pack` joins a reply's HTML blocks into messages; `split_html` cuts any HTML at blank lines between
paragraphs first, then at a line break or space, closing tags open at a cut and reopening them in the next
message, so each message is well-formed on its own; `html_to_plain` is the plain-text fallback.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from knowledge.text import cut_at_sentence_ends, pack_units

TELEGRAM_LIMIT = 4096
BLOCK_LIMIT = 3500  # one block must fit a message with room for a "(tiếp)" line and markup

_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|[^<&]+|[<&]")
_TAG = re.compile(r"<(/?)([a-zA-Z-]+)[^>]*>")


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
    return pack_units(_units(text, limit, measure), limit, measure)


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
        for sentence in cut_at_sentence_ends(line):
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
    for block in blocks:
        if utf16_len(block) > limit:
            raise ValueError(f"an HTML block of {utf16_len(block)} UTF-16 units exceeds the {limit} limit")
    return pack_units((("\n\n", b) for b in blocks), limit, utf16_len)


def split_html(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Cut HTML into well-formed messages, each at most `limit` UTF-16 units (markup included)."""
    pages: list[str] = []
    for paragraph in (p.strip() for p in _paragraphs(text)):
        if not paragraph:
            continue
        if pages and utf16_len(pages[-1]) + 2 + utf16_len(paragraph) <= limit:
            pages[-1] = f"{pages[-1]}\n\n{paragraph}"
        elif utf16_len(paragraph) <= limit:
            pages.append(paragraph)
        else:
            pages.extend(_cut_paragraph(paragraph, limit))
    return pages


def _paragraphs(text: str) -> list[str]:
    """Split at blank lines that lie outside every tag (a blank line inside <b>…</b> is not a boundary)."""
    paragraphs = [""]
    depth = 0
    for token in _TOKEN.findall(text):
        match = _TAG.fullmatch(token)
        if match:
            depth = max(depth - 1, 0) if match.group(1) else depth + 1
        if match or depth or "\n\n" not in token:
            paragraphs[-1] += token
            continue
        first, *rest = token.split("\n\n")
        paragraphs[-1] += first
        paragraphs.extend(rest)
    return paragraphs


def _cut_paragraph(paragraph: str, limit: int) -> list[str]:
    """Cut one long paragraph at line breaks/spaces (never inside a tag or entity), balancing tags."""
    pieces: list[str] = []
    open_tags: list[tuple[str, str]] = []  # (name, the opening tag as written)
    current = ""

    def closing() -> str:
        return "".join(f"</{name}>" for name, _ in reversed(open_tags))

    def flush() -> None:
        nonlocal current
        cut = max(current.rfind("\n"), current.rfind(" "))
        tail = ""
        # Step back to the last space only if no tag lies after it: open_tags already counts those tags.
        if cut > len(current) // 2 and "<" not in current[cut:]:
            current, tail = current[:cut], current[cut + 1:]
        pieces.append((current + closing()).strip())
        current = "".join(tag for _, tag in open_tags) + tail

    for token in _TOKEN.findall(paragraph):
        units = [token] if token.startswith(("<", "&")) and len(token) > 1 else list(token)
        for unit in units:
            budget = limit - utf16_len(closing()) - 16  # room to close what is open
            if utf16_len(current) + utf16_len(unit) > budget and current.strip():
                flush()
            current += unit
            match = _TAG.fullmatch(unit)
            if match and match.group(1):
                if open_tags and open_tags[-1][0] == match.group(2).lower():
                    open_tags.pop()
            elif match:
                open_tags.append((match.group(2).lower(), unit))
    if current.strip():
        pieces.append(current.strip())
    return pieces


def html_to_plain(text: str) -> str:
    """The visible text of Telegram HTML (for the plain-text fallback)."""
    return html.unescape(re.sub(r"<[^>]*>", "", text))
