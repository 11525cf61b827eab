"""Statutes as Taiwan's law database exports them (law.moj.gov.tw; the corpus holds the ROC
constitution): a header of labelled lines opening with 法規名稱：, chapter lines with spaced
numbers (``   第 一 章 總綱``), section lines indented by six spaces (Markdown code),
articles as ``第 1 條`` alone on a line with the text on the next. Documents made here."""

from __future__ import annotations

import pytest

import cppcc_convert
from cppcc_convert.markers import line_marker
from cppcc_convert.model import CodeBlock, Document, Heading, LineBreak, Paragraph, inline_text

STATUTE = """法規名稱：測試組織法
法規類別：行政 / 組織
修正日期：20200101
法規網址：https://law.moj.gov.tw/LawClass/LawAll.aspx?pcode=X0000001

本法依據憲法制定，為規範測試機關之組織，特制定本法
，以資遵循。

   第 一 章 總則

第 1 條
本法所稱主管機關為測試部。

第 2 條
測試部掌理下列事項：
一　測試之規劃。
二  測試之執行。

   第 二 章 組織

      第 一 節 本部

第 3 條
測試部置部長一人。

      第 二 節 所屬機關

第 4 條
測試部得設所屬機關。

第 5 條
本法自公布日施行。
"""


def parse(source: str) -> Document:
    return cppcc_convert.parse(source)


def headings(doc: Document) -> list[tuple[int, str]]:
    return [(b.level, inline_text(b.inlines)) for b in doc.blocks if isinstance(b, Heading)]


def codes(doc: Document, code: str) -> list[str]:
    return [d.message for d in doc.diagnostics if d.code == code]


@pytest.mark.parametrize(
    ("line", "kind", "rank"),
    [
        ("第 1 條", "article", 0),
        ("第 175 條", "article", 0),
        ("第一条　为了规范", "article", 0),
        ("第1条规定的", "article", 0),
        ("第 十一 章 地方制度", "chapter", 2),
        ("第 一 節 省", "chapter", 3),
        ("第一節　總則", "chapter", 3),
        ("第二編 債", "chapter", 1),
        ("第三講　唐之傳奇文", "chapter", 2),
        ("第三章", "chapter", 2),
    ],
)
def test_spaced_numbers_and_traditional_units(line: str, kind: str, rank: int) -> None:
    marker = line_marker(line)
    assert marker is not None and (marker.kind, marker.rank) == (kind, rank)


@pytest.mark.parametrize("line", ["第 3 章）", "第  1  條", "第1號", "次第 1 條"])
def test_what_is_still_no_marker(line: str) -> None:
    assert line_marker(line) is None


def test_the_statute_reads_as_the_database_prints_it() -> None:
    doc = parse(STATUTE)
    assert doc.meta.title == "測試組織法"
    assert codes(doc, "genre")[0].startswith("read as statute")
    assert headings(doc) == [
        (1, "第 一 章 總則"),
        (1, "第 二 章 組織"),
        (2, "第 一 節 本部"),
        (2, "第 二 節 所屬機關"),
    ]
    assert not [b for b in doc.blocks if isinstance(b, CodeBlock)]
    paras = [b for b in doc.blocks if isinstance(b, Paragraph)]
    # the header stays, each labelled line on its own, and is not glued to the preamble
    header = paras[0]
    assert inline_text(header.inlines).split("\n") == [
        "法規名稱：測試組織法",
        "法規類別：行政 / 組織",
        "修正日期：20200101",
        "法規網址：https://law.moj.gov.tw/LawClass/LawAll.aspx?pcode=X0000001",
    ]
    assert sum(isinstance(n, LineBreak) for n in header.inlines) == 3
    assert inline_text(paras[1].inlines) == (
        "本法依據憲法制定，為規範測試機關之組織，特制定本法，以資遵循。"
    )
    # an article's number is set apart from its text by U+3000, as statutes are printed;
    # the wrapped text after it still runs on
    articles = [p for p in paras if inline_text(p.inlines).startswith("第 ")]
    assert [inline_text(p.inlines).split("\u3000")[0] for p in articles] == [
        f"第 {n} 條" for n in range(1, 6)
    ]
    assert inline_text(articles[0].inlines) == "第 1 條\u3000本法所稱主管機關為測試部。"
    # its items (a numeral and U+3000 opening a line) keep their lines
    second = "第 2 條\u3000測試部掌理下列事項：\n一\u3000測試之規劃。\n二  測試之執行。"
    assert inline_text(articles[1].inlines) == second
    assert sum(isinstance(n, LineBreak) for n in articles[1].inlines) == 2
    assert not codes(doc, "rejoin")
    notes = codes(doc, "line-break")
    assert notes[0].startswith("4 labelled lines")
    assert sum("article number" in n for n in notes) == 5
    assert sum("2 item(s) on lines of their own" in n for n in notes) == 1
    assert any("indented line, read as code" in n for n in codes(doc, "structure"))


def test_every_character_is_kept() -> None:
    """Nothing of the source is lost: its characters (whitespace aside), in order, are the
    title's and the blocks' (the title is also still in the header)."""
    doc = parse(STATUTE)
    text = "".join(
        inline_text(b.inlines) if not isinstance(b, CodeBlock) else b.text for b in doc.blocks
    )
    squash = str.maketrans("", "", " \n\u3000")
    assert text.translate(squash) == STATUTE.translate(squash)


@pytest.mark.parametrize(
    "source",
    [
        "作者：某甲\n这是正文的一句话，后面还有。\n",  # one line unlabelled: prose runs on
        "第 1 條 本條有文字\n下一行。\n",  # the number is not alone on its line
        "联系人：某乙\n电话：123\n\n",  # labelled, but the paragraph is one of a news text
    ],
)
def test_only_lines_that_stand_apart_are_kept_apart(source: str) -> None:
    doc = parse(source)
    (para,) = [b for b in doc.blocks if isinstance(b, Paragraph)]
    breaks = sum(isinstance(n, LineBreak) for n in para.inlines)
    assert breaks == (1 if source.startswith("联系人") else 0)


def test_a_code_block_stays_code_outside_a_statute_and_when_it_is_code() -> None:
    news = parse("# 新闻\n\n正文第一段。\n\n      第 一 節 省\n\n正文第二段。\n")
    assert [b.text for b in news.blocks if isinstance(b, CodeBlock)] == ["  第 一 節 省"]
    source = (
        STATUTE.replace("      第 二 節 所屬機關\n", "      第 二 節 所屬機關\n      x = 1\n")
        + "\n```text\n第 三 節 其他\n```\n"
    )
    doc = parse(source)
    kept = [b.text for b in doc.blocks if isinstance(b, CodeBlock)]
    assert kept == ["  第 二 節 所屬機關\n  x = 1", "第 三 節 其他"]
    assert (2, "第 一 節 本部") in headings(doc)
