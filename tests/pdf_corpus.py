"""The PDFs the PDF tests read: the sample and the team corpus (tests/corpus) in every edition
and page size, rendered once per test session, and what each should print (an oracle written
here from the model, not from the writer's code).

The four book-length texts (two 三国演义 files, 中國小說史略, 紅樓夢) are cut to their first
blocks up to ``LONG_CUT`` characters: the benchmark (bench/_textlayer.py) reads them whole.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
import tomllib
from functools import cache
from pathlib import Path

import cppcc_convert
from cppcc_convert.anchors import with_ids
from cppcc_convert.editions import apply_edition
from cppcc_convert.model import (
    Block,
    Code,
    CodeBlock,
    DefinitionList,
    Diagnostic,
    Document,
    Emph,
    Figure,
    Heading,
    InlineImage,
    Inlines,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Strike,
    Strong,
    Subscript,
    Superscript,
    Table,
    Text,
    Underline,
)
from cppcc_convert.options import Options
from cppcc_convert.pipeline import render_document
from cppcc_convert.resources import FileResources
from cppcc_convert.spool import output_bytes
from official_text import official_head, official_tail, official_to
from pdf_helpers import squash

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
SAMPLE = ROOT / "samples" / "fuyang-cppcc.md"
EDITIONS = ("zh-Hans", "zh-Hant", "zh-TW", "zh-HK")
SIZES = ("A4", "A5", "Letter")
LONG_CUT = 30_000


def corpus_files() -> list[str]:
    """Every document of the corpus index, by its path under tests/corpus."""
    index = tomllib.loads((CORPUS / "index.toml").read_text(encoding="utf-8"))
    return [d["file"] for d in index["doc"]]


@cache
def _encodings() -> dict[str, str]:
    index = tomllib.loads((CORPUS / "index.toml").read_text(encoding="utf-8"))
    return {d["file"]: d["encoding"] for d in index["doc"]}


@cache
def source(name: str) -> Document:
    """A corpus document (``sample`` for the sample) as parsed; a long one is read up to the
    first line end after ``LONG_CUT`` characters."""
    path = SAMPLE if name == "sample" else CORPUS / name
    if name == "sample":
        return cppcc_convert.load(path)
    text = path.read_bytes().decode(_encodings()[name])
    if len(text) <= 2 * LONG_CUT:
        return cppcc_convert.load(path)
    cut = text.find("\n", LONG_CUT)
    fmt = "text" if path.suffix == ".txt" else "markdown"
    return cppcc_convert.parse(text[: cut if cut > 0 else None], file=name, input_format=fmt)


@dataclasses.dataclass(frozen=True)
class Rendered:
    path: Path
    doc: Document  # the edition's model, as the writer saw it
    diagnostics: tuple[Diagnostic, ...]


_DIR: list[Path] = []  # made on first use, inside the run's temporary folder


def scratch() -> Path:
    """The folder the rendered PDFs go to: removed at the end of the run (``cleanup``)."""
    if not _DIR:
        _DIR.append(Path(tempfile.mkdtemp(prefix="cppcc-pdf-tests-")))
    return _DIR[0]


def cleanup() -> None:
    """Remove the rendered PDFs (conftest calls it when the session's tests are done)."""
    rendered.cache_clear()
    while _DIR:
        shutil.rmtree(_DIR.pop(), ignore_errors=True)


@cache
def rendered(name: str, edition: str = "zh-Hans", size: str = "A4") -> Rendered:
    """``name`` (a corpus file or ``sample``) as a PDF in ``edition`` at ``size``."""
    doc = with_ids(source(name))
    options = Options(page_size=size)
    base = SAMPLE.parent if name == "sample" else (CORPUS / name).parent
    outputs, diags = render_document(
        doc, ("pdf",), (edition,), options, FileResources((base,), False)
    )
    path = scratch() / f"{name.replace('/', '_')}.{edition}.{size}.pdf"
    path.write_bytes(output_bytes(outputs[0][2]))
    return Rendered(path, apply_edition(doc, edition, options), tuple(diags))


# ------------------------------------------------------------------ what the PDF prints


def printed_inlines(nodes: Inlines) -> str:
    """Inline text as the PDF prints it: text, code, and an inline image's alt text."""
    out: list[str] = []
    for node in nodes:
        match node:
            case Text(text=t) | Code(text=t):
                out.append(t)
            case InlineImage(alt=alt):
                out.append(alt)
            case LineBreak():
                out.append("\n")
            case Emph(children=c) | Strong(children=c) | Strike(children=c) | Link(children=c):
                out.append(printed_inlines(c))
            case Underline(children=c) | Superscript(children=c) | Subscript(children=c):
                out.append(printed_inlines(c))
            case _:
                pass  # anchors print nothing
    return "".join(out)


def printed_blocks(blocks: tuple[Block, ...], images: bool = False) -> str:
    """The text of blocks as the PDF prints them, in reading order: ordered lists with
    their numbers (bullets are drawn, not text), a figure whose picture is not there as its
    caption, or its alt text when it has none."""
    out: list[str] = []
    for block in blocks:
        match block:
            case Heading(inlines=i) | Paragraph(inlines=i):
                out.append(printed_inlines(i))
            case Figure(image=image, caption=caption):
                if caption:
                    out.append(printed_inlines(caption))
                elif image is not None and not images:
                    out.append(image.alt)
            case Quote(blocks=b):
                out.append(printed_blocks(b, images))
            case ListBlock(items=items, ordered=ordered, start=start):
                for n, item in enumerate(items):
                    if ordered:
                        out.append(f"{start + n}.")
                    out.append(printed_blocks(item, images))
            case DefinitionList(items=items):
                for entry in items:
                    out.append(printed_inlines(entry.term))
                    for definition in entry.definitions:
                        out.append(printed_blocks(definition, images))
            case Table(header=header, rows=rows):
                for row in (header, *rows):
                    out.extend(printed_inlines(cell) for cell in row)
            case CodeBlock(text=t):
                out.append(t)
            case Rule():
                pass
    return "\n".join(out)


# Format characters that print nothing (joiners, variation selectors): not in the text layer.
# Right-to-left letters and bidi controls are left out of every comparison: the writer draws
# the corpus's few words of Arabic (README language links) unshaped, left to right, and
# pdftotext reorders them (a known limit, not this writer's typography).
INVISIBLE = str.maketrans(
    "",
    "",
    "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    + "".join(map(chr, [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]))
    + "".join(map(chr, [*range(0x0590, 0x0900), *range(0xFB1D, 0xFE00), *range(0xFE70, 0xFF00)])),
)


def comparable(text: str) -> str:
    """``text`` without whitespace and without what INVISIBLE leaves out."""
    return squash(text).translate(INVISIBLE)


def printed_text(doc: Document, images: bool = False) -> str:
    """Everything the PDF of ``doc`` prints above the page numbers, whitespace removed."""
    meta, o = doc.meta, doc.meta.official
    head = [meta.title, meta.subtitle, *(f"{a.role}{a.name}" for a in meta.authors)]
    tail: list[str] = []
    if o is not None:  # a 公文: its 版头 above the title, the 主送 under it, the rest after
        head = [*official_head(o), *head, *official_to(o)]
        tail = official_tail(o)
    text = "".join(head) + printed_blocks(doc.blocks, images) + "".join(tail)
    return squash(text).translate(INVISIBLE)


def table_headers(doc: Document) -> list[str]:
    """The header row text of every table (a table split across pages repeats it)."""
    found: list[str] = []

    def walk(blocks: tuple[Block, ...]) -> None:
        for block in blocks:
            match block:
                case Table(header=header) if header:
                    text = squash("".join(printed_inlines(c) for c in header))
                    found.append(text.translate(INVISIBLE))
                case Quote(blocks=b):
                    walk(b)
                case ListBlock(items=items):
                    for item in items:
                        walk(item)
                case DefinitionList(items=items):
                    for entry in items:
                        for definition in entry.definitions:
                            walk(definition)
                case _:
                    pass

    walk(doc.blocks)
    return [h for h in found if h]


def match_pages(pages: list[str], expected: str, headers: list[str]) -> str:
    """Read the pages' texts (each in order) against ``expected``: every page must go on
    where the one before stopped, except for a table's header row repeated at its top. An
    empty string when they agree, else where they part."""
    at = 0
    pages = [p.translate(INVISIBLE) for p in pages]
    for number, page in enumerate(pages, 1):
        if expected.startswith(page, at):
            at += len(page)
            continue
        for h in headers:
            if page.startswith(h) and expected.startswith(page[len(h) :], at):
                at += len(page) - len(h)
                break
        else:
            common = 0
            while (
                common < len(page)
                and at + common < len(expected)
                and page[common] == expected[at + common]
            ):
                common += 1
            return (
                f"page {number}: expected {expected[at + common : at + common + 40]!r}, "
                f"got {page[common : common + 40]!r} after {page[max(0, common - 20) : common]!r}"
            )
    if at != len(expected):
        return f"missing at the end: {expected[at : at + 60]!r}"
    return ""


def forced_edges(doc: Document, n: int = 6) -> tuple[set[str], set[str]]:
    """The first and the last ``n`` characters (whitespace removed) of every block and of
    every stretch between forced line breaks: a line may start or end there with anything."""
    starts: set[str] = set()
    ends: set[str] = set()

    def add(text: str) -> None:
        for piece in text.split("\n"):
            piece = comparable(piece)
            if piece:
                starts.add(piece[:n])
                ends.add(piece[-n:])

    def walk(blocks: tuple[Block, ...]) -> None:
        for block in blocks:
            match block:
                case Quote(blocks=b):
                    walk(b)
                case ListBlock(items=items):
                    for item in items:
                        walk(item)
                case DefinitionList(items=items):
                    for entry in items:
                        add(printed_inlines(entry.term))
                        for definition in entry.definitions:
                            walk(definition)
                case Table(header=header, rows=rows):
                    for row in (header, *rows):
                        for cell in row:
                            add(printed_inlines(cell))
                case _:
                    add(printed_blocks((block,)))

    meta = doc.meta
    for line in (*meta.title.split(" "), meta.subtitle, *(a.name for a in meta.authors)):
        add(line)
    walk(doc.blocks)
    return starts, ends


def code_text(doc: Document) -> str:
    """The text of every code block, whitespace removed: code wraps anywhere (no kinsoku)."""
    found: list[str] = []

    def walk(blocks: tuple[Block, ...]) -> None:
        for block in blocks:
            match block:
                case CodeBlock(text=t):
                    found.append(comparable(t))
                case Quote(blocks=b):
                    walk(b)
                case ListBlock(items=items):
                    for item in items:
                        walk(item)
                case DefinitionList(items=items):
                    for entry in items:
                        for definition in entry.definitions:
                            walk(definition)
                case _:
                    pass

    walk(doc.blocks)
    return "\x00".join(found)
