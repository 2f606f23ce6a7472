"""The answer line: what a question asks for, which sentence answers it, when a booklet answer fits."""

from __future__ import annotations

from answers.evaluation import answer_found
from answers.intent import AnswerKind, Setting, opens_with_yes_no, read_intent, sentence_answers
from answers.quoting import quoted_clauses, shown_text
from answers.sentences import FALLBACK, closest_sentence, load_model, rank_sentences, split_sentences
from answers.service import fits_intent
from knowledge.model import Article, Citation, Clause, FaqEntry, Point

CITATION = Citation("9", "1/2099/QH99", "Luật", "Luật Thử nghiệm")


def _article() -> Article:
    lead = Clause("", "Cộng đồng dân cư bàn các việc sau đây:")
    one = Clause("1", "1. Việc làm đường do dân góp tiền.\nViệc sửa nhà văn hóa thôn.")
    two = Clause("2", "2. Quyết định được thông qua khi có từ hai phần ba tổng số đại diện hộ gia đình tán thành. "
                      "Trưởng thôn ký biên bản cuộc họp.")
    three = Clause("3", "3. Biên bản gửi Ủy ban nhân dân cấp xã chậm nhất 05 ngày làm việc sau cuộc họp:\n"
                        "a) bản chính;\nb) danh sách hộ dự họp.", (Point("a", "a) bản chính;"), Point("b", "b)")))
    return Article("99.LQ.9", "Quyết định của cộng đồng", CITATION, "", (lead, one, two, three), "doc")


def test_intent_reads_folded_everyday_questions() -> None:
    assert read_intent("can bao nhieu ho dong y").wants(AnswerKind.AMOUNT)
    assert read_intent("phải gửi trong bao lâu").wants(AnswerKind.TIME)
    assert not read_intent("phải gửi trong bao nhiêu ngày").wants(AnswerKind.AMOUNT)
    assert read_intent("ai ký biên bản").wants(AnswerKind.ACTOR)
    assert read_intent("thôn có được chia ra họp từng cụm không").wants(AnswerKind.YES_NO)
    assert read_intent("phụ cấp trưởng thôn được bao nhiêu tiền").wants(AnswerKind.MONEY)
    assert read_intent("hội nghị người lao động ở công ty").settings >= {Setting.ENTERPRISE}
    assert not read_intent("họp thôn bàn làm đường").settings & {Setting.AGENCY, Setting.ENTERPRISE}
    # folded, "công nhận" (recognise) is "công nhân" (workers): only the marked word names an enterprise
    assert Setting.ENTERPRISE not in read_intent("ubnd xa cong nhan truong thon trong bao lau").settings
    assert Setting.ENTERPRISE not in read_intent("Công nhận kết quả bầu trưởng thôn mất mấy ngày").settings
    assert Setting.ENTERPRISE in read_intent("công nhân nhà máy có được đối thoại không").settings


def test_sentence_attributes_and_yes_no_openings() -> None:
    assert sentence_answers("khi có từ hai phần ba tổng số hộ tán thành", AnswerKind.AMOUNT)
    assert sentence_answers("chậm nhất 05 ngày làm việc", AnswerKind.TIME)
    assert not sentence_answers("Trưởng thôn ký biên bản", AnswerKind.TIME)
    assert opens_with_yes_no("Không. Luật không bắt buộc …")
    assert not opens_with_yes_no("Không ít hơn 05 thành viên")


def test_sentences_keep_clause_and_point() -> None:
    sentences = split_sentences(_article())
    assert [s.clause_number for s in sentences] == ["", "1", "1", "2", "2", "3", "3", "3"]
    assert sentences[6].point == "a"
    assert sentences[4].text == "Trưởng thôn ký biên bản cuộc họp."


def test_the_sentence_that_answers_comes_first() -> None:
    article = _article()
    for model in (FALLBACK, load_model()):
        best = rank_sentences("thôn họp góp tiền làm đường cần bao nhiêu hộ tán thành", read_intent(
            "thôn họp góp tiền làm đường cần bao nhiêu hộ tán thành"), article, {"1": 0.5, "2": 0.4}, model)[0]
        assert "hai phần ba" in best.sentence.text
        q = "biên bản họp thôn gửi ủy ban xã trong bao lâu"
        assert "05 ngày" in rank_sentences(q, read_intent(q), article, {}, model)[0].sentence.text


