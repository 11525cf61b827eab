"""markdown-it inline tokens -> model inlines, raw HTML tags included.

An inline HTML tag (``<small>``, ``</small>``, ``<br>``) arrives as one token; open tags push a
frame that collects what follows until the matching close tag (or the end of the enclosing
Markdown span, which closes it implicitly), and the frame is then mapped by
``html.wrap_inline``, the same table block-level HTML uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it.token import Token

from ..errors import InputError
from ..model import Code, Emph, Inline, InlineImage, Inlines, LineBreak, Link, Strike, Strong, Text
from ..text import is_cjk
from ..walk import merge_text
from .html import DROPPED, VOID, Report, tokens, unwrap_links, wrap_inline


@dataclass
class _Frame:
    tag: str
    attrs: dict[str, str]
    children: list[Inline] = field(default_factory=list)
    dropped: bool = False


class InlineReader:
    """Converts the children of one ``inline`` token."""

    def __init__(self, report: Report, file: str | None, line: int) -> None:
        self.report = report
        self.file = file
        self.line = line

    def read(self, toks: list[Token]) -> Inlines:
        """The inlines of a block's inline token children."""
        inlines, _ = self._walk(toks, 0, None)
        return merge_text(tuple(inlines))

    def _walk(self, toks: list[Token], i: int, close: str | None) -> tuple[list[Inline], int]:
        frames = [_Frame("#span", {})]
        while i < len(toks):
            tok = toks[i]
            i += 1
            if close is not None and tok.type == close:
                break
            out = frames[-1].children
            match tok.type:
                case "text":
                    out.append(Text(tok.content))
                case "softbreak":
                    out.append(Text("\n"))  # resolved by _soft_breaks below
                case "hardbreak":
                    out.append(LineBreak())
                case "code_inline":
                    out.append(Code(tok.content))
                case "em_open" | "strong_open" | "s_open" | "link_open":
                    kids, i = self._walk(toks, i, tok.type.replace("_open", "_close"))
                    out.append(_wrap(tok, merge_text(tuple(_soft_breaks(kids)))))
                case "image":
                    alt = "".join(c.content for c in tok.children or [])
                    src = str(tok.attrGet("src") or "")
                    out.append(InlineImage(src, alt, str(tok.attrGet("title") or "")))
                case "html_inline":
                    self._html(tok.content, frames)
                case _:
                    raise InputError(
                        f"unexpected Markdown inline {tok.type}", file=self.file, line=self.line
                    )
        while len(frames) > 1:  # tags left open close with the span that holds them
            self._close(frames)
        return _soft_breaks(frames[0].children), i

    def _html(self, source: str, frames: list[_Frame]) -> None:
        for kind, value, attrs in tokens(source):
            dropping = any(f.dropped for f in frames)
            if kind == "comment":
                self.report("info", "html-comment", "HTML comment dropped")
            elif kind == "declaration":
                self.report("info", "html-dropped", f"<!{value[:30]}…> declaration dropped")
            elif kind == "text":
                if not dropping:
                    frames[-1].children.append(Text(value))
            elif kind == "start":
                if not dropping and any(a.lower().startswith("on") for a in attrs):
                    self.report(
                        "warning", "html-dropped", f"<{value} on…=> event attribute dropped"
                    )
                if value in DROPPED and not dropping:
                    self.report("warning", "html-dropped", f"<{value}> dropped (never output)")
                if value in VOID:
                    if not dropping and value not in DROPPED:
                        frames[-1].children += wrap_inline(value, attrs, [], self.report)
                    continue
                frames.append(_Frame(value, attrs, dropped=dropping or value in DROPPED))
            elif kind == "end" and any(f.tag == value for f in frames[1:]):
                while frames[-1].tag != value:
                    self._close(frames)
                self._close(frames)

    def _close(self, frames: list[_Frame]) -> None:
        frame = frames.pop()
        if frame.dropped:
            return
        kids = _soft_breaks(frame.children)
        mapped = wrap_inline(frame.tag, frame.attrs, kids, self.report)
        if "id" in frame.attrs and frame.tag != "a" and frame.attrs["id"].strip():
            from ..model import Anchor

            mapped = [Anchor(frame.attrs["id"].strip()), *mapped]
        frames[-1].children += mapped


def _wrap(tok: Token, kids: Inlines) -> Inline:
    match tok.type:
        case "em_open":
            return Emph(kids)
        case "strong_open":
            return Strong(kids)
        case "s_open":
            return Strike(kids)
    # An autolink inside link text would nest a link in a link: keep the outer one.
    plain = tuple(unwrap_links(kids))
    return Link(plain, str(tok.attrGet("href") or ""), str(tok.attrGet("title") or ""))


def _soft_breaks(nodes: list[Inline]) -> list[Inline]:
    """A soft break between two CJK characters vanishes; elsewhere it is a space. (Linear:
    a hard-wrapped paragraph has a soft break on every line.)"""
    out: list[Inline] = []
    for idx, node in enumerate(nodes):
        if isinstance(node, Text) and node.text == "\n":
            before, after = _edge_char(nodes, idx - 1, -1), _edge_char(nodes, idx + 1, 1)
            joiner = "" if (is_cjk(before) or is_cjk(after)) else " "
            out.append(Text("" if not before or not after else joiner))
        else:
            out.append(node)
    return out


def _edge_char(nodes: list[Inline], start: int, step: int) -> str:
    """The character next to a soft break: the nearest node with text decides."""
    from ..model import inline_text

    i = start
    while 0 <= i < len(nodes):
        text = inline_text((nodes[i],))
        if text:
            return text[-1] if step < 0 else text[0]
        i += step
    return ""
