"""A small local Telegram Bot API server for end-to-end tests and the load benchmark.

It serves `http://127.0.0.1:<port>/bot<token>/<method>` and `/file/bot<token>/<path>` and implements what the
bot uses, answering like the real Bot API (`{"ok": true, "result": ...}`, errors with `error_code` and
`description`, 429 with `parameters.retry_after`, dates in unix seconds): getMe, getUpdates (long polling with
offset, timeout and allowed_updates; a second concurrent poll ends the first with 409 Conflict), sendMessage,
editMessageText, editMessageReplyMarkup, answerCallbackQuery, sendChatAction, getFile and the file download,
setMyCommands, setWebhook, deleteWebhook, getWebhookInfo. While a webhook is set, updates are POSTed to it
(JSON, with the `X-Telegram-Bot-Api-Secret-Token` header, in order, retried until the bot answers 2xx) and
getUpdates answers 409 as Telegram does. sendMessage/edit* check what Telegram checks and the bot could
get wrong: HTML that Telegram cannot parse, text over 4096 characters, callback_data over 64 bytes.

Test controls (call from the test's event loop): `push_message`, `push_callback`, `push_document` queue
updates as a user would; `sent` lists every message the bot sent or edited; `wait_for(predicate)` waits for
the bot's calls without sleeping; `inject_fault(method, ...)` makes the next calls of a method fail with 429,
500, 409, a delay, a connection dropped before the call is done, or one dropped after it ("lost").
"""

from __future__ import annotations

import asyncio
import contextlib
import html.parser
import itertools
import json
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

# Parameters Telegram takes as plain strings; every other form field arrives JSON-encoded (PTB's habit).
_STRING_FIELDS = {"text", "parse_mode", "action", "callback_query_id", "file_id", "url", "caption", "emoji",
                  "secret_token", "ip_address", "question", "explanation"}
WEBHOOK_RETRY_SECONDS = 0.2  # Telegram retries a failed webhook delivery too (much more slowly)
_ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "span",
                 "tg-spoiler", "blockquote", "tg-emoji"}


class BotApiError(Exception):
    """An error answered to the bot as the Bot API would."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


@dataclass
class Fault:
    """Make the next `count` calls of `method` fail.

    kind: "429" (with retry_after), "500", "409" (Conflict), "slow" (answer after `delay` seconds; the call
    still takes effect if the bot gave up waiting), "drop" (connection closed before the call is done) or
    "lost" (the call is done, then the connection is closed before the answer: the bot cannot know).
    """

    method: str
    kind: str
    count: int = 1
    retry_after: int = 1
    delay: float = 0.0


@dataclass
class SentMessage:
    """A message as the bot sent it (or last edited it)."""

    chat_id: int
    message_id: int
    text: str
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    method: str
    at: float = field(default_factory=time.monotonic)

    def buttons(self) -> list[dict[str, Any]]:
        """The inline keyboard's buttons, row by row flattened."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [b for row in rows for b in row]


