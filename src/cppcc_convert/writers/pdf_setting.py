"""Setting a text block in a frame: the steps of platypus' ``Frame.add`` and ``Frame.split``
for a ``TextFlow``, shared by both page loops (``pdf_pages.Pages``, platypus'
``BaseDocTemplate`` with a fast path, and ``pdf_plain.PlainPages``, ours).

A frame here is platypus' ``Frame`` or ``pdf_plain``'s, read through its ``__dict__`` (the
keys ``Frame`` keeps: ``_x``, ``_y``, ``_y1p``, ``_aW``, ``_atTop``, ``_prevASpace``,
``_oASpace``, ``_leftExtraIndent``, ``_rightExtraIndent``). The arithmetic is platypus', in
its order (space before dropped at a frame's top, space after overlapping the next block's
space before, the fuzz at the frame's bottom), and so are the content-stream operators of
``drawOn`` (``q``, the ``cm`` of ``translate``, the text, ``Q``), so both loops write the bytes
platypus writes.
"""

from __future__ import annotations

from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str

from .pdf_draw import draw_text, text_only
from .pdf_flowables import TextFlow
from .pdf_text import RichText

FUZZ = rl_config._FUZZ


class Setter:
    """The text-block steps of a page loop; the loop has ``frame``, ``canv``,
    ``_curPageFlowableCount``, ``afterFlowable`` and ``handle_frameEnd``."""

    frame: Any
    canv: Any
    _curPageFlowableCount: int

    def afterFlowable(self, flowable: Any) -> None:
        """platypus' hook after each flowable is set (nothing here)."""

    def handle_frameEnd(self, resume: int = 0) -> None:
        raise NotImplementedError

    def _text(self, flowables: list[Any], f: TextFlow) -> bool:
        """``handle_flowable`` for a text block (filterFlowables, handle_breakBefore and
        handle_keepWithNext do nothing for it): set it if it fits, else split it and set
        the first part, else move on to the next frame. False, having changed nothing that
        platypus will not set again, for what platypus must do (a layout error)."""
        fd = self.frame.__dict__
        s, h = room(fd, f.spaceBefore)
        if h <= 0:
            return False
        if self._place(f, fd, s, h):
            del flowables[0]
            self._done(flowables, f)
            return True
        parts = f.split(fd["_aW"], h)  # Frame.split: the frame's whole width, the same room
        head = parts[0] if len(parts) == 2 else None
        if isinstance(head, TextFlow):
            s, h = room(fd, head.spaceBefore)
            if not self._place(head, fd, s, h):
                return False  # platypus raises its "Splitting error"
            del flowables[0]
            flowables[0:0] = parts[1:]
            self._done(flowables, head)
            return True
        if parts or hasattr(f, "_postponed") or getattr(self, "_multiBuildEdits", None):
            return False
        f._postponed = 1  # type: ignore[attr-defined]  # nothing of it fits here: the next frame (platypus' own steps)
        self.handle_frameEnd()
        return True

    def _done(self, flowables: list[Any], f: Any) -> None:
        """What ``handle_flowable`` does after a flowable is set."""
        self._curPageFlowableCount += 1
        self.afterFlowable(f)
        generated = getattr(self.frame, "_generated_content", None)  # _addGeneratedContent
        if generated:
            flowables[0:0] = generated
            del self.frame._generated_content

    def _place(self, f: TextFlow, fd: dict[str, Any], s: float, h: float) -> bool:
        """The rest of ``Frame._add(f, canv)`` once ``s`` (the space before) and ``h`` (the
        room) are known: set ``f`` if it fits."""
        aw = fd["_aW"] - fd["_leftExtraIndent"] - fd["_rightExtraIndent"]
        _, h = f.wrap(aw, h)
        h += s
        y = fd["_y"] - h
        if y < fd["_y1p"] - FUZZ:
            return False
        sa = f.spaceAfter
        self._draw_text(f, fd["_x"] + fd["_leftExtraIndent"], y)
        y -= sa
        settle(fd, y, sa)
        return True

    def _draw_text(self, f: TextFlow, x: float, y: float) -> None:
        """``f.drawOn(canv, x, y)``: its own operators when it draws only text (the canvas
        state that ``saveState`` would copy is then never touched)."""
        canv = self.canv
        if not _text_only(f):
            f.drawOn(canv, x, y)
            return
        f.canv = canv
        try:
            segments = f.segments()
            code: list[str] = canv._code
            code.append("q")  # saveState
            code.append(f"1 0 0 1 {fp_str(x, y)} cm")  # translate(x, y): after q, never merged
            draw_text(canv, segments)
            code.append("Q")  # restoreState
        finally:
            del f.canv


def settle(fd: dict[str, Any], y: float, after: float) -> None:
    """``Frame._add``'s end once a flowable is set with its bottom at ``y`` (its space after
    already taken off): that space kept for the next one's overlap, the frame no longer at
    its top once ``y`` moved, and ``y`` the frame's new bottom."""
    if fd["_oASpace"]:
        fd["_prevASpace"] = after
    if y != fd["_y"]:
        fd["_atTop"] = 0
    fd["_y"] = y


def room(fd: dict[str, Any], before: float) -> tuple[float, float]:
    """``Frame._add``'s space before a flowable (none at the frame's top; overlapping the
    space after the one before) and the room left for it under that space."""
    s = 0.0
    if not fd["_atTop"]:
        s = before
        if fd["_oASpace"]:
            s = max(s - fd["_prevASpace"], 0)
    return s, fd["_y"] - fd["_y1p"] - s


def _text_only(f: TextFlow) -> bool:
    """Whether ``f.draw()`` does nothing but draw ``f.segments()`` as text: no destination,
    bookmark, background, quote bar or bullet, and no run with a code background, a line or
    a link (each of which changes or reads the canvas state)."""
    p = f.para
    return not (
        f.anchors
        or f.outline is not None
        or p.background is not None
        or p.bars
        or (isinstance(f.label, str) and f.start == 0)
    ) and _runs_text_only(f.rich)


def _runs_text_only(rich: RichText) -> bool:
    """``text_only`` of a paragraph's runs, found once: a paragraph split over many pages
    is drawn once a page, and scanning all its runs each time was quadratic."""
    if rich.text_only is None:
        rich.text_only = text_only(rich.looks)
    return rich.text_only
