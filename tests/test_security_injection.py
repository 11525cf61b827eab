"""No markup injection. Text that looks like reportlab markup, XHTML, OOXML or XML entities
comes out literally in every format where it is text (front matter, code); raw HTML in the
Markdown body is read as HTML (reader/html.py), and what it means reaches the outputs, never
the markup itself: no script, style, event attribute, DTD or foreign element."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from cppcc_convert import parse
from cppcc_convert.model import Document, document_text
from robustness_support import (
    XHTML,
    docx_text,
    epub_pages,
    epub_text,
    html_text,
    json_text,
    pdf_check,
    pdf_text,
    render_all,
    squash,
)

NASTY = (
    '<img src="/etc/passwd"/>',
    "<font color=red>红</font>",
    "<script>alert(1)</script>",
    "&xxe;",
    "]]>",
    "<w:t>注入</w:t>",
    '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    "<para>段</para>",
    "<b>粗</b>",
    "&amp;lt;",
    "<![CDATA[数据]]>",
    '<a href="javascript:alert(1)">链</a>',
    "<?xml version='1.0'?>",
)
ALL = " ".join(NASTY)

# Every place user text can go: front matter, title, headings, paragraphs, emphasis, links
# (text and title), image alt text, inline code, code blocks, tables, lists, quotes.
SOURCE = f"""---
title: '{ALL.replace("'", "''")}'
subtitle: '副 {NASTY[2]}'
author: '{NASTY[0]}'
---

## 标题 {ALL}

正文 {ALL}

