"""The DOCX opens and lays out in LibreOffice: text, CJK faces, first-line indent, page
numbers, read back from the PDF LibreOffice makes of it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cppcc_convert.model import Document, block_texts
from docx_helpers import squash, write_docx

pytestmark = pytest.mark.slow

SOFFICE = shutil.which("soffice")


def _run(*args: str | Path, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, check=False, env=env, timeout=180
    )
    assert proc.returncode == 0, f"{args[0]} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def sample_pdf(sample_doc: Document, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: cannot check the DOCX renders")
    tmp = tmp_path_factory.mktemp("lo")
    src = tmp / "sample.docx"
    src.write_bytes(write_docx(sample_doc)[0])
    home = tmp / "home"  # LibreOffice needs a writable profile folder
    home.mkdir()
    env = {**os.environ, "HOME": str(home)}
    _run(SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", tmp, src, env=env)
    pdf = tmp / "sample.pdf"
    assert pdf.exists(), "LibreOffice wrote no PDF"
    return pdf


def _lines(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """(xMin, yMin, text) of each text line on a page, in points."""
    xml = _run("pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), pdf, "-")
    out = []
    for line in re.findall(r"<line (.*?)</line>", xml, re.S):
        x, y = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)"', line).groups()  # type: ignore[union-attr]
        out.append((float(x), float(y), "".join(re.findall(r">([^<]+)</word>", line))))
    return out


def test_every_block_is_in_the_pdf(sample_pdf: Path, sample_doc: Document) -> None:
    # A4 is 842 pt tall; the footer sits below 780 pt: read the text block only
    text = squash(
        _run("pdftotext", "-x", "0", "-y", "0", "-W", "595", "-H", "780", sample_pdf, "-")
    )
    meta = sample_doc.meta
    for block in [meta.title, *(a.name for a in meta.authors), *block_texts(sample_doc.blocks)]:
        assert squash(block) in text, block[:40]


def test_cjk_faces_substituted_as_intended(sample_pdf: Path) -> None:
    fonts = _run("pdffonts", sample_pdf)
    # SimSun (body) is a serif, SimHei (headings) a sans: LibreOffice substitutes Noto CJK
    assert re.search(r"NotoSerifCJK\w*-Regular", fonts), fonts
    assert re.search(r"NotoSansCJK\w*-(Regular|Bold)", fonts), fonts
    assert "Bold" in fonts  # headings and title are bold


def test_first_line_indent_and_page_number(sample_pdf: Path) -> None:
    lines = _lines(sample_pdf, 1)
    first = next(i for i, (_, _, t) in enumerate(lines) if t.startswith("富阳经济社会"))
    indent = lines[first][0] - lines[first + 1][0]
    assert 22 <= indent <= 26, indent  # two 12 pt characters
    footer = [t for x, y, t in lines if y > 780]
    assert footer == ["—1—"]  # "— 1 —", as Chinese documents number pages
    xml = _run("pdftotext", "-bbox-layout", "-f", "1", "-l", "1", sample_pdf, "-")
    box = [b for b in re.findall(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"', xml)
           if float(b[1]) > 780]  # fmt: skip
    assert abs((float(box[0][0]) + float(box[0][2])) / 2 - 595 / 2) < 10  # centred
