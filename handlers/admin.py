"""Handlers for admins: /reload, document uploads, /remove, /stats, /unanswered.

Every one of them refuses non-admins politely and logs the attempt (log file and journal).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import html
import logging
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import ContextTypes

from answers import messages as m
from answers.paging import split_html
from handlers import quiz
from handlers.replying import reply_text, send_pages
from handlers.state import bot_state, serving
from knowledge.naming import article_label
from serving.journal import VIETNAM_TZ
from serving.quizbanks import is_bank_file
from serving.reload import ReloadOutcome, ReloadRunningError
from serving.uploads import (
    DISK_FULL,
    MAX_UPLOAD_BYTES,
    NOT_VIETNAMESE,
    StoredUpload,
    UploadError,
    check_suffix,
    remove_upload,
    safe_display_name,
    store_upload,
)

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
Handler = Callable[[Update, Context], Awaitable[None]]


def admin_only(action: str) -> Callable[[Handler], Handler]:
    """Run the handler for admins; refuse anyone else politely and record the attempt."""

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def guarded(update: Update, context: Context) -> None:
            state = bot_state(context.bot_data)
            user = update.effective_user
            user_id = user.id if user else None
            if not state.is_admin(user_id):
                logger.warning("refused %s for non-admin user %s", action, user_id)
                await state.journal.record_admin_action(user_id, action, allowed=False)
                await reply_text(update, context.bot, m.BOT_NOT_ADMIN)
                return
            await handler(update, context)

        return guarded

    return decorate


def _percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def reload_report(outcome: ReloadOutcome, gate_configured: bool) -> str:
    """The admin's summary of a reload: switched or not, what changed, figures, the gate."""
    if outcome.error:
        return m.BOT_RELOAD_FAILED.format(outcome.error)
    lines = []
    if outcome.gate is not None and not outcome.gate.passed:
        lines.append(m.BOT_RELOAD_REJECTED.format(old=_percent(outcome.gate.old_hit5),
                                                  new=_percent(outcome.gate.new_hit5),
                                                  allowed=_percent(outcome.gate.max_drop)))
    else:
        lines.append(m.BOT_RELOAD_SWITCHED)
    for template, ids in ((m.BOT_RELOAD_ADDED, outcome.added), (m.BOT_RELOAD_REMOVED, outcome.removed),
                          (m.BOT_RELOAD_CHANGED, outcome.changed)):
        if ids:
            lines.append(template.format(", ".join(ids)))
    if not (outcome.added or outcome.removed or outcome.changed):
        lines.append(m.BOT_RELOAD_UNCHANGED)
    lines.extend(m.BOT_RELOAD_SKIPPED.format(problem) for problem in outcome.skipped)
    if outcome.missing:
        lines.append(m.BOT_RELOAD_MISSING.format(", ".join(outcome.missing)))
    lines.append(m.BOT_RELOAD_FIGURES.format(articles=outcome.articles, passages=outcome.passages or "?",
                                             seconds=outcome.seconds))
    if outcome.gate is not None:
        lines.append(m.BOT_RELOAD_GATE.format(n=outcome.gate.n, old=_percent(outcome.gate.old_hit5),
                                              new=_percent(outcome.gate.new_hit5)))
    elif not gate_configured:
        lines.append(m.BOT_RELOAD_NO_GATE)
    return "\n".join(lines)


@admin_only("reload")
async def reload_command(update: Update, context: Context) -> None:
    """Rebuild and switch in the background; the old index keeps answering meanwhile."""
    await _reload_and_report(update, context)


async def _reload_and_report(update: Update, context: Context) -> None:
    """Start the staged rebuild (refused while one runs) and report its outcome to the admin who asked."""
    state = bot_state(context.bot_data)
    user = update.effective_user
    try:
        task = state.reloader.start(context.bot_data)
    except ReloadRunningError:
        await reply_text(update, context.bot, m.BOT_RELOAD_RUNNING)
        return
    await reply_text(update, context.bot, m.BOT_RELOAD_STARTED)

    async def report() -> None:
        outcome = await task
        await state.journal.record_admin_action(
            user.id if user else None, "reload", allowed=True,
            detail=outcome.error or ("switched" if outcome.switched else "rejected by gate"))
        await reply_text(update, context.bot, reload_report(outcome, state.settings.gate_questions is not None))

    context.application.create_task(report(), update=update)


