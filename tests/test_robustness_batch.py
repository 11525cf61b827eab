"""Failure safety: a writer failing on one document (an injected crash mid-render, or a
ConvertError) leaves no output, partial or temporary, for it, and the other documents of the
batch are converted as if nothing had happened."""

from __future__ import annotations

from pathlib import Path

import pytest

import cppcc_convert
from cppcc_convert.model import Paragraph, inline_text
from cppcc_convert.writers import pdf_story

FORMATS = ("json", "docx", "pdf", "epub", "html")
EDITIONS = ("zh-Hans", "zh-TW")


@pytest.fixture
def batch(tmp_path: Path) -> list[Path]:
    src = tmp_path / "in"
    src.mkdir()
    docs = []
    for name, body in (("a", "第一篇。"), ("b", "第二篇，含引爆词：炸。"), ("c", "第三篇。")):
        path = src / f"{name}.md"
        path.write_text(f"# 标题{name}\n\n{body}\n\n## 小节\n\n更多文字。\n", encoding="utf-8")
        docs.append(path)
    return docs


def _files(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}


def _expected(stem: str) -> set[str]:
    from cppcc_convert.editions import output_name
    from cppcc_convert.writers import EXTENSIONS

    return {output_name(stem, e, EXTENSIONS[f]) for f in FORMATS for e in EDITIONS}


def test_crash_inside_the_pdf_writer_spoils_only_its_document(
    batch: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_block = pdf_story.Story.block

    def exploding_block(self, block, nest):  # type: ignore[no-untyped-def]
        if isinstance(block, Paragraph) and "炸" in inline_text(block.inlines):
            raise RuntimeError("injected failure in the PDF story")
        return real_block(self, block, nest)

    monkeypatch.setattr(pdf_story.Story, "block", exploding_block)
    out = tmp_path / "out"
    result = cppcc_convert.convert(batch, outdir=out, formats=FORMATS, editions=EDITIONS)
    a, b, c = result.inputs
    assert a.ok and c.ok and not b.ok
    assert "internal error: RuntimeError: injected failure" in (b.error or "")
    assert b.traceback and "exploding_block" in b.traceback
    assert b.outputs == []
    # JSON and DOCX of b were rendered before its PDF failed: none of them was written
    assert _files(out) == _expected("a") | _expected("c")
    assert not [p for p in out.rglob(".*") if p.is_file()]  # no temporary files left
    for r in (a, c):
        assert {o.path.name for o in r.outputs} == _expected(Path(r.source).stem)
        for o in r.outputs:
            assert o.path.read_bytes() and o.size == o.path.stat().st_size


def test_convert_error_in_a_writer_keeps_earlier_outputs_untouched(
    batch: list[Path], tmp_path: Path
) -> None:
    """A document the PDF writer refuses (too many columns) fails alone, with a clear
    message; an earlier run's outputs for it are neither replaced nor half-replaced."""
    out = tmp_path / "out"
    first = cppcc_convert.convert(batch, outdir=out, formats=FORMATS, editions=EDITIONS)
    assert first.ok
    before = {p: p.read_bytes() for p in out.iterdir() if p.name.startswith("b")}
    wide = "|" + "列|" * 300 + "\n|" + "-|" * 300 + "\n|" + "1|" * 300 + "\n"
    batch[1].write_text("# 新标题\n\n新正文。\n\n" + wide, encoding="utf-8")
    second = cppcc_convert.convert(batch, outdir=out, formats=FORMATS, editions=EDITIONS)
    a, b, c = second.inputs
    assert a.ok and c.ok and not b.ok
    assert "300 columns is too wide for the PDF page" in (b.error or "")
    assert "internal error" not in (b.error or "")  # a ConvertError, not a crash
    assert {p: p.read_bytes() for p in out.iterdir() if p.name.startswith("b")} == before
    assert _files(out) == _expected("a") | _expected("b") | _expected("c")


def test_failure_while_renaming_leaves_no_partial_set(batch: list[Path], tmp_path: Path) -> None:
    """A target that cannot be replaced (a folder where a file should go) fails the document
    before any of its files is renamed into place."""
    out = tmp_path / "out"
    (out / "b.html").mkdir(parents=True)
    result = cppcc_convert.convert(batch, outdir=out, formats=("json", "html"))
    a, b, c = result.inputs
    assert a.ok and c.ok and not b.ok
    assert "it is a folder" in (b.error or "") and "internal error" not in (b.error or "")
    assert not (out / "b.json").exists()
    assert not [p for p in out.rglob(".*") if p.is_file()]
