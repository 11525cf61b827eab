"""Raw HTML's finished element tree -> model blocks (one rule per block tag): ``<center>`` and
``align``/``text-align`` give a paragraph alignment, ``id``/``name`` attributes become anchors,
``colspan``/``rowspan`` are flattened to empty cells with a warning, unknown elements keep
their text."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import (
    Align,
    Anchor,
    Block,
    CodeBlock,
    Definition,
    DefinitionList,
    Figure,
    Heading,
    Inline,
    InlineImage,
    Inlines,
    LineBreak,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Strong,
    Table,
    Text,
    inline_text,
)
from .html_inline import blank, block_inlines, collapse, trim, wrap_inline
from .html_tree import BLOCKS, Element, Report

_ALIGN = re.compile(r"text-align\s*:\s*(left|center|right|start|end)", re.I)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}


def _align(attrs: dict[str, str]) -> Align:
    value = attrs.get("align", "").strip().lower()
    match = _ALIGN.search(attrs.get("style", ""))
    if match:
        value = match.group(1).lower()
    value = {"start": "left", "end": "right", "middle": "center"}.get(value, value)
    return value if value in ("left", "center", "right") else None  # type: ignore[return-value]


class Mapper:
    """Maps finished elements to model blocks and inlines (one rule per tag)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.subtitles: dict[int, Inlines] = {}  # id(Heading) -> a <small> subtitle
        self.centred: set[int] = set()  # id(Heading) of headings set centred

    # -- inline context

    def inlines(self, children: Iterable[str | Element | Block]) -> list[Inline]:
        out: list[Inline] = []
        for child in children:
            if isinstance(child, str):
                out.append(Text(collapse(child)))
            elif isinstance(child, Element):
                out += self.inline_element(child)
            else:  # a Markdown block inside inline HTML: its text, on a line of its own
                text = block_inlines(child)
                if text:
                    out += [LineBreak(), *text, LineBreak()]
        return out

    def inline_element(self, el: Element) -> list[Inline]:
        anchor: list[Inline] = [Anchor(el.attrs["id"])] if el.attrs.get("id") else []
        if el.tag in BLOCKS:  # a block inside inline content: its text on its own line
            kids = list(trim(self.inlines(el.children)))
            return [*anchor, LineBreak(), *kids, LineBreak()] if kids else anchor
        return anchor + wrap_inline(el.tag, el.attrs, self.inlines(el.children), self.report)

    # -- block context

    def blocks(
        self, children: list[str | Element | Block], align: Align, line: int = 0
    ) -> list[Block]:
        if not align and not any(isinstance(c, _MARKUP) for c in children):
            return list(children)  # type: ignore[arg-type]  # Markdown blocks only, as below
        out: list[Block] = []
        run: list[str | Element] = []

        def flush() -> None:
            if run:
                at = next((c.line for c in run if isinstance(c, Element) and c.line), line)
                out.extend(_at(self._paragraph(self.inlines(run), align), at))
                run.clear()

        for child in children:
            if isinstance(child, str | Element) and not _is_block(child):
                run.append(child)
            else:
                flush()
                if isinstance(child, Element):
                    out.extend(_at(self.block_element(child, align), child.line or line))
                elif not isinstance(child, str):
                    out.append(_aligned(child, align))
        flush()
        return out

    def _paragraph(self, inlines: list[Inline], align: Align) -> list[Block]:
        content = trim(inlines)
        if blank(content):
            return []
        images = [n for n in content if not (isinstance(n, Text) and not n.text.strip())]
        if len(images) == 1 and isinstance(images[0], InlineImage):
            return [Figure(images[0])]  # a logo or picture standing alone
        return [Paragraph(content, align=align)]

    centring = False  # inside a centred container (headings there count as centred)

    def block_element(self, el: Element, align: Align) -> list[Block]:
        tag, attrs = el.tag, el.attrs
        own = _align(attrs) or ("center" if tag == "center" else None)
        here = own or align
        self.centring = here == "center"
        anchor = attrs.get("id") or attrs.get("name") or ""
        out: list[Block]
        if tag in _HEADINGS:
            out = [self.heading(el)]
            anchor = ""  # the id is the heading's own
        elif tag == "p":
            out = self.blocks(el.children, here) if _has_blocks(el) else []
            if not out:
                out = self._paragraph(self.inlines(el.children), here)
        elif tag == "blockquote":
            out = [Quote(tuple(self.blocks(el.children, own)))]
        elif tag in ("ul", "ol"):
            out = [self.list_block(el)]
        elif tag == "dl":
            out = [self.definitions(el)]
        elif tag == "table":
            out = self.table(el)
        elif tag == "details":
            out = self.details(el, here)
        elif tag == "summary":
            out = [Paragraph(trim([Strong(trim(self.inlines(el.children)))]), align=here)]
        elif tag == "figure":
            out = self.figure(el, here)
        elif tag == "hr":
            out = [Rule()]
        elif tag == "pre":
            out = [self.pre(el)]
        else:  # div, center, section, li/dd/td outside their parents…: a container
            out = self.blocks(el.children, here)
        if anchor:
            out = _with_anchor(out, anchor)
        return out

    def heading(self, el: Element) -> Heading:
        children = list(el.children)
        subtitle: Inlines = ()
        tail = [c for c in children if not (isinstance(c, str) and not c.strip())]
        if len(tail) >= 2 and isinstance(tail[-1], Element) and tail[-1].tag == "small":
            small = tail[-1]
            subtitle = trim(self.inlines(small.children))
            children = children[: children.index(small)]
        content = trim(self.inlines(children))
        # (built with its line: the subtitle and centred tables go by the block's identity)
        block = Heading(_HEADINGS[el.tag], content, el.line, id=el.attrs.get("id", "").strip())
        if subtitle:
            self.subtitles[id(block)] = subtitle
        if _align(el.attrs) == "center" or self.centring:
            self.centred.add(id(block))
        return block

    def list_block(self, el: Element) -> ListBlock:
        items: list[tuple[Block, ...]] = []
        loose: list[str | Element | Block] = []
        for child in el.children:
            if isinstance(child, Element) and child.tag == "li":
                if loose and not all(isinstance(x, str) and not x.strip() for x in loose):
                    items.append(tuple(self.blocks(loose, None)))
                loose = []
                items.append(tuple(self.blocks(child.children, _align(child.attrs))))
            else:
                loose.append(child)
        if loose and not all(isinstance(x, str) and not x.strip() for x in loose):
            items.append(tuple(self.blocks(loose, None)))
        start = el.attrs.get("start", "1").strip()
        ordered = el.tag == "ol"
        number = int(start) if ordered and start.isdigit() and len(start) < 10 else 1
        return ListBlock(ordered, tuple(items), number, True)

    def definitions(self, el: Element) -> DefinitionList:
        entries: list[tuple[Inlines, list[tuple[Block, ...]]]] = []
        for child in el.children:
            if isinstance(child, Element) and child.tag == "dt":
                entries.append((trim(self.inlines(child.children)), []))
            elif isinstance(child, Element) and child.tag == "dd":
                if not entries:
                    entries.append(((), []))
                entries[-1][1].append(tuple(self.blocks(child.children, None)))
        return DefinitionList(tuple(Definition(t, tuple(d)) for t, d in entries))

    def details(self, el: Element, align: Align) -> list[Block]:
        """Open, as print shows it: the summary in bold, then the content."""
        out: list[Block] = []
        rest: list[str | Element | Block] = []
        for child in el.children:
            if isinstance(child, Element) and child.tag == "summary" and not out:
                out.append(Paragraph((Strong(trim(self.inlines(child.children))),), align=align))
            else:
                rest.append(child)
        return out + self.blocks(rest, align)

    def figure(self, el: Element, align: Align) -> list[Block]:
        caption: Inlines = ()
        rest: list[str | Element | Block] = []
        for child in el.children:
            if isinstance(child, Element) and child.tag == "figcaption":
                caption = trim(self.inlines(child.children))
            else:
                rest.append(child)
        inner = self.blocks(rest, align)
        if len(inner) == 1 and isinstance(inner[0], Figure):
            return [Figure(inner[0].image, caption or inner[0].caption)]
        if caption:
            inner.append(Figure(None, caption))
        return inner

    def pre(self, el: Element) -> CodeBlock:
        language = ""
        for node in (el, *[c for c in el.children if isinstance(c, Element)]):
            for cls in node.attrs.get("class", "").split():
                if cls.startswith(("language-", "lang-")):
                    language = cls.split("-", 1)[1]
        text = _raw_text(el).strip("\n")
        return CodeBlock(text, language)

    def table(self, el: Element) -> list[Block]:
        rows: list[tuple[bool, list[Element]]] = []  # (in thead, cells)
        caption: Inlines = ()

        def walk(node: Element, head: bool) -> None:
            for child in node.children:
                if not isinstance(child, Element):
                    continue
                if child.tag == "tr":
                    cells = [c for c in child.children if isinstance(c, Element)]
                    rows.append((head, [c for c in cells if c.tag in ("td", "th")]))
                elif child.tag in ("thead", "tbody", "tfoot"):
                    walk(child, child.tag == "thead")
                elif child.tag == "caption":
                    nonlocal caption
                    caption = trim(self.inlines(child.children))
                elif child.tag in ("td", "th"):  # cells without a row
                    rows.append((head, [child]))

        walk(el, False)
        grid = self._grid(rows)
        first_is_header = bool(rows) and (rows[0][0] or all(c.tag == "th" for c in rows[0][1]))
        header = tuple(grid[0]) if first_is_header and grid else ()
        body = tuple(tuple(r) for r in (grid[1:] if header else grid))
        out: list[Block] = []
        if caption:
            out.append(Paragraph(caption, align="center"))
        if header or body:
            out.append(Table(header, body, ()))
        return out

    def _grid(self, rows: list[tuple[bool, list[Element]]]) -> list[list[Inlines]]:
        """Cells in a rectangular grid; spans flattened to empty cells (with a warning)."""
        grid: list[list[Inlines]] = []
        pending: dict[tuple[int, int], bool] = {}  # (row, col) taken by a rowspan above
        spanned = False
        for r, (_, cells) in enumerate(rows):
            row: list[Inlines] = []
            for cell in cells:
                while pending.pop((r, len(row)), False):
                    row.append(())
                content = self.cell(cell)
                colspan = _span(cell.attrs.get("colspan"))
                rowspan = _span(cell.attrs.get("rowspan"))
                spanned = spanned or colspan > 1 or rowspan > 1
                col = len(row)
                row.append(content)
                row.extend(() for _ in range(colspan - 1))
                for dr in range(1, rowspan):
                    for dc in range(colspan):
                        pending[(r + dr, col + dc)] = True
            while pending.pop((r, len(row)), False):
                row.append(())
            grid.append(row)
        if spanned:
            self.report(
                "warning",
                "table-span",
                "HTML table cells spanning rows or columns are set as single cells "
                "followed by empty ones",
            )
        return grid

    def cell(self, el: Element) -> Inlines:
        """A table cell's content as inlines (its paragraphs on separate lines)."""
        if not _has_blocks(el):
            return trim(self.inlines(el.children))
        out: list[Inline] = []
        for block in self.blocks(el.children, None):
            text = block_inlines(block)
            if text:
                if out:
                    out.append(LineBreak())
                out += text
        return trim(out)


