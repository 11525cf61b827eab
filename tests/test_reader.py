"""The Markdown reader: CommonMark structures on real Markdown, front matter, soft breaks,
raw HTML, and the errors a bad document raises."""

from __future__ import annotations

import pytest

from cppcc_convert import ConvertError, Options, parse
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
    Paragraph,
    Quote,
    Rule,
    Strike,
    Strong,
    Table,
    Text,
    block_texts,
    inline_text,
)


def read(text: str, **options: object) -> Document:
    return parse(text, options=Options(**options), file="doc.md")  # type: ignore[arg-type]


def para(text: str) -> Paragraph:
    doc = read(text)
    assert len(doc.blocks) == 1 and isinstance(doc.blocks[0], Paragraph), doc.blocks
    return doc.blocks[0]


# ---------------------------------------------------------------- soft breaks


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("中文\n换行", "中文换行"),
        ("第一句，\n第二句。", "第一句，第二句。"),
        ("English words wrap\nwith a space.", "English words wrap with a space."),
        ("中文\nEnglish", "中文English"),
        ("English\n中文", "English中文"),
        ("数字123\n456", "数字123 456"),
        ("**重点**\n内容", "重点内容"),
    ],
)
def test_soft_line_breaks(source: str, text: str) -> None:
    assert inline_text(para(source).inlines) == text


def test_hard_line_breaks() -> None:
    p = para("第一行  \n第二行\\\n第三行。")
    assert p.inlines == (
        Text("第一行"),
        LineBreak(),
        Text("第二行"),
        LineBreak(),
        Text("第三行。"),
    )


# ---------------------------------------------------------------- inlines


def test_emphasis_inside_cjk_text() -> None:
    p = para("这是**重点**内容，*强调*与~~删除~~。")
    assert p.inlines == (
        Text("这是"),
        Strong((Text("重点"),)),
        Text("内容，"),
        Emph((Text("强调"),)),
        Text("与"),
        Strike((Text("删除"),)),
        Text("。"),
    )


def test_links_with_titles_and_inline_code() -> None:
    p = para('见[政协网站](https://www.cppcc.gov.cn/a "全国政协")与`code`。')
    assert p.inlines == (
        Text("见"),
        Link((Text("政协网站"),), "https://www.cppcc.gov.cn/a", "全国政协"),
        Text("与"),
        Code("code"),
        Text("。"),
    )


def test_inline_image_stays_inline() -> None:
    p = para('文字![小图](img/a.png "题")文字。')
    assert p.inlines == (Text("文字"), InlineImage("img/a.png", "小图", "题"), Text("文字。"))


def test_block_image_gets_its_alt_text_as_caption() -> None:
    doc = read('正文。\n\n![政协委员视察](img/photo.png "视察")\n\n正文二。')
    assert doc.blocks[1] == Figure(
        InlineImage("img/photo.png", "政协委员视察", "视察"), (Text("政协委员视察"),)
    )
    no_alt = read("正文。\n\n![](img/photo.png)\n")
    assert no_alt.blocks[1:] == (Figure(InlineImage("img/photo.png")),)


# ---------------------------------------------------------------- blocks


def test_headings_and_title() -> None:
    doc = read("# 总标题\n\n## 二级\n\n### 三级\n\n###### 六级\n\n正文。")
    assert doc.meta.title == "总标题"
    assert [(b.level, inline_text(b.inlines)) for b in doc.blocks[:3]] == [  # type: ignore[union-attr]
        (2, "二级"),
        (3, "三级"),
        (6, "六级"),
    ]
    assert not any(isinstance(b, Heading) and b.level == 1 for b in doc.blocks)


def test_a_second_level_one_heading_stays_in_the_body() -> None:
    doc = read("# 总标题\n\n正文。\n\n# 另一个一级标题\n\n正文。")
    assert doc.meta.title == "总标题"
    assert Heading(1, (Text("另一个一级标题"),), id="另一个一级标题") in doc.blocks


def test_no_title_when_the_document_starts_with_text() -> None:
    doc = read("正文。\n\n# 标题在后\n")
    assert doc.meta.title == ""
    assert isinstance(doc.blocks[1], Heading)


