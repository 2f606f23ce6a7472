"""Whether the texts fix the figure asked for: what the question counts, and a number put before it."""

from __future__ import annotations

from answers.figures import PERIODS, asked_units, fixes


def test_what_a_question_counts_is_the_word_after_its_quantity_word():
    assert asked_units("Ban thanh tra nhân dân có bao nhiêu ủy viên?") == ("uy vien",)
    assert asked_units("hoi nghi cu tri thi xa phai hop may lan") == ("lan",)
    assert asked_units("phải có bao nhiêu phần trăm hộ đồng ý") == ("phan tram",)
    assert asked_units("biên bản lưu bao lâu") == PERIODS
    assert asked_units("bao nhiêu là đủ?") == ()
    assert asked_units("ai chủ trì cuộc họp") == ()


def test_a_figure_is_fixed_only_by_a_number_before_what_is_counted():
    texts = ["Ban Thanh tra nhân dân có từ 05 đến 07 ủy viên.", "Hội nghị được tổ chức mỗi năm một lần."]
    assert fixes(texts, ("uy",))
    assert fixes(texts, ("lan",))
    assert not fixes(["Hội nghị do Trưởng thôn triệu tập khi cần."], ("lan",))
    assert fixes(["khi có trên 50% số hộ tán thành"], ("phan tram",))
    assert fixes(["được quá nửa số hộ đồng ý"], ("phan tram",))
    assert not fixes(["Biên bản được lập thành 03 bản."], PERIODS)
    assert fixes(["Biên bản được lưu trong 05 năm."], PERIODS)


def test_a_count_of_households_or_people_is_fixed_by_a_share_or_by_how_the_texts_name_the_people():
    # "bao nhiêu hộ đồng ý" is answered by a share of the households; saying "not fixed" there would mislead
    assert fixes(["khi có quá 50% tổng số đại diện hộ gia đình tán thành"], asked_units("cần bao nhiêu hộ đồng ý"))
    assert fixes(["từ hai phần ba tổng số đại diện hộ gia đình trở lên tán thành"], ("ho",))
    assert fixes(["Tổ hòa giải có từ 03 hòa giải viên trở lên"], asked_units("tổ hòa giải tối thiểu mấy người"))
    assert not fixes(["Tổ hòa giải có tổ trưởng và các hòa giải viên."], ("nguoi",))
    assert not fixes(["khi có quá 50% số hộ tán thành"], PERIODS)  # a share never answers "bao lâu"


def test_may_in_a_story_is_not_a_question_about_a_count():
    assert asked_units("xã bổ sung thêm mấy hộ vào danh sách rồi niêm yết lại") == ()
    assert asked_units("mấy năm trước hai nhà đã kiện nhau") == ()
    assert asked_units("dân mấy thôn cùng phản ánh") == ()
    assert asked_units("thôn phải họp mấy lần một năm") == ("lan",)


def test_may_pointing_at_things_already_named_is_not_a_question_about_a_count():
    assert asked_units("có phiếu ghi thêm chữ vào, mấy phiếu đó có tính không") == ()
    assert asked_units("mấy hộ ấy có phải đóng góp không") == ()
    assert asked_units("ban thanh tra có mấy người đó ạ") == ("nguoi",)  # "đó ạ" closes a question


def test_a_share_does_not_answer_a_count_of_other_things():
    assert not fixes(["khi có quá 50% số hộ tán thành"], asked_units("được mời bao nhiêu khách đến dự"))


def test_days_asked_in_everyday_words_are_days():
    units = asked_units("phải báo trước mấy hôm")
    assert units == ("ngay",) and fixes(["Thông tin phải báo trước ít nhất 02 ngày."], units)


def test_whether_is_not_how_much():
    from answers.figures import asks_quantity

    assert not asks_quantity("Hòa giải viên có được trả thù lao không?")
    assert asks_quantity("trưởng thôn có được hưởng phụ cấp không, bao nhiêu một tháng")
    assert asks_quantity("phu cap bn 1 thang")


