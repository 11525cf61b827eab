"""Writer golden files in pandoc's style: a model dump (JSON) in, normalised output text out.

Each case is a model under ``tests/golden/models/`` (``<name>.json``, made once from
``<name>.md`` by ``regen_writer_golden.py --models``), an edition and the formats to write.
Every output is turned into text a reviewer can read in a diff:

- DOCX and EPUB are unzipped: ``entries.txt`` lists every entry (binary ones with size and
  SHA-256), and every XML part is its own file, DOCX parts pretty-printed (element-only
  content indented; text and mixed content never touched), EPUB pages as the writer made them;
- the HTML page keeps everything but the bundled stylesheet (replaced by a marker: its own
  diff is in ``writers/css``) and the bytes of ``data:`` images (size and hash instead);
- a PDF becomes ``summary.txt``: metadata, fonts, the outline, then per page every text line
  with its rounded position and font runs, images, links and a count of drawn lines/boxes;
- ``diagnostics.txt`` has the writer's diagnostics for the format.

Timestamps are pinned with ``Options(source_date_epoch=EPOCH)`` (what ``SOURCE_DATE_EPOCH``
sets), and the names and versions of third-party producers are masked, so only our writers
change the files. ``python tests/regen_writer_golden.py`` rewrites them all.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from cppcc_convert.model import Document
from cppcc_convert.options import Options

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "tests" / "golden" / "models"
WRITERS = ROOT / "tests" / "golden" / "writers"
EPOCH = 1_700_000_000  # 2023-11-14T22:13:20Z
REGEN = "python tests/regen_writer_golden.py"

ALL_FORMATS = ("docx", "epub", "html", "pdf")
# The DOCX parts an edition changes (the nodes case has every part).
EDITION_DOCX_PARTS = frozenset(
    {
        "word/document.xml",
        "word/styles.xml",
        "word/settings.xml",
        "word/fontTable.xml",
        "docProps/core.xml",
    }
)


@dataclass(frozen=True)
class Case:
    """One model written in one edition; its golden files live in ``writers/<name>/``."""

    model: str
    edition: str = "zh-Hans"
    docx_parts: frozenset[str] | None = None  # None: every XML part

    @property
    def name(self) -> str:
        return self.model if self.edition == "zh-Hans" else f"{self.model}.{self.edition}"


CASES: tuple[Case, ...] = (
    Case("nodes"),
    *(Case("editions", e, EDITION_DOCX_PARTS) for e in ("zh-Hant", "zh-TW", "zh-HK")),
)

# model name -> the Markdown it was generated from (once; the JSON is the writers' input)
MODEL_SOURCES: dict[str, str] = {
    "nodes": "tests/golden/models/nodes.md",
    "editions": "tests/golden/models/editions.md",
}


def load_model(name: str) -> Document:
    """The model dump ``name``."""
    return Document.from_json((MODELS / f"{name}.json").read_bytes())


# ------------------------------------------------------------------ rendering


def render(case: Case, fmt: str) -> dict[str, str]:
    """The golden files of ``case`` in ``fmt``: path (under ``writers/<case>/<fmt>/``) -> text."""
    from cppcc_convert.pipeline import render_document
    from cppcc_convert.resources import FileResources
    from cppcc_convert.spool import output_bytes

    doc = load_model(case.model)
    images = FileResources((MODELS,), False)
    options = Options(source_date_epoch=EPOCH)
    outputs, diagnostics = render_document(
        doc, (fmt,), (case.edition,), options, images, f"{case.model}.json"
    )
    data = output_bytes(outputs[0][2])
    files = NORMALISERS[fmt](data, case)
    files["diagnostics.txt"] = "".join(d.format() + "\n" for d in diagnostics) or "(none)\n"
    return files


def expected(case: Case, fmt: str) -> dict[str, str]:
    """The golden files on disk for ``case`` in ``fmt``."""
    folder = WRITERS / case.name / fmt
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def unified_diff(want: dict[str, str], got: dict[str, str], where: str) -> str:
    """Every difference between golden files and fresh output, as unified diffs."""
    out: list[str] = []
    for name in sorted(set(want) | set(got)):
        a, b = want.get(name), got.get(name)
        if a == b:
            continue
        old = f"{where}/{name}" if a is not None else "/dev/null"
        new = f"{where}/{name} (now)" if b is not None else "/dev/null"
        lines = difflib.unified_diff(
            (a or "").splitlines(keepends=True), (b or "").splitlines(keepends=True), old, new
        )
        out.append("".join(line if line.endswith("\n") else line + "\n" for line in lines))
    return "".join(out)


# ------------------------------------------------------------------ normalising

_XML_DECL = re.compile(r"^<\?xml[^>]*\?>\s*")


def _digest(data: bytes) -> str:
    return f"{len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()[:16]}"


def indent_xml(data: bytes) -> str:
    """An XML part pretty-printed: an element whose content is only elements has each child
    on a line of its own, unless its XML fits on one line (``WIDTH``); anything holding text
    (or ``xml:space="preserve"``, or ``pre``) is left exactly as it is."""
    root = etree.fromstring(data)
    _indent(root, 0)
    text = etree.tostring(root, encoding="unicode")
    head = _XML_DECL.match(data.decode("utf-8"))
    return (head.group(0).strip() + "\n" if head else "") + text + "\n"


def _element_only(el: Any) -> bool:
    if (el.text or "").strip() or len(el) == 0:
        return False
    if el.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve":
        return False
    if isinstance(el.tag, str) and etree.QName(el).localname == "pre":
        return False
    return all(not (child.tail or "").strip() for child in el)


_NSDECL = re.compile(r' xmlns(?::\w+)?="[^"]*"')
WIDTH = 100  # an element whose XML is this short stays on one line (a run, its properties)


def _indent(el: Any, depth: int) -> None:
    if not _element_only(el):
        return
    pad = "\n" + "  " * (depth + 1)
    el.text = pad
    for child in el:
        child.tail = None
        if len(_NSDECL.sub("", etree.tostring(child, encoding="unicode"))) + 2 * depth > WIDTH:
            _indent(child, depth + 1)
        child.tail = pad
    el[-1].tail = "\n" + "  " * depth


def _zip_entries(data: bytes) -> Iterator[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            yield info, z.read(info.filename)


def _is_xml(name: str) -> bool:
    return name.endswith((".xml", ".rels", ".xhtml", ".opf", ".ncx"))


def _entry_line(info: zipfile.ZipInfo, body: bytes, note: str) -> str:
    method = "stored" if info.compress_type == zipfile.ZIP_STORED else "deflated"
    return f"{info.filename}  {method}  {note}\n"


def docx_files(data: bytes, case: Case) -> dict[str, str]:
    """Entries list and pretty-printed XML parts of a DOCX package."""
    files: dict[str, str] = {}
    entries: list[str] = []
    for info, body in _zip_entries(data):
        name = info.filename
        if _is_xml(name):
            entries.append(_entry_line(info, body, "xml"))
            if case.docx_parts is None or name in case.docx_parts:
                files[name] = indent_xml(body)
        else:
            entries.append(_entry_line(info, body, _digest(body)))
    files["entries.txt"] = "".join(entries)
    return files


_GENERATOR = re.compile(r'(<meta name="generator" content=")Ebook-lib [^"]*(")')


def epub_files(data: bytes, case: Case) -> dict[str, str]:
    """Entries list and every text part of an EPUB (the bundled stylesheet by name only)."""
    from cppcc_convert.writers.xhtml import load_css

    css = load_css(False).encode("utf-8")
    files: dict[str, str] = {}
    entries: list[str] = []
    for info, body in _zip_entries(data):
        name = info.filename
        if name == "mimetype":
            entries.append(_entry_line(info, body, body.decode("ascii")))
        elif _is_xml(name):
            entries.append(_entry_line(info, body, "xml"))
            files[name] = _GENERATOR.sub(r"\1Ebook-lib *\2", body.decode("utf-8"))
        elif name.endswith(".css") and body == css:
            entries.append(_entry_line(info, body, "= writers/css/book.css"))
        else:
            entries.append(_entry_line(info, body, _digest(body)))
    files["entries.txt"] = "".join(entries)
    return files


_DATA_URI = re.compile(r"data:([a-z]+/[a-z0-9.+-]+);base64,([A-Za-z0-9+/=]+)")


def html_files(data: bytes, case: Case) -> dict[str, str]:
    """The page, with the bundled stylesheet and data: image bytes left out."""
    import base64

    from cppcc_convert.writers.xhtml import load_css

    text = data.decode("utf-8")
    text = text.replace(load_css(False), "/* writers/css/book.css */\n", 1)

    def image(match: re.Match[str]) -> str:
        payload = base64.b64decode(match.group(2))
        return f"data:{match.group(1)};base64,[{_digest(payload)}]"

    return {"page.html": _DATA_URI.sub(image, text)}


def pdf_files(data: bytes, case: Case) -> dict[str, str]:
    """The PDF as a content summary (see ``pdf_summary``)."""
    return {"summary.txt": pdf_summary(data)}


NORMALISERS = {"docx": docx_files, "epub": epub_files, "html": html_files, "pdf": pdf_files}


# ------------------------------------------------------------------ the PDF summary

_SUBSET = re.compile(r"^/?[A-Z]{6}\+")


def _font_name(name: str) -> str:
    return _SUBSET.sub("", str(name).lstrip("/"))


def _baseline(ch: dict[str, Any], height: float) -> float:
    return height - float(ch["matrix"][5])


def _lines(chars: list[dict[str, Any]], height: float) -> list[list[dict[str, Any]]]:
    """Characters grouped into text lines by baseline: one within 0.4 em of the baseline of
    a line's largest character joins it (so super- and subscripts stay on their line)."""
    lines: list[list[dict[str, Any]]] = []
    refs: list[tuple[float, float]] = []  # (baseline, size) of each line's largest character
    for ch in sorted(chars, key=lambda c: (round(_baseline(c, height), 1), c["x0"])):
        base, size = _baseline(ch, height), float(ch["size"])
        if refs and abs(base - refs[-1][0]) <= 0.4 * max(size, refs[-1][1]):
            lines[-1].append(ch)
            if size > refs[-1][1]:
                refs[-1] = (base, size)
        else:
            lines.append([ch])
            refs.append((base, size))
    for line in lines:
        line.sort(key=lambda c: c["x0"])
    return [line for _, line in sorted(zip(refs, lines, strict=True), key=lambda r: r[0][0])]