def test_nested_lists_with_start_numbers() -> None:
    source = (
        "1. 一\n2. 二\n   - 甲\n   - 乙\n     1. 子一\n     2. 子二\n3. 三\n\n"
        "中间。\n\n7. 七\n8. 八\n"
    )
    outer, _, second = read(source).blocks
    assert isinstance(outer, ListBlock) and outer.ordered and outer.start == 1 and outer.tight
    assert len(outer.items) == 3
    inner = outer.items[1][1]
    assert isinstance(inner, ListBlock) and not inner.ordered
    deepest = inner.items[1][1]
    assert isinstance(deepest, ListBlock) and deepest.ordered
    assert block_texts((deepest,)) == ["子一", "子二"]
    assert isinstance(second, ListBlock) and second.start == 7
    assert block_texts((second,)) == ["七", "八"]


def test_tight_and_loose_lists() -> None:
    tight = read("- 一\n- 二\n").blocks[0]
    loose = read("- 一\n\n- 二\n").blocks[0]
    assert isinstance(tight, ListBlock) and tight.tight
    assert isinstance(loose, ListBlock) and not loose.tight
    assert block_texts((tight,)) == block_texts((loose,)) == ["一", "二"]


def test_quote_containing_a_list_and_a_quote() -> None:
    doc = read("> 引文。\n>\n> - 项一\n> - 项二\n>\n> > 嵌套引文。\n")
    (quote,) = doc.blocks
    assert isinstance(quote, Quote)
    first, lst, nested = quote.blocks
    assert first == Paragraph((Text("引文。"),))
    assert isinstance(lst, ListBlock) and block_texts((lst,)) == ["项一", "项二"]
    assert nested == Quote((Paragraph((Text("嵌套引文。"),)),))


def test_table_header_rows_alignment() -> None:
    doc = read("| 项目 | 数量 | 备注 | 其他 |\n|:--|--:|:-:|---|\n| 提案 | 128 | **高** | |\n")
    (table,) = doc.blocks
    assert isinstance(table, Table)
    assert table.align == ("left", "right", "center", None)
    assert [inline_text(c) for c in table.header] == ["项目", "数量", "备注", "其他"]
    assert table.rows == (((Text("提案"),), (Text("128"),), (Strong((Text("高"),)),), ()),)


def test_code_fences_with_language() -> None:
    doc = read(
        "```python\ndef f():\n    return '政协,你好'\n```\n\n~~~\n无语言\n~~~\n\n    缩进代码\n"
    )
    assert doc.blocks == (
        CodeBlock("def f():\n    return '政协,你好'", "python"),
        CodeBlock("无语言", ""),
        CodeBlock("缩进代码", ""),
    )


def test_thematic_break() -> None:
    doc = read("前文。\n\n---\n\n后文。\n\n***\n")
    assert [type(b) for b in doc.blocks] == [Paragraph, Rule, Paragraph, Rule]


def test_block_lines_point_into_the_source() -> None:
    source = "# 标题\n\n正文。\n\n## 小节\n\n- 项\n\n> 引文。\n"
    doc = read(source)
    assert [b.line for b in doc.blocks] == [3, 5, 7, 9]


def test_rich_document(rich_doc: Document) -> None:
    kinds = [type(b).__name__ for b in rich_doc.blocks]
    assert kinds == [
        "Heading",
        "Paragraph",
        "Figure",
        "Quote",
        "Heading",
        "ListBlock",
        "Paragraph",
        "ListBlock",
        "Heading",
        "Table",
        "CodeBlock",
        "Rule",
        "Paragraph",
    ]
    code = rich_doc.blocks[10]
    assert isinstance(code, CodeBlock) and code.language == "python"
    assert '"政协,你好"' in code.text  # never repaired


# ---------------------------------------------------------------- raw HTML


def test_raw_html_is_read_as_html() -> None:
    doc = read("文字<span>内联</span>。\n\n<div>块</div>\n")
    assert block_texts(doc.blocks) == ["文字内联。", "块"]
    assert [b.line for b in doc.blocks] == [1, 3]


