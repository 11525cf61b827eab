"""Plain text, genres and the rules that keep the repairs off a statute's or 公文's lines:
chapter titles become headings, poems and dialogue do not, wrapped lines are joined and
author's line breaks are kept, rejoin never glues a structural line, captions never take one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import cppcc_convert
from cppcc_convert.model import Document, Figure, Heading, Paragraph, inline_text
from cppcc_convert.options import Options


def text(source: str, **options: object) -> Document:
    return cppcc_convert.parse(source, input_format="text", options=Options(**options))  # type: ignore[arg-type]


def md(source: str, **options: object) -> Document:
    return cppcc_convert.parse(source, options=Options(**options))  # type: ignore[arg-type]


def headings(doc: Document) -> list[tuple[int, str]]:
    return [(b.level, inline_text(b.inlines)) for b in doc.blocks if isinstance(b, Heading)]


def paragraphs(doc: Document) -> list[str]:
    return [inline_text(b.inlines) for b in doc.blocks if isinstance(b, Paragraph)]


def genre(doc: Document) -> str:
    (note,) = [d.message for d in doc.diagnostics if d.code == "genre"]
    return note.split(":")[0].removeprefix("read as ")


# ------------------------------------------------------------------ plain text paragraphs


def test_plain_text_is_never_markup() -> None:
    doc = text("标题\n\n# 不是标题 **不加粗** <b>不是标签</b> [不是链接](x)\n")
    assert paragraphs(doc) == ["# 不是标题 **不加粗** <b>不是标签</b> [不是链接](x)"]


def test_each_line_is_a_paragraph_unless_the_file_was_wrapped() -> None:
    lines = [f"第{n}段是一整段话，写在一行里，长短不一{'。' * (n % 3 + 1)}" for n in range(1, 12)]
    doc = text("\n".join(lines))
    assert len(paragraphs(doc)) == 11
    # A PDF paste wrapped at 20 characters: lines reaching the measure go on in the next.
    wrapped = [
        "第一条 为了维护国旗的尊严,规范国旗的使用,增强公",
        "民的国家观念,弘扬爱国主义精神,培育和践行社会主义",
        "核心价值观,根据宪法,制定本法。",
        "第二条 中华人民共和国国旗是五星红旗。",
        "中华人民共和国国旗按照中国人民政治协商会议第一届",
        "全体会议主席团公布的国旗制法说明制作。",
        "第三条 国旗的通用尺度为国旗制法说明中所列明的五",
        "种尺度。特殊情况使用其他尺度的国旗,应当按照通用",
        "尺度成比例适当放大或者缩小。",
    ]
    doc = text("中华人民共和国国旗法\n" + "\n".join(wrapped))
    got = paragraphs(doc)
    assert len(got) == 4, got
    assert got[0].startswith("第一条") and got[0].endswith("制定本法。")
    assert got[2].startswith("中华人民共和国国旗按照") and "第一届全体会议" in got[2]


def test_indented_lines_start_paragraphs_and_blank_lines_end_them() -> None:
    source = "书名\n\n　　第一段开头，\n续写。\n　　第二段。\n\n第三段。\n"
    assert paragraphs(text(source)) == ["第一段开头，", "续写。", "第二段。", "第三段。"]


# ------------------------------------------------------------------ headings in plain text

NOVEL = """三国演义
罗贯中

