"""Sending replies: pages of HTML with a plain-text fallback, the answer keyboard, "typing…" while working.

Every message the bot sends a user goes through `send_pages` — answers, and short texts (/start, /help,
usage hints, refusals, rate-limit and admin replies) through `send_text` / `reply_text` — so all of them
follow one delivery policy. Only chat actions and callback-query answers (cosmetic, not messages) do not.

Delivery policy (Telegram has no idempotency key, so a resend after an ambiguous failure can duplicate):

- 429 (RetryAfter): Telegram did not take the message; wait `retry_after` (at most MAX_RETRY_AFTER) and resend.
- an HTTP error answer (5xx: the Bot API replied that the call failed) and failures before the request left
  (connect error, connect or pool timeout): resend with a short backoff, at most SEND_ATTEMPTS tries in all.
- ambiguous failures, where the request may have reached Telegram but no answer came back (read timeout,
  connection dropped after sending, any other transport error): never resend. The user may miss that reply
  (the question is already in the journal and they can ask again) but never gets the same answer twice.
  `DeliveryUncertainError` is raised so the caller can stop sending further pages and say nothing more;
  the global error handler (handlers/app.py) logs it and sends no error message, which could otherwise
  follow, and contradict, a reply the user did receive.
"""

from __future__ import annotations

import asyncio
import functools
import html
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

import httpx
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyParameters, Update
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut

from answers import messages as m
from answers.paging import html_to_plain, split_html
from answers.reply import Reply, ReplyKind
from handlers.callbacks import CallbackCodec
from knowledge.errors import LawBotError
from serving.practice import ARTICLE_ROUND_SIZE

logger = logging.getLogger(__name__)

T = TypeVar("T")
TYPING_REPEAT_SECONDS = 4.5  # Telegram shows a chat action for about 5 seconds
SEND_ATTEMPTS = 4
BACKOFF_SECONDS = (0.5, 1.0, 2.0)
MAX_RETRY_AFTER = 120.0
# httpx failures that happen before any byte of the request reached the server: safe to resend
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class DeliveryUncertainError(LawBotError):
    """A send failed in a way that leaves unknown whether Telegram delivered it; it was not resent.

    `sent` holds the messages of the same reply that were delivered before it (send_pages fills it).
    """

    def __init__(self, message: str, sent: Sequence[Message] = ()) -> None:
        super().__init__(message)
        self.sent = list(sent)


def is_ambiguous(exc: NetworkError) -> bool:
    """True when the request may have reached Telegram although no answer came back.

    An HTTP error status is an answer (the Bot API says the call failed, PTB raises NetworkError without a
    cause); transport errors carry the httpx exception as their cause, and only connect/pool failures are
    known not to have sent anything.
    """
    cause = exc.__cause__
    if cause is None:
        return isinstance(exc, TimedOut)  # a bare TimedOut has no answer either
    return not isinstance(cause, _NOT_SENT)


