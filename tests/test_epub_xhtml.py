"""The shared XHTML renderer: one element per model node, escaping, ids, vertical-text spans."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from cppcc_convert.links import classify
from cppcc_convert.locale import resolve
from cppcc_convert.model import (
    Author,
    Code,
    CodeBlock,
    Document,
    Emph,
    Figure,
    Heading,
    InlineImage,
    LineBreak,
    Link,
    ListBlock,
    Meta,
    Paragraph,
    Quote,
    Rule,
    Strike,
    Strong,
    Table,
    Text,
)
from cppcc_convert.writers.common import xml_attr as attr
from cppcc_convert.writers.common import xml_text as escape
from cppcc_convert.writers.xhtml import Renderer, iso_date, page

NS = {"h": "http://www.w3.org/1999/xhtml"}


def images(src: str, line: int) -> str | None:
    return None if "missing" in src else f"images/{src}"


def links(url: str) -> Any:
    return classify(url, frozenset({"here"}))


def render(blocks: tuple[Any, ...], **kw: Any) -> Any:
    """Blocks rendered into a page and parsed back as XML."""
    r = Renderer(images, links, **kw)
    html = page(title="t", locale=resolve("zh-CN"), body=r.blocks(blocks))
    return etree.fromstring(html.encode())


def one(root: Any, path: str) -> Any:
    found = root.xpath(path, namespaces=NS)
    assert len(found) == 1, (path, found)
    return found[0]


def test_blocks_map_to_semantic_elements() -> None:
    t = Text
    root = render(
        (
            Heading(1, (t("一"),), id="一"),
            Heading(6, (t("六"),), id="6-六"),
            Heading(9, (t("超出"),), id="超出"),
            Quote((Paragraph((t("引"),)),)),
            Rule(),
            CodeBlock("a < b\n", "c++"),
            CodeBlock("plain", ""),
        )
    )
    # the model's ids, made valid XML names where they are not (a leading digit)
    assert [h.get("id") for h in root.xpath("//h:h1|//h:h6", namespaces=NS)] == [
        "一",
        "h-6-六",
        "超出",
    ]
    assert one(root, "//h:blockquote/h:p").text == "引"
    one(root, "//h:hr")
    assert one(root, "//h:pre/h:code[@class='language-c++']").text == "a < b\n"
    assert one(root, "//h:pre/h:code[not(@class)]").text == "plain"


def test_figures() -> None:
    t = Text
    root = render(
        (
            Figure(InlineImage("a.png", "甲图", "标题"), (t("甲说明"),)),
            Figure(None, (t("孤立说明"),)),
            Figure(InlineImage("b.png", "乙图")),
            Figure(InlineImage("missing.png", "丢图"), (t("丢图说明"),)),
            Figure(InlineImage("missing.png", "无说明的丢图")),
        )
    )
    figs = root.xpath("//h:figure", namespaces=NS)
    assert len(figs) == 5
    img = one(figs[0], "h:img")
    assert (img.get("src"), img.get("alt"), img.get("title")) == ("images/a.png", "甲图", "标题")
    assert one(figs[0], "h:figcaption").text == "甲说明"
    assert not figs[1].xpath("h:img", namespaces=NS)
    assert one(figs[1], "h:figcaption").text == "孤立说明"
    assert not figs[2].xpath("h:figcaption", namespaces=NS)
    # a missing picture: its caption once, not its alt text too; or the alt text alone
    assert "".join(figs[3].itertext()) == "丢图说明"
    assert one(figs[4], "h:figcaption").text == "无说明的丢图"


def test_lists_nest_and_keep_start() -> None:
    p = Paragraph
    inner = ListBlock(False, ((p((Text("内"),)),),))
    root = render(
        (
            ListBlock(True, ((p((Text("一"),)), inner), (p((Text("二"),)),)), start=4),
            ListBlock(True, ((p((Text("松"),)),),), tight=False),
        )
    )
    ol = root.xpath("//h:ol", namespaces=NS)
    assert ol[0].get("start") == "4" and ol[1].get("start") is None
    assert one(root, "//h:ol/h:li/h:ul/h:li").text == "内"
    assert ol[0][0].text == "一"  # tight: the item's text directly
    assert one(ol[1], "h:li/h:p").text == "松"  # loose: a paragraph


def test_table_head_body_alignment() -> None:
    t = Text
    root = render((Table(((t("a"),), (t("b"),)), (((t("1"),), (t("2"),)),), ("right", None)),))
    assert one(root, "//h:thead/h:tr/h:th[1]").get("class") == "align-right"
    assert one(root, "//h:thead/h:tr/h:th[2]").get("class") is None
    assert one(root, "//h:tbody/h:tr/h:td[1]").text == "1"


def test_inlines() -> None:
    para = Paragraph(
        (
            Emph((Text("e"),)),
            Strong((Text("s"),)),
            Strike((Text("d"),)),
            Code("<c>"),
            LineBreak(),
            Link((Text("l"),), "https://x.org/a b", "tt"),
            InlineImage("i.png", "alt"),
            InlineImage("missing.png", "无"),
        )
    )
    p = one(render((para,)), "//h:body/h:p")
    assert [c.tag.split("}")[1] for c in p] == [
        "em",
        "strong",
        "del",
        "code",
        "br",
        "a",
        "img",
        "span",
    ]
    assert p[3].text == "<c>"
    assert (p[5].get("href"), p[5].get("title")) == ("https://x.org/a%20b", "tt")
    assert p[7].get("class") == "image-alt" and p[7].text == "无"


def test_links_follow_the_policy() -> None:
    para = Paragraph(
        (
            Link((Text("js"),), "javascript:alert(1)"),
            Link((Text("mail"),), "mailto:a@b.c"),
            Link((Text("rel"),), "page.html"),
            Link((Text("anchor"),), "#here"),
            Link((Text("gone"),), "#nowhere"),
        )
    )
    p = one(render((para,)), "//h:body/h:p")
    assert [(c.tag.split("}")[1], c.get("href")) for c in p] == [
        ("span", None),
        ("a", "mailto:a@b.c"),
        ("span", None),
        ("a", "#here"),
        ("span", None),
    ]


def test_title_block_and_page_lang() -> None:
    r = Renderer(images, links)
    meta = Meta(title="题", subtitle="副", authors=(Author("吴璇", "记者"),), date="2024年5月1日")
    html = page(title="题", locale=resolve("zh_tw"), body=r.title_block(meta, "x"))
    root = etree.fromstring(html.encode())
    assert root.get("lang") == "zh-TW"
    assert one(root, "//h:body").get("class") == "tc"
    assert one(root, "//h:h1").text == "题"
    assert one(root, "//h:p[@class='subtitle']").text == "副"
    author = one(root, "//h:p[@class='author']")
    assert "".join(author.itertext()) == "记者 吴璇"
    assert one(root, "//h:time").get("datetime") == "2024-05-01"


def test_vertical_spans_only_two_digit_runs() -> None:
    r = Renderer(images, links, tcy=True)
    out = r.inlines((Text("2024年12月3日 第05版 100次"), Code("12")))
    assert out == (
        '2024年<span class="tcy">12</span>月3日 第<span class="tcy">05</span>版 100次'
        "<code>12</code>"
    )


def test_helpers() -> None:
    assert escape("a<b&c>]]>") == "a&lt;b&amp;c&gt;]]&gt;"
    assert attr('"\n') == "&quot;&#10;"
    assert escape("x\x00\x1f\ufffey") == "xy"
    assert iso_date("2024年5月1日") == "2024-05-01" and iso_date("2024-13-01") == ""
    assert iso_date("五月") == ""


def _xml_char(ch: str) -> bool:
    """XML 1.0's Char production, written out (https://www.w3.org/TR/xml/#charsets)."""
    c = ord(ch)
    return c in (0x9, 0xA, 0xD) or 0x20 <= c <= 0xD7FF or 0xE000 <= c <= 0xFFFD or c >= 0x10000


@given(st.text())
def test_any_text_survives_escaping(text: str) -> None:
    r = Renderer(images, links)
    body = r.blocks((Paragraph((Text(text),)),))
    root = etree.fromstring(page(title=text, locale=resolve("zh-CN"), body=body).encode("utf-8"))
    got = "".join(one(root, "//h:body/h:p").itertext())
    # only what XML cannot carry is dropped, and XML normalises CR to LF; nothing else changes
    kept = "".join(ch for ch in text if _xml_char(ch))
    assert got == kept.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.parametrize("batch", [1, 2, 5, 512])
def test_block_pieces_are_blocks(batch: int, sample_doc: Document) -> None:
    """A chapter rendered in pieces of ``batch`` blocks is the chapter rendered at once, and
    the renderer's state (the headings met) moves the same way."""
    blocks = sample_doc.blocks
    whole, pieces = Renderer(images, links, tcy=True), Renderer(images, links, tcy=True)
    assert "".join(pieces.block_pieces(blocks, batch)) == whole.blocks(blocks)
    assert pieces.toc == whole.toc and len(whole.toc) == 4
    assert list(pieces.block_pieces((), batch)) == []
