"""Structure in text that has no markup: the title, chapter and section titles, a table of
contents, a book's author line, a statute's adoption note. A Document -> Document transform
for plain text (and Markdown without headings that reads like a book or a report).

A paragraph becomes a heading only when it is one line, short, ends no sentence and starts
with a marker (markers.py): 第一回, 第三章, 第二节, 卷一, 序, 前言, 后记, 附录; in reports and
公文 also 一、 and （一）. Heading levels follow the markers' ranks, among those the document
uses: a novel's 回 are level 1; a statute's 章 level 1 and 节 level 2. Poems, dialogue and
other short lines are left alone. Each recognition is an info diagnostic with its line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from .markers import (
    LAW_NAME,
    TOC_WORDS,
    Marker,
    ends_sentence,
    is_adoption_note,
    is_label_block,
    is_official_title,
    line_marker,
    squeeze,
)
from .model import (
    Author,
    Block,
    CodeBlock,
    Document,
    Heading,
    LineBreak,
    Paragraph,
    Text,
    inline_text,
)
from .text import clip

Report = Callable[[str, str, int], None]  # (code, message, line)

HEADING_MAX = 40  # characters: longer lines are sentences, not titles
TITLE_MAX = 60
_AUTHOR_SUFFIX = ("著", "撰", "编", "编著", "譯", "译", "原著")


@dataclass(frozen=True)
class _Candidate:
    index: int
    marker: Marker
    text: str


def _one_line_text(block: Block) -> str | None:
    """The text of a paragraph that is one line of plain text, else None."""
    if not isinstance(block, Paragraph) or block.align is not None:
        return None
    if any(isinstance(node, LineBreak) for node in block.inlines):
        return None
    text = inline_text(block.inlines).strip()
    return text or None


def _indented_title(block: Block) -> str | None:
    """A title line indented by four spaces or more, which Markdown reads as code: Taiwan's
    law database indents a 第 一 節 line by six. Only a one-line block without a language
    that is a chapter or section title (never code that happens to be short)."""
    if not isinstance(block, CodeBlock) or block.language or "\n" in block.text.strip():
        return None
    text = block.text.strip()
    marker = line_marker(text)
    return text if marker is not None and marker.kind == "chapter" else None


def _heading_marker(text: str, levels: bool) -> Marker | None:
    """The marker that makes ``text`` a heading, when it is one."""
    if len(text) > HEADING_MAX or ends_sentence(text) or text.endswith(("，", "；", "、", "：")):
        return None
    marker = line_marker(text)
    if marker is None or marker.kind in ("article", "attachment"):
        return None
    if marker.kind == "level" and not levels:
        return None
    # A title is a phrase: no sentence or clause punctuation inside it either.
    if any(p in text for p in "。！？，；．"):
        return None
    return marker


def _rank(marker: Marker) -> tuple[int, int]:
    # Chapters, volumes and matter rank among themselves; report levels come after them.
    return (1, marker.rank) if marker.kind == "level" else (0, marker.rank)


def find_toc(blocks: list[Block], report: Report) -> list[Block]:
    """A 目录 line followed by the titles the body repeats later: the titles are the table of
    contents, kept as one paragraph of lines under the 目录 line (centred), not made
    headings (the outputs' own contents pages list the real ones)."""
    for i, block in enumerate(blocks):
        text = _one_line_text(block)
        if text is None or squeeze(text) not in TOC_WORDS:
            continue
        entries: list[str] = []
        j = i + 1
        while j < len(blocks):
            entry = _one_line_text(blocks[j])
            if entry is None or line_marker(entry) is None or len(entry) > HEADING_MAX:
                break
            if entries and squeeze(entry) == squeeze(entries[0]):
                break  # the body begins: its first title again
            entries.append(entry)
            j += 1
        if len(entries) < 2:
            continue
        inlines: list[Text | LineBreak] = []
        for entry in entries:
            if inlines:
                inlines.append(LineBreak())
            inlines.append(Text(entry))
        line = block.line
        report("structure", f"table of contents: {len(entries)} entries", line)
        toc = Paragraph(tuple(inlines), blocks[i + 1].line, align="left")
        label = Paragraph((Text(text),), line, align="center")
        return [*blocks[:i], label, toc, *blocks[j:]]
    return blocks


def find_headings(blocks: list[Block], levels: bool, report: Report) -> list[Block]:
    """Paragraphs that are chapter or section titles become headings."""
    found: list[_Candidate] = []
    for i, block in enumerate(blocks):
        text = _one_line_text(block) or _indented_title(block)
        if text is None:
            continue
        marker = _heading_marker(text, levels)
        if marker is not None:
            found.append(_Candidate(i, marker, text))
    if not found:
        return blocks
    ranks = sorted({_rank(c.marker) for c in found})
    level_of = {rank: n + 1 for n, rank in enumerate(ranks[:6])}
    out = list(blocks)
    for c in found:
        level = level_of.get(_rank(c.marker), 6)
        block = out[c.index]
        if isinstance(block, CodeBlock):  # the indented title's text, without the indent
            out[c.index] = Heading(level, (Text(c.text),), block.line)
            what = " (an indented line, read as code)"
        else:
            assert isinstance(block, Paragraph)
            out[c.index] = Heading(level, block.inlines, block.line)
            what = ""
        report("structure", f"{clip(c.text)!r}{what} is a level-{level} heading", block.line)
    return out


def find_title(doc: Document, blocks: list[Block], report: Report) -> tuple[Document, list[Block]]:
    """The first line is the title where it is one: short, no sentence, no marker."""
    if doc.meta.title or not blocks:
        return doc, blocks
    named = _law_name(blocks[0])
    if named is not None:  # the header stays, as the database prints it: flush left
        first = blocks[0]
        assert isinstance(first, Paragraph)
        report("structure", f"the title is the header's 法規名稱 {clip(named)!r}", first.line)
        header = Paragraph(first.inlines, first.line, align="left")
        return replace(doc, meta=replace(doc.meta, title=named)), [header, *blocks[1:]]
    text = _one_line_text(blocks[0])
    if text is None or len(text) > TITLE_MAX or ends_sentence(text) or line_marker(text):
        return doc, blocks
    if text.endswith(("，", "；", "、", "：", ":")):
        return doc, blocks
    lines, text = _official_title_lines(blocks, text)
    what = (
        f"first {lines} lines {clip(text)!r} are" if lines > 1 else f"first line {clip(text)!r} is"
    )
    report("structure", f"the {what} the title", blocks[0].line)
    return replace(doc, meta=replace(doc.meta, title=text)), blocks[lines:]


def _law_name(block: Block) -> str | None:
    """The name in a header of labelled lines that opens with 法規名稱：…, as statutes come
    out of Taiwan's law database."""
    if not isinstance(block, Paragraph):
        return None
    text = inline_text(block.inlines).strip()
    if not is_label_block(text):
        return None
    m = LAW_NAME.match(text.split("\n", 1)[0].strip())
    return m.group("name").strip() if m else None


def _official_title_lines(blocks: list[Block], first: str) -> tuple[int, str]:
    """A 公文 title broken over two or three lines, as GB/T 9704 sets a long one and plain
    texts copy it (关于加强 / 经济工作监督的决定): the lines that follow the first with no
    blank line between and complete a title of the 关于……的决定 form (the first alone is
    not one). Else the first line alone."""
    if is_official_title(first):
        return 1, first
    text, line = first, blocks[0].line
    for n in range(1, min(3, len(blocks))):
        nxt = _one_line_text(blocks[n])
        if nxt is None or blocks[n].line != line + 1 or ends_sentence(nxt) or line_marker(nxt):
            break
        text, line = text + nxt, blocks[n].line
        if is_official_title(text):
            return n + 1, text
    return 1, first


def find_author(doc: Document, blocks: list[Block], report: Report) -> tuple[Document, list[Block]]:
    """A book's author line right after the title: 罗贯中, 鲁迅著."""
    if not doc.meta.title or doc.meta.authors or not blocks:
        return doc, blocks
    text = _one_line_text(blocks[0])
    if text is None:
        return doc, blocks
    name = text
    for suffix in _AUTHOR_SUFFIX:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)].strip()
            break
    if not (2 <= len(name) <= 5 and all("\u4e00" <= ch <= "\u9fff" or ch == "·" for ch in name)):
        return doc, blocks
    report("structure", f"{text!r} after the title is its author", blocks[0].line)
    meta = replace(doc.meta, authors=(Author(name, ""),))
    return replace(doc, meta=meta), blocks[1:]


def center_adoption_note(blocks: list[Block], report: Report) -> list[Block]:
    """A statute's adoption note under its title is set centred, as statutes print it."""
    if not blocks:
        return blocks
    first = blocks[0]
    if isinstance(first, Paragraph) and first.align is None:
        text = inline_text(first.inlines).strip()
        if is_adoption_note(text):
            report("structure", "the adoption note under the title is centred", first.line)
            return [Paragraph(first.inlines, first.line, align="center"), *blocks[1:]]
    return blocks


def find_structure(doc: Document, genre: str, report: Report, *, book_author: bool) -> Document:
    """Title, table of contents, headings (and a book's author, a statute's adoption note)."""
    blocks = list(doc.blocks)
    doc, blocks = find_title(doc, blocks, report)
    if book_author:
        doc, blocks = find_author(doc, blocks, report)
    if genre == "statute":
        blocks = center_adoption_note(blocks, report)
    blocks = find_toc(blocks, report)
    # 一、 （一） open sections in reports and 公文; in a statute they number list items.
    body = find_headings(blocks, genre != "statute", report)
    return replace(doc, blocks=tuple(body))
