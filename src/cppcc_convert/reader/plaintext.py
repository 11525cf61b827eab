"""Plain text (a ``.txt`` file) -> blocks. Nothing is markup: ``#``, ``*`` and ``<b>`` are
text. Paragraphs are told apart the way such files mark them: blank lines, or an indent at the
start of a line (two ideographic spaces, as novels and statutes are typeset), and lines that
a PDF or a fixed-width file wrapped are joined again. Chapter titles, statute articles and
report headings are found afterwards, by ``structure`` (a transform of the model).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..model import Block, Inline, LineBreak, Paragraph, Text
from ..text import is_cjk

_INDENT = re.compile(r"^(?:[\u3000\u00a0]+|\t| {2,})")
_SENTENCE_END = frozenset("。！？…!?”’」』）)：:；;")


@dataclass(frozen=True)
class Line:
    """One source line: its 1-based number, its text (indent removed), whether indented."""

    number: int
    text: str
    indented: bool


def width(text: str) -> int:
    """Display width in columns (CJK characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _chunks(lines: list[str]) -> list[list[Line]]:
    """Runs of non-blank lines, split where an indented line starts a new paragraph."""
    chunks: list[list[Line]] = []
    current: list[Line] = []
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            if current:
                chunks.append(current)
            current = []
            continue
        indented = bool(_INDENT.match(raw))
        line = Line(number, raw.strip(), indented)
        if indented and current:
            chunks.append(current)
            current = []
        current.append(line)
    if current:
        chunks.append(current)
    return chunks


def _wrap_width(chunks: list[list[Line]]) -> int:
    """The width most wrapped lines reach: the 90th percentile of lines that are not last in
    their paragraph (0 when nothing looks wrapped)."""
    widths = sorted(width(ln.text) for chunk in chunks for ln in chunk[:-1])
    if len(widths) < 3:
        return 0
    return widths[int(len(widths) * 0.9)]


def _wrapped(chunk: list[Line], wrap: int) -> bool:
    """Whether a multi-line paragraph was wrapped at a fixed width (join it) rather than
    broken line by line on purpose (a poem, an address block: keep the breaks)."""
    if wrap == 0:
        return False
    full = [width(ln.text) >= 0.8 * wrap for ln in chunk[:-1]]
    if not all(full):
        return False
    # a line ending a sentence before the last one means the breaks are the author's
    return not all(ln.text[-1] in _SENTENCE_END for ln in chunk[:-1])


def _join(chunk: list[Line]) -> list[Inline]:
    out: list[str] = []
    for ln in chunk:
        if out:
            prev = out[-1][-1:]
            if not (is_cjk(prev) or is_cjk(ln.text[:1])):
                out.append(" ")
        out.append(ln.text)
    return [Text("".join(out))]


def _broken(chunk: list[Line]) -> list[Inline]:
    inlines: list[Inline] = []
    for ln in chunk:
        if inlines:
            inlines.append(LineBreak())
        inlines.append(Text(ln.text))
    return inlines


def read_blocks(lines: list[str]) -> list[Block]:
    """The paragraphs of plain text, each with its first line's number."""
    chunks = _chunks(lines)
    wrap = _wrap_width(chunks)
    blocks: list[Block] = []
    for chunk in chunks:
        if len(chunk) == 1:
            inlines: list[Inline] = [Text(chunk[0].text)]
        elif _wrapped(chunk, wrap):
            inlines = _join(chunk)
        else:
            inlines = _broken(chunk)
        blocks.append(Paragraph(tuple(inlines), chunk[0].number))
    return blocks