def _at(blocks: list[Block], line: int) -> list[Block]:
    """Blocks made from HTML get the line their element started on."""
    from dataclasses import replace

    return [replace(b, line=line) if not b.line and line else b for b in blocks]


def _span(value: str | None) -> int:
    try:
        return min(max(int((value or "1").strip()), 1), 1000)
    except ValueError:
        return 1


_MARKUP = (str, Element)  # what HTML puts among a container's Markdown blocks


def _is_block(child: str | Element) -> bool:
    return isinstance(child, Element) and child.tag in BLOCKS


def _has_blocks(el: Element) -> bool:
    return any(not isinstance(c, str | Element) or _is_block(c) for c in el.children)


def _aligned(block: Block, align: Align) -> Block:
    if align and isinstance(block, Paragraph) and block.align is None:
        return Paragraph(block.inlines, block.line, align=align)
    return block


def _with_anchor(blocks: list[Block], ident: str) -> list[Block]:
    """An id on a container is a link target at its start."""
    for i, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            blocks[i] = Paragraph((Anchor(ident), *block.inlines), block.line, align=block.align)
            return blocks
        if isinstance(block, Heading) and not block.id:
            blocks[i] = Heading(block.level, block.inlines, block.line, id=ident)
            return blocks
    return [Paragraph((Anchor(ident),)), *blocks]


def _raw_text(el: Element) -> str:
    out: list[str] = []
    for child in el.children:
        if isinstance(child, str):
            out.append(child)
        elif isinstance(child, Element):
            out.append("\n" if child.tag == "br" else _raw_text(child))
        elif isinstance(child, CodeBlock):
            out.append(child.text)
        else:
            out.append(inline_text(block_inlines(child)))
    return "".join(out)
