#!/usr/bin/env python3
"""Build a hand-made GB/T 9704-2012 control DOCX from samples/official-notice.md.

The positive control for bench/gbt9704.py: a document laid out by hand, with python-docx and
raw WordprocessingML only (nothing from cppcc_convert), that the measuring tool should find
conforming. If the tool reports a point of this file as not met, either the control or the
tool is wrong, and that is worth knowing before the tool judges anyone else.

    python3 bench/gbt9704_reference.py samples/official-notice.md out/reference.docx [auto]
    python3 bench/gbt9704.py out/reference.docx --render --font-aliases

Layout (GB/T 9704-2012 clause in brackets): A4, margins 37/26/35/28 mm (5.2.1); a
line grid and exact lines of 28.95 pt (22 in 225 mm) and −0.25 pt character spacing (28
characters of 15.75 pt in 156 mm) (5.2.3); 版头: the issuer in red 小标宋 35 mm below the
block top, 发文字号 two lines under it, a red rule 4 mm under that (7.2.4–7.2.7); title two lines
under the rule (7.3.1), 主送 one line under the title (7.3.2); body 3号 仿宋, headings 黑体 /
楷体 / 仿宋 (7.3.3); 附件说明 with aligned names (7.3.4); unsealed 署名 and date (7.3.5.2);
附注 (7.3.6); 版记 as a ruled table at the foot of an even page (7.4); page numbers "— N —" in
4号 宋体, odd right / even left, one character in (7.5).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

PITCH_TW = 579  # 28.95 pt: 22 lines in 225 mm
FS, KAI, HEI, XBS, SONG = "仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体", "宋体"
RED = "FF0000"
LEVELS = [
    (1, re.compile(r"^[一二三四五六七八九十]+、"), HEI),
    (2, re.compile(r"^（[一二三四五六七八九十]+）"), KAI),
    (3, re.compile(r"^\d+[．.]"), FS),
    (4, re.compile(r"^（\d+）"), FS),
]


def read_notice(path: str):
    text = Path(path).read_text(encoding="utf-8")
    _, fm, body = text.split("---", 2)
    meta = {}
    for line in fm.splitlines():
        m = re.match(r"^(\w+):\s*(.*?)\s*(?:#.*)?$", line)
        if not m:
            continue
        k, v = m.groups()
        v = v.strip()
        if v.startswith("[") and v.endswith("]"):
            v = [x.strip().strip('"') for x in v[1:-1].split(",") if x.strip()]
        else:
            v = v.strip('"')
        meta[k] = v
    paras = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    return meta, paras


def set_run(run, font: str, size: float, bold: bool = False, color: str | None = None):
    rpr = run._r.get_or_add_rPr()
    rpr.append(
        parse_xml(
            f'<w:rFonts {nsdecls("w")} w:ascii="Times New Roman" w:hAnsi="Times New Roman" '
            f'w:eastAsia="{font}" w:hint="eastAsia"/>'
        )
    )
    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = None
        rpr.append(parse_xml(f'<w:color {nsdecls("w")} w:val="{color}"/>'))


def para(
    doc,
    text: str = "",
    font: str = FS,
    size: float = 16,
    jc: str = "both",
    first_chars: int = 0,
    left_tw: int = 0,
    right_tw: int = 0,
    hanging_tw: int = 0,
    bold: bool = False,
    color=None,
    line_tw: int = PITCH_TW,
    before_tw: int = 0,
    spans=None,
    grid: bool = True,
):
    p = doc.add_paragraph()
    ppr = p._p.get_or_add_pPr()
    if not grid:  # 版头 lines are placed in mm, not on the 22-line grid
        ppr.append(parse_xml(f'<w:snapToGrid {nsdecls("w")} w:val="0"/>'))
    ind = f'<w:ind {nsdecls("w")} w:left="{left_tw}" w:right="{right_tw}"'
    if hanging_tw:
        ind += f' w:hanging="{hanging_tw}"'
    else:
        ind += f' w:firstLineChars="{first_chars * 100}" w:firstLine="{first_chars * 320}"'
    ppr.append(
        parse_xml(
            f'<w:spacing {nsdecls("w")} w:before="{before_tw}" w:after="0" w:line="{line_tw}" '
            'w:lineRule="exact"/>'
        )
    )
    ppr.append(parse_xml(ind + "/>"))
    ppr.append(parse_xml(f'<w:jc {nsdecls("w")} w:val="{jc}"/>'))
    for t, f, b in spans or [(text, font, bold)]:
        if t:
            set_run(p.add_run(t), f, size, b, color)
    return p


def footer_xml(jc: str, side: str) -> str:
    rpr = (
        f'<w:rPr><w:rFonts w:ascii="{SONG}" w:hAnsi="{SONG}" w:eastAsia="{SONG}"/>'
        '<w:sz w:val="28"/></w:rPr>'
    )
    ind = f'w:{side}="280"'
    return (
        f'<w:p {nsdecls("w")}><w:pPr><w:spacing w:line="280" w:lineRule="exact"/><w:ind {ind}/>'
        f'<w:jc w:val="{jc}"/></w:pPr>'
        f'<w:r>{rpr}<w:t xml:space="preserve">— </w:t></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{rpr}<w:t>1</w:t></w:r>"
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:r>{rpr}<w:t xml:space="preserve"> —</w:t></w:r></w:p>'
    )


def build(src: str, out: str, fill: int | None = None) -> None:
    """fill: empty grid lines before the 版记 on the body's last page; None: a page of its own."""
    meta, paras = read_notice(src)
    doc = Document()
    body = doc.element.body
    # Normal: 仿宋 16 pt, exact grid lines, no spacing
    st = doc.styles["Normal"]
    st.font.size = Pt(16)
    st.element.get_or_add_rPr().append(
        parse_xml(
            f'<w:rFonts {nsdecls("w")} w:ascii="Times New Roman" '
            f'w:hAnsi="Times New Roman" w:eastAsia="{FS}"/>'
        )
    )
    # the grid's character pitch is the document default size + charSpace/4096: the default
    # must be 16 pt too, or LibreOffice spreads each 16 pt character over several grid cells
    dd = doc.styles.element.find(qn("w:docDefaults"))
    rpr = dd.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for tag in ("w:sz", "w:szCs", "w:lang"):
        for el in rpr.findall(qn(tag)):
            rpr.remove(el)
    rpr.append(parse_xml(f'<w:sz {nsdecls("w")} w:val="32"/>'))
    rpr.append(parse_xml(f'<w:szCs {nsdecls("w")} w:val="32"/>'))
    rpr.append(
        parse_xml(f'<w:lang {nsdecls("w")} w:val="zh-CN" w:eastAsia="zh-CN" w:bidi="ar-SA"/>')
    )
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    sec.footer_distance = Mm(22)
    sec.header_distance = Mm(15)
    sp = sec._sectPr
    for g in sp.findall(qn("w:docGrid")):
        sp.remove(g)
    # 28 characters of 16 pt do not fit 156 mm (they need 158 mm). Word's usual answer is a
    # lines-and-characters grid with charSpace −849 (28 cells of 15.79 pt), but LibreOffice gives
    # a 16 pt character that does not fit its cell two cells (14 characters a line). So: a line
    # grid, and −0.25 pt of character spacing (15.75 pt a character, the old 三号) in Normal.
    sp.append(parse_xml(f'<w:docGrid {nsdecls("w")} w:type="lines" w:linePitch="{PITCH_TW}"/>'))
    st.element.get_or_add_rPr().append(parse_xml(f'<w:spacing {nsdecls("w")} w:val="-5"/>'))
    settings = doc.settings.element
    settings.append(parse_xml(f"<w:evenAndOddHeaders {nsdecls('w')}/>"))
    sec.footer.is_linked_to_previous = False
    sec.even_page_footer.is_linked_to_previous = False
    for ftr, (jc, side) in (
        (sec.footer, ("right", "right")),
        (sec.even_page_footer, ("left", "left")),
    ):
        el = ftr._element
        for p in list(el):
            el.remove(p)
        el.append(parse_xml(footer_xml(jc, side)))

    # 版头: issuer top 35 mm under the block top (= 35 mm of space before, less the line's lead)
    issuer_pt = 26
    para(
        doc,
        meta["issuer"],
        XBS,
        issuer_pt,
        "center",
        line_tw=issuer_pt * 20 + 40,
        before_tw=int(35 / 25.4 * 1440) - 60,
        color=RED,
        grid=False,
    )
    para(doc, "", grid=False)
    para(doc, "", grid=False)
    para(doc, meta["number"], FS, 16, "center", grid=False)
    # red rule 4 mm under the 发文字号's glyphs: a bottom border on an empty paragraph, less the
    # space LibreOffice leaves under the glyphs of an exact 28.95 pt line (about 1.6 mm)
    p = para(doc, "", line_tw=int(2.4 / 25.4 * 1440), grid=False)
    p._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="12" w:space="0" '
            f'w:color="{RED}"/></w:pBdr>'
        )
    )
    para(doc, "")
    para(doc, "")
    para(doc, meta["title"], XBS, 22, "center", line_tw=PITCH_TW)
    para(doc, "")
    para(doc, meta["to"] + "：", FS, 16, "both")
    for t in paras:
        font = FS
        for _lv, rx, f in LEVELS:
            if rx.match(t):
                font = f
                break
        standalone = len(t) <= 30 and not re.search(r"[。；：，]", t)
        if font != FS and not standalone:
            # inline heading: the marker and its first sentence in the level's font
            m = re.match(r"^(.+?。)(.*)$", t)
            spans = (
                [(m.group(1), font, False), (m.group(2), FS, False)] if m else [(t, font, False)]
            )
            para(doc, first_chars=2, spans=spans)
        else:
            para(doc, t, font, 16, "both", first_chars=2)
    atts = meta.get("attachments") or []
    if isinstance(atts, str):
        atts = [atts]
    para(doc, "")
    for i, a in enumerate(atts, 1):
        # 附件：1．name — later names under the first (left 2 + 3 characters, hanging 3)
        lead = "附件：" if i == 1 else ""
        if i == 1:
            para(doc, f"{lead}{i}．{a}", first_chars=2)
        else:
            para(doc, f"{i}．{a}", left_tw=5 * 320)
    para(doc, "")
    sig, date = meta["signature"], meta["date"]

    def em(s):
        return sum(0.5 if ord(c) < 0x2E80 else 1 for c in s)

    # unsealed: 署名 two characters from the right, date's first character two to the right of
    # the 署名's first character (7.3.5.2); one character = 15.75 pt = 315 tw. The date is set
    # from the left, so that the space between its digits and Han (autospace) does not move it.
    cell = 315
    para(doc, sig, FS, 16, "right", right_tw=2 * cell)
    sig_left = 28 - 2 - em(sig)
    para(doc, date, FS, 16, "left", left_tw=int((sig_left + 2) * cell))
    if meta.get("note"):
        para(doc, f"（{meta['note']}）", first_chars=2)

    # 版记: on a page of its own (an even page for this sample), its last rule on the block's
    # bottom edge: 20 empty grid lines, then the two rows of the table (22 lines a page)
    if fill is None:
        fill = 20
        p = para(doc, "")
        p._p.get_or_add_pPr().append(parse_xml(f"<w:pageBreakBefore {nsdecls('w')}/>"))
        fill -= 1
    for _ in range(fill):
        para(doc, "")
    cc = meta.get("cc", "")
    printer, pdate = meta.get("printer", ""), meta.get("print_date", "")
    c_rpr = (
        '<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" '
        f'w:eastAsia="{FS}"/><w:sz w:val="28"/></w:rPr>'
    )

    def cell_p(runs, jc="left", left=280, right=280, tab=False):
        tabs = '<w:tabs><w:tab w:val="right" w:pos="8560"/></w:tabs>' if tab else ""
        rs = "".join(
            f'<w:r>{c_rpr}<w:t xml:space="preserve">{t}</w:t></w:r>'
            if t != "\t"
            else f"<w:r>{c_rpr}<w:tab/></w:r>"
            for t in runs
        )
        return (
            f'<w:p><w:pPr>{tabs}<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" '
            f'w:line="{PITCH_TW - 40}" w:lineRule="exact"/>'
            f'<w:ind w:left="{left}" w:right="{right}" w:firstLine="0" '
            f'w:firstLineChars="0"/><w:jc w:val="{jc}"/></w:pPr>{rs}</w:p>'
        )

    tbl = (
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        '<w:tblW w:w="8844" w:type="dxa"/><w:jc w:val="center"/>'
        '<w:tblBorders><w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
        '<w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
        '<w:insideH w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:tblBorders>'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right '
        'w:w="0" w:type="dxa"/></w:tblCellMar>'
        '</w:tblPr><w:tblGrid><w:gridCol w:w="8844"/></w:tblGrid>'
        '<w:tr><w:tc><w:tcPr><w:tcW w:w="8844" '
        f'w:type="dxa"/></w:tcPr>{cell_p(["抄送：" + cc + "。"])}</w:tc></w:tr>'
        '<w:tr><w:tc><w:tcPr><w:tcW w:w="8844" '
        'w:type="dxa"/></w:tcPr>'
        f"{cell_p([printer, chr(9), pdate + '印发'], tab=True)}</w:tc></w:tr>"
        "</w:tbl>"
    )
    body.insert(len(body) - 1, parse_xml(tbl))
    body.insert(
        len(body) - 1,
        parse_xml(
            f'<w:p {nsdecls("w")}><w:pPr><w:snapToGrid w:val="0"/>'
            '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr></w:p>'
        ),
    )
    doc.save(out)


