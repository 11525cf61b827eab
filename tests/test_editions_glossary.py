"""Glossaries: TSV parsing, bad lines, longest match, the built-in government glossary."""

from __future__ import annotations

from pathlib import Path

import pytest

from cppcc_convert.editions import apply_edition, load_glossary
from cppcc_convert.editions_glossary import (
    TRADITIONAL,
    Glossary,
    GlossaryEntry,
    Matcher,
    default_glossary,
    parse_glossary,
)
from cppcc_convert.errors import ConvertError
from cppcc_convert.model import Document, Meta, Paragraph, Strong, Text, inline_text
from cppcc_convert.options import Options
from editions_support import reference


def _write(tmp_path: Path, text: str, name: str = "g.tsv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_parse_rows_comments_blank_lines_bom_crlf(tmp_path: Path) -> None:
    text = (
        "\ufeff# names\r\n\r\n富阳\t富阳\r\n智能汽车\t智慧車輛\tzh-TW\r\n"
        "  # indented comment\n政协\t政協\t*\n"
    )
    glossary = load_glossary(_write(tmp_path, text))
    assert glossary.entries == (
        GlossaryEntry("富阳", "富阳", TRADITIONAL, 3),
        GlossaryEntry("智能汽车", "智慧車輛", ("zh-TW",), 4),
        GlossaryEntry("政协", "政協", TRADITIONAL, 6),
    )
    assert glossary.terms("zh-HK") == {"富阳": "富阳", "政协": "政協"}
    assert glossary.terms("zh-TW")["智能汽车"] == "智慧車輛"


def test_edition_column_normalised() -> None:
    glossary = parse_glossary("甲\t乙\tzh-hk, ZH-HANT\n", "x.tsv")
    assert glossary.entries[0].editions == ("zh-Hant", "zh-HK")


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("# ok\n富阳 富陽\n", 2, "TAB, not spaces"),
        ("富阳\n", 1, "expected source<TAB>target"),
        ("甲\t乙\tzh-TW\t多余\n", 1, "found 4"),
        ("\t乙\n", 1, "empty source"),
        ("甲\t \n", 1, "empty target"),
        ("甲\t乙\tzh-CN\n", 1, "unknown edition 'zh-CN'"),
        ("甲\t乙\n\n甲\t丙\tzh-HK\n", 3, "already maps to '乙' for zh-HK (line 1)"),
    ],
)
def test_bad_lines_name_file_and_line(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConvertError) as info:
        load_glossary(path)
    err = info.value
    assert (err.file, err.line, err.kind.value) == (str(path), line, "usage")
    assert fragment in err.message
    assert str(err).startswith(f"{path}:{line}: bad glossary line")


def test_same_row_twice_is_fine() -> None:
    assert len(parse_glossary("甲\t乙\n甲\t乙\tzh-TW\n", "x").entries) == 2


def test_unreadable_and_non_utf8(tmp_path: Path) -> None:
    with pytest.raises(ConvertError, match="cannot read glossary"):
        load_glossary(tmp_path / "missing.tsv")
    bad = tmp_path / "gbk.tsv"
    bad.write_bytes("甲\t乙\n".encode() + "富阳\t富陽\n".encode("gbk"))
    with pytest.raises(ConvertError) as info:
        load_glossary(bad)
    assert (info.value.line, info.value.message) == (2, "glossary is not UTF-8")


def test_matcher_longest_first() -> None:
    matcher = Matcher({"政协": "A", "政协委员": "B", "委员会": "C"})
    assert list(matcher.split("区政协委员会和政协")) == [
        ("区", None),
        ("政协委员", "B"),
        ("会和", None),
        ("政协", "A"),
    ]
    assert list(Matcher({}).split("文本")) == [("文本", None)]


def test_later_glossary_wins() -> None:
    first = parse_glossary("甲\t乙\n", "a")
    second = parse_glossary("甲\t丙\tzh-TW\n", "b")
    both = first + second
    assert both.terms("zh-TW") == {"甲": "丙"}
    assert both.terms("zh-HK") == {"甲": "乙"}


# --------------------------------------------------------------------------- built-in rows


def test_default_glossary_rows_are_real_phrase_mode_errors() -> None:
    """Each row undoes an s2twp change: its target is s2tw's, and s2twp gives something else."""
    glossary = default_glossary()
    assert len(glossary.entries) >= 10
    for entry in glossary.entries:
        assert entry.editions == ("zh-TW",), entry
        assert reference("s2tw").convert(entry.source) == entry.target, entry
        assert reference("s2twp").convert(entry.source) != entry.target, entry


