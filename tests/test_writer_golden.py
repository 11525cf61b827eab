"""Writer golden files (pandoc's style): each model dump under tests/golden/models/, written in
each format, must give exactly the normalised files under tests/golden/writers/ (see
tests/writer_golden.py). On a mismatch the test prints a unified diff; when the change is
intended, ``python tests/regen_writer_golden.py`` rewrites the files for review in git."""

from __future__ import annotations

import re
import typing

import pytest

from cppcc_convert import model
from cppcc_convert.model import Document, Figure, Heading, Link, ListBlock, Paragraph, Table
from cppcc_convert.walk import block_inlines, iter_blocks, iter_inlines
from writer_golden import (
    ALL_FORMATS,
    CASES,
    MODEL_SOURCES,
    MODELS,
    REGEN,
    WRITERS,
    Case,
    expected,
    load_model,
    render,
    unified_diff,
)

MAX_DIFF_LINES = 3000


@pytest.mark.parametrize(
    ("case", "fmt"),
    [(c, f) for c in CASES for f in ALL_FORMATS],
    ids=[f"{c.name}-{f}" for c in CASES for f in ALL_FORMATS],
)
def test_writer_output_matches_golden(case: Case, fmt: str) -> None:
    want = expected(case, fmt)
    assert want, f"no golden files for {case.name}/{fmt}: run `{REGEN}`"
    got = render(case, fmt)
    if got != want:
        diff = unified_diff(want, got, f"tests/golden/writers/{case.name}/{fmt}").splitlines()
        if len(diff) > MAX_DIFF_LINES:
            diff = [*diff[:MAX_DIFF_LINES], f"... {len(diff) - MAX_DIFF_LINES} more lines"]
        pytest.fail(
            f"{fmt} output of {case.name} differs from its golden files; if the change is "
            f"intended, run `{REGEN}` and review `git diff tests/golden/writers`:\n"
            + "\n".join(diff),
            pytrace=False,
        )


def test_no_stray_golden_folders() -> None:
    names = {c.name for c in CASES}
    assert {p.name for p in WRITERS.iterdir() if p.is_dir()} == names
    for case in CASES:
        assert {p.name for p in (WRITERS / case.name).iterdir()} == set(ALL_FORMATS)


@pytest.mark.parametrize("name", sorted(MODEL_SOURCES))
def test_model_dumps_are_current_json(name: str) -> None:
    text = (MODELS / f"{name}.json").read_text(encoding="utf-8")
    assert Document.from_json(text).to_json() == text  # schema version and key order


# ------------------------------------------------------------------ what the models exercise


def _node_types(doc: Document) -> set[str]:
    seen: set[str] = set()
    for block in iter_blocks(doc.blocks):
        seen.add(type(block).__name__)
        for inlines in block_inlines(block):
            seen.update(type(n).__name__ for n in iter_inlines(inlines))
        if isinstance(block, Figure) and block.image is not None:
            seen.add("InlineImage")
    return seen


def test_nodes_model_has_every_node_type() -> None:
    every = {t.__name__ for t in typing.get_args(model.Block) + typing.get_args(model.Inline)}
    assert every - _node_types(load_model("nodes")) == set()


def test_nodes_model_has_every_variant() -> None:
    doc = load_model("nodes")
    blocks = list(iter_blocks(doc.blocks))
    links = [
        n.url
        for b in blocks
        for inlines in block_inlines(b)
        for n in iter_inlines(inlines)
        if isinstance(n, Link)
    ]
    assert links == [
        "https://www.example.org/%E6%94%BF%E5%8D%8F?q=1&r=2",  # live
        "mailto:someone@example.org",  # live
        "#top",  # an anchor
        "#第二章-表格",  # a heading
        "#nowhere",  # no such target: text
        "javascript:alert(1)",  # unsafe: text
        "//evil.example/x",  # protocol-relative: text
        "docs/guide.md",  # relative: text
    ]
    aligns = {b.align for b in blocks if isinstance(b, Paragraph)}
    assert aligns == {None, "center", "right", "left"}
    figures = {(f.image is not None, bool(f.caption)) for f in blocks if isinstance(f, Figure)}
    assert figures == {(True, True), (True, False), (False, True)}
    assert any(isinstance(f, Figure) and f.image and "missing" in f.image.src for f in blocks)
    assert "ch1" in {b.id for b in blocks if isinstance(b, Heading)}  # an explicit {#id}
    lists = [b for b in blocks if isinstance(b, ListBlock)]
    assert {(b.ordered, b.tight) for b in lists} >= {(True, True), (False, True), (False, False)}
    assert any(b.start != 1 for b in lists)
    tables = [b for b in blocks if isinstance(b, Table)]
    assert any(set(t.align) >= {"left", "center", "right", None} for t in tables)
    assert any(len({len(r) for r in t.rows}) > 1 for t in tables)  # ragged rows
    assert all(len(t.rows) >= 2 for t in tables)


# ------------------------------------------------------------------ what the PDF lines show

# Written out (GB/T 15834 and JIS X 4051's rules as the PDF writer applies them), not taken
# from pdf_linebreak: the marks that may not begin a line, and those that may not end one.
NO_LINE_START = "，。、；：？！”’》）」』】〕…"
NO_LINE_END = "“‘《（「『【〔"
_SUMMARY_LINE = re.compile(r"^\s+\d+\s+\d+ (.*)$")
_RUN = re.compile(r"\[F\d+ [\d.]+\]")


def _pdf_lines(summary: str) -> list[str]:
    return [_RUN.sub("", m.group(1)) for m in map(_SUMMARY_LINE.match, summary.splitlines()) if m]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rendered_pdf_lines_keep_kinsoku(case: Case) -> None:
    """Measured on the rendered pages: whatever the golden files say, no line starts with a
    closing mark or ends with an opening one (the nodes case has a ” that falls at a break)."""
    lines = _pdf_lines(render(case, "pdf")["summary.txt"])
    assert len(lines) > 10
    assert [t for t in lines if t[:1] in NO_LINE_START] == []
    assert [t for t in lines if t[-1:] in NO_LINE_END] == []
