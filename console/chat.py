"""The local console chat: the bot's answer path without Telegram, for trying it before getting a token.

Reads questions line by line until EOF or /quit and prints the same replies the bot sends (plain text).
/dieu, /help, /moi and "điều 21" work as in Telegram, and follow-up questions are answered in context.
Works with any stdin, including none (CI): EOF ends it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TextIO

from answers import messages as m
from answers.dialogue import Turn
from answers.paging import html_to_plain
from serving.firststart import BackgroundBuild, build_full, build_preview
from serving.helptext import help_html
from serving.ports import AnswerPort
from serving.subjectmap import MapBuild
from settings import Settings

logger = logging.getLogger(__name__)

QUIT_COMMANDS = ("/quit", "/exit", "/thoat")


def load_or_build(settings: Settings, out: TextIO) -> tuple[AnswerPort, BackgroundBuild | None]:
    """The serving index, or on a first start a preview index plus the full build running behind it.

    Returns (service, background build or None). Progress of the preview build goes to `out`; the full
    build logs only. A preview that cannot be built falls back to building the full index here.
    """
    from answers.service import load_service
    from index.errors import IndexMissingError

    try:
        return load_service(settings), None
    except IndexMissingError:
        print(m.FIRST_BUILD_PREVIEW, file=out, flush=True)
    try:
        preview = build_preview(settings, progress=lambda line: print(line, file=out, flush=True))
    except Exception:
        logger.exception("console: the preview build failed; building the full index")
        print(m.FIRST_BUILD, file=out, flush=True)
        return build_full(settings, progress=lambda line: print(line, file=out, flush=True)), None
    print(m.PREVIEW_READY, file=out, flush=True)
    return preview, BackgroundBuild(settings).start()


class Conversation:
    """The console's memory of its last answered turn, for follow-up questions (as a Telegram chat has)."""

    def __init__(self, minutes: int, clock: Callable[[], float] = time.time) -> None:
        self._max_age = minutes * 60
        self._clock = clock
        self._last: Turn | None = None

    def previous(self) -> Turn | None:
        """The last turn if it is recent enough, else None."""
        if self._last is not None and self._clock() - self._last.at > self._max_age:
            self._last = None
        return self._last

    def keep(self, turn: Turn | None) -> None:
        """Remember an answered turn (None keeps the one before)."""
        if turn is not None:
            self._last = turn

    def forget(self) -> None:
        """/moi: the next line is a new question."""
        self._last = None


def console_reply(service: AnswerPort, line: str, conversation: Conversation | None = None) -> str:
    """The plain-text reply to one console line (a question or a command), in the light of `conversation`."""
    command, _, argument = line.partition(" ")
    if command in ("/help", "/start"):
        return html_to_plain(help_html(service.documents(), "", admin=False))
    if command in ("/moi", "/new"):
        if conversation is not None:
            conversation.forget()
        return m.BOT_NEW_TOPIC
    if command == "/dieu":
        if not argument.strip()[:1].isdigit():
            return m.BOT_DIEU_USAGE
        line = f"điều {argument.strip()}"
    elif command == "/hoi":
        line = argument
    reply = service.answer(line, conversation.previous() if conversation is not None else None)
    if conversation is not None:
        conversation.keep(reply.turn)
    return reply.text


def _read_line(stdin: TextIO | None) -> str | None:
    if stdin is None:
        return None
    try:
        line = stdin.readline()
    except (OSError, ValueError):  # closed or unreadable stdin counts as the end
        return None
    return line or None


def run_console(settings: Settings, stdin: TextIO | None, stdout: TextIO) -> int:
    """Explain how to get a token, then chat on stdin/stdout; 0 at EOF or /quit, 1 if no index loads."""
    print(m.BOT_CONSOLE_NO_TOKEN, file=stdout)
    print(m.BOT_CONSOLE_LOADING, file=stdout, flush=True)
    try:
        service, full = load_or_build(settings, stdout)
    except Exception as exc:
        logger.exception("console: no index")
        print(m.BOT_CONSOLE_NO_INDEX.format(exc), file=stdout)
        return 1
    MapBuild(settings, ready=lambda: full is None or full.done.is_set()).start()
    interactive = bool(stdin is not None and hasattr(stdin, "isatty") and stdin.isatty())
    conversation = Conversation(settings.telegram.context_minutes)
    while True:
        if interactive:
            print(m.BOT_CONSOLE_PROMPT, end="", file=stdout, flush=True)
        line = _read_line(stdin)
        if line is None or line.strip() in QUIT_COMMANDS:
            print(m.BOT_CONSOLE_BYE, file=stdout, flush=True)
            return 0
        ready = full.take() if full is not None else None
        if ready is not None:
            service, full = ready, None
            print(m.FULL_INDEX_READY, file=stdout, flush=True)
        if line.strip():
            print(console_reply(service, line.strip(), conversation), file=stdout, end="\n\n", flush=True)
