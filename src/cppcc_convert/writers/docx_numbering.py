"""Real Word numbering for lists: two abstract definitions (bullet, ordered) of nine levels,
and one ``w:num`` per list, so each ordered list restarts at its own start number
(``lvlOverride``/``startOverride``) instead of continuing the previous list.

Ids start above any the document already has (a reference document may bring its own lists).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .docx_xml import NSDECL, qn

LEVELS = 9
INDENT = 480  # twips per level: two characters of body text
_BULLETS = ("•", "◦", "▪")
# Chinese convention: 1.  (1)  1)  then again.
_ORDERED = ("%{n}.", "(%{n})", "%{n})")
# Bullets in a Latin face: in an East Asian face "•" would be drawn full-width.
_BULLET_FONT = '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:hint="default"/>'


def level_indent(ilvl: int) -> int:
    """Left indent (twips) of the text of a list item at ``ilvl``: the number sits two
    characters in, like a paragraph's first line, and the text two characters further."""
    return INDENT * (ilvl + 2)


def _lvl(ilvl: int, ordered: bool) -> str:
    if ordered:
        fmt, text = "decimal", _ORDERED[ilvl % 3].format(n=ilvl + 1)
    else:
        fmt, text = "bullet", _BULLETS[ilvl % 3]
    fonts = "" if ordered else f"<w:rPr>{_BULLET_FONT}</w:rPr>"
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{level_indent(ilvl)}" w:hanging="{INDENT}"/></w:pPr>{fonts}</w:lvl>'
    )


def _abstract(abstract_id: int, ordered: bool) -> str:
    levels = "".join(_lvl(i, ordered) for i in range(LEVELS))
    return (
        f'<w:abstractNum w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>'
    )


@dataclass
class Numbering:
    """Lists met while writing the body; ``xml_parts`` gives what numbering.xml needs."""

    first_abstract: int = 0
    first_num: int = 1
    nums: list[tuple[int, bool, int, int]] = field(default_factory=list)  # id, ordered, lvl, start

    def new_list(self, ordered: bool, ilvl: int, start: int) -> int:
        """A fresh numbering instance for one list; returns its numId."""
        num_id = self.first_num + len(self.nums)
        self.nums.append((num_id, ordered, ilvl, max(0, start)))
        return num_id

    def abstract_xml(self) -> str:
        """The two abstract definitions (bullet, ordered)."""
        return _abstract(self.first_abstract, False) + _abstract(self.first_abstract + 1, True)

    def nums_xml(self) -> str:
        """One w:num per list; ordered lists restart at their start number."""
        out = []
        for num_id, ordered, ilvl, start in self.nums:
            abstract = self.first_abstract + (1 if ordered else 0)
            override = (
                f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
                if ordered
                else ""
            )
            out.append(
                f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>{override}</w:num>'
            )
        return "".join(out)


def numbering_for(root: Any | None) -> Numbering:
    """A Numbering whose ids do not clash with those already in ``root`` (w:numbering)."""
    if root is None:
        return Numbering()
    abstract_ids = [int(x) for x in root.xpath("w:abstractNum/@w:abstractNumId") if x.isdigit()]
    num_ids = [int(x) for x in root.xpath("w:num/@w:numId") if x.isdigit()]
    return Numbering(max(abstract_ids, default=-1) + 1, max(num_ids, default=0) + 1)


def merge_numbering(root: Any, numbering: Numbering) -> None:
    """Insert our definitions: abstractNums after the existing ones, nums after those."""
    from docx.oxml.parser import parse_xml

    wrapper = f"<w:numbering {NSDECL}>{numbering.abstract_xml()}</w:numbering>"
    abstracts = list(parse_xml(wrapper))
    existing = root.findall(qn("w:abstractNum"))
    if existing:
        anchor = existing[-1]
        for el in reversed(abstracts):
            anchor.addnext(el)
    else:
        # abstractNum may only follow numPicBullet elements
        pics = root.findall(qn("w:numPicBullet"))
        index = root.index(pics[-1]) + 1 if pics else 0
        for offset, el in enumerate(abstracts):
            root.insert(index + offset, el)
    nums = list(parse_xml(f"<w:numbering {NSDECL}>{numbering.nums_xml()}</w:numbering>"))
    cleanup = root.find(qn("w:numIdMacAtCleanup"))
    for el in nums:
        if cleanup is not None:
            cleanup.addprevious(el)
        else:
            root.append(el)


def numbering_part_xml(numbering: Numbering) -> str:
    """A whole numbering.xml for a document that has none."""
    return f"<w:numbering {NSDECL}>{numbering.abstract_xml()}{numbering.nums_xml()}</w:numbering>"
