"""Our own page loop for an ordinary book-layout document, without ``reportlab.platypus``.

Importing platypus costs a PDF run ~60 ms (``pdf_flow``'s text), and its ``BaseDocTemplate``
walks every flowable through a general protocol. ``PlainPages`` sets a document of one page
template with one frame (the book layout) through the steps ``BaseDocTemplate.build`` takes
for it, in the same order and with the same arithmetic, on reportlab's canvas: the canvas
made with the arguments ``_makeCanvas`` gives it, a page begun (the footer drawn) only when a
flowable is left to set, text blocks set and split as ``Frame.add`` and ``Frame.split`` do
(``pdf_setting``), conditional page breaks, a heading kept with the next block as
``KeepTogether`` keeps it, other blocks (a rule, a spacer) through ``Frame.add``'s general
steps, and ``save``. Anything else (a table, a picture, an indenter, a chain of more than two,
a block too large for a page, which platypus reports as an error) raises ``Unplain`` and
``pdf.write`` sets the whole document again with platypus (``pdf_pages``), so the bytes are
always those platypus writes (``tests/test_pdf_plain.py`` compares them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str

from .pdf_flow import CondBreak, Flowable, Spacer
from .pdf_flowables import RuleLine, TextFlow
from .pdf_setting import FUZZ, Setter, room, settle

_BIG = 0xFFFFFFF  # the height _listWrapOn offers each flowable of a chain
_EMPTY_PAGES = 10  # BaseDocTemplate._emptyPagesAllowed: platypus then raises a LayoutError
_GENERAL = (RuleLine, Spacer)  # set by Frame.add's general steps
_CHAINED = (CondBreak, RuleLine)  # what may follow a text block kept with the next


class Unplain(Exception):
    """A layout this loop leaves to platypus."""


class Frame:
    """What ``platypus.frames.Frame(x, y, w, h, 0, 0, 0, 0, id="body")`` keeps, computed
    the same way (``_geom``, ``_reset``)."""

    id = "body"

    def __init__(self, x1: float, y1: float, width: float, height: float) -> None:
        self._x1, self._y1, self._width, self._height = x1, y1, width, height
        self._x2 = x1 + width
        self._y2 = y1 + height
        self._y1p = y1 + 0
        self._aW = self._x2 - x1 - 0 - 0
        self._aH = self._y2 - self._y1p - 0
        self._oASpace = rl_config.overlapAttachedSpace
        self.reset()

    def reset(self) -> None:
        self._x = self._x1 + 0
        self._y = self._y2 - 0
        self._atTop = 1
        self._prevASpace = 0
        self._leftExtraIndent = 0.0
        self._rightExtraIndent = 0.0


class PlainPages(Setter):
    """A book-layout document set on reportlab's canvas (see the module's text)."""

    def __init__(
        self,
        out: Any,
        frame: Frame,
        on_page: Callable[[Any, Any], None],
        **canvas: Any,
    ) -> None:
        self.out, self.frame, self.on_page = out, frame, on_page
        self.info = {k: canvas.pop(k) for k in ("title", "author", "subject", "creator")}
        self.canvas_args = canvas
        self.page = 0
        self._curPageFlowableCount = 0
        self._empty = 0
        self._open = False  # a page is begun and not yet shown

    def build(self, flowables: list[Any], canvasmaker: Any) -> None:
        """``BaseDocTemplate.build`` for this layout."""
        canv = self.canv = self._make_canvas(canvasmaker)
        canv._doctemplate = self
        try:
            while len(flowables):
                if not self._open:
                    self._page_begin()
                self._handle(flowables)
        finally:
            del canv._doctemplate
        if self._open:
            self._page_end()
        canv.save()

    def _make_canvas(self, canvasmaker: Any) -> Any:
        """The canvas as ``BaseDocTemplate._makeCanvas`` makes it (no viewer preferences, no
        encryption, no crop marks: none are given)."""
        c = self.canvas_args
        canv = canvasmaker(
            self.out,
            pagesize=c["pagesize"],
            invariant=c["invariant"],
            pageCompression=c["pageCompression"],
            enforceColorSpace=None,
            initialFontName=c["initialFontName"],
            initialFontSize=c["initialFontSize"],
            initialLeading=None,
            cropBox=None,
            artBox=None,
            trimBox=None,
            bleedBox=None,
            lang=c["lang"],
        )
        getattr(canv, "setEncrypt", lambda _: None)(None)
        canv._cropMarks = None
        canv.setAuthor(self.info["author"])
        canv.setTitle(self.info["title"])
        canv.setSubject(self.info["subject"])
        canv.setCreator(self.info["creator"])
        canv.setProducer(None)
        canv.setKeywords([])
        return canv

    def _page_begin(self) -> None:
        """``handle_pageBegin`` (the page template's page size is the document's)."""
        self.page += 1
        self.on_page(self.canv, self)
        self.frame.reset()
        self._curPageFlowableCount = 0
        self._open = True

    def _page_end(self) -> None:
        """``handle_pageEnd``: show the page; the next begins with the next flowable."""
        self._empty = 0 if self._curPageFlowableCount else self._empty + 1
        if self._empty >= _EMPTY_PAGES:
            raise Unplain("pages without content")
        self.canv.setPageRotation(0)
        self.canv.showPage()
        self._open = False

    def handle_frameEnd(self, resume: int = 0) -> None:
        self._page_end()  # one frame per page

    def _handle(self, flowables: list[Any]) -> None:
        """``handle_flowable`` for what this loop knows, else ``Unplain``."""
        f = flowables[0]
        kind = type(f)
        if kind is TextFlow:
            if f.keepWithNext:
                self._chain(flowables, f)
            elif not self._text(flowables, f):
                self._general(flowables, f)
        elif kind is CondBreak:
            self._cond_break(flowables, f)
        elif kind in _GENERAL and not f.getKeepWithNext():
            self._general(flowables, f)
        else:
            raise Unplain(f"a {kind.__name__}")

    def _general(self, flowables: list[Any], f: Flowable) -> None:
        """``Frame.add`` and, when it does not fit, ``Frame.split`` for a flowable that does
        not split (a rule, a spacer; a text block with no room left at all)."""
        fd = self.frame.__dict__
        s, h = room(fd, f.getSpaceBefore())
        if h > 0:
            aw = fd["_aW"] - fd["_leftExtraIndent"] - fd["_rightExtraIndent"]
            w, h = f.wrap(aw, h)
            y = fd["_y"] - (h + s)
            if y >= fd["_y1p"] - FUZZ:
                f.drawOn(self.canv, fd["_x"] + fd["_leftExtraIndent"], y, _sW=aw - w)
                sa = f.getSpaceAfter()
                y -= sa
                settle(fd, y, sa)
                del flowables[0]
                self._done(flowables, f)
                return
            if type(f) is TextFlow:
                raise Unplain("a text block that did not split")
        if hasattr(f, "_postponed"):
            raise Unplain("a flowable too large for a page")  # platypus: LayoutError
        f._postponed = 1  # type: ignore[attr-defined]  # as platypus marks it
        self.handle_frameEnd()

    def _cond_break(self, flowables: list[Any], f: CondBreak) -> None:
        """A ``CondPageBreak`` as ``Frame.add`` sets it: drawn (``q``, ``cm``, ``Q``), and
        then, when less than its height was left, the frame break its ``wrap`` adds."""
        fd = self.frame.__dict__
        s, h = room(fd, 0)
        if h <= 0:
            self._general(flowables, f)
            return
        y = fd["_y"] - s
        code: list[str] = self.canv._code
        code.append("q")
        code.append(f"1 0 0 1 {fp_str(fd['_x'] + fd['_leftExtraIndent'], y)} cm")
        code.append("Q")
        settle(fd, y, 0)
        del flowables[0]
        self._done(flowables, f)
        if h < f.height:
            self.handle_frameEnd()  # the FrameBreak platypus sets next

    def _chain(self, flowables: list[Any], f: TextFlow) -> None:
        """A text block kept with the next (a text block, a conditional break or a rule, itself
        kept with nothing), or the last flowable kept with nothing: ``handle_keepWithNext``'s
        ``KeepTogether``, measured as its ``wrap`` (``_listWrapOn``) and split as its
        ``split`` decides, in a loop of one frame a page."""
        content: list[Any] = [f]
        if len(flowables) > 1:
            nxt = flowables[1]
            if type(nxt) not in _CHAINED and not (type(nxt) is TextFlow and not nxt.keepWithNext):
                raise Unplain("a chain of other flowables")
            content.append(nxt)
            f.__dict__["keepWithNext"] = 0  # as handle_keepWithNext leaves the chain's head
        fd = self.frame.__dict__
        s, h = room(fd, f.spaceBefore)  # the KeepTogether's space before is its first block's
        if h <= 0:
            raise Unplain("a chain without room")
        aw = fd["_aW"] - fd["_leftExtraIndent"] - fd["_rightExtraIndent"]
        whole, first = _measure(content, aw)
        too_tall = whole > h
        if too_tall or first > h:  # KeepTogether.split: a frame break (or nothing) first
            if (too_tall and not fd["_atTop"]) or (not too_tall and fd["_height"] >= whole):
                self.handle_frameEnd()
            elif len(content) == 1:
                raise Unplain("a last block kept with nothing, too tall for a page")
            return  # the chain stays on the list, set from here
        if not self._place(f, fd, s, h):
            raise Unplain("a chain's head that did not fit")  # platypus: a splitting error
        del flowables[0]
        self._done(flowables, f)


def _measure(content: list[Any], aw: float) -> tuple[float, float]:
    """``KeepTogether.wrap``'s ``_H`` and ``_H0`` of a chain (``_listWrapOn``, step for step;
    a conditional break measures nothing there: it is offered more than its height)."""
    H = pS = 0.0
    at_top = True
    first: float | None = None
    for f in content:
        h = 0.0 if type(f) is CondBreak else f.wrap(aw, _BIG)[1]
        if first is None:
            first = h
        if h <= FUZZ:
            continue
        H += h
        if not at_top:
            H += max(f.spaceBefore - pS, 0)
        else:
            at_top = False
        pS = f.spaceAfter
        H += pS
    return H - pS, first or 0
