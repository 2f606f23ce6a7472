"""Cutting Telegram HTML into messages of at most 4096 characters without breaking tags or entities.

Cuts fall at blank lines between paragraphs first; a paragraph longer than a message is cut at a line
break or space, and any tags open at the cut are closed at the end of one message and reopened at the
start of the next, so each message is well-formed HTML on its own.
"""

from __future__ import annotations

import html
import re

from answers.paging import utf16_len

TELEGRAM_LIMIT = 4096
_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|[^<&]+|[<&]")
_TAG = re.compile(r"<(/?)([a-zA-Z-]+)[^>]*>")


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
