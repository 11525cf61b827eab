"""The PDF writer's fonts: register the faces an edition needs (once per process) and pick,
character by character, a face that has the glyph.

Roles: ``serif`` (body), ``sans`` (bold headings and bold inline text), ``mono`` (code). Each
role falls back to the others, so CJK inside code prints in a CJK face and a Latin letter the
serif lacks prints in the sans. A character none of them has goes down the fallback chain: the
user's ``--pdf-font fallback=PATH``, then the CJK fonts with TrueType outlines installed on the
machine (``fonts.system_cjk_faces``; ``fallback=none`` turns both off, for builds that must
not depend on the machine). A character no font has prints as the face's box (.notdef) whose
copy-out text is still the character, and is reported.

The bundled faces carry half-width punctuation variants in the Private Use Area (U+F0000 +
index, fonts/README.md). They stay in the registered face, so a compressed mark is drawn as a
different character of the same font (pdf_text), and the copy-out CMap maps them back to their
marks (pdf_tounicode.VARIANT_FONTS). They are not part of ``Face.cmap``: a user's own character
at one of those code points is not covered by such a face.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from reportlab.pdfbase import pdfmetrics

from .. import fonts
from ..errors import UsageError
from ..fonts import FontFace
from ..locale import Locale
from ..options import Options
from .pdf_cidfont import CIDFastTTFont, CIDTTFont
from .pdf_tounicode import VARIANT_FONTS
from .pdf_ttf import SUPPORTED as FAST_FONTS

Role = Literal["serif", "sans", "mono", "kai", "title", "song"]
ROLES: tuple[fonts.Role, ...] = ("serif", "sans", "mono")  # the faces every document has
# An official document's faces (GB/T 9704): serif is 仿宋 (body), sans 黑体 (一、), kai 楷体
# (（一）), title 小标宋 (title and issuer), song 宋体 (page numbers). A document of any other
# kind has no faces of its own for the last three: they are its serif, sans and serif.
OFFICIAL_ROLES: tuple[Role, ...] = ("kai", "title", "song")
_STANDS_IN: dict[Role, Role] = {"kai": "serif", "title": "sans", "song": "serif"}
FALLBACK = "fallback"  # --pdf-font fallback=PATH (or "none": no fallback, no system fonts)
_CHAINS: dict[Role, tuple[Role, ...]] = {
    # 仿宋 lacks many Traditional characters: 楷体, of the same stroke weight, stands in
    "serif": ("serif", "kai", "song", "sans", "mono"),
    "sans": ("sans", "serif", "song", "mono"),
    "mono": ("mono", "serif", "sans"),  # the sans face is bold: CJK in code reads better plain
    "kai": ("kai", "serif", "song", "sans", "mono"),
    "title": ("title", "sans", "song", "serif", "mono"),
    "song": ("song", "serif", "sans", "mono"),
}
Ink = Literal["left", "right", "center"]


@dataclass(frozen=True, eq=False)
class Face:
    """A registered TrueType face: its reportlab name, what it covers, advance widths (1/1000
    em) and its half-width punctuation variants (mark -> (variant character, ink side))."""

    name: str
    cmap: frozenset[int] = field(repr=False)  # code points it draws (variants excluded)
    widths: dict[int, float] = field(repr=False)
    default_width: float
    ascent: float  # in em
    descent: float  # in em (negative)
    variants: dict[str, tuple[str, Ink]] = field(default_factory=dict, repr=False)
    tt: Any = field(default=None, repr=False)  # reportlab's TTFont
    _scaled: dict[float, Widths] = field(default_factory=dict, repr=False)
    _covered: dict[float, Widths] = field(default_factory=dict, repr=False)

    def scaled(self, size: float) -> Widths:
        """Character -> advance width in points at ``size`` (filled on first use)."""
        table = self._scaled.get(size)
        if table is None:
            table = self._scaled[size] = Widths(self, size)
        return table

    def covered(self, size: float) -> Widths:
        """``scaled(size)`` for the characters this face draws: any other raises KeyError,
        so measuring a string also tells whether the face has all of it (one pass)."""
        table = self._covered.get(size)
        if table is None:
            table = self._covered[size] = Covered(self, size)
        return table

    def box(self, code: int) -> None:
        """Make ``code`` print as this face's .notdef box (glyph 0) with ``code`` as its
        copy-out text (its own code in the composite font, pdf_cidfont, drawn by glyph 0)."""
        face = self.tt.face
        if code not in face.charToGlyph:
            face.charToGlyph[code] = 0
            face.charWidths[code] = self.default_width

    def can_box(self, code: int) -> bool:
        """Whether ``code`` can be a box in this face (it is not one of its variants)."""
        return not self.variants or code not in fonts.PUA_BASE


class Widths(dict[str, float]):
    """One face's advance widths at one size, by character: ``list(map(w.__getitem__, s))``
    measures a string without a Python loop per character once its characters are known."""

    def __init__(self, face: Face, size: float) -> None:
        super().__init__()
        self.face, self.k = face, size / 1000

    def __missing__(self, char: str) -> float:
        face = self.face
        width = self[char] = face.widths.get(ord(char), face.default_width) * self.k
        return width


class Covered(Widths):
    """``Widths`` of the characters in the face's cmap only (a KeyError for any other)."""

    def __missing__(self, char: str) -> float:
        if ord(char) not in self.face.cmap:
            raise KeyError(char)
        return super().__missing__(char)


