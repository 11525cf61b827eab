"""Rich text for the PDF layout: one flat string, one width per character, and runs that say
how each stretch is drawn (face, size, colour, slant, lines, link); and the passes that finish
it (punctuation compression, autospace, rigid gaps, code cells). ``pdf_text_builder`` builds
it from the model's inlines.

Italic: there is no CJK italic face, so emphasised text is drawn slanted by 12° (a shear of the
text matrix, as word processors do for CJK) and in a slightly different colour; bold is the bold
sans face (Noto Sans CJK Bold), which also covers Latin.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, MutableSequence, Sequence
from dataclasses import dataclass, field
from itertools import chain, starmap
from typing import NamedTuple
from unicodedata import east_asian_width

from ..fonts import HALF_WIDTH_MARKS
from .pdf_fonts import Face, Ink
from .pdf_linebreak import ARRAY_FROM

Color = tuple[float, float, float]
INK: Color = (0.08, 0.08, 0.08)
LINK: Color = (0.0, 0.27, 0.6)
EMPH: Color = (0.18, 0.18, 0.3)
MUTED: Color = (0.4, 0.4, 0.4)
CODE_BG: Color = (0.94, 0.94, 0.94)
SCRIPT_SIZE = 0.7  # superscripts and subscripts, of the surrounding size


class Look(NamedTuple):
    """How one run is drawn (a named tuple: one is built per piece of text, at a third of
    the cost of a frozen dataclass)."""

    font: str
    size: float
    color: Color
    slant: bool = False
    strike: bool = False
    underline: bool = False
    link: str = ""  # an external URL, or "#key" of a destination in this PDF
    code_bg: bool = False
    rise: float = 0.0  # baseline shift in points (superscript up, subscript down)
    bold: bool = False  # drawn with its outline stroked too: a bold of a face that has none


class Glue(Mapping[int, float]):
    """The glue of a long text (``ARRAY_FROM`` characters or more): its indices and amounts
    in two arrays (16 B each, where a dict's entry, its int and its float take ~130: a code
    block of 1.5 M lines with Chinese comments held 380 MB of glue). Set in increasing order
    of index, as the passes that make glue go; read like the dict of a short text."""

    __slots__ = ("amounts", "at")

    def __init__(self) -> None:
        self.at = array("q")  # sorted
        self.amounts = array("d")

    def __setitem__(self, i: int, g: float) -> None:
        if self.at and i <= self.at[-1]:
            raise ValueError("glue is set in increasing order of index")
        self.at.append(i)
        self.amounts.append(g)

    def _find(self, i: int) -> int:
        k = bisect_left(self.at, i)
        return k if k < len(self.at) and self.at[k] == i else -1

    def __getitem__(self, i: int) -> float:
        k = self._find(i)
        if k < 0:
            raise KeyError(i)
        return self.amounts[k]

    def __contains__(self, i: object) -> bool:
        return isinstance(i, int) and self._find(i) >= 0

    def __iter__(self) -> Iterator[int]:
        return iter(self.at)

    def __len__(self) -> int:
        return len(self.at)


@dataclass
class RichText:
    """Text ready to break and draw.

    ``widths[i]`` is the advance of ``text[i]`` in points as laid out (a compressed mark's
    half width, plus any ``glue`` after it); run ``k`` covers ``text[starts[k]:starts[k+1]]``
    and is drawn with ``looks[k]``. ``draw`` maps an index to what is drawn in its place (a
    half-width variant, ``" "`` for a space no face has, ``""`` for an invisible format
    character); ``glue`` is extra space after a character (the quarter em between Han and
    Latin, the second cell of a wide character in code); ``rigid`` lists (sorted) the gaps
    ``i`` (between ``text[i]`` and ``text[i + 1]``) that justification never widens: inside
    Latin words and numbers, inline code, doubled marks, before a space."""

    text: str = ""
    widths: MutableSequence[float] = field(default_factory=list)  # an array in a long one
    starts: MutableSequence[int] = field(default_factory=list)  # an array in a long one
    looks: list[Look] = field(default_factory=list)
    draw: dict[int, str] = field(default_factory=dict)
    glue: dict[int, float] | Glue = field(default_factory=dict)
    rigid: Sequence[int] = field(default_factory=list)
    faces: dict[str, Face] = field(default_factory=dict, repr=False)
    glue_at: Sequence[int] = field(default_factory=list)  # sorted keys of ``glue``
    draw_at: list[int] = field(default_factory=list)  # sorted keys of ``draw``
    # Added after every character, and already in ``widths`` (negative: tighter): a layout
    # grid's character pitch (an official document's 28 characters of 16 pt in 156 mm).
    tracking: float = 0.0
    # pdf_pages' check that no run has a code background, a line or a link, made once: a
    # huge paragraph set on thousands of pages scanned all its runs for every page
    text_only: bool | None = field(default=None, repr=False, compare=False)

    def run_at(self, i: int) -> int:
        """Index of the run holding character ``i``."""
        return bisect_right(self.starts, i) - 1

    def variant(self, i: int) -> tuple[str, Ink] | None:
        """The half-width variant of ``text[i]`` in the face that draws it, if it has one."""
        k = self.run_at(i)
        look = self.looks[k]
        if look.code_bg:
            return None  # marks in inline code are code
        face = self.faces.get(look.font)
        return face.variants.get(self.text[i]) if face is not None else None

    def _variant_width(self, i: int, char: str) -> float:
        look = self.looks[self.run_at(i)]
        face = self.faces[look.font]
        return face.widths.get(ord(char), face.default_width) * look.size / 1000

    def compress(self, i: int) -> None:
        """Draw ``text[i]`` as its half-width variant."""
        found = self.variant(i)
        if found is not None and i not in self.draw:
            self.draw[i] = found[0]
            self.widths[i] = self._variant_width(i, found[0])

    def trail(self, i: int) -> float:
        """How much narrower ``text[i]`` is when it ends a line: its glue, or the blank half
        of a mark whose ink sits left (，。 in SC faces, closing brackets and quotes)."""
        g = self.glue.get(i)
        if g is not None:
            return g
        if i in self.draw or self.text[i] not in _MARK_SET:
            return 0.0
        found = self.variant(i)
        if found is None or found[1] != "left":
            return 0.0
        return self.widths[i] - self._variant_width(i, found[0])

    def trimmed(self, i: int) -> str | None:
        """What is drawn for ``text[i]`` when a line ending there is trimmed (None: itself)."""
        if i in self.glue:
            return None
        found = self.variant(i)
        return found[0] if found is not None else None


# Punctuation compression (标点挤压) by the ink side of each mark in the face that draws it
# (fonts/halfwidth.json: SC faces set ，。、；：！？ and closing marks left, opening marks right;
# TC/HK centre ，。、；：！？). Between two adjacent full-width marks there is the blank right
# part of the first and the blank left part of the second: when one of them is a blank half
# em, that mark is drawn as its half-width variant (the first if it can be, else the second),
# as clreq and JIS X 4051 describe: ”“ ”， 」， ）） in every region, and in TC/HK ”，
# (” left, ， centred: 0.75 em of blank before) and ，「 (the 「 is halved). Two centred marks
# (0.5 em between them) keep their widths. A left-inked mark at the end of a line may also
# be halved when the line needs the room (RichText.trail, used by the line breaker).
#
# Why glyphs and not positions: the variants are real glyphs of the bundled fonts, half an
# em wide, drawn as different characters of the same font in the same text run. Moving the
# next glyph half an em back instead (a repositioned text matrix, or a negative kern) makes
# it overlap the previous glyph's advance box, and pdftotext then starts a new text line
# there; with the variant nothing overlaps, and the copy-out CMap maps the variant back to
# its mark (pdf_tounicode), so the text layer is the document's text.
_MARK_SET = frozenset(HALF_WIDTH_MARKS)
_MARK_RUN = re.compile("[" + re.escape(HALF_WIDTH_MARKS) + "]{2,}")

# Autospace: a quarter em between Han (and kana, bopomofo) and Latin letters or digits.
_HAN = (
    "\u3040-\u30ff\u3100-\u312f\u31a0-\u31bf\u31f0-\u31ff"  # kana, bopomofo
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"  # Han
)
_LATIN = "A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u04ff"
_LATIN_RUN = re.compile(f"[{_LATIN}]+")
_HAN_CHAR = re.compile(f"[{_HAN}]")
AUTOSPACE = 0.25  # em

# Gaps justification never widens (see RichText.rigid): runs of narrow characters (Latin
# words, numbers, URLs), the gap before an ASCII space (the gap after it widens, once per
# word space), the inside of doubled marks.
_NARROW_RUN = re.compile("[^\\s\u2e80-\U0010ffff“”‘’…—·⋯]{2,}")
_SPACE_RUN = re.compile("[ \t\u00a0]+")
_DOUBLED = re.compile("…{2,}|—{2,}|⋯{2,}")


def finish(rich: RichText, autospace: bool, code: bool, cell: float, compress: bool = True) -> None:
    """Compression, autospace and rigid gaps (or, in a code block, character cells)."""
    if len(rich.text) >= ARRAY_FROM and not rich.glue:
        rich.glue = Glue()
    if code:
        _cells(rich, cell)
    else:
        if compress:
            _compress_pairs(rich)
        if autospace:
            _autospace(rich)
        _rigid(rich)
    rich.glue_at = rich.glue.at if isinstance(rich.glue, Glue) else sorted(rich.glue)
    rich.draw_at = sorted(rich.draw)


def _compress_pairs(rich: RichText) -> None:
    for m in _MARK_RUN.finditer(rich.text):
        for i in range(m.start(), m.end() - 1):
            a, b = rich.variant(i), rich.variant(i + 1)
            if a is None or b is None:
                continue
            if a[1] == "left" and i not in rich.draw:
                rich.compress(i)
            elif b[1] == "right":
                rich.compress(i + 1)


def _autospace(rich: RichText) -> None:
    # Found from the Latin runs (one character class, scanned fast) and the Han characters
    # on either side of each, rather than by a lookahead tried at every character.
    text, looks, widths, glue = rich.text, rich.looks, rich.widths, rich.glue
    one = looks[0].size if len(looks) == 1 else 0.0
    n = len(text)
    for m in _LATIN_RUN.finditer(text):
        a, b = m.span()
        for i, han in ((a - 1, a - 1), (b - 1, b)):
            if 0 <= han < n and _HAN_CHAR.match(text, han):
                g = AUTOSPACE * (one or looks[rich.run_at(han)].size)
                glue[i] = g
                widths[i] += g


def _rigid(rich: RichText) -> None:
    # The stretches of gaps, merged where they overlap, then listed: no Python set of every
    # gap. The passes that rarely find anything run only when a substring search says so.
    text = rich.text
    spans = [(m.start(), m.end() - 1) for m in _NARROW_RUN.finditer(text)]
    if " " in text or "\t" in text or "\u00a0" in text:
        spans += [(max(m.start() - 1, 0), m.end() - 1) for m in _SPACE_RUN.finditer(text)]
    if "……" in text or "——" in text or "⋯⋯" in text:
        spans += [(m.start(), m.end() - 1) for m in _DOUBLED.finditer(text)]
    for k, look in enumerate(rich.looks):
        if look.code_bg:
            stop = rich.starts[k + 1] if k + 1 < len(rich.starts) else len(text)
            spans.append((rich.starts[k], stop - 1))
    gaps = chain.from_iterable(starmap(range, _merged(spans)))
    rich.rigid = array("q", gaps) if len(text) >= ARRAY_FROM else list(gaps)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Half-open ranges ``[a, b)``, sorted and with overlapping ones joined."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        elif b > a:
            out.append((a, b))
    return out


def _cells(rich: RichText, cell: float) -> None:
    """In a code block every character takes whole cells of the monospaced face, two for a
    wide (CJK) one: the rest of its cells is glue after it, so text laid out in columns
    (trees drawn with ─│) lines up as in a terminal. (The glued characters are drawn in
    marked-content spans whose /ActualText is their text: copied out, the code has no
    spaces where the glue is.)"""
    if cell <= 0:
        return
    widths, glue = rich.widths, rich.glue
    narrow, wide = cell * 1, cell * 2  # one float object each, not one per character
    for i, ch in enumerate(rich.text):
        if ch == "\n":
            continue
        w = widths[i]
        target = wide if east_asian_width(ch) in ("W", "F") else narrow
        if w < target - 0.01:
            glue[i] = target - w
            widths[i] = target
