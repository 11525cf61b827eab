"""A huge top-level table's tokens, a window of rows at a time (issue 19: markdown-it's tokens
for a table take ~1,470 B per cell, and a table has no blank line for a window to end at).

``md_tokens._windows`` calls ``table_windows`` when the text from a window's start to the next
blank line is much longer than a window. The first window's worth of lines is parsed alone;
unless its last top-level block is a table running to the end of those lines, nothing is
done (the caller parses the window whole, as before). Otherwise the blocks before the table
are yielded, then the table's rows a window at a time: each window is the table's header
and delimiter lines followed by the next rows, so that markdown-it reads the rows as they
are read in one parse. That holds because the GFM table rule decides every body row from the
row's own line alone (whether it ends the table: blank, a line a block-quote terminator rule
starts, indented code; its cells: split at unescaped pipes, padded or cut to the header's
columns, aligned by the delimiter row), but for one count across rows: the cells it pads
(``MAX_AUTOCOMPLETED_CELLS``, the table ends at the row that takes the total past it). That
total is kept here, over the whole table and within each window, with markdown-it's own
split: a window ends before a row that would take its own total past the limit, and the
table ends before the row that takes the whole table's past it.

The windows join into the token stream of one parse: the first ends after its last row (its
``tbody_close`` and ``table_close`` held back), the next ones hold only rows, the last ends
with the closing tokens; the line maps are the document's, and the table's and body's end
lines are set when the table ends (as markdown-it sets them when its rule ends). The block
reader reads a table across windows (``BlockReader.table``). A table over 1,000 columns is
not windowed.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.rules_block.table import MAX_AUTOCOMPLETED_CELLS, escapedSplit
from markdown_it.token import Token

MAX_COLUMNS = 1000

Windows = Generator[list[Token], None, "tuple[int, int] | None"]


def shift(tokens: list[Token], line: int) -> None:
    """Make the line maps of a window's tokens the document's."""
    if line:
        for tok in tokens:
            if tok.map is not None:
                tok.map = [tok.map[0] + line, tok.map[1] + line]


def table_windows(
    text: str, start: int, line: int, parsers: tuple[MarkdownIt, MarkdownIt], env: Any, size: int
) -> Windows:
    """The windows from ``start`` (document line ``line``) to the end of a long table that
    starts in the first ``size`` characters; returns where the table ends (character, line),
    or None, having yielded nothing, when there is no such table."""
    end = text.find("\n", start + size)
    end = len(text) if end < 0 else end + 1
    head = text[start:end]
    tokens = parsers[0 if start == 0 else 1].parse(head, env)
    lines = head.count("\n") + (0 if head.endswith("\n") else 1)
    top = _last_top(tokens)
    if top < 0 or tokens[top].type != "table_open" or tokens[top].map[1] < lines:  # type: ignore[index]
        return None
    columns = sum(1 for t in tokens[top:] if t.type == "th_open")
    header = tokens[top].map[0]  # type: ignore[index]
    pos = start
    for _ in range(header):
        pos = text.index("\n", pos) + 1
    rows = text.find("\n", text.index("\n", pos) + 1) + 1  # after the delimiter line
    if columns > MAX_COLUMNS or rows == 0:
        return None
    del tokens[top:]
    if tokens:
        shift(tokens, line)
        yield tokens
    del tokens
    return (yield from _rows(text, text[pos:rows], rows, line + header, parsers[1], env, size))


def _rows(
    text: str, prefix: str, pos: int, header: int, md: MarkdownIt, env: Any, size: int
) -> Windows:
    """The table's windows of rows from ``pos`` (the line after the delimiter row)."""
    columns = _cells(prefix[: prefix.index("\n")])
    row, padded = header + 2, 0  # the document line of the next row; cells padded so far
    table: list[Token] = []  # the first window's table_open and tbody_open
    closers: list[Token] = []
    while True:
        end, count, local, stop = pos, 0, 0, False
        while end < len(text) and (end - pos < size or count == 0):
            nl = text.find("\n", end)
            nxt = len(text) if nl < 0 else nl + 1
            pad = columns - _cells(text[end:nxt].rstrip("\n"))
            if padded + pad > MAX_AUTOCOMPLETED_CELLS:
                stop = True  # one parse ends the table at this row
                break
            if local + pad > MAX_AUTOCOMPLETED_CELLS:
                break  # this window would end it there: the next window starts with it
            padded, local, count, end = padded + pad, local + pad, count + 1, nxt
        tokens = md.parse(prefix + text[pos:end], env)
        close = next(i for i, t in enumerate(tokens) if t.type == "table_close" and t.level == 0)
        del tokens[close + 1 :]  # blocks after the table: parsed again by the next window
        last = tokens[0].map[1] - 2  # type: ignore[index]  # rows of this window in the table
        done = last < count or stop or end >= len(text)
        shift(tokens, row - 2)
        if table:
            body = [i for i, t in enumerate(tokens) if t.type in ("tbody_open", "tbody_close")]
            tokens = tokens[body[0] + 1 : body[1]] if body else []
            if done:
                tokens += closers
        else:
            table = [t for t in tokens if t.type in ("table_open", "tbody_open")]
            if not done:  # the closing tokens come with the table's last window
                closers = tokens[-2:]
                del tokens[-2:]
        yield tokens
        del tokens
        row += last
        if done:
            for tok in table:
                tok.map = [tok.map[0], row]  # type: ignore[index]
            for _ in range(last):  # where the line after the table starts
                nl = text.find("\n", pos)
                pos = len(text) if nl < 0 else nl + 1
            return pos, row
        pos = end


def _cells(line: str) -> int:
    """The cells markdown-it's table rule reads in a row's line (its own split)."""
    cells = escapedSplit(mdTrim(line.lstrip(" \t")))
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return len(cells)


def _last_top(tokens: list[Token]) -> int:
    """The index of the token that opens the last top-level block, or -1."""
    for i in range(len(tokens) - 1, -1, -1):
        if tokens[i].level == 0 and tokens[i].nesting >= 0:
            return i
    return -1
