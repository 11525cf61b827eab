"""Tables as XHTML for the shared renderer: whole, or a window of rows at a time.

A table is one block, however many cells it has: a pipe table of millions of cells was one
string in a book's chapter (and that string's bytes), so ``Renderer.block_pieces`` gives a
large one in pieces of a few thousand cells each, as it gives a long paragraph. The pieces
joined are the whole table's text: ``table`` is that join.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Inlines, Table

if TYPE_CHECKING:
    from .xhtml import Renderer


def columns(block: Table) -> int:
    """The table's width: its widest row (the header included); shorter rows are padded."""
    return max(len(block.header), max((len(r) for r in block.rows), default=0))


def window(block: Table, cells: int) -> int:
    """Rows per piece so that a piece holds about ``cells`` cells (at least one row)."""
    return max(1, cells // max(1, columns(block)))


def table(renderer: Renderer, block: Table) -> str:
    """The whole table as XHTML (nothing for a table without cells)."""
    return "".join(pieces(renderer, block, max(1, len(block.rows))))


def pieces(renderer: Renderer, block: Table, rows: int) -> Iterator[str]:
    """``table(renderer, block)`` in pieces: the opening tags and header, then ``rows`` body
    rows at a time, then the closing tags."""
    ncols = columns(block)
    if ncols == 0:
        return

    def row(cells: tuple[Inlines, ...], tag: str) -> str:
        out = []
        for n in range(ncols):
            cell = cells[n] if n < len(cells) else ()
            align = block.align[n] if n < len(block.align) else None
            cls = f' class="align-{align}"' if align else ""
            out.append(f"<{tag}{cls}>{renderer.inlines(cell)}</{tag}>")
        return f"<tr>{''.join(out)}</tr>\n"

    head = f"<thead>\n{row(block.header, 'th')}</thead>\n" if block.header else ""
    body = block.rows
    if not body:
        yield f"<table>\n{head}</table>\n"
        return
    yield f"<table>\n{head}<tbody>\n"
    for start in range(0, len(body), rows):
        yield "".join(row(r, "td") for r in body[start : start + rows])
    yield "</tbody>\n</table>\n"