def test_a_payment_named_next_to_the_quantity_word_asks_for_money():
    from answers.figures import asks_money

    assert asks_money("dân xin gửi thông tin qua bưu điện thì trả phí gửi bao nhiêu")
    assert asks_money("Tổ trưởng tổ hòa giải có phụ cấp hàng tháng không, mức bao nhiêu?")
    assert asks_money("người gây rối thì bị phạt tiền bao nhiêu")
    # a story with money in it that asks what was collected, or a count, is not a question about a legal amount
    assert not asks_money("Năm ngoái cả xóm góp tiền làm đèn đường, đến giờ trưởng xóm vẫn chưa báo thu bao nhiêu, "
                          "chi những gì. Dân có quyền đòi không?")
    assert not asks_money("Một cuộc trưng cầu ý dân đạt tỷ lệ tán thành bao nhiêu thì có giá trị?")
    assert not asks_money("phát trên loa truyền thanh bao nhiêu lượt")  # "phát" is broadcast, not "phạt"
    assert not asks_money("họp bàn đóng góp thì phải gửi tài liệu trước mấy ngày")


def test_an_amount_fixes_only_the_kind_of_payment_asked_about():
    from answers.figures import fixes_amount, payment_kinds

    area_funding = "Mức chi. a) Khu dân cư dưới 700 hộ dân: Mức thấp nhất là 5.000.000 đồng/năm/khu dân cư."
    assert payment_kinds("Trưởng ban công tác mặt trận được phụ cấp bao nhiêu") == {"pay"}
    assert not fixes_amount([area_funding], "Trưởng ban công tác mặt trận mỗi tháng được phụ cấp bao nhiêu?")
    assert fixes_amount(["Mức bồi dưỡng. 1. Mức 100.000 đồng/ngày/người, áp dụng đối với người tiếp công dân."],
                        "cán bộ tiếp công dân được bồi dưỡng bao nhiêu một ngày")
    assert fixes_amount([area_funding], "khu dân cư được bao nhiêu tiền")  # no kind named: any amount
    # a clause's number before "Ngân sách" is no amount; a share of a rate the texts do not hold is none either
    assert not fixes_amount(["Kinh phí thực hiện. 1. Ngân sách nhà nước bảo đảm kinh phí hoạt động."],
                            "Nhà nước hỗ trợ bao nhiêu tiền làm hương ước")
    assert not fixes_amount(["Chi phí. Địa bàn khó khăn, mức thu bằng 70% mức thu quy định tại phụ lục."],
                            "photo tài liệu mất bao nhiêu tiền một trang")


def test_references_dates_and_clause_numbers_count_nothing():
    assert not fixes(["3. Theo sự điều hành của trưởng thôn."], asked_units("hương ước có bao nhiêu điều"))
    assert not fixes(["theo quy định tại khoản 1 Điều 7 Nghị định này"], ("dieu",))
    assert not fixes(["theo Quyết định số 131/QĐ-TTg ngày 25 tháng 01 năm 2017"], PERIODS)
    assert fixes(["Hương ước gồm 05 chương, 20 điều."], ("dieu",))


def test_a_post_asked_for_is_counted_as_people():
    texts = ["Số lượng Phó Trưởng ban do Ủy ban Mặt trận quyết định nhưng không quá 02 người."]
    assert fixes(texts, asked_units("Ban thanh tra nhân dân được có mấy phó trưởng ban?"))


def test_a_loose_majority_is_a_share_only_in_a_vote():
    loose = ["nếu quyết định khác với ý kiến của đa số Nhân dân thì phải giải trình"]
    assert not fixes(loose, ("phan tram",), majority=False)
    assert fixes(loose, ("phan tram",))
    assert not fixes(["khi có quá 50% số hộ tán thành"], ("phan tram",), shares=False)


def test_only_the_asking_sentence_counts():
    from answers.figures import approving, asking_part

    story = "Đài xã đọc nhầm tên mấy hộ trong danh sách. Xã chỉ dán đính chính ở bảng tin có được không?"
    assert asked_units(story) == ()
    assert asking_part("Tổ có 15 hộ. Cần bao nhiêu hộ đồng ý?").strip() == "can bao nhieu ho dong y?"
    assert asked_units("thon hop may lan 1 nam") == ("lan",)  # no question mark: all of it asks
    assert approving("bầu ban thanh tra cần bao nhiêu phần trăm hộ đồng ý")
    assert not approving("hội nghị cuối năm phải có bao nhiêu phần trăm hộ đi dự")


def _article(id_: str, title: str, *clauses: str):
    from knowledge.model import Article, Citation, Clause

    citation = Citation("1", "1/2099/QH99", "Luật", "Luật Thử nghiệm")
    return Article(id_, title, citation, "", tuple(Clause(str(i), c) for i, c in enumerate(clauses, 1)), "doc")


