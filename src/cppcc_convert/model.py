"""The document model: one tree, read once, consumed by every transform and writer.

Standard library only. Nodes are frozen dataclasses holding tuples; every block keeps the
source line it came from (``line``, excluded from equality) so diagnostics can say where.
The JSON form (``Document.to_json`` / ``Document.from_json``) is documented in docs/model.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any, Literal, TypeAlias

SCHEMA_VERSION = 1

# --------------------------------------------------------------------------- inlines


@dataclass(frozen=True)
class Text:
    """A run of plain text."""

    text: str


@dataclass(frozen=True)
class Emph:
    """Emphasised (italic) inlines."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    """Strongly emphasised (bold) inlines."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strike:
    """Struck-through inlines (GFM ``~~text~~``)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Code:
    """Inline code: never converted, never repaired."""

    text: str


@dataclass(frozen=True)
class Link:
    """A hyperlink around inlines; ``url`` is never converted (``title`` is text)."""

    children: tuple[Inline, ...]
    url: str
    title: str = ""


@dataclass(frozen=True)
class LineBreak:
    """A hard line break inside a block."""


@dataclass(frozen=True)
class InlineImage:
    """An image inside running text; ``alt`` is text, ``src`` a path or URL."""

    src: str
    alt: str = ""
    title: str = ""


Inline: TypeAlias = Text | Emph | Strong | Strike | Code | Link | LineBreak | InlineImage
Inlines: TypeAlias = tuple[Inline, ...]

# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Heading:
    """A section heading of level 1-6."""

    level: int
    inlines: Inlines
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph."""

    inlines: Inlines
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Caption:
    """A photo caption: of the image block before it, or of a photo that was dropped."""

    inlines: Inlines
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Quote:
    """A block quotation containing blocks."""

    blocks: tuple[Block, ...]
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class ListBlock:
    """An ordered or bullet list; each item is a tuple of blocks (lists nest)."""

    ordered: bool
    items: tuple[tuple[Block, ...], ...]
    start: int = 1
    tight: bool = True
    line: int = field(default=0, compare=False)


Align: TypeAlias = Literal["left", "center", "right"] | None


@dataclass(frozen=True)
class Table:
    """A table: a header row, body rows (cells are inlines) and per-column alignment."""

    header: tuple[Inlines, ...]
    rows: tuple[tuple[Inlines, ...], ...]
    align: tuple[Align, ...] = ()
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class CodeBlock:
    """Preformatted code with an optional language: never converted, never repaired."""

    text: str
    language: str = ""
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Image:
    """A block image (a figure); its caption, if any, is the Caption block after it."""

    src: str
    alt: str = ""
    title: str = ""
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Rule:
    """A thematic break (``---``)."""

    line: int = field(default=0, compare=False)


Block: TypeAlias = (
    Heading | Paragraph | Caption | Quote | ListBlock | Table | CodeBlock | Image | Rule
)

# --------------------------------------------------------------------------- document

Level: TypeAlias = Literal["info", "warning", "error"]


@dataclass(frozen=True)
class Diagnostic:
    """A repair made, or a problem found: level, a stable code, a message, the source line."""

    level: Level
    code: str
    message: str
    line: int | None = None
    file: str | None = None

    def format(self) -> str:
        """``file:line: level: message [code]`` as compilers print it."""
        where = self.file or "<input>"
        if self.line:
            where += f":{self.line}"
        return f"{where}: {self.level}: {self.message} [{self.code}]"


@dataclass(frozen=True)
class Author:
    """A person credited on the document, with a role such as 记者 or 通讯员."""

    name: str
    role: str = ""


