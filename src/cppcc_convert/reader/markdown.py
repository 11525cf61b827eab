"""Markdown text -> model blocks, with markdown-it-py (CommonMark + GFM tables +
strikethrough + front matter), raw HTML included (``reader.html`` maps it).

markdown-it gives a flat token stream; ``BlockReader`` walks it one block rule at a time.
Each Markdown container (the document, a quote, a list item) has its own HTML tree builder, so
``<div align="center">`` … Markdown … ``</div>`` wraps the Markdown between its tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from markdown_it.token import Token

from ..errors import InputError
from ..model import (
    Align,
    Block,
    CodeBlock,
    Diagnostic,
    Figure,
    Heading,
    Inline,
    InlineImage,
    Inlines,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Table,
    Text,
    inline_text,
)
from ..options import Options
from ..walk import merge_text
from .html import Mapper, TreeBuilder
from .inlines import InlineReader
from .line_breaks import kept_breaks
from .md_table_cells import CellPool
from .md_tokens import markdown_parser

_EXPLICIT_ID = re.compile(r"\s*\{#([^\s{}]+)(?:\s+[^{}]*)?\}\s*$")
_SMALL_OPEN = re.compile(r"^<small\b", re.I)
_SMALL_CLOSE = re.compile(r"^</small\s*>$", re.I)
_BREAK = re.compile(r"^<br\s*/?>$", re.I)
_QUOTE_MARKER = re.compile(r"^[ \t]*> ?")


class BlockReader:
    """Walks markdown-it's token stream and builds model blocks."""

    def __init__(
        self,
        tokens: Sequence[Token],
        lines: Sequence[str],
        options: Options,
        file: str | None,
        more: Iterator[Sequence[Token]] | None = None,
    ) -> None:
        self.tokens = tokens
        self.more = more  # the next windows of top-level tokens (token_windows)
        self.lines = lines
        self.pos = 0
        self.options = options
        self.file = file
        self.diagnostics: list[Diagnostic] = []
        self.front_matter: str | None = None
        self.front_matter_line = 1
        self.line = 0  # the line of the block being read (for HTML diagnostics)
        self.quotes = 0  # block quotes around the block being read (their > start its lines)
        self.mapper = Mapper(self._report)
        self.subtitles: dict[int, Inlines] = self.mapper.subtitles  # id(Heading) -> subtitle

    # ---------------------------------------------------------------- helpers

    def _report(self, level: str, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(level, code, message, self.line or None, self.file))  # type: ignore[arg-type]

    def warn(self, code: str, message: str, line: int) -> None:
        self.diagnostics.append(Diagnostic("warning", code, message, line or None, self.file))

    def _check_depth(self, depth: int, line: int) -> None:
        if depth > self.options.max_nesting:
            raise InputError(
                f"nesting deeper than {self.options.max_nesting} levels", file=self.file, line=line
            )

    # ---------------------------------------------------------------- blocks

    def blocks(self, close: str | None = None, depth: int = 0) -> list[Block]:
        """Parse blocks until the token of type ``close`` (consumed) or the end."""
        html = TreeBuilder(self._report)
        while True:
            if self.pos >= len(self.tokens):
                if close is not None or self.more is None:
                    break
                self.tokens, self.pos = (), 0  # free this window's tokens first
                self.tokens = next(self.more, ())
                if not self.tokens:
                    break
                continue
            tok = self.tokens[self.pos]
            if close is not None and tok.type == close:
                self.pos += 1
                break
            self.line = tok.map[0] + 1 if tok.map else self.line
            if tok.type == "html_block":
                self.pos += 1
                html.feed(tok.content, self.line)
                continue
            for block in self.block(tok, depth):
                html.add_block(block)
        return html.close(self.mapper)

    def block(self, tok: Token, depth: int) -> list[Block]:
        line = self.line
        self.pos += 1
        match tok.type:
            case "front_matter":
                self.front_matter = tok.content
                self.front_matter_line = line
                return []
            case "heading_open":
                heading = self.heading(int(tok.tag[1]), line)
                self.pos += 1  # heading_close
                return [heading]
            case "paragraph_open":
                inlines = self.inline_run()
                self.pos += 1  # paragraph_close
                return self.paragraph(inlines, line)
            case "blockquote_open":
                self._check_depth(depth + 1, line)
                self.quotes += 1
                try:
                    return [Quote(tuple(self.blocks("blockquote_close", depth + 1)), line)]
                finally:
                    self.quotes -= 1
            case "bullet_list_open" | "ordered_list_open":
                self._check_depth(depth + 1, line)
                return [self.list_block(tok, depth + 1, line)]
            case "fence" | "code_block":
                lang = tok.info.strip().split()[0] if tok.info.strip() else ""
                return [CodeBlock(tok.content.rstrip("\n"), lang, line)]
            case "hr":
                return [Rule(line)]
            case "table_open":
                return [self.table(line)]
            case _:
                raise InputError(f"unexpected Markdown token {tok.type}", file=self.file, line=line)

    def heading(self, level: int, line: int) -> Heading:
        """A heading; a trailing ``{#id}`` sets its id; an h1 ending in ``<br><small>…``
        carries a subtitle (used when it becomes the title)."""
        tok = self.tokens[self.pos]
        children = list(tok.children or []) if tok.type == "inline" else []
        if tok.type == "inline":
            self.pos += 1
        title_toks, subtitle_toks = _split_small(children) if level == 1 else (children, None)
        reader = InlineReader(self._report, self.file, line)
        inlines = list(reader.read(title_toks))
        ident = ""
        if inlines and isinstance(inlines[-1], Text):
            match = _EXPLICIT_ID.search(inlines[-1].text)
            if match:
                ident = match.group(1)
                inlines[-1] = Text(inlines[-1].text[: match.start()])
        heading = Heading(level, merge_text(tuple(inlines)), line, id=ident)
        if subtitle_toks is not None:
            subtitle = InlineReader(self._report, self.file, line).read(subtitle_toks)
            if inline_text(subtitle).strip():
                self.subtitles[id(heading)] = subtitle
        return heading

    def paragraph(self, inlines: Inlines, line: int) -> list[Block]:
        # A paragraph that is one image is a figure, its alt text the caption (as pandoc's
        # implicit_figures does).
        if len(inlines) == 1 and isinstance(inlines[0], InlineImage):
            img = inlines[0]
            caption: Inlines = (Text(img.alt),) if img.alt.strip() else ()
            return [Figure(img, caption, line)]
        if not inlines:
            return []
        return [Paragraph(inlines, line)]

    def list_block(self, tok: Token, depth: int, line: int) -> ListBlock:
        ordered = tok.type == "ordered_list_open"
        start = int(tok.attrGet("start") or 1) if ordered else 1
        close = tok.type.replace("_open", "_close")
        # markdown-it hides the paragraphs of tight lists; a loose list shows them.
        tight = True
        for i in range(self.pos, len(self.tokens)):  # no slice: a copy of the rest per list
            t = self.tokens[i]
            if t.type == close and t.level == tok.level:
                break
            if t.type == "paragraph_open" and t.level == tok.level + 2:
                tight = t.hidden
                break
        items: list[tuple[Block, ...]] = []
        while self.pos < len(self.tokens) and self.tokens[self.pos].type != close:
            self.pos += 1  # list_item_open
            items.append(tuple(self.blocks("list_item_close", depth)))
        self.pos += 1  # list close
        return ListBlock(ordered, tuple(items), start, tight, line)

    def table(self, line: int) -> Table:
        header: list[Inlines] = []
        rows: list[list[Inlines]] = []
        align: list[Align] = []
        cells, pool = 0, CellPool()
        while True:
            if self.pos >= len(self.tokens) and self.more is not None:
                self.tokens, self.pos = (), 0  # a long table's next window of rows
                self.tokens = next(self.more, ())
            tok = self.tokens[self.pos]
            if tok.type == "table_close":
                break
            self.pos += 1
            if tok.type == "tr_open":
                rows.append([])
                if tok.map:
                    self.line = tok.map[0] + 1  # diagnostics of the row's cells name its line
                    if header:
                        self._check_row_width(tok.map[0], len(header))
            elif tok.type in ("th_open", "td_open"):
                cell = pool.share(self.inline_run())
                self.pos += 1  # th_close / td_close
                cells += 1
                if cells > self.options.max_table_cells:
                    raise InputError(
                        f"table has more than {self.options.max_table_cells} cells",
                        file=self.file,
                        line=line,
                    )
                if tok.type == "th_open":
                    header.append(cell)
                    align.append(_alignment(tok))
                else:
                    rows[-1].append(cell)
        self.pos += 1
        body = tuple(tuple(r) for r in rows if r)
        return Table(tuple(header), body, tuple(align), line)

    def _check_row_width(self, index: int, width: int) -> None:
        """GFM drops the cells of a row beyond the header's count: say so, with the text."""
        if index >= len(self.lines):
            return
        text = self.lines[index]
        for _ in range(self.quotes):  # "> | 1 | 2 |": the quote's marker is no cell
            text = _QUOTE_MARKER.sub("", text, count=1)
        cells = _split_row(text)
        if len(cells) > width:
            extra = " | ".join(c for c in cells[width:] if c) or "(empty)"
            self.warn(
                "table-cells",
                f"table row has {len(cells)} cells, the header {width}: "
                f"the extra cells are dropped (GFM): {extra[:60]!r}",
                index + 1,
            )

    # ---------------------------------------------------------------- inlines

    def inline_run(self) -> Inlines:
        """The children of the ``inline`` token at the cursor (or nothing)."""
        tok = self.tokens[self.pos]
        if tok.type != "inline":
            return ()
        self.pos += 1
        line = tok.map[0] + 1 if tok.map else self.line
        kept = kept_breaks(tok.content)  # lines that must not run on (line_breaks.py)
        if kept is not None:
            self._report("info", "line-break", kept.note)
        pieces = tok.meta.get("pieces")
        if pieces is not None:  # a huge paragraph, parsed a piece at a time (md_pieces)
            out: list[Inline] = []
            for children in pieces(tok.content):
                if kept is not None:
                    kept.apply(children)
                out += InlineReader(self._report, self.file, line).read(children)
            return merge_text(tuple(out))
        children = tok.children or []
        if len(children) == 1 and children[0].type == "text" and children[0].content != "\n":
            text = children[0].content  # most paragraphs: what InlineReader would make
            return (Text(text),) if text else ()
        if kept is not None:
            kept.apply(children)
        return InlineReader(self._report, self.file, line).read(children)


