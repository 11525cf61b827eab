"""Platypus flowables that lay out our rich text with our own line breaker (kinsoku, justified
by character spacing), plus figures and rules.

A ``TextFlow`` is one block of text. It breaks lines for the width it is offered, splits
between lines (never leaving a single line behind or ahead), and draws each line (``pdf_draw``)
with one text object: per run a text matrix (``Tm``, sheared for slanted runs), a face and a
character spacing (``Tc``) that spreads the line's slack, so justified lines end exactly at the
margin.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from io import BytesIO
from typing import Literal, NamedTuple

from reportlab.lib.utils import ImageReader

from ..resources import LoadedImage
from .pdf_draw import Group, Segment, draw_bullet, draw_segments
from .pdf_flow import Flowable
from .pdf_linebreak import EPS, Measure, break_lines
from .pdf_lines import Line, Lines
from .pdf_text import Color, RichText

MAX_SPACING = 0.6  # em per gap: looser lines are left-aligned rather than stretched
MIN_PART = 2  # lines kept together at a page break (no orphans, no widows)

Align = Literal["justify", "left", "center", "right"]


class Para(NamedTuple):
    """Block-level layout of a TextFlow (a named tuple: one is built per block, at a third of
    the cost of a frozen dataclass; ``_replace`` makes a changed copy)."""

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
    balance: bool = False  # lines of even length (headlines), not a full line and a short one
    min_part: int = MIN_PART  # lines kept together on each side of a page break


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
        label: RichText | str | None = None,
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
        self._cache: tuple[float, Lines] | None = None
        self.bar_tail = 0.0  # quote bars reach down this far, across the gap to the next block

    # -- layout

    def _inner(self, aw: float) -> float:
        p = self.para
        return aw - p.left - p.right - 2 * p.pad

    def lines(self, aw: float) -> Lines:
        """The lines of this block (or part) at available width ``aw``."""
        if self._cache is None or self._cache[0] != aw:
            p, w = self.para, self._inner(aw)
            out = self._break(w)
            if p.balance and not all(ln.hard for ln in out):
                out = self._balanced(w, out)
            if self.stop is not None:  # the lines start in order: those before stop
                out = out[: next((k for k, ln in enumerate(out) if ln.start >= self.stop), None)]
            self._cache = (aw, out)
        return self._cache[1]

    def _break(self, w: float) -> Lines:
        p = self.para
        first = w - p.indent if self.start == 0 else w
        return break_lines(
            self.rich.text,
            self.rich.widths,
            Measure(first, w, p.size),
            code=p.code,
            start=self.start,
            trail=None if p.code else self.rich.trail,
            glue=self.rich.glue,
        )

    def _balanced(self, w: float, out: Lines) -> Lines:
        """The narrowest measure that still gives as many lines: a headline that needs two
        lines gets two of about the same length."""
        lo, hi = max(ln.width for ln in out) / 2, w
        best = out
        for _ in range(10):
            mid = (lo + hi) / 2
            trial = self._break(mid)
            if len(trial) <= len(out) and all(ln.width <= mid + EPS for ln in trial):
                hi, best = mid, trial
            else:
                lo = mid
        return best

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.height = len(self.lines(aw)) * self.para.leading + 2 * self.para.pad
        return aw, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        lines = self.lines(aw)
        n = int((ah - 2 * self.para.pad + 1e-6) // self.para.leading)
        if n >= len(lines):
            return [self]
        n = min(n, len(lines) - self.para.min_part)
        whole = len(lines) * self.para.leading + 2 * self.para.pad
        keep = self.para.keep and not (self.para.keep_max and whole > self.para.keep_max)
        if keep or n < self.para.min_part:
            return []
        cut = lines[n].start
        head = type(self)(  # a table's cell splits into cells
            self.rich,
            self.para._replace(space_after=0, keep_with_next=False),
            start=self.start,
            stop=cut,
            label=self.label,
            outline=self.outline,
            anchors=self.anchors,
        )
        tail = type(self)(self.rich, self.para._replace(space_before=0), start=cut, stop=self.stop)
        # Both halves keep the lines already broken at this width: breaking the rest again on
        # every page made a long paragraph quadratic (a 5 MB line took many minutes). A long
        # text's lines are a LineTable, and these are views of it, not copies.
        head._cache, tail._cache = (aw, lines[:n]), (aw, lines[n:])
        return [head, tail]

    # -- drawing

    def draw(self) -> None:  # what it draws besides segments(): pdf_pages._text_only
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
        if isinstance(self.label, str) and self.start == 0 and lines:  # a list bullet
            y = self.height - p.pad - p.leading / 2 - 0.36 * p.size
            draw_bullet(canv, self.label, p.left - 0.85 * p.size, y + 0.32 * p.size, p.size)
        draw_segments(canv, self.segments())

    def segments(self) -> list[Segment]:
        """What ``draw`` draws as text: the list marker (a number) and every line's runs."""
        p = self.para
        lines = self.lines(self.width)
        segments: list[Segment] = []
        if isinstance(self.label, RichText) and self.start == 0 and lines:  # read first
            y = self.height - p.pad - p.leading / 2 - 0.36 * p.size
            segments += self._label_segments(y)
        for i, line in enumerate(lines):
            baseline = self.height - p.pad - i * p.leading - p.leading / 2 - 0.36 * p.size
            segments += self._line_segments(line, baseline)
        return segments

    def _line_segments(self, line: Line, y: float) -> list[Segment]:
        """One segment per run of the line, at its x, with the character spacing of each
        stretch: justification widens only the gaps between CJK characters (and between
        them and Latin text) and Latin word spaces, never inside a word, a number or code."""
        rich = self.rich
        start, end = line.start, line.end
        x, spacing, rigid_sp = self._placement(line)
        if not self._has_special(start, end):  # most lines: one stretch per run
            return self._plain_segments(line, x, y, spacing)
        special, spans = self._special_gaps(start, end, spacing, rigid_sp)
        cuts = set(special) | {c + 1 for c in special}
        cuts.update(spans)
        cuts.update(b + 1 for b in spans.values())
        points = [*sorted(cuts), end + 1]  # a last one past every a: no bound checks
        trimmed = rich.trimmed(end - 1) if line.trim else None
        out: list[Segment] = []
        text, widths, starts, glue = rich.text, rich.widths, rich.starts, rich.glue
        closing, tracking = set(spans.values()), rich.tracking
        i, k = start, rich.run_at(start)
        e = 0  # next cut point to use
        while i < end:
            stop = min(starts[k + 1] if k + 1 < len(starts) else len(text), end)
            groups: list[Group] = []
            width = sum(widths[i:stop]) + spacing * (min(stop, end - 1) - i)
            a = i
            while a < stop:
                while points[e] <= a:
                    e += 1
                b = min(points[e], stop)
                if b == a + 1 and a in special:
                    sp = special[a]
                    width += sp - glue.get(a, 0.0) - spacing  # glue is in widths already
                else:
                    sp = spacing
                last = spans.get(a)
                actual = text[a : last + 1] if last is not None else ""
                drawn = self._drawn(a, b, end, trimmed)
                groups.append((sp + tracking, drawn, actual, b - 1 in closing))
                a = b
            if stop == end:
                width -= line.trim
            out.append((x, y, rich.looks[k], width, groups))
            x += width
            i = stop
            k += 1
        return out

    def _plain_segments(self, line: Line, x: float, y: float, spacing: float) -> list[Segment]:
        """``_line_segments`` of a line with no special gap: each run is one stretch."""
        rich = self.rich
        start, end = line.start, line.end
        trimmed = rich.trimmed(end - 1) if line.trim else None
        widths, starts, looks = rich.widths, rich.starts, rich.looks
        sp = spacing + rich.tracking
        last_run = len(starts) - 1
        k = rich.run_at(start)
        out: list[Segment] = []
        i = start
        while i < end:
            stop = starts[k + 1] if k < last_run else end
            if stop >= end:
                stop = end
                width = sum(widths[i:end]) + spacing * (end - 1 - i) - line.trim
            else:
                width = sum(widths[i:stop]) + spacing * (stop - i)
            drawn = self._drawn(i, stop, end, trimmed)
            out.append((x, y, looks[k], width, [(sp, drawn, "", False)]))
            x += width
            i = stop
            k += 1
        return out

    def _placement(self, line: Line) -> tuple[float, float, float]:
        """Where the line starts (indent and alignment) and the spacing added to its
        stretchable gaps and to its rigid ones: (x, spacing, rigid spacing)."""
        p, rich = self.para, self.rich
        avail = self._inner(self.width)
        x = p.left + p.pad
        if line.start == 0 and self.start == 0:
            x += p.indent
            avail -= p.indent
        start, end = line.start, line.end
        slack = avail - line.width
        gaps = max(end - start - 1, 0)
        rigid = rich.rigid
        stretch = gaps - (bisect_left(rigid, end - 1) - bisect_left(rigid, start))
        spacing = rigid_sp = 0.0
        if p.code:
            pass
        elif slack < -EPS and gaps:
            # The breaker kept a mark on this line by squeezing it into the measure.
            spacing = slack / stretch if stretch else slack / gaps
            rigid_sp = 0.0 if stretch else spacing
        elif p.align == "justify" and not line.hard and stretch:
            spacing = slack / stretch
            if spacing > MAX_SPACING * p.size:
                spacing = 0.0  # too loose: left-aligned rather than stretched
        elif p.align == "center":
            x += slack / 2
        elif p.align == "right":
            x += slack
        return x, spacing, rigid_sp

    def _has_special(self, start: int, end: int) -> bool:
        """Whether ``_special_gaps`` finds any gap in ``text[start:end]`` (a rigid gap or a
        glue), asked without building its dictionaries."""
        rigid, glue_at = self.rich.rigid, self.rich.glue_at
        return bool(
            (rigid and bisect_left(rigid, start) != bisect_left(rigid, end - 1))
            or (glue_at and bisect_left(glue_at, start) != bisect_left(glue_at, end - 1))
        )

    def _special_gaps(
        self, start: int, end: int, spacing: float, rigid_sp: float
    ) -> tuple[dict[int, float], dict[int, int]]:
        """The gaps of ``text[start:end]`` that differ from ``spacing`` (rigid ones, and
        glue: autospace, code cells) with their spacing; and the spans of characters around
        glue (first -> last character)."""
        rich = self.rich
        rigid = rich.rigid
        r_lo, r_hi = bisect_left(rigid, start), bisect_left(rigid, end - 1)
        special: dict[int, float] = dict.fromkeys(rigid[r_lo:r_hi], rigid_sp)
        glue, glue_at = rich.glue, rich.glue_at
        glued = glue_at[bisect_left(glue_at, start) : bisect_left(glue_at, end - 1)]
        for g in glued:
            special[g] = special.get(g, spacing) + glue[g]
        # Characters on both sides of a glue are one marked-content span whose /ActualText
        # is their text: pdftotext reads a gap wider than 0.1 em as a space, so "2024年"
        # would copy out as "2024 年" (pdfminer, which ignores the span, keeps no space
        # for a gap under its tolerance either).
        spans: dict[int, int] = {}  # first character -> last character of a span
        for g in glued:
            first = next((a for a, b in spans.items() if b == g), g)
            spans[first] = g + 1
        return special, spans

    def _drawn(self, a: int, b: int, end: int, trimmed: str | None) -> str:
        """What is drawn for ``text[a:b]``: substitutes (variants, boxes' stand-ins) applied."""
        rich = self.rich
        draw_at = rich.draw_at
        lo = bisect_left(draw_at, a)
        last = trimmed is not None and a <= end - 1 < b
        if (lo == len(draw_at) or draw_at[lo] >= b) and not last:
            return rich.text[a:b]
        chars = list(rich.text[a:b])
        for c in draw_at[lo : bisect_left(draw_at, b)]:
            chars[c - a] = rich.draw[c]
        if last:
            chars[end - 1 - a] = trimmed  # type: ignore[assignment]  # checked above
        return "".join(chars)

    def _label_segments(self, y: float) -> list[Segment]:
        lab = self.label
        assert isinstance(lab, RichText)
        width = sum(lab.widths)
        x = self.para.left - width - 0.5 * self.para.size
        return [(x, y, lab.looks[0], width, [(0.0, lab.text, "", False)])] if lab.looks else []


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
