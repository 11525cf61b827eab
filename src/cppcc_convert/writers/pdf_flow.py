"""The flowable base of the PDF writer's blocks, without importing ``reportlab.platypus``.

Importing any ``reportlab.platypus`` module runs its ``__init__``, which imports every
platypus module (``paragraph`` alone compiles regexes for ~25 ms): ~60 ms of a PDF run's
start-up. An ordinary document is set by our own page loop (``pdf_plain``) and needs none of
it. Tables, official documents and the rare layouts the loop leaves to reportlab are set by
platypus' ``BaseDocTemplate`` (``pdf_pages``), which handles a flowable by the methods it
calls on it; ``Flowable`` has those methods, doing what ``reportlab.platypus.flowables
.Flowable``'s do (reportlab 4.0.4 to 5.1.0, where they are the same), so a block drawn by
either loop writes the same operators. A table's cells must be real platypus flowables
(``Table`` tests ``isinstance``): ``pdf_table`` makes them of a subclass of both.
"""

from __future__ import annotations

from typing import Any

Flow = Any  # a flowable: one of ours, or platypus' own (a table, an indenter)


class Flowable:
    """What platypus asks of a flowable: its size, its split, its spaces, drawing it."""

    _fixedWidth = 0
    _fixedHeight = 0
    canv: Any

    def __init__(self) -> None:
        self.width = 0.0
        self.height = 0.0
        self.wrapped = 0
        self.hAlign = "LEFT"
        self.vAlign = "BOTTOM"
        self._traceInfo = None
        self._showBoundary = None
        self.encoding = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return (self.width, self.height)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        return []

    def draw(self) -> None:
        pass

    def _drawOn(self, canv: Any) -> None:
        self.canv = canv
        self.draw()
        del self.canv

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        """``q``, ``cm`` to (x, y), what ``draw`` draws, ``Q`` (hAlign is always LEFT here)."""
        if _sW and getattr(self, "hAlign", "LEFT") != "LEFT":
            raise ValueError("only hAlign LEFT is used by this writer")
        canvas.saveState()
        canvas.translate(x, y)
        self._drawOn(canvas)
        canvas.restoreState()

    def wrapOn(self, canv: Any, aW: float, aH: float) -> tuple[float, float]:
        self.canv = canv
        w, h = self.wrap(aW, aH)
        del self.canv
        return w, h

    def splitOn(self, canv: Any, aW: float, aH: float) -> list[Any]:
        self.canv = canv
        parts = self.split(aW, aH)
        del self.canv
        return parts

    def minWidth(self) -> float:
        return float(getattr(self, "_minWidth", self.width))

    def getKeepWithNext(self) -> Any:
        return getattr(self, "keepWithNext", 0)

    def getSpaceAfter(self) -> Any:
        return getattr(self, "spaceAfter", 0)

    def getSpaceBefore(self) -> Any:
        return getattr(self, "spaceBefore", 0)

    def isIndexing(self) -> int:
        return 0

    def identity(self, maxLen: int | None = None) -> str:
        r = "..."
        return f"<{type(self).__name__} at {hex(id(self))}{self._frameName()}>{r[:maxLen]}"

    @property
    def _doctemplate(self) -> Any:
        return getattr(getattr(self, "canv", None), "_doctemplate", None)

    def _doctemplateAttr(self, a: str) -> Any:
        return getattr(self._doctemplate, a, None)

    def _frameName(self) -> str:
        f = getattr(self, "_frame", None) or self._doctemplateAttr("frame")
        return f" frame={f.id}" if f and f.id else ""


class CondBreak(Flowable):
    """Platypus' ``CondPageBreak``: a frame break when less than ``height`` is left."""

    _fixedWidth = 1
    _fixedHeight = 1
    locChanger = 1

    def __init__(self, height: float) -> None:  # like CondPageBreak: no Flowable.__init__
        self.height = height

    def __repr__(self) -> str:
        return f"CondPageBreak({self.height})"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availHeight < self.height:  # only under platypus: our loop breaks the frame itself
            f = self._doctemplateAttr("frame")
            if not f:
                return availWidth, availHeight
            from reportlab.platypus.doctemplate import FrameBreak

            f.add_generated_content(FrameBreak)
        return 0, 0

    def identity(self, maxLen: int | None = None) -> str:
        return repr(self).replace(")", f",frame={self._frameName()})")


class Spacer(Flowable):
    """Platypus' ``Spacer``: room, nothing drawn."""

    _fixedWidth = 1
    _fixedHeight = 1

    def __init__(self, width: float, height: float) -> None:  # like Spacer: no Flowable.__init__
        self.width, self.height = width, height
