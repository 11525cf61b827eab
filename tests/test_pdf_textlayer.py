"""The text layer is the text: what pdfplumber (pdfminer.six) and pdftotext read out of every
PDF we make is the model's text, in order, and a visual line comes out as one line.

Oracles are written here or in pdf_corpus.py from the model (what each block prints), never
from the writer. Both extractors are read in content-stream order (pdfplumber's characters,
``pdftotext -raw``) page by page, so a table's header row repeated on a new page is allowed
where it belongs; the sample is also read in pdftotext's own (geometric) reading order.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cppcc_convert.model import Document, Meta, Paragraph, Text
from pdf_corpus import (
    EDITIONS,
    corpus_files,
    match_pages,
    printed_text,
    rendered,
    table_headers,
)
from pdf_helpers import (
    body_text,
    page_chars,
    pdfminer_pages,
    pdftotext_line_split,
    render,
    run,
    squash,
    stream_text,
)

# Small enough for pdfplumber (about 10,000 characters a second) in every edition.
PLUMBED = (
    "sample",
    "statutes/price-marking-rule.md",
    "official/wage-payment-notice-1994.md",
    "news/xwlb-20220924.md",
    "readme-html/doocs-md.README.md",
    "traditional/hongloumeng-ch01-04.big5.txt",
)
ALL = ("sample", *corpus_files())
# Text that is read out of order today, one writer defect each: strict, so that a fix shows
# up as XPASS and the mark must go.
ORDER_XFAIL = {
    "readme-html/basicts.README_CN.md": (
        "PDF table: a short row (three lines of the all-contributors table) is split at the "
        "page foot, so the rest of each cell ('Chengqing Yu 💻') is read after the whole row "
        "on the next page"
    ),
}
ALL_CASES = [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=ORDER_XFAIL[n]))
    if n in ORDER_XFAIL
    else n
    for n in ALL
]


def _raw_pages(path: Path) -> list[str]:
    text = run("pdftotext", "-raw", path, "-")
    pages = text.split("\f")[:-1]
    # the page number, "— n —", is the last line of each page in stream order... or the
    # first: the footer is drawn before the page's text. Drop it wherever it is.
    out = []
    for page in pages:
        lines = [ln for ln in page.splitlines() if not _is_folio(ln)]
        out.append(squash("".join(lines)))
    return out


def _is_folio(line: str) -> bool:
    s = squash(line)
    return s.startswith("—") and s.endswith("—") and s[1:-1].isdigit()


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("name", ALL_CASES)
def test_pdftotext_reads_the_models_text(name: str, edition: str) -> None:
    r = rendered(name, edition)
    problem = match_pages(_raw_pages(r.path), printed_text(r.doc), table_headers(r.doc))
    assert problem == "", f"{name} {edition}: {problem}"


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("name", PLUMBED)
def test_pdfplumber_reads_the_models_text(name: str, edition: str) -> None:
    r = rendered(name, edition)
    pages = stream_text(page_chars(r.path))
    problem = match_pages(pages, printed_text(r.doc), table_headers(r.doc))
    assert problem == "", f"{name} {edition}: {problem}"


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("name", ALL_CASES)
def test_pdfminer_reads_the_models_text(name: str, edition: str) -> None:
    """Every PDF, read by pdfminer.six's own interpreter (not poppler)."""
    r = rendered(name, edition)
    problem = match_pages(pdfminer_pages(r.path), printed_text(r.doc), table_headers(r.doc))
    assert problem == "", f"{name} {edition}: {problem}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_sample_in_pdftotext_reading_order(edition: str) -> None:
    r = rendered("sample", edition)
    assert squash(body_text(r.path)) == printed_text(r.doc)


def test_no_private_use_code_points_come_out() -> None:
    """The half-width punctuation variants copy out as their marks."""
    for edition in EDITIONS:
        r = rendered("sample", edition)
        for text in (run("pdftotext", r.path, "-"), "".join(stream_text(page_chars(r.path)))):
            assert not any(0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000 for c in text)


# ------------------------------------------------------------------ outside the BMP

# Extension B-F characters the bundled fonts have (the 通用规范汉字表 and HKSCS): reportlab's
# own ToUnicode wrote them as five hex digits, read back as other characters.
NON_BMP = "𫫇𠀾𬌗𫖯𫟅𬭚𨚕𡎚𪟝𬒗𡃁"


def test_non_bmp_characters_come_out_right(tmp_path: Path) -> None:
    doc = Document(
        Meta(title="非基本平面"),
        (Paragraph((Text(f"人名用字：{NON_BMP}。"),)), Paragraph((Text(f"**{NON_BMP}**"),))),
    )
    path, ctx = render(doc, tmp_path)
    assert [d for d in ctx.diagnostics if d.code == "font-missing"] == []
    assert NON_BMP in squash(run("pdftotext", path, "-"))
    assert NON_BMP in "".join(stream_text(page_chars(path)))
    assert NON_BMP in squash(run("pdftotext", "-raw", path, "-"))


# ------------------------------------------------------------------ one visual line, one line

LINE_TARGET = 0.995


@pytest.mark.parametrize("edition", EDITIONS)
def test_visual_lines_are_one_pdftotext_line_on_the_corpus(edition: str) -> None:
    total = whole = 0
    worst: list[str] = []
    for name in ALL:
        n, ok, bad = pdftotext_line_split(rendered(name, edition).path)
        total, whole = total + n, whole + ok
        worst += [f"{name}: {b}" for b in bad[:3]]
    assert total > 5000
    assert whole / total >= LINE_TARGET, (whole, total, worst[:20])


@pytest.mark.parametrize("size", ["A4", "A5", "Letter"])
def test_every_visual_line_of_the_sample_is_one_line(size: str) -> None:
    for edition in EDITIONS:
        n, ok, bad = pdftotext_line_split(rendered("sample", edition, size).path)
        assert n > 100
        assert ok == n, (edition, bad)
