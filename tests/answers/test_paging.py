"""Splitting any reply HTML into Telegram messages: within the limit, well-formed, nothing lost."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from answers.paging import html_to_plain, split_html, utf16_len
from emulator.botapi import parse_html

words = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạ&<>\" 😀\n", min_size=1, max_size=40)
blocks = st.lists(st.tuples(st.sampled_from(["", "b", "i", "blockquote"]), words), min_size=1, max_size=60)


def as_html(parts: list[tuple[str, str]]) -> str:
    import html

    out = []
    for tag, text in parts:
        escaped = html.escape(text, quote=False)
        out.append(f"<{tag}>{escaped}</{tag}>" if tag else escaped)
    return "\n\n".join(out) if len(out) % 2 else " ".join(out)


@settings(max_examples=200, deadline=None)
@given(blocks, st.integers(min_value=60, max_value=400))
def test_split_html_pages_fit_parse_and_keep_every_word(parts, limit):
    text = as_html(parts)
    pages = split_html(text, limit)
    assert all(utf16_len(p) <= limit for p in pages)
    for page in pages:
        parse_html(page)  # raises where Telegram would refuse the markup
    assert "".join(html_to_plain("".join(pages)).split()) == "".join(html_to_plain(text).split())


def test_split_html_prefers_paragraph_boundaries():
    pages = split_html("<b>a</b>\n\n" + "x" * 50 + "\n\n" + "y" * 50, limit=60)
    assert pages == ["<b>a</b>\n\n" + "x" * 50, "y" * 50]