def test_a_far_article_does_not_stand_for_the_answer():
    from types import SimpleNamespace

    from answers.service import _near

    best, close, far = (_article(f"9.LQ.{i}", "t", "x") for i in (1, 2, 3))
    hits = [SimpleNamespace(article=best, score=0.9), SimpleNamespace(article=close, score=0.1),
            SimpleNamespace(article=far, score=0.002)]
    assert _near(hits) == [best, close]
    assert _near([]) == []


def test_the_line_weighs_the_answer_article_and_further_ones_apart():
    from answers import messages
    from answers.intent import read_intent
    from answers.service import _figure_not_fixed

    meeting = _article("9.LQ.1", "Hội nghị cuối năm", "Hội nghị do Trưởng thôn triệu tập, đại diện các hộ dự.")
    decision = _article("9.LQ.2", "Quyết định của cộng đồng", "Được thông qua khi có quá 50% số hộ tán thành.")
    attend = "hội nghị cuối năm của thôn phải có bao nhiêu phần trăm hộ đi dự?"
    assert _figure_not_fixed(attend, read_intent(attend), [], [meeting, decision]) == messages.COUNT_NOT_FIXED
    agree = "hội nghị cuối năm thông qua báo cáo cần bao nhiêu phần trăm hộ đồng ý?"
    assert _figure_not_fixed(agree, read_intent(agree), [], [meeting, decision]) == ""
    assert _figure_not_fixed(attend, read_intent(attend), [], [decision, meeting]) == ""

    pay = _article("9.LQ.3", "Mức chi", "Khu dân cư được hỗ trợ 5.000.000 đồng/năm.")
    allowance = "trưởng ban công tác mặt trận có phụ cấp không, mức bao nhiêu?"
    assert _figure_not_fixed(allowance, read_intent(allowance), [], [pay]) == messages.FIGURE_NOT_FIXED
    funding = "khu dân cư được hỗ trợ bao nhiêu tiền một năm"
    assert _figure_not_fixed(funding, read_intent(funding), [], [pay]) == ""


def test_an_amount_set_for_other_levels_does_not_answer_the_level_asked_about():
    from answers.figures import fixes_amount

    levels = ["Mức hỗ trợ. 3. Ủy viên Ủy ban Mặt trận Tổ quốc cấp huyện được hỗ trợ sinh hoạt phí, mức: 120.000 "
              "đồng/người/tháng."]
    assert not fixes_amount(levels, "Ủy viên Ủy ban Mặt trận Tổ quốc cấp xã được hỗ trợ sinh hoạt phí bao nhiêu?")
    assert fixes_amount(levels, "Ủy viên Mặt trận cấp huyện được hỗ trợ sinh hoạt phí bao nhiêu?")
    general = ["Mức bồi dưỡng. Người tiếp công dân được bồi dưỡng 100.000 đồng/ngày. Tại Trụ sở tiếp công dân "
               "Trung ương được bồi dưỡng 150.000 đồng/ngày."]
    assert fixes_amount(general, "tiếp công dân cấp xã được bồi dưỡng bao nhiêu")  # a sentence for every level


def test_a_rate_asks_for_a_share_and_the_last_sentence_always_asks():
    from answers.figures import asks_money

    assert asked_units("nội dung trưng cầu có giá trị khi đạt tỷ lệ tán thành bao nhiêu?") == ("phan tram",)
    assert asks_money("nộp đơn khiếu nại có mất lệ phí không? bao nhiêu")


def test_bao_nhieu_always_asks_even_where_may_would_tell_a_story():
    assert asked_units("Trưởng thôn tiến hành họp dân bao nhiêu lần một năm") == ("lan",)
    assert asked_units("dân mấy thôn cùng phản ánh") == ()


def test_money_of_no_named_kind_and_a_share_that_counts_no_one_present():
    from answers import messages
    from answers.figures import asks_money
    from answers.intent import read_intent
    from answers.service import _figure_not_fixed

    assert asks_money("thôn họp dân thì chi tiền nước bao nhiêu 1 người")
    assert asks_money("kinh phí in phiếu lấy ý kiến hộ gia đình là bao nhiêu")
    decision = _article("9.LQ.2", "Quyết định của cộng đồng", "Được thông qua khi có quá 50% số hộ tán thành.")
    size = "thôn có bao nhiêu hộ thì được tách thôn?"
    assert _figure_not_fixed(size, read_intent(size), [], [decision]) == messages.COUNT_NOT_FIXED
    present = "họp thôn cần bao nhiêu hộ dự mới hợp lệ?"
    assert _figure_not_fixed(present, read_intent(present), [], [decision]) == ""


