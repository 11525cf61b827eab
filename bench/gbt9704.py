#!/usr/bin/env python3
"""Measure a DOCX and/or a PDF against GB/T 9704-2012 (党政机关公文格式), point by point.

An oracle independent of cppcc_convert: it needs only the standard library, python-docx,
pdfplumber and (for --render) LibreOffice; it imports nothing from this project.

    python3 bench/gbt9704.py notice.docx                 # the DOCX as written (settings)
    python3 bench/gbt9704.py notice.pdf                  # the PDF as printed (glyph boxes)
    python3 bench/gbt9704.py notice.docx notice.pdf      # both, side by side
    python3 bench/gbt9704.py notice.docx --render        # DOCX, then LibreOffice's PDF of it
    python3 bench/gbt9704.py notice.docx --render --font-aliases --json out.json

Output: a Markdown table (one row per point: requirement, DOCX value and verdict, PDF value
and verdict) on stdout or --md FILE, and a JSON summary with --json FILE ('-' for stdout).
Verdicts: met, not met, absent (the element is not in the document: a failure when the
source has it), n/a (does not apply, e.g. 签发人 in a downward document), unknown (could not
be measured). The exit code is 0 unless the inputs cannot be read; --strict makes it 1 when
any point is not met or absent.

What is measured, and how (see the REQ table below for the requirements and their clauses):
- DOCX: the section's w:pgSz / w:pgMar / w:docGrid; each paragraph's resolved properties
  (direct → paragraph style chain → w:docDefaults; runs: direct → character style → paragraph
  style → defaults; w:eastAsia / w:eastAsiaTheme through the theme); footers and their PAGE
  fields; w:evenAndOddHeaders. Positions (right space of a date, centring) are computed from
  indents, alignment and text width (full-width = 1 em, ASCII = ½ em).
- PDF: characters grouped into lines by baseline (pdfplumber); a line's em box is taken as
  baseline − 0.88 em … baseline + 0.12 em (the ideographic em box of CJK fonts), so that fonts
  with different ascent/descent data measure alike. The text block's left and right edges are
  the most common line start and end; its top is the top of the first line of a page without
  版头. Rules are pdfplumber lines/thin rects; the page-number dash is located on a 600 dpi
  rendering of its glyph (the ink, not the font box).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

PT_MM = 25.4 / 72.0  # one point in mm
TW_PT = 1 / 20.0  # one twip in points

A4_MM = (210.0, 297.0)
GB = {
    "top": 37.0,
    "left": 28.0,
    "tol": 1.0,
    "block_w": 156.0,
    "block_h": 225.0,
    "lines": 22,
    "chars": 28,
    "body_pt": 16.0,
    "title_pt": 22.0,
    "pagenum_pt": 14.0,
    "colophon_pt": 14.0,
    "issuer_drop": 35.0,
    "pagenum_gap": 7.0,
    "redline_gap": 4.0,
}
GB["bottom_edge"] = GB["top"] + GB["block_h"]  # 262 mm from the top of the page
GB["right_edge"] = GB["left"] + GB["block_w"]  # 184 mm from the left of the page

# id, point, requirement (with the clause of GB/T 9704-2012)
REQ = [
    ("page_size", "Page size", "A4, 210 × 297 mm (5.1)"),
    ("margin_top", "Top margin (天头)", "37 ± 1 mm (5.2.1)"),
    ("margin_left", "Left margin (订口)", "28 ± 1 mm (5.2.1)"),
    ("text_block", "Text block (版心)", "156 × 225 mm (5.2.1)"),
    ("doc_grid", "Document grid (DOCX)", "a grid giving 22 lines × 28 characters (5.2.3)"),
    ("lines_per_page", "Lines per full page", "22 (5.2.3)"),
    ("chars_per_line", "Characters per full line", "28 (5.2.3)"),
    ("body_font", "Body font and size", "3号 (16 pt) 仿宋 (5.2.2, 7.3.3)"),
    ("body_indent", "Paragraph indent", "first line 2 characters in, wrapped lines flush (7.3.3)"),
    ("title", "Title (标题)", "2号 (22 pt) 小标宋, centred (7.3.1)"),
    ("heading_1", "Level 1 一、", "黑体 (7.3.3)"),
    ("heading_2", "Level 2 （一）", "楷体 (7.3.3)"),
    ("heading_3", "Level 3 1.", "仿宋 (7.3.3; bold is common practice, not the standard)"),
    ("heading_4", "Level 4 （1）", "仿宋 (7.3.3)"),
    ("issuer", "发文机关标志", "red 小标宋, centred, top 35 mm below the block top (7.2.4)"),
    (
        "red_line",
        "版头 red separator",
        "red rule as wide as the block, 4 mm below 发文字号 (7.2.7)",
    ),
    (
        "doc_number",
        "发文字号",
        "〔2025〕12号: 六角括号 〔〕, no 第, no leading zero; centred 2 lines below the issuer "
        "(7.2.5)",
    ),
    ("signer", "签发人", "upward documents only: 签发人：name, right, 1 character in (7.2.6)"),
    ("recipient", "主送机关", "flush left under the title, ends with ： (7.3.2)"),
    (
        "attachments",
        "附件说明",
        "one blank line under the body, 2 characters in, 附件：1. …, names aligned, no end "
        "punctuation (7.3.4)",
    ),
    ("date", "成文日期", "Arabic numerals, 2025年3月1日 (7.3.5.4)"),
    (
        "signature",
        "署名 and 日期 placement",
        "sealed: date 4 characters from the right, 署名 centred on it; unsealed: 署名 2 from the "
        "right, date 2 further right (7.3.5)",
    ),
    ("note", "附注", "in parentheses, 2 characters in, on the line under the date (7.3.6)"),
    (
        "colophon",
        "版记",
        "抄送 and 印发机关/印发日期 in 4号 (14 pt) between rules, last rule on the block's bottom "
        "edge, on the last (even) page (7.4)",
    ),
    ("pagenum_text", "Page number text", "— 1 —: a 一字线 (em dash) each side (7.5)"),
    ("pagenum_font", "Page number font", "4号 (14 pt) 半角 宋体 digits (7.5)"),
    (
        "pagenum_position",
        "Page number position",
        "odd pages right, even pages left, 1 character in; dash 7 mm below the block (7.5)",
    ),
]

FONT_CLASSES = [
    ("xiaobiaosong", re.compile(r"小标宋|xiaobiaosong|xbs|fzxbs|FZXiaoBiaoSong|XBSJW", re.I)),
    (
        "fangsong",
        re.compile(r"仿宋|fang\s*song|fangsong|FS_GB|FZFangSong|STFangsong|cwTeXFangSong", re.I),
    ),
    ("kai", re.compile(r"楷|kaiti|kai\b|STKaiti|WenKai|FZKai|cwTeXKai", re.I)),
    ("hei", re.compile(r"黑体|heiti|simhei|\bhei\b|FZHei|STHeiti|Sans|Gothic|Hei", re.I)),
    ("song", re.compile(r"宋|simsun|nsimsun|song|Serif\s*CJK|Ming|Mincho", re.I)),
]
CLASS_ZH = {
    "xiaobiaosong": "小标宋",
    "fangsong": "仿宋",
    "kai": "楷体",
    "hei": "黑体",
    "song": "宋体",
}


def font_class(name: str | None) -> str:
    if not name:
        return "?"
    base = name.split("+", 1)[-1]
    for cls, rx in FONT_CLASSES:
        if rx.search(base):
            return cls
    return "other"


def is_red_hex(val: str | None) -> bool:
    if not val or not re.fullmatch(r"[0-9A-Fa-f]{6}", val):
        return False
    r, g, b = (int(val[i : i + 2], 16) for i in (0, 2, 4))
    return r >= 0xB0 and g <= 0x60 and b <= 0x60


def is_red_color(c) -> bool:
    if not c:
        return False
    if isinstance(c, (int, float)):
        return False
    c = tuple(float(x) for x in c)
    if len(c) == 3:
        return c[0] >= 0.65 and c[1] <= 0.4 and c[2] <= 0.4
    if len(c) == 4:  # CMYK
        return c[0] <= 0.2 and c[1] >= 0.6 and c[2] >= 0.6 and c[3] <= 0.3
    return False


def is_dark_color(c) -> bool:
    if c is None:
        return True
    if isinstance(c, (int, float)):
        return float(c) <= 0.4
    c = tuple(float(x) for x in c)
    if len(c) == 1:
        return c[0] <= 0.4
    if len(c) == 3:
        return max(c) <= 0.4
    if len(c) == 4:
        return c[3] >= 0.6 or (c[0] >= 0.6 and c[1] >= 0.6 and c[2] >= 0.6)
    return False


def em_width(text: str) -> float:
    """Width in em: full-width characters 1, ASCII/half-width ½, spaces ½ (ideographic space 1)."""
    w = 0.0
    for ch in text:
        o = ord(ch)
        if ch == "\t" or ch == "\n":
            continue
        w += 0.5 if o < 0x2E80 and not (0x2010 <= o <= 0x2027 and ch in "—―…‘’“”") else 1.0
    return w


HEADING_RX = {
    1: re.compile(r"^[一二三四五六七八九十]+、"),
    2: re.compile(r"^（[一二三四五六七八九十]+）"),
    3: re.compile(r"^\d{1,2}[．.](?!\d)"),
    4: re.compile(r"^[（(]\d{1,2}[）)]"),
}
DATE_ARABIC = re.compile(r"^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
DATE_CHINESE = re.compile(
    r"^\s*[〇○零一二三四五六七八九十]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日\s*$"
)
DOCNUM_ANY = re.compile(
    r"([\[\(（【〔﹝［<〈])\s*(\d{4})\s*([\]\)）】〕﹞］>〉])\s*(第?)\s*(\d+)\s*号"
)
PAGENUM_RX = re.compile(r"^\s*([-—–－―‒一]+)?\s*(\d{1,3})\s*([-—–－―‒一]+)?\s*$")


@dataclass
class Result:
    status: str  # met | not met | absent | n/a | unknown
    value: str
    data: dict = field(default_factory=dict)


def ok(cond: bool) -> str:
    return "met" if cond else "not met"


def within(v: float | None, target: float, tol: float) -> bool:
    return v is not None and abs(v - target) <= tol + 0.05  # 0.05: rounding of twips and points


def fmt(v: float | None, nd: int = 1) -> str:
    return "?" if v is None else f"{v:.{nd}f}"


# ---------------------------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def wattr(el, name: str):
    return None if el is None else el.get(w(name))


def on_off(el) -> bool | None:
    if el is None:
        return None
    v = el.get(w("val"))
    return v not in ("0", "false", "off", "none")


@dataclass
class DRun:
    text: str
    font: str | None
    size: float | None
    bold: bool
    color: str | None
    spacing: float = 0.0  # w:spacing (character spacing), pt


@dataclass
class DPara:
    index: int
    text: str
    runs: list
    jc: str
    ind: dict  # twips: left, right, firstLine (negative = hanging); chars: firstLineChars…
    line: tuple | None  # (value, rule)
    borders: dict  # side -> (val, sz eighths pt, color)
    red_drawing: bool
    in_textbox: bool
    page_break_before: bool
    xml_has_sect: bool
    table_rules: list = field(default_factory=list)  # (side, sz eighths, color) of its table
    table_id: int = 0

    @property
    def size(self) -> float | None:
        c = Counter()
        for r in self.runs:
            if r.text.strip() and r.size:
                c[r.size] += len(r.text.strip())
        return c.most_common(1)[0][0] if c else None

    @property
    def font(self) -> str | None:
        c = Counter()
        for r in self.runs:
            t = re.sub(r"[\s\x00-\x7f]", "", r.text)
            if t and r.font:
                c[r.font] += len(t)
        return c.most_common(1)[0][0] if c else None

    @property
    def red(self) -> bool:
        vis = [r for r in self.runs if r.text.strip()]
        return bool(vis) and all(is_red_hex(r.color) for r in vis)

    def first_run(self):
        for r in self.runs:
            if r.text.strip():
                return r
        return None

    def indent_pt(self, which: str, size: float) -> float:
        """Indent in points; the *Chars forms (1/100 character) win over twips, as in Word."""
        chars = self.ind.get(which + "Chars")
        if chars is not None:
            return chars / 100.0 * size
        tw = self.ind.get(which)
        return (tw or 0) * TW_PT


class Docx:
    def __init__(self, path: str):
        import docx  # python-docx

        self.path = path
        self.doc = docx.Document(path)
        self.body = self.doc.element.body
        st = self.doc.styles.element
        self.styles = {s.get(w("styleId")): s for s in st.iter(w("style"))}
        self.default_pstyle = next(
            (
                sid
                for sid, s in self.styles.items()
                if s.get(w("type")) == "paragraph" and s.get(w("default")) in ("1", "true")
            ),
            None,
        )
        self.default_cstyle = next(
            (
                sid
                for sid, s in self.styles.items()
                if s.get(w("type")) == "character" and s.get(w("default")) in ("1", "true")
            ),
            None,
        )
        dd = st.find(w("docDefaults"))
        self.def_rpr = None if dd is None else dd.find(f"{w('rPrDefault')}/{w('rPr')}")
        self.def_ppr = None if dd is None else dd.find(f"{w('pPrDefault')}/{w('pPr')}")
        self.theme = self._theme_fonts()
        self.sects = [s for s in self.body.iter(w("sectPr"))]
        self.sect = self.body.find(w("sectPr"))
        if self.sect is None and self.sects:
            self.sect = self.sects[-1]
        self.paras = self._paragraphs()

    # -- styles -----------------------------------------------------------------------------
    def _theme_fonts(self) -> dict:
        out = {}
        for rel in self.doc.part.rels.values():
            if rel.reltype.endswith("/theme") and not rel.is_external:
                from lxml import etree

                root = etree.fromstring(rel.target_part.blob)
                for kind in ("major", "minor"):
                    f = root.find(f".//{{{A_NS}}}{kind}Font")
                    if f is None:
                        continue
                    ea = f.find(f"{{{A_NS}}}ea")
                    la = f.find(f"{{{A_NS}}}latin")
                    hans = [
                        x.get("typeface")
                        for x in f.findall(f"{{{A_NS}}}font")
                        if x.get("script") == "Hans"
                    ]
                    out[kind + "EastAsia"] = (ea.get("typeface") if ea is not None else "") or (
                        hans[0] if hans else ""
                    )
                    out[kind + "HAnsi"] = la.get("typeface") if la is not None else ""
        return out

    def _style_chain(self, sid: str | None) -> list:
        chain, seen = [], set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            s = self.styles[sid]
            chain.append(s)
            b = s.find(w("basedOn"))
            sid = wattr(b, "val")
        return chain

    def _ppr_chain(self, p) -> list:
        ppr = p.find(w("pPr"))
        ps = ppr.find(w("pStyle")) if ppr is not None else None
        sid = wattr(ps, "val") or self.default_pstyle
        chain = [ppr] + [s.find(w("pPr")) for s in self._style_chain(sid)] + [self.def_ppr]
        return [x for x in chain if x is not None]

    def _rpr_chain(self, p, r) -> list:
        rpr = r.find(w("rPr"))
        rs = rpr.find(w("rStyle")) if rpr is not None else None
        csid = wattr(rs, "val") or self.default_cstyle
        ppr = p.find(w("pPr"))
        ps = ppr.find(w("pStyle")) if ppr is not None else None
        psid = wattr(ps, "val") or self.default_pstyle
        chain = [rpr]
        chain += [s.find(w("rPr")) for s in self._style_chain(csid)]
        chain += [s.find(w("rPr")) for s in self._style_chain(psid)]
        chain.append(self.def_rpr)
        return [x for x in chain if x is not None]

    def _run_props(self, p, r) -> tuple:
        chain = self._rpr_chain(p, r)
        font = size = color = spacing = None
        bold = None
        for rpr in chain:
            if spacing is None:
                sp = rpr.find(w("spacing"))
                if sp is not None and wattr(sp, "val"):
                    spacing = int(wattr(sp, "val")) / 20.0
            if font is None:
                rf = rpr.find(w("rFonts"))
                if rf is not None:
                    th = rf.get(w("eastAsiaTheme"))
                    if th:
                        font = (
                            self.theme.get(th.replace("EastAsia", "EastAsia"), "") or f"theme:{th}"
                        )
                    elif rf.get(w("eastAsia")):
                        font = rf.get(w("eastAsia"))
            if size is None:
                sz = rpr.find(w("sz"))
                if sz is not None and wattr(sz, "val"):
                    size = int(wattr(sz, "val")) / 2.0
            if bold is None:
                b = on_off(rpr.find(w("b")))
                if b is not None:
                    bold = b
            if color is None:
                c = rpr.find(w("color"))
                if c is not None and wattr(c, "val"):
                    color = wattr(c, "val")
        self._last_spacing = spacing or 0.0
        return font, size or 10.0, bool(bold), color

    def _para_prop(self, chain, tag):
        for ppr in chain:
            el = ppr.find(w(tag))
            if el is not None:
                return el
        return None

    # -- paragraphs -------------------------------------------------------------------------
    def _paragraphs(self) -> list:
        out = []
        for i, p in enumerate(self.body.iter(w("p"))):
            chain = self._ppr_chain(p)
            jc_el = self._para_prop(chain, "jc")
            jc = wattr(jc_el, "val") or "left"
            jc = {"start": "left", "end": "right", "distribute": "both"}.get(jc, jc)
            ind = {}
            for ppr in reversed(chain):  # defaults first, direct last: later wins per attribute
                el = ppr.find(w("ind"))
                if el is None:
                    continue
                for a_src, a_dst in (
                    ("left", "left"),
                    ("start", "left"),
                    ("right", "right"),
                    ("end", "right"),
                    ("firstLine", "firstLine"),
                    ("leftChars", "leftChars"),
                    ("startChars", "leftChars"),
                    ("rightChars", "rightChars"),
                    ("endChars", "rightChars"),
                    ("firstLineChars", "firstLineChars"),
                ):
                    v = el.get(w(a_src))
                    if v is not None:
                        ind[a_dst] = int(float(v))
                for a_src, a_dst in (("hanging", "firstLine"), ("hangingChars", "firstLineChars")):
                    v = el.get(w(a_src))
                    if v is not None:
                        ind[a_dst] = -int(float(v))
            # a firstLineChars of 0 does not override twips in Word; drop it
            if ind.get("firstLineChars") == 0 and ind.get("firstLine"):
                ind.pop("firstLineChars")
            line = None
            for ppr in chain:
                sp = ppr.find(w("spacing"))
                if sp is not None and sp.get(w("line")):
                    line = (int(sp.get(w("line"))), sp.get(w("lineRule")) or "auto")
                    break
            borders = {}
            bd = self._para_prop(chain, "pBdr")
            if bd is not None:
                for side in ("top", "bottom", "left", "right", "between"):
                    e = bd.find(w(side))
                    if e is not None and wattr(e, "val") not in (None, "nil", "none"):
                        borders[side] = (
                            wattr(e, "val"),
                            int(wattr(e, "sz") or 4),
                            wattr(e, "color"),
                        )
            runs = []
            for r in p.iter(w("r")):
                # skip runs of nested paragraphs (text boxes inside this paragraph)
                par = r.getparent()
                while par is not None and par.tag != w("p"):
                    par = par.getparent()
                if par is not p:
                    continue
                t = []
                for ch in r:
                    if ch.tag == w("t"):
                        t.append(ch.text or "")
                    elif ch.tag == w("tab"):
                        t.append("\t")
                    elif ch.tag in (w("br"), w("cr")) and wattr(ch, "type") != "page":
                        t.append("\n")
                if not t:
                    continue
                font, size, bold, color = self._run_props(p, r)
                runs.append(DRun("".join(t), font, size, bold, color, self._last_spacing))
            xml = p.xml if hasattr(p, "xml") else ""
            red_drawing = ("<w:drawing" in xml or "<w:pict" in xml) and any(
                is_red_hex(v.lstrip("#")) or v == "red"
                for v in re.findall(r'(?:srgbClr val|strokecolor|fillcolor)="([^"]+)"', xml)
            )
            in_tb = any(a.tag == w("txbxContent") for a in p.iterancestors())
            pbb = on_off(self._para_prop(chain, "pageBreakBefore")) or False
            pbb = pbb or any(wattr(b, "type") == "page" for b in p.iter(w("br")))
            trules = []
            tbl = next((a for a in p.iterancestors() if a.tag == w("tbl")), None)
            if tbl is not None:
                nrows = len(tbl.findall(w("tr")))
                tb = tbl.find(f"{w('tblPr')}/{w('tblBorders')}")
                for side in ("top", "insideH", "bottom"):
                    e = tb.find(w(side)) if tb is not None else None
                    if e is not None and wattr(e, "val") not in (None, "nil", "none"):
                        for _k in range(nrows - 1 if side == "insideH" else 1):
                            trules.append((side, int(wattr(e, "sz") or 4), wattr(e, "color")))
            out.append(
                DPara(
                    i,
                    "".join(r.text for r in runs),
                    runs,
                    jc,
                    ind,
                    line,
                    borders,
                    red_drawing,
                    in_tb,
                    pbb,
                    p.find(f"{w('pPr')}/{w('sectPr')}") is not None,
                    trules,
                    id(tbl) if tbl is not None else 0,
                )
            )
        return out

    # -- section and derived geometry -------------------------------------------------------
    def page(self) -> dict:
        s = self.sect
        pg = s.find(w("pgSz")) if s is not None else None
        mar = s.find(w("pgMar")) if s is not None else None
        g = s.find(w("docGrid")) if s is not None else None

        def tw(el, a, d=0):
            v = wattr(el, a)
            return int(float(v)) if v is not None else d

        d = {
            "w": tw(pg, "w", 12240) * TW_PT * PT_MM,
            "h": tw(pg, "h", 15840) * TW_PT * PT_MM,
            "top": tw(mar, "top", 1440) * TW_PT * PT_MM,
            "bottom": tw(mar, "bottom", 1440) * TW_PT * PT_MM,
            "left": tw(mar, "left", 1800) * TW_PT * PT_MM,
            "right": tw(mar, "right", 1800) * TW_PT * PT_MM,
            "gutter": tw(mar, "gutter", 0) * TW_PT * PT_MM,
            "footer": tw(mar, "footer", 720) * TW_PT * PT_MM,
            "grid_type": wattr(g, "type") or ("default" if g is not None else None),
            "line_pitch": tw(g, "linePitch", 0),
            "char_space": tw(g, "charSpace", 0),
        }
        d["block_w"] = d["w"] - d["left"] - d["right"] - d["gutter"]
        d["block_h"] = d["h"] - d["top"] - d["bottom"]
        return d

    def default_size(self) -> float:
        sz = None
        chain = [s.find(w("rPr")) for s in self._style_chain(self.default_pstyle)] + [self.def_rpr]
        for rpr in chain:
            if rpr is not None and rpr.find(w("sz")) is not None:
                sz = int(wattr(rpr.find(w("sz")), "val")) / 2.0
                break
        return sz or 10.0

    def footers(self) -> dict:
        out = {}
        if self.sect is None:
            return out
        for ref in self.sect.findall(w("footerReference")):
            rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            kind = wattr(ref, "type") or "default"
            try:
                part = self.doc.part.related_parts[rid]
            except KeyError:
                continue
            el = getattr(part, "element", None)
            if el is None:  # a part whose content type is not registered as a footer
                from lxml import etree

                el = etree.fromstring(part.blob)
            out[kind] = el
        return out

    def even_odd(self) -> bool:
        el = self.doc.settings.element.find(w("evenAndOddHeaders"))
        return on_off(el) is True if el is not None else False


def footer_info(d: Docx, ftr) -> dict:
    """Text (PAGE field shown as its number), fonts, sizes, alignment and indents of a footer."""
    text, fonts, sizes, has_page = [], Counter(), Counter(), False
    jc, ind = "left", {}
    for p in ftr.iter(w("p")):
        chain = d._ppr_chain(p)
        j = d._para_prop(chain, "jc")
        if (
            any(t.text and t.text.strip() for t in p.iter(w("t")))
            or p.find(f".//{w('fldSimple')}") is not None
        ):
            jc = wattr(j, "val") or jc
            ie = d._para_prop(chain, "ind")
            if ie is not None:
                ind = {
                    k: int(float(v))
                    for k in ("left", "right", "start", "end", "firstLine")
                    if (v := ie.get(w(k))) is not None
                }
        instr = "".join(x.text or "" for x in p.iter(w("instrText")))
        simple = [f for f in p.iter(w("fldSimple")) if "PAGE" in (wattr(f, "instr") or "")]
        if re.search(r"\bPAGE\b", instr) or simple:
            has_page = True
        for r in p.iter(w("r")):
            t = "".join(x.text or "" for x in r.iter(w("t")))
            if not t:
                continue
            font, size, _b, _c = d._run_props(p, r)
            text.append(t)
            if t.strip():
                fonts[font] += len(t.strip())
                sizes[size] += len(t.strip())
    return {
        "text": "".join(text),
        "page_field": has_page,
        "jc": jc,
        "ind": ind,
        "font": fonts.most_common(1)[0][0] if fonts else None,
        "size": sizes.most_common(1)[0][0] if sizes else None,
    }


def measure_docx(path: str) -> dict:
    d = Docx(path)
    pg = d.page()
    paras = [p for p in d.paras if not p.in_textbox]
    R: dict[str, Result] = {}

    # page and margins
    a4 = within(pg["w"], A4_MM[0], 1) and within(pg["h"], A4_MM[1], 1)
    R["page_size"] = Result(ok(a4), f"{pg['w']:.1f} × {pg['h']:.1f} mm")
    R["margin_top"] = Result(
        ok(within(pg["top"], GB["top"], GB["tol"])), f"{pg['top']:.1f} mm (pgMar top)"
    )
    left = pg["left"] + pg["gutter"]
    R["margin_left"] = Result(
        ok(within(left, GB["left"], GB["tol"])),
        f"{left:.1f} mm (pgMar left{' + gutter' if pg['gutter'] else ''})",
    )
    R["text_block"] = Result(
        ok(within(pg["block_w"], GB["block_w"], 1) and within(pg["block_h"], GB["block_h"], 1)),
        f"{pg['block_w']:.1f} × {pg['block_h']:.1f} mm (bottom {pg['bottom']:.1f}, right "
        f"{pg['right']:.1f})",
    )

    # body paragraphs: long paragraphs that are not headings, title, issuer
    def is_heading_text(t):
        return (
            any(rx.match(t) for rx in HEADING_RX.values())
            and len(t) <= 30
            and not re.search(r"[。；，]", t)
        )

    body = [
        p
        for p in paras
        if len(p.text.strip()) >= 30
        and not p.red
        and (p.size or 0) < 20
        and p.jc in ("both", "left", "distribute")
        and not is_heading_text(p.text.strip())
    ]
    bsize_c = Counter()
    for p in body:
        if p.size:
            bsize_c[p.size] += len(p.text)
    body_size = bsize_c.most_common(1)[0][0] if bsize_c else d.default_size()
    bfont_c = Counter()
    for p in body:
        for r in p.runs:
            t = re.sub(r"[\s\x00-\x7f]", "", r.text)
            if t:
                bfont_c[r.font] += len(t)
    body_font = bfont_c.most_common(1)[0][0] if bfont_c else None

    # grid, lines and characters
    lines_c = Counter(p.line for p in body if p.line)
    line = lines_c.most_common(1)[0][0] if lines_c else None
    gtype = pg["grid_type"]
    grid_lines = gtype in ("lines", "linesAndChars", "snapToChars")
    pitch = None
    how = ""
    if line and line[1] in ("exact", "atLeast"):
        pitch = line[0] * TW_PT
        how = f"{line[1]} {pitch:.2f} pt"
        if line[1] == "atLeast" and grid_lines and pg["line_pitch"] * TW_PT > pitch:
            pitch = pg["line_pitch"] * TW_PT
            how += f" → grid {pitch:.2f} pt"
    elif grid_lines and pg["line_pitch"]:
        mult = (line[0] / 240.0) if line else 1.0
        pitch = pg["line_pitch"] * TW_PT * max(1.0, round(mult + 0.49))
        how = f"grid {pg['line_pitch'] * TW_PT:.2f} pt × {mult:.2f}"
    block_h_pt = pg["block_h"] / PT_MM
    block_w_pt = pg["block_w"] / PT_MM
    n_lines = int(block_h_pt / pitch + 1e-6) if pitch else None
    char_grid = gtype in ("linesAndChars", "snapToChars")
    sp_c = Counter()
    for p in body:
        for r in p.runs:
            sp_c[r.spacing] += len(r.text)
    run_sp = sp_c.most_common(1)[0][0] if sp_c else 0.0
    char_pitch = body_size + run_sp + (pg["char_space"] / 4096.0 if char_grid else 0.0)
    n_chars = int(block_w_pt / char_pitch + 1e-6) if char_pitch else None
    grid_desc = (
        f"type={gtype}, linePitch={pg['line_pitch']} tw ({pg['line_pitch'] * TW_PT:.2f} pt), "
        f"charSpace={pg['char_space']}"
    )
    if gtype in (None, "default"):
        R["doc_grid"] = Result(
            "not met", f"no grid ({grid_desc}); line pitch from paragraphs: {how or '?'}"
        )
    else:
        g_lines = int(block_h_pt / (pg["line_pitch"] * TW_PT) + 1e-6) if pg["line_pitch"] else None
        g_chars = n_chars  # the grid's cells, or the body size with its character spacing
        R["doc_grid"] = Result(
            ok(g_lines == GB["lines"] and g_chars == GB["chars"]),
            f"{grid_desc} → {g_lines} lines × {g_chars} chars",
        )
    R["lines_per_page"] = Result(
        ok(n_lines == GB["lines"]) if n_lines else "unknown",
        f"{n_lines if n_lines else '?'} ({block_h_pt:.1f} pt block / "
        f"{how or 'auto spacing, no grid'})",
    )
    R["chars_per_line"] = Result(
        ok(n_chars == GB["chars"]),
        f"{n_chars} ({block_w_pt:.1f} pt block / {char_pitch:.2f} pt per character"
        f"{', char grid' if char_grid else ''}"
        f"{f', character spacing {run_sp:+g} pt' if run_sp else ''})",
    )

    fc = font_class(body_font)
    R["body_font"] = Result(
        ok(fc == "fangsong" and within(body_size, GB["body_pt"], 0.1)),
        f"{body_font} ({CLASS_ZH.get(fc, fc)}), {body_size:g} pt; {len(body)} body paragraphs",
    )
    ind_ok = [
        p
        for p in body
        if within(p.indent_pt("firstLine", p.size or body_size), 2 * (p.size or body_size), 1.5)
        and abs(p.indent_pt("left", p.size or body_size)) < 1
    ]
    R["body_indent"] = Result(
        ok(body and len(ind_ok) >= 0.9 * len(body)),
        f"{len(ind_ok)}/{len(body)} body paragraphs 2 characters in",
    )

    # issuer, title
    first_body_idx = body[0].index if body else len(d.paras)
    head = [p for p in d.paras if p.index < first_body_idx and p.text.strip()]
    issuer = [p for p in head if p.red]
    big = [p for p in head if not p.red and (p.size or 0) >= 18]
    title = big[0] if big else None
    if title is None:
        cands = [
            p for p in head if p.jc == "center" and not p.red and not DOCNUM_ANY.search(p.text)
        ]
        title = cands[0] if cands else None
    if title:
        tfc = font_class(title.font)
        t_ok = (
            within(title.size, GB["title_pt"], 0.1)
            and title.jc == "center"
            and tfc == "xiaobiaosong"
        )
        R["title"] = Result(
            ok(t_ok), f"{title.font} ({CLASS_ZH.get(tfc, tfc)}), {title.size:g} pt, {title.jc}"
        )
    else:
        R["title"] = Result("absent", "no title paragraph found")

    if issuer:
        p = issuer[0]
        ifc = font_class(p.font)
        col = p.first_run().color
        R["issuer"] = Result(
            ok(p.jc == "center" and ifc == "xiaobiaosong"),
            f"“{p.text.strip()}” #{col} {p.font} ({CLASS_ZH.get(ifc, ifc)}), {p.size:g} pt, {p.jc}",
        )
    else:
        R["issuer"] = Result("absent", "no red text before the title")

    pre_title = [p for p in d.paras if title is None or p.index < title.index]
    red_rules = [
        p for p in pre_title if any(is_red_hex(b[2]) for b in p.borders.values()) or p.red_drawing
    ]
    if red_rules:
        p = red_rules[0]
        bd = [
            f"{side} {b[0]} {b[1] / 8:.2f} pt #{b[2]}"
            for side, b in p.borders.items()
            if is_red_hex(b[2])
        ]
        R["red_line"] = Result(
            "met", ("paragraph border " + ", ".join(bd)) if bd else "red drawing/shape line"
        )
    else:
        R["red_line"] = Result("absent", "no red border or line before the title")

    dn = [p for p in pre_title if DOCNUM_ANY.search(p.text)]
    signer_p = [p for p in pre_title if "签发人" in p.text]
    if dn:
        p = dn[0]
        m = DOCNUM_ANY.search(p.text)
        good = (
            m.group(1) == "〔"
            and m.group(3) == "〕"
            and not m.group(4)
            and not m.group(5).startswith("0")
        )
        pos_ok = p.jc == "center" if not signer_p else p.jc in ("left", "both")
        R["doc_number"] = Result(
            ok(good and pos_ok), f"“{p.text.strip()}”, brackets {m.group(1)}{m.group(3)}, {p.jc}"
        )
    else:
        R["doc_number"] = Result("absent", "no 发文字号 (〔YYYY〕N号) before the title")
    R["signer"] = (
        Result(
            "met" if signer_p[0].jc == "right" else "not met",
            f"“{signer_p[0].text.strip()}”, {signer_p[0].jc}",
        )
        if signer_p
        else Result("n/a", "none (downward document)")
    )

    after_title = [p for p in d.paras if title and p.index > title.index and p.text.strip()]
    rcp = (
        after_title[0]
        if after_title and after_title[0].text.strip().endswith(("：", ":"))
        else None
    )
    if rcp:
        li = rcp.indent_pt("left", rcp.size or body_size) + rcp.indent_pt(
            "firstLine", rcp.size or body_size
        )
        R["recipient"] = Result(
            ok(abs(li) < 1 and rcp.jc in ("left", "both") and rcp.text.strip().endswith("：")),
            f"“{rcp.text.strip()[:24]}”, indent {li / (rcp.size or body_size):.1f} characters, "
            f"{rcp.jc}",
        )
    else:
        R["recipient"] = Result("absent", "no 主送 line ending with ： after the title")

    # headings
    att_idx = next((p.index for p in paras if re.match(r"^\s*附件[：:]", p.text)), None)
    for lv in (1, 2, 3, 4):
        want = {1: "hei", 2: "kai", 3: "fangsong", 4: "fangsong"}[lv]
        hs = [
            p
            for p in paras
            if HEADING_RX[lv].match(p.text.strip())
            and not p.text.startswith(("　", " "))
            and (att_idx is None or p.index < att_idx)
        ]
        if not hs:
            R[f"heading_{lv}"] = Result("absent", "no paragraph starts with this marker")
            continue
        fonts = Counter()
        bolds = 0
        for p in hs:
            r = p.first_run()
            fonts[f"{r.font} ({CLASS_ZH.get(font_class(r.font), font_class(r.font))})"] += 1
            bolds += r.bold
        good = sum(1 for p in hs if font_class(p.first_run().font) == want)
        val = ", ".join(f"{k} ×{v}" for k, v in fonts.most_common()) + (
            f"; bold ×{bolds}" if bolds else ""
        )
        R[f"heading_{lv}"] = Result(ok(good == len(hs)), f"{len(hs)} paragraphs: {val}")

    # 附件说明, date, signature, note
    def span(p, size):
        """(left, right) of a one-line paragraph in characters from the block's left edge."""
        width = em_width(p.text.strip())
        li = p.indent_pt("left", size) / size
        ri = p.indent_pt("right", size) / size
        fl = p.indent_pt("firstLine", size) / size
        bw = block_w_pt / size
        if p.jc == "right":
            return bw - ri - width, bw - ri
        if p.jc == "center":
            c = (li + bw - ri) / 2
            return c - width / 2, c + width / 2
        return li + fl, li + fl + width

    if att_idx is not None:
        ap = next(p for p in paras if p.index == att_idx)
        sz = ap.size or body_size
        l0, _ = span(ap, sz)
        names = re.sub(r"^\s*附件[：:]", "", ap.text.strip())
        nums = re.findall(r"(?:^|[、，,\s])(\d+)[．.]", names)
        follow = [p for p in paras if p.index > att_idx][:6]
        more = [p for p in follow if re.match(r"^[\s　]*\d+[．.]", p.text)]
        issues = []
        if not within(l0, 2, 0.3):
            issues.append(f"indent {l0:.1f} characters")
        if len(nums) > 1:
            issues.append("several attachments on one line")
        if re.search(r"[。；;，,、]$", names):
            issues.append("end punctuation")
        if more:
            sz2 = more[0].size or sz
            lead = len(
                re.match(r"^[\s　]*", more[0].text).group(0).replace(" ", "").replace("\u3000", "x")
            )
            l1 = span(more[0], sz2)[0] + lead
            if not within(l1, l0 + 3, 0.3):
                issues.append(f"2nd name at {l1:.1f} characters, 1st at {l0 + 3:.1f}")
        R["attachments"] = Result(
            ok(not issues),
            f"“{ap.text.strip()[:30]}”{' + ' + str(len(more)) + ' more lines' if more else ''}"
            + (f"; {'; '.join(issues)}" if issues else f"; indent {l0:.1f} characters"),
        )
    else:
        R["attachments"] = Result("absent", "no 附件： paragraph")

    dates = [p for p in paras if DATE_ARABIC.match(p.text) or DATE_CHINESE.match(p.text)]
    dates = [p for p in dates if "印发" not in p.text]
    if dates:
        dp = dates[0]
        R["date"] = Result(ok(bool(DATE_ARABIC.match(dp.text))), f"“{dp.text.strip()}”")
        prev = [p for p in paras if p.index < dp.index and p.text.strip()]
        sp = prev[-1] if prev else None
        sz = dp.size or body_size
        bw = block_w_pt / sz
        dl, dr = span(dp, sz)
        d_right = bw - dr
        if sp is not None and em_width(sp.text.strip()) < 20:
            sl, sr = span(sp, sp.size or sz)
            s_right = bw - sr
            sealed = within(d_right, 4, 0.5) and within((sl + sr) / 2, (dl + dr) / 2, 0.5)
            unsealed = within(s_right, 2, 0.5) and (
                within(dl - sl, 2, 0.5)
                or (em_width(dp.text) > em_width(sp.text) and within(d_right, 2, 0.5))
            )
            how = (
                "fits both layouts"
                if sealed and unsealed
                else "sealed layout"
                if sealed
                else "unsealed layout"
                if unsealed
                else "neither layout"
            )
            R["signature"] = Result(
                ok(sealed or unsealed),
                f"署名 {sp.jc}, right space {s_right:.1f}; "
                f"date {dp.jc}, right space {d_right:.1f}, "
                f"first character {dl - sl:+.1f} from 署名's ({how})",
            )
        else:
            R["signature"] = Result(
                "not met", f"date {dp.jc}, right space {d_right:.1f} characters; no 署名 above it"
            )
        nxt = [p for p in paras if p.index > dp.index and p.text.strip()]
        if nxt and re.match(r"^[（(].*[）)]$", nxt[0].text.strip()):
            np_ = nxt[0]
            nl, _ = span(np_, np_.size or sz)
            R["note"] = Result(
                ok(within(nl, 2, 0.3)), f"“{np_.text.strip()[:20]}…”, {nl:.1f} characters in"
            )
        else:
            R["note"] = Result("absent", "no (附注) under the date")
    else:
        R["date"] = Result("absent", "no 成文日期 line")
        R["signature"] = Result("absent", "no 成文日期 line")
        R["note"] = Result("absent", "no 成文日期 line")

    # 版记
    cc = [p for p in paras if re.match(r"^\s*抄送[：:]", p.text)]
    pr = [p for p in paras if re.search(r"印发\s*$", p.text)]
    if cc or pr:
        els = cc[:1] + pr[:1]
        first, last = min(p.index for p in els), max(p.index for p in els)
        zone = [p for p in d.paras if first - 2 <= p.index <= last + 2]
        rules = [
            (p.index, side, b)
            for p in zone
            for side, b in p.borders.items()
            if side in ("top", "bottom", "between")
        ]
        tables = {p.table_id: p.table_rules for p in els if p.table_rules}
        for tr in tables.values():
            rules += [(None, side, (side, sz, col)) for side, sz, col in tr]
        sizes = sorted({p.size for p in els if p.size})
        tail = [p for p in paras if p.index > last and p.text.strip()]
        thick = ", ".join(f"{b[1] / 8 * 0.3528:.2f} mm" for _i, _s, b in rules)
        issues = []
        if not all(within(s, GB["colophon_pt"], 0.1) for s in sizes):
            issues.append(f"size {'/'.join(f'{s:g}' for s in sizes)} pt")
        if len(rules) < 3:
            issues.append(f"{len(rules)} rules")
        if tail:
            issues.append("text after it")
        if not cc:
            issues.append("no 抄送")
        if not pr:
            issues.append("no 印发")
        R["colophon"] = Result(
            ok(not issues),
            f"抄送 {'yes' if cc else 'no'}, 印发 {'yes' if pr else 'no'}, "
            f"{len(rules)} rules ({thick or '-'}), {'/'.join(f'{s:g}' for s in sizes) or '?'} pt"
            + (f"; {'; '.join(issues)}" if issues else ""),
        )
    else:
        R["colophon"] = Result("absent", "no 抄送 / 印发 lines")

    # page numbers
    ftrs = d.footers()
    eo = d.even_odd()
    infos = {k: footer_info(d, v) for k, v in ftrs.items()}
    odd = infos.get("default")
    even = infos.get("even") if eo else odd
    if not odd or not odd["page_field"]:
        for k in ("pagenum_text", "pagenum_font", "pagenum_position"):
            R[k] = Result("absent", "no footer with a PAGE field")
    else:
        t = odd["text"].strip()
        m = PAGENUM_RX.match(t)
        dash_chars = ((m.group(1) or "") + (m.group(3) or "")) if m else ""
        dash_ok = bool(
            m
            and m.group(1)
            and m.group(3)
            and set(m.group(1)) == {"—"}
            and set(m.group(3)) == {"—"}
        )
        R["pagenum_text"] = Result(
            ok(dash_ok),
            f"“{t}”"
            + (
                " (" + ", ".join(sorted({f"U+{ord(c):04X}" for c in dash_chars})) + ")" if m else ""
            ),
        )
        pfc = font_class(odd["font"])
        R["pagenum_font"] = Result(
            ok(pfc == "song" and within(odd["size"], GB["pagenum_pt"], 0.1)),
            f"{odd['font']} ({CLASS_ZH.get(pfc, pfc)}), {odd['size']:g} pt",
        )

        def side(info):
            ind = info["ind"]
            r = (ind.get("right", ind.get("end", 0))) * TW_PT * PT_MM
            lft = (ind.get("left", ind.get("start", 0))) * TW_PT * PT_MM
            return info["jc"], lft, r

        oj, _ol, orr = side(odd)
        ej, el_, _er = side(even) if even else (None, 0, 0)

        def one_char(v):
            return 3.9 <= v <= 6.8

        pos_ok = eo and oj == "right" and one_char(orr) and ej == "left" and one_char(el_)
        # the footer's distance from the page bottom: GB puts the dash 7 mm under the block, i.e.
        # about 28 mm above the page's bottom edge; Word's footer distance is to the line's bottom
        R["pagenum_position"] = Result(
            ok(pos_ok),
            f"odd {oj} {orr:.1f} mm in, even {ej} {el_:.1f} mm in"
            f"{'' if eo else ' (no evenAndOddHeaders: every page alike)'}; footer "
            f"{pg['footer']:.1f} mm from the bottom",
        )
    return {"kind": "docx", "path": path, "results": R, "page": pg, "body_size": body_size}


