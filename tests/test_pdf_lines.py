"""The compact containers of a long text's layout (issue 19: a code block of 1.48 M lines
took 2,089 MiB at the 50 MB limit): ``LineTable`` behaves as the list of ``Line`` it
replaces, and ``Glue`` as the dict; a block split across pages keeps views of one table,
not copies of the rest of its lines. The oracles are Python's own list and dict, driven by
the same operations."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cppcc_convert
from cppcc_convert.locale import resolve
from cppcc_convert.options import Options
from cppcc_convert.writers import WriteContext
from cppcc_convert.writers.pdf_flowables import TextFlow
from cppcc_convert.writers.pdf_fonts import font_set
from cppcc_convert.writers.pdf_lines import Line, LineTable
from cppcc_convert.writers.pdf_story import Nest, Story
from cppcc_convert.writers.pdf_text import Glue

lines_st = st.lists(
    st.builds(
        Line,
        st.integers(0, 2**40),
        st.integers(0, 2**40),
        st.floats(allow_nan=False, allow_infinity=False, width=64),
        st.booleans(),
        st.floats(allow_nan=False, allow_infinity=False, width=64),
    ),
    max_size=30,
)


def _distinct(lines: list[Line]) -> list[Line]:
    """Each line told apart by its start (generated lines are often equal)."""
    return [line._replace(start=i) for i, line in enumerate(lines)]


def _table(lines: list[Line]) -> LineTable:
    table = LineTable()
    for line in lines:
        table.append(line)
    return table


BOUNDS = (None, *range(-5, 6))


@pytest.mark.parametrize("n", range(6))
def test_a_table_and_its_views_read_as_the_list(n: int) -> None:
    # every slice of every slice of tables up to 5 lines, against the list's
    lines = [Line(i, i + 1, i / 4, i % 2 == 0, i / 8) for i in range(n)]
    table = _table(lines)
    assert list(table) == lines and len(table) == n
    for a, b in itertools.product(BOUNDS, BOUNDS):
        view, expected = table[a:b], lines[a:b]
        assert list(view) == expected and len(view) == len(expected)
        for c, d in itertools.product(BOUNDS, BOUNDS):
            assert list(view[c:d]) == expected[c:d], (a, b, c, d)
        for i in range(-len(expected) - 2, len(expected) + 2):
            if -len(expected) <= i < len(expected):
                assert view[i] == expected[i]
            else:
                with pytest.raises(IndexError):
                    view[i]


@given(lines_st.filter(lambda x: len(x) >= 3), st.data())
def test_setting_a_line_of_a_view_sets_it_in_the_table(
    lines: list[Line], data: st.DataObject
) -> None:
    lines = _distinct(lines)
    table = _table(lines)
    lo = data.draw(st.integers(0, len(lines) - 1))
    i = data.draw(st.integers(-(len(lines) - lo), len(lines) - lo - 1))
    new = Line(7, 9, 1.25, True, 0.5)
    view, expected = table[lo:], list(lines)
    view[i] = new
    expected[lo + i if i >= 0 else i] = new
    assert list(table) == expected
    assert all(type(x.hard) is bool for x in table)


def test_a_view_is_not_appended_to() -> None:
    table = _table([Line(0, 1, 1.0, False)] * 3)
    with pytest.raises(TypeError):
        table[1:].append(Line(1, 2, 1.0, True))
    with pytest.raises(ValueError):
        table[::2]


@given(st.dictionaries(st.integers(0, 10**9), st.floats(allow_nan=False), max_size=40))
def test_glue_reads_as_the_dict(entries: dict[int, float]) -> None:
    glue = Glue()
    for i in sorted(entries):
        glue[i] = entries[i]
    assert dict(glue.items()) == entries
    assert list(glue) == sorted(entries) and len(glue) == len(entries)
    for i in [*entries, -1, 10**9 + 1, *(k + 1 for k in entries)]:
        assert (i in glue) == (i in entries)
        assert glue.get(i) == entries.get(i)
        assert glue.get(i, 0.0) == entries.get(i, 0.0)


def test_glue_is_set_in_order() -> None:
    glue = Glue()
    glue[5] = 1.0
    with pytest.raises(ValueError):
        glue[5] = 2.0
    with pytest.raises(ValueError):
        glue[3] = 2.0


def _code_flow(lines: int) -> TextFlow:
    text = "\n".join(f"line {i}: value = {i}  # 注释" for i in range(lines))
    doc = cppcc_convert.parse(f"# t\n\n```\n{text}\n```\n")
    fonts = font_set(resolve(doc.meta.lang), Options())
    story = Story(doc, fonts, WriteContext.for_document(doc), 11.0, (418.0, 700.0))
    flow = story.blocks(doc.blocks[-1:], Nest())[0]
    assert isinstance(flow, TextFlow)
    return flow


def test_a_long_code_block_split_page_by_page_shares_one_table() -> None:
    flow = _code_flow(3000)  # ~100,000 characters: past ARRAY_FROM
    whole = list(flow.lines(418.0))
    table = flow.lines(418.0)
    assert isinstance(table, LineTable) and len(whole) == 3000
    set_lines: list[Line] = []
    rest = flow
    while True:
        parts = rest.split(418.0, 700.0)
        if len(parts) < 2:
            set_lines += rest.lines(418.0)
            break
        head, tail = parts
        assert isinstance(head, TextFlow) and isinstance(tail, TextFlow)
        for part in (head, tail):
            kept = part.lines(418.0)
            # a view of the same arrays: nothing of the rest is copied
            assert isinstance(kept, LineTable) and kept._cols is table._cols
        set_lines += head.lines(418.0)
        rest = tail
    assert set_lines == whole
