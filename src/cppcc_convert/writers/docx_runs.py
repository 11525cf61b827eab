"""Runs of WordprocessingML: character formatting, and the runs of text and code (no
python-docx import here)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from ..model import Emph, Strike, Strong, Subscript, Superscript, Underline
from .docx_xml import attr, clean, esc


@dataclass(frozen=True)
class Fmt:
    """Character formatting inherited by nested inlines."""

    style: str | None = None  # character style id (Hyperlink, Code Char)
    bold: bool = False
    italic: bool = False
    strike: bool = False
    underline: bool = False
    script: str = ""  # "superscript" or "subscript"

    def rpr(self) -> str:
        """The run properties (schema order: rStyle, b, i, strike, u, vertAlign)."""
        parts = []
        if self.style:
            parts.append(f'<w:rStyle w:val="{attr(self.style)}"/>')
        if self.bold:
            parts.append("<w:b/><w:bCs/>")
        if self.italic:
            parts.append("<w:i/><w:iCs/>")
        if self.strike:
            parts.append("<w:strike/>")
        if self.underline:
            parts.append('<w:u w:val="single"/>')
        if self.script:
            parts.append(f'<w:vertAlign w:val="{self.script}"/>')
        return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


# the formatting nodes: the formatting of their children's runs
FORMATS: dict[type, Callable[[Fmt], Fmt]] = {
    Emph: lambda fmt: replace(fmt, italic=True),
    Strong: lambda fmt: replace(fmt, bold=True),
    Strike: lambda fmt: replace(fmt, strike=True),
    Underline: lambda fmt: replace(fmt, underline=True),
    Superscript: lambda fmt: replace(fmt, script="superscript"),
    Subscript: lambda fmt: replace(fmt, script="subscript"),
}


# The longest text one w:t holds. libxml2 (python-docx's parser) refuses a text node over
# 10,000,000 bytes ("Text node too long"); 2**20 characters are at most 4 MiB of UTF-8, and
# no text of ordinary size is ever cut, so its runs stay as they were.
MAX_TEXT = 1 << 20


def text_pieces(text: str, limit: int | None = None) -> Iterator[str]:
    """``text`` in pieces of at most ``limit`` characters, never cut before a combining mark,
    a variation selector or a joiner (they belong to the character before them), nor after a
    joiner."""
    limit = MAX_TEXT if limit is None else limit
    start = 0
    while len(text) - start > limit:
        cut = start + limit
        while cut > start + 1 and (_joins_back(text[cut]) or text[cut - 1] in _JOINERS):
            cut -= 1
        yield text[start:cut]
        start = cut
    yield text[start:]


def _joins_back(char: str) -> bool:
    return (
        unicodedata.combining(char) != 0
        or unicodedata.category(char) in ("Mn", "Me", "Mc")
        or "\ufe00" <= char <= "\ufe0f"
        or "\U000e0100" <= char <= "\U000e01ef"
        or char in _JOINERS
    )


_JOINERS = "\u200c\u200d"  # ZWNJ, ZWJ: never at either side of a cut


def _w_t(text: str) -> str:
    """Text as w:t elements: tabs become w:tab."""
    body = esc(text)
    if "\t" in body:
        body = '</w:t><w:tab/><w:t xml:space="preserve">'.join(body.split("\t"))
    return f'<w:t xml:space="preserve">{body}</w:t>'


def text_run(text: str, fmt: Fmt) -> str:
    """One run of text; tabs become w:tab, soft line breaks a space. A text too long for one
    w:t becomes several runs of the same formatting (Word shows them as one)."""
    if not text:
        return ""
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    rpr = fmt.rpr()
    return "".join(f"<w:r>{rpr}{_w_t(piece)}</w:r>" for piece in text_pieces(text))


def code_runs(text: str) -> str:
    """A code block's lines in one paragraph, separated by line breaks (spaces kept)."""
    lines = clean(text).replace("\r\n", "\n").split("\n")
    parts = []
    for i, line in enumerate(lines):
        if i:
            parts.append("<w:br/>")
        if line:
            parts.extend(_w_t(piece) for piece in text_pieces(line))
    return f"<w:r>{''.join(parts)}</w:r>" if parts else ""
