"""Which heading is the document's title.

Front matter wins. Otherwise a leading ``#`` heading is the title; so is a README's one
``#`` heading (HTML ``<h1>`` too) when it stands near the top (a logo, badges, a line of
language links or a credits quote may come first: at most six blocks, none a heading); and,
in a document with no ``#`` heading at all, a centred HTML heading of any level that opens
it (``<h2 align="center">HanLP</h2>``). An h1 ending in ``<br><small>…</small>`` gives the
subtitle too. Blocks before the title stay where they are.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import (
    Anchor,
    Block,
    Emph,
    Figure,
    Heading,
    InlineImage,
    Inlines,
    LineBreak,
    Link,
    Meta,
    Paragraph,
    Quote,
    Rule,
    Strong,
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
    """A logo, a row of badges, an anchor: what may stand above a README's title."""
    if isinstance(block, Figure):
        return block.image is not None
    if isinstance(block, Paragraph):
        return all(_picture(node) for node in block.inlines)
    return False


_SEPARATORS = frozenset(" |·∙・•/\\-—,，、:：\u200e\u200f")


def _preamble(block: Block) -> bool:
    """What a README puts above its title besides pictures: a credits quote, a rule, a
    centred block, a line of language links. Not prose."""
    if _pictures_only(block) or isinstance(block, Quote | Rule):
        return True
    if isinstance(block, Paragraph):
        return block.align is not None or _links_only(block.inlines)
    return False


def _links_only(inlines: Inlines) -> bool:
    for node in inlines:
        if isinstance(node, Emph | Strong):
            if not _links_only(node.children):
                return False
        elif isinstance(node, Text):
            if any(ch not in _SEPARATORS for ch in node.text):
                return False
        elif not isinstance(node, Link | InlineImage | Anchor | LineBreak):
            return False
    return True


def _picture(node: object) -> bool:
    if isinstance(node, InlineImage | Anchor | LineBreak):
        return True
    if isinstance(node, Text):
        return not node.text.strip()
    if isinstance(node, Link):
        return all(_picture(c) for c in node.children)
    return False


NEAR_TOP = 6  # blocks that may stand before a README's title


def _title_index(blocks: tuple[Block, ...], centred: set[int]) -> int | None:
    """Where the title heading is, if one heading is the title."""
    headings = [i for i, b in enumerate(blocks) if isinstance(b, Heading)]
    if not headings:
        return None
    first = headings[0]
    heading = blocks[first]
    assert isinstance(heading, Heading)
    level_one = [i for i in headings if blocks[i].level == 1]  # type: ignore[union-attr]
    if heading.level == 1:
        if first == 0 or all(_pictures_only(b) for b in blocks[:first]):
            return first
        if len(level_one) == 1 and first <= NEAR_TOP and all(map(_preamble, blocks[:first])):
            return first  # the one h1 of a README, after credits or language links
        return None
    if not level_one and id(heading) in centred and all(_pictures_only(b) for b in blocks[:first]):
        return first
    return None


def promote_title(
    blocks: tuple[Block, ...],
    meta: Meta,
    subtitles: dict[int, Inlines],
    from_front_matter: bool,
    centred: set[int] | None = None,
) -> Title:
    """The title taken out of the blocks when a heading is one."""
    if from_front_matter or meta.title:
        return Title(blocks, meta, 1 if from_front_matter else 0)
    index = _title_index(blocks, centred or set())
    if index is None:
        return Title(blocks, meta, 0)
    heading = blocks[index]
    assert isinstance(heading, Heading)
    title = inline_text(heading.inlines).strip()
    if not title:
        return Title(blocks, meta, 0)
    subtitle = subtitles.get(id(heading))
    new_meta = replace(meta, title=title)
    if subtitle and not meta.subtitle:
        new_meta = replace(new_meta, subtitle=inline_text(subtitle).strip())
    return Title(blocks[:index] + blocks[index + 1 :], new_meta, heading.line)
