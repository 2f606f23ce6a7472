"""Telegram surface of the quizzes: /onthi practice rounds, /thi group contests, /ketqua, /giangvien, bank uploads.

Questions go out as Telegram quiz polls, non-anonymous so each answer reaches the bot as a `poll_answer`
update. A practice round moves on when its user answers; a contest moves on a clock (each poll open for
`quiz.contest_seconds`), run by one task per contest that picks up again after a restart from the saved round.
"""

from __future__ import annotations

import asyncio
import html
import logging
import time

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Poll, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, ContextTypes

from answers import messages as m
from handlers.callbacks import QuizArticle, QuizRoundChosen, QuizTopicChosen
from handlers.replying import reply_text, send_pages, send_text
from handlers.state import BotState, bot_state, serving
from knowledge.errors import MaterialError
from knowledge.naming import button_label
from knowledge.quiz import QuizBank
from serving.contest import MAX_QUESTIONS, find_topic, read_request, results_csv, standings
from serving.practice import (
    ALL_TOPICS,
    ARTICLE_ROUND_SIZE,
    ARTICLE_TOPIC_PREFIX,
    ROUND_SIZES,
    candidates_for,
    choose_questions,
    clause_reference,
    poll_content,
    round_result,
)
from serving.quizbanks import BankRefusal, take_bank_upload
from serving.quizrecords import CONTEST, PRACTICE, RUNNING, STOPPED, Round, RoundRunningError, SentPoll
from serving.uploads import DISK_FULL, UploadError

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE


# --- practice ------------------------------------------------------------------------------------------------


async def onthi(update: Update, context: Context) -> None:
    """/onthi [chủ đề]: topics as buttons (or, with a topic named, the round lengths)."""
    state = bot_state(context.bot_data)
    chat = update.effective_chat
    assert chat is not None
    if chat.type != ChatType.PRIVATE:
        await reply_text(update, context.bot, m.QUIZ_PRIVATE_ONLY)
        return
    bank = state.quiz_bank
    if not bank.questions:
        await reply_text(update, context.bot, m.QUIZ_NO_BANK)
        return
    topic = find_topic(" ".join(context.args or []), bank) if context.args else ""
    if topic:
        await context.bot.send_message(chat.id, _length_prompt(bank, topic), reply_markup=_length_keyboard(
            state, bank, topic))
        return
    await context.bot.send_message(chat.id, m.QUIZ_CHOOSE_TOPIC, reply_markup=_topic_keyboard(state, bank))


def _topic_keyboard(state: BotState, bank: QuizBank) -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(m.QUIZ_TOPIC_BUTTON.format(title=bank.topic(key).title, count=count),  # type: ignore[union-attr]
                                  callback_data=state.codec.quiz_topic(key))]
            for key, count in bank.counts().items()]
    rows.append([InlineKeyboardButton(m.QUIZ_ALL_TOPICS.format(len(bank.questions)),
                                      callback_data=state.codec.quiz_topic(ALL_TOPICS))])
    return InlineKeyboardMarkup(rows)


def _topic_title(bank: QuizBank, topic: str) -> str:
    if topic == ALL_TOPICS or not topic:
        return m.QUIZ_ALL_TOPICS.format(len(bank.questions))
    if topic.startswith(ARTICLE_TOPIC_PREFIX):
        return m.QUIZ_ARTICLE_TITLE.format(topic[len(ARTICLE_TOPIC_PREFIX):])
    found = bank.topic(topic)
    return found.title if found else topic


def _length_prompt(bank: QuizBank, topic: str) -> str:
    return m.QUIZ_CHOOSE_LENGTH.format(title=_topic_title(bank, topic))


def _length_keyboard(state: BotState, bank: QuizBank, topic: str) -> InlineKeyboardMarkup:
    available = len(candidates_for(bank, topic))
    sizes = [n for n in ROUND_SIZES if n < available] + [min(available, ROUND_SIZES[-1])]
    buttons = [InlineKeyboardButton(m.QUIZ_LENGTH_BUTTON.format(n), callback_data=state.codec.quiz_round(topic, n))
               for n in dict.fromkeys(sizes) if n > 0]
    return InlineKeyboardMarkup([buttons])


