"""Wiring of the Telegram bot: build the Application, register handlers, run (polling or webhook).

`run_bot(settings)` is what `python bot.py run` calls when a token is set. `build_application` is the same
wiring with its seams open for tests: the request object (network layer), the index loader and builder.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import sys
from typing import Any
from urllib.parse import urlparse

from telegram import Bot, BotCommand, Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    PollAnswerHandler,
    filters,
)
from telegram.request import BaseRequest

from answers import messages as m
from handlers import admin, cadres, quiz
from handlers.callbacks import CallbackCodec
from handlers.replying import DeliveryUncertainError, send_text
from handlers.state import STATE_KEY, BotState
from index.errors import IndexDamagedError, IndexMissingError
from serving.engine import build_staged, load_built, load_serving, publish_built
from serving.firststart import serve_preview_then_full
from serving.instance import AlreadyRunningError, InstanceLock
from serving.journal import Journal
from serving.logsafe import protect_logs
from serving.ports import GateMetricFactory, IndexBuilder, ServiceLoader
from serving.quizbanks import load_quiz_bank
from serving.ratelimit import QuestionRateLimit
from serving.reload import SERVICE_KEY, Reloader, gate_metric_from_file
from serving.subjectmap import MapBuild
from settings import Settings

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.POLL_ANSWER]
# Start-up calls (getMe, deleteWebhook/setWebhook) are retried by PTB: timeouts at once, other network errors
# and 5xx after 1.5 s, then 1.5× longer each time up to 30 s, so 10 retries ride out about two minutes of
# Telegram trouble per call. A rejected token is not retried (PTB raises InvalidToken at once).
BOOTSTRAP_RETRIES = 10
COMMANDS_ATTEMPTS = 3  # setMyCommands only sets the menu: retried briefly, then the bot starts without it
COMMANDS_BACKOFF_SECONDS = 1.0


def file_url_for(base_url: str) -> str | None:
    """The file download base for a Bot API base URL: ".../bot" → ".../file/bot"; None for the default."""
    if not base_url:
        return None
    base = base_url.rstrip("/")
    return base[: -len("/bot")] + "/file/bot" if base.endswith("/bot") else base + "/file/bot"


def build_application(
    settings: Settings, *, request: BaseRequest | None = None, updates_request: BaseRequest | None = None,
    load: ServiceLoader | None = None, build: IndexBuilder | None = None,
    gate_metric: GateMetricFactory = gate_metric_from_file, rate_limiter: bool = True,
) -> Application:
    """The bot's Application with every handler registered; services start in post_init."""
    tg = settings.telegram
    builder = ApplicationBuilder().token(tg.token).concurrent_updates(64)
    if tg.base_url:
        builder = builder.base_url(tg.base_url).base_file_url(file_url_for(tg.base_url) or "")
    if request is not None:
        builder = builder.request(request).get_updates_request(updates_request or request)
    else:
        builder = builder.connection_pool_size(64).pool_timeout(30.0)
    if rate_limiter:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    loader, index_builder = load or load_serving, build or build_staged

    async def post_init(application: Application) -> None:
        journal = Journal(settings.database_path)
        await journal.open()
        staged = build is None  # the real build stages a folder; the gate decides whether it is published
        reloader = Reloader(settings, index_builder, loader, gate_metric(settings),
                            load_built=load_built if staged else None,
                            publish=publish_built if staged else None)
        application.bot_data[STATE_KEY] = BotState(
            settings=settings, journal=journal, limiter=QuestionRateLimit(tg.rate_limit_per_minute),
            codec=CallbackCodec(), reloader=reloader, bot_data=application.bot_data,
        )
        state = application.bot_data[STATE_KEY]
        state.quiz_bank = await asyncio.to_thread(load_quiz_bank, settings)
        try:
            application.bot_data[SERVICE_KEY] = await asyncio.to_thread(loader, settings)
        except IndexMissingError as exc:
            # A first start: answer "not ready" for the minute a preview takes, then from the preview
            # while the full index is built (serving.firststart); with an injected builder, just build.
            logger.info("no index yet: building a preview, then the full index")
            if isinstance(exc, IndexDamagedError):  # not a first start: the only index there was is damaged
                damaged_only = m.BOT_INDEX_REBUILDING.format(problem=str(exc).split("; rebuild")[0])
                application.create_task(tell_admins(application.bot, tg.admin_ids, damaged_only),
                                        name="tell-admins-damage")
            if staged:
                application.create_task(serve_preview_then_full(settings, application.bot_data, reloader),
                                        name="first-start")
            else:
                reloader.start(application.bot_data)
        except Exception:
            # No usable index (mismatch, corruption): answer "not ready" and build one in the background.
            logger.exception("no index could be loaded; building one now")
            reloader.start(application.bot_data)
        state.map_build = MapBuild(settings, ready=lambda: _serves_full_index(application.bot_data)).start()
        await set_commands(application)
        damage = getattr(getattr(application.bot_data.get(SERVICE_KEY), "index", None), "damage", None)
        if damage is not None:
            await tell_admins(application.bot, tg.admin_ids, m.BOT_INDEX_FALLBACK.format(
                damaged=damage.damaged, problem=damage.problem, serving=damage.serving))
        if journal.quarantined is not None:
            await tell_admins(application.bot, tg.admin_ids, m.BOT_JOURNAL_QUARANTINED.format(
                name=journal.path.name, damage=journal.damage, moved=journal.quarantined.name))
        resumed = await quiz.resume_contests(application, state)
        if resumed:
            logger.info("%d contest(s) resumed after the restart", resumed)
        logger.info("bot @%s ready", application.bot.username)

    async def post_shutdown(application: Application) -> None:
        state = application.bot_data.get(STATE_KEY)
        if state is not None:
            if state.map_build is not None:
                state.map_build.stop()
            for task in list(state.contests.values()):  # saved state stays running: resumed at the next start
                task.cancel()
            state.reloader.close()
            await state.journal.close()

    application = builder.post_init(post_init).post_shutdown(post_shutdown).build()
    register_handlers(application)
    return application


