"""What a question asks for, read from its wording: a number, a time, a person or body, a list, a yes/no.

Cadres write with or without diacritics, so every pattern here is matched against the diacritic-folded,
lower-cased question. The kinds decide which sentence of a clause answers ("bao nhiêu hộ" wants the
sentence with "hai phần ba"), and whether a booklet answer fits the question (a booklet answer that opens
with "Không." does not answer "ai triệu tập?"). Settings (village, agency, enterprise) keep a rule for
agencies from answering a question about a village.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from knowledge.text import fold_key, normalize


class AnswerKind(StrEnum):
    """The kind of answer a question asks for."""

    AMOUNT = "amount"  # how many, what share, what size: a number
    TIME = "time"  # how long, by when, how often: a period or a deadline
    ACTOR = "actor"  # who: a person or a body
    LIST = "list"  # what (all of them): a list
    YES_NO = "yes_no"  # whether it is allowed, required, right
    HOW = "how"  # the steps, the way
    MONEY = "money"  # an amount of money: an allowance, a fee, a fine


class Setting(StrEnum):
    """Where a rule applies: the law has separate chapters for each."""

    VILLAGE = "village"  # thôn, tổ dân phố, the commune and its residents
    AGENCY = "agency"  # state agencies and public service units
    ENTERPRISE = "enterprise"  # enterprises and other employers


def _words(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(phrases) + r")(?!\w)")


_KIND_PATTERNS: dict[AnswerKind, re.Pattern[str]] = {
    AnswerKind.MONEY: _words(
        r"bao nhieu tien", r"muc (?:phu cap|phi|le phi|thu|chi|ho tro|boi duong|phat|luong|thu lao)",
        r"phu cap bao nhieu", r"phat bao nhieu", r"le phi", r"(?:bao nhieu|may) (?:trieu|nghin|dong)",
        r"duoc (?:tra|huong) bao nhieu", r"thu lao", r"tien (?:cong|boi duong)"),
    AnswerKind.AMOUNT: _words(
        r"bao nhieu", r"bao nhiu",
        r"may (?:ho|nguoi|thanh vien|phan|lan|thon|to|pho|truong|tuoi|uy vien|can bo|dai dien|cu tri|chu ky|"
        r"buoi|hoa giai vien|phieu|dot|vu)", r"ty le", r"ti le",
        r"phan tram", r"toi thieu", r"toi da", r"it nhat", r"du so", r"du bao nhieu", r"qua ban", r"so luong",
        r"nhieu nhat", r"bao nhieu phan"),
    AnswerKind.TIME: _words(
        r"bao lau", r"khi nao", r"luc nao", r"bao gio", r"thoi han", r"thoi gian", r"may ngay", r"may thang",
        r"may nam", r"bao nhieu ngay", r"bao nhieu thang", r"bao nhieu nam", r"truoc may", r"cham nhat",
        r"nhiem ky", r"hieu luc tu", r"tu ngay nao", r"han chot", r"dinh ky", r"may lan", r"bao nhieu lan",
        r"thoi diem"),
    AnswerKind.ACTOR: _words(
        r"ai", r"co quan nao", r"cap nao", r"nguoi nao", r"ben nao", r"don vi nao", r"to chuc nao", r"ai la",
        r"do ai", r"thuoc ai", r"tham quyen", r"chu tri", r"trach nhiem cua ai", r"ai co trach nhiem"),
    AnswerKind.LIST: _words(
        r"nhung gi", r"nhung (?:noi dung|viec|hinh thuc|quyen|truong hop|nhiem vu|hanh vi|ai|thong tin|gi)",
        r"gom (?:nhung|co|cac)?", r"bao gom", r"hinh thuc nao", r"cac (?:hinh thuc|noi dung|buoc)",
        r"nhung nao", r"nao khac", r"viec gi", r"noi dung gi", r"quyen gi", r"nghia vu gi",
        r"nhiem vu gi", r"ho so", r"nhung (?:[\w,]+ ){1,8}nao", r"(?:cac|nhung) truong hop nao"),
    AnswerKind.HOW: _words(
        r"the nao", r"nhu the nao", r"ra sao", r"cach nao", r"trinh tu", r"thu tuc", r"lam gi", r"xu ly",
        r"cac buoc", r"quy trinh", r"lam sao"),
    AnswerKind.YES_NO: _words(
        r"co (?:\w+ ){0,6}(?:khong|ko|k|hok|hong)", r"duoc khong", r"duoc ko", r"dung khong", r"dung ko",
        r"phai khong", r"co phai", r"co bat buoc", r"co duoc", r"co can", r"co quyen", r"co dung",
        r"co hop le", r"hay khong", r"da du chua", r"du chua", r"duoc chua", r"chua a"),
}

_SETTING_PATTERNS: dict[Setting, re.Pattern[str]] = {
    Setting.VILLAGE: _words(
        r"thon", r"xom", r"lang", r"buon", r"khu pho", r"to dan pho", r"cong dong dan cu",
        r"truong thon", r"ho gia dinh", r"ba con", r"nhan dan", r"xa", r"phuong", r"thi tran"),
    Setting.AGENCY: _words(
        r"co quan", r"don vi su nghiep", r"can bo cong chuc", r"cong chuc", r"vien chuc", r"thu truong",
        r"hoi nghi can bo", r"truong hoc", r"benh vien", r"nguoi dung dau co quan"),
    Setting.ENTERPRISE: _words(
        r"doanh nghiep", r"cong ty", r"nguoi lao dong", r"nguoi su dung lao dong",
        r"nha may", r"xi nghiep", r"hop dong lao dong", r"cong doan", r"hoi nghi nguoi lao dong"),
}

# "công nhân" (workers) only as typed with its marks: folded it is also "công nhận" (to recognise), which
# questions about electing a trưởng thôn or a decision's result use all the time
_WORKERS = re.compile(r"(?<!\w)công nhân(?!\w)")

# What a sentence holds that answers each kind (matched against folded, lower-cased sentences).
_SENTENCE_HAS: dict[AnswerKind, re.Pattern[str]] = {
    AnswerKind.AMOUNT: re.compile(
        r"\d|(?<!\w)(?:phan ba|phan tu|phan tram|mot nua|qua nua|qua ban|da so|toan bo|tat ca|it nhat|toi thieu|"
        r"toi da|khong qua|tren \d)(?!\w)"),
    # "ngày" but not "ngay" (at once: "báo ngay", "ngay khi"), folded alike: a day is counted, dated or
    # reckoned from ("05 ngày", "ngày 01", "ngày làm việc", "kể từ ngày")
    AnswerKind.TIME: re.compile(
        r"(?<!\w)(?:\d+\s*(?:\(\w+\)\s*)?ngay|ngay \d|ngay lam viec|ngay nhan|trong ngay|thang|nam|tuan|cham nhat|"
        r"thoi han|ke tu|truoc|sau khi|dinh ky|thuong xuyen|nhiem ky|hang nam|hang quy|hieu luc)(?!\w)"),
    AnswerKind.ACTOR: re.compile(
        r"(?<!\w)(?:uy ban|chu tich|truong thon|to truong|ban cong tac|mat tran|hoi dong|ban thanh tra|"
        r"ban giam sat|thu truong|nguoi dung dau|co quan|to chuc|cong dan|nguoi dan|cong dong dan cu|"
        r"nguoi su dung lao dong|cong doan|bo truong|chinh phu|quoc hoi)(?!\w)"),
    AnswerKind.LIST: re.compile(r"(?m):\s*$|^\s*[a-zd]\)"),
    AnswerKind.YES_NO: re.compile(
        r"(?<!\w)(?:duoc|khong duoc|phai|nghiem cam|co quyen|co trach nhiem|bat buoc|khong phai|"
        r"chi duoc|khong)(?!\w)"),
    AnswerKind.HOW: re.compile(r"(?<!\w)(?:bang hinh thuc|thuc hien|to chuc|trinh tu|lay y kien|gui)(?!\w)"),
    AnswerKind.MONEY: re.compile(r"\d[\d.]*\s*(?:dong|trieu|nghin)|(?<!\w)(?:muc luong|he so)(?!\w)"),
}

# "những chủ thể nào có quyền đề nghị?", "ai có quyền triệu tập?": a bare "có quyền / có được" beside a question
# word asks which or who, not whether; "… có được không?" still asks whether
_QUESTION_WORD = _words(r"nao", r"ai", r"gi", r"bao nhieu", r"bao lau", r"o dau", r"may")
_ASKS_WHETHER = _words(r"khong", r"ko", r"k", r"hok", r"hong", r"chua", r"hay khong")

_YES_NO_OPENING = re.compile(r"^\s*(?:co|khong|duoc|khong duoc|dung|chua|khong can|khong phai)\s*[.,;:!]",
                             re.IGNORECASE)


@dataclass(frozen=True)
class Intent:
    """What one question asks for and where it is set."""

    kinds: frozenset[AnswerKind]
    settings: frozenset[Setting]

    def wants(self, kind: AnswerKind) -> bool:
        """True when the question asks for this kind of answer."""
        return kind in self.kinds


def read_intent(question: str) -> Intent:
    """The kinds of answer `question` asks for and the settings it names (either may be empty)."""
    folded = fold_key(question)
    kinds = {kind for kind, pattern in _KIND_PATTERNS.items() if pattern.search(folded)}
    if AnswerKind.MONEY in kinds:
        kinds.discard(AnswerKind.AMOUNT)
    if kinds & {AnswerKind.AMOUNT, AnswerKind.TIME} and not _KIND_PATTERNS[AnswerKind.AMOUNT].search(
            folded.replace("bao nhieu ngay", "").replace("bao nhieu thang", "").replace("bao nhieu nam", "")):
        kinds.discard(AnswerKind.AMOUNT)  # "bao nhiêu ngày" asks for a time, not a count
    if AnswerKind.YES_NO in kinds and _QUESTION_WORD.search(folded) and not _ASKS_WHETHER.search(folded):
        kinds.discard(AnswerKind.YES_NO)
    settings = {s for s, pattern in _SETTING_PATTERNS.items() if pattern.search(folded)}
    if _WORKERS.search(normalize(question)):
        settings.add(Setting.ENTERPRISE)
    return Intent(frozenset(kinds), frozenset(settings))


def sentence_answers(sentence: str, kind: AnswerKind) -> bool:
    """True when `sentence` holds what a `kind` question asks for (a number, a time, a body, …)."""
    return bool(_SENTENCE_HAS[kind].search(fold_key(sentence)))


def opens_with_yes_no(answer: str) -> bool:
    """True when a (booklet) answer starts with a bare "Có." / "Không." / "Được." verdict."""
    return bool(_YES_NO_OPENING.match(fold_key(answer)))


def without_settings(text: str, settings: frozenset[Setting]) -> str:
    """`text` as typed without the words that name any of `settings` ("xã", "thôn", "cơ quan", "công ty").

    A follow-up that moves the question to another setting ("còn ở cơ quan thì sao" after a question about a
    commune) keeps the previous topic but not its setting, which would pull the search back to the commune.
    """
    words = text.split()
    folded = [fold_key(w) for w in words]
    joined = " ".join(folded)
    starts = [0]
    for word in folded[:-1]:
        starts.append(starts[-1] + len(word) + 1)
    dropped = {i for s in settings for m in _SETTING_PATTERNS[s].finditer(joined)
               for i, start in enumerate(starts) if m.start() <= start < m.end()}
    return " ".join(w for i, w in enumerate(words) if i not in dropped)
