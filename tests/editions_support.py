"""Helpers shared by the editions tests: the sample as a model, OpenCC references."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import opencc

from cppcc_convert.model import (
    Author,
    Block,
    Code,
    CodeBlock,
    Document,
    Emph,
    Figure,
    Heading,
    InlineImage,
    Inlines,
    Link,
    ListBlock,
    Meta,
    Paragraph,
    Quote,
    Strike,
    Strong,
    Table,
    Text,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "fuyang-cppcc.md"


@cache
def reference(config: str) -> opencc.OpenCC:
    """An OpenCC converter of our own, independent of the package's cache."""
    return opencc.OpenCC(f"{config}.json")


def sample_document() -> Document:
    """The sample parsed by the package, or (before the reader exists) a plain split."""
    text = SAMPLE.read_text(encoding="utf-8")
    try:
        from cppcc_convert import parse

        return parse(text)
    except (ImportError, AttributeError):
        return _plain_split(text)


def _plain_split(text: str) -> Document:
    title, authors, blocks = "", (), []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("# "):
            title = line[2:]
        elif line.startswith("## "):
            blocks.append(Heading(2, (Text(line[3:]),), number))
        elif line.startswith("记者 "):
            authors = (Author(line[3:], "记者"),)
        else:
            blocks.append(Paragraph((Text(line),), number))
    return Document(Meta(title=title, authors=authors), tuple(blocks))


def untouchables(doc: Document) -> list[str]:
    """Everything an edition must leave alone: code, URLs, image paths, in order."""
    out: list[str] = []

    def inlines(nodes: Inlines) -> None:
        for node in nodes:
            match node:
                case Code(text=t):
                    out.append(t)
                case Link(children=c, url=url):
                    out.append(url)
                    inlines(c)
                case Emph(children=c) | Strong(children=c) | Strike(children=c):
                    inlines(c)
                case InlineImage(src=src):
                    out.append(src)

    def blocks(items: tuple[Block, ...]) -> None:
        for block in items:
            match block:
                case CodeBlock(text=t):
                    out.append(t)
                case Figure(image=image, caption=caption):
                    if image is not None:
                        out.append(image.src)
                    inlines(caption)
                case Quote(blocks=b):
                    blocks(b)
                case ListBlock(items=its):
                    for item in its:
                        blocks(item)
                case Table(header=h, rows=rows):
                    for cell in (*h, *(c for r in rows for c in r)):
                        inlines(cell)
                case Heading(inlines=i) | Paragraph(inlines=i):
                    inlines(i)
                case _:
                    inlines(getattr(block, "inlines", ()))

    blocks(doc.blocks)
    return out
