"""Document -> the WeChat article: one ``<section>``, every element styled inline.

Not the shared XHTML renderer (``xhtml.py``): every element here carries its own ``style``
and none a class or id, links become numbered references, code keeps its layout with
``<br/>`` and no-break spaces (the editor collapses whitespace in ``<pre>``), and a figure's
caption is the editor's small centred line. What every format shares comes from
``writers.common`` (escaping, the title block, the figure fallback) and ``WriteContext.link``
(the link policy). The look is ``wechat_theme``'s; this module only names roles.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import assert_never
from urllib.parse import urlsplit

from ..links import LinkTarget
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
from .common import figure_text, title_block, xml_attr, xml_text

WECHAT_HOSTS = frozenset({"mp.weixin.qq.com"})  # links the editor keeps live
NBSP = "\u00a0"

ImageSource = Callable[[str, int], str | None]  # (src, line) -> data: URI, or None
LinkOf = Callable[[str], LinkTarget]


def is_wechat_link(href: str) -> bool:
    """Whether ``href`` is a WeChat article link (the only links an article may keep)."""
    try:
        parts = urlsplit(href)
        host = (parts.hostname or "").lower()
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and host in WECHAT_HOSTS


_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def readable_url(href: str) -> str:
    """``href`` as a browser's address bar shows it: percent-escapes of letters, digits and
    punctuation outside ASCII decoded (``%E6%94%BF`` -> 政); ASCII escapes (``%20``, ``%2F``)
    and invisible or space characters stay escaped, so the address means the same."""

    def decode(match: re.Match[str]) -> str:
        escaped = match.group()
        try:
            text = bytes.fromhex(escaped.replace("%", "")).decode("utf-8")
        except UnicodeDecodeError:
            return escaped
        if all(ord(ch) > 0x7F and unicodedata.category(ch)[0] in "LMNPS" for ch in text):
            return text
        return escaped

    return _ESCAPES.sub(decode, href)


def code_html(text: str) -> str:
    """Code as the editor keeps it: lines joined by ``<br/>``, spaces (and tabs, as four)
    no-break spaces, so indentation survives a paste."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return "<br/>".join(xml_text(line.replace("\t", "    ")).replace(" ", NBSP) for line in lines)


@dataclass(frozen=True)
class Reference:
    """One entry of the 引用链接 list: its number, the address and the first link's text."""

    number: int
    href: str
    text: str


