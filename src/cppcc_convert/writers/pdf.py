"""The PDF writer (reportlab is imported here and in the ``pdf_*`` modules only).

Pages: A4 (default), A5 or Letter, with the text block a whole number of body characters wide
so pure-Chinese lines need no extra spacing. Page numbers in the footer, bookmarks from the
headings, document info and /Lang from the metadata, every font embedded, and the same bytes
on every run (reportlab's invariant mode, creation date from ``dates.build_time``).
"""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

from reportlab import rl_config

from ..dates import build_time
from ..model import Document, Figure, Paragraph, Table, inline_text
from ..walk import iter_blocks
from . import WriteContext
from .official_layout import is_official
from .pdf_canvas import canvas_maker
from .pdf_feed import Feed
from .pdf_flow import Spacer
from .pdf_layout import BOOK, Layout, footer


def write(
    doc: Document, ctx: WriteContext, layout: Layout | None = None, *, plain: bool | None = None
) -> bytes:
    """The document as PDF bytes, set in ``layout`` (by default the official-document
    layout for an official document, else the book layout).

    A book-layout document without tables or pictures is set by our own page loop
    (``pdf_plain``), without importing platypus; the rest, and whatever that loop leaves to
    platypus, by platypus (``pdf_pages``). Both write the same bytes. ``plain`` (tests):
    False sets the document with platypus, True requires our loop."""
    if layout is None:
        if is_official(doc):
            from .pdf_official import OFFICIAL

            layout = OFFICIAL
        else:
            layout = BOOK
    rl_config.useA85 = 0  # binary streams: smaller, and ASCII85 is slow pure Python here
    if (plain is None and type(layout) is Layout and _ordinary(doc)) or plain:
        from .pdf_plain import Unplain

        warned = len(ctx.diagnostics)
        try:
            return _set(doc, ctx, layout, True)
        except Unplain:
            if plain:
                raise
            del ctx.diagnostics[warned:]  # the story is made again, and warns again
    return _set(doc, ctx, layout, False)


def _ordinary(doc: Document) -> bool:
    """Whether the document has no table and no picture (set by platypus' flowables)."""
    return not any(
        isinstance(b, Table) or (isinstance(b, Figure) and b.image is not None)
        for b in iter_blocks(doc.blocks)
    )


def _set(doc: Document, ctx: WriteContext, layout: Layout, plain: bool) -> bytes:
    """The document set by our page loop (``plain``: ``Unplain`` when it cannot) or by
    platypus'."""
    spec = layout.page(ctx)
    fonts = layout.fonts(ctx)
    story = layout.story(doc, fonts, ctx, spec)
    flowables = Feed(layout.flowables(story, doc))
    if not flowables:  # an empty quote or list alone: still one (blank) page, not zero
        flowables.append(Spacer(0, 0))
    out = BytesIO()
    left, bottom, w, h = layout.text_block(spec)
    args: dict[str, Any] = {
        "title": doc.meta.title,
        "author": "、".join(a.name for a in doc.meta.authors),
        "subject": subject(doc),
        "creator": "cppcc-convert",
        "lang": ctx.locale.tag,
        "invariant": 1,
        "initialFontName": fonts.face("serif").name,
        "initialFontSize": spec.body,
        "pageCompression": 1,
    }
    maker = canvas_maker(build_time(doc, ctx.options))
    if plain:
        from .pdf_plain import Frame, PlainPages

        frame = Frame(left, bottom, w, h)
        pages = PlainPages(out, frame, footer(fonts, spec), pagesize=spec.size, **args)
        pages.build(flowables, canvasmaker=maker)
    else:
        from .pdf_pages import Pages

        template = Pages(
            out,
            pagesize=spec.size,
            leftMargin=left,
            rightMargin=spec.size[0] - left - w,
            topMargin=spec.size[1] - bottom - h,
            bottomMargin=bottom,
            **args,
        )
        template.addPageTemplates(layout.templates(fonts, spec, story))
        template.build(flowables, canvasmaker=maker)
    _warn_missing(story.missing, ctx)  # the story is made as the pages are set
    return out.getvalue()


def subject(doc: Document) -> str:
    """The PDF's Subject: the subtitle, else a description in the front matter, else the
    publication, else the lead: the first sentence of the first paragraph (at most 120
    characters), so every edition's PDF says what it is about."""
    meta = doc.meta
    for key in ("description", "summary", "abstract"):
        value = meta.extra.get(key)
        if isinstance(value, str) and value.strip() and not meta.subtitle:
            return value.strip()
    if meta.subtitle or meta.source:
        return meta.subtitle or meta.source
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            text = " ".join(inline_text(block.inlines).split())
            if text:
                sentence = re.match(r"[^。！？!?]*[。！？!?]?", text)
                lead = sentence.group(0) if sentence else text
                return lead if len(lead) <= 120 else lead[:119] + "…"
    return meta.title


def _warn_missing(missing: dict[str, set[int]], ctx: WriteContext) -> None:
    """One warning per source line naming the characters no configured font has."""
    by_line: dict[int, list[str]] = {}
    for ch, lines in missing.items():
        for line in lines:
            by_line.setdefault(line, []).append(ch)
    for line in sorted(by_line):
        chars = ", ".join(f"{c} (U+{ord(c):04X})" for c in sorted(by_line[line]))
        ctx.warn(
            "font-missing",
            f"no font has {chars} (not the bundled or --pdf-font faces, the fallback font or a "
            "system font): a box will print in its place",
            line or None,
        )
