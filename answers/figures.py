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

import itertools
import re
from collections.abc import Iterable

from knowledge.text import fold_key

# what follows the quantity word: up to four words, of which `_counted` keeps what is counted
_ASKED = re.compile(r"(?<!\w)(bao nhieu|bao nhiu|bn|may)\s+(?=([a-z]+(?:\s+[a-z]+){0,3}))")
# what is counted by a name of two or three syllables: its first alone names something else ("ủy viên" is no
# "ủy ban", "chữ ký" no "chủ tịch", "cán bộ" no "cần"), so the texts must put the number before the whole name
_COMPOUNDS = ("hoa giai vien", "phan tram", "uy vien", "thanh vien", "can bo", "dai dien", "dai bieu", "cu tri",
              "chu ky")
# a qualifier after what is counted narrows it, and the texts must name it after their number too: "03 hòa giải
# viên" does not fix "mấy hòa giải viên nữ", "từ 03 đến 05 người (ban kiểm phiếu)" not "mấy người ứng cử"
# (folded words in the question: how the texts write it)
_QUALIFIERS = {"nu": r"nu", "ung cu": r"(?:ra\s+)?ung cu", "de cu": r"(?:ra\s+)?de cu"}
_HOW_LONG = re.compile(r"(?<!\w)bao lau(?!\w)")
PERIODS = ("ngay", "thang", "nam", "tuan", "gio")
_DAYS = frozenset({"hom", "bua"})  # "báo trước mấy hôm / mấy bữa": days, as the texts write "02 ngày"
# words after a quantity word that do not say what is counted ("bao nhiêu là đủ", "mấy khi", "bao nhiêu một
# tháng", "bao nhiêu mỗi người": the rate's base, not the thing counted)
_NOT_UNITS = frozenset({"la", "thi", "vay", "the", "khi", "ai", "duoc", "co", "tien", "dong", "nua", "cung",
                        "mot", "moi",
                        # a particle closing the question ("bao nhiêu ạ", "mấy người nhỉ", "bao nhiêu hả")
                        "a", "ah", "ak", "ha", "nhi", "nhe", "nha", "day", "ta", "z", "khong", "ko", "k",
                        "roi", "lai", "chu",
                        # a word that goes on with the question: "từ bao nhiêu đến bao nhiêu", "bao nhiêu cho …"
                        "den", "toi", "tu", "trong", "cho", "de", "o", "tai", "va", "hoac", "hay", "neu", "ma",
                        "con", "voi", "thoi", "nay", "do", "vao", "ra", "len", "xuong", "sau", "truoc",
                        # a unit of money or a number word: how much money, not what is counted (`_CURRENCY`)
                        "trieu", "nghin", "ngan", "tram", "chuc", "d", "ty", "vnd", "xu"})
# a quantity word followed by a unit of money asks how much is paid: "mấy triệu", "bao nhiêu nghìn", "bn k"
_CURRENCY = re.compile(r"(?<!\w)(?:bao nhieu|bao nhiu|bn|may)\s+(?:(?:tram|chuc)\s+)?(?:trieu|nghin|ngan|dong|d|k|ty|"
                       r"vnd)(?!\w)")
