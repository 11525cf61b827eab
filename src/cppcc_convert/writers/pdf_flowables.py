"""Platypus flowables that lay out our rich text with our own line breaker (kinsoku, justified
by character spacing), plus figures and rules.

A ``TextFlow`` is one block of text. It breaks lines for the width it is offered, splits
between lines (never leaving a single line behind or ahead), and draws each line with one text
object: per run a text matrix (``Tm``, sheared for slanted runs), a face and a character spacing
(``Tc``) that spreads the line's slack, so justified lines end exactly at the margin.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from io import BytesIO
from typing import Any, Literal, cast

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus.flowables import Flowable

from ..resources import LoadedImage
from .pdf_linebreak import Line, Measure, break_lines
from .pdf_text import CODE_BG, Color, Look, RichText

SLANT = 0.2126  # tan 12°
MAX_SPACING = 0.6  # em per gap: looser lines are left-aligned rather than stretched
MIN_PART = 2  # lines kept together at a page break (no orphans, no widows)

Align = Literal["justify", "left", "center", "right"]


@dataclass(frozen=True)
class Para:
    """Block-level layout of a TextFlow."""

    size: float  # body size of the block: the em for indents, spacing and baselines
    leading: float
    align: Align = "justify"
    indent: float = 0.0  # first-line indent
    left: float = 0.0  # extra left indent (lists)
    right: float = 0.0
    code: bool = False  # break anywhere, keep spaces, never justify
    pad: float = 0.0  # inner padding (code blocks)
    background: Color | None = None
    bars: tuple[float, ...] = ()  # x of quote bars, relative to the flowable's left edge
    space_before: float = 0.0
    space_after: float = 0.0
    keep: bool = False  # never split (headings, captions, the title)...
    keep_max: float = 0.0  # ...unless taller than this (a page: it could never fit; 0: any)
    keep_with_next: bool = False


def destination_key(ident: str) -> str:
    """The PDF destination name of a document id (heading or anchor)."""
    return "a:" + ident


@dataclass(frozen=True)
class Outline:
    """A bookmark to place where the flowable is drawn."""

    title: str
    level: int
    key: str


class TextFlow(Flowable):
    """One block of rich text (or the rest of one, after a split)."""

    def __init__(
        self,
        rich: RichText,
        para: Para,
        *,
        start: int = 0,
        stop: int | None = None,
        label: RichText | None = None,
        outline: Outline | None = None,
        anchors: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        self.rich, self.para = rich, para
        self.start, self.stop = start, stop
        self.label, self.outline = label, outline
        self.anchors = anchors  # destination keys placed where this block starts
        self.spaceBefore, self.spaceAfter = para.space_before, para.space_after
        self.keepWithNext = para.keep_with_next
        self._cache: tuple[float, list[Line]] | None = None
        self.bar_tail = 0.0  # quote bars reach down this far, across the gap to the next block

    # -- layout

    def _inner(self, aw: float) -> float:
        p = self.para
        return aw - p.left - p.right - 2 * p.pad

    def lines(self, aw: float) -> list[Line]:
        """The lines of this block (or part) at available width ``aw``."""
        if self._cache is None or self._cache[0] != aw:
            p, w = self.para, self._inner(aw)
            first = w - p.indent if self.start == 0 else w
            out = break_lines(
                self.rich.text,
                self.rich.widths,
                Measure(first, w, p.size),
                code=p.code,
                start=self.start,
            )
            if self.stop is not None:
                out = [ln for ln in out if ln.start < self.stop]
            self._cache = (aw, out)
        return self._cache[1]

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.height = len(self.lines(aw)) * self.para.leading + 2 * self.para.pad
        return aw, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        lines = self.lines(aw)
        n = int((ah - 2 * self.para.pad + 1e-6) // self.para.leading)
        if n >= len(lines):
            return [self]
        n = min(n, len(lines) - MIN_PART)
        whole = len(lines) * self.para.leading + 2 * self.para.pad
        keep = self.para.keep and not (self.para.keep_max and whole > self.para.keep_max)
        if keep or n < MIN_PART:
            return []
        cut = lines[n].start
        head = TextFlow(
            self.rich,
            replace(self.para, space_after=0, keep_with_next=False),
            start=self.start,
            stop=cut,
            label=self.label,
            outline=self.outline,
            anchors=self.anchors,
        )
        tail = TextFlow(self.rich, replace(self.para, space_before=0), start=cut, stop=self.stop)
        # Both halves keep the lines already broken at this width: breaking the rest again on
        # every page made a long paragraph quadratic (a 5 MB line took many minutes).
        head._cache, tail._cache = (aw, lines[:n]), (aw, lines[n:])
        return [head, tail]

    # -- drawing

    def draw(self) -> None:
        canv, p = self.canv, self.para
        lines = self.lines(self.width)
        for key in self.anchors:
            canv.bookmarkHorizontal(key, 0, self.height)
        if self.outline is not None:
            canv.bookmarkHorizontal(self.outline.key, 0, self.height)
            canv.addOutlineEntry(self.outline.title, self.outline.key, self.outline.level, False)
        if p.background is not None:
            canv.setFillColorRGB(*p.background)
            canv.rect(p.left, 0, self.width - p.left - p.right, self.height, stroke=0, fill=1)
        for x in p.bars:
            canv.setStrokeColorRGB(0.75, 0.75, 0.75)
            canv.setLineWidth(2)
            canv.line(x, -self.bar_tail, x, self.height)
        segments: list[tuple[float, float, Look, str, float]] = []
        for i, line in enumerate(lines):
            baseline = self.height - p.pad - i * p.leading - p.leading / 2 - 0.36 * p.size
            segments += self._line_segments(line, baseline)
        if self.label is not None and self.start == 0 and lines:
            segments += self._label_segments(self.height - p.pad - p.leading / 2 - 0.36 * p.size)
        _draw_segments(canv, segments)

    def _line_segments(self, line: Line, y: float) -> list[tuple[float, float, Look, str, float]]:
        p, rich = self.para, self.rich
        avail = self._inner(self.width)
        x = p.left + p.pad
        if line.start == 0 and self.start == 0:
            x += p.indent
            avail -= p.indent
        slack = avail - line.width
        count = line.end - line.start
        spacing = 0.0
        if slack < 0 and count > 1 and not p.code:
            # The line breaker pulled a character back to keep a mark off a line's start or
            # end: squeeze the line into the measure whatever the alignment.
            spacing = slack / (count - 1)
        elif p.align == "justify" and not line.hard and not p.code and count > 1:
            spacing = slack / (count - 1)
            if spacing > MAX_SPACING * p.size:
                spacing = 0.0
        elif p.align == "center":
            x += slack / 2
        elif p.align == "right":
            x += slack
        out = []
        i, k = line.start, rich.run_at(line.start)
        while i < line.end:
            stop = rich.starts[k + 1] if k + 1 < len(rich.starts) else len(rich.text)
            j = min(stop, line.end)
            cut = rich.next_compressed(i, j)
            if cut is not None:  # a half-width mark: the next glyph starts half an em early
                j = cut + 1
            text = rich.text[i:j].replace("\n", "")
            w = sum(rich.widths[i:j]) + spacing * (j - i)
            if text:
                out.append((x, y, rich.looks[k], text, spacing))
            x += w
            i = j
            if j >= stop:
                k += 1
        return out

    def _label_segments(self, y: float) -> list[tuple[float, float, Look, str, float]]:
        assert self.label is not None
        lab = self.label
        width = sum(lab.widths)
        x = self.para.left - width - 0.5 * self.para.size
        return [(x, y, lab.looks[0], lab.text, 0.0)] if lab.looks else []


def _seg_width(canv: Any, seg: tuple[float, float, Look, str, float]) -> float:
    _x, _, look, text, spacing = seg
    return float(canv.stringWidth(text, look.font, look.size)) + spacing * (len(text) - 1)


def _draw_segments(canv: Any, segments: list[tuple[float, float, Look, str, float]]) -> None:
    """Backgrounds, then all text in one text object, then lines and link areas."""
    for seg in segments:
        x, y, look, _, _ = seg
        if look.code_bg:
            canv.setFillColorRGB(*CODE_BG)
            w = _seg_width(canv, seg)
            canv.rect(x - 1, y - 0.25 * look.size, w + 2, 1.15 * look.size, stroke=0, fill=1)
    _emit_text(canv, segments)
    for seg in segments:
        x, y, look, _text, _ = seg
        if not (look.strike or look.underline or look.link):
            continue
        w = _seg_width(canv, seg)
        canv.setStrokeColorRGB(*look.color)
        canv.setLineWidth(max(0.4, look.size / 18))
        if look.strike:
            canv.line(x, y + 0.3 * look.size, x + w, y + 0.3 * look.size)
        if look.underline:
            canv.line(x, y - 0.15 * look.size, x + w, y - 0.15 * look.size)
        if look.link:
            rect = (x, y - 0.25 * look.size, x + w, y + 0.9 * look.size)
            if look.link.startswith("#"):  # a destination in this PDF
                canv.linkRect("", destination_key(look.link[1:]), rect, relative=1, thickness=0)
            else:
                canv.linkURL(look.link, rect, relative=1, thickness=0)


def _emit_text(canv: Any, segments: list[tuple[float, float, Look, str, float]]) -> None:
    """All segments as one BT/ET block of raw operators.

    reportlab's ``textOut`` re-measures every string and formats numbers in pure Python; we
    already know every position, so we write ``Tm Tf Tc rg Tj`` ourselves (3x faster). Fonts
    go through reportlab's own subsetting (``splitString``), so embedding is unchanged."""
    doc = canv._doc
    code = ["q BT"]  # q/Q: our colour and Tc must not leak into later drawing
    color: Color | None = None
    spacing: float | None = None
    current = ""
    for x, y, look, text, sp in segments:
        code.append(f"1 0 {SLANT if look.slant else 0} 1 {x:.3f} {y + look.rise:.3f} Tm")
        if sp != spacing:
            code.append(f"{sp:.4f} Tc")
            spacing = sp
        if look.color != color:
            code.append("{:.3f} {:.3f} {:.3f} rg".format(*look.color))
            color = look.color
        font = cast(TTFont, pdfmetrics.getFont(look.font))  # registered by pdf_fonts: TrueType
        for subset, chunk in font.splitString(text, doc):
            name = f"{font.getSubsetInternalName(subset, doc)} {look.size:g} Tf"
            if name != current:
                code.append(name)
                current = name
            code.append(f"({canv._escape(chunk)}) Tj")
    code.append("ET Q")
    canv._code.append("\n".join(code))