@admin_only("nap")
async def nap(update: Update, context: Context) -> None:
    """/nap <đề mục>: take that subject's file out of the codified collection as an upload, then reload.

    The file goes through the same checks and the same staged, gated /reload as a document an admin sends.
    """
    from knowledge.collection import CollectionError, subject_file
    from knowledge.errors import SourceError
    from knowledge.text import slug

    state = bot_state(context.bot_data)
    wanted = " ".join(context.args or []).strip()
    tarball = state.settings.collection
    if not wanted:
        await reply_text(update, context.bot, m.BOT_NAP_USAGE)
        return
    if tarball is None or not tarball.is_file():
        await reply_text(update, context.bot, m.BOT_NAP_NO_COLLECTION)
        return
    try:
        subject, data = await asyncio.to_thread(subject_file, tarball, wanted)
    except CollectionError as exc:
        await reply_text(update, context.bot, m.BOT_NAP_UNKNOWN.format(error=str(exc)))
        return
    user_id = update.effective_user.id if update.effective_user else None
    name = f"{slug(subject.title)}.md"
    try:
        stored = await asyncio.to_thread(store_upload, state.settings.uploads_dir, name, data, user_id)
    except SourceError as exc:
        await reply_text(update, context.bot, m.BOT_UPLOAD_FAILED.format(name=subject.title, error=str(exc)))
        return
    except UploadError as exc:
        duplicate_of = _duplicate_of(exc)
        await reply_text(update, context.bot, m.BOT_NAP_ALREADY.format(title=subject.title, id=duplicate_of)
                         if duplicate_of else upload_refusal(exc, subject.title))
        return
    await state.journal.record_admin_action(user_id, "nap", allowed=True, detail=f"{subject.code} {stored.id}")
    await reply_text(update, context.bot, m.BOT_NAP_STORED.format(title=subject.title, articles=stored.articles,
                                                                  id=stored.id))
    await _reload_and_report(update, context)


@admin_only("upload")
async def document(update: Update, context: Context) -> None:
    """An admin's .md/.txt/.docx/.pdf: download, check, parse, store under a generated name, report."""
    from knowledge.errors import SourceError

    state = bot_state(context.bot_data)
    message, user = update.effective_message, update.effective_user
    assert message is not None and message.document is not None
    name = safe_display_name(message.document.file_name or "")
    bank = is_bank_file(name)
    try:
        if not bank:
            check_suffix(name)
    except UploadError as exc:
        hint = {".doc": m.BOT_UPLOAD_DOC_HINT}.get(str(exc), m.BOT_UPLOAD_BAD_TYPE)
        await reply_text(update, context.bot, hint)
        return
    limit_mb = MAX_UPLOAD_BYTES // (1024 * 1024)
    if (message.document.file_size or 0) > MAX_UPLOAD_BYTES:
        size = message.document.file_size / 2**20
        await reply_text(update, context.bot, m.BOT_UPLOAD_TOO_BIG.format(name=name, size=size, limit=limit_mb))
        return
    file = await message.document.get_file()
    data = bytes(await file.download_as_bytearray())
    if bank:
        await quiz.bank_upload(update, context, name, data)
        return
    user_id = user.id if user else None
    try:
        stored = await asyncio.to_thread(store_upload, state.settings.uploads_dir, name, data, user_id)
    except SourceError as exc:
        await state.journal.record_admin_action(user_id, "upload", allowed=True, detail=f"failed: {exc}")
        await reply_text(update, context.bot, m.BOT_UPLOAD_FAILED.format(name=name, error=str(exc)))
        return
    except UploadError as exc:
        await reply_text(update, context.bot, upload_refusal(exc, name))
        return
    await state.journal.record_admin_action(user_id, "upload", allowed=True, detail=stored.id)
    await reply_text(update, context.bot, upload_report(name, stored))