# "phạt" folds like "phát" (broadcast, hand out), so alone it names no fine; right before the quantity word it does:
# "làm sai thì phạt bao nhiêu", "phạt tối đa bao nhiêu"
_FINE_ASKED = re.compile(r"(?<!\w)phat\s+(?:(?:toi da|toi thieu|it nhat|nhieu nhat|la|khoang|tu)\s+)?"
                         r"(?:bao nhieu|bao nhiu|bn|may|muc nao)(?!\w)")
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
_NARRATIVE_BEFORE = re.compile(r"(?<!\w)(?:them|bot|nhung|cac)\s+$")
# "dân mấy thôn" tells whose people; "tiếp dân mấy buổi", "họp dân mấy lần" ask how often
_PEOPLE_OF = re.compile(r"(?<!\w)dan\s+$")
_PLACES = frozenset({"thon", "xom", "xa", "lang", "ban", "ap", "khu", "to", "phuong", "huyen", "tinh", "nha", "ho"})
# "mấy phiếu đó có tính không", "mấy hộ ấy …": those few, pointed at, not counted (a closing "đó ạ" still asks)
_NARRATIVE_AFTER = re.compile(r"^\s*(?:(?:truoc|nay|qua|roi|lien)(?!\w)"
                              r"|(?:do|ay|kia)\s+(?!(?:a|nhi|nhe|ha|vay|the)(?!\w))[a-z])")
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
_COUNT_OF = re.compile(r"(?<!\w)so luong\s+(?:(?:toi thieu|toi da|cu the)\s+)?(?:cua\s+)?([a-z]+(?:\s+[a-z]+){0,2})")
# "số thành viên tối thiểu là bao nhiêu", "số người tối đa của tổ": a bare "số" counts only what is counted in
# the texts (folded, "số" is also "so sánh", "so với"; "số điện thoại" counts nothing)
_COUNT_BARE = re.compile(r"(?<!\w)so\s+(nguoi|ho|lan|buoi|thon|phieu|hoa giai vien|uy vien|thanh vien|can bo|"
                         r"dai dien|dai bieu|cu tri|chu ky)(?!\w)")
# a bound named right after what is counted asks for it even without a quantity word: "số thành viên tối thiểu"
_BOUND_AFTER = re.compile(r"^\s+(?:toi thieu|toi da|it nhat|nhieu nhat)(?!\w)")
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
# a question names the commune level by a body of it, as cadres write: "mặt trận xã", "ủy ban nhân dân phường"
_COMMUNE_BODY = re.compile(r"(?<!\w)(?:mat tran|uy ban(?: nhan dan)?|ubnd|hoi dong nhan dan|hdnd|chu tich|"
                           r"dang uy|cong an|ban chap hanh)(?: to quoc(?: viet nam)?)? (?:xa|phuong|thi tran)(?!\w)")
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
    """Whether the "mấy" matched at `m` (`_ASKED`) means "a few" in a story ("dân mấy thôn", "mấy năm trước")."""
    first = m.group(2).split(" ", 1)[0]
    before = folded[: m.start()]
    return bool(_NARRATIVE_BEFORE.search(before) or (_PEOPLE_OF.search(before) and first in _PLACES)
                or _NARRATIVE_AFTER.search(folded[m.start(2) + len(first):]))


def _counted(words: str) -> str:
    """What is counted, read from the (folded) words after a quantity word; "" when they count nothing.

    A compound name is taken whole ("uy vien"), a deputy with its post ("pho truong thon"), else the first
    word; a qualifier that narrows it goes with it ("hoa giai vien nu").
    """
    name = next((c for c in _COMPOUNDS if words == c or words.startswith(c + " ")), words.split(" ", 1)[0])
    if name in _NOT_UNITS:
        return ""
    rest = words[len(name):].split()
    if name == "pho":  # a deputy is named by the post: "phó trưởng thôn" is no "phó trưởng ban"
        post = list(itertools.takewhile(lambda w: w not in _NOT_UNITS and w not in _QUALIFIERS, rest[:2]))
        name, rest = " ".join([name, *post]), rest[len(post):]
    after = " ".join(rest[1:] if rest[:1] == ["ra"] else rest)
    qualifier = next((q for q in _QUALIFIERS if after == q or after.startswith(q + " ")), "")
    return f"{name} {qualifier}" if qualifier else name


def _qualified(unit: str) -> tuple[str, str]:
    """`unit` split into what is counted and its qualifier ("hoa giai vien nu" → "hoa giai vien", "nu")."""
    for qualifier in _QUALIFIERS:
        if unit.endswith(" " + qualifier):
            return unit[: -len(qualifier) - 1], qualifier
    return unit, ""


