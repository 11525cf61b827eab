"""Inlines -> rich text for the PDF layout: one flat string, one width per character, and runs
that say how each stretch is drawn (face, size, colour, slant, lines, link).

Italic: there is no CJK italic face, so emphasised text is drawn slanted by 12° (a shear of the
text matrix, as word processors do for CJK) and in a slightly different colour; bold is the bold
sans face (Noto Sans CJK Bold), which also covers Latin.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import assert_never

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
from .pdf_fonts import FontSet, Role

Color = tuple[float, float, float]
INK: Color = (0.08, 0.08, 0.08)
LINK: Color = (0.0, 0.27, 0.6)
EMPH: Color = (0.18, 0.18, 0.3)
MUTED: Color = (0.4, 0.4, 0.4)
CODE_BG: Color = (0.94, 0.94, 0.94)
SCRIPT_SIZE = 0.7  # superscripts and subscripts, of the surrounding size


@dataclass(frozen=True, slots=True)
class Look:
    """How one run is drawn."""

    font: str
    size: float
    color: Color
    slant: bool = False
    strike: bool = False
    underline: bool = False
    link: str = ""  # an external URL, or "#key" of a destination in this PDF
    code_bg: bool = False
    rise: float = 0.0  # baseline shift in points (superscript up, subscript down)


# Punctuation compression (标点挤压): when a mark whose ink sits in the left half of its em
# box is followed by another full-width mark, it takes half an em (“智慧库”“资源池” -> the ”
# before “ is halved), as Chinese typesetting does. Brackets and corner quotes sit left in
# every region; in SC faces the quotes and the comma-like marks do too, while TC/HK centre
# ，。、；：！？ (halving those would overlap the next glyph).
_LEFT_INK_ALL = frozenset("」』）》〕】〉")
_LEFT_INK_SC = _LEFT_INK_ALL | frozenset("”’，。、；：！？")
_FULL_WIDTH_MARKS = frozenset("“‘「『（《〔【〈”’」』）》〕】〉，。、；：！？")


@dataclass
class RichText:
    """Text ready to break: ``widths[i]`` is the advance of ``text[i]`` in points; run ``k``
    covers ``text[starts[k]:starts[k+1]]`` and is drawn with ``looks[k]``; ``compressed``
    lists (sorted) the marks set at half width, after which drawing restarts its position."""

    text: str = ""
    widths: list[float] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    looks: list[Look] = field(default_factory=list)
    compressed: list[int] = field(default_factory=list)

    def run_at(self, i: int) -> int:
        """Index of the run holding character ``i``."""
        return bisect_right(self.starts, i) - 1

    def next_compressed(self, i: int, j: int) -> int | None:
        """The first compressed mark in ``text[i:j]``, if any."""
        k = bisect_right(self.compressed, i - 1)
        if k < len(self.compressed) and self.compressed[k] < j:
            return self.compressed[k]
        return None

    def compress_punctuation(self, region: str) -> None:
        """Halve each left-inked mark that another full-width mark follows."""
        left = _LEFT_INK_SC if region == "SC" else _LEFT_INK_ALL
        text = self.text
        for i in range(len(text) - 1):
            if text[i] in left and text[i + 1] in _FULL_WIDTH_MARKS:
                self.widths[i] *= 0.5
                self.compressed.append(i)


@dataclass(frozen=True, slots=True)
class Span:
    """The inline state while walking: what the enclosing inlines ask for."""

    role: Role
    size: float
    color: Color = INK
    slant: bool = False
    strike: bool = False
    underline: bool = False
    code: bool = False
    link: str = ""
    rise: float = 0.0


LinkOf = Callable[[str], LinkTarget]


class Builder:
    """Accumulates runs; records characters that no face has, with the block's line, and the
    in-document anchors met (the flowable makes them destinations)."""

    def __init__(
        self, fonts: FontSet, missing: dict[str, set[int]], line: int, link_of: LinkOf
    ) -> None:
        self.fonts = fonts
        self.missing = missing
        self.line = line
        self.link_of = link_of
        self.parts: list[str] = []
        self.rich = RichText()
        self.length = 0
        self.anchors: list[str] = []

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
        runs, missing = self.fonts.split(text, role)
        for ch in missing:
            self.missing.setdefault(ch, set()).add(self.line)
        link = span.link
        color = LINK if link else span.color
        for piece, face in runs:
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
            )
            k = size / 1000
            widths, dw = face.widths, face.default_width
            self._append(piece, [widths.get(o, dw) * k for o in map(ord, piece)], look)

    def _append(self, text: str, widths: list[float], look: Look) -> None:
        rich = self.rich
        if not rich.looks or rich.looks[-1] != look:
            rich.starts.append(self.length)
            rich.looks.append(look)
        self.parts.append(text)
        rich.widths.extend(widths)
        self.length += len(text)

    def hard_break(self, span: Span) -> None:
        """A forced line break: a zero-width newline."""
        face = self.fonts.face(span.role)
        self._append("\n", [0.0], Look(face.name, span.size, span.color))

    def inlines(self, nodes: Inlines, span: Span) -> None:
        """Walk inline nodes (alt text of inline images is printed muted)."""
        for node in nodes:
            match node:
                case Text(text=t):
                    self.add(t.replace("\n", " "), span)
                case Code(text=t):
                    self.add(t.replace("\n", " "), replace(span, code=True))
                case Emph(children=c):
                    self.inlines(c, replace(span, slant=True, color=EMPH))
                case Strong(children=c):
                    self.inlines(c, replace(span, role="sans"))
                case Strike(children=c):
                    self.inlines(c, replace(span, strike=True))
                case Underline(children=c):
                    self.inlines(c, replace(span, underline=True))
                case Superscript(children=c):
                    small = span.size * SCRIPT_SIZE
                    self.inlines(c, replace(span, size=small, rise=span.rise + 0.4 * span.size))
                case Subscript(children=c):
                    small = span.size * SCRIPT_SIZE
                    self.inlines(c, replace(span, size=small, rise=span.rise - 0.15 * span.size))
                case Link(children=c, url=url):
                    self.inlines(c, replace(span, link=self._link(url) or span.link))
                case LineBreak():
                    self.hard_break(span)
                case InlineImage(alt=alt):  # no inline pictures in the PDF: the alt text
                    self.add(alt, replace(span, color=MUTED))
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
        """The finished rich text."""
        self.rich.text = "".join(self.parts)
        self.rich.compress_punctuation(self.fonts.region)
        return self.rich
