"""One table of very many cells (issue 19, "under 2 GB at the 50 MB limit"): the EPUB
chapter holding it goes to the ZIP writer a window of rows at a time, and the identifier's
text is made a batch of rows at a time.

The oracles: the table's XHTML written out here from the model's cells, the book with
nothing cut (pieces larger than the table), and the identifier of the whole model's JSON
text (``epub_helpers.whole_model_id``)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pytest

import cppcc_convert
import cppcc_convert.writers.epub as epub_writer
import cppcc_convert.writers.epub_id as epub_id
from cppcc_convert.model import Align, Document, Emph, Inlines, Meta, Paragraph, Quote, Table, Text
from cppcc_convert.options import Options
from cppcc_convert.writers.epub_id import content_identifier
from cppcc_convert.writers.xhtml import Renderer
from epub_helpers import whole_model_id

ALIGN: tuple[Align, ...] = ("left", None, "right", "center")
WHOLE = 10**9  # pieces larger than any table: nothing is cut


def _table(rows: int) -> Table:
    """A 4-column table of plain, distinct cells; every 7th row is one cell short."""
    body = tuple(
        tuple((Text(f"第{r}行{c}列"),) for c in range(3 if r % 7 == 0 else 4)) for r in range(rows)
    )
    return Table(tuple((Text(f"列{c}"),) for c in range(4)), body, ALIGN)


def _expected_xhtml(table: Table) -> str:
    """The table's XHTML as the renderer has always written it, from the cells' text."""

    def row(cells: Sequence[Inlines], tag: str) -> str:
        out = []
        for n, align in enumerate(ALIGN):
            text = cells[n][0].text if n < len(cells) else ""  # type: ignore[union-attr]
            cls = f' class="align-{align}"' if align else ""
            out.append(f"<{tag}{cls}>{text}</{tag}>")
        return "<tr>" + "".join(out) + "</tr>\n"

    head = "<thead>\n" + row(table.header, "th") + "</thead>\n"
    body = "".join(row(r, "td") for r in table.rows)
    return f"<table>\n{head}<tbody>\n{body}</tbody>\n</table>\n"


def _chapter_pieces(monkeypatch: pytest.MonkeyPatch, doc: Document) -> tuple[bytes, list[bytes]]:
    """The EPUB, and the pieces of its one chapter as handed to ``pack_zip``."""
    seen: dict[str, list[bytes]] = {}
    pack = epub_writer.pack_zip

    def keep(entries: Sequence[tuple[str, Any]], *args: Any, **kwargs: Any) -> bytes:
        seen.update((name, [d] if isinstance(d, bytes) else list(d)) for name, d in entries)
        return pack(entries, *args, **kwargs)

    monkeypatch.setattr(epub_writer, "pack_zip", keep)
    data = cppcc_convert.render(doc, "epub", options=Options(max_table_cells=10**9))
    return data, seen["EPUB/c001.xhtml"]


def test_large_table_goes_to_the_zip_in_bounded_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """20,000 rows (80,000 cells, ~2.5 MB of XHTML): no piece holds more than a few thousand
    cells, and the pieces joined hold the table exactly as written whole."""
    table = _table(20_000)
    doc = Document(Meta(title="大表"), (Paragraph((Text("前"),)), table, Paragraph((Text("后"),))))
    data, pieces = _chapter_pieces(monkeypatch, doc)
    member = b"".join(pieces)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.read("EPUB/c001.xhtml") == member
    expected = _expected_xhtml(table).encode("utf-8")
    assert member.count(expected) == 1 and member.count(b"<table>") == 1
    assert b"<p>\xe5\x89\x8d</p>\n<table>" in member  # the paragraphs around it, in order
    assert expected + b"<p>\xe5\x90\x8e</p>" in member
    big = max(len(p) for p in pieces)
    assert len(member) > 2_000_000 and big < 100_000, (big, len(member))  # ~2,048 cells: 64 KB


@pytest.mark.parametrize("batch", [1, 4, 512])
def test_book_with_tables_in_pieces_is_the_uncut_book(
    monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    """Tables of every size around the window (one row more or less), ragged, headerless,
    wide, of markup, in a quote (not cut), first and last: the same book, cut or not."""
    small, wide = _table(3), Table((), tuple(((Text(f"{r}"),),) * 26 for r in range(300)))
    marked = Table((), tuple(((Emph((Text("a<b&"),)),), ()) for _ in range(200)), ("right",))
    sizes = [_table(n) for n in (511, 512, 513, 2000)]
    blocks = (_table(700), small, *sizes, wide, marked, Quote((_table(600),)), _table(900))
    doc = Document(Meta(title="表"), blocks)
    monkeypatch.setattr(Renderer.block_pieces, "__defaults__", (WHOLE,))
    whole, uncut = _chapter_pieces(monkeypatch, doc)
    assert len(uncut) == 3  # the page's start, its body whole, its end
    monkeypatch.setattr(Renderer.block_pieces, "__defaults__", (batch,))
    data, pieces = _chapter_pieces(monkeypatch, doc)
    assert data == whole
    assert len(pieces) > 2 + 2000 * 4 // (4 * batch)  # the 2,000-row table alone is cut


def test_identifier_of_large_tables_is_that_of_the_whole_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The identifier's text, a large table's rows dumped a batch at a time, is the whole
    model's: headerless, ragged, empty cells, the rows' key as cell text, aligned or not,
    first, last, among short blocks; and no table of more than one batch is dumped whole."""
    key = (Text('"rows": []'),)
    cells: tuple[Inlines, ...] = ((Text("行"),), key, (), (Emph((Text("x"),)),))
    rows = tuple(((Text(f"行{i}"),), *cells[1 : 1 + i % 4]) for i in range(700))
    table = Table((key, (), (Text("乙"),)), rows, ("left", None, "right"))
    cases = [
        (table,),
        (Paragraph((Text("前"),)), replace(table, header=(), align=()), Paragraph((Text("后"),))),
        (Paragraph((Text("前"),)),) * 300 + (_table(257), _table(256)),
        (_table(3000), Quote((table,)), table),
    ]
    largest: list[int] = []
    real = epub_id.block_to_dict

    def record(block: Any) -> dict[str, Any]:
        if isinstance(block, Table):
            largest.append(len(block.rows))
        return real(block)

    monkeypatch.setattr(epub_id, "block_to_dict", record)
    for blocks in cases:
        for vertical in (False, True):
            doc = Document(Meta(title="题"), blocks)
            assert content_identifier(doc, vertical) == whole_model_id(doc, vertical)
    assert 0 < max(largest) <= 256  # (a table in a quote goes with the quote, whole)
