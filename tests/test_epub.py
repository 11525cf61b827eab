"""EPUB writer: structure, navigation, metadata, images, fidelity, reproducibility, validity."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest

from cppcc_convert.anchors import with_ids
from cppcc_convert.model import (
    Author,
    Document,
    Figure,
    Heading,
    InlineImage,
    Meta,
    Paragraph,
    Text,
    document_text,
)
from cppcc_convert.options import Options
from cppcc_convert.writers import WriteContext, get_writer
from cppcc_convert.writers.epub import split_chapters
from epub_helpers import (
    DATA,
    DC,
    EVIL,
    OPF,
    XHTML,
    Book,
    all_nodes_doc,
    epubcheck_many,
    make_png,
    squash,
    whole_model_id,
)

EPOCH = 1_700_000_000  # 2023-11-14T22:13:20Z


def write(doc: Document, base: Path | None = None, **opts: object) -> tuple[bytes, WriteContext]:
    options = Options(source_date_epoch=EPOCH, **opts)  # type: ignore[arg-type]
    doc = with_ids(doc)  # as api.render does: a hand-made model has no heading ids
    ctx = WriteContext.for_document(doc, options, base)
    return get_writer("epub")(doc, ctx), ctx


@pytest.fixture
def sample(sample_doc: Document) -> Document:
    return sample_doc  # conftest: the sample article, parsed and repaired


@pytest.fixture
def img_dir(tmp_path: Path) -> Path:
    make_png(tmp_path / "img" / "photo.png")
    return tmp_path


# ----------------------------------------------------------------- chapters and navigation


def test_split_chapters_at_top_level_used(sample: Document) -> None:
    chapters = split_chapters(sample.blocks)
    assert len(chapters) == 5  # the lede, then one chapter per "##"
    assert chapters[0].heading is None
    assert [c.heading.level for c in chapters[1:] if c.heading] == [2, 2, 2, 2]
    assert sum(len(c.blocks) for c in chapters) == len(sample.blocks)
    plain = (Paragraph((Text("只有一段。"),)), Paragraph((Text("两段。"),)))
    assert len(split_chapters(plain)) == 1
    assert split_chapters(()) == []
    deep = (Heading(3, (Text("a"),)), Heading(4, (Text("b"),)), Heading(3, (Text("c"),)))
    assert [len(c.blocks) for c in split_chapters(deep)] == [2, 1]


def test_sample_book_structure(sample: Document) -> None:
    book = Book(write(sample)[0])
    nav = book.nav_href()
    assert book.spine[0] == "titlepage.xhtml" and book.spine[1] == nav
    chapters = book.spine[2:]
    assert len(chapters) == 5
    headings = [b for b in sample.blocks if isinstance(b, Heading)]
    for href, heading in zip(chapters[1:], headings, strict=True):
        page = book.page(href)
        h2 = page.find(f".//{XHTML}h2")
        assert h2.get("id") == heading.id  # GitHub's slug of the heading text
        title = page.find(f".//{XHTML}title").text
        assert title == "".join(h2.itertext()) == heading.inlines[0].text  # type: ignore[union-attr]
    # the lede chapter carries the book title; every page has a non-empty <title>
    assert book.page(chapters[0]).find(f".//{XHTML}title").text == sample.meta.title
    # nav: one entry per chapter, in order, linking the files
    toc = book.page(nav).find(f".//{XHTML}nav")
    links = [a.get("href") for a in toc.iter(f"{XHTML}a")]
    assert links == chapters
    # NCX for EPUB 2 readers, with the same entries
    ncx_href = book.items["ncx"].get("href")
    ncx = book.read(ncx_href).decode()
    assert ncx.count("<navPoint") == 5 and 'src="c005.xhtml"' in ncx
    # title page: title and the author with the role
    title_page = squash("".join(book.page("titlepage.xhtml").itertext()))
    assert sample.meta.title.replace(" ", "") in title_page and "记者吴璇" in title_page


def test_nested_toc_and_stable_heading_ids(img_dir: Path) -> None:
    doc = all_nodes_doc()
    book = Book(write(doc, img_dir)[0])
    toc = book.page(book.nav_href()).find(f".//{XHTML}nav")
    top = toc.find(f"{XHTML}ol")
    entries = top.findall(f"{XHTML}li")
    labels = ["".join(li.find(f"{XHTML}a").itertext()) for li in entries]
    assert labels == [doc.meta.title, "第一章 强调", "第二章", "第三章 空节", "第5部分"]
    # h3 under chapter 1, h4 under that h3; the heading inside the quote is not listed
    sub = entries[1].find(f"{XHTML}ol/{XHTML}li")
    assert sub.find(f"{XHTML}a").text == "1.1 小节"
    assert sub.find(f"{XHTML}a").get("href") == "c002.xhtml#h-11-小节"
    deeper = sub.find(f"{XHTML}ol/{XHTML}li/{XHTML}a")
    assert (deeper.text, deeper.get("href")) == ("1.1.1 更小", "c002.xhtml#h-111-更小")
    assert "引用里的标题" not in "".join(toc.itertext())
    # every TOC target exists
    for a in toc.iter(f"{XHTML}a"):
        href, _, frag = a.get("href").partition("#")
        if frag:
            assert book.page(href).xpath("//*[@id=$f]", f=frag), a.get("href")
    # ids are a function of the document: a second run gives the same ones
    again = Book(write(doc, img_dir)[0])
    assert again.read("c002.xhtml") == book.read("c002.xhtml")


# ----------------------------------------------------------------- metadata


def test_metadata(sample: Document) -> None:
    book = Book(write(sample)[0])
    md = book.metadata()
    assert md.find(f"{DC}title").text == sample.meta.title
    assert md.find(f"{DC}language").text == "zh-CN"
    creator = md.find(f"{DC}creator")
    assert creator.text == "吴璇"
    role = md.find(f"{OPF}meta[@refines='#{creator.get('id')}'][@property='role']")
    assert role.text == "aut" and role.get("scheme") == "marc:relators"
    ident = md.find(f"{DC}identifier").text
    assert ident.startswith("urn:uuid:") and ident == _book_id(sample)  # not random
    modified = md.find(f"{OPF}meta[@property='dcterms:modified']").text
    assert modified == "2023-11-14T22:13:20Z"
    assert md.find(f"{DC}date") is None  # the sample has no date
    # a dated document: dc:date, and build_time falls back to it
    dated = replace(sample, meta=replace(sample.meta, date="2024年5月8日"))
    ctx = WriteContext.for_document(dated, Options(), None)
    md2 = Book(get_writer("epub")(dated, ctx)).metadata()
    assert md2.find(f"{DC}date").text == "2024-05-08"
    assert md2.find(f"{OPF}meta[@property='dcterms:modified']").text == "2024-05-08T00:00:00Z"


def _book_id(doc: Document, **opts: object) -> str:
    """The dc:identifier of the book ``doc`` gives."""
    text: str = Book(write(doc, **opts)[0]).metadata().find(f"{DC}identifier").text
    return text


SMALL = Document(Meta(title="标题"), (Paragraph((Text("正文。"),), 3),))


def test_identifier_follows_content_unless_given() -> None:
    # Written out: a reading system takes a new identifier for a new book, so it must not
    # drift between releases (or runs) for the same content.
    assert _book_id(SMALL) == "urn:uuid:9b0ec3a5-2636-5c2b-91bc-f18650921f06"
    assert _book_id(SMALL, vertical=True) == "urn:uuid:7dceca46-fa9b-5eb6-9745-e33ea3b90d4e"
    moved = replace(SMALL, blocks=(Paragraph((Text("正文。"),), 9),))  # lines are no content
    assert _book_id(moved) == _book_id(SMALL)
    changed = replace(SMALL, blocks=(Paragraph((Text("正文！"),), 3),))
    assert _book_id(changed) != _book_id(SMALL)
    assert _book_id(SMALL, identifier="isbn:9787000000000") == "isbn:9787000000000"


def test_identifier_survives_a_schema_change(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new model field with an empty default is no new content: the books made before keep
    their identifiers (Meta's "official": null moved them once)."""
    import cppcc_convert.model_json as model_json
    import cppcc_convert.writers.epub_id as epub_id

    before = _book_id(SMALL)
    real_meta, real_block = model_json.meta_to_dict, model_json.block_to_dict

    def later_meta(meta: Any) -> dict[str, Any]:
        return real_meta(meta) | {"future": None, "future_list": [], "future_text": ""}

    def later_block(block: Any) -> dict[str, Any]:
        return real_block(block) | {"future": {}}

    monkeypatch.setattr(epub_id, "meta_to_dict", later_meta)
    monkeypatch.setattr(epub_id, "block_to_dict", later_block)
    assert _book_id(SMALL) == before


