"""Whether the texts fix the figure asked for: what the question counts, and a number put before it."""

from __future__ import annotations

from answers.figures import PERIODS, asked_units, fixes


def test_what_a_question_counts_is_the_word_after_its_quantity_word():
    assert asked_units("Ban thanh tra nhân dân có bao nhiêu ủy viên?") == ("uy",)
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
