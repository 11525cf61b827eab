"""Document blocks -> the XML of a WordprocessingML body (no python-docx import here).

Every paragraph names a style id; the only direct formatting is what belongs to the content
itself: a list item's numbering and level, a table column's alignment, a continuation
paragraph's indent inside a list item. Relationships (hyperlinks, images) come from ``Media``,
so this module stays a pure function of the model and can be tested without a package.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Protocol, assert_never

from ..links import LinkTarget
from ..model import (
    Anchor,
    Block,
    Code,
    CodeBlock,
    DefinitionList,
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
from .common import figure_text, title_block
from .docx_chunks import FLUSH, Cut
from .docx_numbering import LEVELS, Numbering, level_indent
from .docx_runs import FORMATS, Fmt, code_runs, text_run
from .docx_xml import Picture, attr, drawing_xml

__all__ = ["BodyWriter", "Env", "Fmt", "Media", "body_xml", "code_runs", "text_run"]


class Media(Protocol):
    """Where hyperlink and image relationships come from (the package, in real use)."""

    def link(self, href: str) -> str:
        """The relationship id of an external hyperlink to a checked ``href``."""
        ...

    def image(self, src: str, line: int | None) -> Picture | None:
        """The embedded image (None: it could not be read; the caller writes the alt text)."""
        ...


@dataclass(frozen=True)
class Env:
    """Where a block sits: list depth (-1 outside lists), inside a quotation or not."""

    ilvl: int = -1
    quote: bool = False


@dataclass
class BodyWriter:
    """Accumulates body XML; ``ids`` maps our style keys to the document's style ids."""

    ids: dict[str, str]
    numbering: Numbering
    media: Media
    text_width: int  # twips, for table grids
    link_of: Callable[[str], LinkTarget]
    next_shape_id: int = 1
    # takes ``out`` (emptying it, docx_chunks.BodyChunks): told where the XML stands
    sink: Callable[[list[str], Cut], None] | None = None
    out: list[str] = field(default_factory=list)
    bookmarks: dict[str, str] = field(default_factory=dict)  # model id -> bookmark name
    # a paragraph given as runs may be cut between them (off: its last paragraph must stay
    # whole in the tree, as an official document's 版记 section changes it)
    cut_runs: bool = True

    def boundary(self, cut: Cut = "element") -> None:
        """Called before each body-level element (``out`` holds whole elements only) and
        before each table row: ``out`` goes to the sink once it has grown."""
        if self.sink is not None and (len(self.out) >= FLUSH or cut == "table-end"):
            self.sink(self.out, cut)

    def para(
        self, key: str, runs: str | Iterable[str], *, numpr: str = "", ind: str = "", jc: str = ""
    ) -> None:
        """One paragraph with style ``key`` (pPr children in schema order); ``runs`` as one
        string, or as its runs, which go to the sink a few thousand at a time (one
        paragraph of a million runs is never one string or one tree)."""
        self.boundary()
        head = f'<w:p><w:pPr><w:pStyle w:val="{attr(self.ids[key])}"/>{numpr}{ind}{jc}</w:pPr>'
        if isinstance(runs, str):
            self.out.append(f"{head}{runs}</w:p>")
            return
        out, sink, cut = self.out, self.sink if self.cut_runs else None, False
        out.append(head)
        for run in runs:
            if sink is not None and len(out) >= FLUSH and run:
                sink(out, "run")  # between two runs: the next piece starts with one
                cut = True
            out.append(run)
        out.append("</w:p>")
        if cut and sink is not None:
            sink(out, "para-end")

    def bookmark_name(self, ident: str) -> str:
        """The bookmark a model id becomes: ``_h1``, ``_h2``… in order of first use (a link
        may come before its target). Hidden (leading ``_``), short and ASCII, as Word wants."""
        name = self.bookmarks.get(ident)
        if name is None:
            name = self.bookmarks[ident] = f"_h{len(self.bookmarks) + 1}"
        return name

    def bookmark(self, ident: str, runs: str = "") -> str:
        """``runs`` wrapped in a bookmark named for ``ident`` (empty runs: a point)."""
        return "".join(self.bookmarked(ident, (runs,)))

    def bookmarked(self, ident: str, runs: Iterable[str]) -> Iterator[str]:
        """``bookmark(ident, ...)`` of some runs, as its pieces."""
        name = self.bookmark_name(ident)
        number = name[2:]
        yield f'<w:bookmarkStart w:id="{number}" w:name="{name}"/>'
        yield from runs
        yield f'<w:bookmarkEnd w:id="{number}"/>'

    def front_matter(self, doc: Document) -> None:
        """Title, subtitle and byline from the metadata."""
        tb = title_block(doc.meta)
        if tb.lines:
            lines = [text_run(line, Fmt()) for line in tb.lines]
            self.para("Title", "<w:r><w:br/></w:r>".join(lines))
        if tb.subtitle:
            self.para("Subtitle", text_run(tb.subtitle, Fmt()))
        if tb.byline:
            self.para("Author", text_run(tb.byline, Fmt()))

    def blocks(self, blocks: tuple[Block, ...], env: Env) -> None:
        """Write blocks in order."""
        for block in blocks:
            self.block(block, env)

    def block(self, block: Block, env: Env) -> None:
        """Write one block."""
        match block:
            case Paragraph(inlines=inlines, align=align):
                self.body_para(self.run_pieces(inlines, Fmt(), block.line), env, align)
            case Heading(level=level, inlines=inlines, id=ident):
                runs = self.run_pieces(inlines, Fmt(), block.line)
                self.para(f"Heading{min(max(level, 1), 6)}", self.bookmarked(ident, runs))
            case Figure():
                self.figure(block)
            case DefinitionList():
                self.definitions(block, env)
            case Quote(blocks=inner):
                self.blocks(inner, replace(env, quote=True))
            case ListBlock():
                self.list_block(block, env)
            case Table():
                self.table(block)
            case CodeBlock(text=text):
                self.para("Code", code_runs(text), ind=self.list_ind(env))
            case Rule():
                self.para("HorizontalRule", "")
            case _:
                assert_never(block)

    def body_para(self, runs: Iterable[str], env: Env, align: str | None = None) -> None:
        """A body paragraph: Body Text, Quote, or an unnumbered paragraph of a list item.
        An alignment the source asked for (``<center>``) is the paragraph's own."""
        jc = f'<w:jc w:val="{align}"/>' if align else ""
        if env.ilvl >= 0:
            self.para("ListParagraph", runs, ind=self.list_ind(env), jc=jc)
            return
        ind = '<w:ind w:firstLineChars="0" w:firstLine="0"/>' if align else ""
        self.para("Quote" if env.quote else "BodyText", runs, ind=ind, jc=jc)

    def figure(self, fig: Figure) -> None:
        """The picture in a Figure paragraph, its caption below; the caption (or alt text)
        alone when the picture cannot be embedded."""
        picture = ""
        if fig.image is not None:
            image = fig.image
            picture = self.picture(
                image.src, image.alt, image.title, fig.line, Fmt(), fallback=False
            )
        if picture:
            self.para("Figure", picture)
        caption = fig.caption if picture else figure_text(fig)
        if caption:
            self.para("Caption", self.run_pieces(caption, Fmt(), fig.line))

    def definitions(self, block: DefinitionList, env: Env) -> None:
        """Each term in Definition Term, its definitions' paragraphs in Definition."""
        for entry in block.items:
            self.para("DefinitionTerm", self.run_pieces(entry.term, Fmt(), block.line))
            for definition in entry.definitions:
                for inner in definition:
                    if isinstance(inner, Paragraph):
                        runs = self.run_pieces(inner.inlines, Fmt(), inner.line)
                        self.para("Definition", runs)
                    else:
                        self.block(inner, env)

    @staticmethod
    def list_ind(env: Env) -> str:
        """Inside a list item, later paragraphs line up with the item's text."""
        if env.ilvl < 0:
            return ""
        return f'<w:ind w:left="{level_indent(env.ilvl)}" w:firstLine="0"/>'

    def list_block(self, block: ListBlock, env: Env) -> None:
        """A list: one numbering instance; each item's first paragraph carries the number."""
        ilvl = min(env.ilvl + 1, LEVELS - 1)
        num_id = self.numbering.new_list(block.ordered, ilvl, block.start)
        numpr = f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
        inner = replace(env, ilvl=ilvl)
        for item in block.items:
            rest: tuple[Block, ...] = item
            if item and isinstance(item[0], Paragraph):
                first = item[0]
                runs = self.run_pieces(first.inlines, Fmt(), first.line)
                self.para("ListParagraph", runs, numpr=numpr)
                rest = item[1:]
            else:  # the item opens with a list, code, ...: the number gets its own line
                self.para("ListParagraph", "", numpr=numpr)
            self.blocks(rest, inner)

    def table(self, table: Table) -> None:
        """A table in the Table style; the header row repeats on every page."""
        if not table.header and not table.rows:
            return  # Word refuses a table without rows, and there is nothing to show
        self.boundary()
        ncols = max([len(table.header), *(len(r) for r in table.rows), 1])
        col = max(self.text_width // ncols, 1)
        out = self.out
        out.append(
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{attr(self.ids["Table"])}"/>'
            '<w:tblW w:w="5000" w:type="pct"/>'
            '<w:tblLook w:val="0620" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>'
        )
        out.append(f'<w:gridCol w:w="{col}"/>' * ncols)
        out.append("</w:tblGrid>")
        if table.header:
            self.row(table.header, table, ncols, col, header=True)
        for row in table.rows:
            self.row(row, table, ncols, col, header=False)
        out.append("</w:tbl>")
        self.boundary("table-end")

    def row(
        self, cells: tuple[Inlines, ...], table: Table, ncols: int, col: int, *, header: bool
    ) -> None:
        """One table row, padded to the full number of columns."""
        self.boundary("row")
        self.out.append("<w:tr><w:trPr><w:tblHeader/></w:trPr>" if header else "<w:tr>")
        style = attr(self.ids["TableText"])
        for i in range(ncols):
            runs = self.runs(cells[i], Fmt(), table.line) if i < len(cells) else ""
            align = table.align[i] if i < len(table.align) else None
            jc = f'<w:jc w:val="{align}"/>' if align in ("center", "right") else ""
            self.out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{col}" w:type="dxa"/></w:tcPr>'
                f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{jc}</w:pPr>{runs}</w:p></w:tc>'
            )
        self.out.append("</w:tr>")

    def runs(self, inlines: Inlines, fmt: Fmt, line: int | None) -> str:
        """The runs of some inlines."""
        return "".join(self.run_pieces(inlines, fmt, line))

    def run_pieces(self, inlines: Inlines, fmt: Fmt, line: int | None) -> Iterator[str]:
        """The runs of some inlines, one string each (formatting nodes only change the runs
        of their children; a hyperlink is one string, its runs inside)."""
        for node in inlines:
            change = FORMATS.get(type(node))
            if change is not None:
                children: Inlines = node.children  # type: ignore[union-attr]
                yield from self.run_pieces(children, change(fmt), line)
            else:
                yield self.inline(node, fmt, line)

    def inline(self, node: Inline, fmt: Fmt, line: int | None) -> str:
        """The runs of one inline."""
        match node:
            case Text(text=text):
                return text_run(text, fmt)
            case Emph(children=children):
                return self.runs(children, replace(fmt, italic=True), line)
            case Strong(children=children):
                return self.runs(children, replace(fmt, bold=True), line)
            case Strike(children=children):
                return self.runs(children, replace(fmt, strike=True), line)
            case Underline(children=children):
                return self.runs(children, replace(fmt, underline=True), line)
            case Superscript(children=children):
                return self.runs(children, replace(fmt, script="superscript"), line)
            case Subscript(children=children):
                return self.runs(children, replace(fmt, script="subscript"), line)
            case Anchor(id=ident):
                return self.bookmark(ident)
            case Code(text=text):
                return text_run(text, replace(fmt, style=self.ids["CodeChar"]))
            case Link(children=children, url=url, title=title):
                return self.link(children, url, title, fmt, line)
            case LineBreak():
                return "<w:r><w:br/></w:r>"
            case InlineImage(src=src, alt=alt, title=title):
                return self.picture(src, alt, title, line, fmt)
            case _:
                assert_never(node)

    def link(self, children: Inlines, url: str, title: str, fmt: Fmt, line: int | None) -> str:
        """A real w:hyperlink: to a bookmark inside the document, or an external
        relationship; text when the link policy says so."""
        target = self.link_of(url)
        if target.kind == "text":
            return self.runs(children, fmt, line)
        inner = self.runs(children, replace(fmt, style=self.ids["Hyperlink"]), line)
        tip = f' w:tooltip="{attr(title)}"' if title else ""
        if target.kind == "internal":
            name = self.bookmark_name(target.anchor)
            return f'<w:hyperlink w:anchor="{name}"{tip} w:history="1">{inner}</w:hyperlink>'
        rid = self.media.link(target.href)
        return f'<w:hyperlink r:id="{rid}"{tip} w:history="1">{inner}</w:hyperlink>'

    def picture(
        self, src: str, alt: str, title: str, line: int | None, fmt: Fmt, *, fallback: bool = True
    ) -> str:
        """An inline drawing, or (``fallback``) the alt text when the image cannot be used."""
        pic = self.media.image(src, line)
        if pic is None:
            return text_run(alt, fmt) if alt and fallback else ""
        shape_id = self.next_shape_id
        self.next_shape_id += 1
        drawing = drawing_xml(pic, shape_id, alt, title)
        return f"<w:r>{fmt.rpr()}<w:drawing>{drawing}</w:drawing></w:r>"


def body_xml(doc: Document, writer: BodyWriter) -> str:
    """The body (without sectPr): front matter, then the blocks; with a ``sink``, what it
    has not taken (the last elements)."""
    writer.front_matter(doc)
    writer.blocks(doc.blocks, Env())
    return "".join(writer.out)
