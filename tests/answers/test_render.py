"""One reply value, two renderings: Telegram HTML and plain text say the same thing in the same order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from answers.paging import BLOCK_LIMIT, html_to_plain, utf16_len
from answers.render import ANSWER_MARK, html_blocks, to_html, to_plain
from answers.reply import Block, Part
from emulator.botapi import parse_html

text = st.text(alphabet="aăâđêôơưbcdeghiklmnopqrstuvxy &<>\"😀.;\n", min_size=1, max_size=300)
block = st.builds(Block, st.sampled_from(list(Part)), text, text, st.lists(text, max_size=3).map(tuple))


def _words(value: str) -> list[str]:
    return [w for w in value.replace(ANSWER_MARK, " ").replace("•", " ").split() if w]


@settings(max_examples=150, deadline=None)
@given(st.lists(block, min_size=1, max_size=8))
def test_html_and_plain_hold_the_same_words_in_the_same_order(blocks):
    assert _words(html_to_plain(to_html(blocks))) == _words(to_plain(blocks))


@settings(max_examples=80, deadline=None)
@given(st.lists(block, min_size=1, max_size=4), st.integers(min_value=1, max_value=4))
def test_every_html_block_is_well_formed_and_fits(blocks, repeat):
    long = [Block(b.part, b.text * (40 * repeat)) if b.part in (Part.QUOTE, Part.ANSWER, Part.TEXT) else b
            for b in blocks]
    for piece in html_blocks(long):
        parse_html(piece)  # raises where Telegram would refuse the markup
        if not piece.startswith(("<b>", "<i>")):  # one-line headings and notes are short by construction
            assert utf16_len(piece) <= BLOCK_LIMIT


def test_a_real_reply_leads_with_its_answer_on_both_surfaces(bot_service):
    reply = bot_service.answer("người đứng đầu xóm làm mấy năm")
    assert not reply.refused and reply.answer_line
    assert reply.blocks[0].part is Part.ANSWER
    assert reply.text.startswith(reply.answer_line)
    assert html_to_plain(reply.html).startswith(f"{ANSWER_MARK} {reply.answer_line}")
    assert reply.html == to_html(reply.blocks) and reply.text == to_plain(reply.blocks)
    basis = next(b for b in reply.blocks if b.part is Part.BASIS)
    assert basis.text.startswith("Căn cứ: ") and "Điều" in basis.detail


def test_a_notice_comes_first_and_a_refusal_has_no_answer_line(bot_service):
    reply = bot_service.answer("x" * 1500 + " giá vàng hôm nay")
    assert reply.blocks[0].part is Part.NOTICE and reply.text.startswith(reply.notice)
    assert reply.refused and reply.answer_line == ""
