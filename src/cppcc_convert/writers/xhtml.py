"""Document -> XHTML, shared by the EPUB writer and the standalone HTML writer.

Output is built as text with strict escaping (faster than an element tree, and every piece of
user text passes through ``escape``/``attr``), and is well-formed XML: polyglot XHTML that an
HTML parser reads the same way. No third-party imports here: the writers add their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import assert_never
from urllib.parse import quote, urlsplit

from ..model import (
    Block,
    Caption,
    Code,
    CodeBlock,
    Emph,
    Heading,
    Image,
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
    Table,
    Text,
    inline_text,
)
from ..text import XML_ILLEGAL, headline_lines

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"

# Characters XML 1.0 forbids: dropped, or the page would not parse at all.
_TEXT_ESC = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR_ESC = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}
)
# Two digits standing alone: not part of a longer number, a decimal (46.1) or a time (9:30).
_TWO_DIGITS = re.compile(r"(?<![0-9.,:])[0-9]{2}(?![0-9]|[.,:][0-9])")
_LANG_CLASS = re.compile(r"[^A-Za-z0-9_+#-]")
_LINK_SCHEMES = frozenset({"http", "https", "mailto", "ftp"})
_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_TRADITIONAL = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")


def clean(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (for text handed to lxml)."""
    return XML_ILLEGAL.sub("", text)


def escape(text: str) -> str:
    """``text`` as XML character data (``&``, ``<``, ``>`` escaped, illegal characters gone)."""
    return XML_ILLEGAL.sub("", text).translate(_TEXT_ESC)


def attr(text: str) -> str:
    """``text`` as the inside of a double-quoted XML attribute value."""
    return XML_ILLEGAL.sub("", text).translate(_ATTR_ESC)


def is_traditional(lang: str) -> bool:
    """Whether a BCP 47 tag names a Traditional-Chinese edition."""
    low = lang.lower()
    return any(low == t or low.startswith(t + "-") for t in _TRADITIONAL)


def load_css(vertical: bool) -> str:
    """The stylesheet (package data), with the vertical-writing rules appended if asked."""
    folder = resources.files(__package__).joinpath("css")
    css = folder.joinpath("book.css").read_text(encoding="utf-8")
    if vertical:
        css += "\n" + folder.joinpath("vertical.css").read_text(encoding="utf-8")
    return css


def iso_date(text: str) -> str:
    """``2024-05-01`` for a date written like ``2024年5月1日`` or ``2024/5/1``; else ``""``."""
    match = _DATE.search(text)
    if not match:
        return ""
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def link_href(url: str, *, allow_relative: bool) -> str | None:
    """A safe, valid href for ``url``, or None when it must not be a link.

    ``javascript:`` and other schemes are refused; relative links only where the target can
    exist (a standalone page, not inside an EPUB container, where epubcheck requires it)."""
    url = url.strip()
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme and scheme not in _LINK_SCHEMES:
        return None
    if not scheme and not allow_relative:
        return None
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


@dataclass(frozen=True)
class TocEntry:
    """A top-level heading: its level, its element id and its text."""

    level: int
    id: str
    title: str


# (src, alt, line) -> a URL the page can load, or None (the alt text is shown instead)
ImageSource = Callable[[str, int], str | None]


