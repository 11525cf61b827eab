"""Raw HTML's inline elements and text -> model inlines: whitespace collapsed as HTML does
(a line break between two CJK characters vanishes), one rule per inline tag, links never
nested."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import (
    Anchor,
    Block,
    Code,
    CodeBlock,
    Emph,
    Figure,
    Heading,
    Inline,
    InlineImage,
    Inlines,
    LineBreak,
    Link,
    Paragraph,
    Strike,
    Strong,
    Subscript,
    Superscript,
    Text,
    Underline,
    inline_text,
)
from ..text import is_cjk
from ..walk import merge_text
from .html_tree import Report

_WS = re.compile(r"[ \t\n\r\f]+")


def collapse(text: str) -> str:
    """HTML whitespace: runs become one space, and a space that was a line break between
    two CJK characters vanishes (the source was wrapped, as in Markdown)."""
    if not _WS.search(text):
        return text
    parts = _WS.split(text)
    seps = _WS.findall(text)
    out = [parts[0]]
    for sep, part in zip(seps, parts[1:], strict=True):
        before, after = (out[-1][-1:] if out[-1] else ""), part[:1]
        out.append("" if ("\n" in sep and is_cjk(before) and is_cjk(after)) else " ")
        out.append(part)
    return "".join(out)


def trim(inlines: list[Inline]) -> Inlines:
    """Inlines without leading/trailing spaces (block edges) or line breaks."""
    items = list(merge_text(tuple(inlines)))
    while items and isinstance(items[0], LineBreak):
        items.pop(0)
    while items and isinstance(items[-1], LineBreak):
        items.pop()
    if items and isinstance(items[0], Text):
        items[0] = Text(items[0].text.lstrip())
    if items and isinstance(items[-1], Text):
        items[-1] = Text(items[-1].text.rstrip())
    return merge_text(tuple(items))


def blank(inlines: Inlines) -> bool:
    return all(isinstance(n, Text) and not n.text.strip() for n in inlines)


def block_inlines(block: Block) -> Inlines:
    """The inline text of a simple block (for content squeezed into inline context)."""
    if isinstance(block, Paragraph | Heading):
        return block.inlines
    if isinstance(block, Figure):
        image = (block.image,) if block.image is not None else ()
        return (*image, *block.caption)
    if isinstance(block, CodeBlock):
        return (Code(block.text),)
    return ()


def wrap_inline(
    tag: str, attrs: dict[str, str], kids: list[Inline], report: Report
) -> list[Inline]:
    """One inline element (its children already mapped) as model inlines."""
    children = merge_text(tuple(kids))
    match tag:
        case "br":
            return [LineBreak()]
        case "wbr":
            return []
        case "img":
            src = attrs.get("src", "").strip()
            return [InlineImage(src, attrs.get("alt", ""), attrs.get("title", ""))] if src else []
        case "b" | "strong":
            return [Strong(children)] if children else []
        case "i" | "em" | "cite" | "var" | "dfn":
            return [Emph(children)] if children else []
        case "u" | "ins":
            return [Underline(children)] if children else []
        case "s" | "del" | "strike":
            return [Strike(children)] if children else []
        case "sup":
            return [Superscript(children)] if children else []
        case "sub":
            return [Subscript(children)] if children else []
        case "code" | "kbd" | "samp" | "tt":
            text = inline_text(children)
            return [Code(text)] if text else []
        case "a":
            return _anchor_link(attrs, children)
        case "q":
            return [Text("“"), *children, Text("”")]
    return list(children)  # span, font, small, big, mark, abbr, time, unknown…: the text


def _anchor_link(attrs: dict[str, str], children: Inlines) -> list[Inline]:
    out: list[Inline] = []
    name = (attrs.get("name") or "").strip()
    if name and name != attrs.get("id", "").strip():
        out.append(Anchor(name))
    href = attrs.get("href")
    if href is None or not href.strip():
        return out + list(children)
    plain = tuple(unwrap_links(children))
    return [*out, Link(plain, href.strip(), attrs.get("title", ""))] if plain else out


def unwrap_links(inlines: Iterable[Inline]) -> list[Inline]:
    """Inlines with every link replaced by its text: links never nest."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Link):
            out += unwrap_links(node.children)
        elif isinstance(node, Emph | Strong | Strike | Underline | Superscript | Subscript):
            out.append(type(node)(tuple(unwrap_links(node.children))))
        else:
            out.append(node)
    return out