def test_entities_are_decoded_not_html() -> None:
    doc = read("甲 &amp; 乙 &lt;b&gt;。\n")
    assert block_texts(doc.blocks) == ["甲 & 乙 <b>。"]


# ---------------------------------------------------------------- front matter

FRONT = """---
title: 前言标题
subtitle: 副标题
authors:
  - name: 吴璇
    role: 记者
  - 张三
date: 2024-10-08
lang: zh-Hant
source: 富阳日报
tags: [政协, 产业]
count: 3
---

# 正文里的标题

记者 李四

正文。
"""


def test_front_matter_wins_over_the_heading() -> None:
    doc = read(FRONT)
    meta = doc.meta
    assert meta.title == "前言标题" and meta.subtitle == "副标题"
    assert meta.authors == (Author("吴璇", "记者"), Author("张三", ""))
    assert (meta.date, meta.lang, meta.source) == ("2024-10-08", "zh-Hant", "富阳日报")
    assert meta.extra == {"tags": ["政协", "产业"], "count": 3}
    assert doc.blocks[0] == Heading(1, (Text("正文里的标题"),), id="正文里的标题")
    assert "记者 李四" in block_texts(doc.blocks)[1]  # front matter authors win over a byline


def test_front_matter_single_author_string() -> None:
    doc = read("---\nauthor: 王五\n---\n\n# 标题\n\n正文。\n")
    assert doc.meta.authors == (Author("王五"),)
    assert doc.meta.title == "标题"  # no title in the front matter: the heading gives it


def test_default_lang() -> None:
    assert read("正文。").meta.lang == "zh-CN"


# ---------------------------------------------------------------- bad documents


def error(text: str, **options: object) -> str:
    with pytest.raises(ConvertError) as info:
        read(text, **options)
    message = str(info.value)
    assert "\n" not in message and message.startswith("doc.md")
    return message


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("---\ntitle: [unclosed\nlang: zh\n---\n\n正文。\n", 3),
        ("---\ntitle: a\n  bad: indent\n---\n\n正文。\n", 3),
        ("---\n- a\n- b\n---\n\n正文。\n", 1),
    ],
)
def test_bad_front_matter_names_file_and_line(source: str, line: int) -> None:
    message = error(source)
    assert message.startswith(f"doc.md:{line}: ")
    assert "front matter" in message


@pytest.mark.parametrize("source", ["> " * 12 + "深", "- " * 12 + "深", "> - " * 6 + "深"])
def test_too_deep_nesting(source: str) -> None:
    assert "nesting" in error(source, max_nesting=5)
    assert read(source, max_nesting=30).blocks  # fine under a higher limit


def test_very_deep_nesting_under_the_default_limit() -> None:
    assert "nesting" in error("> " * 500 + "深")


def test_too_large_text() -> None:
    text = "# 标题\n\n" + "正文。" * 100
    assert "larger than 100 bytes" in error(text, max_input_bytes=100)
    assert read(text, max_input_bytes=10_000).meta.title == "标题"


def test_too_many_table_cells() -> None:
    table = "| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 10
    assert "cells" in error(table, max_table_cells=10)


@pytest.mark.parametrize("source", ["", "\n\n", " \t\n", "\u3000\u3000\n\u00a0\n", "\ufeff"])
def test_empty_documents(source: str) -> None:
    assert "empty" in error(source)


def test_front_matter_alone_with_no_title_is_empty() -> None:
    assert "empty" in error("---\nlang: zh-CN\n---\n")


def test_an_unknown_marked_section_in_html_is_a_dropped_declaration() -> None:
    """``<![x …>`` (Python 3.11's html.parser asserts on it) is dropped, the rest read."""
    from cppcc_convert.reader import read_markdown

    result = read_markdown("<!-- c -->a<![i] b>c<b>粗</b>\n", Options())
    assert result.blocks[0] == Paragraph((Text("ac"), Strong((Text("粗"),))), 1)
    assert any(d.code == "html-dropped" for d in result.diagnostics)
