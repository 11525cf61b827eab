"""Our faces embedded as one composite font each: Type0, ``/Identity-H``, a CIDFontType2.

reportlab embeds a TrueType face as simple fonts of 256 codes each (``TTFont.splitString``):
CJK text jumps between those subsets every ~2.2 characters, so a page had a ``Tf`` and a
``Tj`` per couple of characters and drawing spent most of its time in reportlab's per
character subset lookup (bench/pdf_notes.md). Here a face is one font per document: each
character gets a two-byte code (CID) on first use, 1, 2, 3... in drawing order, so a run of
any length in one face is one string, ``<hhhh...>``, and the codes are the same on every run
of the same document.

At save time (``addObjects``, which reportlab calls for each font a document used) the face
writes: the Type0 font (``/Encoding /Identity-H``, a ToUnicode CMap of the characters by code:
``pdf_tounicode.cid_to_unicode_cmap``), its CIDFontType2 descendant (``/CIDSystemInfo``
Adobe/Identity/0, default width ``/DW`` and a ``/W`` array of the other widths, the
``/CIDToGIDMap`` stream from codes to the subset's glyphs) and the FontDescriptor with the
subset (``FontFile2``), made by reportlab's own ``makeSubset`` from one character per glyph
in the order of first use, so the subset's glyph ids are that order (0 is .notdef). The
subset's name prefix is six letters of a digest of the glyphs it holds.

Every path that puts text in the PDF goes through ``splitString`` and
``getSubsetInternalName`` (reportlab's ``textOut`` for the page numbers, ``pdf_draw`` for
everything else), which answer with one "subset" (0) holding every code.
"""

from __future__ import annotations

import hashlib
import sys
from array import array
from typing import Any
from weakref import WeakKeyDictionary

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFont

from ..errors import UsageError
from .pdf_tounicode import VARIANT_FONTS, cid_to_unicode_cmap
from .pdf_ttf import FastTTFont

MAX_CODES = 0xFFFF  # two-byte codes; code 0 is .notdef
# reportlab's makeSubset writes a format 6 cmap whose length (10 + 2 per glyph) is 16-bit
MAX_GLYPHS = 32760


class Codes(dict[int, str]):
    """One face's codes in one document: code point -> four hex digits, assigned on first use
    (``str.translate`` with it turns a string into its hex codes in one call)."""

    def __init__(self, font: str) -> None:
        super().__init__()
        self.font = font
        self.chars: list[int] = [0]  # code -> code point (code 0: .notdef)
        self.name = ""  # the font's resource name in the document (/F1)

    def __missing__(self, code: int) -> str:
        n = len(self.chars)
        if n > MAX_CODES:
            raise UsageError(f"more than {MAX_CODES} different characters in font {self.font}")
        self.chars.append(code)
        hexcode = self[code] = f"{n:04X}"
        return hexcode