def lines_on_last_page(docx_path: str) -> tuple[int, int]:
    """(pages, text lines on the last page) of LibreOffice's rendering of docx_path."""
    import os
    import shutil
    import subprocess
    import tempfile

    import pdfplumber

    tmp = tempfile.mkdtemp(prefix="gbt9704-ref-")
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            docx_path,
        ],
        env=dict(os.environ, HOME=tmp),
        check=True,
        capture_output=True,
        timeout=600,
    )
    with pdfplumber.open(str(Path(tmp) / (Path(docx_path).stem + ".pdf"))) as pdf:
        n = len(pdf.pages)

        def bases(page):
            return sorted(
                {round(c["bottom"], 1) for c in page.chars if c["text"].strip() and c["size"] > 15}
            )

        first = bases(pdf.pages[1])[0] if n > 1 else None  # grid line 1 of a page without 版头
        last = bases(pdf.pages[-1])
    shutil.rmtree(tmp, ignore_errors=True)
    if first is None or not last:
        return n, 22
    return n, round((last[-1] - first) / (PITCH_TW / 20)) + 1


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    src, out = sys.argv[1], sys.argv[2]
    mode = sys.argv[3] if len(sys.argv) > 3 else "page"
    if mode == "auto":
        # Put the 版记 at the foot of the body's last page when that page is even and has room;
        # else on a page of its own. Needs LibreOffice: the page break is LibreOffice's.
        build(src, out, fill=0)
        n, used = lines_on_last_page(out)
        free = 22 - used - 2  # two table rows
        build(src, out, fill=free if n % 2 == 0 and free >= 1 else None)
    else:
        build(src, out)
