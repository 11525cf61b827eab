"""The platypus page loop (writers/pdf_pages): the PDF bytes are those reportlab's own
BaseDocTemplate writes, and the fast path really sets the text blocks (else the first test
proves nothing). Every document is set here by platypus (``pdf._ordinary`` answers no): our
own loop, which sets ordinary documents, is tests/test_pdf_plain.py's."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, KeepTogether

import cppcc_convert
from cppcc_convert.model import Document
from cppcc_convert.options import Options
from cppcc_convert.writers import WriteContext, pdf, pdf_pages
from cppcc_convert.writers.pdf_flowables import Para, TextFlow
from cppcc_convert.writers.pdf_layout import BOOK

ROOT = Path(__file__).resolve().parent.parent
RICH = ROOT / "tests" / "data" / "rich.md"
OFFICIAL = ROOT / "samples" / "official-notice.md"
SAMPLE = ROOT / "samples" / "fuyang-cppcc.md"

# Headings, lists, quotes in quotes, code, a definition list, a table after a heading, a
# figure with and without its picture, paragraphs long enough to split across pages.
MIXED = "\n".join(
    f"## 标题{i}\n\n"
    + "政协委员深入调研，形成高质量的建议。" * (3 + 11 * (i % 4))
    + f"\n\n- 第一项\n- 第二项，较长的内容{'继续' * i}\n  1. 子项\n\n"
    + f"> 引文{'很长的引文。' * (2 * i)}\n>\n> > 嵌套{'内容' * i}\n\n"
    + f"术语{i}\n: 定义的文字{'解释' * i}\n\n"
    + "### 表前标题\n\n| 甲 | 乙 |\n|---|---|\n"
    + "".join(f"| 行{k} | 内容{'长' * k} |\n" for k in range(2 * i))
    + f"\n```\n{chr(10).join(f'code {k} 代码' for k in range(3 * i))}\n```\n\n"
    + f"![图{i}](img/photo.png)\n\n![缺图{i}](img/none.png)\n\n---\n\n"
    + "[链接](https://example.org/) 与 `行内代码` 与 **重点** 与 ~~删除~~。\n"
    for i in range(14)
)


def _render(doc: Document, size: str, edition: str, monkeypatch: Any, plain: bool) -> bytes:
    with monkeypatch.context() as m:
        m.setattr(pdf, "_ordinary", lambda doc: False)
        if plain:
            m.setattr(pdf_pages, "Pages", BaseDocTemplate)
        options = Options(page_size=size)
        return cppcc_convert.render(
            doc, "pdf", edition=edition, options=options, base_dir=RICH.parent
        )


def _docs() -> dict[str, Document]:
    rich = cppcc_convert.load(RICH)
    sample = cppcc_convert.load(SAMPLE)
    return {
        "rich x5": dataclasses.replace(rich, blocks=rich.blocks * 5),
        "sample x3": dataclasses.replace(sample, blocks=sample.blocks * 3),
        "official": cppcc_convert.load(OFFICIAL),
        "mixed": cppcc_convert.parse(MIXED),
    }


@pytest.mark.parametrize("size", ["A4", "A5"])
@pytest.mark.parametrize("name", ["rich x5", "sample x3", "official", "mixed"])
def test_the_bytes_are_those_of_reportlabs_own_page_loop(
    name: str, size: str, monkeypatch: Any
) -> None:
    doc = _docs()[name]
    edition = "zh-HK" if size == "A5" else "zh-Hans"
    ours = _render(doc, size, edition, monkeypatch, plain=False)
    theirs = _render(doc, size, edition, monkeypatch, plain=True)
    assert ours == theirs


def test_the_fast_path_sets_blocks_splits_headings_and_conditional_breaks(monkeypatch: Any) -> None:
    seen: Counter[str] = Counter()
    text, cond, chain = pdf_pages.Pages._text, pdf_pages.Pages._cond_break, pdf_pages.Pages._chain
    split = TextFlow.split

    def spy_text(self: Any, flowables: list[Any], f: TextFlow) -> bool:
        done: bool = text(self, flowables, f)
        seen["text set" if done else "text to platypus"] += 1
        return done

    def spy_cond(self: Any, flowables: list[Any], f: Any) -> bool:
        done: bool = cond(self, flowables, f)
        seen["cond set" if done else "cond to platypus"] += 1
        return done

    def spy_chain(self: Any, flowables: list[Any], f: TextFlow) -> bool:
        done: bool = chain(self, flowables, f)
        seen["chain set" if done else "chain to platypus"] += 1
        return done

    def spy_split(self: TextFlow, aw: float, ah: float) -> list[Any]:
        seen["split"] += 1
        return split(self, aw, ah)

    monkeypatch.setattr(pdf_pages.Pages, "_text", spy_text)
    monkeypatch.setattr(pdf_pages.Pages, "_cond_break", spy_cond)
    monkeypatch.setattr(pdf_pages.Pages, "_chain", spy_chain)
    monkeypatch.setattr(TextFlow, "split", spy_split)
    monkeypatch.setattr(pdf, "_ordinary", lambda doc: False)
    doc = _docs()["sample x3"]
    cppcc_convert.render(doc, "pdf")
    assert seen["text set"] > 50 * max(seen["text to platypus"], 1)
    assert seen["cond set"] > 10 and seen["cond to platypus"] == 0
    assert seen["chain set"] > 10 and seen["chain to platypus"] == 0  # headings
    assert seen["split"] > 5  # blocks split at a page's bottom went through it too


def test_together_measures_a_chain_as_keep_together_does() -> None:
    doc = cppcc_convert.parse("# 标题\n\n正文" + "内容" * 300)
    ctx = WriteContext.for_document(doc)
    spec = BOOK.page(ctx)
    story = BOOK.story(doc, BOOK.fonts(ctx), ctx, spec)
    blocks = [f for f in BOOK.flowables(story, doc) if isinstance(f, TextFlow)]
    empty = TextFlow(story.plain("", "serif", 11, 1), Para(11, 18.7, space_after=3.0))
    canvas = Canvas(None)
    for chain in ([blocks[0], blocks[1]], [blocks[0], empty, blocks[1]], [empty, blocks[1]]):
        ours, theirs = pdf_pages.Together(chain), KeepTogether(chain)
        theirs.canv = canvas
        assert ours.wrap(400.0, 300.0) == theirs.wrap(400.0, 300.0)
        assert (ours._H, ours._H0) == (theirs._H, theirs._H0)
