"""The DOCX style sheet: our styles as data, written into (or merged into) styles.xml.

All formatting lives in styles, never on paragraphs, so an editor changes one style and the whole
document follows. Styles are matched to a reference document's by type and name (Word's
built-in names are lower-case in XML, e.g. ``heading 1``; Chinese Word gives them ids such as
``1`` or ``a3``), so every paragraph gets the id the reference uses. Names are listed in
docs/docx-styles.md. Element order inside pPr/rPr follows the WordprocessingML schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .docx_fonts import Faces
from .docx_xml import NSDECL, attr, qn

Kind = Literal["paragraph", "character", "table"]

BODY_SIZE = 24  # half-points: 小四 (12 pt); the first-line indent fallback is 2 × this
FIRST_LINE = f'<w:ind w:firstLineChars="200" w:firstLine="{BODY_SIZE * 20}"/>'
LINE_15 = '<w:spacing w:line="360" w:lineRule="auto"/>'


@dataclass(frozen=True)
class StyleDef:
    """One style: our id (``key``), Word name, type, parents, role and inner pPr/rPr XML."""

    key: str
    name: str
    kind: Kind
    based_on: str | None = None
    next: str | None = None
    role: str | None = None  # font role -> rFonts (none: inherit the font, e.g. Hyperlink)
    ppr: str = ""
    rpr: str = ""  # after rFonts, in schema order
    extra: str = ""  # tblPr / tblStylePr for table styles
    default: bool = False
    priority: int = 99


def sz(half_points: int) -> str:
    """Font size, Latin and complex script, in half-points."""
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


_sz = sz


def _heading(level: int, size: int) -> StyleDef:
    before = 360 if level == 1 else 240
    return StyleDef(
        key=f"Heading{level}",
        name=f"heading {level}",
        kind="paragraph",
        based_on="Normal",
        next="BodyText",
        role="heading",
        ppr=(
            "<w:keepNext/><w:keepLines/>"
            f'<w:spacing w:before="{before}" w:after="120" w:line="300" w:lineRule="auto"/>'
            f'<w:outlineLvl w:val="{level - 1}"/>'
        ),
        rpr="<w:b/><w:bCs/>" + _sz(size),
        priority=9,
    )


_TABLE_BORDERS = (
    "<w:tblBorders>"
    '<w:top w:val="single" w:sz="8" w:space="0" w:color="auto"/>'
    '<w:bottom w:val="single" w:sz="8" w:space="0" w:color="auto"/>'
    '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    "</w:tblBorders>"
)
_CELL_MARGINS = (
    '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
)
_HEADER_ROW = (
    '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
    "<w:tblPr/><w:trPr><w:tblHeader/></w:trPr><w:tcPr><w:tcBorders>"
    '<w:bottom w:val="single" w:sz="8" w:space="0" w:color="auto"/></w:tcBorders>'
    '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/></w:tcPr></w:tblStylePr>'
)

STYLES: tuple[StyleDef, ...] = (
    StyleDef("Normal", "Normal", "paragraph", role="body", default=True, priority=0,
             ppr="<w:widowControl/>", rpr=_sz(BODY_SIZE)),
    StyleDef("DefaultParagraphFont", "Default Paragraph Font", "character", default=True,
             priority=1),
    StyleDef("TableNormal", "Normal Table", "table", default=True, priority=99,
             extra=f'<w:tblPr><w:tblInd w:w="0" w:type="dxa"/>{_CELL_MARGINS}</w:tblPr>'),
    StyleDef("BodyText", "Body Text", "paragraph", "Normal", role="body", priority=1,
             ppr=LINE_15 + FIRST_LINE + '<w:jc w:val="both"/>'),
    StyleDef("Title", "Title", "paragraph", "Normal", "Subtitle", role="title", priority=10,
             ppr='<w:keepNext/><w:spacing w:before="240" w:after="120" w:line="400" '
                 'w:lineRule="auto"/><w:jc w:val="center"/>',
             rpr="<w:b/><w:bCs/>" + _sz(44)),
    StyleDef("Subtitle", "Subtitle", "paragraph", "Normal", "Author", role="subtitle",
             priority=11,
             ppr='<w:keepNext/><w:spacing w:after="120"/><w:jc w:val="center"/>',
             rpr=_sz(32)),
    StyleDef("Author", "Author", "paragraph", "Normal", "BodyText", role="author", priority=12,
             ppr='<w:keepNext/><w:spacing w:after="240"/><w:jc w:val="center"/>',
             rpr=_sz(BODY_SIZE)),
    _heading(1, 32),
    _heading(2, 30),
    _heading(3, 28),
    _heading(4, 24),
    _heading(5, 24),
    _heading(6, 24),
    StyleDef("Figure", "Figure", "paragraph", "Normal", "Caption", role="body", priority=20,
             ppr='<w:keepNext/><w:spacing w:before="120" w:after="60"/><w:jc w:val="center"/>'),
    StyleDef("Caption", "caption", "paragraph", "Normal", "BodyText", role="caption",
             priority=35,
             ppr='<w:spacing w:before="60" w:after="240"/><w:jc w:val="center"/>',
             rpr=_sz(21)),
    StyleDef("Quote", "Quote", "paragraph", "Normal", "BodyText", role="quote", priority=29,
             ppr='<w:spacing w:before="60" w:after="60" w:line="360" w:lineRule="auto"/>'
                 '<w:ind w:left="840" w:right="840" w:firstLineChars="200" '
                 f'w:firstLine="{BODY_SIZE * 20}"/><w:jc w:val="both"/>'),
    StyleDef("ListParagraph", "List Paragraph", "paragraph", "Normal", role="body",
             priority=34, ppr=LINE_15 + '<w:jc w:val="both"/>'),
    StyleDef("Code", "Code", "paragraph", "Normal", role="code", priority=40,
             ppr='<w:keepLines/><w:shd w:val="clear" w:color="auto" w:fill="F5F5F5"/>'
                 '<w:spacing w:before="60" w:after="60"/><w:ind w:left="240" w:right="240"/>'
                 '<w:jc w:val="left"/>',
             rpr="<w:noProof/>" + _sz(20)),
    StyleDef("DefinitionTerm", "Definition Term", "paragraph", "Normal", "Definition",
             role="body", priority=36,
             ppr='<w:keepNext/><w:spacing w:before="120" w:after="0"/><w:jc w:val="left"/>',
             rpr="<w:b/><w:bCs/>"),
    StyleDef("Definition", "Definition", "paragraph", "Normal", "DefinitionTerm", role="body",
             priority=37, ppr=LINE_15 + '<w:ind w:left="480"/><w:jc w:val="both"/>'),
    StyleDef("TableText", "Table Text", "paragraph", "Normal", role="table", priority=41,
             ppr='<w:spacing w:before="30" w:after="30"/><w:jc w:val="left"/>', rpr=_sz(21)),
    StyleDef("HorizontalRule", "Horizontal Rule", "paragraph", "Normal", "BodyText",
             role="body", priority=42,
             ppr='<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/>'
                 '</w:pBdr><w:spacing w:before="120" w:after="240"/>'),
    StyleDef("Footer", "footer", "paragraph", "Normal", role="body", priority=99,
             ppr='<w:jc w:val="center"/>', rpr=_sz(18)),
    StyleDef("Hyperlink", "Hyperlink", "character", "DefaultParagraphFont", priority=99,
             rpr='<w:color w:val="0563C1"/><w:u w:val="single"/>'),
    StyleDef("CodeChar", "Code Char", "character", "DefaultParagraphFont", role="code",
             priority=43, rpr="<w:noProof/>"),
    StyleDef("Table", "Table", "table", "TableNormal", role="table", priority=59,
             ppr='<w:spacing w:before="30" w:after="30"/>', rpr=_sz(21),
             extra=f"<w:tblPr>{_TABLE_BORDERS}{_CELL_MARGINS}</w:tblPr>{_HEADER_ROW}"),
)  # fmt: skip


def rfonts(faces: Faces) -> str:
    """An rFonts element naming both faces, no theme attributes (those would win)."""
    latin, east = attr(faces.latin), attr(faces.east_asian)
    return f'<w:rFonts w:ascii="{latin}" w:eastAsia="{east}" w:hAnsi="{latin}" w:cs="{latin}"/>'


def lang_xml(word_lang: str) -> str:
    """The language of runs: Latin text English, East Asian text the document's language."""
    return f'<w:lang w:val="en-US" w:eastAsia="{attr(word_lang)}" w:bidi="ar-SA"/>'


