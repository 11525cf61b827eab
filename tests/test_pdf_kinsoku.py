"""Kinsoku (禁则) judged on the rendered pages: the characters at the edges of every visual
line (characters grouped by baseline, not pdftotext's lines), in every edition.

The prohibited characters are a table written here (after clreq and GB/T 15834), not the
breaker's own. A line may begin or end with anything where the document itself begins or
ends a block or has a forced line break (pdf_corpus.forced_edges).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cppcc_convert.model import Document, Meta, Paragraph, Table, Text
from pdf_corpus import (
    EDITIONS,
    SIZES,
    code_text,
    comparable,
    corpus_files,
    forced_edges,
    rendered,
)
from pdf_helpers import page_chars, render, visual_lines, word_lines

NOT_AT_START = frozenset("，。、；：？！”’》）」』〕】〗〙〛｝］〉…·％‰,.;:?!)]}%")
NOT_AT_END = frozenset("“‘《（「『〔【〖〘〚｛［〈([{")
DOUBLED = frozenset("—…")


def _violations(lines: list[tuple[str, float]], doc: Document) -> list[str]:
    """(text, x0) of visual lines in order -> the lines whose edges break the rules."""
    starts, ends = forced_edges(doc)
    code = code_text(doc)
    out: list[str] = []
    for n, (raw, x0) in enumerate(lines):
        text = comparable(raw)
        if not text or (code and text in code):
            continue
        if text[0] in NOT_AT_START and not any(text.startswith(s) for s in starts):
            out.append(f"starts with {text[0]!r}: {text[:30]!r}")
        if text[-1] in NOT_AT_END and not any(text.endswith(e) for e in ends):
            out.append(f"ends with {text[-1]!r}: {text[-30:]!r}")
        if n + 1 < len(lines) and text[-1] in DOUBLED:
            nxt, nx0 = lines[n + 1]
            nxt = comparable(nxt)
            if nxt[:1] == text[-1] and abs(nx0 - x0) < 60 and text[-2:-1] != text[-1]:
                out.append(f"{text[-1] * 2!r} split: {text[-20:]!r} / {nxt[:20]!r}")
    return out


def _plumbed(path: Path) -> list[tuple[str, float]]:
    return [(ln.text, ln.x0) for ln in visual_lines(page_chars(path))]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("edition", EDITIONS)
def test_sample_line_edges(edition: str, size: str) -> None:
    r = rendered("sample", edition, size)
    lines = _plumbed(r.path)
    assert len(lines) > 100
    assert _violations(lines, r.doc) == []


PLUMBED = (
    "statutes/beijing-tcm-regulation.md",
    "official/state-council-fie-tax-notice-1994.md",
    "news/xwlb-20250601.md",
    "readme-html/doocs-md.README.md",
)


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("name", PLUMBED)
def test_corpus_line_edges_by_glyph_position(name: str, edition: str) -> None:
    r = rendered(name, edition)
    assert _violations(_plumbed(r.path), r.doc) == []


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("name", corpus_files())
def test_corpus_line_edges_by_word_boxes(name: str, edition: str) -> None:
    """Every corpus document (book-length ones cut, see pdf_corpus), grouped by baseline from
    pdftotext's word boxes: faster than pdfplumber, as independent of our breaker."""
    r = rendered(name, edition)
    lines = [(ln.text, ln.x0) for ln in word_lines(r.path)]
    assert _violations(lines, r.doc) == []


# ------------------------------------------------------------------ regressions


def test_an_opening_mark_and_a_space_never_end_a_line(tmp_path: Path) -> None:
    """The breaker allowed any break after a space: “ followed by a space ended lines."""
    paras = tuple(
        Paragraph((Text("政" * k + "说“ Hello world ”是一句问候。"),)) for k in range(28, 46)
    )
    path, _ = render(Document(Meta(title="引号"), paras), tmp_path)
    lines = _plumbed(path)
    ends = [t for t, _ in lines if t.rstrip()[-1:] in NOT_AT_END]
    assert ends == []
    # and the cases were there to be had: some line ends just before the “ ... Hello
    assert any(t.endswith("说") or t.endswith("政") for t, _ in lines)


def test_a_closing_mark_is_never_alone_in_a_narrow_cell(tmp_path: Path) -> None:
    """The cut of an unbreakable run longer than a cell left a lone ） on a line."""
    cells = tuple((Text("说明（注释）"),) for _ in range(18))
    doc = Document(Meta(title="窄表"), (Table(cells, (cells, cells)),))
    path, _ = render(doc, tmp_path)
    lines = _plumbed(path)
    assert len(lines) > 18 * 3  # the cells did wrap
    starts = [t for t, _ in lines if t[:1] in NOT_AT_START]
    assert starts == []
    assert "）" not in [t for t, _ in lines]