def test_closest_sentence_to_a_booklet_answer() -> None:
    sentence, share = closest_sentence("Cần hai phần ba số đại diện hộ gia đình tán thành.", _article())
    assert sentence is not None and "hai phần ba" in sentence.text and share > 0.5


def test_quoted_clauses_bring_the_list_lead_in_and_the_anchor_clause() -> None:
    article = _article()
    anchor = split_sentences(article)[1]  # clause 1, an item of the lead-in's list
    chosen = quoted_clauses(article, anchor, {"2": 0.3})
    assert [c.number for c in chosen] == ["", "1", "2"]


def test_long_clauses_are_cut_around_the_answer() -> None:
    filler = "\n".join(f"{chr(97 + i)}) nội dung thứ {i} " + "rất dài " * 30 for i in range(8))
    clause = Clause("4", "4. Đầu khoản:\n" + filler + "\nh2) câu trả lời ở cuối khoản.")
    article = Article("99.LQ.10", "Dài", CITATION, "", (clause,), "doc")
    anchor = next(s for s in split_sentences(article) if "câu trả lời" in s.text)
    shown = shown_text(clause, anchor)
    assert shown.startswith("4. Đầu khoản:") and "câu trả lời ở cuối khoản" in shown and len(shown) < 1400


def test_booklet_answers_only_for_the_same_intent() -> None:
    village = FaqEntry("f1", "Họp thôn có được biểu quyết bằng giơ tay không?", "Không. Phải bỏ phiếu.", ("x",))
    agency = FaqEntry("f2", "Cơ quan lấy ý kiến công chức bao lâu?", "Ít nhất 10 ngày.", ("x",))
    count = FaqEntry("f3", "Họp thôn cần bao nhiêu hộ?", "Cần hai phần ba số hộ.", ("x",))
    assert fits_intent(village, read_intent("họp thôn có được giơ tay biểu quyết không"))
    assert not fits_intent(village, read_intent("họp thôn biểu quyết bằng cách nào"))
    assert not fits_intent(agency, read_intent("thôn lấy ý kiến dân bao lâu"))
    assert fits_intent(count, read_intent("họp thôn cần bao nhiêu hộ dự"))
    assert not fits_intent(FaqEntry("f4", "Họp thôn cần bao nhiêu hộ?", "Do thôn quyết.", ("x",)),
                     read_intent("họp thôn cần bao nhiêu hộ dự"))
    # "tối thiểu" without a number states none: it does not answer "mấy thành viên"
    when = FaqEntry("f5", "Khi nào phát phiếu?", "Khi số hộ dự không đủ để đạt tỷ lệ tán thành tối thiểu.", ("x",))
    assert not fits_intent(when, read_intent("tổ phát phiếu có mấy thành viên"))
    assert fits_intent(FaqEntry("f6", "Mấy hội nghị?", "Tổ chức ít nhất một hội nghị mỗi năm.", ("x",)),
                       read_intent("xã phải tổ chức mấy hội nghị đối thoại"))
    # an "ai" question needs a body or a post by name, not only "người dân" or "cơ quan"
    examples = FaqEntry("f7", "Dân góp ý những gì?", "Ví dụ: kế hoạch của xã; quyết định ảnh hưởng người dân.", ("x",))
    assert not fits_intent(examples, read_intent("ai có thẩm quyền quyết định đổi tên thôn"))
    assert fits_intent(FaqEntry("f8", "Ai quyết định?", "Hội đồng nhân dân cấp xã quyết định.", ("x",)),
                       read_intent("ai có thẩm quyền quyết định đổi tên thôn"))


def test_answer_found_needs_every_number_and_half_the_words() -> None:
    ref = "Niêm yết ít nhất 30 ngày liên tục kể từ ngày 01/7/2023."
    assert answer_found(ref, "thông tin niêm yết ít nhất là 30 ngày liên tục từ 01/07/2023")
    assert not answer_found(ref, "thông tin niêm yết ít nhất là 20 ngày liên tục từ 01/07/2023")
    assert not answer_found(ref, "30 ngày, 01/07/2023")


def test_a_how_long_question_prefers_a_sentence_that_states_the_figure() -> None:
    from answers.quoting import prefer_figures
    from answers.sentences import ScoredSentence, Sentence

    plain = ScoredSentence(Sentence("2", 1, 0, "Ủy ban niêm yết tại nhà văn hóa thôn."), 2.0)
    figure = ScoredSentence(Sentence("2", 1, 1, "Thời gian niêm yết ít nhất là 30 ngày liên tục."), 1.5)
    far = ScoredSentence(Sentence("3", 2, 0, "Chậm nhất 05 ngày sau khi họp."), 0.1)
    assert prefer_figures([plain, figure], read_intent("niêm yết bao lâu")) is figure.sentence
    assert prefer_figures([plain, figure], read_intent("niêm yết ở đâu")) is plain.sentence
    assert prefer_figures([plain, ScoredSentence(plain.sentence, 1.0), plain, far],
                           read_intent("bao lâu")) is plain.sentence  # only the top three are considered


