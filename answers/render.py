"""One reply, two surfaces: Telegram HTML and plain text, rendered from the same blocks.

HTML blocks are self-contained (every tag closed) and each within `paging.BLOCK_LIMIT`, so the Telegram layer
can pack them into messages without cutting inside a tag; every corpus or user string is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from answers.paging import BLOCK_LIMIT, escaped_pieces, quote_blocks
from answers.reply import Block, Part

ANSWER_MARK = "💡"


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def html_blocks(blocks: Iterable[Block]) -> list[str]:
    """The reply's blocks as self-contained HTML blocks, in order (a long quote becomes several)."""
    out: list[str] = []
    for block in blocks:
        if block.part is Part.ANSWER:
            out.extend(f"{ANSWER_MARK} <b>{piece}</b>" for piece in escaped_pieces(block.text, BLOCK_LIMIT - 40))
        elif block.part is Part.BASIS:
            detail = f"\n<i>{_escape(block.detail)}</i>" if block.detail else ""
            out.append(f"<b>{_escape(block.text)}</b>{detail}")
        elif block.part is Part.QUOTE:
            out.extend(quote_blocks(block.text))
        elif block.part in (Part.NOTE, Part.NOTICE):
            out.append(f"<i>{_escape(block.text)}</i>")
        elif block.part is Part.LIST:
            out.append(f"<b>{_escape(block.text)}</b>\n" + "\n".join(f"• {_escape(i)}" for i in block.items))
        else:
            out.extend(escaped_pieces(block.text, BLOCK_LIMIT))
    return out


def to_html(blocks: Iterable[Block]) -> str:
    """The whole reply as Telegram HTML, blocks separated by blank lines."""
    return "\n\n".join(html_blocks(blocks))


def to_plain(blocks: Iterable[Block]) -> str:
    """The whole reply as plain text (console chat, CLI), the same blocks in the same order."""
    out: list[str] = []
    for block in blocks:
        if block.part is Part.BASIS:
            out.extend(filter(None, (block.text, block.detail)))
        elif block.part is Part.LIST:
            out.append(block.text + "\n" + "\n".join(f"• {i}" for i in block.items))
        else:
            out.append(block.text)
    return "\n\n".join(out)
