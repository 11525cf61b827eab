"""How the PDF writer sets a page: the page sizes, the text block, the Story that makes the
flowables and the page templates (``Layout``; ``BOOK`` is the default, the official-document
layout in ``pdf_official`` subclasses it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportlab.lib.pagesizes import A4, A5, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ..errors import UsageError
from ..model import Document
from . import WriteContext
from .pdf_flow import Flow
from .pdf_fonts import FontSet, font_set
from .pdf_story import Nest, Story

if TYPE_CHECKING:
    from reportlab.platypus import PageTemplate


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

    def flowables(self, story: Story, doc: Document) -> Iterable[Flow]:
        """Everything the document prints, in order: the title block, then the blocks (made
        as the pages are set: see pdf_feed)."""
        nest = Nest()
        yield from story.title_block()
        for block in doc.blocks:
            yield from story.block(block, nest)

    def fonts(self, ctx: WriteContext) -> FontSet:
        """The faces by role, in the edition's glyph forms."""
        return font_set(ctx.locale, ctx.options)

    def templates(self, fonts: FontSet, spec: PageSpec, story: Story) -> list[PageTemplate]:
        """The page templates (the first is used from the first page on); ``story`` is the
        one that made the flowables."""
        from reportlab.platypus import Frame, PageTemplate  # platypus' page loop (pdf_pages)

        left, bottom, w, h = self.text_block(spec)
        frame = Frame(left, bottom, w, h, 0, 0, 0, 0, id="body")
        return [PageTemplate("page", [frame], onPage=footer(fonts, spec))]


BOOK = Layout()


def footer(fonts: FontSet, spec: PageSpec) -> Any:
    """Page numbers centred below the text block, in the body face."""
    name = fonts.face("serif").name
    size = spec.body * 0.8

    def draw(canv: Canvas, doc: Any) -> None:
        canv.saveState()
        canv.setFont(name, size)
        canv.setFillColorRGB(0.35, 0.35, 0.35)
        canv.drawCentredString(spec.size[0] / 2, spec.bottom / 2, f"— {canv.getPageNumber()} —")
        canv.restoreState()
        if canv.getPageNumber() == 1:
            canv.showOutline()

    return draw
