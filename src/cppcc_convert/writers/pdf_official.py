"""PDF for an official document (公文) to GB/T 9704-2012: the page and its 22 × 28 grid, the
版头, headings in their level's face, the parts after the body, the 版记 on the last even page
and the odd/even page numbers. What is printed comes from ``official_layout`` (shared with the
DOCX writer); this module only places it, with the flowables of ``pdf_official_flowables``.
Clauses of the standard are in brackets.

- The text block is 156 × 225 mm at 28 mm from the left and 37 mm from the top (5.2.1). Body
  lines are exactly 225 mm / 22 apart (28.99 pt) and every block that is not on the grid
  (the 版头, a table, a code block) is followed by a ``GridSnap``, so the body stays on it.
- 28 characters a line (5.2.3): 3号 is 16 pt, and 28 of them need 158 mm, so every body
  character is followed by -0.21 pt (``RichText.tracking``): 15.79 pt a character, as Word's
  character spacing −0.25 pt does. Punctuation is not compressed: every mark keeps its cell.
- The 发文机关标志's top edge is 35 mm under the top of the text block; the 发文字号 two lines
  under it; the red rule 4 mm under the 发文字号; the title two lines under the rule (7.2).
- The 版记 goes at the foot of the last even page, its last rule on the bottom edge of the
  text block (7.4): where the body ends on an odd page it takes the next page; where it ends
  on an even page without room for it, a blank page comes first, and then neither page is
  numbered (7.5).
- Page numbers "— N —" in 4号 宋体, 7 mm under the text block, odd pages right and even
  pages left, one character in (7.5).
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import CondPageBreak, Frame, PageTemplate, Spacer

from ..model import Block, Document, Heading, Official, Paragraph, inline_text
from . import WriteContext
from .common import split_inlines
from .official_layout import (
    BODY_PT,
    CHAR_PT,
    CHARS,
    ISSUER_DROP_MM,
    LINE_PT,
    RECORD_PT,
    RED,
    RULE_GAP_MM,
    TITLE_PT,
    attachment_lines,
    cc_line,
    has_record,
    head_marks,
    heading_level,
    heading_levels,
    issuer_size,
    note_line,
    printed_line,
    run_in_length,
    signer_label,
    text_width,
    title_lines,
)
from .pdf_draw import destination_key
from .pdf_flow import Flow
from .pdf_flowables import Outline, Para, TextFlow
from .pdf_fonts import FontSet, Role, font_set
from .pdf_layout import Layout, PageSpec
from .pdf_official_flowables import (
    MM,
    PAGE,
    GridSnap,
    PageNumbers,
    Pair,
    Record,
    Rule,
)
from .pdf_story import Nest, Story
from .pdf_text import INK, Color, RichText
from .pdf_text_builder import Builder, Span

TRACKING = CHAR_PT - BODY_PT  # -0.21 pt after every body character: 28 a line
RED_RGB: Color = (int(RED[0:2], 16) / 255, int(RED[2:4], 16) / 255, int(RED[4:6], 16) / 255)
# 公文 level -> (face, bold): 一、 黑体, （一） 楷体, 1. 仿宋 bold, （1） 仿宋 (7.3.3)
LEVEL_FACES: dict[int, tuple[Role, bool]] = {
    1: ("sans", False),
    2: ("kai", False),
    3: ("serif", True),
    4: ("serif", False),
}
RED_RULE = 1.0 * MM / 2  # the 版头's red separator: the standard gives no width; 0.5 mm is usual


# ------------------------------------------------------------------ the story


class OfficialStory(Story):
    """An official document's flowables: the 版头, title and 主送, the body on the grid with
    headings at their 公文 level, the parts after the body and the 版记."""

    def __init__(self, doc: Document, *args: Any, **kwargs: Any) -> None:
        super().__init__(doc, *args, **kwargs)
        self.official = doc.meta.official or Official()
        self.levels = heading_levels(doc)
        self.numbers = PageNumbers(self)

    # -- text

    def builder(
        self,
        line: int,
        code: bool = False,
        *,
        tracking: float = TRACKING,
        autospace: bool | None = None,
    ) -> Builder:
        if code:
            return super().builder(line, code)
        spacing = self.ctx.options.autospace if autospace is None else autospace
        return Builder(
            self.fonts,
            self.missing,
            line,
            self.ctx.link,
            spacing,
            compress=False,
            tracking=tracking,
            looks=self.looks,
        )

    def plain(
        self,
        text: str,
        role: Role,
        size: float,
        line: int,
        color: Color = INK,
        *,
        code: bool = False,
        tracking: float = TRACKING,
        autospace: bool | None = False,
        bold: bool = False,
    ) -> RichText:
        if code:
            return super().plain(text, role, size, line, color, code=True)
        b = self.builder(line, tracking=tracking, autospace=autospace)
        b.add(text, Span(role, size, color, bold=bold))
        return b.done()

    def body(self, nest: Nest, **kw: object) -> Para:
        base = Para(
            BODY_PT,
            LINE_PT,
            indent=2 * CHAR_PT,
            left=nest.left,
            right=nest.right,
            bars=nest.bars,
            min_part=1,  # every page has its 22 lines: no widow or orphan control (Word's 公文)
        )
        return base._replace(**kw)  # type: ignore[arg-type]

    def line_flow(self, rich: RichText, **kw: Any) -> TextFlow:
        """A paragraph of body size on the grid, flush left unless told otherwise."""
        para = Para(BODY_PT, LINE_PT, kw.pop("align", "left"), **kw)
        return TextFlow(rich, para)

    # -- before the body

    def title_block(self) -> list[Flow]:
        """份号/密级/紧急程度, the issuer in red, the 发文字号 (and 签发人), the red rule, the
        title and the 主送机关."""
        off = self.official
        out: list[Flow] = []
        marks = head_marks(off)
        for mark in marks:  # 3号 黑体, flush left (7.2.1-7.2.3)
            out.append(self.line_flow(self.plain(mark, "sans", BODY_PT, 1)))
        if off.issuer:
            out += self.issuer(off.issuer, len(marks) * LINE_PT)
        if off.number or off.signer:
            out += self.number_line(off)
        if off.issuer or off.number:
            below = LINE_PT / 2 - 0.48 * BODY_PT  # the number's glyph bottom above its slot's
            out.append(Spacer(0, max(RULE_GAP_MM * MM - below - RED_RULE / 2, 0)))
            out.append(Rule(RED_RULE, RED_RULE, RED_RGB))
            out += [GridSnap(), Spacer(0, 2 * LINE_PT)]  # the title two lines under (7.3.1)
        elif marks:
            out.append(Spacer(0, LINE_PT))
        out += self.title()
        if off.to:  # one line under the title, flush left, with a full-width colon (7.3.2)
            out.append(self.line_flow(self.plain(off.to + "：", "serif", BODY_PT, 1)))
        return out

    def issuer(self, issuer: str, used: float) -> list[Flow]:
        size = issuer_size(issuer)
        leading = 1.2 * size
        rich = self.plain(issuer, "title", size, 1, RED_RGB, tracking=0.0)
        # the glyphs' top edge (0.88 em over the baseline) 35 mm under the block's top
        top = leading / 2 + 0.36 * size - 0.88 * size
        flow = TextFlow(rich, Para(size, leading, "center", keep=True))
        return [Spacer(0, max(ISSUER_DROP_MM * MM - used - top, 0)), flow, GridSnap(),
                Spacer(0, 2 * LINE_PT)]  # fmt: skip

    def number_line(self, off: Official) -> list[Flow]:
        """Centred; for an upward document one character in from the left, with the 签发人
        one character in from the right on the same line, the names in 楷体 (7.2.6)."""
        number = self.plain(off.number, "serif", BODY_PT, 1)
        if not off.signer:
            return [self.line_flow(number, align="center")]
        b = self.builder(1, autospace=False)
        b.add(signer_label(off), Span("serif", BODY_PT))
        b.add(off.signer, Span("kai", BODY_PT))
        left = self.line_flow(number, left=CHAR_PT)
        right = self.line_flow(b.done(), align="right", right=CHAR_PT)
        return [Pair(left, right)]

    def title(self) -> list[Flow]:
        meta = self.doc.meta
        out: list[Flow] = []
        lines = title_lines(meta.title)
        if lines:  # 2号 小标宋, centred, broken between phrases (7.3.1)
            rich = self.plain("\n".join(lines), "title", TITLE_PT, 1, tracking=0.0)
            para = Para(TITLE_PT, LINE_PT, "center", keep=True, keep_max=self.keep_max)
            out.append(TextFlow(rich, para))
        if meta.subtitle:
            out.append(
                self.line_flow(self.plain(meta.subtitle, "serif", BODY_PT, 1), align="center")
            )
        byline = "\u3000".join(f"{a.role} {a.name}".strip() for a in meta.authors if a.name)
        if byline:
            out.append(self.line_flow(self.plain(byline, "serif", BODY_PT, 1), align="center"))
        if out:
            out.append(Spacer(0, LINE_PT))
        return out

    # -- the body

    def block(self, block: Block, nest: Nest) -> list[Flow]:
        top = not (nest.left or nest.right or nest.bars or nest.depth)
        if isinstance(block, Heading) and top:
            return self.heading(block, nest)
        if isinstance(block, Paragraph) and top and not block.align:
            run_in = run_in_length(block)
            if run_in is not None:
                return [self.run_in(block, *run_in)]
            return [
                self.text_flow(block.inlines, Span("serif", BODY_PT), block.line, self.body(nest))
            ]
        # quotes, lists, tables, code, figures: as in any document, then back on the grid
        return [*super().block(block, nest), GridSnap()]

    def heading(self, h: Heading, nest: Nest) -> list[Flow]:
        level = heading_level(h, self.levels)
        role, bold = LEVEL_FACES[level]
        para = self.body(nest, align="left", keep=True, keep_max=self.keep_max)
        outline_level = min(level - 1, self.outline_level + 1)
        self.outline_level = outline_level
        title = inline_text(h.inlines).replace("\n", " ")
        outline = Outline(title, outline_level, destination_key(h.id or f"line-{h.line}"))
        flow = self.text_flow(
            h.inlines, Span(role, BODY_PT, bold=bold), h.line, para, outline=outline
        )
        # Room for the heading and three lines, else a new page: the next paragraph then
        # keeps at least two lines with it (a split leaves two on each side), and no page
        # loses more than three lines (keeping it with the whole next block lost five).
        return [CondPageBreak(4 * LINE_PT - 1), flow]  # - 1: four lines left is room

    def run_in(self, block: Paragraph, level: int, length: int) -> TextFlow:
        """A paragraph whose first sentence is its heading, in the level's face."""
        role, bold = LEVEL_FACES[level]
        head, tail = split_inlines(block.inlines, length)
        b = self.builder(block.line)
        b.inlines(head, Span(role, BODY_PT, bold=bold))
        b.inlines(tail, Span("serif", BODY_PT))
        anchors = tuple(destination_key(a) for a in b.anchors)
        return TextFlow(b.done(), self.body(Nest()), anchors=anchors)

    # -- after the body

    def back_matter(self) -> list[Flow]:
        """附件说明 (one line under the body, 2 characters in, names aligned), room for the
        印章, 署名 centred over the 成文日期, the date 4 characters from the right edge, the
        附注 under it (7.3.4-7.3.6), then the 版记."""
        off = self.official
        out: list[Flow] = []
        attachments = attachment_lines(off)
        if attachments:
            out.append(Spacer(0, LINE_PT))
            number = text_width(attachments[-1].entry.split("．", 1)[0] + "．")
            label = text_width("附件：")
            name_at = 2 + label + (number if len(attachments) > 1 else 0)
            for item in attachments:
                start = 2 if item.label else 2 + label
                rich = self.plain(item.label + item.entry, "serif", BODY_PT, 1, autospace=None)
                indent = (start - name_at) * CHAR_PT
                out.append(self.line_flow(rich, left=name_at * CHAR_PT, indent=indent))
        if off.signature or off.date:
            out.append(Spacer(0, 2 * LINE_PT))  # the seal's top within a line of the text
        if off.signature:
            offset = (text_width(off.date) - text_width(off.signature)) / 2
            right = max(0.0, 4 + offset) if off.date else 2.0
            rich = self.plain(off.signature, "serif", BODY_PT, 1)
            out.append(self.line_flow(rich, align="right", right=right * CHAR_PT))
        if off.date:
            rich = self.plain(off.date, "serif", BODY_PT, 1)
            out.append(self.line_flow(rich, align="right", right=4 * CHAR_PT))
        if note := note_line(off):
            rich = self.plain(note, "serif", BODY_PT, 1, autospace=None)
            out.append(TextFlow(rich, self.body(Nest())))
        # 附件说明, 署名, 日期 and 附注 stay together (platypus keeps a run of flowables that
        # are each kept with the next one on one page)
        for flow in out[:-1]:
            flow.keepWithNext = True
        if has_record(off):
            out.append(Record(self.record_rows(off), self.numbers))
        return out

    def record_rows(self, off: Official) -> list[Flow]:
        """抄送 (4号, one character in on both sides, wrapping under itself) and 印发机关 with
        the 印发日期, each row between rules (7.4.2, 7.4.3)."""
        size = RECORD_PT
        rows: list[Flow] = []
        if cc := cc_line(off):
            rich = self.plain(cc, "serif", size, 1, tracking=0.0)
            para = Para(size, LINE_PT, "justify", left=size, right=size, indent=0.0)
            rows.append(TextFlow(rich, para))
        printer, when = printed_line(off)
        if printer or when:
            left = TextFlow(self.plain(printer, "serif", size, 1, tracking=0.0),
                            Para(size, LINE_PT, "left", left=size))  # fmt: skip
            right = TextFlow(self.plain(when, "serif", size, 1, tracking=0.0),
                             Para(size, LINE_PT, "right", right=size))  # fmt: skip
            rows.append(Pair(left, right))
        return rows

    def all_flowables(self) -> list[Flow]:
        body = self.blocks(self.doc.blocks, Nest())
        back = self.back_matter()
        # The 署名 and 日期 never open a page without body text (7.3.5): a short last
        # paragraph ("特此通知。") goes with them.
        tail = 0  # the last body block and the GridSnap after it, if any
        while tail < len(body) and isinstance(body[-1 - tail], GridSnap):
            tail += 1
        last = body[-1 - tail] if tail < len(body) else None
        signed = any(isinstance(f, TextFlow) and f.para.align == "right" for f in back)
        if isinstance(last, TextFlow) and signed and len(last.lines(self.frame_width)) <= 4:
            for flow in body[len(body) - 1 - tail :]:
                flow.keepWithNext = True
        return self.title_block() + body + back


