"""The official DOCX as LibreOffice lays it out: measured in its PDF, by our own reading of the
glyph boxes here and by bench/gbt9704.py (a GB/T 9704 measuring tool that imports nothing of
cppcc_convert). The 公文 font names are mapped to the bundled stand-ins by a fontconfig file,
as an office without the Founder/Windows faces would see the document.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest

import cppcc_convert

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SOFFICE = shutil.which("soffice")
MM = 72 / 25.4

STAND_INS = {
    "仿宋_GB2312": "Cppcc Official FangSong",
    "楷体_GB2312": "Cppcc Official Kai",
    "黑体": "Noto Sans CJK SC Medium",
    "方正小标宋简体": "Noto Serif CJK SC",  # bold: there is no free 小标宋
    "宋体": "Noto Serif CJK SC",
}


def fontconfig(tmp: Path) -> Path:
    rules = "".join(
        f'<match target="pattern"><test name="family"><string>{name}</string></test>'
        f'<edit name="family" mode="assign" binding="strong"><string>{face}</string></edit>'
        + (
            '<edit name="weight" mode="assign" binding="strong"><const>bold</const></edit>'
            if name == "方正小标宋简体"
            else ""
        )
        + "</match>"
        for name, face in STAND_INS.items()
    )
    conf = tmp / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{ROOT / "fonts"}</dir>'
        f"{rules}</fontconfig>",
        encoding="utf-8",
    )
    return conf


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    tmp = tmp_path_factory.mktemp("official")
    doc = cppcc_convert.load(ROOT / "samples" / "official-notice.md")
    src = tmp / "notice.docx"
    src.write_bytes(cppcc_convert.render(doc, "docx"))
    env = {**os.environ, "HOME": str(tmp), "FONTCONFIG_FILE": str(fontconfig(tmp))}
    subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp}/lo", "--convert-to", "pdf",
         "--outdir", str(tmp), str(src)],
        env=env, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return tmp / "notice.pdf"


def lines(page: object) -> list[list[dict[str, object]]]:
    """Characters of a page grouped by baseline (body-size text only)."""
    rows: dict[float, list[dict[str, object]]] = {}
    for ch in page.chars:  # type: ignore[attr-defined]
        if ch["text"].strip():
            rows.setdefault(round(ch["bottom"], 0), []).append(ch)
    return [sorted(r, key=lambda c: c["x0"]) for _, r in sorted(rows.items())]


def test_pages_measure_to_the_standard(rendered: Path) -> None:
    import pdfplumber

    with pdfplumber.open(rendered) as pdf:
        assert len(pdf.pages) >= 4
        for page in pdf.pages:
            assert round(page.width / MM) == 210 and round(page.height / MM) == 297
        # a full body page: 22 lines in the block, 28 characters on a full line
        page = pdf.pages[1]
        body = [r for r in lines(page) if r[0]["size"] > 15 and r[0]["top"] < 262 * MM]
        assert len(body) == 22
        pitches = [b[0]["bottom"] - a[0]["bottom"] for a, b in pairwise(body)]
        # 10.2 mm a line (glyph boxes differ by face: each gap within a millimetre)
        assert abs((body[-1][0]["bottom"] - body[0][0]["bottom"]) / 21 / MM - 225 / 22) < 0.05
        assert all(abs(p / MM - 225 / 22) < 1.0 for p in pitches)
        flush = Counter(round(r[0]["x0"] / MM) for r in body)
        assert set(flush) == {28, 39}  # flush at 28 mm; first lines 2 characters (11.1 mm) in
        assert min(round(r[0]["x0"] / MM) for r in body) == 28
        # a full line (flush left, reaching the right edge) holds 28 characters inside the
        # block; a full stop may hang past the edge (LibreOffice and Word allow it)
        full = [r for r in body if round(r[0]["x0"] / MM) == 28 and r[-1]["x1"] / MM > 182]
        assert len(full) >= 5
        for row in full:
            inside = [c for c in row if c["x1"] / MM <= 184.5]
            digits = any(c["text"].isdigit() for c in row)  # half-width: more fit
            assert len(inside) == 28 or (digits and len(inside) > 28), row
        # the first line of a page without 版头 sits at the top of the block (37 mm)
        assert abs(body[0][0]["top"] / MM - 37) < 3.5
        # page numbers: odd pages right, even pages left, one 4号 character in
        for n, page in enumerate(pdf.pages[:4], 1):
            number = [c for c in page.chars if c["top"] > 262 * MM and c["text"].strip()]
            text = "".join(c["text"] for c in sorted(number, key=lambda c: c["x0"]))
            assert text == f"—{n}—", text
            if n % 2:
                assert abs((210 - 26) - number[-1]["x1"] / MM - 4.9) < 1.0
            else:
                assert abs(number[0]["x0"] / MM - 28 - 4.9) < 1.0


def test_the_faces_are_the_stand_ins(rendered: Path) -> None:
    fonts = subprocess.run(["pdffonts", str(rendered)], capture_output=True, text=True, check=True)
    for face in ("CppccOfficialFangSong", "CppccOfficialKai", "NotoSansCJKsc-Medium",
                 "NotoSerifCJKsc-Bold"):  # fmt: skip
        assert face in fonts.stdout, face


# Points LibreOffice's rendering meets, measured by the tool. Not here, and why
# (docs/official.md): the title and issuer points need a 小标宋 face (none is free: the
# stand-in is Noto Serif CJK Bold, a 宋体); LibreOffice 7.4 drops the blank page an even-page
# section break makes, so the 版记 page is labelled 6 as page 5 and the page-number points and
# the 版记's "even page" fail in its PDF (Word keeps the blank page); and the 署名's centre over
# the date depends on the digits' width in the face (0.55 em off with the stand-in).
MET_IN_LIBREOFFICE = (
    "page_size", "margin_top", "margin_left", "text_block", "lines_per_page", "chars_per_line",
    "body_font", "body_indent", "heading_1", "heading_2", "heading_3", "heading_4", "red_line",
    "doc_number", "recipient", "attachments", "date", "note", "pagenum_font",
)  # fmt: skip


def test_the_measuring_tool_agrees(rendered: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.json"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "gbt9704.py"), str(rendered), "--json", str(out)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    points = json.loads(out.read_text(encoding="utf-8"))["points"]
    missed = {
        k: points[k]["pdf"] for k in MET_IN_LIBREOFFICE if points[k]["pdf"]["status"] != "met"
    }
    assert not missed, missed


def test_the_docx_meets_every_point(tmp_path: Path) -> None:
    doc = cppcc_convert.load(ROOT / "samples" / "official-notice.md")
    src = tmp_path / "notice.docx"
    src.write_bytes(cppcc_convert.render(doc, "docx"))
    out = tmp_path / "m.json"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "gbt9704.py"), str(src), "--json", str(out)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    points = json.loads(out.read_text(encoding="utf-8"))["points"]
    statuses = {k: v["docx"]["status"] for k, v in points.items()}
    assert statuses.pop("signer") == "n/a"  # a downward document has no 签发人
    assert set(statuses.values()) == {"met"}, statuses
