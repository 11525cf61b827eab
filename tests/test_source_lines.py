"""The source's lines kept as offsets into the text (issue 19: a list of 4 million line
strings held 600 MB): read by index, they are ``text.split("\\n")``, the oracle here."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cppcc_convert.source_lines import SourceLines

texts = st.text(alphabet=st.sampled_from("a政\n\r 𢥞"), max_size=40)


@given(texts)
def test_the_lines_are_the_split_lines(text: str) -> None:
    expected = text.split("\n")
    lines = SourceLines(text)
    assert len(lines) == len(expected)
    assert list(lines) == expected and lines == expected
    for i in range(-len(expected), len(expected)):
        assert lines[i] == expected[i]
    for i in (len(expected), -len(expected) - 1):
        with pytest.raises(IndexError):
            lines[i]
    assert lines[1:-1] == expected[1:-1] and lines[::2] == expected[::2]


def test_equal_texts_give_equal_lines() -> None:
    assert SourceLines("a\nb") == SourceLines("a\nb") != SourceLines("a\nc")
    assert SourceLines("") == [""]
