"""Property-based tests of the parsers: random input never escapes as anything but a KnowledgeError, and
well-formed articles survive the defects the real files have.

Every document here is generated: a small vocabulary of everyday words, invented ids (9.9.LQ.N) and
invented document numbers, so nothing repeats the corpus. Each clause line carries a tag "zq<article>x
<clause>" so a test can tell exactly which article a piece of text ended up in.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge import text as text_module
from knowledge.errors import KnowledgeError
from knowledge.model import Document, DocumentKind
from knowledge.sources import parse_bytes, parse_upload
from tests.support import encode_cp1258

# KNOWLEDGE_FUZZ_SCALE=20 runs twenty times as many examples, for a deeper search than the default suite.
_SCALE = int(os.environ.get("KNOWLEDGE_FUZZ_SCALE", "1"))
FAST = settings(max_examples=60 * _SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOWER = settings(max_examples=120 * _SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = (
    "thôn", "xóm", "họp", "dân", "bàn", "bạc", "góp", "ý", "kiến", "làm", "đường", "nhà", "văn", "hóa",
    "hộ", "gia", "đình", "tổ", "trưởng", "biểu", "quyết", "công", "khai", "giám", "sát", "quỹ", "chung",
    "sửa", "cầu", "giếng", "nước", "mùa", "lúa", "sân", "chơi", "trẻ", "em", "người", "già", "ghi", "chép",
)
ROMAN = ("I", "II", "III", "IV", "V", "VI")
POINT_LETTERS = ("a", "b", "c", "d", "đ", "e")
TAG_RE = re.compile(r"zq(\d+)x(\d+)")
# Characters the cleaner drops: C0/C1 controls (no NUL, no line breaks), BOM, zero-width and joiners.
DROPPED_CHARS = "\x01\x02\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f\x85\x9f\ufeff\u200b\u200c\u200d\u2060"
# Bytes that cannot start or continue anything at a character boundary of a UTF-8 text.
STRAY_BYTES = (b"\x80", b"\x9d", b"\xbf", b"\xc3", b"\xe1", b"\xf0", b"\xff")

words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)


def title_case(text: str) -> str:
    """First letter upper-case, as article titles are written."""
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class GenClause:
    """A generated clause: its sentence and its points' sentences."""

    sentence: str
    points: tuple[str, ...]


@dataclass(frozen=True)
class GenArticle:
    """A generated article: number (position), title and body."""

    number: int
    title: str
    numbered: bool  # clauses "1. ...", "2. ..." or a single unnumbered paragraph
    clauses: tuple[GenClause, ...]


@dataclass(frozen=True)
class GenChapter:
    """A generated chapter with its upper-case title and articles."""

    title: str
    articles: tuple[GenArticle, ...]


@st.composite
def documents(draw: st.DrawFn) -> tuple[GenChapter, ...]:
    """1-3 chapters of 1-4 articles each, numbered 1.. across the document."""
    chapters = []
    number = 0
    for _ in range(draw(st.integers(1, 3))):
        articles = []
        for _ in range(draw(st.integers(1, 4))):
            number += 1
            numbered = draw(st.booleans())
            count = draw(st.integers(1, 4)) if numbered else 1
            clauses = []
            for _ in range(count):
                points = tuple(draw(st.lists(words, max_size=3 if numbered else 0)))
                clauses.append(GenClause(draw(words), points))
            articles.append(GenArticle(number, title_case(draw(words)), numbered, tuple(clauses)))
        chapters.append(GenChapter(draw(words).upper(), tuple(articles)))
    return tuple(chapters)


def all_articles(chapters: tuple[GenChapter, ...]) -> list[GenArticle]:
    return [a for c in chapters for a in c.articles]


def clause_lines(article: GenArticle) -> list[str]:
    """The body paragraphs of an article, each clause and point tagged with where it belongs."""
    lines = []
    for c, clause in enumerate(article.clauses, start=1):
        prefix = f"{c}. " if article.numbered else ""
        tag = f"zq{article.number}x{c}"
        lines.append(f"{prefix}{title_case(clause.sentence)} {tag}{':' if clause.points else '.'}")
        for letter, point in zip(POINT_LETTERS, clause.points, strict=False):
            end = ";" if point != clause.points[-1] else "."
            lines.append(f"{letter}) {point} {tag}{end}")
    return lines


