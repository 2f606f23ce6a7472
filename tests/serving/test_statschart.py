"""The /stats chart is a real PNG of the phone-sized dimensions, drawn for busy and for empty journals."""

from __future__ import annotations

import datetime as dt
import struct

from serving.journal import Activity, DayFigures
from serving.statschart import DPI, HEIGHT_IN, WIDTH_IN, activity_png


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def thirty_days(questions: int) -> tuple[DayFigures, ...]:
    first = dt.date(2026, 11, 4)
    return tuple(DayFigures(first + dt.timedelta(days=i), questions + i % 3, i % 2, i % 4, i % 5 == 0)
                 for i in range(30))


def test_a_month_with_questions_and_cited_articles_is_drawn_at_the_planned_size():
    activity = Activity(thirty_days(5), (("44.13.LQ.21", 12), ("44.13.LQ.11", 4)))
    data = activity_png(activity, {"44.13.LQ.21": "Điều 21 Luật Thực hiện dân chủ ở cơ sở (10/2022/QH15)"})
    assert png_size(data) == (round(WIDTH_IN * DPI), round(HEIGHT_IN * DPI))
    assert 5_000 < len(data) < 500_000


def test_an_empty_journal_still_gives_a_chart():
    data = activity_png(Activity(thirty_days(0), ()))
    assert png_size(data)[0] > 0


def test_a_busier_month_draws_a_different_image():
    assert activity_png(Activity(thirty_days(1), ())) != activity_png(Activity(thirty_days(40), ()))
