"""The page loop: reportlab's ``BaseDocTemplate`` with a fast path for our text blocks.

Platypus handles every flowable through a general protocol: ``handle_flowable`` asks each
one for a page break before it and for a chain kept with the next, ``Frame.add`` sets and
deletes attributes on it, looks up optional ones (``frameAction``, ``_ZEROSIZE``, frame
backgrounds) and draws it through ``drawOn`` (``saveState``, ``translate``, ``restoreState``:
a copy of the canvas state per block); a chain kept with the next (a heading and what follows
it) is a ``KeepTogether`` whose ``wrap`` deep-copies the frame. On sample ×100 that was about
a fifth of the writer's CPU.

``Pages`` does for a ``TextFlow`` exactly what those steps do, without the general protocol:
the same arithmetic in the same order (space before at a frame's top dropped, space after
overlapping the next block's space before, the fuzz at the frame's bottom), the same
content-stream operators (``q``, the ``cm`` of ``translate``, the text, ``Q``), the same
state afterwards. Whatever it does not know (a block that does not fit, and so splits; a page
break; an indenter; a table, a picture; a text block that draws bookmarks, backgrounds, bars,
bullets, rules or links, which need the canvas state) goes to platypus as before. ``Together``
is ``KeepTogether`` measuring a chain of text blocks as ``_listWrapOn`` does, without the copy
of the frame (a text block generates no content for it). The PDF bytes are those of plain
platypus (checked with ``diff -r`` over the samples in every edition, sample ×100, the corpus
and the official sample).
"""

from __future__ import annotations

from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.platypus import BaseDocTemplate, KeepTogether
from reportlab.platypus.doctemplate import _addGeneratedContent

from .pdf_draw import draw_text, text_only
from .pdf_flowables import TextFlow

_FUZZ = rl_config._FUZZ
_BIG = 0xFFFFFFF  # the height _listWrapOn offers each flowable of a chain


class Together(KeepTogether):  # type: ignore[misc]  # reportlab is untyped
    """``KeepTogether`` whose ``wrap`` measures a chain of text blocks itself."""

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        content = self._content
        if not rl_config.listWrapOnFakeWidth or any(type(f) is not TextFlow for f in content):
            return super().wrap(aW, aH)  # type: ignore[no-any-return]
        # _listWrapOn(content, aW, canv, dims=dims), step for step
        W = H = pS = 0.0
        at_top = True
        first = None
        for f in content:
            w, h = f.wrap(aW, _BIG)
            if first is None:
                first = h
            if h <= _FUZZ:
                continue
            W = max(W, min(w, aW))
            H += h
            if not at_top:
                H += max(f.spaceBefore - pS, 0)
            else:
                at_top = False
            pS = f.spaceAfter
            H += pS
        self._H = H - pS
        self._H0 = first or 0
        self._wrapInfo = aW, aH
        return W, 0xFFFFFF  # force a split, as KeepTogether does


class Pages(BaseDocTemplate):  # type: ignore[misc]  # reportlab is untyped
    """A ``BaseDocTemplate`` that sets most text blocks itself (see the module's text)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("keepTogetherClass", Together)  # an argument: __init__ sets it
        super().__init__(*args, **kwargs)

    def handle_flowable(self, flowables: list[Any]) -> None:
        f = flowables[0]
        if type(f) is TextFlow and not f.keepWithNext and self._add_text(f):
            # handle_flowable after a successful frame.add (filterFlowables,
            # handle_breakBefore and handle_keepWithNext do nothing for it)
            del flowables[0]
            self._curPageFlowableCount += 1
            self.afterFlowable(f)
            _addGeneratedContent(flowables, self.frame)
            return
        super().handle_flowable(flowables)

    def _add_text(self, f: TextFlow) -> bool:
        """``Frame._add(f, canv, trySplit=1)`` when ``f`` fits; False, having changed
        nothing that platypus will not set again, when it does not (or is not ours to set)."""
        frame = self.frame
        fd = frame.__dict__
        if not self.allowSplitting or fd.get("_frameBGs") or frame._debug:
            return False
        y = fd["_y"]
        p = fd["_y1p"]
        s = 0.0
        aw = fd["_aW"] - fd["_leftExtraIndent"] - fd["_rightExtraIndent"]
        if not fd["_atTop"]:
            s = f.spaceBefore
            if fd["_oASpace"]:
                s = max(s - fd["_prevASpace"], 0)
        h = y - p - s
        if h <= 0:
            return False
        w, h = f.wrap(aw, h)
        h += s
        y -= h
        if y < p - _FUZZ:
            return False
        sa = f.spaceAfter
        self._draw_text(f, fd["_x"] + fd["_leftExtraIndent"], y)
        y -= sa
        if fd["_oASpace"]:
            fd["_prevASpace"] = sa
        if y != fd["_y"]:
            fd["_atTop"] = 0
        fd["_y"] = y
        return True

    def _draw_text(self, f: TextFlow, x: float, y: float) -> None:
        """``f.drawOn(canv, x, y)``: its own operators when it draws only text (the canvas
        state that ``saveState`` would copy is then never touched)."""
        canv = self.canv
        if not (f.plain() and text_only(f.rich.looks)):
            f.drawOn(canv, x, y)
            return
        f.canv = canv
        try:
            segments = f.segments()
            code = canv._code
            code.append("q")  # saveState
            code.append(f"1 0 0 1 {fp_str(x, y)} cm")  # translate(x, y): after q, never merged
            draw_text(canv, segments)
            code.append("Q")  # restoreState
        finally:
            del f.canv
