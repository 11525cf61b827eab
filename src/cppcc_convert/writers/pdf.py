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
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Spacer

from ..dates import build_time
from ..errors import UsageError
from ..model import Document, Paragraph, inline_text
from . import WriteContext
from .pdf_fonts import FontSet, font_set
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


class Layout:
    """How the writer sets a document: the page (size, body size, margins), the Story that
    turns blocks into flowables (paragraph, heading and title styles are its methods), and the
    page templates (frames and what each page draws: the footer). The default is the book
    layout; another (the official-document layout) subclasses this and overrides what
    differs, and passes itself to ``write(doc, ctx, layout)``."""

    story_class: type[Story] = Story

    def page(self, ctx: WriteContext) -> PageSpec:
        """The page geometry for ``ctx.options.page_size``."""
        spec = PAGES.get(ctx.options.page_size)
        if spec is None:
            known = ", ".join(PAGES)
            raise UsageError(f"unknown page size {ctx.options.page_size!r} (choose from: {known})")
        return spec

    def text_block(self, spec: PageSpec) -> tuple[float, float, float, float]:
        """The text block as (left, bottom, width, height): a whole number of body
        characters wide, centred."""
        width, height = spec.size
        text_w = spec.body * spec.chars
        return (width - text_w) / 2, spec.bottom, text_w, height - spec.top - spec.bottom

    def story(self, doc: Document, fonts: FontSet, ctx: WriteContext, spec: PageSpec) -> Story:
        _, _, w, h = self.text_block(spec)
        return self.story_class(doc, fonts, ctx, spec.body, (w, h))

    def flowables(self, story: Story, doc: Document) -> list[Flowable]:
        """Everything the document prints, in order: the title block, then the blocks."""
        return story.title_block() + story.blocks(doc.blocks, Nest())

    def templates(self, fonts: FontSet, spec: PageSpec, doc: Document) -> list[PageTemplate]:
        """The page templates (the first is used from the first page on)."""
        left, bottom, w, h = self.text_block(spec)
        frame = Frame(left, bottom, w, h, 0, 0, 0, 0, id="body")
        return [PageTemplate("page", [frame], onPage=_footer(fonts, spec))]


BOOK = Layout()


def write(doc: Document, ctx: WriteContext, layout: Layout = BOOK) -> bytes:
    """The document as PDF bytes, set in ``layout``."""
    spec = layout.page(ctx)
    fonts = font_set(ctx.locale, ctx.options)
    story = layout.story(doc, fonts, ctx, spec)
    flowables = layout.flowables(story, doc)
    if not flowables:  # an empty quote or list alone: still one (blank) page, not zero
        flowables = [Spacer(0, 0)]
    _warn_missing(story.missing, ctx)

    rl_config.useA85 = 0  # binary streams: smaller, and ASCII85 is slow pure Python here
    out = BytesIO()
    serif = fonts.face("serif").name
    left, bottom, w, h = layout.text_block(spec)
    template = BaseDocTemplate(
        out,
        pagesize=spec.size,
        leftMargin=left,
        rightMargin=spec.size[0] - left - w,
        topMargin=spec.size[1] - bottom - h,
        bottomMargin=bottom,
        title=doc.meta.title,
        author="、".join(a.name for a in doc.meta.authors),
        subject=subject(doc),
        creator="cppcc-convert",
        lang=ctx.locale.tag,
        invariant=1,
        initialFontName=serif,
        initialFontSize=spec.body,
        pageCompression=1,
    )
    template.addPageTemplates(layout.templates(fonts, spec, doc))
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