def test_a_what_are_question_gets_the_whole_list_compactly() -> None:
    from answers.quoting import compact_list, wants_whole_list

    items = tuple(Clause(str(i), f"{i}. Nội dung số {i} " + "dài " * (80 if i == 2 else 3)) for i in range(1, 6))
    article = Article("99.LQ.11", "Những nội dung công khai", CITATION, "",
                      (Clause("", "Xã phải công khai các nội dung sau đây:"), *items), "doc")
    assert wants_whole_list(read_intent("xã phải công khai những gì"), article)
    assert not wants_whole_list(read_intent("xã phải công khai trong bao lâu"), article)
    shown = compact_list(article)
    assert shown.splitlines()[0] == "Xã phải công khai các nội dung sau đây:"
    assert [line.split(".")[0] for line in shown.splitlines()[1:]] == ["1", "2", "3", "4", "5"]
    assert shown.splitlines()[2].endswith("…") and len(shown.splitlines()[2]) <= 230


def test_a_sentence_that_only_introduces_a_list_gives_way_to_the_next() -> None:
    from answers.quoting import complete_lead_in
    from answers.sentences import ScoredSentence, Sentence

    lead = ScoredSentence(Sentence("4", 3, 0, "4. Việc đánh giá hằng năm theo quy định sau:"), 3.0)
    first = ScoredSentence(Sentence("4", 3, 1, "a) Thời điểm: ngày 18 tháng 11;", "a"), 1.0)
    second = ScoredSentence(Sentence("4", 3, 2, "b) Hình thức: họp riêng;", "b"), 2.0)
    ranked = [lead, second, first]
    assert complete_lead_in(lead.sentence, ranked, read_intent("đánh giá khi nào")) is first.sentence
    assert complete_lead_in(lead.sentence, ranked, read_intent("đánh giá gồm những gì")) is lead.sentence


def test_an_item_of_a_list_keeps_the_sentence_that_introduces_it() -> None:
    from answers.quoting import list_intro, points_of

    article = _article()
    sentences = split_sentences(article)
    point_a = next(s for s in sentences if s.point == "a")
    intro = "Biên bản gửi Ủy ban nhân dân cấp xã chậm nhất 05 ngày làm việc sau cuộc họp:"
    assert list_intro(article, point_a) == intro
    first_item = next(s for s in sentences if s.clause_number == "1")
    assert list_intro(article, first_item) == "Cộng đồng dân cư bàn các việc sau đây:"
    second_sentence = next(s for s in sentences if s.clause_number == "2" and s.index == 1)
    assert list_intro(article, second_sentence) == ""
    assert points_of(article, point_a) == "a) bản chính;\nb) danh sách hộ dự họp."
    assert points_of(article, first_item) == ""  # clause 1 has no points


def test_a_long_introduction_is_shown_from_its_last_comma() -> None:
    from answers.quoting import list_intro

    lead = Clause("", "Trừ các thông tin thuộc bí mật nhà nước hoặc thông tin chưa được công khai theo quy định của "
                      "pháp luật, chính quyền địa phương cấp xã phải công khai các nội dung sau đây:")
    items = tuple(Clause(str(n), f"{n}. Nội dung thứ {n}.") for n in (1, 2, 3))
    article = Article("99.LQ.11", "Nội dung công khai", CITATION, "", (lead, *items), "doc")
    item = next(s for s in split_sentences(article) if s.clause_number == "2")
    assert list_intro(article, item) == "… chính quyền địa phương cấp xã phải công khai các nội dung sau đây:"


def test_which_ones_questions_ask_for_a_list() -> None:
    assert read_intent("Những mâu thuẫn, tranh chấp nào không được hòa giải ở cơ sở?").wants(AnswerKind.LIST)
    assert read_intent("được từ chối trong các trường hợp nào").wants(AnswerKind.LIST)
    assert not read_intent("ai ký biên bản").wants(AnswerKind.LIST)