*强调 {NASTY[1]}* **粗体 {NASTY[5]}** [链接 {NASTY[2]}](https://example.invalid/ "{NASTY[3]}")

![图 {NASTY[0]} {NASTY[4]}](img/missing.png)

行内 `{NASTY[2]} {NASTY[4]} {NASTY[6]}`

```
{ALL}
```

| 列 {NASTY[1]} | 列二 |
|---|---|
| {NASTY[5]} | {NASTY[6]} |

- 项 {NASTY[7]}
  > 引 {NASTY[8]}

<script>alert("block")</script>

<div onclick="x()">块</div>

<!-- 注释 -->
"""
# The backslash and markdown-it's own entity handling: "&amp;lt;" is Markdown for "&lt;"
# as text, so the model's text is what each output must show.
FORBIDDEN_TAGS = ("script", "font", "para", "b", "div", "img", "t")


@pytest.fixture(scope="module")
def doc() -> Document:
    return parse(SOURCE)


@pytest.fixture(scope="module")
def rendered(doc: Document, tmp_path_factory: pytest.TempPathFactory):
    return render_all(doc, tmp_path_factory.mktemp("rendered"), editions=("zh-Hans", "zh-TW"))


def _code_texts(doc: Document) -> list[str]:
    from cppcc_convert.model import Code, CodeBlock
    from cppcc_convert.walk import block_inlines, iter_blocks, iter_inlines

    out: list[str] = []
    for block in iter_blocks(doc.blocks):
        if isinstance(block, CodeBlock):
            out.append(block.text)
        for inlines in block_inlines(block):
            out += [n.text for n in iter_inlines(inlines) if isinstance(n, Code)]
    return out


def _prose(doc: Document) -> str:
    """The document's text outside code (front matter aside): where HTML was read as HTML."""
    from cppcc_convert.model import block_texts

    text = "\n".join(block_texts(doc.blocks))
    for code in _code_texts(doc):
        text = text.replace(code, "")
    return text


def test_the_model_holds_the_markup_as_text(doc: Document) -> None:
    # Front matter and code are text: every byte of the markup is there, literally.
    for nasty in NASTY:
        assert nasty in doc.meta.title, nasty
    code = "\n".join(_code_texts(doc))
    assert ALL in code and NASTY[6] in code
    # The body's HTML was read as HTML: its text stays, its markup and scripts are gone.
    prose = _prose(doc)
    # (``<w:t>`` is no HTML tag to CommonMark, a colon cannot be in a tag name: it is text.)
    for tag in ("<script", "<font", "<b>", "<div", "<img", "<para", "<!--", "<?xml"):
        assert tag not in prose, tag
    assert "alert(" not in prose  # script content never reaches the text
    for kept in ("红", "粗", "注入", "段", "链", "&xxe;", "]]>", "数据", "块"):
        assert kept in prose, kept
    codes = {(d.level, d.code) for d in doc.diagnostics}
    assert ("warning", "html-dropped") in codes and ("info", "html-comment") in codes


def _literal_everywhere(text: str, doc: Document) -> None:
    """The title's markup (as text) and the document's text appear in ``text``."""
    flat = squash(text)
    for nasty in NASTY:
        assert squash(nasty) in flat, nasty
    assert squash(document_text(doc, with_meta=False)) in flat


def _no_injected_elements(root: etree._Element) -> None:
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue  # comments and processing instructions are checked on the bytes
        local = etree.QName(el).localname
        ns = etree.QName(el).namespace
        if local == "img":
            assert el.get("src", "").startswith(("data:", "images/", "img")), el.get("src")
            assert "passwd" not in el.get("src", "")
        elif local == "a":
            assert not el.get("href", "").lower().startswith("javascript")
        elif ns in (None, XHTML[1:-1]):
            assert local not in FORBIDDEN_TAGS, local
        for name in el.attrib:
            assert not str(name).lower().startswith("on"), name


def _no_dtd(data: bytes) -> None:
    assert b"<!ENTITY" not in data and b"<!DOCTYPE x" not in data and b"<!--" not in data


def test_html_shows_markup_literally(rendered, doc: Document) -> None:
    for edition in ("zh-Hans", "zh-TW"):
        data = rendered.outputs[("html", edition)]
        if edition == "zh-Hans":  # (the Traditional edition converts the Chinese inside)
            _literal_everywhere(html_text(data), doc)
        edoc = _edition(doc, edition)
        assert squash(document_text(edoc, with_meta=False)) in squash(html_text(data))
        _no_injected_elements(etree.fromstring(data))
        _no_dtd(data)
        import lxml.html

        page = lxml.html.document_fromstring(data)
        assert not page.findall(".//script") and not page.findall(".//font")


def test_epub_shows_markup_literally(rendered, doc: Document) -> None:
    data = rendered.outputs[("epub", "zh-Hans")]
    _literal_everywhere(epub_text(data), doc)
    _, pages = epub_pages(data)
    for root in pages.values():
        _no_injected_elements(root)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith((".xhtml", ".opf", ".ncx", ".xml")):
                _no_dtd(z.read(name))
                etree.fromstring(z.read(name))


def test_docx_shows_markup_literally(rendered, doc: Document) -> None:
    data = rendered.outputs[("docx", "zh-Hans")]
    _literal_everywhere(docx_text(data), doc)
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
        texts = [t.text or "" for t in root.iter(f"{{{w}}}t")]
        # the fake <w:t> of the title stays inside a real one, as characters
        assert any("<w:t>注入</w:t>" in t for t in texts)
        for el in root.iter():
            if isinstance(el.tag, str):
                assert etree.QName(el).namespace is not None, el.tag  # nothing unqualified
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                _no_dtd(z.read(name))
        rels = z.read("word/_rels/document.xml.rels").decode()
        assert "/etc/passwd" not in rels and "javascript" not in rels.lower()
        assert not [n for n in z.namelist() if n.startswith("word/media/")]


def test_pdf_shows_markup_literally(rendered, doc: Document, tmp_path: Path) -> None:
    tmp = tmp_path
    data = rendered.outputs[("pdf", "zh-Hans")]
    text = pdf_text(pdf_check(data, tmp)).replace("●", "")  # the list bullet is drawn
    _literal_everywhere(text, doc)
    assert b"/JavaScript" not in data and b"/JS" not in data
    # the text names /etc/passwd (it is in the title, so in /Info too), but nothing opens it
    assert b"/Launch" not in data and b"/EmbeddedFile" not in data and b"(file:" not in data


def test_json_keeps_markup_as_text(rendered, doc: Document) -> None:
    data = rendered.outputs[("json", "zh-Hans")]
    assert json_text(data) == document_text(doc)
    assert Document.from_json(data).meta.title == doc.meta.title


def _edition(doc: Document, edition: str) -> Document:
    from robustness_support import edition_doc

    return edition_doc(doc, edition)


def test_dangerous_link_schemes_are_text_in_every_format(tmp_path: Path) -> None:
    """A model built directly (from JSON, say) can hold any URL: javascript:, file: and
    data: links stay plain text in every format; http(s) and relative links stay links."""
    from cppcc_convert.model import Link, Meta, Paragraph, Text

    urls = ("javascript:alert(1)", "JavaScript:x", "file:///etc/passwd", "data:text/html,x")
    links = tuple(Link((Text(f"链{i}"),), u) for i, u in enumerate(urls))
    ok = (Link((Text("好"),), "https://example.invalid/"),)
    doc = Document(Meta(title="链接"), (Paragraph(links + ok),))
    r = render_all(doc, tmp_path, formats=("docx", "pdf", "epub", "html"), editions=("zh-Hans",))
    for (fmt, _), data in r.outputs.items():
        blob = data
        if fmt in ("docx", "epub"):
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                blob = b"".join(z.read(n) for n in z.namelist())
        lowered = blob.lower()
        assert b"javascript:" not in lowered and b"file:///" not in lowered, fmt
        assert b"data:text" not in lowered, fmt
        assert b"https://example.invalid/" in blob, fmt