@dataclass(frozen=True)
class Mutations:
    """Defects to put into a generated text, all of which the real files have."""

    crlf: bool
    extra_blanks: bool
    nbsp: bool
    glued: frozenset[int]  # article numbers whose heading is glued to the previous sentence
    notes: dict[int, tuple[str, int]]  # article number → (note style, referenced article number)
    mid_refs: frozenset[int]  # articles whose first clause names another article mid-sentence
    trailing_index: bool
    dropped: tuple[tuple[float, str], ...]  # (position as a share of the text, character the cleaner drops)
    stray: tuple[float, ...]  # positions of stray undecodable bytes
    split_provenance: frozenset[int] = frozenset()  # provenance over two lines, first sentence after ")"
    glued_chapters: bool = False  # "...zq3x2.Chương II" and an inline "Mục 1. TITLE" glued to a heading
    nfd: bool = False  # the whole text decomposed (tones as combining marks)


@st.composite
def mutations(draw: st.DrawFn, count: int) -> Mutations:
    numbers = st.integers(1, count)
    notes = draw(st.dictionaries(numbers, st.tuples(st.sampled_from(["line", "glued", "split"]), numbers),
                                 max_size=count))
    return Mutations(
        crlf=draw(st.booleans()),
        extra_blanks=draw(st.booleans()),
        nbsp=draw(st.booleans()),
        glued=frozenset(draw(st.sets(numbers))),
        notes=notes,
        mid_refs=frozenset(draw(st.sets(numbers))),
        trailing_index=draw(st.booleans()),
        dropped=tuple(draw(st.lists(st.tuples(st.floats(0, 1), st.sampled_from(DROPPED_CHARS)), max_size=5))),
        stray=tuple(draw(st.lists(st.floats(0.01, 1), max_size=3, unique=True))),
        split_provenance=frozenset(draw(st.sets(numbers))),
        glued_chapters=draw(st.booleans()),
        nfd=draw(st.booleans()),
    )


def codified_id(number: int) -> str:
    return f"9.9.LQ.{number}"


def render_codified(chapters: tuple[GenChapter, ...], m: Mutations) -> str:
    """A Bộ pháp điển-style file with the chosen defects (before byte-level damage)."""
    titles = {a.number: a.title for a in all_articles(chapters)}
    out = ["---", "title: Tệp thử sinh tự động", "---", "", "## VĂN BẢN", ""]
    for c, (roman, chapter) in enumerate(zip(ROMAN, chapters, strict=False)):
        if m.glued_chapters and c > 0:
            glue(out, f"Chương {roman}")
            out += ["", chapter.title, "", "Mục 1. PHẦN ĐẦU"]
        else:
            out += [f"Chương {roman}", "", chapter.title, ""]
        for k, article in enumerate(chapter.articles):
            heading = f"Điều {codified_id(article.number)}. {article.title}"
            # Glue only to an article's last sentence (the first article of a chapter follows its title),
            # except that with glued chapters the first heading is glued to the inline "Mục 1" title.
            if (article.number in m.glued and k > 0) or (m.glued_chapters and c > 0 and k == 0):
                glue(out, heading)
            else:
                out.append(heading)
            provenance = (f"(Điều {article.number} Luật số 5/2090/QH20 Luật thử sinh ngày 02/01/2090 của Quốc hội,"
                          " có hiệu lực thi hành kể từ ngày 01/07/2090)")
            lines = clause_lines(article)
            if article.number in m.mid_refs:
                other = article.number % len(titles) + 1
                lines[0] += f" Xem Điều {codified_id(other)}. {titles[other]} để biết thêm."
            style, target = m.notes.get(article.number, ("", 0))
            note = f"(Điều này có nội dung liên quan đến Điều {codified_id(target)}. {titles.get(target, '')})"
            if style == "glued":
                lines[-1] += note
            elif style == "line":
                lines.append(note)
            elif style == "split":
                head, _, tail = note.partition(" liên quan ")
                lines += [head, "liên quan " + tail]
            if article.number in m.split_provenance:
                head, _, tail = provenance.partition(" có hiệu lực")
                out += ["", head, "có hiệu lực" + tail + lines.pop(0), ""]
            else:
                out += ["", provenance, ""]
            for line in lines:
                out += [line, ""]
    if m.trailing_index:
        out += ["## Danh sách điều khoản", ""]
        for article in all_articles(chapters):
            out += [f"### {article.number}", "", f"Điều {codified_id(article.number)}. {article.title}", ""]
        out += ["Điều 9.9.LQ.999. Một điều không có trong văn bản", ""]
    return finish(out, m)


