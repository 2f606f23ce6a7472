"""What the tests share, in one place: configs, the CLI and bot-process runners, Telegram doubles, small KBs.

- Configs over the team's small test law (tests/fixtures/bot): `write_bot_config`, `robust_config`.
- Runners: `run_cli` (`python bot.py …` as a subprocess); the bot process against the local Bot API
  emulator is `emulator.session.running_bot` (shared with the load benchmarks), re-exported here.
- Telegram doubles for handler tests: `OfflineRequest`, a real `Bot`'s network layer replaced, answering
  with canned JSON shaped like Telegram's and making Telegram's checks (HTML that does not parse, text over
  4096 characters, callback_data over 64 bytes); `fail(method, *errors)` makes the next calls of a method
  fail (a `BotApiError` is answered as Telegram's error; any other exception, e.g. `TimedOut()`, is raised
  from the network layer after the call was recorded, as if it reached Telegram). Update factories build
  Updates the way Telegram sends them: `message_update`, `callback_update`.
- Small knowledge bases for index tests in the tests' own words: `small_kb`, `article`, `long_clause`.
- `encode_cp1258`: text the way old Windows editors save Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import json
import os
import re
import subprocess
import sys
import time
import unicodedata
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from telegram import Bot, Update
from telegram.ext import Application
from telegram.request import BaseRequest, RequestData

from emulator.botapi import BotApiError, command_entities, parse_html, utf16_len
from emulator.session import (  # noqa: F401 (re-exported for the tests)
    REPO,
    answers,
    bot_env,
    copy_state,
    duplicate_answers,
    exactly_once_problems,
    journal_rows,
    peak_rss_mb,
    question_id,
    running_bot,
    stop,
    user_session,
    write_config,
)
from knowledge.model import (
    Article,
    Citation,
    Clause,
    Document,
    DocumentKind,
    FaqEntry,
    GlossaryEntry,
    KnowledgeBase,
    Point,
)

# --- configs and runners -----------------------------------------------------------------------------------

BOT_FIXTURE_SOURCES = Path(__file__).parent / "fixtures" / "bot"
SHARED_CORPUS = REPO.parent / "shared" / "corpus"  # the official codified texts, beside this checkout
# A token shaped like a real one, so logs can be scanned for it and for its secret part.
BOT_ID = 7311946025
SECRET = "AAHk3xQ9-robustSecretPart_z7W4vL2mN8pR"
TOKEN = f"{BOT_ID}:{SECRET}"
ADMIN = 42


def write_bot_config(folder: Path, state_dir: Path, *, copy_from: Path | None = None,
                     extra_sources: tuple[tuple[Path, tuple[str, ...]], ...] = (),
                     subject_map: Mapping[str, Any] | None = None, **telegram: object) -> Path:
    """folder/config.yaml over the test law, its gate questions and `extra_sources`, state in `state_dir`.

    With `copy_from`, `state_dir` starts as a copy of that built state (without lock and journal); keyword
    arguments are the telegram section. Quizzes use the test bank (tests/fixtures/bot/quiz), 5 s a question.
    `subject_map` is that section (no map when None).
    """
    if copy_from is not None:
        copy_state(copy_from, state_dir)
    return write_config(folder / "config.yaml", state_dir, [(BOT_FIXTURE_SOURCES, ("*.md",)), *extra_sources],
                        gate_questions=BOT_FIXTURE_SOURCES / "gate.yaml", telegram=telegram,
                        quiz_banks=[str(BOT_FIXTURE_SOURCES / "quiz")],
                        quiz={"contest_seconds": 5, "pause_seconds": 0},
                        subject_map=dict(subject_map) if subject_map is not None else None)


COLLECTION_FIXTURE = Path(__file__).parent / "fixtures" / "collection"


def pack_collection(path: Path, *, leave_out: tuple[str, ...] = ()) -> Path:
    """A miniature collection tarball at `path`: tests/fixtures/collection plus the bot's test law filed as
    the đề mục 44.13 the bot holds; members named in `leave_out` are left out. Returns `path`."""
    import tarfile

    files = sorted((COLLECTION_FIXTURE / "van-ban").rglob("*.md"))
    members = [(p, str(p.relative_to(COLLECTION_FIXTURE))) for p in files]
    members.append((BOT_FIXTURE_SOURCES / "luat-thu-nghiem-bot.md", "van-ban/xay-dung/luat-thu-nghiem-bot.md"))
    with tarfile.open(path, "w:xz") as archive:
        for source, name in members:
            if name not in leave_out:
                archive.add(source, arcname=name)
    return path


def robust_config(tmp_path: Path, built_state: Path, **telegram: Any) -> Path:
    """A config over a fresh copy of `built_state` with uploads as a source, admin ADMIN, no rate limit to
    speak of; `telegram` overrides settings."""
    state = tmp_path / "state"
    return write_bot_config(tmp_path, state, copy_from=built_state,
                            extra_sources=((state / "uploads", ("*.md", "*.txt", "*.docx", "*.pdf")),),
                            **{"admin_ids": [ADMIN], "rate_limit_per_minute": 100_000, **telegram})


def run_cli(config: Path, *args: str, env: Mapping[str, str] | None = None, input: str | None = None,
            timeout: float = 300, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """`python bot.py <args> --config <config>` with text output captured; no token or admin ids from the
    caller's shell unless `env` gives them."""
    if env is None:
        env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "ADMIN_IDS",
                                                                "TELEGRAM_API_BASE_URL")}
    return subprocess.run([sys.executable, str(REPO / "bot.py"), *args, "--config", str(config)], cwd=cwd,
                          env=dict(env), input=input, stdin=None if input is not None else subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout, check=False)


