"""Whether the texts fix the figure a question asks for: "mấy lần", "bao nhiêu phần trăm", "bao lâu".

A question that asks for a count of something names what is counted right after its quantity word ("họp
mấy *lần*", "bao nhiêu *ủy viên*", "nhiệm kỳ mấy *năm*"). The texts fix that figure when some sentence puts a
number (in digits or in words) just before that word ("03 lần", "hai năm rưỡi", "từ 05 đến 07 ủy viên"). When
the nearest articles have no such sentence, the reply says plainly that the texts do not fix it rather than
quote a clause with some other number. Questions whose quantity word is not followed by what is counted are
left alone: then nothing can be told.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge.text import fold_key

# what follows the quantity word: one word, or two for "phần trăm"
_ASKED = re.compile(r"(?<!\w)(?:bao nhieu|bao nhiu|bn|may)\s+(phan tram|[a-z]+)(?!\w)")
_HOW_LONG = re.compile(r"(?<!\w)bao lau(?!\w)")
PERIODS = ("ngay", "thang", "nam", "tuan", "gio")
_DAYS = frozenset({"hom", "bua"})  # "báo trước mấy hôm / mấy bữa": days, as the texts write "02 ngày"
# words after a quantity word that do not say what is counted ("bao nhiêu là đủ", "mấy khi")
_NOT_UNITS = frozenset({"la", "thi", "vay", "the", "khi", "ai", "duoc", "co", "tien", "dong", "nua", "cung"})
_NUMBER = (r"(?:\d+(?:[.,]\d+)?|mot|hai|ba|bon|tu|nam|sau|bay|tam|chin|muoi|tram|nghin|ngan|"
           r"mot nua|qua nua)")
_SHARE = re.compile(r"%|(?<!\w)(?:phan tram|phan ba|phan tu|phan hai|phan nam|mot nua|qua nua|da so)(?!\w)")


# "mấy" also means "a few" in a story ("xã bổ sung thêm mấy hộ", "mấy năm trước", "dân mấy thôn"): not asked
_NARRATIVE_BEFORE = re.compile(r"(?<!\w)(?:them|bot|dan|nhung|cac)\s+$")
_NARRATIVE_AFTER = re.compile(r"^\s*(?:truoc|nay|qua|roi|lien)(?!\w)")
# what a count of people is written as in the texts: "từ 03 hòa giải viên", "05 đến 09 thành viên"
# counts the texts give as a share of the whole: "bao nhiêu hộ / người / cử tri đồng ý" ("quá 50% số hộ")
_SHARED_OUT = frozenset({"phan tram", "ho", "nguoi", "cu", "dai"})
_PEOPLE = ("nguoi", "thanh vien", "hoa giai vien", "uy vien", "can bo", "dai dien", "ho")


_QUANTITY = re.compile(r"(?<!\w)(?:bao nhieu|bao nhiu|bn|may|muc nao)(?!\w)")


def asks_quantity(question: str) -> bool:
    """Whether the question has a quantity word ("bao nhiêu", "mấy", "bn"): it asks how much, not only whether."""
    return bool(_QUANTITY.search(fold_key(question)))


def asked_units(question: str) -> tuple[str, ...]:
    """What the question asks to be counted (folded: ("lan",), ("ngay", "thang", …) for "bao lâu"); ()."""
    folded = fold_key(question)
    units = [m.group(1) for m in _ASKED.finditer(folded) if m.group(1) not in _NOT_UNITS
             and not _NARRATIVE_BEFORE.search(folded[: m.start()])
             and not _NARRATIVE_AFTER.search(folded[m.end():])]
    units = ["ngay" if u in _DAYS else u for u in units]
    if _HOW_LONG.search(folded):
        units.extend(PERIODS)
    return tuple(dict.fromkeys(units))


def fixes(texts: Iterable[str], units: tuple[str, ...]) -> bool:
    """Whether any of `texts` puts a number before one of `units`, or states a share.

    A count of people is found however the texts name them (`_PEOPLE`: "03 hòa giải viên" fixes "mấy
    người"). A share ("quá 50%", "hai phần ba tổng số đại diện hộ gia đình", "đa số") answers "bao nhiêu phần trăm"
    and also "bao nhiêu hộ / người / cử tri đồng ý" (`_SHARED_OUT`), which the texts answer as a share of the
    whole; it never answers a period, nor a count of other things ("bao nhiêu khách"). Up to two words
    may stand between the number and the unit ("05 đến 07 ủy viên", "50% số hộ").
    """
    counted = [u for u in units if u in _SHARED_OUT]
    words = {w for u in units if u != "phan tram" for w in (_PEOPLE if u == "nguoi" else (u,))}
    patterns = [re.compile(rf"(?<!\w){_NUMBER}\W*(?:\s+\w+){{0,2}}\s+{re.escape(word)}(?!\w)")
                for word in sorted(words)]
    if counted:
        patterns.append(_SHARE)
    for text in texts:
        folded = fold_key(text)
        if any(p.search(folded) for p in patterns):
            return True
    return False
