"""Blocks -> platypus flowables: the PDF's typography (sizes, spacing, indents) lives here.

Body: serif, justified, 2-character first-line indent, leading 1.7. Headings: bold sans, kept
with what follows (and a conditional page break so none is stranded at a page bottom).
Captions: centred, smaller, kept with their figure. Quotes: indented both sides with a bar.
Lists hang their markers in the indent; tables repeat their header row on each page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import assert_never

from reportlab.platypus import CondPageBreak, Indenter, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from ..errors import ConvertError
from ..model import (
    Block,
    Caption,
    CodeBlock,
    Document,
    Heading,
    Image,
    Inlines,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Text,
    inline_text,
)
from ..model import Table as TableBlock
from ..resources import load_image
from ..text import headline_lines
from . import WriteContext
from .pdf_flowables import Figure, Outline, Para, RuleLine, TextFlow
from .pdf_fonts import FontSet, Role
from .pdf_text import INK, MUTED, Builder, RichText, Span

LEADING = 1.7
HEADING_SCALE = {1: 1.55, 2: 1.3, 3: 1.15}
BULLETS = ("●", "○", "■")  # drawn at half size: the CJK faces' • is a tiny dot


@dataclass(frozen=True)
class Nest:
    """Where a block sits: its left/right indent and the quote bars to its left."""

    left: float = 0.0
    right: float = 0.0
    bars: tuple[float, ...] = ()
    depth: int = 0  # list depth


class Story:
    """Turns a document into flowables; collects characters that no font has."""

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
        self.outline_count = 0
        levels = [b.level for b in doc.blocks if isinstance(b, Heading)]
        self.base_level = min(levels, default=1)

    # -- text helpers

    def rich(self, inlines: Inlines, span: Span, line: int) -> RichText:
        b = Builder(self.fonts, self.missing, line)
        b.inlines(inlines, span)
        return b.done()

    def plain(self, text: str, role: Role, size: float, line: int, color=INK) -> RichText:
        b = Builder(self.fonts, self.missing, line)
        b.add(text, Span(role, size, color))  # "\n" stays a forced break (code blocks)
        return b.done()

    def body(self, nest: Nest, **kw: object) -> Para:
        s = self.size
        base = Para(
            s,
            s * LEADING,
            indent=2 * s,
            left=nest.left,
            right=nest.right,
            bars=nest.bars,
            space_after=0.35 * s,
        )
        return replace(base, **kw)  # type: ignore[arg-type]

    # -- title block

    def title_block(self) -> list[Flowable]:
        m, s, out = self.doc.meta, self.size, []
        if m.title:
            big = 1.9 * s
            para = Para(big, big * 1.4, "center", space_after=0.6 * s, keep=True)
            # A space between two clauses of a Chinese headline is where the headline breaks.
            title = "\n".join(headline_lines(m.title))
            out.append(TextFlow(self.plain(title, "sans", big, 1), para))
        if m.subtitle:
            sub = 1.25 * s
            para = Para(sub, sub * 1.5, "center", space_after=0.5 * s, keep=True)
            out.append(TextFlow(self.plain(m.subtitle, "serif", sub, 1), para))
        byline = "　".join(f"{a.role} {a.name}".strip() for a in m.authors)
        if byline:
            para = Para(s, s * 1.6, "center", keep=True)
            out.append(TextFlow(self.plain(byline, "serif", s, 1, MUTED), para))
        if out:
            out[-1].spaceAfter = 1.6 * s
        return out

    # -- blocks

    def blocks(self, blocks: tuple[Block, ...], nest: Nest) -> list[Flowable]:
        out: list[Flowable] = []
        for i, block in enumerate(blocks):
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            out += self.block(block, nest, isinstance(nxt, Caption))
        return out

    def block(self, block: Block, nest: Nest, captioned: bool = False) -> list[Flowable]:
        s = self.size
        match block:
            case Heading():
                return self.heading(block, nest)
            case Paragraph(inlines=i, line=line):
                return [TextFlow(self.rich(i, Span("serif", s), line), self.body(nest))]
            case Caption(inlines=i, line=line):
                cs = 0.88 * s
                para = Para(
                    cs,
                    cs * 1.5,
                    "center",
                    left=nest.left,
                    right=nest.right,
                    space_before=0.6 * s,
                    space_after=0.9 * s,
                    keep=True,
                )
                return [TextFlow(self.rich(i, Span("serif", cs, MUTED), line), para)]
            case Quote(blocks=b):
                left, right = self.inward(nest, 2 * s, s)
                bars = (*nest.bars, nest.left + 0.8 * s) if left > nest.left else nest.bars
                inner = Nest(left, right, bars, nest.depth)
                flows = self.blocks(b, inner)
                for f in flows[:-1]:
                    if isinstance(f, TextFlow):
                        f.bar_tail = f.getSpaceAfter()
                if flows:
                    flows[0].spaceBefore = max(flows[0].getSpaceBefore(), 0.5 * s)
                    flows[-1].spaceAfter = max(flows[-1].getSpaceAfter(), 0.8 * s)
                return flows
            case ListBlock():
                return self.list_block(block, nest)
            case TableBlock():
                return self.indented(self.table(block, nest), nest)
            case CodeBlock(text=t, line=line):
                cs = 0.85 * s
                text = t.expandtabs(4).rstrip("\n")
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
                return [TextFlow(self.plain(text, "mono", cs, line), para)]
            case Image():
                return self.image(block, nest, captioned)
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

    def indented(self, flows: list[Flowable], nest: Nest) -> list[Flowable]:
        if not (nest.left or nest.right):
            return flows
        return [Indenter(nest.left, nest.right), *flows, Indenter(-nest.left, -nest.right)]

    def heading(self, h: Heading, nest: Nest) -> list[Flowable]:
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
            keep_with_next=True,
        )
        level = min(max(h.level - self.base_level, 0), self.outline_level + 1)
        self.outline_level = level
        self.outline_count += 1
        title = inline_text(h.inlines).replace("\n", " ")
        outline = Outline(title, level, f"h{self.outline_count}")
        flow = TextFlow(self.rich(h.inlines, Span("sans", hs), h.line), para, outline=outline)
        # room for the heading and two body lines, else start a new page
        return [CondPageBreak(hs * 2.6 + 2.3 * s * LEADING), flow]

    def list_block(self, lst: ListBlock, nest: Nest) -> list[Flowable]:
        s = self.size
        inner = replace(nest, left=self.inward(nest, 2.2 * s)[0], depth=nest.depth + 1)
        out: list[Flowable] = []
        gap = 0.15 * s if lst.tight else 0.4 * s
        for n, item in enumerate(lst.items):
            marker = f"{lst.start + n}." if lst.ordered else BULLETS[nest.depth % len(BULLETS)]
            label = self.plain(marker, "serif", s if lst.ordered else 0.5 * s, lst.line)
            first, *rest = item or (Paragraph((Text(" "),), lst.line),)
            if isinstance(first, Paragraph):
                rich = self.rich(first.inlines, Span("serif", s), first.line)
            else:
                rich, rest = self.plain(" ", "serif", s, lst.line), list(item)
            para = self.body(inner, indent=0.0, space_after=gap)
            out.append(TextFlow(rich, para, label=label))
            out += self.blocks(tuple(rest), replace(inner))
        if out:
            out[-1].spaceAfter = max(out[-1].getSpaceAfter(), 0.6 * s)
        return out

    def table(self, t: TableBlock, nest: Nest) -> list[Flowable]:
        s = 0.92 * self.size
        ncols = max(len(t.header), *(len(r) for r in t.rows)) if t.rows else len(t.header)
        aligns = [*t.align, *[None] * ncols][:ncols]

        def cell(inlines: Inlines, col: int, head: bool) -> TextFlow:
            align = aligns[col] or "left"
            # The side padding lives in the flow, not the table: reportlab splits a row with
            # the padded width but draws it with the inner one, so a split cell repeated a line.
            para = Para(s, s * 1.5, align, left=5, right=5)
            return TextFlow(self.rich(inlines, Span("sans" if head else "serif", s), t.line), para)

        def row(cells: tuple[Inlines, ...], head: bool) -> list[TextFlow]:
            padded = [*cells, *[()] * (ncols - len(cells))]
            return [cell(c, i, head) for i, c in enumerate(padded)]

        avail = self.frame_width - nest.left - nest.right
        if ncols * self.least_column > avail:
            fit = int(avail // self.least_column)
            raise ConvertError(
                f"table with {ncols} columns is too wide for the PDF page (at most {fit} fit)",
                line=t.line or None,
            )
        data = [row(t.header, True), *(row(r, False) for r in t.rows)]
        widths = self.column_widths(data, nest)
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=1)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.5, (0.55, 0.55, 0.55)),
            ("BACKGROUND", (0, 0), (-1, 0), (0.92, 0.92, 0.92)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            # Our flows draw the text; naming an embedded face keeps reportlab's default
            # Helvetica (selected, never drawn) out of the PDF's font list.
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.face("serif").name),
        ]))  # fmt: skip
        table.spaceBefore, table.spaceAfter = 0.4 * self.size, 0.9 * self.size
        return [table]

    @property
    def least_column(self) -> float:
        """The narrowest column: its padding and one digit."""
        return 10 + 0.5 * self.size

    def column_widths(self, data: list[list[TextFlow]], nest: Nest) -> list[float]:
        """Natural widths when they fit; otherwise narrow columns keep theirs and the
        wide ones get one character each plus a share of the rest in proportion (without
        that floor, one long cell squeezed the others below their padding: a crash)."""
        avail = self.frame_width - nest.left - nest.right
        ncols = len(data[0])
        natural = [
            max(max(sum(r[c].rich.widths) for r in data) + 11, 3 * self.size) for c in range(ncols)
        ]
        if sum(natural) <= avail:
            return natural
        cap = avail / ncols
        narrow = [w for w in natural if w <= cap]
        least = self.least_column
        wide = [w for w in natural if w > cap]
        spare = avail - sum(narrow) - least * len(wide)
        wide_total = sum(w - least for w in wide)
        return [w if w <= cap else least + spare * (w - least) / wide_total for w in natural]

    def image(self, img: Image, nest: Nest, captioned: bool) -> list[Flowable]:
        s = self.size
        loaded = load_image(img.src, self.ctx, img.line)
        if loaded is None:
            if not img.alt:
                return []
            para = Para(
                s,
                s * 1.6,
                "center",
                left=nest.left,
                right=nest.right,
                space_before=0.5 * s,
                space_after=0.5 * s,
                keep=True,
                keep_with_next=captioned,
            )
            return [TextFlow(self.plain(img.alt, "serif", s, img.line, MUTED), para)]
        fig = Figure(loaded, self.frame_height * 0.6, 0.6 * s)
        fig.keepWithNext = captioned
        return self.indented([fig], nest)