class Picture(Flowable):
    """A block image, scaled to fit the frame (and at most ``max_frac`` of its height)."""

    def __init__(self, image: LoadedImage, max_height: float, space: float) -> None:
        super().__init__()
        self.image = image
        self.max_height = max_height
        self.spaceBefore = self.spaceAfter = space
        self.keepWithNext = True  # its caption follows

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        im = self.image
        w = im.width * 72 / im.dpi[0]
        h = im.height * 72 / im.dpi[1]
        scale = min(1.0, aw / w, self.max_height / h)
        self.draw_w, self.draw_h = w * scale, h * scale
        self.width = aw
        self.height = self.draw_h
        return aw, self.height

    def draw(self) -> None:
        reader = ImageReader(BytesIO(self.image.data))
        x = (self.width - self.draw_w) / 2
        self.canv.drawImage(reader, x, 0, self.draw_w, self.draw_h, mask="auto")


class RuleLine(Flowable):
    """A thematic break: a short centred line."""

    def __init__(self, space: float) -> None:
        super().__init__()
        self.spaceBefore = self.spaceAfter = space

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = aw, 1.0
        return aw, 1.0

    def draw(self) -> None:
        self.canv.setStrokeColorRGB(0.6, 0.6, 0.6)
        self.canv.setLineWidth(0.6)
        self.canv.line(self.width * 0.3, 0.5, self.width * 0.7, 0.5)
