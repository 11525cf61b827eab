"""The flowables of an official document's PDF (GB/T 9704-2012), and its page: ``GridSnap``
keeps the body on the 22-line grid, ``Rule`` and ``Pair`` build the 版头 and the 版记,
``PageNumbers`` draws "— N —" odd right and even left, and ``Record`` puts the 版记 at the foot
of the last even page (after a ``BlankPage`` where it needs one). ``pdf_official`` places them.
Clauses of the standard are in brackets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reportlab.platypus import PageBreak
from reportlab.platypus.flowables import Flowable

from .official_layout import BLOCK_MM, FOOTER_GAP_MM, LINE_PT, MARGINS_MM, PAGE_MM, RECORD_PT
from .pdf_flowables import Para, TextFlow
from .pdf_text import INK, Color

if TYPE_CHECKING:
    from .pdf_official import OfficialStory

MM = 72 / 25.4  # points a millimetre
RULE_HEAVY = 0.35 * MM  # the 版记's first and last rules (7.4.1)
RULE_LIGHT = 0.25 * MM  # the rules between its parts
DASH_INK = 0.26  # the top of the dash of "— 1 —" above the baseline, in em (Noto Serif CJK)


@dataclass(frozen=True)
class Page:
    """The A4 page and the text block (points, from the page's bottom left)."""

    size: tuple[float, float] = (PAGE_MM[0] * MM, PAGE_MM[1] * MM)
    left: float = MARGINS_MM[3] * MM
    bottom: float = (PAGE_MM[1] - MARGINS_MM[0] - BLOCK_MM[1]) * MM
    width: float = BLOCK_MM[0] * MM
    height: float = BLOCK_MM[1] * MM


PAGE = Page()


class GridSnap(Flowable):
    """Empty space down to the next line of the grid: the frame is a whole number of lines
    high, so what is left of it below the cursor tells how far the next line is."""

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        gap = ah % LINE_PT
        self.height = 0.0 if gap < 0.01 or LINE_PT - gap < 0.01 else gap
        return aw, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        return []  # at a page bottom: nothing to snap

    def draw(self) -> None:
        pass


class Rule(Flowable):
    """A rule across the text block, centred in ``height``."""

    def __init__(self, height: float, weight: float, color: Color = INK) -> None:
        super().__init__()
        self.height, self.weight, self.color = height, weight, color

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        return aw, self.height

    def draw(self) -> None:
        self.canv.setStrokeColorRGB(*self.color)
        self.canv.setLineWidth(self.weight)
        self.canv.line(0, self.height / 2, self.width, self.height / 2)


class Pair(Flowable):
    """Two text flows on one line: one flush left, one flush right (发文字号 and 签发人, 印发机关
    and 印发日期)."""

    def __init__(self, left: TextFlow, right: TextFlow) -> None:
        super().__init__()
        self.left, self.right = left, right

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        heights = [f.wrap(aw, ah)[1] for f in (self.left, self.right)]
        self.height = max(heights)
        return aw, self.height

    def draw(self) -> None:
        for flow in (self.left, self.right):
            flow.drawOn(self.canv, 0, self.height - flow.height)


@dataclass
class PageNumbers:
    """Draws "— N —" at the end of every page but those the 版记 leaves unnumbered."""

    story: OfficialStory
    unnumbered: set[int] = field(default_factory=set)

    def __call__(self, canv: Any, _doc: Any) -> None:
        page = canv.getPageNumber()
        if page == 1:
            canv.showOutline()
        if page in self.unnumbered:
            return
        odd = page % 2 == 1
        size = RECORD_PT
        rich = self.story.plain(f"— {page} —", "song", size, 0, tracking=0.0)
        para = Para(size, size * 1.2, "right" if odd else "left", left=size, right=size)
        flow = TextFlow(rich, para)
        flow.wrapOn(canv, PAGE.width, size * 2)
        baseline = PAGE.bottom - FOOTER_GAP_MM * MM - DASH_INK * size
        # TextFlow puts its baseline leading/2 + 0.36 em under its top
        y = baseline - (flow.height - para.leading / 2 - 0.36 * size)
        flow.drawOn(canv, PAGE.left, y)


class BlankPage(Flowable):
    """Takes no room; the page it lands on gets no page number (the blank page before a
    版记 that did not fit)."""

    def __init__(self, numbers: PageNumbers) -> None:
        super().__init__()
        self.numbers = numbers

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        self.numbers.unnumbered.add(self.canv.getPageNumber())


class Record(Flowable):
    """The 版记 at the foot of an even page: it takes the rest of the frame and draws its
    rows above the frame's bottom edge. On an odd page, or an even one without room, it
    splits into page breaks (and a blank page) and itself."""

    def __init__(self, rows: list[Flowable], numbers: PageNumbers, after_blank: bool = False):
        super().__init__()
        self.rows, self.numbers, self.after_blank = rows, numbers, after_blank
        self.row_heights: list[float] = []

    def _fits(self, aw: float, ah: float) -> bool:
        self.row_heights = [r.wrap(aw, ah)[1] for r in self.rows]
        even = self.canv.getPageNumber() % 2 == 0
        return even and sum(self.row_heights) <= ah + 0.01

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.height = ah if self._fits(aw, ah) else ah + 1
        return aw, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        if self._fits(aw, ah):
            return [self]
        if self.canv.getPageNumber() % 2 == 1:
            return [PageBreak(), Record(self.rows, self.numbers)]
        return [
            PageBreak(),
            BlankPage(self.numbers),
            PageBreak(),
            Record(self.rows, self.numbers, after_blank=True),
        ]

    def draw(self) -> None:
        canv = self.canv
        if self.after_blank:
            self.numbers.unnumbered.add(canv.getPageNumber())
        y = sum(self.row_heights)
        edges = [y]
        for row, h in zip(self.rows, self.row_heights, strict=True):
            y -= h
            row.drawOn(canv, 0, y)
            edges.append(y)
        canv.setStrokeColorRGB(*INK)
        for n, at in enumerate(edges):
            heavy = n in (0, len(edges) - 1)
            canv.setLineWidth(RULE_HEAVY if heavy else RULE_LIGHT)
            canv.line(0, at, self.width, at)
