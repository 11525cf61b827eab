"""PDF tables: a long table's cell flows are made a page's rows at a time (the memory of one
huge table), and its bytes are those of the same table with every flow made up front."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from cppcc_convert.model import Document, Paragraph, Table, Text
from cppcc_convert.writers import pdf_table
from cppcc_convert.writers.pdf_flowables import TextFlow
from pdf_helpers import body_text, page_count, render, squash


def _doc(rows: int) -> Document:
    """Rows of one line, and every 11th row tall enough to be split across pages."""
    header = ((Text("单位"),), (Text("事项"),), (Text("数量"),))

    def row(i: int) -> tuple[tuple[Text], ...]:
        words = "走访企业" * (1 + 90 * (i % 4) if i % 11 == 5 else 1)
        return ((Text(f"组{i}"),), (Text(words),), (Text(str(i * 7 % 1000)),))

    body = tuple(row(i) for i in range(rows))
    table = Table(header, body, ("left", "center", "right"), 2)
    return Document(
        blocks=(Paragraph((Text("前言。"),), 1), table, Paragraph((Text("后记。"),), 3))
    )


def _eager(self: Any, span: slice) -> list[Any]:
    """The table as before: every body row's flows made once, before the first page."""
    if not hasattr(self, "every"):
        self.every = [self.row(r, False) for r in self.t.rows]
    return list(self.every[span])


@pytest.mark.parametrize("kept", [0, 90, pdf_table.KEPT_CELLS])
def test_long_table_is_the_same_pdf_as_made_up_front(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept: int
) -> None:
    doc = _doc(700)  # 2,100 cells: all kept by default, none or 30 rows kept here
    monkeypatch.setattr(pdf_table, "KEPT_CELLS", kept)
    lazy, _ = render(doc, tmp_path, "lazy")
    monkeypatch.setattr(pdf_table._Cells, "__getitem__", _eager)
    eager, _ = render(doc, tmp_path, "eager")
    assert lazy.read_bytes() == eager.read_bytes()
    pages = page_count(lazy)
    assert pages > 10
    for page in (2, pages // 2, pages):  # the header row is repeated on every page
        assert squash(body_text(lazy, page, page)).startswith("单位事项数量")


def test_only_a_window_of_rows_holds_flows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # live cell flows counted as each page is split off the table (all of them existed
    # before the first page when every cell's flow was made up front)
    held: list[int] = []
    split = pdf_table.RowWindow.split

    def spy(self: Any, aw: float, ah: float) -> list[Any]:
        if len(held) % 8 == 0:
            held.append(sum(isinstance(o, TextFlow) for o in gc.get_objects()))
        else:
            held.append(0)
        return split(self, aw, ah)

    monkeypatch.setattr(pdf_table.RowWindow, "split", spy)
    monkeypatch.setattr(pdf_table, "KEPT_CELLS", 300)  # the first 100 rows' flows kept
    render(_doc(3000), tmp_path)
    assert len(held) > 60  # a split per page
    assert 0 < max(held) < 900  # of 9,000 cells (a page holds ~40 one-line rows)