# --- Telegram doubles and update factories ----------------------------------------------------------------

OFFLINE_BOT_ID = 999
OFFLINE_BOT_USERNAME = "dancoso_test_bot"
OFFLINE_BOT_USER = {"id": OFFLINE_BOT_ID, "is_bot": True, "first_name": "Dân chủ cơ sở",
                    "username": OFFLINE_BOT_USERNAME}


class OfflineRequest(BaseRequest):
    """Records calls and answers them; `refuse_html` makes the next N HTML messages fail to parse."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.files: dict[str, bytes] = {}
        self.documents: list[tuple[int, str, str, bytes]] = []  # files the bot sent: (chat, field, name, bytes)
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
        if request_data is not None and request_data.multipart_data:
            for field_name, (file_name, content, _mime) in request_data.multipart_data.items():
                self.documents.append((int(params.get("chat_id", 0)), field_name, file_name, content))
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
            return OFFLINE_BOT_USER
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
                       "from": OFFLINE_BOT_USER, "text": visible}
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            return message
        if name == "sendDocument":  # the file itself is kept in `documents` (see do_request)
            chat_id = int(params.get("chat_id", 1))
            return {"message_id": next(self._ids), "date": int(time.time()), "from": OFFLINE_BOT_USER,
                    "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
                    "document": {"file_id": "d", "file_unique_id": "d", "file_name": "x"},
                    "caption": params.get("caption", "")}
        if name == "sendPhoto":  # the image itself is kept in `documents` (see do_request)
            chat_id = int(params.get("chat_id", 1))
            return {"message_id": next(self._ids), "date": int(time.time()), "from": OFFLINE_BOT_USER,
                    "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
                    "photo": [{"file_id": "p", "file_unique_id": "p", "width": 770, "height": 880}],
                    "caption": params.get("caption", "")}
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
        if entities := command_entities(text):
            message["entities"] = entities
    if reply_to is not None:
        message["reply_to_message"] = reply_to
    return Update.de_json({"update_id": next(_update_ids), "message": message}, bot)


def callback_update(bot: Bot, data: str, *, user_id: int = 1, message: dict[str, Any] | None = None) -> Update:
    """An Update for a press of an inline button under one of the bot's messages."""
    message = message or {"message_id": 5, "date": int(time.time()), "chat": chat(user_id, "private"),
                          "from": OFFLINE_BOT_USER, "text": "x"}
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

# --- small knowledge bases ---------------------------------------------------------------------------------

LAW = "10/2022/QH15"


def article(doc_id: str, number: str, title: str, clauses: list[str], *, doc_number: str = LAW,
            kind: str = "Luật", codified: str = "") -> Article:
    cls = tuple(Clause(str(i) if len(clauses) > 1 else "", t) for i, t in enumerate(clauses, 1))
    return Article(
        id=codified or f"{doc_id}.{number}", title=title,
        citation=Citation(number, doc_number, kind, "Luật Thử nghiệm dân chủ",
                          dt.date(2022, 11, 10), dt.date(2023, 7, 1)),
        text="\n\n".join(clauses), clauses=cls, document_id=doc_id, chapter="Chương I. Chung",
    )


