"""DOCX for an official document (公文) to GB/T 9704-2012: its styles, page, grid, 版头, the
parts around the body, the 版记 and the odd/even page numbers (no python-docx import here).

Numbers follow the standard (clauses in brackets) and what bench/gbt9704.py measured of Word's
and LibreOffice's arithmetic (docs/official-peers.md, "Facts the preset will need"):

- A4, margins 37/26/35/28 mm: a 156 × 225 mm text block (5.2.1).
- 22 lines a page: a line grid (``w:docGrid w:type="lines"``) of 579 twips and exact lines of
  579 twips. 28 characters a line: 16 pt characters need 158 mm, so the body runs 0.25 pt
  tighter (``w:spacing w:val="-5"``, 15.75 pt a character). Word's usual ``linesAndChars``
  grid gives the same 28 in Word, but LibreOffice sets a character wider than its cell over
  two cells (14 a line), so the line grid is the one both agree on (5.2.3).
- Punctuation is not compressed: each full-width mark takes a character's cell, as the grid
  of a 公文 wants (``characterSpacingControl doNotCompress``).
- The 版头 is placed in millimetres, off the grid (``w:snapToGrid w:val="0"``): the issuer's
  top edge 35 mm under the text block's top, the 发文字号 two lines under it, the red rule
  4 mm under the 发文字号 (7.2).
- The 版记 is its own section starting on an even page, its last rule on the bottom edge of
  the text block (20 empty grid lines above a two-row table): Word paginates, so the writer
  cannot know whether the body's last page is even with room to spare (7.4).
- Page numbers "— N —" in 4号 宋体, odd pages right and even pages left, one character in,
  7 mm under the text block (footer distance 25.7 mm) (7.5).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import ceil, floor

from ..model import Block, Document, Heading, Official, Paragraph
from .common import split_inlines
from .docx_body import BodyWriter, Env, Fmt, text_run
from .docx_styles import STYLES, StyleDef, sz
from .docx_xml import NSDECL, attr
from .official_layout import (
    ISSUER_DROP_MM,
    ISSUER_PT,
    RED,
    attachment_lines,
    cc_line,
    has_record,
    head_marks,
    heading_level,
    heading_levels,
    note_line,
    printed_line,
    run_in_length,
    signer_label,
    text_width,
    title_lines,
)

TW_PER_MM = 1440 / 25.4
PITCH = 579  # twips: 28.95 pt, 22 lines in 225 mm
CELL = 315  # twips: a body character of 15.75 pt (16 pt less 0.25 pt of spacing)
PAGE_TW = (11906, 16838)
MARGINS_TW = (2098, 1474, 1984, 1587)  # top, right, bottom, left: 37, 26, 35, 28 mm
FOOTER_TW = 1457  # 25.7 mm: the bottom of a 14 pt line 2.3 mm under its dash, 7 mm under the block
TEXT_WIDTH = PAGE_TW[0] - MARGINS_TW[1] - MARGINS_TW[3]  # 8845 twips = 156 mm
RECORD_CELL = 280  # a 4号 (14 pt) character
RECORD_CHARS = (TEXT_WIDTH - 2 * RECORD_CELL) // RECORD_CELL

_EXACT = f'<w:spacing w:before="0" w:after="0" w:line="{PITCH}" w:lineRule="exact"/>'
_NO_GRID = '<w:snapToGrid w:val="0"/>'
_NO_AUTOSPACE = '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
_FILL = f'{_NO_GRID}<w:spacing w:before="0" w:after="0" w:line="{PITCH}" w:lineRule="exact"/>'
_FLUSH = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
_INDENT2 = f'<w:ind w:firstLineChars="200" w:firstLine="{2 * CELL}"/>'


def _level(level: int, role: str, bold: bool) -> StyleDef:
    return StyleDef(
        key=f"Heading{level}",
        name=f"heading {level}",
        kind="paragraph",
        based_on="Normal",
        next="BodyText",
        role=role,
        ppr=f'<w:keepNext/><w:keepLines/>{_EXACT}{_INDENT2}<w:jc w:val="both"/>'
        f'<w:outlineLvl w:val="{level - 1}"/>',
        rpr=("<w:b/><w:bCs/>" if bold else "") + sz(32),
        priority=9,
    )


def _run_in(level: int, role: str, bold: bool) -> StyleDef:
    return StyleDef(
        key=f"Level{level}Char",
        name=f"Level {level} Run-in",
        kind="character",
        based_on="DefaultParagraphFont",
        role=role,
        rpr="<w:b/><w:bCs/>" if bold else "",
        priority=9,
    )


def _para(key: str, name: str, role: str, ppr: str, rpr: str = "") -> StyleDef:
    return StyleDef(key, name, "paragraph", "Normal", role=role, ppr=ppr, rpr=rpr, priority=20)


_LEVELS = ((1, "level1", False), (2, "level2", False), (3, "level3", True), (4, "level4", False))

# Our styles with the official ones in place of their namesakes, and the official parts'.
_OWN: tuple[StyleDef, ...] = (
    StyleDef("Normal", "Normal", "paragraph", role="body", default=True, priority=0,
             ppr=f'<w:widowControl w:val="0"/>{_EXACT}<w:jc w:val="both"/>',
             rpr='<w:spacing w:val="-5"/>' + sz(32)),
    StyleDef("BodyText", "Body Text", "paragraph", "Normal", role="body", priority=1,
             ppr=_INDENT2 + '<w:jc w:val="both"/>'),
    StyleDef("Title", "Title", "paragraph", "Normal", "Addressee", role="title", priority=10,
             ppr=f'<w:keepNext/><w:keepLines/>{_NO_GRID}{_FLUSH}<w:jc w:val="center"/>',
             rpr=sz(44)),
    StyleDef("Subtitle", "Subtitle", "paragraph", "Normal", "Addressee", role="subtitle",
             priority=11, ppr=f'<w:keepNext/>{_FLUSH}<w:jc w:val="center"/>', rpr=sz(32)),
    StyleDef("Author", "Author", "paragraph", "Normal", "BodyText", role="author", priority=12,
             ppr=f'<w:keepNext/>{_FLUSH}<w:jc w:val="center"/>', rpr=sz(32)),
    *(_level(n, role, bold) for n, role, bold in _LEVELS),
    _level(5, "level4", False),
    _level(6, "level4", False),
    *(_run_in(n, role, bold) for n, role, bold in _LEVELS),
    _para("Issuer", "Issuer (发文机关标志)", "issuer",
          f'{_NO_GRID}<w:spacing w:before="{round(ISSUER_DROP_MM * TW_PER_MM) - 60}" '
          f'w:after="0" w:line="{round(ISSUER_PT * 20) + 40}" w:lineRule="exact"/>{_FLUSH}'
          '<w:jc w:val="center"/>',
          f'<w:color w:val="{RED}"/><w:spacing w:val="0"/>' + sz(round(ISSUER_PT * 2))),
    _para("HeadMark", "Head Mark (份号, 密级, 紧急程度)", "level1",
          f'{_NO_GRID}{_FLUSH}<w:jc w:val="left"/>'),
    _para("DocNumber", "Document Number (发文字号)", "body",
          f'{_NO_GRID}{_FLUSH}<w:jc w:val="center"/>'),
    _para("RedRule", "Red Rule (分隔线)", "body",
          f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="0" w:color="{RED}"/></w:pBdr>'
          f'{_NO_GRID}<w:spacing w:before="0" w:after="0" w:line="{round(2.4 * TW_PER_MM)}" '
          'w:lineRule="exact"/>'),
    _para("Addressee", "Addressee (主送机关)", "body", f'{_FLUSH}<w:jc w:val="both"/>'),
    _para("Attachments", "Attachments (附件说明)", "body", '<w:jc w:val="left"/>'),
    _para("Signature", "Signature (发文机关署名)", "body", f'{_NO_AUTOSPACE}<w:jc w:val="right"/>'),
    _para("DocDate", "Date (成文日期)", "body",
          f'{_NO_AUTOSPACE}<w:ind w:right="{4 * CELL}"/><w:jc w:val="right"/>'),
    _para("Note", "Note (附注)", "body", _INDENT2 + '<w:jc w:val="both"/>'),
    _para("Record", "Record (版记)", "body",
          f'{_NO_GRID}<w:spacing w:before="0" w:after="0" w:line="{PITCH - 40}" '
          f'w:lineRule="exact"/><w:ind w:left="{RECORD_CELL}" w:right="{RECORD_CELL}" '
          'w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="both"/>',
          '<w:spacing w:val="0"/>' + sz(28)),
    _para("Footer", "footer", "page-number",
          f'{_NO_GRID}<w:spacing w:before="0" w:after="0" w:line="280" w:lineRule="exact"/>',
          '<w:spacing w:val="0"/>' + sz(28)),
)  # fmt: skip
OFFICIAL_STYLES: tuple[StyleDef, ...] = (
    *_OWN,
    *(sd for sd in STYLES if sd.key not in {o.key for o in _OWN}),
)


def sect_pr_xml() -> str:
    """The official page: A4, the GB margins, a line grid of 579 twips."""
    top, right, bottom, left = MARGINS_TW
    return (
        f'<w:sectPr><w:pgSz w:w="{PAGE_TW[0]}" w:h="{PAGE_TW[1]}"/>'
        f'<w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" '
        f'w:header="851" w:footer="{FOOTER_TW}" w:gutter="0"/><w:cols w:space="425"/>'
        f'<w:docGrid w:type="lines" w:linePitch="{PITCH}"/></w:sectPr>'
    )


def footer_xml(style_id: str, *, odd: bool) -> str:
    """ "— N —", odd pages one character in from the right, even pages from the left."""
    side, jc = ("right", "right") if odd else ("left", "left")
    run = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'
    return (
        f'<w:ftr {NSDECL}><w:p><w:pPr><w:pStyle w:val="{attr(style_id)}"/>'
        f'<w:ind w:{side}="{RECORD_CELL}"/><w:jc w:val="{jc}"/></w:pPr>'
        + run.format("— ")
        + '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        + run.format(" —")
        + "</w:p></w:ftr>"
    )


def issuer_size(issuer: str) -> float:
    """The issuer's size in points: 26, or less so that it fits one line of the block."""
    fits = (TEXT_WIDTH / 20) / max(text_width(issuer), 1.0)
    return min(ISSUER_PT, floor(fits * 2) / 2)