def test_households_that_support_or_sign_are_counted_as_a_share():
    from answers.figures import approving

    assert approving("dân đề xuất nội dung hương ước thì cần bao nhiêu hộ đồng thuận")
    assert approving("muốn cho thôi trưởng thôn thì cần bao nhiêu hộ kiến nghị")
    assert approving("Tổ có 150 hộ thì cần bao nhiêu hộ ký")
    assert not approving("nhiệm kỳ ban thanh tra là mấy năm")


def test_a_count_of_and_whether_a_figure_is_fixed_ask_for_it_but_quantity_is_no_salary():
    from answers.figures import asks_money, asks_quantity, payment_kinds

    assert asked_units("Số lượng thành viên Ban thanh tra nhân dân xã là bao nhiêu?") == ("thanh vien",)
    assert not payment_kinds("số lượng thành viên") and not payment_kinds("chất lượng cuộc họp")
    assert payment_kinds("lương trưởng thôn bao nhiêu") == {"pay"}
    assert asks_quantity("Có quy định mức phụ cấp cho trưởng thôn không?")
    assert asks_money("Có quy định mức phụ cấp cho trưởng thôn không?")
    assert asked_units("Luật có quy định thời hạn lưu giữ biên bản họp thôn không?") == PERIODS
    assert not asks_quantity("Hòa giải viên có được trả thù lao không?")


def test_a_payment_named_without_asking_how_much_gets_no_money_line():
    from answers.figures import names_rate
    from answers.intent import read_intent
    from answers.service import _figure_not_fixed

    plain = _article("9.LQ.4", "Công khai", "Xã công khai các khoản phí, lệ phí.")
    what = "về phí, lệ phí, chính quyền xã phải công khai nội dung nào?"
    assert _figure_not_fixed(what, read_intent(what), [], [plain]) == ""
    rate = "mức lệ phí khi xin cung cấp thông tin là gì"
    assert names_rate(rate) and not names_rate(what)
    assert _figure_not_fixed(rate, read_intent(rate), [], [plain]) != ""


def test_words_that_fold_into_numbers_are_no_count():
    # "kể từ ngày" is not "tư ngày", "sau ngày ký" not "sáu ngày", "năm công tác … tháng" not "five months"
    assert not fixes(["Thông báo kết quả kể từ ngày nhận được kiến nghị."], PERIODS)
    assert not fixes(["Quyết định có hiệu lực sau ngày ký."], PERIODS)
    assert not fixes(["sau khi kết thúc năm công tác của cơ quan"], PERIODS)
    assert fixes(["Nhiệm kỳ là năm năm."], PERIODS)  # right before what is counted, "năm" is five
    assert fixes(["trong thời hạn 15 ngày kể từ ngày nhận được"], PERIODS)
    assert fixes(["Tổ có từ chín đến mười một thành viên."], ("thanh",))


def test_a_count_of_what_agrees_is_answered_by_a_share_of_it_and_a_spelt_out_number_counts():
    from answers.intent import read_intent
    from answers.service import _figure_not_fixed

    rule = _article("9.LQ.5", "Quyết định", "được thông qua khi có từ hai phần ba tổng số thôn, tổ dân phố tán thành")
    q = "khoản đóng góp chung toàn xã thì cần bao nhiêu thôn đồng ý"
    assert _figure_not_fixed(q, read_intent(q), [], [rule]) == ""
    assert fixes(["gửi hồ sơ chậm nhất sau 05 (năm) ngày làm việc"], PERIODS)


def test_a_vote_named_beside_a_period_asked_is_no_share_question():
    from answers import messages
    from answers.intent import read_intent
    from answers.service import _figure_not_fixed

    election = _article("9.LQ.6", "Bầu hòa giải viên", "Người được bầu phải đạt trên 50% đại diện hộ gia đình đồng ý.")
    q = "Hòa giải viên nhiệm kỳ mấy năm thì bầu lại?"
    assert _figure_not_fixed(q, read_intent(q), [], [election]) == messages.TIME_NOT_FIXED


