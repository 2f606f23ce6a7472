"""Vietnamese tokenization for the lexical (BM25) index.

Vietnamese writes one syllable per space-separated unit and most words are two syllables ("trưởng thôn",
"dân chủ"), so a token list holds syllables plus adjacent-syllable bigrams. Users often type without
diacritics, so every token is also emitted in a diacritic-folded field ("truong", "truong_thon") marked
with a prefix so the two fields never collide: an accented query matches both fields (exact spelling
counts twice), an unaccented one matches the folded field only.

The tokenizer is pluggable the way bm25s's is: anything with ``__call__(text) -> list[str]`` can be given
to `LexicalIndex`.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from knowledge.text import fold_diacritics  # the project's one folding; index modules import it from here

logger = logging.getLogger(__name__)

FOLDED_PREFIX = "~"  # marks the diacritic-folded field; cannot occur in a syllable (\w never matches "~")
BIGRAM_JOINER = "_"

# Numbers with their separators stay whole ("10/2022", "01.07.2023", "44.13"); otherwise runs of letters
# and digits. Underscore is excluded so it can join bigrams.
_SYLLABLE = re.compile(r"\d+(?:[./]\d+)+|[^\W_]+")

# Function words that carry no topic. Kept short on purpose: words such as "không", "được", "có" change a
# legal meaning and the bigrams they form ("không được") are useful, so stopwords are dropped from the
# unigram field only; bigrams are built over the full syllable sequence.
VIETNAMESE_STOPWORDS: frozenset[str] = frozenset({
    "và", "của", "các", "là", "cho", "trong", "này", "những", "với", "theo", "thì", "mà", "để",
    "khi", "đến", "từ", "hoặc", "về", "một", "ở", "tại", "do", "bởi", "như", "nào", "gì", "ai",
    "đó", "đây", "ạ", "nhé", "ơi", "vậy", "thế", "à", "ừ", "nhỉ", "cái", "chiếc", "sự", "việc",
})


def syllables(text: str) -> list[str]:
    """NFC-normalise, lowercase and split into syllables and whole numbers."""
    return _SYLLABLE.findall(unicodedata.normalize("NFC", text).lower())


class Tokenizer(Protocol):
    """Turns a text into BM25 tokens; the same object must tokenize the corpus and the queries."""

    def __call__(self, text: str) -> list[str]:
        """Return the tokens of `text` (possibly empty)."""
        ...


@dataclass(frozen=True)
class VietnameseTokenizer:
    """Syllables + bigrams, in accented and folded fields.

    `stopwords` are dropped from unigrams only; a bigram is dropped only when both its syllables are
    stopwords. `bigrams=False` and `folded=False` exist to measure what each part is worth.
    """

    stopwords: frozenset[str] = VIETNAMESE_STOPWORDS
    bigrams: bool = True
    folded: bool = True
    accented: bool = True

    def __call__(self, text: str) -> list[str]:
        """Return accented tokens followed by folded tokens (see the class docstring)."""
        sylls = syllables(text)
        tokens: list[str] = []
        if self.accented:
            tokens.extend(self._field(sylls, self.stopwords, ""))
        if self.folded:
            folded = [fold_diacritics(s) for s in sylls]
            tokens.extend(self._field(folded, _folded_set(self.stopwords), FOLDED_PREFIX))
        return tokens

    def _field(self, sylls: list[str], stops: frozenset[str], prefix: str) -> Iterable[str]:
        for s in sylls:
            if s not in stops:
                yield prefix + s
        if self.bigrams:
            for a, b in itertools.pairwise(sylls):
                if a in stops and b in stops:
                    continue
                yield f"{prefix}{a}{BIGRAM_JOINER}{b}"


@functools.lru_cache(maxsize=8)
def _folded_set(words: frozenset[str]) -> frozenset[str]:
    return frozenset(fold_diacritics(w) for w in words)


def tokenizer_id(tokenizer: Tokenizer) -> str:
    """A short description of a tokenizer's configuration, recorded in the manifest."""
    if isinstance(tokenizer, VietnameseTokenizer):
        parts = ["vi-syllable"]
        parts += ["bigrams"] if tokenizer.bigrams else []
        parts += ["accented"] if tokenizer.accented else []
        parts += ["folded"] if tokenizer.folded else []
        parts += [f"stop{len(tokenizer.stopwords)}"]
        return "+".join(parts)
    return type(tokenizer).__name__
