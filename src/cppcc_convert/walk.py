"""Generic traversals of the model, the one place that knows where inlines live in blocks.

Like pandoc's ``walk``, these never enter code (inline or block), URLs, link targets or image
paths, so a text transform (OpenCC, punctuation) cannot damage them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from operator import is_
from typing import assert_never

from .nodes import (
    Anchor,
    Block,
    Code,
    CodeBlock,
    Definition,
    DefinitionList,
    Emph,
    Figure,
    Heading,
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
    Subscript,
    Superscript,
    Table,
    Text,
    Underline,
)

InlinesFn = Callable[[Inlines, int], Inlines]  # (inlines, source line) -> inlines
# Inlines that hold inlines, and blocks that hold blocks: tuples, since ``X | Y`` in an
# isinstance test builds a new union object at every call.
_CONTAINERS = (Emph, Strong, Strike, Underline, Superscript, Subscript, Link)
_NESTING = (Quote, ListBlock, DefinitionList)
TextFn = Callable[[str], str]


def merge_text(inlines: Inlines) -> Inlines:
    """Join adjacent Text nodes (so text transforms see whole runs), dropping empty ones.
    A run's pieces are joined once (adding them one by one was quadratic: a paragraph of
    65,000 hard-wrapped lines took seconds); a run of one node is that node itself."""
    out: list[Inline] = []
    run: list[Text] = []

    def flush() -> None:
        if run:
            out.append(run[0] if len(run) == 1 else Text("".join(t.text for t in run)))
            run.clear()

    for node in inlines:
        if isinstance(node, Text):
            if node.text:
                run.append(node)
            continue
        flush()
        out.append(node)
    flush()
    return tuple(out)


def map_block_inlines(blocks: tuple[Block, ...], fn: InlinesFn) -> tuple[Block, ...]:
    """Apply ``fn`` to the inline content of every block, recursively: headings, paragraphs,
    figure captions, definition terms and table cells (never code blocks).

    A block whose inlines ``fn`` returns unchanged (the same object) is kept as it is, and
    ``blocks`` itself is returned when no block changed: most repairs change few blocks."""
    out = tuple([_map_block(b, fn) for b in blocks])
    return blocks if _same(out, blocks) else out


def _same(new: tuple[object, ...], old: tuple[object, ...]) -> bool:
    """Whether ``old`` is a tuple holding the very same objects as ``new`` (a caller may
    pass a list: it gets a tuple back, as before)."""
    return type(old) is tuple and len(new) == len(old) and all(map(is_, new, old))


def _map_block(block: Block, fn: InlinesFn) -> Block:
    match block:
        case Paragraph():  # the most common block, made directly (replace takes 3 times as long)
            inlines = fn(block.inlines, block.line)
            if inlines is block.inlines:
                return block
            return Paragraph(inlines, block.line, align=block.align)
        case Heading():
            inlines = fn(block.inlines, block.line)
            return block if inlines is block.inlines else replace(block, inlines=inlines)
        case Figure():
            if not block.caption:
                return block
            caption = fn(block.caption, block.line)
            return block if caption is block.caption else replace(block, caption=caption)
        case Quote():
            inner = map_block_inlines(block.blocks, fn)
            return block if inner is block.blocks else replace(block, blocks=inner)
        case ListBlock():
            items = tuple(map_block_inlines(item, fn) for item in block.items)
            return block if _same(items, block.items) else replace(block, items=items)
        case DefinitionList():
            entries = tuple(
                Definition(
                    fn(d.term, block.line),
                    tuple(map_block_inlines(x, fn) for x in d.definitions),
                )
                for d in block.items
            )
            return replace(block, items=entries)
        case Table():
            header = tuple(fn(c, block.line) for c in block.header)
            rows = tuple(tuple(fn(c, block.line) for c in row) for row in block.rows)
            return replace(block, header=header, rows=rows)
        case CodeBlock() | Rule():
            return block
        case _:
            assert_never(block)


def map_blocks(blocks: tuple[Block, ...], fn: Callable[[Block], Block]) -> tuple[Block, ...]:
    """Apply ``fn`` to every block, innermost first (a quote's blocks before the quote)."""

    def one(block: Block) -> Block:
        match block:
            case Quote():
                block = replace(block, blocks=map_blocks(block.blocks, fn))
            case ListBlock():
                block = replace(block, items=tuple(map_blocks(i, fn) for i in block.items))
            case DefinitionList():
                entries = tuple(
                    Definition(d.term, tuple(map_blocks(x, fn) for x in d.definitions))
                    for d in block.items
                )
                block = replace(block, items=entries)
        return fn(block)

    return tuple(one(b) for b in blocks)


def map_inlines(inlines: Inlines, fn: Callable[[Inline], Inline]) -> Inlines:
    """Apply ``fn`` to every inline node, innermost first (a link's text before the link);
    ``inlines`` itself when ``fn`` changed nothing."""
    if len(inlines) == 1 and not isinstance(inlines[0], _CONTAINERS):  # most paragraphs
        node = fn(inlines[0])
        return inlines if node is inlines[0] and type(inlines) is tuple else (node,)
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, _CONTAINERS):
            kids = map_inlines(node.children, fn)
            if kids is not node.children:
                node = replace(node, children=kids)
        out.append(fn(node))
    result = tuple(out)
    return inlines if _same(result, inlines) else result


def map_text_inlines(inlines: Inlines, fn: TextFn) -> Inlines:
    """Apply ``fn`` to every Text node and alt text, never to code or URLs."""
    return tuple(_map_inline(node, fn) for node in inlines)


def _map_inline(node: Inline, fn: TextFn) -> Inline:
    match node:
        case Text(text=t):
            return Text(fn(t))
        case Emph() | Strong() | Strike() | Underline() | Superscript() | Subscript() | Link():
            return replace(node, children=map_text_inlines(node.children, fn))
        case InlineImage(alt=alt):
            return replace(node, alt=fn(alt))
        case Code() | LineBreak() | Anchor():
            return node
        case _:
            assert_never(node)


def iter_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block, outermost first, in reading order."""
    for block in blocks:
        yield block
        if not isinstance(block, _NESTING):  # most blocks: no match statement to try
            continue
        match block:
            case Quote():
                yield from iter_blocks(block.blocks)
            case ListBlock():
                for item in block.items:
                    yield from iter_blocks(item)
            case DefinitionList():
                for entry in block.items:
                    for definition in entry.definitions:
                        yield from iter_blocks(definition)


def block_inlines(block: Block) -> Iterator[Inlines]:
    """The inline sequences a block holds itself (not those of blocks nested in it)."""
    match block:
        case Heading() | Paragraph():
            yield block.inlines
        case Figure():
            yield block.caption
        case DefinitionList():
            for entry in block.items:
                yield entry.term
        case Table():
            yield from block.header
            for row in block.rows:
                yield from row


def iter_inlines(inlines: Inlines) -> Iterator[Inline]:
    """Every inline node, outermost first, in reading order."""
    for node in inlines:
        yield node
        if isinstance(node, _CONTAINERS):
            yield from iter_inlines(node.children)
