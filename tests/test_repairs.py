"""Each repair, with positive and negative cases, switched off by name, and never losing text."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cppcc_convert import ConvertError, Options, parse
from cppcc_convert.model import (
    Author,
    Code,
    CodeBlock,
    Document,
    Figure,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Text,
    block_texts,
    document_text,
    inline_text,
)
from cppcc_convert.options import REPAIRS

FULL = str.maketrans(",;:?!()", "，；：？！（）")


def read(text: str, *off: str) -> Document:
    return parse(text, options=Options(disabled_repairs=frozenset(off)), file="t.md")


def kinds(doc: Document) -> list[str]:
    return [type(b).__name__ for b in doc.blocks]


def texts(doc: Document) -> list[str]:
    return block_texts(doc.blocks)


def codes(doc: Document, code: str) -> list[int | None]:
    """The lines of the diagnostics with ``code``."""
    return [d.line for d in doc.diagnostics if d.code == code]


# ---------------------------------------------------------------- byline


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("记者 吴璇", [("吴璇", "记者")]),
        ("通讯员 张三 李四", [("张三", "通讯员"), ("李四", "通讯员")]),
        ("文/图 王五", [("王五", "文/图")]),
        ("本报记者 赵六", [("赵六", "本报记者")]),
        ("记者 吴璇 通讯员 张三", [("吴璇", "记者"), ("张三", "通讯员")]),
        ("記者 王小明", [("王小明", "記者")]),
    ],
)
def test_byline_becomes_authors(line: str, authors: list[tuple[str, str]]) -> None:
    doc = read(f"# 标题\n\n{line}\n\n正文第一段。\n")
    assert [(a.name, a.role) for a in doc.meta.authors] == authors
    assert texts(doc) == ["正文第一段。"]
    assert codes(doc, "byline") == [3]


@pytest.mark.parametrize(
    "text",
    [
        "# 标题\n\n今天天气很好。\n\n正文。\n",  # a normal sentence
        "# 标题\n\n他说好\n\n正文。\n",  # short, but not a role word
        "# 标题\n\n记者 吴璇 通讯员 "
        + " ".join(["张三", "李四", "王五", "赵六"] * 4)
        + "\n\n正文。\n",
        "# 标题\n\n正文。\n\n记者 吴璇\n",  # not right after the title
        "记者 吴璇\n\n正文。\n",  # no title at all
    ],
)
def test_byline_negatives(text: str) -> None:
    doc = read(text)
    assert doc.meta.authors == ()
    assert codes(doc, "byline") == []
    assert any("吴璇" in t or "天气" in t or "他说好" in t for t in texts(doc))


def test_byline_leaves_front_matter_authors_alone() -> None:
    doc = read("---\nauthor: 甲\n---\n# 标题\n\n记者 吴璇\n\n正文。\n")
    assert doc.meta.authors == (Author("甲"),)
    assert codes(doc, "byline") == []
    assert "吴璇" in document_text(doc, with_meta=False)


# ---------------------------------------------------------------- captions


@pytest.mark.parametrize(
    "text",
    [
        "# 标题\n\n正文。\n\n\n政协委员视察现场\n\n正文二。\n",
        "# 标题\n\n正文。\n\n\n\n\n政协委员视察现场\n\n正文二。\n",
        "# 标题\n\n正文。\n\n政协委员视察现场\n",  # the last line of the document
        "# 标题\n\n正文。\n\n\n开展“产业强区突破战”\n\n正文二。\n",  # a closing quote, no 。
    ],
)
def test_captions(text: str) -> None:
    doc = read(text)
    captions = [b for b in doc.blocks if isinstance(b, Figure) and b.image is None]
    assert len(captions) == 1
    assert codes(doc, "caption") == [captions[0].line]
    assert text.splitlines()[captions[0].line - 1] == inline_text(captions[0].caption)


@pytest.mark.parametrize(
    "text",
    [
        "# 标题\n\n正文。\n\n政协委员视察现场\n\n正文二。\n",  # only one blank line
        "# 标题\n\n正文。\n\n\n政协委员视察现场。\n\n正文二。\n",  # ends with 。
        "# 标题\n\n正文。\n\n\n他说：“完成了。”\n\n正文二。\n",  # 。 inside the quotes
        "# 标题\n\n正文。\n\n他说：“完成了。”\n",  # last line, but a sentence
        "# 标题\n\n正文。\n\n\n## 小标题\n\n正文二。\n",  # a heading
        "# 标题\n\n正文。\n\n\n- 列表项\n\n正文二。\n",  # a list item
        "# 标题\n\n正文。\n\n\n第一行文字\n第二行文字\n\n正文二。\n",  # two source lines
        "# 标题\n\n正文。\n\n\nPhoto of the site\n\n正文二。\n",  # no Chinese
        "# 标题\n\n年工作日：250天\n\n月工作日：250天÷12月＝20.83天/月\n",  # an item, last
        "# 标题\n\n正文。\n\n（责任编辑：张三）\n",  # a credit line, last
        "# 标题\n\n正文。\n\n责任编辑：张三\n",
    ],
)
def test_caption_negatives(text: str) -> None:
    doc = read(text, "rejoin")
    assert not any(isinstance(b, Figure) for b in doc.blocks)
    assert codes(doc, "caption") == []


# ---------------------------------------------------------------- rejoin

SAMPLE_SPLITS = [(26, 28), (62, 64), (76, 78)]


@pytest.mark.parametrize(("first", "second"), SAMPLE_SPLITS)
def test_rejoin_sample_cases(first: int, second: int, sample_path: Path) -> None:
    lines = sample_path.read_text(encoding="utf-8").split("\n")
    a, b = lines[first - 1], lines[second - 1]
    doc = read(f"# 标题\n\n{a}\n\n{b}\n", "punctuation")
    assert kinds(doc) == ["Paragraph"]
    assert texts(doc) == [a + b]
    assert codes(doc, "rejoin") == [3]
    assert any(f"line {5}" in d.message for d in doc.diagnostics if d.code == "rejoin")


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("# 标题\n\n这是一个被分开的\n\n段落。\n", "这是一个被分开的段落。"),
        (
            "# 标题\n\n他说：“这是一句话。\n\n下面是另一句。”\n",
            "他说：“这是一句话。下面是另一句。”",
        ),
        (
            "# 标题\n\n参见《中国人民\n\n政治协商会议章程》。\n",
            "参见《中国人民政治协商会议章程》。",
        ),
        ("# 标题\n\n分开的段落，\n\n接着写完。\n", "分开的段落，接着写完。"),
        ("# 标题\n\nsplit in the\n\nmiddle of English.\n", "split in the middle of English."),
        # one label alone is no set of items; bold inside the sentence is no label line
        ("# 标题\n\n会议指出：要进一步\n\n加强监督。\n", "会议指出：要进一步加强监督。"),
        ("# 标题\n\n要**进一步**加强\n\n民主监督。\n", "要进一步加强民主监督。"),
    ],
)
def test_rejoin(text: str, joined: str) -> None:
    doc = read(text)
    assert texts(doc) == [joined]
    assert codes(doc, "rejoin") == [3]


def test_rejoin_chains_three_pieces() -> None:
    doc = read("# 标题\n\n第一段\n\n第二段\n\n第三段。\n\n独立段落。\n")
    assert texts(doc) == ["第一段第二段第三段。", "独立段落。"]
    assert codes(doc, "rejoin") == [3, 3]


@pytest.mark.parametrize(
    "text",
    [
        "# 标题\n\n完整的句子。\n\n下一段。\n",
        "# 标题\n\n他说：“完整。”\n\n下一段。\n",
        "# 标题\n\n真的吗？\n\n下一段。\n",
        "# 标题\n\nA complete sentence.\n\nAnother one.\n",
        "# 标题\n\n未完成的一段文字\n\n\n下一段是完整的长句子，不是图片说明。\n",  # 2 blanks
        "# 标题\n\n未完成的\n\n## 小标题\n\n下一段。\n",
        "# 标题\n\n未完成的\n\n- 列表\n\n下一段。\n",
        "# 标题\n\n未完成的\n\n1. 列表\n\n下一段。\n",
        "# 标题\n\n未完成的\n\n> 引文\n\n下一段。\n",
        "# 标题\n\n未完成的\n\n```\ncode\n```\n\n下一段。\n",
        "# 标题\n\n未完成的\n\n---\n\n下一段。\n",
        "# 标题\n\n未完成的\n\n\n图片说明\n\n下一段。\n",  # next is a caption
        "# 标题\n\n主要做法如下：\n\n第一项。\n",  # ends with ：
        "# 标题\n\n第一项；\n\n第二项。\n",  # ends with ；
        # parallel items, a line each (a 通知 of the corpus: 年工作日 / 季工作日 / 月工作日)
        "# 标题\n\n年工作日：365天-104天-11天＝250天\n\n季工作日：250天÷4季＝62.5天/季\n",
        "# 标题\n\n联系人：张三\n\n联系电话：0571-12345678\n",
        "# 标题\n\nRelease Date: May 3, 2009\n\nCharacter set encoding: UTF-8\n",
        "# 标題\n\n命他穿了衣服過這邊來了．\n\n寶玉聽了。\n",  # ． ends a sentence too
        # a line wholly in bold: a run-in heading, or an HTML <summary> printed open
        "# 标题\n\n**构建模型**\n\n首先我们构建模型。\n\n然后训练。\n",
        "# 标题\n\n<details>\n<summary>构建模型</summary>\n\n首先我们构建模型。\n\n然后训练。\n"
        "\n</details>\n",
    ],
)
def test_rejoin_negatives(text: str) -> None:
    doc = read(text)
    assert codes(doc, "rejoin") == []
    assert len(doc.blocks) >= 2


def test_rejoin_keeps_aligned_paragraphs_apart() -> None:
    # <p align> is a whole element, not half of a paragraph a page break split; joining
    # would also lose the alignment of the second
    text = '# 标题\n\n<p align="center">居中的段落</p>\n\n<p align="right">右对齐</p>\n\n'
    doc = read(text + "未完\n\n接着写完。\n")
    assert [(b.align, inline_text(b.inlines)) for b in doc.blocks] == [  # type: ignore[union-attr]
        ("center", "居中的段落"),
        ("right", "右对齐"),
        (None, "未完接着写完。"),
    ]
    assert codes(doc, "rejoin") == [7]


def test_rejoin_never_enters_quotes_or_lists() -> None:
    doc = read("# 标题\n\n> 引文未完\n>\n> 引文续。\n\n- 项目未完\n\n  项目续。\n")
    assert codes(doc, "rejoin") == []
    quote, lst = doc.blocks
    assert isinstance(quote, Quote) and len(quote.blocks) == 2
    assert isinstance(lst, ListBlock) and len(lst.items[0]) == 2


# ---------------------------------------------------------------- punctuation


@pytest.mark.parametrize(
    ("source", "fixed"),
    [
        ("发展,离不开全区上下。", "发展，离不开全区上下。"),
        ("第一;第二。", "第一；第二。"),
        ("他说:好。", "他说：好。"),
        ("真的吗?是的!", "真的吗？是的！"),
        ("政协(CPPCC)成立。", "政协（CPPCC）成立。"),
        ("见附件(一)。", "见附件（一）。"),
        ("(政协)", "（政协）"),
        ("主题“产业强区”,聚焦发展。", "主题“产业强区”，聚焦发展。"),
        ("2024年,是第三年。", "2024年，是第三年。"),
        ("**重点**,然后。", "重点，然后。"),
        ("[政协,发展](https://a.cn/a,b)。", "政协，发展。"),
    ],
)
def test_punctuation(source: str, fixed: str) -> None:
    doc = read(f"# 标题\n\n{source}\n")
    assert texts(doc) == [fixed]
    changed = sum(a != b for a, b in zip(source.replace("**", ""), fixed, strict=False))
    assert len(codes(doc, "punctuation")) >= 1
    assert all(line == 3 for line in codes(doc, "punctuation"))
    assert changed >= 1


def test_punctuation_reports_every_mark() -> None:
    doc = read("# 标题\n\n甲,乙;丙:丁?戊!己(庚)辛。\n")
    assert texts(doc) == ["甲，乙；丙：丁？戊！己（庚）辛。"]
    assert codes(doc, "punctuation") == [3] * 7


def test_punctuation_messages_when_some_marks_stay() -> None:
    # 1,000 keeps its comma: the changed marks are made one by one, the rest stay ASCII
    doc = read("# 标题\n\n发展,共1,000人(约)。\n")
    assert texts(doc) == ["发展，共1,000人（约）。"]
    assert [d.message for d in doc.diagnostics if d.code == "punctuation"] == [
        "',' -> '，' in '发展,共1,000'",
        "'(' -> '（' in '1,000人(约)。'",
        "')' -> '）' in '000人(约)。'",
    ]


def test_cjk_character_class_is_is_cjk() -> None:
    # the punctuation repair scans with text.CJK_CHAR; it must say what is_cjk says
    from cppcc_convert.text import CJK_CHAR, is_cjk

    differ = [cp for cp in range(0x110000) if bool(CJK_CHAR.match(chr(cp))) != is_cjk(chr(cp))]
    assert differ == []
    assert CJK_CHAR.match("") is None


def test_punctuation_in_title_and_link_url() -> None:
    doc = read("# 政协,发展\n\n[政协](https://a.cn/a,b)。\n")
    assert doc.meta.title == "政协，发展"
    assert codes(doc, "punctuation") == [1]
    link = doc.blocks[0].inlines[0]  # type: ignore[attr-defined]
    assert isinstance(link, Link) and link.url == "https://a.cn/a,b"


def test_punctuation_in_subtitle_of_title_heading() -> None:
    doc = read("\n\n# 主标题<br><small>副标题,说明</small>\n\n正文。\n")
    assert (doc.meta.title, doc.meta.subtitle) == ("主标题", "副标题，说明")
    notes = [(d.level, d.code, d.message, d.line) for d in doc.diagnostics if d.code != "genre"]
    assert notes == [("info", "punctuation", "',' -> '，' in '副标题,说明'", 3)]


def test_punctuation_in_front_matter_subtitle() -> None:
    doc = read("---\ntitle: 标题\nsubtitle: 副标题(二),含逗号\n---\n\n正文。\n")
    assert doc.meta.subtitle == "副标题（二），含逗号"
    # the line is the front matter's first: the reader keeps no line per front-matter key
    notes = [(d.code, d.message, d.line, d.file) for d in doc.diagnostics if d.code != "genre"]
    assert notes == [
        ("punctuation", "'(' -> '（' in '副标题(二),含逗号'", 1, "t.md"),
        ("punctuation", "')' -> '）' in '副标题(二),含逗号'", 1, "t.md"),
        ("punctuation", "',' -> '，' in '副标题(二),含逗号'", 1, "t.md"),
    ]


@pytest.mark.parametrize(
    "source",
    [
        "共1,000人参加。",
        "增长3.5倍。",
        "下午12:30开会。",
        "他说Hello, world很好。",
        "他说Hello (world) 很好。",
        "代码`中,文;(x)`不改。",
        "网址https://a.cn/x,y不改。",
        "见https://a.cn/x(1)说明。",
        "见www.a.cn/q?a=1,2说明。",
        "English only, no Chinese (here); fine: yes!",
    ],
)
def test_punctuation_negatives(source: str) -> None:
    doc = read(f"# 标题\n\n{source}\n")
    assert texts(doc) == [source.replace("`", "")]
    assert codes(doc, "punctuation") == []


def test_punctuation_keeps_e_mail_addresses() -> None:
    doc = read("# 标题\n\n联系邮箱:zhang.san@example.com,谢谢。\n")
    assert texts(doc) == ["联系邮箱：zhang.san@example.com，谢谢。"]


def test_punctuation_never_enters_code() -> None:
    doc = read("# 标题\n\n```python\n中文,代码;(x)\n```\n\n见`中,文`。\n")
    block, para = doc.blocks
    assert isinstance(block, CodeBlock) and block.text == "中文,代码;(x)"
    assert isinstance(para, Paragraph)
    assert para.inlines == (Text("见"), Code("中,文"), Text("。"))
    assert codes(doc, "punctuation") == []


def test_punctuation_in_tables_lists_and_quotes() -> None:
    doc = read("# 标题\n\n> 引文,内容。\n\n- 项目,一\n\n| 甲,乙 |\n|---|\n| 丙;丁 |\n")
    assert texts(doc) == ["引文，内容。", "项目，一", "甲，乙", "丙；丁"]


# ---------------------------------------------------------------- whitespace


def test_nbsp_only_line_is_blank() -> None:
    text = "# 标题\n\n正文。\n\u00a0\u00a0\n第二段。\n"
    doc = read(text)
    assert texts(doc) == ["正文。", "第二段。"]
    assert codes(doc, "whitespace") == [4]
    off = read(text, "whitespace")
    assert len(off.blocks) == 1 and "\u00a0" in texts(off)[0]


def test_ideographic_spaces_at_line_start_and_end() -> None:
    doc = read("# 标题\n\n\u3000\u3000正文第一段。\u3000\n\n第二段。\u00a0\n")
    assert texts(doc) == ["正文第一段。", "第二段。"]
    assert codes(doc, "whitespace") == [3, 5]
    inner = read("# 标题\n\n正文\u3000第一段。\n")
    assert texts(inner) == ["正文\u3000第一段。"]  # inside a line: left alone
    assert codes(inner, "whitespace") == []


def test_whitespace_lines_first_last_and_mixed() -> None:
    # only some lines are looked at: a first line of spaces and tabs, a tab line, a control
    # character and a trailing NBSP on one line (two notes, in that order), the last line
    from cppcc_convert.repair import RepairContext, repair_whitespace

    ctx = RepairContext(lines=[])
    text = " \t\n正文\u3000\n\t\n\x01甲\u00a0\n乙\n\u2003"
    assert repair_whitespace(text, ctx) == "\n正文\n\n甲\n乙\n"
    assert [(d.code, d.line) for d in ctx.diagnostics] == [
        ("whitespace", 2),
        ("control-char", 4),
        ("whitespace", 4),
        ("whitespace", 6),
    ]
    assert repair_whitespace("正文\n\n乙", ctx) == "正文\n\n乙"
    assert len(ctx.diagnostics) == 4


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x01", "U+0001"),
        ("\x0b", "U+000B"),
        ("\x1f", "U+001F"),
        ("\x7f", "U+007F"),
        ("\x85", "U+0085"),
        ("\ud800", "U+D800"),
        ("\udfff", "U+DFFF"),
        ("\ufffe", "U+FFFE"),
        ("\uffff", "U+FFFF"),
    ],
)
def test_control_characters_are_removed_and_reported(char: str, name: str) -> None:
    doc = read(f"# 标题\n\n正文。\n\n第二{char}段。\n")
    assert texts(doc) == ["正文。", "第二段。"]
    (diag,) = [d for d in doc.diagnostics if d.code == "control-char"]
    assert diag.line == 5 and diag.level == "warning" and name in diag.message


def test_illegal_characters_never_reach_the_model_even_with_whitespace_off() -> None:
    doc = read("# 标题\n\n第二\x01段\ud800。\u3000正文\u00a0。\n", "whitespace")
    assert texts(doc) == ["第二\ufffd段\ufffd。\u3000正文\u00a0。"]
    assert codes(doc, "control-char") == [3, 3]
    assert codes(doc, "whitespace") == []


def test_tab_and_newline_are_kept() -> None:
    doc = read("# 标题\n\n```\na\tb\n```\n")
    assert doc.blocks == (CodeBlock("a\tb"),)
    assert [d.code for d in doc.diagnostics] == ["genre"]  # the genre guess, no repair


# ---------------------------------------------------------------- switching off

TRIGGERS = "# 标题,一\n\n记者 吴璇\n\n正文,未完\n\n续写。\n\u00a0\n另起一段。\n\n\n图片说明\n"


def test_triggers_fire_every_repair() -> None:
    doc = read(TRIGGERS)
    assert doc.meta.authors == (Author("吴璇", "记者"),)
    assert texts(doc) == ["正文，未完续写。", "另起一段。", "图片说明"]
    assert kinds(doc) == ["Paragraph", "Paragraph", "Figure"]
    assert doc.meta.title == "标题，一"
    for code in ("byline", "rejoin", "punctuation", "caption", "whitespace"):
        assert codes(doc, code), code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("byline", "byline"),
        ("captions", "caption"),
        ("rejoin", "rejoin"),
        ("punctuation", "punctuation"),
        ("whitespace", "whitespace"),
    ],
)
def test_each_repair_switches_off(name: str, code: str) -> None:
    on, off = read(TRIGGERS), read(TRIGGERS, name)
    assert codes(off, code) == []
    assert off != on
    match name:
        case "byline":
            # the byline stays body text (and, unfinished, is joined with the next paragraph)
            assert off.meta.authors == () and texts(off)[0].startswith("记者 吴璇")
        case "captions":
            assert not any(isinstance(b, Figure) for b in off.blocks)
        case "rejoin":
            assert "正文，未完" in texts(off) and "续写。" in texts(off)
        case "punctuation":
            assert off.meta.title == "标题,一" and "正文,未完续写。" in texts(off)
        case "whitespace":
            assert texts(off)[0] == "正文，未完续写。\u00a0另起一段。"


def test_all_repairs_off_changes_nothing(sample_path: Path) -> None:
    text = sample_path.read_text(encoding="utf-8")
    doc = read(text, *REPAIRS)
    assert [d.code for d in doc.diagnostics] == ["genre"]  # the genre guess, no repair
    assert doc.meta.authors == ()
    assert not any(isinstance(b, Figure) for b in doc.blocks)
    assert "记者 吴璇" in texts(doc)
    assert sum(t.count(",") for t in texts(doc)) + doc.meta.title.count(",") > 100


def test_unknown_repair_names_are_not_silently_accepted_by_the_cli() -> None:
    from cppcc_convert.cli import main

    assert main(["x.md", "--no-repair", "nonsense", "--check"]) == 2


# ---------------------------------------------------------------- no text lost


def _chars(doc: Document) -> Counter[str]:
    text = document_text(doc).translate(FULL)
    return Counter(ch for ch in text if not ch.isspace())


LOSSLESS = [
    "# 标题,一\n\n记者 吴璇\n\n正文,未完\n\n续写。\u3000\n\n\n图片说明\n",
    "# 标题\n\n\u3000\u3000第一段(甲)\n\n第二段;完。\n\n\n照片\n\n> 引文,一\n\n- 项,一\n",
    "# 标题\n\n控制\x01字符\x7f与\ud800代理。\n\n通讯员 张三\n",
]


@pytest.mark.parametrize("case", ["sample", "rich", "0", "1", "2"])
def test_no_repair_loses_a_character(case: str, sample_path: Path, rich_path: Path) -> None:
    paths = {"sample": sample_path, "rich": rich_path}
    text = paths[case].read_text(encoding="utf-8") if case in paths else LOSSLESS[int(case)]
    before, after = read(text, *REPAIRS), read(text)
    lost = _chars(before) - _chars(after)
    # Only the reported control characters may go (U+FFFD is what they become when the
    # whitespace repair is off; DEL is legal XML and then stays).
    assert set(lost) <= {"\ufffd", "\x7f"}
    assert lost.total() == len(codes(after, "control-char"))
    if case in ("sample", "rich"):
        assert lost == Counter()


# ---------------------------------------------------------------- properties

_ALPHABET = st.sampled_from(
    [
        *"政协发展委员会议产业强区记者吴璇文图通讯员",
        *",;:?!()。，“”《》、 \n\n\n\u3000\u00a0",
        *"ab1.2#",
        *"\x01\x7f\ud800",
    ]
)
_HAN = re.compile(r"[\u4e00-\u9fff]")


@settings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, min_size=1, max_size=120))
def test_repairs_keep_han_order_and_lose_nothing(text: str) -> None:
    try:
        after = read(text)
    except ConvertError as exc:
        assert "empty" in str(exc)
        return
    before = read(text, *REPAIRS)
    assert _HAN.findall(text) == _HAN.findall(document_text(after))
    lost = _chars(before) - _chars(after)
    # Removing a control character can leave "#" alone on its line, which Markdown reads as
    # an empty heading: syntax, not text. Everything else lost is a reported control char.
    assert set(lost) <= {"\ufffd", "\x7f", "#"}
    assert lost.total() - lost["#"] <= len(codes(after, "control-char"))
    if lost["#"]:
        assert codes(after, "control-char")
