"""An article's body lines → clauses (khoản) and points (điểm), shared by both legal layouts.

Also home of the pieces both layouts meet inside a body: parenthesised notes that run over several lines
("(Điều này có nội dung liên quan đến Điều 44.13.LQ.23. ...; Điều ...)") and the Bộ pháp điển id pattern
those notes name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from knowledge.model import Clause, Point

# A Bộ pháp điển id: đề mục number, chapter number, source kind, then the article's position numbers.
CODIFIED_ID = r"\d+\.\d+\.[A-ZĐ]{1,4}(?:\.\d+)+"
_RELATED_ID_RE = re.compile(rf"Điều ({CODIFIED_ID})\.")
_NOTE_RE = re.compile(r"^\((?:Điều|Khoản|Điểm|Chương|Mục|Tiểu mục|Phần) này (?:có nội dung|được|bị)")
# The same note glued to the end of a sentence ("...Tổ quốc.(Điều này có nội dung ...").
_INLINE_NOTE_RE = re.compile(r"(?<=\S)\s*(?=\((?:Điều|Khoản|Điểm|Chương|Mục|Tiểu mục|Phần) này có nội dung)")
_CLAUSE_RE = re.compile(r"^(\d{1,3})\.(?!\d)\s*(?=\S)")
_POINT_RE = re.compile(r"^([a-zđ])\)\s*")
# Notes longer than this many lines are not notes but an unbalanced parenthesis in the text.
_MAX_NOTE_LINES = 8


@dataclass
class ArticleDraft:
    """An article being read, in either layout: its heading and the raw lines under it.

    `key` is what the heading names it by: the codified id ("44.13.LQ.11") or the article number ("5").
    """

    key: str
    title: str
    line: int
    chapter: str
    section: str
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Body:
    """An article's text split up: full text, its clauses, and the article ids its notes point to."""

    text: str
    clauses: tuple[Clause, ...]
    related: tuple[str, ...]


def take_parenthesized(
    lines: Sequence[str], start: int, limit: int = _MAX_NOTE_LINES
) -> tuple[str, str, int]:
    """Read a parenthesis opening at the start of `lines[start]` up to its matching `)`.

    The parenthesis may run over several lines (they are joined with spaces). Returns (the parenthesised
    text including both brackets, what follows the `)` on its line, index of the next unread line). If it
    does not close within `limit` lines, returns ("", "", start): the caller treats the line as text.
    """
    depth = 0
    parts: list[str] = []
    for i in range(start, min(len(lines), start + limit)):
        line = lines[i]
        for pos, ch in enumerate(line):
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    parts.append(line[: pos + 1])
                    return " ".join(parts), line[pos + 1 :].strip(), i + 1
        parts.append(line)
    return "", "", start


def split_body(lines: Sequence[str]) -> Body:
    """Split an article's non-blank, stripped body lines into clauses and points.

    A line "1. ..." starts clause 1 (numbers must follow on, so a stray "5." inside clause 2 stays text);
    "a) ..." starts a point of the current clause; any other line continues the current point or clause.
    Text before clause 1 becomes a clause numbered "". Notes "(Điều này có nội dung liên quan đến ...)"
    are removed from the text and the ids they name returned as `related`.
    """
    clauses: list[tuple[str, list[str], list[tuple[str, list[str]]]]] = []
    related: list[str] = []
    lines = [
        part
        for line in lines
        for part in (_INLINE_NOTE_RE.sub("\n", line).split("\n") if "này có nội dung" in line else [line])
    ]
    i = 0
    while i < len(lines):
        line = lines[i]
        if _NOTE_RE.match(line):
            note, rest, nxt = take_parenthesized(lines, i)
            if note:
                related.extend(_RELATED_ID_RE.findall(note))
                i = nxt
                if rest:
                    _add_line(clauses, rest)
                continue
        _add_line(clauses, line)
        i += 1
    built = tuple(
        Clause(number, "\n".join(text), tuple(Point(letter, "\n".join(p)) for letter, p in points))
        for number, text, points in clauses
    )
    return Body("\n\n".join(c.text for c in built), built, tuple(dict.fromkeys(related)))


def _add_line(clauses: list[tuple[str, list[str], list[tuple[str, list[str]]]]], line: str) -> None:
    """Append one body line to the clause list, opening a clause or point where the line says so."""
    m = _CLAUSE_RE.match(line)
    if m and _next_number_ok(clauses, int(m.group(1))):
        clauses.append((m.group(1), [line], []))
        return
    if not clauses:
        clauses.append(("", [], []))
    _number, text, points = clauses[-1]
    text.append(line)
    p = _POINT_RE.match(line)
    if p:
        points.append((p.group(1), [line]))
    elif points:
        points[-1][1].append(line)


def _next_number_ok(clauses: list[tuple[str, list[str], list[tuple[str, list[str]]]]], number: int) -> bool:
    """Whether a line numbered `number` starts a new clause: the first one, or the one after the last."""
    numbered = [int(c[0]) for c in clauses if c[0]]
    if not numbered:
        return True
    return number == numbered[-1] + 1
