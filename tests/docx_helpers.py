"""Helpers for the DOCX tests: write, read parts back as XML, extract the text in order."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from cppcc_convert.anchors import with_ids
from cppcc_convert.model import Document
from cppcc_convert.options import Options
from cppcc_convert.writers import WriteContext
from cppcc_convert.writers.docx import write

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def w(name: str) -> str:
    """Clark name of a w: attribute or element."""
    return f"{{{W}}}{name}"


def write_docx(
    doc: Document, base_dir: Path | None = None, **opts: Any
) -> tuple[bytes, WriteContext]:
    """The DOCX bytes of ``doc`` and the context (warnings)."""
    doc = with_ids(doc)  # as api.render does: a hand-made model has no heading ids
    ctx = WriteContext.for_document(doc, Options(**opts), base_dir)
    return write(doc, ctx), ctx


def part(data: bytes, name: str) -> Any:
    """One XML part of the package, parsed."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def names(data: bytes) -> list[str]:
    """The entry names of the package."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.namelist()


def xpath(root: Any, path: str) -> list[Any]:
    """XPath with our prefixes."""
    result: list[Any] = root.xpath(path, namespaces=NS)
    return result


def body_paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(style id, text) of each body paragraph outside tables, in order."""
    root = part(data, "word/document.xml")
    out = []
    for p in xpath(root, "/w:document/w:body/w:p"):
        style = xpath(p, "string(w:pPr/w:pStyle/@w:val)")
        out.append((style, "".join(xpath(p, ".//w:t/text()"))))
    return out


def document_order_text(data: bytes) -> str:
    """Every character a reader sees in the body, in order: text, tabs, breaks; a newline
    between paragraphs. (Alt text of embedded pictures is not visible text.)"""
    root = part(data, "word/document.xml")
    out: list[str] = []
    for el in root.iter(w("t"), w("tab"), w("br"), w("p")):
        if el.tag == w("t"):
            out.append(el.text or "")
        elif el.tag == w("tab"):
            out.append("\t")
        elif el.tag == w("br"):
            out.append("\n")
        else:
            out.append("\n")  # iter() yields the paragraph before its content: a separator
    return "".join(out)


def squash(text: str) -> str:
    """Text without any whitespace."""
    return re.sub(r"\s+", "", text)


def style_by_name(data: bytes, name: str) -> Any:
    """The w:style element whose w:name is ``name`` (case-insensitive)."""
    root = part(data, "word/styles.xml")
    for el in xpath(root, "w:style"):
        if xpath(el, "string(w:name/@w:val)").lower() == name.lower():
            return el
    raise AssertionError(f"no style named {name!r}")