class CIDFontMixin:
    """What turns a reportlab ``TTFont`` into a composite font (see the module)."""

    fontName: str
    face: Any
    _cid_state: WeakKeyDictionary[Any, Codes]

    def codes(self, doc: Any) -> Codes:
        """This face's codes in ``doc``, registering the font with it on first use."""
        states = self.__dict__.get("_cid_state")
        if states is None:
            states = self._cid_state = WeakKeyDictionary()
        codes = states.get(doc)
        if codes is None:
            codes = states[doc] = Codes(self.fontName)
            codes.name = f"F{len(doc.fontMapping) + 1}"
            doc.fontMapping[self.fontName] = "/" + codes.name
            doc.delayedFonts.append(self)
        return codes

    def splitString(self, text: str, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        """reportlab's name: the text as one run of two-byte codes."""
        if isinstance(text, bytes):
            text = text.decode(encoding)
        return [(0, bytes.fromhex(text.translate(self.codes(doc))))]

    def getSubsetInternalName(self, subset: int, doc: Any) -> str:
        """reportlab's name: the font's resource name (there is one subset)."""
        return "/" + self.codes(doc).name

    def addObjects(self, doc: Any) -> None:
        """The font's objects, at save time (reportlab calls it)."""
        codes = self._cid_state.pop(doc)
        face = self.face
        c2g = face.charToGlyph
        glyphs: dict[int, int] = {0: 0}  # original glyph -> subset glyph
        reps: list[int] = []  # one character per subset glyph after .notdef
        cid_to_gid = array("H", [0])
        for char in codes.chars[1:]:
            old = c2g.get(char, 0)
            new = glyphs.get(old)
            if new is None:
                new = glyphs[old] = len(glyphs)
                reps.append(char)
            cid_to_gid.append(new)
        if len(reps) >= MAX_GLYPHS:
            raise UsageError(f"more than {MAX_GLYPHS} different glyphs in font {self.fontName}")
        used = array("H", glyphs)
        base = bytes(face.name + face.subfontNameX).decode("latin-1")
        name = f"{_prefix(used.tobytes())}+{base}"
        descriptor = face.addSubsetObjects(doc, name, reps)
        if sys.byteorder == "little":
            cid_to_gid.byteswap()  # big-endian, two bytes per code
        # poppler reads /DW only as an integer (a fraction is ignored: 1000 is taken)
        dw = int(face.defaultWidth) if face.defaultWidth == int(face.defaultWidth) else 1000
        cidfont = pdfdoc.PDFDictionary(
            {
                "Type": "/Font",
                "Subtype": "/CIDFontType2",
                "BaseFont": pdfdoc.PDFName(name),
                "CIDSystemInfo": pdfdoc.PDFDictionary(
                    {"Registry": "(Adobe)", "Ordering": "(Identity)", "Supplement": 0}
                ),
                "FontDescriptor": descriptor,
                "DW": dw,
                "W": widths_array(list(map(face.getCharWidth, codes.chars)), dw),
                "CIDToGIDMap": doc.Reference(_stream(doc, cid_to_gid.tobytes())),
            }
        )
        variants = base in VARIANT_FONTS
        cmap = _stream(doc, cid_to_unicode_cmap(codes.chars, variants=variants).encode("ascii"))
        font = pdfdoc.PDFDictionary(
            {
                "Type": "/Font",
                "Subtype": "/Type0",
                "BaseFont": pdfdoc.PDFName(name),
                "Encoding": "/Identity-H",
                "DescendantFonts": pdfdoc.PDFArray([doc.Reference(cidfont)]),
                "ToUnicode": doc.Reference(cmap),
            }
        )
        setattr(font, "__Comment__", f"Font {self.fontName}")  # noqa: B010  # not mangled
        setattr(font, "__RefOnly__", 1)  # noqa: B010  # a reference wherever it is used
        doc.Reference(font, codes.name)
        doc.idToObject["BasicFonts"].dict[codes.name] = font


def _prefix(glyphs: bytes) -> str:
    """Six capital letters from the subset's glyph ids (PDF: a subset's tag is six letters)."""
    digest = int.from_bytes(hashlib.sha256(glyphs).digest()[:8], "big")
    letters = []
    for _ in range(6):
        digest, n = divmod(digest, 26)
        letters.append(chr(65 + n))
    return "".join(letters)


def _fmt(width: float) -> str:
    return f"{width:.3f}".rstrip("0").rstrip(".")


def widths_array(widths: list[float], default: float) -> str:
    """``/W`` for codes 0.. of ``widths``: runs of consecutive codes whose width is not the
    default, each as ``first [w w ...]``."""
    out: list[str] = []
    run: list[str] = []
    first = 0
    for code, width in enumerate(widths):
        if width != default:
            if not run:
                first = code
            run.append(_fmt(width))
        elif run:
            out.append(f"{first} [{' '.join(run)}]")
            run = []
    if run:
        out.append(f"{first} [{' '.join(run)}]")
    return "[" + " ".join(out) + "]"


def _stream(doc: Any, content: bytes) -> Any:
    stream = pdfdoc.PDFStream()
    stream.content = content
    if doc.compression:
        stream.filters = [pdfdoc.PDFZCompress]
    return stream


class CIDFastTTFont(CIDFontMixin, FastTTFont):
    """A face loaded in bulk (pdf_ttf), embedded as a composite font."""


class CIDTTFont(CIDFontMixin, TTFont):
    """A face loaded by reportlab (releases before 5), embedded as a composite font."""