def glue(out: list[str], text: str) -> None:
    """Append `text` to the last non-blank line, as the real files glue headings to sentences."""
    while out and not out[-1]:
        out.pop()
    out[-1] += text


def finish(lines: list[str], m: Mutations) -> str:
    """Join lines applying the text-level defects: blank runs, NBSPs, droppable characters."""
    text = "\n".join(lines) + "\n"
    if m.extra_blanks:
        text = text.replace("\n\n", "\n\n\n\n")
    if m.nbsp:
        text = text.replace(" ", "\xa0", 7).replace(". ", ".\xa0 ", 3)
    for share, char in m.dropped:
        pos = int(share * len(text))
        text = text[:pos] + char + text[pos:]
    if m.crlf:
        text = text.replace("\n", "\r\n")
    if m.nfd:
        text = unicodedata.normalize("NFD", text)
    return text


def damage(text: str, m: Mutations) -> bytes:
    """UTF-8 bytes with stray undecodable bytes put in at character boundaries."""
    data = text.encode("utf-8")
    boundaries = [i for i in range(1, len(data)) if data[i] & 0xC0 != 0x80]
    positions = sorted({boundaries[min(int(s * len(boundaries)), len(boundaries) - 1)] for s in m.stray},
                       reverse=True)
    for n, pos in enumerate(positions):
        data = data[:pos] + STRAY_BYTES[n % len(STRAY_BYTES)] + data[pos:]
    return data


def check_articles(doc: Document, chapters: tuple[GenChapter, ...], make_id, heading_re: re.Pattern[str]) -> None:
    """Every generated article is found with its id, title, clause count, and only its own text."""
    expected = all_articles(chapters)
    assert [a.id for a in doc.articles] == [make_id(g.number) for g in expected]
    for got, want in zip(doc.articles, expected, strict=True):
        assert got.title == want.title
        assert len(got.clauses) == len(want.clauses), got.text
        assert [c.number for c in got.clauses] == (
            [str(n) for n in range(1, len(want.clauses) + 1)] if want.numbered else [""])
        assert {int(a) for a, _ in TAG_RE.findall(got.text)} == {want.number}, got.text
        for n, clause in enumerate(got.clauses, start=1):
            assert f"zq{want.number}x{n}" in clause.text
            assert len(clause.points) == len(want.clauses[n - 1].points)
        assert not heading_re.search(got.text), got.text


CODIFIED_HEADING_IN_TEXT = re.compile(r"(?:^[ \t]*|(?<=[^\s(]))Điều \d+\.\d+\.[A-ZĐ]+(?:\.\d+)+\.(?:\s|$)",
                                      re.MULTILINE)
LEGAL_HEADING_IN_TEXT = re.compile(r"^[*_#\s]*Điều \d+[.:]", re.MULTILINE)


# --- (a) random input --------------------------------------------------------------------------------------------

# Text that reaches the parsers' corners: controls, combining marks, right-to-left, emoji, and heading words.
nasty_text = st.lists(
    st.one_of(
        st.text(st.characters(codec="utf-8"), max_size=12),
        st.sampled_from(["\u0301", "\u0323", "\u05d0", "\u0627", "\u202e", "\U0001f600", "\x00", "\r", "\t",
                         "\xa0", "\ufeff", "\n", "(", ")", "---\n", "## VĂN BẢN\n", "Điều ", "Chương V",
                         "9.9.LQ.1. ", "1. ", "a) ", "**", "#", "so_hieu: x\n", "Mục 1", "title: [\n"]),
    ),
    max_size=60,
).map("".join)


