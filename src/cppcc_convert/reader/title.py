"""Which heading is the document's title.

Front matter wins. Otherwise a leading ``#`` heading is the title; so is the first ``#``
heading of a README when only pictures (a logo, badges) stand before it and no other ``#``
heading follows. An h1 ending in ``<br><small>…</small>`` gives the subtitle too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import (
    Block,
    Figure,
    Heading,
    InlineImage,
    Inlines,
    Link,
    Meta,
    Paragraph,
    Text,
    inline_text,
)


@dataclass(frozen=True)
class Title:
    """The blocks without the title heading, the metadata with it, and its source line."""

    blocks: tuple[Block, ...]
    meta: Meta
    line: int


def _pictures_only(block: Block) -> bool:
    if isinstance(block, Figure):
        return block.image is not None
    if isinstance(block, Paragraph):
        return all(_picture(node) for node in block.inlines)
    return False


def _picture(node: object) -> bool:
    if isinstance(node, InlineImage):
        return True
    if isinstance(node, Text):
        return not node.text.strip()
    if isinstance(node, Link):
        return all(_picture(c) for c in node.children)
    return False


def promote_title(
    blocks: tuple[Block, ...], meta: Meta, subtitles: dict[int, Inlines], from_front_matter: bool
) -> Title:
    """The title taken out of the blocks when a heading is one."""
    if from_front_matter or meta.title:
        return Title(blocks, meta, 1 if from_front_matter else 0)
    index = next((i for i, b in enumerate(blocks) if not _pictures_only(b)), None)
    if index is None or not isinstance(blocks[index], Heading):
        return Title(blocks, meta, 0)
    heading = blocks[index]
    assert isinstance(heading, Heading)
    if heading.level != 1:
        return Title(blocks, meta, 0)
    if index > 0 and any(isinstance(b, Heading) and b.level == 1 for b in blocks[index + 1 :]):
        return Title(blocks, meta, 0)  # pictures, then one of several h1s: no title
    title = inline_text(heading.inlines).strip()
    if not title:
        return Title(blocks, meta, 0)
    subtitle = subtitles.get(id(heading))
    new_meta = replace(meta, title=title)
    if subtitle and not meta.subtitle:
        new_meta = replace(new_meta, subtitle=inline_text(subtitle).strip())
    return Title(blocks[:index] + blocks[index + 1 :], new_meta, heading.line)
