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

from collections.abc import Callable
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.platypus import BaseDocTemplate, CondPageBreak, KeepTogether
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import DDIndenter, PageBreak, SlowPageBreak

from .pdf_flow import CondBreak
from .pdf_flowables import TextFlow
from .pdf_setting import FUZZ, Setter, room, settle

# What handle_flowable puts back on the list instead of setting it, after a split
_NOT_SET = (PageBreak, SlowPageBreak, ActionFlowable, DDIndenter)
_BIG = 0xFFFFFFF  # the height _listWrapOn offers each flowable of a chain


class Together(KeepTogether):
    """``KeepTogether`` whose ``wrap`` measures a chain of text blocks itself."""

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        content: list[Any] = self._content  # type: ignore[attr-defined]
        if not rl_config.listWrapOnFakeWidth or any(type(f) is not TextFlow for f in content):
            return super().wrap(aW, aH)
        # _listWrapOn(content, aW, canv, dims=dims), step for step
        W = H = pS = 0.0
        at_top = True
        first = None
        for f in content:
            w, h = f.wrap(aW, _BIG)
            if first is None:
                first = h
            if h <= FUZZ:
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


class Pages(BaseDocTemplate, Setter):
    """A ``BaseDocTemplate`` that sets most text blocks itself (see the module's text)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("keepTogetherClass", Together)  # an argument: __init__ sets it
        super().__init__(*args, **kwargs)

    def handle_flowable(self, flowables: list[Any]) -> None:
        f = flowables[0]
        kind = type(f)
        ours: Callable[[list[Any], Any], bool] | None
        if kind is TextFlow:
            ours = self._chain if f.keepWithNext else self._text
        elif kind is CondBreak or kind is CondPageBreak:
            ours = self._cond_break
        else:
            ours = None
        if ours is None or not self._plain_frame() or not ours(flowables, f):
            super().handle_flowable(flowables)

    def _plain_frame(self) -> bool:
        """Whether the fast path may set a flowable in the current frame: splitting allowed,
        no frame background, no debugging (what ``Frame._add`` would do besides)."""
        frame = self.frame
        if frame is None or not self.allowSplitting:
            return False
        fd = frame.__dict__
        return not (fd.get("_frameBGs") or fd.get("_debug"))

    def _chain(self, flowables: list[Any], f: TextFlow) -> bool:
        """``handle_flowable`` for a text block kept with the next one, itself a text block
        kept with nothing (a heading and its paragraph): ``handle_keepWithNext`` makes them a
        ``Together``, which never fits (its ``wrap`` asks for a split), so ``Frame.split``
        asks its ``split``: both blocks, after a frame break when they do not fit here; else
        the first is set and the second goes back on the list."""
        nxt = flowables[1] if len(flowables) > 1 else None
        if type(nxt) is not TextFlow or nxt.keepWithNext or getattr(self, "_multiBuildEdits", None):
            return False
        frame, canv = self.frame, self.canv
        fd = frame.__dict__
        kept: Any = self.keepTogetherClass([f, nxt])  # type: ignore[call-arg]
        s, h = room(fd, f.spaceBefore)  # the Together's space before is its first block's
        if h <= 0:
            return False
        kept._frame, kept.canv = frame, canv
        try:
            kept.wrap(fd["_aW"] - fd["_leftExtraIndent"] - fd["_rightExtraIndent"], h)
            parts = kept.split(fd["_aW"], h)
        finally:
            del kept._frame, kept.canv
        if not parts:
            return False
        if isinstance(parts[0], _NOT_SET):  # a frame break (or nothing) first: all back
            f.__dict__["keepWithNext"] = 0  # as handle_keepWithNext leaves the chain's head
            del flowables[:2]
            flowables[0:0] = parts
            return True
        s, h = room(fd, f.spaceBefore)
        if parts[0] is not f or h <= 0 or not self._place(f, fd, s, h):
            return False  # platypus raises its "Splitting error"
        f.__dict__["keepWithNext"] = 0
        del flowables[:2]
        flowables[0:0] = parts[1:]
        self._done(flowables, f)
        return True

    def _cond_break(self, flowables: list[Any], f: CondBreak | CondPageBreak) -> bool:
        """``handle_flowable`` for a ``CondPageBreak``: ``Frame._add`` asks its ``wrap`` (which
        adds a frame break to the frame's generated content when the room is short), draws
        it (``q``, ``cm``, ``Q``: it draws nothing) and moves by nothing."""
        frame = self.frame
        fd = frame.__dict__
        s, h = room(fd, 0)  # it has no space before or after
        y = fd["_y"] - s
        if h <= 0 or y < fd["_y1p"] - FUZZ:
            return False
        canv = self.canv
        f.canv = canv
        try:
            f.wrap(fd["_aW"] - fd["_leftExtraIndent"] - fd["_rightExtraIndent"], h)  # (0, 0)
        finally:
            del f.canv
        code: list[str] = canv._code  # type: ignore[attr-defined]
        code.append("q")
        code.append(f"1 0 0 1 {fp_str(fd['_x'] + fd['_leftExtraIndent'], y)} cm")
        code.append("Q")
        settle(fd, y, 0)
        del flowables[0]
        self._done(flowables, f)
        return True