def _serves_full_index(bot_data: dict[str, Any]) -> bool:
    """Whether the knowledge index answering is a full one (not missing, not a first start's preview)."""
    service = bot_data.get(SERVICE_KEY)
    return service is not None and not getattr(getattr(service, "index", None), "preview", False)


async def tell_admins(bot: Bot, admin_ids: frozenset[int], text: str) -> int:
    """Send `text` to every configured admin and return how many got it.

    A failure is logged, never raised: an admin who never opened a chat with the bot cannot be written to.
    """
    told = 0
    for admin_id in sorted(admin_ids):
        try:
            await send_text(bot, admin_id, text)
            told += 1
        except Exception as exc:
            logger.warning("could not tell admin %s: %s", admin_id, exc)
    if not admin_ids:
        logger.warning("no admin is configured to be told: %s", text)
    return told


async def set_commands(application: Application) -> bool:
    """Set the bot's command menu; on failure log it and return False, never raise (the bot runs without it).

    setMyCommands replaces the whole list, so a resend after an ambiguous failure does no harm.
    """
    commands = [BotCommand(c, d) for c, d in m.BOT_COMMANDS]
    for attempt in range(1, COMMANDS_ATTEMPTS + 1):
        try:
            await application.bot.set_my_commands(commands)
            return True
        except InvalidToken:
            raise
        except TelegramError as exc:
            if attempt == COMMANDS_ATTEMPTS:
                logger.warning("could not set the command menu (%s: %s); starting without it",
                               type(exc).__name__, exc)
                return False
            logger.info("setting the command menu failed (%s); trying again", exc)
            await asyncio.sleep(COMMANDS_BACKOFF_SECONDS * attempt)
    return False


