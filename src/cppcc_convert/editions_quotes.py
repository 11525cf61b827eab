"""Quotation marks for the Taiwan and Hong Kong editions: “…” ‘…’ → 「…」 『…』.

Marks are paired per block, across inline nodes, with a stack. The bracket depends on the
nesting depth, not on the source mark: the outermost pair becomes 「」, a pair inside it 『』,
a pair inside that 「」 again, alternating. So “a‘b’c” → 「a『b』c」 and ‘a“b”c’ → 「a『b』c」
too. A ’ between two Latin letters or digits (China’s) is an apostrophe, not a quote. When a
block's marks do not pair up (a stray or crossing mark), none of them is changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_OPENERS = {"“": "”", "‘": "’"}
_CLOSERS = {"”": "“", "’": "‘"}
_BRACKETS = (("「", "」"), ("『", "』"))
_MARKS = re.compile("[“”‘’]")


def _is_apostrophe(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return before.isascii() and before.isalnum() and after.isascii() and after.isalnum()


def localize_quotes(pieces: Sequence[str]) -> list[str] | None:
    """The pieces with their quotes localised, or None when the marks do not pair up.

    ``pieces`` are the texts of one block in reading order; each keeps its length.
    """
    text = "".join(pieces)
    marks = [(m.start(), m.group()) for m in _MARKS.finditer(text)]
    if not marks:
        return list(pieces)
    out = list(text)
    stack: list[int] = []
    for i, ch in marks:
        if ch in _OPENERS:
            stack.append(i)
        elif ch in _CLOSERS:
            if ch == "’" and _is_apostrophe(text, i):
                continue
            if not stack or text[stack[-1]] != _CLOSERS[ch]:
                return None
            start = stack.pop()
            opening, closing = _BRACKETS[len(stack) % 2]
            out[start], out[i] = opening, closing
    if stack:
        return None
    result: list[str] = []
    pos = 0
    for piece in pieces:
        result.append("".join(out[pos : pos + len(piece)]))
        pos += len(piece)
    return result
