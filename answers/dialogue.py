"""Follow-up questions: whether a message leans on the previous turn, and the standalone question to search.

Cadres chat: after "họp bầu trưởng thôn cần bao nhiêu hộ dự?" come "còn ở tổ dân phố thì sao?", "thế nếu
không đủ số hộ?", "vậy ai ký biên bản?", "điều đó ở văn bản nào?". A follow-up is read from its wording (an
opening "còn / thế / vậy", a word pointing back such as "điều đó", "khoản này", or too few topic words of its
own); the engine then searches a standalone question made of the message and the previous question's topic,
and says how it understood it. Nothing here is composed as an answer: it only chooses what to search.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from answers.intent import read_intent, without_settings
from answers.sentences import _FOLDED_STOPWORDS, _QUESTION_WORDS, content_words
from knowledge.text import fold_key


@dataclass(frozen=True)
class Turn:
    """What one answered turn leaves for the next: the question as understood and the article quoted."""

    question: str
    article_id: str = ""
    at: float = 0.0  # unix seconds


class FollowUp(StrEnum):
    """How a message leans on the previous turn."""

    NONE = "none"  # a question of its own
    ELLIPTICAL = "elliptical"  # "còn ở tổ dân phố thì sao?": search it together with the previous topic
    SOURCE = "source"  # "điều đó ở văn bản nào?": the previous article's document and date
    FULL_TEXT = "full_text"  # "đọc toàn văn điều đó": the previous article, whole


def _words(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(phrases) + r")(?!\w)")


_OPENING = re.compile(r"^(?:con|the|vay|va|the con|the neu|con neu|vay thi|the thi|neu vay|neu the|neu|"
                      r"truong hop|con truong hop|rieng|ma)\s")
_POINTING = _words(r"dieu do", r"dieu nay", r"dieu tren", r"khoan nay", r"khoan do", r"khoan tren",
                   r"viec do", r"viec nay", r"truong hop do", r"truong hop nay", r"van ban do", r"quy dinh do",
                   r"quy dinh nay", r"quy dinh tren", r"nhu vay", r"nhu the", r"cai do", r"cai nay", r"o tren",
                   r"vua roi", r"luc nay", r"noi tren")
_SOURCE = _words(r"van ban nao", r"luat nao", r"nghi dinh nao", r"thong tu nao", r"o dau ra", r"quy dinh o dau",
                 r"nam o dau", r"can cu nao", r"can cu vao dau", r"dieu may", r"dieu nao", r"so hieu")
_FULL_TEXT = _words(r"toan van", r"ca dieu", r"nguyen van", r"doc het", r"doc ca", r"day du dieu", r"chi tiet hon",
                    r"giai thich ro hon", r"noi ro hon", r"ro hon", r"giai thich them", r"giai thich")
_TRAILING = re.compile(r"\s*(?:thi sao|thi the nao|thi lam sao|the nao|sao)\s*(?:a|ha|nhi|vay|nhe)?\s*[?.!]*\s*$")
_PUNCTUATION = re.compile(r"[,;:?!.()\"“”…\n]+")
# words that ask rather than name a topic: a previous question's topic phrases are cut at them
# ("bao nhiêu hộ": the unit after "bao nhiêu / mấy" is what is asked), and at "thì / mà / rồi", which part a
# topic from what is said of it ("ở doanh nghiệp nhà nước thì gửi cho ai")
_ASKING = _words(r"(?:bao nhieu|may)(?: \w+)?", r"bao lau", r"bao gio", r"the nao", r"nhu the nao", r"ra sao",
                 r"thi sao", r"lam sao", r"co phai", r"co duoc", r"co can", r"co bat buoc", r"co quyen",
                 r"duoc khong", r"khong", r"ko", r"k", r"hok", r"chua", r"ai", r"gi", r"nao", r"o dau", r"hay",
                 r"gom", r"bao gom", r"thi", r"ma", r"roi", r"(?:bang )?nhung (?:\w+ ){0,3}nao", r"cach nao")
# A phrase loses function and question words at its ends, but not a folded word that may be a topic syllable
# typed without diacritics ("co quan" is "cơ quan", "can bo" "cán bộ", "hoi nghi" "hội nghị"), unless its
# diacritics say it is the function word ("có", "cần", "hỏi").
_AMBIGUOUS = frozenset({"ban", "co", "can", "chi", "hoi", "nha", "dau", "toi", "minh", "the", "lau"})
_FUNCTION_ACCENTED = frozenset({"có", "cần", "bạn", "chị", "hỏi", "nhé", "đâu", "tôi", "mình", "thế", "lâu"})
_EDGE = (_FOLDED_STOPWORDS | _QUESTION_WORDS) - _AMBIGUOUS
MAX_CARRIED = 16  # topic words a follow-up carries from the previous question: enough for its topic, no history
DROP_OLD_SETTING = True
MAX_WHOLE = 20  # words of the previous question carried whole into a follow-up that asks nothing of its own
OWN_TOPIC_WORDS = 4  # a message with fewer topic words than this leans on what came before (tuned on dialogues_dev)
# Fusing the two readings of a message in context (the message alone, the standalone question): each article
# scores weight / (FUSION_K + rank) in each ranking. The standalone reading weighs a little more; both tuned
# on dialogues_dev (the 59 follow-ups after an answered turn: hit@1 0.71 fused, 0.56 alone, 0.61 standalone;
# equal weights cost a new topic, 2.0 did no better than 1.5 within one turn).
CONTEXT_WEIGHT = 1.5
ALONE_STRONG_COSINE = 0.91  # tuned on dialogues_dev: 0.90 cost three follow-ups, 0.92 a new topic
FUSION_K = 2


def own_topic_words(text: str) -> int:
    """How many topic words `text` has of its own, beside the words that point back or ask for a source."""
    folded = fold_key(text)
    return len(set(content_words(_FULL_TEXT.sub(" ", _SOURCE.sub(" ", _POINTING.sub(" ", folded))))))


def names_own_topic(text: str) -> bool:
    """Whether `text` has enough topic words of its own to be placed in a subject without what came before."""
    return own_topic_words(text) >= OWN_TOPIC_WORDS


def read_follow_up(text: str) -> FollowUp:
    """How `text` leans on the previous turn (NONE when it reads as a question of its own)."""
    folded = fold_key(text)
    pointing = bool(_POINTING.search(folded))
    own = own_topic_words(text)
    if _SOURCE.search(folded) and (pointing or own < OWN_TOPIC_WORDS + 1):
        return FollowUp.SOURCE
    if _FULL_TEXT.search(folded) and (pointing or own < OWN_TOPIC_WORDS):
        return FollowUp.FULL_TEXT
    if pointing or _OPENING.match(folded) or own < OWN_TOPIC_WORDS:
        return FollowUp.ELLIPTICAL
    return FollowUp.NONE


def standalone(previous: str, text: str) -> str:
    """The message made standalone with the previous question's topic, as the user would read it back.

    The opening "còn / thế / vậy" and a closing "thì sao" are dropped. When the message asks its own kind of
    thing ("ai ký", "bao lâu") the previous question's topic phrases are added (`topic_phrases`, as typed, at
    most MAX_CARRIED topic words, none the message already says); when it asks nothing of its own ("còn ở tổ
    dân phố thì sao") the previous question comes whole, so what was asked carries over, cut to MAX_WHOLE
    words. Either way what one turn leaves the next stays short however long the conversation.
    """
    body = _strip(text)
    previous = _moved(previous, body)
    if read_intent(body).kinds:
        extra = ", ".join(carried_phrases(previous, body))
    else:
        extra = _first_words(_strip(previous).rstrip("?.! "), MAX_WHOLE)
    return f"{body}, {extra}" if body and extra else (body or extra)


def _moved(previous: str, body: str) -> str:
    """The previous question without its setting when the message names only another one ("còn ở cơ quan")."""
    if not DROP_OLD_SETTING:
        return previous
    named, before = read_intent(body).settings, read_intent(previous).settings
    if not named or not before or named & before:
        return previous
    return without_settings(previous, before - named)


def topic_phrases(text: str) -> list[str]:
    """The phrases of `text` that name its topic, as typed, in order.

    The text is cut at punctuation and at the words that ask ("bao nhiêu", "mấy", "ai", "có phải", "không"),
    and each piece loses the function and question words at its ends; words inside a piece stay, so "công ty
    nhà nước" and "cơ quan" stay whole although "nhà" and "cơ" are no topic words alone.
    """
    phrases: list[str] = []
    for chunk in _PUNCTUATION.split(text):
        words = chunk.split()
        if not words:
            continue
        asking = _asking_words([fold_key(w) for w in words])
        piece: list[str] = []
        for i, word in enumerate([*words, ""]):
            if word and i not in asking:
                piece.append(word)
                continue
            while piece and _at_edge(piece[0]):
                piece.pop(0)
            while piece and _at_edge(piece[-1]):
                piece.pop()
            if len(piece) > 1:  # one syllable alone ("ngày", "dự") rarely names a topic
                phrases.append(" ".join(piece))
            piece = []
    return phrases


def carried_phrases(previous: str, body: str, limit: int | None = None) -> list[str]:
    """The previous question's topic phrases a message asking its own thing is searched with.

    A phrase whose topic words the message (or an earlier phrase) already holds is left out; the rest come in
    order until `limit` (MAX_CARRIED) topic words are carried (the last one cut to fit).
    """
    held = set(content_words(body))
    limit = MAX_CARRIED if limit is None else limit
    carried: list[str] = []
    count = 0
    for whole in topic_phrases(_strip(previous)):
        new = [w for w in dict.fromkeys(content_words(whole)) if w not in held]
        if not new:
            continue
        phrase = whole if count + len(new) <= limit else _cut_to(whole, limit - count)
        new = [w for w in dict.fromkeys(content_words(phrase)) if w not in held]
        if not phrase or not new:
            break
        carried.append(phrase)
        held.update(new)
        count += len(new)
        if count >= limit:
            break
    return carried


def _at_edge(word: str) -> bool:
    """Whether `word` is dropped from the end of a topic phrase: a function or question word, or a number."""
    folded = fold_key(word)
    return folded in _EDGE or word.lower() in _FUNCTION_ACCENTED or folded.isdigit() or (not content_words(word) and \
        folded not in _AMBIGUOUS)


def _cut_to(phrase: str, topic_words: int) -> str:
    """The longest start of `phrase` holding at most `topic_words` topic words, ending on one ("" for none)."""
    words = phrase.split()
    for end in range(len(words), 0, -1):
        start = " ".join(words[:end])
        if len(set(content_words(start))) <= topic_words and content_words(words[end - 1]):
            return start
    return ""


def _first_words(text: str, limit: int) -> str:
    """`text` cut to at most `limit` words, at the last comma within them when it has one."""
    words = text.split()
    if len(words) <= limit:
        return text
    cut = " ".join(words[:limit])
    return cut.rsplit(",", 1)[0] if "," in cut else cut


def _asking_words(folded: Sequence[str]) -> set[int]:
    """Indexes of the words that ask (`_ASKING`) among a piece's folded words."""
    joined = " ".join(folded)
    starts = [0]
    for word in folded[:-1]:
        starts.append(starts[-1] + len(word) + 1)
    asking: set[int] = set()
    for match in _ASKING.finditer(joined):
        asking.update(i for i, start in enumerate(starts) if match.start() <= start < match.end())
    return asking


def _strip(text: str) -> str:
    """`text` without its opening "còn / thế / vậy" and closing "thì sao", as typed otherwise."""
    words = text.strip().split()
    while words and _OPENING.match(fold_key(words[0]) + " ") and len(words) > 1:
        words = words[1:]
    body = " ".join(words)
    match = _TRAILING.search(fold_key(body))
    if match and match.start() > 0:
        body = " ".join(body.split()[: len(fold_key(body)[: match.start()].split())])
    return body.strip(" ,?")


def stands_alone(dense_top: float) -> bool:
    """Whether a message that reads as a question of its own found its articles surely enough on its own words.

    Then it is answered as typed, with its own ranking: the previous topic is for messages weak alone.
    """
    return dense_top >= ALONE_STRONG_COSINE


def fuse_rankings(alone: Sequence[str], leaning: Sequence[str], weight: float = CONTEXT_WEIGHT) -> list[str]:
    """Article ids of two rankings of one message fused by reciprocal rank, best first, each id once.

    `alone` ranks the message as typed, `leaning` the standalone question made with the previous turn, which
    counts `weight` times as much. An article both readings rank high comes first; one only a reading finds
    keeps its place in that reading's share. Ties keep the order of first appearance (the alone reading first).
    """
    scores: dict[str, float] = {}
    for ranking, share in ((alone, 1.0), (leaning, weight)):
        for position, article_id in enumerate(dict.fromkeys(ranking), start=1):
            scores[article_id] = scores.get(article_id, 0.0) + share / (FUSION_K + position)
    return sorted(scores, key=lambda article_id: -scores[article_id])
