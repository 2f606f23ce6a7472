"""Training material (news reports, handouts; .txt or .md) → a TRAINING Document of passage-sized chunks.

Such texts have no articles, so the "articles" are runs of one to three paragraphs, at most about 1,200
characters, in reading order, with ids "<document id>.<n>" counted from 1. The title is the front matter's
`title` or the first non-blank line.
"""

from __future__ import annotations

import re
from pathlib import Path

from knowledge.model import Article, Citation, Clause, Document, DocumentKind
from knowledge.text import collapse_spaces, slug, split_front_matter

MAX_CHARS = 1200
MAX_PARAGRAPHS = 3
_SENTENCE_END_RE = re.compile(r"(?<=[.!?;:…])\s+")


def parse_training(text: str, path: str, sha256: str = "") -> Document:
    """Split a training text into passages of whole paragraphs (a paragraph too long is cut at sentences).

    Paragraphs are separated by blank lines; a text without blank lines has one paragraph per line.
    The first line is the title and also the start of the first passage only if nothing else follows.
    """
    meta, body, offset, problem = split_front_matter(text)
    doc_id = slug(Path(path).stem) or "document"
    paragraphs = _paragraphs(body, offset + 1)
    title = str(meta.get("title") or "").strip()
    if not title and paragraphs:
        title = paragraphs[0][1].lstrip("# ").strip()
        if len(paragraphs) > 1:
            paragraphs = paragraphs[1:]
    title = title or doc_id
    citation = Citation("", "", "", title)
    articles = []
    for n, (line, chunk) in enumerate(_chunks(paragraphs), start=1):
        body_text = "\n\n".join(chunk)
        articles.append(Article(
            id=f"{doc_id}.{n}", title=title, citation=citation, text=body_text,
            clauses=(Clause("", body_text),), document_id=doc_id, source_path=path, line=line,
        ))
    warnings = (problem,) if problem else ()
    return Document(doc_id, title, DocumentKind.TRAINING, path, sha256, tuple(articles), warnings=warnings)


def _paragraphs(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line number, text) of each paragraph; markdown heading marks and rules are dropped."""
    lines = body.split("\n")
    blank_separated = any(not line.strip() for line in lines[1:-1])
    out: list[tuple[int, str]] = []
    start, parts = 0, []
    for i, raw in enumerate([*lines, ""]):
        line = raw.strip()
        if line in ("---", "***"):
            line = ""
        if line and blank_separated:
            if not parts:
                start = i
            parts.append(line.lstrip("#").strip() if line.startswith("#") else line)
            continue
        if parts:
            out.append((first_line + start, collapse_spaces(" ".join(parts))))
            parts = []
        if line:
            out.append((first_line + i, line.lstrip("#").strip() if line.startswith("#") else line))
    return [(n, p) for n, p in out if p]


def _chunks(paragraphs: list[tuple[int, str]]) -> list[tuple[int, list[str]]]:
    """Pack paragraphs greedily into chunks of at most MAX_PARAGRAPHS and MAX_CHARS."""
    pieces: list[tuple[int, str]] = []
    for line, text in paragraphs:
        pieces.extend((line, part) for part in _split_long(text))
    chunks: list[tuple[int, list[str]]] = []
    size = 0
    for line, text in pieces:
        if chunks and len(chunks[-1][1]) < MAX_PARAGRAPHS and size + len(text) + 2 <= MAX_CHARS:
            chunks[-1][1].append(text)
            size += len(text) + 2
        else:
            chunks.append((line, [text]))
            size = len(text)
    return chunks


def _split_long(text: str) -> list[str]:
    """A paragraph over MAX_CHARS cut into sentence runs that fit (a single huge sentence is cut hard)."""
    if len(text) <= MAX_CHARS:
        return [text]
    parts: list[str] = []
    current = ""
    for whole in _SENTENCE_END_RE.split(text):
        sentence = whole
        while len(sentence) > MAX_CHARS:
            cut = sentence.rfind(" ", 0, MAX_CHARS) if " " in sentence[:MAX_CHARS] else MAX_CHARS
            cut = cut if cut > 0 else MAX_CHARS
            parts.extend([current] if current else [])
            current = ""
            parts.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        if current and len(current) + 1 + len(sentence) > MAX_CHARS:
            parts.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        parts.append(current)
    return parts