def small_kb(extra_sentence: str = "", sha: str = "a" * 64) -> KnowledgeBase:
    law = Document(
        id="law", title="Luật thử nghiệm", kind=DocumentKind.CODIFIED, path="law.md", sha256=sha,
        articles=(
            article("law", "1", "Bầu trưởng thôn",
                    ["Người đứng đầu thôn do hộ gia đình trong thôn bầu ra bằng phiếu kín." + extra_sentence,
                     "Nhiệm kỳ của người đứng đầu thôn là hai năm rưỡi."], codified="44.13.LQ.1"),
            article("law", "2", "Đóng góp xây dựng đường làng",
                    ["Việc góp tiền làm đường cần quá nửa số hộ trong thôn tán thành.",
                     "Kết quả đóng góp được niêm yết công khai tại nhà văn hóa."], codified="44.13.LQ.2"),
            article("law", "3", "Hòa giải mâu thuẫn",
                    ["Tổ hòa giải giúp các bên tự thỏa thuận khi có tranh chấp nhỏ giữa hàng xóm."],
                    codified="44.13.LQ.3"),
        ),
    )
    decree = Document(
        id="decree", title="Nghị định thử nghiệm", kind=DocumentKind.CODIFIED, path="decree.md", sha256="b" * 64,
        articles=(
            article("decree", "21", "Phiếu lấy ý kiến hộ gia đình",
                    ["Phiếu lấy ý kiến được phát cho từng hộ và thu lại trong bảy ngày."],
                    doc_number="59/2023/NĐ-CP", kind="Nghị định", codified="44.13.NĐ.1.21"),
        ),
    )
    training = Document(
        id="news", title="Tin tập huấn", kind=DocumentKind.TRAINING, path="news.txt", sha256="c" * 64,
        articles=(Article("news.1", "Tin tập huấn", Citation("", "", "", ""),
                          "Hội nghị tập huấn cho cán bộ thôn về cách tổ chức họp dân. Các đại biểu trao đổi.",
                          (), "news"),),
    )
    return KnowledgeBase(
        documents=(law, decree, training),
        faq=(FaqEntry("faq-1", "Làm đường thôn cần bao nhiêu hộ đồng ý?", "Quá nửa số hộ.",
                      ("44.13.LQ.2", "44.13.NĐ.1.21")),),
        glossary=(GlossaryEntry("trưởng xóm", ("trưởng thôn", "người đứng đầu thôn")),),
    )


def long_clause() -> Clause:
    points = tuple(Point(letter, f"{letter}) " + f"Nội dung điểm {letter} nói về việc họp thôn. " * 8)
                   for letter in "abcd")
    lead = "Những việc sau đây phải đưa ra lấy ý kiến Nhân dân:"
    return Clause("3", lead + "\n" + "\n".join(p.text for p in points), points)

# --- encodings -----------------------------------------------------------------------------------------------

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # the five Vietnamese tone marks


def encode_cp1258(text: str) -> bytes:
    """Encode the way Windows does: base letter (with hat/breve/horn) then a separate tone byte."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in parts if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out += (base + tone).encode("cp1258")
    return bytes(out)


def fold_plain(text: str) -> str:
    """Lowercase, strip diacritics (đ → d), drop punctuation, collapse spaces: for comparing phrasings."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _trigrams(text: str) -> set[str]:
    padded = f" {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def too_close(a: str, b: str, limit: float) -> bool:
    """Whether two folded phrasings are near-duplicates: character trigrams or edit similarity ≥ `limit`."""
    ta, tb = _trigrams(a), _trigrams(b)
    if ta and tb and len(ta & tb) / len(ta | tb) >= limit:
        return True
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= limit and matcher.quick_ratio() >= limit and matcher.ratio() >= limit


# A provincial guidance as admins have it: the issuer and the national motto side by side in a header table,
# a number without a year, the kind on a line of its own; the team's own wording.
GUIDANCE_HEADER = (("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                   ("TỈNH BẮC NINH", "Độc lập - Tự do - Hạnh phúc"),
                   ("Số: 05/HD-UBND", "Bắc Ninh, ngày 10 tháng 3 năm 2025"))
GUIDANCE_BODY = (
    "HƯỚNG DẪN",
    "Tổ chức hội nghị thôn bàn việc làm đường giao thông nội đồng",
    "Điều 1. Phạm vi áp dụng",
    "Hướng dẫn này áp dụng đối với các thôn, tổ dân phố trên địa bàn tỉnh khi bàn việc làm đường nội đồng.",
    "Điều 2. Thông báo hội nghị",
    "1. Trưởng thôn gửi giấy mời họp bàn làm đường nội đồng tới từng hộ chậm nhất bảy ngày trước hôm họp.",
    "2. Hướng dẫn này có hiệu lực kể từ ngày ký.",
)


def guidance_docx() -> bytes:
    """The guidance as a Word file: its header table, then one paragraph per line of GUIDANCE_BODY."""
    import io

    import docx

    document = docx.Document()
    grid = document.add_table(rows=len(GUIDANCE_HEADER), cols=2)
    for r, row in enumerate(GUIDANCE_HEADER):
        for c, text in enumerate(row):
            grid.cell(r, c).text = text
    for line in GUIDANCE_BODY:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
