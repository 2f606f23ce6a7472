from pathlib import Path

import pytest

from index.diacritics import DiacriticRestorer, fold, is_bare, strip_markdown
from index.typos import NeighbourIndex, is_well_formed, onset_swaps, tone_key, within_one_edit
from tests.support import SHARED_CORPUS

# A few lines written for this test about village life; the restorer must learn everything from them.
TEXT = """
Trưởng thôn do người dân trong thôn bầu ra tại cuộc họp thôn.
Cuộc họp thôn được tổ chức mỗi năm hai lần vào đầu năm và cuối năm.
Người dân được bàn và quyết định việc làm đường trong thôn.
Trưởng thôn phải báo cáo kết quả cuộc họp với Ủy ban nhân dân xã.
Ban thanh tra nhân dân giám sát việc thu chi tiền đóng góp của người dân.
Nhiệm kỳ của ban thanh tra nhân dân là hai năm.
Tiền đóng góp làm đường phải được công khai cho người dân biết.
Người dân có quyền hỏi về việc thu tiền và chi tiền của thôn.
Xã phải công khai kế hoạch làm đường trước khi thu tiền.
Bảo lưu ý kiến của người dân được ghi vào biên bản cuộc họp.
Nhà văn hóa thôn ở vị trí giữa làng, gần trường học.
"""


@pytest.fixture(scope="module")
def restorer() -> DiacriticRestorer:
    return DiacriticRestorer.train([TEXT], question_seed=False)


def test_fold_removes_marks_and_d_keeping_case():
    assert fold("Trưởng thôn ĐỒNG Ý, đường") == "Truong thon DONG Y, duong"


def test_is_bare():
    assert is_bare("thon") and not is_bare("thôn") and not is_bare("đi")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("truong thon bao cao ket qua", "trưởng thôn báo cáo kết quả"),
        ("nguoi dan duoc ban ve viec thu tien", "người dân được bàn về việc thu tiền"),
        ("nhiem ky cua ban thanh tra", "nhiệm kỳ của ban thanh tra"),
        ("cong khai tien dong gop", "công khai tiền đóng góp"),
    ],
)
def test_restores_held_out_phrases(restorer, typed, expected):
    assert restorer.restore(typed) == expected


def test_context_decides_between_readings(restorer):
    # "bao" is "báo" before "cáo" and "bảo" before "lưu" in the training text.
    assert restorer.restore("bao cao") == "báo cáo"
    assert restorer.restore("bao luu y kien") == "bảo lưu ý kiến"


def test_case_and_surroundings_are_kept(restorer):
    assert restorer.restore("Truong THON, (hop 2 lan)!") == "Trưởng THÔN, (họp 2 lần)!"


def test_accented_input_is_untouched(restorer):
    for text in ["Trưởng thôn báo cáo kết quả.", "người dân hỏi về tiền", "bảo cáo"]:
        assert restorer.restore(text) == text


def test_typed_accents_serve_as_context(restorer):
    # Only the bare syllables change; the typed "bảo" steers "luu" to "lưu".
    assert restorer.restore("bảo luu") == "bảo lưu"


def test_unknown_words_numbers_and_symbols_are_kept(restorer):
    for text in ["", "   ", "😀🙏", "?!...", "2023 10/2022/QH15", "xyzzy qwrt", "thôn😀 truong"]:
        out = restorer.restore(text)
        assert fold(out) == fold(text)
    assert restorer.restore("😀 truong thon 😀") == "😀 trưởng thôn 😀"


def test_decomposed_input_is_normalised(restorer):
    assert restorer.restore("thôn truong") == "thôn trưởng"


def test_needs_restoration(restorer):
    assert restorer.needs_restoration("truong thon bao cao ket qua")
    assert not restorer.needs_restoration("trưởng thôn báo cáo kết quả")
    assert not restorer.needs_restoration("")
    assert not restorer.needs_restoration("123 😀")