def test_who_or_which_has_the_right_asks_who_not_whether() -> None:
    assert not read_intent("Những chủ thể nào có quyền đề nghị trưng cầu ý dân?").wants(AnswerKind.YES_NO)
    assert not read_intent("ai co quyen trieu tap hop thon").wants(AnswerKind.YES_NO)
    assert read_intent("ai co quyen trieu tap hop thon").wants(AnswerKind.ACTOR)
    assert read_intent("thôn có được chia ra họp từng cụm").wants(AnswerKind.YES_NO)
    assert read_intent("trưởng thôn có quyền triệu tập không, ai chủ trì").wants(AnswerKind.YES_NO)


def test_a_booklet_answer_opening_with_no_does_not_answer_a_which_question() -> None:
    entry = FaqEntry("f1", "Ai cũng có quyền đề nghị trưng cầu ý dân à?",
                     "Không. Chỉ Ủy ban thường vụ Quốc hội, Chủ tịch nước, Chính phủ …", ("96.LQ.14",))
    assert not fits_intent(entry, read_intent("Những chủ thể nào có quyền đề nghị trưng cầu ý dân?"))
    assert fits_intent(entry, read_intent("Ai cũng có quyền đề nghị trưng cầu ý dân phải không?"))


def test_an_unsure_model_shows_its_two_likeliest_sentences() -> None:
    from answers.quoting import quoted_clauses, runner_up
    from answers.sentences import ScoredSentence, Sentence, top_share

    article = _article()
    sentences = split_sentences(article)
    sign, share_rule, deadline = sentences[4], sentences[3], sentences[5]
    close = [ScoredSentence(sign, 1.0), ScoredSentence(share_rule, 0.9), ScoredSentence(deadline, 0.8)]
    sure = [ScoredSentence(sign, 5.0), ScoredSentence(share_rule, 0.1), ScoredSentence(deadline, 0.0)]
    from answers.quoting import UNSURE_SHARE

    assert top_share(sure) > 0.9 and top_share(close) < UNSURE_SHARE
    asked = read_intent("ai ký biên bản họp thôn")
    assert runner_up(sure, sign, asked) is None  # sure of the first: one sentence
    assert runner_up(close, sign, asked) is share_rule
    # a "how long" question's runner-up must state a figure; an introduction ending in ":" is no answer
    assert runner_up(close, share_rule, read_intent("gửi biên bản trong bao lâu")) is None
    assert runner_up([ScoredSentence(sign, 1.0), ScoredSentence(sentences[0], 0.99), close[1]], sign,
                      asked) is share_rule
    long_one = Sentence("1", 1, 0, "Việc dài " * 80)
    assert runner_up([ScoredSentence(sign, 1.0), ScoredSentence(long_one, 0.99)], sign, asked) is None
    # the runner-up's clause is quoted instead of the best-matched one
    assert [c.number for c in quoted_clauses(article, sign, {"1": 0.9}, second=deadline)] == ["", "2", "3"]


def test_each_quoted_sentence_of_the_answer_line_says_where_it_stands() -> None:
    from answers.quoting import quote_line

    article = _article()
    sentences = split_sentences(article)
    line = quote_line(article, sentences[4], "")
    assert line == "Khoản 2 Điều 9: «Trưởng thôn ký biên bản cuộc họp.»"
    assert quote_line(article, sentences[1], "Cộng đồng dân cư bàn các việc sau đây:") == (
        "Khoản 1 Điều 9: «Cộng đồng dân cư bàn các việc sau đây: … Việc làm đường do dân góp tiền.»")


def test_two_close_articles_each_give_their_likeliest_sentence() -> None:
    from answers.quoting import close_call
    from answers.service import AnswerService
    from index.results import ClauseMatch, Hit

    class _NoIndex:
        faq = ()

    first = _article()
    other_citation = Citation("4", "2/2099/NĐ-CP", "Nghị định", "Nghị định Thử nghiệm")
    second = Article("99.NĐ.4", "Thời hạn gửi", other_citation, "",
                     (Clause("1", "1. Biên bản họp thôn gửi Ủy ban nhân dân cấp xã chậm nhất 03 ngày làm việc."),),
                     "doc2")
    best = Hit(first, 1.0, (ClauseMatch("3", "", 0.9),))
    close, far = Hit(second, 0.85, (ClauseMatch("1", "", 0.9),)), Hit(second, 0.5)
    assert close_call(best, close) and not close_call(best, far)
    service = AnswerService(_NoIndex(), confident=lambda *_: True)
    question = "biên bản họp thôn gửi xã trong bao lâu"
    blocks, _ = service._compose(best, [second], question, runner=close)
    line = blocks[0].text.splitlines()
    assert line[0].startswith("Khoản 3 Điều 9 Luật Thử nghiệm") and "05 ngày" in line[0]
    assert line[1].startswith("Khoản 1 Điều 4 Nghị định 2/2099/NĐ-CP") and "03 ngày" in line[1]
    alone, _ = service._compose(best, [second], question)
    assert "03 ngày" not in alone[0].text