def _runs(line: list[dict[str, Any]], alias: dict[str, str]) -> str:
    out: list[str] = []
    current = None
    for ch in line:
        key = (alias[_font_name(ch["fontname"])], round(ch["size"], 1))
        if key != current:
            out.append(f"[{key[0]} {key[1]:g}]")
            current = key
        out.append(ch["text"])
    return "".join(out)


def pdf_summary(data: bytes) -> str:
    """Metadata, fonts, outline, then per page: text lines (``baseline x [font size]text``,
    points from the top left, rounded), images, links, and how many lines and boxes are
    drawn."""
    import pdfplumber
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    out: list[str] = ["# PDF content summary (tests/writer_golden.py: pdf_summary)\n"]
    info = reader.metadata or {}
    for key in ("/Title", "/Author", "/Subject", "/Creator", "/CreationDate", "/ModDate"):
        out.append(f"{key[1:]}: {info.get(key, '')}\n")
    out.append(f"Lang: {reader.trailer['/Root'].get('/Lang', '')}\n")

    page_of = {p.indirect_reference.idnum: n for n, p in enumerate(reader.pages, start=1)}
    heights = [float(p.mediabox.height) for p in reader.pages]

    def where(page_ref: Any, top: Any) -> str:
        n = page_of.get(page_ref.idnum, 0)
        y = round(heights[n - 1] - float(top)) if n and top is not None else "?"
        return f"page {n} y {y}"

    fonts: dict[str, str] = {}
    for page in reader.pages:
        for ref in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            font = ref.get_object()
            name = _font_name(font["/BaseFont"])
            fonts.setdefault(name, f"{font['/Subtype'][1:]}, embedded {_embedded(font)}")
    alias = {name: f"F{n}" for n, name in enumerate(sorted(fonts), start=1)}
    out.append("fonts:\n")
    out += [f"  {alias[name]} = {name} ({fonts[name]})\n" for name in sorted(fonts)]
    out.append("outline:\n")
    out += _outline(reader, reader.outline, 1, where)

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for n, page in enumerate(pdf.pages, start=1):
            out.append(f"\npage {n} ({round(page.width)} x {round(page.height)})\n")
            for line in _lines(page.chars, float(page.height)):
                base = round(_baseline(max(line, key=lambda c: c["size"]), page.height))
                x0 = round(line[0]["x0"])
                out.append(f"  {base:4d} {x0:4d} {_runs(line, _aliases(alias, line))}\n")
            for img in page.images:
                w, h = img["srcsize"]
                box = f"{round(img['x0'])},{round(img['top'])} {round(img['width'])}x"
                out.append(f"  image {w}x{h} px at {box}{round(img['height'])}\n")
            for annot in reader.pages[n - 1].get("/Annots", []) or []:
                out.append("  " + _link(annot.get_object(), page.height, where) + "\n")
            out.append(f"  drawn: {len(page.lines)} lines, {len(page.rects)} boxes\n")
    return "".join(out)