def doc_defaults_xml(faces: dict[str, Faces], word_lang: str, size: int = BODY_SIZE) -> str:
    """docDefaults for a fresh document: body faces, body size, the document's language.
    (The official preset's grid takes its cell from the default size: 16 pt there.)"""
    return (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'{rfonts(faces["body"])}<w:kern w:val="2"/>{_sz(size)}{lang_xml(word_lang)}'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )


def style_xml(sd: StyleDef, ids: dict[str, str], faces: dict[str, Faces]) -> str:
    """One w:style element, with parents named by the ids the document really uses."""
    out = [f'<w:style w:type="{sd.kind}" w:styleId="{attr(ids[sd.key])}"']
    out.append(' w:default="1">' if sd.default else ">")
    out.append(f'<w:name w:val="{attr(sd.name)}"/>')
    if sd.based_on:
        out.append(f'<w:basedOn w:val="{attr(ids[sd.based_on])}"/>')
    if sd.next:
        out.append(f'<w:next w:val="{attr(ids[sd.next])}"/>')
    out.append(f'<w:uiPriority w:val="{sd.priority}"/><w:qFormat/>')
    if sd.ppr:
        out.append(f"<w:pPr>{sd.ppr}</w:pPr>")
    fonts = rfonts(faces[sd.role]) if sd.role else ""
    if fonts or sd.rpr:
        out.append(f"<w:rPr>{fonts}{sd.rpr}</w:rPr>")
    out.append(sd.extra)
    out.append("</w:style>")
    return "".join(out)