@FAST
@given(text=nasty_text, name=st.sampled_from(["x.md", "x.txt", "x.markdown"]))
def test_random_text_raises_only_knowledge_errors(text: str, name: str) -> None:
    try:
        doc = parse_upload(name, text.encode("utf-8"))
    except KnowledgeError as exc:
        assert name in str(exc)
        return
    assert doc.articles
    assert len({a.id for a in doc.articles}) == len(doc.articles)


@FAST
@given(data=st.binary(max_size=600), name=st.sampled_from(["x.md", "x.txt", "x.docx"]))
def test_random_bytes_raise_only_knowledge_errors(data: bytes, name: str) -> None:
    try:
        parse_bytes(name, data)
    except KnowledgeError as exc:
        assert name in str(exc)


@FAST
@given(text=nasty_text, encoding=st.sampled_from(["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"]))
def test_random_text_in_other_encodings_raises_only_knowledge_errors(text: str, encoding: str) -> None:
    with contextlib.suppress(KnowledgeError):
        parse_upload("x.txt", text.encode(encoding, errors="ignore"))


@FAST
@given(chapters=documents(), cut=st.floats(0, 1), junk=st.binary(max_size=40))
def test_truncated_or_spliced_law_raises_only_knowledge_errors(chapters, cut: float, junk: bytes) -> None:
    data = render_codified(chapters, NO_MUTATIONS).encode("utf-8")
    pos = int(cut * len(data))
    with contextlib.suppress(KnowledgeError):
        parse_upload("law.md", data[:pos] + junk)


NO_MUTATIONS = Mutations(False, False, False, frozenset(), {}, frozenset(), False, (), ())


# --- (b) codified layout -----------------------------------------------------------------------------------------


@given(chapters=documents())
@FAST
def test_well_formed_codified_document_parses_exactly(chapters) -> None:
    doc = parse_upload("luat-thu.md", render_codified(chapters, NO_MUTATIONS).encode("utf-8"))
    assert doc.kind is DocumentKind.CODIFIED
    assert not doc.warnings
    check_articles(doc, chapters, codified_id, CODIFIED_HEADING_IN_TEXT)
    for article, chapter_no in zip(doc.articles, [r for r, c in zip(ROMAN, chapters, strict=False)
                                                  for _ in c.articles], strict=True):
        assert article.chapter.startswith(f"Chương {chapter_no}. ")
        assert article.citation.document_number == "5/2090/QH20"


@SLOWER
@given(data=st.data())
def test_mutated_codified_document_keeps_every_article(data: st.DataObject) -> None:
    chapters = data.draw(documents())
    m = data.draw(mutations(len(all_articles(chapters))))
    raw = damage(render_codified(chapters, m), m)
    doc = parse_upload("luat-thu.md", raw)
    assert doc.kind is DocumentKind.CODIFIED
    check_articles(doc, chapters, codified_id, CODIFIED_HEADING_IN_TEXT)
    for article in doc.articles:
        style, target = m.notes.get(int(article.id.rsplit(".", 1)[1]), ("", 0))
        if style:
            assert codified_id(target) in article.related
        assert "này có nội dung" not in article.text
        assert article.citation.article_number == article.id.rsplit(".", 1)[1]
        assert article.citation.effective is not None
    chapter_of = [f"Chương {r}. {c.title}" for r, c in zip(ROMAN, chapters, strict=False) for _ in c.articles]
    assert [a.chapter for a in doc.articles] == chapter_of
    first_chapter = len(chapters[0].articles)
    sections = [""] * first_chapter + ["Mục 1. PHẦN ĐẦU" if m.glued_chapters else ""] * (
        len(doc.articles) - first_chapter)
    assert [a.section for a in doc.articles] == sections


# --- (c) a legal document in its own layout ----------------------------------------------------------------------


@dataclass(frozen=True)
class LegalStyle:
    """How a generated legal document writes its headings."""

    heading: str  # a format with {n} and {title}
    markdown_chapters: bool
    front_matter: bool