async def quiz_button(update: Update, context: Context) -> None:
    """The quiz buttons: a topic chosen, a round chosen, or "Ôn 3 câu về điều này"."""
    state = bot_state(context.bot_data)
    query = update.callback_query
    assert query is not None
    action = state.codec.decode(query.data or "")
    chat_id = query.message.chat.id if query.message else query.from_user.id
    if query.message is not None and query.message.chat.type != ChatType.PRIVATE:
        await query.answer(m.QUIZ_PRIVATE_ONLY, show_alert=True)
        return
    if isinstance(action, QuizTopicChosen):
        await query.answer()
        if not candidates_for(state.quiz_bank, action.topic):
            await send_text(context.bot, chat_id, m.QUIZ_TOPIC_GONE)
            return
        await context.bot.send_message(chat_id, _length_prompt(state.quiz_bank, action.topic),
                                       reply_markup=_length_keyboard(state, state.quiz_bank, action.topic))
        return
    if isinstance(action, QuizRoundChosen):
        await query.answer()
        await start_practice(context.bot, state, chat_id, query.from_user.id, topic=action.topic,
                             count=action.count)
        return
    if isinstance(action, QuizArticle):
        await query.answer()
        await start_practice(context.bot, state, chat_id, query.from_user.id,
                             topic=ARTICLE_TOPIC_PREFIX + action.article_id, count=ARTICLE_ROUND_SIZE)
        return
    await query.answer(m.BOT_BUTTON_EXPIRED)


async def start_practice(bot: Bot, state: BotState, chat_id: int, user_id: int, *, topic: str, count: int) -> None:
    """Start a practice round (replacing one running in the chat) and send its first question."""
    bank = state.quiz_bank
    candidates = candidates_for(bank, topic)
    if not candidates:
        await send_text(bot, chat_id, m.QUIZ_TOPIC_GONE)
        return
    progress = await state.records.progress(user_id)
    chosen = choose_questions(candidates, progress, max(1, min(count, MAX_QUESTIONS)))
    practice = await state.records.start_round(PRACTICE, chat_id, user_id, topic=topic, question_ids=chosen,
                                               replace=True)
    await send_text(bot, chat_id, m.QUIZ_ROUND_START.format(total=practice.total, title=_topic_title(bank, topic)))
    await _practice_next(bot, state, practice, 0)


async def send_question(bot: Bot, state: BotState, current: Round, position: int) -> SentPoll | None:
    """Send the round's question at `position` as a quiz poll and save it; None when the bank lost it."""
    question = state.quiz_bank.question(current.question_ids[position])
    if question is None:
        logger.warning("quiz question %s is no longer in the bank", current.question_ids[position])
        return None
    service = serving(state.bot_data)
    article = service.article(question.article) if service is not None else None
    content = poll_content(question, position + 1, current.total, clause_reference(question, article))
    seconds = current.seconds or None
    message = await bot.send_poll(
        current.chat_id, content.question, list(content.options), is_anonymous=False, type=Poll.QUIZ,
        correct_option_ids=[content.correct_option], explanation=content.explanation, open_period=seconds)
    assert message.poll is not None
    closes_at = time.time() + seconds if seconds else None
    await state.records.record_poll(current.id, position, question_id=question.id, poll_id=message.poll.id,
                                    correct_option=content.correct_option, message_id=message.message_id,
                                    closes_at=closes_at)
    return await state.records.poll(message.poll.id)


async def poll_answer(update: Update, context: Context) -> None:
    """A user answered one of the bot's polls: record it; in practice, send the next question or the result."""
    state = bot_state(context.bot_data)
    answer = update.poll_answer
    if answer is None or answer.user is None:
        return
    sent = await state.records.poll(answer.poll_id)
    if sent is None:
        return
    current = await state.records.round(sent.round_id)
    if current is None or current.state != RUNNING:
        return
    option = answer.option_ids[0] if answer.option_ids else None
    name = answer.user.full_name or answer.user.username or str(answer.user.id)
    fresh = await state.records.record_answer(sent, answer.user.id, name, option)
    if current.kind != PRACTICE or not fresh or sent.position != current.position:
        return
    await _practice_next(context.bot, state, current, sent.position + 1)


