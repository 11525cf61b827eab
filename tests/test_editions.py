"""Editions: the API, the sample character by character against OpenCC, untouchable text,
converter caching and lazy import."""

from __future__ import annotations

import difflib
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

import cppcc_convert.editions as editions
from cppcc_convert.editions import apply_edition, get_converter, output_name, parse_editions
from cppcc_convert.editions_glossary import default_glossary
from cppcc_convert.editions_text import distribute
from cppcc_convert.errors import ConvertError, ErrorKind
from cppcc_convert.locale import EDITION_NAMES as EDITIONS
from cppcc_convert.locale import EDITIONS as EDITION_TABLE
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
    Meta,
    Paragraph,
    Quote,
    Strong,
    Text,
    block_texts,
    inline_text,
)
from cppcc_convert.options import Options
from editions_support import ROOT, reference, sample_document, untouchables

TRADITIONAL = {  # edition -> (config, config with phrases)
    "zh-Hant": ("s2t", "s2t"),
    "zh-TW": ("s2tw", "s2twp"),
    "zh-HK": ("s2hk", "s2hkp"),
}
QUOTE_MARKS = {"“": "「『", "”": "」』", "‘": "「『", "’": "」』"}

# --------------------------------------------------------------------------- API


def test_constants() -> None:
    assert EDITIONS == ("zh-Hans", "zh-Hant", "zh-TW", "zh-HK")
    langs = {name: e.lang for name, e in EDITION_TABLE.items()}
    assert langs == {"zh-Hans": None, "zh-Hant": "zh-Hant", "zh-TW": "zh-TW", "zh-HK": "zh-HK"}


def test_output_name() -> None:
    assert output_name("report", "zh-Hans", "docx") == "report.docx"
    assert output_name("report", "zh-TW", "pdf") == "report.zh-TW.pdf"
    assert output_name("a.b", "zh-HK", ".epub") == "a.b.zh-HK.epub"
    with pytest.raises(ConvertError, match="zh-Hans, zh-Hant, zh-TW, zh-HK"):
        output_name("x", "zh-MO", "pdf")


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("zh-Hans,zh-TW", ("zh-Hans", "zh-TW")),
        ("zh-TW,zh-Hans", ("zh-Hans", "zh-TW")),
        (" zh-tw , ZH-HK,zh-TW ", ("zh-TW", "zh-HK")),
        ("all", EDITIONS),
        ("zh-HK,all", EDITIONS),
        ("zh-Hant", ("zh-Hant",)),
    ],
)
def test_parse_editions(spec: str, expected: tuple[str, ...]) -> None:
    assert parse_editions(spec) == expected


@pytest.mark.parametrize("spec", ["", " , ", "zh-TW,zh-MO", "traditional"])
def test_parse_editions_rejects(spec: str) -> None:
    with pytest.raises(ConvertError) as info:
        parse_editions(spec)
    assert info.value.kind is ErrorKind.USAGE
    assert "zh-Hans, zh-Hant, zh-TW, zh-HK" in info.value.message


def test_apply_unknown_edition_and_quotes_mode() -> None:
    with pytest.raises(ConvertError, match="choose from: zh-Hans, zh-Hant, zh-TW, zh-HK"):
        apply_edition(Document(), "zh-CN", Options())
    with pytest.raises(ConvertError, match="localize, keep"):
        apply_edition(Document(), "zh-TW", Options(quotes="curly"))


def test_zh_hans_is_the_source_itself() -> None:
    doc = Document(Meta(title="标题", lang="zh-CN"), (Paragraph((Text("“发展”"),), 1),))
    assert apply_edition(doc, "zh-Hans", Options(phrases=True)) is doc


def test_lang_set_and_meta_converted() -> None:
    doc = Document(
        Meta(
            title="发展报告",
            subtitle="副标题",
            authors=(Author("吴璇", "记者"),),
            date="2024-08-29",
            source="富阳日报",
            extra={"关键词": "发展"},
        )
    )
    for edition in ("zh-Hant", "zh-TW", "zh-HK"):
        out = apply_edition(doc, edition, Options())
        assert out.meta.lang == edition
        assert out.meta.authors == (Author("吳璇", "記者"),)
        assert out.meta.title == "發展報告"
        assert out.meta.subtitle == "副標題"
        assert out.meta.date == "2024-08-29"
        assert out.meta.source == "富陽日報"  # the publication's name is text a reader sees
        assert out.meta.extra == {"关键词": "发展"}
        assert out.meta.extra is not doc.meta.extra
    assert doc.meta.lang == "zh-CN"  # the input is never modified


# --------------------------------------------------------------------------- the sample


# The sample quotes one level deep in “”, and inside those in ‘’: for it, Taiwan's and Hong
# Kong's marks are this table (localize_quotes itself is tested in test_editions_quotes.py).
CORNER = str.maketrans("“”‘’", "「」『』")


def _quoted(text: str, edition: str) -> str:
    return text if edition == "zh-Hant" else text.translate(CORNER)


