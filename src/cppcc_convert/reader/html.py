"""Raw HTML inside Markdown -> model nodes, as pandoc and GitHub read it.

Tags are tokenised by the standard library's ``html.parser`` (entities decoded, attributes
parsed, script/style content kept apart); this module builds the element tree (with the usual
implied end tags: a new ``<li>`` closes the last one, a block closes an open ``<p>``) and maps
it into the model. Markdown blocks that sit between the tags of an HTML block (``<div
align="center">``, a blank line, Markdown, ``</div>``) become children of the open element.

Mapping (docs/model.md has the table): inline ``br b strong i em u ins s del strike sub sup
small big kbd code tt samp var span font mark a img``; blocks ``p div center section article
header footer main aside nav address blockquote ul ol li dl dt dd table thead tbody tfoot tr
th td caption details summary figure figcaption h1-h6 hr pre``. ``<center>`` and
``align``/``text-align`` give a paragraph alignment; ``id``/``name`` attributes become
anchors; ``colspan``/``rowspan`` are flattened to empty cells with a warning. Comments are
dropped (info). ``script style iframe object embed form`` and friends never reach any output,
nor do event attributes (``onclick``…): each is a warning. Unknown elements keep their text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..model import (
    Align,
    Anchor,
    Block,
    Code,
    CodeBlock,
    Definition,
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
from ..text import is_cjk
from ..walk import merge_text

Report = Callable[[str, str, str], None]  # (level, code, message)

VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
DROPPED = frozenset(
    [
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "applet",
        "form",
        "input",
        "button",
        "select",
        "textarea",
        "option",
        "optgroup",
        "template",
        "frame",
        "frameset",
        "noembed",
        "link",
        "meta",
        "base",
        "canvas",
        "audio",
        "video",
        "source",
        "track",
        "svg",
        "math",
        "dialog",
        "portal",
    ]
)
BLOCKS = frozenset(
    [
        "p",
        "div",
        "center",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "nav",
        "address",
        "blockquote",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "caption",
        "details",
        "summary",
        "figure",
        "figcaption",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "pre",
    ]
)
_CLOSES_P = BLOCKS - {"li", "dt", "dd", "tr", "th", "td", "thead", "tbody", "tfoot", "caption"}
_IMPLIED: dict[str, frozenset[str]] = {  # a start tag closes an open element of these tags
    "li": frozenset({"li"}),
    "dt": frozenset({"dt", "dd"}),
    "dd": frozenset({"dt", "dd"}),
    "tr": frozenset({"tr", "td", "th"}),
    "td": frozenset({"td", "th"}),
    "th": frozenset({"td", "th"}),
    "thead": frozenset({"tbody", "tfoot", "tr", "td", "th"}),
    "tbody": frozenset({"thead", "tbody", "tfoot", "tr", "td", "th"}),
    "tfoot": frozenset({"thead", "tbody", "tr", "td", "th"}),
}
# An implied end never reaches past these (a <li> inside a nested list closes only its own).
_SCOPES = frozenset({"ul", "ol", "dl", "table", "blockquote", "details", "div", "td", "th"})
_WS = re.compile(r"[ \t\n\r\f]+")
_ALIGN = re.compile(r"text-align\s*:\s*(left|center|right|start|end)", re.I)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}


# ------------------------------------------------------------------ the element tree


@dataclass
class Element:
    """An HTML element being built; children are text, elements and finished model blocks."""

    tag: str
    attrs: dict[str, str]
    children: list[str | Element | Block] = field(default_factory=list)
    line: int = 0
    dropped: bool = False  # script, style…: on the stack (its end tag must match), never kept


class _Tokens(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, {k: v or "" for k, v in attrs}))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.events.append(("end", tag, {}))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag, {}))

    def handle_data(self, data: str) -> None:
        self.events.append(("text", data, {}))

    def handle_comment(self, data: str) -> None:
        self.events.append(("comment", data, {}))

    def unknown_decl(self, data: str) -> None:
        if data.startswith("CDATA["):  # <![CDATA[…]]>: its content is text
            self.events.append(("text", data[6:], {}))
        else:
            self.events.append(("declaration", data, {}))

    def handle_decl(self, decl: str) -> None:
        self.events.append(("declaration", decl, {}))

    def handle_pi(self, data: str) -> None:
        self.events.append(("declaration", data, {}))


def tokens(source: str) -> list[tuple[str, str, dict[str, str]]]:
    """``source`` as (kind, tag or text, attrs) events: start, end, text, comment."""
    parser = _Tokens()
    parser.feed(source)
    parser.close()
    return parser.events


class TreeBuilder:
    """Builds elements from tag events and finished Markdown blocks, in document order."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.root = Element("#root", {})
        self.stack: list[Element] = [self.root]

    @property
    def dropping(self) -> bool:
        """Inside script, style…: nothing is kept."""
        return any(e.dropped for e in self.stack)

    @property
    def open(self) -> bool:
        """Whether an HTML element is still open (Markdown blocks then go inside it)."""
        return len(self.stack) > 1

    def feed(self, source: str, line: int) -> None:
        """Tag events of one HTML block (or inline tag)."""
        for kind, value, attrs in tokens(source):
            if kind == "start":
                self.start(value, attrs, line)
            elif kind == "end":
                self.end(value)
            elif kind == "text":
                if not self.dropping:
                    top = self.stack[-1]
                    # top-level text carries its line in a transparent element of its own
                    top.children.append(
                        value if top is not self.root else Element("#text", {}, [value], line)
                    )
            elif kind == "comment":
                self.report("info", "html-comment", "HTML comment dropped")
            elif kind == "declaration":
                self.report("info", "html-dropped", f"<!{value[:30]}…> declaration dropped")

    def add_block(self, block: Block) -> None:
        """A finished Markdown block inside the open element."""
        if not self.dropping:
            self.stack[-1].children.append(block)

    def start(self, tag: str, attrs: dict[str, str], line: int) -> None:
        dropping = self.dropping
        if not dropping:
            _check_attributes(tag, attrs, self.report)
        if dropping or tag in DROPPED:
            if not dropping:
                self.report("warning", "html-dropped", f"<{tag}> dropped (never output)")
            if tag not in VOID:
                self.stack.append(Element(tag, attrs, line=line, dropped=True))
            return
        self._implied_end(tag)
        element = Element(tag, attrs, line=line)
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def _implied_end(self, tag: str) -> None:
        """Close what a start tag ends implicitly: the outermost matching element below the
        nearest list, table or container boundary (and everything inside it)."""
        closes = _IMPLIED.get(tag, frozenset())
        if tag in _CLOSES_P:
            closes = closes | {"p"}
        if not closes:
            return
        cut = 0
        for i in range(len(self.stack) - 1, 0, -1):
            current = self.stack[i].tag
            if current in closes:
                cut = i
            elif current in _SCOPES:
                break
        if cut:
            del self.stack[cut:]

    def end(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return
        # a stray end tag (</p> with nothing open) is ignored, as browsers do

    def close(self, mapper: Mapper) -> list[Block]:
        """Close every open element; the root's content as blocks."""
        del self.stack[1:]
        return mapper.blocks(self.root.children, None)


def _check_attributes(tag: str, attrs: dict[str, str], report: Report) -> None:
    events = sorted(a for a in attrs if a.lower().startswith("on"))
    if events:
        report("warning", "html-dropped", f"<{tag} {events[0]}=…> event attribute dropped")


# ------------------------------------------------------------------ elements -> model


def _align(attrs: dict[str, str]) -> Align:
    value = attrs.get("align", "").strip().lower()
    match = _ALIGN.search(attrs.get("style", ""))
    if match:
        value = match.group(1).lower()
    value = {"start": "left", "end": "right", "middle": "center"}.get(value, value)
    return value if value in ("left", "center", "right") else None  # type: ignore[return-value]


def collapse(text: str) -> str:
    """HTML whitespace: runs become one space, and a space that was a line break between
    two CJK characters vanishes (the source was wrapped, as in Markdown)."""
    if not _WS.search(text):
        return text
    parts = _WS.split(text)
    seps = _WS.findall(text)
    out = [parts[0]]
    for sep, part in zip(seps, parts[1:], strict=True):
        before, after = (out[-1][-1:] if out[-1] else ""), part[:1]
        out.append("" if ("\n" in sep and is_cjk(before) and is_cjk(after)) else " ")
        out.append(part)
    return "".join(out)


def _trim(inlines: list[Inline]) -> Inlines:
    """Inlines without leading/trailing spaces (block edges) or line breaks."""
    items = list(merge_text(tuple(inlines)))
    while items and isinstance(items[0], LineBreak):
        items.pop(0)
    while items and isinstance(items[-1], LineBreak):
        items.pop()
    if items and isinstance(items[0], Text):
        items[0] = Text(items[0].text.lstrip())
    if items and isinstance(items[-1], Text):
        items[-1] = Text(items[-1].text.rstrip())
    return merge_text(tuple(items))


def _blank(inlines: Inlines) -> bool:
    return all(isinstance(n, Text) and not n.text.strip() for n in inlines)


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
                text = _block_inlines(child)
                if text:
                    out += [LineBreak(), *text, LineBreak()]
        return out

    def inline_element(self, el: Element) -> list[Inline]:
        anchor: list[Inline] = [Anchor(el.attrs["id"])] if el.attrs.get("id") else []
        if el.tag in BLOCKS:  # a block inside inline content: its text on its own line
            kids = list(_trim(self.inlines(el.children)))
            return [*anchor, LineBreak(), *kids, LineBreak()] if kids else anchor
        return anchor + wrap_inline(el.tag, el.attrs, self.inlines(el.children), self.report)

    # -- block context

    def blocks(
        self, children: list[str | Element | Block], align: Align, line: int = 0
    ) -> list[Block]:
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
        content = _trim(inlines)
        if _blank(content):
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
            out = [Paragraph(_trim([Strong(_trim(self.inlines(el.children)))]), align=here)]
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
            subtitle = _trim(self.inlines(small.children))
            children = children[: children.index(small)]
        content = _trim(self.inlines(children))
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
                entries.append((_trim(self.inlines(child.children)), []))
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
                out.append(Paragraph((Strong(_trim(self.inlines(child.children))),), align=align))
            else:
                rest.append(child)
        return out + self.blocks(rest, align)

    def figure(self, el: Element, align: Align) -> list[Block]:
        caption: Inlines = ()
        rest: list[str | Element | Block] = []
        for child in el.children:
            if isinstance(child, Element) and child.tag == "figcaption":
                caption = _trim(self.inlines(child.children))
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
                    caption = _trim(self.inlines(child.children))
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
            return _trim(self.inlines(el.children))
        out: list[Inline] = []
        for block in self.blocks(el.children, None):
            text = _block_inlines(block)
            if text:
                if out:
                    out.append(LineBreak())
                out += text
        return _trim(out)


def _at(blocks: list[Block], line: int) -> list[Block]:
    """Blocks made from HTML get the line their element started on."""
    from dataclasses import replace

    return [replace(b, line=line) if not b.line and line else b for b in blocks]


def _span(value: str | None) -> int:
    try:
        return min(max(int((value or "1").strip()), 1), 1000)
    except ValueError:
        return 1


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


def _block_inlines(block: Block) -> Inlines:
    """The inline text of a simple block (for content squeezed into inline context)."""
    if isinstance(block, Paragraph | Heading):
        return block.inlines
    if isinstance(block, Figure):
        image = (block.image,) if block.image is not None else ()
        return (*image, *block.caption)
    if isinstance(block, CodeBlock):
        return (Code(block.text),)
    return ()


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
            out.append(inline_text(_block_inlines(child)))
    return "".join(out)


def wrap_inline(
    tag: str, attrs: dict[str, str], kids: list[Inline], report: Report
) -> list[Inline]:
    """One inline element (its children already mapped) as model inlines."""
    children = merge_text(tuple(kids))
    match tag:
        case "br":
            return [LineBreak()]
        case "wbr":
            return []
        case "img":
            src = attrs.get("src", "").strip()
            return [InlineImage(src, attrs.get("alt", ""), attrs.get("title", ""))] if src else []
        case "b" | "strong":
            return [Strong(children)] if children else []
        case "i" | "em" | "cite" | "var" | "dfn":
            return [Emph(children)] if children else []
        case "u" | "ins":
            return [Underline(children)] if children else []
        case "s" | "del" | "strike":
            return [Strike(children)] if children else []
        case "sup":
            return [Superscript(children)] if children else []
        case "sub":
            return [Subscript(children)] if children else []
        case "code" | "kbd" | "samp" | "tt":
            text = inline_text(children)
            return [Code(text)] if text else []
        case "a":
            return _anchor_link(attrs, children)
        case "q":
            return [Text("“"), *children, Text("”")]
    return list(children)  # span, font, small, big, mark, abbr, time, unknown…: the text


def _anchor_link(attrs: dict[str, str], children: Inlines) -> list[Inline]:
    out: list[Inline] = []
    name = (attrs.get("name") or "").strip()
    if name and name != attrs.get("id", "").strip():
        out.append(Anchor(name))
    href = attrs.get("href")
    if href is None or not href.strip():
        return out + list(children)
    plain = tuple(unwrap_links(children))
    return [*out, Link(plain, href.strip(), attrs.get("title", ""))] if plain else out


def unwrap_links(inlines: Iterable[Inline]) -> list[Inline]:
    """Inlines with every link replaced by its text: links never nest."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Link):
            out += unwrap_links(node.children)
        elif isinstance(node, Emph | Strong | Strike | Underline | Superscript | Subscript):
            out.append(type(node)(tuple(unwrap_links(node.children))))
        else:
            out.append(node)
    return out
