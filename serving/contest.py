"""Group contests: reading `/thi`, ranking the players, and the results file for the training report.

Players are ranked by right answers, then by the total time they took over their answers (less is better),
then by name. A player who answered nothing is not on the board.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.quiz import QuizBank
from knowledge.text import fold_key
from serving.journal import VIETNAM_TZ
from serving.quizrecords import Answer, Round

DEFAULT_QUESTIONS = 10
MAX_QUESTIONS = 50
RESULT_COLUMNS = ("hang", "nguoi_thi", "user_id", "so_cau_dung", "so_cau_da_tra_loi", "tong_so_cau",
                  "tong_thoi_gian_giay")
DETAIL_COLUMNS = ("cau", "ma_cau_hoi", "nguoi_thi", "user_id", "phuong_an_chon", "dung", "thoi_gian_giay")


@dataclass(frozen=True)
class ContestRequest:
    """What `/thi` asked for: how many questions, on which topic ("" = every topic)."""

    questions: int
    topic: str


@dataclass(frozen=True)
class Standing:
    """One player's line on the scoreboard."""

    rank: int
    user_id: int
    name: str
    right: int
    answered: int
    seconds: float


def read_request(words: Sequence[str], bank: QuizBank) -> ContestRequest | None:
    """`/thi [số câu] [chủ đề]` → a request; None when the count is not 1–MAX_QUESTIONS or the topic unknown.

    The topic is a topic key ("luat-2") or words of its title, with or without diacritics ("hoa giai"); the
    count may come first or be left out (DEFAULT_QUESTIONS).
    """
    rest = list(words)
    count = DEFAULT_QUESTIONS
    if rest and rest[0].isdigit():
        count = int(rest.pop(0))
    if not 1 <= count <= MAX_QUESTIONS:
        return None
    if not rest:
        return ContestRequest(count, "")
    topic = find_topic(" ".join(rest), bank)
    return ContestRequest(count, topic) if topic else None


def find_topic(words: str, bank: QuizBank) -> str:
    """The key of the topic named by `words` (its key, or words all found in its title); "" when none or ambiguous."""
    wanted = fold_key(words).strip()
    if bank.topic(wanted) is not None:
        return wanted
    parts = wanted.split()
    matches = [t.key for t in bank.topics if parts and all(p in fold_key(t.title).split() for p in parts)]
    return matches[0] if len(matches) == 1 else ""


def standings(answers: Sequence[Answer]) -> list[Standing]:
    """The scoreboard from a contest's answers, best first, with shared ranks for exact ties."""
    players: dict[int, list[Answer]] = {}
    for answer in answers:
        players.setdefault(answer.user_id, []).append(answer)
    lines = []
    for user_id, given in players.items():
        name = next((a.user_name for a in reversed(given) if a.user_name), str(user_id))
        lines.append((sum(a.correct for a in given), len(given), round(sum(a.seconds for a in given), 1),
                      name, user_id))
    lines.sort(key=lambda line: (-line[0], line[2], fold_key(line[3]), line[4]))
    board: list[Standing] = []
    for position, (right, answered, seconds, name, user_id) in enumerate(lines, start=1):
        tied = board and (board[-1].right, board[-1].seconds) == (right, seconds)
        board.append(Standing(board[-1].rank if tied else position, user_id, name, right, answered, seconds))
    return board


def results_csv(contest: Round, answers: Sequence[Answer]) -> bytes:
    """The results of a contest as CSV (UTF-8 with a BOM for spreadsheets): the board, then every answer."""
    out = io.StringIO()
    writer = csv.writer(out)
    started = dt.datetime.fromtimestamp(contest.started_at, VIETNAM_TZ).strftime("%Y-%m-%d %H:%M")
    writer.writerow(["cuoc_thi", contest.id, "bat_dau", started, "chu_de", contest.topic or "tat-ca",
                     "so_cau", contest.total])
    writer.writerow(RESULT_COLUMNS)
    for s in standings(answers):
        writer.writerow([s.rank, s.name, s.user_id, s.right, s.answered, contest.total, s.seconds])
    writer.writerow([])
    writer.writerow(DETAIL_COLUMNS)
    for a in answers:
        chosen = "" if a.option is None else chr(ord("A") + a.option)
        writer.writerow([a.position + 1, a.question_id, a.user_name, a.user_id, chosen, int(a.correct),
                         round(a.seconds, 1)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
