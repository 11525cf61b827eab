"""The PDF writer's fonts: register the faces an edition needs (once per process) and pick,
character by character, a face that has the glyph.

Roles: ``serif`` (body), ``sans`` (bold headings and bold inline text), ``mono`` (code). Each
role falls back to the others, so CJK inside code prints in a CJK face and a Latin letter the
serif lacks prints in the sans. A character no face has is reported (never dropped silently).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..errors import UsageError
from ..fonts import PUA_BASE, FontFace
from ..locale import Locale
from ..options import Options

Role = Literal["serif", "sans", "mono"]
ROLES: tuple[Role, ...] = ("serif", "sans", "mono")
_CHAINS: dict[Role, tuple[Role, ...]] = {
    "serif": ("serif", "sans", "mono"),
    "sans": ("sans", "serif", "mono"),
    "mono": ("mono", "serif", "sans"),  # the sans face is bold: CJK in code reads better plain
}


@dataclass(frozen=True)
class Face:
    """A registered TrueType face: its reportlab name, cmap and advance widths (1/1000 em)."""

    name: str
    cmap: dict[int, int] = field(repr=False)
    widths: dict[int, int] = field(repr=False)
    default_width: int
    ascent: float  # in em
    descent: float  # in em (negative)


_REGISTERED: dict[str, Face] = {}


def register(font: FontFace) -> Face:
    """Register a face with reportlab once per process (under its collision-proof
    ``FontFace.name``: two files that share a file name stay two fonts) and describe it."""
    face = _REGISTERED.get(font.name)
    if face is None:
        try:
            tt = TTFont(font.name, str(font.path), subfontIndex=font.index)
        except Exception as exc:  # reportlab raises bare TTFError/OSError for unusable fonts
            raise UsageError(f"font {font.path}#{font.index} cannot be used: {exc}") from exc
        pdfmetrics.registerFont(tt)
        f = tt.face
        # The half-width variants live in the Private Use Area: they are for compressed
        # punctuation, never a user's own PUA characters, which must print as a box (glyph
        # 0) and copy out as themselves. (A face for the variants is registered apart.)
        for code in PUA_BASE:
            f.charToGlyph.pop(code, None)
        cmap = f.charToGlyph
        face = Face(
            font.name,
            cmap,
            f.charWidths,
            int(f.defaultWidth),
            f.ascent / 1000,
            f.descent / 1000,
        )
        _REGISTERED[font.name] = face
    return face


class FontSet:
    """The faces of one edition, by role, each loaded on first use (a face costs ~0.1 s and
    a document without code never needs the mono one)."""

    def __init__(self, specs: dict[Role, FontFace], region: str = "SC") -> None:
        self.specs = specs
        self.region = region  # SC, TC or HK: where punctuation sits in its em box
        self._faces: dict[Role, Face] = {}

    def face(self, role: Role) -> Face:
        """The face of ``role``, registered with reportlab on first use."""
        face = self._faces.get(role)
        if face is None:
            face = self._faces[role] = register(self.specs[role])
        return face

    def chain(self, role: Role) -> tuple[Face, ...]:
        """Faces to try for ``role``, best first (duplicates removed)."""
        out: list[Face] = []
        for r in _CHAINS[role]:
            if self.face(r) not in out:
                out.append(self.face(r))
        return tuple(out)

    def split(self, text: str, role: Role) -> tuple[list[tuple[str, Face]], str]:
        """``text`` cut into runs each printed by one face, plus the characters no face has
        (those stay in the primary face's run so the text keeps its order and width)."""
        first = self.face(role)
        if first.cmap.keys() >= set(map(ord, text)):
            return [(text, first)], ""
        chain = self.chain(role)
        runs: list[tuple[str, Face]] = []
        missing: list[str] = []
        for ch in text:
            code = ord(ch)
            face = next((f for f in chain if code in f.cmap), None)
            if face is None:
                if not ch.isspace() and not _invisible(code):
                    missing.append(ch)
                face = first  # a box (.notdef), whose copy-out text is the character
            if runs and runs[-1][1] is face:
                runs[-1] = (runs[-1][0] + ch, face)
            else:
                runs.append((ch, face))
        return runs, "".join(missing)


def _invisible(code: int) -> bool:
    """Format characters (joiners, variation selectors) that print nothing on their own."""
    return code in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF) or 0xFE00 <= code <= 0xFE0F


def font_set(locale: Locale, options: Options) -> FontSet:
    """The faces for a document in ``locale``: bundled ones (in the locale's glyph forms)
    unless ``options.pdf_fonts`` names ``PATH[#index]`` for a role."""
    from .. import fonts

    specs: dict[Role, FontFace] = {}
    for role in ROLES:
        spec = options.pdf_fonts.get(role)
        specs[role] = (
            fonts.parse_font_spec(spec) if spec else fonts.bundled_face(role, locale.glyphs)
        )
    return FontSet(specs, locale.glyphs)
