"""Helpers for the PDF tests: render, and read PDFs back with poppler and qpdf."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cppcc_convert.anchors import with_ids
from cppcc_convert.model import Document
from cppcc_convert.options import Options
from cppcc_convert.writers import WriteContext
from cppcc_convert.writers.pdf import write


def render(
    doc: Document, tmp_path: Path, name: str = "out", base_dir: Path | None = None, **opts: object
) -> tuple[Path, WriteContext]:
    """Write ``doc`` to ``tmp_path/name.pdf``; return the path and the context (warnings)."""
    doc = with_ids(doc)  # as api.render does: a hand-made model has no heading ids
    ctx = WriteContext.for_document(doc, Options(**opts), base_dir)  # type: ignore[arg-type]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(write(doc, ctx))
    return path, ctx


def run(*args: str | Path) -> str:
    """Run a tool; fail the test with its output when it fails. (Output that is not UTF-8,
    such as a lone surrogate pdftotext writes for right-to-left text, becomes U+FFFD.)"""
    proc = subprocess.run([str(a) for a in args], capture_output=True, check=False)
    out = proc.stdout.decode("utf-8", "replace")
    assert proc.returncode == 0, f"{args[0]} failed:\n{out}\n{proc.stderr.decode()}"
    return out


def body_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    """The text of the pages above the footer (page numbers excluded), in points."""
    pages = ["-f", str(first), "-l", str(last)] if first else []
    # A4 is 842 pt tall, the footer sits 40 pt above the bottom edge: keep the top 780 pt.
    return run("pdftotext", *pages, "-r", "72", "-x", "0", "-y", "0", "-W", "700", "-H", "780",
               path, "-")  # fmt: skip


def squash(text: str) -> str:
    """Text without any whitespace."""
    return re.sub(r"\s+", "", text)


def fonts(path: Path) -> list[dict[str, str]]:
    """pdffonts rows as dicts (name, type, emb)."""
    out = run("pdffonts", path).splitlines()[2:]
    rows = []
    for line in out:
        parts = line.split()
        # name type... encoding emb sub uni object ID: count from the end
        rows.append({"name": parts[0], "emb": parts[-5], "type": " ".join(parts[1:-6])})
    return rows


def page_count(path: Path) -> int:
    """Number of pages according to pdfinfo."""
    info = run("pdfinfo", path)
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]


# ------------------------------------------------------------------ positions (pdfplumber)

FOOTER = 18 * 72 / 25.4  # baselines lower than 18 mm above the page's bottom edge: page numbers


@dataclass
class VisualLine:
    """Characters drawn on one baseline, side by side (a table cell's line is its own)."""

    page: int
    baseline: float  # PDF y (up from the bottom edge)
    chars: list[dict[str, Any]]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def x0(self) -> float:
        return float(self.chars[0]["x0"])

    @property
    def x1(self) -> float:
        return float(self.chars[-1]["x1"])

    @property
    def size(self) -> float:
        return max(float(c["size"]) for c in self.chars)


def page_chars(path: Path) -> list[list[dict[str, Any]]]:
    """Every page's characters in content-stream order (pdfplumber), page numbers left out."""
    import pdfplumber

    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            out.append([c for c in page.chars if c["matrix"][5] >= FOOTER])
    return out


def pdfminer_pages(path: Path) -> list[str]:
    """Every page's text in content-stream order as pdfminer.six reads it (its own
    interpreter, no layout analysis: five times faster than pdfplumber's character objects),
    page numbers left out, whitespace removed."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=None)
    interpreter = PDFPageInterpreter(manager, device)
    out = []
    with path.open("rb") as fh:
        for page in PDFPage.get_pages(fh):
            interpreter.process_page(page)
            chars = [o for o in device.get_result() if isinstance(o, LTChar)]
            text = squash("".join(c.get_text() for c in chars if c.matrix[5] >= FOOTER))
            out.append(FOLIO.sub("", text))
    return out


# A page number "— n —" drawn higher than FOOTER (an official document's sits 7 mm under a
# text block 35 mm above the edge), first or last in the page's stream
FOLIO = re.compile(r"^—\d+—|—\d+—$")


def visual_lines(pages: list[list[dict[str, Any]]], gap: float = 0.8) -> list[VisualLine]:
    """Characters grouped by baseline (within 0.5 pt) and cut where the space between two
    neighbours is wider than ``gap`` em (table cells side by side), top to bottom."""
    out: list[VisualLine] = []
    for n, chars in enumerate(pages, 1):
        rows: dict[float, list[dict[str, Any]]] = {}
        for c in chars:
            y = round(float(c["matrix"][5]) * 2) / 2
            rows.setdefault(y, []).append(c)
        for y in sorted(rows, reverse=True):
            row = sorted(rows[y], key=lambda c: float(c["x0"]))
            current: list[dict[str, Any]] = [row[0]]
            for c in row[1:]:
                prev = current[-1]
                if float(c["x0"]) - float(prev["x1"]) > gap * float(prev["size"]):
                    out.append(VisualLine(n, y, current))
                    current = []
                current.append(c)
            out.append(VisualLine(n, y, current))
    return out


def stream_text(pages: list[list[dict[str, Any]]]) -> list[str]:
    """Each page's text in content-stream order, whitespace removed."""
    return [squash("".join(c["text"] for c in chars)) for chars in pages]


# ------------------------------------------------------------------ pdftotext lines

_LINE = re.compile(r"<line [^>]*>(.*?)</line>", re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


@dataclass
class WordLine:
    """pdftotext's words on one page and baseline, side by side (a visual line), with the
    numbers of the pdftotext text lines they are in."""

    page: int
    words: list[tuple[float, float, float, float, int, str]]  # baseline, x0, x1, h, line, text

    @property
    def text(self) -> str:
        return "".join(w[5] for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0][1]


def word_lines(path: Path, gap: float = 0.8) -> list[WordLine]:
    """Visual lines from pdftotext's word boxes (``-bbox-layout``): words on one page whose
    boxes overlap vertically by half the smaller height (a word in a smaller font, inline
    code, sits lower in its box), cut where two are more than ``gap`` em apart."""
    xml = run("pdftotext", "-bbox-layout", path, "-")
    out: list[WordLine] = []
    for number, page in enumerate(xml.split("<page ")[1:], 1):
        words: list[tuple[float, float, float, float, int, str]] = []
        for n, m in enumerate(_LINE.finditer(page)):
            for w in _WORD.finditer(m.group(1)):
                x0, y0, x1, y1 = map(float, w.groups()[:4])
                words.append((y1, x0, x1, y1 - y0, n, html.unescape(w.group(5))))
        words.sort(key=lambda w: w[0] - w[3] / 2)  # by vertical centre
        rows: list[list[tuple[float, float, float, float, int, str]]] = []
        top = bottom = 0.0
        for w in words:
            y0, y1 = w[0] - w[3], w[0]
            if rows and min(y1, bottom) - max(y0, top) >= 0.5 * min(w[3], bottom - top):
                rows[-1].append(w)
                top, bottom = min(top, y0), max(bottom, y1)
            else:
                rows.append([w])
                top, bottom = y0, y1
        for row in rows:
            row.sort(key=lambda w: w[1])
            current = [row[0]]
            for w in row[1:]:
                if w[1] - current[-1][2] > gap * max(w[3], current[-1][3]):
                    out.append(WordLine(number, current))
                    current = []
                current.append(w)
            out.append(WordLine(number, current))
    return out


def pdftotext_line_split(path: Path, gap: float = 0.8) -> tuple[int, int, list[str]]:
    """How many visual lines pdftotext gives as one text line: (visual lines, those given
    whole, examples of split ones). A visual line is whole when all its words are in one of
    pdftotext's text lines."""
    total = whole = 0
    bad: list[str] = []
    for line in word_lines(path, gap):
        total += 1
        if len({w[4] for w in line.words}) == 1:
            whole += 1
        elif len(bad) < 20:
            bad.append(" | ".join(w[5] for w in line.words))
    return total, whole, bad
