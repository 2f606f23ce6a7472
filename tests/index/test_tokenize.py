from index.tokenize import FOLDED_PREFIX, VietnameseTokenizer, fold_diacritics, syllables


def test_fold_diacritics_handles_d_and_case():
    assert fold_diacritics("Trưởng thôn ĐỒNG Ý") == "Truong thon DONG Y"


def test_syllables_nfc_lowercase_numbers_kept_whole():
    decomposed = "Lua\u0302\u0323t số 10/2022/QH15 ngày 05"  # "ậ" typed as a + two combining marks
    assert syllables(decomposed) == ["luật", "số", "10/2022", "qh15", "ngày", "05"]


def test_folded_query_meets_accented_text():
    tok = VietnameseTokenizer()
    doc = set(tok("Trưởng thôn do cộng đồng dân cư bầu"))
    query = set(tok("truong thon"))
    assert {f"{FOLDED_PREFIX}truong", f"{FOLDED_PREFIX}thon", f"{FOLDED_PREFIX}truong_thon"} <= doc & query
    assert "trưởng_thôn" in doc and "trưởng_thôn" not in query


def test_stopwords_dropped_from_unigrams_only():
    tok = VietnameseTokenizer(folded=False)
    tokens = tok("quyền của công dân")
    assert "của" not in tokens
    assert "quyền_của" in tokens and "của_công" in tokens


def test_switches():
    assert VietnameseTokenizer(bigrams=False, folded=False)("dân chủ") == ["dân", "chủ"]
    assert VietnameseTokenizer(accented=False, bigrams=False)("dân chủ") == ["~dan", "~chu"]
    assert VietnameseTokenizer()("") == []
