"""The DOCX package around the body: a lean base package of our own (no python-docx template
with its 900 KB of styles, Mac app.xml and 2013 dates), page setup, the page-number footer,
settings, the font table and the core properties.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

from ..model import Meta
from .docx_fonts import FONT_INFO, Faces
from .docx_styles import BODY_SIZE, doc_defaults_xml
from .docx_xml import NSDECL, XML_HEAD, attr, esc, qn

CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006"

# Page width, height, margins (top, right, bottom, left), in twips.
PAGES: dict[str, tuple[int, int, tuple[int, int, int, int]]] = {
    "A4": (11906, 16838, (1440, 1800, 1440, 1800)),  # Word's Chinese default: 2.54 / 3.17 cm
    "A5": (8391, 11906, (1134, 1134, 1134, 1134)),  # 2 cm
    "Letter": (12240, 15840, (1440, 1800, 1440, 1800)),
}

APP_CT = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
_CONTENT_TYPES = f"""<Types xmlns="{PKG}/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="{CT}.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="{CT}.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="{CT}.settings+xml"/>
<Override PartName="/word/fontTable.xml" ContentType="{CT}.fontTable+xml"/>
<Override PartName="/docProps/app.xml" ContentType="{APP_CT}"/>
</Types>"""

_ROOT_RELS = f"""<Relationships xmlns="{PKG}/relationships">
<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="{RELS}/extended-properties" Target="docProps/app.xml"/>
</Relationships>"""

_DOC_RELS = f"""<Relationships xmlns="{PKG}/relationships">
<Relationship Id="rId1" Type="{RELS}/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="{RELS}/settings" Target="settings.xml"/>
<Relationship Id="rId3" Type="{RELS}/fontTable" Target="fontTable.xml"/>
</Relationships>"""

_APP = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>cppcc-convert</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def sect_pr_xml(page_size: str) -> str:
    """Page size and margins; a document grid without line snapping (LibreOffice renders
    snapped grids differently from Word)."""
    width, height, (top, right, bottom, left) = PAGES[page_size]
    return (
        f'<w:sectPr><w:pgSz w:w="{width}" w:h="{height}"/>'
        f'<w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" '
        'w:header="851" w:footer="992" w:gutter="0"/><w:cols w:space="425"/>'
        '<w:docGrid w:linePitch="312"/></w:sectPr>'
    )


def settings_xml(word_lang: str, *, official: bool = False) -> str:
    """settings.xml: Chinese punctuation compression (none for an official document: each
    mark keeps its cell of the 28-character line), Word 2013+ layout, our language."""
    spacing = "doNotCompress" if official else "compressPunctuation"
    return (
        f"<w:settings {NSDECL}>"
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>'
        + ("<w:evenAndOddHeaders/>" if official else "")
        + f'<w:characterSpacingControl w:val="{spacing}"/>'
        # a justified line ending in a manual break is not stretched across the page
        "<w:compat><w:doNotExpandShiftReturn/>"
        '<w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        f'<w:themeFontLang w:val="en-US" w:eastAsia="{attr(word_lang)}"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
    )


def font_table_xml(faces: dict[str, Faces]) -> str:
    """fontTable.xml: each face we name, with its English name and charset when known, so
    Word and LibreOffice on other systems can find or substitute it."""
    names: dict[str, bool] = {}
    for role, face in faces.items():
        for name in (face.east_asian, face.latin):
            names.setdefault(name, role == "code")
    out = [f"<w:fonts {NSDECL}>"]
    for name, fixed in sorted(names.items()):
        alt, charset = FONT_INFO.get(name, ("", ""))
        out.append(f'<w:font w:name="{attr(name)}">')
        if alt:
            out.append(f'<w:altName w:val="{attr(alt)}"/>')
        if charset:
            out.append(f'<w:charset w:val="{charset}"/>')
        out.append('<w:family w:val="auto"/>')
        out.append(f'<w:pitch w:val="{"fixed" if fixed else "variable"}"/></w:font>')
    out.append("</w:fonts>")
    return "".join(out)


def base_package(
    faces: dict[str, Faces], word_lang: str, page_size: str, *, official: bool = False
) -> bytes:
    """A minimal, complete DOCX with no styles yet (they are merged in like a reference
    document's) and an empty body; for an official document, its page and settings."""
    if official:  # docx_official imported only for one
        from .docx_official import sect_pr_xml as official_sect_pr

        sect_pr = official_sect_pr()
    else:
        sect_pr = sect_pr_xml(page_size)
    size = 32 if official else BODY_SIZE
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _ROOT_RELS,
        "docProps/app.xml": _APP,
        "word/_rels/document.xml.rels": _DOC_RELS,
        "word/document.xml": f"<w:document {NSDECL}><w:body>{sect_pr}</w:body></w:document>",
        "word/styles.xml": f"<w:styles {NSDECL}>{doc_defaults_xml(faces, word_lang, size)}"
        "</w:styles>",
        "word/settings.xml": settings_xml(word_lang, official=official),
        "word/fontTable.xml": font_table_xml(faces),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for name, text in parts.items():
            z.writestr(name, XML_HEAD + text)
    return out.getvalue()


def set_theme_font_lang(settings: Any, word_lang: str) -> None:
    """Point the theme's East Asian fonts at our language (Word's template says ja-JP, and
    CJK text then falls back to a Japanese face)."""
    from docx.oxml.parser import parse_xml

    el = settings.find(qn("w:themeFontLang"))
    if el is None:
        el = parse_xml(f'<w:themeFontLang {NSDECL} w:val="en-US"/>')
        later = [
            *("clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures"),
            *("forceUpgrade", "captions", "readModeInkLockDown", "smartTagType"),
            *("schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol"),
            "listSeparator",
        ]
        successor = next((c for c in settings if c.tag in {qn(f"w:{t}") for t in later}), None)
        if successor is not None:
            successor.addprevious(el)
        else:
            settings.append(el)
    el.set(qn("w:eastAsia"), word_lang)


def footer_xml(style_id: str, *, centre: bool = False) -> str:
    """The footer: "— PAGE —" as Chinese documents number pages (the PDF does the same),
    centred by our Footer style (or by ``centre``)."""
    jc = '<w:jc w:val="center"/>' if centre else ""
    dash = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'
    return (
        f'<w:ftr {NSDECL}><w:p><w:pPr><w:pStyle w:val="{attr(style_id)}"/>{jc}</w:pPr>'
        + dash.format("— ")
        + '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        + dash.format(" —")
        + "</w:p></w:ftr>"
    )


def core_xml(meta: Meta, lang: str, when: datetime) -> str:
    """docProps/core.xml written whole: only what we know, dated ``when``."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    creators = "; ".join(a.name for a in meta.authors if a.name)
    fields = [
        ("dc:title", meta.title),
        ("dc:subject", meta.subtitle),
        ("dc:creator", creators),
        ("dc:description", _description(meta)),
        ("cp:lastModifiedBy", creators),
        ("dc:language", lang),
    ]
    body = "".join(f"<{tag}>{esc(value)}</{tag}>" for tag, value in fields if value)
    return (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"{body}<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def _description(meta: Meta) -> str:
    for key in ("description", "summary", "abstract"):
        value = meta.extra.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""