滚滚长江东逝水，浪花淘尽英雄。
第一回  宴桃园豪杰三结义  斩黄巾英雄首立功
话说天下大势，分久必合，合久必分。
第二回  张翼德怒鞭督邮  何国舅谋诛宦竖
且说董卓字仲颖，陇西临洮人也。
第三回  议温明董卓叱丁原  馈金珠李肃说吕布
且说曹操当日对何进曰：“宦官之祸，古今皆有。”
"""


def test_a_novel_gets_its_title_author_and_chapters() -> None:
    doc = text(NOVEL)
    assert doc.meta.title == "三国演义"
    assert [a.name for a in doc.meta.authors] == ["罗贯中"]
    assert [h for h in headings(doc)] == [
        (1, "第一回  宴桃园豪杰三结义  斩黄巾英雄首立功"),
        (1, "第二回  张翼德怒鞭督邮  何国舅谋诛宦竖"),
        (1, "第三回  议温明董卓叱丁原  馈金珠李肃说吕布"),
    ]
    assert genre(doc) == "book"
    notes = [d for d in doc.diagnostics if d.code == "structure"]
    assert len(notes) == 5 and all(d.line for d in notes)  # title, author, three chapters


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("第三章 法律责任", 1),
        ("第十二章　附　　则", 1),
        ("第２章 数字", 1),
        ("卷一", 1),
        ("序", 1),
        ("前　言", 1),
        ("後記", 1),
        ("附录", 1),
    ],
)
def test_chapter_markers(line: str, level: int) -> None:
    doc = text(f"书名\n\n{line}\n正文第一句。\n第二章 另一章\n正文。\n")
    assert (level, line) in headings(doc)


@pytest.mark.parametrize(
    "line",
    [
        "床前明月光，疑是地上霜。",  # a poem line
        "“你来了？”他问。",  # dialogue
        "第四回中既将薛家母子在荣府内寄居等事略已表明，此回则暂不能写矣",  # a sentence
        "第一回）",  # a citation's end, left at a line start by wrapping
        "第一条　为保护文学、艺术和科学作品作者的著作权",  # an article, never a heading
        "一、二、三",  # not a heading number followed by text
        "1.F.",  # Project Gutenberg's licence sections
        "二〇二五年三月一日",  # a date
    ],
)
def test_lines_that_are_not_headings(line: str) -> None:
    doc = text(f"书名\n\n第一章 总则\n正文。\n{line}\n正文。\n")
    assert (1, line) not in headings(doc) and line in paragraphs(doc)


def test_section_levels_follow_the_units_used() -> None:
    doc = text(
        "法\n\n第一章 总则\n第一条 文。\n第二章 分则\n"
        "第一节 甲\n第二条 文。\n第二节 乙\n第三条 文。\n"
    )
    assert headings(doc) == [
        (1, "第一章 总则"),
        (1, "第二章 分则"),
        (2, "第一节 甲"),
        (2, "第二节 乙"),
    ]


def test_a_table_of_contents_is_kept_as_text_not_headings() -> None:
    doc = text(
        "某某法\n\n目　　录\n第一章　总　　则\n第二章　著作权\n\n第一章　总　　则\n"
        "第一条　正文。\n第二章　著作权\n第二条　正文。\n"
    )
    assert headings(doc) == [(1, "第一章　总　　则"), (1, "第二章　著作权")]
    toc = [b for b in doc.blocks if isinstance(b, Paragraph) and b.align == "left"]
    assert [inline_text(b.inlines) for b in toc] == ["第一章　总　　则\n第二章　著作权"]


def test_report_headings_in_an_official_text_but_not_in_a_statute() -> None:
    report = (
        "关于开展调研的通知\n\n各委员会：\n一、总体要求\n请各单位认真落实。\n"
        "（一）工作目标\n完成调研。\n特此通知。\n"
    )
    doc = text(report)
    assert genre(doc) == "official"
    assert headings(doc) == [(1, "一、总体要求"), (2, "（一）工作目标")]
    statute = (
        "某法\n\n第一条 下列场所应当升挂国旗：\n（一）北京天安门广场\n（二）国务院\n"
        "第二条 文。\n第三条 文。\n"
    )
    doc = text(statute)
    assert genre(doc) == "statute" and headings(doc) == []
    # a numbered line that is a sentence stays a paragraph even in a report
    doc = text("关于某事的通知\n\n各委员会：\n一、请各单位于三月一日前报送材料。\n特此通知。\n")
    assert headings(doc) == []


def test_a_statute_adoption_note_is_centred_under_the_title() -> None:
    doc = text(
        "某法\n（2020年5月28日第十三届全国人民代表大会第三次会议通过）\n"
        "第一条 文。\n第二条 文。\n第三条 文。\n"
    )
    first = doc.blocks[0]
    assert isinstance(first, Paragraph) and first.align == "center"


@pytest.mark.parametrize(
    ("lines", "title"),
    [
        (["某某委员会关于加强", "经济工作监督的决定"], "某某委员会关于加强经济工作监督的决定"),
        (
            ["某某市政协办公室", "关于召开全体会议", "有关事项的通知"],
            "某某市政协办公室关于召开全体会议有关事项的通知",
        ),
    ],
)
def test_a_title_broken_over_lines_is_one_title(lines: list[str], title: str) -> None:
    note = "（2000年3月1日第九届全国人民代表大会常务委员会第十四次会议通过）"
    body = f"{note}\n\n为做好工作，作如下决定：\n"
    doc = text("\n".join(lines) + "\n\n" + body)
    assert doc.meta.title == title
    assert paragraphs(doc)[:2] == [
        "（2000年3月1日第九届全国人民代表大会常务委员会第十四次会议通过）",
        "为做好工作，作如下决定：",
    ]
    (note,) = [d for d in doc.diagnostics if d.code == "structure" and "title" in d.message]
    assert f"first {len(lines)} lines" in note.message and note.line == 1


@pytest.mark.parametrize(
    "source",
    [
        "某某委员会关于加强\n\n经济工作监督的决定\n\n正文。\n",  # a blank line between
        "某某委员会工作动态\n经济工作稳中有进\n\n正文。\n",  # no 关于……的决定 when joined
        "关于召开会议的通知\n有关事项的说明\n\n正文。\n",  # the first line is a title already
    ],
)
def test_lines_that_do_not_complete_a_title_stay_apart(source: str) -> None:
    first = source.split("\n")[0]
    doc = text(source)
    assert doc.meta.title == first


def test_an_adoption_note_is_never_the_second_half_of_a_paragraph() -> None:
    doc = text(
        "某某条例\n\n经济工作监督\n\n（2000年3月1日第九届全国人民代表大会常务委员会第十四次会议通过）\n\n正文。\n"
    )
    assert paragraphs(doc) == [
        "经济工作监督",
        "（2000年3月1日第九届全国人民代表大会常务委员会第十四次会议通过）",
        "正文。",
    ]


def test_genre_can_be_given_and_markdown_without_headings_gets_structure() -> None:
    doc = md("第一回 甲\n\n正文。\n\n第二回 乙\n\n正文。\n", genre="book")
    assert headings(doc) == [(1, "第一回 甲"), (1, "第二回 乙")]
    assert not [d for d in doc.diagnostics if d.code == "genre"]  # given, not guessed
    doc = md("## 已有标题\n\n第一回 甲\n\n正文。\n\n第二回 乙\n", genre="book")
    assert headings(doc) == [(2, "已有标题")]  # Markdown with headings is left as written


# ------------------------------------------------------------------ rejoin and captions


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("（2020年5月28日第十三届全国人民代表大会第三次会议通过）", "第一条 为了……"),
        ("前面一段没有句号", "第一条 为了……"),
        ("前面一段没有句号", "一、总体要求"),
        ("前面一段没有句号", "（一）工作目标"),
        ("前面一段没有句号", "1．具体措施"),
        ("前面一段没有句号", "附件：1. 会议日程"),
        ("前面一段没有句号", "附：报名表"),
        ("政协某某市委员会办公室", "2025年3月1日"),
        ("2025年3月1日", "（联系人：张某）"),
        ("第一章 总则", "本法所称……"),
    ],
)
def test_rejoin_never_glues_a_structural_line(first: str, second: str) -> None:
    for genre_name in ("auto", "news", "official", "statute", "book"):
        doc = md(f"# 标题\n\n{first}\n\n{second}\n", genre=genre_name)
        assert not [d for d in doc.diagnostics if d.code == "rejoin"], (genre_name, first)


def test_rejoin_still_joins_a_paragraph_split_at_a_page_break() -> None:
    doc = md("# 标题\n\n委员们通过列席会议、参加例会等方式，\n\n监督小组提出建议。\n")
    assert paragraphs(doc) == ["委员们通过列席会议、参加例会等方式，监督小组提出建议。"]


@pytest.mark.parametrize(
    "line",
    ["附件：会议日程", "2025年3月1日", "第三章 法律责任", "一、总体要求", "政协某某市委员会办公室"],
)
def test_captions_never_take_a_structural_line_date_or_signature(line: str) -> None:
    doc = md(f"# 标题\n\n正文。\n\n\n{line}\n\n正文二。\n", genre="news")
    assert not [b for b in doc.blocks if isinstance(b, Figure)]


def test_captions_only_in_news() -> None:
    source = "# 标题\n\n正文。\n\n\n政协委员视察现场\n\n正文二。\n"
    assert [b for b in md(source, genre="news").blocks if isinstance(b, Figure)]
    for genre_name in ("official", "statute", "book"):
        assert not [b for b in md(source, genre=genre_name).blocks if isinstance(b, Figure)]


# ------------------------------------------------------------------ standard input


@pytest.mark.parametrize(
    ("encoding", "source"),
    [
        (
            "gbk",
            "# 政协会议通知\n\n请各位委员于明天上午参加会议，地点在三楼会议室。"
            "会议讨论年度工作报告。\n",
        ),
        (
            "big5",
            "# 政協會議通知\n\n請各位委員於明天上午參加會議，地點在三樓會議室。"
            "會議討論年度工作報告。\n",
        ),
    ],
)
def test_standard_input_is_decoded_like_a_file(encoding: str, source: str, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "cppcc_convert", "-", "--to", "json", "-o", "-"],
        input=source.encode(encoding),
        capture_output=True,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    doc = Document.from_json(proc.stdout)
    assert doc.meta.title == source.splitlines()[0][2:]
    assert inline_text(doc.blocks[0].inlines) == source.splitlines()[2]  # type: ignore[union-attr]
    assert (
        f"decoded as {'GB18030' if encoding == 'gbk' else 'BIG5'}" in proc.stderr.decode()
        or any(d.code == "encoding" for d in doc.diagnostics)
    )


def test_plain_text_width_counts_east_asian_wide_characters_twice() -> None:
    # the reader measures hard-wrapped lines in columns; its fast path skips ranges whose
    # every character is wide: each of them, and a mix of all kinds, against unicodedata
    import re
    import unicodedata

    from cppcc_convert.reader.plaintext import _ASCII_OR_WIDE, width

    def columns(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)

    ranges = re.findall(r"(.)-(.)", _ASCII_OR_WIDE.pattern)
    assert ranges[0] == ("\x00", "\x7f") and len(ranges) > 10
    for first, last in ranges[1:]:
        for cp in range(ord(first), ord(last) + 1):
            assert unicodedata.east_asian_width(chr(cp)) in ("W", "F"), hex(cp)
    mixed = "第一回　甲乙ａｂ，。“引”…—·한글カナ①Ⅻ😀\U00020000\U000e0001 abc\t"
    for end in range(len(mixed) + 1):
        assert width(mixed[:end]) == columns(mixed[:end])
    assert width("") == 0 and width("abc") == 3
