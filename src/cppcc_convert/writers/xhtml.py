"""Document -> XHTML, shared by the EPUB writer and the standalone HTML writer.

Output is built as text with strict escaping (faster than an element tree, and every piece of
user text passes through ``xml_text``/``xml_attr``), and is well-formed XML: polyglot XHTML
that an HTML parser reads the same way. Links, figures and the title block follow
``writers.common``; headings carry their model id (made a valid XML name), and in-document
links point at it, in whichever file of a book it lands. No third-party imports here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import assert_never

from ..links import LinkTarget
from ..locale import Locale
from ..model import (
    Anchor,
    Block,
    Code,
    CodeBlock,
    DefinitionList,
    Emph,
    Figure,
    Heading,
    Inline,
    InlineImage,
    Inlines,
    LineBreak,
    Link,
    ListBlock,
    Meta,
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
    inline_text,
)
from . import xhtml_table
from .common import clean, figure_text, title_block, xml_attr, xml_id, xml_text

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"

# Two digits standing alone: not part of a longer number, a decimal (46.1) or a time (9:30).
_TWO_DIGITS = re.compile(r"(?<![0-9.,:])[0-9]{2}(?![0-9]|[.,:][0-9])")
_LANG_CLASS = re.compile(r"[^A-Za-z0-9_+#-]")
_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")


def load_css(vertical: bool, official: bool = False) -> str:
    """The stylesheet (package data), with the vertical-writing rules and the official
    document's appended if asked."""
    folder = resources.files(__package__).joinpath("css")
    css = folder.joinpath("book.css").read_text(encoding="utf-8")
    if vertical:
        css += "\n" + folder.joinpath("vertical.css").read_text(encoding="utf-8")
    if official:
        css += "\n" + folder.joinpath("official.css").read_text(encoding="utf-8")
    return css


def body_class(locale: Locale, official: bool = False) -> str:
    """The body's class: the glyph forms (sc, tc, hk) the stylesheet picks fonts by, and
    ``official`` for an official document."""
    glyphs = locale.glyphs.lower()
    return f"{glyphs} official" if official else glyphs


def iso_date(text: str) -> str:
    """``2024-05-01`` for a date written like ``2024年5月1日`` or ``2024/5/1``; else ``""``."""
    match = _DATE.search(text)
    if not match:
        return ""
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


@dataclass(frozen=True)
class TocEntry:
    """A top-level heading: its level, its element id and its text."""

    level: int
    id: str
    title: str


# (src, line) -> a URL the page can load, or None (the caption or alt text is shown instead)
ImageSource = Callable[[str, int], str | None]
LinkOf = Callable[[str], LinkTarget]


def _same_page(ident: str) -> str:
    return "#" + xml_id(ident)