def _head(unit: str) -> str:
    """The first syllable of what is counted ("uy" for "uy vien"): how `_POSTS` and `_SHARED_OUT` know it."""
    return unit.split(" ", 1)[0]


def asked_units(question: str) -> tuple[str, ...]:
    """What the question asks to be counted (folded: ("lan",), ("uy vien",), ("ngay", "thang", …) for "bao lâu"); ()."""
    folded = asking_part(question)
    units = [_counted(m.group(2)) for m in _ASKED.finditer(folded)
             if not (m.group(1) == "may" and _narrative(folded, m))]
    units = ["ngay" if u in _DAYS else "gio" if u == "tieng" else u for u in units if u]
    if _QUANTITY.search(folded) or _WHETHER_FIXED.search(folded):
        units.extend(u for m in _COUNT_OF.finditer(folded) if (u := _counted(m.group(1))))
    for m in _COUNT_BARE.finditer(folded):
        if _QUANTITY.search(folded) or _WHETHER_FIXED.search(folded) or _BOUND_AFTER.match(folded[m.end():]):
            units.append(_counted(folded[m.start(1):]))
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


def asked_payments(question: str) -> frozenset[str]:
    """The kinds of payment a question asks about.

    Those it names, a fine where "phạt" stands right before the quantity word ("phạt bao nhiêu"), money of no
    named kind where a unit of money follows it ("mấy triệu").
    """
    folded = fold_key(question)
    return (payment_kinds(folded) | ({"fine"} if _FINE_ASKED.search(folded) else set())
            | ({"money"} if _CURRENCY.search(folded) else set()))


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
        if asked_payments(part) or (i and len(part.split()) <= _SHORT_PART and payment_kinds(parts[i - 1])):
            return True
    return False


def asks_fine(question: str) -> bool:
    """Whether the question asks what a fine comes to ("bị phạt bao nhiêu tiền", "mức xử phạt là bao nhiêu")."""
    return "fine" in asked_payments(asking_part(question)) and (asks_money(question) or names_rate(question))


def names_rate(question: str) -> bool:
    """Whether the question names the rate of a payment ("mức phụ cấp", "mức phạt", "mức thu"): asks for it."""
    folded = asking_part(question)
    return any(payment_kinds(" ".join(folded[m.end():].split()[:3])) for m in _RATE_WORD.finditer(folded))


# a body named for a vote is no vote ("tổ bầu cử gồm bao nhiêu người"), and those who stand for election are
# counted, not a share of voters ("bầu trưởng thôn được đưa ra tối đa mấy người ứng cử")
_VOTE_BODY = re.compile(r"(?<!\w)to bau cu(?!\w)")
_CANDIDATES = re.compile(r"(?<!\w)(?:bao nhieu|bao nhiu|bn|may)\s+(?:nguoi|ung cu vien)\s+(?:ra\s+)?(?:ung cu|de cu)"
                         r"(?!\w)")


def approving(question: str) -> bool:
    """Whether the question is about how many agree, vote or elect ("bao nhiêu hộ đồng ý", "cần mấy phiếu").

    Not where the vote only names a body ("tổ bầu cử") or the question counts candidates ("mấy người ứng cử").
    """
    folded = fold_key(question)
    if _CANDIDATES.search(folded):
        return False
    return bool(_APPROVING.search(_VOTE_BODY.sub(" ", folded)))


def attending(question: str) -> bool:
    """Whether the question counts those present ("bao nhiêu người dự", "mấy hộ có mặt thì hợp lệ")."""
    return bool(_ATTENDING.search(fold_key(question)))


