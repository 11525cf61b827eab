"""Our own page loop (writers/pdf_plain): an ordinary document's PDF bytes are those reportlab's
own BaseDocTemplate writes, the loop really sets them (``plain=True`` raises ``Unplain``
where it would hand the document to platypus), what it leaves to platypus comes out the same,
and a PDF-only run of an ordinary document never imports ``reportlab.platypus``."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from reportlab.platypus import BaseDocTemplate

import cppcc_convert
from cppcc_convert.locale import resolve
from cppcc_convert.model import Document
from cppcc_convert.options import Options
from cppcc_convert.writers import WriteContext, pdf, pdf_pages
from cppcc_convert.writers.pdf_plain import Unplain

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "fuyang-cppcc.md"
LONG = "政协委员深入调研，形成高质量的建议，推动问题解决。"

# Every kind of chain the loop sets: a heading before a paragraph, before another heading
# (a conditional break), before a rule, before a list, a quote, code; paragraphs long enough
# to split at a page's bottom; top-level rules; a heading last.
KINDS = (
    "\n".join(
        f"# 章{i}\n\n## 节{i}\n\n### 小节{i}\n\n"
        + LONG * (2 + 9 * (i % 5))
        + f"\n\n## 分隔{i}\n\n---\n\n## 列表{i}\n\n"
        + f"- 第一项{LONG * (i % 3)}\n- 第二项\n  1. 子项\n\n"
        + f"## 引文{i}\n\n> 引文{LONG * i}\n>\n> > 嵌套{LONG}\n\n## 代码{i}\n\n"
        + f"```\n{chr(10).join(f'code {k} 代码' for k in range(2 * i))}\n```\n\n"
        + f"术语{i}\n: 定义{LONG * (i % 4)}\n\n---\n\n"
        + "[链接](https://example.org/) 与 `行内代码` 与 **重点** 与 ~~删除~~[^1]。\n\n"
        + "[^1]: 脚注。\n"
        for i in range(12)
    )
    + "\n\n## 文末的标题\n"
)


def _docs() -> dict[str, Document]:
    sample = cppcc_convert.load(SAMPLE)
    return {
        "sample x3": dataclasses.replace(sample, blocks=sample.blocks * 3),
        "kinds": cppcc_convert.parse(KINDS),
        "empty": cppcc_convert.parse("> \n"),
        "headings": cppcc_convert.parse("\n\n".join(f"## 标题{i}" for i in range(90))),
    }


def _platypus(doc: Document, ctx: WriteContext, monkeypatch: Any) -> bytes:
    """The oracle: the document set by reportlab's own BaseDocTemplate."""
    with monkeypatch.context() as m:
        m.setattr(pdf_pages, "Pages", BaseDocTemplate)
        return pdf.write(doc, ctx, plain=False)


@pytest.mark.parametrize("size", ["A4", "A5"])
@pytest.mark.parametrize("name", ["sample x3", "kinds", "empty", "headings"])
def test_the_bytes_are_those_of_reportlabs_own_page_loop(
    name: str, size: str, monkeypatch: Any
) -> None:
    doc = _docs()[name]
    ctx = WriteContext.for_document(doc, Options(page_size=size))
    if size == "A5":
        ctx = dataclasses.replace(ctx, locale=resolve("zh-HK"))  # the Hong Kong faces
    ours = pdf.write(doc, ctx, plain=True)  # raises Unplain if the loop left it to platypus
    assert ours == _platypus(doc, ctx, monkeypatch)
    assert ours == pdf.write(doc, ctx)  # and the writer chooses our loop for it


@pytest.mark.parametrize(
    "text",
    [
        "> 引文\n>\n> ---\n\n正文",  # a rule in a quote: an indenter
        "| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n",  # a table
    ],
)
def test_what_the_loop_leaves_to_platypus_comes_out_the_same(text: str, monkeypatch: Any) -> None:
    doc = cppcc_convert.parse(text)
    ctx = WriteContext.for_document(doc)
    ours = pdf.write(doc, ctx)
    assert ours == _platypus(doc, ctx, monkeypatch)
    if pdf._ordinary(doc):  # asked of our loop first, which gives it up
        with pytest.raises(Unplain):
            pdf.write(doc, ctx, plain=True)


_MODULES = """
import sys, cppcc_convert
doc = cppcc_convert.parse(open(sys.argv[1], encoding="utf-8").read())
cppcc_convert.render(doc, "pdf")
print(any(m == "reportlab.platypus" or m.startswith("reportlab.platypus.") for m in sys.modules))
"""


@pytest.mark.parametrize(("name", "imported"), [("sample", False), ("table", True)])
def test_an_ordinary_pdf_run_does_not_import_platypus(
    name: str, imported: bool, tmp_path: Path
) -> None:
    source = tmp_path / "in.md"
    source.write_text(
        SAMPLE.read_text(encoding="utf-8") if name == "sample" else "| 甲 |\n|---|\n| 1 |\n",
        encoding="utf-8",
    )
    src = str(ROOT / "src")
    out = subprocess.run(
        [sys.executable, "-c", _MODULES, str(source)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": src},
    ).stdout
    assert out.strip() == str(imported)
