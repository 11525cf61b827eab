"""Markdown text -> Document, with markdown-it-py (CommonMark + tables + strikethrough).

Raw HTML is not enabled: tags in the text stay literal text (with a warning), so nothing from
the input ever reaches an output as markup. YAML front matter (title, subtitle, author(s),
date, lang, source) wins over anything inferred; a leading ``#`` heading becomes the title.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from .errors import ConvertError
from .model import (
    Align,
    Author,
    Block,
    Caption,
    Code,
    CodeBlock,
    Diagnostic,
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
)
from .options import Options
from .text import char_name, is_cjk, is_xml_illegal
from .walk import merge_text

_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(\s[^<>]*)?/?>|<!--")


@dataclass
class ReadResult:
    """What the reader hands to the repairs: metadata, blocks and where it came from."""

    meta: Meta
    blocks: tuple[Block, ...]
    lines: list[str]  # the source lines (1-based line n is lines[n - 1])
    diagnostics: list[Diagnostic] = field(default_factory=list)
    title_from_front_matter: bool = False


def _markdown(options: Options) -> MarkdownIt:
    # markdown-it silently drops everything below maxNesting token levels; a list level takes
    # two (list, item), so leave room for our own depth check to fail loudly first.
    nesting = 2 * options.max_nesting + 10
    md = MarkdownIt("commonmark", {"html": False, "maxNesting": nesting})
    md.enable(["table", "strikethrough"])
    md.use(front_matter_plugin)
    return md


class _Parser:
    """Walks markdown-it's flat token stream and builds model blocks."""

    def __init__(self, tokens: Sequence[Token], options: Options, file: str | None) -> None:
        self.tokens = tokens
        self.pos = 0
        self.options = options
        self.file = file
        self.diagnostics: list[Diagnostic] = []
        self.front_matter: str | None = None
        self.front_matter_line = 1

    # ---------------------------------------------------------------- helpers
    def _line(self, token: Token) -> int:
        return token.map[0] + 1 if token.map else 0

    def _warn(self, code: str, message: str, line: int) -> None:
        self.diagnostics.append(Diagnostic("warning", code, message, line, self.file))

    def _check_depth(self, depth: int, line: int) -> None:
        if depth > self.options.max_nesting:
            raise ConvertError(
                f"nesting deeper than {self.options.max_nesting} levels", file=self.file, line=line
            )

    # ---------------------------------------------------------------- blocks
    def blocks(self, close: str | None = None, depth: int = 0) -> list[Block]:
        """Parse blocks until the token of type ``close`` (consumed) or the end."""
        out: list[Block] = []
        while self.pos < len(self.tokens):
            tok = self.tokens[self.pos]
            if close is not None and tok.type == close:
                self.pos += 1
                return out
            out.extend(self.block(tok, depth))
        return out

    def block(self, tok: Token, depth: int) -> list[Block]:
        line = self._line(tok)
        self.pos += 1
        match tok.type:
            case "front_matter":
                self.front_matter = tok.content
                self.front_matter_line = line
                return []
            case "heading_open":
                inlines = self.inline_run()
                self.pos += 1  # heading_close
                return [Heading(int(tok.tag[1]), inlines, line)]
            case "paragraph_open":
                inlines = self.inline_run()
                self.pos += 1  # paragraph_close
                return self.paragraph(inlines, line)
            case "blockquote_open":
                self._check_depth(depth + 1, line)
                return [Quote(tuple(self.blocks("blockquote_close", depth + 1)), line)]
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
                raise ConvertError(
                    f"unexpected Markdown token {tok.type}", file=self.file, line=line
                )

    def paragraph(self, inlines: Inlines, line: int) -> list[Block]:
        # A paragraph that is one image is a figure: the image, then its alt text as caption
        # (as pandoc's implicit_figures does).
        if len(inlines) == 1 and isinstance(inlines[0], InlineImage):
            img = inlines[0]
            figure: list[Block] = [Image(img.src, img.alt, img.title, line)]
            if img.alt.strip():
                figure.append(Caption((Text(img.alt),), line))
            return figure
        return [Paragraph(inlines, line)]

    def list_block(self, tok: Token, depth: int, line: int) -> ListBlock:
        ordered = tok.type == "ordered_list_open"
        start = int(tok.attrGet("start") or 1) if ordered else 1
        close = tok.type.replace("_open", "_close")
        # markdown-it hides the paragraphs of tight lists; a loose list shows them.
        tight = True
        for t in self.tokens[self.pos :]:
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
        cells = 0
        while self.tokens[self.pos].type != "table_close":
            tok = self.tokens[self.pos]
            self.pos += 1
            if tok.type == "tr_open":
                rows.append([])
            elif tok.type in ("th_open", "td_open"):
                cell = self.inline_run()
                self.pos += 1  # th_close / td_close
                cells += 1
                if cells > self.options.max_table_cells:
                    raise ConvertError(
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

    # ---------------------------------------------------------------- inlines
    def inline_run(self) -> Inlines:
        """The children of the ``inline`` token at the cursor (or nothing)."""
        tok = self.tokens[self.pos]
        if tok.type != "inline":
            return ()
        self.pos += 1
        children = tok.children or []
        inlines, _ = self.inlines(children, 0, None, self._line(tok))
        self._report_html(inlines, self._line(tok))
        return merge_text(tuple(inlines))

    def inlines(
        self, toks: list[Token], i: int, close: str | None, line: int
    ) -> tuple[list[Inline], int]:
        out: list[Inline] = []
        while i < len(toks):
            tok = toks[i]
            i += 1
            if close is not None and tok.type == close:
                return out, i
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
                    kids, i = self.inlines(toks, i, tok.type.replace("_open", "_close"), line)
                    out.append(self._wrap(tok, merge_text(tuple(_soft_breaks(kids)))))
                case "image":
                    alt = "".join(c.content for c in tok.children or [])
                    src = str(tok.attrGet("src") or "")
                    out.append(InlineImage(src, alt, str(tok.attrGet("title") or "")))
                case _:
                    raise ConvertError(
                        f"unexpected Markdown inline {tok.type}", file=self.file, line=line
                    )
        return _soft_breaks(out), i

    @staticmethod
    def _wrap(tok: Token, kids: Inlines) -> Inline:
        match tok.type:
            case "em_open":
                return Emph(kids)
            case "strong_open":
                return Strong(kids)
            case "s_open":
                return Strike(kids)
        return Link(kids, str(tok.attrGet("href") or ""), str(tok.attrGet("title") or ""))

    def _report_html(self, inlines: list[Inline], line: int) -> None:
        for node in inlines:
            if isinstance(node, Text) and _HTML_TAG.search(node.text):
                tag = _HTML_TAG.search(node.text)
                assert tag is not None
                self._warn(
                    "raw-html",
                    f"raw HTML {tag.group(0)[:40]!r} is kept as literal text, not markup",
                    line,
                )
                return


def _soft_breaks(nodes: list[Inline]) -> list[Inline]:
    """A soft break between two CJK characters vanishes; elsewhere it is a space."""
    out: list[Inline] = []
    for idx, node in enumerate(nodes):
        if isinstance(node, Text) and node.text == "\n":
            before = _edge_char(nodes[:idx], last=True)
            after = _edge_char(nodes[idx + 1 :], last=False)
            joiner = "" if (is_cjk(before) or is_cjk(after)) else " "
            if before == "" or after == "":
                joiner = ""
            out.append(Text(joiner))
        else:
            out.append(node)
    return out


def _edge_char(nodes: Sequence[Inline], *, last: bool) -> str:
    from .model import inline_text

    text = inline_text(tuple(nodes))
    if not text:
        return ""
    return text[-1] if last else text[0]


def _alignment(tok: Token) -> Align:
    style = str(tok.attrGet("style") or "")
    for value in ("left", "center", "right"):
        if f"text-align:{value}" in style:
            return value  # type: ignore[return-value]
    return None


# -------------------------------------------------------------------- front matter


def _front_matter(source: str, line: int, file: str | None) -> dict[str, Any]:
    import yaml

    try:
        data = yaml.safe_load(source) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = line + 1 + (mark.line if mark is not None else 0)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConvertError(f"bad YAML front matter: {problem}", file=file, line=where) from None
    except (ValueError, RecursionError) as exc:  # 2024-13-45, 5000-digit ints, [[[[...]]]]
        problem = str(exc) if isinstance(exc, ValueError) else "nested too deeply"
        raise ConvertError(f"bad YAML front matter: {problem}", file=file, line=line) from None
    if not isinstance(data, dict):
        raise ConvertError("YAML front matter must be a mapping", file=file, line=line)
    _check_front_matter_size(data, line, file)
    return data


_FRONT_MATTER_MAX_VALUES = 10_000
_FRONT_MATTER_MAX_DEPTH = 32


def _check_front_matter_size(data: Any, line: int, file: str | None) -> None:
    """Refuse alias bombs ("billion laughs") and self-referencing aliases before anything
    walks the values: YAML aliases share nodes, so a few lines can expand exponentially."""
    count, stack = 0, [(data, 0)]
    while stack:
        value, depth = stack.pop()
        count += 1
        if count > _FRONT_MATTER_MAX_VALUES or depth > _FRONT_MATTER_MAX_DEPTH:
            raise ConvertError(
                "YAML front matter too large or nested too deeply (aliases?)", file=file, line=line
            )
        if isinstance(value, dict):
            stack += [(v, depth + 1) for item in value.items() for v in item]
        elif isinstance(value, list | tuple | set | frozenset):
            stack += [(v, depth + 1) for v in value]


def _as_text(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return "" if value is None else str(value)


def _authors(value: Any) -> tuple[Author, ...]:
    items = value if isinstance(value, list) else [value]
    out: list[Author] = []
    for item in items:
        if isinstance(item, dict):
            out.append(Author(_as_text(item.get("name")), _as_text(item.get("role"))))
        elif item:
            out.append(Author(_as_text(item)))
    return tuple(out)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # JSON has no NaN or Infinity (json.dumps would write them anyway)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return _as_text(value)


def _clean_strings(value: Any, bad: list[str]) -> Any:
    """``value`` without characters XML cannot hold, collected in ``bad``: YAML escapes such
    as "\\0" or "\\ud800" bypass the whitespace repair, which sees only the raw text."""
    if isinstance(value, str):
        if any(is_xml_illegal(ch) for ch in value):
            bad += [ch for ch in value if is_xml_illegal(ch)]
            return "".join(ch for ch in value if not is_xml_illegal(ch))
        return value
    if isinstance(value, dict):
        return {_clean_strings(k, bad): _clean_strings(v, bad) for k, v in value.items()}
    if isinstance(value, set | frozenset):  # sorted: a set's order changes from run to run
        return sorted((_clean_strings(v, bad) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [_clean_strings(v, bad) for v in value]
    return value


def _meta_from(fm: dict[str, Any]) -> Meta:
    known = {"title", "subtitle", "author", "authors", "date", "lang", "source"}
    authors = _authors(fm.get("authors", fm.get("author", [])))
    extra = {str(k): _jsonable(v) for k, v in fm.items() if k not in known}
    return Meta(
        title=_as_text(fm.get("title")),
        subtitle=_as_text(fm.get("subtitle")),
        authors=authors,
        date=_as_text(fm.get("date")),
        lang=_as_text(fm.get("lang")) or "zh-CN",
        source=_as_text(fm.get("source")),
        extra=extra,
    )


# -------------------------------------------------------------------- entry point


def read_markdown(text: str, options: Options, file: str | None = None) -> ReadResult:
    """Parse Markdown ``text`` (already decoded, line ends normalised) into blocks + meta."""
    tokens = _markdown(options).parse(text)
    parser = _Parser(tokens, options, file)
    try:
        blocks = parser.blocks()
    except RecursionError:
        raise ConvertError("document nested too deeply", file=file) from None
    fm = (
        _front_matter(parser.front_matter, parser.front_matter_line, file)
        if parser.front_matter is not None
        else {}
    )
    bad: list[str] = []
    meta = _meta_from(_clean_strings(fm, bad))
    if bad:
        names = ", ".join(dict.fromkeys(char_name(ch) for ch in bad))
        message = f"removed {names} from the front matter"
        parser._warn("control-char", message, parser.front_matter_line)
    title_from_fm = bool(meta.title)
    if not meta.title and blocks and isinstance(blocks[0], Heading) and blocks[0].level == 1:
        from dataclasses import replace

        from .model import inline_text

        meta = replace(meta, title=inline_text(blocks[0].inlines).strip())
        blocks = blocks[1:]
    return ReadResult(meta, tuple(blocks), text.split("\n"), parser.diagnostics, title_from_fm)


__all__ = ["ReadResult", "read_markdown"]