# what bounds a number in the texts: "từ 03 hòa giải viên trở lên", "ít nhất 01 người", "đủ 21 tuổi" set a
# least; "không quá 02 người", "tối đa 07 người" a most; "từ 05 đến 07" both
_LEAST_BEFORE = re.compile(r"(?<!\w)(?:tu|it nhat|toi thieu|khong it hon|khong duoi|du|tren)\s*$")
_LEAST_AFTER = re.compile(r"^\s*tro len(?!\w)")
_MOST_BEFORE = re.compile(r"(?<!\w)(?:khong qua|toi da|nhieu nhat|khong vuot qua|khong duoc qua|duoi)\s*$")
_MOST_AFTER = re.compile(r"^\s*tro xuong(?!\w)")
_BOTH = re.compile(r"(?<!\w)(?:den|toi)(?!\w)")
# what bound a question asks for: "tối đa mấy người", "nhiều nhất bao nhiêu tuổi"; "tối thiểu", "ít nhất"
_ASKS_MOST = re.compile(r"(?<!\w)(?:toi da|nhieu nhat|cao nhat|lon nhat|khong qua|khong duoc qua|khong vuot qua|"
                        r"gioi han)(?!\w)")
_ASKS_LEAST = re.compile(r"(?<!\w)(?:toi thieu|it nhat|thap nhat|khong it hon|khong duoi)(?!\w)")


def asked_bound(question: str) -> str:
    """The bound the question asks for: "most" ("tối đa mấy người"), "least" ("ít nhất mấy người"), or ""."""
    folded = asking_part(question)
    most, least = bool(_ASKS_MOST.search(folded)), bool(_ASKS_LEAST.search(folded))
    return "most" if most and not least else "least" if least and not most else ""


def _bound_of(folded: str, m: re.Match[str]) -> str:
    """The bound the texts set with the count matched at `m`: "least", "most", or "" (exact, or a range)."""
    if _BOTH.search(m.group(0)):
        return ""
    before, after = folded[max(0, m.start() - 20): m.start()], folded[m.end():]
    least = bool(_LEAST_BEFORE.search(before) or _LEAST_AFTER.match(after))
    most = bool(_MOST_BEFORE.search(before) or _MOST_AFTER.match(after))
    return "least" if least and not most else "most" if most and not least else ""


def _counted_as(unit: str) -> tuple[str, ...]:
    """How the texts may name what `unit` counts.

    People by any of `_PEOPLE`, a post as itself or as people (`fixes` counts the people only where the
    sentence names the post), with the question's qualifier after it ("hoa giai vien nu").
    """
    name, _ = _qualified(unit)
    return _PEOPLE if name == "nguoi" else (name, "nguoi") if _head(name) in _POSTS else (name,)


def _count_pattern(word: str, qualifier: str = "") -> re.Pattern[str]:
    """A number before `word` (folded), with `qualifier` (a key of `_QUALIFIERS`) after it.

    Up to two words may stand between the number and the word ("05 đến 07 ủy viên").
    """
    # a share ("50% số hộ", "một phần ba số hộ") is no count: it answers only where shares do
    # … nor is the number's own spelling-out: "05 (năm) ngày", "02 (hai) đại diện"
    after = rf"\s+{_QUALIFIERS[qualifier]}" if qualifier else ""
    return re.compile(rf"(?<!\w)(?<!phan )(?:{_NUMBER}(?![\d.,]*\s*%)(?:\s*\([^)]*\))?\W*(?:\s+\w+){{0,2}}"
                      rf"|{_NUMBER_RIGHT_BEFORE})\s+{re.escape(word)}{after}(?!\w)")


