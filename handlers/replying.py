"""Sending replies: pages of HTML with a plain-text fallback, the answer keyboard, "typing…" while working."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Sequence
from typing import TypeVar

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyParameters
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, TelegramError

from answers import messages as m
from answers.reply import Reply
from handlers.callbacks import CallbackCodec
from handlers.pages import html_to_plain, split_html

logger = logging.getLogger(__name__)

T = TypeVar("T")
_ARTICLE_NUMBER = re.compile(r"Điều\s+(\S+)")
TYPING_REPEAT_SECONDS = 4.5  # Telegram shows a chat action for about 5 seconds


def _is_markup_error(exc: BadRequest) -> bool:
    text = str(exc).lower()
    return "entit" in text or "parse" in text or "tag" in text


async def send_pages(bot: Bot, chat_id: int, pages: Sequence[str], *, markup: InlineKeyboardMarkup | None = None,
                     reply_to: int | None = None) -> list[Message]:
    """Send HTML pages in order (keyboard under the last, the first quoting `reply_to`).

    A page Telegram refuses for its markup is sent again as plain text, so the reader always gets it.
    """
    sent: list[Message] = []
    for i, page in enumerate(pages):
        last = i == len(pages) - 1
        quote = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to and i == 0 else None
        kwargs = {"reply_markup": markup if last else None, "reply_parameters": quote}
        try:
            sent.append(await bot.send_message(chat_id, page, parse_mode=ParseMode.HTML, **kwargs))
        except BadRequest as exc:
            if not _is_markup_error(exc):
                raise
            logger.warning("Telegram refused the HTML of a reply (%s); sending it as plain text", exc)
            sent.append(await bot.send_message(chat_id, html_to_plain(page), **kwargs))
    return sent


async def with_typing(bot: Bot, chat_id: int, work: Awaitable[T], after: float) -> T:
    """Await `work`, showing "typing…" in the chat if it takes longer than `after` seconds."""
    task = asyncio.ensure_future(work)
    delay = after
    while True:
        done, _ = await asyncio.wait({task}, timeout=delay)
        if done:
            return task.result()
        try:
            await bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError as exc:  # cosmetic: never let it cost the answer
            logger.info("chat action failed: %s", exc)
        delay = TYPING_REPEAT_SECONDS


def article_number(label: str, fallback: str) -> str:
    """"21" from "Điều 21 Luật ..."; the article id when the label names no number."""
    match = _ARTICLE_NUMBER.search(label)
    return match.group(1) if match else fallback


def answer_keyboard(reply: Reply, question_id: int, codec: CallbackCodec) -> InlineKeyboardMarkup:
    """"Toàn văn Điều N", up to two related articles, then 👍 / 👎."""
    rows: list[list[InlineKeyboardButton]] = []
    best = reply.best
    if best is not None and not reply.refused:
        rows.append([InlineKeyboardButton(m.BOT_FULL_ARTICLE_BUTTON.format(article_number(best.label, best.id)),
                                          callback_data=codec.article(best.id))])
    labels = {c.id: c.label for c in reply.citations}
    related = [InlineKeyboardButton(m.BOT_RELATED_BUTTON.format(article_number(labels.get(a, ""), a)),
                                    callback_data=codec.article(a)) for a in reply.related[:2]]
    if related:
        rows.append(related)
    rows.append([InlineKeyboardButton(m.BOT_THUMB_UP, callback_data=codec.vote(question_id, 1)),
                 InlineKeyboardButton(m.BOT_THUMB_DOWN, callback_data=codec.vote(question_id, -1))])
    return InlineKeyboardMarkup(rows)


def mark_vote(markup: InlineKeyboardMarkup, question_id: int, vote: int, codec: CallbackCodec) -> InlineKeyboardMarkup:
    """The same keyboard with the chosen 👍/👎 ticked (and the other unticked)."""
    chosen = codec.vote(question_id, vote)
    rows = []
    for row in markup.inline_keyboard:
        new_row = []
        for button in row:
            data = button.callback_data
            if isinstance(data, str) and data.startswith(f"f:{question_id}:"):
                face = m.BOT_THUMB_UP if data.endswith(":up") else m.BOT_THUMB_DOWN
                text = m.BOT_VOTED_MARK.format(face) if data == chosen else face
                new_row.append(InlineKeyboardButton(text, callback_data=data))
            else:
                new_row.append(button)
        rows.append(new_row)
    return InlineKeyboardMarkup(rows)


def reply_pages(reply: Reply) -> list[str]:
    """The reply's HTML cut into Telegram messages."""
    return split_html(reply.html)