def _duplicate_of(exc: UploadError) -> str:
    """The id of the earlier upload a refused one duplicates, or "" when it was refused for another reason."""
    reason = str(exc)
    return reason.split(":", 1)[1] if reason.startswith("duplicate:") else ""


def upload_refusal(exc: UploadError, name: str) -> str:
    """Why `store_upload` refused the file called `name`: a full disk, not Vietnamese, or a duplicate."""
    if str(exc) == DISK_FULL:
        return m.BOT_UPLOAD_DISK_FULL.format(name=name)
    if str(exc) == NOT_VIETNAMESE:
        return m.BOT_UPLOAD_NOT_VIETNAMESE.format(name=name)
    return m.BOT_UPLOAD_DUPLICATE.format(name=name, id=str(exc).split(":", 1)[-1])


def upload_report(name: str, stored: StoredUpload) -> str:
    """The reply to an accepted upload: what it is, what its text says of itself, what is missing and how to add it.

    Each line is one of answers.messages' sentences with the found values filled in.
    """
    lines = [m.BOT_UPLOAD_OK.format(name=name, title=stored.title, articles=stored.articles, id=stored.id)]
    if stored.found:
        lines.append(m.BOT_UPLOAD_FOUND.format(fields=", ".join(
            m.BOT_UPLOAD_FIELD[k].format(v) for k, v in stored.found.items() if k in m.BOT_UPLOAD_FIELD)))
    if stored.missing:
        lines.append(m.BOT_UPLOAD_MISSING.format(
            fields=", ".join(m.BOT_UPLOAD_MISSING_NAME[k] for k in stored.missing),
            fixes="; ".join(m.BOT_UPLOAD_FIX[k] for k in stored.missing), id=stored.id))
    return "\n".join(lines)


@admin_only("remove")
async def remove(update: Update, context: Context) -> None:
    """/remove <id>: take an uploaded document out (effective at the next /reload)."""
    state = bot_state(context.bot_data)
    if not context.args:
        await reply_text(update, context.bot, m.BOT_REMOVE_USAGE)
        return
    upload_id = context.args[0]
    removed = await asyncio.to_thread(remove_upload, state.settings.uploads_dir, upload_id)
    user = update.effective_user
    await state.journal.record_admin_action(user.id if user else None, "remove", allowed=True,
                                            detail=upload_id if removed else f"unknown {upload_id}")
    if removed is None:
        await reply_text(update, context.bot, m.BOT_REMOVE_NOT_UPLOAD.format(id=upload_id))
        return
    await reply_text(update, context.bot, m.BOT_REMOVE_DONE.format(name=removed.original_name, id=removed.id))


@admin_only("stats")
async def stats(update: Update, context: Context) -> None:
    """/stats: questions today and in 7 days, refusal rate, uncertain deliveries, 👍/👎, median latency."""
    figures = await bot_state(context.bot_data).journal.stats()
    latency = f"{figures.median_latency_ms:.0f} ms" if figures.median_latency_ms is not None else "—"
    await reply_text(update, context.bot, m.BOT_STATS.format(
        today=figures.questions_today, week=figures.questions_week, refused=figures.refused_week,
        rate=_percent(figures.refusal_rate), uncertain=figures.uncertain_week, up=figures.thumbs_up,
        down=figures.thumbs_down, latency=latency, failed=figures.failed_writes, other=figures.other_week))
    await _send_activity_chart(update, context)


CHART_DAYS = 30
UNANSWERED_LIMIT = 30


