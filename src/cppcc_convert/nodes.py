"""The nodes of the document model (``model`` adds the ``Document`` around them).

Standard library only. Nodes are frozen dataclasses holding tuples; every block keeps the
source line it came from (``line``, excluded from equality) so diagnostics can say where.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

SCHEMA_VERSION = 2

# --------------------------------------------------------------------------- inlines


@dataclass(frozen=True, slots=True)
class Text:
    """A run of plain text."""

    text: str


@dataclass(frozen=True, slots=True)
class Emph:
    """Emphasised (italic) inlines."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    """Strongly emphasised (bold) inlines."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strike:
    """Struck-through inlines (GFM ``~~text~~``, HTML ``<s>``/``<del>``)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Underline:
    """Underlined inlines (HTML ``<u>``, ``<ins>``)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Superscript:
    """Superscript inlines (HTML ``<sup>``): footnote marks, m², 10⁶."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Subscript:
    """Subscript inlines (HTML ``<sub>``): H₂O."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Code:
    """Inline code (also HTML ``<kbd>``, ``<samp>``): never converted, never repaired."""

    text: str


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink around inlines; ``url`` is never converted (``title`` is text). Links never
    nest: the reader unwraps a link inside another link's text."""

    children: tuple[Inline, ...]
    url: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A hard line break inside a block."""


@dataclass(frozen=True, slots=True)
class InlineImage:
    """An image; ``alt`` is text, ``src`` a path or URL. Also the image of a ``Figure``."""

    src: str
    alt: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class Anchor:
    """An invisible link target inside text (HTML ``<a name="top">``, ``<span id=…>``)."""

    id: str


Inline: TypeAlias = (
    Text
    | Emph
    | Strong
    | Strike
    | Underline
    | Superscript
    | Subscript
    | Code
    | Link
    | LineBreak
    | InlineImage
    | Anchor
)
Inlines: TypeAlias = tuple[Inline, ...]
# Inline nodes that only wrap other inlines (a formatting change, no content of their own).
CONTAINERS = (Emph, Strong, Strike, Underline, Superscript, Subscript, Link)

# --------------------------------------------------------------------------- blocks

Align: TypeAlias = Literal["left", "center", "right"] | None


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading of level 1-6; ``id`` is its link target (``#id``): an explicit
    ``{#id}``, else a GitHub-style slug of its text, unique in the document."""

    level: int
    inlines: Inlines
    line: int = field(default=0, compare=False)
    id: str = field(default="", kw_only=True)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A body paragraph; ``align`` is set only where the source asked for it (HTML
    ``<center>``, ``align="center"``); None means the writer's default (justified)."""

    inlines: Inlines
    line: int = field(default=0, compare=False)
    align: Align = field(default=None, kw_only=True)


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure: an image and its caption, the image alone, or the caption alone (a photo
    that was dropped from the text; the caption repair finds those)."""

    image: InlineImage | None
    caption: Inlines = ()
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Quote:
    """A block quotation containing blocks."""

    blocks: tuple[Block, ...]
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class ListBlock:
    """An ordered or bullet list; each item is a tuple of blocks (lists nest)."""

    ordered: bool
    items: tuple[tuple[Block, ...], ...]
    start: int = 1
    tight: bool = True
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Definition:
    """One entry of a definition list: a term and its definitions (each a tuple of blocks)."""

    term: Inlines
    definitions: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True, slots=True)
class DefinitionList:
    """A definition list (HTML ``<dl>``): terms with their definitions."""

    items: tuple[Definition, ...]
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Table:
    """A table: a header row (may be empty), body rows (cells are inlines) and per-column
    alignment. Rows may be shorter than the widest one; writers pad them."""

    header: tuple[Inlines, ...]
    rows: tuple[tuple[Inlines, ...], ...]
    align: tuple[Align, ...] = ()
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """Preformatted code with an optional language: never converted, never repaired."""

    text: str
    language: str = ""
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Rule:
    """A thematic break (``---``, HTML ``<hr>``)."""

    line: int = field(default=0, compare=False)


Block: TypeAlias = (
    Heading | Paragraph | Figure | Quote | ListBlock | DefinitionList | Table | CodeBlock | Rule
)

# --------------------------------------------------------------------------- document

Level: TypeAlias = Literal["info", "warning", "error"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A repair made, or a problem found: level, a stable code, a message, the source line."""

    level: Level
    code: str
    message: str
    line: int | None = None
    file: str | None = None

    def format(self) -> str:
        """``file:line: level: message [code]`` as compilers print it, always one line:
        control characters in the file name or message are escaped, so nothing a user
        wrote can start a line of its own (a CI workflow command, say)."""
        from .text import one_line, safe_location

        where = safe_location(self.file or "<input>")
        if self.line:
            where += f":{self.line}"
        return f"{where}: {self.level}: {one_line(self.message)} [{self.code}]"


