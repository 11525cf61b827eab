"""Generic traversals of the model: apply a function to every piece of user text.

Like pandoc's ``walk``, these never enter code (inline or block), URLs, link targets or image
paths, so a text transform (OpenCC, punctuation) cannot damage them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import assert_never

from .model import (
    Author,
    Block,
    Caption,
    Code,
    CodeBlock,
    Document,
    Emph,
    Heading,
    Image,
    Inline,
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
    Table,
    Text,
)

InlinesFn = Callable[[Inlines, int], Inlines]  # (inlines, source line) -> inlines
TextFn = Callable[[str], str]


def merge_text(inlines: Inlines) -> Inlines:
    """Join adjacent Text nodes (so text transforms see whole runs), dropping empty ones."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text):
            if not node.text:
                continue
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + node.text)
                continue
        out.append(node)
    return tuple(out)


def map_block_inlines(blocks: tuple[Block, ...], fn: InlinesFn) -> tuple[Block, ...]:
    """Apply ``fn`` to the inline content of every block, recursively (not code blocks)."""
    return tuple(_map_block(b, fn) for b in blocks)


def _map_block(block: Block, fn: InlinesFn) -> Block:
    match block:
        case Heading() | Paragraph() | Caption():
            return replace(block, inlines=fn(block.inlines, block.line))
        case Quote():
            return replace(block, blocks=map_block_inlines(block.blocks, fn))
        case ListBlock():
            items = tuple(map_block_inlines(item, fn) for item in block.items)
            return replace(block, items=items)
        case Table():
            header = tuple(fn(c, block.line) for c in block.header)
            rows = tuple(tuple(fn(c, block.line) for c in row) for row in block.rows)
            return replace(block, header=header, rows=rows)
        case CodeBlock() | Image() | Rule():
            return block
        case _:
            assert_never(block)


def map_text_inlines(inlines: Inlines, fn: TextFn) -> Inlines:
    """Apply ``fn`` to every Text node and alt text, never to code or URLs."""
    return tuple(_map_inline(node, fn) for node in inlines)


def _map_inline(node: Inline, fn: TextFn) -> Inline:
    match node:
        case Text(text=t):
            return Text(fn(t))
        case Emph() | Strong() | Strike() | Link():
            return replace(node, children=map_text_inlines(node.children, fn))
        case InlineImage(alt=alt):
            return replace(node, alt=fn(alt))
        case Code() | LineBreak():
            return node
        case _:
            assert_never(node)


def map_text(doc: Document, fn: TextFn) -> Document:
    """Apply ``fn`` to all user text: metadata, blocks, captions, table cells, alt texts."""

    def on_inlines(inlines: Inlines, line: int) -> Inlines:
        return map_text_inlines(inlines, fn)

    def on_block(block: Block) -> Block:
        if isinstance(block, Image):
            return replace(block, alt=fn(block.alt))
        if isinstance(block, Quote):
            return replace(block, blocks=tuple(on_block(b) for b in block.blocks))
        if isinstance(block, ListBlock):
            items = tuple(tuple(on_block(b) for b in item) for item in block.items)
            return replace(block, items=items)
        return _map_block(block, on_inlines)

    meta = doc.meta
    meta = replace(
        meta,
        title=fn(meta.title),
        subtitle=fn(meta.subtitle),
        authors=tuple(Author(fn(a.name), fn(a.role)) for a in meta.authors),
    )
    return replace(doc, meta=meta, blocks=tuple(on_block(b) for b in doc.blocks))