async def send_at_most_once(send: Callable[[], Awaitable[T]], what: str,
                            sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> T:
    """Run one Bot API send with the module's delivery policy; return its result.

    Raises DeliveryUncertainError after an ambiguous failure (never resent), the last error when the retries
    run out, and any other TelegramError (BadRequest, Forbidden, ...) at once.
    """
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            return await send()
        except BadRequest:  # a NetworkError subclass in PTB, but Telegram's final word: never resent
            raise
        except RetryAfter as exc:
            # PTB's own retry loops read the timedelta like this; the public property warns unless
            # PTB_TIMEDELTA is set
            wait = exc._retry_after.total_seconds()
            if attempt == SEND_ATTEMPTS or wait > MAX_RETRY_AFTER:
                raise
            logger.info("%s: flood limit, resending after %.1f s", what, wait)
            await sleep(float(wait))
        except NetworkError as exc:
            if is_ambiguous(exc):
                logger.warning("%s: %s; Telegram may have delivered it, so it is not resent", what, exc)
                raise DeliveryUncertainError(str(exc)) from exc
            if attempt == SEND_ATTEMPTS:
                raise
            logger.info("%s: %s; resending (attempt %d of %d)", what, exc, attempt + 1, SEND_ATTEMPTS)
            await sleep(BACKOFF_SECONDS[min(attempt, len(BACKOFF_SECONDS)) - 1])
    raise AssertionError("unreachable")  # the loop returns or raises


def _is_markup_error(exc: BadRequest) -> bool:
    text = str(exc).lower()
    return "entit" in text or "parse" in text or "tag" in text


async def send_pages(bot: Bot, chat_id: int, pages: Sequence[str], *, markup: InlineKeyboardMarkup | None = None,
                     reply_to: int | None = None) -> list[Message]:
    """Send HTML pages in order (keyboard under the last, the first quoting `reply_to`).

    A page Telegram refuses for its markup is sent again as plain text, so the reader always gets it. Each
    page follows `send_at_most_once`; after an ambiguous failure the remaining pages are dropped and
    DeliveryUncertainError is raised (carrying the pages already sent in `sent`).
    """
    sent: list[Message] = []
    for i, page in enumerate(pages):
        last = i == len(pages) - 1
        quote = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to and i == 0 else None
        kwargs = {"reply_markup": markup if last else None, "reply_parameters": quote}
        what = f"page {i + 1}/{len(pages)} to chat {chat_id}"
        try:
            try:
                sent.append(await send_at_most_once(
                    functools.partial(bot.send_message, chat_id, page, parse_mode=ParseMode.HTML, **kwargs), what))
            except BadRequest as exc:
                if not _is_markup_error(exc):
                    raise
                logger.warning("Telegram refused the HTML of a reply (%s); sending it as plain text", exc)
                sent.append(await send_at_most_once(
                    functools.partial(bot.send_message, chat_id, html_to_plain(page), **kwargs), what))
        except DeliveryUncertainError as exc:
            raise DeliveryUncertainError(str(exc), sent) from exc.__cause__
    return sent


async def send_text(bot: Bot, chat_id: int, text: str, *, reply_to: int | None = None) -> list[Message]:
    """Send a short plain text (escaped, split if long) with the same delivery policy as answers."""
    return await send_pages(bot, chat_id, split_html(html.escape(text, quote=False)), reply_to=reply_to)


async def reply_text(update: Update, bot: Bot, text: str) -> list[Message]:
    """Answer the update's message with a short text (quoting it in groups), as `send_text` does."""
    message, chat = update.effective_message, update.effective_chat
    assert message is not None and chat is not None
    quote = message.message_id if chat.type != ChatType.PRIVATE else None
    return await send_text(bot, chat.id, text, reply_to=quote)


async def with_typing(bot: Bot, chat_id: int, work: Awaitable[T], after: float,
                      show: Callable[[], bool] = lambda: True) -> T:
    """Await `work`, showing "typing…" in the chat if it takes longer than `after` seconds.

    `show` is asked before each chat action; when it says no (the bot is busy: chat actions would take
    sends from the answers' share of Telegram's flood limit) that action is skipped.
    """
    task = asyncio.ensure_future(work)
    delay = after
    while True:
        done, _ = await asyncio.wait({task}, timeout=delay)
        if done:
            return task.result()
        if show():
            try:
                await bot.send_chat_action(chat_id, ChatAction.TYPING)
            except TelegramError as exc:  # cosmetic: never let it cost the answer
                logger.info("chat action failed: %s", exc)
        delay = TYPING_REPEAT_SECONDS


RATED = frozenset({ReplyKind.ANSWER, ReplyKind.REFUSAL, ReplyKind.ARTICLE})  # replies that get 👍 / 👎


def answer_keyboard(reply: Reply, question_id: int, codec: CallbackCodec, quiz_questions: int = 0
                    ) -> InlineKeyboardMarkup:
    """The buttons under an answer.

    "Toàn văn Điều N", "Ôn N câu về điều này" (when the quiz bank has `quiz_questions` on the article), up to
    two related articles, then 👍 / 👎.
    """
    rows: list[list[InlineKeyboardButton]] = []
    best = reply.best
    if best is not None and not reply.refused:
        rows.append([InlineKeyboardButton(m.BOT_FULL_ARTICLE_BUTTON.format(best.number or best.id),
                                          callback_data=codec.article(best.id))])
        if quiz_questions:
            rows.append([InlineKeyboardButton(m.QUIZ_ARTICLE_BUTTON.format(min(quiz_questions, ARTICLE_ROUND_SIZE)),
                                              callback_data=codec.quiz_article(best.id))])
    related = [InlineKeyboardButton(m.BOT_RELATED_BUTTON.format(a.number or a.id), callback_data=codec.article(a.id))
               for a in reply.related[:2]]
    if related:
        rows.append(related)
    if reply.kind in RATED:  # a greeting or a note about the input is not rated
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