def test_identifier_is_that_of_the_whole_model(sample: Document) -> None:
    """The identifier, hashed as its text is made a few hundred blocks at a time, is the one
    of the whole model's JSON text: for an empty document, one without metadata, the sample,
    every model node, and 1,300 blocks (several batches), horizontal and vertical."""
    from cppcc_convert.writers.epub import content_identifier

    many = replace(sample, blocks=sample.blocks * 37)
    docs = [Document(Meta(), ()), replace(SMALL, meta=Meta()), SMALL, sample, many]
    for doc in [*docs, all_nodes_doc()]:
        for vertical in (False, True):
            assert content_identifier(doc, vertical) == whole_model_id(doc, vertical)


# ----------------------------------------------------------------- reproducibility


def test_two_runs_are_byte_identical(sample: Document) -> None:
    one, two = write(sample)[0], write(sample)[0]
    assert one == two
    zf = zipfile.ZipFile(BytesIO(one))
    first = zf.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert zf.read("mimetype") == b"application/epub+zip"
    assert one[30:38] == b"mimetype"  # the OCF rule: readable at a fixed offset
    stamp = datetime.fromtimestamp(EPOCH, tz=UTC)
    assert {i.date_time for i in zf.infolist()} == {
        (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    }


def test_entries_are_those_ebooklib_writes(
    sample: Document, rich_doc: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer keeps ebooklib's entries in a list instead of its ZIP file: they are the
    entries of the ZIP ebooklib's own ``EpubWriter.write`` makes, in its order, with the same
    contents. (Our pages hold their bytes in pieces, which ebooklib's ZIP writer cannot
    take: for its run they are joined.)"""
    from ebooklib import epub

    import cppcc_convert.writers.epub as epub_writer

    zips: list[bytes] = []
    pack = epub_writer._pack

    def both(book: Any, when: datetime, labels: Any) -> bytes:
        buf = BytesIO()
        options = {"mtime": when, "epub3_pages": False, "landmark_title": labels.guide}
        ebooklib_writer = epub.EpubWriter(buf, book, options)
        pages = [item for item in book.get_items() if isinstance(item, epub_writer._Page)]
        pieces = [page.content for page in pages]
        assert pages and all(isinstance(p, list) for p in pieces)
        for page, content in zip(pages, pieces, strict=True):
            page.content = b"".join(content)
        ebooklib_writer.process()
        ebooklib_writer.write()
        for page, content in zip(pages, pieces, strict=True):
            page.content = content
        zips.append(buf.getvalue())
        return pack(book, when, labels)

    def entries(data: bytes) -> list[tuple[str, bytes]]:
        with zipfile.ZipFile(BytesIO(data)) as z:
            return [(name, z.read(name)) for name in z.namelist()]

    monkeypatch.setattr(epub_writer, "_pack", both)
    for doc in (sample, rich_doc):
        ours = entries(write(doc)[0])
        assert ours == entries(zips[-1])
        assert ours[0] == ("mimetype", b"application/epub+zip") and len(ours) > 5


# ----------------------------------------------------------------- fidelity


def test_every_character_in_order(sample: Document, img_dir: Path) -> None:
    for doc, base in ((sample, None), (all_nodes_doc(), img_dir)):
        book = Book(write(doc, base)[0])
        assert squash(book.text()) == squash(document_text(doc))
        assert squash(book.text(include_title_page=False)) == squash(
            document_text(doc, with_meta=False)
        )


def test_markup_in_text_is_text(img_dir: Path) -> None:
    book = Book(write(all_nodes_doc(), img_dir)[0])
    page = book.page("c001.xhtml")  # parsed as XML: would raise on a stray "<" or "&"
    assert not list(page.iter(f"{XHTML}script"))
    assert EVIL in "".join(page.find(f"{XHTML}body").itertext())
    raw = book.read("c001.xhtml").decode()
    assert "&amp;xxe;" in raw and "]]&gt;" in raw and "<!ENTITY" not in raw
    for href in book.spine:
        root = book.page(href)
        assert root.get("lang") == "zh-CN"
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"


# ----------------------------------------------------------------- images


def test_images_are_packed_once_with_media_type(img_dir: Path) -> None:
    data, ctx = write(all_nodes_doc(), img_dir)
    book = Book(data)
    images = [i for i in book.items.values() if i.get("media-type", "").startswith("image/")]
    assert [(i.get("href"), i.get("media-type")) for i in images] == [
        ("images/img-001.png", "image/png")
    ]
    assert book.read("images/img-001.png") == (img_dir / "img" / "photo.png").read_bytes()
    fig = book.page("c001.xhtml").find(f".//{XHTML}figure")
    img, cap = fig.find(f"{XHTML}img"), fig.find(f"{XHTML}figcaption")
    assert img.get("src") == "images/img-001.png" and img.get("alt") == "照片替代文字"
    assert cap.text == "图片说明：一张照片"
    lone = book.page("c001.xhtml").findall(f".//{XHTML}figure")[1]
    assert lone.find(f"{XHTML}img") is None
    assert lone.find(f"{XHTML}figcaption").text == "照片已删去的说明"
    assert ctx.diagnostics == []


def test_missing_image_gives_alt_text_and_warning(tmp_path: Path) -> None:
    doc = Document(
        Meta(title="图"),
        (Figure(InlineImage("img/none.png", "缺失的照片"), (Text("说明"),), 7),),
    )
    data, ctx = write(doc, tmp_path)
    book = Book(data)
    assert [(d.code, d.line) for d in ctx.diagnostics] == [("image-missing", 7)]
    assert not [i for i in book.items.values() if i.get("media-type", "").startswith("image/")]
    text = "".join(book.page("c001.xhtml").itertext())
    assert "说明" in text and "缺失的照片" not in text  # the caption, once; not the alt text too
    alone = replace(doc, blocks=(Figure(InlineImage("img/none.png", "缺失的照片"), (), 7),))
    assert "缺失的照片" in "".join(Book(write(alone, tmp_path)[0]).page("c001.xhtml").itertext())
    # a path escaping the document folder is refused, never read
    doc2 = replace(doc, blocks=(Figure(InlineImage("../../etc/passwd", "x"), (), 3),))
    _, ctx2 = write(doc2, tmp_path)
    assert [d.code for d in ctx2.diagnostics] == ["image-denied"]


# ----------------------------------------------------------------- robustness and options


def test_degenerate_documents_do_not_crash() -> None:
    cases = [
        Document(Meta(title="")),  # nothing at all
        Document(Meta(title="只有标题")),
        Document(Meta(title="t"), (Heading(2, ()), Heading(2, (Text("空"),)))),
        Document(Meta(title="t"), (Paragraph(()), Figure(None), Paragraph((Text("]]>"),)))),
        Document(Meta(title="t\x00\x0b"), (Paragraph((Text("控制字符\x01\x1f"),)),)),
    ]
    for doc in cases:
        book = Book(write(doc)[0])
        for href in book.spine:
            book.page(href)  # every page parses
        assert book.metadata().find(f"{DC}title").text


def test_vertical_book(sample: Document) -> None:
    book = Book(write(sample, vertical=True)[0])
    assert book.spine_attrs.get("page-progression-direction") == "rtl"
    md = book.metadata()
    mode = md.find(f"{OPF}meta[@name='primary-writing-mode']")
    assert mode is not None and mode.get("content") == "vertical-rl"
    css = book.read("style/book.css").decode()
    for prop in ("-epub-writing-mode: vertical-rl", "-webkit-writing-mode: vertical-rl"):
        assert prop in css
    assert "\n  writing-mode: vertical-rl" in css
    assert "text-combine-upright: all" in css and "-epub-text-combine: horizontal" in css
    spans = [s for h in book.spine for s in book.page(h).iter(f"{XHTML}span")]
    tcy = [s.text for s in spans if s.get("class") == "tcy"]
    assert tcy and all(len(t) == 2 and t.isdigit() for t in tcy)
    assert "writing-mode" not in Book(write(sample)[0]).read("style/book.css").decode()


def test_traditional_edition_labels_and_fonts(sample: Document) -> None:
    doc = replace(sample, meta=replace(sample.meta, lang="zh-TW"))
    book = Book(write(doc)[0])
    assert book.metadata().find(f"{DC}language").text == "zh-TW"
    nav = book.page(book.nav_href())
    assert nav.find(f".//{XHTML}h2").text == "目錄"
    assert nav.get("lang") == "zh-TW"
    css = book.read("style/book.css").decode()
    assert "body.tc {" in css and "Noto Serif CJK TC" in css and "PMingLiU" in css
    assert "body.hk {" in css and "Noto Serif CJK SC" in css
    assert book.page("c001.xhtml").find(f"{XHTML}body").get("class") == "tc"


def test_css_for_chinese_reading(sample: Document) -> None:
    css = Book(write(sample)[0]).read("style/book.css").decode()
    for rule in (
        "text-indent: 2em",
        "text-align: justify",
        "line-height: 1.8",
        "page-break-after: avoid",
        "break-after: avoid",
        "SimSun",
        "Source Han Serif SC",
        "body.tc",
    ):
        assert rule in css, rule


def test_author_roles_without_code_stay_plain() -> None:
    doc = Document(Meta(title="t", authors=(Author("甲", "记者"), Author("乙", "统筹"))))
    md = Book(write(doc)[0]).metadata()
    assert [c.text for c in md.findall(f"{DC}creator")] == ["甲", "乙"]
    roles = md.findall(f"{OPF}meta[@property='role']")
    assert [(r.get("refines"), r.text) for r in roles] == [("#creator1", "aut")]


def test_rich_markdown_book(rich_doc: Document) -> None:
    data, ctx = write(rich_doc, DATA)
    assert ctx.diagnostics == []
    book = Book(data)
    assert squash(book.text()) == squash(document_text(rich_doc))
    md = book.metadata()
    assert [t.text for t in md.findall(f"{DC}title")] == ["富阳政协工作简报", "2024年第三季度"]
    assert md.find(f"{DC}date").text == "2024-10-08"
    assert md.find(f"{DC}source").text == "富阳日报"
    roles = md.findall(f"{OPF}meta[@property='role']")
    refines = [(r.get("refines"), r.text) for r in roles]
    assert refines == [("#creator1", "aut"), ("#creator2", "aut")]
    toc = book.page(book.nav_href()).find(f".//{XHTML}nav/{XHTML}ol")
    chapters = toc.findall(f"{XHTML}li")
    assert ["".join(li.find(f"{XHTML}a").itertext()) for li in chapters] == [
        "一、总体情况",
        "二、数据一览",
    ]
    sub = chapters[0].find(f"{XHTML}ol/{XHTML}li/{XHTML}a")
    assert sub.text == "（一）主要做法" and sub.get("href") == "c001.xhtml#一主要做法"
    first = book.page("c001.xhtml")
    fig = first.find(f".//{XHTML}figure")
    assert fig.find(f"{XHTML}img").get("src") == "images/img-001.png"
    assert fig.find(f"{XHTML}figcaption").text == "政协委员视察现场"
    assert first.find(f".//{XHTML}ol[@start='5']") is not None
    assert first.find(f".//{XHTML}blockquote/{XHTML}ul") is not None
    second = book.page("c002.xhtml")
    aligns = [th.get("class") for th in second.iter(f"{XHTML}th")]
    assert aligns == ["align-left", "align-right", "align-center"]
    assert second.find(f".//{XHTML}pre/{XHTML}code").get("class") == "language-python"


# ----------------------------------------------------------------- validity (EPUBCheck)


@pytest.mark.slow
def test_epubcheck_reports_nothing(sample: Document, rich_doc: Document, img_dir: Path) -> None:
    no_headings = Document(
        Meta(title="短讯 <&>", authors=(Author("李四", "通讯员"),)),
        (
            Paragraph((Text("一段没有标题的短文：" + EVIL),)),
            Paragraph(()),
            Figure(InlineImage("img/missing.png", "缺图"), (), 9),
            Paragraph((Text("控制字符\x01之后。"),)),
        ),
    )
    edge_tw = replace(all_nodes_doc(), meta=replace(all_nodes_doc().meta, lang="zh-TW"))
    books = {
        "sample.epub": write(sample)[0],
        "rich-md.epub": write(rich_doc, DATA)[0],
        "no-headings.epub": write(no_headings, img_dir)[0],
        "vertical-edge-tw.epub": write(edge_tw, img_dir, vertical=True)[0],
    }
    assert b"img-001.png" in books["rich-md.epub"]  # the Markdown image really is packed
    paths = []
    for name, data in books.items():
        path = img_dir / name
        path.write_bytes(data)
        paths.append(path)
    results = epubcheck_many(paths)
    report = {
        p.name: [(m["severity"], m["ID"], m["message"]) for m in msgs]
        for p, msgs in results.items()
    }
    assert report == {p.name: [] for p in paths}