def _glossary_split(text: str, terms: dict[str, str], config: str) -> str:
    """Reference: longest glossary match first, OpenCC on the pieces in between."""
    out, plain, i = [], "", 0
    longest = max(map(len, terms), default=0)
    while i < len(text):
        for size in range(min(longest, len(text) - i), 0, -1):
            if text[i : i + size] in terms:
                out += [reference(config).convert(plain), terms[text[i : i + size]]]
                plain, i = "", i + size
                break
        else:
            plain += text[i]
            i += 1
    out.append(reference(config).convert(plain))
    return "".join(out)


def _texts(doc: Document) -> list[str]:
    meta = [doc.meta.title, *(f"{a.role} {a.name}" for a in doc.meta.authors)]
    return meta + block_texts(doc.blocks)


@pytest.fixture(scope="module")
def sample() -> Document:
    doc = sample_document()
    assert doc.meta.title.startswith("以“政协之为”")
    for text in _texts(doc):  # what CORNER assumes: “ never inside “, ‘ only inside “
        depth = 0
        for ch in text:
            depth += {"“": 1, "”": -1}.get(ch, 0)
            assert depth in (0, 1) and (ch not in "‘’" or depth == 1), text
    assert sum(isinstance(b, Paragraph) for b in doc.blocks) >= 28
    return doc


@pytest.mark.parametrize("edition", ["zh-Hant", "zh-TW", "zh-HK"])
def test_sample_equals_opencc_plus_quotes(sample: Document, edition: str) -> None:
    """Without phrases each block is exactly OpenCC's, quote marks aside."""
    config = TRADITIONAL[edition][0]
    out = apply_edition(sample, edition, Options())
    assert out.meta.lang == edition
    pairs = list(zip(_texts(sample), _texts(out), strict=True))
    assert len(pairs) >= 36
    changed_quotes = 0
    for source, got in pairs:
        raw = reference(config).convert(source)
        assert got == _quoted(raw, edition)
        assert len(got) == len(raw)
        for a, b in zip(raw, got, strict=True):
            if a != b:  # only quote marks differ, each to a corner bracket
                assert b in QUOTE_MARKS[a], (a, b)
                changed_quotes += 1
    if edition == "zh-Hant":
        assert changed_quotes == 0
    else:
        assert changed_quotes > 100
        assert "“" not in "".join(_texts(out))
        assert "「推進『智能汽車核心零部件』產業高質量發展」" in "".join(_texts(out))


@pytest.mark.parametrize("edition", ["zh-Hant", "zh-TW", "zh-HK"])
def test_sample_phrase_variants(sample: Document, edition: str) -> None:
    """With phrases: OpenCC's phrase config, glossary terms and quote marks aside."""
    config = TRADITIONAL[edition][1]
    terms = default_glossary().terms(edition)
    out = apply_edition(sample, edition, Options(phrases=True))
    glossary_hits = 0
    for source, got in zip(_texts(sample), _texts(out), strict=True):
        assert got == _quoted(_glossary_split(source, terms, config), edition)
        plain = _quoted(reference(config).convert(source), edition)
        ops = difflib.SequenceMatcher(None, plain, got, autojunk=False).get_opcodes()
        for tag, _i1, _i2, j1, j2 in ops:
            if tag == "equal":
                continue
            # every difference from plain OpenCC lies inside a glossary target in the output
            spans = [
                (m, m + len(t))
                for t in set(terms.values())
                for m in range(len(got))
                if got.startswith(t, m)
            ]
            assert any(s <= j1 and j2 <= e for s, e in spans), (source, got[j1:j2])
            glossary_hits += 1
    text = "".join(_texts(out))
    if edition == "zh-TW":
        assert glossary_hits >= 9  # 优化 ×2, 支持 ×3, 产业集群 ×2, 循环, 创建
        assert "迴圈" not in text and "最佳化" not in text
        assert "智慧汽車" in text and "資訊" in text  # legitimate Taiwan vocabulary
    else:
        assert glossary_hits == 0


def test_sample_editions_deterministic(sample: Document) -> None:
    for edition in EDITIONS:
        first = apply_edition(sample, edition, Options(phrases=True))
        assert first.to_json() == apply_edition(sample, edition, Options(phrases=True)).to_json()


# --------------------------------------------------------------------------- never touched

URL = "https://例子.中国/政协/报告?q=发展"
CODE = "print('发展“测试”')"
BLOCK = "# 注释：发展\nx = “优化”\n"


def _rich() -> Document:
    return Document(
        Meta(title="发展", extra={"标签": ["政协"]}),
        (
            Heading(1, (Text("政协"), Code("简体代码")), 1),
            Paragraph(
                (
                    Text("请看"),
                    Code(CODE),
                    Text("和"),
                    Link((Text("政协报告"),), URL, "政协“报告”"),
                    LineBreak(),
                    InlineImage("图片/政协会议.png", "政协会议", "会议照片"),
                ),
                3,
            ),
            CodeBlock(BLOCK, "python", 5),
            Figure(InlineImage("图片/富阳发展.jpg", "富阳发展", "标题"), (Text("富阳发展"),), 9),
            Quote((ListBlock(False, ((Paragraph((Emph((Text("发展"),)),), 11),),)),), 10),
        ),
    )


