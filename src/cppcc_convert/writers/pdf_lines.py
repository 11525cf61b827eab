"""The lines a text block breaks into: ``Line``, and for a long text ``LineTable``, the same
lines in five arrays.

A named tuple and its four numbers take ~170 B a line; a code block of 1.5 M lines held
250 MB of them for the whole of its setting. The table keeps 33 B a line. It is also what a
block split across pages keeps of the lines still to set: a view of a stretch of the same
arrays, where a list's ``lines[n:]`` copied all the rest once a page (quadratic in pages).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from typing import NamedTuple, overload


class Line(NamedTuple):
    """Characters ``[start, end)`` of the text; ``width`` is their width in points as drawn
    (``trim`` less than their advances when the last character is set narrower to fit).
    A named tuple: built for every line, it costs a third of a frozen dataclass."""

    start: int
    end: int
    width: float
    hard: bool  # ends at a forced break or at the end of the text: never justified
    trim: float = 0.0


Columns = tuple["array[int]", "array[int]", "array[float]", "array[int]", "array[float]"]


class LineTable(Sequence[Line]):
    """Lines in five arrays (start, end, width, hard, trim), or a view of a stretch of
    another table's (``lo``..``hi``): items are ``Line`` tuples, made when read, equal to
    the ones a list would hold. Only a whole table (not a view) is appended to."""

    __slots__ = ("_cols", "_hi", "_lo")

    def __init__(self, cols: Columns | None = None, lo: int = 0, hi: int | None = None) -> None:
        self._cols: Columns = cols or (
            array("q"),
            array("q"),
            array("d"),
            array("b"),
            array("d"),
        )
        self._lo, self._hi = lo, hi  # hi None: to the end of the arrays

    def append(self, line: Line) -> None:
        if self._lo or self._hi is not None:
            raise TypeError("a view of a line table is not appended to")
        for column, value in zip(self._cols, line, strict=True):
            column.append(value)  # type: ignore[attr-defined]

    def __len__(self) -> int:
        hi = len(self._cols[0]) if self._hi is None else self._hi
        return hi - self._lo

    def _index(self, i: int) -> int:
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("line index out of range")
        return self._lo + i

    @overload
    def __getitem__(self, i: int) -> Line: ...
    @overload
    def __getitem__(self, i: slice) -> LineTable: ...
    def __getitem__(self, i: int | slice) -> Line | LineTable:
        if isinstance(i, slice):
            start, stop, step = i.indices(len(self))
            if step != 1:
                raise ValueError("a line table is sliced in steps of one")
            return LineTable(self._cols, self._lo + start, self._lo + max(start, stop))
        k = self._index(i)
        s, e, w, h, t = self._cols
        return Line(s[k], e[k], w[k], bool(h[k]), t[k])

    def __setitem__(self, i: int, line: Line) -> None:
        k = self._index(i)
        for column, value in zip(self._cols, line, strict=True):
            column[k] = value  # type: ignore[index]

    def __iter__(self) -> Iterator[Line]:
        for k in range(self._lo, self._lo + len(self)):
            s, e, w, h, t = self._cols
            yield Line(s[k], e[k], w[k], bool(h[k]), t[k])


Lines = list[Line] | LineTable