def test_a_particle_closing_the_question_is_not_what_is_counted():
    from answers.figures import asks_money

    # "bao nhiêu ạ" asked the amount of an allowance; read as counting "ạ", the money line never came
    for q in ("Phụ cấp trưởng thôn là bao nhiêu ạ?", "phí bao nhiêu nhỉ", "tiền phạt là bao nhiêu hả",
              "phu cap truong thon bao nhieu a"):
        assert asked_units(q) == () and asks_money(q), q
    assert asked_units("tổ hòa giải có mấy người ạ") == ("nguoi",)
    assert asked_units("người tố cáo sai bị phạt tiền từ bao nhiêu đến bao nhiêu") == ()


def test_a_unit_of_money_or_phat_beside_the_quantity_word_asks_for_money():
    from answers.figures import asked_payments, asks_money

    for q in ("truong thon moi thang duoc may trieu", "trưởng thôn được hưởng mấy trăm nghìn một tháng",
              "làm sai thì phạt bao nhiêu", "phạt tối đa bao nhiêu"):
        assert asked_units(q) == () and asks_money(q), q
    assert asked_payments("làm sai thì phạt bao nhiêu") == {"fine"}
    assert "fine" not in asked_payments("phát trên loa mấy lần")  # "phát" (broadcast) folds like "phạt"
    assert asked_payments("được hỗ trợ mấy triệu") == {"fund", "money"}


def test_a_compound_name_is_counted_whole_and_a_deputy_by_its_post():
    assert asked_units("uy ban xa co bao nhieu uy vien") == ("uy vien",)
    assert asked_units("thôn được có mấy phó trưởng thôn?") == ("pho truong thon",)
    assert asked_units("cần bao nhiêu người bao nhiêu hộ") == ("nguoi", "ho")
    assert not fixes(["Ủy ban nhân dân cấp xã có 05 Ủy ban."], asked_units("bao nhiêu ủy viên"))
    # a post counted as people only where the sentence names that post
    deputies = ["Số lượng Phó Trưởng ban do Ủy ban Mặt trận quyết định nhưng không quá 02 người."]
    assert fixes(deputies, asked_units("ban thanh tra có mấy phó trưởng ban"))
    assert not fixes(deputies, asked_units("thôn được bầu mấy phó trưởng thôn"))
    members = ["Số lượng thành viên Ban thanh tra nhân dân không ít hơn 05 người."]
    assert not fixes(members, asked_units("Ủy ban mặt trận xã có bao nhiêu ủy viên"))


def test_a_bare_so_counts_what_the_texts_count():
    assert asked_units("số thành viên tối thiểu của ban thanh tra là bao nhiêu") == ("thanh vien",)
    assert asked_units("so thanh vien toi thieu cua ban thanh tra nhan dan") == ("thanh vien",)
    assert asked_units("so sánh với năm trước thì thế nào") == ()


def test_a_qualifier_after_what_is_counted_must_be_in_the_texts_too():
    team = ["Mỗi tổ hòa giải có từ 03 hòa giải viên trở lên, trong đó có hòa giải viên nữ."]
    assert asked_units("Tổ hòa giải phải có ít nhất mấy hòa giải viên nữ?") == ("hoa giai vien nu",)
    assert not fixes(team, asked_units("Tổ hòa giải phải có ít nhất mấy hòa giải viên nữ?"))
    assert fixes(team, asked_units("Tổ hòa giải phải có ít nhất mấy hòa giải viên?"))
    counters = ["đề xuất danh sách Ban kiểm phiếu từ 03 đến 05 người (gồm Trưởng ban và các thành viên)"]
    assert not fixes(counters, asked_units("bầu trưởng thôn được đưa ra tối đa mấy người ứng cử?"))
    assert fixes(["giới thiệu ít nhất 01 người ra ứng cử Trưởng thôn"], asked_units("có mấy người ứng cử"))


