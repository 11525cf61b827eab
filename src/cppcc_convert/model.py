"""The document model: one tree, read once, consumed by every transform and writer.

Standard library only. The nodes are in ``nodes`` (re-exported here: import them from
``model``); this module adds the ``Document`` and its JSON form (``model_json``, documented in
docs/model.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import model_json
from .nodes import (
    CONTAINERS,
    OFFICIAL_FIELDS,
    SCHEMA_VERSION,
    Align,
    Anchor,
    Author,
    Block,
    Code,
    CodeBlock,
    Definition,
    DefinitionList,
    Diagnostic,
    Emph,
    Figure,
    Heading,
    Inline,
    InlineImage,
    Inlines,
    Level,
    LineBreak,
    Link,
    ListBlock,
    Meta,
    Official,
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
    block_texts,
    inline_text,
)

__all__ = [
    "CONTAINERS",
    "OFFICIAL_FIELDS",
    "SCHEMA_VERSION",
    "Align",
    "Anchor",
    "Author",
    "Block",
    "Code",
    "CodeBlock",
    "Definition",
    "DefinitionList",
    "Diagnostic",
    "Document",
    "Emph",
    "Figure",
    "Heading",
    "Inline",
    "InlineImage",
    "Inlines",
    "Level",
    "LineBreak",
    "Link",
    "ListBlock",
    "Meta",
    "Official",
    "Paragraph",
    "Quote",
    "Rule",
    "Strike",
    "Strong",
    "Subscript",
    "Superscript",
    "Table",
    "Text",
    "Underline",
    "block_texts",
    "document_text",
    "inline_text",
]


@dataclass(frozen=True)
class Document:
    """A whole document: metadata, blocks, and the diagnostics gathered while reading it."""

    meta: Meta = field(default_factory=Meta)
    blocks: tuple[Block, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    def to_json(self, *, indent: int | None = 2) -> str:
        """Serialise to the documented JSON shape (stable key order)."""
        return model_json.dumps(self.meta, self.blocks, self.diagnostics, indent=indent)

    @classmethod
    def from_json(cls, data: str | bytes) -> Document:
        """Rebuild a Document from ``to_json`` output (exact round trip, lines included);
        version 1 files are upgraded (image + caption siblings become figures)."""
        return cls(*model_json.loads(data))


def document_text(doc: Document, *, with_meta: bool = True) -> str:
    """All text of the document in reading order, one block per line (for fidelity checks)."""
    parts: list[str] = []
    if with_meta:
        parts += [doc.meta.title, doc.meta.subtitle]
        parts += [f"{a.role} {a.name}".strip() for a in doc.meta.authors]
    parts += block_texts(doc.blocks)
    return "\n".join(p for p in parts if p)
