"""Whether the texts fix the figure a question asks for: "mấy lần", "bao nhiêu phần trăm", "bao lâu", "bao nhiêu tiền".

A question that asks for a count of something names what is counted right after its quantity word ("họp
mấy *lần*", "bao nhiêu *ủy viên*", "nhiệm kỳ mấy *năm*"). The texts fix that figure when some sentence puts a
number (in digits or in words) just before that word ("03 lần", "hai năm rưỡi", "từ 05 đến 07 ủy viên"); a
number that only points to a provision ("khoản 1 Điều 7") or belongs to a date ("ngày 25 tháng 01 năm 2017")
counts nothing. A question that asks how much money names what is paid ("phụ cấp", "lệ phí", "phạt"): the
texts fix it when a clause about that kind of payment states an amount ("100.000 đồng/người/ngày"), not when
some other payment of the same article has one. When the nearest articles have no such sentence, the reply
says plainly that the texts do not fix it rather than quote a clause with some other number. Questions whose
quantity word is not followed by what is counted, and that name no payment, are left alone: then nothing can
be told.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge.text import fold_key

# what follows the quantity word: one word, or two for "phần trăm"
_ASKED = re.compile(r"(?<!\w)(bao nhieu|bao nhiu|bn|may)\s+(phan tram|[a-z]+)(?!\w)")
_HOW_LONG = re.compile(r"(?<!\w)bao lau(?!\w)")
PERIODS = ("ngay", "thang", "nam", "tuan", "gio")
_DAYS = frozenset({"hom", "bua"})  # "báo trước mấy hôm / mấy bữa": days, as the texts write "02 ngày"
# words after a quantity word that do not say what is counted ("bao nhiêu là đủ", "mấy khi", "bao nhiêu một
# tháng", "bao nhiêu mỗi người": the rate's base, not the thing counted)
_NOT_UNITS = frozenset({"la", "thi", "vay", "the", "khi", "ai", "duoc", "co", "tien", "dong", "nua", "cung",
                        "mot", "moi"})
# numbers in words; those that fold into common words ("năm" year, "sau" after, "tạm" temporary) count only right
# before what is counted ("nhiệm kỳ là năm năm", not "năm công tác … ngày"), "sau ngày" never, and "tư" (from
# "từ": "kể từ ngày") not at all
_NUMBER = (r"(?:\d+(?:[.,]\d+)?|mot|hai|ba|bon|bay|chin|muoi|tram|nghin|ngan|"
           r"mot nua|qua nua)")
_NUMBER_RIGHT_BEFORE = r"(?:nam|tam|sau(?! ngay))"
_SHARE = re.compile(r"%|(?<!\w)(?:phan tram|phan ba|phan tu|phan hai|phan nam|mot nua|qua nua)(?!\w)")
# "đa số" is a threshold only in a vote ("biểu quyết theo đa số"); "ý kiến của đa số Nhân dân" fixes no share
_MAJORITY = re.compile(r"(?<!\w)da so(?!\w)")
# a number that points to a provision or a document, or belongs to a date, is no count: cut before matching
_NOT_A_COUNT = re.compile(
    r"(?<!\w)(?:(?:khoan|diem|dieu|chuong|muc|phu luc|so)\s+\d+[a-z]?(?:\s*(?:,|va)\s*\d+[a-z]?)*"
    r"|ngay\s+\d+\s+thang\s+\d+(?:\s+nam\s+\d+)?|thang\s+\d+\s+nam\s+\d+|\d+(?:/[\w.-]+)+)(?!\w)"
    r"|^\s*\d+(?:\.\d+)*[.)]", re.MULTILINE)  # the last: a clause's own number ("3. Theo sự điều hành …")


# "mấy" also means "a few" in a story ("xã bổ sung thêm mấy hộ", "mấy năm trước", "dân mấy thôn"): not asked;
# "bao nhiêu" always asks ("trưởng thôn họp dân bao nhiêu lần")
_NARRATIVE_BEFORE = re.compile(r"(?<!\w)(?:them|bot|dan|nhung|cac)\s+$")
_NARRATIVE_AFTER = re.compile(r"^\s*(?:truoc|nay|qua|roi|lien)(?!\w)")
# what a count of people is written as in the texts: "từ 03 hòa giải viên", "05 đến 09 thành viên"
# counts the texts give as a share of the whole: "bao nhiêu hộ / người / cử tri đồng ý" ("quá 50% số hộ"),
# "cần bao nhiêu phiếu" ("quá nửa tổng số đại biểu")
_SHARED_OUT = frozenset({"phan tram", "ho", "nguoi", "cu", "dai", "phieu"})
_PEOPLE = ("nguoi", "thanh vien", "hoa giai vien", "uy vien", "can bo", "dai dien", "ho")
# a post or member asked for ("mấy phó trưởng ban", "bao nhiêu ủy viên") is counted in the texts as people
# too: "số lượng Phó Trưởng ban … không quá 02 người"
_POSTS = frozenset({"pho", "uy", "thanh", "can", "hoa", "truong"})
# a share in a further article answers only a question about how many agree, ask or sign: the texts' shares are
# the thresholds for approving ("quá 50% … tán thành", "10% tổng số hộ … đồng thuận"), not for attending or for
# splitting costs
_APPROVING = re.compile(r"(?<!\w)(?:dong y|dong thuan|tan thanh|nhat tri|thong qua|bieu quyet|ung ho|phieu|bau|"
                        r"trung cu|chap thuan|tin nhiem|kien nghi|de nghi|ky ten|chu ky|(?:ho|nguoi|dan) ky)(?!\w)")


# a share answers how many households or people only when they are counted as agreeing or as present
# ("bao nhiêu người dự thì hợp lệ": "hai phần ba … có mặt"), not "thôn có bao nhiêu hộ thì được chia"
_ATTENDING = re.compile(r"(?<!\w)(?:du(?! (?:thao|an|toan|kien|phong|tru))|co mat|hop le)(?!\w)")


_QUANTITY = re.compile(r"(?<!\w)(?:bao nhieu|bao nhiu|bn|may|muc nao)(?!\w)")
_RATE_WORD = re.compile(r"(?<!\w)muc(?!\w)")
_RATE = re.compile(r"(?<!\w)(?:ty le|ti le)(?!\w)")
# "số lượng thành viên … là bao nhiêu", "có quy định số lượng tối thiểu thành viên không": what is counted
_COUNT_OF = re.compile(r"(?<!\w)so luong\s+(?:(?:toi thieu|toi da|cu the)\s+)?(?:cua\s+)?([a-z]+)(?!\w)")
# "có quy định mức phụ cấp / thời hạn … không": asks whether the texts fix a figure, which is asking for it
_WHETHER_PERIOD = re.compile(r"(?<!\w)quy dinh (?:ve )?thoi han(?!\w)")
_WHETHER_FIXED = re.compile(r"(?<!\w)(?:co|da|chua) (?:\w+ ){0,2}quy dinh (?:ve )?(?:muc|so luong|thoi han|ty le|"
                            r"toi thieu|toi da)(?!\w)")

# what is paid, by kind: a question about one kind is not answered by an amount of another ("phụ cấp" is not
# answered by a residential area's yearly activity funding); longer names first, so "kinh phí" is not "phí"
_PAYMENTS: dict[str, tuple[str, ...]] = {
    "pay": ("sinh hoat phi", "phu cap", "boi duong", "thu lao", "tro cap", "tien luong", "luong", "tien cong",
            "tra tien", "chi tra"),
    "fee": ("le phi", "chi phi", "muc thu", "gia cuoc", "phi"),
    # not "phát" alone: folded, "phát trên loa" (broadcast) reads as "phạt"
    "fine": ("xu phat", "phat tien", "tien phat", "bi phat", "muc phat", "nop phat"),
    "fund": ("kinh phi", "ngan sach", "ho tro", "muc chi", "du toan", "dong gop", "gop"),
    "reward": ("khen thuong", "tien thuong", "thuong"),
    "money": ("tien",),  # "tiền nước", "tiền đi lại": money of no named kind, answered by any amount
}
# folded, "lượng" reads as "lương": "số lượng", "chất lượng" name no salary
_PAYMENT = re.compile(r"(?<!\w)(?<!so )(?<!chat )(?<!khoi )(?<!dung )(?<!trong )(" + "|".join(
    sorted((p for ps in _PAYMENTS.values() for p in ps), key=len, reverse=True)) + r")(?!\w)")
_PAYMENT_KIND = {p: kind for kind, ps in _PAYMENTS.items() for p in ps}
# the payment a quantity word asks about stands in the same part of the sentence ("kinh phí in phiếu lấy ý kiến
# hộ gia đình là bao nhiêu"), or in the part before when the quantity word's own is short ("phụ cấp hàng tháng
# không, mức bao nhiêu"); one named in another part is the story ("góp tiền làm đèn đường, đến giờ trưởng xóm
# vẫn chưa báo thu bao nhiêu")
_PART_END = re.compile(r"[,;.!?]")
_SHORT_PART = 4  # words
# an amount of money: "100.000 đồng", "5 triệu đồng", "mức lương cơ sở", "hệ số"; a share of a rate the
# texts do not hold ("bằng 70% mức thu quy định tại phụ lục") is not an amount
_LEVEL = re.compile(r"(?<!\w)(?:cap (?:xa|huyen|tinh)|trung uong)(?!\w)")
_SENTENCE_END = re.compile(r"(?<=[.;])\s+|\n")  # not ":": "được hỗ trợ sinh hoạt phí, mức: 120.000 đồng"
_AMOUNT = re.compile(r"\d[\d.,]*\s*(?:(?:trieu|nghin|ngan|ty)\s+)?dong(?!\w)|(?<!\w)(?:muc luong|he so)(?!\w)")


_ASKING = re.compile(r"[^.!?]*\?")


def asking_part(question: str) -> str:
    """The folded sentences of `question` that ask: those ending with "?" and what follows the last one.

    All of it when none is marked so. "Đài xã đọc nhầm tên mấy hộ. Xã chỉ dán đính chính có được không?"
    tells a story with "mấy" and asks something else; "có mất lệ phí không? bao nhiêu" asks twice.
    """
    folded = fold_key(question)
    asked = _ASKING.findall(folded)
    if not asked:
        return folded
    return " ".join([*asked, folded[folded.rindex("?") + 1:]]).strip()


def asks_quantity(question: str) -> bool:
    """Whether the question asks how much, not only whether.

    A quantity word ("bao nhiêu", "mấy", "bn") asks it, and so does asking whether the texts fix the figure
    at all ("có quy định mức phụ cấp không").
    """
    folded = asking_part(question)
    return bool(_QUANTITY.search(folded) or _WHETHER_FIXED.search(folded))


def _narrative(folded: str, m: re.Match[str]) -> bool:
    """Whether the "mấy" matched at `m` means "a few" in a story ("dân mấy thôn", "mấy năm trước")."""
    return bool(_NARRATIVE_BEFORE.search(folded[: m.start()]) or _NARRATIVE_AFTER.search(folded[m.end():]))


def asked_units(question: str) -> tuple[str, ...]:
    """What the question asks to be counted (folded: ("lan",), ("ngay", "thang", …) for "bao lâu"); ()."""
    folded = asking_part(question)
    units = [m.group(2) for m in _ASKED.finditer(folded) if m.group(2) not in _NOT_UNITS
             and not (m.group(1) == "may" and _narrative(folded, m))]
    units = ["ngay" if u in _DAYS else u for u in units]
    if _QUANTITY.search(folded) or _WHETHER_FIXED.search(folded):
        units.extend(m.group(1) for m in _COUNT_OF.finditer(folded) if m.group(1) not in _NOT_UNITS)
    if _RATE.search(folded) and (_QUANTITY.search(folded) or _WHETHER_FIXED.search(folded)):
        units.append("phan tram")  # "tỷ lệ tán thành bao nhiêu": a share
    if _HOW_LONG.search(folded) or (_WHETHER_PERIOD.search(folded) and _WHETHER_FIXED.search(folded)):
        units.extend(PERIODS)
    return tuple(dict.fromkeys(units))


def without_references(text: str) -> str:
    """`text` folded, with numbers that count nothing cut out: provisions, document numbers, dates, clause numbers."""
    return _NOT_A_COUNT.sub(" ", fold_key(text))


def payment_kinds(text: str) -> frozenset[str]:
    """The kinds of payment `text` names ("pay", "fee", "fine", "fund", "reward"); empty when none."""
    return frozenset(_PAYMENT_KIND[m.group(1)] for m in _PAYMENT.finditer(fold_key(text)))


def asks_money(question: str) -> bool:
    """Whether the question asks how much is paid: a payment named next to a quantity word, nothing counted.

    "phí gửi bao nhiêu", "tổ trưởng có phụ cấp không, mức bao nhiêu" ask for money; "đóng góp bao nhiêu phần
    trăm" and "bồi dưỡng mấy người" ask for a share and a count (asked_units); "cả xóm góp tiền làm đèn
    đường, đến giờ vẫn chưa báo thu bao nhiêu" asks what was collected, not what the law fixes.
    """
    if asked_units(question):
        return False
    parts = [p for p in _PART_END.split(asking_part(question)) if p.strip()]
    for i, part in enumerate(parts):
        if not (_QUANTITY.search(part) or _WHETHER_FIXED.search(part)):
            continue
        if payment_kinds(part) or (i and len(part.split()) <= _SHORT_PART and payment_kinds(parts[i - 1])):
            return True
    return False


def names_rate(question: str) -> bool:
    """Whether the question names the rate of a payment ("mức phụ cấp", "mức phạt", "mức thu"): asks for it."""
    folded = asking_part(question)
    return any(payment_kinds(" ".join(folded[m.end():].split()[:3])) for m in _RATE_WORD.finditer(folded))


def approving(question: str) -> bool:
    """Whether the question is about how many agree, vote or elect ("bao nhiêu hộ đồng ý", "cần mấy phiếu")."""
    return bool(_APPROVING.search(fold_key(question)))


def attending(question: str) -> bool:
    """Whether the question counts those present ("bao nhiêu người dự", "mấy hộ có mặt thì hợp lệ")."""
    return bool(_ATTENDING.search(fold_key(question)))


def fixes(texts: Iterable[str], units: tuple[str, ...], shares: bool = True, majority: bool = True) -> bool:
    """Whether any of `texts` puts a number before one of `units`, or (when `shares`) states a share.

    A count of people is found however the texts name them (`_PEOPLE`: "03 hòa giải viên" fixes "mấy
    người"), and a post asked for is also counted as people (`_POSTS`: "không quá 02 người" fixes "mấy phó
    trưởng ban"). A share ("quá 50%", "hai phần ba tổng số đại diện hộ gia đình", "đa số") answers "bao nhiêu
    phần trăm" and also "bao nhiêu hộ / người / cử tri đồng ý" (`_SHARED_OUT`), which the texts answer as a
    share of the whole; it never answers a period, nor a count of other things ("bao nhiêu khách"). Up to two
    words may stand between the number and the unit ("05 đến 07 ủy viên"); "đa số" counts as a
    share only when `majority` (a question about a vote). References to provisions, dates and a clause's own
    number are no counts (`_NOT_A_COUNT`).
    """
    counted = [u for u in units if u in _SHARED_OUT]
    words = {w for u in units if u != "phan tram"
             for w in (_PEOPLE if u == "nguoi" else (u, "nguoi") if u in _POSTS else (u,))}
    # a share ("50% số hộ", "một phần ba số hộ") is no count: it answers only where shares do
    # … nor is the number's own spelling-out: "05 (năm) ngày", "02 (hai) đại diện"
    patterns = [re.compile(rf"(?<!\w)(?<!phan )(?:{_NUMBER}(?![\d.,]*\s*%)(?:\s*\([^)]*\))?\W*(?:\s+\w+){{0,2}}"
                           rf"|{_NUMBER_RIGHT_BEFORE})\s+{re.escape(word)}(?!\w)") for word in sorted(words)]
    if counted and shares:
        patterns.append(_SHARE)
        if majority:
            patterns.append(_MAJORITY)
    for text in texts:
        folded = without_references(text)
        if any(p.search(folded) for p in patterns):
            return True
    return False


def _levels(text: str) -> frozenset[str]:
    """The levels of government `text` names ("cap xa", "cap tinh", "trung uong"), folded."""
    return frozenset(m.group(0) for m in _LEVEL.finditer(text))


def _amount_for(text: str, level: frozenset[str]) -> bool:
    """Whether folded `text` has a sentence with an amount that is not set for some other level than `level`."""
    for sentence in _SENTENCE_END.split(text):
        if _AMOUNT.search(sentence):
            named = _levels(sentence)
            if not level or not named or named & level:
                return True
    return False


def fixes_amount(texts: Iterable[str], question: str) -> bool:
    """Whether any of `texts` states an amount of money of the kind the question asks about.

    Each text is one clause (with its article's title, which often names the payment: "Mức bồi dưỡng"). A
    question that names no kind of payment ("bao nhiêu tiền") is answered by any amount. A question that
    names a level of government ("ủy viên Mặt trận cấp xã") is not answered by an amount set for other levels
    only ("Ủy viên Ủy ban Mặt trận Tổ quốc cấp huyện được hỗ trợ … 120.000 đồng").
    """
    asked = payment_kinds(question) - {"money"}
    level = _levels(asking_part(question))
    return any(_amount_for(fold_key(text), level) and (not asked or asked & payment_kinds(text)) for text in texts)
