"""Standalone HTML writer: one self-contained page (inline CSS, images as data: URIs).

The page is polyglot XHTML: an HTML parser and an XML parser read the same tree.
"""

from __future__ import annotations

import base64

from ..model import Document
from ..spool import Spool
from . import WriteContext, xhtml_official
from .common import xml_attr
from .official_layout import heading_levels, is_official
from .xhtml import Renderer, load_css, page_parts

GENERATOR = "cppcc-convert"


class _DataImages:
    """Embeds images as data: URIs; every embedding counts against the document's image
    budget, since the page repeats the bytes each time."""

    def __init__(self, ctx: WriteContext) -> None:
        self.ctx = ctx
        self.uris: dict[str, str] = {}

    def __call__(self, src: str, line: int) -> str | None:
        image = self.ctx.image(src, line, repeat_costs=True)
        if image is None:
            return None
        uri = self.uris.get(image.key)
        if uri is None:
            payload = base64.b64encode(image.data).decode("ascii")
            uri = self.uris[image.key] = f"data:{image.media_type};base64,{payload}"
        return uri


def _head(doc: Document, css: str) -> str:
    meta = doc.meta
    lines = ['<meta name="viewport" content="width=device-width, initial-scale=1"/>']
    names = "、".join(a.name for a in meta.authors if a.name.strip())
    if names:
        lines.append(f'<meta name="author" content="{xml_attr(names)}"/>')
    if meta.date:
        lines.append(f'<meta name="date" content="{xml_attr(meta.date)}"/>')
    lines.append(f'<meta name="generator" content="{GENERATOR}"/>')
    # CSS holds no "<" or "&", so it needs no CDATA section to be both HTML and XML
    lines.append(f"<style>\n{css}</style>")
    return "\n".join(lines) + "\n"


def write(doc: Document, ctx: WriteContext) -> bytes:
    """The document as one UTF-8 HTML page."""
    return write_spooled(doc, ctx).getvalue()


def write_spooled(doc: Document, ctx: WriteContext) -> Spool:
    """``write``'s bytes in a spool (the writer table's entry): the blocks are rendered a few
    hundred at a time and encoded as they come (a 50 MB table's page is ~1 GB of text)."""
    vertical = ctx.options.vertical
    official = is_official(doc)
    renderer = Renderer(_DataImages(ctx), ctx.link, tcy=vertical)
    title = doc.meta.title.strip() or ctx.locale.labels.untitled
    if official:
        renderer.official_levels = heading_levels(doc)
        header = xhtml_official.head(renderer, doc)
    else:
        header = renderer.title_block(doc.meta, title)
    css = load_css(vertical, official)
    if not vertical:  # a web page, unlike a reading system, has no page width of its own
        css += "\nbody {\n  max-width: 38em;\n  margin: 0 auto;\n  padding: 0 1em;\n}\n"
    start, end = page_parts(title=title, locale=ctx.locale, head=_head(doc, css), official=official)
    out = Spool()
    out.write(f"{start}{header}<main>\n".encode())
    for piece in renderer.block_pieces(doc.blocks):
        out.write(piece.encode("utf-8"))
    # the official tail after the blocks, in page order, as the renderer always met them
    tail = xhtml_official.tail(renderer, doc) if official else ""
    out.write(f"{tail}</main>\n{end}".encode())
    out.close()
    return out