async def _practice_next(bot: Bot, state: BotState, current: Round, position: int) -> None:
    while position < current.total:
        await state.records.advance(current.id, position)
        try:
            if await send_question(bot, state, current, position) is not None:
                return
        except TelegramError:
            await state.records.end_round(current.id, STOPPED)  # nothing half-asked is left running
            raise
        position += 1  # the bank lost that question: go on with the next
    if await state.records.end_round(current.id):
        await _send_practice_result(bot, state, current)


async def _send_practice_result(bot: Bot, state: BotState, current: Round) -> None:
    answers = {a.question_id: a.correct for a in await state.records.answers(current.id)
               if a.user_id == current.started_by}
    result = round_result(current.question_ids, answers, state.quiz_bank)
    lines = [m.QUIZ_ROUND_DONE.format(right=result.right, total=result.total)]
    rows: list[list[InlineKeyboardButton]] = []
    service = serving(state.bot_data)
    if result.review:
        lines.append(m.QUIZ_ROUND_REVIEW)
        for article_id in result.review[:8]:
            article = service.article(article_id) if service is not None else None
            label = button_label(article) if article is not None else article_id
            rows.append([InlineKeyboardButton(m.QUIZ_REVIEW_BUTTON.format(m.BOT_FULL_ARTICLE_BUTTON.format(label)
                                                                          .removeprefix("📖 ")),
                                              callback_data=state.codec.article(article_id))])
    else:
        lines.append(m.QUIZ_ROUND_PERFECT)
    if not current.topic.startswith(ARTICLE_TOPIC_PREFIX):
        rows.append([InlineKeyboardButton(m.QUIZ_ROUND_AGAIN,
                                          callback_data=state.codec.quiz_round(current.topic, current.total))])
    await bot.send_message(current.chat_id, "\n".join(lines), reply_markup=InlineKeyboardMarkup(rows))


# --- contests ---------------------------------------------------------------------------------------------


async def _may_run_contests(state: BotState, user_id: int | None) -> bool:
    return user_id is not None and (state.is_admin(user_id) or await state.records.is_trainer(user_id))


async def thi(update: Update, context: Context) -> None:
    """/thi [số câu] [chủ đề]: an admin or trainer starts a timed contest in a group."""
    state = bot_state(context.bot_data)
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None
    if chat.type == ChatType.PRIVATE:
        await reply_text(update, context.bot, m.QUIZ_THI_GROUP_ONLY)
        return
    user_id = user.id if user else None
    if not await _may_run_contests(state, user_id):
        await state.journal.record_admin_action(user_id, "contest", allowed=False)
        await reply_text(update, context.bot, m.QUIZ_TRAINERS_ONLY)
        return
    bank = state.quiz_bank
    if not bank.questions:
        await reply_text(update, context.bot, m.QUIZ_NO_BANK)
        return
    request = read_request(context.args or [], bank)
    if request is None:
        topics = ", ".join(f"{t.key} ({t.title})" for t in bank.topics if bank.in_topic(t.key))
        await reply_text(update, context.bot, m.QUIZ_THI_USAGE.format(max=MAX_QUESTIONS, topics=topics))
        return
    candidates = candidates_for(bank, request.topic or ALL_TOPICS)
    chosen = choose_questions(candidates, {}, request.questions)
    try:
        contest = await state.records.start_round(CONTEST, chat.id, user_id, topic=request.topic,
                                                  question_ids=chosen, seconds=state.settings.quiz.contest_seconds)
    except RoundRunningError:
        await reply_text(update, context.bot, m.QUIZ_CONTEST_RUNNING)
        return
    await state.journal.record_admin_action(user_id, "contest", allowed=True, detail=f"round {contest.id}")
    await send_text(context.bot, chat.id, m.QUIZ_CONTEST_START.format(
        total=contest.total, title=_topic_title(bank, request.topic), seconds=contest.seconds))
    launch_contest(context.application, state, contest.id)


def launch_contest(application: Application, state: BotState, round_id: int) -> None:
    """Run a contest's clock in a task (kept in state.contests until it ends).

    A plain asyncio task, not the application's: PTB waits for its own tasks when it stops, and a contest
    must not run on through a shutdown — it is cancelled there and resumed from its saved state at the next
    start.
    """
    task = asyncio.get_running_loop().create_task(_run_contest(application.bot, state, round_id),
                                                  name=f"contest-{round_id}")
    state.contests[round_id] = task
    task.add_done_callback(lambda _: state.contests.pop(round_id, None))


