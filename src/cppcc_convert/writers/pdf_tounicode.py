"""The PDF's copy-out text: the ToUnicode CMap of each composite font (pdf_cidfont).

We write it ourselves. reportlab 4 and 5 write each simple subset's ToUnicode entry as
``<%04X>`` of the code point, so a character outside the Basic Multilingual Plane comes out
as five hex digits (``<2BAC7>``) where PDF wants UTF-16BE, a surrogate pair
(``<D86E DEC7>``): pdftotext then reads 𫫇 as ⮬ (U+2BAC). About 200 characters of the
bundled fonts are such (Extension B and later: names, the 通用规范汉字表). The reproducer
and the report for reportlab are in docs/upstream/reportlab-tounicode.md (not filed yet: it
goes to the reportlab-users list, which we cannot reach from here).

The same CMap also maps the fonts' half-width punctuation variants (Private Use Area
U+F0000-U+F001E, see fonts/README.md) back to the marks they draw, so compressed punctuation
copies out as the punctuation the document has.

Every face is a composite font with two-byte codes, so reportlab's own simple-subset CMap
(``ttfonts.makeToUnicodeCMap``, which an earlier version of this module replaced) is never
written.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..fonts import HALF_WIDTH_MARKS, PUA_BASE

# PostScript names of the registered faces that carry half-width variants (pdf_fonts adds
# them): only their PUA codes are variants; in any other font a PUA character is itself.
VARIANT_FONTS: set[str] = set()


def utf16_hex(code: int) -> str:
    """A code point as the hex digits of its UTF-16BE form (a surrogate pair above U+FFFF)."""
    if code > 0xFFFF:
        code -= 0x10000
        return f"{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}"
    return f"{code:04X}"


def cid_to_unicode_cmap(chars: Sequence[int], *, variants: bool = False) -> str:
    """The ToUnicode CMap of a composite font: two-byte code ``n`` copies out as
    ``chars[n]`` (code 0, .notdef, as nothing); ``variants``: the face's half-width
    punctuation variants copy out as their marks."""
    pua = PUA_BASE if variants else {}
    entries = [f"<{n:04X}> <{utf16_hex(pua.get(c, c))}>" for n, c in enumerate(chars) if n]
    cmap = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
    for start in range(0, len(entries), 100):  # at most 100 entries per block (PDF spec)
        block = entries[start : start + 100]
        cmap += [f"{len(block)} beginbfchar", *block, "endbfchar"]
    cmap += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(cmap)


__all__ = ["HALF_WIDTH_MARKS", "cid_to_unicode_cmap", "utf16_hex"]
