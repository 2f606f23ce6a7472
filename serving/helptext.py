"""The /start and /help text (Telegram HTML; the console shows it as plain text)."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence

from answers import messages as m
from serving.ports import DocumentSummary


def _e(text: str) -> str:
    return html.escape(text, quote=False)


LISTED_KINDS = ("Luật", "Nghị định")  # named one by one in /help; other codified documents are counted


def document_line(doc: DocumentSummary, *, every_part: bool = False) -> str:
    """Escaped lines naming a document and the documents codified with it.

    First the document (number, effective date, its own article count); then laws and decrees one per line
    and the rest counted ("và 13 thông tư"), or, with `every_part` (/sources), all of them one per line.
    """
    lines = [_e(m.BOT_HELP_DOCUMENT_LINE.format(
        title=doc.title,
        number=m.BOT_HELP_NUMBER.format(doc.number) if doc.number else "",
        effective=m.BOT_HELP_EFFECTIVE.format(doc.effective) if doc.effective else "",
        articles=doc.articles,
    ))]
    gaps = document_gaps(doc)
    if gaps:
        lines.append(_e(m.BOT_HELP_GAPS.format(gaps)))
    parts = list(getattr(doc, "parts", ()))
    shown = parts if every_part else [p for p in parts if p.kind in LISTED_KINDS]
    lines += [_e(m.BOT_HELP_PART_LINE.format(
        kind=p.kind, number=p.number, articles=p.articles,
        effective=m.BOT_HELP_EFFECTIVE.format(p.effective) if p.effective else "")) for p in shown]
    rest = Counter(p.kind.lower() for p in parts if p not in shown)
    if rest:
        lines.append(_e(m.BOT_HELP_PART_REST.format(", ".join(f"{n} {kind}" for kind, n in rest.most_common()))))
    return "\n".join(lines)


def document_gaps(doc: DocumentSummary) -> str:
    """What a listed document lacks, in words ("thiếu Chương IV; Điều 10 chỉ có tên, chưa có nội dung"), or ""."""
    missing = tuple(getattr(doc, "missing_chapters", ()))
    placeholders = tuple(getattr(doc, "placeholders", ()))
    said = []
    if missing:
        said.append(m.BOT_HELP_GAP_CHAPTERS.format(", ".join(missing)))
    if placeholders:
        said.append(m.BOT_HELP_GAP_PLACEHOLDERS.format(", ".join(placeholders)))
    if not said and getattr(doc, "incomplete", False):
        said.append(m.BOT_HELP_GAP_UNKNOWN)
    return "; ".join(said)


def help_html(documents: Sequence[DocumentSummary], bot_username: str, *, admin: bool) -> str:
    """What the bot knows, how to ask, three examples, groups, admin commands, and the disclaimer."""
    law = [d for d in documents if not getattr(d, "training", False)]
    training = [d for d in documents if getattr(d, "training", False)]
    docs = "\n".join(document_line(d) for d in law) or _e(m.BOT_HELP_NO_DOCUMENTS)
    if training:
        docs += f"\n<i>{_e(m.BOT_HELP_TRAINING)}</i>\n" + "\n".join(document_line(d) for d in training)
    examples = "\n".join(f"• {_e(q)}" for q in m.BOT_HELP_EXAMPLES)
    parts = [
        _e(m.BOT_HELP_INTRO),
        f"<b>{_e(m.BOT_HELP_DOCUMENTS)}</b>\n{docs}",
        _e(m.BOT_HELP_HOW),
        f"<b>{_e(m.BOT_HELP_EXAMPLES_HEADER)}</b>\n{examples}",
        _e(m.BOT_HELP_GROUPS.format(mention=f"@{bot_username}" if bot_username else "bot")),
        _e(m.BOT_HELP_QUIZ),
    ]
    if admin:
        parts.append(_e(m.BOT_HELP_ADMIN))
    parts.append(f"<i>{_e(m.DISCLAIMER)}</i>")
    return "\n\n".join(parts)