def test_save_load_round_trip(restorer, tmp_path: Path):
    path = tmp_path / "diacritics.json"
    restorer.save(path)
    loaded = DiacriticRestorer.load(path)
    for text in ["truong thon bao cao", "bao luu y kien cua nguoi dan", "Xa phai cong khai", "thôg tin"]:
        assert loaded.restore(text) == restorer.restore(text)
        assert loaded.correct(text) == restorer.correct(text)
    assert path.read_text(encoding="utf-8").startswith("{")


def test_load_refuses_other_files(tmp_path: Path):
    path = tmp_path / "other.json"
    path.write_text('{"format": "something-else"}', encoding="utf-8")
    with pytest.raises(ValueError, match="rebuild"):
        DiacriticRestorer.load(path)


def test_train_on_nothing_is_safe():
    empty = DiacriticRestorer.train([], question_seed=False)
    assert empty.restore("truong thon") == "truong thon"
    assert not empty.needs_restoration("truong thon")


def test_correct_fixes_out_of_vocabulary_syllables(restorer):
    assert restorer.correct("trưởg thôn") == "trưởng thôn"
    assert restorer.correct("nhiệm kỳ của ban thanh tra nhân dânn") == "nhiệm kỳ của ban thanh tra nhân dân"


def test_correct_fixes_misplaced_tone(restorer):
    assert restorer.correct("người dân đựơc bàn") == "người dân được bàn"


def test_correct_survives_stray_combining_marks(restorer):
    assert fold(restorer.correct("thôn\u0301 \u0323truong")) == fold("thôn\u0301 \u0323truong")


def test_correct_keeps_known_syllables_that_fit(restorer):
    for text in ["người dân được bàn", "trưởng thôn báo cáo", "thu tiền", "nhà văn hóa ở vị trí giữa làng"]:
        assert restorer.correct(text) == text


def test_confused_onset_is_swapped_only_with_strong_context(restorer):
    # "tri" reads "trí" in the text, but "tri tiền" after "thu tiền và" is "chi tiền" by a wide margin.
    assert restorer.normalize("thu tiền và tri tiền") == "thu tiền và chi tiền"
    assert restorer.correct("thu tien va tri tien") == "thu tien va chi tien"
    assert restorer.normalize("vi tri giua lang") == "vị trí giữa làng"


def test_normalize_fixes_typos_and_restores(restorer):
    assert restorer.normalize("truongg thon bao cao") == "trưởng thôn báo cáo"
    assert restorer.normalize("nguoi dan duoc ban") == "người dân được bàn"


def test_real_but_unknown_words_are_not_corrected(restorer):
    # "chắc" and "vần" are well-formed syllables the text never uses: leave them alone.
    assert restorer.correct("người dân chắc biết vần") == "người dân chắc biết vần"


def test_typo_helpers():
    assert within_one_edit("thôg", "thông") and within_one_edit("lâuu", "lâu")
    assert within_one_edit("ab", "ba") and not within_one_edit("abc", "cab")
    assert onset_swaps("sử") == ["xử"] and onset_swaps("trưởng") == ["chưởng"]
    assert onset_swaps("ngày") == []
    assert tone_key("hoà") == tone_key("hòa") and tone_key("hoà") != tone_key("hoá")
    assert not is_well_formed("trúg") and not is_well_formed("lâuu") and is_well_formed("nghiêng")
    index = NeighbourIndex(["thông", "thôn", "lâu"])
    assert index.neighbours("thôg") == ["thôn", "thông"]
    assert index.same_tone_elsewhere("lấu") == []


def test_strip_markdown_drops_front_matter_and_index():
    text = "---\ntitle: x\n---\nNội dung chính\n## Danh sách điều khoản\nĐiều 1"
    assert strip_markdown(text).strip() == "Nội dung chính"


CORPUS = SHARED_CORPUS


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
def test_quality_floor_on_real_corpus():
    from benchmarks.diacritics_accuracy import corpus_documents, score, split_held_out

    train, held = split_held_out(corpus_documents(CORPUS), (0.45, 0.55))
    result = score(DiacriticRestorer.train(train), held)
    assert result.syllables > 5000
    assert result.correct / result.syllables >= 0.93
