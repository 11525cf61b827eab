"""Standalone HTML writer: one self-contained page (inline CSS, images as data: URIs).

The page is polyglot XHTML: an HTML parser and an XML parser read the same tree.
"""

from __future__ import annotations

import base64

from ..model import Document
from ..resources import load_image
from . import WriteContext
from .xhtml import Renderer, attr, load_css, page

GENERATOR = "cppcc-convert"


class _DataImages:
    """Embeds each image once (by resolved path) as a data: URI."""

    def __init__(self, ctx: WriteContext) -> None:
        self.ctx = ctx
        self.uris: dict[str, str] = {}

    def __call__(self, src: str, line: int) -> str | None:
        image = load_image(src, self.ctx, line or None)
        if image is None:
            return None
        key = str(image.path)
        if key not in self.uris:
            payload = base64.b64encode(image.data).decode("ascii")
            self.uris[key] = f"data:{image.media_type};base64,{payload}"
        return self.uris[key]


def _head(doc: Document, css: str) -> str:
    meta = doc.meta
    lines = ['<meta name="viewport" content="width=device-width, initial-scale=1"/>']
    names = "、".join(a.name for a in meta.authors if a.name.strip())
    if names:
        lines.append(f'<meta name="author" content="{attr(names)}"/>')
    if meta.date:
        lines.append(f'<meta name="date" content="{attr(meta.date)}"/>')
    lines.append(f'<meta name="generator" content="{GENERATOR}"/>')
    # CSS holds no "<" or "&", so it needs no CDATA section to be both HTML and XML
    lines.append(f"<style>\n{css}</style>")
    return "\n".join(lines) + "\n"


def write(doc: Document, ctx: WriteContext) -> bytes:
    """The document as one UTF-8 HTML page."""
    vertical = ctx.options.vertical
    renderer = Renderer(_DataImages(ctx), allow_relative_links=True, tcy=vertical)
    title = doc.meta.title.strip() or "未命名"
    header = renderer.title_block(doc.meta, title)
    body = f"{header}<main>\n{renderer.blocks(doc.blocks)}</main>\n"
    css = load_css(vertical)
    if not vertical:  # a web page, unlike a reading system, has no page width of its own
        css += "\nbody {\n  max-width: 38em;\n  margin: 0 auto;\n  padding: 0 1em;\n}\n"
    text = page(title=title, lang=doc.meta.lang or "zh-CN", body=body, head=_head(doc, css))
    return text.encode("utf-8")