@dataclass(frozen=True)
class Meta:
    """Document metadata; ``lang`` is a BCP 47 tag (zh-CN, zh-Hant, zh-TW, zh-HK)."""

    title: str = ""
    subtitle: str = ""
    authors: tuple[Author, ...] = ()
    date: str = ""
    lang: str = "zh-CN"
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Document:
    """A whole document: metadata, blocks, and the diagnostics gathered while reading it."""

    meta: Meta = field(default_factory=Meta)
    blocks: tuple[Block, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    def to_json(self, *, indent: int | None = 2) -> str:
        """Serialise to the documented JSON shape (stable key order)."""
        return json.dumps(document_to_dict(self), ensure_ascii=False, indent=indent) + "\n"

    @classmethod
    def from_json(cls, data: str | bytes) -> Document:
        """Rebuild a Document from ``to_json`` output (exact round trip, lines included)."""
        return document_from_dict(json.loads(data))


# --------------------------------------------------------------------------- plain text


def inline_text(inlines: Inlines) -> str:
    """The text a reader sees: text and code; line breaks as newlines.

    Alt text is not included: a reader sees the image, not its alt text (a writer that cannot
    embed an image prints the alt text instead, which fidelity checks allow for)."""
    out: list[str] = []
    for node in inlines:
        match node:
            case Text(text=t) | Code(text=t):
                out.append(t)
            case Emph(children=c) | Strong(children=c) | Strike(children=c):
                out.append(inline_text(c))
            case Link(children=c):
                out.append(inline_text(c))
            case LineBreak():
                out.append("\n")
            case InlineImage():
                pass
    return "".join(out)


def block_texts(blocks: tuple[Block, ...]) -> list[str]:
    """The visible text of every block in reading order (tables cell by cell, code verbatim;
    images contribute nothing: their caption is the Caption block after them)."""
    out: list[str] = []
    for block in blocks:
        match block:
            case Heading(inlines=i) | Paragraph(inlines=i) | Caption(inlines=i):
                out.append(inline_text(i))
            case Quote(blocks=b):
                out.extend(block_texts(b))
            case ListBlock(items=items):
                for item in items:
                    out.extend(block_texts(item))
            case Table(header=header, rows=rows):
                for row in (header, *rows):
                    out.extend(inline_text(cell) for cell in row)
            case CodeBlock(text=t):
                out.append(t)
            case Image() | Rule():
                pass
    return out


def document_text(doc: Document, *, with_meta: bool = True) -> str:
    """All text of the document in reading order, one block per line (for fidelity checks)."""
    parts: list[str] = []
    if with_meta:
        parts += [doc.meta.title, doc.meta.subtitle]
        parts += [f"{a.role} {a.name}".strip() for a in doc.meta.authors]
    parts += block_texts(doc.blocks)
    return "\n".join(p for p in parts if p)


# --------------------------------------------------------------------------- JSON

_INLINE_TYPES: dict[str, type] = {
    "text": Text,
    "emph": Emph,
    "strong": Strong,
    "strike": Strike,
    "code": Code,
    "link": Link,
    "break": LineBreak,
    "image": InlineImage,
}
_BLOCK_TYPES: dict[str, type] = {
    "heading": Heading,
    "paragraph": Paragraph,
    "caption": Caption,
    "quote": Quote,
    "list": ListBlock,
    "table": Table,
    "code": CodeBlock,
    "image": Image,
    "rule": Rule,
}
_INLINE_NAMES = {cls: name for name, cls in _INLINE_TYPES.items()}
_BLOCK_NAMES = {cls: name for name, cls in _BLOCK_TYPES.items()}


def _inline_to_dict(node: Inline) -> dict[str, Any]:
    out: dict[str, Any] = {"type": _INLINE_NAMES[type(node)]}
    for f in fields(node):
        value = getattr(node, f.name)
        out[f.name] = [_inline_to_dict(c) for c in value] if f.name == "children" else value
    return out


def _inline_from_dict(data: dict[str, Any]) -> Inline:
    cls = _INLINE_TYPES[data["type"]]
    kwargs = {k: v for k, v in data.items() if k != "type"}
    if "children" in kwargs:
        kwargs["children"] = tuple(_inline_from_dict(c) for c in kwargs["children"])
    node: Inline = cls(**kwargs)
    return node


def _inlines(items: list[Any]) -> Inlines:
    return tuple(_inline_from_dict(i) for i in items)


def block_to_dict(block: Block) -> dict[str, Any]:
    """One block as a JSON object: ``type``, its fields, ``text`` when it holds inlines."""
    out: dict[str, Any] = {"type": _BLOCK_NAMES[type(block)]}
    match block:
        case Heading(level=level, inlines=i):
            out |= {"level": level, "text": inline_text(i), "inlines": _dump_inlines(i)}
        case Paragraph(inlines=i) | Caption(inlines=i):
            out |= {"text": inline_text(i), "inlines": _dump_inlines(i)}
        case Quote(blocks=b):
            out["blocks"] = [block_to_dict(x) for x in b]
        case ListBlock(ordered=o, items=items, start=s, tight=t):
            out |= {"ordered": o, "start": s, "tight": t}
            out["items"] = [[block_to_dict(x) for x in item] for item in items]
        case Table(header=h, rows=rows, align=a):
            out["align"] = list(a)
            out["header"] = [_dump_cell(c) for c in h]
            out["rows"] = [[_dump_cell(c) for c in row] for row in rows]
        case CodeBlock(text=t, language=lang):
            out |= {"language": lang, "text": t}
        case Image(src=src, alt=alt, title=title):
            out |= {"src": src, "alt": alt, "title": title}
        case Rule():
            pass
    out["line"] = block.line
    return out


def _dump_inlines(inlines: Inlines) -> list[dict[str, Any]]:
    return [_inline_to_dict(i) for i in inlines]


def _dump_cell(cell: Inlines) -> dict[str, Any]:
    return {"text": inline_text(cell), "inlines": _dump_inlines(cell)}


def block_from_dict(data: dict[str, Any]) -> Block:
    """Inverse of ``block_to_dict`` (the derived ``text`` fields are ignored)."""
    kind, line = data["type"], data.get("line", 0)
    block: Block
    match kind:
        case "heading":
            block = Heading(data["level"], _inlines(data["inlines"]), line)
        case "paragraph":
            block = Paragraph(_inlines(data["inlines"]), line)
        case "caption":
            block = Caption(_inlines(data["inlines"]), line)
        case "quote":
            block = Quote(tuple(block_from_dict(b) for b in data["blocks"]), line)
        case "list":
            items = tuple(tuple(block_from_dict(b) for b in item) for item in data["items"])
            block = ListBlock(data["ordered"], items, data["start"], data["tight"], line)
        case "table":
            header = tuple(_inlines(c["inlines"]) for c in data["header"])
            rows = tuple(tuple(_inlines(c["inlines"]) for c in row) for row in data["rows"])
            block = Table(header, rows, tuple(data["align"]), line)
        case "code":
            block = CodeBlock(data["text"], data["language"], line)
        case "image":
            block = Image(data["src"], data["alt"], data["title"], line)
        case "rule":
            block = Rule(line)
        case _:
            raise ValueError(f"unknown block type {kind!r}")
    return block


def meta_to_dict(meta: Meta) -> dict[str, Any]:
    """Metadata as a JSON object."""
    return {
        "title": meta.title,
        "subtitle": meta.subtitle,
        "authors": [{"name": a.name, "role": a.role} for a in meta.authors],
        "date": meta.date,
        "lang": meta.lang,
        "source": meta.source,
        "extra": meta.extra,
    }


def document_to_dict(doc: Document) -> dict[str, Any]:
    """The whole document as plain JSON data."""
    return {
        "version": SCHEMA_VERSION,
        "meta": meta_to_dict(doc.meta),
        "blocks": [block_to_dict(b) for b in doc.blocks],
        "diagnostics": [
            {k: getattr(d, k) for k in ("level", "code", "message", "line", "file")}
            for d in doc.diagnostics
        ],
    }


def document_from_dict(data: dict[str, Any]) -> Document:
    """Inverse of ``document_to_dict``."""
    if data.get("version") != SCHEMA_VERSION:
        raise ValueError(f"unsupported model version {data.get('version')!r}")
    m = data["meta"]
    meta = Meta(
        title=m["title"],
        subtitle=m["subtitle"],
        authors=tuple(Author(a["name"], a["role"]) for a in m["authors"]),
        date=m["date"],
        lang=m["lang"],
        source=m["source"],
        extra=dict(m["extra"]),
    )
    blocks = tuple(block_from_dict(b) for b in data["blocks"])
    diags = tuple(Diagnostic(**d) for d in data["diagnostics"])
    return Document(meta, blocks, diags)