def test_a_clause_the_answer_refers_to_in_the_same_article_is_quoted_too() -> None:
    from answers.quoting import with_referenced_clauses
    from answers.sentences import Sentence

    article = _article()
    two, three = article.clauses[2], article.clauses[3]
    pointing = Sentence("3", 3, 0, "Biên bản gửi theo trường hợp quy định tại điểm a khoản 1 và khoản 2 Điều này.")
    chosen = with_referenced_clauses(article, [three], [pointing])
    assert [c.number for c in chosen] == ["1", "2", "3"]
    plain = Sentence("2", 2, 1, "Trưởng thôn ký biên bản cuộc họp.")
    assert with_referenced_clauses(article, [two], [plain]) == [two]
    other_article = Sentence("2", 2, 0, "Theo quy định tại khoản 1 Điều 15 của Luật này.")
    assert with_referenced_clauses(article, [two], [other_article]) == [two]  # another article: a button


def test_the_quote_is_filled_with_the_clauses_of_the_next_likeliest_sentences() -> None:
    from answers.quoting import QUOTE_BUDGET, fill_quote
    from answers.sentences import ScoredSentence

    article = _article()
    sentences = split_sentences(article)
    ranked = [ScoredSentence(sentences[5], 2.0), ScoredSentence(sentences[4], 1.0), ScoredSentence(sentences[1], 0.5)]
    three = article.clauses[3]
    assert [c.number for c in fill_quote(article, [three], ranked)] == ["3", "1", "2"]  # the answer first
    huge = Clause("2", "2. " + "rất dài " * (QUOTE_BUDGET // 8))
    long_article = Article("99.LQ.12", "Dài", CITATION, "", (article.clauses[1], huge, three), "doc")
    long_ranked = [ScoredSentence(s, 1.0) for s in split_sentences(long_article)]
    assert "2" not in [c.number for c in fill_quote(long_article, [three], long_ranked)]  # over the budget


def test_a_booklet_answer_leads_only_when_its_question_stands_out() -> None:
    from answers.service import AnswerService
    from index.results import Hit

    article = _article()
    votes = FaqEntry("f1", "Thôn góp tiền làm đường cần bao nhiêu hộ tán thành?",
                     "Cần từ hai phần ba tổng số đại diện hộ gia đình tán thành.", (article.id,))
    alike = FaqEntry("f2", "Thôn góp tiền làm đường thì cần bao nhiêu hộ tán thành ạ?",
                     "Cần quá nửa số hộ dự họp đồng ý.", (article.id,))
    other = FaqEntry("f3", "Ai ký biên bản họp thôn?", "Trưởng thôn ký biên bản.", (article.id,))

    class _Booklet:
        def __init__(self, *entries: FaqEntry) -> None:
            self.faq = entries

    question = "thôn góp tiền làm đường cần bao nhiêu hộ tán thành"
    hit = Hit(article, 1.0, (), faq_ids=("f1", "f2", "f3"))
    alone = AnswerService(_Booklet(votes, other), confident=lambda *_: True)
    assert alone._faq_summary(hit, question, read_intent(question)) == votes.answer
    # two entries about the article cover the question almost alike: neither answer may lead
    crowded = AnswerService(_Booklet(votes, alike, other), confident=lambda *_: True)
    assert crowded._faq_summary(hit, question, read_intent(question)) == ""
    # an entry the search did not bring up does not lend its answer
    unseen = Hit(article, 1.0, (), faq_ids=("f3",))
    assert alone._faq_summary(unseen, question, read_intent(question)) == ""


def test_a_catch_all_item_never_leads_when_another_candidate_does_not_only_say_there_may_be_more() -> None:
    from answers.sentences import ScoredSentence, Sentence, is_catch_all, without_catch_all_lead

    assert is_catch_all("9. Các nội dung khác theo quy định của pháp luật, quy chế thực hiện dân chủ ở xã.")
    assert is_catch_all("h) Thực hiện các nhiệm vụ khác theo quy định của pháp luật.")
    assert not is_catch_all("4. Dự thảo đề án thành lập, giải thể, nhập, chia thôn, tổ dân phố.")
    assert not is_catch_all("Trường hợp khác với quy định tại khoản 1 thì Ủy ban quyết định.")
    rest = ScoredSentence(Sentence("9", 9, 0, "Các nội dung khác theo quy định của pháp luật."), 2.0)
    merge = ScoredSentence(Sentence("4", 4, 0, "Dự thảo đề án nhập, chia thôn, tổ dân phố."), 1.5)
    assert [r.sentence for r in without_catch_all_lead([rest, merge])] == [merge.sentence, rest.sentence]
    assert without_catch_all_lead([merge, rest]) == [merge, rest]
    assert without_catch_all_lead([rest]) == [rest]  # nothing else to say


def test_a_catch_all_item_is_no_runner_up() -> None:
    from answers.quoting import runner_up
    from answers.sentences import ScoredSentence, Sentence

    merge = Sentence("4", 4, 0, "Dự thảo đề án nhập, chia thôn, tổ dân phố.")
    rest = Sentence("9", 9, 0, "Các nội dung khác theo quy định của pháp luật.")
    budget = Sentence("3", 3, 0, "Chủ trương đầu tư công trình ở thôn.")
    close = [ScoredSentence(merge, 1.0), ScoredSentence(rest, 0.95), ScoredSentence(budget, 0.9)]
    assert runner_up(close, merge, read_intent("nhập thôn có phải lấy ý kiến dân không")) is budget


def test_at_once_is_no_day() -> None:
    """ "báo ngay" (at once) folds like "ngày" (day): only a day counted, dated or reckoned from is a time."""
    assert not sentence_answers("Người tiếp công dân phải báo ngay để thủ trưởng xem xét.", AnswerKind.TIME)
    assert not sentence_answers("Thực hiện ngay khi nhận được yêu cầu.", AnswerKind.TIME)
    for timed in ("chậm nhất 05 ngày làm việc", "trong thời hạn 15 ngày", "kể từ ngày ký", "05 (năm) ngày"):
        assert sentence_answers(timed, AnswerKind.TIME), timed
    report_at_once = FaqEntry("f9", "Dân khiếu nại quyết định đang thi hành thì người tiếp dân làm gì?",
                              "Người tiếp công dân phải báo ngay để thủ trưởng xem xét tạm đình chỉ.",
                              ("18.4.TT.4.15",))
    assert not fits_intent(report_at_once, read_intent("thời hiệu khiếu nại là bao nhiêu ngày"))


def test_an_item_of_a_list_named_only_by_its_title_carries_that_title_and_its_verb() -> None:
    from answers.quoting import list_heading, list_intro, quote_line

    items = (Clause("1", "1. Nhận tiền của người dân."), Clause("2", "2. Hẹn làm việc ở quán cà phê."))
    title = ("Những việc cán bộ, chiến sĩ Cảnh sát phòng cháy và chữa cháy được giao nhiệm vụ thực hiện công tác "
             "phòng cháy, chữa cháy và cứu nạn, cứu hộ không được làm")
    forbidden = Article("99.TT.8", title, CITATION, "", items, "doc")
    second = next(s for s in split_sentences(forbidden) if s.clause_number == "2")
    assert list_heading(forbidden, second) == "… cứu hộ không được làm"
    assert quote_line(forbidden, second, list_intro(forbidden, second)).startswith(
        "Khoản 2 Điều 9 (… cứu hộ không được làm): «")
    plain = Article("99.TT.9", "Hồ sơ đề nghị", CITATION, "", items, "doc")  # no verb that governs the items
    assert list_heading(plain, next(s for s in split_sentences(plain) if s.clause_number == "2")) == ""
    lead = Clause("", "Trừ các thông tin thuộc bí mật nhà nước, bí mật công tác, người đứng đầu cơ quan, đơn vị "
                      "phải công khai trong nội bộ cơ quan, đơn vị các nội dung sau đây:")
    listed = Article("99.LQ.46", "Những nội dung phải công khai", CITATION, "", (lead, *items), "doc")
    first = next(s for s in split_sentences(listed) if s.clause_number == "1")
    assert list_heading(listed, first) == ""  # its own lead-in introduces the items
    assert list_intro(listed, first) == "… đơn vị phải công khai trong nội bộ cơ quan, đơn vị các nội dung sau đây:"
