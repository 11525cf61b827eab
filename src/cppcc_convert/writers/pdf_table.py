"""Tables for the PDF: one ``TextFlow`` per cell inside a platypus ``Table`` that splits across
pages between rows (and inside a tall row) and repeats its header row on every page."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reportlab.platypus import Table, TableStyle
from reportlab.platypus.flowables import Flowable

from ..errors import InputError
from ..model import Inlines
from ..model import Table as TableBlock
from .pdf_flowables import Para, TextFlow
from .pdf_linebreak import SPACES, may_break
from .pdf_text_builder import Span

if TYPE_CHECKING:
    from .pdf_story import Nest, Story

GRID: tuple[float, float, float] = (0.55, 0.55, 0.55)
HEADER_BG: tuple[float, float, float] = (0.92, 0.92, 0.92)
CELL_PAD = 5.0  # points, each side


def least_column(size: float) -> float:
    """The narrowest column: its padding and one digit."""
    return 2 * CELL_PAD + 0.5 * size


def table(story: Story, t: TableBlock, nest: Nest) -> list[Flowable]:
    """A table block as flowables (a Table; nothing for an empty one)."""
    ncols = max([len(t.header), *(len(r) for r in t.rows)])
    if ncols == 0:
        return []
    avail = story.frame_width - nest.left - nest.right
    narrowest = least_column(story.size)
    if ncols * narrowest > avail:
        fit = int(avail // narrowest)
        raise InputError(
            f"table with {ncols} columns is too wide for the PDF page (at most {fit} fit)",
            line=t.line or None,
        )
    s = 0.92 * story.size
    data = _cells(story, t, ncols, s, CELL_PAD)
    least = sum(_min_content(data, c) for c in range(ncols))
    if least > avail:
        # Too many columns for their longest words: set the table smaller (text and
        # padding, down to 60 %), as a book does with a wide table, rather than cut words.
        scale = max(MIN_SCALE, avail / least)
        data = _cells(story, t, ncols, s * scale, CELL_PAD * scale)
    widths = column_widths(data, avail, story.size)
    header_rows = 1 if t.header else 0
    style: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        # Our flows draw the text; naming an embedded face keeps reportlab's default
        # Helvetica (selected, never drawn) out of the PDF's font list.
        ("FONTNAME", (0, 0), (-1, -1), story.fonts.face("serif").name),
    ]
    if header_rows:
        style.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_BG))

    def make(rows: list[list[Any]]) -> Table:
        flow = Table(rows, colWidths=widths, repeatRows=header_rows, hAlign="LEFT", splitInRow=1)
        flow.setStyle(TableStyle(style))
        return flow

    flow = RowWindow(make, data[:header_rows], data[header_rows:])
    flow.spaceBefore, flow.spaceAfter = 0.4 * story.size, 0.9 * story.size
    return [flow]


def _cells(story: Story, t: TableBlock, ncols: int, s: float, pad: float) -> list[list[TextFlow]]:
    aligns = [*t.align, *[None] * ncols][:ncols]

    def cell(inlines: Inlines, col: int, head: bool) -> TextFlow:
        align = aligns[col] or "left"
        # The side padding lives in the flow, not the table: reportlab splits a row with the
        # padded width but draws it with the inner one, so a split cell repeated a line.
        para = Para(s, s * 1.5, align, left=pad, right=pad)
        return story.text_flow(inlines, Span("sans" if head else "serif", s), t.line, para)

    def row(cells: tuple[Inlines, ...], head: bool) -> list[TextFlow]:
        padded = [*cells, *[()] * (ncols - len(cells))]
        return [cell(c, i, head) for i, c in enumerate(padded)]

    data = [row(t.header, True)] if t.header else []
    return data + [row(r, False) for r in t.rows]


MIN_CONTENT_CAP = 10.0  # ems: a longer unbreakable run (a URL) may be cut instead
MIN_SCALE = 0.6  # of the table's text size, for a table too wide for its longest words


def _min_content(data: list[list[TextFlow]], col: int) -> float:
    """The narrowest the column can be without cutting a word: its longest unbreakable run
    (a Latin word, a number, a character with the marks kinsoku keeps with it), padded."""
    longest = 0.0
    for r in data:
        flow = r[col]
        text, widths = flow.rich.text, flow.rich.widths
        cap = MIN_CONTENT_CAP * flow.para.size
        run = 0.0
        for i, ch in enumerate(text):
            if ch == "\n" or (i and ch not in SPACES and may_break(text, i)):
                longest = max(longest, min(run, cap))
                run = 0.0
            if ch not in SPACES and ch != "\n":
                run += widths[i]
            elif ch in SPACES:
                longest = max(longest, min(run, cap))
                run = 0.0
        longest = max(longest, min(run, cap))
    pad = data[0][col].para.left + data[0][col].para.right
    return longest + pad + 1


class RowWindow(Flowable):
    """A table set a page at a time. reportlab's ``Table`` measures every row it holds each
    time it splits, once per page, so a table of n rows cost n x pages (a 100,000-cell table
    ran for minutes). This flowable gives reportlab a ``Table`` of only the rows that can
    reach the current page (about a page more than last time, doubled until it overflows),
    and carries the rest, header first, to the next page. Drawn, it is the same table.

    The rows still to set are ``carried`` (what reportlab left of the last page's window: a
    split row's tail and rows that did not fit) then ``rows[start:]``: the table's row list
    is shared by every page's window, never copied (a copy of the rest per page made a long
    table quadratic again: 525,000 rows, ~13,000 pages)."""

    def __init__(
        self,
        make: Callable[[list[list[Any]]], Table],
        header: list[list[Any]],
        rows: list[list[Any]],
        hint: int = 32,
        *,
        start: int = 0,
        carried: list[list[Any]] | None = None,
    ) -> None:
        super().__init__()
        self.make, self.header, self.rows, self.hint = make, header, rows, hint
        self.start, self.carried = start, carried or []
        self._table: Table | None = None

    def _left(self) -> int:
        return len(self.carried) + len(self.rows) - self.start

    def _window(self, n: int) -> Table:
        more = self.rows[self.start : self.start + max(0, n - len(self.carried))]
        return self.make(self.header + self.carried[:n] + more)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        n = min(self._left(), self.hint)
        self._table = self._window(n)
        width, height = self._table.wrap(availWidth, availHeight)
        if n < self._left():  # more rows than were measured: they cannot all fit
            height = max(height, availHeight + 1)
        self.width, self.height = width, height
        return width, height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        left = self._left()
        n = min(left, self.hint)
        while True:
            table = self._window(n)
            parts: list[Flowable] = table.split(availWidth, availHeight)
            if len(parts) != 1 or n >= left:
                break
            n = min(left, 2 * n)  # the window fitted whole: take more rows
        if not parts:
            return []  # not even one row fits here: the next frame
        first = parts[0]
        first.spaceBefore, first.spaceAfter = self.spaceBefore, 0
        carried = parts[1]._cellvalues[len(self.header) :] if len(parts) > 1 else []  # type: ignore[attr-defined]
        if not carried and n >= left:
            first.spaceAfter = self.spaceAfter
            return [first]
        used = n - len(carried)  # rows set on this page (a split row counts as set)
        follow = RowWindow(
            self.make,
            self.header,
            self.rows,
            max(8, used + used // 2 + 2),
            start=self.start + max(0, n - len(self.carried)),
            carried=[*carried, *self.carried[n:]],
        )
        follow.spaceBefore, follow.spaceAfter = 0, self.spaceAfter
        return [first, follow]

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        assert self._table is not None, "drawn before it was wrapped"
        self._table.drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]


def column_widths(data: list[list[TextFlow]], avail: float, size: float) -> list[float]:
    """Column widths as browsers and word processors choose them: natural (one line per
    cell) when that fits; else every column at least its longest word, and what is left
    shared in proportion to how much wider each would like to be; a table too wide even for
    its longest words gets them in proportion (the words are then cut)."""
    ncols = len(data[0])
    least = least_column(size)
    pad = data[0][0].para.left + data[0][0].para.right
    natural = [
        max(max(sum(r[c].rich.widths) for r in data) + pad + 1, 3 * data[0][c].para.size)
        for c in range(ncols)
    ]
    if sum(natural) <= avail:
        return natural
    mins = [max(_min_content(data, c), least) for c in range(ncols)]
    maxs = [max(n, m) for n, m in zip(natural, mins, strict=True)]
    if sum(mins) <= avail:
        spare = avail - sum(mins)
        want = sum(mx - mn for mx, mn in zip(maxs, mins, strict=True))
        return [mn + spare * (mx - mn) / want for mx, mn in zip(maxs, mins, strict=True)]
    total = sum(m - least for m in mins)
    spare = avail - least * ncols
    return [least + spare * (m - least) / total if total else avail / ncols for m in mins]
