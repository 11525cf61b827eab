"""The source's lines, as the repairs and the reader's checks look them up by number.

A list of the lines holds a string object per line (~60 B and more, each): 4 million short
lines of a 50 MB input held over 600 MB for the whole read (issue 19). ``SourceLines`` keeps
the text and where each line starts (8 B a line) and cuts a line out when it is asked for.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import accumulate
from typing import overload


class SourceLines(Sequence[str]):
    """``text.split("\\n")``, read by index: ``lines[n - 1]`` is line ``n``."""

    __slots__ = ("_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        # the line lengths from one split (its strings go at once), each line's start after
        self._starts = array("q", accumulate((len(s) + 1 for s in text.split("\n")), initial=0))

    def __len__(self) -> int:
        return len(self._starts) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("line index out of range")
        return self._text[self._starts[i] : self._starts[i + 1] - 1]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SourceLines):
            return self._text == other._text
        return isinstance(other, list) and list(self) == other

    __hash__ = None  # type: ignore[assignment]  # equal to a list, so not hashable either