# ------------------------------------------------------------------ the layout


class OfficialLayout(Layout):
    """GB/T 9704's page (A4 whatever the page size asked), its faces and its page numbers."""

    story_class = OfficialStory

    def page(self, ctx: WriteContext) -> PageSpec:
        if ctx.options.page_size != "A4":
            size = ctx.options.page_size
            ctx.warn("page-size", f"an official document is A4 (GB/T 9704), not {size}")
        top = PAGE.size[1] - PAGE.bottom - PAGE.height
        return PageSpec(PAGE.size, BODY_PT, CHARS, top, PAGE.bottom)

    def text_block(self, spec: PageSpec) -> tuple[float, float, float, float]:
        return PAGE.left, PAGE.bottom, PAGE.width, PAGE.height

    def fonts(self, ctx: WriteContext) -> FontSet:
        return font_set(ctx.locale, ctx.options, official=True)

    def flowables(self, story: Story, doc: Document) -> list[Flow]:
        assert isinstance(story, OfficialStory)
        return story.all_flowables()

    def templates(self, fonts: FontSet, spec: PageSpec, story: Story) -> list[PageTemplate]:
        assert isinstance(story, OfficialStory)
        frame = Frame(PAGE.left, PAGE.bottom, PAGE.width, PAGE.height, 0, 0, 0, 0, id="body")
        return [PageTemplate("page", [frame], onPageEnd=story.numbers)]


OFFICIAL = OfficialLayout()
