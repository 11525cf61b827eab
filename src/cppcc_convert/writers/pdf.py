"""The PDF writer (reportlab is imported here and in the ``pdf_*`` modules only).

Pages: A4 (default), A5 or Letter, with the text block a whole number of body characters wide
so pure-Chinese lines need no extra spacing. Page numbers in the footer, bookmarks from the
headings, document info and /Lang from the metadata, every font embedded, and the same bytes
on every run (reportlab's invariant mode, creation date from ``dates.build_time``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, A5, LETTER
from reportlab.lib.units import mm
from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Spacer
from reportlab.platypus.flowables import Flowable

from ..dates import build_time
from ..errors import UsageError
from ..model import Document, Paragraph, inline_text
from . import WriteContext
from .official_layout import BODY_PT, is_official
from .pdf_fonts import FontSet, font_set
from .pdf_official import PAGE, OfficialStory
from .pdf_story import Nest, Story
from .pdf_tounicode import install as install_tounicode

install_tounicode()  # right copy-out text for characters outside the BMP (pdf_tounicode.py)


@dataclass(frozen=True)
class PageSpec:
    """A page size with its body size, characters per line and vertical margins."""

    size: tuple[float, float]
    body: float  # pt
    chars: int  # body characters per line
    top: float
    bottom: float


PAGES: dict[str, PageSpec] = {
    "A4": PageSpec(A4, 11.0, 38, 28 * mm, 28 * mm),
    "A5": PageSpec(A5, 9.5, 28, 20 * mm, 22 * mm),
    "Letter": PageSpec(LETTER, 11.0, 40, 25 * mm, 25 * mm),
}


def write(doc: Document, ctx: WriteContext) -> bytes:
    """The document as PDF bytes."""
    if is_official(doc):
        return _write_official(doc, ctx)
    spec = PAGES.get(ctx.options.page_size)
    if spec is None:
        known = ", ".join(PAGES)
        raise UsageError(f"unknown page size {ctx.options.page_size!r} (choose from: {known})")
    fonts = font_set(ctx.locale, ctx.options)
    width, height = spec.size
    text_w = spec.body * spec.chars
    side = (width - text_w) / 2
    frame_h = height - spec.top - spec.bottom
    story = Story(doc, fonts, ctx, spec.body, (text_w, frame_h))
    flowables = story.title_block() + story.blocks(doc.blocks, Nest())
    block = (side, spec.bottom, text_w, frame_h)
    footer = _footer(fonts, spec)
    return _build(
        doc, ctx, fonts, spec.size, block, spec.body, flowables, story.missing, on_page=footer
    )


def _write_official(doc: Document, ctx: WriteContext) -> bytes:
    """An official document: A4 and GB/T 9704's text block, whatever the page size asked."""
    if ctx.options.page_size != "A4":
        ctx.warn(
            "page-size", f"an official document is A4 (GB/T 9704), not {ctx.options.page_size}"
        )
    fonts = font_set(ctx.locale, ctx.options, official=True)
    page = PAGE
    story = OfficialStory(doc, fonts, ctx, BODY_PT, (page.width, page.height))
    block = (page.left, page.bottom, page.width, page.height)
    flowables = story.flowables()
    numbers = story.numbers
    return _build(
        doc, ctx, fonts, page.size, block, BODY_PT, flowables, story.missing, on_page_end=numbers
    )


def _build(
    doc: Document,
    ctx: WriteContext,
    fonts: FontSet,
    size: tuple[float, float],
    block: tuple[float, float, float, float],
    body: float,
    flowables: list[Flowable],
    missing: dict[str, set[int]],
    *,
    on_page: Any = None,
    on_page_end: Any = None,
) -> bytes:
    """Lay ``flowables`` out in the text ``block`` (x, y, width, height) of pages of ``size``;
    ``on_page``/``on_page_end`` draw what each page has outside the block."""
    if not flowables:  # an empty quote or list alone: still one (blank) page, not zero
        flowables = [Spacer(0, 0)]
    _warn_missing(missing, ctx)
    rl_config.useA85 = 0  # binary streams: smaller, and ASCII85 is slow pure Python here
    out = BytesIO()
    x, y, w, h = block
    template = BaseDocTemplate(
        out,
        pagesize=size,
        leftMargin=x,
        rightMargin=size[0] - x - w,
        topMargin=size[1] - y - h,
        bottomMargin=y,
        title=doc.meta.title,
        author="、".join(a.name for a in doc.meta.authors),
        subject=subject(doc),
        creator="cppcc-convert",
        lang=ctx.locale.tag,
        invariant=1,
        initialFontName=fonts.face("serif").name,
        initialFontSize=body,
        pageCompression=1,
    )
    frame = Frame(x, y, w, h, 0, 0, 0, 0, id="body")
    hooks: dict[str, Any] = {}
    if on_page is not None:
        hooks["onPage"] = on_page
    if on_page_end is not None:
        hooks["onPageEnd"] = on_page_end
    template.addPageTemplates([PageTemplate("page", [frame], **hooks)])
    stamp = build_time(doc, ctx.options)
    template.build(flowables, canvasmaker=_canvas_maker(stamp))
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


def _footer(fonts: FontSet, spec: PageSpec) -> Any:
    """Page numbers centred below the text block, in the body face."""
    name = fonts.face("serif").name
    size = spec.body * 0.8

    def draw(canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        canv.setFont(name, size)
        canv.setFillColorRGB(0.35, 0.35, 0.35)
        canv.drawCentredString(spec.size[0] / 2, spec.bottom / 2, f"— {canv.getPageNumber()} —")
        canv.restoreState()
        if canv.getPageNumber() == 1:
            canv.showOutline()

    return draw


def _canvas_maker(stamp: datetime) -> Any:
    """A Canvas whose creation/modification date is ``stamp`` (not reportlab's 2000-01-01)."""
    ts = TimeStamp(invariant=1)
    ts.t = stamp.timestamp()
    ts.lt = stamp.timetuple()
    ts.YMDhms = tuple(stamp.timetuple())[:6]
    ts.dhh = ts.dmm = 0

    class StampedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = ts  # type: ignore[attr-defined]  # no public setter

    return StampedCanvas


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
