"""The subject map over a miniature collection: built once per tarball, questions placed in their subject."""

from __future__ import annotations

from pathlib import Path

import pytest

from answers.edge import Asked, EdgeRule, Placement, Withdrawal, foreign_share, names_subject, place, withdraws
from index.subject_map import (
    SubjectMap,
    build_subject_map,
    map_is_current,
    map_terms,
    map_vocabulary,
    open_subject_map,
)
from knowledge.collection import CollectionError
from tests.support import pack_collection


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    tarball = pack_collection(tmp_path / "phap-dien.tar.xz")
    path = tmp_path / "map" / "subject-map.sqlite3"
    build_subject_map(tarball, path)
    return tarball, path


def test_terms_are_folded_syllable_pairs_then_topic_syllables():
    assert map_terms("Đăng ký khai sinh ở xã") == [
        "dang_ky", "ky_khai", "khai_sinh", "sinh_o", "o_xa", "dang", "ky", "khai", "sinh", "xa"]


def test_the_build_reports_what_it_holds_and_the_map_is_current_for_its_tarball(built):
    tarball, path = built
    assert map_is_current(path, tarball)
    subject_map = SubjectMap(path)
    assert len(subject_map) == 3  # the decree naming the Hộ tịch law went into that subject
    assert subject_map.title("15.3") == "Hộ tịch thử nghiệm"
    assert not list(path.parent.glob(".*partial*"))


def test_questions_with_or_without_diacritics_land_in_their_subject(built):
    subject_map = SubjectMap(built[1])
    for question, code in [("dang ky khai sinh cho con o xa o dau", "15.3"),
                           ("Muốn tách hộ thì cần những gì?", "39.3"),
                           ("gop tien sua duong trong xom can bao nhieu ho dong y", "44.13"),
                           ("khai sinh luu dong o thon vung sau", "15.3")]:
        best = subject_map.rank(question)[0]
        assert best.code == code, (question, subject_map.rank(question))
    decree_article = subject_map.rank("xin trích lục bản sao giấy khai sinh")[0].pointers[0][0]
    assert decree_article == "nghi-dinh-99-2090-nd-cp-ho-tich-thu-nghiem.2"  # filed under Hộ tịch
    assert subject_map.rank("!!!") == []


def test_the_subjects_the_knowledge_base_holds_are_scored_even_when_far_behind(built):
    subject_map = SubjectMap(built[1])
    held = subject_map.subjects_holding(["44.13.LQ.2", "44.13.LQ.3"])
    assert held == {"44.13"}
    ranked = subject_map.rank("đăng ký khai sinh", limit=1, held=held)
    assert [m.code for m in ranked] == ["15.3", "44.13"]
    placement = place(ranked, held)
    assert placement.outside is not None and placement.outside.code == "15.3" and placement.ratio > 2
    pointers = subject_map.pointers("đăng ký khai sinh", "15.3")
    assert pointers[0] == ("15.3.LQ.1", "Đăng ký khai sinh cho trẻ em")


def _placed(subject_map: SubjectMap, question: str, held: frozenset[str], known: frozenset[str]) -> Placement:
    counts = subject_map.term_counts(question)
    asked = Asked(frozenset(map_terms(question)), foreign_share(counts, known, subject_map.articles))
    return place(subject_map.rank(question, held=held), held, asked)


def test_the_rule_withdraws_only_a_doubtful_answer_and_names_only_a_clear_lead(built):
    subject_map = SubjectMap(built[1])
    held = frozenset({"44.13"})
    known = map_vocabulary(["Góp tiền sửa cầu, đường trong xóm do các hộ gia đình bàn và quyết định"])
    outside = _placed(subject_map, "dang ky khai tu cho ong", held, known)
    inside = _placed(subject_map, "góp tiền sửa cầu trong xóm", held, known)
    assert outside.foreign == 1.0 and inside.foreign == 0.0  # no word of the first is the knowledge base's
    rule = EdgeRule(withdraw_below=0.9, name_ratio=1.0, withdrawal=Withdrawal(bias=-0.5, foreign=1.0))
    assert withdraws(rule, outside, dense_top=0.85) and names_subject(rule, outside)
    assert not withdraws(rule, outside, dense_top=0.95)  # the knowledge index is sure: its answer stands
    assert not withdraws(rule, inside, dense_top=0.85) and not names_subject(rule, inside)