@dataclass
class Renderer:
    """Renders blocks to XHTML text and collects the table of contents.

    ``anchor_href`` turns a model id into an href: ``#id`` on one page, ``c003.xhtml#id`` in
    a book split into chapters. State kept across calls (the TOC) lets one renderer serve a
    whole book."""

    image_source: ImageSource
    link_of: LinkOf
    anchor_href: Callable[[str], str] = _same_page
    tcy: bool = False  # vertical writing: wrap two-digit runs in span.tcy
    toc: list[TocEntry] = field(default_factory=list)
    # an official document: Markdown heading level -> 公文 level (official_layout)
    official_levels: dict[int, int] | None = None

    # ------------------------------------------------------------------ text

    def text(self, text: str) -> str:
        """Escaped user text (two-digit runs upright in vertical writing)."""
        out = xml_text(text)
        if self.tcy:
            out = _TWO_DIGITS.sub(r'<span class="tcy">\g<0></span>', out)
        return out

    def inlines(self, inlines: Inlines) -> str:
        """Inline content as XHTML."""
        return "".join(self._inline(node) for node in inlines)

    def _inline(self, node: Inline) -> str:
        match node:
            case Text(text=t):
                return self.text(t)
            case Emph(children=c):
                return f"<em>{self.inlines(c)}</em>"
            case Strong(children=c):
                return f"<strong>{self.inlines(c)}</strong>"
            case Strike(children=c):
                return f"<del>{self.inlines(c)}</del>"
            case Underline(children=c):
                return f"<u>{self.inlines(c)}</u>"
            case Superscript(children=c):
                return f"<sup>{self.inlines(c)}</sup>"
            case Subscript(children=c):
                return f"<sub>{self.inlines(c)}</sub>"
            case Code(text=t):
                return f"<code>{xml_text(t)}</code>"
            case Link(children=c, url=url, title=title):
                return self._link(self.inlines(c), url, title)
            case LineBreak():
                return "<br/>"
            case InlineImage(src=src, alt=alt, title=title):
                img = self._image(src, alt, title, 0, css_class="")
                return self._alt(alt) if img is None else img
            case Anchor(id=ident):
                return f'<span id="{xml_attr(xml_id(ident))}"></span>'
            case _:
                assert_never(node)

    def _link(self, inner: str, url: str, title: str) -> str:
        target = self.link_of(url)
        title_attr = f' title="{xml_attr(title)}"' if title else ""
        if target.kind == "external":
            return f'<a href="{xml_attr(target.href)}"{title_attr}>{inner}</a>'
        if target.kind == "internal":
            href = self.anchor_href(target.anchor)
            return f'<a href="{xml_attr(href)}"{title_attr}>{inner}</a>'
        return f'<span class="link"{title_attr}>{inner}</span>'

    def _alt(self, alt: str) -> str:
        """What stands for an inline image that could not be embedded (already warned)."""
        return f'<span class="image-alt">{self.text(alt)}</span>' if alt else ""

    def _image(self, src: str, alt: str, title: str, line: int, *, css_class: str) -> str | None:
        url = self.image_source(src, line)
        if url is None:
            return None
        cls = f' class="{css_class}"' if css_class else ""
        title_attr = f' title="{xml_attr(title)}"' if title else ""
        return f'<img src="{xml_attr(url)}" alt="{xml_attr(alt)}"{title_attr}{cls}/>'

    # ------------------------------------------------------------------ blocks

    def blocks(self, blocks: tuple[Block, ...], depth: int = 0) -> str:
        """Blocks as XHTML."""
        return "".join(self._block(block, depth) for block in blocks)

    def block_pieces(self, blocks: tuple[Block, ...], batch: int = 512) -> Iterator[str]:
        """``blocks(blocks)`` as pieces of ``batch`` blocks each, made as they are asked for
        (a book's chapter need not be one string); a paragraph of more than ``batch``
        inlines in pieces of its own, ``batch`` inlines each, and a table of more than
        ``4 * batch`` cells a window of rows of about that many cells at a time."""
        out: list[str] = []
        for block in blocks:
            rows = xhtml_table.window(block, 4 * batch) if isinstance(block, Table) else 0
            long = isinstance(block, Paragraph) and len(block.inlines) > batch
            long_table = isinstance(block, Table) and len(block.rows) > rows
            if out and (long or long_table or len(out) >= batch):
                yield "".join(out)
                out.clear()
            if long and isinstance(block, Paragraph):
                yield from self._long_paragraph(block, batch)
            elif long_table and isinstance(block, Table):
                yield from xhtml_table.pieces(self, block, rows)
            else:
                out.append(self._block(block, 0))
        if out:
            yield "".join(out)

    def _long_paragraph(self, block: Paragraph, batch: int) -> Iterator[str]:
        """``_block(block, 0)`` in pieces, ``batch`` inlines each."""
        inlines, open_tag = block.inlines, f'<p class="align-{block.align}">'
        if not block.align:
            open_tag = "<p>"
            if self.official_levels is not None:
                from .common import split_inlines
                from .official_layout import run_in_length

                if (run_in := run_in_length(block)) is not None:
                    head, inlines = split_inlines(block.inlines, run_in[1])
                    open_tag = f'<p><span class="gw-l{run_in[0]}">{self.inlines(head)}</span>'
        yield open_tag
        for start in range(0, len(inlines), batch):
            yield self.inlines(inlines[start : start + batch])
        yield "</p>\n"

    def _block(self, block: Block, depth: int) -> str:
        match block:
            case Heading():
                return self._heading(block, depth)
            case Paragraph(inlines=i, align=align):
                cls = f' class="align-{align}"' if align else ""
                if self.official_levels is not None and not align and depth == 0:
                    return self._official_paragraph(block)
                return f"<p{cls}>{self.inlines(i)}</p>\n"
            case Figure():
                return self._figure(block)
            case Quote(blocks=b):
                return f"<blockquote>\n{self.blocks(b, depth + 1)}</blockquote>\n"
            case ListBlock():
                return self._list(block, depth)
            case DefinitionList():
                return self._definitions(block, depth)
            case Table():
                return self._table(block)
            case CodeBlock(text=t, language=lang):
                cls = _LANG_CLASS.sub("", lang)
                cls_attr = f' class="language-{cls}"' if cls else ""
                return f"<pre><code{cls_attr}>{xml_text(t)}</code></pre>\n"
            case Rule():
                return "<hr/>\n"
            case _:
                assert_never(block)

    def _official_paragraph(self, block: Paragraph) -> str:
        """A paragraph whose first sentence is a run-in heading gets it in a span of its
        level (一、黑体 （一）楷体 1. 仿宋 bold （1）仿宋)."""
        from .common import split_inlines
        from .official_layout import run_in_length

        run_in = run_in_length(block)
        if run_in is None:
            return f"<p>{self.inlines(block.inlines)}</p>\n"
        level, length = run_in
        head, rest = split_inlines(block.inlines, length)
        return f'<p><span class="gw-l{level}">{self.inlines(head)}</span>{self.inlines(rest)}</p>\n'

    def _heading(self, block: Heading, depth: int) -> str:
        ident = xml_id(block.id) if block.id else ""
        level = min(max(block.level, 1), 6)
        css = ""
        if self.official_levels is not None and depth == 0:
            from .official_layout import heading_level

            official = heading_level(block, self.official_levels)
            level, css = official + 1, f' class="gw-l{official}"'  # h1 is the title
        if depth == 0 and ident:
            title = clean(inline_text(block.inlines)).strip()
            self.toc.append(TocEntry(level, block.id, title))
        id_attr = f' id="{xml_attr(ident)}"' if ident else ""
        return f"<h{level}{id_attr}{css}>{self.inlines(block.inlines)}</h{level}>\n"

    def _figure(self, fig: Figure) -> str:
        img = None
        if fig.image is not None:
            image = fig.image
            img = self._image(image.src, image.alt, image.title, fig.line, css_class="block")
        caption = fig.caption if img is not None else figure_text(fig)
        cap = f"<figcaption>{self.inlines(caption)}</figcaption>" if caption else ""
        if img is None and not cap:
            return ""
        return f"<figure>{img or ''}{cap}</figure>\n"

    def _list(self, block: ListBlock, depth: int) -> str:
        tag = "ol" if block.ordered else "ul"
        start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
        items: list[str] = []
        for item in block.items:
            if block.tight and item and isinstance(item[0], Paragraph):
                # tight items hold their first paragraph's text directly, as Markdown shows it
                body = self.inlines(item[0].inlines) + self.blocks(item[1:], depth + 1)
            else:
                body = self.blocks(item, depth + 1)
            items.append(f"<li>{body}</li>\n")
        return f"<{tag}{start}>\n{''.join(items)}</{tag}>\n"

    def _definitions(self, block: DefinitionList, depth: int) -> str:
        out = ["<dl>\n"]
        for entry in block.items:
            out.append(f"<dt>{self.inlines(entry.term)}</dt>\n")
            out += [f"<dd>{self.blocks(d, depth + 1)}</dd>\n" for d in entry.definitions]
        out.append("</dl>\n")
        return "".join(out)

    def _table(self, block: Table) -> str:
        return xhtml_table.table(self, block)

    # ------------------------------------------------------------------ title page

    def title_block(self, meta: Meta, fallback_title: str) -> str:
        """Title, subtitle, authors with roles and date, as a header section."""
        tb = title_block(meta, fallback_title)
        parts = [f'<h1 class="title">{"<br/>".join(self.text(t) for t in tb.lines)}</h1>']
        if tb.subtitle:
            parts.append(f'<p class="subtitle">{self.text(tb.subtitle)}</p>')
        credits = []  # one byline, as in print: 记者 吴璇, ideographic space, 通讯员 张三
        for role, name in tb.credits:
            role_html = f'<span class="role">{self.text(role)}</span> ' if role else ""
            credits.append(f'{role_html}<span class="name">{self.text(name)}</span>')
        if credits:
            byline = "\u3000".join(credits)
            parts.append(f'<p class="author">{byline}</p>')
        if tb.date:
            iso = iso_date(tb.date)
            inner = self.text(tb.date)
            if iso:
                inner = f'<time datetime="{iso}">{inner}</time>'
            parts.append(f'<p class="date">{inner}</p>')
        return '<section class="titlepage">\n' + "\n".join(parts) + "\n</section>\n"