def _aliases(alias: dict[str, str], line: list[dict[str, Any]]) -> dict[str, str]:
    for ch in line:  # a font seen by pdfplumber but not in a page's resources (never, so far)
        alias.setdefault(_font_name(ch["fontname"]), _font_name(ch["fontname"]))
    return alias


def _embedded(font: Any) -> str:
    fonts = [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]
    for f in fonts:
        desc = f.get("/FontDescriptor")
        if desc is not None and any(k in desc.get_object() for k in ("/FontFile2", "/FontFile")):
            return "yes"
    return "no"


def _outline(reader: Any, items: Any, depth: int, where: Any) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, list):
            out += _outline(reader, item, depth + 1, where)
        else:
            out.append(f"  {'  ' * (depth - 1)}{item.title} -> {where(item.page, item.top)}\n")
    return out


def _link(annot: Any, height: float, where: Any) -> str:
    x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
    box = f"{round(x0)},{round(height - y1)} {round(x1 - x0)}x{round(y1 - y0)}"
    action = annot.get("/A")
    if action is not None and action.get("/URI") is not None:
        return f"link {box} -> {action['/URI']}"
    dest = annot.get("/Dest")
    if dest is not None and not isinstance(dest, str):
        return f"link {box} -> {where(dest[0], dest[3])}"
    return f"link {box} -> {dest!r}"
