"""Inlines -> rich text for the PDF layout: the ``Builder`` walks the model's inlines with the
``Span`` state the enclosing ones ask for (face, size, colour, slant, lines, link), splits text
by the face that has each glyph, and hands the result to ``pdf_text.finish``.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from typing import NamedTuple, assert_never

from ..links import LinkTarget
from ..model import (
    Anchor,
    Code,
    Emph,
    InlineImage,
    Inlines,
    LineBreak,
    Link,
    Strike,
    Strong,
    Subscript,
    Superscript,
    Text,
    Underline,
)
from .pdf_fonts import Face, FontSet, Role, invisible
from .pdf_linebreak import ARRAY_FROM
from .pdf_text import EMPH, INK, LINK, MUTED, SCRIPT_SIZE, Color, Look, RichText, finish


class Span(NamedTuple):
    """The inline state while walking: what the enclosing inlines ask for (a named tuple:
    cheaper to build than a frozen dataclass; ``_replace`` makes a changed copy)."""

    role: Role
    size: float
    color: Color = INK
    slant: bool = False
    strike: bool = False
    underline: bool = False
    code: bool = False
    link: str = ""
    rise: float = 0.0
    bold: bool = False


LinkOf = Callable[[str], LinkTarget]


class Looks:
    """The Looks of one document's Builders: one object per distinct look (a paragraph
    alternating plain and emphasised text has a few, not one of ~130 bytes per run), found by
    (face name, span) before one is built, so that equal looks are identical."""

    def __init__(self) -> None:
        self.by_value: dict[Look, Look] = {}
        self.by_span: dict[tuple[str, Span], Look] = {}


class Builder:
    """Accumulates runs; records characters that no face has, with the block's line, and the
    in-document anchors met (the flowable makes them destinations)."""

    def __init__(
        self,
        fonts: FontSet,
        missing: dict[str, set[int]],
        line: int,
        link_of: LinkOf,
        autospace: bool = True,
        code: bool = False,
        *,
        compress: bool = True,
        tracking: float = 0.0,
        looks: Looks | None = None,
    ) -> None:
        self.fonts = fonts
        self.autospace = autospace
        self.compress = compress  # off on a character grid: every mark keeps its cell
        self.tracking = tracking
        self.code = code  # a code block: character cells, no compression or autospace
        self.missing = missing
        self.line = line
        self.link_of = link_of
        self.parts: list[str] = []
        self.rich = RichText()
        self.length = 0
        self.anchors: list[str] = []
        self.looks = Looks() if looks is None else looks  # shared by a Story's Builders
        # A link's looks are this block's own: one per distinct target, kept for the whole
        # document they took ~400 B a link (a document of 500,000 links)
        self.link_looks = Looks()

    def add(self, text: str, span: Span) -> None:
        """Append ``text`` drawn as ``span`` says; each ``\n`` is a forced line break."""
        for n, piece in enumerate(text.split("\n")):
            if n:
                self.hard_break(span)
            self._add(piece, span)

    def _add(self, text: str, span: Span) -> None:
        """Append one line of text, split by the face that has each glyph."""
        if not text:
            return
        role: Role = "mono" if span.code else span.role
        size = span.size * 0.9 if span.code and span.role != "mono" else span.size
        link = span.link
        color = LINK if link else span.color
        first = self.fonts.face(role)
        try:  # the common case: the role's face has every character (measured in one pass)
            ws = list(map(first.covered(size).__getitem__, text))
        except KeyError:
            pass
        else:
            self._append(text, ws, self._look(first, size, color, span, link))
            return
        runs, missing, covered = self.fonts.split(text, role)
        for ch in missing:
            self.missing.setdefault(ch, set()).add(self.line)
        for piece, face in runs:
            self._piece(piece, face, size, color, span, link, covered)

    def _piece(
        self,
        piece: str,
        face: Face,
        size: float,
        color: Color,
        span: Span,
        link: str,
        covered: bool = False,
    ) -> None:
        look = self._look(face, size, color, span, link)
        k = size / 1000
        ws = list(map(face.scaled(size).__getitem__, piece))
        if not covered and not face.cmap.issuperset(map(ord, piece)):
            self._unprintable(piece, face, ws, k)
        self._append(piece, ws, look)

    def _look(self, face: Face, size: float, color: Color, span: Span, link: str) -> Look:
        """How ``span`` is drawn in ``face`` (``size``, ``color`` and ``link`` follow from
        ``span``), as the one object of its value (see ``Looks``)."""
        key = (face.name, span)
        looks = self.link_looks if link else self.looks
        look = looks.by_span.get(key)
        if look is None:
            look = Look(
                face.name,
                size,
                color,
                span.slant,
                span.strike,
                bool(link) or span.underline,
                link,
                span.code and span.role != "mono",
                span.rise,
                span.bold,
            )
            look = looks.by_span[key] = looks.by_value.setdefault(look, look)
        return look

    def _unprintable(self, piece: str, face: Face, ws: list[float], k: float) -> None:
        """Characters ``face`` does not have (no face has them): a space prints as a space,
        a format character as nothing, anything else as the face's box."""
        for j, ch in enumerate(piece):
            code = ord(ch)
            if code in face.cmap:
                continue
            if invisible(code):
                self.rich.draw[self.length + j] = ""
                ws[j] = 0.0
            elif ch.isspace():
                self.rich.draw[self.length + j] = " "
                ems = 1.0 if ch in "\u2003\u3000" else 0.5 if ch == "\u2002" else 0.0
                ws[j] = ems * 1000 * k if ems else face.widths.get(32, 250.0) * k

    def _append(self, text: str, widths: list[float], look: Look) -> None:
        rich = self.rich
        if not rich.looks or rich.looks[-1] is not look:  # looks are shared: see _look
            rich.starts.append(self.length)
            rich.looks.append(look)
        self.parts.append(text)
        rich.widths.extend(widths)
        self.length += len(text)

    def hard_break(self, span: Span) -> None:
        """A forced line break: a zero-width newline."""
        face = self.fonts.face(span.role)
        look = Look(face.name, span.size, span.color)
        self._append("\n", [0.0], self.looks.by_value.setdefault(look, look))

    def inlines(self, nodes: Inlines, span: Span) -> None:
        """Walk inline nodes (alt text of inline images is printed muted)."""
        for node in nodes:
            match node:
                case Text(text=t):
                    self.add(t.replace("\n", " "), span)
                case Code(text=t):
                    self.add(t.replace("\n", " "), span._replace(code=True))
                case Emph(children=c):
                    self.inlines(c, span._replace(slant=True, color=EMPH))
                case Strong(children=c):
                    self.inlines(c, span._replace(role="sans"))
                case Strike(children=c):
                    self.inlines(c, span._replace(strike=True))
                case Underline(children=c):
                    self.inlines(c, span._replace(underline=True))
                case Superscript(children=c):
                    small = span.size * SCRIPT_SIZE
                    self.inlines(c, span._replace(size=small, rise=span.rise + 0.4 * span.size))
                case Subscript(children=c):
                    small = span.size * SCRIPT_SIZE
                    self.inlines(c, span._replace(size=small, rise=span.rise - 0.15 * span.size))
                case Link(children=c, url=url):
                    self.inlines(c, span._replace(link=self._link(url) or span.link))
                case LineBreak():
                    self.hard_break(span)
                case InlineImage(alt=alt):  # no inline pictures in the PDF: the alt text
                    self.add(alt, span._replace(color=MUTED))
                case Anchor(id=ident):
                    self.anchors.append(ident)
                case _:
                    assert_never(node)

    def _link(self, url: str) -> str:
        target = self.link_of(url)
        if target.kind == "external":
            return target.href
        if target.kind == "internal":
            return "#" + target.anchor
        return ""

    def done(self) -> RichText:
        """The finished rich text: punctuation compressed, Han-Latin spacing and the gaps
        justification may widen (or, for a code block, whole character cells)."""
        rich = self.rich
        rich.text = "".join(self.parts)
        rich.faces = self.fonts.by_name
        cell = 0.0
        if self.code and rich.looks:
            mono = self.fonts.face("mono")
            cell = mono.widths.get(ord("0"), mono.default_width) * rich.looks[0].size / 1000
        finish(rich, self.autospace, self.code, cell, self.compress)
        long = len(rich.text) >= ARRAY_FROM
        if long:  # an int object per run is ~32 bytes, here 8
            rich.starts = array("q", rich.starts)
        if self.tracking:
            rich.tracking = t = self.tracking
            pairs = zip(rich.text, rich.widths, strict=True)
            if long:  # a new float object per character is 32 bytes in a list, 8 here
                rich.widths = array("d", (w if ch == "\n" else w + t for ch, w in pairs))
            else:
                rich.widths = [w if ch == "\n" else w + t for ch, w in pairs]
        return rich
