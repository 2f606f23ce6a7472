"""Button callback data: within Telegram's 64 bytes, and understood after the round trip."""

from __future__ import annotations

from handlers.callbacks import CallbackCodec, ShowArticle, Vote


def test_callback_data_fits_64_bytes_and_round_trips():
    codec = CallbackCodec()
    assert codec.decode(codec.article("44.13.NĐ.1.3")) == ShowArticle("44.13.NĐ.1.3")
    long_id = "nghị-định-185-2026-nđ-cp-thôn-tổ-dân-phố.Điều.12"
    data = codec.article(long_id)
    assert len(data.encode()) <= 64 and codec.decode(data) == ShowArticle(long_id)
    assert codec.decode(codec.vote(12, -1)) == Vote(12, -1)
    assert CallbackCodec().decode(data) is None  # a table from before a restart: the button has expired
    assert codec.decode("f:x:up") is None and codec.decode("zzz") is None