def merge_styles(
    root: Any, faces: dict[str, Faces], styles: tuple[StyleDef, ...] = STYLES
) -> tuple[dict[str, str], set[str]]:
    """Add our styles that ``root`` (a w:styles element) lacks; keep the ones it defines.

    Returns our key -> the style id the document uses for it, and the keys we added.
    """
    from docx.oxml.parser import parse_xml

    existing: dict[tuple[str, str], str] = {}
    taken: set[str] = set()
    has_default: set[str] = set()
    for el in root.iterchildren(qn("w:style")):
        sid, kind = el.get(qn("w:styleId"), ""), el.get(qn("w:type"), "paragraph")
        name_el = el.find(qn("w:name"))
        name = name_el.get(qn("w:val"), "") if name_el is not None else sid
        existing.setdefault((kind, name.lower()), sid)
        taken.add(sid)
        if el.get(qn("w:default")) in ("1", "true", "on"):
            has_default.add(kind)
    ids: dict[str, str] = {}
    missing: list[StyleDef] = []
    added: set[str] = set()
    for sd in styles:
        found = existing.get((sd.kind, sd.name.lower()))
        if found is not None:
            ids[sd.key] = found
            continue
        added.add(sd.key)
        sid, n = sd.key, 1
        while sid in taken:  # a different style already uses our id
            n += 1
            sid = f"{sd.key}{n}"
        taken.add(sid)
        ids[sd.key] = sid
        keep_default = sd.default and sd.kind not in has_default
        missing.append(sd if keep_default or not sd.default else _no_default(sd))
    if missing:
        xml = "".join(style_xml(sd, ids, faces) for sd in missing)
        for el in parse_xml(f"<w:styles {NSDECL}>{xml}</w:styles>"):
            root.append(el)
    return ids, added


def _no_default(sd: StyleDef) -> StyleDef:
    from dataclasses import replace

    return replace(sd, default=False)


def set_default_lang(root: Any, word_lang: str) -> None:
    """Make the document's default East Asian language ``word_lang`` (reference documents
    keep their fonts, but the language belongs to the content)."""
    from docx.oxml.parser import parse_xml

    defaults = root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = parse_xml(f"<w:docDefaults {NSDECL}/>")
        root.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = parse_xml(f"<w:rPrDefault {NSDECL}><w:rPr/></w:rPrDefault>")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = parse_xml(f"<w:rPr {NSDECL}/>")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = parse_xml(f"<w:lang {NSDECL}/>")
        _insert_lang(rpr, lang)
    lang.set(qn("w:eastAsia"), word_lang)


def _insert_lang(rpr: Any, lang: Any) -> None:
    """Put w:lang where the schema wants it: before eastAsianLayout/specVanish/oMath."""
    later = {qn(t) for t in ("w:eastAsianLayout", "w:specVanish", "w:oMath")}
    for i, child in enumerate(rpr):
        if child.tag in later:
            rpr.insert(i, lang)
            return
    rpr.append(lang)
