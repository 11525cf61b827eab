"""Typography fixes found by reading the outputs as an editor would: headlines break between
their clauses, upright digits only for real two-digit numbers, one byline, no wide web lines."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import cppcc_convert
from cppcc_convert.options import Options
from cppcc_convert.text import headline_lines
from cppcc_convert.writers import WriteContext, get_writer

HEADLINE = "以“政协之为”服务“发展之要” 在产业强区主战略中勇挑大梁"


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        (HEADLINE, ["以“政协之为”服务“发展之要”", "在产业强区主战略中勇挑大梁"]),
        ("富阳政协工作简报", ["富阳政协工作简报"]),
        ("Hello world", ["Hello world"]),
        ("政协 CPPCC 报告", ["政协 CPPCC 报告"]),  # Latin beside the space: not a clause gap
        ("引题\u3000主题", ["引题", "主题"]),
        ("", []),
    ],
)
def test_headline_lines(title: str, lines: list[str]) -> None:
    assert headline_lines(title) == lines


def _render(fmt: str, text: str, **options: object) -> bytes:
    doc = cppcc_convert.parse(text)
    return get_writer(fmt)(doc, WriteContext(options=Options(**options)))  # type: ignore[arg-type]


def test_headline_breaks_between_clauses_in_every_format(tmp_path: Path) -> None:
    text = f"# {HEADLINE}\n\n正文。\n"
    html = _render("html", text).decode()
    assert "以“政协之为”服务“发展之要”<br/>在产业强区主战略中勇挑大梁</h1>" in html
    import io
    import zipfile

    docx = zipfile.ZipFile(io.BytesIO(_render("docx", text))).read("word/document.xml").decode()
    assert "服务“发展之要”</w:t></w:r><w:r><w:br/></w:r>" in docx
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(_render("pdf", text))
    out = subprocess.run(["pdftotext", "-layout", "-l", "1", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    lines = [line.strip() for line in out.splitlines() if line.strip()]
    assert lines[:2] == ["以“政协之为”服务“发展之要”", "在产业强区主战略中勇挑大梁"]


def test_vertical_upright_digits_only_for_two_digit_numbers() -> None:
    html = _render("html", "# 标题\n\n投资46.1亿元，第12届，9:30开会，共62页。\n", vertical=True)
    body = html.decode()
    assert "46.1亿元" in body and "9:30" in body
    assert '第<span class="tcy">12</span>届' in body
    assert '共<span class="tcy">62</span>页' in body


def test_one_byline_and_a_readable_web_measure() -> None:
    text = (
        "---\ntitle: 简报\nauthors:\n  - {name: 吴璇, role: 记者}\n"
        "  - {name: 张三, role: 通讯员}\n---\n\n正文。\n"
    )
    html = _render("html", text).decode()
    assert html.count('<p class="author">') == 1
    assert "max-width: 38em" in html
    assert "max-width: 38em" not in _render("html", text, vertical=True).decode()


def test_compressed_marks_are_drawn_half_an_em_apart(tmp_path: Path) -> None:
    import re

    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(_render("pdf", "# 标题\n\n发挥“智慧库”“资源池”的作用。\n"))
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]+)<', xml)
    line = next(w for w in words if "智慧库" in w[2])
    # 16 characters at 11 pt, justified or not, one of them halved: 15.5 em wide at most
    assert "”“" in line[2]
    width = float(line[1]) - float(line[0])
    assert width < 15.75 * 11, width
