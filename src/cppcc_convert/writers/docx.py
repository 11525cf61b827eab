"""DOCX writer: python-docx for the package, our own XML for styles, numbering and body.

Steps, in a fixed order: open the base package (ours, or the user's reference document with
its body cleared, as pandoc's --reference-doc does), merge our styles into whatever styles it
lacks, write the body (serialised a piece at a time, ``docx_chunks``: only its last elements
go into the tree), numbering, footer, core properties, then serialise the parts as
python-docx's save does, the body's pieces spliced into the main part, and zip them once,
dated with the build time, so two runs give the same bytes.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

# python-docx at import, not on the first call: the CLI imports the writers while its
# collector is paused and then freezes what they made; python-docx's ~200 classes belong there.
import docx
from docx.section import Section

from ..dates import build_time
from ..errors import UsageError
from ..model import Document, Official
from ..spool import Spool
from ..ziputil import Content, pack_zip
from . import WriteContext
from .common import is_official
from .docx_body import BodyWriter, body_xml
from .docx_chunks import MARK, BodyChunks, splice
from .docx_fonts import Faces, resolve_fonts
from .docx_media import EMU_PER_TWIP, PackageMedia
from .docx_numbering import Numbering, merge_numbering, numbering_for, numbering_part_xml
from .docx_package import (
    PAGES,
    base_package,
    core_xml,
    footer_xml,
    sect_pr_xml,
    set_theme_font_lang,
)
from .docx_styles import STYLES, StyleDef, merge_styles, set_default_lang
from .docx_xml import NSDECL, PIC, WP, A, R, W, qn


def write(doc: Document, ctx: WriteContext) -> bytes:
    """The document as DOCX bytes."""
    opts = ctx.options
    lang = ctx.locale.word_lang
    official = is_official(doc)
    faces, unknown = resolve_fonts(ctx.locale.script, opts.docx_fonts, official=official)
    for key in unknown:
        ctx.warn("docx-font-role", f"docx_fonts: unknown role {key!r} (ignored)")
    page_size = opts.page_size if opts.page_size in PAGES else "A4"
    if page_size != opts.page_size:
        ctx.warn("page-size", f"unknown page size {opts.page_size!r}; using A4")
    if official and page_size != "A4":
        ctx.warn("page-size", f"an official document is A4 (GB/T 9704), not {page_size}")

    document = _open(opts.reference_docx, faces, lang, page_size, official)
    styles_root = document.styles.element
    ids, added = merge_styles(styles_root, faces, _official_styles() if official else STYLES)
    set_default_lang(styles_root, lang)
    set_theme_font_lang(document.settings.element, lang)

    sect_pr = _clear_body(document, page_size)
    if official:
        _official_page(document, sect_pr, ids["Footer"])
    width, height = _text_box(sect_pr)
    numbering = numbering_for(_numbering_root(document))
    box = (width * EMU_PER_TWIP, height * EMU_PER_TWIP * 9 // 10)  # room for a caption
    media = PackageMedia(document.part, ctx, box)
    chunks = BodyChunks()
    writer = BodyWriter(ids, numbering, media, width, ctx.link, _first_shape_id(document), chunks)
    if official:
        document = _official_body(document, doc, writer)
    else:
        document = _insert_body(document, body_xml(doc, writer))
    if numbering.nums:
        _write_numbering(document, numbering)
    if not official:
        _ensure_footer(document, ids["Footer"], centre="Footer" not in added)
    when = build_time(doc, opts)
    _core_properties_part(document)._element = _parse(core_xml(doc.meta, ctx.locale.tag, when))
    return _package_bytes(document, when, chunks.chunks)


# The official document's modules are imported only for one (docx_official and the
# official layout's patterns cost ~3.5 ms to import in every process).
def _official_styles() -> tuple[StyleDef, ...]:
    from .docx_official import OFFICIAL_STYLES

    return OFFICIAL_STYLES


def _official_body(document: Any, doc: Document, writer: BodyWriter) -> Any:
    """The official body (and its 版记 section) in ``document``: the new ``Document``. The
    official writer takes over ``writer``'s settings."""
    from .docx_official import OfficialBodyWriter, official_body
    from .official_layout import has_record

    official = OfficialBodyWriter(
        writer.ids,
        writer.numbering,
        writer.media,
        writer.text_width,
        writer.link_of,
        next_shape_id=writer.next_shape_id,
        sink=writer.sink,
        # the 版记 section changes the body's last paragraph in the tree: none is cut
        cut_runs=not has_record(doc.meta.official or Official()),
    )
    body, record = official_body(doc, official)
    document = _insert_body(document, body)
    if record:
        _record_section(_final_sect_pr(document), record)
    return document


