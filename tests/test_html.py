"""Standalone HTML writer: one self-contained, polyglot page."""

from __future__ import annotations

import base64
import re
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from cppcc_convert.anchors import with_ids
from cppcc_convert.model import Document, Figure, InlineImage, Meta, Paragraph, Text, document_text
from cppcc_convert.options import Options
from cppcc_convert.writers import WriteContext, get_writer
from epub_helpers import DATA, EVIL, XHTML, all_nodes_doc, make_png, squash, visible_text


def write(doc: Document, base: Path | None = None, **opts: object) -> tuple[bytes, WriteContext]:
    doc = with_ids(doc)  # as api.render does: a hand-made model has no heading ids
    ctx = WriteContext.for_document(doc, Options(**opts), base)  # type: ignore[arg-type]
    return get_writer("html")(doc, ctx), ctx


@pytest.fixture
def img_dir(tmp_path: Path) -> Path:
    make_png(tmp_path / "img" / "photo.png")
    return tmp_path


def test_page_is_self_contained_and_polyglot(img_dir: Path) -> None:
    data, ctx = write(all_nodes_doc(), img_dir)
    text = data.decode("utf-8")
    assert text.startswith("<!DOCTYPE html>\n<html ")
    root = etree.fromstring(data)  # XML parser: well-formed
    assert root.tag == f"{XHTML}html"
    assert root.get("lang") == "zh-CN"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"
    head = root.find(f"{XHTML}head")
    assert head.find(f"{XHTML}meta").get("charset") == "utf-8"
    assert head.find(f"{XHTML}title").text == all_nodes_doc().meta.title
    author = head.find(f"{XHTML}meta[@name='author']").get("content")
    assert author == "张三、李四、王五"
    # nothing is fetched from elsewhere: inline CSS, images as data: URIs
    assert head.find(f"{XHTML}link") is None
    assert "Noto Serif CJK SC" in head.find(f"{XHTML}style").text
    srcs = [img.get("src") for img in root.iter(f"{XHTML}img")]
    assert len(srcs) == 2 and all(s.startswith("data:image/png;base64,") for s in srcs)
    png = base64.b64decode(srcs[0].split(",", 1)[1])
    assert png == (img_dir / "img" / "photo.png").read_bytes()
    assert ctx.diagnostics == []
    # an HTML parser sees the same structure
    html = lxml.html.document_fromstring(data)
    # (two figures: the photo with its caption, and a caption whose photo was dropped)
    assert len(html.findall(".//figure")) == 2 and len(html.findall(".//h2")) == 4


def test_every_character_in_order(sample_doc: Document, rich_doc: Document, img_dir: Path) -> None:
    cases = ((sample_doc, None), (rich_doc, DATA), (all_nodes_doc(), img_dir))
    for doc, base in cases:
        root = etree.fromstring(write(doc, base)[0])
        assert squash(visible_text(root)) == squash(document_text(doc))


def test_markup_in_text_stays_text(img_dir: Path) -> None:
    data = write(all_nodes_doc(), img_dir)[0]
    root = etree.fromstring(data)
    assert not list(root.iter(f"{XHTML}script"))
    assert EVIL in "".join(root.find(f"{XHTML}body").itertext())
    html = lxml.html.document_fromstring(data)
    assert not html.findall(".//script")
    # javascript: is never a link; nor is a relative one (no such file beside a published
    # document): the same policy in every format
    hrefs = [a.get("href") for a in root.iter(f"{XHTML}a")]
    assert not [h for h in hrefs if h.lower().startswith("javascript")]
    assert "other.html#x" not in hrefs
    assert "https://example.com/%E8%B7%AF%E5%BE%84?a=1&b=2" in hrefs


def test_missing_image_alt_text_and_warning(tmp_path: Path) -> None:
    doc = Document(Meta(title="t"), (Figure(InlineImage("nope.png", "替代文字"), (), 4),))
    data, ctx = write(doc, tmp_path)
    assert [(d.code, d.line) for d in ctx.diagnostics] == [("image-missing", 4)]
    root = etree.fromstring(data)
    assert "替代文字" in "".join(root.itertext()) and not list(root.iter(f"{XHTML}img"))


def test_reproducible_and_vertical(sample_doc: Document) -> None:
    doc = sample_doc
    assert write(doc)[0] == write(doc)[0]
    vertical = write(doc, vertical=True)[0].decode()
    assert "-epub-writing-mode: vertical-rl" in vertical
    assert '<span class="tcy">' in vertical
    assert "writing-mode" not in write(doc)[0].decode()


def test_traditional_lang_and_degenerate_documents(sample_doc: Document) -> None:
    doc = replace(sample_doc, meta=replace(sample_doc.meta, lang="zh-HK"))
    root = etree.fromstring(write(doc)[0])
    assert root.get("lang") == "zh-HK"
    for odd in (
        Document(),
        Document(Meta(title="\x00"), (Paragraph(()),)),
        Document(Meta(title="t"), (Paragraph((Text("]]>\x0b<"),)),)),
    ):
        etree.fromstring(write(odd)[0])


def test_css_is_safe_inline() -> None:
    from cppcc_convert.writers.xhtml import load_css

    for vertical in (False, True):
        css = load_css(vertical)
        assert not re.search(r"[<&]", css)  # inline <style> must stay well-formed XML
