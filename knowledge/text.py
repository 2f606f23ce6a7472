"""Bytes → clean Unicode text, and the small text helpers the rest of the project shares.

`decode` turns a file's bytes into NFC text whatever the encoding it was saved in (UTF-8 with or without
BOM, UTF-16, Windows-1258, Windows-1252), dropping what cannot be text (NUL, control characters, the
replacement character, stray undecodable bytes) and refusing files that are binary. `fold_diacritics` and
`normalize` are pure string functions the index imports for matching queries typed without diacritics.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import yaml

from knowledge.errors import SourceError

# A text file has almost no C0 control bytes; more than this share of the first block means binary.
_BINARY_CONTROL_SHARE = 0.05
_SNIFF_BYTES = 8192
# Undecodable bytes in an otherwise UTF-8 file are "stray bytes" up to this share of the non-ASCII bytes;
# beyond it the file was saved in a legacy code page.
_STRAY_SHARE = 0.02

_VIETNAMESE_LETTERS = frozenset("ăâđêôơưĂÂĐÊÔƠƯ")
# Characters that show nothing yet split words (copy-paste from Zalo or Facebook, the publisher's pages): soft
# hyphen, combining grapheme joiner, Arabic letter mark, Hangul and Khmer fillers, Mongolian vowel separator,
# zero-width space and joiners, direction marks, embeddings and isolates, word joiner and invisible operators,
# BOM. Questions and the codified texts are both cleaned of them.
INVISIBLE_RE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]"
)
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd\ufeff\u200b-\u200d\u2060]")
_BINARY_CHAR_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff]")
_SPACE_LIKE_RE = re.compile("[\xa0\u2000-\u200a\u202f\u205f\u3000]")
_WS_RE = re.compile(r"\s+")
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_MARK_RE = re.compile(f"[{_MARKS}]")
_MARK_RUN_RE = re.compile(f"[{_MARKS}]+")
_DATE_RE = re.compile(r"(\d{1,2})\s*(?:/|-|\.|\s+tháng\s+)(\d{1,2})\s*(?:/|-|\.|\s+năm\s+)(\d{4})")
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class DecodedText:
    """A file's text: NFC, LF line ends, no control characters; `dropped` counts removed characters."""

    text: str
    encoding: str
    dropped: int = 0


def decode(data: bytes, path: str) -> DecodedText:
    """Decode a file's bytes into clean NFC text.

    Tries, in order: a BOM (UTF-8, UTF-16), UTF-16 without BOM (detected by its NUL pattern), strict UTF-8,
    UTF-8 with a few stray bytes dropped, then Windows-1258 or Windows-1252, whichever reads as more
    Vietnamese. Empty input gives empty text. Raises SourceError naming `path` if the bytes look binary.
    """
    if not data:
        return DecodedText("", "empty")
    raw, encoding = _decode_raw(data, path)
    text, dropped = clean(raw)
    return DecodedText(text, encoding, dropped)


def _decode_raw(data: bytes, path: str) -> tuple[str, str]:
    """Pick the encoding and decode, without cleaning."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _refuse_binary_text(data[3:].decode("utf-8", errors="replace"), path), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _refuse_binary_text(data.decode("utf-16", errors="replace"), path), "utf-16"
    utf16 = _sniff_utf16(data)
    if utf16:
        # Binary data with every other byte NUL (tables of small numbers) also looks like UTF-16.
        return _refuse_binary_text(data.decode(utf16, errors="replace"), path), utf16
    _refuse_binary(data, path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    non_ascii = sum(1 for b in data if b >= 0x80)
    if bad <= max(3, _STRAY_SHARE * non_ascii):
        return lenient, "utf-8 (stray bytes dropped)"
    return _decode_legacy(data)


def _sniff_utf16(data: bytes) -> str:
    """'utf-16-le' / 'utf-16-be' when the bytes have NULs in every other position, else ''."""
    sample = data[:_SNIFF_BYTES]
    if len(sample) < 4:
        return ""
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    # Vietnamese in UTF-16 has fewer NULs than English (letters above U+00FF), hence the low bar.
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return ""


def _refuse_binary(data: bytes, path: str) -> None:
    """Raise SourceError if the bytes are not text (NUL bytes, or many control bytes)."""
    sample = data[:_SNIFF_BYTES]
    if b"\x00" in sample:
        raise SourceError(path, "tệp không chứa chữ mà là dữ liệu nhị phân (có byte NUL); có thể là tệp PDF, ảnh "
                          "hoặc .doc bị đổi đuôi. Hãy gửi lại tệp với đúng đuôi của nó, hoặc chép chữ của văn bản "
                          "vào một tệp .txt")
    controls = sum(1 for b in sample if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D))
    if controls > _BINARY_CONTROL_SHARE * len(sample):
        raise SourceError(path, "tệp không chứa chữ mà là dữ liệu nhị phân (nhiều byte điều khiển); hãy gửi tệp "
                          ".docx, hoặc chép chữ của văn bản vào một tệp .txt")


def _refuse_binary_text(text: str, path: str) -> str:
    """Return `text`, or raise SourceError if its start is mostly control or undecodable characters."""
    sample = text[: _SNIFF_BYTES // 2]
    bad = len(_BINARY_CHAR_RE.findall(sample))
    if bad > _BINARY_CONTROL_SHARE * len(sample):
        raise SourceError(path, "tệp không chứa chữ mà là dữ liệu nhị phân (nhiều ký tự điều khiển hoặc không "
                          "đọc được); hãy lưu lại văn bản thành tệp .txt dạng UTF-8, hoặc gửi tệp .docx")
    return text


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Decode a non-UTF-8 file as Windows-1258 or Windows-1252, choosing the more Vietnamese reading."""
    # Windows-1258 writes tones as separate combining bytes after the letter; NFC composes them.
    vn = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    western = data.decode("cp1252", errors="replace")
    if _vietnamese_score(vn) > _vietnamese_score(western):
        return vn, "cp1258"
    return western, "cp1252"


