"""The codified collection read as a map: subjects, their laws, the files passed over and the files refused."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest

from knowledge.collection import CollectionError, ReadReport, read_collection, subject_code, subject_file
from tests.support import pack_collection

REAL_COLLECTION = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "phap-dien-toan-bo.tar.xz"


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    return pack_collection(tmp_path / "phap-dien.tar.xz")


def test_each_subject_comes_with_its_code_title_law_and_articles(collection):
    report = ReadReport()
    subjects = {s.code: s for s in read_collection(collection, report)}
    assert set(subjects) == {"15.3", "39.3", "44.13", "nghi-dinh-99-2090-nd-cp-ho-tich-thu-nghiem"}
    civil = subjects["15.3"]
    assert civil.title == "Hộ tịch thử nghiệm" and civil.codified
    assert civil.main_document == "Luật Hộ tịch thử nghiệm, số 90/2090/QH99" and civil.law == "Luật Hộ tịch thử nghiệm"
    assert [a.id for a in civil.articles] == ["15.3.LQ.1", "15.3.LQ.2", "15.3.LQ.3"]
    decree = subjects["nghi-dinh-99-2090-nd-cp-ho-tich-thu-nghiem"]
    assert not decree.codified and "Luật Hộ tịch thử nghiệm" in decree.title
    assert decree.main_document == "số 99/2090/NĐ-CP"


def test_an_index_page_is_passed_over_and_a_broken_file_is_refused_by_name(collection):
    report = ReadReport()
    list(read_collection(collection, report))
    assert report.subjects == 4
    assert report.passed_over == 1  # van-ban/tu-phap.md: headings only
    assert report.refused is not None and len(report.refused) == 1
    assert report.refused[0].startswith("van-ban/dan-cu/hong.md: ") and "nhị phân" in report.refused[0]


def test_a_cut_short_tarball_is_an_error_naming_it(tmp_path, collection):
    cut = tmp_path / "cut.tar.xz"
    cut.write_bytes(collection.read_bytes()[: collection.stat().st_size // 2])
    with pytest.raises(CollectionError, match=r"cut\.tar\.xz"):
        list(read_collection(cut))


def test_one_subject_is_taken_out_by_title_without_diacritics_or_by_code(collection):
    subject, data = subject_file(collection, "ho tich thu nghiem")
    assert subject.code == "15.3" and data.startswith(b"---") and "Đăng ký khai sinh".encode() in data
    assert subject_file(collection, "39.3")[0].title == "Cư trú thử nghiệm"


def test_an_unknown_subject_is_refused_in_vietnamese_with_the_nearest_titles(collection):
    with pytest.raises(CollectionError) as caught:
        subject_file(collection, "Cư trú")
    assert "không có đề mục «Cư trú»" in str(caught.value) and "Cư trú thử nghiệm" in str(caught.value)


def test_article_ids_name_their_subject():
    assert subject_code("15.3.LQ.16") == "15.3"
    assert subject_code("44.13.NĐ.1.7") == "44.13"
    assert subject_code("nghi-dinh-185-2026-nd-cp-thon-to-dan-pho.4") == "nghi-dinh-185-2026-nd-cp-thon-to-dan-pho"
    assert subject_code("nothing") == ""


@pytest.mark.skipif(not REAL_COLLECTION.is_file(), reason="the shared collection is not here")
def test_real_subject_files_with_their_defects_read(tmp_path):
    """A slice of the real collection (four files, never the whole tarball): duplicated ids inside a file
    are kept once, the chủ đề page is passed over."""
    wanted = {"van-ban/hanh-chinh-tu-phap/ho-tich.md", "van-ban/bao-hiem/bao-hiem-y-te.md", "van-ban/bao-hiem.md",
              "van-ban/lao-dong/nghi-dinh-185-2026-nd-cp-thon-to-dan-pho.md"}
    piece = tmp_path / "slice.tar.xz"
    with tarfile.open(REAL_COLLECTION, "r|*") as source, tarfile.open(piece, "w:xz") as out:
        for info in source:
            if info.name in wanted:
                handle = source.extractfile(info)
                assert handle is not None
                out.addfile(info, handle)
    report = ReadReport()
    subjects = {s.code: s for s in read_collection(piece, report)}
    assert {"15.3", "2.2", "nghi-dinh-185-2026-nd-cp-thon-to-dan-pho"} <= set(subjects)
    assert subjects["15.3"].main_document == "Luật Hộ tịch, số 60/2014/QH13"
    ids = [a.id for a in subjects["2.2"].articles]
    assert len(ids) == len(set(ids))  # the file defines 2.2.TT.15.3 twice
    assert report.passed_over == 1 and not report.refused
