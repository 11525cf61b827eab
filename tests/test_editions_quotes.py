"""Quotation marks in the Taiwan and Hong Kong editions: pairing, nesting, unbalanced blocks."""

from __future__ import annotations

import pytest

from cppcc_convert.editions import apply_edition
from cppcc_convert.editions_quotes import localize_quotes
from cppcc_convert.model import (
    Code,
    Diagnostic,
    Document,
    Heading,
    Meta,
    Paragraph,
    Strong,
    Table,
    Text,
    inline_text,
)
from cppcc_convert.options import Options


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("以“政协之为”服务", "以「政协之为」服务"),
        ("“推进‘智能汽车核心零部件’产业”", "「推进『智能汽车核心零部件』产业」"),
        ("‘外“内”外’", "「外『内』外」"),  # depth decides, not the source mark
        ("“一‘二“三”二’一”", "「一『二「三」二』一」"),  # depth 3 alternates back
        ("“甲”“乙”", "「甲」「乙」"),
        ("‘单’", "「单」"),
        ("“China’s growth”", "「China’s growth」"),  # apostrophe between letters
        ("没有引号", "没有引号"),
        ('ASCII "quotes" stay', 'ASCII "quotes" stay'),
    ],
)
def test_localize_single_piece(source: str, expected: str) -> None:
    assert localize_quotes([source]) == [expected]


@pytest.mark.parametrize(
    "source",
    ["“未闭合", "多余的”", "“甲‘乙”丙’", "‘甲”", "“甲”乙”", "“a‘b”"],
)
def test_unbalanced_returns_none(source: str) -> None:
    assert localize_quotes([source]) is None


def test_pairs_across_pieces_and_keeps_lengths() -> None:
    pieces = ["开展“", "重点", "”和‘", "", "次要’"]
    out = localize_quotes(pieces)
    assert out == ["开展「", "重点", "」和「", "", "次要」"]
    assert [len(p) for p in out] == [len(p) for p in pieces]


def _para(*inlines: object, line: int = 1) -> Paragraph:
    return Paragraph(tuple(inlines), line)  # type: ignore[arg-type]


def test_quotes_across_strong_in_document() -> None:
    doc = Document(blocks=(_para(Text("“"), Strong((Text("重点"),)), Text("”工作"), line=4),))
    for edition in ("zh-TW", "zh-HK"):
        out = apply_edition(doc, edition, Options())
        para = out.blocks[0]
        assert isinstance(para, Paragraph)
        assert para.inlines == (Text("「"), Strong((Text("重點"),)), Text("」工作"))
        assert out.diagnostics == ()


def test_zh_hant_and_keep_leave_quotes() -> None:
    doc = Document(Meta(title="“标题”"), (_para(Text("“发展”")),))
    hant = apply_edition(doc, "zh-Hant", Options())
    assert hant.meta.title == "“標題”"
    assert inline_text(hant.blocks[0].inlines) == "“發展”"  # type: ignore[union-attr]
    kept = apply_edition(doc, "zh-TW", Options(quotes="keep"))
    assert kept.meta.title == "“標題”"
    assert inline_text(kept.blocks[0].inlines) == "“發展”"  # type: ignore[union-attr]
    localized = apply_edition(doc, "zh-TW", Options())
    assert localized.meta.title == "「標題」"


def test_unbalanced_block_is_left_and_warned() -> None:
    prior = Diagnostic("info", "byline", "moved", 2)
    doc = Document(
        blocks=(
            _para(Text("“要牢牢把握，聚焦产业"), line=62),
            _para(Text("强区。”2024年“年初”"), line=64),
            _para(Text("“平衡”"), line=66),
        ),
        diagnostics=(prior,),
    )
    out = apply_edition(doc, "zh-TW", Options())
    texts = [inline_text(b.inlines) for b in out.blocks]  # type: ignore[union-attr]
    assert texts == ["“要牢牢把握，聚焦產業", "強區。”2024年“年初”", "「平衡」"]
    assert out.diagnostics[0] == prior
    warnings = out.diagnostics[1:]
    assert [(d.level, d.code, d.line) for d in warnings] == [
        ("warning", "quotes-unbalanced", 62),
        ("warning", "quotes-unbalanced", 64),
    ]
    assert "zh-TW" in warnings[0].message


def test_code_quotes_do_not_count_and_stay() -> None:
    doc = Document(blocks=(_para(Text("“看"), Code("print(“x)"), Text("这里”")),))
    out = apply_edition(doc, "zh-HK", Options())
    assert out.blocks[0].inlines == (Text("「看"), Code("print(“x)"), Text("這裏」"))  # type: ignore[union-attr]
    assert out.diagnostics == ()


def test_table_cells_and_headings_pair_separately() -> None:
    table = Table(
        header=((Text("“项目"),), (Text("内容”"),)), rows=(((Text("“甲”"),), (Text("乙"),)),)
    )
    doc = Document(blocks=(Heading(2, (Text("聚焦“效”字"),), 1), table))
    out = apply_edition(doc, "zh-TW", Options())
    assert out.blocks[0].inlines == (Text("聚焦「效」字"),)  # type: ignore[union-attr]
    cells = out.blocks[1]
    assert isinstance(cells, Table)
    assert cells.header == ((Text("“項目"),), (Text("內容”"),))  # each cell is its own unit
    assert cells.rows[0][0] == (Text("「甲」"),)
    assert [d.code for d in out.diagnostics] == ["quotes-unbalanced", "quotes-unbalanced"]