def _split_small(children: list[Token]) -> tuple[list[Token], list[Token] | None]:
    """``主标题<br><small>副标题</small>``: the title's tokens and the subtitle's (or None)."""
    opens = [
        i
        for i, t in enumerate(children)
        if t.type == "html_inline" and _SMALL_OPEN.match(t.content)
    ]
    if not opens:
        return children, None
    start = opens[-1]
    closes = [
        i
        for i, t in enumerate(children)
        if i > start and t.type == "html_inline" and _SMALL_CLOSE.match(t.content.strip())
    ]
    end = closes[0] if closes else len(children)
    trailing = children[end + 1 :]
    if any(t.type != "text" or t.content.strip() for t in trailing):
        return children, None
    title = children[:start]
    while title and (
        title[-1].type in ("softbreak", "hardbreak")
        or (title[-1].type == "html_inline" and _BREAK.match(title[-1].content.strip()))
        or (title[-1].type == "text" and not title[-1].content.strip())
    ):
        title.pop()
    if not title:
        return children, None
    return title, children[start + 1 : end]


def _split_row(line: str) -> list[str]:
    """The cells of a GFM table row as written (pipes in code spans or escaped are text)."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    cells, current, in_code, i = [], [], False, 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if ch == "`":
            in_code = not in_code
        if ch == "|" and not in_code:
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
        i += 1
    cells.append("".join(current).strip())
    return cells


def _alignment(tok: Token) -> Align:
    style = str(tok.attrGet("style") or "")
    for value in ("left", "center", "right"):
        if f"text-align:{value}" in style:
            return value
    return None


__all__ = ["BlockReader", "markdown_parser"]