def issuer_run(issuer: str) -> str:
    """The issuer's run, with its own size when it has to be smaller than the style's."""
    size = issuer_size(issuer)
    if size >= ISSUER_PT:
        return text_run(issuer, Fmt())
    half = round(size * 2)
    rpr = f'<w:rPr><w:sz w:val="{half}"/><w:szCs w:val="{half}"/></w:rPr>'
    return text_run(issuer, Fmt()).replace("<w:r>", f"<w:r>{rpr}", 1)


@dataclass
class OfficialBodyWriter(BodyWriter):
    """The body of an official document: the 版头 and title, headings at their 公文 level,
    run-in headings in their level's face, then the parts after the body."""

    levels: dict[int, int] = field(default_factory=dict)

    def empty(self, key: str = "BodyText", count: int = 1) -> None:
        for _ in range(count):
            self.para(key, "")

    def plain(self, text: str) -> str:
        return text_run(text, Fmt())

    def front_matter(self, doc: Document) -> None:
        """份号/密级/紧急程度, the issuer in red, the 发文字号 (and 签发人), the red rule, the
        title two lines under it, the 主送机关 one line under the title."""
        official = doc.meta.official or Official()
        self.levels = heading_levels(doc)
        for mark in head_marks(official):
            self.para("HeadMark", self.plain(mark))
        if official.issuer:
            self.para("Issuer", issuer_run(official.issuer))
            self.empty("DocNumber", 2)
        if official.number or official.signer:
            self.number_line(official)
        if official.issuer or official.number:
            self.para("RedRule", "")
            self.empty(count=2)
        lines = title_lines(doc.meta.title)
        if lines:
            self.para("Title", "<w:r><w:br/></w:r>".join(self.plain(t) for t in lines))
        if doc.meta.subtitle:
            self.para("Subtitle", self.plain(doc.meta.subtitle))
        byline = "\u3000".join(f"{a.role} {a.name}".strip() for a in doc.meta.authors if a.name)
        if byline:
            self.para("Author", self.plain(byline))
        if lines or byline:
            self.empty()
        if official.to:
            self.para("Addressee", self.plain(official.to + "："))

    def number_line(self, official: Official) -> None:
        """Centred; for an upward document (签发人) one character in from the left with the
        签发人 one character in from the right on the same line (7.2.6)."""
        if not official.signer:
            self.para("DocNumber", self.plain(official.number))
            return
        tab = TEXT_WIDTH - 2 * CELL
        label = self.plain(signer_label(official))
        name = text_run(official.signer, Fmt(style=self.ids["Level2Char"]))  # 楷体
        self.para(
            "DocNumber",
            f"{self.plain(official.number)}<w:r><w:tab/></w:r>{label}{name}",
            ind=f'<w:tabs><w:tab w:val="right" w:pos="{tab}"/></w:tabs>'
            f'<w:ind w:left="{CELL}" w:right="{CELL}" w:firstLineChars="0" w:firstLine="0"/>',
            jc='<w:jc w:val="left"/>',
        )

    def block(self, block: Block, env: Env) -> None:
        if isinstance(block, Heading) and env.ilvl < 0 and not env.quote:
            level = heading_level(block, self.levels)
            runs = self.runs(block.inlines, Fmt(), block.line)
            self.para(f"Heading{level}", self.bookmark(block.id, runs))
            return
        if isinstance(block, Paragraph) and env.ilvl < 0 and not env.quote and not block.align:
            run_in = run_in_length(block)
            if run_in is not None:
                level, length = run_in
                head, tail = split_inlines(block.inlines, length)
                style = self.ids[f"Level{level}Char"]
                runs = self.runs(head, Fmt(style=style), block.line)
                self.para("BodyText", runs + self.runs(tail, Fmt(), block.line))
                return
        super().block(block, env)

    def back_matter(self, doc: Document) -> None:
        """附件说明 (one line under the body, 2 characters in, names aligned), room for the
        印章, 署名 centred over the 成文日期, the date 4 characters from the right edge, the
        附注 under it (7.3.4-7.3.6)."""
        official = doc.meta.official or Official()
        attachments = attachment_lines(official)
        if attachments:
            self.empty()
            number = text_width(attachments[-1].entry.split("．", 1)[0] + "．")
            label = text_width("附件：")
            name_at = 2 + label + (number if len(attachments) > 1 else 0)
            for item in attachments:
                start = 2 if item.label else 2 + label
                left = round(name_at * CELL)
                ind = f'<w:ind w:left="{left}" w:hanging="{left - round(start * CELL)}"/>'
                self.para("Attachments", self.plain(item.label + item.entry), ind=ind)
        if official.signature or official.date:
            self.empty(count=2)  # the seal's top within a line of the text above (7.3.5.1)
        if official.signature:
            offset = (text_width(official.date) - text_width(official.signature)) / 2
            right = max(0.0, 4 + offset) if official.date else 2.0
            self.para(
                "Signature",
                self.plain(official.signature),
                ind=f'<w:ind w:right="{round(right * CELL)}"/>',
            )
        if official.date:
            self.para("DocDate", self.plain(official.date))
        if note := note_line(official):
            self.para("Note", self.plain(note))

    def record(self, official: Official) -> list[str]:
        """The 版记 as body XML: empty grid lines, then the ruled table with 抄送 and 印发, its
        last rule on the text block's bottom edge."""
        rows: list[str] = []
        record_id = attr(self.ids["Record"])
        if cc := cc_line(official):
            lines = ceil(text_width(cc) / RECORD_CHARS)
            rows.append(
                self._row(
                    f'<w:p><w:pPr><w:pStyle w:val="{record_id}"/></w:pPr>{self.plain(cc)}</w:p>'
                )
            )
            used = lines
        else:
            used = 0
        printer, when = printed_line(official)
        if printer or when:
            tab = TEXT_WIDTH - RECORD_CELL
            rows.append(
                self._row(
                    f'<w:p><w:pPr><w:pStyle w:val="{record_id}"/>'
                    f'<w:tabs><w:tab w:val="right" w:pos="{tab}"/></w:tabs></w:pPr>'
                    f"{self.plain(printer)}<w:r><w:tab/></w:r>{self.plain(when)}</w:p>"
                )
            )
            used += 1
        fill = max(0, 22 - used)
        out = [f'<w:p><w:pPr><w:pStyle w:val="{record_id}"/>{_FILL}</w:pPr></w:p>'] * fill
        out.append(
            "<w:tbl><w:tblPr>"
            f'<w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/>'
            '<w:tblBorders><w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
            '<w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
            '<w:insideH w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:tblBorders>'
            '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/>'
            '<w:right w:w="0" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr>'
            f'<w:tblGrid><w:gridCol w:w="{TEXT_WIDTH}"/></w:tblGrid>{"".join(rows)}</w:tbl>'
        )
        # a table must not end the body: a one-twip paragraph after it takes no room
        out.append(
            f'<w:p><w:pPr><w:pStyle w:val="{record_id}"/>{_NO_GRID}'
            '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr></w:p>'
        )
        return out

    @staticmethod
    def _row(paragraph: str) -> str:
        return (
            f'<w:tr><w:tc><w:tcPr><w:tcW w:w="{TEXT_WIDTH}" w:type="dxa"/></w:tcPr>'
            f"{paragraph}</w:tc></w:tr>"
        )


def official_body(doc: Document, writer: OfficialBodyWriter) -> tuple[str, str]:
    """The body XML and, when the document has a 版记, the 版记's (its own section)."""
    writer.front_matter(doc)
    writer.blocks(doc.blocks, Env())
    writer.back_matter(doc)
    body = "".join(writer.out)
    official = doc.meta.official or Official()
    record = "".join(writer.record(official)) if has_record(official) else ""
    return body, record
