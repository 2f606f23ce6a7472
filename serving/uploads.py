"""Documents admins send from Telegram: checked, then kept in the state directory for the next /reload.

A file is stored under a name the bot makes (`upload-<utc time>-<random><ext>`), never the sender's name, so
no file name can reach outside `settings.uploads_dir`; the original name and who sent it are kept in a
sidecar `<stored stem>.json`. The stored stem is the upload's id for /sources and /remove.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePath

from knowledge.errors import LawBotError, disk_full
from knowledge.model import Document, DocumentKind

logger = logging.getLogger(__name__)

ALLOWED_SUFFIXES = (".md", ".txt", ".docx", ".pdf")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # what the Bot API lets a bot download


DISK_FULL = "disk-full"  # UploadError's message when the disk filled up while storing (nothing kept)
NOT_VIETNAMESE = "not-vietnamese"  # UploadError's message for text that is neither a legal text nor Vietnamese
MIN_VIETNAMESE_SHARE = 0.03  # letters with Vietnamese diacritics, among all letters, in a text without articles
_VIETNAMESE = frozenset("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


class UploadError(LawBotError):
    """The file cannot be taken; the message says why (in the user's language where it comes from us)."""


@dataclass(frozen=True)
class StoredUpload:
    """An accepted upload: its id (the stored file's stem) and what was found in it."""

    id: str
    original_name: str
    stored_name: str
    title: str
    articles: int
    sha256: str
    uploaded_by: int | None
    uploaded_at: str
    content_sha256: str = ""  # of the parsed text: the same document in another format or name is a duplicate
    # what the text says of itself (legal documents): found values, and the names of those not found
    found: dict[str, str] = field(default_factory=dict)
    missing: tuple[str, ...] = ()


MAX_DISPLAY_NAME = 120


def safe_display_name(name: str) -> str:
    """The last path component of a sender's file name, for messages only (never used as a path).

    Unprintable characters (NUL, controls) are dropped; a name longer than MAX_DISPLAY_NAME is shortened
    in the middle of its stem so its suffix (which decides the file type) is kept.
    """
    base = PurePath(name.replace("\\", "/")).name
    clean = "".join(ch for ch in base if ch.isprintable())
    if len(clean) > MAX_DISPLAY_NAME:
        suffix = PurePath(clean).suffix[:10]
        clean = clean[: MAX_DISPLAY_NAME - len(suffix) - 1] + "…" + suffix
    return clean or "tệp"


def check_suffix(name: str) -> str:
    """The file's lower-case suffix if the bot takes it; raises UploadError otherwise."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise UploadError(suffix or "(không có đuôi tệp)")
    return suffix


def list_uploads(uploads_dir: Path) -> list[StoredUpload]:
    """Uploads waiting in the folder (the next build includes them), oldest first."""
    found = []
    for sidecar in sorted(uploads_dir.glob("upload-*.json")):
        try:
            found.append(StoredUpload(**json.loads(sidecar.read_text(encoding="utf-8"))))
        except (OSError, ValueError, TypeError):
            logger.warning("unreadable upload sidecar %s skipped", sidecar)
    return found


def store_upload(uploads_dir: Path, original_name: str, data: bytes, uploaded_by: int | None) -> StoredUpload:
    """Parse the bytes as the named kind of document and keep them; returns what was stored.

    Raises UploadError for a refused file type or a duplicate, and `knowledge.errors.SourceError` (message
    names the file and line) for a file that does not parse. Nothing is written unless it parses.
    """
    from knowledge.sources import parse_upload

    name = safe_display_name(original_name)
    suffix = check_suffix(name)
    digest = hashlib.sha256(data).hexdigest()
    earlier = list_uploads(uploads_dir)
    for existing in earlier:
        if existing.sha256 == digest:
            raise UploadError(f"duplicate:{existing.id}")
    document = parse_upload(name, data)
    if document.kind == DocumentKind.TRAINING and _vietnamese_share(document) < MIN_VIETNAMESE_SHARE:
        raise UploadError(NOT_VIETNAMESE)  # no article headings and hardly a Vietnamese letter: not for the bot
    content = content_fingerprint(document)
    for existing in earlier:
        if _fingerprint_of(uploads_dir, existing) == content:
            raise UploadError(f"duplicate:{existing.id}")
    found, missing = describe_document(document)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    upload_id = f"upload-{stamp}-{secrets.token_hex(4)}".lower()  # ids are lower case once indexed
    uploads_dir.mkdir(parents=True, exist_ok=True)
    stored = StoredUpload(
        id=upload_id, original_name=name, stored_name=upload_id + suffix, title=document.title,
        articles=len(document.articles), sha256=digest, uploaded_by=uploaded_by,
        uploaded_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), content_sha256=content,
        found=found, missing=missing,
    )
    # Sidecar first: a crash in between leaves a listed upload without its file (harmless, removable),
    # never a file the next build would take that /sources cannot show.
    sidecar = uploads_dir / f"{upload_id}.json"
    try:
        _write_atomically(sidecar, json.dumps(asdict(stored), ensure_ascii=False, indent=1).encode("utf-8"))
        _write_atomically(uploads_dir / stored.stored_name, data)
    except OSError as exc:
        for leftover in (sidecar, uploads_dir / stored.stored_name, *uploads_dir.glob(f".{upload_id}*.part")):
            leftover.unlink(missing_ok=True)
        if disk_full(exc):
            raise UploadError(DISK_FULL) from exc
        raise
    logger.info("upload %s stored (%d articles, %d bytes)", upload_id, stored.articles, len(data))
    return stored


# What an admin's legal document should say of itself for citations to name it (issued date is shown when
# found, never asked for: the effective date is what a reply states).
NAMING_FIELDS = ("kind", "number", "issuer", "effective")


def describe_document(document: Document) -> tuple[dict[str, str], tuple[str, ...]]:
    """What a legal document's text says of itself, and which of NAMING_FIELDS it does not say.

    Values are kind, number, issuer and dates (dd/mm/yyyy); training material and codified texts give
    nothing and miss nothing.
    """
    if document.kind != DocumentKind.LEGAL or not document.articles:
        return {}, ()
    c = document.articles[0].citation
    values = {"kind": c.document_kind, "number": c.document_number, "issuer": c.issuer,
              "issued": c.issued.strftime("%d/%m/%Y") if c.issued else "",
              "effective": c.effective.strftime("%d/%m/%Y") if c.effective else ""}
    return {k: v for k, v in values.items() if v}, tuple(k for k in NAMING_FIELDS if not values[k])


def content_fingerprint(document: Document) -> str:
    """SHA-256 of a parsed document's words (titles and clauses, case and spacing ignored), whatever its format."""
    parts = [a.title + " " + " ".join(c.text for c in a.clauses) + " " + a.text for a in document.articles]
    words = " ".join(" ".join(parts).lower().split())
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


def _fingerprint_of(uploads_dir: Path, upload: StoredUpload) -> str:
    """An earlier upload's fingerprint: from its record, or (uploads from before it was kept) from its file."""
    if upload.content_sha256:
        return upload.content_sha256
    from knowledge.sources import parse_upload

    try:
        return content_fingerprint(parse_upload(upload.stored_name, (uploads_dir / upload.stored_name).read_bytes()))
    except (OSError, LawBotError):
        return ""


def _vietnamese_share(document: Document) -> float:
    letters = [ch for a in document.articles for text in (a.title, a.text, *(c.text for c in a.clauses))
               for ch in text.lower() if ch.isalpha()]
    return sum(ch in _VIETNAMESE for ch in letters) / len(letters) if letters else 0.0


def missing_uploads(uploads_dir: Path) -> list[StoredUpload]:
    """Uploads still listed (their record is there) whose document file has disappeared."""
    return [u for u in list_uploads(uploads_dir) if not (uploads_dir / u.stored_name).is_file()]


def remove_upload(uploads_dir: Path, upload_id: str) -> StoredUpload | None:
    """Delete an upload and its sidecar; None if no upload has this id."""
    for upload in list_uploads(uploads_dir):
        if upload.id == upload_id:
            (uploads_dir / upload.stored_name).unlink(missing_ok=True)
            (uploads_dir / f"{upload.id}.json").unlink(missing_ok=True)
            logger.info("upload %s removed", upload_id)
            return upload
    return None


def _write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary name and rename, so a crash never leaves half a file under the real name."""
    temporary = path.with_name(f".{path.name}.part")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
