"""Which documents a question names: "theo Luật Tiếp cận thông tin", "nghị định 59", "NĐ 61/2023", "TT 15/2020".

Cadres sometimes say which text they mean. When they do, that text's articles should come before a decree or
circular that happens to use the same words (a question "theo Luật Thực hiện dân chủ ở cơ sở, ... bàn và
quyết định những việc gì" wants Điều 15 of the Law, not the decree article on how such meetings are held).

Two ways of naming are recognised, on the diacritic-folded, lowercased question:
- by kind and number: "nghị định 59", "nđ 59/2023", "thông tư số 15/2020", "luật 10/2022", or a full number
  with its year ("59/2023/nđ-cp", "10/2022/qh15"); the year, when given, must match;
- a law by its name: "luật" followed by at least two syllables that all occur in a law's title ("luật dân chủ
  cơ sở", "luat tiep can thong tin", "luật hòa giải"); the law(s) matching the longest run win. "pháp luật" is
  not a name ("vi phạm pháp luật", "theo quy định pháp luật").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from knowledge.text import fold_key

KIND_ABBREVIATIONS = {"nd": "nghi dinh", "tt": "thong tu", "nq": "nghi quyet", "qd": "quyet dinh",
                      "ttlt": "thong tu lien tich", "ct": "chi thi"}
_KIND_WORDS = ("thong tu lien tich", "nghi quyet lien tich", "nghi dinh", "thong tu", "quyet dinh", "nghi quyet",
               "chi thi", "luat")
_BY_NUMBER = re.compile(r"\b(" + "|".join(_KIND_WORDS) + r")(?: so)? (\d{1,4})(?:/(\d{4}))?\b")
_FULL_NUMBER = re.compile(r"\b(\d{1,4})/(\d{4})/[a-z]")
_LAW_NAME = re.compile(r"(?<!phap )\bluat ((?:[a-z]+ ?)+)")
_TITLE_FILLERS = frozenset({"ve", "cua", "va"})
MIN_NAME_SYLLABLES = 2


def expand_kind_abbreviations(folded: str) -> str:
    """ "nd 59" → "nghi dinh 59": cadres abbreviate document kinds the way the numbers do (NĐ-CP, TT-BCA)."""
    return re.sub(r"\b(nd|tt|nq|qd|ttlt|ct)\b", lambda m: KIND_ABBREVIATIONS[m.group(1)], folded)


@dataclass(frozen=True)
class NamedText:
    """One document as a question may name it."""

    number: str  # "59/2023/NĐ-CP", the key articles carry in their citation
    kind: str  # folded: "nghi dinh"
    short_number: str  # "59"
    year: str  # "2023"
    title_syllables: frozenset[str]  # a law's folded title words after "Luật"; empty for other kinds


def named_text(kind: str, number: str, title: str) -> NamedText | None:
    """How a document with this kind, number and title can be named; None when it has no number."""
    m = re.match(r"(\d+)/(\d{4})", number)
    if not m:
        return None
    folded_kind = fold_key(kind)
    words: frozenset[str] = frozenset()
    if folded_kind == "luat":
        name = re.sub(r"^luat\s+", "", fold_key(title))
        words = frozenset(re.findall(r"[a-z]+", name))
    return NamedText(number, folded_kind, m.group(1).lstrip("0") or "0", m.group(2), words)


class DocumentNames:
    """Finds the documents (by citation number) that a question names."""

    def __init__(self, texts: Iterable[NamedText]) -> None:
        self.texts = list({t.number: t for t in texts}.values())

    def named(self, queries: Sequence[str]) -> frozenset[str]:
        """Citation numbers of the documents any of `queries` names (empty when none is named)."""
        found: set[str] = set()
        for query in queries:
            folded = expand_kind_abbreviations(fold_key(query))
            found |= self._by_number(folded)
            found |= self._by_law_name(folded)
        return frozenset(found)

    def _by_number(self, folded: str) -> set[str]:
        found: set[str] = set()
        for m in _BY_NUMBER.finditer(folded):
            kind, short, year = m.group(1), m.group(2).lstrip("0") or "0", m.group(3)
            found |= {t.number for t in self.texts
                      if t.short_number == short and (year is None or t.year == year)
                      and (t.kind == kind or t.kind.startswith(kind))}
        for m in _FULL_NUMBER.finditer(folded):
            short, year = m.group(1).lstrip("0") or "0", m.group(2)
            found |= {t.number for t in self.texts if t.short_number == short and t.year == year}
        return found

    def _by_law_name(self, folded: str) -> set[str]:
        best, found = 0, set()
        for m in _LAW_NAME.finditer(folded):
            words = m.group(1).split()
            for t in self.texts:
                if not t.title_syllables:
                    continue
                run = 0
                for w in words:
                    if w in t.title_syllables:
                        run += 1
                    elif w not in _TITLE_FILLERS:
                        break
                if run < MIN_NAME_SYLLABLES or run < best:
                    continue
                if run > best:
                    best, found = run, set()
                found.add(t.number)
        return found