# ---------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------


@dataclass
class Line:
    page: int
    baseline: float  # pt from the page top
    size: float
    chars: list
    text: str
    x0: float
    x1: float
    font: str
    red: bool

    @property
    def top(self) -> float:
        return self.baseline - 0.88 * self.size

    @property
    def bottom(self) -> float:
        return self.baseline + 0.12 * self.size


def group_lines(page, pno: int) -> list:
    chars = [c for c in page.chars if c.get("upright", True)]
    H = float(page.height)
    for c in chars:
        m = c.get("matrix")
        c["_base"] = H - float(m[5]) if m else float(c["bottom"])
    chars.sort(key=lambda c: (c["_base"], c["x0"]))
    rows: list = []
    for c in chars:
        if rows and abs(c["_base"] - rows[-1][0]) <= 0.3 * max(c["size"], 4):
            rows[-1][1].append(c)
        else:
            rows.append([c["_base"], [c]])
    out = []
    for base, cs in rows:
        cs.sort(key=lambda c: c["x0"])
        vis = [c for c in cs if c["text"].strip()]
        if not vis:
            continue
        size = Counter(round(c["size"], 1) for c in vis).most_common(1)[0][0]
        font = Counter(c["fontname"] for c in vis).most_common(1)[0][0]
        red = sum(is_red_color(c.get("non_stroking_color")) for c in vis) > len(vis) / 2
        text = ""
        prev = None
        for c in cs:
            if (
                prev is not None
                and c["x0"] - prev["x1"] > 0.6 * c["size"]
                and c["text"].strip()
                and not text.endswith(" ")
            ):
                text += " " * max(1, int((c["x0"] - prev["x1"]) / (0.5 * c["size"])))
            text += c["text"]
            prev = c
        out.append(
            Line(
                pno,
                base,
                size,
                vis,
                text,
                min(c["x0"] for c in vis),
                max(c["x1"] for c in vis),
                font,
                red,
            )
        )
    return out