GOV_TEXT = (
    "构建以国内大循环为主体的新格局，发展循环经济，优化营商环境，支持民营经济，"
    "激活市场活力，召开新闻发布会，加强社区治理和窗口单位建设，密切联系群众，"
    "完善提案办理程序，把握现代化进程，打造产业集群，创建文明城市，落实中央文件，"
    "登记统一社会信用代码，保障用户权限。"
)


def _convert(text: str, edition: str, options: Options) -> str:
    doc = Document(blocks=(Paragraph((Text(text),), 1),))
    out = apply_edition(doc, edition, options)
    return inline_text(out.blocks[0].inlines)  # type: ignore[union-attr]


def test_default_glossary_fixes_s2twp_on_government_text() -> None:
    raw = reference("s2twp").convert(GOV_TEXT)
    for wrong in ("迴圈", "最佳化", "支援", "啟用", "釋出", "社群", "視窗", "聯絡", "程式", "叢集"):
        assert wrong in raw  # OpenCC alone makes the error ...
    fixed = _convert(GOV_TEXT, "zh-TW", Options(phrases=True))
    for wrong in ("迴圈", "最佳化", "支援", "啟用", "釋出", "社群", "視窗", "聯絡", "程式", "叢集"):
        assert wrong not in fixed  # ... and the built-in glossary undoes it
    for right in ("循環經濟", "優化營商環境", "社區治理", "現代化進程", "中央文件", "信用代碼"):
        assert right in fixed
    assert "使用者" in fixed  # legitimate Taiwan vocabulary stays (用户 -> 使用者)
    # The rows equal s2tw, so without phrases the glossary changes nothing.
    assert _convert(GOV_TEXT, "zh-TW", Options()) == reference("s2tw").convert(GOV_TEXT)
    assert _convert(GOV_TEXT, "zh-TW", Options(phrases=True, default_glossary=False)) == raw


def test_default_glossary_leaves_other_editions() -> None:
    for edition, config in (("zh-HK", "s2hkp"), ("zh-Hant", "s2t")):
        got = _convert(GOV_TEXT, edition, Options(phrases=True))
        assert got == reference(config).convert(GOV_TEXT)


def test_user_glossary_wins_over_default_and_opencc(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "# user\n富阳\t富阳\n优化\t最適化\tzh-TW\n智能汽车\t智慧車輛\tzh-TW\n吴璇\t吳璇\n",
    )
    doc = Document(
        Meta(title="富阳新闻"),
        (Paragraph((Text("富阳优化智能汽车产业，记者吴璇"),), 1),),
    )
    tw = apply_edition(doc, "zh-TW", Options(phrases=True, glossary=path))
    assert tw.meta.title == "富阳新聞"
    assert inline_text(tw.blocks[0].inlines) == "富阳最適化智慧車輛產業，記者吳璇"  # type: ignore[union-attr]
    hk = apply_edition(doc, "zh-HK", Options(glossary=path))
    assert inline_text(hk.blocks[0].inlines) == "富阳優化智能汽車產業，記者吳璇"  # type: ignore[union-attr]


def test_glossary_term_split_across_inline_nodes() -> None:
    doc = Document(blocks=(Paragraph((Strong((Text("循环"),)), Text("经济和优化")), 1),))
    out = apply_edition(doc, "zh-TW", Options(phrases=True))
    assert out.blocks[0].inlines == (Strong((Text("循環"),)), Text("經濟和優化"))  # type: ignore[union-attr]


def test_bad_user_glossary_raises_from_apply(tmp_path: Path) -> None:
    path = _write(tmp_path, "富阳 富陽\n")
    doc = Document(blocks=(Paragraph((Text("富阳"),), 1),))
    with pytest.raises(ConvertError) as info:
        apply_edition(doc, "zh-TW", Options(glossary=path))
    assert (info.value.file, info.value.line) == (str(path), 1)


def test_empty_glossary_changes_nothing() -> None:
    assert Glossary().terms("zh-TW") == {}
    assert _convert(GOV_TEXT, "zh-TW", Options(phrases=True, default_glossary=False)) == (
        reference("s2twp").convert(GOV_TEXT)
    )