@dataclass
class Renderer:
    """Renders blocks to XHTML text; numbers headings (``sec-1``, ``sec-2``…) in reading order.

    State kept across calls (heading numbers, the TOC) lets one renderer serve a whole book
    split into chapters, so ids stay unique and stable."""

    image_source: ImageSource
    allow_relative_links: bool = True
    tcy: bool = False  # vertical writing: wrap two-digit runs in span.tcy
    toc: list[TocEntry] = field(default_factory=list)
    _headings: int = 0

    # ------------------------------------------------------------------ text

    def text(self, text: str) -> str:
        """Escaped user text (two-digit runs upright in vertical writing)."""
        out = escape(text)
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
            case Code(text=t):
                return f"<code>{escape(t)}</code>"
            case Link(children=c, url=url, title=title):
                return self._link(self.inlines(c), url, title)
            case LineBreak():
                return "<br/>"
            case InlineImage(src=src, alt=alt, title=title):
                img = self._image(src, alt, title, 0, css_class="")
                return self._alt(alt) if img is None else img
            case _:
                assert_never(node)

    def _link(self, inner: str, url: str, title: str) -> str:
        href = link_href(url, allow_relative=self.allow_relative_links)
        title_attr = f' title="{attr(title)}"' if title else ""
        if href is None:
            return f'<span class="link"{title_attr}>{inner}</span>'
        return f'<a href="{attr(href)}"{title_attr}>{inner}</a>'

    def _alt(self, alt: str) -> str:
        """What stands for an image that could not be embedded (the loader already warned)."""
        return f'<span class="image-alt">{self.text(alt)}</span>' if alt else ""

    def _image(self, src: str, alt: str, title: str, line: int, *, css_class: str) -> str | None:
        url = self.image_source(src, line)
        if url is None:
            return None
        cls = f' class="{css_class}"' if css_class else ""
        title_attr = f' title="{attr(title)}"' if title else ""
        return f'<img src="{attr(url)}" alt="{attr(alt)}"{title_attr}{cls}/>'

    # ------------------------------------------------------------------ blocks

    def blocks(self, blocks: tuple[Block, ...], depth: int = 0) -> str:
        """Blocks as XHTML; an Image followed by a Caption becomes one figure."""
        out: list[str] = []
        i = 0
        while i < len(blocks):
            block = blocks[i]
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            if isinstance(block, Image) and isinstance(following, Caption):
                out.append(self._figure(block, following))
                i += 2
                continue
            out.append(self._block(block, depth))
            i += 1
        return "".join(out)

    def _block(self, block: Block, depth: int) -> str:
        match block:
            case Heading():
                return self._heading(block, depth)
            case Paragraph(inlines=i):
                return f"<p>{self.inlines(i)}</p>\n"
            case Caption(inlines=i):  # the photo was dropped: the caption stands alone
                return f'<p class="caption">{self.inlines(i)}</p>\n'
            case Quote(blocks=b):
                return f"<blockquote>\n{self.blocks(b, depth + 1)}</blockquote>\n"
            case ListBlock():
                return self._list(block, depth)
            case Table():
                return self._table(block)
            case CodeBlock(text=t, language=lang):
                cls = _LANG_CLASS.sub("", lang)
                cls_attr = f' class="language-{cls}"' if cls else ""
                return f"<pre><code{cls_attr}>{escape(t)}</code></pre>\n"
            case Image():
                return self._figure(block, None)
            case Rule():
                return "<hr/>\n"
            case _:
                assert_never(block)

    def _heading(self, block: Heading, depth: int) -> str:
        self._headings += 1
        ident = f"sec-{self._headings}"
        level = min(max(block.level, 1), 6)
        if depth == 0:
            title = clean(inline_text(block.inlines)).strip()
            self.toc.append(TocEntry(level, ident, title))
        return f'<h{level} id="{ident}">{self.inlines(block.inlines)}</h{level}>\n'

    def _figure(self, image: Image, caption: Caption | None) -> str:
        img = self._image(image.src, image.alt, image.title, image.line, css_class="block")
        if img is None:  # missing image: its alt text, as a paragraph of the figure
            alt = self._alt(image.alt)
            img = f'<p class="caption">{alt}</p>' if alt else ""
        cap = f"<figcaption>{self.inlines(caption.inlines)}</figcaption>" if caption else ""
        if not img and not cap:
            return ""
        return f"<figure>{img}{cap}</figure>\n"

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

    def _table(self, block: Table) -> str:
        def row(cells: tuple[Inlines, ...], tag: str) -> str:
            out = []
            for n, cell in enumerate(cells):
                align = block.align[n] if n < len(block.align) else None
                cls = f' class="align-{align}"' if align else ""
                out.append(f"<{tag}{cls}>{self.inlines(cell)}</{tag}>")
            return f"<tr>{''.join(out)}</tr>\n"

        head = f"<thead>\n{row(block.header, 'th')}</thead>\n" if block.header else ""
        rows = "".join(row(r, "td") for r in block.rows)
        body = f"<tbody>\n{rows}</tbody>\n" if rows else ""
        return f"<table>\n{head}{body}</table>\n"

    # ------------------------------------------------------------------ title page

    def title_block(self, meta: Meta, fallback_title: str) -> str:
        """Title, subtitle, authors with roles and date, as a header section."""
        # A space between two clauses of a Chinese headline is where the headline breaks.
        lines = headline_lines(meta.title) or [fallback_title]
        parts = [f'<h1 class="title">{"<br/>".join(self.text(t) for t in lines)}</h1>']
        if meta.subtitle:
            parts.append(f'<p class="subtitle">{self.text(meta.subtitle)}</p>')
        credits = []  # one byline, as in print: 记者 吴璇, ideographic space, 通讯员 张三
        for author in meta.authors:
            role = f'<span class="role">{self.text(author.role)}</span> ' if author.role else ""
            name = f'<span class="name">{self.text(author.name)}</span>'
            credits.append(f"{role}{name}")
        if credits:
            byline = "\u3000".join(credits)
            parts.append(f'<p class="author">{byline}</p>')
        if meta.date:
            iso = iso_date(meta.date)
            inner = self.text(meta.date)
            if iso:
                inner = f'<time datetime="{iso}">{inner}</time>'
            parts.append(f'<p class="date">{inner}</p>')
        return '<section class="titlepage">\n' + "\n".join(parts) + "\n</section>\n"


def page(
    *,
    title: str,
    lang: str,
    body: str,
    head: str = "",
    xml_declaration: bool = False,
    epub: bool = False,
) -> str:
    """A whole XHTML document (polyglot: also valid HTML5)."""
    ns = f' xmlns:epub="{EPUB_NS}"' if epub else ""
    decl = '<?xml version="1.0" encoding="utf-8"?>\n' if xml_declaration else ""
    lang_attr = attr(lang)
    return (
        f"{decl}<!DOCTYPE html>\n"
        f'<html xmlns="{XHTML_NS}"{ns} lang="{lang_attr}" xml:lang="{lang_attr}">\n'
        f'<head>\n<meta charset="utf-8"/>\n<title>{escape(title)}</title>\n{head}</head>\n'
        f"<body>\n{body}</body>\n</html>\n"
    )
