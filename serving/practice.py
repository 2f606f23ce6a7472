"""Practice rounds: which questions a round asks, what each poll says, and what the round's end tells.

Questions a user answered wrongly last time come first (most recent first), then questions they have never
seen (shuffled), then the rest, longest unseen first. The poll text fits Telegram's limits whatever the bank
holds: the bank's own limits leave room for the "Câu 2/5 · " prefix and the clause reference.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from knowledge.model import Article
from knowledge.naming import article_number, short_document_label
from knowledge.quiz import QuizBank, QuizQuestion

POLL_QUESTION_LIMIT = 300  # Telegram's limits on a poll
POLL_OPTION_LIMIT = 100
EXPLANATION_LIMIT = 200
EXPLANATION_LINE_FEEDS = 2
ROUND_SIZES = (5, 10, 20)  # the lengths offered by /onthi
ARTICLE_ROUND_SIZE = 3  # "Ôn 3 câu về điều này"
ALL_TOPICS = "*"  # the topic key meaning "every topic"
ARTICLE_TOPIC_PREFIX = "a:"  # a round on one article saves its topic as "a:<article id>"

Progress = Mapping[str, tuple[int, int, bool, float]]  # question id → (right, wrong, last right, last time)


@dataclass(frozen=True)
class PollContent:
    """What one quiz poll shows: question, options, the right option (0-based) and the explanation."""

    question: str
    options: tuple[str, ...]
    correct_option: int
    explanation: str


@dataclass(frozen=True)
class RoundResult:
    """The end of a round for one user: score and the articles to read again (ids, in question order)."""

    right: int
    total: int
    review: tuple[str, ...]


def choose_questions(candidates: Sequence[QuizQuestion], progress: Progress, count: int,
                     rng: random.Random | None = None) -> list[str]:
    """Up to `count` question ids from `candidates`: last answered wrongly first, then unseen, then the rest."""
    rng = rng or random.Random()
    wrong = sorted((q for q in candidates if q.id in progress and not progress[q.id][2]),
                   key=lambda q: -progress[q.id][3])
    unseen = [q for q in candidates if q.id not in progress]
    rng.shuffle(unseen)
    rest = sorted((q for q in candidates if q.id in progress and progress[q.id][2]), key=lambda q: progress[q.id][3])
    return [q.id for q in (*wrong, *unseen, *rest)][:count]


def candidates_for(bank: QuizBank, topic: str) -> list[QuizQuestion]:
    """The questions a round on `topic` draws from: a topic key, ALL_TOPICS, or "a:<article id>"."""
    if topic.startswith(ARTICLE_TOPIC_PREFIX):
        return bank.on_article(topic[len(ARTICLE_TOPIC_PREFIX):])
    return bank.in_topic("" if topic == ALL_TOPICS else topic)


def clause_reference(question: QuizQuestion, article: Article | None) -> str:
    """Where the answer is written, short: "Khoản 3 Điều 6 Luật 10/2022/QH15" (the id when the article is gone)."""
    if article is None:
        return f"Điều {question.article}"
    where = f"Điều {article_number(article)} {short_document_label(article)}"
    return f"Khoản {question.clause} {where}" if question.clause else where


def poll_content(question: QuizQuestion, number: int, total: int, reference: str) -> PollContent:
    """The poll for the `number`-th (1-based) of `total` questions, trimmed to Telegram's limits."""
    text = _fit(f"Câu {number}/{total} · {question.question}", POLL_QUESTION_LIMIT)
    options = tuple(_fit(o, POLL_OPTION_LIMIT) for o in question.options)
    tail = f"\n📖 {reference}"
    explanation = _fit(" ".join(question.explanation.split()), EXPLANATION_LIMIT - len(tail)) + tail
    return PollContent(text, options, question.answer, explanation[:EXPLANATION_LIMIT])


def round_result(question_ids: Sequence[str], answers: Mapping[str, bool], bank: QuizBank) -> RoundResult:
    """Score one user's round from their answers (question id → right); unanswered questions count wrong.

    The articles to review are those of the questions not answered right, each once, in question order.
    """
    right = sum(1 for q in question_ids if answers.get(q))
    review: list[str] = []
    for question_id in question_ids:
        question = bank.question(question_id)
        if question is not None and not answers.get(question_id) and question.article not in review:
            review.append(question.article)
    return RoundResult(right, len(question_ids), tuple(review))


def _fit(text: str, limit: int) -> str:
    """`text` cut at a word to at most `limit` characters, with "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return (cut or text[: limit - 1]) + "…"