async def _run_contest(bot: Bot, state: BotState, round_id: int) -> None:
    """Ask every question in turn, each for its open period, then post the scoreboard."""
    pause = state.settings.quiz.pause_seconds
    try:
        while True:
            current = await state.records.round(round_id)
            if current is None or current.state != RUNNING:
                return
            if current.position >= current.total:
                break
            sent = await state.records.poll_at(round_id, current.position)
            if sent is None:
                sent = await send_question(bot, state, current, current.position)
            if sent is not None:
                await asyncio.sleep(max(0.0, (sent.closes_at or time.time()) - time.time()))
                await _close_poll(bot, current.chat_id, sent)
                await asyncio.sleep(pause)
            await state.records.advance(round_id, current.position + 1)
            if current.position + 1 >= current.total:
                break
        if await state.records.end_round(round_id):
            finished = await state.records.round(round_id)
            assert finished is not None
            await _post_scoreboard(bot, state, finished)
    except asyncio.CancelledError:
        raise
    except Exception:
        logger.exception("contest %d failed; ending it with the results so far", round_id)
        if await state.records.end_round(round_id, STOPPED):
            stopped = await state.records.round(round_id)
            try:
                if stopped is not None:
                    await _post_scoreboard(bot, state, stopped)
            except TelegramError as exc:  # the group may be gone; the results stay for /ketqua
                logger.warning("contest %d: the scoreboard could not be posted (%s)", round_id, exc)


async def _close_poll(bot: Bot, chat_id: int, sent: SentPoll) -> None:
    if sent.message_id is None:
        return
    try:
        await bot.stop_poll(chat_id, sent.message_id)
    except BadRequest as exc:  # "poll has already been closed": its open period ended first
        logger.debug("stopPoll: %s", exc)
    except TelegramError as exc:
        logger.warning("could not close a contest poll: %s", exc)


async def _post_scoreboard(bot: Bot, state: BotState, contest: Round) -> None:
    board = standings(await state.records.answers(contest.id))
    asked = min(contest.position + 1, contest.total) if contest.state == STOPPED else contest.total
    lines = []
    if contest.state == STOPPED:
        lines.append(m.QUIZ_CONTEST_STOPPED.format(asked=asked, total=contest.total))
    lines.append(m.QUIZ_SCOREBOARD.format(total=asked))
    lines += [m.QUIZ_SCORE_LINE.format(rank=s.rank, name=s.name, right=s.right, total=asked, seconds=s.seconds)
              for s in board[:30]] or [m.QUIZ_NO_PLAYERS]
    lines.append(m.QUIZ_RESULTS_HINT)
    await send_pages(bot, contest.chat_id, [html.escape("\n".join(lines), quote=False)])


async def dungthi(update: Update, context: Context) -> None:
    """/dungthi: an admin or trainer stops the group's contest; the results so far are posted."""
    state = bot_state(context.bot_data)
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None
    if not await _may_run_contests(state, user.id if user else None):
        await reply_text(update, context.bot, m.QUIZ_TRAINERS_ONLY)
        return
    current = await state.records.running_round(chat.id)
    if current is None or current.kind != CONTEST:
        await reply_text(update, context.bot, m.QUIZ_NO_CONTEST)
        return
    task = state.contests.get(current.id)
    if task is not None:
        task.cancel()
    sent = await state.records.poll_at(current.id, current.position)
    if sent is not None:
        await _close_poll(context.bot, chat.id, sent)
    if await state.records.end_round(current.id, STOPPED):
        stopped = await state.records.round(current.id)
        assert stopped is not None
        await _post_scoreboard(context.bot, state, stopped)


async def resume_contests(application: Application, state: BotState) -> int:
    """After a restart: tell each group with a contest still running, and run it on; returns how many."""
    contests = await state.records.running_rounds(CONTEST)
    for contest in contests:
        try:
            await send_text(application.bot, contest.chat_id, m.QUIZ_CONTEST_RESUMED.format(
                number=min(contest.position + 1, contest.total), total=contest.total))
        except TelegramError as exc:
            logger.warning("could not tell chat %d its contest goes on: %s", contest.chat_id, exc)
        launch_contest(application, state, contest.id)
    return len(contests)


