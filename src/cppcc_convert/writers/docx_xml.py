"""WordprocessingML text helpers: namespaces, escaping, the drawing of a picture (no
python-docx import here).

The body is built as XML text (far faster than python-docx's per-call object API); every
piece of user text passes through ``esc``/``attr`` so ``<``, ``&`` or a literal ``<w:t>`` in a
document stays text.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..text import XML_ILLEGAL

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"

NSDECL = f'xmlns:w="{W}" xmlns:r="{R}" xmlns:wp="{WP}" xmlns:a="{A}" xmlns:pic="{PIC}"'
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# Characters XML 1.0 cannot carry at all (C0 controls but tab/newline/CR, lone surrogates,
# U+FFFE/U+FFFF): dropped, since no reader could open the file otherwise.


def clean(text: str) -> str:
    """``text`` without the characters XML cannot represent."""
    return XML_ILLEGAL.sub("", text)


# str.replace, not str.translate: translate looks up every character of CJK text in a dict
# and made escaping 80% of the writer's time.
def esc(text: str) -> str:
    """``text`` as XML character data."""
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(text: str) -> str:
    """``text`` as the inside of a double-quoted attribute value (whitespace kept)."""
    text = esc(text).replace('"', "&quot;")
    return text.replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")


def qn(tag: str) -> str:
    """Clark notation for a ``w:``/``r:``/``wp:`` name: ``w:p`` -> ``{...main}p``."""
    prefix, local = tag.split(":")
    uri = {"w": W, "r": R, "wp": WP, "a": A, "pic": PIC}[prefix]
    return f"{{{uri}}}{local}"


@dataclass(frozen=True)
class Picture:
    """An embedded image: its relationship id, size in EMU, and part file name."""

    rid: str
    cx: int
    cy: int
    name: str


def drawing_xml(pic: Picture, shape_id: int, alt: str, title: str) -> str:
    """A DrawingML inline picture; the alt text goes to docPr/@descr for screen readers."""
    title_attr = f' title="{attr(title)}"' if title else ""
    return (
        f'<wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{pic.cx}" cy="{pic.cy}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="Picture {shape_id}" descr="{attr(alt)}"{title_attr}/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{shape_id}" name="{attr(pic.name)}"/><pic:cNvPicPr/>'
        f'</pic:nvPicPr><pic:blipFill><a:blip r:embed="{pic.rid}"/><a:stretch><a:fillRect/>'
        '</a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{pic.cx}" cy="{pic.cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        "</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>"
    )