class _HtmlCheck(html.parser.HTMLParser):
    """Telegram's HTML rules, enough to catch what a bot gets wrong: unknown tags and unbalanced ones."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.error = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED_TAGS and not self.error:
            self.error = f"Unsupported start tag \"{tag}\""
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if (not self.stack or self.stack[-1] != tag) and not self.error:
            self.error = f"Unmatched end tag \"{tag}\""
        elif self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(text: str) -> str:
    """Return the visible text of Telegram HTML, raising BotApiError(400) where Telegram would refuse it."""
    checker = _HtmlCheck()
    checker.feed(text)
    checker.close()
    if not checker.error and checker.stack:
        checker.error = f"Can't find end tag corresponding to start tag \"{checker.stack[-1]}\""
    if checker.error:
        raise BotApiError(400, f"Bad Request: can't parse entities: {checker.error}")
    return "".join(checker.text)


# Telegram's own way of counting, written here apart from answers.paging on purpose: the emulator stands in for
# Telegram, so its checks must not share code with what they check.
def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


class BotApiEmulator:
    """The server and its test controls; `async with BotApiEmulator() as emu:` starts and stops it."""

    def __init__(self, token: str = "123:ABC", username: str = "dancoso_test_bot", bot_id: int = 123) -> None:
        self.token = token
        self.username = username
        self.bot_id = bot_id
        self.port = 0
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.sent: list[SentMessage] = []
        self._sent_by_chat: dict[int, list[SentMessage]] = {}
        self.answered_callbacks: list[dict[str, Any]] = []
        self.polls: dict[str, dict[str, Any]] = {}  # poll id -> the poll as sent (is_closed kept up to date)
        self.documents: list[dict[str, Any]] = []  # sendDocument calls: chat_id, filename, data, caption
        self.photos: list[dict[str, Any]] = []  # sendPhoto calls: chat_id, data, caption
        self.chat_actions: list[dict[str, Any]] = []
        self.faults: list[Fault] = []
        self.faults_applied: list[tuple[str, str]] = []  # (method, kind) of every fault that fired
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, bytes)
        self._changed = asyncio.Event()  # set and replaced on every change: a broadcast without locks
        self._poller: asyncio.Future[None] | None = None
        self._runner: web.AppRunner | None = None
        self.webhook: dict[str, Any] | None = None  # setWebhook's parameters while one is set
        self.webhook_deliveries: list[tuple[int, int]] = []  # (update_id, HTTP status) of every POST
        self._webhook_task: asyncio.Task[None] | None = None
        self._webhook_wakeup = asyncio.Event()

    # --- lifecycle ---------------------------------------------------------------------------------------

    async def start(self) -> str:
        """Listen on a free port of 127.0.0.1; return the base URL to give the bot (ends in /bot)."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[union-attr]
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self.base_url

    async def stop(self) -> None:
        """Stop serving and drop open connections."""
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
            self._webhook_task = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """The Bot API base URL (`TELEGRAM_API_BASE_URL`)."""
        return f"http://127.0.0.1:{self.port}/bot"

    # --- test controls: what users do ------------------------------------------------------------------

    def _user(self, user_id: int, name: str = "") -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": name or f"User{user_id}", "language_code": "vi"}

    def _chat(self, chat_id: int, chat_type: str, user_id: int) -> dict[str, Any]:
        if chat_type == "private":
            return {"id": chat_id, "type": "private", "first_name": f"User{user_id}"}
        return {"id": chat_id, "type": chat_type, "title": f"Nhóm {abs(chat_id)}"}

    def _queue(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), kind: payload}
        self._updates.append(update)
        self._webhook_wakeup.set()
        self._notify()
        return update

    def push_message(
        self, user_id: int, text: str, *, chat_id: int | None = None, chat_type: str = "private",
        reply_to_message_id: int | None = None,
    ) -> dict[str, Any]:
        """Queue a text message from a user; commands and @mentions get their entities like Telegram's."""
        chat_id = user_id if chat_id is None else chat_id
        message = self._new_user_message(user_id, chat_id, chat_type)
        message["text"] = text
        entities = command_entities(text)
        if entities:
            message["entities"] = entities
        if reply_to_message_id is not None:
            message["reply_to_message"] = self._messages[(chat_id, reply_to_message_id)]
        self._queue("message", message)
        return message

    def push_document(
        self, user_id: int, file_name: str, data: bytes, *, mime_type: str = "text/markdown",
        chat_id: int | None = None, chat_type: str = "private",
    ) -> dict[str, Any]:
        """Queue a document message; the bytes are served to getFile and the file download."""
        chat_id = user_id if chat_id is None else chat_id
        file_id = "f" + secrets.token_hex(8)
        self._files[file_id] = (f"documents/file_{len(self._files)}{_suffix(file_name)}", data)
        message = self._new_user_message(user_id, chat_id, chat_type)
        message["document"] = {"file_id": file_id, "file_unique_id": file_id[:8], "file_name": file_name,
                               "mime_type": mime_type, "file_size": len(data)}
        self._queue("message", message)
        return message

    def push_callback(self, user_id: int, message: SentMessage, data: str) -> str:
        """Queue a press of an inline button under one of the bot's messages; return the query id."""
        query_id = secrets.token_hex(6)
        stored = self._messages[(message.chat_id, message.message_id)]
        self._queue("callback_query", {
            "id": query_id, "from": self._user(user_id), "message": stored,
            "chat_instance": str(message.chat_id), "data": data,
        })
        return query_id

    def push_poll_answer(self, user_id: int, poll_id: str, option: int, *, name: str = "") -> dict[str, Any]:
        """Queue a user's answer to one of the bot's polls, as Telegram sends it for a non-anonymous poll.

        Raises AssertionError where Telegram would not deliver one: an unknown, anonymous or closed poll.
        """
        poll = self.polls[poll_id]
        assert not poll["is_anonymous"], "answers to anonymous polls never reach the bot"
        assert not poll["is_closed"], "a closed poll takes no answers"
        assert 0 <= option < len(poll["options"])
        poll["options"][option]["voter_count"] += 1
        poll["total_voter_count"] += 1
        return self._queue("poll_answer", {"poll_id": poll_id, "user": self._user(user_id, name),
                                           "option_ids": [option],
                                           "option_persistent_ids": [poll["options"][option]["persistent_id"]]})

    def polls_in(self, chat_id: int) -> list[dict[str, Any]]:
        """The polls the bot sent to a chat, oldest first (each with its `message_id` and `chat_id`)."""
        return [p for p in self.polls.values() if p["chat_id"] == chat_id]

    def _new_user_message(self, user_id: int, chat_id: int, chat_type: str) -> dict[str, Any]:
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": self._chat(chat_id, chat_type, user_id), "from": self._user(user_id)}
        self._messages[(chat_id, message["message_id"])] = message
        return message

    # --- test controls: what the bot did ---------------------------------------------------------------

    def sent_to(self, chat_id: int) -> list[SentMessage]:
        """Messages the bot sent to a chat (edits replace the earlier entry), oldest first."""
        return list(self._sent_by_chat.get(chat_id, ()))

    def inject_fault(self, method: str, kind: str, *, count: int = 1, retry_after: int = 1,
                     delay: float = 0.0) -> None:
        """Make the next `count` calls of `method` fail (kinds as in `Fault`)."""
        self.faults.append(Fault(method, kind, count, retry_after, delay))

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 20.0) -> Any:
        """Wait until predicate() is truthy (re-checked after every call the bot makes); return its value."""
        async with asyncio.timeout(timeout):
            while not (value := predicate()):
                await self._changed.wait()
            return value

    def _notify(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    # --- HTTP -------------------------------------------------------------------------------------------

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.Response(status=401, text="Unauthorized")
        path = request.match_info["path"]
        for file_path, data in self._files.values():
            if file_path == path:
                return web.Response(body=data, content_type="application/octet-stream")
        return web.Response(status=404, text="Not Found")

    async def _handle_method(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return _error(BotApiError(401, "Unauthorized"))
        params = await _read_params(request)
        self.calls.append((method, params))
        self._notify()  # waiters see a call when it starts (a long poll may not end for seconds)
        try:
            lose_response = await self._apply_fault(method, request)
            handler = getattr(self, "_api_" + _snake(method), None)
            if handler is None:
                raise BotApiError(404, "Not Found: method not found")
            result = await handler(params)
            if lose_response:  # done, but the bot never hears so: the ambiguous case
                assert request.transport is not None
                request.transport.close()
        except BotApiError as exc:
            return _error(exc)
        finally:
            self._notify()
        return web.json_response({"ok": True, "result": result})

    async def _apply_fault(self, method: str, request: web.Request) -> bool:
        """Apply the first pending fault of `method`; True when the call must run but its answer be lost."""
        for fault in self.faults:
            if fault.method == method and fault.count > 0:
                fault.count -= 1
                self.faults_applied.append((method, fault.kind))
                if fault.kind == "lost":
                    return True
                if fault.kind == "409":
                    raise BotApiError(409, "Conflict: terminated by other getUpdates request; make sure that "
                                           "only one bot instance is running")
                if fault.kind == "429":
                    raise BotApiError(429, f"Too Many Requests: retry after {fault.retry_after}",
                                      {"retry_after": fault.retry_after})
                if fault.kind == "500":
                    raise BotApiError(500, "Internal Server Error")
                if fault.kind == "slow":
                    await asyncio.sleep(fault.delay)
                if fault.kind == "drop":
                    assert request.transport is not None
                    request.transport.close()
                    raise BotApiError(500, "dropped")
                return False
        return False

    # --- Bot API methods -----------------------------------------------------------------------------

    async def _api_get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": "Dân chủ cơ sở", "username": self.username,
                "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False}

    async def _api_delete_webhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _api_set_webhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url") or "")
        if not url:
            return await self._api_delete_webhook(params)
        if not url.startswith(("http://", "https://")):
            raise BotApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise BotApiError(400, "Bad Request: secret token contains unallowed characters")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self.webhook = params
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.get_running_loop().create_task(self._deliver_to_webhook())
        self._webhook_wakeup.set()
        return True

    async def _api_get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        url = self.webhook["url"] if self.webhook else ""
        return {"url": url, "has_custom_certificate": False, "pending_update_count": len(self._updates)}

    async def _deliver_to_webhook(self) -> None:
        """POST queued updates to the webhook one at a time, oldest first, until it is deleted."""
        async with aiohttp.ClientSession() as session:
            while self.webhook is not None:
                allowed = self.webhook.get("allowed_updates") or None
                pending = [u for u in self._updates if not allowed or any(k in u for k in allowed)]
                if not pending:
                    self._webhook_wakeup.clear()
                    await self._webhook_wakeup.wait()
                    continue
                update = pending[0]
                secret = self.webhook.get("secret_token")
                headers = {"X-Telegram-Bot-Api-Secret-Token": str(secret)} if secret else {}
                try:
                    async with session.post(self.webhook["url"], json=update, headers=headers) as response:
                        status = response.status
                except aiohttp.ClientError:
                    status = 0
                self.webhook_deliveries.append((update["update_id"], status))
                self._notify()
                if 200 <= status < 300:
                    self._updates.remove(update)
                else:
                    await asyncio.sleep(WEBHOOK_RETRY_SECONDS)

    async def _api_set_my_commands(self, params: dict[str, Any]) -> bool:
        if not isinstance(params.get("commands"), list):
            raise BotApiError(400, "Bad Request: commands must be an array")
        return True

    async def _api_get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise BotApiError(409, "Conflict: can't use getUpdates method while webhook is active; use "
                                   "deleteWebhook to delete the webhook first")
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        allowed = params.get("allowed_updates") or None
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if self._poller is not None and not self._poller.done():
            self._poller.set_exception(BotApiError(
                409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
                     "is running"))
        poller: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._poller = poller

        def ready() -> list[dict[str, Any]]:
            return [u for u in self._updates if not allowed or any(k in u for k in allowed)][:limit]

        try:
            async with asyncio.timeout(timeout):
                while not ready():
                    waiter = asyncio.ensure_future(self._changed.wait())
                    await asyncio.wait({waiter, poller}, return_when=asyncio.FIRST_COMPLETED)
                    waiter.cancel()
                    if poller.done():
                        poller.result()  # raises the 409
        except TimeoutError:
            pass
        finally:
            if not poller.done():
                poller.set_result(None)
        return ready()

    async def _api_send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        text = _check_text(params.get("text", ""), params.get("parse_mode"))
        markup = _check_markup(params.get("reply_markup"))
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": self._chat(chat_id, "private" if chat_id > 0 else "supergroup", chat_id),
                   "from": {"id": self.bot_id, "is_bot": True, "first_name": "Dân chủ cơ sở",
                            "username": self.username},
                   "text": text}
        if markup:
            message["reply_markup"] = markup
        self._messages[(chat_id, message["message_id"])] = message
        sent = SentMessage(chat_id, message["message_id"], params.get("text", ""), params.get("parse_mode"), markup,
                           "sendMessage")
        self.sent.append(sent)
        self._sent_by_chat.setdefault(chat_id, []).append(sent)
        return message

    async def _api_edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._existing(params)
        text = _check_text(params.get("text", ""), params.get("parse_mode"))
        markup = _check_markup(params.get("reply_markup"))
        message["text"] = text
        message["edit_date"] = int(time.time())
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        self._record_edit(message, "editMessageText", params.get("text", ""), params.get("parse_mode"), markup)
        return message

    async def _api_edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._existing(params)
        markup = _check_markup(params.get("reply_markup"))
        if markup == message.get("reply_markup"):
            raise BotApiError(400, "Bad Request: message is not modified")
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        self._record_edit(message, "editMessageReplyMarkup", None, None, markup)
        return message

    def _existing(self, params: dict[str, Any]) -> dict[str, Any]:
        key = (int(params.get("chat_id", 0)), int(params.get("message_id", 0)))
        if key not in self._messages:
            raise BotApiError(400, "Bad Request: message to edit not found")
        return self._messages[key]

    def _record_edit(self, message: dict[str, Any], method: str, text: str | None, parse_mode: str | None,
                     markup: dict[str, Any] | None) -> None:
        for listing in (self.sent, self._sent_by_chat.get(message["chat"]["id"], [])):
            for i, sent in enumerate(listing):
                if sent.chat_id == message["chat"]["id"] and sent.message_id == message["message_id"]:
                    listing[i] = SentMessage(sent.chat_id, sent.message_id, sent.text if text is None else text,
                                             sent.parse_mode if text is None else parse_mode, markup, method)

    async def _api_send_poll(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        question = str(params.get("question", ""))
        options = params.get("options")
        if not 1 <= len(question) <= 300:
            raise BotApiError(400, "Bad Request: poll question length must not exceed 300")
        if not isinstance(options, list) or not 2 <= len(options) <= 12:
            raise BotApiError(400, "Bad Request: poll must have 2-12 options")
        texts = [o["text"] if isinstance(o, dict) else str(o) for o in options]
        if any(not 1 <= len(t) <= 100 for t in texts):
            raise BotApiError(400, "Bad Request: poll options length must not exceed 100")
        kind = params.get("type", "regular")
        # Bot API 9.6 took `correct_option_ids` (a list) over `correct_option_id`; a quiz has exactly one.
        ids = params.get("correct_option_ids")
        correct = ids[0] if isinstance(ids, list) and len(ids) == 1 else params.get("correct_option_id")
        if kind == "quiz" and (correct is None or not 0 <= int(correct) < len(texts)):
            raise BotApiError(400, "Bad Request: wrong correct option id specified")
        explanation = str(params.get("explanation") or "")
        if len(explanation) > 200 or explanation.count("\n") > 2:
            raise BotApiError(400, "Bad Request: explanation is too long or has too many line feeds")
        period = params.get("open_period")
        if period is not None and not 5 <= int(period) <= 600:
            raise BotApiError(400, "Bad Request: open_period must be 5-600")
        anonymous = params.get("is_anonymous", True) not in (False, "false", "False")
        poll = {"id": "p" + secrets.token_hex(6), "question": question,
                "options": [{"text": t, "voter_count": 0, "persistent_id": f"o{i}"} for i, t in enumerate(texts)],
                "total_voter_count": 0, "is_closed": False, "is_anonymous": anonymous, "type": kind,
                "allows_multiple_answers": False, "allows_revoting": False, "members_only": False}
        if kind == "quiz":
            poll["correct_option_ids"] = [int(correct)]
            if explanation:
                poll["explanation"] = explanation
        if period is not None:
            poll["open_period"] = int(period)
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": self._chat(chat_id, "private" if chat_id > 0 else "supergroup", chat_id),
                   "from": {"id": self.bot_id, "is_bot": True, "first_name": "Dân chủ cơ sở",
                            "username": self.username},
                   "poll": poll}
        self._messages[(chat_id, message["message_id"])] = message
        self.polls[poll["id"]] = {**poll, "chat_id": chat_id, "message_id": message["message_id"]}
        poll_ref = self.polls[poll["id"]]
        message["poll"] = {k: v for k, v in poll_ref.items() if k not in ("chat_id", "message_id")}
        return message

    async def _api_stop_poll(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._existing(params)
        if "poll" not in message:
            raise BotApiError(400, "Bad Request: message with poll to stop not found")
        poll = self.polls[message["poll"]["id"]]
        if poll["is_closed"]:
            raise BotApiError(400, "Bad Request: poll has already been closed")
        poll["is_closed"] = True
        return {k: v for k, v in poll.items() if k not in ("chat_id", "message_id")}

    async def _api_send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        document = params.get("document")
        if not isinstance(document, dict):
            raise BotApiError(400, "Bad Request: there is no document in the request")
        self.documents.append({"chat_id": chat_id, "filename": document["filename"], "data": document["data"],
                               "caption": params.get("caption", "")})
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": self._chat(chat_id, "private" if chat_id > 0 else "supergroup", chat_id),
                   "document": {"file_id": "d" + secrets.token_hex(6), "file_unique_id": secrets.token_hex(4),
                                "file_name": document["filename"], "file_size": len(document["data"])}}
        self._messages[(chat_id, message["message_id"])] = message
        return message

    async def _api_send_photo(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        photo = params.get("photo")
        if not isinstance(photo, dict):
            raise BotApiError(400, "Bad Request: there is no photo in the request")
        data = photo["data"]
        if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
            raise BotApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        if len(data) > 10 * 1024 * 1024:
            raise BotApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
        caption = params.get("caption", "")
        if utf16_len(caption) > 1024:
            raise BotApiError(400, "Bad Request: message caption is too long")
        self.photos.append({"chat_id": chat_id, "data": data, "caption": caption})
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": self._chat(chat_id, "private" if chat_id > 0 else "supergroup", chat_id),
                   "photo": [{"file_id": "p" + secrets.token_hex(6), "file_unique_id": secrets.token_hex(4),
                              "width": 770, "height": 880, "file_size": len(data)}],
                   "caption": caption}
        self._messages[(chat_id, message["message_id"])] = message
        return message

    async def _api_answer_callback_query(self, params: dict[str, Any]) -> bool:
        self.answered_callbacks.append(params)
        return True

    async def _api_send_chat_action(self, params: dict[str, Any]) -> bool:
        self.chat_actions.append(params)
        return True

    async def _api_get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = params.get("file_id", "")
        if file_id not in self._files:
            raise BotApiError(400, "Bad Request: invalid file_id")
        path, data = self._files[file_id]
        return {"file_id": file_id, "file_unique_id": file_id[:8], "file_size": len(data), "file_path": path}


# --- helpers -----------------------------------------------------------------------------------------------


def _error(exc: BotApiError) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": exc.code, "description": exc.description}
    if exc.parameters:
        body["parameters"] = exc.parameters
    return web.json_response(body, status=exc.code)


async def _read_params(request: web.Request) -> dict[str, Any]:
    """Form or JSON parameters; JSON-encoded form values are decoded, string fields kept as they are."""
    if request.content_type == "application/json":
        return dict(await request.json())
    params: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        form = await request.post()
        for key, value in form.items():
            if not isinstance(value, str):
                if isinstance(value, web.FileField):  # sendDocument's file: kept as name and bytes
                    params[key] = {"filename": value.filename, "data": value.file.read()}
                continue
            if key in _STRING_FIELDS:
                params[key] = value
            else:
                try:
                    params[key] = json.loads(value)
                except ValueError:
                    params[key] = value
    return params


def _check_text(text: str, parse_mode: str | None) -> str:
    visible = parse_html(text) if (parse_mode or "").upper() == "HTML" else text
    if not visible.strip():
        raise BotApiError(400, "Bad Request: message text is empty")
    if utf16_len(visible) > 4096:
        raise BotApiError(400, "Bad Request: message is too long")
    return visible


def _check_markup(markup: Any) -> dict[str, Any] | None:
    if not markup:
        return None
    if isinstance(markup, str):
        markup = json.loads(markup)
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode("utf-8")) <= 64:
                raise BotApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup


def command_entities(text: str) -> list[dict[str, Any]]:
    """bot_command at the start and @mentions anywhere, offsets in UTF-16 units as Telegram gives them."""
    entities = []
    if text.startswith("/"):
        word = text.split(maxsplit=1)[0]
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(word)})
    position = 0
    for word in text.split(" "):
        stripped = word.rstrip(",.!?:;")
        if stripped.startswith("@") and len(stripped) > 1:
            offset = utf16_len(text[:position])
            entities.append({"type": "mention", "offset": offset, "length": utf16_len(stripped)})
        position += len(word) + 1
    return entities


def _snake(method: str) -> str:
    """GetUpdates -> get_updates: Bot API method names to this module's handler names."""
    return re.sub(r"(?<!^)([A-Z])", r"_\1", method).lower()


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""
