"""Raw HTML's element tree: tag events from the standard library's ``html.parser`` (entities
decoded, attributes parsed, script/style content kept apart) built into elements with the usual
implied end tags (a new ``<li>`` closes the last one, a block closes an open ``<p>``). Markdown
blocks that sit between the tags of an HTML block become children of the open element.
``reader.html_blocks`` maps the finished tree into the model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from ..model import Block

if TYPE_CHECKING:
    from .html_blocks import Mapper

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

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        try:
            return int(super().parse_marked_section(i, report))
        except AssertionError:  # "<![x": Python < 3.13 asserts on an unknown keyword
            end = self.rawdata.find(">", i + 3)
            if end < 0:
                return -1
            self.unknown_decl(self.rawdata[i + 3 : end])  # a declaration up to ">"
            return end + 1

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
        if len(self.stack) == 1 or not self.dropping:  # the root alone drops nothing
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