def register_handlers(application: Application) -> None:
    """Commands, questions, buttons, uploads, and the one error handler."""
    new_messages = filters.UpdateType.MESSAGE  # edits of old messages are not new questions
    application.add_handler(CommandHandler("start", cadres.start, filters=new_messages))
    application.add_handler(CommandHandler(["help", "trogiup"], cadres.help_command, filters=new_messages))
    application.add_handler(CommandHandler("hoi", cadres.hoi, filters=new_messages))
    application.add_handler(CommandHandler("dieu", cadres.dieu, filters=new_messages))
    application.add_handler(CommandHandler(["moi", "new"], cadres.new_topic, filters=new_messages))
    application.add_handler(CommandHandler(["sources", "nguon"], cadres.sources, filters=new_messages))
    application.add_handler(CommandHandler("reload", admin.reload_command, filters=new_messages))
    application.add_handler(CommandHandler("remove", admin.remove, filters=new_messages))
    application.add_handler(CommandHandler("nap", admin.nap, filters=new_messages))
    application.add_handler(CommandHandler("stats", admin.stats, filters=new_messages))
    application.add_handler(CommandHandler("unanswered", admin.unanswered, filters=new_messages))
    application.add_handler(CommandHandler(["export", "xuat"], admin.export, filters=new_messages))
    application.add_handler(CommandHandler("onthi", quiz.onthi, filters=new_messages))
    application.add_handler(CommandHandler("thi", quiz.thi, filters=new_messages))
    application.add_handler(CommandHandler("dungthi", quiz.dungthi, filters=new_messages))
    application.add_handler(CommandHandler("ketqua", quiz.ketqua, filters=new_messages))
    application.add_handler(CommandHandler("giangvien", quiz.giangvien, filters=new_messages))
    application.add_handler(PollAnswerHandler(quiz.poll_answer))
    application.add_handler(MessageHandler(
        new_messages & filters.ChatType.PRIVATE & filters.Document.ALL, admin.document))
    application.add_handler(MessageHandler(
        new_messages & filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, cadres.private_text))
    application.add_handler(MessageHandler(
        new_messages & filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND, cadres.group_text))
    not_text = (filters.PHOTO | filters.VOICE | filters.AUDIO | filters.VIDEO | filters.VIDEO_NOTE
                | filters.Sticker.ALL | filters.LOCATION | filters.CONTACT | filters.ANIMATION)
    application.add_handler(MessageHandler(new_messages & filters.ChatType.PRIVATE & not_text, cadres.not_text))
    application.add_handler(CallbackQueryHandler(quiz.quiz_button, pattern=r"^q[:#]"))
    application.add_handler(CallbackQueryHandler(cadres.button))
    application.add_error_handler(on_error)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log every unhandled error with its traceback; tell the user something went wrong; keep running."""
    if update is None and isinstance(context.error, NetworkError | Conflict | RetryAfter):
        # trouble fetching updates: PTB's polling loop backs off and tries again by itself
        logger.warning("getting updates from Telegram failed (%s: %s); retrying", type(context.error).__name__,
                       context.error)
        return
    if isinstance(context.error, DeliveryUncertainError):
        # a reply that may have arrived: an error message now could follow a delivered answer
        logger.warning("a reply may not have arrived and was not resent: %s", context.error)
        return
    logger.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None and update.effective_message is not None:
        try:
            await send_text(context.bot, update.effective_chat.id, m.BOT_ERROR)
        except DeliveryUncertainError:
            logger.warning("the error message may not have arrived; not resent")
        except Exception:
            logger.warning("could not tell the user about the error", exc_info=True)


def run_bot(settings: Settings) -> None:
    """Run the Telegram bot until SIGINT/SIGTERM: long polling, or a webhook if webhook_url is set.

    Start-up calls to Telegram are retried (BOOTSTRAP_RETRIES), and a failure to set the command menu only
    logs a warning. Refuses to start (exit code 2, message on stderr) when another bot holds this state
    directory or Telegram rejects the token; any other fatal error (Telegram unreachable for longer than the
    retries last included) is logged (token redacted) and exits with code 1.
    """
    os.environ.setdefault("PTB_TIMEDELTA", "1")  # opt in to PTB's timedelta durations (no warnings)
    protect_logs(settings.telegram.token)
    lock = InstanceLock(settings.state_dir)
    try:
        lock.acquire()
    except AlreadyRunningError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    try:
        application = build_application(settings)
        tg = settings.telegram
        if tg.webhook_url:
            path = urlparse(tg.webhook_url).path.lstrip("/")
            secret = hashlib.sha256(tg.token.encode()).hexdigest()[:32]  # proves requests come from Telegram
            application.run_webhook(listen=tg.webhook_listen, port=tg.webhook_port, url_path=path,
                                    webhook_url=tg.webhook_url, secret_token=secret,
                                    allowed_updates=ALLOWED_UPDATES, bootstrap_retries=BOOTSTRAP_RETRIES)
        else:
            application.run_polling(allowed_updates=ALLOWED_UPDATES, bootstrap_retries=BOOTSTRAP_RETRIES)
    except InvalidToken:
        # PTB's message quotes the token; say what to do instead, without it
        print("error: Telegram rejected TELEGRAM_BOT_TOKEN; check it with @BotFather (/token) and the "
              "TELEGRAM_API_BASE_URL", file=sys.stderr)
        raise SystemExit(2) from None
    except Exception:
        # through logging, so the redacting filter cleans the traceback (an uncaught one would be printed raw)
        logger.critical("the bot stopped on an unexpected error", exc_info=True)
        raise SystemExit(1) from None
    finally:
        lock.release()

