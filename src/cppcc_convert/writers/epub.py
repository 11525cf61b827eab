"""EPUB 3 writer (with an NCX for EPUB 2 readers). ebooklib is imported only here.

Steps, in a fixed order: split the blocks into chapters at the top heading level used, render
each chapter with the shared XHTML renderer (which numbers headings ``sec-N`` and packs images
as they are met), build the title page, navigation and metadata, let ebooklib lay out the
container, then zip its entries once, reproducibly (mimetype first and stored, fixed times).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ebooklib import epub

from ..anchors import collect_ids
from ..dates import build_time
from ..locale import Labels, Locale
from ..model import Block, Document, Heading, inline_text
from ..ziputil import Content, pack_zip
from . import WriteContext
from .common import clean, is_official, xml_id
from .epub_id import content_identifier
from .xhtml import Renderer, TocEntry, iso_date, load_css, page_parts

CSS_NAME = "style/book.css"

# Credited roles -> MARC relator codes (EPUB 3 creator refinements); others stay unrefined.
MARC_ROLES: dict[str, str] = {
    role: code
    for code, roles in (
        ("aut", "记者 記者 作者 撰稿 文 通讯员 通訊員"),
        ("pht", "摄影 攝影 摄 攝"),
        ("edt", "编辑 編輯 责任编辑 責任編輯 责编 責編 主编 主編"),
        ("trl", "翻译 翻譯 译 譯"),
        ("pfr", "校对 校對"),
        ("ill", "插图 插圖"),
    )
    for role in roles.split()
}


@dataclass(frozen=True)
class Chapter:
    """A run of top-level blocks that becomes one XHTML file."""

    blocks: tuple[Block, ...]
    heading: Heading | None  # the heading that opens it (None: text before the first heading)


def split_chapters(blocks: tuple[Block, ...]) -> list[Chapter]:
    """Cut before every top-level heading of the highest level used (``##`` in the sample)."""
    levels = [b.level for b in blocks if isinstance(b, Heading)]
    if not levels:
        return [Chapter(blocks, None)] if blocks else []
    top = min(levels)
    chapters: list[Chapter] = []
    current: list[Block] = []
    opener: Heading | None = None
    for block in blocks:
        if isinstance(block, Heading) and block.level == top:
            if current:
                chapters.append(Chapter(tuple(current), opener))
            current, opener = [], block
        current.append(block)
    chapters.append(Chapter(tuple(current), opener))
    return chapters


class _Page(epub.EpubHtml):  # type: ignore[misc]
    """A finished XHTML file: ebooklib would re-parse it with an HTML parser (and then chokes
    on an empty body), so it is handed over as its UTF-8 bytes, in pieces (``_Entries`` and
    ``pack_zip`` take them so: a chapter is never one string or one bytes object)."""

    def get_content(self, default: Any = None) -> list[bytes]:
        content: list[bytes] = self.content
        return content


class _Images:
    """Packs each image once (by resolved path); hands the renderer its href."""

    def __init__(self, book: epub.EpubBook, ctx: WriteContext) -> None:
        self.book, self.ctx = book, ctx
        self.hrefs: dict[str, str] = {}

    def __call__(self, src: str, line: int) -> str | None:
        image = self.ctx.image(src, line)
        if image is None:
            return None
        key = image.key
        if key not in self.hrefs:
            n = len(self.hrefs) + 1
            name = f"images/img-{n:03d}.{image.extension}"
            item = epub.EpubImage(
                uid=f"img-{n:03d}", file_name=name, media_type=image.media_type, content=image.data
            )
            self.book.add_item(item)
            self.hrefs[key] = name
        return self.hrefs[key]


def _nest(entries: list[TocEntry], href: str) -> list[Any]:
    """Headings (in order, any levels) as ebooklib's nested TOC: Link or (Link, children)."""
    root: list[Any] = []
    stack: list[tuple[int, list[Any]]] = [(0, root)]
    for entry in entries:
        while stack[-1][0] >= entry.level:
            stack.pop()
        children: list[Any] = []
        ident = xml_id(entry.id)
        node = [epub.Link(f"{href}#{ident}", entry.title, f"nav-{ident}"), children]
        stack[-1][1].append(node)
        stack.append((entry.level, children))
    return [_finish(node) for node in root]


def _finish(node: list[Any]) -> Any:
    link, children = node
    return (link, [_finish(c) for c in children]) if children else link


def _set_metadata(book: epub.EpubBook, doc: Document, ctx: WriteContext, title: str) -> None:
    meta, options = doc.meta, ctx.options
    book.set_identifier(options.identifier or content_identifier(doc, options.vertical))
    book.title = title
    book.add_metadata("DC", "title", title, {"id": "title"})
    book.add_metadata(None, "meta", "main", {"refines": "#title", "property": "title-type"})
    subtitle = clean(meta.subtitle).strip()
    if subtitle:
        book.add_metadata("DC", "title", subtitle, {"id": "subtitle"})
        refine = {"refines": "#subtitle", "property": "title-type"}
        book.add_metadata(None, "meta", "subtitle", refine)
    book.set_language(ctx.locale.tag)
    for n, author in enumerate(meta.authors, start=1):
        name = clean(author.name).strip()
        if not name:
            continue
        book.add_metadata("DC", "creator", name, {"id": f"creator{n}"})
        code = MARC_ROLES.get(author.role.strip())
        if code:
            refine = {"refines": f"#creator{n}", "property": "role", "scheme": "marc:relators"}
            book.add_metadata(None, "meta", code, refine)
    if meta.date:
        iso = iso_date(meta.date)
        if iso:
            book.add_metadata("DC", "date", iso)
        else:
            ctx.warn("epub-date", f"date {meta.date!r} is not a calendar date: no dc:date")
    if meta.source:
        book.add_metadata("DC", "source", clean(meta.source))
    if options.vertical:
        book.add_metadata(
            None, "meta", "", {"name": "primary-writing-mode", "content": "vertical-rl"}
        )
        book.set_direction("rtl")


@dataclass
class _Build:
    """One book being assembled: what every page needs to know."""

    book: epub.EpubBook
    renderer: Renderer
    locale: Locale
    title: str
    official: bool = False

    @property
    def labels(self) -> Labels:
        return self.locale.labels

    def page(self, uid: str, title: str, body: Iterable[str]) -> _Page:
        """A finished XHTML page, added to the book; ``body`` in pieces, encoded as they
        come."""
        head = f'<link rel="stylesheet" type="text/css" href="{CSS_NAME}"/>\n'
        start, end = page_parts(
            title=title,
            locale=self.locale,
            head=head,
            xml_declaration=True,
            official=self.official,
        )
        # the media type given: left empty, ebooklib guesses it, loading the system's MIME
        # table first (mimetypes.init: ~4 ms a process) to find the one it then sets for .xhtml
        item = _Page(
            uid=uid,
            file_name=f"{uid}.xhtml",
            title=title,
            lang=self.locale.tag,
            media_type="application/xhtml+xml",
        )
        pieces = [start.encode("utf-8")]
        pieces += (piece.encode("utf-8") for piece in body)
        pieces.append(end.encode("utf-8"))
        item.content = pieces
        self.book.add_item(item)
        return item

    def chapters(self, chapters: list[Chapter]) -> tuple[list[_Page], list[Any]]:
        """One page per chapter, and the nested table of contents pointing into them."""
        items: list[_Page] = []
        toc: list[Any] = []
        for n, chapter in enumerate(chapters, start=1):
            first = len(self.renderer.toc)
            if chapter.heading is not None:
                label = clean(inline_text(chapter.heading.inlines)).strip()
            else:
                label = self.title if n == 1 else ""
            body = self.renderer.block_pieces(chapter.blocks)
            item = self.page(chapter_uid(n), label or self.labels.part.format(n=n), body)
            entries = self.renderer.toc[first:]  # those the page's rendering added
            if chapter.heading is not None:
                entries = entries[1:]  # the chapter's own heading is the chapter's entry
            items.append(item)
            sub = _nest([e for e in entries if e.title], item.file_name)
            toc.append((item, sub) if sub else item)
        return items, toc


def chapter_uid(n: int) -> str:
    """The id (and file stem) of chapter ``n``."""
    return f"c{n:03d}"


def anchor_files(chapters: list[Chapter]) -> dict[str, str]:
    """Which chapter file holds each link target."""
    where: dict[str, str] = {}
    for n, chapter in enumerate(chapters, start=1):
        for ident in collect_ids(chapter.blocks):
            where.setdefault(ident, f"{chapter_uid(n)}.xhtml")
    return where


def write(doc: Document, ctx: WriteContext) -> bytes:
    """The document as a reproducible EPUB 3 book."""
    labels = ctx.locale.labels
    title = clean(doc.meta.title).strip() or labels.untitled
    book = epub.EpubBook()
    _set_metadata(book, doc, ctx, title)
    official = is_official(doc)
    stylesheet = load_css(ctx.options.vertical, official)
    css = epub.EpubItem(uid="css", file_name=CSS_NAME, media_type="text/css", content=stylesheet)
    book.add_item(css)
    # an official document is one piece: 版头, body and 版记 on one page
    chapters = [Chapter(doc.blocks, None)] if official else split_chapters(doc.blocks)
    files = anchor_files(chapters)

    def anchor_href(ident: str) -> str:
        return f"{files.get(ident, '')}#{xml_id(ident)}"

    renderer = Renderer(_Images(book, ctx), ctx.link, anchor_href, tcy=ctx.options.vertical)
    build = _Build(book, renderer, ctx.locale, title, official)
    if official:
        items, toc = _official_page(build, doc)
        first_pages: list[_Page] = []
    else:
        title_page = build.page("titlepage", title, [renderer.title_block(doc.meta, title)])
        items, toc = build.chapters(chapters)
        toc = toc or [title_page]
        first_pages = [title_page]

    book.toc = toc
    nav = epub.EpubNav(title=labels.toc)
    nav.add_item(css)
    book.add_item(epub.EpubNcx())
    book.add_item(nav)
    book.spine = [*first_pages, nav, *items]
    book.guide = [{"type": "toc", "href": "nav.xhtml", "title": labels.toc}]
    if items:
        book.guide.append({"type": "text", "href": items[0].file_name, "title": labels.start})
    return _pack(book, build_time(doc, ctx.options), labels)


def _official_page(build: _Build, doc: Document) -> tuple[list[_Page], list[Any]]:
    """An official document's one page (版头, body and 版记) and its table of contents. Its
    modules are imported only for one (the official layout's patterns take ms to compile)."""
    from . import xhtml_official
    from .official_layout import heading_levels

    renderer = build.renderer
    renderer.official_levels = heading_levels(doc)

    def body() -> Iterator[str]:  # in this order: the renderer numbers what it meets
        yield xhtml_official.head(renderer, doc)
        yield from renderer.block_pieces(doc.blocks)
        yield xhtml_official.tail(renderer, doc)

    items = [build.page(chapter_uid(1), build.title, body())]
    sub = _nest([e for e in renderer.toc if e.title], items[0].file_name)
    return items, [(items[0], sub) if sub else items[0]]


class _Writer(epub.EpubWriter):  # type: ignore[misc]
    """ebooklib's writer, its NCX built in linear time: for each top-level chapter ebooklib
    searches the whole navMap built so far for a ``content`` child it never has (quadratic:
    12,000 chapters took most of a minute). A chapter given as ``(chapter, [])`` takes the
    branch without that search and gives the same navPoint. Its ``write`` keeps the entries
    for ``_pack`` (tests/test_epub.py checks it writes every entry ebooklib's does)."""

    def _get_ncx(self) -> Any:
        toc = self.book.toc
        self.book.toc = [(e, []) if isinstance(e, epub.EpubHtml) else e for e in toc]
        try:
            return super()._get_ncx()
        finally:
            self.book.toc = toc

    def write(self) -> None:
        """ebooklib's ``write``, its entries kept in a list instead of a ZIP file of its own
        (which ``_pack`` would read back to write the reproducible one: two more passes)."""
        self.out = _Entries()
        self.out.writestr("mimetype", "application/epub+zip")
        self._write_container()
        self._write_opf()
        self._write_items()


class _Entries:
    """What ebooklib's writer calls on its ``zipfile.ZipFile``: the entries, in order."""

    def __init__(self) -> None:
        self.items: list[tuple[str, Content]] = []

    def writestr(self, name: str, data: str | Content, compress_type: int | None = None) -> None:
        self.items.append((name, data.encode("utf-8") if isinstance(data, str) else data))


def _pack(book: epub.EpubBook, when: datetime, labels: Labels) -> bytes:
    """ebooklib lays out the container; its entries are then packed reproducibly."""
    options = {
        "mtime": when,
        "epub3_pages": False,  # no page list: skips a re-parse of every chapter
        "landmark_title": labels.guide,
        "raise_exceptions": True,
    }
    writer = _Writer(None, book, options)  # epub.write_epub, with our _get_ncx and write
    writer.process()
    writer.write()
    stored = frozenset({"mimetype"})
    return pack_zip(writer.out.items, when, first=("mimetype",), stored=stored)
