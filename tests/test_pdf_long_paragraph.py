"""One huge paragraph in the PDF writer (issue 19): laying it out costs a bounded number of
bytes per character, the compact path it takes (arrays of machine numbers instead of lists
of objects, one shared Look per distinct look) gives the same lines and the same bytes, and
its runs are not scanned again for every page."""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Iterator, Sequence

import pytest

import cppcc_convert
import cppcc_convert.writers.pdf_linebreak as linebreak
import cppcc_convert.writers.pdf_setting as setting
import cppcc_convert.writers.pdf_text as pdf_text
import cppcc_convert.writers.pdf_text_builder as builder
from cppcc_convert.locale import resolve
from cppcc_convert.model import Document
from cppcc_convert.options import Options
from cppcc_convert.writers import WriteContext
from cppcc_convert.writers.pdf_flowables import TextFlow
from cppcc_convert.writers.pdf_fonts import font_set
from cppcc_convert.writers.pdf_linebreak import prefix_sums
from cppcc_convert.writers.pdf_lines import Line
from cppcc_convert.writers.pdf_story import Nest, Story


def _emphasis(nodes: int) -> str:
    """One paragraph of ``nodes`` emphasis nodes (``*…*`` and ``**…**`` in turn)."""
    marks = ("*", "**")
    body = "".join(f"富阳政协{marks[i % 2]}聚焦产业{marks[i % 2]}，" for i in range(nodes))
    return f"# 标题\n\n{body}共谋发展。\n"


def _flows(doc: Document) -> list[TextFlow]:
    fonts = font_set(resolve(doc.meta.lang), Options())
    story = Story(doc, fonts, WriteContext.for_document(doc), 11.0, (418.0, 700.0))
    return [f for f in story.blocks(doc.blocks, Nest()) if isinstance(f, TextFlow)]


def _set_array_from(monkeypatch: pytest.MonkeyPatch, value: int) -> None:
    for module in (linebreak, pdf_text, builder):
        monkeypatch.setattr(module, "ARRAY_FROM", value)


# -------------------------------------------------------------------- memory per character

NODES = 10_000  # 90,000 characters: past ARRAY_FROM
# Measured: ~27 bytes a character (the widths list, the prefix sums, text, runs, lines);
# 87 with a float object per prefix sum and a Look and an int object per run.
BYTES_PER_CHAR = 32


def test_laying_out_a_huge_paragraph_costs_bounded_bytes_per_character() -> None:
    doc = cppcc_convert.parse(_emphasis(NODES))
    _flows(cppcc_convert.parse(_emphasis(10)))  # fonts and caches warmed up
    gc.collect()
    tracemalloc.start()
    try:
        flows = _flows(doc)
        lines = flows[-1].lines(418.0)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    chars = len(flows[-1].rich.text)
    assert chars > linebreak.ARRAY_FROM
    assert len(lines) > chars // 40  # the whole paragraph was broken
    assert peak / chars < BYTES_PER_CHAR, f"{peak / chars:.1f} bytes a character"


def test_runs_of_equal_looks_share_one_object() -> None:
    rich = _flows(cppcc_convert.parse(_emphasis(300)))[-1].rich
    assert len(rich.looks) >= 600  # plain and emphasised runs alternate
    assert len({id(look) for look in rich.looks}) == len(set(rich.looks)) == 3  # plain, em, strong


# -------------------------------------------------------------- the compact path is the same


def _sums(widths: list[float]) -> list[float]:
    out, total = [0.0], 0.0
    for w in widths:
        total += w
        out.append(total)
    return out


@pytest.mark.parametrize("n", [0, 1, 5, linebreak.ARRAY_FROM - 1, linebreak.ARRAY_FROM + 7])
def test_prefix_sums_are_the_left_to_right_sums(n: int) -> None:
    widths = [(i * 7919 % 1000) / 97 + 0.1 for i in range(n)]
    pre = prefix_sums(widths)
    assert type(pre).__name__ == ("list" if n < linebreak.ARRAY_FROM else "array")
    assert list(pre) == _sums(widths)  # the same doubles, bit for bit


def _mixed(n: int) -> str:
    return "".join(
        f"政协委员Zhang San在{2000 + i % 30}年提交了`code{i}`和[链接](https://e.org/{i})，“建议”……"
        for i in range(n)
    )


@pytest.fixture(params=["emphasis", "mixed", "official"])
def long_doc(request: pytest.FixtureRequest) -> Iterator[tuple[str, Options]]:
    if request.param == "emphasis":
        yield _emphasis(800), Options()
    elif request.param == "mixed":
        yield f"# 混排\n\n{_mixed(150)}\n\n> {_mixed(60)}\n\n- {_mixed(40)}\n", Options()
    else:  # tracking: a new width per character
        body = f"{_mixed(75)}\\\n{_mixed(75)}"  # with a hard break: a newline, not tracked
        yield f"---\ntitle: 通知\n---\n\n各委员：\n\n{body}\n", Options(preset="official")


def test_lines_with_arrays_are_the_lines_with_lists(
    monkeypatch: pytest.MonkeyPatch, long_doc: tuple[str, Options]
) -> None:
    text, options = long_doc
    doc = cppcc_convert.parse(text, options=options)

    def all_lines() -> list[list[Line]]:
        return [list(f.lines(418.0)) for f in _flows(doc)]  # a long text's: a LineTable

    _set_array_from(monkeypatch, 1 << 30)
    lists = all_lines()
    _set_array_from(monkeypatch, 0)
    arrays = all_lines()
    assert arrays == lists
    assert sum(map(len, lists)) > 20


def test_pdf_with_arrays_is_the_pdf_with_lists(
    monkeypatch: pytest.MonkeyPatch, long_doc: tuple[str, Options]
) -> None:
    text, options = long_doc
    doc = cppcc_convert.parse(text, options=options)
    _set_array_from(monkeypatch, 1 << 30)
    with_lists = cppcc_convert.render(doc, "pdf", options=options)
    _set_array_from(monkeypatch, 0)
    calls: list[str] = []
    real = linebreak.prefix_sums

    def spy(widths: Sequence[float]) -> Sequence[float]:
        out = real(widths)
        calls.append(type(out).__name__)
        return out

    monkeypatch.setattr(linebreak, "prefix_sums", spy)
    with_arrays = cppcc_convert.render(doc, "pdf", options=options)
    assert calls and set(calls) == {"array"}  # the compact path was taken
    assert with_arrays == with_lists


def test_runs_are_checked_once_for_a_paragraph_on_many_pages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[int] = []
    real = setting.text_only

    def counting(looks: list[pdf_text.Look]) -> bool:
        seen.append(len(looks))
        return real(looks)

    monkeypatch.setattr(setting, "text_only", counting)
    cppcc_convert.render(cppcc_convert.parse(_emphasis(3_000)), "pdf")  # about 20 pages
    assert max(seen) >= 6_000  # the long paragraph's runs...
    assert seen.count(max(seen)) == 1  # ...checked once, not once per page
