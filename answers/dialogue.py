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

from answers.intent import read_intent
from answers.sentences import content_words
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
OWN_TOPIC_WORDS = 4  # a message with fewer topic words than this leans on what came before (tuned on dialogues_dev)
# Fusing the two readings of a message in context (the message alone, the standalone question): each article
# scores weight / (FUSION_K + rank) in each ranking. The standalone reading weighs a little more; both tuned
# on dialogues_dev (the 59 follow-ups after an answered turn: hit@1 0.71 fused, 0.56 alone, 0.61 standalone;
# equal weights cost a new topic, 2.0 did no better than 1.5 within one turn).
CONTEXT_WEIGHT = 1.5
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
    """The message made standalone with the previous question's topic.

    The opening "còn / thế / vậy" and a closing "thì sao" are dropped. When the message asks its own kind of
    thing ("ai ký", "bao lâu") only the previous question's topic words are added; when it asks nothing of
    its own ("còn ở tổ dân phố thì sao") the previous question comes whole, so what was asked carries over.
    """
    body = _strip(text)
    if read_intent(body).kinds:
        own = set(content_words(body))
        topic: list[str] = []
        for word in re.findall(r"[^\W_]+", previous):
            key = fold_key(word)
            if key in set(content_words(word)) and key not in own and key not in {fold_key(t) for t in topic}:
                topic.append(word)
        extra = " ".join(topic)
    else:
        extra = previous.strip().rstrip("?.! ")
    return f"{body}, {extra}" if body and extra else (body or extra)


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