def render_legal(chapters: tuple[GenChapter, ...], style: LegalStyle, m: Mutations) -> str:
    """A decree-like text in its own layout, with the text-level defects of `m`."""
    titles = {a.number: a.title for a in all_articles(chapters)}
    out = ["---", "so_hieu: 7/2091/NĐ-CP", "loai_van_ban: Nghị định", "ngay_hieu_luc: 01/02/2091", "---", ""] \
        if style.front_matter else ["CHÍNH PHỦ", "Số: 7/2091/NĐ-CP", "", "NGHỊ ĐỊNH", "Về việc thử bộ đọc", ""]
    for roman, chapter in zip(ROMAN, chapters, strict=False):
        out += [f"# Chương {roman}: {chapter.title}", ""] if style.markdown_chapters else [
            f"Chương {roman}", chapter.title, ""]
        for article in chapter.articles:
            out += [style.heading.format(n=article.number, title=article.title), ""]
            lines = clause_lines(article)
            if article.number in m.mid_refs:
                other = article.number % len(titles) + 1
                lines[0] += f" Việc này làm theo Điều {other} của Nghị định này."
                lines.append(f"Điều {other} của Nghị định này cũng áp dụng cho trường hợp trên.")
            out += [part for line in lines for part in (line, "")]
    out += ["Nơi nhận:", "- Các bộ;", "- Lưu: VT."]
    return finish(out, m)


LEGAL_HEADINGS = ("Điều {n}. {title}", "**Điều {n}. {title}**", "**Điều {n}.** {title}", "**Điều {n}**. {title}",
                  "### Điều {n}. {title}", "Điều {n}: {title}", "__Điều {n}. {title}__", "ĐIỀU {n}. {title}")
legal_styles = st.builds(LegalStyle, st.sampled_from(LEGAL_HEADINGS), st.booleans(), st.booleans())


@SLOWER
@given(data=st.data())
def test_mutated_legal_document_keeps_every_article(data: st.DataObject) -> None:
    chapters = data.draw(documents())
    style = data.draw(legal_styles)
    m = data.draw(mutations(len(all_articles(chapters))))
    m = Mutations(m.crlf, m.extra_blanks, m.nbsp, frozenset(), {}, m.mid_refs, False, m.dropped, m.stray)
    doc = parse_upload("nghi-dinh-thu.md", damage(render_legal(chapters, style, m), m))
    assert doc.kind is DocumentKind.LEGAL
    check_articles(doc, chapters, lambda n: f"nghi-dinh-thu.{n}", LEGAL_HEADING_IN_TEXT)
    assert all(a.citation.document_number == "7/2091/NĐ-CP" for a in doc.articles)
    assert all(a.citation.document_kind == "Nghị định" for a in doc.articles)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "cp1258"])
@FAST
@given(chapters=documents())
def test_other_encodings_give_the_same_articles(chapters, encoding: str) -> None:
    text = render_codified(chapters, NO_MUTATIONS)
    raw = encode_cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    expected = parse_upload("luat-thu.md", text.encode("utf-8"))
    got = parse_upload("luat-thu.md", raw)
    assert got.articles == expected.articles


# --- the cleaner's fast paths ---------------------------------------------------------------------------------------


def reference_clean(text: str) -> tuple[str, int]:
    """clean() written the slow, obvious way: whole-text NFC and one pattern for orphan marks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text_module._SPACE_LIKE_RE.sub(" ", text)
    text, dropped = text_module._CONTROL_RE.subn("", text)
    text = unicodedata.normalize("NFC", text)
    kept = re.sub(f"(?:^|(?<=\\s))[{text_module._MARKS}]+", "", text, flags=re.MULTILINE)
    return kept, dropped + len(text) - len(kept)


# Letters and marks that compose, reorder or are replaced under NFC, and what separates lines and words.
normalising_text = st.text(
    alphabet=st.one_of(
        st.sampled_from("ae ơư\n\r\t\u0301\u0300\u0323\u0302\u031b\u0306\u212b\u2126\u1100\u1161\u11a8\u0f73"
                        "\u0340\u0344\u2028\u0085\u00a0\ufeff\u1ab0\u20d0Đđ"),
        st.characters(codec="utf-8"),
    ),
    max_size=40,
)


@FAST
@given(text=normalising_text)
def test_clean_matches_the_obvious_implementation(text: str) -> None:
    assert text_module.clean(text) == reference_clean(text)
