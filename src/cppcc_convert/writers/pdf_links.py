"""Link annotations kept small until the PDF is written.

reportlab's ``linkURL`` and ``linkRect`` build each annotation as a tree of PDF objects
(dictionaries, names, arrays, strings: ~2.5 KB) that the document holds until ``save``; a
document of 500,000 links held over a gigabyte of them (issue 19, at the 50 MB limit). Here an
annotation is its rectangle and target until then, and ``format`` builds reportlab's own
objects, the same calls in the same order, only while it is written: the same bytes.
"""

from __future__ import annotations

from array import array
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFString,
)

Rect = tuple[float, float, float, float]


class _UrlLink(PDFObject):
    """``canv.linkURL(url, rect, relative=1, thickness=0)``'s annotation, as written."""

    __slots__ = ("__InternalName__", "rect", "url")

    def __init__(self, rect: Rect, url: str) -> None:
        self.rect, self.url = array("d", rect), url  # 4 numbers: 96 B, a tuple's 168

    def format(self, document: Any) -> bytes:
        ann = PDFDictionary(dict={})
        ann["Type"] = PDFName("Annot")
        ann["Subtype"] = PDFName("Link")
        ann["Rect"] = PDFArray(tuple(self.rect))
        action = PDFDictionary()
        action["Type"] = PDFName("Action")
        action["S"] = PDFName("URI")
        action["URI"] = PDFString(self.url)
        ann["A"] = action
        ann["Border"] = PDFArray([0, 0, 0])  # canvas._annFormat, thickness 0
        data: bytes = ann.format(document)
        return data


class _DestinationLink(PDFObject):
    """``canv.linkRect("", name, rect, relative=1, thickness=0)``'s annotation, as written;
    the destination's reference is taken when the link is made, as reportlab takes it."""

    __slots__ = ("__InternalName__", "destination", "rect")

    def __init__(self, rect: Rect, destination: Any) -> None:
        self.rect, self.destination = array("d", rect), destination

    def format(self, document: Any) -> bytes:
        rect = tuple(self.rect)
        kw: dict[str, Any] = {"Rect": rect, "Contents": "", "Destination": self.destination}
        kw["Border"] = PDFArray([0, 0, 0])
        data: bytes = pdfdoc.LinkAnnotation(**kw).format(document)
        return data


def link_url(canv: Any, url: str, rect: Rect) -> None:
    """A link to ``url`` over ``rect`` (in the current coordinates)."""
    _annotate(canv, _UrlLink(canv._absRect(rect, 1), url))


def link_destination(canv: Any, name: str, rect: Rect) -> None:
    """A link to the destination ``name`` (which may be set later) over ``rect``."""
    destination = canv._bookmarkReference(name)
    _annotate(canv, _DestinationLink(canv._absRect(rect, 1), destination))


def _annotate(canv: Any, annotation: PDFObject) -> None:
    """``canv._addAnnotation(annotation)``: the same name (Annot.NUMBER<n>) registered with
    the document and listed on the page, as one string where reportlab makes two."""
    count = canv._annotationCount = canv._annotationCount + 1
    internal = canv._doc.annotationName("NUMBER" + repr(count))
    canv._doc.Reference(annotation, internal)
    canv._annotationrefs.append(PDFObjectReference(internal))