@pytest.mark.parametrize("edition", ["zh-Hant", "zh-TW", "zh-HK"])
@pytest.mark.parametrize("phrases", [False, True])
def test_code_urls_and_paths_untouched(edition: str, phrases: bool) -> None:
    doc = _rich()
    out = apply_edition(doc, edition, Options(phrases=phrases))
    assert untouchables(out) == untouchables(doc)
    assert untouchables(doc) == [
        "简体代码",
        CODE,
        URL,
        "图片/政协会议.png",
        BLOCK,
        "图片/富阳发展.jpg",
    ]
    assert out.meta.extra == {"标签": ["政协"]}
    para = out.blocks[1]
    assert isinstance(para, Paragraph)
    link, image = para.inlines[3], para.inlines[5]
    assert isinstance(link, Link) and isinstance(image, InlineImage)
    assert inline_text(link.children) == "政協報告"
    assert link.title.startswith(("政協“報告”", "政協「報告」"))  # link titles are text
    assert (image.alt, image.title) == ("政協會議", "會議照片")
    figure = out.blocks[3]
    assert isinstance(figure, Figure) and figure.image is not None
    assert (figure.image.alt, figure.image.title) == (
        reference(TRADITIONAL[edition][0]).convert("富阳发展"),
        "標題",
    )
    assert inline_text(figure.caption) == reference(TRADITIONAL[edition][0]).convert("富阳发展")
    assert out.blocks[4] == Quote(
        (ListBlock(False, ((Paragraph((Emph((Text("發展"),)),), 11),),)),), 10
    )


def test_rich_markdown_file_untouchables() -> None:
    path = ROOT / "tests" / "data" / "rich.md"
    if not path.exists():
        pytest.skip("tests/data/rich.md not added yet")
    from cppcc_convert import parse

    doc = parse(path.read_text(encoding="utf-8"))
    for edition in ("zh-TW", "zh-HK"):
        out = apply_edition(doc, edition, Options(phrases=True))
        assert untouchables(out) == untouchables(doc)
        assert untouchables(doc)  # the file really has code, links and images


# --------------------------------------------------------------------------- run conversion


def test_phrase_across_formatting_converts_as_one_word() -> None:
    doc = Document(blocks=(Paragraph((Strong((Text("优"),)), Text("化营商环境")), 1),))
    out = apply_edition(doc, "zh-TW", Options(phrases=True, default_glossary=False))
    got = out.blocks[0].inlines  # type: ignore[union-attr]
    assert inline_text(got) == reference("s2twp").convert("优化营商环境") == "最佳化營商環境"
    # characters both conversions share keep their node; the changed part goes with the diff
    assert got == (Strong((Text("最佳"),)), Text("化營商環境"))


def test_distribute() -> None:
    assert distribute(["優", "化"], "優化") == ["優", "化"]
    assert distribute(["甲", "", "乙"], "丙丁") == ["丙", "", "丁"]
    assert distribute(["優", "化營商"], "最佳化營商") == ["最佳", "化營商"]
    assert distribute(["營商", "優", "化"], "營商最佳化") == ["營商", "最佳", "化"]
    assert distribute(["肯尼", "亞"], "肯亞") == ["肯", "亞"]
    assert distribute(["A", "BC"], "XYZW") == ["XYZW", ""]  # nothing shared: stays with the start
    assert distribute(["單"], "兩個") == ["兩個"]


# --------------------------------------------------------------------------- caching, laziness


def test_converter_cached_and_reused(monkeypatch: pytest.MonkeyPatch) -> None:
    import opencc

    built: list[str] = []
    real = opencc.OpenCC

    def counting(config: str) -> object:
        built.append(config)
        return real(config)

    monkeypatch.setattr(editions, "_converters", {})
    monkeypatch.setattr(opencc, "OpenCC", counting)
    doc = Document(blocks=(Paragraph((Text("发展"),), 1),))
    for _ in range(3):
        apply_edition(doc, "zh-TW", Options())
        apply_edition(doc, "zh-HK", Options(phrases=True))
    assert built == ["s2tw.json", "s2hkp.json"]
    assert get_converter("s2tw") is get_converter("s2tw")
    assert get_converter("s2tw").convert("发展") == "發展"


def test_opencc_not_imported_with_package() -> None:
    code = (
        "import sys, cppcc_convert, cppcc_convert.editions;"
        "assert 'opencc' not in sys.modules, 'imported early';"
        "from cppcc_convert.model import Document, Paragraph, Text;"
        "from cppcc_convert.options import Options;"
        "doc = Document(blocks=(Paragraph((Text('发展'),)),));"
        "cppcc_convert.editions.apply_edition(doc, 'zh-Hans', Options());"
        "assert 'opencc' not in sys.modules, 'zh-Hans needs no OpenCC';"
        "cppcc_convert.editions.apply_edition(doc, 'zh-TW', Options());"
        "assert 'opencc' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent)


def test_input_document_unchanged(sample: Document) -> None:
    before = sample.to_json()
    apply_edition(replace(sample), "zh-TW", Options(phrases=True))
    assert sample.to_json() == before
