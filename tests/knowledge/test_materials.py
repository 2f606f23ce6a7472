"""The FAQ booklet and glossary: schema, citations against the corpus, coverage, and originality."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from knowledge.errors import MaterialError
from knowledge.materials import load_material, validate_article_refs
from knowledge.model import FaqEntry
from tests.support import REPO, fold_plain, too_close

MATERIALS = REPO / "knowledge" / "materials"
CORPUS = REPO.parent / "shared" / "corpus"
DEV_QUESTIONS = REPO.parent / "shared" / "eval" / "questions.yaml"
LAW_FILE = "thuc-hien-dan-chu-o-co-so.md"
DECREE_185_STEM = "nghi-dinh-185-2026-nd-cp-thon-to-dan-pho"

CODIFIED_HEADING = re.compile(r"^Điều (\d+\.\d+\.[A-ZĐ]+\.[\d.]+?)\. ", re.MULTILINE)
DECREE_185_HEADING = re.compile(r"^\*\*Điều (\d+)\.", re.MULTILINE)
LAW_HEADING = re.compile(r"^\s?Điều (44\.13\.LQ\.\d+)\. ")
CHAPTER_HEADING = re.compile(r"^Chương ([IVXLC]+)\b")

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not next to the repo")


@pytest.fixture(scope="module")
def faq() -> list[FaqEntry]:
    entries, glossary = load_material(MATERIALS / "faq.yaml")
    assert glossary == []
    return entries


@pytest.fixture(scope="module")
def corpus_ids() -> set[str]:
    """Article ids as written in the corpus, without depending on the real parser."""
    ids: set[str] = set()
    for path in sorted(CORPUS.glob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.stem == DECREE_185_STEM:
            ids |= {f"{DECREE_185_STEM}.{n}" for n in DECREE_185_HEADING.findall(text)}
        else:
            ids |= set(CODIFIED_HEADING.findall(text))
    return ids


# --- the real files -------------------------------------------------------------------------------------


def test_booklet_has_enough_entries(faq: list[FaqEntry]) -> None:
    assert len(faq) >= 650
    assert all(e.id and e.question and e.answer and e.articles for e in faq)


def test_glossary_has_enough_entries() -> None:
    faq, glossary = load_material(MATERIALS / "glossary.yaml")
    assert faq == []
    assert len(glossary) >= 80
    assert all(g.legal_terms for g in glossary)


def test_answers_are_short(faq: list[FaqEntry]) -> None:
    too_long = [e.id for e in faq if len(e.answer) > 600]
    assert not too_long, f"answers longer than a few sentences: {too_long}"


@needs_corpus
def test_every_cited_article_exists(faq: list[FaqEntry], corpus_ids: set[str]) -> None:
    assert validate_article_refs(faq, corpus_ids) == []


@needs_corpus
def test_every_law_chapter_is_covered(faq: list[FaqEntry]) -> None:
    chapter_of: dict[str, str] = {}
    chapter = ""
    for line in (CORPUS / LAW_FILE).read_text(encoding="utf-8", errors="replace").splitlines():
        if m := CHAPTER_HEADING.match(line):
            chapter = m.group(1)
        elif (m := LAW_HEADING.match(line)) and chapter:
            chapter_of.setdefault(m.group(1), chapter)
    chapters = set(chapter_of.values())
    assert {"I", "II", "III", "IV", "V", "VI"} <= chapters
    cited = {chapter_of[a] for e in faq for a in e.articles if a in chapter_of}
    assert chapters - cited == set()


@needs_corpus
def test_booklet_weights_grassroots_texts(faq: list[FaqEntry]) -> None:
    def main_text(entry: FaqEntry) -> bool:
        first = entry.articles[0]
        return first.startswith("44.13.") or first.startswith(DECREE_185_STEM)

    core = sum(1 for e in faq if main_text(e))
    assert core >= 100
    assert len(faq) - core >= 50
    assert any(e.articles[0].startswith("44.13.NĐ.2.") for e in faq)  # hương ước, quy ước
    assert any(e.articles[0].startswith(DECREE_185_STEM) for e in faq)


@needs_corpus
@pytest.mark.parametrize("name", ["faq.yaml", "glossary.yaml"])
def test_materials_do_not_copy_corpus_lines(name: str) -> None:
    text = (MATERIALS / name).read_text(encoding="utf-8")
    lines = {
        line.strip()
        for path in CORPUS.glob("*.md")
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
        if len(line.strip()) >= 60
    }
    copied = [line[:60] for line in lines if line in text]
    assert not copied, f"{name} repeats corpus lines: {copied[:3]}"


HELD_OUT = REPO / "benchmarks" / "data" / "heldout_team.yaml"


@pytest.mark.parametrize("question_set", [DEV_QUESTIONS, HELD_OUT], ids=["dev", "held-out"])
def test_no_booklet_question_copies_an_evaluation_question(faq: list[FaqEntry], question_set: Path) -> None:
    """The booklet is written from the law, not from the dev or held-out questions (which this test alone reads)."""
    if not question_set.is_file():
        pytest.skip(f"no {question_set.name}")
    raw = yaml.safe_load(question_set.read_text(encoding="utf-8")) or []
    asked = [fold_plain(str(item.get("question", ""))) for item in raw if isinstance(item, dict)]
    assert asked
    offenders = sorted(
        {
            entry.id
            for entry in faq
            for phrasing in (entry.question, *entry.variants)
            if any(too_close(fold_plain(phrasing), d, 0.8) for d in asked if d)
        }
    )
    # Only the booklet's own ids are reported: rephrase those entries from the law.
    assert offenders == []


# --- the schema -------------------------------------------------------------------------------------------

GOOD_FAQ = """\
version: 1
faq:
  - id: faq-001
    question: "Họp xóm cần bao nhiêu hộ?"
    answer: "Trên một nửa số hộ."
    articles: [44.13.LQ.21, nghi-dinh-185-2026-nd-cp-thon-to-dan-pho.4]
    topic: họp
    variants: ["hop xom can bao nhieu ho"]
