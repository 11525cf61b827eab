"""Plain text (a ``.txt`` file) -> blocks. Nothing is markup: ``#``, ``*`` and ``<b>`` are
text. Each line is a paragraph, as statutes, novels and reports are kept in text files,
except where the file was hard-wrapped at a fixed width (text pasted from a PDF, a
fixed-width e-text): there a line that reaches the wrap width goes on in the next one,
unless that one is indented or opens an article, a numbered heading or an attachment list.
Blank lines always end a paragraph. Chapter titles and headings are found afterwards, by
``structure`` (a transform of the model).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..markers import is_heading_line, is_structural
from ..model import Block, Inline, Paragraph, Text
from ..text import is_cjk

_INDENT = re.compile(r"^(?:[\u3000\u00a0]+|\t| {2,})")


@dataclass(frozen=True)
class Line:
    """One source line: its 1-based number, its text (indent removed), whether indented."""

    number: int
    text: str
    indented: bool


def width(text: str) -> int:
    """Display width in columns (CJK characters count two: East Asian Width W and F)."""
    if text.isascii():
        return len(text)
    rest = _ASCII_OR_WIDE.sub("", text)  # what the ranges below leave, looked up one by one
    narrow = len(text.encode("ascii", "ignore"))  # the ASCII characters (all one column)
    wide = len(text) - narrow - len(rest)
    return narrow + 2 * wide + sum(2 if _east_asian_width(ch) in "WF" else 1 for ch in rest)


_east_asian_width = unicodedata.east_asian_width
# ASCII, and ranges whose every character is W or F (tests check it against unicodedata):
# CJK punctuation, kana, Han (URO, extension A, compatibility, planes 2 and 3), Hangul
# syllables, full-width forms. One regex pass over a line instead of a lookup per character.
_ASCII_OR_WIDE = re.compile(
    "[\x00-\x7f\u3000-\u303e\u3041-\u3096\u3099-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7a3\uf900-\ufaff\uff01-\uff60\uffe0-\uffe6\U00020000-\U0002fffd"
    "\U00030000-\U0003fffd]+"
)


def _lines(lines: list[str]) -> list[Line | None]:
    """Each source line with its indent noted; None for a blank line."""
    out: list[Line | None] = []
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            out.append(None)
        else:
            out.append(Line(number, raw.strip(), bool(_INDENT.match(raw))))
    return out


_ENDS = frozenset("。！？…!?”’」』")


def wrap_width(lines: list[Line | None]) -> int:
    """The column at which the file was hard-wrapped, or 0 when it was not: most lines end
    close to one width (a PDF's or a fixed-width file's measure), and those full lines end
    anywhere in a sentence (lines of a file kept one paragraph a line end sentences)."""
    kept = [ln for ln in lines if ln is not None and len(ln.text) > 1]
    widths = sorted(width(ln.text) for ln in kept)
    if len(widths) < 8:
        return 0
    top = widths[int(len(widths) * 0.95)]
    full = [ln for ln in kept if width(ln.text) >= 0.85 * top]
    if top > 200 or len(full) < 0.3 * len(widths):
        return 0
    ending = sum(1 for ln in full if ln.text[-1] in _ENDS)
    return 0 if ending > 0.5 * len(full) else top


def _continues(prev: Line, line: Line, wrap: int) -> bool:
    """Whether ``line`` goes on the paragraph ``prev`` ends: it was wrapped there (``prev``
    reaches the wrap width), and ``line`` opens nothing of its own (an indent, an article, a
    heading number, an attachment list)."""
    if not wrap or line.indented:
        return False
    if width(prev.text) < 0.85 * wrap or is_heading_line(prev.text):
        return False  # a chapter title line ends where it ends, whatever its width
    return not is_structural(line.text)


def _join(lines: list[Line]) -> list[Inline]:
    out: list[str] = []
    for ln in lines:
        if out:
            prev = out[-1][-1:]
            if not (is_cjk(prev) or is_cjk(ln.text[:1])):
                out.append(" ")
        out.append(ln.text)
    return [Text("".join(out))]


def read_blocks(source: list[str]) -> list[Block]:
    """The paragraphs of plain text, each with its first line's number: one per line, except
    where the file was hard-wrapped (then wrapped lines are joined again)."""
    lines = _lines(source)
    wrap = wrap_width(lines)
    blocks: list[Block] = []
    current: list[Line] = []

    def flush() -> None:
        if current:
            blocks.append(Paragraph(tuple(_join(current)), current[0].number))
            current.clear()

    for line in lines:
        if line is None:
            flush()
        elif current and _continues(current[-1], line, wrap):
            current.append(line)
        else:
            flush()
            current.append(line)
    flush()
    return blocks