def _package_bytes(document: Any, when: datetime, body: Spool) -> bytes:
    """The package as a reproducible ZIP: ``document.save``'s steps (python-docx's
    ``OpcPackage.save`` and ``PackageWriter.write``) into a list of entries, packed once;
    ``body``, the serialised body, in the main part where its placeholder is.
    ``save`` deflates every part into a ZIP of its own, which would be read back (inflated)
    and deflated again to date the entries: two passes more (sample x100: ~7 ms)."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    entries = _Entries(document.part.partname.membername, body)
    steps: Any = PackageWriter  # its steps are typed for its own ZIP writer
    steps._write_content_types_stream(entries, package.parts)
    steps._write_pkg_rels(entries, package.rels)
    steps._write_parts(entries, package.parts)
    return pack_zip(entries.items, when, first=("[Content_Types].xml",))


class _Entries:
    """What python-docx's package writer calls on its ZIP writer: the entries, in order
    (the main part, ``main``, as its pieces with the ``body`` in place)."""

    def __init__(self, main: str, body: Spool) -> None:
        self.main, self.body = main, body
        self.items: list[tuple[str, Content]] = []

    def write(self, pack_uri: Any, blob: bytes) -> None:
        name = pack_uri.membername
        self.items.append((name, splice(blob, self.body) if name == self.main else blob))


def _parse(xml: str) -> Any:
    from docx.oxml.parser import parse_xml

    return parse_xml(xml)


def _open(
    reference: Any, faces: dict[str, Faces], lang: str, page_size: str, official: bool
) -> Any:
    """Our base package, or the user's reference document (its thumbnail dropped: it shows
    the template, not this document)."""
    if reference is None:
        return docx.Document(io.BytesIO(base_package(faces, lang, page_size, official=official)))
    try:
        document = docx.Document(str(reference))
    except Exception as exc:  # python-docx raises many kinds for a bad file
        raise UsageError(
            f"reference document {str(reference)!r} cannot be read as DOCX: {exc}"
        ) from exc
    rels = document.part.package.rels
    for rid in [r for r, rel in rels.items() if rel.reltype.endswith("/thumbnail")]:
        rels.pop(rid)
        rels.related_parts.pop(rid, None)
    return document


def _clear_body(document: Any, page_size: str) -> Any:
    """Empty the body but keep its final section properties (page, margins, headers)."""
    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not sect_pr:
            body.remove(child)
    if sect_pr is None:
        sect_pr = _parse(f"<w:body {NSDECL}>{sect_pr_xml(page_size)}</w:body>")[0]
        body.append(sect_pr)
    return sect_pr


def _text_box(sect_pr: Any) -> tuple[int, int]:
    """Text width and height in twips, from the page size and margins."""

    def num(el: Any, name: str, default: int) -> int:
        value = el.get(qn(name)) if el is not None else None
        try:
            return int(float(value)) if value is not None else default
        except ValueError:
            return default

    size, margins = sect_pr.find(qn("w:pgSz")), sect_pr.find(qn("w:pgMar"))
    width = num(size, "w:w", 11906) - num(margins, "w:left", 1800) - num(margins, "w:right", 1800)
    height = num(size, "w:h", 16838) - num(margins, "w:top", 1440) - num(margins, "w:bottom", 1440)
    return max(width, 1440), max(height, 1440)


def _first_shape_id(document: Any) -> int:
    """Drawing ids must be unique in the package: start above any in headers and footers."""
    used = [0]
    for part in document.part.package.iter_parts():
        element = getattr(part, "element", None)
        if element is not None:
            ids = (el.get("id", "") for el in element.iter(qn("wp:docPr")))
            used += [int(i) for i in ids if i.isdigit()]
    return max(used) + 1


NAMESPACES = {"w": W, "r": R, "wp": WP, "a": A, "pic": PIC}  # the prefixes body XML uses


def _insert_body(document: Any, xml: str) -> Any:
    """The document with the body's placeholder and then ``xml`` (its last elements, which
    an official document's 版记 section changes) before the final section properties; the
    new ``Document`` object to go on with.

    The main part is serialised (its body is empty but for the section properties), the
    placeholder and ``xml`` spliced into the text and the whole parsed once. Moving parsed
    elements into the tree instead (lxml ``addprevious``) costs time quadratic in the size of
    each element moved: a table of 24,000 cells took 70 s."""
    from lxml import etree

    part = document.part
    body = part.element.body
    body.set(MARK, "1")  # where the declarations go
    placeholder = etree.SubElement(body, MARK)
    sect_pr = body.find(qn("w:sectPr"))
    if sect_pr is not None:
        sect_pr.addprevious(placeholder)
    text = etree.tostring(part.element, encoding="unicode")
    body.attrib.pop(MARK)
    body.remove(placeholder)
    head, mark, tail = text.partition(f"<{MARK}/>")
    known = part.element.nsmap  # declare on the body only the prefixes the root lacks
    missing = " ".join(
        f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items() if known.get(prefix) != uri
    )
    head = head.replace(f'{MARK}="1"', missing, 1)
    part._element = _parse(head + mark + xml + tail)
    return part.document


def _last_section(document: Any) -> Any:
    """The body's final section (``document.sections[-1]`` runs an XPath over every
    paragraph to find section breaks first: 2.6 ms on sample x100)."""
    return Section(_final_sect_pr(document), document.part)


def _final_sect_pr(document: Any) -> Any:
    """The body's last section properties (a child of the body)."""
    return document.part.element.body.find(qn("w:sectPr"))


