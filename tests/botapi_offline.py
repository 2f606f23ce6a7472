"""PTB-style test doubles for handler tests: a real `Bot` whose network layer is replaced, and Update factories.

`OfflineRequest` subclasses `telegram.request.BaseRequest`: every Bot API call is recorded and answered with
canned JSON shaped like Telegram's, including the checks Telegram makes (HTML that does not parse, text over
4096 characters, callback_data over 64 bytes). `fail(method, *errors)` makes the next calls of a method fail:
a `BotApiError` is answered as Telegram's error (e.g. 500), any other exception (e.g. `TimedOut()`, the
ambiguous case) is raised from the network layer after the call was recorded, as if it reached Telegram.
Factories build Updates the way Telegram would send them.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram import Bot, Update
from telegram.ext import Application
from telegram.request import BaseRequest, RequestData

from tests.botapi_emulator import BotApiError, _entities, parse_html, utf16_len

BOT_ID = 999
BOT_USERNAME = "dancoso_test_bot"
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "Dân chủ cơ sở", "username": BOT_USERNAME}


class OfflineRequest(BaseRequest):
    """Records calls and answers them; `refuse_html` makes the next N HTML messages fail to parse."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.files: dict[str, bytes] = {}
        self.refuse_html = 0
        self.failures: dict[str, list[Exception]] = {}
        self._ids = itertools.count(1000)

    def fail(self, method: str, *errors: Exception) -> None:
        """Make the next len(errors) calls of `method` fail with these errors, in order."""
        self.failures.setdefault(method, []).extend(errors)

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    @property
    def read_timeout(self) -> float:
        """Reads never wait."""
        return 1.0

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        """Answer one Bot API call (or file download) like Telegram would."""
        if "/file/bot" in url:
            return 200, self.files[url.rsplit("/", 1)[-1]]
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        self.calls.append((name, params))
        pending = self.failures.get(name)
        try:
            if pending:
                error = pending.pop(0)
                if isinstance(error, BotApiError):
                    raise error
                self._answer(name, params)  # the call took effect; only its answer is lost
                raise error
            result = self._answer(name, params)
        except BotApiError as exc:
            return exc.code, json.dumps({"ok": False, "error_code": exc.code, "description": exc.description}).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _answer(self, name: str, params: dict[str, Any]) -> Any:
        if name == "getMe":
            return BOT_USER
        if name in ("sendMessage", "editMessageText", "editMessageReplyMarkup"):
            text = params.get("text", "x")
            if params.get("parse_mode") == "HTML":
                if self.refuse_html > 0:
                    self.refuse_html -= 1
                    raise BotApiError(400, "Bad Request: can't parse entities: unsupported start tag")
                visible = parse_html(text)
            else:
                visible = text
            if utf16_len(visible) > 4096:
                raise BotApiError(400, "Bad Request: message is too long")
            for row in (params.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    if len(button.get("callback_data", "").encode()) > 64:
                        raise BotApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            chat_id = int(params.get("chat_id", 1))
            message = {"message_id": params.get("message_id") or next(self._ids), "date": int(time.time()),
                       "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
                       "from": BOT_USER, "text": visible}
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            return message
        if name == "getFile":
            data = self.files[params["file_id"]]
            return {"file_id": params["file_id"], "file_unique_id": "u", "file_size": len(data),
                    "file_path": f"documents/{params['file_id']}"}
        return True  # answerCallbackQuery, sendChatAction, setMyCommands, deleteWebhook ...

    # --- reading what the bot did ------------------------------------------------------------------------

    def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Parameters of every sendMessage (to one chat, if given)."""
        return [p for n, p in self.calls if n == "sendMessage" and (chat_id is None or int(p["chat_id"]) == chat_id)]

    def called(self, name: str) -> list[dict[str, Any]]:
        """Parameters of every call of one method."""
        return [p for n, p in self.calls if n == name]


_update_ids = itertools.count(1)
_message_ids = itertools.count(1)


def user(user_id: int) -> dict[str, Any]:
    """A Telegram user object."""
    return {"id": user_id, "is_bot": False, "first_name": f"Cán bộ {user_id}"}


def chat(chat_id: int, chat_type: str) -> dict[str, Any]:
    """A Telegram chat object."""
    return {"id": chat_id, "type": chat_type, **({"title": "Nhóm xã"} if chat_type != "private" else {})}


def message_update(bot: Bot, text: str, *, user_id: int = 1, chat_id: int | None = None,
                   chat_type: str = "private", reply_to: dict[str, Any] | None = None,
                   document: dict[str, Any] | None = None) -> Update:
    """An Update carrying a user's message (commands and mentions get entities as Telegram sets them)."""
    message: dict[str, Any] = {
        "message_id": next(_message_ids), "date": int(time.time()), "from": user(user_id),
        "chat": chat(user_id if chat_id is None else chat_id, chat_type),
    }
    if document is not None:
        message["document"] = document
    else:
        message["text"] = text
        if entities := _entities(text):
            message["entities"] = entities
    if reply_to is not None:
        message["reply_to_message"] = reply_to
    return Update.de_json({"update_id": next(_update_ids), "message": message}, bot)


def callback_update(bot: Bot, data: str, *, user_id: int = 1, message: dict[str, Any] | None = None) -> Update:
    """An Update for a press of an inline button under one of the bot's messages."""
    message = message or {"message_id": 5, "date": int(time.time()), "chat": chat(user_id, "private"),
                          "from": BOT_USER, "text": "x"}
    return Update.de_json({"update_id": next(_update_ids), "callback_query": {
        "id": f"q{next(_update_ids)}", "from": user(user_id), "chat_instance": "c", "data": data,
        "message": message}}, bot)


@asynccontextmanager
async def started(application: Application, request: OfflineRequest) -> AsyncIterator[Application]:
    """Run an application's start-up (post_init included) and shutdown around a test, as run_polling would.

    The calls made while starting (getMe, setMyCommands) are cleared, so a test sees only its own.
    """
    await application.initialize()
    await application.post_init(application)  # type: ignore[misc]
    request.calls.clear()
    try:
        yield application
    finally:
        await application.post_shutdown(application)  # type: ignore[misc]
        await application.shutdown()
