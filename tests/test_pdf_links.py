"""Link annotations are kept as their rectangle and target until the PDF is written (issue 19:
reportlab's own objects took ~2.5 KB a link, over a gigabyte for 500,000 links). The oracle is
reportlab itself: the same document set with ``canvas.linkURL`` and ``canvas.linkRect`` gives
the same bytes, and pdfminer reads every link back."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest

import cppcc_convert
import cppcc_convert.writers.pdf_draw as pdf_draw

SOURCE = (
    "# 链接\n\n## 目录\n\n"
    + "".join(
        f"见[第{i}号文件](https://example.org/doc/{i}?q=(a)&b=中文 '文件{i}')，" for i in range(40)
    )
    + "\n\n"
    + "".join(
        f"## 第{i}节\n\n正文，[回到目录](#目录)，[下一节](#第{i + 1}节)。\n\n" for i in range(30)
    )
)


def _reportlab_links(monkeypatch: pytest.MonkeyPatch) -> None:
    def url(canv: Any, target: str, rect: Any) -> None:
        canv.linkURL(target, rect, relative=1, thickness=0)

    def destination(canv: Any, name: str, rect: Any) -> None:
        canv.linkRect("", name, rect, relative=1, thickness=0)

    monkeypatch.setattr(pdf_draw, "link_url", url)
    monkeypatch.setattr(pdf_draw, "link_destination", destination)


@pytest.mark.parametrize("edition", ["zh-Hans", "zh-HK"])
def test_links_are_the_bytes_reportlab_writes(
    monkeypatch: pytest.MonkeyPatch, edition: str
) -> None:
    doc = cppcc_convert.parse(SOURCE)
    ours = cppcc_convert.render(doc, "pdf", edition=edition)
    with monkeypatch.context() as patch:
        _reportlab_links(patch)
        theirs = cppcc_convert.render(doc, "pdf", edition=edition)
    assert ours == theirs


def test_every_link_is_read_back() -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    data = cppcc_convert.render(cppcc_convert.parse(SOURCE), "pdf")
    uris: list[str] = []
    internal = 0
    with pdfplumber.open(BytesIO(data)) as pdf:
        for page in pdf.pages:
            for link in page.hyperlinks:
                if link.get("uri"):
                    uris.append(link["uri"])
            internal += sum(1 for a in page.annots if not a.get("uri"))
    encoded = "https://example.org/doc/{}?q=(a)&b=%E4%B8%AD%E6%96%87"
    assert uris[:2] == [encoded.format(0), encoded.format(1)]
    assert len(set(uris)) == 40
    assert internal >= 59  # 30 回到目录 and 29 下一节 (the last one's target does not exist)
