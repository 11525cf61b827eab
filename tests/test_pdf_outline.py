"""The PDF outline follows the heading tree, links are live (in-document ones go to the page
where their target is drawn, external ones are URI actions over the link text), and the
document information (title, author, subject, language) is set in every edition.

Read back with pdfminer.six (outlines, annotations, destinations) and pdftotext/pdfinfo; the
expected tree and texts are written here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import cppcc_convert
from cppcc_convert.anchors import with_ids
from cppcc_convert.model import Heading
from pdf_corpus import EDITIONS, rendered
from pdf_helpers import run

SOURCE = """\
---
title: 目录测试
author: 张三
---

# 第一章 总则

正文。[见第三章](#third)，另见[官网](https://www.cppcc.gov.cn/zxww/)。

## 第一节 目的

正文。

### 一、适用范围

正文。

## 第二节 原则

正文。

# 第二章 组织 {#second}

正文。

#### 跳级的小标题

正文。

# 第三章 附则 {#third}

正文。[回到第二章](#second)
"""

# (level, title): the outline as a reader's bookmark panel shows it. A heading that skips
# levels (#### under #) hangs one level below its parent, not three.
TREE = [
    (1, "第一章 总则"),
    (2, "第一节 目的"),
    (3, "一、适用范围"),
    (2, "第二节 原则"),
    (1, "第二章 组织"),
    (2, "跳级的小标题"),
    (1, "第三章 附则"),
]


def _pdf(tmp_path: Path, edition: str = "zh-Hans") -> Path:
    path = tmp_path / f"outline-{edition}.pdf"
    # pages break before each chapter so links have somewhere to go
    text = SOURCE.replace("\n# ", "\n" + "\n\n".join(["填充段落。" * 60] * 12) + "\n\n# ")
    doc = cppcc_convert.parse(text)
    path.write_bytes(cppcc_convert.render(doc, "pdf", edition=edition))
    return path


def _open(path: Path) -> Any:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    fh = path.open("rb")
    return PDFDocument(PDFParser(fh)), fh


def _resolve(obj: Any) -> Any:
    from pdfminer.pdftypes import resolve1

    return resolve1(obj)


def _page_ids(doc: Any) -> list[int]:
    from pdfminer.pdfpage import PDFPage

    return [p.pageid for p in PDFPage.create_pages(doc)]


def _dest_page(doc: Any, dest: Any, pages: list[int]) -> int:
    """The page number (1-based) a destination (name, string or array) points to."""
    from pdfminer.psparser import PSLiteral

    dest = _resolve(dest)
    if isinstance(dest, PSLiteral):
        dest = dest.name
    if isinstance(dest, (str, bytes)):
        name = dest if isinstance(dest, bytes) else dest.encode()
        dest = _resolve(doc.get_dest(name))
    if isinstance(dest, dict):
        dest = _resolve(dest["D"])
    return pages.index(dest[0].objid) + 1


def _pages_of(path: Path, text: str) -> list[int]:
    pages = run("pdftotext", path, "-").split("\f")
    return [n for n, p in enumerate(pages, 1) if text in p.replace(" ", "")]


def test_outline_follows_the_heading_tree(tmp_path: Path) -> None:
    path = _pdf(tmp_path)
    doc, fh = _open(path)
    with fh:
        pages = _page_ids(doc)
        got = []
        for level, title, dest, action, _se in doc.get_outlines():
            target = dest if dest is not None else _resolve(action)["D"]
            got.append((level, title, _dest_page(doc, target, pages)))
    assert [(lv, t) for lv, t, _ in got] == TREE
    # each bookmark opens the page where its heading is drawn
    for _, title, page in got:
        assert page in _pages_of(path, title.replace(" ", "")), title


def _links(path: Path) -> list[tuple[int, tuple[float, ...], dict[str, Any]]]:
    from pdfminer.pdfpage import PDFPage

    doc, fh = _open(path)
    out = []
    with fh:
        pages = _page_ids(doc)
        for n, page in enumerate(PDFPage.create_pages(doc), 1):
            for annot in _resolve(page.annots) or []:
                a = _resolve(annot)
                if _resolve(a.get("Subtype")).name != "Link":
                    continue
                rect = tuple(float(v) for v in _resolve(a["Rect"]))
                info: dict[str, Any] = {}
                action = _resolve(a.get("A"))
                if action and _resolve(action.get("S")).name == "URI":
                    info["uri"] = _resolve(action["URI"]).decode()
                else:
                    target = a.get("Dest") or (action or {}).get("D")
                    info["page"] = _dest_page(doc, target, pages)
                out.append((n, rect, info))
    return out


def _chars_in(path: Path, page: int, rect: tuple[float, ...]) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        p = pdf.pages[page - 1]
        x0, y0, x1, y1 = rect
        top, bottom = p.height - y1, p.height - y0
        return "".join(
            c["text"]
            for c in p.chars
            if x0 - 0.5 <= c["x0"] and c["x1"] <= x1 + 0.5 and top - 0.5 <= c["top"]
            if c["bottom"] <= bottom + 0.5
        )


def test_links_are_live(tmp_path: Path) -> None:
    path = _pdf(tmp_path)
    links = _links(path)
    by_text = {_chars_in(path, n, rect): (n, info) for n, rect, info in links}
    assert set(by_text) == {"见第三章", "官网", "回到第二章"}
    assert by_text["官网"][1] == {"uri": "https://www.cppcc.gov.cn/zxww/"}
    # in-document links go to the page where their heading is drawn
    assert by_text["见第三章"][1]["page"] in _pages_of(path, "第三章附则")
    assert by_text["回到第二章"][1]["page"] in _pages_of(path, "第二章组织")
    assert by_text["见第三章"][1]["page"] > by_text["见第三章"][0]  # a real jump forward


def test_the_model_gives_the_ids_the_links_use() -> None:
    """The anchors of the test document are the ones written in it (so the link test above
    tests the writer, not the id maker)."""
    doc = with_ids(cppcc_convert.parse(SOURCE))
    diagnostics = doc.diagnostics
    ids = {b.id for b in doc.blocks if isinstance(b, Heading)}
    assert {"second", "third"} <= ids  # explicit {#id}s are kept, not renumbered to second-1
    assert [d for d in diagnostics if d.code == "heading-id"] == []


def _info(path: Path) -> dict[str, str]:
    out = {}
    for line in run("pdfinfo", path).splitlines():
        key, _, value = line.partition(":")
        out[key.strip()] = value.strip()
    return out


LANG = {"zh-Hans": "zh-CN", "zh-Hant": "zh-Hant", "zh-TW": "zh-TW", "zh-HK": "zh-HK"}


@pytest.mark.parametrize("edition", EDITIONS)
def test_metadata_in_every_edition(edition: str) -> None:
    r = rendered("sample", edition)
    info = _info(r.path)
    meta = r.doc.meta
    assert info["Title"] == meta.title and meta.title
    assert info["Author"] == "、".join(a.name for a in meta.authors) and info["Author"]
    assert info["Subject"]  # the subtitle, the source or the lead sentence
    assert info["Subject"] in (meta.subtitle, meta.source) or info["Subject"].rstrip("…")[
        :20
    ] in "".join(run("pdftotext", r.path, "-").split())
    assert info["Creator"] == "cppcc-convert"
    lang = re.search(rb"/Lang \(([^)]*)\)", r.path.read_bytes())
    assert lang is not None and lang.group(1).decode() == LANG[edition]


@pytest.mark.parametrize("edition", EDITIONS)
def test_outline_in_every_edition(edition: str) -> None:
    r = rendered("sample", edition)
    doc, fh = _open(r.path)
    with fh:
        titles = [(lv, t) for lv, t, *_ in doc.get_outlines()]
    headings = [b for b in r.doc.blocks if isinstance(b, Heading)]
    assert [t for _, t in titles] == [
        "".join(getattr(i, "text", "") for i in h.inlines) for h in headings
    ]
    assert len(titles) == 4 and {lv for lv, _ in titles} == {1}