def fixes(texts: Iterable[str], units: tuple[str, ...], shares: bool = True, majority: bool = True,
          bound: str = "") -> bool:
    """Whether any of `texts` puts a number before one of `units`, or (when `shares`) states a share.

    A count of people is found however the texts name them (`_PEOPLE`: "03 hòa giải viên" fixes "mấy
    người"), and a post asked for is also counted as people (`_POSTS`: "không quá 02 người" fixes "mấy phó
    trưởng ban"). A share ("quá 50%", "hai phần ba tổng số đại diện hộ gia đình", "đa số") answers "bao nhiêu
    phần trăm" and also "bao nhiêu hộ / người / cử tri đồng ý" (`_SHARED_OUT`), which the texts answer as a
    share of the whole; it never answers a period, nor a count of other things ("bao nhiêu khách"). Up to two
    words may stand between the number and the unit ("05 đến 07 ủy viên"); "đa số" counts as a
    share only when `majority` (a question about a vote). References to provisions, dates and a clause's own
    number are no counts (`_NOT_A_COUNT`). A post counted as people is so only in a sentence that names the
    post ("không quá 02 người" in a sentence on "Phó Trưởng ban" does not fix "mấy phó trưởng thôn"). When
    `bound` is "most" or "least" (`asked_bound`), a count the texts bound the other way does not fix it ("từ
    03 hòa giải viên trở lên" does not fix "tối đa bao nhiêu người"); periods are not weighed so.
    """
    counted = [u for u in units if u == "phan tram" or _head(u) in _SHARED_OUT]
    # (pattern, the post a sentence must name for it to count, whether the asked bound is weighed)
    counts: dict[str, tuple[re.Pattern[str], str, bool]] = {}
    for unit in units:
        if unit == "phan tram":
            continue
        name, qualifier = _qualified(unit)
        post = name if name != "nguoi" and _head(name) in _POSTS else ""
        for word in _counted_as(unit):
            as_people = bool(post) and word == "nguoi"
            counts.setdefault(f"{word} {qualifier}", (_count_pattern(word, qualifier), post if as_people else "",
                                                      unit not in PERIODS))
    shared = ([_SHARE, *([_MAJORITY] if majority else [])]) if counted and shares else []
    for text in texts:
        folded = without_references(text)
        if any(p.search(folded) for p in shared):
            return True
        for pattern, post, weighed in counts.values():
            for sentence in (_SENTENCE_END.split(folded) if post else [folded]):
                if post and post not in sentence:
                    continue
                if any(not (bound and weighed) or _bound_of(sentence, m) in ("", bound)
                       for m in pattern.finditer(sentence)):
                    return True
    return False


# a body whose members a question counts ("tổ bầu cử gồm bao nhiêu người", "Ủy ban Mặt trận xã có bao nhiêu ủy
# viên"), named by its kind and the first syllable of its name, as the texts write it ("ban thanh" for Ban Thanh
# tra nhân dân); folded, "tổ chức", "ban hành", "tổ trưởng" name no body
_BODY = re.compile(r"(?<!\w)(?:to (?:bau|hoa|truong cau|bieu|soan|kiem)|ban (?:thanh|giam|cong|kiem|chap|tiep|dieu)|"
                   r"hoi dong (?:nhan|bau|hoa)|uy ban (?:nhan|mat|bau|kiem)|ubnd|hdnd)(?!\w)")
_BODY_SHORT = {"ubnd": "uy ban nhan", "hdnd": "hoi dong nhan"}


def bodies(text: str) -> frozenset[str]:
    """The bodies `text` names (`_BODY`: "to bau", "ban thanh", "uy ban mat"), folded."""
    return frozenset(_BODY_SHORT.get(m.group(0), m.group(0)) for m in _BODY.finditer(fold_key(text)))


def counts_members(units: tuple[str, ...]) -> bool:
    """Whether every unit asked counts people or posts (not households, times or periods)."""
    return bool(units) and all(
        (name := _qualified(u)[0]) != "ho" and (name in _PEOPLE or _head(name) in _POSTS) for u in units)


def clause_sentences(text: str) -> list[str]:
    """`text` cut into sentences at ".", ";" and line ends (not ":", which leads into what it names)."""
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


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
    names a level of government ("ủy viên Mặt trận cấp xã", or a body of it: "mặt trận xã") is not answered by
    an amount set for other levels only ("Ủy viên Ủy ban Mặt trận Tổ quốc cấp huyện được hỗ trợ … 120.000 đồng").
    """
    asked = asked_payments(question) - {"money"}
    part = asking_part(question)
    level = _levels(part) | ({"cap xa"} if _COMMUNE_BODY.search(part) else set())
    return any(_amount_for(fold_key(text), level) and (not asked or asked & payment_kinds(text)) for text in texts)
