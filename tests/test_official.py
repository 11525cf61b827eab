"""Official documents (公文, GB/T 9704-2012): the parts read from front matter and from pasted
text, the format check, and the DOCX/HTML/EPUB layout, measured.

The numbers here are written out by hand from the standard: 37 mm is 2098 twips, 26 mm 1474,
35 mm 1984, 28 mm 1587; 22 lines in 225 mm is a pitch of 579 twips; 3号 is 16 pt (32
half-points), 2号 22 pt (44), 4号 14 pt (28).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import cppcc_convert
from cppcc_convert.model import Document, Official, block_texts
from cppcc_convert.options import Options

ROOT = Path(__file__).resolve().parent.parent
NOTICE = ROOT / "samples" / "official-notice.md"
PASTED = ROOT / "samples" / "official-notice-pasted.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}

# the parts of the sample notice, as its front matter says them
NOTICE_PARTS = Official(
    issuer="政协某某市委员会办公室",
    number="某政协办发〔2025〕12号",
    to="各专门委员会，各县（市、区）政协",
    attachments=("会议日程安排", "委员报名回执"),
    signature="政协某某市委员会办公室",
    date="2025年3月1日",
    note="联系人：张某，电话：0000-0000000",
    cc="市委办公室，市人大常委会办公室，市政府办公室",
    printer="政协某某市委员会办公室",
    print_date="2025年3月1日",
)


def parse(text: str, **options: object) -> Document:
    return cppcc_convert.parse(text, options=Options(**options), file="t.md")  # type: ignore[arg-type]


def codes(doc: Document, prefix: str = "gw-") -> list[str]:
    return [d.code for d in doc.diagnostics if d.code.startswith(prefix)]


@pytest.fixture(scope="module")
def notice() -> Document:
    return cppcc_convert.parse(NOTICE.read_text(encoding="utf-8"), file=str(NOTICE))


# ------------------------------------------------------------------ reading


def test_front_matter_names_every_part(notice: Document) -> None:
    assert notice.meta.official == NOTICE_PARTS
    assert notice.meta.title == "关于召开政协某某市第十届委员会第三次会议的通知"
    assert codes(notice) == []  # the sample is clean


def test_chinese_keys_say_the_same() -> None:
    text = (
        "---\ntitle: 关于开展调研的通知\n机关: 政协某某县委员会\n字号: 某政协发〔2025〕3号\n"
        "主送: 各乡镇政协联络组\n附件: [调研提纲]\n署名: 政协某某县委员会\n日期: 2025年4月2日\n"
        "抄送: 县委办公室\n印发: 政协某某县委员会办公室\n印发日期: 2025年4月2日\n"
        "密级: 秘密★1年\n紧急程度: 特急\n签发人: 王某\n---\n\n现将有关事项通知如下。\n"
    )
    official = parse(text).meta.official
    assert official == Official(
        issuer="政协某某县委员会",
        number="某政协发〔2025〕3号",
        signer="王某",
        to="各乡镇政协联络组",
        attachments=("调研提纲",),
        signature="政协某某县委员会",
        date="2025年4月2日",
        cc="县委办公室",
        printer="政协某某县委员会办公室",
        print_date="2025年4月2日",
        secret="秘密★1年",
        urgency="特急",
    )


def test_pasted_text_gives_the_same_parts_each_reported() -> None:
    doc = cppcc_convert.parse(PASTED.read_text(encoding="utf-8"), file="p.txt", input_format="text")
    assert doc.meta.official == NOTICE_PARTS
    assert doc.meta.title == "关于召开政协某某市第十届委员会第三次会议的通知"
    found = [d for d in doc.diagnostics if d.code == "official"]
    said = " ".join(d.message for d in found)
    for what in ("发文机关标志", "发文字号", "title", "主送机关", "附件说明", "发文机关署名",
                 "成文日期", "附注", "抄送机关", "印发机关和印发日期"):  # fmt: skip
        assert what in said, what
    assert all(d.level == "info" and d.line for d in found)
    # the body is the same as the Markdown sample's: nothing of the parts is left in it
    md = cppcc_convert.parse(NOTICE.read_text(encoding="utf-8"), file="n.md")
    assert block_texts(doc.blocks) == block_texts(md.blocks)


def test_a_part_the_front_matter_says_otherwise_stays_in_the_text() -> None:
    text = "---\nto: 各委员\n---\n\n# 关于开会的通知\n\n各专门委员会：\n\n请准时参加。\n"
    doc = parse(text, preset="official")
    assert doc.meta.official is not None and doc.meta.official.to == "各委员"
    assert "各专门委员会：" in block_texts(doc.blocks)  # not dropped: it differs


def test_a_number_line_with_more_on_it_is_not_taken() -> None:
    text = "政协某某市委员会\n\n某政协发〔2025〕1号 及有关材料\n\n关于开会的通知\n\n请准时参加。\n"
    doc = cppcc_convert.parse(
        text, file="x.txt", input_format="text", options=Options(genre="official")
    )
    assert doc.meta.official is not None and doc.meta.official.number == ""
    kept = [doc.meta.title, *block_texts(doc.blocks)]
    assert any("及有关材料" in t for t in kept)  # not lost with the number
    assert "关于开会的通知" in kept  # a 公文 title is never glued to the next line


# ------------------------------------------------------------------ the format check

LINT_CASES = [
    ("number: 某政协发[2025]3号", "gw-number-brackets"),
    ("number: 某政协发（2025）3号", "gw-number-brackets"),
    ("number: 某政协发【2025】3号", "gw-number-brackets"),
    ("date: 二〇二五年三月一日", "gw-date"),
    ("date: 2025-03-01", "gw-date"),
    ("cc: 市委办公室、市政府办公室", "gw-cc"),
]


@pytest.mark.parametrize(("line", "code"), LINT_CASES)
def test_lint_rule(line: str, code: str) -> None:
    text = (
        "---\ntitle: 关于开会的通知\nissuer: 政协某某市委员会\nto: 各委员\n"
        f"signature: 政协某某市委员会\n{line}\n---\n\n请准时参加。\n"
    )
    if not line.startswith("date"):
        text = text.replace("---\n\n请", "date: 2025年3月1日\n---\n\n请")
    if not line.startswith("number"):
        text = text.replace("to: ", "number: 某政协发〔2025〕3号\nto: ")
    doc = parse(text, preset="official")
    found = [d for d in doc.diagnostics if d.code == code]
    assert found, (code, [(d.code, d.message) for d in doc.diagnostics])
    assert all(d.level == "warning" and d.line for d in found)


def test_lint_finds_missing_parts_and_bad_headings() -> None:
    text = (
        "---\npreset: official\n---\n\n# 关于开会的通知。\n\n一、时间\n\n三、地点\n\n"
        "（二）要求\n\n详见附件3。\n"
    )
    got = set(codes(parse(text)))
    assert {"gw-title", "gw-to", "gw-date-missing", "gw-heading-order", "gw-attachment"} <= got


def test_check_strict_is_a_ci_gate(tmp_path: Path) -> None:
    from cppcc_convert.cli import main

    bad = tmp_path / "bad.md"
    bad.write_text("---\nnumber: 某发[2025]1号\n---\n\n# 关于开会的通知\n\n请参加。\n", "utf-8")
    assert main([str(bad), "--check", "--preset", "official", "-q"]) == 0
    assert main([str(bad), "--check", "--preset", "official", "--strict", "-q"]) == 3
    assert main([str(NOTICE), "--check", "--strict", "-q"]) == 0  # the sample passes


# ------------------------------------------------------------------ DOCX, as written


def docx_parts(
    doc: Document, edition: str = "zh-Hans", **options: object
) -> dict[str, etree._Element]:
    data = cppcc_convert.render(doc, "docx", edition=edition, options=Options(**options))  # type: ignore[arg-type]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith(".xml")}


def style(styles: etree._Element, name: str) -> etree._Element:
    found = styles.xpath(f"w:style[w:name/@w:val='{name}']", namespaces=NS)
    assert found, name
    return found[0]


def val(el: etree._Element, path: str, attr: str = "val") -> str | None:
    found = el.xpath(path, namespaces=NS)
    return found[0].get(W + attr) if found else None


@pytest.fixture(scope="module")
def notice_docx(notice: Document) -> dict[str, etree._Element]:
    return docx_parts(notice)


def test_docx_page_grid_and_margins(notice_docx: dict[str, etree._Element]) -> None:
    body = notice_docx["word/document.xml"]
    sections = body.xpath("//w:sectPr", namespaces=NS)
    assert len(sections) == 2  # the body, and the 版记 on a page of its own
    for sect in sections:
        assert val(sect, "w:pgSz", "w") == "11906" and val(sect, "w:pgSz", "h") == "16838"
        margins = {a: val(sect, "w:pgMar", a) for a in ("top", "right", "bottom", "left")}
        assert margins == {"top": "2098", "right": "1474", "bottom": "1984", "left": "1587"}
        assert val(sect, "w:docGrid", "type") == "lines"
        assert val(sect, "w:docGrid", "linePitch") == "579"
    assert val(sections[-1], "w:type") == "evenPage"  # the 版记 ends the last (even) page
    styles = notice_docx["word/styles.xml"]
    assert val(styles, "w:docDefaults/w:rPrDefault/w:rPr/w:sz") == "32"  # the grid's cell
    normal = style(styles, "Normal")
    assert val(normal, "w:rPr/w:sz") == "32"
    assert val(normal, "w:rPr/w:spacing") == "-5"  # 15.75 pt: 28 characters in 156 mm
    assert val(normal, "w:pPr/w:spacing", "line") == "579"
    assert val(normal, "w:pPr/w:spacing", "lineRule") == "exact"
    settings = notice_docx["word/settings.xml"]
    assert settings.xpath("w:evenAndOddHeaders", namespaces=NS)
    assert val(settings, "w:characterSpacingControl") == "doNotCompress"


@pytest.mark.parametrize(
    ("name", "face", "size", "bold"),
    [
        ("Normal", "仿宋_GB2312", "32", False),
        ("Title", "方正小标宋简体", "44", False),
        ("heading 1", "黑体", "32", False),
        ("heading 2", "楷体_GB2312", "32", False),
        ("heading 3", "仿宋_GB2312", "32", True),
        ("heading 4", "仿宋_GB2312", "32", False),
        ("Issuer (发文机关标志)", "方正小标宋简体", "52", False),
    ],
)
def test_docx_faces_and_sizes(
    notice_docx: dict[str, etree._Element], name: str, face: str, size: str, bold: bool
) -> None:
    el = style(notice_docx["word/styles.xml"], name)
    assert val(el, "w:rPr/w:rFonts", "eastAsia") == face
    assert val(el, "w:rPr/w:sz") == size or (name != "Normal" and val(el, "w:rPr/w:sz") is None)
    assert bool(el.xpath("w:rPr/w:b", namespaces=NS)) == bold


def test_docx_docx_font_overrides_a_role(notice: Document) -> None:
    styles = docx_parts(notice, docx_fonts={"body": "仿宋", "level2": "楷体"})["word/styles.xml"]
    assert val(style(styles, "Normal"), "w:rPr/w:rFonts", "eastAsia") == "仿宋"
    assert val(style(styles, "heading 2"), "w:rPr/w:rFonts", "eastAsia") == "楷体"
    assert val(style(styles, "Title"), "w:rPr/w:rFonts", "eastAsia") == "方正小标宋简体"


def paragraphs(parts: dict[str, etree._Element]) -> list[tuple[str, str]]:
    """(style id, text) of every body paragraph."""
    out = []
    for p in parts["word/document.xml"].iter(W + "p"):
        sid = val(p, "w:pPr/w:pStyle") or ""
        out.append((sid, "".join(p.itertext())))
    return out


def test_docx_head_and_tail_in_order(notice_docx: dict[str, etree._Element]) -> None:
    paras = [(s, t) for s, t in paragraphs(notice_docx) if t]
    texts = [t for _, t in paras]
    assert paras[0] == ("Issuer", "政协某某市委员会办公室")
    assert paras[1] == ("DocNumber", "某政协办发〔2025〕12号")
    # the title breaks between phrases, never inside a word
    assert paras[2] == ("Title", "关于召开政协某某市第十届委员会第三次会议的通知")
    title = notice_docx["word/document.xml"].xpath(
        "//w:p[w:pPr/w:pStyle/@w:val='Title']", namespaces=NS
    )[0]
    runs = ["".join(r.itertext()) for r in title.iter(W + "r") if "".join(r.itertext())]
    assert runs == ["关于召开政协某某市", "第十届委员会第三次会议的通知"]
    assert paras[3] == ("Addressee", "各专门委员会，各县（市、区）政协：")
    tail = texts[texts.index("特此通知。") + 1 :]
    assert tail == [
        "附件：1．会议日程安排",
        "2．委员报名回执",
        "政协某某市委员会办公室",
        "2025年3月1日",
        "（联系人：张某，电话：0000-0000000）",
        "抄送：市委办公室，市人大常委会办公室，市政府办公室。",
        "政协某某市委员会办公室2025年3月1日印发",
    ]


def test_docx_red_issuer_and_rule(notice_docx: dict[str, etree._Element]) -> None:
    styles = notice_docx["word/styles.xml"]
    issuer = style(styles, "Issuer (发文机关标志)")
    assert val(issuer, "w:rPr/w:color") == "E60012"
    # 35 mm under the block top: 1984 twips, less the line's lead
    assert 1900 <= int(val(issuer, "w:pPr/w:spacing", "before") or 0) <= 1984
    rule = style(styles, "Red Rule (分隔线)")
    assert val(rule, "w:pPr/w:pBdr/w:bottom", "color") == "E60012"


def test_docx_attachments_align_and_date_sits_right(notice_docx: dict[str, etree._Element]) -> None:
    doc = notice_docx["word/document.xml"]

    def ind(text: str) -> dict[str, str]:
        for p in doc.iter(W + "p"):
            if "".join(p.itertext()) == text:
                el = p.find(f"{W}pPr/{W}ind")
                return {k[len(W) :]: v for k, v in el.attrib.items()} if el is not None else {}
        raise AssertionError(text)

    first, second = ind("附件：1．会议日程安排"), ind("2．委员报名回执")
    # one character is 315 twips; the names start where the first one does: 2 + 3 + 1.5 in
    assert first["left"] == second["left"] == str(round(6.5 * 315))
    assert int(first["left"]) - int(first["hanging"]) == 2 * 315  # "附件" 2 characters in
    assert int(second["left"]) - int(second["hanging"]) == 5 * 315  # "2．" under "1．"
    date = style(notice_docx["word/styles.xml"], "Date (成文日期)")
    assert val(date, "w:pPr/w:ind", "right") == str(4 * 315)  # 4 characters from the right
    assert val(date, "w:pPr/w:jc") == "right"


def test_docx_page_numbers_odd_right_even_left(notice_docx: dict[str, etree._Element]) -> None:
    footers = [el for name, el in notice_docx.items() if name.startswith("word/footer")]
    assert len(footers) == 2
    sides = set()
    for footer in footers:
        text = "".join(footer.itertext())
        assert re.fullmatch(r"— 1 —", text), text
        assert footer.xpath("//w:fldSimple[contains(@w:instr, 'PAGE')]", namespaces=NS)
        jc = val(footer, "//w:pPr/w:jc")
        sides.add((jc, val(footer, "//w:pPr/w:ind", jc or "")))
    assert sides == {("right", "280"), ("left", "280")}  # one 4号 character in


def test_docx_traditional_edition_keeps_the_layout(notice: Document) -> None:
    parts = docx_parts(notice, "zh-TW")
    sect = parts["word/document.xml"].xpath("//w:sectPr", namespaces=NS)[-1]
    assert val(sect, "w:pgMar", "top") == "2098" and val(sect, "w:docGrid", "linePitch") == "579"
    styles = parts["word/styles.xml"]
    assert val(style(styles, "Title"), "w:rPr/w:rFonts", "eastAsia") == "方正小标宋繁体"
    assert val(style(styles, "heading 2"), "w:rPr/w:rFonts", "eastAsia") == "DFKai-SB"
    texts = [t for _, t in paragraphs(parts) if t]
    assert texts[0] == "政協某某市委員會辦公室"
    assert "抄送：市委辦公室，市人大常委會辦公室，市政府辦公室。" in texts


def test_news_is_not_set_as_an_official_document(sample_doc: Document) -> None:
    parts = docx_parts(sample_doc)
    sect = parts["word/document.xml"].xpath("//w:sectPr", namespaces=NS)[-1]
    assert val(sect, "w:pgMar", "top") != "2098"
    assert val(sect, "w:docGrid", "type") is None


# ------------------------------------------------------------------ HTML and EPUB


def test_html_has_every_part_in_order(notice: Document) -> None:
    html = cppcc_convert.render(notice, "html").decode("utf-8")
    root = etree.fromstring(html.encode("utf-8"))
    xh = {"h": "http://www.w3.org/1999/xhtml"}
    body = root.find("h:body", xh)
    assert "official" in (body.get("class") or "").split()
    text = "".join(body.itertext())
    order = [
        "政协某某市委员会办公室", "某政协办发〔2025〕12号", "关于召开政协某某市", "各专门委员会",
        "经政协某某市", "特此通知。", "附件：", "1．会议日程安排", "2．委员报名回执",
        "2025年3月1日", "（联系人：张某", "抄送：市委办公室", "2025年3月1日印发",
    ]  # fmt: skip
    at = 0
    for piece in order:
        at = text.index(piece, at)
    assert root.xpath("//h:p[@class='gw-issuer']", namespaces=xh)
    assert root.xpath("//h:hr[@class='gw-rule']", namespaces=xh)
    assert len(root.xpath("//h:h2[@class='gw-l1']", namespaces=xh)) == 4  # 一、…四、
    assert root.xpath("//h:span[@class='gw-l3']", namespaces=xh)  # 1．提交提案。 run in
    assert "#e60012" in html


def test_epub_is_one_page_with_the_parts(notice: Document) -> None:
    data = cppcc_convert.render(notice, "epub")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        pages = [n for n in z.namelist() if n.endswith(".xhtml") and "nav" not in n]
        assert len(pages) == 1
        text = z.read(pages[0]).decode("utf-8")
    assert 'class="gw-issuer"' in text and 'class="gw-record"' in text
