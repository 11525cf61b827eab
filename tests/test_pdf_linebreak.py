"""Kinsoku line breaking: unit cases, a property test, and the sample laid out at many widths
with the real fonts (zero lines may start or end with a prohibited mark)."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cppcc_convert.locale import resolve
from cppcc_convert.model import Document
from cppcc_convert.options import Options
from cppcc_convert.writers import WriteContext
from cppcc_convert.writers.pdf_flowables import TextFlow
from cppcc_convert.writers.pdf_fonts import font_set
from cppcc_convert.writers.pdf_linebreak import (
    NO_END,
    NO_START,
    Measure,
    break_lines,
    may_break,
    violations,
)
from cppcc_convert.writers.pdf_lines import Line
from cppcc_convert.writers.pdf_story import Nest, Story


def width(ch: str) -> float:
    return 1.0 if ch >= "\u2e80" or ch in "“”‘’…—" else 0.5


def lay(text: str, w: float, first: float | None = None) -> list[Line]:
    return break_lines(text, [width(c) for c in text], Measure(first or w, w, 1.0))


def texts(text: str, lines: list[Line]) -> list[str]:
    return [text[ln.start : ln.end] for ln in lines]


def test_closing_mark_is_never_pushed_to_the_next_line() -> None:
    text = "一二三四五，六七八"
    out = texts(text, lay(text, 5))
    assert not any(t[0] in NO_START for t in out[1:]), out
    assert "".join(out) == text


def test_opening_mark_never_ends_a_line() -> None:
    text = "一二三四“五六”七八九十"
    out = texts(text, lay(text, 5))
    assert out[0] == "一二三四", out  # “ goes down with 五
    assert not any(t[-1] in NO_END for t in out), out


def test_paired_ellipsis_and_dash_stay_together() -> None:
    for mark in ("……", "——"):
        text = "一二三四" + mark + "五六七八九"
        out = texts(text, lay(text, 5))
        assert any(mark in t for t in out), out


def test_latin_words_and_numbers_are_not_split() -> None:
    text = "我们在2024年使用reportlab library进行排版测试工作"
    out = texts(text, lay(text, 8))
    words = re.findall(r"[A-Za-z0-9]+", text)
    assert [w for t in out for w in re.findall(r"[A-Za-z0-9]+", t)] == words, out


def test_forced_breaks_and_first_line_indent() -> None:
    text = "一二三四五六\n七八"
    lines = lay(text, 4, first=2)
    assert texts(text, lines) == ["一二", "三四五六", "七八"]
    assert [ln.hard for ln in lines] == [False, True, True]


def test_an_unbreakable_run_longer_than_the_line_is_cut() -> None:
    text = "https://example.org/a/very/long/path"
    out = texts(text, lay(text, 5))
    assert "".join(out) == text
    assert all(len(t) <= 10 for t in out)


_han = st.sampled_from("政协委员会发展产业经济社会高质量民主监督调研")
_close = st.sampled_from("，。、；：？！”’》）」』…%")
_open = st.sampled_from("“‘《（「『")
_word = st.text("abcdefghij0123456789", min_size=1, max_size=8)
_token = st.one_of(
    _han,
    st.tuples(_han, _close).map("".join),
    st.tuples(_open, _han).map("".join),
    st.tuples(_han, _close, _open, _han).map("".join),
    _word.map(lambda w: f" {w} "),
    st.just("……"),
    st.just("——"),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_token, min_size=1, max_size=120), st.integers(8, 40))
def test_property_no_violation_and_lines_fit(tokens: list[str], w: int) -> None:
    text = "".join(tokens).strip()
    assume(text and _longest_unbreakable(text) < w)  # longer runs must be cut somewhere
    lines = lay(text, w)
    assert violations(text, lines) == []
    for ln in lines:
        assert ln.width <= w + 1.0 + 1e-6  # at most one em compressed
    kept = "".join(texts(text, lines)).replace(" ", "")
    assert kept == text.replace(" ", "")


def _longest_unbreakable(text: str) -> float:
    longest, run = 0.0, 0.0
    for i, ch in enumerate(text):
        if i and may_break(text, i):
            run = 0.0
        run += width(ch)
        longest = max(longest, run)
    return longest


# ------------------------------------------------------------- the sample, real fonts

WIDTHS_EM = (9, 12, 15, 17.5, 20, 23, 26, 28.3, 31, 34, 37, 38, 41, 45)


def _sample_flows(doc: Document) -> list[TextFlow]:
    fonts = font_set(resolve(doc.meta.lang), Options())
    story = Story(doc, fonts, WriteContext.for_document(doc), 11.0, (418.0, 700.0))
    flows = story.title_block() + story.blocks(doc.blocks, Nest())
    return [f for f in flows if isinstance(f, TextFlow)]


@pytest.mark.parametrize("em", WIDTHS_EM)
def test_sample_has_no_kinsoku_violation(sample_doc: Document, em: float) -> None:
    checked = 0
    for flow in _sample_flows(sample_doc):
        aw = em * 11.0 + flow.para.left + flow.para.right
        lines = flow.lines(aw)
        assert violations(flow.rich.text, lines) == []
        for ln in lines:
            assert ln.width <= aw + 11.0  # compression never exceeds one em
            if not ln.hard and ln.end - ln.start > 1 and flow.para.align == "justify":
                assert ln.width >= aw - 2 * flow.para.size - flow.para.indent - 1e-6
        checked += len(lines)
    assert checked > 3000 / em  # the whole sample was laid out
