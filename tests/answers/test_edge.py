"""The edge's evidence and decision (answers.edge) on hand-made map scores: no map file needed."""

from __future__ import annotations

import math

import pytest

from answers.edge import (
    FITTED,
    Asked,
    EdgeRule,
    Placement,
    Withdrawal,
    foreign_share,
    names_subject,
    place,
    title_share,
    withdraws,
)
from index.subject_map import SubjectMatch, map_terms


def _match(code: str, title: str, score: float) -> SubjectMatch:
    return SubjectMatch(code, title, "", score)


def test_the_foreign_share_weighs_each_unknown_term_by_its_rarity():
    counts = [("dan_quan", 10), ("thon", 1000), ("khong_co", 0)]  # a term no article holds says nothing
    share = foreign_share(counts, known={"thon"}, articles=10_000)
    assert share == pytest.approx(math.log(1000) / (math.log(1000) + math.log(10)))
    assert foreign_share(counts, known={"thon", "dan_quan"}, articles=10_000) == 0.0
    assert foreign_share([], known=(), articles=10_000) == 0.0


def test_the_title_share_reads_a_subjects_name_from_its_syllable_pairs():
    terms = frozenset(map_terms("giải quyết khiếu nại lần hai ở xã"))
    assert title_share("Khiếu nại", terms) == 1.0
    assert title_share("Tiếp công dân", terms) == 0.0
    assert title_share("Bầu cử đại biểu Quốc hội", terms) == 0.0


def test_a_placement_holds_the_lead_and_the_title_lead_of_the_outside_subject():
    matches = [_match("18.1", "Khiếu nại", 60.0), _match("18.4", "Tiếp công dân", 20.0)]
    asked = Asked(frozenset(map_terms("khieu nai lan hai")), foreign=0.25)
    placement = place(matches, held={"18.4"}, asked=asked)
    assert placement.outside is not None and placement.outside.code == "18.1"
    assert placement.ratio == pytest.approx(3.0)
    assert placement.lead == pytest.approx(math.log(61 / 21))
    assert placement.foreign == 0.25 and placement.title == 1.0


def test_no_inside_subject_on_the_map_is_an_unbounded_lead_and_a_weak_outside_is_none():
    alone = place([_match("15.3", "Hộ tịch", 12.0)], held={"44.13"})
    assert alone.ratio == math.inf and alone.lead == pytest.approx(math.log(13))
    assert place([_match("15.3", "Hộ tịch", 0.5)], held={"44.13"}).outside is None
    assert place([_match("44.13", "Thực hiện dân chủ ở cơ sở", 40.0)], held={"44.13"}).outside is None


def test_the_withdrawal_is_the_sign_of_the_models_log_odds_below_the_cosine_where_answers_stand():
    placement = Placement(_match("18.1", "Khiếu nại", 60.0), 3.0, lead=1.0, foreign=0.5, title=1.0)
    model = Withdrawal(bias=1.0, dense=-2.0, lead=1.0, foreign=2.0, title=-1.0)
    assert model.log_odds(0.9, placement) == pytest.approx(1.0 - 1.8 + 1.0 + 1.0 - 1.0)
    rule = EdgeRule(withdraw_below=0.92, name_ratio=1.0, withdrawal=model)
    assert withdraws(rule, placement, dense_top=0.9)
    assert not withdraws(rule, placement, dense_top=0.93)  # the knowledge index is sure: its answer stands
    against = EdgeRule(0.92, 1.0, Withdrawal(bias=-5.0))
    assert not withdraws(against, placement, dense_top=0.9)
    assert not withdraws(rule, Placement(None, 0.0), dense_top=0.5)
    assert names_subject(rule, placement) and not names_subject(EdgeRule(0.92, 4.0, model), placement)


def test_the_fitted_model_withdraws_a_doubtful_answer_for_a_foreign_subject_and_keeps_a_sure_one():
    rule = EdgeRule()
    assert rule.withdrawal == FITTED
    foreign = Placement(_match("25.5", "Dân quân tự vệ", 65.0), 5.0, lead=math.log(66 / 13), foreign=0.5, title=1.0)
    assert withdraws(rule, foreign, dense_top=0.89)
    assert not withdraws(rule, foreign, dense_top=0.95)
    near = Placement(_match("18.1", "Khiếu nại", 30.0), 1.1, lead=math.log(31 / 28), foreign=0.0, title=0.0)
    assert not withdraws(rule, near, dense_top=0.9)  # a slight lead in words the base uses is no evidence
