"""The PDF writer, checked with qpdf and poppler (pdffonts, pdftotext, pdfinfo, pdfimages)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cppcc_convert.errors import ConvertError
from cppcc_convert.model import (
    Author,
    Document,
    Figure,
    Heading,
    InlineImage,
    Meta,
    Paragraph,
    Text,
    document_text,
)
from pdf_helpers import body_text, fonts, page_count, render, run, squash


@pytest.fixture(scope="module")
def sample_pdf(sample_doc: Document, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path, ctx = render(sample_doc, tmp_path_factory.mktemp("pdf"), "sample")
    assert ctx.diagnostics == []
    return path


def test_sample_passes_qpdf_check(sample_pdf: Path) -> None:
    out = run("qpdf", "--check", sample_pdf)
    assert "No syntax or stream encoding errors" in out


def test_every_font_is_embedded(sample_pdf: Path) -> None:
    rows = fonts(sample_pdf)
    assert rows, "no fonts listed"
    assert all(r["emb"] == "yes" for r in rows), rows
    assert not any("Helvetica" in r["name"] for r in rows)
    names = {r["name"].split("+")[-1] for r in rows}
    assert any(n.startswith("NotoSerifCJKsc") for n in names), names  # body
    assert any(n.startswith("NotoSansCJKsc-Bold") for n in names), names  # headings


def test_text_matches_the_model_in_order(sample_doc: Document, sample_pdf: Path) -> None:
    assert squash(body_text(sample_pdf)) == squash(document_text(sample_doc))


def test_two_runs_are_byte_identical(sample_doc: Document, tmp_path: Path) -> None:
    a, _ = render(sample_doc, tmp_path, "a")
    b, _ = render(sample_doc, tmp_path, "b")
    assert a.read_bytes() == b.read_bytes()


def test_document_info_lang_and_outline(sample_pdf: Path) -> None:
    info = run("pdfinfo", sample_pdf)
    assert re.search(r"^Title:\s+以“政协之为”服务", info, re.M)
    assert re.search(r"^Author:\s+吴璇$", info, re.M)
    assert re.search(r"^Creator:\s+cppcc-convert$", info, re.M)
    assert re.search(r"^Page size:.*\(A4\)", info, re.M)
    data = json.loads(run("qpdf", "--json", "--json-key=outlines", "--json-key=qpdf", sample_pdf))
    titles = [o["title"] for o in data["outlines"]]
    assert titles[0] == "聚焦“效”字行监督,以政协之责补产业之短".replace(",", "，")
    assert len(titles) == 4
    raw = sample_pdf.read_bytes()
    assert b"/Lang (zh-CN)" in raw


def test_page_numbers_in_footer(sample_pdf: Path) -> None:
    n = page_count(sample_pdf)
    assert n >= 3
    for page in range(1, n + 1):
        footer = run("pdftotext", "-f", page, "-l", page, "-r", "72", "-y", "790", "-H", "52",
                     "-W", "600", sample_pdf, "-")  # fmt: skip
        assert squash(footer) == f"—{page}—"


def test_creation_date_comes_from_build_time(sample_doc: Document, tmp_path: Path) -> None:
    path, _ = render(sample_doc, tmp_path, source_date_epoch=1_700_000_000)
    assert b"/CreationDate (D:20231114221320+00'00')" in path.read_bytes()


@pytest.mark.parametrize(("size", "dims"), [("A5", "419.528 x 595.276"), ("Letter", "612 x 792")])
def test_page_sizes(sample_doc: Document, tmp_path: Path, size: str, dims: str) -> None:
    path, _ = render(sample_doc, tmp_path, page_size=size)
    assert f"Page size:       {dims} pts" in run("pdfinfo", path)


def test_markup_in_user_text_is_printed_literally(tmp_path: Path) -> None:
    nasty = '<img src="/etc/passwd"/> <font name="x">字</font> &amp; <b>粗</b> ]]>'
    doc = Document(
        Meta(title="<b>标题</b> &lt;", authors=(Author("<i>名</i>", "记者"),)),
        (Heading(2, (Text(nasty),)), Paragraph((Text(nasty),))),
    )
    path, ctx = render(doc, tmp_path)
    assert ctx.diagnostics == []
    text = squash(body_text(path))
    assert text.count(squash(nasty)) == 2
    assert text.startswith("<b>标题</b>&lt;记者<i>名</i>")
    assert "root:" not in text


def test_missing_glyphs_are_reported_with_their_lines(tmp_path: Path) -> None:
    doc = Document(
        Meta(title="缺字"),
        (Paragraph((Text("生僻字𠀀在此。"),), line=7), Paragraph((Text("表情😀。"),), line=9)),
    )
    _, ctx = render(doc, tmp_path)
    found = {(d.code, d.line): d.message for d in ctx.diagnostics}
    assert set(found) == {("font-missing", 7), ("font-missing", 9)}
    assert "𠀀 (U+20000)" in found[("font-missing", 7)]
    assert "😀 (U+1F600)" in found[("font-missing", 9)]


def test_traditional_edition_uses_the_tc_face(tmp_path: Path) -> None:
    doc = Document(
        Meta(title="以「政協之為」服務「發展之要」", lang="zh-TW"),
        (
            Heading(2, (Text("聚焦「效」字行監督"),)),
            Paragraph((Text("臺灣說明這個為與經濟發展。"),)),
        ),
    )
    path, _ = render(doc, tmp_path)
    names = {r["name"].split("+")[-1] for r in fonts(path)}
    assert any(n.startswith("NotoSerifCJKtc") for n in names), names
    assert any(n.startswith("NotoSansCJKtc") for n in names), names
    assert not any("sc" in n.split("-")[0][-2:] for n in names), names
    assert b"/Lang (zh-TW)" in path.read_bytes()


def test_rich_document(rich_doc: Document, rich_path: Path, tmp_path: Path) -> None:
    path, ctx = render(rich_doc, tmp_path, base_dir=rich_path.parent)
    assert ctx.diagnostics == []
    run("qpdf", "--check", path)
    text = body_text(path)
    assert "alert(1)" not in text  # the <script> in a table cell was dropped by the reader
    for expected in ("5.", "6.", "从五开始的编号列表", "不是标记", "<w:t>", "含A&B专题"):
        assert expected in text.replace(" ", "") or expected in text
    # the code block keeps its lines
    assert 'def hello():\n    return "政协,你好"' in run("pdftotext", "-layout", path, "-")
    raw = path.read_bytes()
    assert b"/URI (https://www.example.org/" in raw  # the link is clickable
    assert "1" in run("pdfimages", "-list", path).splitlines()[2].split()[0]


def _long_doc(n: int) -> Document:
    para = "政协委员围绕产业发展开展调研，提出意见建议，推动政策落地见效。" * 6
    blocks: list = []
    for i in range(n):
        blocks.append(Heading(2, (Text(f"第{i + 1}节标题"),)))
        blocks += [Paragraph((Text(para[: 40 + 23 * (i % 7)]),)) for _ in range(1 + i % 3)]
    return Document(Meta(title="长文"), tuple(blocks))


def test_no_heading_is_left_at_a_page_bottom(tmp_path: Path) -> None:
    path, _ = render(_long_doc(60), tmp_path)
    pages = page_count(path)
    assert pages >= 4
    for page in range(1, pages + 1):
        lines = [ln for ln in body_text(path, page, page).splitlines() if ln.strip()]
        assert not re.fullmatch(r"第\d+节标题", lines[-1].strip()), (page, lines[-3:])


def test_figures_stay_with_their_captions(tmp_path: Path) -> None:
    img = Path(__file__).parent / "data" / "img" / "photo.png"
    para = Paragraph((Text("正文内容，用来填充页面。" * 12),))
    blocks: list = []
    for i in range(8):
        blocks += [para, para, Figure(InlineImage(img.name, "图"), (Text(f"图{i + 1}说明"),))]
    path, ctx = render(Document(Meta(title="图"), tuple(blocks)), tmp_path, base_dir=img.parent)
    assert ctx.diagnostics == []
    listing = run("pdfimages", "-list", path).splitlines()[2:]
    image_pages = [int(row.split()[0]) for row in listing]
    assert len(image_pages) == 8
    for i, page in enumerate(image_pages):
        assert f"图{i + 1}说明" in body_text(path, page, page)


def test_missing_image_prints_alt_text_and_warns(tmp_path: Path) -> None:
    doc = Document(Meta(title="图"), (Figure(InlineImage("nope.png", "现场照片"), (), 3),))
    path, ctx = render(doc, tmp_path, base_dir=tmp_path)
    assert [d.code for d in ctx.diagnostics] == ["image-missing"]
    assert "现场照片" in body_text(path)


def test_font_override_per_role(sample_doc: Document, tmp_path: Path) -> None:
    serif = Path(__file__).parent.parent / "fonts" / "NotoSerifCJK-Regular.subset.ttc"
    path, _ = render(sample_doc, tmp_path, pdf_fonts={"serif": f"{serif}#2"})
    names = {r["name"].split("+")[-1] for r in fonts(path)}
    assert any(n.startswith("NotoSerifCJKhk") for n in names), names
    assert any(n.startswith("NotoSansCJKsc") for n in names), names  # other roles unchanged


def test_unusable_font_is_a_clear_error(sample_doc: Document, tmp_path: Path) -> None:
    cff = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc#2"
    with pytest.raises(ConvertError, match="cannot be used"):
        render(sample_doc, tmp_path, pdf_fonts={"serif": cff})
