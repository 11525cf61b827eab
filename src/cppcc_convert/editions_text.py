"""The text side of an edition: convert every piece of user text in a Document.

Text is converted a run at a time, not node by node, so OpenCC sees whole phrases across
formatting (``**优**化`` still converts as one word): a run is the text of one block between
code spans, line breaks and inline images. The converted run is cut back into its nodes (see
``distribute``). Glossary terms are cut out of a run before OpenCC and their target put in.
Quotation marks are then localised over the whole block. Code, code blocks, URLs, image paths
and metadata other than the title, subtitle and authors are never touched.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, assert_never

from .editions_glossary import Matcher
from .editions_quotes import localize_quotes
from .model import (
    OFFICIAL_FIELDS,
    Anchor,
    Author,
    Block,
    Code,
    CodeBlock,
    Definition,
    DefinitionList,
    Diagnostic,
    Document,
    Emph,
    Figure,
    Heading,
    Inline,
    InlineImage,
    Inlines,
    LineBreak,
    Link,
    ListBlock,
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
)

ConvertFn = Callable[[str], str]


def distribute(guesses: list[str], whole: str) -> list[str]:
    """Cut ``whole`` into ``len(guesses)`` pieces that line up with ``guesses``.

    ``guesses`` are the pieces converted one by one; ``whole`` is their text converted at once.
    They differ only where a phrase spans a cut. Equal lengths map one to one; otherwise the
    cuts follow a diff: characters both share keep their node, and a changed stretch of a
    different length that a cut falls inside stays whole with the node it began in.
    """
    joined = "".join(guesses)
    if joined == whole or len(guesses) == 1:
        return guesses if joined == whole else [whole]
    cuts: list[int] = []
    pos = 0
    for piece in guesses[:-1]:
        pos += len(piece)
        cuts.append(pos)
    if len(joined) == len(whole):
        mapped = cuts
    else:
        ops = difflib.SequenceMatcher(None, joined, whole, autojunk=False).get_opcodes()
        mapped = [_map_cut(cut, ops, len(whole)) for cut in cuts]
    bounds = [0, *mapped, len(whole)]
    return [whole[a:b] for a, b in itertools.pairwise(bounds)]


def _map_cut(cut: int, ops: Sequence[tuple[str, int, int, int, int]], end: int) -> int:
    for tag, i1, i2, j1, j2 in ops:
        if i1 <= cut < i2:
            if tag == "equal" or (i2 - i1) == (j2 - j1):
                return j1 + (cut - i1)
            return j1 if cut == i1 else j2
    return end


@dataclass
class TextConverter:
    """Converts the text of a Document for one edition and collects its warnings."""

    convert: ConvertFn
    matcher: Matcher
    edition: str
    localize: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)

    # ----------------------------------------------------------------- runs and strings

    def run(self, pieces: list[str]) -> list[str]:
        """Convert a run of adjacent text pieces as one text, cut back into pieces."""
        joined = "".join(pieces)
        if not joined:
            return list(pieces)
        spans: list[tuple[int, int]] = []
        pos = 0
        for piece in pieces:
            spans.append((pos, pos + len(piece)))
            pos += len(piece)
        out = [""] * len(pieces)
        pos = 0
        for chunk, target in self.matcher.split(joined):
            start, end = pos, pos + len(chunk)
            pos = end
            parts = [(i, joined[max(s, start) : min(e, end)]) for i, (s, e) in enumerate(spans)]
            parts = [(i, t) for i, t in parts if t]
            if target is None:
                whole = self.convert(chunk)
                guesses = [self.convert(t) for _, t in parts] if len(parts) > 1 else [whole]
            else:
                whole, guesses = target, [t for _, t in parts]
            for (i, _), text in zip(parts, distribute(guesses, whole), strict=True):
                out[i] += text
        return out

    def string(self, text: str, line: int | None) -> str:
        """Convert one standalone string (a title, an author, alt text)."""
        if not text:
            return text
        return self.quotes(self.run([text]), line)[0]

    def quotes(self, pieces: list[str], line: int | None) -> list[str]:
        """Localise quotation marks over one block's pieces (warn when they do not pair)."""
        if not self.localize:
            return pieces
        localized = localize_quotes(pieces)
        if localized is not None:
            return localized
        sample = "".join(pieces)
        sample = sample if len(sample) <= 30 else sample[:30] + "…"
        self.diagnostics.append(
            Diagnostic(
                "warning",
                "quotes-unbalanced",
                f"quotation marks do not pair up; left as they are in the {self.edition} "
                f"edition: {sample}",
                line or None,
            )
        )
        return pieces

    # ----------------------------------------------------------------- inlines

    def inlines(self, inlines: Inlines, line: int) -> Inlines:
        """Convert a block's inlines: runs through OpenCC, then quotes over the block."""
        runs: list[list[str]] = [[]]
        _collect(inlines, runs)
        converted = [text for run in runs for text in self.run(run)]
        converted = self.quotes(converted, line)
        return self._rebuild(inlines, iter(converted), line)

    def _rebuild(self, inlines: Inlines, texts: Iterator[str], line: int) -> Inlines:
        return tuple(self._rebuild_one(node, texts, line) for node in inlines)

    def _rebuild_one(self, node: Inline, texts: Iterator[str], line: int) -> Inline:
        match node:
            case Text():
                return Text(next(texts))
            case Emph() | Strong() | Strike() | Underline() | Superscript() | Subscript():
                return replace(node, children=self._rebuild(node.children, texts, line))
            case Link():
                children = self._rebuild(node.children, texts, line)
                return replace(node, children=children, title=self.string(node.title, line))
            case InlineImage():
                alt, title = self.string(node.alt, line), self.string(node.title, line)
                return replace(node, alt=alt, title=title)
            case Code() | LineBreak() | Anchor():
                return node
            case _:
                assert_never(node)

    # ----------------------------------------------------------------- blocks

    def blocks(self, blocks: tuple[Block, ...]) -> tuple[Block, ...]:
        """Convert blocks recursively (code blocks and rules stay as they are)."""
        return tuple(self.block(b) for b in blocks)

    def block(self, block: Block) -> Block:
        """Convert one block."""
        match block:
            case Heading() | Paragraph():
                return replace(block, inlines=self.inlines(block.inlines, block.line))
            case Figure():
                image = block.image
                if image is not None:
                    alt, title = (
                        self.string(image.alt, block.line),
                        self.string(image.title, block.line),
                    )
                    image = replace(image, alt=alt, title=title)
                caption = self.inlines(block.caption, block.line) if block.caption else ()
                return replace(block, image=image, caption=caption)
            case DefinitionList():
                items = tuple(
                    Definition(
                        self.inlines(d.term, block.line),
                        tuple(self.blocks(x) for x in d.definitions),
                    )
                    for d in block.items
                )
                return replace(block, items=items)
            case Quote():
                return replace(block, blocks=self.blocks(block.blocks))
            case ListBlock():
                return replace(block, items=tuple(self.blocks(item) for item in block.items))
            case Table():
                header = tuple(self.inlines(c, block.line) for c in block.header)
                rows = tuple(tuple(self.inlines(c, block.line) for c in r) for r in block.rows)
                return replace(block, header=header, rows=rows)
            case CodeBlock() | Rule():
                return block
            case _:
                assert_never(block)

    def official(self, official: Official | None) -> Official | None:
        """An official document's parts, converted (the 发文字号's 机关代字 too)."""
        if official is None:
            return None
        changes: dict[str, Any] = {}
        for name in OFFICIAL_FIELDS:
            value = getattr(official, name)
            if isinstance(value, tuple):
                changes[name] = tuple(self.string(v, None) for v in value)
            else:
                changes[name] = self.string(value, None)
        return replace(official, **changes)

    def document(self, doc: Document, lang: str) -> Document:
        """The converted document with ``lang`` set and this edition's warnings appended."""
        meta = doc.meta
        meta = replace(
            meta,
            title=self.string(meta.title, None),
            subtitle=self.string(meta.subtitle, None),
            source=self.string(meta.source, None),  # the publication's name (富阳日报)
            authors=tuple(
                Author(self.string(a.name, None), self.string(a.role, None)) for a in meta.authors
            ),
            lang=lang,
            extra=dict(meta.extra),
            official=self.official(meta.official),
        )
        blocks = self.blocks(doc.blocks)
        return Document(meta, blocks, doc.diagnostics + tuple(self.diagnostics))


def _collect(inlines: Inlines, runs: list[list[str]]) -> None:
    """Append the Text of ``inlines`` to ``runs``; code, breaks and images end a run."""
    for node in inlines:
        match node:
            case Text(text=t):
                runs[-1].append(t)
            case (
                Emph(children=c)
                | Strong(children=c)
                | Strike(children=c)
                | Underline(children=c)
                | Superscript(children=c)
                | Subscript(children=c)
                | Link(children=c)
            ):
                _collect(c, runs)
            case Code() | LineBreak() | InlineImage():
                if runs[-1]:
                    runs.append([])
            case Anchor():
                pass
            case _:
                assert_never(node)
