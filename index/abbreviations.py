"""Chat abbreviations cadres type on phones, expanded before a query is searched.

"thon em ko dc thu tien a" has two words the index never saw ("ko", "dc") and that the diacritic
restorer cannot fix (they are too short for typo correction, on purpose: most two-letter tokens are real
words). Expanding them first gives both BM25 and the restorer's context model the real words.

Only unambiguous forms are listed: "nd" (nhân dân? nghị định?), "tt" (thông tư? thị trấn?), "ct" and "hd"
stay as typed. Matching is on whole tokens, case-insensitive and with or without đ ("đc" = "dc").
"""

from __future__ import annotations

import re
import unicodedata

from index.tokenize import fold_diacritics

# folded abbreviation → expansion (written with diacritics so the restorer keeps it as typed).
ABBREVIATIONS: dict[str, str] = {
    # negation, "can / may", small function words
    # ("kh" may be "kế hoạch", "dk" "đăng ký"/"điều kiện", "bh" "bảo hiểm": left out)
    "ko": "không", "k": "không", "hok": "không", "hem": "không", "dc": "được", "vs": "với", "j": "gì",
    "ntn": "như thế nào", "bn": "bao nhiêu", "bnhieu": "bao nhiêu", "bgio": "bao giờ", "trc": "trước",
    "ng": "người", "mn": "mọi người", "r": "rồi", "cx": "cũng", "lm": "làm", "wa": "qua",
    # bodies and offices
    "ubnd": "ủy ban nhân dân", "hdnd": "hội đồng nhân dân", "mttq": "mặt trận tổ quốc",
    "ttnd": "thanh tra nhân dân", "ttcd": "tiếp công dân", "bcđ": "ban chỉ đạo", "bcd": "ban chỉ đạo",
    "tdp": "tổ dân phố", "kp": "khu phố", "bch": "ban chấp hành", "cb": "cán bộ", "cbcc": "cán bộ công chức",
    "cq": "cơ quan", "dn": "doanh nghiệp", "nld": "người lao động", "qd": "quyết định",
    "dccs": "dân chủ cơ sở", "qcdc": "quy chế dân chủ", "hgv": "hòa giải viên", "hgcs": "hòa giải ở cơ sở",
}

_TOKEN = re.compile(r"[^\W_]+")
# "bao h" (bao giờ) is two tokens; "h" alone is too often an hour or a point letter to expand.
_PHRASES = ((re.compile(r"(?i)\bbao h\b"), "bao giờ"),)
# A single letter after "điểm" is a point of a clause ("điểm k khoản 2"), not "không".
_POINT = re.compile(r"(?i)^(điểm|diem)\s+$")


def expand_abbreviations(text: str) -> str:
    """`text` with each whole-token abbreviation replaced by its expansion; everything else as typed.

    An expansion is inserted in lowercase; the rest of the text (spacing, punctuation, case) is unchanged.
    """
    text = unicodedata.normalize("NFC", text)

    for pattern, expansion in _PHRASES:
        text = pattern.sub(expansion, text)

    def replace(match: re.Match[str]) -> str:
        word = match.group()
        if len(word) == 1 and _POINT.search(text[max(0, match.start() - 6):match.start()]):
            return word
        return ABBREVIATIONS.get(fold_diacritics(word.lower()), word)

    return _TOKEN.sub(replace, text)
