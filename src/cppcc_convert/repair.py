"""Repairs for text copied out of PDFs and web pages, each a separate, switchable transform.

``whitespace`` works on the text before parsing; ``byline``, ``captions``, ``punctuation`` and
``rejoin`` are Document -> Document functions. Every change is reported as a Diagnostic with
the source line; none removes a character of the user's text other than whitespace (and
XML-illegal control characters, each reported as a warning).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from .markers import (
    is_adoption_note,
    is_date,
    is_doc_number,
    is_issuer,
    is_label_block,
    is_labelled_item,
    is_official_title,
    is_structural,
)
from .model import (
    Author,
    Block,
    Diagnostic,
    Document,
    Emph,
    Figure,
    Inline,
    Inlines,
    Paragraph,
    Strong,
    Text,
    inline_text,
)
from .options import Options
from .punctuation import fix_punctuation, punctuate
from .text import (
    CLOSERS,
    SENTENCE_END,
    XML_ILLEGAL,
    char_name,
    clip,
    has_unclosed,
    is_cjk,
    is_xml_illegal,
)
from .walk import map_block_inlines, merge_text


@dataclass
class RepairContext:
    """The source lines (to count blank lines), the genre (genres.py) and the diagnostics
    the repairs report."""

    lines: Sequence[str]
    file: str | None = None
    title_line: int = 0
    genre: str = "news"
    official_lines: dict[str, int] = field(default_factory=dict)  # 公文 part -> source line
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def report(self, code: str, message: str, line: int | None, level: str = "info") -> None:
        self.diagnostics.append(Diagnostic(level, code, message, line, self.file))  # type: ignore[arg-type]

    def blank_before(self, line: int) -> int:
        """How many blank source lines stand right above 1-based ``line``."""
        n, i = 0, line - 2
        while i >= 0 and not self.lines[i].strip():
            n, i = n + 1, i - 1
        return n

    def last_line(self, line: int) -> int:
        """The last line of the paragraph that starts at 1-based ``line``."""
        i = line
        while i < len(self.lines) and self.lines[i].strip():
            i += 1
        return i


# ------------------------------------------------------------------ whitespace (text level)

_TRAILING_SPACES = re.compile(r"[\u00a0\u3000\u2000-\u200b\u202f\u205f\ufeff]+[ \t]*$")
_LEADING_IDEOGRAPHIC = re.compile(r"^[\u3000\u00a0]+")


# text.XML_ILLEGAL, plus DEL
# and the C1 controls: legal in XML but never text. One regex scan instead of a per-character
# Python loop keeps large documents fast.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _is_control(ch: str) -> bool:
    return _CONTROL.match(ch) is not None


def replace_illegal(text: str, ctx: RepairContext) -> str:
    """With the whitespace repair off, still keep XML-illegal characters out of the model (the
    DOCX/EPUB writers cannot hold them): each becomes U+FFFD, reported as a warning."""
    if not XML_ILLEGAL.search(text):
        return text
    out: list[str] = []
    for number, line in enumerate(text.split("\n"), 1):
        for ch in line:
            if is_xml_illegal(ch):
                ctx.report("control-char", f"replaced {char_name(ch)} by U+FFFD", number, "warning")
        out.append("".join("\ufffd" if is_xml_illegal(ch) else ch for ch in line))
    return "\n".join(out)


def repair_whitespace(text: str, ctx: RepairContext) -> str:
    """Empty whitespace-only lines, drop NBSP/ideographic spaces at line ends (and the
    ideographic-space indents that pasted paragraphs start with: the writers indent), and
    remove control characters XML cannot hold, reporting each change."""
    starts = [m.start() for m in _ODD_CHAR.finditer(text)]  # the lines a change may touch
    starts += [m.start() for m in _BLANKISH.finditer("\n" + text)]  # a line's start in text
    pieces: list[str] = []  # the text between those lines, each line repaired; up to ``done``
    number, at, done = 1, 0, 0  # ``number``: the line number at offset ``at``
    for start in sorted(starts):
        if start < done:
            continue  # a line already repaired
        begin = text.rfind("\n", 0, start) + 1
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        number += text.count("\n", at, begin)
        pieces += (text[done:begin], _whitespace_line(text[begin:end], number, ctx))
        at, done = begin, end
    return "".join([*pieces, text[done:]]) if pieces else text


# What _whitespace_line may change: a control character, white space other than a space or
# a tab (str.isspace), U+200B and U+FEFF (_TRAILING_SPACES), or a line of spaces and tabs.
# Every other line stays as it is. (Two scans: one regex with both is three times slower.)
_ODD_CHAR = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000"
    "\ud800-\udfff\ufeff\ufffe\uffff]"
)
_BLANKISH = re.compile("\n[ \t]+(?=\n|$)")


def _whitespace_line(line: str, number: int, ctx: RepairContext) -> str:
    """One line of ``repair_whitespace``, ``number`` its 1-based line number."""
    if _CONTROL.search(line):
        kept = []
        for ch in line:
            if _is_control(ch):
                ctx.report("control-char", f"removed {char_name(ch)}", number, "warning")
            else:
                kept.append(ch)
        line = "".join(kept)
    if line and not line.strip():
        if line.strip(" \t"):  # NBSP/ideographic spaces: CommonMark would keep them
            ctx.report("whitespace", "emptied a line of non-breaking spaces", number)
        return ""
    stripped = _TRAILING_SPACES.sub("", line)
    stripped = _LEADING_IDEOGRAPHIC.sub("", stripped)
    if stripped != line:
        ctx.report("whitespace", "removed non-breaking spaces at a line end/start", number)
    return stripped


# ------------------------------------------------------------------ byline

# Simplified and Traditional forms (a Big5 file from Taiwan or Hong Kong has 記者 通訊員).
_ROLE = re.compile(
    r"(?:本报|本報|本台|本臺|本刊|本网|本網|新华社|新華社)?(?:特约|特約|实习|實習|见习|見習|首席)?"
    r"(?:记者|記者|通讯员|通訊員|实习生|實習生|编辑|編輯|责任编辑|責任編輯|作者|撰稿|摄影|攝影"
    r"|摄像|攝像)"
    r"|文\s*[/／]\s*图|图\s*[/／]\s*文|文|图"
)
_NAME = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff·]{1,5}")
_BYLINE_MAX = 40


def _parse_byline(text: str) -> list[Author] | None:
    """``记者 吴璇 通讯员 张三 李四`` -> authors; None when the text is not a byline."""
    text = text.strip().strip("()（）【】[]")
    if not text or len(text) > _BYLINE_MAX:
        return None
    authors: list[Author] = []
    role: str | None = None
    for token in re.split(r"[\s、，,]+", text):
        if not token:
            continue
        m = re.fullmatch(rf"({_ROLE.pattern})[：:]?(.*)", token)
        if m and m.group(1):
            role, rest = re.sub(r"\s+", "", m.group(1)), m.group(2)
            if rest:
                if not _NAME.fullmatch(rest):
                    return None
                authors.append(Author(rest, role))
        elif role is not None and _NAME.fullmatch(token):
            authors.append(Author(token, role))
        else:
            return None
    return authors or None


def repair_byline(doc: Document, ctx: RepairContext) -> Document:
    """A short paragraph right after the title naming reporters becomes author metadata
    (news only: under a statute's title stands its adoption note, under a 公文's its
    addressee)."""
    if ctx.genre != "news" or not doc.meta.title or doc.meta.authors or not doc.blocks:
        return doc
    first = doc.blocks[0]
    if not isinstance(first, Paragraph) or not all(isinstance(i, Text) for i in first.inlines):
        return doc
    text = inline_text(first.inlines)
    authors = _parse_byline(text)
    if authors is None:
        return doc
    names = "、".join(f"{a.name}（{a.role}）" for a in authors)
    ctx.report("byline", f"byline {text.strip()!r} moved to the metadata: {names}", first.line)
    return replace(doc, meta=replace(doc.meta, authors=tuple(authors)), blocks=doc.blocks[1:])


# ------------------------------------------------------------------ captions

_CAPTION_MAX = 80
_NOT_CAPTION_END = frozenset("。！？…!?.：:；;，,、")


def repair_captions(doc: Document, ctx: RepairContext) -> Document:
    """A short one-line paragraph with no final punctuation that stands apart (two blank lines
    before it, or last) is the caption of a dropped photo: a figure without its image. News
    only; never a structural line (第…章, 一、, 附件…), a date, a signature, a label：item."""
    if ctx.genre != "news":
        return doc
    blocks = list(doc.blocks)
    for idx, block in enumerate(blocks):
        if not isinstance(block, Paragraph) or (idx == 0 and not doc.meta.title):
            continue
        text = inline_text(block.inlines).strip()
        # the cheap tests first: most paragraphs are long or end a sentence
        body = text.rstrip("".join(CLOSERS))  # 。” ends a sentence just as 。 does
        if not body or len(text) > _CAPTION_MAX or "\n" in text or body[-1] in _NOT_CAPTION_END:
            continue
        if is_structural(text) or is_date(text) or is_issuer(text) or block.align is not None:
            continue
        if is_labelled_item(text):  # 月工作日：…, 责任编辑：…: an item or a credit line
            continue
        if not any(is_cjk(ch) for ch in text) or not _plain(block.inlines):
            continue
        if ctx.last_line(block.line) != block.line:
            continue  # more than one source line: a paragraph, not a caption line
        last = idx == len(blocks) - 1
        if ctx.blank_before(block.line) >= 2 or (last and idx > 0):
            blocks[idx] = Figure(None, block.inlines, block.line)
            ctx.report(
                "caption", f"short line {clip(text)!r} standing apart is a caption", block.line
            )
    return replace(doc, blocks=tuple(blocks))


def _plain(inlines: Inlines) -> bool:
    """Only text and emphasis: a line with code, links or images is no photo caption."""
    return all(
        isinstance(node, Text) or (isinstance(node, Emph | Strong) and _plain(node.children))
        for node in inlines
    )


# ------------------------------------------------------------------ rejoin


def _is_complete(text: str) -> bool:
    """Ends with sentence-final punctuation (possibly inside closing quotes/brackets), or with
    a colon/semicolon that introduces or separates items."""
    body = text.rstrip()
    while body and body[-1] in CLOSERS:
        body = body[:-1]
    # An ASCII full stop ends English sentences; a full-width one (．) some Traditional texts.
    return bool(body) and (body[-1] in SENTENCE_END or body[-1] in "：；.．")


def repair_rejoin(doc: Document, ctx: RepairContext) -> Document:
    """Join a paragraph that a page break split in two: it ends without sentence-final
    punctuation (or leaves a “「《（ open), one blank line separates it from the next, and the
    next is a plain paragraph. Never across other kinds of blocks, nor with a paragraph the
    source aligned (``<p align>``, ``<center>``: a whole element, not half of one)."""
    out: list[Block] = []
    end_of: dict[int, int] = {}  # id of a joined block -> its last source line
    for block in doc.blocks:
        prev = out[-1] if out else None
        if isinstance(block, Paragraph) and isinstance(prev, Paragraph):
            text = inline_text(prev.inlines)
            prev_end = end_of.get(id(prev), ctx.last_line(prev.line))
            blanks = block.line - prev_end - 1
            unfinished = not _is_complete(text) or has_unclosed(text)
            # A byline left in the body (front matter already named the authors) is no
            # unfinished sentence; nor is a title, a date, a signature or an adoption note.
            if blanks == 1 and unfinished and _may_join(prev, text, block):
                joined = _join(prev.inlines, block.inlines)
                new = Paragraph(joined, prev.line)
                end_of[id(new)] = ctx.last_line(block.line)
                out[-1] = new
                ctx.report(
                    "rejoin",
                    f"joined the paragraph split after {clip(text[-12:], 13)!r} "
                    f"with the next one (line {block.line})",
                    prev.line,
                )
                continue
        out.append(block)
    return replace(doc, blocks=tuple(out))


def _may_join(prev: Paragraph, text: str, nxt: Paragraph) -> bool:
    """Whether ``prev`` (its text ``text``) may be glued to ``nxt``: never when ``nxt`` opens
    a structural unit or ``prev`` is a line that stands alone by nature."""
    if prev.align is not None or nxt.align is not None:
        return False
    first, second = text.strip(), inline_text(nxt.inlines).strip()
    if is_structural(second) or is_adoption_note(second):  # （…通过）: a line of its own
        return False
    if is_date(first) or is_issuer(first) or is_adoption_note(first):
        return False
    if is_official_title(first) or is_doc_number(first):  # 关于……的通知, 某发〔2025〕1号
        return False
    if len(first) <= 40 and is_structural(first):  # a title line left as a paragraph
        return False
    if is_labelled_item(first) and (is_labelled_item(second) or is_label_block(first)):
        return False
    if len(prev.inlines) == 1 and isinstance(prev.inlines[0], Strong):  # <summary>: a label
        return False
    return _parse_byline(text) is None


def _join(a: Inlines, b: Inlines) -> Inlines:
    left, right = inline_text(a).rstrip(), inline_text(b).lstrip()
    latin = bool(left) and bool(right) and left[-1].isalnum() and right[0].isalnum()
    joiner: tuple[Inline, ...] = (Text(" "),) if latin and not is_cjk(left[-1]) else ()
    return merge_text(_strip_end(a) + joiner + b)


def _strip_end(inlines: Inlines) -> Inlines:
    if inlines and isinstance(inlines[-1], Text):
        return (*inlines[:-1], Text(inlines[-1].text.rstrip()))
    return inlines


# ------------------------------------------------------------------ punctuation


def repair_punctuation(doc: Document, ctx: RepairContext) -> Document:
    """ASCII , ; : ? ! ( ) next to Chinese characters become full-width (see punctuation.py)."""

    said, file = ctx.diagnostics, ctx.file

    def on_inlines(inlines: Inlines, line: int) -> Inlines:
        fixed, messages = punctuate(inlines)
        if messages:  # ctx.report's diagnostics, made here: one call per paragraph, not mark
            said.extend([Diagnostic("info", "punctuation", m, line, file) for m in messages])
        return fixed

    meta = doc.meta
    title = fix_punctuation(
        (Text(meta.title),), lambda msg: ctx.report("punctuation", msg, ctx.title_line)
    )
    subtitle = fix_punctuation(
        (Text(meta.subtitle),), lambda msg: ctx.report("punctuation", msg, ctx.title_line)
    )
    meta = replace(meta, title=inline_text(title), subtitle=inline_text(subtitle))
    return replace(doc, meta=meta, blocks=map_block_inlines(doc.blocks, on_inlines))


# ------------------------------------------------------------------ pipeline

DocRepair = Callable[[Document, RepairContext], Document]

# The order matters: a byline is found before captions, punctuation is fixed before
# paragraphs are rejoined (so a split after an ASCII comma still reads as unfinished).
DOCUMENT_REPAIRS: tuple[tuple[str, DocRepair], ...] = (
    ("byline", repair_byline),
    ("captions", repair_captions),
    ("punctuation", repair_punctuation),
    ("rejoin", repair_rejoin),
)


def run_repairs(doc: Document, ctx: RepairContext, options: Options) -> Document:
    """Apply every enabled document-level repair in order."""
    for name, repair in DOCUMENT_REPAIRS:
        if options.repair_enabled(name):
            doc = repair(doc, ctx)
    return doc


__all__ = [
    "DOCUMENT_REPAIRS",
    "RepairContext",
    "repair_whitespace",
    "replace_illegal",
    "run_repairs",
]
