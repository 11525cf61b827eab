"""The DOCX body serialised a piece at a time: no lxml tree of the whole body is ever built.

The body writer hands over its XML every few thousand body-level elements (paragraphs and
tables, between two of them). Each piece is parsed as python-docx parses a part
(``parse_xml``: the same parser, so the same text nodes kept) inside a ``w:body`` that declares
our prefixes, serialised as python-docx serialises a part (UTF-8) and kept as bytes without
that wrapper: the text the same elements have when the whole document is serialised as one
tree, since they refer to the same prefixes and declare none themselves. The main part holds
a placeholder element where the pieces go (``MARK``); when the package is written, the
part's serialised text is cut there and the pieces are put in (``ziputil.pack_zip`` takes an
entry as a list of pieces and deflates them as they come).

The tree of a whole body took ~1.5 KB per tiny paragraph, the body's text and its serialised
copy ~400 B more; what is held now is the serialised bytes (~110 B per tiny paragraph) and one
piece's tree.
"""

from __future__ import annotations

from .docx_xml import NSDECL

MARK = "cppcc-body-mark"  # the placeholder element's name (no namespace)
MARK_BYTES = f"<{MARK}/>".encode()
FLUSH = 2048  # pieces of body XML (a paragraph is one) before they are serialised
_OPEN = f"<w:body {NSDECL}>"
_CLOSE = b"</w:body>"


class BodyChunks:
    """The body's serialised pieces, in order; called with the writer's list of XML pieces
    (complete body-level elements), which it empties."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def __call__(self, out: list[str]) -> None:
        xml = "".join(out)
        out.clear()
        if xml:
            self.chunks.append(serialise(xml))


def serialise(xml: str) -> bytes:
    """Body-level elements as python-docx would write them inside the main part."""
    from docx.oxml.parser import parse_xml
    from lxml import etree

    data: bytes = etree.tostring(parse_xml(_OPEN + xml + "</w:body>"), encoding="UTF-8")
    return data[data.index(b">") + 1 : -len(_CLOSE)]


def splice(blob: bytes, chunks: list[bytes]) -> list[bytes]:
    """The main part's serialised text with the pieces in place of the placeholder."""
    head, mark, tail = blob.partition(MARK_BYTES)
    if not mark:
        raise AssertionError("the main part lost the body's placeholder")
    return [head, *chunks, tail]