def rules_of(page) -> list:
    """Horizontal rules (x0, x1, y, thickness pt, colour) from lines and thin rects, deduped."""
    out = []
    for ln in page.lines:
        if abs(ln["top"] - ln["bottom"]) < 0.5 and ln["x1"] - ln["x0"] > 20:
            out.append(
                (
                    ln["x0"],
                    ln["x1"],
                    ln["top"],
                    float(ln.get("linewidth") or 1),
                    ln.get("stroking_color"),
                )
            )
    for r in page.rects:
        h = r["bottom"] - r["top"]
        if h < 2.5 and r["x1"] - r["x0"] > 20:
            col = r.get("non_stroking_color") if r.get("fill") else r.get("stroking_color")
            out.append(
                (
                    r["x0"],
                    r["x1"],
                    (r["top"] + r["bottom"]) / 2,
                    max(h, float(r.get("linewidth") or 0)),
                    col,
                )
            )
    ded = []
    for x in sorted(out, key=lambda t: (round(t[2], 1), t[0])):
        if (
            ded
            and abs(ded[-1][2] - x[2]) < 0.3
            and abs(ded[-1][0] - x[0]) < 1
            and abs(ded[-1][1] - x[1]) < 1
        ):
            continue
        ded.append(x)
    return ded


def dash_ink_y(page, line: Line) -> float | None:
    """Vertical centre (pt from the page top) of the ink of the page number's first dash."""
    dashes = [c for c in line.chars if c["text"] in "—-–－―‒一"]
    if not dashes:
        return None
    c = dashes[0]
    top = line.baseline - 1.2 * line.size
    bot = line.baseline + 0.4 * line.size
    try:
        im = (
            page.crop((c["x0"], max(0, top), c["x1"], min(float(page.height), bot)))
            .to_image(resolution=600)
            .original
        )
    except Exception:
        return None
    g = im.convert("L")
    wd, ht = g.size
    px = g.load()
    rows = [y for y in range(ht) if sum(1 for x in range(wd) if px[x, y] < 128) >= max(2, wd // 4)]
    if not rows:
        return None
    return top + (min(rows) + max(rows) + 1) / 2 * 72.0 / 600


def pdffonts(path: str) -> list:
    if not shutil.which("pdffonts"):
        return []
    try:
        out = subprocess.run(["pdffonts", path], capture_output=True, text=True, timeout=60).stdout
    except Exception:
        return []
    return [ln.split()[0] for ln in out.splitlines()[2:] if ln.strip()]


def measure_pdf(path: str) -> dict:
    import pdfplumber

    R: dict[str, Result] = {}
    with pdfplumber.open(path) as pdf:
        pages = pdf.pages
        n = len(pages)
        sizes = [(float(p.width) * PT_MM, float(p.height) * PT_MM) for p in pages]
        lines = [group_lines(p, i + 1) for i, p in enumerate(pages)]
        rules = [rules_of(p) for p in pages]
        a4 = all(within(w_, A4_MM[0], 1) and within(h_, A4_MM[1], 1) for w_, h_ in sizes)
        R["page_size"] = Result(
            ok(a4),
            f"{n} pages, " + ", ".join(sorted({f"{w_:.1f} × {h_:.1f} mm" for w_, h_ in sizes})),
        )

        allc = Counter()
        for ls in lines:
            for ln in ls:
                allc[ln.size] += len(ln.chars)
        body_size = allc.most_common(1)[0][0] if allc else 16.0

        def pagenum_line(ls):
            cand = [ln for ln in ls if PAGENUM_RX.match(ln.text)]
            return max(cand, key=lambda ln: ln.baseline) if cand else None

        pnl = [pagenum_line(ls) for ls in lines]
        body_lines = [
            [ln for ln in ls if ln is not pnl[i] and abs(ln.size - body_size) <= 0.6]
            for i, ls in enumerate(lines)
        ]
        full = list(range(1, n - 1)) if n >= 3 else list(range(n))

        # edges
        starts = Counter(round(ln.x0 * 2) / 2 for ls in body_lines for ln in ls)
        ends = Counter(round(ln.x1 * 2) / 2 for ls in body_lines for ln in ls)
        left = starts.most_common(1)[0][0] if starts else None
        right = ends.most_common(1)[0][0] if ends else None
        tops = [body_lines[i][0].top for i in full if body_lines[i]]
        tops_mm = [t * PT_MM for t in tops]
        top_mm = statistics.median(tops_mm) if tops_mm else None
        left_mm = left * PT_MM if left is not None else None
        pitches = []
        for i in full:
            bl = body_lines[i]
            pitches += [
                b.baseline - a.baseline
                for a, b in itertools.pairwise(bl)
                if b.baseline - a.baseline < 2.5 * body_size
            ]
        pitch = statistics.median(pitches) if pitches else None
        # Two readings of the block's top edge: the first line's em box (the standard's own
        # geometry: 22 lines of 3号 with 7/8-em gaps fill 225 mm) or the top of its line box
        # if the glyph sits centred in the line pitch (Word's grid model).
        box_mm = top_mm - (pitch - body_size) / 2 * PT_MM if top_mm is not None and pitch else None
        t_em, t_box = within(top_mm, GB["top"], GB["tol"]), within(box_mm, GB["top"], GB["tol"])
        R["margin_top"] = Result(
            ok(t_em or t_box),
            f"{fmt(top_mm)} mm to the first line's em box, {fmt(box_mm)} mm to its centred line box"
            f"{' (met as line box)' if t_box and not t_em else ''}; pages "
            f"{', '.join(str(i + 1) for i in full if body_lines[i])}",
        )
        R["margin_left"] = Result(
            ok(within(left_mm, GB["left"], GB["tol"])), f"{fmt(left_mm)} mm (start of flush lines)"
        )
        spans = []
        for i in full:
            bl = body_lines[i]
            if len(bl) >= 5:
                spans.append((bl[-1].bottom - bl[0].top) * PT_MM)
        width_mm = (right - left) * PT_MM if left is not None and right is not None else None
        span_mm = max(spans) if spans else None
        R["text_block"] = Result(
            ok(
                within(width_mm, GB["block_w"], 1)
                and span_mm is not None
                and GB["block_h"] - 6 <= span_mm <= GB["block_h"] + 3
            ),
            f"{fmt(width_mm)} mm wide (flush start to most common line end); fullest page's lines "
            f"span {fmt(span_mm)} mm",
        )
        R["doc_grid"] = Result("n/a", "a DOCX setting")

        counts = [len(body_lines[i]) for i in full]
        maxl = max(counts) if counts else None
        R["lines_per_page"] = Result(
            ok(maxl == GB["lines"]),
            f"{maxl} (pages {', '.join(f'{i + 1}: {len(body_lines[i])}' for i in full)}; pitch "
            f"{fmt(pitch, 2)} pt)",
        )
        full_lines = []
        for ls in body_lines:
            for ln in ls:
                if (
                    left is not None
                    and right is not None
                    and abs(ln.x0 - left) <= 1
                    and abs(ln.x1 - right) <= 1.5
                ):
                    full_lines.append(ln)
        pure = [
            ln
            for ln in full_lines
            if all(
                abs(c["width"] - ln.size) <= 1.2 or c["text"] in "，。、；：？！“”‘’（）《》—…"
                for c in ln.chars
            )
            and all(ord(c["text"]) > 0x2E80 or c["text"] in "“”‘’—…" for c in ln.chars)
        ]
        cc = Counter(len(ln.chars) for ln in pure)
        if cc:
            nchars = cc.most_common(1)[0][0]
            how = f"{len(pure)} all-Han full lines"
        elif width_mm:
            nchars = int(width_mm / (body_size * PT_MM) + 1e-6)
            how = "estimated: block width / body size"
        else:
            nchars, how = None, "?"
        R["chars_per_line"] = Result(ok(nchars == GB["chars"]), f"{nchars} ({how})")

        bf = Counter()
        for ls in body_lines:
            for ln in ls:
                for c in ln.chars:
                    if ord(c["text"]) > 0x2E80:
                        bf[c["fontname"]] += 1
        bfont = bf.most_common(1)[0][0] if bf else None
        bfc = font_class(bfont)
        R["body_font"] = Result(
            ok(bfc == "fangsong" and within(body_size, GB["body_pt"], 0.2)),
            f"{bfont} ({CLASS_ZH.get(bfc, bfc)}), {body_size:g} pt",
        )

        # paragraphs: a line starting right of the flush edge begins a paragraph
        ind_lines = [
            ln
            for ls in body_lines
            for ln in ls
            if left is not None
            and 0.5 * body_size < ln.x0 - left <= 4.2 * body_size
            and not re.match(r"^\s*(抄送|印发)", ln.text)
        ]
        ind_c = Counter(round((ln.x0 - left) / body_size, 1) for ln in ind_lines)
        two = sum(v for k, v in ind_c.items() if abs(k - 2) <= 0.15)
        R["body_indent"] = Result(
            ok(ind_lines and two >= 0.75 * len(ind_lines)),
            f"{two}/{len(ind_lines)} indented lines start 2 characters in"
            + (
                " (others: "
                + ", ".join(f"{k:g}×{v}" for k, v in ind_c.most_common() if abs(k - 2) > 0.15)[:60]
                + ")"
                if two < len(ind_lines)
                else ""
            ),
        )

        p1 = lines[0] if lines else []
        rules1 = rules[0] if rules else []
        issuer = [ln for ln in p1 if ln.red]
        big = [ln for ln in p1 if not ln.red and ln.size >= 18]
        L = left if left is not None else GB["left"] / PT_MM
        Rt = right if right is not None else GB["right_edge"] / PT_MM

        def blank_lines(a, b):
            """Empty lines between line a and line b below it: the glyph gap less one normal
            inter-line gap, in line pitches (空一行 = 1)."""
            if not pitch:
                return None
            return (b.top - a.bottom - (pitch - body_size)) / pitch

        def centred(ln):
            return abs((ln.x0 - L) - (Rt - ln.x1)) <= 1.0 / PT_MM

        if big:
            tsize = max(ln.size for ln in big)
            tl = [ln for ln in big if ln.size == tsize]
            tfc = font_class(tl[0].font)
            cen = all(centred(ln) for ln in tl)
            R["title"] = Result(
                ok(within(tsize, GB["title_pt"], 0.2) and cen and tfc == "xiaobiaosong"),
                f"{tl[0].font} ({CLASS_ZH.get(tfc, tfc)}), {tsize:g} pt, {len(tl)} lines, "
                + (
                    "centred"
                    if cen
                    else "off centre by "
                    + fmt(max(abs((ln.x0 - L) - (Rt - ln.x1)) for ln in tl) * PT_MM)
                    + " mm"
                ),
            )
            title_bottom = max(ln.baseline for ln in tl)
        else:
            R["title"] = Result("absent", "no line of 18 pt or more on page 1")
            tl, title_bottom = [], None

        if issuer:
            ln = issuer[0]
            ifc = font_class(ln.font)
            drop = ln.top * PT_MM - GB["top"]
            R["issuer"] = Result(
                ok(
                    centred(ln)
                    and ifc == "xiaobiaosong"
                    and within(ln.top * PT_MM, GB["top"] + GB["issuer_drop"], 2)
                ),
                f"“{ln.text.strip()}” red, {ln.font} ({CLASS_ZH.get(ifc, ifc)}), {ln.size:g} pt, "
                f"{'centred' if centred(ln) else 'not centred'}, top {ln.top * PT_MM:.1f} mm "
                f"({drop:.1f} below the block top)",
            )
        else:
            R["issuer"] = Result("absent", "no red text on page 1")

        dn = [
            ln
            for ln in p1
            if DOCNUM_ANY.search(ln.text) and (title_bottom is None or ln.baseline < title_bottom)
        ]
        signer = [ln for ln in p1 if "签发人" in ln.text]
        red_rules = [r for r in rules1 if is_red_color(r[4])]
        if dn:
            ln = dn[0]
            m = DOCNUM_ANY.search(ln.text)
            good = (
                m.group(1) == "〔"
                and m.group(3) == "〕"
                and not m.group(4)
                and not m.group(5).startswith("0")
            )
            pos = centred(ln) if not signer else abs(ln.x0 - L - body_size) <= 2
            gap_lines = blank_lines(issuer[-1], ln) if issuer else None
            gap_ok = gap_lines is None or within(gap_lines, 2, 0.5)
            R["doc_number"] = Result(
                ok(good and pos and gap_ok),
                f"“{ln.text.strip()}”, brackets {m.group(1)}{m.group(3)}, "
                f"{'centred' if centred(ln) else 'x ' + fmt(ln.x0 * PT_MM) + ' mm'}"
                + (
                    f", {gap_lines:.1f} blank lines under the issuer (GB: 2)"
                    if gap_lines is not None
                    else ""
                ),
            )
        else:
            R["doc_number"] = Result("absent", "no 〔YYYY〕N号 line above the title")
        R["signer"] = (
            Result(ok(abs(Rt - signer[0].x1 - body_size) <= 2), f"“{signer[0].text.strip()}”")
            if signer
            else Result("n/a", "none (downward document)")
        )
        if red_rules:
            r = red_rules[0]
            wmm = (r[1] - r[0]) * PT_MM
            gap = (r[2] - dn[0].bottom) * PT_MM if dn else None
            R["red_line"] = Result(
                ok(
                    within(wmm, GB["block_w"], 1)
                    and (gap is None or within(gap, GB["redline_gap"], 1.5))
                ),
                f"{wmm:.1f} mm wide, {r[3]:.2f} pt, at {r[2] * PT_MM:.1f} mm"
                + (f", {gap:.1f} mm under the 发文字号" if gap is not None else ""),
            )
        else:
            R["red_line"] = Result("absent", "no red rule on page 1")

        # headings: lines that start a paragraph with a marker
        para_starts = []
        for ls in body_lines:
            for ln in ls:
                para_starts.append(ln)
        att_line = None
        for ls in lines:
            for ln in ls:
                if re.match(r"^\s*附件[：:]", ln.text) and abs(ln.size - body_size) <= 0.6:
                    att_line = att_line or ln
        for lv in (1, 2, 3, 4):
            want = {1: "hei", 2: "kai", 3: "fangsong", 4: "fangsong"}[lv]
            hs = [
                ln
                for ln in para_starts
                if HEADING_RX[lv].match(ln.text.strip())
                and (
                    att_line is None or (ln.page, ln.baseline) < (att_line.page, att_line.baseline)
                )
                and not DATE_ARABIC.match(ln.text)
            ]
            if not hs:
                R[f"heading_{lv}"] = Result("absent", "no line starts with this marker")
                continue
            fonts = Counter()
            good = 0
            for ln in hs:
                # the marker's face: its first Han character (一 of 一、, or the heading's first
                # word after 1．), since an inline heading switches face after its first sentence
                han = [c for c in ln.chars if "\u4e00" <= c["text"] <= "\u9fff"]
                f0 = (han[0] if han else ln.chars[0])["fontname"]
                cls = font_class(f0)
                fonts[f"{f0.split('+', 1)[-1]} ({CLASS_ZH.get(cls, cls)})"] += 1
                good += cls == want
            R[f"heading_{lv}"] = Result(
                ok(good == len(hs)),
                f"{len(hs)} lines: " + ", ".join(f"{k} ×{v}" for k, v in fonts.most_common()),
            )

        # 主送
        if tl:
            after = [ln for ln in p1 if ln.baseline > title_bottom + 1]
            rc = after[0] if after and after[0].text.strip().endswith(("：", ":")) else None
            if rc:
                g = blank_lines(tl[-1], rc)
                R["recipient"] = Result(
                    ok(
                        abs(rc.x0 - L) <= 1
                        and rc.text.strip().endswith("：")
                        and (g is None or within(g, 1, 0.35))
                    ),
                    f"“{rc.text.strip()[:24]}”, starts {(rc.x0 - L) * PT_MM:.1f} mm from the "
                    "flush edge, "
                    f"{fmt(g)} blank lines under the title (GB: 1)",
                )
            else:
                R["recipient"] = Result("absent", "the line after the title does not end with ：")
        else:
            R["recipient"] = Result("absent", "no title")

        # 附件说明
        flat = [ln for ls in lines for ln in ls if ln is not pnl[ln.page - 1]]
        if att_line is not None:
            idx = flat.index(att_line)
            prev = flat[idx - 1] if idx > 0 else None
            gap = blank_lines(prev, att_line) if prev and prev.page == att_line.page else None
            ind = (att_line.x0 - L) / body_size
            names = re.sub(r"^\s*附件[：:]\s*", "", att_line.text.strip())
            issues = []
            if not within(ind, 2, 0.2):
                issues.append(f"{ind:.1f} characters in")
            nums = re.findall(r"(?:^|[、，,\s])(\d+)[．.]", names)
            if len(nums) > 1:
                issues.append("several attachments on one line")
            nxt = flat[idx + 1] if idx + 1 < len(flat) else None
            numbered = nxt is not None and re.match(r"^\s*\d+[．.]", nxt.text)
            if numbered and nxt.page != att_line.page:
                issues.append(f"names split across pages {att_line.page}–{nxt.page}")
            if (
                nxt is not None
                and re.match(r"^\s*\d+[．.]", nxt.text)
                and att_line.page == nxt.page
            ):
                first_num = next((c for c in att_line.chars if c["text"].isdigit()), None)
                if first_num and abs(nxt.x0 - first_num["x0"]) > 1:
                    issues.append(
                        f"2nd name {abs(nxt.x0 - first_num['x0']) * PT_MM:.1f} mm off the 1st"
                    )
            if re.search(r"[。；;，,、]$", names):
                issues.append("end punctuation")
            if gap is not None and not within(gap, 1, 0.35):
                issues.append("not one blank line under the body")
            R["attachments"] = Result(
                ok(not issues),
                f"“{att_line.text.strip()[:30]}”, {ind:.1f} characters in"
                + (f", {gap:.1f} blank lines above" if gap is not None else "")
                + (f"; {'; '.join(issues)}" if issues else ""),
            )
        else:
            R["attachments"] = Result("absent", "no 附件： line")

        # date, signature, note
        dl = [ln for ln in flat if (DATE_ARABIC.match(ln.text) or DATE_CHINESE.match(ln.text))]
        if dl:
            d0 = dl[0]
            R["date"] = Result(ok(bool(DATE_ARABIC.match(d0.text))), f"“{d0.text.strip()}”")
            i = flat.index(d0)
            sig = flat[i - 1] if i > 0 else None
            sz = d0.size
            d_right = (Rt - d0.x1) / sz
            if sig is not None and em_width(sig.text.strip()) < 20:
                s_right = (Rt - sig.x1) / sz
                dc, sc = (d0.x0 + d0.x1) / 2, (sig.x0 + sig.x1) / 2
                sealed = within(d_right, 4, 0.5) and abs(dc - sc) <= 0.5 * sz
                unsealed = within(s_right, 2, 0.5) and (
                    abs((d0.x0 - sig.x0) / sz - 2) <= 0.5
                    or (d0.x1 - d0.x0 > sig.x1 - sig.x0 and within(d_right, 2, 0.5))
                )
                how = (
                    "fits both layouts"
                    if sealed and unsealed
                    else "sealed layout"
                    if sealed
                    else "unsealed layout"
                    if unsealed
                    else "neither layout"
                )
                split = sig.page != d0.page
                R["signature"] = Result(
                    ok((sealed or unsealed) and not split),
                    f"署名 right space {s_right:.1f}, date right space {d_right:.1f} characters, "
                    f"date starts {(d0.x0 - sig.x0) / sz:+.1f} from 署名 ({how})"
                    + (f"; 署名 on page {sig.page}, date on page {d0.page}" if split else ""),
                )
            else:
                R["signature"] = Result(
                    "not met", f"date right space {d_right:.1f} characters; no 署名 line above it"
                )
            nx = flat[i + 1] if i + 1 < len(flat) else None
            if nx is not None and re.match(r"^\s*[（(].*[）)]\s*$", nx.text):
                ni = (nx.x0 - L) / nx.size
                R["note"] = Result(
                    ok(within(ni, 2, 0.2) and nx.page == d0.page),
                    f"“{nx.text.strip()[:20]}…”, {ni:.1f} characters in",
                )
            else:
                R["note"] = Result("absent", "no (附注) line under the date")
        else:
            for k in ("date", "signature", "note"):
                R[k] = Result("absent", "no 成文日期 line")

        # 版记 on the last page
        last = lines[-1] if lines else []
        cc = [ln for ln in last if re.match(r"^\s*抄送[：:]", ln.text)]
        pr = [ln for ln in last if re.search(r"印发\s*$", ln.text)]
        anywhere = [
            ln
            for ln in flat
            if re.match(r"^\s*抄送[：:]", ln.text) or re.search(r"印发\s*$", ln.text)
        ]
        if cc or pr:
            els = cc + pr
            top_y = min(ln.top for ln in els) - 2.5 * body_size
            bot_y = max(ln.bottom for ln in els) + 2.5 * body_size
            rl = [r for r in rules[-1] if top_y <= r[2] <= bot_y and not is_red_color(r[4])]
            issues = []
            sizes_ = sorted({ln.size for ln in els})
            if not all(within(s, GB["colophon_pt"], 0.2) for s in sizes_):
                issues.append(f"{'/'.join(f'{s:g}' for s in sizes_)} pt")
            if len(rl) < 3:
                issues.append(f"{len(rl)} rules")
            last_rule = max(rl, key=lambda r: r[2]) if rl else None
            lr_mm = last_rule[2] * PT_MM if last_rule else None
            if lr_mm is not None and not within(lr_mm, GB["bottom_edge"], 1.5):
                issues.append(f"last rule at {lr_mm:.1f} mm, block bottom {GB['bottom_edge']:.0f}")
            if n % 2:
                issues.append(f"last page {n} is odd")
            if not cc:
                issues.append("no 抄送")
            if not pr:
                issues.append("no 印发")
            widths = ", ".join(f"{r[3] * PT_MM:.2f}" for r in rl)
            R["colophon"] = Result(
                ok(not issues),
                f"page {n} of {n}: 抄送 {'yes' if cc else 'no'}, 印发 {'yes' if pr else 'no'}, "
                f"{len(rl)} rules ({widths or '-'} mm thick), "
                f"{'/'.join(f'{s:g}' for s in sizes_)} pt"
                + (f"; {'; '.join(issues)}" if issues else ""),
            )
        elif anywhere:
            R["colophon"] = Result(
                "not met", f"抄送/印发 on page {anywhere[0].page}, not on the last page {n}"
            )
        else:
            R["colophon"] = Result("absent", "no 抄送 / 印发 lines")

        # page numbers
        found = [(i + 1, pnl[i]) for i in range(n) if pnl[i] is not None]
        if not found:
            for k in ("pagenum_text", "pagenum_font", "pagenum_position"):
                R[k] = Result("absent", "no page-number line")
        else:
            texts = Counter(re.sub(r"\d+", "N", ln.text.strip()) for _p, ln in found)
            dashes = {c["text"] for _p, ln in found for c in ln.chars if not c["text"].isdigit()}
            numbers_ok = all(PAGENUM_RX.match(ln.text).group(2) == str(p) for p, ln in found)
            t_ok = dashes == {"—"} and all(
                PAGENUM_RX.match(ln.text).group(1) and PAGENUM_RX.match(ln.text).group(3)
                for _p, ln in found
            )
            R["pagenum_text"] = Result(
                ok(t_ok and numbers_ok and len(found) >= n - 1),
                f"{' / '.join(f'“{k}”' for k in texts)} on {len(found)} of {n} pages; dash "
                + ", ".join(sorted(f"U+{ord(c):04X}" for c in dashes)),
            )
            fz = Counter(round(c["size"], 1) for _p, ln in found for c in ln.chars)
            ff = Counter(c["fontname"] for _p, ln in found for c in ln.chars if c["text"].isdigit())
            pf = ff.most_common(1)[0][0] if ff else None
            pfc = font_class(pf)
            pz = fz.most_common(1)[0][0]
            R["pagenum_font"] = Result(
                ok(pfc == "song" and within(pz, GB["pagenum_pt"], 0.2)),
                f"{pf} ({CLASS_ZH.get(pfc, pfc)}), {pz:g} pt",
            )
            parts, good = [], 0
            for p, ln in found:
                page = pages[p - 1]
                y = dash_ink_y(page, ln)
                ymm = y * PT_MM if y is not None else None
                if p % 2:
                    sp = (GB["right_edge"] / PT_MM - ln.x1) * PT_MM
                    side_ok = 3.9 <= sp <= 6.8
                    where = f"right, {sp:.1f} mm in"
                else:
                    sp = (ln.x0 - GB["left"] / PT_MM) * PT_MM
                    side_ok = 3.9 <= sp <= 6.8
                    where = f"left, {sp:.1f} mm in"
                gap = ymm - GB["bottom_edge"] if ymm is not None else None
                v_ok = gap is not None and within(gap, GB["pagenum_gap"], 1.5)
                good += side_ok and v_ok
                own = body_lines[p - 1]
                under = (
                    f", {(y - own[-1].bottom) * PT_MM:.1f} under the page's last line"
                    if own and y is not None
                    else ""
                )
                parts.append(f"p{p} {where}, dash at {fmt(ymm)} mm = {fmt(gap)} below 262{under}")
            R["pagenum_position"] = Result(
                ok(good == len(found)), "; ".join(parts[:4]) + ("; …" if len(parts) > 4 else "")
            )
    return {
        "kind": "pdf",
        "path": path,
        "results": R,
        "fonts": pdffonts(path),
        "body_size": body_size,
    }


# ---------------------------------------------------------------------------------------------
# rendering, report
# ---------------------------------------------------------------------------------------------

FANGSONG_NAMES = [
    "仿宋_GB2312",
    "仿宋",
    "FangSong",
    "FangSong_GB2312",
    "方正仿宋_GBK",
    "方正仿宋简体",
    "STFangsong",
    "华文仿宋",
]
ALIASES = [
    # Debian has no Simplified 仿宋 face: cwTeX 仿宋 (fonts-cwtex-fs) lacks many Simplified
    # characters (会, 议, 协 …), which then fall back to another face of other metrics, and
    # LibreOffice's character grid gives those two cells. Noto Serif CJK SC keeps the layout
    # true; --fangsong picks another face.
    ("Noto Serif CJK SC", FANGSONG_NAMES),
    (
        "LXGW WenKai",
        [
            "楷体_GB2312",
            "楷体",
            "KaiTi",
            "KaiTi_GB2312",
            "方正楷体_GBK",
            "方正楷体简体",
            "STKaiti",
            "华文楷体",
        ],
    ),
    ("Noto Sans CJK SC", ["黑体", "SimHei", "方正黑体_GBK", "方正黑体简体", "STHeiti", "华文黑体"]),
    (
        "Noto Serif CJK SC",
        [
            "宋体",
            "SimSun",
            "NSimSun",
            "方正小标宋简体",
            "方正小标宋_GBK",
            "小标宋",
            "华文中宋",
            "STZhongsong",
        ],
    ),
]


def fontconfig_file(tmp: Path, fangsong: str | None = None) -> Path:
    """A fontconfig file that maps the 公文 font names to free faces installed from Debian."""
    rules = []
    aliases = [((fangsong or f), n) if n is FANGSONG_NAMES else (f, n) for f, n in ALIASES]
    for face, names in aliases:
        for nm in names:
            rules.append(
                f'<match target="pattern"><test name="family"><string>{nm}</string></test>'
                '<edit name="family" mode="assign" '
                f'binding="strong"><string>{face}</string></edit></match>'
            )
    conf = tmp / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        + "".join(rules)
        + "</fontconfig>",
        encoding="utf-8",
    )
    return conf


def render(docx_path: str, outdir: str, aliases: bool, fangsong: str | None = None) -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("--render needs LibreOffice (soffice)")
    tmp = Path(tempfile.mkdtemp(prefix="gbt9704-"))
    env = dict(os.environ, HOME=str(tmp))
    if aliases:
        env["FONTCONFIG_FILE"] = str(fontconfig_file(tmp, fangsong))
    Path(outdir).mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            outdir,
            docx_path,
        ],
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    shutil.rmtree(tmp, ignore_errors=True)
    pdf = Path(outdir) / (Path(docx_path).stem + ".pdf")
    if not pdf.exists():
        raise SystemExit(f"LibreOffice wrote no {pdf}")
    return str(pdf)


