"""Where typo corrections come from: syllables one edit away, and commonly confused onsets.

This module only proposes; `index.diacritics.DiacriticRestorer` decides with its context model, paying the
channel costs below for every change so that a typed syllable survives unless the context clearly wants
another one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator

# Natural-log "probability of this typo". An out-of-vocabulary syllable one edit from a known one is very
# likely that syllable; a known syllable written with a confused onset is rarer and must be proven by
# context (the trigram model must prefer the swap by a factor of e^7 ≈ 1100).
EDIT_COST = -5.0
# An unknown syllable that is nevertheless spelled like a Vietnamese syllable ("chắc", "vần") is more likely a
# real word the corpus lacks than a typo, so changing it must be proven by context much more strongly.
WELL_FORMED_EDIT_COST = -9.0
CONFUSION_COST = -7.0
# A tone mark typed on the wrong vowel ("liêụ" for "liệu") is a placement slip, not a spelling error.
TONE_PLACEMENT_COST = -1.0

# The five tone marks as combining characters; circumflex, breve and horn change the vowel, not the tone.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")

# Shorter typed tokens have too many neighbours (and are often chat abbreviations: "ko", "dc"), so they are
# left alone.
MIN_TYPO_LENGTH = 3

# Onsets Vietnamese speakers of different regions write interchangeably. Longest first, so "gi" and "ch"
# are matched before "g" and "c" could be.
_CONFUSED_ONSETS: dict[str, tuple[str, ...]] = {
    "ch": ("tr",),
    "tr": ("ch",),
    "gi": ("d", "r"),
    "s": ("x",),
    "x": ("s",),
    "d": ("gi", "r"),
    "r": ("d", "gi"),
    "l": ("n",),
    "n": ("l",),
}


def onset_swaps(syllable: str) -> list[str]:
    """Spellings of lowercase `syllable` with its onset replaced by a commonly confused one."""
    for onset in sorted(_CONFUSED_ONSETS, key=len, reverse=True):
        rest = syllable[len(onset) :]
        if syllable.startswith(onset) and rest and not (onset == "n" and rest.startswith(("g", "h"))):
            return [other + rest for other in _CONFUSED_ONSETS[onset]]
    return []


def _deletions(word: str) -> Iterator[str]:
    """`word` with one character removed, at every position."""
    for i in range(len(word)):
        yield word[:i] + word[i + 1 :]


def within_one_edit(a: str, b: str) -> bool:
    """True when `a` and `b` differ by one insertion, deletion, substitution or adjacent transposition."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    if a[i + 1 :] == b[i + 1 :]:
        return True
    return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]


_SYLLABLE_SHAPE = re.compile(
    r"(ngh|ng|nh|ch|tr|th|ph|kh|gh|gi|qu|[bcdđghklmnprstvx])?"
    r"(?!.*(aa|ăă|ââ|ee|êê|ii|ôô|ơơ|uu|ưư|yy))[aăâeêioôơuưy]{1,3}"
    r"(ng|nh|ch|[cmnpt])?"
)


def is_well_formed(syllable: str) -> bool:
    """True when lowercase `syllable` has the shape of a Vietnamese syllable (onset, 1-3 vowels, coda).

    A crude check (it accepts some non-words such as "nhiu"); it exists to tell "trúg", "lâuu", "thôg" (certainly
    typos) from rare real words.
    """
    letters = tone_key(syllable).rstrip("".join(_TONE_MARKS))
    return _SYLLABLE_SHAPE.fullmatch(letters) is not None


def edit_cost(typed: str) -> float:
    """Channel cost of correcting the unknown syllable `typed` by one edit."""
    return WELL_FORMED_EDIT_COST if is_well_formed(typed) else EDIT_COST


def tone_key(syllable: str) -> str:
    """`syllable` with its tone mark moved to the end (NFC letters, then the combining mark, if any).

    Two spellings with the same key differ only in where the tone mark sits ("hoà"/"hòa", "liêụ"/"liệu").
    """
    letters = []
    tone = ""
    for char in unicodedata.normalize("NFD", syllable):
        if char in _TONE_MARKS:
            tone = char
        else:
            letters.append(char)
    return unicodedata.normalize("NFC", "".join(letters)) + tone


class NeighbourIndex:
    """Finds known syllables one edit away from a typed one, via a deletion index (no alphabet scan)."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        """Index lowercase syllables for edit-distance and tone-placement look-ups."""
        self._by_deletion: dict[str, set[str]] = defaultdict(set)
        self._by_tone_key: dict[str, set[str]] = defaultdict(set)
        for word in vocabulary:
            self._by_deletion[word].add(word)
            self._by_tone_key[tone_key(word)].add(word)
            for shorter in _deletions(word):
                self._by_deletion[shorter].add(word)

    def neighbours(self, typed: str) -> list[str]:
        """Known lowercase syllables within one edit of lowercase `typed`, sorted for determinism."""
        if len(typed) < MIN_TYPO_LENGTH:
            return []
        found: set[str] = set(self._by_deletion.get(typed, ()))
        for shorter in _deletions(typed):
            found.update(self._by_deletion.get(shorter, ()))
        return sorted(w for w in found if within_one_edit(typed, w))

    def same_tone_elsewhere(self, typed: str) -> list[str]:
        """Known syllables that are `typed` with its tone mark on another vowel."""
        return sorted(w for w in self._by_tone_key.get(tone_key(typed), ()) if w != typed)