def page(
    *,
    title: str,
    locale: Locale,
    body: str,
    head: str = "",
    xml_declaration: bool = False,
    epub: bool = False,
    official: bool = False,
) -> str:
    """A whole XHTML document (polyglot: also valid HTML5)."""
    start, end = page_parts(
        title=title,
        locale=locale,
        head=head,
        xml_declaration=xml_declaration,
        epub=epub,
        official=official,
    )
    return start + body + end


def page_parts(
    *,
    title: str,
    locale: Locale,
    head: str = "",
    xml_declaration: bool = False,
    epub: bool = False,
    official: bool = False,
) -> tuple[str, str]:
    """``page``'s text before and after the body."""
    ns = f' xmlns:epub="{EPUB_NS}"' if epub else ""
    decl = '<?xml version="1.0" encoding="utf-8"?>\n' if xml_declaration else ""
    lang_attr = xml_attr(locale.tag)
    start = (
        f"{decl}<!DOCTYPE html>\n"
        f'<html xmlns="{XHTML_NS}"{ns} lang="{lang_attr}" xml:lang="{lang_attr}">\n'
        f'<head>\n<meta charset="utf-8"/>\n<title>{xml_text(title)}</title>\n{head}</head>\n'
        f'<body class="{body_class(locale, official)}">\n'
    )
    return start, "</body>\n</html>\n"