MARK = {"met": "met", "not met": "NOT MET", "absent": "absent", "n/a": "n/a", "unknown": "?"}


def cell(r: Result | None) -> str:
    if r is None:
        return ""
    return f"**{MARK[r.status]}**: {r.value}".replace("|", "\\|")


def report(measures: list, title: str) -> tuple[str, dict]:
    cols = [m for m in measures]
    head = (
        "| # | point | GB/T 9704-2012 | "
        + " | ".join(f"{m['kind'].upper()} `{Path(m['path']).name}`" for m in cols)
        + " |"
    )
    sep = "|---|---|---|" + "---|" * len(cols)
    rows = [f"## {title}", "", head, sep]
    summary = {"tool": "bench/gbt9704.py", "inputs": [], "points": {}}
    for k, (pid, name, req) in enumerate(REQ, 1):
        rows.append(
            f"| {k} | {name} | {req} | "
            + " | ".join(cell(m["results"].get(pid)) for m in cols)
            + " |"
        )
        summary["points"][pid] = {"point": name, "requirement": req}
        for m in cols:
            r = m["results"].get(pid)
            if r is not None:
                summary["points"][pid][m["kind"]] = {"status": r.status, "value": r.value}
    for m in cols:
        c = Counter(r.status for r in m["results"].values())
        summary["inputs"].append(
            {
                "kind": m["kind"],
                "path": m["path"],
                "counts": dict(c),
                **({"pdffonts": m.get("fonts")} if m["kind"] == "pdf" else {}),
            }
        )
        rows.append("")
        rows.append(
            f"{m['kind'].upper()} `{m['path']}`: "
            + ", ".join(f"{v} {k}" for k, v in sorted(c.items()))
        )
        if m.get("fonts"):
            rows.append(f"pdffonts: {', '.join(m['fonts'])}")
    return "\n".join(rows) + "\n", summary


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", help="a .docx and/or a .pdf")
    ap.add_argument(
        "--render",
        action="store_true",
        help="convert the DOCX to PDF with LibreOffice and measure that PDF too",
    )
    ap.add_argument(
        "--render-dir",
        default=None,
        help="where --render writes the PDF (default: a temporary folder)",
    )
    ap.add_argument(
        "--font-aliases",
        action="store_true",
        help="with --render: map 仿宋_GB2312/楷体_GB2312/黑体/方正小标宋简体/宋体 to the free "
        "faces Noto Serif CJK SC (仿宋, 宋), LXGW WenKai (楷), Noto Sans CJK SC (黑)",
    )
    ap.add_argument(
        "--fangsong",
        default=None,
        help="with --font-aliases: the face for 仿宋 (e.g. cwTeXFangSong)",
    )
    ap.add_argument("--md", default=None, help="write the Markdown table here (default: stdout)")
    ap.add_argument("--json", default=None, help="write the JSON summary here ('-' for stdout)")
    ap.add_argument("--title", default=None, help="heading of the Markdown table")
    ap.add_argument(
        "--strict", action="store_true", help="exit 1 when any point is not met or absent"
    )
    a = ap.parse_args(argv)

    docxs = [p for p in a.inputs if p.lower().endswith(".docx")]
    pdfs = [p for p in a.inputs if p.lower().endswith(".pdf")]
    if len(docxs) + len(pdfs) != len(a.inputs):
        ap.error("inputs must be .docx or .pdf")
    measures = [measure_docx(p) for p in docxs]
    if a.render:
        outdir = a.render_dir or tempfile.mkdtemp(prefix="gbt9704-pdf-")
        for p in docxs:
            pdfs.append(render(p, outdir, a.font_aliases, a.fangsong))
    measures += [measure_pdf(p) for p in pdfs]
    md, summary = report(
        measures, a.title or "GB/T 9704-2012: " + ", ".join(Path(p).name for p in a.inputs)
    )
    summary["font_aliases"] = bool(a.render and a.font_aliases)
    if a.md:
        Path(a.md).write_text(md, encoding="utf-8")
    elif a.json != "-":
        sys.stdout.write(md)
    if a.json:
        js = json.dumps(summary, ensure_ascii=False, indent=2)
        if a.json == "-":
            print(js)
        else:
            Path(a.json).write_text(js + "\n", encoding="utf-8")
    if a.strict and any(
        r.status in ("not met", "absent") for m in measures for r in m["results"].values()
    ):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