_REGISTERED: dict[str, Face] = {}  # registration name -> face
_BY_FILE: dict[tuple[Path, int], Face] = {}  # one registration per face of a file
_BASE_NAMES: set[str] = set()  # PostScript name + subfont suffix of every registered face


def register(font: FontFace) -> Face:
    """Register a face with reportlab once per process (under its collision-proof
    ``FontFace.name``: two files that share a file name stay two fonts) and describe it."""
    face = _REGISTERED.get(font.name)
    if face is not None:
        return face
    key = (font.path.resolve(), font.index)
    face = _BY_FILE.get(key)  # the same file under another name (a user names a bundled one)
    if face is None:
        face = _load(font)
        _BY_FILE[key] = face
    _REGISTERED[font.name] = face
    return face


def _load(font: FontFace) -> Face:
    try:
        loader = CIDFastTTFont if FAST_FONTS else CIDTTFont
        tt = loader(font.name, str(font.path), subfontIndex=font.index)
    except Exception as exc:  # reportlab raises bare TTFError/OSError for unusable fonts
        raise UsageError(f"font {font.path}#{font.index} cannot be used: {exc}") from exc
    f = tt.face
    # A font's objects are named after the PostScript name (+ "-N" for a face of a
    # collection): two different files with one name must not share them.
    base = _base_name(f)
    n = 1
    while base in _BASE_NAMES:
        n += 1
        f.subfontNameX = f.subfontNameX + f"-{n}".encode()
        base = _base_name(f)
    _BASE_NAMES.add(base)
    pdfmetrics.registerFont(tt)
    variants: dict[str, tuple[str, Ink]] = {}
    for mark, (code, ink) in fonts.half_width_variants(font).items():
        if code in f.charToGlyph:
            variants[mark] = (chr(code), ink)  # type: ignore[assignment]  # json: left/right/center
    cmap = frozenset(f.charToGlyph)
    if variants:
        cmap = cmap - {ord(v) for v, _ in variants.values()}
        VARIANT_FONTS.add(base)  # its variants copy out as their marks
    return Face(
        font.name,
        cmap,
        f.charWidths,
        float(f.defaultWidth),
        f.ascent / 1000,
        f.descent / 1000,
        variants,
        tt,
    )


def _base_name(face: Any) -> str:
    return bytes(face.name + face.subfontNameX).decode("latin-1")


