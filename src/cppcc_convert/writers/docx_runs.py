"""Runs of WordprocessingML: character formatting, and the runs of text and code (no
python-docx import here)."""

from __future__ import annotations

from collections.abc import Callable
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


def text_run(text: str, fmt: Fmt) -> str:
    """One run of text; tabs become w:tab, soft line breaks a space."""
    if not text:
        return ""
    body = esc(text.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
    if "\t" in body:
        body = '</w:t><w:tab/><w:t xml:space="preserve">'.join(body.split("\t"))
    return f'<w:r>{fmt.rpr()}<w:t xml:space="preserve">{body}</w:t></w:r>'


def code_runs(text: str) -> str:
    """A code block's lines in one paragraph, separated by line breaks (spaces kept)."""
    lines = clean(text).replace("\r\n", "\n").split("\n")
    parts = []
    for i, line in enumerate(lines):
        if i:
            parts.append("<w:br/>")
        if line:
            body = esc(line)
            if "\t" in body:
                body = '</w:t><w:tab/><w:t xml:space="preserve">'.join(body.split("\t"))
            parts.append(f'<w:t xml:space="preserve">{body}</w:t>')
    return f"<w:r>{''.join(parts)}</w:r>" if parts else ""
