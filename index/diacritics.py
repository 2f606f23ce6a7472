"""Restore Vietnamese diacritics (and, optionally, fix small typos) in cadres' queries.

Cadres often type "truong thon duoc bau nhu the nao" instead of "trưởng thôn được bầu như thế nào". The
lexical index is built from accented law text, so a bare query matches almost nothing. `DiacriticRestorer`
learns, from the corpus itself, which accented syllables each bare ("folded") syllable can stand for and how
syllables follow each other (a trigram model with interpolated Kneser-Ney smoothing, stored in back-off form),
then picks the most probable accented reading of a query with Viterbi decoding.

Promises:
- Only syllables typed with no diacritic at all are changed by `restore`; accented syllables, numbers,
  punctuation, spacing and words the corpus never saw come back exactly as typed (after NFC normalisation),
  and the accented syllables a user did type serve as context for the others.
- Letter case of every restored syllable follows what was typed ("Truong" → "Trường", "UBND" stays).
- `save`/`load` use a single JSON file (no pickle); the model is a plain list of n-grams and log-probabilities.

Text is NFC-normalised first: Telegram clients send NFC, and a decomposed "ò" would otherwise count as two
characters and look like an unknown word.
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index import typos
from knowledge.text import fold_diacritics

log = logging.getLogger(__name__)

FORMAT_VERSION = 1

_BOS = "<s>"
_EOS = "</s>"
_NUM = "<num>"
_UNK = "<unk>"

# Letters only (no digits, no underscore) or digits only: "QH15" is two tokens, "10/2022" three.
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
# A gap of pure spaces keeps two syllables in one phrase; any punctuation or line break starts a new one,
# because n-gram context across "," or "." is weak and across a heading glued to text is wrong.
_SPACE_ONLY = re.compile(r"[ \t\u00a0]*")

# Kneser-Ney discounts: the textbook 0.75 is close to n1/(n1+2·n2) on this corpus and keeps the model simple.
_DISCOUNT = 0.75
# Add-alpha mass for the unigram level, so a syllable seen once still beats "unknown".
_UNIGRAM_ALPHA = 0.1

# needs_restoration: share of known syllables typed bare where the bare form is not the usual reading.
_NEEDS_RESTORATION_SHARE = 0.3


# The law texts never ask questions, so on their own they teach the model "báo nhiều" for "bao nhieu" and
# "ái" for "ai". These lines, written by the team in everyday phrasing (not taken from any eval file), give
# the question words and casual forms cadres use a few counts each. `train` adds them unless told not to.
QUESTION_SEED: tuple[str, ...] = (
    "cho em hỏi việc này thì phải làm như thế nào ạ",
    "xin hỏi trường hợp này giải quyết ra sao",
    "thủ tục đó mất bao lâu thì xong",
    "phải chờ bao lâu mới có kết quả",
    "bao giờ thì được trả lời",
    "khi nào thì phải tổ chức họp",
    "cần bao nhiêu người đồng ý thì mới được",
    "một năm họp mấy lần",
    "tổ đó có mấy người, nhiệm kỳ mấy năm",
    "ai là người ký quyết định",
    "ai có quyền đề nghị việc này",
    "việc này do ai phụ trách",
    "hồ sơ gồm những gì",
    "cần chuẩn bị những giấy tờ gì",
    "người dân được làm gì khi thấy sai phạm",
    "gửi đơn ở đâu thì đúng",
    "họp ở đâu, lúc mấy giờ",
    "có bắt buộc phải lập biên bản không",
    "thôn mình có được tự thu tiền không",
    "có phải báo cáo lên xã không ạ",
    "làm vậy có đúng luật không",
    "có được không hay phải xin ý kiến trước",
    "tại sao lại phải công khai",
    "vì sao bà con không được biết",
    "nếu không đủ người thì sao",
    "nếu quá hạn mà chưa giải quyết thì làm sao",
    "thôn em muốn làm đường thì cần những bước gì",
    "chậm nhất là bao nhiêu ngày",
    "trong vòng bao nhiêu ngày kể từ khi nhận",
    "em là trưởng thôn mới, chưa rõ quy định",
    "anh chị cho hỏi thêm một việc",
    "như vậy là đúng hay sai",
    "việc đó thuộc trách nhiệm của ai",
    "chị ơi cho em hỏi cái này với",
    "mình nên làm gì trước",
    "bao nhiêu tuổi thì được tham gia",
    "có phải bồi thường không",
)


def fold(text: str) -> str:
    """Return `text` NFC-normalised and without Vietnamese diacritics (đ→d), case kept.

    On text whose NFC form has no stray combining marks (every token `restore` looks at), the result has the
    same length character for character, which is what lets `restore` copy the typed letter case.
    """
    return fold_diacritics(unicodedata.normalize("NFC", text))


def is_bare(syllable: str) -> bool:
    """True when NFC `syllable` carries no diacritic at all (its folded form is itself)."""
    return fold_diacritics(syllable) == syllable


@dataclass(frozen=True)
class _Token:
    """One syllable or number of a query, with its place in the (NFC) text."""

    start: int
    end: int
    text: str


def _phrases(text: str) -> Iterator[list[_Token]]:
    """Split NFC `text` into phrases: runs of tokens separated only by spaces."""
    phrase: list[_Token] = []
    last_end = 0
    for match in _TOKEN.finditer(text):
        gap = text[last_end : match.start()]
        if phrase and not _SPACE_ONLY.fullmatch(gap):
            yield phrase
            phrase = []
        phrase.append(_Token(match.start(), match.end(), match.group()))
        last_end = match.end()
    if phrase:
        yield phrase


def _model_word(token: str) -> str:
    """The word the language model sees for a token: lowercase syllable or the number class."""
    return _NUM if token.isdigit() else token.lower()


def training_phrases(texts: Iterable[str]) -> Iterator[list[str]]:
    """Yield each phrase of `texts` as a list of model words (lowercase syllables, `<num>`)."""
    for text in texts:
        for phrase in _phrases(unicodedata.normalize("NFC", text)):
            yield [_model_word(t.text) for t in phrase]


def strip_markdown(text: str) -> str:
    """Crudely drop what is not running text from a corpus file: front matter, URLs, the trailing index.

    Markdown punctuation (#, |, **) needs no removal: it already breaks phrases in `_phrases`.
    """
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            text = text[end + 4 :]
    cut = text.find("## Danh sách điều khoản")
    if cut != -1:
        text = text[:cut]
    return re.sub(r"https?://\S+", " ", text)


def _case_like(typed: str, word: str) -> str:
    """Copy the letter case of `typed` onto `word` (same length when `word` folds to `typed` lowercased)."""
    if typed.islower():
        return word
    if len(typed) != len(word):
        return word.upper() if typed.isupper() else word.capitalize() if typed[0].isupper() else word
    return "".join(w.upper() if t.isupper() else w for t, w in zip(typed, word, strict=True))


class _BackoffModel:
    """A trigram model in ARPA-like back-off form: scoring is a few dict look-ups, no counting at query time."""

    def __init__(
        self,
        *,
        uni: dict[str, float],
        bi: dict[tuple[str, str], float],
        bi_bow: dict[str, float],
        tri: dict[tuple[str, str, str], float],
        tri_bow: dict[tuple[str, str], float],
        unk: float,
    ) -> None:
        self.uni = uni
        self.bi = bi
        self.bi_bow = bi_bow
        self.tri = tri
        self.tri_bow = tri_bow
        self.unk = unk

    def logp(self, u: str, v: str, w: str) -> float:
        """Natural-log P(w | u v), backing off to the bigram and unigram levels."""
        score = self.tri.get((u, v, w))
        if score is not None:
            return score
        backoff = self.tri_bow.get((u, v), 0.0)
        score = self.bi.get((v, w))
        if score is not None:
            return backoff + score
        return backoff + self.bi_bow.get(v, 0.0) + self.uni.get(w, self.unk)

    @classmethod
    def estimate(cls, phrases: Iterable[list[str]]) -> _BackoffModel:
        """Interpolated Kneser-Ney estimates from phrases, rewritten exactly into back-off form."""
        tri_counts: Counter[tuple[str, str, str]] = Counter()
        for words in phrases:
            padded = [_BOS, _BOS, *words, _EOS]
            tri_counts.update(zip(padded, padded[1:], padded[2:], strict=False))
        # Trigram level: raw counts. Context totals and number of distinct followers per context.
        ctx_total: Counter[tuple[str, str]] = Counter()
        ctx_types: Counter[tuple[str, str]] = Counter()
        # Bigram level: continuation counts N1+(• v w).
        bi_cont: Counter[tuple[str, str]] = Counter()
        for (u, v, w), count in tri_counts.items():
            ctx_total[u, v] += count
            ctx_types[u, v] += 1
            bi_cont[v, w] += 1
        bi_ctx_total: Counter[str] = Counter()
        bi_ctx_types: Counter[str] = Counter()
        uni_cont: Counter[str] = Counter()
        for (v, w), count in bi_cont.items():
            bi_ctx_total[v] += count
            bi_ctx_types[v] += 1
            uni_cont[w] += 1
        uni_cont.pop(_BOS, None)
        vocab_size = len(uni_cont) + 1  # + unknown
        uni_total = sum(uni_cont.values()) + _UNIGRAM_ALPHA * vocab_size
        uni = {w: math.log((c + _UNIGRAM_ALPHA) / uni_total) for w, c in uni_cont.items()}
        unk = math.log(_UNIGRAM_ALPHA / uni_total)
        bi_bow = {v: math.log(_DISCOUNT * bi_ctx_types[v] / total) for v, total in bi_ctx_total.items()}
        # An unknown word as context would otherwise cost nothing to back off from, which makes keeping a
        # typo look better than correcting it; charge it what a typical context costs.
        bi_bow[_UNK] = statistics.median(bi_bow.values()) if bi_bow else 0.0
        bi = {
            (v, w): math.log(
                max(c - _DISCOUNT, 0.0) / bi_ctx_total[v] + math.exp(bi_bow[v] + uni.get(w, unk))
            )
            for (v, w), c in bi_cont.items()
        }
        tri_bow = {ctx: math.log(_DISCOUNT * ctx_types[ctx] / total) for ctx, total in ctx_total.items()}
        tri = {
            (u, v, w): math.log(max(c - _DISCOUNT, 0.0) / ctx_total[u, v] + math.exp(tri_bow[u, v] + bi[v, w]))
            for (u, v, w), c in tri_counts.items()
        }
        return cls(uni=uni, bi=bi, bi_bow=bi_bow, tri=tri, tri_bow=tri_bow, unk=unk)

    def to_json(self) -> dict[str, Any]:
        """The model as JSON-ready lists of words and rounded log-probabilities."""
        return {
            "unk": round(self.unk, 4),
            "unigrams": {w: round(p, 4) for w, p in self.uni.items()},
            "bigram_backoff": {w: round(p, 4) for w, p in self.bi_bow.items()},
            "bigrams": [[v, w, round(p, 4)] for (v, w), p in self.bi.items()],
            "trigram_backoff": [[u, v, round(p, 4)] for (u, v), p in self.tri_bow.items()],
            "trigrams": [[u, v, w, round(p, 4)] for (u, v, w), p in self.tri.items()],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> _BackoffModel:
        """Inverse of `to_json`."""
        return cls(
            uni=dict(data["unigrams"]),
            bi={(v, w): p for v, w, p in data["bigrams"]},
            bi_bow=dict(data["bigram_backoff"]),
            tri={(u, v, w): p for u, v, w, p in data["trigrams"]},
            tri_bow={(u, v): p for u, v, p in data["trigram_backoff"]},
            unk=data["unk"],
        )


@dataclass(frozen=True)
class _Slot:
    """The readings considered for one token: (model word, output text, channel log-cost) triples."""

    options: tuple[tuple[str, str, float], ...]


class DiacriticRestorer:
    """Restores diacritics (and optionally fixes typos) using a syllable trigram model of the corpus."""

    def __init__(self, model: _BackoffModel, candidates: dict[str, list[str]]) -> None:
        self._model = model
        # folded syllable -> accented syllables seen in the corpus, most frequent first.
        self._candidates = candidates
        self._typo_indexes: tuple[typos.NeighbourIndex, typos.NeighbourIndex] | None = None

    # ---- training and persistence -------------------------------------------------------------------

    @classmethod
    def train(cls, texts: Iterable[str], *, question_seed: bool = True) -> DiacriticRestorer:
        """Learn candidates and the trigram model from any iterable of (accented) texts.

        With `question_seed` the built-in `QUESTION_SEED` lines are added, so question words are known even
        when `texts` are law texts only.
        """
        if question_seed:
            texts = itertools.chain(texts, QUESTION_SEED)
        phrases = list(training_phrases(texts))
        counts: Counter[str] = Counter(w for words in phrases for w in words if w != _NUM)
        by_fold: dict[str, list[str]] = defaultdict(list)
        for word, _ in counts.most_common():
            by_fold[fold(word)].append(word)
        model = _BackoffModel.estimate(phrases)
        log.info("diacritics: %d phrases, %d syllable types, %d trigrams",
                 len(phrases), len(counts), len(model.tri))
        return cls(model, dict(by_fold))

    def save(self, path: str | Path) -> None:
        """Write the model to one JSON file (UTF-8, human-readable words)."""
        data = {
            "format": "dancoso-diacritics",
            "version": FORMAT_VERSION,
            "candidates": self._candidates,
            "model": self._model.to_json(),
        }
        Path(path).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> DiacriticRestorer:
        """Read a model written by `save`; raises ValueError on a file of another format or version."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != "dancoso-diacritics" or data.get("version") != FORMAT_VERSION:
            raise ValueError(f"{path}: not a diacritics model of version {FORMAT_VERSION}; rebuild the index")
        return cls(_BackoffModel.from_json(data["model"]), data["candidates"])

    # ---- queries ------------------------------------------------------------------------------------

    def candidates(self, syllable: str) -> list[str]:
        """Accented lowercase syllables the corpus has for the folded form of `syllable` (may be empty)."""
        return list(self._candidates.get(fold(syllable).lower(), ()))

    def restore(self, text: str) -> str:
        """Return `text` with diacritics put back on syllables typed without any; all else as typed."""
        return self._rewrite(text, fix_typos=False, add_marks=True)

    def correct(self, text: str) -> str:
        """Return `text` with likely typos fixed, diacritics left as typed.

        Out-of-vocabulary syllables may become an in-vocabulary syllable one edit away ("thôg" → "thông");
        a known syllable may swap a commonly confused onset (s/x, ch/tr, d/gi/r, l/n) only when the
        context model prefers the swap by a wide margin ("sử lý" → "xử lý").
        """
        return self._rewrite(text, fix_typos=True, add_marks=False)

    def normalize(self, text: str) -> str:
        """Fix typos and restore diacritics in one decoding pass (what a search query wants)."""
        return self._rewrite(text, fix_typos=True, add_marks=True)

    def needs_restoration(self, text: str) -> bool:
        """True when a meaningful share of the known syllables look like they lost their diacritics.

        A bare syllable counts against the text when the corpus usually writes it accented ("truong"), not
        when bare is its usual form ("em", "thu").
        """
        known = suspect = 0
        for phrase in _phrases(unicodedata.normalize("NFC", text)):
            for token in phrase:
                if token.text.isdigit():
                    continue
                options = self._candidates.get(fold(token.text).lower())
                if not options:
                    continue
                known += 1
                if is_bare(token.text) and options[0] != token.text.lower():
                    suspect += 1
        return suspect > 0 and suspect >= _NEEDS_RESTORATION_SHARE * known

    # ---- decoding -----------------------------------------------------------------------------------

    def _rewrite(self, text: str, *, fix_typos: bool, add_marks: bool) -> str:
        """Decode every phrase of `text` and splice the chosen readings back into it."""
        text = unicodedata.normalize("NFC", text)
        pieces: list[str] = []
        last = 0
        for phrase in _phrases(text):
            slots = [self._slot(t.text, fix_typos=fix_typos, add_marks=add_marks) for t in phrase]
            for token, chosen in zip(phrase, self._viterbi(slots), strict=True):
                pieces.append(text[last : token.start])
                pieces.append(chosen)
                last = token.end
        pieces.append(text[last:])
        return "".join(pieces)

    def _slot(self, typed: str, *, fix_typos: bool, add_marks: bool) -> _Slot:
        """The readings of one typed token the decoder may choose from."""
        if typed.isdigit():
            return _Slot(((_NUM, typed, 0.0),))
        lower = typed.lower()
        readings = self._candidates.get(lower, ()) if is_bare(typed) else ()
        # A bare syllable is scored through its accented readings even when only typos are being fixed,
        # because the bare form itself is rare in the corpus and would give the neighbours poor context.
        options = [(w, _case_like(typed, w) if add_marks else typed, 0.0) for w in readings]
        known = bool(readings) or lower in self._model.uni
        if not options:
            options = [(lower if known else _UNK, typed, 0.0)]
        if fix_typos:
            options.extend(self._typo_options(typed, known=known, add_marks=add_marks))
        return _Slot(tuple(options))

    def _typo_options(self, typed: str, *, known: bool, add_marks: bool) -> list[tuple[str, str, float]]:
        """Corrections of `typed` with their channel costs (log-probability of making that typo)."""
        lower = typed.lower()
        fixes: list[tuple[str, float]]
        if known:
            fixes = [(w, typos.CONFUSION_COST) for w in typos.onset_swaps(lower)]
        elif is_bare(lower):
            # A bare typo is looked up among bare (folded) syllables: "thog" → "thong" → thông/thống/...
            cost = typos.edit_cost(lower)
            fixes = [(w, cost) for w in self._neighbour_index(bare=True).neighbours(lower)]
        else:
            accented = self._neighbour_index(bare=False)
            fixes = [(w, typos.TONE_PLACEMENT_COST) for w in accented.same_tone_elsewhere(lower)]
            fixes += [(w, typos.edit_cost(lower)) for w in accented.neighbours(lower)]
        options: list[tuple[str, str, float]] = []
        for word, cost in fixes:
            if is_bare(word):
                # A bare correction ("thog" → "thong", "su" → "xu") is scored through its accented readings
                # and printed bare unless marks are being restored too.
                for reading in self._candidates.get(word, ()):
                    options.append((reading, reading if add_marks else fold(reading), cost))
            elif word in self._model.uni:
                options.append((word, word, cost))
        return [(w, _case_like(typed, out) if len(out) == len(typed) else out, c) for w, out, c in options]

    def _neighbour_index(self, *, bare: bool) -> typos.NeighbourIndex:
        """The (lazily built) index of folded syllables or of accented ones."""
        if self._typo_indexes is None:
            accented = [w for words in self._candidates.values() for w in words if not is_bare(w)]
            self._typo_indexes = (typos.NeighbourIndex(self._candidates), typos.NeighbourIndex(accented))
        return self._typo_indexes[0 if bare else 1]

    def _viterbi(self, slots: list[_Slot]) -> list[str]:
        """Most probable sequence of readings, one per slot, under the trigram model plus channel costs."""
        logp = self._model.logp
        # State: the last two model words. Value: (score, back-pointer state, output index at this slot).
        frontier: dict[tuple[str, str], float] = {(_BOS, _BOS): 0.0}
        history: list[dict[tuple[str, str], tuple[tuple[str, str], int]]] = []
        for slot in slots:
            nxt: dict[tuple[str, str], float] = {}
            back: dict[tuple[str, str], tuple[tuple[str, str], int]] = {}
            for (u, v), score in frontier.items():
                for i, (w, _, cost) in enumerate(slot.options):
                    new = score + cost + logp(u, v, w)
                    key = (v, w)
                    if new > nxt.get(key, -math.inf):
                        nxt[key] = new
                        back[key] = ((u, v), i)
            frontier = nxt
            history.append(back)
        end_scores = {state: score + logp(state[0], state[1], _EOS) for state, score in frontier.items()}
        state = max(end_scores, key=end_scores.__getitem__)
        chosen: list[str] = []
        for slot, back in zip(reversed(slots), reversed(history), strict=True):
            state, index = back[state]
            chosen.append(slot.options[index][1])
        return chosen[::-1]