class FontSet:
    """The faces of one edition, by role, each loaded on first use (a face costs ~0.1 s and
    a document without code never needs the mono one), and the fallback chain."""

    def __init__(
        self,
        specs: dict[Role, FontFace],
        region: str = "SC",
        fallback: FontFace | None = None,
        system: bool = True,
    ) -> None:
        self.specs = specs
        self.region = region  # SC, TC or HK: the glyph forms
        self.fallback = fallback
        self.system = system
        self._faces: dict[Role, Face] = {}
        self._fallbacks: list[FontFace] | None = None
        self._found: dict[int, Face | None] = {}
        self.by_name: dict[str, Face] = {}

    def face(self, role: Role) -> Face:
        """The face of ``role``, registered with reportlab on first use."""
        face = self._faces.get(role)
        if face is None:
            spec = self.specs.get(role) or self.specs[_STANDS_IN[role]]
            face = self._faces[role] = register(spec)
            self.by_name[face.name] = face
        return face

    def chain(self, role: Role) -> tuple[Face, ...]:
        """Faces to try for ``role``, best first (duplicates removed)."""
        out: list[Face] = []
        for r in _CHAINS[role]:
            if self.face(r) not in out:
                out.append(self.face(r))
        return tuple(out)

    def fallback_for(self, code: int) -> Face | None:
        """The first face of the fallback chain that has ``code`` (registered then), if any."""
        if code in self._found:
            return self._found[code]
        if self._fallbacks is None:
            self._fallbacks = [self.fallback] if self.fallback is not None else []
            if self.system:
                self._fallbacks += fonts.system_cjk_faces()
        found = None
        for spec in self._fallbacks:
            if code in fonts.face_coverage(spec):
                found = register(spec)
                self.by_name[found.name] = found
                break
        self._found[code] = found
        return found

    def split(self, text: str, role: Role) -> tuple[list[tuple[str, Face]], str, bool]:
        """``text`` cut into runs each printed by one face, plus the characters no face has
        (those stay in the primary face's run, as boxes, so the text keeps its order), and
        whether every character is known to be in its run's face (the common case: one run
        of the primary face) so the caller need not look again."""
        first = self.face(role)
        if first.cmap.issuperset(map(ord, text)):
            return [(text, first)], "", True
        chain = self.chain(role)
        runs: list[tuple[str, Face]] = []
        missing: list[str] = []
        for ch in text:
            code = ord(ch)
            face = next((f for f in chain if code in f.cmap), None)
            if face is None:
                face = self.fallback_for(code)
            if face is None:
                if not ch.isspace() and not invisible(code):
                    missing.append(ch)
                face = next((f for f in chain if f.can_box(code)), first)
                face.box(code)
            if runs and runs[-1][1] is face:
                runs[-1] = (runs[-1][0] + ch, face)
            else:
                runs.append((ch, face))
        return runs, "".join(missing), False


def invisible(code: int) -> bool:
    """Format characters (joiners, variation selectors) that print nothing on their own."""
    return (
        code in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
    )


def font_set(locale: Locale, options: Options, *, official: bool = False) -> FontSet:
    """The faces for a document in ``locale``: bundled ones (in the locale's glyph forms;
    for an ``official`` document the stand-ins for GB/T 9704's faces) unless
    ``options.pdf_fonts`` names ``PATH[#index]`` for a role, and the fallback chain."""
    known = (*ROLES, *OFFICIAL_ROLES, FALLBACK)
    unknown = sorted(set(options.pdf_fonts) - set(known))
    if unknown:
        raise UsageError(f"unknown PDF font role {unknown[0]!r} (choose from: {', '.join(known)})")
    region = locale.glyphs
    bundled: dict[Role, FontFace] = {r: fonts.bundled_face(r, region) for r in ROLES}
    if official:
        bundled["song"] = bundled["serif"]
        bundled["serif"] = fonts.official_face("fangsong", region)
        bundled["sans"] = fonts.official_face("hei", region)
        bundled["kai"] = fonts.official_face("kai", region)
        bundled["title"] = fonts.official_face("xiaobiaosong", region)
    specs: dict[Role, FontFace] = {}
    for role in (*ROLES, *OFFICIAL_ROLES):
        spec = options.pdf_fonts.get(role)
        if spec:
            specs[role] = fonts.parse_font_spec(spec)
        elif role in bundled:
            specs[role] = bundled[role]
    value = options.pdf_fonts.get(FALLBACK, "").strip()
    if value.lower() == "none":
        return FontSet(specs, locale.glyphs, None, system=False)
    fallback = fonts.parse_font_spec(value) if value else None
    return FontSet(specs, locale.glyphs, fallback)
