"""The DOCX body serialised a piece at a time: no lxml tree of the whole body is ever built.

The body writer hands over its XML every few thousand pieces (a paragraph is one, or each
of its runs; a table cell one), between two body-level elements, between two rows of a
table or between two runs of a paragraph. Each piece is
parsed as python-docx parses a part (``parse_xml``: the same parser, so the same text nodes
kept) inside a ``w:body`` that declares our prefixes, serialised as python-docx serialises a
part (UTF-8) and kept as bytes without that wrapper: the text the same elements have when
the whole document is serialised as one tree, since they refer to the same prefixes and
declare none themselves. The main part holds a placeholder element where the pieces go
(``MARK``); when the package is written, the part's serialised text is cut there and the
pieces are put in (``ziputil.pack_zip`` takes an entry as a list of pieces and deflates them
as they come).

The tree of a whole body took ~1.5 KB per tiny paragraph (~2.7 KB per table cell), the
body's text and its serialised copy ~400 B more; what is held now is the serialised bytes
(~100 B per tiny paragraph) and one piece's tree.
"""

from __future__ import annotations

from typing import Literal

from ..spool import Spool
from .docx_xml import NSDECL

# Where the body writer's XML stands when it offers it: between two body-level elements,
# between two rows of a table, just after a table (taken only if the table was cut), between
# two runs of a paragraph, or just after a paragraph (taken only if the paragraph was cut).
Cut = Literal["element", "row", "table-end", "run", "para-end"]

MARK = "cppcc-body-mark"  # the placeholder element's name (no namespace)
MARK_BYTES = f"<{MARK}/>".encode()
FLUSH = 2048  # pieces of body XML (a paragraph or a run is one) before they are serialised
_OPEN = f"<w:body {NSDECL}>"
_CLOSE = b"</w:body>"
# what a cut inside an element leaves open (the next piece is parsed inside it) and closes
_LEAD = {"row": "<w:tbl>", "run": "<w:p>"}
_END = {"row": "</w:tbl>", "run": "</w:p>"}


class BodyChunks:
    """The body's serialised pieces, in order; called with the writer's list of XML pieces,
    which it empties. A large table is cut between rows, a long paragraph between runs: the
    piece that opens it is parsed with a closing tag added, the next ones inside an opening
    tag, and those tags are cut off again (``lead``: the opening tag of the table or
    paragraph that is cut and not yet closed, else empty)."""

    def __init__(self) -> None:
        self.chunks = Spool()  # a large body's XML held deflated (spool.py)
        self.lead = ""

    def __call__(self, out: list[str], cut: Cut) -> None:
        if cut in ("table-end", "para-end") and not self.lead:
            return  # a whole table or paragraph stays with what follows
        xml = "".join(out)
        out.clear()
        if xml:
            self.chunks.write(serialise(xml, self.lead, _END.get(cut, "")))
        self.lead = _LEAD.get(cut, "")


def serialise(xml: str, lead: str = "", close: str = "") -> bytes:
    """Body-level elements as python-docx would write them inside the main part; ``lead``
    and ``close``, tags that open and close what ``xml`` leaves open, are parsed with it and
    cut off the text again."""
    from docx.oxml.parser import parse_xml
    from lxml import etree

    root = parse_xml(_OPEN + lead + xml + close + "</w:body>")
    data: bytes = etree.tostring(root, encoding="UTF-8")
    start = data.index(b">") + 1 + len(lead)
    end = len(data) - len(_CLOSE) - len(close)
    cut_off = data[start - len(lead) : start], data[end : end + len(close)]
    if cut_off != (lead.encode(), close.encode()):
        raise AssertionError("a cut table or paragraph was serialised with other tags")
    return data[start:end]


def splice(blob: bytes, chunks: Spool) -> Spool:
    """The main part's serialised text with the pieces in place of the placeholder (a spool
    around the body's blocks: nothing is copied or inflated)."""
    head, mark, tail = blob.partition(MARK_BYTES)
    if not mark:
        raise AssertionError("the main part lost the body's placeholder")
    chunks.close()
    blocks = [(False, head), *chunks.blocks, (False, tail)]
    return Spool(blocks, len(head) + chunks.size + len(tail))