def _vietnamese_score(text: str) -> int:
    """How Vietnamese a text reads: letters only Vietnamese uses, minus marks that found no letter."""
    score = 0
    for ch in text:
        if ch in _VIETNAMESE_LETTERS or "\u1ea0" <= ch <= "\u1ef9":
            score += 1
        elif unicodedata.combining(ch):
            score -= 2
    return score


def clean(text: str) -> tuple[str, int]:
    """NFC-normalize `text`, unify line ends and odd spaces, drop control and replacement characters.

    Returns the clean text and how many characters were dropped. Combining marks with nothing to sit on
    (at the start of a line or after a space) are dropped too.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACE_LIKE_RE.sub(" ", text)
    text, dropped = _CONTROL_RE.subn("", text)
    text = _nfc(text)
    kept = _drop_orphan_marks(text)
    return kept, dropped + len(text) - len(kept)


def _nfc(text: str) -> str:
    """`unicodedata.normalize("NFC", text)`, normalising only the lines that need it.

    A file with a single decomposed letter makes the whole-text call re-compose everything (about ten
    times slower than this on a law file). A line feed never composes or reorders with its neighbours,
    so normalising line by line gives the same text.
    """
    # Not is_normalized(text) first: where its quick check is unsure it normalises the whole text anyway.
    return "\n".join(
        line if unicodedata.is_normalized("NFC", line) else unicodedata.normalize("NFC", line)
        for line in text.split("\n")
    )


def _drop_orphan_marks(text: str) -> str:
    """Remove combining marks that follow whitespace or start a line (left over from legacy decoding)."""
    # One search for any mark at all is several times faster than the run pattern over a clean text.
    if text.isascii() or not _MARK_RE.search(text):
        return text

    def orphan_or_kept(match: re.Match[str]) -> str:
        start = match.start()
        return "" if start == 0 or text[start - 1].isspace() else match.group()

    return _MARK_RUN_RE.sub(orphan_or_kept, text)


def _build_fold_table() -> dict[int, Any]:
    """Map every precomposed Latin letter with marks to its bare letter, and drop combining marks."""
    table: dict[int, Any] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0x00C0, 0x0250):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base.isascii() and base != chr(code):
            table[code] = base
    for code in range(0x1E00, 0x1F00):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base.isascii():
            table[code] = base
    for code in range(0x0300, 0x0370):
        table[code] = None
    return table


_FOLD_TABLE = _build_fold_table()


def fold_diacritics(text: str) -> str:
    """Remove Vietnamese (and other Latin) diacritics, keeping case: "Điều khoản" → "Dieu khoan".

    Works on NFC or NFD input; characters other than Latin letters are unchanged. Does not lower-case.
    """
    if text.isascii():
        return text
    return text.translate(_FOLD_TABLE)


def fold_key(text: str) -> str:
    """Lower-cased, diacritic-folded, single-spaced: the form patterns over what users type are matched on."""
    return " ".join(fold_diacritics(text.lower()).split())


def normalize(text: str) -> str:
    """NFC, lower-case, whitespace collapsed to single spaces and trimmed; diacritics are kept."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def collapse_spaces(text: str) -> str:
    """Collapse runs of whitespace (including newlines) to one space and trim."""
    return _WS_RE.sub(" ", text).strip()