def test_a_count_bounded_the_other_way_does_not_answer_the_bound_asked():
    from answers.figures import asked_bound

    assert asked_bound("tổ hòa giải tối đa đc bao nhiêu người?") == "most"
    assert asked_bound("tổ hòa giải cần ít nhất mấy người") == "least"
    assert asked_bound("tổ hòa giải có mấy người") == ""
    least = ["Mỗi tổ hòa giải có từ 03 hòa giải viên trở lên."]
    units = asked_units("tổ hòa giải tối đa đc bao nhiêu người?")
    assert not fixes(least, units, bound="most")
    assert fixes(least, units, bound="least") and fixes(least, units)
    assert not fixes(["Người ứng cử phải đủ 21 tuổi."], ("tuoi",), bound="most")
    assert not fixes(["Số Phó Trưởng ban không quá 02 người."], asked_units("mấy phó trưởng ban"), bound="least")
    assert fixes(["Tổ có từ 05 đến 07 người."], ("nguoi",), bound="most")  # a range bounds both ways
    assert fixes(["Tổ có 05 người."], ("nguoi",), bound="most")  # an exact count answers either
    # periods are not weighed so: "chậm nhất 05 ngày trước" answers "báo trước ít nhất mấy ngày"
    assert fixes(["chậm nhất 05 ngày trước ngày họp"], PERIODS, bound="least")


def test_dan_before_may_tells_whose_people_only_before_a_place():
    assert asked_units("dân mấy thôn cùng phản ánh") == ()
    assert asked_units("đại biểu HĐND xã mỗi tháng phải tiếp dân mấy buổi?") == ("buoi",)


def test_a_vote_in_a_bodys_name_or_a_count_of_candidates_asks_no_share():
    from answers.figures import approving

    assert not approving("tổ bầu cử trưởng thôn gồm bao nhiu người là đúng qui định?")
    assert not approving("bầu trưởng thôn được đưa ra tối đa mấy người ứng cử?")
    assert approving("bầu trưởng thôn cần bao nhiêu người đồng ý")
    assert approving("tổ bầu cử kiểm phiếu, cần bao nhiêu phiếu thì trúng")


def test_a_body_of_the_commune_names_the_commune_level():
    from answers.figures import fixes_amount

    levels = ["Mức hỗ trợ. 3. Ủy viên Ủy ban Mặt trận Tổ quốc cấp huyện được hỗ trợ sinh hoạt phí, mức: 120.000 "
              "đồng/người/tháng."]
    assert not fixes_amount(levels, "uy vien uy ban mat tran xa duoc ho tro sinh hoat phi bao nhieu 1 thang")
    assert fixes_amount(levels, "ủy viên mặt trận được hỗ trợ sinh hoạt phí bao nhiêu")  # no level named


def test_bao_nhiu_and_may_before_a_post_or_an_age_ask_for_a_number():
    from answers.intent import AnswerKind, read_intent

    for q in ("tổ bầu cử gồm bao nhiu người", "mấy tuổi thì được làm trưởng thôn", "thôn có mấy ủy viên"):
        assert read_intent(q).wants(AnswerKind.AMOUNT), q


def test_the_members_of_a_body_are_counted_only_where_that_body_is_named():
    from answers import messages
    from answers.figures import bodies, counts_members
    from answers.intent import read_intent
    from answers.service import _figure_not_fixed

    assert bodies("tổ bầu cử trưởng thôn gồm bao nhiu người") == {"to bau"}
    assert bodies("UBND xã có mấy cán bộ") == {"uy ban nhan"}
    assert bodies("tổ chức họp, tổ trưởng ban hành") == set()  # "tổ chức", "tổ trưởng", "ban hành": no body
    assert counts_members(("nguoi",)) and counts_members(("pho truong ban",))
    assert not counts_members(("ho",)) and not counts_members(("lan",)) and not counts_members(())
    meeting = _article("9.NĐ.1.3", "Cuộc họp của cộng đồng dân cư",
                       "Tổ bầu cử triệu tập cuộc họp. Người chủ trì đề xuất Ban kiểm phiếu từ 03 đến 05 người.")
    team = "tổ bầu cử trưởng thôn gồm bao nhiu người là đúng qui định?"
    assert _figure_not_fixed(team, read_intent(team), [], [meeting]) == messages.COUNT_NOT_FIXED
    counters = "ban kiểm phiếu có bao nhiêu người?"
    assert _figure_not_fixed(counters, read_intent(counters), [], [meeting]) == ""
    own = _article("9.NĐ.1.4", "Tổ bầu cử", "Gồm từ 05 đến 07 người.")  # the article is named for the body
    assert _figure_not_fixed(team, read_intent(team), [], [own]) == ""