@dataclass
class ArticleRenderer:
    """Renders a document's blocks with the roles' inline styles, numbering external links."""

    css: dict[str, str]
    link_of: LinkOf
    image_source: ImageSource
    references: list[Reference] = field(default_factory=list)
    _numbers: dict[str, int] = field(default_factory=dict)

    def _style(self, role: str) -> str:
        return f' style="{xml_attr(self.css[role])}"'

    def open(self, tag: str, role: str, extra: str = "") -> str:
        """The start tag of an element in ``role``."""
        return f"<{tag}{self._style(role)}{extra}>"

    def empty(self, tag: str, role: str) -> str:
        """An empty element (``<hr/>``) in ``role``."""
        return f"<{tag}{self._style(role)}/>"

    def element(self, tag: str, role: str, inner: str) -> str:
        """A whole element in ``role``."""
        return f"{self.open(tag, role)}{inner}</{tag}>"

    # ------------------------------------------------------------------ inlines

    def inlines(self, inlines: Inlines) -> str:
        """Inline content."""
        return "".join(self._inline(node) for node in inlines)

    def _inline(self, node: Inline) -> str:
        match node:
            case Text(text=t):
                return xml_text(t)
            case Emph(children=c):
                return self.element("em", "em", self.inlines(c))
            case Strong(children=c):
                return self.element("strong", "strong", self.inlines(c))
            case Strike(children=c):
                return self.element("del", "del", self.inlines(c))
            case Underline(children=c):
                return self.element("u", "u", self.inlines(c))
            case Superscript(children=c):
                return self.element("sup", "sup", self.inlines(c))
            case Subscript(children=c):
                return self.element("sub", "sub", self.inlines(c))
            case Code(text=t):
                return self.element("code", "code", xml_text(t))
            case Link(children=c, url=url):
                return self._link(c, url)
            case LineBreak():
                return "<br/>"
            case InlineImage(src=src, alt=alt):
                img = self._img(src, alt, 0, "img-inline")
                return xml_text(alt) if img is None else img
            case Anchor():
                return ""  # the editor drops ids: nothing can point here
            case _:
                assert_never(node)

    def _link(self, children: Inlines, url: str) -> str:
        """A WeChat link stays a link; any other live link becomes its text and a numbered
        reference; an in-document anchor or a dead link, its text."""
        inner = self.inlines(children)
        target = self.link_of(url)
        if target.kind != "external":
            return inner
        if is_wechat_link(target.href):
            return f'<a href="{xml_attr(target.href)}"{self._style("link")}>{inner}</a>'
        number = self._reference(target.href, inline_text(children))
        return inner + self.element("sup", "ref-mark", f"[{number}]")

    def _reference(self, href: str, text: str) -> int:
        number = self._numbers.get(href)
        if number is None:
            number = self._numbers[href] = len(self.references) + 1
            self.references.append(Reference(number, href, text.strip()))
        return number

    def _img(self, src: str, alt: str, line: int, role: str) -> str | None:
        uri = self.image_source(src, line)
        if uri is None:
            return None
        return f'<img src="{xml_attr(uri)}" alt="{xml_attr(alt)}"{self._style(role)}/>'

    # ------------------------------------------------------------------ blocks

    def blocks(self, blocks: tuple[Block, ...], para: str = "p") -> str:
        """Blocks; ``para`` is the role of a body paragraph here (``p`` at the top level,
        ``p-quote`` in a quotation, ``p-plain`` in lists and definitions)."""
        return "".join(self._block(block, para) for block in blocks)

    def _block(self, block: Block, para: str) -> str:
        match block:
            case Heading(level=level, inlines=i):
                return self._heading(min(max(level, 1), 6), self.inlines(i))
            case Paragraph(inlines=i, align=align):
                return self.element("p", f"p-{align}" if align else para, self.inlines(i)) + "\n"
            case Figure():
                return self._figure(block)
            case Quote(blocks=b):
                inner = self.blocks(b, "p-quote")
                return f"{self.open('blockquote', 'quote')}\n{inner}</blockquote>\n"
            case ListBlock():
                return self._list(block, nested=False)
            case DefinitionList(items=items):
                out = []
                for entry in items:
                    out.append(self.element("p", "term", self.inlines(entry.term)) + "\n")
                    for d in entry.definitions:
                        out.append(f"{self.open('section', 'definition')}\n")
                        out.append(f"{self.blocks(d, 'p-plain')}</section>\n")
                return "".join(out)
            case Table():
                return self._table(block)
            case CodeBlock(text=t):
                code = self.element("code", "pre-code", code_html(t))
                return self.element("pre", "pre", code) + "\n"
            case Rule():
                return self.empty("hr", "rule") + "\n"
            case _:
                assert_never(block)

    def _heading(self, level: int, inner: str) -> str:
        if not inner:
            return ""  # an empty heading would print as an empty coloured label
        if level == 2:  # the section heading: a label on the accent colour, centred
            inner = self.element("span", "h2-inner", inner)
        return self.element(f"h{level}", f"h{level}", inner) + "\n"

    def _figure(self, fig: Figure) -> str:
        img = None
        if fig.image is not None:
            img = self._img(fig.image.src, fig.image.alt, fig.line, "img")
        caption = fig.caption if img is not None else figure_text(fig)
        cap = self.element("figcaption", "caption", self.inlines(caption)) if caption else ""
        if img is None and not cap:
            return ""
        return self.element("figure", "figure", (img or "") + cap) + "\n"

    def _list(self, block: ListBlock, nested: bool) -> str:
        tag = "ol" if block.ordered else "ul"
        start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
        items = []
        for item in block.items:
            rest = item
            head = ""
            if block.tight and item and isinstance(item[0], Paragraph):
                head, rest = self.inlines(item[0].inlines), item[1:]
            body = head + "".join(
                self._list(b, nested=True)
                if isinstance(b, ListBlock)
                else self._block(b, "p-plain")
                for b in rest
            )
            items.append(self.element("li", "li", body) + "\n")
        role = f"{tag}-inner" if nested else tag
        return f"{self.open(tag, role, start)}\n{''.join(items)}</{tag}>\n"

    def _table(self, block: Table) -> str:
        ncols = max([len(block.header), *(len(r) for r in block.rows), 0])
        if ncols == 0:
            return ""

        def row(cells: tuple[Inlines, ...], tag: str) -> str:
            out = []
            for n in range(ncols):
                cell = cells[n] if n < len(cells) else ()
                align = block.align[n] if n < len(block.align) else None
                style = self.css[tag] + (f"; text-align: {align}" if align else "")
                out.append(f'<{tag} style="{xml_attr(style)}">{self.inlines(cell)}</{tag}>')
            return f"<tr>{''.join(out)}</tr>\n"

        head = f"<thead>\n{row(block.header, 'th')}</thead>\n" if block.header else ""
        rows = "".join(row(r, "td") for r in block.rows)
        body = f"<tbody>\n{rows}</tbody>\n" if rows else ""
        table = f"{self.open('table', 'table')}\n{head}{body}</table>"
        return self.element("section", "table-wrap", table) + "\n"

    # ------------------------------------------------------------------ title, references

    def title(self, meta: Meta) -> str:
        """Title, subtitle, byline and date, centred, with a short rule under them; nothing
        for a document without any (the editor has a title field of its own)."""
        tb = title_block(meta)
        parts = []
        if tb.lines:
            parts.append(self.element("h1", "title", "<br/>".join(xml_text(t) for t in tb.lines)))
        if tb.subtitle:
            parts.append(self.element("p", "subtitle", xml_text(tb.subtitle)))
        if tb.byline:
            parts.append(self.element("p", "byline", xml_text(tb.byline)))
        if tb.date:
            parts.append(self.element("p", "byline", xml_text(tb.date)))
        if not parts:
            return ""
        parts.append(self.empty("hr", "title-rule"))
        return "\n".join(parts) + "\n"

    def reference_list(self, label: str) -> str:
        """The 引用链接 list: ``[1] 链接文字：https://…``, one line per address."""
        if not self.references:
            return ""
        lines = [self.element("p", "refs-title", xml_text(label))]
        for ref in self.references:
            shown = readable_url(ref.href)
            named = ref.text and ref.text not in (ref.href, shown)
            text = f"{ref.text}：{shown}" if named else shown
            lines.append(self.element("p", "ref", f"[{ref.number}] {xml_text(text)}"))
        return self.element("section", "refs", "\n" + "\n".join(lines) + "\n") + "\n"