def _insert_before(sect_pr: Any, xml: str) -> None:
    """A few elements before ``sect_pr``, moved in one by one (fine for a small part such as
    the 版记; the body itself goes in through ``_insert_body``)."""
    for el in list(_parse(f"<w:body {NSDECL}>{xml}</w:body>")):
        sect_pr.addprevious(el)


def _official_page(document: Any, sect_pr: Any, footer_style: str) -> None:
    """The GB/T 9704 page, grid and odd/even page numbers, on our package or a reference
    document's (whose styles are kept: the preset is the page)."""
    from .docx_official import footer_xml as official_footer_xml
    from .docx_official import sect_pr_xml as official_sect_pr

    ours = _parse(f"<w:body {NSDECL}>{official_sect_pr()}</w:body>")[0]
    for tag in ("w:pgSz", "w:pgMar", "w:cols", "w:docGrid"):
        old, new = sect_pr.find(qn(tag)), ours.find(qn(tag))
        if old is not None:
            old.addprevious(new)
            sect_pr.remove(old)
        else:
            sect_pr.append(new)  # our own package has them all; a reference's lacks few
    settings = document.settings
    settings.odd_and_even_pages_header_footer = True
    spacing = settings.element.find(qn("w:characterSpacingControl"))
    if spacing is not None:
        spacing.set(qn("w:val"), "doNotCompress")
    section = _last_section(document)
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        root = footer.part.element
        for child in list(root):
            root.remove(child)
        for child in list(_parse(official_footer_xml(footer_style, odd=odd))):
            root.append(child)


def _record_section(sect_pr: Any, record: str) -> None:
    """The 版记 in a section of its own that starts on an even page: the body's section
    ends at its last paragraph (a copy of the page setup in that paragraph's pPr); both
    name the same footers."""
    from copy import deepcopy

    last = sect_pr.getprevious()
    if last is None or last.tag != qn("w:p"):
        last = _parse(f"<w:body {NSDECL}><w:p/></w:body>")[0]
        sect_pr.addprevious(last)
    ppr = last.find(qn("w:pPr"))
    if ppr is None:
        ppr = _parse(f"<w:body {NSDECL}><w:p><w:pPr/></w:p></w:body>")[0][0]
        last.insert(0, ppr)
    ppr.append(deepcopy(sect_pr))
    _insert_before(sect_pr, record)
    kind = _parse(f'<w:body {NSDECL}><w:sectPr><w:type w:val="evenPage"/></w:sectPr></w:body>')
    sect_pr.find(qn("w:pgSz")).addprevious(kind[0][0])


def _numbering_root(document: Any) -> Any | None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        return document.part.part_related_by(RT.NUMBERING).element
    except KeyError:
        return None


def _write_numbering(document: Any, numbering: Numbering) -> None:
    """Merge into the document's numbering part, or create one."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.parts.numbering import NumberingPart

    root = _numbering_root(document)
    if root is not None:
        merge_numbering(root, numbering)
        return
    package = document.part.package
    names = {str(p.partname) for p in package.iter_parts()}
    partname = PackURI("/word/numbering.xml")
    if partname in names:
        partname = package.next_partname("/word/numbering%d.xml")
    part = NumberingPart(partname, CT.WML_NUMBERING, _parse(numbering_part_xml(numbering)), package)
    document.part.relate_to(part, RT.NUMBERING)


def _ensure_footer(document: Any, style_id: str, *, centre: bool) -> None:
    """A centred page number, unless the reference document brings its own footer. (With a
    reference's own footer style, which need not centre, the paragraph is centred itself.)"""
    footer = _last_section(document).footer
    if not footer.is_linked_to_previous:
        return
    footer.is_linked_to_previous = False
    root = footer.part.element
    for child in list(root):
        root.remove(child)
    for child in list(_parse(footer_xml(style_id, centre=centre))):
        root.append(child)


def _core_properties_part(document: Any) -> Any:
    # python-docx exposes the core properties only field by field, and would keep a
    # reference document's other fields (and its own "python-docx" defaults): replace all.
    return document.part.package._core_properties_part
