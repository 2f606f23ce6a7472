"""Handlers for cadres: /start, /help, questions, /dieu, /sources and the buttons under answers.

Questions are any text in a private chat, and in groups /hoi, messages mentioning the bot and replies to it.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from answers import messages as m
from answers.dialogue import Turn
from answers.paging import split_html
from handlers.callbacks import ShowArticle, Vote
from handlers.replying import (
    DeliveryUncertainError,
    answer_keyboard,
    mark_vote,
    reply_pages,
    reply_text,
    send_pages,
    send_text,
    with_typing,
)
from handlers.state import bot_state, serving
from serving.helptext import document_line, help_html
from serving.uploads import list_uploads

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE


UNRECORDED = 0  # the question id of an answer the journal failed to store (its 👍/👎 are then not kept)


async def answer_question(update: Update, context: Context, question: str) -> None:
    """Answer one question: rate limit, engine off the loop, journal, then the reply with its buttons."""
    state = bot_state(context.bot_data)
    message, user, chat = update.effective_message, update.effective_user, update.effective_chat
    assert message is not None and chat is not None
    user_id = user.id if user else chat.id
    if not state.limiter.allow(user_id):
        logger.info("user %s is over the question rate limit", user_id)
        if state.limiter.should_warn(user_id):
            await reply_text(update, context.bot, m.BOT_RATE_LIMITED.format(limit=state.limiter.per_minute))
        return
    service = serving(context.bot_data)
    if service is None:
        await reply_text(update, context.bot, m.BOT_NOT_READY)
        return
    conversation = conversation_key(chat.id, chat.type, user_id)
    previous = await _previous_turn(update, context, conversation)
    state.answers_in_flight += 1
    try:
        reply = await with_typing(context.bot, chat.id, asyncio.to_thread(service.answer, question, previous),
                                  state.typing_after, show=lambda: not state.busy)
        if reply.turn is not None:
            await state.journal.remember(conversation, reply.turn)
        # Recorded before sending: anything a user was told is in the journal even if the bot dies right after.
        question_id = await state.journal.record_question(
            user_id=user_id, chat_id=chat.id, chat_type=chat.type, text=question, refused=reply.refused,
            article_ids=[c.id for c in reply.citations], scores=[c.score for c in reply.citations],
            latency_ms=reply.latency_ms, kind=reply.kind, evidence=reply.evidence,
        )
        if question_id is None:  # the journal could not store it (logged there): answer all the same
            question_id = UNRECORDED
        if reply.refused:
            logger.info("question %d refused", question_id)
        quote = message.message_id if chat.type != ChatType.PRIVATE else None
        best = reply.best
        practice = (len(state.quiz_bank.on_article(best.id))
                    if best is not None and not reply.refused and chat.type == ChatType.PRIVATE else 0)
        uncertain = False
        try:
            sent = await send_pages(context.bot, chat.id, reply_pages(reply), reply_to=quote,
                                    markup=answer_keyboard(reply, question_id, state.codec, practice))
        except DeliveryUncertainError as exc:
            # Not resent and no error message either: the user may already have the answer (see replying.py).
            logger.warning("reply to question %d may not have arrived (%d page(s) confirmed); not resent",
                           question_id, len(exc.sent))
            sent, uncertain = exc.sent, True
    finally:
        state.answers_in_flight -= 1
    if question_id != UNRECORDED:
        await state.journal.record_reply(question_id, [s.message_id for s in sent], uncertain=uncertain)


def conversation_key(chat_id: int, chat_type: str, user_id: int) -> str:
    """Whose context a message continues: the private chat, or this user in this group (never another's)."""
    return f"p:{chat_id}" if chat_type == ChatType.PRIVATE else f"g:{chat_id}:{user_id}"


async def _previous_turn(update: Update, context: Context, conversation: str) -> Turn | None:
    """The turn a message continues: the bot message it replies to, else the conversation's recent last turn."""
    state = bot_state(context.bot_data)
    message, chat = update.effective_message, update.effective_chat
    assert message is not None and chat is not None
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == context.bot.id:
        turn = await state.journal.turn_of_reply(chat.id, replied.message_id)
        if turn is not None:
            return turn
    return await state.journal.recall(conversation, state.settings.telegram.context_minutes * 60)


async def new_topic(update: Update, context: Context) -> None:
    """/moi: forget this conversation's context; the next message is a new question."""
    state = bot_state(context.bot_data)
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None
    await state.journal.forget(conversation_key(chat.id, chat.type, user.id if user else chat.id))
    await reply_text(update, context.bot, m.BOT_NEW_TOPIC)


async def not_text(update: Update, context: Context) -> None:
    """A photo, voice message, sticker … in a private chat: say what the bot understands instead."""
    await reply_text(update, context.bot, m.BOT_NOT_TEXT)


async def start(update: Update, context: Context) -> None:
    """Greet and explain what the bot knows and how to ask."""
    await help_command(update, context)


async def help_command(update: Update, context: Context) -> None:
    """Documents loaded, how to ask, examples, and that answers are legal information, not advice."""
    state = bot_state(context.bot_data)
    service = serving(context.bot_data)
    documents = await asyncio.to_thread(service.documents) if service else []
    user = update.effective_user
    text = help_html(documents, context.bot.username or "", admin=state.is_admin(user.id if user else None))
    assert update.effective_chat is not None
    await send_pages(context.bot, update.effective_chat.id, split_html(text))


async def private_text(update: Update, context: Context) -> None:
    """Any text in a private chat is a question."""
    assert update.effective_message is not None
    await answer_question(update, context, update.effective_message.text or "")


async def group_text(update: Update, context: Context) -> None:
    """In groups, answer messages that mention the bot or reply to it; ignore the rest."""
    message = update.effective_message
    assert message is not None
    text = message.text or ""
    mention = f"@{context.bot.username}"
    replied = message.reply_to_message
    if context.bot.username and mention.lower() in text.lower():
        text = re.sub(re.escape(mention), " ", text, flags=re.IGNORECASE).strip()
    elif not (replied and replied.from_user and replied.from_user.id == context.bot.id):
        return
    await answer_question(update, context, text)


def _command_argument(update: Update) -> str:
    text = (update.effective_message.text or "") if update.effective_message else ""
    parts = text.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


async def hoi(update: Update, context: Context) -> None:
    """/hoi <câu hỏi>: ask in a group (works in private chats too)."""
    question = _command_argument(update)
    if not question:
        await reply_text(update, context.bot, m.BOT_HOI_USAGE)
        return
    await answer_question(update, context, question)


async def dieu(update: Update, context: Context) -> None:
    """/dieu <số> [văn bản]: show that article (Law 10/2022/QH15 unless another document is named)."""
    argument = _command_argument(update)
    if not argument or not argument[0].isdigit():
        await reply_text(update, context.bot, m.BOT_DIEU_USAGE)
        return
    await answer_question(update, context, f"điều {argument}")


async def sources(update: Update, context: Context) -> None:
    """List the loaded documents with ids, numbers and dates (admins also see uploads awaiting /reload)."""
    state = bot_state(context.bot_data)
    service = serving(context.bot_data)
    documents = await asyncio.to_thread(service.documents) if service else []
    lines = [f"<b>{html.escape(m.BOT_SOURCES_HEADER)}</b>"]
    lines += [f"<code>{html.escape(d.id)}</code> {document_line(d, every_part=True)}" for d in documents]
    if not documents:
        lines.append(html.escape(m.BOT_HELP_NO_DOCUMENTS))
    user = update.effective_user
    if state.is_admin(user.id if user else None):
        loaded = {d.id for d in documents}
        pending = [u for u in await asyncio.to_thread(list_uploads, state.settings.uploads_dir)
                   if u.id not in loaded]
        if pending:
            lines.append(f"\n<b>{html.escape(m.BOT_SOURCES_PENDING)}</b>")
            lines += [m.BOT_SOURCES_UPLOAD_LINE.format(id=html.escape(u.id), name=html.escape(u.original_name),
                                                       articles=u.articles) for u in pending]
    assert update.effective_chat is not None
    await send_pages(context.bot, update.effective_chat.id, split_html("\n".join(lines)))


async def button(update: Update, context: Context) -> None:
    """Inline buttons: show a whole article, or store a 👍/👎."""
    state = bot_state(context.bot_data)
    query = update.callback_query
    assert query is not None
    action = state.codec.decode(query.data or "")
    if isinstance(action, Vote):
        stored = await state.journal.record_vote(action.question_id, query.from_user.id, action.vote)
        await query.answer(m.BOT_VOTE_THANKS if stored else m.BOT_VOTE_UNKNOWN)
        message = query.message
        if stored and message is not None and getattr(message, "reply_markup", None):
            try:
                await query.edit_message_reply_markup(
                    mark_vote(message.reply_markup, action.question_id, action.vote, state.codec))
            except BadRequest as exc:  # "message is not modified" when the same vote is pressed again
                logger.debug("vote mark not updated: %s", exc)
        return
    if isinstance(action, ShowArticle):
        await query.answer()
        service = serving(context.bot_data)
        pages = await asyncio.to_thread(service.article_pages, action.article_id) if service else []
        chat_id = query.message.chat.id if query.message else query.from_user.id
        if not pages:
            await send_text(context.bot, chat_id, m.BOT_ARTICLE_GONE)
            return
        await send_pages(context.bot, chat_id, pages)
        return
    await query.answer(m.BOT_BUTTON_EXPIRED, show_alert=False)