def test_the_map_counts_the_articles_holding_each_term_it_searches_with(built):
    subject_map = SubjectMap(built[1])
    counts = dict(subject_map.term_counts("đăng ký khai sinh cho trẻ em, zzzz"))
    assert counts["khai_sinh"] >= 1 and counts["zzzz"] == 0
    assert all(n <= subject_map.articles for n in counts.values())
    assert "cho" not in counts  # a function word is not searched with, so not counted
    assert subject_map.term_counts("!!!") == ()


def test_a_tarball_cut_short_leaves_the_old_map_serving_and_no_partial_file(built, tmp_path):
    tarball, path = built
    before = path.read_bytes()
    cut = tmp_path / "cut.tar.xz"
    cut.write_bytes(tarball.read_bytes()[:200])
    with pytest.raises(CollectionError):
        build_subject_map(cut, path)
    assert path.read_bytes() == before
    assert not list(path.parent.glob(".*partial*"))
    assert not map_is_current(path, cut)


def test_a_changed_tarball_makes_the_map_stale_and_a_rebuild_follows_it(built, tmp_path):
    _, path = built
    smaller = pack_collection(tmp_path / "smaller.tar.xz", leave_out=("van-ban/dan-cu/cu-tru-thu-nghiem.md",))
    assert not map_is_current(path, smaller)
    report = build_subject_map(smaller, path)
    assert report.subjects == 3 and report.refused and map_is_current(path, smaller)
    assert SubjectMap(path).title("39.3") == ""


def test_a_damaged_or_missing_map_file_is_no_map(tmp_path):
    bad = tmp_path / "subject-map.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)
    assert open_subject_map(bad) is None
    assert open_subject_map(tmp_path / "none.sqlite3") is None
    assert not map_is_current(bad, bad)


def test_article_scores_are_the_bm25_sqlite_fts5_gives_the_same_terms(built):
    """The map's own sums of postings weights rank and score as an FTS5 table of the same terms does."""
    import sqlite3

    from index.subject_map import BODY_CHARS
    from knowledge.collection import read_collection

    tarball, path = built
    subject_map = SubjectMap(path)
    fts = sqlite3.connect(":memory:")
    fts.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize=\"unicode61 tokenchars '_'\")")
    seen: set[str] = set()
    ids: dict[str, int] = {}
    for subject in read_collection(tarball):
        for a in subject.articles:
            if a.id not in seen:
                seen.add(a.id)
                ids[a.id] = len(ids) + 1
                fts.execute("INSERT INTO t (rowid, title, body) VALUES (?, ?, ?)",
                            (ids[a.id], " ".join(map_terms(a.title)), " ".join(map_terms(a.text[:BODY_CHARS]))))
    for question in ["dang ky khai sinh cho con o xa o dau", "gop tien sua duong trong xom can bao nhieu ho dong y",
                     "Muốn tách hộ thì cần những gì?"]:
        terms = subject_map._terms(question)
        expected = fts.execute("SELECT rowid, -bm25(t) FROM t WHERE t MATCH ? ORDER BY bm25(t)",
                               (" OR ".join(f'"{t}"' for t in terms),)).fetchall()
        scores = subject_map._scores(terms)
        assert scores is not None
        got = {aid: float(scores[ids[aid] - 1]) for aid in ids if scores[ids[aid] - 1] > 0}
        assert len(got) == len(expected)
        by_row = {row: score for row, score in expected}
        for aid, score in got.items():
            assert score == pytest.approx(by_row[ids[aid]], rel=1e-5), (question, aid)


def test_pointers_come_from_the_asked_subject_only(built):
    subject_map = SubjectMap(built[1])
    pointers = subject_map.pointers("đăng ký khai sinh ở xã", "15.3", n=5)
    assert pointers and all(aid.startswith(("15.3.", "nghi-dinh-99-2090")) for aid, _title in pointers)
    assert subject_map.pointers("đăng ký khai sinh ở xã", "no-such-subject") == ()
