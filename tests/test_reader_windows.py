"""The Markdown reader parses a window of the text at a time (memory stays bounded): the
tokens and the model must be those of one parse of the whole document.

The oracle is markdown-it itself run once over the whole text, configured here as the
reader configures it; the windows are made as small as they go (every blank line a cut).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from cppcc_convert.errors import ConvertError
from cppcc_convert.options import Options
from cppcc_convert.reader import read_markdown
from cppcc_convert.reader.md_tokens import token_windows
from strategies import markdown_documents, profile

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted(
    p for p in [*ROOT.glob("samples/*.md"), *ROOT.glob("tests/**/*.md")] if "golden" not in p.parts
)
WINDOWS = (1, 2, 5, 40)
WHOLE = 1 << 40  # one window: the whole text


def whole_tokens(text: str) -> list[dict[str, Any]]:
    options = Options()
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": 2 * options.max_nesting + 10})
    md.enable(["table", "strikethrough"])
    md.use(front_matter_plugin)
    setattr(md, "validateLink", lambda url: True)  # noqa: B010
    return [t.as_dict() for t in md.parse(text)]


def windowed_tokens(text: str, window: int) -> list[dict[str, Any]]:
    # all windows first: a long table's end line is set on its first tokens when it ends
    windows = list(token_windows(text, Options(), window))
    return [t.as_dict() for w in windows for t in w]


def read(text: str, window: int) -> object:
    try:
        return read_markdown(text, Options(), "doc.md", window)
    except ConvertError as exc:  # bad front matter, too deep: the same error either way
        return repr(exc)


def check(text: str) -> None:
    expected = whole_tokens(text)
    whole = read(text, WHOLE)
    for window in WINDOWS:
        assert windowed_tokens(text, window) == expected, window
        assert read(text, window) == whole, window


# Lines that open, continue or close every kind of block, blank lines among them: the cuts
# fall at the blank lines, inside and between blocks.
LINES = (
    *([""] * 8),
    "段落文字，第二句。",
    "text *em* **strong** `code`",
    "# 标题 {#id}",
    "Setext",
    "===",
    "---",
    "...",
    "***",
    "- 条目",
    "  - 嵌套",
    "   续行",
    "1. 一",
    "2) 二",
    "> 引用",
    "> - 引用里的条目",
    ">",
    "```",
    "```python",
    "~~~",
    "````",
    "    indented code",
    "\tcode with a tab",
    "<div>",
    '<div align="center">',
    "</div>",
    "<!--",
    "-->",
    "<pre>",
    "</pre>",
    "<script>",
    "</script>",
    "<?php",
    "?>",
    "<![CDATA[",
    "]]>",
    "<!DOCTYPE html>",
    "<span>内联</span>",
    "| a | b |",
    "|---|:-:|",
    "| 1 | 2 | 3 |",
    "[ref]: /url 'title'",
    "[ref]: /other",
    "[Ref]:",
    "  /late 'late title'",
    "'title on its own line'",
    "见[ref]和[ref][]以及[x]。",
    "[x]: https://example.org/x",
    "![图](a.png)",
    "<br><small>副标题</small>",
)


@profile(3)
@given(st.lists(st.sampled_from(LINES), max_size=60), st.booleans())
def test_windows_match_one_parse_on_line_soup(lines: list[str], end: bool) -> None:
    check("\n".join(lines) + ("\n" if end else ""))


@profile(1)
@given(markdown_documents())
def test_windows_match_one_parse_on_documents(text: str) -> None:
    check(text)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_windows_match_one_parse_on_the_corpus(path: Path) -> None:
    check(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: 标题\n\nauthor: 某\n---\n\n正文。\n",  # a blank line in the front matter
        "---\ntitle: 标题\n\n正文，没有结束行。\n\n---\n",
        "----\ntitle: x\n\n---\n\n----\n\n段。\n",  # fewer dashes do not close it
        "---\ntitle: x\n\n...\n\n段。\n",
        "```\n代码\n\n\n仍是代码\n```\n\n段。\n",
        "<!--\n注释\n\n仍是注释\n-->\n\n段。\n",
        "# \r一\n\n> 深处的文字。\n",  # markdown-it counts a CR as a line end
        "- 一\n\n- 二\n\n  续\n\n段。\n\n- 三\n",
        "见[甲]。\n\n[甲]: /a\n\n[甲]: /b\n",
        "> 引用\n\n> 又一个\n\n    代码\n\n    代码\n\n段。\n",
        '<div align="center">\n\n居中\n\n</div>\n\n段。\n',
    ],
)
def test_windows_match_one_parse_on_hard_cases(text: str) -> None:
    check(text)


def test_a_long_document_is_parsed_in_many_windows() -> None:
    text = "".join(f"第{i}段。\n\n" for i in range(2000))
    windows = list(token_windows(text, Options(), 64))
    assert len(windows) > 100
    assert [t.as_dict() for w in windows for t in w] == whole_tokens(text)


# The reader makes a text token itself for content with no character an inline rule reacts
# to (reader/md_plain.py): content just short of one, and empty table cells, must still give
# markdown-it's own tokens.
@pytest.mark.parametrize("mark", [*"*_`[]!<>&\\~\n:#$%+-=@^{}|", "  \n", "www.x.cn", ""])
def test_plain_text_shortcut_gives_markdown_it_tokens(mark: str) -> None:
    check(f"# 标题\n\n发展,离不开{mark}全区上下。\n\n| 甲 | |\n|---|---|\n| {mark} | 乙 |\n")


# Block rules whose marker occurs nowhere in the text are switched off for it (md_plain.py):
# each marker alone in a document of plain paragraphs, at a block's start and inside text.
@pytest.mark.parametrize(
    "block",
    [
        "> 引用",
        "---",
        "***",
        "___",
        "标题\n===",
        "标题\n---",
        "- 条目",
        "+ 条目",
        "* 条目",
        "1. 条目",
        "2) 条目",
        "-",
        "3.",
        "4)\t条目",
        "“3+1”行动，投资46.1亿元，第1)项",
        "# 标题",
        "```\n代码\n```",
        "~~~\n代码\n~~~",
        "<div>\n块\n</div>",
        "[a]: /u\n\n见[a]。",
        "| 甲 |\n| - |\n| 乙 |",
        "文中有 > 和 - 和 1. 以及 [a]: 和 | 和 <b>。",
    ],
)
def test_block_rules_switched_off_only_where_they_cannot_match(block: str) -> None:
    check(f"第一段，没有标记。\n{block}\n\n第二段。\n{block}\n")


TABLE = "| 单位 | 事项 | 数量 |\n|:---|:-:|---:|\n" + "".join(
    f"| 组{i} | *走访* `a|b` \\| [链](u{i}) | {i} |\n" if i % 3 else f"组{i} | 短\n"
    for i in range(300)
)


@pytest.mark.parametrize(
    "text",
    [
        TABLE,
        "段落\n" + TABLE + "> 引用\n续行\n",  # a paragraph before, a quote line ends it
        TABLE + "无竖线的续行\n又一行\n\n段。\n",  # lines without a pipe are rows (GFM)
        TABLE + "# 标题\n" + TABLE,
        TABLE + "    缩进代码\n",
        TABLE + "- 列表\n",
        TABLE + "```\n代码\n```\n" + TABLE.rstrip("\n"),  # the text ends in a row
        "  " + TABLE.replace("\n|", "\n   |"),  # indented rows
        TABLE + "| 多 | 出 | 的 | 格 | 子 |\n" * 50,
        "> " + TABLE.replace("\n", "\n> "),  # in a quote: not windowed, the same tokens
        "- " + TABLE.replace("\n", "\n  "),
        "| a |\n|---|\n" + "".join(f"{i}\n" for i in range(400)),
    ],
)
def test_windows_match_one_parse_on_long_tables(text: str) -> None:
    check(text)


def test_a_long_table_is_read_a_window_of_rows_at_a_time() -> None:
    text = "# 表\n\n" + TABLE * 3 + "\n段。\n"
    windows = list(token_windows(text, Options(), 256))
    assert len(windows) > 20
    assert max(len(w) for w in windows) < 200  # the whole table: 900 rows, 10,000 tokens
    assert [t.as_dict() for w in windows for t in w] == whole_tokens(text)
    assert read(text, 256) == read(text, WHOLE)


@pytest.mark.slow
@pytest.mark.parametrize("extra", [0, 12])
def test_the_padded_cell_limit_ends_a_table_as_in_one_parse(extra: int) -> None:
    """markdown-it ends a table at the row that takes the cells it pads past 65,536: a
    count over the whole table, which the windows keep (rows with more cells count less)."""
    wide = "| 1 | 2 | 3 | 4 | 5 | 6 |\n" * extra * 1000
    text = "| a | b | c |\n|---|---|---|\n" + wide + "x\n" * 60_000 + "y | z\n"
    for window in (4096, 65_540):  # 65,540: 32,770 short rows (a window) would pass it
        assert windowed_tokens(text, window) == whole_tokens(text), window