async def _send_activity_chart(update: Update, context: Context) -> None:
    """The last CHART_DAYS days as a PNG, its figures repeated in the caption.

    A chart that fails to draw is logged and not sent: the figures went out as text already.
    """
    from serving.statschart import activity_png

    activity = await bot_state(context.bot_data).journal.activity(CHART_DAYS)
    service = serving(context.bot_data)
    labels: dict[str, str] = {}
    for article_id, _ in activity.top_articles:
        article = service.article(article_id) if service else None
        labels[article_id] = article_label(article) if article else article_id
    try:
        png = await asyncio.to_thread(activity_png, activity, labels)
    except Exception:  # a drawing failure must not take /stats down with it
        logger.exception("the /stats chart could not be drawn")
        return
    top = ", ".join(f"{labels[a]} ({n})" for a, n in activity.top_articles[:3])
    caption = m.BOT_STATS_CHART_CAPTION.format(
        days=CHART_DAYS, questions=sum(d.questions for d in activity.days),
        refused=sum(d.refused for d in activity.days), up=sum(d.thumbs_up for d in activity.days),
        down=sum(d.thumbs_down for d in activity.days), top=m.BOT_STATS_CHART_TOP_LINE.format(top) if top else "")
    assert update.effective_chat is not None
    await context.bot.send_photo(update.effective_chat.id, photo=png, caption=caption[:1024],
                                 filename="thong-ke.png")


@admin_only("export")
async def export(update: Update, context: Context) -> None:
    """/export [từ ngày] [đến ngày]: the journal's questions as a CSV document (default: the last 30 days)."""
    state = bot_state(context.bot_data)
    words = context.args or []
    try:
        start, end = export_range(words, dt.datetime.now(VIETNAM_TZ))
    except ValueError:
        await reply_text(update, context.bot, m.BOT_EXPORT_USAGE)
        return
    data, count = await state.journal.export_csv(start.timestamp(), end.timestamp())
    name = f"nhat-ky-{start:%Y%m%d}-{(end - dt.timedelta(days=1)):%Y%m%d}.csv"
    assert update.effective_chat is not None
    await context.bot.send_document(update.effective_chat.id, document=data, filename=name,
                                    caption=m.BOT_EXPORT_CAPTION.format(count=count, start=f"{start:%d/%m/%Y}",
                                                                        end=f"{(end - dt.timedelta(days=1)):%d/%m/%Y}"))


def export_range(words: list[str], now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) for /export: "dd/mm/yyyy [dd/mm/yyyy]" (the end day included), or the last 30 days.

    Raises ValueError for a date that cannot be read or a range that ends before it starts.
    """
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if not words:
        return today - dt.timedelta(days=29), today + dt.timedelta(days=1)
    if len(words) > 2:
        raise ValueError("too many dates")
    days = [dt.datetime.strptime(w, "%d/%m/%Y").replace(tzinfo=now.tzinfo) for w in words]
    start, last = days[0], days[-1] if len(days) == 2 else today
    if last < start:
        raise ValueError("the range ends before it starts")
    return start, last + dt.timedelta(days=1)


@admin_only("unanswered")
async def unanswered(update: Update, context: Context) -> None:
    """/unanswered: the latest refused, 👎 and thinly backed questions, grouped by the article nearest to each."""
    state = bot_state(context.bot_data)
    questions = await state.journal.unanswered(limit=UNANSWERED_LIMIT,
                                               thin_below=state.settings.subject_map.trust_cosine)
    if not questions:
        await reply_text(update, context.bot, m.BOT_UNANSWERED_NONE)
        return
    service = serving(context.bot_data)
    groups: dict[str, list[str]] = {}
    for q in questions:
        when = dt.datetime.fromtimestamp(q.asked_at, VIETNAM_TZ).strftime("%d/%m %H:%M")
        mark = "🚫" if q.refused else f"👎×{q.thumbs_down}" if q.thumbs_down else m.BOT_UNANSWERED_THIN
        nearest = q.article_ids[0] if q.article_ids else ""
        article = service.article(nearest) if service and nearest else None
        topic = (f"{article_label(article)} — {article.title}" if article else nearest) or m.BOT_UNANSWERED_NO_TOPIC
        groups.setdefault(topic, []).append(m.BOT_UNANSWERED_LINE.format(id=q.id, when=when, mark=mark,
                                                                          text=q.text[:200]))
    lines = [m.BOT_UNANSWERED_HEADER]
    for topic, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):  # busiest topic first
        lines += ["", m.BOT_UNANSWERED_TOPIC.format(topic=topic, n=len(items)), *items]
    assert update.effective_chat is not None
    await send_pages(context.bot, update.effective_chat.id, split_html(html.escape("\n".join(lines), quote=False)))
