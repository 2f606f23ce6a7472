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
