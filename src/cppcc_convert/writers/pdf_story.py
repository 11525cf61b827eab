"""Blocks -> platypus flowables: the PDF's typography (sizes, spacing, indents) lives here.

Body: serif, justified, 2-character first-line indent, leading 1.7. Headings: bold sans, kept
with what follows (and a conditional page break so none is stranded at a page bottom), each a
destination for in-document links and an outline entry. Figures: the picture, its caption
centred and smaller below it (or the caption alone when the picture is not there). Quotes:
indented both sides with a bar. Lists hang their markers in the indent; tables (pdf_table)
repeat their header row on each page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import assert_never

from ..model import (
    Block,
    CodeBlock,
    DefinitionList,
    Document,
    Figure,
    Heading,
    Inlines,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Table,
    Text,
    inline_text,
)
from . import WriteContext
from .common import figure_text, title_block
from .pdf_draw import destination_key
from .pdf_flow import CondBreak, Flow
from .pdf_flowables import Outline, Para, Picture, RuleLine, TextFlow
from .pdf_fonts import FontSet, Role
from .pdf_text import INK, MUTED, Color, RichText
from .pdf_text_builder import Builder, Looks, Span

LEADING = 1.7
HEADING_SCALE = {1: 1.55, 2: 1.3, 3: 1.15}
BULLETS = ("●", "○", "■")  # drawn as shapes (pdf_draw.draw_bullet), not text


@dataclass(frozen=True)
class Nest:
    """Where a block sits: its left/right indent and the quote bars to its left."""

    left: float = 0.0
    right: float = 0.0
    bars: tuple[float, ...] = ()
    depth: int = 0  # list depth


class Story:
    """Turns a document into flowables; collects characters that no font has.

    The styles are methods and class attributes (``leading``, ``body``, ``heading``,
    ``title_block``...), so a layout other than the book one (pdf.Layout) subclasses this."""

    leading: float = LEADING  # body line height, in body sizes

    def __init__(
        self,
        doc: Document,
        fonts: FontSet,
        ctx: WriteContext,
        size: float,
        frame: tuple[float, float],
    ) -> None:
        self.doc, self.fonts, self.ctx, self.size = doc, fonts, ctx, size
        self.frame_width, self.frame_height = frame
        self.missing: dict[str, set[int]] = {}
        self.outline_level = -1
        levels = [b.level for b in doc.blocks if isinstance(b, Heading)]
        self.base_level = min(levels, default=1)
        # A block kept whole (a heading, a caption) that is taller than this splits anyway:
        # it could never fit on a page.
        self.keep_max = 0.8 * self.frame_height
        self.looks = Looks()  # one Look object per distinct look in the whole document

    # -- text helpers

    def builder(self, line: int, code: bool = False) -> Builder:
        autospace = self.ctx.options.autospace
        link = self.ctx.link
        return Builder(self.fonts, self.missing, line, link, autospace, code, looks=self.looks)

    def text_flow(
        self,
        inlines: Inlines,
        span: Span,
        line: int,
        para: Para,
        *,
        flow: type[TextFlow] = TextFlow,
        **kw: object,
    ) -> TextFlow:
        """One block of rich text; its in-document anchors become destinations."""
        b = self.builder(line)
        b.inlines(inlines, span)
        anchors = tuple(destination_key(a) for a in b.anchors)
        return flow(b.done(), para, anchors=anchors, **kw)  # type: ignore[arg-type]

    def plain(
        self,
        text: str,
        role: Role,
        size: float,
        line: int,
        color: Color = INK,
        *,
        code: bool = False,
    ) -> RichText:
        b = self.builder(line, code)
        b.add(text, Span(role, size, color))  # "\n" stays a forced break (code blocks)
        return b.done()

    def body(self, nest: Nest, **kw: object) -> Para:
        s = self.size
        fields: dict[str, object] = {
            "indent": 2 * s,
            "left": nest.left,
            "right": nest.right,
            "bars": nest.bars,
            "space_after": 0.35 * s,
        }
        fields.update(kw)  # one construction: no dataclasses.replace per paragraph
        return Para(s, s * self.leading, **fields)  # type: ignore[arg-type]

    # -- title block

    def title_block(self) -> list[Flow]:
        tb, s = title_block(self.doc.meta), self.size
        out: list[Flow] = []
        if tb.lines:
            big, text = 1.9 * s, "\n".join(tb.lines)
            rich = self.plain(text, "sans", big, 1)
            # Each clause of the headline is one line where it can be: on a narrow page
            # (A5) the headline is set smaller rather than a clause filling the measure or
            # wrapping (at least 1.45 body sizes; a longer clause wraps into even lines).
            widest = max(_clause_widths(rich))
            if widest > 0.92 * self.frame_width:
                big = max(1.45 * s, big * 0.92 * self.frame_width / widest)
                rich = self.plain(text, "sans", big, 1)
            para = Para(
                big,
                big * 1.4,
                "center",
                space_after=0.6 * s,
                keep=True,
                keep_max=self.keep_max,
                balance=True,
            )
            out.append(TextFlow(rich, para))
        if tb.subtitle:
            sub = 1.25 * s
            para = Para(
                sub,
                sub * 1.5,
                "center",
                space_after=0.5 * s,
                keep=True,
                keep_max=self.keep_max,
                balance=True,
            )
            out.append(TextFlow(self.plain(tb.subtitle, "serif", sub, 1), para))
        if tb.byline:
            para = Para(s, s * 1.6, "center", keep=True, keep_max=self.keep_max)
            out.append(TextFlow(self.plain(tb.byline, "serif", s, 1, MUTED), para))
        if out:
            out[-1].spaceAfter = 1.6 * s
        return out

    # -- blocks

    def blocks(self, blocks: tuple[Block, ...], nest: Nest) -> list[Flow]:
        out: list[Flow] = []
        for block in blocks:
            out += self.block(block, nest)
        return out

    def block(self, block: Block, nest: Nest) -> list[Flow]:
        s = self.size
        match block:
            case Heading():
                return self.heading(block, nest)
            case Paragraph(inlines=i, align=align, line=line):
                aligned = {} if align is None else {"align": align, "indent": 0.0}
                para = self.body(nest, **aligned)
                return [self.text_flow(i, Span("serif", s), line, para)]
            case Figure():
                return self.figure(block, nest)
            case Quote(blocks=b):
                return self.quote(b, nest)
            case ListBlock():
                return self.list_block(block, nest)
            case DefinitionList():
                return self.definitions(block, nest)
            case Table():
                from .pdf_table import table  # platypus' Table: imported for tables only

                return self.indented(table(self, block, nest), nest)
            case CodeBlock(text=t, line=line):
                return [self.code(t, line, nest)]
            case Rule():
                return self.indented([RuleLine(0.8 * s)], nest)
            case _:
                assert_never(block)

    def inward(self, nest: Nest, left: float, right: float = 0.0) -> tuple[float, float]:
        """The indents one level deeper; deep quotes and lists stop moving inwards when less
        than ten characters would be left (text was set in negative widths, tables crashed)."""
        if self.frame_width - nest.left - nest.right - left - right < 10 * self.size:
            return nest.left, nest.right
        return nest.left + left, nest.right + right

    def indented(self, flows: list[Flow], nest: Nest) -> list[Flow]:
        if not (nest.left or nest.right) or not flows:
            return flows
        from reportlab.platypus import Indenter  # platypus sets it (pdf_plain does not)

        return [Indenter(nest.left, nest.right), *flows, Indenter(-nest.left, -nest.right)]

    def heading(self, h: Heading, nest: Nest) -> list[Flow]:
        s = self.size
        hs = HEADING_SCALE.get(h.level, 1.05) * s
        para = Para(
            hs,
            hs * 1.5,
            "left",
            left=nest.left,
            right=nest.right,
            space_before=1.1 * s,
            space_after=0.5 * s,
            keep=True,
            keep_max=self.keep_max,
            keep_with_next=True,
        )
        level = min(max(h.level - self.base_level, 0), self.outline_level + 1)
        self.outline_level = level
        title = inline_text(h.inlines).replace("\n", " ")
        outline = Outline(title, level, destination_key(h.id or f"line-{h.line}"))
        flow = self.text_flow(h.inlines, Span("sans", hs), h.line, para, outline=outline)
        # room for the heading and two body lines, else start a new page
        return [CondBreak(hs * 2.6 + 2.3 * s * self.leading), flow]

    def quote(self, blocks: tuple[Block, ...], nest: Nest) -> list[Flow]:
        s = self.size
        left, right = self.inward(nest, 2 * s, s)
        bars = (*nest.bars, nest.left + 0.8 * s) if left > nest.left else nest.bars
        flows = self.blocks(blocks, Nest(left, right, bars, nest.depth))
        for f in flows[:-1]:
            if isinstance(f, TextFlow):
                f.bar_tail = f.getSpaceAfter()
        if flows:
            flows[0].spaceBefore = max(flows[0].getSpaceBefore(), 0.5 * s)
            flows[-1].spaceAfter = max(flows[-1].getSpaceAfter(), 0.8 * s)
        return flows

    def code(self, text: str, line: int, nest: Nest) -> TextFlow:
        """A code block: monospaced, shaded, split across pages like a paragraph. Lines too
        long for the block set it smaller (down to 72 %) before any of them wraps."""
        s = self.size
        cs = 0.85 * s
        body = text.expandtabs(4).rstrip("\n")
        rich = self.plain(body, "mono", cs, line, code=True)
        inner = self.frame_width - nest.left - nest.right - 2 * 0.6 * s
        longest = max(_clause_widths(rich))
        if longest > inner:
            cs *= max(0.72, inner / longest)
            rich = self.plain(body, "mono", cs, line, code=True)
        para = Para(
            cs,
            cs * 1.45,
            "left",
            left=nest.left,
            right=nest.right,
            code=True,
            pad=0.6 * s,
            background=(0.955, 0.955, 0.95),
            bars=nest.bars,
            space_before=0.3 * s,
            space_after=0.8 * s,
        )
        return TextFlow(rich, para)

    def list_block(self, lst: ListBlock, nest: Nest) -> list[Flow]:
        s = self.size
        inner = replace(nest, left=self.inward(nest, 2.2 * s)[0], depth=nest.depth + 1)
        out: list[Flow] = []
        gap = 0.15 * s if lst.tight else 0.4 * s
        for n, item in enumerate(lst.items):
            marker = f"{lst.start + n}." if lst.ordered else BULLETS[nest.depth % len(BULLETS)]
            label = self.plain(marker, "serif", s, lst.line) if lst.ordered else marker
            first, *rest = item or (Paragraph((Text(" "),), line=lst.line),)
            para = self.body(inner, indent=0.0, space_after=gap)
            if isinstance(first, Paragraph):
                flow = self.text_flow(
                    first.inlines, Span("serif", s), first.line, para, label=label
                )
            else:
                flow = TextFlow(self.plain(" ", "serif", s, lst.line), para, label=label)
                rest = list(item)
            out.append(flow)
            out += self.blocks(tuple(rest), inner)
        if out:
            out[-1].spaceAfter = max(out[-1].getSpaceAfter(), 0.6 * s)
        return out

    def definitions(self, dl: DefinitionList, nest: Nest) -> list[Flow]:
        """Terms in bold sans, each definition indented two characters below it."""
        s = self.size
        inner = replace(nest, left=self.inward(nest, 2 * s)[0])
        out: list[Flow] = []
        for entry in dl.items:
            para = self.body(nest, indent=0.0, space_after=0.15 * s, keep_with_next=True)
            out.append(self.text_flow(entry.term, Span("sans", s), dl.line, para))
            for definition in entry.definitions:
                out += self.blocks(definition, inner)
        return out

    def figure(self, fig: Figure, nest: Nest) -> list[Flow]:
        s = self.size
        loaded = self.ctx.image(fig.image.src, fig.line) if fig.image is not None else None
        caption = fig.caption if loaded is not None else figure_text(fig)
        out: list[Flow] = []
        if loaded is not None:
            pic = Picture(loaded, self.frame_height * 0.6, 0.6 * s)
            pic.keepWithNext = bool(caption)
            out += self.indented([pic], nest)
        if caption:
            cs = 0.88 * s
            para = Para(
                cs,
                cs * 1.5,
                "center",
                left=nest.left,
                right=nest.right,
                space_before=0.6 * s if loaded is None else 0.2 * s,
                space_after=0.9 * s,
                keep=True,
                keep_max=self.keep_max,
            )
            out.append(self.text_flow(caption, Span("serif", cs, MUTED), fig.line, para))
        return out


def _clause_widths(rich: RichText) -> list[float]:
    """The natural width of each forced line of ``rich``."""
    out, width = [], 0.0
    for ch, w in zip(rich.text, rich.widths, strict=True):
        if ch == "\n":
            out.append(width)
            width = 0.0
        else:
            width += w
    return [*out, width]
