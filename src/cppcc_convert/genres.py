"""Which kind of document this is: news, an official document (公文), a statute, a book.

``--genre auto`` (the default) decides from the text, and says why in an info diagnostic;
the genre decides which repairs run and how (repair.py) and whether plain text gets its
structure found (structure.py):

=========  ============================================================================
genre      what it changes
=========  ============================================================================
news       all repairs; short lines standing apart are photo captions
official   no byline or caption repair; 一、（一） lines are headings; 公文 parts found
statute    no byline or caption repair; adoption note centred; 一、（一） stay list items
book       no caption repair; the line after the title may be the author
=========  ============================================================================

In every genre the rejoin repair never glues a structural line (第…条, 一、, 附件…), a date,
a signature or an adoption note to its neighbour, and the caption repair never takes one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .markers import ARTICLE, CHAPTER, line_marker
from .model import Block, Document, Heading, Paragraph, inline_text
from .walk import iter_blocks

GENRES: tuple[str, ...] = ("news", "official", "statute", "book")
_DOCUMENT_NUMBER = re.compile(r"[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*\d+\s*号")
_CLOSINGS = ("特此通知", "特此函告", "特此报告", "特此批复", "特此通报", "此复", "妥否，请批示")
_TO_LINE = re.compile(r"^[\u4e00-\u9fff，、（）()]{2,80}[：:]$")
# 公文 titles name their kind last: 关于…的通知, 关于…的批复 (GB/T 9704 7.3.1; 条例 13 kinds).
_OFFICIAL_TITLE = re.compile(
    r"关于.+的(?:通知|通报|意见|决定|决议|批复|报告|请示|函|公告|通告|纪要|命令|议案)$"
)


@dataclass(frozen=True)
class Guess:
    """A genre and the evidence for it."""

    genre: str
    reason: str


def _paragraph_texts(doc: Document) -> list[str]:
    return [
        inline_text(b.inlines).strip()
        for b in iter_blocks(doc.blocks)
        if isinstance(b, _TEXT_BLOCKS)
    ]


_TEXT_BLOCKS = (Paragraph, Heading)  # a tuple: ``X | Y`` would build a union per block


def guess_genre(doc: Document, plain_text: bool) -> Guess:
    """The genre the text reads as."""
    texts = _paragraph_texts(doc)
    articles = sum(1 for t in texts if ARTICLE.match(t))
    if articles >= 3:
        return Guess("statute", f"{articles} paragraphs begin 第…条")
    head = "\n".join(texts[:12])
    tail = "\n".join(texts[-8:])
    numbered = _DOCUMENT_NUMBER.search(head)
    closing = next((c for c in _CLOSINGS if c in tail), None)
    addressee = any(_TO_LINE.match(t) for t in texts[:6])
    titled = _OFFICIAL_TITLE.search(doc.meta.title.strip()) is not None
    if sum(map(bool, (numbered, closing, addressee, titled))) >= 2:
        what = [
            w
            for w, seen in (
                (f"document number {numbered.group(0)!r}" if numbered else "", numbered),
                (f"closing {closing!r}" if closing else "", closing),
                ("an addressee line", addressee),
                ("a 公文 title", titled),
            )
            if seen
        ]
        return Guess("official", "; ".join(what))
    chapters = sum(1 for t in texts if len(t) <= 40 and CHAPTER.match(t))
    length = sum(map(len, texts))
    if chapters >= 3 and (plain_text or length >= 20_000):
        return Guess("book", f"{chapters} chapter titles in {length} characters")
    return Guess("news", "no statute articles, 公文 parts or chapters")


def looks_structured(blocks: tuple[Block, ...]) -> bool:
    """Whether Markdown without headings still has structure to find (chapter markers)."""
    if any(isinstance(b, Heading) for b in blocks):
        return False
    return (
        sum(
            1
            for b in blocks
            if isinstance(b, Paragraph) and line_marker(inline_text(b.inlines)) is not None
        )
        >= 2
    )
