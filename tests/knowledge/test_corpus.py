"""The parsers against the real corpus in ../shared/corpus (skipped where it is absent).

Expected sets are computed independently from the raw files with simple regular expressions, so these
tests say "the parser found exactly what is in the file", not a number copied from today's corpus.
"""

import datetime as dt
import re
import time

import pytest

from knowledge.model import DocumentKind
from knowledge.sources import load_knowledge, parse_file
from settings import SourceSpec
from tests.support import SHARED_CORPUS

CORPUS = SHARED_CORPUS
MAIN = CORPUS / "thuc-hien-dan-chu-o-co-so.md"
DECREE_185 = CORPUS / "nghi-dinh-185-2026-nd-cp-thon-to-dan-pho.md"
TRAINING = CORPUS / "tin-tap-huan-dan-van-ngoc-lac-2023.txt"

pytestmark = pytest.mark.skipif(not MAIN.is_file(), reason="shared corpus not present")

ID = r"\d+\.\d+\.[A-ZĐ]{1,4}(?:\.\d+)+"
# A heading inside an article's text: at a line start, or glued to the character before it.
SWALLOWED_HEADING = re.compile(rf"(?:^[ \t]*|(?<=[^\s(]))Điều {ID}\.(?:\s|$)", re.MULTILINE)


def raw_text(path):
    """The file's text up to the trailing index, as the independent reference sees it."""
    return path.read_text(encoding="utf-8").split("## Danh sách điều khoản")[0]


def original_numbers(path, number):
    """Original article numbers of one source document, from the provenance lines of the raw file."""
    pattern = rf"^\(Điều (\d+) [^\d(]+? số {re.escape(number)}[ ,]"
    return {int(n) for n in re.findall(pattern, raw_text(path), re.MULTILINE)}


@pytest.fixture(scope="module")
def main_doc():
    return parse_file(MAIN)


@pytest.fixture(scope="module")
def corpus():
    return load_knowledge([SourceSpec(CORPUS)])


def parsed_numbers(doc, number):
    return {int(a.citation.article_number) for a in doc.articles if a.citation.document_number == number}


@pytest.mark.parametrize(("number", "total"), [("10/2022/QH15", 91), ("59/2023/NĐ-CP", None),
                                               ("61/2023/NĐ-CP", None)])
def test_source_documents_articles_match_the_file(main_doc, number, total):
    expected = original_numbers(MAIN, number)
    got = parsed_numbers(main_doc, number)
    assert expected, f"no provenance lines for {number} in the file"
    assert got == expected
    absent = sorted(set(range(1, (total or max(got)) + 1)) - got)
    print(f"{number}: {len(got)} articles present (highest {max(got)}); absent: {absent or 'none'}")


def test_law_citation_fields(main_doc):
    art = next(a for a in main_doc.articles if a.id == "44.13.LQ.11")
    c = art.citation
    assert (c.article_number, c.document_number, c.document_kind) == ("11", "10/2022/QH15", "Luật")
    assert c.document_title == "Luật Thực hiện dân chủ ở cơ sở"
    assert c.effective == dt.date(2023, 7, 1)
    assert c.issued == dt.date(2022, 11, 10)
    assert art.chapter.startswith("Chương II.")
    assert art.section.startswith("Mục 1.")


def test_short_provenance_borrows_the_title(main_doc):
    decree = [a.citation for a in main_doc.articles if a.citation.document_number == "59/2023/NĐ-CP"]
    assert {c.document_title for c in decree} == {decree[0].document_title}
    assert decree[0].document_title.startswith("Nghị định")
    assert {c.effective for c in decree} == {dt.date(2023, 8, 15)}


def test_every_heading_in_the_file_is_an_article_in_order(main_doc):
    expected = [m.group(0).split()[1].rstrip(".") for m in SWALLOWED_HEADING.finditer(raw_text(MAIN))]
    assert [a.id for a in main_doc.articles] == expected


def test_no_article_swallows_the_next(corpus):
    for article in corpus.kb.articles():
        assert not SWALLOWED_HEADING.search(article.text), article.id
        assert "này có nội dung liên quan" not in article.text, article.id


def test_glued_headings_are_split(main_doc):
    arts = {a.id: a for a in main_doc.articles}
    glued = re.findall(rf"[^\s(]Điều ({ID})\.", raw_text(MAIN))
    assert glued, "the file no longer has glued headings"
    for article_id in glued:
        assert article_id in arts
        assert arts[article_id].title


def test_cross_references_are_related_not_articles(main_doc):
    ids = {a.id for a in main_doc.articles}
    raw = raw_text(MAIN)
    headings = {m.group(0).split()[1].rstrip(".") for m in SWALLOWED_HEADING.finditer(raw)}
    only_referenced = set(re.findall(rf"(?<=\s)Điều ({ID})\.", raw)) - headings
    assert only_referenced, "expected references to articles of other đề mục"
    assert only_referenced.isdisjoint(ids)
    assert only_referenced <= {r for a in main_doc.articles for r in a.related}


def test_trailing_index_is_ignored(main_doc):
    last_heading = [a.line for a in main_doc.articles][-1]
    index_line = MAIN.read_text(encoding="utf-8").split("\n").index("## Danh sách điều khoản") + 1
    assert last_heading < index_line
    assert len({a.id for a in main_doc.articles}) == len(main_doc.articles)


def test_decree_185(corpus):
    doc = next(d for d in corpus.kb.documents if d.path == str(DECREE_185))
    assert doc.kind is DocumentKind.LEGAL
    assert doc.number == "185/2026/NĐ-CP"
    assert doc.effective == dt.date(2026, 5, 26)
    expected = re.findall(r"^\*\*Điều (\d+)\.", DECREE_185.read_text(encoding="utf-8"), re.MULTILINE)
    assert [a.citation.article_number for a in doc.articles] == expected
    assert all(a.citation.effective == dt.date(2026, 5, 26) for a in doc.articles)
    assert all(a.citation.document_kind == "Nghị định" for a in doc.articles)
    assert all(a.id == f"{doc.id}.{a.citation.article_number}" for a in doc.articles)


def test_training_passages(corpus):
    doc = next(d for d in corpus.kb.documents if d.path == str(TRAINING))
    assert doc.kind is DocumentKind.TRAINING
    assert len(doc.articles) >= 2
    assert all(0 < len(a.text) <= 1200 for a in doc.articles)
    first_line = TRAINING.read_text(encoding="utf-8").split("\n")[0].strip()
    assert doc.title == first_line


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.md")), ids=lambda p: p.name)
def test_every_corpus_file_parses(path):
    doc = parse_file(path)
    assert doc.articles
    assert all(a.text or a.title for a in doc.articles)


def test_whole_corpus_is_fast():
    started = time.perf_counter()
    result = load_knowledge([SourceSpec(CORPUS)])
    elapsed = time.perf_counter() - started
    print(f"parsed {len(result.kb.articles())} articles from {len(result.files)} files in {elapsed:.2f}s")
    assert elapsed < 2.0
