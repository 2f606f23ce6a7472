"""The /start and /help text (Telegram HTML; the console shows it as plain text)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from answers import messages as m
from serving.ports import DocumentSummary


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def document_line(doc: DocumentSummary) -> str:
    """One escaped line naming a document, its number, effective date and article count."""
    return _e(m.BOT_HELP_DOCUMENT_LINE.format(
        title=doc.title,
        number=m.BOT_HELP_NUMBER.format(doc.number) if doc.number else "",
        effective=m.BOT_HELP_EFFECTIVE.format(doc.effective) if doc.effective else "",
        articles=doc.articles,
    ))


def help_html(documents: Sequence[DocumentSummary], bot_username: str, *, admin: bool) -> str:
    """What the bot knows, how to ask, three examples, groups, admin commands, and the disclaimer."""
    docs = "\n".join(document_line(d) for d in documents) or _e(m.BOT_HELP_NO_DOCUMENTS)
    examples = "\n".join(f"• {_e(q)}" for q in m.BOT_HELP_EXAMPLES)
    parts = [
        _e(m.BOT_HELP_INTRO),
        f"<b>{_e(m.BOT_HELP_DOCUMENTS)}</b>\n{docs}",
        _e(m.BOT_HELP_HOW),
        f"<b>{_e(m.BOT_HELP_EXAMPLES_HEADER)}</b>\n{examples}",
        _e(m.BOT_HELP_GROUPS.format(mention=f"@{bot_username}" if bot_username else "bot")),
    ]
    if admin:
        parts.append(_e(m.BOT_HELP_ADMIN))
    parts.append(f"<i>{_e(m.DISCLAIMER)}</i>")
    return "\n\n".join(parts)
