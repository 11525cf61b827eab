"""Drawing laid-out lines on the canvas: a ``TextFlow`` (``pdf_flowables``) cuts each line
into segments (one per run, with the character spacing of each stretch), and this module
draws them: code backgrounds, then all the text as one block of raw text operators, then
strike-through, underline and link areas. List bullets are drawn as shapes.
"""

from __future__ import annotations

from typing import Any, cast

from reportlab.pdfbase import pdfmetrics

from .pdf_cidfont import CIDFontMixin, Codes
from .pdf_links import link_destination, link_url
from .pdf_text import CODE_BG, INK, Color, Look

SLANT = 0.2126  # tan 12°


def destination_key(ident: str) -> str:
    """The PDF destination name of a document id (heading or anchor)."""
    return "a:" + ident


def draw_bullet(canv: Any, kind: str, x: float, y: float, em: float) -> None:
    """A list bullet drawn as a shape centred on (x, y): not text, so it neither enters
    the copy-out text nor, set smaller than the text, makes pdftotext start a line."""
    canv.saveState()
    canv.setFillColorRGB(*INK)
    canv.setStrokeColorRGB(*INK)
    r = 0.16 * em
    if kind == "○":
        canv.setLineWidth(0.07 * em)
        canv.circle(x, y, r - 0.035 * em, stroke=1, fill=0)
    elif kind == "■":
        canv.rect(x - 0.9 * r, y - 0.9 * r, 1.8 * r, 1.8 * r, stroke=0, fill=1)
    else:
        canv.circle(x, y, r, stroke=0, fill=1)
    canv.restoreState()


# A stretch of one run: character spacing, drawn text, the /ActualText of a span opening
# before it ("" for none), whether a span closes after it.
Group = tuple[float, str, str, bool]
# x, baseline, look, advance width, stretches
Segment = tuple[float, float, Look, float, list[Group]]


def text_only(looks: list[Look]) -> bool:
    """Whether ``draw_segments`` of runs with these looks draws only text (``draw_text``):
    no code background, strike-through, underline or link area."""
    return not any(k.code_bg or k.strike or k.underline or k.link for k in looks)


def draw_segments(canv: Any, segments: list[Segment]) -> None:
    """Backgrounds, then all text in one text object, then lines and link areas."""
    for x, y, look, w, _ in segments:
        if look.code_bg:
            canv.setFillColorRGB(*CODE_BG)
            canv.rect(x - 1, y - 0.25 * look.size, w + 2, 1.15 * look.size, stroke=0, fill=1)
    draw_text(canv, segments)
    for x, y, look, w, _ in segments:
        if not (look.strike or look.underline or look.link):
            continue
        canv.setStrokeColorRGB(*look.color)
        canv.setLineWidth(max(0.4, look.size / 18))
        if look.strike:
            canv.line(x, y + 0.3 * look.size, x + w, y + 0.3 * look.size)
        if look.underline:
            canv.line(x, y - 0.15 * look.size, x + w, y - 0.15 * look.size)
        if look.link:
            rect = (x, y - 0.25 * look.size, x + w, y + 0.9 * look.size)
            if look.link.startswith("#"):  # a destination in this PDF
                link_destination(canv, destination_key(look.link[1:]), rect)
            else:
                link_url(canv, look.link, rect)


def draw_text(canv: Any, segments: list[Segment]) -> None:
    """All segments as one BT/ET block of raw operators.

    reportlab's ``textOut`` re-measures every string and formats numbers in pure Python; we
    already know every position, so we write ``Tm Tf rg Tj`` ourselves (3x faster). Each run
    starts with a text matrix at its exact x; inside a run the glyphs follow one another by
    their advances, and a stretch that is spaced out (justification, the quarter em between
    Han and Latin, code cells) has the space after each glyph as a ``TJ`` number, so no glyph
    ever overlaps the one before (pdftotext would start a new line there). Not ``Tc``:
    pdfminer.six adds it between the glyphs of a string but not after the last one, so its
    positions drifted from every other reader's. Each face is one composite font with two-byte
    codes (``pdf_cidfont``): a stretch is one hex string, made by one ``str.translate``."""
    doc = canv._doc
    names: dict[tuple[str, float], str] = canv.__dict__.setdefault("_cppcc_tf", {})
    faces: dict[str, Codes] = canv.__dict__.setdefault("_cppcc_codes", {})
    code = ["q BT"]  # q/Q: our colour must not leak into later drawing
    add = code.append
    color: Color | None = None
    current = ""
    bold, stroke = False, INK
    for x, y, look, _w, groups in segments:
        add(f"1 0 {SLANT if look.slant else 0} 1 {x:.3f} {y + look.rise:.3f} Tm")
        if look.color != color:
            add("{:.3f} {:.3f} {:.3f} rg".format(*look.color))
            color = look.color
        if look.bold and (not bold or look.color != stroke):
            # fill and stroke (2 Tr): a bold of a face that has none, as Word draws it
            add("{:.3f} {:.3f} {:.3f} RG {:.3f} w 2 Tr".format(*look.color, look.size / 32))
            bold, stroke = True, look.color
        elif bold and not look.bold:
            add("0 Tr")
            bold = False
        size = look.size
        codes = faces.get(look.font)
        if codes is None:  # registered by pdf_fonts: a composite font
            font = cast(CIDFontMixin, pdfmetrics.getFont(look.font))
            codes = faces[look.font] = font.codes(doc)
        key = (look.font, size)
        name = names.get(key)
        if name is None:
            name = names[key] = f"/{codes.name} {size:g} Tf"
        if name != current:
            add(name)
            current = name
        hexcode = codes.__getitem__
        for sp, text, actual, close in groups:
            if actual:
                add(f"/Span <</ActualText <FEFF{actual.encode('utf-16-be').hex()}>>> BDC")
            if abs(sp) > 0.0005:  # [<aaaa> n <bbbb> n] TJ: the space after every glyph
                n = f"{-sp * 1000 / size:.1f}"
                add(f"[<{f'> {n} <'.join(map(hexcode, map(ord, text)))}> {n}] TJ")
            else:
                add(f"<{text.translate(codes)}> Tj")
            if close:
                add("EMC")
    add("ET Q")
    canv._code.append("\n".join(code))
