"""Limits: input size, nesting depth and table size give a clear ConvertError instead of
exhausting memory or the stack; pathological inputs fail clearly or convert in time; the
x100 sample stays far inside every limit."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

import cppcc_convert
from cppcc_convert import ConvertError, Options, parse
from cppcc_convert.errors import ErrorKind
from cppcc_convert.model import Block, ListBlock, Quote, Table, document_text
from cppcc_convert.options import DEFAULT_MAX_INPUT_BYTES
from robustness_support import docx_text, html_text, pdf_check, render_all, squash

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "fuyang-cppcc.md"


def depth(blocks: tuple[Block, ...]) -> int:
    """How deep quotes and lists nest."""
    best = 0
    for b in blocks:
        if isinstance(b, Quote):
            best = max(best, 1 + depth(b.blocks))
        elif isinstance(b, ListBlock):
            best = max(best, 1 + max((depth(i) for i in b.items), default=0))
    return best


def cells(blocks: tuple[Block, ...]) -> int:
    """The most cells in one table."""
    best = 0
    for b in blocks:
        if isinstance(b, Table):
            best = max(best, len(b.header) + sum(len(r) for r in b.rows))
        elif isinstance(b, Quote):
            best = max(best, cells(b.blocks))
        elif isinstance(b, ListBlock):
            best = max(best, *(cells(i) for i in b.items), 0)
    return best


# ------------------------------------------------------------------ input size


def test_default_input_limit_is_50_mb() -> None:
    assert Options().max_input_bytes == DEFAULT_MAX_INPUT_BYTES == 50 * 1024 * 1024


def test_parse_refuses_text_over_the_limit() -> None:
    with pytest.raises(ConvertError, match="larger than 1000 bytes"):
        parse("# 题\n\n" + "字" * 400, options=Options(max_input_bytes=1000))
    assert parse("# 题\n\n" + "字" * 300, options=Options(max_input_bytes=1000))


def test_load_refuses_a_file_over_the_limit_before_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(b"# t\n\n" + b"a" * 5000)
    with pytest.raises(ConvertError) as info:
        cppcc_convert.load(big, options=Options(max_input_bytes=4096))
    assert info.value.kind is ErrorKind.INPUT and "over the limit of 4096" in str(info.value)


def test_cli_max_input_size(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# 题\n\n" + "字" * 2000 + "\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "cppcc_convert", "a.md", "--to", "json", "-o", "out"]
    small = subprocess.run(
        [*cmd, "--max-input-size", "1000"], cwd=tmp_path, capture_output=True, text=True
    )
    assert small.returncode == 1 and "over the limit of 1000" in small.stderr
    assert "Traceback" not in small.stderr and not (tmp_path / "out" / "a.json").exists()
    ok = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr


# ------------------------------------------------------------------ nesting and tables


@pytest.mark.parametrize("marker", ["> ", "- "])
def test_nesting_limit(marker: str) -> None:
    def nested(n: int) -> str:
        if marker == "> ":
            return "# t\n\n" + "> " * n + "深处。\n"
        return (
            "# t\n\n"
            + "".join("  " * i + "- 项\n" for i in range(n - 1))
            + "  " * (n - 1)
            + "- 深处。\n"
        )

    doc = parse(nested(64))
    assert depth(doc.blocks) == 64 and "深处。" in document_text(doc)  # nothing cut off
    with pytest.raises(ConvertError, match="nesting deeper than 64 levels"):
        parse(nested(65))
    with pytest.raises(ConvertError, match="deeper than 5"):
        parse(nested(6), options=Options(max_nesting=5))


def test_deep_nesting_within_the_limit_renders_everywhere() -> None:
    doc = parse("# t\n\n" + "> " * 30 + "- " * 30 + "深处的文字。\n")
    assert depth(doc.blocks) == 60
    formats = ("json", "docx", "pdf", "epub", "html")
    r = render_all(doc, None, formats=formats, editions=("zh-Hans",))
    assert squash("深处的文字。") in squash(html_text(r.outputs[("html", "zh-Hans")]))


def test_table_cell_limit() -> None:
    row = "|" + "x|" * 100
    table = "\n".join([row, "|" + "-|" * 100, *([row] * 10)])
    with pytest.raises(ConvertError, match="more than 1000 cells"):
        parse("# t\n\n" + table + "\n", options=Options(max_table_cells=1000))
    assert cells(parse("# t\n\n" + table + "\n").blocks) == 1100


def test_sample_times_100_is_far_inside_the_limits() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    head, body = text.split("\n", 1)
    big = head + "\n" + body * 100
    options = Options()
    assert len(big.encode()) * 20 < options.max_input_bytes  # 1.1 MB of 50 MB
    start = time.perf_counter()
    doc = parse(big)
    assert time.perf_counter() - start < 60
    assert depth(doc.blocks) * 8 < options.max_nesting
    assert cells(doc.blocks) * 100 < options.max_table_cells
    assert len(document_text(doc)) > 100 * 2000


# ------------------------------------------------------------------ pathological inputs


def _clear(exc: ConvertError) -> None:
    assert exc.message and "\n" not in str(exc) and "Recursion" not in str(exc)


PATHOLOGICAL = {
    "100k >": "# t\n\n" + ">" * 100_000 + " x\n",
    "100k - ": "# t\n\n" + "- " * 100_000 + "x\n",
    "100k 1. ": "# t\n\n" + "1. " * 50_000 + "x\n",
    "5000 indented -": "# t\n\n" + "".join("  " * i + "- x\n" for i in range(5000)),
    "100k *": "# t\n\n" + "*" * 100_000 + "x" + "*" * 100_000,
    "50k [": "# t\n\n" + "[" * 50_000 + "x" + "](u)" * 50_000,
    "100k `": "# t\n\n" + "`" * 100_000,
    "yaml alias bomb": "---\na: &a [x,x,x,x,x,x,x,x,x,x]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]\n"
        for i in range(8)
    )
    + "---\n\n正文\n",
    "yaml self-reference": "---\na: &a [*a]\n---\n\n正文\n",
    "yaml deep": "---\na: " + "[" * 5000 + "]" * 5000 + "\n---\n\n正文\n",
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_input_is_a_clear_error_or_parses_quickly(name: str) -> None:
    start = time.perf_counter()
    try:
        doc = parse(PATHOLOGICAL[name])
    except ConvertError as exc:
        _clear(exc)
    else:
        assert document_text(doc)
    assert time.perf_counter() - start < 30, name


def test_5_mb_single_line() -> None:
    line = "长" * (5 * 1024 * 1024 // 3)
    start = time.perf_counter()
    doc = parse("# t\n\n" + line)
    r = render_all(doc, None, formats=("json", "html", "epub"), editions=("zh-Hans",))
    assert squash(html_text(r.outputs[("html", "zh-Hans")])).count("长") == len(line)
    assert time.perf_counter() - start < 120


def test_5_mb_single_line_docx_pdf(tmp_path: Path) -> None:
    """The PDF writer used to break a long paragraph again for every page (quadratic)."""
    doc = parse("# t\n\n" + "长" * (5 * 1024 * 1024 // 3))
    start = time.perf_counter()
    r = render_all(doc, None, formats=("docx", "pdf"), editions=("zh-Hans",))
    assert time.perf_counter() - start < 60
    path = pdf_check(r.outputs[("pdf", "zh-Hans")], tmp_path)
    pages = subprocess.run(["qpdf", "--show-npages", str(path)], capture_output=True, text=True)
    assert int(pages.stdout) > 1000
    assert squash(docx_text(r.outputs[("docx", "zh-Hans")])).count("长") == 5 * 1024 * 1024 // 3


def test_10k_column_table() -> None:
    n = 10_000
    text = "# t\n\n|" + "a|" * n + "\n|" + "-|" * n + "\n|" + "1|" * n + "\n"
    doc = parse(text)
    r = render_all(doc, None, formats=("json", "html", "epub"), editions=("zh-Hans",))
    assert squash(html_text(r.outputs[("html", "zh-Hans")])) == "t" + "a" * n + "1" * n
    with pytest.raises(ConvertError, match="10000 columns is too wide for the PDF page"):
        render_all(doc, None, formats=("pdf",), editions=("zh-Hans",))


def test_pdf_tables_that_fit_convert() -> None:
    """One long cell among many columns, a cell longer than a page, a table 30 quotes deep."""
    long_cell = "|" + "列|" * 11 + "\n|" + "-|" * 11 + "\n|" + "长" * 2000 + "|" + "数|" * 10 + "\n"
    tall = "| a |\n|---|\n| " + "长" * 3000 + " |\n"
    deep = "> " * 30 + "| a | b |\n" + "> " * 30 + "|---|---|\n" + "> " * 30 + "| 1 | 2 |\n"
    for body in (long_cell, tall, deep):
        doc = parse("# t\n\n" + body)
        r = render_all(doc, None, formats=("pdf",), editions=("zh-Hans",))
        assert r.outputs[("pdf", "zh-Hans")].startswith(b"%PDF")
