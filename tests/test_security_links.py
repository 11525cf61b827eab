"""One link policy for every format (issue 19, "Links"): http(s), mailto and in-document
anchors are live; protocol-relative, backslash/UNC, ``file:`` and encoded or obfuscated
schemes become plain text with a warning. Each form, written as Markdown and as HTML, is
checked in the live links of every format: DOCX relationships and anchors, PDF link
annotations, EPUB and HTML ``href``s."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import cppcc_convert
from cppcc_convert.links import classify
from robustness_support import render_all

FORMATS = ("docx", "pdf", "epub", "html")

# url -> what it must become ("live" or the diagnostic level of the text it prints as)
HOSTILE = {
    "//evil.example/x": "protocol-relative",
    "///evil.example/x": "protocol-relative",
    "\\\\evil.example\\share\\x": "backslash",
    "\\\\?\\UNC\\evil\\x": "backslash",
    "http:\\\\evil.example\\x": "backslash",
    "https://evil.example\\@good.example/": "backslash",
    "http://a\\b.example/": "backslash",
    "file:///etc/passwd": "file:",
    "FILE://server/share": "file:",
    "jav%09ascript:alert(1)": "disguised javascript:",
    "java%0Ascript:alert(1)": "disguised javascript:",
    "%6Aavascript:alert(1)": "disguised javascript:",
    "%256Aavascript:alert(1)": "disguised javascript:",
    "javascript:alert(1)": "javascript:",
    "vbscript:msgbox(1)": "vbscript:",
    "data:text/html;base64,PHNjcmlwdD4=": "data:",
    "smb://evil.example/share": "smb:",
    "ms-word:ofe|u|https://evil.example/x.docx": "ms-word:",
    "https:": "without a valid host",
    "http://": "without a valid host",
    "https://[::1/": "malformed",
}
LIVE = ("https://good.example/路径?q=1", "http://good.example:8080/", "mailto:a@good.example")


def _markdown(urls: list[str]) -> str:
    md = ["# 链接", "", "## 目标", ""]
    for i, url in enumerate(urls):
        escaped = url.replace("\\", "\\\\")  # Markdown reads \\ as one backslash
        md += [f"链{i}：[文{i}](<{escaped}>)", "", f'<p>超{i}：<a href="{url}">页{i}</a></p>', ""]
    md += ["[回到目标](#目标)", ""]
    return "\n".join(md)


def _hrefs_docx(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
        body = z.read("word/document.xml").decode("utf-8")
    used = set(re.findall(r'r:id="(rId\d+)"', body))
    out = [
        r.get("Target")
        for r in rels
        if r.get("TargetMode") == "External"
        and r.get("Id") in used
        and "hyperlink" in r.get("Type")
    ]
    return out + ["#" + a for a in re.findall(r'w:anchor="([^"]+)"', body)]


def _hrefs_pdf(data: bytes, tmp: Path) -> list[str]:
    src, plain = tmp / "links.pdf", tmp / "links-qdf.pdf"
    src.write_bytes(data)
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", src, plain], check=True)
    text = plain.read_bytes().decode("latin-1")
    uris = [re.sub(r"\\(.)", r"\1", u) for u in re.findall(r"/URI \(((?:[^()\\]|\\.)*)\)", text)]
    internal = text.count("/Subtype /Link") - len(uris)  # link annotations to a place
    return uris + ["#internal"] * internal


def _hrefs_xhtml(page: bytes) -> list[str]:
    root = etree.fromstring(page)
    return [a.get("href") for a in root.iter("{*}a") if a.get("href") is not None]


def _hrefs_epub(data: bytes) -> list[str]:
    out: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith(".xhtml") and not name.endswith("nav.xhtml"):
                for href in _hrefs_xhtml(z.read(name)):
                    page, _, anchor = href.partition("#")
                    if page.endswith(".xhtml") and ":" not in page:  # another chapter
                        if anchor:
                            out.append("#" + anchor)
                    else:
                        out.append(href)
    return out


def _live(fmt: str, data: bytes, tmp: Path) -> list[str]:
    match fmt:
        case "docx":
            return _hrefs_docx(data)
        case "pdf":
            return _hrefs_pdf(data, tmp)
        case "epub":
            return _hrefs_epub(data)
        case "html":
            return _hrefs_xhtml(data)
    raise AssertionError(fmt)


def _risky(href: str) -> bool:
    probe = href.lower()
    return (
        "\\" in href
        or "%5c" in probe
        or probe.startswith("//")
        or any(s in probe for s in ("javascript", "vbscript", "file:", "data:", "smb:", "ms-word"))
    )


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("links")
    doc = cppcc_convert.parse(_markdown([*HOSTILE, *LIVE]), file="links.md")
    return doc, render_all(doc, tmp, formats=(*FORMATS, "json"), editions=("zh-Hans",)), tmp


@pytest.mark.parametrize("fmt", FORMATS)
def test_only_safe_links_are_live(rendered, fmt: str) -> None:
    _, r, tmp = rendered
    live = _live(fmt, r.outputs[(fmt, "zh-Hans")], tmp)
    assert not [h for h in live if _risky(h)], (fmt, live)
    external = {h for h in live if not h.startswith("#")}
    expected = {classify(url, frozenset()).href for url in LIVE}
    assert external == expected, (fmt, external)
    assert any(h.startswith("#") for h in live), (fmt, "the in-document anchor is live")


@pytest.mark.parametrize("fmt", FORMATS)
def test_refused_links_keep_their_text(rendered, fmt: str) -> None:
    from robustness_support import docx_text, epub_text, html_text, pdf_check, pdf_text, squash

    _, r, tmp = rendered
    data = r.outputs[(fmt, "zh-Hans")]
    text = {
        "docx": lambda: docx_text(data),
        "pdf": lambda: pdf_text(pdf_check(data, tmp)),
        "epub": lambda: epub_text(data),
        "html": lambda: html_text(data),
    }[fmt]()
    for i in range(len(HOSTILE)):
        assert f"文{i}" in squash(text) and f"页{i}" in squash(text), (fmt, i)


def test_every_refused_link_is_a_warning_naming_why(rendered) -> None:
    doc, _, _ = rendered
    unsafe = [d for d in doc.diagnostics if d.code == "link-unsafe"]
    for url, why in HOSTILE.items():
        shown = [d for d in unsafe if why in d.message]
        assert len(shown) >= 2, (url, why, [d.message for d in unsafe])
    assert all(d.level == "warning" for d in unsafe)
    assert all("\n" not in d.format() for d in unsafe)


@pytest.mark.parametrize("url", sorted(HOSTILE))
def test_classify(url: str) -> None:
    target = classify(url, frozenset())
    assert target.kind == "text" and target.level == "warning", (url, target)
    assert HOSTILE[url] in target.reason


@pytest.mark.parametrize("url", [*LIVE, "HTTPS://GOOD.EXAMPLE/", "https://user@good.example/"])
def test_classify_live(url: str) -> None:
    target = classify(url, frozenset())
    assert target.kind == "external" and not _risky(target.href), target


def test_a_link_inside_a_link_is_unwrapped(tmp_path: Path) -> None:
    """An autolink in link text and an ``<a>`` in an ``<a>`` give one link each, never nested
    ones (XHTML forbids them: EPUBCheck fails the book)."""
    from cppcc_convert.model import Link
    from cppcc_convert.walk import block_inlines, iter_blocks, iter_inlines

    md = (
        "# 嵌套\n\n[<https://inner.example>](https://outer.example)\n\n"
        '<a href="https://o.example">外<a href="https://i.example">内</a></a>\n\n'
        "[**粗[内](https://i2.example)**](https://o2.example)\n"
    )
    doc = cppcc_convert.parse(md)
    for block in iter_blocks(doc.blocks):
        for inlines in block_inlines(block):
            for link in (n for n in iter_inlines(inlines) if isinstance(n, Link)):
                assert not any(isinstance(n, Link) for n in iter_inlines(link.children)), link
    r = render_all(doc, tmp_path, formats=("epub", "html"), editions=("zh-Hans",))
    for (fmt, _), data in r.outputs.items():
        pages = [data] if fmt == "html" else []
        if fmt == "epub":
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                pages = [z.read(n) for n in z.namelist() if n.endswith(".xhtml")]
        for page in pages:
            root = etree.fromstring(page)
            for a in root.iter("{*}a"):
                assert not list(a.iter("{*}a"))[1:], fmt
