"""Bộ pháp điển markdown (one đề mục: a law with its decrees and circulars) → a CODIFIED Document.

The layout: YAML front matter, an info table, `## VĂN BẢN`, then chapters ("Chương I" with its title on
the next line), sections ("Mục 1", "Tiểu mục 1") and articles "Điều 44.13.LQ.11. <title>", each followed
by a provenance line "(Điều 11 Luật số 10/2022/QH15 ..., có hiệu lực thi hành kể từ ngày 01/07/2023)".
A trailing "## Danh sách điều khoản" index repeats every heading and is ignored.

Defects of the real files this parser works around:
- a heading glued to the previous sentence ("...phục vụ.Điều 44.13.TT.2.3. Nguyên tắc"), or to a chapter
  title, or to the `)` of a note: a codified heading preceded by any non-space character starts a new line;
- cross-references that look like headings ("liên quan đến Điều 44.13.LQ.23. Trách nhiệm...") always follow
  a space, so they are never split off; they end up in `Article.related`;
- provenance lines and notes that run over two lines, with the article's first sentence glued after `)`.
Text that is not legal text (invisible characters, attached files' names, a source document's own headings,
headings left at an article's end) is taken out by `knowledge.hygiene`, which lists what the files carry.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from knowledge import hygiene
from knowledge.clauses import CODIFIED_ID, ArticleDraft, split_body, take_parenthesized
from knowledge.model import Article, Citation, Document, DocumentKind
from knowledge.text import collapse_spaces, parse_date, slug, split_front_matter

HEADING_RE = re.compile(rf"^Điều ({CODIFIED_ID})\.(?:\s+(.*))?$")
# A codified heading glued after a non-space character; "(" is excluded because "(Điều ..." opens a note.
_GLUED_HEADING_RE = re.compile(rf"(?<=[^\s(])(?=Điều {CODIFIED_ID}\.(?:\s|$))")
# A chapter or section heading glued to the end of the previous sentence ("...dân tộc.Chương II").
_GLUED_STRUCTURE_RE = re.compile(r"(?<=\S)(?=(?:Chương [IVXLC]+|Tiểu mục \d+|Mục \d+)$)")
_CHAPTER_RE = re.compile(r"^Chương ([IVXLC]+)\b[.:]?\s*(.*)$")
_SECTION_RE = re.compile(r"^(Tiểu mục|Mục) (\d+)\b[.:]?\s*(.*)$")
_TEXT_START_RE = re.compile(r"^##\s+VĂN BẢN\s*$", re.MULTILINE)
_INDEX_START_RE = re.compile(r"^##\s+Danh sách điều khoản", re.MULTILINE)
_PROVENANCE_RE = re.compile(
    r"^\(Điều (?P<art>[\w.]+) (?P<kind>[^\d()]+?) số (?P<joint>liên tịch )?(?P<num>[^\s,()]+)(?P<rest>.*)\)$",
    re.DOTALL,
)
_ISSUED_TAIL_RE = re.compile(r"\s*(?:ban hành\s+)?ngày (\d{1,2}/\d{1,2}/\d{4})(?:\s+của\s+.*)?$")
_EFFECTIVE_RE = re.compile(r"có hiệu lực[^()]*?(\d{1,2}/\d{1,2}/\d{4})")




@dataclass(frozen=True)
class _Provenance:
    """A provenance line read into parts; the title may still be missing for the short form."""

    article_number: str
    kind: str
    number: str
    title: str
    issued: dt.date | None
    effective: dt.date | None


def looks_codified(text: str) -> bool:
    """Whether a text has at least one Bộ pháp điển heading ("Điều 44.13.LQ.1. ...") at a line start."""
    return re.search(rf"^[ \t]*Điều {CODIFIED_ID}\.(?:\s|$)", text, re.MULTILINE) is not None


def parse_codified(text: str, path: str, sha256: str = "") -> Document:
    """Parse one Bộ pháp điển file's text into a CODIFIED Document.

    The document id is the file stem (as a slug), the title comes from the front matter. Every article
    keeps its exact codified id, its chapter and section, its citation (the short provenance form borrows
    the title of the same document number seen elsewhere in the file) and the ids its notes name.
    Text that is not legal text is left out (see `knowledge.hygiene`): invisible characters, attached
    files' names, headings left at an article's end; chapter and section headings the trailing index does
    not list (a source document's own) do not change where the articles sit. An article the source gives
    no title is named after its document. Defects met are listed in `Document.warnings`. An empty article
    list is returned as-is; the caller decides whether that is an error.
    """
    meta, body, offset, problem = split_front_matter(hygiene.clean_characters(text))
    warnings = [problem] if problem else []
    start_match = _TEXT_START_RE.search(body)
    start = start_match.end() if start_match else 0
    index_match = _INDEX_START_RE.search(body, start)
    end = index_match.start() if index_match else len(body)
    first_line = offset + body.count("\n", 0, start) + 1
    listed = hygiene.index_headings(body[end:])
    drafts, outside = _read_structure(body[start:end], first_line, listed)
    if outside:
        count, first = outside
        warnings.append(f"{count} line(s) of text outside any article ignored (first at line {first})")

    provenances = [_split_provenance(d) for d in drafts]
    titles = {p.number: (p.title, p.issued) for p in provenances if p and p.title}
    doc_id = slug(Path(path).stem) or "document"
    articles = []
    for draft, prov in zip(drafts, provenances, strict=True):
        if prov is None:
            warnings.append(f"line {draft.line}: article {draft.key} has no provenance line")
            citation = Citation("", "", "", "")
        else:
            title, issued = titles.get(prov.number, ("", None))
            citation = Citation(prov.article_number, prov.number, prov.kind, title, issued, prov.effective)
        parsed = split_body(hygiene.clean_body(draft.lines))
        article_title = draft.title or hygiene.title_from_document(citation.document_kind, citation.document_title)
        if not draft.title:
            named = "; named after its document" if article_title else ""
            warnings.append(f"line {draft.line}: article {draft.key} has no title{named}")
        if not parsed.text:
            warnings.append(f"line {draft.line}: article {draft.key} has no text")
        articles.append(Article(
            id=draft.key, title=article_title, citation=citation, text=parsed.text, clauses=parsed.clauses,
            document_id=doc_id, chapter=draft.chapter, section=draft.section, related=parsed.related,
            source_path=path, line=draft.line,
        ))
    untitled = sorted({p.number for p in provenances if p and p.number and p.number not in titles})
    if untitled:
        warnings.append(
            f"no full provenance line names the title of {', '.join(untitled)};"
            " citations show the number only"
        )
    title = str(meta.get("title") or "").strip() or doc_id
    return Document(
        doc_id, title, DocumentKind.CODIFIED, path, sha256, tuple(articles), warnings=tuple(warnings)
    )


def _logical_lines(text: str, first_line: int) -> list[tuple[int, str]]:
    """Stripped lines with their source line numbers; glued headings are cut onto lines of their own."""
    out = []
    for number, raw in enumerate(text.split("\n"), start=first_line):
        line = raw.strip()
        if "Điều " in line or "Chương " in line or "Mục " in line or "Tiểu mục " in line:
            line = _GLUED_STRUCTURE_RE.sub("\n", line)
            line = _GLUED_HEADING_RE.sub("\n", line)
            out.extend((number, part.strip()) for part in line.split("\n"))
        else:
            out.append((number, line))
    return out


def _structure_heading(line: str) -> tuple[str, str, str] | None:
    """("chapter" | "Mục" | "Tiểu mục", label, inline title) for a chapter or section heading line."""
    m = _CHAPTER_RE.match(line)
    if m and m.group(2) == m.group(2).upper():
        return "chapter", f"Chương {m.group(1)}", m.group(2)
    m = _SECTION_RE.match(line)
    if m and m.group(3) == m.group(3).upper():
        return m.group(1), f"{m.group(1)} {m.group(2)}", m.group(3)
    return None


def _read_structure(
    text: str, first_line: int, listed: frozenset[str] = frozenset()
) -> tuple[list[ArticleDraft], tuple[int, int] | None]:
    """Walk the lines once: open an article at each heading, track chapter and sections, gather bodies.

    A chapter or section heading closes the article before it; it becomes the articles' chapter or
    section only if it is `listed` (keys of the trailing index's headings; any heading when empty). An
    unlisted one (a source document's own) is added in brackets to the place of the articles after it that
    come from the same document.
    Returns the drafts and (count, first line) of non-blank text that belonged to no article.
    """
    lines = _logical_lines(text, first_line)
    drafts: list[ArticleDraft] = []
    current: ArticleDraft | None = None
    chapter = section = subsection = ""
    own, own_document = "", ""  # an unlisted heading of a source document's own, and that document's id prefix
    stray_count, stray_first = 0, 0
    seen_heading = False
    i = 0
    while i < len(lines):
        number, line = lines[i]
        i += 1
        heading = HEADING_RE.match(line)
        if heading:
            seen_heading = True
            document = heading.group(1).rsplit(".", 1)[0]  # "44.13.TT.11.8" → "44.13.TT.11"
            if own and own_document not in ("", document):
                own = ""  # the next document's articles: its heading no longer applies
            own_document = own_document or document
            place = " / ".join(p for p in (section, subsection, f"({own})" if own else "") if p)
            title = collapse_spaces(heading.group(2) or "")
            current = ArticleDraft(heading.group(1), title, number, chapter, place)
            drafts.append(current)
            continue
        structure = _structure_heading(line)
        if structure:
            seen_heading = True
            current = None
            level, label, title = structure
            if not title:
                title, i = _title_after(lines, i)
            full = f"{label}. {title}" if title else label
            if not hygiene.is_listed_heading(label, title, listed):
                # a source document's own chapter or section, not one of the đề mục's: it does not move the
                # articles in the đề mục, but it says what they are about ("… TẠI ĐỒN CÔNG AN"), so it is
                # kept in brackets after their place for as long as that document's articles follow
                own, own_document = full, ""
                continue
            own, own_document = "", ""
            if level == "chapter":
                chapter, section, subsection = full, "", ""
            elif level == "Mục":
                section, subsection = full, ""
            else:
                subsection = full
            continue
        if current is not None:
            current.lines.append(line)
        elif line.startswith("(") and "này có nội dung" in line[:30]:
            # A chapter's or section's own note ("(Chương này có nội dung liên quan ...)"): skip it whole.
            _note, _rest, nxt = take_parenthesized([text for _, text in lines], i - 1)
            i = max(i, nxt)
        elif line and seen_heading and not line.startswith("#"):
            stray_count += 1
            stray_first = stray_first or number
    for draft in drafts:
        draft.lines = [line for line in draft.lines if line]
    return drafts, ((stray_count, stray_first) if stray_count else None)


def _title_after(lines: list[tuple[int, str]], i: int) -> tuple[str, int]:
    """The upper-case title lines after a bare "Chương II" / "Mục 1" line, and the index after them."""
    j = i
    while j < len(lines) and not lines[j][1]:
        j += 1
    parts = []
    while j < len(lines):
        line = lines[j][1]
        if not line or line != line.upper() or HEADING_RE.match(line) or _structure_heading(line):
            break
        parts.append(line)
        j += 1
    if not parts:
        return "", i
    return collapse_spaces(" ".join(parts)), j


def _split_provenance(draft: ArticleDraft) -> _Provenance | None:
    """Take the provenance line off the top of a draft's lines and read it; None if there is none."""
    if not draft.lines or not draft.lines[0].startswith("(Điều ") or draft.lines[0].startswith("(Điều này"):
        return None
    note, rest, nxt = take_parenthesized(draft.lines, 0)
    if not note:
        return None
    draft.lines = ([rest] if rest else []) + draft.lines[nxt:]
    return read_provenance(note)


def read_provenance(note: str) -> _Provenance:
    """Read "(Điều 11 Luật số 10/2022/QH15 <title> ngày <issued> của <issuer>, có hiệu lực ... <date>)".

    The short form "(Điều 2 Nghị định số 59/2023/NĐ-CP, có hiệu lực ... <date>)" gives an empty title
    and issue date. Amendment notes after the effective date ("có nội dung được bổ sung bởi ...") are
    ignored: the citation is the original article.
    """
    note = collapse_spaces(note)
    m = _PROVENANCE_RE.match(note)
    if not m:
        effective = _EFFECTIVE_RE.search(note)
        return _Provenance("", "", "", "", None, parse_date(effective.group(1)) if effective else None)
    kind = m.group("kind").strip() + (" liên tịch" if m.group("joint") else "")
    head, _sep, tail = m.group("rest").partition("có hiệu lực")
    head = head.strip(" ,")
    issued = None
    issued_match = _ISSUED_TAIL_RE.search(head)
    if issued_match:
        issued = parse_date(issued_match.group(1))
        head = head[: issued_match.start()].strip(" ,")
    effective_match = _EFFECTIVE_RE.search("có hiệu lực" + tail) if _sep else None
    effective = parse_date(effective_match.group(1)) if effective_match else None
    number = m.group("num").rstrip(".")
    return _Provenance(m.group("art"), kind, number, display_title(kind, head), issued, effective)


def display_title(kind: str, raw: str) -> str:
    """A document's name as users read it: "Luật Thực hiện dân chủ ở cơ sở", "Nghị định quy định ...".

    Sources write the title with or without its kind word and in varying case; a law's name is written
    capitalised after "Luật", other kinds continue in lower case.
    """
    raw = collapse_spaces(raw)
    if not raw or not kind:
        return raw
    rest = raw[len(kind) :].strip() if raw.lower().startswith(kind.lower()) else raw
    if not rest:
        return kind
    first, tail = rest[0], rest[1:]
    if kind == "Luật":
        first = first.upper()
    elif tail[:1].islower():
        first = first.lower()
    return f"{kind} {first}{tail}"
