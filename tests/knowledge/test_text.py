import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.errors import SourceError
from knowledge.text import (
    clean,
    decode,
    fold_diacritics,
    normalize,
    parse_date,
    slug,
    split_front_matter,
)
from tests.support import encode_cp1258

SAMPLE = "Thôn Đồng Tâm họp bàn việc sửa đường, mỗi hộ góp ít tiền; Ủy ban xã ghi nhận ý kiến."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_encodings_round_trip(encoding):
    decoded = decode(SAMPLE.encode(encoding), "x.txt")
    assert decoded.text == SAMPLE
    assert decoded.dropped == 0


def test_windows_1258_is_recognised_and_composed():
    data = encode_cp1258(SAMPLE)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    decoded = decode(data, "old.txt")
    assert decoded.encoding == "cp1258"
    assert decoded.text == SAMPLE
    assert unicodedata.is_normalized("NFC", decoded.text)


def test_windows_1252_western_text():
    decoded = decode("Café à la crème, señor".encode("cp1252"), "fr.txt")
    assert decoded.encoding == "cp1252"
    assert decoded.text == "Café à la crème, señor"


def test_stray_bytes_in_utf8_are_dropped():
    data = SAMPLE.encode() + b"\xc3 tail\x81"
    decoded = decode(data, "x.md")
    assert decoded.text == SAMPLE + " tail"
    assert decoded.dropped == 2


def test_nfd_input_is_composed_and_controls_removed():
    text = unicodedata.normalize("NFD", "Điều lệ\r\nthôn\x07 xóm\u00a0mới\ufffd")
    decoded = decode(text.encode(), "x.md")
    assert decoded.text == "Điều lệ\nthôn xóm mới"


def test_orphan_combining_mark_dropped():
    assert clean("\u0301abc \u0300d")[0] == "abc d"


def test_binary_is_refused():
    with pytest.raises(SourceError) as err:
        decode(b"%PDF-1.4\x00\x00\x01binary", "scan.md")
    assert "scan.md" in str(err.value)


def test_control_heavy_data_is_refused():
    with pytest.raises(SourceError):
        decode(bytes(range(1, 32)) * 20, "blob.txt")


def test_empty_input_gives_empty_text():
    assert decode(b"", "e.txt").text == ""


def test_fold_diacritics_keeps_case():
    assert fold_diacritics("Đường làng Ở XÓM Ấp") == "Duong lang O XOM Ap"
    assert fold_diacritics(unicodedata.normalize("NFD", "hộ gia đình")) == "ho gia dinh"
    assert fold_diacritics("abc 123") == "abc 123"


@given(st.text())
def test_fold_diacritics_never_leaves_combining_marks(text):
    folded = fold_diacritics(unicodedata.normalize("NFC", text))
    assert not any("\u0300" <= ch <= "\u036f" for ch in folded)


def test_normalize():
    assert normalize("  Họp   THÔN\n\tđịnh kỳ ") == "họp thôn định kỳ"
    assert normalize(unicodedata.normalize("NFD", "Xã")) == "xã"


def test_slug():
    assert slug("Nghị định số 12 (bản sửa).docx") == "nghi-dinh-so-12-ban-sua-docx"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01/07/2023", dt.date(2023, 7, 1)),
        ("kể từ ngày 5-9-2024 nhé", dt.date(2024, 9, 5)),
        ("ngày 15 tháng 8 năm 2023", dt.date(2023, 8, 15)),
        ("2026-05-26", dt.date(2026, 5, 26)),
        (dt.datetime(2026, 5, 26, 7, 0), dt.date(2026, 5, 26)),
        ("31/02/2023", None),
        ("không có ngày", None),
        (None, None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_front_matter():
    meta, body, skipped, problem = split_front_matter("---\ntitle: Thử\nso: 1\n---\nthân bài\n")
    assert meta == {"title": "Thử", "so": 1}
    assert body == "thân bài\n"
    assert skipped == 4
    assert problem == ""


def test_front_matter_bad_yaml_is_a_problem_not_an_error():
    meta, body, _skipped, problem = split_front_matter("---\ntitle: [unclosed\n---\nnội dung\n")
    assert meta == {}
    assert body == "nội dung\n"
    assert problem


def test_no_front_matter():
    assert split_front_matter("chỉ có chữ") == ({}, "chỉ có chữ", 0, "")