async def ketqua(update: Update, context: Context) -> None:
    """/ketqua: the latest contest's results as a CSV document (admins and trainers)."""
    state = bot_state(context.bot_data)
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None
    user_id = user.id if user else None
    if not await _may_run_contests(state, user_id):
        await reply_text(update, context.bot, m.QUIZ_TRAINERS_ONLY)
        return
    contest = await state.records.last_round(chat.id, CONTEST)
    if contest is None:
        await reply_text(update, context.bot, m.QUIZ_NO_RESULTS)
        return
    answers = await state.records.answers(contest.id)
    players = len({a.user_id for a in answers})
    await context.bot.send_document(
        chat.id, document=results_csv(contest, answers), filename=f"ket-qua-cuoc-thi-{contest.id}.csv",
        caption=m.QUIZ_RESULTS_CAPTION.format(id=contest.id, players=players, total=contest.total))


# --- trainers and banks (admins) ---------------------------------------------------------------------------


async def giangvien(update: Update, context: Context) -> None:
    """/giangvien [bo] <user id> (or as a reply to the person): grant or revoke the trainer role; alone, list."""
    state = bot_state(context.bot_data)
    message, user = update.effective_message, update.effective_user
    assert message is not None
    user_id = user.id if user else None
    if not state.is_admin(user_id):
        await state.journal.record_admin_action(user_id, "trainer", allowed=False)
        await reply_text(update, context.bot, m.BOT_NOT_ADMIN)
        return
    words = list(context.args or [])
    revoke = bool(words) and words[0].lower() in ("bo", "bỏ", "xoa", "xóa")
    if revoke:
        words.pop(0)
    replied = message.reply_to_message.from_user if message.reply_to_message else None
    if words and words[0].lstrip("-").isdigit():
        target, who = int(words[0]), words[0]
    elif replied is not None and not replied.is_bot:
        target, who = replied.id, replied.full_name
    elif not words and not revoke:
        trainers = await state.records.trainers()
        await reply_text(update, context.bot, m.QUIZ_TRAINER_LIST.format(", ".join(map(str, trainers)))
                         if trainers else m.QUIZ_TRAINER_NONE)
        return
    else:
        await reply_text(update, context.bot, m.QUIZ_TRAINER_USAGE)
        return
    if revoke:
        done = await state.records.revoke_trainer(target)
        text = (m.QUIZ_TRAINER_REVOKED if done else m.QUIZ_TRAINER_UNKNOWN).format(user=who)
    else:
        await state.records.grant_trainer(target, user_id)
        text = m.QUIZ_TRAINER_GRANTED.format(user=who)
    await state.journal.record_admin_action(user_id, "trainer", allowed=True,
                                            detail=f"{'revoke' if revoke else 'grant'} {target}")
    await reply_text(update, context.bot, text)


async def bank_upload(update: Update, context: Context, name: str, data: bytes) -> None:
    """An admin's .yaml: check it as a quiz bank against the articles served, keep it, serve it at once."""
    state = bot_state(context.bot_data)
    user = update.effective_user
    service = serving(context.bot_data)

    def exists(article_id: str) -> bool:
        return service is not None and service.article(article_id) is not None

    try:
        outcome = await asyncio.to_thread(take_bank_upload, state.settings, name, data, state.quiz_bank, exists)
    except MaterialError as exc:
        where = m.QUIZ_BANK_LINE.format(exc.line) if exc.line else ""
        await reply_text(update, context.bot, m.QUIZ_BANK_BAD.format(name=name, error=where + exc.problem))
        return
    except UploadError as exc:
        if str(exc) != DISK_FULL:
            raise
        await reply_text(update, context.bot, m.BOT_UPLOAD_DISK_FULL.format(name=name))
        return
    if isinstance(outcome, BankRefusal):
        template = (m.QUIZ_BANK_UNKNOWN_ARTICLES if outcome.kind == "unknown-articles"
                    else m.QUIZ_BANK_DUPLICATE_IDS)
        await reply_text(update, context.bot, template.format(name=name, count=outcome.count,
                                                              examples="; ".join(outcome.examples)))
        return
    upload, state.quiz_bank = outcome
    await state.journal.record_admin_action(user.id if user else None, "quiz-bank", allowed=True,
                                            detail=f"{name}: {len(upload.questions)} questions")
    await reply_text(update, context.bot, m.QUIZ_BANK_OK.format(
        name=name, count=len(upload.questions), topics=", ".join(t.title for t in upload.topics)))