"""


def _write(tmp_path: Path, text: str, name: str = "m.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(tmp_path: Path, text: str) -> MaterialError:
    path = _write(tmp_path, text)
    with pytest.raises(MaterialError) as info:
        load_material(path)
    assert info.value.path == str(path)
    return info.value


def test_good_faq_loads(tmp_path: Path) -> None:
    faq, glossary = load_material(_write(tmp_path, GOOD_FAQ))
    assert glossary == []
    assert faq == [
        FaqEntry(
            id="faq-001",
            question="Họp xóm cần bao nhiêu hộ?",
            answer="Trên một nửa số hộ.",
            articles=("44.13.LQ.21", "nghi-dinh-185-2026-nd-cp-thon-to-dan-pho.4"),
            topic="họp",
            variants=("hop xom can bao nhieu ho",),
        )
    ]


def test_good_glossary_loads(tmp_path: Path) -> None:
    text = (
        "glossary:\n  - term: xóm\n    legal_terms: [thôn]\n  - term: MTTQ\n    legal_terms: [Mặt trận]\n    note: x\n"
    )
    faq, glossary = load_material(_write(tmp_path, text))
    assert faq == []
    assert [(g.term, g.legal_terms, g.note) for g in glossary] == [("xóm", ("thôn",), ""), ("MTTQ", ("Mặt trận",), "x")]


def test_missing_field_names_entry_and_line(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD_FAQ.replace('    answer: "Trên một nửa số hộ."\n', ""))
    assert err.line == 3
    assert "mục hỏi đáp #1 (faq-001)" in err.problem
    assert "thiếu trường 'answer'" in err.problem


def test_wrong_type_points_at_the_field(tmp_path: Path) -> None:
    err = _error(
        tmp_path,
        GOOD_FAQ.replace(
            "articles: [44.13.LQ.21, nghi-dinh-185-2026-nd-cp-thon-to-dan-pho.4]", "articles: 44.13.LQ.21"
        ),
    )
    assert err.line == 6
    assert "'articles' phải là danh sách" in err.problem


def test_empty_question(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD_FAQ.replace('"Họp xóm cần bao nhiêu hộ?"', '"   "'))
    assert err.line == 4
    assert "'question' đang để trống" in err.problem


def test_duplicate_id(tmp_path: Path) -> None:
    second = GOOD_FAQ.split("faq:\n", 1)[1]
    err = _error(tmp_path, GOOD_FAQ + second)
    assert err.line == 9
    assert "mục hỏi đáp #2 (faq-001): mã 'faq-001' trùng với mục ở dòng 3" in err.problem


def test_malformed_article_id(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD_FAQ.replace("44.13.LQ.21,", "Điều 21 Luật 10,"))
    assert err.line == 6
    assert "mã điều 'Điều 21 Luật 10' không đúng dạng" in err.problem


def test_unknown_field_is_a_typo(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD_FAQ.replace("    topic: họp\n", "    topik: họp\n"))
    assert err.line == 7
    assert "trường 'topik' không dùng được" in err.problem


def test_too_many_variants(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD_FAQ.replace('["hop xom can bao nhieu ho"]', '["a", "b", "c", "d"]'))
    assert "tối đa 3 cách hỏi khác" in err.problem


def test_entry_must_be_a_mapping(tmp_path: Path) -> None:
    err = _error(tmp_path, "faq:\n  - just a string\n")
    assert err.line == 2
    assert "mục hỏi đáp #1: phải là một bảng các trường" in err.problem


def test_top_level_must_name_one_kind(tmp_path: Path) -> None:
    assert "đúng một trong hai mục 'faq' hoặc 'glossary'" in _error(tmp_path, "version: 1\n").problem
    assert "mục 'questions' ở đầu tệp không dùng được" in _error(tmp_path, "questions: []\n").problem
    assert "'faq' phải là danh sách" in _error(tmp_path, "faq: {}\n").problem
    assert "đầu tệp phải là bảng" in _error(tmp_path, "- a\n- b\n").problem
    assert "đầu tệp phải là bảng" in _error(tmp_path, "").problem


def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    err = _error(tmp_path, 'faq:\n  - id: faq-001\n    question: "unclosed\n')
    assert err.line >= 3
    assert "YAML sai cú pháp" in err.problem
    assert str(err).startswith(f"{tmp_path / 'm.yaml'}, dòng {err.line}: ")


def test_glossary_entry_without_legal_terms(tmp_path: Path) -> None:
    err = _error(tmp_path, "glossary:\n  - term: xóm\n  - term: bản\n    legal_terms: []\n")
    assert err.line == 2
    assert "mục từ điển #1 (xóm): thiếu trường 'legal_terms'" in err.problem
    err = _error(tmp_path, "glossary:\n  - term: bản\n    legal_terms: []\n")
    assert "'legal_terms' là danh sách rỗng" in err.problem


def test_validate_article_refs_reports_unknown_ids() -> None:
    entries = [FaqEntry("faq-001", "q", "a", ("44.13.LQ.21", "44.13.LQ.999"))]
    assert validate_article_refs(entries, {"44.13.LQ.21"}) == [
        "faq-001: cites 44.13.LQ.999, which is not among the known articles"
    ]
    assert validate_article_refs(entries, {"44.13.LQ.21", "44.13.LQ.999"}) == []
