"""What every writer shares: XML escaping, the title block, links, figures and anchor names.

One decision, one place: a link's fate comes from ``links.classify`` (through
``WriteContext.link``), a figure whose image cannot be embedded prints its caption once (or
its alt text when it has no caption), and the title block has one content whatever draws it.
No third-party imports here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..model import Code, Document, Figure, Inline, Inlines, Meta, Text, inline_text
from ..text import XML_ILLEGAL, headline_lines

# ------------------------------------------------------------------ escaping


def clean(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (for text handed to lxml)."""
    return XML_ILLEGAL.sub("", text)


# str.replace, not str.translate: translate looks up every character of CJK text in a dict
# and made escaping most of the DOCX writer's time.
def xml_text(text: str) -> str:
    """``text`` as XML character data (``&``, ``<``, ``>`` escaped, illegal characters gone)."""
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(text: str) -> str:
    """``text`` as the inside of a double-quoted XML attribute value (whitespace kept)."""
    text = xml_text(text).replace('"', "&quot;")
    return text.replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")


def is_official(doc: Document) -> bool:
    """Whether ``doc`` is set as an official document (the pipeline decided: see
    ``pipeline.official_preset``). Here, not in official_layout, so a writer can ask without
    importing the layout (its patterns cost a few ms to compile in every process)."""
    return doc.meta.official is not None


# ------------------------------------------------------------------ title block


@dataclass(frozen=True)
class TitleBlock:
    """The title page's content: headline lines, subtitle, one byline, the date."""

    lines: tuple[str, ...]
    subtitle: str
    credits: tuple[tuple[str, str], ...]  # (role, name)
    date: str

    @property
    def byline(self) -> str:
        """One line as print has it: 记者 吴璇　通讯员 张三 (an ideographic space between)."""
        return "\u3000".join(f"{role} {name}".strip() for role, name in self.credits)


def title_block(meta: Meta, fallback: str = "") -> TitleBlock:
    """The title block of ``meta``; a space between two clauses of a Chinese headline is
    where the headline breaks, so each clause is one line."""
    lines = headline_lines(meta.title) or ([fallback] if fallback else [])
    credits = tuple((a.role.strip(), a.name.strip()) for a in meta.authors if a.name.strip())
    return TitleBlock(tuple(lines), meta.subtitle.strip(), credits, meta.date.strip())


# ------------------------------------------------------------------ splitting inlines


def split_inlines(inlines: Inlines, n: int) -> tuple[Inlines, Inlines]:
    """``inlines`` cut after the first ``n`` characters of their text (as ``inline_text``
    counts them), formatting kept on both sides: a run-in heading is the first sentence."""
    head: list[Inline] = []
    tail: list[Inline] = []
    left = n
    for node in inlines:
        size = len(inline_text((node,)))
        if left <= 0 or (size == 0 and left <= 0):
            tail.append(node)
        elif size <= left:
            head.append(node)
            left -= size
        elif isinstance(node, Text | Code):
            head.append(replace(node, text=node.text[:left]))
            tail.append(replace(node, text=node.text[left:]))
            left = 0
        else:  # a container: split its children
            children: Inlines = node.children  # type: ignore[union-attr]
            first, rest = split_inlines(children, left)
            head.append(replace(node, children=first))  # type: ignore[arg-type]
            tail.append(replace(node, children=rest))  # type: ignore[arg-type]
            left = 0
    return tuple(head), tuple(tail)


# ------------------------------------------------------------------ figures


def figure_text(figure: Figure) -> Inlines:
    """What a figure prints as text when its image is not embedded: the caption (once), or
    the alt text when there is no caption."""
    if figure.caption:
        return figure.caption
    if figure.image is not None and figure.image.alt.strip():
        return (Text(figure.image.alt),)
    return ()


# ------------------------------------------------------------------ anchor names

_NCNAME_START = re.compile(r"^[^\W\d]", re.UNICODE)
_NOT_NAME = re.compile(r"[^\w.\-]", re.UNICODE)


def xml_id(ident: str) -> str:
    """An id valid as an XML name (EPUB checks ids are NCNames) for a model id: kept when it
    is one, else prefixed with ``h-`` (``1-安装`` -> ``h-1-安装``) and cleaned."""
    cleaned = _NOT_NAME.sub("-", ident) or "section"
    return cleaned if _NCNAME_START.match(cleaned) and cleaned == ident else f"h-{cleaned}"