def slug(text: str) -> str:
    """A stable id fragment: diacritics folded, lower-case, runs of other characters turned into '-'."""
    folded = fold_diacritics(unicodedata.normalize("NFC", text)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


_SCALARS = (str, int, float, bool, dt.date, type(None))
_MAX_META_DEPTH = 16


def yaml_nesting_exceeds(block: str, limit: int) -> bool:
    """Whether YAML flow brackets ("[", "{") nest deeper than `limit` in the raw text.

    PyYAML's scanner reads every opening bracket ahead, at a cost growing with the square of the depth,
    before it fails with RecursionError, so a hostile "[[[[..." costs seconds; this count costs
    microseconds. Quotes are ignored: real metadata is nowhere near any sensible limit. (Indentation
    nesting is cheap for PyYAML and ends in RecursionError, which callers catch.)
    """
    depth = 0
    for char in block:
        if char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def split_front_matter(text: str) -> tuple[dict[str, Any], str, int, str]:
    """Split a leading YAML front matter block (`---` … `---`) from a markdown text.

    Returns (metadata, body, number of lines before the body, problem). Without front matter the metadata
    is empty and the body is the whole text; YAML that cannot be read gives empty metadata and a problem
    description instead of an exception, because the body is still usable. Keys are strings and values
    single YAML scalars (text, number, boolean, date, null); lists and mappings are left out.
    """
    if not text.startswith("---\n"):
        return {}, text, 0, ""
    end = text.find("\n---", 4)
    while end != -1 and text[end + 4 : end + 5] not in ("\n", ""):
        end = text.find("\n---", end + 4)
    if end == -1:
        return {}, text, 0, "front matter starts with '---' but never ends"
    block = text[4:end]
    body_start = end + 4
    if text[body_start : body_start + 1] == "\n":
        body_start += 1
    skipped = text.count("\n", 0, body_start)
    try:
        if yaml_nesting_exceeds(block, _MAX_META_DEPTH):
            return {}, text[body_start:], skipped, "front matter is nested too deeply to be metadata; ignored"
        meta = yaml.safe_load(block) or {}
    # Not only YAMLError: an impossible date ("2023-02-30") raises ValueError, deep nesting RecursionError.
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError) as exc:
        return {}, text[body_start:], skipped, f"front matter is not valid YAML ({exc.__class__.__name__})"
    if not isinstance(meta, dict):
        return {}, text[body_start:], skipped, "front matter is not a mapping"
    # Only single values are metadata (lists such as Jekyll `tags` are not used). A list or mapping would be
    # turned into text by the parsers, and one built from YAML aliases ("billion laughs") is gigabytes then.
    scalars = {str(key): value for key, value in meta.items() if isinstance(value, _SCALARS)}
    return scalars, text[body_start:], skipped, ""


def parse_date(value: object) -> dt.date | None:
    """Read a date written "01/07/2023", "1-7-2023", "01 tháng 7 năm 2023" or "2023-07-01" (or a date).

    The first date found in a string counts. Returns None for anything without a valid date.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    m = _DATE_RE.search(value)
    if m:
        day, month, year = (int(g) for g in m.groups())
    else:
        iso = _ISO_DATE_RE.search(value)
        if not iso:
            return None
        year, month, day = (int(g) for g in iso.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


SENTENCE_CUT = re.compile(r"(?<=[.;:!?])\s+(?=\S)")  # where a long text may be cut: after . ; : ! ?


def cut_at_sentence_ends(text: str) -> list[str]:
    """`text` stripped and cut after every . ; : ! or ? that is followed by space (the space is dropped)."""
    return SENTENCE_CUT.split(text.strip())


def pack_units(units: Iterable[tuple[str, str]], limit: int, measure: Callable[[str], int] = len) -> list[str]:
    """Join consecutive (separator, text) units into pieces whose `measure` stays within `limit`.

    A unit joins the piece before it, preceded by its separator, when the whole still fits; otherwise it
    starts a new piece, so a unit longer than `limit` is a piece of its own, uncut. Empty units are skipped.
    """
    pieces: list[str] = []
    for sep, unit in units:
        if not unit:
            continue
        if pieces and measure(pieces[-1]) + measure(sep) + measure(unit) <= limit:
            pieces[-1] = f"{pieces[-1]}{sep}{unit}"
        else:
            pieces.append(unit)
    return pieces
