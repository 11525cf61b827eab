"""Tables for the PDF: one ``TextFlow`` per cell inside a platypus ``Table`` that splits across
pages between rows (and inside a tall row) and repeats its header row on every page. Past its
first ``KEPT_CELLS`` cells, a cell's flow is made twice: once to measure the columns (then
dropped), once when the page's window of rows reaches it (dropped after the page), so a long
table holds flows for about a page of rows."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
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
    s, pad = 0.92 * story.size, CELL_PAD
    cells = _Cells(story, t, ncols, s, pad)
    cols = _measure(cells)
    least = sum(c.least for c in cols)
    if least > avail:
        # Too many columns for their longest words: set the table smaller (text and
        # padding, down to 60 %), as a book does with a wide table, rather than cut words.
        scale = max(MIN_SCALE, avail / least)
        cells = _Cells(story, t, ncols, s * scale, pad * scale)
        cols = _measure(cells)
    widths = column_widths(cols, avail, story.size)
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

    flow = RowWindow(make, cells.head, cells)
    flow.spaceBefore, flow.spaceAfter = 0.4 * story.size, 0.9 * story.size
    return [flow]


KEPT_CELLS = 16_384  # cells whose flows the measuring pass keeps for the layout (~45 MB)


class Cell(TextFlow, Flowable):  # type: ignore[misc]  # the stubs type the base loosely
    """A cell's text: a ``TextFlow`` that is also a platypus ``Flowable`` (``Table`` tells
    flowables from values by ``isinstance``); ``TextFlow``'s methods come first."""


class _Cells:
    """A table's cells as flows. The measuring pass makes every cell's flow and keeps the
    header's and those of the first ``KEPT_CELLS`` cells (a table of normal size is made
    once); the rest are made when a page's window of rows reaches them. Every row's flows
    are dropped once the window has passed it (a flow per cell for the whole table was
    ~2.8 KB a cell before the first page: 10 GB for a 50 MiB table)."""

    def __init__(self, story: Story, t: TableBlock, ncols: int, s: float, pad: float) -> None:
        self.story, self.t, self.ncols, self.s, self.pad = story, t, ncols, s, pad
        self.aligns = [*t.align, *[None] * ncols][:ncols]
        self.head: list[list[TextFlow]] = []
        self._built: dict[int, list[TextFlow]] = {}  # body rows of the latest window

    def cell(self, inlines: Inlines, col: int, head: bool) -> TextFlow:
        s, pad = self.s, self.pad
        # The side padding lives in the flow, not the table: reportlab splits a row with the
        # padded width but draws it with the inner one, so a split cell repeated a line.
        para = Para(s, s * 1.5, self.aligns[col] or "left", left=pad, right=pad)
        span = Span("sans" if head else "serif", s)
        return self.story.text_flow(inlines, span, self.t.line, para, flow=Cell)

    def row(self, cells: tuple[Inlines, ...], head: bool) -> list[TextFlow]:
        padded = [*cells, *[()] * (self.ncols - len(cells))]
        return [self.cell(c, i, head) for i, c in enumerate(padded)]

    def all(self) -> Iterator[list[TextFlow]]:
        """Every row, header first, each made afresh (the measuring pass)."""
        self.head = [self.row(self.t.header, True)] if self.t.header else []
        yield from self.head
        keep = KEPT_CELLS // self.ncols
        for i, cells in enumerate(self.t.rows):
            r = self.row(cells, False)
            if i < keep:
                self._built[i] = r
            yield r

    def __len__(self) -> int:
        return len(self.t.rows)

    def __getitem__(self, span: slice) -> list[list[TextFlow]]:
        """Body rows ``span`` (a window moves only forward: rows before it are dropped; a
        row asked for again is the same flows while it stays in the window)."""
        lo, hi, _ = span.indices(len(self.t.rows))
        built = self._built
        for i in [i for i in built if i < lo]:
            del built[i]
        for i in range(lo, hi):
            if i not in built:
                built[i] = self.row(self.t.rows[i], False)
        return [built[i] for i in range(lo, hi)]


MIN_CONTENT_CAP = 10.0  # ems: a longer unbreakable run (a URL) may be cut instead
MIN_SCALE = 0.6  # of the table's text size, for a table too wide for its longest words


class _Column:
    """What the column widths need of a column's cells: the widest cell set on one line,
    the longest unbreakable run, their padding and text size (those of the first row)."""

    __slots__ = ("longest", "natural", "pad", "size")

    def __init__(self, first: TextFlow) -> None:
        self.natural, self.longest = -math.inf, 0.0  # as max() over the cells would start
        self.pad, self.size = first.para.left + first.para.right, first.para.size

    @property
    def least(self) -> float:
        """The narrowest the column can be without cutting a word, padded."""
        return self.longest + self.pad + 1


def _measure(cells: _Cells) -> list[_Column]:
    """Every cell measured once (``_Cells.all``: flows past the first ``KEPT_CELLS`` are
    dropped after this and made again, a page's rows at a time, when the table is set)."""
    cols: list[_Column] = []
    for r in cells.all():
        if not cols:
            cols = [_Column(flow) for flow in r]
        for col, flow in zip(cols, r, strict=True):
            col.natural = max(col.natural, sum(flow.rich.widths))
            col.longest = max(col.longest, _longest_run(flow))
    return cols


def _longest_run(flow: TextFlow) -> float:
    """A cell's longest unbreakable run (a Latin word, a number, a character with the marks
    kinsoku keeps with it), each capped at ``MIN_CONTENT_CAP`` ems."""
    text, widths = flow.rich.text, flow.rich.widths
    cap = MIN_CONTENT_CAP * flow.para.size
    longest = run = 0.0
    for i, ch in enumerate(text):
        if ch == "\n" or (i and ch not in SPACES and may_break(text, i)):
            longest = max(longest, min(run, cap))
            run = 0.0
        if ch not in SPACES and ch != "\n":
            run += widths[i]
        elif ch in SPACES:
            longest = max(longest, min(run, cap))
            run = 0.0
    return max(longest, min(run, cap))


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
        rows: _Cells,
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


def column_widths(cols: list[_Column], avail: float, size: float) -> list[float]:
    """Column widths as browsers and word processors choose them: natural (one line per
    cell) when that fits; else every column at least its longest word, and what is left
    shared in proportion to how much wider each would like to be; a table too wide even for
    its longest words gets them in proportion (the words are then cut)."""
    ncols = len(cols)
    least = least_column(size)
    pad = cols[0].pad
    natural = [max(c.natural + pad + 1, 3 * c.size) for c in cols]
    if sum(natural) <= avail:
        return natural
    mins = [max(c.least, least) for c in cols]
    maxs = [max(n, m) for n, m in zip(natural, mins, strict=True)]
    if sum(mins) <= avail:
        spare = avail - sum(mins)
        want = sum(mx - mn for mx, mn in zip(maxs, mins, strict=True))
        return [mn + spare * (mx - mn) / want for mx, mn in zip(maxs, mins, strict=True)]
    total = sum(m - least for m in mins)
    spare = avail - least * ncols
    return [least + spare * (m - least) / total if total else avail / ncols for m in mins]