@dataclass(frozen=True, slots=True)
class Author:
    """A person credited on the document, with a role such as 记者 or 通讯员."""

    name: str
    role: str = ""


@dataclass(frozen=True, slots=True)
class Official:
    """The parts of an official document (公文, GB/T 9704-2012) outside its body: the 版头
    (份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人), the 主送机关, the 附件说明, the
    发文机关署名 and 成文日期, the 附注, and the 版记 (抄送机关, 印发机关 and 印发日期).
    Empty strings where the document has none."""

    issuer: str = ""  # 发文机关 (its 标志 in the 版头)
    number: str = ""  # 发文字号: 某政协办发〔2025〕12号
    signer: str = ""  # 签发人 (upward documents)
    to: str = ""  # 主送机关
    attachments: tuple[str, ...] = ()  # 附件 names, in order
    signature: str = ""  # 发文机关署名
    date: str = ""  # 成文日期
    note: str = ""  # 附注 (printed in parentheses)
    cc: str = ""  # 抄送机关
    printer: str = ""  # 印发机关
    print_date: str = ""  # 印发日期
    secret: str = ""  # 密级和保密期限
    urgency: str = ""  # 紧急程度
    copy_number: str = ""  # 份号


OFFICIAL_FIELDS: tuple[str, ...] = (
    "issuer",
    "number",
    "signer",
    "to",
    "attachments",
    "signature",
    "date",
    "note",
    "cc",
    "printer",
    "print_date",
    "secret",
    "urgency",
    "copy_number",
)


@dataclass(frozen=True)
class Meta:
    """Document metadata; ``lang`` is a BCP 47 tag (zh-CN, zh-Hant, zh-TW, zh-HK);
    ``official`` is set for an official document (the GB/T 9704 layout)."""

    title: str = ""
    subtitle: str = ""
    authors: tuple[Author, ...] = ()
    date: str = ""
    lang: str = "zh-CN"
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    official: Official | None = None


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
            case LineBreak():
                out.append("\n")
            case (
                Emph(children=c)
                | Strong(children=c)
                | Strike(children=c)
                | Underline(children=c)
                | Superscript(children=c)
                | Subscript(children=c)
                | Link(children=c)
            ):
                out.append(inline_text(c))
            case InlineImage() | Anchor():
                pass
    return "".join(out)


def block_texts(blocks: tuple[Block, ...]) -> list[str]:
    """The visible text of every block in reading order (tables cell by cell, code verbatim;
    a figure contributes its caption, not the image's alt text)."""
    out: list[str] = []
    for block in blocks:
        match block:
            case Heading(inlines=i) | Paragraph(inlines=i):
                out.append(inline_text(i))
            case Figure(caption=c):
                if c:
                    out.append(inline_text(c))
            case Quote(blocks=b):
                out.extend(block_texts(b))
            case ListBlock(items=items):
                for item in items:
                    out.extend(block_texts(item))
            case DefinitionList(items=items):
                for entry in items:
                    out.append(inline_text(entry.term))
                    for definition in entry.definitions:
                        out.extend(block_texts(definition))
            case Table(header=header, rows=rows):
                for row in (header, *rows):
                    out.extend(inline_text(cell) for cell in row)
            case CodeBlock(text=t):
                out.append(t)
            case Rule():
                pass
    return out
